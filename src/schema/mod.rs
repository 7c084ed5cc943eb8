//! Stage 2: the resolved schema. Turns the syntax tree into models, fields, relations, indexes and the
//! database names Prisma derives for them (tables, columns, `_pkey`/`_key`/`_idx`/`_fkey`), so later
//! stages never look at syntax again.

mod attributes;
mod datasource;
pub mod names;
mod prefetch;
mod relations;
mod resolve;
mod types;

pub use resolve::{resolve, resolve_for, resolve_on_one_thread};
pub use types::*;
