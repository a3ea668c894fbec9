//! Small, valid sample inputs for documentation, tests and benchmarks.
//!
//! Each builder returns an input that passes every rule with the 2024 edition, so a test can
//! break exactly one thing and assert the one finding that follows.

use std::collections::BTreeMap;

use crate::model::{
    Activity, AnnualReport, Application, Branch, Institution, Output, Participants, Partner, Plan,
    PlannedActivity, PlannedOutput, ReviewDecision, TaskReport, UniversityReview,
};
use crate::time::{Date, Timestamp};
use crate::vocab::{BranchKind, Form, OutputKind, PartnerKind, PerTask, Province, Role, Task};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or(Date(chrono::NaiveDate::MIN))
}

/// A planned activity of `task` with `form` and the task's first partner kind, in year 1.
pub fn planned(task: Task, form: Form) -> PlannedActivity {
    PlannedActivity {
        task,
        form,
        note: None,
        partner: Partner {
            kind: task
                .partners()
                .first()
                .copied()
                .unwrap_or(PartnerKind::Other),
            name: Some("合作单位".into()),
            note: None,
        },
        year: 1,
    }
}

/// A complete plan: four objectives, one activity per task (its first form), two outputs,
/// three milestones. Its plan score is 63.33.
pub fn complete_plan() -> Plan {
    let objectives = PerTask::from_fn(|t| {
        Some(format!(
            "{}：与合作单位共建共享，形成长效机制。",
            t.label_zh()
        ))
    });
    let activities = Task::ALL
        .iter()
        .map(|t| planned(*t, t.forms().first().copied().unwrap_or(Form::Other)))
        .collect();
    let outputs = vec![
        PlannedOutput {
            task: Task::PartyBuilding,
            kind: OutputKind::QualityPartyLesson,
            year: 2,
            note: None,
        },
        PlannedOutput {
            task: Task::PracticeEducation,
            kind: OutputKind::ResearchReport,
            year: 3,
            note: None,
        },
    ];
    let milestones: BTreeMap<String, Option<String>> = [
        ("1", "建立联建机制，完成首批活动"),
        ("2", "形成品牌活动与精品党课"),
        ("3", "总结推广典型经验"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), Some(v.to_owned())))
    .collect();
    Plan {
        objectives,
        activities,
        outputs,
        milestones,
    }
}

/// A valid application with a complete plan, approved, submitted in the province of
/// `institution_code` (Beijing when the code names no province), merit 80.
pub fn application(id: &str, person_id: &str, institution_code: &str) -> Application {
    let province = Province::of_institution(institution_code).unwrap_or_default();
    Application {
        id: id.into(),
        person_id: person_id.into(),
        name: Some("张三".into()),
        institution: Institution {
            code: institution_code.into(),
            name: Some("示例大学".into()),
            higher_education: true,
            corps: false,
        },
        province,
        branch: Branch {
            name: Some("物理学院凝聚态教师党支部".into()),
            kind: BranchKind::Teacher,
        },
        role: Role::Secretary,
        dual_leader: true,
        studio: None,
        branch_honor: None,
        plan: Some(complete_plan()),
        university_review: Some(UniversityReview {
            decision: ReviewDecision::Approved,
            date: Some(date("2024-07-15")),
        }),
        submitted_at: Timestamp::parse("2024-07-20T10:00:00+08:00").ok(),
        merit_score: Some(80.0),
    }
}

/// A reported activity of `task` on `day` with `form`, the task's first partner kind, 5
/// teachers and 20 students, a 20-character description and one piece of evidence.
pub fn activity(task: Task, form: Form, day: &str) -> Activity {
    Activity {
        date: date(day),
        form,
        note: None,
        partner: Partner {
            kind: task
                .partners()
                .first()
                .copied()
                .unwrap_or(PartnerKind::Other),
            name: Some("合作单位".into()),
            note: None,
        },
        participants: Participants {
            teachers: 5,
            students: 20,
        },
        rural_revitalization: false,
        description: "组织师生赴合作单位开展专题活动，反响良好，形成长效机制。".into(),
        evidence: vec!["https://example.edu.cn/news/1".into()],
    }
}

/// A complete year-1 report for application `A-0001`, submitted on time, one activity per task
/// and one output in the party-building and practice-education tasks.
pub fn complete_report() -> AnnualReport {
    let tasks = PerTask::from_fn(|t| {
        let outputs = t
            .outputs()
            .first()
            .filter(|_| matches!(t, Task::PartyBuilding | Task::PracticeEducation))
            .map(|k| Output {
                kind: *k,
                title: Some("成果".into()),
                note: None,
                evidence: vec![],
            })
            .into_iter()
            .collect();
        Some(TaskReport {
            activities: vec![activity(
                t,
                t.forms().first().copied().unwrap_or(Form::Other),
                "2025-03-12",
            )],
            outputs,
        })
    });
    AnnualReport {
        application_id: "A-0001".into(),
        cycle_year: 1,
        submitted_at: Timestamp::parse("2025-08-20T10:00:00+08:00").ok(),
        summary: "本年度围绕四项任务扎实开展强国行专项行动。".into(),
        tasks,
    }
}
