//! Integration tests: the real `lscb` binary run on fixture folders, as a user would, plus
//! property tests of the loader as a library.

mod benchmark;
mod corpus;
mod early_help;
mod indicators;
mod loader_fuzz;
mod looked_after;
mod privacy;
mod real_world;
mod reference;
mod registers;
mod report;
mod report_html;
mod returns;
mod synth;
mod util;
mod validate;
mod workbook;
