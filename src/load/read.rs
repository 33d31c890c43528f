//! Reading one CSV file into a frame of raw text columns named by column id.
//!
//! Every value is read as written: decoding and checking happen afterwards, so that a bad
//! value becomes a located problem instead of a failed read. A column of few values (codes,
//! answers, counts, team and worker names) is read as each row's number in a codebook of the
//! column's texts, so that its few dozen texts are held once each, not once per row. A date
//! column whose every date is written plainly (`DD/MM/YYYY` or `YYYY-MM-DD`), as nearly all
//! are, is read straight to days: such dates have no problem to locate. A `line` column
//! holds each row's line number in the file (the header is line 1).

mod split;

use std::io::Cursor;
use std::sync::Arc;

use polars::prelude::*;

use self::split::{is_blank, Reading};
use super::headers::{self, HeaderMap, Headings};
use super::numbering::{number_texts, Codebook, Codebooks};
use crate::model::frame::LINE;
use crate::model::{ListKind, ValueKind};
use crate::problem::{Problem, Rule};

/// A file read and recognised as one list.
pub struct RawTable {
    pub header: HeaderMap,
    /// `line`, then one column per column of the list, null where blank or absent: text (for
    /// identifiers); for a date column, days where every date of the file is written plainly;
    /// for any other ([`ValueKind::is_numbered`]), numbers in its codebook.
    pub frame: DataFrame,
    /// The codebooks of the numbered columns.
    pub codebooks: Codebooks,
}

/// Reads `bytes` (the content of `label`) as an Annex A list. Problems with the file as a
/// whole are returned as `Err`; column-level ones (missing, repeated, extra columns) are
/// pushed to `problems` and the file is still read.
pub fn read_csv(
    bytes: Vec<u8>,
    label: &str,
    headings: &Headings,
    problems: &mut Vec<Problem>,
) -> Result<RawTable, Problem> {
    let text = utf8_text(strip_bom(bytes), label, problems)?;
    let bytes = text.as_bytes();
    let (header_row, header_line, offset) = header_record(bytes, headings)
        .ok_or_else(|| Problem::file(label, Rule::EmptyFile, "is empty: it has no header row"))?;
    let header = headers::recognise(&header_row, headings)
        .map_err(|why| Problem::at(label, header_line, None, why.rule(), why.message()))?;
    report_columns(&header, label, header_line, problems);
    let body = &bytes[offset..];
    let width = header_row.len();
    let positions: Vec<usize> = header.found.iter().map(|(_, p)| *p).collect();
    let readings = readings(&header);
    let (frame, layout, codebooks) = records_after_header(&text, offset)
        .map(|(records, first_line)| split::read(records, first_line, width, &positions, &readings))
        .transpose()
        .and_then(|split| match split.flatten() {
            Some(split) => Ok(split),
            None => read_quoted(body, width).map(|(frame, layout)| (frame, layout, Vec::new())),
        })
        .map_err(|error| Problem::file(label, Rule::MalformedCsv, csv_error_message(&error)))?;
    layout.report_ragged_rows(width, label, header_line, problems);
    let (frame, codebooks) = list_columns(frame, &header, &layout)
        .and_then(|frame| with_columns_numbered(frame, &header, codebooks))
        .and_then(|(frame, codebooks)| Ok((shift_lines(frame, header_line)?, codebooks)))
        .map_err(|error| Problem::file(label, Rule::MalformedCsv, csv_error_message(&error)))?;
    Ok(RawTable {
        header,
        frame,
        codebooks,
    })
}

/// How the split reads each of the columns found.
fn readings(header: &HeaderMap) -> Vec<Reading> {
    header
        .found
        .iter()
        .map(|(column, _)| match column.kind {
            ValueKind::Date => Reading::Days,
            kind if kind.is_numbered() => Reading::Numbers,
            _ => Reading::Text,
        })
        .collect()
}

