//! The shape of the data: the Annex A lists, their columns and the value kinds they hold.
//!
//! Everything downstream refers to columns by their `id` (snake case, stable), never by the
//! heading a local authority happened to write. The headings here are the canonical Ofsted
//! Annex A ones; `load::headers` maps whatever a file says onto them.

pub mod codes;
pub mod frame;

use std::fmt;

use codes::CodeSet;

/// One of the Ofsted Annex A child-level lists that `lscb` reads, or one of the board's own
/// registers (SPEC §10), which load the same way from the data directory's `registers/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    Contacts,
    EarlyHelp,
    Referrals,
    Assessments,
    Section47,
    ChildrenInNeed,
    ChildProtection,
    LookedAfter,
    CareLeavers,
    Adoption,
    Adopters,
    /// Allegations against people who work with children (the LADO's register).
    Lado,
    /// Child deaths reviewed by the child death overview panel.
    ChildDeaths,
    /// Agencies' attendance at the board's meetings.
    Attendance,
    /// The board's training events.
    Training,
    /// The board's budget: contributions, other income and expenditure.
    Budget,
    /// Partner agencies' returns of aggregate figures (SPEC §11), read from `returns/`.
    Returns,
}

impl ListKind {
    /// Every list, in Annex A order, then the registers.
    pub const ALL: [ListKind; 17] = [
        ListKind::Contacts,
        ListKind::EarlyHelp,
        ListKind::Referrals,
        ListKind::Assessments,
        ListKind::Section47,
        ListKind::ChildrenInNeed,
        ListKind::ChildProtection,
        ListKind::LookedAfter,
        ListKind::CareLeavers,
        ListKind::Adoption,
        ListKind::Adopters,
        ListKind::Lado,
        ListKind::ChildDeaths,
        ListKind::Attendance,
        ListKind::Training,
        ListKind::Budget,
        ListKind::Returns,
    ];

    /// Whether this is one of the board's registers (SPEC §10), read from `registers/` and
    /// holding its whole history, rather than an Annex A list read from each extract.
    pub fn is_register(self) -> bool {
        matches!(
            self,
            ListKind::Lado
                | ListKind::ChildDeaths
                | ListKind::Attendance
                | ListKind::Training
                | ListKind::Budget
                | ListKind::Returns
        )
    }

    /// The Annex A list number; 0 for a register.
    pub fn number(self) -> u8 {
        match self {
            ListKind::Contacts => 1,
            ListKind::EarlyHelp => 2,
            ListKind::Referrals => 3,
            ListKind::Assessments => 4,
            ListKind::Section47 => 5,
            ListKind::ChildrenInNeed => 6,
            ListKind::ChildProtection => 7,
            ListKind::LookedAfter => 8,
            ListKind::CareLeavers => 9,
            ListKind::Adoption => 10,
            ListKind::Adopters => 11,
            ListKind::Lado
            | ListKind::ChildDeaths
            | ListKind::Attendance
            | ListKind::Training
            | ListKind::Budget
            | ListKind::Returns => 0,
        }
    }

