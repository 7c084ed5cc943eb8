//! The file-level driver: top-level items and blocks, with Prisma's recovery rules.
//!
//! Mirrors the PEG `schema = (model | enum | config | type_alias | arbitrary_block | comment_block |
//! empty_lines | CATCH_ALL)*`: at each position the alternatives are tried in order after pest's
//! implicit whitespace, and the first that succeeds wins. A block that never reaches a `}` at the
//! start of an item fails as a whole (the opener line then becomes a catch-all). Item spans start
//! where the previous item ended, so leading indentation belongs to the item it precedes and the
//! items tile the file.
//!
//! Linear time: a failed block scan records the item starts it visited; a later scan of the same
//! block class that reaches one of them fails at once (it would walk the same items to the same
//! end). Unknown blocks look for their `}` with one forward search, remembered when it fails.

use std::collections::HashSet;

use super::checks;
use super::diagnostic::{error, Diagnostic};
use super::docs::{attach_docs, doc_text, ItemDocs};
use super::expr::{LineParser, Suspects};
use super::gathered::Gathered;
use super::lexer::{ident, line_with_terminator, newline, rest_of_line, ws0};
use super::lines::TypeForm;
use super::names;
use super::span::{FileId, Span};
use super::split;
use super::tree::*;

pub const INVALID_LINE: &str =
    "Error validating: This line is invalid. It does not start with any known Prisma schema keyword.";
pub const INVALID_BLOCK: &str = "Error validating: This block is invalid. It does not start with any known Prisma schema keyword. Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.";
pub const INVALID_TYPE_ALIAS: &str =
    "Error validating: Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types";
pub const LEGACY_COLON: &str = "Field declarations don't require a `:`.";
pub const LEGACY_REQUIRED: &str = "Fields are required by default, `!` is no longer required.";
pub const LEGACY_LIST: &str = "To specify a list, please use `Type[]` instead of `[Type]`.";
pub const OPTIONAL_LIST: &str = "Optional lists are not supported. Use either `Type[]` or `Type?`.";
pub const NESTING_TOO_DEEP: &str = "Error validating: This line nests calls or arrays too deeply.";

/// Which catch-all message a block uses and which failed-scan memo it shares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Model,
    Enum,
    Config,
}

pub struct FileParser<'t> {
    text: &'t str,
    file: FileId,
    diags: Vec<Diagnostic>,
    /// The per-block name and value checks, kept apart so they follow the grammar diagnostics.
    name_diags: Vec<Diagnostic>,
    check_diags: Vec<Diagnostic>,
    /// What the checks across blocks need from each block.
    gathered: Gathered,
    failed: [HashSet<usize>; 3],
    /// No `}` exists at or after this offset.
    no_brace_from: usize,
    /// The list the next block's items are read into (blocks do not nest).
    block_items: Vec<BlockItem>,
    /// The item starts the block being read has visited, for the failed-scan memo.
    visited: Vec<usize>,
    /// Whether the caller wants the items (see `parse_stretch`).
    keep_tree: bool,
}

/// Parses one file into its lossless tree; diagnostics are the grammar-level ones, then those of
/// the name checks, then those of the value checks; the blocks' facts for the checks across blocks
/// come with them. With `threads`, a big file is parsed on several (`split`), with the same result.
/// Without `keep_tree`, the file comes without its items (see `parse_stretch`). The file's `text`
/// is left empty for the caller to fill: one that owns the text moves it in instead of copying it.
pub fn parse_tree(
    file: FileId,
    path: &str,
    text: &str,
    threads: bool,
    keep_tree: bool,
) -> (SchemaFile, Vec<Diagnostic>, Gathered) {
    let chunks = if threads {
        split::chunks_for(text.len())
    } else {
        1
    };
    tree_of(
        path,
        String::new(),
        split::parse_stretches(file, text, chunks, keep_tree),
    )
}

/// The file of a stretch that covers the whole text (`text`).
pub fn tree_of(
    path: &str,
    text: String,
    stretch: Stretch,
) -> (SchemaFile, Vec<Diagnostic>, Gathered) {
    let Stretch {
        file,
        mut items,
        mut diags,
        mut name_diags,
        mut check_diags,
        gathered,
        ..
    } = stretch;
    attach_docs(&mut items);
    let schema = SchemaFile {
        file,
        path: path.to_string(),
        text,
        items,
    };
    diags.append(&mut name_diags);
    diags.append(&mut check_diags);
    (schema, diags, gathered)
}

