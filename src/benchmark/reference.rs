//! The project's compact benchmark format: published figures and statistical-neighbour
//! models, as written by `lscb reference import` and embedded for Rotherham.
//!
//! A reference folder holds `benchmarks.csv` (one published figure per row, long form) and
//! `neighbours_2021.csv` / `neighbours_2025.csv` (one neighbour per row). Both are plain CSV,
//! sorted, so the same import gives byte-identical files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::dates::period::year_label;

/// The benchmarks file inside a reference folder.
pub const BENCHMARKS_FILE: &str = "benchmarks.csv";

const EMBEDDED_BENCHMARKS: &str = include_str!("../../data/reference/benchmarks.csv");
const EMBEDDED_SN_2021: &str = include_str!("../../data/reference/neighbours_2021.csv");
const EMBEDDED_SN_2025: &str = include_str!("../../data/reference/neighbours_2025.csv");

/// The geography a published figure describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Regional,
    La,
}

/// One published figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// The lscb indicator (benchmark key) it compares with.
    pub indicator: String,
    /// The financial year, as `2014-15`.
    pub year: String,
    pub level: Level,
    /// `E92000001` for England, the `E12…` code for a region, the old three-digit code for an LA.
    pub area_code: String,
    pub area_name: String,
    /// The region an LA belongs to (empty for England and regions, or when unknown).
    pub region_code: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The file (and column) the value comes from.
    pub source: String,
}

impl Published {
    fn sort_key(&self) -> (&str, &str, Level, &str) {
        (&self.indicator, &self.year, self.level, &self.area_code)
    }
}

/// One LA's neighbour in a statistical-neighbour model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    pub la_code: String,
    pub la_name: String,
    /// 1 is the closest.
    pub rank: u8,
    pub neighbour_code: String,
    /// DfE's closeness label ("Very Close", "Close", …), trimmed.
    pub closeness: String,
}

/// A statistical-neighbour model: each LA's neighbours in rank order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NeighbourModel {
    /// The model's name: `2021`, `2025`, or the file it was read from.
    pub name: String,
    pub rows: Vec<Neighbour>,
}

impl NeighbourModel {
    /// The neighbours of `la`, closest first.
    pub fn neighbours_of(&self, la: &str) -> Vec<&Neighbour> {
        let mut found: Vec<&Neighbour> = self.rows.iter().filter(|n| n.la_code == la).collect();
        found.sort_by_key(|n| n.rank);
        found
    }

    /// Parses the compact `la_code,la_name,rank,neighbour_code,closeness` form.
    pub fn parse(name: &str, text: &str) -> Result<NeighbourModel> {
        Ok(NeighbourModel {
            name: name.to_string(),
            rows: parse_rows(text).with_context(|| format!("in neighbour model {name}"))?,
        })
    }

    /// The model as compact CSV, sorted by LA and rank.
    pub fn to_csv(&self) -> Result<String> {
        let mut rows = self.rows.clone();
        rows.sort_by(|a, b| (&a.la_code, a.rank).cmp(&(&b.la_code, b.rank)));
        rows_to_csv(&rows)
    }
}

/// Published figures and the neighbour models, from a reference folder or embedded.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    pub values: Vec<Published>,
    /// Models by name (`2021`, `2025`).
    pub models: BTreeMap<String, NeighbourModel>,
}

impl Reference {
    /// The embedded reference: England, Yorkshire and The Humber, Rotherham and its
    /// neighbours under both models, 2012-13 to 2014-15; and both models in full.
    pub fn embedded() -> Result<Reference> {
        let mut models = BTreeMap::new();
        for (name, text) in [("2021", EMBEDDED_SN_2021), ("2025", EMBEDDED_SN_2025)] {
            models.insert(name.to_string(), NeighbourModel::parse(name, text)?);
        }
        Ok(Reference {
            values: parse_rows(EMBEDDED_BENCHMARKS).context("in the embedded benchmarks")?,
            models,
        })
    }

    /// Reads a reference folder written by `lscb reference import`.
    pub fn read_dir(dir: &Path) -> Result<Reference> {
        let benchmarks = dir.join(BENCHMARKS_FILE);
        if !dir.is_dir() {
            bail!("reference folder {} does not exist", dir.display());
        }
        let values = match read_text(&benchmarks)? {
            Some(text) => {
                parse_rows(&text).with_context(|| format!("in {}", benchmarks.display()))?
            }
            None => Vec::new(),
        };
        let mut models = BTreeMap::new();
        for name in ["2021", "2025"] {
            let path = model_path(dir, name);
            if let Some(text) = read_text(&path)? {
                let model = NeighbourModel::parse(name, &text)
                    .with_context(|| format!("in {}", path.display()))?;
                models.insert(name.to_string(), model);
            }
        }
        if values.is_empty() && models.is_empty() {
            bail!(
                "{} holds no {BENCHMARKS_FILE} or neighbours_*.csv: write it with `lscb reference import`",
                dir.display()
            );
        }
        Ok(Reference { values, models })
    }

