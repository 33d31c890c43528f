//! The board's registers (SPEC §10) for the sample: `registers/` beside the extracts, with the
//! LADO's allegations, the child death overview panel's cases, attendance at the board's
//! meetings, its training events and its budget, one CSV file each; and `returns/`, four
//! partner agencies' quarterly returns (§11).
//!
//! Drawn from a random stream of their own. Exact by construction for the profile's last year
//! (2014-15 in the default profile), from the annual report: 244 contacts with the LADO and 83
//! meeting the threshold (174 and 63 the year before), the 83 by category and outcome; 29 child
//! death reviews completed, one male and one female with modifiable factors (13 and 14
//! without); 87 multi-agency workshops with 2,358 attendees and 50 early help learning events
//! with 633; contributions to the budget of £198,600, Rotherham Council's £111,370 stated as
//! 55.8%. Other years use the year before's figures. Counts are multiplied by the scale; the
//! board's meetings and budget are not.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, Weekday};

use super::generate::{plus_days, ymd};
use super::rng::Random;
use super::write::{date as day, write_csv};

/// Allegations by category (SPEC §10), in the annual report's order.
const CATEGORIES: [(&str, usize); 8] = [
    ("Emotional", 4),
    ("Historical neglect", 1),
    ("Historical sexual abuse", 9),
    ("Neglect", 13),
    ("Person posing a risk of harm", 25),
    ("Physical", 23),
    ("Physical restraint", 3),
    ("Sexual", 5),
];

const OUTCOMES: [(&str, usize); 4] = [
    ("Substantiated", 28),
    ("Unsubstantiated", 45),
    ("Unfounded", 7),
    ("Malicious", 3),
];

/// Seventeen referring agencies, as the annual report's table lists, with relative weights.
const AGENCIES: [(&str, f64); 17] = [
    ("Education", 22.0),
    ("Police", 14.0),
    ("Children's social care", 12.0),
    ("Health", 8.0),
    ("Ofsted", 3.0),
    ("Parent or carer", 6.0),
    ("Fostering service", 4.0),
    ("Residential care", 3.0),
    ("Early years", 3.0),
    ("Probation", 1.0),
    ("Faith group", 1.0),
    ("Sport and leisure", 1.0),
    ("Voluntary sector", 2.0),
    ("Youth service", 1.0),
    ("Anonymous", 1.0),
    ("Self-referral by employer", 1.0),
    ("Other local authority", 2.0),
];

const SECTORS: [(&str, f64); 8] = [
    ("Education", 40.0),
    ("Foster care", 12.0),
    ("Residential care", 10.0),
    ("Health", 10.0),
    ("Early years", 10.0),
    ("Police", 4.0),
    ("Faith", 4.0),
    ("Voluntary and sport", 10.0),
];

/// The board's member agencies and how likely each is to attend a meeting.
const MEMBERS: [(&str, f64); 14] = [
    (
        "Rotherham Council: children and young people's services",
        1.0,
    ),
    ("South Yorkshire Police", 0.95),
    ("Rotherham Clinical Commissioning Group", 0.9),
    ("The Rotherham NHS Foundation Trust", 0.85),
    ("Rotherham Doncaster and South Humber NHS Trust", 0.75),
    ("National Probation Service", 0.6),
    ("Community Rehabilitation Company", 0.5),
    ("CAFCASS", 0.45),
    ("Public health", 0.8),
    ("Schools: primary", 0.8),
    ("Schools: secondary", 0.7),
    ("Further education", 0.55),
    ("Voluntary and community sector", 0.8),
    ("Lay members", 0.9),
];

/// The board's meetings in a year starting in `start_year`: the third Tuesday of May,
/// September, December and March.
pub fn meetings(start_year: i32) -> [NaiveDate; 4] {
    [
        third_tuesday(start_year, 5),
        third_tuesday(start_year, 9),
        third_tuesday(start_year, 12),
        third_tuesday(start_year + 1, 3),
    ]
}

fn third_tuesday(year: i32, month: u32) -> NaiveDate {
    let first = ymd(year, month, 1);
    let offset = (7 + Weekday::Tue.num_days_from_monday() as i64
        - first.weekday().num_days_from_monday() as i64)
        % 7;
    plus_days(first, offset + 14)
}

/// The `[registers]` table of the sample's `lscb.toml`: the board's meetings.
pub fn registers_config(start_years: &[i32]) -> String {
    let dates: Vec<String> = start_years
        .iter()
        .flat_map(|year| meetings(*year))
        .map(|d| format!("\"{}\"", d.format("%Y-%m-%d")))
        .collect();
    format!(
        "\n# The board's meetings: an attendance at any other date is an error.\n[registers]\nmeetings = [{}]\n",
        dates.join(", ")
    )
}

