//! The input shapes of RULES.md §3, with exactly those wire names. Unknown fields are rejected.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::ruleset::RulesetOverrides;
use crate::time::{Date, Timestamp};
use crate::vocab::{
    BranchKind, Form, HonorStatus, Level, OutputKind, PartnerKind, PerTask, Province, Role,
    StudioStatus, Task,
};

/// 申报: one application to the special action.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    pub person_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub institution: Institution,
    /// Where the application was submitted.
    pub province: Province,
    pub branch: Branch,
    pub role: Role,
    pub dual_leader: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub studio: Option<Studio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_honor: Option<BranchHonor>,
    /// Absent: the finding `plan_missing` (not malformed input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Absent: pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub university_review: Option<UniversityReview>,
    /// Used to decide which of one person's applications stands (R-DUP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    /// The province's own assessment, 0..=100; absent: the plan score is the merit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merit_score: Option<f64>,
}

crate::wire::de::deserialize_struct!(Application {
    id: required,
    person_id: required,
    name: optional,
    institution: required,
    province: required,
    branch: required,
    role: required,
    dual_leader: required,
    studio: optional,
    branch_honor: optional,
    plan: optional,
    university_review: optional,
    submitted_at: optional,
    merit_score: optional
});

/// The applicant's institution.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// The 10-digit MoE 学校标识码; digits 3–4 are the province.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub higher_education: bool,
    /// Belongs to 新疆生产建设兵团: its home province is `"66"` (absent: false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corps: bool,
}

crate::wire::de::deserialize_struct!(Institution {
    code: required,
    name: optional,
    higher_education: required,
    corps: null_default
});

/// The applicant's party branch.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Compared (trimmed) with `registry.national_model_branches[].branch_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub kind: BranchKind,
}

crate::wire::de::deserialize_struct!(Branch {
    name: optional,
    kind: required
});

/// The applicant's 双带头人工作室. `batch` and `status` are required when `level` is national.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Studio {
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StudioStatus>,
}

crate::wire::de::deserialize_struct!(Studio {
    level: required,
    batch: optional,
    status: optional
});

/// The branch's 党建工作样板支部 rating. `batch` and `status` are required when `level` is national.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchHonor {
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<HonorStatus>,
}

crate::wire::de::deserialize_struct!(BranchHonor {
    level: required,
    batch: optional,
    status: optional
});

/// The university party committee's review (学校党委审核).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniversityReview {
    pub decision: ReviewDecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

crate::wire::de::deserialize_struct!(UniversityReview {
    decision: required,
    date: optional
});

/// `university_review.decision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approved,
    Rejected,
    Pending,
}

crate::vocab::deserialize_wire!(ReviewDecision {
    Approved = "approved",
    Rejected = "rejected",
    Pending = "pending",
});

/// 计划书: the action plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// One objective per task; a missing or blank one is the finding `objective_missing`.
    pub objectives: PerTask<Option<String>>,
    pub activities: Vec<PlannedActivity>,
    pub outputs: Vec<PlannedOutput>,
    /// Keyed by cycle year as a string (`"1"`, `"2"`, `"3"`).
    pub milestones: BTreeMap<String, Option<String>>,
}

crate::wire::de::deserialize_struct!(Plan {
    objectives: required,
    activities: required,
    outputs: required,
    milestones: required_unique_keys
});

/// A planned activity.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedActivity {
    pub task: Task,
    pub form: Form,
    /// Required (non-blank) when `form` is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub partner: Partner,
    /// The cycle year, 1..=cycle_years.
    pub year: i64,
}

crate::wire::de::deserialize_struct!(PlannedActivity {
    task: required,
    form: required,
    note: optional,
    partner: required,
    year: required
});

/// A planned encouraged output.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedOutput {
    pub task: Task,
    pub kind: OutputKind,
    /// The cycle year, 1..=cycle_years (outside it: the warning `output_year_out_of_range`).
    pub year: i64,
    /// Required (non-blank) when `kind` is `other` (else the warning `output_without_note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

crate::wire::de::deserialize_struct!(PlannedOutput {
    task: required,
    kind: required,
    year: required,
    note: optional
});

/// An activity's partner (联建/服务对象).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub kind: PartnerKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Required (non-blank) when `kind` is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

crate::wire::de::deserialize_struct!(Partner {
    kind: required,
    name: optional,
    note: optional
});

/// One province's settings in a selection.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceConfig {
    pub province: Province,
    pub national_quota: u32,
    /// `null` or absent: unlimited.
    #[serde(default)]
    pub provincial_quota: Option<u32>,
    /// Per institution code: how many non-exempt candidates the university may forward.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "Option<BTreeMap<String, u32>>")]
    pub university_quotas: BTreeMap<String, u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_submitted_at: Option<Timestamp>,
}

