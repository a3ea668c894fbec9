//! The dataset's guarantees: deterministic, the right size, valid input, and every outcome and
//! finding of RULES.md §4 present.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use qgx_core::{
    ApplicationResult, CycleSummary, Date, Province, ReportCheck, ReportState, Ruleset,
    SelectionResult, check_reports, from_json_str, select, summarize_cycle,
};

use super::*;

struct Fixture {
    generated: Generated,
    result: SelectionResult,
    checks: Vec<ReportCheck>,
    summary: CycleSummary,
}

fn as_of() -> Date {
    Date::parse(DEFAULT_AS_OF).unwrap()
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let generated = generate(DEFAULT_SEED, DEFAULT_APPLICATIONS);
        let rs = Ruleset::edition_2024();
        let result = select(&generated.data.selection, &rs).unwrap();
        let checks = check_reports(&generated.data.reports, None, &rs);
        let summary = summarize_cycle(&generated.data.summary_input(), as_of(), &rs).unwrap();
        Fixture {
            generated,
            result,
            checks,
            summary,
        }
    })
}

fn data() -> &'static DemoData {
    &fixture().generated.data
}

fn count_by<'a>(items: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for s in items {
        *m.entry(s).or_default() += 1;
    }
    m
}

fn outcomes() -> BTreeMap<&'static str, usize> {
    count_by(
        fixture()
            .result
            .applications
            .iter()
            .map(|a| a.outcome.as_str()),
    )
}

fn application_codes() -> BTreeMap<&'static str, usize> {
    count_by(
        fixture()
            .result
            .applications
            .iter()
            .flat_map(|a| a.findings.iter())
            .map(|f| f.code.as_str()),
    )
}

/// Province findings by (code, rule, path).
fn province_codes() -> BTreeMap<(&'static str, &'static str, &'static str), usize> {
    let mut m = BTreeMap::new();
    for f in fixture()
        .result
        .provinces
        .iter()
        .flat_map(|p| p.findings.iter())
    {
        *m.entry((f.code.as_str(), f.rule.id(), f.path.as_str()))
            .or_default() += 1;
    }
    m
}

fn result_of(id: &str) -> &'static ApplicationResult {
    fixture()
        .result
        .applications
        .iter()
        .find(|a| a.id == id)
        .unwrap()
}

fn report_codes() -> BTreeMap<&'static str, usize> {
    count_by(
        fixture()
            .checks
            .iter()
            .flat_map(|c| c.findings.iter())
            .map(|f| f.code.as_str()),
    )
}

#[test]
fn deterministic() {
    let a = dataset();
    assert_eq!(&a, data());
    assert_eq!(dataset(), a);
    // And the same bytes on the wire.
    let json =
        |d: &DemoData| serde_json::to_string(&(&d.selection, &d.reports, &d.participants)).unwrap();
    assert_eq!(json(&a), json(data()));
    // Another seed gives another dataset of about the same size.
    let b = dataset_with(7, 1_000);
    assert_ne!(b.selection.applications, a.selection.applications);
    assert_eq!(b.selection.applications.len(), 1_000);
}

#[test]
fn about_five_thousand_applications_in_every_province() {
    let d = data();
    assert_eq!(d.selection.applications.len(), 5_000);
    let configs: Vec<Province> = d.selection.provinces.iter().map(|c| c.province).collect();
    // The 31 provinces and 新疆生产建设兵团 ("66").
    assert_eq!(configs, Province::all().collect::<Vec<_>>());
    assert_eq!(configs.len(), 32);
    let per = count_by(d.selection.applications.iter().map(|a| a.province.code()));
    assert_eq!(per.len(), 32);
    for p in Province::all() {
        assert!(per.get(p.code()).copied().unwrap_or(0) >= 6, "{p}");
    }
    // Roughly in proportion to the institutions: Jiangsu (167) sends far more than Tibet (7).
    assert!(per["32"] > 10 * per["54"], "{per:?}");
    // Years 1 and 2 of about 3,000 team members, a few missing, some resubmitted.
    let reports = d.reports.len();
    assert!((5_500..=6_500).contains(&reports), "{reports}");
    assert!((2_700..=3_300).contains(&d.participants.len()));
}

