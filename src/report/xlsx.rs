//! `report.xlsx`: one sheet per report table, numbers stored as numbers with formats, the
//! header row frozen.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::table::{Cell, ReportTable};
use crate::indicators::definition::Unit;

/// The workbook's bytes. `dated` is stored as the creation date, so the same report gives
/// the same bytes.
pub fn workbook(tables: &[&ReportTable], title: &str, dated: NaiveDate) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(dated.year())?,
        u8::try_from(dated.month())?,
        u8::try_from(dated.day())?,
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("lscb")
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold().set_text_wrap();
    let mut used = Vec::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(unique(sheet_name(&table.title), &table.key, &mut used))?;
        for (col, heading) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, u16::try_from(col)?, heading, &header)?;
            let width = if col <= usize::from(table.id_column) {
                40
            } else {
                14
            };
            sheet.set_column_width(u16::try_from(col)?, width)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c)?;
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(r, c, text)?;
                    }
                    Cell::Number {
                        value,
                        unit,
                        decimals,
                    } => {
                        let (stored, format) = number_format(*value, *unit, *decimals);
                        sheet.write_number_with_format(r, c, stored, &format)?;
                    }
                    Cell::Withheld => {
                        sheet.write_string(r, c, "c")?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// How a figure is stored: as shown (rounded to its decimals), percentages as fractions with
/// a percent format, so Excel computes with them as it does with its own.
fn number_format(value: f64, unit: Unit, decimals: u8) -> (f64, Format) {
    let value = crate::benchmark::rating::rounded(value, decimals);
    let places = "0".repeat(usize::from(decimals));
    let fixed = if places.is_empty() {
        "#,##0".to_string()
    } else {
        format!("#,##0.{places}")
    };
    match unit {
        Unit::Percent if places.is_empty() => (value / 100.0, Format::new().set_num_format("0%")),
        Unit::Percent => (
            value / 100.0,
            Format::new().set_num_format(format!("0.{places}%")),
        ),
        _ => (value, Format::new().set_num_format(fixed)),
    }
}

/// `name`, or where a sheet has it already (Excel compares names ignoring case) the table's
/// `key` cut to fit, numbered if need be.
fn unique(name: String, key: &str, used: &mut Vec<String>) -> String {
    let taken = |n: &str, used: &[String]| used.contains(&n.to_lowercase());
    let mut chosen = name;
    if taken(&chosen, used) {
        let key = sheet_name(key);
        chosen = key.clone();
        let mut n = 2;
        while taken(&chosen, used) {
            let suffix = format!(" {n}");
            let room = 31 - suffix.len();
            chosen = format!("{}{suffix}", key.chars().take(room).collect::<String>());
            n += 1;
        }
    }
    used.push(chosen.to_lowercase());
    chosen
}

/// A sheet name Excel accepts: at most 31 characters (a longer title cut at a word), none of
/// `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let allowed: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    if allowed.chars().count() <= 31 {
        return allowed;
    }
    let cut: String = allowed.chars().take(31).collect();
    match cut.rsplit_once(' ') {
        Some((words, _)) if !words.trim().is_empty() => words.trim_end().to_string(),
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_unique_ignoring_case() {
        let mut used = Vec::new();
        assert_eq!(unique("Budget".into(), "budget", &mut used), "Budget");
        assert_eq!(unique("budget".into(), "budget", &mut used), "budget 2");
        assert_eq!(
            unique("Allegations".into(), "lado_by_agency", &mut used),
            "Allegations"
        );
        assert_eq!(
            unique("Allegations".into(), "lado_by_sector", &mut used),
            "lado_by_sector"
        );
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(
            sheet_name("Section 47 and conferences"),
            "Section 47 and conferences"
        );
        assert_eq!(sheet_name("a/b: c?").len(), 4);
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(
            sheet_name("Children looked after and care leavers"),
            "Children looked after and care"
        );
    }
}
