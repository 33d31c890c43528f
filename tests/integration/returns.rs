//! Partner agencies' returns (SPEC §11) on `tests/fixtures/returns`: quarterly and yearly
//! figures of four built-in measures, with a later file correcting one; the bad input in
//! `tests/fixtures/return-problems`. Every figure is worked out by hand.

use serde_json::Value;

use crate::util::{check, indicators_json, lscb};

const MEASURES: &str = "police_da_notifications,health_cla_assessments_on_time,school_safeguarding_audits,probation_risk_checks";

fn results(period: &str) -> Value {
    indicators_json("returns", period, &["--only", MEASURES])
}

fn notes(results: &Value, id: &str) -> Vec<String> {
    crate::util::notes(results.as_array().unwrap(), id)
}

#[test]
fn a_year_sums_its_quarters_and_prefers_its_own_return() {
    let year = results("2014-15");
    check(
        &year,
        &[
            // 40 + 36 + 50 + 45: Q2's 35 corrected to 36 by the later file.
            (
                "police_da_notifications",
                Some(171.0),
                Some(171.0),
                None,
                &[],
            ),
            // Q1–Q3 only: (18 + 9 + 14) / (20 + 10 + 20).
            (
                "health_cla_assessments_on_time",
                Some(82.0),
                Some(41.0),
                Some(50.0),
                &[],
            ),
            // The year's own return (95 of 100), not Q3's.
            (
                "school_safeguarding_audits",
                Some(95.0),
                Some(95.0),
                Some(100.0),
                &[],
            ),
            // Nothing returned: no value, never 0.
            ("probation_risk_checks", None, None, None, &[]),
        ],
    );
    assert_eq!(
        notes(&year, "health_cla_assessments_on_time"),
        ["returned for 2014-15 Q1, 2014-15 Q2, 2014-15 Q3 only, not the whole of 2014-15"]
    );
    assert_eq!(
        notes(&year, "probation_risk_checks"),
        ["no return of `probation_risk_checks` for 2014-15"]
    );
    let quarter = results("2014-15 Q3");
    check(
        &quarter,
        &[
            ("police_da_notifications", Some(50.0), Some(50.0), None, &[]),
            (
                "school_safeguarding_audits",
                Some(80.0),
                Some(80.0),
                Some(100.0),
                &[],
            ),
        ],
    );
}

#[test]
fn drill_down_lists_the_returns_behind_a_figure() {
    let run = lscb(&[
        "drill",
        "health_cla_assessments_on_time",
        "returns",
        "--period",
        "2014-15",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Measure,Period,Numerator,Denominator,Status\n\
         health_cla_assessments_on_time,2014-15 Q1,18,20,counted\n\
         health_cla_assessments_on_time,2014-15 Q2,9,10,counted\n\
         health_cla_assessments_on_time,2014-15 Q3,14,20,counted\n"
    );
}

#[test]
fn bad_returns_are_located_and_excluded() {
    let run = lscb(&["validate", "return-problems", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(u64, String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["file"] == "returns/returns.csv")
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["column"].as_str().unwrap_or("").to_string(),
                p["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |line: u64, column: &str, rule: &str| (line, column.to_string(), rule.to_string());
    assert_eq!(
        found,
        [
            expect(2, "Measure", "unknown-measure"),
            expect(3, "Agency", "unknown-agency"),
            expect(4, "Period", "bad-period"),
            expect(5, "Numerator", "numerator-above-denominator"),
            expect(6, "Value", "bad-number"),
            expect(8, "", "conflicting-duplicate"),
            expect(9, "Numerator", "missing-figure"),
        ]
    );
    let summary = report["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["list"] == "partner agencies' returns")
        .unwrap();
    // Eight rows: only line 7 is kept; every other is rejected and counted.
    assert_eq!(
        (
            summary["rows_read"].as_u64(),
            summary["kept"].as_u64(),
            summary["rejected"].as_u64()
        ),
        (Some(8), Some(1), Some(7))
    );
}

#[test]
fn a_returned_definition_must_read_returns_and_name_its_agency() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.toml"),
        "id = \"m\"\ntitle = \"M\"\ndefinition = \"M.\"\nsource = \"S\"\nfamily = \"returned\"\nlist = \"returns\"\nreturned_as = \"count\"\npolarity = \"neutral\"\n",
    )
    .unwrap();
    let run = lscb(&[
        "indicators",
        "--list",
        "--add-indicators",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("agency: the returned family needs it"),
        "{}",
        run.stderr
    );
}
