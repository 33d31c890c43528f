//! The code lists Annex A columns draw from, and the rules that turn what a file says
//! (`a) 1A: Individual`, `1A`, `Individual`) into one canonical label.

/// A code list used by one or more Annex A columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeSet {
    Gender,
    Ethnicity,
    /// Contact and referral sources: CIN census codes 1A–10 and Ofsted's agency groups.
    /// Normalised to the agency group, which is what breakdowns report.
    Source,
    /// Category of abuse on a child protection plan.
    Category,
    CaseStatus,
    PrimaryNeed,
    ClosureReason,
    /// The extension column `Contact Outcome`.
    ContactOutcome,
    /// A looked-after child's legal status (C1 … J3), by its code.
    LegalStatus,
    PermanencePlan,
    ReasonCeased,
    PlacementType,
    PlacementProvider,
    /// Inside or outside the local authority's boundary.
    PlacementLocation,
    /// A care leaver's eligibility category.
    Eligibility,
    /// Whether the local authority is in touch with a care leaver.
    InTouch,
    /// A care leaver's type of accommodation (B … Z), by its letter.
    Accommodation,
    Suitability,
    /// A care leaver's activity (F1 … G6), by its code.
    Activity,
    /// Why a child is no longer to be placed for adoption (RD1 … RD4).
    ReversalReason,
    /// Why an adopter left the adoption process (1 … 3).
    LeavingReason,
    /// Why early help ended (the extension column `Early Help End Reason`): no national
    /// list exists, so the usual reasons of case-management systems, step-up first.
    EarlyHelpEndReason,
    /// The outcome of an allegation against someone who works with children (LADO).
    LadoOutcome,
    /// Whether a child's death was expected.
    DeathExpected,
    /// The ten national categories of a child death review, by number.
    DeathCategory,
    /// Whether a child death review found modifiable factors.
    Modifiable,
    /// An agency's attendance at a board meeting.
    Attendance,
    /// A line of the board's budget.
    BudgetLine,
}

/// The label used for a value that matches no code of its list.
pub const UNKNOWN: &str = "Unknown";

