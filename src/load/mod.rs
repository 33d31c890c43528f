//! Loading a data directory of quarterly Annex A extracts into typed, merged polars frames.
//!
//! `discover` finds the extract folders, `read` reads each CSV as text and recognises its
//! list, `decode` types the values, `checks` applies the row rules and `merge` combines the
//! extracts. Problems are collected, never printed: the caller decides what to show.

pub mod checks;
pub mod decode;
pub mod discover;
pub mod headers;
pub mod merge;
pub mod read;
pub mod workbook;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use polars::prelude::*;

use crate::kernels::numbering::Dictionaries;
pub use discover::Extract;
use headers::Headings;
pub use merge::ListSummary;

use crate::dates::days_since_epoch;
use crate::dates::workdays::Calendar;
use crate::model::frame::{AS_AT, FILE, LINE, REJECTED};
use crate::model::ListKind;
use crate::problem::{self, Problem};
use crate::threads::two_at_a_time;

/// What a load needs besides the data.
pub struct LoadOptions {
    pub calendar: Calendar,
    pub headings: Headings,
    /// The date the board's registers are up to; the latest extract's when `None`.
    pub registers_as_at: Option<NaiveDate>,
    /// The board's meeting dates: an attendance at another date is an error. Empty: every
    /// date in the attendance register is a meeting.
    pub meetings: Vec<NaiveDate>,
    /// The measures partner agencies return (SPEC §11), by id: a return of any other, or
    /// from another agency, is an error.
    pub measures: BTreeMap<String, Measure>,
}

/// A measure partner agencies return, as its definition (family `returned`) says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    /// The agency that returns it.
    pub agency: String,
    /// Whether it is returned as a numerator and denominator (a percentage), else a value.
    pub percent: bool,
}

/// The merged data of a data directory.
pub struct Dataset {
    /// The extracts read, oldest first.
    pub extracts: Vec<Extract>,
    /// The board's registers and partners' returns folders, dated as at the date their
    /// records are checked against.
    pub registers: Vec<Extract>,
    /// For each list present: one row per record per extract holding it (`as_at`), with
    /// `latest` marking the version from the latest extract. Activity indicators use the
    /// latest versions; snapshot indicators the rows of one extract. Codes and names are
    /// polars enums ([`decode::enums_as_text`] reads them as text).
    pub lists: BTreeMap<ListKind, DataFrame>,
    /// For each list present: the ids of the columns at least one of its files has. A column
    /// no file has is held as nulls like a blank one, and this tells the two apart: a figure
    /// that needs it has no value, rather than counting every record as blank.
    pub columns: BTreeMap<ListKind, BTreeSet<&'static str>>,
}

impl Dataset {
    /// Whether any file of `list` has the column `id`.
    pub fn has_column(&self, list: ListKind, id: &str) -> bool {
        self.columns
            .get(&list)
            .is_some_and(|columns| columns.contains(id))
    }
}

/// Everything the load found wrong, and how every row was accounted for.
pub struct LoadReport {
    /// Problems in file, line, column order.
    pub problems: Vec<Problem>,
    /// One entry per list read, in Annex A order.
    pub summaries: Vec<ListSummary>,
}

