//! `lscb validate`: the problems it lists, the accounting it prints, its exit status.

use serde_json::Value;

use crate::util::{lscb, lscb_in, synth, temp_tree};

#[test]
fn clean_extracts_have_no_problems() {
    let run = lscb(&["validate", "clean"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!("validate_clean", run.stdout);
}

#[test]
fn every_problem_in_the_bad_fixture_is_listed_in_order() {
    let run = lscb(&["validate", "problems"]);
    assert_eq!(
        run.code,
        Some(1),
        "errors make validate fail: {}",
        run.stderr
    );
    insta::assert_snapshot!("validate_problems", run.stdout);
}

/// Each list of `validate --format json`'s summary: files, rows read, kept, exact duplicates,
/// updated, rejected.
fn accounting(report: &Value) -> Vec<(String, [u64; 6])> {
    report["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let n = |key: &str| s[key].as_u64().unwrap();
            let counts = [
                "files",
                "rows_read",
                "kept",
                "exact_duplicates",
                "updated",
                "rejected",
            ];
            (s["list"].as_str().unwrap().to_string(), counts.map(n))
        })
        .collect()
}

fn json_report(dir: &str) -> Value {
    let run = lscb(&["validate", dir, "--format", "json"]);
    serde_json::from_str(&run.stdout).expect("validate --format json prints JSON")
}

#[test]
fn each_problem_has_file_line_column_and_rule() {
    let report = json_report("problems");
    let found: Vec<(String, Option<u64>, String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(crate::util::place)
        .collect();
    let expected = [
        (
            "2014-15_Q1/assessments.csv",
            Some(3),
            "Continuous Assessment Date of Authorisation",
            "end-before-start",
        ),
        (
            "2014-15_Q1/assessments.csv",
            Some(4),
            "Date of Birth",
            "implausible-birth",
        ),
        (
            "2014-15_Q1/cin.csv",
            Some(1),
            "Primary Need Code",
            "missing-column",
        ),
        (
            "2014-15_Q1/contacts.csv",
            Some(4),
            "Contact Source",
            "unknown-code",
        ),
        (
            "2014-15_Q1/contacts.csv",
            Some(5),
            "Child Unique ID",
            "blank-child-id",
        ),
        (
            "2014-15_Q1/contacts.csv",
            Some(6),
            "Date of Contact",
            "bad-date",
        ),
        (
            "2014-15_Q1/contacts.csv",
            Some(7),
            "Date of Contact",
            "date-after-extract",
        ),
        ("2014-15_Q1/cp.csv", Some(4), "", "conflicting-duplicate"),
        ("2014-15_Q1/la_notes.csv", Some(1), "", "unrecognised-file"),
        (
            "2014-15_Q1/referrals.csv",
            Some(2),
            "Referral Decision Date",
            "end-before-start",
        ),
        (
            "2014-15_Q1/s47.csv",
            Some(2),
            "Date of Initial Child Protection Conference",
            "end-before-start",
        ),
        (
            "2014-15_Q1/s47.csv",
            Some(3),
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "unknown-code",
        ),
        (
            "List 1 (Contacts)",
            None,
            "Contact Outcome",
            "absent-column",
        ),
        (
            "List 2 (Early help)",
            None,
            "Early Help End Reason",
            "absent-column",
        ),
        (
            "List 2 (Early help)",
            None,
            "Family Identifier",
            "absent-column",
        ),
        (
            "List 4 (Assessments)",
            None,
            "Child's Timescale (Working Days)",
            "absent-column",
        ),
        (
            "List 6 (Children in need)",
            None,
            "CIN Plan Start Date",
            "absent-column",
        ),
        (
            "List 6 (Children in need)",
            None,
            "Date of Latest CIN Plan Review",
            "absent-column",
        ),
        ("notes.txt", None, "", "ignored-path"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(f, l, c, r)| (f.to_string(), *l, c.to_string(), r.to_string()))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(report["errors"], 9);
    assert_eq!(report["warnings"], 10);
}

#[test]
fn every_row_read_is_kept_duplicated_updated_or_rejected() {
    let report = json_report("problems");
    let summary: Vec<(String, u64, u64, u64, u64, u64)> = accounting(&report)
        .into_iter()
        .map(|(list, [_, read, kept, duplicates, updated, rejected])| {
            (list, read, kept, duplicates, updated, rejected)
        })
        .collect();
    let expected = [
        // Blank ID, 31/02/2014 and a date after the as-at date are rejected.
        ("List 1 (Contacts)", 6, 3, 0, 0, 3),
        ("List 2 (Early help)", 1, 1, 0, 0, 0),
        // An end before its start is reported but kept for the indicators to exclude.
        ("List 3 (Referrals)", 2, 2, 0, 0, 0),
        // P001's open assessment is authorised in the later extract.
        ("List 4 (Assessments)", 4, 3, 0, 1, 0),
        ("List 5 (Section 47 enquiries and ICPCs)", 2, 2, 0, 0, 0),
        ("List 6 (Children in need)", 1, 1, 0, 0, 0),
        // P001's plan gains an end date (updated); P002's reappears unchanged (duplicate);
        // P002's conflicting second row in Q1 is rejected.
        ("List 7 (Child protection)", 5, 2, 1, 1, 1),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(l, r, k, d, u, x)| (l.to_string(), *r, *k, *d, *u, *x))
        .collect();
    assert_eq!(summary, expected);
    for (list, read, kept, duplicates, updated, rejected) in &summary {
        assert_eq!(*read, kept + duplicates + updated + rejected, "{list}");
    }
}

#[test]
fn csv_format_lists_the_problems_only() {
    let run = lscb(&["validate", "problems", "--format", "csv"]);
    assert_eq!(run.code, Some(1));
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("File,Line,Column,Severity,Rule,Message"));
    assert_eq!(lines.count(), 19);
}

#[test]
fn a_missing_directory_is_a_usage_error() {
    let run = lscb(&["validate", "no-such-folder"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "lscb: error: data directory no-such-folder does not exist or is not a folder\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let run = lscb(&["validate", "clean", "--colour"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--colour"), "{}", run.stderr);
}

#[test]
fn a_replacement_holiday_file_sets_the_calendar_years() {
    let holidays = temp_tree(&[("h.csv", "date,provisional\n2015-01-01,no\n2015-12-25,no\n")]);
    let path = holidays.path().join("h.csv");
    let run = lscb(&[
        "validate",
        "clean",
        "--format",
        "json",
        "--holidays",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(1));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let outside: Vec<&Value> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["rule"] == "outside-calendar")
        .collect();
    // Every working-day date of the clean fixture is in 2014: 2 referral dates, 2 decision
    // dates, 2 assessment starts and 1 authorisation, a strategy discussion and an ICPC,
    // and 2 statutory visits.
    assert_eq!(outside.len(), 11);
    assert_eq!(report["errors"], 11);
}

#[test]
fn a_broken_holiday_file_stops_the_run() {
    let holidays = temp_tree(&[("h.csv", "day\n2015-01-01\n")]);
    let path = holidays.path().join("h.csv");
    let run = lscb(&["validate", "clean", "--holidays", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.ends_with("h.csv: line 1: no `date` column\n"),
        "{}",
        run.stderr
    );
}

const CONTACTS: &str = "LCS ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source\n\
                        X1,Male,WBRI,01/01/2010,4,01/04/2014,6\n";

#[test]
fn aliases_in_lscb_toml_name_columns() {
    let dir = temp_tree(&[
        (
            "data/lscb.toml",
            "[aliases]\n\"Child Unique ID\" = [\"LCS ID\"]\n",
        ),
        ("data/2014-15_Q1/contacts.csv", CONTACTS),
    ]);
    let run = lscb_in(dir.path(), &["validate", "data", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"][0]["kept"], 1);

    let without = temp_tree(&[("data/2014-15_Q1/contacts.csv", CONTACTS)]);
    let run = lscb_in(without.path(), &["validate", "data", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["problems"][0]["rule"], "unrecognised-file");
}

#[test]
fn a_misspelt_configuration_key_is_named() {
    let dir = temp_tree(&[
        (
            "data/lscb.toml",
            "[alias]\n\"Child Unique ID\" = [\"LCS ID\"]\n",
        ),
        ("data/2014-15_Q1/contacts.csv", CONTACTS),
    ]);
    let run = lscb_in(dir.path(), &["validate", "data"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("lscb.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `alias`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_quoted_line_break_does_not_shift_later_line_numbers() {
    let dir = temp_tree(&[(
        "data/2014-15_Q1/contacts.csv",
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source\n\
         A1,Male,WBRI,,,01/04/2014,6\n\
         \n\
         A2,Male,WBRI,,,31/02/2014,6\n\
         \"A\n3\",Male,WBRI,,,31/02/2014,6\n\
         A4,Male,WBRI,,,31/02/2014,6\n",
    )]);
    let run = lscb_in(dir.path(), &["validate", "data", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let lines: Vec<u64> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["rule"] == "bad-date")
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![4, 5, 7]);
}

#[test]
fn every_row_read_is_accounted_for_and_every_rejected_row_is_reported() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    for dir in [
        crate::util::fixtures().join("clean"),
        crate::util::fixtures().join("problems"),
        crate::util::fixtures().join("indicators"),
        crate::util::fixtures().join("suppression"),
        sample,
    ] {
        let run = lscb(&["validate", dir.to_str().unwrap(), "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let mut rejected = 0;
        for list in report["summary"].as_array().unwrap() {
            let count = |key: &str| list[key].as_u64().unwrap();
            assert_eq!(
                count("rows_read"),
                count("kept") + count("exact_duplicates") + count("updated") + count("rejected"),
                "{}: {list}",
                dir.display()
            );
            rejected += count("rejected");
        }
        let reported: std::collections::BTreeSet<(String, u64)> = report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["message"]
                    .as_str()
                    .unwrap()
                    .ends_with("the row is excluded")
            })
            .map(|p| (p["file"].to_string(), p["line"].as_u64().unwrap()))
            .collect();
        assert_eq!(rejected, reported.len() as u64, "{}", dir.display());
    }
}

/// Identifiers of digits, all of one length, are sorted as numbers when extracts are merged
/// (packed with the rest of the record key into one number): the same extracts with the
/// identifiers made text (a letter in front, so the key is sorted as its parts) give the same
/// accounting, figures and drill-down.
#[test]
fn identifiers_of_digits_merge_as_text_identifiers_do() {
    let dir = tempfile::tempdir().unwrap();
    let digits = dir.path().join("digits");
    synth(&digits, &["--scale", "0.1", "--years", "2"]);
    let text = dir.path().join("text");
    copy_with_lettered_ids(&digits, &text);
    let run = |args: &[&str], data: &std::path::Path| {
        let mut args = args.to_vec();
        args.push(data.to_str().unwrap());
        let run = lscb_in(dir.path(), &args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run.stdout
    };
    let outputs = |data: &std::path::Path| {
        [
            run(&["validate", "--format", "json"], data),
            run(
                &["indicators", "--period", "2014-15", "--format", "csv"],
                data,
            ),
            without_lettered_ids(&run(
                &[
                    "drill", "--period", "2014-15", "--all", "--format", "csv", "cpp_open",
                ],
                data,
            )),
        ]
    };
    let (from_digits, from_text) = (outputs(&digits), outputs(&text));
    assert!(
        from_digits[0].contains("\"updated\": "),
        "{}",
        from_digits[0]
    );
    assert_eq!(
        from_digits[0],
        from_text[0].replace(&*text.to_string_lossy(), &digits.to_string_lossy())
    );
    assert_eq!(from_digits[1..], from_text[1..]);
}

/// A CSV listing whose rows start with a Child Unique ID, without a `C` before the IDs.
fn without_lettered_ids(listing: &str) -> String {
    let mut lines = listing.lines();
    let header = lines.next().unwrap_or_default();
    std::iter::once(header)
        .chain(lines.map(|line| line.strip_prefix('C').unwrap_or(line)))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Copies a data directory, putting a `C` before every Child Unique ID (each file's first
/// column; List 11's adopter identifiers are lettered alike).
fn copy_with_lettered_ids(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|n| n == "registers" || n == "returns")
        {
            // The board's registers and partners' returns have no child identifiers.
            crate::util::copy_tree(&path, &target);
        } else if path.is_dir() {
            copy_with_lettered_ids(&path, &target);
        } else if path.extension().is_some_and(|e| e == "csv") {
            let content = std::fs::read_to_string(&path).unwrap();
            let mut lines = content.lines();
            let header = lines.next().unwrap();
            assert!(
                header.starts_with("Child Unique ID,")
                    || header.starts_with("Individual adopter identifier,"),
                "{header}"
            );
            let mut lettered = format!("{header}\n");
            for line in lines {
                lettered.push_str(&format!("C{line}\n"));
            }
            std::fs::write(&target, lettered).unwrap();
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A quoted empty field is blank, whichever way the file is read: split on bytes (quotes
/// around whole fields on one line) or by polars' reader (here a value spanning two lines).
#[test]
fn a_quoted_blank_child_id_is_reported_and_its_row_excluded() {
    let header =
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source\n";
    let simple = format!(
        "{header}C1,Male,WBRI,01/01/2010,4,01/04/2014,6\n\"\",\"Male\",WBRI,01/01/2010,4,02/04/2014,6\n"
    );
    let spanning = format!(
        "{header}\"C1\",\"Male\",WBRI,01/01/2010,4,01/04/2014,\"6\n\"\n\"\",Male,WBRI,01/01/2010,4,02/04/2014,6\n"
    );
    for (contacts, line) in [(simple, 3), (spanning, 4)] {
        let dir = temp_tree(&[("data/2014-15_Q1/contacts.csv", &contacts)]);
        let run = lscb_in(dir.path(), &["validate", "data", "--format", "json"]);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        let blank: Vec<u64> = report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["rule"] == "blank-child-id")
            .map(|p| p["line"].as_u64().unwrap())
            .collect();
        assert_eq!(blank, [line], "{contacts}\n{}", run.stdout);
        assert_eq!(report["summary"][0]["kept"], 1, "{}", run.stdout);
        assert_eq!(report["summary"][0]["rejected"], 1, "{}", run.stdout);
    }
}

#[test]
fn lists_8_to_11_are_validated_with_located_messages_and_accounted_for() {
    let report = json_report("looked-after");
    let found: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}:{} {} {}",
                p["file"].as_str().unwrap(),
                p["line"],
                p["rule"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "2014-15_Q3/care_leavers.csv:4 unknown-code `X9` is not a known activity status code; kept as Unknown (1 row)",
            "2014-15_Q3/care_leavers.csv:4 unknown-code `Maybe` is not a known LA in touch code; kept as Unknown (1 row)",
            "2014-15_Q3/looked_after.csv:4 end-before-start Date Ceased to be Looked After 01/08/2014 is before the Date Started to be Looked After 01/09/2014; the record is left out of indicators that use both dates",
            "2014-15_Q3/looked_after.csv:5 end-before-start Start Date of Most Recent Placement 01/08/2014 is before the Date Started to be Looked After 01/09/2014; the record is left out of indicators that use both dates",
            "2014-15_Q3/looked_after.csv:6 bad-number `-1` is a negative count, which cannot be; treated as blank",
            "2014-15_Q3/looked_after.csv:7 unknown-code `Q9` is not a known legal status code; kept as Unknown (1 row)",
            "2014-15_Q3/looked_after.csv:8 date-after-extract Date of Last Social Work Visit 05/01/2015 is after the extract's as-at date 31/12/2014; the row is excluded",
            "2014-15_Q3/looked_after.csv:10 conflicting-duplicate has the same Child Unique ID and Date Started to be Looked After as line 9 in the same extract but different values; the row is excluded",
            "2014-15_Q3/looked_after.csv:11 blank-child-id Child Unique ID is blank; the row is excluded",
            "2014-15_Q4/adopters.csv:5 blank-child-id Individual adopter identifier is blank; the row is excluded",
            "2014-15_Q4/adopters.csv:6 end-before-start Date Stage 2 started 01/08/2014 is before the Date Stage 1 started 01/09/2014; the record is left out of indicators that use both dates",
            "2014-15_Q4/adopters.csv:6 bad-number `-2` is a negative count, which cannot be; treated as blank",
            "2014-15_Q4/adoption.csv:3 end-before-start Date of Adoption Order 01/11/2014 is before the Date Placed for Adoption 01/12/2014; the record is left out of indicators that use both dates",
            "2014-15_Q4/adoption.csv:5 missing-date Date of Decision that Child Should be Placed for Adoption is blank, so the record cannot be placed in time; the row is excluded",
            "2014-15_Q4/care_leavers.csv:3 date-after-extract Latest Pathway Plan Review Date 01/04/2015 is after the extract's as-at date 31/03/2015; the row is excluded",
        ]
    );
    // Every row read is kept, an exact duplicate, an update or rejected.
    let summary = accounting(&report);
    let expected = [
        ("List 8 (Children in care)", [2, 13, 8, 1, 1, 3]),
        ("List 9 (Care leavers)", [2, 5, 3, 0, 1, 1]),
        ("List 10 (Adoption)", [1, 4, 3, 0, 0, 1]),
        ("List 11 (Adopters)", [1, 5, 4, 0, 0, 1]),
    ]
    .map(|(list, counts)| (list.to_string(), counts));
    assert_eq!(summary, expected);
    for (_, [_, read, kept, duplicates, updated, rejected]) in &summary {
        assert_eq!(*read, kept + duplicates + updated + rejected);
    }
    assert_eq!(report["errors"], 12);
    assert_eq!(report["warnings"], 3);
}
