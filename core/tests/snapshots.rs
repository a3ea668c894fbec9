//! Explanations as people read them: the findings (clause, code, severity, path, messages in
//! Chinese and English) of representative cases, with the key outcome fields, pinned with insta.
//! Every input is built from `qgx_core::samples` with a few things broken, so the snapshots do
//! not move when the examples do. The ruleset stamp (its hash) is left out.
//!
//! A changed message is a reviewed change: `INSTA_UPDATE=always cargo test -p qgx-core --test
//! snapshots` (or `cargo insta review`), then read every changed `.snap` in both languages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use qgx_core::{
    BranchKind, Date, Form, Level, OfficeDecision, Output, OutputKind, Participants, PartnerKind,
    PlannedOutput, Province, ProvinceConfig, Registry, RegistryStudio, Role, Ruleset,
    SelectionInput, SelectionResult, Studio, StudioStatus, Task, Timestamp, check_application,
    check_plan, check_report, samples, select,
};
use serde_json::{Value, json};

const PKU: &str = "4111010001";
const RUC: &str = "4111010002";
const NKU: &str = "4112010055";

fn bj(national_quota: u32, provincial_quota: Option<u32>) -> ProvinceConfig {
    ProvinceConfig {
        province: Province::from_code("11").unwrap(),
        national_quota,
        provincial_quota,
        university_quotas: Default::default(),
        list_submitted_at: Timestamp::parse("2024-08-01T17:30:00+08:00").ok(),
    }
}

/// The key fields of a selection: per application its outcome and findings, per province its
/// counts, cut line and findings, and the compliance findings — no ruleset stamp.
fn selection_view(r: &SelectionResult) -> Value {
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("ruleset");
    v
}

/// Case 1: An ineligible application with several failures (and a later rule's failure too).
#[test]
fn an_ineligible_application() {
    let mut a = samples::application("A-1", "P-1", PKU);
    a.institution.higher_education = false;
    a.branch.kind = BranchKind::Student;
    a.role = Role::DeputySecretary;
    a.dual_leader = false;
    a.university_review = None;
    a.province = Province::from_code("12").unwrap();
    let c = check_application(&a, None, &Ruleset::edition_2024()).unwrap();
    insta::assert_json_snapshot!(json!({
        "outcome": c.outcome,
        "outcome_rule": c.outcome_rule,
        "candidate": c.candidate,
        "findings": c.findings,
    }));
}

