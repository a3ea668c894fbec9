//! The bulk CSV job: flat columns staff keep in spreadsheets, converted to the core's types.
//!
//! Each row becomes the JSON of RULES.md §3 and is read by the core, so the CSV accepts exactly
//! what the JSON accepts; a bad cell is reported as `FILE:LINE:COLUMN: column NAME: …`.

use std::collections::BTreeMap;
use std::path::Path;

use qgx_core::{Application, OfficeDecision, Plan, ProvinceConfig, Registry, SelectionInput};
use serde_json::{Map, Value, json};

use crate::input::{Fail, read_json, read_text};

/// `applications.csv` columns: (name, required).
pub const APPLICATION_COLUMNS: &[(&str, bool)] = &[
    ("id", true),
    ("person_id", true),
    ("name", false),
    ("institution_code", true),
    ("institution_name", false),
    ("higher_education", true),
    ("corps", false),
    ("province", true),
    ("branch_name", false),
    ("branch_kind", true),
    ("role", true),
    ("dual_leader", true),
    ("studio_level", false),
    ("studio_batch", false),
    ("studio_status", false),
    ("honor_level", false),
    ("honor_batch", false),
    ("honor_status", false),
    ("review_decision", false),
    ("review_date", false),
    ("submitted_at", false),
    ("merit_score", false),
    ("plan", false),
];

/// `provinces.csv` columns.
pub const PROVINCE_COLUMNS: &[(&str, bool)] = &[
    ("province", true),
    ("national_quota", true),
    ("provincial_quota", false),
    ("list_submitted_at", false),
    ("university_quotas", false),
];

/// `decisions.csv` columns.
pub const DECISION_COLUMNS: &[(&str, bool)] = &[("id", true), ("decision", true)];

/// Where a JSON Pointer inside one row's document comes from: (pointer prefix, column).
const APPLICATION_PATHS: &[(&str, &str)] = &[
    ("/institution/code", "institution_code"),
    ("/institution/name", "institution_name"),
    ("/institution/higher_education", "higher_education"),
    ("/institution/corps", "corps"),
    ("/institution", "institution_code"),
    ("/branch/name", "branch_name"),
    ("/branch/kind", "branch_kind"),
    ("/branch", "branch_kind"),
    ("/studio/level", "studio_level"),
    ("/studio/batch", "studio_batch"),
    ("/studio/status", "studio_status"),
    ("/studio", "studio_level"),
    ("/branch_honor/level", "honor_level"),
    ("/branch_honor/batch", "honor_batch"),
    ("/branch_honor/status", "honor_status"),
    ("/branch_honor", "honor_level"),
    ("/university_review/decision", "review_decision"),
    ("/university_review/date", "review_date"),
    ("/university_review", "review_decision"),
    ("/plan", "plan"),
];

const PROVINCE_PATHS: &[(&str, &str)] = &[("/university_quotas", "university_quotas")];

