//! A few long-lived worker threads that run jobs borrowing from their caller's stack.
//!
//! Big inputs are parsed in stretches side by side (`syntax::split`) and two schemas load side by
//! side (`background::join`). A thread spawned per call costs tens of microseconds to start and
//! tear down, and its mimalloc heap dies with it, leaving its pages to be collected by others. The
//! same workers serve every call instead, so their heaps live on (100 generateMigration calls on
//! 1,000 models: 3 threads started instead of ~90, and about a sixth less CPU over all threads).
//!
//! A job is offered, not handed over: whoever gets to it first runs it. The caller that submitted
//! it takes it back when no worker has started it by the time the caller needs its result (a busy
//! machine, or the workers busy with other callers' jobs), and runs it itself. So a caller only
//! ever waits for a job that is running, and a job running on a worker that submits jobs of its
//! own (a parse inside `join`) never waits for a job stuck behind it in the queue: nested use
//! cannot deadlock.

use std::any::Any;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread;

/// Threads (the caller and the workers) beyond this gain little for the inputs we split.
const MAX_THREADS: usize = 8;

/// The cores a split can keep busy (the caller's and the workers'), `MAX_THREADS` at most.
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        thread::available_parallelism()
            .map_or(1, NonZeroUsize::get)
            .min(MAX_THREADS)
    })
}

/// A job, its borrows erased (see `Scope::spawn` for why that is sound).
type Work = Box<dyn FnOnce() + Send + 'static>;

/// A panic's payload, carried from the worker that caught it to the caller.
type Panic = Box<dyn Any + Send + 'static>;

enum State {
    /// Submitted, started by no one yet: the only state that holds the job.
    Offered(Work),
    /// A worker runs it.
    Running,
    /// A worker ran it; the panic it raised, if any, not yet passed on.
    Ran(Option<Panic>),
    /// The caller took it back (to run it itself, or to drop it unrun).
    Reclaimed,
}

/// One submitted job, shared by the queue, the worker that runs it and the scope that submitted it.
struct Job {
    state: Mutex<State>,
    ran: Condvar,
}

struct Pool {
    queue: Mutex<VecDeque<Arc<Job>>>,
    offered: Condvar,
}

/// The pool, its workers started on first use: one per core but the caller's, at least one (so a
/// job can run beside its caller on one core too). `None` when no worker could start.
fn workers() -> Option<&'static Pool> {
    static POOL: OnceLock<Option<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let wanted = cores().max(2) - 1;
        let started = (0..wanted)
            .take_while(|n| {
                thread::Builder::new()
                    .name(format!("orm-native-{n}"))
                    .spawn(work)
                    .is_ok()
            })
            .count();
        (started > 0).then(|| Pool {
            queue: Mutex::new(VecDeque::new()),
            offered: Condvar::new(),
        })
    })
    .as_ref()
}

/// A worker's life: take the next offered job, run it, say so. Workers block on a condition
/// variable between jobs and never keep Node from exiting (the process ends with them).
fn work() {
    // Blocks until the thread that spawned this one has set the pool up (with this worker in it).
    let Some(pool) = workers() else { return };
    loop {
        let job = {
            let mut queue = lock(&pool.queue);
            loop {
                match queue.pop_front() {
                    Some(job) => break job,
                    None => {
                        queue = pool
                            .offered
                            .wait(queue)
                            .unwrap_or_else(PoisonError::into_inner)
                    }
                }
            }
        };
        let work = {
            let mut state = lock(&job.state);
            match std::mem::replace(&mut *state, State::Running) {
                State::Offered(work) => work,
                // Taken back by its caller after this worker popped it.
                taken => {
                    *state = taken;
                    continue;
                }
            }
        };
        // The job is consumed here, its borrows dropped (also when it panics), before `Ran`.
        let panic = catch_unwind(AssertUnwindSafe(work)).err();
        *lock(&job.state) = State::Ran(panic);
        job.ran.notify_all();
    }
}

/// Locks, whatever a panicking holder left: every critical section here leaves its data whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where jobs that borrow from the caller's stack are submitted; see `scope`.
pub struct Scope<'scope, 'env: 'scope> {
    jobs: std::cell::RefCell<Vec<Arc<Job>>>,
    scope: PhantomData<&'scope mut &'scope ()>,
    env: PhantomData<&'env mut &'env ()>,
}

