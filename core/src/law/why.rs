//! What would change an answer (an analysis aid, like R-SCORE): for a report, the fixes that
//! would make it complete and, per task, the one addition that raises its score most; for an
//! application in a selection, what decided it and the least change that would recommend it
//! (computed in [`select`](crate::law::select), which holds the ranking). Every statement is
//! checked by property tests that apply it and run the engine again.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Code, Message, render};
use crate::finding::{Finding, Rule};
use crate::law::score::TaskTally;
use crate::ruleset::ScoreParams;
use crate::vocab::{Form, PerTask, Task};

/// Explanation templates `(zh, en)`: one table, beside the catalog's, with `{name}` placeholders.
pub(crate) mod text {
    pub const FIX: (&str, &str) = ("须修正：{codes}", "To fix: {codes_en}");
    pub const FIRST_ACTIVITY: (&str, &str) = (
        "补充一项有效的「{form}」活动（1名参与师生），得分可提高 {gain} 分。",
        "One valid `{form_en}` activity (one participant) would raise the score by {gain}.",
    );
    pub const NEW_FORM: (&str, &str) = (
        "再开展一项「{form}」形式的有效活动（1名参与师生），得分可提高 {gain} 分。",
        "One more valid activity of a new form, `{form_en}` (one participant), would raise the score by {gain}.",
    );
    pub const MORE_PARTICIPANTS: (&str, &str) = (
        "有效活动参与师生增至 {participants} 人（计分上限），得分可提高 {gain} 分。",
        "Participants in valid activities up to {participants} (the cap) would raise the score by {gain}.",
    );
    pub const ONE_MORE_OUTPUT: (&str, &str) = (
        "再形成一项「{output}」成果，得分可提高 {gain} 分。",
        "One more output of the task, `{output_en}`, would raise the score by {gain}.",
    );
    pub const BLOCKED: (&str, &str) = (
        "不是候选人，须先解决：{codes}（首项决定结果）。",
        "Not a candidate; to fix, in the order the rules apply: {codes_en} (the first decided the outcome).",
    );
    pub const EXEMPT: (&str, &str) = (
        "不占名额，直接推荐，无需比较择优分。",
        "Outside every quota: recommended without ranking.",
    );
    pub const MARGIN: (&str, &str) = (
        "已推荐；择优分比首位未入选者 {against}（{against_merit}）高 {margin} 分。",
        "Recommended; its merit is {margin} above the first one out, {against} ({against_merit}).",
    );
    pub const MARGIN_EQUAL: (&str, &str) = (
        "已推荐；择优分与首位未入选者 {against} 相同（{against_merit}），按申报编号排在其前。",
        "Recommended; its merit equals that of the first one out, {against} ({against_merit}): the id order put it first.",
    );
    pub const MARGIN_PRIORITY: (&str, &str) = (
        "已推荐；享有优先推荐，排在无优先推荐的首位未入选者 {against}（{against_merit}）之前。",
        "Recommended; its priority ranks it before the first one out, {against} ({against_merit}), who has none.",
    );
    pub const RECOMMENDED_ALONE: (&str, &str) = (
        "已推荐；线外没有其他候选人。",
        "Recommended; no candidate was left out below it.",
    );
    pub const NEEDS_MERIT: (&str, &str) = (
        "未入推荐名单：择优分须{exceed}{merit}（末位入选者 {against} 为 {against_merit}）方可推荐。",
        "Not recommended: a merit {exceed_en}{merit} would recommend it (the last one in, {against}, has {against_merit}).",
    );
    pub const NEEDS_PRIORITY: (&str, &str) = (
        "未入推荐名单：末位入选者 {against} 享有优先推荐，无优先推荐的候选人不论择优分多高都排在其后。",
        "Not recommended: the last one in, {against}, has priority, which ranks before any merit without it.",
    );
    pub const OUT_OF_REACH: (&str, &str) = (
        "未入推荐名单：须择优分{exceed}{merit}，超出 100 分，按现有名额无法推荐。",
        "Not recommended: it would need a merit {exceed_en}{merit}, beyond 100; no merit recommends it within this quota.",
    );
    pub const NO_PLACES: (&str, &str) = (
        "未入推荐名单：本省全国团队推荐名额为 0。",
        "Not recommended: the province has no national places (quota 0).",
    );
    pub const HELD_BY_UNIVERSITY: (&str, &str) = (
        "本校推荐名额（{quota}名）已由 {ahead} 占用，未报送全国团队推荐；本校名额增至 {needed} 名方可报送。",
        "The university's quota ({quota}) went to {ahead_en}: not forwarded; a quota of {needed} would forward it.",
    );
    pub const LATE_LIST: (&str, &str) = (
        "本省推荐名单逾期且按规则不予推荐（late_list_policy: exclude），本省无人推荐。",
        "The province's list was late and is excluded (late_list_policy: exclude): no one there is recommended.",
    );
    pub const OFFICE_REJECTED: (&str, &str) = (
        "已推荐，但专项行动办备案审核未通过；名额不再递补。",
        "Recommended, but the office rejected it; its place is not handed on.",
    );
}

