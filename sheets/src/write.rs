//! Workbooks out: templates, inputs, results and annotated copies, with `rust_xlsxwriter`.
//!
//! Every workbook carries the ruleset stamp (edition, hash, engine) on its first sheet. Every
//! text is written as a string cell, never a formula (`=SUM(…)` typed in an input comes back
//! as the text `=SUM(…)`); CSV out goes through [`csv_safe`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use qgx_core::{
    AnnualReport, ApplicationResult, Finding, ReportCheck, RulesetStamp, SelectionInput,
    SelectionResult, Severity, Task,
};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula, Note,
    Workbook, Worksheet, XlsxError,
};
use serde_json::Value as Json;

use crate::book::{Book, Value};
use crate::columns::{
    ACTIVITIES, APPLICATIONS, BRANCHES, Column, DECISIONS, Kind, MILESTONES, OUTPUTS,
    PLAN_ACTIVITIES, PLAN_OBJECTIVES, PLAN_OUTPUTS, PROVINCES, REPORTS, STUDIOS, SheetSpec, Ty,
    UNIVERSITY_QUOTAS,
};
use crate::error::{CellRef, Error, ErrorKind};
use crate::locate::{Located, Source};
use crate::vocab::{Enumeration, report_state_zh, severity_zh};

/// Excel's limit on a cell's text.
const MAX_CELL_CHARS: usize = 32_000;
/// Rows of a template that get drop-downs.
const TEMPLATE_ROWS: u32 = 5_000;

fn xlsx_error(file: &str, e: &XlsxError) -> Error {
    Error::new(
        ErrorKind::Io,
        file,
        format!("cannot write the workbook: {e}"),
    )
}

/// A text that is safe in a CSV opened by a spreadsheet: one starting with `=`, `+`, `-` or
/// `@` (or a tab or carriage return) gets a leading `'`, so that it is shown as text and never
/// run as a formula.
pub fn csv_safe(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes rows as CSV (UTF-8 with a BOM, so that Excel opens it as UTF-8), every cell through
/// [`csv_safe`].
///
/// # Errors
/// [`ErrorKind::Io`] when the CSV cannot be made.
pub fn write_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        w.write_record(row.iter().map(|c| csv_safe(c).into_owned()))
            .map_err(|e| Error::new(ErrorKind::Io, "csv", e.to_string()))?;
    }
    w.into_inner()
        .map_err(|e| Error::new(ErrorKind::Io, "csv", e.to_string()))
}

/// Shared formats.
struct Styles {
    title: Format,
    header: Format,
    required: Format,
    text: Format,
    wrap: Format,
    number: Format,
    score: Format,
    error: Format,
    warning: Format,
    info: Format,
    section: Format,
    center: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7))
                    .set_align(FormatAlign::Center)
                    .set_text_wrap(),
            ),
            required: border(
                Format::new()
                    .set_bold()
                    .set_font_color(Color::RGB(0xC00000))
                    .set_background_color(Color::RGB(0xDDEBF7))
                    .set_align(FormatAlign::Center)
                    .set_text_wrap(),
            ),
            text: Format::new().set_num_format("@"),
            wrap: border(Format::new().set_text_wrap()),
            number: border(Format::new()),
            score: border(Format::new().set_num_format("0.00")),
            error: Format::new().set_background_color(Color::RGB(0xFFC7CE)),
            warning: Format::new().set_background_color(Color::RGB(0xFFEB9C)),
            info: Format::new().set_background_color(Color::RGB(0xDDEBF7)),
            section: Format::new().set_bold().set_font_size(12),
            center: border(Format::new().set_align(FormatAlign::Center)),
        }
    }
}

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
enum Out {
    Text(String),
    Number(f64),
    /// A number shown with two decimals (merit, scores).
    Decimal(f64),
}

fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Out,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (v, format) {
        (Out::Text(s), f) => {
            let s: String = if s.chars().count() > MAX_CELL_CHARS {
                s.chars().take(MAX_CELL_CHARS).chain("…".chars()).collect()
            } else {
                s.clone()
            };
            match f {
                Some(f) => ws.write_string_with_format(row, col, s, f)?,
                None => ws.write_string(row, col, s)?,
            };
        }
        (Out::Number(n) | Out::Decimal(n), Some(f)) => {
            ws.write_number_with_format(row, col, *n, f)?;
        }
        (Out::Number(n) | Out::Decimal(n), None) => {
            ws.write_number(row, col, *n)?;
        }
    }
    Ok(())
}

fn text(s: impl Into<String>) -> Out {
    Out::Text(s.into())
}

fn col16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Writes the stamp at the top of a first sheet; returns the next free row.
fn stamp_rows(
    ws: &mut Worksheet,
    st: &Styles,
    title: &str,
    stamp: &RulesetStamp,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(0, 0, title, &st.title)?;
    ws.write_string(1, 0, "规则版本 (edition)")?;
    ws.write_string(1, 1, stamp.edition.as_str())?;
    ws.write_string(2, 0, "规则哈希 (hash)")?;
    ws.write_string(2, 1, stamp.hash.as_str())?;
    ws.write_string(3, 0, "引擎版本 (engine)")?;
    ws.write_string(3, 1, stamp.engine.as_str())?;
    Ok(5)
}

/// A second stamp, `label`led, from row `top` (a comparison carries two).
fn stamp_rows_at(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    label: &str,
    stamp: &RulesetStamp,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(top, 0, label, &st.title)?;
    ws.write_string(top + 1, 0, "规则版本 (edition)")?;
    ws.write_string(top + 1, 1, stamp.edition.as_str())?;
    ws.write_string(top + 2, 0, "规则哈希 (hash)")?;
    ws.write_string(top + 2, 1, stamp.hash.as_str())?;
    Ok(top + 4)
}

