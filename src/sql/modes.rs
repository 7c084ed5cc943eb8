//! How the blocks of a migration are laid out into files: as Prisma writes them (`default`), every
//! statement guarded so a second run is a no-op (`idempotent`), or split so nothing holds a long lock
//! (`online`, PostgreSQL and CockroachDB).

use super::{block, join_blocks, Block, Online, Statements};
use crate::error::{CoreError, CoreResult};
use crate::schema::Provider;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MigrationMode {
    #[default]
    Default,
    Idempotent,
    Online,
}

impl MigrationMode {
    pub fn parse(mode: &str) -> CoreResult<Self> {
        match mode {
            "default" => Ok(MigrationMode::Default),
            "idempotent" => Ok(MigrationMode::Idempotent),
            "online" => Ok(MigrationMode::Online),
            other => Err(CoreError::new(
                "INVALID_ARGUMENT",
                format!("Unknown mode `{other}`: expected default, idempotent or online."),
            )),
        }
    }
}

/// One migration file: `suffix` goes after the migration name (`''` for the main one).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MigrationPart {
    pub suffix: String,
    pub sql: String,
}

pub(crate) fn joined(parts: &[MigrationPart]) -> String {
    parts
        .iter()
        .map(|p| p.sql.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn lay_out(
    statements: Statements,
    blocks: &[Block],
    provider: Provider,
    mode: MigrationMode,
) -> CoreResult<Vec<MigrationPart>> {
    let main = |sql: String| MigrationPart {
        suffix: String::new(),
        sql,
    };
    match mode {
        MigrationMode::Default => Ok(vec![main(statements.into_script(blocks))]),
        MigrationMode::Idempotent => {
            let mut guarded = Statements::default();
            let mut guarded_blocks = Vec::new();
            for b in blocks {
                let mut written = Ok(());
                guarded_blocks.extend(block(b.header, b.online, &mut guarded, |out| {
                    for s in statements.of(b) {
                        match idempotent(s, provider) {
                            Ok(each) => out.extend(each),
                            Err(e) => {
                                written = Err(e);
                                return;
                            }
                        }
                    }
                }));
                written?;
            }
            Ok(vec![main(guarded.into_script(&guarded_blocks))])
        }
        MigrationMode::Online => online(&statements, blocks, provider),
    }
}

fn unsupported_mode(message: String) -> CoreError {
    CoreError::new("UNSUPPORTED_MODE", message)
}

/// PostgreSQL's `DO` block that runs `statement` and ignores the listed conditions.
fn ignoring(statement: &str, conditions: &str) -> String {
    format!("DO $$ BEGIN\n    {statement};\nEXCEPTION WHEN {conditions} THEN NULL;\nEND $$")
}

/// `prefix` followed by `words` at the start of `s`, with `insert` placed after `prefix`.
fn insert_after(s: &str, prefix: &str, insert: &str) -> Option<String> {
    s.strip_prefix(prefix)
        .map(|rest| format!("{prefix}{insert}{rest}"))
}

fn idempotent(statement: &str, provider: Provider) -> CoreResult<Vec<String>> {
    match provider {
        Provider::Sqlite => sqlite_idempotent(statement).map(|s| vec![s]),
        Provider::MySql => Ok(vec![mysql_idempotent(statement)]),
        _ => Ok(postgres_idempotent(statement)),
    }
}

/// Guards shared by the three dialects: `CREATE TABLE/INDEX IF NOT EXISTS`, `DROP … IF EXISTS`.
fn common_guard(s: &str) -> Option<String> {
    for (prefix, insert) in [
        ("CREATE TABLE ", "IF NOT EXISTS "),
        ("CREATE UNIQUE INDEX ", "IF NOT EXISTS "),
        ("CREATE FULLTEXT INDEX ", "IF NOT EXISTS "),
        ("CREATE INDEX ", "IF NOT EXISTS "),
        ("DROP TABLE ", "IF EXISTS "),
        ("DROP INDEX ", "IF EXISTS "),
    ] {
        if let Some(out) = insert_after(s, prefix, insert) {
            return Some(out);
        }
    }
    None
}

fn postgres_idempotent(s: &str) -> Vec<String> {
    if let Some(out) = common_guard(s) {
        return vec![out];
    }
    for (prefix, insert) in [
        ("CREATE SEQUENCE ", "IF NOT EXISTS "),
        ("DROP TYPE ", "IF EXISTS "),
        ("DROP SEQUENCE ", "IF EXISTS "),
        ("ALTER INDEX ", "IF EXISTS "),
    ] {
        if let Some(out) = insert_after(s, prefix, insert) {
            return vec![out];
        }
    }
    if s.starts_with("CREATE TYPE ") {
        return vec![ignoring(s, "duplicate_object")];
    }
    // A backfill may read a column or table that the first run dropped; the check that follows
    // still refuses NULLs left behind.
    if s.starts_with("UPDATE ") {
        return vec![ignoring(s, "undefined_column OR undefined_table")];
    }
    // A comment may precede it (several values added in one migration).
    if s.contains("ALTER TYPE ") && s.contains(" ADD VALUE '") {
        return vec![s.replacen(" ADD VALUE '", " ADD VALUE IF NOT EXISTS '", 1)];
    }
    let Some(rest) = s.strip_prefix("ALTER TABLE ") else {
        return vec![s.to_string()];
    };
    // `ALTER TABLE t clause,\nclause…`: each clause on its own, guarded.
    let Some((table, clauses)) = split_table(rest) else {
        return vec![s.to_string()];
    };
    clauses
        .split(",\n")
        .map(|clause| {
            let full = |c: &str| format!("ALTER TABLE {table} {c}");
            if let Some(c) = insert_after(clause, "ADD COLUMN ", "IF NOT EXISTS ") {
                full(&c)
            } else if let Some(c) = insert_after(clause, "DROP COLUMN ", "IF EXISTS ")
                .or_else(|| insert_after(clause, "DROP CONSTRAINT ", "IF EXISTS "))
            {
                // The table itself may be gone after the first run (its key dropped before it).
                format!("ALTER TABLE IF EXISTS {table} {c}")
            } else if clause.starts_with("ADD CONSTRAINT ") {
                // A key or check that exists already; a primary key that exists already.
                ignoring(
                    &full(clause),
                    "duplicate_object OR duplicate_table OR invalid_table_definition",
                )
            } else if clause.starts_with("RENAME COLUMN ") {
                // The second time, the column (or the table, renamed next) has its new name.
                ignoring(&full(clause), "undefined_column OR undefined_table")
            } else if clause.starts_with("RENAME CONSTRAINT ")
                || clause.starts_with("VALIDATE CONSTRAINT ")
            {
                ignoring(&full(clause), "undefined_object")
            } else if clause.starts_with("RENAME TO ") {
                format!("ALTER TABLE IF EXISTS {table} {clause}")
            } else {
                full(clause)
            }
        })
        .collect()
}

/// `"ns"."t" rest` / `"t" rest` / `` `t` rest `` → (table, rest).
fn split_table(rest: &str) -> Option<(&str, &str)> {
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '`')?;
    let mut end = 0;
    loop {
        end = rest[end + 1..].find(quote)? + end + 2;
        let qualified = rest[end..].starts_with('.') && rest[end + 1..].starts_with(quote);
        if !qualified {
            break;
        }
        end += 1;
    }
    let (table, tail) = rest.split_at(end);
    Some((table, tail.strip_prefix(' ')?))
}

/// SQLite guards creating and dropping tables and indexes only: it has no `IF NOT EXISTS` for
/// `ADD COLUMN` or `RENAME`, and a table rebuild run a second time would copy only the columns the
/// first run started from.
fn sqlite_idempotent(s: &str) -> CoreResult<String> {
    if let Some(out) = common_guard(s) {
        return Ok(out);
    }
    if s.starts_with("PRAGMA ") {
        return Ok(s.to_string());
    }
    Err(unsupported_mode(format!(
        "SQLite cannot guard `{}` so that a second run is a no-op (no `IF NOT EXISTS` for `ADD COLUMN`/`RENAME`, and a table rebuild is not repeatable): use the default mode for this migration (Prisma records which migrations ran).",
        s.lines().next().unwrap_or(s)
    )))
}

/// MariaDB 10.5+'s guards (MySQL 8 has none of them).
fn mysql_idempotent(s: &str) -> String {
    if let Some(out) = common_guard(s) {
        return out;
    }
    let Some((table, clauses)) = s.strip_prefix("ALTER TABLE ").and_then(split_table) else {
        return s.to_string();
    };
    let mut guarded = clauses
        .split(",\n    ")
        .map(|clause| {
            if let Some(c) = insert_after(clause, "ADD COLUMN ", "IF NOT EXISTS ")
                .or_else(|| insert_after(clause, "DROP COLUMN ", "IF EXISTS "))
                .or_else(|| insert_after(clause, "DROP FOREIGN KEY ", "IF EXISTS "))
            {
                return c;
            }
            if clause.starts_with("ADD CONSTRAINT ") && clause.contains(" FOREIGN KEY (") {
                return clause.replacen(" FOREIGN KEY (", " FOREIGN KEY IF NOT EXISTS (", 1);
            }
            if let Some(c) = insert_after(clause, "RENAME COLUMN ", "IF EXISTS ")
                .or_else(|| insert_after(clause, "RENAME INDEX ", "IF EXISTS "))
            {
                return c;
            }
            clause.to_string()
        })
        .collect::<Vec<_>>();
    // A key added to a table that had none: the second run replaces it (MariaDB names it `PRIMARY`).
    let adds_key = guarded.iter().any(|c| c.starts_with("ADD PRIMARY KEY "));
    if adds_key && !guarded.iter().any(|c| c == "DROP PRIMARY KEY") {
        guarded.insert(0, "DROP INDEX IF EXISTS `PRIMARY`".to_string());
    }
    // Renames and drops only: the table may be gone (or renamed) after the first run.
    let only_leaving = guarded
        .iter()
        .all(|c| c.starts_with("RENAME ") || c.starts_with("DROP "));
    let guard = if only_leaving { "IF EXISTS " } else { "" };
    format!("ALTER TABLE {guard}{table} {}", guarded.join(",\n    "))
}

const LOCK_TIMEOUT: &str = "SET lock_timeout = '5s'";

/// `online`: the main migration under a `lock_timeout` (a statement waiting longer for its lock
/// fails instead of queueing every query behind it), each index on an existing table built
/// `CONCURRENTLY` in a migration of its own (it cannot run in a transaction, and Prisma runs a
/// file's statements as one), foreign keys on existing tables added `NOT VALID` and validated
/// (with the backfills' checks) in a last migration.
fn online(
    statements: &Statements,
    blocks: &[Block],
    provider: Provider,
) -> CoreResult<Vec<MigrationPart>> {
    if !provider.is_postgres_like() {
        return Err(unsupported_mode(format!(
            "The `online` mode is for PostgreSQL and CockroachDB, not `{}`.",
            provider.as_str()
        )));
    }
    let mut out = Statements::default();
    let header = |out: &mut Statements| {
        block("LockTimeout", Online::InPlace, out, |out| {
            out.push(LOCK_TIMEOUT)
        })
    };
    let mut main = Vec::new();
    let mut indexes = Vec::new();
    let mut validate = Vec::new();
    for b in blocks {
        match b.online {
            Online::InPlace => main.extend(block(b.header, b.online, &mut out, |out| {
                statements.of(b).for_each(|s| out.push(s))
            })),
            Online::ConcurrentIndex => {
                for s in statements.of(b) {
                    let concurrent = s
                        .replacen(
                            "CREATE UNIQUE INDEX ",
                            "CREATE UNIQUE INDEX CONCURRENTLY ",
                            1,
                        )
                        .replacen("CREATE INDEX ", "CREATE INDEX CONCURRENTLY ", 1);
                    indexes.extend(block(b.header, b.online, &mut out, |out| {
                        out.push(&concurrent)
                    }));
                }
            }
            Online::ExistingForeignKey => {
                main.extend(block(b.header, b.online, &mut out, |out| {
                    for s in statements.of(b) {
                        out.push(&format!("{s} NOT VALID"));
                        if let Some((table, name)) = constraint_of(s) {
                            validate
                                .push(format!("ALTER TABLE {table} VALIDATE CONSTRAINT {name}"));
                        }
                    }
                }));
            }
            Online::Validate => validate.extend(statements.of(b).map(str::to_string)),
        }
    }
    let mut parts = Vec::new();
    if !main.is_empty() || (indexes.is_empty() && validate.is_empty()) {
        let blocks: Vec<Block> = header(&mut out).into_iter().chain(main).collect();
        parts.push(MigrationPart {
            suffix: String::new(),
            sql: join_blocks(&out, &blocks),
        });
    }
    for (i, index) in indexes.into_iter().enumerate() {
        parts.push(MigrationPart {
            suffix: format!("_index_{}", i + 1),
            sql: join_blocks(&out, &[index]),
        });
    }
    if !validate.is_empty() {
        let blocks: Vec<Block> = header(&mut out)
            .into_iter()
            .chain(block(
                "ValidateConstraint",
                Online::Validate,
                &mut out,
                |out| out.extend(validate),
            ))
            .collect();
        parts.push(MigrationPart {
            suffix: "_validate".to_string(),
            sql: join_blocks(&out, &blocks),
        });
    }
    Ok(parts)
}

/// `ALTER TABLE t ADD CONSTRAINT "name" …` → (t, "name").
fn constraint_of(s: &str) -> Option<(&str, &str)> {
    let (table, rest) = split_table(s.strip_prefix("ALTER TABLE ")?)?;
    let rest = rest.strip_prefix("ADD CONSTRAINT ")?;
    let (name, _) = split_table(rest)?;
    Some((table, name))
}
