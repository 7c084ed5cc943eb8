//! A big file's top level, parsed on several threads by speculation.
//!
//! The parse from an item start depends only on the text from there (`parser::parse_stretch`), so
//! the file is cut where an item most likely starts (after a line that closes a block) and the
//! stretches are parsed side by side. A cut is kept only when
//! the stretch before it ended an item exactly there; otherwise the parse goes on from where that
//! stretch really ended, as one thread would, and the speculative stretch is dropped. So the result
//! is always the sequential parse's; speculation only decides how much of it ran in parallel.

use super::parser::{parse_stretch, Stretch};
use super::span::FileId;
use crate::background;

/// Bytes per stretch below which handing it to another thread costs more than it saves: waking a
/// worker and merging take microseconds, parsing 64 KiB about half a millisecond.
const MIN_STRETCH: usize = 64 * 1024;

/// How many stretches a file of `len` bytes is parsed in: 1 (no thread) below two `MIN_STRETCH`.
pub fn chunks_for(len: usize) -> usize {
    match len / MIN_STRETCH {
        0 | 1 => 1,
        wanted => wanted.min(background::cores()),
    }
}

/// Parses the whole text in up to `chunks` stretches, the first on this thread.
pub fn parse_stretches(file: FileId, text: &str, chunks: usize, keep_tree: bool) -> Stretch {
    parse_cut(file, text, &cuts(text, chunks), true, keep_tree)
}

/// Where to cut the text into `chunks` stretches of about equal size: the first likely item start
/// after each share (strictly increasing, never 0; fewer when there are no more).
fn cuts(text: &str, chunks: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = Vec::with_capacity(chunks.saturating_sub(1));
    for k in 1..chunks {
        let share = text.len() / chunks * k;
        let from = cuts.last().map_or(share, |&last| share.max(last));
        match likely_item_start(text, from) {
            Some(at) => cuts.push(at),
            None => break,
        }
    }
    cuts
}

/// The first line start after `from` that follows a line holding only a `}` at its start (where a
/// block most likely ended). Each line is read once: the search is linear in the bytes it passes.
fn likely_item_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line_start = bytes[..from]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    loop {
        let scan = from.max(line_start);
        let newline = scan + bytes[scan..].iter().position(|&b| b == b'\n')?;
        if text[line_start..newline].trim_end() == "}" && newline + 1 < text.len() {
            return Some(newline + 1);
        }
        line_start = newline + 1;
    }
}

/// Parses the text cut at `cuts`: every stretch but the first offered to the workers of the pool,
/// merged in order wherever the stretch before reached the cut. With `steal`, a stretch no worker
/// has started when this thread gets to it (a busy machine) is parsed here instead; without
/// (tests), this thread waits for a worker to parse it, so the speculative stretches are always
/// the ones merged.
fn parse_cut(file: FileId, text: &str, cuts: &[usize], steal: bool, keep_tree: bool) -> Stretch {
    let stops: Vec<usize> = cuts.iter().copied().chain([text.len()]).collect();
    background::scope(|scope| {
        let speculative: Vec<_> = cuts
            .iter()
            .zip(&stops[1..])
            .map(|(&start, &stop)| {
                let task = scope.spawn(move || parse_stretch(file, text, start, stop, keep_tree));
                (start, stop, task)
            })
            .collect();
        let mut whole = parse_stretch(file, text, 0, stops[0], keep_tree);
        for (start, stop, task) in speculative {
            if whole.end == start {
                whole.append(match steal {
                    true => task.join(),
                    false => task.wait(),
                });
            } else if whole.end < stop {
                // An item ran past the cut (the speculative stretch started mid-item): its parse
                // is dropped (or, if a worker is at it, waited for when the scope ends).
                whole.append(parse_stretch(file, text, whole.end, stop, keep_tree));
            }
        }
        whole
    })
}

#[cfg(test)]
mod tests {
    use super::super::parser::{parse_stretch, tree_of};
    use super::*;

