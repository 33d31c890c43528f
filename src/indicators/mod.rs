//! The indicator engine: definitions are data (`indicators/*.toml`), and each family has one
//! generic implementation (`records`) whose judged records are aggregated (`aggregate`),
//! optionally by a breakdown (`breakdown`).

pub mod aggregate;
pub mod breakdown;
pub mod definition;
mod link;
pub mod records;
pub mod table;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::config::Groups;
use crate::dates::period::Period;
use crate::dates::workdays::Calendar;
use crate::load::{Dataset, Measure};
use crate::model::ListKind;
use crate::population::PopulationSource;
use crate::problem::{Problem, Rule};
use aggregate::Figure;
use breakdown::{AgeBands, Breakdown};
use definition::{Definition, Family, Polarity, Rule as FamilyRule, Unit};

/// The definitions that ship with `lscb`, embedded so the binary needs no files beside it.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "contacts.toml",
        include_str!("../../indicators/contacts.toml"),
    ),
    (
        "contact_referral_conversion.toml",
        include_str!("../../indicators/contact_referral_conversion.toml"),
    ),
    (
        "contact_assessment_conversion.toml",
        include_str!("../../indicators/contact_assessment_conversion.toml"),
    ),
    (
        "referrals.toml",
        include_str!("../../indicators/referrals.toml"),
    ),
    (
        "referral_rate.toml",
        include_str!("../../indicators/referral_rate.toml"),
    ),
    (
        "referral_decision_1wd.toml",
        include_str!("../../indicators/referral_decision_1wd.toml"),
    ),
    (
        "referral_assessment_conversion.toml",
        include_str!("../../indicators/referral_assessment_conversion.toml"),
    ),
    (
        "referrals_nfa.toml",
        include_str!("../../indicators/referrals_nfa.toml"),
    ),
    (
        "re_referrals_12m.toml",
        include_str!("../../indicators/re_referrals_12m.toml"),
    ),
    (
        "assessments_completed.toml",
        include_str!("../../indicators/assessments_completed.toml"),
    ),
    (
        "assessment_45wd.toml",
        include_str!("../../indicators/assessment_45wd.toml"),
    ),
    (
        "assessment_child_timescale.toml",
        include_str!("../../indicators/assessment_child_timescale.toml"),
    ),
    (
        "assessment_median_wd.toml",
        include_str!("../../indicators/assessment_median_wd.toml"),
    ),
    (
        "cin_plan_children.toml",
        include_str!("../../indicators/cin_plan_children.toml"),
    ),
    (
        "cin_with_plan.toml",
        include_str!("../../indicators/cin_with_plan.toml"),
    ),
    (
        "cin_plan_current.toml",
        include_str!("../../indicators/cin_plan_current.toml"),
    ),
    (
        "cin_rate.toml",
        include_str!("../../indicators/cin_rate.toml"),
    ),
    (
        "s47_enquiries.toml",
        include_str!("../../indicators/s47_enquiries.toml"),
    ),
    (
        "s47_rate.toml",
        include_str!("../../indicators/s47_rate.toml"),
    ),
    (
        "s47_to_icpc.toml",
        include_str!("../../indicators/s47_to_icpc.toml"),
    ),
    ("icpcs.toml", include_str!("../../indicators/icpcs.toml")),
    (
        "icpc_15wd.toml",
        include_str!("../../indicators/icpc_15wd.toml"),
    ),
    (
        "icpc_to_cpp.toml",
        include_str!("../../indicators/icpc_to_cpp.toml"),
    ),
    (
        "cpp_starts.toml",
        include_str!("../../indicators/cpp_starts.toml"),
    ),
    (
        "cpp_open.toml",
        include_str!("../../indicators/cpp_open.toml"),
    ),
    (
        "cpp_rate.toml",
        include_str!("../../indicators/cpp_rate.toml"),
    ),
    (
        "cpp_repeat.toml",
        include_str!("../../indicators/cpp_repeat.toml"),
    ),
    (
        "cpp_repeat_2y.toml",
        include_str!("../../indicators/cpp_repeat_2y.toml"),
    ),
    (
        "cpp_neglect.toml",
        include_str!("../../indicators/cpp_neglect.toml"),
    ),
    (
        "cpp_2y_plus.toml",
        include_str!("../../indicators/cpp_2y_plus.toml"),
    ),
    (
        "cpp_ended_2y_plus.toml",
        include_str!("../../indicators/cpp_ended_2y_plus.toml"),
    ),
    (
        "cpp_visit_10wd.toml",
        include_str!("../../indicators/cpp_visit_10wd.toml"),
    ),
    (
        "cpp_review_timely.toml",
        include_str!("../../indicators/cpp_review_timely.toml"),
    ),
    (
        "cla_open.toml",
        include_str!("../../indicators/cla_open.toml"),
    ),
    (
        "cla_rate.toml",
        include_str!("../../indicators/cla_rate.toml"),
    ),
    (
        "cla_starts.toml",
        include_str!("../../indicators/cla_starts.toml"),
    ),
    (
        "cla_ceased.toml",
        include_str!("../../indicators/cla_ceased.toml"),
    ),
    (
        "cla_visits_timely.toml",
        include_str!("../../indicators/cla_visits_timely.toml"),
    ),
    (
        "cla_reviews_timely.toml",
        include_str!("../../indicators/cla_reviews_timely.toml"),
    ),
    (
        "cla_health_assessment.toml",
        include_str!("../../indicators/cla_health_assessment.toml"),
    ),
    (
        "cla_dental_check.toml",
        include_str!("../../indicators/cla_dental_check.toml"),
    ),
    (
        "cla_placements_3plus.toml",
        include_str!("../../indicators/cla_placements_3plus.toml"),
    ),
    (
        "cla_long_term_stability.toml",
        include_str!("../../indicators/cla_long_term_stability.toml"),
    ),
    (
        "cla_missing.toml",
        include_str!("../../indicators/cla_missing.toml"),
    ),
    (
        "cla_return_interview_offered.toml",
        include_str!("../../indicators/cla_return_interview_offered.toml"),
    ),
    (
        "cla_return_interview_accepted.toml",
        include_str!("../../indicators/cla_return_interview_accepted.toml"),
    ),
    (
        "cla_placed_outside.toml",
        include_str!("../../indicators/cla_placed_outside.toml"),
    ),
    (
        "cla_uasc.toml",
        include_str!("../../indicators/cla_uasc.toml"),
    ),
    (
        "care_leavers.toml",
        include_str!("../../indicators/care_leavers.toml"),
    ),
    (
        "care_leavers_in_touch.toml",
        include_str!("../../indicators/care_leavers_in_touch.toml"),
    ),
    (
        "care_leavers_suitable_accommodation.toml",
        include_str!("../../indicators/care_leavers_suitable_accommodation.toml"),
    ),
    (
        "care_leavers_eet.toml",
        include_str!("../../indicators/care_leavers_eet.toml"),
    ),
    (
        "care_leavers_pathway_plan_current.toml",
        include_str!("../../indicators/care_leavers_pathway_plan_current.toml"),
    ),
    (
        "adoptions.toml",
        include_str!("../../indicators/adoptions.toml"),
    ),
    (
        "adoption_care_to_placed_days.toml",
        include_str!("../../indicators/adoption_care_to_placed_days.toml"),
    ),
    (
        "adoption_order_to_match_days.toml",
        include_str!("../../indicators/adoption_order_to_match_days.toml"),
    ),
    (
        "adoption_decisions_reversed.toml",
        include_str!("../../indicators/adoption_decisions_reversed.toml"),
    ),
    (
        "adopter_households_approved.toml",
        include_str!("../../indicators/adopter_households_approved.toml"),
    ),
    (
        "adopter_approval_6m.toml",
        include_str!("../../indicators/adopter_approval_6m.toml"),
    ),
    (
        "adopters_waiting.toml",
        include_str!("../../indicators/adopters_waiting.toml"),
    ),
    (
        "eh_started.toml",
        include_str!("../../indicators/eh_started.toml"),
    ),
    (
        "eh_families_started.toml",
        include_str!("../../indicators/eh_families_started.toml"),
    ),
    (
        "eh_open.toml",
        include_str!("../../indicators/eh_open.toml"),
    ),
    (
        "eh_families_open.toml",
        include_str!("../../indicators/eh_families_open.toml"),
    ),
    (
        "eh_step_down.toml",
        include_str!("../../indicators/eh_step_down.toml"),
    ),
    (
        "eh_step_up.toml",
        include_str!("../../indicators/eh_step_up.toml"),
    ),
    (
        "referrals_after_eh.toml",
        include_str!("../../indicators/referrals_after_eh.toml"),
    ),
    (
        "lado_contacts.toml",
        include_str!("../../indicators/lado_contacts.toml"),
    ),
    (
        "lado_referrals.toml",
        include_str!("../../indicators/lado_referrals.toml"),
    ),
    (
        "lado_threshold_rate.toml",
        include_str!("../../indicators/lado_threshold_rate.toml"),
    ),
    (
        "lado_concluded_1m.toml",
        include_str!("../../indicators/lado_concluded_1m.toml"),
    ),
    (
        "lado_concluded_3m.toml",
        include_str!("../../indicators/lado_concluded_3m.toml"),
    ),
    (
        "lado_concluded_12m.toml",
        include_str!("../../indicators/lado_concluded_12m.toml"),
    ),
    (
        "lado_open.toml",
        include_str!("../../indicators/lado_open.toml"),
    ),
    (
        "cdop_deaths.toml",
        include_str!("../../indicators/cdop_deaths.toml"),
    ),
    (
        "cdop_reviews.toml",
        include_str!("../../indicators/cdop_reviews.toml"),
    ),
    (
        "cdop_modifiable.toml",
        include_str!("../../indicators/cdop_modifiable.toml"),
    ),
    (
        "training_events.toml",
        include_str!("../../indicators/training_events.toml"),
    ),
    (
        "training_attendees.toml",
        include_str!("../../indicators/training_attendees.toml"),
    ),
    (
        "training_practice_will_improve.toml",
        include_str!("../../indicators/training_practice_will_improve.toml"),
    ),
    (
        "training_practice_improved_3m.toml",
        include_str!("../../indicators/training_practice_improved_3m.toml"),
    ),
    (
        "police_da_notifications.toml",
        include_str!("../../indicators/police_da_notifications.toml"),
    ),
    (
        "health_cla_assessments_on_time.toml",
        include_str!("../../indicators/health_cla_assessments_on_time.toml"),
    ),
    (
        "school_safeguarding_audits.toml",
        include_str!("../../indicators/school_safeguarding_audits.toml"),
    ),
    (
        "probation_risk_checks.toml",
        include_str!("../../indicators/probation_risk_checks.toml"),
    ),
];

