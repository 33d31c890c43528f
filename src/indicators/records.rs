//! The records behind an indicator in a period, each with the indicator's verdict on it.
//!
//! Every family produces the same frame: the list's columns for the records in scope (dated
//! in the period, or open at its end, and in the cohort), plus
//!
//! * `excluded`: why the record is left out of the denominator, or null;
//! * `hit`: whether it counts in the numerator;
//! * `working_days`: the days measured: working days for timeliness and median indicators,
//!   calendar days for mean ones.
//!
//! Aggregation, breakdowns and drill-down all read this one frame.

use anyhow::Result;
use chrono::{Days, NaiveDate};
use polars::prelude::*;

use super::definition::{
    Anchor, Bound, Condition, CountBy, CurrencyRule, DateRef, Definition, Limit, Rule, Span,
    PERIOD_END,
};
use super::link;
use crate::dates::period::Period;
use crate::dates::workdays::Calendar;
use crate::dates::{date_literal, shift_date, shifted, Interval};
use crate::load::checks::{age_at, age_at_event};
use crate::load::decode::enums_as_text;
use crate::load::Dataset;
use crate::model::frame::{AGE_AT_PERIOD_END, AS_AT, COUNTED, LATEST};
use crate::model::{ListKind, AGE_AT_DEATH, AGE_AT_DEATH_DAYS};

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

/// Finds the records of `definition` in `period` and judges each. With `every_age` (a
/// breakdown by age band), the definition's `ages` do not narrow the records.
pub fn records(
    definition: &Definition,
    period: &Period,
    dataset: &Dataset,
    calendar: &Calendar,
    every_age: bool,
) -> Result<Records> {
    let list = definition.list_kind();
    let Some(all) = dataset.lists.get(&list) else {
        return Ok(Records {
            frame: None,
            notes: vec![format!("the data has no {list}")],
        });
    };
    let absent = absent_columns(definition.needed_columns(), dataset);
    if !absent.is_empty() {
        // Every record would look blank in the column: no value, and what to add.
        return Ok(Records {
            frame: None,
            notes: absent
                .iter()
                .map(|absent| format!("{absent}: add it to compute this figure"))
                .collect(),
        });
    }
    if let Rule::Returned { .. } = &definition.rule {
        return returned(definition, period, all);
    }
    let mut notes: Vec<String> = absent_columns(definition.refining_columns(), dataset)
        .iter()
        .map(|absent| format!("{absent}, so the figure is computed without it"))
        .collect();
    // The age at the event is computed only if the query uses it, and codes made text only
    // where it does and only for the rows it keeps.
    let rows = all
        .clone()
        .lazy()
        .with_columns(enums_as_text(all))
        .with_columns([
            age_at_event(list),
            age_at_period_end(list, period.end),
            counted(list, definition.count_by.as_ref(), dataset),
        ])
        .with_columns(derived_columns(list));
    let scoped = match &definition.snapshot {
        Some(snapshot) => {
            let as_at = match list.is_register() {
                // A register holds its whole history: any date up to its own is open or not
                // by its dates.
                true => register_as_at(all, period.end)?,
                false => snapshot_extract(all, period.end)?,
            };
            let Some(as_at) = as_at else {
                return Ok(Records {
                    frame: None,
                    notes: vec![format!("no extract of {list} on or before {}", period.end)],
                });
            };
            if as_at != period.end {
                let source = if list.is_register() {
                    "its records"
                } else {
                    "the extract"
                };
                notes.push(format!(
                    "{list} at {} uses {source} as at {as_at}",
                    period.end
                ));
            }
            let started = snapshot.start.as_ref().map_or(lit(true), |start| {
                col(start).lt_eq(date_literal(period.end))
            });
            let open = started.and(
                snapshot
                    .end
                    .as_ref()
                    .map(|end| col(end).is_null().or(col(end).gt(date_literal(period.end))))
                    .unwrap_or(lit(true)),
            );
            let version = match list.is_register() {
                true => col(LATEST),
                false => col(AS_AT).eq(date_literal(as_at)),
            };
            rows.filter(version.and(open))
        }
        None => {
            let date = definition.date.as_deref().unwrap_or_default();
            let in_period = |c: &str| dated_in(c, period);
            let mut scope = in_period(date);
            if let Some(span) = definition.span().filter(|span| span.report_open) {
                // Records still open (no end date yet) that started in the period are shown
                // as left out, so open work is never invisible.
                scope = scope.or(col(&span.end).is_null().and(in_period(&span.start)));
            }
            rows.filter(col(LATEST).and(scope))
        }
    };
    let mut scoped = scoped.filter(all_of(&definition.cohort, period));
    if let (Some(ages), false) = (definition.ages, every_age) {
        let age = col(AGE_AT_PERIOD_END);
        scoped = scoped.filter(
            age.clone()
                .gt_eq(lit(ages.from))
                .and(age.lt_eq(lit(ages.to)))
                .fill_null(lit(false)),
        );
    }
    if let Some(link) = &definition.cohort_link {
        let date = definition.link_date().unwrap_or_default();
        scoped = link::with_linked(scoped, date, lit(true), link, dataset)?
            .filter(col(link::LINKED))
            .drop(by_name([link::LINKED], true, false));
    }
    if let (Some(snapshot), true) = (&definition.snapshot, definition.counts_children()) {
        // One record per child (the latest to start), so a snapshot's percentages are of the
        // same children its count is.
        if let Some(start) = &snapshot.start {
            scoped = scoped.sort(
                [start.as_str()],
                SortMultipleOptions::default().with_order_descending(true),
            );
        }
        scoped = scoped.unique_stable(
            Some(by_name([COUNTED], true, false)),
            UniqueKeepStrategy::First,
        );
    }
    if let (Some(_), None) = (&definition.count_by, &definition.snapshot) {
        // A figure of families or households is of one record each, its first member's (by
        // identifier): List 11's couple goes through together, as a family's children do.
        scoped = scoped
            .sort([list.identifier()], SortMultipleOptions::default())
            .unique_stable(
                Some(by_name([COUNTED], true, false)),
                UniqueKeepStrategy::First,
            );
    }
    let judged = judge(definition, scoped, period, dataset, calendar, list)?;
    Ok(Records {
        frame: Some(judged),
        notes,
    })
}