    /// Writes the folder's files, sorted, replacing any there.
    pub fn write_dir(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let mut values = self.values.clone();
        values.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut written = vec![dir.join(BENCHMARKS_FILE)];
        write_atomically(&written[0], &rows_to_csv(&values)?)?;
        for (name, model) in &self.models {
            let path = model_path(dir, name);
            write_atomically(&path, &model.to_csv()?)?;
            written.push(path);
        }
        Ok(written)
    }

    /// The published value of `indicator` for `area_code` in the financial year starting in
    /// `start_year`.
    pub fn value(&self, indicator: &str, start_year: i32, area_code: &str) -> Option<&Published> {
        let year = year_label(start_year);
        self.values
            .iter()
            .find(|p| p.indicator == indicator && p.year == year && p.area_code == area_code)
    }

    /// Every LA's published value of `indicator` in the year.
    pub fn la_values(&self, indicator: &str, start_year: i32) -> Vec<&Published> {
        let year = year_label(start_year);
        self.values
            .iter()
            .filter(|p| p.indicator == indicator && p.year == year && p.level == Level::La)
            .collect()
    }

    /// The region code of an LA, from any of its published rows.
    pub fn region_of(&self, la: &str) -> Option<String> {
        self.values
            .iter()
            .find(|p| p.level == Level::La && p.area_code == la && !p.region_code.is_empty())
            .map(|p| p.region_code.clone())
    }

    /// The latest financial year, no later than `start_year`, with any published value of
    /// `indicator`.
    pub fn latest_year(&self, indicator: &str, start_year: i32) -> Option<i32> {
        self.values
            .iter()
            .filter(|p| p.indicator == indicator)
            .filter_map(|p| crate::dates::period::parse_year(&p.year))
            .filter(|y| *y <= start_year)
            .max()
    }

    /// The model the reference holds under `name` (`2021`, `2025`).
    pub fn model(&self, name: &str) -> Option<&NeighbourModel> {
        self.models.get(name)
    }

    /// The names of the models the reference holds.
    pub fn model_names(&self) -> Vec<String> {
        self.models.keys().cloned().collect()
    }
}

fn model_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("neighbours_{name}.csv"))
}

fn read_text(path: &Path) -> Result<Option<String>> {
    if !path.exists() {
        return Ok(None);
    }
    std::fs::read_to_string(path)
        .map(Some)
        .with_context(|| format!("cannot read {}", path.display()))
}

fn parse_rows<T: for<'de> Deserialize<'de>>(text: &str) -> Result<Vec<T>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.with_context(|| format!("line {}", i + 2)))
        .collect()
}

fn rows_to_csv<T: Serialize>(rows: &[T]) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}

/// Writes `text` to a temporary file beside `path` and renames it into place, so a failed
/// run never leaves a half-written file.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", path.display()))?;
    let temporary = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    std::fs::write(&temporary, text)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot move {} into place", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_reference_holds_rotherham_and_both_models() {
        let reference = Reference::embedded().unwrap();
        let cin = reference.value("cin_rate", 2014, "372").unwrap();
        assert_eq!(format!("{:.1}", cin.value), "414.8");
        assert_eq!(cin.region_code, "E12000003");
        let sn: Vec<&str> = reference.models["2021"]
            .neighbours_of("372")
            .iter()
            .map(|n| n.neighbour_code.as_str())
            .collect();
        assert_eq!(
            sn,
            ["371", "359", "332", "357", "370", "894", "813", "807", "812", "384"]
        );
        assert_eq!(reference.models["2025"].neighbours_of("372").len(), 10);
    }

    #[test]
    fn a_folder_round_trips_byte_for_byte() {
        let reference = Reference::embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        reference.write_dir(dir.path()).unwrap();
        let again = Reference::read_dir(dir.path()).unwrap();
        assert_eq!(again.values.len(), reference.values.len());
        let other = tempfile::tempdir().unwrap();
        again.write_dir(other.path()).unwrap();
        for file in [
            "benchmarks.csv",
            "neighbours_2021.csv",
            "neighbours_2025.csv",
        ] {
            assert_eq!(
                std::fs::read(dir.path().join(file)).unwrap(),
                std::fs::read(other.path().join(file)).unwrap(),
                "{file}"
            );
        }
    }

    #[test]
    fn latest_year_falls_back_to_an_earlier_one() {
        let reference = Reference::embedded().unwrap();
        assert_eq!(reference.latest_year("cin_rate", 2016), Some(2014));
        assert_eq!(reference.latest_year("cin_rate", 2013), Some(2013));
        assert_eq!(reference.latest_year("cin_rate", 2010), None);
    }
}
