//! No quadratic path: ten times the input costs about ten times the time. Wall-clock thresholds
//! would flake on a busy machine, so each test compares two sizes measured the same way, one right
//! after the other (the best of a few runs, the tests one at a time), and allows four times the
//! linear ratio so a noisy machine cannot fail it: a quadratic path gives 100×, far beyond it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The two tests would otherwise share the machine's cores and time each other.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

use node_llm_orm_native::nodellm::{sync, SyncInput};
use node_llm_orm_native::sql::{generate_migration, MigrationOptions};
use node_llm_orm_native::syntax::parse_str;

/// One model per unit, each related to the one before, with the attributes real schemas use.
fn schema(bytes: usize) -> String {
    let mut text = String::from("datasource db {\n  provider = \"postgresql\"\n}\n\n");
    let mut i = 0;
    while text.len() < bytes {
        let prev = if i == 0 { 0 } else { i - 1 };
        text.push_str(&format!(
            "/// Model {i}\nmodel M{i} {{\n  id      String   @id @default(uuid()) @db.Uuid\n  name    String?  @db.VarChar(255)\n  tags    String[]\n  at      DateTime @default(now()) @map(\"created_at\")\n  prevId  String?  @db.Uuid\n  prev    M{prev}?   @relation(\"r{i}\", fields: [prevId], references: [id], onDelete: Cascade)\n  next    M{next}[]  @relation(\"r{next}\")\n\n  @@index([name(sort: Desc), at])\n  @@map(\"m_{i}\")\n}}\n\n",
            next = i + 1,
        ));
        i += 1;
    }
    // The last model's `next` list points at a model that does not exist yet: close the chain.
    text.push_str(&format!("model M{i} {{\n  id     String @id @db.Uuid\n  prevId String? @db.Uuid\n  prev   M{}? @relation(\"r{i}\", fields: [prevId], references: [id])\n}}\n", i - 1));
    text
}

fn best_of(runs: usize, f: impl Fn()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn assert_linear(what: &str, small: Duration, large: Duration) {
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    eprintln!("{what}: {small:?} → {large:?} ({ratio:.1}×)");
    assert!(
        ratio < 40.0,
        "{what}: 10× the input took {ratio:.1}× the time ({small:?} → {large:?})"
    );
}

#[test]
fn parsing_ten_megabytes_costs_ten_times_one() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (schema(1 << 20), schema(10 << 20));
    let parse = |text: &str| {
        let parsed = parse_str(text);
        assert!(
            parsed.diagnostics.is_empty(),
            "{:?}",
            &parsed.diagnostics[..1]
        );
    };
    let t_small = best_of(3, || parse(&small));
    // Three runs of the large one too: with two, one slow spell of this VM during both (the first
    // also faults in the ~200 MB tree) once gave 42.5x where 9-16x is usual.
    let t_large = best_of(3, || parse(&large));
    assert_linear("parse", t_small, t_large);
}

/// A big file is cut for threads after a line holding only `}`; the search for one must read each
/// line once, however many blank lines follow a line that is not a `}`.
#[test]
fn parsing_ten_times_the_blank_lines_costs_ten_times_one() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let blank = |bytes: usize| {
        format!(
            "model A {{\n  id Int @id\n}}\n// lines\n{}",
            " \n".repeat(bytes / 2)
        )
    };
    let (small, large) = (blank(160 << 10), blank(1600 << 10));
    let parse = |text: &str| assert!(parse_str(text).diagnostics.is_empty());
    let t_small = best_of(3, || parse(&small));
    let t_large = best_of(2, || parse(&large));
    assert_linear("parse of blank lines", t_small, t_large);
}

#[test]
fn migrating_and_syncing_ten_times_the_models_costs_ten_times_the_time() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (schema(200 << 10), schema(2 << 20));
    let files = |text: &str| vec![("schema.prisma".to_string(), text.to_string())];
    let migrate = |text: &str| {
        generate_migration(None, Some(&files(text)), &MigrationOptions::default()).unwrap();
    };
    assert_linear(
        "generate_migration",
        best_of(3, || migrate(&small)),
        best_of(2, || migrate(&large)),
    );
    // Between two schemas: every table gets its foreign key, an index and a renamed column, so the
    // tables are paired, every change is checked for safety and drop+add pairs become likely renames.
    let without_relations = |text: &str| -> String {
        text.lines()
            .filter(|line| !line.contains("@relation("))
            .map(|line| {
                line.replace("  name    String?", "  title   String?")
                    .replace("[name(", "[title(")
                    + "\n"
            })
            .collect()
    };
    let (small_from, large_from) = (without_relations(&small), without_relations(&large));
    let change = |from: &str, to: &str| {
        let migration = generate_migration(
            Some(&files(from)),
            Some(&files(to)),
            &MigrationOptions::default(),
        )
        .unwrap();
        assert!(
            migration.sql.contains("FOREIGN KEY"),
            "{}",
            &migration.sql[..200]
        );
    };
    assert_linear(
        "generate_migration between schemas",
        best_of(3, || change(&small_from, &small)),
        best_of(2, || change(&large_from, &large)),
    );
    let run_sync = |text: &str| {
        sync(SyncInput {
            files: files(text),
            ..Default::default()
        })
        .unwrap();
    };
    assert_linear(
        "sync",
        best_of(3, || run_sync(&small)),
        best_of(2, || run_sync(&large)),
    );
}
