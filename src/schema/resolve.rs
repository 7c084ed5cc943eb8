//! Syntax tree → resolved schema. Two passes: first every block's name (so field types can refer to
//! blocks declared later or in another file), then each block's contents; relations are paired last.

use std::collections::hash_map::Entry;
use std::sync::atomic::{AtomicUsize, Ordering};

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use super::attributes::{
    arg, boolean, constant, expr_name, expr_text, function_arg, name_list, string,
};
use super::datasource;
use super::names;
use super::prefetch;
use super::relations::pair_relations;
use super::types::*;
use crate::background;
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
    // Chunks only where a thread will share them: on the NodeLLM schema, 16 chunks on one thread
    // made resolve 9% slower (6.34 -> 6.92 us).
    let text: usize = files.iter().map(|f| f.text.len()).sum();
    let chunks = match background::worth_a_thread(text / 2) {
        true => CHUNKS,
        false => 1,
    };
    resolve_all(files, provider, chunks)
}

/// `resolve` on this thread alone (what one core does; benchmarks report both).
pub fn resolve_on_one_thread(files: &[SchemaFile]) -> (Schema, Vec<Diagnostic>) {
    resolve_all(files, None, 1)
}

/// Chunks the blocks of a big schema are cut into for resolution side by side.
const CHUNKS: usize = 16;

/// With several `chunks`, the blocks' contents are resolved in that many runs, taken in turn by
/// this thread and one beside it; each block's contents depend only on the names of pass 1, and
/// the runs' results are put back in source order.
fn resolve_all(
    files: &[SchemaFile],
    provider: Option<Provider>,
    chunks: usize,
) -> (Schema, Vec<Diagnostic>) {
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

    // Pass 2: contents, in chunks of blocks taken in turn by this thread and, for a big schema, one
    // beside it (`background::join`): on a busy machine, a thread kept waiting for a core holds up
    // at most the chunk it took, as the other takes the rest.
    let chunk = blocks.len().div_ceil(chunks.max(1));
    let chunks: Vec<&[&Block]> = blocks.chunks(chunk.max(1)).collect();
    let next = AtomicUsize::new(0);
    let take_chunks = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(run) = chunks.get(i) else {
                return done;
            };
            done.push((i, contents(run, &types, provider)));
        }
    };
    let bytes: usize = blocks.iter().map(|b| b.span.len()).sum();
    let share = if chunks.len() > 1 { bytes / 2 } else { 0 };
    let (theirs, mut runs) = background::join(take_chunks, take_chunks, (share, share));
    runs.extend(theirs);
    runs.sort_unstable_by_key(|&(i, _)| i);
    schema.models.reserve_exact(models);
    schema.enums.reserve_exact(enums);
    schema.composite_types.reserve_exact(composites);
    let mut relation_fields = Vec::new();
    for (_, run) in runs {
        let offset = schema.models.len();
        relation_fields.extend((run.relation_fields.iter()).map(|&(m, f)| (m + offset, f)));
        schema.models.extend(run.models);
        schema.enums.extend(run.enums);
        schema.composite_types.extend(run.composite_types);
        diagnostics.extend(run.diagnostics);
    }
    schema.relations = pair_relations(&mut schema.models, &relation_fields, &mut diagnostics);
    (schema, diagnostics)
}

/// What pass 2 makes of a run of blocks.
struct Contents {
    models: Vec<Model>,
    enums: Vec<Enum>,
    composite_types: Vec<CompositeType>,
    /// The (model, field) of every relation field, models counted from the run's first.
    relation_fields: Vec<(ModelId, usize)>,
    diagnostics: Vec<Diagnostic>,
}