#[test]
fn ids_are_unique_and_well_formed() {
    let d = data();
    let ids: BTreeSet<&str> = d
        .selection
        .applications
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids.len(), d.selection.applications.len());
    let well_formed = |s: &str, prefix: &str| {
        s.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit()))
    };
    for a in &d.selection.applications {
        assert!(well_formed(&a.id, "A-"), "{}", a.id);
        assert!(well_formed(&a.person_id, "P-"), "{}", a.person_id);
        let name = a.name.as_deref().unwrap();
        assert!((2..=4).contains(&name.chars().count()), "{name}");
        if let Some(m) = a.merit_score {
            assert!((0.0..=100.0).contains(&m));
        }
    }
    let persons: BTreeSet<&str> = d
        .selection
        .applications
        .iter()
        .map(|a| a.person_id.as_str())
        .collect();
    let seconds = d.selection.applications.len() - persons.len();
    assert_eq!(seconds, fixture().generated.planted.second_applications);
    assert!((50..=150).contains(&seconds), "{seconds}");
    let reported: BTreeSet<&str> = d
        .reports
        .iter()
        .map(|r| r.application_id.as_str())
        .collect();
    let participants: BTreeSet<&str> = d
        .participants
        .iter()
        .map(|p| p.application_id.as_str())
        .collect();
    assert_eq!(participants.len(), d.participants.len());
    assert!(reported.is_subset(&participants));
    assert!(participants.is_subset(&ids));
    // Reports in application-id order, then year.
    assert!(d.reports.windows(2).all(|w| {
        (w[0].application_id.as_str(), w[0].cycle_year)
            <= (w[1].application_id.as_str(), w[1].cycle_year)
    }));
}

#[test]
fn small_and_empty_datasets_are_valid_input() {
    let rs = Ruleset::edition_2024();
    for (seed, n) in [(1, 0), (2, 1), (3, 31), (4, 200)] {
        let d = dataset_with(seed, n);
        assert_eq!(d.selection.applications.len(), n);
        assert_eq!(d.selection.provinces.len(), 32);
        let r = select(&d.selection, &rs).unwrap();
        assert_eq!(r.applications.len(), n);
        assert_eq!(check_reports(&d.reports, None, &rs).len(), d.reports.len());
        let s = summarize_cycle(&d.summary_input(), as_of(), &rs).unwrap();
        assert_eq!(s.participants.len(), d.participants.len());
    }
}

#[test]
fn valid_on_the_wire() {
    // Serialised and read back through the engine's strict reader: no malformed input.
    let d = data();
    let json = serde_json::to_string(&d.selection).unwrap();
    let back: SelectionInput = from_json_str(&json).unwrap();
    assert_eq!(&back, &d.selection);
    let json = serde_json::to_string(&d.reports).unwrap();
    let back: Vec<AnnualReport> = from_json_str(&json).unwrap();
    assert_eq!(&back, &d.reports);
    let json = serde_json::to_string(&d.summary_input()).unwrap();
    let back: SummaryInput = from_json_str(&json).unwrap();
    assert_eq!(back, d.summary_input());
}

#[test]
fn every_outcome() {
    let o = outcomes();
    for (outcome, rule) in [
        ("national_team", "R-NATIONAL"),
        ("recommended", "R-NATIONAL"),
        ("provincial_team", "R-PROVINCIAL"),
        ("provincial_candidate", "R-PROVINCIAL"),
        ("not_selected", "R-PROVINCIAL"),
        ("ineligible", "R-ELIG"),
        ("incomplete_plan", "R-PLAN"),
        ("not_endorsed", "R-ENDORSE"),
        ("misrouted", "R-ROUTE"),
        ("duplicate", "R-DUP"),
    ] {
        assert!(o.get(outcome).copied().unwrap_or(0) > 0, "{outcome}: {o:?}");
        for a in fixture()
            .result
            .applications
            .iter()
            .filter(|a| a.outcome.as_str() == outcome)
        {
            assert_eq!(a.outcome_rule.id(), rule, "{}", a.id);
        }
    }
    assert_eq!(o.len(), 10, "{o:?}");
    // Mostly valid: the gaps and errors are a few percent each.
    let candidates = o["national_team"]
        + o["recommended"]
        + o["provincial_team"]
        + o["provincial_candidate"]
        + o["not_selected"];
    assert!(candidates > 4_200, "{o:?}");
    for failed in ["ineligible", "incomplete_plan", "not_endorsed", "duplicate"] {
        assert!((40..=250).contains(&o[failed]), "{failed}: {o:?}");
    }
    assert!((20..=100).contains(&o["misrouted"]), "{o:?}");
    // Mid-process: most recommendations approved, some awaiting review.
    assert!(o["national_team"] > 5 * o["recommended"], "{o:?}");
    assert!(o["recommended"] >= 50, "{o:?}");
}

