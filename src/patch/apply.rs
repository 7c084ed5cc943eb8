//! Applies edits to the files of a parsed schema as byte splices: every byte outside the touched
//! lines is kept. A section (fields between blank lines) that `prisma format` would leave alone is
//! realigned when a new or changed row widens it, so a formatted file stays formatted; a section that
//! was not aligned keeps its other lines as they are.

use std::collections::HashMap;

use super::layout::{block_attribute_rank, FieldLine, Widths};
use crate::error::{CoreError, CoreResult};
use crate::syntax::tree::{Block, BlockItem, BlockKind, Field, SchemaFile, TopItem};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Appends a field at the end of the model's field list.
    AddField { model: String, line: FieldLine },
    /// Rewrites an existing field's line (its trailing comment is kept when `line.comment` is `None`).
    ReplaceField {
        model: String,
        field: String,
        line: FieldLine,
    },
    /// Adds `@@index(…)`/`@@unique(…)` where `prisma format` orders it.
    AddBlockAttribute { model: String, text: String },
    /// Rewrites the block attribute line whose text is `old` (as written, `@@` included).
    ReplaceBlockAttribute {
        model: String,
        old: String,
        text: String,
    },
    /// Appends a model to the file holding `near` (the first file when `near` is absent).
    AddModel {
        near: Option<String>,
        model: NewModel,
    },
    /// Appends an enum, as written in `text` (`enum X { … }`), to the file holding model `near`.
    AddEnum { near: Option<String>, text: String },
    /// Appends values to an existing enum, one line each, indented as its last value.
    AddEnumValues { name: String, values: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewModel {
    pub name: String,
    /// Field sections, separated by a blank line.
    pub sections: Vec<Vec<NewLine>>,
    pub attributes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewLine {
    Field(FieldLine),
    /// A whole comment line, marker included.
    Comment(String),
}

struct Splice {
    start: usize,
    end: usize,
    text: String,
}

/// Applies `edits` and returns each file's new text, in the order of `files`.
pub fn apply(files: &[SchemaFile], edits: &[Edit]) -> CoreResult<Vec<String>> {
    let mut splices: Vec<Vec<Splice>> = files.iter().map(|_| Vec::new()).collect();
    let mut by_model: Vec<(&str, Vec<&Edit>)> = Vec::new();
    for edit in edits {
        let model = match edit {
            Edit::AddField { model, .. }
            | Edit::ReplaceField { model, .. }
            | Edit::AddBlockAttribute { model, .. }
            | Edit::ReplaceBlockAttribute { model, .. } => model,
            Edit::AddModel { .. } | Edit::AddEnum { .. } | Edit::AddEnumValues { .. } => continue,
        };
        match by_model.iter_mut().find(|(m, _)| *m == model.as_str()) {
            Some((_, list)) => list.push(edit),
            None => by_model.push((model, vec![edit])),
        }
    }
    for (model, model_edits) in by_model {
        let (index, block) = find_model(files, model).ok_or_else(|| {
            CoreError::new(
                "INVALID_ARGUMENT",
                format!("cannot patch model `{model}`: not in the schema"),
            )
        })?;
        splices[index].extend(model_splices(&files[index], block, &model_edits)?);
    }
    for edit in edits {
        match edit {
            Edit::AddModel { near, model } => {
                let (index, eol) = block_home(files, near.as_deref())?;
                splices[index].push(append(&files[index].text, render_model(model, eol)));
            }
            Edit::AddEnum { near, text } => {
                let (index, eol) = block_home(files, near.as_deref())?;
                let mut block: String = text
                    .lines()
                    .map(|l| format!("{}{eol}", l.trim_end_matches('\r')))
                    .collect();
                if block.is_empty() {
                    block.push_str(eol);
                }
                splices[index].push(append(&files[index].text, block));
            }
            Edit::AddEnumValues { name, values } => {
                let (index, block) = find_block(files, BlockKind::Enum, name).ok_or_else(|| {
                    CoreError::new(
                        "INVALID_ARGUMENT",
                        format!("cannot patch enum `{name}`: not in the schema"),
                    )
                })?;
                splices[index].push(enum_values_splice(&files[index].text, block, values));
            }
            _ => {}
        }
    }
    Ok(files
        .iter()
        .zip(splices)
        .map(|(file, s)| splice(&file.text, s))
        .collect())
}

/// The file a new block goes to (the one holding model `near`, else the first) and its line ending.
fn block_home(files: &[SchemaFile], near: Option<&str>) -> CoreResult<(usize, &'static str)> {
    let index = near
        .and_then(|n| find_model(files, n))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let file = files.get(index).ok_or_else(|| {
        CoreError::new(
            "INVALID_ARGUMENT",
            "cannot add a block to a schema with no file",
        )
    })?;
    Ok((index, eol_of(&file.text)))
}

/// `block` appended to `text` after one blank line.
fn append(text: &str, block: String) -> Splice {
    let eol = eol_of(text);
    let mut insert = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        insert.push_str(eol);
    }
    if !text.trim().is_empty() {
        insert.push_str(eol);
    }
    insert.push_str(&block);
    Splice {
        start: text.len(),
        end: text.len(),
        text: insert,
    }
}

/// New value lines after the enum's last value, with its indentation.
fn enum_values_splice(text: &str, block: &Block, values: &[String]) -> Splice {
    let last = block.items.iter().rev().find_map(|item| match item {
        BlockItem::EnumValue(v) => Some(v),
        _ => None,
    });
    let eol = eol_of(text);
    let (at, indent) = match last {
        Some(v) => (
            v.span.end as usize,
            text[v.span.start as usize..v.content.start as usize].to_string(),
        ),
        None => (block.open.end as usize, "  ".to_string()),
    };
    let mut insert = String::new();
    if !text[..at].ends_with('\n') {
        insert.push_str(eol);
    }
    for value in values {
        insert.push_str(&indent);
        insert.push_str(value);
        insert.push_str(eol);
    }
    Splice {
        start: at,
        end: at,
        text: insert,
    }
}

fn find_model<'a>(files: &'a [SchemaFile], name: &str) -> Option<(usize, &'a Block)> {
    find_block(files, BlockKind::Model, name)
}

