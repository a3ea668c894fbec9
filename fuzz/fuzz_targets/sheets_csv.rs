//! The spreadsheet readers on a CSV's bytes (any bytes: UTF-8, GB18030 or neither); see
//! `qgx_fuzz::check_sheets`. The annotated copies are `sheets_annotate`'s.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // What starts as a workbook is the other target's.
    if data.starts_with(b"PK\x03\x04") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return;
    }
    let _ = qgx_fuzz::check_sheets("in.csv", data);
});
