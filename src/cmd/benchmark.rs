//! `lscb benchmark DIR --period P`: each figure against the previous period, the local
//! target, the statistical neighbours, England and the region, rated Red/Amber/Green.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use lscb::benchmark::rating::{SnStat, StableBand};
use lscb::benchmark::reference::Reference;
use lscb::benchmark::{self, Comparison, Settings};
use lscb::dates::period::{year_label, Period};
use lscb::indicators::definition::Unit;
use lscb::render::{self, display, label, plain, Footnotes, Format, Table};

use super::{DataArgs, Prepared};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory of extracts.
    pub dir: PathBuf,

    /// The period: a financial year (2014-15), a quarter (2014-15 Q3), a year to date
    /// (2014-15 YTD Q3) or twelve months to a date (12m to 2014-12-31).
    #[arg(long)]
    pub period: Period,

    /// Only these indicators (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
    pub only: Vec<String>,

    #[command(flatten)]
    pub comparators: ComparatorArgs,

    /// Add the indicator definitions in this folder to the catalogue (repeatable).
    #[arg(long, value_name = "DIR")]
    pub add_indicators: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub data: DataArgs,
}

/// Where published comparators come from, and how neighbours are summarised.
#[derive(Debug, clap::Args)]
pub struct ComparatorArgs {
    /// The statistical-neighbour model: 2021, 2025 or a model file (default: lscb.toml's
    /// `[benchmark] sn_model`, else 2021).
    #[arg(long, value_name = "2021|2025|FILE")]
    pub sn_model: Option<String>,

    /// Summarise the neighbours by their mean (as DfE's LA interactive tool does) or median.
    #[arg(long, value_enum, default_value_t = SnStat::Mean)]
    pub sn_stat: SnStat,

    /// A reference folder written by `lscb reference import` (default: the embedded
    /// Rotherham reference, 2012-13 to 2014-15).
    #[arg(long, value_name = "DIR")]
    pub reference: Option<PathBuf>,
}

impl ComparatorArgs {
    /// The published figures and how to compare with them, from the flags and lscb.toml.
    pub fn settings(&self, prepared: &Prepared) -> Result<(Reference, Settings)> {
        let config = &prepared.config;
        let Some(la) = config.la.clone() else {
            bail!("benchmarks need the LA: set `la = \"372\"` (its three-digit code) in lscb.toml");
        };
        for id in config.targets.keys() {
            prepared
                .catalogue
                .get(id)
                .context("in lscb.toml [targets]")?;
        }
        let reference = load_reference(self.reference.as_ref())?;
        let model_name = self
            .sn_model
            .clone()
            .or_else(|| config.benchmark.sn_model.clone())
            .unwrap_or_else(|| "2021".to_string());
        let defaults = StableBand::default();
        let settings = Settings {
            la,
            model: benchmark::neighbour_model(&reference, &model_name)?,
            sn_stat: self.sn_stat,
            band: StableBand {
                points: config.benchmark.stable_points.unwrap_or(defaults.points),
                percent: config.benchmark.stable_percent.unwrap_or(defaults.percent),
            },
            targets: config.targets.clone(),
        };
        Ok((reference, settings))
    }
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<bool> {
    let prepared = args
        .data
        .prepare(&args.dir, &args.add_indicators, &args.only)?;
    let (reference, settings) = args.comparators.settings(&prepared)?;
    let definitions = prepared.catalogue.select(&args.only)?;
    let comparisons = benchmark::compare_all(
        &prepared.engine(),
        &definitions,
        &args.period,
        &reference,
        &settings,
    )?;
    let caption = format!(
        "LA {}, {} (previous: {}); SN is the {} of the LA's neighbours in the {} model; \
         published comparators for {}.",
        settings.la,
        args.period,
        args.period.previous()?,
        label(&args.comparators.sn_stat),
        settings.model.name,
        year_label(args.period.financial_year_of_end()),
    );
    write(&comparisons, &caption, args.format, out)?;
    Ok(true)
}

/// The embedded reference, or a folder written by `lscb reference import` (with the
/// embedded neighbour models when the folder has none).
fn load_reference(dir: Option<&PathBuf>) -> Result<Reference> {
    let embedded = Reference::embedded()?;
    let Some(dir) = dir else {
        return Ok(embedded);
    };
    let mut reference = Reference::read_dir(dir)?;
    for (name, model) in embedded.models {
        reference.models.entry(name).or_insert(model);
    }
    Ok(reference)
}

fn write(
    comparisons: &[Comparison],
    caption: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Json => render::write_json(comparisons, out),
        Format::Csv => csv_table(comparisons).write(format, out),
        Format::Table | Format::Markdown => {
            let mut notes = Footnotes::default();
            writeln!(out, "{caption}")?;
            if format == Format::Markdown {
                writeln!(out)?;
            }
            people_table(comparisons, &mut notes).write(format, out)?;
            if format == Format::Markdown {
                writeln!(out)?;
            }
            notes.write(out)
        }
    }
}

/// Every field, plain numbers, one row per indicator.
fn csv_table(comparisons: &[Comparison]) -> Table {
    let mut table = Table::new(
        &[
            "id",
            "period",
            "value",
            "previous_period",
            "previous",
            "direction",
            "target",
            "sn",
            "sn_count",
            "england",
            "region",
            "la_published",
            "rank",
            "ranked",
            "quartile",
            "rag",
            "benchmark_year",
            "notes",
        ],
        &[],
    );
    for c in comparisons {
        let number = |v: Option<f64>| plain(v, c.decimals);
        let whole = |v: Option<usize>| v.map(|n| n.to_string()).unwrap_or_default();
        table.push(vec![
            c.id.clone(),
            c.period.clone(),
            number(c.value),
            c.previous_period.clone(),
            number(c.previous),
            c.direction.map(|d| label(&d)).unwrap_or_default(),
            number(c.target),
            number(c.sn),
            c.sn_count.to_string(),
            number(c.england),
            number(c.region),
            number(c.la_published),
            whole(c.rank),
            whole(c.ranked),
            c.quartile.map(|q| q.to_string()).unwrap_or_default(),
            c.rag.map(|r| label(&r)).unwrap_or_default(),
            c.benchmark_year.clone().unwrap_or_default(),
            c.notes.join("; "),
        ]);
    }
    table
}

/// Rounded, labelled figures for people; what needs saying goes into `notes`.
fn people_table(comparisons: &[Comparison], notes: &mut Footnotes) -> Table {
    let mut table = Table::new(
        &[
            "Indicator",
            "Value",
            "Previous",
            "Travel",
            "Target",
            "SN",
            "England",
            "Region",
            "Rank",
            "Quartile",
            "RAG",
        ],
        &[
            false, true, true, false, true, true, true, true, false, false, false,
        ],
    );
    for c in comparisons {
        let number = |v: Option<f64>| display(v, c.unit == Unit::Percent, c.decimals);
        let word = |v: Option<String>| v.unwrap_or_else(|| "–".to_string());
        table.push(vec![
            notes.mark(&c.title, &c.id, &c.notes),
            number(c.value),
            number(c.previous),
            word(c.direction.map(|d| label(&d))),
            number(c.target),
            number(c.sn),
            number(c.england),
            number(c.region),
            word(c.rank.zip(c.ranked).map(|(r, n)| format!("{r} of {n}"))),
            word(c.quartile.map(|q| format!("Q{q}"))),
            word(c.rag.map(|r| label(&r))),
        ]);
    }
    table
}
