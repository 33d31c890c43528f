//! The project configuration file, `lscb.toml`.
//!
//! It is found next to the data (in the data directory) or in the current directory, or named
//! with `--config`. Every key is checked: a misspelt key is an error naming the file and key,
//! not a setting silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;

/// The file name looked for.
pub const FILE_NAME: &str = "lscb.toml";

/// Settings from `lscb.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Extra headings for Annex A columns, keyed by the canonical heading or the column id:
    /// `"Child Unique ID" = ["LCS ID", "Person ID"]`.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// The local authority's three-digit code (Rotherham is 372), for its embedded population.
    pub la: Option<String>,
    /// The board's name on the published report (default: "<LA> Local Safeguarding
    /// Children Board").
    pub board: Option<String>,
    /// Children aged 0–17 by the calendar year of the mid-year estimate (`2014 = 56556`),
    /// overriding the embedded ONS figures.
    #[serde(default)]
    pub population: BTreeMap<String, u64>,
    /// Folders of extra indicator definitions, relative to the configuration file.
    #[serde(default)]
    pub indicators: Vec<PathBuf>,
    /// Local targets by indicator id, in the indicator's unit: `assessment_45wd = 85.0`.
    #[serde(default)]
    pub targets: BTreeMap<String, f64>,
    /// How `lscb benchmark` and reports compare.
    #[serde(default)]
    pub benchmark: BenchmarkConfig,
    /// How early help (List 2) is reported.
    #[serde(default)]
    pub early_help: EarlyHelpConfig,
    #[serde(default)]
    pub registers: RegistersConfig,
    /// Folders of local report table definitions, relative to the file.
    #[serde(default)]
    pub tables: Vec<PathBuf>,
}

/// The board's registers (SPEC §10).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistersConfig {
    /// The date the registers are up to (`YYYY-MM-DD`); the latest extract's when absent.
    pub as_at: Option<String>,
    /// The dates of the board's meetings (`YYYY-MM-DD`): an attendance at any other date is
    /// an error. Without them, every date in the attendance register is a meeting.
    #[serde(default)]
    pub meetings: Vec<String>,
    /// The attendance below which an agency is flagged, in per cent (75 when absent).
    pub attendance_threshold: Option<f64>,
}

impl RegistersConfig {
    /// The registers' as-at date, if given.
    pub fn as_at(&self) -> Result<Option<NaiveDate>> {
        self.as_at
            .as_deref()
            .map(|d| date("registers.as_at", d))
            .transpose()
    }

    /// The board's meeting dates, in order.
    pub fn meetings(&self) -> Result<Vec<NaiveDate>> {
        let mut meetings = self
            .meetings
            .iter()
            .map(|d| date("registers.meetings", d))
            .collect::<Result<Vec<_>>>()?;
        meetings.sort();
        Ok(meetings)
    }
}

fn date(key: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("{key}: `{text}` is not a date (write `2015-03-31`)"))
}

/// The `[early_help]` table.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlyHelpConfig {
    /// Lead organisations grouped for `--by organisation`: `"Schools" = ["Abbey Primary",
    /// "Wath Academy"]`, names matched ignoring case and spacing.
    #[serde(default)]
    pub organisations: Groups,
}

/// Names gathered under group names, as `lscb.toml` writes them: group → names.
pub type Groups = BTreeMap<String, Vec<String>>;

/// The `[benchmark]` table.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkConfig {
    /// The statistical-neighbour model: `2021`, `2025` or a model file.
    pub sn_model: Option<String>,
    /// Direction of travel for percentages: a change of at most this many percentage points
    /// is "stable" (default 1).
    pub stable_points: Option<f64>,
    /// Direction of travel for counts, rates and medians: a change of at most this percentage
    /// of the previous value is "stable" (default 5).
    pub stable_percent: Option<f64>,
}

impl Config {
    /// The configuration for a run: `explicit` if given, else `lscb.toml` in the data
    /// directory, else in the current directory, else the defaults.
    pub fn discover(data_dir: &Path, explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
        let candidates = match explicit {
            Some(path) => vec![path.to_path_buf()],
            None => vec![data_dir.join(FILE_NAME), PathBuf::from(FILE_NAME)],
        };
        for path in candidates {
            if explicit.is_some() || path.is_file() {
                let config = Config::read(&path)?;
                return Ok((config, Some(path)));
            }
        }
        Ok((Config::default(), None))
    }

