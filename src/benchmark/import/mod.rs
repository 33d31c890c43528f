//! Importers for the files users download: DfE's explore-education-statistics (EES)
//! underlying data for children in need, the LA interactive tool (LAIT) long file, the ONS
//! 0–17 population, and both statistical-neighbour model files (SPEC §3).
//!
//! Each file is recognised by its headers, matched by name (case, spaces and a UTF-8 BOM
//! ignored). Values are derived as DfE derives them: percentages from the counts where the
//! file gives both (unrounded, so a mean of neighbours matches DfE's LA interactive tool),
//! else the published `*_percent` column; rates per 10,000 from counts and the previous
//! mid-year's population. A cell with an EES symbol (`c x z low k u`),
//! blank or `""` gives no value, and is counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::reference::{Level, Neighbour, NeighbourModel, Published, Reference};
use crate::dates::period::year_label;
use crate::population::Population;

mod ees;
mod lait;
mod neighbours;

use ees::{ees_values, population_from, EesTable};
use lait::lait_values;
use neighbours::neighbour_model;
pub use neighbours::read_neighbour_file;

/// England's area code.
pub const ENGLAND: &str = "E92000001";

/// What to keep from the files.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Keep only England, this LA, its region and its neighbours under every model.
    pub la: Option<String>,
    /// Keep only financial years starting in this inclusive range.
    pub years: Option<(i32, i32)>,
}

/// The imported reference and an account of every file.
pub struct Import {
    pub reference: Reference,
    pub files: Vec<FileSummary>,
}

/// How one file was read: what it was taken for and where its rows went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub file: PathBuf,
    /// What the file was recognised as: `EES c4 (section 47s and ICPCs)`, `LAIT`, …
    pub kind: String,
    pub rows: usize,
    /// Published values derived from the file.
    pub values: usize,
    /// Values not derived, by reason (`suppressed (c)`, `blank`, `no population`, …).
    pub missing: BTreeMap<String, usize>,
    /// Rows not used, by reason.
    pub skipped: BTreeMap<String, usize>,
}

/// Imports `files` into one reference.
pub fn import(files: &[PathBuf], options: &ImportOptions) -> Result<Import> {
    let mut sources = Vec::new();
    for path in files {
        sources.push(Source::read(path)?);
    }
    let population = population_from(&sources);
    let mut summaries = Vec::new();
    let mut ees = Vec::new();
    let mut lait = Vec::new();
    let mut models = BTreeMap::new();
    for source in &sources {
        let mut summary = FileSummary {
            file: source.path.clone(),
            kind: source.kind.describe(),
            rows: source.rows.len(),
            ..FileSummary::default()
        };
        match &source.kind {
            Kind::Ees(table) => ees.extend(ees_values(source, *table, &population, &mut summary)?),
            Kind::Lait => lait.extend(lait_values(source, &mut summary)?),
            Kind::Neighbours(name) => {
                let model = neighbour_model(source, name, &mut summary)?;
                models.insert(name.clone(), model);
            }
            Kind::NotRead(_, why) => {
                summary.skipped.insert(why.to_string(), source.rows.len());
            }
        }
        summaries.push(summary);
    }
    let mut values = prefer_ees(ees, lait, &mut summaries);
    if let Some(la) = &options.la {
        let embedded;
        let model_set = if models.is_empty() {
            embedded = Reference::embedded()?.models;
            &embedded
        } else {
            &models
        };
        let keep = areas_around(la, &values, model_set);
        values.retain(|p| keep.contains(&p.area_code));
    }
    if let Some((from, to)) = options.years {
        values.retain(|p| {
            crate::dates::period::parse_year(&p.year).is_some_and(|y| (from..=to).contains(&y))
        });
    }
    Ok(Import {
        reference: Reference { values, models },
        files: summaries,
    })
}

/// What a file was recognised as.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Ees(EesTable),
    Lait,
    /// A neighbour model, by name (`2021`, `2025`, or the file's own name).
    Neighbours(String),
    /// A published file recognised but not read, and why: the EES looked-after tables, whose
    /// figures the LAIT file carries for every year (SPEC §8.2), and LAIT's data dictionary.
    NotRead(&'static str, &'static str),
}

impl Kind {
    fn describe(&self) -> String {
        match self {
            Kind::Ees(table) => {
                let name = EesTable::ALL
                    .iter()
                    .find(|(t, _, _)| t == table)
                    .map_or("", |(_, _, name)| *name);
                format!("EES {name}")
            }
            Kind::Lait => "LAIT long file".to_string(),
            Kind::Neighbours(name) => format!("statistical-neighbour model {name}"),
            Kind::NotRead(name, _) => name.to_string(),
        }
    }
}

