//! Rulesets (RULES.md §5): what the notice leaves open, as named parameters with defaults.
//!
//! The 2024 edition is built in as the data file `rulesets/2024.json`. Overrides merge over it
//! field by field (the `score` object too) and are validated; each ruleset has a stable content
//! hash that every result carries.

use std::fmt::{self, Write as _};

use chrono::Datelike;

use schemars::JsonSchema;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::time::Date;
use crate::vocab::BranchKind;
use crate::wire::error::{Error, ErrorKind, from_json_str, from_json_value};

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
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
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

crate::wire::de::deserialize_struct!(ScoreParams {
    coverage: required,
    breadth: required,
    reach: required,
    outputs: required,
    breadth_cap: required,
    reach_cap: required,
    outputs_cap: required
});

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

crate::wire::de::deserialize_struct!(ScoreOverrides {
    coverage: optional,
    breadth: optional,
    reach: optional,
    outputs: optional,
    breadth_cap: optional,
    reach_cap: optional,
    outputs_cap: optional
});

/// `duplicate_keep` (§4.5): which of one person's applications R-DUP keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKeep {
    /// The latest `submitted_at` (ties: the greatest id): a resubmission corrects the earlier one.
    Latest,
    /// The earliest `submitted_at` (ties: the smallest id).
    Earliest,
}

crate::vocab::deserialize_wire!(DuplicateKeep {
    Latest = "latest",
    Earliest = "earliest",
});

/// How an override of one parameter merges over its value: the value itself replaces it,
/// except for `score`, whose overrides merge field by field.
trait Merge<O> {
    fn merge(&mut self, over: &O);
}

impl<T: Clone> Merge<T> for T {
    fn merge(&mut self, over: &T) {
        self.clone_from(over);
    }
}

impl Merge<ScoreOverrides> for ScoreParams {
    fn merge(&mut self, o: &ScoreOverrides) {
        macro_rules! fields {
            ($($f:ident),+) => { $(if let Some(v) = o.$f { self.$f = v; })+ };
        }
        fields!(
            coverage,
            breadth,
            reach,
            outputs,
            breadth_cap,
            reach_cap,
            outputs_cap
        );
    }
}

