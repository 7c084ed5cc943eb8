//! The one-line constructs inside blocks: field declarations, enum values, block attributes and
//! `key = value` properties, plus comments. Each parser starts after the line's indentation and
//! succeeds only if it reaches the line terminator, as Prisma's rules end in `NEWLINE`.

use compact_str::CompactString;

use super::expr::LineParser;
use super::lexer::{comment, ident, newline, ws0};
use super::span::Span;
use super::tree::{Arity, Attribute, BaseType, Comment, Expr, FieldType, Ident};

/// How a field type was written; only `Plain` yields a field in Prisma's AST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeForm {
    Plain,
    /// `T[]?`
    OptionalList,
    /// `T!`
    LegacyRequired,
    /// `[T]`
    LegacyList,
}

pub struct FieldLine<'t> {
    pub name: Ident,
    pub colon: Option<Span>,
    pub field_type: Option<(FieldType, TypeForm)>,
    pub attributes: Box<[Attribute]>,
    pub trailing_comment: Option<Box<Comment>>,
    /// End of the content (last token or trailing comment).
    pub content_end: &'t str,
    /// After the line terminator.
    pub rest: &'t str,
}

pub struct EnumValueLine<'t> {
    pub name: Ident,
    pub attributes: Box<[Attribute]>,
    pub trailing_comment: Option<Box<Comment>>,
    pub content_end: &'t str,
    pub rest: &'t str,
}

pub struct BlockAttributeLine<'t> {
    pub attribute: Attribute,
    pub trailing_comment: Option<Box<Comment>>,
    pub content_end: &'t str,
    pub rest: &'t str,
}

pub struct PropertyLine<'t> {
    pub key: Ident,
    pub value: Option<Expr>,
    pub trailing_comment: Option<Box<Comment>>,
    pub content_end: &'t str,
    pub rest: &'t str,
}

impl<'t> LineParser<'t> {
    /// One comment with its leading whitespace; the span and text exclude the whitespace.
    pub fn comment(&self, i: &'t str) -> Option<(&'t str, Comment)> {
        let (rest, kind, content) = comment(i, &self.comment_ends)?;
        let start = ws0(i);
        Some((
            rest,
            Comment {
                span: self.span(start, rest),
                kind,
                text: CompactString::new(content),
            },
        ))
    }

    /// `[trailing_comment] NL`: the common end of every line construct.
    fn line_end(&self, i: &'t str) -> Option<(Option<Box<Comment>>, &'t str, &'t str)> {
        // Nearly every line ends without a comment: its terminator is found without trying the
        // three comment openers first (a comment never starts with a terminator).
        if let Some(rest) = newline(ws0(i)) {
            return Some((None, i, rest));
        }
        let (after_comment, trailing) = match self.comment(i) {
            Some((r, c)) => (r, Some(Box::new(c))),
            None => (i, None),
        };
        let rest = newline(ws0(after_comment))?;
        Some((trailing, after_comment, rest))
    }

