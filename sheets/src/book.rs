//! Files in: a workbook (`.xlsx`, `.xls`, `.ods`, as calamine reads them) or a CSV (UTF-8 with
//! or without BOM, or GB18030), as sheets of typed cells — under limits on the file's size, its
//! decompressed size, rows and cells, so that no file exhausts memory.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Sheets};

use crate::error::{Error, ErrorKind};

/// Which text encoding a CSV is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Valid UTF-8 (a BOM is dropped) is UTF-8; anything else is read as GB18030.
    #[default]
    Auto,
    Utf8,
    /// GB18030 (a superset of GBK and GB2312: what Excel saves on a Chinese Windows machine).
    Gb18030,
}

impl Encoding {
    /// `auto`, `utf-8` (`utf8`), `gb18030` (`gbk`, `gb2312`: read as their superset).
    pub fn from_name(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

/// Limits on what is read. A file over any of them is refused with an error naming the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file's size in bytes.
    pub max_file_bytes: u64,
    /// The workbook's parts once decompressed (all zip entries together), in bytes.
    pub max_unzipped_bytes: u64,
    /// Rows of one sheet (or records of one CSV), header included.
    pub max_rows: usize,
    /// Non-empty cells of one workbook or CSV.
    pub max_cells: usize,
}

impl Default for Limits {
    /// 64 MiB on disk, 512 MiB decompressed, 200,000 rows a sheet, 5,000,000 cells.
    fn default() -> Limits {
        Limits {
            max_file_bytes: 64 << 20,
            max_unzipped_bytes: 512 << 20,
            max_rows: 200_000,
            max_cells: 5_000_000,
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadOptions {
    pub encoding: Encoding,
    pub limits: Limits,
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell: the date, and the time when it is not midnight.
    DateTime {
        date: (i32, u32, u32),
        time: Option<(u32, u32, u32)>,
    },
    /// An error cell (`#N/A`, `#VALUE!`, …).
    Error(String),
}

/// A number as text: whole numbers without `.0`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

impl Value {
    /// What the cell shows, as text.
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => number_text(*n),
            Value::Bool(true) => "TRUE".into(),
            Value::Bool(false) => "FALSE".into(),
            Value::DateTime { date, time } => {
                let (y, m, d) = date;
                match time {
                    None => format!("{y:04}-{m:02}-{d:02}"),
                    Some((h, mi, s)) => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                }
            }
            Value::Error(e) => e.clone(),
        }
    }
}

/// One row: its number as people see it (1-based) and its non-empty cells by 0-based column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<(u32, Value)>,
}

impl Row {
    /// The cell in column `col`.
    pub fn get(&self, col: u32) -> Option<&Value> {
        self.cells.iter().find(|(c, _)| *c == col).map(|(_, v)| v)
    }
}

/// One sheet (a CSV is one sheet without a name).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name; `None` for a CSV.
    pub name: Option<String>,
    /// Rows with at least one non-empty cell, in order.
    pub rows: Vec<Row>,
}

/// A file's sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// The file's name as given (what messages show).
    pub file: String,
    pub sheets: Vec<Sheet>,
}

impl Book {
    /// Whether the file was a CSV.
    pub fn is_csv(&self) -> bool {
        self.sheets.iter().all(|s| s.name.is_none())
    }
}

fn limit(file: &str, message: String) -> Error {
    Error::new(ErrorKind::Limit, file, message)
}

/// Reads a workbook or a CSV file. What it is is told by its first bytes (a zip archive or an
/// OLE file is a workbook), not its name.
///
/// # Errors
/// [`ErrorKind::Io`] when the file cannot be read, [`ErrorKind::Limit`] over a limit,
/// [`ErrorKind::Format`] when it is not a workbook calamine reads, or text that is not in
/// the encoding asked for.
pub fn open(path: &Path, opts: &ReadOptions) -> Result<Book, Error> {
    let (file, bytes) = read_file(path, opts)?;
    from_bytes(&file, bytes, opts)
}

