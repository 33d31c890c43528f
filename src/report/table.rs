//! A report table: typed cells that render the same figures as Markdown, CSV and Excel, with
//! disclosure control applied once, where the cell is made.

use crate::indicators::definition::Unit;
use crate::render::format_number;

/// One cell of a report table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A figure in its unit, shown to `decimals` places.
    Number {
        value: f64,
        unit: Unit,
        decimals: u8,
    },
    /// Withheld by disclosure control: shown as `c`.
    Withheld,
    /// No figure.
    Empty,
}

impl Cell {
    /// A figure, withheld when `suppress` is on and the counts behind it are from 1 to 5
    /// (SPEC §7: a count of 1–5, or a rate or percentage whose numerator or denominator is).
    pub fn figure(
        value: Option<f64>,
        counts: (Option<f64>, Option<f64>),
        unit: Unit,
        decimals: u8,
        suppress: bool,
    ) -> Cell {
        let Some(value) = value else {
            return Cell::Empty;
        };
        let small = |n: Option<f64>| n.is_some_and(|n| (1.0..=5.0).contains(&n.round()));
        let withheld = match unit {
            Unit::Count => small(Some(value)),
            _ => small(counts.0) || small(counts.1),
        };
        if suppress && withheld {
            Cell::Withheld
        } else {
            Cell::Number {
                value,
                unit,
                decimals,
            }
        }
    }

    /// A published figure (already disclosure-controlled by its publisher).
    pub fn published(value: Option<f64>, unit: Unit, decimals: u8) -> Cell {
        value.map_or(Cell::Empty, |value| Cell::Number {
            value,
            unit,
            decimals,
        })
    }

    /// The cell's figure, if it has one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Cell::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// As people read it: `65.0%`, `10,517`, `c`, `–`.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number {
                value,
                unit: Unit::Percent,
                decimals,
            } => format!("{}%", format_number(*value, *decimals)),
            Cell::Number {
                value, decimals, ..
            } => format_number(*value, *decimals),
            Cell::Withheld => "c".to_string(),
            Cell::Empty => "–".to_string(),
        }
    }

    /// As CSV holds it: the rounded number without separators or units, `c`, or nothing.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number {
                value, decimals, ..
            } => format!("{value:.*}", usize::from(*decimals)),
            Cell::Withheld => "c".to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// `text` for Markdown, taken literally: the characters that make markup (emphasis, links,
/// code, raw HTML, table cells) escaped with a backslash, so a team or indicator named
/// `<script>` or `a | b` reads as written.
pub fn markdown_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A table of the report, written as `tables/{key}.csv`, a sheet of `report.xlsx` and a
/// Markdown table.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportTable {
    /// The file name stem.
    pub key: String,
    pub title: String,
    pub headers: Vec<String>,
    /// The first column holds indicator ids: in CSV and Excel, not in Markdown.
    pub id_column: bool,
    pub rows: Vec<Vec<Cell>>,
    /// One plain-English sentence per row, under the Markdown table.
    pub readings: Vec<String>,
}

impl ReportTable {
    /// The table as CSV.
    pub fn to_csv(&self) -> anyhow::Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row.iter().map(Cell::plain))?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
        Ok(String::from_utf8(bytes)?)
    }

    /// The table as Markdown, numbers aligned right.
    pub fn to_markdown(&self) -> String {
        let skip = usize::from(self.id_column);
        let escape = |cell: String| markdown_text(&cell);
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        let mut text = line(
            self.headers
                .iter()
                .skip(skip)
                .cloned()
                .map(escape)
                .collect(),
        );
        let numeric: Vec<bool> = (skip..self.headers.len())
            .map(|i| {
                self.rows
                    .iter()
                    .any(|r| matches!(r.get(i), Some(Cell::Number { .. } | Cell::Withheld)))
            })
            .collect();
        text.push_str(&line(
            numeric
                .iter()
                .map(|n| if *n { "---:" } else { "---" }.to_string())
                .collect(),
        ));
        for row in &self.rows {
            text.push_str(&line(
                row.iter().skip(skip).map(|c| escape(c.display())).collect(),
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(n: f64, suppress: bool) -> String {
        Cell::figure(Some(n), (Some(n), None), Unit::Count, 0, suppress).display()
    }

    #[test]
    fn counts_of_one_to_five_are_withheld_and_zero_is_shown() {
        assert_eq!(count(0.0, true), "0");
        assert_eq!(count(1.0, true), "c");
        assert_eq!(count(5.0, true), "c");
        assert_eq!(count(6.0, true), "6");
        assert_eq!(count(5.0, false), "5");
    }

    #[test]
    fn percentages_with_a_small_numerator_or_denominator_are_withheld() {
        let share = |n: f64, d: f64| {
            Cell::figure(
                Some(100.0 * n / d),
                (Some(n), Some(d)),
                Unit::Percent,
                1,
                true,
            )
            .display()
        };
        assert_eq!(share(0.0, 6.0), "0.0%");
        assert_eq!(share(1.0, 6.0), "c");
        assert_eq!(share(5.0, 10.0), "c");
        assert_eq!(share(6.0, 10.0), "60.0%");
        assert_eq!(share(5.0, 5.0), "c");
        assert_eq!(share(6.0, 6.0), "100.0%");
        let rate = Cell::figure(Some(0.9), (Some(5.0), Some(56_556.0)), Unit::Rate, 1, true);
        assert_eq!(rate, Cell::Withheld);
    }

    #[test]
    fn cells_render_for_people_and_for_csv() {
        let cell = Cell::figure(Some(10517.0), (None, None), Unit::Count, 0, true);
        assert_eq!(
            (cell.display(), cell.plain()),
            ("10,517".into(), "10517".into())
        );
        let cell = Cell::published(Some(74.76), Unit::Percent, 1);
        assert_eq!(
            (cell.display(), cell.plain()),
            ("74.8%".into(), "74.8".into())
        );
        assert_eq!(
            (Cell::Empty.display(), Cell::Empty.plain()),
            ("–".into(), "".into())
        );
    }
}
