//! The one public error type: malformed input, rejected whole, naming where and what was expected.
//!
//! Rule failures are never errors: they are [`Finding`](crate::Finding)s in a result.

use std::fmt;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::finding::escape_pointer_token;
use crate::wire::locate;

/// What kind of trouble an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The text is not JSON (or TOML) at all.
    Syntax,
    /// The JSON does not have the shape of RULES.md §3, or breaks one of its constraints.
    InvalidInput,
    /// A ruleset override names an unknown parameter or gives a value of the wrong type or range.
    InvalidRuleset,
    /// An argument other than the input document is out of range (e.g. a report year of 7).
    InvalidArgument,
    /// `schema(name)` was asked for a name it does not know.
    UnknownSchema,
}

impl ErrorKind {
    /// The wire name: `syntax`, `invalid_input`, `invalid_ruleset`, `invalid_argument`,
    /// `unknown_schema`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::InvalidRuleset => "invalid_ruleset",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::UnknownSchema => "unknown_schema",
        }
    }

    /// What the kind is called in Chinese, for messages shown to people.
    pub fn label_zh(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "JSON 语法错误",
            ErrorKind::InvalidInput => "输入格式有误",
            ErrorKind::InvalidRuleset => "规则集参数有误",
            ErrorKind::InvalidArgument => "参数有误",
            ErrorKind::UnknownSchema => "未知的模式名称",
        }
    }

    /// What the kind is called in English (as [`Error`]'s `Display` says it).
    pub fn label_en(self) -> &'static str {
        self.describe()
    }

    fn describe(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::InvalidRuleset => "invalid ruleset",
            ErrorKind::InvalidArgument => "invalid argument",
            ErrorKind::UnknownSchema => "unknown schema",
        }
    }
}

/// One thing wrong with the input: where (a JSON Pointer, and the line and column when the
/// input was text) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    /// RFC 6901 JSON Pointer into the input (`""` is the whole document).
    pub path: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// Malformed input or a bad argument. Always names at least one [`Issue`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    errors: Vec<Issue>,
}

impl Error {
    /// An error of `kind` with one issue at `path` (a JSON Pointer). Bindings use it for the
    /// arguments they convert (a date object that is not a date, say).
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            kind,
            errors: vec![Issue {
                path: path.into(),
                message: bounded_message(&message.into()),
                line: None,
                column: None,
            }],
        }
    }

    pub(crate) fn invalid_input(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, path, message)
    }

    pub(crate) fn from_issues(kind: ErrorKind, mut errors: Vec<Issue>) -> Error {
        if errors.is_empty() {
            return Error::new(kind, "", "invalid");
        }
        for e in &mut errors {
            e.message = bounded_message(&e.message);
        }
        Error { kind, errors }
    }

    /// Prefixes every path with `prefix` (a JSON Pointer), for an error found in a part of a
    /// larger document (e.g. `/3` for the fourth element of an array).
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Error {
        for e in &mut self.errors {
            e.path = format!("{prefix}{}", e.path);
        }
        self
    }

    /// Turns the error into a ruleset error (when it came from parsing overrides).
    pub(crate) fn into_kind(mut self, kind: ErrorKind) -> Error {
        if self.kind != ErrorKind::Syntax {
            self.kind = kind;
        }
        self
    }

    /// What kind of trouble this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The JSON Pointer of the first issue.
    pub fn path(&self) -> &str {
        self.errors.first().map_or("", |e| e.path.as_str())
    }

    /// What was expected, for the first issue.
    pub fn message(&self) -> &str {
        self.errors.first().map_or("", |e| e.message.as_str())
    }

    /// The 1-based line of the first issue, when the input was text.
    pub fn line(&self) -> Option<usize> {
        self.errors.first().and_then(|e| e.line)
    }

    /// The 1-based column of the first issue, when the input was text.
    pub fn column(&self) -> Option<usize> {
        self.errors.first().and_then(|e| e.column)
    }

    /// Every issue found (at least one).
    pub fn issues(&self) -> &[Issue] {
        &self.errors
    }

    /// Whether the text was not JSON at all.
    pub fn is_syntax(&self) -> bool {
        self.kind == ErrorKind::Syntax
    }

    /// Whether the input had the wrong shape or broke a constraint of RULES.md §3.
    pub fn is_invalid_input(&self) -> bool {
        self.kind == ErrorKind::InvalidInput
    }

    /// Whether a ruleset override was rejected.
    pub fn is_invalid_ruleset(&self) -> bool {
        self.kind == ErrorKind::InvalidRuleset
    }

    /// Whether an argument was out of range.
    pub fn is_invalid_argument(&self) -> bool {
        self.kind == ErrorKind::InvalidArgument
    }

    /// The error as JSON data (`{"kind", "errors": [{"path", "message", "line"?, "column"?}]}`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        let at = if path.is_empty() { "(document)" } else { path };
        write!(f, "{} at {at}: {}", self.kind.describe(), self.message())?;
        if let (Some(line), Some(col)) = (self.line(), self.column()) {
            write!(f, " (line {line}, column {col})")?;
        }
        if self.errors.len() > 1 {
            write!(f, " (and {} more)", self.errors.len() - 1)?;
        }
        Ok(())
    }
}

/// Parses JSON text into `T`, naming the JSON Pointer, line and column of the first problem.
///
/// # Errors
/// [`ErrorKind::Syntax`] when the text is not JSON; [`ErrorKind::InvalidInput`] when it is JSON
/// of the wrong shape (wrong type, unknown or missing field, unknown enum value, bad date).
pub fn from_json_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| json_issue(&e, text))
}

