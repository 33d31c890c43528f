//! Writing tables in every output format: terminal table, CSV, JSON and Markdown.
//!
//! Commands build a [`Table`] of display strings; this module only lays it out. Output goes
//! to any `Write`, so tests render in memory.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{presets, CellAlignment, ContentArrangement};
use serde::Serialize;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Table,
    Csv,
    Json,
    Markdown,
}

/// A rectangular table of display strings, with a right-aligned flag per column.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers, aligned right in the terminal and in Markdown.
    pub numeric: Vec<bool>,
}

impl Table {
    /// A table with these headings and no rows.
    pub fn new(headers: &[&str], numeric: &[bool]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            numeric: numeric.to_vec(),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Writes the table in `format`; JSON is an array of objects keyed by heading.
    pub fn write(&self, format: Format, out: &mut dyn Write) -> Result<()> {
        match format {
            Format::Table => self.write_terminal(out),
            Format::Csv => self.write_csv(out),
            Format::Json => write_json(&self.as_objects(), out),
            Format::Markdown => self.write_markdown(out),
        }
    }

    fn write_terminal(&self, out: &mut dyn Write) -> Result<()> {
        let mut table = comfy_table::Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(&self.headers);
        for row in &self.rows {
            table.add_row(row);
        }
        for (index, numeric) in self.numeric.iter().enumerate() {
            if let (true, Some(column)) = (*numeric, table.column_mut(index)) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        writeln!(out, "{table}")?;
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.flush()?;
        Ok(())
    }

    fn write_markdown(&self, out: &mut dyn Write) -> Result<()> {
        let escape = |cell: &str| cell.replace('|', "\\|").replace('\n', " ");
        let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
        writeln!(
            out,
            "{}",
            line(self.headers.iter().map(|h| escape(h)).collect())
        )?;
        let rule = (0..self.headers.len())
            .map(|i| {
                if self.numeric.get(i).copied().unwrap_or(false) {
                    "---:".to_string()
                } else {
                    "---".to_string()
                }
            })
            .collect();
        writeln!(out, "{}", line(rule))?;
        for row in &self.rows {
            writeln!(out, "{}", line(row.iter().map(|c| escape(c)).collect()))?;
        }
        Ok(())
    }

    fn as_objects(&self) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.headers
                    .iter()
                    .zip(row)
                    .map(|(h, c)| (h.clone(), serde_json::Value::String(c.clone())))
                    .collect()
            })
            .collect()
    }
}

/// Numbered notes under a table: records left out, where comparators come from, anything a
/// figure needs said beside it. Rows with the same note share its number.
#[derive(Default)]
pub struct Footnotes {
    /// Each note's text and the ids it is about.
    lines: Vec<(String, Vec<String>)>,
}

impl Footnotes {
    /// `label`, marked `[n]` when `said` is not empty; the note reads `id, id: said | said`.
    pub fn mark(&mut self, label: &str, id: &str, said: &[String]) -> String {
        if said.is_empty() {
            return label.to_string();
        }
        let text = said.join(" | ");
        let number = match self.lines.iter().position(|(t, _)| *t == text) {
            Some(i) => {
                self.lines[i].1.push(id.to_string());
                i + 1
            }
            None => {
                self.lines.push((text, vec![id.to_string()]));
                self.lines.len()
            }
        };
        format!("{label} [{number}]")
    }

    /// The notes as text, one per line: `[1] id, id: note`.
    pub fn texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, (text, ids))| format!("[{}] {}: {text}", i + 1, ids.join(", ")))
            .collect()
    }

    /// Writes the notes, one per line.
    pub fn write(&self, out: &mut dyn Write) -> Result<()> {
        for line in self.texts() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

/// A number with thousands separators and `decimals` places: `10,517`, `414.8`.
pub fn format_number(value: f64, decimals: u8) -> String {
    let text = format!("{value:.*}", usize::from(decimals));
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (text.clone(), String::new()),
    };
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", whole),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{fraction}")
}

/// A figure rounded and labelled for people (`42.9%`, `10,517`, `414.8`), or `–` for none.
pub fn display(value: Option<f64>, percent: bool, decimals: u8) -> String {
    match value {
        None => "–".to_string(),
        Some(v) if percent => format!("{}%", format_number(v, decimals)),
        Some(v) => format_number(v, decimals),
    }
}

/// A plain rounded number for CSV (no separators or units), or empty for none.
pub fn plain(value: Option<f64>, decimals: u8) -> String {
    value
        .map(|v| format!("{v:.*}", usize::from(decimals)))
        .unwrap_or_default()
}

/// The name a value serialises to: `worsening`, `Red`, `median_working_days`. Enums print in
/// tables as they read in JSON.
pub fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Writes any serialisable value as pretty JSON with a final newline.
pub fn write_json<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `a`, `a and b`, `a, b and c`: items as a sentence lists them.
pub fn and_list(items: &[&str]) -> String {
    listed(items, "and")
}

/// `a`, `a or b`, `a, b or c`: alternatives as a sentence lists them.
pub fn or_list(items: &[&str]) -> String {
    listed(items, "or")
}

fn listed(items: &[&str], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_listed_as_a_sentence_lists_them() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(format_number(10517.0, 0), "10,517");
        assert_eq!(format_number(414.84, 1), "414.8");
        assert_eq!(format_number(1234567.891, 2), "1,234,567.89");
        assert_eq!(format_number(-1500.0, 0), "-1,500");
        assert_eq!(format_number(5.0, 0), "5");
        assert_eq!(display(Some(42.94), true, 1), "42.9%");
        assert_eq!(display(None, true, 1), "–");
        assert_eq!(plain(Some(414.84), 1), "414.8");
    }

    fn sample() -> Table {
        let mut table = Table::new(&["List", "Rows"], &[false, true]);
        table.push(vec!["Contacts".into(), "12".into()]);
        table.push(vec!["A|B, \"C\"".into(), "3".into()]);
        table
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        sample().write(format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(
            render(Format::Csv),
            "List,Rows\nContacts,12\n\"A|B, \"\"C\"\"\",3\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_aligns_numbers() {
        assert_eq!(
            render(Format::Markdown),
            "| List | Rows |\n| --- | ---: |\n| Contacts | 12 |\n| A\\|B, \"C\" | 3 |\n"
        );
    }

    #[test]
    fn json_is_an_array_of_objects() {
        let json: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(json[0]["List"], "Contacts");
        assert_eq!(json[1]["Rows"], "3");
    }
}
