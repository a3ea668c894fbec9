//! Year-1 annual reports (年度开展情况) of team members, mostly complete, with problems planted
//! in a few and a few submitted early, late or not at all.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use qgx_core::{
    Activity, AnnualReport, Form, Output, OutputKind, Participants, PerTask, Task, TaskReport,
    Timestamp,
};

use crate::applications::Draft;
use crate::calendar::{self, Zone};
use crate::plan;
use crate::rng::Rng;
use crate::text;

/// A problem planted in a report (RULES.md §4.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// An activity dated outside cycle year 1 (`date_outside_period`).
    DateOutside,
    /// An activity with a form of another task (`form_not_allowed`).
    FormOfOtherTask,
    /// An activity with a partner kind of another task (`partner_not_allowed`).
    PartnerOfOtherTask,
    /// An activity with nobody taking part (`no_participants`).
    ZeroParticipants,
    /// A description under 20 characters (`description_too_short`).
    ShortDescription,
    /// An activity without evidence (`no_evidence`).
    NoEvidence,
    /// A task left out (`task_not_covered`).
    MissingTask,
    /// A blank summary (`summary_missing`).
    BlankSummary,
    /// An activity of form `other` without its note (`other_without_note`).
    OtherWithoutNote,
    /// An output of another task (`output_not_allowed`).
    OutputOfOtherTask,
}

impl Problem {
    /// A stable name for summaries.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Problem::DateOutside => "date_outside_period",
            Problem::FormOfOtherTask => "form_of_other_task",
            Problem::PartnerOfOtherTask => "partner_of_other_task",
            Problem::ZeroParticipants => "zero_participants",
            Problem::ShortDescription => "short_description",
            Problem::NoEvidence => "no_evidence",
            Problem::MissingTask => "missing_task",
            Problem::BlankSummary => "blank_summary",
            Problem::OtherWithoutNote => "other_without_note",
            Problem::OutputOfOtherTask => "output_of_other_task",
        }
    }
}

/// Problems per 10,000 reports.
const PROBLEMS: &[(Problem, u32)] = &[
    (Problem::DateOutside, 250),
    (Problem::FormOfOtherTask, 150),
    (Problem::PartnerOfOtherTask, 150),
    (Problem::ZeroParticipants, 150),
    (Problem::ShortDescription, 200),
    (Problem::NoEvidence, 300),
    (Problem::MissingTask, 150),
    (Problem::BlankSummary, 100),
    (Problem::OtherWithoutNote, 80),
    (Problem::OutputOfOtherTask, 80),
];

/// When a report was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// In the window (3 July – 31 August 2025).
    OnTime,
    /// Before the window opened.
    Early,
    /// After the due date.
    Late,
    /// A draft, not submitted.
    Draft,
    /// `2025-08-31T16:30:00Z`: already 1 September in Beijing, so late.
    LateInBeijing,
    /// `2025-07-02T16:30:00Z`: already 3 July in Beijing, so on time.
    OpenInBeijing,
    /// `2025-08-31T23:59:00+08:00`: the last minute, on time.
    LastMinute,
}

impl Timing {
    /// A stable name for summaries.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Timing::OnTime => "on_time",
            Timing::Early => "early",
            Timing::Late => "late",
            Timing::Draft => "draft",
            Timing::LateInBeijing => "late_in_beijing",
            Timing::OpenInBeijing => "open_in_beijing",
            Timing::LastMinute => "last_minute",
        }
    }
}

/// Timings other than on time, per 10,000 reports (each edge case once in any case).
const TIMINGS: &[(Timing, u32)] = &[
    (Timing::Early, 150),
    (Timing::Late, 150),
    (Timing::Draft, 150),
    (Timing::LateInBeijing, 1),
    (Timing::OpenInBeijing, 1),
    (Timing::LastMinute, 1),
];

/// Activities per task: weights of 1 to 4.
const ACTIVITIES_PER_TASK: &[(usize, u32)] = &[(1, 25), (2, 40), (3, 25), (4, 10)];
/// Outputs per task: weights of 0 to 2.
const OUTPUTS_PER_TASK: &[(usize, u32)] = &[(0, 50), (1, 35), (2, 15)];

/// What the reports planted, by name.
pub(crate) type Tally = BTreeMap<&'static str, usize>;

/// Exact counts from a per-10,000 table (at least one each), at shuffled positions.
fn schedule<T: Copy>(n: usize, table: &[(T, u32)], rng: &mut Rng) -> Vec<Option<T>> {
    let mut out: Vec<Option<T>> = Vec::with_capacity(n);
    for (v, per_10k) in table {
        let k = ((n * usize::try_from(*per_10k).unwrap_or(0) + 5_000) / 10_000).max(1);
        out.extend(std::iter::repeat_n(Some(*v), k));
    }
    out.truncate(n);
    out.resize(n, None);
    rng.shuffle(&mut out);
    out
}

/// A date in cycle year 1 before the report window: 5 September 2024 to 30 June 2025.
fn activity_date(rng: &mut Rng) -> NaiveDate {
    calendar::add_days(calendar::ymd(2024, 9, 5), i64::from(rng.range(0, 298)))
}

