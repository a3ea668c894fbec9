//! The invariants of RULES.md §7, as properties over generated inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use qgx_core::{
    Activity, AnnualReport, Application, BranchHonor, Form, HonorStatus, Level, OfficeDecision,
    OutputKind, Participants, Partner, PartnerKind, Province, ProvinceConfig, Registry,
    RegistryBranch, RegistryStudio, ReviewDecision, Ruleset, SelectionInput, SelectionResult,
    Studio, StudioStatus, Task, TaskReport, Timestamp, UniversityReview, json, samples, select,
};

/// A property's case count: `PROPTEST_CASES` when set (the test command raises it in CI), else
/// the property's own default.
fn cases(default: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default;
    }
    config
}

/// The configured provinces of every generated selection; a fourth (江苏, "32") has institutions
/// but no ProvinceConfig, so its applications meet R-ROUTE's `no_province_config`.
const PROVINCES: [&str; 3] = ["11", "12", "31"];

/// 40 real institutions from examples/data/institutions.csv: the first 10 (by code) of each of
/// 北京, 天津, 上海 and 江苏.
fn codes() -> &'static [String] {
    static CODES: OnceLock<Vec<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        let csv = include_str!("../../examples/data/institutions.csv");
        let mut all: Vec<&str> = csv
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .filter(|c| c.len() == 10)
            .collect();
        all.sort_unstable();
        let mut out = Vec::new();
        for p in ["11", "12", "31", "32"] {
            out.extend(
                all.iter()
                    .filter(|c| c.get(2..4) == Some(p))
                    .take(10)
                    .map(|c| (*c).to_owned()),
            );
        }
        assert_eq!(out.len(), 40);
        out
    })
}

/// What can be wrong with a generated application (most have nothing wrong).
#[derive(Debug, Clone, Copy)]
enum Flaw {
    None,
    NotDualLeader,
    ReviewPending,
    Misrouted,
    NoPlan,
}

fn flaw() -> impl Strategy<Value = Flaw> {
    prop_oneof![
        16 => Just(Flaw::None),
        1 => Just(Flaw::NotDualLeader),
        1 => Just(Flaw::ReviewPending),
        1 => Just(Flaw::Misrouted),
        1 => Just(Flaw::NoPlan),
    ]
}

#[derive(Debug, Clone)]
struct AppSpec {
    code: usize,
    person: u8,
    merit: Option<u16>,
    exempt: bool,
    priority: bool,
    flaw: Flaw,
    submitted: Option<u8>,
}

fn app_spec() -> impl Strategy<Value = AppSpec> {
    (
        // Mostly the three configured provinces; sometimes 江苏 (unconfigured).
        prop_oneof![9 => 0usize..30, 1 => 30usize..40],
        0u8..40,
        prop::option::weighted(0.85, 0u16..=200),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        flaw(),
        prop::option::weighted(0.9, 0u8..20),
    )
        .prop_map(
            |(code, person, merit, exempt, priority, flaw, submitted)| AppSpec {
                code,
                person,
                merit,
                exempt,
                priority,
                flaw,
                submitted,
            },
        )
}

fn exempt_studio() -> Studio {
    Studio {
        level: Level::National,
        batch: Some(1),
        status: Some(StudioStatus::Established),
    }
}

fn priority_honor() -> BranchHonor {
    BranchHonor {
        level: Level::National,
        batch: Some(2),
        status: Some(HonorStatus::Model),
    }
}

fn build_app(i: usize, s: &AppSpec) -> Application {
    let code = &codes()[s.code];
    let mut a = samples::application(&format!("A-{i:03}"), &format!("P-{:02}", s.person), code);
    a.branch.name = Some(format!("第{i}教师党支部"));
    // Merits in half points, 0..=100.
    a.merit_score = s.merit.map(|m| f64::from(m) / 2.0);
    a.submitted_at = s
        .submitted
        .and_then(|d| Timestamp::parse(&format!("2024-07-{:02}T10:00:00+08:00", 1 + d)).ok());
    match s.flaw {
        Flaw::None => {}
        Flaw::NotDualLeader => a.dual_leader = false,
        Flaw::ReviewPending => {
            a.university_review = Some(UniversityReview {
                decision: ReviewDecision::Pending,
                date: None,
            });
        }
        Flaw::Misrouted => {
            a.province = Province::from_code(if a.province.code() == "11" {
                "12"
            } else {
                "11"
            })
            .unwrap();
        }
        Flaw::NoPlan => a.plan = None,
    }
    if s.exempt {
        a.studio = Some(exempt_studio());
    }
    if s.priority {
        a.branch_honor = Some(priority_honor());
    }
    a
}

