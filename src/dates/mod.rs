//! Dates: the bottom layer, with the model. Calendar arithmetic on days since 1970-01-01 (how
//! polars holds a date), reading dates as Annex A writes them, whole years of age, calendar
//! intervals that clamp to the month's end, working days ([`workdays`]) and reporting periods
//! ([`period`]). Nothing here knows about lists or indicators.

pub mod civil;
pub mod period;
pub mod workdays;

use std::fmt;
use std::str::FromStr;

use anyhow::{anyhow, bail, Result};
use chrono::{Days, NaiveDate};
use polars::prelude::*;
use serde::Deserialize;

use period::{months_after, months_before};

/// The date in a text written exactly `DD/MM/YYYY` or `YYYY-MM-DD`, as days since the epoch;
/// `None` for any other text (decoded the slow way, with its problem if any).
pub fn plain_date(text: &[u8]) -> Option<i32> {
    let digits = |range: std::ops::Range<usize>| u32::try_from(decimal(&text[range])?).ok();
    if text.len() != 10 {
        return None;
    }
    let (day, month, year) = match (text[2], text[5], text[4], text[7]) {
        (b'/', b'/', _, _) => (digits(0..2)?, digits(3..5)?, digits(6..10)?),
        (_, _, b'-', b'-') => (digits(8..10)?, digits(5..7)?, digits(0..4)?),
        _ => return None,
    };
    civil::days_from_civil(year as i32, month, day)
}

/// The number written in ASCII digits in `digits` (0 for none); `None` when another byte is
/// among them or there are more than [`MAX_DECIMAL_DIGITS`]. Inlined: it runs for every
/// identifier and date read, and a call for each cost 1% more instructions in all.
#[inline]
pub fn decimal(digits: &[u8]) -> Option<u64> {
    if digits.len() > MAX_DECIMAL_DIGITS {
        return None;
    }
    digits.iter().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// The most digits every number of which fits in a `u64`.
const MAX_DECIMAL_DIGITS: usize = 19;

/// Days since 1970-01-01, polars' representation of a date.
pub fn days_since_epoch(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days() as i32
}

/// The date `days` after 1970-01-01: the inverse of [`days_since_epoch`] (the latest date
/// chrono holds for days beyond it).
pub fn date_from_days(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days.saturating_add(EPOCH_FROM_CE))
        .unwrap_or(NaiveDate::MAX)
}

/// 1970-01-01 counted in days from 1 January of year 1, as chrono counts them.
const EPOCH_FROM_CE: i32 = 719_163;

/// Parses a date written `DD/MM/YYYY` (day and month may have one digit) or `YYYY-MM-DD`,
/// optionally followed by a time of day (which is ignored), telling an impossible date
/// (31/02/2014) from text that is not a date at all, and naming the usual culprits: a
/// two-digit year, a US date, an Excel serial number.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let date_part = without_time(text);
    let shaped = |parts: &[&str], widths: [&[usize]; 3]| {
        parts.len() == 3
            && parts
                .iter()
                .zip(widths)
                .all(|(p, w)| w.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let british: Vec<&str> = date_part.split('/').collect();
    let iso: Vec<&str> = date_part.split('-').collect();
    let (day, month, year) = if shaped(&british, [&[1, 2], &[1, 2], &[4]]) {
        (british[0], british[1], british[2])
    } else if shaped(&iso, [&[4], &[2], &[2]]) {
        (iso[2], iso[1], iso[0])
    } else if shaped(&british, [&[1, 2], &[1, 2], &[2]]) {
        return Err(format!(
            "`{text}` has a two-digit year; write the year in full (DD/MM/YYYY)"
        ));
    } else if let Some(date) = excel_serial(date_part) {
        return Err(format!(
            "`{text}` looks like an Excel date serial number ({}); format the column as a date \
             (DD/MM/YYYY) before saving the CSV",
            date.format("%d/%m/%Y")
        ));
    } else {
        return Err(format!(
            "`{text}` is not a date; use DD/MM/YYYY or YYYY-MM-DD"
        ));
    };
    let number = |part: &str| part.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(year) as i32, number(month), number(day));
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let why = match NaiveDate::from_ymd_opt(year, month, 1) {
            Some(first) => format!("{} has no day {day}", first.format("%B %Y")),
            None if month > 12 && (1..=12).contains(&day) && date_part.contains('/') => {
                format!("there is no month {month}; is it a US date, MM/DD/YYYY?")
            }
            None => format!("there is no month {month}"),
        };
        format!("`{text}` is not a real date ({why})")
    })
}

