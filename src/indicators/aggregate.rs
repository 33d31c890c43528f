//! Turning judged records into figures: one for the whole period, or one per group of a
//! breakdown.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::definition::{Definition, Rule, Unit};
use super::records::{EXCLUDED, HIT, WORKING_DAYS};
use crate::model::frame::COUNTED;

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
    records: LazyFrame,
    group: Option<(Expr, Expr)>,
    population: Option<f64>,
) -> Result<Vec<Figure>> {
    let grouped = group.is_some();
    let (label, order) = group.unwrap_or((lit(WHOLE), lit(0)));
    let (summed, over) = match &definition.rule {
        Rule::Total { sum, over } => (
            col(sum).cast(DataType::Float64),
            over.as_deref()
                .map_or(lit(NULL), col)
                .cast(DataType::Float64),
        ),
        Rule::Returned { percent: true, .. } => (col("numerator"), col("denominator")),
        Rule::Returned { percent: false, .. } => (col("value"), lit(NULL)),
        _ => (lit(NULL), lit(NULL)),
    };
    let frame = records
        .select([
            col(COUNTED),
            col(EXCLUDED),
            col(HIT),
            col(WORKING_DAYS),
            summed.cast(DataType::Float64).alias("__sum"),
            over.cast(DataType::Float64).alias("__over"),
            label.alias("__group"),
            order.alias("__order"),
        ])
        .collect()?
        .lazy();
    // A snapshot's records are one per child already (see `records`): counted as rows, its
    // children need no hashing.
    let counted = if definition.counts_children() && !definition.is_snapshot() {
        col(COUNTED).n_unique()
    } else {
        len()
    };
    let included = col(EXCLUDED).is_null();
    let sums = [
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
            .filter(included.clone())
            .median()
            .cast(DataType::Float64)
            .alias("median"),
        col(WORKING_DAYS)
            .filter(included.clone())
            .mean()
            .cast(DataType::Float64)
            .alias("mean"),
        col("__sum").filter(included.clone()).sum().alias("sum"),
        col("__over").filter(included).sum().alias("over"),
    ];
    // Without a breakdown the whole is one group: summed directly, not grouped by a constant.
    let totals = if grouped {
        frame
            .clone()
            .group_by([col("__group"), col("__order")])
            .agg(sums)
            .sort(["__order", "__group"], SortMultipleOptions::default())
    } else {
        frame
            .clone()
            .select(sums)
            .with_column(lit(WHOLE).alias("__group"))
    }
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
    let (count, denominator, numerator) = match &definition.rule {
        // A total's count and numerator are its sum; its denominator the sum it is out of.
        Rule::Total { .. } | Rule::Returned { .. } => {
            (number("sum")?, number("over")?, number("sum")?)
        }
        _ => (
            number("count")?,
            number("denominator")?,
            number("numerator")?,
        ),
    };
    let (median, mean) = (number("median")?, number("mean")?);
    let figures = (0..totals.height())
        .map(|i| {
            let label = groups.get(i).unwrap_or("").to_string();
            let mut figure = figure(
                definition.unit(),
                count[i].unwrap_or(0.0),
                numerator[i].unwrap_or(0.0),
                denominator[i].unwrap_or(0.0),
                Average {
                    median: median[i],
                    mean: mean[i],
                },
                population,
            );
            figure.excluded = excluded.get(&label).cloned().unwrap_or_default();
            figure.group = grouped.then_some(label);
            figure
        })
        .collect();
    Ok(figures)
}

/// The group label of the whole, when there is no breakdown: the totals and the exclusion
/// reasons are matched by it.
const WHOLE: &str = "All";

/// The median and mean of a group's days measured (null for an empty group, never 0).
struct Average {
    median: Option<f64>,
    mean: Option<f64>,
}

/// The figure of one group from its counts.
fn figure(
    unit: Unit,
    count: f64,
    numerator: f64,
    denominator: f64,
    average: Average,
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
        Unit::MedianWorkingDays => (average.median, None, Some(denominator)),
        Unit::MeanDays => (average.mean, None, Some(denominator)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Catalogue;

    /// Judged records: each row's exclusion reason (if any) and whether it is a hit.
    fn judged(rows: &[(Option<&str>, bool)]) -> DataFrame {
        let n = rows.len();
        DataFrame::new(
            n,
            vec![
                Column::new(
                    COUNTED.into(),
                    (0..n).map(|i| format!("C{}", i % 2)).collect::<Vec<_>>(),
                ),
                Column::new(
                    EXCLUDED.into(),
                    rows.iter().map(|r| r.0).collect::<Vec<_>>(),
                ),
                Column::new(HIT.into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
                Column::new(WORKING_DAYS.into(), vec![None::<i32>; n]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn the_whole_is_one_figure_even_with_no_records() {
        let catalogue = Catalogue::built_in().unwrap();
        let count = catalogue.get("contacts").unwrap();
        let share = catalogue.get("referral_decision_1wd").unwrap();
        let empty = judged(&[]);
        assert_eq!(
            figures(count, empty.clone().lazy(), None, None).unwrap(),
            vec![Figure {
                value: Some(0.0),
                numerator: Some(0.0),
                ..Figure::default()
            }]
        );
        assert_eq!(
            figures(share, empty.lazy(), None, None).unwrap(),
            vec![Figure {
                numerator: Some(0.0),
                denominator: Some(0.0),
                ..Figure::default()
            }]
        );
        let some = judged(&[
            (None, true),
            (None, false),
            (Some("no end"), false),
            (None, true),
        ]);
        let figure = figures(share, some.lazy(), None, None).unwrap();
        assert_eq!(figure.len(), 1);
        assert_eq!(
            (figure[0].value, figure[0].numerator, figure[0].denominator),
            (Some(100.0 * 2.0 / 3.0), Some(2.0), Some(3.0))
        );
        assert_eq!(
            figure[0].excluded,
            BTreeMap::from([("no end".to_string(), 1)])
        );
        assert_eq!(figure[0].group, None);
    }
}
