//! The indicators of Lists 8–11 (SPEC §8.2) on `tests/fixtures/looked-after-indicators`, one
//! extract as at Tuesday 31 March 2015 (the period end D of 2014-15), every figure worked out
//! by hand. The fixtures' README says what each row exercises; the comments below say why each
//! record counts or not.

use serde_json::Value;

use crate::util::{check, find, group_values, indicators_json, lscb};

const DIR: &str = "looked-after-indicators";

fn results(args: &[&str]) -> Value {
    indicators_json(DIR, "2014-15", args)
}

#[test]
fn children_looked_after_at_the_period_end_match_hand_counts() {
    let results = results(&[]);
    check(
        &results,
        &[
            // V01–V14. V15 is on a series of short breaks (V3), not counted as looked after;
            // V16 ceased in February; V17 ceased on 31 March itself, so is not looked after
            // at it.
            ("cla_open", Some(14.0), Some(14.0), None, &[]),
            // 14 per a population of 10,000.
            ("cla_rate", Some(14.0), Some(14.0), Some(10_000.0), &[]),
            // Started in 2014-15: V03–V10, V16, V17 (V15 is a short break).
            ("cla_starts", Some(10.0), Some(10.0), None, &[]),
            // V16 and V17 (31 March is in the period).
            ("cla_ceased", Some(2.0), Some(2.0), None, &[]),
            // Not on time: V02, visited 43 days before (16 February), and V04, never visited
            // and looked after for 7 days (V03, 6 days, is within the first week). V01 was
            // visited 42 days before, on 17 February.
            (
                "cla_visits_timely",
                Some(1200.0 / 14.0),
                Some(12.0),
                Some(14.0),
                &[],
            ),
            // Not in timescale: V02 (reviewed 30/09/2014: due 30/03/2015), V06 (no review, 21
            // working days since 2 March), V08 (first review 30/12/2014, 14 working days after
            // the start: the next due 30/03/2015), V09 (first review 20 working days after its
            // start on 3 November: due 3 months later, 01/03/2015). In timescale: V05 (no
            // review, 20 working days since 3 March), V07 (first review 31/12/2014: due
            // 31/03/2015, the day itself), V10 (reviewed 21 working days after its start, so
            // not a first review: due 6 months later), V01 (01/10/2014 + 6 months is 1 April).
            (
                "cla_reviews_timely",
                Some(1000.0 / 14.0),
                Some(10.0),
                Some(14.0),
                &[],
            ),
            // Looked after for 12 months (started by 31/03/2014): V01, V02, V11–V14. Health
            // assessments on or after 31/03/2014: V01 (that day) and V11; V02's was the day
            // before.
            (
                "cla_health_assessment",
                Some(200.0 / 6.0),
                Some(2.0),
                Some(6.0),
                &[],
            ),
            // V02's dental check on 31/03/2014; V01 has none.
            (
                "cla_dental_check",
                Some(100.0 / 6.0),
                Some(1.0),
                Some(6.0),
                &[],
            ),
            // V01 (3) and V12 (4); V02 has 2; V04's count is blank.
            (
                "cla_placements_3plus",
                Some(200.0 / 13.0),
                Some(2.0),
                Some(13.0),
                &[("not answered", 1)],
            ),
            // Under 16 and looked after for 30 months (started by 30/09/2012): V11 and V12,
            // not V13 (1 October) nor V14 (16). V11's placement started 24 months before
            // (31/03/2013); V12's a day later.
            (
                "cla_long_term_stability",
                Some(50.0),
                Some(1.0),
                Some(2.0),
                &[],
            ),
            // V01 and V02 went missing; blank counts (V03) are none.
            (
                "cla_missing",
                Some(200.0 / 14.0),
                Some(2.0),
                Some(14.0),
                &[],
            ),
            // V01 was offered a return interview, V02 not.
            (
                "cla_return_interview_offered",
                Some(50.0),
                Some(1.0),
                Some(2.0),
                &[],
            ),
            // V01 accepted.
            (
                "cla_return_interview_accepted",
                Some(100.0),
                Some(1.0),
                Some(1.0),
                &[],
            ),
            // V01 is placed out of the authority; V03's location is blank.
            (
                "cla_placed_outside",
                Some(100.0 / 13.0),
                Some(1.0),
                Some(13.0),
                &[("not answered", 1)],
            ),
            ("cla_uasc", Some(1.0), Some(1.0), None, &[]),
        ],
    );
}

#[test]
fn care_leavers_aged_19_to_21_match_hand_counts() {
    let results = results(&[]);
    check(
        &results,
        &[
            // At 31/03/2015, CL18 is 18 (19 the next day), CL19 is 19 that day, CL21 is 21 (22
            // the next day) and CL22 is 22 that day: CL19 and CL21 are DfE's cohort.
            ("care_leavers", Some(2.0), Some(2.0), None, &[]),
            // CL19 yes, CL21 no.
            (
                "care_leavers_in_touch",
                Some(50.0),
                Some(1.0),
                Some(2.0),
                &[],
            ),
            // CL19 suitable, CL21 not.
            (
                "care_leavers_suitable_accommodation",
                Some(50.0),
                Some(1.0),
                Some(2.0),
                &[],
            ),
            // CL19 F3 (full time in training or employment), CL21 G5 (not).
            ("care_leavers_eet", Some(50.0), Some(1.0), Some(2.0), &[]),
            // The 2019 layout has no pathway plan column: no value, never 0.
            ("care_leavers_pathway_plan_current", None, None, None, &[]),
        ],
    );
    let pathway = find(&results, "care_leavers_pathway_plan_current");
    assert_eq!(
        pathway["notes"][0],
        "no file of List 9 (Care leavers) has the column `Latest Pathway Plan Review Date`: add it to compute this figure"
    );
}

