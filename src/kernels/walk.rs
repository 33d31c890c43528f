//! The link walk: for each event, whether a record of the same child falls in its window,
//! answered by one walk through events and candidates packed as (child, day) numbers and
//! radix-sorted, in place of polars joining the two by identifier and filtering the pairs by
//! the window (`indicators::link`, whose property test checks that the two agree).

use polars::prelude::*;

use super::keys::{radix_sorted_keys, radix_sorted_pairs, Digits};
use crate::dates::{date_from_days, days_since_epoch, shift_date, Interval};

/// For each event (child and day), whether a candidate (child and day) of the same child falls
/// in its window, from the day shifted by `from` (every earlier day without) to the day shifted
/// by `to`: by one walk through the events and the candidates, each sorted by child then
/// day (an event's window start, shifted from its day, keeps that order); `None` when the
/// children are not digits comparable as numbers (see [`Digits`]), a child and a day do not
/// fit in one number, or the events span more days than [`Windows`] tabulates.
pub(crate) fn linked_in_step(
    (event_children, event_days): (&StringChunked, &Int32Chunked),
    (candidate_children, candidate_days): (&StringChunked, &Int32Chunked),
    from: Option<Interval>,
    to: Interval,
) -> Option<Vec<bool>> {
    let (Some(event_children), Some(candidate_children)) =
        (Digits::of(event_children), Digits::of(candidate_children))
    else {
        return None;
    };
    if !event_children.comparable_with(&candidate_children) {
        return None;
    }
    let mut linked = vec![false; event_days.len()];
    let (Some(event_span), Some(candidate_span)) = (
        Span::of(&event_children, event_days),
        Span::of(&candidate_children, candidate_days),
    ) else {
        return Some(linked); // no event or no candidate with a child and a date
    };
    let children = (
        event_span.children.0.min(candidate_span.children.0),
        event_span.children.1.max(candidate_span.children.1),
    );
    // Window starts are raised to the first candidate's day and lowered to the day after the
    // last's, which changes no answer and keeps every start in the candidates' packing.
    let (first, last) = candidate_span.days;
    let (Some(by_event), Some(by_candidate), Some(windows)) = (
        Packing::of(children, event_span.days),
        Packing::of(children, (first, last + 1)),
        Windows::of(event_span.days, from, to),
    ) else {
        return None;
    };
    // The events with their rows, to answer each; the candidates' keys alone.
    let (candidates_sorted, events_sorted) = crate::threads::both(
        || radix_sorted_keys(by_candidate.keys(candidate_children, candidate_days)),
        || radix_sorted_pairs(&by_event.keys(event_children, event_days)),
    );
    // For each event, the first candidate at or after its window's start, moving only forward.
    let mut next = 0;
    for &(key, row) in events_sorted.iter().take_while(|(key, _)| *key != UNDATED) {
        let (child, day) = (by_event.child(key), by_event.day(key));
        let start = by_candidate.key(child, windows.start(day).clamp(first, last + 1));
        while candidates_sorted.get(next).is_some_and(|&key| key < start) {
            next += 1;
        }
        linked[row as usize] = candidates_sorted.get(next).is_some_and(|&key| {
            by_candidate.child(key) == child && by_candidate.day(key) <= windows.end(day)
        });
    }
    Some(linked)
}

/// The least and greatest child and day of the rows with both.
struct Span {
    children: (u64, u64),
    days: (i32, i32),
}

impl Span {
    /// `None` when no row has both a child and a day.
    fn of(children: &Digits, days: &Int32Chunked) -> Option<Span> {
        let mut dated = children
            .numbers
            .iter()
            .zip(days.iter())
            .filter_map(|(child, day)| Some(((*child)?, day?)));
        let (child, day) = dated.next()?;
        let start = Span {
            children: (child, child),
            days: (day, day),
        };
        Some(dated.fold(start, |span, (child, day)| Span {
            children: (span.children.0.min(child), span.children.1.max(child)),
            days: (span.days.0.min(day), span.days.1.max(day)),
        }))
    }
}

/// The key of a row without a child or a date, which sorts after every other.
const UNDATED: u64 = u64::MAX;

/// How a child's number and a day are packed into one number that orders by child, then day:
/// the child's number from the least, shifted above the day's from the first.
struct Packing {
    first_child: u64,
    first_day: i32,
    day_bits: u32,
}

impl Packing {
    /// `None` when a key would need more than 63 bits (the 64th marks [`UNDATED`]).
    fn of(children: (u64, u64), days: (i32, i32)) -> Option<Packing> {
        let bits = |n: u64| u64::BITS - n.leading_zeros();
        let day_bits = bits((i64::from(days.1) - i64::from(days.0)) as u64);
        (bits(children.1 - children.0) + day_bits < u64::BITS).then_some(Packing {
            first_child: children.0,
            first_day: days.0,
            day_bits,
        })
    }

    /// Each row's key, [`UNDATED`] where it has no child or no day.
    fn keys(&self, children: Digits, days: &Int32Chunked) -> Vec<u64> {
        children
            .numbers
            .into_iter()
            .zip(days.iter())
            .map(|dated| match dated {
                (Some(child), Some(day)) => self.key(child, day),
                _ => UNDATED,
            })
            .collect()
    }

    /// The key of `child` on `day`, both in the packing's span.
    fn key(&self, child: u64, day: i32) -> u64 {
        let offset = (i64::from(day) - i64::from(self.first_day)) as u64;
        ((child - self.first_child) << self.day_bits) | offset
    }

    fn child(&self, key: u64) -> u64 {
        key.checked_shr(self.day_bits).unwrap_or(0) + self.first_child
    }

    fn day(&self, key: u64) -> i32 {
        let offset = key & ((1u64 << self.day_bits) - 1);
        (i64::from(self.first_day) + offset as i64) as i32
    }
}

/// Each event day's window, from a table of the days from the first event's to the last's
/// (a period's, so a few hundred): shifting a day by months is a calendar calculation.
struct Windows {
    first_day: i32,
    /// The first day of each day's window; `None` without a start (every earlier day).
    starts: Option<Vec<i32>>,
    ends: Vec<i32>,
}

/// The most days of events [`Windows`] tabulates: 50 years.
const MOST_WINDOW_DAYS: i64 = 50 * 366;

impl Windows {
    /// `None` when the days from `first` to `last` are more than [`MOST_WINDOW_DAYS`].
    fn of(
        (first_day, last_day): (i32, i32),
        from: Option<Interval>,
        to: Interval,
    ) -> Option<Windows> {
        if i64::from(last_day) - i64::from(first_day) >= MOST_WINDOW_DAYS {
            return None;
        }
        let shifted_days = |interval| -> Vec<i32> {
            (first_day..=last_day)
                .map(|day| days_since_epoch(shift_date(date_from_days(day), interval)))
                .collect()
        };
        Some(Windows {
            first_day,
            starts: from.map(shifted_days),
            ends: shifted_days(to),
        })
    }

    fn start(&self, day: i32) -> i32 {
        self.starts
            .as_ref()
            .map_or(i32::MIN, |starts| starts[(day - self.first_day) as usize])
    }

    fn end(&self, day: i32) -> i32 {
        self.ends[(day - self.first_day) as usize]
    }
}
