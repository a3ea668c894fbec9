//! `qgx-wasm`: the JavaScript face of `qgx-core` (wasm-bindgen), for browsers and Node.
//!
//! It converts, nothing else. Plain JS objects in (written as JSON text by `JSON.stringify`,
//! refusing what JSON text cannot say: `NaN`, `Infinity`, functions, symbols, `BigInt`s), then
//! read by the core's JSON twins, exactly as JSON text is read; the core's results out as plain
//! objects (`JSON.parse` of the core's JSON), with the wire format's snake_case field names
//! (RULES.md §3). Each function has a `…Json` twin taking and returning JSON text. What an
//! argument may be (`ruleset`, `as_of`, `year`, `submitted_at`, `lang`) is the core's
//! (`qgx_core::args`); so is the error's message (`Error::message_in`). The core's [`Error`]
//! becomes a thrown `QgxError` (a JS `Error`) with `kind`, `path` and `errors`.
//!
//! No JS exception crosses the module's frames: every call into JS that can throw (a getter, a
//! `Proxy` trap, a `toJSON`) is imported with `catch`, and every string parameter is a `JsValue`
//! checked to be a string (wasm-bindgen's `&str` glue reads any other value's `length` and
//! traps).

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::{Rc, Weak};

use js_sys::JSON;
use qgx_core::args::{self, Lang};
use qgx_core::{Error, ErrorKind, Ruleset as CoreRuleset, json};
use sha2::{Digest, Sha256};
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
const token = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');
// JSON.stringify with a replacer that stops at what JSON cannot hold (instead of dropping it or
// writing null): gives the text, or {bad: [holder, key, message], parents} (`parents`, each
// object's holder and key, only when `track`).
function scan(value, track) {
  const parents = track ? new Map() : undefined;
  let bad;
  const text = JSON.stringify(value, function (key, v) {
    if (bad) return undefined;
    let t = typeof v;
    if (t === 'object') {
      if (v === null) return v;
      if (!(v instanceof Number)) {
        if (track) parents.set(v, [this, key]);
        return v;
      }
      v = Number(v);
      t = 'number';
    }
    if (t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v))) return v;
    // An undefined member is absent, as JSON.stringify leaves it out.
    if (t === 'undefined' && !Array.isArray(this)) return v;
    bad = [this, key, t === 'number' ? `${v} is not a JSON number`
      : t === 'undefined' ? 'undefined in an array (JSON has no undefined)' : `a ${t} is not JSON data`];
    return undefined;
  });
  return bad ? { bad, parents } : text;
}
// A value as JSON text, as JSON.stringify writes it, except that what JSON cannot hold is refused
// at its JSON Pointer: returns the text, or [path, message]. The path is found by a second pass,
// only when there is something to refuse.
export function jsonText(value) {
  const first = scan(value, false);
  if (typeof first !== 'object') return first;
  const second = scan(value, true);
  if (typeof second !== 'object') return ['', first.bad[2]];
  const [holder, key, message] = second.bad;
  const keys = [key];
  for (let p = second.parents.get(holder); p; p = second.parents.get(p[0])) keys.push(p[1]);
  // The last key is the root's own (''), under JSON.stringify's wrapper.
  return [keys.reverse().slice(1).map((k) => `/${token(k)}`).join(''), message];
}
// The options' keys (Object.keys; a Proxy's trap may throw).
export function ownKeys(v) { return Object.keys(v); }
export function isArray(v) { return Array.isArray(v); }
// A JS Date as text: its local calendar date `YYYY-MM-DD`, or (`instant`) its ISO 8601 instant;
// null for an Invalid Date, undefined for what is not a Date.
export function dateText(v, instant) {
  if (!(v instanceof Date)) return undefined;
  const t = Date.prototype.getTime.call(v);
  if (Number.isNaN(t)) return null;
  if (instant) return Date.prototype.toISOString.call(v);
  const p = (n, w) => String(n).padStart(w, '0');
  return `${p(Date.prototype.getFullYear.call(v), 4)}-${p(Date.prototype.getMonth.call(v) + 1, 2)}-${p(Date.prototype.getDate.call(v), 2)}`;
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
    #[wasm_bindgen(js_name = jsonText, catch)]
    fn json_text(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = ownKeys, catch)]
    fn own_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = dateText, catch)]
    fn date_text_js(value: &JsValue, instant: bool) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("../types/qgx-types.d.ts");

