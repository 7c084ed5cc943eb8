//! `generateMigration()`: JS values ↔ `crate::sql::generate_migration`.

use napi::bindgen_prelude::{Either3, Null};
use napi_derive::napi;

use super::guard;
use crate::error::CoreError;
use crate::schema::Provider;
use crate::sql::{
    generate_migration, with_warnings_header, write_migration_folder, MigrationOptions,
    WriteFolderOptions,
};

/// One file of a multi-file schema (`prisma/schema/*.prisma`).
#[napi(object)]
pub struct SchemaFileInput {
    pub path: String,
    pub content: String,
}

/// What to diff: `from` and `to` are schema text, a list of files, or `null` for an empty database.
#[napi(object)]
pub struct GenerateMigrationInput {
    #[napi(ts_type = "string | Array<SchemaFileInput> | null")]
    pub from: Option<Either3<String, Vec<SchemaFileInput>, Null>>,
    #[napi(ts_type = "string | Array<SchemaFileInput> | null")]
    pub to: Option<Either3<String, Vec<SchemaFileInput>, Null>>,
    /// Overrides the datasource provider of both schemas: `postgresql`, `sqlite`, `mysql`, `cockroachdb`.
    pub provider: Option<String>,
    /// The migration name (for callers that go on to write a migration folder).
    pub name: Option<String>,
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
#[napi(object)]
pub struct GeneratedMigration {
    pub sql: String,
    pub steps: Vec<MigrationStep>,
    /// Prisma's data-loss warnings, in step order.
    pub warnings: Vec<String>,
    /// The provider the SQL is for.
    pub provider: String,
    /// The human summary `prisma migrate diff` prints without `--script`, byte for byte
    /// (`No difference detected.\n` when there is nothing to do).
    pub summary: String,
}

/// `null`/absent → an empty database; text → one `schema.prisma` file.
fn files(
    side: Option<Either3<String, Vec<SchemaFileInput>, Null>>,
) -> Option<Vec<(String, String)>> {
    match side? {
        Either3::A(text) => Some(vec![("schema.prisma".to_string(), text)]),
        Either3::B(list) => Some(list.into_iter().map(|f| (f.path, f.content)).collect()),
        Either3::C(Null) => None,
    }
}

/// The SQL migration from `from` to `to` that Prisma Migrate would write, its steps and warnings.
/// Throws `SCHEMA_SYNTAX`/`SCHEMA_INVALID` for a broken schema and `UNSUPPORTED_PROVIDER` for MongoDB.
#[napi(js_name = "generateMigration")]
pub fn generate_migration_js(input: GenerateMigrationInput) -> napi::Result<GeneratedMigration> {
    guard(|| {
        let from = files(input.from);
        let to = files(input.to);
        let options = MigrationOptions {
            provider: input.provider,
            name: input.name,
        };
        let migration = generate_migration(from.as_deref(), to.as_deref(), &options)?;
        Ok(GeneratedMigration {
            sql: migration.sql,
            steps: migration
                .steps
                .into_iter()
                .map(|s| MigrationStep {
                    kind: s.kind,
                    schema: s.schema,
                    table: s.table,
                    column: s.column,
                    name: s.name,
                })
                .collect(),
            warnings: migration.warnings,
            provider: migration.provider,
            summary: migration.summary,
        })
    })
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
        from: Option<Either3<String, Vec<SchemaFileInput>, Null>>,
        to: Either3<String, Vec<SchemaFileInput>, Null>,
    ) -> GenerateMigrationInput {
        GenerateMigrationInput {
            from,
            to: Some(to),
            provider: None,
            name: None,
        }
    }

    #[test]
    fn text_files_and_null_all_reach_the_core() {
        let from_text = generate_migration_js(input(None, Either3::A(SCHEMA.into()))).unwrap();
        let from_files = generate_migration_js(input(
            Some(Either3::C(Null)),
            Either3::B(vec![SchemaFileInput {
                path: "a.prisma".into(),
                content: SCHEMA.into(),
            }]),
        ))
        .unwrap();
        assert_eq!(from_text.sql, from_files.sql);
        assert!(from_text
            .sql
            .starts_with("-- CreateTable\nCREATE TABLE \"A\""));
        assert_eq!(from_text.steps[0].kind, "createTable");
        assert_eq!(from_text.provider, "sqlite");
    }

    #[test]
    fn core_errors_keep_their_code() {
        let err = generate_migration_js(input(None, Either3::A("model {".into())))
            .err()
            .expect("a syntax error");
        assert!(
            err.reason.contains("\"code\":\"SCHEMA_SYNTAX\""),
            "{}",
            err.reason
        );
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
