//! `report_status_json`. Segments: as_of, ruleset, year (decimal, else the segment's first four
//! bytes little-endian; absent: 1), submitted_at (absent: none).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_result, ruleset, seg, segments, year};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 1)) else {
        return;
    };
    let as_of = seg(&parts, 0).unwrap_or("");
    let year = year(seg(&parts, 2));
    check_result(json::report_status_json(year, seg(&parts, 3), as_of, &rs));
});
