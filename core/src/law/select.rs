//! The selection (§4.5–4.11), one function per clause: R-DUP ([`duplicates`]), R-ROUTE's
//! `no_province_config` ([`province_configured`]), then per province R-DEADLINE
//! ([`deadline`]), R-EXEMPT (step 2), R-QUOTA ([`university_quotas`], [`national_line`],
//! [`merit_from_plan_score`], [`tie_at_cut_line`]), R-NATIONAL ([`office_review`],
//! [`decision_not_applicable`]), R-PROVINCIAL ([`provincial_teams`]) and R-MANDATORY
//! ([`mandatory`]).

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::catalog::Message;
use crate::finding::{ComplianceFinding, Finding, Rule, escape_pointer_token};
use crate::law::application::{Evaluation, Outcome, evaluate, validate_application};
use crate::law::why::Why;
use crate::model::{
    Application, OfficeDecision, ProvinceConfig, Registry, RegistryStudio, ReviewDecision,
    SelectionInput,
};
use crate::ruleset::{DuplicateKeep, LateListPolicy, Params, PriorityMode, Ruleset, RulesetStamp};
use crate::vocab::{Province, StudioStatus};
use crate::wire::error::{Error, ErrorKind, Issue};

/// One application's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationResult {
    pub id: String,
    pub province: Province,
    pub outcome: Outcome,
    /// The clause that decided the outcome.
    pub outcome_rule: Rule,
    /// Recommended by the province (step 2 or 4), whatever the office then decided.
    pub recommended: bool,
    pub quota_exempt: bool,
    pub priority: bool,
    pub merit: f64,
    /// 1-based position by Order among the province's candidates; `null` for non-candidates.
    pub rank: Option<u32>,
    /// Paths point into the application.
    pub findings: Vec<Finding>,
    /// What decided it and, when it was not recommended, the least change that would recommend
    /// it with everything else fixed.
    pub why: Why,
}

/// One side of a cut line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutEntry {
    pub id: String,
    pub merit: f64,
}

/// The last recommended non-exempt candidate and the first one left out (step-4 ranking).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutLine {
    pub last_in: Option<CutEntry>,
    pub first_out: Option<CutEntry>,
}

/// One configured province's summary. Counts count candidates only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceSummary {
    pub province: Province,
    pub name: String,
    pub national_quota: u32,
    /// `null`: the province has not set its number (its candidates are `provincial_candidate`).
    pub provincial_quota: Option<u32>,
    pub candidates: u32,
    /// Non-exempt recommended candidates, including any the office then rejects.
    pub places_used: u32,
    pub exempt: u32,
    pub priority: u32,
    /// Recommended (step 2 or 4), whatever the office then decided.
    pub recommended: u32,
    /// Recommended and not yet reviewed by the office (outcome `recommended`).
    pub pending_review: u32,
    /// Recommended and rejected by the office.
    pub rejected: u32,
    pub national_team: u32,
    pub provincial_team: u32,
    /// Awaiting the province's provincial quota (outcome `provincial_candidate`).
    pub provincial_candidates: u32,
    pub not_selected: u32,
    /// The list arrived after the deadline (R-DEADLINE).
    pub late: bool,
    pub cut_line: CutLine,
    /// Paths point into the province's ProvinceConfig.
    pub findings: Vec<Finding>,
}

/// The result of [`select`]: lists sorted by id and province code, so any input order gives
/// the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectionResult {
    pub ruleset: RulesetStamp,
    pub applications: Vec<ApplicationResult>,
    pub provinces: Vec<ProvinceSummary>,
    /// R-MANDATORY findings at `/registry/national_studios`, sorted by person, then code.
    pub compliance: Vec<ComplianceFinding>,
}

/// Person id → index of the application R-DUP keeps.
type PersonMap<'a> = HashMap<&'a str, usize, BuildHasherDefault<DefaultHasher>>;

struct Work<'a> {
    app: &'a Application,
    eval: Evaluation,
    failed: Option<Outcome>,
    outcome: Option<Outcome>,
    recommended: bool,
    decision: Option<OfficeDecision>,
    rank: Option<u32>,
    why: Option<Why>,
}

impl Work<'_> {
    /// The outcome as it stands (not selected until a step says otherwise).
    fn outcome(&self) -> Outcome {
        self.failed.or(self.outcome).unwrap_or(Outcome::NotSelected)
    }
}

fn issue(path: String, message: String) -> Issue {
    Issue {
        path,
        message,
        line: None,
        column: None,
    }
}

/// A value quoted for a message, cut to a readable length.
fn quoted(s: &str) -> String {
    crate::wire::error::quote(s)
}

