//! The core's [`qgx_core::Error`] as a Kotlin exception hierarchy: `QgxException` with one
//! subclass per kind, each carrying the JSON Pointer of the first issue.

/// Malformed input or a bad argument (the core's `Error`), one variant per kind.
///
/// In Kotlin: `sealed class QgxException` with `QgxException.Syntax`, `.InvalidInput`,
/// `.InvalidRuleset`, `.InvalidArgument` and `.UnknownSchema`, each with `path`, `detail`,
/// `line`, `column` and `issues`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum QgxError {
    /// The text is not JSON at all.
    #[error("syntax error at {path}: {detail}")]
    Syntax {
        /// JSON Pointer of the first issue (`""`: the whole document).
        path: String,
        /// What was expected.
        detail: String,
        /// 1-based line of the first issue, when the input was text.
        line: Option<u64>,
        /// 1-based column of the first issue, when the input was text.
        column: Option<u64>,
        /// Every issue found (at least one).
        issues: Vec<Issue>,
    },
    /// The input does not have the shape of RULES.md §3 or breaks one of its constraints.
    #[error("invalid input at {path}: {detail}")]
    InvalidInput {
        path: String,
        detail: String,
        line: Option<u64>,
        column: Option<u64>,
        issues: Vec<Issue>,
    },
    /// A ruleset override is unknown, of the wrong type or out of range.
    #[error("invalid ruleset at {path}: {detail}")]
    InvalidRuleset {
        path: String,
        detail: String,
        line: Option<u64>,
        column: Option<u64>,
        issues: Vec<Issue>,
    },
    /// An argument other than the input document is bad (`as_of`, `year`, `submitted_at`, or a
    /// plain argument holding a lone surrogate).
    #[error("invalid argument at {path}: {detail}")]
    InvalidArgument {
        path: String,
        detail: String,
        line: Option<u64>,
        column: Option<u64>,
        issues: Vec<Issue>,
    },
    /// `schema` with a name that is none of `schemaNames()`.
    #[error("unknown schema at {path}: {detail}")]
    UnknownSchema {
        path: String,
        detail: String,
        line: Option<u64>,
        column: Option<u64>,
        issues: Vec<Issue>,
    },
}

/// One thing wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Issue {
    /// RFC 6901 JSON Pointer into the input.
    pub path: String,
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

fn to_u64(n: Option<usize>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

impl QgxError {
    /// An error of `kind` with one issue and no position (for arguments checked here): the
    /// core's own error, converted.
    pub(crate) fn at(kind: qgx_core::ErrorKind, path: impl Into<String>, detail: &str) -> Self {
        qgx_core::Error::new(kind, path, detail).into()
    }

    fn build(
        kind: qgx_core::ErrorKind,
        path: String,
        detail: String,
        line: Option<u64>,
        column: Option<u64>,
        issues: Vec<Issue>,
    ) -> Self {
        use qgx_core::ErrorKind as K;
        match kind {
            K::Syntax => Self::Syntax {
                path,
                detail,
                line,
                column,
                issues,
            },
            K::InvalidInput => Self::InvalidInput {
                path,
                detail,
                line,
                column,
                issues,
            },
            K::InvalidRuleset => Self::InvalidRuleset {
                path,
                detail,
                line,
                column,
                issues,
            },
            K::InvalidArgument => Self::InvalidArgument {
                path,
                detail,
                line,
                column,
                issues,
            },
            K::UnknownSchema => Self::UnknownSchema {
                path,
                detail,
                line,
                column,
                issues,
            },
        }
    }

    /// The JSON Pointer of the first issue.
    pub fn path(&self) -> &str {
        match self {
            Self::Syntax { path, .. }
            | Self::InvalidInput { path, .. }
            | Self::InvalidRuleset { path, .. }
            | Self::InvalidArgument { path, .. }
            | Self::UnknownSchema { path, .. } => path,
        }
    }
}

impl From<qgx_core::Error> for QgxError {
    fn from(e: qgx_core::Error) -> Self {
        let issues = e
            .issues()
            .iter()
            .map(|i| Issue {
                path: i.path.clone(),
                message: i.message.clone(),
                line: to_u64(i.line),
                column: to_u64(i.column),
            })
            .collect();
        Self::build(
            e.kind(),
            e.path().to_owned(),
            e.message().to_owned(),
            to_u64(e.line()),
            to_u64(e.column()),
            issues,
        )
    }
}
