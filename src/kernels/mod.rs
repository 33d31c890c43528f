//! The fast path: every hand-written performance kernel of the loader and the engine, behind
//! this one boundary. Everything outside reads as ordinary polars; each kernel here replaces
//! plain polars code that is kept (as the fallback, or in a test), is checked against it by a
//! differential test, and earned its place in a measured run (`docs/performance.md`).
//!
//! | kernel | replaces | guard test | gain when added |
//! |---|---|---|---|
//! | [`scan`], [`split`]: the record scan and byte splitter | polars' CSV reader plus a record scan (`load::read::fallback`, used for files with quotes inside fields) | proptests `any_*_is_read_as_polars_reads_it` (`load::read`), `splitting_on_bytes_reads_what_polars_reads` | national scale (150) 7.9–9.7 → 7.7–8.4 s, then 3.23–3.52 → 3.03–3.16 s |
//! | [`numbering`]: a column's texts numbered as split, one dictionary per list's column | a text per row, then `unique` and `replace_strict` | `keys_are_laid_out_as_polars_views`, proptest `texts_numbered_in_runs_are_read_back_through_the_dictionary`, the numbering tests | scale 150 2.33–2.53 → 2.05–2.17 s; the one dictionary within the noise, 0.3% fewer instructions |
//! | [`keys`]: identifiers of digits as numbers, the radix sort | polars' sort of row-encoded keys | proptest `keys_sorted_with_their_rows_come_in_order_of_key_then_row` | sorting 2.76 M contacts 110 → 45 ms |
//! | [`packing`]: a record's key parts packed into one number | sorting by the parts (`load::merge`'s fallback beyond 64 bits) | proptest `packed_keys_order_and_equate_rows_as_their_parts_do` (`load::merge`) | ten national years 35–37 → 21 s |
//! | [`walk`]: the link walk in step | a hash join on the child's text, then a window filter (`indicators::link::joined`) | proptest `the_walk_links_what_the_join_links` (`indicators::link`) | all indicators at scale 150 787–898 → 602–649 ms |
//!
//! Three calendar kernels stay in `dates`, the bottom layer, because the calendar is built on
//! them and these kernels use it: civil-date arithmetic (`dates::civil`, against chrono),
//! working days as a running count (`dates::workdays`, against a day-by-day count) and months
//! after a date on days (`dates::months_later`, against `offset_by`).
//!
//! The conventions a kernel's output carries into shared frames are in types: the split gives
//! each column as [`split::Reading`] asked (text, days, or numbers of texts in a
//! [`numbering::Dictionary`]), and `load::decode` names what a raw column holds (its
//! `RawColumn`) once, and decodes each by what it is.
//!
//! A text's way to an enum, through one dictionary: each row's text is numbered once, as the
//! file is split, by the thread splitting its part (one hash, or none for a text among the
//! last seen), and the number stays as read. The list's column has one
//! [`numbering::Dictionary`]: its distinct texts, and each run of rows' (a thread's part of a
//! file) numbers' places among them; joining parts and files joins their few dozen texts,
//! and no row. Decoding decodes each distinct text once, finds each row's place among the
//! texts through its run in one pass, and gathers the enum's places by it, into one chunk.

pub(crate) mod keys;
pub(crate) mod numbering;
pub(crate) mod packing;
pub(crate) mod scan;
pub(crate) mod split;
pub(crate) mod walk;