    /// The short identifier used in configuration and indicator definitions.
    pub fn id(self) -> &'static str {
        match self {
            ListKind::Contacts => "contacts",
            ListKind::EarlyHelp => "early_help",
            ListKind::Referrals => "referrals",
            ListKind::Assessments => "assessments",
            ListKind::Section47 => "section47",
            ListKind::ChildrenInNeed => "children_in_need",
            ListKind::ChildProtection => "child_protection",
            ListKind::LookedAfter => "looked_after",
            ListKind::CareLeavers => "care_leavers",
            ListKind::Adoption => "adoption",
            ListKind::Adopters => "adopters",
            ListKind::Lado => "lado",
            ListKind::ChildDeaths => "child_deaths",
            ListKind::Attendance => "attendance",
            ListKind::Training => "training",
            ListKind::Budget => "budget",
            ListKind::Returns => "returns",
        }
    }

    /// The list's title as Ofsted's template gives it.
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Contacts => "Contacts",
            ListKind::EarlyHelp => "Early help",
            ListKind::Referrals => "Referrals",
            ListKind::Assessments => "Assessments",
            ListKind::Section47 => "Section 47 enquiries and ICPCs",
            ListKind::ChildrenInNeed => "Children in need",
            ListKind::ChildProtection => "Child protection",
            ListKind::LookedAfter => "Children in care",
            ListKind::CareLeavers => "Care leavers",
            ListKind::Adoption => "Adoption",
            ListKind::Adopters => "Adopters",
            ListKind::Lado => "LADO",
            ListKind::ChildDeaths => "Child deaths",
            ListKind::Attendance => "Board attendance",
            ListKind::Training => "Training",
            ListKind::Budget => "Budget",
            ListKind::Returns => "Partner returns",
        }
    }

    /// Whether a workbook without this list is reported (`missing-list`): the lists of the
    /// children's social care chapters. Early help (List 2) and Lists 8–11 are often kept
    /// by other teams and sent separately, so a workbook may leave them out.
    pub fn expected_in_workbook(self) -> bool {
        !self.is_register()
            && !matches!(
                self,
                ListKind::EarlyHelp
                    | ListKind::LookedAfter
                    | ListKind::CareLeavers
                    | ListKind::Adoption
                    | ListKind::Adopters
            )
    }

    /// Looks a list up by its `id`.
    pub fn from_id(id: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|list| list.id() == id)
    }

    /// All columns of the list: the common child columns first, then the list's own. List 11
    /// describes adopters, not children: its columns are its own.
    pub fn columns(self) -> Vec<&'static ColumnSpec> {
        if self == ListKind::Adopters || self.is_register() {
            return self.own_columns().iter().collect();
        }
        let mut columns: Vec<&'static ColumnSpec> = COMMON_COLUMNS.iter().collect();
        if !matches!(
            self,
            ListKind::Contacts | ListKind::EarlyHelp | ListKind::Referrals
        ) {
            columns.push(&DISABILITY);
        }
        columns.extend(self.own_columns().iter());
        columns
    }

    /// The Annex A heading of the column `id`, or the id itself for a column the list does
    /// not have (a computed one, such as the age at the event).
    pub fn heading(self, id: &str) -> &str {
        self.column(id).map_or(id, |c| c.heading)
    }

    /// Looks a column of this list up by its `id`.
    pub fn column(self, id: &str) -> Option<&'static ColumnSpec> {
        self.columns().into_iter().find(|column| column.id == id)
    }

    /// The column holding the date of the event each record describes; a record without it
    /// cannot be placed in time and is rejected. Care leavers (a snapshot of young people)
    /// and adopters (people at any stage of a process) have none.
    pub fn event_date(self) -> Option<&'static str> {
        match self {
            ListKind::Contacts => Some("contact_date"),
            ListKind::EarlyHelp => Some("early_help_start"),
            ListKind::Referrals => Some("referral_date"),
            ListKind::Assessments => Some("assessment_start"),
            ListKind::Section47 => Some("strategy_date"),
            ListKind::ChildrenInNeed => Some("cin_start"),
            ListKind::ChildProtection => Some("cpp_start"),
            ListKind::LookedAfter => Some("cla_start"),
            ListKind::Adoption => Some("adoption_decision"),
            ListKind::Lado => Some("contact_date"),
            ListKind::ChildDeaths => Some("death_date"),
            ListKind::Attendance => Some("meeting_date"),
            ListKind::Training => Some("event_date"),
            ListKind::CareLeavers | ListKind::Adopters | ListKind::Budget | ListKind::Returns => {
                None
            }
        }
    }

    /// The column naming whom a record is about: the child, or on List 11 the adopter. A
    /// record without it is rejected.
    pub fn identifier(self) -> &'static str {
        match self {
            ListKind::Adopters => "adopter_id",
            ListKind::Lado => "allegation_id",
            ListKind::ChildDeaths => "case_id",
            ListKind::Attendance => "agency",
            ListKind::Training => "event_title",
            ListKind::Budget => "agency_or_item",
            ListKind::Returns => "measure",
            _ => "child_id",
        }
    }

    /// The columns computed from a list's own that figures and tables may read as if a file
    /// held them.
    pub fn derived(self) -> &'static [&'static str] {
        match self {
            ListKind::ChildDeaths => &[AGE_AT_DEATH],
            _ => &[],
        }
    }

    /// The columns whose values together name what a distinct count counts, where the
    /// identifier alone does not: a training event is its date and title (a workshop runs
    /// many times). `None` for the identifier alone.
    pub fn counted_together(self) -> Option<&'static [&'static str]> {
        match self {
            ListKind::Training => Some(&["event_date", "event_title"]),
            _ => None,
        }
    }

    /// The column whose value a list's figures count instead of its identifier, where its
    /// records are of people who go through together: List 11's family identifier, so its
    /// figures are of households (SPEC §8.2). A record with it blank counts alone.
    pub fn counted_by(self) -> Option<&'static str> {
        match self {
            ListKind::Adopters => Some("family_id"),
            _ => None,
        }
    }

    /// The two columns a header row must have to be this list's: its identifier and the
    /// column only it has (its event date, or for Lists 9 and 11 a column of their own).
    pub fn identifying(self) -> [&'static str; 2] {
        match self {
            ListKind::CareLeavers => ["child_id", "in_touch"],
            ListKind::Adopters => ["adopter_id", "enquiry_date"],
            ListKind::Lado => ["allegation_id", "contact_date"],
            ListKind::ChildDeaths => ["case_id", "death_date"],
            ListKind::Attendance => ["meeting_date", "attendance"],
            ListKind::Training => ["event_date", "attendees"],
            ListKind::Budget => ["financial_year", "amount"],
            ListKind::Returns => ["measure", "period"],
            _ => ["child_id", self.event_date().unwrap_or(self.identifier())],
        }
    }

    /// The columns that identify a record across extracts (SPEC §2.3, §8.1). When the list's
    /// own record ID column is present in the data it replaces this key.
    pub fn record_key(self) -> Vec<&'static str> {
        match (self, self.event_date()) {
            (ListKind::Contacts, _) => vec!["child_id", "contact_date", "contact_source"],
            (ListKind::Lado | ListKind::ChildDeaths, _) => vec![self.identifier()],
            (ListKind::Attendance, _) => vec!["meeting_date", "agency"],
            (ListKind::Training, _) => vec!["event_date", "event_title", "attendee_agency"],
            (ListKind::Budget, _) => vec!["financial_year", "budget_line", "agency_or_item"],
            (ListKind::Returns, _) => vec!["agency", "measure", "period"],
            (_, Some(event)) => vec![self.identifier(), event],
            (_, None) => vec![self.identifier()],
        }
    }

    /// The optional record ID column that keys the list when present (SPEC §2.3).
    pub fn record_id(self) -> Option<&'static str> {
        match self {
            ListKind::Contacts => Some("contact_id"),
            ListKind::Referrals => Some("referral_id"),
            ListKind::EarlyHelp => Some("early_help_id"),
            _ => None,
        }
    }

    /// Pairs of dates where the second must not come before the first.
    pub fn date_orderings(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ListKind::EarlyHelp => &[("early_help_start", "early_help_end")],
            ListKind::Referrals => &[("referral_date", "referral_decision_date")],
            ListKind::Assessments => &[("assessment_start", "assessment_authorised")],
            ListKind::Section47 => &[("strategy_date", "icpc_date")],
            ListKind::ChildrenInNeed => &[
                ("cin_start", "cin_closure"),
                ("cin_plan_start", "cin_plan_review"),
            ],
            ListKind::ChildProtection => {
                &[("cpp_start", "cpp_end"), ("cpp_start", "latest_review")]
            }
            ListKind::LookedAfter => &[
                ("cla_start", "cla_ceased"),
                ("cla_start", "placement_start"),
            ],
            ListKind::Adoption => &[
                ("entered_care", "placed_for_adoption"),
                ("placed_for_adoption", "adoption_order"),
            ],
            ListKind::Adopters => &[
                ("stage1_start", "stage1_end"),
                ("stage1_start", "stage2_start"),
                ("stage2_start", "stage2_end"),
                ("approved", "adoption_order"),
            ],
            ListKind::Lado => &[("contact_date", "concluded")],
            ListKind::ChildDeaths => &[
                ("birth_date", "death_date"),
                ("death_date", "review_completed"),
            ],
            ListKind::Contacts
            | ListKind::CareLeavers
            | ListKind::Attendance
            | ListKind::Training
            | ListKind::Budget
            | ListKind::Returns => &[],
        }
    }

    /// The columns every record should have a value in: the child's characteristics and the
    /// codes breakdowns and indicators group by. A blank is allowed (the row is kept, shown
    /// as not recorded) but counted and reported. Not dates that are blank until something
    /// happens, nor the date of birth (blank for an unborn child), nor team and worker
    /// (blank while unallocated).
    pub fn always_recorded(self) -> Vec<&'static ColumnSpec> {
        const IDS: [&str; 19] = [
            "gender",
            "ethnicity",
            "disability",
            "contact_source",
            "referral_source",
            "referral_nfa",
            "primary_need",
            "case_status",
            "initial_category",
            "latest_category",
            "legal_status",
            "placement_type",
            "eligibility",
            "referring_agency",
            "threshold_met",
            "expected",
            "agency",
            "event_type",
            "budget_line",
        ];
        self.columns()
            .into_iter()
            .filter(|column| IDS.contains(&column.id))
            .collect()
    }

    /// The list's own columns, without the child columns every list shares.
    pub fn own_columns(self) -> &'static [ColumnSpec] {
        match self {
            ListKind::Contacts => CONTACT_COLUMNS,
            ListKind::EarlyHelp => EARLY_HELP_COLUMNS,
            ListKind::Referrals => REFERRAL_COLUMNS,
            ListKind::Assessments => ASSESSMENT_COLUMNS,
            ListKind::Section47 => SECTION47_COLUMNS,
            ListKind::ChildrenInNeed => CIN_COLUMNS,
            ListKind::ChildProtection => CP_COLUMNS,
            ListKind::LookedAfter => LOOKED_AFTER_COLUMNS,
            ListKind::CareLeavers => CARE_LEAVER_COLUMNS,
            ListKind::Adoption => ADOPTION_COLUMNS,
            ListKind::Adopters => ADOPTER_COLUMNS,
            ListKind::Lado => LADO_COLUMNS,
            ListKind::ChildDeaths => CHILD_DEATH_COLUMNS,
            ListKind::Attendance => ATTENDANCE_COLUMNS,
            ListKind::Training => TRAINING_COLUMNS,
            ListKind::Budget => BUDGET_COLUMNS,
            ListKind::Returns => RETURN_COLUMNS,
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self == &ListKind::Returns {
            write!(f, "partner agencies' returns")
        } else if self.is_register() {
            write!(f, "{} register", self.title())
        } else {
            write!(f, "List {} ({})", self.number(), self.title())
        }
    }
}

