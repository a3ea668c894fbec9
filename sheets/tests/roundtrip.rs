//! Round trips (JSON → workbook → the readers → the same input, the same result bytes),
//! templates read back, errors named at their cells, pointers mapped to cells, limits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use qgx_core::{AnnualReport, Ruleset, SelectionInput, check_reports, select};
use qgx_sheets::book::{self, Book, Encoding, Limits, ReadOptions};
use qgx_sheets::{Annotation, Kind, SelectionBooks};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn stamp() -> qgx_core::RulesetStamp {
    Ruleset::edition_2024().stamp()
}

fn read(name: &str, bytes: Vec<u8>) -> Book {
    book::from_bytes(name, bytes, &ReadOptions::default()).unwrap()
}

fn one(book: &Book) -> SelectionBooks<'_> {
    SelectionBooks {
        applications: book,
        provinces: None,
        registry: None,
        decisions: None,
    }
}

fn example() -> SelectionInput {
    let text = std::fs::read_to_string(root().join("examples/selection.json")).unwrap();
    qgx_core::from_json_str(&text).unwrap()
}

fn result_json(input: &SelectionInput) -> String {
    serde_json::to_string_pretty(&select(input, &Ruleset::edition_2024()).unwrap()).unwrap()
}

/// The JSON of `v` with texts trimmed and blank ones left out.
fn blank_is_absent<T: serde::Serialize>(v: &T) -> serde_json::Value {
    fn walk(v: serde_json::Value) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        match v {
            J::String(s) if s.trim().is_empty() => None,
            J::String(s) => Some(J::String(s.trim().to_owned())),
            J::Array(a) => Some(J::Array(a.into_iter().filter_map(walk).collect())),
            J::Object(o) => Some(J::Object(
                o.into_iter()
                    .filter_map(|(k, v)| walk(v).map(|v| (k, v)))
                    .filter(|(_, v)| !v.is_null())
                    .collect(),
            )),
            other => Some(other),
        }
    }
    walk(serde_json::to_value(v).unwrap()).unwrap_or(serde_json::Value::Null)
}

#[test]
fn the_example_selection_round_trips() {
    let input = example();
    let bytes = qgx_sheets::write_selection_input(&input, &stamp()).unwrap();
    let book = read("sel.xlsx", bytes);
    let (back, _) = qgx_sheets::read_selection(one(&book)).unwrap();
    assert_eq!(back, input);
    assert_eq!(result_json(&back), result_json(&input));
}

#[test]
fn the_demo_selection_and_reports_round_trip() {
    let demo = qgx_demo::dataset_with(7, 600);
    let bytes = qgx_sheets::write_selection_input(&demo.selection, &stamp()).unwrap();
    let book = read("demo.xlsx", bytes);
    let (back, _) = qgx_sheets::read_selection(one(&book)).unwrap();
    assert_eq!(back.applications.len(), demo.selection.applications.len());
    // A cell is trimmed and a blank one is absent: the same input but for blank texts (which
    // the rules treat as missing), and the same result bytes.
    for (a, b) in back.applications.iter().zip(&demo.selection.applications) {
        assert_eq!(blank_is_absent(a), blank_is_absent(b), "{}", b.id);
    }
    assert_eq!(blank_is_absent(&back), blank_is_absent(&demo.selection));
    assert_eq!(result_json(&back), result_json(&demo.selection));

    let bytes = qgx_sheets::write_reports_input(&demo.reports, &stamp()).unwrap();
    let book = read("reports.xlsx", bytes);
    let (reports, _) = qgx_sheets::read_reports(&book).unwrap();
    assert_eq!(reports.len(), demo.reports.len());
    for (a, b) in reports.iter().zip(&demo.reports) {
        assert_eq!(
            blank_is_absent(a),
            blank_is_absent(b),
            "{} year {}",
            b.application_id,
            b.cycle_year
        );
    }
    let rs = Ruleset::edition_2024();
    assert_eq!(
        serde_json::to_string(&check_reports(&reports, None, &rs)).unwrap(),
        serde_json::to_string(&check_reports(&demo.reports, None, &rs)).unwrap()
    );
}

