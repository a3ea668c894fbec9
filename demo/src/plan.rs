//! Action plans (计划书): complete ones, and the errors planted in a few.

use std::collections::BTreeMap;

use qgx_core::{
    Form, OutputKind, PartnerKind, PerTask, Plan, PlannedActivity, PlannedOutput, Task,
};

use crate::rng::Rng;
use crate::text::{self, Place};

/// How many activities a plan lists for one task: weights of 1, 2 and 3.
const ACTIVITIES_PER_TASK: &[(usize, u32)] = &[(1, 20), (2, 45), (3, 35)];

/// How many encouraged outputs a plan lists: weights of 1 to 4.
const OUTPUTS_PER_PLAN: &[(usize, u32)] = &[(1, 20), (2, 40), (3, 25), (4, 15)];

/// An error planted in a plan (RULES.md §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanError {
    /// A blank objective (`objective_missing`).
    BlankObjective,
    /// A milestone missing or blank (`milestone_missing`).
    MissingMilestone,
    /// An activity with a form of another task (`form_not_allowed`).
    FormOfOtherTask,
    /// An activity with a partner kind of another task (`partner_not_allowed`).
    PartnerOfOtherTask,
    /// An activity of form `other` without its note (`other_without_note`).
    OtherWithoutNote,
    /// An output listed under a task it does not belong to (`output_not_allowed`).
    OutputOfOtherTask,
    /// An activity planned for year 4 of a three-year cycle (`year_out_of_range`).
    YearOutOfRange,
}

/// The forms of `task` other than `other`.
pub(crate) fn named_forms(task: Task) -> Vec<Form> {
    task.forms()
        .iter()
        .copied()
        .filter(|f| *f != Form::Other)
        .collect()
}

/// The partner kinds of `task` other than `other`.
pub(crate) fn named_partners(task: Task) -> Vec<PartnerKind> {
    task.partners()
        .iter()
        .copied()
        .filter(|k| *k != PartnerKind::Other)
        .collect()
}

/// A form that `task` does not allow.
pub(crate) fn foreign_form(task: Task, rng: &mut Rng) -> Form {
    let foreign: Vec<Form> = Form::ALL
        .iter()
        .copied()
        .filter(|f| !task.allows_form(*f))
        .collect();
    rng.pick(&foreign).copied().unwrap_or(Form::Other)
}

/// A partner kind that `task` does not allow.
pub(crate) fn foreign_partner(task: Task, rng: &mut Rng) -> PartnerKind {
    let foreign: Vec<PartnerKind> = PartnerKind::ALL
        .iter()
        .copied()
        .filter(|k| !task.allows_partner(*k))
        .collect();
    rng.pick(&foreign).copied().unwrap_or(PartnerKind::Other)
}

/// A partner of `task`: mostly a named kind, now and then `other` with its note.
pub(crate) fn partner(task: Task, place: &Place, rng: &mut Rng) -> qgx_core::Partner {
    if rng.chance(30) {
        return qgx_core::Partner {
            kind: PartnerKind::Other,
            name: Some(text::partner_name(PartnerKind::Other, place, rng)),
            note: Some(rng.pick_str(text::OTHER_PARTNER_NOTES).to_owned()),
        };
    }
    let kind = rng
        .pick(&named_partners(task))
        .copied()
        .unwrap_or(PartnerKind::Other);
    qgx_core::Partner {
        kind,
        name: Some(text::partner_name(kind, place, rng)),
        note: None,
    }
}

fn planned_activities(task: Task, place: &Place, rng: &mut Rng) -> Vec<PlannedActivity> {
    let mut forms = named_forms(task);
    rng.shuffle(&mut forms);
    let n = rng.weighted(ACTIVITIES_PER_TASK).unwrap_or(1);
    let mut out: Vec<PlannedActivity> = forms
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(i, form)| PlannedActivity {
            task,
            form,
            note: None,
            partner: partner(task, place, rng),
            year: if i == 0 {
                1
            } else {
                i64::from(rng.range(1, 3))
            },
        })
        .collect();
    if rng.chance(50) {
        out.push(PlannedActivity {
            task,
            form: Form::Other,
            note: Some(text::other_form_note(task).to_owned()),
            partner: partner(task, place, rng),
            year: i64::from(rng.range(1, 3)),
        });
    }
    out
}

fn planned_outputs(rng: &mut Rng) -> Vec<PlannedOutput> {
    let mut all: Vec<(Task, OutputKind)> = Task::ALL
        .iter()
        .flat_map(|t| t.outputs().iter().map(move |k| (*t, *k)))
        .collect();
    rng.shuffle(&mut all);
    let n = rng.weighted(OUTPUTS_PER_PLAN).unwrap_or(1);
    let mut out: Vec<PlannedOutput> = all
        .into_iter()
        .take(n)
        .map(|(task, kind)| PlannedOutput {
            task,
            kind,
            year: i64::from(rng.range(2, 3)),
            // The list is open (鼓励…等): an `other` output says what it is.
            note: (kind == OutputKind::Other).then(|| "特色工作案例汇编".to_owned()),
        })
        .collect();
    out.sort_by_key(|o| (o.task, o.year));
    out
}

