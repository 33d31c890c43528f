//! Arranging a report's tables, sentences and charts as the published document's chapters,
//! in the annual report's order, with the board's narrative and a notes chapter.

use std::collections::BTreeMap;

use super::chart::Chart;
use super::html::{self, Block, Chapter, Document};
use super::narrative::CHAPTERS;
use super::table::{Cell, ReportTable};
use super::{definition, extracts_read, introduction, suppression, Inputs};
use crate::benchmark::Comparison;
use crate::dates::period::Period;

/// What the published document is made from: the report's own tables and charts.
pub struct Published<'a> {
    pub title: &'a str,
    pub period: &'a Period,
    /// One table per report section, in section order.
    pub sections: &'a [ReportTable],
    /// Contacts by source; CP plans by category and age band.
    pub breakdowns: &'a [ReportTable],
    pub comparisons: &'a [Comparison],
    pub charts: &'a BTreeMap<String, Chart>,
}

/// The chapter a breakdown table belongs to: a defined table's own (`other` when it names
/// no chapter of the report), else the built-in breakdowns'.
fn breakdown_chapter<'a>(inputs: &'a Inputs, key: &str) -> &'a str {
    if let Some(table) = inputs.tables.iter().find(|t| t.key == key) {
        let known = CHAPTERS
            .iter()
            .any(|(chapter, _)| *chapter == table.chapter);
        return if known { &table.chapter } else { "other" };
    }
    match key {
        "contacts_by_source" => "front_door",
        "eh_by_organisation" => "early_help",
        _ => "child_protection",
    }
}

