//! `lscb indicators DIR --period P`: the catalogue's figures for a period, a quarter-by-quarter
//! view of a year, or a breakdown; `lscb indicators --list`: the catalogue itself.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::ValueEnum;

use lscb::dates::period::Period;
use lscb::indicators::breakdown::{AgeBands, Breakdown};
use lscb::indicators::definition::{Definition, Unit};
use lscb::indicators::IndicatorResult;
use lscb::load::discover;
use lscb::render::{self, format_number, label, plain, Footnotes, Format, Table};
use lscb::threads::two_at_a_time;

use super::DataArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory of extracts.
    #[arg(required_unless_present = "list")]
    pub dir: Option<PathBuf>,

    /// The period: a financial year (2014-15), a quarter (2014-15 Q3), a year to date
    /// (2014-15 YTD Q3) or twelve months to a date (12m to 2014-12-31).
    #[arg(long, required_unless_present = "list")]
    pub period: Option<Period>,

    /// Show the four quarters of the period's financial year and the year side by side.
    #[arg(long, conflicts_with = "by")]
    pub quarterly: bool,

    /// Only these indicators (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
    pub only: Vec<String>,

    /// Break each figure down by a characteristic.
    #[arg(long, value_enum)]
    pub by: Option<Breakdown>,

    /// Age bands for `--by age-band`: DfE's or the annual report's.
    #[arg(long, value_enum, default_value_t = AgeBands::Dfe)]
    pub age_bands: AgeBands,

    /// Add the indicator definitions in this folder to the catalogue (repeatable).
    #[arg(long, value_name = "DIR")]
    pub add_indicators: Vec<PathBuf>,

    /// Print the catalogue with each indicator's definition, and compute nothing.
    #[arg(long)]
    pub list: bool,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<bool> {
    let (Some(dir), Some(period), false) = (&args.dir, &args.period, args.list) else {
        let catalogue = args
            .data
            .catalogue(args.dir.as_deref(), &args.add_indicators)?;
        let selected = catalogue.select(&args.only)?;
        catalogue_table(&selected).write(args.format, out)?;
        return Ok(true);
    };
    let by = args.by.map(|b| (b, args.age_bands));
    let periods = if args.quarterly {
        let mut periods = period.quarters_of_year()?;
        periods.push(Period::financial_year(period.financial_year_of_end())?);
        periods
    } else {
        vec![period.clone()]
    };
    let areas = data_directories(dir)?;
    let by_la = areas.iter().any(|(la, _)| la.is_some());
    let mut rows = Vec::new();
    let mut not_broken_down: Vec<String> = Vec::new();
    for (la, data_dir) in &areas {
        let prepared = args
            .data
            .prepare(data_dir, &args.add_indicators, &args.only)?;
        let engine = prepared.engine();
        let selected = prepared.catalogue.select(&args.only)?;
        let computed = two_at_a_time(&selected, |definition| -> Result<_> {
            let mut row = Vec::new();
            for p in &periods {
                row.extend(engine.evaluate(definition, p, by)?);
            }
            Ok(row)
        });
        for (definition, row) in selected.iter().zip(computed) {
            let mut row = row?;
            if by.is_some() && row.is_empty() && !not_broken_down.contains(&definition.id) {
                not_broken_down.push(definition.id.clone());
            }
            for result in &mut row {
                result.la = la.clone();
            }
            rows.push(row);
        }
    }
    if args.quarterly {
        write_quarterly(&periods, &rows, by_la, args.format, out)?;
    } else {
        let results: Vec<IndicatorResult> = rows.into_iter().flatten().collect();
        write_results(&results, args.by.is_some(), by_la, args.format, out)?;
    }
    if let (Some(breakdown), false) = (args.by, not_broken_down.is_empty()) {
        eprintln!(
            "lscb: {}",
            not_broken_down_note(breakdown, &not_broken_down)
        );
    }
    Ok(true)
}

/// Why some indicators have no rows in a breakdown: their lists (or registers) do not record
/// the characteristic, so they give no figures rather than one group of everyone. The first
/// few are named.
fn not_broken_down_note(breakdown: Breakdown, ids: &[String]) -> String {
    const NAMED: usize = 8;
    let name = breakdown
        .to_possible_value()
        .map(|value| value.get_name().to_string())
        .unwrap_or_default();
    let mut named = ids[..ids.len().min(NAMED)].join(", ");
    if ids.len() > NAMED {
        named.push_str(&format!(" and {} more", ids.len() - NAMED));
    }
    let (indicators, are, their, lists, do_) = match ids.len() {
        1 => ("indicator", "is", "its", "list", "does"),
        _ => ("indicators", "are", "their", "lists", "do"),
    };
    format!(
        "{} {indicators} {are} not broken down by {name}, as {their} {lists} {do_} not record it: {named}",
        ids.len()
    )
}

/// The data directories to compute: `dir` itself, or each local authority's folder in it
/// (named by the folder) when it holds one data directory per LA.
fn data_directories(dir: &Path) -> Result<Vec<(Option<String>, PathBuf)>> {
    let Some(areas) = discover::areas(dir)? else {
        return Ok(vec![(None, dir.to_path_buf())]);
    };
    for name in &areas.passed_over {
        eprintln!(
            "lscb: {}: {name} holds no extract folders, so it is not read",
            dir.display()
        );
    }
    Ok(areas
        .folders
        .into_iter()
        .map(|(name, path)| (Some(name), path))
        .collect())
}

