//! A corpus of bad inputs, each with the exact problems `lscb validate` must report: what
//! case-management systems and spreadsheets really produce. Every case is a data directory
//! built in a temporary folder; the loader must never crash, never lose a row silently, and
//! say what it did.

use std::path::Path;

use crate::util::{contacts_counted, lscb_in, temp_tree};

const CONTACTS: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\n";
const REFERRALS: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of referral,Referral Source,Referral NFA?,Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker\n";

/// `lscb validate` of a data directory holding `files`, as `file line column severity rule:
/// message` lines, and the exit status. The `absent-column` warnings for the extension
/// columns these files leave out are not shown (`real_world.rs` tests them).
fn validate_files(files: &[(&str, &[u8])]) -> (Vec<String>, Option<i32>) {
    validate_dir(temp_tree(files).path())
}

fn validate_dir(dir: &Path) -> (Vec<String>, Option<i32>) {
    let run = lscb_in(dir, &["validate", ".", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let lines = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[4] != "absent-column")
        .map(|r| {
            format!(
                "{} {} {} {} {}: {}",
                &r[0], &r[1], &r[2], &r[3], &r[4], &r[5]
            )
        })
        .collect();
    (lines, run.code)
}

fn contacts(rows: &str) -> Vec<u8> {
    format!("{CONTACTS}{rows}").into_bytes()
}

#[test]
fn an_empty_file_and_a_header_alone() {
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", b"")]),
        (
            vec![
                "2015-03-31/contacts.csv   error empty-file: is empty: it has no header row"
                    .to_string()
            ],
            Some(1)
        )
    );
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", CONTACTS.as_bytes())]),
        (vec![], Some(0))
    );
}

#[test]
fn a_title_row_above_the_header_is_skipped_and_lines_still_count() {
    let text = format!("List 1: Contacts,,,,,,\n{CONTACTS}K1,a) Male,a) WBRI,,,31/02/2014,6\n");
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", text.as_bytes())]),
        (
            vec!["2015-03-31/contacts.csv 3 Date of Contact error bad-date: `31/02/2014` is not a real date (February 2014 has no day 31); the row is excluded".to_string()],
            Some(1)
        )
    );
}

/// Lists are recognised from a file's first 64 KB; a header further down (below a huge title
/// cell, or with a 200,000-character field just after it) is still found, by reading the file
/// whole, and the lines still count.
#[test]
fn a_header_beyond_the_first_64_kb_is_found() {
    let title = format!("\"{}\",,,,,,\n", "t".repeat(70_000));
    let text = format!("{title}{CONTACTS}K1,a) Male,a) WBRI,,,31/02/2014,6\n");
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", text.as_bytes())]),
        (
            vec!["2015-03-31/contacts.csv 3 Date of Contact error bad-date: `31/02/2014` is not a real date (February 2014 has no day 31); the row is excluded".to_string()],
            Some(1)
        )
    );
    let long = contacts(&format!(
        "K0,a) Male,a) WBRI,,,01/04/2014,{}\nK1,a) Male,a) WBRI,,,31/02/2014,6\n",
        "6".repeat(70_000)
    ));
    let (problems, _) = validate_files(&[("2015-03-31/contacts.csv", &long)]);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("2015-03-31/contacts.csv 3 Date of Contact error bad-date")),
        "{problems:?}"
    );
}

#[test]
fn duplicated_missing_and_unknown_columns_are_named() {
    let text = "Child Unique ID,Gender,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Favourite colour\nK1,a) Male,b) Female,a) WBRI,,,01/04/2014,blue\n";
    let (problems, code) = validate_files(&[("2015-03-31/contacts.csv", text.as_bytes())]);
    assert_eq!(
        problems,
        [
            "2015-03-31/contacts.csv 1 Contact Source error missing-column: List 1 (Contacts) has no `Contact Source` column; its values are treated as blank",
            "2015-03-31/contacts.csv 1 Favourite colour warning extra-column: column 8 is not an Annex A column of List 1 (Contacts), so it is not read",
            "2015-03-31/contacts.csv 1 Gender error duplicate-column: `Gender` appears 2 times; only the first (column 2) is read",
        ]
    );
    assert_eq!(code, Some(1));
}

#[test]
fn ragged_rows_are_read_as_far_as_they_go_and_reported() {
    let text = contacts("K1,a) Male,a) WBRI,,,01/04/2014,6\nK2,a) Male,a) WBRI,,,02/04/2014\nK3,a) Male,a) WBRI,,,03/04/2014,6,stray\n");
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", &text)]),
        (
            vec![
                // K2's source is the field its row lacks.
                "2015-03-31/contacts.csv  Contact Source warning blank-values: Contact Source is blank on 1 of 3 rows; kept, and shown as Not recorded in breakdowns".to_string(),
                "2015-03-31/contacts.csv 3  warning ragged-row: has 6 fields where the header has 7; the missing fields are read as blank".to_string(),
                "2015-03-31/contacts.csv 4  warning ragged-row: has 8 fields where the header has 7; the fields beyond the header's are not read".to_string(),
            ],
            Some(0)
        )
    );
}

#[test]
fn quoted_line_breaks_and_very_long_fields_are_read() {
    let long = "x".repeat(200_000);
    let text = contacts(&format!(
        "\"K1\nstill K1\",a) Male,a) WBRI,,,01/04/2014,6\n{long},a) Male,a) WBRI,,,01/04/2014,6\nK3,a) Male,a) WBRI,,,01/04/14,6\n"
    ));
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", &text)]),
        (
            vec!["2015-03-31/contacts.csv 5 Date of Contact error bad-date: `01/04/14` has a two-digit year; write the year in full (DD/MM/YYYY); the row is excluded".to_string()],
            Some(1)
        )
    );
}

