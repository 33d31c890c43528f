//! Turning a file's raw text columns into typed columns, and finding the problems in them.
//!
//! Coded values and free text (team and worker names) are decoded through their column's
//! dictionary: each distinct text is decoded once (a few dozen codes), and the column gathered
//! from the results by each row's place among the texts, found from its number as the file
//! was read. Codes and names decode to text, held as polars enums of the column's distinct
//! texts: each row the place of its text among them, one byte a row for up to 256 texts (a
//! text took sixteen); the merge compares the places, and the indicators read the texts.
//! Dates written plainly are read as days as the file is read, and other date texts decoded
//! once each. A second column gives each row the index of the problem its text has, if any, so
//! problems are located to the line without a per-row loop.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::file_labels;
use crate::dates::{days_since_epoch, parse_date, plain_date};
use crate::kernels::numbering::{Dictionaries, Dictionary};
use crate::model::codes::{self, Answer, UNKNOWN};
use crate::model::frame::{FILE, LINE};
use crate::model::{ColumnSpec, ListKind, ValueKind};
use crate::problem::{Problem, Rule};

/// A problem with one distinct text of a column.
#[derive(Clone, Debug, PartialEq)]
struct ValueProblem {
    rule: Rule,
    message: String,
}

/// The typed expression for one column, and the problems its distinct texts have.
pub struct DecodedColumn {
    spec: &'static ColumnSpec,
    /// The typed column, named by the column id; for codes and names ([`is_enum`]), a polars
    /// enum of their texts.
    pub value: Expr,
    /// Each row's index into `problems`, named by [`problem_column`]; absent when every text
    /// of the column decoded cleanly.
    pub problem_index: Option<Expr>,
    problems: Vec<ValueProblem>,
}

/// The polars type a column of this kind decodes to.
pub fn dtype(kind: ValueKind) -> DataType {
    match kind {
        ValueKind::Id | ValueKind::Text | ValueKind::Code(_) => DataType::String,
        ValueKind::Date => DataType::Date,
        ValueKind::Count => DataType::Int32,
        ValueKind::Amount => DataType::Float64,
        ValueKind::YesNo => DataType::Boolean,
    }
}

/// Builds the decoding expressions for every column of `list` from the raw `frame`, whose
/// columns of few values are numbered, their texts in `dictionaries`
/// ([`ValueKind::is_numbered`]). The columns are independent, so they are decoded side by side
/// on polars' pool.
pub fn decode_columns(
    list: ListKind,
    frame: &DataFrame,
    dictionaries: &Dictionaries,
) -> PolarsResult<Vec<DecodedColumn>> {
    let none = Dictionary::default();
    crate::threads::each_on_the_pool(list.columns(), |spec| {
        let raw = RawColumn::of(spec, frame, dictionaries.get(spec.id).unwrap_or(&none))?;
        decode_column(spec, raw)
    })
    .into_iter()
    .collect()
}

/// A raw frame's column as the read left it. What it holds follows from how the split
/// ([`crate::kernels::split::Reading`]) or the fallback read it, and is named here once,
/// so that decoding matches on it rather than on a dtype.
enum RawColumn<'a> {
    /// Identifiers a file does not have: one null for every row, left so rather than made a
    /// text per row.
    AbsentIds,
    /// Texts as written: identifiers, and dates of a file where one is not written plainly.
    /// All null when the file has no such column.
    Texts(&'a StringChunked),
    /// Dates read as days while the file was split: every one was written plainly.
    Days,
    /// Each row's number of its text, read in its run of the column's dictionary (null when
    /// blank).
    Numbered(&'a IdxCa, &'a Dictionary),
}

impl<'a> RawColumn<'a> {
    fn of(
        spec: &ColumnSpec,
        frame: &'a DataFrame,
        dictionary: &'a Dictionary,
    ) -> PolarsResult<RawColumn<'a>> {
        let column = frame.column(spec.id)?;
        Ok(match column.dtype() {
            _ if spec.kind == ValueKind::Id && column.is_full_null() => RawColumn::AbsentIds,
            DataType::Date => RawColumn::Days,
            _ if spec.kind.is_numbered() => RawColumn::Numbered(column.idx()?, dictionary),
            _ => RawColumn::Texts(column.str()?),
        })
    }
}

