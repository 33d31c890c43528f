//! Turning judged records into figures: one for the whole period, or one per group of a
//! breakdown.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::definition::{Definition, Unit};
use super::records::{EXCLUDED, HIT, WORKING_DAYS};

/// One figure: the value with what it was computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figure {
    /// The breakdown group, or `None` for the whole.
    pub group: Option<String>,
    /// Null when it cannot be computed (a zero denominator, no population).
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Records left out, by reason.
    pub excluded: BTreeMap<String, u64>,
}

/// The figure over all `records`, or over each group of `group` (a label column expression
/// and a sort-order expression), in group order. `population` is needed for rates.
pub fn figures(
    definition: &Definition,
    records: &DataFrame,
    group: Option<(Expr, Expr)>,
    population: Option<f64>,
) -> Result<Vec<Figure>> {
    let grouped = group.is_some();
    let (label, order) = group.unwrap_or((lit("All"), lit(0)));
    let frame = records
        .clone()
        .lazy()
        .with_columns([label.alias("__group"), order.alias("__order")]);
    let counted = if definition.counts_children() {
        col("child_id").n_unique()
    } else {
        len()
    };
    let included = col(EXCLUDED).is_null();
    let totals = frame
        .clone()
        .group_by([col("__group"), col("__order")])
        .agg([
            counted.cast(DataType::Float64).alias("count"),
            included
                .clone()
                .sum()
                .cast(DataType::Float64)
                .alias("denominator"),
            included
                .clone()
                .and(col(HIT))
                .sum()
                .cast(DataType::Float64)
                .alias("numerator"),
            col(WORKING_DAYS)
                .filter(included)
                .median()
                .cast(DataType::Float64)
                .alias("median"),
        ])
        .sort(["__order", "__group"], SortMultipleOptions::default())
        .collect()?;
    let reasons = frame
        .filter(col(EXCLUDED).is_not_null())
        .group_by([col("__group"), col(EXCLUDED)])
        .agg([len().alias("n")])
        .collect()?;
    let excluded = excluded_by_group(&reasons)?;

    let groups = totals.column("__group")?.str()?.clone();
    let number = |name: &str| -> Result<Vec<Option<f64>>> {
        Ok(totals.column(name)?.f64()?.iter().collect())
    };
    let (count, denominator, numerator, median) = (
        number("count")?,
        number("denominator")?,
        number("numerator")?,
        number("median")?,
    );
    let mut out: Vec<Figure> = (0..totals.height())
        .map(|i| {
            let label = groups.get(i).unwrap_or("").to_string();
            let mut figure = figure(
                definition.unit(),
                count[i].unwrap_or(0.0),
                numerator[i].unwrap_or(0.0),
                denominator[i].unwrap_or(0.0),
                median[i],
                population,
            );
            figure.excluded = excluded.get(&label).cloned().unwrap_or_default();
            figure.group = grouped.then_some(label);
            figure
        })
        .collect();
    if out.is_empty() && !grouped {
        out.push(figure(definition.unit(), 0.0, 0.0, 0.0, None, population));
    }
    Ok(out)
}

/// The figure of one group from its counts.
fn figure(
    unit: Unit,
    count: f64,
    numerator: f64,
    denominator: f64,
    median: Option<f64>,
    population: Option<f64>,
) -> Figure {
    let (value, numerator, denominator) = match unit {
        Unit::Count => (Some(count), Some(count), None),
        Unit::Rate => (
            population
                .filter(|p| *p > 0.0)
                .map(|p| 10_000.0 * count / p),
            Some(count),
            population,
        ),
        Unit::Percent => (
            (denominator > 0.0).then(|| 100.0 * numerator / denominator),
            Some(numerator),
            Some(denominator),
        ),
        Unit::MedianWorkingDays => (median, None, Some(denominator)),
    };
    Figure {
        group: None,
        value,
        numerator,
        denominator,
        excluded: BTreeMap::new(),
    }
}

fn excluded_by_group(reasons: &DataFrame) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
    let groups = reasons.column("__group")?.str()?;
    let why = reasons.column(EXCLUDED)?.str()?;
    let counts = reasons.column("n")?.cast(&DataType::UInt64)?;
    let counts = counts.u64()?;
    let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for i in 0..reasons.height() {
        if let (Some(group), Some(reason), Some(n)) = (groups.get(i), why.get(i), counts.get(i)) {
            out.entry(group.to_string())
                .or_default()
                .insert(reason.to_string(), n);
        }
    }
    Ok(out)
}