#[test]
fn templates_read_back_empty() {
    let t = |k: Kind| {
        read(
            &format!("{}.xlsx", k.name()),
            qgx_sheets::write_template(k, &stamp()).unwrap(),
        )
    };
    let (apps, provs, reg, dec) = (
        t(Kind::Applications),
        t(Kind::Provinces),
        t(Kind::Registry),
        t(Kind::Decisions),
    );
    let names: Vec<_> = apps
        .sheets
        .iter()
        .map(|s| s.name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "填写说明",
            "申报",
            "计划目标",
            "计划活动",
            "计划成果",
            "年度节点",
            "选项"
        ]
    );
    let (input, _) = qgx_sheets::read_selection(SelectionBooks {
        applications: &apps,
        provinces: Some(&provs),
        registry: Some(&reg),
        decisions: Some(&dec),
    })
    .unwrap();
    assert!(input.applications.is_empty() && input.provinces.is_empty());
    // The registry template's sheets are present: the lists are given, and empty.
    let registry = input.registry.unwrap();
    assert_eq!(registry.national_studios, Some(vec![]));
    let (reports, _) = qgx_sheets::read_reports(&t(Kind::Reports)).unwrap();
    assert!(reports.is_empty());
    // The stamp is on the first sheet.
    let first = &apps.sheets[0].rows;
    let cell = |r: usize, c: u32| first[r].get(c).map(book::Value::text);
    assert_eq!(cell(1, 1).as_deref(), Some("2024"));
    assert!(cell(2, 1).unwrap().starts_with("sha256:"));
}

/// An applications workbook built from rows, with the Chinese headers and labels.
fn workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let Ok(n) = v.parse::<f64>() {
                    ws.write_number(r as u32, c as u16, n).unwrap();
                } else if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const HEAD: &[&str] = &[
    "申报编号",
    "人员编号",
    "姓名",
    "学校标识码",
    "学校名称",
    "是否高校",
    "所在省份",
    "支部名称",
    "支部类型",
    "职务",
    "双带头人",
    "学校党委审核",
    "评分",
];

fn app_row<'a>(id: &'a str, merit: &'a str) -> Vec<&'a str> {
    vec![
        id,
        "P-1",
        "王芳",
        "4111010001",
        "北京大学",
        "是",
        "北京市",
        "物理学院教师党支部",
        "教师党支部",
        "书记",
        "是",
        "已通过",
        merit,
    ]
}

fn chinese_book(merit: &str) -> Book {
    read(
        "apps.xlsx",
        workbook(&[
            ("申报", vec![HEAD.to_vec(), app_row("A-1", merit)]),
            (
                "省份",
                vec![vec!["省份", "全国推荐名额"], vec!["北京市", "1"]],
            ),
        ]),
    )
}

#[test]
fn chinese_headers_and_labels_are_read() {
    let (input, _) = qgx_sheets::read_selection(one(&chinese_book("87.5"))).unwrap();
    let a = &input.applications[0];
    assert_eq!(a.branch.kind, qgx_core::BranchKind::Teacher);
    assert_eq!(a.role, qgx_core::Role::Secretary);
    assert_eq!(a.province.code(), "11");
    assert_eq!(a.merit_score, Some(87.5));
    assert_eq!(
        a.university_review.as_ref().map(|r| r.decision),
        Some(qgx_core::ReviewDecision::Approved)
    );
    assert_eq!(a.plan, None);
}

#[test]
fn a_bad_cell_is_named_as_people_find_it() {
    let e = qgx_sheets::read_selection(one(&chinese_book("八十"))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "apps.xlsx: 申报!M2 (merit_score): expected a number from 0 to 100, got 八十"
    );
    assert_eq!(e.cell().unwrap().a1(), "M2");
}

#[test]
fn layout_errors() {
    let b = read(
        "apps.xlsx",
        workbook(&[("申报", vec![vec!["申报编号", "评语"]])]),
    );
    let e = qgx_sheets::read_selection(one(&b)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("apps.xlsx: 申报!B1: unknown column `评语`"),
        "{e}"
    );
    let b = read("apps.xlsx", workbook(&[("申报", vec![vec!["申报编号"]])]));
    let e = qgx_sheets::read_selection(one(&b)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "apps.xlsx: 申报: missing required column `person_id` (人员编号)"
    );
    let b = read(
        "apps.xlsx",
        workbook(&[
            ("申报", vec![HEAD.to_vec()]),
            ("省份", vec![vec!["省份", "全国推荐名额"]]),
            ("计划活码", vec![vec!["申报编号"]]),
        ]),
    );
    let e = qgx_sheets::read_selection(one(&b)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("apps.xlsx: unknown sheet `计划活码`"),
        "{e}"
    );
}