fn header(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    names: &[&str],
    widths: &[f64],
) -> Result<(), XlsxError> {
    for (i, name) in names.iter().enumerate() {
        ws.write_string_with_format(row, col16(i), *name, &st.header)?;
        if let Some(w) = widths.get(i) {
            ws.set_column_width(col16(i), *w)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Data workbooks: templates and inputs (what the readers read).

/// The value of `column` at its pointer in `doc`, as the sheet shows it.
fn cell_of(doc: &Json, column: &Column) -> Option<Out> {
    let v = if column.pointer.is_empty() {
        doc.get(column.key)?
    } else {
        doc.pointer(column.pointer)?
    };
    match (v, column.ty) {
        (Json::Null, _) => None,
        (Json::Bool(b), _) => Some(text(if *b { "是" } else { "否" })),
        (Json::String(s), Ty::Enum(e)) => Some(text(e.label(s))),
        (Json::String(s), _) => Some(text(s.clone())),
        (Json::Number(n), _) => n.as_f64().map(Out::Number),
        (Json::Array(items), Ty::List) => {
            let items: Vec<&str> = items.iter().filter_map(Json::as_str).collect();
            let plain = items
                .iter()
                .all(|s| !s.contains(['\n', ';', '；']) && s.trim() == *s && !s.is_empty())
                && !items.first().is_some_and(|s| s.starts_with('['));
            Some(text(if plain {
                items.join("\n")
            } else {
                serde_json::to_string(&items).unwrap_or_default()
            }))
        }
        (other, _) => Some(text(other.to_string())),
    }
}

/// One data sheet: its spec and its rows (each a value per template column).
struct DataSheet {
    spec: &'static SheetSpec,
    rows: Vec<Vec<Option<Out>>>,
}

fn template_columns(spec: &'static SheetSpec) -> Vec<&'static Column> {
    spec.columns.iter().filter(|c| c.in_template).collect()
}

fn enumerations(sheets: &[DataSheet]) -> Vec<Enumeration> {
    let mut out = Vec::new();
    for s in sheets {
        for c in template_columns(s.spec) {
            if let Ty::Enum(e) = c.ty {
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
    }
    out
}

/// A workbook of data sheets with 填写说明 first and the drop-down lists in a hidden 选项.
fn data_workbook(
    title: &str,
    stamp: &RulesetStamp,
    sheets: &[DataSheet],
) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();

    // 填写说明
    let mut help = Worksheet::new();
    help.set_name("填写说明")?;
    let mut r = stamp_rows(&mut help, &st, title, stamp)?;
    help.write_string(r, 0, "红色列名为必填；枚举列可从下拉列表选择中文选项，也接受英文取值（如 teacher）。日期写作 2024-07-15，时间写作 2024-07-20 10:00（未注明时区按北京时间）。")?;
    r += 2;
    header(
        &mut help,
        &st,
        r,
        &["工作表", "列名", "英文列名", "必填", "填写要求", "说明"],
        &[14.0, 16.0, 20.0, 6.0, 48.0, 60.0],
    )?;
    r += 1;
    for s in sheets {
        help.write_string_with_format(
            r,
            0,
            format!("{}（{}）", s.spec.zh, s.spec.en),
            &st.section,
        )?;
        help.write_string(r, 5, s.spec.help)?;
        r += 1;
        for c in template_columns(s.spec) {
            help.write_string(r, 0, s.spec.zh)?;
            help.write_string(r, 1, c.zh)?;
            help.write_string(r, 2, c.key)?;
            help.write_string(r, 3, if c.required { "是" } else { "" })?;
            help.write_string_with_format(r, 4, c.ty.expected_zh(), &st.wrap)?;
            help.write_string_with_format(r, 5, c.help, &st.wrap)?;
            r += 1;
        }
    }
    wb.push_worksheet(help);

    // 选项 (hidden): one column per enumeration, for the drop-downs.
    let enums = enumerations(sheets);
    let mut lists: BTreeMap<usize, String> = BTreeMap::new();
    let mut options = Worksheet::new();
    options.set_name("选项")?;
    for (i, e) in enums.iter().enumerate() {
        let choices = e.choices();
        options.write_string(0, col16(i), format!("{e:?}"))?;
        for (j, c) in choices.iter().enumerate() {
            options.write_string(row32(j + 1), col16(i), c.zh.as_str())?;
        }
        let letters = crate::error::column_letters(row32(i));
        lists.insert(
            i,
            format!("=选项!${letters}$2:${letters}${}", choices.len() + 1),
        );
    }
    options.set_hidden(true);

    for s in sheets {
        let mut ws = Worksheet::new();
        ws.set_name(s.spec.zh)?;
        let cols = template_columns(s.spec);
        for (i, c) in cols.iter().enumerate() {
            let f = if c.required { &st.required } else { &st.header };
            ws.write_string_with_format(0, col16(i), c.zh, f)?;
            let width = match c.ty {
                Ty::Text
                    if c.key.contains("description")
                        || c.key == "summary"
                        || c.key.contains("objective") =>
                {
                    40.0
                }
                Ty::Text | Ty::List | Ty::Timestamp => 22.0,
                Ty::Enum(Enumeration::Form) | Ty::Enum(Enumeration::PartnerKind) => 24.0,
                _ => 14.0,
            };
            ws.set_column_width(col16(i), width)?;
            if matches!(c.ty, Ty::Text | Ty::Date | Ty::Timestamp | Ty::List) {
                ws.set_column_format(col16(i), &st.text)?;
            }
            let tip = format!("{}：{}", c.zh, c.help);
            let tip: String = tip.chars().take(250).collect();
            let title: String = c.zh.chars().take(30).collect();
            let dv = match c.ty {
                Ty::Enum(e) => {
                    let at = enums.iter().position(|x| *x == e);
                    at.and_then(|a| lists.get(&a)).map(|f| {
                        DataValidation::new()
                            .allow_list_formula(Formula::new(f.as_str()))
                            .set_error_message(
                                format!("请从下拉列表选择（{}）", e.label(""))
                                    .chars()
                                    .take(200)
                                    .collect::<String>(),
                            )
                    })
                }
                Ty::Number { min, max } => Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::Between(min, max))
                        .set_error_message(format!("请填写 {min}–{max} 的数字")),
                ),
                _ => None,
            };
            if let Some(Ok(dv)) = dv {
                let dv = dv
                    .set_input_title(title)
                    .and_then(|d| d.set_input_message(tip));
                if let Ok(dv) = dv {
                    ws.add_data_validation(1, col16(i), TEMPLATE_ROWS, col16(i), &dv)?;
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in s.rows.iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                if let Some(v) = v {
                    put(&mut ws, row32(r + 1), col16(i), v, None)?;
                }
            }
        }
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(options);
    Ok(wb)
}

fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Applications => "强国行专项行动 · 申报表（含计划书）",
        Kind::Provinces => "强国行专项行动 · 省份名额设置",
        Kind::Decisions => "强国行专项行动 · 专项行动办备案审核结果",
        Kind::Registry => "强国行专项行动 · 官方名单（全国工作室、样板支部）",
        Kind::Reports => "强国行专项行动 · 年度开展情况报告",
    }
}

/// An empty workbook of `kind`: Chinese headers (required ones in red), a 填写说明 sheet
/// describing every column, and a drop-down for every enumerated column. What it writes, the
/// readers read back.
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn write_template(kind: Kind, stamp: &RulesetStamp) -> Result<Vec<u8>, Error> {
    let sheets: Vec<DataSheet> = kind
        .sheets()
        .iter()
        .map(|spec| DataSheet {
            spec,
            rows: Vec::new(),
        })
        .collect();
    data_workbook(kind_title(kind), stamp, &sheets)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error(kind.name(), &e))
}

fn rows_of(spec: &'static SheetSpec, docs: &[Json]) -> DataSheet {
    let cols = template_columns(spec);
    DataSheet {
        spec,
        rows: docs
            .iter()
            .map(|d| cols.iter().map(|c| cell_of(d, c)).collect())
            .collect(),
    }
}

fn keyed(id: &str, key: &str, extra: &[(&str, Json)], doc: &Json) -> Json {
    let mut obj = doc.as_object().cloned().unwrap_or_default();
    obj.insert(key.into(), Json::from(id));
    for (k, v) in extra {
        obj.insert((*k).into(), v.clone());
    }
    Json::Object(obj)
}

/// A filled workbook of a selection input (申报, the plan's sheets, 省份, 高校名额, 备案审核 and,
/// when given, 全国工作室 and 样板支部): the readers read it back to the same input.
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn write_selection_input(
    input: &SelectionInput,
    stamp: &RulesetStamp,
) -> Result<Vec<u8>, Error> {
    let fail = |e: String| Error::new(ErrorKind::Io, "selection", e);
    let doc = serde_json::to_value(input).map_err(|e| fail(e.to_string()))?;
    let empty = Vec::new();
    let list = |v: Option<&Json>| v.and_then(Json::as_array).cloned().unwrap_or_default();
    let apps = list(doc.get("applications"));
    let mut objectives = Vec::new();
    let mut activities = Vec::new();
    let mut outputs = Vec::new();
    let mut milestones = Vec::new();
    for app in &apps {
        let id = app.get("id").and_then(Json::as_str).unwrap_or_default();
        let Some(plan) = app.get("plan") else {
            continue;
        };
        objectives.push(keyed(id, "application_id", &[], plan));
        for a in plan
            .get("activities")
            .and_then(Json::as_array)
            .unwrap_or(&empty)
        {
            activities.push(keyed(id, "application_id", &[], a));
        }
        for o in plan
            .get("outputs")
            .and_then(Json::as_array)
            .unwrap_or(&empty)
        {
            outputs.push(keyed(id, "application_id", &[], o));
        }
        if let Some(m) = plan.get("milestones").and_then(Json::as_object) {
            for (year, text) in m {
                milestones.push(
                    serde_json::json!({ "application_id": id, "year": year, "milestone": text }),
                );
            }
        }
    }
    let provinces = list(doc.get("provinces"));
    let mut quotas = Vec::new();
    for p in &provinces {
        let code = p.get("province").cloned().unwrap_or(Json::Null);
        if let Some(q) = p.get("university_quotas").and_then(Json::as_object) {
            for (inst, n) in q {
                quotas.push(serde_json::json!({ "province": code, "code": inst, "quota": n }));
            }
        }
    }
    let decisions: Vec<Json> = doc
        .get("office_decisions")
        .and_then(Json::as_object)
        .map(|m| {
            m.iter()
                .map(|(id, d)| serde_json::json!({ "id": id, "decision": d }))
                .collect()
        })
        .unwrap_or_default();
    let mut sheets = vec![
        rows_of(&APPLICATIONS, &apps),
        rows_of(&PLAN_OBJECTIVES, &objectives),
        rows_of(&PLAN_ACTIVITIES, &activities),
        rows_of(&PLAN_OUTPUTS, &outputs),
        rows_of(&MILESTONES, &milestones),
        rows_of(&PROVINCES, &provinces),
        rows_of(&UNIVERSITY_QUOTAS, &quotas),
        rows_of(&DECISIONS, &decisions),
    ];
    if let Some(reg) = doc.get("registry") {
        if let Some(s) = reg.get("national_studios").and_then(Json::as_array) {
            sheets.push(rows_of(&STUDIOS, s));
        }
        if let Some(b) = reg.get("national_model_branches").and_then(Json::as_array) {
            sheets.push(rows_of(&BRANCHES, b));
        }
    }
    data_workbook("强国行专项行动 · 遴选数据", stamp, &sheets)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error("selection", &e))
}

/// A filled workbook of annual reports (报告, 活动, 成果); the readers read it back to the
/// same reports.
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn write_reports_input(
    reports: &[AnnualReport],
    stamp: &RulesetStamp,
) -> Result<Vec<u8>, Error> {
    let mut main = Vec::new();
    let mut activities = Vec::new();
    let mut outputs = Vec::new();
    for r in reports {
        let doc = serde_json::to_value(r)
            .map_err(|e| Error::new(ErrorKind::Io, "reports", e.to_string()))?;
        // Activities and outputs name their report by its number (a year may have several).
        let report_id = format!("R{:04}", main.len() + 1);
        let mut doc = doc;
        if let Json::Object(o) = &mut doc {
            o.insert("report_id".into(), Json::from(report_id.as_str()));
        }
        let extra = [
            ("cycle_year", Json::from(r.cycle_year)),
            ("application_id", Json::from(r.application_id.as_str())),
            ("report_id", Json::from(report_id.as_str())),
        ];
        for task in Task::ALL {
            let Some(t) = doc.pointer(&format!("/tasks/{}", task.as_str())) else {
                continue;
            };
            let extra_t: Vec<(&str, Json)> = extra
                .iter()
                .cloned()
                .chain(std::iter::once(("task", Json::from(task.as_str()))))
                .collect();
            for a in t
                .get("activities")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                activities.push(keyed(&r.application_id, "application_id", &extra_t, a));
            }
            for o in t
                .get("outputs")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                outputs.push(keyed(&r.application_id, "application_id", &extra_t, o));
            }
        }
        main.push(doc);
    }
    // Activities and outputs are keyed by (申报编号, 年度, 任务): their own columns, not pointers.
    let keyed_rows = |spec: &'static SheetSpec, docs: &[Json]| -> DataSheet {
        let cols = template_columns(spec);
        DataSheet {
            spec,
            rows: docs
                .iter()
                .map(|d| {
                    cols.iter()
                        .map(|c| match c.key {
                            "application_id" => {
                                d.get("application_id").and_then(Json::as_str).map(text)
                            }
                            "cycle_year" => {
                                d.get("cycle_year").and_then(Json::as_f64).map(Out::Number)
                            }
                            "task" => d
                                .get("task")
                                .and_then(Json::as_str)
                                .map(|t| text(Enumeration::Task.label(t))),
                            _ => cell_of(d, c),
                        })
                        .collect()
                })
                .collect(),
        }
    };
    let sheets = vec![
        rows_of(&REPORTS, &main),
        keyed_rows(&ACTIVITIES, &activities),
        keyed_rows(&OUTPUTS, &outputs),
    ];
    data_workbook(kind_title(Kind::Reports), stamp, &sheets)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error("reports", &e))
}

