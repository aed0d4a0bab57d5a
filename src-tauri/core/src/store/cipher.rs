//! Opening a Kith file, plain or encrypted, and converting one into the
//! other: the SQL side of encryption at rest (`crate::crypt` holds the
//! key, the recovery key and how a file says it is encrypted). Part of the
//! store's floor: every connection to a Kith file (the store's two,
//! backups, checks) opens here.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::crypt::{is_encrypted, DbKey};

/// Makes sure SQLCipher has finished starting before a connection opens.
///
/// SQLite runs SQLCipher's start-up (`SQLITE_EXTRA_INIT`) after it has
/// marked itself started and let go of its lock, so a second thread opening
/// a connection meanwhile gets one without `sqlcipher_export` (found when
/// two threads opened their first connections at once). Every connection
/// Kith opens waits here first; the wait ends once a fresh connection has
/// the function, which is at once after the first time.
pub(crate) fn ready() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // SAFETY: sqlite3_initialize takes no arguments and may be called
        // from any thread at any time; it returns at once when started.
        unsafe { rusqlite::ffi::sqlite3_initialize() };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !has_export() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

/// Whether a connection opened now gets SQLCipher's `sqlcipher_export`.
fn has_export() -> bool {
    Connection::open_in_memory()
        .and_then(|conn| {
            conn.query_row(
                "SELECT count(*) FROM pragma_function_list WHERE name = 'sqlcipher_export'",
                [],
                |r| r.get::<_, i64>(0),
            )
        })
        .is_ok_and(|n| n > 0)
}

/// Why an encrypted file did not open.
#[derive(Debug)]
pub(crate) enum Unopened {
    /// No key was given to this process.
    Locked,
    /// None of the keys given opens it (or its first page is damaged).
    WrongKey,
    Sqlite(rusqlite::Error),
}

/// Opens the Kith file at `path`: a plain one as it is, an encrypted one
/// with the first key given to this process that reads it. Returns the
/// connection and the key used.
pub(crate) fn open(path: &Path, flags: OpenFlags) -> Result<(Connection, Option<DbKey>), Unopened> {
    ready();
    let encrypted = is_encrypted(path)
        .map_err(|e| Unopened::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
    if !encrypted {
        return Connection::open_with_flags(path, flags)
            .map(|c| (c, None))
            .map_err(Unopened::Sqlite);
    }
    let keys = crate::crypt::remembered();
    if keys.is_empty() {
        return Err(Unopened::Locked);
    }
    for key in keys {
        let conn = Connection::open_with_flags(path, flags).map_err(Unopened::Sqlite)?;
        // A key that does not fit is an answer here, not an error to log.
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        use_key(&conn, &key).map_err(Unopened::Sqlite)?;
        if conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
        {
            return Ok((conn, Some(key)));
        }
    }
    Err(Unopened::WrongKey)
}

/// Gives a freshly opened connection its key (before anything else is
/// read from the file).
pub(crate) fn use_key(conn: &Connection, key: &DbKey) -> rusqlite::Result<()> {
    conn.execute_batch(&format!("PRAGMA key = {};", key.literal()))
}

/// Writes an encrypted copy of the open database to `target` under `key`,
/// or a plain one with `None` (SQLCipher's `sqlcipher_export`).
pub(crate) fn export(
    conn: &Connection,
    target: &Path,
    key: Option<&DbKey>,
) -> rusqlite::Result<()> {
    let literal = key.map_or_else(|| "''".to_owned(), DbKey::literal);
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS converted KEY {literal}"),
        [target.to_string_lossy()],
    )?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
        .and_then(|()| {
            let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            let app_id: i64 = conn.query_row("PRAGMA main.application_id", [], |r| r.get(0))?;
            conn.execute_batch(&format!(
                "PRAGMA converted.user_version = {version}; PRAGMA converted.application_id = {app_id};"
            ))
        });
    let detached = conn.execute_batch("DETACH DATABASE converted");
    exported.and(detached)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exported_copy_is_encrypted_and_opens_only_with_its_key() {
        ready();
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        let conn = Connection::open(&plain).unwrap();
        conn.execute_batch(
            "CREATE TABLE person (name TEXT); INSERT INTO person VALUES ('Ada Lovelace');
             PRAGMA user_version = 7; PRAGMA application_id = 42;",
        )
        .unwrap();
        assert!(!is_encrypted(&plain).unwrap());
        let key = DbKey::random().unwrap();
        let secret = dir.path().join("secret.db");
        export(&conn, &secret, Some(&key)).unwrap();
        assert!(is_encrypted(&secret).unwrap());
        let bytes = std::fs::read(&secret).unwrap();
        assert!(!bytes.windows(12).any(|w| w == b"Ada Lovelace"));

        let locked = Connection::open(&secret).unwrap();
        assert!(locked
            .query_row("SELECT count(*) FROM person", [], |r| r.get::<_, i64>(0))
            .is_err());
        let wrong = Connection::open(&secret).unwrap();
        use_key(&wrong, &DbKey::random().unwrap()).unwrap();
        assert!(wrong
            .query_row("SELECT count(*) FROM person", [], |r| r.get::<_, i64>(0))
            .is_err());
        let opened = Connection::open(&secret).unwrap();
        use_key(&opened, &key).unwrap();
        let name: String = opened
            .query_row("SELECT name FROM person", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Ada Lovelace");
        let version: i64 = opened
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 7);

        // And back to plain.
        let back = dir.path().join("back.db");
        export(&opened, &back, None).unwrap();
        assert!(!is_encrypted(&back).unwrap());
        let conn = Connection::open(&back).unwrap();
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, 42);
    }
}
