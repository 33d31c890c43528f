//! Writing the generated journeys as quarterly Annex A extracts.
//!
//! Each extract shows what a case-management system would list at its as-at date: events of
//! the six months before it and everything still open, with dates after the as-at date left
//! blank (a plan's end, an assessment's authorisation), and the latest visit and review up to
//! it. Codes are written as Ofsted's template writes them (`a) Male`, `q) 6: Police`).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::generate::{S47Outcome, Status, World, PLANS};
use crate::dates::period::months_before;
use crate::model::{ColumnSpec, ListKind, Presence, ValueKind};

const GENDERS: [&str; 4] = [
    "a) Male",
    "b) Female",
    "c) Not stated/recorded",
    "d) Neither",
];
pub const ETHNICITY: [&str; 20] = [
    "a) WBRI", "b) WIRI", "c) WIRT", "d) WOTH", "e) WROM", "f) MWBC", "g) MWBA", "h) MWAS",
    "i) MOTH", "j) AIND", "k) APKN", "l) ABAN", "m) AOTH", "n) BCRB", "o) BAFR", "p) BOTH",
    "q) CHNE", "r) OOTH", "s) REFU", "t) NOBT",
];
pub const SOURCES: [&str; 21] = [
    "a) 1A: Individual",
    "b) 1B: Individual",
    "c) 1C: Individual",
    "d) 1D: Individual",
    "e) 2A: Schools",
    "f) 2B: Education services",
    "g) 3A: Health services",
    "h) 3B: Health services",
    "i) 3C: Health services",
    "j) 3D: Health services",
    "k) 3E: Health services",
    "l) 3F: Health services",
    "m) 4: Housing",
    "n) 5A: LA services",
    "o) 5B: LA services",
    "p) 5C: LA services",
    "q) 6: Police",
    "r) 7: Other legal agency",
    "s) 8: Other",
    "t) 9: Anonymous",
    "u) 10: Unknown",
];
const OUTCOMES: [&str; 4] = [
    "a) Referral to children's social care",
    "b) No further action",
    "c) Early help",
    "d) Advice and information",
];
const CATEGORIES: [&str; 5] = [
    "a) Neglect",
    "b) Physical abuse",
    "c) Sexual abuse",
    "d) Emotional abuse",
    "e) Multiple/not recommended",
];
const NEEDS: [&str; 9] = [
    "N1 - Abuse or neglect",
    "N2 - Child's disability",
    "N3 - Parental disability or illness",
    "N4 - Family in acute stress",
    "N5 - Family dysfunction",
    "N6 - Socially unacceptable behaviour",
    "N7 - Low income",
    "N8 - Absent parenting",
    "N0 - Not stated",
];
const LAC_TEAMS: [&str; 2] = ["Looked After Children 1", "Looked After Children 2"];
const TEAMS: [&str; 4] = [
    "Locality North",
    "Locality South",
    "Locality Central",
    "Locality East",
];

/// The folder name of the extract as at a quarter end: `2014-15_Q3`.
pub fn folder_name(as_at: NaiveDate) -> String {
    let start = crate::dates::period::financial_year_start(as_at);
    let quarter = match chrono::Datelike::month(&as_at) {
        4..=6 => 1,
        7..=9 => 2,
        10..=12 => 3,
        _ => 4,
    };
    format!("{start}-{:02}_Q{quarter}", (start + 1) % 100)
}

/// A date as Annex A writes it: `31/03/2015`.
pub(super) fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn shown(d: Option<NaiveDate>, as_at: NaiveDate) -> String {
    d.filter(|d| *d <= as_at).map(date).unwrap_or_default()
}

fn yes_no(answer: bool) -> String {
    if answer { "a) Yes" } else { "b) No" }.to_string()
}

fn worker(n: usize) -> String {
    format!("Worker {n:02}")
}

/// How extracts are written: a CSV file per list, or one Annex A workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExtractFormat {
    #[default]
    Csv,
    Xlsx,
}

