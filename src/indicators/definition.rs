//! Indicator definitions: what an `indicators/*.toml` file may say, and the checks that make
//! a wrong one fail at start with the file and key named.

use std::str::FromStr;

use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};

use crate::dates::Interval;
use crate::model::frame::COMPUTED;
use crate::model::{ListKind, ValueKind};

/// The generic implementation an indicator uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Records (or children) in the period or at its end.
    Count,
    /// A count per 10,000 children aged 0–17.
    Rate,
    /// The share of a cohort meeting a condition.
    Share,
    /// The share of events followed (or preceded) by a linked event of the same child.
    Conversion,
    /// The share of records whose working days between two dates are within a limit.
    Timeliness,
    /// The share of records whose latest date falls within an interval of the period end.
    Currency,
    /// The share of plans lasting at least a given time.
    Duration,
    /// The median working days between two dates.
    Median,
    /// The mean calendar days between two dates.
    Mean,
    /// The share of records whose statutory review is in timescale: a first review due within
    /// some working days of the start, later ones at intervals, the first of which is shorter.
    Review,
    /// The sum of a column over the records (a register's attendees), or with `over` the
    /// sum as a percentage of another's (evaluations saying practice will improve, of those
    /// returned).
    Total,
    /// A figure a partner agency returns (SPEC §11): its values, or numerators over
    /// denominators, for the period.
    Returned,
}

impl Family {
    /// The unit the family's figures are in.
    pub fn unit(self) -> Unit {
        match self {
            // A total with `over` is a percentage (`Definition::unit`).
            Family::Count | Family::Total | Family::Returned => Unit::Count,
            Family::Rate => Unit::Rate,
            Family::Median => Unit::MedianWorkingDays,
            Family::Mean => Unit::MeanDays,
            _ => Unit::Percent,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Family::Count => "count",
            Family::Rate => "rate",
            Family::Share => "share",
            Family::Conversion => "conversion",
            Family::Timeliness => "timeliness",
            Family::Currency => "currency",
            Family::Duration => "duration",
            Family::Median => "median",
            Family::Mean => "mean",
            Family::Review => "review",
            Family::Total => "total",
            Family::Returned => "returned",
        }
    }
}

/// Where an indicator sits in a report, in the order an annual report arranges them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    FrontDoor,
    Assessment,
    ChildrenInNeed,
    #[serde(rename = "section_47")]
    Section47,
    ChildProtection,
    EarlyHelp,
    /// Children looked after and care leavers.
    LookedAfter,
    Adoption,
    /// Allegations against people who work with children (the LADO's register).
    Allegations,
    /// Child deaths reviewed.
    ChildDeaths,
    /// Partner agencies' returned figures.
    PartnerAgencies,
    /// The board's own work: attendance, training.
    Board,
    /// Local indicators that name no section.
    Other,
}

impl Section {
    /// Every section, in report order.
    pub const ALL: [Section; 13] = [
        Section::FrontDoor,
        Section::Assessment,
        Section::ChildrenInNeed,
        Section::Section47,
        Section::ChildProtection,
        Section::EarlyHelp,
        Section::LookedAfter,
        Section::Adoption,
        Section::Allegations,
        Section::ChildDeaths,
        Section::PartnerAgencies,
        Section::Board,
        Section::Other,
    ];

    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            Section::FrontDoor => "Front door",
            Section::Assessment => "Assessment",
            Section::ChildrenInNeed => "Children in need",
            Section::Section47 => "Section 47 and conferences",
            Section::ChildProtection => "Child protection",
            Section::EarlyHelp => "Early help",
            Section::LookedAfter => "Children looked after and care leavers",
            Section::Adoption => "Adoption",
            Section::Allegations => "Allegations against people who work with children",
            Section::ChildDeaths => "Child deaths",
            Section::PartnerAgencies => "Partner agencies",
            Section::Board => "The board's work",
            Section::Other => "Other indicators",
        }
    }

    /// The section's file name stem: `front_door`.
    pub fn key(self) -> &'static str {
        match self {
            Section::FrontDoor => "front_door",
            Section::Assessment => "assessment",
            Section::ChildrenInNeed => "children_in_need",
            Section::Section47 => "section_47",
            Section::ChildProtection => "child_protection",
            Section::EarlyHelp => "early_help",
            Section::LookedAfter => "children_looked_after",
            Section::Adoption => "adoption",
            Section::Allegations => "allegations",
            Section::ChildDeaths => "child_deaths",
            Section::PartnerAgencies => "partner_agencies",
            Section::Board => "board",
            Section::Other => "other",
        }
    }
}

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Percent,
    /// Per 10,000 children aged 0–17.
    Rate,
    MedianWorkingDays,
    /// Calendar days, the mean.
    MeanDays,
}

/// Whether a higher or a lower figure is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Higher,
    Lower,
    /// Neither: a volume to watch, not a performance figure.
    Neutral,
}