impl CodeSet {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            CodeSet::Gender => "gender",
            CodeSet::Ethnicity => "ethnicity",
            CodeSet::Source => "source",
            CodeSet::Category => "category of abuse",
            CodeSet::CaseStatus => "case status",
            CodeSet::PrimaryNeed => "primary need",
            CodeSet::ClosureReason => "reason for closure",
            CodeSet::ContactOutcome => "contact outcome",
            CodeSet::LegalStatus => "legal status",
            CodeSet::PermanencePlan => "permanence plan",
            CodeSet::ReasonCeased => "reason ceased",
            CodeSet::PlacementType => "placement type",
            CodeSet::PlacementProvider => "placement provider",
            CodeSet::PlacementLocation => "placement location",
            CodeSet::Eligibility => "eligibility category",
            CodeSet::InTouch => "LA in touch",
            CodeSet::Accommodation => "type of accommodation",
            CodeSet::Suitability => "suitability of accommodation",
            CodeSet::Activity => "activity status",
            CodeSet::ReversalReason => "reason no longer placed for adoption",
            CodeSet::LeavingReason => "reason for leaving the adoption process",
            CodeSet::EarlyHelpEndReason => "early help end reason",
            CodeSet::LadoOutcome => "allegation outcome",
            CodeSet::DeathExpected => "expected or unexpected",
            CodeSet::DeathCategory => "category of death",
            CodeSet::Modifiable => "modifiable factors",
            CodeSet::Attendance => "attendance",
            CodeSet::BudgetLine => "budget line",
        }
    }

    /// The canonical label for `raw`, or `None` when it matches no code of the list.
    ///
    /// The Ofsted letter prefix (`a)`, `d1)`) is ignored, and so are case and spacing. A
    /// value written as `code: label` or `code - label` matches on either part.
    pub fn decode(self, raw: &str) -> Option<&'static str> {
        let text = normalise(raw);
        if self == CodeSet::ContactOutcome {
            return contact_outcome(&text);
        }
        let table = self.table();
        let lookup = |candidate: &str| {
            table
                .iter()
                .find(|(_, spellings)| spellings.contains(&candidate))
                .map(|(label, _)| *label)
        };
        lookup(&text).or_else(|| split_code_and_label(&text).into_iter().find_map(lookup))
    }

    /// Canonical labels with every normalised spelling that maps to them.
    fn table(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            CodeSet::Gender => GENDER,
            CodeSet::Ethnicity => ETHNICITY,
            CodeSet::Source => SOURCE,
            CodeSet::Category => CATEGORY,
            CodeSet::CaseStatus => CASE_STATUS,
            CodeSet::PrimaryNeed => PRIMARY_NEED,
            CodeSet::ClosureReason => CLOSURE_REASON,
            CodeSet::ContactOutcome => &[],
            CodeSet::LegalStatus => LEGAL_STATUS,
            CodeSet::PermanencePlan => PERMANENCE_PLAN,
            CodeSet::ReasonCeased => REASON_CEASED,
            CodeSet::PlacementType => PLACEMENT_TYPE,
            CodeSet::PlacementProvider => PLACEMENT_PROVIDER,
            CodeSet::PlacementLocation => PLACEMENT_LOCATION,
            CodeSet::Eligibility => ELIGIBILITY,
            CodeSet::InTouch => IN_TOUCH,
            CodeSet::Accommodation => ACCOMMODATION,
            CodeSet::Suitability => SUITABILITY,
            CodeSet::Activity => ACTIVITY,
            CodeSet::ReversalReason => REVERSAL_REASON,
            CodeSet::LeavingReason => LEAVING_REASON,
            CodeSet::EarlyHelpEndReason => EARLY_HELP_END_REASON,
            CodeSet::LadoOutcome => LADO_OUTCOME,
            CodeSet::DeathExpected => DEATH_EXPECTED,
            CodeSet::DeathCategory => DEATH_CATEGORY,
            CodeSet::Modifiable => MODIFIABLE,
            CodeSet::Attendance => ATTENDANCE,
            CodeSet::BudgetLine => BUDGET_LINE,
        }
    }
}

/// The ethnicity group (White, Mixed, Asian, Black, Chinese, Other, Refused, Unknown) of a
/// canonical CBDS ethnicity code.
pub fn ethnicity_group(code: &str) -> &'static str {
    match code {
        "REFU" => "Refused",
        "NOBT" => "Unknown",
        "CHNE" => "Chinese",
        "OOTH" => "Other",
        _ => match code.chars().next() {
            Some('W') => "White",
            Some('M') => "Mixed",
            Some('A') => "Asian",
            Some('B') => "Black",
            _ => "Unknown",
        },
    }
}

/// An answer to a yes/no question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Recorded as unknown: a valid entry that answers nothing.
    Unknown,
}

/// Yes/No as Annex A writes it: `a) Yes`, `Yes`, `Y`, `1`, `true` (any case), and `Unknown` or
/// `not known`; `None` for anything else.
pub fn decode_yes_no(raw: &str) -> Option<Answer> {
    match normalise(raw).as_str() {
        "yes" | "y" | "1" | "true" => Some(Answer::Yes),
        "no" | "n" | "0" | "false" => Some(Answer::No),
        "unknown" | "not known" | "u" => Some(Answer::Unknown),
        _ => None,
    }
}

/// Lower-cases, trims, folds runs of white space and drops an Ofsted letter prefix.
pub fn normalise(raw: &str) -> String {
    let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = folded.to_lowercase();
    strip_letter_prefix(&lower).to_string()
}

/// Drops `a) `, `d1) ` and the like from the start of a code.
fn strip_letter_prefix(text: &str) -> &str {
    let mut chars = text.char_indices();
    let Some((_, first)) = chars.next() else {
        return text;
    };
    if !first.is_ascii_lowercase() {
        return text;
    }
    for (index, c) in chars {
        if c == ')' {
            return text[index + 1..].trim_start();
        }
        if !c.is_ascii_digit() {
            return text;
        }
    }
    text
}

