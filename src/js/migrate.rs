//! `generateMigration()`: JS values ↔ `crate::sql::generate_migration`.

// Under `cargo test` napi registers nothing, so the exports look unused there.
#![cfg_attr(test, allow(dead_code))]

use std::collections::{BTreeMap, HashMap};

use napi::bindgen_prelude::{Either3, External, Null, Object};
use napi::Env;
use napi_derive::napi;

use super::guard;
use super::parse::SchemaFileInput;
use super::text::{js_string, SchemaText};
use crate::background;
use crate::diff::StepSummary;
use crate::error::CoreError;
use crate::schema::Provider;
use crate::sql::{
    generate_migration, with_warnings_header, write_migration_folder, Migration, MigrationMode,
    MigrationOptions, WriteFolderOptions,
};

/// What to diff: `from` and `to` are schema text, a list of files, or `null` for an empty database.
#[napi(object)]
pub struct GenerateMigrationInput {
    #[napi(ts_type = "string | Array<SchemaFileInput> | null")]
    pub from: Option<Either3<SchemaText, Vec<SchemaFileInput>, Null>>,
    #[napi(ts_type = "string | Array<SchemaFileInput> | null")]
    pub to: Option<Either3<SchemaText, Vec<SchemaFileInput>, Null>>,
    /// Overrides the datasource provider of both schemas: `postgresql`, `sqlite`, `mysql`, `cockroachdb`.
    pub provider: Option<String>,
    /// The migration name (for callers that go on to write a migration folder).
    pub name: Option<String>,
    /// Write the unsafe changes (drop table/column, a cast that can fail, optional → required, enum
    /// values removed, a new unique or primary key over existing rows) as Prisma does. Default
    /// `false`: they are left out of `sql`/`steps` and listed in `unsafe`.
    pub allow_data_loss: Option<bool>,
    /// `{ "Model.oldField": "newField", "OldModel": "NewModel" }`: old names of `from`, new names of
    /// `to` (field and model names; `@map` is resolved). Written as `RENAME COLUMN`/`RENAME TO`, with
    /// the indexes and constraints whose default names change renamed too.
    pub renames: Option<HashMap<String, String>>,
    /// `{ "Model.field": "<SQL expression>" }` (names of `to`): a column that becomes required on a
    /// table that may have rows is added nullable, filled with the expression where NULL, then made
    /// NOT NULL (PostgreSQL: through a validated `CHECK … NOT VALID`; SQLite: in the table rebuild).
    /// The expression is SQL of the target database and sees the columns after `renames`.
    pub backfill: Option<HashMap<String, String>>,
    /// `default` (Prisma's layout), `idempotent` (every statement guarded, so a second run is a
    /// no-op: PostgreSQL `IF [NOT] EXISTS` and `DO $$` blocks, MariaDB `IF [NOT] EXISTS`; SQLite only
    /// guards creating and dropping tables and indexes, and throws `UNSUPPORTED_MODE` for `ADD
    /// COLUMN`, `RENAME` or a table rebuild), `online` (PostgreSQL/CockroachDB, else
    /// `UNSUPPORTED_MODE`: `lock_timeout`, each `CREATE INDEX CONCURRENTLY` on an existing table in a
    /// migration of its own, foreign keys `NOT VALID` then validated in a last migration).
    #[napi(ts_type = "'default' | 'idempotent' | 'online'")]
    pub mode: Option<String>,
}

/// A change left out of `sql` unless `allowDataLoss` (listed either way).
#[napi(object)]
pub struct UnsafeMigrationChange {
    /// `dropTable`, `dropColumn`, `alterColumnType`, `makeRequired`, `addRequiredColumn`,
    /// `removeEnumValues`, `addUnique`, `changePrimaryKey`.
    pub kind: String,
    /// The table (for `removeEnumValues`: the enum).
    pub table: String,
    pub column: Option<String>,
    /// Prisma's warning for the change.
    pub message: String,
    /// The safe ways to get there, in the schema's names (`renames`, `backfill`, `@map`, …).
    pub alternatives: Vec<String>,
}

/// A dropped and an added column of the same type in one table (or a dropped and a created table with
/// the same columns): maybe a rename.
#[napi(object)]
pub struct LikelyRename {
    /// The model of `to` (for a table: the new model).
    pub model: String,
    pub table: String,
    /// The previous field (or model) name.
    pub from: String,
    /// The new field (or model) name.
    pub to: String,
    /// The `renames` entry to pass, and the `@map("old")` alternative.
    pub hint: String,
}

/// One migration file: its folder is the migration name plus `suffix` (`''` for the main one).
#[napi(object)]
pub struct MigrationPart {
    pub suffix: String,
    pub sql: String,
}

