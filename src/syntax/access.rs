//! Convenience accessors over the tree, so later stages read it without matching on every item.

use super::span::Span;
use super::tree::*;

impl SchemaFile {
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.items.iter().filter_map(|item| match item {
            TopItem::Block(block) => Some(block),
            _ => None,
        })
    }

    pub fn blocks_of(&self, kind: BlockKind) -> impl Iterator<Item = &Block> {
        self.blocks().filter(move |b| b.kind == kind)
    }
}

impl Block {
    pub fn name(&self) -> &str {
        &self.name.name
    }

    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.items.iter().filter_map(|item| match item {
            BlockItem::Field(field) => Some(field),
            _ => None,
        })
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields().find(|f| f.name.name == name)
    }

    /// The `@@attr(...)` lines (use `.attribute` for the attribute itself).
    pub fn block_attributes(&self) -> impl Iterator<Item = &BlockAttribute> {
        self.items.iter().filter_map(|item| match item {
            BlockItem::Attribute(attr) => Some(attr),
            _ => None,
        })
    }

    /// The first `@@name(...)` attribute, `name` without the `@@` (`map`, `index`, `db.x`).
    pub fn block_attribute(&self, name: &str) -> Option<&Attribute> {
        self.block_attributes()
            .map(|a| &a.attribute)
            .find(|a| a.name.name == name)
    }

    pub fn properties(&self) -> impl Iterator<Item = &Property> {
        self.items.iter().filter_map(|item| match item {
            BlockItem::Property(prop) => Some(prop),
            _ => None,
        })
    }

    /// The last `key = value` with this key (Prisma reports duplicates; the last one is read).
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties().filter(|p| p.key.name == key).last()
    }

    pub fn enum_values(&self) -> impl Iterator<Item = &EnumValue> {
        self.items.iter().filter_map(|item| match item {
            BlockItem::EnumValue(value) => Some(value),
            _ => None,
        })
    }
}

impl Field {
    pub fn name(&self) -> &str {
        &self.name.name
    }

    /// The first `@name(...)` attribute, `name` without the `@` (`id`, `default`, `db.VarChar`).
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.name == name)
    }

    /// The named base type (`None` for `Unsupported("…")` or a missing type).
    pub fn type_name(&self) -> Option<&str> {
        match &self.field_type.as_ref()?.base {
            BaseType::Named(ident) => Some(&ident.name),
            BaseType::Unsupported(_) => None,
        }
    }

    pub fn arity(&self) -> Arity {
        self.field_type
            .as_ref()
            .map(|t| t.arity)
            .unwrap_or(Arity::Required)
    }

    pub fn is_optional(&self) -> bool {
        self.arity() == Arity::Optional
    }

    pub fn is_list(&self) -> bool {
        self.arity() == Arity::List
    }
}

impl EnumValue {
    pub fn name(&self) -> &str {
        &self.name.name
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.name == name)
    }
}

/// How to pick an argument: by name, or the n-th unnamed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKey<'a> {
    Name(&'a str),
    Position(usize),
}

impl<'a> From<&'a str> for ArgKey<'a> {
    fn from(name: &'a str) -> Self {
        ArgKey::Name(name)
    }
}

impl From<usize> for ArgKey<'_> {
    fn from(position: usize) -> Self {
        ArgKey::Position(position)
    }
}

impl ArgumentList {
    pub fn argument<'k>(&self, key: impl Into<ArgKey<'k>>) -> Option<&Expr> {
        match key.into() {
            ArgKey::Name(name) => self
                .arguments
                .iter()
                .find(|a| a.name.as_ref().is_some_and(|n| n.name == name))
                .and_then(|a| a.value.as_ref()),
            ArgKey::Position(n) => self
                .arguments
                .iter()
                .filter(|a| a.name.is_none())
                .nth(n)?
                .value
                .as_ref(),
        }
    }

    /// The argument called `name`, or else the first unnamed one: how Prisma reads an
    /// attribute's default argument (`@map("x")` = `@map(name: "x")`, `@@index([a])` = `fields:`).
    pub fn default_argument(&self, name: &str) -> Option<&Expr> {
        self.argument(name).or_else(|| self.argument(0))
    }
}

impl Attribute {
    pub fn argument<'k>(&self, key: impl Into<ArgKey<'k>>) -> Option<&Expr> {
        self.arguments.as_ref()?.argument(key)
    }

    pub fn default_argument(&self, name: &str) -> Option<&Expr> {
        self.arguments.as_ref()?.default_argument(name)
    }

    /// Every argument, named or not (empty when written without parentheses).
    pub fn args(&self) -> &[Argument] {
        self.arguments
            .as_ref()
            .map(|a| &a.arguments[..])
            .unwrap_or(&[])
    }
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Number { span, .. } | Expr::Constant { span, .. } | Expr::Array { span, .. } => {
                *span
            }
            Expr::Function(call) => call.span,
            Expr::String(lit) => lit.span,
        }
    }

    /// The unescaped value of a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::String(lit) => Some(&lit.value),
            _ => None,
        }
    }

    /// The path of a bare constant (`true`, `Cascade`, `Desc`).
    pub fn as_constant(&self) -> Option<&str> {
        match self {
            Expr::Constant { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The text of a number, as written (`-1`, `1.5`).
    pub fn as_number(&self) -> Option<&str> {
        match self {
            Expr::Number { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Expr]> {
        match self {
            Expr::Array { items, .. } => Some(items),
            _ => None,
        }
    }

    /// Name and arguments of a call (`now()`, `env("X")`, `sort: Desc` inside `a(sort: Desc)`).
    pub fn as_function(&self) -> Option<(&str, &ArgumentList)> {
        match self {
            Expr::Function(call) => Some((&call.name.name, &call.arguments)),
            _ => None,
        }
    }

    /// The name a field reference goes by: a constant, or the name of a call like `a(sort: Desc)`.
    pub fn reference_name(&self) -> Option<&str> {
        self.as_constant()
            .or_else(|| self.as_function().map(|(n, _)| n))
    }
}
