//! Numbering a column's texts in the order they first appear.
//!
//! A column of codes, yes/no answers, counts, or team and worker names takes a few dozen
//! distinct texts over millions of rows. The split gives each row its text's number rather
//! than building a text per row ([`Numbering`], one per thread); the numbers stay as read,
//! and a list's column has one [`Dictionary`] of its texts, from which decoding decodes each
//! distinct text once and looks each row's value up.

use std::collections::BTreeMap;

use polars::prelude::*;

/// Numbers texts in the order they are first seen, from 0. A text of up to 12 bytes is held
/// whole in its key (its length and bytes, laid out as polars lays out a short text's view),
/// so such texts are told apart by the key alone, without hashing or comparing their bytes.
/// Most columns have a few dozen distinct texts, so nearly every text finds its number among
/// those seen last ([`Recent`]) without hashing.
#[derive(Default)]
pub(crate) struct Numbering<'a> {
    short: PlHashMap<u128, IdxSize>,
    long: PlHashMap<&'a str, IdxSize>,
    recent: Recent,
    texts: Vec<&'a str>,
}

impl<'a> Numbering<'a> {
    /// The number of `text`.
    #[inline]
    pub(crate) fn number(&mut self, text: &'a str) -> IdxSize {
        let (key, inline) = key_of(text.as_bytes());
        self.number_keyed(text, key, inline)
    }

    /// The number of `text`, whose key is `key` (a polars view, the text whole in it when
    /// `inline`).
    pub(crate) fn number_keyed(&mut self, text: &'a str, key: u128, inline: bool) -> IdxSize {
        let key = Recent::key(inline, key);
        if let Some(number) = self.recent.number(key, inline, text, &self.texts) {
            return number;
        }
        let next = self.texts.len() as IdxSize;
        let number = if inline {
            *self.short.entry(key).or_insert(next)
        } else {
            *self.long.entry(text).or_insert(next)
        };
        if number == next {
            self.texts.push(text);
        }
        self.recent.remember(key, number);
        number
    }

    /// The texts numbered, in the order of their numbers.
    pub(crate) fn texts(&self) -> &[&'a str] {
        &self.texts
    }
}

/// The key polars' view of `text` starts with: its length, then the text itself when it is
/// of up to 12 bytes (zero-padded; `true`), else its first four bytes (`false`). Read in
/// words, two of which overlap where the length is not a whole number of them: this runs for
/// every numbered field of every file, and a copy of as many bytes as the text has is a call.
#[inline]
fn key_of(text: &[u8]) -> (u128, bool) {
    let len = text.len();
    let word = |at: usize| {
        u128::from(u32::from_le_bytes([
            text[at],
            text[at + 1],
            text[at + 2],
            text[at + 3],
        ]))
    };
    let held = match len {
        0 => 0,
        1..=3 => {
            let byte = |at: usize| u128::from(text[at]) << (8 * at);
            byte(0) | byte(len / 2) | byte(len - 1)
        }
        4..=7 => word(0) | word(len - 4) << (8 * (len - 4)),
        8..=12 => {
            let mut first = [0; 8];
            first.copy_from_slice(&text[..8]);
            u128::from(u64::from_le_bytes(first)) | word(len - 4) << (8 * (len - 4))
        }
        _ => word(0),
    };
    (len as u128 | held << 32, len <= 12)
}

/// The number of the text last seen in each of 256 slots, a slot chosen by a text's key: for a
/// longer text its length and first four bytes (so a longer text found there is compared with
/// the text numbered).
struct Recent {
    slots: [(u128, IdxSize); 256],
}

/// The number of a slot no text has been seen in.
const EMPTY: IdxSize = IdxSize::MAX;

impl Default for Recent {
    fn default() -> Recent {
        Recent {
            slots: [(0, EMPTY); 256],
        }
    }
}

