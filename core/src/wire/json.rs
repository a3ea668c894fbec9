//! The `_json` twins: each takes JSON text (and plain strings for dates) and returns JSON text,
//! for bindings and tools that pass strings. Output is the exact bytes every language sees.

use serde::Serialize;

use crate::model::{AnnualReport, Application, Plan, Registry, SelectionInput, SummaryInput};
use crate::ruleset::Ruleset;
use crate::time::{Date, Timestamp};
use crate::wire::error::{Error, ErrorKind, from_json_str, from_json_value};

fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            "",
            format!("cannot write the result: {e}"),
        )
    })
}

/// Parses an `as_of` argument (`YYYY-MM-DD`).
///
/// # Errors
/// [`ErrorKind::InvalidArgument`] at `/as_of` when it is not such a date.
pub fn parse_as_of(as_of: &str) -> Result<Date, Error> {
    Date::parse(as_of).map_err(|m| Error::new(ErrorKind::InvalidArgument, "/as_of", m))
}

/// Parses a `submitted_at` argument (RFC 3339; without an offset it is read as +08:00).
///
/// # Errors
/// [`ErrorKind::InvalidArgument`] at `/submitted_at` when it is not such a timestamp.
pub fn parse_submitted_at(submitted_at: &str) -> Result<Timestamp, Error> {
    Timestamp::parse(submitted_at)
        .map_err(|m| Error::new(ErrorKind::InvalidArgument, "/submitted_at", m))
}

fn parse_opt_as_of(as_of: Option<&str>) -> Result<Option<Date>, Error> {
    as_of.map(parse_as_of).transpose()
}

/// [`check_application`](crate::check_application) on an Application's JSON, with the
/// Registry's JSON when given.
///
/// # Errors
/// Malformed input, naming where (see [`Error`]).
pub fn check_application_json(
    application: &str,
    registry: Option<&str>,
    ruleset: &Ruleset,
) -> Result<String, Error> {
    let app: Application = from_json_str(application)?;
    let registry: Option<Registry> = registry
        .map(from_json_str)
        .transpose()
        .map_err(|e| e.under("/registry"))?;
    to_json(&crate::check_application(&app, registry.as_ref(), ruleset)?)
}

/// [`check_plan`](crate::check_plan) on a Plan's JSON.
///
/// # Errors
/// Malformed input, naming where.
pub fn check_plan_json(plan: &str, ruleset: &Ruleset) -> Result<String, Error> {
    let plan: Plan = from_json_str(plan)?;
    to_json(&crate::check_plan(&plan, ruleset))
}

/// [`check_report`](crate::check_report) on an AnnualReport's JSON.
///
/// # Errors
/// Malformed input or a bad `as_of`, naming where.
pub fn check_report_json(
    report: &str,
    as_of: Option<&str>,
    ruleset: &Ruleset,
) -> Result<String, Error> {
    let as_of = parse_opt_as_of(as_of)?;
    let report: AnnualReport = from_json_str(report)?;
    to_json(&crate::check_report(&report, as_of, ruleset))
}

/// [`check_reports`](crate::check_reports) on a JSON array of AnnualReports; returns an array.
///
/// # Errors
/// Malformed input (the path starts with the report's index) or a bad `as_of`.
pub fn check_reports_json(
    reports: &str,
    as_of: Option<&str>,
    ruleset: &Ruleset,
) -> Result<String, Error> {
    let as_of = parse_opt_as_of(as_of)?;
    let reports: Vec<AnnualReport> = from_json_str(reports)?;
    to_json(&crate::check_reports(&reports, as_of, ruleset))
}

/// [`select`](crate::select) on a Selection input's JSON.
///
/// # Errors
/// Malformed input or bad overrides, naming where.
pub fn select_json(input: &str, ruleset: &Ruleset) -> Result<String, Error> {
    to_json(&crate::select(&parse_selection(input)?, ruleset)?)
}

/// [`summarize_cycle`](crate::summarize_cycle) on a Summary input's JSON, as of `as_of`.
///
/// # Errors
/// A bad `as_of` (at `/as_of`), malformed input or bad overrides, naming where.
pub fn summarize_cycle_json(input: &str, as_of: &str, ruleset: &Ruleset) -> Result<String, Error> {
    let as_of = parse_as_of(as_of)?;
    to_json(&crate::summarize_cycle(
        &parse_summary(input)?,
        as_of,
        ruleset,
    )?)
}

/// [`compare`](crate::compare) on two Selection inputs' JSON.
///
/// # Errors
/// Malformed input or bad overrides, naming where (under `/base` or `/variant`).
pub fn compare_json(base: &str, variant: &str, ruleset: &Ruleset) -> Result<String, Error> {
    let base = parse_selection(base).map_err(|e| e.under("/base"))?;
    let variant = parse_selection(variant).map_err(|e| e.under("/variant"))?;
    to_json(&crate::compare(&base, &variant, ruleset)?)
}

/// The catalog of finding codes as JSON: code, severity and the zh and en message templates.
///
/// # Errors
/// None in practice (the catalog is data the crate holds); the signature matches the other twins.
pub fn catalog_json() -> Result<String, Error> {
    to_json(&crate::catalog())
}