/// One parsed CSV file: its name, header and rows with their line numbers.
struct Sheet {
    name: String,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    fn read(path: &Path, columns: &[(&str, bool)], progress: bool) -> Result<Sheet, Fail> {
        let name = path.display().to_string();
        let text = read_text(&name)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Fail::new(format!("{name}:1: {e}")))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        for (i, h) in header.iter().enumerate() {
            if !columns.iter().any(|(c, _)| c == h) {
                let known: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
                return Err(Fail::new(format!(
                    "{name}:1:{}: unknown column `{h}`, expected some of: {}",
                    i + 1,
                    known.join(", ")
                )));
            }
            if header.iter().take(i).any(|g| g == h) {
                return Err(Fail::new(format!(
                    "{name}:1:{}: column `{h}` appears twice",
                    i + 1
                )));
            }
        }
        for (c, required) in columns {
            if *required && !header.iter().any(|h| h == c) {
                return Err(Fail::new(format!(
                    "{name}:1: missing required column `{c}`"
                )));
            }
        }
        // A bar by bytes read, shown once the file has proved large (more than 10,000 rows)
        // and only when stderr is a terminal.
        let mut rows = Vec::new();
        let mut bar: Option<indicatif::ProgressBar> = None;
        for record in reader.records() {
            let record = record.map_err(|e| {
                if let Some(b) = &bar {
                    b.finish_and_clear();
                }
                let line = e.position().map_or(0, csv::Position::line);
                Fail::new(format!("{name}:{line}: {e}"))
            })?;
            let position = record.position();
            rows.push((
                position.map_or(0, csv::Position::line),
                record.iter().map(str::to_owned).collect(),
            ));
            if progress && rows.len() == crate::output::PROGRESS_THRESHOLD + 1 {
                let b = indicatif::ProgressBar::new(u64::try_from(text.len()).unwrap_or(u64::MAX));
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{msg} {bar:40} {bytes}/{total_bytes} {eta}",
                ) {
                    b.set_style(style);
                }
                b.set_message(name.clone());
                bar = Some(b);
            }
            if let (Some(b), Some(p)) = (&bar, position) {
                if rows.len() % 1000 == 0 {
                    b.set_position(p.byte());
                }
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        Ok(Sheet { name, header, rows })
    }

    /// `FILE:LINE:COLUMN: column NAME: message`.
    fn fail(&self, line: u64, column: &str, message: &str) -> Fail {
        let col = self
            .header
            .iter()
            .position(|h| h == column)
            .map_or(0, |i| i + 1);
        Fail::new(format!(
            "{}:{line}:{col}: column {column}: {message}",
            self.name
        ))
    }
}

/// One row's cells by column name (empty cells are absent).
struct Row<'a> {
    sheet: &'a Sheet,
    line: u64,
    cells: BTreeMap<&'a str, &'a str>,
}

impl<'a> Row<'a> {
    fn new(sheet: &'a Sheet, line: u64, values: &'a [String]) -> Row<'a> {
        let cells = sheet
            .header
            .iter()
            .zip(values)
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(h, v)| (h.as_str(), v.trim()))
            .collect();
        Row { sheet, line, cells }
    }

    fn get(&self, column: &str) -> Option<&'a str> {
        self.cells.get(column).copied()
    }

    fn fail(&self, column: &str, message: &str) -> Fail {
        self.sheet.fail(self.line, column, message)
    }

    fn string(&self, column: &str) -> Value {
        self.get(column)
            .map_or(Value::Null, |s| Value::String(s.to_owned()))
    }

    fn boolean(&self, column: &str) -> Result<Value, Fail> {
        match self.get(column).map(str::to_lowercase).as_deref() {
            None => Ok(Value::Null),
            Some("true" | "1" | "yes" | "y" | "是") => Ok(Value::Bool(true)),
            Some("false" | "0" | "no" | "n" | "否") => Ok(Value::Bool(false)),
            Some(other) => Err(self.fail(
                column,
                &format!("expected true or false (also 1/0, 是/否), got `{other}`"),
            )),
        }
    }

    fn integer(&self, column: &str) -> Result<Value, Fail> {
        match self.get(column) {
            None => Ok(Value::Null),
            // Read as JSON reads it: no `+5`, no `05`.
            Some(s) => serde_json::from_str::<u64>(s)
                .map(Value::from)
                .map_err(|_| self.fail(column, &format!("expected a whole number, got `{s}`"))),
        }
    }

    fn number(&self, column: &str) -> Result<Value, Fail> {
        match self.get(column) {
            None => Ok(Value::Null),
            // Read as JSON reads it: no `+5`, `.5`, `5.`, `inf` or `NaN`.
            Some(s) => serde_json::from_str::<serde_json::Number>(s)
                .ok()
                .filter(|n| n.as_f64().is_some_and(f64::is_finite))
                .map(Value::Number)
                .ok_or_else(|| self.fail(column, &format!("expected a number, got `{s}`"))),
        }
    }

    /// Reads a core type from a row document, pointing a core error at the column it came from.
    fn parse<T: serde::de::DeserializeOwned>(
        &self,
        doc: Value,
        paths: &[(&str, &str)],
    ) -> Result<T, Fail> {
        qgx_core::from_json_value(doc).map_err(|e| {
            let column = column_of(e.path(), paths);
            if e.message().starts_with("missing field") && self.get(column).is_none() {
                self.fail(column, "required, got an empty cell")
            } else if e.path().is_empty() {
                self.fail(column, e.message())
            } else {
                self.fail(column, &format!("{} (at {})", e.message(), e.path()))
            }
        })
    }
}

