//! Safe migrations on a populated MariaDB (Debian's `mariadb-server`, 10.11, started on 127.0.0.1):
//! the rows survive the default migration, renames and backfills keep them and reach the catalog of
//! a fresh build, and idempotent output (MariaDB's `IF [NOT] EXISTS`) runs twice.

#[path = "support/mariadb.rs"]
mod mariadb;

use std::collections::BTreeMap;

use node_llm_orm_native::sql::{generate_migration, MigrationMode, MigrationOptions};

fn fixture(name: &str) -> Vec<(String, String)> {
    let path = format!(
        "{}/tests/fixtures/safety/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    vec![(path.clone(), std::fs::read_to_string(&path).unwrap())]
}

fn sql(from: Option<&str>, to: &str, options: MigrationOptions) -> String {
    let from = from.map(fixture);
    let options = MigrationOptions {
        provider: Some("mysql".into()),
        ..options
    };
    generate_migration(from.as_deref(), Some(&fixture(to)), &options)
        .unwrap()
        .sql
}

fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const ROWS: &str = "
INSERT INTO `User` (`id`, `name`, `email`, `age`, `kind`) VALUES
  (1, 'Zoë “quoted” ✓', NULL, 9007199254740993, 'A'),
  (2, 'plain', 'two@example.com', 2, 'B');
INSERT INTO `Post` (`id`, `title`, `authorId`) VALUES (10, 'first', 1), (11, REPEAT('x', 150), 2);
INSERT INTO `Old` (`id`) VALUES (100), (101);
";

#[test]
fn mariadb_keeps_rows_renames_backfills_and_runs_idempotent_output_twice() {
    let server = mariadb::start("safety");
    let (a, b) = ("loss_a.prisma", "loss_b.prisma");

    // Default: nothing unsafe is written, every row stays.
    server.fresh("loss");
    server
        .sql(Some("loss"), &sql(None, a, MigrationOptions::default()))
        .unwrap();
    server.sql(Some("loss"), ROWS).unwrap();
    let dump = "SELECT id, name, IFNULL(email, '-'), age, kind FROM `User` ORDER BY id; SELECT id, MD5(title), authorId FROM `Post` ORDER BY id; SELECT id FROM `Old` ORDER BY id;";
    let before = server.sql(Some("loss"), dump).unwrap();
    server
        .sql(Some("loss"), &sql(Some(a), b, MigrationOptions::default()))
        .unwrap();
    assert_eq!(server.sql(Some("loss"), dump).unwrap(), before);

    // Renames and backfills (data loss accepted for the rest) reach the fresh build's catalog.
    server.fresh("renamed");
    server
        .sql(Some("renamed"), &sql(None, a, MigrationOptions::default()))
        .unwrap();
    server
        .sql(Some("renamed"), "INSERT INTO `User` (`id`, `name`, `email`, `age`, `kind`) VALUES (1, 'Zoë ✓', NULL, 7, 'A'), (2, 'plain', 'two@example.com', 2, 'A'); INSERT INTO `Post` (`id`, `title`, `authorId`) VALUES (10, 'first', 1);")
        .unwrap();
    let options = MigrationOptions {
        renames: map(&[("User.name", "fullName"), ("Post.title", "headline")]),
        backfill: map(&[
            ("User.email", "CONCAT('user', id, '@example.invalid')"),
            ("User.score", "CHAR_LENGTH(`fullName`)"),
        ]),
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    server
        .sql(Some("renamed"), &sql(Some(a), b, options))
        .unwrap();
    assert_eq!(
        server
            .sql(Some("renamed"), "SELECT id, fullName, email, score, age FROM `User` ORDER BY id; SELECT id, headline, authorId FROM `Post`;")
            .unwrap(),
        "1\tZoë ✓\tuser1@example.invalid\t5\t7\n2\tplain\ttwo@example.com\t5\t2\n10\tfirst\t1\n"
    );
    server.fresh("fresh");
    server
        .sql(Some("fresh"), &sql(None, b, MigrationOptions::default()))
        .unwrap();
    assert_eq!(server.catalog("renamed"), server.catalog("fresh"));

    // Table and column renames with their keys and indexes.
    server.fresh("tables");
    let ra = "rename_a.prisma";
    server
        .sql(Some("tables"), &sql(None, ra, MigrationOptions::default()))
        .unwrap();
    server
        .sql(Some("tables"), "INSERT INTO `User` (`id`, `name`) VALUES (1, 'a'); INSERT INTO `Post` (`id`, `title`, `authorId`) VALUES (5, 't', 1);")
        .unwrap();
    let renames = MigrationOptions {
        renames: map(&[
            ("User", "Account"),
            ("User.name", "fullName"),
            ("Post.authorId", "writerId"),
        ]),
        ..MigrationOptions::default()
    };
    server
        .sql(Some("tables"), &sql(Some(ra), "rename_b.prisma", renames))
        .unwrap();
    assert_eq!(
        server
            .sql(
                Some("tables"),
                "SELECT a.fullName, p.title FROM `Post` p JOIN `Account` a ON a.id = p.writerId;"
            )
            .unwrap(),
        "a\tt\n"
    );
    server.fresh("tables_fresh");
    server
        .sql(
            Some("tables_fresh"),
            &sql(None, "rename_b.prisma", MigrationOptions::default()),
        )
        .unwrap();
    assert_eq!(server.catalog("tables"), server.catalog("tables_fresh"));

    // Idempotent: a from-empty build and a lossy A → B both run twice.
    server.fresh("twice");
    let idempotent = || MigrationOptions {
        mode: MigrationMode::Idempotent,
        allow_data_loss: true,
        ..MigrationOptions::default()
    };
    let create = sql(None, ra, idempotent());
    let change = sql(Some(ra), "rename_b.prisma", idempotent());
    for _ in 0..2 {
        server.sql(Some("twice"), &create).unwrap();
    }
    for _ in 0..2 {
        server.sql(Some("twice"), &change).unwrap();
    }
    assert_eq!(server.catalog("twice"), server.catalog("tables_fresh"));
    // Renames too (`ALTER TABLE IF EXISTS … RENAME COLUMN/INDEX IF EXISTS`).
    server.fresh("renamed_twice");
    server.sql(Some("renamed_twice"), &create).unwrap();
    let renamed = sql(
        Some(ra),
        "rename_b.prisma",
        MigrationOptions {
            renames: map(&[
                ("User", "Account"),
                ("User.name", "fullName"),
                ("Post.authorId", "writerId"),
            ]),
            ..idempotent()
        },
    );
    assert!(renamed.contains("RENAME COLUMN IF EXISTS `authorId` TO `writerId`"));
    for _ in 0..2 {
        server.sql(Some("renamed_twice"), &renamed).unwrap();
    }
    assert_eq!(
        server.catalog("renamed_twice"),
        server.catalog("tables_fresh")
    );

    // Every change-kind pair MySQL can express: the safe migration applies, and idempotent output
    // (data loss accepted) runs twice to the fresh build's catalog, or is refused as a whole.
    let fixtures =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrate");
    let mut cases: Vec<std::path::PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let (mut failures, mut checked, mut refused) = (Vec::new(), 0, 0);
    let schema =
        |p: &std::path::Path| vec![(p.display().to_string(), std::fs::read_to_string(p).unwrap())];
    let mysql =
        |from: Option<&[(String, String)]>, to: &[(String, String)], options: MigrationOptions| {
            generate_migration(
                from,
                Some(to),
                &MigrationOptions {
                    provider: Some("mysql".into()),
                    ..options
                },
            )
        };
    for case in cases {
        let (a, b) = (case.join("a.prisma"), case.join("b.prisma"));
        if !a.exists() {
            continue;
        }
        let texts = std::fs::read_to_string(&a).unwrap() + &std::fs::read_to_string(&b).unwrap();
        // PostgreSQL-only features, as in migrate_mysql.rs.
        if ["@db.", "schemas", "[]", "type: Gin", "Unsupported", "Json"]
            .iter()
            .any(|f| texts.contains(f))
        {
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        // `default_kept_*`: Prisma keeps the old default by design (DateTime literals, equal numbers).
        if name.starts_with("default_kept_") {
            continue;
        }
        let (a, b) = (schema(&a), schema(&b));
        let create = mysql(None, &a, MigrationOptions::default()).unwrap().sql;
        server.fresh("pair");
        server.sql(Some("pair"), &create).unwrap();
        let safe = mysql(Some(&a), &b, MigrationOptions::default())
            .unwrap()
            .sql;
        if let Err(e) = server.sql(Some("pair"), &safe) {
            failures.push(format!("{name}: safe migration: {e}"));
            continue;
        }
        let idempotent = match mysql(Some(&a), &b, idempotent()) {
            Ok(m) => m.sql,
            Err(e) if e.code == "UNSUPPORTED_MODE" => {
                refused += 1;
                continue;
            }
            Err(e) => panic!("{name}: {e:?}"),
        };
        server.fresh("pair");
        server.sql(Some("pair"), &create).unwrap();
        server.fresh("pair_fresh");
        server
            .sql(
                Some("pair_fresh"),
                &mysql(None, &b, MigrationOptions::default()).unwrap().sql,
            )
            .unwrap();
        let runs = server
            .sql(Some("pair"), &idempotent)
            .and_then(|_| server.sql(Some("pair"), &idempotent));
        match runs {
            Err(e) => failures.push(format!("{name}: idempotent: {e}")),
            Ok(_) if server.catalog("pair") != server.catalog("pair_fresh") => {
                failures.push(format!("{name}: idempotent catalog differs"))
            }
            Ok(_) => checked += 1,
        }
    }
    println!("mariadb: {checked} idempotent pairs ran twice, {refused} refused");
    assert!(checked > 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
