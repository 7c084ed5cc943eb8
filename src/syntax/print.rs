//! Printing a tree back to text, and byte offset → 1-based line/column.

use super::span::Span;
use super::tree::*;

impl SchemaFile {
    /// Rebuilds the text by walking the item tiling (not by returning `text`), so a gap or an
    /// overlap between items shows up as a difference from the input.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for item in &self.items {
            match item {
                TopItem::Block(block) => self.print_block(block, &mut out),
                other => out.push_str(self.slice(other.span())),
            }
        }
        out
    }

    fn print_block(&self, block: &Block, out: &mut String) {
        out.push_str(&self.text[block.span.start as usize..block.open.end as usize]);
        for item in &block.items {
            out.push_str(self.slice(item.span()));
        }
        out.push_str(&self.text[block.close.start as usize..block.span.end as usize]);
    }

    /// The source text under `span` (empty if the span does not fit this file).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// 1-based line and column (in chars) of a byte offset; LF, CRLF and a lone CR end lines.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        LineIndex::new(&self.text).line_col(&self.text, offset)
    }

    /// A reusable index for many `line_col` lookups in this file.
    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.text)
    }
}

/// Byte offsets of line starts, for O(log n) line/column lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (at, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(at + 1);
            }
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        (line as u32 + 1, column as u32)
    }
}

pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
