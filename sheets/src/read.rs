//! Sheets to the JSON of RULES.md §3, read by the core: the sheets accept exactly what the JSON
//! accepts. Each cell is converted by its column's type (a bad cell is named where people find
//! it), the rows are put together into one document, and the core reads that document; what the
//! core rejects is named at the cell its JSON Pointer came from ([`Source`]).

use std::collections::BTreeMap;

use qgx_core::{AnnualReport, SelectionInput};
use serde_json::{Map, Value as Json};

use crate::book::{Book, Row, Value};
use crate::columns::{
    ACTIVITIES, ALL_SHEETS, APPLICATIONS, BRANCHES, Column, DECISIONS, IGNORED_SHEETS, MILESTONES,
    OUTPUTS, PLAN_ACTIVITIES, PLAN_OBJECTIVES, PLAN_OUTPUTS, PROVINCES, REPORTS, STUDIOS,
    SheetSpec, Ty, UNIVERSITY_QUOTAS,
};
use crate::error::{CellRef, Error, ErrorKind};
use crate::locate::{AppRows, ProvRows, ReportRows, RowAt, Source, TableInfo};
use crate::vocab::{Enumeration, parse_batch};

/// One sheet read against its spec: where each known column is, and the data rows.
pub(crate) struct Table<'b> {
    pub spec: &'static SheetSpec,
    pub index: usize,
    pub rows: Vec<&'b Row>,
    columns: Vec<(&'static Column, u32)>,
    file: String,
    sheet: Option<String>,
}

impl Table<'_> {
    fn col(&self, key: &str) -> Option<u32> {
        self.columns
            .iter()
            .find(|(c, _)| c.key == key)
            .map(|(_, i)| *i)
    }

    fn cell_ref(&self, row: &Row, col: u32) -> CellRef {
        CellRef {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: row.number,
            col,
        }
    }

    fn fail(&self, row: &Row, column: &Column, message: impl Into<String>) -> Error {
        let col = self.col(column.key).unwrap_or(0);
        Error::new(ErrorKind::Invalid, &self.file, message)
            .at_cell(self.cell_ref(row, col), Some(column.key))
    }

    fn raw<'r>(&self, row: &'r Row, key: &str) -> Option<&'r Value> {
        self.col(key).and_then(|c| row.get(c))
    }

    /// The cell of `column` converted by its type; `Null` when empty.
    fn value(&self, row: &Row, column: &Column) -> Result<Json, Error> {
        match self.raw(row, column.key) {
            None => Ok(Json::Null),
            Some(v) => convert(v, column.ty).map_err(|m| self.fail(row, column, m)),
        }
    }

    /// The cell of `key` as trimmed text (`None` when empty).
    fn text(&self, row: &Row, key: &str) -> Option<String> {
        self.raw(row, key)
            .map(|v| v.text().trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    /// The row's object: every column with a pointer, converted, nulls left out.
    fn object(&self, row: &Row) -> Result<Json, Error> {
        let mut doc = Json::Object(Map::new());
        for (column, _) in &self.columns {
            if column.pointer.is_empty() {
                continue;
            }
            let mut v = self.value(row, column)?;
            // A blank summary or description is a finding (summary_missing,
            // description_too_short), not malformed input: an empty cell is blank text.
            if v.is_null() && matches!(column.key, "summary" | "description") {
                v = Json::String(String::new());
            }
            if v.is_null() && column.required {
                return Err(self.fail(row, column, "required, got an empty cell"));
            }
            if !v.is_null() {
                set(&mut doc, column.pointer, v);
            }
        }
        Ok(doc)
    }

    fn info(&self) -> TableInfo {
        TableInfo {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            columns: self.columns.iter().map(|(c, i)| (c.key, *i)).collect(),
        }
    }
}

/// Sets `pointer` (`/a/b`) in `doc`, creating objects on the way.
fn set(doc: &mut Json, pointer: &str, value: Json) {
    let mut at = doc;
    let mut parts = pointer.trim_start_matches('/').split('/').peekable();
    while let Some(part) = parts.next() {
        let Json::Object(map) = at else { return };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        at = map
            .entry(part.to_owned())
            .or_insert_with(|| Json::Object(Map::new()));
    }
}

fn got(v: &Value) -> String {
    match v {
        Value::Error(e) => format!("the error value {e}"),
        _ => v.text(),
    }
}

/// `2024/7/15`, `2024年7月15日` → `2024-07-15`; anything else as it is (the core judges it).
fn iso_date(text: &str) -> String {
    let t = text.trim();
    let cleaned: String = t
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_owned();
    let parts: Vec<&str> = cleaned.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
            if (1000..=9999).contains(&y) && t != cleaned {
                return format!("{y:04}-{m:02}-{d:02}");
            }
        }
    }
    t.to_owned()
}

