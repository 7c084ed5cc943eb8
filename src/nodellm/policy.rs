//! How much each gap matters to the @node-llm/orm runtime (`reference/nodellm/runtime.md`), and what
//! each database needs. Everything not listed here follows from the reference schema itself.

use crate::error::{CoreError, CoreResult};
use crate::schema::Provider;

/// Roles every NodeLLM schema needs; the others are features a "minimal" schema may leave out.
pub const CORE_ROLES: [&str; 2] = ["chat", "message"];

/// Reference fields no runtime code writes (schema-only): missing them breaks nothing today.
const SCHEMA_ONLY_FIELDS: [&str; 1] = ["correctionRounds"];

/// String fields holding model output or JSON payloads: MySQL's default `VARCHAR(191)` truncates them.
const LONG_TEXT_FIELDS: [&str; 10] = [
    "instructions",
    "content",
    "contentRaw",
    "reasoning",
    "thinkingText",
    "thinkingSignature",
    "arguments",
    "thought",
    "thoughtSignature",
    "result",
];

pub fn is_schema_only(field: &str) -> bool {
    SCHEMA_ONLY_FIELDS.contains(&field)
}

pub fn needs_long_text(provider: Provider, field: &str) -> bool {
    provider == Provider::MySql && LONG_TEXT_FIELDS.contains(&field)
}

/// The reference marks a field it keeps but no longer uses with `(deprecated)` in its trailing comment.
pub fn is_deprecated(comment: &str) -> bool {
    comment.to_ascii_lowercase().contains("deprecated")
}

/// The databases sync supports; others get `UNSUPPORTED_PROVIDER`.
pub fn check_provider(provider: Provider) -> CoreResult<Provider> {
    match provider {
        Provider::PostgreSql | Provider::CockroachDb | Provider::MySql | Provider::Sqlite => Ok(provider),
        other => Err(CoreError::new(
            "UNSUPPORTED_PROVIDER",
            format!(
                "@node-llm/orm supports postgresql, cockroachdb, mysql and sqlite; this schema uses `{}`.",
                other.as_str()
            ),
        )),
    }
}

/// A note for changes that add or need a `Json` column on this database.
pub fn json_note(provider: Provider) -> &'static str {
    match provider {
        Provider::Sqlite => " (SQLite stores Json as TEXT; it needs Prisma 6.2 or newer)",
        Provider::MySql => " (MySQL: a JSON column)",
        _ => "",
    }
}
