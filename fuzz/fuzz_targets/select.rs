//! `select_json`. Segments: selection input, ruleset. An accepted input re-serialised (compact,
//! keys sorted) must give the same output bytes.
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
    if let Some(out) = check_result(json::select_json(input, &rs)) {
        check_reserialised(input, &out, |text| json::select_json(text, &rs));
    }
});
