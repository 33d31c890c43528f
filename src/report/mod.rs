//! Annual and quarterly reports: the figures of the benchmark, arranged as an annual report
//! arranges them, as Markdown, CSV tables, an Excel workbook, SVG charts, and one HTML
//! document for publication with the board's narrative around the figures.
//!
//! A report is built whole in memory ([`Report`]), so it can be written atomically or
//! compared with a committed copy (`--check`) without touching the disk.

pub mod chart;
mod files;
pub mod html;
mod markdown;
pub mod narrative;
mod published;
pub mod table;
pub mod xlsx;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};

use crate::benchmark::reference::Reference;
use crate::benchmark::{self, Comparison, Settings};
use crate::dates::period::{year_label, Period};
use crate::indicators::breakdown::{AgeBands, Breakdown};
use crate::indicators::definition::{Definition, Polarity, Section, Unit};
use crate::indicators::table::{self as defined, TableDefinition, TableValue};
use crate::indicators::{Engine, IndicatorResult};
use crate::load::{Dataset, ListSummary};
use crate::model::ListKind;
use chart::{Bars, Chart, Trend};
use narrative::Narrative;
use published::Published;
use table::{Cell, ReportTable};

/// What a report covers.
#[derive(Clone, Debug)]
pub enum Scope {
    /// The financial year starting in this calendar year, against the year before.
    Year(i32),
    /// A quarter, against the quarter before and with the year to date.
    Quarter(Period),
}

/// Everything a report is built from.
pub struct Inputs<'a> {
    pub engine: Engine<'a>,
    pub definitions: Vec<&'a Definition>,
    pub reference: &'a Reference,
    pub settings: &'a Settings,
    pub scope: Scope,
    /// Disclosure control (SPEC §7).
    pub suppress: bool,
    /// The LA's name, for titles.
    pub la_name: String,
    /// The board's name, for the published document's title page and running header.
    pub board: String,
    /// The board's words for the published document's chapters.
    pub narrative: &'a Narrative,
    /// The tables defined as data (registers' cross-tabulations, a board's own).
    pub tables: &'a [TableDefinition],
    /// `lscb.toml`'s threshold below which an agency's attendance is flagged.
    pub attendance_threshold: Option<f64>,
    /// How the data was read, for the published document's notes.
    pub quality: Quality<'a>,
}

/// How every row was accounted for, what was wrong, and what optional columns are absent.
pub struct Quality<'a> {
    pub summaries: &'a [ListSummary],
    pub errors: usize,
    pub warnings: usize,
    /// One sentence per absent column an indicator uses, saying what it leaves blank.
    pub absent_columns: Vec<String>,
    /// One sentence per section left out because the data has none of its lists.
    pub sections_without_data: Vec<String>,
}

/// The definitions of the sections the data can speak to: a section is left out when the
/// data has none of the lists its indicators read (an LA that sends no Lists 8–11 gets no
/// empty chapter on children looked after). Returns the definitions kept and, for the
/// published notes, a sentence per section left out.
pub fn sections_with_data<'a>(
    definitions: Vec<&'a Definition>,
    dataset: &Dataset,
) -> (Vec<&'a Definition>, Vec<String>) {
    let mut left_out = Vec::new();
    let mut kept_sections = Vec::new();
    for section in Section::ALL {
        let lists: BTreeSet<ListKind> = definitions
            .iter()
            .filter(|d| d.section == section)
            .map(|d| d.list_kind())
            .collect();
        if lists.is_empty() {
            continue;
        }
        if lists.iter().any(|list| dataset.lists.contains_key(list)) {
            kept_sections.push(section);
        } else {
            let named: Vec<String> = lists.iter().map(ToString::to_string).collect();
            let named: Vec<&str> = named.iter().map(String::as_str).collect();
            left_out.push(format!(
                "{}: not reported, as the data has no {}.",
                section.title(),
                crate::render::or_list(&named)
            ));
        }
    }
    let kept = definitions
        .into_iter()
        .filter(|d| kept_sections.contains(&d.section))
        .collect();
    (kept, left_out)
}

/// A report's files, by path relative to its folder, and what the caller should be told.
#[derive(Debug, Default)]
pub struct Report {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Warnings for the user (a narrative file that names no chapter).
    pub warnings: Vec<String>,
}