/// Whether the date in `column` falls in `period` (both ends included).
pub(crate) fn dated_in(column: &str, period: &Period) -> Expr {
    col(column)
        .gt_eq(date_literal(period.start))
        .and(col(column).lt_eq(date_literal(period.end)))
}

/// A returned measure's returns for `period` (SPEC §11), judged: the return for the period
/// itself where there is one, else those for periods within it (its quarters where it has
/// any, else the longest), with a note when they do not span it. No records, and a note,
/// when none is returned.
fn returned(definition: &Definition, period: &Period, all: &DataFrame) -> Result<Records> {
    let returns = all
        .clone()
        .lazy()
        .with_columns(enums_as_text(all))
        .filter(col(LATEST).and(col("measure").eq(lit(definition.id.as_str()))))
        .collect()?;
    let mut periods: Vec<(String, Period)> = returns
        .column("period")?
        .str()?
        .iter()
        .flatten()
        .filter_map(|text| Some((text.to_string(), text.trim().parse::<Period>().ok()?)))
        .collect();
    periods.sort_by(|a, b| (a.1.start, a.1.end, &a.0).cmp(&(b.1.start, b.1.end, &b.0)));
    periods.dedup_by(|a, b| a.0 == b.0);
    let covers = |p: &Period| p.start == period.start && p.end == period.end;
    let within = |p: &Period| p.start >= period.start && p.end <= period.end;
    let chosen: Vec<&(String, Period)> = match periods.iter().find(|(_, p)| covers(p)) {
        Some(exact) => vec![exact],
        None => {
            let quarters: Vec<_> = periods
                .iter()
                .filter(|(_, p)| within(p) && p.is_quarter())
                .collect();
            let longest = periods
                .iter()
                .filter(|(_, p)| within(p))
                .max_by_key(|(_, p)| (p.end - p.start, p.end));
            match quarters.is_empty() {
                false => quarters,
                true => longest.into_iter().collect(),
            }
        }
    };
    if chosen.is_empty() {
        return Ok(Records {
            frame: None,
            notes: vec![format!("no return of `{}` for {period}", definition.id)],
        });
    }
    let mut notes = Vec::new();
    let days: i64 = chosen
        .iter()
        .map(|(_, p)| (p.end - p.start).num_days() + 1)
        .sum();
    if days < (period.end - period.start).num_days() + 1 {
        let labels: Vec<String> = chosen.iter().map(|(_, p)| p.to_string()).collect();
        notes.push(format!(
            "returned for {} only, not the whole of {period}",
            labels.join(", ")
        ));
    }
    let texts: Vec<&str> = chosen.iter().map(|(text, _)| text.as_str()).collect();
    let frame = returns
        .lazy()
        .filter(col("period").is_in(
            lit(Series::new("periods".into(), texts)).implode(false),
            false,
        ))
        .with_columns([
            col("period").alias(COUNTED),
            lit(NULL).cast(DataType::String).alias(EXCLUDED),
            lit(true).alias(HIT),
            lit(NULL).cast(DataType::Int32).alias(WORKING_DAYS),
        ]);
    Ok(Records {
        frame: Some(frame),
        notes,
    })
}

