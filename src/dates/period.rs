//! Reporting periods: financial years, quarters, year to date and rolling twelve months.
//!
//! Activity indicators count events dated from `start` to `end` inclusive; snapshot
//! indicators are evaluated at `end` (SPEC §4).

use std::fmt;
use std::str::FromStr;

use anyhow::{anyhow, bail, Result};
use chrono::{Datelike, Months, NaiveDate};

/// A reporting period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// The label as printed: `2014-15`, `2014-15 Q3`, `2014-15 YTD Q3`, `12m to 2014-12-31`.
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    kind: Kind,
}

impl Period {
    /// The financial year starting in April of `start_year`.
    pub fn financial_year(start_year: i32) -> Result<Period> {
        Ok(Period {
            label: year_label(start_year),
            start: date(start_year, 4, 1)?,
            end: date(start_year + 1, 3, 31)?,
            kind: Kind::Year(start_year),
        })
    }

    /// Quarter `q` (1–4) of the financial year starting in `start_year`.
    pub fn quarter(start_year: i32, q: u32) -> Result<Period> {
        let (start, end) = quarter_bounds(start_year, q)?;
        Ok(Period {
            label: format!("{} Q{q}", year_label(start_year)),
            start,
            end,
            kind: Kind::Quarter(start_year, q),
        })
    }

    /// April of the financial year to the end of its quarter `q`.
    pub fn year_to_date(start_year: i32, q: u32) -> Result<Period> {
        let (_, end) = quarter_bounds(start_year, q)?;
        Ok(Period {
            label: format!("{} YTD Q{q}", year_label(start_year)),
            start: date(start_year, 4, 1)?,
            end,
            kind: Kind::YearToDate(start_year, q),
        })
    }

    /// The twelve months ending on `end`.
    pub fn rolling_year(end: NaiveDate) -> Result<Period> {
        let start = months_before(end, 12)
            .succ_opt()
            .ok_or_else(|| anyhow!("{end} is out of range"))?;
        Ok(Period {
            label: format!("12m to {end}"),
            start,
            end,
            kind: Kind::Rolling(end),
        })
    }

    /// Whether the period is one quarter of a financial year.
    pub fn is_quarter(&self) -> bool {
        matches!(self.kind, Kind::Quarter(..))
    }

    /// Whether the period is a whole financial year.
    pub fn is_financial_year(&self) -> bool {
        matches!(self.kind, Kind::Year(_))
    }

    /// The financial year (by its starting calendar year) that contains the period's end.
    pub fn financial_year_of_end(&self) -> i32 {
        financial_year_start(self.end)
    }

    /// The four quarters of the financial year containing the period's end.
    pub fn quarters_of_year(&self) -> Result<Vec<Period>> {
        let year = self.financial_year_of_end();
        (1..=4).map(|q| Period::quarter(year, q)).collect()
    }

    /// The period of the same kind just before this one (the previous quarter, the same
    /// months of the previous year), for direction of travel.
    pub fn previous(&self) -> Result<Period> {
        match self.kind {
            Kind::Year(y) => Period::financial_year(y - 1),
            Kind::Quarter(y, 1) => Period::quarter(y - 1, 4),
            Kind::Quarter(y, q) => Period::quarter(y, q - 1),
            Kind::YearToDate(y, q) => Period::year_to_date(y - 1, q),
            Kind::Rolling(end) => Period::rolling_year(months_before(end, 12)),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl FromStr for Period {
    type Err = anyhow::Error;

    /// Parses `2014-15`, `2014-15 Q3`, `2014-15 YTD Q3` or `12m to 2014-12-31`.
    fn from_str(text: &str) -> Result<Period> {
        match text.parse::<Kind>()? {
            Kind::Year(y) => Period::financial_year(y),
            Kind::Quarter(y, q) => Period::quarter(y, q),
            Kind::YearToDate(y, q) => Period::year_to_date(y, q),
            Kind::Rolling(end) => Period::rolling_year(end),
        }
    }
}

/// What kind of period it is, with what defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Year(i32),
    Quarter(i32, u32),
    YearToDate(i32, u32),
    Rolling(NaiveDate),
}

impl FromStr for Kind {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<Kind> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let wrong = || {
            anyhow!(
                "`{text}` is not a period: use a financial year (2014-15), a quarter (2014-15 Q3), \
                 a year to date (2014-15 YTD Q3) or twelve months to a date (12m to 2014-12-31)"
            )
        };
        let quarter = |q: &str| -> Result<u32> {
            match q.strip_prefix(['Q', 'q']).and_then(|n| n.parse().ok()) {
                Some(n @ 1..=4) => Ok(n),
                _ => Err(wrong()),
            }
        };
        match words.as_slice() {
            [year] => Ok(Kind::Year(parse_year(year).ok_or_else(wrong)?)),
            [year, q] => Ok(Kind::Quarter(
                parse_year(year).ok_or_else(wrong)?,
                quarter(q)?,
            )),
            [year, ytd, q] if ytd.eq_ignore_ascii_case("ytd") => Ok(Kind::YearToDate(
                parse_year(year).ok_or_else(wrong)?,
                quarter(q)?,
            )),
            [m, to, end] if m.eq_ignore_ascii_case("12m") && to.eq_ignore_ascii_case("to") => {
                let end = NaiveDate::parse_from_str(end, "%Y-%m-%d").map_err(|_| wrong())?;
                Ok(Kind::Rolling(end))
            }
            _ => Err(wrong()),
        }
    }
}

/// `2014-15` → 2014.
/// The starting calendar year of a financial-year label (`2014-15` or `2014/15` → 2014).
pub fn parse_year(text: &str) -> Option<i32> {
    let (start, end) = text.split_once(['-', '/'])?;
    let start: i32 = start.parse().ok()?;
    let end: i32 = end.parse().ok()?;
    (start.to_string().len() == 4 && end == (start + 1) % 100).then_some(start)
}

/// The label of the financial year starting in `start_year`: `2014-15`.
pub fn year_label(start_year: i32) -> String {
    format!("{start_year}-{:02}", (start_year + 1) % 100)
}

fn quarter_bounds(start_year: i32, q: u32) -> Result<(NaiveDate, NaiveDate)> {
    let (start, end) = match q {
        1 => (date(start_year, 4, 1)?, date(start_year, 6, 30)?),
        2 => (date(start_year, 7, 1)?, date(start_year, 9, 30)?),
        3 => (date(start_year, 10, 1)?, date(start_year, 12, 31)?),
        4 => (date(start_year + 1, 1, 1)?, date(start_year + 1, 3, 31)?),
        _ => bail!("a financial year has quarters 1 to 4, not {q}"),
    };
    Ok((start, end))
}

fn date(year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| anyhow!("{year}-{month:02}-{day:02} is not a date"))
}

