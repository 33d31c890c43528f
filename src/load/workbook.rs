//! Reading Annex A workbooks (`.xlsx`): each sheet recognised by its headers exactly as a CSV
//! file is, then read through the same path.
//!
//! A sheet becomes CSV text (the header row first), so decoding, checks and messages are the
//! CSV ones; line numbers are then moved to the sheet's own rows, and [`locate`] turns a
//! problem's row and column into a cell reference such as `List_3!C14`. Title rows above the
//! header (as in Ofsted's template) are skipped; Excel date cells, and serial numbers in date
//! columns, become dates; guidance and code sheets are passed over; Lists 8–11 are noted and
//! not read.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::{Duration, NaiveDate};

use super::headers::{self, Headings};
use super::read::{self, RawTable};
use crate::model::{ListKind, ValueKind};
use crate::problem::{Problem, Rule};

/// Rows searched for the header row below title rows.
const HEADER_SEARCH_ROWS: usize = 12;

/// A sheet read as a list.
pub struct Sheet {
    /// The label its rows carry: `2014-15_Q4/annex_a.xlsx!List_3`.
    pub label: String,
    pub raw: RawTable,
    /// Where each of the sheet's columns is, for cell references.
    pub place: SheetPlace,
}

/// How a sheet's columns and rows map to cell references.
#[derive(Clone, Debug, Default)]
pub struct SheetPlace {
    pub sheet: String,
    /// Canonical heading → 0-based sheet column.
    pub columns: BTreeMap<String, u32>,
}

/// Reads every sheet of a workbook that is an Annex A list. Whole-workbook problems (not a
/// workbook at all) are `Err`; problems with single sheets are pushed to `problems`.
pub fn read_workbook(
    bytes: Vec<u8>,
    label: &str,
    headings: &Headings,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Sheet>, Problem> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|error| {
        Problem::file(
            label,
            Rule::MalformedCsv,
            format!("cannot be read as an Excel workbook: {error}"),
        )
    })?;
    let mut sheets = Vec::new();
    let mut lists_found = Vec::new();
    for name in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            Err(error) => {
                problems.push(sheet_problem(
                    label,
                    &name,
                    Rule::MalformedCsv,
                    format!("sheet cannot be read: {error}"),
                ));
                continue;
            }
        };
        if let Some(sheet) = read_sheet(&range, label, &name, headings, problems) {
            lists_found.push(sheet.raw.header.list);
            sheets.push(sheet);
        }
    }
    for list in ListKind::ALL {
        if list.expected_in_workbook() && !lists_found.contains(&list) {
            problems.push(Problem::file(
                label,
                Rule::MissingList,
                format!("has no sheet holding {list}, so the workbook gives none"),
            ));
        }
    }
    Ok(sheets)
}

fn sheet_problem(label: &str, sheet: &str, rule: Rule, message: String) -> Problem {
    Problem {
        cell: Some(sheet.to_string()),
        ..Problem::file(label, rule, message)
    }
}

