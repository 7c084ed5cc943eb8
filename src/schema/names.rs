//! Prisma's default constraint names (`ConstraintNames` in psl-core): built from database names and cut
//! to the provider's identifier limit, in bytes, on a UTF-8 character boundary.

use compact_str::CompactString;

use super::types::Provider;

/// `{table}_{c1}_{c2}…` cut so that `suffix` fits in `provider`'s identifier limit, then `suffix`:
/// written into a `String` (sized for PostgreSQL's limit), which becomes the `CompactString`
/// (inline when it fits 24 bytes, else the same buffer). Every model asks for several of these;
/// sizing a `CompactString` up front walked the columns twice (two lookups each), and its
/// `push_str` costs ~80 instructions a piece: resolving 1,000 models (6,100 names) took 22.7 ->
/// 20.6 M instructions.
pub(crate) fn constraint_name<'c>(
    table: &str,
    columns: impl Iterator<Item = &'c str>,
    suffix: &str,
    provider: Provider,
) -> CompactString {
    let mut name = String::with_capacity(64);
    name.push_str(table);
    for column in columns {
        name.push('_');
        name.push_str(column);
    }
    let room = provider
        .max_identifier_length()
        .saturating_sub(suffix.len());
    name.truncate(cut(&name, room).len());
    name.push_str(suffix);
    CompactString::from(name)
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

pub fn primary_key_name(table: &str, provider: Provider) -> CompactString {
    constraint_name(table, std::iter::empty(), "_pkey", provider)
}

pub fn unique_index_name(table: &str, columns: &[&str], provider: Provider) -> CompactString {
    constraint_name(table, columns.iter().copied(), "_key", provider)
}

pub fn index_name(table: &str, columns: &[&str], provider: Provider) -> CompactString {
    constraint_name(table, columns.iter().copied(), "_idx", provider)
}

pub fn foreign_key_name(table: &str, columns: &[&str], provider: Provider) -> CompactString {
    constraint_name(table, columns.iter().copied(), "_fkey", provider)
}

/// `_RelationName`, cut to the identifier limit.
pub fn join_table_name(relation_name: &str, provider: Provider) -> CompactString {
    constraint_name("", std::iter::once(relation_name), "", provider)
}

/// Whether an explicit `map:` fits the provider (Prisma rejects longer names).
pub fn fits(name: &str, provider: Provider) -> bool {
    name.len() <= provider.max_identifier_length()
}
