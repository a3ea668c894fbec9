//! `qgx-wasm`: the JavaScript face of `qgx-core` (wasm-bindgen), for browsers and Node.
//!
//! It converts, nothing else. Plain JS objects in (read with `JSON.stringify`, then the core's
//! serde types, exactly as JSON text is read), the core's results out as plain objects
//! (`JSON.parse` of the core's JSON), with the wire format's snake_case field names (RULES.md §3).
//! Each function has a `…Json` twin taking and returning JSON text. The core's [`Error`] becomes
//! a thrown `QgxError` (a JS `Error`) with `kind`, `path` and `errors`; its `message` is in the
//! options' `lang` (`zh`, the default, or `en`).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{JSON, Object, Reflect};
use qgx_core::{Error, ErrorKind, Ruleset as CoreRuleset, json};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class QgxError extends Error {
  constructor(message, kind, path, errors, line, column) {
    super(message);
    this.name = 'QgxError';
    this.kind = kind;
    this.path = path;
    this.errors = errors;
    if (line !== undefined) { this.line = line; this.column = column; }
  }
}
export function newQgxError(message, kind, path, errors, line, column) {
  return new QgxError(message, kind, path, errors, line, column);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = newQgxError)]
    fn new_qgx_error(
        message: &str,
        kind: &str,
        path: &str,
        errors: JsValue,
        line: Option<u32>,
        column: Option<u32>,
    ) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("../types/qgx-types.d.ts");

// ---------------------------------------------------------------------------------------------
// Errors

/// The language of `QgxError.message`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

fn kind_text(kind: ErrorKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => kind.label_zh(),
        Lang::En => kind.label_en(),
    }
}

/// How an input arrived: as JS objects (line and column of the internal text mean nothing)
/// or as JSON text (they are kept).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Objects,
    Text,
}

/// The message of a `QgxError`, in `lang`.
fn error_message(e: &Error, lang: Lang, via: Via) -> String {
    let path = e.path();
    let mut out = match lang {
        Lang::Zh => {
            let at = if path.is_empty() {
                "整个文档"
            } else {
                path
            };
            format!("{}（{at}）：{}", kind_text(e.kind(), lang), e.message())
        }
        Lang::En => {
            let at = if path.is_empty() { "(document)" } else { path };
            format!("{} at {at}: {}", kind_text(e.kind(), lang), e.message())
        }
    };
    if via == Via::Text {
        if let (Some(line), Some(col)) = (e.line(), e.column()) {
            out.push_str(&match lang {
                Lang::Zh => format!("（第 {line} 行第 {col} 列）"),
                Lang::En => format!(" (line {line}, column {col})"),
            });
        }
    }
    let more = e.issues().len().saturating_sub(1);
    if more > 0 {
        out.push_str(&match lang {
            Lang::Zh => format!("（另有 {more} 处）"),
            Lang::En => format!(" (and {more} more)"),
        });
    }
    out
}

fn to_u32(n: Option<usize>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

/// The core's error as a thrown `QgxError`.
fn js_error(e: &Error, lang: Lang, via: Via) -> JsValue {
    let mut issues = e.issues().to_vec();
    if via == Via::Objects {
        for i in &mut issues {
            (i.line, i.column) = (None, None);
        }
    }
    let errors = serde_json::to_string(&issues)
        .ok()
        .and_then(|t| JSON::parse(&t).ok())
        .unwrap_or_else(|| js_sys::Array::new().into());
    let (line, column) = match via {
        Via::Text => (to_u32(e.line()), to_u32(e.column())),
        Via::Objects => (None, None),
    };
    new_qgx_error(
        &error_message(e, lang, via),
        e.kind().as_str(),
        e.path(),
        errors,
        line,
        column,
    )
}

fn arg_error(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidArgument, path, message)
}

/// The message of a caught JS exception.
fn exception_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string()
        .unwrap_or_else(|| String::from("an exception was thrown"))
}

// ---------------------------------------------------------------------------------------------
// Options and rulesets

thread_local! {
    static EDITION_2024: Rc<CoreRuleset> = Rc::new(CoreRuleset::edition_2024());
    /// Rulesets made through the `Ruleset` class, by hash: passing one costs a lookup (a short
    /// list, swept of dead entries as it grows: no hash map in the module).
    static BY_HASH: RefCell<Vec<(String, Weak<CoreRuleset>)>> = const { RefCell::new(Vec::new()) };
    /// The last rulesets built from plain overrides, by their JSON text.
    static BY_TEXT: RefCell<Vec<(String, Rc<CoreRuleset>)>> = const { RefCell::new(Vec::new()) };
}

