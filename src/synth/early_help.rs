//! Early help (List 2): families' early help assessments, a record per child, with the lead
//! organisation, and how each ended.
//!
//! Drawn after Lists 1–11, from a random stream of its own, so those lists are the same with or
//! without these. Exact by construction for each year: the children and families starting
//! early help, the families open at 31 March, those of them stepped down from social care (a
//! child's children in need episode closed in the 30 days before the start), and the shares
//! of the families open then led by schools, children's centres and health. Families open at
//! one 31 March end during the next year; the last year's stay open. Children of families not
//! stepped down are new children, with no social care history that could link them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::generate::{new_child, plus_days, share_of, ymd, EarlyHelp, World};
use super::profile::{EarlyHelpTargets, YearTargets};
use super::rng::Random;
use crate::model::codes::STEP_UP;

/// Lead organisations by group, as `lscb.toml`'s `[early_help.organisations]` groups them;
/// the last groups' names are shown as written.
pub const ORGANISATIONS: [(&str, &[&str]); 7] = [
    (
        "Schools",
        &[
            "Northfield Primary School",
            "Riverside Academy",
            "Oakwood High School",
            "Meadow Junior School",
            "Hillside Community School",
            "St Anne's Primary School",
            "Greenway Academy",
            "Valley Infant School",
        ],
    ),
    (
        "Children's centres",
        &[
            "Northfield Children's Centre",
            "Riverside Children's Centre",
            "Valley Children's Centre",
        ],
    ),
    (
        "Health",
        &["Health Visiting Team", "School Nursing Service"],
    ),
    ("Early help locality team", &["Early Help Locality Team"]),
    ("Youth service", &["Youth Service"]),
    ("Family support", &["Family Support Service"]),
    ("Voluntary sector", &["Voluntary and Community Sector"]),
];
/// The `[early_help.organisations]` table of the sample's `lscb.toml`: the groups of more
/// than one name.
pub fn organisation_groups() -> String {
    let mut table = String::from(
        "\n# Lead organisations of early help, grouped for `--by organisation`.\n[early_help.organisations]\n",
    );
    for (group, names) in ORGANISATIONS.iter().filter(|(_, names)| names.len() > 1) {
        let names: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        table.push_str(&format!("{group:?} = [{}]\n", names.join(", ")));
    }
    table
}

/// Weights of the groups after schools, centres and health, for families open at 31 March.
const OTHER_WEIGHTS: [f64; 4] = [45.0, 15.0, 25.0, 15.0];
/// Weights of every group for families whose early help ended in the year.
const ALL_WEIGHTS: [f64; 7] = [50.0, 17.0, 5.0, 12.0, 4.0, 8.0, 4.0];
/// The share of the families whose early help ended in the year that were stepped up to
/// social care, a child of theirs referred within 30 days of the end.
const STEPPED_UP: f64 = 0.2;
/// How ended early help ended, with weights (step-ups only for families stepped up in the
/// year, or ended the year after).
const END_REASONS: [(&str, f64); 5] = [
    ("Needs met", 60.0),
    ("Step down to universal services", 14.0),
    (STEP_UP, 10.0),
    ("Family declined or disengaged", 11.0),
    ("Moved out of area", 5.0),
];

/// Draws List 2 for the years of `targets` (scaled, oldest first) into `world`; new
/// children's identifiers start with the LA code `la`, as the others' do.
pub fn generate(world: &mut World, targets: &[YearTargets], (seed, la): (u64, &str)) {
    let mut g = EarlyHelpGenerator {
        rng: Random::new(seed ^ 0x6C73_6362_6568_6C70),
        la: la.to_string(),
        families: 0,
        used: vec![false; world.children.len()],
    };
    let mut still_open: Vec<usize> = Vec::new();
    for year in targets {
        let first = ymd(year.start_year, 4, 1);
        let last = ymd(year.start_year + 1, 3, 31);
        g.end_during(world, &still_open, first, last);
        still_open = g.year(world, &year.early_help, first, last);
    }
}

struct EarlyHelpGenerator {
    rng: Random,
    la: String,
    /// Families drawn so far, for their identifiers.
    families: usize,
    /// Children already in early help, so none is drawn twice.
    used: Vec<bool>,
}

/// A family's assessment before its children are drawn.
struct Family {
    start: NaiveDate,
    open: bool,
    /// The child whose CIN episode closed before the start, for a family stepped down.
    stepped_down_from: Option<usize>,
    /// For a family stepped up, the child referred to social care after its early help and
    /// the end: the first child of the family.
    stepped_up: Option<(usize, NaiveDate)>,
    organisation: usize,
}