/// One year's figures to draw.
struct Year {
    start: i32,
    contacts: usize,
    referrals: usize,
    reviews: usize,
    /// Workshops and their attendees, early help events and theirs.
    training: [(usize, usize); 2],
}

/// Writes the registers and returns of the financial years starting in `start_years` (oldest
/// first) into `out/registers` and `out/returns`; returns the rows written.
pub fn write(out: &Path, start_years: &[i32], seed: u64, scale: f64) -> Result<usize> {
    let Some(&last) = start_years.last() else {
        return Ok(0);
    };
    let scaled = |n: usize| ((n as f64) * scale).round().max(1.0) as usize;
    let years: Vec<Year> = start_years
        .iter()
        .map(|&start| {
            let published = start == last;
            Year {
                start,
                contacts: scaled(if published { 244 } else { 174 }),
                referrals: scaled(if published { 83 } else { 63 }),
                reviews: scaled(if published { 29 } else { 27 }),
                training: if published {
                    [(scaled(87), scaled(2_358)), (scaled(50), scaled(633))]
                } else {
                    [(scaled(80), scaled(2_150)), (scaled(40), scaled(520))]
                },
            }
        })
        .collect();
    let as_at = ymd(last + 1, 3, 31);
    let mut random = Random::new(seed ^ 0x5245_4749_5354_4552);
    let folder = out.join(crate::load::discover::REGISTERS);
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let files = [
        ("lado.csv", lado(&years, as_at, &mut random)),
        ("child_deaths.csv", child_deaths(&years, last, &mut random)),
        ("attendance.csv", attendance(&years, &mut random)),
        ("training.csv", training(&years, &mut random)),
        ("budget.csv", budget(&years)),
    ];
    let returns = out.join(crate::load::discover::RETURNS);
    std::fs::create_dir_all(&returns)
        .with_context(|| format!("cannot create {}", returns.display()))?;
    let files = files
        .into_iter()
        .map(|(name, table)| (folder.join(name), table));
    let partners = (
        returns.join("returns.csv"),
        partner_returns(&years, scale, &mut random),
    );
    let mut rows = 0;
    for (path, table) in files.chain([partners]) {
        let Some((headings, records)) = table.split_first() else {
            continue;
        };
        let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
        let records: Vec<Vec<&str>> = records
            .iter()
            .map(|record| record.iter().map(String::as_str).collect())
            .collect();
        write_csv(&path, &headings, &records)?;
        rows += records.len();
    }
    Ok(rows)
}

/// `total` split in proportion to `weights`, largest remainders first: the counts always sum
/// to `total`, and weights that are counts summing to it come back unchanged.
fn allocate(weights: &[f64], total: usize) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w * total as f64 / sum).collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - exact[*a].floor();
        let fb = exact[*b] - exact[*b].floor();
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    let short = total - counts.iter().sum::<usize>();
    for i in order.into_iter().take(short) {
        counts[i] += 1;
    }
    counts
}

/// `counts` of each label, as a shuffled list of labels.
fn shuffled_labels<'a>(labels: &[&'a str], counts: &[usize], random: &mut Random) -> Vec<&'a str> {
    let mut all: Vec<&str> = labels
        .iter()
        .zip(counts)
        .flat_map(|(label, n)| std::iter::repeat_n(*label, *n))
        .collect();
    random.shuffle(&mut all);
    all
}

/// A day of the year starting 1 April `start`, from `first` to `last` days into it.
fn day_of_year(start: i32, first: i64, last: i64, random: &mut Random) -> NaiveDate {
    plus_days(ymd(start, 4, 1), random.between(first, last))
}

