//! The parser against the shared corpus, one named test per fixture file (as prisma-engines' psl
//! generates one test per fixture), so a failure names its file and `cargo test -- probes::` or
//! `-- real::calcom` runs a slice:
//! - `real::<file>`: zero diagnostics (a file of a multi-file set is parsed with its set) and a
//!   byte-for-byte round trip;
//! - `probes::<file>` and `engines::parsing__*`: Prisma's verdict and error lines from the sidecar
//!   `.expected.txt`, and the round trip;
//! - every other `engines::<file>`: the round trip.
//!
//! The files are listed when the test binary runs, so a fixture added to `../shared/corpus` is a new
//! test with no code change. Without the corpus the run fails under `CI=true`; elsewhere it shows a
//! single ignored test that says the corpus is missing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use node_llm_orm_native::syntax::{parse_file, parse_files, FileId};

/// The multi-file sets in `real/`, by file-name prefix: their files are parsed together.
const MULTI_FILE_PREFIXES: [&str; 4] = [
    "dubinc__dub__apps__web__prisma__schema__",
    "mfts__papermark__prisma__schema__",
    "lukevella__rallly__packages__database__prisma__",
    "formbricks__formbricks__packages__database__schema__",
];

fn main() {
    let args = Arguments::from_args();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let trials = if dir.is_dir() {
        corpus_trials(&dir)
    } else {
        missing_corpus(&dir)
    };
    libtest_mimic::run(&args, trials).exit();
}

fn missing_corpus(dir: &Path) -> Vec<Trial> {
    let message = format!("the shared corpus is required at {}", dir.display());
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    let trial = Trial::test("corpus_present", move || Err(message.into()));
    vec![trial.with_ignored_flag(!in_ci)]
}

fn prisma_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name()
        .expect("a file")
        .to_string_lossy()
        .into_owned()
}

fn read(path: &Path) -> Result<String, Failed> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn corpus_trials(dir: &Path) -> Vec<Trial> {
    let real = prisma_files(&dir.join("real"));
    let probes = prisma_files(&dir.join("probes"));
    let engines = prisma_files(&dir.join("engines"));
    let mut trials = vec![inventory(real.len(), probes.len(), &engines)];

    // Each file of a multi-file set carries the whole set, so its diagnostics are checked in context.
    let mut sets: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for path in &real {
        let file = name(path);
        let key = MULTI_FILE_PREFIXES
            .iter()
            .find(|p| file.starts_with(*p))
            .map_or(file.clone(), |p| p.to_string());
        sets.entry(key).or_default().push(path.clone());
    }
    for members in sets.into_values() {
        let members = Arc::new(members);
        for (index, path) in members.iter().enumerate() {
            let members = Arc::clone(&members);
            trials.push(Trial::test(format!("real::{}", name(path)), move || {
                real_file(&members, index)
            }));
        }
    }
    for path in probes {
        trials.push(Trial::test(format!("probes::{}", name(&path)), move || {
            verdict_file(&path)
        }));
    }
    for path in engines {
        let test_name = format!("engines::{}", name(&path));
        if name(&path).starts_with("parsing__") {
            trials.push(Trial::test(test_name, move || verdict_file(&path)));
        } else {
            trials.push(Trial::test(test_name, move || {
                round_trip(&path, &read(&path)?)
            }));
        }
    }
    trials
}

/// The corpus is whole: a missing folder or a truncated copy fails here rather than passing quietly.
fn inventory(real: usize, probes: usize, engines: &[PathBuf]) -> Trial {
    let parsing = engines
        .iter()
        .filter(|p| name(p).starts_with("parsing__"))
        .count();
    let engines = engines.len();
    Trial::test("corpus_present", move || {
        if real != 95 {
            return Err(format!("corpus/real should hold 95 schema files, found {real}").into());
        }
        if probes < 30 || parsing < 30 || engines < 80 {
            return Err(format!(
                "corpus incomplete: {probes} probes, {parsing} parsing fixtures, {engines} engine files"
            )
            .into());
        }
        Ok(())
    })
}