impl DecodedColumn {
    /// The id of the column decoded.
    pub fn spec_id(&self) -> &'static str {
        self.spec.id
    }

    /// Rows whose text is an unreadable date: the row cannot be placed in time, so it is
    /// rejected. Null when the column has no such text.
    pub fn rejects_row(&self) -> Option<Expr> {
        let rejecting = self.problems.iter().any(|p| p.rule == Rule::BadDate);
        self.problem_index
            .as_ref()
            .filter(|_| rejecting)
            .map(|_| col(problem_column(self.spec.id)).is_not_null())
    }

    /// Locates the column's problems in the decoded `frame` (rows of any files, named in its
    /// `file` column). Unknown codes are reported once per distinct text and file, at its
    /// first line there, with the number of rows; other problems once per row.
    pub fn locate_problems(&self, frame: &DataFrame) -> PolarsResult<Vec<Problem>> {
        if self.problem_index.is_none() {
            return Ok(Vec::new());
        }
        let rows = frame
            .clone()
            .lazy()
            .select([
                col(FILE),
                col(LINE),
                col(problem_column(self.spec.id)).alias("problem"),
            ])
            .filter(col("problem").is_not_null())
            .collect()?;
        let files = file_labels(&rows)?;
        let lines = rows.column(LINE)?.idx()?;
        let indexes = rows.column("problem")?.u32()?;
        // Problems reported once per file and text, or once per file: their first line and
        // how many rows have them.
        let mut grouped: BTreeMap<(&str, Option<u32>), (u64, u32, usize)> = BTreeMap::new();
        let mut problems = Vec::new();
        for ((file, line), index) in files.iter().zip(lines.iter()).zip(indexes.iter()) {
            let (Some(file), Some(line), Some(index)) = (file, line, index) else {
                continue;
            };
            let line = u64::from(line);
            let Some(problem) = self.problems.get(index as usize) else {
                continue;
            };
            let key = match reported(problem.rule) {
                Reported::Row => {
                    problems.push(self.problem_at(file, line, &problem.message, problem.rule));
                    continue;
                }
                Reported::Text => (file, Some(index)),
                Reported::File => (file, None),
            };
            let entry = grouped.entry(key).or_insert((line, index, 0));
            if line < entry.0 {
                (entry.0, entry.1) = (line, index);
            }
            entry.2 += 1;
        }
        for ((file, _), (line, index, rows)) in grouped {
            if let Some(problem) = self.problems.get(index as usize) {
                let message = format!("{} ({rows} row{})", problem.message, plural(rows));
                problems.push(self.problem_at(file, line, &message, problem.rule));
            }
        }
        Ok(problems)
    }

    fn problem_at(&self, file: &str, line: u64, message: &str, rule: Rule) -> Problem {
        Problem::at(file, line, Some(self.spec.heading), rule, message)
    }
}

/// How often a problem with a column's values is reported: per what.
enum Reported {
    /// At every row that has it.
    Row,
    /// Once per file and distinct text, at its first line, with its number of rows: an
    /// unknown code or an Excel error value is usually written many times.
    Text,
    /// Once per file, at its first line, with its number of rows: fractional ages are
    /// written on every row by the systems that write them.
    File,
}

fn reported(rule: Rule) -> Reported {
    match rule {
        Rule::UnknownCode | Rule::ExcelError => Reported::Text,
        Rule::FractionalAge => Reported::File,
        _ => Reported::Row,
    }
}

