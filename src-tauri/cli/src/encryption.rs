//! `kith encryption enable|status|disable` and `kith unlock`: the database
//! encrypted at rest with a key kept in the OS keychain, and its recovery
//! key for a computer whose keychain does not have it.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use kith_core::crypt::{self, DbKey};
use kith_core::keychain;
use kith_core::{Store, StoreError};
use kith_ipc::EncryptionDto;

use crate::output::print_json;
use crate::{EncryptionAction, Failure};

fn status(
    store: &Store,
    db: &Path,
    recovery_key: Option<String>,
) -> Result<EncryptionDto, Failure> {
    let encrypted = store.is_encrypted()?;
    Ok(EncryptionDto {
        encrypted,
        key_in_keychain: encrypted && matches!(keychain::db_key(db), Ok(Some(_))),
        recovery_key,
    })
}

pub(crate) fn run(
    store: &Store,
    db: &Path,
    action: EncryptionAction,
    json: bool,
) -> Result<(), Failure> {
    match action {
        EncryptionAction::Enable => {
            let key = store.encrypt_with_new_key()?;
            let dto = status(store, db, Some(key.recovery_key()))?;
            if json {
                print_json(&dto);
                return Ok(());
            }
            println!("The database is encrypted; its key is in this computer's keychain.");
            println!();
            println!("Recovery key (shown this once; Kith keeps no copy):");
            println!();
            println!("    {}", key.recovery_key());
            println!();
            println!(
                "Write it down or keep it in a password manager. On a new computer, or if the"
            );
            println!(
                "keychain is lost, 'kith unlock --recovery-key-stdin' opens the data with it."
            );
        }
        EncryptionAction::Status => {
            let dto = status(store, db, None)?;
            if json {
                print_json(&dto);
                return Ok(());
            }
            match (dto.encrypted, dto.key_in_keychain) {
                (false, _) => println!("Not encrypted. Turn it on with 'kith encryption enable'."),
                (true, true) => println!("Encrypted; the key is in this computer's keychain."),
                (true, false) => println!(
                    "Encrypted, opened with the recovery key; this computer's keychain does not hold the key."
                ),
            }
        }
        EncryptionAction::Disable => {
            store.decrypt_and_forget_key()?;
            let dto = status(store, db, None)?;
            if json {
                print_json(&dto);
                return Ok(());
            }
            println!("The database is a plain file again; its key was removed from the keychain.");
        }
    }
    Ok(())
}

/// `kith unlock --recovery-key-stdin`.
pub(crate) fn unlock(db: &Path, json: bool) -> Result<(), Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Recovery key: ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Other(format!("could not read the recovery key: {e}")))?;
    let key = DbKey::from_recovery_key(&line).map_err(|e| Failure::Usage(e.to_string()))?;
    if !crypt::is_encrypted(db).unwrap_or(false) {
        return Err(Failure::Usage(format!(
            "{} is not encrypted; there is nothing to unlock",
            db.display()
        )));
    }
    crypt::remember(&key);
    let store = Store::open(db).map_err(|e| match e {
        StoreError::WrongKey(_) | StoreError::Locked(_) => {
            Failure::Usage(format!("this recovery key does not open {}", db.display()))
        }
        other => other.into(),
    })?;
    let kept = keychain::keep_db_key(db, &key);
    let dto = status(&store, db, None)?;
    if json {
        print_json(&dto);
    } else {
        match &kept {
            Ok(()) => println!("Unlocked; the key is back in this computer's keychain."),
            Err(_) => println!("Unlocked for this command only."),
        }
    }
    kept.map_err(|e| {
        Failure::Other(format!(
            "the recovery key opens the data, but {e}: give it again each time"
        ))
    })
}
