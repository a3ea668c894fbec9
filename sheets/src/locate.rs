//! From a JSON Pointer (as the core reports it) back to the sheet and cell it came from.

use crate::columns::{
    ACTIVITIES, APPLICATIONS, BRANCHES, OUTPUTS, PLAN_ACTIVITIES, PLAN_OUTPUTS, PROVINCES, REPORTS,
    STUDIOS, SheetSpec,
};
use crate::error::{CellRef, Error, ErrorKind};

/// A sheet that was read: its spec, where it is, and where its columns are.
#[derive(Debug, Clone)]
pub(crate) struct TableInfo {
    pub file: String,
    pub sheet: Option<String>,
    pub columns: Vec<(&'static str, u32)>,
}

/// A row of a table that was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RowAt {
    table: usize,
    row: u32,
}

impl RowAt {
    pub fn new(table: usize, row: u32) -> RowAt {
        RowAt { table, row }
    }
}

/// The rows one application came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct AppRows {
    pub id: String,
    pub main: RowAt,
    /// The plan came as JSON in the column `plan`.
    pub plan_in_cell: bool,
    pub objectives: Option<RowAt>,
    pub activities: Vec<RowAt>,
    pub outputs: Vec<RowAt>,
    pub milestones: Vec<(String, RowAt)>,
}

/// The rows one province came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProvRows {
    pub code: String,
    pub main: RowAt,
    pub quotas_in_cell: bool,
    pub quotas: Vec<(String, RowAt)>,
}

/// The rows one report came from: its 报告 row, and per task its 活动 and 成果 rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportRows {
    pub main: RowAt,
    pub tasks: Vec<(String, Vec<RowAt>, Vec<RowAt>)>,
}

/// Where a pointer leads: the cell, its column's English name, the sheet's Chinese name, and
/// whether it is the very cell (`exact`) or the nearest one that exists (the row's first cell,
/// say, for a missing task or a plan that is absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub cell: CellRef,
    pub column: Option<&'static str>,
    pub exact: bool,
}

/// Where every part of what was read came from: maps the core's JSON Pointers back to cells.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub(crate) tables: Vec<TableInfo>,
    pub(crate) apps: Vec<AppRows>,
    pub(crate) provinces: Vec<ProvRows>,
    pub(crate) decisions: Vec<(String, RowAt)>,
    pub(crate) studios: Vec<(String, RowAt)>,
    pub(crate) branches: Vec<RowAt>,
    pub(crate) reports: Vec<ReportRows>,
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `("activities", 2, "/form")` from `/activities/2/form`.
fn split_first(pointer: &str) -> Option<(String, &str)> {
    let rest = pointer.strip_prefix('/')?;
    match rest.find('/') {
        Some(i) => Some((unescape(rest.get(..i)?), rest.get(i..)?)),
        None => Some((unescape(rest), "")),
    }
}

fn index(pointer: &str) -> Option<(usize, &str)> {
    let (first, rest) = split_first(pointer)?;
    Some((first.parse().ok()?, rest))
}

impl Source {
    /// The cell of column `key` in row `at` (the row's first cell when the sheet lacks that
    /// column).
    fn cell(&self, at: RowAt, key: &str) -> Option<Located> {
        let t = self.tables.get(at.table)?;
        let exact = t.columns.iter().find(|(k, _)| *k == key);
        let (column, col, is_exact) = match exact {
            Some((k, c)) => (Some(*k), *c, true),
            None => (
                None,
                t.columns.iter().map(|(_, c)| *c).min().unwrap_or(0),
                false,
            ),
        };
        Some(Located {
            cell: CellRef {
                file: t.file.clone(),
                sheet: t.sheet.clone(),
                row: at.row,
                col,
            },
            column,
            exact: is_exact,
        })
    }

    /// The cell for `pointer` inside the object a row of `spec` made.
    fn in_row(&self, at: RowAt, spec: &SheetSpec, pointer: &str) -> Option<Located> {
        let key = spec.column_at(pointer).map_or("", |c| c.key);
        self.cell(at, key)
    }

    fn not_exact(located: Option<Located>) -> Option<Located> {
        located.map(|l| Located {
            exact: false,
            column: None,
            ..l
        })
    }

