//! Merging overlapping extracts of one list into one record per key (SPEC §2.3).
//!
//! A record is identified by its key (the list's record ID where present, else the child and
//! event date, and for contacts the source). Within one extract, a second row with the same
//! key is an exact duplicate when everything else agrees, and a conflicting duplicate (an
//! error, the row excluded) when it does not. Across extracts, the version from the latest
//! extract wins; the earlier versions are counted as exact duplicates or as updated.

use polars::prelude::*;
use serde::Serialize;

use crate::kernels::keys::radix_sorted_pairs;
use crate::kernels::packing::{digits_as_numbers, packed};
use crate::model::frame::{AS_AT, FILE, LATEST, LINE, REJECTED};
use crate::model::ListKind;
use crate::problem::{Problem, Rule};

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
/// per extract holding it, in the order they came, with its `as_at` and the list's columns,
/// `latest` marking the winning version, and the accounting.
///
/// Only the record keys are sorted: each record's rows are found in key order and compared in
/// pairs (a repeat with the first row of its extract, an earlier version with the latest), so
/// the rows themselves are neither sorted nor copied, unless some are dropped.
pub fn merge(
    list: ListKind,
    rows: DataFrame,
    files: usize,
    problems: &mut Vec<Problem>,
) -> PolarsResult<(DataFrame, ListSummary)> {
    let rows_read = rows.height();
    let rejected_rows = count(&rows, col(REJECTED))?;
    let content = content_columns(list);
    let accepted = match rejected_rows {
        0 => rows,
        _ => rows.lazy().filter(col(REJECTED).not()).collect()?,
    };
    let sorted = in_key_order(list, &accepted)?;

    let repeats = repeats_in_an_extract(&sorted);
    let repeats_agree = agree(&accepted, &content, &repeats)?;
    report_conflicts(list, &accepted, &repeats, &repeats_agree, problems)?;
    let within_duplicates = repeats_agree.iter().filter(|same| **same).count();

    let (earlier, latest_rows) = versions(&sorted);
    let earlier_agree = agree(&accepted, &content, &earlier)?;
    let earlier_duplicates = earlier_agree.iter().filter(|same| **same).count();

    let mut latest = vec![false; accepted.height()];
    for row in &latest_rows {
        latest[*row as usize] = true;
    }
    // Every problem is located by now, so each row's file and line have served.
    let mut records = accepted.drop_many([REJECTED, FILE, LINE]);
    records.with_column(Column::new(LATEST.into(), latest))?;
    if !repeats.rows.is_empty() {
        let mut first = vec![true; records.height()];
        for row in &repeats.rows {
            first[*row as usize] = false;
        }
        records = records.filter(&BooleanChunked::from_slice(PlSmallStr::EMPTY, &first))?;
    }
    // One chunk per column (the files' parts were chunks): the indicators' joins and gathers
    // cost up to three times as much over many chunks.
    records.rechunk_mut_par();
    let summary = ListSummary {
        list: list.to_string(),
        files,
        rows_read,
        kept: latest_rows.len(),
        exact_duplicates: within_duplicates + earlier_duplicates,
        updated: earlier.rows.len() - earlier_duplicates,
        rejected: rejected_rows + repeats.rows.len() - within_duplicates,
    };
    Ok((records, summary))
}

/// One row in record-key order.
struct Sorted {
    /// The row's number in the rows merged.
    row: IdxSize,
    /// Whether it is a record's first row.
    new_key: bool,
    /// Whether it is the first row of a record in its extract (a version of the record).
    new_version: bool,
}

/// The rows' numbers in record-key order, each record's rows in the order they came (extract,
/// file and line), marking where each record and each of its versions starts.
fn in_key_order(list: ListKind, rows: &DataFrame) -> PolarsResult<Vec<Sorted>> {
    let parts = rows
        .clone()
        .lazy()
        .select(key_parts(list, rows)?)
        .collect()?;
    match packed(parts.columns())? {
        Some(keys) => {
            let as_at = rows.column(AS_AT)?.date()?.physical();
            let as_at: Vec<i32> = as_at.iter().map(Option::unwrap_or_default).collect();
            Ok(in_order_of_packed(&keys, &as_at))
        }
        None => in_order_of_parts(parts, rows.column(AS_AT)?),
    }
}

