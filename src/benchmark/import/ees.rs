//! The EES children-in-need tables (b1, c1, c4, d3, d5), the children-looked-after numbers
//! and rates, and the ONS population, each recognised by a column only it has: figures
//! derived as DfE derives them, percentages from the counts where both are given, rates from
//! the previous mid-year's population (or, for children looked after, as published).

use super::*;

/// The EES tables the importer knows, each recognised by a column only it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EesTable {
    B1,
    C1,
    C4,
    D3,
    D5,
    /// Children looked after at 31 March, starting and ceasing: a row per population type.
    LookedAfter,
    Population,
}

impl EesTable {
    /// Each table with the column that marks it and its name. The looked-after table comes
    /// before the population, as it has a population column too.
    pub(super) const ALL: [(EesTable, &'static str, &'static str); 7] = [
        (EesTable::B1, "at31_episodes", "b1 (children in need)"),
        (
            EesTable::C1,
            "rereferral_percent",
            "c1 (referrals and re-referrals)",
        ),
        (EesTable::C4, "section47", "c4 (section 47s and ICPCs)"),
        (
            EesTable::D3,
            "cpp_subsequent",
            "d3 (second or subsequent plans)",
        ),
        (EesTable::D5, "cpp_at31", "d5 (CP plans at 31 March)"),
        (
            EesTable::LookedAfter,
            "rate_per_10000",
            "children looked after (numbers and rates)",
        ),
        (
            EesTable::Population,
            "population_estimate",
            "ONS 0-17 population",
        ),
    ];

    /// The figures derived from a row of the table (the looked-after table's depend on the
    /// row's population type).
    fn measures(self, population_type: &str) -> &'static [Measure] {
        match self {
            EesTable::B1 => B1_MEASURES,
            EesTable::C1 => C1_MEASURES,
            EesTable::C4 => C4_MEASURES,
            EesTable::D3 => D3_MEASURES,
            EesTable::D5 => D5_MEASURES,
            EesTable::LookedAfter => match population_type {
                "Children looked after on 31 March each year" => LOOKED_AFTER_AT_31,
                "Children starting to be looked after each year" => LOOKED_AFTER_STARTS,
                "Children ceasing to be looked after each year" => LOOKED_AFTER_CEASED,
                _ => &[],
            },
            EesTable::Population => &[],
        }
    }
}

const LOOKED_AFTER_AT_31: &[Measure] = &[
    Measure::count("cla_open", "children_count"),
    Measure {
        indicator: "cla_rate",
        derive: Derive::Published("rate_per_10000"),
    },
];
const LOOKED_AFTER_STARTS: &[Measure] = &[Measure::count("cla_starts", "children_count")];
const LOOKED_AFTER_CEASED: &[Measure] = &[Measure::count("cla_ceased", "children_count")];

const B1_MEASURES: &[Measure] = &[Measure::rate("cin_rate", "at31_episodes")];

const C1_MEASURES: &[Measure] = &[
    Measure::count("referrals", "referral_count"),
    Measure::rate("referral_rate", "referral_count"),
    Measure::percent(
        "re_referrals_12m",
        "rereferral_percent",
        "rereferral_count",
        "referral_count",
    ),
    Measure::percent(
        "referrals_nfa",
        "no_further_action_percent",
        "no_further_action_count",
        "referral_count",
    ),
];

const C4_MEASURES: &[Measure] = &[
    Measure::count("s47_enquiries", "section47"),
    Measure::rate("s47_rate", "section47"),
    Measure::count("icpcs", "icpc"),
    Measure {
        indicator: "icpc_15wd",
        derive: Derive::ShareOf {
            parts: &["duration_0-10_days", "duration_11-15_days"],
            total: "icpc",
        },
    },
];

const D3_MEASURES: &[Measure] = &[
    Measure::count("cpp_starts", "cpp_start"),
    Measure::percent(
        "cpp_repeat",
        "cpp_subsequent_percent",
        "cpp_subsequent",
        "cpp_start",
    ),
];

const D5_MEASURES: &[Measure] = &[
    Measure::count("cpp_open", "cpp_at31"),
    Measure::rate("cpp_rate", "cpp_at31"),
    Measure::count("cpp_2y_plus", "2_years_or_more"),
];

/// How one published figure is derived from a row.
struct Measure {
    indicator: &'static str,
    derive: Derive,
}

