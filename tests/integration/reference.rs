//! The project's embedded reference data agrees with the shared reference files.

use std::path::Path;

/// The shared reference folder beside the repository, or `None` (with a message) when it is
/// absent, so the test skips rather than fails on a machine without it.
fn shared_reference(file: &str) -> Option<std::path::PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(file);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

#[test]
fn embedded_bank_holidays_match_the_shared_reference() {
    let Some(shared) = shared_reference("bank_holidays_england_wales.csv") else {
        return;
    };
    let embedded = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/reference/bank_holidays_england_wales.csv");
    assert_eq!(
        std::fs::read_to_string(embedded).unwrap(),
        std::fs::read_to_string(shared).unwrap()
    );
}
