//! Format-preserving edits on the syntax tree: fields, block attributes and models are inserted and
//! field lines rewritten where `prisma format` would put them, every other byte kept.

mod apply;
mod attributes;
mod layout;

pub use apply::{apply, field_line, render_model, Edit, NewLine, NewModel};
pub use attributes::{relation_with_on_delete, unique_without_name};
pub use layout::{block_attribute_rank, insert_field_attribute, FieldLine};
