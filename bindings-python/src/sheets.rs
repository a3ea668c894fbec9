//! The native half of `qgx.sheets`: `qgx-sheets`' readers and writers, converting only. Paths
//! in (`str` or `os.PathLike`), the wire format's dicts out; the files are read, and the
//! workbooks made and saved, without the GIL.
//!
//! A sheet's problem is `qgx.SheetError` (an `InvalidInputError`) with the crate's message,
//! which names the file, sheet and cell (`apps.xlsx: 申报!F12 (merit_score): …`); what the
//! operating system refuses (a missing file, no permission) is the `OSError` Python raises for
//! it (`FileNotFoundError`, `PermissionError`, …) with its `errno` and `filename`.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use qgx_core::{Error, ErrorKind, ReportCheck, SelectionResult};
use qgx_sheets::{Encoding, Kind, Limits, Place, ReadOptions, SelectionPaths};

use crate::{OrRaise, guarded, out, ruleset_arg, ruleset_is_text, selection_of, typed};

create_exception!(
    qgx,
    SheetError,
    crate::InvalidInputError,
    "A spreadsheet that cannot be read as input: `.file`, `.sheet`, `.cell` (A1), `.field`, \
     `.line` (the row) and `.column` (1-based) say where, `.kind` what (format, limit, layout, \
     invalid)."
);

/// A sheet error as Python's: `OSError` (its subclass for the `errno`) for what the system
/// refused, else `SheetError` with where it is.
fn raise(py: Python<'_>, e: &qgx_sheets::Error) -> PyErr {
    if let Some(errno) = e.os_error() {
        let strerror = py
            .import("os")
            .and_then(|os| os.call_method1("strerror", (errno,)))
            .and_then(|s| s.extract::<String>())
            .unwrap_or_else(|_| e.message().to_owned());
        return PyOSError::new_err((errno, strerror, e.file().to_owned()));
    }
    if let Some(kind) = e.io_kind() {
        return std::io::Error::new(kind, e.to_string()).into();
    }
    if e.kind() == qgx_sheets::ErrorKind::Io {
        return PyOSError::new_err(e.to_string());
    }
    let err = SheetError::new_err(e.to_string());
    let value = err.value(py);
    let (sheet, line, column) = match e.place() {
        Place::File => (None, None, None),
        Place::Sheet(sheet) => (sheet.clone(), None, None),
        Place::Row(sheet, row) => (sheet.clone(), Some(*row), None),
        Place::Cell(c) => (c.sheet.clone(), Some(c.row), Some(c.col + 1)),
    };
    let details = || -> PyResult<()> {
        value.setattr("kind", e.kind().as_str())?;
        value.setattr("path", "")?;
        value.setattr("line", line)?;
        value.setattr("column", column)?;
        value.setattr("file", e.file())?;
        value.setattr("sheet", sheet)?;
        value.setattr("cell", e.cell().map(qgx_sheets::CellRef::a1))?;
        value.setattr("field", e.column())?;
        let issue = PyDict::new(py);
        issue.set_item("path", "")?;
        issue.set_item("message", e.to_string())?;
        value.setattr("errors", PyList::new(py, [issue])?)?;
        Ok(())
    };
    match details() {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// `encoding=`: `auto`, `utf-8` or `gb18030` (the crate's names), with the default limits.
fn options(encoding: &str) -> Result<ReadOptions, Error> {
    let encoding = Encoding::from_name(encoding).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidArgument,
            "/encoding",
            format!("expected auto, utf-8 or gb18030, got `{encoding}`"),
        )
    })?;
    Ok(ReadOptions {
        encoding,
        limits: Limits::default(),
    })
}

/// The files of a selection as the crate takes them.
fn selection_paths<'p>(
    applications: &'p std::path::Path,
    provinces: Option<&'p PathBuf>,
    registry: Option<&'p PathBuf>,
    decisions: Option<&'p PathBuf>,
) -> SelectionPaths<'p> {
    SelectionPaths {
        applications,
        provinces: provinces.map(PathBuf::as_path),
        registry: registry.map(PathBuf::as_path),
        decisions: decisions.map(PathBuf::as_path),
    }
}

/// A Selection input read from a workbook or CSV files (see `qgx.sheets.read_selection`).
#[pyfunction]
#[pyo3(signature = (path, provinces=None, registry=None, decisions=None, encoding="auto"))]
fn sheets_read_selection(
    py: Python<'_>,
    path: PathBuf,
    provinces: Option<PathBuf>,
    registry: Option<PathBuf>,
    decisions: Option<PathBuf>,
    encoding: &str,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let opts = options(encoding).or_raise(py, false)?;
        let paths = selection_paths(
            &path,
            provinces.as_ref(),
            registry.as_ref(),
            decisions.as_ref(),
        );
        let (input, _, _) = py
            .detach(|| qgx_sheets::read_selection_paths(&paths, &opts))
            .map_err(|e| raise(py, &e))?;
        out(py, &input)
    })
}

/// Annual reports read from a workbook (报告, 活动, 成果) or a CSV of 报告 rows.
#[pyfunction]
#[pyo3(signature = (path, encoding="auto"))]
fn sheets_read_reports(py: Python<'_>, path: PathBuf, encoding: &str) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let opts = options(encoding).or_raise(py, false)?;
        let (reports, _) = py
            .detach(|| qgx_sheets::read_reports_file(&path, &opts))
            .map_err(|e| raise(py, &e))?;
        out(py, &reports)
    })
}

