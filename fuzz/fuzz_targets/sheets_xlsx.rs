//! The spreadsheet readers on a workbook's bytes (seeded with every template and the examples
//! as workbooks); see `qgx_fuzz::check_sheets`. The annotated copies are `sheets_annotate`'s.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if !data.starts_with(b"PK\x03\x04") {
        return;
    }
    let _ = qgx_fuzz::check_sheets("in.xlsx", data);
});