/// One indicator, as its definition file says it: every key of every family, checked
/// ([`RawDefinition::check`]) before it becomes a [`Definition`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinition {
    pub id: String,
    pub title: String,
    /// One plain-English sentence saying exactly what is counted.
    pub definition: String,
    /// Where the definition comes from.
    pub source: String,
    pub family: Family,
    /// The list (by id) the indicator reads.
    pub list: String,
    pub polarity: Polarity,
    #[serde(default = "default_decimals")]
    pub decimals: u8,
    /// The local target, in the indicator's unit.
    pub target: Option<f64>,
    /// The key of the published benchmark this indicator compares with.
    pub benchmark: Option<String>,
    /// The report section it belongs to (default: other indicators).
    #[serde(default = "default_section")]
    pub section: Section,

    /// Activity indicators: the date that places a record in the period.
    pub date: Option<String>,
    /// Snapshot indicators: the records open at the period end.
    pub snapshot: Option<Snapshot>,
    /// Further conditions every record counted must meet.
    #[serde(default)]
    pub cohort: Vec<Condition>,
    /// Count distinct children rather than records (default: true for snapshots).
    pub distinct_children: Option<bool>,
    /// The ages at the period end the figure is of; broken down by age band, every age.
    pub ages: Option<Ages>,
    /// Count distinct values of a column (families) rather than children.
    pub count_by: Option<CountBy>,
    /// Only records with this linked event are in scope (a count of children stepped down).
    pub cohort_link: Option<Link>,

    /// share: the condition for the numerator.
    #[serde(default)]
    pub numerator: Vec<Condition>,
    /// share: records not meeting these are left out as "not answered".
    #[serde(default)]
    pub answered: Vec<Condition>,

    /// conversion: the linked event looked for.
    pub link: Option<Link>,
    /// conversion: a column that, where filled in, answers directly instead of the link.
    pub outcome: Option<Outcome>,
    /// conversion: conditions that count as a hit even without a linked event.
    #[serde(default)]
    pub or_when: Vec<Condition>,

    /// timeliness, median, duration, mean, review: the starting date.
    pub start: Option<String>,
    /// timeliness, median, duration: the ending date, or `period_end`.
    pub end: Option<String>,
    /// mean: the ending date, the earliest of these filled in.
    #[serde(default)]
    pub ends: Vec<String>,
    /// timeliness: the limit in working days.
    pub within_working_days: Option<u32>,
    /// timeliness: a column holding each record's own limit in working days.
    pub within_column: Option<String>,
    /// timeliness: a record without a start date fails rather than being left out.
    #[serde(default)]
    pub missing_start_fails: bool,
    /// timeliness, median: also show, as left out, records started in the period that have
    /// no end date by its end (open work, such as assessments not yet authorised).
    #[serde(default)]
    pub report_open: bool,
    /// duration: the shortest length that counts.
    pub at_least: Option<Interval>,
    /// duration: the longest length that counts (instead of `at_least`).
    pub at_most: Option<Interval>,

    /// currency: the dates whose latest must be recent enough.
    #[serde(default)]
    pub dates: Vec<String>,
    /// currency: how recent.
    pub within: Option<Interval>,
    /// currency: how the interval is applied.
    pub rule: Option<CurrencyRule>,
    /// currency: what applies when none of `dates` is filled in.
    pub fallback: Option<Fallback>,

    /// review: the date of the latest review.
    pub review: Option<String>,
    /// review: the first review is due within this many working days of the start.
    pub first_within_working_days: Option<u32>,
    /// review: the next after a first review is due within this interval of it.
    pub after_first: Option<Interval>,
    /// review: later reviews are due within this interval of the previous one.
    pub after_later: Option<Interval>,
    /// `total`: the column summed, and the column its sum is a percentage of.
    pub sum: Option<String>,
    pub over: Option<String>,
    /// `returned`: the agency returning the measure, and whether it is a `count` (a value)
    /// or a `percent` (a numerator and a denominator).
    pub agency: Option<String>,
    pub returned_as: Option<ReturnedAs>,
}

/// How a partner returns a measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnedAs {
    /// A value, summed over the returns of the period.
    Count,
    /// A numerator and a denominator, each summed.
    Percent,
}

fn default_section() -> Section {
    Section::Other
}

fn default_decimals() -> u8 {
    1
}

/// Records open at the period end: `start` on or before it, `end` blank or after it. Without
/// a `start` (a list of people rather than episodes, such as care leavers), every record of
/// the extract at the period end.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub start: Option<String>,
    pub end: Option<String>,
}

/// Ages in whole years at the period end, `from` to `to` inclusive: care leavers aged 19 to
/// 21, DfE's cohort, whose breakdown by age band shows 17–18 and 22–25 as well (SPEC §8.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ages {
    pub from: i32,
    pub to: i32,
}

/// What a distinct count counts instead of children: the values of `column` (a family
/// identifier), a record with it blank counting as its own child's. With `required = false`
/// a file without the column counts children, with a note, rather than giving no value.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountBy {
    pub column: String,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// A linked event of the same child, dated within `from`..=`to` of the record's date. With
/// `end`, the linked record is a span from `date` to `end` (open while `end` is blank), and
/// it is linked when the span overlaps that window: early help open at a referral, or ended
/// in the twelve months before it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub list: String,
    pub date: String,
    pub end: Option<String>,
    /// The earliest offset (unbounded when absent).
    pub from: Option<Interval>,
    /// The latest offset.
    pub to: Interval,
}

/// A column that answers a conversion directly where it is filled in.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub column: String,
    pub equals: String,
}

/// How a currency interval is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CurrencyRule {
    /// Current when the latest date is on or after the period end minus the interval.
    Lookback,
    /// Current when the period end is on or before the latest date plus the interval.
    Due,
}

/// The currency rule for records with none of the dates.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub date: String,
    pub within: Interval,
}

/// A condition on a column, with exactly one test; or `any`, true when any of its
/// conditions is.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub column: Option<String>,
    pub any: Option<Vec<Condition>>,
    pub equals: Option<String>,
    /// One of these values.
    pub one_of: Option<Vec<String>>,
    /// None of these values; a blank value is none of them.
    pub not_one_of: Option<Vec<String>>,
    pub is: Option<bool>,
    pub present: Option<bool>,
    pub greater_than: Option<i64>,
    pub less_than: Option<i64>,
    pub on_or_before: Option<DateRef>,
    pub on_or_after: Option<DateRef>,
}

/// A date relative to the period: `period_end`, `period_start`, optionally shifted:
/// `period_end - 24 months`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRef {
    pub anchor: Anchor,
    pub shift: Option<Interval>,
}

/// The period boundary a [`DateRef`] starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    PeriodStart,
    PeriodEnd,
}

