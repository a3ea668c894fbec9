//! R-ANNUAL, R-TASK-1..4: the yearly report's completeness (§4.13) and its score (§4.14).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::finding::{Finding, Rule};
use crate::law::cycle::{CycleYear, ReportState, cycle_year, state, submission_state};
use crate::law::plan::{activity_form_partner, output_kind_note};
use crate::law::why::{Fix, Gain, report_fixes, report_gains};
use crate::law::score::{ReportScore, TaskTally, report_score};
use crate::model::{Activity, AnnualReport, Output, TaskReport, is_blank};
use crate::ruleset::{Params, Ruleset, RulesetStamp};
use crate::time::Date;
use crate::vocab::{PerTask, Task};

/// Per task: how many reported activities are valid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportTaskSummary {
    pub valid_activities: u32,
}

/// The result of [`check_report`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportCheck {
    pub ruleset: RulesetStamp,
    pub application_id: String,
    pub cycle_year: i64,
    /// No error among the findings.
    pub complete: bool,
    /// Passed checks / all checks (not rounded: 1 only when complete).
    pub completeness: f64,
    /// Paths point into the report passed.
    pub findings: Vec<Finding>,
    pub tasks: PerTask<ReportTaskSummary>,
    pub score: ReportScore,
    /// The fixes that would make the report complete: its errors grouped by activity, task or
    /// member of the report (empty when complete).
    pub fixes: Vec<Fix>,
    /// Per task, the one addition that raises the score most and by how much (`null` when
    /// nothing raises it).
    pub gains: PerTask<Option<Gain>>,
    /// The report's state (§4.12) when it can be told: from `submitted_at`, or for a draft
    /// from `as_of`; `null` for a draft checked without `as_of` or with an invalid cycle year.
    pub status: Option<ReportState>,
}

struct Tally {
    passed: u32,
    total: u32,
}

impl Tally {
    fn check(&mut self, ok: bool) -> bool {
        self.total += 1;
        if ok {
            self.passed += 1;
        }
        ok
    }
}

fn count_chars(s: &str) -> u32 {
    u32::try_from(s.trim().chars().count()).unwrap_or(u32::MAX)
}

/// Checks one annual report against its cycle year (§4.13), tells its status (§4.12) and scores
/// it (§4.14): the report's own checks are R-ANNUAL's (`annual`), each task's are its clause's
/// (`task_findings`).
///
/// `as_of` only serves to tell the report's `status` on that day (§4.12): a draft's, or that of a
/// report submitted after `as_of`, which on that day was still a draft (`not_due`, `open`,
/// `overdue`). The findings (`submitted_early`, `submitted_late` among them) and the score do not
/// depend on it.
///
/// `completeness` counts these checks: the cycle year (1), the summary (1), each task's coverage
/// (4), and for each activity its date (skipped when the cycle year is invalid), form, partner,
/// participants, description and — when `require_evidence` — evidence. Outputs are not counted.
///
/// # Example
/// ```
/// use qgx_core::{check_report, samples, Ruleset};
/// let check = check_report(&samples::complete_report(), None, &Ruleset::edition_2024());
/// assert!(check.complete);
/// assert_eq!(check.completeness, 1.0);
/// ```
pub fn check_report(report: &AnnualReport, as_of: Option<Date>, ruleset: &Ruleset) -> ReportCheck {
    check_report_tallied(report, as_of, ruleset).0
}

