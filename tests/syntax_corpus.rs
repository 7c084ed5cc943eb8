//! The parser against the shared corpus: Prisma's own verdicts, real-world schemas and round trips.
//!
//! The corpus lives in `../shared/corpus` (next to the repository, as in CI); these tests require it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use node_llm_orm_native::syntax::{parse_file, parse_files, parse_str, FileId};

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(dir.is_dir(), "the shared corpus is required at {}", dir.display());
    dir
}

fn prisma_files(sub: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus().join(sub))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The multi-file sets in `real/`, by file-name prefix.
const MULTI_FILE_PREFIXES: [&str; 4] = [
    "dubinc__dub__apps__web__prisma__schema__",
    "mfts__papermark__prisma__schema__",
    "lukevella__rallly__packages__database__prisma__",
    "formbricks__formbricks__packages__database__schema__",
];

#[test]
fn every_real_schema_parses_without_diagnostics() {
    let files = prisma_files("real");
    let mut sets: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for path in &files {
        let file_name = name(path);
        let key = MULTI_FILE_PREFIXES
            .iter()
            .find(|p| file_name.starts_with(*p))
            .map(|p| p.to_string())
            .unwrap_or_else(|| file_name.clone());
        sets.entry(key).or_default().push((file_name, fs::read_to_string(path).unwrap()));
    }
    assert_eq!(files.len(), 95, "corpus/real should hold 95 files");
    let mut failures = Vec::new();
    for (set, inputs) in &sets {
        let parsed = parse_files(inputs);
        for d in &parsed.diagnostics {
            let loc = parsed.location(d);
            failures.push(format!("{set}: {}:{}: {} {}", loc.file, loc.line, d.code, d.message));
        }
    }
    println!("real schema sets clean: {}/{}", sets.len() - count_sets(&failures, &sets), sets.len());
    assert!(failures.is_empty(), "diagnostics on real schemas:\n{}", failures.join("\n"));
}

fn count_sets(failures: &[String], sets: &BTreeMap<String, Vec<(String, String)>>) -> usize {
    sets.keys().filter(|k| failures.iter().any(|f| f.starts_with(&format!("{k}:")))).count()
}

#[test]
fn printing_the_tree_returns_every_corpus_file_byte_for_byte() {
    let mut total = 0;
    let mut failures = Vec::new();
    for sub in ["real", "engines", "probes"] {
        for path in prisma_files(sub) {
            let text = fs::read_to_string(&path).unwrap();
            let (file, _) = parse_file(FileId(0), &name(&path), &text);
            total += 1;
            if file.print() != text {
                failures.push(format!("{sub}/{}", name(&path)));
            }
        }
    }
    println!("round trip: {}/{total}", total - failures.len());
    assert!(total > 200, "expected the whole corpus, found {total} files");
    assert!(failures.is_empty(), "print(parse(x)) != x for:\n{}", failures.join("\n"));
}

/// One error Prisma reports: the line and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reported {
    line: u32,
    message: String,
}

/// Reads the `error: …` / `-->  schema.prisma:N` pairs of an `.expected.txt` section.
fn reported_errors(section: &str) -> Vec<Reported> {
    let lines: Vec<&str> = section.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        let at = lines.get(i + 1).and_then(|l| l.trim().strip_prefix("-->")).map(str::trim);
        let number = at.and_then(|a| a.rsplit(':').next()).and_then(|n| n.parse().ok());
        let line = number.unwrap_or_else(|| panic!("no location after {line:?}"));
        out.push(Reported { line, message: message.to_string() });
    }
    out
}

/// Messages of Prisma checks that belong to the syntax stage (grammar, names, literal checks);
/// everything else in a full validation (connectors, relations, indexes) is a later stage's job.
fn is_syntax_stage(message: &str) -> bool {
    const MARKERS: [&str; 19] = [
        "This line is",
        "This block is invalid",
        "Invalid type definition",
        "This field declaration is invalid",
        "don't require a `:`",
        "`!` is no longer required",
        "instead of `[Type]`",
        "Optional lists are not supported",
        "Trailing commas are not valid",
        "argument is missing a value",
        "escape sequence",
        "must not start with a number",
        "is not allowed in",
        "It is a reserved name",
        "reserved scalar type name",
        "An enum must have at least one value",
        "Expected a string value, but received",
        "is neither a built-in type",
        "needs to be assigned a value",
    ];
    MARKERS.iter().any(|m| message.contains(m))
}

/// What Prisma says about a fixture: grammar-level errors plus syntax-stage validation errors.
fn expected_errors(expected: &str) -> Vec<Reported> {
    let (grammar, full) = match expected.split_once("### full validation") {
        Some((g, f)) => (reported_errors(g), reported_errors(f)),
        None => (Vec::new(), reported_errors(expected)),
    };
    let mut all = grammar;
    for r in full.into_iter().filter(|r| is_syntax_stage(&r.message)) {
        if !all.contains(&r) {
            all.push(r);
        }
    }
    all
}

#[test]
fn verdicts_and_error_lines_match_prisma_on_probes_and_parsing_fixtures() {
    let mut fixtures: Vec<PathBuf> = prisma_files("probes");
    fixtures.extend(prisma_files("engines").into_iter().filter(|p| name(p).starts_with("parsing__")));
    let mut failures = Vec::new();
    let mut agree = 0;
    for path in &fixtures {
        let text = fs::read_to_string(path).unwrap();
        let expected_path = path.with_extension("expected.txt");
        let expected = fs::read_to_string(&expected_path).map(|e| expected_errors(&e)).unwrap_or_default();
        let parsed = parse_str(&text);
        let ours: Vec<(u32, String)> = parsed.errors().map(|d| (parsed.location(d).line, d.message.clone())).collect();
        let mut problems = Vec::new();
        if ours.is_empty() != expected.is_empty() {
            problems.push(format!("verdict: Prisma errors={}, ours={}", expected.len(), ours.len()));
        }
        for r in &expected {
            if !ours.iter().any(|(line, message)| *line == r.line && *message == r.message) {
                let on_line: Vec<&String> = ours.iter().filter(|(l, _)| *l == r.line).map(|(_, m)| m).collect();
                problems.push(format!("missing line {}: {:?} (ours on that line: {:?})", r.line, r.message, on_line));
            }
        }
        if problems.is_empty() {
            agree += 1;
        } else {
            failures.push(format!("{}:\n  {}\n  ours: {:?}", name(path), problems.join("\n  "), ours));
        }
    }
    println!("verdicts and lines matching Prisma: {agree}/{}", fixtures.len());
    assert!(fixtures.len() >= 60, "expected the probe and parsing fixtures, found {}", fixtures.len());
    assert!(failures.is_empty(), "{} fixtures differ from Prisma:\n{}", failures.len(), failures.join("\n"));
}
