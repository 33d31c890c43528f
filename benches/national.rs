//! How long the engine takes, stage by stage, on a data directory, beside the floor: the time
//! polars alone needs to read the same CSV files.
//!
//! `cargo bench --bench national` runs it on the bundled sample; `LSCB_BENCH_DIR` names
//! another data directory (for example one written by `lscb synth --scale 150`) and
//! `LSCB_BENCH_PERIOD` another period. `scripts/benchmark.sh` runs the whole-process
//! benchmark at several scales and writes the figures for `docs/performance.md`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use polars::prelude::*;

use lscb::indicators::{Catalogue, Engine};
use lscb::load::headers::Headings;
use lscb::load::{self, LoadOptions};
use lscb::period::Period;
use lscb::population::{Population, PopulationSource};
use lscb::workdays::Calendar;

fn main() -> Result<()> {
    let dir = std::env::var_os("LSCB_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample"));
    let period: Period = std::env::var("LSCB_BENCH_PERIOD")
        .unwrap_or_else(|_| "2014-15".to_string())
        .parse()?;
    let files = csv_files(&dir)?;
    let bytes: u64 = files
        .iter()
        .map(|f| f.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "{}: {} CSV files, {:.1} MB; period {period}",
        dir.display(),
        files.len(),
        bytes as f64 / 1e6
    );

    let start = Instant::now();
    let mut rows = 0;
    for file in &files {
        rows += read_as_text(file)?.height();
    }
    let floor = start.elapsed().as_secs_f64();
    println!("polars reads every file as text (the floor): {floor:.2} s, {rows} rows");

    let start = Instant::now();
    let options = LoadOptions {
        calendar: Calendar::embedded(),
        headings: Headings::default(),
    };
    let (dataset, report) = load::load(&dir, &options)?;
    let loading = start.elapsed().as_secs_f64();
    println!(
        "lscb load (read, decode, check, merge): {loading:.2} s, {} problems",
        report.problems.len()
    );

    let start = Instant::now();
    let population = PopulationSource {
        la: Some("372".to_string()),
        overrides: Default::default(),
        embedded: Population::embedded(),
    };
    let engine = Engine {
        dataset: &dataset,
        calendar: &options.calendar,
        population: &population,
    };
    let catalogue = Catalogue::built_in()?;
    for definition in catalogue.definitions() {
        engine.evaluate(definition, &period, None)?;
    }
    let computing = start.elapsed().as_secs_f64();
    println!(
        "lscb computes {} indicators: {computing:.2} s",
        catalogue.definitions().len()
    );
    println!(
        "load and compute: {:.2} s = {:.2} x the floor",
        loading + computing,
        (loading + computing) / floor
    );
    Ok(())
}

fn csv_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for extract in
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
    {
        let extract = extract?.path();
        if !extract.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&extract)? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "csv") {
                files.push(file);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn read_as_text(file: &Path) -> Result<DataFrame> {
    Ok(CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .try_into_reader_with_file_path(Some(file.to_path_buf()))?
        .finish()?)
}
