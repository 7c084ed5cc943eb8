//! The JS boundary: each export runs its core call through `guard`, so a panic becomes a JS `Error`
//! (the process lives on) and a `CoreError` keeps its `code` and location.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::CoreError;

mod meta;
mod migrate;
mod parse;
mod sync;
mod test_hooks;
mod text;

/// Runs `f`, turning a panic into an `INTERNAL_ERROR` and a `CoreError` into a napi error whose
/// reason is the error as JSON; the JS wrapper (`lib/`) rethrows it as a typed `NodeLlmOrmError`.
pub fn guard<T>(f: impl FnOnce() -> Result<T, CoreError>) -> napi::Result<T> {
    #[cfg(not(any(test, fuzzing, target_family = "wasm")))]
    crate::keep_freed_pages();
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(CoreError::new(
            "INTERNAL_ERROR",
            format!("internal error in @node-llm/orm-native: {detail}"),
        ))
    });
    outcome.map_err(to_napi)
}

fn to_napi(err: CoreError) -> napi::Error {
    let json = serde_json::to_string(&err).unwrap_or_else(|_| err.message.clone());
    napi::Error::new(
        napi::Status::GenericFailure,
        format!("{ERROR_PREFIX}{json}"),
    )
}

/// Marks a reason string that carries a serialized `CoreError`.
pub const ERROR_PREFIX: &str = "NODE_LLM_ORM_ERROR:";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn decoded(err: napi::Error) -> serde_json::Value {
        let json = err
            .reason
            .strip_prefix(ERROR_PREFIX)
            .expect("reason carries the prefix");
        serde_json::from_str(json).expect("the rest is the error as JSON")
    }

    #[test]
    fn a_core_error_crosses_as_prefixed_json_with_its_location() {
        let location = Location {
            file: "schema.prisma".into(),
            line: 3,
            column: 9,
            end_line: 3,
            end_column: 14,
            frame: "3 | x\n  | ^".into(),
        };
        let err = guard::<()>(|| Err(CoreError::new("SCHEMA_SYNTAX", "bad \"line\"").at(location)))
            .unwrap_err();
        assert_eq!(
            decoded(err),
            serde_json::json!({
                "code": "SCHEMA_SYNTAX",
                "message": "bad \"line\"",
                "location": {"file": "schema.prisma", "line": 3, "column": 9, "endLine": 3, "endColumn": 14, "frame": "3 | x\n  | ^"}
            })
        );
    }

    #[test]
    fn a_panic_becomes_an_internal_error_not_an_abort() {
        let err = guard::<()>(|| panic!("index {} out of range", 7)).unwrap_err();
        let value = decoded(err);
        assert_eq!(value["code"], "INTERNAL_ERROR");
        assert_eq!(value["location"], serde_json::Value::Null);
        assert!(
            value["message"]
                .as_str()
                .unwrap()
                .ends_with("index 7 out of range"),
            "{value}"
        );
    }

    #[test]
    fn success_passes_through() {
        assert_eq!(guard(|| Ok(41 + 1)).unwrap(), 42);
    }
}