fn find_block<'a>(
    files: &'a [SchemaFile],
    kind: BlockKind,
    name: &str,
) -> Option<(usize, &'a Block)> {
    files.iter().enumerate().find_map(|(i, f)| {
        f.items.iter().find_map(|item| match item {
            TopItem::Block(b) if b.kind == kind && b.name.name == name => Some((i, b)),
            _ => None,
        })
    })
}

fn eol_of(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The field's cells as written.
pub fn field_line(text: &str, field: &Field) -> FieldLine {
    FieldLine {
        name: field.name.name.to_string(),
        field_type: field
            .field_type
            .as_ref()
            .map(|t| text[t.span.range()].to_string())
            .unwrap_or_default(),
        attributes: field
            .attributes
            .iter()
            .map(|a| text[a.span.range()].to_string())
            .collect(),
        comment: field
            .trailing_comment
            .as_ref()
            .map(|c| text[c.span.range()].to_string()),
    }
}

fn model_splices(file: &SchemaFile, block: &Block, edits: &[&Edit]) -> CoreResult<Vec<Splice>> {
    let text = file.text.as_str();
    let eol = eol_of(text);
    let mut splices = Vec::new();
    let mut replaced: HashMap<usize, FieldLine> = HashMap::new();
    let mut added: Vec<FieldLine> = Vec::new();
    let mut attributes: Vec<&str> = Vec::new();
    for edit in edits {
        match edit {
            Edit::AddField { line, .. } => added.push(line.clone()),
            Edit::ReplaceField { field, line, .. } => {
                let index = block
                    .items
                    .iter()
                    .position(|i| matches!(i, BlockItem::Field(f) if f.name.name == *field))
                    .ok_or_else(|| {
                        CoreError::new(
                            "INVALID_ARGUMENT",
                            format!(
                                "cannot patch field `{field}`: not in model `{}`",
                                block.name.name
                            ),
                        )
                    })?;
                let merged = match replaced.remove(&index) {
                    Some(earlier) => merge(earlier, line),
                    None => line.clone(),
                };
                replaced.insert(index, merged);
            }
            Edit::AddBlockAttribute { text, .. } => attributes.push(text),
            Edit::ReplaceBlockAttribute { old, text: new, .. } => {
                let attribute = block
                    .items
                    .iter()
                    .find_map(|item| match item {
                        BlockItem::Attribute(a) if text[a.attribute.span.range()] == **old => {
                            Some(a)
                        }
                        _ => None,
                    })
                    .ok_or_else(|| {
                        CoreError::new(
                            "INVALID_ARGUMENT",
                            format!("cannot patch `{old}`: not in model `{}`", block.name.name),
                        )
                    })?;
                let span = attribute.attribute.span;
                splices.push(Splice {
                    start: span.start as usize,
                    end: span.end as usize,
                    text: new.clone(),
                });
            }
            Edit::AddModel { .. } | Edit::AddEnum { .. } | Edit::AddEnumValues { .. } => {}
        }
    }

    let fields: Vec<(usize, &Field)> = block
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            BlockItem::Field(f) => Some((i, f)),
            _ => None,
        })
        .collect();
    let last_field = fields.last().map(|(i, _)| *i);
    let indent = fields
        .last()
        .map(|(_, f)| text[f.span.start as usize..f.content.start as usize].to_string())
        .filter(|s| !s.is_empty() && s.trim().is_empty())
        .unwrap_or_else(|| "  ".to_string());

    for section in sections(block) {
        let holds_last = last_field.is_some_and(|l| section.contains(&l));
        if !holds_last && !section.iter().any(|i| replaced.contains_key(i)) {
            continue;
        }
        let old: Vec<(usize, &Field, FieldLine)> = section
            .iter()
            .map(|&i| {
                let BlockItem::Field(f) = &block.items[i] else {
                    unreachable!("sections hold fields only")
                };
                (i, f, field_line(text, f))
            })
            .collect();
        let old_widths = Widths::of(old.iter().map(|(_, _, l)| l));
        let aligned = old
            .iter()
            .all(|(_, f, l)| l.render(old_widths) == text[f.content.range()]);
        let new_rows: Vec<FieldLine> = old
            .iter()
            .map(|(i, _, l)| replaced.get(i).cloned().unwrap_or_else(|| l.clone()))
            .collect();
        let extra: &[FieldLine] = if holds_last { &added } else { &[] };
        let widths = Widths::of(new_rows.iter().chain(extra));
        for ((i, f, _), row) in old.iter().zip(&new_rows) {
            if aligned || replaced.contains_key(i) {
                let rendered = row.render(widths);
                if rendered != text[f.content.range()] {
                    splices.push(Splice {
                        start: f.content.start as usize,
                        end: f.content.end as usize,
                        text: rendered,
                    });
                }
            }
        }
        if holds_last && !added.is_empty() {
            let at = fields
                .last()
                .map(|(_, f)| f.span.end as usize)
                .unwrap_or(block.open.end as usize);
            let mut insert = String::new();
            if !text[..at].ends_with('\n') {
                insert.push_str(eol);
            }
            for row in &added {
                insert.push_str(&indent);
                insert.push_str(&row.render(widths));
                insert.push_str(eol);
            }
            splices.push(Splice {
                start: at,
                end: at,
                text: insert,
            });
        }
    }
    if fields.is_empty() && !added.is_empty() {
        let widths = Widths::of(&added);
        let at = block.open.end as usize;
        let insert: String = added
            .iter()
            .map(|r| format!("{indent}{}{eol}", r.render(widths)))
            .collect();
        splices.push(Splice {
            start: at,
            end: at,
            text: insert,
        });
    }

    attributes.sort_by_key(|a| block_attribute_rank(a));
    let existing: Vec<(usize, usize, usize)> = block
        .items
        .iter()
        .filter_map(|item| match item {
            BlockItem::Attribute(a) => Some((
                block_attribute_rank(&text[a.content.range()]),
                a.span.start as usize,
                a.span.end as usize,
            )),
            _ => None,
        })
        .collect();
    let after_fields = fields
        .last()
        .map(|(_, f)| f.span.end as usize)
        .unwrap_or(block.open.end as usize);
    let mut opened_section = false;
    for attribute in attributes {
        let rank = block_attribute_rank(attribute);
        let (at, before) = match existing.iter().rev().find(|(r, _, _)| *r <= rank) {
            Some((_, _, end)) => (*end, false),
            None => match existing.first() {
                Some((_, start, _)) => (*start, true),
                None => (after_fields, false),
            },
        };
        let mut insert = String::new();
        if !before && !text[..at].ends_with('\n') {
            insert.push_str(eol);
        }
        if existing.is_empty() && !opened_section {
            insert.push_str(eol);
            opened_section = true;
        }
        insert.push_str(&indent);
        insert.push_str(attribute);
        insert.push_str(eol);
        splices.push(Splice {
            start: at,
            end: at,
            text: insert,
        });
    }
    Ok(splices)
}

