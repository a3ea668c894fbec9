//! The example files in `examples/` stay valid and say what the README says they say.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use qgx_core::{
    AnnualReport, Code, Outcome, Rule, Ruleset, SelectionInput, check_report, from_json_str, select,
};

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn the_example_selection() {
    let input: SelectionInput = from_json_str(&read("selection.json")).unwrap();
    let r = select(&input, &Ruleset::edition_2024()).unwrap();
    let outcome = |id: &str| r.applications.iter().find(|a| a.id == id).unwrap();
    // No office decision yet: the recommended are `recommended` (待备案审核), not yet in the
    // national team; A-0008 is P-0002's resubmission, which corrects A-0002 (duplicate_keep latest).
    let expect = [
        ("A-0001", Outcome::Recommended, Some(1)),
        ("A-0002", Outcome::Duplicate, None),
        ("A-0003", Outcome::Recommended, Some(4)),
        ("A-0004", Outcome::ProvincialTeam, Some(3)),
        ("A-0005", Outcome::Ineligible, None),
        ("A-0006", Outcome::Recommended, Some(1)),
        ("A-0007", Outcome::Misrouted, None),
        ("A-0008", Outcome::Recommended, Some(2)),
        ("A-0009", Outcome::NotEndorsed, None),
    ];
    for (id, o, rank) in expect {
        assert_eq!((outcome(id).outcome, outcome(id).rank), (o, rank), "{id}");
    }
    assert!(outcome("A-0001").priority);
    assert!(outcome("A-0003").quota_exempt);
    let a2 = outcome("A-0002");
    assert_eq!(
        (a2.findings[0].rule, a2.findings[0].code),
        (Rule::Dup, Code::DuplicatePerson)
    );
    let bj = &r.provinces[0];
    assert_eq!(
        (
            bj.places_used,
            bj.exempt,
            bj.priority,
            bj.pending_review,
            bj.national_team
        ),
        (2, 1, 1, 3, 0)
    );
    assert_eq!(bj.cut_line.last_in.as_ref().unwrap().id, "A-0008");
    assert_eq!(bj.cut_line.first_out.as_ref().unwrap().id, "A-0004");
    assert_eq!(bj.findings[0].code, Code::ProvincialProvisional);
    let tj = &r.provinces[1];
    assert!(tj.late);
    assert_eq!(tj.findings[0].code, Code::LateList);
    assert_eq!(r.compliance.len(), 1);
    assert_eq!(r.compliance[0].code, Code::MandatoryMissing);
    assert_eq!(r.compliance[0].province.map(|p| p.code()), Some("31"));
}

#[test]
fn the_example_reports() {
    let rs = Ruleset::edition_2024();
    let good: AnnualReport = from_json_str(&read("report.json")).unwrap();
    assert!(check_report(&good, None, &rs).complete);
    let bad: AnnualReport = from_json_str(&read("report-incomplete.json")).unwrap();
    let c = check_report(&bad, None, &rs);
    let codes: Vec<(&str, &str)> = c
        .findings
        .iter()
        .map(|f| (f.rule.id(), f.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("R-ANNUAL", "submitted_late"),
            ("R-TASK-3", "task_not_covered"),
            ("R-TASK-3", "form_not_allowed"),
            ("R-ANNUAL", "description_too_short"),
            ("R-ANNUAL", "no_evidence"),
            ("R-TASK-4", "task_not_covered"),
            ("R-ANNUAL", "date_outside_period"),
        ]
    );
    assert!(!c.complete && c.completeness < 1.0);
}

#[test]
fn the_example_overrides() {
    let text = read("overrides.toml");
    // The core takes JSON; the CLI converts TOML. Here: the same keys as JSON.
    assert!(text.contains("priority_mode"));
    let rs = Ruleset::edition_2024()
        .with_overrides_json(
            r#"{"priority_mode": "tie_break", "deadline_inclusive": false, "late_list_policy": "exclude", "score": {"reach_cap": 100}}"#,
        )
        .unwrap();
    assert_ne!(rs.hash(), Ruleset::edition_2024().hash());
}