    /// The cell a JSON Pointer into what was read comes from: into a Selection input
    /// (`/applications/3/plan/objectives/tech_empowerment`, `/provinces/0/national_quota`,
    /// `/office_decisions/A-0001`, `/registry/national_studios/2/batch`) or, for reports, into
    /// the array of reports (`/4/tasks/party_building/activities/2/date`).
    pub fn locate(&self, pointer: &str) -> Option<Located> {
        if !self.reports.is_empty() {
            let (i, rest) = index(pointer)?;
            return self.locate_report(i, rest);
        }
        let (first, rest) = split_first(pointer)?;
        match first.as_str() {
            "applications" => {
                let (i, rest) = index(rest)?;
                self.app(i, rest)
            }
            "provinces" => {
                let (i, rest) = index(rest)?;
                self.province(i, rest)
            }
            "office_decisions" => {
                let (id, rest) = split_first(rest)?;
                let (_, at) = self.decisions.iter().find(|(k, _)| *k == id)?;
                self.cell(*at, if rest.is_empty() { "id" } else { "decision" })
            }
            "registry" => {
                let (list, rest) = split_first(rest)?;
                let (i, rest) = index(rest)?;
                match list.as_str() {
                    "national_studios" => {
                        let (_, at) = self.studios.get(i)?;
                        self.in_row(*at, &STUDIOS, rest)
                    }
                    "national_model_branches" => {
                        self.in_row(*self.branches.get(i)?, &BRANCHES, rest)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The cell of a finding about application `id` (its path points into the application,
    /// as selection results give it: `/plan/activities/0/form`, `""`).
    pub fn locate_application(&self, id: &str, path: &str) -> Option<Located> {
        let i = self.apps.iter().position(|a| a.id == id)?;
        self.app(i, path)
    }

    /// The cell of a finding about province `code` (its path points into its ProvinceConfig).
    pub fn locate_province(&self, code: &str, path: &str) -> Option<Located> {
        let i = self.provinces.iter().position(|p| p.code == code)?;
        self.province(i, path)
    }

    /// The row of a person on 全国工作室 (R-MANDATORY's findings name the person).
    pub fn locate_person(&self, person_id: &str) -> Option<Located> {
        let (_, at) = self.studios.iter().find(|(p, _)| p == person_id)?;
        self.cell(*at, "person_id")
    }

    /// The cell of a finding about the `index`-th report read (its path points into the
    /// report: `/tasks/party_building/activities/2/date`, `/summary`).
    pub fn locate_report(&self, report: usize, path: &str) -> Option<Located> {
        let r = self.reports.get(report)?;
        let Some(("tasks", rest)) = split_first(path).as_ref().map(|(f, r)| (f.as_str(), *r))
        else {
            return self.in_row(r.main, &REPORTS, path);
        };
        let fallback = || Self::not_exact(self.cell(r.main, "application_id"));
        let Some((task, rest)) = split_first(rest) else {
            return fallback();
        };
        let Some((_, acts, outs)) = r.tasks.iter().find(|(t, _, _)| *t == task) else {
            return fallback();
        };
        let Some((list, rest)) = split_first(rest) else {
            return acts
                .first()
                .or(outs.first())
                .map_or_else(fallback, |at| Self::not_exact(self.cell(*at, "task")));
        };
        let (rows, spec) = match list.as_str() {
            "activities" => (acts, &ACTIVITIES),
            "outputs" => (outs, &OUTPUTS),
            _ => return fallback(),
        };
        match index(rest) {
            Some((j, more)) => match rows.get(j) {
                Some(at) => self.in_row(*at, spec, more),
                None => fallback(),
            },
            None => fallback(),
        }
    }

    fn app(&self, i: usize, rest: &str) -> Option<Located> {
        let a = self.apps.get(i)?;
        let id_cell = || Self::not_exact(self.cell(a.main, "id"));
        let Some(plan) = rest
            .strip_prefix("/plan")
            .filter(|p| p.is_empty() || p.starts_with('/'))
        else {
            let key = if rest.is_empty() {
                "id"
            } else {
                APPLICATIONS.column_at(rest).map_or("id", |c| c.key)
            };
            return self.cell(a.main, key);
        };
        if a.plan_in_cell {
            return self.cell(a.main, "plan");
        }
        let Some((part, more)) = split_first(plan) else {
            return id_cell();
        };
        match part.as_str() {
            "objectives" => {
                let task = split_first(more).map(|(t, _)| t);
                match (a.objectives, task) {
                    (Some(at), Some(task)) => self.cell(at, &task),
                    (Some(at), None) => Self::not_exact(self.cell(at, "application_id")),
                    _ => id_cell(),
                }
            }
            "activities" | "outputs" => {
                let (rows, spec) = if part == "activities" {
                    (&a.activities, &PLAN_ACTIVITIES)
                } else {
                    (&a.outputs, &PLAN_OUTPUTS)
                };
                match index(more).and_then(|(j, m)| Some((rows.get(j)?, m))) {
                    Some((at, m)) => self.in_row(*at, spec, m),
                    None => id_cell(),
                }
            }
            "milestones" => {
                let year = split_first(more).map(|(y, _)| y);
                match a.milestones.iter().find(|(y, _)| Some(y) == year.as_ref()) {
                    Some((_, at)) => self.cell(*at, "milestone"),
                    None => id_cell(),
                }
            }
            _ => id_cell(),
        }
    }

    fn province(&self, i: usize, rest: &str) -> Option<Located> {
        let p = self.provinces.get(i)?;
        if let Some(q) = rest.strip_prefix("/university_quotas") {
            if let Some((code, _)) = split_first(q) {
                if let Some((_, at)) = p.quotas.iter().find(|(c, _)| *c == code) {
                    return self.cell(*at, "quota");
                }
            }
            if p.quotas_in_cell {
                return self.cell(p.main, "university_quotas");
            }
            return Self::not_exact(self.cell(p.main, "province"));
        }
        if rest.is_empty() {
            return self.cell(p.main, "province");
        }
        self.in_row(p.main, &PROVINCES, rest)
    }

    /// What the core rejects in the input the sheets made (at reading, or later: two
    /// applications with one id, a decision for no application), named at its cell.
    pub fn error(&self, e: &qgx_core::Error) -> Error {
        let file = self.tables.first().map_or("", |t| t.file.as_str());
        self.core_error(file, e)
    }

    pub(crate) fn core_error(&self, file: &str, e: &qgx_core::Error) -> Error {
        match self.locate(e.path()) {
            Some(l) => {
                let file = l.cell.file.clone();
                // Inside a JSON cell (the CSV's plan), say where.
                let inner = match (l.column, e.path().find("/plan/")) {
                    (Some("plan"), Some(i)) => e.path().get(i + 5..),
                    _ => None,
                };
                let message = match inner {
                    Some(p) => format!("invalid input at {p}: {}", e.message()),
                    None => e.message().to_owned(),
                };
                Error::new(ErrorKind::Invalid, &file, message).at_cell(l.cell, l.column)
            }
            None => Error::new(
                ErrorKind::Invalid,
                file,
                format!("invalid input at {}: {}", e.path(), e.message()),
            ),
        }
    }
}
