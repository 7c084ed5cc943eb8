//! Names from `@map`, `@@map`, `map:` and enum `@map` can hold any character Prisma accepts in a
//! string: quotes, backticks, Unicode, SQL. Prisma's validator accepts them all (checked with
//! `../shared/oracle/validate.mjs`), and Prisma's engine writes them between quotes as they are, so
//! `@@map("a\"b")` gives `CREATE TABLE "a"b"`: a broken statement, and an injection for a crafted
//! name. We double the quote character of each dialect instead (the same bytes as Prisma for every
//! name without one), and prove on SQLite that the names arrive intact and nothing else runs.

#[path = "support/sqlite.rs"]
mod support_sqlite;

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

/// Valid for Prisma on every SQL provider (`enum` only where it has enums).
fn schema(provider: &str) -> String {
    let enums = provider != "sqlite";
    format!(
        r#"datasource db {{
  provider = "{provider}"
}}

model A {{
  id    Int    @id @map("we\"ird")
  b     String @map("back`tick")
  c     String @map("drop'); --")
  ü     Int    @map("ünï")
  evil  String @default("x\\") @map("x\"; DROP TABLE \"victim\"; --")
  {kind}
  rels  Rel[]

  @@index([b], map: "ix\"q`")
  @@map("a\"b")
}}

model Rel {{
  id  Int @id
  aId Int
  a   A   @relation(fields: [aId], references: [id])

  @@map("r`x")
}}

model Victim {{
  id Int @id

  @@map("victim")
}}
{enum_block}"#,
        kind = if enums { "kind  Kind" } else { "" },
        enum_block = if enums {
            "\nenum Kind {\n  X @map(\"x\\\"y\")\n  Y @map(\"it's\")\n\n  @@map(\"kind\\\"e\")\n}\n"
        } else {
            ""
        },
    )
}

fn sql(provider: &str) -> String {
    let to = vec![("schema.prisma".to_string(), schema(provider))];
    let options = MigrationOptions::default();
    generate_migration(None, Some(&to), &options)
        .unwrap_or_else(|e| panic!("{provider}: {e:?}"))
        .sql
}

#[test]
fn postgresql_doubles_double_quotes_in_names_and_single_quotes_in_values() {
    for provider in ["postgresql", "cockroachdb"] {
        let sql = sql(provider);
        for expected in [
            r#"CREATE TYPE "kind""e" AS ENUM ('x"y', 'it''s');"#,
            r#"CREATE TABLE "a""b" ("#,
            r#"    "we""ird" INT"#,
            r#"    "back`tick" "#,
            r#"    "drop'); --" "#,
            r#"    "ünï" INT"#,
            r#"    "x""; DROP TABLE ""victim""; --" "#,
            r#" NOT NULL DEFAULT 'x\',"#,
            r#"    "kind" "kind""e" NOT NULL,"#,
            r#"CONSTRAINT "a""b_pkey" PRIMARY KEY ("we""ird")"#,
            r#"CREATE INDEX "ix""q`" ON "a""b"("back`tick");"#,
            r#"ALTER TABLE "r`x" ADD CONSTRAINT "r`x_aId_fkey" FOREIGN KEY ("aId") REFERENCES "a""b"("we""ird")"#,
        ] {
            assert!(
                sql.contains(expected),
                "{provider}: no `{expected}` in\n{sql}"
            );
        }
    }
}

#[test]
fn mysql_doubles_backticks_in_names_and_escapes_backslashes_in_values() {
    let sql = sql("mysql");
    for expected in [
        "CREATE TABLE `a\"b` (",
        "`we\"ird` INTEGER NOT NULL,",
        "`back``tick` VARCHAR(191) NOT NULL,",
        "`x\"; DROP TABLE \"victim\"; --` VARCHAR(191) NOT NULL DEFAULT 'x\\\\',",
        "ENUM('x\"y', 'it''s')",
        "INDEX `ix\"q```(`back``tick`)",
        "CREATE TABLE `r``x` (",
    ] {
        assert!(sql.contains(expected), "no `{expected}` in\n{sql}");
    }
}

fn sqlite3(db: &std::path::Path, script: &str) -> String {
    support_sqlite::sqlite(db, script).unwrap_or_else(|e| panic!("sqlite3 failed: {e}\n{script}"))
}

#[test]
fn sqlite_creates_every_name_exactly_and_runs_nothing_else() {
    let sql = sql("sqlite");
    let db = std::env::temp_dir().join(format!(
        "node-llm-orm-identifiers-{}.db",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&db);
    sqlite3(&db, &sql);
    let tables = sqlite3(&db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;");
    assert_eq!(tables, "a\"b\nr`x\nvictim\n");
    let columns = sqlite3(
        &db,
        "SELECT name FROM pragma_table_info('a\"b') ORDER BY cid;",
    );
    assert_eq!(
        columns,
        "we\"ird\nback`tick\ndrop'); --\nünï\nx\"; DROP TABLE \"victim\"; --\n"
    );
    let indexes = sqlite3(
        &db,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%';",
    );
    assert_eq!(indexes, "ix\"q`\n");
    let default = sqlite3(
        &db,
        "SELECT dflt_value FROM pragma_table_info('a\"b') WHERE cid = 4;",
    );
    assert_eq!(default, "'x\\'\n");
    std::fs::remove_file(&db).unwrap();
}
