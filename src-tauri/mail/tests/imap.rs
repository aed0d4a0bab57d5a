//! Reading an IMAP account against a real Dovecot on loopback: which mail
//! becomes which touch, reading only headers (Dovecot's raw protocol log is
//! read back), never marking anything read, and reading again after the
//! server renumbers a folder. Dovecot runs here on Linux (the Windows
//! check only builds what runs on Windows).
#![cfg(unix)]

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::dovecot::{message, Dovecot, PASSWORD, USER};
use kith_core::domain::{Direction, Identity, IdentityKind, PersonDraft, PersonId};
use kith_core::fixtures::email_touches;
use kith_core::Store;
use kith_mail::account::{self, AccountError, NewAccount, ReadReport};
use kith_mail::imap::{Imap, ImapError, Security};

const ME: &str = "ada@home.example";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

fn person(store: &Store, name: &str, email: &str) -> PersonId {
    let draft = PersonDraft::named(name)
        .unwrap()
        .with_identity(Identity::new(IdentityKind::Email, email).unwrap());
    store.create_person(&draft, now()).unwrap()
}

/// A new store that knows Maya and reads `scope` of `dovecot`'s account.
fn maya_reading(dovecot: &Dovecot, scope: &str) -> (Store, PersonId) {
    let store = Store::open_in_memory().unwrap();
    let maya = person(&store, "Maya", "maya@lund.example");
    add(&store, dovecot, scope, PASSWORD).unwrap();
    (store, maya)
}

fn server() -> Dovecot {
    Dovecot::start(&[
        ("Sent", "\\Sent"),
        ("Archive", "\\All"),
        ("Drafts", "\\Drafts"),
        ("Trash", "\\Trash"),
    ])
}

fn add(store: &Store, dovecot: &Dovecot, scope: &str, password: &str) -> Result<(), AccountError> {
    let new = NewAccount {
        host: Some("127.0.0.1".into()),
        port: Some(dovecot.port),
        user: USER.into(),
        password: password.into(),
        scope: scope.into(),
        me: vec![ME.into()],
        since: None,
        keep_subject: true,
    };
    runtime().block_on(account::add(store, &new, now()))?;
    Ok(())
}