/// Parses a Summary input. A problem inside its `ruleset` field is an
/// [`ErrorKind::InvalidRuleset`] at `/ruleset/…`, as for a Selection input.
///
/// # Errors
/// Malformed input, naming where.
pub fn parse_summary(input: &str) -> Result<SummaryInput, Error> {
    from_json_str(input).map_err(ruleset_errors_as_such)
}

/// [`parse_summary`] for a parsed JSON value (bindings that hold native objects).
///
/// # Errors
/// Malformed input, naming where; a problem inside `ruleset` is [`ErrorKind::InvalidRuleset`].
pub fn summary_from_value(input: serde_json::Value) -> Result<SummaryInput, Error> {
    from_json_value(input).map_err(ruleset_errors_as_such)
}

/// Parses a Selection input. A problem inside its `ruleset` field is an
/// [`ErrorKind::InvalidRuleset`] (at `/ruleset/…`), as it is when the overrides come on their own.
///
/// # Errors
/// Malformed input, naming where.
pub fn parse_selection(input: &str) -> Result<SelectionInput, Error> {
    from_json_str(input).map_err(ruleset_errors_as_such)
}

/// [`parse_selection`] for a parsed JSON value (bindings that hold native objects).
///
/// # Errors
/// Malformed input, naming where; a problem inside `ruleset` is [`ErrorKind::InvalidRuleset`].
pub fn selection_from_value(input: serde_json::Value) -> Result<SelectionInput, Error> {
    from_json_value(input).map_err(ruleset_errors_as_such)
}

/// The rule for an input that carries its own `ruleset` member (a Selection or Summary input):
/// a problem inside it is an [`ErrorKind::InvalidRuleset`] at `/ruleset/…`, whatever read it.
/// Bindings that read such an input from their own objects apply it to their errors.
#[must_use]
pub fn ruleset_errors_as_such(e: Error) -> Error {
    if e.path() == "/ruleset" || e.path().starts_with("/ruleset/") {
        e.into_kind(ErrorKind::InvalidRuleset)
    } else {
        e
    }
}

/// [`cycle_status`](crate::cycle_status) for `as_of` (`YYYY-MM-DD`).
///
/// # Errors
/// A bad `as_of`.
pub fn cycle_status_json(as_of: &str, ruleset: &Ruleset) -> Result<String, Error> {
    to_json(&crate::cycle_status(parse_as_of(as_of)?, ruleset))
}

/// [`report_status`](crate::report_status) for report `year`, with the submission's timestamp
/// when there is one.
///
/// # Errors
/// A bad `as_of`, `submitted_at` (at `/submitted_at`) or `year` (at `/year`).
pub fn report_status_json(
    year: u32,
    submitted_at: Option<&str>,
    as_of: &str,
    ruleset: &Ruleset,
) -> Result<String, Error> {
    let as_of = parse_as_of(as_of)?;
    let submitted = submitted_at.map(parse_submitted_at).transpose()?;
    to_json(&crate::report_status(
        year,
        submitted.as_ref(),
        as_of,
        ruleset,
    )?)
}

/// [`next_due`](crate::next_due) for `as_of`; `null` once every report is past due.
///
/// # Errors
/// A bad `as_of`.
pub fn next_due_json(as_of: &str, ruleset: &Ruleset) -> Result<String, Error> {
    to_json(&crate::next_due(parse_as_of(as_of)?, ruleset))
}

/// The JSON Schema called `name` (see [`SCHEMA_NAMES`](crate::SCHEMA_NAMES)), as text.
///
/// # Errors
/// [`ErrorKind::UnknownSchema`] for an unknown name.
pub fn schema_json(name: &str) -> Result<String, Error> {
    to_json(&crate::schema(name)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_from_a_value_reads_as_from_text() {
        let text = r#"{"applications": [], "provinces": [], "ruleset": {"priority_mode": "x"}}"#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let by_text = parse_selection(text).unwrap_err();
        let by_value = selection_from_value(value).unwrap_err();
        assert_eq!(by_value.kind(), ErrorKind::InvalidRuleset);
        assert_eq!(by_value.path(), "/ruleset/priority_mode");
        assert_eq!(
            (by_text.kind(), by_text.path()),
            (by_value.kind(), by_value.path())
        );
        let ok = serde_json::json!({"applications": [], "provinces": []});
        assert!(selection_from_value(ok).is_ok());
    }

    #[test]
    fn date_arguments_are_invalid_arguments_at_their_name() {
        let e = parse_as_of("2025-9-1").unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidArgument, "/as_of"));
        let e = parse_submitted_at("2025-08-20T25:00:00+08:00").unwrap_err();
        assert_eq!(
            (e.kind(), e.path()),
            (ErrorKind::InvalidArgument, "/submitted_at")
        );
        let t = parse_submitted_at("2025-08-20T10:00:00").unwrap();
        assert_eq!(t.date_cst().to_string(), "2025-08-20");
    }

    #[test]
    fn error_kinds_have_their_wire_names() {
        for kind in [
            ErrorKind::Syntax,
            ErrorKind::InvalidInput,
            ErrorKind::InvalidRuleset,
            ErrorKind::InvalidArgument,
            ErrorKind::UnknownSchema,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
