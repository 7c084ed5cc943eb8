//! Reading a schema from disk (a file, or a `prisma/schema/` folder as Prisma reads it) and writing
//! a patched one back atomically, so an interrupted write never leaves half a schema.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::report::SchemaFiles;
use crate::error::{CoreError, CoreResult};

fn io_error(action: &str, path: &Path, err: std::io::Error) -> CoreError {
    CoreError::new(
        "IO_ERROR",
        format!("cannot {action} {}: {err}", path.display()),
    )
}

/// A `.prisma` file, or every `.prisma` file under a folder (recursively, sorted by path).
pub fn read_schema(path: &Path) -> CoreResult<SchemaFiles> {
    let meta = fs::metadata(path).map_err(|e| io_error("read", path, e))?;
    if meta.is_file() {
        let content = fs::read_to_string(path).map_err(|e| io_error("read", path, e))?;
        return Ok(vec![(path.to_string_lossy().into_owned(), content)]);
    }
    let mut found = Vec::new();
    collect(path, &mut found)?;
    found.sort();
    if found.is_empty() {
        return Err(CoreError::new(
            "SCHEMA_NOT_FOUND",
            format!("no .prisma file in {}", path.display()),
        ));
    }
    found
        .into_iter()
        .map(|p| {
            let content = fs::read_to_string(&p).map_err(|e| io_error("read", &p, e))?;
            Ok((p.to_string_lossy().into_owned(), content))
        })
        .collect()
}

/// Every `.prisma` file under `root`. A worklist, not recursion, and each real folder once: a
/// symlink back up the tree (`prisma/schema/loop -> ..`) neither loops nor reads a file twice.
fn collect(root: &Path, out: &mut Vec<PathBuf>) -> CoreResult<()> {
    let mut seen = HashSet::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let real = fs::canonicalize(&dir).map_err(|e| io_error("read", &dir, e))?;
        if !seen.insert(real) {
            continue;
        }
        for entry in fs::read_dir(&dir).map_err(|e| io_error("read", &dir, e))? {
            let path = entry.map_err(|e| io_error("read", &dir, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "prisma") {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Writes `content` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, content: &str) -> CoreResult<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&temp, meta.permissions())?;
        }
        fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_error("write", path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_read_recursively_in_path_order_and_writes_replace_atomically() {
        let dir = std::env::temp_dir().join(format!("nodellm-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("b.prisma"), "b").unwrap();
        fs::write(dir.join("sub/a.prisma"), "a").unwrap();
        fs::write(dir.join("notes.md"), "x").unwrap();
        let files = read_schema(&dir).unwrap();
        let names: Vec<&str> = files.iter().map(|(_, c)| c.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        write_atomic(&dir.join("b.prisma"), "new").unwrap();
        assert_eq!(fs::read_to_string(dir.join("b.prisma")).unwrap(), "new");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            3,
            "no temporary file left behind"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_back_up_the_tree_is_read_once() {
        let dir = std::env::temp_dir().join(format!("nodellm-files-loop-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("a.prisma"), "a").unwrap();
        fs::write(dir.join("sub/b.prisma"), "b").unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/loop")).unwrap();
        let files = read_schema(&dir).unwrap();
        let contents: Vec<&str> = files.iter().map(|(_, c)| c.as_str()).collect();
        assert_eq!(contents, ["a", "b"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
