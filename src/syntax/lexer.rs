//! Atomic tokens of the Prisma schema language (pest's `@{}` rules): whitespace, newlines,
//! identifiers, paths, numbers, raw string literals and comments.
//!
//! Every function takes the remaining input (always a suffix of the file text, so offsets are
//! `text.len() - rest.len()`) and never looks past what its token may contain: a newline is never
//! whitespace, which is what makes every construct line-bound.

use nom::bytes::complete::take_until;
use nom::{IResult, Parser};
use std::cell::Cell;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::tree::CommentKind;

type Res<'a, T> = IResult<&'a str, T>;

/// `WS`: space, tab or any Unicode space separator (category Zs).
pub fn is_ws(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Pest's implicit whitespace between the items of a non-atomic rule.
#[inline]
pub fn ws0(i: &str) -> &str {
    // Called before nearly every token, mostly where there is no whitespace: the first byte
    // decides that. Then spaces and tabs byte by byte, decoding chars only when a non-ASCII byte
    // follows them.
    match i.as_bytes().first() {
        Some(b' ' | b'\t') => {}
        Some(&b) if b >= 0x80 => return i.trim_start_matches(is_ws),
        _ => return i,
    }
    let ascii = i.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    let rest = &i[ascii..];
    if rest.as_bytes().first().is_some_and(|&b| b >= 0x80) {
        rest.trim_start_matches(is_ws)
    } else {
        rest
    }
}

/// `NL`: `\r\n`, `\n` or a lone `\r`.
pub fn newline(i: &str) -> Option<&str> {
    match i.as_bytes() {
        [b'\r', b'\n', ..] => Some(&i[2..]),
        [b'\n' | b'\r', ..] => Some(&i[1..]),
        _ => None,
    }
}

/// Everything up to (not including) the next line terminator.
pub fn rest_of_line(i: &str) -> (&str, &str) {
    let end = i.find(['\n', '\r']).unwrap_or(i.len());
    (&i[end..], &i[..end])
}

/// The rest of the line plus its terminator, if any (pest's `CATCH_ALL` without the `+`).
pub fn line_with_terminator(i: &str) -> &str {
    let (rest, _) = rest_of_line(i);
    newline(rest).unwrap_or(rest)
}

/// pest's `LETTER` (any Unicode letter, general category L) or `ASCII_DIGIT`: other digits,
/// letter numbers (`Ⅻ`) and combining marks are not identifier characters for Prisma.
fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (!c.is_ascii() && c.general_category_group() == GeneralCategoryGroup::Letter)
}

fn is_ident_char(c: char) -> bool {
    is_letter_or_digit(c) || c == '_' || c == '-'
}

/// What a byte is to an identifier: `IDENT` continues one (`[A-Za-z0-9_-]`), `WIDE` starts a
/// multi-byte character (decoded and classified), `STOP` ends it. One table lookup per byte, no
/// separate ASCII test: the identifier loop is the hottest loop of the parser.
static IDENT_CLASS: [u8; 256] = {
    let mut table = [STOP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c >= 0x80 {
            table[b] = WIDE;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            table[b] = IDENT;
        }
        b += 1;
    }
    table
};
const STOP: u8 = 0;
const IDENT: u8 = 1;
const WIDE: u8 = 2;

/// `ident = (LETTER | DIGIT) (LETTER | DIGIT | "_" | "-")*`, Unicode letters included.
///
/// Only the all-ASCII case is inlined (a byte loop over the class table); a non-ASCII byte hands
/// over to the out-of-line Unicode path. Small enough now to be inlined into its callers: as one
/// function it was called ~100,000 times per parse of the 1,000-model schema at ~71 instructions
/// a call, ~15 of them in the prologue and epilogue its Unicode path needed.
#[inline]
pub fn ident(i: &str) -> Option<(&str, &str)> {
    let bytes = i.as_bytes();
    let first = *bytes.first()?;
    if !first.is_ascii_alphanumeric() {
        return match first >= 0x80 {
            true => ident_wide(i),
            false => None,
        };
    }
    let mut end = 1;
    while let Some(&b) = bytes.get(end) {
        match IDENT_CLASS[b as usize] {
            IDENT => end += 1,
            STOP => break,
            _ => return ident_wide_tail(i, end),
        }
    }
    Some((&i[end..], &i[..end]))
}

