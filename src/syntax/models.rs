//! Model rules Prisma's validator enforces that decide what a migration would be: one primary key
//! made of required fields, at least one unique criteria, `@updatedAt` on DateTime only, scalar
//! lists only where the connector has them, and `fields`/`references` that line up. Reported at the
//! syntax stage, like the name checks, so `parseSchema` shows them and every later stage can rely
//! on them. Messages and positions are Prisma's.

use super::diagnostic::{error, Diagnostic, Severity};
use super::gathered::NameList;
use super::names::{is_scalar_type, Declarations};
use super::span::Span;
use super::tree::*;

/// The field names of a `[a, b(sort: Desc)]` list (or a single name), each with the span that
/// holds exactly it.
fn named_fields(expr: &Expr) -> impl Iterator<Item = (&str, Span)> {
    let items = match expr {
        Expr::Array { items, .. } => items.as_slice(),
        e => std::slice::from_ref(e),
    };
    items.iter().filter_map(|e| match e {
        Expr::Constant { name, span } => Some((name.as_str(), *span)),
        Expr::Function(call) => Some((call.name.name.as_str(), call.name.span)),
        _ => None,
    })
}

fn field_names(expr: Option<&Expr>) -> Vec<&str> {
    expr.into_iter()
        .flat_map(named_fields)
        .map(|(name, _)| name)
        .collect()
}

/// A model rule's finding, in Prisma's order. Most are settled by the block alone; the few that
/// depend on other blocks (the related model, the datasource) keep what they need.
#[derive(Debug)]
enum Finding {
    /// A first-round diagnostic.
    First(Diagnostic),
    /// A second-round diagnostic.
    Second(Diagnostic),
    /// First round: the `references` of `relation` (the next `names` of `referenced`) must all be
    /// fields of the next of `targets`, when that names a model.
    References { names: usize, relation: Span },
    /// Second round: a list of a scalar type, unless the connector has scalar lists.
    List {
        field: Span,
        model: Span,
        content: Span,
    },
    /// Second round: `fields` and `references` of different lengths, when the next of `targets`
    /// names a model.
    Arity { relation: Span },
}

/// The model rules' findings, gathered in the parser's one walk over each block just built
/// (`Gathered::gather`), with what settling them needs from other blocks, so that
/// `check_schema` never goes back to the tree.
#[derive(Debug, Default)]
pub struct ModelFindings {
    findings: Vec<Finding>,
    /// The related models' names and the names in `references` lists, in the order of the
    /// findings that hold them.
    targets: NameList,
    referenced: NameList,
    /// The field names of the models and views, in order, and how many each block has (one
    /// count per block: none for other kinds), which `references` must name.
    field_names: NameList,
    field_counts: Vec<u32>,
    /// Whether the first datasource's connector has scalar lists (`None` before any datasource).
    scalar_lists: Option<bool>,
}

impl ModelFindings {
    /// The facts of a model or view gathered over its members (`None` for other blocks).
    pub fn start<'a>(&self, block: &Block) -> Option<ModelAttributes<'a>> {
        matches!(block.kind, BlockKind::Model | BlockKind::View).then(|| ModelAttributes {
            fields_from: self.field_names.len(),
            ..ModelAttributes::default()
        })
    }

