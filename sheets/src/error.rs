//! The crate's one error type: what went wrong, and where people find it — `FILE: SHEET!CELL
//! (column)` in a workbook, `FILE:LINE:COLUMN` in a CSV.

use std::fmt;

/// A cell, as people find it: the file, the sheet (none for a CSV), the row as shown (1-based:
/// Excel's row number or the CSV's line) and the column (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub file: String,
    /// `None` for a CSV file.
    pub sheet: Option<String>,
    /// 1-based: the row number Excel shows, or the CSV line.
    pub row: u32,
    /// 0-based column index.
    pub col: u32,
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column index.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl CellRef {
    /// `F12`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.col), self.row)
    }

    /// `申报!F12` in a workbook, `12:6` (line, 1-based field) in a CSV.
    pub fn place(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{sheet}!{}", self.a1()),
            None => format!("{}:{}", self.row, self.col + 1),
        }
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(_) => write!(f, "{}: {}", self.file, self.place()),
            None => write!(f, "{}:{}", self.file, self.place()),
        }
    }
}

/// What kind of trouble an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The file cannot be read or written.
    Io,
    /// Not a workbook or CSV this crate reads (or text in neither UTF-8 nor GB18030).
    Format,
    /// Over a limit on size, rows or cells: refused before it could exhaust memory.
    Limit,
    /// A sheet or column is missing, unknown or given twice.
    Layout,
    /// A cell's value is not what its column takes, or the core rejects the input it makes.
    Invalid,
}

impl ErrorKind {
    /// `io`, `format`, `limit`, `layout`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Format => "format",
            ErrorKind::Limit => "limit",
            ErrorKind::Layout => "layout",
            ErrorKind::Invalid => "invalid",
        }
    }
}

/// Where an [`Error`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A sheet (its name), or for a CSV `None`.
    Sheet(Option<String>),
    /// A row of a sheet (the sheet's name, `None` for a CSV) and its 1-based number.
    Row(Option<String>, u32),
    /// One cell.
    Cell(CellRef),
}

/// Trouble reading or writing a sheet: what, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    file: String,
    place: Place,
    column: Option<String>,
    message: String,
    /// What the operating system said, for an [`ErrorKind::Io`] error that came from it.
    os: Option<(std::io::ErrorKind, Option<i32>)>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, file: &str, message: impl Into<String>) -> Error {
        Error(Box::new(Inner {
            kind,
            file: file.to_owned(),
            place: Place::File,
            column: None,
            message: message.into(),
            os: None,
        }))
    }

    /// An [`ErrorKind::Io`] error: `doing` (`cannot read`) and what the system said, which
    /// [`Error::io_kind`] and [`Error::os_error`] keep.
    pub(crate) fn io(file: &str, doing: &str, e: &std::io::Error) -> Error {
        let mut err = Error::new(ErrorKind::Io, file, format!("{doing}: {e}"));
        err.0.os = Some((e.kind(), e.raw_os_error()));
        err
    }

    pub(crate) fn at_sheet(mut self, sheet: Option<&str>) -> Error {
        self.0.place = Place::Sheet(sheet.map(str::to_owned));
        self
    }

    pub(crate) fn at_row(mut self, sheet: Option<&str>, row: u32) -> Error {
        self.0.place = Place::Row(sheet.map(str::to_owned), row);
        self
    }

    pub(crate) fn at_cell(mut self, cell: CellRef, column: Option<&str>) -> Error {
        self.0.place = Place::Cell(cell);
        self.0.column = column.map(str::to_owned);
        self
    }

    /// What kind of trouble this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The file's name as given.
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// Where in the file.
    pub fn place(&self) -> &Place {
        &self.0.place
    }

    /// The cell, when the error is about one.
    pub fn cell(&self) -> Option<&CellRef> {
        match &self.0.place {
            Place::Cell(c) => Some(c),
            _ => None,
        }
    }

    /// The column's English name, when the error is about a cell of a known column.
    pub fn column(&self) -> Option<&str> {
        self.0.column.as_deref()
    }

    /// For an error the operating system reported (a missing file, no permission), its kind.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        self.0.os.map(|(kind, _)| kind)
    }

    /// For an error the operating system reported, its error number (`errno`) when it gave one.
    pub fn os_error(&self) -> Option<i32> {
        self.0.os.and_then(|(_, code)| code)
    }

    /// What was expected.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Whether a limit refused the input.
    pub fn is_limit(&self) -> bool {
        self.0.kind == ErrorKind::Limit
    }

    /// Whether a cell or the input it makes was rejected.
    pub fn is_invalid(&self) -> bool {
        self.0.kind == ErrorKind::Invalid
    }

    /// Whether a sheet or a column is missing, unknown or twice.
    pub fn is_layout(&self) -> bool {
        self.0.kind == ErrorKind::Layout
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let column = self
            .0
            .column
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        match &self.0.place {
            Place::File => write!(f, "{}: {}", self.0.file, self.0.message),
            Place::Sheet(Some(s)) => write!(f, "{}: {s}: {}", self.0.file, self.0.message),
            Place::Sheet(None) => write!(f, "{}: {}", self.0.file, self.0.message),
            Place::Row(Some(s), r) => write!(f, "{}: {s}!{r}: {}", self.0.file, self.0.message),
            Place::Row(None, r) => write!(f, "{}:{r}: {}", self.0.file, self.0.message),
            // A CSV cell as the CSV reader has always said it: `FILE:LINE:COLUMN: column KEY: …`.
            Place::Cell(c) if c.sheet.is_none() => match &self.0.column {
                Some(k) => write!(f, "{c}: column {k}: {}", self.0.message),
                None => write!(f, "{c}: {}", self.0.message),
            },
            Place::Cell(c) => write!(f, "{c}{column}: {}", self.0.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn the_issue_s_message() {
        let cell = CellRef {
            file: "apps.xlsx".into(),
            sheet: Some("申报".into()),
            row: 12,
            col: 5,
        };
        let e = Error::new(
            ErrorKind::Invalid,
            "apps.xlsx",
            "expected a number from 0 to 100, got 八十",
        )
        .at_cell(cell, Some("merit_score"));
        assert_eq!(
            e.to_string(),
            "apps.xlsx: 申报!F12 (merit_score): expected a number from 0 to 100, got 八十"
        );
        let csv = CellRef {
            file: "apps.csv".into(),
            sheet: None,
            row: 3,
            col: 20,
        };
        let e = Error::new(
            ErrorKind::Invalid,
            "apps.csv",
            "expected a number, got ninety",
        )
        .at_cell(csv, Some("merit_score"));
        assert_eq!(
            e.to_string(),
            "apps.csv:3:21: column merit_score: expected a number, got ninety"
        );
        assert_eq!(e.kind().as_str(), "invalid");
        assert_eq!(e.os_error(), None);
    }

    #[test]
    fn what_the_system_said_is_kept() {
        let missing = std::fs::File::open("/no/such/file.xlsx").unwrap_err();
        let e = Error::io("/no/such/file.xlsx", "cannot read", &missing);
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.io_kind(), Some(std::io::ErrorKind::NotFound));
        assert_eq!(e.os_error(), missing.raw_os_error());
        assert!(e.os_error().is_some());
        assert!(
            e.to_string()
                .starts_with("/no/such/file.xlsx: cannot read: "),
            "{e}"
        );
    }
}
