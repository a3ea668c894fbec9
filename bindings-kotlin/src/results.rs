//! The core's results as Kotlin data classes (dates as `YYYY-MM-DD` text).

use qgx_core::{
    CyclePosition as CorePosition, Form, Gain, GainKind, Message, Outcome, Outside, PerTask,
    PlanTaskSummary, ProvinceCaseEntry, ReportState, ReportTaskSummary, RulesetStamp, Severity,
    TaskScore, TaskTotals, YearSummary,
};

#[uniffi::remote(Enum)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[uniffi::remote(Enum)]
pub enum ReportState {
    NotDue,
    Open,
    SubmittedOnTime,
    SubmittedEarly,
    SubmittedLate,
    Overdue,
}

#[uniffi::remote(Record)]
pub struct RulesetStamp {
    pub edition: String,
    pub hash: String,
    pub engine: String,
}

#[uniffi::remote(Record)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

#[uniffi::remote(Record)]
pub struct ReportTaskSummary {
    pub valid_activities: u32,
}

#[uniffi::remote(Record)]
pub struct TaskScore {
    pub coverage: f64,
    pub breadth: f64,
    pub reach: f64,
    pub outputs: f64,
    pub total: f64,
}

/// One thing a check found. `rule` is the clause ID (`R-TASK-1`), `code` the catalog code
/// (`task_not_covered`), `path` a JSON Pointer into the report.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Finding {
    pub rule: String,
    pub code: String,
    pub severity: Severity,
    pub path: String,
    pub message: Message,
}

impl From<qgx_core::Finding> for Finding {
    fn from(f: qgx_core::Finding) -> Self {
        Finding {
            rule: f.rule.id().to_owned(),
            code: f.code.as_str().to_owned(),
            severity: f.severity,
            path: f.path,
            message: f.message,
        }
    }
}

/// Per task: how many reported activities are valid.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReportTasks {
    pub party_building: ReportTaskSummary,
    pub education_service: ReportTaskSummary,
    pub tech_empowerment: ReportTaskSummary,
    pub practice_education: ReportTaskSummary,
}

/// Per task: the score's components.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TaskScores {
    pub party_building: TaskScore,
    pub education_service: TaskScore,
    pub tech_empowerment: TaskScore,
    pub practice_education: TaskScore,
}

/// The report score, 0..=100 (25 per task).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReportScore {
    pub total: f64,
    pub tasks: TaskScores,
}

/// The result of `checkReport`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReportCheck {
    pub ruleset: RulesetStamp,
    pub application_id: String,
    pub cycle_year: i64,
    /// No error among the findings.
    pub complete: bool,
    /// Passed checks / all checks (1.0 only when complete).
    pub completeness: f64,
    pub findings: Vec<Finding>,
    pub tasks: ReportTasks,
    pub score: ReportScore,
    /// The fixes that would make the report complete: its errors grouped by activity, task or
    /// member of the report (empty when complete).
    pub fixes: Vec<Fix>,
    /// Per task, the one addition that raises the score most and by how much (`null` when
    /// nothing raises it).
    pub gains: ReportGains,
    /// `null` for a draft checked without `asOf`, or with a bad cycle year.
    pub status: Option<ReportState>,
}

/// The errors of one place in a report, grouped: an activity, a task, or the report itself.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Fix {
    /// `/tasks/<task>/activities/<i>`, `/tasks/<task>`, or a member of the report (`/summary`).
    pub path: String,
    /// The catalog codes of the errors there, in the order of the findings.
    pub codes: Vec<String>,
    pub message: Message,
}

impl From<qgx_core::Fix> for Fix {
    fn from(f: qgx_core::Fix) -> Self {
        Fix {
            path: f.path,
            codes: f.codes.iter().map(|c| c.as_str().to_owned()).collect(),
            message: f.message,
        }
    }
}

#[uniffi::remote(Enum)]
pub enum GainKind {
    FirstActivity,
    NewForm,
    MoreParticipants,
    OneMoreOutput,
}

/// The single addition to a task that raises the report's score most.
#[uniffi::remote(Record)]
pub struct Gain {
    pub kind: GainKind,
    /// What it adds to the total score (2 decimals).
    pub gain: f64,
    /// The form of the activity to add (`FIRST_ACTIVITY`, `NEW_FORM`).
    pub form: Option<Form>,
    /// The participants to reach (`MORE_PARTICIPANTS`).
    pub participants: Option<u64>,
    pub message: Message,
}