#[test]
fn what_the_core_rejects_is_named_at_its_cell() {
    let b = read(
        "apps.xlsx",
        workbook(&[
            (
                "申报",
                vec![HEAD.to_vec(), app_row("A-1", "80"), app_row("A-1", "70")],
            ),
            (
                "省份",
                vec![vec!["省份", "全国推荐名额"], vec!["北京市", "1"]],
            ),
        ]),
    );
    let (input, source) = qgx_sheets::read_selection(one(&b)).unwrap();
    let e = source.error(&select(&input, &Ruleset::edition_2024()).unwrap_err());
    assert!(
        e.to_string().starts_with("apps.xlsx: 申报!A3 (id): "),
        "{e}"
    );
    let b = read(
        "apps.xlsx",
        workbook(&[
            ("申报", vec![HEAD.to_vec(), app_row("A-1", "80")]),
            (
                "省份",
                vec![vec!["省份", "全国推荐名额"], vec!["北京市", "-1"]],
            ),
        ]),
    );
    let e = qgx_sheets::read_selection(one(&b)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("apps.xlsx: 省份!B2 (national_quota): "),
        "{e}"
    );
}

#[test]
fn findings_point_at_their_cells() {
    let mut input = example();
    // A blank objective and a form the task does not allow.
    let plan = input.applications[2].plan.as_mut().unwrap();
    plan.objectives.tech_empowerment = Some(" ".into());
    plan.activities[1].form = qgx_core::Form::PartyLecture;
    let bytes = qgx_sheets::write_selection_input(&input, &stamp()).unwrap();
    let book = read("sel.xlsx", bytes);
    let (back, source) = qgx_sheets::read_selection(one(&book)).unwrap();
    let id = back.applications[2].id.clone();
    let at = |p: &str| {
        let l = source.locate(p).unwrap();
        format!("{}!{}", l.cell.sheet.clone().unwrap(), l.cell.a1())
    };
    assert_eq!(
        at("/applications/2/plan/objectives/tech_empowerment"),
        "计划目标!D4"
    );
    assert_eq!(at("/applications/2/merit_score"), "申报!V4");
    let l = source
        .locate_application(&id, "/plan/activities/1/form")
        .unwrap();
    assert_eq!(l.cell.sheet.as_deref(), Some("计划活动"));
    assert_eq!(l.column, Some("form"));
    let result = select(&back, &Ruleset::edition_2024()).unwrap();
    let notes = Annotation::from_selection(&result, &source);
    assert!(
        notes
            .iter()
            .any(|n| n.cell.sheet.as_deref() == Some("计划目标")
                && n.cell.a1() == "D4"
                && n.text.contains("objective_missing"))
    );
    // The annotated copy and the results workbook are written and read back.
    let copy = qgx_sheets::annotate(&book, &notes, &result.ruleset).unwrap();
    let copy = read("copy.xlsx", copy);
    assert_eq!(copy.sheets[0].name.as_deref(), Some("检查结果"));
    let res = qgx_sheets::write_selection_results(&back, &result, Some(&source)).unwrap();
    let res = read("res.xlsx", res);
    let names: Vec<_> = res.sheets.iter().map(|s| s.name.clone().unwrap()).collect();
    assert_eq!(
        names,
        ["省份汇总", "推荐名单", "全部申报", "问题清单", "合规"]
    );
}

#[test]
fn report_pointers_map_to_activity_rows() {
    let text = std::fs::read_to_string(root().join("examples/report.json")).unwrap();
    let mut report: AnnualReport = qgx_core::from_json_str(&text).unwrap();
    report.tasks.party_building.as_mut().unwrap().activities[0].description = "短".into();
    let bytes = qgx_sheets::write_reports_input(&[report.clone()], &stamp()).unwrap();
    let book = read("r.xlsx", bytes);
    let (back, source) = qgx_sheets::read_reports(&book).unwrap();
    assert_eq!(back, vec![report]);
    let checks = check_reports(&back, None, &Ruleset::edition_2024());
    let f = checks[0]
        .findings
        .iter()
        .find(|f| f.code.as_str() == "description_too_short")
        .unwrap();
    let l = source.locate_report(0, &f.path).unwrap();
    assert_eq!(l.cell.sheet.as_deref(), Some("活动"));
    assert_eq!(l.column, Some("description"));
    assert_eq!(l.cell.row, 2);
    let out = qgx_sheets::write_report_results(&checks, Some(&source)).unwrap();
    assert!(read("out.xlsx", out).sheets.len() == 2);
}

