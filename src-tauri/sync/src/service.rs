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

use kith_core::{Clock, Store};
use tokio::sync::Notify;

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    pub running: bool,
    pub progress: Option<Progress>,
    /// The last sync's outcome (`None` before the first).
    pub last: Option<Result<Report, String>>,
    /// No password in the keychain, none given this session.
    pub needs_password: bool,
}

/// What the service tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A sync started, moved on, or ended: the status changed.
    Status,
    /// A sync changed people here: lists and pages should reload.
    ChangedHere,
}

struct Inner {
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    poke: Notify,
    /// The password given this session (when no keychain keeps it).
    password: Mutex<Option<String>>,
    control: Mutex<Control>,
    live: Mutex<Live>,
    /// Only one sync at a time.
    running: tokio::sync::Mutex<()>,
    on_event: Box<dyn Fn(Event) + Send + Sync>,
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
                poke: Notify::new(),
                password: Mutex::new(None),
                control: Mutex::new(Control::default()),
                live: Mutex::new(Live::default()),
                running: tokio::sync::Mutex::new(()),
                on_event: Box::new(on_event),
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
        self.inner.poke.notify_one();
    }

    /// Keeps a password for this session (no keychain).
    pub fn set_password(&self, password: Option<String>) {
        *lock(&self.inner.password) = password;
    }

    /// The password kept for this session, if one was given.
    pub fn password(&self) -> Option<String> {
        lock(&self.inner.password).clone()
    }

    /// Stops the running sync at its next item.
    pub fn cancel(&self) {
        lock(&self.inner.control).cancel();
    }

    pub fn live(&self) -> Live {
        lock(&self.inner.live).clone()
    }

    /// Syncs now and waits for the outcome (after any sync under way).
    pub async fn sync_now(&self, allow_deletes: bool) -> Result<Report, SyncError> {
        let _one = self.inner.running.lock().await;
        self.once(allow_deletes).await
    }

    async fn once(&self, allow_deletes: bool) -> Result<Report, SyncError> {
        let inner = self.inner.clone();
        let control = {
            let reporter = inner.clone();
            let control = Control::default().on_progress(move |p| {
                lock(&reporter.live).progress = Some(p);
                (reporter.on_event)(Event::Status);
            });
            *lock(&inner.control) = control.clone();
            control
        };
        {
            let mut live = lock(&inner.live);
            live.running = true;
            live.progress = None;
        }
        (inner.on_event)(Event::Status);
        let password = lock(&inner.password).clone();
        let store = inner.store.clone();
        let now = inner.clock.now();
        let outcome = tokio::task::spawn_blocking(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| SyncError::Server(format!("could not start the sync: {e}")))?;
            runtime.block_on(crate::sync_now(
                &store,
                password.as_deref(),
                allow_deletes,
                &control,
                now,
            ))
        })
        .await
        .unwrap_or_else(|e| Err(SyncError::Server(format!("the sync stopped: {e}"))));
        {
            let mut live = lock(&inner.live);
            live.running = false;
            live.progress = None;
            live.needs_password = matches!(outcome, Err(SyncError::NoPassword));
            live.last = Some(
                outcome
                    .as_ref()
                    .map(Clone::clone)
                    .map_err(ToString::to_string),
            );
        }
        match &outcome {
            Ok(report) => tracing::info!(?report, "synced"),
            Err(error) => tracing::info!(%error, "sync did not complete"),
        }
        if outcome.as_ref().is_ok_and(|r| r.pulled + r.deleted > 0) {
            (inner.on_event)(Event::ChangedHere);
        }
        (inner.on_event)(Event::Status);
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
                _ = self.inner.poke.notified() => true,
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
                let _one = self.inner.running.lock().await;
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
                    let backoff = timing
                        .first_backoff
                        .saturating_mul(2u32.saturating_pow(failures - 1))
                        .min(timing.max_backoff);
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