impl FromStr for DateRef {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<DateRef> {
        let (anchor, rest) = if let Some(rest) = text.trim().strip_prefix("period_end") {
            (Anchor::PeriodEnd, rest)
        } else if let Some(rest) = text.trim().strip_prefix("period_start") {
            (Anchor::PeriodStart, rest)
        } else {
            bail!(
                "`{text}` is not a date reference: write `period_end` or `period_end - 24 months`"
            );
        };
        let rest = rest.trim();
        let shift = if rest.is_empty() {
            None
        } else if let Some(minus) = rest.strip_prefix('-') {
            Some(minus.trim().parse::<Interval>()?.negated())
        } else if let Some(plus) = rest.strip_prefix('+') {
            Some(plus.trim().parse()?)
        } else {
            bail!("`{text}` is not a date reference: the shift must start with + or -");
        };
        Ok(DateRef { anchor, shift })
    }
}

impl<'de> Deserialize<'de> for DateRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateRef, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The columns `conditions` test, `any` ones included, pushed onto `ids`.
fn condition_columns<'a>(conditions: &'a [Condition], ids: &mut Vec<&'a str>) {
    for condition in conditions {
        ids.extend(condition.column.as_deref());
        if let Some(any) = &condition.any {
            condition_columns(any, ids);
        }
    }
}

/// `items` without repeats, in the order they first come.
fn dedup_in_order<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept
}

/// The special value of `end` meaning the period's last day.
pub const PERIOD_END: &str = "period_end";

/// One indicator: what every family has, and its family's own parameters ([`Rule`]), so a
/// family's code can read only what its definition gives it.
#[derive(Clone, Debug)]
pub struct Definition {
    pub id: String,
    pub title: String,
    /// One plain-English sentence saying exactly what is counted.
    pub definition: String,
    /// Where the definition comes from.
    pub source: String,
    pub family: Family,
    /// The list (by id) the indicator reads.
    pub list: String,
    pub polarity: Polarity,
    pub decimals: u8,
    /// The local target, in the indicator's unit.
    pub target: Option<f64>,
    /// The key of the published benchmark this indicator compares with.
    pub benchmark: Option<String>,
    /// The report section it belongs to.
    pub section: Section,
    /// Activity indicators: the date that places a record in the period.
    pub date: Option<String>,
    /// Snapshot indicators: the records open at the period end.
    pub snapshot: Option<Snapshot>,
    /// Further conditions every record counted must meet.
    pub cohort: Vec<Condition>,
    /// Count distinct children rather than records (default: true for snapshots).
    pub distinct_children: Option<bool>,
    /// The ages at the period end the figure is of; broken down by age band, every age.
    pub ages: Option<Ages>,
    /// Count distinct values of a column (families) rather than children.
    pub count_by: Option<CountBy>,
    /// Only records with this linked event are in scope.
    pub cohort_link: Option<Link>,
    /// The family's parameters.
    pub rule: Rule,
}

/// A family's parameters, as its definition gives them.
#[derive(Clone, Debug)]
pub enum Rule {
    Count,
    Rate,
    /// The share of the cohort meeting `numerator`; records failing `answered` left out.
    Share {
        numerator: Vec<Condition>,
        answered: Vec<Condition>,
    },
    /// A linked event; an `outcome` column answering instead where filled in; `or_when`
    /// conditions also counting.
    Conversion {
        link: Link,
        outcome: Option<Outcome>,
        or_when: Vec<Condition>,
    },
    /// `wd(start, end)` within a limit.
    Timeliness {
        span: Span,
        limit: Limit,
        missing_start_fails: bool,
    },
    /// The latest of `dates` recent enough by `rule`, else `fallback`.
    Currency {
        dates: Vec<String>,
        within: Interval,
        rule: CurrencyRule,
        fallback: Option<Fallback>,
    },
    /// `end >= start + at_least`, or `end <= start + at_most`.
    Duration {
        span: Span,
        bound: Bound,
    },
    /// The median of `wd(start, end)`.
    Median {
        span: Span,
    },
    /// The mean calendar days from `start` to the earliest of `ends` filled in.
    Mean {
        start: String,
        ends: Vec<String>,
    },
    /// The statutory review in timescale at the period end: with no `review`, the period end
    /// within `first_within` working days of `start`; after a first review (one within
    /// `first_within` working days of the start), within `after_first` of it; otherwise
    /// within `after_later` of the latest review.
    Review {
        start: String,
        review: String,
        first_within: u32,
        after_first: Interval,
        after_later: Interval,
    },
    /// The sum of `sum`; with `over`, as a percentage of the sum of `over`.
    Total {
        sum: String,
        over: Option<String>,
    },
    /// The returns of the measure (the definition's id) from `agency` for the period.
    Returned {
        agency: String,
        percent: bool,
    },
}

/// The two dates a timeliness, median or duration figure measures between.
#[derive(Clone, Debug)]
pub struct Span {
    pub start: String,
    /// A column, or [`PERIOD_END`].
    pub end: String,
    /// Also show, as left out, records started in the period with no end by its end.
    pub report_open: bool,
}

/// The length a duration figure counts: at least or at most an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    AtLeast(Interval),
    AtMost(Interval),
}

/// A timeliness limit: a number of working days, or each record's own in a column.
#[derive(Clone, Debug)]
pub enum Limit {
    WorkingDays(u32),
    Column(String),
}

impl Definition {
    /// Parses a definition and checks it against the model: the list and every column must
    /// exist, and only the parameters of the family may be set.
    pub fn parse(text: &str) -> Result<Definition> {
        let raw: RawDefinition = toml::from_str(text)?;
        raw.check()?;
        raw.into_definition()
    }

    /// The list the indicator reads.
    pub fn list_kind(&self) -> ListKind {
        ListKind::from_id(&self.list).unwrap_or(ListKind::Contacts)
    }

