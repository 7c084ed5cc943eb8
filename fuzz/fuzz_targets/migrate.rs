//! `generate_migration` between two fuzzed schemas (split at the first NUL byte; the first byte
//! picks the provider): SQL or a typed error, never a panic; the same input twice gives an empty
//! migration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

const PROVIDERS: [&str; 4] = ["postgresql", "sqlite", "mysql", "cockroachdb"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (a, b) = text.split_once('\0').unwrap_or((&text, ""));
    let from = vec![("a.prisma".to_string(), a.to_string())];
    let to = vec![("b.prisma".to_string(), b.to_string())];
    let options = MigrationOptions { provider: Some(PROVIDERS[first as usize % 4].to_string()), ..Default::default() };
    let _ = generate_migration(Some(&from), Some(&to), &options);
    if let Ok(same) = generate_migration(Some(&to), Some(&to), &options) {
        assert!(same.steps().is_empty(), "{b:?} → itself: {:?}", same.steps());
    }
});