    /// Reads and checks one configuration file.
    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read configuration {}", path.display()))?;
        Config::parse(&text).with_context(|| format!("in configuration {}", path.display()))
    }

    /// Parses configuration text.
    pub fn parse(text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text)?;
        config.population_by_year()?;
        config.registers.as_at()?;
        config.registers.meetings()?;
        Ok(config)
    }

    /// The `[population]` overrides keyed by year.
    pub fn population_by_year(&self) -> Result<BTreeMap<i32, u64>> {
        self.population
            .iter()
            .map(|(year, n)| {
                let year: i32 = year.parse().map_err(|_| {
                    anyhow::anyhow!("population: `{year}` is not a year (write `2014 = 56556`)")
                })?;
                Ok((year, *n))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_help_organisations_map_names_to_groups() {
        let config =
            Config::parse("[early_help.organisations]\nSchools = [\"Abbey Primary\"]\n").unwrap();
        assert_eq!(
            config.early_help.organisations["Schools"],
            vec!["Abbey Primary".to_string()]
        );
        let error = Config::parse("[early_help]\ngroups = 1\n").unwrap_err();
        assert!(error.to_string().contains("unknown field"), "{error}");
    }

    #[test]
    fn register_dates_parse_and_bad_ones_are_named() {
        let config = Config::parse(
            "[registers]\nas_at = \"2015-03-31\"\nmeetings = [\"2015-01-20\", \"2014-06-10\"]\n",
        )
        .unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(if m > 3 { 2014 } else { 2015 }, m, day).unwrap();
        assert_eq!(config.registers.as_at().unwrap(), Some(d(3, 31)));
        assert_eq!(
            config.registers.meetings().unwrap(),
            vec![d(6, 10), d(1, 20)]
        );
        let error = Config::parse("[registers]\nmeetings = [\"20/01/2015\"]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("registers.meetings: `20/01/2015` is not a date"),
            "{error}"
        );
    }

    #[test]
    fn aliases_parse() {
        let config = Config::parse("[aliases]\n\"Child Unique ID\" = [\"LCS ID\"]\n").unwrap();
        assert_eq!(
            config.aliases["Child Unique ID"],
            vec!["LCS ID".to_string()]
        );
    }

    #[test]
    fn population_keys_must_be_years() {
        let config = Config::parse("la = \"372\"\n[population]\n2014 = 56556\n").unwrap();
        assert_eq!(config.population_by_year().unwrap()[&2014], 56556);
        let error = Config::parse("[population]\nlast = 1\n").unwrap_err();
        assert!(
            error.to_string().contains("`last` is not a year"),
            "{error}"
        );
    }

    #[test]
    fn targets_and_benchmark_settings_parse() {
        let config = Config::parse(
            "[targets]\nicpc_15wd = 80.0\n[benchmark]\nsn_model = \"2025\"\nstable_points = 2\n",
        )
        .unwrap();
        assert_eq!(config.targets["icpc_15wd"], 80.0);
        assert_eq!(config.benchmark.sn_model.as_deref(), Some("2025"));
        assert_eq!(config.benchmark.stable_points, Some(2.0));
        assert_eq!(config.benchmark.stable_percent, None);
        let error = Config::parse("[benchmark]\nstable = 1\n").unwrap_err();
        assert!(
            format!("{error:#}").contains("unknown field `stable`"),
            "{error:#}"
        );
    }

    #[test]
    fn the_example_configuration_is_valid() {
        let config = Config::parse(include_str!("../examples/lscb.toml")).unwrap();
        assert_eq!(config.la.as_deref(), Some("372"));
        assert!(config.targets.contains_key("icpc_15wd"));
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_name() {
        let error = Config::parse("[alias]\nx = []\n").unwrap_err();
        let text = format!("{error:#}");
        assert!(text.contains("unknown field `alias`"), "{text}");
        assert!(text.contains("line 1"), "{text}");
    }
}
