//! Recognising which Annex A list a file holds, from its header row.
//!
//! Headings are compared after normalisation (case, surrounding and repeated white space,
//! curly quotes and apostrophes, a trailing `?`, a byte-order mark), against the canonical
//! Annex A heading, the aliases the model knows and those from `lscb.toml`.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use crate::model::{ColumnSpec, ListKind, Presence};
use crate::problem::Rule;

/// Normalises a heading for comparison.
pub fn normalise(heading: &str) -> String {
    let straightened: String = heading
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
            c => c,
        })
        .collect();
    let folded = straightened
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    folded.trim_end_matches('?').trim_end().to_string()
}

/// Headings that name each column: the model's, plus the user's aliases.
#[derive(Clone, Debug, Default)]
pub struct Headings {
    /// Extra normalised headings, keyed by column id.
    extra: BTreeMap<&'static str, Vec<String>>,
}

impl Headings {
    /// Builds the heading table from `lscb.toml` aliases, keyed by canonical heading or column
    /// id. A key that names no column is an error.
    pub fn with_aliases(aliases: &BTreeMap<String, Vec<String>>) -> Result<Headings> {
        let mut extra: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for (key, names) in aliases {
            let wanted = normalise(key);
            let ids: Vec<&'static str> = ListKind::ALL
                .iter()
                .flat_map(|list| list.columns())
                .filter(|c| c.id == key || normalise(c.heading) == wanted)
                .map(|c| c.id)
                .collect();
            if ids.is_empty() {
                bail!("aliases: `{key}` is not an Annex A column heading or column id");
            }
            for id in ids {
                extra
                    .entry(id)
                    .or_default()
                    .extend(names.iter().map(|n| normalise(n)));
            }
        }
        Ok(Headings { extra })
    }

    fn names(&self, column: &ColumnSpec) -> impl Iterator<Item = String> + '_ {
        let own = std::iter::once(column.heading)
            .chain(column.aliases.iter().copied())
            .map(normalise);
        let extra = self.extra.get(column.id).into_iter().flatten().cloned();
        own.chain(extra)
    }

    /// Positions of the header cells naming `column`.
    fn find(&self, header: &[String], column: &ColumnSpec) -> Vec<usize> {
        let names: Vec<String> = self.names(column).collect();
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| names.contains(h))
            .map(|(i, _)| i)
            .collect()
    }
}

