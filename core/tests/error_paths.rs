//! Error paths worked out from `serde_json`'s line and column (`from_json_str`) against a
//! reference that tracks the path while deserializing (`serde_path_to_error`, which the core
//! used before): on thousands of broken variants of every input document of the conformance
//! vectors, compact and pretty-printed, both name the same JSON Pointer, kind, message, line
//! and column.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;

use qgx_core::{
    AnnualReport, Application, ErrorKind, Plan, Registry, RulesetOverrides, SelectionInput,
    escape_pointer_token, from_json_str, from_json_value,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// What an error says: kind, path, message, line, column.
type Said = (ErrorKind, String, String, Option<usize>, Option<usize>);

/// The reference: deserialize with `serde_path_to_error` tracking the path.
fn reference<T: DeserializeOwned>(text: &str) -> Option<Said> {
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = serde_path_to_error::deserialize::<_, T>(&mut de);
    let (e, mut path) = match outcome {
        Ok(_) => match de.end() {
            Ok(()) => return None,
            Err(e) => (e, String::new()),
        },
        Err(e) => {
            let path = pointer(e.path());
            (e.into_inner(), path)
        }
    };
    let kind = match e.classify() {
        serde_json::error::Category::Data => ErrorKind::InvalidInput,
        _ => ErrorKind::Syntax,
    };
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let field = &rest[..rest.find('`').unwrap()];
            let tail = format!("/{}", escape_pointer_token(field));
            if !path.ends_with(&tail) {
                path.push_str(&tail);
            }
        }
    }
    // The engine shows every message bounded (control characters escaped, long values cut).
    let message = qgx_core::bounded_message(&message);
    // Columns are 1-based (serde_json's column 0, before a line's first character, is 1).
    Some((kind, path, message, Some(e.line()), Some(e.column().max(1))))
}

fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", escape_pointer_token(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

fn said(e: &qgx_core::Error) -> Said {
    (
        e.kind(),
        e.path().to_owned(),
        e.message().to_owned(),
        e.line(),
        e.column(),
    )
}

fn engine<T: DeserializeOwned>(text: &str) -> Option<Said> {
    from_json_str::<T>(text).err().as_ref().map(said)
}

/// `$read::<T>($text)`, `T` being the type the documents of `$kind` are read as.
macro_rules! read_as {
    ($kind:expr, $read:ident, $text:expr) => {
        match $kind {
            "application" => $read::<Application>($text),
            "registry" => $read::<Registry>($text),
            "plan" => $read::<Plan>($text),
            "report" => $read::<AnnualReport>($text),
            "reports" => $read::<Vec<AnnualReport>>($text),
            "selection" => $read::<SelectionInput>($text),
            "summary" => $read::<qgx_core::SummaryInput>($text),
            _ => $read::<RulesetOverrides>($text),
        }
    };
}

/// Every pointer into `v` (objects and arrays included), the root first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(x, format!("{at}/{}", escape_pointer_token(k)), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Broken variants of `doc`: each value replaced by values of other types, each member removed,
/// an unknown member added to each object, an element added to each array. Only every
/// `stride`-th is made (`n` counts them across documents).
fn variants(doc: &Value, stride: usize, n: &mut usize) -> Vec<Value> {
    let replacements = [
        json!("x"),
        json!("2024-13-45"),
        json!(1.5),
        json!(-1),
        json!(7),
        json!(true),
        json!(null),
        json!({}),
        json!([]),
        json!({"zz": 1}),
        json!(["x"]),
    ];
    let mut ptrs = Vec::new();
    pointers(doc, String::new(), &mut ptrs);
    let mut out = Vec::new();
    let take = |n: &mut usize| {
        *n += 1;
        *n % stride == 0
    };
    for p in &ptrs {
        for r in &replacements {
            if take(n) {
                let mut d = doc.clone();
                *d.pointer_mut(p).unwrap() = r.clone();
                out.push(d);
            }
        }
        match doc.pointer(p).unwrap() {
            Value::Object(m) => {
                for k in m.keys() {
                    if take(n) {
                        let mut e = doc.clone();
                        e.pointer_mut(p).unwrap().as_object_mut().unwrap().remove(k);
                        out.push(e);
                    }
                }
                if take(n) {
                    let mut d = doc.clone();
                    let m = d.pointer_mut(p).unwrap().as_object_mut().unwrap();
                    m.insert("zz_unknown".into(), json!(1));
                    out.push(d);
                }
            }
            Value::Array(_) if take(n) => {
                let mut d = doc.clone();
                let a = d.pointer_mut(p).unwrap().as_array_mut().unwrap();
                a.push(json!("x"));
                out.push(d);
            }
            _ => {}
        }
    }
    out
}

