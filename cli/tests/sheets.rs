//! The Excel flow through `qgx`: templates, workbooks and GB18030 CSV in, results, checked
//! reports and annotated copies out, errors named as FILE: SHEET!CELL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use qgx_core::{AnnualReport, Ruleset, SelectionInput};
use qgx_sheets::book::{self, ReadOptions};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("qgx-cli-sheets-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn path(name: &str) -> String {
    dir().join(name).display().to_string()
}

fn qgx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qgx"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn bad(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn example() -> SelectionInput {
    let text = std::fs::read_to_string(root().join("examples/selection.json")).unwrap();
    qgx_core::from_json_str(&text).unwrap()
}

fn stamp() -> qgx_core::RulesetStamp {
    Ruleset::edition_2024().stamp()
}

#[test]
fn a_workbook_selects_as_its_json() {
    let file = path("selection.xlsx");
    std::fs::write(
        &file,
        qgx_sheets::write_selection_input(&example(), &stamp()).unwrap(),
    )
    .unwrap();
    let from_json = ok(&qgx(&[
        "select",
        root().join("examples/selection.json").to_str().unwrap(),
    ]));
    assert_eq!(ok(&qgx(&["select", &file])), from_json);
    // --out and --annotate write workbooks (and say so), and nothing else.
    let (out, ann) = (path("results.xlsx"), path("annotated.xlsx"));
    let said = ok(&qgx(&["select", &file, "--out", &out, "--annotate", &ann]));
    assert!(
        said.contains("results.xlsx") && said.contains("annotated.xlsx"),
        "{said}"
    );
    let results = book::open(Path::new(&out), &ReadOptions::default()).unwrap();
    let names: Vec<_> = results
        .sheets
        .iter()
        .filter_map(|s| s.name.clone())
        .collect();
    assert_eq!(
        names,
        ["省份汇总", "推荐名单", "全部申报", "问题清单", "合规"]
    );
    let copy = book::open(Path::new(&ann), &ReadOptions::default()).unwrap();
    assert_eq!(copy.sheets[0].name.as_deref(), Some("检查结果"));
    assert!(
        copy.sheets
            .iter()
            .any(|s| s.name.as_deref() == Some("申报"))
    );
    // A JSON input can write the results workbook too, but has no workbook to annotate.
    let json = root().join("examples/selection.json");
    ok(&qgx(&["select", json.to_str().unwrap(), "--out", &out]));
    let err = bad(&qgx(&[
        "select",
        json.to_str().unwrap(),
        "--annotate",
        &ann,
    ]));
    assert!(err.contains("--annotate copies an input workbook"), "{err}");
    let err = bad(&qgx(&["select", &file, "--out", &path("results.csv")]));
    assert!(err.contains("give a name ending in .xlsx"), "{err}");
}