#[test]
fn every_application_finding() {
    let c = application_codes();
    for (code, rule) in [
        ("not_higher_education", "R-ELIG"),
        ("not_teacher_branch", "R-ELIG"),
        ("not_secretary", "R-ELIG"),
        ("not_dual_leader", "R-ELIG"),
        ("bad_institution_code", "R-ELIG"),
        ("plan_missing", "R-PLAN"),
        ("objective_missing", "R-PLAN"),
        ("form_not_allowed", "R-PLAN"),
        ("partner_not_allowed", "R-PLAN"),
        ("other_without_note", "R-PLAN"),
        ("year_out_of_range", "R-PLAN"),
        ("plan_task_not_covered", "R-PLAN"),
        ("output_not_allowed", ""),
        ("milestone_missing", "R-PLAN"),
        ("not_endorsed", "R-ENDORSE"),
        ("review_pending", "R-ENDORSE"),
        ("misrouted", "R-ROUTE"),
        ("duplicate_person", "R-DUP"),
        ("not_forwarded", "R-QUOTA"),
        ("merit_from_plan_score", "R-QUOTA"),
        ("unverified_studio_claim", "R-CLAIM"),
        ("unverified_honor_claim", "R-CLAIM"),
        ("studio_from_registry", "R-CLAIM"),
        ("honor_from_registry", "R-CLAIM"),
        ("decision_not_applicable", "R-NATIONAL"),
    ] {
        assert!(c.get(code).copied().unwrap_or(0) > 0, "{code}: {c:?}");
        let findings = fixture()
            .result
            .applications
            .iter()
            .flat_map(|a| a.findings.iter())
            .filter(|f| f.code.as_str() == code);
        for f in findings {
            // A planned output's clause is its task's (R-TASK-n) or R-PLAN: not checked here.
            if !rule.is_empty() {
                assert_eq!(f.rule.id(), rule, "{code}");
            }
        }
    }
    // Both lists are given, so no claim goes unchecked.
    assert!(!c.contains_key("claim_not_verified"));
    assert!(!c.contains_key("no_province_config"));
}

#[test]
fn every_province_finding() {
    let c = province_codes();
    let has = |code: &str, rule: &str, path: &str| {
        c.iter()
            .any(|((k, r, p), n)| *k == code && *r == rule && p.starts_with(path) && *n > 0)
    };
    for (code, rule, path) in [
        ("late_list", "R-DEADLINE", "/list_submitted_at"),
        ("list_time_unknown", "R-DEADLINE", "/list_submitted_at"),
        ("tie_at_cut_line", "R-QUOTA", "/national_quota"),
        ("tie_at_cut_line", "R-QUOTA", "/university_quotas/"),
        ("tie_at_cut_line", "R-PROVINCIAL", "/provincial_quota"),
        (
            "provincial_provisional",
            "R-PROVINCIAL",
            "/provincial_quota",
        ),
    ] {
        assert!(has(code, rule, path), "{code} {rule} {path}: {c:?}");
    }
    let r = &fixture().result;
    let unknown: Vec<&str> = r
        .provinces
        .iter()
        .filter(|p| {
            p.findings
                .iter()
                .any(|f| f.code.as_str() == "list_time_unknown")
        })
        .map(|p| p.province.code())
        .collect();
    assert_eq!(unknown, ["15", "52"]);
    // Provisional exactly where a set provincial quota meets pending reviews.
    for p in &r.provinces {
        let provisional = p
            .findings
            .iter()
            .any(|f| f.code.as_str() == "provincial_provisional");
        assert_eq!(
            provisional,
            p.provincial_quota.is_some() && p.pending_review > 0,
            "{}",
            p.province
        );
    }
}

#[test]
fn provinces_without_a_provincial_quota_have_candidates() {
    let r = &fixture().result;
    let unset: Vec<&str> = r
        .provinces
        .iter()
        .filter(|p| p.provincial_quota.is_none())
        .map(|p| p.province.code())
        .collect();
    assert_eq!(unset, ["43", "46", "54", "63", "64"]);
    for p in &r.provinces {
        if p.provincial_quota.is_none() {
            assert!(p.provincial_candidates > 0, "{}", p.province);
            assert_eq!(p.provincial_team + p.not_selected, 0, "{}", p.province);
        } else {
            assert_eq!(p.provincial_candidates, 0, "{}", p.province);
        }
        // Every candidate has exactly one of the five candidate outcomes.
        assert_eq!(
            p.candidates,
            p.national_team
                + p.pending_review
                + p.provincial_team
                + p.provincial_candidates
                + p.not_selected,
            "{}",
            p.province
        );
        assert_eq!(
            p.recommended,
            p.national_team + p.pending_review + p.rejected,
            "{}",
            p.province
        );
    }
    for a in r
        .applications
        .iter()
        .filter(|a| a.outcome.as_str() == "provincial_candidate")
    {
        assert_eq!(a.outcome_rule.id(), "R-PROVINCIAL");
        assert!(a.rank.is_some(), "{}", a.id);
    }
}

#[test]
fn the_corps_applies_through_66() {
    let d = data();
    let r = &fixture().result;
    let corps: Vec<&qgx_core::Application> = d
        .selection
        .applications
        .iter()
        .filter(|a| a.institution.corps)
        .collect();
    assert!(corps.len() >= 6, "{}", corps.len());
    for a in &corps {
        assert_eq!(a.institution.code.get(2..4), Some("65"), "{}", a.id);
    }
    let in_66 = corps.iter().filter(|a| a.province.code() == "66").count();
    assert!(in_66 >= 6, "{in_66}");
    let p = r
        .provinces
        .iter()
        .find(|p| p.province == Province::CORPS)
        .unwrap();
    assert_eq!(p.name, "新疆生产建设兵团");
    assert!(p.candidates >= 5 && p.recommended >= 2, "{p:?}");
    // Nothing from Xinjiang's own institutions goes to "66".
    for a in &d.selection.applications {
        if a.province.code() == "66" {
            assert!(a.institution.corps, "{}", a.id);
        }
    }
}

