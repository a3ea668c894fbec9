//! Reading inputs: files or stdin, JSON (one document or an array), ruleset overrides.

use std::fmt;
use std::io::Read;
use std::marker::PhantomData;
use std::path::Path;

use qgx_core::{Error, Ruleset};

use crate::locate::{json_position, toml_position};
use serde::Deserialize;
use serde::de::{DeserializeOwned, SeqAccess, Visitor};

/// A failure the user must fix: printed as one line on stderr, exit status 2.
#[derive(Debug)]
pub struct Fail(String);

impl Fail {
    pub fn new(message: impl Into<String>) -> Fail {
        Fail(message.into())
    }

    /// A core error, prefixed with the file it came from.
    pub fn core(source: &str, e: &Error) -> Fail {
        Fail(format!("{source}: {e}"))
    }

    /// A core error about the JSON `text` of `source`: when the core could not say on which
    /// line and column (a problem found after parsing), they are looked up from its pointer.
    pub fn core_json(source: &str, text: &str, e: &Error) -> Fail {
        Fail::core(source, &with_position(e, || json_position(text, e.path())))
    }

    /// The same for a TOML document (a best effort: the line of the offending key).
    pub fn core_toml(source: &str, text: &str, e: &Error) -> Fail {
        Fail::core(source, &with_position(e, || toml_position(text, e.path())))
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a command stopped: bad input (exit 2, and nothing was written), or output that could
/// not be written (exit 1; a reader that stopped reading is not a failure).
#[derive(Debug)]
pub enum Failure {
    Input(Fail),
    Write(std::io::Error),
}

impl From<Fail> for Failure {
    fn from(f: Fail) -> Failure {
        Failure::Input(f)
    }
}

/// `e` with the line and column of its first issue filled in from `find` when it has none.
/// (The core's `Error` has no public setter; its serde form is public, so the CLI goes through it.)
fn with_position(e: &Error, find: impl FnOnce() -> Option<(usize, usize)>) -> Error {
    if e.line().is_some() {
        return e.clone();
    }
    let Some((line, column)) = find() else {
        return e.clone();
    };
    let Ok(mut value) = serde_json::to_value(e) else {
        return e.clone();
    };
    if let Some(first) = value
        .get_mut("errors")
        .and_then(|errors| errors.get_mut(0))
        .and_then(serde_json::Value::as_object_mut)
    {
        first.insert("line".into(), line.into());
        first.insert("column".into(), column.into());
    }
    serde_json::from_value(value).unwrap_or_else(|_| e.clone())
}

/// The name to show for an input (`-` is stdin).
pub fn display_name(file: &str) -> &str {
    if file == "-" { "<stdin>" } else { file }
}

/// The largest input qgx reads, in bytes (1 GiB; `QGX_MAX_INPUT_BYTES` sets another): a larger
/// one is refused with a clear error before it is read, rather than exhausting memory.
fn max_input_bytes() -> u64 {
    std::env::var("QGX_MAX_INPUT_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 30)
}

/// Reads a whole file, or stdin for `-`, as UTF-8 text (a leading byte-order mark dropped).
///
/// The buffer is reserved with `try_reserve`: an input the process has no memory for is the
/// error "not enough memory to read N bytes", not an abort.
pub fn read_text(file: &str) -> Result<String, Fail> {
    let name = display_name(file);
    let limit = max_input_bytes();
    let too_large = || {
        Fail::new(format!(
            "{name}: larger than the {limit} bytes qgx reads (set QGX_MAX_INPUT_BYTES to raise it)"
        ))
    };
    let no_memory = |n: u64| Fail::new(format!("{name}: not enough memory to read {n} bytes"));
    let cannot = |e: std::io::Error, read: usize| {
        if e.kind() == std::io::ErrorKind::OutOfMemory {
            // `read_to_end` grows its buffer with `try_reserve` and says so this way.
            Fail::new(format!(
                "{name}: not enough memory to read the input (more than {read} bytes)"
            ))
        } else {
            Fail::new(format!("{name}: cannot read: {e}"))
        }
    };
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| cannot(e, bytes.len()))?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| cannot(e, 0))?;
        if let Ok(len) = f.metadata().map(|m| m.len()) {
            if len > limit {
                return Err(too_large());
            }
            // One more byte than the file holds: `read_to_end` then sees the end without
            // growing the buffer.
            let want = usize::try_from(len.saturating_add(1)).map_err(|_| no_memory(len))?;
            bytes.try_reserve_exact(want).map_err(|_| no_memory(len))?;
        }
        f.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| cannot(e, bytes.len()))?;
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(e.as_bytes().get(..at).unwrap_or_default());
        let (line, column) = crate::locate::line_column(&valid, valid.len());
        Fail::new(format!(
            "{name}: not UTF-8 text: invalid byte at line {line}, column {column} (byte offset {at})"
        ))
    })?;
    // A byte-order mark is not JSON; spreadsheets and editors on Windows like to add one.
    // Dropped in place: a copy would double the memory a large input takes.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Reads and parses one JSON document of type `T`.
