//! Building children's journeys: contact → referral → assessment → section 47 → ICPC →
//! child protection plan, and child in need episodes with plans and reviews.
//!
//! Calibration is exact by construction rather than by luck: wherever a profile gives a share,
//! exactly `round(share × n)` records are given the property, and the year-end stocks (CP
//! plans, CIN-plan children, plans in place and up to date) are adjusted to their targets
//! after the journeys are drawn. Adjustments at one 31 March never move another year's figure.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use chrono::{Datelike, Days, NaiveDate};

use super::profile::YearTargets;
use super::rng::Random;
use crate::dates::period::{months_after, months_before};
use crate::dates::workdays::Calendar;

/// A child, as every list describes them.
pub struct Child {
    pub id: String,
    /// Index into the gender codes.
    pub gender: usize,
    pub ethnicity: usize,
    pub dob: NaiveDate,
    pub disability: bool,
}

pub struct Contact {
    pub child: usize,
    pub date: NaiveDate,
    pub source: usize,
    pub outcome: usize,
}

pub struct Referral {
    pub child: usize,
    pub date: NaiveDate,
    pub source: usize,
    pub nfa: bool,
    pub decision: NaiveDate,
    pub prior_12m: u32,
    pub team: usize,
    pub worker: usize,
}

pub struct Assessment {
    pub child: usize,
    pub start: NaiveDate,
    pub authorised: NaiveDate,
    pub needs_support: bool,
    pub timescale: Option<u32>,
    pub team: usize,
    pub worker: usize,
}

/// What came of a section 47 enquiry.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum S47Outcome {
    Icpc {
        date: NaiveDate,
        plan: bool,
    },
    /// Decided on this date that no ICPC was needed.
    Unnecessary(NaiveDate),
    /// No decision by the end of the data.
    Awaiting,
}

pub struct S47 {
    pub child: usize,
    pub strategy: NaiveDate,
    pub outcome: S47Outcome,
    pub team: usize,
    pub worker: usize,
}

pub struct Plan {
    pub child: usize,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub initial: usize,
    pub latest: usize,
    pub visits: Vec<NaiveDate>,
    pub reviews: Vec<NaiveDate>,
    pub previous: u32,
    pub team: usize,
    pub worker: usize,
}

/// A child in need episode's status while open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Status {
    LookedAfter,
    ChildProtection,
    CinPlan,
}

pub struct Episode {
    pub child: usize,
    pub start: NaiveDate,
    pub closure: Option<NaiveDate>,
    pub status: Status,
    pub plan_start: Option<NaiveDate>,
    pub reviews: Vec<NaiveDate>,
    pub need: usize,
    pub team: usize,
    pub worker: usize,
}

/// Lists 8–11 as generated.
#[derive(Default)]
pub struct Care {
    pub periods: Vec<CarePeriod>,
    pub leavers: Vec<Leaver>,
    pub adoptions: Vec<AdoptionCase>,
    pub adopters: Vec<Adopter>,
}

