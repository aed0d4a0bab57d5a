//! What the running app's background workers (the mail reading, the sync)
//! share: their state for the window and the tray, one run at a time, a
//! poke to run soon, a password given for the session, a run on a thread
//! and runtime of its own, and the longer wait after each failure. Each
//! worker keeps its own rules of when to run.

use std::fmt::Display;
use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;

/// What a worker is doing, for the window and the tray.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live<P, R> {
    pub running: bool,
    pub progress: Option<P>,
    /// The last run's outcome (`None` before the first).
    pub last: Option<Result<R, String>>,
    /// No password in the keychain, none given this session.
    pub needs_password: bool,
}

impl<P, R> Default for Live<P, R> {
    fn default() -> Self {
        Live {
            running: false,
            progress: None,
            last: None,
            needs_password: false,
        }
    }
}

/// What a worker tells its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A run started, moved on, or ended: the status changed.
    Status,
    /// A run changed what is here: lists and pages should reload.
    ChangedHere,
}

/// A worker's shared state; `P` is its progress, `R` a run's report.
pub struct Worker<P, R> {
    poke: Notify,
    /// The password given this session (when no keychain keeps it).
    password: Mutex<Option<String>>,
    live: Mutex<Live<P, R>>,
    /// Only one run at a time.
    running: tokio::sync::Mutex<()>,
    on_event: Box<dyn Fn(Event) + Send + Sync>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<P: Clone, R: Clone> Worker<P, R> {
    pub fn new(on_event: impl Fn(Event) + Send + Sync + 'static) -> Self {
        Worker {
            poke: Notify::new(),
            password: Mutex::new(None),
            live: Mutex::new(Live::default()),
            running: tokio::sync::Mutex::new(()),
            on_event: Box::new(on_event),
        }
    }

    /// Asks the worker's task to run soon.
    pub fn poke(&self) {
        self.poke.notify_one();
    }

    /// Returns once the worker is poked (a poke made while nobody waited
    /// is kept for the next wait).
    pub async fn poked(&self) {
        self.poke.notified().await;
    }

    /// Keeps a password for this session (no keychain).
    pub fn set_password(&self, password: Option<String>) {
        *lock(&self.password) = password;
    }

    /// The password kept for this session, if one was given.
    pub fn password(&self) -> Option<String> {
        lock(&self.password).clone()
    }

    pub fn live(&self) -> Live<P, R> {
        lock(&self.live).clone()
    }

    /// Waits for any run under way; the turn is this caller's while the
    /// guard lives.
    pub async fn turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.running.lock().await
    }

    /// A run started.
    pub fn begin(&self) {
        {
            let mut live = lock(&self.live);
            live.running = true;
            live.progress = None;
        }
        (self.on_event)(Event::Status);
    }

    /// A run moved on.
    pub fn progress(&self, progress: P) {
        lock(&self.live).progress = Some(progress);
        (self.on_event)(Event::Status);
    }

    /// A run ended with `outcome`; `changed_here` when it changed what is
    /// here.
    pub fn end<E: Display>(
        &self,
        outcome: &Result<R, E>,
        needs_password: bool,
        changed_here: bool,
    ) {
        {
            let mut live = lock(&self.live);
            live.running = false;
            live.progress = None;
            live.needs_password = needs_password;
            live.last = Some(match outcome {
                Ok(report) => Ok(report.clone()),
                Err(error) => Err(error.to_string()),
            });
        }
        if changed_here {
            (self.on_event)(Event::ChangedHere);
        }
        (self.on_event)(Event::Status);
    }
}

/// Runs `work` on a blocking thread with a runtime of its own (the store's
/// calls block, and must not hold up the caller's threads). `Err` says
/// why it did not run to its end, naming it as `what` ("the sync").
pub async fn apart<T, F>(
    what: &'static str,
    work: impl FnOnce() -> F + Send + 'static,
) -> Result<T, String>
where
    F: Future<Output = T>,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("could not start {what}: {e}"))?;
        Ok(runtime.block_on(work()))
    })
    .await
    .unwrap_or_else(|e| Err(format!("{what} stopped: {e}")))
}

/// How long to wait after the `failures`-th failure in a row: `first`,
/// doubled with each failure after it, at most `max`.
pub fn backoff(first: Duration, max: Duration, failures: u32) -> Duration {
    first
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_wait_doubles_with_each_failure_up_to_its_longest() {
        let (first, max) = (Duration::from_secs(30), Duration::from_secs(1800));
        let waits: Vec<u64> = (1..=8).map(|n| backoff(first, max, n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1800, 1800]);
        assert_eq!(backoff(first, max, u32::MAX), max);
    }

    #[tokio::test]
    async fn a_run_is_told_as_it_starts_moves_and_ends() {
        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = events.clone();
        let worker: Worker<u32, &'static str> = Worker::new(move |e| lock(&seen).push(e));
        worker.begin();
        assert!(worker.live().running);
        worker.progress(3);
        assert_eq!(worker.live().progress, Some(3));
        worker.end(&Ok::<_, String>("done"), false, true);
        let live = worker.live();
        assert!(!live.running && live.progress.is_none());
        assert_eq!(live.last, Some(Ok("done")));
        worker.end(&Err::<&str, _>("no server"), true, false);
        assert_eq!(worker.live().last, Some(Err("no server".to_owned())));
        assert!(worker.live().needs_password);
        use Event::*;
        assert_eq!(
            *lock(&events),
            [Status, Status, ChangedHere, Status, Status]
        );
    }

    #[tokio::test]
    async fn work_apart_runs_on_its_own_runtime_and_gives_its_result() {
        let got = apart("the test", || async {
            tokio::time::sleep(Duration::from_millis(1)).await;
            41 + 1
        })
        .await;
        assert_eq!(got, Ok(42));
        let stopped: Result<(), String> = apart("the test", || async { panic!("down") }).await;
        assert!(stopped.unwrap_err().starts_with("the test stopped"));
    }
}
