//! Finding the extracts in a data directory and the as-at date each folder's name gives.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::problem::{Problem, Rule};

/// One quarterly extract: a folder of Annex A lists as at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extract {
    /// The folder name, as written.
    pub name: String,
    pub as_at: NaiveDate,
    /// The list files (CSV and workbooks) in the folder, sorted by name.
    pub files: Vec<PathBuf>,
}

/// The as-at date a folder name gives: `YYYY-MM-DD`, or `YYYY-YY_QN` for the last day of
/// quarter N of that financial year (`2014-15_Q1` = 2014-06-30).
pub fn as_at_date(name: &str) -> Option<NaiveDate> {
    if let Ok(date) = NaiveDate::parse_from_str(name, "%Y-%m-%d") {
        return Some(date);
    }
    let (year, quarter) = name.split_once(['_', ' '])?;
    let (start, end) = year.split_once('-')?;
    let start: i32 = start.parse().ok()?;
    let end: i32 = end.parse().ok()?;
    if start.to_string().len() != 4 || end != (start + 1) % 100 {
        return None;
    }
    let quarter: u32 = quarter.strip_prefix(['Q', 'q'])?.parse().ok()?;
    let (year, month, day) = match quarter {
        1 => (start, 6, 30),
        2 => (start, 9, 30),
        3 => (start, 12, 31),
        4 => (start + 1, 3, 31),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The folder of the board's narrative for the published report, beside the extracts.
pub const NARRATIVE: &str = "narrative";

/// The folder of the board's registers (SPEC §10), beside the extracts.
pub const REGISTERS: &str = "registers";

/// The folder of partner agencies' returns (SPEC §11), beside the extracts.
pub const RETURNS: &str = "returns";

/// Hidden entries, the configuration file and the narrative and registers folders sit beside
/// extracts without being extracts, so they are passed over without a warning.
fn passed_over_quietly(name: &str) -> bool {
    name.starts_with('.')
        || name == crate::config::FILE_NAME
        || name == NARRATIVE
        || name == REGISTERS
        || name == RETURNS
}

/// The data directory's `registers/` or `returns/` folder (`name`) as one source dated
/// `as_at`: its CSV files and workbooks in name order (a later file's version of a record
/// wins), with a warning for anything else in it; `None` when there is no such folder.
pub fn board_folder(
    dir: &Path,
    name: &str,
    as_at: NaiveDate,
) -> Result<(Option<Extract>, Vec<Problem>)> {
    let folder = dir.join(name);
    if !folder.is_dir() {
        return Ok((None, Vec::new()));
    }
    let mut problems = Vec::new();
    let files = files_to_read(&folder, name, &mut problems)?;
    let name = name.to_string();
    Ok((Some(Extract { name, as_at, files }), problems))
}

/// A folder holding one data directory per local authority (a regional or national run).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// Each LA's folder name and data directory, sorted by name.
    pub folders: Vec<(String, PathBuf)>,
    /// Entries that are neither an LA's data directory nor hidden, passed over.
    pub passed_over: Vec<String>,
}

/// The CSV files and workbooks in `folder` (named `name` in messages), in name order; anything
/// else in it, but hidden entries, is passed over with a warning.
fn files_to_read(folder: &Path, name: &str, problems: &mut Vec<Problem>) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for file in sorted_entries(folder)? {
        let file_name = file_name(&file);
        if file_name.starts_with('.') {
            continue;
        }
        if is_list_file(&file) {
            files.push(file);
        } else {
            let why = if file_name.starts_with("~$") {
                "an Excel lock file (the workbook is open), so not read"
            } else {
                "not a CSV file or an Excel workbook (.xlsx), so not read"
            };
            problems.push(Problem::file(
                &format!("{name}/{file_name}"),
                Rule::IgnoredPath,
                why,
            ));
        }
    }
    Ok(files)
}

/// The local authorities' data directories in `dir`, when it holds one folder of extracts
/// per LA instead of extracts of its own; `None` for an ordinary data directory (or one that
/// cannot be read, which [`discover`] reports).
pub fn areas(dir: &Path) -> Result<Option<Areas>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut areas = Areas::default();
    for entry in sorted_entries(dir)? {
        let name = file_name(&entry);
        if passed_over_quietly(&name) {
            continue;
        }
        if entry.is_dir() && as_at_date(&name).is_some() {
            return Ok(None);
        }
        let holds_extracts = entry.is_dir()
            && sorted_entries(&entry)?
                .iter()
                .any(|e| e.is_dir() && as_at_date(&file_name(e)).is_some());
        if holds_extracts {
            areas.folders.push((name, entry));
        } else {
            areas.passed_over.push(name);
        }
    }
    Ok((!areas.folders.is_empty()).then_some(areas))
}

/// The extracts under `dir`, oldest first, and warnings for anything that is passed over
/// (so nothing in the folder is ignored silently). Fails when `dir` cannot be read.
pub fn discover(dir: &Path) -> Result<(Vec<Extract>, Vec<Problem>)> {
    if !dir.is_dir() {
        bail!(
            "data directory {} does not exist or is not a folder",
            dir.display()
        );
    }
    let mut extracts = Vec::new();
    let mut problems = Vec::new();
    for entry in sorted_entries(dir)? {
        let name = file_name(&entry);
        if passed_over_quietly(&name) {
            continue;
        }
        if !entry.is_dir() {
            problems.push(Problem::file(
                &name,
                Rule::IgnoredPath,
                "not inside an extract folder, so not read",
            ));
            continue;
        }
        let Some(as_at) = as_at_date(&name) else {
            problems.push(Problem::file(
                &name,
                Rule::IgnoredPath,
                "folder name is not an as-at date (YYYY-MM-DD or YYYY-YY_QN), so not read",
            ));
            continue;
        };
        let files = files_to_read(&entry, &name, &mut problems)?;
        if files.is_empty() {
            problems.push(Problem::file(
                &name,
                Rule::IgnoredPath,
                "extract folder holds no CSV files or workbooks",
            ));
        }
        extracts.push(Extract { name, as_at, files });
    }
    if extracts.is_empty() {
        bail!("{}", no_extracts(dir)?);
    }
    extracts.sort_by(|a, b| (a.as_at, &a.name).cmp(&(b.as_at, &b.name)));
    Ok((extracts, problems))
}