    /// Whether the indicator is evaluated at the period end rather than over the period.
    pub fn is_snapshot(&self) -> bool {
        self.snapshot.is_some()
    }

    /// Whether counts are of distinct children (or of what `count_by` counts).
    pub fn counts_children(&self) -> bool {
        self.count_by.is_some() || self.distinct_children.unwrap_or(self.is_snapshot())
    }

    /// The date a record's links are measured from: its activity date, else the start of
    /// its snapshot span.
    pub fn link_date(&self) -> Option<&str> {
        self.date
            .as_deref()
            .or_else(|| self.snapshot.as_ref().and_then(|s| s.start.as_deref()))
    }

    pub fn unit(&self) -> Unit {
        match &self.rule {
            Rule::Total { over: Some(_), .. } | Rule::Returned { percent: true, .. } => {
                Unit::Percent
            }
            _ => self.family.unit(),
        }
    }

    /// The dates a timeliness, median or duration figure measures between.
    pub fn span(&self) -> Option<&Span> {
        match &self.rule {
            Rule::Timeliness { span, .. } | Rule::Median { span } | Rule::Duration { span, .. } => {
                Some(span)
            }
            _ => None,
        }
    }

    /// The dates a figure measures between or tests, start first, as drill-down shows them
    /// (`period_end` left out).
    pub fn measured_dates(&self) -> Vec<&str> {
        let dates: Vec<&str> = match &self.rule {
            Rule::Timeliness { span, .. } | Rule::Median { span } | Rule::Duration { span, .. } => {
                vec![&span.start, &span.end]
            }
            Rule::Mean { start, ends } => std::iter::once(start.as_str())
                .chain(ends.iter().map(String::as_str))
                .collect(),
            Rule::Review { start, review, .. } => vec![start, review],
            Rule::Currency {
                dates, fallback, ..
            } => dates
                .iter()
                .map(String::as_str)
                .chain(fallback.as_ref().map(|f| f.date.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        dates.into_iter().filter(|d| *d != PERIOD_END).collect()
    }

    /// The columns besides dates a figure reads from each record, as drill-down shows them: a
    /// total's summed columns; a return's period and figures.
    pub fn shown_values(&self) -> Vec<&str> {
        match &self.rule {
            Rule::Total { sum, over } => std::iter::once(sum.as_str())
                .chain(over.as_deref())
                .collect(),
            Rule::Returned { percent: true, .. } => vec!["period", "numerator", "denominator"],
            Rule::Returned { percent: false, .. } => vec!["period", "value"],
            _ => Vec::new(),
        }
    }

    /// The heading of the days a figure measures on each record, if it measures any.
    pub fn days_measured(&self) -> Option<&'static str> {
        match &self.rule {
            Rule::Timeliness { .. } | Rule::Median { .. } => Some("Working days"),
            Rule::Mean { .. } => Some("Days"),
            _ => None,
        }
    }

    /// The columns (with their lists) without which the figure cannot be computed: the dates
    /// that place and measure a record, the columns its conditions test, the linked event's
    /// date. Not those that only refine it ([`Definition::refining_columns`]).
    pub fn needed_columns(&self) -> Vec<(ListKind, &str)> {
        let list = self.list_kind();
        let mut ids: Vec<&str> = Vec::new();
        ids.extend(self.date.as_deref());
        if let Some(snapshot) = &self.snapshot {
            ids.extend(snapshot.start.as_deref());
            ids.extend(snapshot.end.as_deref());
        }
        condition_columns(&self.cohort, &mut ids);
        if let Some(count_by) = self.count_by.as_ref().filter(|c| c.required) {
            ids.push(&count_by.column);
        }
        let mut linked = Vec::new();
        if let Some(link) = &self.cohort_link {
            linked.extend(link_columns(link, list));
        }
        match &self.rule {
            Rule::Count | Rule::Rate => {}
            Rule::Share {
                numerator,
                answered,
            } => {
                condition_columns(numerator, &mut ids);
                condition_columns(answered, &mut ids);
            }
            Rule::Conversion { link, .. } => linked.extend(link_columns(link, list)),
            Rule::Timeliness { span, limit, .. } => {
                span_columns(span, &mut ids);
                if let Limit::Column(column) = limit {
                    ids.push(column);
                }
            }
            Rule::Median { span } | Rule::Duration { span, .. } => span_columns(span, &mut ids),
            Rule::Mean { start, ends } => {
                ids.push(start);
                ids.extend(ends.iter().map(String::as_str));
            }
            Rule::Review { start, review, .. } => ids.extend([start.as_str(), review.as_str()]),
            Rule::Total { sum, over } => {
                ids.push(sum);
                ids.extend(over.as_deref());
            }
            Rule::Returned { percent, .. } => ids.extend(match percent {
                true => ["numerator", "denominator"].as_slice(),
                false => ["value"].as_slice(),
            }),
            Rule::Currency {
                dates, fallback, ..
            } => {
                ids.extend(dates.iter().map(String::as_str));
                ids.extend(fallback.as_ref().map(|f| f.date.as_str()));
            }
        }
        let mut needed: Vec<(ListKind, &str)> = ids.into_iter().map(|id| (list, id)).collect();
        needed.extend(linked);
        dedup_in_order(needed)
    }

    /// The columns that refine the figure where filled in but are not needed for it: a
    /// conversion's `outcome` (else the link decides) and its `or_when` conditions (else only
    /// linked events count).
    pub fn refining_columns(&self) -> Vec<(ListKind, &str)> {
        let list = self.list_kind();
        let mut ids: Vec<&str> = Vec::new();
        if let Some(count_by) = self.count_by.as_ref().filter(|c| !c.required) {
            ids.push(&count_by.column);
        }
        if let Rule::Conversion {
            outcome, or_when, ..
        } = &self.rule
        {
            ids.extend(outcome.as_ref().map(|o| o.column.as_str()));
            condition_columns(or_when, &mut ids);
        }
        dedup_in_order(ids.into_iter().map(|id| (list, id)).collect())
    }
}

/// The linked list's columns a link reads: its date, and its span's end.
fn link_columns(link: &Link, list: ListKind) -> Vec<(ListKind, &str)> {
    let other = ListKind::from_id(&link.list).unwrap_or(list);
    std::iter::once(link.date.as_str())
        .chain(link.end.as_deref())
        .map(|id| (other, id))
        .collect()
}

/// A span's start and (unless the period end) end columns, pushed onto `ids`.
fn span_columns<'a>(span: &'a Span, ids: &mut Vec<&'a str>) {
    ids.push(&span.start);
    if span.end != PERIOD_END {
        ids.push(&span.end);
    }
}

impl RawDefinition {
    fn check(&self) -> Result<()> {
        let list = ListKind::from_id(&self.list).ok_or_else(|| {
            let known: Vec<&str> = ListKind::ALL.iter().map(|l| l.id()).collect();
            anyhow!(
                "list: `{}` is not a list; use one of {}",
                self.list,
                known.join(", ")
            )
        })?;
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            bail!("id: `{}` must be letters, digits and underscores", self.id);
        }
        let returned = self.family == Family::Returned;
        if returned != (list == ListKind::Returns) {
            bail!("list: the returned family, and it alone, reads `returns` (partner agencies' returns)");
        }
        match (&self.date, &self.snapshot) {
            (Some(_), Some(_)) => bail!("date, snapshot: give one, not both"),
            (None, None) if !returned => {
                bail!("date: give `date` (activity in the period) or `snapshot` (open at its end)")
            }
            (Some(_), _) | (_, Some(_)) if returned => {
                bail!("date, snapshot: a returned measure is of the period its return names")
            }
            _ => {}
        }
        let column = |key: &str, id: &str| check_column(list, key, id);
        if let Some(date) = &self.date {
            column("date", date)?;
        }
        if let Some(snapshot) = &self.snapshot {
            if let Some(start) = &snapshot.start {
                column("snapshot.start", start)?;
            }
            if let Some(end) = &snapshot.end {
                column("snapshot.end", end)?;
            }
        }
        if let Some(ages) = self.ages {
            if list.column("dob").is_none() || ages.from > ages.to {
                bail!("ages: give `from` up to `to`, on a list of children");
            }
        }
        check_conditions(list, "cohort", &self.cohort)?;
        check_conditions(list, "numerator", &self.numerator)?;
        check_conditions(list, "answered", &self.answered)?;
        check_conditions(list, "or_when", &self.or_when)?;
        self.check_family_parameters()?;
        if let Some(link) = &self.link {
            check_link("link", link)?;
        }
        if let Some(link) = &self.cohort_link {
            check_link("cohort_link", link)?;
        }
        let measured_from =
            self.date.is_some() || self.snapshot.as_ref().is_some_and(|s| s.start.is_some());
        for (key, given) in [
            ("link", self.link.is_some()),
            ("cohort_link", self.cohort_link.is_some()),
        ] {
            if given && !measured_from {
                bail!("{key}: a link is measured from `date` or the snapshot's `start`; give one");
            }
        }
        if let Some(count_by) = &self.count_by {
            column("count_by.column", &count_by.column)?;
        }
        if let Some(outcome) = &self.outcome {
            column("outcome.column", &outcome.column)?;
        }
        for (key, value) in [
            ("sum", &self.sum),
            ("over", &self.over),
            ("start", &self.start),
            ("within_column", &self.within_column),
            ("review", &self.review),
        ] {
            if let Some(id) = value {
                column(key, id)?;
            }
        }
        if let Some(end) = self.end.as_deref().filter(|e| *e != PERIOD_END) {
            column("end", end)?;
        }
        for date in &self.dates {
            column("dates", date)?;
        }
        for end in &self.ends {
            column("ends", end)?;
        }
        if let Some(fallback) = &self.fallback {
            column("fallback.date", &fallback.date)?;
        }
        Ok(())
    }

