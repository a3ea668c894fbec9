//! R-SUMMARY: the cycle summary (§4.15) — each participant's three years of reports summed up,
//! per province and nationally, with the typical-case shortlists. Built on [`check_report`] and
//! [`report_status`]'s rules (no second copy of them).
//!
//! [`check_report`]: crate::check_report
//! [`report_status`]: crate::report_status

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::finding::{Finding, Rule};
use crate::law::cycle::{CycleYear, ReportState, cycle_year, state};
use crate::law::report::check_report_tallied;
use crate::law::score::{TaskTally, round2};
use crate::model::{AnnualReport, SummaryInput};
use crate::ruleset::{Params, Ruleset, RulesetStamp};
use crate::time::Date;
use crate::vocab::{PerTask, Province};
use crate::wire::error::{Error, ErrorKind, Issue};

/// One cycle year of a participant, from the report that counts for it (§4.15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearSummary {
    pub year: u32,
    /// §4.12, from the counted report's `submitted_at` and `as_of`.
    pub status: ReportState,
    /// From the counted report; `null` without one (as are `completeness` and `score`).
    pub complete: Option<bool>,
    pub completeness: Option<f64>,
    /// The report score's total, as shown (2 decimals).
    pub score: Option<f64>,
}

/// One task's totals over a participant's counted submitted reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskTotals {
    pub valid_activities: u32,
    /// Teachers and students over the valid activities (no cap).
    pub reach: u64,
    /// Outputs of the task's kinds, or `other` with a note.
    pub outputs: u32,
    /// Valid activities for rural revitalisation.
    pub rural_activities: u32,
}

/// One participant's cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantSummary {
    pub application_id: String,
    /// `null` when the participant is not among the input's `participants`.
    pub province: Option<Province>,
    pub person_id: Option<String>,
    /// One per cycle year.
    pub years: Vec<YearSummary>,
    /// Years whose due date is before `as_of`.
    pub due: u32,
    /// Due years whose counted report is submitted, complete and not late.
    pub on_time_complete: u32,
    /// Due years with no submitted report.
    pub overdue: u32,
    /// The mean over due years of the year's score (0 without a submitted report), 2 decimals;
    /// `null` when no year is due.
    pub cycle_score: Option<f64>,
    pub totals: PerTask<TaskTotals>,
    pub case_candidate: bool,
    /// `report_superseded` and `bad_cycle_year`, sorted by code, then Chinese message.
    pub findings: Vec<Finding>,
}

/// A national shortlist entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseEntry {
    pub application_id: String,
    pub province: Option<Province>,
    pub cycle_score: f64,
}

/// A province's shortlist entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceCaseEntry {
    pub application_id: String,
    pub cycle_score: f64,
}

/// One province's roll-up (`province` null: participants not among the input's `participants`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceCycleSummary {
    pub province: Option<Province>,
    pub name: Option<String>,
    pub participants: u32,
    pub reports_due: u32,
    pub on_time_complete: u32,
    pub overdue: u32,
    /// The mean `cycle_score` of the participants with a year due, 2 decimals.
    pub mean_cycle_score: Option<f64>,
    pub case_shortlist: Vec<ProvinceCaseEntry>,
}

/// The result of [`summarize_cycle`], sorted by `application_id` and province code (`null`
/// last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleSummary {
    pub ruleset: RulesetStamp,
    pub as_of: Date,
    /// The national shortlist: every case candidate by (`cycle_score` descending,
    /// `application_id` ascending), the first `case_shortlist_national_size`.
    pub case_shortlist: Vec<CaseEntry>,
    pub participants: Vec<ParticipantSummary>,
    pub provinces: Vec<ProvinceCycleSummary>,
}

fn issue(path: String, message: String) -> Issue {
    Issue {
        path,
        message,
        line: None,
        column: None,
    }
}

/// A report with its index in the input and its cycle year (0: no valid cycle year).
#[derive(Clone, Copy)]
struct Entry<'a> {
    index: usize,
    year: u32,
    report: &'a AnnualReport,
}

