//! `lscb validate DIR`: every problem in the extracts, and how every row was accounted for.
//!
//! Exit status: 0 when there is no error (warnings allowed), 1 when there are errors.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use lscb::indicators;
use lscb::load::{ListSummary, LoadReport};
use lscb::problem::{self, Problem};
use lscb::render::{self, Format, Table};
use serde::Serialize;

use super::DataArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory: one folder per extract, named by its as-at date (YYYY-MM-DD or
    /// YYYY-YY_QN), each holding one CSV per Annex A list or an Annex A workbook (.xlsx) with
    /// a sheet per list (problems in a workbook are located by sheet and cell).
    pub dir: PathBuf,

    #[command(flatten)]
    pub data: DataArgs,

    /// Output format (CSV lists the problems only).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs the command; returns whether the data is free of errors.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<bool> {
    let (catalogue, dataset, mut report) = args.data.catalogue_and_load(&args.dir)?;
    report
        .problems
        .extend(indicators::absent_column_problems(&catalogue, &dataset));
    problem::sort(&mut report.problems);
    let (errors, warnings) = problem::count(&report.problems);
    match args.format {
        Format::Json => render::write_json(&JsonReport::new(&report), out)?,
        Format::Csv => problem_table(&report.problems).write(Format::Csv, out)?,
        format => {
            if report.problems.is_empty() {
                writeln!(out, "No problems found.")?;
            } else {
                problem_table(&report.problems).write(format, out)?;
            }
            writeln!(out)?;
            summary_table(&report.summaries).write(format, out)?;
            writeln!(out)?;
            writeln!(out, "{}", verdict(errors, warnings))?;
        }
    }
    Ok(errors == 0)
}

/// One line saying how many errors and warnings there are.
pub fn verdict(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}.",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The problems as a table; where any is in a workbook, the line column is headed
/// `Location` and holds sheet and cell references (`List_3!C14`) for those.
fn problem_table(problems: &[Problem]) -> Table {
    let place = match problems.iter().any(|p| p.cell.is_some()) {
        true => "Location",
        false => "Line",
    };
    let mut table = Table::new(
        &["File", place, "Column", "Severity", "Rule", "Message"],
        &[false, true, false, false, false, false],
    );
    for p in problems {
        table.push(vec![
            p.file.clone(),
            p.cell
                .clone()
                .or(p.line.map(|l| l.to_string()))
                .unwrap_or_default(),
            p.column.clone().unwrap_or_default(),
            p.severity.to_string(),
            p.rule.id().to_string(),
            p.message.clone(),
        ]);
    }
    table
}

fn summary_table(summaries: &[ListSummary]) -> Table {
    let mut table = Table::new(
        &[
            "List",
            "Files",
            "Rows read",
            "Kept",
            "Exact duplicates",
            "Updated",
            "Rejected",
        ],
        &[false, true, true, true, true, true, true],
    );
    for s in summaries {
        table.push(vec![
            s.list.clone(),
            s.files.to_string(),
            s.rows_read.to_string(),
            s.kept.to_string(),
            s.exact_duplicates.to_string(),
            s.updated.to_string(),
            s.rejected.to_string(),
        ]);
    }
    table
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    problems: &'a [Problem],
    summary: &'a [ListSummary],
}

impl<'a> JsonReport<'a> {
    fn new(report: &'a LoadReport) -> JsonReport<'a> {
        let (errors, warnings) = problem::count(&report.problems);
        JsonReport {
            errors,
            warnings,
            problems: &report.problems,
            summary: &report.summaries,
        }
    }
}
