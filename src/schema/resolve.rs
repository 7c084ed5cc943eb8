//! Syntax tree → resolved schema. Two passes: first every block's name (so field types can refer to
//! blocks declared later or in another file), then each block's contents; relations are paired last.

use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};

use super::attributes::{
    arg, boolean, constant, expr_name, expr_text, function_arg, name_list, string,
};
use super::datasource;
use super::names;
use super::relations::pair_relations;
use super::types::*;
use crate::syntax::diagnostic::{error, Diagnostic};
use crate::syntax::tree::{
    self, Attribute, BaseType, Block, BlockItem, BlockKind, Expr, SchemaFile, TopItem,
};

/// Resolves the parsed files of one schema (several for a `prisma/schema/` folder) into a `Schema`.
/// Problems are returned as diagnostics; resolution always completes.
pub fn resolve(files: &[SchemaFile]) -> (Schema, Vec<Diagnostic>) {
    resolve_for(files, None)
}

/// `resolve`, with the datasource provider replaced by `provider` (as `prisma migrate diff` run on a
/// schema rewritten for another database): names are cut to that provider's identifier limit.
pub fn resolve_for(files: &[SchemaFile], provider: Option<Provider>) -> (Schema, Vec<Diagnostic>) {
    let blocks: Vec<&Block> = files
        .iter()
        .flat_map(|f| f.items.iter())
        .filter_map(|item| match item {
            TopItem::Block(b) => Some(b),
            _ => None,
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut schema = Schema::default();
    for block in &blocks {
        match block.kind {
            BlockKind::Datasource if schema.datasource.is_none() => {
                schema.datasource = datasource::datasource(block, &mut diagnostics);
            }
            BlockKind::Generator => schema
                .preview_features
                .extend(datasource::preview_features(block)),
            _ => {}
        }
    }
    if let (Some(p), Some(ds)) = (provider, schema.datasource.as_mut()) {
        ds.provider = p;
    }
    let provider = schema
        .datasource
        .as_ref()
        .map(|d| d.provider)
        .or(provider)
        .unwrap_or(Provider::PostgreSql);

    // Pass 1: names.
    let mut types: FxHashMap<&str, TypeRef> =
        FxHashMap::with_capacity_and_hasher(blocks.len(), Default::default());
    let (mut models, mut enums, mut composites) = (0, 0, 0);
    for block in &blocks {
        let (reference, what) = match block.kind {
            BlockKind::Model | BlockKind::View => ((TypeRef::Model(models)), "model"),
            BlockKind::Enum => (TypeRef::Enum(enums), "enum"),
            BlockKind::Type => (TypeRef::Composite(composites), "composite type"),
            _ => continue,
        };
        match block.kind {
            BlockKind::Model | BlockKind::View => models += 1,
            BlockKind::Enum => enums += 1,
            _ => composites += 1,
        }
        if types.insert(&block.name.name, reference).is_some() {
            diagnostics.push(error(
                "DUPLICATE_TOP",
                format!("The {what} \"{}\" cannot be defined because a {what} with that name already exists.", block.name.name),
                block.name.span,
            ));
        }
    }

    // Pass 2: contents.
    schema.models.reserve_exact(models);
    schema.enums.reserve_exact(enums);
    schema.composite_types.reserve_exact(composites);
    let mut seen = FxHashSet::default();
    let mut relation_fields = Vec::new();
    for block in &blocks {
        match block.kind {
            BlockKind::Enum => schema.enums.push(resolve_enum(block)),
            BlockKind::Type => {
                let fields =
                    block_fields(block, &types, &mut seen, &mut diagnostics, "composite type");
                schema.composite_types.push(CompositeType {
                    name: block.name.name.clone(),
                    fields,
                    span: block.span,
                });
            }
            BlockKind::Model | BlockKind::View => {
                let model = resolve_model(block, &types, &mut seen, provider, &mut diagnostics);
                let model_id = schema.models.len();
                relation_fields.extend(
                    (model.fields.iter().enumerate())
                        .filter(|(_, f)| f.is_relation())
                        .map(|(field_id, _)| (model_id, field_id)),
                );
                schema.models.push(model);
            }
            _ => {}
        }
    }
    schema.relations = pair_relations(&mut schema.models, &relation_fields, &mut diagnostics);
    (schema, diagnostics)
}

#[derive(Clone, Copy)]
enum TypeRef {
    Model(ModelId),
    Enum(EnumId),
    Composite(CompositeId),
}

fn block_attributes(block: &Block) -> impl Iterator<Item = &Attribute> {
    block.items.iter().filter_map(|item| match item {
        BlockItem::Attribute(a) => Some(&a.attribute),
        _ => None,
    })
}

fn find_attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs.iter().find(|a| a.name.name == name)
}

fn resolve_enum(block: &Block) -> Enum {
    let mut db_name = block.name.name.clone();
    let mut schema = None;
    for attr in block_attributes(block) {
        match attr.name.name.as_str() {
            "map" => db_name = string(arg(attr, "name", Some(0))).unwrap_or(db_name),
            "schema" => schema = string(arg(attr, "name", Some(0))),
            _ => {}
        }
    }
    let values = block
        .items
        .iter()
        .filter_map(|item| match item {
            BlockItem::EnumValue(v) => Some(EnumValue {
                name: v.name.name.clone(),
                db_name: find_attr(&v.attributes, "map")
                    .and_then(|a| string(arg(a, "name", Some(0))))
                    .unwrap_or_else(|| v.name.name.clone()),
            }),
            _ => None,
        })
        .collect();
    Enum {
        name: block.name.name.clone(),
        db_name,
        schema,
        values,
        span: block.span,
    }
}

/// The attributes of one field that resolution reads, found in a single walk over them: the first of
/// each name, as a search by name would find it.
#[derive(Default)]
struct FieldAttributes<'a> {
    id: Option<&'a Attribute>,
    unique: Option<&'a Attribute>,
    default: Option<&'a Attribute>,
    map: Option<&'a Attribute>,
    relation: Option<&'a Attribute>,
    updated_at: bool,
    ignore: bool,
    /// The first dotted attribute (`@db.VarChar(200)`).
    native_type: Option<&'a Attribute>,
}