/// What a column holds, which decides how its text is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// An identifier, compared after trimming, removing spaces and upper-casing.
    Id,
    /// Free text such as a team name, kept as written (trimmed).
    Text,
    /// A calendar date, `DD/MM/YYYY` or `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Count,
    /// Yes or no, in any of the spellings Annex A lists use.
    YesNo,
    /// A number that may have a fraction: an amount of money (`£111,370`) or a percentage
    /// (`55.8%`), its sign and separators ignored.
    Amount,
    /// A value from a code list, normalised to its canonical label.
    Code(CodeSet),
}

impl ValueKind {
    /// Whether a column of this kind is read as numbers of its texts, in a dictionary
    /// (`kernels::numbering`): it takes few distinct values (codes, answers, counts, and the
    /// names of teams and workers), each decoded once. Identifiers, one or a few per child,
    /// and dates are not.
    pub fn is_numbered(self) -> bool {
        !matches!(self, ValueKind::Id | ValueKind::Date)
    }
}

/// Whether a column must be present in a file of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// An Annex A column: a file without it is reported.
    Required,
    /// An extension column (not in Annex A) that enables extra indicators when present.
    Extension,
}

/// A column of an Annex A list.
#[derive(Debug)]
pub struct ColumnSpec {
    /// Stable identifier used inside `lscb` and in indicator definitions.
    pub id: &'static str,
    /// The canonical Annex A heading.
    pub heading: &'static str,
    /// Other headings seen in real extracts, matched like the canonical one.
    pub aliases: &'static [&'static str],
    pub kind: ValueKind,
    pub presence: Presence,
    /// Whether working days are counted from or to this date, so it must lie inside the
    /// bank-holiday calendar.
    pub working_days: bool,
}

