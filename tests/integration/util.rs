//! Running the `lscb` binary from the fixtures folder, so paths in its output are short and
//! stable.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The folder holding the fixture data directories.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a run printed and how it ended.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// Runs `lscb ARGS` with the fixtures folder as the current directory.
pub fn lscb(args: &[&str]) -> Run {
    lscb_in(&fixtures(), args)
}

/// Runs `lscb ARGS` in `dir`.
pub fn lscb_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_lscb"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the lscb binary runs");
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

/// Writes `files` (relative path, content as text or bytes) under a new temporary folder.
pub fn temp_tree(files: &[(&str, impl AsRef<[u8]>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, content) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder created");
        }
        std::fs::write(path, content).expect("file written");
    }
    dir
}

/// Runs `lscb indicators . --period 2014-15 --only contacts --format csv` in the data
/// directory `dir`: the contacts it counts, as a CSV row.
pub fn contacts_counted(dir: &Path) -> Run {
    lscb_in(
        dir,
        &[
            "indicators",
            ".",
            "--period",
            "2014-15",
            "--only",
            "contacts",
            "--format",
            "csv",
        ],
    )
}

/// A file in the shared reference folder beside the repository, or `None` (with a message)
/// when it is absent, so a test skips rather than fails on a machine without it.
pub fn shared_reference(file: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(file);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Every file under `dir`, recursively, as sorted paths relative to it.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// `lscb synth --out OUT OPTIONS…`, run from the repository; asserts it succeeded.
pub fn synth(out: &Path, options: &[&str]) -> Run {
    let out = out.to_str().expect("a UTF-8 path");
    let args = [&["synth", "--out", out][..], options].concat();
    let run = lscb_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run
}

/// Copies the folder `from` (files and folders, recursively) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder created");
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let path = entry.expect("a folder entry").path();
        let target = to.join(path.file_name().expect("a named entry"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("file copied");
        }
    }
}

/// `lscb indicators DIR --period PERIOD --format json ARGS…` (from the fixtures folder), which
/// must succeed, parsed.
pub fn indicators_json(dir: &str, period: &str, args: &[&str]) -> Value {
    let all = [
        &["indicators", dir, "--period", period, "--format", "json"][..],
        args,
    ]
    .concat();
    let run = lscb(&all);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

/// The result of indicator `id` in `indicators --format json` output.
pub fn find<'a>(results: &'a Value, id: &str) -> &'a Value {
    results
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The notes of the figure `id` among `figures` (`indicators --format json` output).
pub fn notes(figures: &[Value], id: &str) -> Vec<String> {
    let found = figures.iter().find(|f| f["id"] == id).unwrap();
    found["notes"]
        .as_array()
        .map(|notes| {
            notes
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Where a problem of `validate --format json` is: file, line, column and rule.
pub fn place(problem: &Value) -> (String, Option<u64>, String, String) {
    (
        problem["file"].as_str().unwrap().to_string(),
        problem["line"].as_u64(),
        problem["column"].as_str().unwrap_or("").to_string(),
        problem["rule"].as_str().unwrap().to_string(),
    )
}

/// (id, value, numerator, denominator, excluded reasons with counts)
pub type Expected = (
    &'static str,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    &'static [(&'static str, u64)],
);

/// Asserts each expected figure exactly: value (to 1e-9), numerator, denominator and the
/// records left out by reason.
pub fn check(results: &Value, expected: &[Expected]) {
    for (id, value, numerator, denominator, excluded) in expected {
        let r = find(results, id);
        let number = |v: &Value| v.as_f64();
        match (number(&r["value"]), value) {
            (Some(got), Some(want)) => {
                assert!((got - want).abs() < 1e-9, "{id}: value {got} != {want}")
            }
            (got, want) => assert_eq!(got, *want, "{id}: value"),
        }
        assert_eq!(number(&r["numerator"]), *numerator, "{id}: numerator");
        assert_eq!(number(&r["denominator"]), *denominator, "{id}: denominator");
        let got: Vec<(String, u64)> = r["excluded"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect();
        let want: Vec<(String, u64)> = excluded.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(got, want, "{id}: excluded");
    }
}

/// Each figure's breakdown group and value, in output order.
pub fn group_values(results: &Value) -> Vec<(String, f64)> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["group"].as_str().unwrap().to_string(),
                r["value"].as_f64().unwrap(),
            )
        })
        .collect()
}
