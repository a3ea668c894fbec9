//! `check_application_json`. Segments: application, ruleset, registry (absent: none).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_result, ruleset, seg, segments};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 1)) else {
        return;
    };
    let application = seg(&parts, 0).unwrap_or("");
    check_result(json::check_application_json(
        application,
        seg(&parts, 2),
        &rs,
    ));
});
