//! Stage 4: SQL text for migration steps, one renderer per dialect, laid out as Prisma lays out
//! `migration.sql` (`-- Step` headers, `;\n` after each statement, a blank line between steps).

mod folder;
mod migration;
mod mysql;
mod postgres;
mod sqlite;

pub use folder::{
    lock_file_contents, timestamp_from_unix, write_migration_folder, MigrationFolder,
    WriteFolderOptions,
};
pub use migration::{
    generate_migration, with_warnings_header, Migration, MigrationOptions, SchemaInput,
};
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

/// The whole script, byte for byte as `prisma migrate diff --script` writes it.
pub fn render_script(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
) -> String {
    let blocks: Vec<String> = steps
        .iter()
        .filter_map(|step| {
            let statements = render_step(step, prev, next, provider);
            if statements.is_empty() {
                return None;
            }
            let mut block = format!("-- {}\n", step.description());
            for statement in statements {
                block.push_str(&statement);
                block.push_str(";\n");
            }
            Some(block)
        })
        .collect();
    if blocks.is_empty() {
        return "-- This is an empty migration.\n".to_string();
    }
    blocks.join("\n")
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