/// One period of being looked after.
pub struct CarePeriod {
    pub child: usize,
    pub start: NaiveDate,
    pub ceased: Option<NaiveDate>,
    /// A reason ceased code (`E11`, `E4A`, …) when ceased.
    pub reason: &'static str,
    /// Legal statuses from their start dates, in order.
    pub legal: Vec<(NaiveDate, &'static str)>,
    /// Index into the needs written on List 6.
    pub need: usize,
    pub plan: usize,
    pub uasc: bool,
    /// Placements from their start dates, in order: type, provider, outside the LA.
    pub placements: Vec<(NaiveDate, &'static str, &'static str, bool)>,
    pub reviews: Vec<NaiveDate>,
    pub visits: Vec<NaiveDate>,
    pub health: Vec<NaiveDate>,
    pub dental: Vec<NaiveDate>,
    pub missing: Vec<NaiveDate>,
    pub return_offered: bool,
    pub return_accepted: bool,
    pub team: usize,
    pub worker: usize,
}

/// A young person who has left care, as List 9 describes them.
pub struct Leaver {
    pub child: usize,
    pub in_touch: &'static str,
    pub accommodation: &'static str,
    pub suitable: bool,
    pub activity: &'static str,
    pub worker: usize,
    /// The pathway plan reviewed this many days before each extract.
    pub pathway_every: i64,
}

/// A child's adoption, from the decision to the order (or the decision reversed).
pub struct AdoptionCase {
    pub child: usize,
    pub family: Option<String>,
    pub entered_care: NaiveDate,
    pub decision: NaiveDate,
    pub placement_order: Option<NaiveDate>,
    pub matched: Option<NaiveDate>,
    pub placed: Option<NaiveDate>,
    pub order: Option<NaiveDate>,
    pub reversed: Option<NaiveDate>,
    pub ffa: Option<NaiveDate>,
}

/// One adopter (a couple is two, with one family identifier).
pub struct Adopter {
    pub id: String,
    pub family: String,
    pub gender: usize,
    pub ethnicity: usize,
    pub enquiry: NaiveDate,
    pub stage1: (NaiveDate, NaiveDate),
    pub stage2: (NaiveDate, NaiveDate),
    pub approved: NaiveDate,
    pub matched: Option<NaiveDate>,
    pub placed: Option<NaiveDate>,
    pub order: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
}

/// Permanence plans as written, adoption second.
pub const PLANS: [&str; 7] = [
    "a) Return to family",
    "b) Adoption",
    "c) SGO/CAO",
    "d) Supported living in the community",
    "e) Long-term residential placement",
    "f) Long-term fostering",
    "g) other",
];
/// Everything generated.
pub struct World {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub children: Vec<Child>,
    pub contacts: Vec<Contact>,
    pub referrals: Vec<Referral>,
    pub assessments: Vec<Assessment>,
    pub s47s: Vec<S47>,
    pub plans: Vec<Plan>,
    pub episodes: Vec<Episode>,
    /// Lists 8–11.
    pub care: Care,
    /// List 2: one record per child of a family's early help assessment.
    pub early_help: Vec<EarlyHelp>,
}

/// A child's early help episode (List 2), begun by the family's assessment.
pub struct EarlyHelp {
    pub child: usize,
    pub id: String,
    pub family: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// The lead organisation, as written.
    pub organisation: String,
    /// Why it ended (an `Early Help End Reason`), once ended.
    pub end_reason: &'static str,
}

/// Options that shape the volume.
pub struct Volume {
    pub scale: f64,
    pub looked_after: u32,
    pub la: String,
}

/// Age weights 0–17: more young children, as in children's social care.
const AGE_WEIGHTS: [f64; 18] = [
    12.0, 8.0, 7.5, 7.0, 6.5, 6.0, 5.8, 5.6, 5.4, 5.2, 5.0, 5.0, 5.0, 5.2, 5.4, 5.6, 4.5, 3.0,
];
/// Weights of the gender codes (male, female, not stated, neither).
const GENDER_WEIGHTS: [f64; 4] = [50.0, 48.5, 1.3, 0.2];
/// Weights of the CBDS ethnicity codes in the order of `write::ETHNICITY`.
const ETHNICITY_WEIGHTS: [f64; 20] = [
    84.0, 0.3, 0.2, 2.0, 1.0, 0.8, 0.3, 0.6, 0.8, 0.3, 4.5, 0.2, 0.5, 0.2, 1.2, 0.3, 0.2, 0.8, 0.5,
    0.5,
];
/// Weights of the CIN census source codes in the order of `write::SOURCES`.
pub const SOURCE_WEIGHTS: [f64; 21] = [
    4.0, 3.0, 3.0, 2.0, 14.0, 4.0, 5.0, 3.0, 3.0, 3.0, 1.0, 1.0, 2.0, 4.0, 3.0, 3.0, 28.0, 2.0,
    7.0, 2.0, 2.0,
];

impl World {
    /// Generates the journeys for the years of `targets` (consecutive, oldest first).
    pub fn generate(
        targets: &[YearTargets],
        shape: &Volume,
        seed: u64,
        calendar: &Calendar,
    ) -> World {
        let first_year = targets.first().map(|t| t.start_year).unwrap_or(2014);
        let last_year = targets.last().map(|t| t.start_year).unwrap_or(2014);
        let mut g = Generator {
            rng: Random::new(seed),
            calendar,
            world: World {
                first_day: ymd(first_year, 4, 1),
                last_day: ymd(last_year + 1, 3, 31),
                children: Vec::new(),
                contacts: Vec::new(),
                referrals: Vec::new(),
                assessments: Vec::new(),
                s47s: Vec::new(),
                plans: Vec::new(),
                episodes: Vec::new(),
                care: Care::default(),
                early_help: Vec::new(),
            },
            shape,
            busy: BTreeSet::new(),
            referral_dates: BTreeMap::new(),
            referral_log: Vec::new(),
            had_plan: BTreeSet::new(),
        };
        let scaled: Vec<YearTargets> = targets.iter().map(|t| scale(t, shape.scale)).collect();
        g.looked_after();
        g.plan_stock(&scaled[0]);
        g.cin_stock(&scaled[0]);
        for year in &scaled {
            g.front_door(year);
        }
        g.assessment_timeliness(&scaled);
        g.section47s(&scaled);
        g.plans_from_conferences(&scaled);
        g.cin_episodes(&scaled);
        for year in &scaled {
            g.link_contacts_to_assessments(year);
        }
        g.settle_quarters(&scaled);
        g.plan_details();
        g.world
    }
}

/// Multiplies a year's volumes by `factor`; shares are unchanged.
pub(super) fn scale(t: &YearTargets, factor: f64) -> YearTargets {
    let n = |v: u32| ((v as f64) * factor).round().max(1.0) as u32;
    YearTargets {
        contacts: n(t.contacts),
        referrals: n(t.referrals),
        s47: n(t.s47),
        icpcs: n(t.icpcs),
        cpp_open_at_end: n(t.cpp_open_at_end),
        cin_plan_children_at_end: n(t.cin_plan_children_at_end),
        care: super::profile::CareTargets {
            open_at_end: n(t.care.open_at_end),
            starts: n(t.care.starts),
            adoptions: n(t.care.adoptions),
            care_leavers: n(t.care.care_leavers),
            ..t.care.clone()
        },
        early_help: super::profile::EarlyHelpTargets {
            children_started: n(t.early_help.children_started),
            families_started: n(t.early_help.families_started),
            families_open_at_end: n(t.early_help.families_open_at_end),
            stepped_down_at_end: n(t.early_help.stepped_down_at_end),
            ..t.early_help.clone()
        },
        ..t.clone()
    }
}

/// Weights of the ethnicity codes of children new to Lists 2 and 8–11.
const NEW_CHILD_ETHNICITY: [f64; 20] = [
    84.0, 0.5, 0.5, 2.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.3, 4.0, 0.2, 0.5, 0.3, 1.2, 0.5, 0.2, 0.8, 0.5,
    0.5,
];

/// Adds a child not in Lists 1 and 3–7, aged one of `ages` on `date`, with gender by
/// `genders` weights and disabled by the chance `disabled`; returns its index.
pub(super) fn new_child(
    world: &mut World,
    rng: &mut Random,
    la: &str,
    (date, ages): (NaiveDate, &[i64]),
    genders: &[f64],
    disabled: f64,
) -> usize {
    let age = ages[rng.between(0, ages.len() as i64 - 1) as usize];
    let dob = plus_days(date, -(age * 365 + rng.between(1, 364)));
    let index = world.children.len();
    world.children.push(Child {
        id: format!("{la}{:07}", index + 1),
        gender: rng.weighted(genders),
        ethnicity: rng.weighted(&NEW_CHILD_ETHNICITY),
        dob,
        disability: rng.chance(disabled),
    });
    index
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A record open from its start until an optional end: a CP plan or a CIN episode.
trait Span {
    fn start(&self) -> NaiveDate;
    fn end(&self) -> Option<NaiveDate>;
    fn end_mut(&mut self) -> &mut Option<NaiveDate>;
}

impl Span for Plan {
    fn start(&self) -> NaiveDate {
        self.start
    }
    fn end(&self) -> Option<NaiveDate> {
        self.end
    }
    fn end_mut(&mut self) -> &mut Option<NaiveDate> {
        &mut self.end
    }
}

impl Span for Episode {
    fn start(&self) -> NaiveDate {
        self.start
    }
    fn end(&self) -> Option<NaiveDate> {
        self.closure
    }
    fn end_mut(&mut self) -> &mut Option<NaiveDate> {
        &mut self.closure
    }
}

/// Brings the spans open at `end` to `target` (given as `(target, end, last day generated)`):
/// ends some of the `open` ones within the 25 days before `end`, or keeps spans that
/// `may_extend` and that ended within the 60 days before it open for 10 to `longest` more
/// days. Returns how many are still missing, for the caller to start.
fn settle_open_count<T: Span>(
    rng: &mut Random,
    spans: &mut [T],
    open: &[usize],
    (target, end, last_day): (usize, NaiveDate, NaiveDate),
    longest: i64,
    may_extend: impl Fn(&T) -> bool,
) -> usize {
    if open.len() > target {
        let closable: Vec<usize> = open
            .iter()
            .copied()
            .filter(|i| spans[*i].start() <= plus_days(end, -90))
            .collect();
        for k in rng.choose(closable.len(), open.len() - target) {
            let day = rng.between(1, 25);
            *spans[closable[k]].end_mut() = Some(plus_days(end, -day));
        }
        return 0;
    }
    if open.len() == target {
        return 0;
    }
    let extendable: Vec<usize> = (0..spans.len())
        .filter(|i| {
            let span = &spans[*i];
            may_extend(span)
                && span
                    .end()
                    .is_some_and(|e| e <= end && e > plus_days(end, -60))
        })
        .collect();
    let extended = (target - open.len()).min(extendable.len());
    for k in rng.choose(extendable.len(), extended) {
        let until = plus_days(end, rng.between(10, longest));
        *spans[extendable[k]].end_mut() = (until <= last_day).then_some(until);
    }
    target - open.len() - extended
}

pub(super) fn plus_days(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
            .unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// `round(share × n)`.
pub fn share_of(share: f64, n: usize) -> usize {
    (share * n as f64).round() as usize
}

struct Generator<'a> {
    rng: Random,
    calendar: &'a Calendar,
    world: World,
    shape: &'a Volume,
    /// Children in an open CIN-plan episode or a plan: kept out of other journeys.
    busy: BTreeSet<usize>,
    had_plan: BTreeSet<usize>,
    /// Each child's referral dates, in order, so history lookups need no scan.
    referral_dates: BTreeMap<usize, Vec<NaiveDate>>,
    /// (date, child) of every referral, in date order: the window of a re-referral.
    referral_log: Vec<(NaiveDate, usize)>,
}

impl Generator<'_> {
    fn year_bounds(&self, start_year: i32) -> (NaiveDate, NaiveDate) {
        (ymd(start_year, 4, 1), ymd(start_year + 1, 3, 31))
    }

    /// A new child aged as drawn on `date`.
    fn new_child(&mut self, date: NaiveDate) -> usize {
        let age = self.rng.weighted(&AGE_WEIGHTS) as i64;
        let dob = plus_days(date, -(age * 365 + self.rng.between(1, 364)));
        let index = self.world.children.len();
        let child = Child {
            id: format!("{}{:07}", self.shape.la, index + 1),
            gender: self.rng.weighted(&GENDER_WEIGHTS),
            ethnicity: self.rng.weighted(&ETHNICITY_WEIGHTS),
            dob,
            disability: self.rng.chance(0.06),
        };
        self.world.children.push(child);
        index
    }

    fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.calendar.is_working_day(d) {
            d = plus_days(d, 1);
        }
        d
    }

