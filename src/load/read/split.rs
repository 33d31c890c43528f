//! Reading the records of a CSV text whose quotes, if any, wrap whole fields on one line, as
//! extracts are written (a field is quoted when it holds a comma): each line is a record and
//! each comma outside quotes ends a field, so the text is split on bytes alone, in one pass
//! that also finds ragged and blank records, on one thread per core, and only the columns the
//! list needs are built. A text with other quoting (a value spanning lines, an escaped quote, a
//! quote inside a field) is read by polars' CSV reader and scanned separately
//! ([`super::read_csv`]).

use std::num::NonZeroUsize;

use polars::prelude::*;

use super::{positional, Layout, LINE};

/// Reads `text`, the records after the header, the first starting on line `first_line`
/// (the header is line 1), into a frame of `line` and the fields at `positions` (named as
/// [`positional`]), as polars' reader reads them: a field is text as written (inside its
/// quotes, if quoted), null when empty; a record with fewer fields than `width` has nulls for
/// the missing ones, and one with more has the extra ones dropped (both reported by the
/// layout). Records whose every field is blank are left out, as the layout of a quoted text
/// marks them to be. `None` when a record's quotes are other than [`Fields`] reads.
pub(super) fn read(
    text: &str,
    first_line: IdxSize,
    width: usize,
    positions: &[usize],
) -> PolarsResult<Option<(DataFrame, Layout)>> {
    read_in(text, first_line, width, positions, threads(text.len()))
}

/// [`read`], on `threads` threads.
pub(super) fn read_in(
    text: &str,
    first_line: IdxSize,
    width: usize,
    positions: &[usize],
    threads: usize,
) -> PolarsResult<Option<(DataFrame, Layout)>> {
    let mut slots = vec![None; width];
    for (slot, &position) in positions.iter().enumerate() {
        if let Some(entry) = slots.get_mut(position) {
            *entry = Some(slot);
        }
    }
    let parts = crate::load::each_on_its_own_thread(chunks(text, threads), |chunk| {
        Part::parse(chunk, width, &slots, positions.len())
    });
    match parts.into_iter().collect::<Option<Vec<Part>>>() {
        Some(parts) => assemble(parts, first_line, positions).map(Some),
        None => Ok(None),
    }
}

/// The rows of one chunk of lines, numbered from the chunk's first line (0).
struct Part {
    lines: Vec<IdxSize>,
    columns: Vec<StringChunkedBuilder>,
    ragged: Vec<(IdxSize, usize)>,
    line_count: IdxSize,
}

impl Part {
    /// Splits `chunk` into records and fields; `slots` gives, for each position up to the
    /// header's width, which of the `wanted` columns its field goes to (if any). `None` when a
    /// record's quotes are other than [`Fields`] reads.
    fn parse(chunk: &str, width: usize, slots: &[Option<usize>], wanted: usize) -> Option<Part> {
        let rows = chunk.len() / 64 + 1;
        let mut part = Part {
            lines: Vec::with_capacity(rows),
            columns: (0..wanted)
                .map(|_| StringChunkedBuilder::new(PlSmallStr::EMPTY, rows))
                .collect(),
            ragged: Vec::new(),
            line_count: 0,
        };
        let mut fields: Vec<&str> = vec![""; wanted];
        for (line, record) in (0..).zip(chunk.split_terminator('\n')) {
            part.line_count = line + 1;
            // The line break's carriage return is not part of the last field.
            let record = record.strip_suffix('\r').unwrap_or(record);
            fields.fill("");
            let (mut count, mut blank) = (0, true);
            for field in Fields::of(record) {
                let field = field?;
                // Past the first field with something in it, the record is not blank.
                blank = blank && field.bytes().all(is_blank);
                if let Some(Some(slot)) = slots.get(count) {
                    fields[*slot] = field;
                }
                count += 1;
            }
            if blank {
                continue;
            }
            if count != width {
                part.ragged.push((line, count));
            }
            part.lines.push(line);
            for (column, field) in part.columns.iter_mut().zip(&fields) {
                if field.is_empty() {
                    column.append_null();
                } else {
                    column.append_value(field);
                }
            }
        }
        Some(part)
    }
}