/// `ident` at a non-ASCII first byte.
#[inline(never)]
fn ident_wide(i: &str) -> Option<(&str, &str)> {
    let c = i.chars().next().filter(|&c| is_letter_or_digit(c))?;
    ident_wide_tail(i, c.len_utf8())
}

/// `ident` from `end`, where a non-ASCII character may continue it.
#[inline(never)]
fn ident_wide_tail(i: &str, end: usize) -> Option<(&str, &str)> {
    let end = ident_tail(i, end);
    Some((&i[end..], &i[..end]))
}

/// The end of the identifier characters from `end` on: byte by byte while they are ASCII
/// identifier bytes; a non-ASCII char is decoded and classified.
fn ident_tail(i: &str, mut end: usize) -> usize {
    let bytes = i.as_bytes();
    loop {
        let tail = &bytes[end..];
        let ascii = tail
            .iter()
            .position(|&b| IDENT_CLASS[b as usize] != IDENT)
            .unwrap_or(tail.len());
        end += ascii;
        match tail.get(ascii).map(|&b| IDENT_CLASS[b as usize]) {
            Some(WIDE) => match i[end..].chars().next() {
                Some(c) if is_ident_char(c) => end += c.len_utf8(),
                _ => return end,
            },
            _ => return end,
        }
    }
}

/// `path = ident ("." path?)*`: `db.VarChar`, `a.b.c`, and even `db.` (kept for autocompletion).
pub fn path(i: &str) -> Option<(&str, &str)> {
    let (rest, _) = ident(i)?;
    let rest = path_tail(rest);
    Some((rest, &i[..i.len() - rest.len()]))
}

/// The `("." path?)*` after a path's first identifier: nearly always empty, so only the test for
/// a first `.` is inlined (as a call, with `ident` inlined into it, it cost ~1.6% of the parse).
#[inline]
pub fn path_tail(rest: &str) -> &str {
    match rest.starts_with('.') {
        true => dotted_tail(rest),
        false => rest,
    }
}

#[inline(never)]
fn dotted_tail(mut rest: &str) -> &str {
    while let Some(after_dot) = rest.strip_prefix('.') {
        rest = ident(after_dot).map(|(r, _)| r).unwrap_or(after_dot);
    }
    rest
}

/// `number = "-"? DIGIT+ ("." DIGIT+)?` (ASCII digits only: `1e5`, `.5` and `+1` are not numbers).
pub fn number(i: &str) -> Option<(&str, &str)> {
    let bytes = i.as_bytes();
    let digits = |from: usize| {
        let count = bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (count > 0).then_some(from + count)
    };
    let sign = usize::from(bytes.first() == Some(&b'-'));
    let mut end = digits(sign)?;
    if bytes.get(end) == Some(&b'.') {
        end = digits(end + 1).unwrap_or(end);
    }
    Some((&i[end..], &i[..end]))
}

/// A string literal exactly as the JSON-like grammar matches it, quotes included, and whether it
/// holds a `\` (nearly none does: the content is then copied as it is, not searched again for
/// one and unescaped). `\` may be followed by any character, even a newline.
pub fn raw_string(i: &str) -> Option<(&str, &str, bool)> {
    let body = i.strip_prefix('"')?.as_bytes();
    // Byte by byte: the bytes of a multi-byte character are all >= 0x80, so none of them is a
    // quote, a backslash or a control character, and a backslash before one skips its first byte
    // (the rest are skipped as ordinary bytes).
    let mut at = 0;
    let mut escaped = false;
    while let Some(&b) = body.get(at) {
        match b {
            b'"' => {
                let end = 1 + at + 1;
                return Some((&i[end..], &i[..end], escaped));
            }
            b'\\' => {
                body.get(at + 1)?;
                escaped = true;
                at += 2;
            }
            0..=0x1f => return None,
            _ => at += 1,
        }
    }
    None
}

