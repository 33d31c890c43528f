//! Children looked after, care leavers, adoption and adopters (Lists 8–11): periods of care
//! with their placements, reviews, visits and health checks; young people who have left care;
//! the adoption of children who leave care by adoption, and the households who adopt them.
//!
//! Drawn after Lists 1–7, from a random stream of its own, so those lists are the same with
//! or without these. The stock of children looked after is the one the CIN list already holds
//! (its looked-after episodes); every other child starting to be looked after is, while there
//! are enough, a child whose child protection plan ended in the month before.
//!
//! Exact by construction, as the rest of the generator is: each year ends with its stock of
//! children looked after, its starts and adoptions; the care leavers aged 19–21 at the last
//! 31 March, with exactly the shares in suitable accommodation and in education, employment or
//! training; exactly the share of children looked after then with a missing episode in the
//! year; and, where the profile gives it, exactly the share with reviews in timescale at
//! 31 December.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::generate::{
    new_child, plus_days, ymd, Adopter, AdoptionCase, Care, CarePeriod, Leaver, Status, World,
};
use super::profile::YearTargets;
use super::rng::Random;
use crate::dates::period::{months_after, months_before};
use crate::dates::workdays::Calendar;

/// Legal statuses of children starting to be looked after, and their weights.
const STARTING_LEGAL: [(&str, f64); 5] = [
    ("V2", 35.0),
    ("C1", 45.0),
    ("L2", 8.0),
    ("J1", 4.0),
    ("E1", 8.0),
];
/// Placement types and providers of a placement, with weights.
const PLACEMENTS: [(&str, &str, f64); 9] = [
    ("U4", "PR1", 30.0),
    ("U6", "PR1", 20.0),
    ("U6", "PR4", 14.0),
    ("U1", "PR1", 6.0),
    ("U3", "PR1", 5.0),
    ("K2", "PR4", 9.0),
    ("P1", "PR0", 6.0),
    ("H5", "PR4", 5.0),
    ("R1", "PR5", 5.0),
];
/// Why a period ceased, for those not adopted, with weights; `E5` and `E6` (independent
/// living) only at 16 or more.
const REASONS: [(&str, f64); 9] = [
    ("E4A", 35.0),
    ("E13", 8.0),
    ("E41", 6.0),
    ("E45", 8.0),
    ("E47", 8.0),
    ("E8", 10.0),
    ("E3", 5.0),
    ("E5", 10.0),
    ("E6", 10.0),
];
const PLAN_WEIGHTS: [f64; 7] = [25.0, 0.0, 10.0, 5.0, 5.0, 45.0, 10.0];
/// Need codes (indexes into List 6's needs) with weights.
const NEED_WEIGHTS: [f64; 9] = [60.0, 5.0, 5.0, 10.0, 10.0, 3.0, 2.0, 5.0, 0.0];
/// Activities in education, employment or training, and not.
const IN_EET: [&str; 6] = ["F1", "P1", "F2", "P2", "F3", "P3"];
const NOT_IN_EET: [&str; 3] = ["G4", "G5", "G6"];
const SUITABLE: [&str; 5] = ["U", "D", "E", "T", "Z"];
const UNSUITABLE: [&str; 4] = ["S", "V", "W", "R"];

/// Draws Lists 8–11 for the years of `targets` (scaled, oldest first) into `world`; new
/// children's identifiers start with the LA code `la`, as the others' do.
pub fn generate(
    world: &mut World,
    targets: &[YearTargets],
    (seed, la): (u64, &str),
    calendar: &Calendar,
) {
    let mut g = CareGenerator {
        rng: Random::new(seed ^ 0x6C73_6362_6361_7265),
        calendar,
        care: Care::default(),
        la: la.to_string(),
    };
    g.stock(world);
    for year in targets {
        g.year(world, year);
    }
    g.details(world);
    for year in targets {
        let end = ymd(year.start_year + 1, 3, 31);
        g.settle_missing(world, end, year.care.missing);
        if let Some(share) = year.care.reviews_timely_december {
            g.settle_reviews(ymd(year.start_year, 12, 31), share);
        }
    }
    if let Some(last) = targets.last() {
        g.leavers(world, last);
    }
    g.adoption(world);
    world.care = g.care;
}