    /// One field of a model or view, with its named type, if any.
    pub fn field<'a>(
        &mut self,
        block: &Block,
        field: &'a Field,
        tpe: Option<&Ident>,
        model: &mut ModelAttributes<'a>,
    ) {
        self.field_names.push(&field.name.name);
        let attributes = FieldAttributes::of(field);
        model.field_ids += usize::from(attributes.id.is_some());
        if let Some(tpe) = tpe {
            self.attribute_rules(field, tpe, &attributes);
            self.validation_rules(block, field, tpe, &attributes);
        }
    }

    /// Both rounds for the block as a whole, once its members are gathered.
    pub fn finish(&mut self, block: &Block, model: Option<ModelAttributes>) {
        if block.kind == BlockKind::Datasource && self.scalar_lists.is_none() {
            self.scalar_lists = Some(lists_supported_by(block));
        }
        let Some(model) = model else {
            self.field_counts.push(0);
            return;
        };
        self.field_counts
            .push((self.field_names.len() - model.fields_from) as u32);
        if block.kind == BlockKind::Model {
            let mut found = Vec::new();
            id_rules(block, &model, &mut found);
            self.findings.extend(found.drain(..).map(Finding::First));
            if !model.ignored {
                unique_criteria(block, &model, &mut found);
                self.findings.extend(found.into_iter().map(Finding::Second));
            }
        }
    }

    pub fn append(&mut self, next: &mut ModelFindings) {
        self.findings.append(&mut next.findings);
        self.targets.append(&mut next.targets);
        self.referenced.append(&mut next.referenced);
        self.field_names.append(&mut next.field_names);
        self.field_counts.append(&mut next.field_counts);
        self.scalar_lists = self.scalar_lists.or(next.scalar_lists);
    }

    /// `@id` on an optional field, `@updatedAt` on another type, relation `references`.
    fn attribute_rules(&mut self, field: &Field, tpe: &Ident, attributes: &FieldAttributes) {
        if let (Some(id), true) = (attributes.id, field.is_optional()) {
            self.findings.push(Finding::First(error(
                "ID_OPTIONAL",
                "Error parsing attribute \"@id\": Fields that are marked as id must be required.",
                id.span,
            )));
        }
        if let Some(updated) = attributes.updated_at.filter(|_| tpe.name != "DateTime") {
            self.findings.push(Finding::First(error(
                "UPDATED_AT_TYPE",
                "Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt must be of type DateTime.",
                updated.span,
            )));
        }
        let Some(relation) = attributes.relation else {
            return;
        };
        if let Some(references) = attributes.references {
            let before = self.referenced.len();
            for (name, _) in named_fields(references) {
                self.referenced.push(name);
            }
            self.targets.push(&tpe.name);
            self.findings.push(Finding::References {
                names: self.referenced.len() - before,
                relation: relation.span,
            });
        }
    }

    /// Scalar lists and `fields`/`references` counts.
    fn validation_rules(
        &mut self,
        block: &Block,
        field: &Field,
        tpe: &Ident,
        attributes: &FieldAttributes,
    ) {
        if field.is_list() && is_scalar_type(&tpe.name) {
            self.findings.push(Finding::List {
                field: field.name.span,
                model: block.name.span,
                content: field.content,
            });
        }
        let Some(relation) = attributes.relation else {
            return;
        };
        if let (Some(fields), Some(references)) = (attributes.fields, attributes.references) {
            if named_fields(fields).count() != named_fields(references).count() {
                self.targets.push(&tpe.name);
                self.findings.push(Finding::Arity {
                    relation: relation.span,
                });
            }
        }
    }
}

