//! Explanations as people read them: the findings (clause, code, severity, path, messages in
//! Chinese and English) of representative cases, pinned with insta. A changed message is a
//! reviewed change (`cargo insta review`, or `INSTA_UPDATE=always` then read the diff).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use qgx_core::{
    AnnualReport, Application, Ruleset, SelectionInput, check_application, check_plan,
    check_report, from_json_str, samples, select,
};
use serde_json::{Value, json};

fn examples(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A result without its ruleset stamp (the hash changes with every parameter edit).
fn unstamped<T: serde::Serialize>(v: &T) -> Value {
    let mut v = serde_json::to_value(v).unwrap();
    if let Some(m) = v.as_object_mut() {
        m.remove("ruleset");
    }
    v
}

#[test]
fn an_ineligible_application() {
    let mut a = samples::application("A-1", "P-1", "4111010001");
    a.branch.kind = qgx_core::BranchKind::Student;
    a.role = qgx_core::Role::Member;
    a.dual_leader = false;
    a.university_review = None;
    a.province = qgx_core::Province::from_code("12").unwrap();
    let c = check_application(&a, None, &Ruleset::edition_2024()).unwrap();
    insta::assert_json_snapshot!(unstamped(&c));
}

#[test]
fn an_incomplete_plan() {
    let mut p = samples::complete_plan();
    p.objectives.tech_empowerment = None;
    p.activities[0].form = qgx_core::Form::Donation;
    p.activities[1].partner.kind = qgx_core::PartnerKind::Other;
    p.outputs[1].year = 4;
    p.milestones.remove("3");
    let c = check_plan(&p, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(c.findings);
}

#[test]
fn claims_against_the_registry() {
    let sel: Value = serde_json::from_str(&examples("selection.json")).unwrap();
    let mut a: Application = serde_json::from_value(sel["applications"][0].clone()).unwrap();
    a.studio = Some(qgx_core::Studio {
        level: qgx_core::Level::National,
        batch: Some(2),
        status: Some(qgx_core::StudioStatus::Established),
    });
    a.branch.name = Some("另一个支部".into());
    let registry = from_json_str(&examples("csv/registry.json")).unwrap();
    let c = check_application(&a, Some(&registry), &Ruleset::edition_2024()).unwrap();
    insta::assert_json_snapshot!(c.findings);
}

#[test]
fn the_example_selection() {
    let input: SelectionInput = from_json_str(&examples("selection.json")).unwrap();
    let r = select(&input, &Ruleset::edition_2024()).unwrap();
    insta::assert_json_snapshot!(unstamped(&r));
}

#[test]
fn a_late_province_under_exclude() {
    let mut input: SelectionInput = from_json_str(&examples("selection.json")).unwrap();
    input.provinces[0].list_submitted_at = qgx_core::Timestamp::parse("2024-08-02T16:30:00Z").ok();
    let rs = Ruleset::edition_2024()
        .with_overrides_json(r#"{"late_list_policy": "exclude"}"#)
        .unwrap();
    let r = select(&input, &rs).unwrap();
    let summary: Vec<Value> = r
        .applications
        .iter()
        .filter(|a| a.province.code() == "11")
        .map(|a| json!({"id": a.id, "outcome": a.outcome, "recommended": a.recommended, "rank": a.rank}))
        .collect();
    insta::assert_json_snapshot!(json!({
        "province": r.provinces[0],
        "applications": summary,
        "compliance": r.compliance,
    }));
}

#[test]
fn an_incomplete_report() {
    let r: AnnualReport = from_json_str(&examples("report-incomplete.json")).unwrap();
    let c = check_report(&r, None, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(unstamped(&c));
}

#[test]
fn every_activity_error_at_once() {
    let mut r = samples::complete_report();
    r.summary = String::new();
    let a = &mut r.tasks.education_service.as_mut().unwrap().activities[0];
    a.date = qgx_core::Date::parse("2025-09-01").unwrap();
    a.form = qgx_core::Form::Other;
    a.partner.kind = qgx_core::PartnerKind::Hospital;
    a.participants = qgx_core::Participants {
        teachers: 0,
        students: 0,
    };
    a.description = "讲座".into();
    a.evidence.clear();
    r.tasks.tech_empowerment = None;
    let c = check_report(&r, None, &Ruleset::edition_2024());
    insta::assert_json_snapshot!(c.findings);
}
