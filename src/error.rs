//! The one error type the core returns. Every failure a user can cause carries a stable `code` and,
//! when it points into a schema, the place (file, 1-based line/column, a rendered code frame), so the
//! binding can throw a JS error a user can act on.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The offending lines with a caret underline, as printed on a terminal (no colours).
    pub frame: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CoreError {
    /// Stable SCREAMING_SNAKE code (`SCHEMA_SYNTAX`, `INVALID_ARGUMENT`, `UNSUPPORTED_PROVIDER`, …).
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
}

impl CoreError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CoreError {
            code,
            message: message.into(),
            location: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
