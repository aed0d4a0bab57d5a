//! Turning encryption at rest on and off: the database file is converted
//! in place, safely. The converted copy is written beside the file,
//! checked (SQLite's `integrity_check`, and every table's row count against
//! the original), made durable, and only then renamed over the file — one
//! atomic step — so a kill at any moment leaves one good file: the old
//! one until the rename, the new one after.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::files::{io_error, sync_dir, sync_file};
use super::{unopened, Result, Store, StoreError};
use crate::crypt::{self, DbKey};
use crate::keychain;

/// The converted copy, beside the database until it takes its place.
fn converting_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".converting");
    db.with_file_name(name)
}

/// Every table's row count (the search index's own tables too), by name.
fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))?;
            Ok((t, n))
        })
        .collect()
}

impl Store {
    /// Encrypts the database with a new random key kept in the OS
    /// keychain (nothing changes when the keychain cannot keep it);
    /// returns the key, whose recovery key the user is shown once.
    pub fn encrypt_with_new_key(&self) -> Result<DbKey> {
        let path = self.path.clone().ok_or_else(|| {
            StoreError::File("an in-memory database is never written to disk".into())
        })?;
        if self.is_encrypted()? {
            return Err(StoreError::Input(
                crate::domain::InputError::AlreadyEncrypted,
            ));
        }
        let key = DbKey::random().map_err(|e| StoreError::File(format!("no random key: {e}")))?;
        keychain::keep_db_key(&path, &key).map_err(|e| StoreError::Keychain(e.to_string()))?;
        if let Err(error) = self.convert_encryption(Some(&key)) {
            let _ = keychain::forget_db_key(&path);
            return Err(error);
        }
        Ok(key)
    }

    /// Turns the database back into a plain file and removes its key from
    /// the keychain (a key that cannot be removed is only logged).
    pub fn decrypt_and_forget_key(&self) -> Result<()> {
        if !self.is_encrypted()? {
            return Err(StoreError::Input(crate::domain::InputError::NotEncrypted));
        }
        self.convert_encryption(None)?;
        if let Some(path) = &self.path {
            if let Err(error) = keychain::forget_db_key(path) {
                tracing::warn!(%error, "the old key stays in the keychain");
            }
        }
        Ok(())
    }

    /// Whether the database file is encrypted.
    pub fn is_encrypted(&self) -> Result<bool> {
        match &self.path {
            Some(path) => crypt::is_encrypted(path).map_err(|e| io_error("read", path, e)),
            None => Ok(false),
        }
    }

