//! The password in a real Secret Service: the README's test command runs
//! these inside a private D-Bus session with `gnome-keyring-daemon`
//! unlocked (`cargo test -p kith-sync --test keychain -- --ignored`).

use kith_sync::secret;

#[test]
#[ignore = "needs a Secret Service; the README's test command runs it in a private D-Bus session"]
fn the_password_is_kept_in_the_keychain_read_back_and_forgotten() {
    let url = format!("https://dav.example.org/{}/", std::process::id());
    assert_eq!(secret::load(&url, "ada").unwrap(), None);
    secret::store(&url, "ada", "correct horse battery staple").unwrap();
    assert_eq!(
        secret::load(&url, "ada").unwrap().as_deref(),
        Some("correct horse battery staple")
    );
    // Another user on the same server has their own entry.
    assert_eq!(secret::load(&url, "bob").unwrap(), None);
    secret::store(&url, "ada", "a new one").unwrap();
    assert_eq!(
        secret::load(&url, "ada").unwrap().as_deref(),
        Some("a new one")
    );
    secret::forget(&url, "ada").unwrap();
    assert_eq!(secret::load(&url, "ada").unwrap(), None);
    secret::forget(&url, "ada").unwrap();
}

#[test]
#[ignore = "needs a Secret Service; the README's test command runs it in a private D-Bus session"]
fn the_password_is_not_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = kith_core::Store::open(&dir.path().join("kith.db")).unwrap();
    let url = format!("https://dav.example.org/{}/db/", std::process::id());
    let password = "p4ssw0rd-that-must-not-leak";
    store
        .set_sync_account(&url, "ada", chrono::Utc::now())
        .unwrap();
    secret::store(&url, "ada", password).unwrap();
    store.checkpoint().unwrap();
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "the password was written to a file"
        );
    }
    assert_eq!(
        secret::load(&url, "ada").unwrap().as_deref(),
        Some(password)
    );
    secret::forget(&url, "ada").unwrap();
}