/// Remembers where the next `*/` is, so that unterminated `/*` on many lines (each retried by a
/// later line) costs one forward search instead of one per line.
#[derive(Debug)]
pub struct BlockCommentEnds {
    text_len: usize,
    /// `(searched_from, first "*/" at or after it)`; `searched_from == usize::MAX` when unset.
    cache: Cell<(usize, Option<usize>)>,
}

impl BlockCommentEnds {
    pub fn new(text: &str) -> Self {
        BlockCommentEnds {
            text_len: text.len(),
            cache: Cell::new((usize::MAX, None)),
        }
    }

    /// Offset in `i` (a suffix of the text) of the next `*/`.
    fn next_close(&self, i: &str) -> Option<usize> {
        let here = self.text_len - i.len();
        let (from, found) = self.cache.get();
        if from <= here && found.is_none_or(|at| at >= here) {
            return found.map(|at| at - here);
        }
        let r: Res<&str> = take_until("*/").parse(i);
        let found = r.ok().map(|(_, before)| here + before.len());
        self.cache.set((here, found));
        found.map(|at| at - here)
    }
}

/// One comment token with the indentation before it (pest's `WHITESPACE* ~ "//"…`): returns the
/// rest, the kind and the text inside the markers.
pub fn comment<'a>(i: &'a str, ends: &BlockCommentEnds) -> Option<(&'a str, CommentKind, &'a str)> {
    let start = ws0(i);
    if let Some(body) = start.strip_prefix("///") {
        let (rest, content) = rest_of_line(body);
        return Some((rest, CommentKind::Doc, content));
    }
    if let Some(body) = start.strip_prefix("//") {
        let (rest, content) = rest_of_line(body);
        return Some((rest, CommentKind::Line, content));
    }
    if let Some(body) = start.strip_prefix("/*") {
        let close = ends.next_close(body)?;
        let rest = &body[close + 2..];
        return Some((rest, CommentKind::Block, &body[..close]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_trailing_dots() {
        assert_eq!(path("db.VarChar(1)"), Some(("(1)", "db.VarChar")));
        assert_eq!(path("db. x"), Some((" x", "db.")));
        assert_eq!(path("a..b"), Some(("", "a..b")));
        assert_eq!(path(".a"), None);
    }

    #[test]
    fn numbers_follow_the_grammar() {
        assert_eq!(number("-0.5)"), Some((")", "-0.5")));
        assert_eq!(number("1e5"), Some(("e5", "1")));
        assert_eq!(number(".5"), None);
        assert_eq!(number("+1"), None);
        assert_eq!(number("1.)"), Some((".)", "1")));
    }

    #[test]
    fn strings_reject_raw_control_characters() {
        assert_eq!(raw_string("\"a\\\"b\" x"), Some((" x", "\"a\\\"b\"", true)));
        assert_eq!(raw_string("\"tab\there\""), None);
        assert_eq!(raw_string("\"a\\\n\")"), Some((")", "\"a\\\n\"", true)));
        assert_eq!(raw_string("\"open"), None);
        assert_eq!(raw_string("\"plain\" x"), Some((" x", "\"plain\"", false)));
    }

    #[test]
    fn identifiers_are_unicode() {
        assert_eq!(ident("Lööps {"), Some((" {", "Lööps")));
        assert_eq!(ident("1abc-d_e x"), Some((" x", "1abc-d_e")));
        assert_eq!(ident("_a"), None);
        assert_eq!(ident("中ǅʰª𝔸 x"), Some((" x", "中ǅʰª𝔸")));
        for not_ident in ["²", "٣", "Ⅻ", "½", "\u{903}", "\u{301}"] {
            assert_eq!(ident(not_ident), None, "{not_ident:?}");
            assert_eq!(
                ident(&format!("A{not_ident}")),
                Some((not_ident, "A")),
                "{not_ident:?}"
            );
        }
    }

    #[test]
    fn whitespace_never_includes_newlines() {
        assert_eq!(ws0(" \t\u{a0}\nx"), "\nx");
        assert_eq!(ws0(" \u{3000}\t\u{a0} x"), "x");
        assert_eq!(ws0("\t\u{200b}x"), "\u{200b}x");
        assert_eq!(newline("\r\nx"), Some("x"));
        assert_eq!(newline("\rx"), Some("x"));
    }
}