/// [`check_report`], with what each task was scored from (R-SUMMARY sums it over the cycle).
pub(crate) fn check_report_tallied(
    report: &AnnualReport,
    as_of: Option<Date>,
    ruleset: &Ruleset,
) -> (ReportCheck, PerTask<TaskTally>) {
    let p = ruleset.params();
    let mut findings = Vec::new();
    let mut t = Tally {
        passed: 0,
        total: 0,
    };
    let (year, status) = annual(report, as_of, p, &mut t, &mut findings);
    let tallies = PerTask::from_fn(|task| {
        task_findings(
            task,
            report.tasks.get(task).as_ref(),
            year.as_ref(),
            p,
            &mut t,
            &mut findings,
        )
    });
    let complete = !findings.iter().any(Finding::is_error);
    let completeness = if t.total == 0 {
        1.0
    } else {
        f64::from(t.passed) / f64::from(t.total)
    };
    let check = ReportCheck {
        ruleset: ruleset.stamp(),
        application_id: report.application_id.clone(),
        cycle_year: report.cycle_year,
        complete,
        completeness,
        tasks: PerTask::from_fn(|task| ReportTaskSummary {
            valid_activities: tallies.get(task).valid_activities,
        }),
        score: report_score(&tallies, &p.score),
        fixes: report_fixes(&findings),
        gains: report_gains(&tallies, &p.score),
        findings,
        status,
    };
    (check, tallies)
}

/// R-ANNUAL — 四(二) 各"双带头人"每年定期在高校思政网提交专项行动开展情况: the yearly report,
/// checked against its cycle year (§4.12, §4.13).
///
/// The report's own checks: `cycle_year` in 1..=cycle_years (`bad_cycle_year`, an error) and a
/// non-blank summary (`summary_missing`, an error), each one completeness check; a report
/// submitted before its window or after its due date gets the warning `submitted_early` or
/// `submitted_late` at `/submitted_at` — from `submitted_at` alone, never from `as_of`, and not a
/// completeness check. Each activity's date, participants, description and evidence are this
/// clause's too ([`check_activity`]). Returns the cycle year (`None` when invalid) and the
/// report's status on `as_of` (§4.12; `None` for a draft without `as_of` or an invalid year).
fn annual(
    report: &AnnualReport,
    as_of: Option<Date>,
    p: &Params,
    t: &mut Tally,
    out: &mut Vec<Finding>,
) -> (Option<CycleYear>, Option<ReportState>) {
    let year = u32::try_from(report.cycle_year)
        .ok()
        .and_then(|k| cycle_year(p, k));
    if !t.check(year.is_some()) {
        out.push(Finding::new(
            Rule::Annual,
            Code::BadCycleYear,
            "/cycle_year",
            &[
                ("year", &report.cycle_year.to_string()),
                ("years", &p.cycle_years.to_string()),
            ],
        ));
    }
    let status = year.and_then(|y| {
        let submitted_on = report.submitted_at.as_ref().map(|s| s.date_cst());
        // The warnings follow the submission alone, never as_of.
        if let Some(d) = submitted_on {
            let y_str = y.year.to_string();
            let d_str = d.to_string();
            match submission_state(&y, d) {
                ReportState::SubmittedEarly => out.push(Finding::new(
                    Rule::Annual,
                    Code::SubmittedEarly,
                    "/submitted_at",
                    &[
                        ("year", &y_str),
                        ("date", &d_str),
                        ("opens", &y.window_opens.to_string()),
                    ],
                )),
                ReportState::SubmittedLate => out.push(Finding::new(
                    Rule::Annual,
                    Code::SubmittedLate,
                    "/submitted_at",
                    &[
                        ("year", &y_str),
                        ("date", &d_str),
                        ("due", &y.due.to_string()),
                    ],
                )),
                ReportState::SubmittedOnTime
                | ReportState::NotDue
                | ReportState::Open
                | ReportState::Overdue => {}
            }
        }
        state(&y, submitted_on, as_of)
    });
    if !t.check(!is_blank(Some(&report.summary))) {
        out.push(Finding::new(
            Rule::Annual,
            Code::SummaryMissing,
            "/summary",
            &[],
        ));
    }
    (year, status)
}

