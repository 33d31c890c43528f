//! Reading the records of a CSV text whose quotes, if any, wrap whole fields on one line, as
//! extracts are written (a field is quoted when it holds a comma): each line is a record and
//! each comma outside quotes ends a field, so the text is split on bytes alone, in one pass
//! that also finds ragged and blank records, in one chunk per thread, and only the columns the
//! list needs are built. A text with other quoting (a value spanning lines, an escaped quote, a
//! quote inside a field) is read by polars' CSV reader and scanned separately
//! ([`super::read_csv`]).
//!
//! Date columns are read straight to days where every date of the file is written plainly
//! (`DD/MM/YYYY` or `YYYY-MM-DD`), as nearly all are: no text is built for them. A file with
//! a date written otherwise is split again with that column as text, for decoding to read
//! and locate its problems. Coded columns are read as numbers of their texts, in a dictionary
//! ([`super::numbering`]): no text is built for them either.

use polars::prelude::*;

use super::numbering::{Dictionary, Numbering};
use super::scan::{is_blank, Layout};
use crate::dates::plain_date;
use crate::model::frame::LINE;

/// How the split reads a column's fields.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Reading {
    /// As text, as written.
    Text,
    /// As dates, in days, while every date is written plainly ([`plain_date`]); as text when
    /// one is not.
    Days,
    /// As numbers of the column's texts, each thread's part numbering its own ([`Dictionary`]).
    Numbers,
}

/// A text split: `line` and the fields read, the records' layout, and a dictionary for each
/// field read as numbers (empty for the others).
pub(crate) type Split = (DataFrame, Layout, Vec<Dictionary>);

/// Reads `text`, the records after the header, the first starting on line `first_line`
/// (the header is line 1), into a frame of `line` and the fields at `positions` (named as
/// [`positional`]), as polars' reader reads them: a field is text as written (inside its
/// quotes, if quoted), null when empty; a record with fewer fields than `width` has nulls for
/// the missing ones, and one with more has the extra ones dropped (both reported by the
/// layout). Records whose every field is blank are left out, as the layout of a quoted text
/// marks them to be. Each field is read as its entry of `readings` says. `None` when a
/// record's quotes are other than [`Fields`] reads.
pub(crate) fn read(
    text: &str,
    first_line: IdxSize,
    width: usize,
    positions: &[usize],
    readings: &[Reading],
) -> PolarsResult<Option<Split>> {
    read_in(
        text,
        first_line,
        width,
        positions,
        readings,
        threads(text.len()),
    )
}

/// [`read`], on `threads` threads.
pub(crate) fn read_in(
    text: &str,
    first_line: IdxSize,
    width: usize,
    positions: &[usize],
    readings: &[Reading],
    threads: usize,
) -> PolarsResult<Option<Split>> {
    let mut slots = vec![None; width];
    for (slot, &position) in positions.iter().enumerate() {
        if let Some(entry) = slots.get_mut(position) {
            *entry = Some(slot);
        }
    }
    let mut readings: Vec<Reading> = (0..positions.len())
        .map(|slot| readings.get(slot).copied().unwrap_or(Reading::Text))
        .collect();
    // At most twice: a second split reads as days only the columns the first found plain.
    loop {
        let parts = crate::threads::each_on_the_pool(chunks(text, threads), |chunk| {
            Part::parse(chunk, width, &slots, &readings)
        });
        let Some(parts) = parts.into_iter().collect::<Option<Vec<Part>>>() else {
            return Ok(None);
        };
        let mut all_plain = true;
        for part in &parts {
            for (slot, column) in part.columns.iter().enumerate() {
                if matches!(column, Built::Days(None)) {
                    readings[slot] = Reading::Text;
                    all_plain = false;
                }
            }
        }
        if all_plain {
            return assemble(parts, first_line, positions).map(Some);
        }
    }
}

/// One column of a part as it is built: texts; dates as days while every one is written
/// plainly (`None` once one is not: the column is then read again as text); or numbers of
/// texts.
enum Built<'a> {
    Texts(StringChunkedBuilder),
    Days(Option<PrimitiveChunkedBuilder<Int32Type>>),
    Numbers(PrimitiveChunkedBuilder<IdxType>, Box<Numbering<'a>>),
}

