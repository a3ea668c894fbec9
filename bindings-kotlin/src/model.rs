//! The input shapes of RULES.md §3 (the annual report, the application and its plan, the
//! registry) as Kotlin data classes, and their conversion into the core's types. Dates and
//! timestamps are the wire text (`YYYY-MM-DD`, RFC 3339), province codes the two-digit text; a
//! bad one, or a string with a lone surrogate, is a `QgxException.InvalidInput` at its JSON
//! Pointer, as in the JSON input.

use std::collections::{BTreeMap, HashMap};

use qgx_core::{
    BranchHonor, Error, ErrorKind, Form, HonorStatus, Level, OutputKind, PartnerKind, PerTask,
    ReviewDecision, Role, Studio, StudioStatus, Task,
};

use crate::text::Text;

// The core's vocabularies, exposed as they are (Kotlin enums; `PARTY_LECTURE` is `party_lecture`).

#[uniffi::remote(Enum)]
pub enum Form {
    PartyLecture,
    TheoryOutreach,
    ExperienceExchange,
    ResourceSharing,
    Lecture,
    SkillsTraining,
    ScienceOutreach,
    Donation,
    TeachingSeminar,
    CurriculumExchange,
    DisciplineConsulting,
    PolicyAdvice,
    TechDevelopment,
    CreativeDesign,
    CulturalCommunication,
    PlatformSupport,
    FieldResearch,
    Interviews,
    VolunteerService,
    ProfessionalInternship,
    EmploymentTraineeship,
    Other,
}

#[uniffi::remote(Enum)]
pub enum PartnerKind {
    LocalPartyGovernment,
    EnterpriseInstitution,
    ResearchInstitute,
    GrassrootsCommunity,
    EducationAuthority,
    School,
    TeachersStudents,
    PartyGovernmentOrgan,
    PublicInstitution,
    LeadingEnterprise,
    Subdistrict,
    Township,
    Community,
    Enterprise,
    Hospital,
    Other,
}

#[uniffi::remote(Enum)]
pub enum OutputKind {
    QualityPartyLesson,
    IdeologicalCourseDemo,
    ServiceBrandActivity,
    BigIdeologyCourse,
    IurPlatform,
    AchievementTransfer,
    ResearchReport,
    ConsultingReport,
    Other,
}

/// 年度开展情况: one yearly progress report (a draft has no `submitted_at`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AnnualReport {
    pub application_id: Text,
    /// The cycle year, 1..=cycle_years (another value is the finding `bad_cycle_year`).
    pub cycle_year: i64,
    /// RFC 3339 timestamp (`2025-08-20T10:00:00+08:00`), or a date; `null` for a draft.
    #[uniffi(default = None)]
    pub submitted_at: Option<Text>,
    pub summary: Text,
    /// One entry per task; a missing one is the finding `task_not_covered`.
    pub tasks: TaskReports,
}

/// The report's four tasks (`null`: not reported).
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct TaskReports {
    #[uniffi(default = None)]
    pub party_building: Option<TaskReport>,
    #[uniffi(default = None)]
    pub education_service: Option<TaskReport>,
    #[uniffi(default = None)]
    pub tech_empowerment: Option<TaskReport>,
    #[uniffi(default = None)]
    pub practice_education: Option<TaskReport>,
}

/// What was done for one task in the year.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct TaskReport {
    #[uniffi(default)]
    pub activities: Vec<Activity>,
    #[uniffi(default)]
    pub outputs: Vec<Output>,
}

/// One activity carried out.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Activity {
    /// `YYYY-MM-DD`.
    pub date: Text,
    pub form: Form,
    /// Required (non-blank) when `form` is `OTHER`.
    #[uniffi(default = None)]
    pub note: Option<Text>,
    pub partner: Partner,
    pub participants: Participants,
    #[uniffi(default = false)]
    pub rural_revitalization: bool,
    pub description: Text,
    #[uniffi(default)]
    pub evidence: Vec<Text>,
}

/// An activity's partner (联建/服务对象).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Partner {
    pub kind: PartnerKind,
    #[uniffi(default = None)]
    pub name: Option<Text>,
    /// Required (non-blank) when `kind` is `OTHER`.
    #[uniffi(default = None)]
    pub note: Option<Text>,
}