impl Recent {
    /// The key of a text whose view is `view`, held whole in it when `inline`.
    fn key(inline: bool, view: u128) -> u128 {
        if inline {
            view
        } else {
            view & u128::from(u64::MAX)
        }
    }

    /// The slot of `key`: the top eight bits of its halves folded together and multiplied by
    /// an odd constant (2^64 divided by the golden ratio), which spreads keys differing in any
    /// byte.
    fn slot(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64);
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize
    }

    /// The number of `text` (held whole in its key when `inline`), if it is the text last
    /// seen in its slot; `texts` are the texts numbered so far.
    fn number(&self, key: u128, inline: bool, text: &str, texts: &[&str]) -> Option<IdxSize> {
        let (held, number) = self.slots[Recent::slot(key)];
        let same =
            held == key && number != EMPTY && (inline || texts.get(number as usize) == Some(&text));
        same.then_some(number)
    }

    /// Holds `number` as the number of the text of `key`, in place of its slot's last.
    fn remember(&mut self, key: u128, number: IdxSize) {
        self.slots[Recent::slot(key)] = (key, number);
    }
}

/// A column's texts numbered in the order they first appear.
pub(crate) struct Numbered<'a> {
    /// Each row's number: 0 for null, `k` for the `k`th distinct text.
    pub rows: Vec<IdxSize>,
    /// The distinct texts, in that order.
    pub texts: Vec<&'a str>,
}

/// Numbers the texts of a column in one pass, from their polars views; `None` as soon as it
/// has more than `most` distinct texts.
pub(crate) fn numbered(texts: &StringChunked, most: usize) -> Option<Numbered<'_>> {
    let mut numbering = Numbering::default();
    let mut rows = Vec::with_capacity(texts.len());
    for chunk in texts.downcast_iter() {
        for (text, view) in chunk.iter().zip(chunk.views().iter()) {
            let number = match text {
                Some(text) => numbering.number_keyed(text, view.as_u128(), view.is_inline()) + 1,
                None => 0,
            };
            if numbering.texts.len() > most {
                return None;
            }
            rows.push(number);
        }
    }
    Some(Numbered {
        rows,
        texts: numbering.texts,
    })
}

/// A numbered column's texts, from the file to the enum: the one dictionary of a list's column.
///
/// The column's rows come in runs (a thread's part of a split file, a file read by polars'
/// reader or from a workbook), each holding its texts' numbers as the run numbered them, from
/// 0 as first seen ([`Numbering`]): so each row's text is numbered once, by the thread that
/// read it, with nothing shared. The dictionary holds the distinct texts of every run, in the
/// order first seen, and each run's numbers' places among them. Joining runs, or the files of
/// a list, adds their few dozen texts; no row is renumbered. Decoding decodes each distinct
/// text once, finds each row's place among the texts through its run ([`Dictionary::places`],
/// one pass), and gathers the column's values (an enum's places) by it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    texts: Vec<String>,
    numbers: PlHashMap<String, IdxSize>,
    runs: Vec<Run>,
}

/// The dictionaries of a raw frame's numbered columns, by column id.
pub type Dictionaries = BTreeMap<&'static str, Dictionary>;

/// A run of rows numbering their texts on their own.
#[derive(Clone, Debug, PartialEq)]
struct Run {
    rows: usize,
    /// Each of the run's numbers' place in the dictionary's texts.
    places: Vec<IdxSize>,
}

impl Run {
    /// Adds to `places` the place of each of `numbers` (some of the run's rows, valid as
    /// `is_valid` says; a blank field's place is left for its validity to hide).
    fn place(
        &self,
        numbers: &[IdxSize],
        is_valid: impl Fn(usize) -> bool,
        places: &mut Vec<IdxSize>,
    ) -> PolarsResult<()> {
        // The largest number first, in a pass the compiler vectorises: when it is in the run,
        // as it is but in a run of no texts, no number is checked again.
        let largest = numbers
            .iter()
            .fold(0, |largest, &number| largest.max(number));
        if (largest as usize) < self.places.len() {
            // SAFETY: no number is above the largest, which is in the run.
            let place = |&number: &IdxSize| unsafe { *self.places.get_unchecked(number as usize) };
            places.extend(numbers.iter().map(place));
            return Ok(());
        }
        // A blank field's slot holds any number (0, as read): out of a run of no texts.
        for (row, &number) in numbers.iter().enumerate() {
            match self.places.get(number as usize) {
                Some(&place) => places.push(place),
                None if !is_valid(row) => places.push(0),
                None => polars_bail!(
                    ComputeError: "number {number} is not in its run of the dictionary"
                ),
            }
        }
        Ok(())
    }
}

