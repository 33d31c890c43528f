//! The row-level rules of SPEC §2.4, as polars conditions over a file's typed columns.
//!
//! Each rule is a condition plus a message. Rules that leave a record unusable (no child ID,
//! no event date, a date after the extract's as-at date) reject the row; the others keep it
//! and leave the decision to the indicators that use the faulty fields.

use chrono::NaiveDate;
use polars::prelude::*;

use super::civil::civil_from_days;
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
/// that allows one is aged -1, as Annex A records it). Computed from the dates' days in one
/// pass: polars' year, month and day of a date column cost a calendar conversion each.
pub fn age_at_event(list: ListKind, frame: &DataFrame) -> PolarsResult<Column> {
    let births = frame.column("dob")?.date()?.physical();
    let events = frame.column(list.event_date())?.date()?.physical();
    let recorded = frame.column("age")?.i32()?;
    let unborn_allowed = list.allows_unborn();
    let ages: Int32Chunked = births
        .iter()
        .zip(events.iter())
        .zip(recorded.iter())
        .map(|((birth, event), recorded)| match (birth, event) {
            (Some(birth), Some(event)) if birth <= event => Some(whole_years_between(birth, event)),
            (Some(_), Some(_)) if unborn_allowed => Some(-1),
            _ => recorded,
        })
        .collect();
    Ok(ages.with_name("age_at_event".into()).into_column())
}

/// Whole years from the day `birth` to the day `at` (days since 1970-01-01, as polars holds
/// dates), as [`whole_years`] counts them.
fn whole_years_between(birth: i32, at: i32) -> i32 {
    let (birth_year, birth_month, birth_day) = civil_from_days(birth);
    let (year, month, day) = civil_from_days(at);
    let birthday_to_come = (month, day) < (birth_month, birth_day);
    year - birth_year - i32::from(birthday_to_come)
}

/// Whole years from `birth` to `at` (the age at `at` of a child born on `birth`).
pub fn whole_years(birth: Expr, at: Expr) -> Expr {
    let month_day = |d: Expr| {
        d.clone().dt().month().cast(DataType::Int32) * lit(100) + d.dt().day().cast(DataType::Int32)
    };
    let birthday_to_come = month_day(at.clone()).lt(month_day(birth.clone()));
    at.dt().year() - birth.dt().year() - when(birthday_to_come).then(lit(1)).otherwise(lit(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::decode::days_since_epoch;

    fn days(y: i32, m: u32, d: u32) -> i32 {
        days_since_epoch(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn whole_years_count_birthdays_passed() {
        assert_eq!(days(1970, 1, 1), 0);
        let cases = [
            ((2010, 4, 10), (2014, 4, 9), 3),
            ((2010, 4, 10), (2014, 4, 10), 4),
            ((2014, 4, 10), (2014, 4, 10), 0),
            ((2012, 2, 29), (2015, 2, 28), 2),
            ((2012, 2, 29), (2015, 3, 1), 3),
            ((2012, 2, 29), (2016, 2, 29), 4),
            ((1999, 12, 31), (2014, 1, 1), 14),
            ((1960, 6, 1), (1969, 6, 1), 9),
        ];
        for (birth, at, years) in cases {
            let (birth, at) = (days(birth.0, birth.1, birth.2), days(at.0, at.1, at.2));
            assert_eq!(whole_years_between(birth, at), years, "{birth} {at}");
        }
    }

    #[test]
    fn age_at_event_falls_back_to_the_recorded_age_and_marks_the_unborn() {
        let list = ListKind::Referrals;
        let date =
            |values: Vec<Option<i32>>| Int32Chunked::from_iter(values).into_date().into_column();
        let (d1, d2) = (Some(days(2010, 4, 10)), Some(days(2014, 4, 9)));
        let frame = DataFrame::new(
            5,
            vec![
                date(vec![d1, None, d2, d1, d2]).with_name("dob".into()),
                date(vec![d2, d2, d1, None, d2]).with_name(list.event_date().into()),
                Column::new("age".into(), [Some(7), Some(8), Some(9), None, None]),
            ],
        )
        .unwrap();
        let unborn = if list.allows_unborn() {
            Some(-1)
        } else {
            Some(9)
        };
        let ages = age_at_event(list, &frame).unwrap();
        let ages: Vec<Option<i32>> = ages.i32().unwrap().iter().collect();
        assert_eq!(ages, vec![Some(3), Some(8), unborn, None, Some(0)]);
    }

    #[test]
    fn whole_years_in_rust_agree_with_the_expression() {
        let births: Vec<i32> = (0..400).map(|i| days(2000, 1, 1) + i * 37).collect();
        let ats: Vec<i32> = (0..400).map(|i| days(2005, 2, 27) + i * 23).collect();
        let frame = DataFrame::new(
            400,
            vec![
                Int32Chunked::from_vec("birth".into(), births.clone())
                    .into_date()
                    .into_column(),
                Int32Chunked::from_vec("at".into(), ats.clone())
                    .into_date()
                    .into_column(),
            ],
        )
        .unwrap()
        .lazy()
        .select([whole_years(col("birth"), col("at"))
            .cast(DataType::Int32)
            .alias("years")])
        .collect()
        .unwrap();
        let expected: Vec<Option<i32>> = frame
            .column("years")
            .unwrap()
            .i32()
            .unwrap()
            .iter()
            .collect();
        let computed: Vec<Option<i32>> = births
            .iter()
            .zip(&ats)
            .map(|(b, a)| Some(whole_years_between(*b, *a)))
            .collect();
        assert_eq!(computed, expected);
    }
}
