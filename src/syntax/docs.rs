//! Prisma's documentation attachment rules, applied to a parsed file.
//!
//! Only `///` and `/* */` text becomes documentation. A top-level comment block followed directly
//! (no blank line) by a block becomes pending; `model`, `view`, `type` and `enum` take the pending
//! text, `datasource` and `generator` do not, so a doc above them leaks onto the next model (as in
//! Prisma). Inside a block, a comment block becomes pending for the next field or enum value (it
//! leaks past `@@attributes`), and a trailing `///` or `/* */` on the line is appended after it.

use super::tree::*;

/// The documentation text of a comment block, `None` when it holds only `//` comments.
pub fn doc_text(block: &CommentBlock) -> Option<String> {
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
        let next_is_blank = matches!(items.get(index + 1), Some(TopItem::Blank(_)) | None);
        match &mut items[index] {
            TopItem::Comment(block) if !next_is_blank => pending = doc_text(block),
            TopItem::Block(block) => match block.kind {
                BlockKind::Datasource | BlockKind::Generator => {}
                _ => {
                    block.doc = pending.take();
                    attach_item_docs(&mut block.items);
                }
            },
            _ => {}
        }
    }
}

fn attach_item_docs(items: &mut [BlockItem]) {
    let mut pending: Option<String> = None;
    for item in items {
        match item {
            BlockItem::Comment(block) => pending = doc_text(block),
            BlockItem::Field(field) => field.doc = merge(pending.take(), &field.trailing_comment),
            BlockItem::EnumValue(value) => value.doc = merge(pending.take(), &value.trailing_comment),
            _ => {}
        }
    }
}

fn merge(above: Option<String>, trailing: &Option<Comment>) -> Option<String> {
    let trailing = trailing.as_ref().and_then(comment_doc);
    match (above, trailing) {
        (Some(a), Some(t)) => Some(format!("{a}\n{t}")),
        (a, t) => a.or(t.map(str::to_string)),
    }
}