/// Converts a parsed JSON value into `T`, naming the JSON Pointer of the first problem.
///
/// # Errors
/// [`ErrorKind::InvalidInput`] when the value has the wrong shape.
pub fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
    // Read through the value's text: one deserializer per type, and the same paths and
    // messages as text. The line and column are those of that text, so they are not given.
    let text = serde_json::to_string(&value)
        .map_err(|e| Error::invalid_input("", format!("cannot read the value: {e}")))?;
    from_json_str(&text).map_err(|mut e| {
        e.kind = ErrorKind::InvalidInput;
        for issue in &mut e.errors {
            issue.line = None;
            issue.column = None;
        }
        e
    })
}

/// `serde_json`'s error, with the JSON Pointer of where in `text` it stopped.
fn json_issue(e: &serde_json::Error, text: &str) -> Error {
    use serde_json::error::Category;
    let kind = match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ErrorKind::Syntax,
        Category::Data => ErrorKind::InvalidInput,
    };
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let mut end = locate::offset_of(text, e.line(), e.column());
    // A bad escape at the end of a string (`"\ud800"`: a lone surrogate) is reported at the
    // closing quote; the string is the value at fault, not one already read.
    if message.contains("escape") && text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'"') {
        end -= 1;
    }
    let failure = match kind {
        ErrorKind::Syntax => locate::Failure::Syntax,
        _ => locate::Failure::Data,
    };
    let path = locate::pointer_at(text, end, failure);
    let (path, message) = refine(path, message);
    let message = bounded_message(&message);
    Error {
        kind,
        errors: vec![Issue {
            path,
            message,
            line: Some(e.line()),
            // serde_json says column 0 for a place before a line's first character; columns
            // are 1-based here.
            column: Some(e.column().max(1)),
        }],
    }
}

/// The longest quoted value an error message repeats, in characters.
const QUOTE_MAX: usize = 64;

/// A message made safe to show: control characters escaped (a newline in a value cannot forge
/// a line of output) and every value quoted between backticks or double quotes cut to
/// 64 characters (a 100 MB bad value does not make a 100 MB message). Every error
/// message the engine gives has been through it; bindings may apply it to their own.
///
/// # Example
/// ```
/// let m = qgx_core::bounded_message(&format!("unknown variant `{}`", "x".repeat(500)));
/// assert!(m.chars().count() < 100 && m.ends_with("…`"));
/// assert_eq!(qgx_core::bounded_message("bad `a\nb`"), "bad `a\\nb`");
/// ```
pub fn bounded_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(256));
    let mut quote: Option<(char, usize)> = None;
    for c in message.chars() {
        match quote {
            Some((q, _)) if c == q => {
                quote = None;
                out.push(c);
                continue;
            }
            Some((q, n)) => {
                quote = Some((q, n + 1));
                if n == QUOTE_MAX {
                    out.push('…');
                }
                if n >= QUOTE_MAX {
                    continue;
                }
            }
            None if c == '`' || c == '"' => {
                quote = Some((c, 0));
                out.push(c);
                continue;
            }
            None => {}
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value quoted for a message: between backticks, control characters escaped, cut to a
/// readable length.
pub(crate) fn quote(value: &str) -> String {
    bounded_message(&format!("`{value}`"))
}

/// Points a missing or unknown field's error at the field itself.
fn refine(mut path: String, message: String) -> (String, String) {
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some(end) = rest.find('`') {
                let field = rest.get(..end).unwrap_or("");
                let tail = format!("/{}", escape_pointer_token(field));
                if !path.ends_with(&tail) {
                    path.push_str(&tail);
                }
            }
        }
    }
    (path, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Application;

    #[test]
    fn wrong_type_names_path_line_and_column() {
        let e = from_json_str::<Vec<crate::model::Participants>>(
            "[{\"teachers\": 1, \"students\": 2},\n {\"teachers\": \"x\", \"students\": 1}]",
        )
        .unwrap_err();
        assert!(e.is_invalid_input());
        assert_eq!(e.path(), "/1/teachers");
        assert_eq!(e.line(), Some(2));
        assert!(e.message().contains("expected u32"), "{}", e.message());
    }

    #[test]
    fn unknown_and_missing_fields_point_at_the_field() {
        let e = from_json_str::<crate::model::Participants>(r#"{"teachers": 1, "studnets": 2}"#)
            .unwrap_err();
        assert_eq!(e.path(), "/studnets");
        assert!(e.message().starts_with("unknown field `studnets`"));
        let e = from_json_str::<crate::model::Participants>(r#"{"teachers": 1}"#).unwrap_err();
        assert_eq!(e.path(), "/students");
        assert!(e.message().starts_with("missing field `students`"));
    }

    #[test]
    fn syntax_errors_are_their_own_kind() {
        let e = from_json_str::<Application>("{\"id\": ").unwrap_err();
        assert!(e.is_syntax());
        assert_eq!(e.line(), Some(1));
        let e = from_json_str::<crate::model::Participants>(r#"{"teachers": 1, "students": 2} x"#)
            .unwrap_err();
        assert!(e.is_syntax());
    }

    #[test]
    fn display_names_where() {
        let e = Error::invalid_input("/applications/3/merit_score", "expected 0..=100");
        assert_eq!(
            e.to_string(),
            "invalid input at /applications/3/merit_score: expected 0..=100"
        );
    }
}
