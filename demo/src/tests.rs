//! The dataset's guarantees: deterministic, the right size, valid input, and every outcome and
//! finding of RULES.md §4 present.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use qgx_core::{
    Province, ReportCheck, Ruleset, SelectionResult, check_reports, from_json_str, select,
};

use super::*;

struct Fixture {
    generated: Generated,
    result: SelectionResult,
    checks: Vec<ReportCheck>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let generated = generate(DEFAULT_SEED, DEFAULT_APPLICATIONS);
        let rs = Ruleset::edition_2024();
        let result = select(&generated.data.selection, &rs).unwrap();
        let checks = check_reports(&generated.data.reports, None, &rs);
        Fixture {
            generated,
            result,
            checks,
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
    let json = |d: &DemoData| serde_json::to_string(&(&d.selection, &d.reports)).unwrap();
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
    assert_eq!(configs, Province::all().collect::<Vec<_>>());
    let per = count_by(d.selection.applications.iter().map(|a| a.province.code()));
    assert_eq!(per.len(), 31);
    for p in Province::all() {
        assert!(per.get(p.code()).copied().unwrap_or(0) >= 6, "{p}");
    }
    // Roughly in proportion to the institutions: Jiangsu (167) sends far more than Tibet (7).
    assert!(per["32"] > 10 * per["54"], "{per:?}");
    let reports = d.reports.len();
    assert!((1_800..=2_100).contains(&reports), "{reports}");
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
    assert_eq!(reported.len(), d.reports.len());
    assert!(reported.is_subset(&ids));
}

#[test]
fn small_and_empty_datasets_are_valid_input() {
    let rs = Ruleset::edition_2024();
    for (seed, n) in [(1, 0), (2, 1), (3, 31), (4, 200)] {
        let d = dataset_with(seed, n);
        assert_eq!(d.selection.applications.len(), n);
        assert_eq!(d.selection.provinces.len(), 31);
        let r = select(&d.selection, &rs).unwrap();
        assert_eq!(r.applications.len(), n);
        assert_eq!(check_reports(&d.reports, None, &rs).len(), d.reports.len());
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
}

#[test]
fn every_outcome() {
    let o = outcomes();
    for outcome in [
        "national_team",
        "provincial_team",
        "not_selected",
        "ineligible",
        "incomplete_plan",
        "not_endorsed",
        "misrouted",
        "duplicate",
    ] {
        assert!(o.get(outcome).copied().unwrap_or(0) > 0, "{outcome}: {o:?}");
    }
    // Mostly valid: the gaps and errors are a few percent each.
    let candidates = o["national_team"] + o["provincial_team"] + o["not_selected"];
    assert!(candidates > 4_200, "{o:?}");
    for failed in ["ineligible", "incomplete_plan", "not_endorsed", "duplicate"] {
        assert!((40..=250).contains(&o[failed]), "{failed}: {o:?}");
    }
    assert!((20..=100).contains(&o["misrouted"]), "{o:?}");
}

#[test]
fn every_application_finding() {
    let c = application_codes();
    for code in [
        "not_higher_education",
        "not_teacher_branch",
        "not_secretary",
        "not_dual_leader",
        "bad_institution_code",
        "plan_missing",
        "objective_missing",
        "form_not_allowed",
        "partner_not_allowed",
        "other_without_note",
        "year_out_of_range",
        "plan_task_not_covered",
        "output_not_allowed",
        "milestone_missing",
        "not_endorsed",
        "review_pending",
        "misrouted",
        "duplicate_person",
        "not_forwarded",
        "unverified_studio_claim",
        "unverified_honor_claim",
    ] {
        assert!(c.get(code).copied().unwrap_or(0) > 0, "{code}: {c:?}");
    }
    // Both lists are given, so no claim goes unchecked.
    assert!(!c.contains_key("claim_not_verified"));
    assert!(!c.contains_key("no_province_config"));
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
    assert_eq!(r.provinces.len(), 31);
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
    // The office rejected a few recommended applications.
    let rejected: Vec<&str> = data()
        .selection
        .office_decisions
        .keys()
        .map(String::as_str)
        .collect();
    assert!(rejected.len() >= 5);
    for id in rejected {
        let a = r.applications.iter().find(|a| a.id == id).unwrap();
        assert!(
            a.recommended && a.outcome.as_str() != "national_team",
            "{id}"
        );
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
    for p in r.provinces.iter().filter(|p| p.late) {
        assert_eq!(
            p.findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>(),
            ["late_list"]
        );
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
        codes.get("mandatory_not_selected").copied().unwrap_or(0) >= 3,
        "{codes:?}"
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

/// R-DUP's keeper of each person, recomputed here: earliest `submitted_at` (missing = latest),
/// ties by id.
fn keepers(d: &DemoData) -> BTreeMap<&str, &qgx_core::Application> {
    let mut kept: BTreeMap<&str, &qgx_core::Application> = BTreeMap::new();
    let key = |a: &qgx_core::Application| {
        (
            a.submitted_at.is_none(),
            a.submitted_at.as_ref().map(qgx_core::Timestamp::instant),
            a.id.clone(),
        )
    };
    for a in &d.selection.applications {
        let k = kept.entry(a.person_id.as_str()).or_insert(a);
        if key(a) < key(k) {
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
    let mut expected = BTreeSet::new();
    for (i, e) in d
        .selection
        .registry
        .as_ref()
        .unwrap()
        .national_studios
        .as_ref()
        .unwrap()
        .iter()
        .enumerate()
    {
        if e.batch != 3 || e.status != qgx_core::StudioStatus::Construction {
            continue;
        }
        let path = format!("/registry/national_studios/{i}");
        match kept.get(e.person_id.as_str()) {
            None => {
                expected.insert((path, "mandatory_missing"));
            }
            Some(a) if outcome[a.id.as_str()] != "national_team" => {
                expected.insert((path, "mandatory_not_selected"));
            }
            Some(_) => {}
        }
    }
    let got: BTreeSet<(String, &str)> = r
        .compliance
        .iter()
        .map(|f| (f.path.clone(), f.code.as_str()))
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
    assert_eq!(p.office_rejections, data().selection.office_decisions.len());
    assert_eq!(
        p.report_timings.values().sum::<usize>(),
        data().reports.len()
    );
    assert_eq!(p.report_timings["late_in_beijing"], 1);
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
    // Every national studio claim not on the list (by person and batch) is unverified and
    // not exempt; every listed one in batches 1–3 of a candidate is exempt.
    let studios = reg.national_studios.as_ref().unwrap();
    for (a, res) in d.selection.applications.iter().zip(&r.applications) {
        assert_eq!(a.id, res.id);
        let Some(s) = a
            .studio
            .as_ref()
            .filter(|s| s.level == qgx_core::Level::National)
        else {
            continue;
        };
        let listed = studios
            .iter()
            .any(|e| e.person_id == a.person_id && Some(e.batch) == s.batch);
        assert_eq!(has(&a.id, "unverified_studio_claim"), !listed, "{}", a.id);
        if res.rank.is_some() {
            assert_eq!(
                res.quota_exempt,
                listed && s.batch.unwrap() <= 3,
                "{}",
                a.id
            );
            if res.quota_exempt && !d.selection.office_decisions.contains_key(&a.id) {
                assert_eq!(res.outcome.as_str(), "national_team", "{}", a.id);
            }
        }
    }
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
            "{} {} cand={} quota={} exempt={} prio={} rec={} nat={} prov={} not={} late={}",
            p.province,
            p.name,
            p.candidates,
            p.national_quota,
            p.exempt,
            p.priority,
            p.recommended,
            p.national_team,
            p.provincial_team,
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
