//! `summarize_cycle_json`. Segments: summary input, ruleset, as_of (absent: 2025-09-01). An
//! accepted input re-serialised (compact, keys sorted) must give the same output bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_reserialised, check_result, ruleset, seg, segments};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 1)) else {
        return;
    };
    let input = seg(&parts, 0).unwrap_or("");
    let as_of = seg(&parts, 2).unwrap_or("2025-09-01");
    if let Some(out) = check_result(json::summarize_cycle_json(input, as_of, &rs)) {
        check_reserialised(input, &out, |text| {
            json::summarize_cycle_json(text, as_of, &rs)
        });
    }
});
