//! The annotated copies of a spreadsheet whose reports were read — rebuilt, and for a workbook
//! patched part by part — on a workbook's or a CSV's bytes; see
//! `qgx_fuzz::check_annotated_copies`. Its own target because a copy costs 20–50 ms under
//! ASan (every part of the package is deflated again, and rust_xlsxwriter starts a thread per
//! sheet), about 50 times what reading costs: in `sheets_csv` and `sheets_xlsx` it held the
//! readers to a few hundred runs a second.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = if data.starts_with(b"PK\x03\x04") {
        "in.xlsx"
    } else {
        "in.csv"
    };
    qgx_fuzz::check_annotated_copies(file, data);
});
