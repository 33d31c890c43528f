//! Report tables as data: summaries and cross-tabulations of a list's or a register's records
//! in a period (SPEC §10: deaths by expected or unexpected × age band, attendance by agency ×
//! meeting, the budget by agency × line). Each is a definition file (`tables/*.toml`, and a
//! board's own in the folders `lscb.toml` names), one generic implementation computes them
//! all, and every total is computed from the records, never typed.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use polars::prelude::*;
use serde::Deserialize;

use super::definition::Condition;
use super::records::{all_of, counted, dated_in, derived_columns};
use crate::dates::period::{financial_year_start, year_label, Period};
use crate::load::decode::enums_as_text;
use crate::load::Dataset;
use crate::model::frame::{COUNTED, LATEST};
use crate::model::{ListKind, ValueKind};

/// The tables that ship with `lscb`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "lado_by_agency.toml",
        include_str!("../../tables/lado_by_agency.toml"),
    ),
    (
        "lado_by_sector.toml",
        include_str!("../../tables/lado_by_sector.toml"),
    ),
    (
        "lado_by_category.toml",
        include_str!("../../tables/lado_by_category.toml"),
    ),
    (
        "lado_by_outcome.toml",
        include_str!("../../tables/lado_by_outcome.toml"),
    ),
    (
        "deaths_by_age.toml",
        include_str!("../../tables/deaths_by_age.toml"),
    ),
    (
        "reviews_by_modifiable.toml",
        include_str!("../../tables/reviews_by_modifiable.toml"),
    ),
    (
        "reviews_by_category.toml",
        include_str!("../../tables/reviews_by_category.toml"),
    ),
    (
        "board_attendance.toml",
        include_str!("../../tables/board_attendance.toml"),
    ),
    (
        "training_by_type.toml",
        include_str!("../../tables/training_by_type.toml"),
    ),
    (
        "training_by_agency.toml",
        include_str!("../../tables/training_by_agency.toml"),
    ),
    (
        "budget_income.toml",
        include_str!("../../tables/budget_income.toml"),
    ),
    (
        "budget_expenditure.toml",
        include_str!("../../tables/budget_expenditure.toml"),
    ),
];

/// One table, as its file says it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDefinition {
    /// The file name stem of the table's CSV, and its name in `report.xlsx`.
    pub key: String,
    pub title: String,
    /// The chapter of the published report it belongs to (`allegations`, `board`, …).
    pub chapter: String,
    pub list: String,
    /// Records dated in the period by this column …
    pub date: Option<String>,
    /// … or whose financial year (`2014-15`) in this column is the period's.
    pub year: Option<String>,
    /// Only the records meeting every condition.
    #[serde(default)]
    pub cohort: Vec<Condition>,
    pub rows: Axis,
    /// A cross-tabulation's columns: each value of this column, with `values` holding one.
    pub columns: Option<Axis>,
    pub values: Vec<Value>,
    /// Each row's share of the columns whose cell shows `equals`, in a grid of `show`.
    pub rate: Option<Rate>,
    /// Counts of 1 to 5 withheld when the report applies disclosure control (SPEC §7); off
    /// for tables of money or of agencies' attendance, which count no people.
    #[serde(default = "yes")]
    pub suppress: bool,
    #[serde(default)]
    pub decimals: u8,
}

fn yes() -> bool {
    true
}

/// The column whose values label a table's rows or columns.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub column: String,
    pub heading: String,
    /// Values shown first, in this order, even when no record has them; others follow in
    /// alphabetical order.
    #[serde(default)]
    pub order: Vec<String>,
    /// The label of records with the column blank.
    #[serde(default = "not_recorded")]
    pub blank: String,
}

fn not_recorded() -> String {
    "Not recorded".to_string()
}

/// What a table's cells hold: exactly one of a count, a sum or a shown value.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Value {
    pub heading: String,
    /// `records`, or `distinct` (the list's unit: a child, an allegation, an event).
    pub count: Option<Counting>,
    /// A column summed.
    pub sum: Option<String>,
    /// A column whose value is shown as written (a grid of one record a cell).
    pub show: Option<String>,
    /// Also give each row's share of the total, in a column after it.
    #[serde(default)]
    pub share: bool,
    /// A shown value's label where a cell has no record or the value is blank.
    #[serde(default)]
    pub blank: String,
}

