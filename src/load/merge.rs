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
/// `rejected` columns), which come in extract, file and line order. Returns one row per record
/// per extract holding it, with `latest` marking the winning version, and the accounting.
pub fn merge(
    list: ListKind,
    rows: DataFrame,
    files: usize,
    problems: &mut Vec<Problem>,
) -> PolarsResult<(DataFrame, ListSummary)> {
    let rows_read = rows.height();
    let rejected_rows = count(&rows, col(REJECTED))?;
    let keys = key_columns(list, &rows)?;
    let key_names: Vec<PlSmallStr> = (0..keys.len()).map(key_name).collect();
    let content = content_columns(list);

    let new_key = changes(key_names.iter().map(|k| col(k.clone())));
    let accepted = match rejected_rows {
        0 => rows.lazy(),
        _ => rows.lazy().filter(col(REJECTED).not()),
    };
    // A stable sort on the key keeps each record's rows in extract, file and line order.
    let sorted = accepted
        .with_columns(keys)
        .sort(
            key_names.clone(),
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_column(new_key.alias(NEW_KEY))
        .with_column(
            col(NEW_KEY)
                .or(changes(std::iter::once(col(AS_AT))))
                .alias(NEW_VERSION),
        )
        .collect()?;
    let repeats = count(&sorted, col(NEW_VERSION).not())?;
    let (versions, within_duplicates, rejected_conflicts) = if repeats == 0 {
        (sorted, 0, 0)
    } else {
        let (versions, within_duplicates, conflicts) =
            drop_repeats_in_an_extract(sorted, &content)?;
        report_conflicts(list, &conflicts, problems)?;
        (versions, within_duplicates, conflicts.height())
    };

    let versions = versions
        .lazy()
        .with_row_index(ROW, None)
        .with_column(run_end(col(NEW_KEY)).alias(LAST))
        .with_columns([
            col(ROW).eq(col(LAST)).alias(LATEST),
            same_as(&content, LAST).alias(SAME),
        ])
        .collect()?;
    let kept = count(&versions, col(LATEST))?;
    let earlier_duplicates = count(&versions, col(LATEST).not().and(col(SAME)))?;
    let updated = count(&versions, col(LATEST).not().and(col(SAME).not()))?;

    let mut dropped: Vec<PlSmallStr> = key_names;
    dropped.extend([ROW, NEW_KEY, NEW_VERSION, LAST, SAME, REJECTED].map(PlSmallStr::from));
    let records = versions.drop_many(dropped);
    let exact_duplicates = within_duplicates + earlier_duplicates;
    let summary = ListSummary {
        list: list.to_string(),
        files,
        rows_read,
        kept,
        exact_duplicates,
        updated,
        rejected: rejected_rows + rejected_conflicts,
    };
    Ok((records, summary))
}

/// Within one extract, a second row with a record's key is an exact duplicate when it agrees
/// with the first and a conflict (excluded) when it does not. Returns the first rows, the
/// number of exact duplicates, and the conflicts with the row each conflicts with. Only run
/// when an extract repeats a key: most have none.
fn drop_repeats_in_an_extract(
    sorted: DataFrame,
    content: &[&str],
) -> PolarsResult<(DataFrame, usize, DataFrame)> {
    let ranked = sorted
        .lazy()
        .with_row_index(ROW, None)
        .with_column(run_start(col(NEW_VERSION)).alias(FIRST))
        .with_columns([
            same_as(content, FIRST).alias(SAME),
            col(LINE).gather(col(FIRST), false).alias(FIRST_LINE),
            col(FILE).gather(col(FIRST), false).alias(FIRST_FILE),
        ])
        .collect()?;
    let repeat = col(NEW_VERSION).not();
    let conflicts = ranked
        .clone()
        .lazy()
        .filter(repeat.clone().and(col(SAME).not()))
        .select([col(FILE), col(LINE), col(FIRST_FILE), col(FIRST_LINE)])
        .collect()?;
    let duplicates = count(&ranked, repeat.and(col(SAME)))?;
    let firsts = ranked
        .lazy()
        .filter(col(NEW_VERSION))
        .drop(by_name(
            [ROW, FIRST, SAME, FIRST_LINE, FIRST_FILE],
            true,
            false,
        ))
        .collect()?;
    Ok((firsts, duplicates, conflicts))
}

/// Working columns of the merge. The rows are sorted by key, then extract, file and line, so a
/// record's rows are adjacent and each comparison is with a neighbour or with the first or
/// last row of a run: linear work, where grouping windows would hash every key again for
/// every column compared.
const ROW: &str = "__row";
const NEW_KEY: &str = "__new_key";
const NEW_VERSION: &str = "__new_version";
const FIRST: &str = "__first";
const LAST: &str = "__last";
const SAME: &str = "__same";
const FIRST_LINE: &str = "__first_line";
const FIRST_FILE: &str = "__first_file";

/// True on rows where any of `columns` differs from the row before (and on the first row).
fn changes(columns: impl Iterator<Item = Expr>) -> Expr {
    columns
        .map(|c| c.clone().neq_missing(c.shift(lit(1))))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false))
        .fill_null(lit(true))
}

