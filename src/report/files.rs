//! A report on disk: written atomically (a failed run leaves the previous report whole), and
//! compared with a committed copy (`--check`), naming each changed figure of a CSV table.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::{Report, MAIN_FILE};

impl Report {
    /// Writes the report into `out` atomically: into a new folder beside it, then swapped in,
    /// so a failed run leaves any previous report as it was. `out` must be new, empty, or a
    /// previous report.
    pub fn write(&self, out: &Path) -> Result<()> {
        if out.exists() && !is_replaceable(out)? {
            bail!(
                "{} holds files but no {MAIN_FILE}: not a report folder, so not replaced",
                out.display()
            );
        }
        let staging = sibling(out, "new")?;
        let old = sibling(out, "old")?;
        // A run stopped between the two renames below left the previous report aside.
        if !out.exists() && old.is_dir() {
            std::fs::rename(&old, out)
                .with_context(|| format!("cannot restore {}", out.display()))?;
        }
        for leftover in [&staging, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)
                    .with_context(|| format!("cannot remove {}", leftover.display()))?;
            }
        }
        for (path, bytes) in &self.files {
            let path = staging.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if out.exists() {
            std::fs::rename(out, &old)
                .with_context(|| format!("cannot move {} aside", out.display()))?;
        }
        std::fs::rename(&staging, out)
            .with_context(|| format!("cannot move the new report into {}", out.display()))?;
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }

    /// How the report in `out` differs from this one: one line per missing, extra or changed
    /// file, and for changed CSV tables one line per changed figure. Empty when they match.
    pub fn check(&self, out: &Path) -> Result<Vec<String>> {
        let mut differences = Vec::new();
        let on_disk = files_under(out)?;
        for (path, bytes) in &self.files {
            match std::fs::read(out.join(path)) {
                Err(_) => differences.push(format!("{path}: missing")),
                Ok(committed) if committed == *bytes => {}
                Ok(committed) if path.ends_with(".csv") => {
                    differences.extend(table_differences(path, &committed, bytes));
                }
                Ok(_) => differences.push(format!("{path}: differs")),
            }
        }
        for path in on_disk {
            if !self.files.contains_key(&path) {
                differences.push(format!("{path}: not part of the report"));
            }
        }
        Ok(differences)
    }
}

fn is_replaceable(out: &Path) -> Result<bool> {
    if !out.is_dir() {
        return Ok(false);
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    Ok(empty || out.join(MAIN_FILE).is_file())
}

fn sibling(out: &Path, what: &str) -> Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("{} is not a folder name", out.display()))?;
    Ok(out.with_file_name(format!(".{}.lscb-{what}", name.to_string_lossy())))
}

/// Every file under `dir`, as relative paths with `/`.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(_) if folder == dir => return Ok(found),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", folder.display())),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The figures that differ between two versions of a CSV table, by row key and column.
fn table_differences(path: &str, committed: &[u8], fresh: &[u8]) -> Vec<String> {
    let read = |bytes: &[u8]| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes)
            .records()
            .filter_map(|r| r.ok())
            .map(|r| r.iter().map(str::to_string).collect())
            .collect()
    };
    let (old, new) = (read(committed), read(fresh));
    let headers = new.first().cloned().unwrap_or_default();
    let mut differences = Vec::new();
    for fresh_row in new.iter().skip(1) {
        let key = fresh_row.first().cloned().unwrap_or_default();
        let Some(old_row) = old.iter().skip(1).find(|r| r.first() == Some(&key)) else {
            differences.push(format!("{path}: row {key} is new"));
            continue;
        };
        for (j, value) in fresh_row.iter().enumerate() {
            let was = old_row.get(j).cloned().unwrap_or_default();
            if was != *value {
                let column = headers
                    .get(j)
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", j + 1));
                differences.push(format!(
                    "{path}: {key}, {column}: committed `{was}`, regenerated `{value}`"
                ));
            }
        }
    }
    for old_row in old.iter().skip(1) {
        let key = old_row.first().cloned().unwrap_or_default();
        if !new.iter().skip(1).any(|r| r.first() == Some(&key)) {
            differences.push(format!("{path}: row {key} is no longer produced"));
        }
    }
    if differences.is_empty() {
        differences.push(format!("{path}: differs (layout)"));
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_figures_are_named_by_row_and_column() {
        let committed = b"id,Indicator,2014-15\nicpc_15wd,ICPCs,66.0\ncontacts,Contacts,10517\n";
        let fresh = b"id,Indicator,2014-15\nicpc_15wd,ICPCs,65.0\ncontacts,Contacts,10517\n";
        assert_eq!(
            table_differences("tables/x.csv", committed, fresh),
            vec!["tables/x.csv: icpc_15wd, 2014-15: committed `66.0`, regenerated `65.0`"]
        );
    }
}
