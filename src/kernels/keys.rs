//! Keys as numbers: identifiers written as digits read as numbers, and a radix sort of keys
//! packed into one number. The merge sorts record keys this way, and the links walk events and
//! linked records in child order: numbers compare and sort several times faster than texts,
//! which polars hashes or compares byte by byte.

use polars::prelude::*;

use crate::dates::decimal;

/// The values of a text column read as numbers, when every one is digits and texts of equal
/// numbers are equal: all of one width, or none written with a leading zero (as identifiers
/// are, and as they grow a digit when a counter passes a power of ten). Only equality is
/// promised, not the texts' order: "99" is less than "100" as a number, not as a text.
pub(crate) struct Digits {
    widths: Widths,
    /// Whether a text of more than one digit starts with a zero.
    zero_led: bool,
    /// Each row's number, null where the text is.
    pub numbers: Vec<Option<u64>>,
}

/// The widths of the texts of [`Digits`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Widths {
    /// Every value null.
    NoTexts,
    One(usize),
    Several,
}

impl Widths {
    fn with(self, width: usize) -> Widths {
        match self {
            Widths::NoTexts => Widths::One(width),
            Widths::One(one) if one == width => self,
            _ => Widths::Several,
        }
    }
}

impl Digits {
    /// `texts` as numbers; `None` when a text is not all digits, is empty or is wider than a
    /// `u64` holds, or when texts differ in width and one has a leading zero ("012" and "12"
    /// would be one number).
    pub fn of(texts: &StringChunked) -> Option<Digits> {
        let mut widths = Widths::NoTexts;
        let mut zero_led = false;
        let mut numbers = Vec::with_capacity(texts.len());
        for text in texts.iter() {
            let Some(text) = text else {
                numbers.push(None);
                continue;
            };
            widths = widths.with(text.len());
            zero_led |= text.len() > 1 && text.starts_with('0');
            if text.is_empty() || (zero_led && widths == Widths::Several) {
                return None;
            }
            numbers.push(Some(decimal(text.as_bytes())?));
        }
        Some(Digits {
            widths,
            zero_led,
            numbers,
        })
    }

    /// Whether these texts and `other`'s are equal exactly where their numbers are: both of
    /// one width, or neither with a leading zero (or one side all null).
    pub fn comparable_with(&self, other: &Digits) -> bool {
        match (self.widths, other.widths) {
            (Widths::NoTexts, _) | (_, Widths::NoTexts) => true,
            (Widths::One(a), Widths::One(b)) if a == b => true,
            _ => !self.zero_led && !other.zero_led,
        }
    }
}

/// `keys` in ascending order, each with its row number, rows of equal keys in row order.
///
/// Where the keys leave room below them for the row numbers (as most do: a child, a day and
/// a code take forty bits or so), each key is sorted with its row number in its low bits, as
/// one number: half the bytes to move of a key and a row side by side, and ties come out in
/// row order by themselves.
pub(crate) fn radix_sorted_pairs(keys: &[u64]) -> Vec<(u64, IdxSize)> {
    let row_bits = bits_of(keys.len() as u64);
    let key_bits = bits_of(keys.iter().fold(0, |all, key| all | key));
    if key_bits + row_bits > u64::BITS {
        return radix_sorted_by(keys.iter().copied().zip(0..).collect(), |(key, _)| *key);
    }
    let rows = (1u64 << row_bits) - 1;
    let with_rows = keys
        .iter()
        .zip(0u64..)
        .map(|(key, row)| (key << row_bits) | row)
        .collect();
    radix_sorted_keys(with_rows)
        .into_iter()
        .map(|both| (both >> row_bits, (both & rows) as IdxSize))
        .collect()
}

/// The bits `n` takes.
fn bits_of(n: u64) -> u32 {
    u64::BITS - n.leading_zeros()
}

/// `keys` in ascending order.
pub(crate) fn radix_sorted_keys(keys: Vec<u64>) -> Vec<u64> {
    radix_sorted_by(keys, |key| *key)
}

