//! The invariants of RULES.md §7, as properties over generated inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use qgx_core::{
    Activity, AnnualReport, Application, BranchHonor, Form, HonorStatus, Level, OfficeDecision,
    OutputKind, Participants, Partner, PartnerKind, Province, ProvinceConfig, Ruleset,
    SelectionInput, SelectionResult, Studio, StudioStatus, Task, TaskReport, Timestamp, json,
    samples, select,
};

/// Real institutions (examples/data/institutions.csv) in three provinces.
const CODES: [&str; 9] = [
    "4111010001",
    "4111010002",
    "4111010003", // 北京
    "4112010055",
    "4112010056",
    "4112010057", // 天津
    "4131010246",
    "4131010247",
    "4131010248", // 上海
];

#[derive(Debug, Clone)]
struct AppSpec {
    code: usize,
    person: u8,
    merit: Option<u16>,
    exempt: bool,
    priority: bool,
    eligible: bool,
    submitted: u8,
}

fn app_spec() -> impl Strategy<Value = AppSpec> {
    (
        0..CODES.len(),
        0u8..40,
        prop::option::weighted(0.85, 0u16..=200),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.9),
        0u8..20,
    )
        .prop_map(
            |(code, person, merit, exempt, priority, eligible, submitted)| AppSpec {
                code,
                person,
                merit,
                exempt,
                priority,
                eligible,
                submitted,
            },
        )
}

fn build_app(i: usize, s: &AppSpec) -> Application {
    let mut a = samples::application(
        &format!("A-{i:03}"),
        &format!("P-{:02}", s.person),
        CODES[s.code],
    );
    a.merit_score = s.merit.map(|m| f64::from(m) / 2.0);
    a.dual_leader = s.eligible;
    a.submitted_at =
        Timestamp::parse(&format!("2024-07-{:02}T10:00:00+08:00", 1 + s.submitted)).ok();
    if s.exempt {
        a.studio = Some(Studio {
            level: Level::National,
            batch: Some(1),
            status: Some(StudioStatus::Established),
        });
    }
    if s.priority {
        a.branch_honor = Some(BranchHonor {
            level: Level::National,
            batch: Some(2),
            status: Some(HonorStatus::Model),
        });
    }
    a
}

#[derive(Debug, Clone)]
struct Spec {
    apps: Vec<AppSpec>,
    quotas: [u32; 3],
    provincial: [Option<u32>; 3],
    uni_quota: Option<(usize, u32)>,
    rejected: Vec<prop::sample::Index>,
    late: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(app_spec(), 0..40),
        [0u32..6, 0u32..6, 0u32..6],
        [
            prop::option::of(0u32..8),
            prop::option::of(0u32..8),
            prop::option::of(0u32..8),
        ],
        prop::option::of((0..CODES.len(), 0u32..3)),
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(apps, quotas, provincial, uni_quota, rejected, late)| Spec {
                apps,
                quotas,
                provincial,
                uni_quota,
                rejected,
                late,
            },
        )
}

fn build(s: &Spec) -> SelectionInput {
    let applications: Vec<Application> = s
        .apps
        .iter()
        .enumerate()
        .map(|(i, a)| build_app(i, a))
        .collect();
    let provinces = ["11", "12", "31"]
        .iter()
        .enumerate()
        .map(|(k, code)| {
            let province = Province::from_code(code).unwrap();
            let mut university_quotas = BTreeMap::new();
            if let Some((c, n)) = s.uni_quota {
                if Province::of_institution(CODES[c]) == Some(province) {
                    university_quotas.insert(CODES[c].to_owned(), n);
                }
            }
            let at = if s.late && k == 0 {
                "2024-08-05"
            } else {
                "2024-08-01"
            };
            ProvinceConfig {
                province,
                national_quota: s.quotas[k],
                provincial_quota: s.provincial[k],
                university_quotas,
                list_submitted_at: Timestamp::parse(at).ok(),
            }
        })
        .collect();
    let mut office_decisions = BTreeMap::new();
    if !applications.is_empty() {
        for ix in &s.rejected {
            office_decisions.insert(ix.get(&applications).id.clone(), OfficeDecision::Rejected);
        }
    }
    SelectionInput {
        applications,
        provinces,
        office_decisions,
        ..Default::default()
    }
}

fn run(input: &SelectionInput) -> SelectionResult {
    select(input, &Ruleset::edition_2024()).unwrap()
}

