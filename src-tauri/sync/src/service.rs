//! Sync in a running app: a background task that syncs a few seconds
//! after start, a few seconds after the last local change, when poked
//! (wake from sleep, "Sync now") and every five minutes; never two at once;
//! after a failure it waits longer each time (up to half an hour) before
//! trying on its own again, and reports one quiet status instead of errors.
//!
//! Each sync runs on a blocking thread with a runtime of its own, since
//! the store's calls block; nothing of it touches the caller's threads.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kith_core::worker::{self, Worker};
use kith_core::{Clock, Store};

use crate::{Control, Progress, Report, SyncError};

/// When the service syncs on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How soon after the app starts the first sync runs.
    pub start_delay: Duration,
    /// How long the store must be quiet after a change before it is synced.
    pub quiet_after_change: Duration,
    /// How often to sync while nothing else asks for it.
    pub every: Duration,
    /// The first wait after a failure; it doubles with each one after.
    pub first_backoff: Duration,
    /// The longest wait after failures.
    pub max_backoff: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            start_delay: Duration::from_secs(5),
            quiet_after_change: Duration::from_secs(4),
            every: Duration::from_secs(5 * 60),
            first_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(30 * 60),
        }
    }
}

/// How often the task looks for local changes.
const TICK: Duration = Duration::from_millis(1500);

/// What the service is doing, for the window and the tray.
pub type Live = worker::Live<Progress, Report>;

pub use kith_core::worker::Event;

struct Inner {
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    worker: Worker<Progress, Report>,
    control: Mutex<Control>,
    timing: Timing,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The running app's sync.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

impl Service {
    /// The service; its background task is [`Service::run`], for the
    /// caller to spawn on its runtime.
    pub fn new(
        store: Arc<Store>,
        timing: Timing,
        clock: Arc<dyn Clock>,
        on_event: impl Fn(Event) + Send + Sync + 'static,
    ) -> Service {
        Service {
            inner: Arc::new(Inner {
                store,
                clock,
                worker: Worker::new(on_event),
                control: Mutex::new(Control::default()),
                timing,
            }),
        }
    }

    /// The service, with its background task spawned on the current tokio
    /// runtime.
    pub fn start(
        store: Arc<Store>,
        timing: Timing,
        clock: Arc<dyn Clock>,
        on_event: impl Fn(Event) + Send + Sync + 'static,
    ) -> Service {
        let service = Service::new(store, timing, clock, on_event);
        tokio::spawn(service.clone().run());
        service
    }

    /// Syncs soon (the machine woke, the network came back).
    pub fn poke(&self) {
        self.inner.worker.poke();
    }

    /// Keeps a password for this session (no keychain).
    pub fn set_password(&self, password: Option<String>) {
        self.inner.worker.set_password(password);
    }

    /// The password kept for this session, if one was given.
    pub fn password(&self) -> Option<String> {
        self.inner.worker.password()
    }

    /// Stops the running sync at its next item.
    pub fn cancel(&self) {
        lock(&self.inner.control).cancel();
    }

    pub fn live(&self) -> Live {
        self.inner.worker.live()
    }

    /// Syncs now and waits for the outcome (after any sync under way).
    pub async fn sync_now(&self, allow_deletes: bool) -> Result<Report, SyncError> {
        let _one = self.inner.worker.turn().await;
        self.once(allow_deletes).await
    }

    async fn once(&self, allow_deletes: bool) -> Result<Report, SyncError> {
        let inner = self.inner.clone();
        let control = {
            let reporter = inner.clone();
            let control = Control::default().on_progress(move |p| reporter.worker.progress(p));
            *lock(&inner.control) = control.clone();
            control
        };
        inner.worker.begin();
        let password = inner.worker.password();
        let store = inner.store.clone();
        let now = inner.clock.now();
        let outcome = worker::apart("the sync", move || async move {
            crate::sync_now(&store, password.as_deref(), allow_deletes, &control, now).await
        })
        .await
        .unwrap_or_else(|message| Err(SyncError::Server(message)));
        match &outcome {
            Ok(report) => tracing::info!(?report, "synced"),
            Err(error) => tracing::info!(%error, "sync did not complete"),
        }
        let needs_password = matches!(outcome, Err(SyncError::NoPassword));
        let changed = outcome.as_ref().is_ok_and(|r| r.pulled + r.deleted > 0);
        inner.worker.end(&outcome, needs_password, changed);
        outcome
    }

    /// The background task: runs until the process ends.
    pub async fn run(self) {
        let timing = self.inner.timing;
        let mut due = Instant::now() + timing.start_delay;
        let mut failures: u32 = 0;
        let mut finished = Instant::now();
        let mut configured = true;
        loop {
            // Without a server nothing ticks: setting one up pokes.
            let until_due = due.saturating_duration_since(Instant::now());
            let wait = if configured {
                until_due.min(TICK)
            } else {
                until_due
            };
            let poked = tokio::select! {
                _ = self.inner.worker.poked() => true,
                _ = tokio::time::sleep(wait) => false,
            };
            let store = &self.inner.store;
            // A change here since the last sync, once the store is quiet;
            // not while failures hold syncing back. (A tick looks only at
            // the store's clock, never at the database.)
            let changed = configured
                && store.last_write() > finished
                && store.idle_for() >= timing.quiet_after_change
                && failures == 0;
            if !(poked || changed || Instant::now() >= due) {
                continue;
            }
            configured = matches!(store.sync_account(), Ok(Some(_)));
            if !configured {
                due = Instant::now() + timing.every;
                continue;
            }
            let outcome = {
                let _one = self.inner.worker.turn().await;
                self.once(false).await
            };
            finished = Instant::now();
            match outcome {
                Ok(_) => {
                    failures = 0;
                    due = finished + timing.every;
                }
                Err(SyncError::Cancelled) => due = finished + timing.every,
                Err(error) => {
                    failures += 1;
                    let backoff =
                        worker::backoff(timing.first_backoff, timing.max_backoff, failures);
                    due = finished
                        + if error.is_transient() {
                            backoff
                        } else {
                            timing.every.max(backoff)
                        };
                }
            }
        }
    }
}
