//! The command line: one module per subcommand, each parsing its flags and calling the
//! library. Only this layer and `main` print or choose exit codes.

pub mod benchmark;
pub mod drill;
pub mod indicators;
pub mod reference;
pub mod report;
pub mod synth;
pub mod validate;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use lscb::config::Config;
use lscb::dates::workdays::Calendar;
use lscb::indicators::table::Tables;
use lscb::indicators::{Catalogue, Engine};
use lscb::load::headers::Headings;
use lscb::load::{self, Dataset, LoadOptions, LoadReport};
use lscb::population::{Population, PopulationSource};
use lscb::problem;

/// Safeguarding-children performance indicators from Ofsted Annex A extracts.
#[derive(Debug, Parser)]
#[command(name = "lscb", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// How many threads to use (default: the cores available). Results do not depend on it.
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a data directory of extracts (CSV files or Annex A workbooks) and list every
    /// problem found.
    Validate(validate::Args),
    /// Compute indicators for a period (or list the catalogue with --list).
    Indicators(indicators::Args),
    /// Compare figures with the previous period, target, statistical neighbours and England.
    Benchmark(benchmark::Args),
    /// Write the annual or quarterly report (Markdown, CSV, Excel, SVG), or --check it.
    Report(report::Args),
    /// List the records behind an indicator's figure. Prints child identifiers.
    Drill(drill::Args),
    /// Write synthetic quarterly extracts calibrated to a profile.
    Synth(synth::Args),
    /// Import published benchmark files (DfE, ONS) into the project's reference format.
    #[command(subcommand)]
    Reference(reference::Command),
}

/// The reference files and settings that shape how data is read.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// A bank-holiday CSV (`date` column, optional `provisional`) replacing the embedded
    /// England and Wales holidays 2000–2030.
    #[arg(long, value_name = "FILE", global = true)]
    pub holidays: Option<PathBuf>,

    /// The configuration file (default: lscb.toml in the data directory, else in the
    /// current directory).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Stop with exit status 1, before computing anything, when the data has any error.
    #[arg(long, global = true)]
    pub strict: bool,
}

/// Everything a command that computes figures needs.
pub struct Prepared {
    pub config: Config,
    pub dataset: Dataset,
    /// The problems found loading, and how every row was accounted for.
    pub load: LoadReport,
    pub calendar: Calendar,
    pub population: PopulationSource,
    pub catalogue: Catalogue,
    /// The report's table definitions: built in, and the folders `lscb.toml` names.
    pub tables: Tables,
}

impl Prepared {
    /// The indicator engine over the loaded data.
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            dataset: &self.dataset,
            calendar: &self.calendar,
            population: &self.population,
            organisations: &self.config.early_help.organisations,
        }
    }
}

/// What stops a command before it computes anything.
#[derive(Debug)]
pub struct StrictFailure(pub String);

impl std::fmt::Display for StrictFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StrictFailure {}

impl DataArgs {
    /// The configuration and the folder its relative paths start from.
    fn config(&self, dir: Option<&Path>) -> Result<(Config, PathBuf)> {
        let (config, path) =
            Config::discover(dir.unwrap_or(Path::new(".")), self.config.as_deref())?;
        let base = path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok((config, base))
    }

    fn calendar(&self) -> Result<Calendar> {
        match &self.holidays {
            Some(path) => Calendar::from_file(path),
            None => Ok(Calendar::embedded()),
        }
    }

    /// The catalogue and the loaded data, `lscb.toml` read once for both.
    pub fn catalogue_and_load(&self, dir: &Path) -> Result<(Catalogue, Dataset, LoadReport)> {
        let (config, base) = self.config(Some(dir))?;
        let catalogue = Self::catalogue_with(&config, &base, &[])?;
        let (dataset, report) = self.load_with(dir, &config, &catalogue)?;
        Ok((catalogue, dataset, report))
    }

    /// Loads and merges the data directory with `config` already read.
    fn load_with(
        &self,
        dir: &Path,
        config: &Config,
        catalogue: &Catalogue,
    ) -> Result<(Dataset, LoadReport)> {
        let headings = Headings::with_aliases(&config.aliases).context("in lscb.toml")?;
        let options = LoadOptions {
            calendar: self.calendar()?,
            headings,
            registers_as_at: config.registers.as_at()?,
            meetings: config.registers.meetings()?,
            measures: catalogue.measures(),
        };
        load::load(dir, &options)
    }

    /// The indicator catalogue: built in, plus the folders named in the configuration and on
    /// the command line.
    pub fn catalogue(&self, dir: Option<&Path>, extra: &[PathBuf]) -> Result<Catalogue> {
        let (config, base) = self.config(dir)?;
        Self::catalogue_with(&config, &base, extra)
    }

    /// The catalogue with `config` (found in the folder `base`) already read.
    fn catalogue_with(config: &Config, base: &Path, extra: &[PathBuf]) -> Result<Catalogue> {
        let mut catalogue = Catalogue::built_in()?;
        for folder in &config.indicators {
            catalogue.add_dir(&base.join(folder))?;
        }
        for folder in extra {
            catalogue.add_dir(folder)?;
        }
        Ok(catalogue)
    }

    /// Loads the data and everything needed to compute figures from it; prints the one-line
    /// data-quality summary to stderr, and with `--strict` stops on any error. The indicators
    /// named in `only` are checked first, so a typo fails before the data is read.
    pub fn prepare(
        &self,
        dir: &Path,
        extra_indicators: &[PathBuf],
        only: &[String],
    ) -> Result<Prepared> {
        // `lscb.toml` read once, for the catalogue, the load and the population.
        let (config, base) = self.config(Some(dir))?;
        let catalogue = Self::catalogue_with(&config, &base, extra_indicators)?;
        catalogue.select(only)?;
        let (dataset, report) = self.load_with(dir, &config, &catalogue)?;
        let (errors, warnings) = problem::count(&report.problems);
        if errors + warnings > 0 {
            eprintln!(
                "lscb: data quality: {} (run `lscb validate {}` for details)",
                validate::verdict(errors, warnings).trim_end_matches('.'),
                dir.display()
            );
        }
        if self.strict && errors > 0 {
            return Err(StrictFailure(format!(
                "--strict: {} in the data; nothing computed",
                validate::verdict(errors, warnings).trim_end_matches('.')
            ))
            .into());
        }
        let population = PopulationSource {
            la: config.la.clone(),
            overrides: config.population_by_year()?,
            embedded: Population::embedded(),
        };
        let mut tables = Tables::built_in()?;
        for folder in &config.tables {
            tables.add_dir(&base.join(folder))?;
        }
        Ok(Prepared {
            tables,
            config,
            dataset,
            load: report,
            calendar: self.calendar()?,
            population,
            catalogue,
        })
    }
}
