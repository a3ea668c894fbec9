//! Runs the language-neutral conformance vectors of `tests/vectors/` through the `_json` twins
//! and checks that they cover every clause and every finding code.
//!
//! `QGX_BLESS=1 cargo test -p qgx-core --test vectors` rewrites each `expected` from the engine;
//! `QGX_BLESS=missing` fills only the vectors that have none (new ones written by
//! `tests/vectors/make_vectors.py`). Blessing only types the numbers: read every changed
//! expectation against RULES.md before committing it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use qgx_core::{Code, Error, Rule, Ruleset, json};
use serde_json::{Value, json};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn text(v: &Value) -> String {
    v.to_string()
}

fn opt_str<'a>(input: &'a Value, key: &str) -> Option<&'a str> {
    input.get(key).and_then(Value::as_str)
}

/// A document argument's JSON text: the raw text a hostile case gives in `text`, else the
/// vector's `input` member written out.
fn arg(vector: &Value, key: &str) -> Option<String> {
    match vector.get("text").and_then(|t| t.get(key)) {
        Some(Value::String(raw)) => Some(raw.clone()),
        _ => vector["input"].get(key).map(text),
    }
}

/// Runs one vector: the output JSON, or `{"error": {"kind", "path"}}` (and the error itself).
fn run_full(vector: &Value) -> (Value, Option<Error>) {
    let call = vector["call"].as_str().unwrap();
    let empty = json!({});
    let input = vector.get("input").unwrap_or(&empty);
    let doc = |key: &str| arg(vector, key).unwrap_or_default();
    let result: Result<String, Error> = (|| {
        let rs = match vector.get("ruleset") {
            Some(over) => Ruleset::edition_2024().with_overrides_value(over.clone())?,
            None => Ruleset::edition_2024(),
        };
        match call {
            "check_application" => json::check_application_json(
                &doc("application"),
                arg(vector, "registry").as_deref(),
                &rs,
            ),
            "check_plan" => json::check_plan_json(&doc("plan"), &rs),
            "check_report" => json::check_report_json(&doc("report"), opt_str(input, "as_of"), &rs),
            "check_reports" => {
                json::check_reports_json(&doc("reports"), opt_str(input, "as_of"), &rs)
            }
            "select" => json::select_json(&doc("selection"), &rs),
            "summarize_cycle" => {
                json::summarize_cycle_json(&doc("summary"), opt_str(input, "as_of").unwrap(), &rs)
            }
            "cycle_status" => json::cycle_status_json(opt_str(input, "as_of").unwrap(), &rs),
            "report_status" => json::report_status_json(
                u32::try_from(input["year"].as_u64().unwrap()).unwrap(),
                opt_str(input, "submitted_at"),
                opt_str(input, "as_of").unwrap(),
                &rs,
            ),
            "next_due" => json::next_due_json(opt_str(input, "as_of").unwrap(), &rs),
            other => panic!("unknown call `{other}`"),
        }
    })();
    match result {
        Ok(out) => (serde_json::from_str(&out).unwrap(), None),
        Err(e) => (
            json!({ "error": { "kind": e.kind(), "path": e.path() } }),
            Some(e),
        ),
    }
}

fn run(vector: &Value) -> Value {
    run_full(vector).0
}

/// JSON equality where numbers compare by value (`80` equals `80.0`), as in every binding.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

const KEYS: [&str; 6] = ["name", "call", "ruleset", "input", "covers", "expected"];

/// Every `{rule, code}` pair in an output, and every clause named by `outcome_rule`.
fn collect(v: &Value, rules: &mut BTreeSet<String>, codes: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(r)), Some(Value::String(c))) = (m.get("rule"), m.get("code"))
            {
                rules.insert(r.clone());
                codes.insert(c.clone());
            }
            if let Some(Value::String(r)) = m.get("outcome_rule") {
                rules.insert(r.clone());
            }
            m.values().for_each(|x| collect(x, rules, codes));
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, rules, codes)),
        _ => {}
    }
}

