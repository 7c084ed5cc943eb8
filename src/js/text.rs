//! Big strings across the boundary: schema text in, SQL and JSON out.

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName, ValidateNapiValue};
use napi::sys::{napi_env, napi_value};
use napi::{Env, JsString, Status, ValueType};

/// A JS string read as schema text. napi-rs reads a `String` in two passes, the first only to
/// measure its UTF-8 length, into a zeroed buffer; this reads it in one pass into a buffer sized
/// for the worst case (3 UTF-8 bytes per UTF-16 unit, a length V8 knows without looking), which is
/// never zeroed and whose unwritten tail is never touched. 1,000-model schema (833 KB): ~0.1 ms of
/// parseSchema's ~1.9 ms.
#[derive(Debug)]
pub struct SchemaText(pub String);

impl FromNapiValue for SchemaText {
    unsafe fn from_napi_value(env: napi_env, value: napi_value) -> napi::Result<Self> {
        let failed = |status: i32, what: &str| {
            napi::Error::new(
                Status::from(status),
                format!("Failed to read a schema text: {what}"),
            )
        };
        let mut units = 0;
        // SAFETY: `env` and `value` come from napi; a null buffer asks for the length only, which
        // for UTF-16 is the string's own length (no scan).
        let status = unsafe {
            napi::sys::napi_get_value_string_utf16(env, value, std::ptr::null_mut(), 0, &mut units)
        };
        if status != napi::sys::Status::napi_ok {
            return Err(failed(status, "not a string"));
        }
        let capacity = units * 3 + 1;
        let mut bytes: Vec<u8> = Vec::with_capacity(capacity);
        let mut written = 0;
        // SAFETY: napi writes at most `capacity - 1` bytes and a NUL into the buffer (capacity
        // `capacity`), and reports the bytes written before the NUL; those are valid UTF-8 (lone
        // surrogates become U+FFFD).
        let status = unsafe {
            napi::sys::napi_get_value_string_utf8(
                env,
                value,
                bytes.as_mut_ptr().cast(),
                capacity,
                &mut written,
            )
        };
        if status != napi::sys::Status::napi_ok {
            return Err(failed(status, "its UTF-8 could not be written"));
        }
        // SAFETY: see above; `written < capacity`.
        unsafe { bytes.set_len(written) };
        Ok(SchemaText(unsafe { String::from_utf8_unchecked(bytes) }))
    }
}

impl From<&str> for SchemaText {
    fn from(text: &str) -> Self {
        SchemaText(text.to_string())
    }
}

impl TypeName for SchemaText {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for SchemaText {}

impl ToNapiValue for SchemaText {
    unsafe fn to_napi_value(env: napi_env, value: Self) -> napi::Result<napi_value> {
        // SAFETY: forwarded as napi-rs does for a `String`.
        unsafe { String::to_napi_value(env, value.0) }
    }
}

/// ASCII text from this many bytes on becomes a JS string over the Rust buffer itself where the Node
/// running us can do that (`external::latin1`): V8 would copy it into a large-object page of its own,
/// faulted in fresh on every call (a 1,000-model migration's 1.1 MB of SQL: ~280 page faults).
const EXTERNAL_FROM: usize = 128 * 1024;

/// `text` as a JS string. ASCII text (SQL and JSON nearly always are) goes in as Latin-1: over the
/// buffer when big (see `EXTERNAL_FROM`), else copied as it is; other text as UTF-8, which V8 decodes
/// first.
pub fn js_string(env: &Env, text: String) -> napi::Result<JsString<'_>> {
    if !text.is_ascii() {
        return env.create_string(&text);
    }
    let text = match text.len() >= EXTERNAL_FROM {
        true => match external::latin1(env, text) {
            // SAFETY: `value` is the string V8 just made in `env`.
            Ok(value) => return unsafe { JsString::from_napi_value(env.raw(), value) },
            Err(text) => text,
        },
        false => text,
    };
    env.create_string_latin1(&text)
}

/// The JS strings made over Rust buffers that V8 has not released yet (a test hook reads it: each
/// must be released once JS no longer holds it).
pub fn external_strings() -> usize {
    external::LIVE.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(unix)]
mod external {
    use std::ffi::{c_char, c_void};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;

    use napi::sys::{napi_adjust_external_memory, napi_env, napi_status, napi_value, Status};
    use napi::Env;