/// The date part of `14/04/2014 00:00`, `2014-04-14T09:30:00` or `14/04/2014 09:30`.
fn without_time(text: &str) -> &str {
    let Some((date, time)) = text.split_once([' ', 'T']) else {
        return text;
    };
    let time = time.trim();
    let is_time = time
        .split(':')
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '.'))
        && time.contains(':');
    if is_time {
        date
    } else {
        text
    }
}

/// The date an Excel serial number stands for, when the text is one in a plausible range
/// (1954 to 2064).
fn excel_serial(text: &str) -> Option<NaiveDate> {
    let serial: u32 = text.parse().ok()?;
    if !(20_000..=60_000).contains(&serial) || text.len() != 5 {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(u64::from(serial)))
}

/// A date literal of polars type `Date` (a bare `lit(NaiveDate)` is a datetime).
pub fn date_literal(date: NaiveDate) -> Expr {
    lit(date).cast(DataType::Date)
}

/// Whole years from `birth` to `at` (the age at `at` of a child born on `birth`); either may be
/// one date for every row. Computed from the dates' days in Rust: polars' year, month and day
/// of a date column cost a calendar conversion each.
pub fn whole_years(birth: Expr, at: Expr) -> Expr {
    birth.map_many(
        |dates| match dates {
            [birth, at] => years_between(birth, at),
            _ => polars_bail!(ComputeError: "whole years are counted between two dates"),
        },
        &[at],
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Int32)),
    )
}

/// [`whole_years`] over two date columns, either of which may have one value for every row.
fn years_between(births: &Column, ats: &Column) -> PolarsResult<Column> {
    let (births_days, ats_days) = (births.date()?.physical(), ats.date()?.physical());
    let years = |birth: Option<i32>, at: Option<i32>| Some(whole_years_between(birth?, at?));
    let counted: Int32Chunked = match (births_days.len(), ats_days.len()) {
        (_, 1) => births_days
            .iter()
            .map(|birth| years(birth, ats_days.get(0)))
            .collect(),
        (1, _) => ats_days
            .iter()
            .map(|at| years(births_days.get(0), at))
            .collect(),
        (b, a) if b == a => births_days
            .iter()
            .zip(ats_days.iter())
            .map(|(birth, at)| years(birth, at))
            .collect(),
        (b, a) => polars_bail!(ShapeMismatch: "{b} dates of birth against {a} dates"),
    };
    Ok(counted.with_name(births.name().clone()).into_column())
}

/// Whole years from the day `birth` to the day `at` (days since 1970-01-01, as polars holds
/// dates).
fn whole_years_between(birth: i32, at: i32) -> i32 {
    let (birth_year, birth_month, birth_day) = civil::civil_from_days(birth);
    let (year, month, day) = civil::civil_from_days(at);
    let birthday_to_come = (month, day) < (birth_month, birth_day);
    year - birth_year - i32::from(birthday_to_come)
}

/// True where the date `later` is more than `months` calendar months after `earlier` (months
/// clamped to the month's end, as [`shift_date`]); null where either is. Both columns are
/// read as days in Rust and only rows with `later` after `earlier` (an unborn child's expected
/// birth, few) are converted to the calendar: polars' `offset_by` converts every row.
pub fn months_later(later: Expr, earlier: Expr, months: u32) -> Expr {
    later.map_many(
        move |dates| match dates {
            [later, earlier] => later_by_months(later, earlier, months),
            _ => polars_bail!(ComputeError: "months are counted between two dates"),
        },
        &[earlier],
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Boolean)),
    )
}

/// [`months_later`] over two date columns of one length.
fn later_by_months(later: &Column, earlier: &Column, months: u32) -> PolarsResult<Column> {
    let (later_days, earlier_days) = (later.date()?.physical(), earlier.date()?.physical());
    if later_days.len() != earlier_days.len() {
        polars_bail!(ShapeMismatch: "{} dates against {}", later_days.len(), earlier_days.len());
    }
    let beyond = |later: Option<i32>, earlier: Option<i32>| -> Option<bool> {
        let (later, earlier) = (later?, earlier?);
        if later <= earlier {
            return Some(false);
        }
        let limit = months_after(date_from_days(earlier), months);
        Some(later > days_since_epoch(limit))
    };
    let flags: BooleanChunked = later_days
        .iter()
        .zip(earlier_days.iter())
        .map(|(later, earlier)| beyond(later, earlier))
        .collect();
    Ok(flags.with_name(later.name().clone()).into_column())
}

/// A signed length of time in calendar months or days: `12 months`, `-1 days`, `7 days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    Months(i32),
    Days(i32),
}

