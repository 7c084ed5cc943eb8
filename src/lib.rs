//! Node.js binding. Only conversions between JS values and the core live here (and in `js/`); every
//! stage of the pipeline (`syntax` → `schema` → `diff` → `sql` / `patch`, and `nodellm`) is plain Rust.

pub mod diff;
pub mod error;
pub mod nodellm;
pub mod patch;
pub mod schema;
pub mod sql;
pub mod syntax;

#[cfg(not(any(fuzzing, target_family = "wasm")))]
mod allocator;
mod background;
mod js;

/// The corpus files the integration tests read, for the unit tests of stages they cannot reach.
#[cfg(test)]
#[path = "../tests/support/corpus.rs"]
mod corpus;

/// mimalloc for every Rust allocation of the addon (and of tests and benches); not under
/// `cargo fuzz` (`cfg(fuzzing)`), whose sanitizer must see `malloc`.
#[cfg(not(any(fuzzing, target_family = "wasm")))]
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (the same place in its v2 and v3 option enums).
#[cfg(not(any(fuzzing, target_family = "wasm")))]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc returns pages to the OS a while after they fall free (`purge_delay`, 1 s in its v3),
/// and big calls free and fault the same pages in again and again: ten parseSchema +
/// generateMigration rounds on 1,000 models took 9-11k page faults instead of 5.8k and ~10% more
/// CPU time (`perf stat`). The addon keeps its freed pages instead: its memory stays at its peak,
/// reused by the next call. Called by every export (`js::guard`) and by the benches, so they
/// measure what Node runs; never in `cargo test`. An explicit `MIMALLOC_PURGE_DELAY` wins.
#[cfg(not(any(fuzzing, target_family = "wasm")))]
pub fn keep_freed_pages() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: sets a plain option value, read at mimalloc's next purge decision.
            unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
        }
    });
}

#[cfg(all(test, not(any(fuzzing, target_family = "wasm"))))]
mod tests {
    #[test]
    fn purge_delay_names_mimallocs_option() {
        // 1000 (ms) is mimalloc v3's default, no other option's: a wrong index reads another value.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        // SAFETY: reads an option value.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
            expected
        );
    }
}