/// A job's result, to be taken by the caller that submitted it.
pub struct Task<'scope, T> {
    job: Arc<Job>,
    result: Arc<Mutex<Option<T>>>,
    scope: PhantomData<&'scope ()>,
}

/// Runs `f` with a scope to submit jobs to. Before this returns (or unwinds), every job submitted
/// has run or been taken back: a job not started by then is dropped unrun, a running one waited
/// for. A panic in a job whose result was never taken reaches the caller here.
pub fn scope<'env, R>(f: impl for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> R) -> R {
    let scope = Scope {
        jobs: std::cell::RefCell::new(Vec::new()),
        scope: PhantomData,
        env: PhantomData,
    };
    let result = {
        // Waits for the jobs when `f` unwinds too: the guard is in this frame, out of `f`'s reach.
        let settle = Settle(&scope.jobs);
        let result = f(&scope);
        drop(settle);
        result
    };
    for job in scope.jobs.take() {
        let panic = match &mut *lock(&job.state) {
            State::Ran(panic) => panic.take(),
            _ => None,
        };
        if let Some(panic) = panic {
            resume_unwind(panic);
        }
    }
    result
}

struct Settle<'a>(&'a std::cell::RefCell<Vec<Arc<Job>>>);

impl Drop for Settle<'_> {
    fn drop(&mut self) {
        for job in self.0.borrow().iter() {
            drop(reclaim(job));
            let mut state = lock(&job.state);
            while let State::Running = *state {
                state = job.ran.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        }
    }
}

impl<'scope> Scope<'scope, '_> {
    /// Offers `f` to the workers. Without a worker it is left for the caller (`Task::join`).
    pub fn spawn<T: Send + 'scope>(
        &'scope self,
        f: impl FnOnce() -> T + Send + 'scope,
    ) -> Task<'scope, T> {
        let result = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&result);
        let work: Box<dyn FnOnce() + Send + 'scope> = Box::new(move || {
            let value = f();
            *lock(&slot) = Some(value);
        });
        // SAFETY: only the lifetime bound changes ('scope to 'static), so the layout is the same.
        // The job lives only in `State::Offered` of a `Job` that `self.jobs` holds too. It leaves
        // that state by `reclaim` (on this caller's thread, within 'scope) or by a worker, which
        // consumes it, and so drops everything it borrows, before setting `State::Ran` (`work`).
        // `scope` does not return or unwind past its frame before `Settle` has, for every job in
        // `self.jobs`, taken back the unstarted ones and waited for the running ones to be `Ran`.
        // So the job, and the borrows it holds, never outlive 'scope, though the queue and the
        // worker (which can keep the `Arc<Job>` a little longer) are 'static: what they keep after
        // `Ran` holds no borrow. Its result goes to `result`, which is 'scope-bound (`Task`).
        let work: Work = unsafe { std::mem::transmute::<_, Work>(work) };
        let job = Arc::new(Job {
            state: Mutex::new(State::Offered(work)),
            ran: Condvar::new(),
        });
        self.jobs.borrow_mut().push(Arc::clone(&job));
        if let Some(pool) = workers() {
            lock(&pool.queue).push_back(Arc::clone(&job));
            pool.offered.notify_one();
        }
        Task {
            job,
            result,
            scope: PhantomData,
        }
    }
}

impl<T> Task<'_, T> {
    /// The result: the job runs here if no worker has started it, else this waits for it. A panic
    /// in the job goes on here.
    pub fn join(self) -> T {
        match reclaim(&self.job) {
            Some(work) => work(),
            None => self.ran(),
        }
        self.take()
    }

    /// The result, waiting for a worker to run the job (tests that must see it run on another
    /// thread); the job runs here only when there is no worker. Not for use inside a job, which
    /// could wait for the very worker it runs on.
    pub fn wait(self) -> T {
        match workers() {
            Some(_) => self.ran(),
            None => reclaim(&self.job).map_or_else(|| self.ran(), |work| work()),
        }
        self.take()
    }

    /// Waits until a worker has run the job; passes its panic on.
    fn ran(&self) {
        let mut state = lock(&self.job.state);
        while let State::Offered(_) | State::Running = *state {
            state = self
                .job
                .ran
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let panic = match &mut *state {
            State::Ran(panic) => panic.take(),
            _ => None,
        };
        drop(state);
        if let Some(panic) = panic {
            resume_unwind(panic);
        }
    }

    fn take(self) -> T {
        lock(&self.result)
            .take()
            .expect("the job ran and left its result")
    }
}