/// The input documents of the vectors, by the type they are read as.
fn documents() -> Vec<(&'static str, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for file in files {
        let vectors: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for v in vectors {
            if let Some(r) = v.get("ruleset") {
                out.push(("ruleset", r.clone()));
            }
            for (key, doc) in v["input"].as_object().unwrap() {
                let kind = match key.as_str() {
                    "application" => "application",
                    "registry" => "registry",
                    "plan" => "plan",
                    "report" => "report",
                    "reports" => "reports",
                    "selection" => "selection",
                    "summary" => "summary",
                    _ => continue,
                };
                out.push((kind, doc.clone()));
            }
        }
    }
    out
}

fn both<T: DeserializeOwned>(text: &str) -> (Option<Said>, Option<Said>) {
    (reference::<T>(text), engine::<T>(text))
}

/// The difference between the reference and the engine on `text` read as `kind`, if any, and
/// whether the engine rejected it.
fn compare(kind: &str, text: &str) -> (Option<String>, bool) {
    let (a, b) = read_as!(kind, both, text);
    let differs =
        (a != b).then(|| format!("{kind}: {text}\n  reference: {a:?}\n  engine:    {b:?}"));
    (differs, b.is_some())
}

fn assert_none_differ(problems: &[String], checked: usize) {
    let some: Vec<&str> = problems.iter().take(8).map(String::as_str).collect();
    assert!(
        problems.is_empty(),
        "{} of {checked} differ, e.g.:\n{}",
        problems.len(),
        some.join("\n")
    );
}

#[test]
fn shape_errors_name_the_same_place_as_a_path_tracking_deserializer() {
    // Every 37th variant by default (about 12,000); `QGX_ALL_VARIANTS=1` checks all of them
    // (about 460,000: a minute in release).
    let stride = if std::env::var_os("QGX_ALL_VARIANTS").is_some() {
        1
    } else {
        37
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut n = 0;
    let mut checked = 0;
    let mut errors = 0;
    let mut problems = Vec::new();
    for (kind, doc) in documents() {
        for variant in variants(&doc, stride, &mut n) {
            for text in [
                serde_json::to_string(&variant).unwrap(),
                serde_json::to_string_pretty(&variant).unwrap(),
            ] {
                if !seen.insert((kind, text.clone())) {
                    continue;
                }
                checked += 1;
                let (differs, rejected) = compare(kind, &text);
                errors += usize::from(rejected);
                problems.extend(differs);
            }
        }
    }
    assert!(checked > 10_000, "only {checked} variants");
    assert!(
        errors > checked / 2,
        "only {errors} of {checked} variants are errors"
    );
    assert_none_differ(&problems, checked);
}

#[test]
fn syntax_errors_name_the_same_place_as_a_path_tracking_deserializer() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (kind, doc) in documents().into_iter().step_by(11) {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let cuts: Vec<usize> = (0..text.len())
            .step_by(13)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &i in &cuts {
            for broken in [
                text[..i].to_owned(),
                format!("{}#{}", &text[..i], &text[i..]),
                format!("{},{}", &text[..i], &text[i..]),
            ] {
                checked += 1;
                problems.extend(compare(kind, &broken).0);
            }
        }
    }
    assert!(checked > 5_000, "only {checked} variants");
    assert_none_differ(&problems, checked);
}