/// A way real extracts differ from Ofsted's template, for testing `lscb` on the layouts local
/// authorities send (`--layout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Variant {
    /// Workbooks: headings in row 1, no title row above them.
    Row1,
    /// `Case Status` as the CIN list's heading (the template writes `Case status`).
    CaseStatus,
    /// No extension columns (`Contact Outcome`, `Referral Decision Date`, `CIN Plan Start
    /// Date`, …): Annex A's columns alone.
    Plain,
    /// Codes without Ofsted's letter prefix (`Male`, `6: Police`, `Neglect`).
    BareCodes,
    /// Ages in years with a fraction (`6.138261464750171`), as some systems compute them.
    FractionalAges,
    /// Lists 8–11 with headings only, no rows, as the template has them.
    #[value(name = "lists8-to11")]
    Lists8To11,
    /// A regional pooling sample: all of `row1`, `case-status`, `plain`, `fractional-ages`
    /// and `lists8-to11`.
    Pooled,
}

/// The variants an extract is written with; none is Ofsted's template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    variants: Vec<Variant>,
}

impl Layout {
    /// The layout with `variants` (`pooled` standing for its parts).
    pub fn new(variants: &[Variant]) -> Layout {
        let mut all = Vec::new();
        for variant in variants {
            match variant {
                Variant::Pooled => all.extend([
                    Variant::Row1,
                    Variant::CaseStatus,
                    Variant::Plain,
                    Variant::FractionalAges,
                    Variant::Lists8To11,
                ]),
                other => all.push(*other),
            }
        }
        all.sort();
        all.dedup();
        Layout { variants: all }
    }

    fn has(&self, variant: Variant) -> bool {
        self.variants.contains(&variant)
    }

    /// The heading written for `column`.
    fn heading(&self, column: &ColumnSpec) -> &'static str {
        match column.id {
            "case_status" if self.has(Variant::CaseStatus) => "Case Status",
            _ => column.heading,
        }
    }

    /// Whether `column` is written.
    fn writes(&self, column: &ColumnSpec) -> bool {
        column.presence == Presence::Required || !self.has(Variant::Plain)
    }

    /// A value as written in `column`: codes without their letter when asked.
    fn value<'a>(&self, column: &ColumnSpec, value: &'a str) -> &'a str {
        let coded = matches!(column.kind, ValueKind::Code(_) | ValueKind::YesNo);
        match value.split_once(") ") {
            Some((letter, code))
                if coded
                    && self.has(Variant::BareCodes)
                    && letter.len() <= 2
                    && letter.starts_with(|c: char| c.is_ascii_lowercase()) =>
            {
                code
            }
            _ => value,
        }
    }
}

/// A child's age in years at `as_at`, with its fraction when the layout asks for it.
fn age_text(dob: NaiveDate, as_at: NaiveDate, layout: &Layout) -> String {
    if layout.has(Variant::FractionalAges) && dob < as_at {
        let days = (as_at - dob).num_days() as f64;
        return (days / 365.25).to_string();
    }
    crate::synth::age_on(dob, as_at).to_string()
}