fn evidence(domain: &str, day: NaiveDate, rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    if rng.chance(800) {
        out.push(format!(
            "https://news.{domain}/{}/c{}a{}/page.htm",
            day.format("%Y/%m%d"),
            rng.range(1000, 9999),
            rng.range(100_000, 999_999)
        ));
    }
    let files = rng.range(if out.is_empty() { 1 } else { 0 }, 2);
    for _ in 0..files {
        let f = rng.pick_str(text::EVIDENCE_FILES);
        if !out.iter().any(|e| e == f) {
            out.push(f.to_owned());
        }
    }
    out
}

/// One activity of `task`, following the plan's forms and partners where it has them.
fn activity(task: Task, draft: &Draft, rng: &mut Rng) -> Activity {
    let planned: Vec<&qgx_core::PlannedActivity> = draft
        .app
        .plan
        .iter()
        .flat_map(|p| p.activities.iter())
        .filter(|a| {
            a.task == task && task.allows_form(a.form) && task.allows_partner(a.partner.kind)
        })
        .collect();
    let (form, note, partner) = match rng.pick(&planned) {
        Some(a) if rng.chance(750) => (a.form, a.note.clone(), a.partner.clone()),
        _ => (
            rng.pick(&plan::named_forms(task))
                .copied()
                .unwrap_or(Form::Other),
            None,
            plan::partner(task, &draft.place, rng),
        ),
    };
    let note = match (form, note) {
        (Form::Other, None) => Some(text::other_form_note(task).to_owned()),
        (_, note) => note,
    };
    let day = activity_date(rng);
    let partner_name = partner.name.clone().unwrap_or_default();
    Activity {
        date: calendar::date(day),
        form,
        note,
        partner,
        participants: Participants {
            teachers: rng.range(2, 25),
            students: if rng.chance(850) {
                rng.range(5, 150)
            } else {
                0
            },
        },
        rural_revitalization: task == Task::PracticeEducation && rng.chance(350),
        description: text::description(form, &partner_name, &draft.place, rng),
        evidence: evidence(&draft.home.domain(), day, rng),
    }
}

fn output(kind: OutputKind, draft: &Draft, rng: &mut Rng) -> Output {
    Output {
        kind,
        title: Some(text::output_title(kind, &draft.place, rng)),
        note: None,
        evidence: if rng.chance(600) {
            vec![
                rng.pick_str(&["成果证明.pdf", "采纳证明.pdf", "报道链接.docx"])
                    .to_owned(),
            ]
        } else {
            Vec::new()
        },
    }
}

fn task_report(task: Task, draft: &Draft, rng: &mut Rng) -> TaskReport {
    let n = rng.weighted(ACTIVITIES_PER_TASK).unwrap_or(1);
    let mut activities: Vec<Activity> = (0..n).map(|_| activity(task, draft, rng)).collect();
    activities.sort_by_key(|a| a.date);
    // Only the named kinds: an achieved `other` output would need its note.
    let mut kinds: Vec<OutputKind> = task
        .outputs()
        .iter()
        .copied()
        .filter(|k| *k != OutputKind::Other)
        .collect();
    rng.shuffle(&mut kinds);
    let m = rng.weighted(OUTPUTS_PER_TASK).unwrap_or(0);
    let outputs = kinds
        .into_iter()
        .take(m)
        .map(|k| output(k, draft, rng))
        .collect();
    TaskReport {
        activities,
        outputs,
    }
}

/// The activity `k`-th in the report (over all tasks), to plant a problem in.
fn nth_activity(
    tasks: &mut PerTask<Option<TaskReport>>,
    k: usize,
) -> Option<(Task, &mut Activity)> {
    let mut k = k;
    let mut target = None;
    for t in Task::ALL {
        let n = tasks.get(*t).as_ref().map_or(0, |r| r.activities.len());
        if k < n {
            target = Some(*t);
            break;
        }
        k -= n;
    }
    let t = target?;
    tasks
        .get_mut(t)
        .as_mut()?
        .activities
        .get_mut(k)
        .map(|a| (t, a))
}