const TEXT_CACHE: usize = 8;

fn edition_2024() -> Rc<CoreRuleset> {
    EDITION_2024.with(Rc::clone)
}

fn register(rs: &Rc<CoreRuleset>) {
    BY_HASH.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 64 {
            m.retain(|(_, w)| w.strong_count() > 0);
        }
        let hash = rs.hash();
        match m.iter_mut().find(|(h, _)| h == hash) {
            Some((_, w)) => *w = Rc::downgrade(rs),
            None => m.push((hash.to_owned(), Rc::downgrade(rs))),
        }
    });
}

fn registered(hash: &str) -> Option<Rc<CoreRuleset>> {
    BY_HASH.with(|m| {
        m.borrow()
            .iter()
            .find(|(h, _)| h == hash)
            .and_then(|(_, w)| w.upgrade())
    })
}

/// A ruleset from JSON text: a whole document (it has `edition`) or overrides of edition 2024.
fn ruleset_from_text(text: &str) -> Result<Rc<CoreRuleset>, Error> {
    if let Some(rs) = BY_TEXT.with(|c| {
        c.borrow()
            .iter()
            .find(|(t, _)| t == text)
            .map(|(_, rs)| Rc::clone(rs))
    }) {
        return Ok(rs);
    }
    let rs = Rc::new(CoreRuleset::from_json(text)?);
    BY_TEXT.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= TEXT_CACHE {
            c.remove(0);
        }
        c.push((text.to_owned(), Rc::clone(&rs)));
    });
    Ok(rs)
}

/// The `ruleset` option: absent (edition 2024), a `Ruleset`, an overrides object or JSON text.
fn resolve_ruleset(v: &JsValue) -> Result<Rc<CoreRuleset>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(edition_2024());
    }
    if let Some(text) = v.as_string() {
        return ruleset_from_text(&text);
    }
    // A live instance of the `Ruleset` class (wasm-bindgen keeps its pointer in `__wbg_ptr`).
    let is_instance = get(v, "__wbg_ptr").as_f64().is_some_and(|p| p > 0.0);
    if is_instance {
        if let Some(hash) = get(v, "hash").as_string() {
            if let Some(rs) = registered(&hash) {
                return Ok(rs);
            }
        }
    }
    let text = stringify(v).map_err(ruleset_kind)?;
    ruleset_from_text(&text)
}

/// A problem with the `ruleset` argument is a ruleset error (text that is not JSON stays `syntax`).
fn ruleset_kind(e: Error) -> Error {
    if e.kind() == ErrorKind::Syntax {
        return e;
    }
    // Reading JSON text stops at its first problem: there is one issue to carry over.
    Error::new(ErrorKind::InvalidRuleset, e.path(), e.message())
}

struct Options {
    as_of: Option<String>,
    lang: Lang,
    ruleset: Rc<CoreRuleset>,
}

const OPTION_KEYS: [&str; 3] = ["asOf", "lang", "ruleset"];

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn parse_lang(v: &JsValue) -> Result<Lang, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Lang::Zh);
    }
    match v.as_string().as_deref() {
        Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        _ => Err(arg_error("/lang", "expected \"zh\" or \"en\"")),
    }
}

/// A date argument: `YYYY-MM-DD` text, or a JS `Date` (its local calendar date).
fn date_text(v: &JsValue, path: &str) -> Result<Option<String>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        let t = d.get_time();
        if t.is_nan() {
            return Err(arg_error(
                path,
                "expected a valid Date, found an Invalid Date",
            ));
        }
        return Ok(Some(format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )));
    }
    Err(arg_error(
        path,
        "expected a date as \"YYYY-MM-DD\" text or a Date",
    ))
}

/// The options argument; when it is malformed, the error and the language to report it in.
fn parse_options(v: &Option<JsValue>) -> Result<Options, (Error, Lang)> {
    let Some(v) = v.as_ref().filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(Options {
            as_of: None,
            lang: Lang::Zh,
            ruleset: edition_2024(),
        });
    };
    if !v.is_object() || v.is_function() || js_sys::Array::is_array(v) {
        return Err((
            arg_error(
                "",
                "expected the options as an object {asOf, lang, ruleset}",
            ),
            Lang::Zh,
        ));
    }
    let lang = parse_lang(&get(v, "lang")).map_err(|e| (e, Lang::Zh))?;
    let obj: &Object = v.unchecked_ref();
    for key in Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err((
                arg_error(
                    &format!("/{}", qgx_core::escape_pointer_token(&key)),
                    format!("unknown option `{key}`, expected one of: asOf, lang, ruleset"),
                ),
                lang,
            ));
        }
    }
    let as_of = date_text(&get(v, "asOf"), "/as_of").map_err(|e| (e, lang))?;
    let ruleset = resolve_ruleset(&get(v, "ruleset")).map_err(|e| (e, lang))?;
    Ok(Options {
        as_of,
        lang,
        ruleset,
    })
}