/// A complete plan for a branch at `place`: an objective per task, one to three planned
/// activities per task (now and then an extra `other` with its note), one to four outputs and
/// three milestones.
pub(crate) fn complete(place: &Place, rng: &mut Rng) -> Plan {
    let objectives = PerTask::from_fn(|t| Some(text::objective(t, place, rng)));
    let activities = Task::ALL
        .iter()
        .flat_map(|t| planned_activities(*t, place, rng))
        .collect();
    let outputs = planned_outputs(rng);
    let milestones: BTreeMap<String, Option<String>> = (1..=3u32)
        .map(|y| (y.to_string(), Some(text::milestone(y, rng))))
        .collect();
    Plan {
        objectives,
        activities,
        outputs,
        milestones,
    }
}

/// Plants `error` in `plan`.
pub(crate) fn plant(plan: &mut Plan, error: PlanError, rng: &mut Rng) {
    let task = rng.pick(Task::ALL).copied().unwrap_or(Task::PartyBuilding);
    let n = plan.activities.len();
    let i = rng.below(n);
    match error {
        PlanError::BlankObjective => {
            *plan.objectives.get_mut(task) = match rng.below(3) {
                0 => None,
                1 => Some(String::new()),
                _ => Some("  ".to_owned()),
            };
        }
        PlanError::MissingMilestone => {
            if rng.below(2) == 0 {
                plan.milestones.remove("3");
            } else {
                plan.milestones.insert("2".to_owned(), Some(String::new()));
            }
        }
        PlanError::FormOfOtherTask => {
            if let Some(a) = plan.activities.get_mut(i) {
                a.form = foreign_form(a.task, rng);
                a.note = None;
            }
        }
        PlanError::PartnerOfOtherTask => {
            if let Some(a) = plan.activities.get_mut(i) {
                a.partner.kind = foreign_partner(a.task, rng);
                a.partner.note = None;
            }
        }
        PlanError::OtherWithoutNote => {
            if let Some(a) = plan.activities.get_mut(i) {
                a.form = Form::Other;
                a.note = None;
            }
        }
        PlanError::OutputOfOtherTask => {
            if let Some(o) = plan.outputs.first_mut() {
                // `other` belongs to every task: name a kind of the output's own task first.
                if o.kind == OutputKind::Other {
                    o.kind = o.task.outputs().first().copied().unwrap_or(o.kind);
                    o.note = None;
                }
                let wrong = Task::ALL
                    .iter()
                    .copied()
                    .find(|t| !t.allows_output(o.kind))
                    .unwrap_or(task);
                o.task = wrong;
            }
        }
        PlanError::YearOutOfRange => {
            if let Some(a) = plan.activities.get_mut(i) {
                a.year = 4;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qgx_core::{Ruleset, check_plan};

    const PLACE: Place = Place {
        city: "长春市",
        discipline: "凝聚态物理",
    };

    #[test]
    fn complete_plans_are_complete() {
        let rs = Ruleset::edition_2024();
        let mut rng = Rng::new(3, 3);
        for _ in 0..300 {
            let plan = complete(&PLACE, &mut rng);
            let check = check_plan(&plan, &rs);
            assert!(check.complete, "{:?}", check.findings);
        }
    }

    #[test]
    fn each_planted_error_is_found() {
        let rs = Ruleset::edition_2024();
        let cases = [
            (PlanError::BlankObjective, "objective_missing"),
            (PlanError::MissingMilestone, "milestone_missing"),
            (PlanError::FormOfOtherTask, "form_not_allowed"),
            (PlanError::PartnerOfOtherTask, "partner_not_allowed"),
            (PlanError::OtherWithoutNote, "other_without_note"),
            (PlanError::OutputOfOtherTask, "output_not_allowed"),
            (PlanError::YearOutOfRange, "year_out_of_range"),
        ];
        let mut rng = Rng::new(4, 4);
        for (error, code) in cases {
            for _ in 0..50 {
                let mut plan = complete(&PLACE, &mut rng);
                plant(&mut plan, error, &mut rng);
                let check = check_plan(&plan, &rs);
                // Outputs are encouraged, not required: a wrong one is a warning (§4.2).
                assert_eq!(
                    check.complete,
                    error == PlanError::OutputOfOtherTask,
                    "{error:?}"
                );
                assert!(
                    check.findings.iter().any(|f| f.code.as_str() == code),
                    "{error:?}: {:?}",
                    check.findings
                );
            }
        }
    }
}
