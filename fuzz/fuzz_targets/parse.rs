//! Any bytes: a tree and diagnostics, never a panic; spans inside the text, locations 1-based.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_llm_orm_native::syntax::{parse_bytes, FileId, ParsedSchema};

fuzz_target!(|data: &[u8]| {
    let (file, diagnostics) = parse_bytes(FileId(0), "fuzz.prisma", data);
    for d in &diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= file.text.len(), "{d:?}");
    }
    let parsed = ParsedSchema { files: vec![file], diagnostics };
    for location in parsed.locations() {
        assert!(location.line >= 1 && location.column >= 1, "{location:?}");
    }
});
