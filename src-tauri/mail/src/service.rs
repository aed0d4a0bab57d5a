//! Reading the mail account in a running app: a background task that reads
//! a few seconds after start, when poked (wake from sleep, "Read now"), as
//! soon as the server says new mail arrived (IMAP IDLE on the watched
//! folder, where the server offers it) and otherwise every five minutes;
//! never two reads at once; after a failure it waits longer each time (up
//! to half an hour) and reports one quiet status instead of errors.
//!
//! Each read runs on a blocking thread with a runtime of its own, since the
//! store's calls block; only the IDLE wait, which touches no store, runs on
//! the caller's runtime.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kith_core::{Clock, Store};
use tokio::sync::Notify;

use crate::account::{self, Progress, ReadReport};
use crate::imap::{folders_for, Imap, Security};

/// When the service reads on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How soon after the app starts the first read runs.
    pub start_delay: Duration,
    /// How often to read while nothing else asks for it (and how long one
    /// IDLE wait lasts).
    pub every: Duration,
    /// The first wait after a failure; it doubles with each one after.
    pub first_backoff: Duration,
    /// The longest wait after failures.
    pub max_backoff: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            start_delay: Duration::from_secs(8),
            every: Duration::from_secs(5 * 60),
            first_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(30 * 60),
        }
    }
}

/// What the service is doing, for the window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    pub running: bool,
    pub progress: Option<Progress>,
    /// The last read's outcome (`None` before the first).
    pub last: Option<Result<ReadReport, String>>,
    /// No password in the keychain, none given this session.
    pub needs_password: bool,
}

/// What the service tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A read started, moved on, or ended: the status changed.
    Status,
    /// A read made or changed touches: timelines and lists should reload.
    ChangedHere,
}