/// The reports sorted by (application, year, index), and the participants' indices by
/// application id.
type Sorted<'a> = (Vec<Entry<'a>>, Vec<(&'a str, usize)>);

/// Rejects what the shapes cannot (§4.15): one application twice in `participants`; two reports
/// for one application and year with the same `submitted_at` instant, or two drafts. Returns the
/// reports sorted by (application, year, index) — each application's and each year's reports
/// then stand together — and the participants' indices sorted by application id.
fn validate<'a>(input: &'a SummaryInput, p: &Params) -> Result<Sorted<'a>, Error> {
    let mut issues = Vec::new();
    for (j, first) in
        crate::law::select::repeats(input.participants.iter().map(|p| p.application_id.as_str()))
    {
        let id = input
            .participants
            .get(j)
            .map(|p| p.application_id.as_str())
            .unwrap_or_default();
        issues.push(issue(
            format!("/participants/{j}/application_id"),
            format!("application `{id}` listed twice (first at /participants/{first})"),
        ));
    }
    let mut listed: Vec<(&str, usize)> = input
        .participants
        .iter()
        .enumerate()
        .map(|(j, part)| (part.application_id.as_str(), j))
        .collect();
    crate::sort::sort_by(&mut listed, |a, b| a.cmp(b));
    let mut entries: Vec<Entry<'_>> = input
        .reports
        .iter()
        .enumerate()
        .map(|(index, report)| Entry {
            index,
            year: u32::try_from(report.cycle_year)
                .ok()
                .filter(|k| cycle_year(p, *k).is_some())
                .unwrap_or(0),
            report,
        })
        .collect();
    crate::sort::sort_by(&mut entries, |a, b| {
        (a.report.application_id.as_str(), a.year, a.index).cmp(&(
            b.report.application_id.as_str(),
            b.year,
            b.index,
        ))
    });
    for group in entries
        .chunk_by(|a, b| a.year == b.year && a.report.application_id == b.report.application_id)
    {
        if group.first().is_some_and(|e| e.year == 0) {
            continue;
        }
        for (k, e) in group.iter().enumerate() {
            let same = group.iter().take(k).find(|o| {
                match (&o.report.submitted_at, &e.report.submitted_at) {
                    (Some(a), Some(b)) => a.instant() == b.instant(),
                    (None, None) => true,
                    _ => false,
                }
            });
            if let Some(o) = same {
                let (path, what) = match &e.report.submitted_at {
                    Some(_) => (
                        format!("/reports/{}/submitted_at", e.index),
                        "submitted at the same instant as",
                    ),
                    None => (format!("/reports/{}", e.index), "a second draft beside"),
                };
                issues.push(issue(
                    path,
                    format!(
                        "year {} of `{}`: {what} /reports/{}",
                        e.year, e.report.application_id, o.index
                    ),
                ));
            }
        }
    }
    if !issues.is_empty() {
        crate::sort::sort_by(&mut issues, |a, b| a.path.cmp(&b.path));
        return Err(Error::from_issues(ErrorKind::InvalidInput, issues));
    }
    Ok((entries, listed))
}

