//! `lscb reference import` and `lscb benchmark`: published figures derived as DfE derives
//! them, and each figure judged against them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{fixtures, lscb_in, shared_reference, temp_tree};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Imports `files` into a new temporary folder with extra flags; returns the folder.
fn import(files: &[PathBuf], flags: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["reference".to_string(), "import".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["--out".to_string(), out.path().display().to_string()]);
    args.extend(flags.iter().map(|f| f.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = lscb_in(&root(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    out
}

/// The published value of `indicator` for `area` in `year`, from an imported folder.
fn published(dir: &Path, indicator: &str, year: &str, area: &str) -> Option<f64> {
    let mut reader = csv::Reader::from_path(dir.join("benchmarks.csv")).unwrap();
    reader
        .deserialize::<std::collections::BTreeMap<String, String>>()
        .map(|row| row.unwrap())
        .find(|row| {
            row["indicator"] == indicator && row["year"] == year && row["area_code"] == area
        })
        .map(|row| row["value"].parse().unwrap())
}

fn one_decimal(value: Option<f64>) -> Option<String> {
    value.map(|v| format!("{v:.1}"))
}

/// `lscb benchmark data/sample --period 2014-15 --format json` with extra flags, by id.
fn benchmark_sample(flags: &[&str]) -> std::collections::BTreeMap<String, Value> {
    let mut args = vec![
        "benchmark",
        "data/sample",
        "--period",
        "2014-15",
        "--format",
        "json",
    ];
    args.extend(flags);
    let run = lscb_in(&root(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    rows.into_iter()
        .map(|row| (row["id"].as_str().unwrap().to_string(), row))
        .collect()
}

fn rounded(row: &Value, field: &str) -> Option<String> {
    one_decimal(row[field].as_f64())
}

/// The published files: `dfe/*.csv` and `dfe/looked_after/*.csv`.
fn dfe_files() -> Option<Vec<PathBuf>> {
    let dir = shared_reference("dfe")?;
    let csv_in = |dir: &std::path::Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        files
    };
    let mut files = csv_in(&dir);
    files.extend(csv_in(&dir.join("looked_after")));
    Some(files)
}

#[test]
fn importing_the_published_files_reproduces_dfe_figures() {
    let Some(files) = dfe_files() else { return };
    let out = import(&files, &[]);
    let value = |indicator, area| one_decimal(published(out.path(), indicator, "2014-15", area));
    let england = "E92000001";
    for (indicator, area, want) in [
        ("re_referrals_12m", england, "24.2"),
        ("cin_rate", england, "338.2"),
        ("cpp_rate", england, "43.1"),
        ("cpp_repeat", england, "16.6"),
        ("icpc_15wd", england, "74.8"),
        ("s47_rate", england, "139.1"),
        ("cin_rate", "372", "414.8"),
        ("cpp_rate", "372", "75.3"),
        ("s47_rate", "372", "168.5"),
        ("icpc_15wd", "372", "81.0"),
        ("re_referrals_12m", "372", "21.8"),
        ("cpp_repeat", "372", "10.3"),
        // The LAIT looked-after file: its 2015 rows give 2014-15 for assessments, and the
        // looked-after measures from then on.
        ("assessment_45wd", england, "81.5"),
        ("assessment_45wd", "372", "71.8"),
        ("cla_open", "372", "407.0"),
        ("cla_rate", "372", "72.0"),
        ("cla_starts", "372", "170.0"),
        ("cla_ceased", "372", "160.0"),
        ("adoptions", "372", "44.0"),
        ("care_leavers", "372", "95.0"),
        ("care_leavers_suitable_accommodation", "372", "94.0"),
        ("care_leavers_eet", "372", "61.0"),
        ("cla_missing", "372", "2.0"),
    ] {
        assert_eq!(
            value(indicator, area).as_deref(),
            Some(want),
            "{indicator} {area}"
        );
    }
    for (indicator, area, want) in [
        ("re_referrals_12m", england, "23.5"),
        ("cin_rate", england, "344.7"),
        ("icpc_15wd", "372", "81.5"),
        ("cpp_rate", "372", "69.1"),
    ] {
        let got = one_decimal(published(out.path(), indicator, "2013-14", area));
        assert_eq!(got.as_deref(), Some(want), "2013-14 {indicator} {area}");
    }
    // The LAIT file brings assessments within 45 working days (from 2015-16).
    let lait = one_decimal(published(out.path(), "assessment_45wd", "2015-16", "372"));
    assert_eq!(lait.as_deref(), Some("93.0"));

    // SN means (2021 model) through the benchmark command, with all LAs loaded.
    let reference = out.path().display().to_string();
    let rows = benchmark_sample(&["--reference", &reference]);
    for (id, want) in [
        ("re_referrals_12m", "23.6"),
        ("cpp_rate", "46.3"),
        ("icpc_15wd", "85.7"),
        ("cin_rate", "374.1"),
        ("s47_rate", "150.0"),
        ("cpp_repeat", "16.1"),
    ] {
        assert_eq!(rounded(&rows[id], "sn").as_deref(), Some(want), "SN {id}");
        assert_eq!(rows[id]["sn_count"], 10, "{id}");
    }
    // All LAs are loaded, so there is a quartile: 65.0% is in the bottom quarter of the
    // 150 or so LAs (DfE's own figures run from about 40% to 100%).
    assert_eq!(rows["icpc_15wd"]["quartile"], 4);
    assert_eq!(rows["cpp_repeat"]["quartile"], 1);
}

#[test]
fn the_embedded_reference_is_the_import_of_the_published_files() {
    let Some(files) = dfe_files() else { return };
    let out = import(&files, &["--la", "372", "--years", "2012-13:2014-15"]);
    for file in [
        "benchmarks.csv",
        "neighbours_2021.csv",
        "neighbours_2025.csv",
    ] {
        let fresh = std::fs::read_to_string(out.path().join(file)).unwrap();
        let embedded = std::fs::read_to_string(root().join("data/reference").join(file)).unwrap();
        assert!(
            fresh == embedded,
            "data/reference/{file} is not what the import writes"
        );
    }
}

#[test]
fn small_files_in_the_published_layouts_import_with_every_value_accounted_for() {
    let dir = fixtures().join("reference");
    let files: Vec<PathBuf> = [
        "c4_section47.csv",
        "ons_population.csv",
        "lait_long.csv",
        "sn_2021_layout.csv",
        "sn_2025_layout.csv",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    let out = import(&files, &[]);
    let value = |indicator, year, area| one_decimal(published(out.path(), indicator, year, area));
    // Hand-computed from the fixtures (see tests/fixtures/README.md).
    assert_eq!(
        value("s47_rate", "2014-15", "E92000001").as_deref(),
        Some("1500.0")
    );
    assert_eq!(
        value("icpc_15wd", "2014-15", "E92000001").as_deref(),
        Some("74.3")
    );
    assert_eq!(
        value("s47_rate", "2014-15", "E12000003").as_deref(),
        Some("120.0")
    );
    assert_eq!(
        value("s47_rate", "2014-15", "372").as_deref(),
        Some("180.0")
    );
    assert_eq!(
        value("icpc_15wd", "2014-15", "372").as_deref(),
        Some("80.0")
    );
    assert_eq!(value("icpcs", "2014-15", "371").as_deref(), Some("400.0"));
    assert_eq!(
        value("icpc_15wd", "2014-15", "371"),
        None,
        "suppressed band"
    );
    assert_eq!(value("s47_rate", "2014-15", "371"), None, "population x");
    assert_eq!(value("s47_enquiries", "2014-15", "370"), None, "blank");
    assert_eq!(
        value("icpc_15wd", "2014-15", "370").as_deref(),
        Some("80.0")
    );
    assert_eq!(
        value("icpc_15wd", "2013-14", "372").as_deref(),
        Some("80.0")
    );
    assert_eq!(
        value("s47_rate", "2013-14", "372"),
        None,
        "no mid-2013 population"
    );
    // LAIT: EES wins where both give a figure; LAIT fills what EES lacks.
    assert_eq!(
        value("icpc_15wd", "2014-15", "E92000001").as_deref(),
        Some("74.3")
    );
    assert_eq!(
        value("assessment_45wd", "2014-15", "E92000001").as_deref(),
        Some("81.5")
    );
    assert_eq!(
        value("assessment_45wd", "2014-15", "E12000003").as_deref(),
        Some("80.0")
    );
    assert_eq!(
        value("assessment_45wd", "2014-15", "372").as_deref(),
        Some("71.8")
    );
    let rows = std::fs::read_to_string(out.path().join("benchmarks.csv")).unwrap();
    assert_eq!(rows.lines().count(), 1 + 19 + 3, "{rows}");
    assert!(rows.contains("assessment_45wd,2014-15,la,372,Rotherham,E12000003,71.8"));

    let model = std::fs::read_to_string(out.path().join("neighbours_2021.csv")).unwrap();
    assert_eq!(
        model,
        "la_code,la_name,rank,neighbour_code,closeness\n\
         371,Doncaster,1,372,Very Close\n\
         371,Doncaster,2,370,Close\n\
         372,Rotherham,1,371,Very Close\n\
         372,Rotherham,2,370,Close\n\
         372,Rotherham,3,999,Somewhat close\n"
    );
    let model = std::fs::read_to_string(out.path().join("neighbours_2025.csv")).unwrap();
    assert!(model.contains("372,Rotherham,1,370,Close\n"), "{model}");
}

#[test]
fn the_import_accounts_for_every_row() {
    let dir = fixtures().join("reference");
    let out = tempfile::tempdir().unwrap();
    let run = lscb_in(
        &dir,
        &[
            "reference",
            "import",
            "c4_section47.csv",
            "ons_population.csv",
            "lait_long.csv",
            "sn_2021_layout.csv",
            "--out",
            out.path().to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "File,Recognised as,Rows,Values,No value,Rows not used\n\
         c4_section47.csv,EES c4 (section 47s and ICPCs),6,19,blank: 2; no population: 2; suppressed (c): 1,\n\
         ons_population.csv,EES ONS 0-17 population,6,0,,\n\
         lait_long.csv,LAIT long file,8,3,blank: 1,Inner or Outer London: 1; also in an EES file (EES kept): 2; measure Unknown_Measure: 1\n\
         sn_2021_layout.csv,statistical-neighbour model 2021,4,5,,after the model (the Old SNs block): 2\n"
    );
}

#[test]
fn looked_after_numbers_come_from_ees_and_the_rest_from_lait_each_file_accounted_for() {
    let dir = fixtures().join("reference");
    let out = tempfile::tempdir().unwrap();
    let run = lscb_in(
        &dir,
        &[
            "reference",
            "import",
            "c4_section47.csv",
            "ons_population.csv",
            "lait_long.csv",
            "cla_numbers.csv",
            "lait_looked_after.csv",
            "--out",
            out.path().to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // Each LAIT file is charged with its own values that an EES file also gives.
    assert_eq!(
        run.stdout,
        "File,Recognised as,Rows,Values,No value,Rows not used\n\
         c4_section47.csv,EES c4 (section 47s and ICPCs),6,19,blank: 2; no population: 2; suppressed (c): 1,\n\
         ons_population.csv,EES ONS 0-17 population,6,0,,\n\
         lait_long.csv,LAIT long file,8,3,blank: 1,Inner or Outer London: 1; also in an EES file (EES kept): 2; measure Unknown_Measure: 1\n\
         cla_numbers.csv,EES children looked after (numbers and rates),5,5,suppressed (c): 2,population type Children in some other group: 1\n\
         lait_looked_after.csv,LAIT long file,4,2,,also in an EES file (EES kept): 2\n"
    );
    let value = |indicator, year, area| one_decimal(published(out.path(), indicator, year, area));
    // EES wins for 2024-25, with its published rate; LAIT gives the years EES does not.
    assert_eq!(
        value("cla_open", "2024-25", "372").as_deref(),
        Some("476.0")
    );
    assert_eq!(value("cla_rate", "2024-25", "372").as_deref(), Some("80.0"));
    assert_eq!(
        value("cla_starts", "2024-25", "372").as_deref(),
        Some("165.0")
    );
    assert_eq!(
        value("cla_open", "2024-25", "E92000001").as_deref(),
        Some("81770.0")
    );
    assert_eq!(
        value("cla_open", "2023-24", "372").as_deref(),
        Some("470.0")
    );
    assert_eq!(
        value("care_leavers_eet", "2014-15", "372").as_deref(),
        Some("61.0")
    );
    assert_eq!(value("cla_open", "2024-25", "371"), None, "suppressed");
    // The looked-after table's population column is not taken for the 0-17 population.
    assert_eq!(
        value("s47_rate", "2014-15", "372").as_deref(),
        Some("180.0")
    );
}

#[test]
fn a_file_it_cannot_recognise_is_named() {
    let dir = temp_tree(&[("notes.csv", "a,b\n1,2\n")]);
    let out = dir.path().join("out");
    let run = lscb_in(
        dir.path(),
        &[
            "reference",
            "import",
            "notes.csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("notes.csv: not a file lscb can import"),
        "{}",
        run.stderr
    );
    let dir = temp_tree(&[(
        "c4.csv",
        "time_period,geographic_level,country_code,country_name,Section47,ICPC,Duration_0-10_days,Duration_11-15_days\n\
         2015,National,E92000001,England,12a,10,1,2\n",
    )]);
    let run = lscb_in(
        dir.path(),
        &[
            "reference",
            "import",
            "c4.csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("c4.csv:2: column `section47`: `12a` is not a number"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_sample_is_benchmarked_with_no_downloads() {
    let rows = benchmark_sample(&[]);
    let icpc = &rows["icpc_15wd"];
    assert_eq!(rounded(icpc, "value").as_deref(), Some("65.0"));
    assert_eq!(rounded(icpc, "previous").as_deref(), Some("79.9"));
    assert_eq!(icpc["previous_period"], "2013-14");
    assert_eq!(icpc["direction"], "worsening");
    assert_eq!(rounded(icpc, "sn").as_deref(), Some("85.7"));
    assert_eq!(rounded(icpc, "england").as_deref(), Some("74.8"));
    assert_eq!(rounded(icpc, "region").as_deref(), Some("74.3"));
    assert_eq!(rounded(icpc, "la_published").as_deref(), Some("81.0"));
    assert_eq!(
        (&icpc["rank"], &icpc["ranked"]),
        (&Value::from(11), &Value::from(11))
    );
    assert_eq!(
        icpc["quartile"],
        Value::Null,
        "only the LA and its neighbours are embedded"
    );
    assert_eq!(icpc["rag"], "Red");
    assert_eq!(icpc["benchmark_year"], "2014-15");

    let repeat = &rows["cpp_repeat"];
    assert_eq!(repeat["rag"], "Green");
    assert_eq!(repeat["direction"], "improving");
    assert_eq!(
        (&repeat["rank"], &repeat["ranked"]),
        (&Value::from(1), &Value::from(11))
    );

    let contacts = &rows["contacts"];
    assert_eq!(contacts["rag"], Value::Null);
    assert_eq!(
        contacts["notes"][0],
        "no published comparator: local comparisons only"
    );
    // LAIT's looked-after file gives 2014-15 for assessments: England 81.5, SN mean 79.8.
    let assessments = &rows["assessment_45wd"];
    assert_eq!(assessments["england"], 81.5);
    let sn = assessments["sn"].as_f64().unwrap();
    assert!((sn - 79.8).abs() < 0.05, "{sn}");
    // Series that start later say so: health assessments are published from 2017-18.
    assert_eq!(
        rows["cla_health_assessment"]["notes"][0],
        "no published `cla_health_assessment` for 2014-15 or earlier in the reference data"
    );
    let leavers = &rows["care_leavers_eet"];
    assert_eq!(
        (&leavers["england"], &leavers["la_published"]),
        (&Value::from(48.0), &Value::from(61.0))
    );
}

#[test]
fn targets_and_settings_come_from_the_configuration() {
    let config = temp_tree(&[(
        "lscb.toml",
        "la = \"372\"\n[targets]\nicpc_15wd = 60.0\n[benchmark]\nsn_model = \"2025\"\nstable_points = 20\n",
    )]);
    let path = config.path().join("lscb.toml");
    let rows = benchmark_sample(&["--config", path.to_str().unwrap()]);
    let icpc = &rows["icpc_15wd"];
    assert_eq!(icpc["target"], 60.0);
    assert_eq!(icpc["rag"], "Amber", "on target, worse than England");
    assert_eq!(icpc["direction"], "stable", "a 15-point fall is within 20");
    assert_eq!(rounded(icpc, "sn").as_deref(), Some("82.8"), "2025 model");

    let rows = benchmark_sample(&["--sn-stat", "median", "--only", "icpc_15wd"]);
    assert_eq!(rows["icpc_15wd"]["sn_stat"], "median");
    assert_eq!(rows.len(), 1);
}

#[test]
fn a_reference_folder_and_a_model_file_replace_the_embedded_ones() {
    let dir = fixtures().join("reference");
    let files: Vec<PathBuf> = ["c4_section47.csv", "ons_population.csv", "lait_long.csv"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let out = import(&files, &[]);
    let reference = out.path().display().to_string();
    let model = dir.join("sn_2021_layout.csv").display().to_string();
    let rows = benchmark_sample(&["--reference", &reference, "--sn-model", &model]);
    // Neighbours 371 (suppressed), 370 (80.0) and 999 (absent): one value.
    let icpc = &rows["icpc_15wd"];
    assert_eq!(rounded(icpc, "sn").as_deref(), Some("80.0"));
    assert_eq!(icpc["sn_count"], 1);
    assert_eq!(rounded(icpc, "england").as_deref(), Some("74.3"));
    assert_eq!(
        (&icpc["rank"], &icpc["ranked"]),
        (&Value::from(2), &Value::from(2))
    );
    let assessments = &rows["assessment_45wd"];
    assert_eq!(rounded(assessments, "england").as_deref(), Some("81.5"));
    assert_eq!(
        rounded(assessments, "la_published").as_deref(),
        Some("71.8")
    );
    assert_eq!(assessments["sn"], Value::Null);
    assert_eq!(assessments["rag"], "Green", "judged against England alone");
}

/// `lscb benchmark data/sample --period 2014-15` with `config` as its lscb.toml.
fn benchmark_with_config(config: &str) -> crate::util::Run {
    let dir = temp_tree(&[("lscb.toml", config)]);
    let path = dir.path().join("lscb.toml");
    let args = [
        "benchmark",
        "data/sample",
        "--period",
        "2014-15",
        "--config",
        path.to_str().unwrap(),
    ];
    lscb_in(&root(), &args)
}

#[test]
fn benchmarks_need_the_la_and_known_targets() {
    let run = benchmark_with_config("[targets]\nicpc_15wd = 60.0\n");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("set `la = \"372\"`"), "{}", run.stderr);

    let run = benchmark_with_config("la = \"372\"\n[targets]\nicpc_15 = 60.0\n");
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("in lscb.toml [targets]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("icpc_15"), "{}", run.stderr);
}

#[test]
fn the_benchmark_table_is_readable() {
    let run = lscb_in(
        &root(),
        &[
            "benchmark",
            "data/sample",
            "--period",
            "2014-15",
            "--only",
            "re_referrals_12m,assessment_45wd,icpc_15wd,cpp_rate,cpp_repeat,contacts",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!("benchmark_2014_15", run.stdout);
}

#[test]
fn a_quarter_is_compared_with_the_previous_quarter_and_its_year() {
    let run = lscb_in(
        &root(),
        &[
            "benchmark",
            "data/sample",
            "--period",
            "2014-15 Q3",
            "--only",
            "s47_rate,icpc_15wd",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows[0]["id"], "s47_rate");
    assert_eq!(rows[0]["previous_period"], "2014-15 Q2");
    assert_eq!(
        rows[0]["notes"][0],
        "2014-15 Q3 is part of a year: its volume is not compared with full-year figures"
    );
    assert_eq!(rows[0]["england"], Value::Null);
    assert_eq!(
        rows[1]["notes"],
        Value::Array(Vec::new()),
        "a percentage compares"
    );
}