/// Guidance, notes and code-list sheets: not lists, passed over without a word.
fn is_guidance(name: &str) -> bool {
    let name = name.to_lowercase();
    [
        "guidance",
        "code",
        "contents",
        "note",
        "instruction",
        "read me",
        "readme",
        "lookup",
        "version",
        "front",
        "cover",
        "faq",
        "change",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// The list number a sheet's name gives (`List_8`, `List 8`, `list8`).
fn list_number(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let rest = lower.strip_prefix("list")?;
    rest.trim_start_matches([' ', '_', '-']).parse().ok()
}

fn read_sheet(
    range: &Range<Data>,
    label: &str,
    name: &str,
    headings: &Headings,
    problems: &mut Vec<Problem>,
) -> Option<Sheet> {
    if range.is_empty() || is_guidance(name) {
        return None;
    }
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    // Only the rows that may hold the header are read as text before the header is known.
    let rows: Vec<Vec<String>> = range
        .rows()
        .take(HEADER_SEARCH_ROWS)
        .map(|row| row.iter().map(|cell| text(cell, false)).collect())
        .collect();
    let Some((header_index, header)) = rows
        .iter()
        .enumerate()
        .find_map(|(i, row)| headers::recognise(row, headings).ok().map(|h| (i, h)))
    else {
        let why = rows
            .first()
            .map(|row| match headers::recognise(row, headings) {
                Err(why) => why.message(),
                Ok(_) => String::new(),
            })
            .unwrap_or_default();
        // A sheet named as a list must be one; any other sheet is passed over, with a note.
        let (rule, what) = match list_number(name) {
            Some(_) => (Rule::UnrecognisedFile, "is not read"),
            None => (Rule::IgnoredPath, "is passed over"),
        };
        problems.push(sheet_problem(
            label,
            name,
            rule,
            format!("sheet `{name}` is not an Annex A list ({why}), so it {what}"),
        ));
        return None;
    };
    let dates: Vec<usize> = header
        .found
        .iter()
        .filter(|(c, _)| c.kind == ValueKind::Date)
        .map(|(_, p)| *p)
        .collect();
    let sheet_label = format!("{label}!{name}");
    let header_row = first_row + header_index as u32 + 1;
    let place = SheetPlace {
        sheet: name.to_string(),
        columns: header
            .found
            .iter()
            .map(|(c, p)| (c.heading.to_string(), first_col + *p as u32))
            .chain(
                header
                    .extra
                    .iter()
                    .map(|(p, h)| (h.clone(), first_col + *p as u32)),
            )
            .collect(),
    };
    let mut records = vec![rows[header_index].clone()];
    for row in range.rows().skip(header_index + 1) {
        records.push(
            row.iter()
                .enumerate()
                .map(|(i, cell)| text(cell, dates.contains(&i)))
                .collect(),
        );
    }
    report_unheaded_columns(
        &records,
        first_col,
        u64::from(header_row),
        &sheet_label,
        problems,
    );
    let mut csv = csv::Writer::from_writer(Vec::new());
    for record in &records {
        // Writing to memory cannot fail.
        let _ = csv.write_record(record);
    }
    let bytes = csv.into_inner().unwrap_or_default();
    let raw = match read::read_csv(bytes, &sheet_label, headings, problems) {
        Ok(raw) => raw,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let raw = RawTable {
        frame: read::shift_lines(raw.frame, u64::from(header_row)).ok()?,
        header: raw.header,
        dictionaries: raw.dictionaries,
    };
    Some(Sheet {
        label: sheet_label,
        raw,
        place,
    })
}

/// A column with values under a blank heading (the rest of a merged header cell, say) is
/// not read: say so, rather than drop it silently.
fn report_unheaded_columns(
    records: &[Vec<String>],
    first_col: u32,
    header_row: u64,
    label: &str,
    problems: &mut Vec<Problem>,
) {
    let Some((header, data)) = records.split_first() else {
        return;
    };
    for (i, heading) in header.iter().enumerate() {
        let filled = || {
            data.iter()
                .any(|row| row.get(i).is_some_and(|v| !v.trim().is_empty()))
        };
        if heading.trim().is_empty() && filled() {
            problems.push(Problem::at(
                label,
                header_row,
                None,
                Rule::ExtraColumn,
                format!(
                    "column {} has values but no heading (part of a merged header cell?), so it is not read",
                    column_letters(first_col + i as u32)
                ),
            ));
        }
    }
}

/// A cell as text. Excel dates (and serial numbers in date columns) become `YYYY-MM-DD`;
/// whole numbers lose their `.0`; line breaks become spaces; error cells are written as
/// Excel writes them.
fn text(cell: &Data, date_column: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.replace(['\r', '\n'], " "),
        Data::Float(f) if date_column => serial_date(*f).unwrap_or_else(|| f.to_string()),
        Data::Int(i) if date_column => serial_date(*i as f64).unwrap_or_else(|| i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(true) => "Yes".to_string(),
        Data::Bool(false) => "No".to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        // As Excel shows it (`#N/A`, `#REF!`): decoding reads it as blank, with a warning.
        Data::Error(e) => e.to_string(),
    }
}

/// The date of an Excel serial number (1900 date system; whole days).
pub fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = epoch.checked_add_signed(Duration::days(serial.floor() as i64))?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// `A`, `B`, …, `Z`, `AA` for a 0-based column.
pub fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Gives problems about workbook sheets their file (the workbook) and cell reference
/// (`List_3!C14`, or `List_3!14` for a whole row).
pub fn locate(problems: &mut [Problem], places: &BTreeMap<String, SheetPlace>) {
    for problem in problems.iter_mut() {
        let Some(place) = places.get(&problem.file) else {
            continue;
        };
        let workbook = problem
            .file
            .rsplit_once('!')
            .map_or(problem.file.clone(), |(w, _)| w.to_string());
        let column = problem
            .column
            .as_ref()
            .and_then(|heading| place.columns.get(heading))
            .map(|c| column_letters(*c));
        problem.cell = Some(match (column, problem.line) {
            (Some(letters), Some(row)) => format!("{}!{letters}{row}", place.sheet),
            (None, Some(row)) => format!("{}!{row}", place.sheet),
            _ => place.sheet.clone(),
        });
        problem.file = workbook;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_dates() {
        assert_eq!(serial_date(42094.0).as_deref(), Some("2015-03-31"));
        assert_eq!(serial_date(41730.5).as_deref(), Some("2014-04-01"));
        assert_eq!(serial_date(0.0), None);
    }

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn sheet_names_give_list_numbers() {
        assert_eq!(list_number("List_8"), Some(8));
        assert_eq!(list_number("List 11"), Some(11));
        assert_eq!(list_number("Contacts"), None);
        assert!(is_guidance("Guidance notes"));
        assert!(!is_guidance("List_1"));
    }
}
