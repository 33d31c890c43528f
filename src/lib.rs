//! `lscb`: safeguarding-children performance indicators from Ofsted Annex A extracts, the
//! board's registers and partner agencies' returns.
//!
//! The library core never prints or exits. Its layers only point down (checked by
//! `scripts/check-layers.py` in CI; `ARCHITECTURE.md` draws them):
//!
//! | layer | modules | owns |
//! |---|---|---|
//! | 0 | [`dates`], [`model`], [`problem`], [`render`], [`threads`], [`config`] | calendar and working days, periods; the lists, columns, codes and the frame's bookkeeping columns; problems; formatting; threads; `lscb.toml` |
//! | 1 | `kernels` | the fenced fast path: hand-written performance kernels, each with the polars code it replaces |
//! | 2 | [`load`], [`population`] | extract folders, the board's registers and partners' returns to typed, merged polars frames; the ONS populations |
//! | 3 | [`indicators`] | indicator and report-table definitions as data, one generic implementation per family |
//! | 4 | [`benchmark`] | published comparators, ratings, direction of travel |
//! | 5 | [`report`], [`synth`] | the report's files; the synthetic sample |
//!
//! The binary's `cmd` modules sit on top: one per subcommand, parsing flags and calling these.

pub mod benchmark;
pub mod config;
pub mod dates;
pub mod indicators;
pub(crate) mod kernels;
pub mod load;
pub mod model;
pub mod population;
pub mod problem;
pub mod render;
pub mod report;
pub mod synth;
pub mod threads;
