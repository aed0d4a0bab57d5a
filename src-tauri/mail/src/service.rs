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

use std::sync::Arc;
use std::time::Duration;

use kith_core::worker::{self, Worker};
use kith_core::{Clock, Store};

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
pub type Live = worker::Live<Progress, ReadReport>;

pub use kith_core::worker::Event;

struct Inner {
    store: Arc<Store>,
    /// Now and the user's zone at each read (the day a message counts on).
    clock: Arc<dyn Clock>,
    worker: Worker<Progress, ReadReport>,
    timing: Timing,
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
                worker: Worker::new(on_event),
                timing,
            }),
        }
    }

    /// Reads soon (the machine woke, an account was set up).
    pub fn poke(&self) {
        self.inner.worker.poke();
    }

    /// Keeps a password for this session (no keychain).
    pub fn set_password(&self, password: Option<String>) {
        self.inner.worker.set_password(password);
    }

    pub fn live(&self) -> Live {
        self.inner.worker.live()
    }

    /// Reads now and waits for the outcome (after any read under way).
    pub async fn read_now(&self) -> Result<ReadReport, String> {
        let _one = self.inner.worker.turn().await;
        self.once().await
    }

    /// The password given this session, else the keychain's (looked up on
    /// a blocking thread: the keychain's calls block).
    async fn password(&self) -> Option<String> {
        if let Some(given) = self.inner.worker.password() {
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
        inner.worker.begin();
        let password = self.password().await;
        let needs_password = password.is_none();
        let outcome = match password {
            None => {
                Err("the OS keychain holds no mail password; give it in Settings → Mail".to_owned())
            }
            Some(password) => {
                let (store, reporter) = (inner.store.clone(), inner.clone());
                let (zone, now) = (inner.clock.zone(), inner.clock.now());
                worker::apart("reading mail", move || async move {
                    account::read(&store, &password, zone, now, |p| {
                        reporter.worker.progress(p.clone())
                    })
                    .await
                    .map_err(|e| e.to_string())
                })
                .await
                .and_then(|read| read)
            }
        };
        match &outcome {
            Ok(report) => {
                tracing::info!(new = report.new, touches = report.touches_made, "mail read")
            }
            Err(error) => tracing::info!(%error, "mail not read"),
        }
        let changed = outcome
            .as_ref()
            .is_ok_and(|r| r.touches_made + r.touches_changed > 0);
        inner.worker.end(&outcome, needs_password, changed);
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
            _ = self.inner.worker.poked() => {}
            _ = tokio::time::sleep(timing.start_delay) => {}
        }
        let mut failures: u32 = 0;
        loop {
            let configured = matches!(self.inner.store.mail_account(), Ok(Some(_)));
            let wait = if configured {
                let outcome = {
                    let _one = self.inner.worker.turn().await;
                    self.once().await
                };
                match outcome {
                    Ok(_) => {
                        failures = 0;
                        timing.every
                    }
                    Err(_) => {
                        failures += 1;
                        worker::backoff(timing.first_backoff, timing.max_backoff, failures)
                    }
                }
            } else {
                // Without an account nothing ticks: setting one up pokes.
                Duration::MAX
            };
            let watch = configured && failures == 0;
            tokio::select! {
                _ = self.inner.worker.poked() => {}
                _ = tokio::time::sleep(wait.min(Duration::from_secs(365 * 24 * 3600))) => {}
                _ = async { if watch { self.idle(wait).await } else { std::future::pending().await } } => {}
            }
        }
    }
}