/// One migration step: `createTable`, `addColumn`, `dropColumn`, `alterColumn`, `createIndex`,
/// `addForeignKey`, `createEnum`, … with the objects it touches.
#[napi(object)]
pub struct MigrationStep {
    pub kind: String,
    /// The database schema (namespace) with `multiSchema`.
    pub schema: Option<String>,
    pub table: Option<String>,
    pub column: Option<String>,
    /// The index, constraint, enum or schema name.
    pub name: Option<String>,
}

/// The migration: `sql` is byte for byte what `prisma migrate diff --script` writes.
// The type of what `lib/` builds from `generateMigration`'s report and details; never built here.
#[napi(object)]
#[allow(dead_code)]
pub struct GeneratedMigration {
    pub sql: String,
    pub steps: Vec<MigrationStep>,
    /// Prisma's data-loss warnings for what `sql` holds, in step order.
    pub warnings: Vec<String>,
    /// The provider the SQL is for.
    pub provider: String,
    /// Unsafe changes: left out of `sql` unless `allowDataLoss`, listed either way.
    #[napi(js_name = "unsafe")]
    pub unsafe_changes: Vec<UnsafeMigrationChange>,
    pub likely_renames: Vec<LikelyRename>,
    /// The migrations to write, in apply order (one with suffix `''` unless `online` splits it);
    /// `sql` is all of them joined.
    pub migrations: Vec<MigrationPart>,
    /// The human summary `prisma migrate diff` prints without `--script`, byte for byte
    /// (`No difference detected.\n` when there is nothing to do).
    pub summary: String,
}

/// `null`/absent → an empty database; text → one `schema.prisma` file.
fn files(
    side: Option<Either3<SchemaText, Vec<SchemaFileInput>, Null>>,
) -> Option<Vec<(String, String)>> {
    match side? {
        Either3::A(SchemaText(text)) => Some(vec![("schema.prisma".to_string(), text)]),
        Either3::B(list) => Some(list.into_iter().map(|f| (f.path, f.content.0)).collect()),
        Either3::C(Null) => None,
    }
}

/// `details` of the native `generateMigration`'s result: the core result, where the steps and the
/// summary wait until read (`internalMigrationSteps`, `internalMigrationSummary`). `lib/` releases
/// it once both are read: Node runs an External's finalizer only after the event loop turns, so a
/// synchronous loop of calls would otherwise hold every result.
type Details = External<Held>;

/// The core result behind `details`, and the bytes of schema text it came from. Freed in place, on
/// the thread that built it: a 1,000-model migration's schemas and steps take ~0.2-0.3 ms to free
/// so, no longer than handing them to the background thread took (~0.25-0.4 ms, median
/// `internalMigrationRelease` of 50 calls, this busy machine), whose frees were all cross-thread
/// ones, dearer to make and collected later by this thread's allocations.
pub struct Held {
    migration: Option<Migration>,
    input_bytes: usize,
}

impl Held {
    /// What V8 is told these details hold (`report`).
    pub fn bytes(&self) -> usize {
        HELD_BYTES_PER_INPUT_BYTE * self.input_bytes
    }

    fn release(&mut self) {
        self.migration = None;
    }
}

fn held(details: &Details) -> Result<&Migration, CoreError> {
    details.migration.as_ref().ok_or_else(|| {
        CoreError::new(
            "INTERNAL_ERROR",
            "generateMigration details read after release",
        )
    })
}

/// The steps of a `generateMigration` result (thousands of small objects for a big schema: napi
/// builds them faster than `JSON.parse` would, unlike the parse tree); internal to `lib/`.
#[napi(js_name = "internalMigrationSteps", skip_typescript)]
pub fn migration_steps(details: &Details) -> napi::Result<Vec<MigrationStep>> {
    guard(|| Ok(held(details)?.steps().iter().map(step).collect()))
}

fn step(s: &StepSummary) -> MigrationStep {
    MigrationStep {
        kind: s.kind.to_string(),
        schema: s.schema.clone(),
        table: s.table.clone(),
        column: s.column.clone(),
        name: s.name.clone(),
    }
}

/// The summary of a `generateMigration` result; internal to `lib/`.
#[napi(js_name = "internalMigrationSummary", skip_typescript)]
pub fn migration_summary(details: &Details) -> napi::Result<String> {
    guard(|| Ok(held(details)?.summary()))
}

/// Frees a `generateMigration` result's details now (see `Details`); internal to `lib/`.
#[napi(js_name = "internalMigrationRelease", skip_typescript)]
pub fn migration_release(details: &mut Details) -> napi::Result<()> {
    guard(|| {
        details.release();
        Ok(())
    })
}

