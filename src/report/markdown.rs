//! `report.md`: the report's tables, one sentence per indicator, chart links and notes, as
//! Markdown for the annual report's text.

use std::collections::BTreeMap;

use super::chart::Chart;
use super::table::{self, Cell, ReportTable};
use super::{introduction, Inputs};
use crate::benchmark::Comparison;
use crate::dates::period::Period;

pub(super) fn markdown(
    inputs: &Inputs,
    title: &str,
    period: &Period,
    sections: &[ReportTable],
    breakdowns: &[ReportTable],
    comparisons: &[Comparison],
    charts: &BTreeMap<String, Chart>,
) -> String {
    let mut text = format!("# {title}\n\n");
    for paragraph in introduction(inputs, period) {
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    for table in sections {
        text.push_str(&format!("## {}\n\n", table::markdown_text(&table.title)));
        text.push_str(&table.to_markdown());
        text.push('\n');
        for reading in &table.readings {
            text.push_str(&format!("* {}\n", table::markdown_text(reading)));
        }
        text.push('\n');
        for row in &table.rows {
            let Some(Cell::Text(id)) = row.first() else {
                continue;
            };
            for (kind, label) in [
                ("trend", "by quarter"),
                ("neighbours", "against neighbours"),
            ] {
                let name = format!("{id}_{kind}");
                if charts.contains_key(&name) {
                    let title = row.get(1).map(Cell::display).unwrap_or_default();
                    let title = table::markdown_text(&title);
                    text.push_str(&format!("![{title}, {label}](charts/{name}.svg)\n"));
                }
            }
        }
        text.push('\n');
    }
    for table in breakdowns {
        text.push_str(&format!("## {}\n\n", table::markdown_text(&table.title)));
        text.push_str(&table.to_markdown());
        text.push('\n');
    }
    let mut notes = crate::render::Footnotes::default();
    for c in comparisons {
        notes.mark(&c.title, &c.id, &c.notes);
    }
    let lines = notes.texts();
    if !lines.is_empty() {
        text.push_str("## Notes\n\n");
        for line in lines {
            text.push_str(&format!("* {line}\n"));
        }
    }
    text
}