// ---------------------------------------------------------------------------------------------
// Conversion of inputs and outputs

/// A JS value as JSON text, as `JSON.stringify` writes it (its exceptions become errors).
fn stringify(v: &JsValue) -> Result<String, Error> {
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "",
            "expected JSON data, found undefined",
        ));
    }
    let text = JSON::stringify(v).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            "",
            format!("not JSON data: {}", exception_text(&e)),
        )
    })?;
    JsValue::from(text).as_string().ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidInput,
            "",
            "expected JSON data, found a value JSON cannot hold",
        )
    })
}

fn parse_output(text: &str) -> Result<JsValue, Error> {
    JSON::parse(text).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            "",
            format!("cannot read the result: {}", exception_text(&e)),
        )
    })
}

/// Runs `f` with the options; errors become `QgxError`s in the options' language.
fn with_options<T>(
    options: &Option<JsValue>,
    via: Via,
    f: impl FnOnce(&Options) -> Result<T, Error>,
) -> Result<T, JsValue> {
    let opts = parse_options(options).map_err(|(e, lang)| js_error(&e, lang, Via::Objects))?;
    f(&opts).map_err(|e| js_error(&e, opts.lang, via))
}

fn input_text(v: &JsValue, prefix: &str) -> Result<String, Error> {
    stringify(v).map_err(|e| e.under(prefix))
}

fn optional(v: &Option<JsValue>) -> Option<&JsValue> {
    v.as_ref().filter(|v| !v.is_undefined() && !v.is_null())
}

fn required_as_of(positional: Option<String>, opts: &Options) -> Result<String, Error> {
    positional
        .or_else(|| opts.as_of.clone())
        .ok_or_else(|| arg_error("/as_of", "expected `asOf`, a date as \"YYYY-MM-DD\""))
}

fn year_of(v: &JsValue) -> Result<u32, Error> {
    let n = v
        .as_f64()
        .ok_or_else(|| arg_error("/year", "expected the report year as an integer"))?;
    if n.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&n) {
        return Err(arg_error(
            "/year",
            format!("expected an integer year, found {n}"),
        ));
    }
    // In range and integral, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(n as u32)
}

// ---------------------------------------------------------------------------------------------
// The API: plain objects

/// Checks an application (R-ELIG, R-PLAN, R-ENDORSE, R-CLAIM), with the official lists when given.
#[wasm_bindgen(js_name = checkApplication, unchecked_return_type = "ApplicationCheck")]
pub fn check_application(
    #[wasm_bindgen(unchecked_param_type = "Application")] application: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Registry | null")] registry: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        let app = input_text(&application, "")?;
        let reg = optional(&registry)
            .map(|r| input_text(r, "/registry"))
            .transpose()?;
        parse_output(&json::check_application_json(
            &app,
            reg.as_deref(),
            &o.ruleset,
        )?)
    })
}

/// Checks an action plan (R-PLAN) and gives its plan score.
#[wasm_bindgen(js_name = checkPlan, unchecked_return_type = "PlanCheck")]
pub fn check_plan(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        parse_output(&json::check_plan_json(&input_text(&plan, "")?, &o.ruleset)?)
    })
}

/// Checks and scores an annual report (R-ANNUAL, R-TASK-1..4, R-SCORE); `asOf` dates a draft.
#[wasm_bindgen(js_name = checkReport, unchecked_return_type = "ReportCheck")]
pub fn check_report(
    #[wasm_bindgen(unchecked_param_type = "AnnualReport")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        parse_output(&json::check_report_json(
            &input_text(&report, "")?,
            o.as_of.as_deref(),
            &o.ruleset,
        )?)
    })
}

/// [`check_report`] over an array of reports; error paths start with the report's index.
#[wasm_bindgen(js_name = checkReports, unchecked_return_type = "ReportCheck[]")]
pub fn check_reports(
    #[wasm_bindgen(unchecked_param_type = "AnnualReport[]")] reports: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        parse_output(&json::check_reports_json(
            &input_text(&reports, "")?,
            o.as_of.as_deref(),
            &o.ruleset,
        )?)
    })
}

