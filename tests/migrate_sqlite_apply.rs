//! Our SQLite SQL runs on SQLite (the `sqlite3` shell): applying A from empty then A → B must leave the
//! same schema (tables, columns, indexes, foreign keys) as building B from empty.

#[path = "support/sqlite.rs"]
mod support_sqlite;

use std::fs;
use std::path::{Path, PathBuf};

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};
use support_sqlite::{catalog, sqlite};

fn build(dir: &Path, name: &str, scripts: &[String]) -> Result<String, String> {
    let db = dir.join(format!("{name}.db"));
    let _ = fs::remove_file(&db);
    for script in scripts {
        sqlite(&db, script)?;
    }
    Ok(catalog(&db))
}

fn sql(from: Option<&str>, to: &str) -> String {
    let file = |text: &str| vec![("schema.prisma".to_string(), text.to_string())];
    let (from, to) = (from.map(file), file(to));
    let options = MigrationOptions {
        provider: Some("sqlite".into()),
        name: None,
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    generate_migration(from.as_deref(), Some(&to), &options)
        .unwrap()
        .sql
}

#[test]
fn sqlite_migrations_apply_and_reach_the_fresh_build_schema() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("node-llm-orm-sqlite-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<(String, String, String)> = Vec::new();
    let shapes = root.join("../shared/reference/nodellm/schemas");
    let mut names: Vec<PathBuf> = fs::read_dir(&shapes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for (j, to) in names.iter().enumerate() {
        for from in &names[..j] {
            cases.push((
                format!("nodellm {}", to.display()),
                fs::read_to_string(from).unwrap(),
                fs::read_to_string(to).unwrap(),
            ));
        }
    }
    let fixtures = root.join("tests/fixtures/migrate");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for case in dirs {
        // Only the pairs Prisma accepts on SQLite (they have an expectation).
        if case.join("a.prisma").exists() && case.join("sqlite.expected.sql").exists() {
            let read = |f: &str| fs::read_to_string(case.join(f)).unwrap();
            cases.push((
                case.file_name().unwrap().to_string_lossy().into_owned(),
                read("a.prisma"),
                read("b.prisma"),
            ));
        }
    }
    let mut failures = Vec::new();
    for (name, a, b) in &cases {
        // We write Prisma's unquoted `Json` default too, so such a pair must fail exactly that way.
        if has_json_default(a) {
            let err = build(&dir, "migrated", &[sql(None, a)]).unwrap_err();
            assert!(err.contains("unrecognized token: \"{\""), "{err}");
            continue;
        }
        // `default_kept_*`: Prisma keeps the old default by design (DateTime literals, equal numbers).
        if name.starts_with("default_kept_") {
            continue;
        }
        let migrated = build(&dir, "migrated", &[sql(None, a), sql(Some(a), b)]);
        let fresh = build(&dir, "fresh", &[sql(None, b)]);
        match (migrated, fresh) {
            (Ok(m), Ok(f)) if m == f => {}
            (Ok(m), Ok(f)) => failures.push(format!("{name}: schema differs\n{m}\n---\n{f}")),
            (Err(e), _) | (_, Err(e)) => failures.push(format!("{name}: {e}")),
        }
    }
    fs::remove_dir_all(&dir).unwrap();
    println!(
        "sqlite: {}/{} migrations reach the fresh-build schema (`defaults` fails as Prisma's does)",
        cases.len() - 1 - failures.len(),
        cases.len() - 1
    );
    assert!(cases.len() > 30);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A `Json` field with a `@default`: Prisma writes the default unquoted on SQLite
/// (`DEFAULT {"a":1}`), which SQLite rejects.
fn has_json_default(schema: &str) -> bool {
    schema
        .lines()
        .any(|l| l.split_whitespace().nth(1) == Some("Json") && l.contains("@default("))
}
