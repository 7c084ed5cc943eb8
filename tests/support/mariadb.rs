//! A throwaway MariaDB server (Debian `mariadb-server`) on 127.0.0.1 in a temp directory, stopped
//! and removed on drop, driven through the `mariadb` client.

use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct MariaDb {
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

pub fn start(name: &str) -> MariaDb {
    let dir = std::env::temp_dir().join(format!(
        "node-llm-orm-mariadb-{name}-{}",
        std::process::id()
    ));
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
        // Its own temp dir: servers sharing /tmp delete each other's `#sql*` temp tables.
        .arg(format!("--tmpdir={}", dir.display()))
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
    pub fn sql(&self, db: Option<&str>, script: &str) -> Result<String, String> {
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

    pub fn fresh(&self, db: &str) {
        self.sql(
            None,
            &format!("DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`"),
        )
        .unwrap();
    }

    /// Tables, columns (type, nullability, default), indexes and foreign keys, as sorted text.
    pub fn catalog(&self, db: &str) -> String {
        let q = format!(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '-'), EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' ORDER BY 1, 2;
             SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}' GROUP BY 1, 2, 3 ORDER BY 1, 2;
             SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{db}' ORDER BY 1;"
        );
        self.sql(None, &q).unwrap()
    }
}