/// The parts of `1a: individual` or `n1 - abuse or neglect`, code first.
fn split_code_and_label(text: &str) -> Vec<&str> {
    [":", " - ", " – "]
        .iter()
        .find_map(|separator| text.split_once(separator))
        .map(|(code, label)| vec![code.trim(), label.trim()])
        .unwrap_or_default()
}

/// SPEC §5.1: an outcome starting with "referral" is a referral.
fn contact_outcome(text: &str) -> Option<&'static str> {
    if text.starts_with("referral") {
        Some("Referral")
    } else if text.starts_with("no further action") || text == "nfa" {
        Some("No further action")
    } else if text.starts_with("early help") {
        Some("Early help")
    } else if text.starts_with("advice") || text.starts_with("information") {
        Some("Advice")
    } else {
        None
    }
}

type CodeTable = &'static [(&'static str, &'static [&'static str])];

static GENDER: CodeTable = &[
    ("Male", &["male", "m", "1", "boy"]),
    ("Female", &["female", "f", "2", "girl"]),
    (
        "Not stated",
        &[
            "not stated/recorded",
            "not stated",
            "not recorded",
            "not known",
            "unknown",
            "unborn",
            "0",
            "9",
        ],
    ),
    ("Neither", &["neither", "other"]),
];

static ETHNICITY: CodeTable = &[
    ("WBRI", &["wbri", "white british", "white - british"]),
    ("WIRI", &["wiri", "white irish", "white - irish"]),
    ("WIRT", &["wirt", "traveller of irish heritage"]),
    ("WOTH", &["woth", "any other white background"]),
    ("WROM", &["wrom", "gypsy/roma", "gypsy / roma"]),
    ("MWBC", &["mwbc", "white and black caribbean"]),
    ("MWBA", &["mwba", "white and black african"]),
    ("MWAS", &["mwas", "white and asian"]),
    ("MOTH", &["moth", "any other mixed background"]),
    ("AIND", &["aind", "indian"]),
    ("APKN", &["apkn", "pakistani"]),
    ("ABAN", &["aban", "bangladeshi"]),
    ("AOTH", &["aoth", "any other asian background"]),
    ("BCRB", &["bcrb", "caribbean"]),
    ("BAFR", &["bafr", "african"]),
    ("BOTH", &["both", "any other black background"]),
    ("CHNE", &["chne", "chinese"]),
    ("OOTH", &["ooth", "any other ethnic group"]),
    ("REFU", &["refu", "refused"]),
    // Another public system writes `u) UNKNOWN` (and `t) NOBT`) for information not obtained.
    (
        "NOBT",
        &[
            "nobt",
            "information not yet obtained",
            "not obtained",
            "unknown",
        ],
    ),
];

static SOURCE: CodeTable = &[
    ("Individual", &["1a", "1b", "1c", "1d", "individual"]),
    ("Schools", &["2a", "schools", "school"]),
    (
        "Education services",
        &["2b", "education services", "education"],
    ),
    (
        "Health services",
        &[
            "3a",
            "3b",
            "3c",
            "3d",
            "3e",
            "3f",
            "health services",
            "health",
        ],
    ),
    ("Housing", &["4", "housing"]),
    (
        "LA services",
        &[
            "5a",
            "5b",
            "5c",
            "5d",
            "la services",
            "local authority services",
        ],
    ),
    ("Police", &["6", "police"]),
    ("Other legal agency", &["7", "other legal agency"]),
    ("Other", &["8", "other"]),
    ("Anonymous", &["9", "anonymous"]),
    ("Unknown", &["10", "unknown"]),
];