/// A figure rounded and labelled for people: `42.9%`, `10,517`, `414.8`.
pub fn display_value(result: &IndicatorResult) -> String {
    render::display(result.value, result.unit == Unit::Percent, result.decimals)
}

fn count(value: Option<f64>) -> String {
    value.map(|v| format_number(v, 0)).unwrap_or_default()
}

fn excluded_text(result: &IndicatorResult) -> String {
    result
        .excluded
        .iter()
        .map(|(reason, n)| format!("{reason}: {n}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_results(
    results: &[IndicatorResult],
    grouped: bool,
    by_la: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Json => render::write_json(results, out),
        Format::Csv => {
            let mut headers = if by_la { vec!["la"] } else { vec![] };
            headers.extend([
                "id",
                "title",
                "period",
                "group",
                "value",
                "numerator",
                "denominator",
                "unit",
                "excluded",
            ]);
            let mut table = Table::new(&headers, &[]);
            for r in results {
                table.push(
                    la_cell(r, by_la)
                        .chain([
                            r.id.clone(),
                            r.title.clone(),
                            r.period.clone(),
                            r.group.clone().unwrap_or_default(),
                            plain(r.value, r.decimals),
                            plain(r.numerator, 0),
                            plain(r.denominator, 0),
                            label(&r.unit),
                            excluded_text(r),
                        ])
                        .collect(),
                );
            }
            table.write(Format::Csv, out)
        }
        Format::Table | Format::Markdown => {
            let mut headers = if by_la { vec!["LA"] } else { vec![] };
            headers.extend(["Indicator", "Period"]);
            if grouped {
                headers.push("Group");
            }
            headers.extend(["Value", "Numerator", "Denominator"]);
            let mut numeric = vec![false; headers.len() - 3];
            numeric.extend([true, true, true]);
            let mut table = Table::new(&headers, &numeric);
            let mut notes = Footnotes::default();
            for r in results {
                let mut row: Vec<String> = la_cell(r, by_la).collect();
                row.extend([mark(&mut notes, std::slice::from_ref(r)), r.period.clone()]);
                if grouped {
                    row.push(r.group.clone().unwrap_or_default());
                }
                row.extend([display_value(r), count(r.numerator), count(r.denominator)]);
                table.push(row);
            }
            table.write(format, out)?;
            notes.write(out)
        }
    }
}

/// The LA's cell when figures for several LAs are shown: none otherwise.
fn la_cell(result: &IndicatorResult, by_la: bool) -> impl Iterator<Item = String> {
    by_la
        .then(|| result.la.clone().unwrap_or_default())
        .into_iter()
}

fn write_quarterly(
    periods: &[Period],
    rows: &[Vec<IndicatorResult>],
    by_la: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    if format == Format::Json {
        let flat: Vec<&IndicatorResult> = rows.iter().flatten().collect();
        return render::write_json(&flat, out);
    }
    let mut headers = if by_la {
        vec!["LA".to_string()]
    } else {
        vec![]
    };
    headers.push("Indicator".to_string());
    headers.extend(periods.iter().map(|p| p.label.clone()));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut numeric = vec![false; headers.len() - periods.len()];
    numeric.extend(periods.iter().map(|_| true));
    let mut table = Table::new(&header_refs, &numeric);
    let mut notes = Footnotes::default();
    for row in rows {
        let Some(first) = row.first() else { continue };
        let mut cells: Vec<String> = la_cell(first, by_la).collect();
        cells.push(if format == Format::Csv {
            first.id.clone()
        } else {
            mark(&mut notes, row)
        });
        cells.extend(row.iter().map(|r| match format {
            Format::Csv => plain(r.value, r.decimals),
            _ => display_value(r),
        }));
        table.push(cells);
    }
    table.write(format, out)?;
    if format != Format::Csv {
        notes.write(out)?;
    }
    Ok(())
}

/// The indicator's title, marked with a note when any of its figures left records out or
/// needs saying how it was obtained.
fn mark(notes: &mut Footnotes, results: &[IndicatorResult]) -> String {
    let Some(first) = results.first() else {
        return String::new();
    };
    let mut said = Vec::new();
    for r in results {
        let mut parts = Vec::new();
        if !r.excluded.is_empty() {
            parts.push(format!("left out: {}", excluded_text(r)));
        }
        parts.extend(r.notes.iter().cloned());
        if !parts.is_empty() {
            let scope = match &r.group {
                Some(group) => format!("{}, {group}", r.period),
                None => r.period.clone(),
            };
            said.push(format!("{scope}: {}", parts.join("; ")));
        }
    }
    notes.mark(&first.title, &first.id, &said)
}

fn catalogue_table(definitions: &[&Definition]) -> Table {
    let mut table = Table::new(
        &[
            "id",
            "title",
            "family",
            "list",
            "unit",
            "polarity",
            "definition",
            "source",
        ],
        &[],
    );
    for d in definitions {
        table.push(vec![
            d.id.clone(),
            d.title.clone(),
            label(&d.family),
            d.list.clone(),
            label(&d.unit()),
            label(&d.polarity),
            d.definition.clone(),
            d.source.clone(),
        ]);
    }
    table
}
