//! `backfill` on a column whose type changes converts the rows in place: PostgreSQL and CockroachDB
//! `SET DATA TYPE … USING (expr)`, SQLite's rebuild copies `(expr)`, MySQL casts the column itself
//! (and refuses any other expression: its DDL cannot be rolled back). Such a change is safe.

#[path = "support/mariadb.rs"]
mod mariadb;

use std::collections::BTreeMap;

use node_llm_orm_native::sql::{generate_migration, Migration, MigrationOptions};

fn schema(provider: &str, metadata: &str) -> Vec<(String, String)> {
    vec![(
        "schema.prisma".into(),
        format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel LlmChat {{\n  id       String @id\n  title    String?\n  metadata {metadata}\n}}\n"),
    )]
}

fn migrate(provider: &str, backfill: Option<&str>) -> Result<Migration, String> {
    let options = MigrationOptions {
        backfill: backfill
            .map(|e| BTreeMap::from([("LlmChat.metadata".to_string(), e.to_string())]))
            .unwrap_or_default(),
        ..MigrationOptions::default()
    };
    generate_migration(
        Some(&schema(provider, "String?")),
        Some(&schema(provider, "Json?")),
        &options,
    )
    .map_err(|e| format!("{}: {}", e.code, e.message))
}

#[test]
fn without_a_conversion_the_retype_is_withheld_and_the_conversion_is_offered() {
    let m = migrate("postgresql", None).unwrap();
    assert_eq!(m.unsafe_changes.len(), 1);
    assert_eq!(m.unsafe_changes[0].kind, "alterColumnType");
    assert!(m.unsafe_changes[0].alternatives[0].contains("--backfill LlmChat.metadata=<SQL>"));
    assert!(!m.sql.contains("metadata"), "{}", m.sql);
}

#[test]
fn postgres_and_cockroach_cast_in_place_with_using() {
    for (provider, sql) in [
        (
            "postgresql",
            "ALTER TABLE \"LlmChat\" ALTER COLUMN \"metadata\" SET DATA TYPE JSONB USING (\"metadata\"::jsonb);\n",
        ),
        (
            "cockroachdb",
            "ALTER TABLE \"LlmChat\" ALTER COLUMN \"metadata\" SET DATA TYPE JSONB USING (\"metadata\"::jsonb);\n",
        ),
    ] {
        let m = migrate(provider, Some("\"metadata\"::jsonb")).unwrap();
        assert!(m.unsafe_changes.is_empty(), "{provider}: {:?}", m.unsafe_changes);
        assert!(m.warnings.is_empty(), "{provider}: {:?}", m.warnings);
        assert_eq!(m.sql, format!("-- AlterTable\n{sql}"), "{provider}");
        assert_eq!(m.steps().len(), 1);
        assert_eq!(m.steps()[0].kind, "alterColumn");
    }
}

#[test]
fn sqlite_copies_the_expression_in_its_rebuild() {
    let m = migrate("sqlite", Some("json(\"metadata\")")).unwrap();
    assert!(m.unsafe_changes.is_empty(), "{:?}", m.unsafe_changes);
    assert!(
        m.sql.contains(
            "SELECT \"id\", (json(\"metadata\")) AS \"metadata\", \"title\" FROM \"LlmChat\""
        ),
        "{}",
        m.sql
    );
}

#[test]
fn mysql_casts_the_column_itself_and_refuses_other_expressions() {
    let m = migrate("mysql", Some("`metadata`")).unwrap();
    assert!(m.unsafe_changes.is_empty(), "{:?}", m.unsafe_changes);
    assert!(m.sql.contains("MODIFY `metadata` JSON NULL"), "{}", m.sql);
    let err = migrate("mysql", Some("CONCAT('{\"v\":', `metadata`, '}')")).unwrap_err();
    assert!(
        err.starts_with("UNSUPPORTED_BACKFILL: Cannot convert `LlmChat`.`metadata`"),
        "{err}"
    );
}

#[test]
fn mariadb_converts_json_text_and_a_bad_row_stops_it_with_the_rows_intact() {
    let server = mariadb::start("conversions");
    let create = generate_migration(
        None,
        Some(&schema("mysql", "String?")),
        &MigrationOptions::default(),
    )
    .unwrap()
    .sql;
    let upgrade = migrate("mysql", Some("`metadata`")).unwrap().sql;
    let dump = "SELECT id, metadata FROM `LlmChat` ORDER BY id";
    for (db, rows, ok) in [
        ("good", "('a', '{\"topic\": \"Zoë ✓\"}'), ('b', NULL)", true),
        ("bad", "('a', '{\"topic\": 1}'), ('b', 'not json')", false),
    ] {
        server.fresh(db);
        server.sql(Some(db), &create).unwrap();
        server
            .sql(
                Some(db),
                &format!("INSERT INTO `LlmChat` (id, metadata) VALUES {rows}"),
            )
            .unwrap();
        let before = server.sql(Some(db), dump).unwrap();
        let applied = server.sql(Some(db), &upgrade);
        assert_eq!(applied.is_ok(), ok, "{db}: {applied:?}");
        assert_eq!(server.sql(Some(db), dump).unwrap(), before, "{db}");
        let valid = server
            .sql(
                Some(db),
                "SELECT COUNT(*) FROM `LlmChat` WHERE JSON_VALID(metadata)",
            )
            .unwrap();
        assert_eq!(valid.trim(), "1", "{db}");
        // MariaDB's JSON is LONGTEXT with a JSON_VALID check; the failed change left VARCHAR(191).
        let column = if ok { "longtext" } else { "varchar(191)" };
        assert!(
            server
                .catalog(db)
                .contains(&format!("LlmChat\tmetadata\t{column}\tYES")),
            "{db}: {}",
            server.catalog(db)
        );
    }
}
