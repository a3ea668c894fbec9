//! Rulesets (RULES.md §5): what the notice leaves open, as named parameters with defaults.
//!
//! The 2024 edition is built in as the data file `rulesets/2024.json`. Overrides merge over it
//! field by field (the `score` object too) and are validated; each ruleset has a stable content
//! hash that every result carries.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, from_json_str, from_json_value};
use crate::time::Date;
use crate::vocab::BranchKind;

const EDITION_2024: &str = include_str!("../rulesets/2024.json");

/// `priority_mode` (§4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriorityMode {
    /// Every priority candidate ranks before every other.
    TierFirst,
    /// Priority decides only between equal merit.
    TieBreak,
    /// Priority is ignored.
    None,
}

crate::vocab::deserialize_wire!(PriorityMode {
    TierFirst = "tier_first",
    TieBreak = "tie_break",
    None = "none",
});

/// `late_list_policy` (§4.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LateListPolicy {
    /// A warning `late_list`; nothing else changes.
    Flag,
    /// The late province recommends no one; its candidates go to the provincial teams.
    Exclude,
}

crate::vocab::deserialize_wire!(LateListPolicy {
    Flag = "flag",
    Exclude = "exclude",
});

/// The report score's weights and caps (§4.14), the same for every task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreParams {
    pub coverage: f64,
    pub breadth: f64,
    pub reach: f64,
    pub outputs: f64,
    pub breadth_cap: u32,
    pub reach_cap: u32,
    pub outputs_cap: u32,
}

/// Every parameter of §5, with its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub eligible_branch_kinds: Vec<BranchKind>,
    pub plan_min_activities_per_task: u32,
    pub exempt_studio_batches: Vec<u8>,
    pub priority_model_batches: Vec<u8>,
    pub priority_cultivation_batches: Vec<u8>,
    pub priority_mode: PriorityMode,
    pub recommendation_deadline: Date,
    pub deadline_inclusive: bool,
    pub late_list_policy: LateListPolicy,
    pub cycle_start: Date,
    pub cycle_years: u32,
    pub report_window_days: u32,
    pub report_grace_days: u32,
    pub min_activities_per_task: u32,
    pub min_description_chars: u32,
    pub require_evidence: bool,
    pub score: ScoreParams,
}

/// Overrides of the report score's weights and caps; each field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breadth: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breadth_cap: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach_cap: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs_cap: Option<u32>,
}

crate::de::deserialize_struct!(ScoreOverrides {
    coverage: optional,
    breadth: optional,
    reach: optional,
    outputs: optional,
    breadth_cap: optional,
    reach_cap: optional,
    outputs_cap: optional
});

/// `RulesetOverrides`: one flat object keyed by the parameter names; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesetOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_branch_kinds: Option<Vec<BranchKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_min_activities_per_task: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exempt_studio_batches: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_model_batches: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_cultivation_batches: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_mode: Option<PriorityMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation_deadline: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_inclusive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_list_policy: Option<LateListPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_start: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_window_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_grace_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_activities_per_task: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_description_chars: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_evidence: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreOverrides>,
}

crate::de::deserialize_struct!(RulesetOverrides {
    eligible_branch_kinds: optional,
    plan_min_activities_per_task: optional,
    exempt_studio_batches: optional,
    priority_model_batches: optional,
    priority_cultivation_batches: optional,
    priority_mode: optional,
    recommendation_deadline: optional,
    deadline_inclusive: optional,
    late_list_policy: optional,
    cycle_start: optional,
    cycle_years: optional,
    report_window_days: optional,
    report_grace_days: optional,
    min_activities_per_task: optional,
    min_description_chars: optional,
    require_evidence: optional,
    score: optional
});

/// What every result carries to name the rules that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesetStamp {
    pub edition: String,
    /// `"sha256:"` + hex SHA-256 of the ruleset's canonical JSON.
    pub hash: String,
    /// The engine's version.
    pub engine: String,
}

/// A ruleset: an edition and the value of every parameter, with its content hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Ruleset {
    edition: String,
    params: Params,
    hash: String,
}

/// The engine's version, as results report it.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Upper bound on `cycle_years`, to keep date arithmetic far from chrono's limits.
const MAX_CYCLE_YEARS: u32 = 100;

