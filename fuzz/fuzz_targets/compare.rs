//! `compare_json`. Segments: base selection input, variant selection input, ruleset. Comparing an
//! accepted base with itself changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::json;
use qgx_fuzz::{check_result, ruleset, seg, segments};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = segments(data) else { return };
    let Some(rs) = ruleset(seg(&parts, 2)) else {
        return;
    };
    let base = seg(&parts, 0).unwrap_or("");
    let variant = seg(&parts, 1).unwrap_or("");
    check_result(json::compare_json(base, variant, &rs));
    if let Some(out) = check_result(json::compare_json(base, base, &rs)) {
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(
            v["applications"],
            serde_json::json!([]),
            "a base compared with itself changed"
        );
        assert_eq!(
            v["provinces"],
            serde_json::json!([]),
            "a base compared with itself changed"
        );
    }
});
