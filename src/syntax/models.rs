//! Model rules Prisma's validator enforces that decide what a migration would be: one primary key
//! made of required fields, at least one unique criteria, `@updatedAt` on DateTime only, scalar
//! lists only where the connector has them, and `fields`/`references` that line up. Reported at the
//! syntax stage, like the name checks, so `parseSchema` shows them and every later stage can rely
//! on them. Messages and positions are Prisma's.

use rustc_hash::FxHashMap;

use super::diagnostic::{Diagnostic, Severity};
use super::names::is_scalar_type;
use super::span::Span;
use super::tree::*;

fn error(code: &'static str, message: String, span: Span) -> Diagnostic {
    Diagnostic {
        code,
        message,
        span,
        severity: Severity::Error,
    }
}

fn expr_field_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Constant { name, .. } => Some(name.as_str()),
        Expr::Function { name, .. } => Some(name.name.as_str()),
        _ => None,
    }
}

/// Field names of a `[a, b(sort: Desc)]` list (or a single name).
fn field_names(expr: Option<&Expr>) -> Vec<&str> {
    match expr {
        Some(Expr::Array { items, .. }) => items.iter().filter_map(expr_field_name).collect(),
        Some(e) => expr_field_name(e).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Prisma checks in two rounds: attribute and relation rules while it builds its schema database,
/// then the validation rules, which it skips when anything before failed (a syntax error included).
pub fn check_schema(files: &[SchemaFile], diags: &mut Vec<Diagnostic>) {
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    // Without errors so far, declaration names are unique: a block is a model here exactly when
    // it is a model or a view.
    let model_blocks: Vec<&Block> = files
        .iter()
        .flat_map(|f| f.blocks())
        .filter(|b| matches!(b.kind, BlockKind::Model | BlockKind::View))
        .collect();
    let mut models: FxHashMap<&str, &Block> =
        FxHashMap::with_capacity_and_hasher(model_blocks.len(), Default::default());
    models.extend(model_blocks.iter().map(|b| (b.name(), *b)));
    let provider = files
        .iter()
        .flat_map(|f| f.blocks())
        .find(|b| b.kind == BlockKind::Datasource)
        .and_then(|b| b.property("provider"))
        .and_then(|p| p.value.as_ref())
        .and_then(Expr::as_str);
    // Without a datasource Prisma validates against no connector, which has no scalar lists either.
    let lists_supported = matches!(
        provider,
        Some("postgresql" | "postgres" | "cockroachdb" | "mongodb")
    );
    for block in &model_blocks {
        attribute_rules(block, &models, diags);
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    for block in &model_blocks {
        validation_rules(block, &models, lists_supported, diags);
    }
}

/// The first `@id`, `@updatedAt`, `@relation` and `@unique` of a field, found in one scan.
#[derive(Default)]
struct FieldAttributes<'a> {
    id: Option<&'a Attribute>,
    updated_at: Option<&'a Attribute>,
    relation: Option<&'a Attribute>,
    unique: Option<&'a Attribute>,
}

impl<'a> FieldAttributes<'a> {
    fn of(field: &'a Field) -> Self {
        let mut found = FieldAttributes::default();
        for attribute in &field.attributes {
            let slot = match attribute.name.name.as_str() {
                "id" => &mut found.id,
                "updatedAt" => &mut found.updated_at,
                "relation" => &mut found.relation,
                "unique" => &mut found.unique,
                _ => continue,
            };
            slot.get_or_insert(attribute);
        }
        found
    }
}

/// `@id`, `@@id`, `@updatedAt` and relation `references`.
fn attribute_rules(block: &Block, models: &FxHashMap<&str, &Block>, diags: &mut Vec<Diagnostic>) {
    let mut field_ids = 0;
    for field in block.fields() {
        let attributes = FieldAttributes::of(field);
        field_ids += usize::from(attributes.id.is_some());
        let Some(tpe) = field.type_name() else {
            continue;
        };
        if let (Some(id), true) = (attributes.id, field.is_optional()) {
            diags.push(error(
                "ID_OPTIONAL",
                "Error parsing attribute \"@id\": Fields that are marked as id must be required."
                    .into(),
                id.span,
            ));
        }
        if let Some(updated) = attributes.updated_at.filter(|_| tpe != "DateTime") {
            diags.push(error(
                "UPDATED_AT_TYPE",
                "Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt must be of type DateTime.".into(),
                updated.span,
            ));
        }
        let relation = attributes.relation;
        let references = relation.and_then(|r| r.argument("references"));
        if let (Some(relation), Some(references), Some(target)) =
            (relation, references, models.get(tpe))
        {
            let missing: Vec<&str> = field_names(Some(references))
                .into_iter()
                .filter(|r| target.field(r).is_none())
                .collect();
            if !missing.is_empty() {
                diags.push(error(
                    "UNKNOWN_REFERENCES",
                    format!(
                        "Error validating: The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
                        target.name(),
                        missing.join(", ")
                    ),
                    relation.span,
                ));
            }
        }
    }
    if block.kind != BlockKind::Model {
        return;
    }
    let name = block.name();
    let compound_id = block.block_attribute("id");
    if field_ids > 1 {
        diags.push(error(
            "MULTIPLE_IDS",
            format!("Error validating model \"{name}\": At most one field must be marked as the id field with the `@id` attribute."),
            block.span,
        ));
    }
    if field_ids > 0 && compound_id.is_some() {
        diags.push(error(
            "MULTIPLE_IDS",
            format!("Error validating model \"{name}\": Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time."),
            block.span,
        ));
    }
    if let Some(id) = compound_id.filter(|_| field_ids == 0) {
        for key in field_names(id.default_argument("fields")) {
            if block.field(key).is_some_and(|f| f.is_optional()) {
                diags.push(error(
                    "ID_OPTIONAL",
                    format!("Error validating model \"{name}\": The id definition refers to the optional field `{key}`. ID definitions must reference only required fields."),
                    id.span,
                ));
            }
        }
    }
}

/// Scalar lists, `fields`/`references` counts and the unique criteria every model needs.
fn validation_rules(
    block: &Block,
    models: &FxHashMap<&str, &Block>,
    lists_supported: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let mut has_field_id = false;
    for field in block.fields() {
        let attributes = FieldAttributes::of(field);
        has_field_id |= attributes.id.is_some();
        let Some(tpe) = field.type_name() else {
            continue;
        };
        if !lists_supported && field.is_list() && is_scalar_type(tpe) {
            diags.push(error(
                "LIST_UNSUPPORTED",
                format!(
                    "Field \"{}\" in model \"{}\" can't be a list. The current connector does not support lists of primitive types.",
                    field.name(),
                    block.name()
                ),
                field.content,
            ));
        }
        let Some(relation) = attributes.relation.filter(|_| models.contains_key(tpe)) else {
            continue;
        };
        if let (Some(fields), Some(references)) =
            (relation.argument("fields"), relation.argument("references"))
        {
            if field_names(Some(fields)).len() != field_names(Some(references)).len() {
                diags.push(error(
                    "RELATION_ARITY",
                    "Error validating: You must specify the same number of fields in `fields` and `references`.".into(),
                    relation.span,
                ));
            }
        }
    }
    if block.kind != BlockKind::Model || block.block_attribute("ignore").is_some() {
        return;
    }
    if has_field_id || block.block_attribute("id").is_some() {
        return;
    }
    // Unique criteria: the primary key, or a unique over required fields only; uniques over an
    // optional field are named in the message.
    let optional = |names: &[&str]| {
        names
            .iter()
            .any(|n| block.field(n).is_some_and(|f| f.is_optional()))
    };
    let uniques: Vec<Vec<&str>> = block
        .fields()
        .filter(|f| f.attribute("unique").is_some())
        .map(|f| vec![f.name()])
        .chain(
            block
                .block_attributes()
                .filter(|a| a.attribute.name.name == "unique")
                .map(|a| field_names(a.attribute.default_argument("fields"))),
        )
        .collect();
    if uniques.iter().any(|u| !optional(u)) {
        return;
    }
    let mut message = format!("Error validating model \"{}\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.", block.name());
    if !uniques.is_empty() {
        message.push_str(" The following unique criterias were not considered as they contain fields that are not required:");
        for u in &uniques {
            message.push_str(&format!("\n- {}", u.join(", ")));
        }
    }
    diags.push(error("NO_UNIQUE_CRITERIA", message, block.span));
}