#[test]
fn the_pathway_plan_is_read_from_the_2024_layout() {
    let run = lscb(&[
        "indicators",
        "looked-after",
        "--period",
        "2014-15",
        "--only",
        "care_leavers_pathway_plan_current",
        "--format",
        "csv",
    ]);
    // C901, 19, reviewed on 01/02/2015; C904's row is rejected (a review after the as-at date).
    assert!(
        run.stdout.contains(
            "care_leavers_pathway_plan_current,Care leavers with a current pathway plan,2014-15,,100,1,1,percent,"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn adoption_and_adopters_match_hand_counts() {
    let results = results(&[]);
    check(
        &results,
        &[
            // AD1 (15/06/2014) and AD2 (01/10/2014).
            ("adoptions", Some(2.0), Some(2.0), None, &[]),
            // AD1 entered care on 01/01/2013 and was placed for fostering for adoption on
            // 01/03/2013, before its adoptive placement (01/06/2013): 59 days. AD2: 01/01/2014
            // to 01/04/2014, 90 days. The mean of 59 and 90.
            (
                "adoption_care_to_placed_days",
                Some(74.5),
                None,
                Some(2.0),
                &[],
            ),
            // Matched in 2014-15: AD3, 120 days from its placement order (01/01 to 01/05/2014),
            // and AD4, 92 days (01/03 to 01/06/2014).
            (
                "adoption_order_to_match_days",
                Some(106.0),
                None,
                Some(2.0),
                &[],
            ),
            (
                "adoption_decisions_reversed",
                Some(1.0),
                Some(1.0),
                None,
                &[],
            ),
            // Households H1 (a couple, two rows), H2 and H3; P5 was approved the year before.
            (
                "adopter_households_approved",
                Some(3.0),
                Some(3.0),
                None,
                &[],
            ),
            // H1: stage 1 on 01/05/2014, approved 01/11/2014, 6 months to the day. H3 likewise
            // (01/06 to 01/12/2014). H2, approved on 02/11/2014, a day late.
            (
                "adopter_approval_6m",
                Some(200.0 / 3.0),
                Some(2.0),
                Some(3.0),
                &[],
            ),
            // H1 (approved, not matched) and P5 (no family identifier: counted as its own
            // household); H2 was matched, H3 left the process on 15/03/2015.
            ("adopters_waiting", Some(2.0), Some(2.0), None, &[]),
        ],
    );
}

#[test]
fn looked_after_figures_break_down_by_their_characteristics() {
    let groups = |id: &str, by: &str| group_values(&results(&["--only", id, "--by", by]));
    let pairs = |items: &[(&str, f64)]| -> Vec<(String, f64)> {
        items.iter().map(|(g, v)| (g.to_string(), *v)).collect()
    };
    // Care leavers are banded 17–18, 19–21, 22–25 whatever `--age-bands` says, and broken
    // down by age band the figure is of every age, not DfE's 19–21 alone.
    assert_eq!(
        groups("care_leavers", "age-band"),
        pairs(&[("17 to 18", 1.0), ("19 to 21", 2.0), ("22 to 25", 1.0)])
    );
    assert_eq!(
        groups("care_leavers_eet", "age-band"),
        pairs(&[("17 to 18", 100.0), ("19 to 21", 50.0), ("22 to 25", 100.0)])
    );
    // V14 is 16 at the period end; the other 13 are 10.
    assert_eq!(
        groups("cla_open", "age-band"),
        pairs(&[("10 to 15", 13.0), ("16 and over", 1.0)])
    );
    assert_eq!(
        groups("cla_open", "legal-status"),
        pairs(&[("Full care orders", 14.0)])
    );
    assert_eq!(
        groups("cla_open", "placement-type"),
        pairs(&[("Foster placement", 14.0)])
    );
    assert_eq!(
        groups("cla_open", "permanence-plan"),
        pairs(&[("Long-term fostering", 14.0)])
    );
    assert_eq!(
        groups("cla_open", "category-of-need"),
        pairs(&[("N1", 14.0)])
    );
}

#[test]
fn drill_lists_the_records_behind_a_looked_after_figure() {
    let run = lscb(&[
        "drill",
        "cla_reviews_timely",
        DIR,
        "--period",
        "2014-15",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Child Unique ID,Date Started to be Looked After,Date of Latest Statutory Review,Allocated Team,Status\n\
         V02,2014-01-01,2014-09-30,LAC 1,not met\n\
         V09,2014-11-03,2014-12-01,LAC 1,not met\n\
         V08,2014-12-10,2014-12-30,LAC 1,not met\n\
         V06,2015-03-02,,LAC 1,not met\n"
    );
    // Adopters are listed by their own identifier, a household once.
    let run = lscb(&[
        "drill",
        "adopter_approval_6m",
        DIR,
        "--period",
        "2014-15",
        "--all",
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.stdout,
        "Individual adopter identifier,Date Stage 1 started,Date application approved,Status\n\
         P1,2014-05-01,2014-11-01,met\n\
         P3,2014-05-01,2014-11-02,not met\n\
         P4,2014-06-01,2014-12-01,met\n"
    );
}
