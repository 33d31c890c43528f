//! No input can make the loader or the indicator definition parser panic: arbitrary bytes,
//! and random mutations of valid extracts and definitions, either load (with problems
//! reported) or fail with a clean error.
//!
//! CI runs a short pass; `LSCB_FUZZ_CASES=100000 cargo test --release --test integration
//! fuzz` runs a long one.

use proptest::prelude::*;

use lscb::dates::workdays::Calendar;
use lscb::indicators::definition::Definition;
use lscb::load::headers::Headings;
use lscb::load::{self, LoadOptions};

use crate::util::fixtures;

/// The contents of the files in `dir` whose names end with `extension`, in name order.
fn read_files(dir: &std::path::Path, extension: &str) -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn valid_files() -> Vec<Vec<u8>> {
    read_files(&fixtures().join("clean/2014-15_Q1"), "csv")
}

/// Loads `bytes` as the only file of one extract; returns whether the load succeeded and,
/// when it did, checks that the accounting balances.
fn load_bytes(bytes: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let extract = dir.path().join("2014-15_Q1");
    std::fs::create_dir(&extract).unwrap();
    std::fs::write(extract.join("list.csv"), bytes).unwrap();
    let options = LoadOptions {
        calendar: Calendar::embedded(),
        headings: Headings::default(),
        registers_as_at: None,
        meetings: Vec::new(),
        measures: Default::default(),
    };
    match load::load(dir.path(), &options) {
        Ok((_, report)) => {
            for summary in &report.summaries {
                assert!(summary.balances(), "{summary:?}");
            }
            true
        }
        Err(_) => false,
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(vec![
        b',', b'"', b'\n', b'\r', b'/', b'-', b'0', b'9', b' ', 0xff, 0xc3, b'a',
    ]);
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        match *m {
            Mutation::Flip(i, b) => {
                let i = i % bytes.len();
                bytes[i] = b;
            }
            Mutation::Insert(i, b) => {
                let i = i % (bytes.len() + 1);
                bytes.insert(i, b);
            }
            Mutation::Delete(i) => {
                let i = i % bytes.len();
                bytes.remove(i);
            }
        }
    }
    bytes
}

/// Cases per property: 96 by default, or `LSCB_FUZZ_CASES`.
fn cases() -> u32 {
    std::env::var("LSCB_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(96)
}

/// The built-in indicator definitions, as text.
fn definitions() -> Vec<Vec<u8>> {
    read_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators"),
        "toml",
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn fuzz_arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        load_bytes(&bytes);
    }

    #[test]
    fn fuzz_mutated_extracts_never_panic(
        file in 0usize..7,
        mutations in proptest::collection::vec(mutation(), 1..12),
    ) {
        let files = valid_files();
        let original = files[file % files.len()].clone();
        load_bytes(&apply(original, &mutations));
    }

    #[test]
    fn fuzz_mutated_definitions_parse_or_fail_cleanly(
        file in 0usize..64,
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let texts = definitions();
        let mutated = apply(texts[file % texts.len()].clone(), &mutations);
        let _ = Definition::parse(&String::from_utf8_lossy(&mutated));
    }

    #[test]
    fn fuzz_arbitrary_definitions_fail_cleanly(text in "[a-z_ =\\[\\]{}\"0-9.,\n-]{0,300}") {
        let _ = Definition::parse(&text);
    }
}

#[test]
fn unmutated_extracts_load() {
    for bytes in valid_files() {
        assert!(load_bytes(&bytes));
    }
}