/// A file's name as messages show it and its bytes, refused over the size limit before it is
/// read.
pub(crate) fn read_file(path: &Path, opts: &ReadOptions) -> Result<(String, Vec<u8>), Error> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(&file, "cannot read", &e))?;
    if meta.len() > opts.limits.max_file_bytes {
        return Err(limit(
            &file,
            format!(
                "the file has {} bytes, more than the limit of {}",
                meta.len(),
                opts.limits.max_file_bytes
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(&file, "cannot read", &e))?;
    Ok((file, bytes))
}

/// Reads a workbook or CSV held in memory (`file` names it in messages).
///
/// # Errors
/// As [`open`].
pub fn from_bytes(file: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Result<Book, Error> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > opts.limits.max_file_bytes {
        return Err(limit(
            file,
            format!(
                "the file has {} bytes, more than the limit of {}",
                bytes.len(),
                opts.limits.max_file_bytes
            ),
        ));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_zip || is_ole {
        if is_zip {
            check_unzipped_size(file, &bytes, &opts.limits)?;
        }
        read_workbook(file, bytes, &opts.limits)
    } else {
        let text = decode(file, &bytes, opts.encoding)?;
        read_csv(file, &text, &opts.limits)
    }
}

/// Decompresses every entry into nothing, counting: a zip bomb is refused here, before
/// calamine inflates anything into memory.
fn check_unzipped_size(file: &str, bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::new(ErrorKind::Format, file, format!("not a workbook: {e}")))?;
    const MAX_ENTRIES: usize = 10_000;
    if zip.len() > MAX_ENTRIES {
        return Err(limit(
            file,
            format!(
                "the workbook has {} parts, more than the limit of {MAX_ENTRIES}",
                zip.len()
            ),
        ));
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| Error::new(ErrorKind::Format, file, format!("not a workbook: {e}")))?;
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| Error::new(ErrorKind::Format, file, format!("not a workbook: {e}")))?;
            if n == 0 {
                break;
            }
            total += u64::try_from(n).unwrap_or(u64::MAX);
            if total > limits.max_unzipped_bytes {
                return Err(limit(
                    file,
                    format!(
                        "the workbook decompresses to more than {} bytes (the limit): refused",
                        limits.max_unzipped_bytes
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn decode(file: &str, bytes: &[u8], encoding: Encoding) -> Result<String, Error> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice());
    let utf8 = |b: &[u8]| -> Result<String, Error> {
        String::from_utf8(b.to_vec()).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = b.iter().take(at).filter(|c| **c == b'\n').count() + 1;
            Error::new(
                ErrorKind::Format,
                file,
                format!("not UTF-8 text (line {line}, byte {at}); give --encoding gb18030 if it is GB18030/GBK"),
            )
        })
    };
    let gb = |b: &[u8]| -> Result<String, Error> {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(b)
            .map(|s| s.into_owned())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Format,
                    file,
                    "neither UTF-8 nor GB18030 text (a byte sequence is invalid in both)",
                )
            })
    };
    match (encoding, body) {
        (Encoding::Utf8, b) => utf8(b.unwrap_or(bytes)),
        (Encoding::Auto, Some(b)) => utf8(b),
        (Encoding::Gb18030, _) => gb(bytes),
        (Encoding::Auto, None) => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => gb(bytes),
        },
    }
}

