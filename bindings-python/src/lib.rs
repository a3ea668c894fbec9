//! `qgx._qgx`: the Python face of `qgx-core` (pyo3). It converts, nothing else: Python objects
//! in (dicts, lists, str, int, float, bool, None; dates as `datetime.date` or ISO strings), the
//! core's results out as plain dicts with the wire format's field names (RULES.md §3), and the
//! core's [`Error`] as `qgx.InvalidInputError` (a `ValueError`) or one of its subclasses.
//!
//! Objects become JSON values (anything else is an error naming its JSON Pointer), then the
//! core's types, by the same serde rules as JSON text: no coercion (`"true"` is not a bool).

mod bridge;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use qgx_core::{AnnualReport, Application, Date, Error, ErrorKind, Plan, Registry, SummaryInput};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};
use std::sync::OnceLock;

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

/// The core's error as a Python exception carrying `kind`, `path`, `errors` (and `line`,
/// `column` when known).
fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    let message = e.to_string();
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
        value.setattr("line", e.line())?;
        value.setattr("column", e.column())?;
        let errors = PyList::empty(py);
        for issue in e.issues() {
            let d = PyDict::new(py);
            d.set_item("path", &issue.path)?;
            d.set_item("message", &issue.message)?;
            if let Some(line) = issue.line {
                d.set_item("line", line)?;
            }
            if let Some(column) = issue.column {
                d.set_item("column", column)?;
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

/// How deep input may nest: JSON text has the same limit (serde_json's), and it keeps a
/// self-containing dict from exhausting the stack.
pub(crate) const MAX_DEPTH: usize = 128;

/// A Python object as a JSON value, naming the JSON Pointer of anything that is not JSON data.
fn to_value(
    obj: &Bound<'_, PyAny>,
    path: &mut String,
    depth: usize,
    kind: ErrorKind,
) -> Result<Value, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::new(
            kind,
            path.as_str(),
            format!("nested more than {MAX_DEPTH} levels deep (or contains itself)"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = i.extract::<u64>() {
            return Ok(Value::from(v));
        }
        return Err(Error::new(
            kind,
            path.as_str(),
            format!("integer out of range: {i}"),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            Error::new(
                kind,
                path.as_str(),
                format!("expected a finite number, found {v}"),
            )
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|e| Error::new(kind, path.as_str(), format!("invalid string: {e}")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(key) = k.extract::<String>() else {
                return Err(Error::new(
                    kind,
                    path.as_str(),
                    format!("expected string keys, found the key {}", describe(&k)),
                ));
            };
            let len = path.len();
            path.push('/');
            path.push_str(&qgx_core::escape_pointer_token(&key));
            let value = to_value(&v, path, depth + 1, kind)?;
            path.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, v) in obj
            .try_iter()
            .map_err(|e| Error::new(kind, path.as_str(), e.to_string()))?
            .enumerate()
        {
            let v = v.map_err(|e| Error::new(kind, path.as_str(), e.to_string()))?;
            let len = path.len();
            path.push('/');
            path.push_str(&i.to_string());
            items.push(to_value(&v, path, depth + 1, kind)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    Err(Error::new(
        kind,
        path.as_str(),
        format!(
            "expected JSON data (dict, list, str, int, float, bool or None), found {}",
            describe(obj)
        ),
    ))
}

fn describe(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".to_owned())
}

fn value_of(obj: &Bound<'_, PyAny>, kind: ErrorKind) -> Result<Value, Error> {
    to_value(obj, &mut String::new(), 0, kind)
}

/// A Python object as one of the core's input types: straight through serde (fast), and only
/// when that fails, again through a JSON value, so that the error names its JSON Pointer.
fn typed<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, Error> {
    match bridge::from_py(obj) {
        Ok(v) => Ok(v),
        Err(_) => qgx_core::from_json_value(value_of(obj, ErrorKind::InvalidInput)?),
    }
}

/// A result as Python objects.
///
/// The cyclic garbage collector is paused while they are made: the objects cannot form cycles,
/// and a large batch would otherwise set off full collections over everything the program holds
/// (a third of the time of `check_reports`). The GIL is held throughout, so no other thread
/// sees the pause; the collector's state is restored afterwards.
fn out<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let gc = py.import("gc")?;
    let enabled: bool = gc.call_method0("isenabled")?.extract()?;
    if enabled {
        gc.call_method0("disable")?;
    }
    let made = bridge::to_py(&bridge::Keys::new(py), value);
    if enabled {
        gc.call_method0("enable")?;
    }
    made.map(Bound::unbind)
        .map_err(|e| PyValueError::new_err(format!("cannot convert the result: {e}")))
}

/// `as_of`: a `datetime.date` (not a `datetime`) or a `YYYY-MM-DD` string.
fn date_arg(obj: &Bound<'_, PyAny>) -> Result<Date, Error> {
    let text = if let Ok(s) = obj.cast::<PyString>() {
        s.to_cow().map(|c| c.into_owned()).ok()
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
                describe(obj)
            ),
        ));
    };
    qgx_core::json::parse_as_of(&text)
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

/// A ruleset: the rules of one edition of the notice, with any overrides.
///
/// Build it with `Ruleset.edition_2024()` and `.with_overrides({...})`; it pickles.
#[pyclass(module = "qgx", name = "Ruleset", frozen, from_py_object)]
#[derive(Clone)]
struct PyRuleset {
    inner: qgx_core::Ruleset,
}

#[pymethods]
impl PyRuleset {
    /// The built-in 2024 edition: every default of RULES.md.
    #[staticmethod]
    fn edition_2024() -> Self {
        PyRuleset {
            inner: edition_2024().clone(),
        }
    }

    /// A whole ruleset document (`{"edition": ..., every parameter}`), as `to_dict()` gives.
    #[staticmethod]
    fn from_dict(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value = value_of(document, ErrorKind::InvalidRuleset).map_err(|e| to_py_err(py, &e))?;
        let text = value.to_string();
        qgx_core::Ruleset::from_document(&text)
            .map(|inner| PyRuleset { inner })
            .map_err(|e| to_py_err(py, &e))
    }

    /// This ruleset with `overrides` (a dict keyed by parameter names) merged over it.
    fn with_overrides(&self, py: Python<'_>, overrides: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value =
            value_of(overrides, ErrorKind::InvalidRuleset).map_err(|e| to_py_err(py, &e))?;
        self.inner
            .with_overrides_value(value)
            .map(|inner| PyRuleset { inner })
            .map_err(|e| to_py_err(py, &e))
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
        out(py, &self.inner.stamp())
    }

    /// The whole ruleset as a dict (`{"edition": ..., every parameter}`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        out(py, &self.inner.to_value())
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

/// The built-in 2024 edition, built once: parsing and hashing it costs more than a small call.
/// It is a constant of the engine, never changed, so sharing it is not state.
fn edition_2024() -> &'static qgx_core::Ruleset {
    static EDITION_2024: OnceLock<qgx_core::Ruleset> = OnceLock::new();
    EDITION_2024.get_or_init(qgx_core::Ruleset::edition_2024)
}

/// `ruleset=`: None (the 2024 edition), a `Ruleset`, or a dict of overrides over 2024.
fn ruleset_arg(ruleset: Option<&Bound<'_, PyAny>>) -> Result<qgx_core::Ruleset, Error> {
    match ruleset {
        None => Ok(edition_2024().clone()),
        Some(obj) if obj.is_none() => Ok(edition_2024().clone()),
        Some(obj) => match obj.cast::<PyRuleset>() {
            Ok(r) => Ok(r.get().inner.clone()),
            Err(_) => {
                edition_2024().with_overrides_value(value_of(obj, ErrorKind::InvalidRuleset)?)
            }
        },
    }
}

/// Runs `f`, turning the core's error into the Python exception.
fn run<T>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error>) -> PyResult<T> {
    f().map_err(|e| to_py_err(py, &e))
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
    let result = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        let app: Application = typed(application)?;
        let registry: Option<Registry> = registry
            .filter(|r| !r.is_none())
            .map(typed)
            .transpose()
            .map_err(|e| e.under("/registry"))?;
        qgx_core::check_application(&app, registry.as_ref(), &rs)
    })?;
    out(py, &result)
}

/// R-PLAN for one action plan.
#[pyfunction]
#[pyo3(signature = (plan, *, ruleset=None))]
fn check_plan(
    py: Python<'_>,
    plan: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let result = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        let plan: Plan = typed(plan)?;
        Ok(qgx_core::check_plan(&plan, &rs))
    })?;
    out(py, &result)
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
    let result = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        let as_of = opt_date(as_of)?;
        let report: AnnualReport = typed(report)?;
        Ok(qgx_core::check_report(&report, as_of, &rs))
    })?;
    out(py, &result)
}