/// No bare letters: the template letters the categories `a)` to `e)` (`d)` Emotional, `e)`
/// Multiple), so a bare `e` could be either; every bare letter is an unknown code.
static CATEGORY: CodeTable = &[
    ("Neglect", &["neglect", "neg"]),
    ("Physical abuse", &["physical abuse", "physical", "phy"]),
    ("Sexual abuse", &["sexual abuse", "sexual", "sab"]),
    ("Emotional abuse", &["emotional abuse", "emotional", "emo"]),
    ("Multiple", &["multiple/not recommended", "multiple", "mul"]),
];

static CASE_STATUS: CodeTable = &[
    (
        "Looked after",
        &["looked after child", "looked after", "cla", "lac"],
    ),
    (
        "CP plan",
        &[
            "child protection plan",
            "child protection",
            "cp plan",
            "cp",
            "cpp",
        ],
    ),
    ("CIN plan", &["child in need plan", "cin plan", "cin"]),
    ("Open assessment", &["open assessment", "assessment"]),
    ("Closed", &["closed episode", "closed"]),
];

static PRIMARY_NEED: CodeTable = &[
    ("N1", &["n1", "abuse or neglect"]),
    ("N2", &["n2", "child's disability", "child’s disability"]),
    (
        "N3",
        &[
            "n3",
            "parental disability or illness",
            "parental illness or disability",
        ],
    ),
    ("N4", &["n4", "family in acute stress"]),
    ("N5", &["n5", "family dysfunction"]),
    ("N6", &["n6", "socially unacceptable behaviour"]),
    ("N7", &["n7", "low income"]),
    ("N8", &["n8", "absent parenting"]),
    ("N9", &["n9", "cases other than children in need"]),
    ("N0", &["n0", "not stated"]),
];

static CLOSURE_REASON: CodeTable = &[
    ("RC1", &["rc1", "adopted"]),
    ("RC2", &["rc2", "died"]),
    (
        "RC3",
        &["rc3", "child arrangements order", "residence order"],
    ),
    ("RC4", &["rc4", "special guardianship order"]),
    (
        "RC5",
        &["rc5", "transferred to services of another local authority"],
    ),
    ("RC6", &["rc6", "transferred to adult social care services"]),
    (
        "RC7",
        &[
            "rc7",
            "services ceased for any other reason, including child no longer in need",
        ],
    ),
    (
        "RC8",
        &["rc8", "case closed after assessment, no further action"],
    ),
];

/// The groups of legal statuses, as the template's `Codes_used` sheet groups them (short
/// breaks, V3 and V4, which DfE does not count as looked after, in a group of their own).
pub const LEGAL_STATUS_GROUPS: &[(&str, &str)] = &[
    ("C1", "Interim care orders"),
    ("C2", "Full care orders"),
    ("D1", "Freed for adoption"),
    ("E1", "Placement order granted"),
    ("V2", "Accommodated under S20"),
    ("V3", "Short breaks"),
    ("V4", "Short breaks"),
    ("L1", "Detained on child protection grounds"),
    ("L2", "Detained on child protection grounds"),
    ("L3", "Detained on child protection grounds"),
    ("J1", "Youth justice legal statuses"),
    ("J2", "Youth justice legal statuses"),
    ("J3", "Youth justice legal statuses"),
];

/// The groups of placement types, as the template's `Codes_used` sheet groups them.
pub const PLACEMENT_TYPE_GROUPS: &[(&str, &str)] = &[
    ("U1", "Foster placement"),
    ("U2", "Foster placement"),
    ("U3", "Foster placement"),
    ("U4", "Foster placement"),
    ("U5", "Foster placement"),
    ("U6", "Foster placement"),
    ("A3", "Placed for adoption"),
    ("A4", "Placed for adoption"),
    ("A5", "Placed for adoption"),
    ("A6", "Placed for adoption"),
    ("P1", "Placed with parents"),
    ("P2", "Independent living"),
    ("P3", "Residential employment"),
    ("H5", "Residential accommodation"),
    ("K1", "Secure children's homes"),
    ("K2", "Children's homes"),
    ("R1", "Residential care home"),
    ("R2", "NHS/Health Trust"),
    ("R3", "Family centre or mother and baby unit"),
    ("R5", "Young offender institution"),
    ("S1", "Residential school"),
    ("Z1", "Other placements"),
    ("T0", "Temporary placement"),
    ("T1", "Temporary placement"),
    ("T2", "Temporary placement"),
    ("T3", "Temporary placement"),
    ("T4", "Temporary placement"),
];

