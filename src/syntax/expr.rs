//! Expressions, argument lists and attributes: the recursive part of the grammar.
//!
//! Each rule is an ordered choice exactly as in Prisma's PEG grammar (`function_call | array |
//! number | string | path`, `named | empty | expression`). Nesting is bounded by
//! [`MAX_NESTING`]: past it the whole line fails with one `NESTING_TOO_DEEP` diagnostic instead of
//! recursing without limit, and every later alternative fails at once so the work stays linear.

use compact_str::CompactString;

use super::diagnostic::Diagnostic;

use super::lexer::{ident, number, path, path_tail, raw_string, ws0, BlockCommentEnds};
use super::span::{FileId, Span};
use super::tree::{Argument, ArgumentList, Attribute, Call, Expr, Ident, StringLit};
use super::unescape::unescape;

/// Deepest nesting of calls and arrays accepted inside one expression.
pub const MAX_NESTING: u32 = 128;

/// Parsing state for one line: the file text (every input is a suffix of it), diagnostics that
/// only count if the line as a whole succeeds, and the nesting guard. One parser serves a whole
/// file (`reset` before each line), so its scratch stacks are allocated once: lists are collected
/// on them and copied out at their exact length.
pub struct LineParser<'t> {
    pub text: &'t str,
    pub file: FileId,
    pub diags: Vec<Diagnostic>,
    depth: u32,
    /// Set once nesting exceeded [`MAX_NESTING`]; from then on everything fails.
    pub too_deep: bool,
    pub comment_ends: BlockCommentEnds,
    /// What the per-block checks may report, noted while the bytes are at hand (see
    /// [`Suspects`]); the block parser clears it when it starts a block.
    pub suspects: Suspects,
    attributes: Vec<Attribute>,
    arguments: Vec<Argument>,
    items: Vec<Expr>,
}

/// Whether a block may hold something the per-block checks (`names::check_block`,
/// `checks::check_block`) report. Nearly every block holds nothing, and walking its tree again to
/// find that out cost a tenth of the parse; so the parser notes, as it reads each token, what
/// could be reported, and a block without any note skips those walks. A superset: a note may be
/// set by a line that later fails or by a construct no check looks at, never missed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Suspects {
    /// A name may start with a digit or be a bad client name (dashes are found by the block's
    /// parser with one search over the block's bytes).
    pub names: bool,
    /// A named argument without a value, or a trailing comma.
    pub arguments: bool,
}