const fn column(id: &'static str, heading: &'static str, kind: ValueKind) -> ColumnSpec {
    ColumnSpec {
        id,
        heading,
        aliases: &[],
        kind,
        presence: Presence::Required,
        working_days: false,
    }
}

const fn extension(id: &'static str, heading: &'static str, kind: ValueKind) -> ColumnSpec {
    ColumnSpec {
        presence: Presence::Extension,
        ..column(id, heading, kind)
    }
}

/// A date from or to which working days are counted.
const fn timed(id: &'static str, heading: &'static str, presence: Presence) -> ColumnSpec {
    ColumnSpec {
        presence,
        working_days: true,
        ..column(id, heading, ValueKind::Date)
    }
}

use Presence::{Extension, Required};
use ValueKind::{Amount, Count, Date, Id, Text, YesNo};

static COMMON_COLUMNS: &[ColumnSpec] = &[
    column("child_id", "Child Unique ID", Id),
    column("gender", "Gender", ValueKind::Code(CodeSet::Gender)),
    column(
        "ethnicity",
        "Ethnicity",
        ValueKind::Code(CodeSet::Ethnicity),
    ),
    column("dob", "Date of Birth", Date),
    ColumnSpec {
        aliases: &["Age"],
        ..column("age", "Age of Child (Years)", Count)
    },
];

