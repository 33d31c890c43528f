//! `report.html`, the published document: self-contained, accessible in its markup, safe
//! with any text, the board's narrative in its chapters, and printing to A4 in a real browser.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{copy_tree, fixtures, lscb_in};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The committed sample's document (kept current by the report tests' `--check`).
fn sample_html() -> String {
    std::fs::read_to_string(root().join("examples/report-2014-15/report.html")).unwrap()
}

/// The texts of the `<h2>` headings, in order.
fn chapter_headings(html: &str) -> Vec<String> {
    html.split("<h2")
        .skip(1)
        .filter_map(|part| {
            let text = part.split_once('>')?.1.split_once("</h2>")?.0;
            Some(text.to_string())
        })
        .collect()
}

#[test]
fn the_document_makes_no_request_and_its_markup_is_accessible() {
    let html = sample_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    for forbidden in [
        " src=", "<link", "<script", "url(", "@import", "<img", "<iframe", "<object",
    ] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    for link in html.split("href=\"").skip(1) {
        assert!(link.starts_with('#'), "a link out: {}", &link[..40]);
    }
    assert_eq!(html.matches("<h1").count(), 1);
    // Headings never skip a level on the way down.
    let mut last = 1;
    for part in html.split("<h").skip(1) {
        let Some(level) = part.chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(level <= last + 1, "h{level} after h{last}");
        last = level;
    }
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("<caption>").count()
    );
    assert_eq!(
        html.matches("<th ").count(),
        html.matches("<th scope=\"col\">").count() + html.matches("<th scope=\"row\">").count()
    );
    let charts = html.matches("<svg ").count();
    assert!(charts > 20, "{charts} charts");
    for part in [
        "role=\"img\" aria-labelledby=\"chart-",
        "<desc id=\"chart-",
        "<details>",
    ] {
        assert_eq!(html.matches(part).count(), charts, "{part}");
    }
    assert_eq!(
        chapter_headings(&html),
        [
            "Contents",
            "Front door",
            "Assessment",
            "Children in need",
            "Section 47 and conferences",
            "Child protection",
            "Early help",
            "Children looked after and care leavers",
            "Adoption",
            "Allegations against people who work with children",
            "Child deaths",
            "Partner agencies",
            "The board&#39;s work",
            "Notes",
        ]
    );
    // Ratings are words; colour only shades them.
    assert!(html.contains("<td class=\"rag green\">Green</td>"));
}

#[test]
fn the_boards_narrative_sits_in_its_chapters_and_the_notes_name_the_rest() {
    let html = sample_html();
    let front_door = html
        .split("<section id=\"front_door\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    let narrative = front_door
        .find("<h3>What the figures tell us</h3>")
        .unwrap();
    let figures = front_door.find("<table>").unwrap();
    assert!(narrative < figures, "the board's words come first");
    assert!(html.contains(
        "No narrative was supplied for: Assessment, Children in need, Section 47 and conferences, Adoption."
    ));
    assert!(html.contains("<caption>Rows read and how each was used</caption>"));
    assert!(html.contains("<th scope=\"row\">List 1 (Contacts)</th>"));
    assert!(html.contains("Every optional column the indicators use is in the extracts."));
    assert!(html.contains("<p class=\"dated\">Figures as at 31 March 2015, from 8 quarterly extracts (2013-14_Q1 to 2014-15_Q4), with the board&#39;s registers and partner agencies&#39; returns as at 31 March 2015.</p>"));
}

/// The hand-computed fixture with a local indicator, narrative and board name full of
/// characters that mean something in HTML, CSS and Markdown.
fn hostile_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&fixtures().join("indicators"), &data);
    let config = std::fs::read_to_string(data.join("lscb.toml")).unwrap();
    std::fs::write(
        data.join("lscb.toml"),
        format!("la = \"372\"\nboard = \"A & B <Board> \\\"quoted\\\"\"\nindicators = [\"local\"]\n{config}"),
    )
    .unwrap();
    std::fs::create_dir_all(data.join("local")).unwrap();
    std::fs::write(
        data.join("local/hostile.toml"),
        "id = \"hostile\"\ntitle = \"<script>alert(1)</script> & | pipes *bold* [link](x)\"\n\
         definition = \"Contacts.\"\nsource = \"a test\"\nfamily = \"count\"\nlist = \"contacts\"\n\
         polarity = \"neutral\"\ndecimals = 0\nsection = \"front_door\"\ndate = \"contact_date\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(data.join("narrative")).unwrap();
    std::fs::write(
        data.join("narrative/front_door.md"),
        "## Our view\n\nTeams <script>alert(2)</script> & partners.\n\n<img src=x onerror=alert(3)>\n\n![a chart](http://example.org/c.png)\n",
    )
    .unwrap();
    std::fs::write(data.join("narrative/frontdoor.md"), "misnamed").unwrap();
    dir
}

#[test]
fn any_text_is_escaped_in_html_and_markdown() {
    let dir = hostile_data();
    let out = dir.path().join("report");
    let run = lscb_in(
        dir.path(),
        &["report", "data", "--year", "2014-15", "--out", "report"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("lscb: warning: narrative/frontdoor.md is not a chapter, so it is not in the report; name it after one of: foreword, front_door, "),
        "{}",
        run.stderr
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<img"), "no image element");
    assert!(!html.contains("example.org"), "no request: {html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; | pipes *bold* [link](x)"));
    assert!(html.contains(
        "<h3>Our view</h3>\n<p>Teams &lt;script&gt;alert(2)&lt;/script&gt; &amp; partners.</p>"
    ));
    assert!(html.contains("&lt;img src=x onerror=alert(3)&gt;"));
    assert!(html.contains("<p class=\"board\">A &amp; B &lt;Board&gt; &quot;quoted&quot;</p>"));
    assert!(html.contains("@top-right { content: \"A \\26  B \\3c Board\\3e  \\22 quoted\\22 \";"));
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        markdown.contains("\\<script\\>alert(1)\\</script\\> & \\| pipes \\*bold\\* \\[link\\](x)"),
        "{markdown}"
    );
    let unescaped = markdown
        .match_indices(['<', '>', '|'])
        .filter(|(i, c)| *c != "|" && !markdown[..*i].ends_with('\\'))
        .count();
    assert_eq!(unescaped, 0, "every < and > is escaped: {markdown}");
}

#[test]
fn the_same_data_and_narrative_give_the_same_document() {
    let dir = hostile_data();
    for out in ["one", "two"] {
        let run = lscb_in(
            dir.path(),
            &["report", "data", "--year", "2014-15", "--out", out],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    let read = |out: &str| std::fs::read(dir.path().join(out).join("report.html")).unwrap();
    assert_eq!(read("one"), read("two"));
}

#[test]
fn the_document_prints_to_a4_with_every_chapter_in_a_real_browser() {
    let script = root().join("scripts/check-report-html.sh");
    let report = root().join("examples/report-2014-15");
    let out = tempfile::tempdir().unwrap();
    let output = Command::new("bash")
        .arg(&script)
        .arg("--no-axe")
        .args([report.as_path(), out.path()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if stdout.starts_with("skipped:") {
        eprintln!("{stdout}");
        return;
    }
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("no request left the file"), "{stdout}");
    assert!(
        stdout.contains("14 chapter headings all in the PDF's text"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(Path::new(out.path()).join("report.txt")).unwrap();
    assert!(text.contains("Page 3 of"), "running page numbers");
}