// ---------------------------------------------------------------------------------------------
// Results.

/// The finding that decided an application's outcome: the first under its `outcome_rule`,
/// errors before warnings before information; `None` when that clause left none.
pub(crate) fn deciding(a: &ApplicationResult) -> Option<&Finding> {
    a.findings
        .iter()
        .filter(|f| f.rule == a.outcome_rule)
        .min_by_key(|f| f.severity)
}

fn yes(b: bool) -> Out {
    text(if b { "是" } else { "" })
}

fn place(l: Option<&Located>) -> (Out, Out) {
    match l {
        Some(l) => (
            text(l.cell.sheet.clone().unwrap_or_else(|| l.cell.file.clone())),
            text(match &l.cell.sheet {
                Some(_) => l.cell.a1(),
                None => format!("{}:{}", l.cell.row, l.cell.col + 1),
            }),
        ),
        None => (text(""), text("")),
    }
}

fn write_table(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    names: &[&str],
    widths: &[f64],
    rows: &[Vec<Out>],
) -> Result<u32, XlsxError> {
    header(ws, st, top, names, widths)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let f = match v {
                Out::Decimal(_) => &st.score,
                Out::Number(n) if n.fract() != 0.0 => &st.score,
                Out::Number(_) => &st.number,
                Out::Text(t) if t == "是" || t == "否" => &st.center,
                Out::Text(_) => &st.wrap,
            };
            put(ws, top + 1 + row32(r), col16(c), v, Some(f))?;
        }
    }
    Ok(top + 1 + row32(rows.len()))
}

