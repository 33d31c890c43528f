//! Calibration profiles: the figures a generated year must reproduce.
//!
//! The default profile, `rotherham-2014-15`, holds the figures of the Rotherham LSCB annual
//! report 2014-15 (SPEC §1, §5) for 2014-15, and plausible ones for 2013-14 where the report
//! gives only some (CIN-plan children and plan currency at 31 March 2014).

use anyhow::{bail, Result};

/// The figures one financial year is generated to reproduce. Counts are at scale 1;
/// percentages are of the indicator's own denominator.
#[derive(Clone, Debug)]
pub struct YearTargets {
    /// The calendar year the financial year starts in (2014 for 2014-15).
    pub start_year: i32,
    pub contacts: u32,
    pub referrals: u32,
    pub referral_decision_1wd: f64,
    pub referral_assessment: f64,
    /// Contacts followed by an assessment of the child within 30 days.
    pub contact_assessment: f64,
    pub referrals_nfa: f64,
    pub re_referrals: f64,
    /// Assessments within 45 working days, and its shape over the quarters (relative).
    pub assessment_45wd: f64,
    pub assessment_45wd_by_quarter: [f64; 4],
    pub s47: u32,
    pub s47_to_icpc: f64,
    pub icpcs: u32,
    pub icpc_15wd: f64,
    pub icpc_to_cpp: f64,
    pub cpp_open_at_end: u32,
    pub cpp_repeat: f64,
    pub cpp_neglect_at_end: f64,
    pub cin_plan_children_at_end: u32,
    pub cin_with_plan: f64,
    pub cin_plan_current: f64,
    /// Lists 8–11 (SPEC §8): the year-end stock and flows of children looked after.
    pub care: CareTargets,
    /// List 2 (SPEC §9): early help started and open.
    pub early_help: EarlyHelpTargets,
}

/// The figures of List 2 a year reproduces: counts at scale 1, shares of the families open at
/// 31 March.
#[derive(Clone, Debug)]
pub struct EarlyHelpTargets {
    /// Children and families whose early help assessment started in the year.
    pub children_started: u32,
    pub families_started: u32,
    /// Families with early help open at 31 March, and those of them stepped down from a
    /// children in need episode closed in the 30 days before their start.
    pub families_open_at_end: u32,
    pub stepped_down_at_end: u32,
    /// The shares of the families open at 31 March led by schools, children's centres and
    /// health (health visitors and school nurses).
    pub led_by_schools: f64,
    pub led_by_centres: f64,
    pub led_by_health: f64,
}

/// The figures of Lists 8–11 a year reproduces: counts at scale 1, shares of their own
/// denominators.
#[derive(Clone, Debug)]
pub struct CareTargets {
    /// Children looked after at 31 March (not on short breaks).
    pub open_at_end: u32,
    /// Periods of care started in the year; those ceased follow from the stocks.
    pub starts: u32,
    /// Children adopted in the year (of the periods ceased).
    pub adoptions: u32,
    /// Care leavers aged 19 to 21 at 31 March, and the shares of them in suitable
    /// accommodation and in education, employment or training.
    pub care_leavers: u32,
    pub care_leavers_suitable: f64,
    pub care_leavers_eet: f64,
    /// Children looked after at 31 March with a missing episode in the year.
    pub missing: f64,
    /// Looked-after children with reviews in timescale at 31 December, where known.
    pub reviews_timely_december: Option<f64>,
}

/// A named set of targets for consecutive years, for one local authority.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: &'static str,
    /// The LA's three-digit code.
    pub la: &'static str,
    /// Children looked after throughout (they make the CIN total match DfE's).
    pub looked_after: u32,
    /// Oldest first.
    pub years: Vec<YearTargets>,
}

impl Profile {
    /// The profile called `name`.
    pub fn named(name: &str) -> Result<Profile> {
        match name {
            "rotherham-2014-15" => Ok(rotherham()),
            _ => bail!("`{name}` is not a profile; the one profile is rotherham-2014-15"),
        }
    }

