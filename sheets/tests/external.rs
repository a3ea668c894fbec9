//! Against tools no one here wrote: workbooks written by openpyxl and by LibreOffice are read
//! correctly; what qgx writes is read by openpyxl and converted by LibreOffice without loss; a
//! GB18030 CSV encoded by Python's codec is read.
//!
//! Each test skips, saying so on stderr, when its tool is absent. `sheets/test.sh` installs
//! them (openpyxl in a virtualenv at `sheets/.tools/venv`, Debian's LibreOffice) and runs these
//! with the tools present; `QGX_SHEETS_REQUIRE_TOOLS=1` turns a skip into a failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use qgx_core::{Ruleset, SelectionInput, select};
use qgx_sheets::SelectionBooks;
use qgx_sheets::book::{self, Book, ReadOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("sheets-external")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn skip(test: &str, why: &str) {
    if std::env::var_os("QGX_SHEETS_REQUIRE_TOOLS").is_some() {
        panic!("{test}: {why} (QGX_SHEETS_REQUIRE_TOOLS is set)");
    }
    eprintln!("SKIPPED {test}: {why}; run sheets/test.sh to install it");
}

/// A Python with openpyxl: `QGX_SHEETS_PYTHON`, else `sheets/.tools/venv/bin/python`.
fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("QGX_SHEETS_PYTHON").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    found.then(|| PathBuf::from("soffice"))
}