impl Published<'_> {
    /// The document as HTML.
    pub fn html(&self, inputs: &Inputs) -> String {
        let notes_tables = self.notes_tables(inputs);
        let mut chapters: Vec<Chapter> = CHAPTERS
            .iter()
            .filter(|(key, _)| !matches!(*key, "foreword" | "notes"))
            .filter_map(|(key, title)| self.chapter(inputs, key, title))
            .collect();
        let mut other: Vec<Block> = self
            .sections
            .iter()
            .filter(|t| t.key == "other")
            .flat_map(|t| self.figures(t))
            .collect();
        other.extend(
            self.breakdowns
                .iter()
                .filter(|t| breakdown_chapter(inputs, &t.key) == "other")
                .map(|t| Block::Table(t, None)),
        );
        if !other.is_empty() {
            chapters.push(Chapter {
                key: "other",
                title: "Other indicators",
                narrative: None,
                blocks: other,
            });
        }
        let without_narrative: Vec<&str> = chapters
            .iter()
            .filter(|c| c.narrative.is_none() && c.key != "other")
            .map(|c| c.title)
            .collect();
        let notes = self.notes(inputs, &notes_tables, &without_narrative);
        let subtitle = format!("{} (LA {})", inputs.la_name, inputs.settings.la);
        let dated = format!(
            "Figures as at {}, from {}.",
            self.period.end.format("%-d %B %Y"),
            extracts_read(inputs)
        );
        html::render(&Document {
            board: &inputs.board,
            title: self.title,
            subtitle: &subtitle,
            dated: &dated,
            foreword: inputs.narrative.text("foreword"),
            chapters,
            notes,
        })
    }

    /// A chapter of the annual report: its figures where the data has them, the board's
    /// words where it wrote them; `None` when it has neither.
    fn chapter<'a>(
        &'a self,
        inputs: &'a Inputs,
        key: &'a str,
        title: &'a str,
    ) -> Option<Chapter<'a>> {
        let mut blocks = Vec::new();
        if let Some(table) = self.sections.iter().find(|t| t.key == key) {
            blocks.extend(self.figures(table));
        }
        for table in self
            .breakdowns
            .iter()
            .filter(|t| breakdown_chapter(inputs, &t.key) == key)
        {
            blocks.push(Block::Table(table, None));
        }
        let narrative = inputs.narrative.text(key);
        if blocks.is_empty() && narrative.is_none() {
            return None;
        }
        Some(Chapter {
            key,
            title,
            narrative,
            blocks,
        })
    }

    /// A section's table, a sentence per indicator, and its indicators' charts.
    fn figures<'a>(&'a self, table: &'a ReportTable) -> Vec<Block<'a>> {
        let compared = table.headers.get(2..4).map_or(String::new(), |years| {
            format!(": {} against {}", years[0], years[1])
        });
        let caption = format!(
            "{} indicators{compared}, with the local target, statistical neighbours and England",
            table.title
        );
        let mut blocks = vec![Block::Table(table, Some(caption))];
        if !table.readings.is_empty() {
            blocks.push(Block::List(table.readings.clone()));
        }
        let mut charts = Vec::new();
        for row in &table.rows {
            let Some(Cell::Text(id)) = row.first() else {
                continue;
            };
            for kind in ["trend", "neighbours"] {
                let name = format!("{id}_{kind}");
                if let Some(chart) = self.charts.get(&name) {
                    charts.push(Block::Chart(name, chart));
                }
            }
        }
        if !charts.is_empty() {
            blocks.push(Block::Heading(format!(
                "{}: trends and comparisons",
                table.title
            )));
            blocks.extend(charts);
        }
        blocks
    }

    /// The notes chapter's tables: the definitions, and how every row was accounted for.
    fn notes_tables(&self, inputs: &Inputs) -> [ReportTable; 2] {
        let text = |s: &str| Cell::Text(s.to_string());
        let definitions = ReportTable {
            key: "definitions".to_string(),
            title: "Definitions".to_string(),
            headers: ["Indicator", "Definition", "Source"]
                .map(String::from)
                .to_vec(),
            id_column: false,
            rows: self
                .comparisons
                .iter()
                .filter_map(|c| definition(inputs, &c.id))
                .map(|d| vec![text(&d.title), text(&d.definition), text(&d.source)])
                .collect(),
            readings: Vec::new(),
        };
        let count = |n: usize| Cell::Text(crate::render::format_number(n as f64, 0));
        let accounting = ReportTable {
            key: "data_quality".to_string(),
            title: "Rows read and how each was used".to_string(),
            headers: [
                "List",
                "Files",
                "Rows read",
                "Kept",
                "Exact duplicates",
                "Updated by a later extract",
                "Rejected",
            ]
            .map(String::from)
            .to_vec(),
            id_column: false,
            rows: inputs
                .quality
                .summaries
                .iter()
                .map(|s| {
                    vec![
                        text(&s.list),
                        count(s.files),
                        count(s.rows_read),
                        count(s.kept),
                        count(s.exact_duplicates),
                        count(s.updated),
                        count(s.rejected),
                    ]
                })
                .collect(),
            readings: Vec::new(),
        };
        [definitions, accounting]
    }

    fn notes<'a>(
        &self,
        inputs: &'a Inputs,
        tables: &'a [ReportTable; 2],
        without_narrative: &[&str],
    ) -> Chapter<'a> {
        let [definitions, accounting] = tables;
        let introduction = introduction(inputs, self.period);
        let [sources, reading] = introduction;
        let mut blocks = vec![
            Block::Heading("How to read the figures".to_string()),
            Block::Paragraph(reading),
        ];
        let mut footnotes = crate::render::Footnotes::default();
        for c in self.comparisons {
            footnotes.mark(&c.title, &c.id, &c.notes);
        }
        let footnotes = footnotes.texts();
        if !footnotes.is_empty() {
            blocks.push(Block::Heading("Notes on the figures".to_string()));
            blocks.push(Block::List(footnotes));
        }
        blocks.push(Block::Heading("Definitions".to_string()));
        blocks.push(Block::Table(definitions, None));
        blocks.push(Block::Heading("Sources".to_string()));
        blocks.push(Block::Paragraph(sources));
        blocks.push(Block::List(vec![
            format!(
                "Comparators: DfE's published statistics (Characteristics of children in \
                 need; the LA interactive tool) for England and the LA's statistical \
                 neighbours in the {} model.",
                inputs.settings.model.name
            ),
            "Rates per 10,000 children: ONS mid-year population estimates of children aged \
             0 to 17."
                .to_string(),
            "Working days: the bank holidays of England and Wales.".to_string(),
        ]));
        blocks.push(Block::Heading("Data quality".to_string()));
        let quality = &inputs.quality;
        blocks.push(Block::Paragraph(format!(
            "Checking the extracts found {} and {}; lscb validate lists each with its \
             file, line and column. Rows with an error that makes them unusable are \
             rejected; every row read is counted below.",
            plural(quality.errors, "error"),
            plural(quality.warnings, "warning")
        )));
        blocks.push(Block::Table(accounting, None));
        if quality.absent_columns.is_empty() {
            blocks.push(Block::Paragraph(
                "Every optional column the indicators use is in the extracts.".to_string(),
            ));
        } else {
            blocks.push(Block::Paragraph(
                "Optional columns missing from the extracts, and what they leave blank:"
                    .to_string(),
            ));
            blocks.push(Block::List(quality.absent_columns.clone()));
        }
        if !quality.sections_without_data.is_empty() {
            blocks.push(Block::List(quality.sections_without_data.clone()));
        }
        blocks.push(Block::Heading("Disclosure control".to_string()));
        blocks.push(Block::Paragraph(suppression(inputs).to_string()));
        blocks.push(Block::Heading("The board's narrative".to_string()));
        blocks.push(Block::Paragraph(if without_narrative.is_empty() {
            "Every chapter has the board's narrative.".to_string()
        } else {
            format!(
                "No narrative was supplied for: {}.",
                without_narrative.join(", ")
            )
        }));
        Chapter {
            key: "notes",
            title: "Notes",
            narrative: inputs.narrative.text("notes"),
            blocks,
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
