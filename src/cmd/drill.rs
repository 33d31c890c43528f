//! `lscb drill ID DIR --period P`: the records behind one indicator's figure, so an analyst can
//! act on a poor one. By default, for a percentage, the records that did not meet it or were
//! left out; `--all` lists every record.
//!
//! This is the one aggregate command that prints child identifiers: the output is for case
//! work, not for publication.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use polars::prelude::*;
use sha2::{Digest, Sha256};

use lscb::dates::period::Period;
use lscb::indicators::definition::Unit;
use lscb::indicators::records::{self, EXCLUDED, HIT, WORKING_DAYS};
use lscb::render::{Format, Table};

use super::DataArgs;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The output identifies children (Child Unique ID): handle it as case records."
)]
pub struct Args {
    /// The indicator id (see `lscb indicators --list`).
    pub id: String,

    /// The data directory of extracts.
    pub dir: PathBuf,

    /// The period, as for `lscb indicators`.
    #[arg(long)]
    pub period: Period,

    /// List every record in scope, not only those that did not meet the indicator.
    #[arg(long)]
    pub all: bool,

    /// Replace each Child Unique ID with a salted hash (`h` and 16 hex digits), so the list can
    /// be shared without identifying children; the same salt gives the same hashes.
    #[arg(long)]
    pub hash_ids: bool,

    /// The salt for --hash-ids (default: the LSCB_SALT environment variable, else a random
    /// salt for this run only). Unused without --hash-ids, so an exported LSCB_SALT does not
    /// get in the way of a plain drill-down.
    #[arg(long, env = "LSCB_SALT", hide_env_values = true)]
    pub salt: Option<String>,

    /// Add the indicator definitions in this folder to the catalogue (repeatable).
    #[arg(long, value_name = "DIR")]
    pub add_indicators: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<bool> {
    let prepared = args.data.prepare(
        &args.dir,
        &args.add_indicators,
        std::slice::from_ref(&args.id),
    )?;
    let definition = prepared.catalogue.get(&args.id)?;
    let list = definition.list_kind();
    let found = records::records(
        definition,
        &args.period,
        &prepared.dataset,
        &prepared.calendar,
        false,
    )?;
    let Some(frame) = found.frame else {
        writeln!(out, "No records: {}", found.notes.join("; "))?;
        return Ok(true);
    };
    // Dates in the order they happen: start, end, then the date placing it in the period.
    let placing = definition.date.as_deref().or(definition
        .snapshot
        .as_ref()
        .and_then(|s| s.start.as_deref()));
    let mut dates: Vec<&str> = Vec::new();
    let shown = definition.measured_dates().into_iter().chain(placing);
    for id in shown.chain(definition.shown_values()) {
        if !dates.contains(&id) {
            dates.push(id);
        }
    }
    // A share's records are met or not; a sum's (a total, a return) each add to it.
    let judged = definition.unit() == Unit::Percent && definition.shown_values().is_empty();
    let only_failing = !args.all && judged;
    let mut selected = frame;
    if only_failing {
        selected = selected.filter(col(EXCLUDED).is_not_null().or(col(HIT).not()));
    }
    let identifier = list.identifier();
    let mut sort_by: Vec<&str> = placing.into_iter().collect();
    sort_by.push(identifier);
    let rows = selected
        .sort(sort_by, SortMultipleOptions::default())
        .collect()
        .map_err(anyhow::Error::from)
        .context("listing the records")?;

    let heading = |id: &str| list.heading(id).to_string();
    let mut headers = vec![heading(identifier)];
    headers.extend(dates.iter().map(|d| heading(d)));
    let has_team = list.column("team").is_some();
    if has_team {
        headers.push(heading("team"));
    }
    let measured = definition.days_measured();
    if let Some(days) = measured {
        headers.push(days.into());
    }
    headers.push("Status".into());
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let numeric: Vec<bool> = headers
        .iter()
        .map(|h| Some(h.as_str()) == measured)
        .collect();
    let mut table = Table::new(&header_refs, &numeric);

    let text = |name: &str| -> Result<Vec<String>> {
        let column = rows.column(name)?;
        if column.dtype().is_float() {
            // As people write them: 18, 111370.5 (polars' text of a float is 18.0).
            let numbers = column.cast(&DataType::Float64)?;
            let texts = numbers.f64()?.iter().map(|v| v.map(|v| v.to_string()));
            return Ok(texts.map(Option::unwrap_or_default).collect());
        }
        let column = column.cast(&DataType::String)?;
        Ok(column
            .str()?
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    };
    let mut columns = vec![text(identifier)?];
    if args.hash_ids {
        let salt = args.salt.clone().unwrap_or_else(|| {
            eprintln!(
                "lscb: no --salt or LSCB_SALT: these hashes cannot be matched to another run"
            );
            random_salt()
        });
        columns[0] = columns[0].iter().map(|id| pseudonym(&salt, id)).collect();
        table.headers[0] = "Child (hashed)".to_string();
    }
    for d in &dates {
        columns.push(text(d)?);
    }
    if has_team {
        columns.push(text("team")?);
    }
    if measured.is_some() {
        columns.push(text(WORKING_DAYS)?);
    }
    let excluded = text(EXCLUDED)?;
    let hits = text(HIT)?;
    for row in 0..rows.height() {
        let mut cells: Vec<String> = columns.iter().map(|c| c[row].clone()).collect();
        cells.push(match (excluded[row].as_str(), hits[row].as_str()) {
            ("", "true") if judged => "met".to_string(),
            ("", _) if judged => "not met".to_string(),
            ("", _) => "counted".to_string(),
            (reason, _) => format!("left out: {reason}"),
        });
        table.push(cells);
    }
    table.write(args.format, out)?;
    if matches!(args.format, Format::Table | Format::Markdown) {
        writeln!(
            out,
            "{} record{} of {} for {}{}.",
            rows.height(),
            if rows.height() == 1 { "" } else { "s" },
            definition.id,
            args.period,
            if only_failing {
                " that did not meet it or were left out (--all for every record)"
            } else {
                ""
            }
        )?;
    }
    Ok(true)
}

/// A salted SHA-256 of a child's identifier: `h` and the first 16 hex digits.
pub fn pseudonym(salt: &str, id: &str) -> String {
    let digest = Sha256::new()
        .chain_update(salt.as_bytes())
        .chain_update([0])
        .chain_update(id.as_bytes())
        .finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("h{hex}")
}

/// A salt no one can guess, for hashes that need to hold within one run only.
fn random_salt() -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut hasher = state.build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!(
        "{:016x}{:016x}",
        hasher.finish(),
        state.build_hasher().finish()
    )
}
