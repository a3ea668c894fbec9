//! Writes the seeds of the spreadsheet fuzz targets (`fuzz/`): every template, the examples'
//! selection and reports as workbooks, and the CSV examples in UTF-8 and in GB18030; for the
//! annotated copies, the files that hold reports (the reports workbook, its template, and its
//! reports sheet as a CSV).
//!
//! ```sh
//! cargo run -p qgx-sheets --example fuzz_seeds -- fuzz/corpus
//! ```
//!
//! Writes `DIR/sheets_xlsx/*.xlsx`, `DIR/sheets_csv/*.csv` and `DIR/sheets_annotate/*`.

use std::path::{Path, PathBuf};

use qgx_core::{AnnualReport, Ruleset, SelectionInput};
use qgx_sheets::{
    Kind, ReadOptions, book, write_csv, write_reports_input, write_selection_input, write_template,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: fuzz_seeds DIR")?);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let stamp = Ruleset::edition_2024().stamp();
    let xlsx = out.join("sheets_xlsx");
    let csv = out.join("sheets_csv");
    let annotate = out.join("sheets_annotate");
    std::fs::create_dir_all(&xlsx)?;
    std::fs::create_dir_all(&csv)?;
    std::fs::create_dir_all(&annotate)?;

    for kind in Kind::ALL {
        let bytes = write_template(*kind, &stamp)?;
        std::fs::write(xlsx.join(format!("template-{}.xlsx", kind.name())), bytes)?;
    }
    let selection: SelectionInput = qgx_core::from_json_str(&std::fs::read_to_string(
        root.join("examples/selection.json"),
    )?)?;
    std::fs::write(
        xlsx.join("selection.xlsx"),
        write_selection_input(&selection, &stamp)?,
    )?;
    let mut reports = Vec::new();
    for name in ["report.json", "report-incomplete.json"] {
        let text = std::fs::read_to_string(root.join("examples").join(name))?;
        reports.push(qgx_core::from_json_str::<AnnualReport>(&text)?);
    }
    let workbook = write_reports_input(&reports, &stamp)?;
    std::fs::write(xlsx.join("reports.xlsx"), &workbook)?;
    std::fs::write(annotate.join("reports.xlsx"), &workbook)?;
    std::fs::write(
        annotate.join("template-reports.xlsx"),
        write_template(Kind::Reports, &stamp)?,
    )?;
    // The reports sheet alone, as a CSV (a CSV holds one sheet: the reports without tasks).
    let read = book::from_bytes("reports.xlsx", workbook, &ReadOptions::default())?;
    let main = read
        .sheets
        .iter()
        .find(|s| s.name.as_deref() == Some("报告"))
        .ok_or("the reports workbook has no sheet 报告")?;
    let width = main
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|(c, _)| c + 1))
        .max()
        .unwrap_or(0);
    let rows: Vec<Vec<String>> = main
        .rows
        .iter()
        .map(|row| {
            (0..width)
                .map(|c| row.get(c).map(|v| v.text()).unwrap_or_default())
                .collect()
        })
        .collect();
    std::fs::write(annotate.join("reports.csv"), write_csv(&rows)?)?;

    for entry in std::fs::read_dir(root.join("examples/csv"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "csv") {
            let text = std::fs::read_to_string(&path)?;
            let name = path
                .file_stem()
                .ok_or("a file without a name")?
                .to_string_lossy();
            std::fs::write(csv.join(format!("{name}.csv")), &text)?;
            let (gb, _, _) = encoding_rs::GB18030.encode(&text);
            std::fs::write(csv.join(format!("{name}-gb18030.csv")), &gb)?;
        }
    }
    Ok(())
}
