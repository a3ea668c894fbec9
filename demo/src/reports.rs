//! Annual reports (年度开展情况) of team members for cycle years 1 and 2, mostly complete, with
//! problems planted in a few, a few submitted early, late or not at all, some resubmitted (the
//! later report supersedes the first, R-SUMMARY), and a few members whose reports are rich
//! enough to make typical-case candidates.

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
    /// An output of kind `other` without its note (`output_without_note`).
    OtherOutputWithoutNote,
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
            Problem::OtherOutputWithoutNote => "other_output_without_note",
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
    (Problem::OtherOutputWithoutNote, 60),
];

/// When a report was submitted (or what became of a member's report for a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// In the window (3 July – 31 August of the year's end).
    OnTime,
    /// Before the window opened.
    Early,
    /// After the due date.
    Late,
    /// A draft, not submitted.
    Draft,
    /// No report at all for the year.
    Missing,
    /// A first version in early July, superseded by a corrected report sent later (in late
    /// August, or after the due date).
    Resubmission,
    /// A report on time, and beside it a draft of the same year left unsent.
    DraftBeside,
    /// `2025-08-31T16:30:00Z`: already 1 September in Beijing, so late (year 1).
    LateInBeijing,
    /// `2025-07-02T16:30:00Z`: already 3 July in Beijing, so on time (year 1).
    OpenInBeijing,
    /// `2025-08-31T23:59:00+08:00`: the last minute, on time (year 1).
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
            Timing::Missing => "missing",
            Timing::Resubmission => "resubmission",
            Timing::DraftBeside => "draft_beside",
            Timing::LateInBeijing => "late_in_beijing",
            Timing::OpenInBeijing => "open_in_beijing",
            Timing::LastMinute => "last_minute",
        }
    }
}

/// Year 1: timings other than on time, per 10,000 members (each edge case once in any case).
const TIMINGS_YEAR_1: &[(Timing, u32)] = &[
    (Timing::Early, 150),
    (Timing::Late, 150),
    (Timing::Draft, 150),
    (Timing::Missing, 250),
    (Timing::Resubmission, 400),
    (Timing::DraftBeside, 50),
    (Timing::LateInBeijing, 1),
    (Timing::OpenInBeijing, 1),
    (Timing::LastMinute, 1),
];

/// Year 2: more members fall behind.
const TIMINGS_YEAR_2: &[(Timing, u32)] = &[
    (Timing::Early, 150),
    (Timing::Late, 200),
    (Timing::Draft, 200),
    (Timing::Missing, 400),
    (Timing::Resubmission, 300),
    (Timing::DraftBeside, 80),
];

/// The years reported: the demo's `as_of` (2026-09-30) has years 1 and 2 due.
pub(crate) const YEARS: u32 = 2;

/// Members whose reports are rich (more forms, people and outputs), per mille.
const RICH_PER_MILLE: u32 = 100;

/// Activities per task: weights of 1 to 4.
const ACTIVITIES_PER_TASK: &[(usize, u32)] = &[(1, 25), (2, 40), (3, 25), (4, 10)];
/// A rich report's activities per task: 2 to 4.
const RICH_ACTIVITIES_PER_TASK: &[(usize, u32)] = &[(2, 25), (3, 50), (4, 25)];
/// Outputs per task: weights of 0 to 2.
const OUTPUTS_PER_TASK: &[(usize, u32)] = &[(0, 50), (1, 35), (2, 15)];
/// A rich report's outputs per task: 1 or 2.
const RICH_OUTPUTS_PER_TASK: &[(usize, u32)] = &[(1, 35), (2, 65)];
/// An achieved output of kind `other` (with its note), per mille of tasks.
const OTHER_OUTPUT_PER_MILLE: u32 = 25;

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

/// The calendar year in which cycle year `year` ends (year 1: 2025).
fn end_year(year: u32) -> i32 {
    2024 + i32::try_from(year).unwrap_or(1)
}