/// How a count counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    Records,
    Distinct,
}

/// A row's rate in a grid of shown values: the share of the columns whose cell is `equals`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub equals: String,
    pub heading: String,
    /// Rows below this percentage are flagged.
    pub flag_below: Option<f64>,
}

impl TableDefinition {
    /// Parses a table definition and checks it against the model.
    pub fn parse(text: &str) -> Result<TableDefinition> {
        let table: TableDefinition = toml::from_str(text)?;
        table.check()?;
        Ok(table)
    }

    /// The list or register the table reads.
    pub fn list_kind(&self) -> ListKind {
        ListKind::from_id(&self.list).unwrap_or(ListKind::Contacts)
    }

    fn check(&self) -> Result<()> {
        let list = ListKind::from_id(&self.list)
            .ok_or_else(|| anyhow!("list: `{}` is not a list or register", self.list))?;
        if self.key.is_empty()
            || !self
                .key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            bail!(
                "key: `{}` must be letters, digits and underscores",
                self.key
            );
        }
        let column = |key: &str, id: &str| -> Result<()> {
            if list.column(id).is_none() && !list.derived().contains(&id) {
                bail!("{key}: `{id}` is not a column of {list}");
            }
            Ok(())
        };
        match (&self.date, &self.year) {
            (Some(date), None) => column("date", date)?,
            (None, Some(year)) => column("year", year)?,
            _ => bail!("date, year: give one: the column dating a record in the period, or its financial year"),
        }
        column("rows.column", &self.rows.column)?;
        if let Some(columns) = &self.columns {
            column("columns.column", &columns.column)?;
            if self.values.len() != 1 {
                bail!("values: a table with `columns` has one value in each cell");
            }
        }
        if self.values.is_empty() {
            bail!("values: give at least one");
        }
        for value in &self.values {
            let given = [
                value.count.is_some(),
                value.sum.is_some(),
                value.show.is_some(),
            ];
            if given.iter().filter(|g| **g).count() != 1 {
                bail!(
                    "values: `{}` needs exactly one of count, sum and show",
                    value.heading
                );
            }
            if let Some(sum) = &value.sum {
                column("values.sum", sum)?;
                let numeric = list
                    .column(sum)
                    .is_some_and(|c| matches!(c.kind, ValueKind::Count | ValueKind::Amount));
                if !numeric {
                    bail!("values.sum: `{sum}` is not a column of numbers");
                }
            }
            if let Some(show) = &value.show {
                column("values.show", show)?;
                if self.columns.is_none() {
                    bail!("values.show: a shown value needs `columns` (a grid)");
                }
            }
        }
        if self.rate.is_some() && !self.values.iter().any(|v| v.show.is_some()) {
            bail!("rate: a rate is of a grid of shown values (`show`)");
        }
        super::definition::check_conditions(list, "cohort", &self.cohort)?;
        Ok(())
    }
}

/// The table definitions: the built-in ones and a board's own.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    definitions: Vec<TableDefinition>,
}

impl Tables {
    /// The tables that ship with `lscb`.
    pub fn built_in() -> Result<Tables> {
        let mut tables = Tables::default();
        for (name, text) in BUILT_IN {
            tables.add(text, &format!("tables/{name}"))?;
        }
        Ok(tables)
    }

    /// Adds every `*.toml` in `dir`, in name order; one with a built-in table's key replaces it.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        for (text, file) in super::definition_files(dir, "table")? {
            self.add(&text, &file)?;
        }
        Ok(())
    }

    fn add(&mut self, text: &str, file: &str) -> Result<()> {
        let table = TableDefinition::parse(text).with_context(|| format!("in {file}"))?;
        match self.definitions.iter_mut().find(|t| t.key == table.key) {
            Some(existing) => *existing = table,
            None => self.definitions.push(table),
        }
        Ok(())
    }

    pub fn definitions(&self) -> &[TableDefinition] {
        &self.definitions
    }
}

