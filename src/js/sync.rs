//! `sync()`: JS options and report ⇄ `crate::nodellm`.
//! (In test builds napi registers nothing, so the exports look unused there.)
#![cfg_attr(test, allow(dead_code))]

use std::collections::HashMap;
use std::path::Path;

use napi::bindgen_prelude::Null;
use napi::Either;
use napi_derive::napi;

use super::guard;
use super::text::SchemaText;
use crate::error::{CoreError, CoreResult};
use crate::nodellm::{self, files, SchemaFiles, SyncInput, TableNames};

/// One file of a schema.
#[napi(object)]
pub struct SyncSchemaFile {
    pub path: String,
    #[napi(ts_type = "string")]
    pub content: SchemaText,
}

#[napi(object)]
pub struct SyncOptions {
    /// The schema: its text (one file, `schema.prisma`) or its files (a `prisma/schema/` folder).
    #[napi(ts_type = "string | Array<SyncSchemaFile>")]
    pub schema: Option<Either<SchemaText, Vec<SyncSchemaFile>>>,
    /// Where to read the schema instead: a `.prisma` file or a folder of them.
    pub schema_path: Option<String>,
    /// Another reference schema to compare with (e.g. a newer ORM release's `schema.prisma`).
    #[napi(ts_type = "string | Array<SyncSchemaFile>")]
    pub reference: Option<Either<SchemaText, Vec<SyncSchemaFile>>>,
    /// A released @node-llm/orm version to sync to (default: the newest).
    pub target: Option<String>,
    /// The runtime's `tableNames`: `{ chat, message, toolCall, request, agentSession }`, delegate
    /// names (`assistantMessage`) or model names, matched case-insensitively.
    pub table_names: Option<HashMap<String, String>>,
    /// Write the patched files back to `schemaPath` (atomically). Needs `schemaPath`.
    pub write: Option<bool>,
}

/// Which model plays a NodeLLM role, and how sync found it.
#[napi(object)]
pub struct SyncModel {
    /// `chat`, `message`, `toolCall`, `request` or `agentSession`.
    pub role: String,
    pub model: String,
    /// `tableNames`, `referenceName`, `suffix` or `newName` (not in the schema).
    pub detected_by: String,
    pub present: bool,
}

/// One thing the schema lacks.
#[napi(object)]
pub struct SyncChange {
    /// `missingModel`, `missingField`, `missingRelation`, `missingBackRelation`, `typeMismatch`,
    /// `arityMismatch`, `missingAttribute`, `relationMismatch`, `missingIndex`, `missingUnique`,
    /// `uniqueName`, `nativeType`, `missingEnum` (`model` is the enum) or `missingEnumValue`
    /// (`field` is the value).
    pub kind: String,
    pub model: String,
    pub role: String,
    pub field: Option<String>,
    /// The ORM feature that brought it (`Extended Thinking`).
    pub feature: String,
    /// The ORM version that brought it.
    pub since: String,
    /// `required`, `recommended` or `optional`.
    pub severity: String,
    pub message: String,
    /// The schema text that resolves it.
    pub fix: String,
}

#[napi(object)]
pub struct PatchedSchemaFile {
    pub path: String,
    pub content: String,
    pub changed: bool,
}

#[napi(object)]
pub struct SyncReport {
    /// No required or recommended change is left.
    pub up_to_date: bool,
    /// The newest released shape the schema fully has, or null (also in `JSON.stringify`).
    pub level: Either<String, Null>,
    pub target: String,
    pub provider: String,
    pub models: Vec<SyncModel>,
    pub changes: Vec<SyncChange>,
    /// The patched schema, file by file.
    pub schema: Vec<PatchedSchemaFile>,
    /// Paths written (with `write: true`).
    pub written: Vec<String>,
}

fn files_of(value: Either<SchemaText, Vec<SyncSchemaFile>>, default_path: &str) -> SchemaFiles {
    match value {
        Either::A(SchemaText(text)) => vec![(default_path.to_string(), text)],
        Either::B(list) => list.into_iter().map(|f| (f.path, f.content.0)).collect(),
    }
}

fn table_names(map: HashMap<String, String>) -> TableNames {
    let mut names = TableNames::default();
    for (key, value) in map {
        match key.as_str() {
            "chat" => names.chat = Some(value),
            "message" => names.message = Some(value),
            "toolCall" => names.tool_call = Some(value),
            "request" => names.request = Some(value),
            "agentSession" => names.agent_session = Some(value),
            _ => names.other.push((key, value)),
        }
    }
    names
}

/// A serde-named enum as its JSON string (`required`).
fn name_of(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn run(options: SyncOptions) -> CoreResult<SyncReport> {
    let files = match (options.schema, &options.schema_path) {
        (Some(schema), path) => files_of(schema, path.as_deref().unwrap_or("schema.prisma")),
        (None, Some(path)) => files::read_schema(Path::new(path))?,
        (None, None) => {
            return Err(CoreError::new(
                "INVALID_ARGUMENT",
                "sync needs `schema` or `schemaPath`",
            ))
        }
    };
    let write = options.write.unwrap_or(false);
    if write && options.schema_path.is_none() {
        return Err(CoreError::new(
            "INVALID_ARGUMENT",
            "`write: true` needs `schemaPath`",
        ));
    }
    let report = nodellm::sync(SyncInput {
        files,
        reference: options.reference.map(|r| files_of(r, "reference.prisma")),
        target: options.target,
        table_names: options.table_names.map(table_names),
    })?;
    let mut written = Vec::new();
    if write {
        for file in report.schema.iter().filter(|f| f.changed) {
            files::write_atomic(Path::new(&file.path), &file.content)?;
            written.push(file.path.clone());
        }
    }
    Ok(SyncReport {
        up_to_date: report.up_to_date,
        level: report.level.map_or(Either::B(Null), Either::A),
        target: report.target,
        provider: report.provider,
        models: report
            .models
            .into_iter()
            .map(|m| SyncModel {
                role: m.role,
                model: m.model,
                detected_by: name_of(m.detected_by),
                present: m.present,
            })
            .collect(),
        changes: report
            .changes
            .into_iter()
            .map(|c| SyncChange {
                kind: name_of(c.kind),
                model: c.model,
                role: c.role,
                field: c.field,
                feature: c.feature,
                since: c.since,
                severity: name_of(c.severity),
                message: c.message,
                fix: c.fix,
            })
            .collect(),
        schema: report
            .schema
            .into_iter()
            .map(|f| PatchedSchemaFile {
                path: f.path,
                content: f.content,
                changed: f.changed,
            })
            .collect(),
        written,
    })
}

/// Compares a Prisma schema with @node-llm/orm's reference shapes and returns what it lacks, with
/// the patched schema; `write: true` writes it back to `schemaPath`.
#[napi]
pub fn sync(options: SyncOptions) -> napi::Result<SyncReport> {
    guard(|| run(options))
}

/// The @node-llm/orm reference schema of a released version (default: the newest), as
/// `node-llm-orm init` writes it.
#[napi]
pub fn reference_schema(version: Option<String>) -> napi::Result<String> {
    guard(|| {
        let release = match version.as_deref() {
            Some(v) => nodellm::shapes::at(v).ok_or_else(|| {
                CoreError::new(
                    "INVALID_ARGUMENT",
                    format!("unknown @node-llm/orm version `{v}`"),
                )
            })?,
            None => nodellm::shapes::latest(),
        };
        Ok(release.schema.to_string())
    })
}
