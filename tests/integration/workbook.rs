//! Annex A workbooks (.xlsx): read like CSV extracts, with problems located by sheet and cell.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use serde_json::Value;

use crate::util::{contacts_counted, copy_tree, lscb_in, shared_reference, synth};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CONTACT_HEADINGS: [&str; 7] = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of Contact",
    "Contact Source",
];

/// A contact's date as the sheet holds it.
enum When {
    /// An Excel date cell.
    Excel(u16, u8, u8),
    /// Text, as typed.
    Text(&'static str),
}

/// A contacts sheet: headings on `header_row`, then one row per contact.
fn contacts(sheet: &mut Worksheet, header_row: u32, rows: &[(&str, When)]) {
    for (c, heading) in CONTACT_HEADINGS.iter().enumerate() {
        sheet.write_string(header_row, c as u16, *heading).unwrap();
    }
    let day = Format::new().set_num_format("dd/mm/yyyy");
    for (i, (id, date)) in rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 1, "a) Male").unwrap();
        sheet.write_string(r, 2, "a) WBRI").unwrap();
        sheet.write_number(r, 4, 7.0).unwrap();
        match date {
            When::Excel(y, m, d) => {
                let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                sheet.write_datetime_with_format(r, 5, &date, &day).unwrap();
            }
            When::Text(text) => {
                sheet.write_string(r, 5, *text).unwrap();
            }
        }
        sheet.write_string(r, 6, "q) 6: Police").unwrap();
    }
}

/// Saves `workbook` as the only file of extract `2015-03-31` in a new data directory.
fn data_dir(mut workbook: Workbook) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let extract = dir.path().join("2015-03-31");
    std::fs::create_dir_all(&extract).unwrap();
    workbook.save(extract.join("annex_a.xlsx")).unwrap();
    dir
}

/// `lscb validate DIR --format json`: the problems, and the exit status.
fn validate(dir: &Path) -> (Vec<Value>, Option<i32>) {
    let run = lscb_in(
        &root(),
        &["validate", dir.to_str().unwrap(), "--format", "json"],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|_| {
        panic!("{}{}", run.stdout, run.stderr);
    });
    (report["problems"].as_array().unwrap().clone(), run.code)
}

fn brief(problem: &Value) -> String {
    format!(
        "{} {} {}: {}",
        problem["cell"].as_str().unwrap_or("-"),
        problem["severity"].as_str().unwrap(),
        problem["rule"].as_str().unwrap(),
        problem["message"].as_str().unwrap()
    )
}

#[test]
fn a_title_row_text_dates_and_a_renamed_sheet_are_read_with_cells_named() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Contacts").unwrap();
    sheet.write_string(0, 0, "List 1: Contacts").unwrap();
    contacts(
        sheet,
        1,
        &[
            ("K1", When::Excel(2014, 4, 1)),
            ("K2", When::Text("02/04/2014")),
            ("K3", When::Text("31/02/2014")),
            ("K4", When::Text("2014-04-03")),
        ],
    );
    let guidance = workbook.add_worksheet();
    guidance.set_name("Guidance").unwrap();
    guidance
        .write_string(0, 0, "How to fill in Annex A")
        .unwrap();
    let list8 = workbook.add_worksheet();
    list8.set_name("List_8").unwrap();
    list8.write_string(0, 0, "Care leavers").unwrap();
    let dir = data_dir(workbook);
    let (problems, code) = validate(dir.path());
    let found: Vec<String> = problems.iter().map(brief).collect();
    assert_eq!(
        found,
        [
            "- warning missing-list: has no sheet holding List 3 (Referrals), so the workbook gives none",
            "- warning missing-list: has no sheet holding List 4 (Assessments), so the workbook gives none",
            "- warning missing-list: has no sheet holding List 5 (Section 47 enquiries and ICPCs), so the workbook gives none",
            "- warning missing-list: has no sheet holding List 6 (Children in need), so the workbook gives none",
            "- warning missing-list: has no sheet holding List 7 (Child protection), so the workbook gives none",
            "Contacts!F5 error bad-date: `31/02/2014` is not a real date (February 2014 has no day 31); the row is excluded",
            "List_8 error unrecognised-file: sheet `List_8` is not an Annex A list (matches no Annex A list: none of its headings (`Care leavers`) is an Annex A heading; if `Care leavers` is `Child Unique ID` under another name, add to lscb.toml: [aliases] \"Child Unique ID\" = [\"Care leavers\"]), so it is not read",
            "- warning absent-column: no file has the column `Contact Outcome`, so contact_referral_conversion is computed without it; add it to the extracts to compute them",
        ],
        "{problems:#?}"
    );
    assert_eq!(problems[5]["file"], "2015-03-31/annex_a.xlsx");
    assert_eq!(problems[5]["line"], 5);
    assert_eq!(code, Some(1));

    let run = contacts_counted(dir.path());
    assert!(
        run.stdout.contains("contacts,Contacts,2014-15,,3,3,"),
        "{}",
        run.stdout
    );
}