/// A replacement keeps the comment of the line it replaces when it brings none.
fn merge(earlier: FieldLine, later: &FieldLine) -> FieldLine {
    FieldLine {
        comment: later.comment.clone().or(earlier.comment),
        ..later.clone()
    }
}

/// Item indices of the fields of each section: runs of fields that blank lines separate.
fn sections(block: &Block) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, item) in block.items.iter().enumerate() {
        match item {
            BlockItem::Field(_) => out.last_mut().expect("non-empty").push(i),
            BlockItem::Blank(_) => out.push(Vec::new()),
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The model as `prisma format` lays out a new block.
pub fn render_model(model: &NewModel, eol: &str) -> String {
    let mut out = format!("model {} {{{eol}", model.name);
    for (n, section) in model.sections.iter().enumerate() {
        if n > 0 {
            out.push_str(eol);
        }
        let widths = Widths::of(section.iter().filter_map(|l| match l {
            NewLine::Field(f) => Some(f),
            NewLine::Comment(_) => None,
        }));
        for line in section {
            out.push_str("  ");
            match line {
                NewLine::Field(f) => out.push_str(&f.render(widths)),
                NewLine::Comment(c) => out.push_str(c),
            }
            out.push_str(eol);
        }
    }
    if !model.attributes.is_empty() {
        out.push_str(eol);
        for attribute in &model.attributes {
            out.push_str("  ");
            out.push_str(attribute);
            out.push_str(eol);
        }
    }
    out.push('}');
    out.push_str(eol);
    out
}

fn splice(text: &str, mut splices: Vec<Splice>) -> String {
    // Stable by start: insertions at one offset keep the order they were made in.
    splices.sort_by_key(|s| s.start);
    let mut out =
        String::with_capacity(text.len() + splices.iter().map(|s| s.text.len()).sum::<usize>());
    let mut at = 0;
    for s in splices {
        let start = s.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&s.text);
        at = s.end.max(start);
    }
    out.push_str(&text[at..]);
    out
}
