//! `lscb`: safeguarding-children performance indicators from Ofsted Annex A extracts.
//!
//! The library core never prints or exits. Data flows one way:
//! `load` (extract folders → typed, merged polars frames) → `model` (the lists and their
//! columns) → indicators → benchmarks → `render` (tables in every output format).

pub mod model;
pub mod workdays;