impl Ruleset {
    /// The built-in 2024 edition: every default of RULES.md.
    ///
    /// # Example
    /// ```
    /// let rs = qgx_core::Ruleset::edition_2024();
    /// assert_eq!(rs.edition(), "2024");
    /// assert_eq!(rs.params().cycle_years, 3);
    /// assert!(rs.hash().starts_with("sha256:"));
    /// ```
    #[allow(clippy::expect_used)]
    pub fn edition_2024() -> Ruleset {
        // The built-in file is compile-time data, not input; the unit test
        // `built_in_edition_is_valid` proves it parses.
        Ruleset::from_document(EDITION_2024).expect("the built-in 2024 ruleset is valid")
    }

    /// Parses a whole ruleset document: `{"edition": …, every parameter}`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleset`] when a parameter is missing, unknown, of the wrong type or
    /// out of range.
    pub fn from_document(text: &str) -> Result<Ruleset, Error> {
        let mut doc: Map<String, Value> =
            from_json_str(text).map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        let edition = match doc.remove("edition") {
            Some(Value::String(s)) => s,
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidRuleset,
                    "/edition",
                    "expected the edition as a string",
                ));
            }
        };
        let params: Params = from_json_value(Value::Object(doc))
            .map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        Ruleset::from_params(edition, params)
    }

    /// A ruleset of this edition with these parameter values.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleset`] when a value is out of range (see [`Params`]' checks:
    /// `cycle_years` in 1..=100, caps at least 1, weights finite, non-negative and at most 25
    /// per task in all).
    pub fn from_params(edition: impl Into<String>, params: Params) -> Result<Ruleset, Error> {
        validate(&params)?;
        let edition = edition.into();
        let hash = hash_of(&edition, &params);
        Ok(Ruleset {
            edition,
            params,
            hash,
        })
    }

    /// This ruleset with `overrides` merged over it, field by field.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleset`] when a merged value is out of range.
    ///
    /// # Example
    /// ```
    /// use qgx_core::{Ruleset, RulesetOverrides, PriorityMode};
    /// let base = Ruleset::edition_2024();
    /// let rs = base.with_overrides(&RulesetOverrides {
    ///     priority_mode: Some(PriorityMode::TieBreak),
    ///     ..Default::default()
    /// }).unwrap();
    /// assert_eq!(rs.params().priority_mode, PriorityMode::TieBreak);
    /// assert_ne!(rs.hash(), base.hash());
    /// ```
    pub fn with_overrides(&self, overrides: &RulesetOverrides) -> Result<Ruleset, Error> {
        let value = serde_json::to_value(overrides).map_err(|e| {
            Error::new(
                ErrorKind::InvalidRuleset,
                "",
                format!("cannot read overrides: {e}"),
            )
        })?;
        self.with_overrides_value(value)
    }

    /// This ruleset with overrides given as a JSON value (an object keyed by parameter names).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleset`] naming the key, when it is unknown, of the wrong type or
    /// out of range.
    pub fn with_overrides_value(&self, overrides: Value) -> Result<Ruleset, Error> {
        let Value::Object(over) = overrides else {
            return Err(Error::new(
                ErrorKind::InvalidRuleset,
                "",
                "expected an object of ruleset parameters",
            ));
        };
        // Validate the keys and types first, against the overrides' own shape.
        let _: RulesetOverrides = from_json_value(Value::Object(over.clone()))
            .map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        let mut merged = match serde_json::to_value(&self.params) {
            Ok(Value::Object(m)) => m,
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidRuleset,
                    "",
                    "cannot represent the base ruleset",
                ));
            }
        };
        for (key, value) in over {
            if value.is_null() {
                continue;
            }
            match (merged.get_mut(&key), value) {
                (Some(Value::Object(base)), Value::Object(part)) => {
                    for (k, v) in part {
                        if !v.is_null() {
                            base.insert(k, v);
                        }
                    }
                }
                (_, value) => {
                    merged.insert(key, value);
                }
            }
        }
        let params: Params = from_json_value(Value::Object(merged))
            .map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        Ruleset::from_params(self.edition.clone(), params)
    }

    /// This ruleset with overrides given as JSON text.
    ///
    /// # Errors
    /// As [`Ruleset::with_overrides_value`]; [`ErrorKind::Syntax`] when the text is not JSON.
    pub fn with_overrides_json(&self, text: &str) -> Result<Ruleset, Error> {
        let value: Value = from_json_str(text)?;
        self.with_overrides_value(value)
    }

    /// The edition, e.g. `"2024"`.
    pub fn edition(&self) -> &str {
        &self.edition
    }

    /// Every parameter's value.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// `"sha256:"` + the hex SHA-256 of [`Ruleset::canonical_json`].
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// What results carry: edition, hash and engine version.
    pub fn stamp(&self) -> RulesetStamp {
        RulesetStamp {
            edition: self.edition.clone(),
            hash: self.hash.clone(),
            engine: ENGINE_VERSION.to_owned(),
        }
    }

    /// The canonical JSON the hash is taken of: `{"edition": …, every parameter}`, keys sorted
    /// at every level, no whitespace, integers without a decimal point.
    pub fn canonical_json(&self) -> String {
        canonical_json(&self.edition, &self.params)
    }

    /// The ruleset as a JSON value (`{"edition": …, every parameter}`), as `qgx ruleset` prints it.
    pub fn to_value(&self) -> Value {
        document_value(&self.edition, &self.params)
    }
}

