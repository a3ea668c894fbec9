//! JSON Schemas for every top-level input and output.

use schemars::{JsonSchema, schema_for};
use serde::Serialize;

use crate::wire::error::{Error, ErrorKind};

/// A whole ruleset document, as `qgx ruleset` prints it.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RulesetDocument {
    edition: String,
    #[serde(flatten)]
    params: crate::Params,
}

/// The names [`schema`] knows.
pub const SCHEMA_NAMES: &[&str] = &[
    "application",
    "plan",
    "province_config",
    "registry",
    "selection_input",
    "annual_report",
    "summary_input",
    "ruleset_overrides",
    "ruleset",
    "application_check",
    "plan_check",
    "report_check",
    "selection_result",
    "cycle_summary",
    "comparison",
    "cycle_status",
    "report_status",
    "next_due",
    "finding",
    "error",
];

/// The JSON Schema (draft 2020-12) of the shape called `name`.
///
/// # Errors
/// [`ErrorKind::UnknownSchema`] naming the known names.
///
/// # Example
/// ```
/// let s = qgx_core::schema("annual_report").unwrap();
/// assert_eq!(s["additionalProperties"], false);
/// assert!(qgx_core::schema("nope").is_err());
/// ```
pub fn schema(name: &str) -> Result<serde_json::Value, Error> {
    let s = match name {
        "application" => schema_for!(crate::Application),
        "plan" => schema_for!(crate::Plan),
        "province_config" => schema_for!(crate::ProvinceConfig),
        "registry" => schema_for!(crate::Registry),
        "selection_input" => schema_for!(crate::SelectionInput),
        "annual_report" => schema_for!(crate::AnnualReport),
        "summary_input" => schema_for!(crate::SummaryInput),
        "ruleset_overrides" => schema_for!(crate::RulesetOverrides),
        "ruleset" => schema_for!(RulesetDocument),
        "application_check" => schema_for!(crate::ApplicationCheck),
        "plan_check" => schema_for!(crate::PlanCheck),
        "report_check" => schema_for!(crate::ReportCheck),
        "selection_result" => schema_for!(crate::SelectionResult),
        "cycle_summary" => schema_for!(crate::CycleSummary),
        "comparison" => schema_for!(crate::Comparison),
        "cycle_status" => schema_for!(crate::CycleStatus),
        "report_status" => schema_for!(crate::ReportStatus),
        "next_due" => schema_for!(Option<crate::NextDue>),
        "finding" => schema_for!(crate::Finding),
        "error" => schema_for!(crate::Error),
        _ => {
            return Err(Error::new(
                ErrorKind::UnknownSchema,
                "",
                format!(
                    "unknown schema `{name}`, expected one of: {}",
                    SCHEMA_NAMES.join(", ")
                ),
            ));
        }
    };
    Ok(s.to_value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_schema_exists() {
        for name in SCHEMA_NAMES {
            let s = schema(name).unwrap();
            assert!(s.is_object(), "{name}");
        }
        let e = schema("nope").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownSchema);
    }
}
