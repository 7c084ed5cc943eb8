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

use crate::diff::{SqlSchema, Step};
use crate::schema::Provider;

/// The statements of one step (without `;`).
fn render_step(step: &Step, prev: &SqlSchema, next: &SqlSchema, provider: Provider) -> Vec<String> {
    match provider {
        Provider::Sqlite => sqlite::render(step, prev, next),
        Provider::MySql => mysql::render(step, prev, next),
        Provider::CockroachDb => postgres::render(step, prev, next, true),
        _ => postgres::render(step, prev, next, false),
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

/// One `-- Header` and its statements (without `;`).
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub header: &'static str,
    pub statements: Vec<String>,
    pub online: Online,
}

/// The blocks of the steps, in step order (steps without statements have none).
pub(crate) fn step_blocks(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
) -> Vec<Block> {
    let existed = |t: &crate::diff::Table| {
        prev.tables
            .iter()
            .any(|p| p.name == t.name && p.namespace == t.namespace)
    };
    steps
        .iter()
        .filter_map(|step| {
            let statements = render_step(step, prev, next, provider);
            if statements.is_empty() {
                return None;
            }
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
            Some(Block {
                header: step.description(),
                statements,
                online,
            })
        })
        .collect()
}

/// Blocks laid out as Prisma does; no block at all is Prisma's empty-migration comment.
pub(crate) fn join_blocks(blocks: &[Block]) -> String {
    if blocks.is_empty() {
        return "-- This is an empty migration.\n".to_string();
    }
    let size: usize = blocks
        .iter()
        .map(|b| b.header.len() + 5 + b.statements.iter().map(|s| s.len() + 2).sum::<usize>())
        .sum();
    let mut out = String::with_capacity(size);
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("-- ");
        out.push_str(b.header);
        out.push('\n');
        for statement in &b.statements {
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
    join_blocks(&step_blocks(steps, prev, next, provider))
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

/// `text` between two `quote`s, each `quote` inside doubled.
fn push_quoted(out: &mut String, text: &str, quote: char) {
    out.push(quote);
    let mut rest = text;
    while let Some(at) = rest.find(quote) {
        out.push_str(&rest[..=at]);
        out.push(quote);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
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