/// A referrals sheet under its headings in row 1: `(child, referral date, team)` per row, the
/// team `None` for a cell holding Excel's `#N/A` (a failed lookup).
fn referrals(sheet: &mut Worksheet, rows: &[(&str, &str, Option<&str>)]) {
    let headings = [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ];
    for (c, heading) in headings.iter().enumerate() {
        sheet.write_string(0, c as u16, *heading).unwrap();
    }
    for (i, (id, date, team)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        let texts = [
            *id,
            "a) Male",
            "a) WBRI",
            "",
            "7",
            date,
            "q) 6: Police",
            "b) No",
            "0",
        ];
        for (c, text) in texts.iter().enumerate() {
            sheet.write_string(r, c as u16, *text).unwrap();
        }
        match team {
            Some(team) => sheet.write_string(r, 9, *team).unwrap(),
            None => sheet
                .write_formula(
                    r,
                    9,
                    Formula::new("=VLOOKUP(A2,Teams!A:B,2,FALSE)").set_result("#N/A"),
                )
                .unwrap(),
        };
        sheet.write_string(r, 10, "Worker 1").unwrap();
    }
}

#[test]
fn problems_read_in_sheet_order_and_excel_errors_are_blank_cells_named() {
    let mut workbook = Workbook::new();
    // List 3 before List 1 in the workbook, and their problems on interleaved rows.
    referrals(
        workbook.add_worksheet().set_name("List_3").unwrap(),
        &[
            ("R1", "01/04/2014", None),
            ("R2", "02/04/2014", Some("Team A")),
            ("R3", "03/04/2014", Some("Team A")),
            ("R4", "31/02/2014", Some("Team A")),
        ],
    );
    contacts(
        workbook.add_worksheet().set_name("List_1").unwrap(),
        0,
        &[
            ("K1", When::Excel(2014, 4, 1)),
            ("K2", When::Text("30/02/2014")),
        ],
    );
    let dir = data_dir(workbook);
    let (problems, code) = validate(dir.path());
    let found: Vec<String> = problems
        .iter()
        .filter(|p| p["rule"] != "missing-list" && p["rule"] != "absent-column")
        .map(brief)
        .collect();
    assert_eq!(
        found,
        [
            "List_1!F3 error bad-date: `30/02/2014` is not a real date (February 2014 has no day 30); the row is excluded",
            "List_3!J2 warning excel-error: `#N/A` is an Excel error value, not data; read as blank (1 row)",
            "List_3!F5 error bad-date: `31/02/2014` is not a real date (February 2014 has no day 31); the row is excluded",
        ]
    );
    assert_eq!(code, Some(1));
    let table = lscb_in(&root(), &["validate", dir.path().to_str().unwrap()]);
    let header = table.stdout.lines().nth(1).unwrap_or_default();
    assert!(header.contains("Location"), "{}", table.stdout);
    assert!(!header.contains("Line"), "{}", table.stdout);

    let run = lscb_in(
        dir.path(),
        &[
            "indicators",
            ".",
            "--period",
            "2014-15",
            "--only",
            "referrals",
            "--by",
            "team",
            "--format",
            "csv",
        ],
    );
    assert!(run.stdout.contains(",Not recorded,"), "{}", run.stdout);
    assert!(!run.stdout.contains("#N"), "{}", run.stdout);
}

#[test]
fn a_merged_header_cell_leaves_a_column_without_a_heading_and_says_so() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("List_1").unwrap();
    contacts(sheet, 0, &[("K1", When::Excel(2014, 4, 1))]);
    // "Contact Source" merged across G1:H1, with a second source in column H.
    sheet
        .merge_range(0, 6, 0, 7, "Contact Source", &Format::new())
        .unwrap();
    sheet.write_string(1, 7, "Police again").unwrap();
    let dir = data_dir(workbook);
    let (problems, _) = validate(dir.path());
    let merged: Vec<String> = problems
        .iter()
        .filter(|p| p["rule"] == "extra-column")
        .map(brief)
        .collect();
    assert_eq!(
        merged,
        ["List_1!1 warning extra-column: column H has values but no heading (part of a merged header cell?), so it is not read"]
    );
}

