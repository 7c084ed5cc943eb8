//! Diagnostics → `Location`: 1-based positions and a plain-text code frame.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::diagnostic::{Diagnostic, Severity};
use super::print::{floor_char_boundary, LineIndex};
use super::tree::SchemaFile;
use crate::error::Location;

impl SchemaFile {
    /// Where a diagnostic of this file points, with its code frame (builds a line index: for many
    /// diagnostics use `ParsedSchema::locations`).
    pub fn location(&self, diagnostic: &Diagnostic) -> Location {
        location(self, &self.line_index(), diagnostic)
    }
}

/// Most source lines a frame shows; longer spans (an unknown block) are cut after the first ones.
const MAX_FRAME_LINES: usize = 8;

pub fn location(file: &SchemaFile, index: &LineIndex, diagnostic: &Diagnostic) -> Location {
    let text = file.text.as_str();
    let start = floor_char_boundary(text, diagnostic.span.start as usize);
    let end = floor_char_boundary(text, (diagnostic.span.end as usize).max(start));
    let (line, column) = index.line_col(text, start);
    let (end_line, end_column) = index.line_col(text, end);
    Location {
        file: file.path.clone(),
        line,
        column,
        end_line,
        end_column,
        frame: frame(file, index, diagnostic, start, end),
    }
}

/// Renders the lines around the span (one line of context before) with annotate-snippets. The
/// window is rebuilt with `\n` line ends so CR and CRLF files render the same.
fn frame(
    file: &SchemaFile,
    index: &LineIndex,
    diagnostic: &Diagnostic,
    start: usize,
    end: usize,
) -> String {
    let text = file.text.as_str();
    let first_line = index.line_of(start).saturating_sub(1);
    let last_line = index
        .line_of(end)
        .min(first_line + MAX_FRAME_LINES)
        .min(index.line_count() - 1);
    let mut window = String::new();
    let map = |offset: usize, window_len: usize, line_start: usize, content: &str| {
        window_len + offset.saturating_sub(line_start).min(content.len())
    };
    let (mut from, mut to) = (None, None);
    for line in first_line..=last_line {
        let line_start = index.line_start(line);
        let next = if line + 1 < index.line_count() {
            index.line_start(line + 1)
        } else {
            text.len()
        };
        let content = text[line_start..next].trim_end_matches(['\n', '\r']);
        if from.is_none() && index.line_of(start) == line {
            from = Some(map(start, window.len(), line_start, content));
        }
        if index.line_of(end) == line || line == last_line {
            to = Some(map(end, window.len(), line_start, content));
        }
        window.push_str(content);
        window.push('\n');
    }
    let from = from.unwrap_or(0);
    let to = to.unwrap_or(from).max(from);
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let report = [level.primary_title(&diagnostic.message).element(
        Snippet::source(&window)
            .line_start(first_line + 1)
            .path(&file.path)
            .annotation(AnnotationKind::Primary.span(from..to)),
    )];
    Renderer::plain().render(&report)
}
