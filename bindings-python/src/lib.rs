//! `qgx._qgx`: the Python face of `qgx-core` (pyo3). It converts, nothing else: Python objects
//! in (dicts, lists, str, int, float, bool, None; dates as `datetime.date` or ISO strings), the
//! core's results out as plain dicts with the wire format's field names (RULES.md §3), and the
//! core's [`Error`] as `qgx.InvalidInputError` (a `ValueError`) or one of its subclasses. Every
//! call has a `_json` twin that takes JSON text (`str` or `bytes`) and returns JSON text.
//!
//! What an argument may be (`ruleset`, `as_of`, `year`, `submitted_at`) is the core's
//! definition (`qgx_core::args`); this module only turns Python values into what those take.
//! No Rust panic reaches Python: every call runs under [`guarded`], which turns one into
//! `qgx.InternalError`.

mod bridge;
mod sheets;

use std::panic::{AssertUnwindSafe, catch_unwind};

/// The allocator of the module's own (Rust) allocations: reading a batch makes and frees many
/// small strings, and mimalloc does that faster than the C library's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString};
use qgx_core::args::{self, Lang};
use qgx_core::{
    AnnualReport, Application, Date, Error, ErrorKind, Plan, Registry, ReportCheck, SelectionInput,
    SummaryInput,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

create_exception!(
    qgx,
    InvalidInputError,
    PyValueError,
    "Malformed input: `.kind`, `.path` (JSON Pointer of the first problem) and `.errors`."
);
create_exception!(
    qgx,
    InvalidRulesetError,
    InvalidInputError,
    "A ruleset or its overrides are malformed or out of range."
);
create_exception!(
    qgx,
    InvalidArgumentError,
    InvalidInputError,
    "An argument (`as_of`, `year`, `submitted_at`) is malformed."
);
create_exception!(
    qgx,
    UnknownSchemaError,
    InvalidInputError,
    "`schema(name)` was given a name it does not know."
);
create_exception!(
    qgx,
    InternalError,
    PyRuntimeError,
    "A bug in qgx (a Rust panic, caught at the boundary): please report it."
);

/// How deep input may nest: JSON text has the same limit (serde_json's), and it keeps a
/// self-containing dict from exhausting the stack.
pub(crate) const MAX_DEPTH: usize = 128;

/// How many reports `check_reports` reads, checks and writes between two looks for a signal
/// (Ctrl-C): a few milliseconds of work.
const CHUNK: usize = 512;

/// The core's error as a Python exception carrying `kind`, `path`, `errors` (and `line`,
/// `column` when the input was the caller's own text: `with_position`).
fn to_py_err(py: Python<'_>, e: &Error, with_position: bool) -> PyErr {
    let message = e.message_in(Lang::En, with_position);
    let err = match e.kind() {
        ErrorKind::InvalidRuleset => InvalidRulesetError::new_err(message),
        ErrorKind::InvalidArgument => InvalidArgumentError::new_err(message),
        ErrorKind::UnknownSchema => UnknownSchemaError::new_err(message),
        _ => InvalidInputError::new_err(message),
    };
    let value = err.value(py);
    let details = || -> PyResult<()> {
        value.setattr("kind", e.kind().as_str())?;
        value.setattr("path", e.path())?;
        value.setattr("line", e.line().filter(|_| with_position))?;
        value.setattr("column", e.column().filter(|_| with_position))?;
        let errors = PyList::empty(py);
        for issue in e.issues() {
            let d = PyDict::new(py);
            d.set_item("path", &issue.path)?;
            d.set_item("message", &issue.message)?;
            if with_position {
                if let Some(line) = issue.line {
                    d.set_item("line", line)?;
                }
                if let Some(column) = issue.column {
                    d.set_item("column", column)?;
                }
            }
            errors.append(d)?;
        }
        value.setattr("errors", errors)?;
        Ok(())
    };
    match details() {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// Runs a call, turning a Rust panic (which the core is built never to raise) into
/// `qgx.InternalError`, an `Exception`: pyo3 would raise `PanicException`, a `BaseException`
/// that `except Exception` misses.
fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            Err(InternalError::new_err(format!(
                "internal error in qgx (please report it): {}",
                qgx_core::bounded_message(&what)
            )))
        }
    }
}