    /// The targets for `years` financial years ending with the profile's last; years before
    /// the profile's first reuse its first year's targets.
    pub fn targets(&self, years: u32) -> Vec<YearTargets> {
        let last = self.years.last().map(|y| y.start_year).unwrap_or(2014);
        let first_known = self.years.first().cloned();
        (0..years as i32)
            .rev()
            .map(|back| {
                let year = last - back;
                self.years
                    .iter()
                    .find(|t| t.start_year == year)
                    .cloned()
                    .or_else(|| first_known.clone())
                    .map(|t| YearTargets {
                        start_year: year,
                        ..t
                    })
            })
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default()
    }
}

fn rotherham() -> Profile {
    let year_2013 = YearTargets {
        start_year: 2013,
        contacts: 9_804,
        referrals: 4_050,
        referral_decision_1wd: 0.70,
        referral_assessment: 0.66,
        contact_assessment: 0.31,
        referrals_nfa: 0.12,
        re_referrals: 0.225,
        assessment_45wd: 0.84,
        assessment_45wd_by_quarter: [1.0, 1.0, 1.0, 1.0],
        s47: 793,
        s47_to_icpc: 0.66,
        icpcs: 528,
        icpc_15wd: 0.80,
        icpc_to_cpp: 0.86,
        cpp_open_at_end: 388,
        cpp_repeat: 0.07,
        cpp_neglect_at_end: 0.52,
        cin_plan_children_at_end: 1_324,
        cin_with_plan: 0.88,
        cin_plan_current: 0.438,
        // Plausible for 2013-14 (the stock of 397 the CIN total assumes, flows like 2014-15's).
        care: CareTargets {
            open_at_end: 397,
            starts: 160,
            adoptions: 40,
            care_leavers: 90,
            care_leavers_suitable: 0.90,
            care_leavers_eet: 0.55,
            missing: 0.02,
            reviews_timely_december: None,
        },
        // Plausible for 2013-14, a little below 2014-15's.
        early_help: EarlyHelpTargets {
            children_started: 400,
            families_started: 220,
            families_open_at_end: 170,
            stepped_down_at_end: 35,
            led_by_schools: 0.52,
            led_by_centres: 0.18,
            led_by_health: 0.05,
        },
    };
    let year_2014 = YearTargets {
        start_year: 2014,
        contacts: 10_517,
        referrals: 4_513,
        referral_decision_1wd: 0.75,
        referral_assessment: 0.696,
        // "About a third of contacts" (the annual report).
        contact_assessment: 0.333,
        referrals_nfa: 0.10,
        re_referrals: 0.218,
        assessment_45wd: 0.888,
        // Poor early in the year, improving (the report's quarterly shape).
        assessment_45wd_by_quarter: [0.74, 0.84, 0.95, 0.99],
        s47: 876,
        s47_to_icpc: 0.63,
        icpcs: 591,
        icpc_15wd: 0.65,
        icpc_to_cpp: 0.85,
        cpp_open_at_end: 423,
        cpp_repeat: 0.053,
        cpp_neglect_at_end: 0.55,
        cin_plan_children_at_end: 1_526,
        cin_with_plan: 0.914,
        cin_plan_current: 0.65,
        // DfE's figures for Rotherham, 2014-15 (LAIT, year 2015), and the board's 82% of
        // looked-after children with up-to-date plans at the end of 2014.
        care: CareTargets {
            open_at_end: 407,
            starts: 170,
            adoptions: 44,
            care_leavers: 95,
            care_leavers_suitable: 0.94,
            care_leavers_eet: 0.61,
            missing: 0.02,
            reviews_timely_december: Some(0.82),
        },
        // The annual report's Family CAFs (SPEC §9).
        early_help: EarlyHelpTargets {
            children_started: 434,
            families_started: 235,
            families_open_at_end: 181,
            stepped_down_at_end: 38,
            led_by_schools: 0.54,
            led_by_centres: 0.16,
            led_by_health: 0.04,
        },
    };
    Profile {
        name: "rotherham-2014-15",
        la: "372",
        looked_after: 397,
        years: vec![year_2013, year_2014],
    }
}
