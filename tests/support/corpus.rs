//! The `.prisma` files of `../shared/corpus` (real, engines, probes), each as a one-file schema,
//! sorted by path; invalid UTF-8 is read lossily, as the tests feed whatever the corpus holds.
//! Panics unless there are more than 100: a test over a missing or emptied corpus would pass on
//! nothing.

pub fn corpus_files() -> Vec<Vec<(String, String)>> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    for sub in ["real", "engines", "probes"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "prisma") {
                files.push(vec![(
                    path.display().to_string(),
                    String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
                )]);
            }
        }
    }
    files.sort();
    assert!(
        files.len() > 100,
        "the corpus holds {} schemas",
        files.len()
    );
    files
}