/// Turns the core's error into the Python exception; `with_position` when the input was the
/// caller's JSON text (its line and column mean something).
trait OrRaise<T> {
    fn or_raise(self, py: Python<'_>, with_position: bool) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>, with_position: bool) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e, with_position))
    }
}

/// A Python object as one of the core's input types, in one pass (see `bridge`).
fn typed<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, kind: ErrorKind) -> Result<T, Error> {
    bridge::from_py(obj).map_err(|f| f.into_error(kind))
}

/// A problem inside the input's own `ruleset` is a ruleset error (at `/ruleset/…`): the core's rule.
use qgx_core::json::ruleset_errors_as_such;

fn selection_of(obj: &Bound<'_, PyAny>) -> Result<SelectionInput, Error> {
    typed(obj, ErrorKind::InvalidInput).map_err(ruleset_errors_as_such)
}

fn summary_of(obj: &Bound<'_, PyAny>) -> Result<SummaryInput, Error> {
    typed(obj, ErrorKind::InvalidInput).map_err(ruleset_errors_as_such)
}

/// A result as Python objects, made with the cyclic garbage collector paused.
fn out<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let _pause = GcPause::new(py)?;
    made(bridge::to_py(&bridge::Keys::new(py), value))
}

fn made(result: Result<Bound<'_, PyAny>, bridge::Fail>) -> PyResult<Py<PyAny>> {
    result
        .map(Bound::unbind)
        .map_err(|e| PyValueError::new_err(format!("cannot convert the result: {e}")))
}

/// Pauses the cyclic garbage collector while results are made: the objects cannot form
/// cycles, and a large batch would otherwise set off full collections over everything the
/// program holds (a third of the time of `check_reports`). The GIL is held throughout, so no
/// other thread sees the pause; the collector's state is restored when the pause is dropped
/// (also on the way out of an error or a panic).
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        let enabled: bool = gc.call_method0("isenabled")?.extract()?;
        if enabled {
            gc.call_method0("disable")?;
            Ok(GcPause { gc: Some(gc) })
        } else {
            Ok(GcPause { gc: None })
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Nothing to do if re-enabling fails: the interpreter is shutting down.
            let _ = gc.call_method0("enable");
        }
    }
}

/// A string argument's text; a lone surrogate becomes U+FFFD, so that the core's parser names
/// the argument in its error (`as_of`, a schema name) rather than Python's codec.
fn arg_text(obj: &Bound<'_, PyAny>) -> Option<String> {
    obj.cast::<PyString>()
        .ok()
        .map(|s| s.to_string_lossy().into_owned())
}

/// `as_of`: a `datetime.date` (not a `datetime`) or a `YYYY-MM-DD` string, read by the core.
fn date_arg(obj: &Bound<'_, PyAny>) -> Result<Date, Error> {
    let text = if let Some(text) = arg_text(obj) {
        Some(text)
    } else if is_instance(obj, "date") && !is_instance(obj, "datetime") {
        obj.call_method0("isoformat")
            .ok()
            .and_then(|s| s.extract::<String>().ok())
    } else {
        None
    };
    let Some(text) = text else {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            "/as_of",
            format!(
                "expected a datetime.date or a YYYY-MM-DD string, found {}",
                bridge::describe(obj)
            ),
        ));
    };
    args::as_of_arg(&text)
}

fn is_instance(obj: &Bound<'_, PyAny>, class: &str) -> bool {
    let py = obj.py();
    py.import("datetime")
        .and_then(|m| m.getattr(class))
        .and_then(|c| obj.is_instance(&c))
        .unwrap_or(false)
}

fn opt_date(obj: Option<&Bound<'_, PyAny>>) -> Result<Option<Date>, Error> {
    obj.filter(|o| !o.is_none()).map(date_arg).transpose()
}

/// `as_of` as the text the JSON twins take.
fn date_text(obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    date_arg(obj).map(|d| d.to_string())
}

/// A ruleset: the rules of one edition of the notice, with any overrides.
///
/// Build it with `Ruleset.edition_2024()` and `.with_overrides({...})`; it pickles.
#[pyclass(module = "qgx", name = "Ruleset", frozen, from_py_object)]
#[derive(Clone)]
struct PyRuleset {
    inner: qgx_core::Ruleset,
}