struct CareGenerator<'a> {
    rng: Random,
    calendar: &'a Calendar,
    care: Care,
    la: String,
}

impl CareGenerator<'_> {
    /// The periods open when the data starts: the CIN list's looked-after children.
    fn stock(&mut self, world: &World) {
        let stock: Vec<(usize, NaiveDate)> = world
            .episodes
            .iter()
            .filter(|e| e.status == Status::LookedAfter)
            .map(|e| (e.child, e.start))
            .collect();
        for (child, start) in stock {
            let legal = if self.rng.chance(0.8) { "C2" } else { "V2" };
            self.add_period(child, start, legal);
        }
    }

    fn add_period(&mut self, child: usize, start: NaiveDate, legal: &'static str) {
        let (kind, provider, _) = PLACEMENTS[self.rng.weighted(&PLACEMENTS.map(|p| p.2))];
        let outside = self.rng.chance(0.3);
        let period = CarePeriod {
            child,
            start,
            ceased: None,
            reason: "",
            legal: vec![(start, legal)],
            need: self.rng.weighted(&NEED_WEIGHTS),
            plan: self.rng.weighted(&PLAN_WEIGHTS),
            uasc: self.rng.chance(0.02),
            placements: vec![(start, kind, provider, outside)],
            reviews: Vec::new(),
            visits: Vec::new(),
            health: Vec::new(),
            dental: Vec::new(),
            missing: Vec::new(),
            return_offered: self.rng.chance(0.85),
            return_accepted: self.rng.chance(0.6),
            team: self.rng.between(0, 1) as usize,
            worker: self.rng.between(1, 30) as usize,
        };
        self.care.periods.push(period);
    }

    /// One year's starts and endings, ending with the year's stock.
    fn year(&mut self, world: &mut World, year: &YearTargets) {
        let (first, last) = (ymd(year.start_year, 4, 1), ymd(year.start_year + 1, 3, 31));
        let days = (last - first).num_days();
        let open_at_start = self.open_at(plus_days(first, -1)).len();
        let starts = year.care.starts as usize;
        let ceased = (open_at_start + starts).saturating_sub(year.care.open_at_end as usize);
        // Children whose CP plan ended in the year, oldest plans first: many come into care.
        let in_care: HashSet<usize> = self.care.periods.iter().map(|c| c.child).collect();
        let mut from_plans: Vec<(usize, NaiveDate)> = world
            .plans
            .iter()
            .filter_map(|p| {
                p.end
                    .filter(|e| *e >= first && *e < last)
                    .map(|e| (p.child, e))
            })
            .filter(|(child, _)| !in_care.contains(child))
            .collect();
        from_plans.sort();
        from_plans.dedup_by_key(|(child, _)| *child);
        let mut new_starts = Vec::with_capacity(starts);
        for i in 0..starts {
            let from_plan = (i % 2 == 0).then(|| from_plans.get(i / 2)).flatten();
            let (child, start) = match from_plan {
                Some(&(child, ended)) => (child, plus_days(ended, self.rng.between(1, 30))),
                None => {
                    let start = plus_days(first, self.rng.between(0, days));
                    (self.new_child(world, start), start)
                }
            };
            let start = start.min(last);
            new_starts.push(self.care.periods.len());
            let legal = self.rng.pick(&STARTING_LEGAL);
            self.add_period(child, start, legal);
        }
        // Endings: periods open in the year (not started on its last day), youngest first for
        // the adoptions, each ending after its start.
        let mut open: Vec<usize> = self
            .open_at(plus_days(first, -1))
            .into_iter()
            .chain(
                new_starts
                    .iter()
                    .copied()
                    .filter(|&p| self.care.periods[p].start < last),
            )
            .collect();
        self.rng.shuffle(&mut open);
        let ending: Vec<usize> = open.into_iter().take(ceased).collect();
        // Adopted: the youngest of those who came into care between two and a half years and
        // six months before the year (adoption takes about 18 months from entering care).
        let settled = |p: &usize| {
            let start = self.care.periods[*p].start;
            start <= plus_days(first, -180) && start > plus_days(first, -900)
        };
        let mut by_age: Vec<usize> = ending.iter().copied().filter(settled).collect();
        by_age.sort_by_key(|&p| std::cmp::Reverse(world.children[self.care.periods[p].child].dob));
        by_age.extend(ending.iter().copied().filter(|p| !settled(p)));
        let adopted: HashSet<usize> = by_age
            .into_iter()
            .take(year.care.adoptions as usize)
            .collect();
        for p in ending {
            let from = self.care.periods[p].start.max(first);
            let span = (last - from).num_days().max(1);
            let date = plus_days(from, self.rng.between(1, span)).min(last);
            let age = super::age_on(world.children[self.care.periods[p].child].dob, date);
            let reason = if adopted.contains(&p) {
                if self.rng.chance(0.7) {
                    "E11"
                } else {
                    "E12"
                }
            } else {
                let weights = REASONS.map(|(code, w)| {
                    let independent = matches!(code, "E5" | "E6");
                    if independent && age < 16 {
                        0.0
                    } else {
                        w
                    }
                });
                REASONS[self.rng.weighted(&weights)].0
            };
            let period = &mut self.care.periods[p];
            period.ceased = Some(date);
            period.reason = reason;
            if matches!(reason, "E11" | "E12") {
                period.plan = 1;
            }
        }
    }

    /// The periods open at the end of `date` (started on or before it, not ceased by it).
    fn open_at(&self, date: NaiveDate) -> Vec<usize> {
        self.care
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.start <= date && p.ceased.is_none_or(|c| c > date))
            .map(|(i, _)| i)
            .collect()
    }

    fn new_child(&mut self, world: &mut World, date: NaiveDate) -> usize {
        const AGES: [i64; 9] = [0, 1, 3, 6, 9, 12, 14, 15, 16];
        new_child(
            world,
            &mut self.rng,
            &self.la,
            (date, &AGES),
            &[52.0, 47.0, 1.0, 0.0],
            0.08,
        )
    }

    /// Placement moves, legal status changes, reviews, visits and health checks of every
    /// period, up to its end or the data's.
    fn details(&mut self, world: &World) {
        let last_day = world.last_day;
        for i in 0..self.care.periods.len() {
            let (start, end) = {
                let p = &self.care.periods[i];
                (p.start, p.ceased.unwrap_or(last_day).min(last_day))
            };
            let diligent = self.rng.chance(0.8);
            let settled = self.rng.chance(0.6);
            let first_review = plus_days(start, self.rng.between(7, 18));
            let reviews = self.cadence(first_review, end, |g, n| match (n, diligent) {
                (0, _) => g.rng.between(60, 85),
                (_, true) => g.rng.between(120, 175),
                (_, false) => g.rng.between(170, 300),
            });
            let first_visit = plus_days(start, self.rng.between(1, 6));
            let visits = self.cadence(first_visit, end, |g, _| match diligent {
                true => g.rng.between(14, 40),
                false => g.rng.between(30, 75),
            });
            let first_health = plus_days(start, self.rng.between(10, 28));
            let health = self.cadence(first_health, end, |g, _| match diligent {
                true => g.rng.between(300, 365),
                false => g.rng.between(330, 480),
            });
            let first_dental = plus_days(start, self.rng.between(30, 120));
            let dental = self.cadence(first_dental, end, |g, _| match diligent {
                true => g.rng.between(150, 365),
                false => g.rng.between(300, 520),
            });
            // Settled children stay where they were placed; others move now and then.
            let first_move = match settled {
                true => plus_days(end, 1),
                false => plus_days(start, self.rng.between(30, 400)),
            };
            let moves = self.cadence(first_move, end, |g, _| g.rng.between(60, 500));
            let mut placements = Vec::new();
            for date in moves {
                let (kind, provider, _) = PLACEMENTS[self.rng.weighted(&PLACEMENTS.map(|p| p.2))];
                placements.push((date, kind, provider, self.rng.chance(0.3)));
            }
            let to_full_order = self.rng.between(150, 300);
            let p = &mut self.care.periods[i];
            if p.legal[0].1 == "C1" && (end - start).num_days() > to_full_order {
                p.legal.push((plus_days(start, to_full_order), "C2"));
            }
            p.reviews = reviews;
            p.visits = visits;
            p.health = health;
            p.dental = dental;
            p.placements.extend(placements);
        }
    }

    /// Dates from `first` up to `end`, each the last plus `next(generator, index)` days.
    fn cadence(
        &mut self,
        first: NaiveDate,
        end: NaiveDate,
        mut next: impl FnMut(&mut Self, usize) -> i64,
    ) -> Vec<NaiveDate> {
        let mut dates = Vec::new();
        let mut date = first;
        while date <= end {
            dates.push(date);
            let gap = next(self, dates.len() - 1);
            date = plus_days(date, gap);
        }
        dates
    }

    /// Exactly `share` of the children looked after at `end` have a missing episode in the
    /// year to it; no other child does in that year.
    fn settle_missing(&mut self, world: &World, end: NaiveDate, share: f64) {
        let year_start = months_before(end, 12);
        let open = self.counted_open_at(end);
        let wanted = super::generate::share_of(share, open.len());
        // Older children go missing: the oldest half are the candidates.
        let mut candidates = open.clone();
        candidates.sort_by_key(|&p| world.children[self.care.periods[p].child].dob);
        candidates.truncate((open.len() / 2).max(wanted));
        let chosen: Vec<usize> = self
            .rng
            .choose(candidates.len(), wanted)
            .into_iter()
            .map(|i| candidates[i])
            .collect();
        for period in &mut self.care.periods {
            period.missing.retain(|d| *d <= year_start || *d > end);
        }
        for p in chosen {
            let from = self.care.periods[p].start.max(plus_days(year_start, 1));
            let span = (end - from).num_days().max(0);
            let episodes = self.rng.between(1, 3);
            for _ in 0..episodes {
                let date = plus_days(from, self.rng.between(0, span));
                self.care.periods[p].missing.push(date);
            }
            self.care.periods[p].missing.sort();
        }
    }

    /// The periods open at `date` that count as looked after (not short breaks).
    fn counted_open_at(&self, date: NaiveDate) -> Vec<usize> {
        self.open_at(date)
            .into_iter()
            .filter(|&p| !matches!(self.legal_at(p, date), "V3" | "V4"))
            .collect()
    }

    fn legal_at(&self, p: usize, date: NaiveDate) -> &'static str {
        self.care.periods[p]
            .legal
            .iter()
            .rfind(|(from, _)| *from <= date)
            .map_or("", |(_, code)| code)
    }

    /// Whether the period's statutory review is in timescale at `date` (SPEC §8.2).
    fn review_in_timescale(&self, p: usize, date: NaiveDate) -> bool {
        let period = &self.care.periods[p];
        let wd = |a: NaiveDate, b: NaiveDate| self.calendar.wd(a, b).unwrap_or(i64::MAX);
        match period.reviews.iter().rfind(|r| **r <= date) {
            None => wd(period.start, date) <= 20,
            Some(&review) if wd(period.start, review) <= 20 => date <= months_after(review, 3),
            Some(&review) => date <= months_after(review, 6),
        }
    }

    /// Exactly `share` of the children looked after at `date` have their review in
    /// timescale: overdue ones are brought up to date with a review in the two months before,
    /// or up-to-date ones made overdue by moving their reviews of the last seven months on
    /// to after `date`.
    fn settle_reviews(&mut self, date: NaiveDate, share: f64) {
        let open = self.counted_open_at(date);
        let wanted = super::generate::share_of(share, open.len());
        let long_enough = |g: &Self, p: usize| g.care.periods[p].start < months_before(date, 8);
        let timely: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&p| self.review_in_timescale(p, date))
            .collect();
        if timely.len() > wanted {
            let excess = timely.len() - wanted;
            let movable: Vec<usize> = timely
                .into_iter()
                .filter(|&p| long_enough(self, p))
                .collect();
            let needed = excess.min(movable.len());
            let window = months_before(date, 7);
            for i in self.rng.choose(movable.len(), needed) {
                let delay = self.rng.between(5, 40);
                let period = &mut self.care.periods[movable[i]];
                for review in period.reviews.iter_mut() {
                    if *review > window && *review <= date {
                        *review = plus_days(date, delay);
                    }
                }
                period.reviews.sort();
                period.reviews.dedup();
            }
        } else if timely.len() < wanted {
            let overdue: Vec<usize> = open
                .iter()
                .copied()
                .filter(|&p| !self.review_in_timescale(p, date) && long_enough(self, p))
                .collect();
            for i in self.rng.choose(overdue.len(), wanted - timely.len()) {
                let review = plus_days(date, -self.rng.between(1, 60));
                let period = &mut self.care.periods[overdue[i]];
                period.reviews.push(review);
                period.reviews.sort();
            }
        }
    }

    /// Care leavers: exactly `care_leavers` aged 19–21 at the year's end, with exactly the
    /// shares suitably accommodated and in education, employment or training, and younger
    /// (17–18) and older (22–25) ones beside them.
    fn leavers(&mut self, world: &mut World, year: &YearTargets) {
        let end = ymd(year.start_year + 1, 3, 31);
        let n = year.care.care_leavers as usize;
        let suitable = super::generate::share_of(year.care.care_leavers_suitable, n);
        let eet = super::generate::share_of(year.care.care_leavers_eet, n);
        let suitable: HashSet<usize> = self.rng.choose(n, suitable).into_iter().collect();
        let eet: HashSet<usize> = self.rng.choose(n, eet).into_iter().collect();
        let groups = [(19, 21, n), (17, 18, n * 45 / 100), (22, 25, n / 4)];
        for (group, (youngest, oldest, count)) in groups.into_iter().enumerate() {
            for i in 0..count {
                let age = self.rng.between(youngest, oldest);
                let birthday = ymd(end.year() - age as i32, end.month(), end.day());
                let dob = plus_days(birthday, -self.rng.between(0, 364));
                let child = self.new_child(world, dob);
                world.children[child].dob = dob;
                let (is_suitable, in_eet) = match group {
                    0 => (suitable.contains(&i), eet.contains(&i)),
                    _ => (self.rng.chance(0.88), self.rng.chance(0.55)),
                };
                let accommodation = if is_suitable {
                    SUITABLE[self.rng.between(0, 4) as usize]
                } else {
                    UNSUITABLE[self.rng.between(0, 3) as usize]
                };
                let activity = if in_eet {
                    IN_EET[self.rng.between(0, 5) as usize]
                } else {
                    NOT_IN_EET[self.rng.between(0, 2) as usize]
                };
                let in_touch = match self.rng.weighted(&[92.0, 4.0, 2.0, 2.0]) {
                    0 => "a) Yes",
                    1 => "b) No",
                    2 => "d) Refu",
                    _ => "e) NREQ",
                };
                self.care.leavers.push(Leaver {
                    child,
                    in_touch,
                    accommodation,
                    suitable: is_suitable,
                    activity,
                    worker: self.rng.between(1, 8) as usize,
                    pathway_every: self.rng.between(20, 200),
                });
            }
        }
    }

    /// The adoption of each child who left care by adoption, children in the process, a few
    /// decisions reversed, and the households who adopt, wait or leave the process.
    fn adoption(&mut self, world: &World) {
        let last_day = world.last_day;
        let adopted: Vec<usize> = (0..self.care.periods.len())
            .filter(|&p| matches!(self.care.periods[p].reason, "E11" | "E12"))
            .collect();
        for p in adopted {
            let (child, start, order) = {
                let period = &self.care.periods[p];
                (
                    period.child,
                    period.start,
                    period.ceased.unwrap_or(last_day),
                )
            };
            // Back from the order, then forward from the start, so the dates keep their order.
            let placed = plus_days(order, -self.rng.between(80, 250));
            let matched = plus_days(placed, -self.rng.between(7, 40));
            let placement_order = plus_days(matched, -self.rng.between(60, 200));
            let decision = plus_days(placement_order, -self.rng.between(30, 120));
            let decision = decision.max(plus_days(start, 14)).min(order);
            let placement_order = placement_order.max(plus_days(decision, 7)).min(order);
            let matched = matched.max(plus_days(placement_order, 7)).min(order);
            let placed = placed.max(plus_days(matched, 1)).min(order);
            let ffa = self
                .rng
                .chance(0.15)
                .then(|| plus_days(decision, self.rng.between(1, 10)))
                .filter(|f| *f < placed);
            let approved = plus_days(matched, -self.rng.between(30, 240));
            let family = self.household(approved, Some(matched), Some(placed), Some(order));
            self.care.periods[p].legal.push((placement_order, "E1"));
            self.care.periods[p].legal.sort();
            self.care.adoptions.push(AdoptionCase {
                child,
                family: Some(family),
                entered_care: start,
                decision,
                placement_order: Some(placement_order),
                matched: Some(matched.min(placed)),
                placed: Some(placed),
                order: Some(order),
                reversed: None,
                ffa,
            });
        }
        // Children in the process at the end, and decisions reversed: of the young children
        // looked after then, about one in seven in the process, one in forty reversed.
        let young: Vec<usize> = self
            .open_at(last_day)
            .into_iter()
            .filter(|&p| {
                let period = &self.care.periods[p];
                super::age_on(world.children[period.child].dob, last_day) < 6
                    && period.start < plus_days(last_day, -90)
            })
            .collect();
        for p in young {
            let roll = self.rng.unit();
            if roll > 0.15 {
                continue;
            }
            let (child, start) = (self.care.periods[p].child, self.care.periods[p].start);
            let decision = plus_days(start, self.rng.between(30, 80));
            let reversed = (roll < 0.025).then(|| plus_days(decision, self.rng.between(30, 80)));
            let placement_order = (reversed.is_none() && self.rng.chance(0.6))
                .then(|| plus_days(decision, self.rng.between(20, 60)))
                .filter(|d| *d <= last_day);
            if reversed.is_none() {
                self.care.periods[p].plan = 1;
            }
            self.care.adoptions.push(AdoptionCase {
                child,
                family: None,
                entered_care: start,
                decision: decision.min(last_day),
                placement_order,
                matched: None,
                placed: None,
                order: None,
                reversed: reversed.filter(|d| *d <= last_day),
                ffa: None,
            });
        }
        // Households approved and waiting, and households who left the process.
        let waiting = (self.care.adoptions.len() / 5).max(1);
        for _ in 0..waiting {
            let approved = plus_days(last_day, -self.rng.between(10, 300));
            self.household(approved, None, None, None);
        }
        let leaving = (self.care.adoptions.len() / 10).max(1);
        for _ in 0..leaving {
            let left = plus_days(last_day, -self.rng.between(10, 300));
            let approved = plus_days(left, -self.rng.between(30, 200));
            let start = self.care.adopters.len();
            self.household(approved, None, None, None);
            for adopter in &mut self.care.adopters[start..] {
                adopter.left = Some(left);
            }
        }
    }

    /// A household (one adopter or a couple) approved on `approved`, then matched, placed
    /// with and adopting a child on the dates given. Returns its family identifier.
    fn household(
        &mut self,
        approved: NaiveDate,
        matched: Option<NaiveDate>,
        placed: Option<NaiveDate>,
        order: Option<NaiveDate>,
    ) -> String {
        let number = self.care.adopters.len() + 1;
        let family = format!("F{}{number:05}", self.la);
        let stage1_start = plus_days(approved, -self.rng.between(120, 220));
        let stage1_end = plus_days(stage1_start, self.rng.between(50, 65));
        let stage2_start = plus_days(stage1_end, self.rng.between(0, 10));
        let stage2_end = plus_days(approved, -self.rng.between(3, 20)).max(stage2_start);
        let enquiry = plus_days(stage1_start, -self.rng.between(7, 60));
        let adults = if self.rng.chance(0.7) { 2 } else { 1 };
        for adult in 0..adults {
            self.care.adopters.push(Adopter {
                id: format!("A{}{:05}{adult}", self.la, number),
                family: family.clone(),
                gender: if adults == 2 {
                    adult
                } else {
                    self.rng.between(0, 1) as usize
                },
                ethnicity: if self.rng.chance(0.9) { 0 } else { 3 },
                enquiry,
                stage1: (stage1_start, stage1_end),
                stage2: (stage2_start, stage2_end),
                approved,
                matched,
                placed,
                order,
                left: None,
            });
        }
        family
    }
}