// Lists 8–11 (SPEC §8.1), from the template's `Codes_used` sheet. Codes are matched with or
// without the template's letter and label (`a) C1: ICO`, `C1`, `C1 - Interim care order`),
// and normalised to the code; the grouping the breakdowns use is in `*_group` below.

static LEGAL_STATUS: CodeTable = &[
    ("C1", &["c1", "ico", "interim care order"]),
    ("C2", &["c2", "fco", "full care order"]),
    ("D1", &["d1", "freeing order", "freeing order granted"]),
    ("E1", &["e1", "placement order", "placement order granted"]),
    (
        "V2",
        &[
            "v2",
            "single period under s20",
            "single period of accommodation under section 20",
        ],
    ),
    ("V3", &["v3", "short term breaks, episodes recorded"]),
    ("V4", &["v4", "short term breaks, agreements recorded"]),
    ("L1", &["l1", "police protection la accommodation"]),
    (
        "L2",
        &[
            "l2",
            "epo",
            "emergency protection order (epo)",
            "emergency protection order",
        ],
    ),
    ("L3", &["l3", "child assessment order la accommodation"]),
    ("J1", &["j1", "remanded to la or youth detention"]),
    ("J2", &["j2", "la accommodation under pace"]),
    ("J3", &["j3", "youth rehabilitation order"]),
];

static PERMANENCE_PLAN: CodeTable = &[
    ("Return to family", &["return to family"]),
    ("Adoption", &["adoption"]),
    (
        "SGO/CAO",
        &["sgo/cao", "sgo", "cao", "special guardianship order"],
    ),
    (
        "Supported living in the community",
        &["supported living in the community", "supported living"],
    ),
    (
        "Long-term residential placement",
        &[
            "long-term residential placement",
            "long term residential placement",
        ],
    ),
    (
        "Long-term fostering",
        &["long-term fostering", "long term fostering"],
    ),
    ("Other", &["other"]),
];

static REASON_CEASED: CodeTable = &[
    ("E11", &["e11"]),
    ("E12", &["e12"]),
    ("E2", &["e2", "died"]),
    ("E3", &["e3"]),
    ("E4A", &["e4a"]),
    ("E4B", &["e4b"]),
    ("E13", &["e13"]),
    ("E41", &["e41", "residence order granted"]),
    ("E45", &["e45"]),
    ("E46", &["e46"]),
    ("E47", &["e47"]),
    ("E48", &["e48"]),
    ("E5", &["e5"]),
    ("E6", &["e6"]),
    ("E7", &["e7"]),
    ("E9", &["e9", "sentenced to custody"]),
    ("E14", &["e14", "accommodation on remand ended"]),
    ("E15", &["e15"]),
    ("E16", &["e16", "child moved abroad"]),
    ("E17", &["e17"]),
    ("E8", &["e8", "care ceased for any other reason"]),
    ("X1", &["x1"]),
];

static PLACEMENT_TYPE: CodeTable = &[
    ("U1", &["u1"]),
    ("U2", &["u2"]),
    ("U3", &["u3"]),
    ("U4", &["u4"]),
    ("U5", &["u5"]),
    ("U6", &["u6"]),
    ("A3", &["a3"]),
    ("A4", &["a4"]),
    ("A5", &["a5"]),
    ("A6", &["a6"]),
    ("P1", &["p1", "placed with parents"]),
    ("P2", &["p2", "independent living"]),
    ("P3", &["p3", "residential employment"]),
    ("H5", &["h5", "residential accommodation"]),
    (
        "K1",
        &["k1", "secure children’s homes", "secure children's homes"],
    ),
    ("K2", &["k2", "children’s homes", "children's homes"]),
    ("R1", &["r1", "residential care home"]),
    ("R2", &["r2", "nhs/health trust"]),
    ("R3", &["r3", "family centre or mother and baby unit"]),
    ("R5", &["r5", "young offender institution"]),
    ("S1", &["s1", "residential school"]),
    ("Z1", &["z1", "other placements"]),
    ("T0", &["t0"]),
    ("T1", &["t1"]),
    ("T2", &["t2"]),
    ("T3", &["t3"]),
    ("T4", &["t4"]),
];