/// Case 2: An incomplete plan: a blank objective, a form and a partner of another task, `other`
/// without its note, a year outside the cycle, an output of another task, a missing milestone.
#[test]
fn an_incomplete_plan() {
    let mut p = samples::complete_plan();
    p.objectives.tech_empowerment = Some("  ".into());
    p.activities[0].form = Form::Donation;
    p.activities[1].partner.kind = PartnerKind::Hospital;
    p.activities[2].form = Form::Other;
    p.activities[3].year = 4;
    p.outputs[0].task = Task::TechEmpowerment;
    p.milestones.remove("3");
    let c = check_plan(&p, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(json!({
        "complete": c.complete,
        "score": c.score,
        "tasks": c.tasks,
        "findings": c.findings,
    }));
}

/// Case 3: A misrouted application, one without province settings, and a person who applied twice.
#[test]
fn a_misrouted_and_duplicate_selection() {
    let mut misrouted = samples::application("A-1", "P-1", PKU);
    misrouted.province = Province::from_code("31").unwrap();
    let unconfigured = samples::application("A-2", "P-2", NKU);
    let first = samples::application("A-3", "P-3", PKU);
    let mut again = samples::application("A-4", "P-3", RUC);
    again.submitted_at = Timestamp::parse("2024-07-25T09:00:00+08:00").ok();
    let input = SelectionInput {
        applications: vec![misrouted, unconfigured, first, again],
        provinces: vec![bj(2, None)],
        ..Default::default()
    };
    let r = select(&input, &Ruleset::edition_2024()).unwrap();
    insta::assert_json_snapshot!(selection_view(&r));
}

/// Case 4: A late province under `late_list_policy: exclude`: no one recommended, the exempt
/// candidate too goes to the provincial team; a university quota no longer applies.
#[test]
fn a_late_province_under_exclude() {
    let mut cfg = bj(1, Some(1));
    cfg.list_submitted_at = Timestamp::parse("2024-08-02T16:30:00Z").ok();
    cfg.university_quotas.insert(PKU.into(), 1);
    let mut exempt = samples::application("A-1", "P-1", PKU);
    exempt.studio = Some(Studio {
        level: Level::National,
        batch: Some(1),
        status: Some(StudioStatus::Established),
    });
    exempt.merit_score = Some(60.0);
    let mut best = samples::application("A-2", "P-2", PKU);
    best.merit_score = Some(90.0);
    let second = samples::application("A-3", "P-3", PKU);
    let input = SelectionInput {
        applications: vec![exempt, best, second],
        provinces: vec![cfg],
        ..Default::default()
    };
    let rs = Ruleset::edition_2024()
        .with_overrides_json(r#"{"late_list_policy": "exclude"}"#)
        .unwrap();
    let r = select(&input, &rs).unwrap();
    insta::assert_json_snapshot!(selection_view(&r));
}

/// Case 5: R-MANDATORY: a third-batch studio under construction whom the office rejected and who
/// then found no provincial place (not taking part), and one who did not apply at all.
#[test]
fn mandatory_participation() {
    let mut studio = samples::application("A-1", "P-S", PKU);
    studio.studio = Some(Studio {
        level: Level::National,
        batch: Some(3),
        status: Some(StudioStatus::Construction),
    });
    let mut input = SelectionInput {
        applications: vec![studio, samples::application("A-2", "P-2", PKU)],
        provinces: vec![bj(1, Some(0))],
        registry: Some(Registry {
            national_studios: Some(vec![
                RegistryStudio {
                    person_id: "P-S".into(),
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
            ]),
            national_model_branches: None,
        }),
        ..Default::default()
    };
    input
        .office_decisions
        .insert("A-1".into(), OfficeDecision::Rejected);
    let r = select(&input, &Ruleset::edition_2024()).unwrap();
    let apps: Vec<Value> = r
        .applications
        .iter()
        .map(|a| json!({"id": a.id, "outcome": a.outcome, "recommended": a.recommended, "quota_exempt": a.quota_exempt, "findings": a.findings}))
        .collect();
    insta::assert_json_snapshot!(json!({
        "applications": apps,
        "compliance": r.compliance,
    }));
}

/// Case 6: An incomplete report with every activity error, a blank summary, a missing task and an
/// output of another task.
#[test]
fn an_incomplete_report() {
    let mut r = samples::complete_report();
    r.summary = " ".into();
    let a = &mut r.tasks.education_service.as_mut().unwrap().activities[0];
    a.date = Date::parse("2025-09-01").unwrap();
    a.form = Form::PartyLecture;
    a.partner.kind = PartnerKind::Other;
    a.participants = Participants {
        teachers: 0,
        students: 0,
    };
    a.description = "专题讲座".into();
    a.evidence.clear();
    let p = &mut r.tasks.party_building.as_mut().unwrap().activities[0];
    p.form = Form::Other;
    r.tasks.tech_empowerment = None;
    r.tasks.practice_education.as_mut().unwrap().outputs[0].kind =
        qgx_core::OutputKind::QualityPartyLesson;
    let c = check_report(&r, None, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(json!({
        "complete": c.complete,
        "completeness": c.completeness,
        "tasks": c.tasks,
        "score": c.score,
        "findings": c.findings,
    }));
}

/// Case 7: A complete report submitted late (16:00 UTC on the due date is already the next day in
/// Beijing), and one submitted before its window.
#[test]
fn reports_submitted_late_and_early() {
    let mut late = samples::complete_report();
    late.submitted_at = Timestamp::parse("2025-08-31T16:00:00Z").ok();
    let mut early = samples::complete_report();
    early.submitted_at = Timestamp::parse("2025-06-30T09:00:00+08:00").ok();
    let rs = Ruleset::edition_2024();
    let view = |c: qgx_core::ReportCheck| json!({"complete": c.complete, "status": c.status, "findings": c.findings});
    insta::assert_json_snapshot!(json!({
        "late": view(check_report(&late, None, &rs)),
        "early": view(check_report(&early, None, &rs)),
    }));
}

/// Case 8: Claims checked against official lists: a studio not on its list, an honour on none.
#[test]
fn claims_against_the_registry() {
    let mut a = samples::application("A-1", "P-1", PKU);
    a.studio = Some(Studio {
        level: Level::National,
        batch: Some(2),
        status: Some(StudioStatus::Established),
    });
    a.branch_honor = Some(qgx_core::BranchHonor {
        level: Level::National,
        batch: Some(4),
        status: Some(qgx_core::HonorStatus::Cultivation),
    });
    let registry = Registry {
        national_studios: Some(vec![]),
        national_model_branches: None,
    };
    let c = check_application(&a, Some(&registry), &Ruleset::edition_2024()).unwrap();
    insta::assert_json_snapshot!(json!({
        "candidate": c.candidate,
        "quota_exempt": c.quota_exempt,
        "priority": c.priority,
        "findings": c.findings,
    }));
}

/// Case 9: Outputs are encouraged, never required (§4.2, §4.13): in a plan, an output of another
/// task, an `other` output without its note, a noted `other` and an output year outside the
/// cycle; in a report, an output of another task and an `other` output without its note. All
/// are warnings: the plan and the report stay complete, and only outputs without fault score.
#[test]
fn outputs_are_encouraged() {
    let mut p = samples::complete_plan();
    p.outputs[0].task = Task::EducationService;
    p.outputs[1].year = 4;
    p.outputs.push(PlannedOutput {
        task: Task::TechEmpowerment,
        kind: OutputKind::Other,
        year: 2,
        note: None,
    });
    p.outputs.push(PlannedOutput {
        task: Task::PracticeEducation,
        kind: OutputKind::Other,
        year: 3,
        note: Some("乡村振兴案例集".into()),
    });
    let plan = check_plan(&p, &Ruleset::edition_2024());

    let mut r = samples::complete_report();
    r.tasks.party_building.as_mut().unwrap().outputs[0].kind = OutputKind::BigIdeologyCourse;
    r.tasks
        .tech_empowerment
        .as_mut()
        .unwrap()
        .outputs
        .push(Output {
            kind: OutputKind::Other,
            title: Some("县域科技服务站".into()),
            note: None,
            evidence: vec![],
        });
    let report = check_report(&r, None, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(json!({
        "plan": {
            "complete": plan.complete,
            "score": plan.score,
            "findings": plan.findings,
        },
        "report": {
            "complete": report.complete,
            "completeness": report.completeness,
            "score": report.score,
            "findings": report.findings,
        },
    }));
}

/// Case 10: A report sent late (3 September 2025) looked at on days before and after it was sent:
/// before, it was still a draft (`not_due`, `open`, `overdue`, §4.12); its findings — the late
/// warning — are the same whatever the day.
#[test]
fn a_report_sent_after_as_of() {
    let mut r = samples::complete_report();
    r.submitted_at = Timestamp::parse("2025-09-03T09:00:00+08:00").ok();
    let rs = Ruleset::edition_2024();
    let on = |day: Option<&str>| {
        let c = check_report(&r, day.map(|d| Date::parse(d).unwrap()), &rs);
        json!({"as_of": day, "status": c.status, "findings": c.findings})
    };
    insta::assert_json_snapshot!(json!([
        on(None),
        on(Some("2025-07-01")),
        on(Some("2025-08-31")),
        on(Some("2025-09-02")),
        on(Some("2025-09-03")),
    ]));
}

/// Case 11: revision 2's selection explanations in one province: no merit score (ranked on the
/// plan score), ties at the university, national and provincial lines, a recommendation awaiting
/// the office (the provincial team provisional), a decision for an application that was not
/// recommended, a studio and an honour found only on the official lists, a declared batch the
/// list contradicts, and an unknown list time.
#[test]
fn revision_2_selection_explanations() {
    let app = |id: &str, code: &str, merit: Option<f64>| {
        let mut a = samples::application(id, &format!("P-{id}"), code);
        a.merit_score = merit;
        a.branch.name = Some(format!("{id}教师党支部"));
        a
    };
    let mut declared = app("A-7", RUC, Some(40.0));
    declared.studio = Some(Studio {
        level: Level::National,
        batch: Some(4),
        status: Some(StudioStatus::Construction),
    });
    let mut config = bj(3, Some(1));
    config.university_quotas.insert(PKU.into(), 1);
    config.list_submitted_at = None;
    let mut input = SelectionInput {
        applications: vec![
            app("A-1", PKU, Some(90.0)),
            app("A-2", PKU, Some(90.0)),
            app("A-8", PKU, Some(90.0)),
            app("A-3", RUC, Some(80.0)),
            app("A-4", RUC, Some(80.0)),
            app("A-5", RUC, None),
            app("A-6", RUC, Some(30.0)),
            declared,
        ],
        provinces: vec![config],
        registry: Some(Registry {
            national_studios: Some(vec![
                RegistryStudio {
                    person_id: "P-A-6".into(),
                    batch: 1,
                    status: StudioStatus::Established,
                    province: None,
                },
                RegistryStudio {
                    person_id: "P-A-7".into(),
                    batch: 3,
                    status: StudioStatus::Construction,
                    province: None,
                },
            ]),
            national_model_branches: Some(vec![qgx_core::RegistryBranch {
                institution_code: RUC.into(),
                branch_name: "A-5教师党支部".into(),
                batch: 4,
                status: qgx_core::HonorStatus::Cultivation,
            }]),
        }),
        ..Default::default()
    };
    input
        .office_decisions
        .insert("A-6".into(), OfficeDecision::Approved);
    input
        .office_decisions
        .insert("A-4".into(), OfficeDecision::Approved);
    let r = select(&input, &Ruleset::edition_2024()).unwrap();
    let apps: Vec<Value> = r
        .applications
        .iter()
        .map(|a| json!({"id": a.id, "outcome": a.outcome, "outcome_rule": a.outcome_rule, "merit": a.merit, "findings": a.findings}))
        .collect();
    insta::assert_json_snapshot!(json!({
        "applications": apps,
        "province_findings": r.provinces[0].findings,
        "compliance": r.compliance,
    }));
}

/// Case 12: what would change an answer, as people read it: for a selection, why each
/// application stands where it does (needs a merit, needs priority, held by its university,
/// its margin, blocked); for a report, the fixes and the best addition per task.
#[test]
fn why_not_and_score_gains() {
    let app = |id: &str, code: &str, merit: f64| {
        let mut a = samples::application(id, &format!("P-{id}"), code);
        a.merit_score = Some(merit);
        a
    };
    let mut ineligible = app("A-9", PKU, 99.0);
    ineligible.dual_leader = false;
    ineligible.university_review = None;
    let mut config = bj(2, Some(1));
    config.university_quotas.insert(PKU.into(), 1);
    let input = SelectionInput {
        applications: vec![
            app("A-1", PKU, 90.0),
            app("A-2", PKU, 85.0),
            app("A-3", RUC, 80.0),
            app("A-4", RUC, 70.0),
            app("A-5", RUC, 80.0),
            ineligible,
        ],
        provinces: vec![config],
        ..Default::default()
    };
    let r = select(&input, &Ruleset::edition_2024()).unwrap();
    let whys: Vec<Value> = r
        .applications
        .iter()
        .map(|a| json!({"id": a.id, "outcome": a.outcome, "why": a.why}))
        .collect();
    let mut report = samples::complete_report();
    report.summary = String::new();
    report.tasks.party_building.as_mut().unwrap().activities[0]
        .evidence
        .clear();
    report.tasks.tech_empowerment = None;
    let c = check_report(&report, None, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(json!({
        "selection": whys,
        "report": {"fixes": c.fixes, "gains": c.gains},
    }));
}