/// The number (in column `ROW`) of the first row of the run each row is in, runs starting
/// where `starts`.
fn run_start(starts: Expr) -> Expr {
    when(starts)
        .then(col(ROW))
        .otherwise(lit(NULL).cast(IDX_DTYPE))
        .fill_null_with_strategy(FillNullStrategy::Forward(None))
}

/// The number (in column `ROW`) of the last row of the run each row is in, runs starting
/// where `starts`.
fn run_end(starts: Expr) -> Expr {
    let ends = starts.shift(lit(-1)).fill_null(lit(true));
    when(ends)
        .then(col(ROW))
        .otherwise(lit(NULL).cast(IDX_DTYPE))
        .fill_null_with_strategy(FillNullStrategy::Backward(None))
}

/// True where every content column equals its value on the row numbered in `other`.
fn same_as(content: &[&str], other: &str) -> Expr {
    content
        .iter()
        .map(|c| col(*c).eq_missing(col(*c).gather(col(other), false)))
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(true))
}

fn key_name(i: usize) -> PlSmallStr {
    format!("__key{i}").into()
}

/// The key as expressions: the record ID where the row has one, else the list's key columns
/// (the other key parts are null on rows keyed by ID, so the two kinds never collide).
fn key_columns(list: ListKind, rows: &DataFrame) -> PolarsResult<Vec<Expr>> {
    let part = |id: &str| -> PolarsResult<Expr> {
        Ok(if digits_of_one_length(rows.column(id)?) {
            col(id).cast(DataType::UInt64)
        } else {
            col(id)
        })
    };
    let columns = list.record_key();
    let Some(id) = list.record_id() else {
        return columns
            .iter()
            .enumerate()
            .map(|(i, c)| Ok(part(c)?.alias(key_name(i))))
            .collect();
    };
    let has_id = col(id).is_not_null();
    let mut keys = vec![part(id)?.alias(key_name(0))];
    for (i, c) in columns.iter().enumerate() {
        keys.push(
            when(has_id.clone().not())
                .then(part(c)?)
                .otherwise(lit(NULL))
                .alias(key_name(i + 1)),
        );
    }
    Ok(keys)
}

/// Whether every value of a text column is digits, all of one length (as identifiers often
/// are). Such values sort as numbers in the order they sort as text, and compare equal where
/// the texts do, and numbers sort several times faster.
fn digits_of_one_length(column: &Column) -> bool {
    let Ok(texts) = column.str() else {
        return false;
    };
    let mut width = None;
    texts.iter().flatten().all(|text| {
        (1..=MAX_U64_DIGITS).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_digit())
            && *width.get_or_insert(text.len()) == text.len()
    })
}

/// The most digits every number of which fits in a `u64`.
const MAX_U64_DIGITS: usize = 19;

/// The columns compared to tell an exact duplicate from an update: every column of the list
/// except the recorded age, which grows between extracts without the record changing.
fn content_columns(list: ListKind) -> Vec<&'static str> {
    list.columns()
        .into_iter()
        .map(|c| c.id)
        .filter(|id| *id != "age")
        .collect()
}

/// The number of rows where `condition` holds (summed, so no rows are copied to count them).
fn count(frame: &DataFrame, condition: Expr) -> PolarsResult<usize> {
    let counted = frame
        .clone()
        .lazy()
        .select([condition.cast(DataType::Int64).sum().alias("n")])
        .collect()?;
    Ok(counted.column("n")?.i64()?.get(0).unwrap_or(0) as usize)
}

fn report_conflicts(
    list: ListKind,
    conflicts: &DataFrame,
    problems: &mut Vec<Problem>,
) -> PolarsResult<()> {
    let files = conflicts.column(FILE)?.str()?;
    let lines = conflicts.column(LINE)?.idx()?;
    let first_files = conflicts.column(FIRST_FILE)?.str()?;
    let first_lines = conflicts.column(FIRST_LINE)?.idx()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_digits_of_one_length_are_sorted_as_numbers() {
        let texts = |values: &[Option<&str>]| Column::new("id".into(), values);
        let yes = [
            vec![Some("0012"), Some("0100"), None, Some("9999")],
            vec![Some("1234567890123456789")],
            vec![None],
        ];
        for values in yes {
            assert!(digits_of_one_length(&texts(&values)), "{values:?}");
        }
        let no = [
            vec![Some("99"), Some("100")],
            vec![Some("12a4")],
            vec![Some("")],
            vec![Some(" 123")],
            vec![Some("12345678901234567890")],
            vec![Some("١٢٣")],
        ];
        for values in no {
            assert!(!digits_of_one_length(&texts(&values)), "{values:?}");
        }
        assert!(!digits_of_one_length(&Column::new("n".into(), [1i32])));
    }
}
