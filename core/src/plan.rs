//! R-PLAN: the action plan is complete (§4.2), and the plan score (§4.14).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::finding::{Finding, Rule};
use crate::model::{Plan, PlannedActivity, is_blank};
use crate::ruleset::{Params, Ruleset, RulesetStamp};
use crate::score::round2;
use crate::vocab::{Form, PartnerKind, PerTask, Task};

/// Per task: how many planned activities are valid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTaskSummary {
    pub valid_activities: u32,
}

/// The result of [`check_plan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCheck {
    pub ruleset: RulesetStamp,
    /// No error among the findings.
    pub complete: bool,
    /// Paths point into the plan passed.
    pub findings: Vec<Finding>,
    pub tasks: PerTask<PlanTaskSummary>,
    /// The plan score, 0..=100 (§4.14), the merit of an application without `merit_score`.
    pub score: f64,
}

/// Checks an action plan (R-PLAN).
///
/// # Example
/// ```
/// use qgx_core::{check_plan, Plan, Ruleset};
/// let check = check_plan(&Plan::default(), &Ruleset::edition_2024());
/// assert!(!check.complete);
/// assert_eq!(check.findings[0].code.as_str(), "objective_missing");
/// assert_eq!(check.findings[0].path, "/objectives/party_building");
/// ```
pub fn check_plan(plan: &Plan, ruleset: &Ruleset) -> PlanCheck {
    let mut findings = Vec::new();
    let valid = plan_findings(plan, "", ruleset.params(), &mut findings);
    PlanCheck {
        ruleset: ruleset.stamp(),
        complete: !findings.iter().any(Finding::is_error),
        findings,
        tasks: PerTask::from_fn(|t| PlanTaskSummary {
            valid_activities: *valid.get(t),
        }),
        score: plan_score(plan),
    }
}

fn year_in_range(year: i64, p: &Params) -> bool {
    (1..=i64::from(p.cycle_years)).contains(&year)
}

/// Checks `plan`, pushing findings whose paths start with `prefix`; returns the number of
/// valid planned activities per task.
pub(crate) fn plan_findings(
    plan: &Plan,
    prefix: &str,
    p: &Params,
    out: &mut Vec<Finding>,
) -> PerTask<u32> {
    for task in Task::ALL {
        if is_blank(plan.objectives.get(*task).as_deref()) {
            out.push(Finding::new(
                Rule::Plan,
                Code::ObjectiveMissing,
                format!("{prefix}/objectives/{task}"),
                &[("task", task.label_zh()), ("task_en", task.as_str())],
            ));
        }
    }
    let mut valid = PerTask::<u32>::default();
    for (i, a) in plan.activities.iter().enumerate() {
        let base = || format!("{prefix}/activities/{i}");
        let before = out.len();
        activity_form_partner(
            Rule::Plan,
            a.task,
            a.form,
            a.note.as_deref(),
            a.partner.kind,
            a.partner.note.as_deref(),
            &base,
            out,
        );
        if !year_in_range(a.year, p) {
            out.push(Finding::new(
                Rule::Plan,
                Code::YearOutOfRange,
                format!("{}/year", base()),
                &[
                    ("year", &a.year.to_string()),
                    ("years", &p.cycle_years.to_string()),
                ],
            ));
        }
        if out.len() == before {
            *valid.get_mut(a.task) += 1;
        }
    }
    for task in Task::ALL {
        let count = *valid.get(*task);
        if count < p.plan_min_activities_per_task {
            out.push(Finding::new(
                Rule::Plan,
                Code::PlanTaskNotCovered,
                format!("{prefix}/activities"),
                &[
                    ("task", task.label_zh()),
                    ("task_en", task.as_str()),
                    ("count", &count.to_string()),
                    ("min", &p.plan_min_activities_per_task.to_string()),
                ],
            ));
        }
    }
    for (i, o) in plan.outputs.iter().enumerate() {
        if !o.task.allows_output(o.kind) {
            out.push(Finding::new(
                Rule::Plan,
                Code::OutputNotAllowed,
                format!("{prefix}/outputs/{i}/kind"),
                &[
                    ("output", o.kind.label_zh()),
                    ("output_en", o.kind.as_str()),
                    ("task", o.task.label_zh()),
                    ("task_en", o.task.as_str()),
                ],
            ));
        }
        if !year_in_range(o.year, p) {
            out.push(Finding::new(
                Rule::Plan,
                Code::YearOutOfRange,
                format!("{prefix}/outputs/{i}/year"),
                &[
                    ("year", &o.year.to_string()),
                    ("years", &p.cycle_years.to_string()),
                ],
            ));
        }
    }
    for year in 1..=p.cycle_years {
        // Small years are looked up without allocating their key.
        const KEYS: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
        let owned;
        let key = match usize::try_from(year).ok().and_then(|y| KEYS.get(y - 1)) {
            Some(k) => *k,
            None => {
                owned = year.to_string();
                owned.as_str()
            }
        };
        if is_blank(plan.milestones.get(key).and_then(Option::as_deref)) {
            out.push(Finding::new(
                Rule::Plan,
                Code::MilestoneMissing,
                format!("{prefix}/milestones/{key}"),
                &[("year", key)],
            ));
        }
    }
    valid
}

