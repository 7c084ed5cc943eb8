//! Prisma's default constraint names (`ConstraintNames` in psl-core): built from database names and cut
//! to the provider's identifier limit, in bytes, on a UTF-8 character boundary.

use super::types::Provider;

/// `base + suffix`, with `base` cut so the whole name fits in `provider`'s identifier limit.
fn with_suffix(base: &str, suffix: &str, provider: Provider) -> String {
    let room = provider
        .max_identifier_length()
        .saturating_sub(suffix.len());
    format!("{}{suffix}", cut(base, room))
}

/// `text` cut to at most `max` bytes, moved back to a character boundary. Prisma cuts when the base is
/// `>= max`, which yields the same text as cutting only when it is longer.
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

pub fn primary_key_name(table: &str, provider: Provider) -> String {
    with_suffix(table, "_pkey", provider)
}

pub fn unique_index_name(table: &str, columns: &[&str], provider: Provider) -> String {
    with_suffix(&format!("{table}_{}", columns.join("_")), "_key", provider)
}

pub fn index_name(table: &str, columns: &[&str], provider: Provider) -> String {
    with_suffix(&format!("{table}_{}", columns.join("_")), "_idx", provider)
}

pub fn foreign_key_name(table: &str, columns: &[&str], provider: Provider) -> String {
    with_suffix(&format!("{table}_{}", columns.join("_")), "_fkey", provider)
}

/// `_RelationName`, cut to the identifier limit.
pub fn join_table_name(relation_name: &str, provider: Provider) -> String {
    cut(
        &format!("_{relation_name}"),
        provider.max_identifier_length(),
    )
    .to_string()
}

/// Whether an explicit `map:` fits the provider (Prisma rejects longer names).
pub fn fits(name: &str, provider: Provider) -> bool {
    name.len() <= provider.max_identifier_length()
}
