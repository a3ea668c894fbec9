//! Findings: what a check found, citing the clause that requires it.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Code, Message, Severity};
use crate::vocab::Province;

/// A clause of RULES.md §1. Serialised as its ID, e.g. `"R-ELIG"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Rule {
    #[serde(rename = "R-ELIG")]
    Elig,
    #[serde(rename = "R-PLAN")]
    Plan,
    #[serde(rename = "R-ENDORSE")]
    Endorse,
    #[serde(rename = "R-ROUTE")]
    Route,
    #[serde(rename = "R-DUP")]
    Dup,
    #[serde(rename = "R-CLAIM")]
    Claim,
    #[serde(rename = "R-EXEMPT")]
    Exempt,
    #[serde(rename = "R-PRIORITY")]
    Priority,
    #[serde(rename = "R-QUOTA")]
    Quota,
    #[serde(rename = "R-NATIONAL")]
    National,
    #[serde(rename = "R-PROVINCIAL")]
    Provincial,
    #[serde(rename = "R-MANDATORY")]
    Mandatory,
    #[serde(rename = "R-DEADLINE")]
    Deadline,
    #[serde(rename = "R-CYCLE")]
    Cycle,
    #[serde(rename = "R-ANNUAL")]
    Annual,
    #[serde(rename = "R-TASK-1")]
    Task1,
    #[serde(rename = "R-TASK-2")]
    Task2,
    #[serde(rename = "R-TASK-3")]
    Task3,
    #[serde(rename = "R-TASK-4")]
    Task4,
    #[serde(rename = "R-SUMMARY")]
    Summary,
    #[serde(rename = "R-SCORE")]
    Score,
}

impl Rule {
    /// Every clause, in the order findings are listed.
    pub const ALL: &'static [Rule] = &[
        Rule::Elig,
        Rule::Plan,
        Rule::Endorse,
        Rule::Route,
        Rule::Dup,
        Rule::Claim,
        Rule::Exempt,
        Rule::Priority,
        Rule::Quota,
        Rule::National,
        Rule::Provincial,
        Rule::Mandatory,
        Rule::Deadline,
        Rule::Cycle,
        Rule::Annual,
        Rule::Task1,
        Rule::Task2,
        Rule::Task3,
        Rule::Task4,
        Rule::Summary,
        Rule::Score,
    ];

    /// The clause ID, e.g. `"R-ELIG"`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Elig => "R-ELIG",
            Rule::Plan => "R-PLAN",
            Rule::Endorse => "R-ENDORSE",
            Rule::Route => "R-ROUTE",
            Rule::Dup => "R-DUP",
            Rule::Claim => "R-CLAIM",
            Rule::Exempt => "R-EXEMPT",
            Rule::Priority => "R-PRIORITY",
            Rule::Quota => "R-QUOTA",
            Rule::National => "R-NATIONAL",
            Rule::Provincial => "R-PROVINCIAL",
            Rule::Mandatory => "R-MANDATORY",
            Rule::Deadline => "R-DEADLINE",
            Rule::Cycle => "R-CYCLE",
            Rule::Annual => "R-ANNUAL",
            Rule::Task1 => "R-TASK-1",
            Rule::Task2 => "R-TASK-2",
            Rule::Task3 => "R-TASK-3",
            Rule::Task4 => "R-TASK-4",
            Rule::Summary => "R-SUMMARY",
            Rule::Score => "R-SCORE",
        }
    }

    /// Where the clause stands in the notice, e.g. `"三(二)¶1"`.
    pub fn notice_ref(self) -> &'static str {
        match self {
            Rule::Task1 => "二(一)",
            Rule::Task2 => "二(二)",
            Rule::Task3 => "二(三)",
            Rule::Task4 => "二(四)",
            Rule::Elig
            | Rule::Plan
            | Rule::Endorse
            | Rule::Route
            | Rule::Quota
            | Rule::Deadline => "三(二)¶1",
            Rule::National | Rule::Provincial => "三(二)¶2",
            Rule::Exempt | Rule::Priority | Rule::Mandatory => "三(二)¶3",
            Rule::Cycle | Rule::Summary => "三(四)",
            Rule::Annual => "四(二)",
            Rule::Dup | Rule::Claim => "(implied)",
            Rule::Score => "(analysis aid)",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing a check found: `{rule, code, severity, path, message: {zh, en}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub rule: Rule,
    pub code: Code,
    pub severity: Severity,
    /// RFC 6901 JSON Pointer into the object the finding is about.
    pub path: String,
    pub message: Message,
}

impl Finding {
    /// A finding of `code` under `rule` at `path`, its message rendered from the catalog with
    /// `args` (`{name}` placeholders).
    pub fn new(rule: Rule, code: Code, path: impl Into<String>, args: &[(&str, &str)]) -> Finding {
        Finding {
            rule,
            code,
            severity: code.severity(),
            path: path.into(),
            message: code.message(args),
        }
    }

    /// Whether this finding blocks (`error`).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A selection-wide finding (R-MANDATORY): a [`Finding`] that also names the person, the
/// application (or null) and the province (or null: the national list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplianceFinding {
    pub rule: Rule,
    pub code: Code,
    pub severity: Severity,
    /// Points into the selection input: `/registry/national_studios/2`.
    pub path: String,
    pub message: Message,
    pub person_id: String,
    pub application_id: Option<String>,
    pub province: Option<Province>,
}

impl ComplianceFinding {
    /// A selection-wide finding about `person_id`.
    pub fn new(
        f: Finding,
        person_id: String,
        application_id: Option<String>,
        province: Option<Province>,
    ) -> ComplianceFinding {
        ComplianceFinding {
            rule: f.rule,
            code: f.code,
            severity: f.severity,
            path: f.path,
            message: f.message,
            person_id,
            application_id,
            province,
        }
    }
}

/// Escapes one reference token of a JSON Pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