/// Indices of the entries whose key was already seen, with the index of its first entry.
pub(crate) fn repeats<K: Ord>(keys: impl Iterator<Item = K>) -> Vec<(usize, usize)> {
    let mut keyed: Vec<(K, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    crate::sort::sort_by(&mut keyed, |a, b| a.cmp(b));
    let mut out = Vec::new();
    let mut first = None;
    for pair in keyed.windows(2) {
        if let [(a, i), (b, j)] = pair {
            if a == b {
                out.push((*j, *first.get_or_insert(*i)));
            } else {
                first = None;
            }
        }
    }
    crate::sort::sort_by(&mut out, |a, b| a.cmp(b));
    out
}

/// The official lists' own constraint (§4.8): a person or a branch listed twice is malformed.
pub(crate) fn validate_registry(registry: &Registry, prefix: &str, issues: &mut Vec<Issue>) {
    if let Some(list) = &registry.national_studios {
        for (j, first) in repeats(list.iter().map(|e| e.person_id.as_str())) {
            issues.push(issue(
                format!("{prefix}/national_studios/{j}/person_id"),
                format!("a person listed twice (first at {prefix}/national_studios/{first})"),
            ));
        }
    }
    if let Some(list) = &registry.national_model_branches {
        let keys = list
            .iter()
            .map(|e| (e.institution_code.as_str(), e.branch_name.trim()));
        for (j, first) in repeats(keys) {
            issues.push(issue(
                format!("{prefix}/national_model_branches/{j}/branch_name"),
                format!(
                    "a branch listed twice (first at {prefix}/national_model_branches/{first})"
                ),
            ));
        }
    }
}

/// Rejects what the shapes cannot: duplicate ids, two configs for one province, a person or
/// branch listed twice, an office decision naming no application, and each application's own
/// constraints. Returns the applications in id order.
fn validate(input: &SelectionInput) -> Result<Vec<&Application>, Error> {
    let mut issues = Vec::new();
    for (i, app) in input.applications.iter().enumerate() {
        validate_application(app, &|| format!("/applications/{i}"), &mut issues);
    }
    for (j, first) in repeats(input.applications.iter().map(|a| a.id.as_str())) {
        let id = input
            .applications
            .get(j)
            .map(|a| a.id.as_str())
            .unwrap_or_default();
        issues.push(issue(
            format!("/applications/{j}/id"),
            format!("duplicate application id `{id}` (first at /applications/{first})"),
        ));
    }
    for (j, first) in repeats(input.provinces.iter().map(|c| c.province)) {
        let code = input
            .provinces
            .get(j)
            .map(|c| c.province.code())
            .unwrap_or_default();
        issues.push(issue(
            format!("/provinces/{j}/province"),
            format!("a second ProvinceConfig for province {code} (first at /provinces/{first})"),
        ));
    }
    for (i, c) in input.provinces.iter().enumerate() {
        for code in c.university_quotas.keys() {
            if Province::of_institution(code).is_none() {
                issues.push(issue(
                    format!(
                        "/provinces/{i}/university_quotas/{}",
                        escape_pointer_token(code)
                    ),
                    format!(
                        "expected a 10-digit institution code as the key, got {}",
                        quoted(code)
                    ),
                ));
            }
        }
    }
    if let Some(registry) = &input.registry {
        validate_registry(registry, "/registry", &mut issues);
    }
    let mut ids: Vec<(&str, usize)> = input
        .applications
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    crate::sort::sort_by(&mut ids, |a, b| a.cmp(b));
    for key in input.office_decisions.keys() {
        if ids
            .binary_search_by(|(id, _)| id.cmp(&key.as_str()))
            .is_err()
        {
            issues.push(issue(
                format!("/office_decisions/{}", escape_pointer_token(key)),
                format!("an office decision for `{key}`, which is no application's id"),
            ));
        }
    }
    if issues.is_empty() {
        Ok(ids
            .iter()
            .filter_map(|(_, i)| input.applications.get(*i))
            .collect())
    } else {
        Err(Error::from_issues(ErrorKind::InvalidInput, issues))
    }
}

/// *Order* (§4.9): priority tier per `priority_mode`, merit descending, then `id`.
fn order(a: &Work<'_>, b: &Work<'_>, mode: PriorityMode) -> Ordering {
    tier_and_merit(a, b, mode).then_with(|| a.app.id.as_bytes().cmp(b.app.id.as_bytes()))
}

/// *Order* without the id: `Equal` when only the id can decide (a tie, §4.9 step 7).
fn tier_and_merit(a: &Work<'_>, b: &Work<'_>, mode: PriorityMode) -> Ordering {
    let merit = b.eval.merit.total_cmp(&a.eval.merit);
    let prio = b.eval.priority.cmp(&a.eval.priority);
    match mode {
        PriorityMode::TierFirst => prio.then(merit),
        PriorityMode::TieBreak => merit.then(prio),
        PriorityMode::None => merit,
    }
}

/// Runs a selection (§4.9): checks every application, removes duplicates, applies exemptions,
/// university and provincial quotas, priority, the deadline and the office's decisions, and
/// lists mandatory-participation gaps.
///
/// `input.ruleset`, when present, is merged over `ruleset` first.
///
/// # Errors
/// [`ErrorKind::InvalidInput`] for two applications with one id, two configs for one province,
/// a person or branch listed twice in the registry, an office decision naming no application,
/// a `merit_score` outside 0..=100 or a national studio or honour without batch or status;
/// [`ErrorKind::InvalidRuleset`] (at `/ruleset/…`) for bad overrides.
pub fn select(input: &SelectionInput, ruleset: &Ruleset) -> Result<SelectionResult, Error> {
    let merged;
    let ruleset = match &input.ruleset {
        Some(over) => {
            merged = ruleset
                .with_overrides(over)
                .map_err(|e| e.under("/ruleset"))?;
            &merged
        }
        None => ruleset,
    };
    // Work in id order, so nothing below depends on the order of the input.
    let apps = validate(input)?;
    let p = ruleset.params();
    let registry = input.registry.as_ref();
    // Settings by province, in code order (a vector indexed by province; validate() has
    // ruled out two for one province).
    let mut configs: Vec<Option<&ProvinceConfig>> = vec![None; Province::COUNT];
    for c in &input.provinces {
        if let Some(slot) = configs.get_mut(c.province.index()) {
            *slot = Some(c);
        }
    }

    let mut works: Vec<Work<'_>> = apps
        .iter()
        .map(|app| {
            let eval = evaluate(app, registry, ruleset);
            Work {
                app,
                failed: eval.failed,
                eval,
                outcome: None,
                recommended: false,
                decision: input.office_decisions.get(&app.id).copied(),
                rank: None,
                why: None,
            }
        })
        .collect();

    province_configured(&mut works, &configs);
    let kept = duplicates(&mut works, p.duplicate_keep);
    merit_from_plan_score(&mut works);

    // Candidates by province.
    let mut by_province: Vec<Vec<usize>> = vec![Vec::new(); Province::COUNT];
    for (i, w) in works.iter().enumerate() {
        if w.failed.is_none() {
            if let Some(cands) = by_province.get_mut(w.app.province.index()) {
                cands.push(i);
            }
        }
    }

    // Per province, in code order (§4.9 steps 2–7, R-DEADLINE).
    let mut provinces: Vec<ProvinceSummary> = Vec::new();
    for (config, cands) in configs.into_iter().zip(by_province) {
        if let Some(config) = config {
            provinces.push(select_province(&mut works, cands, config, p));
        }
    }
    decision_not_applicable(&mut works);

    let compliance = registry
        .and_then(|r| r.national_studios.as_ref())
        .map(|list| mandatory(list, &kept, &works))
        .unwrap_or_default();

    let applications = works
        .into_iter()
        .map(|mut w| {
            let outcome = w.outcome();
            crate::sort::sort_by_key(&mut w.eval.findings, |f| f.rule);
            let why = w
                .why
                .take()
                .unwrap_or_else(|| Why::blocked(&w.eval.findings));
            ApplicationResult {
                id: w.app.id.clone(),
                province: w.app.province,
                outcome,
                outcome_rule: outcome.rule(),
                recommended: w.recommended,
                quota_exempt: w.eval.quota_exempt,
                priority: w.eval.priority,
                merit: w.eval.merit,
                rank: w.rank,
                findings: w.eval.findings,
                why,
            }
        })
        .collect();

    Ok(SelectionResult {
        ruleset: ruleset.stamp(),
        applications,
        provinces,
        compliance,
    })
}

/// R-ROUTE — 三(二)¶1 统一报送至属地省级党委教育工作部门: an application whose province has no
/// ProvinceConfig in the selection cannot be considered there (`no_province_config`, outcome
/// `misrouted`) (§4.4).
fn province_configured(works: &mut [Work<'_>], configs: &[Option<&ProvinceConfig>]) {
    for w in works {
        if configs
            .get(w.app.province.index())
            .is_none_or(Option::is_none)
        {
            w.eval.findings.push(Finding::new(
                Rule::Route,
                Code::NoProvinceConfig,
                "/province",
                &[
                    ("province", w.app.province.name_zh()),
                    ("province_en", w.app.province.name_en()),
                ],
            ));
            w.failed = w.failed.or(Some(Outcome::Misrouted));
        }
    }
}

/// R-DUP — (implied) one person, one application (§4.5): of a person's applications, those the
/// university approved are preferred (only they reach the province: 经学校党委审核把关后，统一报送);
/// then `duplicate_keep` (`latest` by default: a resubmission corrects the earlier one) by
/// `submitted_at`, an application without one losing to every one with it, the id deciding
/// ties. Every other gets `duplicate_person`. Returns person → kept application.
fn duplicates<'a>(works: &mut [Work<'a>], keep: DuplicateKeep) -> PersonMap<'a> {
    /// `Less` when `a` is the one to keep.
    fn preferred(a: &Work<'_>, b: &Work<'_>, keep: DuplicateKeep) -> Ordering {
        let approved = |w: &Work<'_>| {
            w.app
                .university_review
                .as_ref()
                .is_some_and(|r| r.decision == ReviewDecision::Approved)
        };
        let by_time = match (&a.app.submitted_at, &b.app.submitted_at) {
            (Some(x), Some(y)) => match keep {
                DuplicateKeep::Latest => y.instant().cmp(&x.instant()),
                DuplicateKeep::Earliest => x.instant().cmp(&y.instant()),
            },
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let by_id = match keep {
            DuplicateKeep::Latest => b.app.id.as_bytes().cmp(a.app.id.as_bytes()),
            DuplicateKeep::Earliest => a.app.id.as_bytes().cmp(b.app.id.as_bytes()),
        };
        approved(b).cmp(&approved(a)).then(by_time).then(by_id)
    }
    // The map is only looked up, never iterated, and its hasher has fixed keys: the result does
    // not depend on it.
    let mut kept: PersonMap<'a> = PersonMap::default();
    kept.reserve(works.len());
    for i in 0..works.len() {
        let Some(w) = works.get(i) else { continue };
        let keep_at = kept.entry(w.app.person_id.as_str()).or_insert(i);
        if let Some(k) = works.get(*keep_at) {
            if preferred(w, k, keep) == Ordering::Less {
                *keep_at = i;
            }
        }
    }
    for i in 0..works.len() {
        let Some(w) = works.get(i) else { continue };
        let keep_at = kept.get(w.app.person_id.as_str()).copied().unwrap_or(i);
        if keep_at == i {
            continue;
        }
        let kept_id = works
            .get(keep_at)
            .map(|k| k.app.id.clone())
            .unwrap_or_default();
        if let Some(w) = works.get_mut(i) {
            w.eval.findings.push(Finding::new(
                Rule::Dup,
                Code::DuplicatePerson,
                "/person_id",
                &[("person", &w.app.person_id), ("kept", &kept_id)],
            ));
            w.failed = w.failed.or(Some(Outcome::Duplicate));
        }
    }
    kept
}

