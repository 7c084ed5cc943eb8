//! `generate_migration` beyond the SQL: typed steps, Prisma's warnings, and typed errors.

#[path = "support/corpus.rs"]
mod corpus;

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

fn pg(body: &str) -> Vec<(String, String)> {
    vec![(
        "schema.prisma".to_string(),
        format!("datasource db {{\n  provider = \"postgresql\"\n}}\n\n{body}"),
    )]
}

/// Prisma writes every change: conformance cases accept data loss.
fn opts() -> MigrationOptions {
    MigrationOptions {
        allow_data_loss: true,
        ..MigrationOptions::default()
    }
}

#[test]
fn steps_name_tables_columns_and_constraints() {
    let to = pg("model User {\n  id    Int    @id\n  email String @unique\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n\nenum Role {\n  A\n}\n");
    let m = generate_migration(None, Some(&to), &opts()).unwrap();
    let kinds: Vec<(&str, Option<String>, Option<String>)> = m
        .steps()
        .iter()
        .map(|s| (s.kind, s.table.clone(), s.name.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("createSchema", None, Some("public".into())),
            ("createEnum", None, Some("Role".into())),
            ("createTable", Some("User".into()), None),
            ("createTable", Some("Post".into()), None),
            (
                "createIndex",
                Some("User".into()),
                Some("User_email_key".into())
            ),
            (
                "addForeignKey",
                Some("Post".into()),
                Some("Post_authorId_fkey".into())
            ),
        ]
    );
    assert!(m.warnings.is_empty());
    assert_eq!(m.provider, "postgresql");
}

#[test]
fn warnings_are_prisma_words_in_step_order() {
    let from = pg("model User {\n  id    Int    @id\n  name  String\n  email String\n  kind  Kind\n}\n\nmodel Old {\n  id Int @id\n}\n\nenum Kind {\n  A\n  B\n}\n");
    let to = pg("model User {\n  id    Int    @id\n  email String @unique\n  age   Int\n  kind  Kind\n}\n\nenum Kind {\n  A\n}\n");
    let m = generate_migration(Some(&from), Some(&to), &opts()).unwrap();
    assert_eq!(
        m.warnings,
        vec![
            "The values [B] on the enum `Kind` will be removed. If these variants are still used in the database, this will fail.",
            "You are about to drop the column `name` on the `User` table. All the data in the column will be lost.",
            "You are about to drop the `Old` table. If the table is not empty, all the data it contains will be lost.",
            "A unique constraint covering the columns `[email]` on the table `User` will be added. If there are existing duplicate values, this will fail.",
            "Added the required column `age` to the `User` table without a default value. This is not possible if the table is not empty.",
        ]
    );
    assert!(m
        .file_contents()
        .starts_with("/*\n  Warnings:\n\n  - The values [B]"));
    assert!(m.file_contents().ends_with(&m.sql));
}

#[test]
fn optional_to_required_and_risky_casts_are_reported() {
    let from = pg("model T {\n  id Int     @id\n  a  String?\n  b  BigInt\n}\n");
    let to = pg("model T {\n  id Int    @id\n  a  String\n  b  Int\n}\n");
    let m = generate_migration(Some(&from), Some(&to), &opts()).unwrap();
    assert_eq!(
        m.warnings,
        vec![
            "You are about to alter the column `b` on the `T` table. The data in that column could be lost. The data in that column will be cast from `BigInt` to `Integer`.",
            "Made the column `a` on table `T` required. This step will fail if there are existing NULL values in that column.",
        ]
    );
}

#[test]
fn syntax_errors_are_typed_with_a_location() {
    let broken = pg("model User {\n  id Int @id\n  name String @default(\n}\n");
    let err = generate_migration(None, Some(&broken), &opts()).unwrap_err();
    assert_eq!(err.code, "SCHEMA_SYNTAX");
    let location = err.location.expect("a location");
    assert_eq!(location.file, "schema.prisma");
    assert!(location.line >= 5, "{location:?}");
}

#[test]
fn resolution_errors_are_typed_with_a_location() {
    let bad = pg("model User {\n  id   Int @id\n  role Nope\n}\n");
    let err = generate_migration(None, Some(&bad), &opts()).unwrap_err();
    assert_eq!(err.code, "SCHEMA_INVALID");
    assert!(err
        .message
        .contains("Type \"Nope\" is neither a built-in type"));
    assert_eq!(err.location.unwrap().line, 7);
}

#[test]
fn mongodb_and_unknown_providers_are_refused() {
    let mongo = vec![(
        "s.prisma".to_string(),
        "datasource db {\n  provider = \"mongodb\"\n}\n".to_string(),
    )];
    assert_eq!(
        generate_migration(None, Some(&mongo), &opts())
            .unwrap_err()
            .code,
        "UNSUPPORTED_PROVIDER"
    );
    let options = MigrationOptions {
        provider: Some("oracle".into()),
        name: None,
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    assert_eq!(
        generate_migration(None, Some(&pg("")), &options)
            .unwrap_err()
            .code,
        "INVALID_ARGUMENT"
    );
    assert_eq!(
        generate_migration(None, None, &opts()).unwrap_err().code,
        "INVALID_ARGUMENT"
    );
}

#[test]
fn an_unchanged_schema_is_an_empty_migration() {
    let s = pg("model A {\n  id Int @id\n}\n");
    let m = generate_migration(Some(&s), Some(&s), &opts()).unwrap();
    assert_eq!(m.sql, "-- This is an empty migration.\n");
    assert!(m.steps().is_empty());
}

/// Every corpus file (valid or not), from empty, to itself and to its neighbour in the corpus, on every
/// provider: a migration or a typed error, never a panic.
#[test]
fn every_corpus_file_gives_a_migration_or_a_typed_error() {
    let files = corpus::corpus_files();
    let (mut ok, mut typed) = (0, 0);
    for provider in ["postgresql", "sqlite", "mysql", "cockroachdb"] {
        let options = MigrationOptions {
            provider: Some(provider.into()),
            name: None,
            allow_data_loss: true,
            ..MigrationOptions::default()
        };
        for (i, file) in files.iter().enumerate() {
            let neighbour = &files[(i + 1) % files.len()];
            for (from, to) in [(None, file), (Some(file), file), (Some(neighbour), file)] {
                match generate_migration(from.map(|f| f.as_slice()), Some(to), &options) {
                    Ok(m) => {
                        ok += 1;
                        assert!(m.sql.ends_with('\n'));
                    }
                    Err(e) => {
                        typed += 1;
                        assert!(
                            [
                                "SCHEMA_SYNTAX",
                                "SCHEMA_INVALID",
                                "UNSUPPORTED_PROVIDER",
                                "INVALID_ARGUMENT"
                            ]
                            .contains(&e.code),
                            "{e:?}"
                        );
                    }
                }
            }
        }
    }
    println!("{ok} migrations, {typed} typed errors");
    assert!(ok > 500);
}
