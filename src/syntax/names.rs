//! Name checks Prisma runs right after parsing (`parser-database`'s `names.rs`): users see them as
//! syntax errors, and later stages rely on names being unique and well-formed.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::diagnostic::{error, Diagnostic};
use super::gathered::NameList;
use super::span::Span;
use super::tree::*;

/// Prisma's scalar types: reserved as top-level names, always valid as field types.
pub const SCALAR_TYPES: [&str; 9] = [
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

/// Whether the generated client reserves the name for models, views and enums (`PrismaClient`
/// and the JavaScript keywords Prisma rejects). A `match`, not a list scan: it runs for every
/// block, and the compiler switches on the length before comparing any bytes.
fn is_reserved_name(name: &str) -> bool {
    matches!(
        name,
        "PrismaClient"
            | "async"
            | "await"
            | "break"
            | "case"
            | "catch"
            | "class"
            | "const"
            | "continue"
            | "debugger"
            | "default"
            | "delete"
            | "do"
            | "else"
            | "enum"
            | "export"
            | "extends"
            | "false"
            | "finally"
            | "for"
            | "function"
            | "if"
            | "implements"
            | "import"
            | "in"
            | "instanceof"
            | "interface"
            | "let"
            | "new"
            | "null"
            | "package"
            | "private"
            | "protected"
            | "public"
            | "return"
            | "super"
            | "switch"
            | "this"
            | "throw"
            | "true"
            | "try"
            | "typeof"
            | "var"
            | "void"
            | "while"
            | "with"
            | "yield"
    )
}

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
    } else if name.contains(&b'-') {
        let message =
            format!("Error validating: The character `-` is not allowed in {what} names.");
        diags.push(error("NAME_HAS_DASH", message, ident.span));
    }
}

