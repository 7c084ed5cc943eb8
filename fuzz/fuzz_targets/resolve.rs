//! Whatever parses resolves (problems as diagnostics, never a panic), and so does each provider's
//! SQL schema computed from it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_llm_orm_native::diff::calculate;
use node_llm_orm_native::schema::{resolve, Provider};
use node_llm_orm_native::syntax::parse_str;

fuzz_target!(|text: &str| {
    let parsed = parse_str(text);
    let (schema, diagnostics) = resolve(&parsed.files);
    if !parsed.has_errors() && diagnostics.iter().all(|d| d.severity != node_llm_orm_native::syntax::Severity::Error) {
        for provider in [Provider::PostgreSql, Provider::Sqlite, Provider::MySql, Provider::CockroachDb] {
            calculate(&schema, provider);
        }
    }
});
