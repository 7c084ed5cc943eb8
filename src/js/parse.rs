//! `parseSchema`: the parsed schema as plain JS objects, with diagnostics instead of exceptions.

// Under `cargo test` napi registers nothing, so the exports look unused there.
#![cfg_attr(test, allow(dead_code))]

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsString, ValueType};
use napi_derive::napi;
use serde::Serialize;

use super::guard;
use super::text::{js_string, SchemaText};
use crate::background;
use crate::error::CoreError;
use crate::syntax::{
    self, Attribute, BaseType, Block, BlockKind, Expr, Field, ParsedSchema, SchemaFile, Severity,
};

/// One file of a multi-file schema.
#[napi(object)]
pub struct SchemaFileInput {
    /// Path used in diagnostics (e.g. `prisma/schema/user.prisma`).
    pub path: String,
    /// The file's text.
    #[napi(ts_type = "string")]
    pub content: SchemaText,
}

/// An attribute argument.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedArgument {
    /// The name of a named argument (`fields` in `fields: [a]`); absent for positional ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value as written in the schema: `uuid()`, `[a, b]`, `"x"`, `Cascade`, `1`. Absent for `name:` with no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A field or block attribute.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedAttribute {
    /// With its `@` or `@@`: `@id`, `@db.VarChar`, `@@index`.
    pub name: String,
    pub arguments: Vec<ParsedArgument>,
}

/// A field of a model, view or composite type.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedField {
    pub name: String,
    /// The base type: `String`, a model or enum name, or `Unsupported("…")` as written.
    #[napi(js_name = "type")]
    #[serde(rename = "type")]
    pub field_type: String,
    /// Written `Type?`.
    pub optional: bool,
    /// Written `Type[]`.
    pub list: bool,
    pub attributes: Vec<ParsedAttribute>,
    /// Documentation from `///` and `/* */` comments, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// 1-based line of the field.
    pub line: u32,
}

/// A model, view or composite type.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedModel {
    pub name: String,
    pub fields: Vec<ParsedField>,
    /// Block attributes (`@@id`, `@@unique`, `@@index`, `@@map`, …).
    pub attributes: Vec<ParsedAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// Path of the file declaring it.
    pub file: String,
    /// 1-based line of the declaration.
    pub line: u32,
}

/// An enum and its values.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedEnum {
    pub name: String,
    pub values: Vec<String>,
    pub attributes: Vec<ParsedAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    pub file: String,
    pub line: u32,
}

/// The datasource block.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedDatasource {
    pub name: String,
    /// The provider string (`postgresql`, `mysql`, `sqlite`, …), or the expression as written if not a string.
    pub provider: String,
    /// `url` as a string value, or as written (`env("DATABASE_URL")`); absent in Prisma 7 schemas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation_mode: Option<String>,
    /// `schemas = [...]` (multi-schema databases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schemas: Option<Vec<String>>,
    /// `extensions = [...]`, each as written (`postgis(version: "3.4")`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<String>>,
    pub file: String,
    pub line: u32,
}

/// A generator block.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedGenerator {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    pub preview_features: Vec<String>,
    pub file: String,
    pub line: u32,
}

/// A problem found in the schema (syntax or names), located in its file.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaDiagnostic {
    /// Stable code: `INVALID_LINE`, `INVALID_FIELD_LINE`, `UNKNOWN_TYPE`, `DUPLICATE_NAME`, …
    pub code: String,
    /// Prisma's message where Prisma has one.
    pub message: String,
    /// `error` or `warning`.
    pub severity: String,
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The offending lines with a caret underline, without colours.
    pub frame: String,
}

/// The result of `parseSchema`.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedSchemaResult {
    /// The first datasource, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<ParsedDatasource>,
    pub generators: Vec<ParsedGenerator>,
    pub models: Vec<ParsedModel>,
    pub views: Vec<ParsedModel>,
    /// Composite types (`type X { … }`).
    pub types: Vec<ParsedModel>,
    pub enums: Vec<ParsedEnum>,
    /// Empty when the schema is free of syntax and naming errors.
    pub diagnostics: Vec<SchemaDiagnostic>,
}