pub fn read_json<T: DeserializeOwned>(file: &str) -> Result<T, Fail> {
    let text = read_text(file)?;
    qgx_core::from_json_str(&text).map_err(|e| Fail::core(display_name(file), &e))
}

/// A JSON input's text with the name to show for it, to point the core's later errors back
/// at their line and column.
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn fail(&self, e: &Error) -> Fail {
        Fail::core_json(&self.name, &self.text, e)
    }
}

/// Reads a Selection input (a problem in its `ruleset` field is a ruleset error).
pub fn read_selection(file: &str) -> Result<(qgx_core::SelectionInput, Source), Fail> {
    let source = Source {
        name: display_name(file).to_owned(),
        text: read_text(file)?,
    };
    let input = qgx_core::json::parse_selection(&source.text).map_err(|e| source.fail(&e))?;
    Ok((input, source))
}

/// One document or a JSON array of them.
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// Reads one `T`, or an array of `T` when the document starts with `[`.
pub fn read_one_or_many<T: DeserializeOwned>(file: &str) -> Result<(OneOrMany<T>, Source), Fail> {
    let source = Source {
        name: display_name(file).to_owned(),
        text: read_text(file)?,
    };
    let items = if starts_array(&source.text) {
        qgx_core::from_json_str(&source.text).map(OneOrMany::Many)
    } else {
        qgx_core::from_json_str(&source.text).map(OneOrMany::One)
    };
    let items = items.map_err(|e| source.fail(&e))?;
    Ok((items, source))
}

fn starts_array(text: &str) -> bool {
    text.trim_start().starts_with('[')
}

/// One document, or a JSON array of them checked whole but kept as text ([`Array`]).
pub enum Items<T> {
    One(T, Source),
    Many(Array<T>),
}

/// Reads one `T`, or a JSON array of `T` when the document starts with `[`. An array is parsed
/// one element at a time and each element given to `check` (its index, the element) and
/// dropped: bad input is found before anything is written, yet the batch is never held parsed.
pub fn read_items<T: DeserializeOwned>(
    file: &str,
    check: impl FnMut(usize, &T) -> Result<(), Error>,
) -> Result<Items<T>, Fail> {
    let source = Source {
        name: display_name(file).to_owned(),
        text: read_text(file)?,
    };
    if !starts_array(&source.text) {
        let one = qgx_core::from_json_str(&source.text).map_err(|e| source.fail(&e))?;
        return Ok(Items::One(one, source));
    }
    Array::read(source, check).map(Items::Many)
}