    /// `date` plus `n` working days.
    fn add_wd(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = plus_days(d, 1);
            if self.calendar.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// A random day of the year: a working day, or now and then any day.
    fn day_in(&mut self, from: NaiveDate, to: NaiveDate, any_day: f64) -> NaiveDate {
        let span = (to - from).num_days();
        loop {
            let d = plus_days(from, self.rng.between(0, span));
            if self.calendar.is_working_day(d) || self.rng.chance(any_day) {
                return d;
            }
        }
    }

    fn team(&mut self) -> usize {
        self.rng.between(0, 3) as usize
    }

    fn worker(&mut self) -> usize {
        self.rng.between(1, 60) as usize
    }

    /// Children looked after throughout the data.
    fn looked_after(&mut self) {
        let count = ((self.shape.looked_after as f64) * self.shape.scale).round() as usize;
        for _ in 0..count {
            let start = plus_days(self.world.first_day, -self.rng.between(200, 2000));
            let child = self.new_child(start);
            let (team, worker) = (self.team(), self.worker());
            self.busy.insert(child);
            self.world.episodes.push(Episode {
                child,
                start,
                closure: None,
                status: Status::LookedAfter,
                plan_start: None,
                reviews: Vec::new(),
                need: 0,
                team,
                worker,
            });
        }
    }

    /// Plans already open when the data starts.
    fn plan_stock(&mut self, first: &YearTargets) {
        let count = (first.cpp_open_at_end as f64 * 0.92).round() as usize;
        for _ in 0..count {
            let start = plus_days(self.world.first_day, -self.rng.between(1, 720));
            let start = self.working_day_on_or_after(start);
            let child = self.new_child(start);
            let spread = self.rng.between(1, 540);
            let end = self.plan_end(start, plus_days(self.world.first_day, spread));
            let previous = u32::from(self.rng.chance(0.1));
            self.add_plan(child, start, end, previous);
        }
    }

    /// When a plan starting on `start` ends: after `not_before`, by a typical duration.
    fn plan_end(&mut self, start: NaiveDate, not_before: NaiveDate) -> Option<NaiveDate> {
        let months = [(3, 6, 30.0), (6, 12, 40.0), (12, 18, 20.0), (18, 30, 10.0)];
        let which = self.rng.weighted(&months.map(|m| m.2));
        let (lo, hi, _) = months[which];
        let days = self.rng.between(lo * 30, hi * 30);
        let end = plus_days(start, days).max(plus_days(not_before, self.rng.between(1, 200)));
        (end <= self.world.last_day).then_some(end)
    }

    fn add_plan(&mut self, child: usize, start: NaiveDate, end: Option<NaiveDate>, previous: u32) {
        let (team, worker) = (self.team(), self.worker());
        self.had_plan.insert(child);
        self.world.plans.push(Plan {
            child,
            start,
            end,
            initial: 0,
            latest: 0,
            visits: Vec::new(),
            reviews: Vec::new(),
            previous,
            team,
            worker,
        });
    }

    /// CIN-plan episodes already open when the data starts.
    fn cin_stock(&mut self, first: &YearTargets) {
        let count = (first.cin_plan_children_at_end as f64 * 0.95).round() as usize;
        for _ in 0..count {
            let start = plus_days(self.world.first_day, -self.rng.between(1, 540));
            let child = self.new_child(start);
            let closure = self.cin_closure(start, self.world.first_day);
            let plan_after = self.rng.between(10, 40);
            self.add_cin_episode(child, start, closure, plus_days(start, plan_after));
        }
    }

    fn cin_closure(&mut self, start: NaiveDate, not_before: NaiveDate) -> Option<NaiveDate> {
        let days = self.rng.between(90, 700);
        let end = plus_days(start, days).max(plus_days(not_before, self.rng.between(1, 300)));
        (end <= self.world.last_day).then_some(end)
    }

    fn add_cin_episode(
        &mut self,
        child: usize,
        start: NaiveDate,
        closure: Option<NaiveDate>,
        plan_start: NaiveDate,
    ) {
        let compliant = self.rng.chance(0.35);
        let mut reviews = Vec::new();
        let mut last = plan_start;
        let until = closure.unwrap_or(self.world.last_day);
        loop {
            let gap = if compliant {
                self.rng.between(60, 88)
            } else {
                self.rng.between(100, 240)
            };
            last = plus_days(last, gap);
            if last > until {
                break;
            }
            reviews.push(last);
        }
        let (team, worker, need) = (
            self.team(),
            self.worker(),
            self.rng
                .weighted(&[50.0, 8.0, 6.0, 14.0, 12.0, 3.0, 2.0, 4.0, 1.0]),
        );
        self.busy.insert(child);
        self.world.episodes.push(Episode {
            child,
            start,
            closure,
            status: Status::CinPlan,
            plan_start: (plan_start <= until).then_some(plan_start),
            reviews,
            need,
            team,
            worker,
        });
    }

    /// Contacts, referrals and assessments for one year.
    fn front_door(&mut self, year: &YearTargets) {
        let (from, to) = self.year_bounds(year.start_year);
        let mut dates: Vec<NaiveDate> = (0..year.contacts)
            .map(|_| self.day_in(from, to, 0.02))
            .collect();
        dates.sort();
        let referred: BTreeSet<usize> = self
            .rng
            .choose(dates.len(), year.referrals as usize)
            .into_iter()
            .collect();
        // Re-referrals: children referred 60 to 330 days before.
        let eligible: Vec<usize> = referred
            .iter()
            .copied()
            .filter(|i| dates[*i] >= plus_days(self.world.first_day, 120))
            .collect();
        let re_count = share_of(year.re_referrals, referred.len()).min(eligible.len());
        let re_referred: BTreeSet<usize> = self
            .rng
            .choose(eligible.len(), re_count)
            .into_iter()
            .map(|i| eligible[i])
            .collect();
        let first_referral = self.world.referrals.len();
        for (i, date) in dates.iter().copied().enumerate() {
            let source = self.rng.weighted(&SOURCE_WEIGHTS);
            if !referred.contains(&i) {
                let child = self.new_child(date);
                let outcome = 1 + self.rng.weighted(&[45.0, 30.0, 25.0]);
                self.world.contacts.push(Contact {
                    child,
                    date,
                    source,
                    outcome,
                });
                continue;
            }
            let child = if re_referred.contains(&i) {
                self.re_referred_child(date)
                    .unwrap_or_else(|| self.new_child(date))
            } else {
                self.new_child(date)
            };
            self.world.contacts.push(Contact {
                child,
                date,
                source,
                outcome: 0,
            });
            let prior_12m = self.referrals_in_year_before(child, date);
            self.referral_dates.entry(child).or_default().push(date);
            self.referral_log.push((date, child));
            let (team, worker) = (self.team(), self.worker());
            self.world.referrals.push(Referral {
                child,
                date,
                source,
                nfa: false,
                decision: date,
                prior_12m,
                team,
                worker,
            });
        }
        self.referral_outcomes(year, first_referral);
    }

    /// A child whose latest referral was 60 to 330 days before `date`: referrals in that
    /// window are drawn at random (a few tries, so the cost does not grow with the data)
    /// until one is its child's latest and the child is free.
    fn re_referred_child(&mut self, date: NaiveDate) -> Option<usize> {
        let (lo, hi) = (plus_days(date, -330), plus_days(date, -60));
        let first = self.referral_log.partition_point(|(d, _)| *d < lo);
        let last = self.referral_log.partition_point(|(d, _)| *d <= hi);
        if first >= last {
            return None;
        }
        for _ in 0..8 {
            let pick = self.rng.between(first as i64, last as i64 - 1) as usize;
            let (referred, child) = self.referral_log[pick];
            let latest = self
                .referral_dates
                .get(&child)
                .and_then(|dates| dates.last());
            if latest == Some(&referred) && !self.busy.contains(&child) {
                return Some(child);
            }
        }
        None
    }

    fn referrals_in_year_before(&self, child: usize, date: NaiveDate) -> u32 {
        let from = months_before(date, 12);
        self.referral_dates.get(&child).map_or(0, |dates| {
            dates.iter().filter(|d| **d >= from && **d < date).count() as u32
        })
    }

    /// Decisions, NFA and assessments for the referrals from `first` on.
    fn referral_outcomes(&mut self, year: &YearTargets, first: usize) {
        let indexes: Vec<usize> = (first..self.world.referrals.len()).collect();
        let n = indexes.len();
        let last_day = self.world.last_day;
        // Late decisions only where the decision still falls inside the data.
        let can_be_late: Vec<usize> = indexes
            .iter()
            .copied()
            .filter(|i| plus_days(self.world.referrals[*i].date, 14) <= last_day)
            .collect();
        let late_count = (n - share_of(year.referral_decision_1wd, n)).min(can_be_late.len());
        let late: BTreeSet<usize> = self
            .rng
            .choose(can_be_late.len(), late_count)
            .into_iter()
            .map(|i| can_be_late[i])
            .collect();
        let assessed: BTreeSet<usize> = self
            .rng
            .choose(n, share_of(year.referral_assessment, n))
            .into_iter()
            .map(|i| indexes[i])
            .collect();
        let not_assessed: Vec<usize> = indexes
            .iter()
            .copied()
            .filter(|i| !assessed.contains(i))
            .collect();
        let nfa: BTreeSet<usize> = self
            .rng
            .choose(
                not_assessed.len(),
                share_of(year.referrals_nfa, n).min(not_assessed.len()),
            )
            .into_iter()
            .map(|i| not_assessed[i])
            .collect();
        for i in indexes {
            let date = self.world.referrals[i].date;
            let decision = if late.contains(&i) {
                let wd = self.rng.between(2, 6) as u32;
                self.add_wd(date, wd)
            } else if self.calendar.is_working_day(date) && self.rng.chance(0.45) {
                date
            } else {
                self.add_wd(date, 1)
            };
            self.world.referrals[i].decision = if decision > last_day { date } else { decision };
            self.world.referrals[i].nfa = nfa.contains(&i);
            if assessed.contains(&i) {
                let start = plus_days(date, self.rng.between(0, 10));
                let start = self
                    .working_day_on_or_after(start)
                    .min(plus_days(date, 30))
                    .min(last_day);
                let child = self.world.referrals[i].child;
                let (team, worker) = (self.team(), self.worker());
                let timescale =
                    self.rng
                        .chance(0.25)
                        .then(|| if self.rng.chance(0.5) { 25 } else { 35 });
                self.world.assessments.push(Assessment {
                    child,
                    start,
                    authorised: start,
                    needs_support: false,
                    timescale,
                    team,
                    worker,
                });
            }
        }
    }

    /// Some contacts that were not themselves referred concern children assessed within 30
    /// days (a second agency's contact about the same worry), bringing the share of contacts
    /// followed by an assessment to the year's target.
    fn link_contacts_to_assessments(&mut self, year: &YearTargets) {
        let (from, to) = self.year_bounds(year.start_year);
        let mut starts: BTreeMap<usize, Vec<NaiveDate>> = BTreeMap::new();
        for a in &self.world.assessments {
            starts.entry(a.child).or_default().push(a.start);
        }
        let linked = |c: &Contact| {
            starts.get(&c.child).is_some_and(|s| {
                s.iter()
                    .any(|d| *d >= c.date && *d <= plus_days(c.date, 30))
            })
        };
        let in_year: Vec<usize> = (0..self.world.contacts.len())
            .filter(|i| {
                let c = &self.world.contacts[*i];
                c.date >= from && c.date <= to
            })
            .collect();
        let now = in_year
            .iter()
            .filter(|i| linked(&self.world.contacts[**i]))
            .count();
        let wanted = share_of(year.contact_assessment, in_year.len());
        let spare: Vec<usize> = in_year
            .iter()
            .copied()
            .filter(|i| self.world.contacts[*i].outcome != 0 && !linked(&self.world.contacts[*i]))
            .collect();
        let assessments = self.assessments_by_start();
        let mut contacted: BTreeSet<(usize, NaiveDate)> = self
            .world
            .contacts
            .iter()
            .map(|c| (c.child, c.date))
            .collect();
        for k in self
            .rng
            .choose(spare.len(), wanted.saturating_sub(now).min(spare.len()))
        {
            let i = spare[k];
            let date = self.world.contacts[i].date;
            let lo = assessments.partition_point(|(d, _)| *d < date);
            let hi = assessments.partition_point(|(d, _)| *d <= plus_days(date, 30));
            if lo < hi {
                let pick = self.rng.between(lo as i64, hi as i64 - 1) as usize;
                let child = assessments[pick].1;
                // One contact per child per day, so no two contacts share a record key.
                if contacted.insert((child, date)) {
                    contacted.remove(&(self.world.contacts[i].child, date));
                    self.world.contacts[i].child = child;
                }
            }
        }
    }

    /// Authorisation dates with exactly the target share within 45 working days among the
    /// assessments authorised in each year.
    fn assessment_timeliness(&mut self, years: &[YearTargets]) {
        for i in 0..self.world.assessments.len() {
            let start = self.world.assessments[i].start;
            let year = years.iter().find(|y| {
                let (from, to) = self.year_bounds(y.start_year);
                start >= from && start <= to
            });
            let p = year.map(|y| quarter_share(y, start)).unwrap_or(0.85);
            let within = self.rng.chance(p);
            let days = if within {
                self.rng.between(12, 45)
            } else {
                self.rng.between(46, 75)
            };
            self.world.assessments[i].authorised = self.add_wd(start, days as u32);
        }
        for year in years {
            let (from, to) = self.year_bounds(year.start_year);
            let in_year: Vec<usize> = (0..self.world.assessments.len())
                .filter(|i| {
                    let a = &self.world.assessments[*i];
                    a.authorised >= from
                        && a.authorised <= to
                        && a.authorised <= self.world.last_day
                })
                .collect();
            let within = |g: &Self, i: usize| {
                let a = &g.world.assessments[i];
                g.calendar
                    .wd(a.start, a.authorised)
                    .map(|w| w <= 45)
                    .unwrap_or(false)
            };
            let hits = in_year.iter().filter(|i| within(self, **i)).count();
            let wanted = share_of(year.assessment_45wd, in_year.len());
            if hits > wanted {
                let mut can_lengthen: Vec<usize> = in_year
                    .iter()
                    .copied()
                    .filter(|i| {
                        within(self, *i) && self.add_wd(self.world.assessments[*i].start, 75) <= to
                    })
                    .collect();
                // Extra delays fall early in the year, as they did.
                can_lengthen.sort_by_key(|i| (self.world.assessments[*i].start, *i));
                let pool = early_part(&can_lengthen, hits - wanted);
                for k in self.rng.choose(pool.len(), hits - wanted) {
                    let can_lengthen = &pool;
                    let i = can_lengthen[k];
                    let days = self.rng.between(46, 75) as u32;
                    self.world.assessments[i].authorised =
                        self.add_wd(self.world.assessments[i].start, days);
                }
            } else if hits < wanted {
                let mut can_shorten: Vec<usize> = in_year
                    .iter()
                    .copied()
                    .filter(|i| !within(self, *i) && self.world.assessments[*i].start >= from)
                    .collect();
                // Extra improvement falls late in the year.
                can_shorten
                    .sort_by_key(|i| (std::cmp::Reverse(self.world.assessments[*i].start), *i));
                let pool = early_part(&can_shorten, wanted - hits);
                for k in self.rng.choose(pool.len(), wanted - hits) {
                    let can_shorten = &pool;
                    let i = can_shorten[k];
                    let days = self.rng.between(15, 45) as u32;
                    self.world.assessments[i].authorised =
                        self.add_wd(self.world.assessments[i].start, days);
                }
            }
        }
    }

    /// The (start, child) of every assessment, in date order.
    fn assessments_by_start(&self) -> Vec<(NaiveDate, usize)> {
        let mut starts: Vec<(NaiveDate, usize)> = self
            .world
            .assessments
            .iter()
            .map(|a| (a.start, a.child))
            .collect();
        starts.sort_unstable();
        starts
    }

    /// Section 47 enquiries and their conferences, with exact counts and shares per year.
    fn section47s(&mut self, years: &[YearTargets]) {
        let last_day = self.world.last_day;
        let assessed = self.assessments_by_start();
        // Strategy discussions, and which go to conference.
        let mut per_year: Vec<Vec<usize>> = Vec::new();
        for (y, year) in years.iter().enumerate() {
            let (from, to) = self.year_bounds(year.start_year);
            let mut dates: Vec<NaiveDate> =
                (0..year.s47).map(|_| self.day_in(from, to, 0.01)).collect();
            dates.sort();
            let is_last = y + 1 == years.len();
            let awaiting_from = plus_days(last_day, -7);
            let mut indexes = Vec::new();
            for date in dates {
                let child = self.s47_child(date, &assessed);
                let (team, worker) = (self.team(), self.worker());
                let outcome = if is_last && date > awaiting_from {
                    S47Outcome::Awaiting
                } else {
                    S47Outcome::Unnecessary(self.add_wd(date, 8).min(last_day))
                };
                indexes.push(self.world.s47s.len());
                self.world.s47s.push(S47 {
                    child,
                    strategy: date,
                    outcome,
                    team,
                    worker,
                });
            }
            per_year.push(indexes);
        }
        // Which go to conference: exactly the share of those decided, early enough to be held.
        let mut to_icpc: Vec<Vec<usize>> = Vec::new();
        for (y, year) in years.iter().enumerate() {
            let decided: Vec<usize> = per_year[y]
                .iter()
                .copied()
                .filter(|i| self.world.s47s[*i].outcome != S47Outcome::Awaiting)
                .collect();
            let early: Vec<usize> = decided
                .iter()
                .copied()
                .filter(|i| plus_days(self.world.s47s[*i].strategy, 25) <= last_day)
                .collect();
            let count = share_of(year.s47_to_icpc, decided.len()).min(early.len());
            let mut chosen: Vec<usize> = self
                .rng
                .choose(early.len(), count)
                .into_iter()
                .map(|k| early[k])
                .collect();
            chosen.sort_by_key(|i| self.world.s47s[*i].strategy);
            to_icpc.push(chosen);
        }
        // Conference dates: the last of each year's go into the next year as needed for its
        // count; timeliness exact among the conferences held in each year.
        let mut carried: Vec<Vec<(usize, NaiveDate)>> = vec![Vec::new(); years.len()];
        let mut own: Vec<Vec<usize>> = vec![Vec::new(); years.len()];
        for (y, year) in years.iter().enumerate() {
            let (_, to) = self.year_bounds(year.start_year);
            let next_needs = years
                .get(y + 1)
                .map(|next| next.icpcs.saturating_sub(to_icpc[y + 1].len() as u32) as usize)
                .unwrap_or(0)
                .min(to_icpc[y].len());
            let split = to_icpc[y].len() - next_needs;
            for (k, i) in to_icpc[y].iter().copied().enumerate() {
                if k < split {
                    own[y].push(i);
                    continue;
                }
                let strategy = self.world.s47s[i].strategy;
                let into_next = self.rng.between(1, 8) as u32;
                let date = self.add_wd(to, into_next).max(self.add_wd(strategy, 16));
                carried[y + 1].push((i, date));
            }
        }
        for (y, year) in years.iter().enumerate() {
            let (_, to) = self.year_bounds(year.start_year);
            let limit = to.min(last_day);
            let carried_hits = carried[y]
                .iter()
                .filter(|(i, d)| {
                    self.calendar
                        .wd(self.world.s47s[*i].strategy, *d)
                        .map(|w| w <= 15)
                        .unwrap_or(false)
                })
                .count();
            let total = carried[y].len() + own[y].len();
            let wanted_hits = share_of(year.icpc_15wd, total)
                .saturating_sub(carried_hits)
                .min(own[y].len());
            let can_miss: Vec<usize> = own[y]
                .iter()
                .copied()
                .filter(|i| self.add_wd(self.world.s47s[*i].strategy, 35) <= limit)
                .collect();
            let misses = (own[y].len() - wanted_hits).min(can_miss.len());
            let missing: BTreeSet<usize> = self
                .rng
                .choose(can_miss.len(), misses)
                .into_iter()
                .map(|k| can_miss[k])
                .collect();
            let mut dates: Vec<(usize, NaiveDate)> = carried[y].clone();
            for i in own[y].iter().copied() {
                let strategy = self.world.s47s[i].strategy;
                let days = if missing.contains(&i) {
                    self.rng.between(16, 35)
                } else {
                    self.rng.between(5, 15)
                };
                let date = self.add_wd(strategy, days as u32);
                dates.push((
                    i,
                    if date > limit {
                        limit.max(strategy)
                    } else {
                        date
                    },
                ));
            }
            dates.sort_by_key(|(i, d)| (*d, *i));
            let plans: BTreeSet<usize> = self
                .rng
                .choose(dates.len(), share_of(year.icpc_to_cpp, dates.len()))
                .into_iter()
                .collect();
            for (k, (i, date)) in dates.into_iter().enumerate() {
                self.world.s47s[i].outcome = S47Outcome::Icpc {
                    date,
                    plan: plans.contains(&k),
                };
            }
        }
    }

    /// A child for a section 47: one assessed in the 45 days before where possible (a few
    /// random tries among `assessed`, the (start, child) of every assessment in date order),
    /// never one already in a CIN-plan episode or with a plan.
    fn s47_child(&mut self, date: NaiveDate, assessed: &[(NaiveDate, usize)]) -> usize {
        let first = assessed.partition_point(|(d, _)| *d < plus_days(date, -45));
        let last = assessed.partition_point(|(d, _)| *d <= date);
        let mut child = None;
        if first < last && !self.rng.chance(0.3) {
            for _ in 0..8 {
                let pick = self.rng.between(first as i64, last as i64 - 1) as usize;
                let candidate = assessed[pick].1;
                if !self.busy.contains(&candidate) && !self.had_plan.contains(&candidate) {
                    child = Some(candidate);
                    break;
                }
            }
        }
        let child = child.unwrap_or_else(|| self.new_child(date));
        self.busy.insert(child);
        child
    }

    /// A plan for every conference that decided on one; exactly the target share of each
    /// year's new plans are second or subsequent plans.
    fn plans_from_conferences(&mut self, years: &[YearTargets]) {
        let mut starts: Vec<(NaiveDate, usize)> = self
            .world
            .s47s
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.outcome {
                S47Outcome::Icpc { date, plan: true } => Some((date, i)),
                _ => None,
            })
            .collect();
        starts.sort();
        let mut ended = EndedPlans::new(&self.world.plans, self.world.children.len());
        for year in years {
            let (from, to) = self.year_bounds(year.start_year);
            let in_year: Vec<usize> = starts
                .iter()
                .filter(|(d, _)| *d >= from && *d <= to)
                .map(|(_, i)| *i)
                .collect();
            let repeats: BTreeSet<usize> = self
                .rng
                .choose(in_year.len(), share_of(year.cpp_repeat, in_year.len()))
                .into_iter()
                .map(|k| in_year[k])
                .collect();
            for s in in_year {
                let start = match self.world.s47s[s].outcome {
                    S47Outcome::Icpc { date, .. } => date,
                    _ => continue,
                };
                let mut child = self.world.s47s[s].child;
                if repeats.contains(&s) {
                    if let Some(earlier) = self.child_with_ended_plan(&mut ended, start) {
                        child = earlier;
                        self.world.s47s[s].child = earlier;
                    }
                }
                let end = self.plan_end(start, start);
                self.add_plan(child, start, end, u32::from(repeats.contains(&s)));
                ended.record(child, end);
            }
        }
    }