/// The top-level items from an item start up to the first item end at or after a stop, with
/// their diagnostics (documentation not attached yet).
pub struct Stretch {
    pub file: FileId,
    /// Where the last item ends (the stop, unless an item runs past it).
    pub end: usize,
    pub items: Vec<TopItem>,
    pub diags: Vec<Diagnostic>,
    pub name_diags: Vec<Diagnostic>,
    pub check_diags: Vec<Diagnostic>,
    pub gathered: Gathered,
}

impl Stretch {
    /// Continues this stretch with the one that starts where it ends.
    pub fn append(&mut self, mut next: Stretch) {
        debug_assert!(self
            .items
            .last()
            .is_none_or(|i| i.span().end as usize == self.end));
        self.end = next.end;
        self.items.append(&mut next.items);
        self.diags.append(&mut next.diags);
        self.name_diags.append(&mut next.name_diags);
        self.check_diags.append(&mut next.check_diags);
        self.gathered.append(next.gathered);
    }
}

/// Parses the items from `start` (an item start) until one ends at or after `stop`. The parse from
/// an item start depends only on the text from there (the parser's memos are caches), so a stretch
/// parsed alone equals the same stretch of a parse of the whole file.
///
/// Without `keep_tree` (a caller that needs only the diagnostics), no item is kept: each block is
/// freed as soon as it is checked and its facts gathered, and its item list is reused for the next
/// block, so the next block is built in the memory just freed, still in cache, instead of a 14 MB
/// tree being built and then freed (one-thread parseSchema on 1,000 models: ~14% less CPU time).
pub fn parse_stretch(
    file: FileId,
    text: &str,
    start: usize,
    stop: usize,
    keep_tree: bool,
) -> Stretch {
    let mut parser = FileParser {
        text,
        file,
        diags: Vec::new(),
        name_diags: Vec::new(),
        check_diags: Vec::new(),
        gathered: Gathered::default(),
        failed: Default::default(),
        no_brace_from: usize::MAX,
        block_items: Vec::new(),
        visited: Vec::new(),
        keep_tree,
    };
    let mut lp = LineParser::new(text, file);
    let (items, end) = parser.top_items(&mut lp, start, stop);
    Stretch {
        file,
        end,
        items,
        diags: parser.diags,
        name_diags: parser.name_diags,
        check_diags: parser.check_diags,
        gathered: parser.gathered,
    }
}

/// After a closing token, the rest of its line is absorbed when it is only whitespace; anything
/// else on that line is parsed as the next item, as Prisma does.
fn absorb_line_tail(after: &str) -> &str {
    let tail = ws0(after);
    if tail.is_empty() {
        return tail;
    }
    newline(tail).unwrap_or(after)
}

