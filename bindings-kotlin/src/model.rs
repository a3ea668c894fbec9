//! The report shapes of RULES.md §3 as Kotlin data classes, and their conversion into the core's
//! types. Dates and timestamps are the wire text (`YYYY-MM-DD`, RFC 3339); a bad one is a
//! `QgxException.InvalidInput` at its JSON Pointer, as in the JSON input.

use qgx_core::{ErrorKind, Form, OutputKind, PartnerKind, PerTask};

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
    pub application_id: String,
    /// The cycle year, 1..=cycle_years (another value is the finding `bad_cycle_year`).
    pub cycle_year: i64,
    /// RFC 3339 timestamp (`2025-08-20T10:00:00+08:00`), or a date; `null` for a draft.
    #[uniffi(default = None)]
    pub submitted_at: Option<String>,
    pub summary: String,
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
    pub date: String,
    pub form: Form,
    /// Required (non-blank) when `form` is `OTHER`.
    #[uniffi(default = None)]
    pub note: Option<String>,
    pub partner: Partner,
    pub participants: Participants,
    #[uniffi(default = false)]
    pub rural_revitalization: bool,
    pub description: String,
    #[uniffi(default)]
    pub evidence: Vec<String>,
}

/// An activity's partner (联建/服务对象).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Partner {
    pub kind: PartnerKind,
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// Required (non-blank) when `kind` is `OTHER`.
    #[uniffi(default = None)]
    pub note: Option<String>,
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
    pub title: Option<String>,
    /// Required (non-blank) when `kind` is `OTHER` (else the warning `output_without_note`).
    #[uniffi(default = None)]
    pub note: Option<String>,
    #[uniffi(default)]
    pub evidence: Vec<String>,
}

fn bad_input(path: String, message: String) -> qgx_core::Error {
    qgx_core::Error::new(ErrorKind::InvalidInput, path, message)
}

impl Activity {
    fn into_core(self, base: &str) -> Result<qgx_core::Activity, qgx_core::Error> {
        let date =
            qgx_core::Date::parse(&self.date).map_err(|m| bad_input(format!("{base}/date"), m))?;
        Ok(qgx_core::Activity {
            date,
            form: self.form,
            note: self.note,
            partner: qgx_core::Partner {
                kind: self.partner.kind,
                name: self.partner.name,
                note: self.partner.note,
            },
            participants: qgx_core::Participants {
                teachers: self.participants.teachers,
                students: self.participants.students,
            },
            rural_revitalization: self.rural_revitalization,
            description: self.description,
            evidence: self.evidence,
        })
    }
}

impl Output {
    fn into_core(self) -> qgx_core::Output {
        qgx_core::Output {
            kind: self.kind,
            title: self.title,
            note: self.note,
            evidence: self.evidence,
        }
    }
}

fn task_into_core(
    task: Option<TaskReport>,
    key: &str,
) -> Result<Option<qgx_core::TaskReport>, qgx_core::Error> {
    let Some(t) = task else {
        return Ok(None);
    };
    let activities = t
        .activities
        .into_iter()
        .enumerate()
        .map(|(i, a)| a.into_core(&format!("/tasks/{key}/activities/{i}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(qgx_core::TaskReport {
        activities,
        outputs: t.outputs.into_iter().map(Output::into_core).collect(),
    }))
}

impl TryFrom<AnnualReport> for qgx_core::AnnualReport {
    type Error = qgx_core::Error;

    /// Parses the dates and timestamps; a bad one is `InvalidInput` at its JSON Pointer.
    fn try_from(r: AnnualReport) -> Result<Self, qgx_core::Error> {
        let submitted_at = r
            .submitted_at
            .map(|s| {
                qgx_core::Timestamp::parse(&s).map_err(|m| bad_input("/submitted_at".into(), m))
            })
            .transpose()?;
        let t = r.tasks;
        Ok(qgx_core::AnnualReport {
            application_id: r.application_id,
            cycle_year: r.cycle_year,
            submitted_at,
            summary: r.summary,
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
                        date: a.date.to_string(),
                        form: a.form,
                        note: a.note,
                        partner: Partner {
                            kind: a.partner.kind,
                            name: a.partner.name,
                            note: a.partner.note,
                        },
                        participants: Participants {
                            teachers: a.participants.teachers,
                            students: a.participants.students,
                        },
                        rural_revitalization: a.rural_revitalization,
                        description: a.description,
                        evidence: a.evidence,
                    })
                    .collect(),
                outputs: t
                    .outputs
                    .into_iter()
                    .map(|o| Output {
                        kind: o.kind,
                        title: o.title,
                        note: o.note,
                        evidence: o.evidence,
                    })
                    .collect(),
            })
        }
        let t = r.tasks;
        AnnualReport {
            application_id: r.application_id,
            cycle_year: r.cycle_year,
            submitted_at: r.submitted_at.map(|s| s.as_str().to_owned()),
            summary: r.summary,
            tasks: TaskReports {
                party_building: task(t.party_building),
                education_service: task(t.education_service),
                tech_empowerment: task(t.tech_empowerment),
                practice_education: task(t.practice_education),
            },
        }
    }
}