/// A dict (or other JSON data) as JSON text, read in one pass; a problem is of `kind`.
fn json_text_of(obj: &Bound<'_, PyAny>, kind: ErrorKind) -> Result<String, Error> {
    let value: serde_json::Value = typed(obj, kind)?;
    Ok(value.to_string())
}

#[pymethods]
impl PyRuleset {
    /// The built-in 2024 edition: every default of RULES.md.
    #[staticmethod]
    fn edition_2024() -> Self {
        PyRuleset {
            inner: args::builtin_ruleset().clone(),
        }
    }

    /// A whole ruleset document (`{"edition": ..., every parameter}`), as `to_dict()` gives.
    #[staticmethod]
    fn from_dict(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        guarded(|| {
            let text = json_text_of(document, ErrorKind::InvalidRuleset).or_raise(py, false)?;
            qgx_core::Ruleset::from_document(&text)
                .map(|inner| PyRuleset { inner })
                .or_raise(py, false)
        })
    }

    /// This ruleset with `overrides` (a dict keyed by parameter names) merged over it.
    fn with_overrides(&self, py: Python<'_>, overrides: &Bound<'_, PyAny>) -> PyResult<Self> {
        guarded(|| {
            let value: serde_json::Value =
                typed(overrides, ErrorKind::InvalidRuleset).or_raise(py, false)?;
            self.inner
                .with_overrides_value(value)
                .map(|inner| PyRuleset { inner })
                .or_raise(py, false)
        })
    }

    /// `"sha256:"` + the hex SHA-256 of the canonical JSON.
    #[getter]
    fn hash(&self) -> &str {
        self.inner.hash()
    }

    /// The edition, e.g. `"2024"`.
    #[getter]
    fn edition(&self) -> &str {
        self.inner.edition()
    }

    /// What every result carries to name these rules: `{edition, hash, engine}`.
    fn stamp(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(|| out(py, &self.inner.stamp()))
    }

    /// The whole ruleset as a dict (`{"edition": ..., every parameter}`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(|| out(py, &self.inner.to_value()))
    }

    /// The canonical JSON text the hash is taken of.
    fn canonical_json(&self) -> String {
        self.inner.canonical_json()
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<(Py<PyAny>, (Py<PyAny>,))> {
        let py = slf.py();
        let constructor = slf.getattr("from_dict")?.unbind();
        let document = out(py, &slf.get().inner.to_value())?;
        Ok((constructor, (document,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyRuleset>()
            .map(|o| o.get().inner.hash() == self.inner.hash())
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        self.inner.hash().hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "Ruleset(edition={:?}, hash={:?})",
            self.inner.edition(),
            self.inner.hash()
        )
    }
}

/// `ruleset=`: None (the built-in 2024 edition), a `Ruleset`, or what the core's
/// `args::ruleset_arg` takes — a whole document (it has `edition`) or overrides of the 2024
/// edition (it has not) — as a dict or as JSON text.
fn ruleset_arg(ruleset: Option<&Bound<'_, PyAny>>) -> Result<qgx_core::Ruleset, Error> {
    let Some(obj) = ruleset.filter(|r| !r.is_none()) else {
        return args::ruleset_arg(None);
    };
    if let Ok(r) = obj.cast::<PyRuleset>() {
        return Ok(r.get().inner.clone());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str().map_err(|_| {
            Error::new(
                ErrorKind::Syntax,
                "",
                "the ruleset's text holds a lone surrogate",
            )
        })?;
        return args::ruleset_arg(Some(text));
    }
    let text = json_text_of(obj, ErrorKind::InvalidRuleset)?;
    // The text was made here: its line and column are dropped with the position.
    args::ruleset_arg(Some(&text))
}

/// Whether `ruleset=` was given as JSON text (its errors then have a line and column).
fn ruleset_is_text(ruleset: Option<&Bound<'_, PyAny>>) -> bool {
    ruleset.is_some_and(|r| r.cast::<PyString>().is_ok())
}

/// JSON text given as `str` or `bytes` (UTF-8), borrowed.
fn json_arg<'a>(obj: &'a Bound<'_, PyAny>) -> Result<&'a str, Error> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_str().map_err(|_| {
            Error::new(
                ErrorKind::Syntax,
                "",
                "the text holds a lone surrogate, which is not Unicode",
            )
        });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return std::str::from_utf8(b.as_bytes()).map_err(|e| {
            Error::new(
                ErrorKind::Syntax,
                "",
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
        });
    }
    Err(Error::new(
        ErrorKind::InvalidInput,
        "",
        format!(
            "expected JSON text (str or bytes), found {}",
            bridge::describe(obj)
        ),
    ))
}

/// R-ELIG, R-PLAN, R-ENDORSE and R-CLAIM for one application (with the registry when given).
#[pyfunction]
#[pyo3(signature = (application, registry=None, *, ruleset=None))]
fn check_application(
    py: Python<'_>,
    application: &Bound<'_, PyAny>,
    registry: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = (|| {
            let rs = ruleset_arg(ruleset)?;
            let app: Application = typed(application, ErrorKind::InvalidInput)?;
            let registry: Option<Registry> = registry
                .filter(|r| !r.is_none())
                .map(|r| typed(r, ErrorKind::InvalidInput))
                .transpose()
                .map_err(|e| e.under("/registry"))?;
            qgx_core::check_application(&app, registry.as_ref(), &rs)
        })()
        .or_raise(py, false)?;
        out(py, &result)
    })
}

