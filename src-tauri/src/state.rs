//! What the desktop shell shares between commands, the tray and the
//! scheduler. Everything here exists before the first command runs.

use std::sync::Arc;

use kith_core::scheduler::SchedulerHandle;
use kith_core::{Store, SystemClock};

/// The app's shared parts (cheap to clone: handles and `Arc`s).
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub clock: Arc<SystemClock>,
    pub scheduler: SchedulerHandle,
    pub log_dir: std::path::PathBuf,
    /// Sync with a CardDAV server, in the background.
    pub sync: kith_sync::service::Service,
    /// Set to stop the import that is running (it then writes nothing).
    pub cancel_import: Arc<std::sync::atomic::AtomicBool>,
}
