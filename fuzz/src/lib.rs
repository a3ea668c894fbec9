//! What every fuzz target shares: how an input's bytes become the call's arguments, and the
//! invariants that hold for any input.
//!
//! # Input framing
//! An input that is not UTF-8 is skipped (the `_json` entry points take `&str`). A UTF-8 input
//! is split at NUL characters into segments, one per argument (a raw NUL is never valid inside
//! JSON text, so nothing is lost): see each target for its order. A missing or empty ruleset
//! segment is the 2024 edition; otherwise it holds overrides of it (see [`ruleset`]), and an
//! error there is checked like any other and ends the run.
//!
//! # Invariants (a failed one panics, which libFuzzer reports as a crash)
//! - no panic, no abort, no sanitizer report;
//! - an error has at least one issue, every issue's path is a JSON Pointer (empty, or `/…` with
//!   `~` only in `~0`/`~1`), its message is not empty, and its kind is one of `syntax`,
//!   `invalid_input`, `invalid_ruleset`, `invalid_argument`; its `Display` and `to_json` work
//!   and `to_json` is JSON; a line and column, when given, are 1-based (serde_json's column 0
//!   at the start of a line once came through: `core/tests/fuzz_regressions.rs`);
//! - an `Ok` output is valid JSON, and every `"path"` string in it is a JSON Pointer;
//! - (select, summarize_cycle) the input re-serialised (compact, keys sorted) gives the same
//!   output bytes.

use std::sync::OnceLock;

use qgx_core::{Error, ErrorKind, Ruleset};
use serde_json::Value;

/// The input as UTF-8 text, split at NUL into segments.
pub fn segments(data: &[u8]) -> Option<Vec<&str>> {
    std::str::from_utf8(data)
        .ok()
        .map(|s| s.split('\0').collect())
}

/// The segment at `i`, when there is one.
pub fn seg<'a>(parts: &[&'a str], i: usize) -> Option<&'a str> {
    parts.get(i).copied()
}

/// The 2024 edition, built once.
pub fn edition_2024() -> &'static Ruleset {
    static RS: OnceLock<Ruleset> = OnceLock::new();
    RS.get_or_init(Ruleset::edition_2024)
}

/// The ruleset named by a segment: absent or empty is the 2024 edition; otherwise overrides of
/// it (`with_overrides_json`, as the vectors give them). `None` when they are rejected (the
/// error checked). The whole-document reader and `from_json` have their own target
/// (`ruleset_json`); here the ruleset only steers the call.
pub fn ruleset(segment: Option<&str>) -> Option<std::borrow::Cow<'static, Ruleset>> {
    match segment {
        None | Some("") => Some(std::borrow::Cow::Borrowed(edition_2024())),
        Some(text) => match edition_2024().with_overrides_json(text) {
            Ok(rs) => Some(std::borrow::Cow::Owned(rs)),
            Err(e) => {
                check_ruleset_error(&e);
                None
            }
        },
    }
}

/// A report year from its segment: decimal digits when they parse as `u32`, otherwise the
/// segment's first four bytes read little-endian (so every `u32` can be reached).
pub fn year(segment: Option<&str>) -> u32 {
    let Some(s) = segment else { return 1 };
    if let Ok(y) = s.trim().parse::<u32>() {
        return y;
    }
    let mut b = [0u8; 4];
    for (dst, src) in b.iter_mut().zip(s.bytes()) {
        *dst = src;
    }
    u32::from_le_bytes(b)
}

/// Whether `p` is an RFC 6901 JSON Pointer: empty, or `/` tokens where `~` is only `~0` or `~1`.
pub fn is_pointer(p: &str) -> bool {
    if !(p.is_empty() || p.starts_with('/')) {
        return false;
    }
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return false;
        }
    }
    true
}