/// The frame with its columns of few values ([`ValueKind::is_numbered`]) as numbers, and their
/// codebooks: a column the split numbered keeps its codebook from `split` (one per column
/// found, in order); one read as text (by polars' reader, or absent from the file) is
/// numbered here.
fn with_columns_numbered(
    mut frame: DataFrame,
    header: &HeaderMap,
    mut split: Vec<Codebook>,
) -> PolarsResult<(DataFrame, Codebooks)> {
    let mut codebooks = Codebooks::new();
    for column in header.list.columns() {
        if !column.kind.is_numbered() {
            continue;
        }
        let codebook = match frame.column(column.id)?.dtype() {
            DataType::String => {
                let (numbers, codebook) = number_texts(frame.column(column.id)?.str()?)?;
                frame.with_column(numbers.into_column())?;
                codebook
            }
            _ => {
                let slot = header.found.iter().position(|(c, _)| c.id == column.id);
                let codebook = slot.and_then(|slot| split.get_mut(slot));
                codebook.map(std::mem::take).unwrap_or_default()
            }
        };
        codebooks.insert(column.id, codebook);
    }
    Ok((frame, codebooks))
}

/// The records after the header (the record starting at byte `offset` of `text`), and the line
/// the first starts on; `None` when there are none.
fn records_after_header(text: &str, offset: usize) -> Option<(&str, IdxSize)> {
    let header = RecordLines::new(text.as_bytes().get(offset..)?).next()?;
    let records = text.get(offset + header.bytes.len() + 1..)?;
    Some((records, 1 + header.lines))
}

/// Reads a text whose quoting the split on bytes does not read with polars' CSV reader, and
/// beside it scans the records for their layout (ragged and blank records, and records
/// spanning lines).
fn read_quoted(body: &[u8], width: usize) -> PolarsResult<(DataFrame, Layout)> {
    let (layout, frame) =
        crate::threads::both(|| Layout::scan(body, width), || read_all_text(body, width));
    Ok((empty_as_null(frame?)?, layout))
}

/// The frame with empty texts made null: polars reads a quoted empty field (`""`) as an empty
/// text, where an unquoted one is null (and the split on bytes reads both as null); both are
/// blank.
fn empty_as_null(frame: DataFrame) -> PolarsResult<DataFrame> {
    let texts: Vec<Expr> = frame
        .columns()
        .iter()
        .filter(|column| column.dtype() == &DataType::String)
        .map(|column| null_if_empty(col(column.name().clone())).alias(column.name().clone()))
        .collect();
    frame.lazy().with_columns(texts).collect()
}

/// The list a CSV text holds, recognised from its header as [`read_csv`] recognises it;
/// `None` when the header is not recognised (`read_csv` says why).
pub fn list_of(bytes: &[u8], headings: &Headings) -> Option<ListKind> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let (header_row, _, _) = header_record(bytes, headings)?;
    headers::recognise(&header_row, headings)
        .ok()
        .map(|header| header.list)
}

/// The text as UTF-8. A file that is not UTF-8 is read as Windows-1252 (what Excel writes
/// for "CSV", with accents as single bytes), with a warning; one that is neither (bytes
/// Windows-1252 leaves undefined, or NULs, as in UTF-16 or binary files) is an error.
fn utf8_text(bytes: Vec<u8>, label: &str, problems: &mut Vec<Problem>) -> Result<String, Problem> {
    let (bytes, error) = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => {
            let utf8_error = error.utf8_error();
            (error.into_bytes(), utf8_error)
        }
    };
    let line = 1 + bytes[..error.valid_up_to()]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64;
    let undefined = |b: &u8| matches!(b, 0x00 | 0x81 | 0x8d | 0x8f | 0x90 | 0x9d);
    if bytes.iter().any(undefined) {
        return Err(Problem::at(
            label,
            line,
            None,
            Rule::Encoding,
            "is neither UTF-8 nor Windows-1252 text (is it a spreadsheet or UTF-16?); save it as \"CSV UTF-8\" and run again",
        ));
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    problems.push(Problem::at(
        label,
        line,
        None,
        Rule::Windows1252,
        "is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV\"); check accented names, and save as \"CSV UTF-8\" to be sure",
    ));
    Ok(text.into_owned())
}

