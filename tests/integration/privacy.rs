//! No child identifier from the input appears in any aggregate output, in any format; the
//! drill-down shows them only when not asked to hash them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};

use crate::util::{files_under, lscb_in, synth};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every Child Unique ID in the extracts under `dir`.
fn child_ids(dir: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for extract in std::fs::read_dir(dir).unwrap() {
        let extract = extract.unwrap().path();
        // The board's registers hold no child identifiers.
        if !extract.is_dir()
            || extract.ends_with("narrative")
            || extract.ends_with("registers")
            || extract.ends_with("returns")
        {
            continue;
        }
        for file in std::fs::read_dir(&extract).unwrap() {
            let mut reader = csv::Reader::from_path(file.unwrap().path()).unwrap();
            for record in reader.records() {
                ids.insert(record.unwrap()[0].to_string());
            }
        }
    }
    ids
}

/// All text a report folder holds, workbook cells included.
fn report_text(dir: &Path) -> String {
    let mut text = String::new();
    for path in files_under(dir).into_iter().map(|p| dir.join(p)) {
        if path.extension().is_some_and(|e| e == "xlsx") {
            let mut workbook: Xlsx<_> = calamine::open_workbook(&path).unwrap();
            for name in workbook.sheet_names() {
                let range = workbook.worksheet_range(&name).unwrap();
                for cell in range.used_cells() {
                    text.push_str(&format!("{} ", cell.2));
                }
            }
        } else {
            text.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    text
}

#[test]
fn no_aggregate_output_names_a_child() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    synth(&data, &["--scale", "0.1", "--seed", "99", "--years", "1"]);
    let ids = child_ids(&data);
    assert!(ids.len() > 1000, "{} children", ids.len());
    let dir = data.to_str().unwrap();
    let period = ["--period", "2014-15"];
    let mut outputs: Vec<(String, String)> = Vec::new();
    let run_all = |outputs: &mut Vec<(String, String)>, args: Vec<&str>| {
        let run = lscb_in(&root(), &args);
        assert!(run.code.is_some_and(|c| c < 2), "{args:?}: {}", run.stderr);
        outputs.push((args.join(" "), format!("{}{}", run.stdout, run.stderr)));
    };
    for format in ["table", "csv", "json", "markdown"] {
        run_all(&mut outputs, vec!["validate", dir, "--format", format]);
        run_all(
            &mut outputs,
            [
                vec!["indicators", dir],
                period.to_vec(),
                vec!["--format", format],
            ]
            .concat(),
        );
        run_all(
            &mut outputs,
            [
                vec!["indicators", dir],
                period.to_vec(),
                vec!["--quarterly", "--format", format],
            ]
            .concat(),
        );
        run_all(
            &mut outputs,
            [
                vec!["benchmark", dir],
                period.to_vec(),
                vec!["--format", format],
            ]
            .concat(),
        );
        run_all(
            &mut outputs,
            [
                vec!["drill", "icpc_15wd", dir],
                period.to_vec(),
                vec!["--all", "--hash-ids", "--salt", "s", "--format", format],
            ]
            .concat(),
        );
    }
    for by in [
        "source",
        "age-band",
        "gender",
        "ethnicity",
        "disability",
        "team",
        "category",
    ] {
        run_all(
            &mut outputs,
            [
                vec!["indicators", dir],
                period.to_vec(),
                vec!["--by", by, "--format", "csv"],
            ]
            .concat(),
        );
    }
    for (scope, name) in [
        (["--year", "2014-15"], "annual"),
        (["--quarter", "2014-15 Q3"], "quarter"),
    ] {
        let out = work.path().join(name);
        run_all(
            &mut outputs,
            [
                vec!["report", dir],
                scope.to_vec(),
                vec!["--out", out.to_str().unwrap()],
            ]
            .concat(),
        );
        outputs.push((format!("report {name}"), report_text(&out)));
    }
    for (command, text) in &outputs {
        let leaked: Vec<&String> = ids.iter().filter(|id| text.contains(id.as_str())).collect();
        assert!(
            leaked.is_empty(),
            "`{command}` shows {} child IDs, e.g. {}",
            leaked.len(),
            leaked[0]
        );
    }

    // The search finds IDs where they are: the drill-down shows them unless asked not to.
    let run = lscb_in(
        &root(),
        &[
            "drill",
            "icpc_15wd",
            dir,
            "--period",
            "2014-15",
            "--format",
            "csv",
        ],
    );
    assert!(ids.iter().any(|id| run.stdout.contains(id.as_str())));
}

#[test]
fn hashed_ids_hold_for_a_salt_and_change_with_it() {
    let drill = |salt: &str| {
        let run = lscb_in(
            &root(),
            &[
                "drill",
                "icpc_15wd",
                "data/sample",
                "--period",
                "2014-15",
                "--hash-ids",
                "--salt",
                salt,
                "--format",
                "csv",
            ],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run.stdout
    };
    let first = drill("board-2015");
    assert!(first.starts_with("Child (hashed),"), "{first}");
    assert_eq!(first, drill("board-2015"));
    assert_ne!(first, drill("another"));
    let hashes: Vec<&str> = first.lines().skip(1).map(|l| &l[..17]).collect();
    assert!(hashes
        .iter()
        .all(|h| h.starts_with('h') && h[1..].chars().all(|c| c.is_ascii_hexdigit())));
}

#[test]
fn an_exported_salt_does_not_stop_a_plain_drill_down() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lscb"))
        .args([
            "drill",
            "icpc_15wd",
            "data/sample",
            "--period",
            "2014-15",
            "--format",
            "csv",
        ])
        .env("LSCB_SALT", "board-2015")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Child Unique ID,"));
}
