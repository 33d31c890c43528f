//! Numbering a column's texts in the order they first appear.
//!
//! A column of codes, yes/no answers, counts, or team and worker names takes a few dozen
//! distinct texts over millions of rows. The split gives each row its text's number rather
//! than building a text per row, and decoding then decodes each distinct text once
//! ([`super::decode`]); the numbers of every file of a list are brought into one [`Codebook`]
//! before the files are joined.

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

/// The distinct texts of a numbered column, numbered from 0 in the order first seen: such a
/// column of a raw frame holds each row's number here, null where the field is blank.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Codebook {
    texts: Vec<String>,
    numbers: BTreeMap<String, IdxSize>,
}

/// The codebooks of a raw frame's numbered columns, by column id.
pub type Codebooks = BTreeMap<&'static str, Codebook>;

impl Codebook {
    /// The texts, in the order of their numbers.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// `numbers`, numbering `texts`, renumbered as this codebook numbers them (the texts it
    /// lacks added to it). Unchanged when they are numbered alike, as a list's files mostly
    /// are.
    pub fn renumber(&mut self, texts: &[impl AsRef<str>], numbers: IdxCa) -> PolarsResult<IdxCa> {
        let renumbered: Vec<IdxSize> = texts.iter().map(|text| self.add(text.as_ref())).collect();
        let unchanged = renumbered
            .iter()
            .zip(0..)
            .all(|(renumbered, number)| *renumbered == number);
        if unchanged {
            return Ok(numbers);
        }
        let name = numbers.name().clone();
        IdxCa::from_vec(name, renumbered).take(&numbers)
    }

    /// The number of `text`, added if it is new.
    fn add(&mut self, text: &str) -> IdxSize {
        if let Some(number) = self.numbers.get(text) {
            return *number;
        }
        let number = self.texts.len() as IdxSize;
        self.texts.push(text.to_string());
        self.numbers.insert(text.to_string(), number);
        number
    }
}

/// A text column numbered (null where it is null), with its codebook.
pub fn number_texts(texts: &StringChunked) -> PolarsResult<(IdxCa, Codebook)> {
    let mut numbering = Numbering::default();
    let numbers: IdxCa = texts
        .iter()
        .map(|text| text.map(|text| numbering.number(text)))
        .collect();
    let numbers = numbers.with_name(texts.name().clone());
    let mut codebook = Codebook::default();
    let numbers = codebook.renumber(numbering.texts(), numbers)?;
    Ok((numbers, codebook))
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
    fn renumbering_adds_new_texts_and_keeps_blanks() {
        let mut codebook = Codebook::default();
        let first = IdxCa::new("c".into(), [Some(0), None, Some(1)]);
        let same = codebook.renumber(&["a", "b"], first.clone()).unwrap();
        assert_eq!(
            same.iter().collect::<Vec<_>>(),
            first.iter().collect::<Vec<_>>()
        );
        let other = IdxCa::new("c".into(), [Some(0), Some(1), None, Some(2)]);
        let renumbered = codebook.renumber(&["c", "a", "b"], other).unwrap();
        let renumbered: Vec<Option<IdxSize>> = renumbered.iter().collect();
        assert_eq!(renumbered, [Some(2), Some(0), None, Some(1)]);
        assert_eq!(codebook.texts(), ["a", "b", "c"]);
    }

    #[test]
    fn a_text_column_is_numbered_with_its_codebook() {
        let texts = StringChunked::new("c".into(), [Some("b"), None, Some("a"), Some("b")]);
        let (numbers, codebook) = number_texts(&texts).unwrap();
        let numbers: Vec<Option<IdxSize>> = numbers.iter().collect();
        assert_eq!(numbers, [Some(0), None, Some(1), Some(0)]);
        assert_eq!(codebook.texts(), ["b", "a"]);
    }
}