    /// A child whose every plan ended more than 30 days before `start`, drawn uniformly in
    /// child order. `start` never goes back between calls.
    fn child_with_ended_plan(&mut self, ended: &mut EndedPlans, start: NaiveDate) -> Option<usize> {
        let count = ended.ended_before(plus_days(start, -30));
        if count == 0 {
            return None;
        }
        Some(ended.nth(self.rng.between(0, count as i64 - 1) as usize))
    }

    /// New CIN-plan episodes from assessments that found a need for support.
    fn cin_episodes(&mut self, years: &[YearTargets]) {
        for year in years {
            let (from, to) = self.year_bounds(year.start_year);
            let candidates: Vec<usize> = (0..self.world.assessments.len())
                .filter(|i| {
                    let a = &self.world.assessments[*i];
                    a.authorised >= from && a.authorised <= to && !self.busy.contains(&a.child)
                })
                .collect();
            let wanted = (year.cin_plan_children_at_end as f64 * 0.62).round() as usize;
            for k in self
                .rng
                .choose(candidates.len(), wanted.min(candidates.len()))
            {
                let i = candidates[k];
                self.world.assessments[i].needs_support = true;
                let (child, start, authorised) = {
                    let a = &self.world.assessments[i];
                    (a.child, a.start, a.authorised)
                };
                if self.busy.contains(&child) {
                    continue;
                }
                let closure = self.cin_closure(start, authorised);
                let plan_after = self.rng.between(5, 25) as u32;
                let plan_start = self.add_wd(authorised, plan_after);
                self.add_cin_episode(child, start, closure, plan_start);
            }
        }
    }