/// R-PLAN for one action plan.
#[pyfunction]
#[pyo3(signature = (plan, *, ruleset=None))]
fn check_plan(
    py: Python<'_>,
    plan: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = (|| {
            let rs = ruleset_arg(ruleset)?;
            let plan: Plan = typed(plan, ErrorKind::InvalidInput)?;
            Ok(qgx_core::check_plan(&plan, &rs))
        })()
        .or_raise(py, false)?;
        out(py, &result)
    })
}

/// R-ANNUAL and R-TASK-1..4 for one annual report, with its completeness and score.
#[pyfunction]
#[pyo3(signature = (report, *, as_of=None, ruleset=None))]
fn check_report(
    py: Python<'_>,
    report: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = (|| {
            let rs = ruleset_arg(ruleset)?;
            let as_of = opt_date(as_of)?;
            let report: AnnualReport = typed(report, ErrorKind::InvalidInput)?;
            Ok(qgx_core::check_report(&report, as_of, &rs))
        })()
        .or_raise(py, false)?;
        out(py, &result)
    })
}

/// `check_report` over a list of reports. Chunk by chunk: read (GIL held), check (GIL
/// released), write, and look for a signal, so that Ctrl-C stops a long batch within a few
/// milliseconds.
#[pyfunction]
#[pyo3(signature = (reports, *, as_of=None, ruleset=None))]
fn check_reports(
    py: Python<'_>,
    reports: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (rs, as_of) =
            (|| Ok((ruleset_arg(ruleset)?, opt_date(as_of)?)))().or_raise(py, false)?;
        let Ok(list) = reports.cast::<PyList>() else {
            // A tuple, or something that is not a list at all (the core's error names it).
            let reports: Vec<AnnualReport> =
                typed(reports, ErrorKind::InvalidInput).or_raise(py, false)?;
            let results = py.detach(|| qgx_core::check_reports(&reports, as_of, &rs));
            let converted = out(py, &results);
            py.detach(move || drop(results));
            return converted;
        };
        let keys = bridge::Keys::new(py);
        let _pause = GcPause::new(py)?;
        let done = PyList::empty(py);
        // A pipeline of two: while a worker thread checks one chunk (no Python object is
        // touched there), this thread reads the next one and then writes the results of the
        // one before, with the GIL. A batch of one chunk is checked here: a thread would cost
        // more than it saves.
        let rs = &rs;
        let one_chunk = list.len() <= CHUNK;
        std::thread::scope(|scope| -> PyResult<()> {
            let mut checking: Option<Checking<'_>> = None;
            let mut start = 0;
            loop {
                let end = (start + CHUNK).min(list.len());
                let next = if start < end {
                    let mut chunk: Vec<AnnualReport> = Vec::with_capacity(end - start);
                    for i in start..end {
                        let item = list.get_item(i)?;
                        let report: AnnualReport = typed(&item, ErrorKind::InvalidInput)
                            .map_err(|e| e.under(&format!("/{i}")))
                            .or_raise(py, false)?;
                        chunk.push(report);
                    }
                    Some(if one_chunk {
                        Checking::Done(py.detach(|| qgx_core::check_reports(&chunk, as_of, rs)))
                    } else {
                        Checking::Running(
                            scope.spawn(move || qgx_core::check_reports(&chunk, as_of, rs)),
                        )
                    })
                } else {
                    None
                };
                let last = next.is_none();
                if let Some(previous) = std::mem::replace(&mut checking, next) {
                    let results = match previous {
                        Checking::Done(results) => results,
                        Checking::Running(worker) => py.detach(|| worker.join()).map_err(|_| {
                            InternalError::new_err("checking a chunk of reports failed")
                        })?,
                    };
                    for r in &results {
                        done.append(made(bridge::to_py(&keys, r))?)?;
                    }
                    py.detach(move || drop(results));
                    py.check_signals()?;
                }
                if last {
                    return Ok(());
                }
                start = end;
            }
        })?;
        Ok(done.into_any().unbind())
    })
}