fn opt_num(n: Option<u32>) -> Out {
    n.map_or_else(|| text(""), |n| Out::Number(f64::from(n)))
}

/// The results of a selection as a workbook: 省份汇总 (with the stamp), 推荐名单 (per province,
/// as the office files it), 全部申报, 问题清单 (every finding with its sheet and cell when the
/// input came from sheets) and 合规 (R-MANDATORY).
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn write_selection_results(
    input: &SelectionInput,
    result: &SelectionResult,
    source: Option<&Source>,
) -> Result<Vec<u8>, Error> {
    selection_workbook(input, result, source)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error("results", &e))
}

fn selection_workbook(
    input: &SelectionInput,
    result: &SelectionResult,
    source: Option<&Source>,
) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let apps: BTreeMap<&str, &qgx_core::Application> = input
        .applications
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();

    // 省份汇总
    let mut ws = Worksheet::new();
    ws.set_name("省份汇总")?;
    let top = stamp_rows(&mut ws, &st, "强国行专项行动 · 遴选结果", &result.ruleset)?;
    let names = [
        "省份代码",
        "省份",
        "候选人数",
        "全国名额",
        "已用名额",
        "不占名额",
        "优先推荐",
        "已推荐",
        "待备案审核",
        "备案未通过",
        "全国团队",
        "省级名额",
        "省级团队",
        "省级候选",
        "未入选",
        "末位入选",
        "首位未入选",
        "名额线并列",
        "名单逾期",
        "省份提示",
    ];
    let mut rows = Vec::new();
    let mut totals = [0u32; 11];
    for p in &result.provinces {
        let counts = [
            p.candidates,
            p.national_quota,
            p.places_used,
            p.exempt,
            p.priority,
            p.recommended,
            p.pending_review,
            p.rejected,
            p.national_team,
            p.provincial_team,
            p.provincial_candidates,
        ];
        for (t, c) in totals.iter_mut().zip(counts) {
            *t += c;
        }
        let cut = |e: &Option<qgx_core::CutEntry>| {
            text(
                e.as_ref()
                    .map_or_else(String::new, |e| format!("{}（{:.2}）", e.id, e.merit)),
            )
        };
        let ties: Vec<&str> = p
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "tie_at_cut_line")
            .map(|f| f.message.zh.as_str())
            .collect();
        let notes: Vec<String> = p
            .findings
            .iter()
            .map(|f| format!("[{}] {}", severity_zh(f.severity), f.message.zh))
            .collect();
        let mut row: Vec<Out> = vec![text(p.province.code()), text(p.name.as_str())];
        row.extend(counts.iter().take(10).map(|c| Out::Number(f64::from(*c))));
        // 省级名额 sits between 全国团队 and 省级团队.
        let provincial_team = row.pop().unwrap_or(text(""));
        row.push(
            p.provincial_quota
                .map_or_else(|| text("未定"), |q| Out::Number(f64::from(q))),
        );
        row.push(provincial_team);
        row.push(Out::Number(f64::from(p.provincial_candidates)));
        row.push(Out::Number(f64::from(p.not_selected)));
        row.push(cut(&p.cut_line.last_in));
        row.push(cut(&p.cut_line.first_out));
        row.push(text(ties.join("\n")));
        row.push(text(if p.late { "是" } else { "否" }));
        row.push(text(notes.join("\n")));
        rows.push(row);
    }
    let not_selected: u32 = result.provinces.iter().map(|p| p.not_selected).sum();
    let mut total: Vec<Out> = vec![text(""), text("全国合计")];
    total.extend(totals.iter().take(10).map(|c| Out::Number(f64::from(*c))));
    let provincial_team = total.pop().unwrap_or(text(""));
    total.push(text(""));
    total.push(provincial_team);
    total.push(Out::Number(f64::from(totals[10])));
    total.push(Out::Number(f64::from(not_selected)));
    rows.push(total);
    let widths = [
        8.0, 16.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 10.0, 10.0, 8.0, 8.0, 8.0, 8.0, 8.0, 18.0, 18.0,
        30.0, 8.0, 50.0,
    ];
    write_table(&mut ws, &st, top, &names, &widths, &rows)?;
    ws.set_freeze_panes(top + 1, 2)?;
    wb.push_worksheet(ws);

    // 推荐名单: per province, exempt first, then by rank.
    let mut ws = Worksheet::new();
    ws.set_name("推荐名单")?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let widths = [6.0, 10.0, 22.0, 30.0, 9.0, 9.0, 8.0, 34.0];
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(col16(i), *w)?;
    }
    let mut r = 0u32;
    let mut breaks = Vec::new();
    for p in &result.provinces {
        let mut list: Vec<&ApplicationResult> = result
            .applications
            .iter()
            .filter(|a| a.province == p.province && a.recommended)
            .collect();
        list.sort_by(|a, b| {
            (!a.quota_exempt, a.rank.unwrap_or(u32::MAX), a.id.as_str()).cmp(&(
                !b.quota_exempt,
                b.rank.unwrap_or(u32::MAX),
                b.id.as_str(),
            ))
        });
        if r > 0 {
            breaks.push(r);
        }
        ws.write_string_with_format(
            r,
            0,
            format!(
                "{} 推荐名单（全国推荐名额 {}，已用 {}，不占名额 {}，共 {} 人）",
                p.name,
                p.national_quota,
                p.places_used,
                p.exempt,
                list.len()
            ),
            &st.section,
        )?;
        r += 1;
        let rows: Vec<Vec<Out>> = list
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let app = apps.get(a.id.as_str());
                let name = app
                    .and_then(|x| x.name.clone())
                    .unwrap_or_else(|| a.id.clone());
                let school = app
                    .map(|x| {
                        x.institution
                            .name
                            .clone()
                            .unwrap_or_else(|| x.institution.code.clone())
                    })
                    .unwrap_or_default();
                let branch = app.and_then(|x| x.branch.name.clone()).unwrap_or_default();
                let mut notes = vec![a.outcome.label_zh().to_owned()];
                if a.outcome != qgx_core::Outcome::NationalTeam
                    && a.outcome != qgx_core::Outcome::Recommended
                {
                    notes.insert(0, "备案未通过".to_owned());
                }
                if a.findings
                    .iter()
                    .any(|f| f.code.as_str() == "merit_from_plan_score")
                {
                    notes.push("评分为计划书得分".to_owned());
                }
                vec![
                    Out::Number(f64::from(row32(i + 1))),
                    text(name),
                    text(school),
                    text(branch),
                    yes(a.quota_exempt),
                    yes(a.priority),
                    Out::Decimal(a.merit),
                    text(notes.join("；")),
                ]
            })
            .collect();
        r = write_table(
            &mut ws,
            &st,
            r,
            &[
                "序号",
                "姓名",
                "学校",
                "支部",
                "不占名额",
                "优先推荐",
                "评分",
                "备注",
            ],
            &widths,
            &rows,
        )?;
        r += 1;
    }
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    wb.push_worksheet(ws);

    // 全部申报
    let mut ws = Worksheet::new();
    ws.set_name("全部申报")?;
    let rows: Vec<Vec<Out>> = result
        .applications
        .iter()
        .map(|a| {
            let app = apps.get(a.id.as_str());
            let why = deciding(a).map_or_else(String::new, |f| f.message.zh.clone());
            let errors = a
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let warnings = a
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count();
            vec![
                text(a.id.as_str()),
                text(app.map(|x| x.person_id.clone()).unwrap_or_default()),
                text(app.and_then(|x| x.name.clone()).unwrap_or_default()),
                text(
                    app.map(|x| {
                        x.institution
                            .name
                            .clone()
                            .unwrap_or_else(|| x.institution.code.clone())
                    })
                    .unwrap_or_default(),
                ),
                text(a.province.name_zh()),
                text(a.outcome.label_zh()),
                text(a.outcome.as_str()),
                text(a.outcome_rule.id()),
                opt_num(a.rank),
                Out::Decimal(a.merit),
                yes(a.recommended),
                yes(a.quota_exempt),
                yes(a.priority),
                text(why),
                Out::Number(f64::from(row32(errors))),
                Out::Number(f64::from(row32(warnings))),
            ]
        })
        .collect();
    let end = write_table(
        &mut ws,
        &st,
        0,
        &[
            "申报编号",
            "人员编号",
            "姓名",
            "学校",
            "省份",
            "结果",
            "结果代码",
            "依据条款",
            "排名",
            "评分",
            "已推荐",
            "不占名额",
            "优先推荐",
            "判定依据",
            "错误数",
            "警告数",
        ],
        &[
            12.0, 12.0, 10.0, 22.0, 12.0, 18.0, 16.0, 12.0, 6.0, 8.0, 7.0, 8.0, 8.0, 60.0, 7.0, 7.0,
        ],
        &rows,
    )?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, end.saturating_sub(1).max(1), 15)?;
    wb.push_worksheet(ws);

    // 问题清单
    let mut rows = Vec::new();
    for a in &result.applications {
        for f in &a.findings {
            let l = source.and_then(|s| s.locate_application(&a.id, &f.path));
            rows.push(issue_row(&format!("申报 {}", a.id), l.as_ref(), f));
        }
    }
    for p in &result.provinces {
        for f in &p.findings {
            let l = source.and_then(|s| s.locate_province(p.province.code(), &f.path));
            rows.push(issue_row(&format!("省份 {}", p.name), l.as_ref(), f));
        }
    }
    for c in &result.compliance {
        let l = source.and_then(|s| s.locate_person(&c.person_id));
        let f = Finding {
            rule: c.rule,
            code: c.code,
            severity: c.severity,
            path: c.path.clone(),
            message: c.message.clone(),
        };
        rows.push(issue_row(&format!("人员 {}", c.person_id), l.as_ref(), &f));
    }
    let mut ws = Worksheet::new();
    ws.set_name("问题清单")?;
    issues_sheet(&mut ws, &st, &rows)?;
    wb.push_worksheet(ws);

    // 合规
    let mut ws = Worksheet::new();
    ws.set_name("合规")?;
    let rows: Vec<Vec<Out>> = result
        .compliance
        .iter()
        .map(|c| {
            vec![
                text(c.person_id.as_str()),
                text(c.application_id.clone().unwrap_or_default()),
                text(c.province.map_or("全国名单", |p| p.name_zh())),
                text(c.rule.id()),
                text(c.code.as_str()),
                text(severity_zh(c.severity)),
                text(c.message.zh.as_str()),
            ]
        })
        .collect();
    write_table(
        &mut ws,
        &st,
        0,
        &[
            "人员编号",
            "申报编号",
            "省份",
            "条款",
            "代码",
            "严重程度",
            "说明",
        ],
        &[12.0, 12.0, 16.0, 12.0, 28.0, 8.0, 70.0],
        &rows,
    )?;
    wb.push_worksheet(ws);
    Ok(wb)
}

