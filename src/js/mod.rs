//! The JS boundary: each export runs its core call through `guard`, so a panic becomes a JS `Error`
//! (the process lives on) and a `CoreError` keeps its `code` and location.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::CoreError;

/// Runs `f`, turning a panic into an `INTERNAL_ERROR` and a `CoreError` into a napi error whose
/// reason is the error as JSON; the JS wrapper (`lib/`) rethrows it as a typed `NodeLlmOrmError`.
pub fn guard<T>(f: impl FnOnce() -> Result<T, CoreError>) -> napi::Result<T> {
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(CoreError::new("INTERNAL_ERROR", format!("internal error in @node-llm/orm-native: {detail}")))
    });
    outcome.map_err(to_napi)
}

fn to_napi(err: CoreError) -> napi::Error {
    let json = serde_json::to_string(&err).unwrap_or_else(|_| err.message.clone());
    napi::Error::new(napi::Status::GenericFailure, format!("{ERROR_PREFIX}{json}"))
}

/// Marks a reason string that carries a serialized `CoreError`.
pub const ERROR_PREFIX: &str = "NODE_LLM_ORM_ERROR:";
mod parse;
