//! A big schema's tables are calculated, and its migration written, in two halves side by side
//! (`calculate_split`, `sql::step_blocks`): the result must be the one a single pass gives, in the
//! same order, on every provider.

use node_llm_orm_native::diff::{self, calculate, calculate_split, SqlSchema};
use node_llm_orm_native::schema::{self, Provider};
use node_llm_orm_native::sql::{generate_migration, render_script, MigrationOptions};
use node_llm_orm_native::syntax;

/// `models` models (~1 KB each) chained by relations, with indexes, uniques, enums and defaults.
fn big_schema(provider: &str, models: usize) -> String {
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n");
    if provider != "sqlite" {
        out.push_str("enum Kind {\n  DRAFT\n  LIVE\n}\n\n");
    }
    let kind = match provider {
        "sqlite" => "String   @default(\"DRAFT\")",
        _ => "Kind     @default(DRAFT)",
    };
    for i in 0..models {
        let back = match i + 1 < models {
            true => format!("  next{i}     M{}[] @relation(\"R{}\")\n", i + 1, i + 1),
            false => String::new(),
        };
        let prev = match i {
            0 => String::new(),
            _ => format!(
                "  prevId    String?\n  prev      M{}? @relation(\"R{i}\", fields: [prevId], references: [id], onDelete: Cascade)\n",
                i - 1
            ),
        };
        out.push_str(&format!(
            "/// Model {i}.\nmodel M{i} {{\n  id        String   @id @default(cuid())\n  slug      String   @unique\n  title     String\n  body      String?\n  rank      Int      @default(0)\n  score     Float?\n  flag      Boolean  @default(false) @map(\"is_flag\")\n  kind      {kind}\n  createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n{prev}{back}\n  @@index([rank, createdAt])\n  @@unique([title, rank])\n  @@map(\"m_{i}\")\n}}\n\n"
        ));
    }
    out
}

fn tables_of(provider: &str) -> (String, schema::Schema, Provider) {
    let text = big_schema(provider, 500);
    let files = [(syntax::DEFAULT_PATH.to_string(), text.clone())];
    let parsed = syntax::parse_files(&files);
    assert!(!parsed.has_errors(), "the big schema parses clean");
    let (resolved, _) = schema::resolve(&parsed.files);
    (text, resolved, Provider::parse(provider).unwrap())
}

#[test]
fn a_big_schema_is_calculated_alike_in_halves() {
    for provider in ["postgresql", "mysql", "sqlite", "cockroachdb"] {
        let (text, resolved, p) = tables_of(provider);
        // Big enough that each half of the models stands for 128 KB of text or more.
        assert!(text.len() >= 2 * 128 * 1024, "{}", text.len());
        let one = calculate(&resolved, p);
        let halves = calculate_split(&resolved, p, text.len());
        assert_eq!(one.tables.len(), 500);
        assert_eq!(one.tables, halves.tables, "{provider}");
        assert_eq!(one.enums, halves.enums, "{provider}");
    }
}

#[test]
fn a_big_migration_is_written_alike_in_halves() {
    for provider in ["postgresql", "mysql", "sqlite", "cockroachdb"] {
        let (text, resolved, p) = tables_of(provider);
        let next = calculate(&resolved, p);
        let empty = SqlSchema::default();
        let one_pass = render_script(&diff::diff(&empty, &next, p), &empty, &next, p);
        let files = [(syntax::DEFAULT_PATH.to_string(), text)];
        let migration =
            generate_migration(None, Some(&files), &MigrationOptions::default()).unwrap();
        assert!(migration.sql.len() > 256 * 1024, "{}", migration.sql.len());
        assert!(migration.sql == one_pass, "{provider}: the SQL differs");
    }
}
