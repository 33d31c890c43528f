//! Reading one CSV file into a frame of raw text columns named by column id.
//!
//! Every value is read as text: decoding and checking happen afterwards, so that a bad value
//! becomes a located problem instead of a failed read. A `line` column holds each row's line
//! number in the file (the header is line 1).

use std::io::Cursor;
use std::sync::Arc;

use polars::prelude::*;

use super::headers::{self, HeaderMap, Headings};
use crate::model::ColumnSpec;
use crate::problem::{Problem, Rule};

/// The name of the line-number column added to every frame.
pub const LINE: &str = "line";

/// A file read and recognised as one list.
pub struct RawTable {
    pub header: HeaderMap,
    /// `line`, then one text column per column of the list (null where blank or absent).
    pub frame: DataFrame,
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
    let bytes = strip_bom(bytes);
    if let Err(error) = std::str::from_utf8(&bytes) {
        let line = 1 + bytes[..error.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        return Err(Problem::at(
            label,
            line,
            None,
            Rule::Encoding,
            "is not UTF-8 text; save it as \"CSV UTF-8\" and run again",
        ));
    }
    let header_row = first_record(&bytes)
        .ok_or_else(|| Problem::file(label, Rule::EmptyFile, "is empty: it has no header row"))?;
    let header = headers::recognise(&header_row, headings)
        .map_err(|why| Problem::at(label, 1, None, why.rule(), why.message()))?;
    report_columns(&header, label, problems);
    let record_lines = record_start_lines(&bytes);
    let frame = read_text_columns(bytes, header_row.len(), &header, record_lines)
        .map_err(|error| Problem::file(label, Rule::MalformedCsv, csv_error_message(&error)))?;
    Ok(RawTable { header, frame })
}

fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        bytes.drain(..3);
    }
    bytes
}

/// The first non-empty record of the file, as text.
fn first_record(bytes: &[u8]) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    reader
        .records()
        .filter_map(Result::ok)
        .find(|record| record.iter().any(|field| !field.trim().is_empty()))
        .map(|record| record.iter().map(str::to_string).collect())
}

fn report_columns(header: &HeaderMap, label: &str, problems: &mut Vec<Problem>) {
    for column in &header.missing {
        problems.push(Problem::at(
            label,
            1,
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
            1,
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
            1,
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

/// Reads all rows as text, keeps the list's columns under their ids, trims values, turns
/// blanks into nulls and drops rows that are entirely blank.
fn read_text_columns(
    bytes: Vec<u8>,
    width: usize,
    header: &HeaderMap,
    record_lines: Option<Vec<IdxSize>>,
) -> PolarsResult<DataFrame> {
    let positional = |i: usize| PlSmallStr::from(format!("c{i}"));
    let schema: Schema = (0..width)
        .map(|i| Field::new(positional(i), DataType::String))
        .collect();
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .with_row_index(Some(RowIndex {
            name: LINE.into(),
            offset: 2,
        }))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()?;
    let frame = match record_lines {
        Some(lines) => with_true_lines(frame, &lines)?,
        None => frame,
    };
    let columns: Vec<Expr> = header
        .list
        .columns()
        .into_iter()
        .map(|column| {
            let source = header
                .found
                .iter()
                .find(|(c, _)| c.id == column.id)
                .map(|(_, position)| col(positional(*position)));
            blank_to_null(source.unwrap_or_else(|| lit(NULL).cast(DataType::String)))
                .alias(column.id)
        })
        .collect();
    let ids: Vec<&'static str> = header
        .list
        .columns()
        .iter()
        .map(|c: &&ColumnSpec| c.id)
        .collect();
    let any_value = ids
        .iter()
        .map(|id| col(*id).is_not_null())
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    frame
        .lazy()
        .select(
            std::iter::once(col(LINE))
                .chain(columns)
                .collect::<Vec<_>>(),
        )
        .filter(any_value)
        .collect()
}

/// The line each record starts on (the header's first), when a quoted field spans lines and
/// so the row number alone would not give it; `None` when every record is one line.
fn record_start_lines(bytes: &[u8]) -> Option<Vec<IdxSize>> {
    if !bytes.contains(&b'"') {
        return None;
    }
    let mut starts = vec![1 as IdxSize];
    let (mut line, mut quoted, mut spans) = (1 as IdxSize, false, false);
    for (i, byte) in bytes.iter().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' => {
                line += 1;
                if quoted {
                    spans = true;
                } else if i + 1 < bytes.len() {
                    starts.push(line);
                }
            }
            _ => {}
        }
    }
    spans.then_some(starts)
}

/// Replaces the row-index line numbers with the lines the records really start on.
fn with_true_lines(mut frame: DataFrame, starts: &[IdxSize]) -> PolarsResult<DataFrame> {
    let lines: Vec<IdxSize> = (0..frame.height())
        .map(|row| starts.get(row + 1).copied().unwrap_or(0))
        .collect();
    frame.with_column(Column::new(LINE.into(), lines))?;
    Ok(frame)
}

fn blank_to_null(text: Expr) -> Expr {
    let trimmed = text.str().strip_chars(lit(NULL));
    when(trimmed.clone().eq(lit("")))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(trimmed)
}

fn csv_error_message(error: &PolarsError) -> String {
    let text = error.to_string();
    let first_line = text.lines().next().unwrap_or("").trim();
    format!("cannot be read as CSV: {first_line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_spanning_lines_are_located_by_their_first_line() {
        let text = b"h1,h2\na,1\n\"b\nc\",2\nd,3\n";
        assert_eq!(record_start_lines(text), Some(vec![1, 2, 3, 5]));
        assert_eq!(record_start_lines(b"h1,h2\n\"a\",1\n"), None);
        assert_eq!(record_start_lines(b"h1,h2\na,1\n"), None);
    }
}