fn read_csv(file: &str, text: &str, limits: &Limits) -> Result<Book, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Ragged rows are the sheet reader's to name (a value without a header, at its cell).
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    let (mut line, mut seen) = (1usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Error::new(ErrorKind::Format, file, e.to_string())
                .at_row(None, u32::try_from(line).unwrap_or(u32::MAX))
        })?;
        // The line from the byte offset: the csv crate's own line count drifts on CRLF files
        // (Excel's).
        let byte = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let bytes = text.as_bytes();
        // After a CRLF the record's offset is that of its `\n`.
        let byte = if bytes.get(byte) == Some(&b'\n') {
            byte + 1
        } else {
            byte
        };
        line += bytes
            .get(seen..byte.max(seen))
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        seen = byte.max(seen);
        let number = u32::try_from(line).unwrap_or(u32::MAX);
        if rows.len() >= limits.max_rows {
            return Err(limit(
                file,
                format!("more than {} rows (the limit): refused", limits.max_rows),
            ));
        }
        let row_cells: Vec<(u32, Value)> = record
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(i, v)| {
                (
                    u32::try_from(i).unwrap_or(u32::MAX),
                    Value::Text(v.to_owned()),
                )
            })
            .collect();
        cells += row_cells.len();
        if cells > limits.max_cells {
            return Err(limit(
                file,
                format!("more than {} cells (the limit): refused", limits.max_cells),
            ));
        }
        if !row_cells.is_empty() {
            rows.push(Row {
                number,
                cells: row_cells,
            });
        }
    }
    Ok(Book {
        file: file.to_owned(),
        sheets: vec![Sheet { name: None, rows }],
    })
}

fn excel_datetime(d: &calamine::ExcelDateTime) -> Value {
    if d.is_duration() {
        return Value::Number(d.as_f64());
    }
    let (y, m, day, h, mi, s, _ms) = d.to_ymd_hms_milli();
    let time = (h, mi, s) != (0, 0, 0);
    Value::DateTime {
        date: (i32::from(y), u32::from(m), u32::from(day)),
        time: time.then_some((u32::from(h), u32::from(mi), u32::from(s))),
    }
}

fn value_of(d: &Data) -> Option<Value> {
    match d {
        Data::Empty => None,
        Data::Int(i) => Some(Value::Number(*i as f64)),
        Data::Float(f) => Some(Value::Number(*f)),
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Some(Value::Text(s.clone()))
        }
        Data::Bool(b) => Some(Value::Bool(*b)),
        Data::DateTime(dt) => Some(excel_datetime(dt)),
        Data::Error(e) => Some(Value::Error(e.to_string())),
    }
}

fn value_of_ref(d: &DataRef<'_>) -> Option<Value> {
    match d {
        DataRef::SharedString(s) if s.trim().is_empty() => None,
        DataRef::SharedString(s) => Some(Value::Text((*s).to_owned())),
        DataRef::Empty => None,
        DataRef::Int(i) => Some(Value::Number(*i as f64)),
        DataRef::Float(f) => Some(Value::Number(*f)),
        DataRef::String(s) if s.trim().is_empty() => None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Some(Value::Text(s.clone()))
        }
        DataRef::Bool(b) => Some(Value::Bool(*b)),
        DataRef::DateTime(dt) => Some(excel_datetime(dt)),
        DataRef::Error(e) => Some(Value::Error(e.to_string())),
    }
}

/// Collects cells arriving in row order into rows, under the limits.
struct Collector<'a> {
    file: &'a str,
    sheet: &'a str,
    limits: &'a Limits,
    rows: Vec<Row>,
    cells: &'a mut usize,
}

