//! `generate_migration` against expectations Prisma's own engine wrote (`scripts/regen-migrate-fixtures.mjs`):
//! the change-kind fixture pairs, every NodeLLM shape pair, and the engines' migration fixtures.

use std::fs;
use std::path::{Path, PathBuf};

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared() -> PathBuf {
    root().join("..").join("shared")
}

fn schema(path: &Path) -> Vec<(String, String)> {
    vec![(
        path.display().to_string(),
        fs::read_to_string(path).unwrap(),
    )]
}

/// Returns a description of the first difference, or `None` when byte-identical.
fn check(from: Option<&Path>, to: &Path, provider: &str, expected: &Path) -> Option<String> {
    let expected_sql = fs::read_to_string(expected).unwrap();
    let from_files = from.map(schema);
    let to_files = schema(to);
    let options = MigrationOptions {
        provider: Some(provider.to_string()),
        name: None,
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    match generate_migration(from_files.as_deref(), Some(&to_files), &options) {
        Err(e) => Some(format!(
            "{}: error {} {}",
            expected.display(),
            e.code,
            e.message
        )),
        Ok(m) if m.sql == expected_sql => None,
        Ok(m) => {
            let line = m
                .sql
                .lines()
                .zip(expected_sql.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            Some(format!(
                "{}: differs at line {}\n  ours:   {:?}\n  prisma: {:?}",
                expected.display(),
                line + 1,
                m.sql.lines().nth(line).unwrap_or("<end>"),
                expected_sql.lines().nth(line).unwrap_or("<end>")
            ))
        }
    }
}

fn report(name: &str, total: usize, failures: Vec<String>) {
    println!(
        "{name}: {}/{} byte-identical",
        total - failures.len(),
        total
    );
    assert!(total > 0, "{name}: no expectations found");
    assert!(
        failures.is_empty(),
        "{name}: {} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn change_kind_fixture_pairs_match_prisma() {
    let dir = root().join("tests/fixtures/migrate");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for case in cases {
        let a = case.join("a.prisma");
        for provider in ["postgresql", "sqlite", "cockroachdb"] {
            let expected = case.join(format!("{provider}.expected.sql"));
            if !expected.exists() {
                continue;
            }
            total += 1;
            failures.extend(check(
                a.exists().then_some(a.as_path()),
                &case.join("b.prisma"),
                provider,
                &expected,
            ));
        }
    }
    report("change kinds", total, failures);
}

#[test]
fn nodellm_shapes_from_empty_and_every_pair_match_prisma() {
    let shapes = shared().join("reference/nodellm/schemas");
    let dir = root().join("tests/fixtures/migrate-nodellm");
    let mut expectations: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    expectations.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for expected in expectations {
        let name = expected
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches(".expected.sql")
            .to_string();
        let (pair, provider) = name.rsplit_once('.').unwrap();
        let (from, to) = pair.split_once("__").unwrap();
        let from = (from != "empty").then(|| shapes.join(format!("{from}.prisma")));
        total += 1;
        failures.extend(check(
            from.as_deref(),
            &shapes.join(format!("{to}.prisma")),
            provider,
            &expected,
        ));
    }
    report("nodellm", total, failures);
}

#[test]
fn nodellm_reference_schema_matches_the_oracle_expected_files() {
    let schema = shared().join("reference/nodellm/schemas/0.8.0.prisma");
    let old = shared().join("reference/nodellm/schemas/0.1.0.prisma");
    let expected = shared().join("oracle/expected");
    let mut failures = Vec::new();
    for provider in ["postgresql", "sqlite"] {
        failures.extend(check(
            None,
            &schema,
            provider,
            &expected.join(format!("nodellm-{provider}.sql")),
        ));
        failures.extend(check(
            Some(&old),
            &schema,
            provider,
            &expected.join(format!("upgrade-{provider}.sql")),
        ));
    }
    report("oracle/expected", 4, failures);
}

/// The upstream `// Expected Migration:` block of an engines fixture, without its `// ` prefixes.
fn upstream_expectation(text: &str) -> String {
    let start = text
        .find("// Expected Migration:")
        .expect("fixture has an expectation");
    text[start..]
        .lines()
        .skip(1)
        .map(|l| {
            l.strip_prefix("// ")
                .or_else(|| l.strip_prefix("//"))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

#[test]
fn engines_migration_fixtures_match() {
    let engines = shared().join("corpus/engines");
    let mut files: Vec<PathBuf> = fs::read_dir(&engines)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("migration__")
        })
        .collect();
    files.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for file in files {
        let name = file.file_name().unwrap().to_str().unwrap().to_string();
        total += 1;
        if name.starts_with("migration__mysql__") {
            // No oracle for MySQL: upstream's expected SQL is the reference.
            let expected = upstream_expectation(&fs::read_to_string(&file).unwrap());
            let options = MigrationOptions {
                provider: None,
                name: None,
                allow_data_loss: true,
                ..MigrationOptions::default()
            };
            match generate_migration(None, Some(&schema(&file)), &options) {
                Ok(m) if m.sql.trim_end() == expected => {}
                Ok(m) => failures.push(format!(
                    "{name}:\n--- ours\n{}\n--- upstream\n{expected}",
                    m.sql
                )),
                Err(e) => failures.push(format!("{name}: error {} {}", e.code, e.message)),
            }
        } else {
            let provider = if name.starts_with("migration__sqlite__") {
                "sqlite"
            } else {
                "postgresql"
            };
            let expected = root()
                .join("tests/fixtures/migrate-engines")
                .join(name.replace(".prisma", ".expected.sql"));
            failures.extend(check(None, &file, provider, &expected));
        }
    }
    report("engines migration fixtures", total, failures);
}