/// The SQL migration from `from` to `to` that Prisma Migrate would write, its steps and warnings.
/// Throws `SCHEMA_SYNTAX`/`SCHEMA_INVALID` for a broken schema and `UNSUPPORTED_PROVIDER` for MongoDB.
#[napi(js_name = "generateMigration", ts_return_type = "GeneratedMigration")]
pub fn generate_migration_js(env: &Env, input: GenerateMigrationInput) -> napi::Result<Object<'_>> {
    // Only the report crosses here (`sql`, `warnings`, `provider`, `unsafe`, `likelyRenames`, and
    // `migrations` unless it is the one plain migration `lib/` rebuilds from `sql`); `details` keeps
    // the rest native. `lib/index.cjs` turns this into the `GeneratedMigration` users see.
    guard(|| {
        let (migration, input_bytes) = migrate(input)?;
        report(env, migration, input_bytes).map_err(|e| {
            CoreError::new(
                "INTERNAL_ERROR",
                format!("generateMigration result: {}", e.reason),
            )
        })
    })
}

/// The core call, with the JS options read; and the bytes of schema text on both sides.
fn migrate(input: GenerateMigrationInput) -> Result<(Migration, usize), CoreError> {
    let from = files(input.from);
    let to = files(input.to);
    let input_bytes = [&from, &to]
        .into_iter()
        .flatten()
        .map(|side| background::input_bytes(side))
        .sum();
    let sorted = |m: Option<HashMap<String, String>>| -> BTreeMap<String, String> {
        m.unwrap_or_default().into_iter().collect()
    };
    let options = MigrationOptions {
        provider: input.provider,
        name: input.name,
        allow_data_loss: input.allow_data_loss.unwrap_or(false),
        renames: sorted(input.renames),
        backfill: sorted(input.backfill),
        mode: input
            .mode
            .as_deref()
            .map(MigrationMode::parse)
            .transpose()?
            .unwrap_or_default(),
    };
    let migration = generate_migration(from.as_deref(), to.as_deref(), &options)?;
    Ok((migration, input_bytes))
}

/// What a result's details hold (both sides' SQL schemas and the steps), per byte of schema text:
/// measured as the RSS each of 20 held results adds, less its SQL string, 6.5x on the 100-model
/// synthetic schema, 4.6x on the 300-model one and 5.7x on the 1,000-model one (4.7 MB;
/// `__test__/held-memory.test.mjs`). The SQL's length, the estimate before, was a quarter of it: V8
/// let ~30 unread 1,000-model results pile up (RSS ~350 MB) before collecting them, and the calls
/// that grew the heap into fresh pages ran up to twice as long.
const HELD_BYTES_PER_INPUT_BYTE: usize = 6;

/// Moves the report out of the core result into a JS object; the rest goes native into `details`.
fn report(env: &Env, mut migration: Migration, input_bytes: usize) -> napi::Result<Object<'_>> {
    let mut out = Object::new(env)?;
    let parts = std::mem::take(&mut migration.migrations);
    if !parts.is_empty() {
        let parts: Vec<MigrationPart> = parts
            .into_iter()
            .map(|p| MigrationPart {
                suffix: p.suffix,
                sql: p.sql,
            })
            .collect();
        out.set("migrations", parts)?;
    }
    out.set("sql", js_string(env, std::mem::take(&mut migration.sql))?)?;
    out.set("warnings", std::mem::take(&mut migration.warnings))?;
    out.set("provider", std::mem::take(&mut migration.provider))?;
    let unsafe_changes: Vec<UnsafeMigrationChange> = std::mem::take(&mut migration.unsafe_changes)
        .into_iter()
        .map(|u| UnsafeMigrationChange {
            kind: u.kind,
            table: u.table,
            column: u.column,
            message: u.message,
            alternatives: u.alternatives,
        })
        .collect();
    out.set("unsafe", unsafe_changes)?;
    let likely_renames: Vec<LikelyRename> = std::mem::take(&mut migration.likely_renames)
        .into_iter()
        .map(|r| LikelyRename {
            model: r.model,
            table: r.table,
            from: r.from,
            to: r.to,
            hint: r.hint,
        })
        .collect();
    out.set("likelyRenames", likely_renames)?;
    let held = Held {
        migration: Some(migration),
        input_bytes,
    };
    // Tells V8's collector what the details hold, so unread results do not pile up natively.
    let size = held.bytes();
    out.set("details", Details::new_with_size_hint(held, size))?;
    Ok(out)
}

/// A migration to write into a `prisma/migrations` folder.
#[napi(object)]
pub struct WriteMigrationInput {
    /// The migrations folder (`prisma/migrations`); created if missing.
    pub migrations_dir: String,
    /// The migration name; path separators and `..` are refused.
    pub name: String,
    /// The script (`generateMigration().sql`).
    pub sql: String,
    /// `generateMigration().warnings`: written as Prisma's `Warnings:` comment above the script.
    pub warnings: Option<Vec<String>>,
    /// The provider recorded in (and checked against) `migration_lock.toml`.
    pub provider: String,
    /// `YYYYMMDDHHMMSS`; now (UTC) when absent.
    pub timestamp: Option<String>,
    /// Use `name` as the whole folder name (a baseline such as `0_init`).
    pub baseline: Option<bool>,
}

