//! Files in: a workbook (`.xlsx`, `.xls`, `.ods`, as calamine reads them) or a CSV (UTF-8 with
//! or without BOM, or GB18030), as sheets of typed cells — under limits on the file's size, its
//! decompressed size, rows and cells, so that no file exhausts memory.

use std::collections::VecDeque;
use std::io::{BufRead, Cursor, Read, Seek};
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

    /// The rows of all its sheets, headers included (for progress).
    pub fn row_count(&self) -> usize {
        self.sheets.iter().map(|s| s.rows.len()).sum()
    }
}

fn limit(file: &str, message: String) -> Error {
    Error::new(ErrorKind::Limit, file, message)
}

/// Reads a workbook or a CSV file. What it is is told by its first bytes (a zip archive or an
/// OLE file is a workbook), not its name. A CSV is read as a stream: it stops at the first
/// record over a limit, and the file is never held whole.
///
/// # Errors
/// [`ErrorKind::Io`] when the file cannot be read (or there is no memory to hold a workbook),
/// [`ErrorKind::Limit`] over a limit, [`ErrorKind::Format`] when it is not a workbook calamine
/// reads, or text that is not in the encoding asked for.
pub fn open(path: &Path, opts: &ReadOptions) -> Result<Book, Error> {
    open_with_progress(path, opts, &mut |_| {})
}

/// [`open`], telling `progress` how many rows of the sheet being read have been read so far,
/// every [`PROGRESS_EVERY`] rows and at the end of each sheet: for a progress bar.
///
/// # Errors
/// As [`open`].
pub fn open_with_progress(
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Book, Error> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| Error::io(&file, "cannot read", &e);
    let meta = std::fs::metadata(path).map_err(io)?;
    check_size(&file, meta.len(), &opts.limits)?;
    let mut reader =
        std::io::BufReader::with_capacity(64 * 1024, std::fs::File::open(path).map_err(io)?);
    let workbook = is_workbook(reader.fill_buf().map_err(io)?);
    let csv_in_known_encoding = opts.encoding != Encoding::Auto && !workbook;
    if !meta.is_file() && !csv_in_known_encoding {
        // A pipe or a device: its size is not known beforehand, and it cannot be read twice
        // (the second try of a CSV, in GB18030, starts again from the top). Held in memory, up
        // to the file size limit; a CSV in an encoding given is streamed as from a file.
        let max = opts.limits.max_file_bytes;
        let mut bytes = Vec::new();
        reader
            .take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io)?;
        return from_bytes_with_progress(&file, bytes, opts, progress);
    }
    if !workbook {
        return read_csv(&file, reader, opts, progress);
    }
    let no_memory = || {
        Error::new(
            ErrorKind::Io,
            &file,
            format!("not enough memory to read {} bytes", meta.len()),
        )
    };
    let mut bytes = Vec::new();
    let want = usize::try_from(meta.len()).map_err(|_| no_memory())?;
    bytes.try_reserve_exact(want).map_err(|_| no_memory())?;
    reader.read_to_end(&mut bytes).map_err(|e| {
        if e.kind() == std::io::ErrorKind::OutOfMemory {
            no_memory()
        } else {
            io(e)
        }
    })?;
    from_bytes_with_progress(&file, bytes, opts, progress)
}

/// How often (in rows) [`open_with_progress`] reports.
pub const PROGRESS_EVERY: usize = 1000;

fn check_size(file: &str, len: u64, limits: &Limits) -> Result<(), Error> {
    if len > limits.max_file_bytes {
        return Err(limit(
            file,
            format!(
                "the file has {len} bytes, more than the limit of {}",
                limits.max_file_bytes
            ),
        ));
    }
    Ok(())
}

/// A file's name as messages show it and its bytes, refused over the size limit (before it is
/// read when its size is known; a pipe is read up to the limit and then refused).
pub(crate) fn read_file(path: &Path, opts: &ReadOptions) -> Result<(String, Vec<u8>), Error> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| Error::io(&file, "cannot read", &e);
    let meta = std::fs::metadata(path).map_err(io)?;
    check_size(&file, meta.len(), &opts.limits)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(opts.limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    check_size(
        &file,
        u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        &opts.limits,
    )?;
    Ok((file, bytes))
}

