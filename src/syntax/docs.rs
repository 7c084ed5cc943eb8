//! Prisma's documentation attachment rules, applied to a parsed file.
//!
//! Only `///` and `/* */` text becomes documentation. A top-level comment block directly followed
//! by a block (no blank line, nothing else) becomes pending; `model`, `view`, `type` and `enum` take
//! the pending text, `datasource` and `generator` do not, so a doc above them leaks onto the next
//! model (as in Prisma). Inside a block ([`ItemDocs`]), a comment block becomes pending for the next
//! field declaration or enum value (it leaks past `@@attributes`; a rejected field declaration
//! still consumes it), and a trailing `///` or `/* */` on the line is appended after it.

use super::tree::*;

/// The documentation text of a comment block, `None` when it holds only `//` comments.
pub fn doc_text(block: &CommentBlock) -> Option<String> {
    if let [comment] = block.comments.as_slice() {
        return comment_doc(comment).map(str::to_string);
    }
    let lines: Vec<&str> = block.comments.iter().filter_map(comment_doc).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn comment_doc(comment: &Comment) -> Option<&str> {
    match comment.kind {
        CommentKind::Line => None,
        CommentKind::Doc | CommentKind::Block => Some(comment.text.trim()),
    }
}

pub fn attach_docs(items: &mut [TopItem]) {
    let mut pending: Option<String> = None;
    for index in 0..items.len() {
        let next_is_block = matches!(items.get(index + 1), Some(TopItem::Block(_)));
        match &mut items[index] {
            TopItem::Comment(block) if next_is_block => pending = doc_text(block),
            TopItem::Block(block) => match block.kind {
                BlockKind::Datasource | BlockKind::Generator => {}
                _ => block.doc = pending.take(),
            },
            _ => {}
        }
    }
}

/// The pending documentation while the items of one block are parsed.
#[derive(Default)]
pub struct ItemDocs {
    pending: Option<String>,
}

impl ItemDocs {
    pub fn comment(&mut self, block: &CommentBlock) {
        self.pending = doc_text(block);
    }

    /// A field declaration or enum value consumes the pending text; returns its documentation.
    /// Inlined, so that the usual case (nothing pending, no trailing comment: every field of the
    /// 1,000-model schema) costs a test instead of a call (forced: the block parser it is called
    /// from is too big for `#[inline]` to be taken, and the call cost ~0.7% of the parse).
    #[inline(always)]
    pub fn take(&mut self, trailing: Option<&Comment>) -> Option<String> {
        if self.pending.is_none() && trailing.is_none() {
            return None;
        }
        self.take_slow(trailing)
    }

    fn take_slow(&mut self, trailing: Option<&Comment>) -> Option<String> {
        let above = self.pending.take();
        match (above, trailing.and_then(comment_doc)) {
            (Some(a), Some(t)) => Some(format!("{a}\n{t}")),
            (a, t) => a.or(t.map(str::to_string)),
        }
    }
}