static PLACEMENT_PROVIDER: CodeTable = &[
    ("PR0", &["pr0"]),
    ("PR1", &["pr1", "own provision"]),
    ("PR2", &["pr2", "other la provision"]),
    ("PR3", &["pr3", "other public provision"]),
    ("PR4", &["pr4", "private provision"]),
    ("PR5", &["pr5", "voluntary/third sector"]),
];

static PLACEMENT_LOCATION: CodeTable = &[
    ("In", &["in", "inside", "in la", "inside la boundary"]),
    (
        "Out",
        &["out", "outside", "out of la", "outside la boundary"],
    ),
];

static ELIGIBILITY: CodeTable = &[
    ("Relevant", &["relevant child", "relevant"]),
    (
        "Former relevant",
        &["former relevant child", "former relevant"],
    ),
    ("Qualifying", &["qualifying care leaver", "qualifying"]),
];

/// The label a step-up to social care is normalised to (SPEC §9 `eh_step_up`).
pub const STEP_UP: &str = "Step up to social care";

static EARLY_HELP_END_REASON: CodeTable = &[
    (
        STEP_UP,
        &[
            "step up to social care",
            "step up to children's social care",
            "stepped up to social care",
            "step up",
            "stepped up",
            "escalated to social care",
            "referred to children's social care",
            "referral to children's social care",
        ],
    ),
    (
        "Needs met",
        &[
            "needs met",
            "outcomes achieved",
            "outcomes met",
            "plan completed",
        ],
    ),
    (
        "Step down to universal services",
        &[
            "step down to universal services",
            "stepped down to universal services",
            "step down",
            "universal services",
        ],
    ),
    (
        "Family declined or disengaged",
        &[
            "family declined or disengaged",
            "family declined",
            "declined",
            "consent withdrawn",
            "disengaged",
            "family disengaged",
        ],
    ),
    (
        "Moved out of area",
        &["moved out of area", "moved away", "moved out of the area"],
    ),
    ("Other", &["other"]),
];

static IN_TOUCH: CodeTable = &[
    ("Yes", &["yes", "y"]),
    ("No", &["no", "n"]),
    ("Died", &["died"]),
    ("Refused contact", &["refu", "refused", "refused contact"]),
    (
        "No longer requires services",
        &["nreq", "no longer requires services"],
    ),
    ("Returned home", &["rhom", "returned home"]),
];

static ACCOMMODATION: CodeTable = &[
    ("B", &["b", "parents/relatives"]),
    ("C", &["c", "community home / residential care"]),
    ("D", &["d"]),
    ("E", &["e", "supported lodgings"]),
    ("G", &["g", "abroad"]),
    ("H", &["h", "deported"]),
    ("K", &["k", "ordinary lodgings, without formal support"]),
    ("R", &["r", "residence not known"]),
    ("S", &["s", "no fixed abode / homeless"]),
    ("T", &["t", "foyers and similar supported accommodation"]),
    ("U", &["u", "independent living"]),
    ("V", &["v", "emergency accommodation"]),
    ("W", &["w", "bed and breakfast"]),
    ("X", &["x", "in custody"]),
    ("Y", &["y", "other accommodation"]),
    ("Z", &["z", "with former foster carers"]),
];

static SUITABILITY: CodeTable = &[
    ("Suitable", &["suitable", "1"]),
    ("Unsuitable", &["unsuitable", "not suitable", "2"]),
];

