//! `qgx-kotlin`: the Kotlin API of `qgx-core`, made with uniffi (package `cn.edu.qgx`, see
//! `uniffi.toml`), for JNA on the JVM and on Android.
//!
//! A thin layer: uniffi records and enums mirroring the core's types, `From` conversions and the
//! error mapping. Every rule lives in the core. A Rust panic never crosses the boundary: uniffi
//! catches it and Kotlin receives an `InternalException`.

uniffi::setup_scaffolding!();

mod error;
mod model;
mod results;
mod ruleset;
mod text;

use std::sync::Arc;

use qgx_core::{args, json};

pub use error::{Issue, QgxError};
pub use model::{
    Activity, AnnualReport, Application, Branch, Institution, Output, Participants, Partner, Plan,
    PlanObjectives, PlannedActivity, PlannedOutput, Registry, RegistryBranch, RegistryStudio,
    TaskReport, TaskReports, UniversityReview,
};
pub use results::{
    ApplicationCheck, CaseEntry, CatalogEntry, CyclePosition, CycleStatus, CycleSummary,
    CycleTotals, CycleYear, Finding, Fix, NextDue, ParticipantSummary, PlanCheck, PlanTasks,
    ProvinceCycleSummary, ReportCheck, ReportGains, ReportScore, ReportStatus, ReportTasks,
    TaskScores,
};
pub use ruleset::{Ruleset, RulesetOverrides};
pub use text::Text;

/// The ruleset passed, or the built-in 2024 edition (the core's, made once).
fn rules(ruleset: &Option<Arc<Ruleset>>) -> &qgx_core::Ruleset {
    match ruleset {
        Some(r) => &r.inner,
        None => args::builtin_ruleset(),
    }
}

/// An `as_of` argument, read by the core.
fn as_of(as_of: Text) -> Result<qgx_core::Date, QgxError> {
    Ok(args::as_of_arg(&as_of.arg("as_of")?)?)
}

fn opt_as_of(t: Option<Text>) -> Result<Option<qgx_core::Date>, QgxError> {
    t.map(as_of).transpose()
}

/// A plain string argument for a `_json` twin (which reads it itself).
fn opt_arg(t: Option<Text>, name: &str) -> Result<Option<String>, QgxError> {
    Ok(t.map(|t| t.arg(name)).transpose()?)
}

/// The engine's version, as results report it.
#[uniffi::export]
pub fn engine_version() -> String {
    qgx_core::ENGINE_VERSION.to_owned()
}

/// Every call each binding exposes, by its core name (`check_report`: `checkReport` and
/// `checkReportJson` here). The core's `args::CALLS`.
#[uniffi::export]
pub fn calls() -> Vec<String> {
    args::CALLS.iter().map(|c| (*c).to_owned()).collect()
}

