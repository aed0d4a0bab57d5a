//! Encryption at rest as the window and `--json` see it.

use serde::Serialize;
use ts_rs::TS;

/// Whether the database is encrypted, and what was just done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EncryptionDto {
    pub encrypted: bool,
    /// Whether this computer's keychain holds the key (false when plain).
    pub key_in_keychain: bool,
    /// The recovery key, only in the answer to turning encryption on: it
    /// is shown once and kept nowhere by Kith.
    pub recovery_key: Option<String>,
}