impl<'a> Built<'a> {
    fn new(reading: Reading, capacity: usize) -> Built<'a> {
        match reading {
            Reading::Text => Built::Texts(StringChunkedBuilder::new(PlSmallStr::EMPTY, capacity)),
            Reading::Days => Built::Days(Some(PrimitiveChunkedBuilder::new(
                PlSmallStr::EMPTY,
                capacity,
            ))),
            Reading::Numbers => Built::Numbers(
                PrimitiveChunkedBuilder::new(PlSmallStr::EMPTY, capacity),
                Box::default(),
            ),
        }
    }

    /// Adds a field's value: null when it is empty.
    fn push(&mut self, field: &'a str) {
        match self {
            Built::Texts(texts) if field.is_empty() => texts.append_null(),
            Built::Texts(texts) => texts.append_value(field),
            Built::Days(Some(days)) if field.is_empty() => days.append_null(),
            Built::Days(Some(days)) => match plain_date(field.as_bytes()) {
                Some(day) => days.append_value(day),
                None => *self = Built::Days(None),
            },
            Built::Days(None) => {}
            Built::Numbers(numbers, _) if field.is_empty() => numbers.append_null(),
            Built::Numbers(numbers, numbering) => numbers.append_value(numbering.number(field)),
        }
    }

    /// The column built, as text, as dates, or as numbers (their texts a run of `dictionary`).
    fn finish(self, dictionary: &mut Dictionary) -> Series {
        match self {
            Built::Texts(texts) => texts.finish().into_series(),
            Built::Days(days) => days
                .map(|days| days.finish())
                .unwrap_or_default()
                .into_date()
                .into_series(),
            Built::Numbers(numbers, numbering) => {
                let numbers = numbers.finish();
                dictionary.push_run(numbers.len(), numbering.texts());
                numbers.into_series()
            }
        }
    }
}

/// The rows of one chunk of lines, numbered from the chunk's first line (0).
struct Part<'a> {
    lines: Vec<IdxSize>,
    columns: Vec<Built<'a>>,
    ragged: Vec<(IdxSize, usize)>,
    line_count: IdxSize,
}

impl<'a> Part<'a> {
    /// Splits `chunk` into records and fields; `slots` gives, for each position up to the
    /// header's width, which of the wanted columns its field goes to (if any), and
    /// `readings` how each of those is read. `None` when a record's quotes are other than
    /// [`Fields`] reads.
    fn parse(
        chunk: &'a str,
        width: usize,
        slots: &[Option<usize>],
        readings: &[Reading],
    ) -> Option<Part<'a>> {
        // As many rows as lines, counted (a fast pass): a guess from the chunk's length was
        // up to three times too many for long records, and the columns' spare capacity, once
        // freed, was taken by later allocations and faulted in too.
        let rows = memchr::memchr_iter(b'\n', chunk.as_bytes()).count() + 1;
        let wanted = readings.len();
        let mut part = Part {
            lines: Vec::with_capacity(rows),
            columns: readings.iter().map(|r| Built::new(*r, rows)).collect(),
            ragged: Vec::new(),
            line_count: 0,
        };
        let mut fields: Vec<&'a str> = vec![""; wanted];
        let mut text = Fields::of(chunk);
        for line in 0.. {
            if text.at_end() {
                break;
            }
            part.line_count = line + 1;
            fields.fill("");
            let (mut count, mut blank) = (0, true);
            loop {
                let (field, last) = text.next_field()?;
                // Past the first field with something in it, the record is not blank.
                blank = blank && field.bytes().all(is_blank);
                if let Some(Some(slot)) = slots.get(count) {
                    fields[*slot] = field;
                }
                count += 1;
                if last {
                    break;
                }
            }
            if blank {
                continue;
            }
            if count != width {
                part.ragged.push((line, count));
            }
            part.lines.push(line);
            for (column, field) in part.columns.iter_mut().zip(&fields) {
                column.push(field);
            }
        }
        Some(part)
    }
}

/// The fields of a text's records, each as polars' reader reads it: a field that starts with a
/// quote is the text up to the next quote, which must end the field; any other field is the
/// text up to the next comma or line break, and must hold no quote. A record's line break
/// (with the carriage return before it) is not part of its last field. Fields are found from
/// the places of the commas, line breaks and quotes, which [`Delimiters`] finds eight bytes at
/// a time.
struct Fields<'a> {
    text: &'a str,
    delimiters: Delimiters<'a>,
    /// Where the next field starts.
    start: usize,
}