/// Who took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Participants {
    pub teachers: u32,
    pub students: u32,
}

/// An output achieved (精品党课, 调研报告 …).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Output {
    pub kind: OutputKind,
    #[uniffi(default = None)]
    pub title: Option<Text>,
    /// Required (non-blank) when `kind` is `OTHER` (else the warning `output_without_note`).
    #[uniffi(default = None)]
    pub note: Option<Text>,
    #[uniffi(default)]
    pub evidence: Vec<Text>,
}

fn bad_input(path: &str, message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, path, message)
}

fn date(t: Text, path: &str) -> Result<qgx_core::Date, Error> {
    qgx_core::Date::parse(&t.field(path)?).map_err(|m| bad_input(path, m))
}

fn opt_date(t: Option<Text>, path: &str) -> Result<Option<qgx_core::Date>, Error> {
    t.map(|t| date(t, path)).transpose()
}

fn opt_timestamp(t: Option<Text>, path: &str) -> Result<Option<qgx_core::Timestamp>, Error> {
    t.map(|t| qgx_core::Timestamp::parse(&t.field(path)?).map_err(|m| bad_input(path, m)))
        .transpose()
}

/// A province code, read by the core's own reader (its message for an unknown code).
fn province(t: Text, path: &str) -> Result<qgx_core::Province, Error> {
    qgx_core::from_json_value(serde_json::Value::String(t.field(path)?)).map_err(|e| e.under(path))
}

fn texts(v: Vec<Text>, path: &str) -> Result<Vec<String>, Error> {
    v.into_iter()
        .enumerate()
        .map(|(i, t)| t.field(&format!("{path}/{i}")))
        .collect()
}

fn strings(v: Vec<String>) -> Vec<Text> {
    v.into_iter().map(Text::from).collect()
}

impl Partner {
    fn into_core(self, base: &str) -> Result<qgx_core::Partner, Error> {
        Ok(qgx_core::Partner {
            kind: self.kind,
            name: Text::opt_field(self.name, &format!("{base}/name"))?,
            note: Text::opt_field(self.note, &format!("{base}/note"))?,
        })
    }
}

impl From<qgx_core::Partner> for Partner {
    fn from(p: qgx_core::Partner) -> Self {
        Partner {
            kind: p.kind,
            name: p.name.map(Text::from),
            note: p.note.map(Text::from),
        }
    }
}

impl Activity {
    fn into_core(self, base: &str) -> Result<qgx_core::Activity, Error> {
        Ok(qgx_core::Activity {
            date: date(self.date, &format!("{base}/date"))?,
            form: self.form,
            note: Text::opt_field(self.note, &format!("{base}/note"))?,
            partner: self.partner.into_core(&format!("{base}/partner"))?,
            participants: qgx_core::Participants {
                teachers: self.participants.teachers,
                students: self.participants.students,
            },
            rural_revitalization: self.rural_revitalization,
            description: self.description.field(&format!("{base}/description"))?,
            evidence: texts(self.evidence, &format!("{base}/evidence"))?,
        })
    }
}

impl Output {
    fn into_core(self, base: &str) -> Result<qgx_core::Output, Error> {
        Ok(qgx_core::Output {
            kind: self.kind,
            title: Text::opt_field(self.title, &format!("{base}/title"))?,
            note: Text::opt_field(self.note, &format!("{base}/note"))?,
            evidence: texts(self.evidence, &format!("{base}/evidence"))?,
        })
    }
}

fn task_into_core(
    task: Option<TaskReport>,
    key: &str,
) -> Result<Option<qgx_core::TaskReport>, Error> {
    let Some(t) = task else {
        return Ok(None);
    };
    let activities = t
        .activities
        .into_iter()
        .enumerate()
        .map(|(i, a)| a.into_core(&format!("/tasks/{key}/activities/{i}")))
        .collect::<Result<Vec<_>, _>>()?;
    let outputs = t
        .outputs
        .into_iter()
        .enumerate()
        .map(|(i, o)| o.into_core(&format!("/tasks/{key}/outputs/{i}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(qgx_core::TaskReport {
        activities,
        outputs,
    }))
}