/// How a file's header row maps onto a list.
#[derive(Clone, Debug)]
pub struct HeaderMap {
    pub list: ListKind,
    /// For each column found: its position in the file.
    pub found: Vec<(&'static ColumnSpec, usize)>,
    /// Annex A columns of the list that the file lacks.
    pub missing: Vec<&'static ColumnSpec>,
    /// Columns named more than once: the spec and the positions after the first.
    pub repeated: Vec<(&'static ColumnSpec, Vec<usize>)>,
    /// Positions and headings of columns that belong to no column of the list.
    pub extra: Vec<(usize, String)>,
}

/// Why a header row could not be mapped to one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unrecognised {
    /// No list's identifying columns are all present; the closest list and what it lacks.
    NoList {
        closest: Option<(ListKind, Vec<&'static str>)>,
    },
    /// Several lists' identifying columns are present.
    SeveralLists(Vec<ListKind>),
}

impl Unrecognised {
    /// The rule the file breaks.
    pub fn rule(&self) -> Rule {
        match self {
            Unrecognised::NoList { .. } => Rule::UnrecognisedFile,
            Unrecognised::SeveralLists(_) => Rule::AmbiguousFile,
        }
    }

    /// A plain-English explanation.
    pub fn message(&self) -> String {
        match self {
            Unrecognised::NoList { closest: Some((list, lacking)) } => format!(
                "matches no Annex A list; the closest is {list}, but it lacks {}",
                quote_list(lacking)
            ),
            Unrecognised::NoList { closest: None } => {
                "matches no Annex A list: no Annex A list headings found in the first row"
                    .to_string()
            }
            Unrecognised::SeveralLists(lists) => format!(
                "has the identifying headings of several lists ({}); split it into one file per list",
                lists
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps a header row onto the one list whose identifying columns (the child ID and the list's
/// event date) it has.
pub fn recognise(raw_header: &[String], headings: &Headings) -> Result<HeaderMap, Unrecognised> {
    let header: Vec<String> = raw_header.iter().map(|h| normalise(h)).collect();
    let identifying = |list: ListKind| ["child_id", list.event_date()];
    let matching: Vec<ListKind> = ListKind::ALL
        .into_iter()
        .filter(|list| {
            identifying(*list).iter().all(|id| {
                list.column(id)
                    .is_some_and(|c| !headings.find(&header, c).is_empty())
            })
        })
        .collect();
    match matching.as_slice() {
        [list] => Ok(map_header(*list, &header, raw_header, headings)),
        [] => Err(Unrecognised::NoList {
            closest: closest_list(&header, headings),
        }),
        several => Err(Unrecognised::SeveralLists(several.to_vec())),
    }
}

fn map_header(
    list: ListKind,
    header: &[String],
    raw_header: &[String],
    headings: &Headings,
) -> HeaderMap {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut repeated = Vec::new();
    let mut used = vec![false; header.len()];
    for column in list.columns() {
        let positions = headings.find(header, column);
        for p in &positions {
            used[*p] = true;
        }
        match positions.split_first() {
            Some((first, rest)) => {
                found.push((column, *first));
                if !rest.is_empty() {
                    repeated.push((column, rest.to_vec()));
                }
            }
            None if column.presence == Presence::Required => missing.push(column),
            None => {}
        }
    }
    let extra = raw_header
        .iter()
        .enumerate()
        .filter(|(i, h)| !used[*i] && !h.trim().is_empty())
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    HeaderMap {
        list,
        found,
        missing,
        repeated,
        extra,
    }
}

/// The list sharing the most of its own (not the common child) headings with the file.
fn closest_list(header: &[String], headings: &Headings) -> Option<(ListKind, Vec<&'static str>)> {
    ListKind::ALL
        .into_iter()
        .map(|list| {
            let hits = list
                .own_columns()
                .iter()
                .filter(|c| !headings.find(header, c).is_empty())
                .count();
            (hits, list)
        })
        .filter(|(hits, _)| *hits > 0)
        .max_by_key(|(hits, list)| (*hits, std::cmp::Reverse(*list)))
        .map(|(_, list)| {
            let lacking = ["child_id", list.event_date()]
                .into_iter()
                .filter_map(|id| list.column(id))
                .filter(|c| headings.find(header, c).is_empty())
                .map(|c| c.heading)
                .collect();
            (list, lacking)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalisation_folds_case_space_quotes_and_question_marks() {
        assert_eq!(normalise("\u{feff}  Child   Unique ID "), "child unique id");
        assert_eq!(normalise("Referral NFA?"), "referral nfa");
        assert_eq!(normalise("Referral NFA"), "referral nfa");
        assert_eq!(
            normalise(
                "Was the child assessed as requiring LA children\u{2019}s social care support"
            ),
            normalise("Was the child assessed as requiring LA children's social care support")
        );
    }

    #[test]
    fn recognises_a_referral_header_in_any_spelling() {
        let header = strings(&[
            "CHILD UNIQUE ID",
            "gender",
            "Ethnicity",
            "Date  of Birth",
            "Age",
            "date of referral",
            "Referral Source",
            "Referral NFA",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
            "Notes",
        ]);
        let map = recognise(&header, &Headings::default()).unwrap();
        assert_eq!(map.list, ListKind::Referrals);
        assert!(map.missing.is_empty());
        assert_eq!(map.extra, vec![(11, "Notes".to_string())]);
    }

    #[test]
    fn aliases_from_config_identify_columns() {
        let mut aliases = BTreeMap::new();
        aliases.insert("Child Unique ID".to_string(), vec!["LCS ID".to_string()]);
        let headings = Headings::with_aliases(&aliases).unwrap();
        let map = recognise(&strings(&["LCS ID", "Date of Contact"]), &headings).unwrap();
        assert_eq!(map.list, ListKind::Contacts);
        let missing: Vec<_> = map.missing.iter().map(|c| c.id).collect();
        assert_eq!(
            missing,
            vec!["gender", "ethnicity", "dob", "age", "contact_source"]
        );
    }

    #[test]
    fn an_unknown_alias_key_is_an_error() {
        let mut aliases = BTreeMap::new();
        aliases.insert("Shoe size".to_string(), vec!["x".to_string()]);
        let error = Headings::with_aliases(&aliases).unwrap_err();
        assert!(error.to_string().contains("`Shoe size`"));
    }

    #[test]
    fn a_file_without_identifying_columns_names_the_closest_list() {
        let header = strings(&[
            "Child Unique ID",
            "Continuous Assessment Date of Authorisation",
        ]);
        let error = recognise(&header, &Headings::default()).unwrap_err();
        assert_eq!(
            error,
            Unrecognised::NoList {
                closest: Some((
                    ListKind::Assessments,
                    vec!["Continuous Assessment Start Date"]
                ))
            }
        );
    }

    #[test]
    fn a_file_with_two_lists_identifying_columns_is_ambiguous() {
        let header = strings(&["Child Unique ID", "Date of Contact", "Date of referral"]);
        let error = recognise(&header, &Headings::default()).unwrap_err();
        assert_eq!(
            error,
            Unrecognised::SeveralLists(vec![ListKind::Contacts, ListKind::Referrals])
        );
    }
}