/// [`in_key_order`] for keys packed into numbers, with each row's extract (its as-at day):
/// the rows are sorted by a least-significant-digit radix sort, which keeps rows of equal keys
/// in the order they came and is several times faster than a comparison sort.
fn in_order_of_packed(keys: &[u64], as_at: &[i32]) -> Vec<Sorted> {
    let order = radix_sorted_pairs(keys);
    let mut sorted = Vec::with_capacity(order.len());
    let mut before: Option<(u64, i32)> = None;
    for (key, row) in order {
        let extract = as_at[row as usize];
        let new_key = before.is_none_or(|(k, _)| k != key);
        let new_version = new_key || before.is_some_and(|(_, e)| e != extract);
        sorted.push(Sorted {
            row,
            new_key,
            new_version,
        });
        before = Some((key, extract));
    }
    sorted
}

/// [`in_key_order`] for keys left as parts (they do not fit in 64 bits), sorted by polars.
fn in_order_of_parts(parts: DataFrame, as_at: &Column) -> PolarsResult<Vec<Sorted>> {
    let key_names: Vec<PlSmallStr> = parts.get_column_names_owned();
    let new_key = changes(key_names.iter().map(|k| col(k.clone())));
    let mut columns = parts.into_columns();
    columns.push(as_at.clone());
    let sorted = DataFrame::new(as_at.len(), columns)?
        .lazy()
        .with_row_index(ROW, None)
        .sort(
            key_names,
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .select([
            col(ROW),
            new_key.clone().alias(NEW_KEY),
            new_key
                .or(changes(std::iter::once(col(AS_AT))))
                .alias(NEW_VERSION),
        ])
        .collect()?;
    let rows = sorted.column(ROW)?.idx()?;
    let new_keys = sorted.column(NEW_KEY)?.bool()?;
    let new_versions = sorted.column(NEW_VERSION)?.bool()?;
    Ok(rows
        .iter()
        .zip(new_keys.iter())
        .zip(new_versions.iter())
        .map(|((row, new_key), new_version)| Sorted {
            row: row.unwrap_or_default(),
            new_key: new_key.unwrap_or(true),
            new_version: new_version.unwrap_or(true),
        })
        .collect())
}

/// Rows to compare, each with another: `rows[i]` with `with[i]`.
#[derive(Default)]
struct Pairs {
    rows: Vec<IdxSize>,
    with: Vec<IdxSize>,
}

/// Within one extract, each row after the first with a record's key, paired with that first
/// row: an exact duplicate when they agree, a conflict (excluded) when they do not.
fn repeats_in_an_extract(sorted: &[Sorted]) -> Pairs {
    let mut pairs = Pairs::default();
    for version in sorted.chunk_by(|_, next| !next.new_version) {
        for repeat in &version[1..] {
            pairs.rows.push(repeat.row);
            pairs.with.push(version[0].row);
        }
    }
    pairs
}

/// Each record's versions from earlier extracts, paired with its latest version (an exact
/// duplicate when they agree, updated when they do not), and the latest versions. The pairs
/// are in row order, so comparing them reads the rows in the order they lie in memory.
fn versions(sorted: &[Sorted]) -> (Pairs, Vec<IdxSize>) {
    let firsts: Vec<&Sorted> = sorted.iter().filter(|row| row.new_version).collect();
    let mut latest_of: Vec<Option<IdxSize>> = vec![None; sorted.len()];
    let mut latest = Vec::new();
    for record in firsts.chunk_by(|_, next| !next.new_key) {
        let Some((last, before)) = record.split_last() else {
            continue;
        };
        latest.push(last.row);
        for version in before {
            latest_of[version.row as usize] = Some(last.row);
        }
    }
    let mut earlier = Pairs::default();
    for (row, with) in (0..).zip(latest_of) {
        if let Some(with) = with {
            earlier.rows.push(row);
            earlier.with.push(with);
        }
    }
    (earlier, latest)
}

/// For each pair of `rows`, whether every content column holds the same value in both. The
/// columns are compared one at a time, each only for the pairs that agreed on those before,
/// and those that differ most often among the first pairs are compared first: where most
/// pairs differ (a record updated in every extract), the first column compared tells most of
/// them apart and leaves little to compare.
fn agree(rows: &DataFrame, content: &[&str], pairs: &Pairs) -> PolarsResult<Vec<bool>> {
    let sampled = pairs.rows.len().min(SAMPLED_PAIRS);
    let mut differing: Vec<(usize, &str)> = Vec::with_capacity(content.len());
    for column in content {
        let equal = equal_in_pairs(rows.column(column)?, pairs, 0..sampled)?;
        differing.push((equal.iter().filter(|same| !**same).count(), column));
    }
    // Stable: columns that differ as often keep the list's order.
    differing.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    let mut same = vec![true; pairs.rows.len()];
    let mut agreeing: Vec<usize> = (0..pairs.rows.len()).collect();
    for (_, column) in differing {
        if agreeing.is_empty() {
            break;
        }
        let equal = equal_in_pairs(rows.column(column)?, pairs, agreeing.iter().copied())?;
        agreeing = agreeing
            .into_iter()
            .zip(equal)
            .filter_map(|(pair, equal)| {
                same[pair] &= equal;
                equal.then_some(pair)
            })
            .collect();
    }
    Ok(same)
}

/// How many pairs [`agree`] compares to order the columns: enough to tell the columns that
/// often differ from those that seldom do, few enough to cost nothing beside the whole.
const SAMPLED_PAIRS: usize = 1024;

/// Whether `column` holds the same value (null equal to null) in both rows of each of the
/// pairs numbered `which`.
fn equal_in_pairs(
    column: &Column,
    pairs: &Pairs,
    which: impl Iterator<Item = usize> + Clone,
) -> PolarsResult<Vec<bool>> {
    let side = |of: &[IdxSize]| {
        let rows: Vec<IdxSize> = which.clone().map(|pair| of[pair]).collect();
        column.take(&IdxCa::from_vec(PlSmallStr::EMPTY, rows))
    };
    let equal = side(&pairs.rows)?.equal_missing(&side(&pairs.with)?)?;
    Ok(equal.iter().map(|equal| equal.unwrap_or(false)).collect())
}

/// Working columns of the merge of keys left as parts.
const ROW: &str = "__row";
const NEW_KEY: &str = "__new_key";
const NEW_VERSION: &str = "__new_version";

/// True on rows where any of `columns` differs from the row before (and on the first row).
fn changes(columns: impl Iterator<Item = Expr>) -> Expr {
    columns
        .map(|c| c.clone().neq_missing(c.shift(lit(1))))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false))
        .fill_null(lit(true))
}

