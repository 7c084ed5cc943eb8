//! Shared helpers for the sync tests: the reference shapes from `../shared`, and sync calls.
#![allow(dead_code)]

use node_llm_orm_native::nodellm::{sync, SyncInput, SyncReport, TableNames};

pub const SHAPES: [&str; 5] = ["0.1.0", "0.2.0", "0.5.0", "0.7.1", "0.8.0"];
pub const RELEASED: [&str; 4] = ["0.1.0", "0.2.0", "0.5.0", "0.8.0"];

pub fn shared(path: &str) -> String {
    let full = format!("{}/../shared/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

pub fn shape(version: &str) -> String {
    shared(&format!("reference/nodellm/schemas/{version}.prisma"))
}

pub fn one(text: &str) -> Vec<(String, String)> {
    vec![("schema.prisma".to_string(), text.to_string())]
}

pub fn run(
    files: Vec<(String, String)>,
    target: Option<&str>,
    names: Option<TableNames>,
) -> SyncReport {
    sync(SyncInput {
        files,
        reference: None,
        target: target.map(str::to_string),
        table_names: names,
    })
    .unwrap_or_else(|e| panic!("sync failed: {e:?}"))
}

pub fn patched(report: &SyncReport) -> Vec<(String, String)> {
    report
        .schema
        .iter()
        .map(|f| (f.path.clone(), f.content.clone()))
        .collect()
}

/// `(kind, model, field)` of every change, as the tests write them.
pub fn summary(report: &SyncReport) -> Vec<String> {
    report
        .changes
        .iter()
        .map(|c| {
            let kind = serde_json::to_value(c.kind).unwrap();
            let severity = serde_json::to_value(c.severity).unwrap();
            format!(
                "{} {}{} {} {}",
                kind.as_str().unwrap(),
                c.model,
                c.field
                    .as_ref()
                    .map(|f| format!(".{f}"))
                    .unwrap_or_default(),
                severity.as_str().unwrap(),
                c.since
            )
        })
        .collect()
}
