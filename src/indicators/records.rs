//! The records behind an indicator in a period, each with the indicator's verdict on it.
//!
//! Every family produces the same frame: the list's columns for the records in scope (dated
//! in the period, or open at its end, and in the cohort), plus
//!
//! * `excluded`: why the record is left out of the denominator, or null;
//! * `hit`: whether it counts in the numerator;
//! * `working_days`: the working days measured, for timeliness and median indicators.
//!
//! Aggregation, breakdowns and drill-down all read this one frame.

use anyhow::{anyhow, Result};
use chrono::{Days, NaiveDate};
use polars::prelude::*;

use super::definition::{
    Anchor, Condition, CurrencyRule, DateRef, Definition, Family, Interval, Link, PERIOD_END,
};
use crate::load::checks::{age_at_event, date_literal};
use crate::load::merge::{AS_AT, LATEST};
use crate::load::Dataset;
use crate::model::ListKind;
use crate::period::{months_after, months_before, Period};
use crate::workdays::Calendar;

/// Column names of the verdict.
pub const EXCLUDED: &str = "excluded";
pub const HIT: &str = "hit";
pub const WORKING_DAYS: &str = "working_days";

/// The records in scope with their verdicts, and notes on how they were chosen.
pub struct Records {
    /// `None` when the data has no file of the indicator's list. A query: its user collects
    /// the columns it needs, so no other column of the records is copied.
    pub frame: Option<LazyFrame>,
    pub notes: Vec<String>,
}

/// Finds the records of `definition` in `period` and judges each.
pub fn records(
    definition: &Definition,
    period: &Period,
    dataset: &Dataset,
    calendar: &Calendar,
) -> Result<Records> {
    let list = definition.list_kind();
    let Some(all) = dataset.lists.get(&list) else {
        return Ok(Records {
            frame: None,
            notes: vec![format!("the data has no {list}")],
        });
    };
    let mut notes = Vec::new();
    // The age at the event is computed only if the query uses it.
    let rows = all.clone().lazy().with_column(age_at_event(list));
    let scoped = match &definition.snapshot {
        Some(snapshot) => {
            let Some(as_at) = snapshot_extract(all, period.end)? else {
                return Ok(Records {
                    frame: None,
                    notes: vec![format!("no extract of {list} on or before {}", period.end)],
                });
            };
            if as_at != period.end {
                notes.push(format!(
                    "{list} at {} uses the extract as at {as_at}",
                    period.end
                ));
            }
            let open = col(&snapshot.start).lt_eq(date_literal(period.end)).and(
                snapshot
                    .end
                    .as_ref()
                    .map(|end| col(end).is_null().or(col(end).gt(date_literal(period.end))))
                    .unwrap_or(lit(true)),
            );
            rows.filter(col(AS_AT).eq(date_literal(as_at)).and(open))
        }
        None => {
            let date = definition.date.as_deref().unwrap_or_default();
            let in_period = |c: &str| {
                col(c)
                    .gt_eq(date_literal(period.start))
                    .and(col(c).lt_eq(date_literal(period.end)))
            };
            let mut scope = in_period(date);
            if let (Some(start), Some(end), true) =
                (&definition.start, &definition.end, definition.report_open)
            {
                // Records still open (no end date yet) that started in the period are shown
                // as left out, so open work is never invisible.
                scope = scope.or(col(end).is_null().and(in_period(start)));
            }
            rows.filter(col(LATEST).and(scope))
        }
    };
    let mut scoped = scoped.filter(all_of(&definition.cohort, period));
    if let (Some(snapshot), true) = (&definition.snapshot, definition.counts_children()) {
        // One record per child (the latest to start), so a snapshot's percentages are of the
        // same children its count is.
        scoped = scoped
            .sort(
                [snapshot.start.as_str()],
                SortMultipleOptions::default().with_order_descending(true),
            )
            .unique_stable(
                Some(by_name(["child_id"], true, false)),
                UniqueKeepStrategy::First,
            );
    }
    let judged = judge(definition, scoped, period, dataset, calendar, list)?;
    Ok(Records {
        frame: Some(judged),
        notes,
    })
}

/// The as-at date of the latest extract on or before `date` holding rows of the list.
fn snapshot_extract(frame: &DataFrame, date: NaiveDate) -> Result<Option<NaiveDate>> {
    let dates = frame
        .clone()
        .lazy()
        .select([col(AS_AT)
            .filter(col(AS_AT).lt_eq(date_literal(date)))
            .max()])
        .collect()?;
    let value = dates.column(AS_AT)?.get(0)?;
    Ok(match value {
        AnyValue::Date(days) => NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|epoch| epoch.checked_add_days(Days::new(u64::try_from(days).ok()?))),
        _ => None,
    })
}