/// Checks that need only one block: name shapes and reserved names. The parser runs them on each
/// block as soon as it is built, while its tree is still in cache; unless it noted a `suspect`
/// name (see `expr::Suspects`), only the block's own name can be reserved, and the walk over its
/// members is skipped.
pub fn check_block(block: &Block, suspect: bool, diags: &mut Vec<Diagnostic>) {
    let kind = block.kind;
    if !matches!(kind, BlockKind::Datasource | BlockKind::Generator) {
        check_identifier(subject(kind), &block.name, diags);
        check_reserved(block, diags);
    }
    if !suspect {
        return;
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
    if is_scalar_type(name) {
        let message = format!("\"{name}\" is a reserved scalar type name and cannot be used.");
        diags.push(error("RESERVED_SCALAR_NAME", message, span));
        return;
    }
    if !is_reserved_name(name) {
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

/// A declaration as the checks across blocks see it, gathered with its block so that they never
/// go back to the tree (cold by then: a big schema's tree is far larger than the cache).
#[derive(Debug)]
pub struct Declaration {
    pub kind: BlockKind,
    /// The name's.
    pub span: Span,
    /// A datasource that got as far as having a provider (Prisma counts only those).
    has_provider: bool,
    /// Its duplicate fields, keys and values.
    duplicates: Vec<Diagnostic>,
}

/// What the checks across files need from each block, gathered block by block in the parser's
/// one walk over a block just built (`Gathered::gather`): start, then each member, then finish.
#[derive(Debug, Default)]
pub struct Members {
    /// One per block, in order, and their names.
    declarations: Vec<Declaration>,
    declared_names: NameList,
    /// The named field types that are not scalars, in order, and where they are: looked up once
    /// every declaration is known.
    field_types: NameList,
    field_type_spans: Vec<Span>,
    /// An open-addressing set of the member name hashes of the block being gathered (0 marks a
    /// free slot; kept for its allocation).
    hashes: Vec<u64>,
    /// Whether two member names of the block being gathered have the same hash.
    collision: bool,
}

impl Members {
    pub fn start(&mut self, block: &Block) {
        // Members are nearly always distinct: a set of their name hashes shows it without a set
        // of names, and only a block where two hashes meet is checked name by name.
        let slots = (2 * block.items.len()).next_power_of_two().max(8);
        self.hashes.clear();
        self.hashes.resize(slots, 0);
        self.collision = false;
    }

    /// A field, key or value name of the block (a block holds only one kind of member).
    pub fn member(&mut self, name: &str) {
        let mut hasher = FxHasher::default();
        hasher.write(name.as_bytes());
        let hash = hasher.finish() | 1;
        let mask = self.hashes.len() - 1;
        let mut slot = (hash >> 7) as usize & mask;
        loop {
            match self.hashes[slot] {
                0 => {
                    self.hashes[slot] = hash;
                    return;
                }
                seen if seen == hash => {
                    self.collision = true;
                    return;
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// A field's named type that is not a scalar.
    pub fn field_type(&mut self, tpe: &Ident) {
        self.field_types.push(&tpe.name);
        self.field_type_spans.push(tpe.span);
    }

    pub fn finish(&mut self, block: &Block) {
        let mut duplicates = Vec::new();
        if self.collision {
            duplicate_members(block, &mut duplicates);
        }
        let has_provider = block.kind == BlockKind::Datasource
            && block
                .property("provider")
                .is_some_and(|p| p.value.is_some());
        self.declared_names.push(&block.name.name);
        self.declarations.push(Declaration {
            kind: block.kind,
            span: block.name.span,
            has_provider,
            duplicates,
        });
    }

    /// Whether no block was gathered (then nothing was: every block is a declaration).
    pub fn is_empty(&self) -> bool {
        self.declarations.is_empty()
    }

    pub fn append(&mut self, next: &mut Members) {
        self.declarations.append(&mut next.declarations);
        self.declared_names.append(&mut next.declared_names);
        self.field_types.append(&mut next.field_types);
        self.field_type_spans.append(&mut next.field_type_spans);
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

/// Models, views, composite types and enums by name (the latest declaration of a name), as
/// indexes into the declarations (one per block, in order).
impl Members {
    /// Whether any block gathered so far is a datasource.
    pub fn declares_datasource(&self) -> bool {
        self.declarations
            .iter()
            .any(|d| d.kind == BlockKind::Datasource)
    }
}

pub struct Declarations<'a> {
    members: &'a Members,
    by_name: FxHashMap<&'a str, usize>,
}

impl Declarations<'_> {
    pub fn get(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn kind(&self, index: usize) -> BlockKind {
        self.members.declarations[index].kind
    }

    pub fn name(&self, index: usize) -> &str {
        self.members.declared_names.get(index)
    }
}

/// Checks across all files: duplicate declarations, fields and values, and field types that name
/// nothing declared, from what was gathered block by block; the declarations are returned for
/// the model rules.
pub fn check_schema<'a>(members: &'a Members, diags: &mut Vec<Diagnostic>) -> Declarations<'a> {
    // Prisma's namespaces: models, views, composite types and enums share one; generators and
    // datasources have their own. A duplicate is reported against the latest declaration.
    let declared = &members.declarations[..];
    let mut types: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(declared.len(), Default::default());
    let mut configs: FxHashMap<(&str, bool), BlockKind> = FxHashMap::default();
    let names = members.declared_names.iter();
    for (index, (declaration, name)) in declared.iter().zip(names).enumerate() {
        let kind = declaration.kind;
        let previous = match kind {
            BlockKind::Datasource | BlockKind::Generator => {
                configs.insert((name, kind == BlockKind::Datasource), kind)
            }
            _ => types
                .insert(name, index)
                .map(|previous| declared[previous].kind),
        };
        if let Some(previous) = previous {
            let message = format!(
                "The {} \"{name}\" cannot be defined because a {} with that name already exists.",
                noun(kind),
                noun(previous)
            );
            diags.push(error("DUPLICATE_NAME", message, declaration.span));
        }
        diags.extend(declaration.duplicates.iter().cloned());
    }
    let names = members.declared_names.iter();
    let datasources: Vec<(&Declaration, &str)> = declared
        .iter()
        .zip(names)
        .filter(|(d, _)| d.has_provider)
        .collect();
    if datasources.len() > 1 {
        for (declaration, name) in datasources {
            let message = format!("Error validating datasource `{name}`: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.");
            diags.push(error("MULTIPLE_DATASOURCES", message, declaration.span));
        }
    }
    let field_types = members.field_types.iter();
    for (name, &span) in field_types.zip(&members.field_type_spans) {
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
    Declarations {
        members,
        by_name: types,
    }
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
/// Returns which attribute (`id` or `unique`) has a name outside that set.
pub fn bad_client_name(attr: &Attribute) -> Option<&str> {
    let which = attr.name.name.as_str();
    if !matches!(which, "id" | "unique") {
        return None;
    }
    let name = attr.argument("name").and_then(|e| e.as_str())?;
    let valid = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!valid).then_some(which)
}

fn check_client_name(block: &Block, line: &BlockAttribute, diags: &mut Vec<Diagnostic>) {
    if !matches!(block.kind, BlockKind::Model | BlockKind::View) {
        return;
    }
    let Some(which) = bad_client_name(&line.attribute) else {
        return;
    };
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
    fn reserved_names_are_the_client_s_and_javascript_keywords() {
        for name in ["PrismaClient", "async", "do", "instanceof", "yield", "enum"] {
            assert!(is_reserved_name(name), "{name}");
        }
        for name in ["prismaClient", "Async", "dO", "yields", "Enum", ""] {
            assert!(!is_reserved_name(name), "{name}");
        }
    }

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