/// R-QUOTA — 三(二)¶1 按照名额要求择优把关推荐: a candidate without `merit_score` is ranked on its
/// plan score as shown (2 decimals): the `info` finding `merit_from_plan_score` says the
/// province has not assessed it (§4.9).
fn merit_from_plan_score(works: &mut [Work<'_>]) {
    for w in works.iter_mut().filter(|w| w.failed.is_none()) {
        if w.app.merit_score.is_none() {
            let merit = w.eval.merit.to_string();
            w.eval.findings.push(Finding::new(
                Rule::Quota,
                Code::MeritFromPlanScore,
                "/merit_score",
                &[("merit", &merit)],
            ));
        }
    }
}

/// R-DEADLINE — 三(二)¶1 于2024年8月2日之前将推荐名单报送专项行动办: whether the province's list
/// is late (`late_list`), or its time unknown (`list_time_unknown`) (§4.11).
fn deadline(config: &ProvinceConfig, p: &Params, findings: &mut Vec<Finding>) -> bool {
    let Some(sent) = config.list_submitted_at.as_ref() else {
        findings.push(Finding::new(
            Rule::Deadline,
            Code::ListTimeUnknown,
            "/list_submitted_at",
            &[],
        ));
        return false;
    };
    let deadline = p.recommendation_deadline;
    let date = sent.date_cst();
    // 之前 as the ruleset reads it: inclusive or strict.
    let late = if p.deadline_inclusive {
        date > deadline
    } else {
        date >= deadline
    };
    if late {
        let (deadline_zh, deadline_en) = if p.deadline_inclusive {
            (
                format!("{deadline} 当日及之前"),
                format!("on or before {deadline}"),
            )
        } else {
            (format!("{deadline} 之前"), format!("before {deadline}"))
        };
        findings.push(Finding::new(
            Rule::Deadline,
            Code::LateList,
            "/list_submitted_at",
            &[
                ("date", &date.to_string()),
                ("deadline", &deadline_zh),
                ("deadline_en", &deadline_en),
            ],
        ));
    }
    late
}

/// A line of §4.9 step 7: which ranking it cuts, how the finding names it.
struct Line<'l> {
    rule: Rule,
    path: String,
    name_zh: &'l str,
    name_en: &'l str,
}