/// The column a JSON Pointer into a row's document came from.
fn column_of<'a>(path: &'a str, paths: &[(&str, &'a str)]) -> &'a str {
    paths
        .iter()
        .find(|(prefix, _)| path == *prefix || path.starts_with(&format!("{prefix}/")))
        .map(|(_, c)| *c)
        .unwrap_or_else(|| {
            path.trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or(path)
        })
}

fn object(pairs: Vec<(&str, Value)>) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    if map.is_empty() {
        Value::Null
    } else {
        Value::Object(map)
    }
}

fn application(row: &Row<'_>) -> Result<Application, Fail> {
    let plan = match row.get("plan") {
        None => Value::Null,
        Some(text) => {
            let plan: Plan =
                qgx_core::from_json_str(text).map_err(|e| row.fail("plan", &e.to_string()))?;
            serde_json::to_value(plan).map_err(|e| row.fail("plan", &e.to_string()))?
        }
    };
    let doc = object(vec![
        ("id", row.string("id")),
        ("person_id", row.string("person_id")),
        ("name", row.string("name")),
        (
            "institution",
            json!({
                "code": row.string("institution_code"),
                "name": row.string("institution_name"),
                "higher_education": row.boolean("higher_education")?,
                "corps": row.boolean("corps")?,
            }),
        ),
        ("province", row.string("province")),
        (
            "branch",
            json!({ "name": row.string("branch_name"), "kind": row.string("branch_kind") }),
        ),
        ("role", row.string("role")),
        ("dual_leader", row.boolean("dual_leader")?),
        (
            "studio",
            object(vec![
                ("level", row.string("studio_level")),
                ("batch", row.integer("studio_batch")?),
                ("status", row.string("studio_status")),
            ]),
        ),
        (
            "branch_honor",
            object(vec![
                ("level", row.string("honor_level")),
                ("batch", row.integer("honor_batch")?),
                ("status", row.string("honor_status")),
            ]),
        ),
        (
            "university_review",
            object(vec![
                ("decision", row.string("review_decision")),
                ("date", row.string("review_date")),
            ]),
        ),
        ("submitted_at", row.string("submitted_at")),
        ("merit_score", row.number("merit_score")?),
        ("plan", plan),
    ]);
    row.parse(doc, APPLICATION_PATHS)
}

fn province(row: &Row<'_>) -> Result<ProvinceConfig, Fail> {
    let quotas = match row.get("university_quotas") {
        None => Value::Null,
        Some(text) => {
            let mut map = Map::new();
            for part in text
                .split([';', '；'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let (code, n) = part.split_once([':', '：']).ok_or_else(|| {
                    row.fail(
                        "university_quotas",
                        &format!("expected CODE:N entries separated by `;`, got `{part}`"),
                    )
                })?;
                let n: u32 = n.trim().parse().map_err(|_| {
                    row.fail(
                        "university_quotas",
                        &format!(
                            "expected a whole number after `{}:`, got `{}`",
                            code.trim(),
                            n.trim()
                        ),
                    )
                })?;
                map.insert(code.trim().to_owned(), Value::from(n));
            }
            Value::Object(map)
        }
    };
    let doc = object(vec![
        ("province", row.string("province")),
        ("national_quota", row.integer("national_quota")?),
        ("provincial_quota", row.integer("provincial_quota")?),
        ("list_submitted_at", row.string("list_submitted_at")),
        ("university_quotas", quotas),
    ]);
    row.parse(doc, PROVINCE_PATHS)
}

/// Reads the CSV files (and the registry JSON) into a Selection input, with a [`Locator`] for
/// the core's errors.
pub fn selection(
    applications: &Path,
    provinces: &Path,
    registry: Option<&Path>,
    decisions: Option<&Path>,
    progress: bool,
) -> Result<(SelectionInput, Locator), Fail> {
    let apps = Sheet::read(applications, APPLICATION_COLUMNS, progress)?;
    let provs = Sheet::read(provinces, PROVINCE_COLUMNS, progress)?;
    let mut input = SelectionInput::default();
    let mut decision_sheet = None;
    for (line, values) in &apps.rows {
        input
            .applications
            .push(application(&Row::new(&apps, *line, values))?);
    }
    for (line, values) in &provs.rows {
        input
            .provinces
            .push(province(&Row::new(&provs, *line, values))?);
    }
    if let Some(path) = registry {
        input.registry = Some(read_json::<Registry>(&path.display().to_string())?);
    }
    if let Some(path) = decisions {
        let sheet = Sheet::read(path, DECISION_COLUMNS, progress)?;
        for (line, values) in &sheet.rows {
            let row = Row::new(&sheet, *line, values);
            let id = row
                .get("id")
                .ok_or_else(|| row.fail("id", "expected an application id, got an empty cell"))?;
            let decision: OfficeDecision = match row.get("decision") {
                None => {
                    return Err(row.fail(
                        "decision",
                        "expected `approved` or `rejected`, got an empty cell",
                    ));
                }
                Some(_) => row.parse(row.string("decision"), &[("", "decision")])?,
            };
            if input
                .office_decisions
                .insert(id.to_owned(), decision)
                .is_some()
            {
                return Err(row.fail("id", &format!("a second decision for `{id}`")));
            }
        }
        decision_sheet = Some(sheet);
    }
    Ok((
        input,
        Locator {
            apps,
            provs,
            decisions: decision_sheet,
        },
    ))
}

/// Points the core's errors about the assembled input back at the CSV rows they came from.
pub struct Locator {
    apps: Sheet,
    provs: Sheet,
    decisions: Option<Sheet>,
}

impl Locator {
    /// What the core rejects across rows (duplicate ids or provinces, a merit score out of
    /// range), reported at the row and column it came from.
    pub fn fail(&self, e: &qgx_core::Error) -> Fail {
        if let (Some(key), Some(sheet)) = (
            e.path().strip_prefix("/office_decisions/"),
            self.decisions.as_ref(),
        ) {
            let id = key.replace("~1", "/").replace("~0", "~");
            let column = sheet.header.iter().position(|h| h == "id");
            let row = sheet.rows.iter().find(|(_, values)| {
                column
                    .and_then(|c| values.get(c))
                    .is_some_and(|v| v.trim() == id)
            });
            if let Some((line, _)) = row {
                return sheet.fail(*line, "id", e.message());
            }
        }
        locate(e, &self.apps, &self.provs)
    }
}

/// Turns a core error at `/applications/i/…` or `/provinces/i/…` into `FILE:LINE:COLUMN`.
fn locate(e: &qgx_core::Error, apps: &Sheet, provs: &Sheet) -> Fail {
    let path = e.path();
    let mut parts = path.trim_start_matches('/').splitn(3, '/');
    let (list, index, rest) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
    let index: Option<usize> = index.and_then(|i| i.parse().ok());
    let rest = format!("/{rest}");
    let (sheet, paths) = match list {
        Some("applications") => (apps, APPLICATION_PATHS),
        Some("provinces") => (provs, PROVINCE_PATHS),
        _ => return Fail::new(format!("selection: {e}")),
    };
    match index.and_then(|i| sheet.rows.get(i)) {
        Some((line, _)) => sheet.fail(*line, column_of(&rest, paths), e.message()),
        None => Fail::new(format!("{}: {e}", sheet.name)),
    }
}
