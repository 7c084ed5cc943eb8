//! JSON-style unescaping of string literals, with Prisma's two recoverable errors: a bad escape is
//! reported and dropped, the string is kept.

use compact_str::CompactString;

use super::diagnostic::{error, Diagnostic};
use super::span::{FileId, Span};

pub const UNKNOWN_ESCAPE: &str =
    "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`.";
pub const INVALID_UNICODE_ESCAPE: &str = "Invalid unicode escape sequence.";

/// Unescapes the content of `raw` (quotes included) that starts at byte `offset` of `file`.
pub fn unescape(
    raw: &str,
    file: FileId,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> CompactString {
    let inner = &raw[1..raw.len() - 1];
    if !inner.contains('\\') {
        return CompactString::new(inner);
    }
    let base = offset + 1;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, esc)) = chars.next() else { break };
        let simple = match esc {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            continue;
        }
        if esc != 'u' {
            let end = at + 1 + esc.len_utf8();
            diags.push(error(
                "UNKNOWN_ESCAPE",
                UNKNOWN_ESCAPE,
                Span::new(file, base + at, base + end),
            ));
            continue;
        }
        let hex_at = at + 2;
        let first = hex4(&inner[hex_at..]);
        let decoded = match first {
            Some(hi @ 0xD800..=0xDBFF) => {
                let tail = &inner[hex_at + 4..];
                match tail.strip_prefix("\\u").and_then(hex4) {
                    Some(lo @ 0xDC00..=0xDFFF) => {
                        skip(&mut chars, 10);
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    }
                    _ => {
                        skip(&mut chars, 4);
                        None
                    }
                }
            }
            Some(code) => {
                skip(&mut chars, 4);
                char::from_u32(code)
            }
            None => None,
        };
        match decoded {
            Some(ch) => out.push(ch),
            None => {
                let end = (hex_at + if first.is_some() { 4 } else { 0 }).min(inner.len());
                diags.push(error(
                    "INVALID_UNICODE_ESCAPE",
                    INVALID_UNICODE_ESCAPE,
                    Span::new(file, base + at, base + end),
                ));
            }
        }
    }
    out.into()
}

fn hex4(s: &str) -> Option<u32> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

fn skip(chars: &mut impl Iterator<Item = (usize, char)>, n: usize) {
    for _ in 0..n {
        chars.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &str) -> (String, Vec<&'static str>) {
        let mut diags = Vec::new();
        let out = unescape(raw, FileId(0), 0, &mut diags);
        (out.to_string(), diags.iter().map(|d| d.code).collect())
    }

    #[test]
    fn known_escapes_and_surrogate_pairs() {
        assert_eq!(
            run(r#""\u00e9 \ud83d\ude44 \/ \b""#),
            ("é 🙄 / \u{8}".to_string(), vec![])
        );
        assert_eq!(run(r#""{\"a\": 1}""#).0, "{\"a\": 1}");
    }

    #[test]
    fn unknown_escape_is_dropped_and_reported() {
        assert_eq!(
            run(r#""bad \q escape""#),
            ("bad  escape".to_string(), vec!["UNKNOWN_ESCAPE"])
        );
    }

    #[test]
    fn bad_unicode_escapes_each_reported() {
        let (_, codes) = run(r#""Something \uD802 \ut \u12""#);
        assert_eq!(codes, vec!["INVALID_UNICODE_ESCAPE"; 3]);
    }
}