/// Per task: the best single addition, `null` when nothing raises the score.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReportGains {
    pub party_building: Option<Gain>,
    pub education_service: Option<Gain>,
    pub tech_empowerment: Option<Gain>,
    pub practice_education: Option<Gain>,
}

fn split<T>(p: PerTask<T>) -> [T; 4] {
    [
        p.party_building,
        p.education_service,
        p.tech_empowerment,
        p.practice_education,
    ]
}

impl From<qgx_core::ReportCheck> for ReportCheck {
    fn from(c: qgx_core::ReportCheck) -> Self {
        let [pb, es, te, pe] = split(c.tasks);
        let [spb, ses, ste, spe] = split(c.score.tasks);
        ReportCheck {
            ruleset: c.ruleset,
            application_id: c.application_id,
            cycle_year: c.cycle_year,
            complete: c.complete,
            completeness: c.completeness,
            findings: c.findings.into_iter().map(Finding::from).collect(),
            tasks: ReportTasks {
                party_building: pb,
                education_service: es,
                tech_empowerment: te,
                practice_education: pe,
            },
            score: ReportScore {
                total: c.score.total,
                tasks: TaskScores {
                    party_building: spb,
                    education_service: ses,
                    tech_empowerment: ste,
                    practice_education: spe,
                },
            },
            fixes: c.fixes.into_iter().map(Fix::from).collect(),
            gains: {
                let [pb, es, te, pe] = split(c.gains);
                ReportGains {
                    party_building: pb,
                    education_service: es,
                    tech_empowerment: te,
                    practice_education: pe,
                }
            },
            status: c.status,
        }
    }
}

// check_application, check_plan.

#[uniffi::remote(Enum)]
pub enum Outcome {
    NationalTeam,
    Recommended,
    ProvincialTeam,
    ProvincialCandidate,
    NotSelected,
    Ineligible,
    IncompletePlan,
    NotEndorsed,
    Misrouted,
    Duplicate,
}

/// The result of `checkApplication`: every rule that does not need the other applications.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ApplicationCheck {
    pub ruleset: RulesetStamp,
    pub id: String,
    /// Passes R-ELIG, R-PLAN, R-ENDORSE and R-ROUTE (R-DUP needs a whole selection).
    pub candidate: bool,
    /// The outcome of the first failing rule, `null` for a candidate.
    pub outcome: Option<Outcome>,
    /// The clause behind `outcome` (`"R-ELIG"`).
    pub outcome_rule: Option<String>,
    pub quota_exempt: bool,
    pub priority: bool,
    /// `meritScore` when given, else the plan score.
    pub merit: f64,
    pub plan_score: f64,
    pub findings: Vec<Finding>,
}

impl From<qgx_core::ApplicationCheck> for ApplicationCheck {
    fn from(c: qgx_core::ApplicationCheck) -> Self {
        ApplicationCheck {
            ruleset: c.ruleset,
            id: c.id,
            candidate: c.candidate,
            outcome: c.outcome,
            outcome_rule: c.outcome_rule.map(|r| r.id().to_owned()),
            quota_exempt: c.quota_exempt,
            priority: c.priority,
            merit: c.merit,
            plan_score: c.plan_score,
            findings: c.findings.into_iter().map(Finding::from).collect(),
        }
    }
}

#[uniffi::remote(Record)]
pub struct PlanTaskSummary {
    pub valid_activities: u32,
}

/// Per task: how many planned activities are valid.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PlanTasks {
    pub party_building: PlanTaskSummary,
    pub education_service: PlanTaskSummary,
    pub tech_empowerment: PlanTaskSummary,
    pub practice_education: PlanTaskSummary,
}

/// The result of `checkPlan` (R-PLAN).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlanCheck {
    pub ruleset: RulesetStamp,
    /// No error among the findings.
    pub complete: bool,
    pub findings: Vec<Finding>,
    pub tasks: PlanTasks,
    /// The plan score, 0..=100, the merit of an application without `meritScore`.
    pub score: f64,
}

impl From<qgx_core::PlanCheck> for PlanCheck {
    fn from(c: qgx_core::PlanCheck) -> Self {
        let [pb, es, te, pe] = split(c.tasks);
        PlanCheck {
            ruleset: c.ruleset,
            complete: c.complete,
            findings: c.findings.into_iter().map(Finding::from).collect(),
            tasks: PlanTasks {
                party_building: pb,
                education_service: es,
                tech_empowerment: te,
                practice_education: pe,
            },
            score: c.score,
        }
    }
}

