//! The bookkeeping columns a list's frame carries besides the list's own (whose ids are in
//! [`crate::model`]): one schema, named once, so every layer writes and reads them alike.
//!
//! | column | type | written by | meaning |
//! |---|---|---|---|
//! | [`LINE`] | index | `load::read` | the row's line in its file (the header is line 1), or its row in a workbook sheet |
//! | [`FILE`] | enum of labels | `load` | the file (or `workbook.xlsx!Sheet`) the row came from, as problems name it |
//! | [`AS_AT`] | date | `load` | the as-at date of the row's extract |
//! | [`REJECTED`] | boolean | `load` | the row breaks a rule that excludes it (counted, reported) |
//! | [`LATEST`] | boolean | `load::merge` | the row is its record's version from the latest extract holding it |
//! | [`AGE_AT_EVENT`] | whole years | `load::checks::age_at_event`, on demand | the child's age at the list's event date (-1 unborn) |
//! | [`AGE_AT_PERIOD_END`] | whole years | `indicators::records`, on demand | the child's age at the period's end (SPEC §8.2: looked-after children and care leavers are aged at the period end) |
//! | [`COUNTED`] | text | `indicators::records` | whom a distinct count counts: the child, or on List 11 the adopter's household |
//!
//! A merged list ([`crate::load::Dataset`]) holds one row per record per extract holding it:
//! activity indicators read the rows marked [`LATEST`], snapshot indicators the rows of one
//! [`AS_AT`].

/// The row's line in its file (header = 1), or its row in a workbook sheet.
pub const LINE: &str = "line";
/// The label of the file each row came from (an enum of the labels; `load::file_labels`
/// reads it as text).
pub const FILE: &str = "file";
/// The as-at date of the row's extract.
pub const AS_AT: &str = "as_at";
/// True on rows excluded by a rule.
pub const REJECTED: &str = "rejected";
/// True on the version of each record from the latest extract holding it.
pub const LATEST: &str = "latest";
/// The child's age in whole years at the list's event date, computed where a query uses it.
pub const AGE_AT_EVENT: &str = "age_at_event";
/// The child's age in whole years at the period's end, computed where a query uses it.
pub const AGE_AT_PERIOD_END: &str = "age_at_period_end";
/// Whom a count of distinct people counts: the child; on List 11, the household (the family
/// identifier, else the adopter).
pub const COUNTED: &str = "counted";

/// The computed columns an indicator definition may name as if they were the list's.
pub const COMPUTED: [&str; 2] = [AGE_AT_EVENT, AGE_AT_PERIOD_END];