/// Checks one application on its own (R-ELIG, R-PLAN, R-ENDORSE, R-ROUTE: every rule that does
/// not need the other applications), against the official lists of `registry` when given.
///
/// # Errors
/// `InvalidInput` at the path of a bad province code, date or timestamp, a `meritScore` outside
/// 0..=100, a national studio or honour without its batch or status, a bad registry entry
/// (under `/registry`).
#[uniffi::export(default(registry = None, ruleset = None))]
pub fn check_application(
    application: Application,
    registry: Option<Registry>,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<ApplicationCheck, QgxError> {
    let app = qgx_core::Application::try_from(application)?;
    let registry = registry
        .map(qgx_core::Registry::try_from)
        .transpose()
        .map_err(|e| e.under("/registry"))?;
    Ok(qgx_core::check_application(&app, registry.as_ref(), rules(&ruleset))?.into())
}

/// `check_application` on an Application's JSON text (and the Registry's, when given); returns
/// the ApplicationCheck's JSON.
///
/// # Errors
/// Malformed JSON, naming where (in the registry: under `/registry`).
#[uniffi::export(default(registry = None, ruleset = None))]
pub fn check_application_json(
    application: Text,
    registry: Option<Text>,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<String, QgxError> {
    let registry = registry.map(Text::json);
    Ok(json::check_application_json(
        &application.json(),
        registry.as_deref(),
        rules(&ruleset),
    )?)
}

/// Checks an action plan (R-PLAN): completeness, findings, valid activities per task, score.
///
/// # Errors
/// `InvalidInput` at the path of a string with a lone surrogate (a plan has no other malformed
/// typed value).
#[uniffi::export(default(ruleset = None))]
pub fn check_plan(plan: Plan, ruleset: Option<Arc<Ruleset>>) -> Result<PlanCheck, QgxError> {
    let plan = qgx_core::Plan::try_from(plan)?;
    Ok(qgx_core::check_plan(&plan, rules(&ruleset)).into())
}

/// `check_plan` on a Plan's JSON text; returns the PlanCheck's JSON.
///
/// # Errors
/// Malformed JSON, naming where.
#[uniffi::export(default(ruleset = None))]
pub fn check_plan_json(plan: Text, ruleset: Option<Arc<Ruleset>>) -> Result<String, QgxError> {
    Ok(json::check_plan_json(&plan.json(), rules(&ruleset))?)
}

/// Checks one annual report (completeness, findings, valid activities per task, score, fixes
/// and gains). `as_of` (`YYYY-MM-DD`) only serves to tell a draft's state; `ruleset` defaults
/// to 2024.
///
/// # Errors
/// `InvalidArgument` at `/as_of`; `InvalidInput` at the path of a bad date or timestamp.
#[uniffi::export(default(as_of = None, ruleset = None))]
pub fn check_report(
    report: AnnualReport,
    as_of: Option<Text>,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<ReportCheck, QgxError> {
    let as_of = opt_as_of(as_of)?;
    let report = qgx_core::AnnualReport::try_from(report)?;
    Ok(qgx_core::check_report(&report, as_of, rules(&ruleset)).into())
}

/// Checks many reports, one `check_report` each, in order.
///
/// # Errors
/// As [`check_report`]; an input error's path starts with the report's index (`/3/…`).
#[uniffi::export(default(as_of = None, ruleset = None))]
pub fn check_reports(
    reports: Vec<AnnualReport>,
    as_of: Option<Text>,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<Vec<ReportCheck>, QgxError> {
    let as_of = opt_as_of(as_of)?;
    let reports = reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| qgx_core::AnnualReport::try_from(r).map_err(|e| e.under(&format!("/{i}"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(qgx_core::check_reports(&reports, as_of, rules(&ruleset))
        .into_iter()
        .map(ReportCheck::from)
        .collect())
}

/// `select` on a Selection input's JSON text (`{applications, provinces, registry?,
/// office_decisions?, ruleset?}`); returns the SelectionResult's JSON, every application with
/// its `why`.
///
/// # Errors
/// Malformed JSON or bad overrides in the input's `ruleset`, naming where.
#[uniffi::export(default(ruleset = None))]
pub fn select_json(input: Text, ruleset: Option<Arc<Ruleset>>) -> Result<String, QgxError> {
    Ok(json::select_json(&input.json(), rules(&ruleset))?)
}

/// `compare` on two Selection inputs' JSON text (each may carry its own `ruleset` overrides);
/// returns the Comparison's JSON.
///
/// # Errors
/// Malformed JSON or bad overrides, naming where (under `/base` or `/variant`).
#[uniffi::export(default(ruleset = None))]
pub fn compare_json(
    base: Text,
    variant: Text,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<String, QgxError> {
    Ok(json::compare_json(
        &base.json(),
        &variant.json(),
        rules(&ruleset),
    )?)
}

/// The whole cycle as seen on `as_of`: position, every year's dates, the next report due.
///
/// # Errors
/// `InvalidArgument` at `/as_of`.
#[uniffi::export(default(ruleset = None))]
pub fn cycle_status(as_of: Text, ruleset: Option<Arc<Ruleset>>) -> Result<CycleStatus, QgxError> {
    Ok(qgx_core::cycle_status(self::as_of(as_of)?, rules(&ruleset)).into())
}

/// The state of report `year` given its submission timestamp (if any) and the date.
///
/// # Errors
/// `InvalidArgument` at `/as_of`, `/submitted_at` or `/year`.
#[uniffi::export(default(ruleset = None))]
pub fn report_status(
    year: u32,
    submitted_at: Option<Text>,
    as_of: Text,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<ReportStatus, QgxError> {
    let rs = rules(&ruleset);
    let as_of = self::as_of(as_of)?;
    let submitted = submitted_at
        .map(|t| args::submitted_at_arg(&t.arg("submitted_at")?))
        .transpose()?;
    let year = args::year_arg(i64::from(year), rs)?;
    Ok(qgx_core::report_status(year, submitted.as_ref(), as_of, rs)?.into())
}

/// The first report due on or after `as_of`; `null` once the last one is past due.
///
/// # Errors
/// `InvalidArgument` at `/as_of`.
#[uniffi::export(default(ruleset = None))]
pub fn next_due(as_of: Text, ruleset: Option<Arc<Ruleset>>) -> Result<Option<NextDue>, QgxError> {
    Ok(qgx_core::next_due(self::as_of(as_of)?, rules(&ruleset)).map(NextDue::from))
}

/// R-SUMMARY for one participant's own reports ("my three years"): the reports of every year
/// (resubmissions and drafts included: the core picks the one that counts), as of `as_of`
/// (`YYYY-MM-DD`). The result's `participants` holds one summary per application id of the
/// reports (one for one participant); its `province` is `null` (use `summarizeCycleJson` with
/// a Summary input's `participants` for the per-province roll-up).
///
/// # Errors
/// `InvalidArgument` at `/as_of`; `InvalidInput` at `/reports/<i>/…` for a bad date or
/// timestamp, or for two reports of one year submitted at the same instant (or two drafts).
#[uniffi::export(default(ruleset = None))]
pub fn summarize_cycle(
    reports: Vec<AnnualReport>,
    as_of: Text,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<CycleSummary, QgxError> {
    let as_of = self::as_of(as_of)?;
    let reports = reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            qgx_core::AnnualReport::try_from(r).map_err(|e| e.under(&format!("/reports/{i}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let input = qgx_core::SummaryInput {
        reports,
        ..Default::default()
    };
    Ok(qgx_core::summarize_cycle(&input, as_of, rules(&ruleset))?.into())
}

/// `summarize_cycle` on a Summary input's JSON text (`{reports, participants?, ruleset?}`);
/// returns the CycleSummary's JSON (the exact bytes of the core's `summarize_cycle_json`).
///
/// # Errors
/// Malformed JSON, a bad `as_of` or bad overrides in the input's `ruleset`, naming where.
#[uniffi::export(default(ruleset = None))]
pub fn summarize_cycle_json(
    input: Text,
    as_of: Text,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<String, QgxError> {
    let as_of = as_of.arg("as_of")?;
    Ok(json::summarize_cycle_json(
        &input.json(),
        &as_of,
        rules(&ruleset),
    )?)
}

/// `check_report` on an AnnualReport's JSON text; returns the ReportCheck's JSON (the exact
/// bytes of the core's `check_report_json`).
///
/// # Errors
/// Malformed JSON or a bad `as_of`, naming where.
#[uniffi::export(default(as_of = None, ruleset = None))]
pub fn check_report_json(
    report: Text,
    as_of: Option<Text>,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<String, QgxError> {
    let as_of = opt_arg(as_of, "as_of")?;
    Ok(json::check_report_json(
        &report.json(),
        as_of.as_deref(),
        rules(&ruleset),
    )?)
}

/// `check_reports` on a JSON array of AnnualReports; returns a JSON array of ReportChecks.
///
/// # Errors
/// Malformed JSON (the path starts with the report's index) or a bad `as_of`.
#[uniffi::export(default(as_of = None, ruleset = None))]
pub fn check_reports_json(
    reports: Text,
    as_of: Option<Text>,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<String, QgxError> {
    let as_of = opt_arg(as_of, "as_of")?;
    Ok(json::check_reports_json(
        &reports.json(),
        as_of.as_deref(),
        rules(&ruleset),
    )?)
}

/// `cycle_status` as JSON text.
///
/// # Errors
/// A bad `as_of`.
#[uniffi::export(default(ruleset = None))]
pub fn cycle_status_json(as_of: Text, ruleset: Option<Arc<Ruleset>>) -> Result<String, QgxError> {
    Ok(json::cycle_status_json(
        &as_of.arg("as_of")?,
        rules(&ruleset),
    )?)
}

/// `report_status` as JSON text.
///
/// # Errors
/// A bad `as_of`, `submitted_at` or `year`.
#[uniffi::export(default(ruleset = None))]
pub fn report_status_json(
    year: u32,
    submitted_at: Option<Text>,
    as_of: Text,
    ruleset: Option<Arc<Ruleset>>,
) -> Result<String, QgxError> {
    let submitted_at = opt_arg(submitted_at, "submitted_at")?;
    Ok(json::report_status_json(
        year,
        submitted_at.as_deref(),
        &as_of.arg("as_of")?,
        rules(&ruleset),
    )?)
}

/// `next_due` as JSON text (`null` once every report is past due).
///
/// # Errors
/// A bad `as_of`.
#[uniffi::export(default(ruleset = None))]
pub fn next_due_json(as_of: Text, ruleset: Option<Arc<Ruleset>>) -> Result<String, QgxError> {
    Ok(json::next_due_json(&as_of.arg("as_of")?, rules(&ruleset))?)
}

/// The JSON Schema called `name` (one of `schemaNames()`: `"annual_report"`, `"application"` …),
/// as JSON text.
///
/// # Errors
/// `UnknownSchema` for another name.
#[uniffi::export]
pub fn schema(name: Text) -> Result<String, QgxError> {
    Ok(json::schema_json(&name.arg("name")?)?)
}

/// The names `schema` accepts (the core's `SCHEMA_NAMES`).
#[uniffi::export]
pub fn schema_names() -> Vec<String> {
    qgx_core::SCHEMA_NAMES
        .iter()
        .map(|n| (*n).to_owned())
        .collect()
}

/// The finding catalog: every code with its severity and message templates (zh, en).
#[uniffi::export]
pub fn catalog() -> Vec<CatalogEntry> {
    qgx_core::catalog()
        .into_iter()
        .map(CatalogEntry::from)
        .collect()
}

/// The finding catalog as JSON text (`[{code, severity, zh, en}, …]`).
#[uniffi::export]
pub fn catalog_json() -> String {
    serde_json::to_string(&qgx_core::catalog()).unwrap_or_default()
}

/// The core's sample report (`samples::complete_report()`): complete, submitted on time.
#[uniffi::export]
pub fn sample_report() -> AnnualReport {
    qgx_core::samples::complete_report().into()
}

/// Panics on purpose, to show that a Rust panic reaches Kotlin as an exception
/// (`InternalException`) and does not crash the process. Only in builds with the
/// `panic-probe` feature (the test build); never in a release for apps.
#[cfg(feature = "panic-probe")]
#[uniffi::export]
#[allow(clippy::panic)] // the one deliberate panic, behind a test-only feature
pub fn panic_probe(message: String) -> Result<String, QgxError> {
    std::panic::panic_any(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> AnnualReport {
        sample_report()
    }

    #[test]
    fn the_typed_report_round_trips_to_the_core() {
        let core = qgx_core::samples::complete_report();
        let back = qgx_core::AnnualReport::try_from(AnnualReport::from(core.clone())).unwrap();
        assert_eq!(back, core);
    }

    #[test]
    fn typed_and_json_checks_agree() {
        let core = qgx_core::samples::complete_report();
        let text = serde_json::to_string(&core).unwrap();
        let via_json: serde_json::Value = serde_json::from_str(
            &check_report_json(text.into(), Some("2025-07-15".into()), None).unwrap(),
        )
        .unwrap();
        let typed = check_report(report(), Some("2025-07-15".into()), None).unwrap();
        assert_eq!(via_json["completeness"], typed.completeness);
        assert_eq!(via_json["score"]["total"], typed.score.total);
        assert_eq!(
            typed,
            ReportCheck::from(qgx_core::check_report(
                &core,
                qgx_core::Date::parse("2025-07-15").ok(),
                &qgx_core::Ruleset::edition_2024()
            ))
        );
    }

    #[test]
    fn bad_dates_name_their_path() {
        let mut r = report();
        r.tasks.education_service.as_mut().unwrap().activities[0].date = "2025-3-1".into();
        let e = check_report(r.clone(), None, None).unwrap_err();
        assert!(matches!(e, QgxError::InvalidInput { .. }), "{e:?}");
        assert_eq!(e.path(), "/tasks/education_service/activities/0/date");
        let e = check_reports(vec![report(), r], None, None).unwrap_err();
        assert_eq!(e.path(), "/1/tasks/education_service/activities/0/date");
        if let QgxError::InvalidInput { issues, .. } = &e {
            assert_eq!(issues[0].path, e.path());
        }
        let e = check_report(report(), Some("soon".into()), None).unwrap_err();
        assert!(matches!(e, QgxError::InvalidArgument { .. }));
        assert_eq!(e.path(), "/as_of");
    }

    #[test]
    fn core_errors_keep_kind_path_and_position() {
        let e = check_report_json("{\n\"summary\": ".into(), None, None).unwrap_err();
        match e {
            QgxError::Syntax { line, column, .. } => {
                assert_eq!(line, Some(2));
                assert!(column.is_some());
            }
            other => panic!("{other:?}"),
        }
        let e = Ruleset::edition_2024()
            .with_overrides(RulesetOverrides {
                cycle_years: Some(0),
                ..Default::default()
            })
            .unwrap_err();
        assert!(matches!(e, QgxError::InvalidRuleset { .. }));
        assert_eq!(e.path(), "/cycle_years");
        assert_eq!(
            e.to_string(),
            "invalid ruleset at /cycle_years: expected a number of years in 1..=100"
        );
    }

    #[test]
    fn typed_overrides_equal_json_overrides() {
        let base = Ruleset::edition_2024();
        let typed = base
            .with_overrides(RulesetOverrides {
                report_grace_days: Some(10),
                cycle_start: Some("2024-09-01".into()),
                ..Default::default()
            })
            .unwrap();
        let json = base
            .with_overrides_json(r#"{"report_grace_days": 10}"#.into())
            .unwrap();
        assert_eq!(typed.hash(), json.hash());
        assert_ne!(typed.hash(), base.hash());
        let typed = base
            .with_overrides(RulesetOverrides {
                duplicate_keep: Some(qgx_core::DuplicateKeep::Earliest),
                case_min_score: Some(72.5),
                case_shortlist_size: Some(3),
                case_shortlist_national_size: Some(10),
                ..Default::default()
            })
            .unwrap();
        let json = base
            .with_overrides_json(
                r#"{"duplicate_keep": "earliest", "case_min_score": 72.5,
                    "case_shortlist_size": 3, "case_shortlist_national_size": 10}"#
                    .into(),
            )
            .unwrap();
        assert_eq!(typed.hash(), json.hash());
    }

    #[test]
    fn typed_and_json_summaries_agree() {
        let core = qgx_core::samples::complete_report();
        let late = qgx_core::AnnualReport {
            cycle_year: 2,
            submitted_at: qgx_core::Timestamp::parse("2026-09-02T09:00:00+08:00").ok(),
            ..core.clone()
        };
        let reports = vec![sample_report(), AnnualReport::from(late.clone())];
        let typed = summarize_cycle(reports, "2026-09-30".into(), None).unwrap();
        let input = qgx_core::SummaryInput {
            reports: vec![core, late],
            ..Default::default()
        };
        let text = serde_json::to_string(&input).unwrap();
        let via_json = summarize_cycle_json(text.into(), "2026-09-30".into(), None).unwrap();
        let core_result = qgx_core::summarize_cycle(
            &input,
            qgx_core::Date::parse("2026-09-30").unwrap(),
            &qgx_core::Ruleset::edition_2024(),
        )
        .unwrap();
        assert_eq!(via_json, serde_json::to_string(&core_result).unwrap());
        assert_eq!(typed, CycleSummary::from(core_result));
        let me = &typed.participants[0];
        assert_eq!((me.due, me.on_time_complete, me.overdue), (2, 1, 0));
        assert_eq!(me.years[1].status, qgx_core::ReportState::SubmittedLate);
        assert_eq!(me.province, None);
    }

    #[test]
    fn summary_errors_name_their_path() {
        let mut bad = sample_report();
        bad.submitted_at = Some("yesterday".into());
        let e = summarize_cycle(vec![sample_report(), bad], "2026-09-30".into(), None).unwrap_err();
        assert!(matches!(e, QgxError::InvalidInput { .. }), "{e:?}");
        assert_eq!(e.path(), "/reports/1/submitted_at");
        let twice = vec![sample_report(), sample_report()];
        let e = summarize_cycle(twice, "2026-09-30".into(), None).unwrap_err();
        assert_eq!(e.path(), "/reports/1/submitted_at");
        let e = summarize_cycle(vec![], "2026-9-30".into(), None).unwrap_err();
        assert!(matches!(e, QgxError::InvalidArgument { .. }));
        let e = summarize_cycle_json(
            r#"{"reports": [], "ruleset": {"case_min_score": "high"}}"#.into(),
            "2026-09-30".into(),
            None,
        )
        .unwrap_err();
        assert!(matches!(e, QgxError::InvalidRuleset { .. }), "{e:?}");
        assert_eq!(e.path(), "/ruleset/case_min_score");
    }

    #[test]
    fn cycle_calls() {
        let s = cycle_status("2025-07-15".into(), None).unwrap();
        assert_eq!(
            s.position,
            CyclePosition::InYear {
                year: 1,
                day: 318,
                days_left: 47
            }
        );
        assert_eq!(s.next_due, next_due("2025-07-15".into(), None).unwrap());
        assert_eq!(next_due("2030-01-01".into(), None).unwrap(), None);
        let r = report_status(1, Some("2025-08-20".into()), "2025-09-01".into(), None).unwrap();
        assert_eq!(r.status, qgx_core::ReportState::SubmittedOnTime);
        assert_eq!(
            report_status(4, None, "2025-09-01".into(), None)
                .unwrap_err()
                .path(),
            "/year"
        );
    }

    #[test]
    fn typed_and_json_application_checks_agree() {
        let core = qgx_core::samples::application("A-1", "P-1", "4111010001");
        let text = serde_json::to_string(&core).unwrap();
        let via_json = check_application_json(text.into(), None, None).unwrap();
        let rs = qgx_core::Ruleset::edition_2024();
        let expected = qgx_core::check_application(&core, None, &rs).unwrap();
        assert_eq!(via_json, serde_json::to_string(&expected).unwrap());
        let plan = core.plan.clone().unwrap();
        let typed_plan = check_plan(plan_of(&plan), None).unwrap();
        assert_eq!(typed_plan, qgx_core::check_plan(&plan, &rs).into());
        assert_eq!(calls().len(), qgx_core::args::CALLS.len());
    }

    fn plan_of(p: &qgx_core::Plan) -> Plan {
        let text = |s: &Option<String>| s.as_deref().map(Text::from);
        Plan {
            objectives: PlanObjectives {
                party_building: text(&p.objectives.party_building),
                education_service: text(&p.objectives.education_service),
                tech_empowerment: text(&p.objectives.tech_empowerment),
                practice_education: text(&p.objectives.practice_education),
            },
            activities: p
                .activities
                .iter()
                .map(|a| PlannedActivity {
                    task: a.task,
                    form: a.form,
                    note: text(&a.note),
                    partner: a.partner.clone().into(),
                    year: a.year,
                })
                .collect(),
            outputs: p
                .outputs
                .iter()
                .map(|o| PlannedOutput {
                    task: o.task,
                    kind: o.kind,
                    year: o.year,
                    note: text(&o.note),
                })
                .collect(),
            milestones: p
                .milestones
                .iter()
                .map(|(k, v)| (Text::from(k.as_str()), text(v)))
                .collect(),
        }
    }
}