    /// `field_decl = ident [":"] [field_type] {field_attribute} [trailing_comment] NL`.
    pub fn field_line(&mut self, i: &'t str) -> Option<FieldLine<'t>> {
        self.note_name(i);
        let (mut rest, name) = self.ident(i)?;
        let mut colon = None;
        if let Some(r) = ws0(rest).strip_prefix(':') {
            colon = Some(self.span(ws0(rest), r));
            rest = r;
        }
        let mut field_type = None;
        if let Some((r, ft)) = self.field_type(ws0(rest)) {
            field_type = Some(ft);
            rest = r;
        }
        let (rest, attributes) = self.field_attributes(rest)?;
        let (trailing_comment, content_end, rest) = self.line_end(rest)?;
        Some(FieldLine {
            name,
            colon,
            field_type,
            attributes,
            trailing_comment,
            content_end,
            rest,
        })
    }

    /// Type alternatives in Prisma's order: `T[]?`, `T[]`, `T?`, `T!`, `[T]`, `T`.
    fn field_type(&mut self, i: &'t str) -> Option<(&'t str, (FieldType, TypeForm))> {
        let make = |p: &Self, base, arity, rest: &'t str, form| {
            Some((
                rest,
                (
                    FieldType {
                        span: p.span(i, rest),
                        base,
                        arity,
                    },
                    form,
                ),
            ))
        };
        if let Some((after_base, base)) = self.base_type(i) {
            let next = ws0(after_base);
            if let Some(after_list) = next.strip_prefix("[]") {
                if let Some(r) = ws0(after_list).strip_prefix('?') {
                    return make(self, base, Arity::List, r, TypeForm::OptionalList);
                }
                return make(self, base, Arity::List, after_list, TypeForm::Plain);
            }
            if let Some(r) = next.strip_prefix('?') {
                return make(self, base, Arity::Optional, r, TypeForm::Plain);
            }
            if let Some(r) = next.strip_prefix('!') {
                return make(self, base, Arity::Required, r, TypeForm::LegacyRequired);
            }
            return make(self, base, Arity::Required, after_base, TypeForm::Plain);
        }
        let inner = ws0(i.strip_prefix('[')?);
        let (after_base, base) = self.base_type(inner)?;
        let rest = ws0(after_base).strip_prefix(']')?;
        make(self, base, Arity::List, rest, TypeForm::LegacyList)
    }

    /// `base_type = "Unsupported(" string ")" | ident`.
    pub fn base_type(&mut self, i: &'t str) -> Option<(&'t str, BaseType)> {
        // Gated on the first byte: nearly every type is a plain identifier.
        let unsupported = match i.as_bytes().first() {
            Some(b'U') => i.strip_prefix("Unsupported("),
            _ => None,
        };
        if let Some(inner) = unsupported {
            let mark = self.diags.len();
            let parsed = self.string(ws0(inner)).and_then(|(r, lit)| {
                let rest = ws0(r).strip_prefix(')')?;
                Some((rest, BaseType::Unsupported(Box::new(lit))))
            });
            if parsed.is_some() {
                return parsed;
            }
            self.diags.truncate(mark);
        }
        let (rest, _) = ident(i)?;
        Some((rest, BaseType::Named(self.ident_at(i, rest))))
    }

    /// `enum_value = ident {field_attribute} [trailing_comment] NL`.
    pub fn enum_value_line(&mut self, i: &'t str) -> Option<EnumValueLine<'t>> {
        self.note_name(i);
        let (rest, name) = self.ident(i)?;
        let (rest, attributes) = self.field_attributes(rest)?;
        let (trailing_comment, content_end, rest) = self.line_end(rest)?;
        Some(EnumValueLine {
            name,
            attributes,
            trailing_comment,
            content_end,
            rest,
        })
    }

    /// `block_attribute NL`, where `block_attribute = "@@" path [arguments] [trailing_comment]`.
    pub fn block_attribute_line(&mut self, i: &'t str) -> Option<BlockAttributeLine<'t>> {
        let (rest, attribute) = self.attribute(i, true)?;
        let (trailing_comment, content_end, rest) = self.line_end(rest)?;
        Some(BlockAttributeLine {
            attribute,
            trailing_comment,
            content_end,
            rest,
        })
    }

    /// `key_value NL`, where `key_value = ident "=" [expression] [trailing_comment]`.
    pub fn property_line(&mut self, i: &'t str) -> Option<PropertyLine<'t>> {
        let (rest, key) = self.ident(i)?;
        let after_eq = ws0(rest).strip_prefix('=')?;
        let mark = self.diags.len();
        let (rest, value) = match self.expression(ws0(after_eq)) {
            Some((r, v)) => (r, Some(v)),
            None if self.too_deep => return None,
            None => {
                self.diags.truncate(mark);
                (after_eq, None)
            }
        };
        let (trailing_comment, content_end, rest) = self.line_end(rest)?;
        Some(PropertyLine {
            key,
            value,
            trailing_comment,
            content_end,
            rest,
        })
    }
}
