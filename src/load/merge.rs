//! Merging overlapping extracts of one list into one record per key (SPEC §2.3).
//!
//! A record is identified by its key (the list's record ID where present, else the child and
//! event date, and for contacts the source). Within one extract, a second row with the same
//! key is an exact duplicate when everything else agrees, and a conflicting duplicate (an
//! error, the row excluded) when it does not. Across extracts, the version from the latest
//! extract wins; the earlier versions are counted as exact duplicates or as updated.

use polars::prelude::*;
use serde::Serialize;

use super::read::LINE;
use crate::model::ListKind;
use crate::problem::{Problem, Rule};

/// Columns every loaded file carries besides the list's own.
pub const FILE: &str = "file";
pub const AS_AT: &str = "as_at";
pub const REJECTED: &str = "rejected";
/// True on the version of each record from the latest extract holding it.
pub const LATEST: &str = "latest";

/// How the rows of one list were accounted for. Always `rows_read = kept +
/// exact_duplicates + updated + rejected`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListSummary {
    pub list: String,
    pub files: usize,
    pub rows_read: usize,
    pub kept: usize,
    pub exact_duplicates: usize,
    pub updated: usize,
    pub rejected: usize,
}

impl ListSummary {
    /// Whether the counts add up, as they must.
    pub fn balances(&self) -> bool {
        self.rows_read == self.kept + self.exact_duplicates + self.updated + self.rejected
    }
}

/// Merges the typed rows of every file of `list` (each with `file`, `line`, `as_at` and
/// `rejected` columns). Returns one row per record per extract holding it, with `latest`
/// marking the winning version, and the accounting.
pub fn merge(
    list: ListKind,
    rows: DataFrame,
    files: usize,
    problems: &mut Vec<Problem>,
) -> PolarsResult<(DataFrame, ListSummary)> {
    let rows_read = rows.height();
    let rejected_rows = count(&rows, col(REJECTED))?;
    let valid = rows.lazy().filter(col(REJECTED).not());
    let keys = key_columns(list);
    let key_names: Vec<PlSmallStr> = (0..keys.len()).map(key_name).collect();
    let mut in_extract: Vec<Expr> = key_names.iter().map(|k| col(k.clone())).collect();
    in_extract.push(col(AS_AT));
    let content = content_columns(list);

    let mut sort_by: Vec<PlSmallStr> = key_names.clone();
    sort_by.extend([AS_AT.into(), FILE.into(), LINE.into()]);
    let ranked = valid
        .with_columns(keys)
        .sort(sort_by, SortMultipleOptions::default())
        .with_columns([
            col(LINE)
                .cum_count(false)
                .over(in_extract.clone())?
                .alias("__rank"),
            all_equal(&content, |c| c.first().over(in_extract.clone()))?.alias("__same"),
            col(LINE)
                .first()
                .over(in_extract.clone())?
                .alias("__first_line"),
            col(FILE)
                .first()
                .over(in_extract.clone())?
                .alias("__first_file"),
        ])
        .collect()?;

    let repeat = col("__rank").gt(lit(1));
    let conflicts = ranked
        .clone()
        .lazy()
        .filter(repeat.clone().and(col("__same").not()))
        .select([
            col(FILE),
            col(LINE),
            col("__first_file"),
            col("__first_line"),
        ])
        .collect()?;
    report_conflicts(list, &conflicts, problems)?;
    let within_duplicates = count(&ranked, repeat.clone().and(col("__same")))?;

    let by_key: Vec<Expr> = key_names.iter().map(|k| col(k.clone())).collect();
    let versions = ranked
        .lazy()
        .filter(repeat.not())
        .with_columns([
            col(AS_AT)
                .eq(col(AS_AT).max().over(by_key.clone())?)
                .alias(LATEST),
            all_equal(&content, |c| c.last().over(by_key.clone()))?.alias("__same"),
        ])
        .collect()?;
    let kept = count(&versions, col(LATEST))?;
    let earlier_duplicates = count(&versions, col(LATEST).not().and(col("__same")))?;
    let updated = count(&versions, col(LATEST).not().and(col("__same").not()))?;

    let mut dropped: Vec<PlSmallStr> = key_names;
    dropped.extend(
        ["__rank", "__same", "__first_line", "__first_file", REJECTED].map(PlSmallStr::from),
    );
    let records = versions.drop_many(dropped);
    let exact_duplicates = within_duplicates + earlier_duplicates;
    let summary = ListSummary {
        list: list.to_string(),
        files,
        rows_read,
        kept,
        exact_duplicates,
        updated,
        rejected: rejected_rows + conflicts.height(),
    };
    Ok((records, summary))
}

