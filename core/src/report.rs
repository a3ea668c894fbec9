//! R-ANNUAL, R-TASK-1..4: the yearly report's completeness (§4.13) and its score (§4.14).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::cycle::{ReportState, cycle_year, state, submission_state};
use crate::finding::{Finding, Rule};
use crate::model::{Activity, AnnualReport, is_blank};
use crate::plan::activity_form_partner;
use crate::ruleset::{Ruleset, RulesetStamp};
use crate::score::{ReportScore, TaskTally, report_score};
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

/// Checks one annual report against its cycle year and scores it.
///
/// `as_of` only serves to tell the report's `status` on that day (§4.12): a draft's, or that of a
/// report submitted after `as_of`, which on that day was still a draft (`not_due`, `open`,
/// `overdue`). The findings (`submitted_early`, `submitted_late` among them) and the score do not
/// depend on it.
///
/// # Example
/// ```
/// use qgx_core::{check_report, samples, Ruleset};
/// let check = check_report(&samples::complete_report(), None, &Ruleset::edition_2024());
/// assert!(check.complete);
/// assert_eq!(check.completeness, 1.0);
/// ```
pub fn check_report(report: &AnnualReport, as_of: Option<Date>, ruleset: &Ruleset) -> ReportCheck {
    let p = ruleset.params();
    let mut findings = Vec::new();
    let mut t = Tally {
        passed: 0,
        total: 0,
    };
    let years = p.cycle_years.to_string();

    let year = u32::try_from(report.cycle_year)
        .ok()
        .and_then(|k| cycle_year(p, k));
    if !t.check(year.is_some()) {
        findings.push(Finding::new(
            Rule::Annual,
            Code::BadCycleYear,
            "/cycle_year",
            &[("year", &report.cycle_year.to_string()), ("years", &years)],
        ));
    }
    let status = year.and_then(|y| {
        let submitted_on = report.submitted_at.as_ref().map(|s| s.date_cst());
        // The warnings follow the submission alone, never as_of.
        if let Some(d) = submitted_on {
            let y_str = y.year.to_string();
            let d_str = d.to_string();
            match submission_state(&y, d) {
                ReportState::SubmittedEarly => findings.push(Finding::new(
                    Rule::Annual,
                    Code::SubmittedEarly,
                    "/submitted_at",
                    &[
                        ("year", &y_str),
                        ("date", &d_str),
                        ("opens", &y.window_opens.to_string()),
                    ],
                )),
                ReportState::SubmittedLate => findings.push(Finding::new(
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
        findings.push(Finding::new(
            Rule::Annual,
            Code::SummaryMissing,
            "/summary",
            &[],
        ));
    }

    let mut tallies = PerTask::<TaskTally>::default();
    for task in Task::ALL {
        let task = *task;
        let tally = tallies.get_mut(task);
        let Some(tr) = report.tasks.get(task) else {
            t.check(false);
            findings.push(not_covered(task, 0, p.min_activities_per_task));
            continue;
        };
        let coverage_at = findings.len();
        for (i, a) in tr.activities.iter().enumerate() {
            let base = || format!("/tasks/{task}/activities/{i}");
            if check_activity(
                task,
                a,
                &base,
                year.map(|y| (y.start, y.end, y.year)),
                ruleset,
                &mut t,
                &mut findings,
            ) {
                tally.valid_activities += 1;
                tally.forms |= a.form.bit();
                tally.participants +=
                    u64::from(a.participants.teachers) + u64::from(a.participants.students);
            }
        }
        for (i, o) in tr.outputs.iter().enumerate() {
            if t.check(task.allows_output(o.kind)) {
                tally.outputs_of_task += 1;
            } else {
                findings.push(Finding::new(
                    task.rule(),
                    Code::OutputNotAllowed,
                    format!("/tasks/{task}/outputs/{i}/kind"),
                    &[
                        ("output", o.kind.label_zh()),
                        ("output_en", o.kind.as_str()),
                        ("task", task.label_zh()),
                        ("task_en", task.as_str()),
                    ],
                ));
            }
        }
        // The coverage finding goes before the task's activity findings.
        if !t.check(tally.valid_activities >= p.min_activities_per_task) {
            findings.insert(
                coverage_at.min(findings.len()),
                not_covered(task, tally.valid_activities, p.min_activities_per_task),
            );
        }
    }

    let complete = !findings.iter().any(Finding::is_error);
    let completeness = if t.total == 0 {
        1.0
    } else {
        f64::from(t.passed) / f64::from(t.total)
    };
    ReportCheck {
        ruleset: ruleset.stamp(),
        application_id: report.application_id.clone(),
        cycle_year: report.cycle_year,
        complete,
        completeness,
        tasks: PerTask::from_fn(|task| ReportTaskSummary {
            valid_activities: tallies.get(task).valid_activities,
        }),
        score: report_score(&tallies, &p.score),
        findings,
        status,
    }
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

/// Runs an activity's checks (date, form, partner, participants, description, evidence);
/// returns whether it is valid.
fn check_activity(
    task: Task,
    a: &Activity,
    base: &dyn Fn() -> String,
    period: Option<(Date, Date, u32)>,
    ruleset: &Ruleset,
    t: &mut Tally,
    out: &mut Vec<Finding>,
) -> bool {
    let p = ruleset.params();
    let mut valid = true;
    // The date check is skipped when the cycle year is invalid.
    if let Some((start, end, k)) = period {
        if !t.check(a.date >= start && a.date <= end) {
            valid = false;
            out.push(Finding::new(
                Rule::Annual,
                Code::DateOutsidePeriod,
                format!("{}/date", base()),
                &[
                    ("date", &a.date.to_string()),
                    ("year", &k.to_string()),
                    ("start", &start.to_string()),
                    ("end", &end.to_string()),
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
        // All checks: year, summary, 4 coverage, 4 activities × 6, outputs of the sample.
        let outputs: usize = Task::ALL
            .iter()
            .map(|t| r.tasks.get(*t).as_ref().unwrap().outputs.len())
            .sum();
        let total = 2 + 4 + 4 * 6 + outputs as u32;
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

    #[test]
    fn output_of_another_task() {
        let mut r = complete_report();
        r.tasks.practice_education.as_mut().unwrap().outputs[0].kind = OutputKind::IurPlatform;
        let c = check_report(&r, None, &rs());
        assert_eq!(
            codes(&c),
            vec![(
                "R-TASK-4",
                "output_not_allowed",
                "/tasks/practice_education/outputs/0/kind"
            )]
        );
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