    /// The tree and diagnostics, those of the checks across blocks included, printed: the
    /// sequential parse and a cut one must print the same.
    fn parsed(text: &str, stretch: Stretch) -> String {
        let (file, mut diags, gathered) = tree_of("schema.prisma", text.to_string(), stretch);
        let files = [file];
        gathered.check_schema(&files, &mut diags);
        format!("{:#?}", (files, diags))
    }

    fn sequential(text: &str) -> String {
        parsed(text, parse_stretch(FileId(0), text, 0, text.len(), true))
    }

    fn assert_same_when_cut_at(text: &str, cuts: &[usize]) {
        for steal in [false, true] {
            assert_eq!(
                parsed(text, parse_cut(FileId(0), text, cuts, steal, true)),
                sequential(text),
                "cut at {cuts:?}"
            );
        }
    }

    /// Every line start as a cut on its own, then all of them at once.
    fn assert_same_at_every_line(text: &str) {
        let lines: Vec<usize> = text.match_indices('\n').map(|(at, _)| at + 1).collect();
        for &cut in &lines {
            assert_same_when_cut_at(text, &[cut]);
        }
        assert_same_when_cut_at(text, &lines);
    }

    #[test]
    fn a_corpus_file_cut_anywhere_parses_as_in_one_piece() {
        let corpus = crate::corpus::corpus_files();
        for files in &corpus {
            let (path, text) = &files[0];
            let whole = sequential(text);
            for chunks in [2, 16] {
                let stretch = parse_stretches(FileId(0), text, chunks, true);
                assert_eq!(parsed(text, stretch), whole, "{path} in {chunks}");
            }
        }
    }

    #[test]
    fn files_are_cut_where_blocks_end() {
        let model = |n: usize| format!("/// Model {n}.\nmodel M{n} {{\n  id Int @id\n}}\n\n");
        let text: String = (0..40).map(model).collect();
        let cuts = cuts(&text, 4);
        assert_eq!(cuts.len(), 3);
        for cut in cuts {
            assert!(text[..cut].ends_with("\n}\n"), "{cut}");
            assert_eq!(parse_stretch(FileId(0), &text, 0, cut, true).end, cut);
        }
    }

    #[test]
    fn cuts_inside_comments_and_broken_blocks_fall_back_to_one_piece() {
        let block_comment = "model A {\n  id Int @id\n}\n/*\n}\nmodel B {\n  id Int @id\n}\n*/\nmodel C {\n  id Int @id\n}\n";
        let unterminated = "model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n\nmodel C {\n  id Int @id\n}\nenum D {\n  X\n}\n";
        let broken = "model A {\n  id Int @id\n  }\nmodel B {\n  id Int @id\n  ?? what\n}\nmodel C {\n  id Int\n}\n";
        let crlf = "model A {\r\n  id Int @id\r\n}\r\n\r\nmodel B {\r\n  id Int @id\r\n}\r\nmodel C {\r\n}\r\n";
        let doc_before_cut = "model A {\n  id Int @id\n}\n/// B's doc\n/* more */\nmodel B {\n  id Int @id\n}\n// not a doc\n\nenum C {\n  X\n}\n";
        let unclosed_comment =
            "model A {\n  id Int @id\n}\n/* open\n}\nmodel B {\n  id Int @id\n}\n";
        let names = "model 1A {\n  id Int @id\n  id String\n}\nmodel B {\n  a-b Int @id\n}\nmodel A {\n  x Int\n}\nmodel B {\n  c Nope\n  a A @relation(fields: [c], references: [zz])\n}\n";
        for text in [
            block_comment,
            unterminated,
            broken,
            crlf,
            doc_before_cut,
            unclosed_comment,
            names,
        ] {
            assert_same_at_every_line(text);
        }
    }

    #[test]
    fn a_doc_comment_before_a_cut_documents_the_block_after_it() {
        let text = "model A {\n  id Int @id\n}\n/// B's doc\nmodel B {\n  id Int @id\n}\n";
        let cut = text.find("model B").unwrap();
        let (file, _, _) = tree_of(
            "schema.prisma",
            text.to_string(),
            parse_cut(FileId(0), text, &[cut], false, true),
        );
        let docs: Vec<_> = file.blocks().map(|b| b.doc.as_deref()).collect();
        assert_eq!(docs, [None, Some("B's doc")]);
    }
}