// ---------------------------------------------------------------------------------------------
// Errors

/// How an input arrived: as JS objects (line and column of the internal text mean nothing)
/// or as JSON text (they are kept).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Objects,
    Text,
}

fn to_u32(n: Option<usize>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

/// The core's error as a thrown `QgxError`, its message in `lang` (`Error::message_in`).
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
        &e.message_in(lang, via == Via::Text),
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

/// What a JS value is, for messages: `typeof`, with `null` and arrays told apart.
fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        return "null".to_owned();
    }
    if is_array(v).unwrap_or(false) {
        return "an array".to_owned();
    }
    let t = v.js_typeof().as_string().unwrap_or_default();
    let article = if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {t}")
}

/// A string parameter (JSON text, a schema's name): anything else is `invalid_argument` at `path`.
fn text_arg(v: &JsValue, path: &str) -> Result<String, Error> {
    v.as_string().ok_or_else(|| {
        arg_error(
            path,
            format!("expected a string of JSON text, found {}", type_name(v)),
        )
    })
}

/// The message of a caught JS exception.
fn exception_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string()
        .unwrap_or_else(|| String::from("an exception was thrown"))
}

/// Why a call failed: the core's error (a `QgxError` in the options' language), or an exception
/// thrown by the caller's own code (a getter, a `Proxy`), given back as it was thrown.
enum Failure {
    Qgx(Error),
    Thrown(JsValue),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Qgx(e)
    }
}

// ---------------------------------------------------------------------------------------------
// Options and rulesets

/// A ruleset an argument named: the core's built-in edition, or one made from the argument.
#[derive(Clone)]
enum RulesetRef {
    Builtin,
    Made(Rc<CoreRuleset>),
}

impl Deref for RulesetRef {
    type Target = CoreRuleset;
    fn deref(&self) -> &CoreRuleset {
        match self {
            RulesetRef::Builtin => args::builtin_ruleset(),
            RulesetRef::Made(rs) => rs,
        }
    }
}

thread_local! {
    /// Rulesets made through the `Ruleset` class, by hash: passing one costs a lookup (a short
    /// list, swept of dead entries as it grows: no hash map in the module).
    static BY_HASH: RefCell<Vec<(String, Weak<CoreRuleset>)>> = const { RefCell::new(Vec::new()) };
    /// The last rulesets built from a `ruleset` argument's JSON text.
    static BY_TEXT: RefCell<Vec<(String, Rc<CoreRuleset>)>> = const { RefCell::new(Vec::new()) };
}

const TEXT_CACHE: usize = 8;

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

/// A `ruleset` argument's JSON text, read by the core (`args::ruleset_arg`: a whole document
/// when it has `edition`, else overrides of the built-in edition); the last few are kept.
fn ruleset_from_text(text: &str) -> Result<Rc<CoreRuleset>, Error> {
    if let Some(rs) = BY_TEXT.with(|c| {
        c.borrow()
            .iter()
            .find(|(t, _)| t == text)
            .map(|(_, rs)| Rc::clone(rs))
    }) {
        return Ok(rs);
    }
    let rs = Rc::new(args::ruleset_arg(Some(text))?);
    BY_TEXT.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= TEXT_CACHE {
            c.remove(0);
        }
        c.push((text.to_owned(), Rc::clone(&rs)));
    });
    Ok(rs)
}

/// Reads `obj[key]`; an exception (a getter's, a `Proxy`'s) is given back as thrown.
fn get(obj: &JsValue, key: &str) -> Result<JsValue, Failure> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).map_err(Failure::Thrown)
}

/// The `ruleset` option: absent (the built-in edition), a `Ruleset`, an object or JSON text.
fn resolve_ruleset(v: &JsValue) -> Result<RulesetRef, Failure> {
    if v.is_undefined() || v.is_null() {
        return Ok(RulesetRef::Builtin);
    }
    if let Some(text) = v.as_string() {
        return Ok(RulesetRef::Made(ruleset_from_text(&text)?));
    }
    // A live instance of the `Ruleset` class (wasm-bindgen keeps its pointer in `__wbg_ptr`).
    if v.is_object() && get(v, "__wbg_ptr")?.as_f64().is_some_and(|p| p > 0.0) {
        if let Some(rs) = get(v, "hash")?.as_string().and_then(|h| registered(&h)) {
            return Ok(RulesetRef::Made(rs));
        }
    }
    let text = stringify(v).map_err(ruleset_kind)?;
    Ok(RulesetRef::Made(ruleset_from_text(&text)?))
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
    ruleset: RulesetRef,
}