fn issue_row(subject: &str, l: Option<&Located>, f: &Finding) -> Vec<Out> {
    let (sheet, cell) = place(l);
    vec![
        text(subject),
        sheet,
        cell,
        text(f.rule.id()),
        text(f.code.as_str()),
        text(severity_zh(f.severity)),
        text(f.message.zh.as_str()),
        text(f.path.as_str()),
    ]
}

fn issues_sheet(ws: &mut Worksheet, st: &Styles, rows: &[Vec<Out>]) -> Result<(), XlsxError> {
    let end = write_table(
        ws,
        st,
        0,
        &[
            "对象",
            "工作表",
            "单元格",
            "条款",
            "代码",
            "严重程度",
            "问题说明",
            "JSON 路径",
        ],
        &[16.0, 12.0, 8.0, 12.0, 26.0, 8.0, 70.0, 36.0],
        rows,
    )?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, end.saturating_sub(1).max(1), 7)?;
    Ok(())
}

/// The checks of annual reports as a workbook: 报告结果 (with the stamp; one row per report:
/// status, completeness, score, valid activities and score per task) and 问题清单 (every finding
/// with its sheet and cell when the reports came from sheets).
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn write_report_results(
    checks: &[ReportCheck],
    source: Option<&Source>,
) -> Result<Vec<u8>, Error> {
    report_workbook(checks, source)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error("results", &e))
}