#[test]
fn windows_1252_is_read_with_a_warning_and_other_bytes_are_an_error() {
    let mut text = REFERRALS.as_bytes().to_vec();
    text.extend(b"R1,a) Female,a) WBRI,,,01/04/2014,6,No,0,North,Zo\xeb Br\xf6nte\n");
    let (problems, code) = validate_files(&[("2015-03-31/referrals.csv", &text)]);
    assert_eq!(
        problems,
        ["2015-03-31/referrals.csv 2  warning windows-1252: is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV\"); check accented names, and save as \"CSV UTF-8\" to be sure"]
    );
    assert_eq!(code, Some(0));

    let mut text = REFERRALS.as_bytes().to_vec();
    text.extend(b"R1,a) Female,a) WBRI,,,01/04/2014,6,No,0,North,\x81\x00\n");
    assert_eq!(
        validate_files(&[("2015-03-31/referrals.csv", &text)]),
        (
            vec!["2015-03-31/referrals.csv 2  error encoding: is neither UTF-8 nor Windows-1252 text (is it a spreadsheet or UTF-16?); save it as \"CSV UTF-8\" and run again".to_string()],
            Some(1)
        )
    );
}

#[test]
fn dates_as_spreadsheets_write_them() {
    let text = contacts(
        "K1,a) Male,a) WBRI,,,41730,6\n\
         K2,a) Male,a) WBRI,,,01/04/2014 00:00,6\n\
         K3,a) Male,a) WBRI,,,2014-04-01T09:30:00,6\n\
         K4,a) Male,a) WBRI,,,04/13/2014,6\n",
    );
    assert_eq!(
        validate_files(&[("2015-03-31/contacts.csv", &text)]),
        (
            vec![
                "2015-03-31/contacts.csv 2 Date of Contact error bad-date: `41730` looks like an Excel date serial number (01/04/2014); format the column as a date (DD/MM/YYYY) before saving the CSV; the row is excluded".to_string(),
                "2015-03-31/contacts.csv 5 Date of Contact error bad-date: `04/13/2014` is not a real date (there is no month 13; is it a US date, MM/DD/YYYY?); the row is excluded".to_string(),
            ],
            Some(1)
        )
    );
}

#[test]
fn numbers_as_people_type_them_and_ids_keep_their_zeros() {
    let text =
        format!("{REFERRALS}0123,a) Female,a) WBRI,,10.0,01/04/2014,6,No,\"1,234\",North,W\n");
    let dir = temp_tree(&[("2015-03-31/referrals.csv", &text)]);
    assert_eq!(validate_dir(dir.path()), (vec![], Some(0)));
    let run = lscb_in(
        dir.path(),
        &[
            "drill",
            "referrals",
            ".",
            "--period",
            "2014-15",
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("\n0123,"), "{}", run.stdout);
}

#[test]
fn folders_that_hold_nothing_to_read() {
    let dir = temp_tree(&[("2015-03-31/notes.txt", "minutes")]);
    std::fs::create_dir_all(dir.path().join("2014-12-31")).unwrap();
    std::os::unix::fs::symlink("loop", dir.path().join("2015-03-31/loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("2015-03-31/self")).unwrap();
    assert_eq!(
        validate_dir(dir.path()),
        (
            vec![
                "2014-12-31   warning ignored-path: extract folder holds no CSV files or workbooks".to_string(),
                "2015-03-31   warning ignored-path: extract folder holds no CSV files or workbooks".to_string(),
                "2015-03-31/loop   warning ignored-path: not a CSV file or an Excel workbook (.xlsx), so not read".to_string(),
                "2015-03-31/notes.txt   warning ignored-path: not a CSV file or an Excel workbook (.xlsx), so not read".to_string(),
                "2015-03-31/self   warning ignored-path: not a CSV file or an Excel workbook (.xlsx), so not read".to_string(),
            ],
            Some(0)
        )
    );
}

/// A file whose dates are all written plainly is read as days, and one with a date written
/// otherwise as text; the two files of one list are decoded together, every row counted.
#[test]
fn files_with_and_without_a_date_written_otherwise_merge() {
    let plain = contacts("K1,a) Male,a) WBRI,,,01/05/2014,6\nK2,a) Male,a) WBRI,,,2014-05-02,6\n");
    let odd = contacts("K1,a) Male,a) WBRI,,,01/05/2014,6\nK3,a) Male,a) WBRI,,,01/08/2014,6\nK4,a) Male,a) WBRI,,,41730,6\n");
    let files: [(&str, &[u8]); 2] = [
        ("2014-06-30/contacts.csv", &plain),
        ("2014-09-30/contacts.csv", &odd),
    ];
    let (problems, _) = validate_files(&files);
    assert_eq!(
        problems,
        vec!["2014-09-30/contacts.csv 4 Date of Contact error bad-date: `41730` looks like an Excel date serial number (01/04/2014); format the column as a date (DD/MM/YYYY) before saving the CSV; the row is excluded".to_string()]
    );
    let run = contacts_counted(temp_tree(&files).path());
    // K1 twice (the second an exact duplicate), K2, K3; K4 excluded for its date.
    assert!(
        run.stdout
            .contains("\ncontacts,Contacts,2014-15,,3,3,,count,\n"),
        "{}",
        run.stdout
    );
}