fn lado(years: &[Year], as_at: NaiveDate, random: &mut Random) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "Allegation ID",
        "Date of Contact",
        "Referring Agency",
        "Employment Sector",
        "Threshold Met",
        "Category of Allegation",
        "Outcome",
        "Date Concluded",
    ]
    .map(String::from)
    .to_vec()];
    let category_labels: Vec<&str> = CATEGORIES.iter().map(|(l, _)| *l).collect();
    let category_weights: Vec<f64> = CATEGORIES.iter().map(|(_, n)| *n as f64).collect();
    let outcome_labels: Vec<&str> = OUTCOMES.iter().map(|(l, _)| *l).collect();
    let outcome_weights: Vec<f64> = OUTCOMES.iter().map(|(_, n)| *n as f64).collect();
    let mut number = 0;
    for year in years {
        let categories = shuffled_labels(
            &category_labels,
            &allocate(&category_weights, year.referrals),
            random,
        );
        let outcomes = shuffled_labels(
            &outcome_labels,
            &allocate(&outcome_weights, year.referrals),
            random,
        );
        let mut allegations = Vec::new();
        for i in 0..year.contacts {
            let met = i < year.referrals;
            // Investigations start by the end of January, so all are concluded by 31 March.
            let contact = day_of_year(year.start, 0, if met { 304 } else { 364 }, random);
            let (outcome, concluded) = if met {
                let days = match random.weighted(&[0.55, 0.30, 0.14, 0.01]) {
                    0 => random.between(3, 30),
                    1 => random.between(31, 90),
                    2 => random.between(91, 360),
                    _ => random.between(366, 400),
                };
                let ceiling = (as_at - contact).num_days() - random.between(0, 5);
                (
                    outcomes[i],
                    day(plus_days(contact, days.min(ceiling.max(0)))),
                )
            } else {
                ("", String::new())
            };
            let category = if met {
                categories[i]
            } else {
                category_labels[random.weighted(&category_weights)]
            };
            allegations.push((contact, met, category, outcome, concluded));
        }
        allegations.sort_by_key(|a| a.0);
        for (contact, met, category, outcome, concluded) in allegations {
            number += 1;
            rows.push(vec![
                format!("LADO{number:05}"),
                day(contact),
                random.pick(&AGENCIES).to_string(),
                random.pick(&SECTORS).to_string(),
                if met { "Yes" } else { "No" }.to_string(),
                category.to_string(),
                outcome.to_string(),
                concluded,
            ]);
        }
    }
    rows
}

/// Age bands at death with relative weights, their range in days and the categories of death
/// likely in each.
const DEATH_AGES: [(f64, i64, i64, &[&str]); 6] = [
    (38.0, 0, 27, &["8", "7"]),
    (20.0, 28, 364, &["10", "9", "7", "5"]),
    (14.0, 365, 1_825, &["5", "6", "9", "4"]),
    (7.0, 1_826, 3_652, &["4", "6", "3"]),
    (9.0, 3_653, 5_478, &["4", "6", "3", "2"]),
    (12.0, 5_479, 6_573, &["3", "2", "1", "4"]),
];

fn child_deaths(years: &[Year], last: i32, random: &mut Random) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "Case ID",
        "Date of Death",
        "Date of Birth",
        "Gender",
        "Expected or Unexpected",
        "Date Review Completed",
        "Category of Death",
        "Modifiable Factors",
    ]
    .map(String::from)
    .to_vec()];
    let mut cases = Vec::new();
    for year in years {
        // Reviews completed in the year, by gender and modifiable factors: the last year's
        // as published (male 1 with, 13 without; female 1 and 14).
        let published = year.start == last;
        for i in 0..year.reviews {
            let (gender, modifiable) = match (published, year.reviews) {
                (true, 29) => match i {
                    0 => ("Male", "Yes"),
                    1..=13 => ("Male", "No"),
                    14 => ("Female", "Yes"),
                    _ => ("Female", "No"),
                },
                _ => (
                    if random.chance(0.5) { "Male" } else { "Female" },
                    ["Yes", "No", "Insufficient information"][random.weighted(&[0.08, 0.88, 0.04])],
                ),
            };
            let reviewed = day_of_year(year.start, 0, 364, random);
            let death = plus_days(reviewed, -random.between(60, 330));
            cases.push((death, Some(reviewed), gender, Some(modifiable)));
        }
        if published {
            // Deaths of the last months not yet reviewed.
            for _ in 0..((year.reviews as f64) * 0.3).round() as usize {
                let death = day_of_year(year.start, 180, 364, random);
                let gender = if random.chance(0.5) { "Male" } else { "Female" };
                cases.push((death, None, gender, None));
            }
        }
    }
    cases.sort_by_key(|c| (c.0, c.1));
    for (number, (death, reviewed, gender, modifiable)) in cases.into_iter().enumerate() {
        let weights: Vec<f64> = DEATH_AGES.iter().map(|a| a.0).collect();
        let (_, from, to, categories) = DEATH_AGES[random.weighted(&weights)];
        let birth = plus_days(death, -random.between(from, to));
        let expected = if random.chance(0.55) {
            "Expected"
        } else {
            "Unexpected"
        };
        let category = categories[random.between(0, categories.len() as i64 - 1) as usize];
        rows.push(vec![
            format!("CDOP{:04}", number + 1),
            day(death),
            day(birth),
            gender.to_string(),
            expected.to_string(),
            reviewed.map(day).unwrap_or_default(),
            reviewed.map(|_| category.to_string()).unwrap_or_default(),
            modifiable.unwrap_or_default().to_string(),
        ]);
    }
    rows
}

