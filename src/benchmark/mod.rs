//! Benchmarks: each figure against its previous period, the local target, the statistical
//! neighbours, England and the region, with a RAG rating and direction of travel (SPEC §6).
//!
//! Published figures come from the project's compact reference format ([`reference`]),
//! written from DfE's files by [`import`]; the ratings are in [`rating`].

pub mod import;
pub mod rating;
pub mod reference;

use std::collections::BTreeMap;

use serde::Serialize;

use anyhow::{anyhow, Result};

use crate::dates::period::{year_label, Period};
use crate::indicators::definition::{Definition, Polarity, Unit};
use crate::indicators::{Engine, IndicatorResult};
use crate::load::Dataset;
use crate::model::ListKind;
use crate::threads::two_at_a_time;
use rating::{Direction, Rag, SnStat, StableBand};
use reference::{NeighbourModel, Reference};

/// The statistical-neighbour model `name`: one the reference holds (`2021`, `2025`), or a
/// model file in DfE's or the compact layout.
pub fn neighbour_model(reference: &Reference, name: &str) -> Result<NeighbourModel> {
    if let Some(model) = reference.model(name) {
        return Ok(model.clone());
    }
    let path = std::path::Path::new(name);
    if path.is_file() {
        return import::read_neighbour_file(path);
    }
    Err(anyhow!(
        "no statistical-neighbour model `{name}`: use 2021, 2025 or a model file ({} available here)",
        reference.model_names().join(", ")
    ))
}

/// Published LA values from at least this many LAs make a national ranking, and so a
/// quartile band.
pub const ALL_LA_MINIMUM: usize = 100;

/// Who is compared with whom, and how.
pub struct Settings {
    /// The LA's old three-digit code.
    pub la: String,
    pub model: NeighbourModel,
    pub sn_stat: SnStat,
    pub band: StableBand,
    /// Local targets by indicator id, overriding the definitions' own.
    pub targets: BTreeMap<String, f64>,
}

/// One indicator's figure and everything it is judged against.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub id: String,
    pub title: String,
    pub period: String,
    pub unit: Unit,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub previous_period: String,
    pub previous: Option<f64>,
    pub previous_numerator: Option<f64>,
    pub previous_denominator: Option<f64>,
    pub direction: Option<Direction>,
    pub target: Option<f64>,
    /// The financial year of the published comparators used.
    pub benchmark_year: Option<String>,
    /// DfE's published figure for the LA itself (national definitions, that year's data).
    pub la_published: Option<f64>,
    /// The neighbours' mean or median, and how many neighbours had a value.
    pub sn: Option<f64>,
    pub sn_stat: SnStat,
    pub sn_count: usize,
    pub england: Option<f64>,
    pub region: Option<f64>,
    /// Rank among the LA and its neighbours (1 = best), and how many were ranked.
    pub rank: Option<usize>,
    pub ranked: Option<usize>,
    /// Quartile band among all LAs (1 = best), when all-LA data is loaded.
    pub quartile: Option<u8>,
    pub rag: Option<Rag>,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub decimals: u8,
    #[serde(skip)]
    pub polarity: Polarity,
}

/// Computes each indicator for `period` and, when the data reaches back to it, the previous
/// period, and compares them with the published figures.
pub fn compare_all(
    engine: &Engine,
    definitions: &[&Definition],
    period: &Period,
    reference: &Reference,
    settings: &Settings,
) -> Result<Vec<Comparison>> {
    let previous_period = period.previous()?;
    let compared = two_at_a_time(definitions, |definition| -> Result<Option<Comparison>> {
        let previous_covered = covers(engine.dataset, definition.list_kind(), &previous_period)?;
        let current = engine.evaluate(definition, period, None)?;
        let Some(current) = current.first() else {
            return Ok(None);
        };
        let previous = match previous_covered {
            true => engine.evaluate(definition, &previous_period, None)?,
            false => Vec::new(),
        };
        Ok(Some(compare(
            definition,
            period,
            current,
            previous.first(),
            reference,
            settings,
        )))
    });
    compared.into_iter().filter_map(Result::transpose).collect()
}

/// Whether the data of `list` reaches back to `period`: the earliest extract is dated no later
/// than the period's end; for a register, which holds its own history, its earliest record is.
pub fn covers(dataset: &Dataset, list: ListKind, period: &Period) -> Result<bool> {
    if !list.is_register() {
        return Ok(dataset
            .extracts
            .first()
            .is_some_and(|e| e.as_at <= period.end));
    }
    let (Some(records), Some(date)) = (dataset.lists.get(&list), list.event_date()) else {
        return Ok(dataset.lists.contains_key(&list));
    };
    let earliest = polars::prelude::ChunkAgg::min(records.column(date)?.date()?.physical());
    Ok(earliest.is_some_and(|days| crate::dates::date_from_days(days) <= period.end))
}

