//! The lossless concrete syntax tree.
//!
//! Invariant (checked by `print`): the spans of a file's `items` tile the whole file, and the spans of a
//! block's `items` tile the bytes between the end of its `open` line and its `close` brace. Every byte
//! therefore belongs to exactly one item, so printing the items back returns the input unchanged and a
//! patch can insert text at any item boundary without disturbing the rest.
//!
//! Item spans (`TopItem`, `BlockItem`) start where the previous item ended (so they include the
//! indentation before them) and normally end after their line terminator; the `content` spans inside
//! exclude leading indentation, trailing whitespace and the terminator. Prisma's grammar is not
//! strictly line-based at the top level, so an item can end mid-line when another construct follows
//! on the same line (`} // note` after a block, `/* c */ model A {`); the tiling still holds.

use compact_str::CompactString;

use super::span::{FileId, Span};

/// One parsed `.prisma` file: its text and the items that tile it.
#[derive(Clone, Debug)]
pub struct SchemaFile {
    pub file: FileId,
    pub path: String,
    pub text: String,
    pub items: Vec<TopItem>,
}

#[derive(Clone, Debug)]
pub enum TopItem {
    Block(Block),
    /// One or more consecutive comment lines (`//`, `///`, `/* */`).
    Comment(CommentBlock),
    /// One or more lines holding only whitespace (or trailing whitespace at the end of the file).
    Blank(Span),
    /// A line (CATCH_ALL), an unknown block (`arbitrary_block`) or a `type X = Y` alias: reported, kept.
    Invalid(Invalid),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Model,
    View,
    /// Composite type (`type X { … }`).
    Type,
    Enum,
    Datasource,
    Generator,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block: from the start of the keyword's line through the `}`, plus the rest of that
    /// line when it is only whitespace and a terminator (otherwise the rest is the next top item).
    pub span: Span,
    pub keyword: Span,
    pub name: Ident,
    /// `{` through the end of its line (text after `{` is swallowed, as Prisma does), terminator included.
    pub open: Span,
    pub items: Vec<BlockItem>,
    /// The `}` alone.
    pub close: Span,
    /// Documentation attached by Prisma's rules (`///` and `/* */` text), if any. For a datasource
    /// or generator: the last comment block inside it, as Prisma reads it.
    pub doc: Option<String>,
}

#[derive(Clone, Debug)]
pub enum BlockItem {
    /// A field of a model, view or composite type.
    Field(Field),
    /// A `@@attr(...)` line.
    Attribute(BlockAttribute),
    /// A value of an enum.
    EnumValue(EnumValue),
    /// A `key = value` line of a datasource or generator.
    Property(Property),
    Comment(CommentBlock),
    /// Blank lines, or the indentation in front of the block's closing `}`.
    Blank(Span),
    Invalid(Invalid),
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The whole line, indentation and terminator included.
    pub span: Span,
    /// From the name through the last token or trailing comment.
    pub content: Span,
    pub name: Ident,
    pub field_type: Option<FieldType>,
    /// Boxed slices (16 bytes, not a `Vec`'s 24): lists are built once at their exact length.
    pub attributes: Box<[Attribute]>,
    /// Boxed: rare, and the line nodes are copied as the tree is built.
    pub trailing_comment: Option<Box<Comment>>,
    /// `Box<str>` (16 bytes, not a `String`'s 24): rare, never edited.
    pub doc: Option<Box<str>>,
}

#[derive(Clone, Debug)]
pub struct FieldType {
    /// Base type plus its `?`/`[]` suffix.
    pub span: Span,
    pub base: BaseType,
    pub arity: Arity,
}

#[derive(Clone, Debug)]
pub enum BaseType {
    Named(Ident),
    /// `Unsupported("…")`; boxed, as it is rare, to keep every field type small.
    Unsupported(Box<StringLit>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Required,
    Optional,
    List,
}

#[derive(Clone, Debug)]
pub struct BlockAttribute {
    pub span: Span,
    pub content: Span,
    pub attribute: Attribute,
    /// Boxed: rare, and the line nodes are copied as the tree is built.
    pub trailing_comment: Option<Box<Comment>>,
}

#[derive(Clone, Debug)]
pub struct EnumValue {
    pub span: Span,
    pub content: Span,
    pub name: Ident,
    pub attributes: Box<[Attribute]>,
    /// Boxed: rare, and the line nodes are copied as the tree is built.
    pub trailing_comment: Option<Box<Comment>>,
    /// `Box<str>` (16 bytes, not a `String`'s 24): rare, never edited.
    pub doc: Option<Box<str>>,
}

#[derive(Clone, Debug)]
pub struct Property {
    pub span: Span,
    pub content: Span,
    pub key: Ident,
    /// `None` for `key =` with nothing after it (a later validation error in Prisma).
    pub value: Option<Expr>,
    /// Boxed: rare, and the line nodes are copied as the tree is built.
    pub trailing_comment: Option<Box<Comment>>,
}

/// `@name(args)` or `@@name(args)`; `name` is the dotted path without the `@`s (`id`, `db.VarChar`).
#[derive(Clone, Debug)]
pub struct Attribute {
    pub span: Span,
    pub name: Ident,
    pub arguments: Option<ArgumentList>,
}

#[derive(Clone, Debug)]
pub struct ArgumentList {
    /// `(` through `)`.
    pub span: Span,
    pub arguments: Box<[Argument]>,
    pub trailing_comma: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct Argument {
    pub span: Span,
    pub name: Option<Ident>,
    /// `None` only for `name:` with no value (reported).
    pub value: Option<Expr>,
}

#[derive(Clone, Debug)]
pub enum Expr {
    /// Kept as written (`-1`, `1.5`): Prisma never converts numbers at this level.
    Number {
        text: CompactString,
        span: Span,
    },
    String(StringLit),
    /// A bare path: `true`, `Cascade`, `Desc`, an enum value.
    Constant {
        name: CompactString,
        span: Span,
    },
    /// Boxed: the largest variant by far, and every argument and property value holds an `Expr`.
    Function(Box<Call>),
    Array {
        items: Vec<Expr>,
        span: Span,
    },
}

/// `name(arguments)`.
#[derive(Clone, Debug)]
pub struct Call {
    pub name: Ident,
    pub arguments: ArgumentList,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct StringLit {
    /// Quotes included.
    pub span: Span,
    /// Unescaped value (JSON escapes, surrogate pairs combined).
    pub value: CompactString,
}

#[derive(Clone, Debug)]
pub struct Ident {
    /// Inline up to 24 bytes (every real name): the tree holds tens of thousands of them.
    pub name: CompactString,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `// …`
    Line,
    /// `/// …`
    Doc,
    /// `/* … */`
    Block,
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Span,
    pub kind: CommentKind,
    /// Text without the comment markers.
    pub text: CompactString,
}

#[derive(Clone, Debug)]
pub struct CommentBlock {
    pub span: Span,
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug)]
pub struct Invalid {
    pub span: Span,
}

impl TopItem {
    pub fn span(&self) -> Span {
        match self {
            TopItem::Block(b) => b.span,
            TopItem::Comment(c) => c.span,
            TopItem::Blank(s) => *s,
            TopItem::Invalid(i) => i.span,
        }
    }
}

impl BlockItem {
    pub fn span(&self) -> Span {
        match self {
            BlockItem::Field(f) => f.span,
            BlockItem::Attribute(a) => a.span,
            BlockItem::EnumValue(v) => v.span,
            BlockItem::Property(p) => p.span,
            BlockItem::Comment(c) => c.span,
            BlockItem::Blank(s) => *s,
            BlockItem::Invalid(i) => i.span,
        }
    }
}