/// `check_report` over a list of reports; the checking runs without the GIL.
#[pyfunction]
#[pyo3(signature = (reports, *, as_of=None, ruleset=None))]
fn check_reports(
    py: Python<'_>,
    reports: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let (rs, as_of, reports) = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        let as_of = opt_date(as_of)?;
        let reports: Vec<AnnualReport> = typed(reports)?;
        Ok((rs, as_of, reports))
    })?;
    let results = py.detach(move || qgx_core::check_reports(&reports, as_of, &rs));
    let converted = out(py, &results);
    // Freeing the results needs no interpreter either.
    py.detach(move || drop(results));
    converted
}

/// The whole selection (R-DUP … R-MANDATORY) over a Selection input.
#[pyfunction]
#[pyo3(signature = (selection, *, ruleset=None))]
fn select(
    py: Python<'_>,
    selection: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let (rs, input) = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        let input = match bridge::from_py(selection) {
            Ok(input) => input,
            Err(_) => {
                qgx_core::json::selection_from_value(value_of(selection, ErrorKind::InvalidInput)?)?
            }
        };
        Ok((rs, input))
    })?;
    let result = py
        .detach(|| qgx_core::select(&input, &rs))
        .map_err(|e| to_py_err(py, &e))?;
    out(py, &result)
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
    let (rs, as_of) = run(py, || Ok((ruleset_arg(ruleset)?, date_arg(as_of)?)))?;
    let input: SummaryInput = match bridge::from_py(summary) {
        Ok(input) => input,
        Err(_) => {
            // Read again as JSON text through the core's JSON twin, which names the path and
            // reports a problem inside the input's `ruleset` as a ruleset error (the core has
            // `selection_from_value` for this, but no Summary twin yet). The text was made
            // here, so a line and column in it would mean nothing to the caller: dropped.
            let text = run(py, || value_of(summary, ErrorKind::InvalidInput))?.to_string();
            let result = run(py, || {
                qgx_core::json::summarize_cycle_json(&text, &as_of.to_string(), &rs).map_err(|e| {
                    match e.issues() {
                        [one] => Error::new(e.kind(), one.path.clone(), one.message.clone()),
                        _ => e,
                    }
                })
            })?;
            let value: Value = serde_json::from_str(&result)
                .map_err(|e| PyValueError::new_err(format!("cannot convert the result: {e}")))?;
            return out(py, &value);
        }
    };
    let result = py
        .detach(|| qgx_core::summarize_cycle(&input, as_of, &rs))
        .map_err(|e| to_py_err(py, &e))?;
    out(py, &result)
}