/// Runs a whole selection (R-DUP … R-MANDATORY); the input's own `ruleset` merges over the option's.
#[wasm_bindgen(unchecked_return_type = "SelectionResult")]
pub fn select(
    #[wasm_bindgen(unchecked_param_type = "SelectionInput")] selection: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        parse_output(&json::select_json(
            &input_text(&selection, "")?,
            &o.ruleset,
        )?)
    })
}

/// Sums up the cycle as of `options.asOf` (required) for every participant and province, with
/// the typical-case shortlists (R-SUMMARY); the input's own `ruleset` merges over the option's.
#[wasm_bindgen(js_name = summarizeCycle, unchecked_return_type = "CycleSummary")]
pub fn summarize_cycle(
    #[wasm_bindgen(unchecked_param_type = "SummaryInput")] summary: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SummaryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        let as_of = required_as_of(None, o)?;
        parse_output(&json::summarize_cycle_json(
            &input_text(&summary, "")?,
            &as_of,
            &o.ruleset,
        )?)
    })
}

/// Where the three-year cycle stands on `asOf` (R-CYCLE).
#[wasm_bindgen(js_name = cycleStatus, unchecked_return_type = "CycleStatus")]
pub fn cycle_status(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        let as_of = required_as_of(date_text(&as_of, "/as_of")?, o)?;
        parse_output(&json::cycle_status_json(&as_of, &o.ruleset)?)
    })
}

/// The state of report `year` (1..=cycle years) on `options.asOf`, submitted at `submittedAt`.
#[wasm_bindgen(js_name = reportStatus, unchecked_return_type = "ReportStatus")]
pub fn report_status(
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(js_name = submittedAt, unchecked_optional_param_type = "DateLike | null")]
    submitted_at: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        let year = year_of(&year)?;
        let submitted = match optional(&submitted_at) {
            None => None,
            Some(v) => Some(timestamp_text(v)?),
        };
        let as_of = required_as_of(None, o)?;
        parse_output(&json::report_status_json(
            year,
            submitted.as_deref(),
            &as_of,
            &o.ruleset,
        )?)
    })
}

fn timestamp_text(v: &JsValue) -> Result<String, Error> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        if d.get_time().is_nan() {
            return Err(arg_error("/submitted_at", "expected a valid Date"));
        }
        return Ok(String::from(d.to_iso_string()));
    }
    Err(arg_error(
        "/submitted_at",
        "expected an RFC 3339 timestamp or a Date",
    ))
}

/// The next report due on `asOf`, or `null` once every report of the cycle is past due.
#[wasm_bindgen(js_name = nextDue, unchecked_return_type = "NextDue | null")]
pub fn next_due(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(&options, Via::Objects, |o| {
        let as_of = required_as_of(date_text(&as_of, "/as_of")?, o)?;
        parse_output(&json::next_due_json(&as_of, &o.ruleset)?)
    })
}

include!(concat!(env!("OUT_DIR"), "/schemas.rs"));

// The schemas' text is not in the module: the package ships it (`schemas/NAME.json`; for the
// browser build `web/schemas.js`), as build.rs wrote it from the core, and `js/schemas.js` reads it.
#[wasm_bindgen(module = "/js/schemas.js")]
extern "C" {
    /// The text of schema `name` shipped with the package (`undefined` when it has none).
    #[wasm_bindgen(js_name = schemaText, catch)]
    fn package_schema_text(name: &str) -> Result<Option<String>, JsValue>;
}

thread_local! {
    /// The schemas whose text has been checked, by index into [`SCHEMA_SHA256`].
    static CHECKED: RefCell<Vec<(usize, Rc<str>)>> = const { RefCell::new(Vec::new()) };
}