#[derive(Debug, Clone)]
struct Spec {
    apps: Vec<AppSpec>,
    quotas: [u32; 3],
    provincial: [Option<u32>; 3],
    uni_quotas: Vec<(usize, u32)>,
    rejected: Vec<prop::sample::Index>,
    approved: Vec<prop::sample::Index>,
    late: bool,
    /// `Some(k)`: official lists are given, listing the claims of every k-th application (so
    /// the others' claims are unverified); `None`: claims are taken as declared.
    registry: Option<usize>,
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
        prop::collection::vec((0usize..30, 0u32..3), 0..4),
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, 1usize..4),
    )
        .prop_map(
            |(apps, quotas, provincial, uni_quotas, rejected, approved, late, registry)| Spec {
                apps,
                quotas,
                provincial,
                uni_quotas,
                rejected,
                approved,
                late,
                registry,
            },
        )
}

/// Lists `a`'s claims in `registry` (when lists are given), so that they hold.
fn list_claims(registry: &mut Option<Registry>, a: &Application) {
    let Some(reg) = registry.as_mut() else { return };
    // A person or a branch is listed once (twice is malformed input, RULES.md §4.8).
    if let Some(s) = a.studio.as_ref().filter(|s| s.level == Level::National) {
        let list = reg.national_studios.get_or_insert_with(Vec::new);
        if !list.iter().any(|e| e.person_id == a.person_id) {
            list.push(RegistryStudio {
                person_id: a.person_id.clone(),
                batch: s.batch.unwrap(),
                status: s.status.unwrap(),
                province: None,
            });
        }
    }
    if let Some(h) = a
        .branch_honor
        .as_ref()
        .filter(|h| h.level == Level::National)
    {
        let list = reg.national_model_branches.get_or_insert_with(Vec::new);
        let name = a.branch.name.clone().unwrap_or_default();
        if !list
            .iter()
            .any(|e| e.institution_code == a.institution.code && e.branch_name == name)
        {
            list.push(RegistryBranch {
                institution_code: a.institution.code.clone(),
                branch_name: name,
                batch: h.batch.unwrap(),
                status: h.status.unwrap(),
            });
        }
    }
}

fn build(s: &Spec) -> SelectionInput {
    let applications: Vec<Application> = s
        .apps
        .iter()
        .enumerate()
        .map(|(i, a)| build_app(i, a))
        .collect();
    let mut registry = s.registry.map(|_| Registry {
        national_studios: Some(vec![]),
        national_model_branches: Some(vec![]),
    });
    if let Some(k) = s.registry {
        for a in applications.iter().step_by(k) {
            list_claims(&mut registry, a);
        }
    }
    let provinces = PROVINCES
        .iter()
        .enumerate()
        .map(|(k, code)| {
            let province = Province::from_code(code).unwrap();
            let university_quotas = s
                .uni_quotas
                .iter()
                .filter(|(c, _)| Province::of_institution(&codes()[*c]) == Some(province))
                .map(|(c, n)| (codes()[*c].clone(), *n))
                .collect();
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
        for ix in &s.approved {
            office_decisions.insert(ix.get(&applications).id.clone(), OfficeDecision::Approved);
        }
        for ix in &s.rejected {
            office_decisions.insert(ix.get(&applications).id.clone(), OfficeDecision::Rejected);
        }
    }
    SelectionInput {
        applications,
        provinces,
        office_decisions,
        registry,
        ..Default::default()
    }
}

/// The rulesets every selection property is checked under: the 2024 edition, and each
/// priority mode and late-list policy.
fn rulesets() -> Vec<Ruleset> {
    let base = Ruleset::edition_2024();
    let mut out = vec![base.clone()];
    for o in [
        r#"{"priority_mode": "tie_break"}"#,
        r#"{"priority_mode": "none", "late_list_policy": "exclude"}"#,
    ] {
        out.push(base.with_overrides_json(o).unwrap());
    }
    out
}

fn run_with(input: &SelectionInput, rs: &Ruleset) -> SelectionResult {
    select(input, rs).unwrap()
}

fn recommended(r: &SelectionResult) -> BTreeMap<String, bool> {
    r.applications
        .iter()
        .map(|a| (a.id.clone(), a.recommended))
        .collect()
}

fn result<'a>(r: &'a SelectionResult, id: &str) -> &'a qgx_core::ApplicationResult {
    r.applications.iter().find(|a| a.id == id).unwrap()
}

