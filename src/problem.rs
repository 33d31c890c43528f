//! Problems found in the input: what `lscb validate` lists and other commands summarise.

use std::fmt;

use serde::Serialize;

/// How serious a problem is. Errors exclude the row (or the affected indicator for that
/// record) and make `lscb validate` fail; warnings keep the data as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// The rule a problem breaks. Its id is stable: users filter and count by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Encoding,
    Windows1252,
    EmptyFile,
    MalformedCsv,
    RaggedRow,
    UnrecognisedFile,
    AmbiguousFile,
    MissingList,
    MissingColumn,
    DuplicateColumn,
    ExtraColumn,
    IgnoredPath,
    BlankChildId,
    MissingDate,
    BadDate,
    DateAfterExtract,
    BirthAfterEvent,
    EndBeforeStart,
    OutsideCalendar,
    BadNumber,
    UnknownCode,
    ConflictingDuplicate,
}

impl Rule {
    /// The rule's stable identifier, as printed.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Encoding => "encoding",
            Rule::Windows1252 => "windows-1252",
            Rule::EmptyFile => "empty-file",
            Rule::MalformedCsv => "malformed-csv",
            Rule::RaggedRow => "ragged-row",
            Rule::UnrecognisedFile => "unrecognised-file",
            Rule::AmbiguousFile => "ambiguous-file",
            Rule::MissingList => "missing-list",
            Rule::MissingColumn => "missing-column",
            Rule::DuplicateColumn => "duplicate-column",
            Rule::ExtraColumn => "extra-column",
            Rule::IgnoredPath => "ignored-path",
            Rule::BlankChildId => "blank-child-id",
            Rule::MissingDate => "missing-date",
            Rule::BadDate => "bad-date",
            Rule::DateAfterExtract => "date-after-extract",
            Rule::BirthAfterEvent => "birth-after-event",
            Rule::EndBeforeStart => "end-before-start",
            Rule::OutsideCalendar => "outside-calendar",
            Rule::BadNumber => "bad-number",
            Rule::UnknownCode => "unknown-code",
            Rule::ConflictingDuplicate => "conflicting-duplicate",
        }
    }

    /// The severity every problem of this rule has.
    pub fn severity(self) -> Severity {
        match self {
            Rule::ExtraColumn
            | Rule::IgnoredPath
            | Rule::UnknownCode
            | Rule::MissingList
            | Rule::RaggedRow
            | Rule::Windows1252 => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One problem, located as precisely as the input allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file (or folder), relative to the data directory.
    pub file: String,
    /// The 1-based line in the file (the header is line 1); absent for whole-file problems.
    pub line: Option<u64>,
    /// The column heading (canonical Annex A form) the problem is in.
    pub column: Option<String>,
    /// In a workbook: the sheet and cell (`List_3!C14`), the sheet and row (`List_3!14`), or
    /// the sheet alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    pub severity: Severity,
    pub rule: Rule,
    /// A plain-English description, saying what happened to the data.
    pub message: String,
}

impl Problem {
    /// A problem with the whole file or folder.
    pub fn file(file: &str, rule: Rule, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: None,
            column: None,
            cell: None,
            severity: rule.severity(),
            rule,
            message: message.into(),
        }
    }

    /// A problem at a line and column.
    pub fn at(
        file: &str,
        line: u64,
        column: Option<&str>,
        rule: Rule,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            line: Some(line),
            column: column.map(str::to_string),
            ..Problem::file(file, rule, message)
        }
    }

    /// Sort key: file, then line, then column, then rule, so output is deterministic.
    fn sort_key(&self) -> (&str, u64, &str, Rule, &str) {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.column.as_deref().unwrap_or(""),
            self.rule,
            &self.message,
        )
    }
}

/// Puts problems in file, line, column order.
pub fn sort(problems: &mut [Problem]) {
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts problems of each severity: `(errors, warnings)`.
pub fn count(problems: &[Problem]) -> (usize, usize) {
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    (errors, problems.len() - errors)
}
