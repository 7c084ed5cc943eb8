//! Name checks Prisma runs right after parsing (`parser-database`'s `names.rs`): users see them as
//! syntax errors, and later stages rely on names being unique and well-formed.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::diagnostic::{error, Diagnostic};
use super::span::Span;
use super::tree::*;

/// Prisma's scalar types: reserved as top-level names, always valid as field types.
pub const SCALAR_TYPES: [&str; 9] = [
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

/// Names the generated client reserves for models, views and enums (`PrismaClient` and the
/// JavaScript keywords Prisma rejects).
const RESERVED_NAMES: [&str; 47] = [
    "PrismaClient",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// How Prisma names a kind of declaration in name errors.
fn subject(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Model => "Model",
        BlockKind::View => "view",
        BlockKind::Type => "Composite type",
        BlockKind::Enum => "Enum",
        BlockKind::Datasource => "datasource",
        BlockKind::Generator => "generator",
    }
}

/// How Prisma names a kind of declaration in duplicate errors.
fn noun(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Model => "model",
        BlockKind::View => "view",
        BlockKind::Type => "composite type",
        BlockKind::Enum => "enum",
        BlockKind::Datasource => "source",
        BlockKind::Generator => "generator",
    }
}

/// A name must not start with a digit nor contain `-` (the grammar accepts both).
fn check_identifier(what: &str, ident: &Ident, diags: &mut Vec<Diagnostic>) {
    let name = ident.name.as_bytes();
    // A byte loop, not `contains` (a `memchr` call): it runs for every name, and names are short.
    if name.first().is_some_and(u8::is_ascii_digit) {
        let message =
            format!("Error validating: The name of a {what} must not start with a number.");
        diags.push(error("NAME_STARTS_WITH_NUMBER", message, ident.span));
    } else if name.iter().any(|&b| b == b'-') {
        let message =
            format!("Error validating: The character `-` is not allowed in {what} names.");
        diags.push(error("NAME_HAS_DASH", message, ident.span));
    }
}

/// Checks that need only one block: name shapes and reserved names. The parser runs them on each
/// block as soon as it is built, while its tree is still in cache.
pub fn check_block(block: &Block, diags: &mut Vec<Diagnostic>) {
    let kind = block.kind;
    if !matches!(kind, BlockKind::Datasource | BlockKind::Generator) {
        check_identifier(subject(kind), &block.name, diags);
        check_reserved(block, diags);
    }
    for field in block.fields() {
        check_identifier("Field", &field.name, diags);
        check_attribute_names(&field.attributes, diags);
    }
    for value in block.enum_values() {
        check_identifier("Enum Value", &value.name, diags);
        check_attribute_names(&value.attributes, diags);
    }
    for attribute in block.block_attributes() {
        check_attribute_names(std::slice::from_ref(&attribute.attribute), diags);
        check_client_name(block, attribute, diags);
    }
}

fn check_attribute_names(attributes: &[Attribute], diags: &mut Vec<Diagnostic>) {
    for attribute in attributes {
        check_identifier("Attribute", &attribute.name, diags);
    }
}

fn check_reserved(block: &Block, diags: &mut Vec<Diagnostic>) {
    let name = block.name();
    let span = block.name.span;
    if SCALAR_TYPES.contains(&name) {
        let message = format!("\"{name}\" is a reserved scalar type name and cannot be used.");
        diags.push(error("RESERVED_SCALAR_NAME", message, span));
        return;
    }
    if !RESERVED_NAMES.contains(&name) {
        return;
    }
    let message = match block.kind {
        BlockKind::Model => format!("Error validating model \"{name}\": The model name `{name}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models"),
        BlockKind::View => format!("Error validating model \"{name}\": The view name `{name}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models"),
        BlockKind::Enum => format!("Error validating enum `{name}`: The enum name `{name}` is invalid. It is a reserved name. Please change it. Read more at https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums"),
        _ => return,
    };
    diags.push(error("RESERVED_NAME", message, span));
}

