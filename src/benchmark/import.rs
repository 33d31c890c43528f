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

/// Reads a statistical-neighbour model file in DfE's 2021 or 2025 layout, or the compact one.
pub fn read_neighbour_file(path: &Path) -> Result<NeighbourModel> {
    let source = Source::read(path)?;
    let Kind::Neighbours(_) = &source.kind else {
        bail!(
            "{} is not a statistical-neighbour model file",
            path.display()
        );
    };
    let name = path.display().to_string();
    neighbour_model(&source, &name, &mut FileSummary::default())
}

/// The EES tables the importer knows, each recognised by a column only it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Table {
    B1,
    C1,
    C4,
    D3,
    D5,
    Population,
}

impl Table {
    const ALL: [(Table, &'static str, &'static str); 6] = [
        (Table::B1, "at31_episodes", "b1 (children in need)"),
        (
            Table::C1,
            "rereferral_percent",
            "c1 (referrals and re-referrals)",
        ),
        (Table::C4, "section47", "c4 (section 47s and ICPCs)"),
        (
            Table::D3,
            "cpp_subsequent",
            "d3 (second or subsequent plans)",
        ),
        (Table::D5, "cpp_at31", "d5 (CP plans at 31 March)"),
        (
            Table::Population,
            "population_estimate",
            "ONS 0-17 population",
        ),
    ];

    /// The figures derived from each row of the table.
    fn measures(self) -> &'static [Measure] {
        match self {
            Table::B1 => B1_MEASURES,
            Table::C1 => C1_MEASURES,
            Table::C4 => C4_MEASURES,
            Table::D3 => D3_MEASURES,
            Table::D5 => D5_MEASURES,
            Table::Population => &[],
        }
    }
}

const B1_MEASURES: &[Measure] = &[Measure::rate("cin_rate", "at31_episodes")];

const C1_MEASURES: &[Measure] = &[
    Measure::count("referrals", "referral_count"),
    Measure::rate("referral_rate", "referral_count"),
    Measure::percent(
        "re_referrals_12m",
        "rereferral_percent",
        "rereferral_count",
        "referral_count",
    ),
    Measure::percent(
        "referrals_nfa",
        "no_further_action_percent",
        "no_further_action_count",
        "referral_count",
    ),
];

const C4_MEASURES: &[Measure] = &[
    Measure::count("s47_enquiries", "section47"),
    Measure::rate("s47_rate", "section47"),
    Measure::count("icpcs", "icpc"),
    Measure {
        indicator: "icpc_15wd",
        derive: Derive::ShareOf {
            parts: &["duration_0-10_days", "duration_11-15_days"],
            total: "icpc",
        },
    },
];

const D3_MEASURES: &[Measure] = &[
    Measure::count("cpp_starts", "cpp_start"),
    Measure::percent(
        "cpp_repeat",
        "cpp_subsequent_percent",
        "cpp_subsequent",
        "cpp_start",
    ),
];

const D5_MEASURES: &[Measure] = &[
    Measure::count("cpp_open", "cpp_at31"),
    Measure::rate("cpp_rate", "cpp_at31"),
    Measure::count("cpp_2y_plus", "2_years_or_more"),
];

/// How one published figure is derived from a row.
struct Measure {
    indicator: &'static str,
    derive: Derive,
}

enum Derive {
    /// A count column as it stands.
    Count(&'static str),
    /// 100 × numerator ÷ denominator when both counts are given, else the published
    /// percentage.
    Percent {
        column: &'static str,
        numerator: &'static str,
        denominator: &'static str,
    },
    /// 10,000 × count ÷ the previous mid-year's population aged 0–17.
    Rate(&'static str),
    /// 100 × the sum of the parts ÷ the total.
    ShareOf {
        parts: &'static [&'static str],
        total: &'static str,
    },
}

impl Measure {
    const fn count(indicator: &'static str, column: &'static str) -> Measure {
        Measure {
            indicator,
            derive: Derive::Count(column),
        }
    }

    const fn rate(indicator: &'static str, column: &'static str) -> Measure {
        Measure {
            indicator,
            derive: Derive::Rate(column),
        }
    }

    const fn percent(
        indicator: &'static str,
        column: &'static str,
        numerator: &'static str,
        denominator: &'static str,
    ) -> Measure {
        Measure {
            indicator,
            derive: Derive::Percent {
                column,
                numerator,
                denominator,
            },
        }
    }
}

/// What a file was recognised as.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Ees(Table),
    Lait,
    /// A neighbour model, by name (`2021`, `2025`, or the file's own name).
    Neighbours(String),
}

