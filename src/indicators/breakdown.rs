//! Breakdowns (`--by`): the characteristic a figure is split by, as a label and an order.

use chrono::NaiveDate;
use clap::ValueEnum;
use polars::prelude::*;

use crate::config::Groups;
use crate::load::checks::age_at;
use crate::model::codes::{self, ethnicity_group};
use crate::model::frame::AGE_AT_EVENT;
use crate::model::ListKind;

/// The label for a record whose characteristic is not recorded.
pub const NOT_RECORDED: &str = "Not recorded";

/// What a figure can be broken down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    /// Contact or referral source (Ofsted agency group).
    Source,
    #[value(alias = "age_band")]
    AgeBand,
    Gender,
    /// Ethnicity group (White, Mixed, Asian, Black, Chinese, Other, Refused, Unknown).
    Ethnicity,
    Disability,
    Team,
    /// Latest category of abuse (child protection plans).
    Category,
    /// A looked-after child's legal status, grouped as the template's `Codes_used` groups it.
    #[value(alias = "legal_status")]
    LegalStatus,
    /// A looked-after child's placement type, grouped (foster placement, placed for adoption, …).
    #[value(alias = "placement_type")]
    PlacementType,
    /// A looked-after child's category of need (N1–N8).
    #[value(alias = "need", alias = "category_of_need")]
    CategoryOfNeed,
    /// A looked-after child's permanence plan.
    #[value(alias = "permanence_plan")]
    PermanencePlan,
    /// Early help's lead organisation, grouped by `[early_help.organisations]` in
    /// `lscb.toml`; other names as written, ignoring case and spacing.
    #[value(alias = "lead_agency", alias = "agency")]
    Organisation,
}

/// Age bands: DfE's (children in need census) or the annual report's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, ValueEnum)]
pub enum AgeBands {
    #[default]
    Dfe,
    Report,
    /// Care leavers' (SPEC §8.2): 17–18, 19–21 (DfE's cohort), 22–25; always used for List 9.
    #[value(skip)]
    CareLeavers,
}

impl AgeBands {
    /// The bands as (label, lowest age); ages below the first band's lowest are unborn.
    fn bands(self) -> &'static [(&'static str, i32)] {
        match self {
            AgeBands::Dfe => &[
                ("Under 1", 0),
                ("1 to 4", 1),
                ("5 to 9", 5),
                ("10 to 15", 10),
                ("16 and over", 16),
            ],
            AgeBands::Report => &[
                ("2 and under", 0),
                ("3 to 4", 3),
                ("5 to 7", 5),
                ("8 to 12", 8),
                ("13 to 15", 13),
                ("16 and over", 16),
            ],
            AgeBands::CareLeavers => &[
                ("Under 17", 0),
                ("17 to 18", 17),
                ("19 to 21", 19),
                ("22 to 25", 22),
                ("26 and over", 26),
            ],
        }
    }
}

impl Breakdown {
    /// The label and sort-order expressions for records of `list`; `None` when the list does
    /// not record the characteristic. Snapshot records are aged at `snapshot`, others at
    /// their event date; `organisations` groups early help's lead organisations.
    pub fn group(
        self,
        list: ListKind,
        snapshot: Option<NaiveDate>,
        bands: AgeBands,
        organisations: &Groups,
    ) -> PolarsResult<Option<(Expr, Expr)>> {
        let recorded = |e: Expr| e.fill_null(lit(NOT_RECORDED));
        let label = match self {
            Breakdown::Source => match list {
                ListKind::Contacts => col("contact_source"),
                ListKind::Referrals => col("referral_source"),
                _ => return Ok(None),
            },
            Breakdown::AgeBand if list.column("dob").is_none() => return Ok(None),
            Breakdown::AgeBand if list == ListKind::CareLeavers => {
                return Ok(Some(age_band(snapshot, AgeBands::CareLeavers)))
            }
            Breakdown::AgeBand => return Ok(Some(age_band(snapshot, bands))),
            Breakdown::Gender if list.column("gender").is_none() => return Ok(None),
            Breakdown::Ethnicity if list.column("ethnicity").is_none() => return Ok(None),
            Breakdown::Gender => col("gender"),
            Breakdown::Ethnicity => ethnicity(),
            Breakdown::Disability => {
                if list.column("disability").is_none() {
                    return Ok(None);
                }
                when(col("disability").eq(lit(true)))
                    .then(lit("Disabled"))
                    .when(col("disability").eq(lit(false)))
                    .then(lit("Not disabled"))
                    .otherwise(lit(NULL).cast(DataType::String))
            }
            Breakdown::Team => {
                if list.column("team").is_none() {
                    return Ok(None);
                }
                col("team")
            }
            Breakdown::Category => {
                if list.column("latest_category").is_none() {
                    return Ok(None);
                }
                col("latest_category")
            }
            Breakdown::LegalStatus => {
                if list.column("legal_status").is_none() {
                    return Ok(None);
                }
                grouped("legal_status", codes::LEGAL_STATUS_GROUPS)
            }
            Breakdown::PlacementType => {
                if list.column("placement_type").is_none() {
                    return Ok(None);
                }
                grouped("placement_type", codes::PLACEMENT_TYPE_GROUPS)
            }
            Breakdown::CategoryOfNeed => {
                if list.column("need_category").is_none() {
                    return Ok(None);
                }
                col("need_category")
            }
            Breakdown::PermanencePlan => {
                if list.column("permanence_plan").is_none() {
                    return Ok(None);
                }
                col("permanence_plan")
            }
            Breakdown::Organisation => {
                if list.column("early_help_organisation").is_none() {
                    return Ok(None);
                }
                organisation("early_help_organisation", organisations)?
            }
        };
        let label = recorded(label);
        let order = when(label.clone().eq(lit(NOT_RECORDED)))
            .then(lit(1))
            .otherwise(lit(0));
        Ok(Some((label, order)))
    }
}