/// R-TASK-1..4 — 二(一)–(四) 开展党建联建、提供教育服务、推动科技赋能、深化实践育人: one task of
/// the yearly report, with the forms, partner kinds and encouraged outputs of §2 (§4.13).
///
/// The task is covered by at least `min_activities_per_task` valid activities (`task_not_covered`
/// at `/tasks/<task>`, an error placed before the task's other findings; one completeness check;
/// a missing task key is the same finding). Each activity's form and partner kind are the task's,
/// and an `other` has its note (`form_not_allowed`, `partner_not_allowed`, `other_without_note`,
/// errors); its other checks are R-ANNUAL's ([`check_activity`]). The outputs are encouraged
/// (鼓励…打造…等): an output whose kind belongs to another task (`output_not_allowed` at
/// `…/outputs/<i>/kind`) or an `other` output without its note (`output_without_note` at
/// `…/outputs/<i>/note`) is a warning; outputs are not completeness checks. Findings cite the
/// task's own clause (`R-TASK-k`). Returns what the task is scored from (§4.14): its valid
/// activities and the outputs without fault.
fn task_findings(
    task: Task,
    tr: Option<&TaskReport>,
    year: Option<&CycleYear>,
    p: &Params,
    t: &mut Tally,
    out: &mut Vec<Finding>,
) -> TaskTally {
    let mut tally = TaskTally::default();
    let Some(tr) = tr else {
        t.check(false);
        out.push(not_covered(task, 0, p.min_activities_per_task));
        return tally;
    };
    let coverage_at = out.len();
    for (i, a) in tr.activities.iter().enumerate() {
        let base = || format!("/tasks/{task}/activities/{i}");
        if check_activity(task, a, &base, year, p, t, out) {
            tally.valid_activities += 1;
            tally.forms |= a.form.bit();
            tally.participants +=
                u64::from(a.participants.teachers) + u64::from(a.participants.students);
            tally.rural += u32::from(a.rural_revitalization);
        }
    }
    for (i, o) in tr.outputs.iter().enumerate() {
        let base = || format!("/tasks/{task}/outputs/{i}");
        if output_kind_note(task.rule(), task, o.kind, output_note(o), &base, out) {
            tally.outputs += 1;
        }
    }
    // The coverage finding goes before the task's activity findings.
    if !t.check(tally.valid_activities >= p.min_activities_per_task) {
        out.insert(
            coverage_at.min(out.len()),
            not_covered(task, tally.valid_activities, p.min_activities_per_task),
        );
    }
    tally
}

/// The note of a reported output.
fn output_note(o: &Output) -> Option<&str> {
    o.note.as_deref()
}

fn not_covered(task: Task, count: u32, min: u32) -> Finding {
    Finding::new(
        task.rule(),
        Code::TaskNotCovered,
        format!("/tasks/{task}"),
        &[
            ("task", task.label_zh()),
            ("task_en", task.as_str()),
            ("count", &count.to_string()),
            ("min", &min.to_string()),
        ],
    )
}

/// One reported activity's checks, each a completeness check; returns whether it is valid. Its
/// date is in the report's cycle year (`date_outside_period`; skipped when the cycle year is
/// invalid), it has participants (`no_participants`), a description of at least
/// `min_description_chars` (`description_too_short`) and — when `require_evidence` — evidence
/// (`no_evidence`): these cite R-ANNUAL. Its form and partner kind are its task's, citing the
/// task's clause (the checks are shared with the plan's, [`activity_form_partner`]).
fn check_activity(
    task: Task,
    a: &Activity,
    base: &dyn Fn() -> String,
    year: Option<&CycleYear>,
    p: &Params,
    t: &mut Tally,
    out: &mut Vec<Finding>,
) -> bool {
    let mut valid = true;
    if let Some(y) = year {
        if !t.check(a.date >= y.start && a.date <= y.end) {
            valid = false;
            out.push(Finding::new(
                Rule::Annual,
                Code::DateOutsidePeriod,
                format!("{}/date", base()),
                &[
                    ("date", &a.date.to_string()),
                    ("year", &y.year.to_string()),
                    ("start", &y.start.to_string()),
                    ("end", &y.end.to_string()),
                ],
            ));
        }
    }
    let (form_ok, partner_ok) = activity_form_partner(
        task.rule(),
        task,
        a.form,
        a.note.as_deref(),
        a.partner.kind,
        a.partner.note.as_deref(),
        base,
        out,
    );
    valid &= t.check(form_ok);
    valid &= t.check(partner_ok);
    if !t.check(a.participants.teachers > 0 || a.participants.students > 0) {
        valid = false;
        out.push(Finding::new(
            Rule::Annual,
            Code::NoParticipants,
            format!("{}/participants", base()),
            &[],
        ));
    }
    let chars = count_chars(&a.description);
    if !t.check(chars >= p.min_description_chars) {
        valid = false;
        out.push(Finding::new(
            Rule::Annual,
            Code::DescriptionTooShort,
            format!("{}/description", base()),
            &[
                ("count", &chars.to_string()),
                ("min", &p.min_description_chars.to_string()),
            ],
        ));
    }
    if p.require_evidence && !t.check(a.evidence.iter().any(|e| !is_blank(Some(e)))) {
        valid = false;
        out.push(Finding::new(
            Rule::Annual,
            Code::NoEvidence,
            format!("{}/evidence", base()),
            &[],
        ));
    }
    valid
}

