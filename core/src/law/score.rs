//! R-SCORE: the transparent report score (§4.14), an analysis aid.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::is_blank;
use crate::ruleset::ScoreParams;
use crate::vocab::{OutputKind, PerTask, Task};

/// Rounds half away from zero to 2 decimals.
///
/// Values are first taken to 9 decimals so that a binary-float neighbour of a decimal half
/// (`0.285` is stored as `0.28499999…`) rounds as the decimal it stands for.
///
/// # Example
/// ```
/// use qgx_core::round2;
/// assert_eq!(round2(0.625), 0.63);
/// assert_eq!(round2(0.285), 0.29);
/// assert_eq!(round2(-0.625), -0.63);
/// assert_eq!(round2(12.291666), 12.29);
/// ```
pub fn round2(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let nano = (x * 1e9).round() / 1e7;
    nano.round() / 100.0
}

/// Whether an output counts in a score (§4.14): its kind belongs to `task`, and an `other` output
/// has a non-blank note.
pub(crate) fn output_counts(task: Task, kind: OutputKind, note: Option<&str>) -> bool {
    task.allows_output(kind) && (kind != OutputKind::Other || !is_blank(note))
}

/// One task's score components and total, each rounded on its own for display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskScore {
    pub coverage: f64,
    pub breadth: f64,
    pub reach: f64,
    pub outputs: f64,
    pub total: f64,
}

/// The report score, 0..=100: 25 per task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportScore {
    pub total: f64,
    pub tasks: PerTask<TaskScore>,
}

/// What one task's score is computed from: its valid activities and its outputs.
#[derive(Debug, Clone, Default)]
pub(crate) struct TaskTally {
    pub valid_activities: u32,
    /// The distinct forms of the valid activities, as a mask of [`Form::bit`](crate::Form).
    pub forms: u64,
    pub participants: u64,
    /// The outputs whose kind belongs to the task, `other` only with a non-blank note
    /// ([`output_counts`]).
    pub outputs: u32,
    /// The valid activities for rural revitalisation (R-SUMMARY's totals).
    pub rural: u32,
}

fn fraction(n: u64, cap: u32) -> f64 {
    let cap = u64::from(cap.max(1));
    // Both values are at most `cap` ≤ u32::MAX, exact in f64.
    let n = n.min(cap);
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
        / f64::from(u32::try_from(cap).unwrap_or(u32::MAX))
}

/// The unrounded components of one task.
pub(crate) fn task_components(t: &TaskTally, s: &ScoreParams) -> [f64; 4] {
    let coverage = if t.valid_activities >= 1 {
        s.coverage
    } else {
        0.0
    };
    let breadth = s.breadth * fraction(u64::from(t.forms.count_ones()), s.breadth_cap);
    let reach = s.reach * fraction(t.participants, s.reach_cap);
    let outputs = s.outputs * fraction(u64::from(t.outputs), s.outputs_cap);
    [coverage, breadth, reach, outputs]
}

/// One task's unrounded total: the sum of [`task_components`] in their order.
pub(crate) fn task_sum(t: &TaskTally, s: &ScoreParams) -> f64 {
    let [coverage, breadth, reach, outputs] = task_components(t, s);
    coverage + breadth + reach + outputs
}

/// The report's unrounded total from each task's unrounded total, added in task order: what
/// [`report_score`] rounds to its `total`, computed without the per-task rounding.
pub(crate) fn total_of(sums: &PerTask<f64>) -> f64 {
    Task::ALL
        .iter()
        .fold(0.0, |total, task| total + *sums.get(*task))
}

/// R-SCORE — (analysis aid; no 原文, not from the notice): the transparent report score (§4.14).
///
/// 0..=100, 25 per task, from valid activities only: coverage (≥ 1 valid activity) + breadth ×
/// min(distinct forms, `breadth_cap`)/cap + reach × min(teachers + students, `reach_cap`)/cap +
/// outputs × min(outputs whose kind belongs to the task, `other` only with a note,
/// `outputs_cap`)/cap; weights and caps are the ruleset's `score`. Every component is listed;
/// each shown value is rounded half away from zero to 2 decimals on its own, and the totals are
/// sums of the unrounded parts. The plan score is [`plan_score`](crate::plan_score).
pub(crate) fn report_score(tallies: &PerTask<TaskTally>, s: &ScoreParams) -> ReportScore {
    let mut total = 0.0;
    let tasks = PerTask::from_fn(|task| {
        let [coverage, breadth, reach, outputs] = task_components(tallies.get(task), s);
        let sum = coverage + breadth + reach + outputs;
        total += sum;
        TaskScore {
            coverage: round2(coverage),
            breadth: round2(breadth),
            reach: round2(reach),
            outputs: round2(outputs),
            total: round2(sum),
        }
    });
    ReportScore {
        total: round2(total),
        tasks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ruleset;
    use crate::vocab::Form;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round2(0.625), 0.63);
        assert_eq!(round2(1.005), 1.01);
        assert_eq!(round2(2.675), 2.68);
        assert_eq!(round2(0.175), 0.18);
        assert_eq!(round2(1.666_666), 1.67);
        assert_eq!(round2(-1.005), -1.01);
        assert_eq!(round2(100.0), 100.0);
        assert_eq!(round2(0.0), 0.0);
    }

    #[test]
    fn the_worked_example_of_rules_md() {
        // One valid activity, one form, 25 participants, no output: 10 + 1.67 + 0.63 + 0 = 12.29.
        let s = Ruleset::edition_2024().params().score.clone();
        let t = TaskTally {
            valid_activities: 1,
            forms: Form::PartyLecture.bit(),
            participants: 25,
            outputs: 0,
            rural: 0,
        };
        let c = task_components(&t, &s);
        assert_eq!(c[0], 10.0);
        assert_eq!(round2(c[1]), 1.67);
        assert_eq!(round2(c[2]), 0.63);
        assert_eq!(round2(c.iter().sum()), 12.29);
    }

    #[test]
    fn which_outputs_count() {
        use crate::vocab::{OutputKind, Task};
        let pb = Task::PartyBuilding;
        assert!(output_counts(pb, OutputKind::QualityPartyLesson, None));
        assert!(!output_counts(pb, OutputKind::ResearchReport, Some("说明")));
        assert!(!output_counts(pb, OutputKind::Other, None));
        assert!(!output_counts(pb, OutputKind::Other, Some(" \t")));
        assert!(output_counts(pb, OutputKind::Other, Some("党建读本")));
    }

    #[test]
    fn caps_hold() {
        let s = Ruleset::edition_2024().params().score.clone();
        let t = TaskTally {
            valid_activities: 9,
            forms: Form::Lecture.bit()
                | Form::Donation.bit()
                | Form::SkillsTraining.bit()
                | Form::Other.bit(),
            participants: 10_000,
            outputs: 7,
            rural: 0,
        };
        assert_eq!(task_components(&t, &s), [10.0, 5.0, 5.0, 5.0]);
    }
}