/// A cell converted by its column's type, or what was expected.
pub(crate) fn convert(v: &Value, ty: Ty) -> Result<Json, String> {
    let expected = || format!("expected {}, got {}", ty.expected(), got(v));
    if let Value::Error(_) = v {
        return Err(expected());
    }
    match ty {
        Ty::Text => Ok(Json::String(v.text().trim().to_owned())),
        Ty::Int | Ty::Count | Ty::Batch => {
            let n = match v {
                Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
                Value::Text(s) if ty == Ty::Batch => parse_batch(s),
                // Text is read as JSON reads a number: no `+5`, no `05`.
                Value::Text(s) => serde_json::from_str::<i64>(s.trim()).ok(),
                _ => None,
            };
            n.filter(|n| ty != Ty::Count || *n >= 0)
                .map(Json::from)
                .ok_or_else(expected)
        }
        Ty::Number { min, max } => {
            let n = match v {
                Value::Number(n) => Some(*n),
                // As JSON reads a number: no `+5`, `.5`, `inf` or `NaN`.
                Value::Text(s) => serde_json::from_str::<serde_json::Number>(s.trim())
                    .ok()
                    .and_then(|n| n.as_f64()),
                _ => None,
            };
            match n.and_then(serde_json::Number::from_f64) {
                Some(x) if n.is_some_and(|n| (min..=max).contains(&n)) => Ok(Json::Number(x)),
                _ => Err(expected()),
            }
        }
        Ty::Enum(Enumeration::Bool) => match v {
            Value::Bool(b) => Ok(Json::Bool(*b)),
            _ => Enumeration::Bool
                .parse(&v.text())
                .map(|w| Json::Bool(w == "true"))
                .ok_or_else(expected),
        },
        Ty::Enum(e) => e.parse(&v.text()).map(Json::String).ok_or_else(expected),
        Ty::Date => match v {
            Value::DateTime { time: None, .. } => Ok(Json::String(v.text())),
            Value::Text(s) => Ok(Json::String(iso_date(s))),
            _ => Err(expected()),
        },
        Ty::Timestamp => match v {
            Value::DateTime { .. } => Ok(Json::String(v.text())),
            Value::Text(s) => {
                let s = s.trim();
                let (date, rest) = match s.find([' ', 'T']) {
                    Some(i) => (s.get(..i).unwrap_or(s), s.get(i..).unwrap_or("")),
                    None => (s, ""),
                };
                Ok(Json::String(format!("{}{rest}", iso_date(date))))
            }
            _ => Err(expected()),
        },
        Ty::List => {
            let s = v.text();
            let s = s.trim();
            if s.starts_with('[') {
                let items: Vec<String> = serde_json::from_str(s)
                    .map_err(|e| format!("expected a JSON array of texts: {e}"))?;
                return Ok(Json::from(items));
            }
            Ok(Json::from(
                s.split(['\n', ';', '；'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>(),
            ))
        }
        Ty::Quotas => {
            let mut map = Map::new();
            let text = v.text();
            for part in text
                .split([';', '；'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let (code, n) = part
                    .split_once([':', '：'])
                    .ok_or_else(|| format!("expected CODE:N entries separated by ;, got {part}"))?;
                let n: u32 = n.trim().parse().map_err(|_| {
                    format!(
                        "expected a whole number after {}:, got {}",
                        code.trim(),
                        n.trim()
                    )
                })?;
                map.insert(code.trim().to_owned(), Json::from(n));
            }
            Ok(Json::Object(map))
        }
        Ty::Json => serde_json::from_str(&v.text()).map_err(|e| format!("expected JSON: {e}")),
    }
}

fn sheet_matches(name: &str, spec: &SheetSpec) -> bool {
    let n = name.trim();
    n == spec.zh || n.eq_ignore_ascii_case(spec.en)
}

/// The books being read, and the tables found in them.
pub(crate) struct Reader<'b> {
    books: Vec<&'b Book>,
    pub tables: Vec<TableInfo>,
}

impl<'b> Reader<'b> {
    pub fn new(books: Vec<&'b Book>) -> Reader<'b> {
        Reader {
            books,
            tables: Vec::new(),
        }
    }

    /// Every sheet of every workbook must be one the readers know (or one qgx writes beside
    /// the data, or empty): a misspelt sheet is not silently left out.
    pub fn check_sheet_names(&self, mains: &[&SheetSpec]) -> Result<(), Error> {
        for book in &self.books {
            if book.is_csv() {
                continue;
            }
            let lone = lone_sheet(book);
            for sheet in &book.sheets {
                let Some(name) = &sheet.name else { continue };
                let known = ALL_SHEETS.iter().any(|s| sheet_matches(name, s))
                    || IGNORED_SHEETS.contains(&name.trim());
                let is_lone_main = lone.is_some_and(|l| l == name.as_str()) && !mains.is_empty();
                if !known && !is_lone_main && !sheet.rows.is_empty() {
                    let names: Vec<String> = ALL_SHEETS.iter().map(|s| s.title()).collect();
                    return Err(Error::new(
                        ErrorKind::Layout,
                        &book.file,
                        format!(
                            "unknown sheet `{name}`, expected some of: {}",
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The sheet of `spec` in `book`: by its Chinese or English name; for the main sheet of
    /// what is read, also a CSV or a workbook's only sheet.
    pub fn table(
        &mut self,
        book: &'b Book,
        spec: &'static SheetSpec,
        main: bool,
    ) -> Result<Option<Table<'b>>, Error> {
        let sheet = if book.is_csv() {
            if main { book.sheets.first() } else { None }
        } else {
            book.sheets
                .iter()
                .find(|s| s.name.as_deref().is_some_and(|n| sheet_matches(n, spec)))
                .or_else(|| {
                    let lone = lone_sheet(book)?;
                    let unnamed = !ALL_SHEETS.iter().any(|s| sheet_matches(lone, s));
                    (main && unnamed)
                        .then(|| book.sheets.iter().find(|s| s.name.as_deref() == Some(lone)))
                        .flatten()
                })
        };
        let Some(sheet) = sheet else { return Ok(None) };
        let name = sheet.name.clone();
        let fail = |cell: Option<CellRef>, message: String| {
            let e = Error::new(ErrorKind::Layout, &book.file, message);
            match cell {
                Some(c) => e.at_cell(c, None),
                None => e.at_sheet(name.as_deref()),
            }
        };
        let mut rows = sheet.rows.iter();
        let mut columns: Vec<(&'static Column, u32)> = Vec::new();
        if let Some(header) = rows.next() {
            for (col, v) in &header.cells {
                let cell = CellRef {
                    file: book.file.clone(),
                    sheet: name.clone(),
                    row: header.number,
                    col: *col,
                };
                let h = v.text();
                let column = spec.column(&h).ok_or_else(|| {
                    let known: Vec<String> = spec
                        .columns
                        .iter()
                        .map(|c| format!("{} ({})", c.zh, c.key))
                        .collect();
                    fail(
                        Some(cell.clone()),
                        format!(
                            "unknown column `{}`, expected some of: {}",
                            h.trim(),
                            known.join(", ")
                        ),
                    )
                })?;
                if columns.iter().any(|(c, _)| c.key == column.key) {
                    return Err(fail(
                        Some(cell),
                        format!("column `{}` ({}) appears twice", h.trim(), column.key),
                    ));
                }
                columns.push((column, *col));
            }
            for c in spec.columns {
                if c.required && !columns.iter().any(|(k, _)| k.key == c.key) {
                    return Err(fail(
                        None,
                        format!("missing required column `{}` ({})", c.key, c.zh),
                    ));
                }
            }
        }
        let rows: Vec<&'b Row> = rows.collect();
        for row in &rows {
            if let Some((col, v)) = row
                .cells
                .iter()
                .find(|(c, _)| !columns.iter().any(|(_, k)| k == c))
            {
                let cell = CellRef {
                    file: book.file.clone(),
                    sheet: name.clone(),
                    row: row.number,
                    col: *col,
                };
                return Err(fail(
                    Some(cell),
                    format!(
                        "a value ({}) in a column without a header",
                        v.text().chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
        let index = self.tables.len();
        let table = Table {
            spec,
            index,
            rows,
            columns,
            file: book.file.clone(),
            sheet: name,
        };
        self.tables.push(table.info());
        Ok(Some(table))
    }
}

/// The name of a workbook's only sheet that is not one qgx writes beside the data.
fn lone_sheet(book: &Book) -> Option<&str> {
    let data: Vec<&str> = book
        .sheets
        .iter()
        .filter_map(|s| s.name.as_deref())
        .filter(|n| !IGNORED_SHEETS.contains(&n.trim()))
        .collect();
    match data.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn required_text(t: &Table<'_>, row: &Row, column: &Column) -> Result<String, Error> {
    t.text(row, column.key)
        .ok_or_else(|| t.fail(row, column, "required, got an empty cell"))
}

/// The column `key` of `spec` (the specs above name only columns they have).
fn column(spec: &'static SheetSpec, key: &str) -> &'static Column {
    const NONE: Column = Column {
        key: "",
        zh: "",
        ty: Ty::Text,
        required: false,
        pointer: "",
        help: "",
        in_template: false,
    };
    spec.columns.iter().find(|c| c.key == key).unwrap_or(&NONE)
}

/// Where each part of a selection comes from. Any two may be the same workbook.
#[derive(Debug, Clone, Copy)]
pub struct SelectionBooks<'b> {
    /// 申报 and the plan's sheets (计划目标, 计划活动, 计划成果, 年度节点).
    pub applications: &'b Book,
    /// 省份 and 高校名额 (default: the applications' workbook).
    pub provinces: Option<&'b Book>,
    /// 全国工作室 and 样板支部 (default: the applications' workbook, when it has them).
    pub registry: Option<&'b Book>,
    /// 备案审核 (default: the applications' workbook, when it has it).
    pub decisions: Option<&'b Book>,
}

fn main_row_key(t: &Table<'_>, row: &Row, key: &str) -> Result<String, Error> {
    required_text(t, row, column(t.spec, key))
}

/// Reads a selection (RULES.md §3 Selection input) from workbooks or CSV files.
pub(crate) fn selection(books: SelectionBooks<'_>) -> Result<(SelectionInput, Source), Error> {
    let apps_book = books.applications;
    let provs_book = books.provinces.unwrap_or(apps_book);
    let reg_book = books.registry.unwrap_or(apps_book);
    let dec_book = books.decisions.unwrap_or(apps_book);
    let mut r = Reader::new(vec![apps_book, provs_book, reg_book, dec_book]);
    r.check_sheet_names(&[&APPLICATIONS])?;
    let mut source = Source::default();

    // 申报
    let apps = r.table(apps_book, &APPLICATIONS, true)?.ok_or_else(|| {
        Error::new(
            ErrorKind::Layout,
            &apps_book.file,
            "no sheet 申报 (applications)",
        )
    })?;
    let mut applications = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for row in &apps.rows {
        let doc = apps.object(row)?;
        let id = doc
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        by_id.entry(id.clone()).or_insert(applications.len());
        source.apps.push(AppRows {
            id,
            main: RowAt::new(apps.index, row.number),
            plan_in_cell: doc.get("plan").is_some(),
            ..AppRows::default()
        });
        applications.push(doc);
    }

    // The plan's sheets, keyed by 申报编号.
    let plan_sheets = [
        &PLAN_OBJECTIVES,
        &PLAN_ACTIVITIES,
        &PLAN_OUTPUTS,
        &MILESTONES,
    ];
    let mut plans: BTreeMap<usize, Json> = BTreeMap::new();
    for spec in plan_sheets {
        let Some(t) = r.table(apps_book, spec, false)? else {
            continue;
        };
        for row in &t.rows {
            let idc = column(spec, "application_id");
            let id = required_text(&t, row, idc)?;
            let i = *by_id.get(&id).ok_or_else(|| {
                t.fail(
                    row,
                    idc,
                    format!("no application {id} on the sheet 申报 (applications)"),
                )
            })?;
            let rows = source.apps.get_mut(i);
            if rows.as_ref().is_some_and(|a| a.plan_in_cell) {
                return Err(t.fail(
                    row,
                    idc,
                    format!(
                        "the plan of {id} is given twice: in the column plan of 申报 and on {}",
                        spec.zh
                    ),
                ));
            }
            let at = RowAt::new(t.index, row.number);
            let plan = plans.entry(i).or_insert_with(|| {
                serde_json::json!({
                    "objectives": {}, "activities": [], "outputs": [], "milestones": {}
                })
            });
            let item = t.object(row)?;
            match spec.id {
                crate::columns::SheetId::PlanObjectives => {
                    if rows.as_ref().is_some_and(|a| a.objectives.is_some()) {
                        return Err(t.fail(row, idc, format!("a second row for {id}")));
                    }
                    if let (Some(o), Some(objectives)) =
                        (item.get("objectives"), plan.get_mut("objectives"))
                    {
                        *objectives = o.clone();
                    }
                    if let Some(a) = rows {
                        a.objectives = Some(at);
                    }
                }
                crate::columns::SheetId::PlanActivities => {
                    push(plan, "activities", item);
                    if let Some(a) = rows {
                        a.activities.push(at);
                    }
                }
                crate::columns::SheetId::PlanOutputs => {
                    push(plan, "outputs", item);
                    if let Some(a) = rows {
                        a.outputs.push(at);
                    }
                }
                _ => {
                    let yc = column(spec, "year");
                    let year = required_text(&t, row, yc)?;
                    let milestone = t.value(row, column(spec, "milestone"))?;
                    if let Some(Json::Object(m)) = plan.get_mut("milestones") {
                        if m.insert(year.clone(), milestone).is_some() {
                            return Err(t.fail(
                                row,
                                yc,
                                format!("a second milestone for {id}, year {year}"),
                            ));
                        }
                    }
                    if let Some(a) = rows {
                        a.milestones.push((year, at));
                    }
                }
            }
        }
    }
    for (i, plan) in plans {
        if let Some(Json::Object(app)) = applications.get_mut(i) {
            app.insert("plan".into(), plan);
        }
    }

    // 省份, 高校名额
    let mut doc = Map::new();
    doc.insert("applications".into(), Json::Array(applications));
    let provs = r
        .table(provs_book, &PROVINCES, books.provinces.is_some())?
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Layout,
                &provs_book.file,
                "no sheet 省份 (provinces)",
            )
        })?;
    let mut provinces = Vec::new();
    let mut prov_index: BTreeMap<String, usize> = BTreeMap::new();
    for row in &provs.rows {
        let obj = provs.object(row)?;
        let code = obj
            .get("province")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        prov_index.entry(code.clone()).or_insert(provinces.len());
        source.provinces.push(ProvRows {
            code,
            main: RowAt::new(provs.index, row.number),
            quotas_in_cell: obj.get("university_quotas").is_some(),
            quotas: Vec::new(),
        });
        provinces.push(obj);
    }
    if let Some(t) = r.table(provs_book, &UNIVERSITY_QUOTAS, false)? {
        for row in &t.rows {
            let pc = column(&UNIVERSITY_QUOTAS, "province");
            let province = match t.value(row, pc)? {
                Json::String(s) => s,
                _ => return Err(t.fail(row, pc, "required, got an empty cell")),
            };
            let i = *prov_index.get(&province).ok_or_else(|| {
                t.fail(
                    row,
                    pc,
                    format!("province {province} has no row on the sheet 省份 (provinces)"),
                )
            })?;
            let cc = column(&UNIVERSITY_QUOTAS, "institution_code");
            let code = required_text(&t, row, cc)?;
            let qc = column(&UNIVERSITY_QUOTAS, "quota");
            let quota = t.value(row, qc)?;
            if quota.is_null() {
                return Err(t.fail(row, qc, "required, got an empty cell"));
            }
            let Some(p) = source.provinces.get_mut(i) else {
                continue;
            };
            let Some(Json::Object(obj)) = provinces.get_mut(i) else {
                continue;
            };
            if p.quotas_in_cell {
                return Err(t.fail(
                    row,
                    cc,
                    format!("the university quotas of province {province} are given twice: in the column university_quotas of 省份 and on 高校名额"),
                ));
            }
            let quotas = obj
                .entry("university_quotas")
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(q) = quotas {
                if q.insert(code.clone(), quota).is_some() {
                    return Err(t.fail(
                        row,
                        cc,
                        format!("a second quota for {code} in province {province}"),
                    ));
                }
            }
            p.quotas.push((code, RowAt::new(t.index, row.number)));
        }
    }
    doc.insert("provinces".into(), Json::Array(provinces));

    // 全国工作室, 样板支部
    let mut registry = Map::new();
    for (spec, key) in [
        (&STUDIOS, "national_studios"),
        (&BRANCHES, "national_model_branches"),
    ] {
        let Some(t) = r.table(reg_book, spec, false)? else {
            continue;
        };
        let mut list = Vec::new();
        for row in &t.rows {
            list.push(t.object(row)?);
            let at = RowAt::new(t.index, row.number);
            if spec.id == crate::columns::SheetId::Studios {
                source
                    .studios
                    .push((t.text(row, "person_id").unwrap_or_default(), at));
            } else {
                source.branches.push(at);
            }
        }
        registry.insert(key.into(), Json::Array(list));
    }
    if !registry.is_empty() {
        doc.insert("registry".into(), Json::Object(registry));
    }

    // 备案审核
    if let Some(t) = r.table(dec_book, &DECISIONS, books.decisions.is_some())? {
        let mut decisions = Map::new();
        for row in &t.rows {
            let id = main_row_key(&t, row, "id")?;
            let dc = column(&DECISIONS, "decision");
            let decision = t.value(row, dc)?;
            if decision.is_null() {
                return Err(t.fail(
                    row,
                    dc,
                    "expected 已通过 or 未通过 (approved or rejected), got an empty cell",
                ));
            }
            if decisions.insert(id.clone(), decision).is_some() {
                return Err(t.fail(
                    row,
                    column(&DECISIONS, "id"),
                    format!("a second decision for {id}"),
                ));
            }
            source.decisions.push((id, RowAt::new(t.index, row.number)));
        }
        doc.insert("office_decisions".into(), Json::Object(decisions));
    }

    source.tables = std::mem::take(&mut r.tables);
    let input: SelectionInput = qgx_core::from_json_value(Json::Object(doc))
        .map_err(|e| source.core_error(&apps_book.file, &e))?;
    Ok((input, source))
}

fn push(plan: &mut Json, key: &str, item: Json) {
    if let Some(Json::Array(list)) = plan.get_mut(key) {
        list.push(item);
    }
}

/// Reads annual reports (报告, 活动, 成果) from a workbook or a CSV of 报告 rows.
pub(crate) fn reports(book: &Book) -> Result<(Vec<AnnualReport>, Source), Error> {
    let mut r = Reader::new(vec![book]);
    r.check_sheet_names(&[&REPORTS])?;
    let mut source = Source::default();
    let main = r
        .table(book, &REPORTS, true)?
        .ok_or_else(|| Error::new(ErrorKind::Layout, &book.file, "no sheet 报告 (reports)"))?;
    let mut reports = Vec::new();
    let mut keys: BTreeMap<(String, i64), Vec<usize>> = BTreeMap::new();
    let mut named: BTreeMap<String, usize> = BTreeMap::new();
    for row in &main.rows {
        let mut obj = main.object(row)?;
        set(&mut obj, "/tasks", Json::Object(Map::new()));
        let id = obj
            .get("application_id")
            .and_then(Json::as_str)
            .map(str::to_owned);
        let year = obj.get("cycle_year").and_then(Json::as_i64);
        if let (Some(id), Some(year)) = (id, year) {
            keys.entry((id, year)).or_default().push(reports.len());
        }
        if let Some(report_id) = main.text(row, "report_id") {
            if named.insert(report_id.clone(), reports.len()).is_some() {
                return Err(main.fail(
                    row,
                    column(&REPORTS, "report_id"),
                    format!("a second report {report_id}"),
                ));
            }
        }
        source.reports.push(ReportRows {
            main: RowAt::new(main.index, row.number),
            tasks: Vec::new(),
        });
        reports.push(obj);
    }
    for spec in [&ACTIVITIES, &OUTPUTS] {
        let Some(t) = r.table(book, spec, false)? else {
            continue;
        };
        let list_key = if spec.id == crate::columns::SheetId::Activities {
            "activities"
        } else {
            "outputs"
        };
        for row in &t.rows {
            let idc = column(spec, "application_id");
            let id = required_text(&t, row, idc)?;
            let yc = column(spec, "cycle_year");
            let year = t
                .value(row, yc)?
                .as_i64()
                .ok_or_else(|| t.fail(row, yc, "required, got an empty cell"))?;
            let tc = column(spec, "task");
            let task = match t.value(row, tc)? {
                Json::String(s) => s,
                _ => return Err(t.fail(row, tc, "required, got an empty cell")),
            };
            // By 报告编号 when the row gives it, else by (申报编号, 年度), which must then name
            // one report.
            let i = match t.text(row, "report_id") {
                Some(report_id) => *named.get(&report_id).ok_or_else(|| {
                    t.fail(
                        row,
                        column(spec, "report_id"),
                        format!("no report {report_id} on the sheet 报告 (reports)"),
                    )
                })?,
                None => match keys.get(&(id.clone(), year)).map(Vec::as_slice) {
                    Some([one]) => *one,
                    Some([_, _, ..]) => {
                        return Err(t.fail(
                            row,
                            idc,
                            format!("{id} has several reports for year {year}: give the 报告编号 (report_id) of the one this row belongs to"),
                        ));
                    }
                    _ => {
                        return Err(t.fail(
                            row,
                            idc,
                            format!(
                                "no report of {id} for year {year} on the sheet 报告 (reports)"
                            ),
                        ));
                    }
                },
            };
            let item = t.object(row)?;
            if let Some(report) = reports.get_mut(i) {
                let tasks = report.get_mut("tasks");
                if let Some(Json::Object(tasks)) = tasks {
                    let entry = tasks
                        .entry(task.clone())
                        .or_insert_with(|| serde_json::json!({ "activities": [], "outputs": [] }));
                    push(entry, list_key, item);
                }
            }
            if let Some(rows) = source.reports.get_mut(i) {
                let at = RowAt::new(t.index, row.number);
                let slot = match rows.tasks.iter_mut().position(|(k, _, _)| *k == task) {
                    Some(p) => rows.tasks.get_mut(p),
                    None => {
                        rows.tasks.push((task.clone(), Vec::new(), Vec::new()));
                        rows.tasks.last_mut()
                    }
                };
                if let Some((_, acts, outs)) = slot {
                    if list_key == "activities" {
                        acts.push(at)
                    } else {
                        outs.push(at)
                    }
                }
            }
        }
    }
    source.tables = std::mem::take(&mut r.tables);
    let parsed: Vec<AnnualReport> = qgx_core::from_json_value(Json::Array(reports))
        .map_err(|e| source.core_error(&book.file, &e))?;
    Ok((parsed, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_convert_by_type() {
        let n = |x: f64| Value::Number(x);
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(convert(&n(4111010001.0), Ty::Text).unwrap(), "4111010001");
        assert_eq!(convert(&t("第三批"), Ty::Batch).unwrap(), 3);
        assert_eq!(
            convert(
                &t("八十"),
                Ty::Number {
                    min: 0.0,
                    max: 100.0
                }
            )
            .unwrap_err(),
            "expected a number from 0 to 100, got 八十"
        );
        assert_eq!(
            convert(
                &n(120.0),
                Ty::Number {
                    min: 0.0,
                    max: 100.0
                }
            )
            .unwrap_err(),
            "expected a number from 0 to 100, got 120"
        );
        assert_eq!(
            convert(&t("是"), Ty::Enum(Enumeration::Bool)).unwrap(),
            true
        );
        assert_eq!(
            convert(&Value::Bool(false), Ty::Enum(Enumeration::Bool)).unwrap(),
            false
        );
        assert_eq!(
            convert(&t("教师党支部"), Ty::Enum(Enumeration::BranchKind)).unwrap(),
            "teacher"
        );
        assert_eq!(
            convert(&n(11.0), Ty::Enum(Enumeration::Province)).unwrap(),
            "11"
        );
        assert_eq!(convert(&t("2024/7/15"), Ty::Date).unwrap(), "2024-07-15");
        assert_eq!(
            convert(&t("2024年7月15日"), Ty::Date).unwrap(),
            "2024-07-15"
        );
        assert_eq!(
            convert(&t("2024/7/20 10:00"), Ty::Timestamp).unwrap(),
            "2024-07-20 10:00"
        );
        let dt = Value::DateTime {
            date: (2024, 7, 20),
            time: Some((10, 0, 0)),
        };
        assert_eq!(convert(&dt, Ty::Timestamp).unwrap(), "2024-07-20T10:00:00");
        let d = Value::DateTime {
            date: (2024, 7, 15),
            time: None,
        };
        assert_eq!(convert(&d, Ty::Date).unwrap(), "2024-07-15");
        assert_eq!(
            convert(&t("a.pdf\nb.jpg；c"), Ty::List).unwrap(),
            serde_json::json!(["a.pdf", "b.jpg", "c"])
        );
        assert_eq!(
            convert(&t(r#"["x;y"]"#), Ty::List).unwrap(),
            serde_json::json!(["x;y"])
        );
        assert_eq!(
            convert(&t("4111010001:2；4111010002：1"), Ty::Quotas).unwrap(),
            serde_json::json!({"4111010001": 2, "4111010002": 1})
        );
        assert!(convert(&Value::Error("#N/A".into()), Ty::Text).is_err());
    }

    #[test]
    fn set_makes_objects() {
        let mut doc = Json::Object(Map::new());
        set(&mut doc, "/a/b", Json::from(1));
        set(&mut doc, "/a/c", Json::from(2));
        set(&mut doc, "/d", Json::from(3));
        assert_eq!(doc, serde_json::json!({"a": {"b": 1, "c": 2}, "d": 3}));
    }

    #[test]
    fn number_text_is_used_for_text() {
        assert_eq!(crate::book::number_text(11.0), "11");
    }
}
