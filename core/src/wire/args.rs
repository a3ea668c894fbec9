//! One definition of the bindings' arguments (what a `ruleset`, an `as_of`, a `year`, a
//! `submitted_at` may be), the calls every binding exposes, and error messages in a chosen
//! language: each binding converts its host's values and calls these, so that no binding keeps
//! its own copy of a rule.

use std::sync::OnceLock;

use crate::ruleset::Ruleset;
use crate::time::{Date, Timestamp};
use crate::wire::error::{Error, ErrorKind};

/// Every call each binding exposes, by its core name (a binding may spell it its host's way:
/// `checkReport`, `check_report`). Each binding's test suite checks its exports against it.
pub const CALLS: &[&str] = &[
    "check_application",
    "check_plan",
    "check_report",
    "check_reports",
    "select",
    "compare",
    "summarize_cycle",
    "cycle_status",
    "report_status",
    "next_due",
    "schema",
    "catalog",
];

/// The built-in 2024 edition, made once and shared (immutable: no global mutable state).
pub fn builtin_ruleset() -> &'static Ruleset {
    static BUILTIN: OnceLock<Ruleset> = OnceLock::new();
    BUILTIN.get_or_init(Ruleset::edition_2024)
}

/// What a `ruleset` argument may be, in every binding: absent (the built-in 2024 edition), a
/// whole ruleset document (JSON with an `edition` member, as `Ruleset::canonical_json` and
/// `qgx ruleset` write it), or overrides merged over the 2024 edition (JSON without `edition`).
///
/// # Errors
/// [`ErrorKind::InvalidRuleset`] naming the parameter; [`ErrorKind::Syntax`] for text that is
/// not JSON.
pub fn ruleset_arg(json: Option<&str>) -> Result<Ruleset, Error> {
    match json {
        None => Ok(builtin_ruleset().clone()),
        Some(text) => Ruleset::from_json(text),
    }
}

/// An `as_of` argument: a civil date `YYYY-MM-DD`.
///
/// # Errors
/// [`ErrorKind::InvalidArgument`] at `/as_of`.
pub fn as_of_arg(as_of: &str) -> Result<Date, Error> {
    crate::wire::json::parse_as_of(as_of)
}

/// A `submitted_at` argument: RFC 3339 (without an offset it is read as +08:00).
///
/// # Errors
/// [`ErrorKind::InvalidArgument`] at `/submitted_at`.
pub fn submitted_at_arg(submitted_at: &str) -> Result<Timestamp, Error> {
    crate::wire::json::parse_submitted_at(submitted_at)
}

/// A report `year` argument from a host integer: 1..=`cycle_years` of `ruleset`.
///
/// # Errors
/// [`ErrorKind::InvalidArgument`] at `/year` for a year that is not in the cycle.
pub fn year_arg(year: i64, ruleset: &Ruleset) -> Result<u32, Error> {
    u32::try_from(year)
        .ok()
        .filter(|y| (1..=ruleset.params().cycle_years).contains(y))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidArgument,
                "/year",
                format!(
                    "expected a cycle year in 1..={}, got {year}",
                    ruleset.params().cycle_years
                ),
            )
        })
}

/// The language of an error message shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese, the users' language (the default).
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `"zh"` or `"en"`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`] at `/lang` for anything else.
    pub fn parse(s: &str) -> Result<Lang, Error> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(Error::new(
                ErrorKind::InvalidArgument,
                "/lang",
                format!(
                    "expected `zh` or `en`, got {}",
                    crate::wire::error::quote(other)
                ),
            )),
        }
    }
}

impl Error {
    /// The error as one line for people, in `lang`: `输入格式有误（/cycle_year）：…` or
    /// `invalid input at /cycle_year: …`; the line and column are given when `with_position`
    /// (they mean nothing when a binding made the JSON text itself).
    pub fn message_in(&self, lang: Lang, with_position: bool) -> String {
        // The path is the input's own text: shown escaped and, when very long, cut.
        let full = crate::wire::error::bounded_message(self.path());
        let path: String = if full.chars().count() > 200 {
            full.chars().take(200).chain(['…']).collect()
        } else {
            full
        };
        let path = path.as_str();
        let position = match (self.line(), self.column()) {
            (Some(l), Some(c)) if with_position => match lang {
                Lang::Zh => format!("（第 {l} 行第 {c} 列）"),
                Lang::En => format!(" (line {l}, column {c})"),
            },
            _ => String::new(),
        };
        let more = self.issues().len().saturating_sub(1);
        match lang {
            Lang::Zh => {
                let at = if path.is_empty() {
                    "整个文档"
                } else {
                    path
                };
                let more = if more > 0 {
                    format!("（另有 {more} 处）")
                } else {
                    String::new()
                };
                format!(
                    "{}（{at}）：{}{position}{more}",
                    self.kind().label_zh(),
                    self.message()
                )
            }
            Lang::En => {
                let at = if path.is_empty() { "(document)" } else { path };
                let more = if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                };
                format!(
                    "{} at {at}: {}{position}{more}",
                    self.kind().label_en(),
                    self.message()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_definition_of_each_argument() {
        assert_eq!(
            ruleset_arg(None).unwrap().hash(),
            Ruleset::edition_2024().hash()
        );
        let over = ruleset_arg(Some(r#"{"cycle_years": 4}"#)).unwrap();
        assert_eq!(over.params().cycle_years, 4);
        let doc = ruleset_arg(Some(&over.canonical_json())).unwrap();
        assert_eq!(doc.hash(), over.hash());
        assert_eq!(
            ruleset_arg(Some("{\"x\": 1}")).unwrap_err().kind(),
            ErrorKind::InvalidRuleset
        );
        assert_eq!(as_of_arg("2025-02-30").unwrap_err().path(), "/as_of");
        assert_eq!(
            year_arg(4, &Ruleset::edition_2024()).unwrap_err().path(),
            "/year"
        );
        assert_eq!(year_arg(3, &Ruleset::edition_2024()).unwrap(), 3);
        assert!(std::ptr::eq(builtin_ruleset(), builtin_ruleset()));
        assert_eq!(Lang::parse("en").unwrap(), Lang::En);
        assert_eq!(Lang::parse("fr").unwrap_err().path(), "/lang");
    }

    #[test]
    fn messages_in_either_language() {
        let e = crate::wire::json::check_report_json(
            "{\"cycle_year\": \"1\"}",
            None,
            builtin_ruleset(),
        )
        .unwrap_err();
        let zh = e.message_in(Lang::Zh, false);
        assert!(zh.starts_with("输入格式有误（/cycle_year）："), "{zh}");
        let en = e.message_in(Lang::En, true);
        assert!(
            en.starts_with("invalid input at /cycle_year: ") && en.contains("(line 1"),
            "{en}"
        );
    }
}
