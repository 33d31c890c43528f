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

/// Writes any serialisable value as pretty JSON with a final newline.
pub fn write_json<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