pub(crate) fn message((zh, en): (&str, &str), args: &[(&str, &str)]) -> Message {
    Message {
        zh: render(zh, args),
        en: render(en, args),
    }
}

/// The errors of one place in a report, grouped: an activity, a task, or the report itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// The activity (`/tasks/<task>/activities/<i>`), the task (`/tasks/<task>`) or the member of
    /// the report (`/summary`, `/cycle_year`) the errors are about.
    pub path: String,
    /// The error codes there, in the order the findings list them.
    pub codes: Vec<Code>,
    pub message: Message,
}

/// The single addition to a task that raises the report's score most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GainKind {
    /// A first valid activity (one participant), of `form`.
    FirstActivity,
    /// One more valid activity (one participant) of a form not yet used, `form`.
    NewForm,
    /// Participants in the valid activities up to the reach cap, `participants`.
    MoreParticipants,
    /// One more output of the task's kinds.
    OneMoreOutput,
}

/// What one addition would add to the report's total score (2 decimals, exactly the rise of the
/// total as shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gain {
    pub kind: GainKind,
    pub gain: f64,
    /// The form of the activity to add (`first_activity`, `new_form`).
    pub form: Option<Form>,
    /// The participants to reach (`more_participants`).
    pub participants: Option<u64>,
    pub message: Message,
}

/// The prefix a report finding's path is grouped under: its activity, else its task, else the
/// path itself.
fn group_of(path: &str) -> &str {
    let mut ends = path.match_indices('/').map(|(i, _)| i).chain([path.len()]);
    // `/tasks/<task>/activities/<i>` is the first five slashes' span.
    if path.starts_with("/tasks/") {
        let cut = |n: usize| ends.clone().nth(n).unwrap_or(path.len());
        let activity = path.get(..cut(4)).unwrap_or(path);
        if activity.contains("/activities/") {
            return activity;
        }
        return path.get(..cut(2)).unwrap_or(path);
    }
    let _ = ends.next();
    path
}

/// The fixes that would make a report complete: its errors grouped by activity, task, or member
/// of the report, in the order of the findings.
pub(crate) fn report_fixes(findings: &[Finding]) -> Vec<Fix> {
    let mut groups: Vec<(&str, Vec<Code>)> = Vec::new();
    for f in findings.iter().filter(|f| f.is_error()) {
        let key = group_of(&f.path);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, codes)) => codes.push(f.code),
            None => groups.push((key, vec![f.code])),
        }
    }
    groups
        .into_iter()
        .map(|(path, codes)| {
            let zh: Vec<&str> = codes.iter().map(|c| c.label_zh()).collect();
            let en: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
            Fix {
                path: path.to_owned(),
                message: message(
                    text::FIX,
                    &[("codes", &zh.join("、")), ("codes_en", &en.join(", "))],
                ),
                codes,
            }
        })
        .collect()
}

/// Per task, the addition that raises the report's score most (ties in the order of
/// [`GainKind`]); `None` when nothing raises it (the task is at every cap).
pub(crate) fn report_gains(tallies: &PerTask<TaskTally>, s: &ScoreParams) -> PerTask<Option<Gain>> {
    use crate::law::score::{round2, task_sum, total_of};
    // Only the total matters here: each task's unrounded sum, and the report's total added in
    // task order as `report_score` adds it (so the figures are the same to the last bit).
    let sums = PerTask::from_fn(|task| task_sum(tallies.get(task), s));
    let base = round2(total_of(&sums));
    PerTask::from_fn(|task| {
        let t = tallies.get(task);
        let free_form = task
            .forms()
            .iter()
            .copied()
            .find(|f| *f != Form::Other && t.forms & f.bit() == 0);
        let with = |change: &dyn Fn(&mut TaskTally)| {
            let mut more_task = t.clone();
            change(&mut more_task);
            let mut more = sums.clone();
            *more.get_mut(task) = task_sum(&more_task, s);
            round2(round2(total_of(&more)) - base)
        };
        let one_activity = |form: Form| {
            move |x: &mut TaskTally| {
                x.valid_activities += 1;
                x.forms |= form.bit();
                x.participants += 1;
            }
        };
        let mut options: Vec<(GainKind, f64, Option<Form>, Option<u64>)> = Vec::new();
        if t.valid_activities == 0 {
            if let Some(form) = task.forms().first().copied().filter(|f| *f != Form::Other) {
                options.push((
                    GainKind::FirstActivity,
                    with(&one_activity(form)),
                    Some(form),
                    None,
                ));
            }
        } else {
            if let Some(form) = free_form {
                options.push((
                    GainKind::NewForm,
                    with(&one_activity(form)),
                    Some(form),
                    None,
                ));
            }
            let cap = u64::from(s.reach_cap);
            if t.participants < cap {
                let gain = with(&|x: &mut TaskTally| x.participants = cap);
                options.push((GainKind::MoreParticipants, gain, None, Some(cap)));
            }
        }
        if t.outputs < s.outputs_cap {
            let gain = with(&|x: &mut TaskTally| x.outputs += 1);
            options.push((GainKind::OneMoreOutput, gain, None, None));
        }
        // The largest gain; the first of equals.
        let best = options.into_iter().filter(|o| o.1 > 0.0).fold(
            None,
            |best: Option<(GainKind, f64, Option<Form>, Option<u64>)>, o| match best {
                Some(b) if b.1 >= o.1 => Some(b),
                _ => Some(o),
            },
        )?;
        Some(gain_of(task, best))
    })
}