    /// Every family-specific parameter must belong to the family, and the family's required
    /// ones must be there.
    fn check_family_parameters(&self) -> Result<()> {
        let given: Vec<(&str, bool)> = vec![
            ("numerator", !self.numerator.is_empty()),
            ("answered", !self.answered.is_empty()),
            ("link", self.link.is_some()),
            ("outcome", self.outcome.is_some()),
            ("or_when", !self.or_when.is_empty()),
            ("start", self.start.is_some()),
            ("end", self.end.is_some()),
            ("within_working_days", self.within_working_days.is_some()),
            ("within_column", self.within_column.is_some()),
            ("missing_start_fails", self.missing_start_fails),
            ("report_open", self.report_open),
            ("at_least", self.at_least.is_some()),
            ("at_most", self.at_most.is_some()),
            ("dates", !self.dates.is_empty()),
            ("within", self.within.is_some()),
            ("rule", self.rule.is_some()),
            ("fallback", self.fallback.is_some()),
            ("ends", !self.ends.is_empty()),
            ("review", self.review.is_some()),
            (
                "first_within_working_days",
                self.first_within_working_days.is_some(),
            ),
            ("after_first", self.after_first.is_some()),
            ("after_later", self.after_later.is_some()),
            ("sum", self.sum.is_some()),
            ("over", self.over.is_some()),
            ("agency", self.agency.is_some()),
            ("returned_as", self.returned_as.is_some()),
        ];
        let (allowed, required): (&[&str], &[&str]) = match self.family {
            Family::Count | Family::Rate => (&[], &[]),
            Family::Share => (&["numerator", "answered"], &["numerator"]),
            Family::Conversion => (&["link", "outcome", "or_when"], &["link"]),
            Family::Timeliness => (
                &[
                    "start",
                    "end",
                    "within_working_days",
                    "within_column",
                    "missing_start_fails",
                    "report_open",
                ],
                &["start", "end"],
            ),
            Family::Currency => (
                &["dates", "within", "rule", "fallback"],
                &["dates", "within", "rule"],
            ),
            Family::Duration => (&["start", "end", "at_least", "at_most"], &["start", "end"]),
            Family::Median => (&["start", "end", "report_open"], &["start", "end"]),
            Family::Mean => (&["start", "ends"], &["start", "ends"]),
            Family::Review => {
                const REVIEW: &[&str] = &[
                    "start",
                    "review",
                    "first_within_working_days",
                    "after_first",
                    "after_later",
                ];
                (REVIEW, REVIEW)
            }
            Family::Total => (&["sum", "over"], &["sum"]),
            Family::Returned => (&["agency", "returned_as"], &["agency", "returned_as"]),
        };
        for (key, present) in &given {
            if *present && !allowed.contains(key) {
                bail!(
                    "{key}: not a parameter of the {} family",
                    self.family.name()
                );
            }
        }
        for key in required {
            if !given.iter().any(|(k, present)| k == key && *present) {
                bail!("{key}: the {} family needs it", self.family.name());
            }
        }
        if self.family == Family::Duration && self.at_least.is_some() == self.at_most.is_some() {
            bail!("at_least, at_most: the duration family needs exactly one");
        }
        if self.family == Family::Timeliness
            && self.within_working_days.is_some() == self.within_column.is_some()
        {
            bail!("within_working_days, within_column: the timeliness family needs exactly one");
        }
        Ok(())
    }
}