/// A zip archive (`.xlsx`, `.ods`) or an OLE file (`.xls`), by its first bytes.
fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Reads a workbook or CSV held in memory (`file` names it in messages).
///
/// # Errors
/// As [`open`].
pub fn from_bytes(file: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Result<Book, Error> {
    from_bytes_with_progress(file, bytes, opts, &mut |_| {})
}

/// [`from_bytes`] with progress, as [`open_with_progress`].
///
/// # Errors
/// As [`open`].
pub fn from_bytes_with_progress(
    file: &str,
    bytes: Vec<u8>,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Book, Error> {
    check_size(
        file,
        u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        &opts.limits,
    )?;
    if !is_workbook(&bytes) {
        return read_csv(file, Cursor::new(bytes.as_slice()), opts, progress);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        check_unzipped_size(file, &bytes, &opts.limits)?;
    }
    read_workbook(file, bytes, &opts.limits, progress)
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

/// An invalid byte sequence in a CSV's text: where it starts (bytes after any BOM) and on
/// which line.
#[derive(Debug, Clone, Copy)]
struct Malformed {
    at: u64,
    line: usize,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid text at byte {}", self.at)
    }
}

impl std::error::Error for Malformed {}

/// A CSV's bytes decoded to UTF-8 as they are read (UTF-8 checked, or GB18030 converted); an
/// invalid sequence is an `InvalidData` error carrying [`Malformed`].
struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    /// Raw bytes the decoder has taken, and the newlines among them.
    consumed: u64,
    newlines: usize,
    /// An invalid sequence found after some output was given: the next read's error.
    failed: Option<Malformed>,
    done: bool,
}

impl<R: BufRead> Decoded<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Decoded<R> {
        Decoded {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            consumed: 0,
            newlines: 0,
            failed: None,
            done: false,
        }
    }
}

fn lf(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use encoding_rs::DecoderResult;
        let malformed = |m: Malformed| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
        if let Some(m) = self.failed {
            return Err(malformed(m));
        }
        loop {
            if self.done || out.is_empty() {
                return Ok(0);
            }
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written) = self
                .decoder
                .decode_to_utf8_without_replacement(input, out, last);
            let taken = input.get(..read).unwrap_or_default();
            let (newlines, taken_lf) = (self.newlines, lf(taken));
            self.consumed += read as u64;
            self.newlines += taken_lf;
            match result {
                DecoderResult::Malformed(bad, after) => {
                    // The bytes read after the bad sequence are not part of it; a newline
                    // among them is on a later line.
                    let after_lf = lf(taken
                        .get(read.saturating_sub(usize::from(after))..)
                        .unwrap_or_default());
                    let m = Malformed {
                        at: self
                            .consumed
                            .saturating_sub(u64::from(bad) + u64::from(after)),
                        line: newlines + taken_lf - after_lf + 1,
                    };
                    self.inner.consume(read);
                    if written > 0 {
                        self.failed = Some(m);
                        return Ok(written);
                    }
                    return Err(malformed(m));
                }
                DecoderResult::InputEmpty => {
                    self.inner.consume(read);
                    self.done = last;
                    if written > 0 || last {
                        return Ok(written);
                    }
                }
                DecoderResult::OutputFull => {
                    self.inner.consume(read);
                    return Ok(written);
                }
            }
        }
    }
}

/// A reader that notes where its newlines are, for the line of each CSV record (the csv
/// crate's own line count drifts on CRLF files, Excel's).
struct Newlines<R> {
    inner: R,
    offset: u64,
    /// Offsets of the newlines read but not yet passed by a record.
    ahead: VecDeque<u64>,
}

