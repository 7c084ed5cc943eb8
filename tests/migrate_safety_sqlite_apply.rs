//! Safe migrations on a populated SQLite database (the `sqlite3` shell): the rows survive what is
//! written by default, renames keep the data under the new names, backfills fill the new required
//! columns, and the result has the catalog of a fresh build of the target (where the whole target
//! was written). Every change-kind fixture pair's safe migration applies.

#[path = "support/sqlite.rs"]
mod support_sqlite;

use std::fs;
use std::path::PathBuf;

use node_llm_orm_native::sql::{generate_migration, MigrationMode, MigrationOptions};
use support_sqlite::{catalog, sqlite};

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> Dir {
    let dir =
        std::env::temp_dir().join(format!("node-llm-orm-safety-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Dir(dir)
}

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/safety/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn sql(from: Option<&str>, to: &str, options: MigrationOptions) -> String {
    let file = |text: &str| vec![("schema.prisma".to_string(), text.to_string())];
    let (from, to) = (from.map(file), file(to));
    let options = MigrationOptions {
        provider: Some("sqlite".into()),
        ..options
    };
    generate_migration(from.as_deref(), Some(&to), &options)
        .unwrap()
        .sql
}

const ROWS: &str = "
INSERT INTO \"User\" (\"id\", \"name\", \"email\", \"age\", \"kind\") VALUES
  (1, 'Zoë “quoted” ✓', NULL, 9007199254740993, 'A'),
  (2, 'plain', 'two@example.com', 2, 'B');
INSERT INTO \"Post\" (\"id\", \"title\", \"authorId\") VALUES (10, 'first', 1), (11, replace(hex(zeroblob(5000)), '0', 'x'), 2);
INSERT INTO \"Old\" (\"id\") VALUES (100), (101);
";

#[test]
fn rows_survive_the_default_migration_and_unsafe_changes_wait() {
    let dir = temp_dir("loss");
    let db = dir.0.join("loss.db");
    let (a, b) = (fixture("loss_a.prisma"), fixture("loss_b.prisma"));
    sqlite(&db, &sql(None, &a, MigrationOptions::default())).unwrap();
    sqlite(&db, ROWS).unwrap();
    let dump = "SELECT id, name, email, age, kind FROM \"User\" ORDER BY id; SELECT id, title, authorId FROM \"Post\" ORDER BY id; SELECT id FROM \"Old\" ORDER BY id;";
    let before = sqlite(&db, dump).unwrap();
    let safe = sql(Some(&a), &b, MigrationOptions::default());
    sqlite(&db, &safe).unwrap();
    assert_eq!(sqlite(&db, dump).unwrap(), before);
    // With consent, Prisma's migration drops them (and fails on the required column without data).
    let lossy = sql(
        Some(&a),
        &b,
        MigrationOptions {
            allow_data_loss: true,
            ..MigrationOptions::default()
        },
    );
    let err = sqlite(&db, &lossy).unwrap_err();
    assert!(err.contains("NOT NULL constraint failed"), "{err}");
}

#[test]
fn renames_and_backfills_keep_the_rows_and_reach_the_target_catalog() {
    let dir = temp_dir("rename");
    let db = dir.0.join("rename.db");
    let (a, b) = (fixture("loss_a.prisma"), fixture("loss_b.prisma"));
    sqlite(&db, &sql(None, &a, MigrationOptions::default())).unwrap();
    sqlite(&db, ROWS).unwrap();
    let options = MigrationOptions {
        renames: [("User.name", "fullName"), ("Post.title", "headline")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        backfill: [
            ("User.email", "'user' || id || '@example.invalid'"),
            ("User.score", "length(\"fullName\")"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        // Backfills see the renamed columns. `Old`, the cast of `age` and the new unique index are
        // accepted too.
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    let before = sqlite(&db, "SELECT id, name, age FROM \"User\" ORDER BY id; SELECT id, title, authorId FROM \"Post\" ORDER BY id;").unwrap();
    sqlite(&db, &sql(Some(&a), &b, options)).unwrap();
    let after = sqlite(&db, "SELECT id, fullName, age FROM \"User\" ORDER BY id; SELECT id, headline, authorId FROM \"Post\" ORDER BY id;").unwrap();
    assert_eq!(after, before);
    assert_eq!(
        sqlite(&db, "SELECT id, email, score FROM \"User\" ORDER BY id;").unwrap(),
        "1|user1@example.invalid|14\n2|two@example.com|5\n"
    );
    let fresh = dir.0.join("fresh.db");
    sqlite(&fresh, &sql(None, &b, MigrationOptions::default())).unwrap();
    assert_eq!(catalog(&db), catalog(&fresh));
}

#[test]
fn idempotent_sqlite_runs_twice() {
    let dir = temp_dir("idempotent");
    let db = dir.0.join("twice.db");
    let script = sql(
        None,
        &fixture("online_b.prisma"),
        MigrationOptions {
            mode: MigrationMode::Idempotent,
            ..MigrationOptions::default()
        },
    );
    sqlite(&db, &script).unwrap();
    let once = catalog(&db);
    sqlite(&db, &script).unwrap();
    assert_eq!(catalog(&db), once);
    assert!(once.contains("table Tag"));
}

#[test]
fn every_fixture_pair_safe_migration_applies() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = temp_dir("pairs");
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
                format!("{} -> {}", from.display(), to.display()),
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
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if case.join("a.prisma").exists() && case.join("sqlite.expected.sql").exists() {
            let read = |f: &str| fs::read_to_string(case.join(f)).unwrap();
            if !has_json_default(&read("a.prisma")) {
                cases.push((name, read("a.prisma"), read("b.prisma")));
            }
        }
    }
    let mut failures = Vec::new();
    let mut with_unsafe = 0;
    for (name, a, b) in &cases {
        let db = dir.0.join("pair.db");
        let _ = fs::remove_file(&db);
        sqlite(&db, &sql(None, a, MigrationOptions::default())).unwrap();
        let file = |text: &str| vec![("schema.prisma".to_string(), text.to_string())];
        let m = generate_migration(
            Some(&file(a)),
            Some(&file(b)),
            &MigrationOptions {
                provider: Some("sqlite".into()),
                ..MigrationOptions::default()
            },
        )
        .unwrap();
        if !m.unsafe_changes.is_empty() {
            with_unsafe += 1;
        }
        if m.steps()
            .iter()
            .any(|s| s.kind == "dropTable" || s.kind == "dropColumn")
        {
            failures.push(format!("{name}: a drop was written without consent"));
        }
        if let Err(e) = sqlite(&db, &m.sql) {
            failures.push(format!("{name}: {e}"));
        }
    }
    println!(
        "{} pairs, {with_unsafe} with unsafe changes held back",
        cases.len()
    );
    assert!(with_unsafe > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_backfill_reads_the_column_it_replaces_before_the_drop() {
    let dir = temp_dir("replace");
    let db = dir.0.join("replace.db");
    let (a, b) = (fixture("loss_a.prisma"), fixture("loss_b.prisma"));
    sqlite(&db, &sql(None, &a, MigrationOptions::default())).unwrap();
    sqlite(&db, ROWS).unwrap();
    let options = MigrationOptions {
        backfill: [
            ("User.fullName", "upper(\"name\")"),
            ("Post.headline", "substr(\"title\", 1, 5)"),
            ("User.email", "'none'"),
            ("User.score", "0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    sqlite(&db, &sql(Some(&a), &b, options)).unwrap();
    assert_eq!(
        sqlite(&db, "SELECT id, fullName, email FROM \"User\" ORDER BY id; SELECT id, headline FROM \"Post\" ORDER BY id;").unwrap(),
        "1|ZOë “QUOTED” ✓|none\n2|PLAIN|two@example.com\n10|first\n11|xxxxx\n"
    );
    let fresh = dir.0.join("fresh.db");
    sqlite(&fresh, &sql(None, &b, MigrationOptions::default())).unwrap();
    assert_eq!(catalog(&db), catalog(&fresh));
}

/// A `Json` field with a `@default`: Prisma writes the default unquoted on SQLite
/// (`DEFAULT {"a":1}`), which SQLite rejects.
fn has_json_default(schema: &str) -> bool {
    schema
        .lines()
        .any(|l| l.split_whitespace().nth(1) == Some("Json") && l.contains("@default("))
}
