//! `lscb report`: the committed sample report follows from the sample data; every format
//! agrees; small numbers are withheld; a stale report is caught and named.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::util::{copy_tree, files_under, fixtures, lscb_in, temp_tree};

const SAMPLE_REPORT: &str = "examples/report-2014-15";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes the report of `data` for `scope` (`--year 2014-15` or `--quarter …`) into a new
/// temporary folder; returns the folder holding `report/`.
fn report(data: &Path, scope: &[&str], extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let mut args = vec!["report", data.to_str().unwrap()];
    args.extend(scope);
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(extra);
    let run = lscb_in(&root(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    dir
}

/// `lscb report data/sample --year 2014-15 --out OUT EXTRA…`.
fn sample_report(out: &str, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["report", "data/sample", "--year", "2014-15", "--out", out];
    args.extend(extra);
    lscb_in(&root(), &args)
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn row<'a>(table: &'a [Vec<String>], key: &str) -> &'a [String] {
    table
        .iter()
        .find(|r| r[0] == key)
        .unwrap_or_else(|| panic!("no row {key}"))
}

#[test]
fn the_committed_sample_report_is_up_to_date() {
    let run = sample_report(SAMPLE_REPORT, &["--check"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("is up to date"), "{}", run.stdout);
}

#[test]
fn the_annual_report_reads_as_the_annual_report_does() {
    let dir = report(&root().join("data/sample"), &["--year", "2014-15"], &[]);
    let text = std::fs::read_to_string(dir.path().join("report/report.md")).unwrap();
    insta::assert_snapshot!("report_2014_15", text);
}

#[test]
fn a_stale_figure_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("report");
    copy_tree(&root().join(SAMPLE_REPORT), &copy);
    let table = copy.join("tables/section_47.csv");
    let text = std::fs::read_to_string(&table).unwrap();
    let edited = text.replacen(
        "ICPCs within 15 working days,65.0,",
        "ICPCs within 15 working days,66.0,",
        1,
    );
    assert_ne!(text, edited, "the committed table holds 65.0");
    std::fs::write(&table, edited).unwrap();
    let run = sample_report(copy.to_str().unwrap(), &["--check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "tables/section_47.csv: icpc_15wd, 2014-15: committed `66.0`, regenerated `65.0`"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1 difference(s)"), "{}", run.stdout);
}

#[test]
fn the_workbook_holds_the_tables_as_numbers() {
    let report = root().join(SAMPLE_REPORT);
    let mut workbook: Xlsx<_> = calamine::open_workbook(report.join("report.xlsx")).unwrap();
    let sheets = workbook.sheet_names();
    assert_eq!(
        sheets,
        [
            "Front door",
            "Assessment",
            "Children in need",
            "Section 47 and conferences",
            "Child protection",
            "Early help",
            "Children looked after and care",
            "Adoption",
            "Allegations against people who",
            "Child deaths",
            "Partner agencies",
            "The board's work",
            "Contacts by source",
            "CP plans by category",
            "CP plans by age band",
            "Families receiving early help",
            "Investigations by referring",
            "Investigations by employment",
            "Investigations by category",
            "Investigations by outcome",
            "Child deaths by whether",
            "Modifiable factors in child",
            "Child death reviews by",
            "Attendance at board meetings",
            "Training by type of event",
            "Training by attendee agency",
            "The board's income by agency",
            "The board's expenditure by",
        ]
    );
    for (sheet, file) in sheets.iter().zip([
        "front_door",
        "assessment",
        "children_in_need",
        "section_47",
        "child_protection",
        "early_help",
        "children_looked_after",
        "adoption",
        "allegations",
        "child_deaths",
        "partner_agencies",
        "board",
        "contacts_by_source",
        "cpp_by_category",
        "cpp_by_age_band",
        "eh_by_organisation",
        "lado_by_agency",
        "lado_by_sector",
        "lado_by_category",
        "lado_by_outcome",
        "deaths_by_age",
        "reviews_by_modifiable",
        "reviews_by_category",
        "board_attendance",
        "training_by_type",
        "training_by_agency",
        "budget_income",
        "budget_expenditure",
    ]) {
        let range = workbook.worksheet_range(sheet).unwrap();
        let table = read_csv(&report.join(format!("tables/{file}.csv")));
        assert_eq!(range.height(), table.len(), "{sheet}");
        for (r, csv_row) in table.iter().enumerate() {
            for (c, text) in csv_row.iter().enumerate() {
                let cell = range.get((r, c)).unwrap_or(&Data::Empty);
                let matches = match cell {
                    Data::Float(v) => {
                        let decimals = text.split('.').nth(1).map_or(0, str::len);
                        let percent = format!("{:.*}", decimals, v * 100.0);
                        let plain = format!("{:.*}", decimals, v);
                        r > 0 && (percent == *text || plain == *text)
                    }
                    Data::String(s) => s == text,
                    Data::Empty => text.is_empty(),
                    other => panic!("{sheet} {r},{c}: unexpected {other:?}"),
                };
                assert!(matches, "{sheet} row {r} column {c}: {cell:?} vs `{text}`");
            }
        }
    }
    let range = workbook
        .worksheet_range("Section 47 and conferences")
        .unwrap();
    let icpc = (0..range.height())
        .find(|r| range.get((*r, 0)) == Some(&Data::String("icpc_15wd".to_string())))
        .unwrap();
    assert_eq!(
        range.get((icpc, 2)),
        Some(&Data::Float(0.65)),
        "a number, not text"
    );
}

#[test]
fn every_chart_is_svg_with_its_title_and_axis_labels() {
    let charts = root().join(SAMPLE_REPORT).join("charts");
    let mut count = 0;
    for entry in std::fs::read_dir(&charts).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let document =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let texts: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        let title = document
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(!title.is_empty(), "{}", path.display());
        assert!(
            texts.iter().filter(|t| **t == title).count() >= 2,
            "visible title"
        );
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let unit = [
            "Per cent",
            "Per 10,000 children aged 0-17",
            "Working days (median)",
            "Days (mean)",
            "Number",
        ];
        assert!(
            texts.iter().any(|t| unit.contains(t)),
            "{name}: no unit label in {texts:?}"
        );
        if name.ends_with("_trend.svg") {
            assert!(texts.contains(&"Quarter"), "{name}");
            assert!(
                texts.contains(&"Q4") && texts.contains(&"2014-15"),
                "{name}"
            );
        }
        count += 1;
    }
    assert!(count >= 10, "{count} charts");
    let icpc = std::fs::read_to_string(charts.join("icpc_15wd_neighbours.svg")).unwrap();
    assert!(
        icpc.contains("Doncaster") && icpc.contains("England 74.8%"),
        "{icpc}"
    );
}