enum Derive {
    /// A count column as it stands.
    Count(&'static str),
    /// 100 × numerator ÷ denominator when both counts are given, else the published
    /// percentage.
    Percent {
        column: &'static str,
        numerator: &'static str,
        denominator: &'static str,
    },
    /// 10,000 × count ÷ the previous mid-year's population aged 0–17.
    Rate(&'static str),
    /// A figure as published (the looked-after rate, on DfE's own population).
    Published(&'static str),
    /// 100 × the sum of the parts ÷ the total.
    ShareOf {
        parts: &'static [&'static str],
        total: &'static str,
    },
}

impl Measure {
    const fn count(indicator: &'static str, column: &'static str) -> Measure {
        Measure {
            indicator,
            derive: Derive::Count(column),
        }
    }

    const fn rate(indicator: &'static str, column: &'static str) -> Measure {
        Measure {
            indicator,
            derive: Derive::Rate(column),
        }
    }

    const fn percent(
        indicator: &'static str,
        column: &'static str,
        numerator: &'static str,
        denominator: &'static str,
    ) -> Measure {
        Measure {
            indicator,
            derive: Derive::Percent {
                column,
                numerator,
                denominator,
            },
        }
    }
}

/// The financial year's start from an EES `time_period`: `2015` (year ending March 2015) or
/// `201415`.
fn ees_start_year(text: &str) -> Option<i32> {
    let text = text.trim();
    match text.len() {
        4 => text.parse::<i32>().ok().map(|y| y - 1),
        6 => text[..4].parse().ok(),
        _ => None,
    }
}

/// Populations aged 0–17 by (area code, mid-year): from an imported ONS file, else the
/// embedded estimates (which hold England and every LA).
pub(super) fn population_from(sources: &[Source]) -> BTreeMap<(String, i32), f64> {
    let mut table = BTreeMap::new();
    for source in sources
        .iter()
        .filter(|s| s.kind == Kind::Ees(EesTable::Population))
    {
        let (Ok(year), Ok(value)) = (
            source.column("time_period"),
            source.column("population_estimate"),
        ) else {
            continue;
        };
        for (_, cells) in &source.rows {
            let cell = |i: usize| cells.get(i).map_or("", String::as_str);
            let Some(area) = ees_area(source, cells) else {
                continue;
            };
            if let (Ok(y), Ok(n)) = (cell(year).trim().parse::<i32>(), number(cell(value))) {
                table.insert((area.code, y), n);
            }
        }
    }
    if table.is_empty() {
        let embedded = Population::embedded();
        for ((code, year), population) in embedded.all() {
            table.insert((code.to_string(), year), population as f64);
        }
    }
    table
}

/// The area a row of an EES file describes.
struct Area {
    level: Level,
    code: String,
    name: String,
    region_code: String,
}

fn ees_area(source: &Source, cells: &[String]) -> Option<Area> {
    let get = |name: &str| {
        source
            .column(name)
            .ok()
            .and_then(|i| cells.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let area = |level, code: String, name: String, region_code: String| {
        (!code.is_empty()).then_some(Area {
            level,
            code,
            name,
            region_code,
        })
    };
    match get("geographic_level").as_str() {
        "National" => area(
            Level::National,
            get("country_code"),
            get("country_name"),
            String::new(),
        ),
        "Regional" => area(
            Level::Regional,
            get("region_code"),
            get("region_name"),
            String::new(),
        ),
        "Local authority" => area(
            Level::La,
            get("old_la_code"),
            get("la_name"),
            get("region_code"),
        ),
        _ => None,
    }
}

pub(super) fn ees_values(
    source: &Source,
    table: EesTable,
    population: &BTreeMap<(String, i32), f64>,
    summary: &mut FileSummary,
) -> Result<Vec<Published>> {
    let year_column = source.column("time_period")?;
    let file_name = source
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut values = Vec::new();
    for (line, cells) in &source.rows {
        let cell = |name: &str| -> Result<String> {
            Ok(cells.get(source.column(name)?).cloned().unwrap_or_default())
        };
        let Some(area) = ees_area(source, cells) else {
            *summary
                .skipped
                .entry("other geography".to_string())
                .or_default() += 1;
            continue;
        };
        let year_text = cells.get(year_column).map_or("", String::as_str);
        let start_year = ees_start_year(year_text).ok_or_else(|| {
            anyhow!(
                "{}: `{year_text}` is not a time period",
                source.place(*line, "time_period")
            )
        })?;
        let population_type = cell("population_type").unwrap_or_default();
        let measures = table.measures(population_type.trim());
        if measures.is_empty() && table == EesTable::LookedAfter {
            *summary
                .skipped
                .entry(format!("population type {}", population_type.trim()))
                .or_default() += 1;
        }
        for measure in measures {
            let derived = derive(&measure.derive, &cell, &area.code, start_year, population);
            let figure = match derived {
                Ok(figure) => figure,
                Err(Missing::Reason(reason)) => {
                    *summary.missing.entry(reason).or_default() += 1;
                    continue;
                }
                Err(Missing::Bad { column, text }) => {
                    bail!("{}: `{text}` is not a number", source.place(*line, &column))
                }
                Err(Missing::Error(error)) => return Err(error),
            };
            summary.values += 1;
            values.push(Published {
                indicator: measure.indicator.to_string(),
                year: year_label(start_year),
                level: area.level,
                area_code: area.code.clone(),
                area_name: area.name.clone(),
                region_code: area.region_code.clone(),
                value: figure.value,
                numerator: figure.numerator,
                denominator: figure.denominator,
                source: format!("{file_name}: {}", figure.source),
            });
        }
    }
    Ok(values)
}

struct Figure {
    value: f64,
    numerator: Option<f64>,
    denominator: Option<f64>,
    source: String,
}

enum Missing {
    Reason(String),
    Bad { column: String, text: String },
    Error(anyhow::Error),
}

fn derive(
    derive: &Derive,
    cell: &dyn Fn(&str) -> Result<String>,
    area: &str,
    start_year: i32,
    population: &BTreeMap<(String, i32), f64>,
) -> std::result::Result<Figure, Missing> {
    let value = |column: &str| -> std::result::Result<f64, Missing> {
        let text = cell(column).map_err(Missing::Error)?;
        number(&text).map_err(|why| {
            if why == "blank" || why.starts_with("suppressed") {
                Missing::Reason(why)
            } else {
                Missing::Bad {
                    column: column.to_string(),
                    text: why,
                }
            }
        })
    };
    let optional = |column: &str| value(column).ok();
    match derive {
        Derive::Count(column) => Ok(Figure {
            value: value(column)?,
            numerator: None,
            denominator: None,
            source: (*column).to_string(),
        }),
        Derive::Percent {
            column,
            numerator,
            denominator,
        } => match (optional(numerator), optional(denominator)) {
            (Some(n), Some(d)) if d > 0.0 => Ok(Figure {
                value: 100.0 * n / d,
                numerator: Some(n),
                denominator: Some(d),
                source: format!("{numerator} / {denominator}"),
            }),
            (n, d) => Ok(Figure {
                value: value(column)?,
                numerator: n,
                denominator: d,
                source: (*column).to_string(),
            }),
        },
        Derive::Published(column) => Ok(Figure {
            value: value(column)?,
            numerator: None,
            denominator: None,
            source: format!("{column} as published"),
        }),
        Derive::Rate(column) => {
            let count = value(column)?;
            let people = population
                .get(&(area.to_string(), start_year))
                .copied()
                .ok_or_else(|| Missing::Reason("no population".to_string()))?;
            Ok(Figure {
                value: 10_000.0 * count / people,
                numerator: Some(count),
                denominator: Some(people),
                source: format!("{column} per 10,000 children aged 0-17 (mid-{start_year})"),
            })
        }
        Derive::ShareOf { parts, total } => {
            let mut numerator = 0.0;
            for part in *parts {
                numerator += value(part)?;
            }
            let denominator = value(total)?;
            if denominator == 0.0 {
                return Err(Missing::Reason("zero denominator".to_string()));
            }
            Ok(Figure {
                value: 100.0 * numerator / denominator,
                numerator: Some(numerator),
                denominator: Some(denominator),
                source: format!("({}) / {total}", parts.join(" + ")),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_periods_name_the_year_ending_in_march() {
        assert_eq!(ees_start_year("2015"), Some(2014));
        assert_eq!(ees_start_year("201415"), Some(2014));
        assert_eq!(ees_start_year("15"), None);
    }
}