fn report_workbook(checks: &[ReportCheck], source: Option<&Source>) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let mut ws = Worksheet::new();
    ws.set_name("报告结果")?;
    let stamp = checks
        .first()
        .map(|c| c.ruleset.clone())
        .unwrap_or_else(|| qgx_core::Ruleset::edition_2024().stamp());
    let top = stamp_rows(&mut ws, &st, "强国行专项行动 · 年度报告检查结果", &stamp)?;
    let mut names: Vec<String> = [
        "申报编号",
        "年度",
        "状态",
        "完整",
        "完整度",
        "得分",
        "错误数",
        "警告数",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for t in Task::ALL {
        names.push(format!("{} 有效活动", t.label_zh()));
        names.push(format!("{} 得分", t.label_zh()));
    }
    let rows: Vec<Vec<Out>> = checks
        .iter()
        .map(|c| {
            let mut row = vec![
                text(c.application_id.as_str()),
                Out::Number(c.cycle_year as f64),
                text(c.status.map_or("", report_state_zh)),
                text(if c.complete { "是" } else { "否" }),
                Out::Number((c.completeness * 10_000.0).round() / 10_000.0),
                Out::Decimal(c.score.total),
                Out::Number(f64::from(row32(
                    c.findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count(),
                ))),
                Out::Number(f64::from(row32(
                    c.findings
                        .iter()
                        .filter(|f| f.severity == Severity::Warning)
                        .count(),
                ))),
            ];
            for t in Task::ALL {
                row.push(Out::Number(f64::from(c.tasks.get(*t).valid_activities)));
                row.push(Out::Decimal(c.score.tasks.get(*t).total));
            }
            row
        })
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut widths = vec![12.0, 6.0, 16.0, 6.0, 8.0, 8.0, 7.0, 7.0];
    widths.extend(std::iter::repeat_n(12.0, 8));
    write_table(&mut ws, &st, top, &refs, &widths, &rows)?;
    ws.set_freeze_panes(top + 1, 1)?;
    wb.push_worksheet(ws);

    let mut rows = Vec::new();
    for (i, c) in checks.iter().enumerate() {
        for f in &c.findings {
            let l = source.and_then(|s| s.locate_report(i, &f.path));
            rows.push(issue_row(
                &format!("报告 {} 第{}年", c.application_id, c.cycle_year),
                l.as_ref(),
                f,
            ));
        }
    }
    let mut ws = Worksheet::new();
    ws.set_name("问题清单")?;
    issues_sheet(&mut ws, &st, &rows)?;
    wb.push_worksheet(ws);
    Ok(wb)
}