fn key_name(i: usize) -> PlSmallStr {
    format!("__key{i}").into()
}

/// The key as expressions: the record ID where the row has one, else the list's key columns
/// (the other key parts are null on rows keyed by ID, so the two kinds never collide).
fn key_columns(list: ListKind) -> Vec<Expr> {
    let columns = list.record_key();
    let Some(id) = list.record_id() else {
        return columns
            .iter()
            .enumerate()
            .map(|(i, c)| col(*c).alias(key_name(i)))
            .collect();
    };
    let has_id = col(id).is_not_null();
    std::iter::once(col(id).alias(key_name(0)))
        .chain(columns.iter().enumerate().map(|(i, c)| {
            when(has_id.clone().not())
                .then(col(*c))
                .otherwise(lit(NULL))
                .alias(key_name(i + 1))
        }))
        .collect()
}

/// The columns compared to tell an exact duplicate from an update: every column of the list
/// except the recorded age, which grows between extracts without the record changing.
fn content_columns(list: ListKind) -> Vec<&'static str> {
    list.columns()
        .into_iter()
        .map(|c| c.id)
        .filter(|id| *id != "age")
        .collect()
}

/// True where every content column equals `reference(column)` (nulls equal to nulls).
fn all_equal(
    content: &[&str],
    reference: impl Fn(Expr) -> PolarsResult<Expr>,
) -> PolarsResult<Expr> {
    let mut all = lit(true);
    for c in content {
        all = all.and(col(*c).eq_missing(reference(col(*c))?));
    }
    Ok(all)
}

fn count(frame: &DataFrame, condition: Expr) -> PolarsResult<usize> {
    Ok(frame.clone().lazy().filter(condition).collect()?.height())
}

fn report_conflicts(
    list: ListKind,
    conflicts: &DataFrame,
    problems: &mut Vec<Problem>,
) -> PolarsResult<()> {
    let files = conflicts.column(FILE)?.str()?;
    let lines = conflicts.column(LINE)?.idx()?;
    let first_files = conflicts.column("__first_file")?.str()?;
    let first_lines = conflicts.column("__first_line")?.idx()?;
    let key = describe_key(list);
    for row in 0..conflicts.height() {
        let file = files.get(row).unwrap_or("");
        let first_file = first_files.get(row).unwrap_or("");
        let first_line = first_lines.get(row).unwrap_or(0);
        let place = if first_file == file {
            format!("line {first_line}")
        } else {
            format!("line {first_line} of {first_file}")
        };
        problems.push(Problem::at(
            file,
            u64::from(lines.get(row).unwrap_or(0)),
            None,
            Rule::ConflictingDuplicate,
            format!(
                "has the same {key} as {place} in the same extract but different values; the row is excluded"
            ),
        ));
    }
    Ok(())
}

fn describe_key(list: ListKind) -> String {
    let heading = |id: &'static str| list.column(id).map(|c| c.heading).unwrap_or(id);
    let parts: Vec<&str> = list.record_key().into_iter().map(heading).collect();
    let parts = match parts.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    match list.record_id() {
        Some(id) => format!("{} (or {parts})", heading(id)),
        None => parts,
    }
}
