//! Links: which records have a record of another list (or the same one) for the same child
//! dated in a window around their own date, as a contact has a referral within a month, or a
//! referral an earlier referral within a year.
//!
//! Where the child identifiers of both lists are digits that are equal where their numbers
//! are (of one width, or without leading zeros, as Child Unique IDs usually are), each record
//! becomes one number packing its child and a day, both sides are sorted by a radix sort, and
//! one walk through them in step answers every record; otherwise polars joins the two by
//! identifier and the window filters the pairs. The answers are the same: the walk only
//! spares hashing every identifier's text.

use anyhow::Result;
use polars::prelude::*;

use super::definition::Link;
use crate::dates::shifted;
use crate::kernels::walk;
use crate::load::Dataset;
use crate::model::frame::LATEST;
use crate::model::ListKind;

/// The column [`with_linked`] adds: whether the record has a linked event.
pub(super) const LINKED: &str = "__linked";
const CHILD: &str = "__child";
const DATE: &str = "__date";
const LINK_DATE: &str = "__link_date";
const LINK_END: &str = "__link_end";

/// Marks (`__linked`) the records with a linked event of the same child in the window, of
/// those where `wanted` holds (the others are marked false).
pub(super) fn with_linked(
    scoped: LazyFrame,
    date: &str,
    wanted: Expr,
    link: &Link,
    dataset: &Dataset,
) -> Result<LazyFrame> {
    let linked_list = ListKind::from_id(&link.list).unwrap_or(ListKind::Contacts);
    let Some(other) = dataset.lists.get(&linked_list) else {
        return Ok(scoped.with_column(lit(false).alias(LINKED)));
    };
    // Only the child and date of each record are read here; the records' other columns are
    // left to the query, for its user to collect what it needs. A record not wanted has no
    // date, as a record without one is never linked.
    let events = scoped
        .clone()
        .select([
            col("child_id").alias(CHILD),
            when(wanted)
                .then(col(date))
                .otherwise(lit(NULL).cast(DataType::Date))
                .alias(DATE),
        ])
        .collect()?;
    let mut columns = vec![
        col("child_id").alias(CHILD),
        col(&link.date).alias(LINK_DATE),
    ];
    columns.extend(link.end.as_ref().map(|end| col(end).alias(LINK_END)));
    let candidates = other
        .clone()
        .lazy()
        .filter(col(LATEST).and(within_some_window(&events, link)?))
        .select(columns)
        .collect()?;
    let linked = linked(&events, &candidates, link)?;
    Ok(scoped.with_column(lit(Series::new(LINKED.into(), linked))))
}

/// For each of `events` (child and date), whether `candidates` (child and linked date) has one
/// of the same child dated in the event's window.
fn linked(events: &DataFrame, candidates: &DataFrame, link: &Link) -> PolarsResult<Vec<bool>> {
    if link.end.is_some() {
        // A span is not one day: the walk, which steps through days, does not apply.
        return joined(events, candidates, link);
    }
    match walked_in_step(events, candidates, link)? {
        Some(linked) => Ok(linked),
        None => joined(events, candidates, link),
    }
}

/// [`linked`] by polars: every pair of an event and a candidate of the same child, filtered
/// by the window.
fn joined(events: &DataFrame, candidates: &DataFrame, link: &Link) -> PolarsResult<Vec<bool>> {
    let window = match link.end {
        Some(_) => overlaps_window(col(LINK_DATE), col(LINK_END), col(DATE), col(DATE), link),
        None => in_window(col(LINK_DATE), col(DATE), col(DATE), link),
    };
    let matched = events
        .clone()
        .lazy()
        .with_row_index("__row", None)
        .join(
            candidates.clone().lazy(),
            [col(CHILD)],
            [col(CHILD)],
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
    Ok(linked)
}

/// [`linked`] by the fast path's walk through the events and candidates in step
/// ([`crate::kernels::walk`]); `None` where it does not apply.
fn walked_in_step(
    events: &DataFrame,
    candidates: &DataFrame,
    link: &Link,
) -> PolarsResult<Option<Vec<bool>>> {
    Ok(walk::linked_in_step(
        (
            events.column(CHILD)?.str()?,
            events.column(DATE)?.date()?.physical(),
        ),
        (
            candidates.column(CHILD)?.str()?,
            candidates.column(LINK_DATE)?.date()?.physical(),
        ),
        link.from,
        link.to,
    ))
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
            col(DATE).min().alias("earliest"),
            col(DATE).max().alias("latest"),
        ])
        .collect()?;
    let date = |name: &str| -> Result<Expr> {
        Ok(lit(span.column(name)?.as_materialized_series().clone()))
    };
    let (earliest, latest) = (date("earliest")?, date("latest")?);
    Ok(match &link.end {
        Some(end) => overlaps_window(col(&link.date), col(end), earliest, latest, link),
        None => in_window(col(&link.date), earliest, latest, link),
    })
}

