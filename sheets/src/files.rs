//! Files by name, as the command line and the bindings give them: a selection from its files
//! (the registry may be JSON), the reports a results workbook is mapped to, and workbooks
//! saved whole or not at all.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use qgx_core::{AnnualReport, Registry, ReportCheck, SelectionInput};

use crate::book::{self, Book, ReadOptions};
use crate::error::{Error, ErrorKind};
use crate::locate::Source;
use crate::read::{self, SelectionBooks};

/// A file name's extension, lower-cased (`""` without one).
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Where a selection's sheets come from, as files.
#[derive(Debug, Clone, Copy)]
pub struct SelectionPaths<'p> {
    /// One workbook with every sheet, or the applications' file (申报 and the plan's sheets).
    pub applications: &'p Path,
    /// 省份 and 高校名额 (default: the applications' file).
    pub provinces: Option<&'p Path>,
    /// A workbook or CSV (全国工作室, 样板支部), or the Registry as JSON (a name ending in
    /// `.json`, read by the core).
    pub registry: Option<&'p Path>,
    /// 备案审核 (default: the applications' file).
    pub decisions: Option<&'p Path>,
}

/// Reads a selection from its files: the input, where each part came from, and the
/// applications' book (what an annotated copy copies).
///
/// # Errors
/// As [`book::open`] and [`crate::read_selection`]; a registry given as JSON that the core
/// does not read is [`ErrorKind::Invalid`] with the core's message (JSON Pointer, line and
/// column).
pub fn read_selection_paths(
    paths: &SelectionPaths<'_>,
    opts: &ReadOptions,
) -> Result<(SelectionInput, Source, Book), Error> {
    read_selection_paths_with(paths, opts, &mut |p| book::open(p, opts), &mut |_| {})
}