/// The indicators a run knows, in catalogue order.
pub struct Catalogue {
    definitions: Vec<Definition>,
}

impl Catalogue {
    /// The built-in catalogue.
    pub fn built_in() -> Result<Catalogue> {
        let mut catalogue = Catalogue {
            definitions: Vec::new(),
        };
        for (name, text) in BUILT_IN {
            catalogue.add(text, &format!("indicators/{name}"))?;
        }
        Ok(catalogue)
    }

    /// Adds every `*.toml` in `dir`, in name order. A definition with the id of one already
    /// in the catalogue replaces it (to change a target or a policy interval locally).
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        for (text, file) in definition_files(dir, "indicator")? {
            self.add(&text, &file)?;
        }
        Ok(())
    }

    fn add(&mut self, text: &str, file: &str) -> Result<()> {
        let definition = Definition::parse(text).with_context(|| format!("in {file}"))?;
        match self.definitions.iter_mut().find(|d| d.id == definition.id) {
            Some(existing) => *existing = definition,
            None => self.definitions.push(definition),
        }
        Ok(())
    }

    /// The measures partner agencies return: the definitions of family `returned`, by id.
    pub fn measures(&self) -> BTreeMap<String, Measure> {
        self.definitions
            .iter()
            .filter_map(|d| match &d.rule {
                FamilyRule::Returned { agency, percent } => Some((
                    d.id.clone(),
                    Measure {
                        agency: agency.clone(),
                        percent: *percent,
                    },
                )),
                _ => None,
            })
            .collect()
    }

    /// All definitions, in catalogue order.
    pub fn definitions(&self) -> &[Definition] {
        &self.definitions
    }

    /// The definitions named in `only` (all when empty), in catalogue order; an unknown id is
    /// an error that lists the known ones.
    pub fn select(&self, only: &[String]) -> Result<Vec<&Definition>> {
        for id in only {
            if !self.definitions.iter().any(|d| &d.id == id) {
                let known: Vec<&str> = self.definitions.iter().map(|d| d.id.as_str()).collect();
                bail!("`{id}` is not an indicator; known: {}", known.join(", "));
            }
        }
        Ok(self
            .definitions
            .iter()
            .filter(|d| only.is_empty() || only.contains(&d.id))
            .collect())
    }

    /// The definition with `id`.
    pub fn get(&self, id: &str) -> Result<&Definition> {
        Ok(self.select(&[id.to_string()])?[0])
    }
}