/// One entry of the finding catalog: a code, its severity and its message templates.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CatalogEntry {
    pub code: String,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
}

impl From<qgx_core::CatalogEntry> for CatalogEntry {
    fn from(e: qgx_core::CatalogEntry) -> Self {
        CatalogEntry {
            code: e.code.as_str().to_owned(),
            severity: e.severity,
            zh: e.zh,
            en: e.en,
        }
    }
}

/// Cycle year `year`'s dates and its report's window and due date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CycleYear {
    pub year: u32,
    pub start: String,
    pub end: String,
    pub window_opens: String,
    pub due: String,
}

impl From<qgx_core::CycleYear> for CycleYear {
    fn from(y: qgx_core::CycleYear) -> Self {
        CycleYear {
            year: y.year,
            start: y.start.to_string(),
            end: y.end.to_string(),
            window_opens: y.window_opens.to_string(),
            due: y.due.to_string(),
        }
    }
}

/// Where `asOf` falls in the cycle.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CyclePosition {
    BeforeCycle,
    /// Inside year `year`: `day` is 1 on its first day; `days_left` counts its days after as_of.
    InYear {
        year: u32,
        day: u32,
        days_left: u32,
    },
    AfterCycle,
}

impl From<CorePosition> for CyclePosition {
    fn from(p: CorePosition) -> Self {
        match p {
            CorePosition::Outside(Outside::BeforeCycle) => CyclePosition::BeforeCycle,
            CorePosition::Outside(Outside::AfterCycle) => CyclePosition::AfterCycle,
            CorePosition::InYear {
                year,
                day,
                days_left,
            } => CyclePosition::InYear {
                year,
                day,
                days_left,
            },
        }
    }
}

/// The first report due on or after `asOf`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NextDue {
    pub year: u32,
    pub window_opens: String,
    pub due: String,
    /// Days from as_of to the due date (0 on the due date).
    pub days_left: i64,
}

impl From<qgx_core::NextDue> for NextDue {
    fn from(n: qgx_core::NextDue) -> Self {
        NextDue {
            year: n.year,
            window_opens: n.window_opens.to_string(),
            due: n.due.to_string(),
            days_left: n.days_left,
        }
    }
}

/// The result of `cycleStatus`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CycleStatus {
    pub ruleset: RulesetStamp,
    pub as_of: String,
    pub position: CyclePosition,
    pub years: Vec<CycleYear>,
    pub next_due: Option<NextDue>,
}

impl From<qgx_core::CycleStatus> for CycleStatus {
    fn from(s: qgx_core::CycleStatus) -> Self {
        CycleStatus {
            ruleset: s.ruleset,
            as_of: s.as_of.to_string(),
            position: s.position.into(),
            years: s.years.into_iter().map(CycleYear::from).collect(),
            next_due: s.next_due.map(NextDue::from),
        }
    }
}

/// The result of `reportStatus`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReportStatus {
    pub ruleset: RulesetStamp,
    pub year: u32,
    pub status: ReportState,
    pub window_opens: String,
    pub due: String,
    /// The submission's civil date in +08:00, when submitted.
    pub submitted_on: Option<String>,
    /// Days from as_of to the due date (negative once past it).
    pub days_to_due: i64,
}

impl From<qgx_core::ReportStatus> for ReportStatus {
    fn from(s: qgx_core::ReportStatus) -> Self {
        ReportStatus {
            ruleset: s.ruleset,
            year: s.year,
            status: s.status,
            window_opens: s.window_opens.to_string(),
            due: s.due.to_string(),
            submitted_on: s.submitted_on.map(|d| d.to_string()),
            days_to_due: s.days_to_due,
        }
    }
}

// R-SUMMARY (RULES.md §4.15): the cycle summary.

#[uniffi::remote(Record)]
pub struct YearSummary {
    pub year: u32,
    pub status: ReportState,
    pub complete: Option<bool>,
    pub completeness: Option<f64>,
    pub score: Option<f64>,
}

#[uniffi::remote(Record)]
pub struct TaskTotals {
    pub valid_activities: u32,
    pub reach: u64,
    pub outputs: u32,
    pub rural_activities: u32,
}

#[uniffi::remote(Record)]
pub struct ProvinceCaseEntry {
    pub application_id: String,
    pub cycle_score: f64,
}