/// One cell of a computed table.
#[derive(Clone, Debug, PartialEq)]
pub enum TableValue {
    /// A count of people or records (withheld when small), or a sum.
    Number(f64),
    /// A percentage of `of`.
    Percent {
        value: Option<f64>,
        part: f64,
        of: f64,
    },
    Text(String),
}

/// A table computed for a period: its headings and rows (the first cell of each is its
/// label), the total row last.
#[derive(Clone, Debug, PartialEq)]
pub struct ComputedTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<TableValue>>,
}

/// The label of the total row and column.
pub const TOTAL: &str = "Total";

/// Computes `table` over the records of `period`; `None` when the data has no file of its
/// list. A `flag_below` from the caller (`lscb.toml`) replaces the definition's.
pub fn compute(
    table: &TableDefinition,
    period: &Period,
    dataset: &Dataset,
    flag_below: Option<f64>,
) -> Result<Option<ComputedTable>> {
    let list = table.list_kind();
    let Some(all) = dataset.lists.get(&list) else {
        return Ok(None);
    };
    let in_period = match (&table.date, &table.year) {
        (Some(date), _) => dated_in(date, period),
        (None, Some(year)) => col(year)
            .cast(DataType::String)
            .str()
            .strip_chars(lit(NULL))
            .eq(lit(year_label(financial_year_start(period.end)))),
        (None, None) => lit(false),
    };
    let records = all
        .clone()
        .lazy()
        .filter(col(LATEST))
        .with_columns(enums_as_text(all))
        .with_columns([counted(list, None, dataset)])
        .with_columns(derived_columns(list))
        .filter(
            in_period
                .and(all_of(&table.cohort, period))
                .fill_null(lit(false)),
        )
        .with_column(label(list, &table.rows).alias(ROW));
    let records = match &table.columns {
        Some(axis) => records.with_column(label(list, axis).alias(COLUMN)),
        None => records.with_column(lit(TOTAL).alias(COLUMN)),
    }
    .collect()?;
    let rows = ordered(&table.rows, &records, ROW)?;
    let computed = match &table.columns {
        Some(axis) => grid(
            table,
            &records,
            &rows,
            &ordered(axis, &records, COLUMN)?,
            flag_below,
        )?,
        None => summary(table, &records, &rows)?,
    };
    Ok(Some(computed))
}

const ROW: &str = "__row";
const COLUMN: &str = "__column";

/// An axis column as text labels: dates as `YYYY-MM-DD` (so they sort), blanks as the axis says.
fn label(list: ListKind, axis: &Axis) -> Expr {
    let is_date = list
        .column(&axis.column)
        .is_some_and(|c| c.kind == ValueKind::Date);
    let text = match is_date {
        true => col(&axis.column).dt().to_string("%Y-%m-%d"),
        false => col(&axis.column).cast(DataType::String),
    };
    text.fill_null(lit(axis.blank.as_str()))
}

/// The axis's labels: its `order` first, then the others the records have alphabetically,
/// the blank label last.
fn ordered(axis: &Axis, records: &DataFrame, name: &str) -> Result<Vec<String>> {
    let mut labels = axis.order.clone();
    let mut others: Vec<String> = records
        .column(name)?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .filter(|l| !labels.contains(l) && *l != axis.blank)
        .collect();
    others.sort();
    others.dedup();
    labels.extend(others);
    let blank_present = records
        .column(name)?
        .str()?
        .iter()
        .flatten()
        .any(|l| l == axis.blank);
    if blank_present && !labels.contains(&axis.blank) {
        labels.push(axis.blank.clone());
    }
    Ok(labels)
}

