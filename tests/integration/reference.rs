//! The project's embedded reference data agrees with the shared reference files.

use std::path::Path;

use crate::util::shared_reference;

/// The embedded calendar holds the shared file's years (2010–2030) unchanged, and reaches
/// back to 2000 for history (those years are checked against the rules in src/workdays.rs).
#[test]
fn embedded_bank_holidays_match_the_shared_reference() {
    let Some(shared) = shared_reference("bank_holidays_england_wales.csv") else {
        return;
    };
    let embedded = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/reference/bank_holidays_england_wales.csv"),
    )
    .unwrap();
    let shared = std::fs::read_to_string(shared).unwrap();
    let from_2010: Vec<&str> = embedded
        .lines()
        .filter(|line| !line.starts_with("200"))
        .collect();
    assert_eq!(from_2010, shared.lines().collect::<Vec<_>>());
    assert!(embedded.lines().nth(1).unwrap().starts_with("2000-"));
}

#[test]
fn embedded_population_matches_the_shared_ons_file() {
    let Some(shared) = shared_reference("dfe/ons_mid-year_population_estimates_2012_to_2024.csv")
    else {
        return;
    };
    let embedded = lscb::population::Population::embedded();
    let mut reader = csv::Reader::from_path(shared).unwrap();
    let headers = reader.headers().unwrap().clone();
    let field = |record: &csv::StringRecord, name: &str| {
        let i = headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap();
        record.get(i).unwrap().to_string()
    };
    let mut checked = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let code = match field(&record, "geographic_level").as_str() {
            "Local authority" => field(&record, "old_la_code"),
            "National" => "E92000001".to_string(),
            _ => continue,
        };
        let year: i32 = field(&record, "time_period").parse().unwrap();
        let expected = field(&record, "population_estimate").parse::<u64>().ok();
        assert_eq!(embedded.get(&code, year), expected, "{code} {year}");
        checked += 1;
    }
    assert!(checked > 1900, "checked {checked} rows");
}
