//! Attribute texts rewritten in place, argument by argument, so what the user wrote around them stays.

use crate::syntax::tree::{self, Block, BlockItem};

/// The field's `@relation(…)` text with `onDelete` set to `action`: an existing `onDelete:` argument
/// is replaced, otherwise one is appended after the last argument.
pub fn relation_with_on_delete(text: &str, field: &tree::Field, action: &str) -> Option<String> {
    let attr = field
        .attributes
        .iter()
        .find(|a| a.name.name == "relation")?;
    let start = attr.span.start as usize;
    let original = &text[attr.span.range()];
    let relative = |at: u32| at as usize - start;
    let list = attr.arguments.as_ref()?;
    if let Some(arg) = list
        .arguments
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == "onDelete"))
    {
        let (s, e) = (relative(arg.span.start), relative(arg.span.end));
        return Some(format!(
            "{}onDelete: {action}{}",
            &original[..s],
            &original[e..]
        ));
    }
    let close = relative(list.span.end) - 1;
    let insert_at = list
        .arguments
        .last()
        .map(|a| relative(a.span.end))
        .unwrap_or(close);
    let separator = if list.arguments.is_empty() { "" } else { ", " };
    Some(format!(
        "{}{separator}onDelete: {action}{}",
        &original[..insert_at],
        &original[insert_at..]
    ))
}

/// The `@@unique` on exactly `fields` as written, and the same without its `name:` argument.
pub fn unique_without_name(text: &str, block: &Block, fields: &[&str]) -> Option<(String, String)> {
    block.items.iter().find_map(|item| {
        let BlockItem::Attribute(a) = item else {
            return None;
        };
        let attribute = &a.attribute;
        let list = attribute
            .arguments
            .as_ref()
            .filter(|_| attribute.name.name == "unique")?;
        let first = list.arguments.iter().find(|arg| {
            arg.name.is_none() || arg.name.as_ref().is_some_and(|n| n.name == "fields")
        })?;
        let names: Vec<&str> = match &first.value {
            Some(tree::Expr::Array { items, .. }) => items
                .iter()
                .filter_map(|e| match e {
                    tree::Expr::Constant { name, .. } => Some(name.as_str()),
                    tree::Expr::Function(call) => Some(call.name.name.as_str()),
                    _ => None,
                })
                .collect(),
            _ => return None,
        };
        if names != fields {
            return None;
        }
        let kept: Vec<&str> = list
            .arguments
            .iter()
            .filter(|arg| arg.name.as_ref().is_none_or(|n| n.name != "name"))
            .map(|arg| &text[arg.span.range()])
            .collect();
        Some((
            text[attribute.span.range()].to_string(),
            format!("@@unique({})", kept.join(", ")),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_str;
    use crate::syntax::tree::TopItem;

    fn model(text: &str) -> (crate::syntax::tree::SchemaFile, usize) {
        let parsed = parse_str(text);
        let file = parsed.files.into_iter().next().unwrap();
        let index = file
            .items
            .iter()
            .position(|i| matches!(i, TopItem::Block(b) if b.name.name == "A"))
            .unwrap();
        (file, index)
    }

    fn block(file: &crate::syntax::tree::SchemaFile, index: usize) -> &Block {
        match &file.items[index] {
            TopItem::Block(b) => b,
            _ => unreachable!(),
        }
    }

    fn field<'a>(block: &'a Block, name: &str) -> &'a tree::Field {
        block
            .items
            .iter()
            .find_map(|i| match i {
                BlockItem::Field(f) if f.name.name == name => Some(f),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn on_delete_is_replaced_or_appended_and_the_rest_kept() {
        let text = "model A {\n  id String @id\n  b  B @relation(\"x\",  fields: [bId], references: [id], onDelete: SetNull, map: \"fk\")\n  c  C @relation(fields: [cId], references: [id])\n  bId String\n  cId String\n}\n";
        let (file, i) = model(text);
        let a = block(&file, i);
        assert_eq!(
            relation_with_on_delete(&file.text, field(a, "b"), "Cascade").unwrap(),
            "@relation(\"x\",  fields: [bId], references: [id], onDelete: Cascade, map: \"fk\")"
        );
        assert_eq!(
            relation_with_on_delete(&file.text, field(a, "c"), "Cascade").unwrap(),
            "@relation(fields: [cId], references: [id], onDelete: Cascade)"
        );
    }

    #[test]
    fn the_unique_name_is_dropped_and_map_kept() {
        let text = "model A {\n  a String\n  b String\n\n  @@unique([a, b], name: \"byAB\", map: \"a_b_key\")\n}\n";
        let (file, i) = model(text);
        let (old, new) = unique_without_name(&file.text, block(&file, i), &["a", "b"]).unwrap();
        assert_eq!(old, "@@unique([a, b], name: \"byAB\", map: \"a_b_key\")");
        assert_eq!(new, "@@unique([a, b], map: \"a_b_key\")");
        assert!(unique_without_name(&file.text, block(&file, i), &["b", "a"]).is_none());
    }
}