/// Takes the job back from the workers if none has started it.
fn reclaim(job: &Arc<Job>) -> Option<Work> {
    let work = {
        let mut state = lock(&job.state);
        match std::mem::replace(&mut *state, State::Reclaimed) {
            State::Offered(work) => work,
            other => {
                *state = other;
                return None;
            }
        }
    };
    if let Some(pool) = workers() {
        lock(&pool.queue).retain(|queued| !Arc::ptr_eq(queued, job));
    }
    Some(work)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::mpsc::channel;

    fn on_a_worker() -> thread::ThreadId {
        scope(|s| s.spawn(|| thread::current().id()).wait())
    }

    #[test]
    fn the_same_few_workers_run_every_call() {
        let here = thread::current().id();
        let ids: HashSet<_> = (0..50).map(|_| on_a_worker()).collect();
        assert!(!ids.contains(&here));
        // A thread per call would show 50 ids (a ThreadId is never reused).
        assert!(ids.len() < cores().max(2), "{} threads", ids.len());
        let name = scope(|s| {
            s.spawn(|| thread::current().name().map(str::to_owned))
                .wait()
        });
        assert!(name.unwrap().starts_with("orm-native-"));
    }

    #[test]
    fn jobs_borrow_from_the_callers_stack() {
        let words: Vec<String> = (0..64).map(|n| n.to_string()).collect();
        let lengths = scope(|s| {
            let tasks: Vec<_> = words
                .chunks(8)
                .map(|chunk| s.spawn(move || chunk.iter().map(String::len).sum::<usize>()))
                .collect();
            tasks.into_iter().map(Task::join).sum::<usize>()
        });
        assert_eq!(lengths, words.iter().map(String::len).sum::<usize>());
    }

    #[test]
    fn a_job_no_worker_has_started_runs_on_its_caller() {
        let here = thread::current().id();
        let workers = cores().max(2) - 1;
        let (started, all_started) = channel();
        let (release, released) = channel::<()>();
        let released = Mutex::new(released);
        scope(|s| {
            // Every worker held, so nobody else can start the job below.
            let blockers: Vec<_> = (0..workers)
                .map(|_| {
                    let (started, released) = (started.clone(), &released);
                    s.spawn(move || {
                        started.send(()).unwrap();
                        let _ = lock(released).recv();
                    })
                })
                .collect();
            all_started.iter().take(workers).for_each(drop);
            assert_eq!(s.spawn(|| thread::current().id()).join(), here);
            drop(release);
            blockers.into_iter().for_each(Task::join);
        });
    }

    #[test]
    fn a_panic_in_a_job_reaches_the_caller_and_the_pool_goes_on() {
        let caught = catch_unwind(|| scope(|s| s.spawn(|| -> u8 { panic!("in a job") }).wait()));
        assert_eq!(
            caught.unwrap_err().downcast_ref::<&str>(),
            Some(&"in a job")
        );
        // Its result never asked for, the panic still reaches the caller when the scope ends.
        let caught = catch_unwind(|| {
            scope(|s| {
                let (ran, wait) = channel();
                s.spawn(move || {
                    ran.send(()).unwrap();
                    panic!("unobserved")
                });
                wait.recv().unwrap();
            })
        });
        assert_eq!(
            caught.unwrap_err().downcast_ref::<&str>(),
            Some(&"unobserved")
        );
        assert_ne!(on_a_worker(), thread::current().id());
    }

    #[test]
    fn jobs_inside_jobs_do_not_deadlock() {
        fn sum(from: u64, to: u64, depth: u32) -> u64 {
            match depth {
                0 => (from..to).sum(),
                _ => scope(|s| {
                    let middle = (from + to) / 2;
                    let upper = s.spawn(move || sum(middle, to, depth - 1));
                    sum(from, middle, depth - 1) + upper.join()
                }),
            }
        }
        for _ in 0..20 {
            assert_eq!(sum(0, 1 << 12, 6), (0..1u64 << 12).sum::<u64>());
        }
    }
}