/// Compares `current` (and `previous`, when the data covers the previous period) with the
/// published figures in `reference`.
pub fn compare(
    definition: &Definition,
    period: &Period,
    current: &IndicatorResult,
    previous: Option<&IndicatorResult>,
    reference: &Reference,
    settings: &Settings,
) -> Comparison {
    let previous_period = period.previous().map(|p| p.label).unwrap_or_default();
    let previous_value = previous.and_then(|p| p.value);
    let target = settings
        .targets
        .get(&definition.id)
        .copied()
        .or(definition.target);
    let mut comparison = Comparison {
        id: definition.id.clone(),
        title: definition.title.clone(),
        period: period.label.clone(),
        unit: definition.unit(),
        value: current.value,
        numerator: current.numerator,
        denominator: current.denominator,
        previous_period,
        previous: previous_value,
        previous_numerator: previous.and_then(|p| p.numerator),
        previous_denominator: previous.and_then(|p| p.denominator),
        direction: rating::direction(
            current.value,
            previous_value,
            definition.polarity,
            definition.unit() == Unit::Percent,
            settings.band,
            definition.decimals,
        ),
        target,
        benchmark_year: None,
        la_published: None,
        sn: None,
        sn_stat: settings.sn_stat,
        sn_count: 0,
        england: None,
        region: None,
        rank: None,
        ranked: None,
        quartile: None,
        rag: None,
        notes: Vec::new(),
        decimals: definition.decimals,
        polarity: definition.polarity,
    };
    if previous.is_none() {
        comparison.notes.push(format!(
            "no extract covers {}: no direction of travel",
            comparison.previous_period
        ));
    }
    match &definition.benchmark {
        Some(key) => add_published(
            &mut comparison,
            key,
            period,
            definition.is_snapshot(),
            reference,
            settings,
        ),
        None => comparison
            .notes
            .push("no published comparator: local comparisons only".to_string()),
    }
    comparison.rag = rating::rag(
        comparison.value,
        comparison.target,
        comparison.england,
        definition.polarity,
        definition.decimals,
    );
    comparison
}

fn add_published(
    comparison: &mut Comparison,
    key: &str,
    period: &Period,
    is_snapshot: bool,
    reference: &Reference,
    settings: &Settings,
) {
    let wanted = period.financial_year_of_end();
    let Some(year) = reference.latest_year(key, wanted) else {
        comparison.notes.push(format!(
            "no published `{key}` for {} or earlier in the reference data",
            year_label(wanted)
        ));
        return;
    };
    if year != wanted {
        comparison.notes.push(format!(
            "latest published comparators are for {}",
            year_label(year)
        ));
    }
    comparison.benchmark_year = Some(year_label(year));
    let part_year_volume = matches!(comparison.unit, Unit::Count | Unit::Rate);
    if part_year_volume && !period.is_financial_year() && !is_snapshot {
        comparison.notes.push(format!(
            "{} is part of a year: its volume is not compared with full-year figures",
            period.label
        ));
        return;
    }
    let la = settings.la.as_str();
    let own = reference.value(key, year, la);
    comparison.la_published = own.map(|p| p.value);
    comparison.england = reference.value(key, year, import::ENGLAND).map(|p| p.value);
    comparison.region = reference
        .region_of(la)
        .and_then(|region| reference.value(key, year, &region))
        .map(|p| p.value);
    let neighbours: Vec<f64> = settings
        .model
        .neighbours_of(la)
        .iter()
        .filter_map(|n| reference.value(key, year, &n.neighbour_code))
        .map(|p| p.value)
        .collect();
    comparison.sn = settings.sn_stat.of(&neighbours);
    comparison.sn_count = neighbours.len();
    if neighbours.is_empty() {
        comparison.notes.push(format!(
            "no neighbour of LA {la} under SN model {} has a published value",
            settings.model.name
        ));
    }
    let Some(value) = comparison.value else {
        return;
    };
    if let Some((rank, ranked)) =
        rating::rank(value, &neighbours, comparison.polarity, comparison.decimals)
    {
        comparison.rank = Some(rank);
        comparison.ranked = Some(ranked);
    }
    let everyone: Vec<f64> = reference
        .la_values(key, year)
        .iter()
        .filter(|p| p.area_code != la)
        .map(|p| p.value)
        .collect();
    if everyone.len() >= ALL_LA_MINIMUM {
        comparison.quartile =
            rating::rank(value, &everyone, comparison.polarity, comparison.decimals)
                .and_then(|(rank, count)| rating::quartile(rank, count));
    }
}
