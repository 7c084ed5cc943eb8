//! Node.js binding. Only conversions between JS values and the core live here; every stage of the
//! pipeline (`syntax` → `schema` → `diff` → `sql` / `patch`, and `nodellm`) is plain Rust below.

pub mod syntax;