    /// Settles the plan and CIN-plan counts at every quarter end, on a straight path between
    /// the year-end targets (so numbers move steadily, as they do in life), and the year-end
    /// shares. Quarter ends are settled in date order, and each adjustment only moves dates
    /// after the previous quarter end, so earlier figures stay as settled.
    fn settle_quarters(&mut self, years: &[YearTargets]) {
        let day_before = plus_days(self.world.first_day, -1);
        let mut plans_before = self.open_plans(day_before).len() as f64;
        let mut cin_before = self.open_cin_plans(day_before).len() as f64;
        let mut previous_end = day_before;
        for year in years {
            let ends = quarter_ends(
                self.year_bounds(year.start_year).0,
                self.year_bounds(year.start_year).1,
            );
            for (q, end) in ends.iter().copied().enumerate() {
                let step = (q + 1) as f64 / ends.len() as f64;
                let plans = plans_before + (year.cpp_open_at_end as f64 - plans_before) * step;
                let cin = cin_before + (year.cin_plan_children_at_end as f64 - cin_before) * step;
                self.settle_plan_count(end, plans.round() as usize);
                self.settle_cin_count(previous_end, end, cin.round() as usize);
                previous_end = end;
            }
            let end = self.year_bounds(year.start_year).1;
            self.settle_neglect(end, year.cpp_neglect_at_end);
            self.settle_cin_plans(year);
            plans_before = year.cpp_open_at_end as f64;
            cin_before = year.cin_plan_children_at_end as f64;
        }
    }

