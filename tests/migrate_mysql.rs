//! MySQL has no oracle, so its SQL is proven on a real MariaDB (Debian `mariadb-server`): the test starts
//! a throw-away server on 127.0.0.1 in a temp dir, applies our migrations and compares the catalog with
//! a from-empty build of the target schema.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

struct MariaDb {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start() -> MariaDb {
    let dir = std::env::temp_dir().join(format!("node-llm-orm-mariadb-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("data")).unwrap();
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let user = if as_root {
        vec!["--user=root".to_string()]
    } else {
        Vec::new()
    };
    let install = Command::new("mariadb-install-db")
        .args([
            "--no-defaults",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ])
        .arg(format!("--datadir={}", dir.join("data").display()))
        .args(&user)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("mariadb-install-db (Debian package mariadb-server) is needed for the MySQL tests");
    assert!(install.success(), "mariadb-install-db failed");
    let port = free_port();
    let child = Command::new("mariadbd")
        .arg("--no-defaults")
        .args(&user)
        .arg(format!("--datadir={}", dir.join("data").display()))
        .arg(format!("--port={port}"))
        .arg("--bind-address=127.0.0.1")
        .arg(format!("--socket={}", dir.join("mysqld.sock").display()))
        .arg(format!("--pid-file={}", dir.join("mysqld.pid").display()))
        .arg("--skip-name-resolve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("mariadbd (Debian package mariadb-server) is needed for the MySQL tests");
    let server = MariaDb { child, port, dir };
    for _ in 0..120 {
        if server.sql(None, "SELECT 1").is_ok() {
            return server;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    panic!("MariaDB did not start");
}

impl MariaDb {
    fn sql(&self, db: Option<&str>, script: &str) -> Result<String, String> {
        let mut cmd = Command::new("mariadb");
        cmd.args([
            "--protocol=tcp",
            "-h",
            "127.0.0.1",
            "-u",
            "root",
            "-N",
            "-B",
        ])
        .arg(format!("-P{}", self.port));
        if let Some(db) = db {
            cmd.arg(db);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .map_err(|e| e.to_string())?;
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn fresh(&self, db: &str) {
        self.sql(
            None,
            &format!("DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`"),
        )
        .unwrap();
    }

    /// Tables, columns (type, nullability, default), indexes and foreign keys, as sorted text.
    fn catalog(&self, db: &str) -> String {
        let q = format!(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '-'), EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' ORDER BY 1, 2;
             SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}' GROUP BY 1, 2, 3 ORDER BY 1, 2;
             SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{db}' ORDER BY 1;"
        );
        self.sql(None, &q).unwrap()
    }
}

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
    let server = start();
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