/// Adds `excluded`, `hit` and `working_days` by the rules of the family.
fn judge(
    definition: &Definition,
    scoped: LazyFrame,
    period: &Period,
    dataset: &Dataset,
    calendar: &Calendar,
    list: ListKind,
) -> Result<LazyFrame> {
    let none = || lit(NULL).cast(DataType::String);
    let no_days = || lit(NULL).cast(DataType::Int32);
    let heading = |id: &str| list.column(id).map(|c| c.heading).unwrap_or(id).to_string();
    let verdict = |frame: LazyFrame, excluded: Expr, hit: Expr, days: Expr| {
        frame.with_columns([
            excluded.alias(EXCLUDED),
            hit.fill_null(lit(false)).alias(HIT),
            days.alias(WORKING_DAYS),
        ])
    };
    Ok(match definition.family {
        Family::Count | Family::Rate => verdict(scoped, none(), lit(true), no_days()),
        Family::Share => {
            let answered = all_of(&definition.answered, period);
            verdict(
                scoped,
                when(answered.not())
                    .then(lit("not answered"))
                    .otherwise(none()),
                all_of(&definition.numerator, period),
                no_days(),
            )
        }
        Family::Conversion => {
            let link = definition
                .link
                .as_ref()
                .ok_or_else(|| anyhow!("{}: no link", definition.id))?;
            let date = definition.date.as_deref().unwrap_or_default();
            let linked = with_linked(scoped, date, link, dataset)?;
            let mut hit = col("__linked").or(any_of(&definition.or_when, period));
            if let Some(outcome) = &definition.outcome {
                hit = when(col(&outcome.column).is_not_null())
                    .then(col(&outcome.column).eq(lit(outcome.equals.as_str())))
                    .otherwise(hit);
            }
            verdict(linked, none(), hit, no_days()).drop(by_name(["__linked"], true, false))
        }
        Family::Timeliness | Family::Median => {
            let start_id = definition.start.as_deref().unwrap_or_default();
            let end_id = definition.end.as_deref().unwrap_or_default();
            let (start, end) = (col(start_id), end_expr(end_id, period));
            let days = calendar.wd_expr(start.clone(), end.clone());
            let open = definition.date.as_deref() == Some(end_id);
            let missing_end = if open {
                format!("no {} by the period end", heading(end_id))
            } else {
                format!("no {}", heading(end_id))
            };
            let missing_start = if definition.missing_start_fails {
                none()
            } else {
                lit(format!("no {}", heading(start_id)))
            };
            let mut excluded = when(start.clone().is_null())
                .then(missing_start)
                .when(end.clone().is_null())
                .then(lit(missing_end))
                .when(end.clone().lt(start.clone()))
                .then(lit("end before start"))
                .when(days.clone().is_null())
                .then(lit("outside the working-day calendar"));
            let limit = match (&definition.within_column, definition.within_working_days) {
                (Some(column), _) => {
                    excluded = excluded
                        .when(col(column).is_null())
                        .then(lit(format!("no {}", heading(column))));
                    col(column)
                }
                (None, Some(n)) => lit(n as i32),
                (None, None) => lit(NULL).cast(DataType::Int32),
            };
            let hit = when(start.is_null())
                .then(lit(false))
                .otherwise(days.clone().lt_eq(limit));
            verdict(scoped, excluded.otherwise(none()), hit, days)
        }
        Family::Duration => {
            let start = col(definition.start.as_deref().unwrap_or_default());
            let end = end_expr(definition.end.as_deref().unwrap_or_default(), period);
            let at_least = definition
                .at_least
                .ok_or_else(|| anyhow!("{}: no at_least", definition.id))?;
            let excluded = when(start.clone().is_null())
                .then(lit("no start date"))
                .when(end.clone().lt(start.clone()))
                .then(lit("end before start"))
                .otherwise(none());
            let hit = end.gt_eq(shifted(start, at_least));
            verdict(scoped, excluded, hit, no_days())
        }
        Family::Currency => {
            let within = definition
                .within
                .ok_or_else(|| anyhow!("{}: no within", definition.id))?;
            let rule = definition.rule.unwrap_or(CurrencyRule::Lookback);
            let dates: Vec<Expr> = definition.dates.iter().map(col).collect();
            let latest = polars::lazy::dsl::max_horizontal(dates)?;
            let otherwise = match &definition.fallback {
                Some(fallback) => current(col(&fallback.date), fallback.within, rule, period),
                None => lit(false),
            };
            let hit = when(latest.clone().is_not_null())
                .then(current(latest, within, rule, period))
                .otherwise(otherwise);
            verdict(scoped, none(), hit, no_days())
        }
    })
}