/// A chunk of reports being checked on a worker thread, or already checked.
enum Checking<'scope> {
    Running(std::thread::ScopedJoinHandle<'scope, Vec<ReportCheck>>),
    Done(Vec<ReportCheck>),
}

/// `check_reports` on a JSON file of reports (an array), read and parsed without the GIL.
#[pyfunction]
#[pyo3(signature = (path, *, as_of=None, ruleset=None))]
fn check_reports_file(
    py: Python<'_>,
    path: std::path::PathBuf,
    as_of: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (rs, as_of) =
            (|| Ok((ruleset_arg(ruleset)?, opt_date(as_of)?)))().or_raise(py, false)?;
        let text = py.detach(|| std::fs::read(&path))?;
        let text = std::str::from_utf8(&text).map_err(|e| {
            Error::new(
                ErrorKind::Syntax,
                "",
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
        });
        let text = text.or_raise(py, true)?;
        let results = py
            .detach(|| {
                let reports: Vec<AnnualReport> = qgx_core::from_json_str(text)?;
                Ok(qgx_core::check_reports(&reports, as_of, &rs))
            })
            .or_raise(py, true)?;
        let converted = out(py, &results);
        py.detach(move || drop(results));
        converted
    })
}

/// The whole selection (R-DUP … R-MANDATORY) over a Selection input.
#[pyfunction]
#[pyo3(signature = (selection, *, ruleset=None))]
fn select(
    py: Python<'_>,
    selection: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (rs, input) =
            (|| Ok((ruleset_arg(ruleset)?, selection_of(selection)?)))().or_raise(py, false)?;
        let result = py
            .detach(|| qgx_core::select(&input, &rs))
            .or_raise(py, false)?;
        out(py, &result)
    })
}

/// Two settings compared: the selection run on `base` and on `variant` (two Selection inputs,
/// each may carry its own `ruleset` overrides, merged over `ruleset`), and every application
/// whose outcome, recommendation or rank changes and every province whose counts or cut line
/// change.
#[pyfunction]
#[pyo3(signature = (base, variant, *, ruleset=None))]
fn compare(
    py: Python<'_>,
    base: &Bound<'_, PyAny>,
    variant: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (rs, base, variant) = (|| {
            Ok((
                ruleset_arg(ruleset)?,
                selection_of(base).map_err(|e| e.under("/base"))?,
                selection_of(variant).map_err(|e| e.under("/variant"))?,
            ))
        })()
        .or_raise(py, false)?;
        let result = py
            .detach(|| qgx_core::compare(&base, &variant, &rs))
            .or_raise(py, false)?;
        out(py, &result)
    })
}

/// R-SUMMARY: the cycle summary of a Summary input (`{reports, participants?, ruleset?}`) as of
/// `as_of`, with the typical-case shortlists; the summing up runs without the GIL.
#[pyfunction]
#[pyo3(signature = (summary, *, as_of, ruleset=None))]
fn summarize_cycle(
    py: Python<'_>,
    summary: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (rs, as_of, input) = (|| {
            Ok((
                ruleset_arg(ruleset)?,
                date_arg(as_of)?,
                summary_of(summary)?,
            ))
        })()
        .or_raise(py, false)?;
        let result = py
            .detach(|| qgx_core::summarize_cycle(&input, as_of, &rs))
            .or_raise(py, false)?;
        out(py, &result)
    })
}

