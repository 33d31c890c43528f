//! Calendar dates to and from days since 1970-01-01 (as polars holds dates), by arithmetic
//! (Howard Hinnant's algorithms for the proleptic Gregorian calendar): decoding a date column
//! and the age at each event convert millions of dates, and chrono's conversions through its
//! own date type cost several times as much.

/// The days since 1970-01-01 of `day`/`month`/`year`; `None` when there is no such date
/// (31 February, month 13, day 0).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=12).contains(&month) || day == 0 || day > month_length(year, month) {
        return None;
    }
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    i32::try_from(era * DAYS_PER_ERA + day_of_era - MARCH_0000_TO_EPOCH).ok()
}

/// The (year, month, day) of the date `days` after 1970-01-01.
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let days = i64::from(days) + MARCH_0000_TO_EPOCH;
    let era = days.div_euclid(DAYS_PER_ERA);
    let day_of_era = days.rem_euclid(DAYS_PER_ERA);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32, day as u32)
}

/// Days in 400 Gregorian years.
const DAYS_PER_ERA: i64 = 146_097;
/// Days from 0000-03-01 (where the algorithms count from) to 1970-01-01.
const MARCH_0000_TO_EPOCH: i64 = 719_468;

fn month_length(year: i32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate};

    use super::*;

    fn chrono_days(year: i32, month: u32, day: u32) -> Option<i32> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
        NaiveDate::from_ymd_opt(year, month, day).map(|d| (d - epoch).num_days() as i32)
    }

    #[test]
    fn every_day_from_1600_to_2400_converts_as_chrono_converts_it() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut date = NaiveDate::from_ymd_opt(1600, 1, 1).unwrap();
        while date.year() < 2400 {
            let days = (date - epoch).num_days() as i32;
            assert_eq!(
                days_from_civil(date.year(), date.month(), date.day()),
                Some(days),
                "{date}"
            );
            assert_eq!(
                civil_from_days(days),
                (date.year(), date.month(), date.day())
            );
            date = date.succ_opt().unwrap();
        }
    }

    #[test]
    fn impossible_dates_are_none_as_in_chrono() {
        for (year, month, day) in [
            (2014, 2, 29),
            (2016, 2, 29),
            (1900, 2, 29),
            (2000, 2, 29),
            (2014, 2, 31),
            (2014, 4, 31),
            (2014, 0, 10),
            (2014, 13, 1),
            (2014, 1, 0),
            (2014, 12, 32),
            (0, 1, 1),
            (9999, 12, 31),
        ] {
            assert_eq!(
                days_from_civil(year, month, day),
                chrono_days(year, month, day),
                "{day}/{month}/{year}"
            );
        }
    }
}