/// The text and path of every `*.toml` in `dir` (a folder of `what` definitions), in name
/// order.
pub(crate) fn definition_files(dir: &Path, what: &str) -> Result<Vec<(String, String)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {what} folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok((text, path.display().to_string()))
        })
        .collect()
}

/// One warning per column that no file of its list has and that indicators of `catalogue`
/// use: which figures it leaves without a value, and which are computed without it. Lists
/// the data does not have at all are not reported (their figures say so).
pub fn absent_column_problems(catalogue: &Catalogue, dataset: &Dataset) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (&list, columns) in &dataset.columns {
        for column in list.columns() {
            if columns.contains(column.id) {
                continue;
            }
            let users = |uses: fn(&Definition) -> Vec<(ListKind, &str)>| -> Vec<&str> {
                catalogue
                    .definitions()
                    .iter()
                    .filter(|d| uses(d).contains(&(list, column.id)))
                    .map(|d| d.id.as_str())
                    .collect()
            };
            let (blank, without) = (
                users(Definition::needed_columns),
                users(Definition::refining_columns),
            );
            let mut effects = Vec::new();
            if !blank.is_empty() {
                effects.push(format!("{} no value", subject(&blank, "has", "have")));
            }
            if !without.is_empty() {
                effects.push(format!(
                    "{} computed without it",
                    subject(&without, "is", "are")
                ));
            }
            if effects.is_empty() {
                continue;
            }
            problems.push(Problem {
                column: Some(column.heading.to_string()),
                ..Problem::file(
                    &list.to_string(),
                    Rule::AbsentColumn,
                    format!(
                        "no file has the column `{}`, so {}; add it to the {} to compute them",
                        column.heading,
                        effects.join(" and "),
                        if list.is_register() {
                            "files"
                        } else {
                            "extracts"
                        }
                    ),
                )
            });
        }
    }
    problems
}