static DISABILITY: ColumnSpec = column("disability", "Does the Child have a Disability", YesNo);

const TEAM: ColumnSpec = column("team", "Allocated Team", Text);
const WORKER: ColumnSpec = column("worker", "Allocated Worker", Text);

static CONTACT_COLUMNS: &[ColumnSpec] = &[
    column("contact_date", "Date of Contact", Date),
    column(
        "contact_source",
        "Contact Source",
        ValueKind::Code(CodeSet::Source),
    ),
    extension(
        "contact_outcome",
        "Contact Outcome",
        ValueKind::Code(CodeSet::ContactOutcome),
    ),
    extension("contact_id", "Contact ID", Id),
];

static EARLY_HELP_COLUMNS: &[ColumnSpec] = &[
    column("early_help_start", "Assessment start date", Date),
    column("early_help_end", "Assessment completion date", Date),
    column(
        "early_help_organisation",
        "Organisation completing assessment",
        Text,
    ),
    extension("early_help_id", "Early Help ID", Id),
    ColumnSpec {
        aliases: &["Family ID", "Family CAF ID"],
        ..extension("family_id", "Family Identifier", Id)
    },
    extension(
        "early_help_end_reason",
        "Early Help End Reason",
        ValueKind::Code(CodeSet::EarlyHelpEndReason),
    ),
];

static REFERRAL_COLUMNS: &[ColumnSpec] = &[
    timed("referral_date", "Date of referral", Required),
    column(
        "referral_source",
        "Referral Source",
        ValueKind::Code(CodeSet::Source),
    ),
    column("referral_nfa", "Referral NFA?", YesNo),
    column(
        "referrals_12m",
        "Number of Referrals in Last 12 Months",
        Count,
    ),
    TEAM,
    WORKER,
    timed(
        "referral_decision_date",
        "Referral Decision Date",
        Extension,
    ),
    extension("referral_id", "Referral ID", Id),
];

static ASSESSMENT_COLUMNS: &[ColumnSpec] = &[
    timed(
        "assessment_start",
        "Continuous Assessment Start Date",
        Required,
    ),
    column(
        "child_seen",
        "Child Seen During Continuous Assessment",
        YesNo,
    ),
    timed(
        "assessment_authorised",
        "Continuous Assessment Date of Authorisation",
        Required,
    ),
    column(
        "requires_support",
        "Was the child assessed as requiring LA children's social care support",
        YesNo,
    ),
    TEAM,
    WORKER,
    extension(
        "child_timescale_wd",
        "Child's Timescale (Working Days)",
        Count,
    ),
];

