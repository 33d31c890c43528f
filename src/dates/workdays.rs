//! Working days in England: Monday to Friday, less the England and Wales bank holidays.
//!
//! `wd(a, b)` is the number of working days `d` with `a < d <= b` (SPEC §4): the same day is
//! 0 and Friday to the next Monday is 1. A calendar covers whole years, and a date outside
//! them is an error rather than a guess, because a missing bank holiday silently shifts every
//! timescale that crosses it.
//!
//! Columns are handled as polars expressions: each date is mapped to the running count of
//! working days since the calendar's first day, and `wd(a, b)` is the difference of the two
//! counts. The mapping gathers from a table of the calendar's days by each date's place in
//! it, so it avoids polars' `business_day_count` (and its first-row-null bug in 0.55.2) and
//! costs one pass over the rows.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::{Datelike, NaiveDate, Weekday};
use polars::prelude::*;

use super::{date_literal, days_since_epoch};

/// The project's own copy of the England and Wales bank holidays, 2000–2030: 2010–2030 as in
/// the shared reference file, 2000–2009 derived from the standing rules and the 2002 Golden
/// Jubilee change (a test re-derives every year).
const EMBEDDED_HOLIDAYS: &str =
    include_str!("../../data/reference/bank_holidays_england_wales.csv");

/// A working-day calendar over whole years.
#[derive(Clone, Debug)]
pub struct Calendar {
    first_year: i32,
    last_year: i32,
    holidays: BTreeSet<NaiveDate>,
    provisional: BTreeSet<NaiveDate>,
    /// Where the holidays came from, for messages.
    source: String,
}

impl Calendar {
    /// The embedded England and Wales calendar (2028–2030 projected and flagged provisional).
    pub fn embedded() -> Calendar {
        Calendar::parse(EMBEDDED_HOLIDAYS, "embedded bank holidays")
            .unwrap_or_else(|error| unreachable!("the embedded holiday file is valid: {error:#}"))
    }

    /// Reads a replacement holiday file: a CSV with a `date` column (`YYYY-MM-DD` or
    /// `DD/MM/YYYY`) and an optional `provisional` column (`yes`/`no`).
    pub fn from_file(path: &Path) -> Result<Calendar> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read holiday file {}", path.display()))?;
        Calendar::parse(&text, &path.display().to_string())
    }

    /// Parses holiday CSV text. The calendar covers every year from the first to the last
    /// holiday listed; each of those years must list at least one holiday, since England has
    /// eight a year and a gap means the file is incomplete.
    pub fn parse(text: &str, source: &str) -> Result<Calendar> {
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader
            .headers()
            .with_context(|| format!("{source}: cannot read the header row"))?
            .clone();
        let position = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let Some(date_column) = position("date") else {
            bail!("{source}: line 1: no `date` column");
        };
        let provisional_column = position("provisional");
        let mut holidays = BTreeSet::new();
        let mut provisional = BTreeSet::new();
        for (index, record) in reader.records().enumerate() {
            let line = index + 2;
            let record = record.with_context(|| format!("{source}: line {line}"))?;
            let raw = record.get(date_column).unwrap_or("").trim();
            let date = parse_holiday_date(raw).with_context(|| {
                format!("{source}: line {line}, column date: `{raw}` is not a date")
            })?;
            holidays.insert(date);
            let flag = provisional_column.and_then(|c| record.get(c)).unwrap_or("");
            if matches!(
                flag.trim().to_lowercase().as_str(),
                "yes" | "y" | "true" | "1"
            ) {
                provisional.insert(date);
            }
        }
        let (Some(first), Some(last)) = (holidays.first(), holidays.last()) else {
            bail!("{source}: lists no holidays");
        };
        let (first_year, last_year) = (first.year(), last.year());
        for year in first_year..=last_year {
            if !holidays.iter().any(|d| d.year() == year) {
                bail!(
                    "{source}: lists no holidays in {year}, between {first_year} and {last_year}"
                );
            }
        }
        Ok(Calendar {
            first_year,
            last_year,
            holidays,
            provisional,
            source: source.to_string(),
        })
    }

    /// The first and last years the calendar covers.
    pub fn years(&self) -> (i32, i32) {
        (self.first_year, self.last_year)
    }

    /// Where the holidays came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the calendar covers `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&date.year())
    }

    /// Whether `date` falls in a year whose holidays are projected rather than announced.
    pub fn is_provisional_year(&self, year: i32) -> bool {
        self.provisional.iter().any(|d| d.year() == year)
    }

    /// Whether `date` is a working day (Monday–Friday, not a bank holiday).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// `wd(a, b)`: working days `d` with `a < d <= b`, negative when `b` is before `a`.
    pub fn wd(&self, a: NaiveDate, b: NaiveDate) -> Result<i64> {
        for date in [a, b] {
            if !self.covers(date) {
                bail!(
                    "{date} is outside the working-day calendar ({}–{}, {})",
                    self.first_year,
                    self.last_year,
                    self.source
                );
            }
        }
        let (from, to, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let count = from
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count();
        Ok(sign * count as i64)
    }

    /// A polars expression for `wd(start, end)` over whole columns of dates: null where either
    /// date is null or outside the calendar (check with [`Calendar::covers_expr`]).
    pub fn wd_expr(&self, start: Expr, end: Expr) -> Expr {
        self.running_count(end) - self.running_count(start)
    }

    /// A polars expression that is true where `date` is null or inside the calendar.
    pub fn covers_expr(&self, date: Expr) -> Expr {
        let (first, last) = self.first_and_last_days();
        date.clone().is_null().or(date
            .clone()
            .gt_eq(date_literal(first))
            .and(date.lt_eq(date_literal(last))))
    }

    /// The calendar's first and last days.
    fn first_and_last_days(&self) -> (NaiveDate, NaiveDate) {
        (
            NaiveDate::from_ymd_opt(self.first_year, 1, 1).unwrap_or(NaiveDate::MIN),
            NaiveDate::from_ymd_opt(self.last_year, 12, 31).unwrap_or(NaiveDate::MIN),
        )
    }

    /// Maps each date to the number of working days from the calendar's first day up to and
    /// including it; null outside the calendar. The count is looked up by the date's place in
    /// the calendar (its days since the first day), not hashed.
    fn running_count(&self, date: Expr) -> Expr {
        let (first, _) = self.first_and_last_days();
        let counts = self.running_counts();
        let place = date.cast(DataType::Date).cast(DataType::Int32) - lit(days_since_epoch(first));
        let inside = place
            .clone()
            .gt_eq(lit(0))
            .and(place.clone().lt(lit(counts.len() as i32)));
        let place = when(inside)
            .then(place)
            .otherwise(lit(NULL))
            .cast(IDX_DTYPE);
        lit(Series::new("working_days".into(), counts)).gather(place, false)
    }

    /// The running count of working days on each day of the calendar, from its first day.
    fn running_counts(&self) -> Vec<i32> {
        let (first, last) = self.first_and_last_days();
        let mut running = 0i32;
        first
            .iter_days()
            .take_while(|day| *day <= last)
            .map(|day| {
                running += i32::from(self.is_working_day(day));
                running
            })
            .collect()
    }
}

