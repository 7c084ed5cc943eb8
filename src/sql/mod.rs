//! Stage 4: SQL text for migration steps, one renderer per dialect, laid out as Prisma lays out
//! `migration.sql` (`-- Step` headers, `;\n` after each statement, a blank line between steps).

mod backfill;
mod folder;
mod migration;
mod modes;
mod mysql;
mod postgres;
mod renames;
mod sqlite;

pub use folder::{
    lock_file_contents, timestamp_from_unix, write_migration_folder, MigrationFolder,
    WriteFolderOptions,
};
pub use migration::{
    generate_migration, with_warnings_header, Migration, MigrationOptions, SchemaInput,
};
pub use modes::{MigrationMode, MigrationPart};
pub use postgres::column_type as postgres_column_type;

use rustc_hash::FxHashSet;
use std::ops::Range;

use crate::diff::{SqlSchema, Step};
use crate::schema::Provider;

/// A migration's statements (without `;`), written one after the other into one buffer: a
/// migration can have thousands, and a `String` each costs more than writing them. The buffer is
/// laid out as the script (`block` writes each block's `-- Header`, `;\n` follows each statement,
/// a blank line parts blocks), so a script of the blocks as they were written is the buffer
/// itself, not a second copy of it (1.1 MB for 1,000 models).
#[derive(Debug, Default)]
pub(crate) struct Statements {
    text: String,
    /// Where each statement is in `text`, without its `;\n`.
    spans: Vec<Range<usize>>,
    /// The blocks `text` holds, in order: header and statements.
    blocks: Vec<(&'static str, Range<usize>)>,
    /// A block is being written.
    open: bool,
    /// A statement was written outside a block, or a block inside another: `text` is no script.
    loose: bool,
}

impl Statements {
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// One statement, written by `write`.
    pub(crate) fn statement(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.spans.push(start..self.text.len());
        self.text.push_str(";\n");
        self.loose |= !self.open;
    }

    pub(crate) fn push(&mut self, statement: &str) {
        self.statement(|s| s.push_str(statement));
    }

    pub(crate) fn extend(&mut self, statements: impl IntoIterator<Item = String>) {
        for statement in statements {
            self.push(&statement);
        }
    }

    pub(crate) fn get(&self, i: usize) -> &str {
        &self.text[self.spans[i].clone()]
    }

    /// The statements of a block.
    pub(crate) fn of<'s>(&'s self, block: &Block) -> impl Iterator<Item = &'s str> + 's {
        block.statements.clone().map(move |i| self.get(i))
    }

    /// The script of `blocks`: the buffer itself when they are the blocks it holds, in order.
    pub(crate) fn into_script(self, blocks: &[Block]) -> String {
        let written = blocks.len() == self.blocks.len()
            && (blocks.iter().zip(&self.blocks))
                .all(|(b, (header, range))| b.header == *header && b.statements == *range);
        match !blocks.is_empty() && written && !self.loose {
            true => self.text,
            false => join_blocks(&self, blocks),
        }
    }
}

/// Writes the statements of one step.
fn render_step(
    step: &Step,
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
    out: &mut Statements,
) {
    match provider {
        Provider::Sqlite => out.extend(sqlite::render(step, prev, next)),
        Provider::MySql => out.extend(mysql::render(step, prev, next)),
        Provider::CockroachDb => postgres::render(step, prev, next, true, out),
        _ => postgres::render(step, prev, next, false, out),
    }
}

/// Where a block goes in `online` mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Online {
    /// With the rest, under the `lock_timeout` header.
    InPlace,
    /// An index on a table that already exists: `CONCURRENTLY`, in a migration of its own.
    ConcurrentIndex,
    /// A foreign key on a table that already exists: added `NOT VALID`, validated afterwards.
    ExistingForeignKey,
    /// Runs after everything else (constraint validation).
    Validate,
}

/// One `-- Header` and its statements (positions in the migration's `Statements`).
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub header: &'static str,
    pub statements: Range<usize>,
    pub online: Online,
}

/// The block of the statements written by `write` (`None` when it writes none), under its header.
pub(crate) fn block(
    header: &'static str,
    online: Online,
    out: &mut Statements,
    write: impl FnOnce(&mut Statements),
) -> Option<Block> {
    let (mark, start, nested) = (out.text.len(), out.len(), out.open);
    if !out.blocks.is_empty() {
        out.text.push('\n');
    }
    out.text.push_str("-- ");
    out.text.push_str(header);
    out.text.push('\n');
    out.open = true;
    write(out);
    out.open = nested;
    if out.len() == start {
        out.text.truncate(mark);
        return None;
    }
    match nested {
        true => out.loose = true,
        false => out.blocks.push((header, start..out.len())),
    }
    Some(Block {
        header,
        statements: start..out.len(),
        online,
    })
}