static SECTION47_COLUMNS: &[ColumnSpec] = &[
    timed(
        "strategy_date",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        Required,
    ),
    column(
        "icpc_unnecessary",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        YesNo,
    ),
    timed(
        "icpc_date",
        "Date of Initial Child Protection Conference",
        Required,
    ),
    column(
        "icpc_to_plan",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        YesNo,
    ),
    column(
        "s47_12m",
        "Number of Section 47 Enquiries in the last 12 months",
        Count,
    ),
    column("icpcs_12m", "Number of ICPCs in the last 12 months", Count),
    TEAM,
    WORKER,
];

static CIN_COLUMNS: &[ColumnSpec] = &[
    column("cin_start", "CIN Start Date", Date),
    column(
        "primary_need",
        "Primary Need Code",
        ValueKind::Code(CodeSet::PrimaryNeed),
    ),
    column("last_seen", "Date Child Was Last Seen", Date),
    column("cin_closure", "CIN Closure Date", Date),
    column(
        "closure_reason",
        "Reason for Closure",
        ValueKind::Code(CodeSet::ClosureReason),
    ),
    column(
        "case_status",
        "Case status",
        ValueKind::Code(CodeSet::CaseStatus),
    ),
    TEAM,
    WORKER,
    extension("cin_plan_start", "CIN Plan Start Date", Date),
    extension("cin_plan_review", "Date of Latest CIN Plan Review", Date),
];

static CP_COLUMNS: &[ColumnSpec] = &[
    column("cpp_start", "Child Protection Plan Start Date", Date),
    column(
        "initial_category",
        "Initial Category of Abuse",
        ValueKind::Code(CodeSet::Category),
    ),
    column(
        "latest_category",
        "Latest Category of Abuse",
        ValueKind::Code(CodeSet::Category),
    ),
    timed("last_visit", "Date of the Last Statutory Visit", Required),
    column("seen_alone", "Was the Child Seen Alone?", YesNo),
    column("latest_review", "Date of latest review conference", Date),
    column("cpp_end", "Child Protection Plan End Date", Date),
    column(
        "epo",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        YesNo,
    ),
    column(
        "previous_plans",
        "Number of Previous Child Protection Plans",
        Count,
    ),
    TEAM,
    WORKER,
];

const fn code(id: &'static str, heading: &'static str, set: CodeSet) -> ColumnSpec {
    column(id, heading, ValueKind::Code(set))
}

/// List 8 (SPEC §8.1). The template's `Date Ceased to be Looked After ` has a trailing space,
/// which heading matching ignores.
static LOOKED_AFTER_COLUMNS: &[ColumnSpec] = &[
    column(
        "uasc",
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        YesNo,
    ),
    column("cla_start", "Date Started to be Looked After", Date),
    code(
        "need_category",
        "Child's Category of Need",
        CodeSet::PrimaryNeed,
    ),
    ColumnSpec {
        aliases: &["Is this a second or subsequent episode of being a Looked After Child within the last 12 months (Y/N)"],
        ..column(
            "second_period",
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
            YesNo,
        )
    },
    column("legal_status_start", "Start date of current legal status", Date),
    code("legal_status", "Child's Legal Status", CodeSet::LegalStatus),
    column("cla_review", "Date of Latest Statutory Review", Date),
    column("sw_visit", "Date of Last Social Work Visit", Date),
    code(
        "permanence_plan",
        "What is the permanence plan for this child?",
        CodeSet::PermanencePlan,
    ),
    column("iro_visit", "Date of Last IRO Visit / Contact to the Child", Date),
    column("health_assessment", "Date of Last Health Assessment", Date),
    column("dental_check", "Date of Last Dental Check", Date),
    column(
        "placements_12m",
        "Number of Placements in the Last 12 months",
        Count,
    ),
    column("cla_ceased", "Date Ceased to be Looked After", Date),
    code(
        "reason_ceased",
        "Reason Ceased to be Looked After",
        CodeSet::ReasonCeased,
    ),
    column("placement_start", "Start Date of Most Recent Placement", Date),
    code("placement_type", "Placement Type", CodeSet::PlacementType),
    code(
        "placement_provider",
        "Placement Provider",
        CodeSet::PlacementProvider,
    ),
    column("placement_postcode", "Placement postcode", Text),
    column("placement_urn", "URN of Placement", Text),
    code(
        "placement_location",
        "Placement Location",
        CodeSet::PlacementLocation,
    ),
    column("placement_la", "LA of Placement", Text),
    column(
        "missing_12m",
        "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
        Count,
    ),
    column(
        "absent_12m",
        "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
        Count,
    ),
    column(
        "return_offered",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        YesNo,
    ),
    column(
        "return_accepted",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        YesNo,
    ),
    TEAM,
    WORKER,
];