/// Title rows may sit above the header (as in Ofsted's template): the header is the first of
/// the first few non-empty records that names an Annex A list, else the first non-empty
/// record. Returns the record, its line, and the byte offset where it starts.
fn header_record(bytes: &[u8], headings: &Headings) -> Option<(Vec<String>, u64, usize)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut candidates = Vec::new();
    for record in reader.records().filter_map(Result::ok) {
        if !record.iter().any(|field| !field.trim().is_empty()) {
            continue;
        }
        let Some(position) = record.position() else {
            continue;
        };
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        candidates.push((cells, position.line(), position.byte() as usize));
        if candidates.len() == TITLE_ROWS_SEARCHED {
            break;
        }
    }
    let recognised = candidates
        .iter()
        .position(|(cells, _, _)| headers::recognise(cells, headings).is_ok());
    let index = recognised.unwrap_or(0);
    (index < candidates.len()).then(|| candidates.swap_remove(index))
}

/// What one pass over a file's records finds besides their values. Lines are counted from
/// the header (line 1).
#[derive(Debug, Default, PartialEq)]
struct Layout {
    /// Records with more or fewer fields than the header: their line and field count.
    ragged: Vec<(IdxSize, usize)>,
    /// Records whose every field is blank (spaces, say), which are not read.
    blank: Vec<IdxSize>,
    /// The line each record starts on, when a quoted field spans lines and so the row number
    /// alone would not give it; `None` when every record is one line.
    record_lines: Option<Vec<IdxSize>>,
}

impl Layout {
    /// Scans the records after the header in one pass: records without quotes (nearly all)
    /// are split on bytes alone, the others walked field by field as a CSV reader would.
    fn scan(body: &[u8], width: usize) -> Layout {
        let mut layout = Layout::default();
        let mut starts = Vec::new();
        let mut spans = false;
        for record in RecordLines::new(body).skip(1) {
            starts.push(record.line);
            spans |= record.lines > 1;
            let shape = RecordShape::of(record.bytes);
            if shape.blank {
                if !record.bytes.is_empty() {
                    layout.blank.push(record.line);
                }
            } else if shape.fields != width {
                layout.ragged.push((record.line, shape.fields));
            }
        }
        layout.record_lines = spans.then_some(starts);
        layout
    }

    /// Rows with more or fewer fields than the header are read as far as the header goes
    /// (extra fields dropped, missing ones blank), and each reported.
    fn report_ragged_rows(
        &self,
        width: usize,
        label: &str,
        header_line: u64,
        problems: &mut Vec<Problem>,
    ) {
        for &(line, fields) in &self.ragged {
            let what = if fields > width {
                "the fields beyond the header's are not read"
            } else {
                "the missing fields are read as blank"
            };
            problems.push(Problem::at(
                label,
                header_line - 1 + u64::from(line),
                None,
                Rule::RaggedRow,
                format!("has {fields} fields where the header has {width}; {what}"),
            ));
        }
    }
}

/// One CSV record: the line it starts on, how many lines it spans, and its bytes (without
/// the line break that ends it).
struct Record<'a> {
    line: IdxSize,
    lines: IdxSize,
    bytes: &'a [u8],
}

/// The records of a CSV text, split at line breaks outside quoted fields.
struct RecordLines<'a> {
    text: &'a [u8],
    position: usize,
    line: IdxSize,
}

impl<'a> RecordLines<'a> {
    fn new(text: &'a [u8]) -> RecordLines<'a> {
        RecordLines {
            text,
            position: 0,
            line: 1,
        }
    }
}

impl<'a> Iterator for RecordLines<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let (text, start) = (self.text, self.position);
        if start >= text.len() {
            return None;
        }
        let first_line = self.line;
        let mut cursor = start;
        loop {
            let end = memchr::memchr(b'\n', &text[cursor..]).map_or(text.len(), |i| cursor + i);
            self.line += 1;
            let quoted = memchr::memchr(b'"', &text[cursor..end]).is_some() || cursor > start;
            if end < text.len() && quoted && RecordShape::of(&text[start..end]).open {
                cursor = end + 1;
                continue;
            }
            self.position = end + 1;
            return Some(Record {
                line: first_line,
                lines: self.line - first_line,
                bytes: &text[start..end],
            });
        }
    }
}