const OPTION_KEYS: [&str; 3] = ["asOf", "lang", "ruleset"];

fn parse_lang(v: &JsValue) -> Result<Lang, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Lang::Zh);
    }
    match v.as_string() {
        Some(s) => Lang::parse(&s),
        None => Err(arg_error(
            "/lang",
            format!("expected `zh` or `en`, found {}", type_name(v)),
        )),
    }
}

/// A date argument: `YYYY-MM-DD` text, or a JS `Date` (its local calendar date).
fn date_text(v: &JsValue, path: &str) -> Result<Option<String>, Failure> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    let d = date_text_js(v, false).map_err(Failure::Thrown)?;
    if d.is_null() {
        return Err(arg_error(path, "expected a valid Date, found an Invalid Date").into());
    }
    d.as_string().map(Some).ok_or_else(|| {
        arg_error(
            path,
            format!(
                "expected a date as \"YYYY-MM-DD\" text or a Date, found {}",
                type_name(v)
            ),
        )
        .into()
    })
}

/// The options argument; when it is malformed, the failure and the language to report it in.
fn parse_options(v: &Option<JsValue>) -> Result<Options, (Failure, Lang)> {
    let Some(v) = v.as_ref().filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(Options {
            as_of: None,
            lang: Lang::Zh,
            ruleset: RulesetRef::Builtin,
        });
    };
    let zh = |f: Failure| (f, Lang::Zh);
    if !v.is_object() || v.is_function() || is_array(v).map_err(|e| zh(Failure::Thrown(e)))? {
        let e = arg_error(
            "",
            "expected the options as an object {asOf, lang, ruleset}",
        );
        return Err(zh(e.into()));
    }
    let lang = parse_lang(&get(v, "lang").map_err(zh)?).map_err(|e| zh(e.into()))?;
    let keys = own_keys(v).map_err(|e| (Failure::Thrown(e), lang))?;
    for key in keys.iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            let e = arg_error(
                &format!("/{}", qgx_core::escape_pointer_token(&key)),
                format!("unknown option `{key}`, expected one of: asOf, lang, ruleset"),
            );
            return Err((e.into(), lang));
        }
    }
    let as_of = get(v, "asOf")
        .and_then(|a| date_text(&a, "/as_of"))
        .map_err(|f| (f, lang))?;
    let ruleset = get(v, "ruleset")
        .and_then(|r| resolve_ruleset(&r))
        .map_err(|f| (f, lang))?;
    Ok(Options {
        as_of,
        lang,
        ruleset,
    })
}

// ---------------------------------------------------------------------------------------------
// Conversion of inputs and outputs

/// A JS value as JSON text, as `JSON.stringify` writes it, except that `NaN`, `Infinity`,
/// functions, symbols, `BigInt`s and `undefined` in arrays are errors at their path.
fn stringify(v: &JsValue) -> Result<String, Error> {
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "",
            "expected JSON data, found undefined",
        ));
    }
    let out = json_text(v).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            "",
            format!("not JSON data: {}", exception_text(&e)),
        )
    })?;
    if let Some(text) = out.as_string() {
        return Ok(text);
    }
    if let Some(bad) = out.dyn_ref::<js_sys::Array>() {
        let path = bad.get(0).as_string().unwrap_or_default();
        let message = bad.get(1).as_string().unwrap_or_default();
        return Err(Error::new(ErrorKind::InvalidInput, path, message));
    }
    Err(Error::new(
        ErrorKind::InvalidInput,
        "",
        format!("expected JSON data, found {}", type_name(v)),
    ))
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

