//! `check_report_json`. Segments: report, ruleset, as_of (absent: none).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_result, ruleset, seg, segments};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 1)) else {
        return;
    };
    let report = seg(&parts, 0).unwrap_or("");
    check_result(json::check_report_json(report, seg(&parts, 2), &rs));
});