/// Per task: the totals over a participant's counted submitted reports.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CycleTotals {
    pub party_building: TaskTotals,
    pub education_service: TaskTotals,
    pub tech_empowerment: TaskTotals,
    pub practice_education: TaskTotals,
}

impl From<PerTask<TaskTotals>> for CycleTotals {
    fn from(p: PerTask<TaskTotals>) -> Self {
        let [
            party_building,
            education_service,
            tech_empowerment,
            practice_education,
        ] = split(p);
        CycleTotals {
            party_building,
            education_service,
            tech_empowerment,
            practice_education,
        }
    }
}

/// One participant's cycle ("my three years"): each year's status, completeness and score,
/// the counts of years due, on time and complete, and overdue, the cycle score, the per-task
/// totals and whether the participant is a typical-case candidate.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ParticipantSummary {
    pub application_id: String,
    /// The two-digit province code; `null` when the input did not list the participant.
    pub province: Option<String>,
    pub person_id: Option<String>,
    /// One per cycle year.
    pub years: Vec<YearSummary>,
    /// Years whose due date is before `asOf`.
    pub due: u32,
    /// Due years whose counted report is submitted, complete and not late.
    pub on_time_complete: u32,
    /// Due years with no submitted report.
    pub overdue: u32,
    /// The mean over due years of the year's score (0 without a submitted report), 2 decimals;
    /// `null` when no year is due.
    pub cycle_score: Option<f64>,
    pub totals: CycleTotals,
    pub case_candidate: bool,
    /// `report_superseded` and `bad_cycle_year`.
    pub findings: Vec<Finding>,
}

impl From<qgx_core::ParticipantSummary> for ParticipantSummary {
    fn from(p: qgx_core::ParticipantSummary) -> Self {
        ParticipantSummary {
            application_id: p.application_id,
            province: p.province.map(|x| x.code().to_owned()),
            person_id: p.person_id,
            years: p.years,
            due: p.due,
            on_time_complete: p.on_time_complete,
            overdue: p.overdue,
            cycle_score: p.cycle_score,
            totals: p.totals.into(),
            case_candidate: p.case_candidate,
            findings: p.findings.into_iter().map(Finding::from).collect(),
        }
    }
}

/// A national shortlist entry.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CaseEntry {
    pub application_id: String,
    pub province: Option<String>,
    pub cycle_score: f64,
}

impl From<qgx_core::CaseEntry> for CaseEntry {
    fn from(c: qgx_core::CaseEntry) -> Self {
        CaseEntry {
            application_id: c.application_id,
            province: c.province.map(|x| x.code().to_owned()),
            cycle_score: c.cycle_score,
        }
    }
}

/// One province's roll-up (`province` null: participants the input did not list).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProvinceCycleSummary {
    pub province: Option<String>,
    pub name: Option<String>,
    pub participants: u32,
    pub reports_due: u32,
    pub on_time_complete: u32,
    pub overdue: u32,
    pub mean_cycle_score: Option<f64>,
    pub case_shortlist: Vec<ProvinceCaseEntry>,
}

impl From<qgx_core::ProvinceCycleSummary> for ProvinceCycleSummary {
    fn from(p: qgx_core::ProvinceCycleSummary) -> Self {
        ProvinceCycleSummary {
            province: p.province.map(|x| x.code().to_owned()),
            name: p.name,
            participants: p.participants,
            reports_due: p.reports_due,
            on_time_complete: p.on_time_complete,
            overdue: p.overdue,
            mean_cycle_score: p.mean_cycle_score,
            case_shortlist: p.case_shortlist,
        }
    }
}

/// The result of `summarizeCycle`, sorted by application id and province code (`null` last).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CycleSummary {
    pub ruleset: RulesetStamp,
    pub as_of: String,
    /// The national shortlist of typical-case candidates.
    pub case_shortlist: Vec<CaseEntry>,
    pub participants: Vec<ParticipantSummary>,
    pub provinces: Vec<ProvinceCycleSummary>,
}

impl From<qgx_core::CycleSummary> for CycleSummary {
    fn from(s: qgx_core::CycleSummary) -> Self {
        CycleSummary {
            ruleset: s.ruleset,
            as_of: s.as_of.to_string(),
            case_shortlist: s.case_shortlist.into_iter().map(CaseEntry::from).collect(),
            participants: s
                .participants
                .into_iter()
                .map(ParticipantSummary::from)
                .collect(),
            provinces: s
                .provinces
                .into_iter()
                .map(ProvinceCycleSummary::from)
                .collect(),
        }
    }
}