/// A comparison of two settings (`qgx compare --out`) as a workbook: 变化申报 (each application
/// whose outcome, recommendation or rank changes, base → variant, with both ruleset stamps on
/// top) and 变化省份 (each province whose counts or cut line change).
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn write_comparison(c: &qgx_core::Comparison) -> Result<Vec<u8>, Error> {
    comparison_workbook(c)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error("comparison", &e))
}

fn comparison_workbook(c: &qgx_core::Comparison) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let mut ws = Worksheet::new();
    ws.set_name("变化申报")?;
    let top = stamp_rows(&mut ws, &st, "强国行专项行动 · 设置比较（基准）", &c.base)?;
    let top = stamp_rows_at(&mut ws, &st, top, "变体", &c.variant)?;
    let standing = |s: Option<&qgx_core::Standing>| match s {
        Some(s) => (
            text(s.outcome.label_zh()),
            yes(s.recommended),
            opt_num(s.rank),
        ),
        None => (text("（无此申报）"), text(""), text("")),
    };
    let rows: Vec<Vec<Out>> = c
        .applications
        .iter()
        .map(|a| {
            let (bo, br, bk) = standing(a.base.as_ref());
            let (vo, vr, vk) = standing(a.variant.as_ref());
            vec![
                text(a.id.as_str()),
                text(a.province.name_zh()),
                bo,
                br,
                bk,
                vo,
                vr,
                vk,
            ]
        })
        .collect();
    write_table(
        &mut ws,
        &st,
        top,
        &[
            "申报编号",
            "省份",
            "基准结果",
            "基准推荐",
            "基准排名",
            "变体结果",
            "变体推荐",
            "变体排名",
        ],
        &[12.0, 14.0, 18.0, 8.0, 8.0, 18.0, 8.0, 8.0],
        &rows,
    )?;
    wb.push_worksheet(ws);
    let mut ws = Worksheet::new();
    ws.set_name("变化省份")?;
    let cut = |e: &Option<qgx_core::CutEntry>| {
        e.as_ref()
            .map_or_else(String::new, |e| format!("{} ({:.2})", e.id, e.merit))
    };
    let side = |p: Option<&qgx_core::ProvinceCounts>| -> Vec<Out> {
        match p {
            Some(p) => vec![
                Out::Number(f64::from(p.national_quota)),
                Out::Number(f64::from(p.places_used)),
                Out::Number(f64::from(p.recommended)),
                Out::Number(f64::from(p.national_team)),
                Out::Number(f64::from(p.provincial_team)),
                yes(p.late),
                text(cut(&p.cut_line.last_in)),
                text(cut(&p.cut_line.first_out)),
            ],
            None => (0..8).map(|_| text("")).collect(),
        }
    };
    let rows: Vec<Vec<Out>> = c
        .provinces
        .iter()
        .map(|p| {
            let mut row = vec![text(p.name.as_str())];
            row.extend(side(p.base.as_ref()));
            row.extend(side(p.variant.as_ref()));
            row
        })
        .collect();
    let mut names = vec!["省份".to_owned()];
    for prefix in ["基准", "变体"] {
        for n in [
            "全国名额",
            "已用名额",
            "推荐",
            "全国团队",
            "省级团队",
            "逾期",
            "末位入选",
            "首位未入选",
        ] {
            names.push(format!("{prefix}{n}"));
        }
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut widths = vec![14.0];
    widths.extend(std::iter::repeat_n(10.0, 16));
    write_table(&mut ws, &st, 0, &refs, &widths, &rows)?;
    wb.push_worksheet(ws);
    Ok(wb)
}

// ---------------------------------------------------------------------------------------------
// Annotated copies.

/// One finding to show on a cell of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub cell: CellRef,
    pub severity: Severity,
    /// `R-PLAN objective_missing: …` — shown in the cell's note.
    pub text: String,
}

impl Annotation {
    fn new(l: Located, f: &Finding) -> Annotation {
        Annotation {
            cell: l.cell,
            severity: f.severity,
            text: format!(
                "[{}] {} {}：{}",
                severity_zh(f.severity),
                f.rule.id(),
                f.code.as_str(),
                f.message.zh
            ),
        }
    }

    /// Every finding of a selection that points at a cell of what was read.
    pub fn from_selection(result: &SelectionResult, source: &Source) -> Vec<Annotation> {
        let mut out = Vec::new();
        for a in &result.applications {
            for f in &a.findings {
                if let Some(l) = source.locate_application(&a.id, &f.path) {
                    out.push(Annotation::new(l, f));
                }
            }
        }
        for p in &result.provinces {
            for f in &p.findings {
                if let Some(l) = source.locate_province(p.province.code(), &f.path) {
                    out.push(Annotation::new(l, f));
                }
            }
        }
        for c in &result.compliance {
            if let Some(l) = source.locate_person(&c.person_id) {
                let f = Finding {
                    rule: c.rule,
                    code: c.code,
                    severity: c.severity,
                    path: c.path.clone(),
                    message: c.message.clone(),
                };
                out.push(Annotation::new(l, &f));
            }
        }
        out
    }