/// Loads every extract under `dir`. Fails only when the input cannot be read at all (a
/// missing directory, an unreadable file); problems in the data are in the report.
///
/// The lists are loaded two at a time, each by one thread from start to end: its files are
/// read as text, then its rows from all files are decoded, checked and merged together (one
/// set of queries per list, not per file), and the text is dropped. Reading and merging each
/// leave a core idle at times, which the other list's work fills. Each thread takes the next
/// list when it is done with one, the largest first, so the last lists, which nothing
/// overlaps, are small ones.
pub fn load(dir: &Path, options: &LoadOptions) -> Result<(Dataset, LoadReport)> {
    let (extracts, mut problems) = discover::discover(dir)?;
    let latest = extracts.last().map(|e| e.as_at);
    let registers_as_at = options.registers_as_at.or(latest);
    let mut registers = Vec::new();
    if let Some(as_at) = registers_as_at {
        for name in [discover::REGISTERS, discover::RETURNS] {
            let (folder, folder_problems) = discover::board_folder(dir, name, as_at)?;
            registers.extend(folder);
            problems.extend(folder_problems);
        }
    }
    let mut places = BTreeMap::new();
    let mut already_read: BTreeMap<ListKind, Vec<FileTable>> = BTreeMap::new();
    let mut to_read: BTreeMap<ListKind, Vec<(&Extract, &Path)>> = BTreeMap::new();
    for extract in extracts.iter().chain(&registers) {
        for path in &extract.files {
            if let Some(list) = list_of_csv(path, options)? {
                to_read.entry(list).or_default().push((extract, path));
                continue;
            }
            for table in read_file(path, extract, options, &mut places, &mut problems)? {
                already_read.entry(table.list).or_default().push(table);
            }
        }
    }
    let jobs: Vec<ListJob> = largest_first(&to_read, &already_read)
        .into_iter()
        .map(|list| ListJob {
            list,
            files: to_read.remove(&list).unwrap_or_default(),
            tables: already_read.remove(&list).unwrap_or_default(),
        })
        .collect();
    let loaded = two_at_a_time(&jobs, |job| load_one(job, options));
    let mut lists = BTreeMap::new();
    let mut columns = BTreeMap::new();
    let mut summaries = BTreeMap::new();
    for (job, loaded) in jobs.iter().zip(loaded) {
        let loaded = loaded?;
        problems.extend(loaded.problems);
        if let Some((records, summary)) = loaded.merged {
            lists.insert(job.list, records);
            columns.insert(job.list, loaded.columns);
            summaries.insert(job.list, summary);
        }
    }
    workbook::locate(&mut problems, &places);
    problem::sort(&mut problems);
    Ok((
        Dataset {
            extracts,
            registers,
            lists,
            columns,
        },
        LoadReport {
            problems,
            summaries: summaries.into_values().collect(),
        },
    ))
}

/// The file labels of `rows`, as text: for the few rows a problem names, as polars makes a
/// text of each row.
pub fn file_labels(rows: &DataFrame) -> PolarsResult<StringChunked> {
    Ok(rows.column(FILE)?.cast(&DataType::String)?.str()?.clone())
}

/// The lists present, those with the most bytes of CSV to read first (lists read only from
/// workbooks last), else in Annex A order.
fn largest_first(
    to_read: &BTreeMap<ListKind, Vec<(&Extract, &Path)>>,
    already_read: &BTreeMap<ListKind, Vec<FileTable>>,
) -> Vec<ListKind> {
    let bytes = |list: &ListKind| -> u64 {
        let files = to_read.get(list).map_or(&[][..], Vec::as_slice);
        files
            .iter()
            .map(|(_, path)| std::fs::metadata(path).map_or(0, |m| m.len()))
            .sum()
    };
    let mut lists: Vec<ListKind> = to_read.keys().chain(already_read.keys()).copied().collect();
    lists.sort();
    lists.dedup();
    lists.sort_by_cached_key(|list| std::cmp::Reverse(bytes(list)));
    lists
}

/// One list to load: its CSV files, and its tables already read from workbooks.
struct ListJob<'a> {
    list: ListKind,
    files: Vec<(&'a Extract, &'a Path)>,
    tables: Vec<FileTable>,
}

/// One list loaded: its records and their accounting (`None` when none of its files could
/// be read, as the problems say), and the problems found.
struct LoadedList {
    merged: Option<(DataFrame, ListSummary)>,
    /// The columns at least one of its files has.
    columns: BTreeSet<&'static str>,
    problems: Vec<Problem>,
}

/// Reads the files of `job` and merges their rows with its tables'.
fn load_one(job: &ListJob, options: &LoadOptions) -> Result<LoadedList> {
    let read = read_list(job.list, &job.files, options)?;
    let mut problems = read.problems;
    let mut tables = job.tables.clone();
    tables.extend(read.tables);
    let columns = tables
        .iter()
        .flat_map(|table| table.columns.iter().copied())
        .collect();
    let merged = load_and_merge(job.list, tables, options, &mut problems)?;
    Ok(LoadedList {
        merged,
        columns,
        problems,
    })
}

/// The tables of one list read from its CSV files, with the problems found reading them.
struct ListRead {
    tables: Vec<FileTable>,
    problems: Vec<Problem>,
}