/// Where `as_of` falls in the three-year cycle, with every year's window and due date.
#[pyfunction]
#[pyo3(signature = (as_of, *, ruleset=None))]
fn cycle_status(
    py: Python<'_>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = (|| {
            let rs = ruleset_arg(ruleset)?;
            Ok(qgx_core::cycle_status(date_arg(as_of)?, &rs))
        })()
        .or_raise(py, false)?;
        out(py, &result)
    })
}

/// A report `year` from Python: an `int` (not a `bool`), in the cycle (the core's `year_arg`).
fn year_arg(year: &Bound<'_, PyAny>, rs: &qgx_core::Ruleset) -> Result<u32, Error> {
    let value = if year.cast::<PyBool>().is_err() {
        year.extract::<i64>().ok()
    } else {
        None
    };
    let Some(value) = value else {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            "/year",
            format!(
                "expected a report year as an int, found {}",
                bridge::describe(year)
            ),
        ));
    };
    args::year_arg(value, rs)
}

/// `submitted_at`: None or an RFC 3339 string (the core's `submitted_at_arg`).
fn submitted_at_text(submitted_at: Option<&Bound<'_, PyAny>>) -> Result<Option<String>, Error> {
    match submitted_at.filter(|s| !s.is_none()) {
        None => Ok(None),
        Some(s) => arg_text(s).map(Some).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidArgument,
                "/submitted_at",
                format!(
                    "expected an RFC 3339 timestamp string, found {}",
                    bridge::describe(s)
                ),
            )
        }),
    }
}

/// The state of report `year` (1-based) as of a date: not yet due, due, submitted (on time or late), overdue.
#[pyfunction]
#[pyo3(signature = (year, submitted_at=None, *, as_of, ruleset=None))]
fn report_status(
    py: Python<'_>,
    year: &Bound<'_, PyAny>,
    submitted_at: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = (|| {
            let rs = ruleset_arg(ruleset)?;
            let year = year_arg(year, &rs)?;
            let submitted = submitted_at_text(submitted_at)?
                .map(|t| args::submitted_at_arg(&t))
                .transpose()?;
            let as_of = date_arg(as_of)?;
            qgx_core::report_status(year, submitted.as_ref(), as_of, &rs)
        })()
        .or_raise(py, false)?;
        out(py, &result)
    })
}

/// The next report due on or after `as_of`, or None after the cycle's last one.
#[pyfunction]
#[pyo3(signature = (as_of, *, ruleset=None))]
fn next_due(
    py: Python<'_>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = (|| {
            let rs = ruleset_arg(ruleset)?;
            Ok(qgx_core::next_due(date_arg(as_of)?, &rs))
        })()
        .or_raise(py, false)?;
        out(py, &result)
    })
}

/// A schema name: a `str` (anything else is an `InvalidArgumentError` at `/name`).
fn schema_name(name: &Bound<'_, PyAny>) -> Result<String, Error> {
    arg_text(name).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidArgument,
            "/name",
            format!(
                "expected a schema name (str), found {}",
                bridge::describe(name)
            ),
        )
    })
}

/// The JSON Schema called `name` (see `SCHEMA_NAMES`).
#[pyfunction]
fn schema(py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let result = schema_name(name)
            .and_then(|n| qgx_core::schema(&n))
            .or_raise(py, false)?;
        out(py, &result)
    })
}

/// The stamp results carry for `ruleset=` (a Ruleset, a dict of overrides or None).
#[pyfunction]
#[pyo3(signature = (ruleset=None))]
fn ruleset_stamp(py: Python<'_>, ruleset: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let rs = ruleset_arg(ruleset).or_raise(py, ruleset_is_text(ruleset))?;
        out(py, &rs.stamp())
    })
}

/// Every finding code with its rule, severity and message templates in zh and en.
#[pyfunction]
fn catalog(py: Python<'_>) -> PyResult<Py<PyAny>> {
    guarded(|| out(py, &qgx_core::catalog()))
}

// --- the JSON twins: JSON text (str or bytes) in, JSON text out -------------------------------

