//! The office's desk: workbooks (`.xlsx`, `.xls`, `.ods`) and CSV (UTF-8 or GB18030) in, the
//! recommendation list, report checks and annotated copies out, templates — all through
//! `qgx-sheets`; the rules stay in the core.

use std::path::{Path, PathBuf};

use qgx_core::{AnnualReport, ReportCheck, SelectionInput, SelectionResult};
use qgx_sheets::book::{self, Book};
use qgx_sheets::{Annotation, Kind, Source};

use crate::Ctx;
use crate::input::Fail;

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

fn open(ctx: &Ctx, path: &Path) -> Result<Book, Fail> {
    book::open(path, &ctx.read).map_err(|e| fail(&e))
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
    fn any(&self) -> bool {
        self.out.is_some() || self.annotate.is_some()
    }
}

/// Reads a selection from sheets: the input, where each part came from, and the applications'
/// workbook (for `--annotate`).
pub fn read_selection(
    ctx: &Ctx,
    files: &SelectFiles,
) -> Result<(SelectionInput, Source, Book), Fail> {
    qgx_sheets::read_selection_paths(
        &qgx_sheets::SelectionPaths {
            applications: &files.applications,
            provinces: files.provinces.as_deref(),
            registry: files.registry.as_deref(),
            decisions: files.decisions.as_deref(),
        },
        &ctx.read,
    )
    .map_err(|e| fail(&e))
}

/// Writes what `--out` and `--annotate` ask for after a selection.
pub fn write_selection(
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
        let bytes = qgx_sheets::annotate(book, &notes, &result.ruleset).map_err(|e| fail(&e))?;
        said.push_str(&write(path, &bytes)?);
    }
    Ok(Some(said))
}

/// Reads annual reports from a workbook (报告, 活动, 成果) or a CSV of 报告 rows.
pub fn read_reports(ctx: &Ctx, file: &Path) -> Result<(Vec<AnnualReport>, Source, Book), Fail> {
    let book = open(ctx, file)?;
    let (reports, source) = qgx_sheets::read_reports(&book).map_err(|e| fail(&e))?;
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
        let bytes =
            qgx_sheets::annotate(book, &notes, &ctx.ruleset.stamp()).map_err(|e| fail(&e))?;
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