/// The indicators `ids` as the subject of a verb in its singular or plural form: `a has`,
/// `a and b have`.
fn subject(ids: &[&str], singular: &str, plural: &str) -> String {
    let verb = if ids.len() == 1 { singular } else { plural };
    format!("{} {verb}", crate::render::and_list(ids))
}

/// What the engine needs besides the definitions.
pub struct Engine<'a> {
    pub dataset: &'a Dataset,
    pub calendar: &'a Calendar,
    pub population: &'a PopulationSource,
    /// Early help's lead organisations by group (`[early_help.organisations]`).
    pub organisations: &'a Groups,
}

/// One computed figure of one indicator, as reported (SPEC §7).
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorResult {
    /// The local authority (its folder's name) when several are computed in one run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub la: Option<String>,
    pub id: String,
    pub title: String,
    pub period: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub unit: Unit,
    /// Records left out, by reason.
    pub excluded: BTreeMap<String, u64>,
    /// The breakdown group, when broken down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip)]
    pub decimals: u8,
    #[serde(skip)]
    pub polarity: Polarity,
    /// How the figure was obtained, where that needs saying.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl<'a> Engine<'a> {
    /// The indicator's figure for `period`, or one figure per group of `by`. A breakdown that
    /// the indicator's list does not record gives no figures; data without the list, or
    /// without a column the indicator needs, gives one figure without a value and a note.
    pub fn evaluate(
        &self,
        definition: &Definition,
        period: &Period,
        by: Option<(Breakdown, AgeBands)>,
    ) -> Result<Vec<IndicatorResult>> {
        let every_age = matches!(by, Some((Breakdown::AgeBand, _)));
        let found = records::records(definition, period, self.dataset, self.calendar, every_age)
            .with_context(|| format!("computing {} for {period}", definition.id))?;
        let mut notes = found.notes;
        let population = if definition.family == Family::Rate {
            match self
                .population
                .for_financial_year(period.financial_year_of_end())
            {
                Ok(p) => Some(p as f64),
                Err(why) => {
                    notes.push(why.to_string());
                    None
                }
            }
        } else {
            None
        };
        let group = match by {
            Some((breakdown, bands)) => {
                let snapshot = definition.is_snapshot().then_some(period.end);
                let list = definition.list_kind();
                match breakdown.group(list, snapshot, bands, self.organisations)? {
                    Some(group) => Some(group),
                    None => return Ok(Vec::new()),
                }
            }
            None => None,
        };
        let figures = match found.frame {
            Some(frame) => aggregate::figures(definition, frame, group, population)
                .with_context(|| format!("computing {} for {period}", definition.id))?,
            // No records to compute from (the list, or a column it needs, is absent): one
            // figure without a value, broken down or not, so its note is seen.
            None => vec![Figure::default()],
        };
        Ok(figures
            .into_iter()
            .map(|figure| IndicatorResult {
                la: None,
                id: definition.id.clone(),
                title: definition.title.clone(),
                period: period.label.clone(),
                value: figure.value,
                numerator: figure.numerator,
                denominator: figure.denominator,
                unit: definition.unit(),
                excluded: figure.excluded,
                group: figure.group,
                decimals: definition.decimals,
                polarity: definition.polarity,
                notes: notes.clone(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_definition_file_is_built_in_and_valid() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
        let catalogue = Catalogue::built_in().unwrap();
        for definition in catalogue.definitions() {
            assert_eq!(
                format!("{}.toml", definition.id),
                BUILT_IN
                    .iter()
                    .find(|(_, t)| t.contains(&format!("id = \"{}\"", definition.id)))
                    .unwrap()
                    .0
            );
        }
    }

    #[test]
    fn an_unknown_id_lists_the_known_ones() {
        let catalogue = Catalogue::built_in().unwrap();
        let error = catalogue.select(&["speed".into()]).unwrap_err().to_string();
        assert!(
            error.starts_with("`speed` is not an indicator; known: contacts, "),
            "{error}"
        );
    }
}