static ACTIVITY: CodeTable = &[
    ("F1", &["f1"]),
    ("P1", &["p1"]),
    ("F2", &["f2"]),
    ("P2", &["p2"]),
    ("F3", &["f3"]),
    ("P3", &["p3"]),
    ("G4", &["g4"]),
    ("G5", &["g5"]),
    ("G6", &["g6"]),
];

static REVERSAL_REASON: CodeTable = &[
    ("RD1", &["rd1"]),
    ("RD2", &["rd2"]),
    ("RD3", &["rd3"]),
    ("RD4", &["rd4"]),
];

static LEAVING_REASON: CodeTable = &[
    ("1", &["1", "adopter withdrew from process"]),
    ("2", &["2", "process put on hold"]),
    ("3", &["3", "application refused"]),
];

/// SPEC §10: the outcomes of an allegation, blank while it is open.
static LADO_OUTCOME: CodeTable = &[
    ("Substantiated", &["substantiated"]),
    ("Unsubstantiated", &["unsubstantiated", "not substantiated"]),
    ("Unfounded", &["unfounded"]),
    ("Malicious", &["malicious"]),
    ("False", &["false"]),
];

static DEATH_EXPECTED: CodeTable = &[
    ("Expected", &["expected", "e"]),
    ("Unexpected", &["unexpected", "u"]),
];

/// The ten categories of the national child death review form, by number.
static DEATH_CATEGORY: CodeTable = &[
    (
        "1 Deliberately inflicted injury, abuse or neglect",
        &["1", "deliberately inflicted injury, abuse or neglect"],
    ),
    (
        "2 Suicide or deliberate self-inflicted harm",
        &[
            "2",
            "suicide or deliberate self-inflicted harm",
            "suicide or deliberate self inflicted harm",
        ],
    ),
    (
        "3 Trauma and other external factors",
        &["3", "trauma and other external factors"],
    ),
    ("4 Malignancy", &["4", "malignancy"]),
    (
        "5 Acute medical or surgical condition",
        &["5", "acute medical or surgical condition"],
    ),
    (
        "6 Chronic medical condition",
        &["6", "chronic medical condition"],
    ),
    (
        "7 Chromosomal, genetic and congenital anomalies",
        &["7", "chromosomal, genetic and congenital anomalies"],
    ),
    (
        "8 Perinatal/neonatal event",
        &[
            "8",
            "perinatal/neonatal event",
            "perinatal or neonatal event",
        ],
    ),
    ("9 Infection", &["9", "infection"]),
    (
        "10 Sudden unexpected, unexplained death",
        &[
            "10",
            "sudden unexpected, unexplained death",
            "sudden unexpected unexplained death",
        ],
    ),
];

static MODIFIABLE: CodeTable = &[
    ("Yes", &["yes", "y", "modifiable factors identified"]),
    ("No", &["no", "n", "no modifiable factors identified"]),
    (
        "Insufficient information",
        &["insufficient information", "insufficient info", "unknown"],
    ),
];

/// A blank is not represented (SPEC §10), which the attendance table shows.
static ATTENDANCE: CodeTable = &[
    ("Attended", &["attended", "present", "yes", "y"]),
    (
        "Apologies",
        &["apologies", "apologies sent", "sent apologies"],
    ),
    (
        "Not represented",
        &["not represented", "absent", "no", "n", "did not attend"],
    ),
];

