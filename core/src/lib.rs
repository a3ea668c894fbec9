//! `qgx-core`: the rules of the Ministry of Education's 高校"双带头人"教师党支部书记"强国行"专项行动,
//! as a pure library.
//!
//! Every decision cites its clause (`R-…`, see RULES.md §1): findings are
//! `{rule, code, severity, path, message: {zh, en}}` with `path` a JSON Pointer into the input.
//! The engine is pure: no clock (`as_of` is an argument), no I/O, no randomness, no global state;
//! the same input in any order gives the same output bytes.
//!
//! The API, which every binding mirrors:
//! - [`Ruleset`]: [`Ruleset::edition_2024`], overrides, [`Ruleset::hash`];
//! - [`check_application`], [`check_plan`], [`check_report`] (with its score), [`check_reports`],
//!   [`select`], [`summarize_cycle`], [`cycle_status`], [`report_status`], [`next_due`],
//!   [`schema`];
//! - `_json` twins of each, taking and returning JSON text (in [`json`]).
//!
//! Malformed input is an [`Error`] naming where (JSON Pointer, line, column) and what was
//! expected; rule failures are never errors.
//!
//! # Example
//! ```
//! use qgx_core::{json, Ruleset};
//! let rs = Ruleset::edition_2024();
//! let out = json::check_plan_json(r#"{"objectives": {}, "activities": [], "outputs": [], "milestones": {}}"#, &rs).unwrap();
//! assert!(out.contains(r#""code":"objective_missing""#));
//! let err = json::check_plan_json(r#"{"objectives": {}, "activities": [{"task": "party_building", "form": "dance"}]}"#, &rs).unwrap_err();
//! assert_eq!(err.path(), "/activities/0/form");
//! ```
//!
//! The crate forbids unsafe code and denies `unwrap`, `expect`, panicking indexing and `panic!`
//! outside tests (the workspace's `[lints]`).

// The law (one module per clause family) apart from the wire plumbing; the vocabulary, the
// catalog, the findings, the input shapes and the rulesets they share stand at the top.
mod catalog;
mod finding;
mod law;
mod model;
mod ruleset;
pub mod samples;
mod sort;
mod time;
mod vocab;
mod wire;

pub use wire::args;
pub use wire::json;

pub use catalog::{CatalogEntry, Code, Message, Severity, catalog};
pub use finding::{ComplianceFinding, Finding, Rule, escape_pointer_token};
pub use law::application::{ApplicationCheck, Outcome, check_application};
pub use law::compare::{
    ApplicationChange, Comparison, ProvinceChange, ProvinceCounts, Standing, compare, compare_under,
};
pub use law::cycle::{
    CyclePosition, CycleStatus, CycleYear, NextDue, Outside, ReportState, ReportStatus,
    cycle_position, cycle_status, next_due, report_status,
};
pub use law::plan::{PlanCheck, PlanTaskSummary, check_plan, plan_score};
pub use law::report::{ReportCheck, ReportTaskSummary, check_report, check_reports};
pub use law::score::{ReportScore, TaskScore, round2};
pub use law::select::{
    ApplicationResult, CutEntry, CutLine, ProvinceSummary, SelectionResult, recommended_ids, select,
};
pub use law::summary::{
    CaseEntry, CycleSummary, ParticipantSummary, ProvinceCaseEntry, ProvinceCycleSummary,
    TaskTotals, YearSummary, summarize_cycle,
};
pub use law::why::{Blocker, Fix, Gain, GainKind, Why, WhyKind};
pub use model::{
    Activity, AnnualReport, Application, Branch, BranchHonor, Institution, OfficeDecision, Output,
    Participant, Participants, Partner, Plan, PlannedActivity, PlannedOutput, ProvinceConfig,
    Registry, RegistryBranch, RegistryStudio, ReviewDecision, SelectionInput, Studio, SummaryInput,
    TaskReport, UniversityReview,
};
pub use ruleset::{
    DuplicateKeep, ENGINE_VERSION, LateListPolicy, Params, PriorityMode, Ruleset, RulesetOverrides,
    RulesetStamp, ScoreOverrides, ScoreParams,
};
pub use time::{Date, Timestamp};
pub use vocab::{
    BranchKind, Form, HonorStatus, Level, OutputKind, PartnerKind, PerTask, Province, Role,
    StudioStatus, Task,
};
pub use wire::error::{Error, ErrorKind, Issue, bounded_message, from_json_str, from_json_value};
pub use wire::schema::{SCHEMA_NAMES, schema};