#[test]
fn a_sheet_named_as_a_list_that_is_not_one_is_an_error() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("List_1").unwrap();
    sheet.write_string(0, 0, "Name").unwrap();
    sheet.write_string(0, 1, "Notes").unwrap();
    let other = workbook.add_worksheet();
    other.set_name("Summary").unwrap();
    other.write_string(0, 0, "Totals").unwrap();
    let dir = data_dir(workbook);
    let (problems, code) = validate(dir.path());
    let found: Vec<String> = problems
        .iter()
        .filter(|p| p["rule"] != "missing-list")
        .map(brief)
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0]
            .starts_with("List_1 error unrecognised-file: sheet `List_1` is not an Annex A list ("),
        "{found:?}"
    );
    assert!(
        found[1]
            .starts_with("Summary warning ignored-path: sheet `Summary` is not an Annex A list ("),
        "{found:?}"
    );
    assert_eq!(code, Some(1));
}

/// The indicators of a data directory as JSON values, by id.
fn indicators(dir: &Path) -> Vec<Value> {
    let run = lscb_in(
        &root(),
        &[
            "indicators",
            dir.to_str().unwrap(),
            "--period",
            "2014-15",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The same synthetic year written as CSV files (`csv`) and as workbooks (`xlsx`) in `dir`.
fn csv_and_workbooks(dir: &Path) -> (PathBuf, PathBuf) {
    let make = |format: &str| {
        let out = dir.join(format);
        synth(
            &out,
            &["--scale", "0.1", "--years", "1", "--format", format],
        );
        out
    };
    (make("csv"), make("xlsx"))
}

#[test]
fn workbooks_give_the_same_figures_as_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, xlsx) = csv_and_workbooks(dir.path());
    let workbook = xlsx.join("2014-15_Q4/annex_a.xlsx");
    assert!(workbook.is_file());
    let (problems, code) = validate(&xlsx);
    assert_eq!((problems.len(), code), (0, Some(0)), "{problems:#?}");
    assert_eq!(indicators(&csv), indicators(&xlsx));
}

/// Later extracts' versions of a record win however the extracts are saved: workbooks are
/// read before CSV files, so a workbook extract later than a CSV one is read first.
#[test]
fn extracts_saved_some_as_workbooks_some_as_csv_merge_by_date() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, xlsx) = csv_and_workbooks(dir.path());
    let summaries = |dir: &Path| {
        let run = lscb_in(
            &root(),
            &["validate", dir.to_str().unwrap(), "--format", "json"],
        );
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        report["summary"].as_array().unwrap().clone()
    };
    let expected = (indicators(&csv), summaries(&csv));
    assert!(
        expected
            .1
            .iter()
            .any(|list| list["updated"].as_u64() > Some(0)),
        "records must change between extracts for the test to tell: {:?}",
        expected.1
    );
    for workbooks in [["2014-15_Q3", "2014-15_Q4"], ["2014-15_Q1", "2014-15_Q2"]] {
        let mixed = dir.path().join(format!("mixed-{}", workbooks[0]));
        copy_tree(&csv, &mixed);
        for extract in workbooks {
            std::fs::remove_dir_all(mixed.join(extract)).unwrap();
            copy_tree(&xlsx.join(extract), &mixed.join(extract));
        }
        assert_eq!(
            (indicators(&mixed), summaries(&mixed)),
            expected,
            "{workbooks:?}"
        );
    }
}

#[test]
fn the_public_ofsted_sample_workbooks_are_read() {
    let Some(folder) = shared_reference("annex_a") else {
        return;
    };
    for name in [
        "ofsted_template_2015-01-sample.xlsx",
        "ofsted_template_2016-01-sample.xlsx",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let extract = dir.path().join("2015-03-31");
        std::fs::create_dir_all(&extract).unwrap();
        std::fs::copy(folder.join(name), extract.join(name)).unwrap();
        let (problems, code) = validate(dir.path());
        let found: Vec<String> = problems.iter().map(brief).collect();
        // Lists 1–11 are all recognised (Lists 8–11 with every column): only the template's
        // lack of every extension column is reported.
        let expected: Vec<String> = [
                ("Contact Outcome", "contact_referral_conversion is computed without it"),
                ("Early Help End Reason", "eh_step_up is computed without it"),
                (
                    "Family Identifier",
                    "eh_families_started and eh_families_open have no value and eh_step_down is computed without it",
                ),
                ("Referral Decision Date", "referral_decision_1wd has no value"),
                (
                    "Child's Timescale (Working Days)",
                    "assessment_child_timescale has no value",
                ),
                (
                    "CIN Plan Start Date",
                    "cin_with_plan and cin_plan_current have no value",
                ),
                ("Date of Latest CIN Plan Review", "cin_plan_current has no value"),
                // The templates' List 9 is the 2019 layout.
                (
                    "Latest Pathway Plan Review Date",
                    "care_leavers_pathway_plan_current has no value",
                ),
            ]
            .map(|(column, effect)| {
                format!(
                    "- warning absent-column: no file has the column `{column}`, so {effect}; add it to the extracts to compute them"
                )
            })
            .to_vec();
        assert_eq!(found, expected, "{name}");
        assert_eq!(code, Some(0), "{name}");
    }
}