#[test]
fn small_numbers_are_withheld_unless_asked() {
    let data = fixtures().join("suppression");
    let dir = report(&data, &["--year", "2014-15"], &[]);
    let out = dir.path().join("report");
    let front = read_csv(&out.join("tables/front_door.csv"));
    assert_eq!(row(&front, "contacts")[2], "12");
    assert_eq!(row(&front, "referrals")[2], "6");
    assert_eq!(row(&front, "contact_referral_conversion")[2], "50.0");
    let sources = read_csv(&out.join("tables/contacts_by_source.csv"));
    assert_eq!(row(&sources, "Police")[1..], ["6", "100.0"]);
    assert_eq!(
        row(&sources, "Schools")[1..],
        ["c", "c"],
        "5 contacts, 0 of 5 referred"
    );
    assert_eq!(
        row(&sources, "Health services")[1..],
        ["c", "c"],
        "1 contact"
    );
    let s47 = read_csv(&out.join("tables/section_47.csv"));
    assert_eq!(row(&s47, "s47_enquiries")[2], "0", "zero is shown");
    let text = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(text.contains("| Schools | c | c |"), "{text}");
    assert!(!text.contains("| Schools | 5 |"), "{text}");

    let dir = report(&data, &["--year", "2014-15"], &["--no-suppress"]);
    let sources = read_csv(&dir.path().join("report/tables/contacts_by_source.csv"));
    assert_eq!(row(&sources, "Schools")[1..], ["5", "0.0"]);
    assert_eq!(row(&sources, "Health services")[1..], ["1", "0.0"]);
}

#[test]
fn the_quarterly_report_sets_the_quarter_beside_the_last_and_the_year_to_date() {
    let dir = report(
        &root().join("data/sample"),
        &["--quarter", "2014-15 Q3"],
        &[],
    );
    let out = dir.path().join("report");
    let s47 = read_csv(&out.join("tables/section_47.csv"));
    assert_eq!(
        s47[0][..5],
        [
            "id",
            "Indicator",
            "2014-15 Q3",
            "2014-15 Q2",
            "Year to date"
        ]
    );
    let icpc = row(&s47, "icpc_15wd");
    assert_eq!(icpc[2..4], ["67.3", "67.8"]);
    let text = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(text.starts_with("# Safeguarding children: quarterly performance report 2014-15 Q3"));
}

#[test]
fn reports_go_only_where_they_belong() {
    let run = sample_report("data/sample/report", &[]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("inside the data directory"),
        "{}",
        run.stderr
    );

    let dir = temp_tree(&[("notes/keep.txt", "mine")]);
    let out = dir.path().join("notes");
    let run = sample_report(out.to_str().unwrap(), &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("not a report folder"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_report_replaces_the_previous_one_whole() {
    let dir = report(&root().join("data/sample"), &["--year", "2014-15"], &[]);
    let out = dir.path().join("report");
    std::fs::write(out.join("charts/stale.svg"), "old").unwrap();
    let run = sample_report(out.to_str().unwrap(), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!out.join("charts/stale.svg").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["report"], "no staging folders left behind");
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(dir.join(&path)).unwrap();
            (path, bytes)
        })
        .collect()
}

#[test]
fn a_run_killed_part_way_leaves_the_previous_report_whole() {
    let sample = root().join("data/sample");
    let dir = report(&sample, &["--year", "2014-15"], &["--no-suppress"]);
    let out = dir.path().join("report");
    let before = contents(&out);
    let fresh = report(&sample, &["--year", "2014-15"], &[]);
    let after = contents(&fresh.path().join("report"));
    assert_ne!(
        before, after,
        "the two reports differ (small numbers shown or not)"
    );
    for delay in [200, 1000, 1800, 2400, 3000] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lscb"))
            .args(["report", "data/sample", "--year", "2014-15", "--out"])
            .arg(&out)
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        if !out.exists() {
            // Killed between the write's two renames: the previous report is whole beside
            // it, and the next run puts it back before anything else.
            let aside = out.with_file_name(".report.lscb-old");
            assert_eq!(contents(&aside), before, "killed after {delay} ms");
            let out_arg = out.to_str().unwrap();
            let run = lscb_in(
                &root(),
                &[
                    "report",
                    "data/sample",
                    "--year",
                    "2014-15",
                    "--out",
                    out_arg,
                ],
            );
            assert_eq!(run.code, Some(0), "{}", run.stderr);
            assert!(!aside.exists());
        }
        let now = contents(&out);
        assert!(
            now == before || now == after,
            "killed after {delay} ms: {} holds neither the old report nor the new one",
            out.display()
        );
        if now == after {
            std::fs::remove_dir_all(&out).unwrap();
            for (path, bytes) in &before {
                let path = out.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        }
    }
}
