//! The one error shape at the boundary: a stable `kind` the UI branches on,
//! and a message it shows as it is.

use kith_core::domain::InputError;
use kith_core::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// The small, stable set of error kinds. The UI branches on these, never on
/// message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input was refused; the message says what to change.
    InvalidInput,
    /// The person, touch or follow-up does not exist (any more).
    NotFound,
    /// A name matched several people.
    Ambiguous,
    /// The disk is full; nothing was saved.
    StorageFull,
    /// The database is busy or read-only; try again.
    Unavailable,
    /// The database file is damaged; the window shows the recovery screen.
    Damaged,
    /// The user stopped it (an import); nothing was written.
    Cancelled,
    /// The file could not be read (missing, unreadable, not a known export).
    Unreadable,
    /// The file is larger than any export Kith knows.
    TooLarge,
    /// The database is from a newer Kith, not Kith's, or not open.
    Database,
    /// The database is encrypted and no key that opens it was given: the
    /// recovery key unlocks it.
    Locked,
    /// The file is sealed with a passphrase and none, or not the right one,
    /// was given: the window asks for it.
    Passphrase,
    /// Anything else.
    Internal,
}

/// An error as the window and `--json` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
}

impl IpcError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

impl From<InputError> for IpcError {
    fn from(error: InputError) -> Self {
        Self::new(ErrorKind::InvalidInput, error.to_string())
    }
}

impl From<StoreError> for IpcError {
    fn from(error: StoreError) -> Self {
        let kind = match &error {
            StoreError::Input(_) => ErrorKind::InvalidInput,
            StoreError::PersonNotFound(_)
            | StoreError::TouchNotFound(_)
            | StoreError::FollowUpNotFound(_)
            | StoreError::NotFound { .. }
            | StoreError::NoMatch(_) => ErrorKind::NotFound,
            StoreError::Ambiguous { .. } => ErrorKind::Ambiguous,
            StoreError::DiskFull => ErrorKind::StorageFull,
            StoreError::Busy
            | StoreError::InUse
            | StoreError::ReadOnly
            | StoreError::Keychain(_) => ErrorKind::Unavailable,
            StoreError::Corrupt(_) => ErrorKind::Damaged,
            StoreError::Locked(_) | StoreError::WrongKey(_) => ErrorKind::Locked,
            StoreError::TooNew { .. }
            | StoreError::NotKith(_)
            | StoreError::NotOpen(_)
            | StoreError::Open { .. } => ErrorKind::Database,
            StoreError::BackupFailed(inner) => match **inner {
                StoreError::DiskFull => ErrorKind::StorageFull,
                _ => ErrorKind::Internal,
            },
            StoreError::Sqlite(_) | StoreError::Inconsistent(_) | StoreError::File(_) => {
                ErrorKind::Internal
            }
        };
        Self::new(kind, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_core::PersonId;

    #[test]
    fn errors_serialise_as_kind_and_message() {
        let error: IpcError = StoreError::PersonNotFound(PersonId(7)).into();
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"kind":"not_found","message":"no person with id 7"}"#
        );
        let error: IpcError = StoreError::DiskFull.into();
        assert_eq!(
            serde_json::to_value(&error).unwrap()["kind"],
            "storage_full"
        );
        let error: IpcError = InputError::EmptyName.into();
        assert_eq!(
            serde_json::to_value(&error).unwrap()["kind"],
            "invalid_input"
        );
    }
}
