//! The command line: one module per subcommand, each parsing its flags and calling the
//! library. Only this layer and `main` print or choose exit codes.

pub mod validate;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use lscb::config::Config;
use lscb::load::headers::Headings;
use lscb::load::{self, Dataset, LoadOptions, LoadReport};
use lscb::workdays::Calendar;

/// Safeguarding-children performance indicators from Ofsted Annex A extracts.
#[derive(Debug, Parser)]
#[command(name = "lscb", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a data directory of extracts and list every problem found.
    Validate(validate::Args),
}

/// Where the data is, and the reference files that shape how it is read.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data directory: one folder per extract, named by its as-at date (YYYY-MM-DD or
    /// YYYY-YY_QN), each holding one CSV per Annex A list.
    pub dir: PathBuf,

    /// A bank-holiday CSV (`date` column, optional `provisional`) replacing the embedded
    /// England and Wales holidays 2010–2030.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,

    /// The configuration file (default: lscb.toml in the data directory, else in the
    /// current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl DataArgs {
    /// Loads and merges the data directory.
    pub fn load(&self) -> Result<(Dataset, LoadReport)> {
        let (config, _) = Config::discover(&self.dir, self.config.as_deref())?;
        let calendar = match &self.holidays {
            Some(path) => Calendar::from_file(path)?,
            None => Calendar::embedded(),
        };
        let headings = Headings::with_aliases(&config.aliases).context("in lscb.toml")?;
        load::load(&self.dir, &LoadOptions { calendar, headings })
    }
}