impl<'t> FileParser<'t> {
    fn at(&self, offset: usize) -> &'t str {
        &self.text[offset..]
    }

    fn off(&self, rest: &str) -> usize {
        self.text.len() - rest.len()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Whether a failed scan of this block class visited `at` (checked for every block item, and
    /// almost always empty: no hashing then).
    fn failed_before(&self, class: Class, at: usize) -> bool {
        let failed = &self.failed[class as usize];
        !failed.is_empty() && failed.contains(&at)
    }

    /// The items from `pos` until one ends at or after `stop`, and where the last one ends.
    fn top_items(
        &mut self,
        lp: &mut LineParser<'t>,
        mut pos: usize,
        stop: usize,
    ) -> (Vec<TopItem>, usize) {
        // A schema's top items (block, comment, blank) average about 270 bytes each (1,000-model
        // schema: 3,037 items in 833 KB); reserving for one per 256 bytes saves the list's dozen
        // doublings, each copying every 144-byte item so far.
        let mut items = Vec::with_capacity(match self.keep_tree {
            true => (stop - pos) / 256,
            false => 0,
        });
        while pos < stop {
            let s = ws0(self.at(pos));
            if s.is_empty() {
                if self.keep_tree {
                    items.push(TopItem::Blank(self.span(pos, self.text.len())));
                }
                pos = self.text.len();
                break;
            }
            let (end, item) = self.top_item(lp, pos, s);
            if let TopItem::Block(block) = &item {
                // Checked now, while the block's tree is still in cache (a block that is built
                // is final: a failed scan never gets this far). `lp.suspects` is what the scan
                // that built it noted; a dash can be in any name, so the block's bytes are
                // searched for one at once (a string, a comment or a negative number sets it
                // too, which only costs the walk). `memchr` searches with SIMD; the slice's own
                // `contains` reads a word at a time and cost 1.7% of the parse's instructions
                // (1,000-model schema: 55.5 -> 54.5 M per one-thread parse, callgrind).
                let suspects = lp.suspects;
                let dash =
                    memchr::memchr(b'-', &self.text.as_bytes()[block.span.range()]).is_some();
                names::check_block(block, suspects.names || dash, &mut self.name_diags);
                checks::check_block(block, suspects.arguments, &mut self.check_diags);
                self.gathered.gather(block);
            }
            if self.keep_tree {
                items.push(item);
            } else if let TopItem::Block(block) = item {
                // The block's list, emptied, is the next block's (see `parse_stretch`).
                let mut list = block.items;
                list.clear();
                self.block_items = list;
            }
            pos = end;
        }
        (items, pos)
    }

    fn top_item(&mut self, lp: &mut LineParser<'t>, pos: usize, s: &'t str) -> (usize, TopItem) {
        for (keyword, kind) in [
            ("model", BlockKind::Model),
            ("type", BlockKind::Type),
            ("view", BlockKind::View),
        ] {
            if let Some(found) = self.block(lp, pos, s, keyword, kind) {
                return found;
            }
        }
        for (keyword, kind) in [
            ("enum", BlockKind::Enum),
            ("datasource", BlockKind::Datasource),
            ("generator", BlockKind::Generator),
        ] {
            if let Some(found) = self.block(lp, pos, s, keyword, kind) {
                return found;
            }
        }
        if let Some(end) = type_alias(lp, s) {
            let content_end = self.off(end);
            let end = self.off(absorb_line_tail(end));
            self.diags.push(error(
                "INVALID_TYPE_ALIAS",
                INVALID_TYPE_ALIAS,
                self.span(self.off(s), content_end),
            ));
            return (
                end,
                TopItem::Invalid(Invalid {
                    span: self.span(pos, end),
                }),
            );
        }
        if let Some(close_end) = self.arbitrary_block(s) {
            let end = self.off(absorb_line_tail(self.at(close_end)));
            self.diags.push(error(
                "INVALID_BLOCK",
                INVALID_BLOCK,
                self.span(self.off(s), close_end),
            ));
            return (
                end,
                TopItem::Invalid(Invalid {
                    span: self.span(pos, end),
                }),
            );
        }
        if let Some((end, block)) = self.comment_block(lp, pos, s) {
            return (end, TopItem::Comment(block));
        }
        if let Some(end) = empty_lines(s) {
            let end = self.off(end);
            return (end, TopItem::Blank(self.span(pos, end)));
        }
        let (_, content) = rest_of_line(s);
        let end = self.off(line_with_terminator(s));
        let content_end = self.off(s) + content.len();
        self.diags.push(error(
            "INVALID_LINE",
            INVALID_LINE,
            self.span(self.off(s), content_end),
        ));
        (
            end,
            TopItem::Invalid(Invalid {
                span: self.span(pos, end),
            }),
        )
    }

    /// `ident BLOCK_OPEN {any but "}"} "}"`: returns the offset after the `}`.
    fn arbitrary_block(&mut self, s: &'t str) -> Option<usize> {
        let (r, _) = ident(s)?;
        let body = block_open(ws0(r))?;
        let from = self.off(body);
        if from >= self.no_brace_from {
            return None;
        }
        match body.find('}') {
            Some(at) => Some(from + at + 1),
            None => {
                self.no_brace_from = from;
                None
            }
        }
    }

    fn comment_block(
        &self,
        lp: &LineParser<'t>,
        pos: usize,
        s: &'t str,
    ) -> Option<(usize, CommentBlock)> {
        let mut comments = Vec::new();
        let mut cur = s;
        while let Some((r, c)) = lp.comment(cur) {
            comments.push(c);
            cur = newline(r).unwrap_or(r);
        }
        if comments.is_empty() {
            return None;
        }
        let end = self.off(cur);
        Some((
            end,
            CommentBlock {
                span: self.span(pos, end),
                comments,
            },
        ))
    }

    /// `keyword ident BLOCK_OPEN {item} "}"`; `None` when any part fails (the block backtracks).
    fn block(
        &mut self,
        lp: &mut LineParser<'t>,
        pos: usize,
        s: &'t str,
        keyword: &str,
        kind: BlockKind,
    ) -> Option<(usize, TopItem)> {
        // Six keywords are tried at every top-level item: the first byte rules most out.
        if s.as_bytes().first() != keyword.as_bytes().first() {
            return None;
        }
        let after_kw = s.strip_prefix(keyword)?;
        let name_at = ws0(after_kw);
        lp.suspects = Suspects::default();
        lp.note_name(name_at);
        let (r, name) = lp.ident(name_at)?;
        let open_at = ws0(r);
        let body = block_open(open_at)?;
        let class = match kind {
            BlockKind::Model | BlockKind::View | BlockKind::Type => Class::Model,
            BlockKind::Enum => Class::Enum,
            BlockKind::Datasource | BlockKind::Generator => Class::Config,
        };
        // `block_item` pushes each item straight into this list (one move of each item, not one
        // per call level); a failed block puts it back, a built block keeps it (`exact_items`).
        let mut items = std::mem::take(&mut self.block_items);
        items.clear();
        let mut diags = Vec::new();
        self.visited.clear();
        let mut docs = ItemDocs::default();
        let mut at = self.off(body);
        let close = loop {
            let item_start = ws0(self.at(at));
            if item_start.is_empty() || self.failed_before(class, at) {
                self.failed[class as usize].extend(self.visited.drain(..));
                self.failed[class as usize].insert(at);
                self.block_items = items;
                return None;
            }
            if item_start.starts_with('}') {
                let close = self.off(item_start);
                if close > at {
                    items.push(BlockItem::Blank(self.span(at, close)));
                }
                break close;
            }
            self.visited.push(at);
            let (end, rejected_declaration) =
                self.block_item(lp, kind, &name, at, item_start, &mut diags, &mut items);
            // The item `block_item` just pushed.
            match items.last_mut() {
                Some(BlockItem::Comment(comments)) => docs.comment(comments),
                Some(BlockItem::Field(field)) => {
                    field.doc = docs
                        .take(field.trailing_comment.as_deref())
                        .map(String::into_boxed_str)
                }
                Some(BlockItem::EnumValue(value)) => {
                    value.doc = docs
                        .take(value.trailing_comment.as_deref())
                        .map(String::into_boxed_str)
                }
                // A field declaration Prisma rejects still takes the pending documentation.
                _ if rejected_declaration => {
                    docs.take(None);
                }
                _ => {}
            }
            at = end;
        };
        let end = self.off(absorb_line_tail(self.at(close + 1)));
        self.diags.append(&mut diags);
        let block = Block {
            kind,
            span: self.span(pos, end),
            keyword: self.span(self.off(s), self.off(after_kw)),
            name,
            open: self.span(self.off(open_at), self.off(body)),
            items: self.exact_items(items),
            close: self.span(close, close + 1),
            doc: None,
        };
        let mut block = block;
        if class == Class::Config {
            // Prisma documents a datasource or generator with the last comment block inside it.
            block.doc = block
                .items
                .iter()
                .rev()
                .find_map(|item| match item {
                    BlockItem::Comment(comments) => Some(doc_text(comments)),
                    _ => None,
                })
                .flatten();
        }
        Some((end, TopItem::Block(block)))
    }

    fn block_item(
        &self,
        lp: &mut LineParser<'t>,
        kind: BlockKind,
        block_name: &Ident,
        pos: usize,
        s: &'t str,
        diags: &mut Vec<Diagnostic>,
        items: &mut Vec<BlockItem>,
    ) -> (usize, bool) {
        lp.reset();
        let span_to = |end: &str| self.span(pos, self.off(end));
        let content = |end: &str| self.span(self.off(s), self.off(end));
        match kind {
            BlockKind::Model | BlockKind::View | BlockKind::Type => {
                if let Some(line) = lp.field_line(s) {
                    let problem = if line.colon.is_some() {
                        Some(("LEGACY_COLON", LEGACY_COLON.to_string()))
                    } else {
                        match &line.field_type {
                            None => Some((
                                "FIELD_MISSING_TYPE",
                                missing_type_message(kind, &block_name.name),
                            )),
                            Some((_, TypeForm::OptionalList)) => {
                                Some(("OPTIONAL_LIST", OPTIONAL_LIST.to_string()))
                            }
                            Some((_, TypeForm::LegacyRequired)) => {
                                Some(("LEGACY_REQUIRED", LEGACY_REQUIRED.to_string()))
                            }
                            Some((_, TypeForm::LegacyList)) => {
                                Some(("LEGACY_LIST", LEGACY_LIST.to_string()))
                            }
                            Some((_, TypeForm::Plain)) => None,
                        }
                    };
                    let end = self.off(line.rest);
                    if let Some((code, message)) = problem {
                        if code == "FIELD_MISSING_TYPE" {
                            // Prisma reads the attributes (and reports their strings) before it
                            // notices the type is missing; the other rejections stop earlier.
                            diags.append(&mut lp.diags);
                        }
                        diags.push(error(code, message, content(line.content_end)));
                        items.push(BlockItem::Invalid(Invalid {
                            span: span_to(line.rest),
                        }));
                        return (end, true);
                    }
                    diags.append(&mut lp.diags);
                    let field = Field {
                        span: span_to(line.rest),
                        content: content(line.content_end),
                        name: line.name,
                        field_type: line.field_type.map(|(t, _)| t),
                        attributes: line.attributes,
                        trailing_comment: line.trailing_comment,
                        doc: None,
                    };
                    items.push(BlockItem::Field(field));
                    return (end, false);
                }
            }
            BlockKind::Enum => {
                if let Some(line) = lp.enum_value_line(s) {
                    diags.append(&mut lp.diags);
                    let value = EnumValue {
                        span: span_to(line.rest),
                        content: content(line.content_end),
                        name: line.name,
                        attributes: line.attributes,
                        trailing_comment: line.trailing_comment,
                        doc: None,
                    };
                    items.push(BlockItem::EnumValue(value));
                    return (self.off(line.rest), false);
                }
            }
            BlockKind::Datasource | BlockKind::Generator => {
                if let Some(line) = lp.property_line(s) {
                    diags.append(&mut lp.diags);
                    let property = Property {
                        span: span_to(line.rest),
                        content: content(line.content_end),
                        key: line.key,
                        value: line.value,
                        trailing_comment: line.trailing_comment,
                    };
                    items.push(BlockItem::Property(property));
                    return (self.off(line.rest), false);
                }
            }
        }
        let too_deep = lp.too_deep;
        if !too_deep && !matches!(kind, BlockKind::Datasource | BlockKind::Generator) {
            lp.reset();
            if let Some(line) = lp.block_attribute_line(s) {
                diags.append(&mut lp.diags);
                if names::bad_client_name(&line.attribute).is_some() {
                    lp.suspects.names = true;
                }
                let attribute = BlockAttribute {
                    span: span_to(line.rest),
                    content: content(line.content_end),
                    attribute: line.attribute,
                    trailing_comment: line.trailing_comment,
                };
                items.push(BlockItem::Attribute(attribute));
                return (self.off(line.rest), false);
            }
        }
        if let Some((end, block)) = self.comment_block(lp, pos, s) {
            items.push(BlockItem::Comment(block));
            return (end, false);
        }
        if let Some(end) = empty_lines(s) {
            items.push(BlockItem::Blank(span_to(end)));
            return (self.off(end), false);
        }
        let (_, line) = rest_of_line(s);
        let rest = line_with_terminator(s);
        let line_span = self.span(self.off(s), self.off(s) + line.len());
        let (code, message) = if too_deep {
            ("NESTING_TOO_DEEP", NESTING_TOO_DEEP)
        } else {
            match kind {
                BlockKind::Enum => (
                    "INVALID_ENUM_LINE",
                    "Error validating: This line is not an enum value definition.",
                ),
                BlockKind::Datasource => (
                    "INVALID_CONFIG_LINE",
                    "Error validating: This line is not a valid definition within a datasource.",
                ),
                BlockKind::Generator => (
                    "INVALID_CONFIG_LINE",
                    "Error validating: This line is not a valid definition within a generator.",
                ),
                _ => (
                    "INVALID_FIELD_LINE",
                    "Error validating: This line is not a valid field or attribute definition.",
                ),
            }
        };
        diags.push(error(code, message, line_span));
        items.push(BlockItem::Invalid(Invalid {
            span: span_to(rest),
        }));
        (self.off(rest), false)
    }

    /// The items just read, at their exact length. The scratch list itself is handed over and
    /// shrunk, which the allocator does in place when it shrinks by at most half; the next list
    /// starts at the power of two above this one's length, as a schema's blocks tend to be alike.
    /// So most lists are never copied (copying every list cost about 2.5% of the parse).
    /// Without `keep_tree`, the list is handed over as it is: it comes back as soon as the block is
    /// checked (`top_items`).
    fn exact_items(&mut self, mut items: Vec<BlockItem>) -> Vec<BlockItem> {
        if !self.keep_tree {
            return items;
        }
        self.block_items = Vec::with_capacity(items.len().next_power_of_two());
        items.shrink_to_fit();
        items
    }
}

fn missing_type_message(kind: BlockKind, name: &str) -> String {
    let what = match kind {
        BlockKind::View => "view",
        BlockKind::Type => "type",
        _ => "model",
    };
    format!(
        "Error validating {what} \"{name}\": This field declaration is invalid. It is either missing a name or a type."
    )
}

/// `BLOCK_OPEN = "{" {any but NL} NL`: returns the input after the newline.
fn block_open(i: &str) -> Option<&str> {
    let after = i.strip_prefix('{')?;
    let (rest, _) = rest_of_line(after);
    newline(rest)
}

/// `empty_lines = (WS* NL)+`, starting at a newline (the first `WS*` is already skipped).
fn empty_lines(s: &str) -> Option<&str> {
    let mut cur = newline(s)?;
    while let Some(r) = newline(ws0(cur)) {
        cur = r;
    }
    Some(cur)
}

/// `type ident "=" base_type {field_attribute}`: returns the end of the alias.
fn type_alias<'t>(lp: &mut LineParser<'t>, s: &'t str) -> Option<&'t str> {
    let after_kw = s.strip_prefix("type")?;
    lp.reset();
    let (r, _) = lp.ident(ws0(after_kw))?;
    let after_eq = ws0(r).strip_prefix('=')?;
    lp.field_line_type_and_attributes(ws0(after_eq))
}

impl<'t> LineParser<'t> {
    /// The `base_type {field_attribute}` tail of a type alias; returns the end.
    fn field_line_type_and_attributes(&mut self, i: &'t str) -> Option<&'t str> {
        let (mut rest, _) = self.base_type(i)?;
        loop {
            match self.attribute(ws0(rest), false) {
                Some((r, _)) => rest = r,
                None => return Some(rest),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(diags: &[Diagnostic], text: &str) -> Vec<String> {
        diags
            .iter()
            .map(|d| format!("{} {} `{}`", d.code, d.message, &text[d.span.range()]))
            .collect()
    }

    /// The name and value checks of a parse, next to the same checks run in full on every block
    /// of its tree: the parser may skip a walk only where the walk finds nothing.
    fn assert_skips_lose_nothing(text: &str) {
        let stretch = parse_stretch(FileId(0), text, 0, text.len(), true);
        let (mut name_diags, mut check_diags) = (Vec::new(), Vec::new());
        for item in &stretch.items {
            if let TopItem::Block(block) = item {
                names::check_block(block, true, &mut name_diags);
                checks::check_block(block, true, &mut check_diags);
            }
        }
        assert_eq!(
            report(&stretch.name_diags, text),
            report(&name_diags, text),
            "{text}"
        );
        assert_eq!(
            report(&stretch.check_diags, text),
            report(&check_diags, text),
            "{text}"
        );
    }

    /// Inserts `what` at every `every`-th place where `at` holds (a byte offset and the text).
    fn insert_at(text: &str, every: usize, what: &str, at: impl Fn(&str, usize) -> bool) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        let mut seen = 0;
        for (i, c) in text.char_indices() {
            if at(text, i) {
                seen += 1;
                if seen % every == 0 {
                    out.push_str(what);
                }
            }
            out.push(c);
        }
        out
    }

    /// Variants of a schema with what the skipped walks look for spread over it: dashes and
    /// leading digits in names, trailing commas, named arguments without a value (nested too),
    /// bad client names.
    fn variants(text: &str) -> Vec<String> {
        let word_start = |t: &str, i: usize| {
            t.as_bytes()[i].is_ascii_alphabetic()
                && (i == 0 || !t.as_bytes()[i - 1].is_ascii_alphanumeric())
        };
        let word_second = |t: &str, i: usize| i > 0 && word_start(t, i - 1);
        let byte_is = |b: u8| move |t: &str, i: usize| t.as_bytes()[i] == b;
        let mut out = vec![text.to_string()];
        for every in [3, 7] {
            out.push(insert_at(text, every, "-", word_second));
            out.push(insert_at(text, every, "7", word_start));
            out.push(insert_at(text, every, ",", byte_is(b')')));
            out.push(insert_at(text, every, "x:,", |t, i| {
                i > 0 && byte_is(b'(')(t, i - 1)
            }));
            out.push(text.replace("@@unique(", "@@unique(name: \"a-b\", "));
        }
        out
    }

    #[test]
    fn skipped_walks_find_nothing_on_the_corpus_and_its_variants() {
        for files in crate::corpus::corpus_files() {
            for text in variants(&files[0].1) {
                assert_skips_lose_nothing(&text);
            }
        }
    }

    fn diagnostics(text: &str) -> Vec<String> {
        let parsed = super::super::parse_str(text);
        report(&parsed.diagnostics, text)
    }

    #[test]
    fn a_dash_in_an_attribute_name_alone_is_reported() {
        let text = "model A {\n  id Int @id @at-tr\n}\n";
        assert_eq!(
            diagnostics(text),
            ["NAME_HAS_DASH Error validating: The character `-` is not allowed in Attribute names. `at-tr`"]
        );
    }

    #[test]
    fn leading_digits_in_enum_values_and_attributes_are_reported() {
        let text = "enum E {\n  A\n  1B @2x\n}\n";
        assert_eq!(
            diagnostics(text),
            [
                "NAME_STARTS_WITH_NUMBER Error validating: The name of a Enum Value must not start with a number. `1B`",
                "NAME_STARTS_WITH_NUMBER Error validating: The name of a Attribute must not start with a number. `2x`",
            ]
        );
    }

    #[test]
    fn a_bad_client_name_is_reported() {
        let text = "model A {\n  id Int @id\n  @@unique(name: \"a-b\", fields: [id])\n}\n";
        assert_eq!(
            diagnostics(text),
            ["INVALID_CLIENT_NAME Error validating model \"A\": The `name` property within the `@@unique` attribute only allows for the following characters: `_a-zA-Z0-9`. `@@unique(name: \"a-b\", fields: [id])`"]
        );
    }

    #[test]
    fn nested_empty_arguments_and_trailing_commas_are_reported() {
        let text = "model A {\n  id Int @id\n  @@index(fields: [f(x: [g(y:)])])\n  @@index([id(sort: Desc,)])\n}\n";
        assert_eq!(
            diagnostics(text),
            [
                "EMPTY_ARGUMENT Error parsing attribute \"@index\": The `y` argument is missing a value. `y:`",
                "TRAILING_COMMA Error parsing attribute \"@index\": Trailing commas are not valid in attribute arguments, please remove the comma. `,`",
            ]
        );
    }

    #[test]
    fn duplicate_fields_far_apart_are_reported() {
        let fields: String = (0..40).map(|i| format!("  f{i} Int\n")).collect();
        let text = format!("model A {{\n  id Int @id\n{fields}  f3 String\n}}\n");
        assert_eq!(
            diagnostics(&text),
            ["DUPLICATE_FIELD Field \"f3\" is already defined on model \"A\". `f3`"]
        );
    }

    /// The names of a `references` list whose target is no model are passed over, not read as
    /// those of the next list.
    #[test]
    fn references_after_a_relation_to_an_enum_are_their_own() {
        let text = "model A {\n  id Int @id\n  e E @relation(fields: [id], references: [a, b])\n  c C @relation(fields: [id], references: [nope])\n}\nenum E {\n  X\n}\nmodel C {\n  key Int @id\n}\n";
        assert_eq!(
            diagnostics(text),
            ["UNKNOWN_REFERENCES Error validating: The argument `references` must refer only to existing fields in the related model `C`. The following fields do not exist in the related model: nope `@relation(fields: [id], references: [nope])`"]
        );
    }

    #[test]
    fn references_are_looked_up_in_a_model_declared_later() {
        let text = "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id])\n  c C @relation(fields: [bId], references: [nope, key])\n}\nmodel B {\n  id Int @id\n}\nmodel C {\n  key Int @id\n}\n";
        assert_eq!(
            diagnostics(text),
            ["UNKNOWN_REFERENCES Error validating: The argument `references` must refer only to existing fields in the related model `C`. The following fields do not exist in the related model: nope `@relation(fields: [bId], references: [nope, key])`"]
        );
    }
}