    fn open_plans(&self, day: NaiveDate) -> Vec<usize> {
        (0..self.world.plans.len())
            .filter(|i| {
                let p = &self.world.plans[*i];
                p.start <= day && p.end.is_none_or(|e| e > day)
            })
            .collect()
    }

    fn open_cin_plans(&self, day: NaiveDate) -> Vec<usize> {
        (0..self.world.episodes.len())
            .filter(|i| {
                let e = &self.world.episodes[*i];
                e.status == Status::CinPlan && e.start <= day && e.closure.is_none_or(|c| c > day)
            })
            .collect()
    }

    /// Exactly `target` plans open at `end`: plans are ended early, or kept open longer,
    /// within the 60 days before it.
    fn settle_plan_count(&mut self, end: NaiveDate, target: usize) {
        let open = self.open_plans(end);
        let last_day = self.world.last_day;
        settle_open_count(
            &mut self.rng,
            &mut self.world.plans,
            &open,
            (target, end, last_day),
            200,
            |_| true,
        );
    }

    /// Exactly the target share of the plans open at `end` are for neglect.
    fn settle_neglect(&mut self, end: NaiveDate, share: f64) {
        let open = self.open_plans(end);
        let neglect: BTreeSet<usize> = self
            .rng
            .choose(open.len(), share_of(share, open.len()))
            .into_iter()
            .map(|k| open[k])
            .collect();
        for i in open {
            let latest = if neglect.contains(&i) {
                0
            } else {
                1 + self.rng.weighted(&[10.0, 6.0, 25.0, 4.0])
            };
            self.world.plans[i].latest = latest;
        }
    }