/// Parses a Prisma schema (one string, or the files of a multi-file schema). Never throws on
/// schema errors, which come back as `diagnostics`; throws `INVALID_ARGUMENT` on a wrong input shape.
#[napi(
    ts_args_type = "input: string | Array<SchemaFileInput>",
    ts_return_type = "ParsedSchemaResult"
)]
pub fn parse_schema<'e>(env: &'e Env, input: Unknown) -> napi::Result<JsString<'e>> {
    // The result crosses the boundary as one JSON string that `lib/index.cjs` decodes (when a
    // caller first reads the tree; `internalParseReport` is what it calls eagerly): V8's
    // `JSON.parse` builds a large object graph several times faster than setting it up property by
    // property through napi (`npm run bench`). The structs above still give the TypeScript types.
    guard(|| {
        let failed = |e: &dyn std::fmt::Display| {
            CoreError::new("INTERNAL_ERROR", format!("parseSchema result: {e}"))
        };
        let files = read_input(&input)?;
        let parsed = syntax::parse_files(&files);
        let result = to_result(&parsed);
        let json = serde_json::to_string(&result).map_err(|e| failed(&e));
        // The tree is freed off the caller's path when big.
        let bytes = background::input_bytes(&files);
        background::drop_big((files, (parsed, result)), bytes);
        js_string(env, json?).map_err(|e| failed(&e))
    })
}

/// What `parseSchema` returns eagerly (`lib/lazy.cjs`): the diagnostics, and whether the tree has a
/// `datasource` key. The tree itself crosses only when read, through `parseSchema` again: parsing the
/// same input twice is cheaper than building a tree nobody reads, and holds no native memory.
#[derive(Serialize)]
struct ParseReport {
    datasource: bool,
    diagnostics: Vec<SchemaDiagnostic>,
}

/// `parseSchema`'s report (see `ParseReport`), as JSON; internal to `lib/`, which exports
/// `parseSchema` over it.
#[napi(js_name = "internalParseReport", skip_typescript)]
pub fn parse_report(input: Unknown) -> napi::Result<String> {
    guard(|| {
        let files = read_input(&input)?;
        let checked = syntax::check_files(files);
        let report = ParseReport {
            datasource: checked.datasource,
            diagnostics: diagnostics(&checked.parsed),
        };
        serde_json::to_string(&report)
            .map_err(|e| CoreError::new("INTERNAL_ERROR", format!("parseSchema report: {e}")))
    })
}

fn invalid(message: &str) -> CoreError {
    CoreError::new(
        "INVALID_ARGUMENT",
        format!(
            "parseSchema expects a string or an array of {{ path, content }} objects: {message}"
        ),
    )
}

fn read_input(input: &Unknown) -> Result<Vec<(String, String)>, CoreError> {
    match input.get_type().map_err(|e| invalid(&e.reason))? {
        // SAFETY: the type was checked just above.
        ValueType::String => {
            let SchemaText(text) =
                unsafe { input.cast::<SchemaText>() }.map_err(|e| invalid(&e.reason))?;
            Ok(vec![(syntax::DEFAULT_PATH.to_string(), text)])
        }
        ValueType::Object => {
            // SAFETY: an object; a non-array fails the conversion with an error, not UB.
            let items = unsafe { input.cast::<Vec<Unknown>>() }
                .map_err(|_| invalid("got an object that is not an array"))?;
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    if item.get_type().map_err(|e| invalid(&e.reason))? != ValueType::Object {
                        return Err(invalid(&format!("item {index} is not an object")));
                    }
                    // SAFETY: an object; missing or mistyped fields fail with an error.
                    let file = unsafe { item.cast::<SchemaFileInput>() }
                        .map_err(|e| invalid(&format!("item {index}: {}", e.reason)))?;
                    Ok((file.path, file.content.0))
                })
                .collect()
        }
        other => Err(invalid(&format!("got {other:?}"))),
    }
}

