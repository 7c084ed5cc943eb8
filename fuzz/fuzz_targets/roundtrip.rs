//! The tree is lossless: printing it gives back the input, byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_llm_orm_native::syntax::{parse_file, FileId};

fuzz_target!(|text: &str| {
    let (file, _) = parse_file(FileId(0), "fuzz.prisma", text);
    assert_eq!(file.print(), text);
});
