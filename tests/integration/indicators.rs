//! `lscb indicators` and `lscb drill` on `tests/fixtures/indicators`, whose every figure was
//! worked out by hand (see the fixtures' README for what each row exercises).

use serde_json::Value;

use crate::util::{check, copy_tree, find, group_values, lscb, lscb_in, temp_tree};

fn json(args: &[&str]) -> Value {
    let mut all = vec!["indicators", "indicators", "--format", "json"];
    all.extend_from_slice(args);
    let run = lscb(&all);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

const OPEN_ASSESSMENT: &str = "no Continuous Assessment Date of Authorisation by the period end";

#[test]
fn activity_indicators_for_2014_15_match_hand_counts() {
    let results = json(&["--period", "2014-15"]);
    check(
        &results,
        &[
            // K1–K6.
            ("contacts", Some(6.0), Some(6.0), None, &[]),
            // K1 same day, K2 on day 7, K5 by outcome, K6 same day; K3 on day 8 and K4 (outcome
            // NFA despite a same-day referral) miss.
            (
                "contact_referral_conversion",
                Some(400.0 / 6.0),
                Some(4.0),
                Some(6.0),
                &[],
            ),
            // K1 (+3 days) and K3 (+30, the boundary).
            (
                "contact_assessment_conversion",
                Some(200.0 / 6.0),
                Some(2.0),
                Some(6.0),
                &[],
            ),
            ("referrals", Some(12.0), Some(12.0), None, &[]),
            ("referral_rate", Some(12.0), Some(12.0), Some(10_000.0), &[]),
            // Within 1: R1 (Fri→Mon), R2 (Easter), R3 (Christmas), R5 (same day), R8 (Sun→Mon),
            // R9, C9 (Sun→Mon), C11; over: R4 (2), C12 (3); R6 and R7 left out.
            (
                "referral_decision_1wd",
                Some(80.0),
                Some(8.0),
                Some(10.0),
                &[("end before start", 1), ("no Referral Decision Date", 1)],
            ),
            // R1, R2 (+25 days), R3 (+22), R5 (same day).
            (
                "referral_assessment_conversion",
                Some(400.0 / 12.0),
                Some(4.0),
                Some(12.0),
                &[],
            ),
            (
                "referrals_nfa",
                Some(200.0 / 11.0),
                Some(2.0),
                Some(11.0),
                &[("not answered", 1)],
            ),
            // R8 and C9 from history, C11 exactly 12 months on, R2 by the recorded count; C12
            // is 12 months and a day after its last referral.
            (
                "re_referrals_12m",
                Some(400.0 / 12.0),
                Some(4.0),
                Some(12.0),
                &[],
            ),
            ("assessments_completed", Some(6.0), Some(6.0), None, &[]),
            // A1 41, A2 45, A5 0, A7 43 within; A3 46 over; A4 open; A6 authorised first.
            (
                "assessment_45wd",
                Some(80.0),
                Some(4.0),
                Some(5.0),
                &[("end before start", 1), (OPEN_ASSESSMENT, 1)],
            ),
            // A5 within its 10 days; A1 over its 30.
            (
                "assessment_child_timescale",
                Some(50.0),
                Some(1.0),
                Some(2.0),
                &[
                    ("end before start", 1),
                    ("no Child's Timescale (Working Days)", 3),
                    (OPEN_ASSESSMENT, 1),
                ],
            ),
            // 0, 41, 43, 45, 46.
            (
                "assessment_median_wd",
                Some(43.0),
                None,
                Some(5.0),
                &[("end before start", 1), (OPEN_ASSESSMENT, 1)],
            ),
            ("s47_enquiries", Some(6.0), Some(6.0), None, &[]),
            ("s47_rate", Some(6.0), Some(6.0), Some(10_000.0), &[]),
            // S1, S2, S3, S6 to ICPC; S4 deemed unnecessary; S5 awaiting.
            (
                "s47_to_icpc",
                Some(80.0),
                Some(4.0),
                Some(5.0),
                &[("not answered", 1)],
            ),
            // S1, S2, S3, S6 and S7 (strategy discussion in 2013-14).
            ("icpcs", Some(5.0), Some(5.0), None, &[]),
            // S1 14, S2 15, S7 10 within; S3 16 over; S6 before its strategy discussion.
            (
                "icpc_15wd",
                Some(75.0),
                Some(3.0),
                Some(4.0),
                // C4 (deemed unnecessary) and C5 (awaiting) had no ICPC: not ICPCs, so not left out.
                &[("end before start", 1)],
            ),
            (
                "icpc_to_cpp",
                Some(75.0),
                Some(3.0),
                Some(4.0),
                &[("not answered", 1)],
            ),
            ("cpp_starts", Some(8.0), Some(8.0), None, &[]),
            // C11 and C12 from history, C13 by the recorded count.
            ("cpp_repeat", Some(37.5), Some(3.0), Some(8.0), &[]),
            // C11's last plan ended 23 months before; C12's 25.
            ("cpp_repeat_2y", Some(12.5), Some(1.0), Some(8.0), &[]),
            // P8 lasted exactly 24 months; P9, C11 and C12 less.
            ("cpp_ended_2y_plus", Some(25.0), Some(1.0), Some(4.0), &[]),
        ],
    );
}

#[test]
fn snapshot_indicators_at_31_march_2015_match_hand_counts() {
    let results = json(&["--period", "2014-15"]);
    check(
        &results,
        &[
            // C1 (two open episodes, counted once), C2, C3, C4; C6 closed, C7 closed on 31/03.
            ("cin_plan_children", Some(4.0), Some(4.0), None, &[]),
            ("cin_with_plan", Some(75.0), Some(3.0), Some(4.0), &[]),
            // C1 (plan started 05/03/2015), C2 (reviewed exactly 3 months before); C3 a day early.
            (
                "cin_plan_current",
                Some(200.0 / 3.0),
                Some(2.0),
                Some(3.0),
                &[],
            ),
            // C1–C5: every open episode, whatever the case status.
            ("cin_rate", Some(5.0), Some(5.0), Some(10_000.0), &[]),
            ("cpp_open", Some(9.0), Some(9.0), None, &[]),
            ("cpp_rate", Some(9.0), Some(9.0), Some(10_000.0), &[]),
            ("cpp_neglect", Some(400.0 / 9.0), Some(4.0), Some(9.0), &[]),
            // P5 and P6 (exactly 24 months); P7 a day short.
            ("cpp_2y_plus", Some(2.0), Some(2.0), None, &[]),
            // P1 5, P2 10, P5 0, P6 1, C13 2, C14 0; P3 11, P4 and P7 never visited.
            (
                "cpp_visit_10wd",
                Some(200.0 / 3.0),
                Some(6.0),
                Some(9.0),
                &[],
            ),
            // P2 due 01/04, P3 first review not due, P5, P6, C13, C14; P1, P4, P7 overdue.
            (
                "cpp_review_timely",
                Some(200.0 / 3.0),
                Some(6.0),
                Some(9.0),
                &[],
            ),
        ],
    );
}

#[test]
fn json_carries_the_fields_spec_section_7_names() {
    let results = json(&["--period", "2014-15", "--only", "assessment_45wd"]);
    let r = &results[0];
    let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "denominator",
            "excluded",
            "id",
            "numerator",
            "period",
            "title",
            "unit",
            "value"
        ]
    );
    assert_eq!(r["unit"], "percent");
    assert_eq!(r["period"], "2014-15");
}