fn run_python(py: &Path, code: &str, args: &[&Path]) -> String {
    let out = Command::new(py)
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `soffice --headless --convert-to FORMAT` into `dir`, with a profile of its own (so that
/// tests running at once do not share one).
fn convert(
    soffice: &Path,
    file: &Path,
    format: &str,
    infilter: Option<&str>,
    dir: &Path,
) -> PathBuf {
    let profile = dir.join("lo-profile");
    let mut cmd = Command::new(soffice);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args(["--headless", "--norestore", "--convert-to", format]);
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    let out = cmd.arg("--outdir").arg(dir).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let ext = format.split(':').next().unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy();
    let made = dir.join(format!("{stem}.{ext}"));
    assert!(made.exists(), "soffice made no {}", made.display());
    made
}

fn open(path: &Path) -> Book {
    book::open(path, &ReadOptions::default()).unwrap()
}

fn example() -> SelectionInput {
    let text = std::fs::read_to_string(root().join("examples/selection.json")).unwrap();
    qgx_core::from_json_str(&text).unwrap()
}

fn result_json(input: &SelectionInput) -> String {
    serde_json::to_string_pretty(&select(input, &Ruleset::edition_2024()).unwrap()).unwrap()
}

fn stamp() -> qgx_core::RulesetStamp {
    Ruleset::edition_2024().stamp()
}

const OPENPYXL_APPLICATIONS: &str = r#"
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "申报"
ws.append(["申报编号", "人员编号", "姓名", "学校标识码", "学校名称", "是否高校", "所在省份",
           "支部名称", "支部类型", "职务", "双带头人", "工作室级别", "工作室批次", "工作室状态",
           "学校党委审核", "审核日期", "提交时间", "评分"])
ws.append(["A-1", "P-1", "王芳", 4111010001, "北京大学", "是", "北京市", "物理学院教师党支部",
           "教师党支部", "书记", "是", "全国", "第三批", "建设对象", "已通过",
           datetime.date(2024, 7, 15), datetime.datetime(2024, 7, 20, 10, 0), 92])
ws.append(["A-2", "P-2", "李强", "4111010001", "北京大学", True, 11, "化学学院教师党支部",
           "teacher", "secretary", True, None, None, None, "approved", None, None, 88.5])
o = wb.create_sheet("计划目标")
o.append(["申报编号", "党建联建目标", "教育服务目标", "科技赋能目标", "实践育人目标"])
for i in ("A-1", "A-2"):
    o.append([i, "联建共建，形成长效机制", "送教上门，服务基层", "咨政建言，成果转化", "调研实践，育人成才"])
a = wb.create_sheet("计划活动")
a.append(["申报编号", "任务", "活动形式", "合作对象类型", "合作对象名称", "年度"])
for i in ("A-1", "A-2"):
    a.append([i, "开展党建联建", "专题党课讲授", "地方党委政府", "某区委组织部", 1])
    a.append([i, "提供教育服务", "专题讲座", "学校", "某中学", 1])
    a.append([i, "推动科技赋能", "咨政建言", "党政机关", "某市发改委", 2])
    a.append([i, "深化实践育人", "调查研究", "乡镇", "某镇政府", 2])
m = wb.create_sheet("年度节点")
m.append(["申报编号", "年度", "节点目标"])
for i in ("A-1", "A-2"):
    for y in (1, 2, 3):
        m.append([i, y, "第%d年的阶段目标" % y])
p = wb.create_sheet("省份")
p.append(["省份", "全国推荐名额", "省级团队名额", "名单报送时间"])
p.append(["北京市", 1, 5, datetime.datetime(2024, 8, 1, 17, 30)])
s = wb.create_sheet("全国工作室")
s.append(["人员编号", "批次", "状态", "省份"])
s.append(["P-1", 3, "建设对象", "北京市"])
wb.save(sys.argv[1])
"#;

#[test]
fn a_workbook_written_by_openpyxl_is_read() {
    let Some(py) = python() else {
        return skip(
            "a_workbook_written_by_openpyxl_is_read",
            "no Python with openpyxl",
        );
    };
    let dir = tmp("openpyxl-in");
    let file = dir.join("apps.xlsx");
    run_python(&py, OPENPYXL_APPLICATIONS, &[&file]);
    let (input, _) = qgx_sheets::read_selection_file(&file, &ReadOptions::default()).unwrap();
    let a = &input.applications[0];
    assert_eq!(a.institution.code, "4111010001");
    assert_eq!(a.studio.as_ref().and_then(|s| s.batch), Some(3));
    let review = a.university_review.as_ref().unwrap();
    assert_eq!(
        review.date.map(|d| d.to_string()).as_deref(),
        Some("2024-07-15")
    );
    assert_eq!(
        a.submitted_at
            .as_ref()
            .map(|t| t.as_str().to_owned())
            .as_deref(),
        Some("2024-07-20T10:00:00")
    );
    assert_eq!(input.applications[1].merit_score, Some(88.5));
    assert_eq!(input.applications[1].province.code(), "11");
    let result = select(&input, &Ruleset::edition_2024()).unwrap();
    let outcomes: Vec<(&str, &str)> = result
        .applications
        .iter()
        .map(|a| (a.id.as_str(), a.outcome.as_str()))
        .collect();
    // A-1 is exempt (national studio, batch 3), A-2 takes the one place.
    assert_eq!(outcomes, [("A-1", "recommended"), ("A-2", "recommended")]);
    assert!(result.applications[0].quota_exempt);
}

const OPENPYXL_READ_RESULTS: &str = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames}
first = wb[wb.sheetnames[0]]
out["stamp"] = [[first.cell(r, c).value for c in (1, 2)] for r in (2, 3, 4)]
out["list"] = [[c.value for c in row] for row in wb["推荐名单"].iter_rows()]
out["types"] = sorted({c.data_type for ws in wb for row in ws.iter_rows() for c in row if c.value is not None})
all_apps = wb["全部申报"]
out["all"] = [[c.value for c in row] for row in all_apps.iter_rows(max_row=3)]
print(json.dumps(out, ensure_ascii=False))
"#;

#[test]
fn openpyxl_reads_the_results_workbook() {
    let Some(py) = python() else {
        return skip(
            "openpyxl_reads_the_results_workbook",
            "no Python with openpyxl",
        );
    };
    let dir = tmp("openpyxl-results");
    let mut input = example();
    input.applications[0].name = Some("=HYPERLINK(\"http://example.invalid\",\"点我\")".into());
    let result = select(&input, &Ruleset::edition_2024()).unwrap();
    let file = dir.join("results.xlsx");
    std::fs::write(
        &file,
        qgx_sheets::write_selection_results(&input, &result, None).unwrap(),
    )
    .unwrap();
    let out: serde_json::Value =
        serde_json::from_str(&run_python(&py, OPENPYXL_READ_RESULTS, &[&file])).unwrap();
    assert_eq!(
        out["sheets"],
        serde_json::json!(["省份汇总", "推荐名单", "全部申报", "问题清单", "合规"])
    );
    assert_eq!(
        out["stamp"][0],
        serde_json::json!(["规则版本 (edition)", "2024"])
    );
    assert_eq!(out["stamp"][1][1], serde_json::json!(result.ruleset.hash));
    assert_eq!(out["stamp"][2][1], serde_json::json!(result.ruleset.engine));
    // No formula anywhere: strings ('s') and numbers ('n') only.
    assert_eq!(out["types"], serde_json::json!(["n", "s"]));
    let list = out["list"].as_array().unwrap();
    assert!(list[0][0].as_str().unwrap().starts_with("北京市 推荐名单"));
    assert_eq!(
        list[1],
        serde_json::json!([
            "序号",
            "姓名",
            "学校",
            "支部",
            "不占名额",
            "优先推荐",
            "评分",
            "备注"
        ])
    );
    // The recommended of 北京市, exempt first: the formula-like name is text.
    let names: Vec<&str> = list
        .iter()
        .skip(2)
        .take_while(|r| r[0].is_number())
        .map(|r| r[1].as_str().unwrap())
        .collect();
    let expected: Vec<String> = {
        let mut rec: Vec<_> = result
            .applications
            .iter()
            .filter(|a| a.recommended && a.province.code() == "11")
            .collect();
        rec.sort_by_key(|a| (!a.quota_exempt, a.rank));
        rec.iter()
            .map(|a| {
                input
                    .applications
                    .iter()
                    .find(|x| x.id == a.id)
                    .and_then(|x| x.name.clone())
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(names, expected);
    assert!(
        names.iter().any(|n| n.starts_with("=HYPERLINK"))
            || !expected.iter().any(|n| n.starts_with('='))
    );
    assert_eq!(out["all"][0][0], "申报编号");
}

const OPENPYXL_TEMPLATE: &str = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for name in wb.sheetnames:
    ws = wb[name]
    out[name] = {
        "state": ws.sheet_state,
        "header": [c.value for c in ws[1]],
        "lists": sorted((str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation if dv.type == "list"),
    }
# openpyxl fills the template as a university would and saves it.
ws = wb["申报"]
ws.append(["A-9", "P-9", "赵敏", "4111010001", "北京大学", "是", None, "北京市", "数学学院教师党支部",
           "教师党支部", "书记", "是", None, None, None, None, None, None, "待审核", None, None, 75])
wb.save(sys.argv[2])
print(json.dumps(out, ensure_ascii=False))
"#;

#[test]
fn openpyxl_sees_the_template_s_drop_downs_and_fills_it() {
    let Some(py) = python() else {
        return skip(
            "openpyxl_sees_the_template_s_drop_downs_and_fills_it",
            "no Python with openpyxl",
        );
    };
    let dir = tmp("openpyxl-template");
    let file = dir.join("applications.xlsx");
    let filled = dir.join("filled.xlsx");
    std::fs::write(
        &file,
        qgx_sheets::write_template(qgx_sheets::Kind::Applications, &stamp()).unwrap(),
    )
    .unwrap();
    let out: serde_json::Value =
        serde_json::from_str(&run_python(&py, OPENPYXL_TEMPLATE, &[&file, &filled])).unwrap();
    assert_eq!(out["选项"]["state"], "hidden");
    let apps = &out["申报"];
    assert_eq!(apps["header"][0], "申报编号");
    // One drop-down per enumerated column of 申报 (是否高校, 兵团高校, 所在省份, 支部类型, 职务,
    // 双带头人, 工作室级别, 工作室状态, 样板支部级别, 样板支部状态, 学校党委审核).
    assert_eq!(apps["lists"].as_array().unwrap().len(), 11, "{apps}");
    assert!(apps["lists"].to_string().contains("选项!$"), "{apps}");
    assert_eq!(out["计划活动"]["lists"].as_array().unwrap().len(), 3);
    // What openpyxl saved, qgx reads.
    let book = open(&filled);
    let provs = qgx_sheets::book::from_bytes(
        "p.csv",
        "省份,全国推荐名额\n北京市,1\n".into(),
        &ReadOptions::default(),
    )
    .unwrap();
    let (input, _) = qgx_sheets::read_selection(SelectionBooks {
        applications: &book,
        provinces: Some(&provs),
        registry: None,
        decisions: None,
    })
    .unwrap();
    assert_eq!(input.applications.len(), 1);
    assert_eq!(input.applications[0].merit_score, Some(75.0));
    assert_eq!(
        input.applications[0]
            .university_review
            .as_ref()
            .map(|r| r.decision),
        Some(qgx_core::ReviewDecision::Pending)
    );
}

#[test]
fn a_gb18030_csv_encoded_by_python_is_read() {
    let py = python().or_else(|| Some(PathBuf::from("python3"))).unwrap();
    if Command::new(&py).arg("--version").output().is_err() {
        return skip("a_gb18030_csv_encoded_by_python_is_read", "no Python");
    }
    let dir = tmp("gb18030");
    let file = dir.join("apps.csv");
    // 𠀀 (U+20000) is outside GBK: only GB18030 has it.
    let code = r#"
import sys
rows = ["申报编号,人员编号,姓名,学校标识码,是否高校,所在省份,支部名称,支部类型,职务,双带头人,学校党委审核,评分",
        "A-1,P-1,王𠀀芳,4111010001,是,北京市,物理学院教师党支部,教师党支部,书记,是,已通过,九十"]
open(sys.argv[1], "w", encoding="gb18030", newline="").write("\r\n".join(rows) + "\r\n")
"#;
    run_python(&py, code, &[&file]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file must not be UTF-8"
    );
    let apps = open(&file);
    let provs = book::from_bytes(
        "p.csv",
        "省份,全国推荐名额\n11,1\n".into(),
        &ReadOptions::default(),
    )
    .unwrap();
    let books = SelectionBooks {
        applications: &apps,
        provinces: Some(&provs),
        registry: None,
        decisions: None,
    };
    let e = qgx_sheets::read_selection(books).unwrap_err();
    let name = file.display().to_string();
    assert_eq!(
        e.to_string(),
        format!("{name}:2:12: column merit_score: expected a number from 0 to 100, got 九十")
    );
    let fixed = std::fs::read(&file).unwrap();
    let (text, _, _) = encoding_rs::GB18030.decode(&fixed);
    let replaced = text.replace("九十", "90");
    let (again, _, _) = encoding_rs::GB18030.encode(&replaced);
    let apps = book::from_bytes("apps.csv", again.into_owned(), &ReadOptions::default()).unwrap();
    let (input, _) = qgx_sheets::read_selection(SelectionBooks {
        applications: &apps,
        ..books
    })
    .unwrap();
    assert_eq!(input.applications[0].name.as_deref(), Some("王𠀀芳"));
}

/// The CSV examples, converted to xlsx by LibreOffice, give byte-identical JSON results.
#[test]
fn the_csv_examples_converted_by_libreoffice_give_the_same_results() {
    let Some(lo) = soffice() else {
        return skip(
            "the_csv_examples_converted_by_libreoffice_give_the_same_results",
            "no soffice (LibreOffice)",
        );
    };
    let dir = tmp("lo-csv");
    // Comma-separated, double quotes, UTF-8 (76), from line 1, default column types, English
    // (1033), quoted fields as text, no "special numbers" (else `4111010001:1` becomes a time).
    let filter = "CSV:44,34,76,1,,1033,true,false";
    let csv = root().join("examples/csv");
    let apps = convert(
        &lo,
        &csv.join("applications.csv"),
        "xlsx",
        Some(filter),
        &dir,
    );
    let provs = convert(&lo, &csv.join("provinces.csv"), "xlsx", Some(filter), &dir);
    let decs = convert(&lo, &csv.join("decisions.csv"), "xlsx", Some(filter), &dir);
    let registry: qgx_core::Registry =
        qgx_core::from_json_str(&std::fs::read_to_string(csv.join("registry.json")).unwrap())
            .unwrap();
    let read = |a: &Path, p: &Path, d: &Path| {
        let (a, p, d) = (open(a), open(p), open(d));
        let (mut input, _) = qgx_sheets::read_selection(SelectionBooks {
            applications: &a,
            provinces: Some(&p),
            registry: None,
            decisions: Some(&d),
        })
        .unwrap();
        input.registry = Some(registry.clone());
        result_json(&input)
    };
    let from_xlsx = read(&apps, &provs, &decs);
    let from_csv = read(
        &csv.join("applications.csv"),
        &csv.join("provinces.csv"),
        &csv.join("decisions.csv"),
    );
    assert_eq!(from_xlsx, from_csv);
    assert_eq!(from_xlsx, result_json(&example()));
}

/// What qgx writes, LibreOffice converts (xlsx → ods → xlsx) and qgx reads back unchanged.
#[test]
fn libreoffice_converts_qgx_workbooks_without_loss() {
    let Some(lo) = soffice() else {
        return skip(
            "libreoffice_converts_qgx_workbooks_without_loss",
            "no soffice (LibreOffice)",
        );
    };
    let dir = tmp("lo-roundtrip");
    let input = example();
    let file = dir.join("selection.xlsx");
    std::fs::write(
        &file,
        qgx_sheets::write_selection_input(&input, &stamp()).unwrap(),
    )
    .unwrap();
    let ods_dir = dir.join("ods");
    std::fs::create_dir_all(&ods_dir).unwrap();
    let ods = convert(&lo, &file, "ods", None, &ods_dir);
    let back_dir = dir.join("back");
    std::fs::create_dir_all(&back_dir).unwrap();
    let back = convert(&lo, &ods, "xlsx", None, &back_dir);
    for f in [&ods, &back] {
        let (read, _) = qgx_sheets::read_selection_file(f, &ReadOptions::default()).unwrap();
        assert_eq!(read, input, "{}", f.display());
    }

    // The results workbook: every sheet's cells the same through LibreOffice.
    let result = select(&input, &Ruleset::edition_2024()).unwrap();
    let res = dir.join("results.xlsx");
    std::fs::write(
        &res,
        qgx_sheets::write_selection_results(&input, &result, None).unwrap(),
    )
    .unwrap();
    let res_ods = convert(&lo, &res, "ods", None, &ods_dir);
    let (a, b) = (open(&res), open(&res_ods));
    assert_eq!(a.sheets.len(), b.sheets.len());
    for (x, y) in a.sheets.iter().zip(&b.sheets) {
        assert_eq!(x.name, y.name);
        let cells = |s: &qgx_sheets::book::Sheet| -> Vec<(u32, u32, String)> {
            s.rows
                .iter()
                .flat_map(|r| r.cells.iter().map(move |(c, v)| (r.number, *c, v.text())))
                .collect()
        };
        assert_eq!(cells(x), cells(y), "sheet {:?}", x.name);
    }
}

const OPENPYXL_FILL: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["申报"]
ws.append(["A-9", "P-9", "赵敏", "4111010001", "北京大学", "是", None, "北京市", "数学学院教师党支部",
           "教师党支部", "书记", "是", None, None, None, None, None, None, "待审核", None, None, 75])
ws.append(["A-8", "P-8", "钱进", "4111010001", "北京大学", "是", None, "北京市", "化学学院教师党支部",
           "教师党支部", "书记", "否", None, None, None, None, None, None, "已通过", None, None, 60])
wb.save(sys.argv[2])
"#;

/// Compares the annotated copy (argv 2) with the original (argv 1) sheet by sheet: values,
/// fonts, number formats, fills of the cells not marked, widths, merged cells, frozen panes,
/// drop-downs, hidden sheets; and the marks (argv 3, JSON): fill and note of each.
const OPENPYXL_COMPARE: &str = r#"
import sys, json, openpyxl
orig = openpyxl.load_workbook(sys.argv[1])
copy = openpyxl.load_workbook(sys.argv[2])
marks = json.loads(sys.argv[3])
marked = {(m["sheet"], m["cell"]) for m in marks}
problems = []
def dv(ws):
    return sorted((str(d.sqref), d.type, d.formula1, d.formula2) for d in ws.data_validations.dataValidation)
def widths(ws):
    return sorted((k, v.width, v.hidden) for k, v in ws.column_dimensions.items())
checked = 0
for name in orig.sheetnames:
    a, b = orig[name], copy[name]
    for what, f in [("state", lambda w: w.sheet_state), ("validations", dv), ("widths", widths),
                    ("merged", lambda w: sorted(str(r) for r in w.merged_cells.ranges)),
                    ("freeze", lambda w: w.freeze_panes), ("dimensions", lambda w: w.max_row >= 1)]:
        if f(a) != f(b):
            problems.append([name, what, str(f(a)), str(f(b))])
    for row in a.iter_rows():
        for c in row:
            d = b[c.coordinate]
            checked += 1
            if c.value != d.value or c.data_type != d.data_type:
                problems.append([name, c.coordinate, "value", repr(c.value), repr(d.value)])
            # (openpyxl's style proxies compare as their repr.)
            if any(repr(getattr(c, k)) != repr(getattr(d, k)) for k in ("font", "alignment", "border", "protection")) \
                    or c.number_format != d.number_format:
                problems.append([name, c.coordinate, "format"])
            if (name, c.coordinate) not in marked and repr(c.fill) != repr(d.fill):
                problems.append([name, c.coordinate, "fill"])
found = []
for m in marks:
    c = copy[m["sheet"]][m["cell"]]
    found.append({"fill": c.fill.fgColor.rgb, "pattern": c.fill.fill_type,
                  "note": c.comment.text if c.comment else None, "bold": c.font.b})
print(json.dumps({"sheets": copy.sheetnames, "problems": problems[:20], "marks": found, "checked": checked,
                  "validations": sum(len(copy[n].data_validations.dataValidation) for n in copy.sheetnames),
                  "summary": [[c.value for c in r] for r in copy[copy.sheetnames[0]].iter_rows(max_row=7)]},
                 ensure_ascii=False))
"#;

/// The fill of a cell marked with `s`.
fn fill_of(s: qgx_core::Severity) -> &'static str {
    match s {
        qgx_core::Severity::Error => "FFFFC7CE",
        qgx_core::Severity::Warning => "FFFFEB9C",
        qgx_core::Severity::Info => "FFDDEBF7",
    }
}

/// A template filled by openpyxl, checked and annotated: openpyxl finds everything of the
/// original unchanged (drop-downs, widths, header fonts, values) and each marked cell filled
/// with its note; LibreOffice converts the copy, and what it converts reads as the original.
#[test]
fn the_annotated_copy_of_a_filled_template_keeps_its_formatting() {
    let Some(py) = python() else {
        return skip(
            "the_annotated_copy_of_a_filled_template_keeps_its_formatting",
            "no Python with openpyxl",
        );
    };
    let dir = tmp("annotate-template");
    let template = dir.join("template.xlsx");
    let filled = dir.join("filled.xlsx");
    std::fs::write(
        &template,
        qgx_sheets::write_template(qgx_sheets::Kind::Applications, &stamp()).unwrap(),
    )
    .unwrap();
    run_python(&py, OPENPYXL_FILL, &[&template, &filled]);
    let opts = ReadOptions::default();
    let apps = open(&filled);
    let provs = book::from_bytes("p.csv", "省份,全国推荐名额\n北京市,1\n".into(), &opts).unwrap();
    let (input, source) = qgx_sheets::read_selection(SelectionBooks {
        applications: &apps,
        provinces: Some(&provs),
        registry: None,
        decisions: None,
    })
    .unwrap();
    let result = select(&input, &Ruleset::edition_2024()).unwrap();
    let mut notes = qgx_sheets::Annotation::from_selection(&result, &source);
    notes.retain(|n| n.cell.file == apps.file);
    assert!(!notes.is_empty(), "the filled template gives findings");
    // And one on an empty cell of a filled row, and one on a row no one filled.
    for (row, col) in [(3, 6), (40, 2)] {
        notes.push(qgx_sheets::Annotation {
            cell: qgx_sheets::CellRef {
                file: apps.file.clone(),
                sheet: Some("申报".into()),
                row,
                col,
            },
            severity: qgx_core::Severity::Warning,
            text: format!("[警告] 测试 {row}:{col} <&>"),
        });
    }
    let copy = dir.join("annotated.xlsx");
    let bytes = qgx_sheets::annotate_file(&filled, &opts, &apps, &notes, &result.ruleset).unwrap();
    std::fs::write(&copy, bytes).unwrap();

    // The marks as openpyxl should see them: the worst severity's fill, every message.
    let mut cells: std::collections::BTreeMap<(String, String), (qgx_core::Severity, Vec<String>)> =
        Default::default();
    for n in &notes {
        let e = cells
            .entry((n.cell.sheet.clone().unwrap(), n.cell.a1()))
            .or_insert((n.severity, Vec::new()));
        e.0 = e.0.min(n.severity);
        e.1.push(n.text.clone());
    }
    let marks: Vec<serde_json::Value> = cells
        .keys()
        .map(|(s, c)| serde_json::json!({"sheet": s, "cell": c}))
        .collect();
    let arg = serde_json::to_string(&marks).unwrap();
    let out = Command::new(&py)
        .arg("-c")
        .arg(OPENPYXL_COMPARE)
        .arg(&filled)
        .arg(&copy)
        .arg(&arg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out["problems"], serde_json::json!([]), "{out}");
    assert!(out["checked"].as_u64().unwrap() > 50, "{out}");
    let names: Vec<String> = apps
        .sheets
        .iter()
        .map(|s| s.name.clone().unwrap())
        .collect();
    let mut expected = vec!["检查结果".to_owned()];
    expected.extend(names);
    assert_eq!(out["sheets"], serde_json::json!(expected));
    assert!(out["validations"].as_u64().unwrap() >= 11, "{out}");
    assert_eq!(
        out["summary"][0][0],
        format!("强国行专项行动 · {} 检查结果", apps.file)
    );
    assert_eq!(out["summary"][2][1], serde_json::json!(result.ruleset.hash));
    for (((sheet, cell), (severity, texts)), seen) in
        cells.iter().zip(out["marks"].as_array().unwrap())
    {
        let rgb = fill_of(*severity);
        assert_eq!(seen["fill"], rgb, "{sheet}!{cell}: {seen}");
        assert_eq!(seen["pattern"], "solid", "{sheet}!{cell}");
        assert_eq!(seen["note"], texts.join("\n"), "{sheet}!{cell}");
    }

    // LibreOffice converts the copy (to ODS and to CSV, the first sheet) without error, and
    // what it converts reads as the original after the summary.
    let Some(lo) = soffice() else {
        return skip(
            "the_annotated_copy_of_a_filled_template_keeps_its_formatting",
            "no soffice (LibreOffice)",
        );
    };
    let ods = convert(&lo, &copy, "ods", None, &dir);
    let csv = convert(
        &lo,
        &copy,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
        &dir,
    );
    let first = std::fs::read_to_string(csv).unwrap();
    assert!(first.starts_with("\"强国行专项行动"), "{first}");
    assert!(
        first.contains("\"申报\",\"C40\",\"警告\",\"[警告] 测试 40:2 <&>\""),
        "{first}"
    );
    // LibreOffice sees the notes and fills (saved again as xlsx, openpyxl reads them).
    let lo_dir = dir.join("lo");
    std::fs::create_dir_all(&lo_dir).unwrap();
    let again = convert(&lo, &copy, "xlsx", None, &lo_dir);
    let seen = run_python(
        &py,
        "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])['申报']\n\
         print(sorted(c.coordinate + ' ' + str(c.fill.fgColor.rgb) for r in ws.iter_rows() for c in r if c.comment))",
        &[&again],
    );
    for ((_, cell), (severity, _)) in &cells {
        let rgb = fill_of(*severity);
        assert!(seen.contains(&format!("'{cell} {rgb}'")), "{cell}: {seen}");
    }
    let back = open(&ods);
    assert_eq!(back.sheets[0].name.as_deref(), Some("检查结果"));
    type Cells = Vec<(u32, u32, String)>;
    let text = |b: &Book| -> Vec<(Option<String>, Cells)> {
        b.sheets
            .iter()
            .map(|s| {
                let cells = s
                    .rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(move |(c, v)| (r.number, *c, v.text())))
                    .collect();
                (s.name.clone(), cells)
            })
            .collect()
    };
    assert_eq!(text(&back)[1..], text(&apps)[..]);
}