/// The file that marks a folder as an lscb report.
pub const MAIN_FILE: &str = "report.md";

/// Builds the whole report in memory.
pub fn build(inputs: &Inputs) -> Result<Report> {
    let (period, quarter_of) = match &inputs.scope {
        Scope::Year(year) => (Period::financial_year(*year)?, None),
        Scope::Quarter(period) => (period.clone(), Some(period.clone())),
    };
    let comparisons = benchmark::compare_all(
        &inputs.engine,
        &inputs.definitions,
        &period,
        inputs.reference,
        inputs.settings,
    )?;
    let year_to_date = match &quarter_of {
        Some(quarter) => Some(year_to_date(inputs, quarter)?),
        None => None,
    };
    let mut tables = Vec::new();
    for section in Section::ALL {
        let rows: Vec<&Comparison> = comparisons
            .iter()
            .filter(|c| definition(inputs, &c.id).is_some_and(|d| d.section == section))
            .collect();
        if !rows.is_empty() {
            tables.push(section_table(
                inputs,
                section,
                &rows,
                &period,
                year_to_date.as_ref(),
            ));
        }
    }
    let section_count = tables.len();
    tables.extend(breakdown_tables(inputs, &period)?);
    tables.extend(defined_tables(inputs, &period)?);
    let charts = charts(inputs, &comparisons, &period)?;

    let title = match &inputs.scope {
        Scope::Year(_) => format!("Safeguarding children: annual performance report {period}"),
        Scope::Quarter(_) => {
            format!("Safeguarding children: quarterly performance report {period}")
        }
    };
    let mut report = Report::default();
    for table in &tables {
        report.files.insert(
            format!("tables/{}.csv", table.key),
            table.to_csv()?.into_bytes(),
        );
    }
    for (name, chart) in &charts {
        report
            .files
            .insert(format!("charts/{name}.svg"), chart.svg.clone().into_bytes());
    }
    let sheets: Vec<&ReportTable> = tables.iter().collect();
    report.files.insert(
        "report.xlsx".to_string(),
        xlsx::workbook(&sheets, &title, period.end)?,
    );
    let markdown = markdown::markdown(
        inputs,
        &title,
        &period,
        &tables[..section_count],
        &tables[section_count..],
        &comparisons,
        &charts,
    );
    report
        .files
        .insert(MAIN_FILE.to_string(), markdown.into_bytes());
    let published = Published {
        title: &title,
        period: &period,
        sections: &tables[..section_count],
        breakdowns: &tables[section_count..],
        comparisons: &comparisons,
        charts: &charts,
    };
    report
        .files
        .insert(HTML_FILE.to_string(), published.html(inputs).into_bytes());
    report.warnings = inputs.narrative.warnings();
    Ok(report)
}

/// The published document's file.
pub const HTML_FILE: &str = "report.html";

fn definition<'a>(inputs: &Inputs<'a>, id: &str) -> Option<&'a Definition> {
    inputs.definitions.iter().find(|d| d.id == id).copied()
}

fn year_to_date(inputs: &Inputs, quarter: &Period) -> Result<BTreeMap<String, IndicatorResult>> {
    let start_year = quarter.financial_year_of_end();
    let q = (1..=4)
        .find(|q| Period::quarter(start_year, *q).is_ok_and(|p| p.end == quarter.end))
        .with_context(|| format!("{quarter} is not a quarter"))?;
    let ytd = Period::year_to_date(start_year, q)?;
    let mut results = BTreeMap::new();
    for definition in &inputs.definitions {
        if let Some(result) = inputs.engine.evaluate(definition, &ytd, None)?.pop() {
            results.insert(definition.id.clone(), result);
        }
    }
    Ok(results)
}

fn figure(c: &Comparison, suppress: bool) -> Cell {
    Cell::figure(
        c.value,
        (c.numerator, c.denominator),
        c.unit,
        c.decimals,
        suppress,
    )
}

fn previous_figure(c: &Comparison, suppress: bool) -> Cell {
    Cell::figure(
        c.previous,
        (c.previous_numerator, c.previous_denominator),
        c.unit,
        c.decimals,
        suppress,
    )
}

fn word<T: serde::Serialize>(value: Option<T>) -> Cell {
    value.map_or(Cell::Empty, |v| {
        Cell::Text(crate::render::label(&v).replace('_', " "))
    })
}