/// `items` in ascending order of `key`, items of equal keys in the order they came: the count
/// of each value of each byte of the keys taken in one pass, then one pass placing the items
/// by each byte in which the keys differ, from the least significant.
fn radix_sorted_by<T: Copy>(mut items: Vec<T>, key: impl Fn(&T) -> u64) -> Vec<T> {
    let mut counts = vec![[0usize; 256]; 8];
    for item in &items {
        let key = key(item);
        for (byte, counts) in counts.iter_mut().enumerate() {
            counts[((key >> (8 * byte)) & 0xff) as usize] += 1;
        }
    }
    let mut buffer = items.clone();
    for (byte, counts) in counts.iter_mut().enumerate() {
        // A byte every key shares has all its items under one value: nothing to place.
        if counts.contains(&items.len()) {
            continue;
        }
        let mut start = 0;
        for count in counts.iter_mut() {
            (*count, start) = (start, start + *count);
        }
        for item in &items {
            let slot = &mut counts[((key(item) >> (8 * byte)) & 0xff) as usize];
            buffer[*slot] = *item;
            *slot += 1;
        }
        std::mem::swap(&mut items, &mut buffer);
    }
    items
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn digits(values: &[Option<&str>]) -> Option<Digits> {
        Digits::of(&StringChunked::new("id".into(), values))
    }

    #[test]
    fn digits_are_read_as_numbers_where_equal_numbers_are_equal_texts() {
        let numbers = |values: &[Option<&str>]| digits(values).map(|d| d.numbers);
        assert_eq!(
            numbers(&[Some("0012"), Some("0100"), None, Some("9999")]),
            Some(vec![Some(12), Some(100), None, Some(9999)])
        );
        assert_eq!(
            numbers(&[Some("99"), Some("100"), Some("0"), None]),
            Some(vec![Some(99), Some(100), Some(0), None])
        );
        assert_eq!(
            numbers(&[Some("9999999999999999999")]),
            Some(vec![Some(9_999_999_999_999_999_999)])
        );
        assert_eq!(numbers(&[None]), Some(vec![None]));
        let no = [
            vec![Some("012"), Some("12")],
            vec![Some("12"), Some("012")],
            vec![Some("00"), Some("0")],
            vec![Some("12a4")],
            vec![Some("")],
            vec![Some(" 123")],
            vec![Some("12345678901234567890")],
            vec![Some("١٢٣")],
        ];
        for values in no {
            assert!(digits(&values).is_none(), "{values:?}");
        }
    }

    #[test]
    fn digits_are_comparable_where_equal_numbers_are_equal_texts() {
        let four = digits(&[Some("0012")]).unwrap();
        let three = digits(&[Some("012")]).unwrap();
        let none = digits(&[None]).unwrap();
        let plain = digits(&[Some("99"), Some("100")]).unwrap();
        let plain_four = digits(&[Some("1234")]).unwrap();
        assert!(four.comparable_with(&plain_four));
        assert!(!four.comparable_with(&three));
        assert!(four.comparable_with(&none) && none.comparable_with(&three));
        assert!(plain.comparable_with(&plain_four) && plain_four.comparable_with(&plain));
        assert!(!plain.comparable_with(&four) && !three.comparable_with(&plain));
        assert!(plain.comparable_with(&none));
    }

    proptest! {
        #[test]
        fn keys_sorted_with_their_rows_come_in_order_of_key_then_row(
            keys in prop_oneof![
                proptest::collection::vec(0u64..4, 0..300),
                proptest::collection::vec(0u64..(1 << 40), 0..300),
                proptest::collection::vec(prop_oneof![0u64..4, (1u64 << 56)..(1 << 58)], 0..300),
            ]
        ) {
            let mut expected: Vec<(u64, IdxSize)> = keys.iter().copied().zip(0..).collect();
            expected.sort();
            prop_assert_eq!(radix_sorted_pairs(&keys), expected);
        }

        #[test]
        fn the_radix_sort_orders_rows_by_key_keeping_equal_keys_in_row_order(
            keys in proptest::collection::vec(
                prop_oneof![0u64..4, 250u64..260, (u64::MAX - 3)..=u64::MAX, any::<u64>()],
                0..200,
            )
        ) {
            let mut expected: Vec<(u64, IdxSize)> = keys.iter().copied().zip(0..).collect();
            expected.sort_by_key(|(key, _)| *key);
            prop_assert_eq!(radix_sorted_pairs(&keys), expected);
            let mut in_order = keys.clone();
            in_order.sort_unstable();
            prop_assert_eq!(radix_sorted_keys(keys), in_order);
        }
    }
}
