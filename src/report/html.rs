//! `report.html`: the annual report as the public reads it, one self-contained file (styles
//! and charts inline, no request leaves it) for the screen and for printing to A4 PDF.
//!
//! Every text from the data or the board's narrative is escaped here, once, where it is
//! written; the narrative is CommonMark rendered by `pulldown-cmark`, with raw HTML shown as
//! text and images reduced to their descriptions (an image would be a request). Accessibility
//! (WCAG 2.2 AA for a document): one `h1`, headings in order, tables with captions and header
//! cells with scope, each chart an inline SVG with a title, a description and its figures in a
//! table beside it, text contrast of at least 4.5:1, ratings written as words (colour is never
//! the only cue), and the document's language set.

use std::fmt::Write;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::chart::Chart;
use super::table::{Cell, ReportTable};

/// The whole document.
pub struct Document<'a> {
    pub board: &'a str,
    pub title: &'a str,
    /// The area and period: "Rotherham (LA 372), financial year 2014-15".
    pub subtitle: &'a str,
    /// Where the figures come from and as at when: the title page's last line.
    pub dated: &'a str,
    /// The board's foreword (Markdown), before the chapters.
    pub foreword: Option<&'a str>,
    pub chapters: Vec<Chapter<'a>>,
    /// The notes chapter: definitions, sources, data quality.
    pub notes: Chapter<'a>,
}

/// One chapter: the board's words, then the figures, their sentences and charts.
pub struct Chapter<'a> {
    /// The anchor and the narrative file's stem: `front_door`.
    pub key: &'a str,
    pub title: &'a str,
    /// The board's Markdown.
    pub narrative: Option<&'a str>,
    /// Generated text blocks, in order.
    pub blocks: Vec<Block<'a>>,
}

/// A generated part of a chapter.
pub enum Block<'a> {
    /// A subheading within the chapter.
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
    /// A table under a caption (its title when `None`).
    Table(&'a ReportTable, Option<String>),
    /// A chart with its file stem (for ids).
    Chart(String, &'a Chart),
}

/// The document as HTML.
pub fn render(document: &Document) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        escape(document.title),
        stylesheet(document),
    );
    title_page(&mut out, document);
    contents(&mut out, document);
    out.push_str("<main>\n");
    if let Some(foreword) = document.foreword {
        out.push_str(
            "<section id=\"foreword\" class=\"chapter\" aria-labelledby=\"foreword-heading\">\n\
             <h2 id=\"foreword-heading\">Foreword</h2>\n",
        );
        markdown(&mut out, foreword);
        out.push_str("</section>\n");
    }
    for chapter in document.chapters.iter().chain([&document.notes]) {
        write_chapter(&mut out, chapter);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn title_page(out: &mut String, document: &Document) {
    let _ = write!(
        out,
        "<header class=\"title-page\">\n<p class=\"board\">{}</p>\n<h1>{}</h1>\n\
         <p class=\"subtitle\">{}</p>\n<p class=\"dated\">{}</p>\n",
        escape(document.board),
        escape(document.title),
        escape(document.subtitle),
        escape(document.dated),
    );
    out.push_str("</header>\n");
}

fn contents(out: &mut String, document: &Document) {
    out.push_str(
        "<nav class=\"contents\" aria-labelledby=\"contents-heading\">\n\
         <h2 id=\"contents-heading\">Contents</h2>\n<ol>\n",
    );
    if document.foreword.is_some() {
        out.push_str("<li><a href=\"#foreword\">Foreword</a></li>\n");
    }
    for chapter in document.chapters.iter().chain([&document.notes]) {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(chapter.key),
            escape(chapter.title)
        );
    }
    out.push_str("</ol>\n</nav>\n");
}

fn write_chapter(out: &mut String, chapter: &Chapter) {
    let key = escape(chapter.key);
    let _ = write!(
        out,
        "<section id=\"{key}\" class=\"chapter\" aria-labelledby=\"{key}-heading\">\n\
         <h2 id=\"{key}-heading\">{}</h2>\n",
        escape(chapter.title)
    );
    if let Some(narrative) = chapter.narrative {
        out.push_str("<div class=\"narrative\">\n");
        markdown(out, narrative);
        out.push_str("</div>\n");
    }
    for block in &chapter.blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(out, "<h3>{}</h3>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", escape(text));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", escape(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(table, caption) => write_table(out, table, caption.as_deref()),
            Block::Chart(name, chart) => write_chart(out, name, chart),
        }
    }
    out.push_str("</section>\n");
}