/// The group of each code of `column`, by a table of (code, group); null for a code the
/// table does not group (shown as not recorded).
fn grouped(column: &str, groups: &[(&str, &str)]) -> Expr {
    let (codes, names): (Vec<&str>, Vec<&str>) = groups.iter().copied().unzip();
    col(column).replace_strict(
        lit(Series::new("code".into(), codes)),
        lit(Series::new("group".into(), names)),
        Some(lit(NULL).cast(DataType::String)),
        Some(DataType::String),
    )
}

/// A name from `lscb.toml` as the data's are compared ([`organisation`]): spacing collapsed,
/// lower case.
fn folded(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A name with its spacing collapsed and trimmed.
fn spaced(name: Expr) -> Expr {
    name.str()
        .replace_all(lit(r"\s+"), lit(" "), false)
        .str()
        .strip_chars(lit(NULL))
}

/// The organisation's group by `groups` (names compared ignoring case and spacing); a name
/// no group holds as written, its spellings that differ only in case and spacing shown as one
/// in mixed case if there is one (`Youth Service`, not `YOUTH SERVICE`), the first in sort
/// order of those, so the label never depends on which record came first.
fn organisation(column: &str, groups: &Groups) -> PolarsResult<Expr> {
    let (names, owners): (Vec<String>, Vec<&str>) = groups
        .iter()
        .flat_map(|(group, names)| names.iter().map(move |name| (folded(name), group.as_str())))
        .unzip();
    let spelling = spaced(col(column));
    let key = spelling.clone().str().to_lowercase();
    // A spelling in mixed case before one all in capitals or all in small letters, then
    // the first in sort order.
    let shouting = spelling
        .clone()
        .eq(spelling.clone().str().to_uppercase())
        .or(spelling.clone().eq(key.clone()));
    let as_written = spelling
        .clone()
        .sort_by([shouting, spelling], SortMultipleOptions::default())
        .first()
        .over([key.clone()])?;
    let grouped = key.replace_strict(
        lit(Series::new("name".into(), names)),
        lit(Series::new("group".into(), owners)),
        Some(lit(NULL).cast(DataType::String)),
        Some(DataType::String),
    );
    Ok(when(col(column).is_null())
        .then(lit(NULL).cast(DataType::String))
        .otherwise(coalesce(&[grouped, as_written])))
}

fn ethnicity() -> Expr {
    let codes = [
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
        "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT", "Unknown",
    ];
    let groups: Vec<(&str, &str)> = codes.iter().map(|c| (*c, ethnicity_group(c))).collect();
    grouped("ethnicity", &groups)
}

/// The age band label, and its position for sorting (unborn first, not recorded last).
fn age_band(snapshot: Option<NaiveDate>, bands: AgeBands) -> (Expr, Expr) {
    let age = match snapshot {
        Some(date) => age_at(date),
        None => col(AGE_AT_EVENT),
    };
    let mut label = when(age.clone().is_null())
        .then(lit(NOT_RECORDED))
        .when(age.clone().lt(lit(0)))
        .then(lit("Unborn"));
    let mut order = when(age.clone().is_null())
        .then(lit(99))
        .when(age.clone().lt(lit(0)))
        .then(lit(0));
    for (i, (name, lowest)) in bands.bands().iter().enumerate().rev() {
        label = label.when(age.clone().gt_eq(lit(*lowest))).then(lit(*name));
        order = order
            .when(age.clone().gt_eq(lit(*lowest)))
            .then(lit(i as i32 + 1));
    }
    (label.otherwise(lit(NOT_RECORDED)), order.otherwise(lit(99)))
}
