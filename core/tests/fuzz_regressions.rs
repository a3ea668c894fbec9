//! Inputs found by fuzzing (`fuzz/`, see fuzz/README.md), kept as regression tests.
//!
//! The long run (about 23 million executions over the 11 targets under AddressSanitizer with
//! overflow checks) found no crash: no panic, no sanitizer report, no timeout, no error outside
//! the four kinds or with a path that is not a JSON Pointer. The one finding below is not a
//! crash but an error that broke `Error::column`'s documented contract (1-based); the core now
//! reports column 1 there.
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