/// The calendar year in which the financial year containing `date` starts.
pub fn financial_year_start(date: NaiveDate) -> i32 {
    date.year() - i32::from(date.month() < 4)
}

/// `date` minus `months` calendar months, clamped to the month's last day (31 May − 3 months
/// = 28/29 February).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// `date` plus `months` calendar months, clamped to the month's last day.
pub fn months_after(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn parse(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn years_quarters_and_year_to_date() {
        assert_eq!(
            (parse("2014-15").start, parse("2014-15").end),
            (d(2014, 4, 1), d(2015, 3, 31))
        );
        let q3 = parse("2014-15 Q3");
        assert_eq!((q3.start, q3.end), (d(2014, 10, 1), d(2014, 12, 31)));
        let q4 = parse("2014-15 q4");
        assert_eq!(
            (q4.start, q4.end, q4.label.as_str()),
            (d(2015, 1, 1), d(2015, 3, 31), "2014-15 Q4")
        );
        let ytd = parse("2014-15 YTD Q3");
        assert_eq!((ytd.start, ytd.end), (d(2014, 4, 1), d(2014, 12, 31)));
    }

    #[test]
    fn rolling_twelve_months_end_on_the_date() {
        let rolling = parse("12m to 2014-12-31");
        assert_eq!(
            (rolling.start, rolling.end),
            (d(2014, 1, 1), d(2014, 12, 31))
        );
        let leap = parse("12m to 2016-02-29");
        assert_eq!(leap.start, d(2015, 3, 1));
    }

    #[test]
    fn previous_periods() {
        assert_eq!(parse("2014-15").previous().unwrap(), parse("2013-14"));
        assert_eq!(parse("2014-15 Q1").previous().unwrap(), parse("2013-14 Q4"));
        assert_eq!(parse("2014-15 Q3").previous().unwrap(), parse("2014-15 Q2"));
        assert_eq!(
            parse("2014-15 YTD Q3").previous().unwrap(),
            parse("2013-14 YTD Q3")
        );
        assert_eq!(
            parse("12m to 2014-12-31").previous().unwrap(),
            parse("12m to 2013-12-31")
        );
    }

    #[test]
    fn nonsense_is_explained() {
        let error = "2014".parse::<Period>().unwrap_err().to_string();
        assert!(error.contains("use a financial year (2014-15)"), "{error}");
        assert!("2014-16".parse::<Period>().is_err());
        assert!("2014-15 Q5".parse::<Period>().is_err());
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(months_before(d(2015, 5, 31), 3), d(2015, 2, 28));
        assert_eq!(months_before(d(2016, 5, 31), 3), d(2016, 2, 29));
        assert_eq!(months_after(d(2014, 8, 31), 6), d(2015, 2, 28));
        assert_eq!(financial_year_start(d(2015, 3, 31)), 2014);
        assert_eq!(financial_year_start(d(2015, 4, 1)), 2015);
    }
}
