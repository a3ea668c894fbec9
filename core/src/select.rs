//! The selection: R-DUP, R-ROUTE, R-EXEMPT, R-PRIORITY, R-QUOTA, R-NATIONAL, R-PROVINCIAL,
//! R-DEADLINE and R-MANDATORY over all applications (§4.5–4.11).

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::application::{Evaluation, Outcome, evaluate, validate_application};
use crate::catalog::Code;
use crate::error::{Error, ErrorKind, Issue};
use crate::finding::{ComplianceFinding, Finding, Rule};
use crate::model::{Application, OfficeDecision, ProvinceConfig, RegistryStudio, SelectionInput};
use crate::ruleset::{LateListPolicy, Params, PriorityMode, Ruleset, RulesetStamp};
use crate::vocab::{Province, StudioStatus};

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
    pub provincial_quota: Option<u32>,
    pub candidates: u32,
    /// Non-exempt recommended candidates, including any the office then rejects.
    pub places_used: u32,
    pub exempt: u32,
    pub priority: u32,
    pub recommended: u32,
    pub national_team: u32,
    pub provincial_team: u32,
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
    /// R-MANDATORY findings; paths point into the selection input's registry.
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
    rank: Option<u32>,
}

fn issue(path: String, message: String) -> Issue {
    Issue {
        path,
        message,
        line: None,
        column: None,
    }
}

