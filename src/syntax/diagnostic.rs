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
