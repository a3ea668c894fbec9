//! The CLI's TOML ruleset reader. Its TOML→JSON conversion is a private function of the CLI
//! binary (`toml_to_json` in cli/src/input.rs), not a library function, so this target does
//! what the CLI does: `toml::from_str::<toml::Value>`, the same conversion (copied below), then
//! `Ruleset::with_overrides_value` over the 2024 edition. Errors are `syntax` or
//! `invalid_ruleset`; an accepted ruleset's canonical document reads back to the same hash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_fuzz::{check_ruleset, check_ruleset_error, edition_2024};

/// cli/src/input.rs `toml_to_json`, as of this commit (keep in step with it).
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = toml::from_str::<toml::Value>(text) else {
        return;
    };
    match edition_2024().with_overrides_value(toml_to_json(value)) {
        Ok(rs) => check_ruleset(&rs),
        Err(e) => check_ruleset_error(&e),
    }
});