impl TryFrom<AnnualReport> for qgx_core::AnnualReport {
    type Error = Error;

    /// Parses the dates and timestamps; a bad one is `InvalidInput` at its JSON Pointer.
    fn try_from(r: AnnualReport) -> Result<Self, Error> {
        let t = r.tasks;
        Ok(qgx_core::AnnualReport {
            application_id: r.application_id.field("/application_id")?,
            cycle_year: r.cycle_year,
            submitted_at: opt_timestamp(r.submitted_at, "/submitted_at")?,
            summary: r.summary.field("/summary")?,
            tasks: PerTask {
                party_building: task_into_core(t.party_building, "party_building")?,
                education_service: task_into_core(t.education_service, "education_service")?,
                tech_empowerment: task_into_core(t.tech_empowerment, "tech_empowerment")?,
                practice_education: task_into_core(t.practice_education, "practice_education")?,
            },
        })
    }
}

/// The binding's shapes from the core's: for tests and for apps that start from a sample.
impl From<qgx_core::AnnualReport> for AnnualReport {
    fn from(r: qgx_core::AnnualReport) -> Self {
        fn task(t: Option<qgx_core::TaskReport>) -> Option<TaskReport> {
            t.map(|t| TaskReport {
                activities: t
                    .activities
                    .into_iter()
                    .map(|a| Activity {
                        date: a.date.to_string().into(),
                        form: a.form,
                        note: a.note.map(Text::from),
                        partner: a.partner.into(),
                        participants: Participants {
                            teachers: a.participants.teachers,
                            students: a.participants.students,
                        },
                        rural_revitalization: a.rural_revitalization,
                        description: a.description.into(),
                        evidence: strings(a.evidence),
                    })
                    .collect(),
                outputs: t
                    .outputs
                    .into_iter()
                    .map(|o| Output {
                        kind: o.kind,
                        title: o.title.map(Text::from),
                        note: o.note.map(Text::from),
                        evidence: strings(o.evidence),
                    })
                    .collect(),
            })
        }
        let t = r.tasks;
        AnnualReport {
            application_id: r.application_id.into(),
            cycle_year: r.cycle_year,
            submitted_at: r.submitted_at.map(|s| Text::from(s.as_str())),
            summary: r.summary.into(),
            tasks: TaskReports {
                party_building: task(t.party_building),
                education_service: task(t.education_service),
                tech_empowerment: task(t.tech_empowerment),
                practice_education: task(t.practice_education),
            },
        }
    }
}

// The application, its plan and the registry (check_application, check_plan).

#[uniffi::remote(Enum)]
pub enum Role {
    Secretary,
    DeputySecretary,
    Member,
}

#[uniffi::remote(Enum)]
pub enum Level {
    University,
    Provincial,
    National,
}

#[uniffi::remote(Enum)]
pub enum StudioStatus {
    Established,
    Construction,
}

#[uniffi::remote(Enum)]
pub enum HonorStatus {
    Model,
    Cultivation,
}

#[uniffi::remote(Enum)]
pub enum ReviewDecision {
    Approved,
    Rejected,
    Pending,
}

#[uniffi::remote(Enum)]
pub enum Task {
    PartyBuilding,
    EducationService,
    TechEmpowerment,
    PracticeEducation,
}

/// The applicant's 双带头人工作室 (`batch` and `status` required when `level` is national).
#[uniffi::remote(Record)]
pub struct Studio {
    pub level: Level,
    #[uniffi(default = None)]
    pub batch: Option<u8>,
    #[uniffi(default = None)]
    pub status: Option<StudioStatus>,
}

/// The branch's 党建工作样板支部 rating (`batch` and `status` required when `level` is national).
#[uniffi::remote(Record)]
pub struct BranchHonor {
    pub level: Level,
    #[uniffi(default = None)]
    pub batch: Option<u8>,
    #[uniffi(default = None)]
    pub status: Option<HonorStatus>,
}