/// What `writeMigration` wrote.
#[napi(object)]
pub struct WrittenMigration {
    /// The new migration folder.
    pub path: String,
    pub folder_name: String,
    /// Whether `migration_lock.toml` was created now.
    pub lock_created: bool,
    /// `npx prisma migrate deploy`, or `npx prisma migrate resolve --applied <folder>` for a baseline.
    pub next_command: String,
}

/// Writes `<migrationsDir>/<timestamp>_<name>/migration.sql` (and `migration_lock.toml`) as
/// `prisma migrate dev` does; never overwrites an existing migration.
#[napi(js_name = "writeMigration")]
pub fn write_migration_js(input: WriteMigrationInput) -> napi::Result<WrittenMigration> {
    guard(|| {
        let provider = Provider::parse(&input.provider).ok_or_else(|| {
            CoreError::new(
                "INVALID_ARGUMENT",
                format!("Unknown provider `{}`.", input.provider),
            )
        })?;
        let contents = with_warnings_header(&input.sql, input.warnings.as_deref().unwrap_or(&[]));
        let options = WriteFolderOptions {
            timestamp: input.timestamp,
            exact_name: input.baseline.unwrap_or(false),
        };
        let written = write_migration_folder(
            std::path::Path::new(&input.migrations_dir),
            &input.name,
            &contents,
            provider,
            &options,
        )?;
        Ok(WrittenMigration {
            path: written.path.display().to_string(),
            folder_name: written.folder_name,
            lock_created: written.lock_created,
            next_command: written.next_command,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str =
        "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel A {\n  id Int @id\n}\n";

    fn input(
        from: Option<Either3<SchemaText, Vec<SchemaFileInput>, Null>>,
        to: Either3<SchemaText, Vec<SchemaFileInput>, Null>,
    ) -> GenerateMigrationInput {
        GenerateMigrationInput {
            from,
            to: Some(to),
            provider: None,
            name: None,
            allow_data_loss: None,
            renames: None,
            backfill: None,
            mode: None,
        }
    }

    #[test]
    fn text_files_and_null_all_reach_the_core() {
        let (from_text, text_bytes) = migrate(input(None, Either3::A(SCHEMA.into()))).unwrap();
        let (from_files, files_bytes) = migrate(input(
            Some(Either3::C(Null)),
            Either3::B(vec![SchemaFileInput {
                path: "a.prisma".into(),
                content: SCHEMA.into(),
            }]),
        ))
        .unwrap();
        assert_eq!(from_text.sql, from_files.sql);
        assert_eq!((text_bytes, files_bytes), (SCHEMA.len(), SCHEMA.len()));
        assert!(from_text
            .sql
            .starts_with("-- CreateTable\nCREATE TABLE \"A\""));
        assert_eq!(from_text.provider, "sqlite");
    }

    #[test]
    fn steps_keep_their_absent_names_absent() {
        let (migration, _) = migrate(input(None, Either3::A(SCHEMA.into()))).unwrap();
        let first = step(&migration.steps()[0]);
        assert_eq!(first.kind, "createTable");
        assert_eq!(first.table.as_deref(), Some("A"));
        assert_eq!((first.schema, first.column, first.name), (None, None, None));
    }

    #[test]
    fn core_errors_keep_their_code() {
        let err = migrate(input(None, Either3::A("model {".into())))
            .err()
            .expect("a syntax error");
        assert_eq!(err.code, "SCHEMA_SYNTAX");
        let dir =
            std::env::temp_dir().join(format!("node-llm-orm-js-migrate-{}", std::process::id()));
        let write = |name: &str| {
            write_migration_js(WriteMigrationInput {
                migrations_dir: dir.display().to_string(),
                name: name.into(),
                sql: "SELECT 1;\n".into(),
                warnings: Some(vec!["careful".into()]),
                provider: "sqlite".into(),
                timestamp: Some("20260101000000".into()),
                baseline: None,
            })
        };
        let written = write("init").unwrap();
        assert_eq!(written.folder_name, "20260101000000_init");
        let file = std::fs::read_to_string(dir.join("20260101000000_init/migration.sql")).unwrap();
        assert_eq!(file, "/*\n  Warnings:\n\n  - careful\n\n*/\nSELECT 1;\n");
        assert!(write("init")
            .err()
            .unwrap()
            .reason
            .contains("MIGRATION_EXISTS"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