impl<R: Read> Read for Newlines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        for (i, b) in out.iter().take(n).enumerate() {
            if *b == b'\n' {
                self.ahead.push_back(self.offset + i as u64);
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Why reading a CSV in one encoding stopped.
enum CsvStop {
    Failed(Error),
    /// The text is not in the encoding tried.
    Malformed(Malformed),
}

/// Reads a CSV as a stream in the encoding asked for (UTF-8 with or without BOM, or
/// GB18030; auto: UTF-8 unless a byte is invalid in it, then GB18030 from the start again).
fn read_csv<R: BufRead + Seek>(
    file: &str,
    mut reader: R,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Book, Error> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let io = |e: std::io::Error| Error::io(file, "cannot read", &e);
    let bom = opts.encoding != Encoding::Gb18030 && reader.fill_buf().map_err(io)?.starts_with(BOM);
    if bom {
        reader.consume(BOM.len());
    }
    let gb = |reader: R, progress: &mut dyn FnMut(usize)| {
        let decoded = Decoded::new(reader, encoding_rs::GB18030);
        csv_rows(file, decoded, &opts.limits, progress).map_err(|stop| match stop {
            CsvStop::Failed(e) => e,
            CsvStop::Malformed(_) => Error::new(
                ErrorKind::Format,
                file,
                "neither UTF-8 nor GB18030 text (a byte sequence is invalid in both)",
            ),
        })
    };
    let rows = match opts.encoding {
        Encoding::Gb18030 => gb(reader, progress)?,
        Encoding::Utf8 | Encoding::Auto => {
            let decoded = Decoded::new(&mut reader, encoding_rs::UTF_8);
            match csv_rows(file, decoded, &opts.limits, progress) {
                Ok(rows) => rows,
                Err(CsvStop::Failed(e)) => return Err(e),
                Err(CsvStop::Malformed(_)) if opts.encoding == Encoding::Auto && !bom => {
                    reader.rewind().map_err(io)?;
                    gb(reader, progress)?
                }
                Err(CsvStop::Malformed(Malformed { at, line })) => {
                    return Err(Error::new(
                        ErrorKind::Format,
                        file,
                        format!(
                            "not UTF-8 text (line {line}, byte {at}); give --encoding gb18030 if it is GB18030/GBK"
                        ),
                    ));
                }
            }
        }
    };
    Ok(Book {
        file: file.to_owned(),
        sheets: vec![Sheet { name: None, rows }],
    })
}

/// The rows of a CSV's UTF-8 text, record by record, refused at the first record over a limit.
fn csv_rows<R: BufRead>(
    file: &str,
    text: Decoded<R>,
    limits: &Limits,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<Row>, CsvStop> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Ragged rows are the sheet reader's to name (a value without a header, at its cell).
        .flexible(true)
        .from_reader(Newlines {
            inner: text,
            offset: 0,
            ahead: VecDeque::new(),
        });
    let mut rows = Vec::new();
    let mut cells = 0usize;
    let mut line = 1usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    if let Some(m) = io.get_ref().and_then(|x| x.downcast_ref::<Malformed>()) {
                        return Err(CsvStop::Malformed(*m));
                    }
                }
                let line = e.position().map_or(0, csv::Position::line);
                return Err(CsvStop::Failed(
                    Error::new(ErrorKind::Format, file, e.to_string())
                        .at_row(None, u32::try_from(line).unwrap_or(u32::MAX)),
                ));
            }
        }
        // The line: one more than the newlines before the record's first byte; after a CRLF
        // the record's offset is that of its `\n`.
        let byte = record.position().map_or(0, csv::Position::byte);
        let ahead = &mut reader.get_mut().ahead;
        while ahead.front().is_some_and(|nl| *nl < byte) {
            ahead.pop_front();
            line += 1;
        }
        if ahead.front() == Some(&byte) {
            ahead.pop_front();
            line += 1;
        }
        let number = u32::try_from(line).unwrap_or(u32::MAX);
        if rows.len() >= limits.max_rows {
            return Err(CsvStop::Failed(limit(
                file,
                format!("more than {} rows (the limit): refused", limits.max_rows),
            )));
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
            return Err(CsvStop::Failed(limit(
                file,
                format!("more than {} cells (the limit): refused", limits.max_cells),
            )));
        }
        if !row_cells.is_empty() {
            rows.push(Row {
                number,
                cells: row_cells,
            });
            if rows.len() % PROGRESS_EVERY == 0 {
                progress(rows.len());
            }
        }
    }
    progress(rows.len());
    Ok(rows)
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
    /// The rows last told to the progress callback.
    reported: usize,
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

    /// Tells `progress` the rows read, every [`PROGRESS_EVERY`] rows.
    fn tick(&mut self, progress: &mut dyn FnMut(usize)) {
        if self.rows.len() >= self.reported + PROGRESS_EVERY {
            self.reported = self.rows.len();
            progress(self.reported);
        }
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

fn read_workbook(
    file: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    progress: &mut dyn FnMut(usize),
) -> Result<Book, Error> {
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
            reported: 0,
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
                        collector.tick(progress);
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
                        collector.tick(progress);
                    }
                }
            }
        }
        let rows = collector.finish();
        progress(rows.len());
        sheets.push(Sheet {
            name: Some(name.clone()),
            rows,
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

    /// A CSV is read as a stream: reading stops at the first row over the limit, so what
    /// comes after it (here a byte that is not UTF-8) is never reached.
    #[test]
    fn a_csv_stops_at_the_limit_before_reading_on() {
        let mut text = "a,b\n".repeat(20).into_bytes();
        text.extend_from_slice(b"c,\xff\n");
        let utf8 = |limits| ReadOptions {
            encoding: Encoding::Utf8,
            limits,
        };
        let rows = utf8(Limits {
            max_rows: 10,
            ..Limits::default()
        });
        let e = from_bytes("big.csv", text.clone(), &rows).unwrap_err();
        assert!(e.to_string().contains("more than 10 rows"), "{e}");
        let cells = utf8(Limits {
            max_cells: 5,
            ..Limits::default()
        });
        let e = from_bytes("big.csv", text.clone(), &cells).unwrap_err();
        assert!(e.to_string().contains("more than 5 cells"), "{e}");
        let e = csv(&text, Encoding::Utf8).unwrap_err();
        assert!(
            e.to_string().contains("not UTF-8 text (line 21, byte 82)"),
            "{e}"
        );
    }

    /// An endless CSV (a pipe that never ends) is refused at the row limit: the writer finds
    /// the pipe closed long before it has written everything it would.
    #[test]
    #[cfg(unix)]
    fn an_endless_csv_is_refused_at_the_limit() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("qgx-sheets-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("endless.csv");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            // 10 million rows (about 80 MB) if nobody stops reading.
            (0..10_000_000u32).find(|i| writeln!(f, "{i},x").is_err())
        });
        let utf8 = ReadOptions {
            encoding: Encoding::Utf8,
            ..ReadOptions::default()
        };
        let e = open(&fifo, &utf8).unwrap_err();
        assert!(e.to_string().contains("more than 200000 rows"), "{e}");
        let stopped_at = writer.join().unwrap();
        assert!(stopped_at.is_some(), "the reader read everything");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A pipe whose encoding is to be found out is held in memory, up to the file size limit,
    /// so that a GB18030 CSV can be read again from the top; an endless one is refused there.
    #[test]
    #[cfg(unix)]
    fn a_piped_csv_of_unknown_encoding() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("qgx-sheets-fifo2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("piped.csv");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let (gbk, _, _) = encoding_rs::GB18030.encode("编号,姓名\nA-1,张三\n");
        let bytes = gbk.into_owned();
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            f.write_all(&bytes).unwrap();
        });
        let book = open(&fifo, &ReadOptions::default()).unwrap();
        writer.join().unwrap();
        let cells: Vec<String> = book.sheets[0].rows[1]
            .cells
            .iter()
            .map(|c| format!("{c:?}"))
            .collect();
        assert!(cells.join(",").contains("张三"), "{cells:?}");

        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            let block = vec![b'x'; 64 * 1024];
            (0..1000).find(|_| f.write_all(&block).is_err())
        });
        let small = ReadOptions {
            limits: Limits {
                max_file_bytes: 1 << 20,
                ..Limits::default()
            },
            ..ReadOptions::default()
        };
        let e = open(&fifo, &small).unwrap_err();
        assert!(
            e.to_string().contains("more than the limit of 1048576"),
            "{e}"
        );
        assert!(
            writer.join().unwrap().is_some(),
            "the reader read everything"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Lines, cells and encodings come out the same whatever the buffers: long files with
    /// multi-byte characters, quoted newlines and CRLF, in UTF-8 and GB18030.
    #[test]
    fn long_csv_streams_keep_lines_and_text() {
        let mut text = String::from("\u{feff}编号,说明\r\n");
        let mut expected = vec![(1u32, "说明".to_owned())];
        let mut line = 2;
        for i in 0..20_000u32 {
            let cell = if i % 7 == 0 {
                format!("\"第{i}行\r\n续\"")
            } else {
                format!("党建联建{i}")
            };
            text.push_str(&format!("{i},{cell}\r\n"));
            expected.push((line, cell.trim_matches('"').to_owned()));
            line += if i % 7 == 0 { 2 } else { 1 };
        }
        let got = |book: Book| -> Vec<(u32, String)> {
            book.sheets[0]
                .rows
                .iter()
                .map(|r| (r.number, r.get(1).unwrap().text()))
                .collect()
        };
        assert_eq!(got(csv(text.as_bytes(), Encoding::Auto).unwrap()), expected);
        let (gb, _, _) = encoding_rs::GB18030.encode(text.trim_start_matches('\u{feff}'));
        assert_eq!(got(csv(&gb, Encoding::Auto).unwrap()), expected);
        assert_eq!(got(csv(&gb, Encoding::Gb18030).unwrap()), expected);
        let mut seen = Vec::new();
        from_bytes_with_progress(
            "t.csv",
            gb.into_owned(),
            &ReadOptions::default(),
            &mut |n| seen.push(n),
        )
        .unwrap();
        assert_eq!(seen.first(), Some(&PROGRESS_EVERY));
        assert_eq!(seen.last(), Some(&20_001));
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