impl Interval {
    /// The same length the other way.
    pub fn negated(self) -> Interval {
        match self {
            Interval::Months(n) => Interval::Months(-n),
            Interval::Days(n) => Interval::Days(-n),
        }
    }

    /// The polars duration string (`-12mo`, `7d`).
    pub fn polars(self) -> String {
        match self {
            Interval::Months(n) => format!("{n}mo"),
            Interval::Days(n) => format!("{n}d"),
        }
    }
}

impl FromStr for Interval {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<Interval> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [number, unit] = words.as_slice() else {
            bail!("`{text}` is not an interval: write `7 days` or `-12 months`");
        };
        let n: i32 = number.parse().map_err(|_| {
            anyhow!("`{text}` is not an interval: `{number}` is not a whole number")
        })?;
        match unit.trim_end_matches('s') {
            "day" => Ok(Interval::Days(n)),
            "month" => Ok(Interval::Months(n)),
            "year" => Ok(Interval::Months(n * 12)),
            _ => bail!("`{text}` is not an interval: the unit is days, months or years"),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interval::Months(n) => write!(f, "{n} months"),
            Interval::Days(n) => write!(f, "{n} days"),
        }
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Interval, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A date column shifted, in polars, by an interval (calendar months clamp to the month's end).
pub fn shifted(date: Expr, interval: Interval) -> Expr {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_later_clamps_to_the_month_end_and_converts_only_later_dates() {
        let days = |y, m, day| Some(days_since_epoch(d(y, m, day)));
        let frame = DataFrame::new(
            6,
            vec![
                Int32Chunked::from_iter([
                    days(2015, 2, 28),
                    days(2015, 3, 1),
                    days(2015, 3, 31),
                    days(2014, 1, 1),
                    None,
                    days(2016, 1, 1),
                ])
                .with_name("later".into())
                .into_date()
                .into_column(),
                Int32Chunked::from_iter([
                    days(2014, 4, 30),
                    days(2014, 4, 30),
                    days(2014, 5, 31),
                    days(2014, 5, 31),
                    days(2014, 5, 31),
                    None,
                ])
                .with_name("earlier".into())
                .into_date()
                .into_column(),
            ],
        )
        .unwrap();
        let flags = frame
            .lazy()
            .select([months_later(col("later"), col("earlier"), 10).alias("flag")])
            .collect()
            .unwrap();
        let flags: Vec<Option<bool>> = flags
            .column("flag")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        // 30 April + 10 months = 28 February; 31 May + 10 months = 31 March.
        assert_eq!(
            flags,
            [
                Some(false),
                Some(true),
                Some(false),
                Some(false),
                None,
                None
            ]
        );
    }

    #[test]
    fn days_and_dates_convert_both_ways() {
        for days in [-719_162, -1, 0, 16161, 2_932_896] {
            assert_eq!(days_since_epoch(date_from_days(days)), days, "{days}");
        }
        assert_eq!(date_from_days(16161), d(2014, 4, 1));
        assert_eq!(date_from_days(i32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn decimals_are_up_to_nineteen_ascii_digits() {
        assert_eq!(decimal(b"2014"), Some(2014));
        assert_eq!(decimal(b"0042"), Some(42));
        assert_eq!(decimal(b""), Some(0));
        assert_eq!(
            decimal(b"9999999999999999999"),
            Some(9_999_999_999_999_999_999)
        );
        assert_eq!(decimal(b"10000000000000000000"), None);
        assert_eq!(decimal(b"12a"), None);
        assert_eq!(decimal(b"-1"), None);
        assert_eq!(decimal("\u{0661}\u{0662}".as_bytes()), None);
    }

    #[test]
    fn dates_with_times_are_dates_and_common_mistakes_are_named() {
        assert_eq!(parse_date("01/04/2014 00:00"), Ok(d(2014, 4, 1)));
        assert_eq!(parse_date("2014-04-01T09:30:00"), Ok(d(2014, 4, 1)));
        assert_eq!(
            parse_date("01/04/14"),
            Err("`01/04/14` has a two-digit year; write the year in full (DD/MM/YYYY)".into())
        );
        assert_eq!(
            parse_date("04/13/2014"),
            Err("`04/13/2014` is not a real date (there is no month 13; is it a US date, MM/DD/YYYY?)".into())
        );
        assert_eq!(
            parse_date("41730"),
            Err("`41730` looks like an Excel date serial number (01/04/2014); format the column as a date (DD/MM/YYYY) before saving the CSV".into())
        );
        assert!(parse_date("01/04/2014 later").is_err());
    }
}
