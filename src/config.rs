//! The project configuration file, `lscb.toml`.
//!
//! It is found next to the data (in the data directory) or in the current directory, or named
//! with `--config`. Every key is checked: a misspelt key is an error naming the file and key,
//! not a setting silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
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
    /// Children aged 0–17 by the calendar year of the mid-year estimate (`2014 = 56556`),
    /// overriding the embedded ONS figures.
    #[serde(default)]
    pub population: BTreeMap<String, u64>,
    /// Folders of extra indicator definitions, relative to the configuration file.
    #[serde(default)]
    pub indicators: Vec<PathBuf>,
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
    fn unknown_keys_are_rejected_with_their_name() {
        let error = Config::parse("[alias]\nx = []\n").unwrap_err();
        let text = format!("{error:#}");
        assert!(text.contains("unknown field `alias`"), "{text}");
        assert!(text.contains("line 1"), "{text}");
    }
}