impl<'a> FieldAttributes<'a> {
    fn of(attrs: &'a [Attribute]) -> Self {
        let mut found = FieldAttributes::default();
        for attr in attrs {
            let slot = match attr.name.name.as_str() {
                "id" => &mut found.id,
                "unique" => &mut found.unique,
                "default" => &mut found.default,
                "map" => &mut found.map,
                "relation" => &mut found.relation,
                "updatedAt" => {
                    found.updated_at = true;
                    continue;
                }
                "ignore" => {
                    found.ignore = true;
                    continue;
                }
                name if name.contains('.') => &mut found.native_type,
                _ => continue,
            };
            slot.get_or_insert(attr);
        }
        found
    }
}

fn block_fields<'a>(
    block: &'a Block,
    types: &FxHashMap<&str, TypeRef>,
    seen: &mut FxHashSet<&'a str>,
    diagnostics: &mut Vec<Diagnostic>,
    container: &str,
) -> Vec<Field> {
    seen.clear();
    let mut fields: Vec<Field> = Vec::with_capacity(
        block
            .items
            .iter()
            .filter(|item| matches!(item, BlockItem::Field(_)))
            .count(),
    );
    for item in &block.items {
        let BlockItem::Field(field) = item else {
            continue;
        };
        let Some(field_type) = &field.field_type else {
            continue;
        };
        if seen.contains(field.name.name.as_str()) {
            diagnostics.push(error(
                "DUPLICATE_FIELD",
                format!(
                    "Field \"{}\" is already defined on {container} \"{}\".",
                    field.name.name, block.name.name
                ),
                field.name.span,
            ));
            continue;
        }
        let attrs = FieldAttributes::of(&field.attributes);
        let arity = match field_type.arity {
            tree::Arity::Required => Arity::Required,
            tree::Arity::Optional => Arity::Optional,
            tree::Arity::List => Arity::List,
        };
        let kind = match &field_type.base {
            BaseType::Unsupported(s) => FieldKind::Unsupported(s.value.to_string()),
            BaseType::Named(ident) => match ScalarType::parse(&ident.name) {
                Some(scalar) => FieldKind::Scalar(scalar),
                None => match types.get(ident.name.as_str()) {
                    Some(TypeRef::Enum(id)) => FieldKind::Enum(*id),
                    Some(TypeRef::Composite(id)) => FieldKind::Composite(*id),
                    Some(TypeRef::Model(id)) => {
                        FieldKind::Relation(Box::new(relation_field(*id, attrs.relation)))
                    }
                    None => {
                        diagnostics.push(error(
                            "UNKNOWN_TYPE",
                            format!(
                                "Type \"{}\" is neither a built-in type, nor refers to another model, composite type, or enum.",
                                ident.name
                            ),
                            ident.span,
                        ));
                        continue;
                    }
                },
            },
        };
        seen.insert(&field.name.name);
        let native_type = attrs.native_type.map(|a| {
            let name = CompactString::from(a.name.name.rsplit('.').next().unwrap_or_default());
            let args = a
                .arguments
                .as_ref()
                .map(|list| {
                    list.arguments
                        .iter()
                        .filter_map(|x| x.value.as_ref().map(expr_text))
                        .collect()
                })
                .unwrap_or_default();
            Box::new(NativeType { name, args })
        });
        fields.push(Field {
            name: field.name.name.clone(),
            db_name: attrs
                .map
                .and_then(|a| string(arg(a, "name", Some(0))))
                .unwrap_or_else(|| field.name.name.clone()),
            kind,
            arity,
            default: attrs
                .default
                .and_then(|a| arg(a, "value", Some(0)))
                .map(default_value),
            default_map: attrs.default.and_then(|a| string(arg(a, "map", None))),
            native_type,
            is_id: attrs.id.is_some(),
            is_unique: attrs.unique.is_some(),
            updated_at: attrs.updated_at,
            ignored: attrs.ignore,
            span: field.span,
        });
    }
    fields
}