/// The form and partner checks shared by planned and reported activities: `form_not_allowed`,
/// `partner_not_allowed` and `other_without_note`, at `{base}/form`, `{base}/partner/kind`,
/// `{base}/note` and `{base}/partner/note`. Returns `(form ok, partner ok)`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn activity_form_partner(
    rule: Rule,
    task: Task,
    form: Form,
    note: Option<&str>,
    partner: PartnerKind,
    partner_note: Option<&str>,
    base: &dyn Fn() -> String,
    out: &mut Vec<Finding>,
) -> (bool, bool) {
    let mut form_ok = true;
    if !task.allows_form(form) {
        form_ok = false;
        out.push(Finding::new(
            rule,
            Code::FormNotAllowed,
            format!("{}/form", base()),
            &[
                ("form", form.label_zh()),
                ("form_en", form.as_str()),
                ("task", task.label_zh()),
                ("task_en", task.as_str()),
            ],
        ));
    } else if form == Form::Other && is_blank(note) {
        form_ok = false;
        out.push(Finding::new(
            rule,
            Code::OtherWithoutNote,
            format!("{}/note", base()),
            &[],
        ));
    }
    let mut partner_ok = true;
    if !task.allows_partner(partner) {
        partner_ok = false;
        out.push(Finding::new(
            rule,
            Code::PartnerNotAllowed,
            format!("{}/partner/kind", base()),
            &[
                ("partner", partner.label_zh()),
                ("partner_en", partner.as_str()),
                ("task", task.label_zh()),
                ("task_en", task.as_str()),
            ],
        ));
    } else if partner == PartnerKind::Other && is_blank(partner_note) {
        partner_ok = false;
        out.push(Finding::new(
            rule,
            Code::OtherWithoutNote,
            format!("{}/partner/note", base()),
            &[],
        ));
    }
    (form_ok, partner_ok)
}

fn form_counts(a: &PlannedActivity) -> bool {
    a.task.allows_form(a.form) && (a.form != Form::Other || !is_blank(a.note.as_deref()))
}

