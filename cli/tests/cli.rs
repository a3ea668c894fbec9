//! The `qgx` program as a user runs it: exit statuses, stdout and stderr.
//!
//! Fixtures are in `tests/data/` (made by `tests/data/make_fixtures.py`, with real institution
//! codes). The selection there has, in Beijing (national quota 2, provincial quota 2, 北京大学
//! limited to 1): A-01 priority (national model branch, merit 70), A-02 (90, with an office
//! decision `rejected`), A-03 (85), A-04 (95, same university as A-01), A-05 student branch,
//! A-06 a later application of P-02 (98: under `duplicate_keep: latest` it stands and A-02 is
//! the duplicate, so the office's decision on A-02 does not apply), A-07 a third-batch national
//! studio (exempt), A-09 review pending, A-10 a Tianjin university submitted in Beijing; in
//! Tianjin (quota 1, no provincial quota set, list on 2 August) A-08. No recommendation has been
//! approved by the office: the recommended are `recommended` (awaiting 备案审核).
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

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

fn read(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

fn selection() -> Value {
    serde_json::from_str(&read("selection.json")).unwrap()
}

fn qgx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qgx"))
        .args(args)
        .stdin(Stdio::null())
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
    // Written from a thread, so that a large input cannot fill the pipe while qgx's output
    // fills the other one; and a child that exits without reading its input (a bad `--as-of` is
    // rejected first) closes the pipe: that `BrokenPipe` is the child's answer, not a failure.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.as_bytes().to_vec();
    let writer = std::thread::spawn(move || match stdin.write_all(&input) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Exit 0, clean stderr, JSON on stdout ending in a newline.
fn ok_json(out: &Output) -> Value {
    let text = ok_text(out);
    assert!(text.ends_with('\n'));
    serde_json::from_str(&text).unwrap()
}

fn ok_text(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Exit 2, nothing on stdout, one line on stderr; returns it.
fn bad(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.starts_with("qgx: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
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
        .unwrap_or_else(|| panic!("no {id}"))
}

fn codes(findings: &Value) -> Vec<(&str, &str)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect()
}

fn csv_select(extra: &[&str]) -> Output {
    let (apps, provs) = (data("applications.csv"), data("provinces.csv"));
    let mut args = vec!["select", "--applications", &apps, "--provinces", &provs];
    args.extend_from_slice(extra);
    qgx(&args)
}

#[test]
fn select_json_gives_outcomes_findings_and_clauses() {
    let v = ok_json(&qgx(&["select", &data("selection.json")]));
    let hash = ok_text(&qgx(&["ruleset", "--hash"]));
    assert_eq!(v["ruleset"]["edition"], "2024");
    assert_eq!(v["ruleset"]["hash"], hash.trim());
    let expect = [
        ("A-01", "recommended", "R-NATIONAL", Some(1)),
        ("A-02", "duplicate", "R-DUP", None),
        ("A-03", "provincial_team", "R-PROVINCIAL", Some(4)),
        ("A-04", "provincial_team", "R-PROVINCIAL", Some(3)),
        ("A-05", "ineligible", "R-ELIG", None),
        ("A-06", "recommended", "R-NATIONAL", Some(2)),
        ("A-07", "recommended", "R-NATIONAL", Some(5)),
        ("A-08", "recommended", "R-NATIONAL", Some(1)),
        ("A-09", "not_endorsed", "R-ENDORSE", None),
        ("A-10", "misrouted", "R-ROUTE", None),
    ];
    for (id, outcome, rule, rank) in expect {
        let a = app(&v, id);
        assert_eq!(a["outcome"], outcome, "{id}");
        assert_eq!(a["outcome_rule"], rule, "{id}");
        assert_eq!(a["rank"].as_u64(), rank, "{id}");
    }
    assert_eq!(app(&v, "A-01")["priority"], true);
    assert_eq!(app(&v, "A-07")["quota_exempt"], true);
    assert_eq!(app(&v, "A-06")["recommended"], true);
    assert_eq!(app(&v, "A-02")["recommended"], false);
    assert_eq!(
        codes(&app(&v, "A-04")["findings"]),
        [("R-QUOTA", "not_forwarded")]
    );
    assert_eq!(
        codes(&app(&v, "A-05")["findings"]),
        [("R-ELIG", "not_teacher_branch")]
    );
    // The resubmission stands; the office's decision on the superseded one does not apply.
    assert_eq!(
        codes(&app(&v, "A-02")["findings"]),
        [
            ("R-DUP", "duplicate_person"),
            ("R-NATIONAL", "decision_not_applicable")
        ]
    );
    assert_eq!(app(&v, "A-02")["findings"][1]["path"], "");
    assert_eq!(
        codes(&app(&v, "A-06")["findings"]),
        Vec::<(&str, &str)>::new()
    );
    assert_eq!(
        codes(&app(&v, "A-09")["findings"]),
        [("R-ENDORSE", "review_pending")]
    );
    assert_eq!(
        codes(&app(&v, "A-10")["findings"]),
        [("R-ROUTE", "misrouted")]
    );
    assert_eq!(app(&v, "A-05")["findings"][0]["path"], "/branch/kind");
    let bj = &v["provinces"][0];
    assert_eq!(bj["name"], "北京市");
    assert_eq!(bj["candidates"], 5);
    assert_eq!(bj["places_used"], 2);
    assert_eq!(bj["exempt"], 1);
    assert_eq!(bj["recommended"], 3);
    assert_eq!(bj["pending_review"], 3);
    assert_eq!(bj["national_team"], 0);
    assert_eq!(bj["rejected"], 0);
    assert_eq!(bj["provincial_team"], 2);
    assert_eq!(bj["cut_line"]["last_in"]["id"], "A-06");
    assert_eq!(bj["cut_line"]["first_out"]["id"], "A-03");
    // A provincial team set while recommendations await the office is provisional.
    assert_eq!(
        codes(&bj["findings"]),
        [("R-PROVINCIAL", "provincial_provisional")]
    );
    assert_eq!(bj["findings"][0]["path"], "/provincial_quota");
    assert_eq!(v["provinces"][1]["late"], false);
    assert_eq!(v["provinces"][1]["provincial_quota"], Value::Null);
    assert_eq!(v["compliance"][0]["path"], "/registry/national_studios");
    assert_eq!(
        codes(&v["compliance"]),
        [("R-MANDATORY", "mandatory_missing")]
    );
    assert_eq!(v["compliance"][0]["person_id"], "P-99");
    assert_eq!(v["compliance"][0]["province"], "31");
}

#[test]
fn office_decisions_make_the_national_team() {
    // 备案审核: approved → national team; rejected → on to the provincial step, its place still
    // used; none → recommended. A decision for an application not recommended does not apply.
    let mut doc = selection();
    doc["office_decisions"] = serde_json::json!({
        "A-01": "approved", "A-07": "approved", "A-06": "rejected", "A-03": "approved"
    });
    let v = ok_json(&qgx_stdin(&["select", "-"], &doc.to_string()));
    let expect = [
        ("A-01", "national_team", "R-NATIONAL", true),
        ("A-07", "national_team", "R-NATIONAL", true),
        ("A-06", "provincial_team", "R-PROVINCIAL", true),
        ("A-04", "provincial_team", "R-PROVINCIAL", false),
        ("A-03", "not_selected", "R-PROVINCIAL", false),
        ("A-08", "recommended", "R-NATIONAL", true),
    ];
    for (id, outcome, rule, recommended) in expect {
        let a = app(&v, id);
        assert_eq!(
            (&a["outcome"], &a["outcome_rule"], &a["recommended"]),
            (
                &Value::from(outcome),
                &Value::from(rule),
                &Value::from(recommended)
            ),
            "{id}"
        );
    }
    assert_eq!(
        codes(&app(&v, "A-03")["findings"]),
        [("R-NATIONAL", "decision_not_applicable")]
    );
    let bj = &v["provinces"][0];
    let counts = [
        ("recommended", 3),
        ("places_used", 2),
        ("national_team", 2),
        ("pending_review", 0),
        ("rejected", 1),
        ("provincial_team", 2),
        ("not_selected", 1),
    ];
    for (k, n) in counts {
        assert_eq!(bj[k], n, "{k}");
    }
    // No review pending in Beijing: its provincial team is final.
    assert_eq!(codes(&bj["findings"]), Vec::<(&str, &str)>::new());
    // A decision naming no application is malformed input, at its key.
    doc["office_decisions"] = serde_json::json!({ "A-99": "approved" });
    let err = bad(&qgx_stdin(&["select", "-"], &doc.to_string()));
    assert!(err.contains("/office_decisions/A-99"), "{err}");
}

#[test]
fn the_corps_applies_through_66_and_an_unset_quota_gives_candidates() {
    // 石河子大学 (a Corps institution, code 4165010759) applies to "66" with `corps: true`; sent
    // to Xinjiang ("65") it is misrouted. Neither province has set its provincial quota.
    let mut doc = selection();
    let mut a = app(&doc, "A-03").clone();
    a["id"] = "A-20".into();
    a["person_id"] = "P-20".into();
    a["institution"] = serde_json::json!({
        "code": "4165010759", "name": "石河子大学", "higher_education": true, "corps": true
    });
    a["province"] = "66".into();
    let mut b = a.clone();
    b["id"] = "A-21".into();
    b["person_id"] = "P-21".into();
    b["province"] = "65".into();
    let mut c = a.clone();
    c["id"] = "A-22".into();
    c["person_id"] = "P-22".into();
    c["merit_score"] = Value::Null;
    let apps = doc["applications"].as_array_mut().unwrap();
    apps.extend([a, b, c]);
    let provinces = doc["provinces"].as_array_mut().unwrap();
    provinces.push(serde_json::json!({ "province": "66", "national_quota": 1 }));
    provinces.push(serde_json::json!({ "province": "65", "national_quota": 1 }));
    let v = ok_json(&qgx_stdin(&["select", "-"], &doc.to_string()));
    let a20 = app(&v, "A-20");
    assert_eq!(
        (&a20["province"], &a20["outcome"], &a20["outcome_rule"]),
        (
            &Value::from("66"),
            &Value::from("recommended"),
            &Value::from("R-NATIONAL")
        )
    );
    let a21 = app(&v, "A-21");
    assert_eq!(
        (&a21["outcome"], &a21["outcome_rule"]),
        (&Value::from("misrouted"), &Value::from("R-ROUTE"))
    );
    assert_eq!(codes(&a21["findings"]), [("R-ROUTE", "misrouted")]);
    let a22 = app(&v, "A-22");
    assert_eq!(
        (&a22["outcome"], &a22["outcome_rule"]),
        (
            &Value::from("provincial_candidate"),
            &Value::from("R-PROVINCIAL")
        )
    );
    assert_eq!(
        codes(&a22["findings"]),
        [("R-QUOTA", "merit_from_plan_score")]
    );
    assert_eq!(a22["findings"][0]["path"], "/merit_score");
    let corps = v["provinces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["province"] == "66")
        .unwrap();
    assert_eq!(corps["name"], "新疆生产建设兵团");
    assert_eq!(corps["provincial_candidates"], 1);
    // Neither "65" nor "66" gave the list's time.
    assert_eq!(
        codes(&corps["findings"]),
        [("R-DEADLINE", "list_time_unknown")]
    );
    // The table names the Corps and shows the new columns.
    let text = ok_text(&qgx_stdin(
        &["select", "-", "--format", "table"],
        &doc.to_string(),
    ));
    for want in [
        "新疆生产建设兵团",
        "待备案审核",
        "备案未通过",
        "省级候选",
        "候选人数",
        "未定",
        "报送时间未知 (list_time_unknown)",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

#[test]
fn select_output_is_byte_identical_in_any_order() {
    let reference = qgx(&["select", &data("selection.json")]);
    assert_eq!(reference.status.code(), Some(0));
    let mut doc = selection();
    let n = doc["applications"].as_array().unwrap().len();
    for k in 1..n {
        doc["applications"].as_array_mut().unwrap().rotate_left(1);
        if k % 3 == 0 {
            doc["provinces"].as_array_mut().unwrap().reverse();
        }
        let out = qgx_stdin(&["select", "-"], &doc.to_string());
        assert_eq!(out.stdout, reference.stdout, "rotation {k}");
    }
    doc["applications"].as_array_mut().unwrap().reverse();
    let file = tmp(
        "reversed.json",
        &serde_json::to_string_pretty(&doc).unwrap(),
    );
    assert_eq!(qgx(&["select", &file]).stdout, reference.stdout);
}

#[test]
fn csv_select_equals_json_select() {
    let json = qgx(&["select", &data("selection.json")]);
    let csv = csv_select(&[
        "--registry",
        &data("registry.json"),
        "--office-decisions",
        &data("decisions.csv"),
    ]);
    assert_eq!(ok_text(&csv), ok_text(&json));
    // Spreadsheet exports: a byte-order mark, CRLF line ends, 是/否 and 1/0 for booleans,
    // columns in another order.
    let mut rows: Vec<Vec<String>> = csv::Reader::from_reader(read("applications.csv").as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let mut header: Vec<String> = csv::Reader::from_reader(read("applications.csv").as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    header.reverse();
    for row in &mut rows {
        row[5] = "是".into();
        row[10] = "1".into();
        row.reverse();
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![]);
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    let text = format!(
        "\u{feff}{}",
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    );
    let apps = tmp("excel.csv", &text);
    let out = qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &data("provinces.csv"),
        "--registry",
        &data("registry.json"),
        "--office-decisions",
        &data("decisions.csv"),
    ]);
    assert_eq!(ok_text(&out), ok_text(&json));
    // Without the office's decisions: recommended, not yet the national team; and the decision
    // on the superseded A-02 is gone with them.
    let v = ok_json(&csv_select(&["--registry", &data("registry.json")]));
    assert_eq!(
        (
            &app(&v, "A-01")["outcome"],
            &app(&v, "A-01")["outcome_rule"]
        ),
        (&Value::from("recommended"), &Value::from("R-NATIONAL"))
    );
    assert_eq!(
        codes(&app(&v, "A-02")["findings"]),
        [("R-DUP", "duplicate_person")]
    );
    // The optional `corps` column: true routes a Corps institution to "66"; empty is false.
    let mut rows: Vec<Vec<String>> = csv::Reader::from_reader(read("applications.csv").as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let mut header: Vec<String> = csv::Reader::from_reader(read("applications.csv").as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (code, province, id) = (col("institution_code"), col("province"), col("id"));
    header.push("corps".into());
    for row in &mut rows {
        let corps = row[id] == "A-03";
        if corps {
            row[code] = "4165010759".into();
            row[province] = "66".into();
        }
        row.push(if corps { "true".into() } else { String::new() });
    }
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    let apps = tmp(
        "corps.csv",
        &String::from_utf8(w.into_inner().unwrap()).unwrap(),
    );
    let provs = tmp(
        "corps-provinces.csv",
        &format!("{}66,1,,,\n", read("provinces.csv")),
    );
    let v = ok_json(&qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &provs,
    ]));
    let a03 = app(&v, "A-03");
    assert_eq!(
        (&a03["province"], &a03["outcome"], &a03["outcome_rule"]),
        (
            &Value::from("66"),
            &Value::from("recommended"),
            &Value::from("R-NATIONAL")
        )
    );
    assert_eq!(app(&v, "A-01")["outcome"], "recommended");
    // A bad `corps` cell is named by file, line and column.
    let bad_corps = tmp(
        "bad-corps.csv",
        &read("applications.csv")
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{l},corps")
                } else {
                    format!("{l},perhaps")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let err = bad(&qgx(&[
        "select",
        "--applications",
        &bad_corps,
        "--provinces",
        &data("provinces.csv"),
    ]));
    assert!(err.contains("column corps"), "{err}");
    // A decision naming no application: malformed, at its row of decisions.csv.
    let decisions = tmp(
        "decisions-unknown.csv",
        "id,decision\nA-02,rejected\nA-99,approved\n",
    );
    let err = bad(&csv_select(&["--office-decisions", &decisions]));
    assert!(
        err.contains("decisions-unknown.csv:3:1: column id"),
        "{err}"
    );
}

#[test]
fn bad_csv_cells_name_file_line_column_and_column_name() {
    let text = read("applications.csv");
    // Line 3 is A-02; merit_score is column 21, branch_kind 9, higher_education 6, plan 22.
    let cases = [
        (
            "bad-merit.csv",
            text.replacen(",90,", ",ninety,", 1),
            "bad-merit.csv:3:21: column merit_score: expected a number from 0 to 100, got ninety",
        ),
        (
            "bad-kind.csv",
            text.replacen(",teacher,", ",professor,", 1),
            "bad-kind.csv:2:9: column branch_kind: expected one of 教师党支部, 师生联合党支部, 学生党支部, 其他党支部 (or teacher, teacher_student, student, other), got professor",
        ),
        (
            "bad-bool.csv",
            text.replacen(",true,11,", ",maybe,11,", 1),
            "bad-bool.csv:2:6: column higher_education: expected one of 是, 否 (or true, false), got maybe",
        ),
        // merit_score 150 is caught by the core and pointed back at its row and column.
        (
            "bad-range.csv",
            text.replacen(",90,", ",150,", 1),
            "bad-range.csv:3:21: column merit_score: expected a number from 0 to 100, got 150",
        ),
        (
            "bad-plan.csv",
            text.replacen("party_lecture", "dance", 1),
            "bad-plan.csv:2:22: column plan: invalid input at /activities/0/form: unknown variant `dance`",
        ),
        (
            "dup-id.csv",
            text.replacen("A-03,", "A-01,", 1),
            "dup-id.csv:4:1: column id: duplicate application id `A-01`",
        ),
        (
            "no-province.csv",
            text.replacen(",true,11,", ",true,,", 1),
            "no-province.csv:2:7: column province: required, got an empty cell",
        ),
        (
            "bad-header.csv",
            text.replacen("merit_score", "merit", 1),
            "bad-header.csv:1:21: unknown column `merit`",
        ),
        (
            "dup-header.csv",
            text.replacen("institution_name", "name", 1),
            "dup-header.csv:1:5: column `name` (name) appears twice",
        ),
        (
            "missing-header.csv",
            text.replacen("dual_leader,", "", 1),
            "missing-header.csv: missing required column `dual_leader` (双带头人)",
        ),
    ];
    let provinces = data("provinces.csv");
    for (name, broken, expected) in cases {
        let apps = tmp(name, &broken);
        let err = bad(&qgx(&[
            "select",
            "--applications",
            &apps,
            "--provinces",
            &provinces,
        ]));
        assert!(err.contains(expected), "{name}: {err}");
    }
    let apps = data("applications.csv");
    let cases = [
        (
            "bad-quotas.csv",
            "province,national_quota,university_quotas\n11,2,4111010001=1\n",
            "bad-quotas.csv:2:3: column university_quotas: expected CODE:N",
        ),
        (
            "bad-quota.csv",
            "province,national_quota\n11,2\n12,-1\n",
            "bad-quota.csv:3:2: column national_quota: expected a whole number from 0, got -1",
        ),
        (
            "bad-code.csv",
            "province,national_quota\n99,2\n",
            "bad-code.csv:2:1: column province: ",
        ),
        (
            "two-configs.csv",
            "province,national_quota\n11,2\n11,3\n",
            "two-configs.csv:3:1: column province: a second ProvinceConfig for province 11",
        ),
        (
            "no-quota.csv",
            "province\n11\n",
            "no-quota.csv: missing required column `national_quota` (全国推荐名额)",
        ),
    ];
    for (name, csv, expected) in cases {
        let provs = tmp(name, csv);
        let err = bad(&qgx(&[
            "select",
            "--applications",
            &apps,
            "--provinces",
            &provs,
        ]));
        assert!(err.contains(expected), "{name}: {err}");
    }
    let provs = data("provinces.csv");
    for (csv, expected) in [
        (
            "id,decision\nA-02,maybe\n",
            "decisions.csv:2:2: column decision: expected one of 已通过, 未通过 (or approved, rejected), got maybe",
        ),
        (
            "id,decision\n,rejected\n",
            "decisions.csv:2:1: column id: required, got an empty cell",
        ),
        (
            "id,decision\nA-02,rejected\nA-02,approved\n",
            "decisions.csv:3:1: column id: a second decision",
        ),
        (
            "id,verdict\nA-02,rejected\n",
            "decisions.csv:1:2: unknown column `verdict`",
        ),
    ] {
        let d = tmp("decisions.csv", csv);
        let err = bad(&qgx(&[
            "select",
            "--applications",
            &apps,
            "--provinces",
            &provs,
            "--office-decisions",
            &d,
        ]));
        assert!(err.contains(expected), "{err}");
    }
    let err = bad(&qgx(&[
        "select",
        "--applications",
        "/nonexistent.csv",
        "--provinces",
        &provs,
    ]));
    assert!(err.contains("/nonexistent.csv: cannot read"), "{err}");
}

#[test]
fn malformed_json_names_the_pointer() {
    let cases = [
        // wrong type
        (
            r#"{"applications": [{"id": 1}], "provinces": []}"#,
            "/applications/0/id",
        ),
        // unknown field
        (
            r#"{"applications": [], "provinces": [], "extra": 1}"#,
            "/extra",
        ),
        // unknown enum value
        (
            r#"{"applications": [], "provinces": [{"province": "99", "national_quota": 1}]}"#,
            "/provinces/0/province",
        ),
        // bad timestamp
        (
            r#"{"applications": [], "provinces": [{"province": "11", "national_quota": 1, "list_submitted_at": "2 August"}]}"#,
            "/provinces/0/list_submitted_at",
        ),
        // bad ruleset override inside the input
        (
            r#"{"applications": [], "provinces": [], "ruleset": {"cycle_yeras": 3}}"#,
            "/ruleset/cycle_yeras",
        ),
        // two configs for one province
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
        assert!(err.starts_with("qgx: <stdin>: "), "{err}");
    }

    // A bad date deep in the document.
    let mut doc = selection();
    doc["applications"][2]["university_review"]["date"] = "2024-07-32".into();
    let err = bad(&qgx_stdin(&["select", "-"], &doc.to_string()));
    assert!(
        err.contains("at /applications/2/university_review/date: "),
        "{err}"
    );

    // merit_score 150 and duplicate ids are found after parsing; the CLI still names the line
    // and column of the value in the file.
    let mut doc = selection();
    doc["applications"][3]["merit_score"] = 150.into();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let file = tmp("merit150.json", &text);
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("\"merit_score\": 150").map(|c| (i + 1, c + 16)))
        .unwrap();
    let err = bad(&qgx(&["select", &file]));
    assert!(
        err.contains(&format!(
            "merit150.json: invalid input at /applications/3/merit_score: expected a merit score in 0..=100 (line {line}, column {column})"
        )),
        "{err}"
    );
    let mut doc = selection();
    doc["applications"][3]["id"] = "A-01".into();
    let err = bad(&qgx_stdin(&["select", "-"], &doc.to_string()));
    assert!(
        err.contains("at /applications/3/id: duplicate application id `A-01`"),
        "{err}"
    );
    assert!(err.contains("(line 1, column "), "{err}");

    // Not JSON at all: line and column.
    let err = bad(&qgx_stdin(
        &["check-report", "-"],
        "{\n  \"application_id\": \n",
    ));
    assert!(
        err.contains("syntax error") && err.contains("line 3"),
        "{err}"
    );
    // Unknown field in an array element.
    let err = bad(&qgx_stdin(
        &["check-plan", "-"],
        &format!("[{}, {{\"objectivs\": {{}}}}]", read("plan.json")),
    ));
    assert!(err.contains("at /1/objectivs"), "{err}");
    let err = bad(&qgx(&["check-report", "/nonexistent/report.json"]));
    assert!(
        err.contains("/nonexistent/report.json: cannot read"),
        "{err}"
    );
}

#[test]
fn check_report_one_or_many() {
    let v = ok_json(&qgx(&["check-report", &data("report-incomplete.json")]));
    assert_eq!(v["complete"], false);
    assert_eq!(v["completeness"], 0.8);
    let found = codes(&v["findings"]);
    for expected in [
        ("R-ANNUAL", "submitted_late"),
        ("R-TASK-3", "task_not_covered"),
        ("R-TASK-3", "form_not_allowed"),
        ("R-ANNUAL", "description_too_short"),
        ("R-ANNUAL", "date_outside_period"),
    ] {
        assert!(found.contains(&expected), "{expected:?}: {found:?}");
    }
    let one = read("report.json");
    let two = read("report-incomplete.json");
    let v = ok_json(&qgx_stdin(
        &["check-report", "-"],
        &format!("[{one}, {two}]"),
    ));
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["complete"], true);
    assert_eq!(v[0]["completeness"], 1.0);
    assert!(v[0]["findings"].as_array().unwrap().is_empty());
    assert_eq!(v[1]["complete"], false);
    // A draft's state comes from --as-of (before or after the command).
    let mut draft: Value = serde_json::from_str(&one).unwrap();
    draft.as_object_mut().unwrap().remove("submitted_at");
    let v = ok_json(&qgx_stdin(
        &["check-report", "-", "--as-of", "2025-09-02"],
        &draft.to_string(),
    ));
    assert_eq!(v["status"], "overdue");
    let v = ok_json(&qgx_stdin(
        &["--as-of", "2025-07-10", "check-report", "-"],
        &draft.to_string(),
    ));
    assert_eq!(v["status"], "open");
    let err = bad(&qgx_stdin(
        &["check-report", "-", "--as-of", "2025/07/10"],
        &draft.to_string(),
    ));
    assert!(err.contains("--as-of"), "{err}");
}

#[test]
fn check_plan_and_application() {
    let v = ok_json(&qgx(&["check-plan", &data("plan.json")]));
    assert_eq!(v["complete"], true);
    assert_eq!(v["score"], 63.33);
    let mut plan: Value = serde_json::from_str(&read("plan.json")).unwrap();
    plan["objectives"]["tech_empowerment"] = " ".into();
    plan["milestones"].as_object_mut().unwrap().remove("3");
    let v = ok_json(&qgx_stdin(&["check-plan", "-"], &plan.to_string()));
    assert_eq!(v["complete"], false);
    assert_eq!(
        codes(&v["findings"]),
        [
            ("R-PLAN", "objective_missing"),
            ("R-PLAN", "milestone_missing")
        ]
    );
    assert_eq!(v["findings"][0]["path"], "/objectives/tech_empowerment");
    let v = ok_json(&qgx_stdin(
        &["check-plan", "-"],
        &format!("[{plan}, {}]", read("plan.json")),
    ));
    assert_eq!(v[0]["complete"], false);
    assert_eq!(v[1]["complete"], true);

    let v = ok_json(&qgx(&["check-application", &data("application.json")]));
    assert_eq!(v["id"], "A-01");
    assert_eq!(v["candidate"], true);
    assert_eq!(v["priority"], true);
    assert_eq!(codes(&v["findings"]), [("R-CLAIM", "claim_not_verified")]);
    let v = ok_json(&qgx(&[
        "check-application",
        &data("application.json"),
        "--registry",
        &data("registry.json"),
    ]));
    assert!(v["findings"].as_array().unwrap().is_empty());
    let apps = selection()["applications"].to_string();
    let v = ok_json(&qgx_stdin(&["check-application", "-"], &apps));
    assert_eq!(v.as_array().unwrap().len(), 10);
    assert_eq!(v[4]["outcome"], "ineligible");
    assert_eq!(codes(&v[4]["findings"]), [("R-ELIG", "not_teacher_branch")]);
    assert_eq!(v[8]["outcome"], "not_endorsed");
    let mut broken = selection()["applications"].clone();
    broken[1]["merit_score"] = 101.into();
    let err = bad(&qgx_stdin(&["check-application", "-"], &broken.to_string()));
    assert!(err.contains("at /1/merit_score"), "{err}");
    let err = bad(&qgx(&[
        "check-application",
        &data("application.json"),
        "--registry",
        &data("plan.json"),
    ]));
    assert!(
        err.contains("plan.json: invalid input at /objectives"),
        "{err}"
    );
}

#[test]
fn ruleset_overrides_in_json_and_toml() {
    let base = ok_text(&qgx(&["ruleset", "--hash"]));
    let toml = ok_text(&qgx(&[
        "--ruleset",
        &data("overrides.toml"),
        "ruleset",
        "--hash",
    ]));
    let json = ok_text(&qgx(&[
        "ruleset",
        "--hash",
        "--ruleset",
        &data("overrides.json"),
    ]));
    assert!(base.starts_with("sha256:") && base.ends_with('\n'));
    assert_ne!(base, toml);
    assert_eq!(json, toml, "TOML and JSON overrides are the same ruleset");
    let doc = ok_json(&qgx(&["--ruleset", &data("overrides.toml"), "ruleset"]));
    assert_eq!(doc["priority_mode"], "tie_break");
    assert_eq!(doc["deadline_inclusive"], false);
    assert_eq!(doc["cycle_years"], 3);
    let doc = ok_json(&qgx(&["ruleset"]));
    assert_eq!(doc["priority_mode"], "tier_first");

    // priority_mode tie_break: A-01 (priority, merit 70) loses its place to A-04 (95) at
    // 北京大学; deadline_inclusive false: Tianjin's list of 2 August is late.
    let before = ok_json(&qgx(&["select", &data("selection.json")]));
    for overrides in [data("overrides.json"), data("overrides.toml")] {
        let v = ok_json(&qgx(&[
            "select",
            &data("selection.json"),
            "--ruleset",
            &overrides,
        ]));
        // A-01, not forwarded, competes for the provincial team (quota 2) with A-03.
        assert_eq!(
            (
                &app(&v, "A-01")["outcome"],
                &app(&v, "A-01")["outcome_rule"]
            ),
            (
                &Value::from("provincial_team"),
                &Value::from("R-PROVINCIAL")
            )
        );
        assert_eq!(
            codes(&app(&v, "A-01")["findings"]),
            [("R-QUOTA", "not_forwarded")]
        );
        assert_eq!(
            (
                &app(&v, "A-04")["outcome"],
                &app(&v, "A-04")["outcome_rule"]
            ),
            (&Value::from("recommended"), &Value::from("R-NATIONAL"))
        );
        assert_eq!(v["provinces"][1]["late"], true);
        assert_eq!(
            codes(&v["provinces"][1]["findings"]),
            [("R-DEADLINE", "late_list")]
        );
        assert_eq!(v["ruleset"]["hash"], toml.trim());
        assert_ne!(v["ruleset"]["hash"], before["ruleset"]["hash"]);
    }
    // The same overrides inside the Selection input.
    let mut doc = selection();
    doc["ruleset"] = serde_json::from_str(&read("overrides.json")).unwrap();
    let v = ok_json(&qgx_stdin(&["select", "-"], &doc.to_string()));
    assert_eq!(app(&v, "A-01")["outcome"], "provincial_team");
    assert_eq!(app(&v, "A-04")["outcome"], "recommended");
    assert_eq!(v["ruleset"]["hash"], toml.trim());
    // A file with another extension: JSON, then TOML.
    let plain = tmp("overrides.txt", "priority_mode = \"none\"\n");
    let doc = ok_json(&qgx(&["--ruleset", &plain, "ruleset"]));
    assert_eq!(doc["priority_mode"], "none");

    let unknown = tmp(
        "unknown.toml",
        "priority_mode = \"tie_break\"\ncycle_yeras = 3\n",
    );
    let err = bad(&qgx(&["--ruleset", &unknown, "ruleset"]));
    assert!(
        err.contains("invalid ruleset at /cycle_yeras: unknown field `cycle_yeras`")
            && err.contains("(line 2, column 1)"),
        "{err}"
    );
    let unknown = tmp("unknown.json", r#"{"score": {"reach_cpa": 3}}"#);
    let err = bad(&qgx(&[
        "select",
        &data("selection.json"),
        "--ruleset",
        &unknown,
    ]));
    assert!(err.contains("/score/reach_cpa"), "{err}");
    let wrong = tmp("wrong.json", r#"{"cycle_years": "three"}"#);
    let err = bad(&qgx(&["--ruleset", &wrong, "ruleset"]));
    assert!(err.contains("/cycle_years"), "{err}");
    let broken = tmp("broken.toml", "[score\n");
    let err = bad(&qgx(&["--ruleset", &broken, "ruleset"]));
    assert!(
        err.contains("not valid TOML") && err.contains("line 1"),
        "{err}"
    );
    let err = bad(&qgx(&["--ruleset", "/nonexistent.toml", "ruleset"]));
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn tables_speak_chinese_by_default_and_english_on_request() {
    let sel = data("selection.json");
    let text = ok_text(&qgx(&["select", &sel, "--format", "table"]));
    for label in [
        "省份",
        "全国名额",
        "末位入选",
        "北京市",
        "候选人数",
        "待备案审核",
        "备案未通过",
        "省级候选",
        "全国合计",
        "已推荐，待备案审核",
        "入选省级团队",
        "重复申报",
        "判定依据",
        "省级团队待定 (provincial_provisional)",
        "应参加未申报 (mandatory_missing)",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    // An application's row explains it by the finding of its deciding clause: A-02 is a
    // duplicate (R-DUP), whatever else it carries; A-04's not_forwarded (R-QUOTA) did not decide
    // its provincial place (R-PROVINCIAL), so its deciding-finding cell says nothing; its "what
    // it would take" cell names the university quota that would forward it.
    let row = |id: &str| text.lines().find(|l| l.starts_with(id)).unwrap().to_owned();
    assert!(row("A-02").contains("已有申报 A-06"), "{}", row("A-02"));
    assert!(!row("A-02").contains("不适用"), "{}", row("A-02"));
    assert!(!row("A-04").contains("超出本校推荐名额"), "{}", row("A-04"));
    assert!(
        row("A-04").contains("本校名额增至 2 名方可报送"),
        "{}",
        row("A-04")
    );
    assert!(row("A-05").contains("学生党支部"), "{}", row("A-05"));
    let text = ok_text(&qgx(&["--lang", "en", "--format", "table", "select", &sel]));
    for label in [
        "province",
        "quota",
        "last in",
        "Beijing",
        "pending review",
        "prov. candidates",
        "national total",
        "recommended",
        "deciding finding",
        "The same person (P-02) already applied as A-06",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    assert!(!text.contains("北京市"), "{text}");
    // Columns line up by display width: every row of the province table is as wide as its rule.
    let text = ok_text(&qgx(&["select", &sel, "--format", "table"]));
    let lines: Vec<&str> = text.lines().collect();
    let bj = lines[2];
    let col = |s: &str, needle: &str| {
        let at = s.find(needle).unwrap();
        s[..at]
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    assert_eq!(col(lines[0], "末位入选"), col(bj, "A-06"));

    // Every other table: the words each must show.
    let report = data("report-incomplete.json");
    let plan = data("plan.json");
    let application = data("application.json");
    let tables: [(Vec<&str>, &[&str]); 7] = [
        (
            vec!["check-report", &report],
            &["不完整", "R-TASK-3", "级别"],
        ),
        (
            vec!["check-report", &report, "--lang", "en"],
            &["incomplete", "severity", "error"],
        ),
        (vec!["check-plan", &plan], &["计划书完整"]),
        (
            vec!["check-application", &application],
            &["A-01", "R-CLAIM", "提示"],
        ),
        (
            vec!["cycle", "--as-of", "2025-07-10"],
            &["第1年", "2025-08-31"],
        ),
        (
            vec![
                "cycle",
                "--as-of",
                "2025-07-10",
                "--year",
                "1",
                "--lang",
                "en",
            ],
            &["open", "2025-07-03"],
        ),
        (
            vec!["next-due", "--as-of", "2025-07-10"],
            &["第1年度", "2025-08-31"],
        ),
    ];
    for (mut args, wants) in tables {
        args.extend(["--format", "table"]);
        let text = ok_text(&qgx(&args));
        for want in wants {
            assert!(text.contains(want), "{args:?}: {want}: {text}");
        }
    }
}

#[test]
fn cycle_next_due_and_schema() {
    let v = ok_json(&qgx(&["cycle", "--as-of", "2025-07-10"]));
    assert_eq!(v["position"]["year"], 1);
    assert_eq!(v["years"][0]["window_opens"], "2025-07-03");
    assert_eq!(v["years"][2]["due"], "2027-08-31");
    let v = ok_json(&qgx(&["cycle", "--as-of", "2024-08-01"]));
    assert_eq!(v["position"], "before_cycle");
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
    let v = ok_json(&qgx(&["cycle", "--as-of", "2025-09-05", "--year", "1"]));
    assert_eq!(v["status"], "overdue");
    let v = ok_json(&qgx(&["next-due", "--as-of", "2025-09-01"]));
    assert_eq!(v["year"], 2);
    assert_eq!(v["due"], "2026-08-31");
    let v = ok_json(&qgx(&["next-due", "--as-of", "2027-09-01"]));
    assert!(v.is_null());
    let err = bad(&qgx(&["cycle"]));
    assert!(err.contains("--as-of"), "{err}");
    let err = bad(&qgx(&["next-due", "--as-of", "2025-02-30"]));
    assert!(err.contains("--as-of"), "{err}");
    let err = bad(&qgx(&["cycle", "--as-of", "2025-02-01", "--year", "4"]));
    assert!(err.contains("1..=3"), "{err}");
    let err = bad(&qgx(&[
        "cycle",
        "--as-of",
        "2025-02-01",
        "--year",
        "1",
        "--submitted-at",
        "soon",
    ]));
    assert!(err.contains("--submitted-at"), "{err}");

    let v = ok_json(&qgx(&["schema", "annual_report"]));
    assert_eq!(v["additionalProperties"], false);
    assert!(v["properties"]["cycle_year"].is_object());
    let names = ok_text(&qgx(&["schema"]));
    assert!(names.lines().any(|l| l == "selection_input"), "{names}");
    assert!(names.lines().any(|l| l == "annual_report"), "{names}");
    let err = bad(&qgx(&["schema", "nope"]));
    assert!(err.contains("unknown schema `nope`"), "{err}");
}

#[test]
fn demo_runs_the_whole_pipeline() {
    let text = ok_text(&qgx(&["demo"]));
    for label in [
        "省份",
        "全国名额",
        "已用名额",
        "末位入选",
        "首位未入选",
        "名单逾期",
        "应参加未到位",
        "全国合计",
        "待备案审核",
        "备案未通过",
        "省级候选",
        "候选人数",
        "新疆生产建设兵团",
        "已推荐，待备案审核",
        "省级团队候选（待定名额）",
        "名额线并列 (tie_at_cut_line)",
        "报送时间未知 (list_time_unknown)",
        "不属于任何省份",
        "未提交",
        "年度开展情况",
        "截至 2026-09-30",
        "周期总结（截至 2026-09-30）",
        "逾期提交或不完整",
        "全国典型工作案例候选名单",
        "报告已被替代 (report_superseded)",
    ] {
        assert!(text.contains(label), "{label}");
    }
    // A tied national line is marked beside the cut line.
    assert!(text.contains(") 并列"), "{text}");
    let text = ok_text(&qgx(&["demo", "--lang", "en"]));
    for label in [
        "province",
        "quota",
        "last in",
        "late list",
        "national total",
        "pending review",
        "Xinjiang Production and Construction Corps",
        "not submitted",
        "Annual reports",
        "Cycle summary (as of 2026-09-30)",
        "National typical-case shortlist",
    ] {
        assert!(text.contains(label), "{label}");
    }
    // The figures match the dataset whatever it holds (it may be empty).
    let data = qgx_demo::dataset();
    let v = ok_json(&qgx(&["demo", "--format", "json"]));
    assert_eq!(v["applications"], data.selection.applications.len());
    assert_eq!(
        v["provinces"].as_array().unwrap().len(),
        data.selection.provinces.len()
    );
    assert_eq!(v["reports"]["checked"], data.reports.len());
    assert_eq!(v["as_of"], "2026-09-30");
    assert_eq!(v["cycle"]["participants"], data.participants.len());
    assert_eq!(v["cycle"]["case_shortlist"].as_array().unwrap().len(), 30);
    let v2 = ok_json(&qgx(&["demo", "--format", "json", "--as-of", "2026-01-01"]));
    assert_eq!(v2["as_of"], "2026-01-01");

    // --write: the inputs, rerun with the other commands, give the same figures.
    let dir = std::env::temp_dir().join(format!("qgx-demo-{}", std::process::id()));
    let dir_s: PathBuf = dir.clone();
    let out = qgx(&[
        "demo",
        "--write",
        &dir_s.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(ok_json(&out), v);
    let sel = ok_json(&qgx(&[
        "select",
        &dir.join("selection.json").display().to_string(),
    ]));
    assert_eq!(
        sel["applications"].as_array().unwrap().len(),
        data.selection.applications.len()
    );
    for key in [
        "candidates",
        "national_team",
        "pending_review",
        "rejected",
        "provincial_team",
        "provincial_candidates",
        "not_selected",
    ] {
        let sum: u64 = sel["provinces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[key].as_u64().unwrap())
            .sum();
        assert_eq!(v["totals"][key], sum, "{key}");
    }
    let outcomes = |o: &str| {
        sel["applications"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["outcome"] == o)
            .count()
    };
    assert_eq!(v["totals"]["pending_review"], outcomes("recommended"));
    assert_eq!(
        v["totals"]["provincial_candidates"],
        outcomes("provincial_candidate")
    );
    let unplaced = sel["compliance"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["province"].is_null())
        .count();
    assert_eq!(v["totals"]["mandatory_gaps_without_province"], unplaced);
    assert_eq!(
        v["totals"]["mandatory_gaps"].as_u64().unwrap() as usize + unplaced,
        sel["compliance"].as_array().unwrap().len()
    );
    let reports = ok_json(&qgx(&[
        "check-report",
        &dir.join("reports.json").display().to_string(),
        "--as-of",
        "2026-09-30",
    ]));
    // The summary's figures are about submitted reports; drafts are counted apart.
    let submitted = |r: &&Value| {
        r["status"]
            .as_str()
            .is_some_and(|s| s.starts_with("submitted"))
    };
    let reports = reports.as_array().unwrap();
    let complete = reports
        .iter()
        .filter(submitted)
        .filter(|r| r["complete"] == true)
        .count();
    assert_eq!(v["reports"]["complete"], complete);
    assert_eq!(
        v["reports"]["submitted"],
        reports.iter().filter(submitted).count()
    );
    let overdue = reports.iter().filter(|r| r["status"] == "overdue").count();
    assert_eq!(v["reports"]["overdue"], overdue);
    assert!(overdue > 0);
    assert_eq!(
        v["reports"]["not_submitted"].as_u64().unwrap()
            + v["reports"]["submitted"].as_u64().unwrap(),
        reports.len() as u64
    );
    // summary.json, summarized as of the demo's date, gives the demo's roll-up and shortlist.
    let summary = ok_json(&qgx(&[
        "summarize",
        &dir.join("summary.json").display().to_string(),
        "--as-of",
        "2026-09-30",
    ]));
    assert_eq!(summary["provinces"], v["cycle"]["provinces"]);
    assert_eq!(summary["case_shortlist"], v["cycle"]["case_shortlist"]);
    assert_eq!(
        summary["participants"].as_array().unwrap().len(),
        data.participants.len()
    );
}

/// A small Summary input, as of 2026-09-30 (years 1 and 2 due): in Beijing A-0001 reports both
/// years on time and complete (54.17 each), A-0002 sent year 1 (and left a draft of it beside)
/// but not year 2; in Tianjin A-0004 sent year 1 late and incomplete, nothing for year 2;
/// A-0009 is not among the participants (province null) and sent year 1 only. The input lowers
/// `case_min_score` to 50, so A-0001 is a case candidate.
fn summary_fixture() -> Value {
    let one = read("report.json");
    let year2: Value = serde_json::from_str(
        &one.replace("\"2025-", "\"2026-")
            .replace("\"2024-", "\"2025-"),
    )
    .unwrap();
    let mut year2 = year2;
    year2["cycle_year"] = 2.into();
    let one: Value = serde_json::from_str(&one).unwrap();
    let with_id = |r: &Value, id: &str| {
        let mut r = r.clone();
        r["application_id"] = id.into();
        r
    };
    let mut draft = with_id(&one, "A-0002");
    draft.as_object_mut().unwrap().remove("submitted_at");
    let incomplete: Value = serde_json::from_str(&read("report-incomplete.json")).unwrap();
    serde_json::json!({
        "reports": [one, year2, with_id(&one, "A-0002"), draft, incomplete, with_id(&one, "A-0009")],
        "participants": [
            {"application_id": "A-0001", "province": "11", "person_id": "P-0001"},
            {"application_id": "A-0002", "province": "11", "person_id": "P-0002"},
            {"application_id": "A-0004", "province": "12"}
        ],
        "ruleset": {"case_min_score": 50}
    })
}

/// The cells of the table line that starts with `label` (split on runs of two spaces or more).
fn table_line(text: &str, label: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line {label}: {text}"));
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn summarize_gives_the_cores_summary_and_tables() {
    let input = summary_fixture().to_string();
    let v = ok_json(&qgx_stdin(
        &["summarize", "-", "--as-of", "2026-09-30"],
        &input,
    ));
    let core: Value = serde_json::from_str(
        &qgx_core::json::summarize_cycle_json(
            &input,
            "2026-09-30",
            &qgx_core::Ruleset::edition_2024(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(v, core);
    assert_eq!(v["as_of"], "2026-09-30");
    assert_eq!(v["case_shortlist"][0]["application_id"], "A-0001");
    assert_eq!(v["case_shortlist"].as_array().unwrap().len(), 1);
    // --ruleset merges under the input's overrides, as for every command.
    let file = tmp("summary.json", &input);
    let rs = tmp("shortlist.toml", "case_shortlist_national_size = 0\n");
    let v = ok_json(&qgx(&[
        "summarize",
        &file,
        "--as-of",
        "2026-09-30",
        "--ruleset",
        &rs,
    ]));
    assert!(v["case_shortlist"].as_array().unwrap().is_empty());

    // The table in Chinese: the roll-up (every row adds up: due = on time and complete + late
    // or incomplete + overdue), the totals, the years, the notes and the shortlists.
    let text = ok_text(&qgx(&[
        "summarize",
        &file,
        "--as-of",
        "2026-09-30",
        "--format",
        "table",
    ]));
    assert!(
        text.starts_with("周期总结（截至 2026-09-30）：4 名参与者，已到期 2 个年度；典型工作案例候选 1 人（周期得分不低于 50，"),
        "{text}"
    );
    assert_eq!(
        table_line(&text, "省份"),
        [
            "省份",
            "参与人数",
            "应交报告",
            "按时完整",
            "逾期提交或不完整",
            "逾期未交",
            "平均周期得分",
            "案例候选"
        ]
    );
    assert_eq!(table_line(&text, "北京市")[1..6], ["2", "4", "3", "0", "1"]);
    assert_eq!(table_line(&text, "北京市")[7], "1");
    assert_eq!(
        table_line(&text, "天津市")[1..],
        ["1", "2", "0", "1", "1", "14.79", "0"]
    );
    assert_eq!(
        table_line(&text, "（未列入参与名单）")[1..6],
        ["1", "2", "1", "0", "1"]
    );
    let total = table_line(&text, "全国合计");
    assert_eq!(total[1..6], ["4", "8", "4", "1", "3"]);
    assert_eq!(total[7], "1");
    assert_eq!(
        table_line(&text, "第1年")[1..],
        ["3", "0", "1", "0", "0", "0", "3", "4"]
    );
    assert_eq!(
        table_line(&text, "第2年")[1..],
        ["1", "0", "0", "3", "0", "0", "1", "4"]
    );
    assert_eq!(
        table_line(&text, "第3年")[1..],
        ["0", "0", "0", "0", "0", "4", "0", "4"]
    );
    assert!(
        text.contains("报告说明：报告已被替代 (report_superseded) 1\n"),
        "{text}"
    );
    assert!(
        text.contains("全国典型工作案例候选名单（前 30 名"),
        "{text}"
    );
    assert_eq!(
        table_line(&text, "   1")[..6],
        ["1", "A-0001", "P-0001", "北京市", "54.17", "54.17 / 54.17"]
    );
    assert!(
        text.contains("各省典型工作案例候选名单（每省前 5 名；2 个省份无候选）"),
        "{text}"
    );
    let provinces = text.split("各省典型工作案例候选名单").nth(1).unwrap();
    assert_eq!(
        table_line(provinces, "北京市"),
        ["北京市", "1", "A-0001", "P-0001", "54.17"]
    );

    // In English.
    let text = ok_text(&qgx(&[
        "summarize",
        &file,
        "--as-of",
        "2026-09-30",
        "--format",
        "table",
        "--lang",
        "en",
    ]));
    assert!(text.starts_with("Cycle summary (as of 2026-09-30): 4 participants, 2 years due; 1 typical-case candidates"), "{text}");
    assert_eq!(
        table_line(&text, "province  "),
        [
            "province",
            "participants",
            "reports due",
            "on time & complete",
            "late or incomplete",
            "overdue",
            "mean cycle score",
            "case candidates"
        ]
    );
    assert_eq!(
        table_line(&text, "Beijing")[1..6],
        ["2", "4", "3", "0", "1"]
    );
    assert_eq!(
        table_line(&text, "(not in participants)")[1..6],
        ["1", "2", "1", "0", "1"]
    );
    assert_eq!(
        table_line(&text, "national total")[1..6],
        ["4", "8", "4", "1", "3"]
    );
    assert!(text.contains("Report notes: report_superseded 1"), "{text}");
    assert!(
        text.contains("National typical-case shortlist (first 30"),
        "{text}"
    );
    assert!(
        text.contains(
            "Provincial shortlists (first 5 per province; 2 provinces without a candidate)"
        ),
        "{text}"
    );

    // A plain array of reports: everyone under province null.
    let reports = summary_fixture()["reports"].to_string();
    let v = ok_json(&qgx_stdin(
        &["summarize", "-", "--as-of", "2026-09-30"],
        &reports,
    ));
    assert_eq!(v["provinces"].as_array().unwrap().len(), 1);
    assert!(v["provinces"][0]["province"].is_null());
    assert_eq!(v["provinces"][0]["participants"], 4);
    assert!(v["case_shortlist"].as_array().unwrap().is_empty());
}

#[test]
fn summarize_needs_as_of_and_names_the_pointer() {
    let input = summary_fixture().to_string();
    let err = bad(&qgx_stdin(&["summarize", "-"], &input));
    assert!(err.contains("needs --as-of DATE (YYYY-MM-DD)"), "{err}");
    for date in ["2026/09/30", "2026-02-30", "tomorrow"] {
        let err = bad(&qgx_stdin(&["summarize", "-", "--as-of", date], &input));
        assert!(err.starts_with("qgx: --as-of: "), "{err}");
    }
    let cases = [
        (
            r#"{"reports": [{"application_id": 1}]}"#,
            "/reports/0/application_id",
        ),
        (r#"{"report": []}"#, "/report"),
        (
            r#"{"reports": [], "participants": [{"application_id": "A-1", "province": "99"}]}"#,
            "/participants/0/province",
        ),
        (
            r#"{"reports": [], "participants": [{"application_id": "A-1", "province": "11"}, {"application_id": "A-1", "province": "12"}]}"#,
            "/participants/1/application_id",
        ),
        (
            r#"{"reports": [], "ruleset": {"case_min_scor": 80}}"#,
            "/ruleset/case_min_scor",
        ),
        (
            r#"{"reports": [], "ruleset": {"case_min_score": 120}}"#,
            "/ruleset/case_min_score",
        ),
    ];
    for (doc, pointer) in cases {
        let err = bad(&qgx_stdin(
            &["summarize", "-", "--as-of", "2026-09-30"],
            doc,
        ));
        assert!(
            err.contains(&format!(" at {pointer}: ")),
            "{pointer}: {err}"
        );
        assert!(err.starts_with("qgx: <stdin>: "), "{err}");
    }
    // Two reports for one year sent at the same instant: found after parsing, named at the
    // line and column of the second one's submitted_at; in a plain array, pointing into it.
    let mut doc = summary_fixture();
    doc["reports"][2]["application_id"] = "A-0001".into();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let file = tmp("same-instant.json", &text);
    let err = bad(&qgx(&["summarize", &file, "--as-of", "2026-09-30"]));
    assert!(
        err.contains("same-instant.json: invalid input at /reports/2/submitted_at: year 1 of `A-0001`: submitted at the same instant as /reports/0 (line "),
        "{err}"
    );
    let reports = doc["reports"].to_string();
    let err = bad(&qgx_stdin(
        &["summarize", "-", "--as-of", "2026-09-30"],
        &reports,
    ));
    assert!(
        err.contains("at /2/submitted_at: year 1 of `A-0001`: submitted at the same instant as /0 (line 1, column "),
        "{err}"
    );
    let err = bad(&qgx_stdin(
        &["summarize", "-", "--as-of", "2026-09-30"],
        "[{\"cycle_year\": \"one\"}]",
    ));
    assert!(err.contains("at /0/"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["select"][..],
        &["frobnicate"],
        &["select", "x.json", "--applications", "a.csv"],
        &["select", "--applications", "a.csv"],
        &["--lang", "fr", "ruleset"],
        &["--format", "xml", "ruleset"],
    ] {
        let out = qgx(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = qgx(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("check-report"));
}

/// Applications as CSV, 10,500 rows: above the progress-bar threshold.
fn large_applications_csv() -> String {
    let text = read("applications.csv");
    let mut lines = text.lines();
    let mut csv = format!("{}\n", lines.next().unwrap());
    let row = lines.nth(1).unwrap();
    let row = &row[..row.find(",\"{").unwrap()];
    for i in 0..10_500 {
        let fields: Vec<String> = row
            .split(',')
            .enumerate()
            .map(|(j, f)| match j {
                0 => format!("B-{i:05}"),
                1 => format!("Q-{i:05}"),
                _ => f.to_owned(),
            })
            .collect();
        csv.push_str(&fields.join(","));
        csv.push_str(",\n");
    }
    tmp("large.csv", &csv)
}

#[test]
fn large_inputs_keep_stderr_clean_off_a_terminal() {
    // Above the progress-bar threshold, but stderr is a pipe here.
    let apps = large_applications_csv();
    let out = qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &data("provinces.csv"),
    ]);
    let v = ok_json(&out);
    assert_eq!(v["applications"].as_array().unwrap().len(), 10_500);
    assert_eq!(v["applications"][0]["outcome"], "incomplete_plan");
    assert_eq!(
        codes(&v["applications"][0]["findings"]),
        [("R-PLAN", "plan_missing")]
    );
    let reports = format!("[{}]", vec![read("report.json"); 10_001].join(","));
    let v = ok_json(&qgx_stdin(&["check-report", "-"], &reports));
    assert_eq!(v.as_array().unwrap().len(), 10_001);
}

/// The README's claim about the project's examples: the CSV and JSON forms give the same bytes.
#[test]
fn project_examples_csv_equals_json() {
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let p = |name: &str| ex.join(name).display().to_string();
    if !ex.join("csv/applications.csv").exists() {
        return;
    }
    let json = qgx(&["select", &p("selection.json")]);
    let csv = qgx(&[
        "select",
        "--applications",
        &p("csv/applications.csv"),
        "--provinces",
        &p("csv/provinces.csv"),
        "--registry",
        &p("csv/registry.json"),
        "--office-decisions",
        &p("csv/decisions.csv"),
    ]);
    assert_eq!(ok_text(&csv), ok_text(&json));
    let hash = ok_text(&qgx(&[
        "--ruleset",
        &p("overrides.toml"),
        "ruleset",
        "--hash",
    ]));
    assert!(hash.starts_with("sha256:"));
}

/// Hostile input on the command line (issue 16): each a clear error on one line, exit 2,
/// nothing silently dropped, nothing forged.
#[test]
fn hostile_input_is_refused_on_one_printable_line() {
    // Invalid UTF-8 is located: line, column and byte offset.
    let dir = std::env::temp_dir().join(format!("qgx-cli-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("bad.json");
    std::fs::write(&bin, b"{\n  \"application_id\": \"A\xff\"}").unwrap();
    let err = bad(&qgx(&["check-report", bin.to_str().unwrap()]));
    assert!(
        err.contains("not UTF-8 text: invalid byte at line 2, column 23 (byte offset 24)"),
        "{err}"
    );
    // A TOML float JSON cannot hold is refused, not dropped (the 2024 hash would come back).
    let toml = tmp("nan.toml", "[score]\nreach = nan\n");
    let err = bad(&qgx(&["--ruleset", &toml, "ruleset", "--hash"]));
    assert!(
        err.contains("/score/reach: expected a finite number"),
        "{err}"
    );
    let toml = tmp("inf.toml", "case_min_score = inf\n");
    let err = bad(&qgx(&["--ruleset", &toml, "ruleset", "--hash"]));
    assert!(
        err.contains("/case_min_score: expected a finite number"),
        "{err}"
    );
    // A key given twice inside a map is an error, as in the CSV path.
    let doc = r#"{"applications": [], "provinces": [], "office_decisions": {"A": "approved", "A": "rejected"}}"#;
    let err = bad(&qgx_stdin(&["select", "-"], doc));
    assert!(err.contains("duplicate key `A`"), "{err}");
    // A university quota keyed by no institution code.
    let doc = r#"{"applications": [], "provinces": [{"province": "11", "national_quota": 1, "university_quotas": {"x": 1}}]}"#;
    let err = bad(&qgx_stdin(&["select", "-"], doc));
    assert!(err.contains("/provinces/0/university_quotas/x"), "{err}");
    // A newline and an escape sequence in a value are shown escaped: one line, no colour.
    let mut report: Value = serde_json::from_str(&read("report.json")).unwrap();
    report["tasks"]["party_building"]["activities"][0]["form"] =
        Value::String(format!("x\nqgx: all good\u{1b}[31m{}", "y".repeat(100_000)));
    let err = bad(&qgx_stdin(&["check-report", "-"], &report.to_string()));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        !err.contains('\u{1b}') && err.chars().count() < 2100,
        "{err}"
    );
    // An id with control characters cannot forge a table row.
    let mut report: Value = serde_json::from_str(&read("report.json")).unwrap();
    report["application_id"] = Value::String("A-1\nA-2 伪造的一行".into());
    let out = qgx_stdin(
        &["check-report", "-", "--format", "table"],
        &report.to_string(),
    );
    let text = ok_text(&out);
    assert!(text.contains("A-1\\nA-2"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("A-2 伪造")), "{text}");
    // CSV numbers are read as JSON reads them.
    let apps = std::fs::read_to_string(data("../../../examples/csv/applications.csv"));
    if let Ok(apps) = apps {
        let mut lines: Vec<String> = apps.lines().map(str::to_owned).collect();
        let header: Vec<&str> = lines[0].split(',').collect();
        let col = header.iter().position(|h| *h == "merit_score").unwrap();
        let mut cells: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
        for bad_number in ["+5", ".5", "5."] {
            cells[col] = bad_number.into();
            lines[1] = cells.join(",");
            let path = tmp("apps-bad-number.csv", &(lines.join("\n") + "\n"));
            let provinces =
                std::fs::read_to_string(data("../../../examples/csv/provinces.csv")).unwrap();
            let provinces = tmp("provinces.csv", &provinces);
            let err = bad(&qgx(&[
                "select",
                "--applications",
                &path,
                "--provinces",
                &provinces,
            ]));
            assert!(
                err.contains("merit_score") && err.contains(&format!("got {bad_number}")),
                "{bad_number}: {err}"
            );
        }
    }
}

/// Output that cannot be written is an error (a full disk), not a silent success; a reader
/// that stops reading (`| head`) is not.
#[test]
#[cfg(target_os = "linux")]
fn a_full_stdout_is_an_error() {
    let out = qgx_to_full_disk(&["schema", "annual_report"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"));
}

/// Runs qgx with its stdout on `/dev/full` (every write fails: no space left).
#[cfg(target_os = "linux")]
fn qgx_to_full_disk(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_qgx"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// `qgx compare`: a second file, or the base with --set; --ruleset for the variant only.
#[test]
fn compare_two_settings() {
    let base = data("selection.json");
    let v = ok_json(&qgx(&["compare", &base, "--set", "11.national_quota=10"]));
    assert_ne!(v["newly_recommended"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(v["base"]["hash"], v["variant"]["hash"]);
    let p = &v["provinces"][0];
    assert_eq!(p["variant"]["national_quota"], 10);
    // The same base twice: nothing changes.
    let v = ok_json(&qgx(&["compare", &base, &base]));
    assert!(v["applications"].as_array().unwrap().is_empty());
    // A ruleset parameter by --set, and --ruleset, apply to the variant only.
    let v = ok_json(&qgx(&["compare", &base, "--set", "priority_mode=none"]));
    assert_ne!(v["base"]["hash"], v["variant"]["hash"]);
    let toml = tmp(
        "strict.toml",
        "deadline_inclusive = false\nlate_list_policy = \"exclude\"\n",
    );
    let v = ok_json(&qgx(&["--ruleset", &toml, "compare", &base]));
    assert_ne!(v["base"]["hash"], v["variant"]["hash"]);
    // Tables in Chinese and English.
    let zh = ok_text(&qgx(&[
        "compare",
        &base,
        "--set",
        "11.national_quota=10",
        "--format",
        "table",
    ]));
    assert!(zh.contains("新增推荐") && zh.contains("全国名额"), "{zh}");
    let en = ok_text(&qgx(&[
        "compare",
        &base,
        "--set",
        "11.national_quota=10",
        "--format",
        "table",
        "--lang",
        "en",
    ]));
    assert!(en.contains("Newly recommended"), "{en}");
    // Bad --set: a province without settings, a key without a value; exit 2.
    let err = bad(&qgx(&["compare", &base, "--set", "99.national_quota=1"]));
    assert!(err.contains("no ProvinceConfig for 99"), "{err}");
    let err = bad(&qgx(&["compare", &base, "--set", "national_quota"]));
    assert!(err.contains("expected KEY=VALUE"), "{err}");
    // A bad variant value is named as the variant's.
    let err = bad(&qgx(&["compare", &base, "--set", "11.national_quota=-1"]));
    assert!(
        err.contains("variant") && err.contains("/provinces/"),
        "{err}"
    );
}

/// `qgx select --format table` says, for each candidate not recommended, what it would take.
#[test]
fn the_select_table_says_what_it_would_take() {
    let out = ok_text(&qgx(&[
        "select",
        &data("selection.json"),
        "--format",
        "table",
    ]));
    assert!(out.contains("入选所需"), "{out}");
    assert!(out.contains("方可"), "{out}");
}

/// A batch is written as it is checked, one result at a time, and its bytes are exactly those
/// of rendering it whole: the pretty JSON array of the single results (each indented by two
/// spaces), `[]` for an empty array; tables one after another with a blank line between.
#[test]
fn batches_are_written_as_they_are_checked_byte_for_byte() {
    let cases = [
        (
            "check-report",
            read("report.json"),
            read("report-incomplete.json"),
        ),
        ("check-plan", read("plan.json"), read("plan.json")),
        (
            "check-application",
            read("application.json"),
            read("application.json"),
        ),
    ];
    for (command, a, b) in cases {
        for format in ["json", "table"] {
            let one = |doc: &str| {
                ok_text(&qgx_stdin(
                    &[command, "-", "--format", format, "--as-of", "2025-09-30"],
                    doc,
                ))
            };
            let (one_a, one_b) = (one(&a), one(&b));
            let many = one(&format!("[{a},\n{b}]"));
            let expected = if format == "json" {
                let indent = |s: &str| s.trim_end().replace('\n', "\n  ");
                format!("[\n  {},\n  {}\n]\n", indent(&one_a), indent(&one_b))
            } else {
                format!("{one_a}\n{one_b}")
            };
            assert_eq!(many, expected, "{command} --format {format}");
            let empty = one("[]");
            assert_eq!(empty, if format == "json" { "[]\n" } else { "" });
        }
    }
}

/// A streamed batch that cannot be written (a full disk) is exit 1 with a message; bad input
/// anywhere in a batch is exit 2 with nothing written, even after many good elements.
#[test]
#[cfg(target_os = "linux")]
fn a_streamed_batch_to_a_full_stdout_is_an_error() {
    let reports = format!("[{}]", vec![read("report.json"); 200].join(","));
    let path = tmp("batch.json", &reports);
    let out = qgx_to_full_disk(&["check-report", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"));
    let mut broken: Vec<Value> = serde_json::from_str(&reports).unwrap();
    broken[199]["cycle_year"] = "two".into();
    let err = bad(&qgx_stdin(
        &["check-report", "-"],
        &serde_json::to_string_pretty(&broken).unwrap(),
    ));
    assert!(err.contains("/199/cycle_year"), "{err}");
}

/// An input the process has no memory for is exit 2 with one line, not an abort: the read's
/// buffer is reserved with `try_reserve`. Made certain with an address-space limit (`ulimit
/// -v`, 1 GiB) and a sparse 2 GiB file (no disk used), both as a file and on stdin.
#[test]
#[cfg(target_os = "linux")]
fn an_input_without_memory_for_it_is_an_error() {
    let dir = std::env::temp_dir().join(format!("qgx-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sparse = dir.join("sparse.json");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let run = |redirect: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 1048576 && exec \"$0\" check-report {redirect}"
            ))
            .arg(env!("CARGO_BIN_EXE_qgx"))
            .env("QGX_MAX_INPUT_BYTES", (4u64 << 30).to_string())
            .env("QGX_SPARSE", &sparse)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let err = bad(&run("\"$QGX_SPARSE\""));
    assert!(
        err.contains("sparse.json: not enough memory to read 2147483648 bytes"),
        "{err}"
    );
    let err = bad(&run("- < \"$QGX_SPARSE\""));
    assert!(
        err.starts_with("qgx: <stdin>: not enough memory to read the input (more than "),
        "{err}"
    );
    std::fs::remove_file(&sparse).unwrap();
}

/// On a terminal (a pseudo-terminal made by `script`), reading a large CSV shows progress on
/// stderr, and stdout (redirected to a file) is the same as off a terminal.
#[test]
#[cfg(target_os = "linux")]
fn progress_shows_on_a_terminal_only() {
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: no `script` to make a terminal with");
        return;
    }
    let apps = large_applications_csv();
    let provinces = data("provinces.csv");
    let args = ["select", "--applications", &apps, "--provinces", &provinces];
    let plain = ok_text(&qgx(&args));
    let out = Path::new(&apps).with_file_name("large-on-a-terminal.json");
    let command = format!(
        "'{}' {} > '{}'",
        env!("CARGO_BIN_EXE_qgx"),
        args.map(|a| format!("'{a}'")).join(" "),
        out.display()
    );
    let terminal = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(terminal.status.success(), "{terminal:?}");
    let shown = String::from_utf8_lossy(&terminal.stdout);
    // The header and 10,500 rows, as the reader's last report says.
    assert!(
        shown.contains(&format!("reading {apps}: 10501 rows")),
        "{shown}"
    );
    assert!(shown.contains("reading the sheets"), "{shown}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), plain);
}