fn section_table(
    inputs: &Inputs,
    section: Section,
    rows: &[&Comparison],
    period: &Period,
    year_to_date: Option<&BTreeMap<String, IndicatorResult>>,
) -> ReportTable {
    let sn = format!("SN {}", crate::render::label(&inputs.settings.sn_stat));
    let previous = period
        .previous()
        .map(|p| p.label)
        .unwrap_or_else(|_| "Previous".to_string());
    let mut headers = vec![
        "id".to_string(),
        "Indicator".to_string(),
        period.label.clone(),
        previous,
    ];
    if year_to_date.is_some() {
        headers.push("Year to date".to_string());
    }
    headers.extend(["Target", &sn, "England", "RAG", "Travel"].map(String::from));
    let mut table = ReportTable {
        key: section.key().to_string(),
        title: section.title().to_string(),
        headers,
        id_column: true,
        rows: Vec::new(),
        readings: Vec::new(),
    };
    for c in rows {
        let current = figure(c, inputs.suppress);
        let before = previous_figure(c, inputs.suppress);
        let sn_cell = Cell::published(c.sn, c.unit, c.decimals);
        let england = Cell::published(c.england, c.unit, c.decimals);
        table
            .readings
            .push(reading(c, &current, &before, &sn_cell, &england));
        let mut row = vec![
            Cell::Text(c.id.clone()),
            Cell::Text(c.title.clone()),
            current,
            before,
        ];
        if let Some(ytd) = year_to_date {
            row.push(
                ytd.get(&c.id)
                    .map_or(Cell::Empty, |r| figure_of(r, inputs.suppress)),
            );
        }
        // A rating or direction would say what a withheld figure is.
        let withheld = row[2] == Cell::Withheld;
        let rag = if withheld { None } else { c.rag };
        let direction = if withheld || row[3] == Cell::Withheld {
            None
        } else {
            c.direction
        };
        row.extend([
            Cell::published(c.target, c.unit, c.decimals),
            sn_cell,
            england,
            word(rag),
            word(direction),
        ]);
        table.rows.push(row);
    }
    table
}

/// One plain-English sentence from a row's figures, as shown (withheld figures stay
/// withheld): "ICPCs within 15 working days fell to 65.0% from 80.0%, below England (74.8%)
/// and statistical neighbours (85.7%)."
pub fn reading(
    c: &Comparison,
    current: &Cell,
    previous: &Cell,
    sn: &Cell,
    england: &Cell,
) -> String {
    let now = match current {
        Cell::Withheld => {
            return format!(
                "{}: withheld, as it rests on fewer than 6 records.",
                c.title
            )
        }
        Cell::Number { .. } => current.display(),
        _ => return format!("{}: no figure for {}.", c.title, c.period),
    };
    let mut text = match previous {
        Cell::Number { .. } if previous.display() == now => {
            format!("{} was unchanged at {now}", c.title)
        }
        Cell::Number { value, .. } => {
            let moved = if current.value() > Some(*value) {
                "rose"
            } else {
                "fell"
            };
            format!("{} {moved} to {now} from {}", c.title, previous.display())
        }
        _ => format!("{} was {now}", c.title),
    };
    let relation = |other: &Cell| -> Option<(&'static str, String)> {
        let shown = other.display();
        let word = match (current.value(), other.value()) {
            (_, None) => return None,
            _ if shown == now => "in line with",
            (Some(a), Some(b)) if a > b => "above",
            _ => "below",
        };
        Some((word, shown))
    };
    // A count is a local volume: England's is a national total and the neighbours' are other
    // authorities' sizes, so a count is not said to be above or below them (rates are).
    let (england, sn) = match c.unit {
        Unit::Count => (&Cell::Empty, &Cell::Empty),
        _ => (england, sn),
    };
    match (relation(england), relation(sn)) {
        (Some((a, e)), Some((b, s))) if a == b => {
            text.push_str(&format!(
                ", {a} England ({e}) and statistical neighbours ({s})"
            ));
        }
        (Some((a, e)), Some((b, s))) => {
            text.push_str(&format!(
                ", {a} England ({e}) but {b} statistical neighbours ({s})"
            ));
        }
        (Some((a, e)), None) => text.push_str(&format!(", {a} England ({e})")),
        (None, Some((b, s))) => text.push_str(&format!(", {b} statistical neighbours ({s})")),
        (None, None) => {}
    }
    text.push('.');
    text
}

