//! Reading inputs: files or stdin, JSON (one document or an array), ruleset overrides.

use std::fmt;
use std::io::Read;
use std::path::Path;

use qgx_core::{Error, Ruleset};
use serde::de::DeserializeOwned;

/// A failure the user must fix: printed as one line on stderr, exit status 2.
#[derive(Debug)]
pub struct Fail(String);

impl Fail {
    pub fn new(message: impl Into<String>) -> Fail {
        Fail(message.into())
    }

    /// A core error, prefixed with the file it came from.
    pub fn core(source: &str, e: &Error) -> Fail {
        Fail(format!("{source}: {e}"))
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name to show for an input (`-` is stdin).
pub fn display_name(file: &str) -> &str {
    if file == "-" { "<stdin>" } else { file }
}

/// Reads a whole file, or stdin for `-`.
pub fn read_text(file: &str) -> Result<String, Fail> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Fail::new(format!("<stdin>: cannot read: {e}")))?;
    } else {
        text = std::fs::read_to_string(file)
            .map_err(|e| Fail::new(format!("{file}: cannot read: {e}")))?;
    }
    // A byte-order mark is not JSON; spreadsheets and editors on Windows like to add one.
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Reads and parses one JSON document of type `T`.
pub fn read_json<T: DeserializeOwned>(file: &str) -> Result<T, Fail> {
    let text = read_text(file)?;
    qgx_core::from_json_str(&text).map_err(|e| Fail::core(display_name(file), &e))
}

/// Reads a Selection input (a problem in its `ruleset` field is a ruleset error).
pub fn read_selection(file: &str) -> Result<qgx_core::SelectionInput, Fail> {
    let text = read_text(file)?;
    qgx_core::json::parse_selection(&text).map_err(|e| Fail::core(display_name(file), &e))
}

/// One document or a JSON array of them.
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// Reads one `T`, or an array of `T` when the document starts with `[`.
pub fn read_one_or_many<T: DeserializeOwned>(file: &str) -> Result<OneOrMany<T>, Fail> {
    let text = read_text(file)?;
    let name = display_name(file);
    if text.trim_start().starts_with('[') {
        qgx_core::from_json_str(&text)
            .map(OneOrMany::Many)
            .map_err(|e| Fail::core(name, &e))
    } else {
        qgx_core::from_json_str(&text)
            .map(OneOrMany::One)
            .map_err(|e| Fail::core(name, &e))
    }
}

/// The 2024 edition with the overrides in `path` (TOML for `.toml`, JSON for `.json`; otherwise
/// JSON, then TOML).
pub fn load_ruleset(path: &Path) -> Result<Ruleset, Fail> {
    let name = path.display().to_string();
    let text = read_text(&name)?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let base = Ruleset::edition_2024();
    let from_toml = |text: &str| -> Result<Ruleset, Fail> {
        let value: toml::Value = toml::from_str(text)
            .map_err(|e| Fail::new(format!("{name}: not valid TOML: {}", e.message())))?;
        base.with_overrides_value(toml_to_json(value))
            .map_err(|e| Fail::core(&name, &e))
    };
    if is_toml {
        return from_toml(&text);
    }
    match base.with_overrides_json(&text) {
        Ok(rs) => Ok(rs),
        Err(e) if e.is_syntax() && !is_json => from_toml(&text),
        Err(e) => Err(Fail::core(&name, &e)),
    }
}

/// TOML to JSON; TOML dates (`cycle_start = 2024-09-01`) become strings.
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}
