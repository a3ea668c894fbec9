//! One application: R-ELIG, R-PLAN, R-ENDORSE, R-ROUTE and R-CLAIM (§4.1–4.4, 4.6–4.8).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::error::{Error, ErrorKind, Issue};
use crate::finding::{Finding, Rule};
use crate::model::{Application, Registry, ReviewDecision};
use crate::plan::{plan_findings, plan_score};
use crate::ruleset::{Ruleset, RulesetStamp};
use crate::vocab::{HonorStatus, Level, Province, Role};

/// What became of an application (§4.9).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 备案审核通过: recommended and approved by the office (R-NATIONAL).
    NationalTeam,
    /// 推荐待备案审核: on the province's list, not yet reviewed by the office (R-NATIONAL).
    Recommended,
    /// Within a provincial quota the province has set (R-PROVINCIAL).
    ProvincialTeam,
    /// The province has not set its provincial quota: ranked, awaiting its number (R-PROVINCIAL).
    ProvincialCandidate,
    NotSelected,
    Ineligible,
    IncompletePlan,
    NotEndorsed,
    Misrouted,
    Duplicate,
}

impl Outcome {
    /// The clause that decided this outcome.
    pub fn rule(self) -> Rule {
        match self {
            Outcome::NationalTeam | Outcome::Recommended => Rule::National,
            Outcome::ProvincialTeam | Outcome::ProvincialCandidate | Outcome::NotSelected => {
                Rule::Provincial
            }
            Outcome::Ineligible => Rule::Elig,
            Outcome::IncompletePlan => Rule::Plan,
            Outcome::NotEndorsed => Rule::Endorse,
            Outcome::Misrouted => Rule::Route,
            Outcome::Duplicate => Rule::Dup,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NationalTeam => "national_team",
            Outcome::Recommended => "recommended",
            Outcome::ProvincialTeam => "provincial_team",
            Outcome::ProvincialCandidate => "provincial_candidate",
            Outcome::NotSelected => "not_selected",
            Outcome::Ineligible => "ineligible",
            Outcome::IncompletePlan => "incomplete_plan",
            Outcome::NotEndorsed => "not_endorsed",
            Outcome::Misrouted => "misrouted",
            Outcome::Duplicate => "duplicate",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Outcome::NationalTeam => "入选全国团队",
            Outcome::Recommended => "已推荐，待备案审核",
            Outcome::ProvincialTeam => "入选省级团队",
            Outcome::ProvincialCandidate => "省级团队候选（待定名额）",
            Outcome::NotSelected => "未入选",
            Outcome::Ineligible => "不符合参加条件",
            Outcome::IncompletePlan => "计划书不完整",
            Outcome::NotEndorsed => "未经学校党委审核通过",
            Outcome::Misrouted => "报送省份有误",
            Outcome::Duplicate => "重复申报",
        }
    }
}

/// What the checks of one application found, before any selection.
#[derive(Debug, Clone)]
pub(crate) struct Evaluation {
    pub findings: Vec<Finding>,
    /// The outcome of the first failing rule among R-ELIG, R-PLAN, R-ENDORSE, R-ROUTE.
    pub failed: Option<Outcome>,
    pub quota_exempt: bool,
    pub priority: bool,
    pub merit: f64,
    pub plan_score: f64,
}

fn failed(before: usize, findings: &[Finding]) -> bool {
    findings.iter().skip(before).any(Finding::is_error)
}