/// Prisma checks in two rounds: attribute and relation rules while it builds its schema database,
/// then the validation rules, which it skips when anything before failed (a syntax error included).
/// The findings of both rounds were gathered block by block; here the ones that depend on other
/// blocks are settled, and the second round is reported only when the first found nothing. The
/// text is read only for the message of a scalar list.
pub fn check_schema(
    files: &[SchemaFile],
    declarations: &Declarations,
    found: ModelFindings,
    diags: &mut Vec<Diagnostic>,
) {
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    let text = |span: Span| &files[span.file.0 as usize].text[span.range()];
    // Without errors so far, declaration names are unique: a name is a model's exactly when it
    // is declared by a model or a view.
    let model = |name: &str| {
        declarations
            .get(name)
            .filter(|&i| matches!(declarations.kind(i), BlockKind::Model | BlockKind::View))
    };
    // Where each block's field names start.
    let mut fields_from = Vec::with_capacity(found.field_counts.len());
    let mut sum = 0;
    for &count in &found.field_counts {
        fields_from.push(sum);
        sum += count as usize;
    }
    let mut targets = found.targets.iter();
    // The next of `referenced`.
    let mut reference = 0;
    let mut second_round = Vec::new();
    for finding in found.findings {
        match finding {
            Finding::First(diag) => diags.push(diag),
            Finding::Second(diag) => second_round.push(diag),
            Finding::References { names, relation } => {
                let names = reference..reference + names;
                reference = names.end;
                let Some(target) = targets.next().and_then(model) else {
                    continue;
                };
                let from = fields_from[target];
                let fields = from..from + found.field_counts[target] as usize;
                let is_field =
                    |name: &str| fields.clone().any(|i| found.field_names.get(i) == name);
                let missing: Vec<&str> = names
                    .map(|i| found.referenced.get(i))
                    .filter(|name| !is_field(name))
                    .collect();
                if !missing.is_empty() {
                    diags.push(error(
                        "UNKNOWN_REFERENCES",
                        format!(
                            "Error validating: The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
                            declarations.name(target),
                            missing.join(", ")
                        ),
                        relation,
                    ));
                }
            }
            Finding::List {
                field,
                model,
                content,
            } => {
                if found.scalar_lists.unwrap_or(false) {
                    continue;
                }
                second_round.push(error(
                    "LIST_UNSUPPORTED",
                    format!(
                        "Field \"{}\" in model \"{}\" can't be a list. The current connector does not support lists of primitive types.",
                        text(field),
                        text(model)
                    ),
                    content,
                ));
            }
            Finding::Arity { relation } => {
                if targets.next().and_then(model).is_some() {
                    second_round.push(error(
                        "RELATION_ARITY",
                        "Error validating: You must specify the same number of fields in `fields` and `references`.",
                        relation,
                    ));
                }
            }
        }
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    diags.append(&mut second_round);
}

/// Whether a datasource's connector has scalar lists (without a datasource Prisma validates
/// against no connector, which has none either).
fn lists_supported_by(datasource: &Block) -> bool {
    let provider = datasource
        .property("provider")
        .and_then(|p| p.value.as_ref())
        .and_then(Expr::as_str);
    matches!(
        provider,
        Some("postgresql" | "postgres" | "cockroachdb" | "mongodb")
    )
}

/// The first `@id`, `@updatedAt` and `@relation` of a field, found in one scan, with the
/// relation's `fields` and `references` (as `Attribute::argument` reads them: the first argument
/// of that name), found in another.
#[derive(Default)]
struct FieldAttributes<'a> {
    id: Option<&'a Attribute>,
    updated_at: Option<&'a Attribute>,
    relation: Option<&'a Attribute>,
    fields: Option<&'a Expr>,
    references: Option<&'a Expr>,
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
        if let Some(relation) = found.relation {
            let (mut fields, mut references) = (None, None);
            for argument in relation.args() {
                let Some(name) = &argument.name else {
                    continue;
                };
                let slot = match name.name.as_str() {
                    "fields" => &mut fields,
                    "references" => &mut references,
                    _ => continue,
                };
                slot.get_or_insert(argument.value.as_ref());
            }
            found.fields = fields.flatten();
            found.references = references.flatten();
        }
        found
    }
}

/// The first `@@id` and whether there is an `@@ignore`, with the field count of `@id`, of the
/// model or view being gathered.
#[derive(Default)]
pub struct ModelAttributes<'a> {
    field_ids: usize,
    compound_id: Option<&'a Attribute>,
    ignored: bool,
    /// Where its field names start.
    fields_from: usize,
}

impl<'a> ModelAttributes<'a> {
    pub fn block_attribute(&mut self, attribute: &'a Attribute) {
        match attribute.name.name.as_str() {
            "id" => {
                self.compound_id.get_or_insert(attribute);
            }
            "ignore" => self.ignored = true,
            _ => {}
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