impl Collector<'_> {
    fn push(&mut self, row: u32, col: u32, value: Value) -> Result<(), Error> {
        let number = row.saturating_add(1);
        *self.cells += 1;
        if *self.cells > self.limits.max_cells {
            return Err(limit(
                self.file,
                format!(
                    "more than {} cells (the limit): refused",
                    self.limits.max_cells
                ),
            )
            .at_sheet(Some(self.sheet)));
        }
        match self.rows.last_mut() {
            Some(last) if last.number == number => last.cells.push((col, value)),
            _ => {
                if self.rows.len() >= self.limits.max_rows {
                    return Err(limit(
                        self.file,
                        format!(
                            "more than {} rows (the limit): refused",
                            self.limits.max_rows
                        ),
                    )
                    .at_sheet(Some(self.sheet)));
                }
                self.rows.push(Row {
                    number,
                    cells: vec![(col, value)],
                });
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Vec<Row> {
        // Cells normally arrive in order; sort to be sure (and keep the last of a repeat).
        self.rows.sort_by_key(|r| r.number);
        for r in &mut self.rows {
            r.cells.sort_by_key(|(c, _)| *c);
        }
        self.rows
    }
}

fn format_error(file: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Format,
        file,
        format!("cannot read the workbook: {e}"),
    )
}

fn read_workbook(file: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Book, Error> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format_error(file, e))?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    let mut cells = 0usize;
    for name in names {
        let mut collector = Collector {
            file,
            sheet: &name,
            limits,
            rows: Vec::new(),
            cells: &mut cells,
        };
        match &mut book {
            // Streamed cell by cell: a sheet over the limits is refused before it is held.
            Sheets::Xlsx(x) => {
                let mut reader = x
                    .worksheet_cells_reader(&name)
                    .map_err(|e| format_error(file, e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| format_error(file, e))? {
                    let (r, c) = cell.get_position();
                    if let Some(v) = value_of_ref(cell.get_value()) {
                        collector.push(r, c, v)?;
                    }
                }
            }
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| format_error(file, e))?;
                let (height, _) = range.get_size();
                if height > limits.max_rows.saturating_mul(4) {
                    return Err(limit(
                        file,
                        format!("more than {} rows (the limit): refused", limits.max_rows),
                    )
                    .at_sheet(Some(&name)));
                }
                for (r, c, d) in range.used_cells() {
                    if let Some(v) = value_of(d) {
                        let (r0, c0) = range.start().unwrap_or((0, 0));
                        let r = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
                        let c = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
                        collector.push(r, c, v)?;
                    }
                }
            }
        }
        sheets.push(Sheet {
            name: Some(name.clone()),
            rows: collector.finish(),
        });
    }
    Ok(Book {
        file: file.to_owned(),
        sheets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(bytes: &[u8], encoding: Encoding) -> Result<Book, Error> {
        from_bytes(
            "t.csv",
            bytes.to_vec(),
            &ReadOptions {
                encoding,
                limits: Limits::default(),
            },
        )
    }

    fn cells(book: &Book) -> Vec<Vec<String>> {
        book.sheets[0]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|(_, v)| v.text()).collect())
            .collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = csv("姓名,省份\n王芳,北京市\n".as_bytes(), Encoding::Auto).unwrap();
        let bom = csv(
            "\u{feff}姓名,省份\r\n王芳,北京市\r\n".as_bytes(),
            Encoding::Auto,
        )
        .unwrap();
        assert_eq!(cells(&plain), cells(&bom));
        assert_eq!(cells(&plain)[1], vec!["王芳", "北京市"]);
    }

    #[test]
    fn gb18030_is_detected_and_can_be_forced() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,省份\n王芳,北京市\n");
        let auto = csv(&bytes, Encoding::Auto).unwrap();
        assert_eq!(cells(&auto)[1], vec!["王芳", "北京市"]);
        let forced = csv(&bytes, Encoding::Gb18030).unwrap();
        assert_eq!(cells(&auto), cells(&forced));
        let e = csv(&bytes, Encoding::Utf8).unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
    }

    #[test]
    fn rows_over_the_limit_are_refused() {
        let text = "a\n".repeat(11);
        let opts = ReadOptions {
            encoding: Encoding::Auto,
            limits: Limits {
                max_rows: 10,
                ..Limits::default()
            },
        };
        let e = from_bytes("big.csv", text.into_bytes(), &opts).unwrap_err();
        assert!(e.is_limit());
        assert!(e.to_string().contains("more than 10 rows"), "{e}");
    }

    #[test]
    fn lines_are_right_with_crlf() {
        let book = csv("a,b\r\nc,\"d\r\nd\"\r\ne,f\r\n".as_bytes(), Encoding::Auto).unwrap();
        let lines: Vec<u32> = book.sheets[0].rows.iter().map(|r| r.number).collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(number_text(4111010001.0), "4111010001");
        assert_eq!(number_text(87.5), "87.5");
        assert_eq!(number_text(-3.0), "-3");
    }
}