/// The core's `schema(name)` as JSON text: the package's copy, checked against the SHA-256 of
/// the core's text that build.rs wrote into the module (a stale or edited file is an `Error`).
fn schema_text(name: &str) -> Result<Rc<str>, JsValue> {
    let Some((index, (_, digest))) = SCHEMA_SHA256
        .iter()
        .enumerate()
        .find(|(_, (n, _))| *n == name)
    else {
        let e = Error::new(
            ErrorKind::UnknownSchema,
            "",
            format!(
                "unknown schema `{name}`, expected one of: {}",
                qgx_core::SCHEMA_NAMES.join(", ")
            ),
        );
        return Err(js_error(&e, Lang::Zh, Via::Objects));
    };
    if let Some(text) = CHECKED.with(|c| {
        c.borrow()
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, t)| Rc::clone(t))
    }) {
        return Ok(text);
    }
    match package_schema_text(name)? {
        Some(text) if Sha256::digest(text.as_bytes()).as_slice() == digest => {
            let text: Rc<str> = Rc::from(text);
            CHECKED.with(|c| c.borrow_mut().push((index, Rc::clone(&text))));
            Ok(text)
        }
        _ => Err(js_sys::Error::new(&format!(
            "the schema `{name}` shipped with the package is not qgx-core {}'s: reinstall qgx-wasm",
            qgx_core::ENGINE_VERSION
        ))
        .into()),
    }
}

/// The JSON Schema (draft 2020-12) called `name`; see [`schema_names`].
#[wasm_bindgen(unchecked_return_type = "JsonSchema")]
pub fn schema(
    #[wasm_bindgen(unchecked_param_type = "SchemaName")] name: &str,
) -> Result<JsValue, JsValue> {
    let text = schema_text(name)?;
    parse_output(&text).map_err(|e| js_error(&e, Lang::Zh, Via::Objects))
}

/// The names [`schema`] knows.
#[wasm_bindgen(js_name = schemaNames, unchecked_return_type = "SchemaName[]")]
pub fn schema_names() -> Vec<String> {
    qgx_core::SCHEMA_NAMES
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

/// Every finding code with its rule, severity and zh/en message templates.
#[wasm_bindgen(unchecked_return_type = "CatalogEntry[]")]
pub fn catalog() -> Result<JsValue, JsValue> {
    let none = None;
    with_options(&none, Via::Objects, |_| {
        let text = serde_json::to_string(&qgx_core::catalog())
            .map_err(|e| Error::new(ErrorKind::InvalidInput, "", format!("cannot write: {e}")))?;
        parse_output(&text)
    })
}

/// The engine's version, as results report it in `ruleset.engine`.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    qgx_core::ENGINE_VERSION.to_owned()
}

// ---------------------------------------------------------------------------------------------
// The API: JSON text in, JSON text out

/// [`check_application`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = checkApplicationJson)]
pub fn check_application_json(
    application: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] registry: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        json::check_application_json(application, registry.as_deref(), &o.ruleset)
    })
}

/// [`check_plan`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = checkPlanJson)]
pub fn check_plan_json(
    plan: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        json::check_plan_json(plan, &o.ruleset)
    })
}

/// [`check_report`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = checkReportJson)]
pub fn check_report_json(
    report: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        json::check_report_json(report, o.as_of.as_deref(), &o.ruleset)
    })
}

/// [`check_reports`] on a JSON array; returns a JSON array.
#[wasm_bindgen(js_name = checkReportsJson)]
pub fn check_reports_json(
    reports: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        json::check_reports_json(reports, o.as_of.as_deref(), &o.ruleset)
    })
}

/// [`select`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = selectJson)]
pub fn select_json(
    selection: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        json::select_json(selection, &o.ruleset)
    })
}

/// [`summarize_cycle`] on JSON text (`options.asOf` required); returns JSON text.
#[wasm_bindgen(js_name = summarizeCycleJson)]
pub fn summarize_cycle_json(
    summary: &str,
    #[wasm_bindgen(unchecked_param_type = "SummaryOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        let as_of = required_as_of(None, o)?;
        json::summarize_cycle_json(summary, &as_of, &o.ruleset)
    })
}

/// [`cycle_status`] as JSON text.
#[wasm_bindgen(js_name = cycleStatusJson)]
pub fn cycle_status_json(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        let as_of = required_as_of(date_text(&as_of, "/as_of")?, o)?;
        json::cycle_status_json(&as_of, &o.ruleset)
    })
}

/// [`report_status`] as JSON text.
#[wasm_bindgen(js_name = reportStatusJson)]
pub fn report_status_json(
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(js_name = submittedAt, unchecked_optional_param_type = "DateLike | null")]
    submitted_at: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        let year = year_of(&year)?;
        let submitted = match optional(&submitted_at) {
            None => None,
            Some(v) => Some(timestamp_text(v)?),
        };
        let as_of = required_as_of(None, o)?;
        json::report_status_json(year, submitted.as_deref(), &as_of, &o.ruleset)
    })
}