fn read(store: &Store) -> ReadReport {
    runtime()
        .block_on(account::read(
            store,
            PASSWORD,
            chrono_tz::Europe::Oslo,
            now(),
            |_| {},
        ))
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

const MAYA: &str = "Maya Lund <maya@lund.example>";

#[test]
fn sent_mail_becomes_touches_reading_headers_only_and_marking_nothing_read() {
    let dovecot = server();
    let day = "Mon, 02 Mar 2026";
    dovecot.deliver(
        "Sent",
        &message(
            "s1@home",
            &format!("{day} 09:00:00 +0100"),
            ME,
            MAYA,
            "Plans",
            "",
        ),
    );
    // The same conversation the same day: still one touch.
    dovecot.deliver(
        "Sent",
        &message(
            "s2@home",
            &format!("{day} 15:00:00 +0100"),
            ME,
            MAYA,
            "Re: Plans",
            "In-Reply-To: <s1@home>\nReferences: <s1@home>\n",
        ),
    );
    let crowd: Vec<String> = (0..11).map(|i| format!("p{i}@example.org")).collect();
    dovecot.deliver(
        "Sent",
        &message(
            "s3@home",
            &format!("{day} 10:00:00 +0100"),
            ME,
            &crowd.join(", "),
            "All hands",
            "",
        ),
    );
    dovecot.deliver(
        "Sent",
        &message(
            "s4@home",
            &format!("{day} 11:00:00 +0100"),
            ME,
            "noreply@shop.example",
            "Order",
            "",
        ),
    );
    dovecot.deliver(
        "Drafts",
        &message(
            "d1@home",
            &format!("{day} 12:00:00 +0100"),
            ME,
            MAYA,
            "Unsent",
            "",
        ),
    );
    // Her answer is in the Inbox, which the default scope does not read.
    dovecot.deliver(
        "INBOX",
        &message(
            "m1@lund",
            &format!("{day} 16:00:00 +0100"),
            MAYA,
            ME,
            "Re: Plans",
            "References: <s1@home>\n",
        ),
    );

    let (store, maya) = maya_reading(&dovecot, "sent");
    let report = read(&store);
    assert_eq!(report.folders, [("Sent".to_owned(), 4)]);
    assert_eq!((report.new, report.touches_made), (2, 1));
    assert_eq!(
        email_touches(&store, maya),
        [(Direction::Out, Some("Re: Plans".to_owned()))]
    );

    // What was asked of the server: headers, peeked, in folders opened
    // read-only; never a body.
    let commands = dovecot.commands();
    assert!(
        commands.contains("BODY.PEEK[HEADER.FIELDS (FROM TO CC BCC DATE MESSAGE-ID"),
        "{commands}"
    );
    assert!(commands.contains("EXAMINE"), "{commands}");
    for never in [
        "BODY[]",
        "BODY[TEXT]",
        "BODY.PEEK[]",
        "BODY.PEEK[TEXT]",
        "RFC822",
        "SELECT ",
        "STORE ",
    ] {
        assert!(
            !commands.to_uppercase().contains(never),
            "asked {never}: {commands}"
        );
    }
    assert!(dovecot.seen_flags("Sent").iter().all(|seen| !seen));

    // Nothing new: the next read fetches nothing.
    let again = read(&store);
    assert_eq!(again.folders, [("Sent".to_owned(), 0)]);
    assert_eq!(again.new, 0);
}

#[test]
fn the_archive_counts_incoming_mail_and_a_message_in_two_folders_is_one_touch() {
    let dovecot = server();
    let sent = message(
        "s1@home",
        "Mon, 02 Mar 2026 09:00:00 +0100",
        ME,
        MAYA,
        "Plans",
        "",
    );
    dovecot.deliver("Sent", &sent);
    dovecot.deliver("Archive", &sent);
    dovecot.deliver(
        "Archive",
        &message(
            "m1@lund",
            "Mon, 02 Mar 2026 16:00:00 +0100",
            MAYA,
            ME,
            "Re: Plans",
            "References: <s1@home>\n",
        ),
    );
    // Kai is not in Kith: two exchanges make him a suggestion.
    let kai = "Kai Berg <kai@berg.example>";
    dovecot.deliver(
        "Sent",
        &message(
            "s2@home",
            "Tue, 03 Mar 2026 09:00:00 +0100",
            ME,
            kai,
            "Hello",
            "",
        ),
    );
    dovecot.deliver(
        "Archive",
        &message(
            "k1@berg",
            "Tue, 03 Mar 2026 10:00:00 +0100",
            kai,
            ME,
            "Re: Hello",
            "In-Reply-To: <s2@home>\n",
        ),
    );
    // Bulk mail in the archive is not a touch.
    dovecot.deliver(
        "Archive",
        &message(
            "n1@shop",
            "Tue, 03 Mar 2026 11:00:00 +0100",
            "Shop <hi@shop.example>",
            ME,
            "Sale",
            "List-Unsubscribe: <mailto:u@shop.example>\n",
        ),
    );

    let (store, maya) = maya_reading(&dovecot, "all");
    let report = read(&store);
    assert_eq!(
        report.folders,
        [("Sent".to_owned(), 2), ("Archive".to_owned(), 4)]
    );
    assert_eq!((report.new, report.known), (4, 1));
    assert_eq!(report.skipped.values().sum::<u64>(), 1);
    assert_eq!(
        email_touches(&store, maya),
        [(Direction::Mutual, Some("Re: Plans".to_owned()))]
    );
    let suggested = store.mail_suggestions().unwrap();
    assert_eq!(suggested.len(), 1);
    assert_eq!(suggested[0].address, "kai@berg.example");

    // Removing the account with --forget takes every touch its mail made.
    let (_, removed) = account::remove(&store, true, now()).unwrap();
    assert_eq!(removed, 1);
    assert!(email_touches(&store, maya).is_empty());
    assert!(store.mail_suggestions().unwrap().is_empty());
    assert!(store.mail_account().unwrap().is_none());
}

#[test]
fn a_renumbered_folder_is_read_again_without_counting_anything_twice() {
    let dovecot = server();
    for i in 0..5 {
        dovecot.deliver(
            "Sent",
            &message(
                &format!("s{i}@home"),
                &format!("Mon, 0{} Mar 2026 09:00:00 +0100", i + 2),
                ME,
                MAYA,
                &format!("Note {i}"),
                "",
            ),
        );
    }
    let (store, maya) = maya_reading(&dovecot, "sent");
    assert_eq!(read(&store).new, 5);
    assert_eq!(email_touches(&store, maya).len(), 5);

    dovecot.renumber("Sent", 4242);
    dovecot.deliver(
        "Sent",
        &message(
            "s9@home",
            "Wed, 11 Mar 2026 09:00:00 +0100",
            ME,
            MAYA,
            "Later",
            "",
        ),
    );
    let report = read(&store);
    assert_eq!((report.new, report.known), (1, 5));
    assert_eq!(email_touches(&store, maya).len(), 6);
    let folders = store
        .mail_folders(store.mail_account().unwrap().unwrap().id)
        .unwrap();
    assert_eq!((folders[0].uidvalidity, folders[0].read), (4242, 6));
}

#[test]
fn a_wrong_password_says_so_and_sets_nothing_up() {
    let dovecot = server();
    let store = Store::open_in_memory().unwrap();
    let error = add(&store, &dovecot, "sent", "wrong").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("refused the user name or password"),
        "{error}"
    );
    assert!(store.mail_account().unwrap().is_none());
    // A scope naming a folder that is not there is refused too.
    let error = add(&store, &dovecot, "folder:Kith", PASSWORD).unwrap_err();
    assert!(
        error.to_string().contains("no folder named 'Kith'"),
        "{error}"
    );
}