/// Where `as_of` falls in the three-year cycle, with every year's window and due date.
#[pyfunction]
#[pyo3(signature = (as_of, *, ruleset=None))]
fn cycle_status(
    py: Python<'_>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let result = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        Ok(qgx_core::cycle_status(date_arg(as_of)?, &rs))
    })?;
    out(py, &result)
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
    let result = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        let year = if year.cast::<PyBool>().is_err() {
            year.extract::<u32>().ok()
        } else {
            None
        };
        let Some(year) = year else {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "/year",
                "expected a report year as a non-negative integer".to_owned(),
            ));
        };
        let submitted_at = match submitted_at.filter(|s| !s.is_none()) {
            None => None,
            Some(s) => {
                let text = s.extract::<String>().map_err(|_| {
                    Error::new(
                        ErrorKind::InvalidArgument,
                        "/submitted_at",
                        format!(
                            "expected an RFC 3339 timestamp string, found {}",
                            describe(s)
                        ),
                    )
                })?;
                Some(qgx_core::json::parse_submitted_at(&text)?)
            }
        };
        let as_of = date_arg(as_of)?;
        qgx_core::report_status(year, submitted_at.as_ref(), as_of, &rs)
    })?;
    out(py, &result)
}

/// The next report due on or after `as_of`, or None after the cycle's last one.
#[pyfunction]
#[pyo3(signature = (as_of, *, ruleset=None))]
fn next_due(
    py: Python<'_>,
    as_of: &Bound<'_, PyAny>,
    ruleset: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let result = run(py, || {
        let rs = ruleset_arg(ruleset)?;
        Ok(qgx_core::next_due(date_arg(as_of)?, &rs))
    })?;
    out(py, &result)
}

/// The JSON Schema called `name` (see `SCHEMA_NAMES`).
#[pyfunction]
fn schema(py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
    let result = run(py, || qgx_core::schema(name))?;
    out(py, &result)
}

/// The stamp results carry for `ruleset=` (a Ruleset, a dict of overrides or None).
#[pyfunction]
#[pyo3(signature = (ruleset=None))]
fn ruleset_stamp(py: Python<'_>, ruleset: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
    let rs = run(py, || ruleset_arg(ruleset))?;
    out(py, &rs.stamp())
}

/// Every finding code with its rule, severity and message templates in zh and en.
#[pyfunction]
fn catalog(py: Python<'_>) -> PyResult<Py<PyAny>> {
    out(py, &qgx_core::catalog())
}

#[pymodule]
fn _qgx(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyRuleset>()?;
    m.add_function(wrap_pyfunction!(check_application, m)?)?;
    m.add_function(wrap_pyfunction!(check_plan, m)?)?;
    m.add_function(wrap_pyfunction!(check_report, m)?)?;
    m.add_function(wrap_pyfunction!(check_reports, m)?)?;
    m.add_function(wrap_pyfunction!(select, m)?)?;
    m.add_function(wrap_pyfunction!(summarize_cycle, m)?)?;
    m.add_function(wrap_pyfunction!(cycle_status, m)?)?;
    m.add_function(wrap_pyfunction!(report_status, m)?)?;
    m.add_function(wrap_pyfunction!(next_due, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(catalog, m)?)?;
    m.add_function(wrap_pyfunction!(ruleset_stamp, m)?)?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("InvalidRulesetError", py.get_type::<InvalidRulesetError>())?;
    m.add(
        "InvalidArgumentError",
        py.get_type::<InvalidArgumentError>(),
    )?;
    m.add("UnknownSchemaError", py.get_type::<UnknownSchemaError>())?;
    m.add("SCHEMA_NAMES", qgx_core::SCHEMA_NAMES.to_vec())?;
    m.add("ENGINE_VERSION", qgx_core::ENGINE_VERSION)?;
    Ok(())
}