static BUDGET_LINE: CodeTable = &[
    (
        "Contribution",
        &["contribution", "contributions", "partner contribution"],
    ),
    ("Other income", &["other income", "income"]),
    ("Expenditure", &["expenditure", "spend", "spending"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lettered_bare_and_labelled_sources_agree() {
        for raw in [
            "a) 1A: Individual",
            "1A",
            "Individual",
            "  1a  ",
            "B) 1B: individual",
        ] {
            assert_eq!(CodeSet::Source.decode(raw), Some("Individual"), "{raw}");
        }
        assert_eq!(CodeSet::Source.decode("q) 6: Police"), Some("Police"));
        assert_eq!(CodeSet::Source.decode("u) 10: Unknown"), Some("Unknown"));
        assert_eq!(CodeSet::Source.decode("Postman"), None);
    }

    #[test]
    fn categories_accept_short_codes_and_template_labels() {
        assert_eq!(CodeSet::Category.decode("a) Neglect"), Some("Neglect"));
        assert_eq!(CodeSet::Category.decode("NEG"), Some("Neglect"));
        assert_eq!(
            CodeSet::Category.decode("e) Multiple/not recommended"),
            Some("Multiple")
        );
        assert_eq!(CodeSet::Category.decode("EMO"), Some("Emotional abuse"));
    }

    #[test]
    fn bare_letters_are_no_category_of_abuse() {
        // The template's `d)` is Emotional and `e)` Multiple: a bare letter could be either.
        for letter in ["a", "b", "c", "d", "e", "n", "p", "s", "m", "E"] {
            assert_eq!(CodeSet::Category.decode(letter), None, "{letter}");
        }
        assert_eq!(
            CodeSet::Category.decode("d) Emotional abuse"),
            Some("Emotional abuse")
        );
    }

    #[test]
    fn primary_need_and_closure_match_code_or_description() {
        assert_eq!(
            CodeSet::PrimaryNeed.decode("N1 - Abuse or neglect"),
            Some("N1")
        );
        assert_eq!(CodeSet::PrimaryNeed.decode("n4"), Some("N4"));
        assert_eq!(
            CodeSet::ClosureReason.decode("RC8 - Case closed after assessment, no further action"),
            Some("RC8")
        );
    }

    #[test]
    fn case_status_follows_template_wording() {
        assert_eq!(
            CodeSet::CaseStatus.decode("c) Child in need plan"),
            Some("CIN plan")
        );
        assert_eq!(
            CodeSet::CaseStatus.decode("e) Closed episode"),
            Some("Closed")
        );
    }

    #[test]
    fn contact_outcome_is_a_referral_when_it_starts_with_referral() {
        assert_eq!(
            CodeSet::ContactOutcome.decode("a) Referral to children's social care"),
            Some("Referral")
        );
        assert_eq!(
            CodeSet::ContactOutcome.decode("No further action"),
            Some("No further action")
        );
        assert_eq!(CodeSet::ContactOutcome.decode("Lost"), None);
    }

    #[test]
    fn yes_no_spellings() {
        for raw in ["a) Yes", "Yes", "Y", "1", "true", "TRUE"] {
            assert_eq!(decode_yes_no(raw), Some(Answer::Yes), "{raw}");
        }
        for raw in ["b) No", "no", "N", "0", "False"] {
            assert_eq!(decode_yes_no(raw), Some(Answer::No), "{raw}");
        }
        assert_eq!(decode_yes_no("c) Unknown"), Some(Answer::Unknown));
        assert_eq!(decode_yes_no("maybe"), None);
    }

    #[test]
    fn ethnicity_groups() {
        assert_eq!(CodeSet::Ethnicity.decode("a) WBRI"), Some("WBRI"));
        assert_eq!(CodeSet::Ethnicity.decode("Pakistani"), Some("APKN"));
        for not_obtained in ["s) NOBT", "t) NOBT", "u) UNKNOWN", "Unknown"] {
            assert_eq!(CodeSet::Ethnicity.decode(not_obtained), Some("NOBT"));
        }
        assert_eq!(ethnicity_group("APKN"), "Asian");
        assert_eq!(ethnicity_group("MWBC"), "Mixed");
        assert_eq!(ethnicity_group("NOBT"), "Unknown");
        assert_eq!(ethnicity_group("CHNE"), "Chinese");
    }

    #[test]
    fn letter_prefix_needs_a_closing_bracket() {
        assert_eq!(normalise("d1) Not in education"), "not in education");
        assert_eq!(normalise("abc"), "abc");
        assert_eq!(normalise("N1 - x"), "n1 - x");
    }
}