/// A CSV file read whole: headers normalised, rows as strings with their line numbers.
struct Source {
    path: PathBuf,
    kind: Kind,
    /// Normalised headers (lower case, trimmed, BOM removed).
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Source {
    fn read(path: &Path) -> Result<Source> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut records = Vec::new();
        for record in reader.records() {
            let record = record.with_context(|| format!("cannot parse {}", path.display()))?;
            let line = record.position().map_or(0, |p| p.line());
            records.push((line, record.iter().map(str::to_string).collect::<Vec<_>>()));
        }
        let Some((_, header_cells)) = records.first().cloned() else {
            bail!("{} is empty", path.display());
        };
        let headers: Vec<String> = header_cells.iter().map(|h| normalise(h)).collect();
        let kind = recognise(&headers).ok_or_else(|| {
            anyhow!(
                "{}: not a file lscb can import (expected an EES children-in-need table b1, c1, c4, \
                 d3 or d5, an EES children-looked-after table, the ONS 0-17 population, the LAIT \
                 long file, or a statistical-neighbour model)",
                path.display()
            )
        })?;
        let rows = records
            .into_iter()
            .skip(1)
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        Ok(Source {
            path: path.to_path_buf(),
            kind,
            headers,
            rows,
        })
    }

    fn column(&self, name: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow!("{}: no `{name}` column", self.path.display()))
    }

    fn place(&self, line: u64, column: &str) -> String {
        format!("{}:{line}: column `{column}`", self.path.display())
    }
}

fn normalise(header: &str) -> String {
    header.trim_start_matches('\u{feff}').trim().to_lowercase()
}

fn recognise(headers: &[String]) -> Option<Kind> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("time_period") && has("geographic_level") {
        // The looked-after tables other than the numbers and rates.
        let looked_after = ["cla_group", "care_leaver_age", "characteristic"];
        return EesTable::ALL
            .iter()
            .find(|(_, marker, _)| has(marker))
            .map(|(table, _, _)| Kind::Ees(*table))
            .or_else(|| {
                looked_after.iter().any(|c| has(c)).then_some(Kind::NotRead(
                    "EES children looked after",
                    "not read: the LAIT file gives these published figures for every year",
                ))
            });
    }
    if has("measure_short") && has("polarity") {
        return Some(Kind::NotRead(
            "LAIT data dictionary",
            "not read: a description of LAIT's measures, not figures",
        ));
    }
    if has("measure") && has("area_name") && has("value") {
        return Some(Kind::Lait);
    }
    if has("sn_1p") {
        return Some(Kind::Neighbours("2025".to_string()));
    }
    if has("snp") || has("goreg") {
        return Some(Kind::Neighbours("2021".to_string()));
    }
    if has("neighbour_code") && has("rank") {
        return Some(Kind::Neighbours("compact".to_string()));
    }
    None
}

/// A numeric cell: a number, or why there is none.
fn number(cell: &str) -> std::result::Result<f64, String> {
    let text = cell.trim().trim_matches('"').trim();
    if text.is_empty() || text == "-" {
        return Err("blank".to_string());
    }
    let lower = text.to_lowercase();
    if ["c", "x", "z", "low", "k", "u", ":"].contains(&lower.as_str()) {
        return Err(format!("suppressed ({lower})"));
    }
    text.replace(',', "")
        .parse::<f64>()
        .map_err(|_| text.to_string())
}

/// EES values win over LAIT values for the same indicator, year and area: they carry counts.
fn prefer_ees(
    ees: Vec<Published>,
    lait: Vec<Published>,
    summaries: &mut [FileSummary],
) -> Vec<Published> {
    let taken: BTreeSet<(String, String, String)> = ees
        .iter()
        .map(|p| (p.indicator.clone(), p.year.clone(), p.area_code.clone()))
        .collect();
    let mut values = ees;
    // Counted against the LAIT file each value came from (its source names the file).
    let mut superseded: BTreeMap<String, usize> = BTreeMap::new();
    for p in lait {
        if taken.contains(&(p.indicator.clone(), p.year.clone(), p.area_code.clone())) {
            let file = p.source.split(": ").next().unwrap_or_default().to_string();
            *superseded.entry(file).or_default() += 1;
        } else {
            values.push(p);
        }
    }
    for (file, count) in superseded {
        let named = |s: &&mut FileSummary| {
            s.file
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == file)
        };
        if let Some(summary) = summaries.iter_mut().find(named) {
            summary.values = summary.values.saturating_sub(count);
            summary
                .skipped
                .insert("also in an EES file (EES kept)".to_string(), count);
        }
    }
    values
}

/// England, `la`, its region, and its neighbours under every model.
fn areas_around(
    la: &str,
    values: &[Published],
    models: &BTreeMap<String, NeighbourModel>,
) -> BTreeSet<String> {
    let mut keep = BTreeSet::from([ENGLAND.to_string(), la.to_string()]);
    keep.extend(
        values
            .iter()
            .filter(|p| p.area_code == la && !p.region_code.is_empty())
            .map(|p| p.region_code.clone()),
    );
    for model in models.values() {
        keep.extend(
            model
                .neighbours_of(la)
                .iter()
                .map(|n| n.neighbour_code.clone()),
        );
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_blanks_are_not_numbers() {
        assert_eq!(number("12"), Ok(12.0));
        assert_eq!(number(" 1,234 "), Ok(1234.0));
        assert_eq!(number("10.0"), Ok(10.0));
        assert_eq!(number("\"\""), Err("blank".to_string()));
        assert_eq!(number(""), Err("blank".to_string()));
        assert_eq!(number("c"), Err("suppressed (c)".to_string()));
        assert_eq!(number("LOW"), Err("suppressed (low)".to_string()));
        assert_eq!(number("n/a"), Err("n/a".to_string()));
    }
}
