//! Format-preserving edits on the syntax tree: fields, block attributes and models are inserted and
//! field lines rewritten where `prisma format` would put them, every other byte kept.

mod apply;
mod layout;

pub use apply::{apply, field_line, render_model, Edit, NewLine, NewModel};
pub use layout::{insert_field_attribute, FieldLine};
