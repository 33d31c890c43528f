//! Synthetic quarterly extracts: realistic, calibrated and reproducible, never real.
//!
//! `generate` draws children's journeys calibrated to a profile's figures; `write` lays them
//! out as the quarterly Annex A extracts a local authority would have sent. The same seed,
//! profile and options give byte-identical files on every machine.

mod care;
mod early_help;
pub mod generate;
pub mod profile;
mod registers;
mod rng;
pub mod write;

use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::{Datelike, NaiveDate};

use crate::dates::workdays::Calendar;
use generate::{quarter_ends, Volume, World};
use profile::Profile;

/// What to generate.
pub struct Options {
    pub profile: Profile,
    pub seed: u64,
    /// Multiplies every volume (150 is about England).
    pub scale: f64,
    /// Financial years, ending with the profile's last.
    pub years: u32,
    /// The LA code written into IDs and `lscb.toml` (default: the profile's).
    pub la: Option<String>,
    /// CSV files, or one workbook per extract.
    pub format: write::ExtractFormat,
    /// How the extracts differ from Ofsted's template (none by default).
    pub layout: write::Layout,
}

/// Counts of what was written, for the user.
pub struct Written {
    pub extracts: usize,
    pub children: usize,
    pub rows: usize,
}

/// Age in whole years on `date` of a child born on `dob` (0 before birth).
pub fn age_on(dob: NaiveDate, date: NaiveDate) -> i32 {
    let mut age = date.year() - dob.year();
    if (date.month(), date.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age.max(0)
}

/// Generates the extracts into `out` (which must not hold extracts already), calling
/// `progress` with the share done.
pub fn synthesize(
    options: &Options,
    out: &Path,
    mut progress: impl FnMut(&str, u64, u64),
) -> Result<Written> {
    if options.years == 0 || options.scale <= 0.0 || !options.scale.is_finite() {
        bail!("--years must be at least 1 and --scale above 0");
    }
    let calendar = Calendar::embedded();
    let targets = options.profile.targets(options.years);
    let (calendar_start, _) = calendar.years();
    if let (Some(first), Some(last)) = (targets.first(), targets.last()) {
        if first.start_year < calendar_start {
            bail!(
                "--years {} would start in {}-{:02}, before the bank-holiday calendar (from {calendar_start}); at most {} years end in {}-{:02}",
                options.years,
                first.start_year,
                (first.start_year + 1) % 100,
                last.start_year - calendar_start + 1,
                last.start_year,
                (last.start_year + 1) % 100
            );
        }
    }
    let la = options
        .la
        .clone()
        .unwrap_or_else(|| options.profile.la.to_string());
    let shape = Volume {
        scale: options.scale,
        looked_after: options.profile.looked_after,
        la: la.clone(),
    };
    progress("generating journeys", 0, 1);
    let mut world = World::generate(&targets, &shape, options.seed, &calendar);
    let scaled: Vec<_> = targets
        .iter()
        .map(|t| generate::scale(t, options.scale))
        .collect();
    care::generate(&mut world, &scaled, (options.seed, &la), &calendar);
    early_help::generate(&mut world, &scaled, (options.seed, &la));
    let ends = quarter_ends(world.first_day, world.last_day);
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (i, as_at) in ends.iter().enumerate() {
        progress("writing extracts", i as u64, ends.len() as u64);
        write::write_extract(
            &world,
            *as_at,
            &out.join(write::folder_name(*as_at)),
            options.format,
            &options.layout,
        )?;
    }
    let start_years: Vec<i32> = targets.iter().map(|t| t.start_year).collect();
    let register_rows = registers::write(out, &start_years, options.seed, options.scale)?;
    let config = format!(
        "# Synthetic data from `lscb synth` (profile {}, seed {}, scale {}). No real child is in it.\n\
         la = \"{la}\"\n{}{}",
        options.profile.name,
        options.seed,
        options.scale,
        early_help::organisation_groups(),
        registers::registers_config(&start_years)
    );
    std::fs::write(out.join(crate::config::FILE_NAME), config).with_context(|| {
        format!(
            "cannot write {}",
            out.join(crate::config::FILE_NAME).display()
        )
    })?;
    write_narrative(out)?;
    progress("done", ends.len() as u64, ends.len() as u64);
    let rows = world.contacts.len()
        + world.referrals.len()
        + world.assessments.len()
        + world.s47s.len()
        + world.plans.len()
        + world.episodes.len()
        + world.early_help.len()
        + register_rows;
    Ok(Written {
        extracts: ends.len(),
        children: world.children.len(),
        rows,
    })
}

/// An example of the board's own words for eight chapters of the published report
/// (`narrative/*.md`), so the sample's `report.html` shows where they go.
const NARRATIVE: [(&str, &str); 8] = [
    ("front_door.md", include_str!("narrative/front_door.md")),
    (
        "child_protection.md",
        include_str!("narrative/child_protection.md"),
    ),
    ("early_help.md", include_str!("narrative/early_help.md")),
    (
        "children_looked_after.md",
        include_str!("narrative/children_looked_after.md"),
    ),
    ("allegations.md", include_str!("narrative/allegations.md")),
    ("child_deaths.md", include_str!("narrative/child_deaths.md")),
    (
        "partner_agencies.md",
        include_str!("narrative/partner_agencies.md"),
    ),
    ("board.md", include_str!("narrative/board.md")),
];

fn write_narrative(out: &Path) -> Result<()> {
    let folder = out.join(crate::load::discover::NARRATIVE);
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    for (name, text) in NARRATIVE {
        let path = folder.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use generate::{quarter_ends, share_of, ymd};

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age_on(ymd(2010, 4, 10), ymd(2014, 4, 9)), 3);
        assert_eq!(age_on(ymd(2010, 4, 10), ymd(2014, 4, 10)), 4);
        assert_eq!(age_on(ymd(2015, 1, 1), ymd(2014, 4, 10)), 0);
    }

    #[test]
    fn extracts_are_named_by_quarter_and_fall_on_quarter_ends() {
        assert_eq!(write::folder_name(ymd(2014, 12, 31)), "2014-15_Q3");
        assert_eq!(write::folder_name(ymd(2015, 3, 31)), "2014-15_Q4");
        let ends = quarter_ends(ymd(2014, 4, 1), ymd(2015, 3, 31));
        assert_eq!(
            ends,
            [
                ymd(2014, 6, 30),
                ymd(2014, 9, 30),
                ymd(2014, 12, 31),
                ymd(2015, 3, 31)
            ]
        );
    }

    #[test]
    fn shares_round_to_the_nearest_record() {
        assert_eq!(share_of(0.429, 10_517), 4_512);
        assert_eq!(share_of(0.696, 4_513), 3_141);
        assert_eq!(share_of(0.053, 502), 27);
    }
}