fn attendance(years: &[Year], random: &mut Random) -> Vec<Vec<String>> {
    let mut rows = vec![["Meeting Date", "Agency", "Attendance"]
        .map(String::from)
        .to_vec()];
    for year in years {
        for meeting in meetings(year.start) {
            for (agency, likely) in MEMBERS {
                let attendance = if random.chance(likely) {
                    "Attended"
                } else if random.chance(0.6) {
                    "Apologies"
                } else if random.chance(0.5) {
                    "Not represented"
                } else {
                    // A blank is not represented.
                    ""
                };
                rows.push(vec![
                    day(meeting),
                    agency.to_string(),
                    attendance.to_string(),
                ]);
            }
        }
    }
    rows
}

const WORKSHOPS: [&str; 6] = [
    "Neglect: recognising and responding",
    "Child sexual exploitation",
    "Domestic abuse and children",
    "Working together to safeguard children",
    "Safeguarding disabled children",
    "Learning from serious case reviews",
];

const EARLY_HELP_EVENTS: [&str; 3] = [
    "Early help assessment",
    "Team around the family",
    "Early help: step up and step down",
];

const LEARNER_AGENCIES: [(&str, f64); 8] = [
    ("Schools", 30.0),
    ("Health", 18.0),
    ("Children's social care", 16.0),
    ("Police", 6.0),
    ("Early years", 10.0),
    ("Voluntary sector", 10.0),
    ("Youth service", 5.0),
    ("Probation", 5.0),
];

fn training(years: &[Year], random: &mut Random) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "Event Date",
        "Event Title",
        "Event Type",
        "Attendee Agency",
        "Attendees",
        "Evaluations Returned",
        "Practice Will Improve",
        "Practice Improved At 3 Months",
    ]
    .map(String::from)
    .to_vec()];
    for year in years {
        let kinds = [
            ("Multi-agency workshop", &WORKSHOPS[..]),
            ("Early help learning event", &EARLY_HELP_EVENTS[..]),
        ];
        let mut events = Vec::new();
        let mut held = HashSet::new();
        for ((kind, titles), (count, attendees)) in kinds.into_iter().zip(year.training) {
            let weights: Vec<f64> = (0..count).map(|_| 0.5 + random.unit()).collect();
            let sizes = allocate(&weights, attendees);
            for (i, size) in sizes.into_iter().enumerate() {
                // An event is its date and title: a second run of a title on one day (at a
                // large scale) is numbered, `(2)`, so it stays an event of its own.
                let date = loop {
                    let date = day_of_year(year.start, 0, 364, random);
                    if date.weekday().number_from_monday() <= 5 {
                        break date;
                    }
                };
                let base = titles[i % titles.len()];
                let mut title = base.to_string();
                let mut run = 1;
                while !held.insert((date, title.clone())) {
                    run += 1;
                    title = format!("{base} ({run})");
                }
                events.push((date, title, kind, size));
            }
        }
        events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        for (date, title, kind, size) in events {
            let agencies = random.between(1, 4) as usize;
            let picked = random.choose(LEARNER_AGENCIES.len(), agencies);
            let weights: Vec<f64> = picked.iter().map(|i| LEARNER_AGENCIES[*i].1).collect();
            for (i, n) in picked.iter().zip(allocate(&weights, size)) {
                if n == 0 {
                    continue;
                }
                let returned = ((n as f64) * (0.7 + 0.2 * random.unit())).round() as usize;
                let will = ((returned as f64) * (0.85 + 0.1 * random.unit())).round() as usize;
                let improved = ((returned as f64) * (0.6 + 0.2 * random.unit())).round() as usize;
                rows.push(vec![
                    day(date),
                    title.clone(),
                    kind.to_string(),
                    LEARNER_AGENCIES[*i].0.to_string(),
                    n.to_string(),
                    returned.to_string(),
                    will.to_string(),
                    improved.to_string(),
                ]);
            }
        }
    }
    rows
}