/// Contacts by source with their conversion to referral; CP plans by category and age band.
fn breakdown_tables(inputs: &Inputs, period: &Period) -> Result<Vec<ReportTable>> {
    let by = |id: &str, breakdown: Breakdown| -> Result<Vec<IndicatorResult>> {
        match definition(inputs, id) {
            Some(d) => inputs
                .engine
                .evaluate(d, period, Some((breakdown, AgeBands::Dfe))),
            None => Ok(Vec::new()),
        }
    };
    let cell = |r: &IndicatorResult| figure_of(r, inputs.suppress);
    let mut tables = Vec::new();
    let contacts = by("contacts", Breakdown::Source)?;
    let converted = by("contact_referral_conversion", Breakdown::Source)?;
    if !contacts.is_empty() {
        let mut table = ReportTable {
            key: "contacts_by_source".to_string(),
            title: "Contacts by source".to_string(),
            headers: ["Source", "Contacts", "Referred"]
                .map(String::from)
                .to_vec(),
            id_column: false,
            rows: Vec::new(),
            readings: Vec::new(),
        };
        for r in &contacts {
            let conversion = converted
                .iter()
                .find(|c| c.group == r.group)
                .map_or(Cell::Empty, cell);
            table.rows.push(vec![
                Cell::Text(r.group.clone().unwrap_or_default()),
                cell(r),
                conversion,
            ]);
        }
        tables.push(table);
    }
    for (breakdown, key, title, heading) in [
        (
            Breakdown::Category,
            "cpp_by_category",
            "CP plans by category",
            "Category",
        ),
        (
            Breakdown::AgeBand,
            "cpp_by_age_band",
            "CP plans by age band",
            "Age band",
        ),
    ] {
        let results = by("cpp_open", breakdown)?;
        if results.is_empty() {
            continue;
        }
        tables.push(ReportTable {
            key: key.to_string(),
            title: title.to_string(),
            headers: vec![heading.to_string(), "Children".to_string()],
            id_column: false,
            rows: results
                .iter()
                .map(|r| vec![Cell::Text(r.group.clone().unwrap_or_default()), cell(r)])
                .collect(),
            readings: Vec::new(),
        });
    }
    tables.extend(lead_organisations(
        &by("eh_families_open", Breakdown::Organisation)?,
        inputs.suppress,
    ));
    Ok(tables)
}

/// The tables defined as data whose list the data has, computed for the period.
fn defined_tables(inputs: &Inputs, period: &Period) -> Result<Vec<ReportTable>> {
    let mut tables = Vec::new();
    for definition in inputs.tables {
        let threshold = inputs
            .attendance_threshold
            .filter(|_| definition.list_kind() == ListKind::Attendance);
        let Some(computed) =
            defined::compute(definition, period, inputs.engine.dataset, threshold)?
        else {
            continue;
        };
        let suppress = inputs.suppress && definition.suppress;
        let decimals = definition.decimals;
        let cell = |value: &TableValue| match value {
            TableValue::Text(text) => Cell::Text(text.clone()),
            TableValue::Number(n) => {
                Cell::figure(Some(*n), (Some(*n), None), Unit::Count, decimals, suppress)
            }
            TableValue::Percent { value, part, of } => {
                Cell::figure(*value, (Some(*part), Some(*of)), Unit::Percent, 1, suppress)
            }
        };
        tables.push(ReportTable {
            key: definition.key.clone(),
            title: format!("{} ({period})", definition.title),
            headers: computed.headers,
            id_column: false,
            rows: computed
                .rows
                .iter()
                .map(|row| row.iter().map(cell).collect())
                .collect(),
            readings: Vec::new(),
        });
    }
    Ok(tables)
}