impl Default for Ruleset {
    fn default() -> Self {
        Ruleset::edition_2024()
    }
}

fn invalid(path: &str, message: &str) -> Error {
    Error::new(ErrorKind::InvalidRuleset, path, message)
}

fn validate(p: &Params) -> Result<(), Error> {
    if p.cycle_years == 0 || p.cycle_years > MAX_CYCLE_YEARS {
        return Err(invalid(
            "/cycle_years",
            "expected a number of years in 1..=100",
        ));
    }
    if p.report_window_days == 0 || p.report_window_days > 366 {
        return Err(invalid(
            "/report_window_days",
            "expected a number of days in 1..=366",
        ));
    }
    if p.report_grace_days > 366 {
        return Err(invalid(
            "/report_grace_days",
            "expected a number of days in 0..=366",
        ));
    }
    let s = &p.score;
    for (name, w) in [
        ("coverage", s.coverage),
        ("breadth", s.breadth),
        ("reach", s.reach),
        ("outputs", s.outputs),
    ] {
        if !w.is_finite() || w < 0.0 {
            return Err(invalid(
                &format!("/score/{name}"),
                "expected a finite, non-negative weight",
            ));
        }
    }
    if s.coverage + s.breadth + s.reach + s.outputs > 25.0 {
        return Err(invalid(
            "/score",
            "the four weights of a task must add up to at most 25 (four tasks, 100 in all)",
        ));
    }
    for (name, cap) in [
        ("breadth_cap", s.breadth_cap),
        ("reach_cap", s.reach_cap),
        ("outputs_cap", s.outputs_cap),
    ] {
        if cap == 0 {
            return Err(invalid(
                &format!("/score/{name}"),
                "expected a cap of at least 1",
            ));
        }
    }
    Ok(())
}

fn document_value(edition: &str, params: &Params) -> Value {
    let mut doc = match serde_json::to_value(params) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    doc.insert("edition".to_owned(), Value::String(edition.to_owned()));
    Value::Object(doc)
}

fn canonical_json(edition: &str, params: &Params) -> String {
    let mut out = String::new();
    write_canonical(&document_value(edition, params), &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = m.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
                // Integral floats are written as integers (`10`, not `10.0`).
                #[allow(clippy::cast_possible_truncation)]
                out.push_str(&(f as i64).to_string());
            }
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}

