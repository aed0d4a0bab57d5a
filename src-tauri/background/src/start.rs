//! Starting the background work, one way for both programs (the desktop
//! app and the resident): the reminder scheduler, sync with a CardDAV
//! server and reading the mail account, each a task on the caller's tokio
//! runtime, and the wake-ups that poke them. Each program says only what
//! its reactions are (redraw a window, refresh a tray).

use std::path::PathBuf;
use std::sync::Arc;

use kith_core::scheduler::{Scheduler, SchedulerInbox};
use kith_core::{Notifier, Store, SystemClock};

use crate::AppState;

/// The background work, made but not yet started.
pub struct Background {
    pub state: AppState,
    inbox: SchedulerInbox,
}

impl Background {
    /// Makes the scheduler's handle, the sync and mail services and the
    /// state commands share; `on_sync` and `on_mail` hear their events.
    pub fn new(
        store: Arc<Store>,
        log_dir: PathBuf,
        on_sync: impl Fn(kith_sync::service::Event) + Send + Sync + 'static,
        on_mail: impl Fn(kith_mail::service::Event) + Send + Sync + 'static,
    ) -> Background {
        let clock = Arc::new(SystemClock);
        let (scheduler, inbox) = Scheduler::channel();
        let sync = kith_sync::service::Service::new(
            store.clone(),
            kith_sync::service::Timing::default(),
            clock.clone(),
            on_sync,
        );
        let mail = kith_mail::service::Service::new(
            store.clone(),
            kith_mail::service::Timing::default(),
            clock.clone(),
            on_mail,
        );
        Background {
            state: AppState {
                store,
                clock,
                scheduler,
                log_dir,
                sync,
                mail,
                cancel_import: Default::default(),
            },
            inbox,
        }
    }

    /// Starts it all on the current tokio runtime: the scheduler showing
    /// reminders through `notifier`, sync and mail (each waiting, doing
    /// nothing, while no account is set up), and the wake-ups. Returns the
    /// state, which the caller keeps.
    pub fn start(self, notifier: Arc<dyn Notifier>) -> AppState {
        let state = self.state;
        Scheduler::new(state.store.clone(), state.clock.clone(), notifier).spawn(self.inbox);
        tokio::spawn(state.sync.clone().run());
        tokio::spawn(state.mail.clone().run());
        crate::wake::watch(state.clone());
        state
    }
}