/// What the checks across files need from the members of each block, gathered block by block
/// while the parser has each block in cache (a second walk over the whole tree of a big schema
/// cost several percent of the parse).
#[derive(Debug, Default)]
pub struct Members {
    /// Per block, in order: its duplicate fields, keys and values (a block holds only one kind
    /// of member).
    duplicates: Vec<Vec<Diagnostic>>,
    /// The named field types that are not scalars, in order: looked up once every declaration is
    /// known.
    field_types: Vec<Span>,
    /// An open-addressing set of the member name hashes of the block being gathered (0 marks a
    /// free slot; kept for its allocation).
    hashes: Vec<u64>,
}

impl Members {
    pub fn gather(&mut self, block: &Block) {
        // Members are nearly always distinct: a set of their name hashes shows it without a set
        // of names, and only a block where two hashes meet is checked name by name.
        let slots = (2 * block.items.len()).next_power_of_two().max(8);
        self.hashes.clear();
        self.hashes.resize(slots, 0);
        let mask = slots - 1;
        let mut collision = false;
        for item in &block.items {
            let name = match item {
                BlockItem::Field(field) => {
                    if let Some(BaseType::Named(ty)) = field.field_type.as_ref().map(|t| &t.base) {
                        if !is_scalar_type(&ty.name) {
                            self.field_types.push(ty.span);
                        }
                    }
                    &field.name.name
                }
                BlockItem::Property(property) => &property.key.name,
                BlockItem::EnumValue(value) => &value.name.name,
                _ => continue,
            };
            let mut hasher = FxHasher::default();
            hasher.write(name.as_bytes());
            let hash = hasher.finish() | 1;
            let mut slot = (hash >> 7) as usize & mask;
            loop {
                match self.hashes[slot] {
                    0 => {
                        self.hashes[slot] = hash;
                        break;
                    }
                    seen if seen == hash => {
                        collision = true;
                        break;
                    }
                    _ => slot = (slot + 1) & mask,
                }
            }
        }
        let mut duplicates = Vec::new();
        if collision {
            duplicate_members(block, &mut duplicates);
        }
        self.duplicates.push(duplicates);
    }

    pub fn append(&mut self, next: &mut Members) {
        self.duplicates.append(&mut next.duplicates);
        self.field_types.append(&mut next.field_types);
    }
}

/// Duplicate fields, keys and values of one block, each reported at its later occurrence.
fn duplicate_members(block: &Block, diags: &mut Vec<Diagnostic>) {
    let mut seen = FxHashSet::default();
    let kind = noun(block.kind);
    let name = block.name();
    for item in &block.items {
        match item {
            BlockItem::Field(field) if !seen.insert(field.name()) => {
                let message = format!(
                    "Field \"{}\" is already defined on {kind} \"{name}\".",
                    field.name()
                );
                diags.push(error("DUPLICATE_FIELD", message, field.name.span));
            }
            BlockItem::Property(property) if !seen.insert(&property.key.name) => {
                let message = format!(
                    "Key \"{}\" is already defined in {kind} \"{name}\".",
                    property.key.name
                );
                diags.push(error("DUPLICATE_KEY", message, property.key.span));
            }
            BlockItem::EnumValue(value) if !seen.insert(value.name()) => {
                let message = format!(
                    "Value \"{}\" is already defined on enum \"{name}\".",
                    value.name()
                );
                diags.push(error("DUPLICATE_ENUM_VALUE", message, value.name.span));
            }
            _ => {}
        }
    }
}

/// Models, views, composite types and enums by name (the latest declaration of a name).
pub type Declarations<'a> = FxHashMap<&'a str, &'a Block>;