#[test]
fn quotas_bite_with_exempt_and_priority_candidates() {
    let r = &fixture().result;
    let exempt = r
        .applications
        .iter()
        .filter(|a| a.quota_exempt && a.rank.is_some())
        .count();
    let priority = r
        .applications
        .iter()
        .filter(|a| a.priority && a.rank.is_some())
        .count();
    assert!(exempt >= 50, "{exempt}");
    assert!(priority >= 50, "{priority}");
    assert_eq!(r.provinces.len(), 32);
    for p in &r.provinces {
        assert!(p.national_quota >= 2);
        assert!(p.places_used <= p.national_quota);
        // The cut bites everywhere: someone is left out of the national recommendation.
        assert!(p.cut_line.first_out.is_some(), "{}", p.province);
    }
    assert!(r.provinces.iter().filter(|p| p.not_selected > 0).count() >= 20);
    assert!(
        r.provinces
            .iter()
            .filter(|p| p.provincial_quota.is_none())
            .count()
            >= 3
    );
    // The office's decisions, mid-process: approved → national team, rejected → on to the
    // provincial step (the place stays used), none → recommended (pending review); a decision
    // for an application that was not recommended is `decision_not_applicable`.
    let decisions = &data().selection.office_decisions;
    let (mut approved, mut rejected, mut not_applicable) = (0, 0, 0);
    for (id, decision) in decisions {
        let a = result_of(id);
        let flagged = a
            .findings
            .iter()
            .any(|f| f.code.as_str() == "decision_not_applicable" && f.rule.id() == "R-NATIONAL");
        assert_eq!(flagged, !a.recommended, "{id}");
        match (a.recommended, decision) {
            (false, _) => not_applicable += 1,
            (true, qgx_core::OfficeDecision::Approved) => {
                approved += 1;
                assert_eq!(
                    (a.outcome.as_str(), a.outcome_rule.id()),
                    ("national_team", "R-NATIONAL"),
                    "{id}"
                );
            }
            (true, qgx_core::OfficeDecision::Rejected) => {
                rejected += 1;
                assert_eq!(a.outcome_rule.id(), "R-PROVINCIAL", "{id}");
                assert_ne!(a.outcome.as_str(), "national_team", "{id}");
            }
        }
    }
    assert!(approved > 800, "{approved}");
    assert!((5..=10).contains(&rejected), "{rejected}");
    assert_eq!(not_applicable, 2);
    for a in r.applications.iter().filter(|a| a.recommended) {
        if !decisions.contains_key(&a.id) {
            assert_eq!(
                (a.outcome.as_str(), a.outcome_rule.id()),
                ("recommended", "R-NATIONAL"),
                "{}",
                a.id
            );
        }
    }
    let p = &fixture().generated.planted;
    assert_eq!(
        (
            p.office_approvals,
            p.office_rejections,
            p.office_not_applicable
        ),
        (approved, rejected, not_applicable)
    );
    // Unreviewed lists: everyone recommended there is pending.
    for p in r
        .provinces
        .iter()
        .filter(|p| ["45", "53", "62"].contains(&p.province.code()))
    {
        assert_eq!(p.pending_review, p.recommended, "{}", p.province);
        assert_eq!(p.national_team, 0, "{}", p.province);
    }
}

#[test]
fn late_lists() {
    let r = &fixture().result;
    let late: Vec<&str> = r
        .provinces
        .iter()
        .filter(|p| p.late)
        .map(|p| p.province.code())
        .collect();
    // 2024-08-02T16:30:00Z is 3 August in Beijing; 5 August is late; 20:00 on 2 August is not.
    assert_eq!(late, ["45", "62"]);
    for p in &r.provinces {
        let late = p
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "late_list")
            .inspect(|f| {
                assert_eq!(
                    (f.rule.id(), f.path.as_str()),
                    ("R-DEADLINE", "/list_submitted_at")
                )
            })
            .count();
        assert_eq!(late, usize::from(p.late), "{}", p.province);
    }
}