    pub(super) static LIVE: AtomicUsize = AtomicUsize::new(0);

    type Finalize = unsafe extern "C" fn(env: napi_env, data: *mut c_void, hint: *mut c_void);

    /// `node_api_create_external_string_latin1` (Node >= 20.4, 18.18).
    type CreateExternalLatin1 = unsafe extern "C" fn(
        env: napi_env,
        text: *const c_char,
        length: isize,
        finalize: Option<Finalize>,
        hint: *mut c_void,
        result: *mut napi_value,
        copied: *mut bool,
    ) -> napi_status;

    /// The Node-API function, looked up in the process once: the addon loads on every Node 20, and
    /// the first releases of 20 lack it (napi-rs's `napi10` feature would also raise the Node-API
    /// version the rest of the binding relies on).
    fn create_external_latin1() -> Option<CreateExternalLatin1> {
        static FOUND: OnceLock<Option<CreateExternalLatin1>> = OnceLock::new();
        *FOUND.get_or_init(|| {
            // SAFETY: a lookup of a NUL-terminated name among the symbols loaded in the process.
            let symbol = unsafe {
                libc::dlsym(
                    libc::RTLD_DEFAULT,
                    c"node_api_create_external_string_latin1".as_ptr(),
                )
            };
            // SAFETY: Node exports the function under this name with this signature.
            (!symbol.is_null()).then(|| unsafe {
                std::mem::transmute::<*mut c_void, CreateExternalLatin1>(symbol)
            })
        })
    }

    /// The String whose buffer a JS string is made over; V8 calls this once no JS holds the string
    /// (or at once, when it copied the bytes after all).
    unsafe extern "C" fn release(env: napi_env, _data: *mut c_void, hint: *mut c_void) {
        // SAFETY: `hint` is the `Box<String>` that `latin1` leaked, released exactly once.
        let text = unsafe { Box::from_raw(hint.cast::<String>()) };
        LIVE.fetch_sub(1, Ordering::Relaxed);
        // (A null `env`, as Node passes once the environment is gone, is refused harmlessly.)
        // SAFETY: adjusts a counter of `env`'s isolate.
        unsafe { napi_adjust_external_memory(env, -(text.len() as i64), &mut 0) };
    }

    /// A JS string over the bytes of `text` (ASCII), which V8 then owns (when V8 copies them after
    /// all, it calls `release` before this returns); `text` back when this Node cannot make one.
    pub(super) fn latin1(env: &Env, text: String) -> Result<napi_value, String> {
        let Some(create) = create_external_latin1() else {
            return Err(text);
        };
        let (bytes, length) = (text.as_ptr(), text.len());
        // The `String` moves to the finalizer; its buffer, what V8 reads, stays where it is.
        let hint = Box::into_raw(Box::new(text)).cast::<c_void>();
        LIVE.fetch_add(1, Ordering::Relaxed);
        let mut value = std::ptr::null_mut();
        let mut copied = false;
        // V8 counts a string it copied in its heap, but not a buffer outside it: told, its collector
        // frees unread results as soon as it would copied ones (`release` takes it back).
        // SAFETY: adjusts a counter of `env`'s isolate.
        unsafe { napi_adjust_external_memory(env.raw(), length as i64, &mut 0) };
        // SAFETY: `bytes` stays valid until V8 calls `release`, which frees it (once).
        let status = unsafe {
            create(
                env.raw(),
                bytes.cast(),
                length as isize,
                Some(release),
                hint,
                &mut value,
                &mut copied,
            )
        };
        if status != Status::napi_ok {
            // SAFETY: as above.
            unsafe { napi_adjust_external_memory(env.raw(), -(length as i64), &mut 0) };
            LIVE.fetch_sub(1, Ordering::Relaxed);
            // V8 took nothing (the finalizer will not run): copy it instead.
            // SAFETY: `hint` is the box leaked above, not given to V8.
            return Err(*unsafe { Box::from_raw(hint.cast::<String>()) });
        }
        Ok(value)
    }
}

#[cfg(not(unix))]
mod external {
    pub(super) static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// Windows: the Node-API functions live in the host (node.exe, or the DLL embedding Node) that
    /// napi-rs looks up itself; strings are copied there.
    pub(super) fn latin1(_env: &napi::Env, text: String) -> Result<napi::sys::napi_value, String> {
        Err(text)
    }
}
