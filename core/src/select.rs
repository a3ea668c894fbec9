//! The selection: R-DUP, R-ROUTE, R-EXEMPT, R-PRIORITY, R-QUOTA, R-NATIONAL, R-PROVINCIAL,
//! R-DEADLINE and R-MANDATORY over all applications (§4.5–4.11).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::application::{Evaluation, Outcome, evaluate, validate_application};
use crate::catalog::Code;
use crate::error::{Error, ErrorKind, Issue};
use crate::finding::{ComplianceFinding, Finding, Rule};
use crate::model::{Application, OfficeDecision, ProvinceConfig, SelectionInput};
use crate::ruleset::{LateListPolicy, PriorityMode, Ruleset, RulesetStamp};
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
/// application's own constraints.
fn validate(input: &SelectionInput) -> Result<(), Error> {
    let mut issues = Vec::new();
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, app) in input.applications.iter().enumerate() {
        let prefix = format!("/applications/{i}");
        validate_application(app, &prefix, &mut issues);
        if let Some(first) = ids.insert(&app.id, i) {
            ids.insert(&app.id, first);
            issues.push(issue(
                format!("{prefix}/id"),
                format!(
                    "duplicate application id `{}` (first at /applications/{first})",
                    app.id
                ),
            ));
        }
    }
    let mut seen: BTreeMap<Province, usize> = BTreeMap::new();
    for (i, c) in input.provinces.iter().enumerate() {
        if let Some(first) = seen.insert(c.province, i) {
            seen.insert(c.province, first);
            issues.push(issue(
                format!("/provinces/{i}/province"),
                format!(
                    "a second ProvinceConfig for province {} (first at /provinces/{first})",
                    c.province
                ),
            ));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::from_issues(ErrorKind::InvalidInput, issues))
    }
}

/// R-DUP's order: earliest `submitted_at` first (missing = latest), ties by id.
fn dup_order(a: Option<&Work<'_>>, b: Option<&Work<'_>>) -> Ordering {
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
    match (a, b) {
        (Some(a), Some(b)) => key(a).cmp(&key(b)),
        _ => Ordering::Equal,
    }
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
    validate(input)?;
    let p = ruleset.params();
    let registry = input.registry.as_ref();

    // Work in id order, so nothing below depends on the order of the input.
    let mut apps: Vec<&Application> = input.applications.iter().collect();
    apps.sort_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));
    let configs: BTreeMap<Province, &ProvinceConfig> =
        input.provinces.iter().map(|c| (c.province, c)).collect();

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
        if !configs.contains_key(&w.app.province) {
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
    let mut by_person: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, w) in works.iter().enumerate() {
        by_person
            .entry(w.app.person_id.as_str())
            .or_default()
            .push(i);
    }
    let mut kept: BTreeMap<&str, usize> = BTreeMap::new();
    for (person, idx) in &by_person {
        let Some(&keep) = idx
            .iter()
            .min_by(|a, b| dup_order(works.get(**a), works.get(**b)))
        else {
            continue;
        };
        kept.insert(person, keep);
        let kept_id = works
            .get(keep)
            .map(|w| w.app.id.clone())
            .unwrap_or_default();
        for &i in idx.iter().filter(|i| **i != keep) {
            if let Some(w) = works.get_mut(i) {
                w.eval.findings.push(Finding::new(
                    Rule::Dup,
                    Code::DuplicatePerson,
                    "/person_id",
                    &[("person", person), ("kept", &kept_id)],
                ));
                w.failed = w.failed.or(Some(Outcome::Duplicate));
            }
        }
    }

    // Per province.
    let mut provinces = Vec::with_capacity(configs.len());
    for (province, config) in &configs {
        let mut cands: Vec<usize> = (0..works.len())
            .filter(|i| {
                works
                    .get(*i)
                    .is_some_and(|w| w.failed.is_none() && w.app.province == *province)
            })
            .collect();
        cands.sort_by(|a, b| match (works.get(*a), works.get(*b)) {
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
            let date = config
                .list_submitted_at
                .as_ref()
                .map(|t| t.date_cst().to_string())
                .unwrap_or_default();
            pfindings.push(Finding::new(
                Rule::Deadline,
                Code::LateList,
                "/list_submitted_at",
                &[("date", &date), ("deadline", &deadline.to_string())],
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
                if w.recommended
                    && input.office_decisions.get(&w.app.id) != Some(&OfficeDecision::Rejected)
                {
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
        provinces.push(ProvinceSummary {
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
        });
    }

    // R-MANDATORY
    let mut compliance = Vec::new();
    if let Some(list) = registry.and_then(|r| r.national_studios.as_ref()) {
        for (i, e) in list.iter().enumerate() {
            if e.batch != 3 || e.status != StudioStatus::Construction {
                continue;
            }
            let path = format!("/registry/national_studios/{i}");
            match kept.get(e.person_id.as_str()).and_then(|k| works.get(*k)) {
                None => {
                    let f = Finding::new(
                        Rule::Mandatory,
                        Code::MandatoryMissing,
                        path,
                        &[("person", &e.person_id)],
                    );
                    compliance.push(ComplianceFinding {
                        rule: f.rule,
                        code: f.code,
                        severity: f.severity,
                        path: f.path,
                        message: f.message,
                        person_id: e.person_id.clone(),
                        application_id: None,
                        province: e.province,
                    });
                }
                Some(w) => {
                    let outcome = w.outcome.or(w.failed).unwrap_or(Outcome::NotSelected);
                    if outcome == Outcome::NationalTeam {
                        continue;
                    }
                    let f = Finding::new(
                        Rule::Mandatory,
                        Code::MandatoryNotSelected,
                        path,
                        &[
                            ("person", &e.person_id),
                            ("application", &w.app.id),
                            ("outcome", outcome.label_zh()),
                            ("outcome_en", outcome.as_str()),
                        ],
                    );
                    compliance.push(ComplianceFinding {
                        rule: f.rule,
                        code: f.code,
                        severity: f.severity,
                        path: f.path,
                        message: f.message,
                        person_id: e.person_id.clone(),
                        application_id: Some(w.app.id.clone()),
                        province: Some(w.app.province),
                    });
                }
            }
        }
    }
    compliance.sort_by(|a, b| {
        a.person_id
            .cmp(&b.person_id)
            .then_with(|| a.path.cmp(&b.path))
    });

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

/// The ids of the recommended applications (a convenience for analyses and tests).
pub fn recommended_ids(result: &SelectionResult) -> BTreeSet<&str> {
    result
        .applications
        .iter()
        .filter(|a| a.recommended)
        .map(|a| a.id.as_str())
        .collect()
}