impl Dictionary {
    /// The distinct texts, in the order first seen.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// How many rows its runs hold.
    pub fn rows(&self) -> usize {
        self.runs.iter().map(|run| run.rows).sum()
    }

    /// Adds a run of `rows` rows after those held, numbering `texts` (its `k`th text is the
    /// run's number `k`).
    pub fn push_run(&mut self, rows: usize, texts: &[impl AsRef<str>]) {
        let places = texts.iter().map(|text| self.place(text.as_ref())).collect();
        self.runs.push(Run { rows, places });
    }

    /// Adds the runs of `other` after those held.
    pub fn append(&mut self, other: Dictionary) {
        for run in other.runs {
            let places = run
                .places
                .iter()
                .map(|&place| self.place(&other.texts[place as usize]))
                .collect();
            self.runs.push(Run {
                rows: run.rows,
                places,
            });
        }
    }

    /// The place of `text` among the texts, added if it is new.
    fn place(&mut self, text: &str) -> IdxSize {
        if let Some(place) = self.numbers.get(text) {
            return *place;
        }
        let place = self.texts.len() as IdxSize;
        self.texts.push(text.to_string());
        self.numbers.insert(text.to_string(), place);
        place
    }

    /// Each row's place among the texts, found from its number (`numbers`) in its run; null
    /// where the field is blank (its number null). One pass over the rows, into one chunk. An
    /// error when `numbers` is not as long as the runs, or a number is not in its run (a
    /// numbering and its dictionary mixed up).
    pub fn places(&self, numbers: &IdxCa) -> PolarsResult<IdxCa> {
        polars_ensure!(
            numbers.len() == self.rows(),
            ComputeError: "{} rows numbered, but their dictionary's runs hold {}",
            numbers.len(),
            self.rows()
        );
        let mut places: Vec<IdxSize> = Vec::with_capacity(numbers.len());
        let mut offset = 0;
        for run in &self.runs {
            for chunk in numbers.slice(offset as i64, run.rows).downcast_iter() {
                let is_valid = |row| chunk.validity().is_none_or(|valid| valid.get_bit(row));
                run.place(chunk.values(), is_valid, &mut places)?;
            }
            offset += run.rows;
        }
        let places = IdxCa::from_vec(numbers.name().clone(), places);
        Ok(places.with_validity(numbers.rechunk_validity()))
    }
}

#[cfg(test)]
impl Dictionary {
    /// Each row's text, the row's number (`numbers`) read in its run.
    pub(crate) fn texts_of(&self, numbers: &IdxCa) -> PolarsResult<StringChunked> {
        let texts: StringChunked = self
            .places(numbers)?
            .iter()
            .map(|place| self.texts.get(place? as usize).map(String::as_str))
            .collect();
        Ok(texts.with_name(numbers.name().clone()))
    }
}