fn gain_of(
    task: Task,
    (kind, gain, form, participants): (GainKind, f64, Option<Form>, Option<u64>),
) -> Gain {
    let g = gain.to_string();
    let form_zh = form.map_or("", Form::label_zh);
    let form_en = form.map_or("", Form::as_str);
    let output = task.outputs().first().copied();
    let args: Vec<(&str, String)> = vec![
        ("gain", g),
        ("form", form_zh.to_owned()),
        ("form_en", form_en.to_owned()),
        (
            "participants",
            participants.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("output", output.map_or("", |o| o.label_zh()).to_owned()),
        ("output_en", output.map_or("", |o| o.as_str()).to_owned()),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let template = match kind {
        GainKind::FirstActivity => text::FIRST_ACTIVITY,
        GainKind::NewForm => text::NEW_FORM,
        GainKind::MoreParticipants => text::MORE_PARTICIPANTS,
        GainKind::OneMoreOutput => text::ONE_MORE_OUTPUT,
    };
    Gain {
        kind,
        gain,
        form,
        participants,
        message: message(template, &args),
    }
}

/// The error findings that keep an application from being a candidate, in the order the rules
/// apply them (the first is its `outcome_rule`'s).
pub(crate) fn blocking(findings: &[Finding]) -> Vec<Blocker> {
    findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| Blocker {
            rule: f.rule,
            code: f.code,
            path: f.path.clone(),
        })
        .collect()
}

/// One error that blocks an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blocker {
    pub rule: Rule,
    pub code: Code,
    pub path: String,
}

/// What decided an application in a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WhyKind {
    /// Not a candidate: `blocking` lists the errors, the first being its `outcome_rule`'s.
    Blocked,
    /// Recommended outside every quota (R-EXEMPT).
    Exempt,
    /// Recommended: `merit` is its margin over the first one out (`against`), when there is one.
    Margin,
    /// Not recommended: a merit of `merit` (above it when `must_exceed`) would recommend it, the
    /// last one in being `against`.
    NeedsMerit,
    /// Not recommended: the last one in (`against`) has priority and it has not (tier_first).
    NeedsPriority,
    /// Not recommended: it would need a merit (`merit`) beyond 100.
    OutOfReach,
    /// Not recommended: the province's national quota is 0.
    NoPlaces,
    /// Not forwarded: its university's quota (`quota`) went to `ahead`; a quota of `needed`
    /// would forward it.
    HeldByUniversity,
    /// Its province's late list is excluded: no one there is recommended.
    LateList,
    /// Recommended, and rejected by the office.
    OfficeRejected,
}

/// What decided an application and, for one not recommended, the least change that would
/// recommend it with everything else fixed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Why {
    pub kind: WhyKind,
    /// `needs_merit`, `out_of_reach`: the merit that would recommend it; `margin`: its margin
    /// over the first one out.
    pub merit: Option<f64>,
    /// `needs_merit`: the merit must be above `merit` (the id order would put it after an equal).
    pub must_exceed: Option<bool>,
    /// The candidate it is compared with: the last one in, or (for `margin`) the first one out.
    pub against: Option<crate::law::select::CutEntry>,
    /// `held_by_university`: the university, its quota, the quota that would forward it, and
    /// the forwarded candidates ahead of it.
    pub institution_code: Option<String>,
    pub quota: Option<u32>,
    pub needed: Option<u32>,
    pub ahead: Vec<String>,
    /// `blocked`: the errors, in the order the rules apply them.
    pub blocking: Vec<Blocker>,
    pub message: Message,
}

impl Why {
    pub(crate) fn new(kind: WhyKind, message: Message) -> Why {
        Why {
            kind,
            merit: None,
            must_exceed: None,
            against: None,
            institution_code: None,
            quota: None,
            needed: None,
            ahead: Vec::new(),
            blocking: Vec::new(),
            message,
        }
    }

    /// `blocked`: the errors that keep an application from being a candidate.
    pub(crate) fn blocked(findings: &[Finding]) -> Why {
        let blocking = blocking(findings);
        let zh: Vec<&str> = blocking.iter().map(|b| b.code.label_zh()).collect();
        let en: Vec<&str> = blocking.iter().map(|b| b.code.as_str()).collect();
        Why {
            blocking,
            ..Why::new(
                WhyKind::Blocked,
                message(
                    text::BLOCKED,
                    &[("codes", &zh.join("、")), ("codes_en", &en.join(", "))],
                ),
            )
        }
    }
}