impl RawDefinition {
    /// The definition, checked, with its family's parameters typed. Fails only where
    /// [`RawDefinition::check`] would have (a required parameter absent).
    fn into_definition(self) -> Result<Definition> {
        let list = ListKind::from_id(&self.list).unwrap_or(ListKind::Contacts);
        let need = |key: &str| anyhow!("{key}: the {} family needs it", self.family.name());
        let span =
            |start: Option<String>, end: Option<String>, report_open: bool| -> Result<Span> {
                Ok(Span {
                    start: start.ok_or_else(|| need("start"))?,
                    end: end.ok_or_else(|| need("end"))?,
                    report_open,
                })
            };
        let rule = match self.family {
            Family::Count => Rule::Count,
            Family::Rate => Rule::Rate,
            Family::Share => Rule::Share {
                numerator: self.numerator,
                answered: self.answered,
            },
            Family::Conversion => Rule::Conversion {
                link: self.link.ok_or_else(|| need("link"))?,
                outcome: self.outcome,
                or_when: self.or_when,
            },
            Family::Timeliness => Rule::Timeliness {
                span: span(self.start, self.end, self.report_open)?,
                limit: match (self.within_column, self.within_working_days) {
                    (Some(column), _) => Limit::Column(column),
                    (None, Some(days)) => Limit::WorkingDays(days),
                    (None, None) => return Err(need("within_working_days")),
                },
                missing_start_fails: self.missing_start_fails,
            },
            Family::Currency => Rule::Currency {
                dates: self.dates,
                within: self.within.ok_or_else(|| need("within"))?,
                rule: self.rule.ok_or_else(|| need("rule"))?,
                fallback: self.fallback,
            },
            Family::Duration => Rule::Duration {
                span: span(self.start, self.end, false)?,
                bound: match (self.at_least, self.at_most) {
                    (Some(at_least), _) => Bound::AtLeast(at_least),
                    (None, Some(at_most)) => Bound::AtMost(at_most),
                    (None, None) => return Err(need("at_least")),
                },
            },
            Family::Median => Rule::Median {
                span: span(self.start, self.end, self.report_open)?,
            },
            Family::Mean => Rule::Mean {
                start: self.start.ok_or_else(|| need("start"))?,
                ends: self.ends,
            },
            Family::Review => Rule::Review {
                start: self.start.ok_or_else(|| need("start"))?,
                review: self.review.ok_or_else(|| need("review"))?,
                first_within: self
                    .first_within_working_days
                    .ok_or_else(|| need("first_within_working_days"))?,
                after_first: self.after_first.ok_or_else(|| need("after_first"))?,
                after_later: self.after_later.ok_or_else(|| need("after_later"))?,
            },
            Family::Total => Rule::Total {
                sum: self.sum.ok_or_else(|| need("sum"))?,
                over: self.over,
            },
            Family::Returned => Rule::Returned {
                agency: self.agency.ok_or_else(|| need("agency"))?,
                percent: self.returned_as == Some(ReturnedAs::Percent),
            },
        };
        Ok(Definition {
            id: self.id,
            title: self.title,
            definition: self.definition,
            source: self.source,
            family: self.family,
            list: self.list,
            polarity: self.polarity,
            decimals: self.decimals,
            target: self.target,
            benchmark: self.benchmark,
            section: self.section,
            date: self.date,
            snapshot: self.snapshot,
            cohort: self.cohort,
            distinct_children: self.distinct_children,
            ages: self.ages,
            // A list's own unit (List 11's households) unless the definition names another;
            // it refines the figure, as a household without its identifier is one adopter.
            count_by: self.count_by.or_else(|| {
                list.counted_by().map(|column| CountBy {
                    column: column.to_string(),
                    required: false,
                })
            }),
            cohort_link: self.cohort_link,
            rule,
        })
    }
}

fn check_link(key: &str, link: &Link) -> Result<()> {
    let linked = ListKind::from_id(&link.list)
        .ok_or_else(|| anyhow!("{key}.list: `{}` is not a list", link.list))?;
    check_column(linked, &format!("{key}.date"), &link.date)?;
    if let Some(end) = &link.end {
        check_column(linked, &format!("{key}.end"), end)?;
    }
    Ok(())
}