impl<'a> Fields<'a> {
    fn of(text: &'a str) -> Fields<'a> {
        Fields {
            text,
            delimiters: Delimiters::of(text.as_bytes()),
            start: 0,
        }
    }

    /// Whether every record has been read (a text's last line break ends no record).
    fn at_end(&self) -> bool {
        self.start >= self.text.len()
    }

    /// The next field, and whether it ends its record. `None` for a field otherwise quoted (an
    /// escaped quote, a quote inside a field, a value going on past the line), after which the
    /// text is not read on.
    fn next_field(&mut self) -> Option<(&'a str, bool)> {
        let start = self.start;
        let end = self.delimiters.next();
        match end.map(|at| (at, self.text.as_bytes()[at])) {
            Some((at, b',')) => Some((self.field(start, at, at), false)),
            Some((at, b'"')) if at == start => self.quoted(start),
            Some((_, b'"')) => None,
            _ => {
                let at = end.unwrap_or(self.text.len());
                Some((self.field(start, self.record_end(start, at), at), true))
            }
        }
    }

    /// The field of a quoted value, its opening quote at `open`: the text up to the next quote,
    /// which must be followed by a comma or the record's end.
    fn quoted(&mut self, open: usize) -> Option<(&'a str, bool)> {
        let close = self
            .delimiters
            .find(|at| self.text.as_bytes()[*at] != b',')?;
        if self.text.as_bytes()[close] != b'"' {
            return None;
        }
        let after = self.delimiters.next();
        match after.map(|at| (at, self.text.as_bytes()[at])) {
            Some((at, b',')) if at == close + 1 => Some((self.field(open + 1, close, at), false)),
            Some((_, b',' | b'"')) => None,
            _ => {
                let at = after.unwrap_or(self.text.len());
                let last = self.record_end(close + 1, at) == close + 1;
                last.then(|| (self.field(open + 1, close, at), true))
            }
        }
    }

    /// The text from `start` to `end`; the next field starts after `delimiter`.
    fn field(&mut self, start: usize, end: usize, delimiter: usize) -> &'a str {
        self.start = delimiter + 1;
        &self.text[start..end]
    }

    /// Where a record whose last field starts at `start` ends, its line break at `at`: before
    /// the carriage return, if one precedes the line break.
    fn record_end(&self, start: usize, at: usize) -> usize {
        if at > start && self.text.as_bytes()[at - 1] == b'\r' {
            at - 1
        } else {
            at
        }
    }
}

/// The places of the commas, line breaks and quotes in a text, in order. Each block of 64
/// bytes is scanned eight bytes at a time for all three at once, into a mask of their places.
struct Delimiters<'a> {
    bytes: &'a [u8],
    /// Where the block after the one in `mask` starts.
    next_block: usize,
    /// The delimiters of the current block not yet returned, a bit per byte.
    mask: u64,
}

impl<'a> Delimiters<'a> {
    fn of(bytes: &'a [u8]) -> Delimiters<'a> {
        Delimiters {
            bytes,
            next_block: 0,
            mask: 0,
        }
    }
}

impl Delimiters<'_> {
    /// Scans the blocks on to the next with a delimiter; `None` at the text's end. Apart from
    /// [`Iterator::next`], which is inlined into the split's loop: it runs once a block.
    #[inline(never)]
    fn scan_on(&mut self) -> Option<()> {
        while self.mask == 0 {
            let block = self.bytes.get(self.next_block..)?;
            if block.is_empty() {
                return None;
            }
            self.mask = delimiter_mask(block);
            self.next_block += 64;
        }
        Some(())
    }
}

impl Iterator for Delimiters<'_> {
    type Item = usize;

    /// Inlined: it runs for every field of every record, and a call for each cost the split
    /// a tenth of its time.
    #[inline]
    fn next(&mut self) -> Option<usize> {
        if self.mask == 0 {
            self.scan_on()?;
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.next_block - 64 + bit)
    }
}

