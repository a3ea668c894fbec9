//! `check_reports_json`. Segments: reports (an array), ruleset, as_of (absent: none).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_result, ruleset, seg, segments};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 1)) else {
        return;
    };
    let reports = seg(&parts, 0).unwrap_or("");
    check_result(json::check_reports_json(reports, seg(&parts, 2), &rs));
});
