//! The server password, in the OS keychain: Keychain on macOS, Credential
//! Manager on Windows, the Secret Service (GNOME Keyring, KWallet) on
//! Linux. Never in the database, a log or a file of Kith's.

use crate::SyncError;

const SERVICE: &str = "Kith sync";

fn entry(url: &str, user: &str) -> Result<keyring::Entry, SyncError> {
    keyring::Entry::new(SERVICE, &format!("{user} @ {url}")).map_err(unavailable)
}

fn unavailable(error: keyring::Error) -> SyncError {
    SyncError::Keychain(format!(
        "the system keychain is not available ({error}); enter the password each time"
    ))
}

/// Keeps the password for `user` at `url`.
pub fn store(url: &str, user: &str, password: &str) -> Result<(), SyncError> {
    entry(url, user)?
        .set_password(password)
        .map_err(unavailable)
}

/// The password kept for `user` at `url`: `Ok(None)` when none is kept.
pub fn load(url: &str, user: &str) -> Result<Option<String>, SyncError> {
    match entry(url, user)?.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(unavailable(error)),
    }
}

/// Removes the kept password (nothing kept is fine).
pub fn forget(url: &str, user: &str) -> Result<(), SyncError> {
    match entry(url, user)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(unavailable(error)),
    }
}
