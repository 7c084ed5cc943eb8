//! Stage 3: typed migration steps between two resolved schemas.
//!
//! Like Prisma Migrate, the diff runs on database-level schemas: each resolved schema is first turned
//! into tables, columns, indexes, foreign keys and enums for one provider (`calculate`), then the two
//! are compared (`differ`) into steps sorted in Prisma's order, with Prisma's data-loss warnings.
//! `safety` keeps unsafe changes out unless the caller accepts them; `renames` applies declared
//! renames and spots likely ones.

mod calculate;
mod cast;
mod cast_mysql;
mod differ;
mod renames;
mod safety;
mod sql_schema;
mod steps;
mod summary;
mod warnings;

pub use calculate::calculate;
pub use differ::diff;
pub use renames::*;
pub use safety::*;
pub use sql_schema::*;
pub use steps::*;
pub use summary::summary;
pub use warnings::warnings;