fn end_expr(id: &str, period: &Period) -> Expr {
    if id == PERIOD_END {
        date_literal(period.end)
    } else {
        col(id)
    }
}

/// Whether `date` is recent enough at the period end.
fn current(date: Expr, within: Interval, rule: CurrencyRule, period: &Period) -> Expr {
    match rule {
        CurrencyRule::Lookback => {
            date.gt_eq(date_literal(shift_date(period.end, within.negated())))
        }
        CurrencyRule::Due => date_literal(period.end).lt_eq(shifted(date, within)),
    }
}

/// A date column shifted by an interval (calendar months clamp to the month's end).
fn shifted(date: Expr, interval: Interval) -> Expr {
    date.dt().offset_by(lit(interval.polars()))
}

/// A date shifted by an interval, in Rust, with the same clamping as [`shifted`].
pub fn shift_date(date: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Months(n) if n >= 0 => months_after(date, n.unsigned_abs()),
        Interval::Months(n) => months_before(date, n.unsigned_abs()),
        Interval::Days(n) if n >= 0 => date
            .checked_add_days(Days::new(u64::from(n.unsigned_abs())))
            .unwrap_or(NaiveDate::MAX),
        Interval::Days(n) => date
            .checked_sub_days(Days::new(u64::from(n.unsigned_abs())))
            .unwrap_or(NaiveDate::MIN),
    }
}