    /// Exactly `target` CIN-plan episodes open at `end`: episodes are closed early, kept open
    /// longer within the 60 days before it, or opened after `since`.
    fn settle_cin_count(&mut self, since: NaiveDate, end: NaiveDate, target: usize) {
        let open = self.open_cin_plans(end);
        let last_day = self.world.last_day;
        let missing = settle_open_count(
            &mut self.rng,
            &mut self.world.episodes,
            &open,
            (target, end, last_day),
            300,
            |e| e.status == Status::CinPlan,
        );
        for _ in 0..missing {
            let start = self.day_in(plus_days(since, 1), plus_days(end, -30), 0.0);
            let child = self.new_child(start);
            let closure = self.cin_closure(start, plus_days(end, 1));
            let plan_after = self.rng.between(10, 40);
            self.add_cin_episode(child, start, closure, plus_days(start, plan_after));
        }
    }

    /// Exactly the target shares of the CIN-plan children at the year's end with a plan in
    /// place, and with an up-to-date plan. Only episodes that started this year, or reviews in
    /// the last three months, are changed.
    fn settle_cin_plans(&mut self, year: &YearTargets) {
        let (from, end) = self.year_bounds(year.start_year);
        let open = self.open_cin_plans(end);
        // Plans in place: adjust only episodes that started this year.
        let has_plan = |e: &Episode| e.plan_start.is_some_and(|p| p <= end);
        let with_plan = open
            .iter()
            .filter(|i| has_plan(&self.world.episodes[**i]))
            .count();
        let wanted = share_of(year.cin_with_plan, open.len());
        let recent: Vec<usize> = open
            .iter()
            .copied()
            .filter(|i| self.world.episodes[*i].start >= from)
            .collect();
        if with_plan > wanted {
            let pool: Vec<usize> = recent
                .iter()
                .copied()
                .filter(|i| has_plan(&self.world.episodes[*i]))
                .collect();
            for k in self.rng.choose(pool.len(), with_plan - wanted) {
                let e = &mut self.world.episodes[pool[k]];
                e.plan_start = None;
                e.reviews.clear();
            }
        } else if with_plan < wanted {
            let pool: Vec<usize> = recent
                .iter()
                .copied()
                .filter(|i| !has_plan(&self.world.episodes[*i]))
                .collect();
            for k in self.rng.choose(pool.len(), wanted - with_plan) {
                let i = pool[k];
                let start = self.world.episodes[i].start;
                let day = plus_days(end, -self.rng.between(5, 60)).max(start);
                let e = &mut self.world.episodes[i];
                e.plan_start = Some(day);
                e.reviews.retain(|r| *r > day);
            }
        }
        // Up to date: the later of plan start and latest review within 3 months of the end.
        let window = months_before(end, 3);
        let latest = |e: &Episode| {
            let review = e.reviews.iter().filter(|r| **r <= end).max().copied();
            e.plan_start.max(review)
        };
        let planned: Vec<usize> = open
            .iter()
            .copied()
            .filter(|i| has_plan(&self.world.episodes[*i]))
            .collect();
        let current = |e: &Episode| latest(e).is_some_and(|d| d >= window);
        let now = planned
            .iter()
            .filter(|i| current(&self.world.episodes[**i]))
            .count();
        let wanted = share_of(year.cin_plan_current, planned.len());
        if now > wanted {
            let pool: Vec<usize> = planned
                .iter()
                .copied()
                .filter(|i| {
                    current(&self.world.episodes[*i])
                        && self.world.episodes[*i]
                            .plan_start
                            .is_some_and(|p| p < window)
                })
                .collect();
            for k in self.rng.choose(pool.len(), now - wanted) {
                self.world.episodes[pool[k]]
                    .reviews
                    .retain(|r| *r < window || *r > end);
            }
        } else if now < wanted {
            let pool: Vec<usize> = planned
                .iter()
                .copied()
                .filter(|i| !current(&self.world.episodes[*i]))
                .collect();
            for k in self.rng.choose(pool.len(), wanted - now) {
                let i = pool[k];
                let day = plus_days(end, -self.rng.between(1, 80));
                let e = &mut self.world.episodes[i];
                let day = day.max(e.plan_start.unwrap_or(day));
                e.reviews.push(day);
                e.reviews.sort();
            }
        }
    }

    /// Categories, visits, reviews and the CIN episodes of plans, once ends are settled.
    fn plan_details(&mut self) {
        for i in 0..self.world.plans.len() {
            let (start, end) = (self.world.plans[i].start, self.world.plans[i].end);
            let until = end.unwrap_or(self.world.last_day).min(self.world.last_day);
            let mut visits = Vec::new();
            let mut day = start;
            loop {
                let gap = if self.rng.chance(0.06) {
                    self.rng.between(11, 16)
                } else {
                    self.rng.between(4, 9)
                };
                day = self.add_wd(day, gap as u32);
                if day > until {
                    break;
                }
                visits.push(day);
            }
            let mut reviews = Vec::new();
            let first_review = self.rng.between(40, 62) as u32;
            let mut review = self.add_wd(start, first_review);
            while review <= until {
                reviews.push(review);
                let gap = if self.rng.chance(0.12) {
                    self.rng.between(129, 150)
                } else {
                    self.rng.between(105, 127)
                };
                review = self.add_wd(review, gap as u32);
            }
            let plan = &mut self.world.plans[i];
            plan.visits = visits;
            plan.reviews = reviews;
            if plan.latest == 0 && plan.end.is_some() && self.rng.chance(0.5) {
                plan.latest = 1 + self.rng.weighted(&[10.0, 6.0, 25.0, 4.0]);
            }
            plan.initial = if self.rng.chance(0.88) {
                plan.latest
            } else {
                self.rng.weighted(&[50.0, 10.0, 6.0, 25.0, 4.0])
            };
            let (child, team, worker) = (plan.child, plan.team, plan.worker);
            self.world.episodes.push(Episode {
                child,
                start,
                closure: end,
                status: Status::ChildProtection,
                plan_start: None,
                reviews: Vec::new(),
                need: 0,
                team,
                worker,
            });
        }
    }
}