/// The date a snapshot of a register at `end` is as at: `end` itself when the register
/// reaches it (it holds its history, so speaks to any date up to its own), else the
/// register's own date. `None` for an empty register.
fn register_as_at(all: &DataFrame, end: NaiveDate) -> Result<Option<NaiveDate>> {
    let as_at = all.column(AS_AT)?.date()?.physical().max();
    Ok(as_at.map(|days| crate::dates::date_from_days(days).min(end)))
}

/// The columns a list's figures and tables read that no file holds but its columns give:
/// a child death's age band ([`AGE_AT_DEATH`]).
pub fn derived_columns(list: ListKind) -> Vec<Expr> {
    match list {
        ListKind::ChildDeaths => vec![age_at_death_band()],
        _ => Vec::new(),
    }
}

/// The age band at death (SPEC §10: 0–27 days, 28–364 days, 1–4, 5–9, 10–14, 15–17 years),
/// from the date of birth, else the register's age at death in days; null with neither.
fn age_at_death_band() -> Expr {
    let days = when(col("birth_date").is_not_null())
        .then(
            (col("death_date").cast(DataType::Int32) - col("birth_date").cast(DataType::Int32))
                .cast(DataType::Int64),
        )
        .otherwise(col(AGE_AT_DEATH_DAYS).cast(DataType::Int64));
    let years = when(col("birth_date").is_not_null())
        .then(crate::dates::whole_years(col("birth_date"), col("death_date")).cast(DataType::Int64))
        .otherwise(col(AGE_AT_DEATH_DAYS).cast(DataType::Int64) * lit(100) / lit(36525));
    let mut band = when(days.clone().lt(lit(0)))
        .then(lit(NULL).cast(DataType::String))
        .when(days.clone().lt(lit(28)))
        .then(lit(DEATH_AGE_BANDS[0]))
        .when(days.lt(lit(365)))
        .then(lit(DEATH_AGE_BANDS[1]));
    for (upper, label) in [(5, 2), (10, 3), (15, 4)] {
        band = band
            .when(years.clone().lt(lit(upper)))
            .then(lit(DEATH_AGE_BANDS[label]));
    }
    band.otherwise(lit(DEATH_AGE_BANDS[5])).alias(AGE_AT_DEATH)
}

/// The age bands of child deaths, youngest first.
pub const DEATH_AGE_BANDS: [&str; 6] = [
    "0–27 days",
    "28–364 days",
    "1–4 years",
    "5–9 years",
    "10–14 years",
    "15–17 years",
];

/// The age at the period end ([`AGE_AT_PERIOD_END`]), null for a list without ages.
fn age_at_period_end(list: ListKind, end: NaiveDate) -> Expr {
    match list.column("dob") {
        Some(_) => age_at(end),
        None => lit(NULL).cast(DataType::Int32),
    }
    .alias(AGE_AT_PERIOD_END)
}

/// Whom a distinct count counts ([`COUNTED`]): the list's identifier (the child, List 11's
/// adopter); with `count_by` and its column in the data, that column's value (a family, a
/// household), else the identifier as a family of one.
pub(crate) fn counted(list: ListKind, count_by: Option<&CountBy>, dataset: &Dataset) -> Expr {
    let identifier = match list.counted_together() {
        Some(columns) => columns
            .iter()
            .map(|c| col(*c).cast(DataType::String))
            .reduce(|a, b| a + lit(" ") + b)
            .unwrap_or(lit(NULL)),
        None => col(list.identifier()),
    };
    match count_by.filter(|c| dataset.has_column(list, &c.column)) {
        // One counted alone is told apart from a family of the same number.
        Some(count_by) => when(col(&count_by.column).is_not_null())
            .then(lit("family ") + col(&count_by.column))
            .otherwise(lit("alone ") + identifier),
        None => identifier,
    }
    .alias(COUNTED)
}

/// A column no file of its list has (or a list the data does not have), as said in notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Absent {
    List(ListKind),
    Column {
        list: ListKind,
        heading: &'static str,
    },
}

impl std::fmt::Display for Absent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Absent::List(list) => write!(f, "the data has no {list}"),
            Absent::Column { list, heading } => {
                write!(f, "no file of {list} has the column `{heading}`")
            }
        }
    }
}