#[test]
fn quarters_split_the_year_and_an_even_median_is_the_mean_of_the_middle_two() {
    let quarterly = |id: &str| -> Vec<Option<f64>> {
        let results = json(&["--period", "2014-15", "--quarterly", "--only", id]);
        results
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["value"].as_f64())
            .collect()
    };
    assert_eq!(
        quarterly("contacts"),
        vec![Some(2.0), Some(0.0), Some(1.0), Some(3.0), Some(6.0)]
    );
    // Q1: A7 (43) and A1 (41).
    assert_eq!(
        quarterly("assessment_median_wd"),
        vec![Some(42.0), Some(45.5), None, Some(0.0), Some(43.0)]
    );
}

#[test]
fn a_snapshot_uses_the_latest_extract_before_the_date_and_says_so() {
    let results = json(&["--period", "2014-15 Q2", "--only", "cpp_open"]);
    // The extract as at 31/03/2014 has P5, P6, P7, P8 and P9 open.
    assert_eq!(results[0]["value"], 5.0);
    assert_eq!(
        results[0]["notes"][0],
        "List 7 (Child protection) at 2014-09-30 uses the extract as at 2014-03-31"
    );
}

#[test]
fn breakdowns_by_team_category_and_age_band() {
    let groups = |args: &[&str]| -> Vec<(String, Option<f64>, Option<f64>)> {
        let mut all = vec!["--period", "2014-15"];
        all.extend_from_slice(args);
        json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["group"].as_str().unwrap().to_string(),
                    r["value"].as_f64(),
                    r["denominator"].as_f64(),
                )
            })
            .collect()
    };
    assert_eq!(
        groups(&["--only", "assessment_45wd", "--by", "team"]),
        vec![
            ("North".into(), Some(100.0), Some(3.0)),
            ("South".into(), Some(50.0), Some(2.0)),
        ]
    );
    let category: Vec<(String, Option<f64>)> = groups(&["--only", "cpp_open", "--by", "category"])
        .into_iter()
        .map(|(g, v, _)| (g, v))
        .collect();
    assert_eq!(
        category,
        vec![
            ("Emotional abuse".into(), Some(1.0)),
            ("Multiple".into(), Some(1.0)),
            ("Neglect".into(), Some(4.0)),
            ("Physical abuse".into(), Some(1.0)),
            ("Sexual abuse".into(), Some(1.0)),
            ("Not recorded".into(), Some(1.0)),
        ]
    );
    // Ages at the contact: C4 unborn, C1 0 (birthday the next day) then 1, C2 4 on the
    // birthday, C3 15 from the age column, C14 16.
    let ages: Vec<(String, Option<f64>)> = groups(&["--only", "contacts", "--by", "age-band"])
        .into_iter()
        .map(|(g, v, _)| (g, v))
        .collect();
    assert_eq!(
        ages,
        vec![
            ("Unborn".into(), Some(1.0)),
            ("Under 1".into(), Some(1.0)),
            ("1 to 4".into(), Some(2.0)),
            ("10 to 15".into(), Some(1.0)),
            ("16 and over".into(), Some(1.0)),
        ]
    );
    let report_bands: Vec<String> = groups(&[
        "--only",
        "contacts",
        "--by",
        "age-band",
        "--age-bands",
        "report",
    ])
    .into_iter()
    .map(|(g, _, _)| g)
    .collect();
    assert_eq!(
        report_bands,
        ["Unborn", "2 and under", "3 to 4", "13 to 15", "16 and over"]
    );
}