/// A bit for each of the first 64 bytes of `block` (fewer when it is shorter) that is a comma,
/// a line break or a quote.
fn delimiter_mask(block: &[u8]) -> u64 {
    let mut padded = [0; 64];
    let block = match block.first_chunk::<64>() {
        Some(whole) => whole,
        None => {
            padded[..block.len()].copy_from_slice(block);
            &padded
        }
    };
    let mut mask = 0;
    for (i, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let hits = bytes_equal(word, b',') | bytes_equal(word, b'\n') | bytes_equal(word, b'"');
        // The top bit of each byte of `hits`, gathered into the low byte, first byte first.
        let packed = ((hits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= packed << (8 * i);
    }
    mask
}

/// The top bit of each byte of `word` that equals `byte` set, and no other bit.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let zero_where_equal = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    // Before the negation, a byte's top bit is set unless the byte is zero: adding 0x7f to
    // its low seven bits sets the top bit unless they are zero, and no carry crosses bytes.
    !(((zero_where_equal & LOW_SEVEN) + LOW_SEVEN) | zero_where_equal | LOW_SEVEN)
}

/// The name of the column read from position `i`.
pub(crate) fn positional(i: usize) -> PlSmallStr {
    PlSmallStr::from(format!("c{i}"))
}

/// Joins the parts in order, numbering their lines from `first_line`.
fn assemble(parts: Vec<Part>, first_line: IdxSize, positions: &[usize]) -> PolarsResult<Split> {
    // The line numbers are chunked as the texts are (one chunk per part), so that polars
    // need not copy every column into one chunk to line them up before a query.
    let mut lines: Option<Series> = None;
    let mut columns: Vec<Option<Series>> = vec![None; positions.len()];
    let mut dictionaries: Vec<Dictionary> = vec![Dictionary::default(); positions.len()];
    let mut layout = Layout::default();
    let mut offset = first_line;
    for part in parts {
        let numbered = part.lines.iter().map(|line| line + offset).collect();
        append_chunk(
            &mut lines,
            IdxCa::from_vec(LINE.into(), numbered).into_series(),
        )?;
        layout.ragged.extend(
            part.ragged
                .iter()
                .map(|(line, fields)| (line + offset, *fields)),
        );
        for ((column, dictionary), built) in
            columns.iter_mut().zip(&mut dictionaries).zip(part.columns)
        {
            append_chunk(column, built.finish(dictionary))?;
        }
        offset += part.line_count;
    }
    let lines = lines.unwrap_or_else(|| IdxCa::from_vec(LINE.into(), Vec::new()).into_series());
    let height = lines.len();
    let mut frame = vec![lines.into_column()];
    for (column, &position) in columns.into_iter().zip(positions) {
        let values = column
            .unwrap_or_else(|| StringChunked::full_null(PlSmallStr::EMPTY, height).into_series());
        frame.push(values.with_name(positional(position)).into_column());
    }
    Ok((DataFrame::new(height, frame)?, layout, dictionaries))
}

/// `chunk` appended to `column` as a chunk of its own (or as the column, the first time).
fn append_chunk(column: &mut Option<Series>, chunk: Series) -> PolarsResult<()> {
    match column {
        Some(column) => {
            column.append_owned(chunk)?;
        }
        None => *column = Some(chunk),
    }
    Ok(())
}

/// How many threads to split a text of `len` bytes across: one per thread of the run
/// ([`crate::threads::count`]), but no more than one per megabyte, as for a small text
/// another thread costs more than it saves.
fn threads(len: usize) -> usize {
    crate::threads::count().min(len / (1 << 20) + 1)
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn delimiters_one_by_one(bytes: &[u8]) -> Vec<usize> {
        (0..bytes.len())
            .filter(|&i| matches!(bytes[i], b',' | b'\n' | b'"'))
            .collect()
    }

    #[test]
    fn every_column_is_chunked_as_the_lines_are() {
        let text = "1,a,01/04/2014\n2,b,\n\n3,c,2014-04-03\n4,d,\n5,e,05/04/2014\n";
        let readings = [Reading::Text, Reading::Numbers, Reading::Days];
        let Ok(Some((frame, _, _))) = read_in(text, 2, 3, &[0, 1, 2], &readings, 3) else {
            panic!("not split");
        };
        let lengths = |column: &Column| -> Vec<usize> {
            let series = column.as_materialized_series();
            series.chunks().iter().map(|chunk| chunk.len()).collect()
        };
        let lines = lengths(frame.column(LINE).unwrap());
        assert_eq!(lines.len(), 3, "one chunk per thread");
        for column in frame.columns() {
            assert_eq!(lengths(column), lines, "{}", column.name());
        }
        assert_eq!(
            frame.column(&positional(2)).unwrap().dtype(),
            &DataType::Date
        );
    }

    #[test]
    fn coded_fields_are_numbered_in_one_dictionary_across_threads() {
        // The second thread's part starts at `e`, with a code the first has not seen, so it
        // numbers the two codes the other way round; the dictionary places them alike.
        let text = "a,No\nb,\nc,No\nd,No\ne,Yes\nf,No\n";
        for threads in 1..=2 {
            let readings = [Reading::Text, Reading::Numbers];
            let Ok(Some((frame, _, dictionaries))) =
                read_in(text, 2, 2, &[0, 1], &readings, threads)
            else {
                panic!("not split");
            };
            let numbers = frame.column(&positional(1)).unwrap().idx().unwrap().clone();
            if threads == 2 {
                assert_eq!(
                    numbers.get(4),
                    Some(0),
                    "the second part numbers `Yes` first"
                );
            }
            let dictionary = &dictionaries[1];
            assert_eq!(dictionary.texts(), ["No", "Yes"]);
            let texts = dictionary.texts_of(&numbers).unwrap();
            let texts: Vec<Option<&str>> = texts.iter().collect();
            let expected = [
                Some("No"),
                None,
                Some("No"),
                Some("No"),
                Some("Yes"),
                Some("No"),
            ];
            assert_eq!(texts, expected, "{threads} threads");
            assert!(
                dictionaries[0].texts().is_empty(),
                "the text column has none"
            );
        }
    }

    /// The dates column (the second of `"id,date"` records) as `read_in` reads it.
    fn dates_read(text: &str, threads: usize) -> Column {
        let readings = [Reading::Text, Reading::Days];
        let Ok(Some((frame, _, _))) = read_in(text, 2, 2, &[0, 1], &readings, threads) else {
            panic!("not split");
        };
        frame.column(&positional(1)).unwrap().clone()
    }

    #[test]
    fn dates_written_plainly_are_read_as_days() {
        let days = dates_read("a,01/04/2014\nb,\nc,2014-04-02\n", 2);
        let days: Vec<Option<i32>> = days.date().unwrap().physical().iter().collect();
        assert_eq!(days, [Some(16161), None, Some(16162)]);
    }

    #[test]
    fn a_date_written_otherwise_leaves_the_whole_column_as_written() {
        // The odd date is in the last thread's chunk; the first chunk's dates are plain.
        let text = "a,01/04/2014\nb,\nc,2014-04-02\nd,1 April 2014\n";
        for threads in 1..=3 {
            let texts = dates_read(text, threads);
            let texts: Vec<Option<&str>> = texts.str().unwrap().iter().collect();
            assert_eq!(
                texts,
                [
                    Some("01/04/2014"),
                    None,
                    Some("2014-04-02"),
                    Some("1 April 2014")
                ],
                "{threads} threads"
            );
        }
    }

    #[test]
    fn delimiters_are_found_in_every_block_and_nowhere_else() {
        // 0xac and 0x8a are a comma and a line break with the top bit set, as in UTF-8 text;
        // a block of 64 bytes ends after the 64th byte.
        let mut bytes = "a,\"b\"\n,,é£".as_bytes().to_vec();
        bytes.extend([0xac, 0x8a, 0xa2, 0x00, 0xff, b'\r']);
        bytes.resize(63, b'x');
        bytes.extend(b",,\n");
        bytes.resize(200, b'y');
        bytes.push(b'"');
        let found: Vec<usize> = Delimiters::of(&bytes).collect();
        assert_eq!(found, vec![1, 2, 4, 5, 6, 7, 63, 64, 65, 200]);
        assert_eq!(found, delimiters_one_by_one(&bytes));
        assert_eq!(Delimiters::of(b"").count(), 0);
    }

    proptest! {
        #[test]
        fn any_bytes_have_their_delimiters_found(
            bytes in prop::collection::vec(
                prop_oneof![Just(b','), Just(b'\n'), Just(b'"'), any::<u8>()],
                0..300,
            ),
        ) {
            prop_assert_eq!(Delimiters::of(&bytes).collect::<Vec<_>>(), delimiters_one_by_one(&bytes));
        }
    }
}
