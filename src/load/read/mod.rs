//! Reading one CSV file into a frame of raw text columns named by column id.
//!
//! Every value is read as written: decoding and checking happen afterwards, so that a bad
//! value becomes a located problem instead of a failed read. A column of few values (codes,
//! answers, counts, team and worker names) is read as each row's number in a dictionary of
//! the column's texts, so that its few dozen texts are held once each, not once per row. A date
//! column whose every date is written plainly (`DD/MM/YYYY` or `YYYY-MM-DD`), as nearly all
//! are, is read straight to days: such dates have no problem to locate. A `line` column
//! holds each row's line number in the file (the header is line 1).

mod fallback;
mod text;

use crate::kernels::scan::{Layout, RecordLines};
use fallback::{csv_error_message, list_columns, read_quoted};
use text::{header_record, records_after_header, strip_bom, utf8_text, BOM};

use std::io::Cursor;
use std::sync::Arc;

use polars::prelude::*;

use super::headers::{self, HeaderMap, Headings};
use crate::kernels::numbering::{number_texts, Dictionaries, Dictionary};
use crate::kernels::split::{self, positional, Reading};
use crate::model::frame::LINE;
use crate::model::{ListKind, ValueKind};
use crate::problem::{Problem, Rule};

/// A file read and recognised as one list.
pub struct RawTable {
    pub header: HeaderMap,
    /// `line`, then one column per column of the list, null where blank or absent: text (for
    /// identifiers); for a date column, days where every date of the file is written plainly;
    /// for any other ([`ValueKind::is_numbered`]), numbers of its texts.
    pub frame: DataFrame,
    /// The dictionaries of the numbered columns' texts.
    pub dictionaries: Dictionaries,
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
    let (frame, layout, dictionaries) = records_after_header(&text, offset)
        .map(|(records, first_line)| split::read(records, first_line, width, &positions, &readings))
        .transpose()
        .and_then(|split| match split.flatten() {
            Some(split) => Ok(split),
            None => read_quoted(body, width).map(|(frame, layout)| (frame, layout, Vec::new())),
        })
        .map_err(|error| Problem::file(label, Rule::MalformedCsv, csv_error_message(&error)))?;
    report_ragged_rows(&layout, width, label, header_line, problems);
    let (frame, dictionaries) = list_columns(frame, &header, &layout)
        .and_then(|frame| with_columns_numbered(frame, &header, dictionaries))
        .and_then(|(frame, dictionaries)| Ok((shift_lines(frame, header_line)?, dictionaries)))
        .map_err(|error| Problem::file(label, Rule::MalformedCsv, csv_error_message(&error)))?;
    Ok(RawTable {
        header,
        frame,
        dictionaries,
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
/// dictionaries: a column the split numbered keeps its dictionary from `split` (one per column
/// found, in order); one read as text (by polars' reader, or absent from the file) is
/// numbered here.
fn with_columns_numbered(
    mut frame: DataFrame,
    header: &HeaderMap,
    mut split: Vec<Dictionary>,
) -> PolarsResult<(DataFrame, Dictionaries)> {
    let mut dictionaries = Dictionaries::new();
    for column in header.list.columns() {
        if !column.kind.is_numbered() {
            continue;
        }
        let dictionary = match frame.column(column.id)?.dtype() {
            DataType::String => {
                let (numbers, dictionary) = number_texts(frame.column(column.id)?.str()?);
                frame.with_column(numbers.into_column())?;
                dictionary
            }
            _ => {
                let slot = header.found.iter().position(|(c, _)| c.id == column.id);
                let dictionary = slot.and_then(|slot| split.get_mut(slot));
                dictionary.map(std::mem::take).unwrap_or_default()
            }
        };
        dictionaries.insert(column.id, dictionary);
    }
    Ok((frame, dictionaries))
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

/// Rows with more or fewer fields than the header are read as far as the header goes
/// (extra fields dropped, missing ones blank), and each reported.
fn report_ragged_rows(
    layout: &Layout,
    width: usize,
    label: &str,
    header_line: u64,
    problems: &mut Vec<Problem>,
) {
    for &(line, fields) in &layout.ragged {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A text's rows as the list's columns (numbered columns as their texts), and its ragged
    /// records.
    type Read = (DataFrame, Vec<(IdxSize, usize)>);

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
        Some([split, polars].map(|(frame, layout, dictionaries)| {
            let frame = list_columns(frame, &header, &layout).unwrap();
            let (mut frame, dictionaries) =
                with_columns_numbered(frame, &header, dictionaries).unwrap();
            for (id, dictionary) in &dictionaries {
                let numbers = frame.column(id).unwrap().idx().unwrap().clone();
                let texts = dictionary.texts_of(&numbers).unwrap();
                frame.with_column(texts.into_column()).unwrap();
            }
            (frame, layout.ragged)
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
}