/// Each value's aggregate over `frame` grouped by `keys` (none: the whole), keyed by the
/// groups' labels joined with a tab.
fn aggregate(
    table: &TableDefinition,
    frame: &DataFrame,
    keys: &[&str],
) -> Result<BTreeMap<String, Vec<AnyValue<'static>>>> {
    let values: Vec<Expr> = table
        .values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let name = format!("__value{i}");
            match (&value.count, &value.sum, &value.show) {
                (Some(Counting::Distinct), _, _) => col(COUNTED).n_unique().cast(DataType::Float64),
                (Some(Counting::Records), _, _) => len().cast(DataType::Float64),
                (_, Some(sum), _) => col(sum).cast(DataType::Float64).sum(),
                (_, _, Some(show)) => col(show)
                    .cast(DataType::String)
                    .fill_null(lit(value.blank.as_str()))
                    .first(),
                _ => lit(NULL),
            }
            .alias(name)
        })
        .collect();
    let lazy = frame.clone().lazy();
    let grouped = match keys {
        [] => lazy.select(values).with_column(lit("").alias("__key")),
        _ => {
            let key = keys
                .iter()
                .map(|k| col(*k))
                .reduce(|a, b| a + lit("\t") + b)
                .unwrap_or(lit(""));
            lazy.group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
                .agg(values)
                .with_column(key.alias("__key"))
        }
    }
    .collect()?;
    let mut out = BTreeMap::new();
    let key_column = grouped.column("__key")?.str()?.clone();
    for row in 0..grouped.height() {
        let mut cells = Vec::new();
        for i in 0..table.values.len() {
            cells.push(
                grouped
                    .column(&format!("__value{i}"))?
                    .get(row)?
                    .into_static(),
            );
        }
        out.insert(key_column.get(row).unwrap_or("").to_string(), cells);
    }
    Ok(out)
}

fn number(value: Option<&AnyValue>) -> f64 {
    match value {
        Some(AnyValue::Float64(n)) => *n,
        _ => 0.0,
    }
}

/// A table of rows with one or more values each (and their shares), and a total row.
fn summary(table: &TableDefinition, records: &DataFrame, rows: &[String]) -> Result<ComputedTable> {
    let by_row = aggregate(table, records, &[ROW])?;
    let whole = aggregate(table, records, &[])?;
    let whole = whole.values().next().cloned().unwrap_or_default();
    let mut headers = vec![table.rows.heading.clone()];
    for value in &table.values {
        headers.push(value.heading.clone());
        if value.share {
            headers.push("Share".to_string());
        }
    }
    let line = |label: &str, cells: Option<&Vec<AnyValue<'static>>>| -> Vec<TableValue> {
        let mut line = vec![TableValue::Text(label.to_string())];
        for (i, value) in table.values.iter().enumerate() {
            let n = number(cells.and_then(|c| c.get(i)));
            line.push(TableValue::Number(n));
            if value.share {
                let of = number(whole.get(i));
                line.push(TableValue::Percent {
                    value: (of > 0.0).then(|| 100.0 * n / of),
                    part: n,
                    of,
                });
            }
        }
        line
    };
    let mut lines: Vec<Vec<TableValue>> = rows.iter().map(|r| line(r, by_row.get(r))).collect();
    lines.push(line(TOTAL, Some(&whole)));
    Ok(ComputedTable {
        headers,
        rows: lines,
    })
}

/// A cross-tabulation: rows × columns of one value, with totals; or a grid of shown values
/// with each row's rate.
fn grid(
    table: &TableDefinition,
    records: &DataFrame,
    rows: &[String],
    columns: &[String],
    flag_below: Option<f64>,
) -> Result<ComputedTable> {
    let cells = aggregate(table, records, &[ROW, COLUMN])?;
    let cell = |row: &str, column: &str| {
        cells
            .get(&format!("{row}\t{column}"))
            .and_then(|c| c.first())
            .cloned()
    };
    let mut headers = vec![table.rows.heading.clone()];
    headers.extend(columns.iter().cloned());
    if table.values[0].show.is_some() {
        return Ok(shown_grid(table, headers, rows, columns, &cell, flag_below));
    }
    headers.push(TOTAL.to_string());
    let by_row = aggregate(table, records, &[ROW])?;
    let by_column = aggregate(table, records, &[COLUMN])?;
    let whole = aggregate(table, records, &[])?;
    let first = |cells: Option<&Vec<AnyValue<'static>>>| number(cells.and_then(|c| c.first()));
    let mut lines = Vec::new();
    for row in rows {
        let mut line = vec![TableValue::Text(row.clone())];
        line.extend(
            columns
                .iter()
                .map(|c| TableValue::Number(number(cell(row, c).as_ref()))),
        );
        line.push(TableValue::Number(first(by_row.get(row))));
        lines.push(line);
    }
    let mut total = vec![TableValue::Text(TOTAL.to_string())];
    total.extend(
        columns
            .iter()
            .map(|c| TableValue::Number(first(by_column.get(c)))),
    );
    total.push(TableValue::Number(first(whole.values().next())));
    lines.push(total);
    Ok(ComputedTable {
        headers,
        rows: lines,
    })
}