/// Runs `f` with the options; errors become `QgxError`s in the options' language, exceptions
/// of the caller's code are thrown again as they were.
fn with_options<T>(
    options: &Option<JsValue>,
    via: Via,
    f: impl FnOnce(&Options) -> Result<T, Failure>,
) -> Result<T, JsValue> {
    let fail = |f: Failure, lang: Lang, via: Via| match f {
        Failure::Qgx(e) => js_error(&e, lang, via),
        Failure::Thrown(x) => x,
    };
    let opts = parse_options(options).map_err(|(f, lang)| fail(f, lang, Via::Objects))?;
    f(&opts).map_err(|f| fail(f, opts.lang, via))
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

/// A report `year`: a JS integer, in the cycle (`args::year_arg`).
fn year_of(v: &JsValue, ruleset: &CoreRuleset) -> Result<u32, Error> {
    let n = v.as_f64().ok_or_else(|| {
        arg_error(
            "/year",
            format!(
                "expected the report year as an integer, found {}",
                type_name(v)
            ),
        )
    })?;
    // Integral and within ±2^53, so the conversion is exact.
    if n.fract() != 0.0 || n.abs() > 9_007_199_254_740_992.0 {
        return Err(arg_error(
            "/year",
            format!("expected an integer year, found {n}"),
        ));
    }
    #[allow(clippy::cast_possible_truncation)]
    args::year_arg(n as i64, ruleset)
}

/// A `submitted_at` argument: RFC 3339 text, or a JS `Date` (its instant).
fn timestamp_text(v: &JsValue) -> Result<String, Failure> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    let d = date_text_js(v, true).map_err(Failure::Thrown)?;
    if d.is_null() {
        return Err(arg_error(
            "/submitted_at",
            "expected a valid Date, found an Invalid Date",
        )
        .into());
    }
    d.as_string().ok_or_else(|| {
        arg_error(
            "/submitted_at",
            format!(
                "expected an RFC 3339 timestamp or a Date, found {}",
                type_name(v)
            ),
        )
        .into()
    })
}

fn submitted_arg(v: &Option<JsValue>) -> Result<Option<String>, Failure> {
    optional(v).map(timestamp_text).transpose()
}

/// The calls of `qgx_core::args::CALLS` this package exports, by their core names
/// (`check_report` is `checkReport` here, with its twin `checkReportJson`).
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn calls() -> Vec<String> {
    args::CALLS.iter().map(|s| (*s).to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// The calls

/// The calls that read inputs, each exported twice: objects in and out, and JSON text.
#[derive(Clone, Copy)]
enum Call {
    CheckApplication,
    CheckPlan,
    CheckReport,
    CheckReports,
    Select,
    Compare,
    SummarizeCycle,
    CycleStatus,
    ReportStatus,
    NextDue,
}

/// Runs `call` of the core on its arguments `a` and `b` (JS objects, or JSON text when `via`
/// is `Text`) with the options; gives the result as objects, or as JSON text. Every export
/// comes here: the module holds one copy of the conversions, not one per export.
fn run(
    call: Call,
    via: Via,
    a: &JsValue,
    b: &Option<JsValue>,
    options: &Option<JsValue>,
) -> Result<JsValue, JsValue> {
    with_options(options, via, |o| {
        let input = |v: &JsValue, at: &str| match via {
            Via::Objects => input_text(v, at),
            Via::Text => text_arg(v, at),
        };
        // An input that carries its own `ruleset` (a selection, a summary input): a value that
        // JSON cannot hold inside it (`NaN`) is the ruleset's error, as the core says.
        let own = |v: &JsValue, at: &str| {
            input(v, "").map_err(|e| json::ruleset_errors_as_such(e).under(at))
        };
        let rs: &CoreRuleset = &o.ruleset;
        let as_of = o.as_of.as_deref();
        let out = match call {
            Call::CheckApplication => {
                let app = input(a, "")?;
                let reg = optional(b).map(|r| input(r, "/registry")).transpose()?;
                json::check_application_json(&app, reg.as_deref(), rs)?
            }
            Call::CheckPlan => json::check_plan_json(&input(a, "")?, rs)?,
            Call::CheckReport => json::check_report_json(&input(a, "")?, as_of, rs)?,
            Call::CheckReports => json::check_reports_json(&input(a, "")?, as_of, rs)?,
            Call::Select => json::select_json(&own(a, "")?, rs)?,
            Call::Compare => {
                let base = own(a, "/base")?;
                let variant = own(b.as_ref().unwrap_or(&JsValue::UNDEFINED), "/variant")?;
                json::compare_json(&base, &variant, rs)?
            }
            Call::SummarizeCycle => {
                let as_of = required_as_of(None, o)?;
                json::summarize_cycle_json(&own(a, "")?, &as_of, rs)?
            }
            Call::CycleStatus => {
                json::cycle_status_json(&required_as_of(date_text(a, "/as_of")?, o)?, rs)?
            }
            Call::ReportStatus => {
                let year = year_of(a, rs)?;
                let submitted = submitted_arg(b)?;
                let as_of = required_as_of(None, o)?;
                json::report_status_json(year, submitted.as_deref(), &as_of, rs)?
            }
            Call::NextDue => json::next_due_json(&required_as_of(date_text(a, "/as_of")?, o)?, rs)?,
        };
        Ok(match via {
            Via::Objects => parse_output(&out)?,
            Via::Text => JsValue::from(out),
        })
    })
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
    run(
        Call::CheckApplication,
        Via::Objects,
        &application,
        &registry,
        &options,
    )
}

/// Checks an action plan (R-PLAN) and gives its plan score.
#[wasm_bindgen(js_name = checkPlan, unchecked_return_type = "PlanCheck")]
pub fn check_plan(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CheckPlan, Via::Objects, &plan, &None, &options)
}

/// Checks and scores an annual report (R-ANNUAL, R-TASK-1..4, R-SCORE); `asOf` dates a draft.
#[wasm_bindgen(js_name = checkReport, unchecked_return_type = "ReportCheck")]
pub fn check_report(
    #[wasm_bindgen(unchecked_param_type = "AnnualReport")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CheckReport, Via::Objects, &report, &None, &options)
}

/// [`check_report`] over an array of reports; error paths start with the report's index.
#[wasm_bindgen(js_name = checkReports, unchecked_return_type = "ReportCheck[]")]
pub fn check_reports(
    #[wasm_bindgen(unchecked_param_type = "AnnualReport[]")] reports: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CheckReports, Via::Objects, &reports, &None, &options)
}

/// Runs a whole selection (R-DUP … R-MANDATORY); the input's own `ruleset` merges over the option's.
#[wasm_bindgen(unchecked_return_type = "SelectionResult")]
pub fn select(
    #[wasm_bindgen(unchecked_param_type = "SelectionInput")] selection: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::Select, Via::Objects, &selection, &None, &options)
}

/// Compares two selections (each may carry its own `ruleset` overrides and quotas, merged over
/// the option's): every application whose outcome, recommendation or rank changes, every
/// province whose counts or cut line change. Errors name `/base/…` or `/variant/…`.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "SelectionInput")] base: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SelectionInput")] variant: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::Compare, Via::Objects, &base, &Some(variant), &options)
}

