//! Stage 1: the lossless syntax tree of the Prisma schema language, with spans and diagnostics.
//!
//! `parse_file` parses one file exactly as Prisma's grammar does (same recovery, same messages) and
//! runs the checks Prisma makes right after parsing; `parse_files` parses a multi-file schema and
//! adds the checks across files. Diagnostic codes:
//! - grammar: `INVALID_LINE`, `INVALID_BLOCK`, `INVALID_TYPE_ALIAS`, `INVALID_FIELD_LINE`,
//!   `INVALID_ENUM_LINE`, `INVALID_CONFIG_LINE`, `FIELD_MISSING_TYPE`, `LEGACY_COLON`,
//!   `LEGACY_REQUIRED`, `LEGACY_LIST`, `OPTIONAL_LIST`, `NESTING_TOO_DEEP`, `UNKNOWN_ESCAPE`,
//!   `INVALID_UNICODE_ESCAPE`;
//! - names and values: `NAME_STARTS_WITH_NUMBER`, `NAME_HAS_DASH`, `RESERVED_SCALAR_NAME`,
//!   `RESERVED_NAME`, `INVALID_CLIENT_NAME`, `EMPTY_ARGUMENT`, `TRAILING_COMMA`, `INVALID_ENV`,
//!   `MISSING_VALUE`, `DUPLICATE_KEY`, `EMPTY_ENUM`, `COMPOSITE_TYPE_ATTRIBUTE`;
//! - across declarations ([`DECLARATION_CODES`], left to the schema stage by `first_error`):
//!   `DUPLICATE_NAME`, `DUPLICATE_FIELD`, `DUPLICATE_ENUM_VALUE`, `UNKNOWN_TYPE`,
//!   `MULTIPLE_DATASOURCES`.

mod access;
mod checks;
pub mod diagnostic;
mod docs;
mod expr;
mod gathered;
mod lexer;
mod lines;
mod models;
pub mod names;
mod parser;
mod print;
mod render;
pub mod span;
mod split;
pub mod tree;
mod unescape;

pub use access::ArgKey;
pub use diagnostic::{Diagnostic, Severity, DECLARATION_CODES};
pub use expr::MAX_NESTING;
pub use print::LineIndex;
pub use span::{FileId, Span};
pub use tree::*;

use std::borrow::Cow;

use crate::background;
use crate::error::{CoreError, Location};
use gathered::Gathered;

/// Default path of a schema given as one string.
pub const DEFAULT_PATH: &str = "schema.prisma";

/// Parses one file: the lossless tree plus its grammar diagnostics, then those of the per-block
/// name and value checks (`names`, `checks`; the parser runs them as it builds each block). A big
/// file is parsed on several threads, with the same result.
pub fn parse_file(file: FileId, path: &str, text: &str) -> (SchemaFile, Vec<Diagnostic>) {
    let (mut schema, diags, _) = parser::parse_tree(file, path, text, true, true);
    schema.text = text.to_string();
    (schema, diags)
}

/// Parses bytes that may not be UTF-8: invalid sequences become U+FFFD (and then, wherever they
/// stand, an invalid line), so any input yields a tree and diagnostics.
pub fn parse_bytes(file: FileId, path: &str, bytes: &[u8]) -> (SchemaFile, Vec<Diagnostic>) {
    parse_file(file, path, &String::from_utf8_lossy(bytes))
}

