//! Kith's IPC commands. Each is an adapter: parse the input into domain
//! types, call one core function off the UI thread, convert the result.
//! Errors cross as [`IpcError`] (`{kind, message}`).

pub mod backup;
mod contract;
mod encryption;
mod exchange;
mod follow_ups;
mod helping;
mod links;
mod mail;
mod people;
mod photos;
mod plan;
mod queue;
mod settings;
mod sync;

use kith_ipc::IpcError;
use tauri::ipc::Invoke;

pub type CommandResult<T> = Result<T, IpcError>;

/// Runs blocking work (SQLite) on the blocking pool, never on the UI thread
/// or an async worker.
pub async fn blocking<T, F>(work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CommandResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|error| IpcError::internal(format!("the operation failed: {error}")))?
}

/// Writes `bytes` to the file the user chose in a save dialog (replacing it
/// only once complete) and answers with its path.
pub fn write_chosen(target: &std::path::Path, bytes: &[u8]) -> CommandResult<Option<String>> {
    kith_exchange::export::write_atomically(target, bytes).map_err(|e| {
        IpcError::new(
            kith_ipc::ErrorKind::Unavailable,
            format!("could not write {}: {e}", target.display()),
        )
    })?;
    Ok(Some(target.display().to_string()))
}

include!("generated.rs");

/// The handler for every command the window may call (generated from the
/// commands themselves: see `contract.rs`).
pub fn handler() -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    handler!()
}