/// Families receiving early help at the period end by lead organisation, with each one's
/// share of them all (SPEC §9: "open assessments led by schools 54%").
fn lead_organisations(results: &[IndicatorResult], suppress: bool) -> Option<ReportTable> {
    let total: f64 = results.iter().filter_map(|r| r.value).sum();
    if results.iter().all(|r| r.value.is_none()) {
        return None;
    }
    let rows = results
        .iter()
        .map(|r| {
            let count = r.value;
            vec![
                Cell::Text(r.group.clone().unwrap_or_default()),
                Cell::figure(count, (count, None), Unit::Count, 0, suppress),
                Cell::figure(
                    count.filter(|_| total > 0.0).map(|n| 100.0 * n / total),
                    (count, Some(total)),
                    Unit::Percent,
                    0,
                    suppress,
                ),
            ]
        })
        .collect();
    Some(ReportTable {
        key: "eh_by_organisation".to_string(),
        title: "Families receiving early help by lead organisation".to_string(),
        headers: ["Lead organisation", "Families", "Share"]
            .map(String::from)
            .to_vec(),
        id_column: false,
        rows,
        readings: Vec::new(),
    })
}

fn axis_label(unit: Unit) -> &'static str {
    match unit {
        Unit::Percent => "Per cent",
        Unit::Rate => "Per 10,000 children aged 0-17",
        Unit::Count => "Number",
        Unit::MedianWorkingDays => "Working days (median)",
        Unit::MeanDays => "Days (mean)",
    }
}

/// The eight quarters ending with the period's last quarter.
fn trend_quarters(period: &Period) -> Result<Vec<Period>> {
    let mut quarters = Vec::new();
    let last_year = period.financial_year_of_end();
    for year in [last_year - 2, last_year - 1, last_year] {
        for q in 1..=4 {
            let quarter = Period::quarter(year, q)?;
            if quarter.end <= period.end {
                quarters.push(quarter);
            }
        }
    }
    let keep = quarters.len().saturating_sub(8);
    Ok(quarters.split_off(keep))
}

/// A trend chart for each rated indicator; a neighbour chart for each with neighbours'
/// figures. Keyed by file stem.
fn charts(
    inputs: &Inputs,
    comparisons: &[Comparison],
    period: &Period,
) -> Result<BTreeMap<String, Chart>> {
    let quarters = trend_quarters(period)?;
    let mut charts = BTreeMap::new();
    for c in comparisons {
        let Some(definition) = definition(inputs, &c.id) else {
            continue;
        };
        if c.polarity != Polarity::Neutral {
            charts.insert(
                format!("{}_trend", c.id),
                trend(inputs, definition, c, &quarters)?.chart(),
            );
        }
        if let Some(bars) = neighbour_bars(inputs, definition, c) {
            charts.insert(format!("{}_neighbours", c.id), bars.chart());
        }
    }
    Ok(charts)
}

fn trend(
    inputs: &Inputs,
    definition: &Definition,
    c: &Comparison,
    quarters: &[Period],
) -> Result<Trend> {
    let mut points = Vec::new();
    let mut withheld = 0;
    for quarter in quarters {
        let value = if benchmark::covers(inputs.engine.dataset, definition.list_kind(), quarter)? {
            let result = inputs.engine.evaluate(definition, quarter, None)?.pop();
            match result.map(|r| figure_of(&r, inputs.suppress)) {
                Some(Cell::Withheld) => {
                    withheld += 1;
                    None
                }
                Some(cell) => cell.value(),
                None => None,
            }
        } else {
            None
        };
        points.push((quarter.label.clone(), value));
    }
    let mut england = Vec::new();
    if let Some(key) = &definition.benchmark {
        for (i, quarter) in quarters.iter().enumerate() {
            let year = quarter.financial_year_of_end();
            let Some(published) = inputs
                .reference
                .value(key, year, benchmark::import::ENGLAND)
            else {
                continue;
            };
            match england.last_mut() {
                Some((_, last, value)) if *value == published.value && *last + 1 == i => {
                    *last = i;
                }
                _ => england.push((i, i, published.value)),
            }
        }
    }
    let mut note = format!("{}, by quarter", inputs.la_name);
    if !england.is_empty() {
        note.push_str("; England: DfE published figure for each financial year");
    }
    if withheld > 0 {
        note.push_str("; quarters resting on fewer than 6 records are withheld");
    }
    Ok(Trend {
        title: c.title.clone(),
        area: inputs.la_name.clone(),
        y_label: axis_label(c.unit).to_string(),
        points,
        target: c.target,
        england,
        percent: c.unit == Unit::Percent,
        note,
    })
}