/// Runs every per-application rule. `registry` is the official lists, when given.
pub(crate) fn evaluate(
    app: &Application,
    registry: Option<&Registry>,
    ruleset: &Ruleset,
) -> Evaluation {
    let p = ruleset.params();
    let mut f = Vec::new();
    let mut first: Option<Outcome> = None;

    // R-ELIG
    let start = f.len();
    if !app.institution.higher_education {
        f.push(Finding::new(
            Rule::Elig,
            Code::NotHigherEducation,
            "/institution/higher_education",
            &[],
        ));
    }
    if !p.eligible_branch_kinds.contains(&app.branch.kind) {
        let allowed_zh: Vec<&str> = p
            .eligible_branch_kinds
            .iter()
            .map(|k| k.label_zh())
            .collect();
        let allowed_en: Vec<&str> = p.eligible_branch_kinds.iter().map(|k| k.as_str()).collect();
        f.push(Finding::new(
            Rule::Elig,
            Code::NotTeacherBranch,
            "/branch/kind",
            &[
                ("kind", app.branch.kind.label_zh()),
                ("kind_en", app.branch.kind.as_str()),
                ("allowed", &allowed_zh.join("、")),
                ("allowed_en", &allowed_en.join(", ")),
            ],
        ));
    }
    if app.role != Role::Secretary {
        f.push(Finding::new(
            Rule::Elig,
            Code::NotSecretary,
            "/role",
            &[
                ("role", app.role.label_zh()),
                ("role_en", app.role.as_str()),
            ],
        ));
    }
    if !app.dual_leader {
        f.push(Finding::new(
            Rule::Elig,
            Code::NotDualLeader,
            "/dual_leader",
            &[],
        ));
    }
    let home = Province::of_institution(&app.institution.code);
    if home.is_none() {
        f.push(Finding::new(
            Rule::Elig,
            Code::BadInstitutionCode,
            "/institution/code",
            &[("code", &app.institution.code)],
        ));
    }
    if failed(start, &f) {
        first = first.or(Some(Outcome::Ineligible));
    }

    // R-PLAN
    let start = f.len();
    match &app.plan {
        None => f.push(Finding::new(Rule::Plan, Code::PlanMissing, "/plan", &[])),
        Some(plan) => {
            plan_findings(plan, "/plan", p, &mut f);
        }
    }
    if failed(start, &f) {
        first = first.or(Some(Outcome::IncompletePlan));
    }

    // R-ENDORSE
    match app.university_review.as_ref().map(|r| r.decision) {
        Some(ReviewDecision::Approved) => {}
        Some(ReviewDecision::Rejected) => {
            f.push(Finding::new(
                Rule::Endorse,
                Code::NotEndorsed,
                "/university_review/decision",
                &[],
            ));
            first = first.or(Some(Outcome::NotEndorsed));
        }
        Some(ReviewDecision::Pending) => {
            f.push(Finding::new(
                Rule::Endorse,
                Code::ReviewPending,
                "/university_review/decision",
                &[],
            ));
            first = first.or(Some(Outcome::NotEndorsed));
        }
        None => {
            f.push(Finding::new(
                Rule::Endorse,
                Code::ReviewPending,
                "/university_review",
                &[],
            ));
            first = first.or(Some(Outcome::NotEndorsed));
        }
    }

    // R-ROUTE (checked only when the institution code is well formed)
    if let Some(home) = home {
        if home != app.province {
            f.push(misrouted(app.province, home));
            first = first.or(Some(Outcome::Misrouted));
        }
    }

    // R-CLAIM, and the benefits that depend on it (R-EXEMPT, R-PRIORITY)
    let mut quota_exempt = false;
    if let Some(studio) = app.studio.as_ref().filter(|s| s.level == Level::National) {
        let batch = studio.batch.unwrap_or(0);
        let holds = match registry.and_then(|r| r.national_studios.as_ref()) {
            Some(list) => {
                let listed = list
                    .iter()
                    .any(|e| e.person_id == app.person_id && e.batch == batch);
                if !listed {
                    f.push(Finding::new(
                        Rule::Claim,
                        Code::UnverifiedStudioClaim,
                        "/studio",
                        &[("batch", &batch.to_string())],
                    ));
                }
                listed
            }
            None => {
                f.push(claim_not_verified(
                    "/studio",
                    "全国\"双带头人\"工作室",
                    "national studio",
                ));
                true
            }
        };
        quota_exempt = holds && p.exempt_studio_batches.contains(&batch);
    }
    let mut priority = false;
    if let Some(honor) = app
        .branch_honor
        .as_ref()
        .filter(|h| h.level == Level::National)
    {
        let batch = honor.batch.unwrap_or(0);
        let status = honor.status.unwrap_or(HonorStatus::Model);
        let holds = match registry.and_then(|r| r.national_model_branches.as_ref()) {
            Some(list) => {
                let name = app.branch.name.as_deref().unwrap_or("").trim();
                let listed = list.iter().any(|e| {
                    e.institution_code == app.institution.code
                        && e.branch_name.trim() == name
                        && e.batch == batch
                        && e.status == status
                });
                if !listed {
                    f.push(Finding::new(
                        Rule::Claim,
                        Code::UnverifiedHonorClaim,
                        "/branch_honor",
                        &[("batch", &batch.to_string())],
                    ));
                }
                listed
            }
            None => {
                f.push(claim_not_verified(
                    "/branch_honor",
                    "全国党建工作样板支部",
                    "national model-branch",
                ));
                true
            }
        };
        let rated = match status {
            HonorStatus::Model => p.priority_model_batches.contains(&batch),
            HonorStatus::Cultivation => p.priority_cultivation_batches.contains(&batch),
        };
        priority = holds && rated;
    }

    let plan_score = app.plan.as_ref().map_or(0.0, plan_score);
    // `+ 0.0` turns a -0.0 into 0.0, so that equal merits order equal.
    let merit = app.merit_score.unwrap_or(plan_score) + 0.0;
    Evaluation {
        findings: f,
        failed: first,
        quota_exempt,
        priority,
        merit,
        plan_score,
    }
}

