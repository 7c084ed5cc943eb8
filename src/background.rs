//! Big values dropped on a background thread, off the caller's critical path.
//!
//! Freeing what a 1,000-model schema was turned into takes about a millisecond per structure (the
//! tree, the resolved schema, the SQL schemas); a caller waiting for its result need not wait for
//! that. One long-lived thread does it (a thread per call would cost tens of microseconds to start);
//! values built from small inputs are dropped in place.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::OnceLock;

/// Schema text below this many bytes: what it was turned into is dropped in place (microseconds).
const BIG_INPUT: usize = 128 * 1024;

/// Values waiting to be dropped; when this many already wait, the next is dropped in place, so a
/// caller faster than the dropper never piles up memory.
const QUEUE: usize = 2;

type Garbage = Box<dyn Send>;

/// Drops `value`, built from `input_bytes` of schema text: on the background thread when the input
/// is big (and the thread could be started and is keeping up), else now.
pub fn drop_big<T: Send + 'static>(value: T, input_bytes: usize) {
    if input_bytes >= BIG_INPUT {
        if let Some(dropper) = dropper() {
            // A full queue hands the value back, dropped here.
            let _ = dropper.try_send(Box::new(value));
        }
    }
}

fn dropper() -> Option<&'static SyncSender<Garbage>> {
    static DROPPER: OnceLock<Option<SyncSender<Garbage>>> = OnceLock::new();
    DROPPER
        .get_or_init(|| {
            let (sender, receiver) = sync_channel::<Garbage>(QUEUE);
            std::thread::Builder::new()
                .name("orm-native-drop".to_string())
                .spawn(move || receiver.into_iter().for_each(drop))
                .ok()?;
            Some(sender)
        })
        .as_ref()
}

/// The bytes of schema text in a set of files.
pub fn input_bytes(files: &[(String, String)]) -> usize {
    files.iter().map(|(_, content)| content.len()).sum()
}