/// The results workbook of a selection (省份汇总, 推荐名单, 全部申报, 问题清单, 合规), findings
/// mapped to their cells when `source` (and its other files) are given: they are read again.
#[pyfunction]
#[pyo3(signature = (result, path, input=None, source=None, provinces=None, registry=None, decisions=None, encoding="auto"))]
#[allow(clippy::too_many_arguments)]
fn sheets_write_selection(
    py: Python<'_>,
    result: &Bound<'_, PyAny>,
    path: PathBuf,
    input: Option<&Bound<'_, PyAny>>,
    source: Option<PathBuf>,
    provinces: Option<PathBuf>,
    registry: Option<PathBuf>,
    decisions: Option<PathBuf>,
    encoding: &str,
) -> PyResult<()> {
    guarded(|| {
        let input = input.filter(|i| !i.is_none());
        if input.is_none() && source.is_none() {
            return Err(PyTypeError::new_err(
                "a selection's results name applications by id only: give input= (the \
                 Selection input, as read_selection returned it) or source= (the files it was \
                 read from)",
            ));
        }
        let (result, given, opts) = (|| {
            let result: SelectionResult =
                typed(result, ErrorKind::InvalidInput).map_err(|e| e.under("/result"))?;
            let given = input
                .map(|i| selection_of(i).map_err(|e| e.under("/input")))
                .transpose()?;
            Ok((result, given, options(encoding)?))
        })()
        .or_raise(py, false)?;
        py.detach(|| {
            let read = source
                .as_deref()
                .map(|apps| {
                    let paths = selection_paths(
                        apps,
                        provinces.as_ref(),
                        registry.as_ref(),
                        decisions.as_ref(),
                    );
                    qgx_sheets::read_selection_paths(&paths, &opts)
                })
                .transpose()?;
            let (input, source) = match (given, read) {
                (Some(input), read) => (input, read.map(|(_, source, _)| source)),
                (None, Some((input, source, _))) => (input, Some(source)),
                // Refused above: neither input= nor source=.
                (None, None) => return Ok(()),
            };
            let bytes = qgx_sheets::write_selection_results(&input, &result, source.as_ref())?;
            qgx_sheets::save_xlsx(&path, &bytes)
        })
        .map_err(|e| raise(py, &e))
    })
}

/// The results workbook of report checks (报告结果, 问题清单), findings mapped to their cells
/// when `source` (the file the reports were read from) is given: it is read again and must
/// hold the same reports in the same order.
#[pyfunction]
#[pyo3(signature = (checks, path, source=None, encoding="auto"))]
fn sheets_write_reports(
    py: Python<'_>,
    checks: &Bound<'_, PyAny>,
    path: PathBuf,
    source: Option<PathBuf>,
    encoding: &str,
) -> PyResult<()> {
    guarded(|| {
        let (checks, opts) = (|| {
            let checks: Vec<ReportCheck> =
                typed(checks, ErrorKind::InvalidInput).map_err(|e| e.under("/result"))?;
            Ok((checks, options(encoding)?))
        })()
        .or_raise(py, false)?;
        py.detach(|| {
            let source = match source.as_deref() {
                Some(file) => {
                    let (reports, source) = qgx_sheets::read_reports_file(file, &opts)?;
                    qgx_sheets::same_reports(&checks, &reports, &file.display().to_string())?;
                    Some(source)
                }
                None => None,
            };
            let bytes = qgx_sheets::write_report_results(&checks, source.as_ref())?;
            qgx_sheets::save_xlsx(&path, &bytes)
        })
        .map_err(|e| raise(py, &e))
    })
}

/// An empty template of `kind` (applications, provinces, decisions, registry, reports), stamped
/// with `ruleset`'s edition and hash.
#[pyfunction]
#[pyo3(signature = (kind, path, *, ruleset=None))]
fn sheets_template(
    py: Python<'_>,
    kind: &str,
    path: PathBuf,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    guarded(|| {
        let rs = ruleset_arg(ruleset).or_raise(py, ruleset_is_text(ruleset))?;
        let kind = Kind::parse(kind)
            .map_err(|m| Error::new(ErrorKind::InvalidArgument, "/kind", m))
            .or_raise(py, false)?;
        let stamp = rs.stamp();
        py.detach(|| {
            let bytes = qgx_sheets::write_template(kind, &stamp)?;
            qgx_sheets::save_xlsx(&path, &bytes)
        })
        .map_err(|e| raise(py, &e))
    })
}

/// Adds the sheet functions and `SheetError` to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sheets_read_selection, m)?)?;
    m.add_function(wrap_pyfunction!(sheets_read_reports, m)?)?;
    m.add_function(wrap_pyfunction!(sheets_write_selection, m)?)?;
    m.add_function(wrap_pyfunction!(sheets_write_reports, m)?)?;
    m.add_function(wrap_pyfunction!(sheets_template, m)?)?;
    m.add("SheetError", m.py().get_type::<SheetError>())?;
    Ok(())
}