    /// Every finding of report checks (in the order the reports were read) at its cell.
    pub fn from_reports(checks: &[ReportCheck], source: &Source) -> Vec<Annotation> {
        let mut out = Vec::new();
        for (i, c) in checks.iter().enumerate() {
            for f in &c.findings {
                if let Some(l) = source.locate_report(i, &f.path) {
                    out.push(Annotation::new(l, f));
                }
            }
        }
        out
    }
}

fn sheet_name_of(book: &Book, name: Option<&str>) -> String {
    match name {
        Some(n) => n.to_owned(),
        None => {
            let stem = Path::new(&book.file)
                .file_stem()
                .map_or_else(|| "data".to_owned(), |s| s.to_string_lossy().into_owned());
            let clean: String = stem
                .chars()
                .filter(|c| !"[]:*?/\\'".contains(*c))
                .take(31)
                .collect();
            if clean.is_empty() {
                "data".to_owned()
            } else {
                clean
            }
        }
    }
}

/// A copy of `book` (its cells' values; formulas come as their values, formatting is not kept)
/// with every cell an annotation points at highlighted (red: error, yellow: warning, blue:
/// information) and its messages as the cell's note; a first sheet 检查结果 carries the stamp
/// and lists every annotation with its cell.
///
/// For an `.xlsx`, [`annotate_file`](crate::annotate_file) keeps everything of the original
/// (it patches the package) and falls back to this rebuild only for what it cannot patch.
///
/// # Errors
/// [`ErrorKind::Io`] when the workbook cannot be made.
pub fn annotate(
    book: &Book,
    annotations: &[Annotation],
    stamp: &RulesetStamp,
) -> Result<Vec<u8>, Error> {
    annotated(book, annotations, stamp)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error(&book.file, &e))
}

fn annotated(
    book: &Book,
    annotations: &[Annotation],
    stamp: &RulesetStamp,
) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let mine: Vec<&Annotation> = annotations
        .iter()
        .filter(|a| a.cell.file == book.file)
        .collect();

    let mut ws = Worksheet::new();
    ws.set_name("检查结果")?;
    let top = stamp_rows(
        &mut ws,
        &st,
        &format!("强国行专项行动 · {} 检查结果", book.file),
        stamp,
    )?;
    let rows: Vec<Vec<Out>> = mine
        .iter()
        .map(|a| {
            let sheet = sheet_name_of(book, a.cell.sheet.as_deref());
            vec![
                text(sheet),
                text(a.cell.a1()),
                text(severity_zh(a.severity)),
                text(a.text.as_str()),
            ]
        })
        .collect();
    write_table(
        &mut ws,
        &st,
        top,
        &["工作表", "单元格", "严重程度", "问题说明"],
        &[14.0, 8.0, 8.0, 90.0],
        &rows,
    )?;
    wb.push_worksheet(ws);

    for sheet in &book.sheets {
        let name = sheet_name_of(book, sheet.name.as_deref());
        let mut ws = Worksheet::new();
        ws.set_name(name.as_str())?;
        // Notes and the worst severity, per cell.
        let mut marks: BTreeMap<(u32, u32), (Severity, Vec<&str>)> = BTreeMap::new();
        for a in mine.iter().filter(|a| a.cell.sheet == sheet.name) {
            let e = marks
                .entry((a.cell.row, a.cell.col))
                .or_insert((a.severity, Vec::new()));
            e.0 = e.0.min(a.severity);
            e.1.push(a.text.as_str());
        }
        let mut widths: BTreeMap<u32, usize> = BTreeMap::new();
        for row in &sheet.rows {
            for (col, v) in &row.cells {
                let r = row.number.saturating_sub(1);
                let c = u16::try_from(*col).unwrap_or(u16::MAX);
                let out = match v {
                    Value::Number(n) => Out::Number(*n),
                    other => Out::Text(other.text()),
                };
                let w = widths.entry(*col).or_insert(8);
                *w = (*w).max(other_width(&out)).min(50);
                let f = marks.get(&(row.number, *col)).map(|(s, _)| match s {
                    Severity::Error => &st.error,
                    Severity::Warning => &st.warning,
                    Severity::Info => &st.info,
                });
                put(&mut ws, r, c, &out, f)?;
            }
        }
        for ((row, col), (s, notes)) in &marks {
            let r = row.saturating_sub(1);
            let c = u16::try_from(*col).unwrap_or(u16::MAX);
            if sheet
                .rows
                .iter()
                .all(|x| x.number != *row || x.get(*col).is_none())
            {
                let f = match s {
                    Severity::Error => &st.error,
                    Severity::Warning => &st.warning,
                    Severity::Info => &st.info,
                };
                ws.write_blank(r, c, f)?;
            }
            let body: String = notes.join("\n").chars().take(30_000).collect();
            let note = Note::new(body)
                .set_author("qgx")
                .set_width(360)
                .set_height(140);
            ws.insert_note(r, c, &note)?;
        }
        for (col, w) in widths {
            #[allow(clippy::cast_precision_loss)]
            let w = w as f64;
            ws.set_column_width(u16::try_from(col).unwrap_or(u16::MAX), w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        wb.push_worksheet(ws);
    }
    Ok(wb)
}

/// Display width of a cell (a Chinese character is two columns).
fn other_width(v: &Out) -> usize {
    match v {
        Out::Number(_) | Out::Decimal(_) => 10,
        Out::Text(s) => {
            s.lines()
                .map(|l| {
                    l.chars()
                        .map(|c| if c.is_ascii() { 1 } else { 2 })
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0)
                + 2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_csv_cells_become_text() {
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("+86 10"), "'+86 10");
        assert_eq!(csv_safe("-2"), "'-2");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("王芳"), "王芳");
        let bytes = write_csv(&[vec!["=HYPERLINK(\"x\")".into(), "ok".into()]]).unwrap();
        let s = String::from_utf8(bytes).unwrap();
        assert_eq!(s, "\u{feff}\"'=HYPERLINK(\"\"x\"\")\",ok\n");
    }
}
