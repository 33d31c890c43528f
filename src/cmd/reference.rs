//! `lscb reference import FILES… --out DIR`: DfE's published files into the project's compact
//! benchmark format, for `lscb benchmark --reference DIR`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Result};

use lscb::benchmark::import::{self, ImportOptions};
use lscb::dates::period::parse_year;
use lscb::render::{Format, Table};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import DfE files (EES children-in-need tables b1, c1, c4, d3, d5 and the ONS 0-17
    /// population; the LAIT long file; the 2021 and 2025 statistical-neighbour models), each
    /// recognised by its headers.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The downloaded files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// The folder to write benchmarks.csv and neighbours_*.csv into.
    #[arg(long)]
    pub out: PathBuf,

    /// Keep only England, this LA (three-digit code), its region and its neighbours.
    #[arg(long)]
    pub la: Option<String>,

    /// Keep only these financial years: one (2014-15) or a range (2012-13:2014-15).
    #[arg(long, value_parser = parse_years, value_name = "YEAR[:YEAR]")]
    pub years: Option<(i32, i32)>,

    /// How to print the account of each file.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn parse_years(text: &str) -> Result<(i32, i32)> {
    let year = |t: &str| {
        parse_year(t.trim()).ok_or_else(|| anyhow!("`{t}` is not a financial year (write 2014-15)"))
    };
    match text.split_once(':') {
        Some((from, to)) => Ok((year(from)?, year(to)?)),
        None => year(text).map(|y| (y, y)),
    }
}

pub fn run(command: &Command, out: &mut dyn Write) -> Result<bool> {
    let Command::Import(args) = command;
    let options = ImportOptions {
        la: args.la.clone(),
        years: args.years,
    };
    let imported = import::import(&args.files, &options)?;
    let written = imported.reference.write_dir(&args.out)?;
    let mut table = Table::new(
        &[
            "File",
            "Recognised as",
            "Rows",
            "Values",
            "No value",
            "Rows not used",
        ],
        &[false, false, true, true, false, false],
    );
    let tally = |counts: &std::collections::BTreeMap<String, usize>| {
        counts
            .iter()
            .map(|(why, n)| format!("{why}: {n}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for file in &imported.files {
        table.push(vec![
            file.file.display().to_string(),
            file.kind.clone(),
            file.rows.to_string(),
            file.values.to_string(),
            tally(&file.missing),
            tally(&file.skipped),
        ]);
    }
    table.write(args.format, out)?;
    if args.format == Format::Table {
        writeln!(
            out,
            "Kept {} published values and {} neighbour models; wrote {}.",
            imported.reference.values.len(),
            imported.reference.models.len(),
            written
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    Ok(true)
}