/// The blocks of the steps, in step order (steps without statements have none).
pub(crate) fn step_blocks(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
    out: &mut Statements,
) -> Vec<Block> {
    // The previous tables by name, built on the first new foreign key: a scan per key would make a
    // schema-to-schema diff quadratic in the number of tables.
    let mut previous: Option<FxHashSet<(Option<&str>, &str)>> = None;
    let mut existed = |t: &crate::diff::Table| {
        previous
            .get_or_insert_with(|| {
                prev.tables
                    .iter()
                    .map(|p| (p.namespace.as_deref(), p.name.as_str()))
                    .collect()
            })
            .contains(&(t.namespace.as_deref(), t.name.as_str()))
    };
    out.text.reserve(256 * steps.len());
    out.spans.reserve(steps.len());
    out.blocks.reserve(steps.len());
    let mut blocks = Vec::with_capacity(steps.len());
    for step in steps {
        let online = match step {
            Step::CreateIndex {
                prev_table: Some(_),
                ..
            } => Online::ConcurrentIndex,
            Step::AddForeignKey { table, .. } if existed(&next.tables[*table]) => {
                Online::ExistingForeignKey
            }
            _ => Online::InPlace,
        };
        blocks.extend(block(step.description(), online, out, |out| {
            render_step(step, prev, next, provider, out)
        }));
    }
    blocks
}

/// Blocks laid out as Prisma does; no block at all is Prisma's empty-migration comment.
pub(crate) fn join_blocks(statements: &Statements, blocks: &[Block]) -> String {
    if blocks.is_empty() {
        return "-- This is an empty migration.\n".to_string();
    }
    let size: usize = blocks
        .iter()
        .map(|b| {
            let statements = b.statements.clone().map(|i| statements.spans[i].len() + 2);
            b.header.len() + 5 + statements.sum::<usize>()
        })
        .sum();
    let mut out = String::with_capacity(size);
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("-- ");
        out.push_str(b.header);
        out.push('\n');
        for statement in statements.of(b) {
            out.push_str(statement);
            out.push_str(";\n");
        }
    }
    out
}

/// The whole script, byte for byte as `prisma migrate diff --script` writes it.
pub fn render_script(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
) -> String {
    let mut statements = Statements::default();
    let blocks = step_blocks(steps, prev, next, provider, &mut statements);
    statements.into_script(&blocks)
}

/// A name quoted for `provider`: `` `…` `` with `` ` `` doubled on MySQL, `"…"` with `"` doubled
/// elsewhere (a name from `@map`/`@@map`/`map:` can hold any character; `tests/sql_identifiers.rs`).
fn quote_ident(name: &str, provider: Provider) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    let quote = match provider {
        Provider::MySql => '`',
        _ => '"',
    };
    push_quoted(&mut out, name, quote);
    out
}

/// `text` between two `quote`s (ASCII), each `quote` inside doubled. Inlined, so that `quote` is a
/// constant: it is called once per name (38,000 times rendering 1,000 models, ~97 instructions a
/// call when it was a call of its own), and rendering 1,000 models took 9.47 -> 9.16 M
/// instructions.
#[inline(always)]
fn push_quoted(out: &mut String, text: &str, quote: char) {
    debug_assert!(quote.is_ascii());
    if holds_byte(text.as_bytes(), quote as u8) {
        return push_quoted_doubling(out, text, quote);
    }
    out.reserve(text.len() + 2);
    out.push(quote);
    out.push_str(text);
    out.push(quote);
}

/// Whether `bytes` holds `byte`, eight bytes at a time: names are short, and `contains` looks at
/// them one by one (a fifth of rendering a 1,000-model schema went to quoting names).
#[inline]
fn holds_byte(bytes: &[u8], byte: u8) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    let found = words.by_ref().any(|word| {
        let x = u64::from_ne_bytes(word.try_into().unwrap_or_default()) ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    });
    found || words.remainder().contains(&byte)
}

#[cold]
fn push_quoted_doubling(out: &mut String, text: &str, quote: char) {
    out.push(quote);
    for part in text.split_inclusive(quote) {
        out.push_str(part);
        if part.ends_with(quote) {
            out.push(quote);
        }
    }
    out.push(quote);
}

/// `items` written one after the other by `each`, `separator` between them.
fn join<T>(out: &mut String, items: &[T], separator: &str, mut each: impl FnMut(&mut String, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        each(out, item);
    }
}

fn action(a: crate::schema::ReferentialAction) -> &'static str {
    use crate::schema::ReferentialAction::*;
    match a {
        Cascade => "CASCADE",
        Restrict => "RESTRICT",
        NoAction => "NO ACTION",
        SetNull => "SET NULL",
        SetDefault => "SET DEFAULT",
    }
}

fn sort_suffix(sort: Option<crate::schema::SortOrder>) -> &'static str {
    match sort {
        Some(crate::schema::SortOrder::Asc) => " ASC",
        Some(crate::schema::SortOrder::Desc) => " DESC",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::holds_byte;

    #[test]
    fn holds_byte_finds_the_byte_at_every_place_and_length() {
        for len in 0..20 {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'"';
                assert!(holds_byte(&bytes, b'"'), "{len} bytes, quote at {at}");
                // The bytes on either side of `"` in ASCII, and a high byte, are no quote.
                bytes[at] = [b'!', b'#', 0xA2][at % 3];
                assert!(!holds_byte(&bytes, b'"'), "{len} bytes, none");
            }
        }
    }
}
