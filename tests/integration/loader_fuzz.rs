//! No input can make the loader panic: arbitrary bytes, and random mutations of valid
//! extracts, either load (with problems reported) or fail with a clean error.

use proptest::prelude::*;

use lscb::load::headers::Headings;
use lscb::load::{self, LoadOptions};
use lscb::workdays::Calendar;

use crate::util::fixtures;

fn valid_files() -> Vec<Vec<u8>> {
    let dir = fixtures().join("clean/2014-15_Q1");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        load_bytes(&bytes);
    }

    #[test]
    fn mutated_extracts_never_panic(
        file in 0usize..7,
        mutations in proptest::collection::vec(mutation(), 1..12),
    ) {
        let files = valid_files();
        let original = files[file % files.len()].clone();
        load_bytes(&apply(original, &mutations));
    }
}

#[test]
fn unmutated_extracts_load() {
    for bytes in valid_files() {
        assert!(load_bytes(&bytes));
    }
}
