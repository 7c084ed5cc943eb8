//! Diagnostics collected while parsing and resolving: none stops the work, all are returned.

use super::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable machine-readable code, SCREAMING_SNAKE (`INVALID_LINE`, `LEGACY_COLON`, `UNKNOWN_TYPE`, …).
    pub code: &'static str,
    /// Prisma's message text where Prisma has one, word for word.
    pub message: String,
    pub span: Span,
    pub severity: Severity,
}

/// Codes of the checks across declarations (duplicates, unknown types, several datasources). The
/// syntax stage reports them so `parseSchema` users see them, but the schema stage owns them: it
/// reports the same problems while resolving, so `first_error` leaves them to it.
pub const DECLARATION_CODES: [&str; 5] = [
    "DUPLICATE_NAME",
    "DUPLICATE_FIELD",
    "DUPLICATE_ENUM_VALUE",
    "UNKNOWN_TYPE",
    "MULTIPLE_DATASOURCES",
];

/// An error diagnostic: what every check of both stages reports.
pub(crate) fn error(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
    Diagnostic {
        code,
        message: message.into(),
        span,
        severity: Severity::Error,
    }
}

impl Diagnostic {
    /// Whether this is a syntax-stage error (grammar, names, literal values) rather than a
    /// declaration-level one the schema stage also reports.
    pub fn is_syntax_error(&self) -> bool {
        self.severity == Severity::Error && !DECLARATION_CODES.contains(&self.code)
    }
}