/// The node of `schema` that describes the value at `tokens`, through `$ref`s and `anyOf`s.
fn schema_at<'a>(schema: &'a Value, mut node: &'a Value, tokens: &[&str]) -> Option<&'a Value> {
    let mut tokens = tokens.iter();
    loop {
        if let Some(r) = node["$ref"].as_str() {
            node = schema.pointer(r.strip_prefix('#')?)?;
            continue;
        }
        if let Some(branches) = node["anyOf"].as_array() {
            node = branches.iter().find(|b| b["type"] != "null")?;
            continue;
        }
        let Some(token) = tokens.next() else {
            return Some(node);
        };
        node = match node.get("properties").and_then(|p| p.get(*token)) {
            Some(p) => p,
            None if node["type"] == "array" => &node["items"],
            None => &node["additionalProperties"],
        };
    }
}

/// A member is required exactly when its schema says so (the schema comes from the serde
/// attributes, the reading from `deserialize_struct!`): removing it is the `missing field`
/// error at its path, and removing any other is not.
#[test]
fn missing_members_are_errors_exactly_when_the_schemas_require_them() {
    let mut checked = std::collections::BTreeSet::new();
    let whole_ruleset = qgx_core::Ruleset::edition_2024().canonical_json();
    let mut docs = documents();
    docs.push(("document", serde_json::from_str(&whole_ruleset).unwrap()));
    for (kind, doc) in docs {
        let (name, skip) = match kind {
            "report" => ("annual_report", 0),
            "reports" => ("annual_report", 1),
            "selection" => ("selection_input", 0),
            "summary" => ("summary_input", 0),
            "ruleset" => ("ruleset_overrides", 0),
            "document" => ("ruleset", 0),
            other => (other, 0),
        };
        let read = |d: &Value| {
            let text = d.to_string();
            match kind {
                "document" => qgx_core::Ruleset::from_document(&text)
                    .err()
                    .as_ref()
                    .map(said),
                _ => read_as!(kind, engine, &text),
            }
        };
        if read(&doc).is_some() {
            continue; // the malformed vectors
        }
        let schema = qgx_core::schema(name).unwrap();
        let mut ptrs = Vec::new();
        pointers(&doc, String::new(), &mut ptrs);
        for p in &ptrs {
            let Some(object) = doc.pointer(p).and_then(Value::as_object) else {
                continue;
            };
            let tokens: Vec<&str> = p.split('/').skip(1 + skip).collect();
            let node = schema_at(&schema, &schema, &tokens).unwrap();
            if node.get("properties").is_none() {
                continue; // a map, not a struct
            }
            // Each member of each shape once (array indices do not matter).
            let shape: Vec<&str> = tokens
                .iter()
                .map(|t| if t.parse::<usize>().is_ok() { "-" } else { t })
                .collect();
            for key in object.keys() {
                if !checked.insert((name, shape.join("/"), key.clone())) {
                    continue;
                }
                let required = node["required"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|x| x == key));
                let mut d = doc.clone();
                d.pointer_mut(p)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(key);
                let said = read(&d);
                let missing = said.as_ref().is_some_and(|(_, path, message, ..)| {
                    *message == format!("missing field `{key}`")
                        && *path == format!("{p}/{}", escape_pointer_token(key))
                });
                assert_eq!(missing, required, "{kind} {p}/{key}: {said:?}");
            }
        }
    }
    assert!(checked.len() > 100, "only {} members", checked.len());
}

#[test]
fn a_value_is_read_as_its_text_without_line_and_column() {
    let v = json!({"teachers": 1, "students": "many"});
    let e = from_json_value::<qgx_core::Participants>(v).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.path(), "/students");
    assert_eq!((e.line(), e.column()), (None, None));
}