/// The fields of one record (without its line break), each as polars' reader reads it: a field
/// that starts with a quote is the text up to the next quote, which must end the field; any
/// other field is the text up to the next comma, and must hold no quote. `None` for a field
/// otherwise quoted (an escaped quote, a quote inside a field, a value going on past the line),
/// after which the record is not read on.
struct Fields<'a> {
    rest: Option<&'a str>,
    quoted: bool,
}

impl<'a> Fields<'a> {
    fn of(record: &'a str) -> Fields<'a> {
        Fields {
            rest: Some(record),
            quoted: memchr::memchr(b'"', record.as_bytes()).is_some(),
        }
    }

    /// Ends the record at `field`, or goes on after the comma that ends it at `end`.
    fn field(&mut self, field: &'a str, end: usize) -> Option<Option<&'a str>> {
        let rest = self.rest.take()?;
        match rest.as_bytes().get(end) {
            None => Some(Some(field)),
            Some(b',') => {
                self.rest = Some(&rest[end + 1..]);
                Some(Some(field))
            }
            Some(_) => Some(None),
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Option<&'a str>;

    fn next(&mut self) -> Option<Option<&'a str>> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        if self.quoted && bytes.first() == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &bytes[1..]).map(|i| i + 1) else {
                self.rest = None;
                return Some(None);
            };
            return self.field(&rest[1..close], close + 1);
        }
        let end = memchr::memchr(b',', bytes).unwrap_or(bytes.len());
        if self.quoted && memchr::memchr(b'"', &bytes[..end]).is_some() {
            self.rest = None;
            return Some(None);
        }
        self.field(&rest[..end], end)
    }
}

/// Spaces, tabs and line-break characters: a record of nothing else (and commas) is blank.
fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Joins the parts in order, numbering their lines from `first_line`.
fn assemble(
    parts: Vec<Part>,
    first_line: IdxSize,
    positions: &[usize],
) -> PolarsResult<(DataFrame, Layout)> {
    let mut lines: Vec<IdxSize> = Vec::new();
    let mut columns: Vec<Option<StringChunked>> = vec![None; positions.len()];
    let mut layout = Layout::default();
    let mut offset = first_line;
    for part in parts {
        lines.extend(part.lines.iter().map(|line| line + offset));
        layout.ragged.extend(
            part.ragged
                .iter()
                .map(|(line, fields)| (line + offset, *fields)),
        );
        for (column, built) in columns.iter_mut().zip(part.columns) {
            let built = built.finish();
            match column {
                Some(column) => column.append_owned(built)?,
                None => *column = Some(built),
            }
        }
        offset += part.line_count;
    }
    let height = lines.len();
    let mut frame = vec![Column::new(LINE.into(), lines)];
    for (column, &position) in columns.into_iter().zip(positions) {
        let values = column.unwrap_or_else(|| StringChunked::full_null(PlSmallStr::EMPTY, height));
        frame.push(values.with_name(positional(position)).into_column());
    }
    Ok((DataFrame::new(height, frame)?, layout))
}

/// How many threads to split a text of `len` bytes across: one per core, but no more than
/// one per megabyte, as for a small text another thread costs more than it saves.
fn threads(len: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    cores.min(len / (1 << 20) + 1)
}

/// `text` cut into `n` chunks of about equal size, each ending at a line break (but the last).
fn chunks(text: &str, n: usize) -> Vec<&str> {
    let target = text.len() / n.max(1) + 1;
    let mut chunks = Vec::with_capacity(n);
    let mut rest = text;
    while !rest.is_empty() {
        let cut = if rest.len() > target {
            memchr::memchr(b'\n', &rest.as_bytes()[target..]).map_or(rest.len(), |i| target + i + 1)
        } else {
            rest.len()
        };
        let (chunk, after) = rest.split_at(cut);
        chunks.push(chunk);
        rest = after;
    }
    chunks
}
