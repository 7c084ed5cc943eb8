//! Checks on parsed values that Prisma makes while reading attributes and config blocks, reported
//! with Prisma's wording: trailing commas and empty named arguments in attributes, `env()` calls
//! that do not get one string, config keys without a value, enums without values.

use super::diagnostic::{error, Diagnostic};
use super::span::Span;
use super::tree::*;

/// The checks of one block (run by the parser as soon as the block is built, as `names` does).
/// The walk over the attributes is skipped unless the parser noted a `suspect` argument (see
/// `expr::Suspects`); config blocks are few and always walked, for their properties.
pub fn check_block(block: &Block, suspect: bool, diags: &mut Vec<Diagnostic>) {
    let config = matches!(block.kind, BlockKind::Datasource | BlockKind::Generator);
    if !suspect && !config {
        return check_kind(block, diags);
    }
    for item in &block.items {
        match item {
            BlockItem::Field(field) => field
                .attributes
                .iter()
                .for_each(|a| check_attribute(a, diags)),
            BlockItem::EnumValue(value) => value
                .attributes
                .iter()
                .for_each(|a| check_attribute(a, diags)),
            BlockItem::Attribute(attr) => check_attribute(&attr.attribute, diags),
            BlockItem::Property(property) => check_property(block, property, diags),
            _ => {}
        }
    }
    check_kind(block, diags);
}

/// What composite types and enums must hold.
fn check_kind(block: &Block, diags: &mut Vec<Diagnostic>) {
    if block.kind == BlockKind::Type {
        check_composite_type(block, diags);
    }
    if block.kind == BlockKind::Enum && block.enum_values().next().is_none() {
        let message = "Error validating: An enum must have at least one value.".to_string();
        diags.push(error("EMPTY_ENUM", message, block.span));
    }
}

/// Empty named arguments, then trailing commas, anywhere in the attribute's argument lists.
fn check_attribute(attribute: &Attribute, diags: &mut Vec<Diagnostic>) {
    let Some(arguments) = &attribute.arguments else {
        return;
    };
    if arguments.arguments.is_empty() && arguments.trailing_comma.is_none() {
        return;
    }
    // Runs for every attribute of the schema: nothing is allocated unless a list nests calls.
    let mut lists = Vec::new();
    let mut next = Some(arguments);
    let mut empties = Vec::new();
    let mut commas = Vec::new();
    while let Some(list) = next.take().or_else(|| lists.pop()) {
        for argument in &list.arguments {
            match (&argument.name, &argument.value) {
                (Some(name), None) => empties.push((name.name.clone(), argument.span)),
                (_, Some(value)) => collect_lists(value, &mut lists),
                (None, None) => {}
            }
        }
        commas.extend(list.trailing_comma);
    }
    if empties.is_empty() && commas.is_empty() {
        return;
    }
    let prefix = format!("Error parsing attribute \"@{}\"", attribute.name.name);
    for (name, span) in empties {
        let message = format!("{prefix}: The `{name}` argument is missing a value.");
        diags.push(error("EMPTY_ARGUMENT", message, span));
    }
    for span in commas {
        let message =
            format!("{prefix}: Trailing commas are not valid in attribute arguments, please remove the comma.");
        diags.push(error("TRAILING_COMMA", message, span));
    }
}

/// Pushes the argument lists of calls inside `expr` (iteratively: nesting is bounded by the
/// parser, but a worklist keeps this independent of that bound).
fn collect_lists<'a>(expr: &'a Expr, lists: &mut Vec<&'a ArgumentList>) {
    match expr {
        Expr::Function(call) => return lists.push(&call.arguments),
        Expr::Array { items, .. }
            if items
                .iter()
                .any(|e| matches!(e, Expr::Function(_) | Expr::Array { .. })) => {}
        _ => return,
    }
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Function(call) => lists.push(&call.arguments),
            Expr::Array { items, .. } => stack.extend(items),
            _ => {}
        }
    }
}

fn check_property(block: &Block, property: &Property, diags: &mut Vec<Diagnostic>) {
    let Some(value) = &property.value else {
        let which = if block.kind == BlockKind::Datasource {
            "datasource"
        } else {
            "generator"
        };
        let message = format!(
            "Property {} in {which} {} needs to be assigned a value",
            property.key.name,
            block.name()
        );
        diags.push(error(
            "MISSING_VALUE",
            message,
            Span {
                end: block.name.span.end,
                ..block.span
            },
        ));
        return;
    };
    let Some(("env", arguments)) = value.as_function() else {
        return;
    };
    let message = match &arguments.arguments[..] {
        [Argument {
            name: None,
            value: Some(arg),
            ..
        }] => match arg {
            Expr::String(_) => return,
            Expr::Constant { name, .. } => {
                format!("Expected a string value, but received literal value `{name}`.")
            }
            Expr::Number { text, .. } => {
                format!("Expected a string value, but received numeric value `{text}`.")
            }
            _ => "Exactly one string parameter must be passed to the env function.".to_string(),
        },
        _ => "Exactly one string parameter must be passed to the env function.".to_string(),
    };
    diags.push(error("INVALID_ENV", message, value.span()));
}

/// Composite types take no block attributes and no `@relation`, `@unique` or `@id` on fields
/// (Prisma checks this while parsing them).
fn check_composite_type(block: &Block, diags: &mut Vec<Diagnostic>) {
    for attr in block.block_attributes() {
        let message = match attr.attribute.name.name.as_str() {
            "map" => "The name of a composite type is not persisted in the database, therefore it does not need a mapped database name.",
            "unique" => "A unique constraint should be defined in the model containing the embed.",
            "index" => "An index should be defined in the model containing the embed.",
            "fulltext" => "A fulltext index should be defined in the model containing the embed.",
            "id" => "A composite type cannot define an id.",
            _ => "A composite type cannot have block-level attributes.",
        };
        diags.push(error(
            "COMPOSITE_TYPE_ATTRIBUTE",
            format!("Error validating: {message}"),
            attr.content,
        ));
    }
    for field in block.fields() {
        for attr in &field.attributes {
            let name = attr.name.name.as_str();
            if matches!(name, "relation" | "unique" | "id") {
                let message = format!(
                    "Error validating: Defining `@{name}` attribute for a field in a composite type is not allowed."
                );
                diags.push(error("COMPOSITE_TYPE_ATTRIBUTE", message, field.content));
            }
        }
    }
}
