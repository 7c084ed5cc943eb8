//! sync over every corpus file (real schemas, Prisma's engine fixtures, grammar probes): a typed
//! result or a typed error, never a panic and never a patch that fails to parse (INTERNAL_ERROR).

use node_llm_orm_native::nodellm::{sync, SyncInput};

#[test]
fn every_corpus_file_gets_a_report_or_a_typed_error() {
    let root = format!("{}/../shared/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    let mut reports = 0;
    let mut patched = 0;
    for folder in ["real", "engines", "probes"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{folder}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
        {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            seen += 1;
            let input = SyncInput {
                files: vec![(path.display().to_string(), text)],
                ..Default::default()
            };
            match std::panic::catch_unwind(|| sync(input)) {
                Err(_) => panic!("{}: sync panicked", path.display()),
                Ok(Err(err)) => assert_ne!(
                    err.code,
                    "INTERNAL_ERROR",
                    "{}: {}",
                    path.display(),
                    err.message
                ),
                Ok(Ok(report)) => {
                    reports += 1;
                    patched += report.schema.iter().filter(|f| f.changed).count();
                }
            }
        }
    }
    eprintln!("sync over the corpus: {seen} files, {reports} reports, {patched} patched files");
    assert!(seen >= 240, "corpus files seen: {seen}");
    assert!(
        reports >= 100 && patched >= 100,
        "reports {reports}, patched {patched}"
    );
}
