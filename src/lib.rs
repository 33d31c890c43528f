//! `lscb`: safeguarding-children performance indicators from Ofsted Annex A extracts.
//!
//! The library core never prints or exits. Data flows one way:
//! `load` (extract folders → typed, merged polars frames) → `model` (the lists and their
//! columns) → indicators → benchmarks → `render` (tables in every output format).

pub mod benchmark;
pub mod config;
pub mod dates;
pub mod indicators;
pub mod load;
pub mod model;
pub mod population;
pub mod problem;
pub mod render;
pub mod report;
pub mod synth;
pub mod threads;