/// Runs a JSON twin: arguments converted with the GIL, the core's `_json` function without it.
/// Errors keep their line and column (the text is the caller's).
fn twin(
    py: Python<'_>,
    ruleset: Option<&Bound<'_, PyAny>>,
    f: impl FnOnce(&qgx_core::Ruleset) -> Result<String, Error> + Send,
) -> PyResult<String> {
    guarded(|| {
        let rs = ruleset_arg(ruleset).or_raise(py, ruleset_is_text(ruleset))?;
        py.detach(|| f(&rs)).or_raise(py, true)
    })
}

/// `check_application` on JSON text; returns JSON text.
#[pyfunction]
#[pyo3(signature = (application, registry=None, *, ruleset=None))]
fn check_application_json(
    py: Python<'_>,
    application: &Bound<'_, PyAny>,
    registry: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let application = json_arg(application).or_raise(py, true)?;
    let registry = registry
        .filter(|r| !r.is_none())
        .map(json_arg)
        .transpose()
        .map_err(|e| e.under("/registry"))
        .or_raise(py, true)?;
    twin(py, ruleset, |rs| {
        qgx_core::json::check_application_json(application, registry, rs)
    })
}

/// `check_plan` on JSON text; returns JSON text.
#[pyfunction]
#[pyo3(signature = (plan, *, ruleset=None))]
fn check_plan_json(
    py: Python<'_>,
    plan: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let plan = json_arg(plan).or_raise(py, true)?;
    twin(py, ruleset, |rs| qgx_core::json::check_plan_json(plan, rs))
}

/// `check_report` on JSON text; returns JSON text.
#[pyfunction]
#[pyo3(signature = (report, *, as_of=None, ruleset=None))]
fn check_report_json(
    py: Python<'_>,
    report: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let report = json_arg(report).or_raise(py, true)?;
    let as_of = opt_date(as_of).or_raise(py, false)?.map(|d| d.to_string());
    twin(py, ruleset, |rs| {
        qgx_core::json::check_report_json(report, as_of.as_deref(), rs)
    })
}

/// `check_reports` on the JSON text of an array of reports; returns the JSON array of results.
/// Nothing but the text crosses into Python: the bulk path for data already in JSON.
#[pyfunction]
#[pyo3(signature = (reports, *, as_of=None, ruleset=None))]
fn check_reports_json(
    py: Python<'_>,
    reports: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let reports = json_arg(reports).or_raise(py, true)?;
    let as_of = opt_date(as_of).or_raise(py, false)?.map(|d| d.to_string());
    twin(py, ruleset, |rs| {
        qgx_core::json::check_reports_json(reports, as_of.as_deref(), rs)
    })
}

/// `select` on a Selection input's JSON text; returns JSON text.
#[pyfunction]
#[pyo3(signature = (selection, *, ruleset=None))]
fn select_json(
    py: Python<'_>,
    selection: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let selection = json_arg(selection).or_raise(py, true)?;
    twin(py, ruleset, |rs| qgx_core::json::select_json(selection, rs))
}

/// `compare` on two Selection inputs' JSON text; returns JSON text.
#[pyfunction]
#[pyo3(signature = (base, variant, *, ruleset=None))]
fn compare_json(
    py: Python<'_>,
    base: &Bound<'_, PyAny>,
    variant: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let base = json_arg(base)
        .map_err(|e| e.under("/base"))
        .or_raise(py, true)?;
    let variant = json_arg(variant)
        .map_err(|e| e.under("/variant"))
        .or_raise(py, true)?;
    twin(py, ruleset, |rs| {
        qgx_core::json::compare_json(base, variant, rs)
    })
}

/// `summarize_cycle` on a Summary input's JSON text; returns JSON text.
#[pyfunction]
#[pyo3(signature = (summary, *, as_of, ruleset=None))]
fn summarize_cycle_json(
    py: Python<'_>,
    summary: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let summary = json_arg(summary).or_raise(py, true)?;
    let as_of = date_text(as_of).or_raise(py, false)?;
    twin(py, ruleset, |rs| {
        qgx_core::json::summarize_cycle_json(summary, &as_of, rs)
    })
}

