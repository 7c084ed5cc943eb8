//! Model rules Prisma's validator enforces that decide what a migration would be: one primary key
//! made of required fields, at least one unique criteria, `@updatedAt` on DateTime only, scalar
//! lists only where the connector has them, and `fields`/`references` that line up. Reported at the
//! syntax stage, like the name checks, so `parseSchema` shows them and every later stage can rely
//! on them. Messages and positions are Prisma's.

use rustc_hash::FxHashMap;

use super::diagnostic::{error, Diagnostic, Severity};
use super::names::is_scalar_type;
use super::tree::*;

fn expr_field_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Constant { name, .. } => Some(name.as_str()),
        Expr::Function(call) => Some(call.name.name.as_str()),
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
/// Both rounds are read in one walk over each model; the second round's findings are kept aside
/// and reported only when the first found nothing.
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
    let rules = Rules {
        models,
        lists_supported: matches!(
            provider,
            Some("postgresql" | "postgres" | "cockroachdb" | "mongodb")
        ),
    };
    let mut second_round = Vec::new();
    for block in &model_blocks {
        rules.check_model(block, diags, &mut second_round);
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    diags.append(&mut second_round);
}

/// The first `@id`, `@updatedAt` and `@relation` of a field, found in one scan.
#[derive(Default)]
struct FieldAttributes<'a> {
    id: Option<&'a Attribute>,
    updated_at: Option<&'a Attribute>,
    relation: Option<&'a Attribute>,
}

impl<'a> FieldAttributes<'a> {
    fn of(field: &'a Field) -> Self {
        let mut found = FieldAttributes::default();
        for attribute in &field.attributes {
            let slot = match attribute.name.name.as_str() {
                "id" => &mut found.id,
                "updatedAt" => &mut found.updated_at,
                "relation" => &mut found.relation,
                _ => continue,
            };
            slot.get_or_insert(attribute);
        }
        found
    }
}

/// What the rules need from the whole schema.
struct Rules<'a> {
    models: FxHashMap<&'a str, &'a Block>,
    lists_supported: bool,
}

/// The first `@@id` and whether there is an `@@ignore`, with the field count of `@id`.
#[derive(Default)]
struct ModelAttributes<'a> {
    field_ids: usize,
    compound_id: Option<&'a Attribute>,
    ignored: bool,
}

impl Rules<'_> {
    /// Both rounds for one model or view: first-round findings go to `first`, the others to
    /// `second`.
    fn check_model(
        &self,
        block: &Block,
        first: &mut Vec<Diagnostic>,
        second: &mut Vec<Diagnostic>,
    ) {
        let mut model = ModelAttributes::default();
        for item in &block.items {
            match item {
                BlockItem::Field(field) => {
                    let attributes = FieldAttributes::of(field);
                    model.field_ids += usize::from(attributes.id.is_some());
                    if let Some(tpe) = field.type_name() {
                        self.attribute_rules(field, tpe, &attributes, first);
                        self.validation_rules(block, field, tpe, &attributes, second);
                    }
                }
                BlockItem::Attribute(line) => match line.attribute.name.name.as_str() {
                    "id" => {
                        model.compound_id.get_or_insert(&line.attribute);
                    }
                    "ignore" => model.ignored = true,
                    _ => {}
                },
                _ => {}
            }
        }
        if block.kind == BlockKind::Model {
            id_rules(block, &model, first);
            if !model.ignored {
                unique_criteria(block, &model, second);
            }
        }
    }

    /// `@id` on an optional field, `@updatedAt` on another type, relation `references`.
    fn attribute_rules(
        &self,
        field: &Field,
        tpe: &str,
        attributes: &FieldAttributes,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let (Some(id), true) = (attributes.id, field.is_optional()) {
            diags.push(error(
                "ID_OPTIONAL",
                "Error parsing attribute \"@id\": Fields that are marked as id must be required.",
                id.span,
            ));
        }
        if let Some(updated) = attributes.updated_at.filter(|_| tpe != "DateTime") {
            diags.push(error(
                "UPDATED_AT_TYPE",
                "Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt must be of type DateTime.",
                updated.span,
            ));
        }
        let relation = attributes.relation;
        let references = relation.and_then(|r| r.argument("references"));
        if let (Some(relation), Some(references), Some(target)) =
            (relation, references, self.models.get(tpe))
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

    /// Scalar lists and `fields`/`references` counts.
    fn validation_rules(
        &self,
        block: &Block,
        field: &Field,
        tpe: &str,
        attributes: &FieldAttributes,
        diags: &mut Vec<Diagnostic>,
    ) {
        if !self.lists_supported && field.is_list() && is_scalar_type(tpe) {
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
        let Some(relation) = attributes
            .relation
            .filter(|_| self.models.contains_key(tpe))
        else {
            return;
        };
        if let (Some(fields), Some(references)) =
            (relation.argument("fields"), relation.argument("references"))
        {
            if field_names(Some(fields)).len() != field_names(Some(references)).len() {
                diags.push(error(
                    "RELATION_ARITY",
                    "Error validating: You must specify the same number of fields in `fields` and `references`.",
                    relation.span,
                ));
            }
        }
    }
}

/// At most one id, and a compound id over required fields only.
fn id_rules(block: &Block, model: &ModelAttributes, diags: &mut Vec<Diagnostic>) {
    let name = block.name();
    let field_ids = model.field_ids;
    if field_ids > 1 {
        diags.push(error(
            "MULTIPLE_IDS",
            format!("Error validating model \"{name}\": At most one field must be marked as the id field with the `@id` attribute."),
            block.span,
        ));
    }
    if field_ids > 0 && model.compound_id.is_some() {
        diags.push(error(
            "MULTIPLE_IDS",
            format!("Error validating model \"{name}\": Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time."),
            block.span,
        ));
    }
    if let Some(id) = model.compound_id.filter(|_| field_ids == 0) {
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

/// The primary key, or a unique over required fields only; uniques over an optional field are
/// named in the message.
fn unique_criteria(block: &Block, model: &ModelAttributes, diags: &mut Vec<Diagnostic>) {
    if model.field_ids > 0 || model.compound_id.is_some() {
        return;
    }
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