/// Checks across all files: duplicate declarations, fields and values, and field types that name
/// nothing declared. The members were gathered block by block (one entry per block, in order);
/// the declarations are read here, from the top-level items alone, and returned for the model
/// rules.
pub fn check_schema<'a>(
    files: &'a [SchemaFile],
    members: Members,
    diags: &mut Vec<Diagnostic>,
) -> Declarations<'a> {
    // Prisma's namespaces: models, views, composite types and enums share one; generators and
    // datasources have their own. A duplicate is reported against the latest declaration.
    let top_items = files.iter().map(|f| f.items.len()).sum();
    let mut types: Declarations =
        FxHashMap::with_capacity_and_hasher(top_items, Default::default());
    let mut configs: FxHashMap<(&str, bool), BlockKind> = FxHashMap::default();
    // Prisma counts only datasources that got as far as having a provider.
    let mut datasources: Vec<&Block> = Vec::new();
    let blocks = files.iter().flat_map(|f| f.blocks());
    for (block, mut duplicates) in blocks.zip(members.duplicates) {
        if block.kind == BlockKind::Datasource
            && block
                .property("provider")
                .is_some_and(|p| p.value.is_some())
        {
            datasources.push(block);
        }
        let name = block.name();
        let previous = match block.kind {
            BlockKind::Datasource | BlockKind::Generator => {
                configs.insert((name, block.kind == BlockKind::Datasource), block.kind)
            }
            _ => types.insert(name, block).map(|previous| previous.kind),
        };
        if let Some(previous) = previous {
            let message = format!(
                "The {} \"{name}\" cannot be defined because a {} with that name already exists.",
                noun(block.kind),
                noun(previous)
            );
            diags.push(error("DUPLICATE_NAME", message, block.name.span));
        }
        diags.append(&mut duplicates);
    }
    if datasources.len() > 1 {
        for block in datasources {
            let message = format!("Error validating datasource `{}`: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.", block.name());
            diags.push(error("MULTIPLE_DATASOURCES", message, block.name.span));
        }
    }
    for span in members.field_types {
        let name = &files[span.file.0 as usize].text[span.range()];
        if types.contains_key(name) {
            continue;
        }
        let mut message = format!(
            "Type \"{name}\" is neither a built-in type, nor refers to another model, composite type, or enum."
        );
        let lower = name.to_lowercase();
        let candidates = SCALAR_TYPES.iter().copied().chain(types.keys().copied());
        if let Some(similar) = candidates.filter(|c| c.to_lowercase() == lower).min() {
            message.push_str(&format!(" Did you mean \"{similar}\"?"));
        }
        diags.push(error("UNKNOWN_TYPE", message, span));
    }
    types
}

pub fn is_scalar_type(name: &str) -> bool {
    matches!(
        name,
        "String"
            | "Boolean"
            | "Int"
            | "BigInt"
            | "Float"
            | "Decimal"
            | "DateTime"
            | "Json"
            | "Bytes"
    )
}

/// `@@id(name: …)` and `@@unique(name: …)` become client field names: only `[_a-zA-Z0-9]`.
fn check_client_name(block: &Block, line: &BlockAttribute, diags: &mut Vec<Diagnostic>) {
    let attr = &line.attribute;
    let which = attr.name.name.as_str();
    if !matches!(which, "id" | "unique")
        || !matches!(block.kind, BlockKind::Model | BlockKind::View)
    {
        return;
    }
    let Some(name) = attr.argument("name").and_then(|e| e.as_str()) else {
        return;
    };
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return;
    }
    let message = format!(
        "Error validating {} \"{}\": The `name` property within the `@@{which}` attribute only allows for the following characters: `_a-zA-Z0-9`.",
        noun(block.kind),
        block.name()
    );
    diags.push(error("INVALID_CLIENT_NAME", message, line.content));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_type_test_matches_the_list() {
        for name in SCALAR_TYPES {
            assert!(is_scalar_type(name), "{name}");
        }
        for name in ["string", "Int ", "Unsupported", "DateTim", ""] {
            assert!(!is_scalar_type(name), "{name}");
        }
    }
}
