//! Stage 1: the lossless syntax tree of the Prisma schema language, with spans and diagnostics.

pub mod diagnostic;
pub mod span;
pub mod tree;