/// The first 60% of `items`, or more when `needed` is larger.
fn early_part(items: &[usize], needed: usize) -> Vec<usize> {
    let take = (items.len() * 6 / 10).max(needed).min(items.len());
    items[..take].to_vec()
}

/// The chance an assessment started on `date` is within 45 days: the year's target shaped by
/// quarter.
fn quarter_share(year: &YearTargets, date: NaiveDate) -> f64 {
    let quarter = ((date.month() + 8) % 12 / 3) as usize;
    let mean: f64 = year.assessment_45wd_by_quarter.iter().sum::<f64>() / 4.0;
    (year.assessment_45wd * year.assessment_45wd_by_quarter[quarter.min(3)] / mean)
        .clamp(0.05, 0.99)
}

/// The last day of each quarter of the generated years.
pub fn quarter_ends(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut end = plus_days(months_after(first, 3), -1);
    while end <= last {
        ends.push(end);
        end = plus_days(months_after(plus_days(end, 1), 3), -1);
    }
    ends
}

/// The children whose every CP plan has ended before a date that only moves forward, kept
/// so that drawing one costs a logarithm, not a pass over every plan (which made generating
/// many years at national scale quadratic).
struct EndedPlans {
    /// Each child's latest plan end; `None` while one of its plans is open.
    last_end: HashMap<usize, Option<NaiveDate>>,
    /// Children by the end of their last plan, soonest first, until that end is passed (an
    /// entry is stale when the child has had a plan since).
    waiting: BinaryHeap<Reverse<(NaiveDate, usize)>>,
    /// Whether each child is among the ended, and a Fenwick tree counting them by child
    /// number, to find the n-th in child order.
    member: Vec<bool>,
    tree: Vec<u32>,
}

impl EndedPlans {
    fn new(plans: &[Plan], children: usize) -> EndedPlans {
        let mut ended = EndedPlans {
            last_end: HashMap::new(),
            waiting: BinaryHeap::new(),
            member: vec![false; children],
            tree: vec![0; children + 1],
        };
        for plan in plans {
            ended.record(plan.child, plan.end);
        }
        ended
    }

    /// A new plan of `child`, ending at `end` (`None`: still open).
    fn record(&mut self, child: usize, end: Option<NaiveDate>) {
        let last = match (self.last_end.get(&child), end) {
            (Some(None), _) | (_, None) => None,
            (Some(Some(before)), Some(end)) => Some(end.max(*before)),
            (None, Some(end)) => Some(end),
        };
        self.last_end.insert(child, last);
        if self.member.get(child).copied().unwrap_or(false) {
            self.toggle(child);
        }
        if let Some(end) = last {
            self.waiting.push(Reverse((end, child)));
        }
    }

    /// How many children have had every plan end before `date`.
    fn ended_before(&mut self, date: NaiveDate) -> usize {
        while let Some(Reverse((end, child))) = self.waiting.peek().copied() {
            if end >= date {
                break;
            }
            self.waiting.pop();
            let current = self.last_end.get(&child) == Some(&Some(end));
            if current && !self.member.get(child).copied().unwrap_or(false) {
                self.toggle(child);
            }
        }
        self.count(self.member.len())
    }

    /// The `n`-th (from 0) of the ended children in child order.
    fn nth(&self, n: usize) -> usize {
        let (mut position, mut remaining) = (0, n as u32 + 1);
        let mut step = self.tree.len().next_power_of_two();
        while step > 0 {
            let next = position + step;
            if next < self.tree.len() && self.tree[next] < remaining {
                position = next;
                remaining -= self.tree[next];
            }
            step /= 2;
        }
        position
    }

    /// Adds or removes `child`.
    fn toggle(&mut self, child: usize) {
        if child >= self.member.len() {
            self.grow(child + 1);
        }
        self.member[child] = !self.member[child];
        let mut i = child + 1;
        while i < self.tree.len() {
            if self.member[child] {
                self.tree[i] += 1;
            } else {
                self.tree[i] -= 1;
            }
            i += i & i.wrapping_neg();
        }
    }

    /// How many of the children numbered below `end` are members.
    fn count(&self, end: usize) -> usize {
        let (mut i, mut total) = (end, 0);
        while i > 0 {
            total += self.tree[i] as usize;
            i -= i & i.wrapping_neg();
        }
        total
    }

    fn grow(&mut self, children: usize) {
        let members: Vec<usize> = (0..self.member.len()).filter(|c| self.member[*c]).collect();
        self.member = vec![false; children];
        self.tree = vec![0; children + 1];
        for child in members {
            self.toggle(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, literally: children with a plan, none of them open or ending on or
    /// after `date`, in child order.
    fn naive(plans: &[(usize, Option<NaiveDate>)], date: NaiveDate) -> Vec<usize> {
        let open: BTreeSet<usize> = plans
            .iter()
            .filter(|(_, end)| end.is_none_or(|e| e >= date))
            .map(|(c, _)| *c)
            .collect();
        let ended: BTreeSet<usize> = plans
            .iter()
            .filter(|(c, end)| end.is_some() && !open.contains(c))
            .map(|(c, _)| *c)
            .collect();
        ended.into_iter().collect()
    }

    #[test]
    fn ended_plans_match_a_scan_of_every_plan() {
        let day = |n: i64| plus_days(NaiveDate::from_ymd_opt(2010, 1, 1).unwrap(), n);
        let mut rng = Random::new(7);
        let mut plans: Vec<(usize, Option<NaiveDate>)> = (0..40)
            .map(|_| {
                let end = rng.chance(0.8).then(|| day(rng.between(0, 300)));
                (rng.between(0, 29) as usize, end)
            })
            .collect();
        let mut ended = EndedPlans::new(&[], 20);
        for (child, end) in &plans {
            ended.record(*child, *end);
        }
        for step in 0..60 {
            let date = day(step * 10);
            let expected = naive(&plans, date);
            assert_eq!(ended.ended_before(date), expected.len(), "day {step}");
            let found: Vec<usize> = (0..expected.len()).map(|n| ended.nth(n)).collect();
            assert_eq!(found, expected, "day {step}");
            let child = rng.between(0, 34) as usize;
            let end = rng
                .chance(0.7)
                .then(|| day(step * 10 + rng.between(0, 200)));
            plans.push((child, end));
            ended.record(child, end);
        }
    }
}