#[test]
fn mandatory_participation_gaps() {
    let r = &fixture().result;
    let codes = count_by(r.compliance.iter().map(|f| f.code.as_str()));
    assert!(
        codes.get("mandatory_missing").copied().unwrap_or(0) >= 5,
        "{codes:?}"
    );
    assert!(
        codes
            .get("mandatory_not_participating")
            .copied()
            .unwrap_or(0)
            >= 3,
        "{codes:?}"
    );
    for f in &r.compliance {
        assert_eq!(
            (f.rule.id(), f.path.as_str()),
            ("R-MANDATORY", "/registry/national_studios")
        );
    }
    let persons: Vec<&str> = r.compliance.iter().map(|f| f.person_id.as_str()).collect();
    assert!(persons.is_sorted());
    // Others take part without making the national team yet: a recommendation pending the
    // office's review, a provincial team or candidacy after the office rejected one.
    let d = data();
    let kept = keepers(d);
    let construction = d
        .selection
        .registry
        .as_ref()
        .unwrap()
        .national_studios
        .as_ref()
        .unwrap()
        .iter()
        .filter(|e| e.batch == 3 && e.status == qgx_core::StudioStatus::Construction);
    let taking_part: BTreeSet<&str> = construction
        .filter_map(|e| kept.get(e.person_id.as_str()))
        .map(|a| result_of(&a.id).outcome.as_str())
        .collect();
    for outcome in ["national_team", "recommended"] {
        assert!(taking_part.contains(outcome), "{outcome}: {taking_part:?}");
    }
    assert!(
        taking_part.contains("provincial_team") || taking_part.contains("provincial_candidate"),
        "{taking_part:?}"
    );
    // A missing one on the national list has no province.
    assert!(
        r.compliance
            .iter()
            .any(|f| f.code.as_str() == "mandatory_missing" && f.province.is_none())
    );
    assert!(
        r.compliance
            .iter()
            .any(|f| f.code.as_str() == "mandatory_missing" && f.province.is_some())
    );
}

/// R-DUP's keeper of each person, recomputed here: an approved one over any other, then the
/// latest `submitted_at` (missing = loses), ties by the greatest id (`duplicate_keep: latest`).
fn keepers(d: &DemoData) -> BTreeMap<&str, &qgx_core::Application> {
    let mut kept: BTreeMap<&str, &qgx_core::Application> = BTreeMap::new();
    let key = |a: &qgx_core::Application| {
        (
            a.university_review
                .as_ref()
                .is_some_and(|r| r.decision == qgx_core::ReviewDecision::Approved),
            a.submitted_at.as_ref().map(qgx_core::Timestamp::instant),
            a.id.clone(),
        )
    };
    for a in &d.selection.applications {
        let k = kept.entry(a.person_id.as_str()).or_insert(a);
        if key(a) > key(k) {
            *k = a;
        }
    }
    kept
}

