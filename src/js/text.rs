//! Big strings into JS.

use napi::{Env, JsString};

/// `text` as a JS string. ASCII text (SQL and JSON nearly always are) goes in as Latin-1, which V8
/// copies as it is; other text as UTF-8, which V8 decodes first.
pub fn js_string<'e>(env: &'e Env, text: &str) -> napi::Result<JsString<'e>> {
    if text.is_ascii() {
        env.create_string_latin1(text)
    } else {
        env.create_string(text)
    }
}
