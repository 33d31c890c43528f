//! Annex A as local authorities send it (`tests/fixtures/real-world/`): absent extension
//! columns, fractional ages, Excel error cells, bare letters, blank required values, the wrong
//! folder, unborn children, other systems' headings, a closed pipe, and the generator's
//! layouts. Each test pins the exact message or figure.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util::{lscb, lscb_in, notes, synth};

/// `lscb validate real-world/NAME --format json`: the report and the exit status.
fn validate(name: &str) -> (Value, Option<i32>) {
    let run = lscb(&[
        "validate",
        &format!("real-world/{name}"),
        "--format",
        "json",
    ]);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("{}{}", run.stdout, run.stderr));
    (report, run.code)
}

/// Each problem as `file line column rule: message`, but for the `absent-column` warnings
/// that every fixture without the extension columns has ([`all_problems`] has them).
fn problems(report: &Value) -> Vec<String> {
    all_problems(report)
        .into_iter()
        .filter(|p| !p.contains(" absent-column: "))
        .collect()
}

/// Each problem as `file line column rule: message`.
fn all_problems(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {}: {}",
                p["file"].as_str().unwrap(),
                p["cell"]
                    .as_str()
                    .map(str::to_string)
                    .or(p["line"].as_u64().map(|l| l.to_string()))
                    .unwrap_or("-".into()),
                p["column"].as_str().unwrap_or("-"),
                p["rule"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// `lscb indicators real-world/NAME --period PERIOD --format json ARGS…`: the figures.
fn figures(name: &str, period: &str, args: &[&str]) -> Vec<Value> {
    let dir = format!("real-world/{name}");
    let base = ["indicators", &dir, "--period", period, "--format", "json"];
    let run = lscb(&[&base[..], args].concat());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap_or_else(|_| panic!("{}", run.stdout))
        .as_array()
        .unwrap()
        .clone()
}

/// The figure of `id` (and `group`, if broken down) as `value numerator/denominator`.
fn figure(figures: &[Value], id: &str, group: Option<&str>) -> String {
    let found = figures
        .iter()
        .find(|f| f["id"] == id && f["group"].as_str() == group)
        .unwrap_or_else(|| panic!("no {id} {group:?} in {figures:?}"));
    format!(
        "{} {}/{}",
        found["value"], found["numerator"], found["denominator"]
    )
}

#[test]
fn an_indicator_whose_column_no_file_has_has_no_value_and_says_what_to_add() {
    let only = "cin_plan_children,cin_with_plan,cin_plan_current,referral_decision_1wd,\
                assessment_child_timescale,contact_referral_conversion,assessment_45wd";
    let found = figures("no-extension-columns", "2014-15", &["--only", only]);
    assert_eq!(figure(&found, "cin_plan_children", None), "2.0 2.0/null");
    let blank = |column: &str, list: &str| {
        format!("no file of {list} has the column `{column}`: add it to compute this figure")
    };
    let cin = "List 6 (Children in need)";
    for (id, wanting) in [
        ("cin_with_plan", vec![blank("CIN Plan Start Date", cin)]),
        (
            "cin_plan_current",
            vec![
                blank("CIN Plan Start Date", cin),
                blank("Date of Latest CIN Plan Review", cin),
            ],
        ),
        (
            "referral_decision_1wd",
            vec![blank("Referral Decision Date", "List 3 (Referrals)")],
        ),
        (
            "assessment_child_timescale",
            vec![blank(
                "Child's Timescale (Working Days)",
                "List 4 (Assessments)",
            )],
        ),
    ] {
        assert_eq!(figure(&found, id, None), "null null/null", "{id}");
        assert_eq!(notes(&found, id), wanting, "{id}");
    }
    // The contact outcome only refines the conversion: the 7-day link decides without it.
    assert_eq!(
        figure(&found, "contact_referral_conversion", None),
        "50.0 1.0/2.0"
    );
    assert_eq!(
        notes(&found, "contact_referral_conversion"),
        ["no file of List 1 (Contacts) has the column `Contact Outcome`, so the figure is computed without it"]
    );
    assert_eq!(figure(&found, "assessment_45wd", None), "100.0 1.0/1.0");
    assert!(notes(&found, "assessment_45wd").is_empty());

    let table = lscb(&[
        "indicators",
        "real-world/no-extension-columns",
        "--period",
        "2014-15",
        "--only",
        "cin_with_plan",
    ]);
    assert!(
        table
            .stdout
            .contains("has the column `CIN Plan Start Date`: add it"),
        "{}",
        table.stdout
    );
}

#[test]
fn validate_lists_each_absent_column_and_the_figures_it_leaves_blank() {
    let (report, code) = validate("no-extension-columns");
    assert_eq!(code, Some(0), "warnings only");
    assert_eq!(
        all_problems(&report),
        [
            "List 1 (Contacts) - Contact Outcome absent-column: no file has the column `Contact Outcome`, so contact_referral_conversion is computed without it; add it to the extracts to compute them",
            "List 3 (Referrals) - Referral Decision Date absent-column: no file has the column `Referral Decision Date`, so referral_decision_1wd has no value; add it to the extracts to compute them",
            "List 4 (Assessments) - Child's Timescale (Working Days) absent-column: no file has the column `Child's Timescale (Working Days)`, so assessment_child_timescale has no value; add it to the extracts to compute them",
            "List 6 (Children in need) - CIN Plan Start Date absent-column: no file has the column `CIN Plan Start Date`, so cin_with_plan and cin_plan_current have no value; add it to the extracts to compute them",
            "List 6 (Children in need) - Date of Latest CIN Plan Review absent-column: no file has the column `Date of Latest CIN Plan Review`, so cin_plan_current has no value; add it to the extracts to compute them",
        ]
    );
}

#[test]
fn fractional_ages_are_truncated_with_one_warning_per_file() {
    let (report, code) = validate("fractional-ages");
    assert_eq!(code, Some(0));
    assert_eq!(
        problems(&report),
        ["2024-01-31/contacts.csv 2 Age of Child (Years) fractional-age: ages are written as fractions of a year (first `6.138261464750171`); each is truncated to whole years (3 rows)"]
    );
    // F1 6 (from the age), F2 4 (from the date of birth, not 4.99), F3 0, F4 12.
    let found = figures(
        "fractional-ages",
        "12m to 2024-01-31",
        &["--only", "contacts", "--by", "age-band", "--strict"],
    );
    let bands: Vec<(String, String)> = found
        .iter()
        .map(|f| {
            (
                f["group"].as_str().unwrap().to_string(),
                f["value"].to_string(),
            )
        })
        .collect();
    let expected = [
        ("Under 1", "1.0"),
        ("1 to 4", "1.0"),
        ("5 to 9", "1.0"),
        ("10 to 15", "1.0"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(b, v)| (b.to_string(), v.to_string()))
        .collect();
    assert_eq!(bands, expected);
}

#[test]
fn excel_error_values_are_blank_with_a_located_warning() {
    let (report, code) = validate("excel-errors");
    assert_eq!(code, Some(0));
    let file = "2024-01-31/referrals.csv";
    assert_eq!(
        problems(&report),
        [
            format!("{file} 2 Allocated Team excel-error: `#N/A` is an Excel error value, not data; read as blank (2 rows)"),
            format!("{file} 2 Referral Source excel-error: `#REF!` is an Excel error value, not data; read as blank (1 row)"),
            format!("{file} 3 Number of Referrals in Last 12 Months excel-error: `#VALUE!` is an Excel error value, not data; read as blank (1 row)"),
            format!("{file} 4 Allocated Worker excel-error: `#N/A` is an Excel error value, not data; read as blank (1 row)"),
        ]
    );
    let found = figures(
        "excel-errors",
        "12m to 2024-01-31",
        &["--only", "referrals", "--by", "team"],
    );
    assert_eq!(figure(&found, "referrals", Some("Team A")), "1.0 1.0/null");
    assert_eq!(
        figure(&found, "referrals", Some("Not recorded")),
        "2.0 2.0/null"
    );
    assert_eq!(found.len(), 2, "no team called #NA: {found:?}");
    let found = figures(
        "excel-errors",
        "12m to 2024-01-31",
        &["--only", "referrals", "--by", "source"],
    );
    assert_eq!(figure(&found, "referrals", Some("Police")), "2.0 2.0/null");
    assert_eq!(
        figure(&found, "referrals", Some("Not recorded")),
        "1.0 1.0/null"
    );
}

#[test]
fn bare_letters_are_unknown_categories_never_read_as_another_code() {
    let (report, code) = validate("letter-codes");
    assert_eq!(code, Some(0));
    let file = "2024-01-31/cp.csv";
    assert_eq!(
        problems(&report),
        [
            format!("{file} 2 Initial Category of Abuse unknown-code: `e` is not a known category of abuse code; kept as Unknown (1 row)"),
            format!("{file} 2 Latest Category of Abuse unknown-code: `e` is not a known category of abuse code; kept as Unknown (1 row)"),
            format!("{file} 3 Initial Category of Abuse unknown-code: `d` is not a known category of abuse code; kept as Unknown (1 row)"),
        ]
    );
    let found = figures(
        "letter-codes",
        "12m to 2024-01-31",
        &["--only", "cpp_open", "--by", "category"],
    );
    for (category, count) in [
        ("Unknown", "1.0"),
        ("Emotional abuse", "1.0"),
        ("Neglect", "1.0"),
    ] {
        let counted = figure(&found, "cpp_open", Some(category));
        assert_eq!(counted, format!("{count} {count}/null"), "{category}");
    }
}

#[test]
fn blank_required_values_are_counted_and_shown_as_not_recorded() {
    let (report, code) = validate("blank-required");
    assert_eq!(code, Some(0));
    let blank = |column: &str| {
        format!("2024-01-31/referrals.csv - {column} blank-values: {column} is blank on 2 of 2 rows; kept, and shown as Not recorded in breakdowns")
    };
    assert_eq!(
        problems(&report),
        [
            blank("Ethnicity"),
            blank("Gender"),
            blank("Referral NFA?"),
            blank("Referral Source"),
        ]
    );
    let found = figures(
        "blank-required",
        "12m to 2024-01-31",
        &["--only", "referrals", "--by", "gender"],
    );
    assert_eq!(
        figure(&found, "referrals", Some("Not recorded")),
        "2.0 2.0/null"
    );
}

#[test]
fn the_wrong_folder_is_an_error_that_says_what_to_do() {
    let cases = [
        (
            "real-world/fractional-ages/2024-01-31",
            "lscb: error: `real-world/fractional-ages/2024-01-31` looks like one extract (it holds contacts.csv): pass its parent folder, which holds one folder per extract\n",
        ),
        (
            "real-world/wrong-folders/not-dated",
            "lscb: error: no folder in `real-world/wrong-folders/not-dated` is named by an as-at date (Jan2024): name each extract folder by its as-at date, e.g. `2024-01-31` or `2023-24_Q4`\n",
        ),
        (
            "real-world/wrong-folders/lists-directly",
            "lscb: error: `real-world/wrong-folders/lists-directly` holds list files directly (contacts.csv, referrals.csv), not extract folders: put each extract's files in a folder inside it, and name each extract folder by its as-at date, e.g. `2024-01-31` or `2023-24_Q4`\n",
        ),
    ];
    for (dir, message) in cases {
        for args in [
            vec!["validate", dir],
            vec!["indicators", dir, "--period", "2023-24"],
        ] {
            let run = lscb(&args);
            assert_eq!(run.code, Some(2), "{args:?}");
            assert_eq!(run.stderr, message, "{args:?}");
            assert_eq!(run.stdout, "", "{args:?}");
        }
    }
}

#[test]
fn pre_birth_work_is_kept_and_counted() {
    let (report, code) = validate("pre-birth");
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        problems(&report),
        ["2015-03-31/cp.csv 3 Date of Birth implausible-birth: Date of Birth 01/02/2016 is more than 10 months after the Child Protection Plan Start Date 10/03/2015, too late for an expected date of birth; the row is kept"]
    );
    let summary = report["summary"].as_array().unwrap();
    assert!(summary.iter().all(|s| s["rejected"] == 0), "{summary:?}");
    let only = "assessments_completed,assessment_45wd,cin_plan_children,s47_enquiries,icpcs,\
                icpc_to_cpp,cpp_starts,cpp_open,cpp_neglect";
    let found = figures("pre-birth", "2014-15", &["--only", only]);
    for (id, expected) in [
        ("assessments_completed", "1.0 1.0/null"),
        ("assessment_45wd", "100.0 1.0/1.0"),
        ("cin_plan_children", "1.0 1.0/null"),
        ("s47_enquiries", "1.0 1.0/null"),
        ("icpcs", "1.0 1.0/null"),
        ("icpc_to_cpp", "100.0 1.0/1.0"),
        ("cpp_starts", "2.0 2.0/null"),
        ("cpp_open", "2.0 2.0/null"),
        ("cpp_neglect", "100.0 2.0/2.0"),
    ] {
        assert_eq!(figure(&found, id, None), expected, "{id}");
    }
    let by_age = figures(
        "pre-birth",
        "2014-15",
        &[
            "--only",
            "assessments_completed,cin_plan_children,cpp_open",
            "--by",
            "age-band",
        ],
    );
    assert_eq!(by_age.len(), 3, "{by_age:?}");
    assert!(by_age.iter().all(|f| f["group"] == "Unborn"), "{by_age:?}");
}

#[test]
fn headings_written_without_spaces_are_recognised() {
    let (report, code) = validate("sql-headings");
    assert_eq!(code, Some(0));
    assert_eq!(problems(&report), Vec::<String>::new());
    let found = figures("sql-headings", "12m to 2024-01-31", &["--only", "contacts"]);
    assert_eq!(figure(&found, "contacts", None), "2.0 2.0/null");
}

#[test]
fn validate_says_it_reads_workbooks() {
    let run = lscb(&["validate", "--help"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout.contains("Annex A workbook (.xlsx)"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unrecognised_file_names_the_closest_list_and_how_to_alias_its_headings() {
    let (report, code) = validate("unrecognised");
    assert_eq!(code, Some(1));
    assert_eq!(
        problems(&report),
        ["2024-01-31/contacts.csv 1 - unrecognised-file: matches no Annex A list; the closest is List 1 (Contacts), but it lacks `Child Unique ID`, `Date of Contact`; headings not placed: `PersonID`, `ContactDate`; if `PersonID` is `Child Unique ID` under another name, add to lscb.toml: [aliases] \"Child Unique ID\" = [\"PersonID\"]"]
    );
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_success() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_lscb"))
        .args(["drill", "contacts", "data/sample", "--period", "2014-15"])
        .args(["--all", "--hash-ids", "--salt", "pipe"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    // As `| head -1` does: read a line, then close the pipe.
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!first.is_empty());
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

/// `lscb indicators DIR --period 2014-15 --format json` on generated data.
fn every_figure(dir: &Path) -> Vec<Value> {
    let run = lscb_in(
        dir,
        &["indicators", ".", "--period", "2014-15", "--format", "json"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn without_extension_columns_every_figure_has_a_value_or_names_what_is_missing() {
    let plain = tempfile::tempdir().unwrap();
    synth(plain.path(), &["--years", "1", "--layout", "plain"]);
    let full = tempfile::tempdir().unwrap();
    synth(full.path(), &["--years", "1"]);
    let (plain, full) = (every_figure(plain.path()), every_figure(full.path()));
    assert_eq!(plain.len(), full.len());
    let mut blank = Vec::new();
    for (figure, complete) in plain.iter().zip(&full) {
        let id = figure["id"].as_str().unwrap();
        let notes = figure["notes"].to_string();
        if figure["value"].is_null() {
            assert!(notes.contains("no file of"), "{id}: {notes}");
            blank.push(id);
        } else if notes.contains("computed without it") {
            // Judged another way: the link instead of the contact outcome.
            assert_ne!(figure["value"], Value::from(0.0), "{id}");
        } else {
            assert_eq!(figure["value"], complete["value"], "{id}");
        }
    }
    assert_eq!(
        blank,
        [
            "referral_decision_1wd",
            "assessment_child_timescale",
            "cin_with_plan",
            "cin_plan_current",
            // The 2024 layout's pathway plan column is an extension.
            "care_leavers_pathway_plan_current",
            "eh_families_started",
            "eh_families_open",
        ]
    );
}

#[test]
fn the_generator_layouts_load_to_the_same_figures() {
    let template = tempfile::tempdir().unwrap();
    synth(template.path(), &["--years", "1"]);
    let variants = tempfile::tempdir().unwrap();
    synth(
        variants.path(),
        &["--years", "1", "--layout", "bare-codes,case-status"],
    );
    let cin = std::fs::read_to_string(variants.path().join("2014-15_Q4/cin.csv")).unwrap();
    assert!(cin.lines().next().unwrap().contains(",Case Status,"));
    assert!(cin.contains(",Child in need plan,") && !cin.contains("c) Child in need plan"));
    let contacts =
        std::fs::read_to_string(variants.path().join("2014-15_Q4/contacts.csv")).unwrap();
    assert!(contacts.contains(",6: Police,") && !contacts.contains("q) 6: Police"));
    assert_eq!(every_figure(variants.path()), every_figure(template.path()));
}

#[test]
fn a_pooled_sample_workbook_validates_with_warnings_only() {
    let dir = tempfile::tempdir().unwrap();
    synth(
        dir.path(),
        &["--years", "1", "--format", "xlsx", "--layout", "pooled"],
    );
    let run = lscb_in(dir.path(), &["validate", ".", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    let mut rules: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules.dedup();
    assert_eq!(rules, ["absent-column", "fractional-age"]);
    // Lists 8–11's sheets (headings only, under a title row) are recognised and read. (The
    // board's registers, read from their own folder, follow them.)
    let summary: Vec<&Value> = report["summary"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["list"].as_str().unwrap().starts_with("List "))
        .collect();
    let lists: Vec<&str> = summary
        .iter()
        .map(|e| e["list"].as_str().unwrap())
        .collect();
    assert_eq!(
        lists[lists.len() - 4..],
        [
            "List 8 (Children in care)",
            "List 9 (Care leavers)",
            "List 10 (Adoption)",
            "List 11 (Adopters)",
        ]
    );
    for entry in summary[summary.len() - 4..].iter() {
        assert_eq!(entry["files"], 4, "one sheet in each of four extracts");
        assert_eq!(entry["rows_read"], 0);
    }
}
