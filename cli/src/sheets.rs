//! The office's desk: workbooks (`.xlsx`, `.xls`, `.ods`) and CSV (UTF-8 or GB18030) in, the
//! recommendation list, report checks and annotated copies out, templates — all through
//! `qgx-sheets`; the rules stay in the core.

use std::path::{Path, PathBuf};

use qgx_core::{AnnualReport, ReportCheck, SelectionInput, SelectionResult};
use qgx_sheets::book::{self, Book};
use qgx_sheets::{Annotation, Kind, Source};

use indicatif::ProgressBar;

use crate::Ctx;
use crate::input::Fail;
use crate::output::{self, PROGRESS_THRESHOLD};

/// Extensions read as workbooks.
const WORKBOOK: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

fn ext(path: &Path) -> String {
    qgx_sheets::extension(path)
}

/// Whether `file` is a workbook (by its name).
pub fn is_workbook(file: &str) -> bool {
    WORKBOOK.contains(&ext(Path::new(file)).as_str())
}

/// Whether `file` is a workbook or a CSV (by its name).
pub fn is_sheet(file: &str) -> bool {
    is_workbook(file) || ext(Path::new(file)) == "csv"
}

fn fail(e: &qgx_sheets::Error) -> Fail {
    Fail::new(e.to_string())
}

/// Reads a workbook or CSV, with a spinner counting its rows once a sheet passes
/// [`PROGRESS_THRESHOLD`] rows (when stderr is a terminal).
fn open(ctx: &Ctx, path: &Path) -> Result<Book, Fail> {
    open_book(ctx, path).map_err(|e| fail(&e))
}

/// [`open`], with the sheets crate's error.
fn open_book(ctx: &Ctx, path: &Path) -> Result<Book, qgx_sheets::Error> {
    let name = path.display().to_string();
    let mut progress: Option<ProgressBar> = None;
    let book = book::open_with_progress(path, &ctx.read, &mut |rows| {
        if ctx.progress && rows > PROGRESS_THRESHOLD {
            progress
                .get_or_insert_with(|| output::spinner_bar(format!("reading {name}")))
                .set_message(format!("reading {name}: {rows} rows"));
        }
    });
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    book
}

/// Writes a workbook whole or not at all (`qgx_sheets::save_xlsx`).
fn write(path: &Path, bytes: &[u8]) -> Result<String, Fail> {
    qgx_sheets::save_xlsx(path, bytes).map_err(|e| fail(&e))?;
    Ok(format!("已写入 wrote {}\n", path.display()))
}

/// Where a selection's sheets come from.
pub struct SelectFiles {
    /// One workbook with every sheet, or the applications' file.
    pub applications: PathBuf,
    pub provinces: Option<PathBuf>,
    /// A workbook (全国工作室, 样板支部) or the Registry as JSON.
    pub registry: Option<PathBuf>,
    pub decisions: Option<PathBuf>,
}

/// What to write besides (instead of) the printed result.
pub struct Outputs<'a> {
    pub out: Option<&'a Path>,
    pub annotate: Option<&'a Path>,
}

impl Outputs<'_> {
    /// Whether any workbook is to be written.
    pub fn any(&self) -> bool {
        self.out.is_some() || self.annotate.is_some()
    }
}

/// Reads a selection from sheets: the input, where each part came from, and the applications'
/// workbook (for `--annotate`).
pub fn read_selection(
    ctx: &Ctx,
    files: &SelectFiles,
) -> Result<(SelectionInput, Source, Book), Fail> {
    let mut reading: Option<ProgressBar> = None;
    let read = qgx_sheets::read_selection_paths_with(
        &qgx_sheets::SelectionPaths {
            applications: &files.applications,
            provinces: files.provinces.as_deref(),
            registry: files.registry.as_deref(),
            decisions: files.decisions.as_deref(),
        },
        &ctx.read,
        &mut |p| open_book(ctx, p),
        &mut |rows| reading = output::spinner(ctx, rows, "reading the sheets"),
    );
    if let Some(p) = reading {
        p.finish_and_clear();
    }
    read.map_err(|e| fail(&e))
}

/// Writes what `--out` and `--annotate` ask for after a selection.
pub fn write_selection(
    ctx: &Ctx,
    input: &SelectionInput,
    result: &SelectionResult,
    source: Option<(&Source, &Book)>,
    outputs: &Outputs<'_>,
) -> Result<Option<String>, Fail> {
    if !outputs.any() {
        return Ok(None);
    }
    let mut said = String::new();
    if let Some(out) = outputs.out {
        let bytes = qgx_sheets::write_selection_results(input, result, source.map(|(s, _)| s))
            .map_err(|e| fail(&e))?;
        said.push_str(&write(out, &bytes)?);
    }
    if let Some(path) = outputs.annotate {
        let Some((source, book)) = source else {
            return Err(Fail::new(
                "--annotate copies an input workbook or CSV: give the selection as sheets",
            ));
        };
        let notes = Annotation::from_selection(result, source);
        let bytes = annotate(ctx, book, &notes, &result.ruleset)?;
        said.push_str(&write(path, &bytes)?);
    }
    Ok(Some(said))
}

/// The annotated copy of `book`'s file: an `.xlsx` keeps its formatting (patched), other
/// inputs are rebuilt from their values.
fn annotate(
    ctx: &Ctx,
    book: &Book,
    notes: &[Annotation],
    stamp: &qgx_core::RulesetStamp,
) -> Result<Vec<u8>, Fail> {
    qgx_sheets::annotate_file(Path::new(&book.file), &ctx.read, book, notes, stamp)
        .map_err(|e| fail(&e))
}

/// Reads annual reports from a workbook (报告, 活动, 成果) or a CSV of 报告 rows.
pub fn read_reports(ctx: &Ctx, file: &Path) -> Result<(Vec<AnnualReport>, Source, Book), Fail> {
    let book = open(ctx, file)?;
    let reading = output::spinner(ctx, book.row_count(), "reading the reports");
    let read = qgx_sheets::read_reports(&book);
    if let Some(p) = reading {
        p.finish_and_clear();
    }
    let (reports, source) = read.map_err(|e| fail(&e))?;
    Ok((reports, source, book))
}

/// Writes what `--out` and `--annotate` ask for after checking reports.
pub fn write_reports(
    ctx: &Ctx,
    checks: &[ReportCheck],
    source: Option<(&Source, &Book)>,
    outputs: &Outputs<'_>,
) -> Result<Option<String>, Fail> {
    if !outputs.any() {
        return Ok(None);
    }
    let mut said = String::new();
    if let Some(out) = outputs.out {
        let bytes = qgx_sheets::write_report_results(checks, source.map(|(s, _)| s))
            .map_err(|e| fail(&e))?;
        said.push_str(&write(out, &bytes)?);
    }
    if let Some(path) = outputs.annotate {
        let Some((source, book)) = source else {
            return Err(Fail::new(
                "--annotate copies an input workbook or CSV: give the reports as sheets",
            ));
        };
        let notes = Annotation::from_reports(checks, source);
        let bytes = annotate(ctx, book, &notes, &ctx.ruleset.stamp())?;
        said.push_str(&write(path, &bytes)?);
    }
    Ok(Some(said))
}

/// `qgx template KIND --out FILE.xlsx`.
pub fn template(ctx: &Ctx, kind: &str, out: &Path) -> Result<String, Fail> {
    let kind = Kind::parse(kind).map_err(Fail::new)?;
    let bytes = qgx_sheets::write_template(kind, &ctx.ruleset.stamp()).map_err(|e| fail(&e))?;
    write(out, &bytes)
}