/// The plan score, 0..=100, rounded half away from zero to 2 decimals (§4.14): 10 per non-blank
/// objective (40) + per task 10 × min(distinct allowed forms planned, 3)/3 (40) + 5 per distinct
/// output kind that belongs to its stated task, at most 4 counted (20).
///
/// # Example
/// ```
/// use qgx_core::{plan_score, Plan};
/// assert_eq!(plan_score(&Plan::default()), 0.0);
/// ```
pub fn plan_score(plan: &Plan) -> f64 {
    let objectives = Task::ALL
        .iter()
        .filter(|t| !is_blank(plan.objectives.get(**t).as_deref()))
        .count();
    // Distinct allowed forms per task, and distinct output kinds that belong to their task
    // (each kind belongs to one task only), as bit masks.
    let mut forms = PerTask::<u64>::default();
    for a in plan.activities.iter().filter(|a| form_counts(a)) {
        *forms.get_mut(a.task) |= a.form.bit();
    }
    let breadth: f64 = forms
        .iter()
        .map(|(_, m)| 10.0 * f64::from(m.count_ones().min(3)) / 3.0)
        .sum();
    let outputs = plan
        .outputs
        .iter()
        .filter(|o| o.task.allows_output(o.kind))
        .fold(0u64, |m, o| m | o.kind.bit());
    let objectives = f64::from(u32::try_from(objectives).unwrap_or(4));
    let outputs = f64::from(outputs.count_ones().min(4));
    round2(10.0 * objectives + breadth + 5.0 * outputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{complete_plan, planned};

    fn codes(c: &PlanCheck) -> Vec<(&str, &str)> {
        c.findings
            .iter()
            .map(|f| (f.code.as_str(), f.path.as_str()))
            .collect()
    }

    #[test]
    fn a_complete_plan_has_no_findings() {
        let c = check_plan(&complete_plan(), &Ruleset::edition_2024());
        assert!(c.complete, "{:?}", c.findings);
        assert!(c.findings.is_empty());
        assert_eq!(c.tasks.party_building.valid_activities, 1);
    }

    #[test]
    fn blank_objective_and_missing_milestone() {
        let mut plan = complete_plan();
        plan.objectives.tech_empowerment = Some("   ".into());
        plan.milestones.remove("3");
        plan.milestones.insert("2".into(), None);
        let c = check_plan(&plan, &Ruleset::edition_2024());
        assert!(!c.complete);
        assert_eq!(
            codes(&c),
            vec![
                ("objective_missing", "/objectives/tech_empowerment"),
                ("milestone_missing", "/milestones/2"),
                ("milestone_missing", "/milestones/3"),
            ]
        );
        assert!(c.findings.iter().all(|f| f.rule == Rule::Plan));
    }

    #[test]
    fn activity_errors_and_coverage() {
        let mut plan = complete_plan();
        // Task 1 gets a form of task 2 and a partner of task 2: its only activity is invalid.
        plan.activities[0].form = Form::Lecture;
        plan.activities[0].partner.kind = PartnerKind::School;
        // `other` without notes, and a year outside the cycle.
        plan.activities[1].form = Form::Other;
        plan.activities[1].partner.kind = PartnerKind::Other;
        plan.activities[2].year = 4;
        let c = check_plan(&plan, &Ruleset::edition_2024());
        assert_eq!(
            codes(&c),
            vec![
                ("form_not_allowed", "/activities/0/form"),
                ("partner_not_allowed", "/activities/0/partner/kind"),
                ("other_without_note", "/activities/1/note"),
                ("other_without_note", "/activities/1/partner/note"),
                ("year_out_of_range", "/activities/2/year"),
                ("plan_task_not_covered", "/activities"),
                ("plan_task_not_covered", "/activities"),
                ("plan_task_not_covered", "/activities"),
            ]
        );
        assert_eq!(c.tasks.practice_education.valid_activities, 1);
    }

    #[test]
    fn other_with_notes_is_valid() {
        let mut plan = complete_plan();
        plan.activities[1].form = Form::Other;
        plan.activities[1].note = Some("送教下乡".into());
        plan.activities[1].partner.kind = PartnerKind::Other;
        plan.activities[1].partner.note = Some("县教研室".into());
        assert!(check_plan(&plan, &Ruleset::edition_2024()).complete);
    }

    #[test]
    fn output_errors() {
        let mut plan = complete_plan();
        plan.outputs[0].task = Task::PracticeEducation;
        plan.outputs[1].year = 0;
        let c = check_plan(&plan, &Ruleset::edition_2024());
        assert_eq!(
            codes(&c),
            vec![
                ("output_not_allowed", "/outputs/0/kind"),
                ("year_out_of_range", "/outputs/1/year"),
            ]
        );
    }

    #[test]
    fn min_activities_parameter() {
        let rs = Ruleset::edition_2024()
            .with_overrides_json(r#"{"plan_min_activities_per_task": 2}"#)
            .unwrap();
        let c = check_plan(&complete_plan(), &rs);
        assert_eq!(
            c.findings
                .iter()
                .filter(|f| f.code == Code::PlanTaskNotCovered)
                .count(),
            4
        );
    }

    #[test]
    fn plan_score_components() {
        let plan = complete_plan();
        // 4 objectives (40) + one form per task (4 × 10/3) + 2 distinct outputs (10).
        assert_eq!(plan_score(&plan), 63.33);
        let mut rich = plan.clone();
        for (task, forms) in [
            (
                Task::PartyBuilding,
                [
                    Form::PartyLecture,
                    Form::TheoryOutreach,
                    Form::ResourceSharing,
                    Form::ExperienceExchange,
                ],
            ),
            (
                Task::EducationService,
                [
                    Form::Lecture,
                    Form::Donation,
                    Form::SkillsTraining,
                    Form::ScienceOutreach,
                ],
            ),
            (
                Task::TechEmpowerment,
                [
                    Form::PolicyAdvice,
                    Form::TechDevelopment,
                    Form::CreativeDesign,
                    Form::PlatformSupport,
                ],
            ),
            (
                Task::PracticeEducation,
                [
                    Form::FieldResearch,
                    Form::Interviews,
                    Form::VolunteerService,
                    Form::ProfessionalInternship,
                ],
            ),
        ] {
            for f in forms {
                rich.activities.push(planned(task, f));
            }
        }
        for o in crate::vocab::OutputKind::ALL {
            let task = *Task::ALL.iter().find(|t| t.allows_output(*o)).unwrap();
            rich.outputs.push(crate::model::PlannedOutput {
                task,
                kind: *o,
                year: 2,
                note: None,
            });
        }
        assert_eq!(plan_score(&rich), 100.0);
        assert_eq!(plan_score(&Plan::default()), 0.0);
    }
}
