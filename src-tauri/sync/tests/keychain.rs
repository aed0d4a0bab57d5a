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