/// Rejects what the shapes cannot: duplicate ids, two configs for one province, and each
/// application's own constraints. Returns the applications in id order.
fn validate(input: &SelectionInput) -> Result<Vec<&Application>, Error> {
    let mut issues = Vec::new();
    for (i, app) in input.applications.iter().enumerate() {
        validate_application(app, &|| format!("/applications/{i}"), &mut issues);
    }
    // Duplicate ids: sort (id, index) and compare neighbours.
    let mut ids: Vec<(&str, usize)> = input
        .applications
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    ids.sort_unstable();
    let mut first = None;
    for pair in ids.windows(2) {
        if let [(a, i), (b, j)] = pair {
            if a == b {
                let first_at = *first.get_or_insert(*i);
                issues.push(issue(
                    format!("/applications/{j}/id"),
                    format!("duplicate application id `{b}` (first at /applications/{first_at})"),
                ));
            } else {
                first = None;
            }
        }
    }
    let mut seen: Vec<Option<usize>> = vec![None; Province::COUNT];
    for (i, c) in input.provinces.iter().enumerate() {
        let Some(slot) = seen.get_mut(c.province.index()) else {
            continue;
        };
        if let Some(first) = *slot {
            issues.push(issue(
                format!("/provinces/{i}/province"),
                format!(
                    "a second ProvinceConfig for province {} (first at /provinces/{first})",
                    c.province
                ),
            ));
        } else {
            *slot = Some(i);
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

/// R-DUP's order: earliest `submitted_at` first (missing = latest), ties by id.
fn dup_order(a: &Work<'_>, b: &Work<'_>) -> Ordering {
    fn key<'a>(
        w: &'a Work<'_>,
    ) -> (
        bool,
        Option<chrono::DateTime<chrono::FixedOffset>>,
        &'a [u8],
    ) {
        (
            w.app.submitted_at.is_none(),
            w.app.submitted_at.as_ref().map(|t| t.instant()),
            w.app.id.as_bytes(),
        )
    }
    key(a).cmp(&key(b))
}

fn order(a: &Work<'_>, b: &Work<'_>, mode: PriorityMode) -> Ordering {
    let merit = b.eval.merit.total_cmp(&a.eval.merit);
    let prio = b.eval.priority.cmp(&a.eval.priority);
    let id = a.app.id.as_bytes().cmp(b.app.id.as_bytes());
    match mode {
        PriorityMode::TierFirst => prio.then(merit).then(id),
        PriorityMode::TieBreak => merit.then(prio).then(id),
        PriorityMode::None => merit.then(id),
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
                rank: None,
            }
        })
        .collect();

    // R-ROUTE: a province without settings.
    for w in &mut works {
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

    // R-DUP: per person, the earliest submission stays (missing = latest; ties by id).
    // The map is only looked up, never iterated, and its hasher has fixed keys: the result does
    // not depend on it.
    let mut kept: PersonMap<'_> = PersonMap::default();
    kept.reserve(works.len());
    for (i, w) in works.iter().enumerate() {
        let keep = kept.entry(w.app.person_id.as_str()).or_insert(i);
        if let Some(k) = works.get(*keep) {
            if dup_order(w, k) == Ordering::Less {
                *keep = i;
            }
        }
    }
    for i in 0..works.len() {
        let Some(w) = works.get(i) else { continue };
        let keep = kept.get(w.app.person_id.as_str()).copied().unwrap_or(i);
        if keep == i {
            continue;
        }
        let kept_id = works
            .get(keep)
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

    // Candidates by province.
    let mut by_province: Vec<Vec<usize>> = vec![Vec::new(); Province::COUNT];
    for (i, w) in works.iter().enumerate() {
        if w.failed.is_none() {
            if let Some(cands) = by_province.get_mut(w.app.province.index()) {
                cands.push(i);
            }
        }
    }

    // Per province, in code order (§4.9 steps 2–6, R-DEADLINE).
    let mut provinces: Vec<ProvinceSummary> = Vec::new();
    for (config, cands) in configs.into_iter().zip(by_province) {
        if let Some(config) = config {
            let office = &input.office_decisions;
            provinces.push(select_province(&mut works, cands, config, p, office));
        }
    }

    // R-MANDATORY
    let compliance = registry
        .and_then(|r| r.national_studios.as_ref())
        .map(|list| mandatory(list, &kept, &works))
        .unwrap_or_default();

    let applications = works
        .into_iter()
        .map(|mut w| {
            let outcome = w.failed.or(w.outcome).unwrap_or(Outcome::NotSelected);
            w.eval.findings.sort_by_key(|f| f.rule);
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

/// One province's selection (§4.9 steps 2–6) over its candidates, with R-DEADLINE.
fn select_province(
    works: &mut [Work<'_>],
    mut cands: Vec<usize>,
    config: &ProvinceConfig,
    p: &Params,
    office_decisions: &BTreeMap<String, OfficeDecision>,
) -> ProvinceSummary {
    let province = &config.province;
    // Order is total (ids are unique), so an unstable sort gives one answer.
    cands.sort_unstable_by(|a, b| match (works.get(*a), works.get(*b)) {
        (Some(wa), Some(wb)) => order(wa, wb, p.priority_mode),
        _ => Ordering::Equal,
    });
    for (pos, i) in cands.iter().enumerate() {
        if let Some(w) = works.get_mut(*i) {
            w.rank = u32::try_from(pos + 1).ok();
        }
    }

    // R-DEADLINE
    let mut pfindings = Vec::new();
    let deadline = p.recommendation_deadline;
    let late = config.list_submitted_at.as_ref().is_some_and(|t| {
        let d = t.date_cst();
        if p.deadline_inclusive {
            d > deadline
        } else {
            d >= deadline
        }
    });
    if late {
        // 之前 as the ruleset reads it: inclusive or strict.
        let (deadline_zh, deadline_en) = if p.deadline_inclusive {
            (
                format!("{deadline} 当日及之前"),
                format!("on or before {deadline}"),
            )
        } else {
            (format!("{deadline} 之前"), format!("before {deadline}"))
        };
        let date = config
            .list_submitted_at
            .as_ref()
            .map(|t| t.date_cst().to_string())
            .unwrap_or_default();
        pfindings.push(Finding::new(
            Rule::Deadline,
            Code::LateList,
            "/list_submitted_at",
            &[
                ("date", &date),
                ("deadline", &deadline_zh),
                ("deadline_en", &deadline_en),
            ],
        ));
    }
    let excluded = late && p.late_list_policy == LateListPolicy::Exclude;

    let mut cut_line = CutLine::default();
    if !excluded {
        // Step 2: exempt candidates are recommended.
        // Step 3: university quotas over the non-exempt candidates.
        let mut forwarded: Vec<usize> = Vec::new();
        let mut per_uni: BTreeMap<&str, u32> = BTreeMap::new();
        for &i in &cands {
            let Some(w) = works.get_mut(i) else { continue };
            if w.eval.quota_exempt {
                w.recommended = true;
                continue;
            }
            let code = w.app.institution.code.as_str();
            if let Some(&quota) = config.university_quotas.get(code) {
                let used = per_uni.entry(code).or_insert(0);
                if *used >= quota {
                    w.eval.findings.push(Finding::new(
                        Rule::Quota,
                        Code::NotForwarded,
                        "/institution/code",
                        &[("quota", &quota.to_string())],
                    ));
                    continue;
                }
                *used += 1;
            }
            forwarded.push(i);
        }
        // Step 4: the province recommends the first `national_quota` forwarded.
        let quota = usize::try_from(config.national_quota).unwrap_or(usize::MAX);
        for &i in forwarded.iter().take(quota) {
            if let Some(w) = works.get_mut(i) {
                w.recommended = true;
            }
        }
        let entry = |i: Option<&usize>| {
            i.and_then(|i| works.get(*i)).map(|w| CutEntry {
                id: w.app.id.clone(),
                merit: w.eval.merit,
            })
        };
        let n_in = quota.min(forwarded.len());
        cut_line = CutLine {
            last_in: entry(n_in.checked_sub(1).and_then(|k| forwarded.get(k))),
            first_out: entry(forwarded.get(quota)),
        };
    }
    // Step 5: the office's review.
    for &i in &cands {
        if let Some(w) = works.get_mut(i) {
            if w.recommended && office_decisions.get(&w.app.id) != Some(&OfficeDecision::Rejected) {
                w.outcome = Some(Outcome::NationalTeam);
            }
        }
    }
    // Step 6: provincial teams, by Order, from everyone not in the national team.
    let mut left = config
        .provincial_quota
        .map(|q| usize::try_from(q).unwrap_or(usize::MAX));
    for &i in &cands {
        if let Some(w) = works.get_mut(i) {
            if w.outcome.is_some() {
                continue;
            }
            w.outcome = Some(match left.as_mut() {
                Some(0) => Outcome::NotSelected,
                Some(n) => {
                    *n -= 1;
                    Outcome::ProvincialTeam
                }
                None => Outcome::ProvincialTeam,
            });
        }
    }

    let count = |f: &dyn Fn(&Work<'_>) -> bool| {
        let n = cands
            .iter()
            .filter(|i| works.get(**i).is_some_and(f))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    ProvinceSummary {
        province: *province,
        name: province.name_zh().to_owned(),
        national_quota: config.national_quota,
        provincial_quota: config.provincial_quota,
        candidates: count(&|_| true),
        places_used: count(&|w| w.recommended && !w.eval.quota_exempt),
        exempt: count(&|w| w.eval.quota_exempt),
        priority: count(&|w| w.eval.priority),
        recommended: count(&|w| w.recommended),
        national_team: count(&|w| w.outcome == Some(Outcome::NationalTeam)),
        provincial_team: count(&|w| w.outcome == Some(Outcome::ProvincialTeam)),
        not_selected: count(&|w| w.outcome == Some(Outcome::NotSelected)),
        late,
        cut_line,
        findings: pfindings,
    }
}

/// R-MANDATORY: every third-batch studio under construction must apply, and the application
/// R-DUP keeps for that person must reach the national team. Sorted by person, then path.
fn mandatory(
    list: &[RegistryStudio],
    kept: &PersonMap<'_>,
    works: &[Work<'_>],
) -> Vec<ComplianceFinding> {
    let mut compliance = Vec::new();
    for (i, e) in list.iter().enumerate() {
        if e.batch != 3 || e.status != StudioStatus::Construction {
            continue;
        }
        let path = format!("/registry/national_studios/{i}");
        match kept.get(e.person_id.as_str()).and_then(|i| works.get(*i)) {
            None => {
                let f = Finding::new(
                    Rule::Mandatory,
                    Code::MandatoryMissing,
                    path,
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
                let outcome = w.outcome.or(w.failed).unwrap_or(Outcome::NotSelected);
                if outcome == Outcome::NationalTeam {
                    continue;
                }
                let f = Finding::new(
                    Rule::Mandatory,
                    Code::MandatoryNotParticipating,
                    path,
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
    compliance.sort_by(|a, b| {
        a.person_id
            .cmp(&b.person_id)
            .then_with(|| a.path.cmp(&b.path))
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
        // Equal merit: id ascending.
        assert_eq!(o("A-2"), (Outcome::NationalTeam, Some(2), true));
        assert_eq!(o("A-4"), (Outcome::ProvincialTeam, Some(3), false));
        assert_eq!(o("A-3"), (Outcome::NotSelected, Some(4), false));
        assert_eq!(get(&r, "A-1").outcome_rule, Rule::National);
        assert_eq!(get(&r, "A-3").outcome_rule, Rule::Provincial);
        let p = &r.provinces[0];
        assert_eq!(
            (
                p.places_used,
                p.recommended,
                p.national_team,
                p.provincial_team,
                p.not_selected
            ),
            (2, 2, 2, 1, 1)
        );
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
        let r = run(&input);
        assert_eq!(get(&r, "A-1").outcome, Outcome::NationalTeam);
        // The exempt one is outside the university quota too.
        assert_eq!(get(&r, "A-3").outcome, Outcome::NationalTeam);
        let a2 = get(&r, "A-2");
        assert_eq!(
            (a2.outcome, a2.recommended),
            (Outcome::ProvincialTeam, false)
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
    fn duplicates_keep_the_earliest() {
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
        let r = run(&input);
        assert_eq!(get(&r, "A-2").outcome, Outcome::NationalTeam);
        for id in ["A-1", "A-3"] {
            let x = get(&r, id);
            assert_eq!(x.outcome, Outcome::Duplicate);
            assert_eq!(codes(x), vec![("R-DUP", "duplicate_person")]);
            assert_eq!(x.findings[0].path, "/person_id");
            assert!(x.findings[0].message.en.contains("A-2"));
            assert_eq!(x.rank, None);
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
        let r = run(&input);
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
        let r = run(&input);
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
        assert_eq!(get(&r, "A-1").outcome, Outcome::NationalTeam);
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
        let mut studio_app = app("A-1", PKU, 10.0);
        studio_app.person_id = "P-STUDIO".into();
        let input = SelectionInput {
            applications: vec![studio_app, app("A-2", PKU, 90.0)],
            provinces: vec![bj(1, Some(0))],
            registry: Some(Registry {
                national_studios: Some(vec![
                    RegistryStudio {
                        person_id: "P-STUDIO".into(),
                        batch: 3,
                        status: StudioStatus::Construction,
                        province: None,
                    },
                    RegistryStudio {
                        person_id: "P-ABSENT".into(),
                        batch: 3,
                        status: StudioStatus::Construction,
                        province: Province::from_code("31"),
                    },
                    RegistryStudio {
                        person_id: "P-NOLIST".into(),
                        batch: 3,
                        status: StudioStatus::Construction,
                        province: None,
                    },
                    RegistryStudio {
                        person_id: "P-OLD".into(),
                        batch: 2,
                        status: StudioStatus::Construction,
                        province: None,
                    },
                ]),
                national_model_branches: None,
            }),
            ..Default::default()
        };
        let r = run(&input);
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
        assert_eq!(
            c,
            vec![
                (
                    "mandatory_missing",
                    "P-ABSENT",
                    None,
                    Some("31"),
                    "/registry/national_studios/1"
                ),
                (
                    "mandatory_missing",
                    "P-NOLIST",
                    None,
                    None,
                    "/registry/national_studios/2"
                ),
                (
                    "mandatory_not_selected",
                    "P-STUDIO",
                    Some("A-1"),
                    Some("11"),
                    "/registry/national_studios/0"
                ),
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
