//! The OS keychain — Keychain on macOS, Credential Manager on Windows, the
//! Secret Service (GNOME Keyring, KWallet) on Linux — for Kith's secrets:
//! the sync server's password and the database key. Never a file of
//! Kith's, a log or the database.

use std::path::{Path, PathBuf};

use crate::crypt::DbKey;

/// The keychain could not be used (none reachable, locked, refused).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the system keychain is not available ({0})")]
pub struct KeychainError(String);

fn entry(service: &str, account: &str) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(service, account).map_err(|e| KeychainError(e.to_string()))
}

/// Keeps `secret` under `service` and `account`.
pub fn keep(service: &str, account: &str, secret: &str) -> Result<(), KeychainError> {
    entry(service, account)?
        .set_password(secret)
        .map_err(|e| KeychainError(e.to_string()))
}

/// The secret kept under `service` and `account`: `Ok(None)` when none is.
pub fn load(service: &str, account: &str) -> Result<Option<String>, KeychainError> {
    match entry(service, account)?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(KeychainError(e.to_string())),
    }
}

/// Removes the secret (none kept is fine).
pub fn forget(service: &str, account: &str) -> Result<(), KeychainError> {
    match entry(service, account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(KeychainError(e.to_string())),
    }
}

/// Where database keys are kept: one per database file, by its full path.
const DATABASE_KEYS: &str = "Kith database";

fn account_of(db: &Path) -> String {
    let full: PathBuf = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_owned());
    full.to_string_lossy().into_owned()
}

/// Keeps the key of the database at `db`.
pub fn keep_db_key(db: &Path, key: &DbKey) -> Result<(), KeychainError> {
    keep(DATABASE_KEYS, &account_of(db), &key.to_hex())
}

/// The key kept for the database at `db`, if any.
pub fn db_key(db: &Path) -> Result<Option<DbKey>, KeychainError> {
    Ok(load(DATABASE_KEYS, &account_of(db))?.and_then(|hex| DbKey::from_hex(&hex)))
}

/// Lets this process open the database at `db` when it is encrypted and
/// the keychain holds its key (the keychain is asked only then). Without
/// a keychain or a key, opening says the data is locked and how to unlock
/// it.
pub fn unlock_from_keychain(db: &Path) {
    if crate::crypt::is_encrypted(db).unwrap_or(false) {
        if let Ok(Some(key)) = db_key(db) {
            crate::crypt::remember(&key);
        }
    }
}

/// Removes the key kept for the database at `db`.
pub fn forget_db_key(db: &Path) -> Result<(), KeychainError> {
    forget(DATABASE_KEYS, &account_of(db))
}