/// The invariants of an error from any entry point.
pub fn check_error(e: &Error) {
    let kind = e.kind();
    assert!(
        matches!(
            kind,
            ErrorKind::Syntax
                | ErrorKind::InvalidInput
                | ErrorKind::InvalidRuleset
                | ErrorKind::InvalidArgument
        ),
        "error kind {kind:?} is not one of syntax/invalid_input/invalid_ruleset/invalid_argument: {e:?}"
    );
    assert!(!e.issues().is_empty(), "an error without issues: {e:?}");
    for issue in e.issues() {
        assert!(
            is_pointer(&issue.path),
            "issue path {:?} is not a JSON Pointer: {e:?}",
            issue.path
        );
        assert!(
            !issue.message.is_empty(),
            "an issue without a message: {e:?}"
        );
    }
    assert!(
        e.line().is_none_or(|l| l >= 1) && e.column().is_none_or(|c| c >= 1),
        "a line or column that is not 1-based: {e:?}"
    );
    assert_eq!(e.path(), e.issues().first().map_or("", |i| i.path.as_str()));
    let shown = e.to_string();
    assert!(
        !shown.is_empty(),
        "an error that displays as nothing: {e:?}"
    );
    let wire = e.to_json();
    if let Err(j) = serde_json::from_str::<Value>(&wire) {
        panic!("Error::to_json is not JSON ({j}): {wire:?}");
    }
}

/// The invariants of an error from a ruleset reader: as [`check_error`], and its kind is
/// `syntax` or `invalid_ruleset`.
pub fn check_ruleset_error(e: &Error) {
    check_error(e);
    assert!(
        matches!(e.kind(), ErrorKind::Syntax | ErrorKind::InvalidRuleset),
        "a ruleset reader gave {:?}: {e:?}",
        e.kind()
    );
}

/// The invariants of an accepted ruleset: its canonical JSON is JSON, and reads back (as a
/// whole document) to the same hash.
pub fn check_ruleset(rs: &Ruleset) {
    assert!(rs.hash().starts_with("sha256:"), "hash {:?}", rs.hash());
    let canonical = rs.canonical_json();
    if let Err(j) = serde_json::from_str::<Value>(&canonical) {
        panic!("canonical_json is not JSON ({j}): {canonical:?}");
    }
    match Ruleset::from_document(&canonical) {
        Ok(back) => assert_eq!(
            back.hash(),
            rs.hash(),
            "the canonical document reads back to another hash: {canonical}"
        ),
        Err(e) => {
            panic!("the canonical document of an accepted ruleset is rejected: {e:?}\n{canonical}")
        }
    }
}

fn check_paths(v: &Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "path"
                    && let Value::String(p) = x
                {
                    assert!(is_pointer(p), "output path {p:?} is not a JSON Pointer");
                }
                check_paths(x);
            }
        }
        Value::Array(a) => a.iter().for_each(check_paths),
        _ => {}
    }
}

/// Checks a result: an error by [`check_error`]; an output is JSON whose paths are pointers.
/// Returns the output when there is one.
pub fn check_result(r: Result<String, Error>) -> Option<String> {
    match r {
        Ok(out) => {
            match serde_json::from_str::<Value>(&out) {
                Ok(v) => check_paths(&v),
                Err(j) => panic!("an Ok output is not JSON ({j}): {out:?}"),
            }
            Some(out)
        }
        Err(e) => {
            check_error(&e);
            None
        }
    }
}

/// `doc` re-serialised through `serde_json::Value` (compact, keys sorted), when that is
/// lossless: `None` when `doc` is not JSON or when the value does not survive its own round trip
/// (serde_json's float reading is not always correctly rounded; that is not the engine's doing).
pub fn reserialised(doc: &str) -> Option<String> {
    let v: Value = serde_json::from_str(doc).ok()?;
    let text = serde_json::to_string(&v).ok()?;
    let back: Value = serde_json::from_str(&text).ok()?;
    (back == v).then_some(text)
}

/// The re-serialisation invariant: when `call(doc)` succeeded with `out`, the re-serialised
/// document gives the same bytes.
pub fn check_reserialised(doc: &str, out: &str, call: impl Fn(&str) -> Result<String, Error>) {
    if let Some(text) = reserialised(doc) {
        match call(&text) {
            Ok(again) => assert_eq!(
                again, out,
                "the re-serialised input gives another output\ninput: {doc}\nre-serialised: {text}"
            ),
            Err(e) => panic!(
                "the input is accepted but its re-serialisation is not: {e:?}\ninput: {doc}\nre-serialised: {text}"
            ),
        }
    }
}