#[test]
fn a_certificate_that_does_not_verify_is_refused_never_accepted() {
    let dovecot = Dovecot::start_with_tls(&[("Sent", "\\Sent")]);
    let port = dovecot.tls_port.unwrap();
    let error = runtime()
        .block_on(Imap::connect(
            "127.0.0.1",
            port,
            Security::Tls,
            USER,
            PASSWORD,
            "",
        ))
        .err()
        .unwrap();
    assert!(
        matches!(error, ImapError::Certificate { .. }),
        "{error}: {}",
        dovecot.log()
    );
    assert!(
        error.to_string().contains("certificate does not verify"),
        "{error}"
    );
}

#[test]
fn plain_imap_is_refused_beyond_this_computer() {
    let error = runtime()
        .block_on(Imap::connect(
            "imap.example.org",
            143,
            Security::Plain,
            "a",
            "b",
            "",
        ))
        .err()
        .unwrap();
    assert!(matches!(error, ImapError::PlainRefused(_)), "{error}");
}

#[test]
fn outlook_is_refused_with_the_mbox_way_instead() {
    let store = Store::open_in_memory().unwrap();
    let new = NewAccount {
        host: Some("outlook.office365.com".into()),
        port: None,
        user: "ada@outlook.com".into(),
        password: "x".into(),
        scope: "sent".into(),
        me: vec![],
        since: None,
        keep_subject: true,
    };
    let error = runtime()
        .block_on(account::add(&store, &new, now()))
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("only OAuth"), "{message}");
    assert!(message.contains("kith import FILE.mbox"), "{message}");
}

#[test]
fn a_running_app_reads_new_mail_as_the_server_announces_it() {
    use kith_mail::service::{Event, Service, Timing};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let dovecot = server();
    dovecot.deliver(
        "Sent",
        &message(
            "s1@home",
            "Mon, 02 Mar 2026 09:00:00 +0100",
            ME,
            MAYA,
            "Plans",
            "",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("kith.db")).unwrap());
    let maya = person(&store, "Maya", "maya@lund.example");
    add(&store, &dovecot, "sent", PASSWORD).unwrap();
    let changed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = changed.clone();
    // Reads every minute on its own: mail within seconds can only have
    // come through IDLE.
    let timing = Timing {
        start_delay: Duration::ZERO,
        every: Duration::from_secs(60),
        first_backoff: Duration::from_secs(60),
        max_backoff: Duration::from_secs(60),
    };
    let service = Service::new(
        store.clone(),
        timing,
        std::sync::Arc::new(kith_core::SystemClock),
        move |event| {
            if event == Event::ChangedHere {
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        },
    );
    service.set_password(Some(PASSWORD.into()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.spawn(service.clone().run());
    let wait_for = |touches: usize| {
        let started = Instant::now();
        while email_touches(&store, maya).len() < touches {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "only {:?}: {}",
                email_touches(&store, maya),
                dovecot.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for(1);
    // Give the service a moment to enter IDLE, then a new message arrives.
    std::thread::sleep(Duration::from_secs(2));
    dovecot.deliver(
        "Sent",
        &message(
            "s2@home",
            "Tue, 03 Mar 2026 09:00:00 +0100",
            ME,
            MAYA,
            "More plans",
            "",
        ),
    );
    wait_for(2);
    assert!(changed.load(std::sync::atomic::Ordering::SeqCst) >= 2);
    assert!(dovecot.commands().contains("IDLE"));
    let live = service.live();
    assert!(matches!(live.last, Some(Ok(_))), "{live:?}");
    assert!(!live.running);
}
