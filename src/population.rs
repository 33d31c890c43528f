//! Children aged 0–17 by local authority and year: the denominator of rates per 10,000.
//!
//! DfE's convention (SPEC §3): a financial year's rate uses the ONS mid-year estimate for the
//! calendar year in which it starts (2014-15 uses mid-2014). The project embeds the estimates
//! for every LA and England; `lscb.toml` can name the LA or give the figures outright.

use std::collections::BTreeMap;

use anyhow::{anyhow, Context, Result};

const EMBEDDED: &str = include_str!("../data/reference/population_0_17.csv");

/// Mid-year populations of children aged 0–17, by area code and year.
pub struct Population {
    /// (area code, mid-year) → (area name, population).
    table: BTreeMap<(String, i32), (String, u64)>,
}

impl Population {
    /// The embedded ONS estimates.
    pub fn embedded() -> Population {
        Population::parse(EMBEDDED).unwrap_or_else(|error| {
            unreachable!("the embedded population file is valid: {error:#}")
        })
    }

    /// Parses `mid_year,la_code,la_name,population` rows (lines starting `#` are comments).
    pub fn parse(text: &str) -> Result<Population> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut table = BTreeMap::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.with_context(|| format!("population row {}", i + 1))?;
            let field = |n: usize| record.get(n).unwrap_or("").trim();
            let year: i32 = field(0)
                .parse()
                .with_context(|| format!("population row {}: year", i + 1))?;
            let population: u64 = field(3)
                .parse()
                .with_context(|| format!("population row {}: population", i + 1))?;
            table.insert(
                (field(1).to_string(), year),
                (field(2).to_string(), population),
            );
        }
        Ok(Population { table })
    }

    /// The population of `la` (old three-digit code, or `E92000001` for England) at mid-year
    /// `year`.
    pub fn get(&self, la: &str, year: i32) -> Option<u64> {
        self.table.get(&(la.to_string(), year)).map(|(_, p)| *p)
    }

    /// Every estimate: ((area code, mid-year), population).
    pub fn all(&self) -> impl Iterator<Item = ((&str, i32), u64)> + '_ {
        self.table
            .iter()
            .map(|((code, year), (_, population))| ((code.as_str(), *year), *population))
    }

    /// The area's name.
    pub fn name(&self, la: &str) -> Option<&str> {
        self.table
            .range((la.to_string(), i32::MIN)..=(la.to_string(), i32::MAX))
            .next()
            .map(|(_, (name, _))| name.as_str())
    }
}

/// Where a run's population comes from: figures from `lscb.toml`, else the embedded estimate
/// for the configured LA.
pub struct PopulationSource {
    pub la: Option<String>,
    pub overrides: BTreeMap<i32, u64>,
    pub embedded: Population,
}

impl PopulationSource {
    /// The population for the financial year starting in `start_year`, or why there is none.
    pub fn for_financial_year(&self, start_year: i32) -> Result<u64> {
        if let Some(p) = self.overrides.get(&start_year) {
            return Ok(*p);
        }
        let la = self.la.as_deref().ok_or_else(|| {
            anyhow!(
                "no population: set `la` (the three-digit LA code) or `[population]` in lscb.toml"
            )
        })?;
        self.embedded.get(la, start_year).ok_or_else(|| {
            anyhow!("no population for LA {la} at mid-{start_year}: add it under `[population]` in lscb.toml")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotherham_mid_2014_matches_the_spec() {
        let population = Population::embedded();
        assert_eq!(population.get("372", 2014), Some(56_556));
        assert_eq!(population.name("372"), Some("Rotherham"));
    }

    #[test]
    fn overrides_win_and_a_missing_la_is_explained() {
        let mut source = PopulationSource {
            la: None,
            overrides: BTreeMap::from([(2014, 1000)]),
            embedded: Population::embedded(),
        };
        assert_eq!(source.for_financial_year(2014).unwrap(), 1000);
        assert!(source
            .for_financial_year(2013)
            .unwrap_err()
            .to_string()
            .contains("set `la`"));
        source.la = Some("372".into());
        assert_eq!(source.for_financial_year(2013).unwrap(), 56_118);
    }
}