/// Sums up the cycle as of `options.asOf` (required) for every participant and province, with
/// the typical-case shortlists (R-SUMMARY); the input's own `ruleset` merges over the option's.
#[wasm_bindgen(js_name = summarizeCycle, unchecked_return_type = "CycleSummary")]
pub fn summarize_cycle(
    #[wasm_bindgen(unchecked_param_type = "SummaryInput")] summary: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SummaryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(
        Call::SummarizeCycle,
        Via::Objects,
        &summary,
        &None,
        &options,
    )
}

/// Where the three-year cycle stands on `asOf` (R-CYCLE).
#[wasm_bindgen(js_name = cycleStatus, unchecked_return_type = "CycleStatus")]
pub fn cycle_status(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CycleStatus, Via::Objects, &as_of, &None, &options)
}

/// The state of report `year` (1..=cycle years) on `options.asOf`, submitted at `submittedAt`.
#[wasm_bindgen(js_name = reportStatus, unchecked_return_type = "ReportStatus")]
pub fn report_status(
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(js_name = submittedAt, unchecked_optional_param_type = "DateLike | null")]
    submitted_at: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(
        Call::ReportStatus,
        Via::Objects,
        &year,
        &submitted_at,
        &options,
    )
}

/// The next report due on `asOf`, or `null` once every report of the cycle is past due.
#[wasm_bindgen(js_name = nextDue, unchecked_return_type = "NextDue | null")]
pub fn next_due(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::NextDue, Via::Objects, &as_of, &None, &options)
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
/// A `name` that is no string is `invalid_argument`.
fn schema_text(name: &JsValue) -> Result<Rc<str>, JsValue> {
    let name = text_arg(name, "").map_err(|e| js_error(&e, Lang::Zh, Via::Objects))?;
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
    match package_schema_text(&name)? {
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
    #[wasm_bindgen(unchecked_param_type = "SchemaName")] name: JsValue,
) -> Result<JsValue, JsValue> {
    let text = schema_text(&name)?;
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
        Ok(parse_output(&text)?)
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
#[wasm_bindgen(js_name = checkApplicationJson, unchecked_return_type = "string")]
pub fn check_application_json(
    #[wasm_bindgen(unchecked_param_type = "string")] application: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] registry: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(
        Call::CheckApplication,
        Via::Text,
        &application,
        &registry,
        &options,
    )
}

/// [`check_plan`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = checkPlanJson, unchecked_return_type = "string")]
pub fn check_plan_json(
    #[wasm_bindgen(unchecked_param_type = "string")] plan: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CheckPlan, Via::Text, &plan, &None, &options)
}

/// [`check_report`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = checkReportJson, unchecked_return_type = "string")]
pub fn check_report_json(
    #[wasm_bindgen(unchecked_param_type = "string")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CheckReport, Via::Text, &report, &None, &options)
}

/// [`check_reports`] on a JSON array; returns a JSON array.
#[wasm_bindgen(js_name = checkReportsJson, unchecked_return_type = "string")]
pub fn check_reports_json(
    #[wasm_bindgen(unchecked_param_type = "string")] reports: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CheckReports, Via::Text, &reports, &None, &options)
}

/// [`select`] on JSON text; returns JSON text.
#[wasm_bindgen(js_name = selectJson, unchecked_return_type = "string")]
pub fn select_json(
    #[wasm_bindgen(unchecked_param_type = "string")] selection: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::Select, Via::Text, &selection, &None, &options)
}

/// [`compare`] on two selections' JSON text; returns JSON text.
#[wasm_bindgen(js_name = compareJson, unchecked_return_type = "string")]
pub fn compare_json(
    #[wasm_bindgen(unchecked_param_type = "string")] base: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] variant: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::Compare, Via::Text, &base, &Some(variant), &options)
}

/// [`summarize_cycle`] on JSON text (`options.asOf` required); returns JSON text.
#[wasm_bindgen(js_name = summarizeCycleJson, unchecked_return_type = "string")]
pub fn summarize_cycle_json(
    #[wasm_bindgen(unchecked_param_type = "string")] summary: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SummaryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::SummarizeCycle, Via::Text, &summary, &None, &options)
}

/// [`cycle_status`] as JSON text.
#[wasm_bindgen(js_name = cycleStatusJson, unchecked_return_type = "string")]
pub fn cycle_status_json(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::CycleStatus, Via::Text, &as_of, &None, &options)
}

