//! `cycle_status_json`. Segments: as_of, ruleset.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_result, ruleset, seg, segments};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 1)) else {
        return;
    };
    check_result(json::cycle_status_json(seg(&parts, 0).unwrap_or(""), &rs));
});