#[test]
fn the_indicator_table_is_readable() {
    let run = lscb(&["indicators", "indicators", "--period", "2014-15"]);
    assert_eq!(run.code, Some(0));
    insta::assert_snapshot!("indicators_table_2014_15", run.stdout);
    assert_eq!(
        run.stderr,
        "lscb: data quality: 3 errors, 3 warnings (run `lscb validate indicators` for details)\n"
    );
}

#[test]
fn strict_stops_every_command_before_computing_when_the_data_has_errors() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report");
    let report = report.to_str().unwrap();
    for args in [
        vec!["indicators", "indicators", "--period", "2014-15"],
        vec!["benchmark", "indicators", "--period", "2014-15"],
        vec!["drill", "icpc_15wd", "indicators", "--period", "2014-15"],
        vec!["report", "indicators", "--year", "2014-15", "--out", report],
        vec!["validate", "indicators"],
    ] {
        let run = lscb(&[args.as_slice(), &["--strict"]].concat());
        assert_eq!(run.code, Some(1), "{args:?}");
        if args[0] != "validate" {
            assert_eq!(run.stdout, "", "{args:?}");
            assert!(
                run.stderr.ends_with(
                    "lscb: error: --strict: 3 errors, 3 warnings in the data; nothing computed\n"
                ),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert!(!out.path().join("report").exists(), "no report written");
}

#[test]
fn drill_lists_the_assessments_behind_a_poor_figure() {
    let run = lscb(&[
        "drill",
        "assessment_45wd",
        "indicators",
        "--period",
        "2014-15",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Child Unique ID,Continuous Assessment Start Date,Continuous Assessment Date of Authorisation,Allocated Team,Working days,Status\n\
         C3,2015-01-15,,South,,left out: no Continuous Assessment Date of Authorisation by the period end\n\
         C15,2014-05-12,2014-07-16,South,46,not met\n\
         C6,2015-01-05,2015-01-02,South,-1,left out: end before start\n"
    );
}

#[test]
fn list_prints_the_whole_catalogue() {
    let run = lscb(&["indicators", "--list", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1 + 85);
    assert!(run.stdout.contains("\nassessment_45wd,Assessments completed within 45 working days,timeliness,assessments,percent,higher,"));
}

#[test]
fn an_unknown_indicator_is_named_with_the_known_ones() {
    let run = lscb(&[
        "indicators",
        "indicators",
        "--period",
        "2014-15",
        "--only",
        "speed",
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("lscb: error: `speed` is not an indicator; known: contacts,"),
        "{}",
        run.stderr
    );
}

const EXAMPLE: &str = "../../examples/indicators";

#[test]
fn a_local_indicator_is_added_with_a_flag_or_the_configuration() {
    let results = json(&["--period", "2014-15", "--add-indicators", EXAMPLE]);
    let police = find(&results, "referrals_from_police");
    // Every fixture referral has source 6 (police).
    assert_eq!(police["value"], 100.0);
    assert_eq!(police["denominator"], 12.0);
    assert_eq!(results.as_array().unwrap().len(), 86);

    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/indicators");
    let config = format!(
        "indicators = [{:?}]\n[population]\n2014 = 10000\n",
        examples.display().to_string()
    );
    let dir = temp_tree(&[("lscb.toml", config.as_str())]);
    let data = crate::util::fixtures().join("indicators");
    let run = lscb_in(
        dir.path(),
        &[
            "indicators",
            data.to_str().unwrap(),
            "--period",
            "2014-15",
            "--only",
            "referrals_from_police",
            "--config",
            "lscb.toml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "\nreferrals_from_police,Referrals from the police,2014-15,,100.0,12,12,percent,\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_local_indicator_can_take_its_cohort_by_the_age_at_the_event() {
    let dir = temp_tree(&[(
        "defs/older.toml",
        "id = \"older\"\ntitle = \"t\"\ndefinition = \"d\"\nsource = \"s\"\nfamily = \"count\"\nlist = \"contacts\"\npolarity = \"neutral\"\ndate = \"contact_date\"\ncohort = [{ column = \"age_at_event\", greater_than = 3 }]\n",
    )]);
    let defs = dir.path().join("defs");
    let results = json(&[
        "--period",
        "2014-15",
        "--only",
        "older",
        "--add-indicators",
        defs.to_str().unwrap(),
    ]);
    // Ages at the contact (see the age bands above): C2 4, C3 15 and C14 16 are over 3.
    assert_eq!(find(&results, "older")["value"], 3.0);
}

#[test]
fn a_broken_definition_is_named_by_file_and_key_at_start() {
    let dir = temp_tree(&[(
        "defs/bad.toml",
        "id = \"bad\"\ntitle = \"t\"\ndefinition = \"d\"\nsource = \"s\"\nfamily = \"count\"\nlist = \"referrals\"\npolarity = \"higher\"\ndate = \"referral_day\"\n",
    )]);
    let defs = dir.path().join("defs");
    let run = lscb(&[
        "indicators",
        "indicators",
        "--period",
        "2014-15",
        "--add-indicators",
        defs.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("bad.toml: date: `referral_day` is not a column of List 3 (Referrals)"),
        "{}",
        run.stderr
    );
}

#[test]
fn breakdowns_by_source_ethnicity_and_gender_and_a_list_without_the_characteristic() {
    let groups = |by: &str| {
        group_values(&json(&[
            "--period", "2014-15", "--only", "contacts", "--by", by,
        ]))
    };
    // K1, K3, K4, K6 from the police (code 6), K2 a school (2A), K5 a GP (3A).
    assert_eq!(
        groups("source"),
        vec![
            ("Health services".into(), 1.0),
            ("Police".into(), 4.0),
            ("Schools".into(), 1.0)
        ]
    );
    assert_eq!(groups("ethnicity"), vec![("White".into(), 6.0)]);
    assert_eq!(groups("gender"), vec![("Male".into(), 6.0)]);
    // List 1 has no disability column, so contacts have no disability breakdown.
    assert_eq!(groups("disability"), vec![]);
}

#[test]
fn a_folder_of_la_folders_gives_each_las_figures_as_its_own_run_does() {
    let root = tempfile::tempdir().unwrap();
    let fixture = crate::util::fixtures().join("indicators");
    copy_tree(&fixture, &root.path().join("east"));
    copy_tree(&fixture, &root.path().join("west"));
    std::fs::remove_dir_all(root.path().join("west/2014-03-31")).unwrap();
    std::fs::write(root.path().join("notes.txt"), "not data").unwrap();
    let args = [
        "--period",
        "2014-15",
        "--only",
        "referrals,re_referrals_12m",
        "--format",
        "csv",
    ];
    let run_on = |dir: &str| {
        let run = lscb_in(root.path(), &[&["indicators", dir][..], &args].concat());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run
    };

    let both = run_on(".");
    let (east, west) = (run_on("east"), run_on("west"));
    assert_ne!(east.stdout, west.stdout, "the two LAs' data differ");
    let mut expected = vec![format!("la,{}", east.stdout.lines().next().unwrap())];
    for (la, run) in [("east", &east), ("west", &west)] {
        expected.extend(
            run.stdout
                .lines()
                .skip(1)
                .map(|line| format!("{la},{line}")),
        );
    }
    assert_eq!(both.stdout.lines().collect::<Vec<_>>(), expected);
    assert!(
        both.stderr
            .contains("notes.txt holds no extract folders, so it is not read"),
        "{}",
        both.stderr
    );

    let quarterly = lscb_in(
        root.path(),
        &[
            "indicators",
            ".",
            "--period",
            "2014-15",
            "--only",
            "referrals",
            "--quarterly",
            "--format",
            "csv",
        ],
    );
    let lines: Vec<&str> = quarterly.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "LA,Indicator,2014-15 Q1,2014-15 Q2,2014-15 Q3,2014-15 Q4,2014-15"
    );
    assert!(lines[1].starts_with("east,referrals,") && lines[2].starts_with("west,referrals,"));
}

#[test]
fn one_thread_gives_the_same_figures_as_many() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |threads: &[&str]| {
        let args = [
            &[
                "indicators",
                "data/sample",
                "--period",
                "2014-15",
                "--format",
                "csv",
            ][..],
            threads,
        ]
        .concat();
        let run = crate::util::lscb_in(root, &args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run.stdout
    };
    let many = run(&[]);
    assert_eq!(run(&["--threads", "1"]), many);
    assert_eq!(run(&["--threads", "3"]), many);
    let zero = crate::util::lscb_in(
        root,
        &[
            "indicators",
            "data/sample",
            "--period",
            "2014-15",
            "--threads",
            "0",
        ],
    );
    assert_eq!(zero.code, Some(2));
}