pub(crate) fn misrouted(submitted: Province, home: Province) -> Finding {
    Finding::new(
        Rule::Route,
        Code::Misrouted,
        "/province",
        &[
            ("province", submitted.name_zh()),
            ("province_en", submitted.name_en()),
            ("expected", home.name_zh()),
            ("expected_en", home.name_en()),
        ],
    )
}

fn claim_not_verified(path: &str, list: &str, list_en: &str) -> Finding {
    Finding::new(
        Rule::Claim,
        Code::ClaimNotVerified,
        path,
        &[("list", list), ("list_en", list_en)],
    )
}

/// The constraints of RULES.md §3 that serde's shapes cannot say: `merit_score` in 0..=100 and
/// a national studio or honour with its `batch` and `status`.
pub(crate) fn validate_application(
    app: &Application,
    prefix: &dyn Fn() -> String,
    issues: &mut Vec<Issue>,
) {
    let mut push = |path: String, message: &str| {
        issues.push(Issue {
            path,
            message: message.to_owned(),
            line: None,
            column: None,
        });
    };
    if let Some(m) = app.merit_score {
        if !(0.0..=100.0).contains(&m) {
            push(
                format!("{}/merit_score", prefix()),
                "expected a merit score in 0..=100",
            );
        }
    }
    if let Some(s) = &app.studio {
        if s.level == Level::National {
            if s.batch.is_none() {
                push(
                    format!("{}/studio/batch", prefix()),
                    "a national studio needs its `batch`",
                );
            }
            if s.status.is_none() {
                push(
                    format!("{}/studio/status", prefix()),
                    "a national studio needs its `status`",
                );
            }
        }
    }
    if let Some(h) = &app.branch_honor {
        if h.level == Level::National {
            if h.batch.is_none() {
                push(
                    format!("{}/branch_honor/batch", prefix()),
                    "a national branch honour needs its `batch`",
                );
            }
            if h.status.is_none() {
                push(
                    format!("{}/branch_honor/status", prefix()),
                    "a national branch honour needs its `status`",
                );
            }
        }
    }
}

/// The result of [`check_application`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationCheck {
    pub ruleset: RulesetStamp,
    pub id: String,
    /// Passes R-ELIG, R-PLAN, R-ENDORSE and R-ROUTE (R-DUP needs a whole selection).
    pub candidate: bool,
    /// The outcome of the first failing rule, or `null` for a candidate.
    pub outcome: Option<Outcome>,
    /// The clause behind `outcome`.
    pub outcome_rule: Option<Rule>,
    pub quota_exempt: bool,
    pub priority: bool,
    /// `merit_score` when given, else the plan score.
    pub merit: f64,
    pub plan_score: f64,
    /// Paths point into the application passed.
    pub findings: Vec<Finding>,
}