/// Reads the CSV `files` of `list` as text.
fn read_list(
    list: ListKind,
    files: &[(&Extract, &Path)],
    options: &LoadOptions,
) -> Result<ListRead> {
    let mut read = ListRead {
        tables: Vec::new(),
        problems: Vec::new(),
    };
    for &(extract, path) in files {
        for table in read_csv_file(path, extract, options, &mut read.problems)? {
            if table.list != list {
                bail!("{} changed while it was being read", path.display());
            }
            read.tables.push(table);
        }
    }
    Ok(read)
}

/// Decodes, checks and merges the `tables` of `list` read from every file; `None` when there
/// are none (its files could not be read, as the problems say).
fn load_and_merge(
    list: ListKind,
    mut tables: Vec<FileTable>,
    options: &LoadOptions,
    problems: &mut Vec<Problem>,
) -> Result<Option<(DataFrame, ListSummary)>> {
    if tables.is_empty() {
        return Ok(None);
    }
    // The merge needs the rows in extract, file and line order.
    tables.sort_by(|a, b| (a.as_at, &a.label).cmp(&(b.as_at, &b.label)));
    for table in &tables {
        problems.extend(blank_values(list, table)?);
    }
    let files = tables.len();
    let as_at = tables.iter().map(|t| t.as_at).max();
    let rows = concat_tables(tables)
        .and_then(|(raw, dictionaries)| load_list(list, raw, &dictionaries, options, problems))
        .and_then(|rows| versions_of_a_register(list, rows, files))
        .map_err(anyhow::Error::from)
        .with_context(|| format!("while loading {list}"))?;
    let (mut records, summary) = merge::merge(list, rows, files, problems)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("while merging {list}"))?;
    if let (true, Some(as_at)) = (list.is_register(), as_at) {
        records.with_column(Column::new_scalar(
            AS_AT.into(),
            Scalar::new(DataType::Date, AnyValue::Date(days_since_epoch(as_at))),
            records.height(),
        ))?;
    }
    Ok(Some((records, summary)))
}

/// A register's files are its versions, in name order (SPEC §10): for the merge, each row's
/// as-at date becomes its file's place among them, so a record in two files is the later
/// file's, the earlier counted as updated (or as an exact duplicate), and two rows of one
/// file with one ID are a conflict. The merge's records get the register's date back.
fn versions_of_a_register(
    list: ListKind,
    rows: DataFrame,
    files: usize,
) -> PolarsResult<DataFrame> {
    if !list.is_register() {
        return Ok(rows);
    }
    let before_last = col(FILE).to_physical().cast(DataType::Int32) - lit(files as i32 - 1);
    rows.lazy()
        .with_column(
            (col(AS_AT).cast(DataType::Int32) + before_last)
                .cast(DataType::Date)
                .alias(AS_AT),
        )
        .collect()
}

/// One warning per column of `table` that should be filled in on every row
/// ([`ListKind::always_recorded`]) and is blank on some: how many rows it is blank on.
fn blank_values(list: ListKind, table: &FileTable) -> Result<Vec<Problem>> {
    let rows = table.frame.height();
    let mut problems = Vec::new();
    for column in list.always_recorded() {
        if !table.columns.contains(&column.id) {
            continue;
        }
        let blank = table.frame.column(column.id)?.null_count();
        if blank > 0 {
            problems.push(Problem {
                column: Some(column.heading.to_string()),
                ..Problem::file(
                    &table.label,
                    problem::Rule::BlankValues,
                    format!(
                        "{} is blank on {blank} of {rows} row{}; kept, and shown as Not recorded in breakdowns",
                        column.heading,
                        if rows == 1 { "" } else { "s" }
                    ),
                )
            });
        }
    }
    Ok(problems)
}

