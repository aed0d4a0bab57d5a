//! Encryption at rest through the command line with a real keychain: the
//! README's test command runs these inside a private D-Bus session with
//! `gnome-keyring-daemon` unlocked, so the key goes through the Secret
//! Service (`cargo test -p kith-cli --test keychain -- --ignored`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{files_under, start, Kith};

/// Whether any file beside the database (itself, its WAL, its backups)
/// holds `text` readably.
fn readable_anywhere(dir: &Path, text: &str) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|path| {
            std::fs::read(path)
                .unwrap()
                .windows(text.len())
                .any(|w| w == text.as_bytes())
        })
        .collect()
}

#[test]
#[ignore = "needs a Secret Service; the README's test command runs it in a private D-Bus session"]
fn the_database_is_encrypted_with_a_keychain_key_and_the_recovery_key_unlocks_it() {
    let kith = Kith::new();
    kith.json(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
    kith.log(
        "ada",
        "call",
        "phone",
        &["--direction", "mutual", "--summary", "Talked about engines"],
    );
    let enabled = kith.json(&["encryption", "enable"]);
    assert_eq!(enabled["encrypted"], true);
    assert_eq!(enabled["keyInKeychain"], true);
    let recovery = enabled["recoveryKey"].as_str().unwrap().to_owned();
    assert_eq!(recovery.len(), 69, "{recovery}");

    // The key is the keychain's, through the Secret Service.
    let key = kith_core::keychain::db_key(&kith.db)
        .unwrap()
        .expect("a key in the keychain");
    assert_eq!(key.recovery_key(), recovery);
    kith.json(&["backup", "now"]);
    for secret in ["Ada Lovelace", "ada@example.org", "Talked about engines"] {
        assert!(
            readable_anywhere(kith.dir.path(), secret).is_empty(),
            "{secret} readable in {:?}",
            readable_anywhere(kith.dir.path(), secret)
        );
    }
    assert!(!std::fs::read(&kith.db)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    // Plain SQLite cannot read it; Kith can.
    let plain = rusqlite::Connection::open(&kith.db).unwrap();
    assert!(plain
        .query_row("SELECT count(*) FROM person", [], |r| r.get::<_, i64>(0))
        .is_err());
    // Closed: Kith replaces the file below, which it refuses to do while
    // another program has it open.
    drop(plain);
    assert_eq!(kith.json(&["people"])["total"], 1);
    assert_eq!(kith.json(&["encryption", "status"])["encrypted"], true);

    // A fresh keychain: locked, with a plain message; the recovery key
    // (typed sloppily) unlocks it and puts the key back.
    kith_core::keychain::forget_db_key(&kith.db).unwrap();
    let locked = kith.fails(&["people"], 1);
    assert!(
        locked.contains("encrypted") && locked.contains("recovery key"),
        "{locked}"
    );
    let wrong = kith_core::crypt::DbKey::random().unwrap().recovery_key();
    let refused = kith.fails_with(
        &["unlock", "--recovery-key-stdin"],
        Some(&format!("{wrong}\n")),
        2,
    );
    assert!(refused.contains("does not open"), "{refused}");
    let typo = kith.fails_with(&["unlock", "--recovery-key-stdin"], Some("ABCD-EFGH\n"), 2);
    assert!(typo.contains("56 letters"), "{typo}");
    let sloppy = recovery.to_lowercase().replace('-', " ");
    let unlocked = kith.json_with(
        &["unlock", "--recovery-key-stdin"],
        Some(&format!("{sloppy}\n")),
    );
    assert_eq!(unlocked["keyInKeychain"], true);
    assert_eq!(kith.json(&["people"])["total"], 1);

    // Off again: a plain file with everything in it, no key kept.
    let disabled = kith.json(&["encryption", "disable"]);
    assert_eq!(disabled["encrypted"], false);
    assert!(std::fs::read(&kith.db)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    assert_eq!(
        kith.json(&["people"])["people"][0]["displayName"],
        "Ada Lovelace"
    );
    assert_eq!(kith_core::keychain::db_key(&kith.db).unwrap(), None);
}

#[test]
fn without_a_keychain_encryption_is_refused_and_nothing_changes() {
    // No D-Bus session here: the keychain cannot be reached.
    let kith = Kith::new();
    kith.json(&["add", "Ada Lovelace"]);
    let before = std::fs::read(&kith.db).unwrap();
    let mut child = start(
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(&kith.db)
            .args(["encryption", "enable"])
            .env_remove("KITH_DB")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/kith-test-bus",
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("keychain") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert!(std::fs::read(&kith.db)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    assert_eq!(std::fs::read(&kith.db).unwrap().len(), before.len());
}