proptest! {
    #![proptest_config(cases(256))]

    /// Non-exempt recommended ≤ national_quota per province; per university ≤ its quota.
    #[test]
    fn quotas_bound_the_recommended(s in spec()) {
        let input = build(&s);
        for rs in rulesets() {
            let r = run_with(&input, &rs);
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
                    prop_assert!(from_uni as u32 <= *quota, "{code}: {from_uni} > {quota}");
                }
                if let Some(q) = p.provincial_quota {
                    prop_assert!(p.provincial_team <= q);
                }
            }
        }
    }

    /// Adding an exempt candidate never changes whether any other applicant is recommended.
    #[test]
    fn exemption_is_neutral(s in spec(), code in 0usize..30, merit in 0u16..=200) {
        let input = build(&s);
        let mut more = input.clone();
        let mut a = build_app(999, &AppSpec { code, person: 99, merit: Some(merit), exempt: true, priority: false, flaw: Flaw::None, submitted: Some(0) });
        a.person_id = "P-NEW".into();
        list_claims(&mut more.registry, &a);
        more.applications.push(a);
        for rs in rulesets() {
            let before = recommended(&run_with(&input, &rs));
            let after = run_with(&more, &rs);
            prop_assert!(result(&after, "A-999").quota_exempt);
            let mut after = recommended(&after);
            after.remove("A-999");
            prop_assert_eq!(&before, &after);
        }
    }

    /// The output is identical (byte for byte) for any permutation of the applications.
    #[test]
    fn any_order_gives_the_same_bytes(s in spec(), seed in any::<u64>()) {
        let input = build(&s);
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
        for rs in rulesets() {
            let expected = serde_json::to_string(&run_with(&input, &rs)).unwrap();
            prop_assert_eq!(&serde_json::to_string(&run_with(&shuffled, &rs)).unwrap(), &expected);
            // The JSON twin gives the same bytes as serialising the typed result.
            let text = serde_json::to_string(&shuffled).unwrap();
            prop_assert_eq!(json::select_json(&text, &rs).unwrap(), expected);
        }
    }

    /// Raising one candidate's merit never removes it from the recommended set.
    #[test]
    fn more_merit_never_hurts(s in spec(), pick in any::<prop::sample::Index>(), raise in 1u16..100) {
        let input = build(&s);
        prop_assume!(!input.applications.is_empty());
        let id = pick.get(&input.applications).id.clone();
        for rs in rulesets() {
            let was = result(&run_with(&input, &rs), &id).clone();
            if !was.recommended {
                continue;
            }
            let mut better = input.clone();
            let a = better.applications.iter_mut().find(|a| a.id == id).unwrap();
            a.merit_score = Some((was.merit + f64::from(raise) / 2.0).min(100.0));
            prop_assert!(result(&run_with(&better, &rs), &id).recommended);
        }
    }

    /// Raising a province's national quota never removes anyone from the recommended set, and
    /// raising its provincial quota never removes anyone from the provincial team.
    /// (Raising a *university* quota may remove someone: RULES.md §4.9 forwards per-university
    /// quotas (step 3) before the national quota (step 4), so a university's extra forwarded
    /// candidate can outrank another university's last recommended one. The invariant is about
    /// the province's quotas.)
    #[test]
    fn a_larger_quota_never_removes_anyone(s in spec(), k in 0usize..3, extra in 1u32..4) {
        let input = build(&s);
        let mut more = input.clone();
        more.provinces[k].national_quota += extra;
        let mut wider = input.clone();
        wider.provinces[k].provincial_quota = input.provinces[k].provincial_quota.map(|q| q + extra);
        for rs in rulesets() {
            let before = run_with(&input, &rs);
            let after = recommended(&run_with(&more, &rs));
            for a in before.applications.iter().filter(|a| a.recommended) {
                prop_assert!(after[&a.id], "{} lost its recommendation", a.id);
            }
            let after = run_with(&wider, &rs);
            for a in before.applications.iter() {
                let now = result(&after, &a.id);
                prop_assert_eq!(a.recommended, now.recommended);
                if a.outcome == qgx_core::Outcome::ProvincialTeam {
                    prop_assert_eq!(now.outcome, qgx_core::Outcome::ProvincialTeam, "{}", a.id);
                }
            }
        }
    }

    /// Raising a university's quota never removes that university's own recommended candidates
    /// (it may displace another university's, RULES.md §4.9 and §7).
    #[test]
    fn a_larger_university_quota_keeps_its_own(s in spec(), code in 0usize..30, quota in 0u32..3, extra in 1u32..3) {
        let code = codes()[code].clone();
        let mut input = build(&s);
        let k = input.provinces.iter().position(|p| Province::of_institution(&code) == Some(p.province)).unwrap();
        input.provinces[k].university_quotas.insert(code.clone(), quota);
        let mut more = input.clone();
        more.provinces[k].university_quotas.insert(code.clone(), quota + extra);
        for rs in rulesets() {
            let before = run_with(&input, &rs);
            let after = recommended(&run_with(&more, &rs));
            for a in before.applications.iter().filter(|a| a.recommended) {
                let app = input.applications.iter().find(|x| x.id == a.id).unwrap();
                if app.institution.code == code {
                    prop_assert!(after[&a.id], "{} lost its recommendation", a.id);
                }
            }
        }
    }

    /// Adding a person's entry to `registry.national_studios` with an exempt batch never removes
    /// that person from the recommended set.
    #[test]
    fn a_registry_entry_never_removes_its_person(s in spec(), pick in any::<prop::sample::Index>(), batch in 1u8..4) {
        let input = build(&s);
        prop_assume!(!input.applications.is_empty());
        let person = pick.get(&input.applications).person_id.clone();
        let mut listed = input.clone();
        let reg = listed.registry.get_or_insert_with(Registry::default);
        let list = reg.national_studios.get_or_insert_with(Vec::new);
        list.retain(|e| e.person_id != person);
        list.push(RegistryStudio { person_id: person.clone(), batch, status: StudioStatus::Construction, province: None });
        for rs in rulesets() {
            let before = run_with(&input, &rs);
            let after = recommended(&run_with(&listed, &rs));
            for a in before.applications.iter().filter(|a| a.recommended) {
                let app = input.applications.iter().find(|x| x.id == a.id).unwrap();
                if app.person_id == person {
                    prop_assert!(after[&a.id], "{} lost its recommendation", a.id);
                }
            }
        }
    }

    /// An `office_decisions` entry changes nothing but its own application's outcome and
    /// findings, the province's counts, the provincial step's outcomes, `tie_at_cut_line` at the
    /// provincial line, `provincial_provisional`, and R-MANDATORY compliance (RULES.md §7).
    #[test]
    fn an_office_decision_is_local(s in spec(), pick in any::<prop::sample::Index>(), decision in 0u8..3) {
        use qgx_core::{Code, Outcome};
        let input = build(&s);
        prop_assume!(!input.applications.is_empty());
        let id = pick.get(&input.applications).id.clone();
        let mut changed = input.clone();
        match decision {
            0 => { changed.office_decisions.remove(&id); }
            1 => { changed.office_decisions.insert(id.clone(), OfficeDecision::Approved); }
            _ => { changed.office_decisions.insert(id.clone(), OfficeDecision::Rejected); }
        }
        let provincial = |o: Outcome| matches!(o, Outcome::ProvincialTeam | Outcome::NotSelected | Outcome::ProvincialCandidate);
        let provincial_line = |f: &qgx_core::Finding| {
            f.code == Code::ProvincialProvisional || (f.code == Code::TieAtCutLine && f.path == "/provincial_quota")
        };
        for rs in rulesets() {
            let a = run_with(&input, &rs);
            let b = run_with(&changed, &rs);
            prop_assert_eq!(&a.ruleset, &b.ruleset);
            for (x, y) in a.applications.iter().zip(&b.applications) {
                prop_assert_eq!(&x.id, &y.id);
                prop_assert_eq!((x.recommended, x.quota_exempt, x.priority, x.rank), (y.recommended, y.quota_exempt, y.priority, y.rank));
                prop_assert_eq!(x.merit, y.merit);
                if x.id == id {
                    continue;
                }
                prop_assert_eq!(&x.findings, &y.findings, "{}", x.id);
                if x.outcome != y.outcome {
                    prop_assert!(provincial(x.outcome) && provincial(y.outcome), "{}: {:?} → {:?}", x.id, x.outcome, y.outcome);
                }
            }
            for (p, q) in a.provinces.iter().zip(&b.provinces) {
                prop_assert_eq!(&p.cut_line, &q.cut_line);
                let keep = |f: &&qgx_core::Finding| !provincial_line(f);
                let pf: Vec<_> = p.findings.iter().filter(keep).collect();
                let qf: Vec<_> = q.findings.iter().filter(keep).collect();
                prop_assert_eq!(pf, qf);
            }
        }
    }

    /// Adding a valid priority claim never demotes its holder: if it was recommended it stays
    /// recommended, and its rank never gets worse.
    #[test]
    fn a_priority_claim_never_demotes(s in spec(), pick in any::<prop::sample::Index>()) {
        let input = build(&s);
        prop_assume!(!input.applications.is_empty());
        let id = pick.get(&input.applications).id.clone();
        let mut claimed = input.clone();
        let a = claimed.applications.iter_mut().find(|a| a.id == id).unwrap();
        prop_assume!(a.branch_honor.is_none());
        a.branch_honor = Some(priority_honor());
        let a = a.clone();
        list_claims(&mut claimed.registry, &a);
        for rs in rulesets() {
            let before = run_with(&input, &rs);
            let before = result(&before, &id);
            let after = run_with(&claimed, &rs);
            let after = result(&after, &id);
            prop_assert!(!before.recommended || after.recommended);
            if let (Some(b), Some(a)) = (before.rank, after.rank) {
                prop_assert!(a <= b, "rank {b} → {a}");
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
                            note: None,
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

/// The unrounded score components of one task (§4.14), recomputed here from the report and
/// from which activities the check found valid (those no finding points into).
fn reference_components(
    r: &AnnualReport,
    task: Task,
    c: &qgx_core::ReportCheck,
    s: &qgx_core::ScoreParams,
) -> [f64; 4] {
    let Some(tr) = r.tasks.get(task) else {
        return [0.0; 4];
    };
    let mut valid = 0u32;
    let mut forms = std::collections::BTreeSet::new();
    let mut people = 0u64;
    for (i, a) in tr.activities.iter().enumerate() {
        let at = format!("/tasks/{}/activities/{i}/", task.as_str());
        if c.findings.iter().any(|f| f.path.starts_with(&at)) {
            continue;
        }
        valid += 1;
        forms.insert(a.form);
        people += u64::from(a.participants.teachers) + u64::from(a.participants.students);
    }
    // Outputs whose kind belongs to the task, `other` only with a note.
    let outputs = tr
        .outputs
        .iter()
        .filter(|o| {
            task.outputs().contains(&o.kind)
                && (o.kind != OutputKind::Other
                    || o.note.as_deref().is_some_and(|n| !n.trim().is_empty()))
        })
        .count() as f64;
    let frac = |n: f64, cap: u32| n.min(f64::from(cap)) / f64::from(cap);
    [
        if valid >= 1 { s.coverage } else { 0.0 },
        s.breadth * frac(forms.len() as f64, s.breadth_cap),
        s.reach * frac(people as f64, s.reach_cap),
        s.outputs * frac(outputs, s.outputs_cap),
    ]
}

proptest! {
    #![proptest_config(cases(512))]

    /// completeness == 1 iff complete; the unrounded components sum to the unrounded total
    /// (within 1e-9) and each shown value is that unrounded value rounded on its own; every
    /// score in 0..=100 (25 per task), for arbitrary reports and score weights/caps.
    #[test]
    fn completeness_and_score_agree(r in report(), over in prop::option::of(score_overrides())) {
        let rs = match over {
            Some(o) => Ruleset::edition_2024().with_overrides_json(&o).unwrap(),
            None => Ruleset::edition_2024(),
        };
        let c = qgx_core::check_report(&r, None, &rs);
        prop_assert_eq!(c.completeness == 1.0, c.complete);
        prop_assert!((0.0..=1.0).contains(&c.completeness));
        prop_assert_eq!(c.complete, !c.findings.iter().any(|f| f.severity == qgx_core::Severity::Error));
        // Through the JSON twin, the same answer.
        let text = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(json::check_report_json(&text, None, &rs).unwrap(), serde_json::to_string(&c).unwrap());

        let sp = &rs.params().score;
        let mut total = 0.0;
        for task in Task::ALL {
            let parts = reference_components(&r, *task, &c, sp);
            let sum: f64 = parts.iter().sum();
            let shown = c.score.tasks.get(*task);
            prop_assert!((0.0..=25.0 + 1e-9).contains(&sum));
            let shown_parts = [shown.coverage, shown.breadth, shown.reach, shown.outputs];
            for (p, v) in parts.iter().zip(shown_parts) {
                prop_assert!((0.0..=25.0).contains(&v));
                prop_assert_eq!(qgx_core::round2(*p), v, "{:?}: {:?} shown as {:?}", task, parts, shown);
            }
            prop_assert_eq!(qgx_core::round2(sum), shown.total);
            // Each shown value is rounded on its own: the shown parts add up to the shown total
            // within the rounding of five values.
            prop_assert!((shown_parts.iter().sum::<f64>() - shown.total).abs() <= 0.025 + 1e-9);
            prop_assert_eq!(
                c.tasks.get(*task).valid_activities,
                r.tasks.get(*task).as_ref().map_or(0, |t| t.activities.len() as u32
                    - t.activities.iter().enumerate().filter(|(i, _)| {
                        let at = format!("/tasks/{}/activities/{i}/", task.as_str());
                        c.findings.iter().any(|f| f.path.starts_with(&at))
                    }).count() as u32)
            );
            total += sum;
        }
        let parts_total: f64 = Task::ALL
            .iter()
            .flat_map(|t| reference_components(&r, *t, &c, sp))
            .sum();
        prop_assert!((parts_total - total).abs() <= 1e-9);
        prop_assert!((0.0..=100.0 + 1e-9).contains(&total));
        prop_assert_eq!(qgx_core::round2(total), c.score.total);
        prop_assert!((0.0..=100.0).contains(&c.score.total));
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Outputs are encouraged, never required (§4.13): a report with its outputs and the same
    /// report without any have the same `complete`, `completeness`, valid activities and
    /// non-output findings; every output finding is a warning of its task's clause pointing into
    /// that output.
    #[test]
    fn outputs_never_change_completeness(r in report(), as_of in prop::option::of(0u32..1200)) {
        let rs = Ruleset::edition_2024();
        let as_of = as_of.map(|d| {
            qgx_core::Date::from(
                chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap() + chrono::Days::new(u64::from(d)),
            )
        });
        let mut bare = r.clone();
        for t in Task::ALL {
            if let Some(tr) = bare.tasks.get_mut(*t).as_mut() {
                tr.outputs.clear();
            }
        }
        let c = qgx_core::check_report(&r, as_of, &rs);
        let b = qgx_core::check_report(&bare, as_of, &rs);
        prop_assert_eq!(c.complete, b.complete);
        prop_assert_eq!(c.completeness, b.completeness);
        prop_assert_eq!(&c.tasks, &b.tasks);
        prop_assert_eq!(c.status, b.status);
        let (outputs, rest): (Vec<_>, Vec<_>) =
            c.findings.iter().cloned().partition(|f| f.path.contains("/outputs/"));
        prop_assert_eq!(&rest, &b.findings);
        for f in &outputs {
            prop_assert_eq!(f.severity, qgx_core::Severity::Warning);
            let task = Task::ALL
                .iter()
                .find(|t| f.path.starts_with(&format!("/tasks/{}/outputs/", t.as_str())))
                .copied();
            prop_assert_eq!(task.map(Task::rule), Some(f.rule), "{:?}", f);
            prop_assert!(
                matches!(f.code.as_str(), "output_not_allowed" | "output_without_note"),
                "{:?}",
                f
            );
        }
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
                    "priority_mode",
                    "cycle_years",
                    "cycle_start",
                    "score",
                    "coverage",
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
        // The date arguments, given the same text.
        json::cycle_status_json(text, &rs),
        json::next_due_json(text, &rs),
        json::report_status_json(1, Some(text), "2025-07-03", &rs),
        json::report_status_json(2, None, text, &rs),
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

/// `Ruleset::with_overrides_value` on any value: Ok, or an error that says where.
fn check_overrides(v: serde_json::Value) -> Result<(), TestCaseError> {
    match Ruleset::edition_2024().with_overrides_value(v) {
        Ok(rs) => {
            // A ruleset that was accepted works: every timing call answers.
            let d = qgx_core::Date::parse("2025-07-03").unwrap();
            let _ = qgx_core::cycle_status(d, &rs);
            let _ = qgx_core::next_due(d, &rs);
            prop_assert!(rs.hash().starts_with("sha256:"));
        }
        Err(e) => {
            prop_assert!(e.is_invalid_ruleset() || e.is_syntax(), "{e}");
            prop_assert!(!e.message().is_empty());
            prop_assert!(
                e.path().is_empty() || e.path().starts_with('/'),
                "path {:?}",
                e.path()
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn no_panic_on_arbitrary_text(text in prop_oneof!["\\PC{0,64}", "\\PC{0,4096}"]) {
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
    fn no_panic_on_arbitrary_overrides(v in json_value()) {
        check_overrides(v)?;
    }

    #[test]
    fn no_panic_on_mutated_overrides(text in mutated(serde_json::json!({
        "eligible_branch_kinds": ["teacher", "teacher_student"], "plan_min_activities_per_task": 1,
        "exempt_studio_batches": [1, 2, 3], "priority_model_batches": [1, 2, 3],
        "priority_cultivation_batches": [4], "priority_mode": "tie_break",
        "recommendation_deadline": "2024-08-02", "deadline_inclusive": false,
        "late_list_policy": "exclude", "cycle_start": "2024-09-01", "cycle_years": 3,
        "report_window_days": 60, "report_grace_days": 0, "min_activities_per_task": 1,
        "min_description_chars": 20, "require_evidence": true,
        "score": {"coverage": 10, "breadth": 5, "reach": 5, "outputs": 5, "breadth_cap": 3, "reach_cap": 200, "outputs_cap": 2}
    }))) {
        check_all(&text)?;
        check_overrides(serde_json::from_str(&text).unwrap())?;
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

// ---------------------------------------------------------------- cycle summaries (R-SUMMARY)

/// What a generated participant sent for one year.
#[derive(Debug, Clone, Copy)]
enum Sent {
    Nothing,
    OnTime,
    /// On time, with more participants: a higher score.
    Rich,
    Late,
    Early,
    Incomplete,
    Draft,
    /// Two reports: an incomplete one, then a complete resubmission.
    Resubmitted,
}

fn sent() -> impl Strategy<Value = Sent> {
    prop_oneof![
        Just(Sent::Nothing),
        Just(Sent::OnTime),
        Just(Sent::Rich),
        Just(Sent::Late),
        Just(Sent::Early),
        Just(Sent::Incomplete),
        Just(Sent::Draft),
        Just(Sent::Resubmitted),
    ]
}

/// A complete report of `id` for `year` with activities dated in that year, sent `at`.
fn year_report(id: &str, year: u32, at: Option<String>, complete: bool) -> AnnualReport {
    let mut r = samples::complete_report();
    r.application_id = id.into();
    r.cycle_year = i64::from(year);
    r.submitted_at = at.map(|t| Timestamp::parse(&t).unwrap());
    let date = qgx_core::Date::parse(&format!("{}-03-12", 2024 + year)).unwrap();
    for t in Task::ALL {
        if let Some(tr) = r.tasks.get_mut(*t).as_mut() {
            for a in &mut tr.activities {
                a.date = date;
            }
        }
    }
    if !complete {
        r.summary = String::new();
    }
    r
}

fn sent_reports(id: &str, year: u32, s: Sent) -> Vec<AnnualReport> {
    let y = 2024 + year;
    let at = |md: &str| Some(format!("{y}-{md}T10:00:00+08:00"));
    match s {
        Sent::Nothing => vec![],
        Sent::OnTime => vec![year_report(id, year, at("08-20"), true)],
        Sent::Rich => {
            let mut r = year_report(id, year, at("08-21"), true);
            for t in Task::ALL {
                if let Some(tr) = r.tasks.get_mut(*t).as_mut() {
                    for a in &mut tr.activities {
                        a.participants.students = 300;
                    }
                }
            }
            vec![r]
        }
        Sent::Late => vec![year_report(id, year, at("09-10"), true)],
        Sent::Early => vec![year_report(id, year, at("05-01"), true)],
        Sent::Incomplete => vec![year_report(id, year, at("08-10"), false)],
        Sent::Draft => vec![year_report(id, year, None, true)],
        Sent::Resubmitted => vec![
            year_report(id, year, at("08-05"), false),
            year_report(id, year, at("08-25"), true),
        ],
    }
}

fn summary_spec() -> impl Strategy<Value = (Vec<[Sent; 3]>, u32)> {
    (
        prop::collection::vec([sent(), sent(), sent()], 1..6),
        // as_of: 2025-07-01 + n days, into the fourth year.
        0u32..1200,
    )
}

fn summary_input(people: &[[Sent; 3]]) -> qgx_core::SummaryInput {
    let mut reports = Vec::new();
    let mut participants = Vec::new();
    for (i, years) in people.iter().enumerate() {
        let id = format!("A-{i}");
        for (k, s) in years.iter().enumerate() {
            reports.extend(sent_reports(&id, k as u32 + 1, *s));
        }
        participants.push(qgx_core::Participant {
            application_id: id,
            province: Province::from_code(if i % 2 == 0 { "11" } else { "12" }).unwrap(),
            person_id: None,
        });
    }
    qgx_core::SummaryInput {
        reports,
        participants,
        ruleset: None,
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Adding, for a due year that had none, a complete report submitted on time never lowers
    /// that participant's `cycle_score` and never ends their case candidacy (RULES.md §7).
    #[test]
    fn an_on_time_report_for_a_missing_due_year_never_hurts(
        (people, days) in summary_spec(),
        pick in any::<prop::sample::Index>(),
        year in 1u32..4,
        min in 0u32..100,
    ) {
        let as_of = qgx_core::Date::parse("2025-07-01").unwrap().naive()
            + chrono::Days::new(u64::from(days));
        let as_of = qgx_core::Date::from(as_of);
        let rs = Ruleset::edition_2024()
            .with_overrides_json(&format!(r#"{{"case_min_score": {min}}}"#))
            .unwrap();
        let i = pick.index(people.len());
        let due_years = qgx_core::cycle_status(as_of, &rs).years.iter().filter(|y| y.due < as_of).count() as u32;
        prop_assume!(due_years > 0);
        let year = 1 + (year - 1) % due_years;
        let mut people = people;
        people[i][year as usize - 1] = Sent::Nothing;
        let before_input = summary_input(&people);
        let mut after_input = before_input.clone();
        after_input.reports.extend(sent_reports(&format!("A-{i}"), year, Sent::OnTime));
        let before = qgx_core::summarize_cycle(&before_input, as_of, &rs).unwrap();
        let after = qgx_core::summarize_cycle(&after_input, as_of, &rs).unwrap();
        let b = &before.participants[i];
        let a = &after.participants[i];
        prop_assert!(a.cycle_score >= b.cycle_score, "{:?} → {:?}", b.cycle_score, a.cycle_score);
        prop_assert!(!b.case_candidate || a.case_candidate);
        // The summary never depends on the order of the reports.
        let mut reversed = after_input.clone();
        reversed.reports.reverse();
        reversed.participants.reverse();
        prop_assert_eq!(qgx_core::summarize_cycle(&reversed, as_of, &rs).unwrap(), after);
    }
}
