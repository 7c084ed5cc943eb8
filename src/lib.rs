//! Node.js binding. Only conversions between JS values and the core live here (and in `js/`); every
//! stage of the pipeline (`syntax` → `schema` → `diff` → `sql` / `patch`, and `nodellm`) is plain Rust.

pub mod diff;
pub mod error;
pub mod nodellm;
pub mod patch;
pub mod schema;
pub mod sql;
pub mod syntax;

mod js;

/// mimalloc for every Rust allocation of the addon (and of tests and benches); not under
/// `cargo fuzz` (`cfg(fuzzing)`), whose sanitizer must see `malloc`.
#[cfg(not(any(fuzzing, target_family = "wasm")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
