//! MySQL type changes follow Prisma's safe / risky / not-castable table: widenings are written with
//! no warning and need no consent, and keep every row on a real MariaDB; narrowing casts are
//! risky, and a change with no cast recreates the column.

#[path = "support/mariadb.rs"]
mod mariadb;

use node_llm_orm_native::sql::{generate_migration, Migration, MigrationOptions};

fn schema(fields: &str) -> Vec<(String, String)> {
    vec![(
        "schema.prisma".into(),
        format!("datasource db {{\n  provider = \"mysql\"\n}}\n\nmodel Item {{\n  id Int @id\n{fields}\n}}\n"),
    )]
}

fn migrate(from: &str, to: &str, allow_data_loss: bool) -> Migration {
    let options = MigrationOptions {
        allow_data_loss,
        ..MigrationOptions::default()
    };
    generate_migration(Some(&schema(from)), Some(&schema(to)), &options).unwrap()
}

#[test]
fn widening_changes_are_safe_casts_without_warning() {
    for (from, to, sql) in [
        ("v String", "v String @db.Text", "MODIFY `v` TEXT NOT NULL"),
        (
            "v String",
            "v String @db.MediumText",
            "MODIFY `v` MEDIUMTEXT NOT NULL",
        ),
        (
            "v String",
            "v String @db.LongText",
            "MODIFY `v` LONGTEXT NOT NULL",
        ),
        (
            "v String",
            "v String @db.VarChar(255)",
            "MODIFY `v` VARCHAR(255) NOT NULL",
        ),
        (
            "v String @db.Text",
            "v String @db.LongText",
            "MODIFY `v` LONGTEXT NOT NULL",
        ),
        ("v Int", "v BigInt", "MODIFY `v` BIGINT NOT NULL"),
        ("v Int @db.SmallInt", "v Int", "MODIFY `v` INTEGER NOT NULL"),
        ("v Float @db.Float", "v Float", "MODIFY `v` DOUBLE NOT NULL"),
        (
            "v DateTime @db.DateTime(0)",
            "v DateTime",
            "MODIFY `v` DATETIME(3) NOT NULL",
        ),
    ] {
        let m = migrate(from, to, false);
        assert!(m.warnings.is_empty(), "{from} → {to}: {:?}", m.warnings);
        assert!(
            m.unsafe_changes.is_empty(),
            "{from} → {to}: {:?}",
            m.unsafe_changes
        );
        assert!(m.sql.contains(sql), "{from} → {to}:\n{}", m.sql);
    }
}

#[test]
fn narrowing_changes_are_risky_and_uncastable_ones_recreate_the_column() {
    for (from, to) in [
        ("v String @db.Text", "v Int"),
        ("v BigInt", "v Int"),
        ("v String @db.VarChar(255)", "v String"),
        ("v Int", "v Int @db.UnsignedInt"),
    ] {
        let m = migrate(from, to, false);
        assert_eq!(m.unsafe_changes.len(), 1, "{from} → {to}");
        assert_eq!(m.unsafe_changes[0].kind, "alterColumnType");
        assert!(m.unsafe_changes[0].message.contains("could be lost"));
        assert!(
            !m.sql.contains("MODIFY"),
            "{from} → {to}: withheld\n{}",
            m.sql
        );
        let accepted = migrate(from, to, true);
        assert!(accepted.sql.contains("MODIFY `v`"));
        assert!(accepted.warnings[0].contains("could be lost"));
    }
    let m = migrate("v Json", "v Int", true);
    assert!(
        m.sql
            .contains("DROP COLUMN `v`,\n    ADD COLUMN `v` INTEGER NOT NULL"),
        "{}",
        m.sql
    );
}

#[test]
fn mariadb_widens_populated_columns_in_place() {
    let server = mariadb::start("casts");
    server.fresh("casts");
    let (from, to) = (
        "title String\n  n Int\n  at DateTime @db.DateTime(0)",
        "title String @db.Text\n  n BigInt\n  at DateTime",
    );
    let db = Some("casts");
    server
        .sql(
            db,
            &generate_migration(None, Some(&schema(from)), &MigrationOptions::default())
                .unwrap()
                .sql,
        )
        .unwrap();
    server
        .sql(db, "INSERT INTO `Item` VALUES (1, 'Zoë ✓ “quoted”', 2147483647, '2020-01-02 03:04:05'), (2, REPEAT('x', 191), -5, '1999-12-31 23:59:59');")
        .unwrap();
    let dump = "SELECT id, title, n, at FROM `Item` ORDER BY id";
    let before = server.sql(db, dump).unwrap();
    let m = migrate(from, to, false);
    assert!(m.unsafe_changes.is_empty(), "{:?}", m.unsafe_changes);
    server.sql(db, &m.sql).unwrap();
    let after = server.sql(db, dump).unwrap();
    assert_eq!(after.replace(".000", ""), before);
    server.fresh("fresh");
    server
        .sql(
            Some("fresh"),
            &generate_migration(None, Some(&schema(to)), &MigrationOptions::default())
                .unwrap()
                .sql,
        )
        .unwrap();
    assert_eq!(
        server.catalog("casts"),
        server.catalog("fresh").replace("fresh", "casts")
    );
}
