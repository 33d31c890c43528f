//! The row-level rules of SPEC §2.4, as polars conditions over a file's typed columns.
//!
//! Each rule is a condition plus a message. Rules that leave a record unusable (no child ID,
//! no event date, a date after the extract's as-at date) reject the row; the others keep it
//! and leave the decision to the indicators that use the faulty fields.

use chrono::NaiveDate;
use polars::prelude::*;

use super::merge::{AS_AT, FILE};
use super::read::LINE;
use crate::model::{ListKind, ValueKind};
use crate::problem::{Problem, Rule};
use crate::workdays::Calendar;

/// Builds a problem's message from the values shown.
type Message = Box<dyn Fn(&[String]) -> String>;

/// One rule applied to every row of a file.
pub struct RowCheck {
    rule: Rule,
    /// The heading of the column the problem is reported in.
    column: &'static str,
    /// True on the rows that break the rule.
    condition: Expr,
    /// Values shown in the message, as text (dates as DD/MM/YYYY).
    shown: Vec<Expr>,
    message: Message,
    /// Whether a row breaking the rule is excluded from the data.
    pub rejects: bool,
}

impl RowCheck {
    /// True on the rows that break the rule.
    pub fn condition(&self) -> Expr {
        self.condition.clone()
    }

    /// The problems this rule finds in `frame` (rows of any files, named in its `file`
    /// column), one per row.
    pub fn evaluate(&self, frame: &DataFrame) -> PolarsResult<Vec<Problem>> {
        let mut select = vec![col(FILE), col(LINE)];
        select.extend(
            self.shown
                .iter()
                .enumerate()
                .map(|(i, e)| e.clone().alias(format!("__shown{i}"))),
        );
        let rows = frame
            .clone()
            .lazy()
            .filter(self.condition.clone())
            .select(select)
            .collect()?;
        let files = rows.column(FILE)?.str()?;
        let lines = rows.column(LINE)?.idx()?;
        let mut shown = Vec::with_capacity(self.shown.len());
        for i in 0..self.shown.len() {
            shown.push(rows.column(&format!("__shown{i}"))?.str()?.clone());
        }
        let mut problems = Vec::with_capacity(rows.height());
        for (row, line) in lines.iter().enumerate() {
            let values: Vec<String> = shown
                .iter()
                .map(|c| c.get(row).unwrap_or("").to_string())
                .collect();
            problems.push(Problem::at(
                files.get(row).unwrap_or(""),
                u64::from(line.unwrap_or(0)),
                Some(self.column),
                self.rule,
                (self.message)(&values),
            ));
        }
        Ok(problems)
    }
}

/// The rules for the rows of `list`, each row checked against its own extract's as-at date
/// (its `as_at` column). `bad_event_date` is true on rows whose event date was unreadable
/// (already reported), so they are not reported again as missing.
pub fn row_checks(list: ListKind, calendar: &Calendar, bad_event_date: Expr) -> Vec<RowCheck> {
    let event = list.event_date();
    let mut checks = vec![
        RowCheck {
            rule: Rule::BlankChildId,
            column: heading(list, "child_id"),
            condition: col("child_id").is_null(),
            shown: vec![],
            message: Box::new(|_| "Child Unique ID is blank; the row is excluded".to_string()),
            rejects: true,
        },
        RowCheck {
            rule: Rule::MissingDate,
            column: heading(list, event),
            condition: col(event).is_null().and(bad_event_date.not()),
            shown: vec![],
            message: Box::new(move |_| {
                format!(
                    "{} is blank, so the record cannot be placed in time; the row is excluded",
                    heading(list, event)
                )
            }),
            rejects: true,
        },
    ];
    for column in list.columns() {
        if column.kind != ValueKind::Date || (column.id == "dob" && list.allows_unborn()) {
            continue;
        }
        let name = column.heading;
        checks.push(RowCheck {
            rule: Rule::DateAfterExtract,
            column: column.heading,
            condition: col(column.id).gt(col(AS_AT)),
            shown: vec![british(column.id), british(AS_AT)],
            message: Box::new(move |v| {
                format!(
                    "{name} {} is after the extract's as-at date {}; the row is excluded",
                    v[0], v[1]
                )
            }),
            rejects: true,
        });
    }
    if !list.allows_unborn() {
        let (dob, name) = (heading(list, "dob"), heading(list, event));
        checks.push(RowCheck {
            rule: Rule::BirthAfterEvent,
            column: dob,
            condition: col("dob").gt(col(event)),
            shown: vec![british("dob"), british(event)],
            message: Box::new(move |v| {
                format!(
                    "{dob} {} is after the {name} {}; the age is taken from the age column",
                    v[0], v[1]
                )
            }),
            rejects: false,
        });
    }
    for (start, end) in list.date_orderings() {
        let (start_name, end_name) = (heading(list, start), heading(list, end));
        checks.push(RowCheck {
            rule: Rule::EndBeforeStart,
            column: end_name,
            condition: col(*end).lt(col(*start)),
            shown: vec![british(end), british(start)],
            message: Box::new(move |v| {
                format!(
                    "{end_name} {} is before the {start_name} {}; the record is left out of indicators that use both dates",
                    v[0], v[1]
                )
            }),
            rejects: false,
        });
    }
    let (first, last) = calendar.years();
    for column in list.columns().into_iter().filter(|c| c.working_days) {
        let name = column.heading;
        checks.push(RowCheck {
            rule: Rule::OutsideCalendar,
            column: name,
            condition: calendar.covers_expr(col(column.id)).not(),
            shown: vec![british(column.id)],
            message: Box::new(move |v| {
                format!(
                    "{name} {} is outside the working-day calendar ({first}–{last}); the record is left out of working-day indicators",
                    v[0]
                )
            }),
            rejects: false,
        });
    }
    checks
}

/// The canonical heading of a column of `list`.
fn heading(list: ListKind, id: &str) -> &'static str {
    list.column(id).map(|c| c.heading).unwrap_or("")
}

/// A date literal of polars type `Date` (a bare `lit(NaiveDate)` is a datetime).
pub fn date_literal(date: NaiveDate) -> Expr {
    lit(date).cast(DataType::Date)
}

fn british(id: &str) -> Expr {
    col(id).dt().to_string("%d/%m/%Y")
}

/// A child's age in whole years at the list's event date, from the date of birth; the
/// recorded age where the birth date is missing or after the event (an unborn child on a list
/// that allows one is aged -1, as Annex A records it).
pub fn age_at_event(list: ListKind) -> Expr {
    let (dob, event) = (col("dob"), col(list.event_date()));
    let unborn = if list.allows_unborn() {
        dob.clone().gt(event.clone())
    } else {
        lit(false)
    };
    when(
        dob.clone()
            .is_not_null()
            .and(dob.clone().lt_eq(event.clone())),
    )
    .then(whole_years(dob, event))
    .when(unborn)
    .then(lit(-1))
    .otherwise(col("age"))
    .cast(DataType::Int32)
    .alias("age_at_event")
}

/// Whole years from `birth` to `at` (the age at `at` of a child born on `birth`).
pub fn whole_years(birth: Expr, at: Expr) -> Expr {
    let month_day = |d: Expr| {
        d.clone().dt().month().cast(DataType::Int32) * lit(100) + d.dt().day().cast(DataType::Int32)
    };
    let birthday_to_come = month_day(at.clone()).lt(month_day(birth.clone()));
    at.dt().year() - birth.dt().year() - when(birthday_to_come).then(lit(1)).otherwise(lit(0))
}
