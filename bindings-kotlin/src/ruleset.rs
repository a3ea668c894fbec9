//! `Ruleset`: the core's ruleset as a Kotlin object (immutable; overrides give a new one).

use std::sync::Arc;

use qgx_core::{
    BranchKind, DuplicateKeep, ErrorKind, LateListPolicy, PriorityMode, ScoreOverrides,
};

use crate::error::QgxError;
use crate::text::Text;

#[uniffi::remote(Enum)]
pub enum BranchKind {
    Teacher,
    TeacherStudent,
    Student,
    Other,
}

#[uniffi::remote(Enum)]
pub enum PriorityMode {
    TierFirst,
    TieBreak,
    None,
}

#[uniffi::remote(Enum)]
pub enum LateListPolicy {
    Flag,
    Exclude,
}

#[uniffi::remote(Enum)]
pub enum DuplicateKeep {
    Latest,
    Earliest,
}

#[uniffi::remote(Record)]
pub struct ScoreOverrides {
    #[uniffi(default = None)]
    pub coverage: Option<f64>,
    #[uniffi(default = None)]
    pub breadth: Option<f64>,
    #[uniffi(default = None)]
    pub reach: Option<f64>,
    #[uniffi(default = None)]
    pub outputs: Option<f64>,
    #[uniffi(default = None)]
    pub breadth_cap: Option<u32>,
    #[uniffi(default = None)]
    pub reach_cap: Option<u32>,
    #[uniffi(default = None)]
    pub outputs_cap: Option<u32>,
}

/// Overrides of the 2024 edition's parameters (RULES.md §5); `null` keeps the base value.
/// Dates are `YYYY-MM-DD` text.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct RulesetOverrides {
    #[uniffi(default = None)]
    pub eligible_branch_kinds: Option<Vec<BranchKind>>,
    #[uniffi(default = None)]
    pub plan_min_activities_per_task: Option<u32>,
    #[uniffi(default = None)]
    pub exempt_studio_batches: Option<Vec<u8>>,
    #[uniffi(default = None)]
    pub priority_model_batches: Option<Vec<u8>>,
    #[uniffi(default = None)]
    pub priority_cultivation_batches: Option<Vec<u8>>,
    #[uniffi(default = None)]
    pub priority_mode: Option<PriorityMode>,
    #[uniffi(default = None)]
    pub recommendation_deadline: Option<Text>,
    #[uniffi(default = None)]
    pub deadline_inclusive: Option<bool>,
    #[uniffi(default = None)]
    pub late_list_policy: Option<LateListPolicy>,
    #[uniffi(default = None)]
    pub cycle_start: Option<Text>,
    #[uniffi(default = None)]
    pub cycle_years: Option<u32>,
    #[uniffi(default = None)]
    pub report_window_days: Option<u32>,
    #[uniffi(default = None)]
    pub report_grace_days: Option<u32>,
    #[uniffi(default = None)]
    pub min_activities_per_task: Option<u32>,
    #[uniffi(default = None)]
    pub min_description_chars: Option<u32>,
    #[uniffi(default = None)]
    pub require_evidence: Option<bool>,
    #[uniffi(default = None)]
    pub score: Option<ScoreOverrides>,
    #[uniffi(default = None)]
    pub duplicate_keep: Option<DuplicateKeep>,
    /// 0..=100.
    #[uniffi(default = None)]
    pub case_min_score: Option<f64>,
    #[uniffi(default = None)]
    pub case_shortlist_size: Option<u32>,
    #[uniffi(default = None)]
    pub case_shortlist_national_size: Option<u32>,
}

fn date(value: Option<Text>, path: &str) -> Result<Option<qgx_core::Date>, QgxError> {
    value
        .map(|t| {
            let s = t.string_or(ErrorKind::InvalidRuleset, path)?;
            qgx_core::Date::parse(&s).map_err(|m| QgxError::at(ErrorKind::InvalidRuleset, path, &m))
        })
        .transpose()
}

impl TryFrom<RulesetOverrides> for qgx_core::RulesetOverrides {
    type Error = QgxError;

    fn try_from(o: RulesetOverrides) -> Result<Self, QgxError> {
        Ok(qgx_core::RulesetOverrides {
            eligible_branch_kinds: o.eligible_branch_kinds,
            plan_min_activities_per_task: o.plan_min_activities_per_task,
            exempt_studio_batches: o.exempt_studio_batches,
            priority_model_batches: o.priority_model_batches,
            priority_cultivation_batches: o.priority_cultivation_batches,
            priority_mode: o.priority_mode,
            recommendation_deadline: date(o.recommendation_deadline, "/recommendation_deadline")?,
            deadline_inclusive: o.deadline_inclusive,
            late_list_policy: o.late_list_policy,
            cycle_start: date(o.cycle_start, "/cycle_start")?,
            cycle_years: o.cycle_years,
            report_window_days: o.report_window_days,
            report_grace_days: o.report_grace_days,
            min_activities_per_task: o.min_activities_per_task,
            min_description_chars: o.min_description_chars,
            require_evidence: o.require_evidence,
            score: o.score,
            duplicate_keep: o.duplicate_keep,
            case_min_score: o.case_min_score,
            case_shortlist_size: o.case_shortlist_size,
            case_shortlist_national_size: o.case_shortlist_national_size,
        })
    }
}

/// A ruleset: an edition and every parameter's value, with its content hash. Immutable.
#[derive(Debug, Clone, PartialEq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct Ruleset {
    pub(crate) inner: qgx_core::Ruleset,
}

#[uniffi::export]
impl Ruleset {
    /// The built-in 2024 edition: every default of RULES.md.
    #[uniffi::constructor]
    pub fn edition_2024() -> Arc<Self> {
        Arc::new(Ruleset {
            inner: qgx_core::args::builtin_ruleset().clone(),
        })
    }

    /// A ruleset from JSON text, as every binding reads a `ruleset` argument: a whole ruleset
    /// document (with `edition`, as `toJson()` writes it) or overrides of the 2024 edition
    /// (without `edition`).
    #[uniffi::constructor]
    pub fn from_json(json: Text) -> Result<Arc<Self>, QgxError> {
        Ok(Arc::new(Ruleset {
            inner: qgx_core::args::ruleset_arg(Some(&json.json()))?,
        }))
    }

    /// This ruleset with `overrides` merged over it, field by field (the `score` object too).
    pub fn with_overrides(&self, overrides: RulesetOverrides) -> Result<Arc<Ruleset>, QgxError> {
        let o = qgx_core::RulesetOverrides::try_from(overrides)?;
        Ok(Arc::new(Ruleset {
            inner: self.inner.with_overrides(&o)?,
        }))
    }

    /// This ruleset with overrides given as JSON text (`{"report_grace_days": 10}`).
    pub fn with_overrides_json(&self, overrides: Text) -> Result<Arc<Ruleset>, QgxError> {
        Ok(Arc::new(Ruleset {
            inner: self.inner.with_overrides_json(&overrides.json())?,
        }))
    }

    /// The edition, e.g. `"2024"`.
    pub fn edition(&self) -> String {
        self.inner.edition().to_owned()
    }

    /// `"sha256:"` + the hex SHA-256 of the canonical JSON.
    pub fn hash(&self) -> String {
        self.inner.hash().to_owned()
    }

    /// The ruleset document (`{"edition": …, every parameter}`) as canonical JSON text.
    pub fn to_json(&self) -> String {
        self.inner.canonical_json()
    }
}