/// List 9 in the 2019 layout; the four columns Ofsted's 2024 layout adds are extensions, so
/// both layouts load (SPEC §8.1).
static CARE_LEAVER_COLUMNS: &[ColumnSpec] = &[
    TEAM,
    WORKER,
    code("eligibility", "Eligibility Category", CodeSet::Eligibility),
    code("in_touch", "LA In Touch", CodeSet::InTouch),
    code(
        "accommodation",
        "Type of Accommodation",
        CodeSet::Accommodation,
    ),
    code(
        "suitability",
        "Suitability of Accommodation",
        CodeSet::Suitability,
    ),
    code("activity", "Activity Status", CodeSet::Activity),
    extension(
        "leaver_uasc",
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        YesNo,
    ),
    extension("personal_adviser", "Allocated Personal Advisor", Text),
    extension("pathway_review", "Latest Pathway Plan Review Date", Date),
    extension("latest_contact", "Latest Date of Contact", Date),
];

/// List 10. The template's `Date of Adoption Order ` has a trailing space.
static ADOPTION_COLUMNS: &[ColumnSpec] = &[
    column("family_id", "Family identifier", Id),
    column("entered_care", "Date the Child Entered Care", Date),
    column(
        "adoption_decision",
        "Date of Decision that Child Should be Placed for Adoption",
        Date,
    ),
    column("placement_order", "Date of Placement Order", Date),
    column(
        "matched",
        "Date of Matching Child and Prospective Adopters",
        Date,
    ),
    column("placed_for_adoption", "Date Placed for Adoption", Date),
    column("adoption_order", "Date of Adoption Order", Date),
    column(
        "decision_reversed",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        Date,
    ),
    code(
        "reversal_reason",
        "Reason Why Child No Longer Placed for Adoption",
        CodeSet::ReversalReason,
    ),
    column(
        "ffa_placed",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
        Date,
    ),
];

/// List 11: one row per adopter, a couple two rows with one family identifier.
static ADOPTER_COLUMNS: &[ColumnSpec] = &[
    column("adopter_id", "Individual adopter identifier", Id),
    column("family_id", "Family identifier", Id),
    column("gender", "Gender", ValueKind::Code(CodeSet::Gender)),
    column(
        "ethnicity",
        "Ethnicity",
        ValueKind::Code(CodeSet::Ethnicity),
    ),
    column("disability", "Disability", YesNo),
    column(
        "ffa_adopter",
        "Is the (prospective) adopter fostering for adoption?",
        YesNo,
    ),
    column("enquiry_date", "Date enquiry received", Date),
    column("stage1_start", "Date Stage 1 started", Date),
    column("stage1_end", "Date Stage 1 ended", Date),
    column("stage2_start", "Date Stage 2 started", Date),
    column("stage2_end", "Date Stage 2 ended", Date),
    column("application_submitted", "Date application submitted", Date),
    column("approved", "Date application approved", Date),
    column(
        "adopter_matched",
        "Date adopter matched with child(ren)",
        Date,
    ),
    column(
        "adopter_placed",
        "Date child/children placed with adopter(s)",
        Date,
    ),
    column("children_placed", "No. of children placed", Count),
    column("adoption_order", "Date of Adoption Order", Date),
    column("left_process", "Date of leaving adoption process", Date),
    code(
        "leaving_reason",
        "Reason for leaving adoption process",
        CodeSet::LeavingReason,
    ),
];