/// Those of `columns` that no file of their list has, or whose list the data lacks.
pub fn absent_columns(columns: Vec<(ListKind, &str)>, dataset: &Dataset) -> Vec<Absent> {
    let mut absent = Vec::new();
    for (list, id) in columns {
        let missing = if !dataset.lists.contains_key(&list) {
            Absent::List(list)
        } else if dataset.has_column(list, id) || list.column(id).is_none() {
            // Present, or computed (the age at the event).
            continue;
        } else {
            let heading = list.column(id).map_or("", |c| c.heading);
            Absent::Column { list, heading }
        };
        if !absent.contains(&missing) {
            absent.push(missing);
        }
    }
    absent
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
    let heading = |id: &str| list.heading(id).to_string();
    let verdict = |frame: LazyFrame, excluded: Expr, hit: Expr, days: Expr| {
        frame.with_columns([
            excluded.alias(EXCLUDED),
            hit.fill_null(lit(false)).alias(HIT),
            days.alias(WORKING_DAYS),
        ])
    };
    Ok(match &definition.rule {
        Rule::Count | Rule::Rate => verdict(scoped, none(), lit(true), no_days()),
        // What it sums is the records' own column, read by the aggregation.
        Rule::Total { .. } | Rule::Returned { .. } => verdict(scoped, none(), lit(true), no_days()),
        Rule::Share {
            numerator,
            answered,
        } => {
            let answered = all_of(answered, period);
            verdict(
                scoped,
                when(answered.not())
                    .then(lit("not answered"))
                    .otherwise(none()),
                all_of(numerator, period),
                no_days(),
            )
        }
        Rule::Conversion {
            link,
            outcome,
            or_when,
        } => {
            let date = definition.link_date().unwrap_or_default();
            let or_when = any_of(or_when, period);
            // A record's link decides its hit only where its outcome is blank and no `or_when`
            // holds: only those records are linked.
            let mut decides = or_when.clone().fill_null(lit(false)).not();
            if let Some(outcome) = outcome {
                decides = decides.and(col(&outcome.column).is_null());
            }
            let linked = link::with_linked(scoped, date, decides, link, dataset)?;
            let mut hit = col(link::LINKED).or(or_when);
            if let Some(outcome) = outcome {
                hit = when(col(&outcome.column).is_not_null())
                    .then(col(&outcome.column).eq(lit(outcome.equals.as_str())))
                    .otherwise(hit);
            }
            verdict(linked, none(), hit, no_days()).drop(by_name([link::LINKED], true, false))
        }
        Rule::Timeliness {
            span,
            limit,
            missing_start_fails,
        } => {
            let (excluded, days) = working_days(
                definition,
                span,
                *missing_start_fails,
                calendar,
                period,
                list,
            );
            let (excluded, limit) = match limit {
                Limit::Column(column) => (
                    excluded
                        .when(col(column).is_null())
                        .then(lit(format!("no {}", heading(column)))),
                    col(column),
                ),
                Limit::WorkingDays(n) => (excluded, lit(*n as i32)),
            };
            let hit = when(col(&span.start).is_null())
                .then(lit(false))
                .otherwise(days.clone().lt_eq(limit));
            verdict(scoped, excluded.otherwise(none()), hit, days)
        }
        Rule::Median { span } => {
            let (excluded, days) = working_days(definition, span, false, calendar, period, list);
            verdict(scoped, excluded.otherwise(none()), lit(false), days)
        }
        Rule::Duration { span, bound } => {
            let start = col(&span.start);
            let end = end_expr(&span.end, period);
            let excluded = when(start.clone().is_null())
                .then(lit("no start date"))
                .when(end.clone().lt(start.clone()))
                .then(lit("end before start"))
                .otherwise(none());
            let hit = match bound {
                Bound::AtLeast(at_least) => end.gt_eq(shifted(start, *at_least)),
                Bound::AtMost(at_most) => end.lt_eq(shifted(start, *at_most)),
            };
            verdict(scoped, excluded, hit, no_days())
        }
        Rule::Mean { start, ends } => {
            let (first, end) = (col(start), earliest(ends)?);
            let excluded = when(first.clone().is_null())
                .then(lit(format!("no {}", heading(start))))
                .when(end.clone().is_null())
                .then(lit(format!("no {}", ends_named(ends, list))))
                .when(end.clone().lt(first.clone()))
                .then(lit("end before start"))
                .otherwise(none());
            let days =
                (end.cast(DataType::Int32) - first.cast(DataType::Int32)).cast(DataType::Int32);
            verdict(scoped, excluded, lit(false), days)
        }
        Rule::Review {
            start,
            review,
            first_within,
            after_first,
            after_later,
        } => {
            let end = date_literal(period.end);
            let (started, review) = (col(start), col(review));
            let first_within = lit(*first_within as i32);
            let since_start = calendar.wd_expr(started.clone(), end.clone());
            let review_after_start = calendar.wd_expr(started.clone(), review.clone());
            let hit = when(review.clone().is_null())
                .then(since_start.lt_eq(first_within.clone()))
                .when(review_after_start.lt_eq(first_within))
                .then(end.clone().lt_eq(shifted(review.clone(), *after_first)))
                .otherwise(end.lt_eq(shifted(review, *after_later)));
            let excluded = when(started.is_null())
                .then(lit(format!("no {}", heading(start))))
                .otherwise(none());
            verdict(scoped, excluded, hit, no_days())
        }
        Rule::Currency {
            dates,
            within,
            rule,
            fallback,
        } => {
            let dates: Vec<Expr> = dates.iter().map(col).collect();
            let latest = polars::lazy::dsl::max_horizontal(dates)?;
            let otherwise = match fallback {
                Some(fallback) => current(col(&fallback.date), fallback.within, *rule, period),
                None => lit(false),
            };
            let hit = when(latest.clone().is_not_null())
                .then(current(latest, *within, *rule, period))
                .otherwise(otherwise);
            verdict(scoped, none(), hit, no_days())
        }
    })
}

