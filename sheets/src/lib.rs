//! `qgx-sheets`: the 强国行 inputs from spreadsheets, and results as spreadsheets.
//!
//! - Reads `.xlsx` (and `.xls`, `.ods`, as calamine reads them) and CSV in UTF-8 (with or
//!   without BOM) or GB18030 ([`Encoding`]), under [`Limits`] (a zip bomb or a sheet of a
//!   million rows is refused, never held in memory).
//! - Headers in Chinese (申报编号, 姓名, …) or in the English of the CSV reader; enumerated values
//!   as wire names or as their Chinese labels (教师党支部, 书记, 已通过, 第三批, …), from one table
//!   built from the core's own labels ([`vocab`]).
//! - Every row becomes the JSON of RULES.md §3 and is read by the core, so the sheets accept
//!   exactly what the JSON accepts. A bad cell is named as people find it
//!   (`apps.xlsx: 申报!F12 (merit_score): expected a number from 0 to 100, got 八十`), and
//!   [`Source`] maps any JSON Pointer the core reports back to its sheet and cell.
//! - Writes templates ([`write_template`]), results ([`write_selection_results`],
//!   [`write_report_results`]) and annotated copies ([`annotate`]) with `rust_xlsxwriter`;
//!   an annotated copy of an `.xlsx` keeps all of its formatting ([`annotate_file`]);
//!   every workbook carries the ruleset stamp on its first sheet; no cell written is ever a
//!   formula ([`csv_safe`] for CSV).
//!
//! The core stays pure: this crate does the I/O, the core decides.

pub mod book;
pub mod columns;
mod error;
mod files;
mod locate;
mod patch;
mod read;
pub mod vocab;
mod write;

use std::path::Path;

use qgx_core::{AnnualReport, SelectionInput};

pub use book::{Book, Encoding, Limits, ReadOptions};
pub use columns::Kind;
pub use error::{CellRef, Error, ErrorKind, Place, column_letters};
pub use files::{
    SelectionPaths, extension, read_selection_paths, read_selection_paths_with, same_reports,
    save_xlsx,
};
pub use locate::{Located, Source};
pub use patch::{annotate_bytes, annotate_file};
pub use read::SelectionBooks;
pub use write::{
    Annotation, annotate, csv_safe, write_comparison, write_csv, write_report_results,
    write_reports_input, write_selection_input, write_selection_results, write_template,
};

/// Reads a selection from workbooks or CSV files (see [`SelectionBooks`]).
///
/// # Errors
/// An [`Error`] naming the file, sheet and cell of the first problem: a missing or unknown
/// sheet or column, a cell its column does not take, or what the core rejects in the input
/// the sheets make (two applications with one id, …).
pub fn read_selection(books: SelectionBooks<'_>) -> Result<(SelectionInput, Source), Error> {
    read::selection(books)
}

/// Reads a selection from one workbook holding every sheet (申报, 计划…, 省份, 备案审核, …).
///
/// # Errors
/// As [`book::open`] and [`read_selection`].
pub fn read_selection_file(
    path: &Path,
    opts: &ReadOptions,
) -> Result<(SelectionInput, Source), Error> {
    let book = book::open(path, opts)?;
    read::selection(SelectionBooks {
        applications: &book,
        provinces: None,
        registry: None,
        decisions: None,
    })
}

/// Reads annual reports (sheets 报告, 活动, 成果) from a workbook, or 报告 rows from a CSV.
///
/// # Errors
/// As [`read_selection`].
pub fn read_reports(book: &Book) -> Result<(Vec<AnnualReport>, Source), Error> {
    read::reports(book)
}

/// [`read_reports`] from a file.
///
/// # Errors
/// As [`book::open`] and [`read_reports`].
pub fn read_reports_file(
    path: &Path,
    opts: &ReadOptions,
) -> Result<(Vec<AnnualReport>, Source), Error> {
    read::reports(&book::open(path, opts)?)
}
