//! `sync` on any schema: a report or a typed error, never a panic; a patch of a schema that had no
//! syntax error has none either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_llm_orm_native::nodellm::{sync, SyncInput};
use node_llm_orm_native::syntax::parse_files;

fuzz_target!(|text: &str| {
    let files = vec![("schema.prisma".to_string(), text.to_string())];
    let clean = !parse_files(&files).has_errors();
    let Ok(report) = sync(SyncInput { files, ..Default::default() }) else { return };
    if clean {
        let patched: Vec<(String, String)> = report.schema.into_iter().map(|f| (f.path, f.content)).collect();
        let reparsed = parse_files(&patched);
        assert!(!reparsed.has_errors(), "the patch broke the schema: {:?}", reparsed.errors().next());
    }
});