/// [`next_due`] as JSON text (`null` once every report is past due).
#[wasm_bindgen(js_name = nextDueJson)]
pub fn next_due_json(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    with_options(&options, Via::Text, |o| {
        let as_of = required_as_of(date_text(&as_of, "/as_of")?, o)?;
        json::next_due_json(&as_of, &o.ruleset)
    })
}

/// [`schema`] as JSON text.
#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json(
    #[wasm_bindgen(unchecked_param_type = "SchemaName")] name: &str,
) -> Result<String, JsValue> {
    schema_text(name).map(|t| String::from(&*t))
}

// ---------------------------------------------------------------------------------------------
// Rulesets

/// A ruleset: edition 2024 by default, with overrides merged over it; `hash` names it exactly.
/// Pass it as `options.ruleset` (a plain overrides object works too).
#[wasm_bindgen]
pub struct Ruleset {
    inner: Rc<CoreRuleset>,
}

impl Ruleset {
    fn wrap(rs: CoreRuleset) -> Ruleset {
        let inner = Rc::new(rs);
        register(&inner);
        Ruleset { inner }
    }
}

fn ruleset_error(e: &Error) -> JsValue {
    js_error(e, Lang::Zh, Via::Objects)
}

fn overrides_text(overrides: &JsValue) -> Result<String, Error> {
    stringify(overrides).map_err(ruleset_kind)
}

#[wasm_bindgen]
impl Ruleset {
    /// Edition 2024 with `overrides` (a RulesetOverrides object) merged over it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "RulesetOverrides")] overrides: Option<
            JsValue,
        >,
    ) -> Result<Ruleset, JsValue> {
        match optional(&overrides) {
            None => Ok(Ruleset::wrap(CoreRuleset::edition_2024())),
            Some(o) => overrides_text(o)
                .and_then(|t| edition_2024().with_overrides_json(&t))
                .map(Ruleset::wrap)
                .map_err(|e| ruleset_error(&e)),
        }
    }

    /// The built-in 2024 edition: every default of RULES.md.
    #[wasm_bindgen(js_name = edition2024)]
    pub fn edition_2024() -> Ruleset {
        Ruleset::wrap(CoreRuleset::edition_2024())
    }

    /// A whole ruleset document (`{edition, …every parameter}`, as `toJSON()` gives), as an
    /// object or JSON text.
    #[wasm_bindgen(js_name = fromDocument)]
    pub fn from_document(
        #[wasm_bindgen(unchecked_param_type = "RulesetDocument | string")] document: JsValue,
    ) -> Result<Ruleset, JsValue> {
        let text = match document.as_string() {
            Some(t) => Ok(t),
            None => stringify(&document).map_err(ruleset_kind),
        };
        text.and_then(|t| CoreRuleset::from_document(&t))
            .map(Ruleset::wrap)
            .map_err(|e| ruleset_error(&e))
    }

    /// This ruleset with `overrides` merged over it, field by field (`score` too).
    #[wasm_bindgen(js_name = withOverrides)]
    pub fn with_overrides(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RulesetOverrides")] overrides: JsValue,
    ) -> Result<Ruleset, JsValue> {
        overrides_text(&overrides)
            .and_then(|t| self.inner.with_overrides_json(&t))
            .map(Ruleset::wrap)
            .map_err(|e| ruleset_error(&e))
    }

    /// This ruleset with overrides given as JSON text.
    #[wasm_bindgen(js_name = withOverridesJson)]
    pub fn with_overrides_json(&self, overrides: &str) -> Result<Ruleset, JsValue> {
        self.inner
            .with_overrides_json(overrides)
            .map(Ruleset::wrap)
            .map_err(|e| js_error(&e, Lang::Zh, Via::Text))
    }

    /// The edition, e.g. `"2024"`.
    #[wasm_bindgen(getter)]
    pub fn edition(&self) -> String {
        self.inner.edition().to_owned()
    }

    /// `"sha256:"` + the hex SHA-256 of the canonical JSON; every result carries it.
    #[wasm_bindgen(getter)]
    pub fn hash(&self) -> String {
        self.inner.hash().to_owned()
    }

    /// The whole document: `{edition, …every parameter}`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RulesetDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        // The canonical JSON is the document with sorted keys, as JS objects hold it.
        parse_output(&self.inner.canonical_json()).map_err(|e| ruleset_error(&e))
    }

    /// The canonical JSON the hash is taken of (keys sorted, no white space).
    #[wasm_bindgen(js_name = canonicalJson)]
    pub fn canonical_json(&self) -> String {
        self.inner.canonical_json()
    }
}