/// A date in cycle year `year` before the report window: 5 September to 30 June.
fn activity_date(year: u32, rng: &mut Rng) -> NaiveDate {
    calendar::add_days(
        calendar::ymd(end_year(year) - 1, 9, 5),
        i64::from(rng.range(0, 298)),
    )
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

/// How a report is written: the member's year and whether their work is rich.
#[derive(Debug, Clone, Copy)]
struct Style {
    year: u32,
    rich: bool,
}

/// One activity of `task`, following the plan's forms and partners where it has them (a rich
/// report's activity takes the `form` given).
fn activity(
    task: Task,
    draft: &Draft,
    style: Style,
    form: Option<Form>,
    rng: &mut Rng,
) -> Activity {
    let planned: Vec<&qgx_core::PlannedActivity> = draft
        .app
        .plan
        .iter()
        .flat_map(|p| p.activities.iter())
        .filter(|a| {
            a.task == task && task.allows_form(a.form) && task.allows_partner(a.partner.kind)
        })
        .collect();
    let (form, note, partner) = match (form, rng.pick(&planned)) {
        (Some(f), _) => (f, None, plan::partner(task, &draft.place, rng)),
        (None, Some(a)) if rng.chance(750) => (a.form, a.note.clone(), a.partner.clone()),
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
    let day = activity_date(style.year, rng);
    let partner_name = partner.name.clone().unwrap_or_default();
    let participants = if style.rich {
        Participants {
            teachers: rng.range(5, 30),
            students: rng.range(30, 160),
        }
    } else {
        Participants {
            teachers: rng.range(2, 25),
            students: if rng.chance(850) {
                rng.range(5, 150)
            } else {
                0
            },
        }
    };
    Activity {
        date: calendar::date(day),
        form,
        note,
        partner,
        participants,
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

/// The note of an achieved output of kind `other`, by task.
fn other_output_note(task: Task) -> &'static str {
    match task {
        Task::PartyBuilding => "联建单位党建工作案例汇编",
        Task::EducationService => "面向中小学的系列课程资源包",
        Task::TechEmpowerment => "为合作企业编制的技术标准草案",
        Task::PracticeEducation => "实践团队获评省级社会实践优秀团队",
    }
}

fn task_report(task: Task, draft: &Draft, style: Style, rng: &mut Rng) -> TaskReport {
    let table = if style.rich {
        RICH_ACTIVITIES_PER_TASK
    } else {
        ACTIVITIES_PER_TASK
    };
    let n = rng.weighted(table).unwrap_or(1);
    // A rich report varies its forms (R-SCORE breadth).
    let mut forms = plan::named_forms(task);
    rng.shuffle(&mut forms);
    let mut activities: Vec<Activity> = (0..n)
        .map(|i| {
            let form = if style.rich {
                forms.get(i % forms.len().max(1)).copied()
            } else {
                None
            };
            activity(task, draft, style, form, rng)
        })
        .collect();
    activities.sort_by_key(|a| a.date);
    // The named kinds; an achieved `other` output comes with its note.
    let mut kinds: Vec<OutputKind> = task
        .outputs()
        .iter()
        .copied()
        .filter(|k| *k != OutputKind::Other)
        .collect();
    rng.shuffle(&mut kinds);
    let table = if style.rich {
        RICH_OUTPUTS_PER_TASK
    } else {
        OUTPUTS_PER_TASK
    };
    let m = rng.weighted(table).unwrap_or(0);
    let mut outputs: Vec<Output> = kinds
        .into_iter()
        .take(m)
        .map(|k| output(k, draft, rng))
        .collect();
    if rng.chance(OTHER_OUTPUT_PER_MILLE) {
        let mut o = output(OutputKind::Other, draft, rng);
        o.title = Some(format!("{}成果", draft.place.city_short()));
        o.note = Some(other_output_note(task).to_owned());
        outputs.push(o);
    }
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
    let year = u32::try_from(report.cycle_year).unwrap_or(1);
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
        Problem::OtherOutputWithoutNote => {
            if let Some(r) = report.tasks.get_mut(task).as_mut() {
                r.outputs.push(Output {
                    kind: OutputKind::Other,
                    title: Some("其他成果".to_owned()),
                    note: None,
                    evidence: vec!["成果证明.pdf".to_owned()],
                });
            }
        }
        _ => {
            let Some((t, a)) = nth_activity(&mut report.tasks, k) else {
                return;
            };
            match problem {
                Problem::DateOutside => a.date = calendar::date(outside_year(year, rng)),
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
                Problem::MissingTask
                | Problem::BlankSummary
                | Problem::OutputOfOtherTask
                | Problem::OtherOutputWithoutNote => {}
            }
        }
    }
}

/// A date just outside cycle year `year`: in the summer before it or the September after.
fn outside_year(year: u32, rng: &mut Rng) -> NaiveDate {
    let end = end_year(year);
    if rng.chance(500) {
        calendar::add_days(calendar::ymd(end - 1, 8, 31), -i64::from(rng.range(0, 25)))
    } else {
        calendar::add_days(calendar::ymd(end, 9, 1), i64::from(rng.range(0, 20)))
    }
}

/// When a report of `year` with `timing` was sent; for [`Timing::Resubmission`], the first
/// version's time (3–24 July).
fn submitted(year: u32, timing: Timing, rng: &mut Rng) -> Option<Timestamp> {
    let (hour, minute) = (rng.range(8, 22), rng.range(0, 59));
    let end = end_year(year);
    let day = |from: NaiveDate, span: u32, rng: &mut Rng| {
        calendar::add_days(from, i64::from(rng.range(0, span)))
    };
    match timing {
        Timing::OnTime | Timing::DraftBeside => {
            // Most reports come in the last three weeks.
            let d = if rng.chance(700) {
                day(calendar::ymd(end, 8, 11), 20, rng)
            } else {
                day(calendar::ymd(end, 7, 3), 38, rng)
            };
            let zone = if rng.chance(30) { Zone::Utc } else { Zone::Cst };
            calendar::stamp(d, hour, minute, zone)
        }
        Timing::Resubmission => calendar::stamp(
            day(calendar::ymd(end, 7, 3), 21, rng),
            hour,
            minute,
            Zone::Cst,
        ),
        Timing::Early => calendar::stamp(
            day(calendar::ymd(end, 6, 1), 31, rng),
            hour,
            minute,
            Zone::Cst,
        ),
        Timing::Late => calendar::stamp(
            day(calendar::ymd(end, 9, 1), 25, rng),
            hour,
            minute,
            Zone::Cst,
        ),
        Timing::Draft | Timing::Missing => None,
        Timing::LateInBeijing => calendar::literal(&format!("{end}-08-31T16:30:00Z")),
        Timing::OpenInBeijing => calendar::literal(&format!("{end}-07-02T16:30:00Z")),
        Timing::LastMinute => calendar::literal(&format!("{end}-08-31T23:59:00+08:00")),
    }
}

/// A report of `style.year` for `draft` (whose id is set), sent at `submitted_at`, complete
/// unless a problem is planted.
fn report(
    draft: &Draft,
    style: Style,
    problem: Option<Problem>,
    submitted_at: Option<Timestamp>,
    rng: &mut Rng,
) -> AnnualReport {
    let tasks = PerTask::from_fn(|t| Some(task_report(t, draft, style, rng)));
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
        cycle_year: i64::from(style.year),
        submitted_at,
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
    /// Problems, over every report (a superseded first version's too).
    pub problems: Tally,
    /// One per member and year: what became of the report (`missing` has none).
    pub timings: Tally,
    /// Members whose reports are rich.
    pub rich: usize,
}

/// Reports of years 1 and 2 for `members` (team members' drafts, in id order), with what was
/// planted; in application-id order, then by year.
pub(crate) fn generate(seed: u64, members: &[&Draft]) -> (Vec<AnnualReport>, Planted) {
    let mut rng = Rng::new(seed, 0x5245_5054);
    let n = members.len();
    let mut planned = Vec::new();
    for year in 1..=YEARS {
        let timings = if year == 1 {
            TIMINGS_YEAR_1
        } else {
            TIMINGS_YEAR_2
        };
        planned.push((
            year,
            schedule(n, PROBLEMS, &mut rng),
            schedule(n, timings, &mut rng),
        ));
    }
    let rich: Vec<bool> = (0..n).map(|_| rng.chance(RICH_PER_MILLE)).collect();
    let mut planted = Planted {
        rich: rich.iter().filter(|r| **r).count(),
        ..Planted::default()
    };
    let mut reports = Vec::new();
    for (i, d) in members.iter().enumerate() {
        for (year, problems, timings) in &planned {
            let style = Style {
                year: *year,
                rich: rich.get(i).copied().unwrap_or(false),
            };
            let problem = problems.get(i).copied().flatten();
            let timing = timings.get(i).copied().flatten().unwrap_or(Timing::OnTime);
            *planted.timings.entry(timing.name()).or_default() += 1;
            if timing == Timing::Missing {
                continue;
            }
            let mut count = |p: Option<Problem>| {
                if let Some(p) = p {
                    *planted.problems.entry(p.name()).or_default() += 1;
                }
            };
            match timing {
                Timing::Resubmission => {
                    // The first version has a problem more often than not; the resubmission
                    // fixes it, in late August or after the due date.
                    let first_problem = problem.or_else(|| {
                        rng.chance(700)
                            .then(|| rng.pick(PROBLEMS).map(|(p, _)| *p))
                            .flatten()
                    });
                    count(first_problem);
                    let at = submitted(*year, Timing::Resubmission, &mut rng);
                    reports.push(report(d, style, first_problem, at, &mut rng));
                    let again = if rng.chance(250) {
                        Timing::Late
                    } else {
                        Timing::Resubmission
                    };
                    let at = match again {
                        Timing::Late => submitted(*year, Timing::Late, &mut rng),
                        _ => {
                            let end = end_year(*year);
                            let d = calendar::add_days(
                                calendar::ymd(end, 8, 11),
                                i64::from(rng.range(0, 20)),
                            );
                            calendar::stamp(d, rng.range(8, 22), rng.range(0, 59), Zone::Cst)
                        }
                    };
                    reports.push(report(d, style, None, at, &mut rng));
                }
                Timing::DraftBeside => {
                    count(problem);
                    let at = submitted(*year, timing, &mut rng);
                    reports.push(report(d, style, problem, at, &mut rng));
                    reports.push(report(d, style, None, None, &mut rng));
                }
                _ => {
                    count(problem);
                    let at = submitted(*year, timing, &mut rng);
                    reports.push(report(d, style, problem, at, &mut rng));
                }
            }
        }
    }
    (reports, planted)
}