#[test]
fn duplicates_and_mandatory_recomputed() {
    let d = data();
    let r = &fixture().result;
    let outcome: BTreeMap<&str, &str> = r
        .applications
        .iter()
        .map(|a| (a.id.as_str(), a.outcome.as_str()))
        .collect();
    let kept = keepers(d);
    for (a, res) in d.selection.applications.iter().zip(&r.applications) {
        let dup = kept[a.person_id.as_str()].id != a.id;
        let flagged = res
            .findings
            .iter()
            .any(|f| f.code.as_str() == "duplicate_person");
        assert_eq!(dup, flagged, "{}", a.id);
    }
    // Some people applied at two universities.
    let mut codes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in &d.selection.applications {
        codes
            .entry(&a.person_id)
            .or_default()
            .insert(&a.institution.code);
    }
    assert!(codes.values().filter(|c| c.len() > 1).count() >= 10);
    // A resubmission at the same branch: the later one stands, the earlier is `duplicate`.
    let resubmitted = d.selection.applications.iter().filter(|a| {
        outcome[a.id.as_str()] == "duplicate"
            && kept.get(a.person_id.as_str()).is_some_and(|k| {
                k.institution.code == a.institution.code
                    && k.submitted_at.as_ref().map(qgx_core::Timestamp::instant)
                        > a.submitted_at.as_ref().map(qgx_core::Timestamp::instant)
            })
    });
    assert!(resubmitted.count() >= 20);
    let mut expected = BTreeSet::new();
    for e in d
        .selection
        .registry
        .as_ref()
        .unwrap()
        .national_studios
        .as_ref()
        .unwrap()
    {
        if e.batch != 3 || e.status != qgx_core::StudioStatus::Construction {
            continue;
        }
        let person = e.person_id.as_str();
        match kept.get(person) {
            None => {
                expected.insert((person, "mandatory_missing"));
            }
            Some(a)
                if ![
                    "national_team",
                    "recommended",
                    "provincial_team",
                    "provincial_candidate",
                ]
                .contains(&outcome[a.id.as_str()]) =>
            {
                expected.insert((person, "mandatory_not_participating"));
            }
            Some(_) => {}
        }
    }
    let got: BTreeSet<(&str, &str)> = r
        .compliance
        .iter()
        .map(|f| (f.person_id.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn university_quotas_hold() {
    let d = data();
    let r = &fixture().result;
    let mut with_quota = 0;
    for c in &d.selection.provinces {
        for (code, quota) in &c.university_quotas {
            with_quota += 1;
            let forwarded = d
                .selection
                .applications
                .iter()
                .zip(&r.applications)
                .filter(|(a, res)| {
                    &a.institution.code == code && res.recommended && !res.quota_exempt
                })
                .count();
            assert!(forwarded <= *quota as usize, "{code}");
        }
    }
    assert!(with_quota >= 8, "{with_quota}");
}

#[test]
fn reports_complete_and_incomplete() {
    let checks = &fixture().checks;
    let complete = checks.iter().filter(|c| c.complete).count();
    let incomplete = checks.len() - complete;
    assert!(complete > 3 * incomplete, "{complete} / {incomplete}");
    assert!(incomplete >= 200, "{incomplete}");
    let c = report_codes();
    for code in [
        "task_not_covered",
        "date_outside_period",
        "form_not_allowed",
        "partner_not_allowed",
        "other_without_note",
        "no_participants",
        "description_too_short",
        "no_evidence",
        "output_not_allowed",
        "summary_missing",
        "submitted_early",
        "submitted_late",
    ] {
        assert!(c.get(code).copied().unwrap_or(0) > 0, "{code}: {c:?}");
    }
    assert!(!c.contains_key("bad_cycle_year"));
    // The planted edge cases: 16:30 UTC on 31 August is late, 16:30 UTC on 2 July is on time.
    let d = data();
    let late_utc = d
        .reports
        .iter()
        .position(|r| {
            r.submitted_at
                .as_ref()
                .is_some_and(|t| t.as_str() == "2025-08-31T16:30:00Z")
        })
        .unwrap();
    assert!(
        checks[late_utc]
            .findings
            .iter()
            .any(|f| f.code.as_str() == "submitted_late")
    );
    let open_utc = d
        .reports
        .iter()
        .position(|r| {
            r.submitted_at
                .as_ref()
                .is_some_and(|t| t.as_str() == "2025-07-02T16:30:00Z")
        })
        .unwrap();
    assert!(
        !checks[open_utc]
            .findings
            .iter()
            .any(|f| f.code.as_str() == "submitted_early")
    );
    assert!(
        d.reports
            .iter()
            .filter(|r| r.submitted_at.is_none())
            .count()
            >= 10
    );
    // Every task of a complete report has one to four activities.
    for (r, c) in d.reports.iter().zip(checks) {
        if c.complete {
            for (_, t) in r.tasks.iter() {
                let n = t.as_ref().unwrap().activities.len();
                assert!((1..=4).contains(&n));
            }
        }
    }
}

#[test]
fn reports_come_from_team_members() {
    let r = &fixture().result;
    let teams: BTreeSet<&str> = r
        .applications
        .iter()
        .filter(|a| matches!(a.outcome.as_str(), "national_team" | "provincial_team"))
        .map(|a| a.id.as_str())
        .collect();
    for rep in &data().reports {
        assert!(
            teams.contains(rep.application_id.as_str()),
            "{}",
            rep.application_id
        );
    }
}

#[test]
fn planted_summary_matches() {
    let p = &fixture().generated.planted;
    assert!(p.applications.len() >= 19, "{:?}", p.applications);
    assert_eq!(p.lists.len(), 3);
    assert!(p.registry["studio_never_applied_construction"] >= 5);
    assert_eq!(
        p.office_approvals + p.office_rejections + p.office_not_applicable,
        data().selection.office_decisions.len()
    );
    // One timing per member and year; `missing` has no report, a resubmission and a draft
    // left beside a report have two.
    let t = &p.report_timings;
    assert_eq!(
        t.values().sum::<usize>() - t["missing"] + t["resubmission"] + t["draft_beside"],
        data().reports.len()
    );
    assert_eq!(t.values().sum::<usize>(), 2 * data().participants.len());
    assert_eq!(p.report_timings["late_in_beijing"], 1);
    assert!(p.rich_reporters > 200, "{}", p.rich_reporters);
}

/// The cycle summary at the demo's date: years 1 and 2 due, year 3 not; superseded reports,
/// overdue and late years, `other` outputs with and without their note, case candidates and a
/// full national shortlist; the same summary on every run.
#[test]
fn the_cycle_summary_shows_every_case() {
    let s = &fixture().summary;
    let d = data();
    assert_eq!(s.participants.len(), d.participants.len());
    assert!(s.participants.iter().all(|p| p.due == 2));
    assert!(
        s.participants
            .iter()
            .all(|p| p.years.len() == 3 && p.years[2].status == ReportState::NotDue)
    );
    // Every participant is in a province (none under `null`), and the Corps has its own row.
    assert!(s.provinces.iter().all(|p| p.province.is_some()));
    assert!(
        s.provinces
            .iter()
            .any(|p| p.province.map(|x| x.code()) == Some("66"))
    );
    let superseded = s
        .participants
        .iter()
        .flat_map(|p| p.findings.iter())
        .filter(|f| f.code.as_str() == "report_superseded")
        .count();
    assert!(superseded >= 100, "{superseded}");
    let p = &fixture().generated.planted.report_timings;
    assert_eq!(superseded, p["resubmission"] + p["draft_beside"]);
    // A year whose only report is a draft, and a year with no report at all, are overdue.
    let years = || s.participants.iter().flat_map(|p| p.years.iter());
    let overdue = years().filter(|y| y.status == ReportState::Overdue).count();
    let no_report = years().filter(|y| y.status == ReportState::Overdue && y.score.is_none());
    assert!(overdue >= 150, "{overdue}");
    assert!(no_report.count() >= 50);
    assert_eq!(
        overdue,
        s.participants
            .iter()
            .map(|p| p.overdue as usize)
            .sum::<usize>()
    );
    let late = years()
        .filter(|y| y.status == ReportState::SubmittedLate)
        .count();
    assert!(late >= 100, "{late}");
    // A resubmission after the due date makes the year late although the first version was on
    // time.
    assert!(s.participants.iter().any(|p| {
        p.findings
            .iter()
            .any(|f| f.code.as_str() == "report_superseded")
            && p.years
                .iter()
                .any(|y| y.status == ReportState::SubmittedLate)
    }));
    // `other` outputs: with a note (counted) and without (a warning).
    let others = d
        .reports
        .iter()
        .flat_map(|r| r.tasks.iter())
        .filter_map(|(_, t)| t.as_ref())
        .flat_map(|t| t.outputs.iter())
        .filter(|o| o.kind == qgx_core::OutputKind::Other);
    let (noted, bare): (Vec<_>, Vec<_>) = others.partition(|o| o.note.is_some());
    assert!(
        noted.len() >= 50 && !bare.is_empty(),
        "{} {}",
        noted.len(),
        bare.len()
    );
    assert!(
        report_codes()
            .get("output_without_note")
            .copied()
            .unwrap_or(0)
            > 0
    );
    // Case candidates: a realistic few, everywhere in the range above the threshold.
    let candidates: Vec<&qgx_core::ParticipantSummary> =
        s.participants.iter().filter(|p| p.case_candidate).collect();
    let n = candidates.len();
    assert!(n >= 100 && n * 10 < s.participants.len(), "{n}");
    for c in &candidates {
        assert_eq!((c.due, c.on_time_complete), (2, 2));
        assert!(c.cycle_score.unwrap() >= 80.0);
    }
    assert!(candidates.iter().any(|c| c.cycle_score.unwrap() < 90.0));
    // Participants with every year on time and complete who fall short of the threshold.
    assert!(s.participants.iter().any(|p| {
        p.on_time_complete == 2 && !p.case_candidate && p.cycle_score.unwrap() >= 75.0
    }));
    assert_eq!(s.case_shortlist.len(), 30);
    assert!(
        s.case_shortlist
            .windows(2)
            .all(|w| w[0].cycle_score >= w[1].cycle_score)
    );
    let listed: usize = s.provinces.iter().map(|p| p.case_shortlist.len()).sum();
    assert!(listed >= 100, "{listed}");
    assert!(s.provinces.iter().all(|p| p.case_shortlist.len() <= 5));
    // The per-province counts add up to the participants'.
    let sum =
        |f: fn(&qgx_core::ProvinceCycleSummary) -> u32| -> u32 { s.provinces.iter().map(f).sum() };
    assert_eq!(sum(|p| p.participants) as usize, s.participants.len());
    assert_eq!(sum(|p| p.reports_due), 2 * s.participants.len() as u32);
    assert_eq!(
        sum(|p| p.on_time_complete),
        s.participants
            .iter()
            .map(|p| p.on_time_complete)
            .sum::<u32>()
    );
}

#[test]
fn the_cycle_summary_is_deterministic() {
    let rs = Ruleset::edition_2024();
    let again = summarize_cycle(&dataset().summary_input(), as_of(), &rs).unwrap();
    assert_eq!(
        serde_json::to_string(&again).unwrap(),
        serde_json::to_string(&fixture().summary).unwrap()
    );
    // In any order of the input's lists.
    let mut input = data().summary_input();
    input.reports.reverse();
    input.participants.reverse();
    assert_eq!(summarize_cycle(&input, as_of(), &rs).unwrap(), again);
}

#[test]
fn claims_checked_against_the_registry() {
    let d = data();
    let r = &fixture().result;
    let has = |id: &str, code: &str| {
        r.applications
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .findings
            .iter()
            .any(|f| f.code.as_str() == code)
    };
    let reg = d.selection.registry.as_ref().unwrap();
    // A branch listed with white space around its name still holds (names are trimmed).
    let padded: Vec<&qgx_core::RegistryBranch> = reg
        .national_model_branches
        .as_ref()
        .unwrap()
        .iter()
        .filter(|b| b.branch_name.trim() != b.branch_name)
        .collect();
    assert!(!padded.is_empty());
    for b in padded {
        let app = d
            .selection
            .applications
            .iter()
            .find(|a| {
                a.institution.code == b.institution_code
                    && a.branch.name.as_deref() == Some(b.branch_name.trim())
            })
            .unwrap();
        assert!(!has(&app.id, "unverified_honor_claim"), "{}", app.id);
    }
    // The list is the authority (§4.8): every national studio claim not on it (by person and
    // batch) is unverified; a listed studio not declared is `studio_from_registry`; a candidate
    // is exempt iff the list has them in batches 1–3, declared or not.
    let studios = reg.national_studios.as_ref().unwrap();
    let mut from_registry = 0;
    for (a, res) in d.selection.applications.iter().zip(&r.applications) {
        assert_eq!(a.id, res.id);
        let entry = studios.iter().find(|e| e.person_id == a.person_id);
        let declared = a
            .studio
            .as_ref()
            .filter(|s| s.level == qgx_core::Level::National);
        if let Some(s) = declared {
            let listed = entry.is_some_and(|e| Some(e.batch) == s.batch);
            assert_eq!(has(&a.id, "unverified_studio_claim"), !listed, "{}", a.id);
        }
        let undeclared = declared.is_none() && entry.is_some();
        assert_eq!(has(&a.id, "studio_from_registry"), undeclared, "{}", a.id);
        if res.rank.is_some() {
            assert_eq!(
                res.quota_exempt,
                entry.is_some_and(|e| e.batch <= 3),
                "{}",
                a.id
            );
            if undeclared {
                from_registry += 1;
                assert!(res.recommended, "{}", a.id);
            }
        }
    }
    assert!(from_registry >= 5, "{from_registry}");
    // A listed branch whose honour is not declared: `honor_from_registry`, and the list's
    // honour counts (batches 1–3 model or 4 cultivation: priority).
    let honoured: Vec<&ApplicationResult> = r
        .applications
        .iter()
        .filter(|a| has(&a.id, "honor_from_registry"))
        .collect();
    assert!(honoured.len() >= 8, "{}", honoured.len());
    assert!(
        honoured
            .iter()
            .filter(|a| a.rank.is_some())
            .all(|a| a.priority)
    );
}

#[test]
#[ignore = "prints the dataset's figures; run with --ignored --nocapture"]
fn figures() {
    let f = fixture();
    println!("applications: {}", data().selection.applications.len());
    println!("outcomes: {:?}", outcomes());
    println!("application findings: {:?}", application_codes());
    println!(
        "late: {:?}",
        f.result
            .provinces
            .iter()
            .filter(|p| p.late)
            .map(|p| p.province.code())
            .collect::<Vec<_>>()
    );
    println!("province findings: {:?}", province_codes());
    println!(
        "compliance: {:?}",
        count_by(f.result.compliance.iter().map(|c| c.code.as_str()))
    );
    let complete = f.checks.iter().filter(|c| c.complete).count();
    println!(
        "reports: {} complete, {} incomplete",
        complete,
        f.checks.len() - complete
    );
    println!("report findings: {:?}", report_codes());
    println!("planted: {:#?}", f.generated.planted);
    for p in &f.result.provinces {
        println!(
            "{} {} cand={} quota={} exempt={} prio={} rec={} pending={} rejected={} nat={} prov={} prov_cand={} not={} late={}",
            p.province,
            p.name,
            p.candidates,
            p.national_quota,
            p.exempt,
            p.priority,
            p.recommended,
            p.pending_review,
            p.rejected,
            p.national_team,
            p.provincial_team,
            p.provincial_candidates,
            p.not_selected,
            p.late
        );
    }
}

#[test]
#[ignore = "prints samples and the time taken; run with --release --ignored --nocapture"]
fn probe() {
    let t = std::time::Instant::now();
    let n = 5;
    for _ in 0..n {
        std::hint::black_box(dataset());
    }
    println!("dataset(): {:?} each", t.elapsed() / n);
    let d = data();
    for id in ["A-000001", "A-001234"] {
        let a = d
            .selection
            .applications
            .iter()
            .find(|a| a.id == id)
            .unwrap();
        println!("{}", serde_json::to_string_pretty(a).unwrap());
    }
    println!("{}", serde_json::to_string_pretty(&d.reports[7]).unwrap());
    println!(
        "{}",
        serde_json::to_string_pretty(&d.selection.provinces[0]).unwrap()
    );
    let reg = d.selection.registry.as_ref().unwrap();
    println!(
        "{}",
        serde_json::to_string_pretty(&reg.national_studios.as_ref().unwrap()[..3]).unwrap()
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&reg.national_model_branches.as_ref().unwrap()[..3]).unwrap()
    );
}
