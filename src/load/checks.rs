//! The row-level rules of SPEC §2.4, as polars conditions over a file's typed columns.
//!
//! Each rule is a condition plus a message. Rules that leave a record unusable (no child ID,
//! no event date, a date after the extract's as-at date) reject the row; the others keep it
//! and leave the decision to the indicators that use the faulty fields.

use chrono::NaiveDate;
use polars::prelude::*;

use std::collections::BTreeMap;

use super::{file_labels, LoadOptions, Measure};
use crate::dates::workdays::Calendar;
use crate::dates::{date_literal, months_later, whole_years};
use crate::model::frame::{AGE_AT_EVENT, AS_AT, FILE, LINE};
use crate::model::{ListKind, ValueKind};
use crate::problem::{Problem, Rule};

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
    /// Columns computed over all the rows before the faulty ones are picked out, for shown
    /// values that depend on other rows (a year's total).
    over_all_rows: Vec<Expr>,
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
            .with_columns(self.over_all_rows.clone())
            .filter(self.condition.clone())
            .select(select)
            .collect()?;
        let files = file_labels(&rows)?;
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
    let identifier = heading(list, list.identifier());
    let mut checks = vec![RowCheck {
        rule: Rule::BlankChildId,
        column: identifier,
        condition: col(list.identifier()).is_null(),
        shown: vec![],
        over_all_rows: Vec::new(),
        message: Box::new(move |_| format!("{identifier} is blank; the row is excluded")),
        rejects: true,
    }];
    if let Some(event) = list.event_date() {
        checks.push(RowCheck {
            rule: Rule::MissingDate,
            column: heading(list, event),
            condition: col(event).is_null().and(bad_event_date.not()),
            shown: vec![],
            over_all_rows: Vec::new(),
            message: Box::new(move |_| {
                format!(
                    "{} is blank, so the record cannot be placed in time; the row is excluded",
                    heading(list, event)
                )
            }),
            rejects: true,
        });
    }
    for column in list.columns() {
        // A date of birth after the as-at date is an unborn child's expected date of birth.
        if column.kind != ValueKind::Date || column.id == "dob" {
            continue;
        }
        let name = column.heading;
        let source = match list.is_register() {
            true => "registers'",
            false => "extract's",
        };
        checks.push(RowCheck {
            rule: Rule::DateAfterExtract,
            column: column.heading,
            condition: col(column.id).gt(col(AS_AT)),
            shown: vec![british(column.id), british(AS_AT)],
            over_all_rows: Vec::new(),
            message: Box::new(move |v| {
                format!(
                    "{name} {} is after the {source} as-at date {}; the row is excluded",
                    v[0], v[1]
                )
            }),
            rejects: true,
        });
    }
    // Any list of children may hold an unborn child, whose date of birth is the expected one
    // (SPEC §2.4): only a birth expected more than 10 months after the event is implausible.
    if let (Some(event), Some(_)) = (list.event_date(), list.column("dob")) {
        let (dob, name) = (heading(list, "dob"), heading(list, event));
        checks.push(RowCheck {
            rule: Rule::ImplausibleBirth,
            column: dob,
            condition: months_later(col("dob"), col(event), UNBORN_AT_MOST.0),
            shown: vec![british("dob"), british(event)],
            over_all_rows: Vec::new(),
            message: Box::new(move |v| {
                format!(
                    "{dob} {} is more than {} after the {name} {}, too late for an expected date of birth; the row is kept",
                    v[0], UNBORN_AT_MOST.1, v[1]
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
            over_all_rows: Vec::new(),
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
            over_all_rows: Vec::new(),
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

/// How long before an expected birth pre-birth work may start (calendar months, and as said
/// in messages): longer is implausible.
const UNBORN_AT_MOST: (u32, &str) = (10, "10 months");

/// The rules of the board's registers (SPEC §10) and partners' returns (§11) beyond the
/// lists' own: an attendance must be at one of the board's meetings (when they are given); a
/// budget contribution should be its formula share of all the contributions of its year in
/// its file, to half a point; a return must be of a known measure, from its agency, for a
/// period, with its figure.
pub fn register_checks(list: ListKind, options: &LoadOptions) -> PolarsResult<Vec<RowCheck>> {
    let meetings = &options.meetings;
    Ok(match list {
        ListKind::Attendance if !meetings.is_empty() => {
            let listed = meetings
                .iter()
                .map(|d| d.format("%d/%m/%Y").to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let known = meetings
                .iter()
                .map(|d| col("meeting_date").eq(date_literal(*d)))
                .reduce(Expr::or)
                .unwrap_or(lit(false));
            vec![RowCheck {
                rule: Rule::UnknownMeeting,
                column: heading(list, "meeting_date"),
                condition: known.not(),
                shown: vec![british("meeting_date")],
                over_all_rows: Vec::new(),
                message: Box::new(move |v| {
                    format!(
                        "Meeting Date {} is not one of the board's meetings in lscb.toml ({listed}); the row is excluded",
                        v[0]
                    )
                }),
                rejects: true,
            }]
        }
        ListKind::Budget => vec![formula_share_check()?],
        ListKind::Returns => return_checks(&options.measures),
        _ => Vec::new(),
    })
}

/// A check of a return, rejecting the row, with a message of the values shown.
fn return_check(
    rule: Rule,
    column: &'static str,
    condition: Expr,
    shown: Vec<Expr>,
    message: impl Fn(&[String]) -> String + 'static,
) -> RowCheck {
    RowCheck {
        rule,
        column: heading(ListKind::Returns, column),
        condition: condition.fill_null(lit(false)),
        shown,
        over_all_rows: Vec::new(),
        message: Box::new(message),
        rejects: true,
    }
}

/// A financial year (`2014-15`), a quarter (`2014-15 Q3`) or a year to date (`2014-15 YTD Q3`).
const PERIOD_PATTERN: &str = r"^\s*\d{4}[-/]\d{2}(\s+([Yy][Tt][Dd]\s+)?[Qq][1-4])?\s*$";

/// The rules of a partner's return (SPEC §11), each rejecting the row.
fn return_checks(measures: &BTreeMap<String, Measure>) -> Vec<RowCheck> {
    let text = |id: &str| col(id).cast(DataType::String);
    let known = measures.keys().fold(lit(false), |known, id| {
        known.or(text("measure").eq(lit(id.as_str())))
    });
    let none = || lit(NULL).cast(DataType::String);
    let (mut agency, mut percent) = (none(), lit(NULL).cast(DataType::Boolean));
    for (id, measure) in measures {
        let this = text("measure").eq(lit(id.as_str()));
        agency = when(this.clone())
            .then(lit(measure.agency.as_str()))
            .otherwise(agency);
        percent = when(this).then(lit(measure.percent)).otherwise(percent);
    }
    // Whole numbers without a decimal point.
    let number = |id: &str| {
        when(col(id).eq(col(id).round(0, RoundMode::HalfAwayFromZero)))
            .then(col(id).cast(DataType::Int64).cast(DataType::String))
            .otherwise(col(id).cast(DataType::String))
    };
    let mut checks = vec![
        return_check(
            Rule::UnknownMeasure,
            "measure",
            known.clone().not(),
            vec![text("measure")],
            |v| {
                format!("`{}` is not a measure: define it as an indicator of family `returned`; the row is excluded", v[0])
            },
        ),
        return_check(
            Rule::UnknownAgency,
            "agency",
            known.clone().and(
                text("agency")
                    .str()
                    .to_lowercase()
                    .neq_missing(agency.clone().str().to_lowercase()),
            ),
            vec![text("agency"), text("measure"), agency],
            |v| {
                format!("`{}` does not return `{}`, which its definition says {} returns; the row is excluded", v[0], v[1], v[2])
            },
        ),
        return_check(
            Rule::BadPeriod,
            "period",
            text("period")
                .str()
                .contains(lit(PERIOD_PATTERN), false)
                .not(),
            vec![text("period")],
            |v| {
                format!("`{}` is not a period: write a financial year (2014-15), a quarter (2014-15 Q3) or a year to date (2014-15 YTD Q3); the row is excluded", v[0])
            },
        ),
        return_check(
            Rule::MissingFigure,
            "value",
            known.and(percent.clone().not()).and(col("value").is_null()),
            vec![text("measure")],
            |v| {
                format!(
                    "`{}` is returned as a Value, and this row has none; the row is excluded",
                    v[0]
                )
            },
        ),
        return_check(
            Rule::MissingFigure,
            "numerator",
            percent.and(col("numerator").is_null().or(col("denominator").is_null())),
            vec![text("measure")],
            |v| {
                format!("`{}` is returned as a Numerator and a Denominator, and this row lacks one; the row is excluded", v[0])
            },
        ),
        return_check(
            Rule::NumeratorAboveDenominator,
            "numerator",
            col("numerator").gt(col("denominator")),
            vec![number("numerator"), number("denominator")],
            |v| {
                format!(
                    "Numerator {} is above its Denominator {}; the row is excluded",
                    v[0], v[1]
                )
            },
        ),
    ];
    for id in ["value", "numerator", "denominator"] {
        checks.push(return_check(
            Rule::BadNumber,
            id,
            col(id).lt(lit(0.0)),
            vec![number(id)],
            move |v| {
                format!(
                    "{} is negative, which a count cannot be; the row is excluded",
                    v[0]
                )
            },
        ));
    }
    checks
}

/// An amount to the pound, as text: `111370`.
fn pounds(amount: Expr) -> Expr {
    amount
        .round(0, RoundMode::HalfAwayFromZero)
        .cast(DataType::Int64)
        .cast(DataType::String)
}

/// How far a contribution's share may be from its formula share, in percentage points.
pub const FORMULA_SHARE_TOLERANCE: f64 = 0.5;

/// A contribution more than [`FORMULA_SHARE_TOLERANCE`] points from its formula share of the
/// contributions of its year in its file: a warning, as the budget may be right and the
/// formula out of date.
fn formula_share_check() -> PolarsResult<RowCheck> {
    let contribution = col("budget_line")
        .cast(DataType::String)
        .eq(lit("Contribution"));
    let total = col("amount")
        .filter(contribution.clone())
        .sum()
        .over([col(FILE), col("financial_year")])?;
    let share = lit(100.0) * col("amount") / total.clone();
    Ok(RowCheck {
        rule: Rule::FormulaShare,
        column: heading(ListKind::Budget, "formula_share"),
        condition: contribution
            .and(col("formula_share").is_not_null())
            .and(
                (share.clone() - col("formula_share"))
                    .abs()
                    .gt(lit(FORMULA_SHARE_TOLERANCE)),
            )
            .fill_null(lit(false)),
        shown: vec![
            col("formula_share")
                .round(1, RoundMode::HalfAwayFromZero)
                .cast(DataType::String),
            pounds(col("amount")),
            pounds(col("__total")),
            col("__share")
                .round(1, RoundMode::HalfAwayFromZero)
                .cast(DataType::String),
        ],
        over_all_rows: vec![total.alias("__total"), share.alias("__share")],
        message: Box::new(|v| {
            format!(
                "Formula Share {}% does not match the Amount: {} is {}% of the year's contributions of {}, more than {FORMULA_SHARE_TOLERANCE} points away; kept as written",
                v[0], v[1], v[3], v[2]
            )
        }),
        rejects: false,
    })
}

/// The canonical heading of a column of `list`.
fn heading(list: ListKind, id: &str) -> &'static str {
    list.column(id).map(|c| c.heading).unwrap_or("")
}

fn british(id: &str) -> Expr {
    col(id).dt().to_string("%d/%m/%Y")
}

/// A child's age in whole years at the list's event date, from the date of birth; the
/// recorded age where the birth date is missing; -1 for an unborn child (a date of birth
/// after the event is the expected one), as Annex A records it. Care leavers, with no event
/// date, are aged at their extract's date; adopters (List 11) have no age. An expression, so polars
/// computes it only for the rows of a query that uses it (an age-band breakdown, a cohort by
/// age).
pub fn age_at_event(list: ListKind) -> Expr {
    if list.column("dob").is_none() {
        return lit(NULL).cast(DataType::Int32).alias(AGE_AT_EVENT);
    }
    // A list without an event date (care leavers) is aged at its extract's date.
    let event = list.event_date().map_or(col(AS_AT), col);
    let birth = col("dob");
    when(birth.clone().is_null().or(event.clone().is_null()))
        .then(col("age"))
        .when(birth.clone().lt_eq(event.clone()))
        .then(whole_years(birth, event))
        .otherwise(lit(-1))
        .cast(DataType::Int32)
        .alias(AGE_AT_EVENT)
}

/// A child's age in whole years at `date`, from the date of birth; the recorded age where the
/// birth date is missing; -1 when the birth is after `date` (an expected date of birth).
pub fn age_at(date: NaiveDate) -> Expr {
    let at = date_literal(date);
    when(col("dob").is_null())
        .then(col("age"))
        .when(col("dob").gt(at.clone()))
        .then(lit(-1))
        .otherwise(whole_years(col("dob"), at))
        .cast(DataType::Int32)
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;
    use chrono::NaiveDate;

    use crate::dates::{date_literal, days_since_epoch};

    fn days(y: i32, m: u32, d: u32) -> i32 {
        days_since_epoch(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    /// The `expression` over dates given as days in columns `dob`, `at` and its list's event
    /// date, with the recorded ages in `age`.
    fn evaluate(
        expression: Expr,
        list: ListKind,
        columns: Vec<(&str, Vec<Option<i32>>)>,
    ) -> Vec<Option<i32>> {
        let height = columns.first().map_or(0, |(_, values)| values.len());
        let columns = columns
            .into_iter()
            .map(|(name, values)| {
                let name = if name == "event" {
                    list.event_date().unwrap_or(AS_AT)
                } else {
                    name
                };
                let values = Int32Chunked::from_iter(values).with_name(name.into());
                match name {
                    "age" => values.into_column(),
                    _ => values.into_date().into_column(),
                }
            })
            .collect();
        let frame = DataFrame::new(height, columns).unwrap();
        let result = frame
            .lazy()
            .select([expression.alias("result")])
            .collect()
            .unwrap();
        result
            .column("result")
            .unwrap()
            .i32()
            .unwrap()
            .iter()
            .collect()
    }

    fn years(births: Vec<i32>, ats: Vec<i32>) -> Vec<Option<i32>> {
        let (births, ats) = (
            births.into_iter().map(Some).collect(),
            ats.into_iter().map(Some).collect(),
        );
        evaluate(
            whole_years(col("dob"), col("at")).cast(DataType::Int32),
            ListKind::Referrals,
            vec![("dob", births), ("at", ats)],
        )
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
        let births = cases.iter().map(|(b, _, _)| days(b.0, b.1, b.2)).collect();
        let ats = cases.iter().map(|(_, a, _)| days(a.0, a.1, a.2)).collect();
        let expected: Vec<Option<i32>> = cases.iter().map(|(_, _, years)| Some(*years)).collect();
        assert_eq!(years(births, ats), expected);
    }

    #[test]
    fn whole_years_agree_with_counting_birthdays_in_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let births: Vec<i32> = (0..400).map(|i| days(2000, 1, 1) + i * 37).collect();
        let ats: Vec<i32> = (0..400).map(|i| days(2005, 2, 27) + i * 23).collect();
        let date = |days: i32| epoch + chrono::Duration::days(i64::from(days));
        let expected: Vec<Option<i32>> = births
            .iter()
            .zip(&ats)
            .map(|(birth, at)| {
                let (birth, at) = (date(*birth), date(*at));
                let birthday_to_come = (at.month(), at.day()) < (birth.month(), birth.day());
                Some(at.year() - birth.year() - i32::from(birthday_to_come))
            })
            .collect();
        assert_eq!(years(births, ats), expected);
    }

    #[test]
    fn whole_years_to_one_date_for_every_row() {
        let births = vec![Some(days(2010, 4, 10)), None, Some(days(2013, 4, 11))];
        let at = date_literal(NaiveDate::from_ymd_opt(2014, 4, 10).unwrap());
        let years = evaluate(
            whole_years(col("dob"), at),
            ListKind::Referrals,
            vec![("dob", births)],
        );
        assert_eq!(years, vec![Some(4), None, Some(0)]);
    }

    #[test]
    fn age_at_event_falls_back_to_the_recorded_age_and_marks_the_unborn() {
        let (d1, d2) = (Some(days(2010, 4, 10)), Some(days(2014, 4, 9)));
        // Every list may hold an unborn child, pre-birth assessments and CIN episodes too.
        for list in [
            ListKind::Referrals,
            ListKind::Assessments,
            ListKind::ChildrenInNeed,
        ] {
            let ages = evaluate(
                age_at_event(list),
                list,
                vec![
                    ("dob", vec![d1, None, d2, d1, d2]),
                    ("event", vec![d2, d2, d1, None, d2]),
                    ("age", vec![Some(7), Some(8), Some(9), None, None]),
                ],
            );
            assert_eq!(
                ages,
                vec![Some(3), Some(8), Some(-1), None, Some(0)],
                "{list}"
            );
        }
    }
}