crate::wire::de::deserialize_struct!(ProvinceConfig {
    province: required,
    national_quota: required,
    provincial_quota: default,
    university_quotas: unique_keys,
    list_submitted_at: optional
});

/// Official lists; every part optional. A list that is present (even empty) is checked against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_studios: Option<Vec<RegistryStudio>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_model_branches: Option<Vec<RegistryBranch>>,
}

crate::wire::de::deserialize_struct!(Registry {
    national_studios: optional,
    national_model_branches: optional
});

/// An entry of the national studio list.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryStudio {
    pub person_id: String,
    pub batch: u8,
    pub status: StudioStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Province>,
}

crate::wire::de::deserialize_struct!(RegistryStudio {
    person_id: required,
    batch: required,
    status: required,
    province: optional
});

/// An entry of the national model-branch list.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryBranch {
    pub institution_code: String,
    pub branch_name: String,
    pub batch: u8,
    pub status: HonorStatus,
}

crate::wire::de::deserialize_struct!(RegistryBranch {
    institution_code: required,
    branch_name: required,
    batch: required,
    status: required
});

/// The office's decision on a recommended application (备案审核).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfficeDecision {
    Approved,
    Rejected,
}

crate::vocab::deserialize_wire!(OfficeDecision {
    Approved = "approved",
    Rejected = "rejected",
});

/// Everything a selection needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectionInput {
    pub applications: Vec<Application>,
    pub provinces: Vec<ProvinceConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<Registry>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "Option<BTreeMap<String, OfficeDecision>>")]
    pub office_decisions: BTreeMap<String, OfficeDecision>,
    /// Overrides merged over the ruleset the selection is run with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetOverrides>,
}

crate::wire::de::deserialize_struct!(SelectionInput {
    applications: required,
    provinces: required,
    registry: optional,
    office_decisions: unique_keys,
    ruleset: optional
});

/// 年度开展情况: one yearly progress report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualReport {
    pub application_id: String,
    pub cycle_year: i64,
    /// Absent for a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    pub summary: String,
    /// One entry per task; a missing one is the finding `task_not_covered`.
    pub tasks: PerTask<Option<TaskReport>>,
}

crate::wire::de::deserialize_struct!(AnnualReport {
    application_id: required,
    cycle_year: required,
    submitted_at: optional,
    summary: required,
    tasks: required
});

/// What was done for one task in the year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskReport {
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub outputs: Vec<Output>,
}

crate::wire::de::deserialize_struct!(TaskReport {
    activities: null_default,
    outputs: null_default
});

/// One activity carried out.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub date: Date,
    pub form: Form,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub partner: Partner,
    pub participants: Participants,
    #[serde(default)]
    pub rural_revitalization: bool,
    pub description: String,
    #[serde(default)]
    pub evidence: Vec<String>,
}

crate::wire::de::deserialize_struct!(Activity {
    date: required,
    form: required,
    note: optional,
    partner: required,
    participants: required,
    rural_revitalization: null_default,
    description: required,
    evidence: null_default
});

/// Who took part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    pub teachers: u32,
    pub students: u32,
}

crate::wire::de::deserialize_struct!(Participants {
    teachers: required,
    students: required
});

/// An output achieved (精品党课, 调研报告 …).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub kind: OutputKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Required (non-blank) when `kind` is `other` (else the warning `output_without_note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

crate::wire::de::deserialize_struct!(Output {
    kind: required,
    title: optional,
    note: optional,
    evidence: null_default
});

/// Whether a text has anything in it but white space.
pub(crate) fn is_blank(s: Option<&str>) -> bool {
    // Stops at the first non-white-space character (cheaper than trimming both ends).
    s.is_none_or(|s| s.chars().all(char::is_whitespace))
}

/// The Summary input of R-SUMMARY (§4.15): annual reports over the cycle, and who the
/// participants are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryInput {
    pub reports: Vec<AnnualReport>,
    /// Optional: an `application_id` of the reports not listed here counts under province `null`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Participant>>")]
    pub participants: Vec<Participant>,
    /// Merged over the ruleset the call is given, as for a Selection input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetOverrides>,
}

crate::wire::de::deserialize_struct!(SummaryInput {
    reports: required,
    participants: null_default,
    ruleset: optional
});

/// One participant of a cycle summary: their application, province and (optionally) person.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub application_id: String,
    pub province: Province,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
}

crate::wire::de::deserialize_struct!(Participant {
    application_id: required,
    province: required,
    person_id: optional
});