/// Marks (`__linked`) the records with a linked event of the same child in the window.
fn with_linked(scoped: LazyFrame, date: &str, link: &Link, dataset: &Dataset) -> Result<LazyFrame> {
    let linked_list = ListKind::from_id(&link.list).unwrap_or(ListKind::Contacts);
    let Some(other) = dataset.lists.get(&linked_list) else {
        return Ok(scoped.with_column(lit(false).alias("__linked")));
    };
    // Only the child and date of each record are read here; the records' other columns are
    // left to the query, for its user to collect what it needs.
    let events = scoped
        .clone()
        .select([col("child_id").alias("__child"), col(date).alias("__date")])
        .collect()?;
    let candidates = other
        .clone()
        .lazy()
        .filter(col(LATEST).and(within_some_window(&events, link)?))
        .select([
            col("child_id").alias("__child"),
            col(&link.date).alias("__link_date"),
        ]);
    let window = in_window(col("__link_date"), col("__date"), col("__date"), link);
    let matched = events
        .clone()
        .lazy()
        .with_row_index("__row", None)
        .join(
            candidates,
            [col("__child")],
            [col("__child")],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(window)
        .select([col("__row")])
        .collect()?;
    let mut linked = vec![false; events.height()];
    for row in matched.column("__row")?.idx()?.iter().flatten() {
        if let Some(flag) = linked.get_mut(row as usize) {
            *flag = true;
        }
    }
    let linked = Series::new("__linked".into(), linked);
    Ok(scoped.with_column(lit(linked)))
}

/// True where the linked list's date falls in the window of some event: between the earliest
/// event's window start and the latest event's window end (shifting a date keeps dates in
/// order, so no event's window reaches outside that span), which spares the join the linked
/// records of other years. False everywhere when there are no events, and where the date is
/// missing.
fn within_some_window(events: &DataFrame, link: &Link) -> Result<Expr> {
    let span = events
        .clone()
        .lazy()
        .select([
            col("__date").min().alias("earliest"),
            col("__date").max().alias("latest"),
        ])
        .collect()?;
    let date = |name: &str| -> Result<Expr> {
        Ok(lit(span.column(name)?.as_materialized_series().clone()))
    };
    Ok(in_window(
        col(&link.date),
        date("earliest")?,
        date("latest")?,
        link,
    ))
}

/// True where the `linked` date falls in the link's window of events dated from `earliest` to
/// `latest` (for one event, its date both times): on or after the earliest shifted by the
/// window's start, on or before the latest shifted by its end.
fn in_window(linked: Expr, earliest: Expr, latest: Expr, link: &Link) -> Expr {
    let before_end = linked.clone().lt_eq(shifted(latest, link.to));
    match link.from {
        Some(from) => before_end.and(linked.gt_eq(shifted(earliest, from))),
        None => before_end,
    }
}

/// True where every condition holds (and where there are none).
pub fn all_of(conditions: &[Condition], period: &Period) -> Expr {
    conditions
        .iter()
        .map(|c| condition(c, period))
        .fold(lit(true), |a, b| a.and(b))
}

/// True where any condition holds (false where there are none).
fn any_of(conditions: &[Condition], period: &Period) -> Expr {
    conditions
        .iter()
        .map(|c| condition(c, period))
        .fold(lit(false), |a, b| a.or(b))
}

/// One condition as a polars expression; null (unknown) values never meet a test.
fn condition(condition: &Condition, period: &Period) -> Expr {
    if let Some(any) = &condition.any {
        return any_of(any, period);
    }
    let column = col(condition.column.as_deref().unwrap_or_default());
    let test = if let Some(value) = &condition.equals {
        column.eq(lit(value.as_str()))
    } else if let Some(value) = condition.is {
        column.eq(lit(value))
    } else if let Some(present) = condition.present {
        if present {
            column.is_not_null()
        } else {
            column.is_null()
        }
    } else if let Some(n) = condition.greater_than {
        column.cast(DataType::Int64).gt(lit(n))
    } else if let Some(date) = condition.on_or_before {
        column.lt_eq(date_literal(resolve(date, period)))
    } else {
        lit(true)
    };
    test.fill_null(lit(false))
}

/// The date a reference stands for in `period`.
pub fn resolve(date: DateRef, period: &Period) -> NaiveDate {
    let anchor = match date.anchor {
        Anchor::PeriodStart => period.start,
        Anchor::PeriodEnd => period.end,
    };
    date.shift.map(|s| shift_date(anchor, s)).unwrap_or(anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn dates(name: &str, texts: &[Option<&str>]) -> Column {
        let days: Vec<Option<NaiveDate>> = texts.iter().map(|t| t.map(day)).collect();
        Column::new(name.into(), days)
    }

    /// The candidate dates `within_some_window` keeps for events on `events`.
    fn kept(events: &[&str], link: Link, candidates: &[Option<&str>]) -> Vec<Option<NaiveDate>> {
        let events = DataFrame::new(
            events.len(),
            vec![dates(
                "__date",
                &events.iter().map(|e| Some(*e)).collect::<Vec<_>>(),
            )],
        )
        .unwrap();
        let filter = within_some_window(&events, &link).unwrap();
        let candidates = DataFrame::new(candidates.len(), vec![dates("on", candidates)]).unwrap();
        let kept = candidates.lazy().filter(filter).collect().unwrap();
        kept.column("on")
            .unwrap()
            .date()
            .unwrap()
            .as_date_iter()
            .collect()
    }

    fn link(from: Option<Interval>, to: Interval) -> Link {
        Link {
            list: "referrals".into(),
            date: "on".into(),
            from,
            to,
        }
    }

    #[test]
    fn linked_records_are_kept_from_the_first_window_start_to_the_last_window_end() {
        let kept = kept(
            &["2014-04-10", "2014-04-01", "2015-03-31"],
            link(Some(Interval::Days(0)), Interval::Days(7)),
            &[
                Some("2014-03-31"),
                Some("2014-04-01"),
                Some("2015-04-07"),
                Some("2015-04-08"),
                None,
            ],
        );
        assert_eq!(kept, vec![Some(day("2014-04-01")), Some(day("2015-04-07"))]);
    }

    #[test]
    fn without_a_start_every_earlier_linked_record_is_kept() {
        let kept = kept(
            &["2014-05-01", "2014-06-01"],
            link(None, Interval::Days(-1)),
            &[Some("2001-01-01"), Some("2014-05-31"), Some("2014-06-01")],
        );
        assert_eq!(kept, vec![Some(day("2001-01-01")), Some(day("2014-05-31"))]);
    }

    #[test]
    fn a_window_in_months_starts_at_the_shorter_month_s_end() {
        // A year before 29 February 2016 is 28 February 2015, as the window itself counts.
        let kept = kept(
            &["2016-02-29"],
            link(Some(Interval::Months(-12)), Interval::Days(-1)),
            &[
                Some("2015-02-27"),
                Some("2015-02-28"),
                Some("2016-02-28"),
                Some("2016-02-29"),
            ],
        );
        assert_eq!(kept, vec![Some(day("2015-02-28")), Some(day("2016-02-28"))]);
    }

    #[test]
    fn no_events_keep_no_linked_records() {
        let kept = kept(
            &[],
            link(Some(Interval::Days(0)), Interval::Days(7)),
            &[Some("2014-04-01")],
        );
        assert!(kept.is_empty());
    }
}