fn figure_of(r: &IndicatorResult, suppress: bool) -> Cell {
    Cell::figure(
        r.value,
        (r.numerator, r.denominator),
        r.unit,
        r.decimals,
        suppress,
    )
}

fn neighbour_bars(inputs: &Inputs, definition: &Definition, c: &Comparison) -> Option<Bars> {
    let key = definition.benchmark.as_ref()?;
    let year = c
        .benchmark_year
        .as_deref()
        .and_then(crate::dates::period::parse_year)?;
    let own = figure(c, inputs.suppress).value()?;
    let mut bars = vec![(inputs.la_name.clone(), own, true)];
    for neighbour in inputs.settings.model.neighbours_of(&inputs.settings.la) {
        if let Some(p) = inputs.reference.value(key, year, &neighbour.neighbour_code) {
            bars.push((p.area_name.clone(), p.value, false));
        }
    }
    if bars.len() < 2 {
        return None;
    }
    Some(Bars {
        title: c.title.clone(),
        x_label: axis_label(c.unit).to_string(),
        bars,
        england: c.england,
        percent: c.unit == Unit::Percent,
        note: format!(
            "Against statistical neighbours: {} {} from its extracts; neighbours and England: \
             DfE published {}",
            inputs.la_name,
            c.period,
            year_label(year)
        ),
    })
}

/// The extracts the figures come from: "8 quarterly extracts (2013-14_Q1 to 2014-15_Q4)".
fn extracts_read(inputs: &Inputs) -> String {
    let dataset = inputs.engine.dataset;
    let extracts = match (dataset.extracts.first(), dataset.extracts.last()) {
        (Some(first), Some(last)) => format!(
            "{} quarterly extracts ({} to {})",
            dataset.extracts.len(),
            first.name,
            last.name
        ),
        _ => "no extracts".to_string(),
    };
    let folders: Vec<&str> = dataset
        .registers
        .iter()
        .map(|folder| match folder.name.as_str() {
            crate::load::discover::RETURNS => "partner agencies' returns",
            _ => "the board's registers",
        })
        .collect();
    match dataset.registers.first() {
        Some(folder) => format!(
            "{extracts}, with {} as at {}",
            folders.join(" and "),
            folder.as_at.format("%-d %B %Y")
        ),
        None => extracts,
    }
}

/// The report's opening paragraphs: where the figures and comparators come from, and how to
/// read the ratings and withheld figures.
fn introduction(inputs: &Inputs, period: &Period) -> [String; 2] {
    let sources = format!(
        "{} (LA {}). Figures computed by lscb from the child-level Annex A lists in {}. \
         Comparators are DfE's published figures for {}: England, and the {} of the LA's \
         statistical neighbours in the {} model.",
        inputs.la_name,
        inputs.settings.la,
        extracts_read(inputs),
        year_label(period.financial_year_of_end()),
        crate::render::label(&inputs.settings.sn_stat),
        inputs.settings.model.name,
    );
    let reading = format!(
        "RAG: Green when on or better than both the target and England, Red when worse than \
         both, Amber otherwise. Travel is against the previous period. {}",
        suppression(inputs)
    );
    [sources, reading]
}

fn suppression(inputs: &Inputs) -> &'static str {
    if inputs.suppress {
        "Counts from 1 to 5, and rates and percentages resting on them, are withheld and \
         shown as c."
    } else {
        "Small numbers are not withheld: this report is not for publication."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_quarters_end_with_the_period() {
        let year: Period = "2014-15".parse().unwrap();
        let labels: Vec<String> = trend_quarters(&year)
            .unwrap()
            .into_iter()
            .map(|p| p.label)
            .collect();
        assert_eq!(labels.first().map(String::as_str), Some("2013-14 Q1"));
        assert_eq!(labels.len(), 8);
        let quarter: Period = "2014-15 Q2".parse().unwrap();
        let labels: Vec<String> = trend_quarters(&quarter)
            .unwrap()
            .into_iter()
            .map(|p| p.label)
            .collect();
        assert_eq!(labels.first().map(String::as_str), Some("2012-13 Q3"));
        assert_eq!(labels.last().map(String::as_str), Some("2014-15 Q2"));
        assert_eq!(labels.len(), 8);
    }
}