#[test]
fn the_csv_examples_read_as_the_json() {
    let opts = ReadOptions::default();
    let apps = book::open(&root().join("examples/csv/applications.csv"), &opts).unwrap();
    let provs = book::open(&root().join("examples/csv/provinces.csv"), &opts).unwrap();
    let decs = book::open(&root().join("examples/csv/decisions.csv"), &opts).unwrap();
    let (mut input, _) = qgx_sheets::read_selection(SelectionBooks {
        applications: &apps,
        provinces: Some(&provs),
        registry: None,
        decisions: Some(&decs),
    })
    .unwrap();
    let reg = std::fs::read_to_string(root().join("examples/csv/registry.json")).unwrap();
    input.registry = Some(qgx_core::from_json_str(&reg).unwrap());
    assert_eq!(result_json(&input), result_json(&example()));
}

#[test]
fn gb18030_csv_with_chinese_headers() {
    let text = format!("{}\n{}\n", HEAD.join(","), app_row("A-1", "90").join(","));
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let apps = book::from_bytes("apps.csv", bytes.into_owned(), &ReadOptions::default()).unwrap();
    let provs = read("p.csv", "省份,全国推荐名额\n11,1\n".into());
    let (input, _) = qgx_sheets::read_selection(SelectionBooks {
        applications: &apps,
        provinces: Some(&provs),
        registry: None,
        decisions: None,
    })
    .unwrap();
    assert_eq!(input.applications[0].name.as_deref(), Some("王芳"));
    let e = book::from_bytes(
        "apps.csv",
        encoding_rs::GB18030.encode(&text).0.into_owned(),
        &ReadOptions {
            encoding: Encoding::Utf8,
            limits: Limits::default(),
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("not UTF-8"), "{e}");
}

#[test]
fn formulas_are_never_written() {
    let mut input = example();
    input.applications[0].name = Some("=HYPERLINK(\"http://x\",\"点我\")".into());
    input.applications[1].name = Some("+1".into());
    let bytes = qgx_sheets::write_selection_input(&input, &stamp()).unwrap();
    let (back, _) = qgx_sheets::read_selection(one(&read("f.xlsx", bytes.clone()))).unwrap();
    assert_eq!(back.applications[0].name, input.applications[0].name);
    // No formula element anywhere in the sheets' XML.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap_or_default();
        if f.name().starts_with("xl/worksheets/") {
            assert!(!s.contains("<f>") && !s.contains("<f "), "{}", f.name());
        }
    }
}

/// An xlsx whose first sheet's XML is replaced by `xml`.
fn with_sheet_xml(xml: &[u8]) -> Vec<u8> {
    let base = workbook(&[("申报", vec![vec!["申报编号"]])]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_owned();
        out.start_file(name.as_str(), opts).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            std::io::Write::write_all(&mut out, xml).unwrap();
        } else {
            std::io::copy(&mut f, &mut out).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused() {
    let mut xml = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet><!--".to_vec();
    xml.extend(std::iter::repeat_n(b' ', 8 << 20));
    xml.extend(b"-->");
    let bytes = with_sheet_xml(&xml);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let opts = ReadOptions {
        encoding: Encoding::Auto,
        limits: Limits {
            max_unzipped_bytes: 4 << 20,
            ..Limits::default()
        },
    };
    let e = book::from_bytes("bomb.xlsx", bytes, &opts).unwrap_err();
    assert!(e.is_limit(), "{e}");
    assert!(e.to_string().contains("decompresses to more than"), "{e}");
}

#[test]
fn a_million_row_sheet_is_refused_while_streaming() {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for r in 1..=1_000_000u32 {
        xml.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"));
    }
    xml.push_str("</sheetData></worksheet>");
    let bytes = with_sheet_xml(xml.as_bytes());
    let e = book::from_bytes("big.xlsx", bytes, &ReadOptions::default()).unwrap_err();
    assert!(e.is_limit(), "{e}");
    assert_eq!(
        e.to_string(),
        "big.xlsx: 申报: more than 200000 rows (the limit): refused"
    );
}
