//! What the desktop app's commands, the tray, notifications and the
//! scheduler share (and the resident's tray and notifications). Everything
//! here exists before the first command runs.

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
    /// Reading the mail account, in the background.
    pub mail: kith_mail::service::Service,
    /// Set to stop the import that is running (it then writes nothing).
    pub cancel_import: Arc<std::sync::atomic::AtomicBool>,
}

/// Hands back what SQLite's page caches hold, and on Linux the C heap's
/// free pages (glibc keeps freed memory for reuse unless asked): when the
/// window closes, and after the start-up check in the tray.
pub fn release_memory(store: &Store) {
    if let Err(error) = store.release_memory() {
        tracing::warn!(%error, "could not release the database's caches");
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it
    // takes no pointers and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
