//! `lscb report DIR --year 2014-15 --out OUT` (or `--quarter "2014-15 Q3"`): the annual or
//! quarterly report as Markdown, CSV tables, an Excel workbook, SVG charts and the published
//! HTML document (with the board's narrative from `DIR/narrative/`); with `--check`, whether a
//! committed report still follows from the data.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use lscb::dates::period::{parse_year, Period};
use lscb::indicators;
use lscb::problem;
use lscb::report::{self, Inputs, Quality, Scope};

use super::benchmark::ComparatorArgs;
use super::DataArgs;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["year", "quarter"])))]
pub struct Args {
    /// The data directory of extracts.
    pub dir: PathBuf,

    /// The annual report for this financial year (2014-15), against the year before.
    #[arg(long, value_parser = parse_financial_year, value_name = "YEAR")]
    pub year: Option<i32>,

    /// The quarterly report for this quarter ("2014-15 Q3"), against the quarter before and
    /// with the year to date.
    #[arg(long, value_name = "QUARTER")]
    pub quarter: Option<Period>,

    /// The report folder (created or replaced; it must not be inside the data directory).
    #[arg(long)]
    pub out: PathBuf,

    /// Compare a fresh report with the one in OUT instead of writing: exit status 1 and the
    /// differing files and figures when it is stale.
    #[arg(long)]
    pub check: bool,

    /// Show small numbers (counts of 1 to 5 and figures resting on them). Not for publication.
    #[arg(long)]
    pub no_suppress: bool,

    #[command(flatten)]
    pub comparators: ComparatorArgs,

    /// Add the indicator definitions in this folder to the catalogue (repeatable).
    #[arg(long, value_name = "DIR")]
    pub add_indicators: Vec<PathBuf>,

    #[command(flatten)]
    pub data: DataArgs,
}

fn parse_financial_year(text: &str) -> Result<i32> {
    parse_year(text.trim())
        .ok_or_else(|| anyhow!("`{text}` is not a financial year (write 2014-15)"))
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<bool> {
    refuse_to_write_into_the_data(&args.dir, &args.out)?;
    let scope = match (&args.year, &args.quarter) {
        (Some(year), _) => Scope::Year(*year),
        (None, Some(quarter)) if quarter.is_quarter() => Scope::Quarter(quarter.clone()),
        (None, Some(other)) => {
            bail!("--quarter needs a quarter such as \"2014-15 Q3\", not `{other}`")
        }
        (None, None) => bail!("give --year or --quarter"),
    };
    let prepared = args.data.prepare(&args.dir, &args.add_indicators, &[])?;
    let (reference, settings) = args.comparators.settings(&prepared)?;
    let la_name = prepared
        .population
        .embedded
        .name(&settings.la)
        .map_or_else(|| format!("LA {}", settings.la), str::to_string);
    let narrative = report::narrative::read(&args.dir)?;
    let (errors, warnings) = problem::count(&prepared.load.problems);
    let absent_columns = indicators::absent_column_problems(&prepared.catalogue, &prepared.dataset)
        .into_iter()
        .map(|p| format!("{}: {}", p.file, p.message))
        .collect();
    let board = prepared
        .config
        .board
        .clone()
        .unwrap_or_else(|| format!("{la_name} Local Safeguarding Children Board"));
    let (definitions, sections_without_data) =
        report::sections_with_data(prepared.catalogue.select(&[])?, &prepared.dataset);
    let inputs = Inputs {
        engine: prepared.engine(),
        definitions,
        reference: &reference,
        settings: &settings,
        scope,
        suppress: !args.no_suppress,
        la_name,
        board,
        narrative: &narrative,
        tables: prepared.tables.definitions(),
        attendance_threshold: prepared.config.registers.attendance_threshold,
        quality: Quality {
            summaries: &prepared.load.summaries,
            errors,
            warnings,
            absent_columns,
            sections_without_data,
        },
    };
    let built = report::build(&inputs)?;
    for warning in &built.warnings {
        eprintln!("lscb: warning: {warning}");
    }
    if args.check {
        let differences = built.check(&args.out)?;
        if differences.is_empty() {
            writeln!(
                out,
                "{} is up to date ({} files).",
                args.out.display(),
                built.files.len()
            )?;
            return Ok(true);
        }
        writeln!(
            out,
            "{} is stale: {} difference(s).",
            args.out.display(),
            differences.len()
        )?;
        for difference in differences {
            writeln!(out, "  {difference}")?;
        }
        return Ok(false);
    }
    built.write(&args.out)?;
    writeln!(
        out,
        "Wrote {} files to {}.",
        built.files.len(),
        args.out.display()
    )?;
    Ok(true)
}

/// A report is never written into the extracts it was computed from.
fn refuse_to_write_into_the_data(data: &Path, out: &Path) -> Result<()> {
    let data = data
        .canonicalize()
        .with_context(|| format!("cannot read {}", data.display()))?;
    let mut probe = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    // The nearest existing ancestor of OUT tells where it would be written.
    while !probe.exists() {
        match probe.parent() {
            Some(parent) => probe = parent.to_path_buf(),
            None => return Ok(()),
        }
    }
    let probe = probe.canonicalize()?;
    if probe.starts_with(&data) {
        bail!(
            "{} is inside the data directory {}: write the report elsewhere",
            out.display(),
            data.display()
        );
    }
    Ok(())
}
