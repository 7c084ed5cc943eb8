//! The `sqlite3` shell (Debian package sqlite3) driven from the tests: scripts and a catalog dump.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `script` with `-bail`; any output on stderr counts as a failure.
pub fn sqlite(db: &Path, script: &str) -> Result<String, String> {
    let mut child = Command::new("sqlite3")
        .arg("-bail")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlite3 shell (Debian package sqlite3) is needed for this test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() && stderr.is_empty() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(stderr)
    }
}

/// Columns, indexes and foreign keys of every table, from SQLite's pragmas.
#[allow(dead_code)]
pub fn catalog(db: &Path) -> String {
    let tables = sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;").unwrap();
    let mut out = String::new();
    for table in tables.lines() {
        out.push_str(&format!("table {table}\n"));
        out.push_str(&sqlite(db, &format!("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}') ORDER BY name;")).unwrap());
        out.push_str(&sqlite(db, &format!("SELECT il.name, il.\"unique\", (SELECT group_concat(name) FROM pragma_index_info(il.name)) FROM pragma_index_list('{table}') il ORDER BY il.name;")).unwrap());
        out.push_str(&sqlite(db, &format!("SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\";")).unwrap());
    }
    out
}