fn contents(blocks: &[&Block], types: &FxHashMap<&str, TypeRef>, provider: Provider) -> Contents {
    let count = |kinds: &[BlockKind]| blocks.iter().filter(|b| kinds.contains(&b.kind)).count();
    let mut run = Contents {
        models: Vec::with_capacity(count(&[BlockKind::Model, BlockKind::View])),
        enums: Vec::with_capacity(count(&[BlockKind::Enum])),
        composite_types: Vec::with_capacity(count(&[BlockKind::Type])),
        relation_fields: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut scratch = Scratch::default();
    for (i, block) in blocks.iter().enumerate() {
        prefetch::ahead(blocks, i);
        match block.kind {
            BlockKind::Enum => run.enums.push(resolve_enum(block)),
            BlockKind::Type => {
                let fields = block_fields(
                    block,
                    types,
                    &mut scratch,
                    &mut run.diagnostics,
                    "composite type",
                );
                run.composite_types.push(CompositeType {
                    name: block.name.name.clone(),
                    fields,
                    span: block.span,
                });
            }
            BlockKind::Model | BlockKind::View => {
                let model =
                    resolve_model(block, types, &mut scratch, provider, &mut run.diagnostics);
                let model_id = run.models.len();
                run.relation_fields.extend(
                    (model.fields.iter().enumerate())
                        .filter(|(_, f)| f.is_relation())
                        .map(|(field_id, _)| (model_id, field_id)),
                );
                run.models.push(model);
            }
            _ => {}
        }
    }
    run
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

/// What the walk over a model's items finds besides its fields, kept between blocks so its buffers
/// are allocated once per resolve.
#[derive(Default)]
struct Scratch<'a> {
    /// The fields resolved so far in this block, by name: their place in its fields. Indexes and
    /// foreign keys find their columns here; with a set here and a scan of the fields for each
    /// column (twice, as a name was sized then written), resolving 1,000 models took 25.3 M
    /// instructions, now 22.7 M.
    seen: FxHashMap<&'a str, usize>,
    /// The first field with `@id` (resolved or not), with that attribute.
    field_id: Option<(&'a CompactString, &'a Attribute)>,
    /// Every field's first `@unique` (resolved or not), in source order.
    field_uniques: Vec<(&'a CompactString, &'a Attribute)>,
    /// The first `@@map`, `@@schema` and `@@id`, and whether there is an `@@ignore`.
    map: Option<&'a Attribute>,
    schema: Option<&'a Attribute>,
    id: Option<&'a Attribute>,
    ignore: bool,
    /// `@@index`, `@@unique` and `@@fulltext`, in source order.
    indexes: Vec<(IndexKind, &'a Attribute)>,
}

impl<'a> Scratch<'a> {
    fn clear(&mut self) {
        self.seen.clear();
        self.field_id = None;
        self.field_uniques.clear();
        (self.map, self.schema, self.id, self.ignore) = (None, None, None, false);
        self.indexes.clear();
    }

    fn block_attribute(&mut self, attr: &'a Attribute) {
        let slot = match attr.name.name.as_str() {
            "map" => &mut self.map,
            "schema" => &mut self.schema,
            "id" => &mut self.id,
            "ignore" => {
                self.ignore = true;
                return;
            }
            "index" => return self.indexes.push((IndexKind::Normal, attr)),
            "unique" => return self.indexes.push((IndexKind::Unique, attr)),
            "fulltext" => return self.indexes.push((IndexKind::Fulltext, attr)),
            _ => return,
        };
        slot.get_or_insert(attr);
    }
}

/// The block's fields, in one walk over its items that also fills `scratch` with what a model reads
/// next (field `@id`/`@unique`s and the `@@` attributes).
fn block_fields<'a>(
    block: &'a Block,
    types: &FxHashMap<&str, TypeRef>,
    scratch: &mut Scratch<'a>,
    diagnostics: &mut Vec<Diagnostic>,
    container: &str,
) -> Vec<Field> {
    scratch.clear();
    let mut fields: Vec<Field> = Vec::with_capacity(
        block
            .items
            .iter()
            .filter(|item| matches!(item, BlockItem::Field(_)))
            .count(),
    );
    for item in &block.items {
        let field = match item {
            BlockItem::Field(field) => field,
            BlockItem::Attribute(a) => {
                scratch.block_attribute(&a.attribute);
                continue;
            }
            _ => continue,
        };
        let attrs = FieldAttributes::of(&field.attributes);
        if let Some(id) = attrs.id {
            scratch.field_id.get_or_insert((&field.name.name, id));
        }
        if let Some(unique) = attrs.unique {
            scratch.field_uniques.push((&field.name.name, unique));
        }
        let Some(field_type) = &field.field_type else {
            continue;
        };
        let Entry::Vacant(slot) = scratch.seen.entry(field.name.name.as_str()) else {
            diagnostics.push(error(
                "DUPLICATE_FIELD",
                format!(
                    "Field \"{}\" is already defined on {container} \"{}\".",
                    field.name.name, block.name.name
                ),
                field.name.span,
            ));
            continue;
        };
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
        slot.insert(fields.len());
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

/// The column name of the field called `field` (`seen`: the fields by name); a name that is no
/// field stands for itself (reported elsewhere).
fn column<'f>(fields: &'f [Field], seen: &FxHashMap<&str, usize>, field: &'f str) -> &'f str {
    (seen.get(field).and_then(|&i| fields.get(i))).map_or(field, |f| f.db_name.as_str())
}

fn resolve_model<'a>(
    block: &'a Block,
    types: &FxHashMap<&str, TypeRef>,
    scratch: &mut Scratch<'a>,
    provider: Provider,
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let is_view = block.kind == BlockKind::View;
    let mut fields = block_fields(
        block,
        types,
        scratch,
        diagnostics,
        if is_view { "view" } else { "model" },
    );
    let found = &*scratch;
    let db_name = found
        .map
        .and_then(|a| string(arg(a, "name", Some(0))))
        .unwrap_or_else(|| block.name.name.clone());
    let index_name = |fields: &[Field], list: &[IndexField], suffix: &str| {
        let columns = list.iter().map(|f| column(fields, &found.seen, &f.field));
        names::constraint_name(&db_name, columns, suffix, provider)
    };

    // Primary key: `@id` on a field, else `@@id`.
    let primary_key = if let Some((field, id)) = found.field_id {
        let map = string(arg(id, "map", None));
        Some(PrimaryKey {
            fields: vec![single_field_options(field, id)],
            name: None,
            mapped: map.is_some(),
            db_name: map.unwrap_or_else(|| names::primary_key_name(&db_name, provider)),
            clustered: boolean(arg(id, "clustered", None)),
            field_level: true,
        })
    } else {
        found.id.map(|id| {
            let map = string(arg(id, "map", None));
            PrimaryKey {
                fields: index_fields(arg(id, "fields", Some(0))),
                name: string(arg(id, "name", None)),
                mapped: map.is_some(),
                db_name: map.unwrap_or_else(|| names::primary_key_name(&db_name, provider)),
                clustered: boolean(arg(id, "clustered", None)),
                field_level: false,
            }
        })
    };

    // Indexes in Prisma's order: field `@unique`s, then `@@index`, `@@unique`, `@@fulltext`.
    let mut indexes = Vec::with_capacity(found.field_uniques.len() + found.indexes.len());
    for &(field, unique) in &found.field_uniques {
        let idx_fields = vec![single_field_options(field, unique)];
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
    for kind in [IndexKind::Normal, IndexKind::Unique, IndexKind::Fulltext] {
        for &(_, attr) in found.indexes.iter().filter(|(k, _)| *k == kind) {
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
                let columns = scalars.iter().map(|s| column(&fields, &found.seen, s));
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
        schema: found.schema.and_then(|a| string(arg(a, "name", Some(0)))),
        is_view,
        ignored: found.ignore,
        fields,
        primary_key,
        indexes,
        span: block.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    /// The schema and diagnostics, resolved in chunks and in one run, printed whole.
    fn both_ways(text: &str) -> (String, String) {
        let parsed = syntax::parse_str(text);
        let chunks = resolve_all(&parsed.files, None, CHUNKS);
        let one = resolve_all(&parsed.files, None, 1);
        (format!("{chunks:?}"), format!("{one:?}"))
    }

    #[test]
    fn a_corpus_schema_resolves_in_chunks_as_in_one_run() {
        let corpus = crate::corpus::corpus_files();
        for files in &corpus {
            let (path, text) = &files[0];
            let (chunks, one) = both_ways(text);
            assert_eq!(chunks, one, "{path}");
        }
    }

    /// Big enough for two threads to share the chunks, with errors in each half: a missing type,
    /// a field defined twice and a relation without its opposite field.
    #[test]
    fn a_big_schema_with_errors_in_both_halves_resolves_as_on_one_thread() {
        let model = |n: usize| {
            let broken = if n == 7 || n == 1200 {
                format!("  gone   Missing\n  title  Int\n  lonely Other{n}\n")
            } else {
                String::new()
            };
            format!(
                "model M{n} {{\n  id     Int    @id @default(autoincrement())\n  title  String @unique @db.VarChar(200)\n  body   String? @map(\"text\")\n  prevId Int?\n  prev   M{p}? @relation(\"P{n}\", fields: [prevId], references: [id])\n  next   M{x}[] @relation(\"P{x}\")\n{broken}\n  @@index([title, body(sort: Desc)])\n  @@map(\"t_{n}\")\n}}\n\nmodel Other{n} {{\n  id Int @id\n}}\n\n",
                p = n.saturating_sub(1),
                x = n + 1,
            )
        };
        let text: String = (0..1300).map(model).collect();
        // Each half well above the 128 KB from which `background::join` runs a job on a thread of
        // its own.
        assert!(text.len() > 400_000, "{}", text.len());
        let (chunks, one) = both_ways(&text);
        assert_eq!(chunks, one);
        let parsed = syntax::parse_str(&text);
        let (_, diagnostics) = resolve(&parsed.files);
        let at = |code: &str| -> Vec<u32> {
            (diagnostics.iter().filter(|d| d.code == code))
                .map(|d| d.span.start)
                .collect()
        };
        let half = text.len() as u32 / 2;
        for code in ["UNKNOWN_TYPE", "DUPLICATE_FIELD", "UNRESOLVED_RELATION"] {
            let found = at(code);
            assert!(found.len() >= 2, "{code}: {found:?}");
            assert!(
                found[0] < half && *found.last().unwrap() > half,
                "{code}: {found:?}"
            );
        }
    }
}
