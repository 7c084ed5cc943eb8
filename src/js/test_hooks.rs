//! Test-only: `__forcePanic(message)` exists only in a process started with
//! `NODE_LLM_ORM_TEST_HOOKS=1`, so `__test__/robustness.test.mjs` can prove on the very binary users
//! install that a panic inside an export reaches JS as an `Error` and the process lives on; and
//! `__externalStrings()`, the big strings V8 holds over Rust buffers (`super::text`), so
//! `__test__/big-strings.test.mjs` can prove each is released once JS drops it; and
//! `__heldBytes(details)`, what a raw `generateMigration` result's details tell V8 they hold
//! (`super::migrate::Held`), so `__test__/held-memory.test.mjs` can compare it with what they do.
//! A cargo feature would prove it for another build; a permanent export would be public API.
//! (In test builds napi registers nothing, so this looks unused there.)
#![cfg_attr(test, allow(dead_code))]

use napi::bindgen_prelude::{External, JsObjectValue, Object};
use napi::Env;
use napi_derive::napi;

use super::guard;
use super::migrate::Held;

/// Set in the environment of a process that may call `__forcePanic`.
const ENABLE: &str = "NODE_LLM_ORM_TEST_HOOKS";

#[napi(module_exports)]
pub fn test_hooks(mut exports: Object, env: Env) -> napi::Result<()> {
    if std::env::var_os(ENABLE).is_none_or(|v| v != "1") {
        return Ok(());
    }
    let force_panic = env.create_function_from_closure::<String, (), _>("__forcePanic", |ctx| {
        let message: String = ctx.get(0)?;
        guard::<()>(|| panic!("{message}"))
    })?;
    exports.set_named_property("__forcePanic", force_panic)?;
    let external_strings = env
        .create_function_from_closure::<(), u32, _>("__externalStrings", |_| {
            Ok(super::text::external_strings() as u32)
        })?;
    exports.set_named_property("__externalStrings", external_strings)?;
    let held_bytes = env.create_function_from_closure::<(), f64, _>("__heldBytes", |ctx| {
        let details: &External<Held> = ctx.get(0)?;
        Ok(details.bytes() as f64)
    })?;
    exports.set_named_property("__heldBytes", held_bytes)
}
