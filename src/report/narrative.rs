//! The board's own words for the published report: one Markdown file per chapter in
//! `narrative/` in the data directory (`front_door.md`, `child_protection.md`, `foreword.md`,
//! …), placed in its chapter of `report.html` above the generated figures.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

/// The folder in the data directory holding the narrative (which loading passes over).
pub const FOLDER: &str = crate::load::discover::NARRATIVE;

/// The chapters of an annual report, in its order: file stem and heading. The foreword comes
/// before the chapters; the notes last.
pub const CHAPTERS: [(&str, &str); 14] = [
    ("foreword", "Foreword"),
    ("front_door", "Front door"),
    ("assessment", "Assessment"),
    ("children_in_need", "Children in need"),
    ("section_47", "Section 47 and conferences"),
    ("child_protection", "Child protection"),
    ("early_help", "Early help"),
    (
        "children_looked_after",
        "Children looked after and care leavers",
    ),
    ("adoption", "Adoption"),
    (
        "allegations",
        "Allegations against people who work with children",
    ),
    ("child_deaths", "Child deaths"),
    ("partner_agencies", "Partner agencies"),
    ("board", "The board's work"),
    ("notes", "Notes"),
];

/// The narrative found, by chapter, and the files that name no chapter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrative {
    texts: BTreeMap<String, String>,
    /// `.md` files whose name is no chapter's, which are not placed.
    pub unknown: Vec<String>,
}

impl Narrative {
    /// The Markdown for `chapter`, if the board wrote any.
    pub fn text(&self, chapter: &str) -> Option<&str> {
        self.texts.get(chapter).map(String::as_str)
    }

    /// A warning for each file that names no chapter, listing the chapters.
    pub fn warnings(&self) -> Vec<String> {
        let chapters: Vec<&str> = CHAPTERS.iter().map(|(key, _)| *key).collect();
        self.unknown
            .iter()
            .map(|name| {
                format!(
                    "{FOLDER}/{name} is not a chapter, so it is not in the report; name it after one of: {}",
                    chapters.join(", ")
                )
            })
            .collect()
    }
}

/// Reads `narrative/*.md` under the data directory `dir`; none when the folder is absent.
/// Files other than `.md` are passed over; a file that is not UTF-8 is an error naming it.
pub fn read(dir: &Path) -> Result<Narrative> {
    let folder = dir.join(FOLDER);
    let mut narrative = Narrative::default();
    if !folder.is_dir() {
        return Ok(narrative);
    }
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        })
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !CHAPTERS.iter().any(|(key, _)| *key == stem) {
            narrative.unknown.push(name);
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {} as UTF-8 text", path.display()))?;
        narrative.texts.insert(stem, text);
    }
    Ok(narrative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_by_chapter_and_unknown_names_warned() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("front_door.md"), "The front door *improved*.").unwrap();
        std::fs::write(folder.join("frontdoor.md"), "typo").unwrap();
        std::fs::write(folder.join("notes.txt"), "not Markdown").unwrap();
        let narrative = read(dir.path()).unwrap();
        assert_eq!(
            narrative.text("front_door"),
            Some("The front door *improved*.")
        );
        assert_eq!(narrative.text("assessment"), None);
        assert_eq!(narrative.unknown, ["frontdoor.md"]);
        assert!(narrative.warnings()[0].starts_with(
            "narrative/frontdoor.md is not a chapter, so it is not in the report; name it after one of: foreword, front_door, "
        ));
        assert_eq!(
            read(&dir.path().join("absent")).unwrap(),
            Narrative::default()
        );
    }
}