/// Checks many reports (one [`check_report`] each, in order).
pub fn check_reports(
    reports: &[AnnualReport],
    as_of: Option<Date>,
    ruleset: &Ruleset,
) -> Vec<ReportCheck> {
    reports
        .iter()
        .map(|r| check_report(r, as_of, ruleset))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use crate::samples::complete_report;
    use crate::time::Timestamp;
    use crate::vocab::{Form, OutputKind, PartnerKind};

    fn rs() -> Ruleset {
        Ruleset::edition_2024()
    }

    fn codes(c: &ReportCheck) -> Vec<(&str, &str, &str)> {
        c.findings
            .iter()
            .map(|f| (f.rule.id(), f.code.as_str(), f.path.as_str()))
            .collect()
    }

    #[test]
    fn a_complete_report() {
        let c = check_report(&complete_report(), None, &rs());
        assert!(c.complete, "{:?}", c.findings);
        assert_eq!(c.completeness, 1.0);
        assert_eq!(c.status, Some(ReportState::SubmittedOnTime));
        assert_eq!(c.tasks.education_service.valid_activities, 1);
        assert!(c.score.total > 0.0);
    }

    #[test]
    fn each_activity_error_cites_its_rule_and_path() {
        let mut r = complete_report();
        let a = &mut r.tasks.party_building.as_mut().unwrap().activities[0];
        a.date = Date::parse("2024-08-31").unwrap();
        a.form = Form::Lecture;
        a.partner.kind = PartnerKind::Other;
        a.participants.teachers = 0;
        a.participants.students = 0;
        a.description = " 太短 ".into();
        a.evidence = vec!["  ".into()];
        let c = check_report(&r, None, &rs());
        assert_eq!(
            codes(&c),
            vec![
                ("R-TASK-1", "task_not_covered", "/tasks/party_building"),
                (
                    "R-ANNUAL",
                    "date_outside_period",
                    "/tasks/party_building/activities/0/date"
                ),
                (
                    "R-TASK-1",
                    "form_not_allowed",
                    "/tasks/party_building/activities/0/form"
                ),
                (
                    "R-TASK-1",
                    "other_without_note",
                    "/tasks/party_building/activities/0/partner/note"
                ),
                (
                    "R-ANNUAL",
                    "no_participants",
                    "/tasks/party_building/activities/0/participants"
                ),
                (
                    "R-ANNUAL",
                    "description_too_short",
                    "/tasks/party_building/activities/0/description"
                ),
                (
                    "R-ANNUAL",
                    "no_evidence",
                    "/tasks/party_building/activities/0/evidence"
                ),
            ]
        );
        assert!(!c.complete);
        assert_eq!(c.tasks.party_building.valid_activities, 0);
        // All checks: year, summary, 4 coverage, 4 activities × 6; outputs are not counted.
        let total = 2 + 4 + 4 * 6;
        // Failed: coverage of task 1 and six checks of its activity.
        assert_eq!(c.completeness, f64::from(total - 7) / f64::from(total));
        // Only valid activities count; the task's output still does (5 × 1/2).
        let pb = c.score.tasks.party_building;
        assert_eq!(
            (pb.coverage, pb.breadth, pb.reach, pb.outputs, pb.total),
            (0.0, 0.0, 0.0, 2.5, 2.5)
        );
    }

    #[test]
    fn missing_task_summary_and_bad_year() {
        let mut r = complete_report();
        r.tasks.tech_empowerment = None;
        r.summary = "\n".into();
        r.cycle_year = 4;
        r.submitted_at = None;
        let c = check_report(&r, None, &rs());
        assert_eq!(
            codes(&c),
            vec![
                ("R-ANNUAL", "bad_cycle_year", "/cycle_year"),
                ("R-ANNUAL", "summary_missing", "/summary"),
                ("R-TASK-3", "task_not_covered", "/tasks/tech_empowerment"),
            ]
        );
        // The date checks are skipped: no date finding, and activities stay valid.
        assert_eq!(c.tasks.party_building.valid_activities, 1);
        assert_eq!(c.status, None);
    }

    fn output(kind: OutputKind) -> Output {
        Output {
            kind,
            title: Some("成果".into()),
            note: None,
            evidence: vec![],
        }
    }

    #[test]
    fn output_problems_are_warnings_of_the_tasks_clause() {
        let mut r = complete_report();
        let pe = r.tasks.practice_education.as_mut().unwrap();
        pe.outputs[0].kind = OutputKind::IurPlatform;
        pe.outputs.push(output(OutputKind::ConsultingReport));
        r.tasks
            .education_service
            .as_mut()
            .unwrap()
            .outputs
            .push(output(OutputKind::Other));
        let c = check_report(&r, None, &rs());
        assert_eq!(
            c.findings
                .iter()
                .map(|f| (f.rule.id(), f.code.as_str(), f.severity, f.path.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (
                    "R-TASK-2",
                    "output_without_note",
                    Severity::Warning,
                    "/tasks/education_service/outputs/0/note"
                ),
                (
                    "R-TASK-4",
                    "output_not_allowed",
                    Severity::Warning,
                    "/tasks/practice_education/outputs/0/kind"
                ),
            ]
        );
        // Outputs are encouraged: never incomplete, and not counted in completeness.
        assert!(c.complete);
        assert_eq!(c.completeness, 1.0);
        // Only the outputs without fault are scored: task 2's `other` (no note) does not count,
        // task 4 keeps its consulting report (5 × 1/2).
        assert_eq!(c.score.tasks.education_service.outputs, 0.0);
        assert_eq!(c.score.tasks.practice_education.outputs, 2.5);
    }

    #[test]
    fn a_noted_other_output_counts() {
        let mut r = complete_report();
        let es = r.tasks.education_service.as_mut().unwrap();
        es.outputs.push(Output {
            note: Some("乡村教师研修营".into()),
            ..output(OutputKind::Other)
        });
        es.outputs.push(Output {
            note: Some("  ".into()),
            ..output(OutputKind::Other)
        });
        let c = check_report(&r, None, &rs());
        assert_eq!(
            codes(&c),
            vec![(
                "R-TASK-2",
                "output_without_note",
                "/tasks/education_service/outputs/1/note"
            )]
        );
        assert_eq!(c.score.tasks.education_service.outputs, 2.5);
    }

    #[test]
    fn outputs_never_change_completeness() {
        let mut r = complete_report();
        // An incomplete report: task 1's activity lacks evidence, task 3 is missing.
        r.tasks.party_building.as_mut().unwrap().activities[0]
            .evidence
            .clear();
        r.tasks.tech_empowerment = None;
        let mut bare = r.clone();
        for t in Task::ALL {
            if let Some(tr) = bare.tasks.get_mut(*t).as_mut() {
                tr.outputs.clear();
            }
        }
        for t in [Task::PartyBuilding, Task::PracticeEducation] {
            let tr = r.tasks.get_mut(t).as_mut().unwrap();
            tr.outputs.push(output(OutputKind::Other));
            tr.outputs.push(output(OutputKind::AchievementTransfer));
        }
        let (c, b) = (
            check_report(&r, None, &rs()),
            check_report(&bare, None, &rs()),
        );
        assert_eq!((c.complete, c.completeness), (b.complete, b.completeness));
        assert!(!c.complete);
        assert_eq!(c.findings.len(), b.findings.len() + 4);
    }

    #[test]
    fn late_and_early_submissions_warn_without_blocking() {
        let mut r = complete_report();
        r.submitted_at = Some(Timestamp::parse("2025-09-01T00:30:00+08:00").unwrap());
        let c = check_report(&r, None, &rs());
        assert!(c.complete);
        assert_eq!(
            codes(&c),
            vec![("R-ANNUAL", "submitted_late", "/submitted_at")]
        );
        assert_eq!(c.findings[0].severity, crate::Severity::Warning);
        r.submitted_at = Some(Timestamp::parse("2025-07-02").unwrap());
        let c = check_report(&r, None, &rs());
        assert_eq!(
            codes(&c),
            vec![("R-ANNUAL", "submitted_early", "/submitted_at")]
        );
        assert_eq!(c.status, Some(ReportState::SubmittedEarly));
    }

    #[test]
    fn a_draft_gets_its_state_from_as_of() {
        let mut r = complete_report();
        r.submitted_at = None;
        let c = check_report(&r, Some(Date::parse("2025-09-02").unwrap()), &rs());
        assert_eq!(c.status, Some(ReportState::Overdue));
        assert!(c.findings.is_empty());
    }

    #[test]
    fn a_report_sent_after_as_of_has_a_draft_status_and_the_same_findings() {
        let mut r = complete_report();
        // Sent late, on 3 September 2025.
        r.submitted_at = Some(Timestamp::parse("2025-09-03T09:00:00+08:00").unwrap());
        let without = check_report(&r, None, &rs());
        assert_eq!(without.status, Some(ReportState::SubmittedLate));
        for (as_of, status) in [
            ("2025-07-01", ReportState::NotDue),
            ("2025-08-31", ReportState::Open),
            ("2025-09-02", ReportState::Overdue),
            ("2025-09-03", ReportState::SubmittedLate),
            ("2026-01-01", ReportState::SubmittedLate),
        ] {
            let c = check_report(&r, Some(Date::parse(as_of).unwrap()), &rs());
            assert_eq!(c.status, Some(status), "{as_of}");
            // The findings never depend on as_of: the late warning stays.
            assert_eq!(c.findings, without.findings, "{as_of}");
            assert_eq!(
                codes(&c),
                vec![("R-ANNUAL", "submitted_late", "/submitted_at")]
            );
            assert_eq!(c.completeness, without.completeness);
            assert_eq!(c.score, without.score);
        }
        // Sent early, looked at before it was sent: not due, and still the early warning.
        r.submitted_at = Some(Timestamp::parse("2025-06-30T09:00:00+08:00").unwrap());
        let c = check_report(&r, Some(Date::parse("2025-06-01").unwrap()), &rs());
        assert_eq!(c.status, Some(ReportState::NotDue));
        assert_eq!(
            codes(&c),
            vec![("R-ANNUAL", "submitted_early", "/submitted_at")]
        );
    }

    #[test]
    fn evidence_and_description_parameters() {
        let mut r = complete_report();
        let a = &mut r.tasks.education_service.as_mut().unwrap().activities[0];
        a.evidence.clear();
        a.description = "一二三四五六七八九十".into();
        let strict = check_report(&r, None, &rs());
        assert_eq!(strict.findings.len(), 3, "{:?}", codes(&strict));
        let lax = rs()
            .with_overrides_json(r#"{"require_evidence": false, "min_description_chars": 10}"#)
            .unwrap();
        let c = check_report(&r, None, &lax);
        assert!(c.complete, "{:?}", codes(&c));
        // Without evidence checks there are 5 checks an activity.
        assert_eq!(c.completeness, 1.0);
    }

    #[test]
    fn description_counts_unicode_scalars_after_trimming() {
        assert_eq!(count_chars("  一二三  "), 3);
        assert_eq!(count_chars("abc"), 3);
        assert_eq!(count_chars("👩‍🏫"), 3);
    }
}