/// [`read_selection_paths`] with each workbook or CSV opened by `open` (say, with
/// [`book::open_with_progress`]), and `converting` told the rows of all the sheets read before
/// they become the input (say, to start a spinner).
///
/// # Errors
/// As [`read_selection_paths`], and what `open` returns.
pub fn read_selection_paths_with(
    paths: &SelectionPaths<'_>,
    opts: &ReadOptions,
    open: &mut dyn FnMut(&Path) -> Result<Book, Error>,
    converting: &mut dyn FnMut(usize),
) -> Result<(SelectionInput, Source, Book), Error> {
    let apps = open(paths.applications)?;
    let provs = paths.provinces.map(&mut *open).transpose()?;
    let decs = paths.decisions.map(&mut *open).transpose()?;
    let (reg_json, reg_book) = match paths.registry {
        Some(p) if extension(p) == "json" => (Some(read_json::<Registry>(p, opts)?), None),
        Some(p) => (None, Some(open(p)?)),
        None => (None, None),
    };
    let rows = [
        Some(&apps),
        provs.as_ref(),
        reg_book.as_ref(),
        decs.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(Book::row_count)
    .sum();
    converting(rows);
    let (mut input, source) = read::selection(SelectionBooks {
        applications: &apps,
        provinces: provs.as_ref(),
        registry: reg_book.as_ref(),
        decisions: decs.as_ref(),
    })?;
    if let Some(reg) = reg_json {
        input.registry = Some(reg);
    }
    Ok((input, source, apps))
}

/// A JSON file (UTF-8, a byte-order mark dropped) read by the core, under the size limit.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path, opts: &ReadOptions) -> Result<T, Error> {
    let (file, bytes) = book::read_file(path, opts)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Format,
            &file,
            format!(
                "not UTF-8 text: invalid byte at offset {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    qgx_core::from_json_str(text).map_err(|e| Error::new(ErrorKind::Invalid, &file, e.to_string()))
}

/// Whether `checks` are the checks of `reports` (as read from `file`), one for one and in
/// order — what [`Source::locate_report`] takes for granted when a results workbook maps
/// findings to cells.
///
/// # Errors
/// [`ErrorKind::Invalid`] naming the first report that differs (or the counts).
pub fn same_reports(
    checks: &[ReportCheck],
    reports: &[AnnualReport],
    file: &str,
) -> Result<(), Error> {
    let differ = |what: String| {
        Error::new(
            ErrorKind::Invalid,
            file,
            format!("{what}: these are not the reports the checks were made of"),
        )
    };
    if checks.len() != reports.len() {
        return Err(differ(format!(
            "the file holds {} reports and the checks are {}",
            reports.len(),
            checks.len()
        )));
    }
    for (i, (c, r)) in checks.iter().zip(reports).enumerate() {
        if c.application_id != r.application_id || c.cycle_year != r.cycle_year {
            return Err(differ(format!(
                "report {i} is {} year {} in the file and {} year {} in the checks",
                r.application_id, r.cycle_year, c.application_id, c.cycle_year
            )));
        }
    }
    Ok(())
}

/// Writes a workbook's bytes to `path` (a name ending in `.xlsx`) whole or not at all: into a
/// new file beside it, then renamed over it, so that an error leaves no half-written workbook
/// (and an existing file as it was).
///
/// # Errors
/// [`ErrorKind::Format`] for a name not ending in `.xlsx`; [`ErrorKind::Io`] when the file
/// cannot be written (with what the system said: [`Error::os_error`]).
pub fn save_xlsx(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let file = path.display().to_string();
    if extension(path) != "xlsx" {
        return Err(Error::new(
            ErrorKind::Format,
            &file,
            "the output is an Excel workbook: give a name ending in .xlsx",
        ));
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let part = path.with_file_name(format!(
        ".{name}.{}-{}.part",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&part)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&part, path)
    })();
    written.map_err(|e| {
        // Nothing to do if the part cannot be removed: it was never made, or is gone.
        let _ = std::fs::remove_file(&part);
        Error::io(&file, "cannot write", &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("qgx-sheets-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_workbook_is_saved_whole_and_replaces_the_old_one() {
        let dir = scratch("save");
        let out = dir.join("结果.xlsx");
        save_xlsx(&out, b"first").unwrap();
        save_xlsx(&out, b"second").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second");
        assert_eq!(entries(&dir), vec!["结果.xlsx"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_xlsx_and_no_part_left_on_failure() {
        let dir = scratch("fail");
        let e = save_xlsx(&dir.join("out.csv"), b"x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Format);
        assert!(
            e.to_string().ends_with("give a name ending in .xlsx"),
            "{e}"
        );
        // A directory where the file should go: the rename fails, the part is removed.
        std::fs::create_dir(dir.join("taken.xlsx")).unwrap();
        let e = save_xlsx(&dir.join("taken.xlsx"), b"x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert!(e.os_error().is_some());
        assert_eq!(entries(&dir), vec!["taken.xlsx"]);
        let e = save_xlsx(&dir.join("no/such/dir/out.xlsx"), b"x").unwrap_err();
        assert_eq!(e.io_kind(), Some(std::io::ErrorKind::NotFound));
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    #[test]
    fn a_selection_from_its_files_with_the_registry_as_json() {
        let csv = root().join("examples/csv");
        let opts = ReadOptions::default();
        let (input, source, apps) = read_selection_paths(
            &SelectionPaths {
                applications: &csv.join("applications.csv"),
                provinces: Some(&csv.join("provinces.csv")),
                registry: Some(&csv.join("registry.json")),
                decisions: Some(&csv.join("decisions.csv")),
            },
            &opts,
        )
        .unwrap();
        let json = std::fs::read_to_string(root().join("examples/selection.json")).unwrap();
        let expected: SelectionInput = qgx_core::from_json_str(&json).unwrap();
        assert_eq!(
            serde_json::to_value(&input.registry).unwrap(),
            serde_json::to_value(&expected.registry).unwrap()
        );
        assert_eq!(input.applications.len(), expected.applications.len());
        assert!(apps.file.ends_with("applications.csv"));
        let at = source.locate("/applications/0/merit_score").unwrap();
        assert_eq!(at.cell.row, 2);

        let dir = scratch("json");
        let bad = dir.join("registry.json");
        std::fs::write(&bad, "{\"national_studios\": [{\"person_id\": 7}]}").unwrap();
        let e = read_selection_paths(
            &SelectionPaths {
                applications: &csv.join("applications.csv"),
                provinces: Some(&csv.join("provinces.csv")),
                registry: Some(&bad),
                decisions: None,
            },
            &opts,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
        assert!(e.to_string().contains("/national_studios/0"), "{e}");
        let e = read_selection_paths(
            &SelectionPaths {
                applications: &dir.join("missing.xlsx"),
                provinces: None,
                registry: None,
                decisions: None,
            },
            &opts,
        )
        .unwrap_err();
        assert_eq!(e.io_kind(), Some(std::io::ErrorKind::NotFound));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn checks_must_be_of_the_reports_read() {
        let text = std::fs::read_to_string(root().join("examples/report.json")).unwrap();
        let report: AnnualReport = qgx_core::from_json_str(&text).unwrap();
        let rs = qgx_core::Ruleset::edition_2024();
        let checks = qgx_core::check_reports(std::slice::from_ref(&report), None, &rs);
        assert!(same_reports(&checks, std::slice::from_ref(&report), "r.xlsx").is_ok());
        let e = same_reports(&checks, &[], "r.xlsx").unwrap_err();
        assert_eq!(
            e.to_string(),
            "r.xlsx: the file holds 0 reports and the checks are 1: these are not the reports \
             the checks were made of"
        );
        let mut other = report.clone();
        other.cycle_year += 1;
        let e = same_reports(&checks, &[other], "r.xlsx").unwrap_err();
        assert!(e.to_string().contains("report 0 is "), "{e}");
    }
}