/// The name of the column holding a column's problem index.
fn problem_column(id: &str) -> String {
    format!("__problem_{id}")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn decode_column(spec: &'static ColumnSpec, raw: RawColumn) -> PolarsResult<DecodedColumn> {
    let as_read = |value: Expr| DecodedColumn {
        spec,
        value: value.alias(spec.id),
        problem_index: None,
        problems: Vec::new(),
    };
    match (spec.kind, raw) {
        (_, RawColumn::Numbered(numbers, dictionary)) => {
            through_dictionary(spec, numbers, dictionary)
        }
        (ValueKind::Date, RawColumn::Days) | (ValueKind::Id, RawColumn::AbsentIds) => {
            Ok(as_read(col(spec.id)))
        }
        (ValueKind::Date, RawColumn::Texts(texts)) => Ok(dates(spec, texts)),
        (ValueKind::Id, RawColumn::Texts(ids)) if needs_normalising(ids) => Ok(as_read(
            col(spec.id)
                .str()
                .replace_all(lit(" "), lit(""), true)
                .str()
                .to_uppercase(),
        )),
        (ValueKind::Id, RawColumn::Texts(_)) => Ok(as_read(col(spec.id))),
        (kind, _) => Err(polars_err!(
            ComputeError: "column `{}` ({kind:?}) was not read as its kind is decoded",
            spec.id
        )),
    }
}

/// Whether any identifier has a space or a lower-case letter (or non-ASCII text, whose case
/// is folded too), and so must be normalised. Most extracts have none: their identifiers are
/// kept as read, without copying every one.
fn needs_normalising(ids: &StringChunked) -> bool {
    ids.iter().flatten().any(|id| {
        id.bytes()
            .any(|b| b == b' ' || b.is_ascii_lowercase() || !b.is_ascii())
    })
}

/// Whether a column of this kind is held as a polars enum of its distinct texts: codes and
/// names, texts of few values (one byte a row for up to 256 texts, rather than a text's
/// sixteen; equal places are equal texts, so the merge compares them as numbers).
pub fn is_enum(kind: ValueKind) -> bool {
    matches!(kind, ValueKind::Code(_) | ValueKind::Text)
}

/// Expressions reading each enum column of `frame` as text (the indicators' queries compare,
/// group and show codes as text; polars casts only the rows a query keeps).
pub fn enums_as_text(frame: &DataFrame) -> Vec<Expr> {
    frame
        .columns()
        .iter()
        .filter(|column| column.dtype().is_enum())
        .map(|column| col(column.name().clone()).cast(DataType::String))
        .collect()
}

/// A polars enum named as `texts`, holding each row's text: `texts` (nulls and repeats
/// allowed) gathered by `numbers`. Its places are numbered as the distinct texts come, in
/// the fewest bytes that hold them.
pub(super) fn enum_of(texts: &StringChunked, numbers: &IdxCa) -> PolarsResult<Series> {
    let mut distinct: Vec<&str> = Vec::new();
    let mut places: HashMap<&str, u32> = HashMap::new();
    let text_places: UInt32Chunked = texts
        .iter()
        .map(|text| {
            text.map(|text| {
                *places.entry(text).or_insert_with(|| {
                    distinct.push(text);
                    (distinct.len() - 1) as u32
                })
            })
        })
        .collect();
    let text_places = text_places.with_name(texts.name().clone());
    let categories = FrozenCategories::new(distinct.iter().copied())?;
    let physical = categories.physical();
    let dtype = DataType::from_frozen_categories(categories);
    // SAFETY: every place is that of its text among the categories.
    Ok(unsafe {
        match physical {
            CategoricalPhysical::U8 => Categorical8Chunked::from_cats_and_dtype_unchecked(
                text_places.cast(&DataType::UInt8)?.u8()?.take(numbers)?,
                dtype,
            )
            .into_series(),
            CategoricalPhysical::U16 => Categorical16Chunked::from_cats_and_dtype_unchecked(
                text_places.cast(&DataType::UInt16)?.u16()?.take(numbers)?,
                dtype,
            )
            .into_series(),
            CategoricalPhysical::U32 => Categorical32Chunked::from_cats_and_dtype_unchecked(
                text_places.take(numbers)?,
                dtype,
            )
            .into_series(),
        }
    })
}

/// Decodes each distinct text of a numbered column once (its `dictionary`'s), and gathers
/// the column from the decoded values by each row's place among them; a column of codes or
/// names as an enum of the decoded texts ([`is_enum`]).
fn through_dictionary(
    spec: &'static ColumnSpec,
    numbers: &IdxCa,
    dictionary: &Dictionary,
) -> PolarsResult<DecodedColumn> {
    let dtype = dtype(spec.kind);
    let texts = dictionary.texts();
    let mut values = Vec::with_capacity(texts.len());
    let mut indexes: Vec<Option<u32>> = Vec::with_capacity(texts.len());
    let mut problems = Vec::new();
    for text in texts {
        let (value, problem) = decode_text(spec, text);
        values.push(value);
        indexes.push(problem.map(|p| {
            problems.push(p);
            (problems.len() - 1) as u32
        }));
    }
    // In one chunk, and so the column gathered: the merge gathers from single chunks.
    let places = dictionary.places(numbers)?;
    let decoded = Series::from_any_values_and_dtype(spec.id.into(), &values, &dtype, true)?;
    let value = match is_enum(spec.kind) {
        true => enum_of(decoded.str()?, &places)?,
        false => decoded.take(&places)?,
    };
    let value = lit(value).alias(spec.id);
    let problem_index = if problems.is_empty() {
        None
    } else {
        let indexes = Series::new(problem_column(spec.id).into(), indexes).take(&places)?;
        Some(lit(indexes).alias(problem_column(spec.id)))
    };
    Ok(DecodedColumn {
        spec,
        value,
        problem_index,
        problems,
    })
}

/// Decodes a date column. `DD/MM/YYYY` and `YYYY-MM-DD`, what nearly every value is, are
/// read straight from their bytes; any other text is decoded once per distinct text. One pass,
/// and no hashing of the many thousands of well-written dates.
fn dates(spec: &'static ColumnSpec, texts: &StringChunked) -> DecodedColumn {
    let mut others = OtherDates::default();
    let days: Int32Chunked = texts
        .iter()
        .map(|text| {
            let text = text?;
            plain_date(text.as_bytes()).or_else(|| others.decode(spec, text).0)
        })
        .collect();
    let problem_index = (!others.problems.is_empty()).then(|| {
        let indexes: UInt32Chunked = texts
            .iter()
            .map(|text| others.memo.get(text?).and_then(|(_, index)| *index))
            .collect();
        lit(indexes.into_series()).alias(problem_column(spec.id))
    });
    let days = days.with_name(spec.id.into()).into_date().into_series();
    DecodedColumn {
        spec,
        value: lit(days).alias(spec.id),
        problem_index,
        problems: others.problems,
    }
}

/// Dates not written plainly, each decoded once: its days and its problem's index.
#[derive(Default)]
struct OtherDates<'a> {
    memo: HashMap<&'a str, (Option<i32>, Option<u32>)>,
    problems: Vec<ValueProblem>,
}