fn plant(report: &mut AnnualReport, problem: Problem, rng: &mut Rng) {
    let total: usize = report
        .tasks
        .iter()
        .filter_map(|(_, r)| r.as_ref())
        .map(|r| r.activities.len())
        .sum();
    let k = rng.below(total);
    let task = rng.pick(Task::ALL).copied().unwrap_or(Task::PartyBuilding);
    match problem {
        Problem::MissingTask => *report.tasks.get_mut(task) = None,
        Problem::BlankSummary => {
            report.summary = rng.pick_str(&["", "  ", "\n"]).to_owned();
        }
        Problem::OutputOfOtherTask => {
            let wrong = Task::ALL
                .iter()
                .find(|t| **t != task)
                .and_then(|t| t.outputs().first())
                .copied()
                .unwrap_or(OutputKind::ResearchReport);
            if let Some(r) = report.tasks.get_mut(task).as_mut() {
                match r.outputs.first_mut() {
                    Some(o) => o.kind = wrong,
                    None => r.outputs.push(Output {
                        kind: wrong,
                        title: Some("其他成果".to_owned()),
                        note: None,
                        evidence: Vec::new(),
                    }),
                }
            }
        }
        _ => {
            let Some((t, a)) = nth_activity(&mut report.tasks, k) else {
                return;
            };
            match problem {
                Problem::DateOutside => a.date = calendar::date(outside_year_1(rng)),
                Problem::FormOfOtherTask => {
                    a.form = plan::foreign_form(t, rng);
                    a.note = None;
                }
                Problem::PartnerOfOtherTask => {
                    a.partner.kind = plan::foreign_partner(t, rng);
                    a.partner.note = None;
                }
                Problem::ZeroParticipants => a.participants = Participants::default(),
                Problem::ShortDescription => {
                    a.description = rng.pick_str(text::SHORT_DESCRIPTIONS).to_owned();
                }
                Problem::NoEvidence => a.evidence.clear(),
                Problem::OtherWithoutNote => {
                    a.form = Form::Other;
                    a.note = None;
                }
                Problem::MissingTask | Problem::BlankSummary | Problem::OutputOfOtherTask => {}
            }
        }
    }
}

/// A date just outside cycle year 1: in the summer before it or the September after.
fn outside_year_1(rng: &mut Rng) -> NaiveDate {
    if rng.chance(500) {
        calendar::add_days(calendar::ymd(2024, 8, 31), -i64::from(rng.range(0, 25)))
    } else {
        calendar::add_days(calendar::ymd(2025, 9, 1), i64::from(rng.range(0, 20)))
    }
}

fn submitted(timing: Timing, rng: &mut Rng) -> Option<Timestamp> {
    let (hour, minute) = (rng.range(8, 22), rng.range(0, 59));
    let day = |from: NaiveDate, span: u32, rng: &mut Rng| {
        calendar::add_days(from, i64::from(rng.range(0, span)))
    };
    match timing {
        Timing::OnTime => {
            // Most reports come in the last three weeks.
            let d = if rng.chance(700) {
                day(calendar::ymd(2025, 8, 11), 20, rng)
            } else {
                day(calendar::ymd(2025, 7, 3), 38, rng)
            };
            let zone = if rng.chance(30) { Zone::Utc } else { Zone::Cst };
            calendar::stamp(d, hour, minute, zone)
        }
        Timing::Early => calendar::stamp(
            day(calendar::ymd(2025, 6, 1), 31, rng),
            hour,
            minute,
            Zone::Cst,
        ),
        Timing::Late => calendar::stamp(
            day(calendar::ymd(2025, 9, 1), 25, rng),
            hour,
            minute,
            Zone::Cst,
        ),
        Timing::Draft => None,
        Timing::LateInBeijing => calendar::literal("2025-08-31T16:30:00Z"),
        Timing::OpenInBeijing => calendar::literal("2025-07-02T16:30:00Z"),
        Timing::LastMinute => calendar::literal("2025-08-31T23:59:00+08:00"),
    }
}

/// A year-1 report for `draft` (whose id is set), complete and on time unless told otherwise.
fn report(draft: &Draft, problem: Option<Problem>, timing: Timing, rng: &mut Rng) -> AnnualReport {
    let tasks = PerTask::from_fn(|t| Some(task_report(t, draft, rng)));
    let activities: usize = tasks
        .iter()
        .filter_map(|(_, r)| r.as_ref())
        .map(|r| r.activities.len())
        .sum();
    let people: u32 = tasks
        .iter()
        .filter_map(|(_, r)| r.as_ref())
        .flat_map(|r| r.activities.iter())
        .map(|a| a.participants.teachers + a.participants.students)
        .sum();
    let branch = draft.app.branch.name.as_deref().unwrap_or("本支部");
    let mut r = AnnualReport {
        application_id: draft.app.id.clone(),
        cycle_year: 1,
        submitted_at: submitted(timing, rng),
        summary: text::summary(branch, activities, people, rng),
        tasks,
    };
    if let Some(p) = problem {
        plant(&mut r, p, rng);
    }
    r
}

/// What the reports planted: problems and timings, by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Planted {
    pub problems: Tally,
    pub timings: Tally,
}

/// Year-1 reports for `members` (team members' drafts, in id order), with what was planted.
pub(crate) fn generate(seed: u64, members: &[&Draft]) -> (Vec<AnnualReport>, Planted) {
    let mut rng = Rng::new(seed, 0x5245_5054);
    let n = members.len();
    let problems = schedule(n, PROBLEMS, &mut rng);
    let timings = schedule(n, TIMINGS, &mut rng);
    let mut planted = Planted::default();
    let reports = members
        .iter()
        .zip(problems.into_iter().zip(timings))
        .map(|(d, (problem, timing))| {
            let timing = timing.unwrap_or(Timing::OnTime);
            if let Some(p) = problem {
                *planted.problems.entry(p.name()).or_default() += 1;
            }
            *planted.timings.entry(timing.name()).or_default() += 1;
            report(d, problem, timing, &mut rng)
        })
        .collect();
    (reports, planted)
}