impl Kind {
    fn describe(&self) -> String {
        match self {
            Kind::Ees(table) => {
                let name = Table::ALL
                    .iter()
                    .find(|(t, _, _)| t == table)
                    .map_or("", |(_, _, name)| *name);
                format!("EES {name}")
            }
            Kind::Lait => "LAIT long file".to_string(),
            Kind::Neighbours(name) => format!("statistical-neighbour model {name}"),
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
                 d3 or d5, the ONS 0-17 population, the LAIT long file, or a statistical-neighbour model)",
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
        return Table::ALL
            .iter()
            .find(|(_, marker, _)| has(marker))
            .map(|(table, _, _)| Kind::Ees(*table));
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

/// The financial year's start from an EES `time_period`: `2015` (year ending March 2015) or
/// `201415`.
fn ees_start_year(text: &str) -> Option<i32> {
    let text = text.trim();
    match text.len() {
        4 => text.parse::<i32>().ok().map(|y| y - 1),
        6 => text[..4].parse().ok(),
        _ => None,
    }
}

/// Populations aged 0–17 by (area code, mid-year): from an imported ONS file, else the
/// embedded estimates (which hold England and every LA).
fn population_from(sources: &[Source]) -> BTreeMap<(String, i32), f64> {
    let mut table = BTreeMap::new();
    for source in sources
        .iter()
        .filter(|s| s.kind == Kind::Ees(Table::Population))
    {
        let (Ok(year), Ok(value)) = (
            source.column("time_period"),
            source.column("population_estimate"),
        ) else {
            continue;
        };
        for (_, cells) in &source.rows {
            let cell = |i: usize| cells.get(i).map_or("", String::as_str);
            let Some(area) = ees_area(source, cells) else {
                continue;
            };
            if let (Ok(y), Ok(n)) = (cell(year).trim().parse::<i32>(), number(cell(value))) {
                table.insert((area.code, y), n);
            }
        }
    }
    if table.is_empty() {
        let embedded = Population::embedded();
        for ((code, year), population) in embedded.all() {
            table.insert((code.to_string(), year), population as f64);
        }
    }
    table
}

/// The area a row of an EES file describes.
struct Area {
    level: Level,
    code: String,
    name: String,
    region_code: String,
}

fn ees_area(source: &Source, cells: &[String]) -> Option<Area> {
    let get = |name: &str| {
        source
            .column(name)
            .ok()
            .and_then(|i| cells.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let area = |level, code: String, name: String, region_code: String| {
        (!code.is_empty()).then_some(Area {
            level,
            code,
            name,
            region_code,
        })
    };
    match get("geographic_level").as_str() {
        "National" => area(
            Level::National,
            get("country_code"),
            get("country_name"),
            String::new(),
        ),
        "Regional" => area(
            Level::Regional,
            get("region_code"),
            get("region_name"),
            String::new(),
        ),
        "Local authority" => area(
            Level::La,
            get("old_la_code"),
            get("la_name"),
            get("region_code"),
        ),
        _ => None,
    }
}

fn ees_values(
    source: &Source,
    table: Table,
    population: &BTreeMap<(String, i32), f64>,
    summary: &mut FileSummary,
) -> Result<Vec<Published>> {
    let year_column = source.column("time_period")?;
    let file_name = source
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut values = Vec::new();
    for (line, cells) in &source.rows {
        let cell = |name: &str| -> Result<String> {
            Ok(cells.get(source.column(name)?).cloned().unwrap_or_default())
        };
        let Some(area) = ees_area(source, cells) else {
            *summary
                .skipped
                .entry("other geography".to_string())
                .or_default() += 1;
            continue;
        };
        let year_text = cells.get(year_column).map_or("", String::as_str);
        let start_year = ees_start_year(year_text).ok_or_else(|| {
            anyhow!(
                "{}: `{year_text}` is not a time period",
                source.place(*line, "time_period")
            )
        })?;
        for measure in table.measures() {
            let derived = derive(&measure.derive, &cell, &area.code, start_year, population);
            let figure = match derived {
                Ok(figure) => figure,
                Err(Missing::Reason(reason)) => {
                    *summary.missing.entry(reason).or_default() += 1;
                    continue;
                }
                Err(Missing::Bad { column, text }) => {
                    bail!("{}: `{text}` is not a number", source.place(*line, &column))
                }
                Err(Missing::Error(error)) => return Err(error),
            };
            summary.values += 1;
            values.push(Published {
                indicator: measure.indicator.to_string(),
                year: year_label(start_year),
                level: area.level,
                area_code: area.code.clone(),
                area_name: area.name.clone(),
                region_code: area.region_code.clone(),
                value: figure.value,
                numerator: figure.numerator,
                denominator: figure.denominator,
                source: format!("{file_name}: {}", figure.source),
            });
        }
    }
    Ok(values)
}

struct Figure {
    value: f64,
    numerator: Option<f64>,
    denominator: Option<f64>,
    source: String,
}

enum Missing {
    Reason(String),
    Bad { column: String, text: String },
    Error(anyhow::Error),
}

fn derive(
    derive: &Derive,
    cell: &dyn Fn(&str) -> Result<String>,
    area: &str,
    start_year: i32,
    population: &BTreeMap<(String, i32), f64>,
) -> std::result::Result<Figure, Missing> {
    let value = |column: &str| -> std::result::Result<f64, Missing> {
        let text = cell(column).map_err(Missing::Error)?;
        number(&text).map_err(|why| {
            if why == "blank" || why.starts_with("suppressed") {
                Missing::Reason(why)
            } else {
                Missing::Bad {
                    column: column.to_string(),
                    text: why,
                }
            }
        })
    };
    let optional = |column: &str| value(column).ok();
    match derive {
        Derive::Count(column) => Ok(Figure {
            value: value(column)?,
            numerator: None,
            denominator: None,
            source: (*column).to_string(),
        }),
        Derive::Percent {
            column,
            numerator,
            denominator,
        } => match (optional(numerator), optional(denominator)) {
            (Some(n), Some(d)) if d > 0.0 => Ok(Figure {
                value: 100.0 * n / d,
                numerator: Some(n),
                denominator: Some(d),
                source: format!("{numerator} / {denominator}"),
            }),
            (n, d) => Ok(Figure {
                value: value(column)?,
                numerator: n,
                denominator: d,
                source: (*column).to_string(),
            }),
        },
        Derive::Rate(column) => {
            let count = value(column)?;
            let people = population
                .get(&(area.to_string(), start_year))
                .copied()
                .ok_or_else(|| Missing::Reason("no population".to_string()))?;
            Ok(Figure {
                value: 10_000.0 * count / people,
                numerator: Some(count),
                denominator: Some(people),
                source: format!("{column} per 10,000 children aged 0-17 (mid-{start_year})"),
            })
        }
        Derive::ShareOf { parts, total } => {
            let mut numerator = 0.0;
            for part in *parts {
                numerator += value(part)?;
            }
            let denominator = value(total)?;
            if denominator == 0.0 {
                return Err(Missing::Reason("zero denominator".to_string()));
            }
            Ok(Figure {
                value: 100.0 * numerator / denominator,
                numerator: Some(numerator),
                denominator: Some(denominator),
                source: format!("({}) / {total}", parts.join(" + ")),
            })
        }
    }
}

/// LAIT measures and the lscb indicators they compare with.
const LAIT_MEASURES: [(&str, &str); 4] = [
    ("continue_assess_comp", "assessment_45wd"),
    ("cp_conf_15days", "icpc_15wd"),
    ("rereferral", "re_referrals_12m"),
    ("prevregcpr", "cpp_repeat"),
];

/// LAIT's pseudo-codes for England and the regions.
const LAIT_AREAS: [(&str, &str, &str); 10] = [
    ("970", ENGLAND, "England"),
    ("980", "E12000001", "North East"),
    ("981", "E12000002", "North West"),
    ("982", "E12000003", "Yorkshire and The Humber"),
    ("983", "E12000004", "East Midlands"),
    ("984", "E12000005", "West Midlands"),
    ("985", "E12000006", "East of England"),
    ("986", "E12000007", "London"),
    ("989", "E12000008", "South East"),
    ("990", "E12000009", "South West"),
];

/// The region code of an LA from LAIT's region name (Inner and Outer London are London).
fn region_code(name: &str) -> String {
    let name = name.trim().to_lowercase();
    let name = match name.as_str() {
        "inner london" | "outer london" | "london (inner)" | "london (outer)" => "london",
        other => other,
    };
    LAIT_AREAS
        .iter()
        .skip(1)
        .find(|(_, _, n)| n.to_lowercase() == name)
        .map_or(String::new(), |(_, code, _)| code.to_string())
}

fn lait_values(source: &Source, summary: &mut FileSummary) -> Result<Vec<Published>> {
    let [measure, year, name, value, code] =
        ["measure", "year", "area_name", "value", "old_la_code"].map(|c| source.column(c));
    let (measure, year, name, value, code) = (measure?, year?, name?, value?, code?);
    let region = source.column("region").ok();
    let file_name = source
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut values = Vec::new();
    for (line, cells) in &source.rows {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        let Some((_, indicator)) = LAIT_MEASURES
            .iter()
            .find(|(m, _)| *m == cell(measure).to_lowercase())
        else {
            *summary
                .skipped
                .entry(format!("measure {}", cell(measure)))
                .or_default() += 1;
            continue;
        };
        let start_year = cell(year).parse::<i32>().map(|y| y - 1).map_err(|_| {
            anyhow!(
                "{}: `{}` is not a year",
                source.place(*line, "year"),
                cell(year)
            )
        })?;
        let (level, area_code, area_name, region_code) =
            match LAIT_AREAS.iter().find(|(c, _, _)| *c == cell(code)) {
                Some((_, ENGLAND, n)) => (
                    Level::National,
                    ENGLAND.to_string(),
                    n.to_string(),
                    String::new(),
                ),
                Some((_, c, n)) => (Level::Regional, c.to_string(), n.to_string(), String::new()),
                None if matches!(cell(code), "987" | "988") => {
                    *summary
                        .skipped
                        .entry("Inner or Outer London".to_string())
                        .or_default() += 1;
                    continue;
                }
                None => (
                    Level::La,
                    cell(code).to_string(),
                    cell(name).to_string(),
                    region.map_or(String::new(), |r| region_code(cell(r))),
                ),
            };
        let figure = match number(cell(value)) {
            Ok(v) => v,
            Err(why) if why == "blank" || why.starts_with("suppressed") => {
                *summary.missing.entry(why).or_default() += 1;
                continue;
            }
            Err(text) => bail!("{}: `{text}` is not a number", source.place(*line, "value")),
        };
        summary.values += 1;
        values.push(Published {
            indicator: indicator.to_string(),
            year: year_label(start_year),
            level,
            area_code,
            area_name,
            region_code,
            value: figure,
            numerator: None,
            denominator: None,
            source: format!("{file_name}: {}", cell(measure)),
        });
    }
    Ok(values)
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
    let mut superseded = 0;
    for p in lait {
        if taken.contains(&(p.indicator.clone(), p.year.clone(), p.area_code.clone())) {
            superseded += 1;
        } else {
            values.push(p);
        }
    }
    if superseded > 0 {
        if let Some(summary) = summaries.iter_mut().find(|s| s.kind.starts_with("LAIT")) {
            summary.values -= superseded;
            summary
                .skipped
                .insert("also in an EES file (EES kept)".to_string(), superseded);
        }
    }
    values
}

fn neighbour_model(
    source: &Source,
    name: &str,
    summary: &mut FileSummary,
) -> Result<NeighbourModel> {
    if source.kind == Kind::Neighbours("compact".to_string()) {
        let text = std::fs::read_to_string(&source.path)
            .with_context(|| format!("cannot read {}", source.path.display()))?;
        return NeighbourModel::parse(name, &text);
    }
    let code = source
        .column("la num")
        .or_else(|_| source.column("old_la_code"))?;
    let la_name = source
        .column("la name")
        .or_else(|_| source.column("la_name"))?;
    let ranks: Vec<(usize, u8)> = source
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let digits = h.strip_prefix("sn")?.trim_start_matches('_');
            digits.parse::<u8>().ok().map(|rank| (i, rank))
        })
        .collect();
    let mut rows = Vec::new();
    for (position, (_, cells)) in source.rows.iter().enumerate() {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        if cell(code).is_empty() || !cell(code).chars().all(|c| c.is_ascii_digit()) {
            summary.skipped.insert(
                "after the model (the Old SNs block)".to_string(),
                source.rows.len() - position,
            );
            break;
        }
        for (column, rank) in &ranks {
            if cell(*column).is_empty() {
                continue;
            }
            rows.push(Neighbour {
                la_code: cell(code).to_string(),
                la_name: cell(la_name).to_string(),
                rank: *rank,
                neighbour_code: cell(*column).to_string(),
                closeness: cell(column + 1).to_string(),
            });
            summary.values += 1;
        }
    }
    Ok(NeighbourModel {
        name: name.to_string(),
        rows,
    })
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

    #[test]
    fn time_periods_name_the_year_ending_in_march() {
        assert_eq!(ees_start_year("2015"), Some(2014));
        assert_eq!(ees_start_year("201415"), Some(2014));
        assert_eq!(ees_start_year("15"), None);
    }

    #[test]
    fn lait_regions_map_to_codes() {
        assert_eq!(region_code("Outer London"), "E12000007");
        assert_eq!(region_code("Yorkshire and the Humber"), "E12000003");
        assert_eq!(region_code("NA"), "");
    }
}