/// Each child's earliest of `events` (date, child), in date order: a child is drawn into one
/// family at most.
fn first_of_each_child(mut events: Vec<(NaiveDate, usize)>) -> Vec<(NaiveDate, usize)> {
    events.sort_unstable();
    let mut seen = HashSet::new();
    events.retain(|(_, child)| seen.insert(*child));
    events
}

impl EarlyHelpGenerator {
    /// Ends the records `open` (of families open at the last 31 March) between `first` and
    /// the day before `last`, so none is open at this year's end; a family's children end
    /// together, for one reason.
    fn end_during(&mut self, world: &mut World, open: &[usize], first: NaiveDate, last: NaiveDate) {
        let mut ended: HashMap<String, (NaiveDate, &'static str)> = HashMap::new();
        for &i in open {
            let record = &world.early_help[i];
            let latest = plus_days(record.start, 540).min(plus_days(last, -1));
            let days = (latest - first).num_days().max(0);
            let (end, reason) = match ended.get(&record.family) {
                Some(done) => *done,
                None => {
                    let done = (
                        plus_days(first, self.rng.between(0, days)),
                        self.rng.pick(&END_REASONS),
                    );
                    ended.insert(record.family.clone(), done);
                    done
                }
            };
            let record = &mut world.early_help[i];
            record.end = Some(end);
            record.end_reason = reason;
        }
    }

    /// One year's families and children; returns the records open at its end.
    fn year(
        &mut self,
        world: &mut World,
        t: &EarlyHelpTargets,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Vec<usize> {
        let families = t.families_started as usize;
        let open = (t.families_open_at_end as usize).min(families);
        let stepped_down = (t.stepped_down_at_end as usize).min(open);
        let days = (last - first).num_days();
        let mut starts: Vec<NaiveDate> = (0..families)
            .map(|_| plus_days(first, self.rng.between(0, days)))
            .collect();
        starts.sort_unstable();
        // The latest starters are the ones still open at 31 March.
        let mut drawn: Vec<Family> = starts
            .iter()
            .enumerate()
            .map(|(i, start)| Family {
                start: *start,
                open: i >= families - open,
                stepped_down_from: None,
                stepped_up: None,
                organisation: 0,
            })
            .collect();
        let open_families: Vec<usize> = (families - open..families).collect();
        self.step_down(world, &mut drawn, &open_families, stepped_down, first, last);
        let ended: Vec<usize> = (0..families - open).collect();
        self.step_up(world, &mut drawn, &ended, first, last);
        self.lead(&mut drawn, &open_families, t);
        let sizes = self.sizes(families, t.children_started as usize);
        let mut open_records = Vec::new();
        for (family, size) in drawn.iter().zip(sizes) {
            self.families += 1;
            let id = format!("FAM{}{:06}", self.la, self.families);
            let (end, end_reason) = match (family.open, family.stepped_up) {
                (true, _) => (None, ""),
                // A step-up's reason is sometimes left blank: the referral says it.
                (false, Some((_, end))) => {
                    (Some(end), [STEP_UP, ""][usize::from(self.rng.chance(0.25))])
                }
                (false, None) => {
                    let latest = (last - family.start).num_days();
                    let end = plus_days(family.start, self.rng.between(latest.min(42), latest));
                    let weights =
                        END_REASONS.map(|(reason, w)| if reason == STEP_UP { 0.0 } else { w });
                    (Some(end), END_REASONS[self.rng.weighted(&weights)].0)
                }
            };
            let (group, names) = ORGANISATIONS[family.organisation];
            let mut organisation =
                names[self.rng.between(0, names.len() as i64 - 1) as usize].to_string();
            if group != "Schools" && self.rng.chance(0.05) {
                // Systems differ in case; the breakdown groups them all the same.
                organisation = organisation.to_uppercase();
            }
            for n in 0..size {
                let child = match (n, family.stepped_down_from, family.stepped_up) {
                    (0, Some(child), _) | (0, _, Some((child, _))) => child,
                    _ => self.new_child(world, family.start),
                };
                if family.open {
                    open_records.push(world.early_help.len());
                }
                world.early_help.push(EarlyHelp {
                    child,
                    id: format!("EH{}{:07}", self.la, world.early_help.len() + 1),
                    family: id.clone(),
                    start: family.start,
                    end,
                    organisation: organisation.clone(),
                    end_reason,
                });
            }
        }
        open_records
    }

    /// Moves `n` of the open families' starts to within 30 days after the closure of a
    /// different child's CIN episode closed in the year, that child joining the family.
    fn step_down(
        &mut self,
        world: &World,
        drawn: &mut [Family],
        open: &[usize],
        n: usize,
        first: NaiveDate,
        last: NaiveDate,
    ) {
        let closures: Vec<(NaiveDate, usize)> = world
            .episodes
            .iter()
            .filter_map(|e| e.closure.map(|c| (c, e.child)))
            .filter(|(c, child)| *c >= first && *c <= last && !self.used[*child])
            .collect();
        let closures = first_of_each_child(closures);
        let chosen = self.rng.choose(closures.len(), n);
        let families = self.rng.choose(open.len(), chosen.len());
        for (c, f) in chosen.into_iter().zip(families) {
            let (closed, child) = closures[c];
            let room = (last - closed).num_days().min(30);
            let family = &mut drawn[open[f]];
            family.start = plus_days(closed, self.rng.between(0, room));
            family.stepped_down_from = Some(child);
            self.used[child] = true;
        }
    }

    /// Makes a share ([`STEPPED_UP`]) of the `ended` families ones whose early help ended in
    /// the 30 days before a referral of a child not yet in early help, that child joining the
    /// family: the referral's date less up to 30 days is the end, the start up to 300 days
    /// before it (within the year).
    fn step_up(
        &mut self,
        world: &World,
        drawn: &mut [Family],
        ended: &[usize],
        first: NaiveDate,
        last: NaiveDate,
    ) {
        let earliest = plus_days(first, 72);
        let referrals: Vec<(NaiveDate, usize)> = world
            .referrals
            .iter()
            .map(|r| (r.date, r.child))
            .filter(|(date, child)| *date >= earliest && *date <= last && !self.used[*child])
            .collect();
        let referrals = first_of_each_child(referrals);
        let n = share_of(STEPPED_UP, ended.len());
        let chosen = self.rng.choose(referrals.len(), n);
        let families = self.rng.choose(ended.len(), chosen.len());
        for (r, f) in chosen.into_iter().zip(families) {
            let (referred, child) = referrals[r];
            let end = plus_days(referred, -self.rng.between(0, 30));
            let room = (end - first).num_days().min(300);
            let family = &mut drawn[ended[f]];
            family.start = plus_days(end, -self.rng.between(room.min(42), room));
            family.stepped_up = Some((child, end));
            self.used[child] = true;
        }
    }

    /// Gives each family its lead organisation's group: exactly the target shares of the
    /// open families for schools, centres and health, the rest by weight.
    fn lead(&mut self, drawn: &mut [Family], open: &[usize], t: &EarlyHelpTargets) {
        let n = open.len();
        let schools = share_of(t.led_by_schools, n);
        let centres = share_of(t.led_by_centres, n);
        let health = share_of(t.led_by_health, n);
        let mut order: Vec<usize> = open.to_vec();
        self.rng.shuffle(&mut order);
        for (rank, &f) in order.iter().enumerate() {
            drawn[f].organisation = if rank < schools {
                0
            } else if rank < schools + centres {
                1
            } else if rank < schools + centres + health {
                2
            } else {
                3 + self.rng.weighted(&OTHER_WEIGHTS)
            };
        }
        for family in drawn.iter_mut().filter(|f| !f.open) {
            family.organisation = self.rng.weighted(&ALL_WEIGHTS);
        }
    }

    /// The number of children in each of `families` families, `children` in all: one each,
    /// and the rest one at a time to families of fewer than five.
    fn sizes(&mut self, families: usize, children: usize) -> Vec<usize> {
        let mut sizes = vec![1; families];
        let mut extra = children.saturating_sub(families).min(4 * families);
        while extra > 0 && families > 0 {
            let f = self.rng.between(0, families as i64 - 1) as usize;
            if sizes[f] < 5 {
                sizes[f] += 1;
                extra -= 1;
            }
        }
        sizes
    }

    fn new_child(&mut self, world: &mut World, date: NaiveDate) -> usize {
        const AGES: [i64; 9] = [0, 1, 2, 4, 6, 8, 10, 12, 14];
        let index = new_child(
            world,
            &mut self.rng,
            &self.la,
            (date, &AGES),
            &[51.0, 48.0, 1.0, 0.0],
            0.05,
        );
        self.used.push(true);
        index
    }
}