/// The report that counts for a year as of `as_of` (§4.15): the latest submitted on or before
/// `as_of`; with none, the latest sent after `as_of` (a draft on that day), else the draft.
/// Returns its place in `entries` and whether it was submitted on `as_of`.
fn counted(entries: &[Entry<'_>], as_of: Date) -> Option<(usize, bool)> {
    let latest = |after: bool| {
        entries
            .iter()
            .enumerate()
            .filter_map(|(k, e)| e.report.submitted_at.as_ref().map(|t| (k, t)))
            .filter(|(_, t)| (t.date_cst() > as_of) == after)
            .max_by(|(_, a), (_, b)| a.instant().cmp(&b.instant()))
            .map(|(k, _)| k)
    };
    if let Some(k) = latest(false) {
        return Some((k, true));
    }
    latest(true)
        .or_else(|| entries.iter().position(|e| e.report.submitted_at.is_none()))
        .map(|k| (k, false))
}

/// R-SUMMARY — 三(四) 行动周期内…进行总结，形成一批…典型工作案例: sums up each participant's
/// cycle and forms the typical-case shortlists (§4.15), an analysis aid like R-SCORE: it
/// shortlists, people choose.
///
/// Per participant and cycle year, the counted report's status, completeness and score; then
/// the years due before `as_of`, those on time and complete, those overdue, the cycle score
/// (a due year without a submitted report counts 0), per-task totals over the counted
/// submitted reports, and whether the participant is a case candidate (`due` ≥ 1, every due
/// year on time and complete, `cycle_score` ≥ `case_min_score`). Per province and nationally,
/// the candidates by (`cycle_score` descending, `application_id` ascending), the first
/// `case_shortlist_size` / `case_shortlist_national_size`. `input.ruleset`, when present, is
/// merged over `ruleset` first.
///
/// # Errors
/// [`ErrorKind::InvalidInput`] for one application twice in `participants`, or two reports for
/// one application and year with the same `submitted_at` instant, or two drafts;
/// [`ErrorKind::InvalidRuleset`] (at `/ruleset/…`) for bad overrides.
///
/// # Example
/// ```
/// use qgx_core::{summarize_cycle, samples, Date, Ruleset, SummaryInput};
/// let input = SummaryInput { reports: vec![samples::complete_report()], ..Default::default() };
/// let s = summarize_cycle(&input, Date::parse("2025-09-30").unwrap(), &Ruleset::edition_2024()).unwrap();
/// assert_eq!((s.participants[0].due, s.participants[0].on_time_complete), (1, 1));
/// ```
pub fn summarize_cycle(
    input: &SummaryInput,
    as_of: Date,
    ruleset: &Ruleset,
) -> Result<CycleSummary, Error> {
    let merged;
    let ruleset = match &input.ruleset {
        Some(over) => {
            merged = ruleset
                .with_overrides(over)
                .map_err(|e| e.under("/ruleset"))?;
            &merged
        }
        None => ruleset,
    };
    let p = ruleset.params();
    let (entries, listed) = validate(input, p)?;
    let years: Vec<CycleYear> = (1..=p.cycle_years)
        .filter_map(|k| cycle_year(p, k))
        .collect();
    // A merge of the two lists, both sorted by application id: every id of a report or a
    // participant once, in order, with its reports and its participant entry.
    let mut participants = Vec::with_capacity(listed.len());
    let (mut rest, mut parts) = (entries.as_slice(), listed.as_slice());
    loop {
        let id = match (rest.first(), parts.first()) {
            (Some(e), Some((p, _))) => e.report.application_id.as_str().min(*p),
            (Some(e), None) => e.report.application_id.as_str(),
            (None, Some((p, _))) => *p,
            (None, None) => break,
        };
        let n = rest.partition_point(|e| e.report.application_id == id);
        let (own, others) = rest.split_at(n);
        rest = others;
        let part = match parts.split_first() {
            Some(((p, j), others)) if *p == id => {
                parts = others;
                input.participants.get(*j)
            }
            _ => None,
        };
        participants.push(participant(
            id,
            part.map(|x| x.province),
            part.and_then(|x| x.person_id.clone()),
            own,
            &years,
            as_of,
            ruleset,
        ));
    }
    Ok(CycleSummary {
        ruleset: ruleset.stamp(),
        as_of,
        case_shortlist: shortlist(participants.iter(), p.case_shortlist_national_size)
            .map(|x| CaseEntry {
                application_id: x.application_id.clone(),
                province: x.province,
                cycle_score: x.cycle_score.unwrap_or(0.0),
            })
            .collect(),
        provinces: provinces(&participants, p),
        participants,
    })
}

/// One participant's years, counts, totals and findings (§4.15).
fn participant(
    id: &str,
    province: Option<Province>,
    person_id: Option<String>,
    reports: &[Entry<'_>],
    years: &[CycleYear],
    as_of: Date,
    ruleset: &Ruleset,
) -> ParticipantSummary {
    let p = ruleset.params();
    let mut findings = Vec::new();
    let mut out = Vec::with_capacity(years.len());
    let mut totals = PerTask::<TaskTotals>::default();
    let (mut due, mut on_time_complete, mut overdue) = (0u32, 0u32, 0u32);
    let mut score_sum = 0.0;
    for y in years {
        let start = reports.partition_point(|e| e.year < y.year);
        let end = reports.partition_point(|e| e.year <= y.year);
        let entries = reports.get(start..end).unwrap_or_default();
        let counted = counted(entries, as_of);
        for (k, e) in entries.iter().enumerate() {
            if counted.is_some_and(|(c, _)| c != k) {
                findings.push(superseded(y.year, e.report));
            }
        }
        let is_due = y.due < as_of;
        let checked = counted.and_then(|(k, submitted)| {
            entries.get(k).map(|e| {
                let (check, tallies) = check_report_tallied(e.report, None, ruleset);
                (e.report, check, tallies, submitted)
            })
        });
        let submitted_on = checked
            .as_ref()
            .filter(|c| c.3)
            .and_then(|c| c.0.submitted_at.as_ref())
            .map(crate::time::Timestamp::date_cst);
        let status = state(y, submitted_on, Some(as_of)).unwrap_or(ReportState::NotDue);
        if let Some((_, check, tallies, true)) = &checked {
            add_totals(&mut totals, tallies);
            if is_due {
                score_sum += check.score.total;
                if check.complete
                    && matches!(
                        status,
                        ReportState::SubmittedOnTime | ReportState::SubmittedEarly
                    )
                {
                    on_time_complete += 1;
                }
            }
        } else if is_due {
            overdue += 1;
        }
        due += u32::from(is_due);
        out.push(YearSummary {
            year: y.year,
            status,
            complete: checked.as_ref().map(|c| c.1.complete),
            completeness: checked.as_ref().map(|c| c.1.completeness),
            score: checked.as_ref().map(|c| c.1.score.total),
        });
    }
    for r in reports.iter().filter(|e| e.year == 0).map(|e| e.report) {
        findings.push(Finding::new(
            Rule::Annual,
            Code::BadCycleYear,
            "",
            &[
                ("year", &r.cycle_year.to_string()),
                ("years", &p.cycle_years.to_string()),
            ],
        ));
    }
    crate::sort::sort_by(&mut findings, |a, b| {
        a.code
            .as_str()
            .cmp(b.code.as_str())
            .then_with(|| a.message.zh.cmp(&b.message.zh))
    });
    let cycle_score = (due > 0).then(|| round2(score_sum / f64::from(due)));
    ParticipantSummary {
        application_id: id.to_owned(),
        province,
        person_id,
        years: out,
        due,
        on_time_complete,
        overdue,
        cycle_score,
        totals,
        case_candidate: due >= 1
            && on_time_complete == due
            && cycle_score.is_some_and(|s| s >= p.case_min_score),
        findings,
    }
}

fn add_totals(totals: &mut PerTask<TaskTotals>, tallies: &PerTask<TaskTally>) {
    for (task, t) in tallies.iter() {
        let sum = totals.get_mut(task);
        sum.valid_activities = sum.valid_activities.saturating_add(t.valid_activities);
        sum.reach = sum.reach.saturating_add(t.participants);
        sum.outputs = sum.outputs.saturating_add(t.outputs);
        sum.rural_activities = sum.rural_activities.saturating_add(t.rural);
    }
}

/// `report_superseded`: another report for the year counts instead of this one.
fn superseded(year: u32, report: &AnnualReport) -> Finding {
    let (report_zh, report_en) = match &report.submitted_at {
        Some(t) => (
            format!("于 {t} 提交的报告"),
            format!("the report submitted at {t}"),
        ),
        None => ("草稿".to_owned(), "the draft".to_owned()),
    };
    Finding::new(
        Rule::Summary,
        Code::ReportSuperseded,
        "",
        &[
            ("year", &year.to_string()),
            ("report", &report_zh),
            ("report_en", &report_en),
        ],
    )
}

/// The case candidates by (`cycle_score` descending, `application_id` ascending), the first `n`.
fn shortlist<'a>(
    participants: impl Iterator<Item = &'a ParticipantSummary>,
    n: u32,
) -> impl Iterator<Item = &'a ParticipantSummary> {
    let mut candidates: Vec<&ParticipantSummary> =
        participants.filter(|x| x.case_candidate).collect();
    crate::sort::sort_by(&mut candidates, |a, b| {
        let score = |x: &ParticipantSummary| x.cycle_score.unwrap_or(0.0);
        score(b)
            .total_cmp(&score(a))
            .then_with(|| a.application_id.cmp(&b.application_id))
    });
    candidates
        .into_iter()
        .take(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The per-province roll-up, by code with `null` last (listed only when used).
fn provinces(participants: &[ParticipantSummary], p: &Params) -> Vec<ProvinceCycleSummary> {
    // `Some` sorts after `None`: key provinces so that `null` comes last.
    let mut groups: BTreeMap<(bool, Option<Province>), Vec<&ParticipantSummary>> = BTreeMap::new();
    for x in participants {
        groups
            .entry((x.province.is_none(), x.province))
            .or_default()
            .push(x);
    }
    groups
        .into_iter()
        .map(|((_, province), members)| {
            let count = |f: &dyn Fn(&ParticipantSummary) -> u32| {
                members.iter().map(|x| f(x)).fold(0u32, u32::saturating_add)
            };
            let scores: Vec<f64> = members.iter().filter_map(|x| x.cycle_score).collect();
            let mean = (!scores.is_empty())
                .then(|| round2(scores.iter().sum::<f64>() / scores.len() as f64));
            ProvinceCycleSummary {
                province,
                name: province.map(|p| p.name_zh().to_owned()),
                participants: u32::try_from(members.len()).unwrap_or(u32::MAX),
                reports_due: count(&|x| x.due),
                on_time_complete: count(&|x| x.on_time_complete),
                overdue: count(&|x| x.overdue),
                mean_cycle_score: mean,
                case_shortlist: shortlist(members.iter().copied(), p.case_shortlist_size)
                    .map(|x| ProvinceCaseEntry {
                        application_id: x.application_id.clone(),
                        cycle_score: x.cycle_score.unwrap_or(0.0),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Participant;
    use crate::samples::complete_report;
    use crate::time::Timestamp;
    use crate::vocab::Task;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A complete report of `id` for `year` (its activities dated in that year), sent `at`.
    fn report(id: &str, year: i64, at: Option<&str>) -> AnnualReport {
        let mut r = complete_report();
        r.application_id = id.into();
        r.cycle_year = year;
        r.submitted_at = at.map(|t| Timestamp::parse(t).unwrap());
        let date = d(&format!("{}-03-12", 2024 + year));
        for t in Task::ALL {
            if let Some(tr) = r.tasks.get_mut(*t).as_mut() {
                for a in &mut tr.activities {
                    a.date = date;
                }
            }
        }
        r
    }

    fn part(id: &str, province: &str) -> Participant {
        Participant {
            application_id: id.into(),
            province: Province::from_code(province).unwrap(),
            person_id: Some(format!("P-{id}")),
        }
    }

    fn run(input: &SummaryInput, as_of: &str) -> CycleSummary {
        summarize_cycle(input, d(as_of), &Ruleset::edition_2024()).unwrap()
    }

    fn run_with(input: &SummaryInput, as_of: &str, over: &str) -> CycleSummary {
        let rs = Ruleset::edition_2024().with_overrides_json(over).unwrap();
        summarize_cycle(input, d(as_of), &rs).unwrap()
    }

    #[test]
    fn years_due_on_time_and_overdue() {
        let mut late = report("A-1", 2, Some("2026-09-05T09:00:00+08:00"));
        late.summary = "第二年总结。".into();
        let input = SummaryInput {
            reports: vec![
                report("A-1", 1, Some("2025-08-20T10:00:00+08:00")),
                late,
                report("A-2", 1, Some("2025-08-01T10:00:00+08:00")),
            ],
            participants: vec![part("A-1", "11"), part("A-2", "11")],
            ruleset: None,
        };
        let s = run(&input, "2026-09-30");
        let a1 = &s.participants[0];
        assert_eq!((a1.due, a1.on_time_complete, a1.overdue), (2, 1, 0));
        let states: Vec<ReportState> = a1.years.iter().map(|y| y.status).collect();
        assert_eq!(
            states,
            vec![
                ReportState::SubmittedOnTime,
                ReportState::SubmittedLate,
                ReportState::NotDue
            ]
        );
        assert_eq!(a1.years[2].score, None);
        // Both years' scores count: 54.17 each.
        assert_eq!(a1.cycle_score, Some(54.17));
        assert!(!a1.case_candidate);
        // A-2 has no year-2 report: overdue, and its year 2 counts 0.
        let a2 = &s.participants[1];
        assert_eq!((a2.due, a2.on_time_complete, a2.overdue), (2, 1, 1));
        assert_eq!(a2.cycle_score, Some(27.09));
        assert_eq!(a2.years[1].status, ReportState::Overdue);
        let bj = &s.provinces[0];
        assert_eq!(
            (
                bj.participants,
                bj.reports_due,
                bj.on_time_complete,
                bj.overdue
            ),
            (2, 4, 2, 1)
        );
        assert_eq!(bj.mean_cycle_score, Some(40.63));
        assert_eq!(a1.totals.party_building.valid_activities, 2);
        assert_eq!(a1.totals.party_building.outputs, 2);
    }

    #[test]
    fn the_latest_report_counts_and_the_others_are_superseded() {
        let mut early = report("A-1", 1, Some("2025-08-01T10:00:00+08:00"));
        early.summary = String::new();
        let draft = report("A-1", 1, None);
        let later = report("A-1", 1, Some("2025-08-20T10:00:00+08:00"));
        let input = SummaryInput {
            reports: vec![later, early, draft],
            ..Default::default()
        };
        let s = run(&input, "2025-09-30");
        let a = &s.participants[0];
        assert_eq!(a.years[0].complete, Some(true));
        let f: Vec<(&str, &str, &str)> = a
            .findings
            .iter()
            .map(|f| (f.rule.id(), f.code.as_str(), f.path.as_str()))
            .collect();
        assert_eq!(
            f,
            vec![
                ("R-SUMMARY", "report_superseded", ""),
                ("R-SUMMARY", "report_superseded", "")
            ]
        );
        assert!(
            a.findings
                .iter()
                .any(|f| f.message.en.contains("2025-08-01T10:00:00+08:00"))
        );
        assert!(a.findings.iter().any(|f| f.message.zh.contains("草稿")));
        // As of 10 August the later report had not been sent: the earlier one counts.
        let s = run(&input, "2025-08-10");
        assert_eq!(s.participants[0].years[0].complete, Some(false));
        // Without any submitted report the draft counts, as a draft.
        let only_draft = SummaryInput {
            reports: vec![report("A-1", 1, None)],
            ..Default::default()
        };
        let s = run(&only_draft, "2025-09-30");
        let a = &s.participants[0];
        assert_eq!(a.years[0].status, ReportState::Overdue);
        assert_eq!(a.years[0].complete, Some(true));
        assert_eq!((a.due, a.overdue, a.cycle_score), (1, 1, Some(0.0)));
        assert_eq!(a.totals.party_building.valid_activities, 0);
    }

    #[test]
    fn a_report_sent_after_as_of_is_a_draft_that_day() {
        let input = SummaryInput {
            reports: vec![report("A-1", 1, Some("2025-09-20T10:00:00+08:00"))],
            ..Default::default()
        };
        let a = &run(&input, "2025-09-10").participants[0];
        assert_eq!(a.years[0].status, ReportState::Overdue);
        assert_eq!(a.years[0].score, Some(54.17));
        assert_eq!((a.due, a.overdue, a.cycle_score), (1, 1, Some(0.0)));
    }

    #[test]
    fn candidates_and_shortlists() {
        let input = SummaryInput {
            reports: vec![
                report("A-1", 1, Some("2025-08-20T10:00:00+08:00")),
                report("A-2", 1, Some("2025-08-20T10:00:00+08:00")),
                report("A-3", 1, Some("2025-08-20T10:00:00+08:00")),
                report("B-1", 1, Some("2025-08-20T10:00:00+08:00")),
                report("X-9", 9, None),
            ],
            participants: vec![part("A-1", "11"), part("A-2", "11"), part("A-3", "12")],
            ruleset: None,
        };
        let s = run_with(
            &input,
            "2025-09-30",
            r#"{"case_min_score": 50, "case_shortlist_size": 1, "case_shortlist_national_size": 3}"#,
        );
        let ids: Vec<&str> = s
            .case_shortlist
            .iter()
            .map(|c| c.application_id.as_str())
            .collect();
        assert_eq!(ids, vec!["A-1", "A-2", "A-3"]);
        let provinces: Vec<Option<&str>> = s
            .provinces
            .iter()
            .map(|p| p.province.map(Province::code))
            .collect();
        assert_eq!(provinces, vec![Some("11"), Some("12"), None]);
        assert_eq!(s.provinces[0].case_shortlist.len(), 1);
        assert_eq!(s.provinces[2].name, None);
        // X-9's only report is of no cycle year: bad_cycle_year, and nothing counts.
        let x = s
            .participants
            .iter()
            .find(|p| p.application_id == "X-9")
            .unwrap();
        assert_eq!(
            (x.findings[0].rule, x.findings[0].code, x.due),
            (Rule::Annual, Code::BadCycleYear, 1)
        );
        // The default threshold, 80, is above these scores: no one is a candidate.
        assert!(run(&input, "2025-09-30").case_shortlist.is_empty());
    }

    #[test]
    fn malformed_summaries_are_rejected_whole() {
        let input = SummaryInput {
            reports: vec![
                report("A-1", 1, None),
                report("A-1", 1, None),
                report("A-2", 1, Some("2025-08-20T10:00:00+08:00")),
                report("A-2", 1, Some("2025-08-20T02:00:00Z")),
            ],
            participants: vec![part("A-1", "11"), part("A-1", "12")],
            ruleset: None,
        };
        let e = summarize_cycle(&input, d("2025-09-30"), &Ruleset::edition_2024()).unwrap_err();
        assert!(e.is_invalid_input());
        let paths: Vec<&str> = e.issues().iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "/participants/1/application_id",
                "/reports/1",
                "/reports/3/submitted_at"
            ]
        );
    }
}