fn round_trip(path: &Path, text: &str) -> Result<(), Failed> {
    let (file, _) = parse_file(FileId(0), &name(path), text);
    let printed = file.print();
    if printed == text {
        return Ok(());
    }
    let at = printed
        .bytes()
        .zip(text.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(printed.len().min(text.len()));
    Err(format!(
        "print(parse(x)) != x from byte {at} (printed {} bytes of {})",
        printed.len(),
        text.len()
    )
    .into())
}

/// A real-world file: no diagnostics at all in it (parsed with the rest of its set), and the round trip.
fn real_file(members: &[PathBuf], index: usize) -> Result<(), Failed> {
    let inputs = members
        .iter()
        .map(|p| Ok((name(p), read(p)?)))
        .collect::<Result<Vec<_>, Failed>>()?;
    let parsed = parse_files(&inputs);
    let own: Vec<String> = parsed
        .diagnostics
        .iter()
        .zip(parsed.locations())
        .filter(|(d, _)| d.span.file == FileId(index as u32))
        .map(|(d, loc)| {
            format!(
                "{}:{}:{}: {} {}",
                loc.file, loc.line, loc.column, d.code, d.message
            )
        })
        .collect();
    if !own.is_empty() {
        return Err(format!(
            "diagnostics on a schema Prisma parses cleanly:\n{}",
            own.join("\n")
        )
        .into());
    }
    round_trip(&members[index], &inputs[index].1)
}

/// One error Prisma reports: the line and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reported {
    line: u32,
    message: String,
}

/// Reads the `error: …` / `-->  schema.prisma:N` pairs of an `.expected.txt` section.
fn reported_errors(section: &str) -> Result<Vec<Reported>, Failed> {
    let lines: Vec<&str> = section.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let at = lines
            .get(i + 1)
            .and_then(|l| l.trim().strip_prefix("-->"))
            .map(str::trim);
        let number = at
            .and_then(|a| a.rsplit(':').next())
            .and_then(|n| n.parse().ok());
        let line = number.ok_or_else(|| format!("expected file: no location after {line:?}"))?;
        out.push(Reported {
            line,
            message: message.to_string(),
        });
    }
    Ok(out)
}

/// Messages of Prisma checks that belong to the syntax stage (grammar, names, literal checks);
/// everything else in a full validation (connectors, relations, indexes) is a later stage's job.
fn is_syntax_stage(message: &str) -> bool {
    const MARKERS: [&str; 28] = [
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
        // Model rules (`syntax/models.rs`).
        "At most one field must be marked as the id field",
        "Each model must have at most one id criteria",
        "Fields that are marked as id must be required",
        "ID definitions must reference only required fields",
        "Each model must have at least one unique criteria",
        "must refer only to existing fields in the related model",
        "same number of fields in `fields` and `references`",
        "Fields that are marked with @updatedAt must be of type DateTime",
        "does not support lists of primitive types",
    ];
    MARKERS.iter().any(|m| message.contains(m))
}

/// What Prisma says about a fixture: grammar-level errors plus syntax-stage validation errors.
/// A fixture without an `.expected.txt` is one Prisma parses without errors.
fn expected_errors(path: &Path) -> Result<Vec<Reported>, Failed> {
    let Ok(expected) = fs::read_to_string(path.with_extension("expected.txt")) else {
        return Ok(Vec::new());
    };
    let (mut all, full) = match expected.split_once("### full validation") {
        Some((grammar, full)) => (reported_errors(grammar)?, reported_errors(full)?),
        None => (Vec::new(), reported_errors(&expected)?),
    };
    for r in full.into_iter().filter(|r| is_syntax_stage(&r.message)) {
        if !all.contains(&r) {
            all.push(r);
        }
    }
    Ok(all)
}

/// A fixture with Prisma's verdict: errors or not as Prisma says, each of its errors on the same
/// line with the same message, and the round trip.
fn verdict_file(path: &Path) -> Result<(), Failed> {
    let text = read(path)?;
    let expected = expected_errors(path)?;
    let parsed = parse_files(&[(name(path), text.clone())]);
    let ours: Vec<(u32, String)> = parsed
        .errors()
        .map(|d| (parsed.location(d).line, d.message.clone()))
        .collect();
    let mut problems = Vec::new();
    if ours.is_empty() != expected.is_empty() {
        problems.push(format!(
            "verdict: Prisma reports {} errors, we report {}",
            expected.len(),
            ours.len()
        ));
    }
    for r in &expected {
        if !ours
            .iter()
            .any(|(line, message)| *line == r.line && *message == r.message)
        {
            let on_line: Vec<&String> = ours
                .iter()
                .filter(|(l, _)| *l == r.line)
                .map(|(_, m)| m)
                .collect();
            problems.push(format!(
                "missing on line {}: {:?} (ours on that line: {on_line:?})",
                r.line, r.message
            ));
        }
    }
    if !problems.is_empty() {
        return Err(format!("{}\nours: {ours:?}", problems.join("\n")).into());
    }
    round_trip(path, &text)
}