fn parse_holiday_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
        date.checked_add_days(Days::new(days)).unwrap()
    }

    fn wd(a: NaiveDate, b: NaiveDate) -> i64 {
        Calendar::embedded().wd(a, b).unwrap()
    }

    #[test]
    fn same_day_is_zero_and_friday_to_monday_is_one() {
        assert_eq!(wd(d(2014, 6, 4), d(2014, 6, 4)), 0);
        assert_eq!(wd(d(2014, 6, 6), d(2014, 6, 9)), 1);
        assert_eq!(wd(d(2014, 6, 6), d(2014, 6, 7)), 0, "Friday to Saturday");
        assert_eq!(wd(d(2014, 6, 7), d(2014, 6, 9)), 1, "Saturday to Monday");
        assert_eq!(wd(d(2014, 6, 9), d(2014, 6, 6)), -1, "reversed");
    }

    #[test]
    fn easter_2014_skips_good_friday_and_easter_monday() {
        // Thursday 17 April 2014 to Tuesday 22 April: Good Friday 18th and Easter Monday
        // 21st are holidays, so only Tuesday counts.
        assert_eq!(wd(d(2014, 4, 17), d(2014, 4, 22)), 1);
    }

    #[test]
    fn christmas_2014() {
        // Wednesday 24 December 2014 to Monday 29 December: 25th and 26th are holidays.
        assert_eq!(wd(d(2014, 12, 24), d(2014, 12, 29)), 1);
        // Friday 19 December 2014 to Friday 2 January 2015: 22, 23, 24, 29, 30, 31 Dec and
        // 2 Jan; 25, 26 Dec and 1 Jan are holidays.
        assert_eq!(wd(d(2014, 12, 19), d(2015, 1, 2)), 7);
    }

    #[test]
    fn diamond_jubilee_2012() {
        // Friday 1 June 2012 to Wednesday 6 June: Monday 4th (spring) and Tuesday 5th
        // (jubilee) are holidays.
        assert_eq!(wd(d(2012, 6, 1), d(2012, 6, 6)), 1);
    }

    #[test]
    fn state_funeral_2022() {
        // Friday 16 September 2022 to Tuesday 20 September: Monday 19th was the funeral.
        assert_eq!(wd(d(2022, 9, 16), d(2022, 9, 20)), 1);
    }

    #[test]
    fn forty_five_days_across_the_may_holidays() {
        // From Tuesday 1 April 2014: 19 working days to 30 April (Good Friday and Easter
        // Monday excluded), 20 in May (5 and 26 May excluded), 5 in 2–6 June: Friday 6 June
        // is day 44, Monday 9 June day 45 and Tuesday 10 June day 46.
        assert_eq!(wd(d(2014, 4, 1), d(2014, 4, 30)), 19);
        assert_eq!(wd(d(2014, 4, 1), d(2014, 6, 6)), 44);
        assert_eq!(wd(d(2014, 4, 1), d(2014, 6, 9)), 45);
        assert_eq!(wd(d(2014, 4, 1), d(2014, 6, 10)), 46);
    }

    #[test]
    fn dates_outside_the_calendar_are_errors() {
        let error = Calendar::embedded()
            .wd(d(1999, 12, 31), d(2000, 1, 4))
            .unwrap_err();
        assert!(error
            .to_string()
            .contains("outside the working-day calendar"));
        assert!(Calendar::embedded()
            .wd(d(2030, 12, 31), d(2031, 1, 2))
            .is_err());
    }

    #[test]
    fn embedded_calendar_covers_2000_to_2030_with_projections_flagged() {
        let calendar = Calendar::embedded();
        assert_eq!(calendar.years(), (2000, 2030));
        assert!(calendar.is_provisional_year(2029));
        assert!(!calendar.is_provisional_year(2025));
    }

    #[test]
    fn a_replacement_file_must_not_skip_a_year() {
        let text = "date\n2020-01-01\n2022-01-03\n";
        let error = Calendar::parse(text, "holidays.csv").unwrap_err();
        assert_eq!(
            error.to_string(),
            "holidays.csv: lists no holidays in 2021, between 2020 and 2022"
        );
        let bad = Calendar::parse("date\n2020-02-30\n", "h.csv").unwrap_err();
        assert_eq!(
            format!("{bad:#}"),
            "h.csv: line 2, column date: `2020-02-30` is not a date"
        );
    }

    fn column_wd(starts: Vec<Option<NaiveDate>>, ends: Vec<Option<NaiveDate>>) -> Vec<Option<i32>> {
        let calendar = Calendar::embedded();
        let frame = df!("a" => starts, "b" => ends).unwrap();
        let out = frame
            .lazy()
            .select([calendar.wd_expr(col("a"), col("b")).alias("wd")])
            .collect()
            .unwrap();
        out.column("wd").unwrap().i32().unwrap().iter().collect()
    }

    #[test]
    fn expression_handles_nulls_in_the_first_row() {
        // Regression for pola-rs/polars#28018: a null in row 0 made business_day_count drop
        // the holidays for every later row. Easter 2014 must still be skipped.
        let got = column_wd(
            vec![None, Some(d(2014, 4, 17)), Some(d(2014, 4, 17))],
            vec![Some(d(2014, 4, 22)), None, Some(d(2014, 4, 22))],
        );
        assert_eq!(got, vec![None, None, Some(1)]);
    }

    #[test]
    fn expression_is_null_outside_the_calendar() {
        let got = column_wd(vec![Some(d(1999, 6, 1))], vec![Some(d(2014, 6, 2))]);
        assert_eq!(got, vec![None]);
        // The calendar's first and last days are inside it, the days either side are not.
        let calendar = Calendar::embedded();
        let got = column_wd(
            vec![
                Some(d(1999, 12, 31)),
                Some(d(2000, 1, 1)),
                Some(d(2030, 12, 20)),
                Some(d(2030, 12, 31)),
            ],
            vec![
                Some(d(2000, 1, 10)),
                Some(d(2000, 1, 10)),
                Some(d(2030, 12, 31)),
                Some(d(2031, 1, 1)),
            ],
        );
        let inside = |a, b| Some(naive_wd(&calendar, a, b));
        assert_eq!(
            got,
            vec![
                None,
                inside(d(2000, 1, 1), d(2000, 1, 10)),
                inside(d(2030, 12, 20), d(2030, 12, 31)),
                None
            ]
        );
        assert_eq!(got[1], Some(5), "3 January 2000 was a bank holiday");
    }

    #[test]
    fn the_calendar_covers_its_first_and_last_days_and_null() {
        let calendar = Calendar::embedded();
        let dates = [
            None,
            Some(d(1999, 12, 31)),
            Some(d(2000, 1, 1)),
            Some(d(2030, 12, 31)),
            Some(d(2031, 1, 1)),
        ];
        let frame = df!("date" => dates).unwrap();
        let covered = frame
            .lazy()
            .select([calendar.covers_expr(col("date")).alias("covered")])
            .collect()
            .unwrap();
        let covered: Vec<Option<bool>> = covered
            .column("covered")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            covered,
            [Some(true), Some(false), Some(true), Some(true), Some(false)]
        );
    }

    proptest! {
        #[test]
        fn expression_matches_a_naive_day_by_day_count(
            pairs in proptest::collection::vec((0u64..11300, 0u64..11300), 1..40)
        ) {
            let base = d(2000, 1, 1);
            let starts: Vec<NaiveDate> = pairs.iter().map(|(a, _)| add_days(base, *a)).collect();
            let ends: Vec<NaiveDate> = pairs.iter().map(|(_, b)| add_days(base, *b)).collect();
            let calendar = Calendar::embedded();
            let naive: Vec<Option<i32>> = starts
                .iter()
                .zip(&ends)
                .map(|(a, b)| Some(naive_wd(&calendar, *a, *b)))
                .collect();
            let got = column_wd(
                starts.into_iter().map(Some).collect(),
                ends.into_iter().map(Some).collect(),
            );
            prop_assert_eq!(got, naive);
        }
    }

    #[test]
    fn embedded_holidays_are_the_standing_rules_plus_the_proclaimed_changes() {
        let proclaimed_added = [
            d(2002, 6, 3),
            d(2002, 6, 4),
            d(2011, 4, 29),
            d(2012, 6, 4),
            d(2012, 6, 5),
            d(2020, 5, 8),
            d(2022, 6, 2),
            d(2022, 6, 3),
            d(2022, 9, 19),
            d(2023, 5, 8),
        ];
        let moved_away = [
            d(2002, 5, 27),
            d(2012, 5, 28),
            d(2020, 5, 4),
            d(2022, 5, 30),
        ];
        let mut expected: BTreeSet<NaiveDate> = (2000..=2030).flat_map(standing_rules).collect();
        expected.retain(|day| !moved_away.contains(day));
        expected.extend(proclaimed_added);
        let embedded: BTreeSet<NaiveDate> = Calendar::embedded().holidays.into_iter().collect();
        assert_eq!(embedded, expected);
    }

    /// England and Wales bank holidays by the Banking and Financial Dealings Act 1971's
    /// standing rules: New Year's Day, Good Friday, Easter Monday, the first and last Mondays
    /// of May, the last Monday of August, Christmas Day and Boxing Day, a holiday falling at a
    /// weekend moved to the next free weekday.
    fn standing_rules(year: i32) -> Vec<NaiveDate> {
        let next_free = |mut day: NaiveDate, taken: &[NaiveDate]| {
            while day.weekday().number_from_monday() >= 6 || taken.contains(&day) {
                day = day.succ_opt().unwrap();
            }
            day
        };
        let monday_from = |day: NaiveDate, step: i64| {
            let mut day = day;
            while day.weekday() != chrono::Weekday::Mon {
                day += chrono::Duration::days(step);
            }
            day
        };
        let easter = easter_sunday(year);
        let christmas = next_free(d(year, 12, 25), &[]);
        let boxing = next_free(d(year, 12, 26), &[christmas]);
        vec![
            next_free(d(year, 1, 1), &[]),
            easter - chrono::Duration::days(2),
            easter + chrono::Duration::days(1),
            monday_from(d(year, 5, 1), 1),
            monday_from(d(year, 5, 31), -1),
            monday_from(d(year, 8, 31), -1),
            christmas,
            boxing,
        ]
    }

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    fn easter_sunday(year: i32) -> NaiveDate {
        let (a, b, c) = (year % 19, year / 100, year % 100);
        let (d_, e) = (b / 4, b % 4);
        let g = (8 * b + 13) / 25;
        let h = (19 * a + b - d_ - g + 15) % 30;
        let (i, k) = (c / 4, c % 4);
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 19 * l) / 433;
        let month = (h + l - 7 * m + 90) / 25;
        let day = (h + l - 7 * m + 33 * month + 19) % 32;
        d(year, month as u32, day as u32)
    }

    /// The definition, literally: step through the days after `a` up to `b`.
    fn naive_wd(calendar: &Calendar, a: NaiveDate, b: NaiveDate) -> i32 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0;
        let mut day = lo;
        while day < hi {
            day = day.succ_opt().unwrap();
            let weekend = day.weekday().number_from_monday() >= 6;
            if !weekend && !calendar.holidays.contains(&day) {
                count += 1;
            }
        }
        sign * count
    }
}