/// What a record holds, as a CSV reader would read it.
#[derive(Debug, PartialEq)]
struct RecordShape {
    fields: usize,
    /// Every field is empty or spaces.
    blank: bool,
    /// It ends inside a quoted field (so the line break after it is part of a value).
    open: bool,
}

impl RecordShape {
    fn of(record: &[u8]) -> RecordShape {
        if memchr::memchr(b'"', record).is_none() {
            return RecordShape {
                fields: 1 + record.iter().filter(|b| **b == b',').count(),
                blank: record.iter().all(|b| *b == b',' || is_blank(*b)),
                open: false,
            };
        }
        #[derive(PartialEq)]
        enum State {
            FieldStart,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let (mut fields, mut blank, mut state) = (1, true, State::FieldStart);
        for &b in record {
            state = match (state, b) {
                (State::FieldStart, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') => {
                    blank = false;
                    State::Quoted
                }
                (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',') => {
                    fields += 1;
                    State::FieldStart
                }
                (State::Quoted, b) => {
                    blank &= is_blank(b);
                    State::Quoted
                }
                (_, b) => {
                    blank &= is_blank(b);
                    State::Unquoted
                }
            };
        }
        RecordShape {
            fields,
            blank,
            open: state == State::Quoted,
        }
    }
}

/// How many non-empty records are searched for the header.
const TITLE_ROWS_SEARCHED: usize = 12;

/// Line numbers counted from the header (line 1) moved to the file's lines.
pub fn shift_lines(frame: DataFrame, header_line: u64) -> PolarsResult<DataFrame> {
    if header_line == 1 {
        return Ok(frame);
    }
    frame
        .lazy()
        .with_column((col(LINE) + lit(header_line as IdxSize - 1)).alias(LINE))
        .collect()
}

/// The UTF-8 byte-order mark Excel writes at the start of "CSV UTF-8" files.
const BOM: &[u8] = &[0xef, 0xbb, 0xbf];

fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    bytes
}

fn report_columns(header: &HeaderMap, label: &str, line: u64, problems: &mut Vec<Problem>) {
    for column in &header.missing {
        problems.push(Problem::at(
            label,
            line,
            Some(column.heading),
            Rule::MissingColumn,
            format!(
                "{} has no `{}` column; its values are treated as blank",
                header.list, column.heading
            ),
        ));
    }
    for (column, positions) in &header.repeated {
        problems.push(Problem::at(
            label,
            line,
            Some(column.heading),
            Rule::DuplicateColumn,
            format!(
                "`{}` appears {} times; only the first (column {}) is read",
                column.heading,
                positions.len() + 1,
                header
                    .found
                    .iter()
                    .find(|(c, _)| c.id == column.id)
                    .map(|(_, p)| p + 1)
                    .unwrap_or(0)
            ),
        ));
    }
    for (position, heading) in &header.extra {
        problems.push(Problem::at(
            label,
            line,
            Some(heading),
            Rule::ExtraColumn,
            format!(
                "column {} is not an Annex A column of {}, so it is not read",
                position + 1,
                header.list
            ),
        ));
    }
}

/// Reads all rows as text, in columns named by position (`c0`, `c1`, …).
fn read_all_text(body: &[u8], width: usize) -> PolarsResult<DataFrame> {
    let schema: Schema = (0..width)
        .map(|i| Field::new(positional(i), DataType::String))
        .collect();
    CsvReadOptions::default()
        .with_has_header(true)
        .map_parse_options(|options| options.with_truncate_ragged_lines(true))
        .with_schema(Some(Arc::new(schema)))
        .with_row_index(Some(RowIndex {
            name: LINE.into(),
            offset: 2,
        }))
        .into_reader_with_file_handle(Cursor::new(body))
        .finish()
}

/// The name of the column read from position `i`.
fn positional(i: usize) -> PlSmallStr {
    PlSmallStr::from(format!("c{i}"))
}