/// 申报: one application to the special action.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Application {
    pub id: Text,
    pub person_id: Text,
    #[uniffi(default = None)]
    pub name: Option<Text>,
    pub institution: Institution,
    /// Where the application was submitted: a two-digit code (`"11"`; `"66"` for the Corps).
    pub province: Text,
    pub branch: Branch,
    pub role: Role,
    pub dual_leader: bool,
    #[uniffi(default = None)]
    pub studio: Option<Studio>,
    #[uniffi(default = None)]
    pub branch_honor: Option<BranchHonor>,
    /// `null`: the finding `plan_missing`.
    #[uniffi(default = None)]
    pub plan: Option<Plan>,
    /// `null`: pending.
    #[uniffi(default = None)]
    pub university_review: Option<UniversityReview>,
    /// RFC 3339; decides which of one person's applications stands (R-DUP).
    #[uniffi(default = None)]
    pub submitted_at: Option<Text>,
    /// The province's own assessment, 0..=100; `null`: the plan score is the merit.
    #[uniffi(default = None)]
    pub merit_score: Option<f64>,
}

/// The applicant's institution.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Institution {
    /// The 10-digit 学校标识码.
    pub code: Text,
    #[uniffi(default = None)]
    pub name: Option<Text>,
    pub higher_education: bool,
    /// Belongs to 新疆生产建设兵团.
    #[uniffi(default = false)]
    pub corps: bool,
}

/// The applicant's party branch.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Branch {
    #[uniffi(default = None)]
    pub name: Option<Text>,
    pub kind: qgx_core::BranchKind,
}

/// The university party committee's review (学校党委审核).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UniversityReview {
    pub decision: ReviewDecision,
    /// `YYYY-MM-DD`.
    #[uniffi(default = None)]
    pub date: Option<Text>,
}

/// One objective per task (`null` or blank: the finding `objective_missing`).
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct PlanObjectives {
    #[uniffi(default = None)]
    pub party_building: Option<Text>,
    #[uniffi(default = None)]
    pub education_service: Option<Text>,
    #[uniffi(default = None)]
    pub tech_empowerment: Option<Text>,
    #[uniffi(default = None)]
    pub practice_education: Option<Text>,
}

/// 计划书: the action plan.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct Plan {
    pub objectives: PlanObjectives,
    #[uniffi(default)]
    pub activities: Vec<PlannedActivity>,
    #[uniffi(default)]
    pub outputs: Vec<PlannedOutput>,
    /// Keyed by cycle year as a string (`"1"`, `"2"`, `"3"`).
    #[uniffi(default)]
    pub milestones: HashMap<Text, Option<Text>>,
}

/// A planned activity.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlannedActivity {
    pub task: Task,
    pub form: Form,
    /// Required (non-blank) when `form` is `OTHER`.
    #[uniffi(default = None)]
    pub note: Option<Text>,
    pub partner: Partner,
    /// The cycle year, 1..=cycle_years.
    pub year: i64,
}

/// A planned encouraged output.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlannedOutput {
    pub task: Task,
    pub kind: OutputKind,
    pub year: i64,
    #[uniffi(default = None)]
    pub note: Option<Text>,
}

/// Official lists; every part optional (a list that is present, even empty, is checked against).
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct Registry {
    #[uniffi(default = None)]
    pub national_studios: Option<Vec<RegistryStudio>>,
    #[uniffi(default = None)]
    pub national_model_branches: Option<Vec<RegistryBranch>>,
}

/// An entry of the national studio list.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RegistryStudio {
    pub person_id: Text,
    pub batch: u8,
    pub status: StudioStatus,
    #[uniffi(default = None)]
    pub province: Option<Text>,
}

/// An entry of the national model-branch list.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RegistryBranch {
    pub institution_code: Text,
    pub branch_name: Text,
    pub batch: u8,
    pub status: HonorStatus,
}