impl<'t> LineParser<'t> {
    /// Notes a declared name (of a block, field, enum value or attribute) starting at `i` that
    /// may start with a digit.
    pub fn note_name(&mut self, i: &str) {
        if i.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            self.suspects.names = true;
        }
    }

    pub fn new(text: &'t str, file: FileId) -> Self {
        LineParser {
            text,
            file,
            diags: Vec::new(),
            depth: 0,
            too_deep: false,
            comment_ends: BlockCommentEnds::new(text),
            suspects: Suspects::default(),
            attributes: Vec::new(),
            arguments: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Forgets the previous line's diagnostics and nesting state.
    pub fn reset(&mut self) {
        self.diags.clear();
        self.depth = 0;
        self.too_deep = false;
    }

    pub fn offset(&self, rest: &str) -> usize {
        self.text.len() - rest.len()
    }

    pub fn span(&self, from: &str, to: &str) -> Span {
        Span::new(self.file, self.offset(from), self.offset(to))
    }

    /// Inlined, with `ident` and `path`, into each caller: a name is then built where the caller
    /// keeps it, one fewer copy of a 40-byte node per name (1,000-model parse: ~1% fewer
    /// instructions, cachegrind).
    #[inline(always)]
    pub fn ident_at(&self, from: &'t str, to: &'t str) -> Ident {
        Ident {
            name: CompactString::new(&from[..from.len() - to.len()]),
            span: self.span(from, to),
        }
    }

    #[inline(always)]
    pub fn ident(&self, i: &'t str) -> Option<(&'t str, Ident)> {
        let (rest, _) = ident(i)?;
        Some((rest, self.ident_at(i, rest)))
    }

    #[inline(always)]
    pub fn path(&self, i: &'t str) -> Option<(&'t str, Ident)> {
        let (rest, _) = path(i)?;
        Some((rest, self.ident_at(i, rest)))
    }

    pub fn string(&mut self, i: &'t str) -> Option<(&'t str, StringLit)> {
        let (rest, raw, escaped) = raw_string(i)?;
        let value = match escaped {
            true => unescape(raw, self.file, self.offset(i), &mut self.diags),
            false => CompactString::new(&raw[1..raw.len() - 1]),
        };
        Some((
            rest,
            StringLit {
                span: self.span(i, rest),
                value,
            },
        ))
    }

    /// `field_attribute = "@" path arguments?` (also the tail of `block_attribute` after `@@`,
    /// with `block`).
    pub fn attribute(&mut self, i: &'t str, block: bool) -> Option<(&'t str, Attribute)> {
        // Byte tests, not a prefix comparison (a `memcmp` call for a one-byte prefix): this is
        // tried after every field type and attribute.
        let marker = match i.as_bytes() {
            [b'@', b'@', ..] if block => 2,
            [b'@', ..] if !block => 1,
            _ => return None,
        };
        let name_at = ws0(&i[marker..]);
        self.note_name(name_at);
        let (rest, name) = self.path(name_at)?;
        let mark = self.diags.len();
        // Tested here: most attributes have no arguments (`@id`, `@unique`, `@updatedAt`), and
        // `arguments` is too big to inline (its call alone cost ~1% of the parse).
        let after_ws = ws0(rest);
        if !after_ws.starts_with('(') {
            return Some((
                rest,
                Attribute {
                    span: self.span(i, rest),
                    name,
                    arguments: None,
                },
            ));
        }
        let (rest, arguments) = match self.arguments(after_ws) {
            Some((r, args)) => (r, Some(args)),
            None if self.too_deep => return None,
            None => {
                self.diags.truncate(mark);
                (rest, None)
            }
        };
        Some((
            rest,
            Attribute {
                span: self.span(i, rest),
                name,
                arguments,
            },
        ))
    }

    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.too_deep = true;
        }
        !self.too_deep
    }

    /// `arguments = "(" [argument {"," argument}] [","] ")"`.
    pub fn arguments(&mut self, i: &'t str) -> Option<(&'t str, ArgumentList)> {
        let body = i.strip_prefix('(')?;
        if !self.enter() {
            return None;
        }
        let mark = self.arguments.len();
        let end = self.arguments_end(body);
        self.depth -= 1;
        let Some((rest, trailing_comma)) = end else {
            self.arguments.truncate(mark);
            return None;
        };
        // Built last, straight into the result: a list built first and then moved out stalled
        // on reading back its own fresh stores.
        Some((
            rest,
            ArgumentList {
                span: self.span(i, rest),
                arguments: self.arguments.split_off(mark).into_boxed_slice(),
                trailing_comma,
            },
        ))
    }

    /// Reads the arguments after `(` onto the scratch stack; returns the input after the `)` and
    /// the trailing comma.
    fn arguments_end(&mut self, body: &'t str) -> Option<(&'t str, Option<Span>)> {
        let mut rest = ws0(body);
        if let Some(r) = self.argument(rest) {
            rest = r;
            while let Some(after_comma) = ws0(rest).strip_prefix(',') {
                let diag_mark = self.diags.len();
                match self.argument(ws0(after_comma)) {
                    Some(r) => rest = r,
                    None => {
                        self.diags.truncate(diag_mark);
                        break;
                    }
                }
            }
        }
        if self.too_deep {
            return None;
        }
        rest = ws0(rest);
        let mut trailing_comma = None;
        if let Some(r) = rest.strip_prefix(',') {
            self.suspects.arguments = true;
            trailing_comma = Some(self.span(rest, r));
            rest = ws0(r);
        }
        Some((rest.strip_prefix(')')?, trailing_comma))
    }

    /// `argument = ident ":" expression | ident ":" | expression`, pushed onto the scratch stack
    /// where it is built (returning the 96-byte node through each level copied it once more);
    /// returns the input after it.
    fn argument(&mut self, i: &'t str) -> Option<&'t str> {
        // The identifier is scanned once: it is the name when a `:` follows, else the start of
        // the expression (a positional `now()` or `Cascade`).
        let ident_end = ident(i).map(|(r, _)| r);
        if let Some(r) = ident_end {
            if let Some(after_colon) = ws0(r).strip_prefix(':') {
                let name = self.ident_at(i, r);
                let mark = self.diags.len();
                if let Some((rest, value)) = self.expression(ws0(after_colon)) {
                    let span = self.span(i, rest);
                    self.arguments.push(Argument {
                        span,
                        name: Some(name),
                        value: Some(value),
                    });
                    return Some(rest);
                }
                if self.too_deep {
                    return None;
                }
                self.diags.truncate(mark);
                self.suspects.arguments = true;
                let span = self.span(i, after_colon);
                self.arguments.push(Argument {
                    span,
                    name: Some(name),
                    value: None,
                });
                return Some(after_colon);
            }
        }
        let (rest, value) = self.expression_after(i, ident_end)?;
        self.arguments.push(Argument {
            span: self.span(i, rest),
            name: None,
            value: Some(value),
        });
        Some(rest)
    }

    /// `expression = path arguments | array | number | string | path`.
    pub fn expression(&mut self, i: &'t str) -> Option<(&'t str, Expr)> {
        self.expression_after(i, ident(i).map(|(r, _)| r))
    }

    /// `expression` at `i`, where the identifier a path would start with (if any) ends at
    /// `ident_end`.
    fn expression_after(
        &mut self,
        i: &'t str,
        ident_end: Option<&'t str>,
    ) -> Option<(&'t str, Expr)> {
        if self.too_deep {
            return None;
        }
        // The first and the last alternative both start with `path`: it is read once and kept.
        let mut constant = None;
        if let Some(r) = ident_end {
            let r = path_tail(r);
            let name = self.ident_at(i, r);
            // A `(` is tested before the call: most paths here are constants or field names.
            let after_ws = ws0(r);
            if after_ws.starts_with('(') {
                let mark = self.diags.len();
                if let Some((rest, arguments)) = self.arguments(after_ws) {
                    let span = self.span(i, rest);
                    return Some((
                        rest,
                        Expr::Function(Box::new(Call {
                            name,
                            arguments,
                            span,
                        })),
                    ));
                }
                self.diags.truncate(mark);
                if self.too_deep {
                    return None;
                }
            }
            // A path that starts with a letter is no number: it is the constant.
            if i.as_bytes()[0].is_ascii_alphabetic() {
                return Some((
                    r,
                    Expr::Constant {
                        name: name.name,
                        span: name.span,
                    },
                ));
            }
            constant = Some((r, name));
        }
        if let Some(body) = i.strip_prefix('[') {
            if !self.enter() {
                return None;
            }
            let mark = self.items.len();
            let end = self.array_end(body);
            self.depth -= 1;
            let Some(rest) = end else {
                self.items.truncate(mark);
                return None;
            };
            return Some((
                rest,
                Expr::Array {
                    items: self.items.split_off(mark),
                    span: self.span(i, rest),
                },
            ));
        }
        if let Some((rest, _)) = number(i) {
            let text = CompactString::new(&i[..i.len() - rest.len()]);
            return Some((
                rest,
                Expr::Number {
                    text,
                    span: self.span(i, rest),
                },
            ));
        }
        if i.starts_with('"') {
            let (rest, lit) = self.string(i)?;
            return Some((rest, Expr::String(lit)));
        }
        let (rest, name) = constant?;
        Some((
            rest,
            Expr::Constant {
                name: name.name,
                span: name.span,
            },
        ))
    }

    /// `array = "[" [expression {"," expression}] "]"` (no trailing comma): reads the items after
    /// `[` onto the scratch stack and returns the input after the `]`.
    fn array_end(&mut self, body: &'t str) -> Option<&'t str> {
        let mut rest = ws0(body);
        if let Some((r, first)) = self.expression(rest) {
            self.items.push(first);
            rest = r;
            while let Some(after_comma) = ws0(rest).strip_prefix(',') {
                let diag_mark = self.diags.len();
                match self.expression(ws0(after_comma)) {
                    Some((r, item)) => {
                        self.items.push(item);
                        rest = r;
                    }
                    None => {
                        self.diags.truncate(diag_mark);
                        break;
                    }
                }
            }
        }
        if self.too_deep {
            return None;
        }
        ws0(rest).strip_prefix(']')
    }

    /// `{field_attribute}` after a field type or enum value name, collected at its exact length.
    pub fn field_attributes(&mut self, mut i: &'t str) -> Option<(&'t str, Box<[Attribute]>)> {
        let mark = self.attributes.len();
        loop {
            let at = ws0(i);
            // The `@` is tested before the call: the attempt after the last attribute of every
            // line fails on it.
            let next = match at.starts_with('@') {
                true => self.attribute(at, false),
                false => None,
            };
            match next {
                Some((r, a)) => {
                    self.attributes.push(a);
                    i = r;
                }
                None => {
                    let attributes = self.attributes.split_off(mark).into_boxed_slice();
                    return (!self.too_deep).then_some((i, attributes));
                }
            }
        }
    }
}
