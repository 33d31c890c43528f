//! `lscb synth --out DIR`: synthetic quarterly extracts calibrated to a profile.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};

use lscb::synth::profile::Profile;
use lscb::synth::write::{ExtractFormat, Layout, Variant};
use lscb::synth::{self, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the extracts into (created; must not already hold extracts).
    #[arg(long)]
    pub out: PathBuf,

    /// The calibration profile.
    #[arg(long, default_value = "rotherham-2014-15")]
    pub profile: String,

    /// The seed: the same seed and options give byte-identical files on every machine.
    #[arg(long, default_value_t = 2015)]
    pub seed: u64,

    /// Multiply every volume (150 is about England's annual volume).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,

    /// How many financial years, ending with the profile's last.
    #[arg(long, default_value_t = 2)]
    pub years: u32,

    /// The LA code for IDs and lscb.toml (default: the profile's).
    #[arg(long)]
    pub la: Option<String>,

    /// Write each extract as CSV files (one per list) or as one Annex A workbook
    /// (annex_a.xlsx: a sheet per list under a title row, dates as Excel dates).
    #[arg(long, value_enum, default_value_t = ExtractFormat::Csv)]
    pub format: ExtractFormat,

    /// Write the extracts in a layout local authorities send rather than Ofsted's template
    /// (comma-separated, or repeated): `row1` (workbooks: headings in row 1), `case-status`,
    /// `plain` (no extension columns), `bare-codes` (no letter prefix), `fractional-ages`,
    /// `lists8-to11` (workbooks: Lists 8–11 sheets), or `pooled` (a regional pooling
    /// sample: row1, case-status, plain, fractional-ages and lists8-to11).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub layout: Vec<Variant>,
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<bool> {
    if args.out.is_dir() && std::fs::read_dir(&args.out)?.next().is_some() {
        bail!("{} is not empty: choose a new folder", args.out.display());
    }
    let options = Options {
        profile: Profile::named(&args.profile)?,
        seed: args.seed,
        scale: args.scale,
        years: args.years,
        la: args.la.clone(),
        format: args.format,
        layout: Layout::new(&args.layout),
    };
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template("{msg:20} {bar:30} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let written = synth::synthesize(&options, &args.out, |stage, done, total| {
        bar.set_message(stage.to_string());
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    writeln!(
        out,
        "Wrote {} extracts ({} records about {} synthetic children) to {}.",
        written.extracts,
        written.rows,
        written.children,
        args.out.display()
    )?;
    Ok(true)
}