fn to_result(parsed: &ParsedSchema) -> ParsedSchemaResult {
    let mut result = ParsedSchemaResult {
        datasource: None,
        generators: Vec::new(),
        models: Vec::new(),
        views: Vec::new(),
        types: Vec::new(),
        enums: Vec::new(),
        diagnostics: diagnostics(parsed),
    };
    for file in &parsed.files {
        let index = file.line_index();
        let line = |offset: u32| index.line_col(&file.text, offset as usize).0;
        for block in file.blocks() {
            let at = line(block.name.span.start);
            match block.kind {
                BlockKind::Model => result.models.push(model(file, block, at, &line)),
                BlockKind::View => result.views.push(model(file, block, at, &line)),
                BlockKind::Type => result.types.push(model(file, block, at, &line)),
                BlockKind::Enum => result.enums.push(ParsedEnum {
                    name: block.name().to_string(),
                    values: block.enum_values().map(|v| v.name().to_string()).collect(),
                    attributes: block
                        .block_attributes()
                        .map(|a| attribute(file, &a.attribute, "@@"))
                        .collect(),
                    documentation: block.doc.clone(),
                    file: file.path.clone(),
                    line: at,
                }),
                BlockKind::Datasource if result.datasource.is_none() => {
                    result.datasource = Some(datasource(file, block, at));
                }
                BlockKind::Datasource => {}
                BlockKind::Generator => result.generators.push(ParsedGenerator {
                    name: block.name().to_string(),
                    provider: property(block, "provider").map(|e| string_or_text(file, e)),
                    output: property(block, "output").map(|e| string_or_text(file, e)),
                    preview_features: property(block, "previewFeatures")
                        .map(|e| list(file, e))
                        .unwrap_or_default(),
                    file: file.path.clone(),
                    line: at,
                }),
            }
        }
    }
    result
}

fn diagnostics(parsed: &ParsedSchema) -> Vec<SchemaDiagnostic> {
    parsed
        .diagnostics
        .iter()
        .zip(parsed.locations())
        .map(|(d, loc)| SchemaDiagnostic {
            code: d.code.to_string(),
            message: d.message.clone(),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_string(),
            file: loc.file,
            line: loc.line,
            column: loc.column,
            end_line: loc.end_line,
            end_column: loc.end_column,
            frame: loc.frame,
        })
        .collect()
}

fn model(
    file: &SchemaFile,
    block: &Block,
    line: u32,
    line_of: &impl Fn(u32) -> u32,
) -> ParsedModel {
    ParsedModel {
        name: block.name().to_string(),
        fields: block
            .fields()
            .map(|f| field(file, f, line_of(f.name.span.start)))
            .collect(),
        attributes: block
            .block_attributes()
            .map(|a| attribute(file, &a.attribute, "@@"))
            .collect(),
        documentation: block.doc.clone(),
        file: file.path.clone(),
        line,
    }
}

fn field(file: &SchemaFile, field: &Field, line: u32) -> ParsedField {
    let field_type = match field.field_type.as_ref().map(|t| &t.base) {
        Some(BaseType::Named(ident)) => ident.name.to_string(),
        Some(BaseType::Unsupported(lit)) => format!("Unsupported({})", file.slice(lit.span)),
        None => String::new(),
    };
    ParsedField {
        name: field.name().to_string(),
        field_type,
        optional: field.is_optional(),
        list: field.is_list(),
        attributes: field
            .attributes
            .iter()
            .map(|a| attribute(file, a, "@"))
            .collect(),
        documentation: field.doc.as_deref().map(str::to_string),
        line,
    }
}

fn attribute(file: &SchemaFile, attribute: &Attribute, marker: &str) -> ParsedAttribute {
    ParsedAttribute {
        name: format!("{marker}{}", attribute.name.name),
        arguments: attribute
            .args()
            .iter()
            .map(|a| ParsedArgument {
                name: a.name.as_ref().map(|n| n.name.to_string()),
                value: a.value.as_ref().map(|v| file.slice(v.span()).to_string()),
            })
            .collect(),
    }
}

fn datasource(file: &SchemaFile, block: &Block, line: u32) -> ParsedDatasource {
    ParsedDatasource {
        name: block.name().to_string(),
        provider: property(block, "provider")
            .map(|e| string_or_text(file, e))
            .unwrap_or_default(),
        url: property(block, "url").map(|e| string_or_text(file, e)),
        relation_mode: property(block, "relationMode").map(|e| string_or_text(file, e)),
        schemas: property(block, "schemas").map(|e| list(file, e)),
        extensions: property(block, "extensions").map(|e| list(file, e)),
        file: file.path.clone(),
        line,
    }
}

fn property<'a>(block: &'a Block, key: &str) -> Option<&'a Expr> {
    block.property(key)?.value.as_ref()
}

/// A string's value, or any other expression as written.
fn string_or_text(file: &SchemaFile, expr: &Expr) -> String {
    expr.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| file.slice(expr.span()).to_string())
}

/// The items of an array (strings by value, others as written); a lone value counts as one item.
fn list(file: &SchemaFile, expr: &Expr) -> Vec<String> {
    match expr.as_array() {
        Some(items) => items.iter().map(|e| string_or_text(file, e)).collect(),
        None => vec![string_or_text(file, expr)],
    }
}
