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
    ImplausibleBirth,
    EndBeforeStart,
    OutsideCalendar,
    BadNumber,
    FractionalAge,
    ExcelError,
    BlankValues,
    AbsentColumn,
    UnknownCode,
    ConflictingDuplicate,
    /// An attendance at a date that is not one of the board's meetings.
    UnknownMeeting,
    /// A budget contribution that is not its formula share of all contributions.
    FormulaShare,
    /// A partner return of a measure no definition names.
    UnknownMeasure,
    /// A partner return of a measure from another agency than its definition's.
    UnknownAgency,
    /// A period that does not parse.
    BadPeriod,
    /// A return without the figure its measure needs.
    MissingFigure,
    /// A numerator above its denominator.
    NumeratorAboveDenominator,
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
            Rule::ImplausibleBirth => "implausible-birth",
            Rule::EndBeforeStart => "end-before-start",
            Rule::OutsideCalendar => "outside-calendar",
            Rule::BadNumber => "bad-number",
            Rule::FractionalAge => "fractional-age",
            Rule::ExcelError => "excel-error",
            Rule::BlankValues => "blank-values",
            Rule::AbsentColumn => "absent-column",
            Rule::UnknownCode => "unknown-code",
            Rule::ConflictingDuplicate => "conflicting-duplicate",
            Rule::UnknownMeeting => "unknown-meeting",
            Rule::FormulaShare => "formula-share",
            Rule::UnknownMeasure => "unknown-measure",
            Rule::UnknownAgency => "unknown-agency",
            Rule::BadPeriod => "bad-period",
            Rule::MissingFigure => "missing-figure",
            Rule::NumeratorAboveDenominator => "numerator-above-denominator",
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
            | Rule::Windows1252
            | Rule::ImplausibleBirth
            | Rule::FractionalAge
            | Rule::ExcelError
            | Rule::BlankValues
            | Rule::AbsentColumn
            | Rule::FormulaShare => Severity::Warning,
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

    /// The workbook sheet the problem is on, from its cell reference (`List_3!C14`).
    fn sheet(&self) -> Option<&str> {
        let cell = self.cell.as_deref()?;
        Some(cell.split_once('!').map_or(cell, |(sheet, _)| sheet))
    }

    /// Sort key: file, then sheet (numbers in its name compared as numbers, so `List_2`
    /// comes before `List_10`), then line, then column, then rule, so output is in file
    /// order and deterministic.
    fn sort_key(&self) -> (&str, Vec<NamePart<'_>>, u64, &str, Rule, &str) {
        (
            &self.file,
            self.sheet().map(natural).unwrap_or_default(),
            self.line.unwrap_or(0),
            self.column.as_deref().unwrap_or(""),
            self.rule,
            &self.message,
        )
    }
}

/// A piece of a name for natural ordering: a run of digits as its number, or other text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum NamePart<'a> {
    Number(u64),
    Text(&'a str),
}

/// `List_10` as `List_`, 10: names ordered with their numbers as numbers.
fn natural(name: &str) -> Vec<NamePart<'_>> {
    let mut parts = Vec::new();
    let mut rest = name;
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (part, tail) = rest.split_at(end);
        parts.push(match part.parse() {
            Ok(number) if digits => NamePart::Number(number),
            _ => NamePart::Text(part),
        });
        rest = tail;
    }
    parts
}

/// Puts problems in file, sheet, line, column order.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, cell: Option<&str>, line: u64) -> Problem {
        Problem {
            cell: cell.map(str::to_string),
            ..Problem::at(file, line, None, Rule::BadDate, "x")
        }
    }

    #[test]
    fn problems_sort_by_file_then_sheet_then_row() {
        let mut problems = vec![
            at("b.xlsx", Some("List_10!A2"), 2),
            at("b.xlsx", Some("List_3!C9"), 9),
            at("b.xlsx", Some("List_1!B20"), 20),
            at("b.xlsx", Some("List_3!A4"), 4),
            at("a.csv", None, 7),
            at("b.xlsx", Some("List_1!B3"), 3),
        ];
        sort(&mut problems);
        let order: Vec<String> = problems
            .iter()
            .map(|p| p.cell.clone().unwrap_or(p.file.clone()))
            .collect();
        assert_eq!(
            order,
            [
                "a.csv",
                "List_1!B3",
                "List_1!B20",
                "List_3!A4",
                "List_3!C9",
                "List_10!A2"
            ]
        );
    }
}