/// R-QUOTA, R-PROVINCIAL — §4.9 step 7: when the last candidate in and the first one out at a
/// line have the same priority tier (as `priority_mode` uses it) and the same merit, only the
/// `id` decided: the warning `tie_at_cut_line` names the line, the merit and every tied id on
/// each side, so that the province decides (择优把关推荐). `ranked` is the line's ranking by
/// Order, `n` how many it takes.
fn tie_at_cut_line(
    works: &[Work<'_>],
    ranked: &[usize],
    n: usize,
    mode: PriorityMode,
    line: &Line<'_>,
    findings: &mut Vec<Finding>,
) {
    let at = |k: usize| ranked.get(k).and_then(|i| works.get(*i));
    let (Some(last_in), Some(first_out)) = (n.checked_sub(1).and_then(at), at(n)) else {
        return;
    };
    if tier_and_merit(last_in, first_out, mode) != Ordering::Equal {
        return;
    }
    let tied =
        |k: &usize| at(*k).is_some_and(|w| tier_and_merit(w, last_in, mode) == Ordering::Equal);
    let ids = |range: std::ops::Range<usize>, sep: &str| {
        range
            .filter(tied)
            .filter_map(at)
            .map(|w| w.app.id.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let merit = last_in.eval.merit.to_string();
    let inside = ids(0..n, "、");
    let outside = ids(n..ranked.len(), "、");
    let inside_en = ids(0..n, ", ");
    let outside_en = ids(n..ranked.len(), ", ");
    findings.push(Finding::new(
        line.rule,
        Code::TieAtCutLine,
        line.path.clone(),
        &[
            ("line", line.name_zh),
            ("line_en", line.name_en),
            ("inside", &inside),
            ("outside", &outside),
            ("inside_en", &inside_en),
            ("outside_en", &outside_en),
            ("merit", &merit),
        ],
    ));
}

/// R-QUOTA — 三(二)¶1 按照名额要求择优把关推荐, §4.9 step 3: where the province gives a university
/// a quota, only its first `n` non-exempt candidates by Order are forwarded; each of the rest
/// gets `not_forwarded` and stays a provincial-team candidate. Returns the forwarded, in Order.
fn university_quotas(
    works: &mut [Work<'_>],
    cands: &[usize],
    config: &ProvinceConfig,
    mode: PriorityMode,
    findings: &mut Vec<Finding>,
) -> Vec<usize> {
    let mut forwarded = Vec::new();
    let mut per_uni: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in cands {
        let Some(w) = works.get_mut(i) else { continue };
        if w.eval.quota_exempt {
            continue;
        }
        let code = w.app.institution.code.as_str();
        let Some(&quota) = config.university_quotas.get(code) else {
            forwarded.push(i);
            continue;
        };
        let ranked = per_uni.entry(code).or_default();
        ranked.push(i);
        if ranked.len() > usize::try_from(quota).unwrap_or(usize::MAX) {
            w.eval.findings.push(Finding::new(
                Rule::Quota,
                Code::NotForwarded,
                "/institution/code",
                &[("quota", &quota.to_string())],
            ));
        } else {
            forwarded.push(i);
        }
    }
    for (code, ranked) in &per_uni {
        let quota = config.university_quotas.get(*code).copied().unwrap_or(0);
        let name_zh = format!("学校（{code}）推荐名额线");
        let name_en = format!("the quota of university {code}");
        let line = Line {
            rule: Rule::Quota,
            path: format!("/university_quotas/{}", escape_pointer_token(code)),
            name_zh: &name_zh,
            name_en: &name_en,
        };
        let n = usize::try_from(quota).unwrap_or(usize::MAX);
        tie_at_cut_line(works, ranked, n, mode, &line, findings);
    }
    forwarded
}

/// R-QUOTA — 三(二)¶1 按照名额要求择优把关推荐, §4.9 step 4: the province recommends the first
/// `national_quota` forwarded non-exempt candidates by Order. Returns the cut line.
fn national_line(
    works: &mut [Work<'_>],
    forwarded: &[usize],
    config: &ProvinceConfig,
    mode: PriorityMode,
    findings: &mut Vec<Finding>,
) -> CutLine {
    let quota = usize::try_from(config.national_quota).unwrap_or(usize::MAX);
    for &i in forwarded.iter().take(quota) {
        if let Some(w) = works.get_mut(i) {
            w.recommended = true;
        }
    }
    let line = Line {
        rule: Rule::Quota,
        path: "/national_quota".to_owned(),
        name_zh: "全国团队推荐名额线",
        name_en: "the national line",
    };
    tie_at_cut_line(works, forwarded, quota, mode, &line, findings);
    let entry = |i: Option<&usize>| {
        i.and_then(|i| works.get(*i)).map(|w| CutEntry {
            id: w.app.id.clone(),
            merit: w.eval.merit,
        })
    };
    let n_in = quota.min(forwarded.len());
    CutLine {
        last_in: entry(n_in.checked_sub(1).and_then(|k| forwarded.get(k))),
        first_out: entry(forwarded.get(quota)),
    }
}

/// R-NATIONAL — 三(二)¶2 备案审核通过后，即入选全国…团队, §4.9 step 5: a recommended application
/// the office approved is `national_team`; one it rejected goes on to the provincial team (its
/// place stays used); one not yet reviewed is `recommended`.
fn office_review(works: &mut [Work<'_>], cands: &[usize]) {
    for &i in cands {
        let Some(w) = works.get_mut(i) else { continue };
        if w.recommended {
            match w.decision {
                Some(OfficeDecision::Approved) => w.outcome = Some(Outcome::NationalTeam),
                Some(OfficeDecision::Rejected) => {}
                None => w.outcome = Some(Outcome::Recommended),
            }
        }
    }
}

/// R-NATIONAL — §4.9 step 5: an office decision for an application that was not recommended
/// changes nothing; that application gets the warning `decision_not_applicable`.
fn decision_not_applicable(works: &mut [Work<'_>]) {
    for w in works.iter_mut().filter(|w| !w.recommended) {
        let Some(decision) = w.decision else { continue };
        let (zh, en) = match decision {
            OfficeDecision::Approved => ("通过", "approved"),
            OfficeDecision::Rejected => ("不通过", "rejected"),
        };
        w.eval.findings.push(Finding::new(
            Rule::National,
            Code::DecisionNotApplicable,
            "",
            &[("decision", zh), ("decision_en", en)],
        ));
    }
}

/// R-PROVINCIAL — 三(二)¶2 未入选全国团队的…确定一批省级…团队(具体名额由省级党委教育工作部门结合实际确定),
/// §4.9 step 6: every candidate neither in the national team nor awaiting review competes by
/// Order; with `provincial_quota` set the first so many are `provincial_team`, the rest
/// `not_selected`; unset, each is a `provincial_candidate`. While reviews are pending a set
/// provincial team is provisional (`provincial_provisional`).
fn provincial_teams(
    works: &mut [Work<'_>],
    cands: &[usize],
    config: &ProvinceConfig,
    mode: PriorityMode,
    findings: &mut Vec<Finding>,
) {
    let competing: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|i| works.get(*i).is_some_and(|w| w.outcome.is_none()))
        .collect();
    let Some(quota) = config.provincial_quota else {
        for &i in &competing {
            if let Some(w) = works.get_mut(i) {
                w.outcome = Some(Outcome::ProvincialCandidate);
            }
        }
        return;
    };
    let n = usize::try_from(quota).unwrap_or(usize::MAX);
    for (k, &i) in competing.iter().enumerate() {
        if let Some(w) = works.get_mut(i) {
            w.outcome = Some(if k < n {
                Outcome::ProvincialTeam
            } else {
                Outcome::NotSelected
            });
        }
    }
    let line = Line {
        rule: Rule::Provincial,
        path: "/provincial_quota".to_owned(),
        name_zh: "省级团队名额线",
        name_en: "the provincial line",
    };
    tie_at_cut_line(works, &competing, n, mode, &line, findings);
    let pending = cands
        .iter()
        .filter(|i| {
            works
                .get(**i)
                .is_some_and(|w| w.outcome == Some(Outcome::Recommended))
        })
        .count();
    if pending > 0 {
        findings.push(Finding::new(
            Rule::Provincial,
            Code::ProvincialProvisional,
            "/provincial_quota",
            &[("pending", &pending.to_string())],
        ));
    }
}

/// What decided each candidate of a province, and the least change that would recommend one
/// that was not (with everything else fixed): the merit it needs against the last one in (equal
/// when the id order would then favour it), the priority it lacks, the university quota that
/// held it back, or the late list that excluded the province; for one recommended, its margin
/// over the first one out.
fn why_not(
    works: &mut [Work<'_>],
    cands: &[usize],
    forwarded: &[usize],
    config: &ProvinceConfig,
    mode: PriorityMode,
    excluded: bool,
    cut_line: &CutLine,
) {
    use crate::law::why::{WhyKind as K, message, text};
    let quota = usize::try_from(config.national_quota).unwrap_or(usize::MAX);
    let last_in = quota
        .checked_sub(1)
        .and_then(|k| forwarded.get(k))
        .and_then(|i| works.get(*i))
        .map(|w| (w.app.id.clone(), w.eval.merit, w.eval.priority));
    let entry = |(id, merit, _): &(String, f64, bool)| CutEntry {
        id: id.clone(),
        merit: *merit,
    };
    let num = |x: f64| x.to_string();
    let first_out_priority = forwarded
        .get(quota)
        .and_then(|i| works.get(*i))
        .map(|w| w.eval.priority);
    // Per university with a quota: its non-exempt candidates, forwarded or not, in Order.
    let mut per_uni: BTreeMap<&str, Vec<(usize, bool)>> = BTreeMap::new();
    for &i in cands {
        let Some(w) = works.get(i) else { continue };
        let code = w.app.institution.code.as_str();
        if !w.eval.quota_exempt && config.university_quotas.contains_key(code) {
            per_uni
                .entry(code)
                .or_default()
                .push((i, forwarded.contains(&i)));
        }
    }
    let mut whys: Vec<(usize, Why)> = Vec::with_capacity(cands.len());
    for &i in cands {
        let Some(w) = works.get(i) else { continue };
        let why = if excluded {
            Why::new(K::LateList, message(text::LATE_LIST, &[]))
        } else if w.recommended && w.decision == Some(OfficeDecision::Rejected) {
            Why::new(K::OfficeRejected, message(text::OFFICE_REJECTED, &[]))
        } else if w.eval.quota_exempt {
            Why::new(K::Exempt, message(text::EXEMPT, &[]))
        } else if w.recommended {
            match (&cut_line.first_out, first_out_priority) {
                (Some(out), Some(out_priority)) => {
                    let margin = crate::law::score::round2(w.eval.merit - out.merit);
                    let by_priority =
                        mode == PriorityMode::TierFirst && w.eval.priority && !out_priority;
                    let template = if by_priority {
                        text::MARGIN_PRIORITY
                    } else if margin == 0.0 {
                        text::MARGIN_EQUAL
                    } else {
                        text::MARGIN
                    };
                    Why {
                        merit: (!by_priority).then_some(margin),
                        against: Some(out.clone()),
                        ..Why::new(
                            K::Margin,
                            message(
                                template,
                                &[
                                    ("margin", &num(margin)),
                                    ("against", &out.id),
                                    ("against_merit", &num(out.merit)),
                                ],
                            ),
                        )
                    }
                }
                _ => Why::new(K::Margin, message(text::RECOMMENDED_ALONE, &[])),
            }
        } else if let Some(line) = per_uni
            .get(w.app.institution.code.as_str())
            .filter(|_| !forwarded.contains(&i))
        {
            let code = w.app.institution.code.clone();
            let uni_quota = config.university_quotas.get(&code).copied().unwrap_or(0);
            let ahead: Vec<String> = line
                .iter()
                .filter(|(_, fwd)| *fwd)
                .filter_map(|(k, _)| works.get(*k).map(|x| x.app.id.clone()))
                .collect();
            let position = line.iter().position(|(k, _)| *k == i).unwrap_or(0);
            let needed = u32::try_from(position + 1).unwrap_or(u32::MAX);
            Why {
                institution_code: Some(code),
                quota: Some(uni_quota),
                needed: Some(needed),
                message: message(
                    text::HELD_BY_UNIVERSITY,
                    &[
                        ("quota", &uni_quota.to_string()),
                        ("ahead", &ahead.join("、")),
                        ("ahead_en", &ahead.join(", ")),
                        ("needed", &needed.to_string()),
                    ],
                ),
                ahead,
                ..Why::new(K::HeldByUniversity, Message::default())
            }
        } else if let Some(last) = &last_in {
            let (last_id, last_merit, last_priority) = last;
            let prio = w.eval.priority;
            if mode == PriorityMode::TierFirst && *last_priority && !prio {
                Why {
                    against: Some(entry(last)),
                    ..Why::new(
                        K::NeedsPriority,
                        message(text::NEEDS_PRIORITY, &[("against", last_id)]),
                    )
                }
            } else {
                // At an equal merit, who goes first: priority under tie_break, else the id.
                let id_after = w.app.id.as_bytes() > last_id.as_bytes();
                let must_exceed = match mode {
                    PriorityMode::TieBreak if prio != *last_priority => *last_priority,
                    _ => id_after,
                };
                let beyond = *last_merit > 100.0 || (*last_merit >= 100.0 && must_exceed);
                let (exceed, exceed_en) = if must_exceed {
                    ("高于", "above ")
                } else {
                    ("达到", "of ")
                };
                let args = [
                    ("merit", num(*last_merit)),
                    ("exceed", exceed.to_owned()),
                    ("exceed_en", exceed_en.to_owned()),
                    ("against", last_id.clone()),
                    ("against_merit", num(*last_merit)),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let (kind, template) = if beyond {
                    (K::OutOfReach, text::OUT_OF_REACH)
                } else {
                    (K::NeedsMerit, text::NEEDS_MERIT)
                };
                Why {
                    merit: Some(*last_merit),
                    must_exceed: Some(must_exceed),
                    against: Some(entry(last)),
                    ..Why::new(kind, message(template, &args))
                }
            }
        } else {
            Why::new(K::NoPlaces, message(text::NO_PLACES, &[]))
        };
        whys.push((i, why));
    }
    for (i, why) in whys {
        if let Some(w) = works.get_mut(i) {
            w.why = Some(why);
        }
    }
}

/// One province's selection (§4.9 steps 2–7) over its candidates, with R-DEADLINE.
fn select_province(
    works: &mut [Work<'_>],
    mut cands: Vec<usize>,
    config: &ProvinceConfig,
    p: &Params,
) -> ProvinceSummary {
    let mode = p.priority_mode;
    // Order is total (ids are unique), so an unstable sort gives one answer.
    crate::sort::sort_by(&mut cands, |a, b| match (works.get(*a), works.get(*b)) {
        (Some(wa), Some(wb)) => order(wa, wb, mode),
        _ => Ordering::Equal,
    });
    for (pos, i) in cands.iter().enumerate() {
        if let Some(w) = works.get_mut(*i) {
            w.rank = u32::try_from(pos + 1).ok();
        }
    }

    let mut findings = Vec::new();
    let late = deadline(config, p, &mut findings);
    let excluded = late && p.late_list_policy == LateListPolicy::Exclude;
    let mut cut_line = CutLine::default();
    let mut forwarded = Vec::new();
    if !excluded {
        // R-EXEMPT — 三(二)¶3 …均不占各地、各高校推荐名额, §4.9 step 2: exempt candidates are
        // recommended, outside every quota.
        for &i in &cands {
            if let Some(w) = works.get_mut(i).filter(|w| w.eval.quota_exempt) {
                w.recommended = true;
            }
        }
        forwarded = university_quotas(works, &cands, config, mode, &mut findings);
        cut_line = national_line(works, &forwarded, config, mode, &mut findings);
        office_review(works, &cands);
    }
    provincial_teams(works, &cands, config, mode, &mut findings);
    crate::sort::sort_by_key(&mut findings, |f| f.rule);
    why_not(works, &cands, &forwarded, config, mode, excluded, &cut_line);

    let count = |f: &dyn Fn(&Work<'_>) -> bool| {
        let n = cands
            .iter()
            .filter(|i| works.get(**i).is_some_and(f))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let outcome = |o: Outcome| move |w: &Work<'_>| w.outcome == Some(o);
    let province = config.province;
    ProvinceSummary {
        province,
        name: province.name_zh().to_owned(),
        national_quota: config.national_quota,
        provincial_quota: config.provincial_quota,
        candidates: count(&|_| true),
        places_used: count(&|w| w.recommended && !w.eval.quota_exempt),
        exempt: count(&|w| w.eval.quota_exempt),
        priority: count(&|w| w.eval.priority),
        recommended: count(&|w| w.recommended),
        pending_review: count(&outcome(Outcome::Recommended)),
        rejected: count(&|w| w.recommended && w.decision == Some(OfficeDecision::Rejected)),
        national_team: count(&outcome(Outcome::NationalTeam)),
        provincial_team: count(&outcome(Outcome::ProvincialTeam)),
        provincial_candidates: count(&outcome(Outcome::ProvincialCandidate)),
        not_selected: count(&outcome(Outcome::NotSelected)),
        late,
        cut_line,
        findings,
    }
}

/// R-MANDATORY — 三(二)¶3 第三批…工作室建设对象，均需参加 (§4.10): every third-batch studio under
/// construction on the official list must take part: `mandatory_missing` without an
/// application, `mandatory_not_participating` when the application R-DUP keeps is not
/// `national_team`, `recommended`, `provincial_team` or `provincial_candidate`. Each points at
/// `/registry/national_studios` and names its entry by person; sorted by person, then code.
fn mandatory(
    list: &[RegistryStudio],
    kept: &PersonMap<'_>,
    works: &[Work<'_>],
) -> Vec<ComplianceFinding> {
    const PATH: &str = "/registry/national_studios";
    let mut compliance = Vec::new();
    for e in list
        .iter()
        .filter(|e| e.batch == 3 && e.status == StudioStatus::Construction)
    {
        match kept.get(e.person_id.as_str()).and_then(|i| works.get(*i)) {
            None => {
                let f = Finding::new(
                    Rule::Mandatory,
                    Code::MandatoryMissing,
                    PATH,
                    &[("person", &e.person_id)],
                );
                compliance.push(ComplianceFinding::new(
                    f,
                    e.person_id.clone(),
                    None,
                    e.province,
                ));
            }
            Some(w) => {
                let outcome = w.outcome();
                if outcome.takes_part() {
                    continue;
                }
                let f = Finding::new(
                    Rule::Mandatory,
                    Code::MandatoryNotParticipating,
                    PATH,
                    &[
                        ("person", &e.person_id),
                        ("application", &w.app.id),
                        ("outcome", outcome.label_zh()),
                        ("outcome_en", outcome.as_str()),
                    ],
                );
                compliance.push(ComplianceFinding::new(
                    f,
                    e.person_id.clone(),
                    Some(w.app.id.clone()),
                    Some(w.app.province),
                ));
            }
        }
    }
    crate::sort::sort_by(&mut compliance, |a, b| {
        a.person_id
            .cmp(&b.person_id)
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
    });
    compliance
}

/// The ids of the recommended applications (a convenience for analyses and tests).
pub fn recommended_ids(result: &SelectionResult) -> BTreeSet<&str> {
    result
        .applications
        .iter()
        .filter(|a| a.recommended)
        .map(|a| a.id.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BranchHonor, Registry, RegistryStudio, Studio};
    use crate::samples::application;
    use crate::time::Timestamp;
    use crate::vocab::{HonorStatus, Level};

    const PKU: &str = "4111010001";
    const RUC: &str = "4111010002";
    const THU: &str = "4111010003";

    fn bj(quota: u32, provincial: Option<u32>) -> ProvinceConfig {
        ProvinceConfig {
            province: Province::from_code("11").unwrap(),
            national_quota: quota,
            provincial_quota: provincial,
            university_quotas: BTreeMap::new(),
            list_submitted_at: Timestamp::parse("2024-08-01T17:30:00+08:00").ok(),
        }
    }

    fn app(id: &str, code: &str, merit: f64) -> Application {
        let mut a = application(id, &format!("P-{id}"), code);
        a.merit_score = Some(merit);
        a
    }

    fn approve(input: &mut SelectionInput, ids: &[&str]) {
        for id in ids {
            input
                .office_decisions
                .insert((*id).into(), OfficeDecision::Approved);
        }
    }

    fn run(input: &SelectionInput) -> SelectionResult {
        select(input, &Ruleset::edition_2024()).unwrap()
    }

    fn run_with(input: &SelectionInput, over: &str) -> SelectionResult {
        let rs = Ruleset::edition_2024().with_overrides_json(over).unwrap();
        select(input, &rs).unwrap()
    }

    fn get<'a>(r: &'a SelectionResult, id: &str) -> &'a ApplicationResult {
        r.applications.iter().find(|a| a.id == id).unwrap()
    }

    fn codes(a: &ApplicationResult) -> Vec<(&str, &str)> {
        a.findings
            .iter()
            .map(|f| (f.rule.id(), f.code.as_str()))
            .collect()
    }

    fn exempt(mut a: Application) -> Application {
        a.studio = Some(Studio {
            level: Level::National,
            batch: Some(1),
            status: Some(crate::vocab::StudioStatus::Established),
        });
        a
    }

    fn prioritised(mut a: Application) -> Application {
        a.branch_honor = Some(BranchHonor {
            level: Level::National,
            batch: Some(2),
            status: Some(HonorStatus::Model),
        });
        a
    }

    #[test]
    fn quota_order_rank_and_cut_line() {
        let input = SelectionInput {
            applications: vec![
                app("A-3", PKU, 70.0),
                app("A-1", PKU, 90.0),
                app("A-2", RUC, 80.0),
                app("A-4", THU, 80.0),
            ],
            provinces: vec![bj(2, Some(1))],
            ..Default::default()
        };
        let mut input = input;
        approve(&mut input, &["A-1"]);
        let r = run(&input);
        let ids: Vec<&str> = r.applications.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["A-1", "A-2", "A-3", "A-4"]);
        let o = |id| {
            (
                get(&r, id).outcome,
                get(&r, id).rank,
                get(&r, id).recommended,
            )
        };
        assert_eq!(o("A-1"), (Outcome::NationalTeam, Some(1), true));
        // Equal merit: id ascending. Not yet reviewed by the office: `recommended`.
        assert_eq!(o("A-2"), (Outcome::Recommended, Some(2), true));
        assert_eq!(get(&r, "A-2").outcome_rule, Rule::National);
        assert_eq!(o("A-4"), (Outcome::ProvincialTeam, Some(3), false));
        assert_eq!(o("A-3"), (Outcome::NotSelected, Some(4), false));
        assert_eq!(get(&r, "A-1").outcome_rule, Rule::National);
        assert_eq!(get(&r, "A-3").outcome_rule, Rule::Provincial);
        let p = &r.provinces[0];
        assert_eq!(
            (
                p.places_used,
                p.recommended,
                p.pending_review,
                p.national_team,
                p.provincial_team,
                p.not_selected
            ),
            (2, 2, 1, 1, 1, 1)
        );
        // Only the id put A-2 in and A-4 out; one review pending makes the provincial team
        // provisional.
        let f: Vec<(&str, &str, &str)> = p
            .findings
            .iter()
            .map(|f| (f.rule.id(), f.code.as_str(), f.path.as_str()))
            .collect();
        assert_eq!(
            f,
            vec![
                ("R-QUOTA", "tie_at_cut_line", "/national_quota"),
                (
                    "R-PROVINCIAL",
                    "provincial_provisional",
                    "/provincial_quota"
                ),
            ]
        );
        assert!(p.findings[0].message.en.contains("A-2 (in) and A-4 (out)"));
        assert_eq!(p.findings[0].severity, crate::Severity::Warning);
        assert_eq!(
            p.cut_line.last_in,
            Some(CutEntry {
                id: "A-2".into(),
                merit: 80.0
            })
        );
        assert_eq!(
            p.cut_line.first_out,
            Some(CutEntry {
                id: "A-4".into(),
                merit: 80.0
            })
        );
        assert_eq!(p.name, "北京市");
    }

    #[test]
    fn exempt_candidates_use_no_place() {
        let input = SelectionInput {
            applications: vec![
                exempt(app("A-1", PKU, 10.0)),
                app("A-2", PKU, 90.0),
                app("A-3", PKU, 80.0),
            ],
            provinces: vec![bj(1, Some(0))],
            ..Default::default()
        };
        let mut input = input;
        approve(&mut input, &["A-1", "A-2"]);
        let r = run(&input);
        assert_eq!(get(&r, "A-1").outcome, Outcome::NationalTeam);
        assert!(get(&r, "A-1").quota_exempt && get(&r, "A-1").recommended);
        assert_eq!(get(&r, "A-2").outcome, Outcome::NationalTeam);
        assert_eq!(get(&r, "A-3").outcome, Outcome::NotSelected);
        let p = &r.provinces[0];
        assert_eq!(
            (p.places_used, p.exempt, p.recommended, p.national_team),
            (1, 1, 2, 2)
        );
        // The cut line is taken from the non-exempt ranking.
        assert_eq!(p.cut_line.last_in.as_ref().unwrap().id, "A-2");
        assert_eq!(p.cut_line.first_out.as_ref().unwrap().id, "A-3");
    }

    #[test]
    fn university_quota_forwards_the_first_n() {
        let mut cfg = bj(3, None);
        cfg.university_quotas.insert(PKU.into(), 1);
        let input = SelectionInput {
            applications: vec![
                app("A-1", PKU, 90.0),
                app("A-2", PKU, 85.0),
                exempt(app("A-3", PKU, 50.0)),
                app("A-4", RUC, 60.0),
            ],
            provinces: vec![cfg],
            ..Default::default()
        };
        let mut input = input;
        approve(&mut input, &["A-1", "A-3", "A-4"]);
        let r = run(&input);
        assert_eq!(get(&r, "A-1").outcome, Outcome::NationalTeam);
        // The exempt one is outside the university quota too.
        assert_eq!(get(&r, "A-3").outcome, Outcome::NationalTeam);
        let a2 = get(&r, "A-2");
        assert_eq!(
            (a2.outcome, a2.recommended),
            (Outcome::ProvincialCandidate, false)
        );
        assert_eq!(codes(a2), vec![("R-QUOTA", "not_forwarded")]);
        assert_eq!(a2.findings[0].path, "/institution/code");
        assert_eq!(get(&r, "A-4").outcome, Outcome::NationalTeam);
        assert_eq!(r.provinces[0].places_used, 2);
    }

    #[test]
    fn priority_modes() {
        let input = SelectionInput {
            applications: vec![
                prioritised(app("A-1", PKU, 70.0)),
                app("A-2", PKU, 90.0),
                app("A-3", PKU, 70.0),
            ],
            provinces: vec![bj(1, None)],
            ..Default::default()
        };
        let first = |r: &SelectionResult| {
            r.applications
                .iter()
                .find(|a| a.rank == Some(1))
                .map(|a| a.id.clone())
                .unwrap()
        };
        let r = run(&input);
        assert_eq!(first(&r), "A-1");
        assert_eq!(r.provinces[0].priority, 1);
        let r = run_with(&input, r#"{"priority_mode": "tie_break"}"#);
        assert_eq!(first(&r), "A-2");
        assert_eq!(get(&r, "A-1").rank, Some(2));
        let r = run_with(&input, r#"{"priority_mode": "none"}"#);
        assert_eq!(get(&r, "A-1").rank, Some(2));
        // Without priority, A-3 would rank before A-1 only by id; with tie_break A-1 wins the tie.
        let input2 = SelectionInput {
            applications: vec![prioritised(app("A-3", PKU, 70.0)), app("A-1", PKU, 70.0)],
            provinces: vec![bj(1, None)],
            ..Default::default()
        };
        assert_eq!(
            first(&run_with(&input2, r#"{"priority_mode": "tie_break"}"#)),
            "A-3"
        );
        assert_eq!(
            first(&run_with(&input2, r#"{"priority_mode": "none"}"#)),
            "A-1"
        );
    }

    #[test]
    fn office_rejection_goes_to_the_provincial_team() {
        let mut input = SelectionInput {
            applications: vec![app("A-1", PKU, 90.0), app("A-2", PKU, 80.0)],
            provinces: vec![bj(1, Some(5))],
            ..Default::default()
        };
        input
            .office_decisions
            .insert("A-1".into(), OfficeDecision::Rejected);
        let r = run(&input);
        let a1 = get(&r, "A-1");
        assert_eq!(
            (a1.outcome, a1.recommended, a1.outcome_rule),
            (Outcome::ProvincialTeam, true, Rule::Provincial)
        );
        // The place stays used: the office's rejection frees no place for A-2.
        assert_eq!(get(&r, "A-2").outcome, Outcome::ProvincialTeam);
        let p = &r.provinces[0];
        assert_eq!((p.places_used, p.recommended, p.national_team), (1, 1, 0));
    }

    #[test]
    fn duplicates_keep_the_latest_by_default_or_the_earliest() {
        let mut a = app("A-1", PKU, 90.0);
        let mut b = app("A-2", RUC, 95.0);
        let mut c = app("A-3", THU, 99.0);
        for x in [&mut a, &mut b, &mut c] {
            x.person_id = "P-SAME".into();
        }
        a.submitted_at = Timestamp::parse("2024-07-21T09:00:00+08:00").ok();
        // 2024-07-21T00:30Z is 08:30 in Beijing: earlier than A-1.
        b.submitted_at = Timestamp::parse("2024-07-21T00:30:00Z").ok();
        c.submitted_at = None;
        let input = SelectionInput {
            applications: vec![c, a, b],
            provinces: vec![bj(5, None)],
            ..Default::default()
        };
        // `latest` (the 2024 default): the resubmission A-1 corrects A-2; A-3, without a time,
        // loses to both.
        for (over, kept, others) in [
            ("{}", "A-1", ["A-2", "A-3"]),
            (r#"{"duplicate_keep": "earliest"}"#, "A-2", ["A-1", "A-3"]),
        ] {
            let r = run_with(&input, over);
            assert_eq!(get(&r, kept).outcome, Outcome::Recommended, "{over}");
            for id in others {
                let x = get(&r, id);
                assert_eq!(x.outcome, Outcome::Duplicate);
                assert_eq!(codes(x), vec![("R-DUP", "duplicate_person")]);
                assert_eq!(x.findings[0].path, "/person_id");
                assert!(x.findings[0].message.en.contains(kept));
                assert_eq!(x.rank, None);
            }
        }
        // Only what the university approved reaches the province: an approved application is
        // kept over later (or earlier) ones that were not.
        let mut input = input;
        for a in &mut input.applications {
            if a.id != "A-3" {
                a.university_review = None;
            }
        }
        for over in ["{}", r#"{"duplicate_keep": "earliest"}"#] {
            let r = run_with(&input, over);
            assert_eq!(get(&r, "A-3").outcome, Outcome::Recommended, "{over}");
            assert_eq!(get(&r, "A-1").outcome, Outcome::NotEndorsed);
            assert!(codes(get(&r, "A-1")).contains(&("R-DUP", "duplicate_person")));
        }
    }

    #[test]
    fn duplicate_ties_by_id_and_an_ineligible_keeper_still_counts() {
        let mut a = app("A-2", PKU, 90.0);
        let mut b = app("A-1", PKU, 80.0);
        a.person_id = "P-X".into();
        b.person_id = "P-X".into();
        b.dual_leader = false;
        let input = SelectionInput {
            applications: vec![a, b],
            provinces: vec![bj(5, None)],
            ..Default::default()
        };
        let r = run_with(&input, r#"{"duplicate_keep": "earliest"}"#);
        // Same timestamp: A-1 (byte order) stays, though ineligible; A-2 is the duplicate.
        assert_eq!(get(&r, "A-1").outcome, Outcome::Ineligible);
        assert_eq!(get(&r, "A-2").outcome, Outcome::Duplicate);
        // An earlier failing rule names the outcome, all findings are listed.
        let mut c = app("A-3", PKU, 90.0);
        c.person_id = "P-X".into();
        c.plan = None;
        let input = SelectionInput {
            applications: vec![c, app("A-0", PKU, 1.0)],
            provinces: vec![bj(5, None)],
            ..Default::default()
        };
        let mut input = input;
        input.applications[1].person_id = "P-X".into();
        let r = run_with(&input, r#"{"duplicate_keep": "earliest"}"#);
        let c = get(&r, "A-3");
        assert_eq!(c.outcome, Outcome::IncompletePlan);
        assert_eq!(
            codes(c),
            vec![("R-PLAN", "plan_missing"), ("R-DUP", "duplicate_person")]
        );
    }

    #[test]
    fn a_province_without_settings() {
        let mut a = app("A-1", "4112010055", 90.0);
        a.province = Province::from_code("12").unwrap();
        let input = SelectionInput {
            applications: vec![a],
            provinces: vec![bj(1, None)],
            ..Default::default()
        };
        let r = run(&input);
        let x = get(&r, "A-1");
        assert_eq!(
            (x.outcome, x.outcome_rule),
            (Outcome::Misrouted, Rule::Route)
        );
        assert_eq!(codes(x), vec![("R-ROUTE", "no_province_config")]);
        assert_eq!(r.provinces.len(), 1);
        assert_eq!(r.provinces[0].candidates, 0);
    }

    #[test]
    fn deadline_inclusive_and_strict() {
        let mut cfg = bj(1, None);
        cfg.list_submitted_at = Timestamp::parse("2024-08-02T20:00:00+08:00").ok();
        let input = SelectionInput {
            applications: vec![app("A-1", PKU, 90.0)],
            provinces: vec![cfg],
            ..Default::default()
        };
        let r = run(&input);
        assert!(!r.provinces[0].late && r.provinces[0].findings.is_empty());
        let r = run_with(&input, r#"{"deadline_inclusive": false}"#);
        assert!(r.provinces[0].late);
        let f = &r.provinces[0].findings[0];
        assert_eq!(
            (f.rule, f.code, f.path.as_str()),
            (Rule::Deadline, Code::LateList, "/list_submitted_at")
        );
        // flag: nothing else changes.
        assert_eq!(get(&r, "A-1").outcome, Outcome::Recommended);
        // No time given: the deadline cannot be checked.
        let mut unknown = input.clone();
        unknown.provinces[0].list_submitted_at = None;
        let p = &run(&unknown).provinces[0];
        assert!(!p.late);
        let f: Vec<(&str, &str, &str)> = p
            .findings
            .iter()
            .map(|f| (f.rule.id(), f.code.as_str(), f.path.as_str()))
            .collect();
        assert_eq!(
            f,
            vec![("R-DEADLINE", "list_time_unknown", "/list_submitted_at")]
        );
        // A UTC timestamp that is already 3 August in Beijing is late even when inclusive.
        let mut input2 = input.clone();
        input2.provinces[0].list_submitted_at = Timestamp::parse("2024-08-02T16:30:00Z").ok();
        assert!(run(&input2).provinces[0].late);
    }

    #[test]
    fn late_list_exclude_sends_everyone_to_the_provincial_team() {
        let mut cfg = bj(2, Some(1));
        cfg.list_submitted_at = Timestamp::parse("2024-08-05").ok();
        let input = SelectionInput {
            applications: vec![exempt(app("A-1", PKU, 10.0)), app("A-2", PKU, 90.0)],
            provinces: vec![cfg],
            ..Default::default()
        };
        let r = run_with(&input, r#"{"late_list_policy": "exclude"}"#);
        let p = &r.provinces[0];
        assert!(p.late);
        assert_eq!(
            (p.recommended, p.national_team, p.places_used, p.exempt),
            (0, 0, 0, 1)
        );
        assert_eq!(p.cut_line, CutLine::default());
        // Step 6 by Order: A-2 (merit 90) takes the one provincial place.
        assert_eq!(get(&r, "A-2").outcome, Outcome::ProvincialTeam);
        assert_eq!(get(&r, "A-1").outcome, Outcome::NotSelected);
        assert!(get(&r, "A-1").quota_exempt);
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn mandatory_participation() {
        let mut pending = app("A-1", PKU, 10.0);
        pending.person_id = "P-STUDIO".into();
        let mut failing = app("A-5", PKU, 10.0);
        failing.person_id = "P-FAIL".into();
        failing.dual_leader = false;
        let studio = |person: &str, batch, province| RegistryStudio {
            person_id: person.into(),
            batch,
            status: StudioStatus::Construction,
            province: Province::from_code(province),
        };
        let input = SelectionInput {
            applications: vec![failing, pending, app("A-2", PKU, 90.0)],
            provinces: vec![bj(1, Some(0))],
            registry: Some(Registry {
                national_studios: Some(vec![
                    studio("P-STUDIO", 3, ""),
                    studio("P-NOLIST", 3, ""),
                    studio("P-ABSENT", 3, "31"),
                    studio("P-FAIL", 3, ""),
                    studio("P-OLD", 2, ""),
                ]),
                national_model_branches: None,
            }),
            ..Default::default()
        };
        let r = run(&input);
        // Listed without declaring it: exempt by the list, recommended, awaiting review — taking
        // part.
        let a1 = get(&r, "A-1");
        assert_eq!((a1.outcome, a1.quota_exempt), (Outcome::Recommended, true));
        assert_eq!(codes(a1), vec![("R-CLAIM", "studio_from_registry")]);
        let c: Vec<(&str, &str, Option<&str>, Option<&str>, &str)> = r
            .compliance
            .iter()
            .map(|f| {
                (
                    f.code.as_str(),
                    f.person_id.as_str(),
                    f.application_id.as_deref(),
                    f.province.map(|p| p.code()),
                    f.path.as_str(),
                )
            })
            .collect();
        let path = "/registry/national_studios";
        assert_eq!(
            c,
            vec![
                ("mandatory_missing", "P-ABSENT", None, Some("31"), path),
                (
                    "mandatory_not_participating",
                    "P-FAIL",
                    Some("A-5"),
                    Some("11"),
                    path
                ),
                ("mandatory_missing", "P-NOLIST", None, None, path),
            ]
        );
        assert!(
            r.compliance
                .iter()
                .all(|f| f.rule == Rule::Mandatory && f.severity == crate::Severity::Warning)
        );
    }

    #[test]
    fn malformed_selections_are_rejected_whole() {
        let input = SelectionInput {
            applications: vec![app("A-1", PKU, 1.0), app("A-1", RUC, 2.0)],
            provinces: vec![bj(1, None), bj(2, None)],
            ..Default::default()
        };
        let e = select(&input, &Ruleset::edition_2024()).unwrap_err();
        assert!(e.is_invalid_input());
        let paths: Vec<&str> = e.issues().iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, vec!["/applications/1/id", "/provinces/1/province"]);
        let bad = SelectionInput {
            ruleset: Some(crate::RulesetOverrides {
                cycle_years: Some(0),
                ..Default::default()
            }),
            ..Default::default()
        };
        let e = select(&bad, &Ruleset::edition_2024()).unwrap_err();
        assert!(e.is_invalid_ruleset());
        assert_eq!(e.path(), "/ruleset/cycle_years");
    }

    #[test]
    fn any_order_gives_the_same_bytes() {
        let apps = vec![
            app("A-5", PKU, 70.0),
            exempt(app("A-1", RUC, 60.0)),
            prioritised(app("A-3", THU, 65.0)),
            app("A-2", PKU, 90.0),
            app("A-4", RUC, 90.0),
        ];
        let base = SelectionInput {
            applications: apps.clone(),
            provinces: vec![bj(2, Some(1))],
            ..Default::default()
        };
        let expected = serde_json::to_string(&run(&base)).unwrap();
        let mut rev = base.clone();
        rev.applications.reverse();
        assert_eq!(serde_json::to_string(&run(&rev)).unwrap(), expected);
        let mut rot = base;
        rot.applications.rotate_left(2);
        assert_eq!(serde_json::to_string(&run(&rot)).unwrap(), expected);
    }
}