/// Keeps the list's columns under their ids, leaving out rows that are entirely blank.
/// Identifiers are trimmed here, with blanks made null; other values are trimmed as they are
/// decoded, once per distinct text.
fn list_columns(frame: DataFrame, header: &HeaderMap, layout: &Layout) -> PolarsResult<DataFrame> {
    let frame = match &layout.record_lines {
        Some(lines) => with_true_lines(frame, lines)?,
        None => frame,
    };
    let columns = header
        .list
        .columns()
        .into_iter()
        .map(|column| {
            let position = header
                .found
                .iter()
                .find(|(c, _)| c.id == column.id)
                .map(|(_, position)| *position);
            let Some(position) = position else {
                return Ok(lit(NULL).cast(DataType::String).alias(column.id));
            };
            let text = col(positional(position));
            let identifier = column.kind == ValueKind::Id;
            Ok(
                if identifier && needs_trimming(frame.column(&positional(position))?.str()?) {
                    blank_to_null(text)
                } else {
                    text
                }
                .alias(column.id),
            )
        })
        .collect::<PolarsResult<Vec<Expr>>>()?;
    let any_value = header
        .list
        .columns()
        .iter()
        .map(|c| col(c.id).is_not_null())
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    let not_blank = if layout.blank.is_empty() {
        any_value
    } else {
        let blank = Series::new("blank".into(), &layout.blank);
        any_value.and(col(LINE).is_in(lit(blank), false).not())
    };
    let frame = frame
        .lazy()
        .select(
            std::iter::once(col(LINE))
                .chain(columns)
                .collect::<Vec<_>>(),
        )
        .collect()?;
    without_blank_rows(frame, not_blank)
}

/// The frame without the rows where `keep` is false; the frame itself (no copy) when there
/// are none, as in nearly every file.
fn without_blank_rows(frame: DataFrame, keep: Expr) -> PolarsResult<DataFrame> {
    let keep = frame
        .clone()
        .lazy()
        .select([keep.alias("keep")])
        .collect()?;
    let keep = keep.column("keep")?.bool()?;
    if keep.all() {
        Ok(frame)
    } else {
        frame.filter(keep)
    }
}

/// Replaces the row-index line numbers with the lines the records really start on.
fn with_true_lines(mut frame: DataFrame, starts: &[IdxSize]) -> PolarsResult<DataFrame> {
    let lines: Vec<IdxSize> = (0..frame.height())
        .map(|row| starts.get(row).copied().unwrap_or(0))
        .collect();
    frame.with_column(Column::new(LINE.into(), lines))?;
    Ok(frame)
}

/// Whether any value has spaces around it (or is only spaces). Most columns have none, and
/// are kept as read instead of copying every value to trim it.
fn needs_trimming(texts: &StringChunked) -> bool {
    texts
        .iter()
        .flatten()
        .any(|text| text.trim().len() != text.len())
}

fn blank_to_null(text: Expr) -> Expr {
    null_if_empty(text.str().strip_chars(lit(NULL)))
}

/// The text, null where it is empty.
fn null_if_empty(text: Expr) -> Expr {
    when(text.clone().eq(lit("")))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(text)
}