#[test]
fn templates_are_written_and_read_back() {
    let mut files = Vec::new();
    for kind in [
        "applications",
        "provinces",
        "decisions",
        "registry",
        "reports",
    ] {
        let file = path(&format!("template-{kind}.xlsx"));
        ok(&qgx(&["template", kind, "--out", &file]));
        files.push(file);
    }
    let out = ok(&qgx(&[
        "select",
        "--applications",
        &files[0],
        "--provinces",
        &files[1],
        "--office-decisions",
        &files[2],
        "--registry",
        &files[3],
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["applications"], serde_json::json!([]));
    assert_eq!(ok(&qgx(&["check-report", &files[4]])), "[]\n");
    let err = bad(&qgx(&["template", "plans", "--out", &path("x.xlsx")]));
    assert!(err.contains("unknown template `plans`"), "{err}");
}

/// A workbook of one 申报 sheet (Chinese headers and labels) and one 省份 sheet.
fn applications_workbook(merit: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("申报").unwrap();
    let head = [
        "申报编号",
        "人员编号",
        "姓名",
        "学校标识码",
        "是否高校",
        "所在省份",
        "支部类型",
        "职务",
        "双带头人",
        "学校党委审核",
        "评分",
    ];
    let row = [
        "A-1",
        "P-1",
        "王芳",
        "4111010001",
        "是",
        "北京市",
        "教师党支部",
        "书记",
        "是",
        "已通过",
        merit,
    ];
    for (c, (h, v)) in head.iter().zip(row).enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        ws.write_string(1, c as u16, v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("省份").unwrap();
    ws.write_string(0, 0, "省份").unwrap();
    ws.write_string(0, 1, "全国推荐名额").unwrap();
    ws.write_string(1, 0, "北京市").unwrap();
    ws.write_number(1, 1, 1).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_bad_cell_is_named_file_sheet_cell() {
    let file = path("apps.xlsx");
    std::fs::write(&file, applications_workbook("八十")).unwrap();
    let err = bad(&qgx(&["select", &file]));
    assert_eq!(
        err,
        format!("qgx: {file}: 申报!K2 (merit_score): expected a number from 0 to 100, got 八十\n")
    );
    std::fs::write(&file, applications_workbook("80")).unwrap();
    let out = ok(&qgx(&["select", &file, "--format", "table"]));
    // No plan sheets: the plan is missing (R-PLAN), which the table explains.
    assert!(out.contains("计划书不完整"), "{out}");
}

#[test]
fn a_gb18030_csv_is_read_and_the_encoding_can_be_forced() {
    let text = "申报编号,人员编号,姓名,学校标识码,是否高校,所在省份,支部类型,职务,双带头人,学校党委审核,评分\r\n\
                A-1,P-1,王芳,4111010001,是,北京市,教师党支部,书记,是,已通过,88\r\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let apps = path("apps-gb.csv");
    std::fs::write(&apps, &bytes).unwrap();
    let provs = path("provs.csv");
    // ASCII: the same in UTF-8 and GB18030 (--encoding applies to every CSV read).
    std::fs::write(&provs, "province,national_quota\n11,1\n").unwrap();
    let out = ok(&qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &provs,
    ]));
    assert!(out.contains("\"id\": \"A-1\""), "{out}");
    let err = bad(&qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &provs,
        "--encoding",
        "utf-8",
    ]));
    assert!(err.contains("not UTF-8 text"), "{err}");
    let out = ok(&qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &provs,
        "--encoding",
        "gb18030",
    ]));
    assert!(out.contains("\"id\": \"A-1\""), "{out}");
    let err = bad(&qgx(&[
        "select",
        "--applications",
        &apps,
        "--provinces",
        &provs,
        "--encoding",
        "latin1",
    ]));
    assert!(
        err.contains("--encoding: expected auto, utf-8 or gb18030"),
        "{err}"
    );
}

#[test]
fn reports_from_a_workbook_are_checked_written_and_annotated() {
    let load = |name: &str| -> AnnualReport {
        qgx_core::from_json_str(
            &std::fs::read_to_string(root().join("examples").join(name)).unwrap(),
        )
        .unwrap()
    };
    let reports = vec![load("report.json"), load("report-incomplete.json")];
    let file = path("reports.xlsx");
    std::fs::write(
        &file,
        qgx_sheets::write_reports_input(&reports, &stamp()).unwrap(),
    )
    .unwrap();
    let json = path("reports.json");
    std::fs::write(&json, serde_json::to_string(&reports).unwrap()).unwrap();
    assert_eq!(
        ok(&qgx(&["check-report", &file, "--as-of", "2025-09-30"])),
        ok(&qgx(&["check-report", &json, "--as-of", "2025-09-30"]))
    );
    // `qgx summarize` reads the same workbook as the same plain array of reports.
    assert_eq!(
        ok(&qgx(&["summarize", &file, "--as-of", "2025-09-30"])),
        ok(&qgx(&["summarize", &json, "--as-of", "2025-09-30"]))
    );
    let (out, ann) = (path("checked.xlsx"), path("reports-annotated.xlsx"));
    ok(&qgx(&[
        "check-report",
        &file,
        "--out",
        &out,
        "--annotate",
        &ann,
    ]));
    let checked = book::open(Path::new(&out), &ReadOptions::default()).unwrap();
    let issues = checked
        .sheets
        .iter()
        .find(|s| s.name.as_deref() == Some("问题清单"))
        .unwrap();
    // Every finding of the incomplete report names its sheet and cell.
    let rows: Vec<Vec<String>> = issues
        .rows
        .iter()
        .skip(1)
        .map(|r| {
            (0..8)
                .map(|c| r.get(c).map(book::Value::text).unwrap_or_default())
                .collect()
        })
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| !r[1].is_empty() && !r[2].is_empty()),
        "{rows:?}"
    );
    let copy = book::open(Path::new(&ann), &ReadOptions::default()).unwrap();
    assert_eq!(copy.sheets[0].name.as_deref(), Some("检查结果"));
}

#[test]
fn a_comparison_as_a_workbook() {
    let base = root().join("examples/selection.json").display().to_string();
    let out = path("comparison.xlsx");
    ok(&qgx(&[
        "compare",
        &base,
        "--set",
        "11.national_quota=3",
        "--out",
        &out,
    ]));
    let book = book::open(Path::new(&out), &ReadOptions::default()).unwrap();
    let names: Vec<&str> = book
        .sheets
        .iter()
        .filter_map(|s| s.name.as_deref())
        .collect();
    assert_eq!(names, vec!["变化申报", "变化省份"]);
}