fn relation_field(target: ModelId, rel: Option<&Attribute>) -> RelationField {
    let action = |name: &str| {
        rel.and_then(|a| constant(arg(a, name, None)))
            .and_then(ReferentialAction::parse)
    };
    RelationField {
        target,
        name: rel.and_then(|a| string(arg(a, "name", Some(0)))),
        fields: rel.and_then(|a| name_list(arg(a, "fields", None))),
        references: rel.and_then(|a| name_list(arg(a, "references", None))),
        on_delete: action("onDelete"),
        on_update: action("onUpdate"),
        map: rel.and_then(|a| string(arg(a, "map", None))),
        constraint_name: None,
        relation: None,
    }
}

fn literal(expr: &Expr) -> Literal {
    match expr {
        Expr::String(s) => Literal::String(s.value.clone()),
        Expr::Number { text, .. } => Literal::Number(text.clone()),
        Expr::Constant { name, .. } => match name.as_str() {
            "true" => Literal::Boolean(true),
            "false" => Literal::Boolean(false),
            _ => Literal::Constant(name.clone()),
        },
        Expr::Array { items, .. } => Literal::List(items.iter().map(literal).collect()),
        Expr::Function(_) => Literal::Constant(expr_text(expr)),
    }
}

fn default_value(expr: &Expr) -> DefaultValue {
    let Expr::Function(call) = expr else {
        return DefaultValue::Literal(literal(expr));
    };
    let (name, arguments) = (&call.name, &call.arguments);
    match name.name.as_str() {
        "autoincrement" => DefaultValue::Autoincrement,
        "now" => DefaultValue::Now,
        "uuid" => DefaultValue::Uuid,
        "cuid" => DefaultValue::Cuid,
        "nanoid" => DefaultValue::Nanoid,
        "ulid" => DefaultValue::Ulid,
        "auto" => DefaultValue::Auto,
        "dbgenerated" => DefaultValue::DbGenerated(
            arguments
                .arguments
                .first()
                .and_then(|a| a.value.as_ref())
                .and_then(|v| string(Some(v)))
                .map(String::from),
        ),
        "sequence" => DefaultValue::Sequence(
            arguments
                .arguments
                .iter()
                .filter_map(|a| {
                    Some((
                        a.name.as_ref()?.name.to_string(),
                        expr_text(a.value.as_ref()?).into(),
                    ))
                })
                .collect(),
        ),
        _ => DefaultValue::Literal(literal(expr)),
    }
}

/// `[a, b(sort: Desc, length: 10, ops: X)]` → index fields.
fn index_fields(expr: Option<&Expr>) -> Vec<IndexField> {
    let items = match expr {
        Some(Expr::Array { items, .. }) => items.as_slice(),
        Some(other) => std::slice::from_ref(other),
        None => &[],
    };
    items
        .iter()
        .filter_map(|e| {
            let field = match e {
                Expr::Function(call) => call.name.name.clone(),
                other => expr_name(other)?,
            };
            Some(IndexField {
                field,
                sort: constant(function_arg(e, "sort")).map(|s| {
                    if s == "Desc" {
                        SortOrder::Desc
                    } else {
                        SortOrder::Asc
                    }
                }),
                length: function_arg(e, "length")
                    .map(expr_text)
                    .and_then(|t| t.parse().ok()),
                ops: function_arg(e, "ops").map(expr_text),
            })
        })
        .collect()
}

fn single_field_options(field: &CompactString, attr: &Attribute) -> IndexField {
    IndexField {
        field: field.clone(),
        sort: constant(arg(attr, "sort", None)).map(|s| {
            if s == "Desc" {
                SortOrder::Desc
            } else {
                SortOrder::Asc
            }
        }),
        length: arg(attr, "length", None)
            .map(expr_text)
            .and_then(|t| t.parse().ok()),
        ops: None,
    }
}

/// The column name of the field called `field`; a name that is no field stands for itself (reported
/// elsewhere).
fn column<'f>(fields: &'f [Field], field: &'f str) -> &'f str {
    fields
        .iter()
        .find(|f| f.name == field)
        .map_or(field, |f| f.db_name.as_str())
}