/// The earliest of the date columns `ends` filled in on each row.
fn earliest(ends: &[String]) -> PolarsResult<Expr> {
    let ends: Vec<Expr> = ends.iter().map(col).collect();
    polars::lazy::dsl::min_horizontal(ends)
}

/// The headings of `ends` for a note: `A` or `A or B`.
fn ends_named(ends: &[String], list: ListKind) -> String {
    let headings: Vec<&str> = ends.iter().map(|end| list.heading(end)).collect();
    headings.join(" or ")
}

/// The working days of a timeliness or median span, and why a record is left out (a missing
/// start, unless it fails; a missing end, "by the period end" when the end places the record;
/// an end before its start; a date outside the calendar), as a chain a caller may extend.
fn working_days(
    definition: &Definition,
    span: &Span,
    missing_start_fails: bool,
    calendar: &Calendar,
    period: &Period,
    list: ListKind,
) -> (ChainedThen, Expr) {
    let heading = |id: &str| list.heading(id).to_string();
    let (start, end) = (col(&span.start), end_expr(&span.end, period));
    let days = calendar.wd_expr(start.clone(), end.clone());
    let missing_end = if definition.date.as_deref() == Some(span.end.as_str()) {
        format!("no {} by the period end", heading(&span.end))
    } else {
        format!("no {}", heading(&span.end))
    };
    let missing_start = if missing_start_fails {
        lit(NULL).cast(DataType::String)
    } else {
        lit(format!("no {}", heading(&span.start)))
    };
    let excluded = when(start.clone().is_null())
        .then(missing_start)
        .when(end.clone().is_null())
        .then(lit(missing_end))
        .when(end.lt(start))
        .then(lit("end before start"))
        .when(days.clone().is_null())
        .then(lit("outside the working-day calendar"));
    (excluded, days)
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
        // A date after the period end (possible only from an extract dated after it) is not
        // recent at it.
        CurrencyRule::Lookback => date
            .clone()
            .gt_eq(date_literal(shift_date(period.end, within.negated())))
            .and(date.lt_eq(date_literal(period.end))),
        CurrencyRule::Due => date_literal(period.end).lt_eq(shifted(date, within)),
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
    let is_any_of = |values: &[String]| {
        values
            .iter()
            .map(|value| column.clone().eq(lit(value.as_str())))
            .fold(lit(false), |a, b| a.or(b))
    };
    let test = if let Some(value) = &condition.equals {
        column.eq(lit(value.as_str()))
    } else if let Some(values) = &condition.one_of {
        is_any_of(values)
    } else if let Some(values) = &condition.not_one_of {
        // A blank value is none of them.
        return is_any_of(values).fill_null(lit(false)).not();
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
    } else if let Some(n) = condition.less_than {
        column.cast(DataType::Int64).lt(lit(n))
    } else if let Some(date) = condition.on_or_before {
        column.lt_eq(date_literal(resolve(date, period)))
    } else if let Some(date) = condition.on_or_after {
        column.gt_eq(date_literal(resolve(date, period)))
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
