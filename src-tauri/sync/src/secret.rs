//! The server password, in the OS keychain (see [`kith_core::keychain`]).
//! Never in the database, a log or a file of Kith's.

use kith_core::keychain::{self, KeychainError};

use crate::SyncError;

const SERVICE: &str = "Kith sync";

fn account(url: &str, user: &str) -> String {
    format!("{user} @ {url}")
}

fn unavailable(error: KeychainError) -> SyncError {
    SyncError::Keychain(format!("{error}; enter the password each time"))
}

/// Keeps the password for `user` at `url`.
pub fn store(url: &str, user: &str, password: &str) -> Result<(), SyncError> {
    keychain::keep(SERVICE, &account(url, user), password).map_err(unavailable)
}

/// The password kept for `user` at `url`: `Ok(None)` when none is kept.
pub fn load(url: &str, user: &str) -> Result<Option<String>, SyncError> {
    keychain::load(SERVICE, &account(url, user)).map_err(unavailable)
}

/// Removes the kept password (nothing kept is fine).
pub fn forget(url: &str, user: &str) -> Result<(), SyncError> {
    keychain::forget(SERVICE, &account(url, user)).map_err(unavailable)
}