/// [`report_status`] as JSON text.
#[wasm_bindgen(js_name = reportStatusJson, unchecked_return_type = "string")]
pub fn report_status_json(
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(js_name = submittedAt, unchecked_optional_param_type = "DateLike | null")]
    submitted_at: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(
        Call::ReportStatus,
        Via::Text,
        &year,
        &submitted_at,
        &options,
    )
}

/// [`next_due`] as JSON text (`null` once every report is past due).
#[wasm_bindgen(js_name = nextDueJson, unchecked_return_type = "string")]
pub fn next_due_json(
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateLike")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    run(Call::NextDue, Via::Text, &as_of, &None, &options)
}

/// [`schema`] as JSON text.
#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json(
    #[wasm_bindgen(unchecked_param_type = "SchemaName")] name: JsValue,
) -> Result<String, JsValue> {
    schema_text(&name).map(|t| String::from(&*t))
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
    /// The built-in 2024 edition with `overrides` (a RulesetOverrides object) merged over it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "RulesetOverrides")] overrides: Option<
            JsValue,
        >,
    ) -> Result<Ruleset, JsValue> {
        match optional(&overrides) {
            None => Ok(Ruleset::edition_2024()),
            Some(o) => overrides_text(o)
                .and_then(|t| args::builtin_ruleset().with_overrides_json(&t))
                .map(Ruleset::wrap)
                .map_err(|e| ruleset_error(&e)),
        }
    }

    /// The built-in 2024 edition: every default of RULES.md.
    #[wasm_bindgen(js_name = edition2024)]
    pub fn edition_2024() -> Ruleset {
        Ruleset::wrap(args::builtin_ruleset().clone())
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
    pub fn with_overrides_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] overrides: JsValue,
    ) -> Result<Ruleset, JsValue> {
        text_arg(&overrides, "")
            .and_then(|t| self.inner.with_overrides_json(&t))
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
