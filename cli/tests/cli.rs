//! The `qgx` program as a user runs it: exit statuses, stdout and stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn ex(name: &str) -> String {
    examples().join(name).display().to_string()
}

fn qgx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qgx"))
        .args(args)
        .output()
        .unwrap()
}

fn qgx_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qgx"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn ok_json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Exit 2, nothing on stdout, one line on stderr; returns it.
fn bad(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.starts_with("qgx: "), "{err}");
    err
}

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("qgx-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn app<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

#[test]
fn select_json_gives_outcomes_with_their_clauses() {
    let v = ok_json(&qgx(&["select", &ex("selection.json")]));
    assert_eq!(v["ruleset"]["edition"], "2024");
    let a2 = app(&v, "A-0002");
    assert_eq!(a2["outcome"], "provincial_team");
    assert_eq!(a2["findings"][0]["rule"], "R-QUOTA");
    assert_eq!(a2["findings"][0]["code"], "not_forwarded");
    assert_eq!(app(&v, "A-0001")["outcome_rule"], "R-NATIONAL");
    assert_eq!(app(&v, "A-0005")["outcome"], "ineligible");
    assert_eq!(app(&v, "A-0008")["findings"][0]["code"], "duplicate_person");
    assert_eq!(v["provinces"][1]["findings"][0]["code"], "late_list");
    assert_eq!(v["compliance"][0]["code"], "mandatory_missing");
}

#[test]
fn select_output_is_byte_identical_in_any_order() {
    let text = std::fs::read_to_string(ex("selection.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["applications"].as_array_mut().unwrap().reverse();
    let reversed = tmp("reversed.json", &doc.to_string());
    let a = qgx(&["select", &ex("selection.json")]);
    let b = qgx(&["select", &reversed]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let c = qgx_stdin(&["select", "-"], &doc.to_string());
    assert_eq!(a.stdout, c.stdout);
}

#[test]
fn csv_select_equals_json_select() {
    let csv = qgx(&[
        "select",
        "--applications",
        &ex("csv/applications.csv"),
        "--provinces",
        &ex("csv/provinces.csv"),
        "--registry",
        &ex("csv/registry.json"),
        "--office-decisions",
        &ex("csv/decisions.csv"),
    ]);
    let json = qgx(&["select", &ex("selection.json")]);
    assert_eq!(
        csv.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    assert_eq!(csv.stdout, json.stdout);
}

/// `qgx select` on CSV files: the stderr of a run that must fail.
fn csv_error(applications: &str, provinces: &str) -> String {
    bad(&qgx(&[
        "select",
        "--applications",
        applications,
        "--provinces",
        provinces,
    ]))
}

#[test]
fn bad_csv_cells_name_file_line_column_and_column_name() {
    let text = std::fs::read_to_string(ex("csv/applications.csv")).unwrap();
    let provinces = ex("csv/provinces.csv");
    let cases = [
        (
            "bad-merit.csv",
            text.replacen(",88,", ",eighty,", 1),
            "bad-merit.csv:3:21: column merit_score: expected a number",
        ),
        (
            "bad-kind.csv",
            text.replacen(",teacher,", ",professor,", 1),
            ":2:9: column branch_kind: unknown variant `professor`",
        ),
        // merit_score 150 is caught by the core and pointed back at its row and column.
        (
            "bad-range.csv",
            text.replacen(",88,", ",150,", 1),
            ":3:21: column merit_score: expected a merit score in 0..=100",
        ),
        (
            "bad-header.csv",
            text.replacen("merit_score", "merit", 1),
            ":1:21: unknown column `merit`",
        ),
    ];
    for (name, broken, expected) in cases {
        let err = csv_error(&tmp(name, &broken), &provinces);
        assert!(err.contains(expected), "{name}: {err}");
    }
    let apps = ex("csv/applications.csv");
    let cases = [
        (
            "bad-quotas.csv",
            "province,national_quota,university_quotas\n11,2,4111010001=1\n",
            ":2:3: column university_quotas: expected CODE:N",
        ),
        (
            "no-quota.csv",
            "province\n11\n",
            "missing required column `national_quota`",
        ),
    ];
    for (name, csv, expected) in cases {
        let err = csv_error(&apps, &tmp(name, csv));
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn malformed_json_names_the_pointer() {
    let cases = [
        (
            r#"{"applications": [{"id": 1}], "provinces": []}"#,
            "/applications/0/id",
        ),
        (
            r#"{"applications": [], "provinces": [], "extra": 1}"#,
            "/extra",
        ),
        (
            r#"{"applications": [], "provinces": [{"province": "99", "national_quota": 1}]}"#,
            "/provinces/0/province",
        ),
        (
            r#"{"applications": [], "provinces": [{"province": "11", "national_quota": 1, "list_submitted_at": "2 August"}]}"#,
            "/provinces/0/list_submitted_at",
        ),
        (
            r#"{"applications": [], "provinces": [], "ruleset": {"cycle_yeras": 3}}"#,
            "/ruleset/cycle_yeras",
        ),
        (
            r#"{"applications": [], "provinces": [{"province": "11", "national_quota": 1}, {"province": "11", "national_quota": 2}]}"#,
            "/provinces/1/province",
        ),
    ];
    for (doc, pointer) in cases {
        let err = bad(&qgx_stdin(&["select", "-"], doc));
        assert!(
            err.contains(&format!(" at {pointer}: ")),
            "{pointer}: {err}"
        );
    }
    let text = std::fs::read_to_string(ex("selection.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["applications"][3]["merit_score"] = 150.into();
    let err = bad(&qgx_stdin(&["select", "-"], &doc.to_string()));
    assert!(
        err.contains("at /applications/3/merit_score: expected a merit score in 0..=100"),
        "{err}"
    );
    doc["applications"][3]["merit_score"] = 50.into();
    doc["applications"][3]["id"] = "A-0001".into();
    let err = bad(&qgx_stdin(&["select", "-"], &doc.to_string()));
    assert!(
        err.contains("at /applications/3/id: duplicate application id"),
        "{err}"
    );
    // Not JSON at all: line and column.
    let err = bad(&qgx_stdin(
        &["check-report", "-"],
        "{\n  \"application_id\": \n",
    ));
    assert!(
        err.contains("syntax error") && err.contains("line 3"),
        "{err}"
    );
    let err = bad(&qgx(&["check-report", "/nonexistent/report.json"]));
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn check_report_one_or_many() {
    let v = ok_json(&qgx(&["check-report", &ex("report-incomplete.json")]));
    assert_eq!(v["complete"], false);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"submitted_late") && codes.contains(&"form_not_allowed"));
    let one = std::fs::read_to_string(ex("report.json")).unwrap();
    let two = std::fs::read_to_string(ex("report-incomplete.json")).unwrap();
    let v = ok_json(&qgx_stdin(
        &["check-report", "-"],
        &format!("[{one}, {two}]"),
    ));
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["complete"], true);
    assert_eq!(v[0]["completeness"], 1.0);
    // A draft's state comes from --as-of.
    let mut draft: Value = serde_json::from_str(&one).unwrap();
    draft.as_object_mut().unwrap().remove("submitted_at");
    let v = ok_json(&qgx_stdin(
        &["check-report", "-", "--as-of", "2025-09-02"],
        &draft.to_string(),
    ));
    assert_eq!(v["status"], "overdue");
}

#[test]
fn check_plan_and_application() {
    let sel: Value =
        serde_json::from_str(&std::fs::read_to_string(ex("selection.json")).unwrap()).unwrap();
    let mut plan = sel["applications"][0]["plan"].clone();
    plan["objectives"]["tech_empowerment"] = " ".into();
    let v = ok_json(&qgx_stdin(&["check-plan", "-"], &plan.to_string()));
    assert_eq!(v["findings"][0]["code"], "objective_missing");
    assert_eq!(v["findings"][0]["path"], "/objectives/tech_empowerment");
    let apps = sel["applications"].to_string();
    let v = ok_json(&qgx_stdin(&["check-application", "-"], &apps));
    assert_eq!(v.as_array().unwrap().len(), 9);
    assert_eq!(v[4]["outcome"], "ineligible");
    assert_eq!(v[4]["findings"][0]["code"], "not_teacher_branch");
    assert_eq!(v[2]["findings"][0]["code"], "claim_not_verified");
    let v = ok_json(&qgx_stdin(
        &[
            "check-application",
            "-",
            "--registry",
            &ex("csv/registry.json"),
        ],
        &apps,
    ));
    assert!(v[2]["findings"].as_array().unwrap().is_empty());
    assert_eq!(v[2]["quota_exempt"], true);
    let mut bad_app = sel["applications"].clone();
    bad_app[1]["merit_score"] = 101.into();
    let err = bad(&qgx_stdin(
        &["check-application", "-"],
        &bad_app.to_string(),
    ));
    assert!(err.contains("at /1/merit_score"), "{err}");
}

#[test]
fn ruleset_overrides_in_json_and_toml() {
    let base = qgx(&["ruleset", "--hash"]);
    let toml = qgx(&["--ruleset", &ex("overrides.toml"), "ruleset", "--hash"]);
    assert_ne!(base.stdout, toml.stdout);
    assert!(String::from_utf8_lossy(&toml.stdout).starts_with("sha256:"));
    let json_path = tmp(
        "overrides.json",
        r#"{"priority_mode": "tie_break", "deadline_inclusive": false, "late_list_policy": "exclude", "score": {"reach_cap": 100}}"#,
    );
    let json = qgx(&["ruleset", "--hash", "--ruleset", &json_path]);
    assert_eq!(
        json.stdout, toml.stdout,
        "TOML and JSON overrides are the same ruleset"
    );
    let doc = ok_json(&qgx(&["--ruleset", &ex("overrides.toml"), "ruleset"]));
    assert_eq!(doc["priority_mode"], "tie_break");
    assert_eq!(doc["score"]["reach_cap"], 100);
    assert_eq!(doc["score"]["reach"], 5.0);

    // deadline_inclusive = false makes a list of 2 August late; exclude then empties the national team.
    let sel: Value =
        serde_json::from_str(&std::fs::read_to_string(ex("selection.json")).unwrap()).unwrap();
    let mut doc = sel.clone();
    doc["provinces"][0]["list_submitted_at"] = "2024-08-02T10:00:00+08:00".into();
    let input = doc.to_string();
    let v = ok_json(&qgx_stdin(&["select", "-"], &input));
    assert_eq!(v["provinces"][0]["late"], false);
    let v = ok_json(&qgx_stdin(
        &["select", "-", "--ruleset", &ex("overrides.toml")],
        &input,
    ));
    assert_eq!(v["provinces"][0]["late"], true);
    assert_eq!(v["provinces"][0]["national_team"], 0);
    assert_eq!(
        v["ruleset"]["hash"].as_str().unwrap().trim(),
        String::from_utf8_lossy(&toml.stdout).trim()
    );

    let unknown = tmp("unknown.toml", "cycle_yeras = 3\n");
    let err = bad(&qgx(&["--ruleset", &unknown, "ruleset"]));
    assert!(err.contains("/cycle_yeras"), "{err}");
    let wrong = tmp("wrong.json", r#"{"cycle_years": "three"}"#);
    let err = bad(&qgx(&["--ruleset", &wrong, "ruleset"]));
    assert!(err.contains("/cycle_years"), "{err}");
}

#[test]
fn tables_speak_chinese_by_default_and_english_on_request() {
    let out = qgx(&["select", &ex("selection.json"), "--format", "table"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("省份") && text.contains("全国名额") && text.contains("北京市"));
    assert!(text.contains("超出本校推荐名额"));
    let out = qgx(&[
        "select",
        &ex("selection.json"),
        "--format",
        "table",
        "--lang",
        "en",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("province") && text.contains("quota") && text.contains("Beijing"));
    assert!(text.contains("Beyond the university's quota"));
    let out = qgx(&[
        "check-report",
        &ex("report-incomplete.json"),
        "--format",
        "table",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("不完整") && text.contains("R-TASK-3"));
}

#[test]
fn cycle_next_due_and_schema() {
    let v = ok_json(&qgx(&["cycle", "--as-of", "2025-07-10"]));
    assert_eq!(v["position"]["year"], 1);
    assert_eq!(v["years"][0]["window_opens"], "2025-07-03");
    let v = ok_json(&qgx(&[
        "cycle",
        "--as-of",
        "2025-09-05",
        "--year",
        "1",
        "--submitted-at",
        "2025-08-31T16:30:00Z",
    ]));
    assert_eq!(v["status"], "submitted_late");
    let v = ok_json(&qgx(&["next-due", "--as-of", "2027-09-01"]));
    assert!(v.is_null());
    let err = bad(&qgx(&["cycle"]));
    assert!(err.contains("--as-of"), "{err}");
    let err = bad(&qgx(&["cycle", "--as-of", "2025-02-30"]));
    assert!(err.contains("--as-of"), "{err}");
    let err = bad(&qgx(&["cycle", "--as-of", "2025-02-01", "--year", "4"]));
    assert!(err.contains("1..=3"), "{err}");
    let v = ok_json(&qgx(&["schema", "annual_report"]));
    assert_eq!(v["additionalProperties"], false);
    let names = qgx(&["schema"]);
    assert!(String::from_utf8_lossy(&names.stdout).contains("selection_input"));
    let err = bad(&qgx(&["schema", "nope"]));
    assert!(err.contains("unknown schema"), "{err}");
}

#[test]
fn demo_prints_the_national_summary() {
    let out = qgx(&["demo"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for label in [
        "全国名额",
        "已用名额",
        "末位入选",
        "首位未入选",
        "名单逾期",
        "新疆维吾尔自治区",
        "mandatory_missing",
        "年度开展情况",
        "R-TASK-4",
    ] {
        assert!(text.contains(label), "{label}");
    }
    let v = ok_json(&qgx(&["demo", "--format", "json"]));
    assert_eq!(v["applications"], 5000);
    assert_eq!(v["provinces"].as_array().unwrap().len(), 31);
    assert!(v["reports"]["checked"].as_u64().unwrap() > 0);
    let dir = std::env::temp_dir().join(format!("qgx-demo-{}", std::process::id()));
    let out = qgx(&[
        "demo",
        "--write",
        &dir.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let again = qgx(&["select", &dir.join("selection.json").display().to_string()]);
    let v = ok_json(&again);
    assert_eq!(v["applications"].as_array().unwrap().len(), 5000);
}

#[test]
fn usage_errors_exit_2() {
    let out = qgx(&["select"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = qgx(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}
