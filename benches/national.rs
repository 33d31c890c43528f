//! How long the engine takes, stage by stage, on a data directory, beside the floor: the time
//! polars alone needs to read the same CSV files.
//!
//! `cargo bench --bench national` runs it on the bundled sample; `LSCB_BENCH_DIR` names
//! another data directory (for example one written by `lscb synth --scale 150`, or a folder
//! of LA data directories) and
//! `LSCB_BENCH_PERIOD` another period; with `LSCB_BENCH_FLOOR_ONLY` set it stops after the
//! floor. `scripts/benchmark.sh` runs the whole-process
//! benchmark at several scales and writes the figures for `docs/performance.md`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use polars::prelude::*;

use lscb::dates::period::Period;
use lscb::dates::workdays::Calendar;
use lscb::indicators::definition::Definition;
use lscb::indicators::{Catalogue, Engine};
use lscb::load::headers::Headings;
use lscb::load::{self, discover, LoadOptions};
use lscb::population::{Population, PopulationSource};
use lscb::threads::two_at_a_time;

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
    if std::env::var_os("LSCB_BENCH_FLOOR_ONLY").is_some() {
        return Ok(());
    }

    let options = LoadOptions {
        calendar: Calendar::embedded(),
        headings: Headings::default(),
        registers_as_at: None,
        meetings: Vec::new(),
        measures: Default::default(),
    };
    let catalogue = Catalogue::built_in()?;
    let data_dirs = match discover::areas(&dir)? {
        Some(areas) => areas.folders.into_iter().map(|(_, path)| path).collect(),
        None => vec![dir.clone()],
    };
    let (mut loading, mut computing, mut problems) = (0.0, 0.0, 0);
    for data_dir in &data_dirs {
        let start = Instant::now();
        let (dataset, report) = load::load(data_dir, &options)?;
        loading += start.elapsed().as_secs_f64();
        problems += report.problems.len();

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
            organisations: &Default::default(),
        };
        let definitions: Vec<&Definition> = catalogue.definitions().iter().collect();
        for computed in two_at_a_time(&definitions, |d| engine.evaluate(d, &period, None)) {
            computed?;
        }
        computing += start.elapsed().as_secs_f64();
    }
    println!(
        "lscb load (read, decode, check, merge) of {} data director{}: {loading:.2} s, {problems} problems",
        data_dirs.len(),
        if data_dirs.len() == 1 { "y" } else { "ies" }
    );
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

/// Every CSV file under `dir`, at any depth (extract folders, or LA folders of them).
fn csv_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read {}", folder.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                files.push(path);
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
