//! Small questions sync asks of a resolved schema, and the parse + resolve step it starts from.

use crate::error::{CoreError, CoreResult};
use crate::schema::{self, Field, FieldKind, IndexKind, Model, ScalarType, Schema};
use crate::syntax::diagnostic::Severity;
use crate::syntax::tree::{Block, BlockItem, BlockKind, SchemaFile, TopItem};

pub struct Loaded {
    pub files: Vec<SchemaFile>,
    pub schema: Schema,
}

/// Parses and resolves a schema. Syntax errors throw `SCHEMA_SYNTAX`, resolution errors `SCHEMA_INVALID`.
pub fn load(files: &[(String, String)]) -> CoreResult<Loaded> {
    let parsed = crate::syntax::parse_files(files);
    if let Some(err) = parsed.first_error() {
        return Err(err);
    }
    let (schema, diagnostics) = schema::resolve(&parsed.files);
    if let Some(d) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
        return Err(CoreError::new("SCHEMA_INVALID", d.message.clone()).at(parsed.location(d)));
    }
    Ok(Loaded {
        files: parsed.files,
        schema,
    })
}

pub fn find_model<'a>(schema: &'a Schema, name: &str) -> Option<&'a Model> {
    schema.models.iter().find(|m| m.name == name && !m.is_view)
}

/// The model a relation field points at.
pub fn target_name<'a>(schema: &'a Schema, field: &Field) -> Option<&'a str> {
    field
        .relation()
        .and_then(|r| schema.models.get(r.target))
        .map(|m| m.name.as_str())
}

pub fn scalar_name(scalar: ScalarType) -> &'static str {
    match scalar {
        ScalarType::String => "String",
        ScalarType::Int => "Int",
        ScalarType::BigInt => "BigInt",
        ScalarType::Float => "Float",
        ScalarType::Decimal => "Decimal",
        ScalarType::Boolean => "Boolean",
        ScalarType::DateTime => "DateTime",
        ScalarType::Json => "Json",
        ScalarType::Bytes => "Bytes",
    }
}

/// The field's base type name as written (`String`, an enum or model name, `Unsupported("…")`).
pub fn type_name(schema: &Schema, field: &Field) -> String {
    match &field.kind {
        FieldKind::Scalar(s) => scalar_name(*s).to_string(),
        FieldKind::Enum(id) => schema
            .enums
            .get(*id)
            .map(|e| e.name.to_string())
            .unwrap_or_default(),
        FieldKind::Composite(id) => schema
            .composite_types
            .get(*id)
            .map(|c| c.name.to_string())
            .unwrap_or_default(),
        FieldKind::Relation(_) => target_name(schema, field).unwrap_or_default().to_string(),
        FieldKind::Unsupported(t) => format!("Unsupported({t:?})"),
    }
}

fn index_fields(fields: &[schema::IndexField]) -> Vec<&str> {
    fields.iter().map(|f| f.field.as_str()).collect()
}

/// Whether some index, unique constraint or primary key starts with `fields` (in order): it serves
/// the lookups an index on exactly `fields` would, so `@@index([chatId, createdAt])` has `chatId`.
pub fn has_index_on(model: &Model, fields: &[&str]) -> bool {
    let starts = |list: &[schema::IndexField]| index_fields(list).starts_with(fields);
    model.indexes.iter().any(|i| starts(&i.fields))
        || model
            .primary_key
            .as_ref()
            .is_some_and(|pk| starts(&pk.fields))
}

/// The unique constraint (or primary key) on exactly `fields`: `Some(name)` with its client name, if any.
pub fn unique_on<'a>(model: &'a Model, fields: &[&str]) -> Option<Option<&'a str>> {
    model
        .indexes
        .iter()
        .find(|i| i.kind == IndexKind::Unique && index_fields(&i.fields) == fields)
        .map(|i| i.name.as_deref())
        .or_else(|| {
            model
                .primary_key
                .as_ref()
                .filter(|pk| index_fields(&pk.fields) == fields)
                .map(|pk| pk.name.as_deref())
        })
}

/// The syntax of a model, for its texts and comments.
pub fn model_block<'a>(files: &'a [SchemaFile], name: &str) -> Option<(&'a SchemaFile, &'a Block)> {
    files.iter().find_map(|f| {
        f.items.iter().find_map(|item| match item {
            TopItem::Block(b) if b.kind == BlockKind::Model && b.name.name == name => Some((f, b)),
            _ => None,
        })
    })
}

pub fn field_syntax<'a>(block: &'a Block, name: &str) -> Option<&'a crate::syntax::tree::Field> {
    block.items.iter().find_map(|item| match item {
        BlockItem::Field(f) if f.name.name == name => Some(f),
        _ => None,
    })
}