/// The reading limits of the spreadsheet targets: small, to keep each run short.
fn sheet_limits() -> qgx_sheets::ReadOptions {
    use qgx_sheets::{Limits, ReadOptions};
    ReadOptions {
        limits: Limits {
            max_file_bytes: 1 << 20,
            max_unzipped_bytes: 8 << 20,
            max_rows: 2_000,
            max_cells: 50_000,
        },
        ..ReadOptions::default()
    }
}

/// Panics unless the error has a message.
fn has_message(e: &qgx_sheets::Error) {
    assert!(
        !e.to_string().is_empty(),
        "an error without a message: {e:?}"
    );
}

/// What was read from a file: the book, and the reports in it (when it holds reports) with
/// their checks' findings mapped back to cells.
pub struct SheetRead {
    pub book: qgx_sheets::Book,
    /// How many reports were read, and their findings as notes on cells.
    pub reports: Option<(usize, Vec<qgx_sheets::Annotation>)>,
}

/// The spreadsheet readers (`qgx-sheets`) on one file's bytes, named `file` (its extension does
/// not matter: what a file is comes from its first bytes), under small limits. Invariants:
/// reading either fails with a message or gives a book; the selection and report readers on
/// that book fail with a message or give an input the core checks (a selection is selected,
/// reports are checked and their findings mapped back to cells).
pub fn check_sheets(file: &str, data: &[u8]) -> Option<SheetRead> {
    use qgx_sheets::{Annotation, SelectionBooks, book};
    let read = match book::from_bytes(file, data.to_vec(), &sheet_limits()) {
        Ok(b) => b,
        Err(e) => {
            has_message(&e);
            return None;
        }
    };
    match qgx_sheets::read_selection(SelectionBooks {
        applications: &read,
        provinces: None,
        registry: None,
        decisions: None,
    }) {
        Ok((input, _)) => {
            let text = serde_json::to_string(&input).unwrap_or_default();
            check_result(qgx_core::json::select_json(&text, edition_2024()));
        }
        Err(e) => has_message(&e),
    }
    let reports = match qgx_sheets::read_reports(&read) {
        Ok((reports, source)) => {
            let checks = qgx_core::check_reports(&reports, None, edition_2024());
            Some((reports.len(), Annotation::from_reports(&checks, &source)))
        }
        Err(e) => {
            has_message(&e);
            None
        }
    };
    Some(SheetRead {
        book: read,
        reports,
    })
}

/// The annotated copies of a file whose reports were read ([`check_sheets`] first): the
/// findings make a copy twice — rebuilt (`annotate`) and, for a workbook, patched part by part
/// (`annotate_bytes`) — and each copy must read back, under generous limits, with every sheet
/// of the original and the same rows in it. Files with more than 50 reports are skipped.
pub fn check_annotated_copies(file: &str, data: &[u8]) {
    use qgx_sheets::{Limits, ReadOptions, book};
    let Some(SheetRead {
        book: read,
        reports: Some((count, notes)),
    }) = check_sheets(file, data)
    else {
        return;
    };
    if count > 50 {
        return;
    }
    let stamp = edition_2024().stamp();
    let copies = [
        qgx_sheets::annotate(&read, &notes, &stamp),
        qgx_sheets::annotate_bytes(data.to_vec(), &sheet_limits(), &read, &notes, &stamp),
    ];
    let generous = ReadOptions {
        limits: Limits::default(),
        ..ReadOptions::default()
    };
    for copy in copies {
        let bytes = match copy {
            Ok(bytes) => bytes,
            Err(e) => panic!("an annotated copy of a book that was read failed: {e}"),
        };
        let back = match book::from_bytes("annotated.xlsx", bytes, &generous) {
            Ok(b) => b,
            Err(e) => panic!("an annotated copy does not read back: {e}"),
        };
        for sheet in &read.sheets {
            let name = sheet.name.clone();
            let Some(again) = back
                .sheets
                .iter()
                .find(|s| name.is_none() || s.name == name)
            else {
                panic!("the annotated copy lost the sheet {name:?}");
            };
            if name.is_some() {
                assert_eq!(
                    again.rows, sheet.rows,
                    "the annotated copy changed the rows of {name:?}"
                );
            }
        }
    }
}