/// A grid of each row's value in each column as written (the value's `blank` where there is
/// none), with each row's rate (the share of columns showing the rate's value), flagged below
/// a threshold, and the whole's rate.
fn shown_grid(
    table: &TableDefinition,
    mut headers: Vec<String>,
    rows: &[String],
    columns: &[String],
    cell: &dyn Fn(&str, &str) -> Option<AnyValue<'static>>,
    flag_below: Option<f64>,
) -> ComputedTable {
    let blank = &table.values[0].blank;
    let rate = table.rate.as_ref();
    let flag_below = flag_below.or(rate.and_then(|r| r.flag_below));
    if let Some(rate) = rate {
        headers.push(rate.heading.clone());
        if let Some(threshold) = flag_below {
            headers.push(format!(
                "Below {}%",
                crate::render::format_number(threshold, 0)
            ));
        }
    }
    let places = columns.len() as f64;
    let percent = |met: f64, of: f64| TableValue::Percent {
        value: (of > 0.0).then(|| 100.0 * met / of),
        part: met,
        of,
    };
    let mut lines = Vec::new();
    let mut met_all = 0.0;
    for row in rows {
        let mut line = vec![TableValue::Text(row.clone())];
        let mut met = 0.0;
        for column in columns {
            let text = match cell(row, column) {
                Some(AnyValue::String(s)) => s.to_string(),
                Some(AnyValue::StringOwned(s)) => s.to_string(),
                _ => blank.clone(),
            };
            if rate.is_some_and(|r| r.equals == text) {
                met += 1.0;
            }
            line.push(TableValue::Text(text));
        }
        if rate.is_some() {
            line.push(percent(met, places));
            if let Some(threshold) = flag_below {
                let below = places > 0.0 && 100.0 * met / places < threshold;
                line.push(TableValue::Text(if below { "Yes" } else { "" }.to_string()));
            }
        }
        met_all += met;
        lines.push(line);
    }
    if rate.is_some() {
        let mut line = vec![TableValue::Text(TOTAL.to_string())];
        line.extend(columns.iter().map(|_| TableValue::Text(String::new())));
        line.push(percent(met_all, places * rows.len() as f64));
        if flag_below.is_some() {
            line.push(TableValue::Text(String::new()));
        }
        lines.push(line);
    }
    ComputedTable {
        headers,
        rows: lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_tables_parse_and_match_the_folder() {
        let tables = Tables::built_in().unwrap();
        let mut on_disk: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tables"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".toml"))
                .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
        assert_eq!(tables.definitions().len(), BUILT_IN.len());
    }

    #[test]
    fn a_bad_definition_is_named_by_its_key() {
        let base = "key = \"t\"\ntitle = \"T\"\nchapter = \"board\"\nlist = \"training\"\ndate = \"event_date\"\n";
        let parse = |rest: &str| TableDefinition::parse(&format!("{base}{rest}"));
        parse("rows = { column = \"event_type\", heading = \"Type\" }\nvalues = [{ heading = \"Events\", count = \"distinct\" }]\n").unwrap();
        let error = parse("rows = { column = \"colour\", heading = \"C\" }\nvalues = [{ heading = \"E\", count = \"records\" }]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("rows.column: `colour` is not a column of Training register"),
            "{error}"
        );
        let error = parse("rows = { column = \"event_type\", heading = \"T\" }\nvalues = [{ heading = \"E\", sum = \"event_title\" }]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`event_title` is not a column of numbers"),
            "{error}"
        );
        let error = parse("rows = { column = \"event_type\", heading = \"T\" }\nvalues = [{ heading = \"E\", count = \"records\", sum = \"attendees\" }]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("exactly one of count, sum and show"),
            "{error}"
        );
    }
}