/// A parsed multi-file schema: the files in input order (`FileId` = index) and all diagnostics.
#[derive(Clone, Debug)]
pub struct ParsedSchema {
    pub files: Vec<SchemaFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a set of `(path, content)` files together; names are checked across all of them.
pub fn parse_files(files: &[(String, String)]) -> ParsedSchema {
    parse_all(Cow::Borrowed(files), true, true).0
}

/// `parse_files` on this thread alone (what one core does; benchmarks report both).
pub fn parse_files_on_one_thread(files: &[(String, String)]) -> ParsedSchema {
    parse_all(Cow::Borrowed(files), false, true).0
}

/// What a caller that needs only the diagnostics gets of a parse (`parseSchema`'s report).
pub struct Checked {
    /// The diagnostics of `parse_files`, and the files for their locations: each file's path and
    /// text, but no items (each thread freed the tree it built as soon as its blocks were checked).
    pub parsed: ParsedSchema,
    /// Whether a datasource block is declared.
    pub datasource: bool,
}

/// `parse_files` for its diagnostics alone (see `Checked`). The files are taken, not borrowed:
/// their texts move into the result instead of being copied (833 KB for 1,000 models).
pub fn check_files(files: Vec<(String, String)>) -> Checked {
    let (parsed, datasource) = parse_all(Cow::Owned(files), true, false);
    Checked { parsed, datasource }
}

/// The parse, and whether a datasource is declared. The files' texts end up in the result: moved
/// when owned, copied when borrowed.
fn parse_all(
    input: Cow<'_, [(String, String)]>,
    threads: bool,
    keep_tree: bool,
) -> (ParsedSchema, bool) {
    let files = &input[..];
    let parse = |first: usize, files: &[(String, String)]| -> Vec<_> {
        let paths = files
            .iter()
            .map(|(path, content)| (path.as_str(), content.as_str()));
        (first..)
            .zip(paths)
            .map(|(index, (path, text))| {
                parser::parse_tree(FileId(index as u32), path, text, threads, keep_tree)
            })
            .collect()
    };
    // Several files: the later ones (about half the bytes) beside the first ones, on another
    // thread when both halves are big.
    let bytes = background::input_bytes(files);
    let half = match threads && files.len() > 1 {
        true => {
            let mut sum = 0;
            let below_half = files.iter().take_while(|(_, content)| {
                sum += content.len();
                sum * 2 < bytes
            });
            (below_half.count() + 1).min(files.len() - 1)
        }
        false => files.len(),
    };
    let (first, later) = files.split_at(half);
    let sizes = (
        background::input_bytes(later),
        background::input_bytes(first),
    );
    let (later, first) = background::join(|| parse(half, later), || parse(0, first), sizes);
    let mut parsed = Vec::with_capacity(files.len());
    let mut diagnostics = Vec::new();
    let mut gathered = Gathered::default();
    for (schema, mut diags, file_gathered) in first.into_iter().chain(later) {
        parsed.push(schema);
        diagnostics.append(&mut diags);
        gathered.append(file_gathered);
    }
    for (file, (_, text)) in parsed.iter_mut().zip(input.into_owned()) {
        file.text = text;
    }
    let datasource = gathered.declares_datasource();
    gathered.check_schema(&parsed, &mut diagnostics);
    let parsed = ParsedSchema {
        files: parsed,
        diagnostics,
    };
    (parsed, datasource)
}

/// Parses one schema given as a string (path `schema.prisma`).
pub fn parse_str(text: &str) -> ParsedSchema {
    parse_files(&[(DEFAULT_PATH.to_string(), text.to_string())])
}

impl ParsedSchema {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn file(&self, id: FileId) -> Option<&SchemaFile> {
        self.files.get(id.0 as usize)
    }

    /// Where a diagnostic points: file path, 1-based line/column range and a code frame.
    pub fn location(&self, diagnostic: &Diagnostic) -> Location {
        match self.file(diagnostic.span.file) {
            Some(file) => render::location(file, &file.line_index(), diagnostic),
            None => Location {
                file: String::new(),
                line: 0,
                column: 0,
                end_line: 0,
                end_column: 0,
                frame: String::new(),
            },
        }
    }

    /// The location of every diagnostic, in order (one line index per file with diagnostics
    /// instead of one per diagnostic: use this rather than `location` in a loop).
    pub fn locations(&self) -> Vec<Location> {
        let mut indexes: Vec<Option<LineIndex>> = vec![None; self.files.len()];
        self.diagnostics
            .iter()
            .map(|d| match self.file(d.span.file) {
                Some(file) => {
                    let index =
                        indexes[d.span.file.0 as usize].get_or_insert_with(|| file.line_index());
                    render::location(file, index, d)
                }
                None => self.location(d),
            })
            .collect()
    }

    /// The first syntax error as a typed `SCHEMA_SYNTAX` error, for callers that must stop on bad
    /// input. Declaration-level problems (duplicates, unknown types; see `DECLARATION_CODES`) are
    /// left to the schema stage, which reports them as `SCHEMA_INVALID` while resolving.
    pub fn first_error(&self) -> Option<CoreError> {
        let diagnostic = self.diagnostics.iter().find(|d| d.is_syntax_error())?;
        Some(
            CoreError::new("SCHEMA_SYNTAX", diagnostic.message.clone())
                .at(self.location(diagnostic)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check_files` reports what `parse_files` does, at the same locations, and finds the
    /// datasource the tree has: on every corpus schema, and on big ones parsed on two threads
    /// (the corpus's largest files, and all of them concatenated).
    #[test]
    fn checking_without_the_tree_reports_as_the_parse() {
        let corpus = crate::corpus::corpus_files();
        let everything: String = corpus.iter().flatten().map(|(_, t)| t.as_str()).collect();
        assert!(
            everything.len() > 2 * 128 * 1024,
            "big enough to be parsed on two threads"
        );
        let all = vec![(DEFAULT_PATH.to_string(), everything)];
        for files in corpus.iter().chain([&all]) {
            let parsed = parse_files(files);
            let checked = check_files(files.clone());
            let datasource = parsed
                .files
                .iter()
                .any(|f| f.blocks().any(|b| b.kind == BlockKind::Datasource));
            assert_eq!(checked.datasource, datasource, "{}", files[0].0);
            assert_eq!(
                format!("{:?}", checked.parsed.diagnostics),
                format!("{:?}", parsed.diagnostics),
                "{}",
                files[0].0
            );
            assert_eq!(
                checked.parsed.locations(),
                parsed.locations(),
                "{}",
                files[0].0
            );
            assert!(checked.parsed.files.iter().all(|f| f.items.is_empty()));
        }
    }
}
