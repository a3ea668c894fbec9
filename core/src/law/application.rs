//! One application: R-ELIG, R-PLAN, R-ENDORSE, R-ROUTE and R-CLAIM (§4.1–4.4, 4.6–4.8).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::finding::{Finding, Rule};
use crate::law::plan::{plan_findings, plan_score};
use crate::model::{Application, Registry, ReviewDecision};
use crate::ruleset::{Params, Ruleset, RulesetStamp};
use crate::vocab::{HonorStatus, Level, Province, Role, StudioStatus};
use crate::wire::error::{Error, ErrorKind, Issue};

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

    /// R-MANDATORY: whether this outcome is taking part in the special action (§4.10): a
    /// national or provincial team, or on the way to one.
    pub fn takes_part(self) -> bool {
        matches!(
            self,
            Outcome::NationalTeam
                | Outcome::Recommended
                | Outcome::ProvincialTeam
                | Outcome::ProvincialCandidate
        )
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

/// Runs every per-application rule, each from its clause's function below, in the order of
/// §4.9 step 1. `registry` is the official lists, when given.
pub(crate) fn evaluate(
    app: &Application,
    registry: Option<&Registry>,
    ruleset: &Ruleset,
) -> Evaluation {
    let p = ruleset.params();
    let mut f = Vec::new();
    let mut first: Option<Outcome> = None;
    let mut step = |f: &mut Vec<Finding>, start: usize, outcome: Outcome| {
        if failed(start, f) {
            first = first.or(Some(outcome));
        }
    };
    let start = f.len();
    let home = eligibility(app, p, &mut f);
    step(&mut f, start, Outcome::Ineligible);
    let start = f.len();
    action_plan(app, p, &mut f);
    step(&mut f, start, Outcome::IncompletePlan);
    let start = f.len();
    endorsement(app, &mut f);
    step(&mut f, start, Outcome::NotEndorsed);
    let start = f.len();
    route(app, home, &mut f);
    step(&mut f, start, Outcome::Misrouted);

    let studio = national_studio(app, registry, &mut f);
    let quota_exempt = exempt(studio, p);
    let honor = national_honor(app, registry, &mut f);
    let priority = priority(honor, p);

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

/// R-ELIG — 三(二)¶1 高校"双带头人"教师党支部书记均可参加: who may apply (§4.1). Each failure is
/// its own error. Returns the institution's home province when its code is well formed.
fn eligibility(app: &Application, p: &Params, f: &mut Vec<Finding>) -> Option<Province> {
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
    let home = Province::home_of(&app.institution.code, app.institution.corps);
    if home.is_none() {
        f.push(Finding::new(
            Rule::Elig,
            Code::BadInstitutionCode,
            "/institution/code",
            &[("code", &app.institution.code)],
        ));
    }
    home
}

/// R-PLAN — 三(二)¶1 按要求填写《…专项行动计划书》: the application's plan (§4.2); a missing
/// plan is the one error `plan_missing`.
fn action_plan(app: &Application, p: &Params, f: &mut Vec<Finding>) {
    match &app.plan {
        None => f.push(Finding::new(Rule::Plan, Code::PlanMissing, "/plan", &[])),
        Some(plan) => {
            plan_findings(plan, "/plan", p, f);
        }
    }
}

/// R-ENDORSE — 三(二)¶1 相关材料经学校党委审核把关后: the university party committee must have
/// approved the application (§4.3).
fn endorsement(app: &Application, f: &mut Vec<Finding>) {
    let (code, path) = match app.university_review.as_ref().map(|r| r.decision) {
        Some(ReviewDecision::Approved) => return,
        Some(ReviewDecision::Rejected) => (Code::NotEndorsed, "/university_review/decision"),
        Some(ReviewDecision::Pending) => (Code::ReviewPending, "/university_review/decision"),
        None => (Code::ReviewPending, "/university_review"),
    };
    f.push(Finding::new(Rule::Endorse, code, path, &[]));
}

/// R-ROUTE — 三(二)¶1 统一报送至属地省级党委教育工作部门: the application goes to the
/// institution's home (`"66"` for the Corps) (§4.4); checked only when the code is well formed.
/// (`no_province_config`, the other half of R-ROUTE, needs the selection: see `select`.)
fn route(app: &Application, home: Option<Province>, f: &mut Vec<Finding>) {
    if let Some(home) = home {
        if home != app.province {
            f.push(misrouted(app.province, home));
        }
    }
}

/// A national studio or honour as it counts: its batch (and an honour's status).
#[derive(Debug, Clone, Copy)]
pub(crate) struct National<S> {
    pub batch: u8,
    pub status: S,
}

/// R-CLAIM — (implied) status claims are checked against the official lists (§4.8): the
/// person's national studio is their `registry.national_studios` entry when the list is given
/// (`unverified_studio_claim` for a declaration it does not bear out, `studio_from_registry` for
/// an entry not declared), else the declared one (`claim_not_verified`).
fn national_studio(
    app: &Application,
    registry: Option<&Registry>,
    f: &mut Vec<Finding>,
) -> Option<National<StudioStatus>> {
    let declared = app
        .studio
        .as_ref()
        .filter(|s| s.level == Level::National)
        .map(|s| National {
            batch: s.batch.unwrap_or(0),
            status: s.status.unwrap_or(StudioStatus::Established),
        });
    let Some(list) = registry.and_then(|r| r.national_studios.as_ref()) else {
        if declared.is_some() {
            f.push(claim_not_verified(
                "/studio",
                "全国\"双带头人\"工作室",
                "national studio",
            ));
        }
        return declared;
    };
    let entry = list
        .iter()
        .find(|e| e.person_id == app.person_id)
        .map(|e| National {
            batch: e.batch,
            status: e.status,
        });
    match (declared, entry) {
        (Some(d), None) => f.push(unverified(
            Code::UnverifiedStudioClaim,
            "/studio",
            d.batch,
            ("名单中没有该申报人", "the list does not name the applicant"),
        )),
        (Some(d), Some(e)) if d.batch != e.batch => f.push(unverified(
            Code::UnverifiedStudioClaim,
            "/studio",
            d.batch,
            listed(e.batch, e.status.label_zh(), e.status.as_str()),
        )),
        (None, Some(e)) => f.push(Finding::new(
            Rule::Claim,
            Code::StudioFromRegistry,
            "/studio",
            &[
                ("batch", &e.batch.to_string()),
                ("status", e.status.label_zh()),
                ("status_en", e.status.as_str()),
            ],
        )),
        _ => {}
    }
    entry
}

/// R-CLAIM — (implied) the branch's national honour is its `registry.national_model_branches`
/// entry (same institution code, same branch name after trimming) when the list is given
/// (`unverified_honor_claim` where batch or status differ or there is none,
/// `honor_from_registry` for an entry not declared), else the declared one (§4.8).
fn national_honor(
    app: &Application,
    registry: Option<&Registry>,
    f: &mut Vec<Finding>,
) -> Option<National<HonorStatus>> {
    let declared = app
        .branch_honor
        .as_ref()
        .filter(|h| h.level == Level::National)
        .map(|h| National {
            batch: h.batch.unwrap_or(0),
            status: h.status.unwrap_or(HonorStatus::Model),
        });
    let Some(list) = registry.and_then(|r| r.national_model_branches.as_ref()) else {
        if declared.is_some() {
            f.push(claim_not_verified(
                "/branch_honor",
                "全国党建工作样板支部",
                "national model-branch",
            ));
        }
        return declared;
    };
    let name = app.branch.name.as_deref().unwrap_or("").trim();
    let entry = list
        .iter()
        .find(|e| e.institution_code == app.institution.code && e.branch_name.trim() == name)
        .map(|e| National {
            batch: e.batch,
            status: e.status,
        });
    match (declared, entry) {
        (Some(d), None) => f.push(unverified(
            Code::UnverifiedHonorClaim,
            "/branch_honor",
            d.batch,
            ("名单中没有该支部", "the list does not name the branch"),
        )),
        (Some(d), Some(e)) if d.batch != e.batch || d.status != e.status => {
            f.push(unverified(
                Code::UnverifiedHonorClaim,
                "/branch_honor",
                d.batch,
                listed(e.batch, e.status.label_zh(), e.status.as_str()),
            ));
        }
        (None, Some(e)) => f.push(Finding::new(
            Rule::Claim,
            Code::HonorFromRegistry,
            "/branch_honor",
            &[
                ("batch", &e.batch.to_string()),
                ("status", e.status.label_zh()),
                ("status_en", e.status.as_str()),
            ],
        )),
        _ => {}
    }
    entry
}

/// What the list holds, for an `unverified_*` message.
fn listed(batch: u8, status_zh: &str, status_en: &str) -> (String, String) {
    (
        format!("名单所列为第{batch}批（{status_zh}）"),
        format!("the list has batch {batch} ({status_en})"),
    )
}

fn unverified(
    code: Code,
    path: &str,
    batch: u8,
    (listed, listed_en): (impl AsRef<str>, impl AsRef<str>),
) -> Finding {
    Finding::new(
        Rule::Claim,
        code,
        path,
        &[
            ("batch", &batch.to_string()),
            ("listed", listed.as_ref()),
            ("listed_en", listed_en.as_ref()),
        ],
    )
}

/// R-EXEMPT — 三(二)¶3 第一、二批…工作室以及第三批…建设对象…均不占各地、各高校推荐名额: the
/// person's national studio (as R-CLAIM establishes it) has a batch in `exempt_studio_batches`
/// (§4.6).
fn exempt(studio: Option<National<StudioStatus>>, p: &Params) -> bool {
    studio.is_some_and(|s| p.exempt_studio_batches.contains(&s.batch))
}

/// R-PRIORITY — 三(二)¶3 获评第一、二、三批"全国党建工作样板支部"和第四批…培育创建单位的，可优先推荐:
/// the branch's national honour (as R-CLAIM establishes it) is a model branch of
/// `priority_model_batches` or a cultivation unit of `priority_cultivation_batches` (§4.7).
fn priority(honor: Option<National<HonorStatus>>, p: &Params) -> bool {
    honor.is_some_and(|h| match h.status {
        HonorStatus::Model => p.priority_model_batches.contains(&h.batch),
        HonorStatus::Cultivation => p.priority_cultivation_batches.contains(&h.batch),
    })
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
    if let Some(registry) = registry {
        crate::law::select::validate_registry(registry, "/registry", &mut issues);
    }
    if !issues.is_empty() {
        return Err(Error::from_issues(ErrorKind::InvalidInput, issues));
    }
    let mut e = evaluate(app, registry, ruleset);
    crate::sort::sort_by_key(&mut e.findings, |f| f.rule);
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