fn resolve_model<'a>(
    block: &'a Block,
    types: &FxHashMap<&str, TypeRef>,
    seen: &mut FxHashSet<&'a str>,
    provider: Provider,
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let is_view = block.kind == BlockKind::View;
    let mut fields = block_fields(
        block,
        types,
        seen,
        diagnostics,
        if is_view { "view" } else { "model" },
    );
    let model_attr = |name: &str| block_attributes(block).find(|a| a.name.name == name);
    let db_name = model_attr("map")
        .and_then(|a| string(arg(a, "name", Some(0))))
        .unwrap_or_else(|| block.name.name.clone());
    let index_name = |fields: &[Field], list: &[IndexField], suffix: &str| {
        let columns = list.iter().map(|f| column(fields, &f.field));
        names::constraint_name(&db_name, columns, suffix, provider)
    };

    // Primary key: `@id` on a field, else `@@id`.
    let mut primary_key = None;
    for item in &block.items {
        let BlockItem::Field(field) = item else {
            continue;
        };
        if let Some(id) = find_attr(&field.attributes, "id") {
            let map = string(arg(id, "map", None));
            primary_key = Some(PrimaryKey {
                fields: vec![single_field_options(&field.name.name, id)],
                name: None,
                mapped: map.is_some(),
                db_name: map.unwrap_or_else(|| names::primary_key_name(&db_name, provider)),
                clustered: boolean(arg(id, "clustered", None)),
                field_level: true,
            });
            break;
        }
    }
    if primary_key.is_none() {
        if let Some(id) = model_attr("id") {
            let map = string(arg(id, "map", None));
            primary_key = Some(PrimaryKey {
                fields: index_fields(arg(id, "fields", Some(0))),
                name: string(arg(id, "name", None)),
                mapped: map.is_some(),
                db_name: map.unwrap_or_else(|| names::primary_key_name(&db_name, provider)),
                clustered: boolean(arg(id, "clustered", None)),
                field_level: false,
            });
        }
    }

    // Indexes in Prisma's order: field `@unique`s, then `@@index`, `@@unique`, `@@fulltext`.
    let mut indexes = Vec::new();
    for item in &block.items {
        let BlockItem::Field(field) = item else {
            continue;
        };
        if let Some(unique) = find_attr(&field.attributes, "unique") {
            let idx_fields = vec![single_field_options(&field.name.name, unique)];
            let map = string(arg(unique, "map", None));
            indexes.push(Index {
                kind: IndexKind::Unique,
                mapped: map.is_some(),
                db_name: map.unwrap_or_else(|| index_name(&fields, &idx_fields, "_key")),
                fields: idx_fields,
                name: None,
                algorithm: None,
                clustered: boolean(arg(unique, "clustered", None)),
                field_level: true,
                span: unique.span,
            });
        }
    }
    for (attr_name, kind) in [
        ("index", IndexKind::Normal),
        ("unique", IndexKind::Unique),
        ("fulltext", IndexKind::Fulltext),
    ] {
        for attr in block_attributes(block).filter(|a| a.name.name == attr_name) {
            let idx_fields = index_fields(arg(attr, "fields", Some(0)));
            let map = string(arg(attr, "map", None));
            let name = string(arg(attr, "name", None));
            // On `@@index`, a `name:` without `map:` still names the index in the database (legacy).
            let legacy_name = if kind == IndexKind::Unique {
                None
            } else {
                name.clone()
            };
            let mapped = map.is_some() || legacy_name.is_some();
            let db_name = map.or(legacy_name).unwrap_or_else(|| {
                let suffix = if kind == IndexKind::Unique {
                    "_key"
                } else {
                    "_idx"
                };
                index_name(&fields, &idx_fields, suffix)
            });
            indexes.push(Index {
                kind,
                db_name,
                fields: idx_fields,
                name,
                mapped,
                algorithm: constant(arg(attr, "type", None)).map(CompactString::from),
                clustered: boolean(arg(attr, "clustered", None)),
                field_level: false,
                span: attr.span,
            });
        }
    }

    // Foreign key names, from the columns' database names (needs every field of the model).
    for i in 0..fields.len() {
        let Some(rel) = fields[i].relation() else {
            continue;
        };
        let Some(scalars) = &rel.fields else {
            continue;
        };
        let name = match &rel.map {
            Some(map) => map.clone(),
            None => {
                let columns = scalars.iter().map(|s| column(&fields, s));
                names::constraint_name(&db_name, columns, "_fkey", provider)
            }
        };
        if let FieldKind::Relation(rel) = &mut fields[i].kind {
            rel.constraint_name = Some(name);
        }
    }

    Model {
        name: block.name.name.clone(),
        db_name,
        schema: model_attr("schema").and_then(|a| string(arg(a, "name", Some(0)))),
        is_view,
        ignored: model_attr("ignore").is_some(),
        fields,
        primary_key,
        indexes,
        span: block.span,
    }
}