/// Why `dir`, which holds no extract folder, is not a data directory, and what to do: it is
/// one extract itself, or holds list files directly, or folders not named by a date.
fn no_extracts(dir: &Path) -> Result<String> {
    const NAME_THEM: &str =
        "name each extract folder by its as-at date, e.g. `2024-01-31` or `2023-24_Q4`";
    let shown = dir.display();
    let entries: Vec<PathBuf> = sorted_entries(dir)?
        .into_iter()
        .filter(|entry| !passed_over_quietly(&file_name(entry)))
        .collect();
    let named = |paths: Vec<&PathBuf>| {
        let names: Vec<String> = paths.iter().take(5).map(|p| file_name(p)).collect();
        let more = paths.len().saturating_sub(names.len());
        let mut listed = names.join(", ");
        if more > 0 {
            listed.push_str(&format!(" and {more} more"));
        }
        listed
    };
    let lists: Vec<&PathBuf> = entries.iter().filter(|e| is_list_file(e)).collect();
    let folders: Vec<&PathBuf> = entries.iter().filter(|e| e.is_dir()).collect();
    let own_name = dir
        .canonicalize()
        .map(|d| file_name(&d))
        .unwrap_or_else(|_| file_name(dir));
    Ok(if !lists.is_empty() && as_at_date(&own_name).is_some() {
        format!(
            "`{shown}` looks like one extract (it holds {}): pass its parent folder, which holds one folder per extract",
            named(lists)
        )
    } else if !lists.is_empty() {
        format!(
            "`{shown}` holds list files directly ({}), not extract folders: put each extract's files in a folder inside it, and {NAME_THEM}",
            named(lists)
        )
    } else if !folders.is_empty() {
        format!(
            "no folder in `{shown}` is named by an as-at date ({}): {NAME_THEM}",
            named(folders)
        )
    } else {
        format!(
            "`{shown}` holds no extract folders: {NAME_THEM}, each holding that extract's lists"
        )
    })
}

/// Whether `path` is a file `lscb` reads as lists: a CSV file or an Excel workbook.
fn is_list_file(path: &Path) -> bool {
    let name = file_name(path);
    path.is_file()
        && !name.starts_with("~$")
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("xlsx"))
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read folder {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .with_context(|| format!("cannot read folder {}", dir.display()))?;
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn quarter_folders_end_on_the_quarter_last_day() {
        assert_eq!(as_at_date("2014-15_Q1"), d(2014, 6, 30));
        assert_eq!(as_at_date("2014-15_Q2"), d(2014, 9, 30));
        assert_eq!(as_at_date("2014-15_Q3"), d(2014, 12, 31));
        assert_eq!(as_at_date("2014-15_Q4"), d(2015, 3, 31));
        assert_eq!(as_at_date("1999-00_Q4"), d(2000, 3, 31));
    }

    /// The error `discover` gives for a folder holding `files` (a trailing `/` makes a folder).
    fn wrong_folder(name: &str, files: &[&str]) -> String {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for file in files {
            match file.strip_suffix('/') {
                Some(folder) => std::fs::create_dir_all(dir.join(folder)).unwrap(),
                None => std::fs::write(dir.join(file), "x").unwrap(),
            }
        }
        let error = discover(&dir).unwrap_err().to_string();
        error.replace(&dir.display().to_string(), "DIR")
    }

    #[test]
    fn a_folder_without_extracts_is_an_error_that_says_what_to_do() {
        assert_eq!(
            wrong_folder("2024-01-31", &["annex_a.xlsx"]),
            "`DIR` looks like one extract (it holds annex_a.xlsx): pass its parent folder, which holds one folder per extract"
        );
        assert_eq!(
            wrong_folder("data", &["contacts.csv", "referrals.csv"]),
            "`DIR` holds list files directly (contacts.csv, referrals.csv), not extract folders: put each extract's files in a folder inside it, and name each extract folder by its as-at date, e.g. `2024-01-31` or `2023-24_Q4`"
        );
        assert_eq!(
            wrong_folder("data", &["Jan2024/", "Apr2024/", "lscb.toml"]),
            "no folder in `DIR` is named by an as-at date (Apr2024, Jan2024): name each extract folder by its as-at date, e.g. `2024-01-31` or `2023-24_Q4`"
        );
        assert_eq!(
            wrong_folder("data", &[]),
            "`DIR` holds no extract folders: name each extract folder by its as-at date, e.g. `2024-01-31` or `2023-24_Q4`, each holding that extract's lists"
        );
    }

    #[test]
    fn dated_folders_and_nonsense() {
        assert_eq!(as_at_date("2015-03-31"), d(2015, 3, 31));
        assert_eq!(as_at_date("2015-02-30"), None);
        assert_eq!(as_at_date("2014-16_Q1"), None);
        assert_eq!(as_at_date("2014-15_Q5"), None);
        assert_eq!(as_at_date("notes"), None);
    }
}