fn key_name(i: usize) -> PlSmallStr {
    format!("__key{i}").into()
}

/// The key as expressions: the record ID where the row has one, else the list's key columns
/// (the other key parts are null on rows keyed by ID, so the two kinds never collide).
fn key_parts(list: ListKind, rows: &DataFrame) -> PolarsResult<Vec<Expr>> {
    let part = |id: &str| -> PolarsResult<Expr> {
        Ok(match digits_as_numbers(rows.column(id)?) {
            Some(numbers) => lit(numbers.into_series()),
            None => col(id),
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

/// Reports each repeat in an extract that does not agree with the first row of its key there.
fn report_conflicts(
    list: ListKind,
    rows: &DataFrame,
    repeats: &Pairs,
    agree: &[bool],
    problems: &mut Vec<Problem>,
) -> PolarsResult<()> {
    let files = rows.column(FILE)?;
    let lines = rows.column(LINE)?.idx()?;
    let key = describe_key(list);
    let conflicts = repeats.rows.iter().zip(&repeats.with).zip(agree);
    for ((&row, &first), _) in conflicts.filter(|(_, same)| !**same) {
        let (file, first_file) = (files.get(row as usize)?, files.get(first as usize)?);
        let (file, first_file) = (
            file.get_str().unwrap_or(""),
            first_file.get_str().unwrap_or(""),
        );
        let first_line = lines.get(first as usize).unwrap_or(0);
        let place = if first_file == file {
            format!("line {first_line}")
        } else {
            format!("line {first_line} of {first_file}")
        };
        problems.push(Problem::at(
            file,
            u64::from(lines.get(row as usize).unwrap_or(0)),
            None,
            Rule::ConflictingDuplicate,
            format!(
                "has the same {key} as {place} in the same {} but different values; the row is excluded",
                if list.is_register() { "file" } else { "extract" }
            ),
        ));
    }
    Ok(())
}

fn describe_key(list: ListKind) -> String {
    let heading = |id: &'static str| list.heading(id);
    let parts: Vec<&str> = list.record_key().into_iter().map(heading).collect();
    let parts = crate::render::and_list(&parts);
    match list.record_id() {
        Some(id) => format!("{} (or {parts})", heading(id)),
        None => parts,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::decode;
    use super::*;
    use crate::kernels::packing::MAX_PACKED_TEXTS;

    /// The key parts of rows given as (identifier, date as days, code).
    type Parts = (Option<u64>, Option<i32>, Option<&'static str>);

    fn part_columns(rows: &[Parts]) -> Vec<Column> {
        let ids: Vec<Option<u64>> = rows.iter().map(|r| r.0).collect();
        let days: Vec<Option<i32>> = rows.iter().map(|r| r.1).collect();
        let codes: Vec<Option<&str>> = rows.iter().map(|r| r.2).collect();
        let dates = Column::new("d".into(), days).cast(&DataType::Date).unwrap();
        vec![
            Column::new("i".into(), ids),
            dates,
            Column::new("c".into(), codes),
        ]
    }

    fn packed_numbers(parts: &[Column]) -> Vec<u64> {
        packed(parts).unwrap().expect("the parts fit in 64 bits")
    }

    /// Rows of Lists 6 as the load gives them to the merge, from (file, line, extract's as-at
    /// day, child, start day, team); the other columns blank.
    fn children_in_need(rows: &[(&str, u32, i32, &str, i32, &str)]) -> DataFrame {
        let days = |values: Vec<i32>| Series::new("".into(), values).cast(&DataType::Date);
        let mut columns = vec![
            Column::new(FILE.into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
            Column::new(LINE.into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
            days(rows.iter().map(|r| r.2).collect())
                .unwrap()
                .with_name(AS_AT.into())
                .into(),
            Column::new(REJECTED.into(), vec![false; rows.len()]),
        ];
        for spec in ListKind::ChildrenInNeed.columns() {
            let column = match spec.id {
                "child_id" => Column::new("".into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
                "cin_start" => days(rows.iter().map(|r| r.4).collect()).unwrap().into(),
                "team" => Column::new("".into(), rows.iter().map(|r| r.5).collect::<Vec<_>>()),
                _ => Column::full_null(
                    "".into(),
                    rows.len(),
                    &crate::load::decode::dtype(spec.kind),
                ),
            };
            columns.push(column.with_name(spec.id.into()));
        }
        DataFrame::new(rows.len(), columns).unwrap()
    }

    #[test]
    fn versions_are_kept_with_the_latest_marked_and_their_files_and_lines_dropped() {
        let (q1, q2) = (16160, 16251); // 31 March and 30 June 2014
        let rows = children_in_need(&[
            ("q1.csv", 2, q1, "C1", 16000, "East"),
            ("q1.csv", 3, q1, "C2", 16010, "West"),
            ("q2.csv", 2, q2, "C1", 16000, "East"), // unchanged
            ("q2.csv", 3, q2, "C2", 16010, "North"), // updated
            ("q2.csv", 4, q2, "C2", 16010, "North"), // repeated in its extract
        ]);
        let mut problems = Vec::new();
        let (records, summary) = merge(ListKind::ChildrenInNeed, rows, 2, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let mut expected = vec![AS_AT.to_string()];
        expected.extend(
            ListKind::ChildrenInNeed
                .columns()
                .iter()
                .map(|c| c.id.to_string()),
        );
        expected.push(LATEST.to_string());
        let names: Vec<String> = records
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(
            names, expected,
            "no file or line: the problems are located by now"
        );
        let latest: Vec<Option<bool>> = records
            .column(LATEST)
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(latest, [Some(false), Some(false), Some(true), Some(true)]);
        assert_eq!(
            (
                summary.rows_read,
                summary.kept,
                summary.exact_duplicates,
                summary.updated
            ),
            (5, 2, 2, 1)
        );
        assert!(summary.balances());
    }

    #[test]
    fn packed_keys_sort_nulls_first_then_each_part_ascending() {
        let rows: Vec<Parts> = vec![
            (Some(3720000002), Some(-5), Some("b")),
            (None, Some(16000), Some("a")),
            (Some(3720000001), None, Some("b")),
            (Some(3720000001), Some(-5), None),
            (Some(3720000001), Some(-5), Some("a")),
            (None, None, None),
            (Some(3720000001), Some(-5), Some("a")),
        ];
        let numbers = packed_numbers(&part_columns(&rows));
        let mut by_number: Vec<usize> = (0..rows.len()).collect();
        by_number.sort_by_key(|&i| numbers[i]);
        assert_eq!(by_number, [5, 1, 2, 3, 4, 6, 0]);
        assert_eq!(numbers[4], numbers[6]);
    }

    #[test]
    fn keys_that_do_not_fit_are_left_as_parts() {
        let wide = Column::new("i".into(), [Some(0u64), Some(u64::MAX)]);
        assert!(packed(&[wide]).unwrap().is_none());
        let half = Column::new("i".into(), [Some(0u64), Some(u64::MAX >> 32)]);
        assert!(packed(std::slice::from_ref(&half)).unwrap().is_some());
        assert!(packed(&[half.clone(), half]).unwrap().is_none());
        let many: Vec<String> = (0..=MAX_PACKED_TEXTS).map(|i| format!("t{i}")).collect();
        assert!(packed(&[Column::new("t".into(), many)]).unwrap().is_none());
        let flags = Column::new("b".into(), [true, false]);
        assert!(packed(&[flags]).unwrap().is_none());
    }

    #[test]
    fn a_part_that_is_all_null_takes_no_bits() {
        let nulls = Column::new("i".into(), [None::<u64>, None]);
        let ids = Column::new("c".into(), [Some(u64::MAX >> 1), Some(0)]);
        assert_eq!(packed_numbers(&[nulls, ids]), [1 << 63, 1]);
    }

    #[test]
    fn codes_as_enums_are_packed_by_their_places() {
        let ids = Column::new("i".into(), [Some(7u64), Some(7), Some(8)]);
        let texts = StringChunked::new("c".into(), [Some("b"), Some("a")]);
        let rows = IdxCa::new("c".into(), [Some(0), None, Some(1)]);
        let codes = decode::enum_of(&texts, &rows).unwrap().into_column();
        assert_eq!(codes.dtype().to_physical(), DataType::UInt8);
        assert_eq!(packed_numbers(&[ids, codes]), [0b101, 0b100, 0b1010]);
    }

    proptest! {
        #[test]
        fn packed_keys_order_and_equate_rows_as_their_parts_do(
            rows in proptest::collection::vec(
                (
                    proptest::option::of(1_000_000u64..1_000_050),
                    proptest::option::of(-40i32..40),
                    proptest::option::of(proptest::sample::select(vec!["1A", "1B", "10", "2", "a"])),
                ),
                1..60,
            )
        ) {
            let numbers = packed_numbers(&part_columns(&rows));
            for (a, row_a) in rows.iter().enumerate() {
                for (b, row_b) in rows.iter().enumerate() {
                    prop_assert_eq!(numbers[a].cmp(&numbers[b]), row_a.cmp(row_b));
                }
            }
        }
    }

    /// Rows in key order from (row, new key, new version).
    fn sorted(rows: &[(IdxSize, bool, bool)]) -> Vec<Sorted> {
        rows.iter()
            .map(|&(row, new_key, new_version)| Sorted {
                row,
                new_key,
                new_version,
            })
            .collect()
    }

    #[test]
    fn packed_keys_are_ordered_with_their_records_and_versions_marked() {
        let keys = [5, 3, 5, 3, 5];
        let as_at = [1, 1, 2, 2, 2];
        let marked: Vec<(IdxSize, bool, bool)> = in_order_of_packed(&keys, &as_at)
            .iter()
            .map(|s| (s.row, s.new_key, s.new_version))
            .collect();
        assert_eq!(
            marked,
            [
                (1, true, true),
                (3, false, true),
                (0, true, true),
                (2, false, true),
                (4, false, false)
            ]
        );
    }

    #[test]
    fn pairs_agree_only_on_every_content_column_nulls_equal() {
        let rows = df!(
            "code" => [Some("a"), Some("a"), Some("b"), Some("a"), Some("b")],
            "count" => [Some(1), Some(1), None, Some(2), None],
            "other" => [1, 2, 3, 4, 5]
        )
        .unwrap();
        let pairs = Pairs {
            rows: vec![0, 0, 1, 2],
            with: vec![1, 2, 3, 4],
        };
        let same = agree(&rows, &["code", "count"], &pairs).unwrap();
        assert_eq!(same, [true, false, false, true]);
    }

    #[test]
    fn pairs_agree_whatever_the_sampled_pairs_suggest() {
        // 3,000 pairs (i, 3,000 + i). In the first 1,024 (the sample) column a differs on even
        // pairs and b never; after them b differs on every third pair; c, with nulls on both
        // sides of every fifth pair, differs (null against a value) on every seventh.
        let n = 3000;
        let first = |k: usize, i: usize| (k < 2 || i % 5 != 0).then_some(i as i32);
        let second = |k: usize, i: usize| match k {
            0 if i < SAMPLED_PAIRS && i % 2 == 0 => Some(-1),
            1 if i >= SAMPLED_PAIRS && i % 3 == 0 => Some(-1),
            2 if i % 7 == 0 => first(k, i).map_or(Some(-1), |_| None),
            _ => first(k, i),
        };
        let column = |k: usize| -> Vec<Option<i32>> {
            let firsts = (0..n).map(|i| first(k, i));
            firsts.chain((0..n).map(|i| second(k, i))).collect()
        };
        let rows = df!("a" => column(0), "b" => column(1), "c" => column(2)).unwrap();
        let pairs = Pairs {
            rows: (0..n as IdxSize).collect(),
            with: (n as IdxSize..2 * n as IdxSize).collect(),
        };
        let same = agree(&rows, &["a", "b", "c"], &pairs).unwrap();
        let expected: Vec<bool> = (0..n)
            .map(|i| (0..3).all(|k| first(k, i) == second(k, i)))
            .collect();
        assert_eq!(same, expected);
        // Differing: 512 even pairs in the sample on a, 658 pairs after it on b, and on c
        // the 429 seventh pairs less the 74 and 94 counted already.
        assert_eq!(same.iter().filter(|s| !**s).count(), 512 + 658 + 261);
    }

    #[test]
    fn repeats_pair_with_the_first_row_of_their_extract() {
        // Record A: rows 0 and 4 from one extract, 2 from the next; record B: 1, 3 and 5
        // from one extract.
        let rows = sorted(&[
            (0, true, true),
            (4, false, false),
            (2, false, true),
            (1, true, true),
            (3, false, false),
            (5, false, false),
        ]);
        let repeats = repeats_in_an_extract(&rows);
        assert_eq!(repeats.rows, [4, 3, 5]);
        assert_eq!(repeats.with, [0, 1, 1]);
    }

    #[test]
    fn earlier_versions_pair_with_the_latest_and_repeats_are_not_versions() {
        // Record A in three extracts (rows 0, 3, 6; 7 repeats 6), B in one (1), C in two (2, 5).
        let rows = sorted(&[
            (0, true, true),
            (3, false, true),
            (6, false, true),
            (7, false, false),
            (1, true, true),
            (2, true, true),
            (5, false, true),
        ]);
        let (earlier, latest) = versions(&rows);
        assert_eq!(latest, [6, 1, 5]);
        assert_eq!(earlier.rows, [0, 2, 3]);
        assert_eq!(earlier.with, [6, 5, 6]);
    }

    #[test]
    fn identifiers_are_sorted_as_numbers_where_equal_numbers_are_equal_texts() {
        let numbers = |ids: &[Option<&str>]| -> Option<Vec<Option<u64>>> {
            let ids = Column::new("id".into(), ids);
            Some(digits_as_numbers(&ids)?.iter().collect())
        };
        assert_eq!(
            numbers(&[Some("0012"), None, Some("0100")]),
            Some(vec![Some(12), None, Some(100)])
        );
        assert_eq!(
            numbers(&[Some("99"), Some("100")]),
            Some(vec![Some(99), Some(100)])
        );
        assert_eq!(numbers(&[Some("99"), Some("099")]), None);
        let absent = Column::full_null("id".into(), 3, &DataType::String);
        assert!(digits_as_numbers(&absent).is_none());
        let Column::Scalar(one) = &absent else {
            panic!("a null per row")
        };
        assert!(
            one.lazy_as_materialized_series().is_none(),
            "made a null per row"
        );
        assert!(digits_as_numbers(&Column::new("n".into(), [1i32])).is_none());
    }

    #[test]
    fn records_are_told_apart_by_identifier_whatever_its_width() {
        let (q1, q2) = (16160, 16251);
        let extracts = |also: &[(&'static str, u32, i32, &'static str, i32, &'static str)]| {
            let mut rows = vec![
                ("q1.csv", 2, q1, "99", 16000, "East"),
                ("q1.csv", 3, q1, "100", 16000, "West"),
                ("q2.csv", 2, q2, "99", 16000, "East"), // unchanged
                ("q2.csv", 3, q2, "100", 16000, "North"), // updated
            ];
            rows.extend_from_slice(also);
            let (records, summary) = merge(
                ListKind::ChildrenInNeed,
                children_in_need(&rows),
                2,
                &mut Vec::new(),
            )
            .unwrap();
            let latest = records.column(LATEST).unwrap().bool().unwrap().clone();
            let latest: Vec<Option<bool>> = latest.iter().collect();
            (
                latest,
                (summary.kept, summary.exact_duplicates, summary.updated),
            )
        };
        // Sorted as numbers: 99 before 100.
        assert_eq!(
            extracts(&[]),
            (
                vec![Some(false), Some(false), Some(true), Some(true)],
                (2, 1, 1)
            )
        );
        // "099" is another child than "99": the identifiers are sorted as texts.
        assert_eq!(
            extracts(&[("q2.csv", 4, q2, "099", 16000, "East")]),
            (
                vec![Some(false), Some(false), Some(true), Some(true), Some(true)],
                (3, 1, 1)
            )
        );
    }
}