/// A text column numbered (null where it is null), with its dictionary: one run.
pub fn number_texts(texts: &StringChunked) -> (IdxCa, Dictionary) {
    let mut numbering = Numbering::default();
    let numbers: IdxCa = texts
        .iter()
        .map(|text| text.map(|text| numbering.number(text)))
        .collect();
    let numbers = numbers.with_name(texts.name().clone());
    let mut dictionary = Dictionary::default();
    dictionary.push_run(numbers.len(), numbering.texts());
    (numbers, dictionary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_numbered_as_first_seen_short_and_long_alike() {
        let long = "a text longer than twelve bytes";
        let texts = StringChunked::new(
            "t".into(),
            [
                Some("2"),
                None,
                Some(long),
                Some("2"),
                Some("10"),
                Some(long),
                Some(""),
            ],
        );
        let numbered = numbered(&texts, 4).unwrap();
        assert_eq!(numbered.rows, [1, 0, 2, 1, 3, 2, 4]);
        assert_eq!(numbered.texts, ["2", long, "10", ""]);
        assert!(super::numbered(&texts, 3).is_none());
    }

    #[test]
    fn texts_are_numbered_across_chunks() {
        let mut texts =
            StringChunked::new("t".into(), [Some("x"), Some("a longer text, in a buffer")]);
        texts
            .append(&StringChunked::new(
                "t".into(),
                [Some("a longer text, in a buffer"), Some("x"), None],
            ))
            .unwrap();
        assert_eq!(texts.chunks().len(), 2);
        let numbered = numbered(&texts, 10).unwrap();
        assert_eq!(numbered.rows, [1, 2, 2, 1, 0]);
    }

    #[test]
    fn keys_are_laid_out_as_polars_views() {
        // Every length up to past the longest held whole, each byte different.
        let alphabet = "abcdefghijklmnopq";
        let texts = (0..=alphabet.len()).map(|len| &alphabet[..len]);
        for text in texts.chain(["No", "a) Male", "b) Female", "g) 3A: Health", "£5 é"]) {
            let texts = StringChunked::new("t".into(), [text]);
            let view = texts.downcast_iter().next().unwrap().views()[0];
            let (key, inline) = key_of(text.as_bytes());
            assert_eq!(inline, view.is_inline(), "{text}");
            let expected = if inline {
                view.as_u128()
            } else {
                view.as_u128() & u128::from(u64::MAX)
            };
            assert_eq!(key, expected, "{text}");
        }
    }

    #[test]
    fn texts_sharing_a_remembered_slot_or_a_long_key_are_told_apart() {
        // Long texts of one length and first four bytes share a key; a thousand short texts
        // share the 256 slots. Each is numbered as a map from text to number would, from the
        // views and from the texts alike.
        let mut rows: Vec<String> = Vec::new();
        for i in 0..3000 {
            rows.push(format!("a) Referral {}", i % 3)); // long, one key
            rows.push(format!("{}", (i * 7) % 1000)); // short
        }
        let mut first_seen: Vec<&str> = Vec::new();
        let expected: Vec<IdxSize> = rows
            .iter()
            .map(|text| {
                let at = first_seen.iter().position(|seen| seen == text);
                let at = at.unwrap_or_else(|| {
                    first_seen.push(text);
                    first_seen.len() - 1
                });
                at as IdxSize
            })
            .collect();
        assert_eq!(first_seen.len(), 1003);
        let texts = StringChunked::new("t".into(), &rows);
        let numbered = numbered(&texts, usize::MAX).unwrap();
        let from_views: Vec<IdxSize> = numbered.rows.iter().map(|n| n - 1).collect();
        assert_eq!(from_views, expected);
        assert_eq!(numbered.texts, first_seen);
        let mut numbering = Numbering::default();
        let from_texts: Vec<IdxSize> = rows.iter().map(|text| numbering.number(text)).collect();
        assert_eq!(from_texts, expected);
        assert_eq!(numbering.texts(), first_seen);
    }

    #[test]
    fn runs_keep_their_own_numbers_and_share_the_texts() {
        let mut dictionary = Dictionary::default();
        dictionary.push_run(3, &["a", "b"]);
        let mut other = Dictionary::default();
        other.push_run(2, &["c", "a"]);
        other.push_run(2, &["b"]);
        dictionary.append(other);
        assert_eq!(dictionary.texts(), ["a", "b", "c"]);
        assert_eq!(dictionary.rows(), 7);
        // Numbers as each run numbered its texts, in chunks that do not follow the runs, a
        // blank field's slot holding a number out of its run.
        let mut numbers = IdxCa::new("c".into(), [Some(0), None, Some(1), Some(0)]);
        let blank = IdxCa::from_vec("c".into(), vec![7]).with_validity(Some([false].into()));
        numbers.append(&IdxCa::new("c".into(), [Some(1)])).unwrap();
        numbers.append(&blank).unwrap();
        numbers.append(&IdxCa::new("c".into(), [Some(0)])).unwrap();
        let places: Vec<Option<IdxSize>> = dictionary.places(&numbers).unwrap().iter().collect();
        assert_eq!(
            places,
            [Some(0), None, Some(1), Some(2), Some(0), None, Some(1)]
        );
        let texts = dictionary.texts_of(&numbers).unwrap();
        let texts: Vec<Option<&str>> = texts.iter().collect();
        assert_eq!(
            texts,
            [
                Some("a"),
                None,
                Some("b"),
                Some("c"),
                Some("a"),
                None,
                Some("b")
            ]
        );
    }

    #[test]
    fn numbers_not_matching_their_dictionary_are_an_error() {
        let mut dictionary = Dictionary::default();
        dictionary.push_run(2, &["a"]);
        let too_few = IdxCa::new("c".into(), [Some(0)]);
        assert!(dictionary.places(&too_few).is_err());
        let out_of_run = IdxCa::new("c".into(), [Some(0), Some(1)]);
        assert!(dictionary.places(&out_of_run).is_err());
        let fits = IdxCa::new("c".into(), [Some(0), None]);
        assert!(dictionary.places(&fits).is_ok());
        let mut all_blank = Dictionary::default();
        all_blank.push_run(2, &[] as &[&str]);
        let blanks = IdxCa::new("c".into(), [None::<IdxSize>, None]);
        let places = all_blank.places(&blanks).unwrap();
        assert_eq!(
            places.null_count(),
            2,
            "a blank field's slot is not looked up"
        );
    }

    proptest::proptest! {
        /// The dictionary's way, against the texts themselves: any texts (blanks among
        /// them), cut into runs numbered on their own and joined, read back as they were.
        #[test]
        fn texts_numbered_in_runs_are_read_back_through_the_dictionary(
            texts in proptest::collection::vec(
                proptest::option::of(proptest::sample::select(vec![
                    "a", "b", "", "a longer text, not inline",
                ])),
                0..60,
            ),
            cuts in proptest::collection::vec(0usize..60, 0..4),
        ) {
            let mut cuts: Vec<usize> =
                cuts.into_iter().filter(|&cut| cut <= texts.len()).collect();
            cuts.extend([0, texts.len()]);
            cuts.sort_unstable();
            let mut dictionary = Dictionary::default();
            let mut numbers = IdxCa::from_vec("c".into(), Vec::new());
            for run in cuts.windows(2) {
                let run = StringChunked::new("c".into(), &texts[run[0]..run[1]]);
                let (run_numbers, run_dictionary) = number_texts(&run);
                numbers.append(&run_numbers).unwrap();
                dictionary.append(run_dictionary);
            }
            let read_back = dictionary.texts_of(&numbers).unwrap();
            let read_back: Vec<Option<&str>> = read_back.iter().collect();
            proptest::prop_assert_eq!(read_back, texts);
        }
    }

    #[test]
    fn a_text_column_is_numbered_with_its_dictionary() {
        let texts = StringChunked::new("c".into(), [Some("b"), None, Some("a"), Some("b")]);
        let (numbers, dictionary) = number_texts(&texts);
        let numbers: Vec<Option<IdxSize>> = numbers.iter().collect();
        assert_eq!(numbers, [Some(0), None, Some(1), Some(0)]);
        assert_eq!(dictionary.texts(), ["b", "a"]);
        assert_eq!(dictionary.rows(), 4);
    }
}