fn recommended(r: &SelectionResult) -> BTreeMap<String, bool> {
    r.applications
        .iter()
        .map(|a| (a.id.clone(), a.recommended))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Non-exempt recommended ≤ national_quota per province; per university ≤ its quota.
    #[test]
    fn quotas_bound_the_recommended(s in spec()) {
        let input = build(&s);
        let r = run(&input);
        for p in &r.provinces {
            let n = r.applications.iter().filter(|a| a.province == p.province && a.recommended && !a.quota_exempt).count();
            prop_assert!(n as u32 <= p.national_quota);
            prop_assert_eq!(n as u32, p.places_used);
            let cfg = input.provinces.iter().find(|c| c.province == p.province).unwrap();
            for (code, quota) in &cfg.university_quotas {
                let from_uni = r.applications.iter().filter(|a| {
                    let app = input.applications.iter().find(|x| x.id == a.id).unwrap();
                    &app.institution.code == code && a.recommended && !a.quota_exempt
                }).count();
                prop_assert!(from_uni as u32 <= *quota);
            }
        }
    }

    /// Adding an exempt candidate never changes whether any other applicant is recommended.
    #[test]
    fn exemption_is_neutral(s in spec(), code in 0..CODES.len(), merit in 0u16..=200) {
        let input = build(&s);
        let before = recommended(&run(&input));
        let mut more = input.clone();
        let mut a = build_app(999, &AppSpec { code, person: 99, merit: Some(merit), exempt: true, priority: false, eligible: true, submitted: 0 });
        a.person_id = "P-NEW".into();
        more.applications.push(a);
        let after = run(&more);
        let new = after.applications.iter().find(|a| a.id == "A-999").unwrap();
        prop_assert!(new.quota_exempt);
        let mut after = recommended(&after);
        after.remove("A-999");
        prop_assert_eq!(before, after);
    }

    /// The output is identical (byte for byte) for any permutation of the applications.
    #[test]
    fn any_order_gives_the_same_bytes(s in spec(), seed in any::<u64>()) {
        let input = build(&s);
        let expected = serde_json::to_string(&run(&input)).unwrap();
        let mut shuffled = input.clone();
        // A deterministic shuffle from the seed (Fisher–Yates with a SplitMix64 stream).
        let mut x = seed;
        for i in (1..shuffled.applications.len()).rev() {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            let j = ((z ^ (z >> 31)) % (i as u64 + 1)) as usize;
            shuffled.applications.swap(i, j);
        }
        shuffled.provinces.reverse();
        prop_assert_eq!(serde_json::to_string(&run(&shuffled)).unwrap(), expected);
    }

    /// Raising one candidate's merit never removes it from the recommended set.
    #[test]
    fn more_merit_never_hurts(s in spec(), pick in any::<prop::sample::Index>(), raise in 1u16..100) {
        let input = build(&s);
        prop_assume!(!input.applications.is_empty());
        let r = run(&input);
        let id = pick.get(&input.applications).id.clone();
        let was = r.applications.iter().find(|a| a.id == id).unwrap().clone();
        prop_assume!(was.recommended);
        let mut better = input.clone();
        let a = better.applications.iter_mut().find(|a| a.id == id).unwrap();
        a.merit_score = Some((was.merit + f64::from(raise) / 2.0).min(100.0));
        let now = run(&better);
        prop_assert!(now.applications.iter().find(|a| a.id == id).unwrap().recommended);
    }

    /// Raising a province's national quota never removes anyone from the recommended set.
    /// (Raising a *university* quota may: its extra candidate can outrank another university's,
    /// as §4.9's steps 3–4 say; the invariant is about the province's quota.)
    #[test]
    fn a_larger_quota_never_removes_anyone(s in spec(), k in 0usize..3, extra in 1u32..4) {
        let input = build(&s);
        let before = run(&input);
        let mut more = input.clone();
        more.provinces[k].national_quota += extra;
        let after = recommended(&run(&more));
        for a in before.applications.iter().filter(|a| a.recommended) {
            prop_assert!(after[&a.id], "{} lost its recommendation", a.id);
        }
    }

    /// Adding a valid priority claim never demotes its holder.
    #[test]
    fn a_priority_claim_never_demotes(s in spec(), pick in any::<prop::sample::Index>()) {
        let input = build(&s);
        prop_assume!(!input.applications.is_empty());
        let id = pick.get(&input.applications).id.clone();
        let r = run(&input);
        let was = r.applications.iter().find(|a| a.id == id).unwrap().clone();
        prop_assume!(!was.priority);
        let mut claimed = input.clone();
        let a = claimed.applications.iter_mut().find(|a| a.id == id).unwrap();
        a.branch_honor = Some(BranchHonor { level: Level::National, batch: Some(1), status: Some(HonorStatus::Model) });
        for mode in ["tier_first", "tie_break", "none"] {
            let rs = Ruleset::edition_2024().with_overrides_json(&format!(r#"{{"priority_mode": "{mode}"}}"#)).unwrap();
            let before = select(&input, &rs).unwrap();
            let before = before.applications.iter().find(|a| a.id == id).unwrap();
            let after = select(&claimed, &rs).unwrap();
            let after = after.applications.iter().find(|a| a.id == id).unwrap();
            prop_assert!(!before.recommended || after.recommended, "{mode}");
            if let (Some(b), Some(a)) = (before.rank, after.rank) {
                prop_assert!(a <= b, "{mode}: rank {b} → {a}");
            }
        }
    }
}

// ---------------------------------------------------------------- reports

fn activity() -> impl Strategy<Value = Activity> {
    (
        prop::sample::select(Form::ALL.to_vec()),
        prop::sample::select(PartnerKind::ALL.to_vec()),
        prop::option::of("[a-z ]{0,3}"),
        (2024i32..2027, 1u32..13, 1u32..29),
        (0u32..150, 0u32..150),
        "[一二三四五 ]{0,30}",
        prop::collection::vec("[a-z ]{0,4}", 0..2),
    )
        .prop_map(
            |(form, kind, note, (y, m, d), (teachers, students), description, evidence)| Activity {
                date: chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().into(),
                form,
                note: note.clone(),
                partner: Partner {
                    kind,
                    name: None,
                    note,
                },
                participants: Participants { teachers, students },
                rural_revitalization: false,
                description,
                evidence,
            },
        )
}

type TaskSpec = Option<(Vec<Activity>, Vec<OutputKind>)>;

fn task() -> impl Strategy<Value = TaskSpec> {
    prop::option::weighted(
        0.9,
        (
            prop::collection::vec(activity(), 0..5),
            prop::collection::vec(prop::sample::select(OutputKind::ALL.to_vec()), 0..4),
        ),
    )
}

fn report() -> impl Strategy<Value = AnnualReport> {
    (-1i64..5, "[ 总结]{0,6}", [task(), task(), task(), task()]).prop_map(
        |(cycle_year, summary, tasks)| {
            let mut r = samples::complete_report();
            r.cycle_year = cycle_year;
            r.summary = summary;
            for (t, spec) in Task::ALL.iter().zip(tasks) {
                *r.tasks.get_mut(*t) = spec.map(|(activities, outputs)| TaskReport {
                    activities,
                    outputs: outputs
                        .into_iter()
                        .map(|kind| qgx_core::Output {
                            kind,
                            title: None,
                            evidence: vec![],
                        })
                        .collect(),
                });
            }
            r
        },
    )
}

fn score_overrides() -> impl Strategy<Value = String> {
    (0u32..=25, 0u32..=25, 0u32..=25, 1u32..6, 1u32..300, 1u32..4).prop_map(|(c, b, r, bc, rc, oc)| {
        // Keep the four weights within 25 per task.
        let (c, b, r) = (c.min(25), b.min(25 - c.min(25)), r.min(25 - c.min(25) - b.min(25 - c.min(25))));
        let o = 25 - c - b - r;
        format!(r#"{{"score": {{"coverage": {c}, "breadth": {b}, "reach": {r}, "outputs": {o}, "breadth_cap": {bc}, "reach_cap": {rc}, "outputs_cap": {oc}}}}}"#)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// completeness == 1 iff complete; components add up to totals; every score in 0..=100.
    #[test]
    fn completeness_and_score_agree(r in report(), over in prop::option::of(score_overrides())) {
        let rs = match over {
            Some(o) => Ruleset::edition_2024().with_overrides_json(&o).unwrap(),
            None => Ruleset::edition_2024(),
        };
        let c = qgx_core::check_report(&r, None, &rs);
        prop_assert_eq!(c.completeness == 1.0, c.complete);
        prop_assert!((0.0..=1.0).contains(&c.completeness));
        prop_assert!((0.0..=100.0).contains(&c.score.total));
        let mut sum = 0.0;
        for (_, t) in c.score.tasks.iter() {
            prop_assert!((0.0..=25.0).contains(&t.total));
            // Each shown value is rounded on its own: the parts add up to the total within rounding.
            prop_assert!((t.coverage + t.breadth + t.reach + t.outputs - t.total).abs() <= 0.02 + 1e-9);
            sum += t.total;
        }
        prop_assert!((sum - c.score.total).abs() <= 0.04 + 1e-9);
        prop_assert_eq!(c.complete, !c.findings.iter().any(|f| f.severity == qgx_core::Severity::Error));
    }
}

// ---------------------------------------------------------------- no panic, errors say where

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z_0-9:\\-T+ ]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "2025-03-12",
            "11",
            "4111010001",
            "teacher",
            "secretary",
            "party_building",
            "national",
            "other"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "id",
                    "person_id",
                    "institution",
                    "province",
                    "branch",
                    "role",
                    "dual_leader",
                    "plan",
                    "objectives",
                    "activities",
                    "outputs",
                    "milestones",
                    "tasks",
                    "summary",
                    "cycle_year",
                    "applications",
                    "provinces",
                    "national_quota",
                    "kind",
                    "form",
                    "year",
                    "date",
                    "participants",
                    "registry",
                    "ruleset",
                    "x",
                ])
                .prop_map(str::to_owned),
                inner,
                0..6,
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid document with one random change: a field dropped, retyped or added.
fn mutated(doc: serde_json::Value) -> impl Strategy<Value = String> {
    (any::<prop::sample::Index>(), 0u8..3, json_value()).prop_map(move |(ix, op, v)| {
        let mut d = doc.clone();
        let mut paths = Vec::new();
        fn walk(v: &serde_json::Value, p: String, out: &mut Vec<String>) {
            out.push(p.clone());
            match v {
                serde_json::Value::Object(m) => {
                    m.iter().for_each(|(k, x)| walk(x, format!("{p}/{k}"), out))
                }
                serde_json::Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .for_each(|(i, x)| walk(x, format!("{p}/{i}"), out)),
                _ => {}
            }
        }
        walk(&d, String::new(), &mut paths);
        let path = ix.get(&paths).clone();
        if let Some((parent, key)) = path.rsplit_once('/') {
            if let Some(target) = d.pointer_mut(parent) {
                match (op, target) {
                    (0, serde_json::Value::Object(m)) => {
                        m.remove(key);
                    }
                    (1, serde_json::Value::Object(m)) => {
                        m.insert(key.to_owned(), v);
                    }
                    (_, serde_json::Value::Object(m)) => {
                        m.insert(format!("{key}_extra"), v);
                    }
                    (_, serde_json::Value::Array(a)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < a.len() {
                                a[i] = v;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        d.to_string()
    })
}

fn check_all(text: &str) -> Result<(), TestCaseError> {
    let rs = Ruleset::edition_2024();
    let results = [
        json::check_application_json(text, None, &rs),
        json::check_application_json(text, Some(text), &rs),
        json::check_plan_json(text, &rs),
        json::check_report_json(text, Some("2025-09-01"), &rs),
        json::check_reports_json(text, None, &rs),
        json::select_json(text, &rs),
        rs.with_overrides_json(text).map(|r| r.hash().to_owned()),
    ];
    for r in results {
        if let Err(e) = r {
            prop_assert!(!e.message().is_empty());
            prop_assert!(
                e.path().is_empty() || e.path().starts_with('/'),
                "path {:?}",
                e.path()
            );
            prop_assert!(!e.to_string().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_panic_on_arbitrary_text(text in "\\PC{0,64}") {
        check_all(&text)?;
    }

    #[test]
    fn no_panic_on_arbitrary_json(v in json_value()) {
        check_all(&v.to_string())?;
    }

    #[test]
    fn no_panic_on_mutated_applications(text in mutated(serde_json::to_value(samples::application("A-1", "P-1", "4111010001")).unwrap())) {
        check_all(&text)?;
    }

    #[test]
    fn no_panic_on_mutated_reports(text in mutated(serde_json::to_value(samples::complete_report()).unwrap())) {
        check_all(&text)?;
    }

    #[test]
    fn no_panic_on_mutated_selections(text in mutated(serde_json::json!({
        "applications": [samples::application("A-1", "P-1", "4111010001"), samples::application("A-2", "P-1", "4112010055")],
        "provinces": [{"province": "11", "national_quota": 1, "list_submitted_at": "2024-08-03"}],
        "registry": {"national_studios": [{"person_id": "P-1", "batch": 3, "status": "construction"}]},
        "office_decisions": {"A-1": "rejected"},
        "ruleset": {"priority_mode": "none"}
    }))) {
        check_all(&text)?;
    }

    #[test]
    fn no_panic_on_extreme_dates(y in 1i32..9999, k in 0u32..200, start in 1i32..9000) {
        let rs = Ruleset::edition_2024()
            .with_overrides_json(&format!(r#"{{"cycle_start": "{start:04}-02-28", "cycle_years": {}}}"#, 1 + k % 100))
            .unwrap();
        let d = qgx_core::Date::parse(&format!("{y:04}-02-28")).unwrap();
        let _ = qgx_core::cycle_status(d, &rs);
        let _ = qgx_core::report_status(k, None, d, &rs);
        let _ = qgx_core::next_due(d, &rs);
    }
}