struct Inner {
    store: Arc<Store>,
    /// Now and the user's zone at each read (the day a message counts on).
    clock: Arc<dyn Clock>,
    poke: Notify,
    /// The password given this session (when no keychain keeps it).
    password: Mutex<Option<String>>,
    live: Mutex<Live>,
    /// Only one read at a time.
    running: tokio::sync::Mutex<()>,
    on_event: Box<dyn Fn(Event) + Send + Sync>,
    timing: Timing,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The running app's mail reading.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

impl Service {
    /// The service; its background task is [`Service::run`], for the
    /// caller to spawn on its runtime. `clock` gives now and the user's
    /// time zone at each read (the day a message counts on).
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
                live: Mutex::new(Live::default()),
                running: tokio::sync::Mutex::new(()),
                on_event: Box::new(on_event),
                timing,
            }),
        }
    }

    /// Reads soon (the machine woke, an account was set up).
    pub fn poke(&self) {
        self.inner.poke.notify_one();
    }

    /// Keeps a password for this session (no keychain).
    pub fn set_password(&self, password: Option<String>) {
        *lock(&self.inner.password) = password;
    }

    pub fn live(&self) -> Live {
        lock(&self.inner.live).clone()
    }

    /// Reads now and waits for the outcome (after any read under way).
    pub async fn read_now(&self) -> Result<ReadReport, String> {
        let _one = self.inner.running.lock().await;
        self.once().await
    }

    /// The password given this session, else the keychain's (looked up on
    /// a blocking thread: the keychain's calls block).
    async fn password(&self) -> Option<String> {
        if let Some(given) = lock(&self.inner.password).clone() {
            return Some(given);
        }
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || {
            let account = store.mail_account().ok()??;
            account::kept_password(&account).ok()?
        })
        .await
        .ok()?
    }

    async fn once(&self) -> Result<ReadReport, String> {
        let inner = self.inner.clone();
        {
            let mut live = lock(&inner.live);
            live.running = true;
            live.progress = None;
        }
        (inner.on_event)(Event::Status);
        let password = self.password().await;
        let needs_password = password.is_none();
        let outcome = match password {
            None => Err(None),
            Some(password) => {
                let (store, reporter) = (inner.store.clone(), inner.clone());
                let (zone, now) = (inner.clock.zone(), inner.clock.now());
                tokio::task::spawn_blocking(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| format!("could not start reading mail: {e}"))?;
                    runtime
                        .block_on(account::read(&store, &password, zone, now, |p| {
                            lock(&reporter.live).progress = Some(p.clone());
                            (reporter.on_event)(Event::Status);
                        }))
                        .map_err(|e| e.to_string())
                })
                .await
                .unwrap_or_else(|e| Err(format!("reading mail stopped: {e}")))
                .map_err(Some)
            }
        };
        let outcome = outcome.map_err(|error| {
            error.unwrap_or_else(|| {
                "the OS keychain holds no mail password; give it in Settings → Mail".to_owned()
            })
        });
        {
            let mut live = lock(&inner.live);
            live.running = false;
            live.progress = None;
            live.needs_password = needs_password;
            live.last = Some(outcome.clone());
        }
        match &outcome {
            Ok(report) => {
                tracing::info!(new = report.new, touches = report.touches_made, "mail read")
            }
            Err(error) => tracing::info!(%error, "mail not read"),
        }
        if outcome
            .as_ref()
            .is_ok_and(|r| r.touches_made + r.touches_changed > 0)
        {
            (inner.on_event)(Event::ChangedHere);
        }
        (inner.on_event)(Event::Status);
        outcome
    }

    /// Waits at most `max` for the server to say new mail arrived in the
    /// watched folder (the scope's last: the archive or the Inbox for
    /// `all`, else Sent or the chosen folder): `true` when mail arrived,
    /// `false` when the time ran out. Never returns when the server offers
    /// no IDLE or cannot be asked (the timer then decides).
    async fn idle(&self, max: Duration) -> bool {
        let waited = async {
            let password = self.password().await?;
            let account = self.inner.store.mail_account().ok()??;
            let security = Security::parse(&account.security).unwrap_or(Security::Tls);
            let mut imap = Imap::connect(
                &account.host,
                account.port,
                security,
                &account.user,
                &password,
                "",
            )
            .await
            .ok()?;
            if !imap.can_idle().await {
                imap.logout().await;
                return None;
            }
            let folders = folders_for(&account.scope, &imap.folders().await.ok()?).ok()?;
            imap.examine(folders.last()?).await.ok()?;
            imap.wait_for_mail(max).await.ok()
        };
        match waited.await {
            Some(arrived) => arrived,
            // No IDLE here (or no way to ask): the timer decides.
            None => std::future::pending().await,
        }
    }

    /// The background task: runs until the process ends.
    pub async fn run(self) {
        let timing = self.inner.timing;
        tokio::select! {
            _ = self.inner.poke.notified() => {}
            _ = tokio::time::sleep(timing.start_delay) => {}
        }
        let mut failures: u32 = 0;
        loop {
            let configured = matches!(self.inner.store.mail_account(), Ok(Some(_)));
            let wait = if configured {
                let outcome = {
                    let _one = self.inner.running.lock().await;
                    self.once().await
                };
                match outcome {
                    Ok(_) => {
                        failures = 0;
                        timing.every
                    }
                    Err(_) => {
                        failures += 1;
                        timing
                            .first_backoff
                            .saturating_mul(2u32.saturating_pow(failures - 1))
                            .min(timing.max_backoff)
                    }
                }
            } else {
                // Without an account nothing ticks: setting one up pokes.
                Duration::MAX
            };
            let watch = configured && failures == 0;
            tokio::select! {
                _ = self.inner.poke.notified() => {}
                _ = tokio::time::sleep(wait.min(Duration::from_secs(365 * 24 * 3600))) => {}
                _ = async { if watch { self.idle(wait).await } else { std::future::pending().await } } => {}
            }
        }
    }
}
