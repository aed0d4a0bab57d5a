//! Importing real-shaped mbox files (a Google Takeout export, a Thunderbird
//! local folder) into a real SQLite file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use kith_core::domain::{Direction, Identity, IdentityKind, PersonDraft, PersonId, TouchKind};
use kith_core::Store;
use kith_mail::{import_mbox, MailError, MboxOptions, MboxReport, Skip};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap()
}

fn person(store: &Store, name: &str, email: &str) -> PersonId {
    let draft = PersonDraft::named(name)
        .unwrap()
        .with_identity(Identity::new(IdentityKind::Email, email).unwrap());
    store.create_person(&draft, now()).unwrap()
}

fn import(store: &Store, file: &str, me: &[&str], dry_run: bool) -> MboxReport {
    let me: Vec<String> = me.iter().map(|s| s.to_string()).collect();
    let options = MboxOptions {
        me: &me,
        dry_run,
        zone: chrono_tz::Europe::Oslo,
    };
    import_mbox(store, &fixture(file), &options, now(), |_| {}).unwrap()
}

fn email_touches(store: &Store, person: PersonId) -> Vec<(String, Direction, Option<String>)> {
    store
        .touches(person)
        .unwrap()
        .into_iter()
        .filter(|t| t.kind == TouchKind::Email)
        .map(|t| (t.at.to_rfc3339(), t.direction, t.summary))
        .collect()
}

#[test]
fn a_takeout_export_gives_touches_for_real_conversations_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db")).unwrap();
    let maya = person(&store, "Maya Lund", "maya@lund.example");
    let kai = person(&store, "Kai Berg", "kai@berg.example");

    let report = import(&store, "takeout.mbox", &["ada.example@gmail.com"], false);
    assert_eq!(report.messages, 7);
    assert_eq!(report.recorded.new, 3);
    let skipped: Vec<(Skip, u64)> = report.skipped.into_iter().collect();
    assert_eq!(
        skipped,
        [(Skip::Bulk, 1), (Skip::NotSent, 2), (Skip::Filtered, 1)]
    );
    // Day one: Ada wrote, Maya answered (one touch, both ways); day four:
    // Ada wrote again.
    assert_eq!(
        email_touches(&store, maya),
        [
            (
                "2024-03-23T18:30:00+00:00".to_owned(),
                Direction::Out,
                Some("Re: Lunch on Friday?".to_owned())
            ),
            (
                "2024-03-20T16:02:11+00:00".to_owned(),
                Direction::Mutual,
                Some("Re: Lunch on Friday?".to_owned())
            ),
        ]
    );
    // The draft to Kai was never sent.
    assert!(email_touches(&store, kai).is_empty());
    // Ola was written to and answered (in Cc of Maya's reply only, which is
    // not a message from him): not suggested.
    assert!(store.mail_suggestions().unwrap().is_empty());

    // Reading the file again records nothing twice.
    let again = import(&store, "takeout.mbox", &[], false);
    assert_eq!((again.recorded.new, again.recorded.known), (0, 3));
    assert_eq!(email_touches(&store, maya).len(), 2);
    assert_eq!(store.my_addresses().unwrap(), ["ada.example@gmail.com"]);
}

#[test]
fn a_thunderbird_folder_with_crlf_and_deleted_mail_is_read() {
    let store = Store::open_in_memory().unwrap();
    let report = import(&store, "thunderbird.mbox", &["ada@home.example"], false);
    assert_eq!(report.messages, 4);
    assert_eq!(report.recorded.new, 3);
    assert_eq!(report.skipped.get(&Skip::Deleted), Some(&1));
    assert!(report.unreadable.is_empty());
    // Kai is not in Kith: mail both ways makes him a suggestion, with the
    // name his mail gives.
    let suggestions = store.mail_suggestions().unwrap();
    assert_eq!(suggestions.len(), 1);
    assert_eq!(suggestions[0].address, "kai@berg.example");
    assert_eq!(suggestions[0].name.as_deref(), Some("Kai Berg"));
    assert_eq!((suggestions[0].sent, suggestions[0].received), (1, 2));
    let kai = store
        .add_suggested("kai@berg.example", None, now())
        .unwrap();
    let touches = email_touches(&store, kai);
    // The answer threads under Ada's message (two days, two touches); the
    // message without an id is a conversation of its own.
    assert_eq!(touches.len(), 3, "{touches:?}");
    assert_eq!(touches[2].2.as_deref(), Some("Grüße aus Oslo"));
    assert_eq!(touches[1].2.as_deref(), Some("Re: Grüße aus Oslo"));
    assert_eq!(touches[1].1, Direction::In);
}

#[test]
fn a_dry_run_counts_and_writes_nothing() {
    let store = Store::open_in_memory().unwrap();
    person(&store, "Maya Lund", "maya@lund.example");
    let report = import(&store, "takeout.mbox", &["ada.example@gmail.com"], true);
    assert!(report.dry_run);
    assert_eq!((report.recorded.new, report.people), (3, 1));
    assert!(store.my_addresses().unwrap().is_empty());
    let again = import(&store, "takeout.mbox", &["ada.example@gmail.com"], true);
    assert_eq!(again.recorded.new, 3, "the dry run recorded nothing");
}

#[test]
fn without_the_users_addresses_the_import_asks_for_them_and_names_likely_ones() {
    let store = Store::open_in_memory().unwrap();
    let options = MboxOptions {
        me: &[],
        dry_run: false,
        zone: chrono_tz::UTC,
    };
    let error = import_mbox(&store, &fixture("takeout.mbox"), &options, now(), |_| {}).unwrap_err();
    assert!(matches!(error, MailError::NeedMe { .. }));
    let message = error.to_string();
    assert!(message.contains("--me"), "{message}");
    assert!(message.contains("ada.example@gmail.com"), "{message}");
}

#[test]
fn a_file_that_is_not_an_mbox_says_so_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.vcf");
    std::fs::write(&path, "BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n").unwrap();
    let store = Store::open_in_memory().unwrap();
    let me = vec!["ada@home.example".to_owned()];
    let options = MboxOptions {
        me: &me,
        dry_run: false,
        zone: chrono_tz::UTC,
    };
    let error = import_mbox(&store, &path, &options, now(), |_| {}).unwrap_err();
    assert!(error.to_string().contains("not an mbox file"), "{error}");
    assert!(
        store.my_addresses().unwrap().is_empty(),
        "the addresses given are not kept"
    );
}

#[test]
fn an_apple_mail_folder_is_read_through_its_mbox_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Sent Messages.mbox");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(fixture("takeout.mbox"), folder.join("mbox")).unwrap();
    std::fs::write(folder.join("Info.plist"), "<plist/>").unwrap();
    let store = Store::open_in_memory().unwrap();
    let me = vec!["ada.example@gmail.com".to_owned()];
    let options = MboxOptions {
        me: &me,
        dry_run: false,
        zone: chrono_tz::UTC,
    };
    let report = import_mbox(&store, &folder, &options, now(), |_| {}).unwrap();
    assert_eq!(report.messages, 7);
}