fn csv_error_message(error: &PolarsError) -> String {
    let text = error.to_string();
    let first_line = text.lines().next().unwrap_or("").trim();
    format!("cannot be read as CSV: {first_line}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A text's rows as the list's columns, their codebooks, and its ragged records.
    type Read = (DataFrame, Codebooks, Vec<(IdxSize, usize)>);

    /// Reads `records` (after a Contacts header) both ways: split on bytes in `threads`
    /// chunks, and with polars' reader and the scan; `None` when the split leaves the text to
    /// polars.
    fn both_ways(records: &str, threads: usize) -> Option<[Read; 2]> {
        let headings: Vec<String> = ListKind::Contacts
            .columns()
            .iter()
            .map(|c| c.heading.to_string())
            .collect();
        let header = headers::recognise(&headings, &Headings::default()).unwrap();
        let body = format!("{}\n{records}", headings.join(","));
        let (text, first_line) = records_after_header(&body, 0).unwrap();
        let positions: Vec<usize> = header.found.iter().map(|(_, p)| *p).collect();
        let readings = readings(&header);
        let width = headings.len();
        let split =
            split::read_in(text, first_line, width, &positions, &readings, threads).unwrap()?;
        let (frame, layout) = read_quoted(body.as_bytes(), width).unwrap();
        let frame = dates_as_the_split_reads(frame, &positions, &readings);
        let polars = (frame, layout, Vec::new());
        Some([split, polars].map(|(frame, layout, codebooks)| {
            let frame = list_columns(frame, &header, &layout).unwrap();
            let (frame, codebooks) = with_columns_numbered(frame, &header, codebooks).unwrap();
            (frame, codebooks, layout.ragged)
        }))
    }

    /// The frame polars read with its date columns as days where every date is written
    /// plainly (or is missing), as the split reads them.
    fn dates_as_the_split_reads(
        frame: DataFrame,
        positions: &[usize],
        readings: &[Reading],
    ) -> DataFrame {
        let mut frame = frame;
        let dates = positions
            .iter()
            .zip(readings)
            .filter(|(_, reading)| **reading == Reading::Days);
        for (&position, _) in dates {
            let name = positional(position);
            let texts = frame.column(&name).unwrap().str().unwrap().clone();
            let days: Option<Vec<Option<i32>>> = texts
                .iter()
                .map(|text| {
                    text.map_or(Some(None), |t| {
                        crate::dates::plain_date(t.as_bytes()).map(Some)
                    })
                })
                .collect();
            if let Some(days) = days {
                let days = Int32Chunked::from_iter_options(name.clone(), days.into_iter());
                frame.with_column(days.into_date().into_column()).unwrap();
            }
        }
        frame
    }

    /// Reads `records` both ways, asserting they agree, and returns the split's reading.
    fn split_as_polars_reads(records: &str, threads: usize) -> Read {
        let [split, polars] = both_ways(records, threads).expect("the text is split");
        assert!(
            split.0.equals_missing(&polars.0),
            "{threads} threads:\n{split:?}\n{polars:?}"
        );
        assert_eq!(split.1, polars.1);
        assert_eq!(split.2, polars.2);
        split
    }

    #[test]
    fn splitting_on_bytes_reads_what_polars_reads() {
        let records = "C1,a, 2 ,01/04/2014,,x\r\n\r\n , ,,\nC2\n,,,,,,,,,,,,,,\n\nC3,b,c,d,e,f,g,h,i,j,k,l,m\nC4,,,,\r";
        for threads in 1..=4 {
            let split = split_as_polars_reads(records, threads);
            assert_eq!(
                split
                    .0
                    .column(LINE)
                    .unwrap()
                    .idx()
                    .unwrap()
                    .to_vec_null_aware()
                    .left()
                    .unwrap(),
                vec![2, 5, 8, 9],
                "lines as in the file, the header being line 1"
            );
        }
    }

    #[test]
    fn quoted_fields_are_split_as_polars_reads_them() {
        let records = "C1,\"a, b\",\" 2 \",\"01/04/2014\",\"\"\r\n\" \",\"\", \n\"C2\"\n\"C3\",\",\",,\",,\"\n";
        for threads in 1..=3 {
            split_as_polars_reads(records, threads);
        }
    }

    #[test]
    fn other_quoting_is_left_to_polars() {
        for records in [
            "C1,\"say \"\"hi\"\"\"\n",
            "C1,O\"Brien\n",
            "C1,\"a\"b,c\n",
            "C1,\"two\nlines\",c\n",
            "C1,\"open\n",
            "C1, \"a\"\n",
        ] {
            assert!(both_ways(records, 1).is_none(), "{records:?}");
        }
    }

    /// Texts of records made of `fields`, ending in either kind of line break.
    fn csv_text(fields: Vec<&'static str>) -> impl Strategy<Value = String> {
        let field = prop::sample::select(fields);
        let record = prop::collection::vec(field, 0..16).prop_map(|fields| fields.join(","));
        let ending = prop::sample::select(vec!["\n", "\r\n"]);
        prop::collection::vec((record, ending), 0..40).prop_map(|records| {
            records
                .into_iter()
                .map(|(record, ending)| format!("{record}{ending}"))
                .collect()
        })
    }

    fn unquoted_text() -> impl Strategy<Value = String> {
        csv_text(vec![
            "",
            " ",
            "a",
            "C1",
            " b ",
            "01/04/2014",
            "\t",
            "é",
            "£5 ¬",
        ])
    }

    /// Texts whose quotes wrap whole fields, some holding commas or spaces.
    fn quoted_text() -> impl Strategy<Value = String> {
        csv_text(vec![
            "", " ", "a", "C1", "\"\"", "\" \"", "\"a, b\"", "\"C1\"", "\",\"", " b ", "\"é,\"",
        ])
    }

    proptest! {
        #[test]
        fn any_unquoted_text_is_read_as_polars_reads_it(
            text in unquoted_text(),
            cut_last_break in any::<bool>(),
            threads in 1usize..4,
        ) {
            let text = if cut_last_break { text.trim_end_matches('\n') } else { &text };
            let [split, polars] = both_ways(text, threads).unwrap();
            prop_assert!(split.0.equals_missing(&polars.0), "{:?}\n{:?}", split.0, polars.0);
            prop_assert_eq!(split.1, polars.1);
        }

        #[test]
        fn any_text_quoting_whole_fields_is_read_as_polars_reads_it(
            text in quoted_text(),
            threads in 1usize..4,
        ) {
            let [split, polars] = both_ways(&text, threads).unwrap();
            prop_assert!(split.0.equals_missing(&polars.0), "{:?}\n{:?}", split.0, polars.0);
            prop_assert_eq!(split.1, polars.1);
        }
    }

    #[test]
    fn one_pass_finds_ragged_and_blank_records_with_or_without_quotes() {
        let plain = b"h1,h2\na,1\n , \nb\nc,2,x\n\nd,3\n";
        let expected = Layout {
            ragged: vec![(4, 1), (5, 3)],
            blank: vec![3],
            record_lines: None,
        };
        assert_eq!(Layout::scan(plain, 2), expected);
        let quoted = b"h1,h2\n\"a\",1\n , \nb\nc,2,x\n\nd,3\n";
        assert_eq!(
            Layout::scan(quoted, 2),
            Layout {
                record_lines: None,
                ..expected
            }
        );
        let crlf = b"h1,h2\r\na,1\r\n,\r\nb\r\n";
        assert_eq!(
            Layout::scan(crlf, 2),
            Layout {
                ragged: vec![(4, 1)],
                blank: vec![3],
                record_lines: None,
            }
        );
    }

    #[test]
    fn records_spanning_lines_are_located_by_their_first_line() {
        let text = b"h1,h2\na,1\n\"b\nc\",2\nd,3\n";
        assert_eq!(Layout::scan(text, 2).record_lines, Some(vec![2, 3, 5]));
        assert_eq!(Layout::scan(b"h1,h2\n\"a\",1\n", 2).record_lines, None);
        assert_eq!(Layout::scan(b"h1,h2\na,1\n", 2).record_lines, None);
    }

    #[test]
    fn quotes_count_only_where_a_csv_reader_counts_them() {
        let shape = RecordShape::of;
        assert_eq!(shape(b"a,\"b,c\",d").fields, 3);
        assert_eq!(
            shape(b"O\"Brien,x").fields,
            2,
            "a quote inside a field is a character"
        );
        assert!(!shape(b"O\"Brien,x").open);
        assert_eq!(shape(b"\"say \"\"hi\"\", he said\",x").fields, 2);
        assert!(shape(b"\"a\nb").open);
        assert!(shape(b"\"\",\" \", ").blank);
        assert!(
            !shape(b" \" \"").blank,
            "a quote after a space is a character"
        );
        assert!(!shape(b"\"\"\"\"").blank, "an escaped quote is a value");
    }
}