/// The LADO's register (SPEC §10). `Date of Contact` is also a List 1 heading: a register has
/// no `Child Unique ID`, so the two are told apart by their other identifying column.
static LADO_COLUMNS: &[ColumnSpec] = &[
    column("allegation_id", "Allegation ID", Id),
    column("contact_date", "Date of Contact", Date),
    column("referring_agency", "Referring Agency", Text),
    column("employment_sector", "Employment Sector", Text),
    column("threshold_met", "Threshold Met", YesNo),
    column("allegation_category", "Category of Allegation", Text),
    code("outcome", "Outcome", CodeSet::LadoOutcome),
    column("concluded", "Date Concluded", Date),
];

/// The child death overview panel's register. Its date of birth is `birth_date`, not the
/// lists' `dob`: a register has no `Age of Child (Years)` to fall back on, and the age that
/// matters is in days ([`AGE_AT_DEATH_DAYS`]).
static CHILD_DEATH_COLUMNS: &[ColumnSpec] = &[
    column("case_id", "Case ID", Id),
    column("death_date", "Date of Death", Date),
    extension("birth_date", "Date of Birth", Date),
    extension(AGE_AT_DEATH_DAYS, "Age at Death (Days)", Count),
    code("gender", "Gender", CodeSet::Gender),
    code("expected", "Expected or Unexpected", CodeSet::DeathExpected),
    column("review_completed", "Date Review Completed", Date),
    code(
        "death_category",
        "Category of Death",
        CodeSet::DeathCategory,
    ),
    code("modifiable", "Modifiable Factors", CodeSet::Modifiable),
];

/// The age at death in days, as a register may give it instead of the date of birth.
pub const AGE_AT_DEATH_DAYS: &str = "age_at_death_days";

/// A child death's age band, computed from the date of birth or the age in days
/// (`indicators::records::derived_columns`): figures and tables may group by it.
pub const AGE_AT_DEATH: &str = "age_at_death";

static ATTENDANCE_COLUMNS: &[ColumnSpec] = &[
    column("meeting_date", "Meeting Date", Date),
    column("agency", "Agency", Text),
    code("attendance", "Attendance", CodeSet::Attendance),
];

static TRAINING_COLUMNS: &[ColumnSpec] = &[
    column("event_date", "Event Date", Date),
    column("event_title", "Event Title", Text),
    column("event_type", "Event Type", Text),
    column("attendee_agency", "Attendee Agency", Text),
    column("attendees", "Attendees", Count),
    extension("evaluations_returned", "Evaluations Returned", Count),
    extension("practice_will_improve", "Practice Will Improve", Count),
    extension(
        "practice_improved_3m",
        "Practice Improved At 3 Months",
        Count,
    ),
];

static BUDGET_COLUMNS: &[ColumnSpec] = &[
    column("financial_year", "Financial Year", Text),
    code("budget_line", "Line", CodeSet::BudgetLine),
    column("agency_or_item", "Agency or Item", Text),
    column("amount", "Amount", Amount),
    extension("formula_share", "Formula Share", Amount),
];

/// A partner agency's return (SPEC §11): one figure of a measure for a period, as a value
/// or a numerator and denominator.
static RETURN_COLUMNS: &[ColumnSpec] = &[
    column("agency", "Agency", Text),
    column("measure", "Measure", Text),
    column("period", "Period", Text),
    extension("value", "Value", Amount),
    extension("numerator", "Numerator", Amount),
    extension("denominator", "Denominator", Amount),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn column_ids_are_unique_within_each_list() {
        for list in ListKind::ALL {
            let ids: Vec<_> = list.columns().iter().map(|c| c.id).collect();
            let unique: HashSet<_> = ids.iter().collect();
            assert_eq!(ids.len(), unique.len(), "{list}");
        }
    }

    #[test]
    fn keys_and_orderings_name_columns_of_their_list() {
        for list in ListKind::ALL {
            let mut named = list.record_key();
            named.extend(list.record_id());
            named.extend(list.date_orderings().iter().flat_map(|(a, b)| [*a, *b]));
            named.extend(list.event_date());
            named.extend(list.identifying());
            named.push(list.identifier());
            for id in named {
                assert!(list.column(id).is_some(), "{list} has no column {id}");
            }
        }
    }

    #[test]
    fn list_ids_round_trip() {
        for list in ListKind::ALL {
            assert_eq!(ListKind::from_id(list.id()), Some(list));
        }
    }
}