/// True where a span from `start` to `end` (open while `end` is null) overlaps the link's
/// window of events dated from `earliest` to `latest`: it starts on or before the latest
/// window's end and has not ended before the earliest window's start.
fn overlaps_window(start: Expr, end: Expr, earliest: Expr, latest: Expr, link: &Link) -> Expr {
    let started = start.lt_eq(shifted(latest, link.to));
    match link.from {
        Some(from) => started.and(end.clone().is_null().or(end.gt_eq(shifted(earliest, from)))),
        None => started,
    }
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::dates::Interval;

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
            end: None,
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

    /// Events and candidates from (child, date) pairs.
    fn frame(date: &str, rows: &[(Option<&str>, Option<&str>)]) -> DataFrame {
        let children: Vec<Option<&str>> = rows.iter().map(|r| r.0).collect();
        let days: Vec<Option<&str>> = rows.iter().map(|r| r.1).collect();
        let columns = vec![Column::new(CHILD.into(), children), dates(date, &days)];
        DataFrame::new(rows.len(), columns).unwrap()
    }

    /// Which events are linked, found both ways, which must agree; and whether the walk
    /// answered.
    fn both_ways(
        events: &[(Option<&str>, Option<&str>)],
        candidates: &[(Option<&str>, Option<&str>)],
        link: &Link,
    ) -> (Vec<bool>, bool) {
        let (events, candidates) = (frame(DATE, events), frame(LINK_DATE, candidates));
        let joined = joined(&events, &candidates, link).unwrap();
        let walked = walked_in_step(&events, &candidates, link).unwrap();
        if let Some(walked) = &walked {
            assert_eq!(walked, &joined);
        }
        (joined, walked.is_some())
    }

    #[test]
    fn a_span_links_when_it_overlaps_the_window() {
        // Early help from its start to its end (blank while open), linked to a referral when
        // open at it or ended in the 12 months before.
        let after_early_help = Link {
            end: Some("end".into()),
            ..link(Some(Interval::Months(-12)), Interval::Days(0))
        };
        let referrals = [
            (Some("1"), Some("2015-03-01")), // early help started that day
            (Some("2"), Some("2015-03-01")), // started the day after
            (Some("3"), Some("2015-03-01")), // ended exactly 12 months before
            (Some("4"), Some("2015-03-01")), // ended 12 months and a day before
            (Some("5"), Some("2015-03-01")), // open since 2010
        ];
        let spans: [(&str, &str, Option<&str>); 5] = [
            ("1", "2015-03-01", None),
            ("2", "2015-03-02", None),
            ("3", "2013-01-01", Some("2014-03-01")),
            ("4", "2013-01-01", Some("2014-02-28")),
            ("5", "2010-01-01", None),
        ];
        let mut candidates = frame(
            LINK_DATE,
            &spans.map(|(child, start, _)| (Some(child), Some(start))),
        );
        candidates
            .with_column(dates(LINK_END, &spans.map(|(_, _, end)| end)))
            .unwrap();
        let events = frame(DATE, &referrals);
        let linked = joined(&events, &candidates, &after_early_help).unwrap();
        assert_eq!(linked, [true, false, true, false, true]);
        // The candidates the window keeps are the same ones.
        let filter = within_some_window(&events, &after_early_help).unwrap();
        let kept = candidates
            .clone()
            .lazy()
            .rename([LINK_DATE, LINK_END], ["on", "end"], true)
            .filter(filter)
            .collect()
            .unwrap();
        assert_eq!(kept.height(), 3);
    }

    #[test]
    fn a_contact_links_to_its_child_s_referral_from_the_same_day_to_the_window_s_last() {
        let within_a_month = link(Some(Interval::Days(0)), Interval::Months(1));
        let events = [
            (Some("0101"), Some("2014-01-31")), // a referral on the day
            (Some("0102"), Some("2014-01-31")), // one on 28 February: a month clamps to it
            (Some("0103"), Some("2014-01-31")), // one on 1 March, a day late
            (Some("0104"), Some("2014-01-31")), // one the day before
            (Some("0101"), None),               // no contact date
            (None, Some("2014-01-31")),         // no child
            (Some("0105"), Some("2014-01-31")), // another child's referral only
        ];
        let candidates = [
            (Some("0101"), Some("2014-01-31")),
            (Some("0102"), Some("2014-02-28")),
            (Some("0103"), Some("2014-03-01")),
            (Some("0104"), Some("2014-01-30")),
            (Some("0106"), Some("2014-02-01")),
            (None, Some("2014-02-01")),
            (Some("0105"), None),
        ];
        let (linked, walked) = both_ways(&events, &candidates, &within_a_month);
        assert_eq!(linked, [true, true, false, false, false, false, false]);
        assert!(walked);
    }

    #[test]
    fn a_referral_links_to_an_earlier_one_within_a_year_but_not_to_itself() {
        let a_year_before = link(Some(Interval::Months(-12)), Interval::Days(-1));
        let referrals = [
            (Some("7"), Some("2014-06-01")),
            (Some("7"), Some("2015-06-01")), // exactly a year after the first
            (Some("8"), Some("2014-06-01")),
            (Some("8"), Some("2015-06-02")), // a year and a day after
            (Some("9"), Some("2015-01-01")), // alone
        ];
        let (linked, walked) = both_ways(&referrals, &referrals, &a_year_before);
        assert_eq!(linked, [false, true, false, false, false]);
        assert!(walked);
    }

    #[test]
    fn identifiers_of_several_widths_without_leading_zeros_are_walked() {
        let within_a_week = link(Some(Interval::Days(0)), Interval::Days(7));
        let on = Some("2014-05-01");
        let (linked, walked) = both_ways(
            &[(Some("99"), on), (Some("100"), on)],
            &[(Some("100"), on), (Some("7"), on)],
            &within_a_week,
        );
        assert_eq!(linked, [false, true]);
        assert!(walked);
    }

    #[test]
    fn identifiers_whose_numbers_are_equal_but_texts_not_are_joined() {
        let within_a_week = link(Some(Interval::Days(0)), Interval::Days(7));
        let on = Some("2014-05-01");
        for (event, candidate) in [("A1", "A1"), ("012", "12"), ("12", "012")] {
            let (linked, walked) = both_ways(
                &[(Some(event), on)],
                &[(Some(candidate), on)],
                &within_a_week,
            );
            assert_eq!(linked, [event == candidate], "{event} {candidate}");
            assert!(!walked, "{event} {candidate}");
        }
    }

    #[test]
    fn without_candidates_nothing_is_linked() {
        let within_a_week = link(Some(Interval::Days(0)), Interval::Days(7));
        let (linked, walked) = both_ways(&[(Some("1"), Some("2014-05-01"))], &[], &within_a_week);
        assert_eq!(linked, [false]);
        assert!(walked);
    }

    fn interval() -> impl Strategy<Value = Interval> {
        prop_oneof![
            (-40i32..40).prop_map(Interval::Days),
            (-13i32..3).prop_map(Interval::Months)
        ]
    }

    /// A child (one of a few, or none) and a date (in a few months, or none).
    fn dated() -> impl Strategy<Value = (Option<&'static str>, Option<String>)> {
        let child = proptest::option::weighted(
            0.9,
            proptest::sample::select(vec!["11", "12", "13", "99", "100", "7"]),
        );
        let date = proptest::option::weighted(
            0.9,
            (0i64..150).prop_map(|d| {
                (day("2014-01-15") + chrono::Days::new(d as u64))
                    .format("%Y-%m-%d")
                    .to_string()
            }),
        );
        (child, date)
    }

    /// Generated rows as [`frame`] takes them.
    fn borrowed<'a>(
        rows: &'a [(Option<&'static str>, Option<String>)],
    ) -> Vec<(Option<&'a str>, Option<&'a str>)> {
        rows.iter()
            .map(|(child, date)| (*child, date.as_deref()))
            .collect()
    }

    proptest! {
        #[test]
        fn the_walk_links_what_the_join_links(
            events in proptest::collection::vec(dated(), 0..40),
            candidates in proptest::collection::vec(dated(), 0..40),
            from in proptest::option::weighted(0.8, interval()),
            to in interval(),
        ) {
            let (events, candidates) = (
                frame(DATE, &borrowed(&events)),
                frame(LINK_DATE, &borrowed(&candidates)),
            );
            let link = link(from, to);
            let joined = joined(&events, &candidates, &link).unwrap();
            prop_assert_eq!(walked_in_step(&events, &candidates, &link).unwrap(), Some(joined));
        }
    }
}