/// A JSON array of `T` that was read whole and found valid, kept as its text: [`Array::each`]
/// parses it again one element at a time, so that no more than one element is held parsed.
pub struct Array<T> {
    source: Source,
    len: usize,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Array<T> {
    fn read(
        source: Source,
        mut check: impl FnMut(usize, &T) -> Result<(), Error>,
    ) -> Result<Array<T>, Fail> {
        match walk(&source.text, |i, item: T| check(i, &item)) {
            Walk::Done(len) => Ok(Array {
                source,
                len,
                item: PhantomData,
            }),
            Walk::Stopped(e) => Err(source.fail(&e)),
            // Parsed again through the core for its error (pointer, line, column, message):
            // the same parse, failing at the same place, holding nothing.
            Walk::Bad(e) => Err(match qgx_core::from_json_str::<Elements<T>>(&source.text) {
                Err(e) => source.fail(&e),
                Ok(_) => Fail::new(format!("{}: {e}", source.name)),
            }),
        }
    }

    /// How many elements the array has.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The input's name and text (to point an error back at its line and column).
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Parses the elements again, in order, giving each to `each` with its index; stops at the
    /// first error `each` returns.
    pub fn each<E: From<Fail>>(
        &self,
        each: impl FnMut(usize, T) -> Result<(), E>,
    ) -> Result<(), E> {
        match walk(&self.source.text, each) {
            Walk::Done(_) => Ok(()),
            Walk::Stopped(e) => Err(e),
            // Not after `read` found the text valid; said rather than assumed.
            Walk::Bad(e) => Err(Fail::new(format!("{}: {e}", self.source.name)).into()),
        }
    }
}

/// How a walk through a JSON array ended.
enum Walk<E> {
    /// Every element was parsed and taken: how many there were.
    Done(usize),
    /// The callback refused an element.
    Stopped(E),
    /// The text is not a JSON array of `T`.
    Bad(serde_json::Error),
}

/// Parses the JSON array `text`, giving each element to `each` (with its index) as it is
/// parsed, until `each` fails. Parsing fails exactly where parsing a `Vec<T>` fails, with the
/// same error.
fn walk<T: DeserializeOwned, E>(
    text: &str,
    mut each: impl FnMut(usize, T) -> Result<(), E>,
) -> Walk<E> {
    let (mut len, mut failed) = (0, None);
    let take = |item: T| match each(len, item) {
        Ok(()) => {
            len += 1;
            true
        }
        Err(e) => {
            failed = Some(e);
            false
        }
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde::Deserializer::deserialize_seq(&mut de, EachVisitor(take, PhantomData))
        .and_then(|whole| if whole { de.end() } else { Ok(()) });
    match (failed, parsed) {
        (Some(e), _) => Walk::Stopped(e),
        (None, Err(e)) => Walk::Bad(e),
        (None, Ok(())) => Walk::Done(len),
    }
}

/// Visits a sequence as `Vec<T>` does, element by element, without keeping them.
struct EachVisitor<T, F>(F, PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>, F: FnMut(T) -> bool> Visitor<'de> for EachVisitor<T, F> {
    /// Whether every element was visited.
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What `Vec<T>` expects, so that the errors are the same.
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            if !(self.0)(item) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// A JSON array of `T` read through and dropped: the core's parser gives its error.
struct Elements<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Elements<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(EachVisitor(|_: T| true, PhantomData))?;
        Ok(Elements(PhantomData))
    }
}

/// The 2024 edition with the overrides in `path` (TOML for `.toml`, JSON for `.json`; otherwise
/// JSON, then TOML).
pub fn load_ruleset(path: &Path) -> Result<Ruleset, Fail> {
    let name = path.display().to_string();
    let text = read_text(&name)?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let base = Ruleset::edition_2024();
    let from_toml = |text: &str| -> Result<Ruleset, Fail> {
        let value: toml::Value = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |span| {
                let (line, column) = crate::locate::line_column(text, span.start);
                format!(" (line {line}, column {column})")
            });
            Fail::new(format!(
                "{name}: not valid TOML: {}{at}",
                e.message().trim()
            ))
        })?;
        let value = toml_to_json(value, "")
            .map_err(|m| Fail::new(format!("{name}: invalid ruleset at {m}")))?;
        base.with_overrides_value(value)
            .map_err(|e| Fail::core_toml(&name, text, &e))
    };
    if is_toml {
        return from_toml(&text);
    }
    match base.with_overrides_json(&text) {
        Ok(rs) => Ok(rs),
        Err(e) if e.is_syntax() && !is_json => from_toml(&text),
        Err(e) => Err(Fail::core_json(&name, &text, &e)),
    }
}

/// TOML to JSON; TOML dates (`cycle_start = 2024-09-01`) become strings. A float JSON cannot
/// hold (`nan`, `inf`) is refused, naming its key, rather than dropped.
fn toml_to_json(v: toml::Value, path: &str) -> Result<serde_json::Value, String> {
    use serde_json::Value as J;
    Ok(match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::Number(
            serde_json::Number::from_f64(f)
                .ok_or_else(|| format!("{path}: expected a finite number, got {f}"))?,
        ),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(
            a.into_iter()
                .enumerate()
                .map(|(i, v)| toml_to_json(v, &format!("{path}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        toml::Value::Table(t) => J::Object(
            t.into_iter()
                .map(|(k, v)| {
                    let at = format!("{path}/{}", qgx_core::escape_pointer_token(&k));
                    toml_to_json(v, &at).map(|v| (k, v))
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}