/// The list a CSV file holds, from its header in the file's first lines; `None` for a
/// workbook (several lists) and for a file whose header is not clear from its first lines.
fn list_of_csv(path: &Path, options: &LoadOptions) -> Result<Option<ListKind>> {
    if is_workbook(path) {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .and_then(|file| file.take(HEAD_BYTES as u64).read_to_end(&mut head))
        .with_context(|| format!("cannot read {}", path.display()))?;
    if head.len() == HEAD_BYTES {
        // Only whole lines: a record cut short could look like another header.
        let whole = head.iter().rposition(|b| *b == b'\n').unwrap_or(0);
        head.truncate(whole);
    }
    Ok(read::list_of(&head, &options.headings))
}

/// How much of a CSV file is read to recognise its list: far more than any header and the
/// title rows above it, far less than the file.
const HEAD_BYTES: usize = 64 * 1024;

/// The rows of one list read from one file (a CSV file, or one sheet of a workbook), tagged
/// with the label its problems are reported under and its extract's as-at date.
#[derive(Clone)]
struct FileTable {
    list: ListKind,
    as_at: NaiveDate,
    label: String,
    frame: DataFrame,
    dictionaries: Dictionaries,
    /// The ids of the list's columns the file has.
    columns: Vec<&'static str>,
}

/// Reads one file of an extract as text: a CSV file is one table, a workbook one per list
/// sheet (each sheet's place recorded in `places`, to locate its problems).
fn read_file(
    path: &Path,
    extract: &Extract,
    options: &LoadOptions,
    places: &mut BTreeMap<String, workbook::SheetPlace>,
    problems: &mut Vec<Problem>,
) -> Result<Vec<FileTable>> {
    if !is_workbook(path) {
        return read_csv_file(path, extract, options, problems);
    }
    let label = file_label(path, extract);
    let bytes = read_bytes(path)?;
    let sheets =
        workbook::read_workbook(bytes, &label, &options.headings, problems).map(|sheets| {
            sheets
                .into_iter()
                .map(|sheet| {
                    places.insert(sheet.label.clone(), sheet.place);
                    (sheet.label, sheet.raw)
                })
                .collect()
        });
    tagged(sheets, extract, problems)
}

/// Reads one CSV file of an extract as text: one table, or none when the file cannot be read
/// as a list (as the problems say).
fn read_csv_file(
    path: &Path,
    extract: &Extract,
    options: &LoadOptions,
    problems: &mut Vec<Problem>,
) -> Result<Vec<FileTable>> {
    let label = file_label(path, extract);
    let bytes = read_bytes(path)?;
    let raw =
        read::read_csv(bytes, &label, &options.headings, problems).map(|raw| vec![(label, raw)]);
    tagged(raw, extract, problems)
}

/// The label a file's problems are reported under: its extract folder and name.
fn file_label(path: &Path, extract: &Extract) -> String {
    format!(
        "{}/{}",
        extract.name,
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The tables read from one file, each under its label and its extract's as-at date; none,
/// with the problem recorded, when the file could not be read as a list.
fn tagged(
    read: Result<Vec<(String, read::RawTable)>, Problem>,
    extract: &Extract,
    problems: &mut Vec<Problem>,
) -> Result<Vec<FileTable>> {
    let tables = read.unwrap_or_else(|problem| {
        problems.push(problem);
        Vec::new()
    });
    Ok(tables
        .into_iter()
        .map(|(label, raw)| FileTable {
            list: raw.header.list,
            as_at: extract.as_at,
            label,
            columns: raw.header.found.iter().map(|(c, _)| c.id).collect(),
            frame: raw.frame,
            dictionaries: raw.dictionaries,
        })
        .collect())
}

fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Decodes and checks the rows of one list read from every file (its columns of few values
/// numbered, their texts in `dictionaries`). Codes and names become enums
/// ([`decode::is_enum`]).
fn load_list(
    list: ListKind,
    raw: DataFrame,
    dictionaries: &Dictionaries,
    options: &LoadOptions,
    problems: &mut Vec<Problem>,
) -> PolarsResult<DataFrame> {
    let columns = decode::decode_columns(list, &raw, dictionaries)?;
    let mut exprs: Vec<Expr> = columns.iter().map(|c| c.value.clone()).collect();
    exprs.extend(columns.iter().filter_map(|c| c.problem_index.clone()));
    let mut typed = raw.lazy().with_columns(exprs).collect()?;
    // The decoded columns are one chunk, the others one per file and thread: made one chunk
    // once here, or polars would copy them into one chunk for each query below. One column
    // at a time, so that each column's chunks are freed before the next is copied.
    typed.rechunk_mut();

    let mut rejects: Vec<Expr> = Vec::new();
    let mut bad_event_date = lit(false);
    for column in &columns {
        problems.extend(column.locate_problems(&typed)?);
        if let Some(condition) = column.rejects_row() {
            if Some(column.spec_id()) == list.event_date() {
                bad_event_date = condition.clone();
            }
            rejects.push(condition);
        }
    }
    let checks = checks::row_checks(list, &options.calendar, bad_event_date)
        .into_iter()
        .chain(checks::register_checks(list, options)?);
    for check in checks {
        problems.extend(check.evaluate(&typed)?);
        if check.rejects {
            rejects.push(check.condition());
        }
    }
    let rejected = rejects
        .into_iter()
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false))
        .fill_null(lit(false));
    let mut select = vec![col(FILE), col(LINE), col(AS_AT), rejected.alias(REJECTED)];
    select.extend(list.columns().iter().map(|c| col(c.id)));
    typed.lazy().select(select).collect()
}

/// The rows of every table in one frame, with each row's file and its extract's as-at date;
/// a numbered column's rows keep their numbers, their tables' dictionaries joined into one.
fn concat_tables(tables: Vec<FileTable>) -> PolarsResult<(DataFrame, Dictionaries)> {
    let mut dictionaries = Dictionaries::new();
    let mut frames = Vec::with_capacity(tables.len());
    let origins: Vec<Origin> = tables
        .iter()
        .map(|table| Origin {
            label: table.label.clone(),
            as_at: table.as_at,
            rows: table.frame.height(),
        })
        .collect();
    for table in tables {
        for (id, dictionary) in table.dictionaries {
            dictionaries.entry(id).or_default().append(dictionary);
        }
        frames.push(table.frame);
    }
    let lazy: Vec<LazyFrame> = as_text_where_types_differ(frames)?
        .into_iter()
        .map(DataFrame::lazy)
        .collect();
    let mut rows = concat(lazy, UnionArgs::default())?.collect()?;
    // A column every file leaves out (a list's optional record ID, usually) is held as one
    // null, not a null per row: sixteen bytes a row for an identifier column otherwise.
    let absent: Vec<Column> = rows
        .columns()
        .iter()
        .filter(|column| !column.is_empty() && column.is_full_null())
        .map(|column| Column::full_null(column.name().clone(), column.len(), column.dtype()))
        .collect();
    for column in absent {
        rows.with_column(column)?;
    }
    rows.with_column(file_column(&origins)?)?;
    rows.with_column(as_at_column(&origins))?;
    Ok((rows, dictionaries))
}

/// Where a table's rows came from: their file's label, their extract's as-at date, and how
/// many there are.
struct Origin {
    label: String,
    as_at: NaiveDate,
    rows: usize,
}

/// Each row's file label, as an enum of the labels (a byte a row for up to 256 files) made in
/// one chunk: as a literal per file, the label became a text per row, in the files' chunks,
/// copied into one chunk.
fn file_column(origins: &[Origin]) -> PolarsResult<Column> {
    let labels: StringChunked = origins.iter().map(|origin| origin.label.as_str()).collect();
    let labels = labels.with_name(FILE.into());
    let tables = per_row(origins, |table, _| table as IdxSize);
    Ok(decode::enum_of(&labels, &IdxCa::from_vec(FILE.into(), tables))?.into_column())
}

/// Each row's extract as-at date, made in one chunk.
fn as_at_column(origins: &[Origin]) -> Column {
    let days = per_row(origins, |_, origin| days_since_epoch(origin.as_at));
    Int32Chunked::from_vec(AS_AT.into(), days)
        .into_date()
        .into_column()
}

/// One value a row: each table's `value` (given its place and origin) for each of its rows.
fn per_row<T: Copy>(origins: &[Origin], value: impl Fn(usize, &Origin) -> T) -> Vec<T> {
    let mut values = Vec::with_capacity(origins.iter().map(|origin| origin.rows).sum());
    for (table, origin) in origins.iter().enumerate() {
        values.resize(values.len() + origin.rows, value(table, origin));
    }
    values
}

/// The frames with a column made text in all of them where its type differs between them: a
/// date column is read as days from a file whose dates are all written plainly and as text
/// from one with others, and the days then become text (`YYYY-MM-DD`, read back as the same
/// dates) for decoding to read the column as a whole.
fn as_text_where_types_differ(frames: Vec<DataFrame>) -> PolarsResult<Vec<DataFrame>> {
    let Some(first) = frames.first() else {
        return Ok(frames);
    };
    let differing: Vec<Expr> = first
        .columns()
        .iter()
        .filter(|column| {
            frames.iter().any(|frame| {
                frame
                    .column(column.name())
                    .is_ok_and(|other| other.dtype() != column.dtype())
            })
        })
        .map(|column| col(column.name().clone()).cast(DataType::String))
        .collect();
    if differing.is_empty() {
        return Ok(frames);
    }
    frames
        .into_iter()
        .map(|frame| frame.lazy().with_columns(differing.clone()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::numbering::number_texts;

    /// A table of one column of codes, numbered as the split numbers it.
    fn table(label: &str, genders: &[Option<&str>]) -> FileTable {
        let texts = StringChunked::new("gender".into(), genders);
        let (numbers, dictionary) = number_texts(&texts);
        FileTable {
            list: ListKind::Contacts,
            as_at: NaiveDate::from_ymd_opt(2014, 6, 30).unwrap(),
            label: label.into(),
            frame: DataFrame::new(genders.len(), vec![numbers.into_column()]).unwrap(),
            dictionaries: Dictionaries::from([("gender", dictionary)]),
            columns: vec!["gender"],
        }
    }

    #[test]
    fn a_column_every_file_leaves_out_is_held_as_one_null() {
        let with_ids = |label: &str, ids: Vec<Option<&str>>| {
            let mut table = table(label, &[Some("M"), Some("F")]);
            let ids = Column::new("contact_id".into(), ids);
            table.frame.with_column(ids).unwrap();
            table
        };
        let (frame, _) = concat_tables(vec![
            with_ids("a.csv", vec![None, None]),
            with_ids("b.csv", vec![None, None]),
        ])
        .unwrap();
        let ids = frame.column("contact_id").unwrap();
        assert!(matches!(ids, Column::Scalar(_)) && ids.is_full_null() && ids.len() == 4);
        let (frame, _) = concat_tables(vec![
            with_ids("a.csv", vec![None, None]),
            with_ids("b.csv", vec![None, Some("C1")]),
        ])
        .unwrap();
        let ids = frame.column("contact_id").unwrap();
        assert!(!matches!(ids, Column::Scalar(_)) && ids.null_count() == 3);
    }

    #[test]
    fn each_row_is_tagged_with_its_file_and_as_at_date_in_one_chunk() {
        let first = table("a.csv", &[Some("M"), None, Some("F")]);
        let mut second = table("b.csv", &[Some("F")]);
        second.as_at = NaiveDate::from_ymd_opt(2014, 9, 30).unwrap();
        let (frame, _) = concat_tables(vec![first, second]).unwrap();
        let labels = file_labels(&frame).unwrap();
        let labels: Vec<Option<&str>> = labels.iter().collect();
        assert_eq!(
            labels,
            [Some("a.csv"), Some("a.csv"), Some("a.csv"), Some("b.csv")]
        );
        let as_at: Vec<Option<NaiveDate>> = frame
            .column(AS_AT)
            .unwrap()
            .date()
            .unwrap()
            .as_date_iter()
            .collect();
        let (june, september) = ((2014, 6, 30), (2014, 9, 30));
        let expected: Vec<Option<NaiveDate>> = [june, june, june, september]
            .into_iter()
            .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .collect();
        assert_eq!(as_at, expected);
        for id in [FILE, AS_AT] {
            let column = frame.column(id).unwrap().as_materialized_series();
            assert_eq!(column.n_chunks(), 1, "{id}");
        }
        assert!(frame.column(FILE).unwrap().dtype().is_enum());
    }

    #[test]
    fn tables_are_joined_with_one_dictionary_of_their_codes() {
        let first = table("a.csv", &[Some("M"), None, Some("F")]);
        let second = table("b.csv", &[Some("F"), Some("X"), Some("M")]);
        let (frame, dictionaries) = concat_tables(vec![first, second]).unwrap();
        let dictionary = &dictionaries["gender"];
        assert_eq!(dictionary.texts(), ["M", "F", "X"]);
        let numbers = frame.column("gender").unwrap().idx().unwrap();
        let as_read: Vec<Option<IdxSize>> = numbers.iter().collect();
        assert_eq!(
            as_read,
            [Some(0), None, Some(1), Some(0), Some(1), Some(2)],
            "each file's numbers kept"
        );
        let genders = dictionary.texts_of(numbers).unwrap();
        let genders: Vec<Option<&str>> = genders.iter().collect();
        assert_eq!(
            genders,
            [Some("M"), None, Some("F"), Some("F"), Some("X"), Some("M")]
        );
    }
}