impl<'a> OtherDates<'a> {
    fn decode(&mut self, spec: &ColumnSpec, text: &'a str) -> (Option<i32>, Option<u32>) {
        if let Some(decoded) = self.memo.get(text) {
            return *decoded;
        }
        let (value, problem) = decode_text(spec, text);
        let days = match value {
            AnyValue::Date(days) => Some(days),
            _ => None,
        };
        let index = problem.map(|p| {
            self.problems.push(p);
            (self.problems.len() - 1) as u32
        });
        self.memo.insert(text, (days, index));
        (days, index)
    }
}

/// Decodes one text of a column into a value and, where the text is faulty, a problem.
/// Surrounding spaces are ignored, and a text of spaces alone is blank.
fn decode_text(spec: &ColumnSpec, text: &str) -> (AnyValue<'static>, Option<ValueProblem>) {
    let text = text.trim();
    if text.is_empty() {
        return (AnyValue::Null, None);
    }
    let problem = |rule, message: String| Some(ValueProblem { rule, message });
    if EXCEL_ERRORS.contains(&text) {
        return (
            AnyValue::Null,
            problem(
                Rule::ExcelError,
                format!("`{text}` is an Excel error value, not data; read as blank"),
            ),
        );
    }
    if spec.id == AGE {
        if let Some(years) = fractional_years(text) {
            return (
                AnyValue::Int32(years),
                problem(
                    Rule::FractionalAge,
                    format!(
                        "ages are written as fractions of a year (first `{text}`); each is truncated to whole years"
                    ),
                ),
            );
        }
    }
    match spec.kind {
        ValueKind::Date => match parse_date(text) {
            Ok(date) => (AnyValue::Date(days_since_epoch(date)), None),
            Err(why) => (
                AnyValue::Null,
                problem(Rule::BadDate, format!("{why}; the row is excluded")),
            ),
        },
        ValueKind::Count => match parse_count(text) {
            // An age of -1 is an unborn child's; no other count can be negative.
            Some(n) if n < 0 && spec.id != AGE => (
                AnyValue::Null,
                problem(
                    Rule::BadNumber,
                    format!("`{text}` is a negative count, which cannot be; treated as blank"),
                ),
            ),
            Some(n) => (AnyValue::Int32(n), None),
            None => (
                AnyValue::Null,
                problem(
                    Rule::BadNumber,
                    format!("`{text}` is not a whole number; treated as blank"),
                ),
            ),
        },
        ValueKind::Amount => match parse_amount(text) {
            Some(n) => (AnyValue::Float64(n), None),
            None => (
                AnyValue::Null,
                problem(
                    Rule::BadNumber,
                    format!("`{text}` is not an amount or a percentage; treated as blank"),
                ),
            ),
        },
        ValueKind::YesNo => match codes::decode_yes_no(text) {
            Some(Answer::Yes) => (AnyValue::Boolean(true), None),
            Some(Answer::No) => (AnyValue::Boolean(false), None),
            Some(Answer::Unknown) => (AnyValue::Null, None),
            None => (
                AnyValue::Null,
                problem(
                    Rule::UnknownCode,
                    format!("`{text}` is not Yes or No; treated as not answered"),
                ),
            ),
        },
        ValueKind::Code(set) => match set.decode(text) {
            Some(label) => (AnyValue::StringOwned(label.into()), None),
            None => (
                AnyValue::StringOwned(UNKNOWN.into()),
                problem(
                    Rule::UnknownCode,
                    format!(
                        "`{text}` is not a known {} code; kept as {UNKNOWN}",
                        set.name()
                    ),
                ),
            ),
        },
        ValueKind::Id | ValueKind::Text => (AnyValue::StringOwned(text.into()), None),
    }
}