/// Writes every list of the extract as at `as_at` into `folder`.
pub fn write_extract(
    world: &World,
    as_at: NaiveDate,
    folder: &Path,
    format: ExtractFormat,
    layout: &Layout,
) -> Result<()> {
    let mut sink = Sink::new(format, layout);
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let since = months_before(as_at, 6);
    let child = |i: usize, disability: bool| -> Vec<String> {
        let c = &world.children[i];
        let mut row = vec![
            c.id.clone(),
            GENDERS[c.gender].to_string(),
            ETHNICITY[c.ethnicity].to_string(),
            date(c.dob),
            age_text(c.dob, as_at, layout),
        ];
        if disability {
            row.push(yes_no(c.disability));
        }
        row
    };
    let mut rows = Vec::new();
    for c in world
        .contacts
        .iter()
        .filter(|c| c.date > since && c.date <= as_at)
    {
        let mut row = child(c.child, false);
        row.extend([
            date(c.date),
            SOURCES[c.source].to_string(),
            OUTCOMES[c.outcome].to_string(),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "contacts.csv", ListKind::Contacts, &rows)?;

    rows.clear();
    // The assessments of the six months before, and the interventions open or ended in them.
    for e in world
        .early_help
        .iter()
        .filter(|e| e.start <= as_at && (e.start > since || e.end.is_none_or(|end| end > since)))
    {
        let ended = e.end.is_some_and(|end| end <= as_at);
        let mut row = child(e.child, false);
        row.extend([
            date(e.start),
            shown(e.end, as_at),
            e.organisation.clone(),
            e.id.clone(),
            e.family.clone(),
            if ended { e.end_reason } else { "" }.to_string(),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "early_help.csv", ListKind::EarlyHelp, &rows)?;

    rows.clear();
    for r in world
        .referrals
        .iter()
        .filter(|r| r.date > since && r.date <= as_at)
    {
        let mut row = child(r.child, false);
        row.extend([
            date(r.date),
            SOURCES[r.source].to_string(),
            yes_no(r.nfa),
            r.prior_12m.to_string(),
            TEAMS[r.team].to_string(),
            worker(r.worker),
            shown(Some(r.decision), as_at),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "referrals.csv", ListKind::Referrals, &rows)?;

    rows.clear();
    for a in world
        .assessments
        .iter()
        .filter(|a| a.start <= as_at && a.authorised > since)
    {
        let done = a.authorised <= as_at;
        let mut row = child(a.child, true);
        row.extend([
            date(a.start),
            "a) Yes".to_string(),
            shown(Some(a.authorised), as_at),
            if done {
                yes_no(a.needs_support)
            } else {
                String::new()
            },
            TEAMS[a.team].to_string(),
            worker(a.worker),
            a.timescale.map(|t| t.to_string()).unwrap_or_default(),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "assessments.csv", ListKind::Assessments, &rows)?;

    rows.clear();
    for s in world.s47s.iter().filter(|s| s.strategy <= as_at) {
        let decided = match s.outcome {
            S47Outcome::Icpc { date, .. } | S47Outcome::Unnecessary(date) => Some(date),
            S47Outcome::Awaiting => None,
        };
        if s.strategy <= since && decided.is_some_and(|d| d <= since) {
            continue;
        }
        let known = decided.is_some_and(|d| d <= as_at);
        let (unnecessary, icpc, plan) = match (s.outcome, known) {
            (S47Outcome::Icpc { date: d, plan }, true) => {
                ("b) No".to_string(), date(d), yes_no(plan))
            }
            (S47Outcome::Unnecessary(_), true) => {
                ("a) Yes".to_string(), String::new(), String::new())
            }
            _ => (String::new(), String::new(), String::new()),
        };
        let mut row = child(s.child, true);
        row.extend([
            date(s.strategy),
            unnecessary,
            icpc,
            plan,
            "0".to_string(),
            "0".to_string(),
            TEAMS[s.team].to_string(),
            worker(s.worker),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "s47.csv", ListKind::Section47, &rows)?;

    rows.clear();
    for (n, e) in world.episodes.iter().enumerate() {
        if e.start > as_at || e.closure.is_some_and(|c| c <= since) {
            continue;
        }
        let closed = e.closure.is_some_and(|c| c <= as_at);
        let status = match (closed, e.status) {
            (true, _) => "e) Closed episode",
            (false, Status::LookedAfter) => "a) Looked after child",
            (false, Status::ChildProtection) => "b) Child Protection plan",
            (false, Status::CinPlan) => "c) Child in need plan",
        };
        let seen_back =
            ((n * 7 + as_at.format("%j").to_string().parse::<usize>().unwrap_or(0)) % 25) as i64;
        let last_seen =
            e.closure.filter(|_| closed).unwrap_or(as_at) - chrono::Duration::days(seen_back);
        let review = e.reviews.iter().filter(|r| **r <= as_at).max().copied();
        let mut row = child(e.child, true);
        row.extend([
            date(e.start),
            NEEDS[e.need].to_string(),
            date(last_seen.max(e.start)),
            shown(e.closure, as_at),
            if closed {
                "RC7 - Services ceased for any other reason, including child no longer in need"
                    .to_string()
            } else {
                String::new()
            },
            status.to_string(),
            TEAMS[e.team].to_string(),
            worker(e.worker),
            shown(e.plan_start, as_at),
            review.map(date).unwrap_or_default(),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "cin.csv", ListKind::ChildrenInNeed, &rows)?;

    rows.clear();
    for p in world
        .plans
        .iter()
        .filter(|p| p.start <= as_at && p.end.is_none_or(|e| e > since))
    {
        let visit = p.visits.iter().filter(|v| **v <= as_at).max().copied();
        let review = p.reviews.iter().filter(|r| **r <= as_at).max().copied();
        let mut row = child(p.child, true);
        row.extend([
            date(p.start),
            CATEGORIES[p.initial].to_string(),
            CATEGORIES[p.latest].to_string(),
            visit.map(date).unwrap_or_default(),
            visit.map(|_| yes_no(true)).unwrap_or_default(),
            review.map(date).unwrap_or_default(),
            shown(p.end, as_at),
            "b) No".to_string(),
            p.previous.to_string(),
            TEAMS[p.team].to_string(),
            worker(p.worker),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "cp.csv", ListKind::ChildProtection, &rows)?;
    write_care(world, as_at, &mut sink, folder, &child)?;
    sink.finish(folder, as_at)
}

/// Writes Lists 8–11 of the extract as at `as_at` (SPEC §8.1): the periods of care open then
/// or ceased in the six months before; the care leavers aged 16 to 25 then; adoptions and
/// adopters active in the twelve months before. With the `lists8-to11` layout, headings only.
fn write_care(
    world: &World,
    as_at: NaiveDate,
    sink: &mut Sink,
    folder: &Path,
    child: &dyn Fn(usize, bool) -> Vec<String>,
) -> Result<()> {
    let care = &world.care;
    let headings_only = sink.layout.has(Variant::Lists8To11);
    let since = months_before(as_at, 6);
    let year_before = months_before(as_at, 12);
    let in_year = |d: &NaiveDate| *d > year_before && *d <= as_at;
    let mut rows = Vec::new();
    for p in care
        .periods
        .iter()
        .filter(|p| p.start <= as_at && p.ceased.is_none_or(|c| c > since))
        .filter(|_| !headings_only)
    {
        let at = p.ceased.filter(|c| *c <= as_at).unwrap_or(as_at);
        let latest = |dates: &[NaiveDate]| dates.iter().filter(|d| **d <= at).max().copied();
        let (legal_from, legal) = p
            .legal
            .iter()
            .rfind(|(from, _)| *from <= at)
            .copied()
            .unwrap_or((p.start, "V2"));
        let (placed, kind, provider, outside) = p
            .placements
            .iter()
            .rfind(|(from, ..)| *from <= at)
            .copied()
            .unwrap_or((p.start, "U4", "PR1", false));
        let placements = p
            .placements
            .iter()
            .filter(|(from, ..)| in_year(from))
            .count()
            + usize::from(p.start <= year_before);
        let missing = p.missing.iter().filter(|d| in_year(d)).count();
        let review = latest(&p.reviews);
        let mut row = child(p.child, true);
        row.extend([
            yes_no(p.uasc),
            date(p.start),
            NEEDS[p.need].to_string(),
            "b) No".to_string(),
            date(legal_from),
            legal.to_string(),
            review.map(date).unwrap_or_default(),
            latest(&p.visits).map(date).unwrap_or_default(),
            PLANS[p.plan].to_string(),
            review.map(date).unwrap_or_default(),
            latest(&p.health).map(date).unwrap_or_default(),
            latest(&p.dental).map(date).unwrap_or_default(),
            placements.to_string(),
            shown(p.ceased, as_at),
            if p.ceased.is_some_and(|c| c <= as_at) {
                p.reason.to_string()
            } else {
                String::new()
            },
            date(placed),
            kind.to_string(),
            provider.to_string(),
            String::new(),
            String::new(),
            if outside { "b) Out" } else { "a) In" }.to_string(),
            String::new(),
            missing.to_string(),
            "0".to_string(),
            if missing > 0 {
                yes_no(p.return_offered)
            } else {
                String::new()
            },
            if missing > 0 && p.return_offered {
                yes_no(p.return_accepted)
            } else {
                String::new()
            },
            LAC_TEAMS[p.team].to_string(),
            worker(p.worker),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "looked_after.csv", ListKind::LookedAfter, &rows)?;

    rows.clear();
    for l in care.leavers.iter().filter(|_| !headings_only) {
        let age = crate::synth::age_on(world.children[l.child].dob, as_at);
        if !(16..=25).contains(&age) {
            continue;
        }
        let eligibility = if age < 18 {
            "a) Relevant child"
        } else {
            "b) Former relevant child"
        };
        let mut row = child(l.child, true);
        row.extend([
            "Leaving Care".to_string(),
            worker(l.worker),
            eligibility.to_string(),
            l.in_touch.to_string(),
            l.accommodation.to_string(),
            if l.suitable {
                "a) Suitable"
            } else {
                "b) Unsuitable"
            }
            .to_string(),
            l.activity.to_string(),
            "b) No".to_string(),
            format!("Adviser {:02}", l.worker),
            date(as_at - chrono::Duration::days(l.pathway_every)),
            date(as_at - chrono::Duration::days(l.pathway_every % 30)),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "care_leavers.csv", ListKind::CareLeavers, &rows)?;

    rows.clear();
    for a in care.adoptions.iter().filter(|_| !headings_only) {
        let done = [a.order, a.reversed]
            .into_iter()
            .flatten()
            .any(|d| d <= year_before);
        if a.decision > as_at || done {
            continue;
        }
        let mut row = child(a.child, true);
        row.extend([
            a.family.clone().unwrap_or_default(),
            date(a.entered_care),
            date(a.decision),
            shown(a.placement_order, as_at),
            shown(a.matched, as_at),
            shown(a.placed, as_at),
            shown(a.order, as_at),
            shown(a.reversed, as_at),
            if a.reversed.is_some_and(|r| r <= as_at) {
                "RD3".to_string()
            } else {
                String::new()
            },
            shown(a.ffa, as_at),
        ]);
        rows.push(row);
    }
    sink.write_list(folder, "adoption.csv", ListKind::Adoption, &rows)?;

    rows.clear();
    for a in care.adopters.iter().filter(|_| !headings_only) {
        let ended = [a.order, a.left]
            .into_iter()
            .flatten()
            .any(|d| d <= year_before);
        if a.enquiry > as_at || ended {
            continue;
        }
        let placed = a.placed.filter(|d| *d <= as_at);
        rows.push(vec![
            a.id.clone(),
            a.family.clone(),
            GENDERS[a.gender].to_string(),
            ETHNICITY[a.ethnicity].to_string(),
            "b) No".to_string(),
            "b) No".to_string(),
            date(a.enquiry),
            shown(Some(a.stage1.0), as_at),
            shown(Some(a.stage1.1), as_at),
            shown(Some(a.stage2.0), as_at),
            shown(Some(a.stage2.1), as_at),
            shown(Some(a.stage2.0), as_at),
            shown(Some(a.approved), as_at),
            shown(a.matched, as_at),
            placed.map(date).unwrap_or_default(),
            if placed.is_some() { "1" } else { "" }.to_string(),
            shown(a.order, as_at),
            shown(a.left, as_at),
            if a.left.is_some_and(|l| l <= as_at) {
                "1".to_string()
            } else {
                String::new()
            },
        ]);
    }
    sink.write_list(folder, "adopters.csv", ListKind::Adopters, &rows)
}

/// Writes one list with its canonical Annex A headings, rows sorted for stable output.
/// The columns written for a list: all of Annex A's, less the optional contact and referral
/// IDs (records are then keyed as most extracts are, by child and date).
fn written_columns(list: ListKind) -> Vec<&'static ColumnSpec> {
    list.columns()
        .into_iter()
        .filter(|c| list != ListKind::Contacts || c.id != "contact_id")
        .filter(|c| list != ListKind::Referrals || c.id != "referral_id")
        .collect()
}

/// Where an extract's lists go: one CSV file each, or one sheet each of a workbook, in a
/// layout.
struct Sink<'a> {
    workbook: Option<Box<Workbook>>,
    layout: &'a Layout,
}

impl<'a> Sink<'a> {
    fn new(format: ExtractFormat, layout: &'a Layout) -> Sink<'a> {
        let workbook = match format {
            ExtractFormat::Csv => None,
            ExtractFormat::Xlsx => Some(Box::new(Workbook::new())),
        };
        Sink { workbook, layout }
    }

    fn write_list(
        &mut self,
        folder: &Path,
        name: &str,
        list: ListKind,
        rows: &[Vec<String>],
    ) -> Result<()> {
        let columns = written_columns(list);
        if let Some(row) = rows.iter().find(|r| r.len() != columns.len()) {
            anyhow::bail!(
                "internal error: a {list} row has {} fields for {} headings",
                row.len(),
                columns.len()
            );
        }
        let layout = self.layout;
        let kept: Vec<usize> = (0..columns.len())
            .filter(|&i| layout.writes(columns[i]))
            .collect();
        let headings: Vec<&str> = kept.iter().map(|&i| layout.heading(columns[i])).collect();
        let kinds: Vec<ValueKind> = kept.iter().map(|&i| columns[i].kind).collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|row| {
                kept.iter()
                    .map(|&i| layout.value(columns[i], &row[i]))
                    .collect()
            })
            .collect();
        match &mut self.workbook {
            None => write_csv(&folder.join(name), &headings, &rows),
            Some(workbook) => {
                let title = (!layout.has(Variant::Row1)).then(|| list.to_string());
                let sheet = format!("List_{}", list.number());
                write_sheet(workbook, &sheet, title, &headings, &kinds, &rows)
            }
        }
    }

    /// Saves the workbook, if any, as `annex_a.xlsx` (dated `as_at`, so the bytes are
    /// reproducible).
    fn finish(self, folder: &Path, as_at: NaiveDate) -> Result<()> {
        let Some(mut workbook) = self.workbook else {
            return Ok(());
        };
        let created = excel_date(as_at)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let path = folder.join(WORKBOOK);
        workbook
            .save(&path)
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

/// The workbook's file name in each extract folder.
pub const WORKBOOK: &str = "annex_a.xlsx";

/// Writes a CSV file of `headings` and `rows`.
pub(super) fn write_csv(path: &Path, headings: &[&str], rows: &[Vec<&str>]) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut writer = csv::WriterBuilder::new().from_writer(&mut out);
    writer.write_record(headings)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()?;
    drop(writer);
    out.flush()?;
    Ok(())
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        u16::try_from(date.year())?,
        u8::try_from(date.month())?,
        u8::try_from(date.day())?,
    )?)
}

/// A sheet as Ofsted's template lays it out: named `sheet`, a title row (unless `None`), the
/// headings, then the records, with dates as Excel dates and counts as numbers.
fn write_sheet(
    workbook: &mut Workbook,
    sheet: &str,
    title: Option<String>,
    headings: &[&str],
    kinds: &[ValueKind],
    rows: &[Vec<&str>],
) -> Result<()> {
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet)?;
    let header_row = u32::from(title.is_some());
    if let Some(title) = title {
        worksheet.write_string(0, 0, title)?;
    }
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    for (c, heading) in headings.iter().enumerate() {
        worksheet.write_string_with_format(header_row, u16::try_from(c)?, *heading, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r)? + header_row + 1;
        for (c, (value, kind)) in row.iter().zip(kinds).enumerate() {
            let c = u16::try_from(c)?;
            if value.is_empty() {
                continue;
            }
            match kind {
                ValueKind::Date => match NaiveDate::parse_from_str(value, "%d/%m/%Y") {
                    Ok(date) => {
                        worksheet.write_datetime_with_format(r, c, excel_date(date)?, &day)?;
                    }
                    Err(_) => {
                        worksheet.write_string(r, c, *value)?;
                    }
                },
                ValueKind::Count => match value.parse::<f64>() {
                    Ok(n) => {
                        worksheet.write_number(r, c, n)?;
                    }
                    Err(_) => {
                        worksheet.write_string(r, c, *value)?;
                    }
                },
                _ => {
                    worksheet.write_string(r, c, *value)?;
                }
            }
        }
    }
    worksheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}