    /// Encrypts the database with `key` (or, with `None`, turns it back
    /// into a plain file), converting it in place; the key is remembered
    /// by this process first, so the store opens the new file with it.
    pub fn convert_encryption(&self, key: Option<&DbKey>) -> Result<()> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::File(
                "an in-memory database is never written to disk".into(),
            ));
        };
        if let Some(key) = key {
            crypt::remember(key);
        }
        let converting = converting_path(&path);
        self.with_file_closed(|| {
            super::in_use::refuse_if_open_elsewhere(&path)?;
            if converting.exists() {
                std::fs::remove_file(&converting)
                    .map_err(|e| io_error("remove", &converting, e))?;
            }
            // Creating allowed: the copy is a new file the connection attaches.
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let (source, _) = super::cipher::open(&path, flags).map_err(|e| unopened(&path, e))?;
            let expected = counts(&source)?;
            super::cipher::export(&source, &converting, key)?;
            drop(source);
            let checked = (|| {
                if crypt::is_encrypted(&converting).map_err(|e| io_error("read", &converting, e))?
                    != key.is_some()
                {
                    return Err(StoreError::Inconsistent(
                        "the converted copy did not come out as asked; nothing was changed".into(),
                    ));
                }
                let (copy, _) = super::cipher::open(&converting, flags)
                    .map_err(|e| unopened(&converting, e))?;
                let verdict: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                if verdict != "ok" {
                    return Err(StoreError::Corrupt(verdict));
                }
                if counts(&copy)? != expected {
                    return Err(StoreError::Inconsistent(
                        "the converted copy does not hold every row; nothing was changed".into(),
                    ));
                }
                Ok(())
            })();
            if let Err(error) = checked {
                let _ = std::fs::remove_file(&converting);
                return Err(error);
            }
            sync_file(&converting)?;
            std::fs::rename(&converting, &path).map_err(|e| io_error("replace", &path, e))?;
            for suffix in ["-wal", "-shm"] {
                let mut name = path.file_name().unwrap_or_default().to_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(path.with_file_name(name));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                sync_dir(dir)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Identity, IdentityKind, PersonDraft};
    use crate::store::tests::t0;

    fn populated(dir: &Path) -> Store {
        let store = Store::open(&dir.join("kith.db")).unwrap();
        let draft = PersonDraft::named("Ada Lovelace")
            .unwrap()
            .with_identity(Identity::new(IdentityKind::Email, "ada@example.org").unwrap());
        let ada = store.create_person(&draft, t0()).unwrap();
        store
            .add_note(ada, "Prefers letters to calls", t0())
            .unwrap();
        store
    }

    fn file_mentions(path: &Path, text: &str) -> bool {
        std::fs::read(path)
            .unwrap()
            .windows(text.len())
            .any(|w| w == text.as_bytes())
    }

    #[test]
    fn encrypting_converts_the_file_in_place_and_decrypting_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = populated(dir.path());
        let db = dir.path().join("kith.db");
        assert!(!store.is_encrypted().unwrap());
        let key = DbKey::random().unwrap();
        store.convert_encryption(Some(&key)).unwrap();
        assert!(store.is_encrypted().unwrap());
        for secret in ["Ada Lovelace", "ada@example.org", "Prefers letters"] {
            assert!(
                !file_mentions(&db, secret),
                "{secret} is readable in the file"
            );
        }
        assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
        // The open store goes on working, reads and writes.
        let ada = store.resolve_person("Ada").unwrap();
        store
            .add_note(ada, "Wrote the first program", t0())
            .unwrap();
        assert_eq!(store.people("letters", 0, 5).unwrap().total, 1);
        assert!(store.check().unwrap().healthy());
        // The quick check reads through a connection of its own, keyed too.
        store.quick_check().unwrap();
        drop(store);

        let reopened = Store::open(&db).unwrap();
        assert_eq!(reopened.person(ada).unwrap().notes.len(), 2);
        reopened.convert_encryption(None).unwrap();
        assert!(!reopened.is_encrypted().unwrap());
        assert!(file_mentions(&db, "Ada Lovelace"));
        assert_eq!(reopened.person(ada).unwrap().notes.len(), 2);
        assert!(!converting_path(&db).exists());
    }

    #[test]
    fn backups_of_an_encrypted_database_are_encrypted_and_restore() {
        let dir = tempfile::tempdir().unwrap();
        let store = populated(dir.path());
        store
            .convert_encryption(Some(&DbKey::random().unwrap()))
            .unwrap();
        let backup = store
            .back_up(crate::store::BackupKind::Manual, t0())
            .unwrap();
        assert!(crypt::is_encrypted(&backup.path).unwrap());
        assert!(!file_mentions(&backup.path, "Ada Lovelace"));
        assert_eq!(backup.people, Some(1));
        let ada = store.resolve_person("Ada").unwrap();
        store.trash_person(ada, t0()).unwrap();
        store.restore_backup(&backup.path, t0()).unwrap();
        assert!(store.is_encrypted().unwrap());
        assert_eq!(store.people("", 0, 5).unwrap().total, 1);
    }

    #[test]
    fn an_encrypted_file_without_its_key_is_locked_not_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        {
            // Encrypted by hand with a key this process never remembers.
            let plain = populated(dir.path());
            drop(plain);
            let conn = Connection::open(&db).unwrap();
            let stranger = dir.path().join("stranger.db");
            crate::store::cipher::export(&conn, &stranger, Some(&DbKey::random().unwrap()))
                .unwrap();
            drop(conn);
            std::fs::rename(&stranger, &db).unwrap();
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.path().join(format!("kith.db{suffix}")));
            }
        }
        match Store::open(&db) {
            // Another test may have remembered keys: none of them fit.
            Err(StoreError::Locked(_)) | Err(StoreError::WrongKey(_)) => {}
            other => panic!("expected a locked store, got {other:?}"),
        }
    }
}