/// Four partner agencies' quarterly returns (SPEC §11) of the built-in measures of family
/// `returned`: a count from the police, and three percentages.
fn partner_returns(years: &[Year], scale: f64, random: &mut Random) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "Agency",
        "Measure",
        "Period",
        "Value",
        "Numerator",
        "Denominator",
    ]
    .map(String::from)
    .to_vec()];
    let scaled = |n: i64| ((n as f64) * scale).round().max(1.0) as i64;
    for year in years {
        let label = crate::dates::period::year_label(year.start);
        for quarter in 1..=4 {
            let period = format!("{label} Q{quarter}");
            let row = |agency: &str, measure: &str, figures: [String; 3]| {
                let mut row = vec![agency.to_string(), measure.to_string(), period.clone()];
                row.extend(figures);
                row
            };
            let notifications = scaled(random.between(120, 160));
            rows.push(row(
                "South Yorkshire Police",
                "police_da_notifications",
                [notifications.to_string(), String::new(), String::new()],
            ));
            for (agency, measure, due, share) in [
                (
                    "The Rotherham NHS Foundation Trust",
                    "health_cla_assessments_on_time",
                    (18, 30),
                    (0.7, 0.95),
                ),
                (
                    "Education",
                    "school_safeguarding_audits",
                    (118, 118),
                    (0.8, 1.0),
                ),
                (
                    "National Probation Service",
                    "probation_risk_checks",
                    (30, 50),
                    (0.8, 0.97),
                ),
            ] {
                let denominator = scaled(random.between(due.0, due.1));
                let rate = share.0 + (share.1 - share.0) * random.unit();
                let numerator = ((denominator as f64) * rate).round() as i64;
                rows.push(row(
                    agency,
                    measure,
                    [
                        String::new(),
                        numerator.to_string(),
                        denominator.to_string(),
                    ],
                ));
            }
        }
    }
    rows
}

/// The budget's lines in the last year: contributions with their stated formula shares
/// (Rotherham Council's £111,370 is 56.1% of £198,600, stated as 55.8%), other income and
/// expenditure.
const BUDGET: [(&str, &str, i64, &str); 13] = [
    ("Contribution", "Rotherham Council", 111_370, "55.8"),
    ("Contribution", "South Yorkshire Police", 27_800, "14.0"),
    (
        "Contribution",
        "Rotherham Clinical Commissioning Group",
        39_700,
        "20.0",
    ),
    ("Contribution", "National Probation Service", 6_000, "3.0"),
    (
        "Contribution",
        "Community Rehabilitation Company",
        4_000,
        "2.0",
    ),
    ("Contribution", "Schools Forum", 9_730, "4.9"),
    ("Other income", "Training charges", 12_400, ""),
    ("Expenditure", "Independent chair", 25_000, ""),
    ("Expenditure", "Business unit staffing", 118_000, ""),
    ("Expenditure", "Training programme", 32_000, ""),
    ("Expenditure", "Serious case reviews", 24_000, ""),
    ("Expenditure", "Child death overview panel", 8_500, ""),
    ("Expenditure", "Website and publications", 3_500, ""),
];

fn budget(years: &[Year]) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "Financial Year",
        "Line",
        "Agency or Item",
        "Amount",
        "Formula Share",
    ]
    .map(String::from)
    .to_vec()];
    let last = years.last().map_or(0, |y| y.start);
    for year in years {
        // Earlier years' budgets were smaller by 5% a year, shares the same.
        let factor = 0.95_f64.powi(last - year.start);
        for (line, item, amount, share) in BUDGET {
            let amount = ((amount as f64) * factor / 10.0).round() as i64 * 10;
            rows.push(vec![
                crate::dates::period::year_label(year.start),
                line.to_string(),
                item.to_string(),
                format!("£{}", crate::render::format_number(amount as f64, 0)),
                share.to_string(),
            ]);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_keeps_the_total_and_gives_counts_back() {
        assert_eq!(
            allocate(&[4.0, 1.0, 9.0, 13.0, 25.0, 23.0, 3.0, 5.0], 83),
            [4, 1, 9, 13, 25, 23, 3, 5]
        );
        let split = allocate(&[1.0, 1.0, 1.0], 10);
        assert_eq!(split.iter().sum::<usize>(), 10);
        assert_eq!(split, [4, 3, 3]);
    }

    #[test]
    fn meetings_are_on_the_third_tuesday() {
        assert_eq!(
            meetings(2014),
            [
                ymd(2014, 5, 20),
                ymd(2014, 9, 16),
                ymd(2014, 12, 16),
                ymd(2015, 3, 17)
            ]
        );
    }
}
