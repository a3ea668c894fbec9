//! R-PLAN: the action plan is complete (§4.2), and the plan score (§4.14).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::finding::{Finding, Rule};
use crate::law::score::{output_counts, round2};
use crate::model::{Plan, PlannedActivity, is_blank};
use crate::ruleset::{Params, Ruleset, RulesetStamp};
use crate::vocab::{Form, OutputKind, PartnerKind, PerTask, Task};

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

/// R-PLAN — 三(二)¶1 按要求填写《…专项行动计划书》: the action plan is complete (§4.2).
///
/// Complete iff no error among: a blank objective (`objective_missing`); a planned activity whose
/// form or partner kind is not allowed for its task (`form_not_allowed`, `partner_not_allowed`),
/// whose `other` lacks its note (`other_without_note`) or whose `year` is outside 1..=cycle_years
/// (`year_out_of_range`); a task with fewer than `plan_min_activities_per_task` valid planned
/// activities (`plan_task_not_covered`); a missing or blank milestone for a cycle year
/// (`milestone_missing`). Planned outputs are encouraged, not required: an output whose kind
/// belongs to another task (`output_not_allowed`), an `other` output without its note
/// (`output_without_note`) or an output year outside the cycle (`output_year_out_of_range`) is a
/// warning and never makes the plan incomplete.
///
/// Pushes the findings with paths starting with `prefix` (`""` for a plan checked alone, `/plan`
/// inside an application); returns the number of valid planned activities per task.
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
        let base = || format!("{prefix}/outputs/{i}");
        output_kind_note(Rule::Plan, o.task, o.kind, o.note.as_deref(), &base, out);
        if !year_in_range(o.year, p) {
            out.push(Finding::new(
                Rule::Plan,
                Code::OutputYearOutOfRange,
                format!("{}/year", base()),
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

/// The kind and note checks shared by planned and reported outputs (§2: each task's encouraged
/// outputs, and `other` with a note in every task): `output_not_allowed` at `{base}/kind` when
/// `kind` belongs to another task, else `output_without_note` at `{base}/note` when `kind` is
/// `other` and `note` is blank. Both are warnings (outputs are encouraged, never required).
/// Returns whether the output is without fault, which is when it counts in a score
/// ([`output_counts`]).
pub(crate) fn output_kind_note(
    rule: Rule,
    task: Task,
    kind: OutputKind,
    note: Option<&str>,
    base: &dyn Fn() -> String,
    out: &mut Vec<Finding>,
) -> bool {
    if !task.allows_output(kind) {
        out.push(Finding::new(
            rule,
            Code::OutputNotAllowed,
            format!("{}/kind", base()),
            &[
                ("output", kind.label_zh()),
                ("output_en", kind.as_str()),
                ("task", task.label_zh()),
                ("task_en", task.as_str()),
            ],
        ));
        false
    } else if kind == OutputKind::Other && is_blank(note) {
        out.push(Finding::new(
            rule,
            Code::OutputWithoutNote,
            format!("{}/note", base()),
            &[],
        ));
        false
    } else {
        true
    }
}

fn form_counts(a: &PlannedActivity) -> bool {
    a.task.allows_form(a.form) && (a.form != Form::Other || !is_blank(a.note.as_deref()))
}

/// The plan score of R-SCORE (§4.14), 0..=100, rounded half away from zero to 2 decimals: 10 per
/// non-blank objective (40) + per task 10 × min(distinct allowed forms planned, 3)/3 (40) + 5 per
/// distinct output kind that belongs to its stated task, at most 4 counted (20). An `other`
/// output counts only with a note, and then as one kind of its task (two noted `other` outputs
/// of one task are one kind; of two tasks, two kinds). The output's year does not matter.
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
    // (each kind but `other` belongs to one task only; `other` is counted per task), as bit masks.
    let mut forms = PerTask::<u64>::default();
    for a in plan.activities.iter().filter(|a| form_counts(a)) {
        *forms.get_mut(a.task) |= a.form.bit();
    }
    let breadth: f64 = forms
        .iter()
        .map(|(_, m)| 10.0 * f64::from(m.count_ones().min(3)) / 3.0)
        .sum();
    let (mut kinds, mut others) = (0u64, 0u64);
    for o in plan
        .outputs
        .iter()
        .filter(|o| output_counts(o.task, o.kind, o.note.as_deref()))
    {
        if o.kind == OutputKind::Other {
            others |= o.task.bit();
        } else {
            kinds |= o.kind.bit();
        }
    }
    let objectives = f64::from(u32::try_from(objectives).unwrap_or(4));
    let outputs = f64::from((kinds.count_ones() + others.count_ones()).min(4));
    round2(10.0 * objectives + breadth + 5.0 * outputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
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

    fn other_output(task: Task, note: Option<&str>) -> crate::model::PlannedOutput {
        crate::model::PlannedOutput {
            task,
            kind: OutputKind::Other,
            year: 2,
            note: note.map(Into::into),
        }
    }

    #[test]
    fn output_problems_are_warnings_of_r_plan() {
        let mut plan = complete_plan();
        // quality_party_lesson belongs to party_building, not practice_education.
        plan.outputs[0].task = Task::PracticeEducation;
        plan.outputs[1].year = 0;
        plan.outputs
            .push(other_output(Task::EducationService, None));
        plan.outputs
            .push(other_output(Task::TechEmpowerment, Some(" \n")));
        plan.outputs
            .push(other_output(Task::TechEmpowerment, Some("县域科技服务站")));
        let mut year4 = other_output(Task::PartyBuilding, None);
        year4.year = 4;
        plan.outputs.push(year4);
        let c = check_plan(&plan, &Ruleset::edition_2024());
        assert_eq!(
            c.findings
                .iter()
                .map(|f| (f.rule, f.code.as_str(), f.severity, f.path.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (
                    Rule::Plan,
                    "output_not_allowed",
                    Severity::Warning,
                    "/outputs/0/kind"
                ),
                (
                    Rule::Plan,
                    "output_year_out_of_range",
                    Severity::Warning,
                    "/outputs/1/year"
                ),
                (
                    Rule::Plan,
                    "output_without_note",
                    Severity::Warning,
                    "/outputs/2/note"
                ),
                (
                    Rule::Plan,
                    "output_without_note",
                    Severity::Warning,
                    "/outputs/3/note"
                ),
                (
                    Rule::Plan,
                    "output_without_note",
                    Severity::Warning,
                    "/outputs/5/note"
                ),
                (
                    Rule::Plan,
                    "output_year_out_of_range",
                    Severity::Warning,
                    "/outputs/5/year"
                ),
            ]
        );
        // Outputs are encouraged, never required: the plan stays complete.
        assert!(c.complete);
        assert_eq!(
            c.tasks,
            check_plan(&complete_plan(), &Ruleset::edition_2024()).tasks
        );
        // A planned activity's year stays an error of its own code.
        plan.activities[0].year = 4;
        let c = check_plan(&plan, &Ruleset::edition_2024());
        assert!(!c.complete);
        assert!(c.findings.iter().any(|f| f.code == Code::YearOutOfRange
            && f.path == "/activities/0/year"
            && f.severity == Severity::Error));
    }

    #[test]
    fn output_paths_inside_an_application() {
        let mut plan = complete_plan();
        plan.outputs.push(other_output(Task::PartyBuilding, None));
        plan.outputs[0].year = 9;
        let mut out = Vec::new();
        plan_findings(&plan, "/plan", Ruleset::edition_2024().params(), &mut out);
        assert_eq!(
            out.iter()
                .map(|f| (f.code.as_str(), f.path.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("output_year_out_of_range", "/plan/outputs/0/year"),
                ("output_without_note", "/plan/outputs/2/note"),
            ]
        );
        assert!(!out.iter().any(Finding::is_error));
    }

    #[test]
    fn output_findings_agree_with_what_a_score_counts() {
        for task in Task::ALL {
            for kind in OutputKind::ALL {
                for note in [None, Some(""), Some("  "), Some("说明")] {
                    let mut out = Vec::new();
                    let ok = output_kind_note(
                        Rule::Plan,
                        *task,
                        *kind,
                        note,
                        &|| "/o".to_string(),
                        &mut out,
                    );
                    assert_eq!(ok, out.is_empty());
                    assert_eq!(
                        ok,
                        output_counts(*task, *kind, note),
                        "{task} {kind} {note:?}"
                    );
                    assert!(out.iter().all(|f| f.severity == Severity::Warning));
                }
            }
        }
    }

    #[test]
    fn plan_score_counts_noted_other_outputs_once_per_task() {
        let plan = complete_plan();
        let score = |extra: Vec<crate::model::PlannedOutput>| {
            let mut p = plan.clone();
            p.outputs.extend(extra);
            plan_score(&p)
        };
        // 4 objectives (40) + one form per task (4 × 10/3) + 2 distinct outputs (10).
        assert_eq!(score(vec![]), 63.33);
        // `other` without a note does not count; with a blank one neither.
        assert_eq!(score(vec![other_output(Task::PartyBuilding, None)]), 63.33);
        assert_eq!(
            score(vec![other_output(Task::PartyBuilding, Some(" "))]),
            63.33
        );
        // With a note: one kind of its task, however many.
        assert_eq!(
            score(vec![other_output(Task::PartyBuilding, Some("甲"))]),
            68.33
        );
        assert_eq!(
            score(vec![
                other_output(Task::PartyBuilding, Some("甲")),
                other_output(Task::PartyBuilding, Some("乙")),
            ]),
            68.33
        );
        // Of two tasks: two kinds; then the cap of 4 kinds (20).
        assert_eq!(
            score(vec![
                other_output(Task::PartyBuilding, Some("甲")),
                other_output(Task::EducationService, Some("乙")),
            ]),
            73.33
        );
        assert_eq!(
            score(vec![
                other_output(Task::PartyBuilding, Some("甲")),
                other_output(Task::EducationService, Some("乙")),
                other_output(Task::TechEmpowerment, Some("丙")),
            ]),
            73.33
        );
        // A kind of another task does not count; the output's year does not matter.
        let mut p = plan.clone();
        p.outputs[0].task = Task::EducationService;
        p.outputs[1].year = 7;
        assert_eq!(plan_score(&p), 58.33);
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