fn hash_of(edition: &str, params: &Params) -> String {
    let digest = Sha256::digest(canonical_json(edition, params).as_bytes());
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for b in digest.iter() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_edition_is_valid() {
        let rs = Ruleset::from_document(EDITION_2024).unwrap();
        let p = rs.params();
        assert_eq!(p.eligible_branch_kinds, vec![BranchKind::Teacher]);
        assert_eq!(p.exempt_studio_batches, vec![1, 2, 3]);
        assert_eq!(p.priority_cultivation_batches, vec![4]);
        assert_eq!(p.recommendation_deadline.to_string(), "2024-08-02");
        assert!(p.deadline_inclusive);
        assert_eq!(p.late_list_policy, LateListPolicy::Flag);
        assert_eq!(p.cycle_start.to_string(), "2024-09-01");
        assert_eq!((p.report_window_days, p.report_grace_days), (60, 0));
        assert_eq!(
            (p.min_activities_per_task, p.min_description_chars),
            (1, 20)
        );
        assert_eq!(p.score.reach_cap, 200);
    }

    #[test]
    fn canonical_json_is_sorted_compact_and_integral() {
        let c = Ruleset::edition_2024().canonical_json();
        assert!(c.starts_with(r#"{"cycle_start":"2024-09-01","cycle_years":3,"deadline_inclusive":true,"edition":"2024","#), "{c}");
        assert!(c.contains(r#""score":{"breadth":5,"breadth_cap":3,"coverage":10,"outputs":5,"outputs_cap":2,"reach":5,"reach_cap":200}"#), "{c}");
        assert!(!c.contains(' ') && !c.contains(".0"));
    }

    #[test]
    fn hash_is_stable_and_content_addressed() {
        let a = Ruleset::edition_2024();
        let b = Ruleset::edition_2024();
        assert_eq!(a.hash(), b.hash());
        assert_eq!(a.hash().len(), "sha256:".len() + 64);
        // An override to the same value is the same ruleset.
        let same = a.with_overrides_json(r#"{"cycle_years": 3}"#).unwrap();
        assert_eq!(same.hash(), a.hash());
        let other = a.with_overrides_json(r#"{"cycle_years": 4}"#).unwrap();
        assert_ne!(other.hash(), a.hash());
    }

    #[test]
    fn overrides_merge_field_by_field_including_score() {
        let rs = Ruleset::edition_2024()
            .with_overrides_json(r#"{"score": {"reach": 2.5}, "deadline_inclusive": false, "eligible_branch_kinds": ["teacher", "teacher_student"]}"#)
            .unwrap();
        let p = rs.params();
        assert_eq!(p.score.reach, 2.5);
        assert_eq!(p.score.coverage, 10.0);
        assert!(!p.deadline_inclusive);
        assert_eq!(p.eligible_branch_kinds.len(), 2);
    }

    #[test]
    fn bad_overrides_name_the_key() {
        let base = Ruleset::edition_2024();
        let e = base
            .with_overrides_json(r#"{"cycle_yeras": 3}"#)
            .unwrap_err();
        assert!(e.is_invalid_ruleset());
        assert_eq!(e.path(), "/cycle_yeras");
        let e = base
            .with_overrides_json(r#"{"cycle_years": "3"}"#)
            .unwrap_err();
        assert!(e.is_invalid_ruleset());
        assert_eq!(e.path(), "/cycle_years");
        let e = base
            .with_overrides_json(r#"{"score": {"reach_cap": 0}}"#)
            .unwrap_err();
        assert_eq!(e.path(), "/score/reach_cap");
        let e = base
            .with_overrides_json(r#"{"score": {"speed": 1}}"#)
            .unwrap_err();
        assert_eq!(e.path(), "/score/speed");
        let e = base
            .with_overrides_json(r#"{"cycle_years": 0}"#)
            .unwrap_err();
        assert_eq!(e.path(), "/cycle_years");
        let e = base
            .with_overrides_json(r#"{"priority_mode": "fast"}"#)
            .unwrap_err();
        assert_eq!(e.path(), "/priority_mode");
        let e = base
            .with_overrides_json(r#"{"score": {"coverage": 20}}"#)
            .unwrap_err();
        assert_eq!(e.path(), "/score");
        let e = base.with_overrides_json("[1]").unwrap_err();
        assert!(e.is_invalid_ruleset());
    }

    #[test]
    fn typed_overrides_equal_json_overrides() {
        let base = Ruleset::edition_2024();
        let typed = base
            .with_overrides(&RulesetOverrides {
                late_list_policy: Some(LateListPolicy::Exclude),
                score: Some(ScoreOverrides {
                    outputs_cap: Some(3),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .unwrap();
        let json = base
            .with_overrides_json(r#"{"late_list_policy": "exclude", "score": {"outputs_cap": 3}}"#)
            .unwrap();
        assert_eq!(typed, json);
    }
}