/// Checks one application on its own: every rule that does not need the other applications
/// (R-DUP and the quotas do).
///
/// # Errors
/// [`ErrorKind::InvalidInput`] when `merit_score` is outside 0..=100 or a national studio or
/// honour lacks its batch or status.
///
/// # Example
/// ```
/// use qgx_core::{check_application, samples, Ruleset};
/// let check = check_application(&samples::application("A-1", "P-1", "4111010001"), None, &Ruleset::edition_2024()).unwrap();
/// assert!(check.candidate);
/// ```
pub fn check_application(
    app: &Application,
    registry: Option<&Registry>,
    ruleset: &Ruleset,
) -> Result<ApplicationCheck, Error> {
    let mut issues = Vec::new();
    validate_application(app, &String::new, &mut issues);
    if !issues.is_empty() {
        return Err(Error::from_issues(ErrorKind::InvalidInput, issues));
    }
    let mut e = evaluate(app, registry, ruleset);
    e.findings.sort_by_key(|f| f.rule);
    Ok(ApplicationCheck {
        ruleset: ruleset.stamp(),
        id: app.id.clone(),
        candidate: e.failed.is_none(),
        outcome: e.failed,
        outcome_rule: e.failed.map(Outcome::rule),
        quota_exempt: e.quota_exempt,
        priority: e.priority,
        merit: e.merit,
        plan_score: e.plan_score,
        findings: e.findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BranchHonor, RegistryBranch, RegistryStudio, Studio, UniversityReview};
    use crate::samples::application;
    use crate::vocab::{BranchKind, StudioStatus};

    fn rs() -> Ruleset {
        Ruleset::edition_2024()
    }

    fn check(app: &Application) -> ApplicationCheck {
        check_application(app, None, &rs()).unwrap()
    }

    fn codes(c: &ApplicationCheck) -> Vec<(&str, &str, &str)> {
        c.findings
            .iter()
            .map(|f| (f.rule.id(), f.code.as_str(), f.path.as_str()))
            .collect()
    }

    #[test]
    fn a_clean_application_is_a_candidate() {
        let c = check(&application("A-1", "P-1", "4111010001"));
        assert!(c.candidate);
        assert_eq!(c.outcome, None);
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        assert_eq!(c.merit, 80.0);
    }

    #[test]
    fn every_eligibility_failure_is_its_own_finding() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.institution.higher_education = false;
        a.branch.kind = BranchKind::Student;
        a.role = Role::DeputySecretary;
        a.dual_leader = false;
        a.institution.code = "41110100".into();
        let c = check(&a);
        assert_eq!(
            codes(&c),
            vec![
                (
                    "R-ELIG",
                    "not_higher_education",
                    "/institution/higher_education"
                ),
                ("R-ELIG", "not_teacher_branch", "/branch/kind"),
                ("R-ELIG", "not_secretary", "/role"),
                ("R-ELIG", "not_dual_leader", "/dual_leader"),
                ("R-ELIG", "bad_institution_code", "/institution/code"),
            ]
        );
        assert_eq!(c.outcome, Some(Outcome::Ineligible));
        assert_eq!(c.outcome_rule, Some(Rule::Elig));
        assert_eq!(
            c.findings[2].message.zh,
            "申报人在支部中的职务为「副书记」，只有党支部书记可以参加。"
        );
    }

    #[test]
    fn eligible_branch_kinds_is_a_parameter() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.branch.kind = BranchKind::TeacherStudent;
        assert_eq!(check(&a).outcome, Some(Outcome::Ineligible));
        let wide = rs()
            .with_overrides_json(r#"{"eligible_branch_kinds": ["teacher", "teacher_student"]}"#)
            .unwrap();
        assert!(check_application(&a, None, &wide).unwrap().candidate);
    }

    #[test]
    fn outcome_is_the_first_failing_rule_but_all_findings_are_listed() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.plan = None;
        a.university_review = None;
        a.province = Province::from_code("12").unwrap();
        let c = check(&a);
        assert_eq!(c.outcome, Some(Outcome::IncompletePlan));
        assert_eq!(
            codes(&c),
            vec![
                ("R-PLAN", "plan_missing", "/plan"),
                ("R-ENDORSE", "review_pending", "/university_review"),
                ("R-ROUTE", "misrouted", "/province"),
            ]
        );
        assert_eq!(
            c.findings[2].message.zh,
            "申报报送至天津市，但学校所在地为北京市，应报送属地省级党委教育工作部门。"
        );
    }

    #[test]
    fn endorsement() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.university_review = Some(UniversityReview {
            decision: ReviewDecision::Rejected,
            date: None,
        });
        let c = check(&a);
        assert_eq!(
            codes(&c),
            vec![("R-ENDORSE", "not_endorsed", "/university_review/decision")]
        );
        assert_eq!(c.outcome, Some(Outcome::NotEndorsed));
        a.university_review = Some(UniversityReview {
            decision: ReviewDecision::Pending,
            date: None,
        });
        assert_eq!(
            codes(&check(&a)),
            vec![("R-ENDORSE", "review_pending", "/university_review/decision")]
        );
    }

    #[test]
    fn misrouting_is_not_checked_on_a_bad_code() {
        let mut a = application("A-1", "P-1", "4199010001");
        a.province = Province::from_code("12").unwrap();
        assert_eq!(
            codes(&check(&a)),
            vec![("R-ELIG", "bad_institution_code", "/institution/code")]
        );
    }

    fn studio(batch: u8) -> Option<Studio> {
        Some(Studio {
            level: Level::National,
            batch: Some(batch),
            status: Some(StudioStatus::Construction),
        })
    }

    fn honor(batch: u8, status: HonorStatus) -> Option<BranchHonor> {
        Some(BranchHonor {
            level: Level::National,
            batch: Some(batch),
            status: Some(status),
        })
    }

    #[test]
    fn exemption_and_its_claim() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.studio = studio(3);
        let c = check(&a);
        assert!(c.quota_exempt);
        assert_eq!(
            codes(&c),
            vec![("R-CLAIM", "claim_not_verified", "/studio")]
        );
        assert_eq!(c.findings[0].severity, crate::Severity::Info);
        a.studio = studio(4);
        assert!(!check(&a).quota_exempt);
        // A provincial studio is no claim at all.
        a.studio = Some(Studio {
            level: Level::Provincial,
            batch: None,
            status: None,
        });
        assert!(check(&a).findings.is_empty());

        a.studio = studio(2);
        let listed = Registry {
            national_studios: Some(vec![RegistryStudio {
                person_id: "P-1".into(),
                batch: 2,
                status: StudioStatus::Established, // status is not compared
                province: None,
            }]),
            national_model_branches: None,
        };
        let c = check_application(&a, Some(&listed), &rs()).unwrap();
        assert!(c.quota_exempt && c.findings.is_empty());
        let empty = Registry {
            national_studios: Some(vec![]),
            national_model_branches: None,
        };
        let c = check_application(&a, Some(&empty), &rs()).unwrap();
        assert!(!c.quota_exempt && c.candidate);
        assert_eq!(
            codes(&c),
            vec![("R-CLAIM", "unverified_studio_claim", "/studio")]
        );
        assert_eq!(c.findings[0].severity, crate::Severity::Warning);
    }

    #[test]
    fn priority_and_its_claim() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.branch_honor = honor(3, HonorStatus::Model);
        assert!(check(&a).priority);
        a.branch_honor = honor(4, HonorStatus::Model);
        assert!(!check(&a).priority);
        a.branch_honor = honor(4, HonorStatus::Cultivation);
        assert!(check(&a).priority);
        a.branch_honor = honor(3, HonorStatus::Cultivation);
        assert!(!check(&a).priority);

        a.branch_honor = honor(1, HonorStatus::Model);
        let reg = |name: &str, status| Registry {
            national_studios: None,
            national_model_branches: Some(vec![RegistryBranch {
                institution_code: "4111010001".into(),
                branch_name: name.into(),
                batch: 1,
                status,
            }]),
        };
        // Names are compared after trimming both.
        let name = a.branch.name.clone().unwrap();
        let c = check_application(
            &a,
            Some(&reg(&format!("  {name} "), HonorStatus::Model)),
            &rs(),
        )
        .unwrap();
        assert!(c.priority && c.findings.is_empty());
        let c = check_application(&a, Some(&reg(&name, HonorStatus::Cultivation)), &rs()).unwrap();
        assert!(!c.priority);
        assert_eq!(
            codes(&c),
            vec![("R-CLAIM", "unverified_honor_claim", "/branch_honor")]
        );
    }

    #[test]
    fn malformed_constraints_are_errors_with_paths() {
        let mut a = application("A-1", "P-1", "4111010001");
        a.merit_score = Some(100.5);
        a.studio = Some(Studio {
            level: Level::National,
            batch: None,
            status: None,
        });
        let e = check_application(&a, None, &rs()).unwrap_err();
        assert!(e.is_invalid_input());
        let paths: Vec<&str> = e.issues().iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["/merit_score", "/studio/batch", "/studio/status"]
        );
        a.merit_score = Some(f64::NAN);
        a.studio = None;
        assert!(check_application(&a, None, &rs()).is_err());
    }
}