impl Plan {
    /// The core's plan; paths start with `base` (`""` for a plan alone, `/plan` in an application).
    pub(crate) fn into_core(self, base: &str) -> Result<qgx_core::Plan, Error> {
        let o = self.objectives;
        let objective =
            |t: Option<Text>, task: &str| Text::opt_field(t, &format!("{base}/objectives/{task}"));
        let activities = self
            .activities
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let at = format!("{base}/activities/{i}");
                Ok(qgx_core::PlannedActivity {
                    task: a.task,
                    form: a.form,
                    note: Text::opt_field(a.note, &format!("{at}/note"))?,
                    partner: a.partner.into_core(&format!("{at}/partner"))?,
                    year: a.year,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let outputs = self
            .outputs
            .into_iter()
            .enumerate()
            .map(|(i, o)| {
                Ok(qgx_core::PlannedOutput {
                    task: o.task,
                    kind: o.kind,
                    year: o.year,
                    note: Text::opt_field(o.note, &format!("{base}/outputs/{i}/note"))?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut milestones = BTreeMap::new();
        for (k, v) in self.milestones {
            let k = k.field(&format!("{base}/milestones"))?;
            let at = format!("{base}/milestones/{}", qgx_core::escape_pointer_token(&k));
            milestones.insert(k, Text::opt_field(v, &at)?);
        }
        Ok(qgx_core::Plan {
            objectives: PerTask {
                party_building: objective(o.party_building, "party_building")?,
                education_service: objective(o.education_service, "education_service")?,
                tech_empowerment: objective(o.tech_empowerment, "tech_empowerment")?,
                practice_education: objective(o.practice_education, "practice_education")?,
            },
            activities,
            outputs,
            milestones,
        })
    }
}

impl TryFrom<Plan> for qgx_core::Plan {
    type Error = Error;

    fn try_from(p: Plan) -> Result<Self, Error> {
        p.into_core("")
    }
}

impl TryFrom<Application> for qgx_core::Application {
    type Error = Error;

    /// Reads the province code, dates and timestamps; a bad one is `InvalidInput` at its path.
    fn try_from(a: Application) -> Result<Self, Error> {
        let i = a.institution;
        Ok(qgx_core::Application {
            id: a.id.field("/id")?,
            person_id: a.person_id.field("/person_id")?,
            name: Text::opt_field(a.name, "/name")?,
            institution: qgx_core::Institution {
                code: i.code.field("/institution/code")?,
                name: Text::opt_field(i.name, "/institution/name")?,
                higher_education: i.higher_education,
                corps: i.corps,
            },
            province: province(a.province, "/province")?,
            branch: qgx_core::Branch {
                name: Text::opt_field(a.branch.name, "/branch/name")?,
                kind: a.branch.kind,
            },
            role: a.role,
            dual_leader: a.dual_leader,
            studio: a.studio,
            branch_honor: a.branch_honor,
            plan: a.plan.map(|p| p.into_core("/plan")).transpose()?,
            university_review: a
                .university_review
                .map(|r| {
                    Ok::<_, Error>(qgx_core::UniversityReview {
                        decision: r.decision,
                        date: opt_date(r.date, "/university_review/date")?,
                    })
                })
                .transpose()?,
            submitted_at: opt_timestamp(a.submitted_at, "/submitted_at")?,
            merit_score: a.merit_score,
        })
    }
}

impl TryFrom<Registry> for qgx_core::Registry {
    type Error = Error;

    fn try_from(r: Registry) -> Result<Self, Error> {
        let studios = r
            .national_studios
            .map(|v| {
                v.into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let at = format!("/national_studios/{i}");
                        Ok(qgx_core::RegistryStudio {
                            person_id: s.person_id.field(&format!("{at}/person_id"))?,
                            batch: s.batch,
                            status: s.status,
                            province: s
                                .province
                                .map(|p| province(p, &format!("{at}/province")))
                                .transpose()?,
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()
            })
            .transpose()?;
        let branches = r
            .national_model_branches
            .map(|v| {
                v.into_iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let at = format!("/national_model_branches/{i}");
                        Ok(qgx_core::RegistryBranch {
                            institution_code: b
                                .institution_code
                                .field(&format!("{at}/institution_code"))?,
                            branch_name: b.branch_name.field(&format!("{at}/branch_name"))?,
                            batch: b.batch,
                            status: b.status,
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()
            })
            .transpose()?;
        Ok(qgx_core::Registry {
            national_studios: studios,
            national_model_branches: branches,
        })
    }
}