fn check_column(list: ListKind, key: &str, id: &str) -> Result<()> {
    if list.column(id).is_none() && !COMPUTED.contains(&id) && !list.derived().contains(&id) {
        bail!("{key}: `{id}` is not a column of {list}");
    }
    Ok(())
}

/// Checks `conditions` (a definition's or a report table's, under `key`) against `list`.
pub(crate) fn check_conditions(list: ListKind, key: &str, conditions: &[Condition]) -> Result<()> {
    for condition in conditions {
        check_condition(list, key, condition)?;
    }
    Ok(())
}

fn check_condition(list: ListKind, key: &str, condition: &Condition) -> Result<()> {
    let (column, any) = match (&condition.column, &condition.any) {
        (Some(column), None) => (column, None),
        (None, Some(any)) => (&String::new(), Some(any)),
        _ => bail!("{key}: a condition names a `column` with one test, or gives `any`, not both"),
    };
    let tests = [
        condition.equals.is_some(),
        condition.one_of.is_some(),
        condition.not_one_of.is_some(),
        condition.is.is_some(),
        condition.present.is_some(),
        condition.greater_than.is_some(),
        condition.less_than.is_some(),
        condition.on_or_before.is_some(),
        condition.on_or_after.is_some(),
    ];
    let count = tests.iter().filter(|t| **t).count();
    if let Some(any) = any {
        if count > 0 || any.is_empty() {
            bail!("{key}: `any` takes a list of conditions and no test of its own");
        }
        return check_conditions(list, key, any);
    }
    check_column(list, key, column)?;
    if count != 1 {
        bail!(
            "{key}: the condition on `{column}` needs exactly one of equals, one_of, not_one_of, is, present, greater_than, less_than, on_or_before, on_or_after"
        );
    }
    let kind = list.column(column).map(|c| c.kind);
    if condition.is.is_some() && kind != Some(ValueKind::YesNo) {
        bail!("{key}: `is` needs a yes/no column; `{column}` is not one");
    }
    let dated = condition.on_or_before.is_some() || condition.on_or_after.is_some();
    if dated && kind != Some(ValueKind::Date) {
        bail!("{key}: `on_or_before` and `on_or_after` need a date column; `{column}` is not one");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMELY: &str = r#"
        id = "assessment_45wd"
        title = "Assessments within 45 working days"
        definition = "x"
        source = "SPEC"
        family = "timeliness"
        list = "assessments"
        polarity = "higher"
        date = "assessment_authorised"
        start = "assessment_start"
        end = "assessment_authorised"
        within_working_days = 45
    "#;

    const STEP_DOWN: &str = r#"
        id = "eh_step_down"
        title = "x"
        definition = "x"
        source = "SPEC"
        family = "count"
        list = "early_help"
        polarity = "neutral"
        snapshot = { start = "early_help_start", end = "early_help_end" }
        count_by = { column = "family_id", required = false }
        cohort_link = { list = "children_in_need", date = "cin_closure", from = "-30 days", to = "0 days" }
    "#;

    #[test]
    fn counting_families_and_a_cohort_link_are_checked_against_the_model() {
        let definition = Definition::parse(STEP_DOWN).unwrap();
        assert!(definition.counts_children());
        assert_eq!(definition.link_date(), Some("early_help_start"));
        // Not required: the family column only refines; the linked date is needed.
        assert_eq!(
            definition.refining_columns(),
            [(ListKind::EarlyHelp, "family_id")]
        );
        assert!(definition
            .needed_columns()
            .contains(&(ListKind::ChildrenInNeed, "cin_closure")));
        let wrong = STEP_DOWN.replace("column = \"family_id\"", "column = \"household\"");
        let error = Definition::parse(&wrong).unwrap_err().to_string();
        assert_eq!(
            error,
            "count_by.column: `household` is not a column of List 2 (Early help)"
        );
        let wrong = STEP_DOWN.replace("date = \"cin_closure\"", "date = \"closed\"");
        let error = Definition::parse(&wrong).unwrap_err().to_string();
        assert_eq!(
            error,
            "cohort_link.date: `closed` is not a column of List 6 (Children in need)"
        );
        let unstarted = STEP_DOWN.replace("start = \"early_help_start\", ", "");
        let error = Definition::parse(&unstarted).unwrap_err().to_string();
        assert!(
            error.starts_with("cohort_link: a link is measured from"),
            "{error}"
        );
    }

    #[test]
    fn adopters_are_counted_by_household_unless_a_definition_says_otherwise() {
        let households = TIMELY
            .replace("\"assessments\"", "\"adopters\"")
            .replace("assessment_authorised", "approved")
            .replace("assessment_start", "stage1_start");
        let definition = Definition::parse(&households).unwrap();
        let count_by = definition.count_by.unwrap();
        assert_eq!(
            (count_by.column.as_str(), count_by.required),
            ("family_id", false)
        );
        assert!(Definition::parse(TIMELY).unwrap().count_by.is_none());
    }

    #[test]
    fn a_conversion_needs_a_date_to_measure_its_link_from() {
        let conversion = r#"
            id = "x"
            title = "x"
            definition = "x"
            source = "x"
            family = "conversion"
            list = "care_leavers"
            polarity = "neutral"
            snapshot = {}
            link = { list = "referrals", date = "referral_date", to = "0 days" }
        "#;
        let error = Definition::parse(conversion).unwrap_err().to_string();
        assert!(
            error.starts_with("link: a link is measured from"),
            "{error}"
        );
    }

    #[test]
    fn a_valid_definition_parses() {
        let definition = Definition::parse(TIMELY).unwrap();
        assert_eq!(definition.family, Family::Timeliness);
        assert_eq!(definition.unit(), Unit::Percent);
        assert_eq!(definition.decimals, 1);
        let Rule::Timeliness {
            span,
            limit: Limit::WorkingDays(45),
            missing_start_fails: false,
        } = &definition.rule
        else {
            panic!("{:?}", definition.rule);
        };
        assert_eq!(
            (span.start.as_str(), span.end.as_str(), span.report_open),
            ("assessment_start", "assessment_authorised", false)
        );
    }

    #[test]
    fn every_built_in_definition_has_its_familys_rule() {
        let catalogue = crate::indicators::Catalogue::built_in().unwrap();
        for definition in catalogue.definitions() {
            let matches = matches!(
                (definition.family, &definition.rule),
                (Family::Count, Rule::Count)
                    | (Family::Rate, Rule::Rate)
                    | (Family::Share, Rule::Share { .. })
                    | (Family::Conversion, Rule::Conversion { .. })
                    | (Family::Timeliness, Rule::Timeliness { .. })
                    | (Family::Currency, Rule::Currency { .. })
                    | (Family::Duration, Rule::Duration { .. })
                    | (Family::Median, Rule::Median { .. })
                    | (Family::Mean, Rule::Mean { .. })
                    | (Family::Review, Rule::Review { .. })
                    | (Family::Total, Rule::Total { .. })
                    | (Family::Returned, Rule::Returned { .. })
            );
            assert!(matches, "{}", definition.id);
        }
    }

    const REVIEW: &str = r#"
        id = "cla_reviews_timely"
        title = "Reviews"
        definition = "x"
        source = "SPEC"
        family = "review"
        list = "looked_after"
        polarity = "higher"
        snapshot = { start = "cla_start", end = "cla_ceased" }
        start = "cla_start"
        review = "cla_review"
        first_within_working_days = 20
        after_first = "3 months"
        after_later = "6 months"
    "#;

    #[test]
    fn review_mean_and_duration_definitions_are_typed_and_checked() {
        let review = Definition::parse(REVIEW).unwrap();
        let Rule::Review {
            first_within: 20,
            after_first: Interval::Months(3),
            after_later: Interval::Months(6),
            ..
        } = review.rule
        else {
            panic!("{:?}", review.rule)
        };
        assert_eq!(review.needed_columns().len(), 3, "start, end and review");
        let without_first = REVIEW.replace("after_first = \"3 months\"", "");
        assert_eq!(
            error(&without_first),
            "after_first: the review family needs it"
        );
        let mean = REVIEW
            .replace("family = \"review\"", "family = \"mean\"")
            .replace(
                "snapshot = { start = \"cla_start\", end = \"cla_ceased\" }",
                "date = \"cla_ceased\"",
            )
            .replace(
                "review = \"cla_review\"",
                "ends = [\"cla_ceased\", \"placement_start\"]",
            );
        assert_eq!(
            error(&mean),
            "first_within_working_days: not a parameter of the mean family"
        );
        let duration = REVIEW
            .replace("family = \"review\"", "family = \"duration\"")
            .replace(
                "review = \"cla_review\"",
                "end = \"cla_review\"\nat_least = \"1 months\"\nat_most = \"6 months\"",
            )
            .replace("first_within_working_days = 20", "")
            .replace("after_first = \"3 months\"", "")
            .replace("after_later = \"6 months\"", "");
        assert_eq!(
            error(&duration),
            "at_least, at_most: the duration family needs exactly one"
        );
    }

    #[test]
    fn ages_need_a_list_of_children_and_not_one_of_is_a_test() {
        let ages = REVIEW.replace(
            "polarity = \"higher\"",
            "polarity = \"higher\"\nages = { from = 19, to = 21 }",
        );
        assert_eq!(
            Definition::parse(&ages).unwrap().ages,
            Some(Ages { from: 19, to: 21 })
        );
        let adopters = ages
            .replace("list = \"looked_after\"", "list = \"adopters\"")
            .replace(
                "snapshot = { start = \"cla_start\", end = \"cla_ceased\" }",
                "snapshot = {}",
            );
        assert_eq!(
            error(&adopters),
            "ages: give `from` up to `to`, on a list of children"
        );
        let both = REVIEW.replace(
            "polarity = \"higher\"",
            "polarity = \"higher\"\ncohort = [{ column = \"legal_status\", not_one_of = [\"V3\"], equals = \"C1\" }]",
        );
        assert!(error(&both).contains("needs exactly one of equals, one_of, not_one_of"));
    }

    fn error(text: &str) -> String {
        format!("{:#}", Definition::parse(text).unwrap_err())
    }

    #[test]
    fn unknown_keys_families_columns_and_parameters_are_named() {
        assert!(
            error(&format!("{TIMELY}\nwithin_days = 3")).contains("unknown field `within_days`")
        );
        assert!(error(&TIMELY.replace("\"timeliness\"", "\"speed\""))
            .contains("unknown variant `speed`"));
        assert_eq!(
            error(&TIMELY.replace("end = \"assessment_authorised\"", "end = \"authorised\"")),
            "end: `authorised` is not a column of List 4 (Assessments)"
        );
        assert_eq!(
            error(&format!(
                "{TIMELY}\nnumerator = [{{ column = \"child_seen\", is = true }}]"
            )),
            "numerator: not a parameter of the timeliness family"
        );
        assert_eq!(
            error(&TIMELY.replace("within_working_days = 45", "")),
            "within_working_days, within_column: the timeliness family needs exactly one"
        );
    }

    #[test]
    fn intervals_and_date_references() {
        assert_eq!(
            "-12 months".parse::<Interval>().unwrap(),
            Interval::Months(-12)
        );
        assert_eq!("7 days".parse::<Interval>().unwrap(), Interval::Days(7));
        assert_eq!("2 years".parse::<Interval>().unwrap(), Interval::Months(24));
        assert!("7 weeks".parse::<Interval>().is_err());
        assert_eq!(
            "period_end - 24 months".parse::<DateRef>().unwrap(),
            DateRef {
                anchor: Anchor::PeriodEnd,
                shift: Some(Interval::Months(-24))
            }
        );
        assert!("yesterday".parse::<DateRef>().is_err());
    }
}
