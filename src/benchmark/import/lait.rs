//! The LA interactive tool's long file: the measures EES has no figure for (assessments
//! within 45 working days) and earlier years of others, with LAIT's pseudo-codes for England
//! and the regions.

use super::*;

/// LAIT measures (lower case) and the lscb indicators they compare with: the children in
/// need measures EES lacks, and the looked-after, care leaver and adoption measures of
/// SPEC §8.2 (`lait_2015_and_looked_after.csv`, DfE years 2015 on).
const LAIT_MEASURES: [(&str, &str); 17] = [
    ("continue_assess_comp", "assessment_45wd"),
    ("cp_conf_15days", "icpc_15wd"),
    ("rereferral", "re_referrals_12m"),
    ("prevregcpr", "cpp_repeat"),
    ("lacnum", "cla_open"),
    ("lac", "cla_rate"),
    ("lacnum_start", "cla_starts"),
    ("lacceased", "cla_ceased"),
    ("lachealth%", "cla_health_assessment"),
    ("lacdental%", "cla_dental_check"),
    ("lacstable_2016on", "cla_placements_3plus"),
    ("lac_longstable%", "cla_long_term_stability"),
    ("children_missing", "cla_missing"),
    ("nocareleavers", "care_leavers"),
    ("careleaveracc", "care_leavers_suitable_accommodation"),
    ("careleavereet", "care_leavers_eet"),
    ("no_of lac adopted", "adoptions"),
];

/// LAIT's pseudo-codes for England and the regions.
const LAIT_AREAS: [(&str, &str, &str); 10] = [
    ("970", ENGLAND, "England"),
    ("980", "E12000001", "North East"),
    ("981", "E12000002", "North West"),
    ("982", "E12000003", "Yorkshire and The Humber"),
    ("983", "E12000004", "East Midlands"),
    ("984", "E12000005", "West Midlands"),
    ("985", "E12000006", "East of England"),
    ("986", "E12000007", "London"),
    ("989", "E12000008", "South East"),
    ("990", "E12000009", "South West"),
];

/// The region code of an LA from LAIT's region name (Inner and Outer London are London).
fn region_code(name: &str) -> String {
    let name = name.trim().to_lowercase();
    let name = match name.as_str() {
        "inner london" | "outer london" | "london (inner)" | "london (outer)" => "london",
        other => other,
    };
    LAIT_AREAS
        .iter()
        .skip(1)
        .find(|(_, _, n)| n.to_lowercase() == name)
        .map_or(String::new(), |(_, code, _)| code.to_string())
}

pub(super) fn lait_values(source: &Source, summary: &mut FileSummary) -> Result<Vec<Published>> {
    let [measure, year, name, value, code] =
        ["measure", "year", "area_name", "value", "old_la_code"].map(|c| source.column(c));
    let (measure, year, name, value, code) = (measure?, year?, name?, value?, code?);
    let region = source.column("region").ok();
    let file_name = source
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut values = Vec::new();
    for (line, cells) in &source.rows {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        let Some((_, indicator)) = LAIT_MEASURES
            .iter()
            .find(|(m, _)| *m == cell(measure).to_lowercase())
        else {
            *summary
                .skipped
                .entry(format!("measure {}", cell(measure)))
                .or_default() += 1;
            continue;
        };
        let start_year = cell(year).parse::<i32>().map(|y| y - 1).map_err(|_| {
            anyhow!(
                "{}: `{}` is not a year",
                source.place(*line, "year"),
                cell(year)
            )
        })?;
        let (level, area_code, area_name, region_code) =
            match LAIT_AREAS.iter().find(|(c, _, _)| *c == cell(code)) {
                Some((_, ENGLAND, n)) => (
                    Level::National,
                    ENGLAND.to_string(),
                    n.to_string(),
                    String::new(),
                ),
                Some((_, c, n)) => (Level::Regional, c.to_string(), n.to_string(), String::new()),
                None if matches!(cell(code), "987" | "988") => {
                    *summary
                        .skipped
                        .entry("Inner or Outer London".to_string())
                        .or_default() += 1;
                    continue;
                }
                None => (
                    Level::La,
                    cell(code).to_string(),
                    cell(name).to_string(),
                    region.map_or(String::new(), |r| region_code(cell(r))),
                ),
            };
        let figure = match number(cell(value)) {
            Ok(v) => v,
            Err(why) if why == "blank" || why.starts_with("suppressed") => {
                *summary.missing.entry(why).or_default() += 1;
                continue;
            }
            Err(text) => bail!("{}: `{text}` is not a number", source.place(*line, "value")),
        };
        summary.values += 1;
        values.push(Published {
            indicator: indicator.to_string(),
            year: year_label(start_year),
            level,
            area_code,
            area_name,
            region_code,
            value: figure,
            numerator: None,
            denominator: None,
            source: format!("{file_name}: {}", cell(measure)),
        });
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lait_regions_map_to_codes() {
        assert_eq!(region_code("Outer London"), "E12000007");
        assert_eq!(region_code("Yorkshire and the Humber"), "E12000003");
        assert_eq!(region_code("NA"), "");
    }
}
