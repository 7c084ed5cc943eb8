//! Work taken off the caller's thread for big inputs: big values dropped on a background thread,
//! and jobs run side by side on the long-lived workers of `pool` (two independent ones by `join`,
//! a big file's stretches by `syntax::split`).
//!
//! Freeing what a 1,000-model schema was turned into takes about a millisecond per structure; a
//! caller waiting for its result need not wait for that. One long-lived thread does it for a parse
//! (a thread per call would cost tens of microseconds to start); values built from small inputs are
//! dropped in place. `generate_migration` frees its trees and resolved schemas by `join` instead,
//! beside its next stage, on the worker that built half of them (see there).

mod pool;

pub use pool::{cores, scope};

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

/// Whether work on this many bytes of schema text is worth a thread of its own (`join` runs a job
/// beside its caller only then).
pub fn worth_a_thread(bytes: usize) -> bool {
    bytes >= BIG_INPUT
}

/// The bytes of schema text in a set of files.
pub fn input_bytes(files: &[(String, String)]) -> usize {
    files.iter().map(|(_, content)| content.len()).sum()
}

/// Runs `a` and `b`; side by side (`a` offered to a worker of the pool) when both work on
/// `BIG_INPUT` bytes or more, else one after the other. When `b` is done before a worker has
/// started `a` (a busy machine, or the workers busy), `a` runs here.
pub fn join<RA: Send, RB>(
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB,
    (a_bytes, b_bytes): (usize, usize),
) -> (RA, RB) {
    if !worth_a_thread(a_bytes.min(b_bytes)) {
        return (a(), b());
    }
    pool::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join(), b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{channel, Sender};
    use std::thread;

    struct Signal(Sender<usize>, usize);

    impl Drop for Signal {
        fn drop(&mut self) {
            let _ = self.0.send(self.1);
        }
    }

    #[test]
    fn values_big_and_small_are_all_dropped() {
        let (sender, dropped) = channel();
        for (n, bytes) in [0, BIG_INPUT, BIG_INPUT, BIG_INPUT, BIG_INPUT]
            .into_iter()
            .enumerate()
        {
            drop_big(Signal(sender.clone(), n), bytes);
        }
        drop(sender);
        let mut all: Vec<usize> = dropped.iter().collect();
        all.sort();
        assert_eq!(all, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn two_big_jobs_run_on_two_threads_and_small_ones_here() {
        let here = thread::current().id();
        let ids = || thread::current().id();
        assert_eq!(join(ids, ids, (BIG_INPUT, 0)), (here, here));
        // `b` waits until `a` has started, so `a` cannot be left for this thread.
        let (started, wait) = channel();
        let a = move || {
            started.send(()).unwrap();
            thread::current().id()
        };
        let b = || wait.recv().map(|()| thread::current().id()).unwrap();
        let (a, b) = join(a, b, (BIG_INPUT, BIG_INPUT));
        assert_ne!(a, here);
        assert_eq!(b, here);
    }

    #[test]
    fn a_panic_in_either_job_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            join(|| -> u8 { panic!("side a") }, || 1, (BIG_INPUT, BIG_INPUT))
        });
        assert_eq!(caught.unwrap_err().downcast_ref::<&str>(), Some(&"side a"));
    }

    #[test]
    fn joins_inside_joins_and_big_parses_inside_a_join() {
        let big = (BIG_INPUT, BIG_INPUT);
        let pair = || join(|| 1, || 2, big);
        for _ in 0..20 {
            assert_eq!(join(pair, pair, big), ((1, 2), (1, 2)));
        }
        // Each side splits its parse (`syntax::split`) while the other is parsed beside it.
        let model = |n: usize| format!("model M{n} {{\n  id Int @id\n  name String\n}}\n\n");
        let text: String = (0..8000).map(model).collect();
        let files = [("schema.prisma".to_string(), text)];
        let parse = || crate::syntax::parse_files(&files).files[0].blocks().count();
        assert_eq!(join(parse, parse, big), (8000, 8000));
    }
}