/// How a parameter's value is written in the canonical JSON (§5): compact, keys sorted,
/// integral numbers without a decimal point.
trait Canonical {
    fn canonical(&self) -> String;
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

macro_rules! canonical_as_json {
    ($($t:ty),+) => {
        $(impl Canonical for $t {
            fn canonical(&self) -> String {
                json(self)
            }
        })+
    };
}

canonical_as_json!(
    u32,
    bool,
    Date,
    Vec<u8>,
    Vec<BranchKind>,
    PriorityMode,
    LateListPolicy,
    DuplicateKeep
);

impl Canonical for f64 {
    fn canonical(&self) -> String {
        if self.fract() == 0.0 && self.abs() < 9.0e15 {
            #[allow(clippy::cast_possible_truncation)]
            return (*self as i64).to_string();
        }
        json(self)
    }
}

impl Canonical for ScoreParams {
    fn canonical(&self) -> String {
        let s = self;
        object(vec![
            ("breadth", s.breadth.canonical()),
            ("breadth_cap", s.breadth_cap.canonical()),
            ("coverage", s.coverage.canonical()),
            ("outputs", s.outputs.canonical()),
            ("outputs_cap", s.outputs_cap.canonical()),
            ("reach", s.reach.canonical()),
            ("reach_cap", s.reach_cap.canonical()),
        ])
    }
}

/// A JSON object of already-written members, in key order.
fn object(mut members: Vec<(&str, String)>) -> String {
    crate::sort::sort_by(&mut members, |a, b| a.0.cmp(b.0));
    let mut out = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json(*key));
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

/// The type of an override of a parameter: its own type unless another is named.
macro_rules! override_type {
    ($t:ty) => {
        $t
    };
    ($t:ty => $o:ty) => {
        $o
    };
}

/// The parameter table of RULES.md §5, declared once: each parameter's name, type (and, for
/// `score`, its override type) and documentation. It makes [`Params`], [`RulesetOverrides`],
/// their readers, the merge of overrides and the canonical JSON the hash is taken of.
macro_rules! parameters {
    ($($(#[doc = $doc:literal])+ $name:ident: $t:ty $(=> $o:ty)?,)+) => {
        /// Every parameter of §5, with its value.
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Params {
            $($(#[doc = $doc])+ pub $name: $t,)+
        }

        crate::wire::de::deserialize_struct!(Params { $($name: required),+ });

        /// `RulesetOverrides`: one flat object keyed by the parameter names; every field optional.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct RulesetOverrides {
            $($(#[doc = $doc])+
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $name: Option<override_type!($t $(=> $o)?)>,)+
        }

        crate::wire::de::deserialize_struct!(RulesetOverrides { $($name: optional),+ });

        impl Params {
            /// These values with `o` merged over them, field by field (`score` too).
            fn merged(&self, o: &RulesetOverrides) -> Params {
                let mut p = self.clone();
                $(if let Some(v) = &o.$name {
                    Merge::merge(&mut p.$name, v);
                })+
                p
            }

            /// Every parameter's name and canonical JSON value.
            fn canonical_members(&self) -> Vec<(&'static str, String)> {
                vec![$((stringify!($name), self.$name.canonical()),)+]
            }
        }
    };
}

parameters! {
    /// Branch kinds that may apply (§4.1).
    eligible_branch_kinds: Vec<BranchKind>,
    /// Valid planned activities needed per task (§4.2).
    plan_min_activities_per_task: u32,
    /// National studio batches outside every quota (§4.6).
    exempt_studio_batches: Vec<u8>,
    /// National model-branch batches with priority (§4.7).
    priority_model_batches: Vec<u8>,
    /// Cultivation-unit batches with priority (§4.7).
    priority_cultivation_batches: Vec<u8>,
    /// How priority ranks (§4.7).
    priority_mode: PriorityMode,
    /// The province list's deadline (§4.11).
    recommendation_deadline: Date,
    /// 之前 read as "on or before" (`false`: strictly before) (§4.11).
    deadline_inclusive: bool,
    /// What a late list costs (§4.11).
    late_list_policy: LateListPolicy,
    /// The cycle's first day (§4.12).
    cycle_start: Date,
    /// The cycle's length in years, 1..=100 (§4.12).
    cycle_years: u32,
    /// A report's window: the last days of its year (§4.12).
    report_window_days: u32,
    /// Days after a year's end before its report is late (§4.12).
    report_grace_days: u32,
    /// Valid activities needed per task in a report (§4.13).
    min_activities_per_task: u32,
    /// Characters a description needs (§4.13).
    min_description_chars: u32,
    /// Whether every activity needs evidence (§4.13).
    require_evidence: bool,
    /// The report score's weights and caps (§4.14).
    score: ScoreParams => ScoreOverrides,
    /// Which of one person's applications R-DUP keeps (§4.5).
    duplicate_keep: DuplicateKeep,
    /// The cycle score a typical-case candidate needs, 0..=100 (§4.15).
    case_min_score: f64,
    /// Typical-case candidates shortlisted per province (§4.15).
    case_shortlist_size: u32,
    /// Typical-case candidates shortlisted nationally (§4.15).
    case_shortlist_national_size: u32,
}

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
    #[allow(clippy::panic)]
    pub fn edition_2024() -> Ruleset {
        // The built-in file is compile-time data, not input; the unit test
        // `built_in_edition_is_valid` proves it parses. (No `expect`: formatting the error
        // would bring `Debug` code into every WebAssembly module for a case that cannot occur.)
        match Ruleset::from_document(EDITION_2024) {
            Ok(rs) => rs,
            Err(_) => panic!("the built-in 2024 ruleset is invalid"),
        }
    }

    /// Parses a whole ruleset document: `{"edition": …, every parameter}`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleset`] when a parameter is missing, unknown, of the wrong type or
    /// out of range.
    pub fn from_document(text: &str) -> Result<Ruleset, Error> {
        let Document { edition, params } =
            from_json_str(text).map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        Ruleset::from_params(edition, params)
    }

    /// A ruleset from JSON text that is either a whole document (it has `edition`) or
    /// overrides of edition 2024 (it has not), as the bindings' `ruleset` options take it.
    ///
    /// # Errors
    /// As [`Ruleset::from_document`] or [`Ruleset::with_overrides_json`].
    ///
    /// # Example
    /// ```
    /// use qgx_core::Ruleset;
    /// let over = Ruleset::from_json(r#"{"cycle_years": 4}"#).unwrap();
    /// assert_eq!(over.params().cycle_years, 4);
    /// let doc = Ruleset::from_json(&over.canonical_json()).unwrap();
    /// assert_eq!(doc.hash(), over.hash());
    /// ```
    pub fn from_json(text: &str) -> Result<Ruleset, Error> {
        if names_edition(text) {
            Ruleset::from_document(text)
        } else {
            Ruleset::edition_2024().with_overrides_json(text)
        }
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
        let p = self.params.merged(overrides);
        Ruleset::from_params(self.edition.clone(), p)
    }

    /// This ruleset with overrides given as a JSON value (an object keyed by parameter names).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleset`] naming the key, when it is unknown, of the wrong type or
    /// out of range.
    pub fn with_overrides_value(&self, overrides: Value) -> Result<Ruleset, Error> {
        let overrides: RulesetOverrides =
            from_json_value(overrides).map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        self.with_overrides(&overrides)
    }

    /// This ruleset with overrides given as JSON text.
    ///
    /// # Errors
    /// As [`Ruleset::with_overrides_value`]; [`ErrorKind::Syntax`] when the text is not JSON.
    pub fn with_overrides_json(&self, text: &str) -> Result<Ruleset, Error> {
        let overrides: RulesetOverrides =
            from_json_str(text).map_err(|e| e.into_kind(ErrorKind::InvalidRuleset))?;
        self.with_overrides(&overrides)
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
    // Every date the cycle makes must be a date the wire format can write (years 0..=9999).
    let last = crate::law::cycle::cycle_year(p, p.cycle_years);
    if last.is_none_or(|y| y.due.naive().year() > 9999 || y.start.naive().year() < 1) {
        return Err(invalid(
            "/cycle_start",
            "the cycle's dates (its last report's due date included) must fall in the years 1 to 9999",
        ));
    }
    if !(0.0..=100.0).contains(&p.case_min_score) {
        return Err(invalid(
            "/case_min_score",
            "expected a cycle score in 0..=100",
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

/// The canonical JSON of a ruleset document, written member by member in sorted order (the
/// test `canonical_json_is_the_sorted_document` checks it against sorting the serialised
/// document), so that no JSON tree is built: keys sorted at every level, no white space,
/// integral numbers without a decimal point.
fn canonical_json(edition: &str, p: &Params) -> String {
    let mut members = p.canonical_members();
    members.push(("edition", json(edition)));
    object(members)
}

/// A whole ruleset document: `edition` beside every parameter.
struct Document {
    edition: String,
    params: Params,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ruleset document")
    }

    /// The parameters are read as `Params` from the same object, with `edition` set aside.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Document, A::Error> {
        let mut edition = None;
        let params = Params::deserialize(MapAccessDeserializer::new(EditionAside {
            map,
            edition: &mut edition,
        }))?;
        let edition = edition.ok_or_else(|| de::Error::missing_field("edition"))?;
        Ok(Document { edition, params })
    }
}

/// A document's members but `edition`, which is stored aside as it goes by.
struct EditionAside<'a, A> {
    map: A,
    edition: &'a mut Option<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for EditionAside<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key::<String>()? {
            if key != "edition" {
                return seed.deserialize(key.into_deserializer()).map(Some);
            }
            crate::wire::de::read_once(&mut self.map, self.edition, "edition")?;
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// Whether JSON text is an object with an `edition` member (up to the first problem, if any).
fn names_edition(text: &str) -> bool {
    struct Scan<'a>(&'a mut bool);
    impl<'de> Visitor<'de> for Scan<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "edition" {
                    *self.0 = true;
                    break;
                }
                map.next_value::<de::IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut found = false;
    let _ = serde_json::Deserializer::from_str(text).deserialize_map(Scan(&mut found));
    found
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
        assert!(c.starts_with(r#"{"case_min_score":80,"case_shortlist_national_size":30,"case_shortlist_size":5,"cycle_start":"2024-09-01","cycle_years":3,"deadline_inclusive":true,"duplicate_keep":"latest","edition":"2024","#), "{c}");
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
        assert_eq!(e.path(), "");
        let by_value = base
            .with_overrides_value(serde_json::json!([1]))
            .unwrap_err();
        assert_eq!(
            (by_value.kind(), by_value.message()),
            (e.kind(), e.message())
        );
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

    /// The sorted document the old way: a JSON tree, its keys sorted at every level.
    fn sorted_document(rs: &Ruleset) -> String {
        fn write(v: &Value, out: &mut String) {
            match v {
                Value::Object(m) => {
                    let mut keys: Vec<&String> = m.keys().collect();
                    keys.sort();
                    let members: Vec<String> = keys
                        .into_iter()
                        .map(|k| {
                            let mut s = format!("{}:", Value::String(k.clone()));
                            write(&m[k], &mut s);
                            s
                        })
                        .collect();
                    out.push_str(&format!("{{{}}}", members.join(",")));
                }
                Value::Array(a) => {
                    let items: Vec<String> = a.iter().map(|v| v.to_string()).collect();
                    out.push_str(&format!("[{}]", items.join(",")));
                }
                Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                    out.push_str(&(n.as_f64().unwrap() as i64).to_string());
                }
                other => out.push_str(&other.to_string()),
            }
        }
        let mut out = String::new();
        write(&rs.to_value(), &mut out);
        out
    }

    #[test]
    fn canonical_json_is_the_sorted_document() {
        let base = Ruleset::edition_2024();
        let every = base
            .with_overrides_json(
                r#"{"eligible_branch_kinds": ["teacher_student", "teacher"],
                "plan_min_activities_per_task": 2, "exempt_studio_batches": [],
                "priority_model_batches": [1, 9], "priority_cultivation_batches": [5],
                "priority_mode": "tie_break", "recommendation_deadline": "2025-01-31",
                "deadline_inclusive": false, "late_list_policy": "exclude",
                "cycle_start": "2025-03-01", "cycle_years": 5, "report_window_days": 30,
                "report_grace_days": 7, "min_activities_per_task": 3,
                "min_description_chars": 50, "require_evidence": true,
                "score": {"coverage": 7.25, "breadth": 4.5, "reach": 0.1, "outputs": 3,
                          "breadth_cap": 5, "reach_cap": 90, "outputs_cap": 4}}"#,
            )
            .unwrap();
        let named = Ruleset::from_params("边疆 \"2025\"\n", every.params().clone()).unwrap();
        for rs in [&base, &every, &named] {
            assert_eq!(rs.canonical_json(), sorted_document(rs));
            assert_eq!(Ruleset::from_document(&rs.canonical_json()).unwrap(), *rs);
        }
        assert_ne!(base.hash(), every.hash());
    }

    #[test]
    fn documents_name_what_is_wrong() {
        let doc = Ruleset::edition_2024().canonical_json();
        let cases = [
            (doc.replace(r#""edition":"2024","#, ""), "/edition"),
            (
                doc.replace(r#""edition":"2024""#, r#""edition":2024"#),
                "/edition",
            ),
            (doc.replace(r#""cycle_years":3,"#, ""), "/cycle_years"),
            (
                doc.replace(r#""cycle_years":3"#, r#""cycle_years":"3""#),
                "/cycle_years",
            ),
            (
                doc.replace(r#""cycle_years":3"#, r#""cycle_yeras":3"#),
                "/cycle_yeras",
            ),
            // A repeated member is named, as everywhere, by its object.
            (doc.replace(r#""cycle_years":3"#, r#""edition":"2""#), ""),
            (
                doc.replace(r#""cycle_years":3"#, r#""cycle_years":0"#),
                "/cycle_years",
            ),
            (
                doc.replace(r#""reach_cap":200"#, r#""reach_cap":-1"#),
                "/score/reach_cap",
            ),
        ];
        for (text, path) in cases {
            let e = Ruleset::from_document(&text).unwrap_err();
            assert_eq!(
                (e.kind(), e.path()),
                (ErrorKind::InvalidRuleset, path),
                "{text}"
            );
            if text.contains(r#""edition""#) {
                assert_eq!(Ruleset::from_json(&text).unwrap_err(), e);
            }
        }
        let e = Ruleset::from_document(&doc[..40]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
        let e = Ruleset::from_document("[]").unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidRuleset, ""));
    }

    #[test]
    fn json_text_is_a_document_when_it_names_the_edition() {
        let base = Ruleset::edition_2024();
        assert_eq!(Ruleset::from_json("{}").unwrap(), base);
        assert_eq!(Ruleset::from_json(&base.canonical_json()).unwrap(), base);
        let over = Ruleset::from_json(r#"{"cycle_years": 4}"#).unwrap();
        assert_eq!(over.params().cycle_years, 4);
        // Up to the first problem: a broken document is still read (and reported) as one.
        let e = Ruleset::from_json(r#"{"edition": "2024", "cycle_years": 3,"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
        let e = Ruleset::from_json(r#"{"edition": "2024", "cycle_years": 3}"#).unwrap_err();
        assert_eq!(e.path(), "/eligible_branch_kinds");
        let e = Ruleset::from_json(r#"{"cycle_years": "4"}"#).unwrap_err();
        assert_eq!(
            (e.kind(), e.path()),
            (ErrorKind::InvalidRuleset, "/cycle_years")
        );
        assert_eq!(
            Ruleset::from_json("nope").unwrap_err().kind(),
            ErrorKind::Syntax
        );
    }
}
