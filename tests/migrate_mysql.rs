//! MySQL has no oracle, so its SQL is proven on a real MariaDB (Debian `mariadb-server`): the test starts
//! a throw-away server on 127.0.0.1 in a temp dir, applies our migrations and compares the catalog with
//! a from-empty build of the target schema.

#[path = "support/mariadb.rs"]
mod mariadb;

use std::fs;
use std::path::{Path, PathBuf};

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

fn schema(path: &Path) -> Vec<(String, String)> {
    vec![(
        path.display().to_string(),
        fs::read_to_string(path).unwrap(),
    )]
}

fn mysql_sql(from: Option<&[(String, String)]>, to: &[(String, String)]) -> String {
    let options = MigrationOptions {
        provider: Some("mysql".into()),
        name: None,
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    generate_migration(from, Some(to), &options).unwrap().sql
}

#[test]
fn mysql_migrations_apply_to_mariadb_and_reach_the_target_catalog() {
    let server = mariadb::start("mysql");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    let mut failures = Vec::new();
    let mut applied = 0;

    // From empty: NodeLLM shapes and the MySQL schemas of the corpus (dub is one multi-file schema).
    let mut targets: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for entry in fs::read_dir(shared.join("reference/nodellm/schemas")).unwrap() {
        let p = entry.unwrap().path();
        targets.push((p.display().to_string(), schema(&p)));
    }
    let real = shared.join("corpus/real");
    let mut dub = Vec::new();
    let mut names: Vec<PathBuf> = fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let text = fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name.starts_with("dubinc__dub__") {
            dub.push((p.display().to_string(), text));
        } else if text.contains("provider = \"mysql\"") || text.contains("provider     = \"mysql\"")
        {
            targets.push((name, vec![(p.display().to_string(), text)]));
        }
    }
    targets.push(("dub (multi-file)".into(), dub));
    for (name, files) in &targets {
        server.fresh("t");
        match server.sql(Some("t"), &mysql_sql(None, files)) {
            Ok(_) => applied += 1,
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }

    // Schema to schema: apply A, then A → B; the catalog must equal a from-empty build of B.
    let fixtures = root.join("tests/fixtures/migrate");
    let mut cases: Vec<PathBuf> = fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        let (a, b) = (case.join("a.prisma"), case.join("b.prisma"));
        let texts = [&a, &b]
            .iter()
            .filter(|p| p.exists())
            .map(|p| fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        // PostgreSQL-only features (native types, schemas, lists, Gin, Unsupported PostGIS types).
        if ["@db.", "schemas", "[]", "type: Gin", "Unsupported", "Json"]
            .iter()
            .any(|f| texts.contains(f))
            || !a.exists()
        {
            continue;
        }
        let name = case.file_name().unwrap().to_str().unwrap();
        // `default_kept_*`: Prisma keeps the old default by design (it never compares a DateTime
        // literal default with another default, and compares numbers by value).
        if name.starts_with("default_kept_") {
            continue;
        }
        let (a, b) = (schema(&a), schema(&b));
        server.fresh("t");
        server.fresh("expected");
        let steps = server
            .sql(Some("t"), &mysql_sql(None, &a))
            .and_then(|_| server.sql(Some("t"), &mysql_sql(Some(&a), &b)))
            .and_then(|_| server.sql(Some("expected"), &mysql_sql(None, &b)));
        match steps {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(_) if server.catalog("t") != server.catalog("expected") => failures.push(format!(
                "{name}: catalog differs\n{}\n---\n{}",
                server.catalog("t"),
                server.catalog("expected")
            )),
            Ok(_) => applied += 1,
        }
    }
    println!(
        "mysql: {applied} migrations applied to MariaDB, {} failed",
        failures.len()
    );
    assert!(applied > 20);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