#[test]
fn vectors() {
    let bless = std::env::var("QGX_BLESS").ok();
    let bless_all = bless
        .as_deref()
        .is_some_and(|b| b != "missing" && !b.is_empty());
    let bless_missing = bless.as_deref() == Some("missing");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors in {}", dir().display());
    let mut failures = Vec::new();
    let mut rules = BTreeSet::new();
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut count = 0;
    for file in &files {
        let mut vectors: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for vector in &mut vectors {
            count += 1;
            let name = vector["name"].as_str().unwrap().to_owned();
            assert!(names.insert(name.clone()), "two vectors named {name}");
            for key in vector.as_object().unwrap().keys() {
                assert!(KEYS.contains(&key.as_str()), "{name}: unknown key `{key}`");
            }
            let actual = run(vector);
            let has_expected = vector.get("expected").is_some();
            if bless_all || (bless_missing && !has_expected) {
                vector["expected"] = actual.clone();
            } else if !has_expected {
                failures.push(format!("{name}: no `expected` (bless it, then review it)"));
            } else if !same(&vector["expected"], &actual) {
                failures.push(format!(
                    "{}: {name}\n  expected: {}\n  actual:   {}",
                    file.file_name().unwrap().to_string_lossy(),
                    vector["expected"],
                    actual
                ));
            }
            collect(&vector["expected"], &mut rules, &mut codes);
            for c in vector
                .get("covers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                rules.insert(c.as_str().unwrap().to_owned());
            }
        }
        if bless_all || bless_missing {
            let mut out = serde_json::to_string_pretty(&vectors).unwrap();
            out.push('\n');
            std::fs::write(file, out).unwrap();
        }
    }
    let missing_rules: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|r| !rules.contains(*r))
        .collect();
    if !missing_rules.is_empty() {
        failures.push(format!(
            "coverage: no vector covers the clauses {missing_rules:?}"
        ));
    }
    let missing_codes: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !codes.contains(*c))
        .collect();
    if !missing_codes.is_empty() {
        failures.push(format!(
            "coverage: no vector shows the codes {missing_codes:?}"
        ));
    }
    assert!(
        failures.is_empty(),
        "{} problems with {count} vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{count} vectors in {} files", files.len());
}

/// The hostile corpus (`tests/hostile/cases.json`): bad input on purpose, each the error of its
/// kind at its path, with a short and printable message where the case says so.
#[test]
fn hostile() {
    let bless = std::env::var("QGX_BLESS").ok();
    let bless_any = bless.as_deref().is_some_and(|b| !b.is_empty());
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile/cases.json");
    let mut cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in &mut cases {
        let name = case["name"].as_str().unwrap().to_owned();
        let (actual, error) = run_full(case);
        let Some(error) = error else {
            failures.push(format!("{name}: accepted ({actual})"));
            continue;
        };
        let expected = case.get("expected").cloned().unwrap_or_else(|| json!({}));
        if let Some(max) = expected.get("message_max_chars").and_then(Value::as_u64) {
            for issue in error.issues() {
                let m = &issue.message;
                if m.chars().count() as u64 > max || m.chars().any(char::is_control) {
                    failures.push(format!(
                        "{name}: message not bounded or not printable ({} chars)",
                        m.chars().count()
                    ));
                }
            }
        }
        match expected.get("error") {
            _ if bless_any
                && (bless.as_deref() != Some("missing") || expected.get("error").is_none()) =>
            {
                let mut e = expected.as_object().cloned().unwrap_or_default();
                e.insert("error".into(), actual["error"].clone());
                case["expected"] = Value::Object(e);
            }
            None => failures.push(format!(
                "{name}: no expected error (bless it, then review it)"
            )),
            Some(e) if e != &actual["error"] => failures.push(format!(
                "{name}\n  expected: {e}\n  actual:   {}",
                actual["error"]
            )),
            Some(_) => {}
        }
    }
    if bless_any {
        let mut out = serde_json::to_string_pretty(&cases).unwrap();
        out.push('\n');
        std::fs::write(&file, out).unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} hostile cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{} hostile cases", cases.len());
}
