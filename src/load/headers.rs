//! Recognising which Annex A list a file holds, from its header row.
//!
//! Headings are compared by their letters and digits alone, ignoring case, spaces,
//! underscores, quotes and other punctuation, and a byte-order mark (so `ChildUniqueID`,
//! `child_unique_id` and `Child Unique ID` are one heading), against the canonical Annex A
//! heading, the aliases the model knows and those from `lscb.toml`.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use crate::model::{ColumnSpec, ListKind, Presence};
use crate::problem::Rule;

/// Normalises a heading for comparison: its letters and digits, lower-cased. Other systems
/// write Annex A headings without spaces (`DateOfContact`, as the standard safeguarding
/// dataset's SQL names them) or with underscores.
pub fn normalise(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
    /// No list's identifying columns are all present; the closest list and what it lacks,
    /// and the file's headings that name no column of that list (of any list when none is
    /// close).
    NoList {
        closest: Option<(ListKind, Vec<&'static str>)>,
        unplaced: Vec<String>,
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

    /// A plain-English explanation, with how to map another system's headings.
    pub fn message(&self) -> String {
        match self {
            Unrecognised::NoList {
                closest: Some((list, lacking)),
                unplaced,
            } => {
                let mut message = format!(
                    "matches no Annex A list; the closest is {list}, but it lacks {}",
                    quote_list(lacking)
                );
                if !unplaced.is_empty() {
                    message.push_str(&format!(
                        "; headings not placed: {}",
                        quote_some(unplaced)
                    ));
                }
                if let (Some(wanted), Some(written)) = (lacking.first(), unplaced.first()) {
                    message.push_str(&alias_hint(wanted, written));
                }
                message
            }
            Unrecognised::NoList {
                closest: None,
                unplaced,
            } if !unplaced.is_empty() => format!(
                "matches no Annex A list: none of its headings ({}) is an Annex A heading{}",
                quote_some(unplaced),
                alias_hint("Child Unique ID", &unplaced[0])
            ),
            Unrecognised::NoList { closest: None, .. } => {
                "matches no Annex A list: no Annex A list headings found in the first rows"
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

/// How to tell `lscb` that `written` is another system's name for the heading `wanted`.
fn alias_hint(wanted: &str, written: &str) -> String {
    format!(
        "; if `{written}` is `{wanted}` under another name, add to lscb.toml: [aliases] \"{wanted}\" = [\"{written}\"]"
    )
}

/// The first eight of `headings` quoted, and `…` when there are more.
fn quote_some(headings: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut quoted = quote_list(&headings[..headings.len().min(SHOWN)]);
    if headings.len() > SHOWN {
        quoted.push_str(", …");
    }
    quoted
}

fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps a header row onto the one list whose identifying columns (the child ID and the list's
/// event date) it has.
pub fn recognise(raw_header: &[String], headings: &Headings) -> Result<HeaderMap, Unrecognised> {
    let header: Vec<String> = raw_header.iter().map(|h| normalise(h)).collect();
    let identifying = |list: ListKind| list.identifying();
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
        [] => {
            let closest = closest_list(&header, headings);
            let unplaced = unplaced(raw_header, &header, closest.as_ref().map(|c| c.0), headings);
            Err(Unrecognised::NoList { closest, unplaced })
        }
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

/// The file's headings (as written) that name no column of `list`, or of any list.
fn unplaced(
    raw_header: &[String],
    header: &[String],
    list: Option<ListKind>,
    headings: &Headings,
) -> Vec<String> {
    let lists = match list {
        Some(list) => vec![list],
        None => ListKind::ALL.to_vec(),
    };
    let placed = |position: usize| {
        lists.iter().any(|list| {
            list.columns()
                .into_iter()
                .any(|column| headings.find(header, column).contains(&position))
        })
    };
    raw_header
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.trim().is_empty() && !placed(*i))
        .map(|(_, h)| h.trim().to_string())
        .collect()
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
            let lacking = list
                .identifying()
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
        assert_eq!(normalise("\u{feff}  Child   Unique ID "), "childuniqueid");
        assert_eq!(normalise("Referral NFA?"), "referralnfa");
        assert_eq!(normalise("Referral NFA"), "referralnfa");
        assert_eq!(normalise("ChildUniqueID"), normalise("Child Unique ID"));
        assert_eq!(normalise("date_of_contact"), normalise("Date of Contact"));
        assert_eq!(
            normalise("Age of Child (Years)"),
            normalise("AgeOfChildYears")
        );
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
                )),
                unplaced: vec![],
            }
        );
    }

    #[test]
    fn headings_written_as_sql_names_are_recognised() {
        let header = strings(&[
            "ChildUniqueID",
            "Gender",
            "Ethnicity",
            "DateOfBirth",
            "Age",
            "DateOfContact",
            "ContactSource",
        ]);
        let map = recognise(&header, &Headings::default()).unwrap();
        assert_eq!(map.list, ListKind::Contacts);
        assert!(map.missing.is_empty() && map.extra.is_empty());
    }

    #[test]
    fn an_unrecognised_file_names_the_headings_not_placed_and_how_to_alias_them() {
        let header = strings(&["PersonID", "Gender", "ContactDate", "Contact Source"]);
        let error = recognise(&header, &Headings::default()).unwrap_err();
        assert_eq!(
            error.message(),
            "matches no Annex A list; the closest is List 1 (Contacts), but it lacks \
             `Child Unique ID`, `Date of Contact`; headings not placed: `PersonID`, \
             `ContactDate`; if `PersonID` is `Child Unique ID` under another name, add to \
             lscb.toml: [aliases] \"Child Unique ID\" = [\"PersonID\"]"
        );
    }

    #[test]
    fn no_two_columns_of_a_list_share_a_normalised_heading() {
        for list in ListKind::ALL {
            let mut seen = std::collections::BTreeSet::new();
            for column in list.columns() {
                for name in std::iter::once(column.heading).chain(column.aliases.iter().copied()) {
                    assert!(seen.insert(normalise(name)), "{list}: {name}");
                }
            }
        }
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