/// `cycle_status` as JSON text.
#[pyfunction]
#[pyo3(signature = (as_of, *, ruleset=None))]
fn cycle_status_json(
    py: Python<'_>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let as_of = date_text(as_of).or_raise(py, false)?;
    twin(py, ruleset, |rs| {
        qgx_core::json::cycle_status_json(&as_of, rs)
    })
}

/// `report_status` as JSON text.
#[pyfunction]
#[pyo3(signature = (year, submitted_at=None, *, as_of, ruleset=None))]
fn report_status_json(
    py: Python<'_>,
    year: &Bound<'_, PyAny>,
    submitted_at: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    guarded(|| {
        let rs = ruleset_arg(ruleset).or_raise(py, ruleset_is_text(ruleset))?;
        let year = year_arg(year, &rs).or_raise(py, false)?;
        let submitted = submitted_at_text(submitted_at).or_raise(py, false)?;
        let as_of = date_text(as_of).or_raise(py, false)?;
        py.detach(|| qgx_core::json::report_status_json(year, submitted.as_deref(), &as_of, &rs))
            .or_raise(py, true)
    })
}

/// `next_due` as JSON text (`null` after the cycle's last report).
#[pyfunction]
#[pyo3(signature = (as_of, *, ruleset=None))]
fn next_due_json(
    py: Python<'_>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let as_of = date_text(as_of).or_raise(py, false)?;
    twin(py, ruleset, |rs| qgx_core::json::next_due_json(&as_of, rs))
}

/// The JSON Schema called `name`, as JSON text.
#[pyfunction]
fn schema_json(py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<String> {
    guarded(|| {
        schema_name(name)
            .and_then(|n| qgx_core::json::schema_json(&n))
            .or_raise(py, false)
    })
}

/// The catalog of finding codes, as JSON text.
#[pyfunction]
fn catalog_json() -> PyResult<String> {
    guarded(|| {
        serde_json::to_string(&qgx_core::catalog())
            .map_err(|e| InternalError::new_err(format!("cannot write the catalog: {e}")))
    })
}

/// Panics on purpose, to show that a panic arrives as `qgx.InternalError` (tests only).
#[pyfunction]
#[allow(clippy::panic)]
fn _panic_for_tests() -> PyResult<()> {
    guarded(|| -> PyResult<()> { panic!("a deliberate panic") })
}

#[pymodule]
fn _qgx(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyRuleset>()?;
    m.add_function(wrap_pyfunction!(check_application, m)?)?;
    m.add_function(wrap_pyfunction!(check_plan, m)?)?;
    m.add_function(wrap_pyfunction!(check_report, m)?)?;
    m.add_function(wrap_pyfunction!(check_reports, m)?)?;
    m.add_function(wrap_pyfunction!(check_reports_file, m)?)?;
    m.add_function(wrap_pyfunction!(select, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(summarize_cycle, m)?)?;
    m.add_function(wrap_pyfunction!(cycle_status, m)?)?;
    m.add_function(wrap_pyfunction!(report_status, m)?)?;
    m.add_function(wrap_pyfunction!(next_due, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(catalog, m)?)?;
    m.add_function(wrap_pyfunction!(ruleset_stamp, m)?)?;
    m.add_function(wrap_pyfunction!(check_application_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_report_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_reports_json, m)?)?;
    m.add_function(wrap_pyfunction!(select_json, m)?)?;
    m.add_function(wrap_pyfunction!(compare_json, m)?)?;
    m.add_function(wrap_pyfunction!(summarize_cycle_json, m)?)?;
    m.add_function(wrap_pyfunction!(cycle_status_json, m)?)?;
    m.add_function(wrap_pyfunction!(report_status_json, m)?)?;
    m.add_function(wrap_pyfunction!(next_due_json, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(catalog_json, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("InvalidRulesetError", py.get_type::<InvalidRulesetError>())?;
    m.add(
        "InvalidArgumentError",
        py.get_type::<InvalidArgumentError>(),
    )?;
    m.add("UnknownSchemaError", py.get_type::<UnknownSchemaError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("SCHEMA_NAMES", qgx_core::SCHEMA_NAMES.to_vec())?;
    m.add("CALLS", args::CALLS.to_vec())?;
    m.add("ENGINE_VERSION", qgx_core::ENGINE_VERSION)?;
    sheets::register(m)?;
    Ok(())
}
