//! A record's key as one number: each part (an identifier of digits, a date as days, a code
//! ranked in text order) numbered from 1 in the bits it needs (0 for null), the parts packed
//! together when they fit in 64 bits, so the merge sorts one number ([`super::keys`]' radix sort)
//! instead of comparing keys part by part.

use polars::prelude::*;

use super::keys::Digits;
use super::numbering::numbered;

/// The key `parts` packed into one number per row that sorts as the parts do (each part
/// ascending, nulls first) and is equal where they are all equal; `None` when they need more
/// than 64 bits together or a part is not a number, a date or a text of few values. One
/// number sorts several times faster than the parts, which polars compares row by row.
pub(crate) fn packed(parts: &[Column]) -> PolarsResult<Option<Vec<u64>>> {
    let parts: Vec<Column> = parts.iter().map(as_numbers).collect();
    let mut scales = Vec::with_capacity(parts.len());
    let mut bits = 0;
    for part in &parts {
        let Some(scale) = Scale::of(part)? else {
            return Ok(None);
        };
        bits += scale.bits;
        if bits > u64::BITS {
            return Ok(None);
        }
        scales.push(scale);
    }
    let mut key = vec![0u64; parts.first().map_or(0, Column::len)];
    for (part, scale) in parts.iter().zip(&scales) {
        scale.shift_in(part, &mut key)?;
    }
    Ok(Some(key))
}

/// How one key part's values are numbered in order from 1 (0 for null), and the bits the
/// numbers need.
struct Scale {
    numbering: PartNumbering,
    bits: u32,
}

enum PartNumbering {
    /// Numbers (identifiers, dates as days) from the least: `min` is 1.
    From { min: u64 },
    /// Texts: each row's text numbered as first seen (0 for null), and each of those
    /// numbers' rank in text order, from 1.
    Texts { seen: Vec<IdxSize>, ranks: Vec<u64> },
}

impl Scale {
    fn of(part: &Column) -> PolarsResult<Option<Scale>> {
        if part.is_full_null() {
            // No bits: every row's number is 0.
            return Ok(Some(Scale {
                numbering: PartNumbering::From { min: 0 },
                bits: 0,
            }));
        }
        Ok(match part.dtype() {
            DataType::UInt64
            | DataType::UInt32
            | DataType::UInt16
            | DataType::UInt8
            | DataType::Date => Some(Scale::of_numbers(part)?),
            DataType::String => Scale::of_texts(part.str()?),
            _ => None,
        })
    }

    fn of_numbers(part: &Column) -> PolarsResult<Scale> {
        let (mut min, mut max) = (u64::MAX, u64::MIN);
        for_each_number_in_order(part, |value| {
            if let Some(v) = value {
                (min, max) = (min.min(v), max.max(v));
            }
        })?;
        // Null is 0, so the largest number is max - min + 1.
        let largest = if min > max {
            0
        } else {
            u128::from(max - min) + 1
        };
        Ok(Scale {
            numbering: PartNumbering::From { min },
            bits: u128::BITS - largest.leading_zeros(),
        })
    }

    /// `None` for a column of many texts (identifiers that are not all digits, say), which
    /// would not fit with the other parts and whose numbering would cost what packing saves.
    fn of_texts(texts: &StringChunked) -> Option<Scale> {
        let numbered = numbered(texts, MAX_PACKED_TEXTS)?;
        let mut in_order: Vec<(&str, usize)> = numbered.texts.iter().copied().zip(1..).collect();
        in_order.sort_unstable();
        let mut ranks = vec![0u64; in_order.len() + 1];
        for (rank, (_, number)) in (1..).zip(&in_order) {
            ranks[*number] = rank;
        }
        Some(Scale {
            numbering: PartNumbering::Texts {
                seen: numbered.rows,
                ranks,
            },
            bits: u64::BITS - (in_order.len() as u64).leading_zeros(),
        })
    }

    /// Shifts each row's `key` left by this part's bits and adds the row's number.
    fn shift_in(&self, part: &Column, key: &mut [u64]) -> PolarsResult<()> {
        if self.bits == 0 {
            return Ok(()); // every value null
        }
        let shift = |key: &mut u64, number: u64| {
            *key = key.checked_shl(self.bits).unwrap_or(0) | number;
        };
        match &self.numbering {
            PartNumbering::From { min } => {
                let mut keys = key.iter_mut();
                for_each_number_in_order(part, |value| {
                    if let Some(k) = keys.next() {
                        shift(k, value.map_or(0, |v| v - min + 1));
                    }
                })?;
            }
            PartNumbering::Texts { seen, ranks } => {
                for (k, seen) in key.iter_mut().zip(seen) {
                    shift(k, ranks[*seen as usize]);
                }
            }
        }
        Ok(())
    }
}

/// A key part as the numbers it is held as: codes and names (enums) as their texts' places.
pub(crate) fn as_numbers(part: &Column) -> Column {
    match part.dtype().is_enum() {
        true => part.to_physical_repr(),
        false => part.clone(),
    }
}

/// The most distinct texts a key part may have to be packed (a key part of texts is an
/// identifier not all digits; codes come as enums): one with more is sorted as text.
pub(crate) const MAX_PACKED_TEXTS: usize = 256;

/// Calls `each` with each value of a key part of numbers (identifiers, or the places of codes
/// among their enum's texts) or dates, as unsigned numbers in the same order: dates as days,
/// shifted.
fn for_each_number_in_order(part: &Column, mut each: impl FnMut(Option<u64>)) -> PolarsResult<()> {
    match part.dtype() {
        DataType::Date => {
            let shifted = |d: i32| (i64::from(d) - i64::from(i32::MIN)) as u64;
            part.date()?
                .physical()
                .iter()
                .for_each(|days| each(days.map(shifted)));
        }
        DataType::UInt32 => part.u32()?.iter().for_each(|n| each(n.map(u64::from))),
        DataType::UInt16 => part.u16()?.iter().for_each(|n| each(n.map(u64::from))),
        DataType::UInt8 => part.u8()?.iter().for_each(|n| each(n.map(u64::from))),
        _ => part.u64()?.iter().for_each(each),
    }
    Ok(())
}

/// The values of a text column as numbers, when every one is digits and equal numbers are
/// equal texts (as identifiers are; see [`Digits`]); else `None`. Numbers sort several times
/// faster than texts, and the merge needs only each record's rows together, not the texts'
/// order.
pub(crate) fn digits_as_numbers(column: &Column) -> Option<UInt64Chunked> {
    if column.is_full_null() {
        return None; // left as one null for every row, as the load holds an absent column
    }
    let digits = Digits::of(column.str().ok()?)?;
    Some(UInt64Chunked::from_iter_options(
        column.name().clone(),
        digits.numbers.into_iter(),
    ))
}
