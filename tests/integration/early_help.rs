//! Early help (List 2, SPEC §9) on `tests/fixtures/early-help-indicators`: two extracts (as at
//! 31 December 2014 and Tuesday 31 March 2015, the period end D of 2014-15), a children in
//! need list for step-down and a referrals list for step-up and referrals after early help.
//! Every figure is worked out by hand; the comments say why each record counts or not.

use serde_json::Value;

use crate::util::{check, copy_tree, find, fixtures, group_values, indicators_json};

const DIR: &str = "early-help-indicators";
const ALL: &str =
    "eh_started,eh_families_started,eh_open,eh_families_open,eh_step_down,eh_step_up,referrals_after_eh";

fn results(dir: &str, args: &[&str]) -> Value {
    indicators_json(dir, "2014-15", args)
}

#[test]
fn early_help_figures_match_hand_counts() {
    let results = results(DIR, &["--only", ALL]);
    check(
        &results,
        &[
            // Started from 1 April 2014 (E06, E07 on the day) to 31 March 2015 (E03 on the
            // day): E01–E03, E05–E11 and E13, whose two episodes count once. E04 started on
            // 31 March 2014; E14 and E15 in 2013. E01 is in both extracts (an exact
            // duplicate), counted once.
            ("eh_started", Some(11.0), Some(11.0), None, &[]),
            // F1 (E01, E02), F2, F3, F4 (E06, E07), F5–F8, and E13, who has no family
            // identifier: a family of one.
            ("eh_families_started", Some(9.0), Some(9.0), None, &[]),
            // Open at D in its extract: E01–E04, E08–E10 and E13's second episode. E05's ended
            // on D itself, so it is not open at D; E06, E07, E11 and E13's first ended earlier.
            ("eh_open", Some(8.0), Some(8.0), None, &[]),
            // F1 (E01, E02), F2, E04 alone, F5, F6, F7, E13 alone.
            ("eh_families_open", Some(7.0), Some(7.0), None, &[]),
            // A CIN episode closed from 30 days before the start to the start: E01 (16 days)
            // and E02 (11 days), one family F1; E08 (closed 2 January, 30 days before 1
            // February); E10 (closed on the start day). Not E09 (31 days), nor E05, whose
            // early help was stepped down but ended on D.
            ("eh_step_down", Some(3.0), Some(3.0), None, &[]),
            // Ended in the period: E05 (end reason step up: a hit), E06 (blank reason; a
            // referral 30 days after the end: a hit), E07 (a referral 31 days after: not),
            // E11 ("Needs met" decides, though a referral followed 4 days later), E13's first
            // episode (blank; a referral 30 days before the end: a hit).
            ("eh_step_up", Some(60.0), Some(3.0), Some(5.0), &[]),
            // Referrals in 2014-15: nine (E04's of 31 March 2014 is before). With early help
            // open at the referral or ended in the 12 months before it: E01 (started that
            // day), E13 (first episode open), E06 and E07 (ended 15 October), E11 (ended 1
            // December), E14 (ended 30 June 2013, exactly 12 months before). Not E03 (early
            // help started the day after), E15 (ended 12 months and a day before), R01 (none).
            (
                "referrals_after_eh",
                Some(600.0 / 9.0),
                Some(6.0),
                Some(9.0),
                &[],
            ),
        ],
    );
}

#[test]
fn early_help_breaks_down_by_lead_organisation_grouped_as_configured() {
    let started = results(DIR, &["--only", "eh_started", "--by", "organisation"]);
    // lscb.toml groups "Abbey Primary School" (E01, E08, E13's first episode, and E02's
    // "abbey  primary school") as Schools and Brookside as Children's centres. Other names
    // are shown as written, ignoring case and spacing: "Health Visiting" (E05) and "Health
    // visiting" (E06) are one, shown by the first spelling in sort order; "YOUTH SERVICE"
    // (E10) is shown as E07 and E13 write it, in mixed case; "Wath  Academy " loses its extra
    // spaces. E13 started with a school and then the youth service, so is a
    // child starting in both. E09's organisation is blank.
    let want = [
        ("Children's centres", 1.0),
        ("Health Visiting", 2.0),
        ("Schools", 4.0),
        ("Wath Academy", 1.0),
        ("Youth Service", 3.0),
        ("Not recorded", 1.0),
    ];
    let want: Vec<(String, f64)> = want.iter().map(|(g, v)| (g.to_string(), *v)).collect();
    assert_eq!(group_values(&started), want);
}

#[test]
fn without_family_identifiers_families_have_no_value_and_step_down_counts_children() {
    // The fixture with the Family Identifier column (the tenth) taken out of both extracts.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join(DIR), dir.path());
    for extract in ["2014-15_Q3", "2014-15_Q4"] {
        let path = dir.path().join(extract).join("early_help.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let without: Vec<String> = text
            .lines()
            .map(|line| {
                let mut cells: Vec<&str> = line.split(',').collect();
                cells.remove(9);
                cells.join(",") + "\n"
            })
            .collect();
        std::fs::write(&path, without.concat()).unwrap();
    }
    let results = results(dir.path().to_str().unwrap(), &["--only", ALL]);
    check(
        &results,
        &[
            ("eh_started", Some(11.0), Some(11.0), None, &[]),
            ("eh_families_started", None, None, None, &[]),
            ("eh_families_open", None, None, None, &[]),
            // E01, E02, E08 and E10: children, as no file says who is in which family.
            ("eh_step_down", Some(4.0), Some(4.0), None, &[]),
        ],
    );
    let note = |id: &str| find(&results, id)["notes"][0].as_str().unwrap().to_string();
    assert_eq!(
        note("eh_families_started"),
        "no file of List 2 (Early help) has the column `Family Identifier`: add it to compute this figure"
    );
    assert_eq!(
        note("eh_step_down"),
        "no file of List 2 (Early help) has the column `Family Identifier`, so the figure is computed without it"
    );
}