/// A report table under its caption (else its title), column headers with `scope="col"`,
/// and the first shown column (the indicator or group) as row headers.
fn write_table(out: &mut String, table: &ReportTable, caption: Option<&str>) {
    let skip = usize::from(table.id_column);
    let _ = write!(
        out,
        "<div class=\"table\">\n<table>\n<caption>{}</caption>\n<thead>\n<tr>",
        escape(caption.unwrap_or(&table.title))
    );
    for header in table.headers.iter().skip(skip) {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().skip(skip).enumerate() {
            let text = escape(&cell.display());
            let class = match cell {
                Cell::Number { .. } | Cell::Withheld | Cell::Empty => " class=\"number\"",
                Cell::Text(word) => rating_class(word),
            };
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{text}</th>");
            } else {
                let _ = write!(out, "<td{class}>{text}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// A class that shades a rating cell; the word itself says the rating.
fn rating_class(word: &str) -> &'static str {
    match word {
        "Green" => " class=\"rag green\"",
        "Amber" => " class=\"rag amber\"",
        "Red" => " class=\"rag red\"",
        _ => "",
    }
}

/// A chart inline, named by its title and described, with its figures in a table that
/// opens beside it.
fn write_chart(out: &mut String, name: &str, chart: &Chart) {
    let id = format!("chart-{}", escape(name));
    let labelled = format!("role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"");
    let svg = readable_text(&chart.svg)
        .replacen("role=\"img\"", &labelled, 1)
        .replacen("<title>", &format!("<title id=\"{id}-title\">"), 1)
        .replacen(
            "</title>",
            &format!(
                "</title>\n<desc id=\"{id}-desc\">{}</desc>",
                escape(&chart.description)
            ),
            1,
        );
    let _ = write!(out, "<figure class=\"chart\" id=\"{id}\">\n{svg}");
    let _ = write!(
        out,
        "<details>\n<summary>Figures for this chart</summary>\n<table>\n\
         <caption>{}</caption>\n<thead>\n<tr>",
        escape(&chart.title)
    );
    for header in &chart.headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &chart.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            match i {
                0 => {
                    let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
                }
                _ => {
                    let _ = write!(out, "<td class=\"number\">{}</td>", escape(cell));
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</details>\n</figure>\n");
}

/// Chart text colours below 4.5:1 on white, and the darker shade the document writes them
/// in (the chart files keep the palette's colour, used for lines and bars).
const TEXT_SHADES: [(&str, &str); 1] = [
    // Okabe–Ito vermillion, 3.9:1, as 5.8:1.
    ("fill=\"#D55E00\"", "fill=\"#A84A00\""),
];

/// `svg` with every `<text>` element's fill at least 4.5:1 on white ([`TEXT_SHADES`]).
fn readable_text(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let (before, tag_on) = rest.split_at(start);
        out.push_str(before);
        let end = tag_on.find('>').map_or(tag_on.len(), |i| i + 1);
        let mut tag = tag_on[..end].to_string();
        for (faint, readable) in TEXT_SHADES {
            tag = tag.replace(faint, readable);
        }
        out.push_str(&tag);
        rest = &tag_on[end..];
    }
    out.push_str(rest);
    out
}

/// The board's Markdown as HTML: raw HTML is shown as text, images as their description, and
/// headings keep their order below the chapter's: the highest level the text uses becomes
/// `h3`, and the others follow it.
fn markdown(out: &mut String, text: &str) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let top = Parser::new_ext(text, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = |level: HeadingLevel| -> HeadingLevel {
        HeadingLevel::try_from((level as usize + 3 - top).min(6)).unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(shift(level)))),
        other => Some(other),
    });
    pulldown_cmark::html::push_html(out, events);
}

/// `text` escaped for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
    escaped
}

/// `text` as a CSS string (for the running headers), quoted.
fn css_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(quoted, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => quoted.push(' '),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The styles: a readable page on screen and A4 in print, with each chapter on a new page
/// under a running header naming it, page numbers, table headers repeated, and no chart or
/// table row split across pages.
fn stylesheet(document: &Document) -> String {
    let mut css = String::from(STYLES);
    let _ = write!(
        css,
        "@page {{ size: A4; margin: 20mm 18mm 22mm 18mm;\n  \
         @top-right {{ content: {}; font: 9pt system-ui, sans-serif; color: #444; }}\n  \
         @bottom-center {{ content: \"Page \" counter(page) \" of \" counter(pages); \
         font: 9pt system-ui, sans-serif; color: #444; }} }}\n\
         @page title {{ @top-right {{ content: none; }} @bottom-center {{ content: none; }} }}\n",
        css_string(document.board)
    );
    let mut running = vec![("foreword", "Foreword")];
    running.extend(
        document
            .chapters
            .iter()
            .chain([&document.notes])
            .map(|c| (c.key, c.title)),
    );
    for (key, title) in running {
        let page = format!(
            "chapter-{}",
            key.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        let _ = write!(
            css,
            "@page {page} {{ @top-left {{ content: {}; font: 9pt system-ui, sans-serif; color: #444; }} }}\n\
             @media print {{ section#{} {{ page: {page}; }} }}\n",
            css_string(title),
            key.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "-"),
        );
    }
    css
}

const STYLES: &str = r#":root { color-scheme: light; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem 1.5rem 4rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; color: #111111; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 2.2rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.6rem; margin-top: 2.5rem; border-bottom: 2px solid #1d4e89; padding-bottom: 0.25rem; }
h3 { font-size: 1.2rem; margin-top: 1.75rem; }
a { color: #1d4e89; }
a:focus, summary:focus { outline: 3px solid #1d4e89; outline-offset: 2px; }
.title-page { padding: 2rem 0 1rem; }
.title-page .board { font-size: 1.2rem; font-weight: 600; color: #1d4e89; margin: 0; }
.title-page .subtitle { font-size: 1.2rem; margin: 0 0 0.25rem; }
.title-page .dated { color: #444444; margin-top: 0; }
.contents ol { padding-left: 1.5rem; }
.contents li { margin: 0.2rem 0; }
.narrative { border-left: 4px solid #1d4e89; padding: 0.1rem 0 0.1rem 1rem; margin: 1rem 0 1.5rem; }
.table { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.5rem; caption-side: top; }
th, td { border: 1px solid #b0b0b0; padding: 0.3rem 0.45rem; vertical-align: top; }
thead th { background: #e8eef5; text-align: left; }
tbody th { text-align: left; font-weight: normal; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.rag { font-weight: 600; }
td.green { background: #dcefdc; }
td.amber { background: #fbe9c6; }
td.red { background: #f8d7d4; }
thead { display: table-header-group; }
tr, figure { break-inside: avoid; page-break-inside: avoid; }
figure.chart { margin: 1.5rem 0; }
figure.chart svg { display: block; width: 100%; height: auto; max-width: 760px; }
details { margin-top: 0.5rem; }
summary { cursor: pointer; color: #1d4e89; }
ul li { margin: 0.2rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .title-page { page: title; break-after: page; min-height: 60vh; padding-top: 30mm; }
  .contents { break-after: page; }
  .contents a { color: #1a1a1a; text-decoration: none; }
  section.chapter { break-before: page; page-break-before: always; }
  h2 { margin-top: 0; }
  .table { overflow: visible; }
  table { font-size: 8.5pt; }
  details > summary { display: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_narrative_are_escaped() {
        assert_eq!(
            escape("<script>alert(\"x\")</script> & |"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; |"
        );
        let mut out = String::new();
        markdown(
            &mut out,
            "# Our view\n\nA <b>bold</b> claim.\n\n<script>alert(1)</script>\n\n![chart](https://example.org/x.png)",
        );
        assert_eq!(
            out,
            "<h3>Our view</h3>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim.</p>\n&lt;script&gt;alert(1)&lt;/script&gt;\n<p>chart</p>\n"
        );
        let mut out = String::new();
        markdown(&mut out, "### Analysis\n\n#### Detail\n\n### Actions");
        assert_eq!(
            out,
            "<h3>Analysis</h3>\n<h4>Detail</h4>\n<h3>Actions</h3>\n"
        );
    }

    #[test]
    fn chart_text_is_darkened_where_faint_and_lines_keep_their_colour() {
        let svg = "<line stroke=\"#D55E00\" fill=\"#D55E00\"/><text x=\"1\" fill=\"#D55E00\">England</text>";
        assert_eq!(
            readable_text(svg),
            "<line stroke=\"#D55E00\" fill=\"#D55E00\"/><text x=\"1\" fill=\"#A84A00\">England</text>"
        );
    }

    #[test]
    fn running_headers_are_css_strings_whatever_the_name() {
        assert_eq!(css_string("Front door"), "\"Front door\"");
        assert_eq!(
            css_string("A \"B\" & C\\"),
            "\"A \\22 B\\22  \\26  C\\5c \""
        );
    }

    #[test]
    fn a_chart_is_named_described_and_tabulated() {
        let chart = Chart {
            svg: "<svg role=\"img\">\n<title>T &amp; U</title>\n</svg>\n".to_string(),
            title: "T & U".to_string(),
            description: "Line chart of <T>.".to_string(),
            headers: vec!["Quarter".to_string(), "Area".to_string()],
            rows: vec![vec!["Q1".to_string(), "5.0%".to_string()]],
        };
        let mut out = String::new();
        write_chart(&mut out, "t_trend", &chart);
        assert!(out.contains(
            "<svg role=\"img\" aria-labelledby=\"chart-t_trend-title chart-t_trend-desc\">\n\
             <title id=\"chart-t_trend-title\">T &amp; U</title>\n\
             <desc id=\"chart-t_trend-desc\">Line chart of &lt;T&gt;.</desc>"
        ));
        assert!(out.contains("<caption>T &amp; U</caption>"));
        assert!(out.contains("<th scope=\"row\">Q1</th><td class=\"number\">5.0%</td>"));
    }
}
