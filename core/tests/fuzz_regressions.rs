//! Inputs found by fuzzing (`fuzz/`, see fuzz/README.md), kept as regression tests.
//!
//! The long run (about 23 million executions over the 11 targets under AddressSanitizer with
//! overflow checks) found no crash: no panic, no sanitizer report, no timeout, no error outside
//! the four kinds or with a path that is not a JSON Pointer. The one finding below is not a
//! crash but an error that broke `Error::column`'s documented contract (1-based); the core now
//! reports column 1 there.
//!
//! The second long run (10 million executions a target, 2026-11-29/30) found one crash:
//! `ruleset_toml`'s `case_min_score = 1e-39`, whose canonical document read back to another
//! hash ([`a_ruleset_document_reads_back_to_its_own_hash`]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use qgx_core::{Ruleset, json};

/// serde_json reports column 0 for an error before the first character of a line, and the core
/// passes it on although `Error::column` says "the 1-based column": `check_plan_json("")` is
/// line 1, column 0 (`"\n"` and `"{\n"`: line 2, column 0), and a JSON array where an object
/// belongs (`"[\n\n"` as a plan, `[er"` or `[]` as ruleset overrides) is line 1, column 0.
#[test]
fn an_error_is_never_in_column_0() {
    let rs = Ruleset::edition_2024();
    for text in ["", "\n", "{\n", "[\n\n"] {
        let e = json::check_plan_json(text, &rs).unwrap_err();
        assert_ne!(e.column(), Some(0), "plan {text:?}: {e:?}");
    }
    for text in ["[er\"", "[]"] {
        let e = rs.with_overrides_json(text).unwrap_err();
        assert_ne!(e.column(), Some(0), "overrides {text:?}: {e:?}");
    }
}

/// A ruleset's canonical document, read back, is the same ruleset with the same hash — also for
/// numbers whose shortest form has 17 digits or a far exponent. serde_json's default float
/// reading is not correctly rounded: `1.0000000000000001e-39` (the canonical form of the TOML
/// override `case_min_score = 1e-39` once it had been through JSON text) read back one unit in
/// the last place off, so the canonical document hashed differently. The workspace now takes
/// serde_json with `float_roundtrip` (the root Cargo.toml).
#[test]
fn a_ruleset_document_reads_back_to_its_own_hash() {
    let edition = Ruleset::edition_2024();
    for v in [
        "1e-39",
        "1.0000000000000001e-39",
        "5e-324",
        "2.2250738585072014e-308",
        "0.30000000000000004",
        "12.345678901234567",
        "99.99999999999999",
    ] {
        let rs = edition
            .with_overrides_json(&format!(r#"{{"case_min_score": {v}}}"#))
            .unwrap();
        let canonical = rs.canonical_json();
        let back = Ruleset::from_json(&canonical).unwrap();
        assert_eq!(back.hash(), rs.hash(), "{v}: {canonical}");
        assert_eq!(back.canonical_json(), canonical, "{v}");
        let via_value: serde_json::Value = serde_json::from_str(&canonical).unwrap();
        assert_eq!(
            via_value.to_string(),
            canonical,
            "{v}: serde_json's own round trip"
        );
    }
}
