//! `cargo bench`: the core's stages, one at a time, on the NodeLLM reference schema and on the
//! generated 1,000-model schema (`bench/synthetic.mjs`, run through `node` so there is one generator).
//!
//! `newline count` reads the same bytes doing almost nothing (it is the floor a parser cannot beat);
//! `parse` is reported in MB/s next to it, and `parse (one thread)` without the threads a big file
//! is parsed on (`resolve (one thread)` likewise). `resolve`, `calculate` (resolved schema → SQL schema),
//! `diff` (from an empty database) and `render` (steps → SQL text) each start from the previous
//! stage's output, so their times add up to `generate_migration`, which is timed whole as well.

use std::hint::black_box;
use std::process::Command;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use node_llm_orm_native::diff::{self, SqlSchema};
use node_llm_orm_native::nodellm::shapes;
use node_llm_orm_native::schema::{self, Provider};
use node_llm_orm_native::sql::{self, MigrationOptions};
use node_llm_orm_native::syntax;

fn synthetic(models: usize) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("node")
        .arg(format!("{root}/bench/synthetic.mjs"))
        .args(["--models", &models.to_string()])
        .output()
        .expect("`node` runs bench/synthetic.mjs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the generator writes UTF-8")
}

fn inputs() -> Vec<(&'static str, String)> {
    vec![
        ("nodellm", shapes::latest().schema.to_string()),
        ("synthetic-1000", synthetic(1000)),
    ]
}

fn stages(c: &mut Criterion) {
    // The allocator as the addon sets it up in Node (otherwise freed pages are faulted in again
    // on every iteration: ~1 ms of a 1,000-model generate_migration).
    node_llm_orm_native::keep_freed_pages();
    for (name, text) in inputs() {
        let files = vec![(syntax::DEFAULT_PATH.to_string(), text.clone())];
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("newline count", |b| {
            b.iter(|| {
                black_box(text.as_bytes())
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
            })
        });
        group.bench_function("parse", |b| {
            b.iter(|| syntax::parse_files(black_box(&files)))
        });
        group.bench_function("parse (one thread)", |b| {
            b.iter(|| syntax::parse_files_on_one_thread(black_box(&files)))
        });

        let parsed = syntax::parse_files(&files);
        assert!(!parsed.has_errors(), "{name} parses clean");
        group.bench_function("resolve", |b| {
            b.iter(|| schema::resolve(black_box(&parsed.files)))
        });
        group.bench_function("resolve (one thread)", |b| {
            b.iter(|| schema::resolve_on_one_thread(black_box(&parsed.files)))
        });

        let (resolved, _) = schema::resolve(&parsed.files);
        let provider = resolved
            .datasource
            .as_ref()
            .map(|d| d.provider)
            .unwrap_or(Provider::PostgreSql);
        group.bench_function("calculate", |b| {
            b.iter(|| diff::calculate(black_box(&resolved), provider))
        });

        let empty = SqlSchema::default();
        let next = diff::calculate(&resolved, provider);
        group.bench_function("diff", |b| {
            b.iter(|| diff::diff(black_box(&empty), black_box(&next), provider))
        });

        let steps = diff::diff(&empty, &next, provider);
        group.bench_function("render", |b| {
            b.iter(|| sql::render_script(black_box(&steps), &empty, &next, provider))
        });

        let options = MigrationOptions::default();
        group.bench_function(BenchmarkId::new("generate_migration", "from empty"), |b| {
            b.iter(|| sql::generate_migration(None, Some(black_box(&files)), &options).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