/// The values Excel writes in a cell whose formula failed (calamine and CSV exports spell
/// them alike).
const EXCEL_ERRORS: [&str; 8] = [
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#DIV/0!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#GETTING_DATA",
];

/// The column of a child's age in years.
const AGE: &str = "age";

/// The whole years of an age written with a fraction (`6.138261464750171`, as some systems
/// compute it from the date of birth), truncated as ages are counted; `None` for a whole
/// number or text that is not a number.
fn fractional_years(text: &str) -> Option<i32> {
    let years: f64 = text.parse().ok()?;
    let plausible = years.is_finite() && years.abs() < 200.0;
    (plausible && years.fract() != 0.0).then(|| years.trunc() as i32)
}

/// A whole number: `12`, `1,234` (thousands separators) or `10.0`.
/// An amount of money or a percentage: `111370`, `£111,370.50`, `55.8%`, `-£200`.
fn parse_amount(text: &str) -> Option<f64> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let text = text.strip_prefix('£').unwrap_or(text).trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole = parse_count(whole).filter(|n| *n >= 0)?;
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = format!("{whole}.{fraction}0").parse().ok()?;
    Some(if negative { -value } else { value })
}

fn parse_count(text: &str) -> Option<i32> {
    if let Ok(n) = text.parse::<i32>() {
        return Some(n);
    }
    let grouped = text.split(',').collect::<Vec<_>>();
    let well_grouped = grouped.len() > 1
        && (1..=3).contains(&grouped[0].trim_start_matches('-').len())
        && grouped[1..].iter().all(|g| g.len() == 3);
    let plain = if well_grouped {
        grouped.concat()
    } else {
        text.to_string()
    };
    let value: f64 = plain.parse().ok()?;
    (value.fract() == 0.0 && value.abs() <= f64::from(i32::MAX)).then_some(value as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::numbering::number_texts;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn amounts_accept_pounds_separators_fractions_and_percentages() {
        assert_eq!(parse_amount("111370"), Some(111_370.0));
        assert_eq!(parse_amount("£111,370"), Some(111_370.0));
        assert_eq!(parse_amount("£198,600.50"), Some(198_600.5));
        assert_eq!(parse_amount("55.8%"), Some(55.8));
        assert_eq!(parse_amount("-£200"), Some(-200.0));
        assert_eq!(parse_amount("12.3.4"), None);
        assert_eq!(parse_amount("1,23"), None);
        assert_eq!(parse_amount("n/a"), None);
    }

    #[test]
    fn counts_accept_separators_and_a_zero_fraction() {
        assert_eq!(parse_count("12"), Some(12));
        assert_eq!(parse_count("1,234"), Some(1234));
        assert_eq!(parse_count("10.0"), Some(10));
        assert_eq!(parse_count("10.5"), None);
        assert_eq!(parse_count("1,23"), None);
        assert_eq!(parse_count("ten"), None);
    }

    #[test]
    fn plain_dates_are_read_as_parse_date_reads_them() {
        for text in [
            "01/04/2014",
            "2014-04-01",
            "29/02/2016",
            "29/02/2015",
            "31/04/2014",
            "00/04/2014",
            "1/04/02014",
            "01-04-2014",
            "2014/04/01",
            "01/04/14",
            "0a/04/2014",
            "01/04/2014 00:00",
            "+1/04/2014",
        ] {
            let fast = plain_date(text.as_bytes());
            let slow = parse_date(text).ok().map(days_since_epoch);
            assert!(
                fast.is_none() || fast == slow,
                "{text}: fast {fast:?}, slow {slow:?}"
            );
        }
        assert_eq!(
            plain_date(b"01/04/2014"),
            Some(days_since_epoch(d(2014, 4, 1)))
        );
        assert_eq!(
            plain_date(b"2014-04-01"),
            Some(days_since_epoch(d(2014, 4, 1)))
        );
        assert_eq!(plain_date(b"31/04/2014"), None);
    }

    #[test]
    fn both_date_formats_parse() {
        assert_eq!(parse_date("01/04/2014"), Ok(d(2014, 4, 1)));
        assert_eq!(parse_date("1/4/2014"), Ok(d(2014, 4, 1)));
        assert_eq!(parse_date("2014-04-01"), Ok(d(2014, 4, 1)));
    }

    #[test]
    fn impossible_and_unreadable_dates_are_told_apart() {
        assert_eq!(
            parse_date("31/02/2014"),
            Err("`31/02/2014` is not a real date (February 2014 has no day 31)".into())
        );
        assert_eq!(
            parse_date("2014-13-01"),
            Err("`2014-13-01` is not a real date (there is no month 13)".into())
        );
        assert_eq!(
            parse_date("yesterday"),
            Err("`yesterday` is not a date; use DD/MM/YYYY or YYYY-MM-DD".into())
        );
        assert!(parse_date("01/04/14").is_err());
        assert!(parse_date("2014-4-1").is_err());
    }

    /// `frame` with its enums read as text, as the indicators read them.
    fn as_text(frame: DataFrame) -> DataFrame {
        let texts = enums_as_text(&frame);
        frame.lazy().with_columns(texts).collect().unwrap()
    }

    /// Asserts column `id` of `frame`, read as the indicators read it, holds `expected`.
    fn assert_read_as_text(frame: DataFrame, id: &str, expected: &[Option<&str>]) {
        let typed = as_text(frame);
        let texts: Vec<Option<&str>> = typed.column(id).unwrap().str().unwrap().iter().collect();
        assert_eq!(texts, expected);
    }

    /// `spec`'s column of `frame` decoded as the load decodes it.
    fn decoded(
        spec: &'static ColumnSpec,
        frame: &DataFrame,
        dictionary: &Dictionary,
    ) -> DecodedColumn {
        decode_column(spec, RawColumn::of(spec, frame, dictionary).unwrap()).unwrap()
    }

    #[test]
    fn an_absent_identifier_stays_one_null() {
        let frame = DataFrame::new(
            3,
            vec![Column::full_null("contact_id".into(), 3, &DataType::String)],
        )
        .unwrap();
        let spec = ListKind::Contacts.column("contact_id").unwrap();
        let decoded = decoded(spec, &frame, &Dictionary::default());
        let typed = frame
            .lazy()
            .with_columns([decoded.value])
            .collect()
            .unwrap();
        let ids = typed.column("contact_id").unwrap();
        assert!(ids.is_full_null() && ids.len() == 3);
        let Column::Scalar(one) = ids else {
            panic!("a null per row")
        };
        assert!(
            one.lazy_as_materialized_series().is_none(),
            "made a null per row in passing, and kept"
        );
    }

    #[test]
    fn an_enum_of_more_than_256_texts_takes_two_bytes_a_row() {
        let names: Vec<String> = (0..300).map(|i| format!("Worker {i}")).collect();
        let texts = StringChunked::new("worker".into(), &names);
        let rows = IdxCa::new("worker".into(), [Some(299), None, Some(0), Some(299)]);
        let workers = enum_of(&texts, &rows).unwrap();
        assert_eq!(workers.dtype().to_physical(), DataType::UInt16);
        let frame = DataFrame::new(4, vec![workers.into_column()]).unwrap();
        let expected = [
            Some("Worker 299"),
            None,
            Some("Worker 0"),
            Some("Worker 299"),
        ];
        assert_read_as_text(frame, "worker", &expected);
    }

    #[test]
    fn free_text_is_trimmed_and_blank_is_null() {
        let teams = StringChunked::new(
            "team".into(),
            [
                Some(" North "),
                Some("North"),
                Some("  "),
                None,
                Some("South"),
            ],
        );
        let (teams, dictionary) = number_texts(&teams);
        let frame = DataFrame::new(5, vec![teams.into_column()]).unwrap();
        let team = ListKind::Referrals.column("team").unwrap();
        let decoded = decoded(team, &frame, &dictionary);
        assert!(decoded.problem_index.is_none());
        assert!(is_enum(team.kind));
        let decoded = frame.lazy().select([decoded.value]).collect().unwrap();
        let places = decoded.column("team").unwrap().to_physical_repr();
        let places: Vec<Option<u8>> = places.u8().unwrap().iter().collect();
        assert_eq!(
            places,
            [Some(0), Some(0), None, None, Some(1)],
            "one place for each text decoded, as the merge compares them"
        );
        let expected = [Some("North"), Some("North"), None, None, Some("South")];
        assert_read_as_text(decoded, "team", &expected);
    }

    #[test]
    fn columns_map_through_their_dictionary() {
        let mut frame = df!(
            FILE => ["f.csv"; 4],
            LINE => [2u32, 3, 4, 5],
            "contact_date" => [Some("01/04/2014"), Some("2014-04-01"), Some("31/02/2014"), None],
        )
        .unwrap();
        let sources = StringChunked::new(
            "contact_source".into(),
            [
                Some(" a) 1A: Individual"),
                Some("Postman"),
                Some("6 "),
                Some("Postman"),
            ],
        );
        let (sources, dictionary) = number_texts(&sources);
        frame.with_column(sources.into_column()).unwrap();
        let pick = |id: &str| decoded(ListKind::Contacts.column(id).unwrap(), &frame, &dictionary);
        let (date, source) = (pick("contact_date"), pick("contact_source"));
        let mut exprs = vec![
            col(FILE),
            col(LINE),
            date.value.clone(),
            source.value.clone(),
        ];
        exprs.extend(date.problem_index.clone());
        exprs.extend(source.problem_index.clone());
        let typed = as_text(frame.lazy().select(exprs).collect().unwrap());
        let dates: Vec<_> = typed
            .column("contact_date")
            .unwrap()
            .date()
            .unwrap()
            .physical()
            .iter()
            .collect();
        let april = days_since_epoch(d(2014, 4, 1));
        assert_eq!(dates, vec![Some(april), Some(april), None, None]);
        let sources: Vec<_> = typed
            .column("contact_source")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|s| s.map(str::to_string))
            .collect();
        assert_eq!(
            sources,
            vec![
                Some("Individual".into()),
                Some("Unknown".into()),
                Some("Police".into()),
                Some("Unknown".into())
            ]
        );
        let date_problems = date.locate_problems(&typed).unwrap();
        assert_eq!(date_problems.len(), 1);
        assert_eq!(date_problems[0].line, Some(4));
        assert_eq!(date_problems[0].rule, Rule::BadDate);
        let source_problems = source.locate_problems(&typed).unwrap();
        assert_eq!(source_problems.len(), 1, "one warning per distinct text");
        assert_eq!(source_problems[0].line, Some(3));
        assert_eq!(
            source_problems[0].message,
            "`Postman` is not a known source code; kept as Unknown (2 rows)"
        );
    }
}
