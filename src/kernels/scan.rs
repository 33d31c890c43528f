//! The record scan: each record's line, and the ragged and blank records, found in one pass
//! over the text as a CSV reader would read it (line breaks inside quotes belong to the
//! field).

use polars::prelude::IdxSize;

/// What one pass over a file's records finds besides their values. Lines are counted from
/// the header (line 1).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Layout {
    /// Records with more or fewer fields than the header: their line and field count.
    pub(crate) ragged: Vec<(IdxSize, usize)>,
    /// Records whose every field is blank (spaces, say), which are not read.
    pub(crate) blank: Vec<IdxSize>,
    /// The line each record starts on, when a quoted field spans lines and so the row number
    /// alone would not give it; `None` when every record is one line.
    pub(crate) record_lines: Option<Vec<IdxSize>>,
}

impl Layout {
    /// Scans the records after the header in one pass: records without quotes (nearly all)
    /// are split on bytes alone, the others walked field by field as a CSV reader would.
    pub(crate) fn scan(body: &[u8], width: usize) -> Layout {
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
}

/// One CSV record: the line it starts on, how many lines it spans, and its bytes (without
/// the line break that ends it).
pub(crate) struct Record<'a> {
    pub(crate) line: IdxSize,
    pub(crate) lines: IdxSize,
    pub(crate) bytes: &'a [u8],
}

/// The records of a CSV text, split at line breaks outside quoted fields.
pub(crate) struct RecordLines<'a> {
    text: &'a [u8],
    position: usize,
    line: IdxSize,
}

impl<'a> RecordLines<'a> {
    pub(crate) fn new(text: &'a [u8]) -> RecordLines<'a> {
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
pub(crate) struct RecordShape {
    pub(crate) fields: usize,
    /// Every field is empty or spaces.
    pub(crate) blank: bool,
    /// It ends inside a quoted field (so the line break after it is part of a value).
    pub(crate) open: bool,
}

impl RecordShape {
    pub(crate) fn of(record: &[u8]) -> RecordShape {
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

/// Spaces, tabs and line-break characters: a record of nothing else (and commas) is blank.
pub(crate) fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

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
