//! Every import format on the team's own fixtures (invented people),
//! checked field by field against a real database file.

use kith_testing::write;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use kith_core::domain::{Direction, IdentityKind, TouchKind};
use kith_core::stage::Stage;
use kith_core::{Person, Store};
use kith_exchange::{import, ExchangeError, Format, ImportOptions, ImportSummary};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
}

struct Db {
    _dir: tempfile::TempDir,
    store: Store,
}

fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db")).unwrap();
    Db { _dir: dir, store }
}

fn run(store: &Store, name: &str, options: &ImportOptions) -> ImportSummary {
    import(store, &fixture(name), options, now()).unwrap()
}

fn person(store: &Store, name: &str) -> Person {
    store.person(store.resolve_person(name).unwrap()).unwrap()
}

fn identity(person: &Person, kind: IdentityKind) -> Vec<String> {
    person
        .identities
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.normalized.clone())
        .collect()
}

#[test]
fn linkedin_connections_with_preamble_bom_quoted_commas_and_hidden_profiles() {
    let db = db();
    let summary = run(
        &db.store,
        "linkedin/Connections.csv",
        &ImportOptions::default(),
    );
    assert_eq!(
        summary.files,
        vec![("Connections.csv".to_owned(), Format::LinkedinConnections)]
    );
    let report = summary.report;
    assert_eq!((report.new, report.updated, report.unchanged), (4, 0, 0));
    // Connected 2021 to 2025, long before "now" (March 2026): none is new
    // enough for the welcome queue; all are candidates to reconnect with.
    assert_eq!((report.to_welcome, report.to_reconnect), (0, 4));
    // The hidden profile is on line 7 of the file (after the four-line preamble and the header).
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].line, 7);
    assert!(report.skipped[0].reason.contains("hidden profile"));

    let maya = person(&db.store, "Maya Okafor");
    assert_eq!(maya.company.as_deref(), Some("Northwind Robotics"));
    assert_eq!(maya.role.as_deref(), Some("Head of Product"));
    assert_eq!(
        identity(&maya, IdentityKind::Linkedin),
        vec!["maya-okafor-4b1a2c"]
    );
    assert_eq!(
        identity(&maya, IdentityKind::Email),
        vec!["maya.okafor@example.com"]
    );
    let touches = db.store.touches(maya.id).unwrap();
    assert_eq!(touches.len(), 1);
    assert_eq!(touches[0].kind, TouchKind::Connected);
    assert_eq!(
        touches[0].at,
        Utc.with_ymd_and_hms(2021, 4, 2, 12, 0, 0).unwrap()
    );
    assert_eq!(maya.stage, Stage::Connected);

    let tomas = person(&db.store, "Tomas Berg");
    assert_eq!(tomas.company.as_deref(), Some("Fjord Systems, Oslo"));
    // Non-ASCII names survive; a formula in a field is kept as text.
    let leila = person(&db.store, "Leïla Núñez");
    assert_eq!(
        leila.company.as_deref(),
        Some("=HYPERLINK(\"http://evil.example\")")
    );
    // Only connections of the last 30 days wait in the welcome queue: none
    // in March 2026; ten days after Priya connected, only her.
    assert_eq!(db.store.welcome_queue(now(), 0, 10).unwrap().total, 0);
    let after_priya = Utc.with_ymd_and_hms(2025, 11, 20, 9, 0, 0).unwrap();
    let queue = db.store.welcome_queue(after_priya, 0, 10).unwrap();
    assert_eq!(queue.total, 1);
    assert_eq!(queue.entries[0].display_name, "Priya Raman");
    db.store.integrity_check().unwrap();
}

#[test]
fn importing_the_same_export_twice_changes_nothing_and_a_newer_one_updates() {
    let db = db();
    run(
        &db.store,
        "linkedin/Connections.csv",
        &ImportOptions::default(),
    );
    let again = run(
        &db.store,
        "linkedin/Connections.csv",
        &ImportOptions::default(),
    )
    .report;
    assert_eq!(
        (
            again.new,
            again.updated,
            again.unchanged,
            again.touches_added
        ),
        (0, 0, 4, 0)
    );
    assert_eq!(db.store.people_count().unwrap(), 4);

    // The 2022 export (older header, no URL) has Maya by e-mail with an
    // older title; it updates her role and adds Grace.
    let older = run(
        &db.store,
        "linkedin-2022/Connections.csv",
        &ImportOptions::default(),
    )
    .report;
    assert_eq!((older.new, older.updated), (1, 1));
    assert_eq!(
        person(&db.store, "Maya Okafor").role.as_deref(),
        Some("Product Manager")
    );
    assert_eq!(
        person(&db.store, "Grace Hopper").company.as_deref(),
        Some("Navy, Research Lab")
    );
    // Without a profile URL, the same rows are still recognised next time.
    let older_again = run(
        &db.store,
        "linkedin-2022/Connections.csv",
        &ImportOptions::default(),
    )
    .report;
    assert_eq!(
        (older_again.new, older_again.updated, older_again.unchanged),
        (0, 0, 2)
    );
    assert_eq!(db.store.people_count().unwrap(), 5);
}

#[test]
fn a_linkedin_export_folder_brings_invitations_and_messages_with_their_directions() {
    let db = db();
    let summary = run(&db.store, "linkedin", &ImportOptions::default());
    let formats: Vec<Format> = summary.files.iter().map(|(_, f)| *f).collect();
    assert_eq!(
        formats,
        vec![
            Format::LinkedinConnections,
            Format::LinkedinInvitations,
            Format::LinkedinMessages
        ]
    );
    let report = &summary.report;
    let skipped: Vec<(Option<&str>, u64, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.file.as_deref(), s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (
                Some("Connections.csv"),
                7,
                "a hidden profile: LinkedIn gives only the date you connected"
            ),
            (
                Some("Invitations.csv"),
                4,
                "an invitation without a personal message"
            ),
            (Some("messages.csv"), 7, "a message in the spam folder"),
        ]
    );

    // Priya, newest first: the connection, the invitation note you sent,
    // her reply in the group conversation, your message to the group.
    let priya = person(&db.store, "Priya Raman");
    let touches = db.store.touches(priya.id).unwrap();
    let seen: Vec<(TouchKind, Direction)> = touches.iter().map(|t| (t.kind, t.direction)).collect();
    assert_eq!(
        seen,
        vec![
            (TouchKind::Connected, Direction::Mutual),
            (TouchKind::Note, Direction::Out),
            (TouchKind::Message, Direction::In),
            (TouchKind::Message, Direction::Out),
        ]
    );
    assert_eq!(
        touches[1].summary.as_deref(),
        Some("Hi Priya, we met at the Rust meetup in Lisbon, great talk on embedded async!")
    );
    assert_eq!(
        touches[1].at,
        Utc.with_ymd_and_hms(2025, 11, 9, 16, 12, 0).unwrap()
    );
    assert_eq!(
        touches[3].summary.as_deref(),
        Some("Offsite: Shall we plan the offsite together?")
    );
    assert_eq!(priya.stage, Stage::InConversation);

    // Tomas got the group message too; the account owner is not a person.
    let tomas = person(&db.store, "Tomas Berg");
    let tomas_touches = db.store.touches(tomas.id).unwrap();
    assert!(tomas_touches
        .iter()
        .any(|t| t.kind == TouchKind::Message && t.direction == Direction::Out));
    assert!(db.store.resolve_person("Sam Rivera").is_err());

    // A multi-line message is one touch on one line.
    let maya = person(&db.store, "Maya Okafor");
    let out = db
        .store
        .touches(maya.id)
        .unwrap()
        .into_iter()
        .find(|t| t.direction == Direction::Out)
        .unwrap();
    assert_eq!(
        out.summary.as_deref(),
        Some("Yes! Tuesday works, how about 10:00?")
    );

    // Someone who wrote an invitation but is not a connection yet.
    let jonas = person(&db.store, "Jonas Falk");
    assert_eq!(identity(&jonas, IdentityKind::Linkedin), vec!["jonas-falk"]);
    assert_eq!(jonas.stage, Stage::Engaged);

    // The whole folder again: nothing new.
    let again = run(&db.store, "linkedin", &ImportOptions::default()).report;
    assert_eq!((again.new, again.touches_added), (0, 0));
}

#[test]
fn the_zip_of_an_export_reads_like_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("Basic_LinkedInDataExport_03-01-2026.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    for name in ["Connections.csv", "Invitations.csv", "messages.csv"] {
        zip.start_file(
            format!("Basic_LinkedInDataExport/{name}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(fixture("linkedin").join(name)).unwrap(),
        )
        .unwrap();
    }
    zip.finish().unwrap();
    let zipped = db();
    let from_zip = import(&zipped.store, &archive, &ImportOptions::default(), now()).unwrap();
    assert_eq!(from_zip.files.len(), 3);
    let folder = db();
    let from_folder = run(&folder.store, "linkedin", &ImportOptions::default());
    assert_eq!(from_zip.report.new, from_folder.report.new);
    assert_eq!(
        from_zip.report.touches_added,
        from_folder.report.touches_added
    );
}

#[test]
fn messages_ask_who_you_are_when_it_cannot_be_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("messages.csv");
    std::fs::write(
        &path,
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         c-1,,Ada,https://www.linkedin.com/in/ada,Bob,https://www.linkedin.com/in/bob,2025-01-01 10:00:00 UTC,,Hi,INBOX\n",
    )
    .unwrap();
    let db = db();
    let error = import(&db.store, &path, &ImportOptions::default(), now()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("cannot tell which participant is you"),
        "{error}"
    );
    assert_eq!(db.store.people_count().unwrap(), 0);
    let told = ImportOptions {
        me: Some("https://www.linkedin.com/in/ada".into()),
        ..ImportOptions::default()
    };
    let report = import(&db.store, &path, &told, now()).unwrap().report;
    assert_eq!(report.new, 1);
    let bob = person(&db.store, "Bob");
    assert_eq!(
        db.store.touches(bob.id).unwrap()[0].direction,
        Direction::Out
    );
}

#[test]
fn google_contacts_current_layout_with_multi_values_labels_and_addresses() {
    let db = db();
    let summary = run(&db.store, "google-current.csv", &ImportOptions::default());
    assert_eq!(summary.files[0].1, Format::GoogleCsv);
    let report = summary.report;
    assert_eq!(report.new, 2);
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].reason.contains("no name"));
    let ada = person(&db.store, "Ada Lovelace");
    assert_eq!(ada.company.as_deref(), Some("Analytical Engines"));
    assert_eq!(ada.role.as_deref(), Some("Mathematician"));
    assert_eq!(
        identity(&ada, IdentityKind::Email),
        vec![
            "ada@example.org",
            "ada.lovelace@example.net",
            "ada.home@example.org"
        ]
    );
    assert_eq!(
        identity(&ada, IdentityKind::Phone),
        vec!["+442079460000", "+442079460001"]
    );
    assert_eq!(
        identity(&ada, IdentityKind::Linkedin),
        vec!["ada-lovelace-1815"]
    );
    // Google's own groups are not the user's tags.
    assert_eq!(ada.tags, vec!["Mentors"]);
    assert_eq!(
        ada.notes[0].body,
        "Met at the Difference Engine demo.\nPrefers letters."
    );
    assert_eq!(
        ada.birthday.map(|b| b.to_text()).as_deref(),
        Some("1815-12-10")
    );
    assert_eq!(
        person(&db.store, "Charles Babbage")
            .birthday
            .map(|b| b.to_text())
            .as_deref(),
        Some("--12-26")
    );
    let again = run(&db.store, "google-current.csv", &ImportOptions::default()).report;
    assert_eq!((again.new, again.unchanged), (0, 2));
}

#[test]
fn google_contacts_legacy_layout() {
    let db = db();
    run(&db.store, "google-legacy.csv", &ImportOptions::default());
    let grace = person(&db.store, "Grace Hopper");
    assert_eq!(grace.company.as_deref(), Some("US Navy"));
    assert_eq!(grace.role.as_deref(), Some("Rear Admiral"));
    assert_eq!(
        identity(&grace, IdentityKind::Email),
        vec!["grace@example.mil"]
    );
    assert_eq!(identity(&grace, IdentityKind::Phone), vec!["5550102030"]);
    assert_eq!(grace.tags, vec!["Navy"]);
    assert_eq!(
        grace.birthday.map(|b| b.to_text()).as_deref(),
        Some("1906-12-09")
    );
    assert_eq!(grace.notes[0].body, "Invented the first compiler.");
}

#[test]
fn google_contacts_events_bring_the_anniversary_only() {
    let db = db();
    run(&db.store, "google-events.csv", &ImportOptions::default());
    let grace = person(&db.store, "Grace Hopper");
    assert_eq!(
        grace.birthday.map(|b| b.to_text()).as_deref(),
        Some("1906-12-09")
    );
    // Event 1 is some other date; Event 2 the anniversary, without a year.
    assert_eq!(
        grace.anniversary.map(|b| b.to_text()).as_deref(),
        Some("--06-15")
    );
    let alan = person(&db.store, "Alan Turing");
    assert_eq!(
        alan.anniversary.map(|b| b.to_text()).as_deref(),
        Some("1936-05-28")
    );
    assert_eq!(alan.birthday, None);
}

#[test]
fn vcard_2_1_quoted_printable_charsets_and_soft_breaks() {
    let db = db();
    let summary = run(&db.store, "vcard21.vcf", &ImportOptions::default());
    assert_eq!(summary.files[0].1, Format::Vcard);
    let juergen = person(&db.store, "Jürgen Müller");
    assert_eq!(juergen.company.as_deref(), Some("Bäckerei Müller"));
    assert_eq!(
        identity(&juergen, IdentityKind::Phone),
        vec!["+49301234567"]
    );
    assert_eq!(
        identity(&juergen, IdentityKind::Email),
        vec!["juergen@example.de"]
    );
    assert_eq!(
        juergen.notes[0].body,
        "Backt das beste Brot der Stadt. Fragt gern nach Sauerteig, immer freundlich."
    );
}

#[test]
fn vcard_3_0_folding_groups_apple_birthdays_and_photos() {
    let db = db();
    run(&db.store, "vcard30.vcf", &ImportOptions::default());
    let amara = person(&db.store, "Amara Okafor");
    assert_eq!(amara.company.as_deref(), Some("Copperline Health"));
    assert_eq!(amara.role.as_deref(), Some("Founder"));
    assert_eq!(
        identity(&amara, IdentityKind::Linkedin),
        vec!["amara-okafor"]
    );
    assert_eq!(
        identity(&amara, IdentityKind::Website),
        vec!["copperline.example"]
    );
    // Apple's placeholder year: no 1604 birthday.
    assert_eq!(
        amara.birthday.map(|b| b.to_text()).as_deref(),
        Some("--03-14")
    );
    // Apple's anniversary: a labelled X-ABDATE.
    assert_eq!(
        amara.anniversary.map(|b| b.to_text()).as_deref(),
        Some("--09-02")
    );
    assert_eq!(
        amara.notes[0].body,
        "Loves long walks, and longer conversations."
    );
    assert_eq!(amara.tags, vec!["Founders", "Health"]);
}

#[test]
fn vcard_4_0_several_cards_hostile_text_and_a_truncated_card() {
    let db = db();
    let report = run(&db.store, "vcard40.vcf", &ImportOptions::default()).report;
    assert_eq!(report.new, 2);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].line, 17);
    assert!(report.skipped[0].reason.contains("cut off"));
    let kenji = person(&db.store, "Kenji Sato");
    assert_eq!(
        kenji.birthday.map(|b| b.to_text()).as_deref(),
        Some("--12-10")
    );
    assert_eq!(
        kenji.anniversary.map(|b| b.to_text()).as_deref(),
        Some("2015-06-20")
    );
    assert_eq!(identity(&kenji, IdentityKind::Phone), vec!["+81312345678"]);
    assert_eq!(identity(&kenji, IdentityKind::Linkedin), vec!["kenji-sato"]);
    // Markup is a name like any other; the invalid e-mail is dropped.
    let hostile = person(&db.store, "<img src=x onerror=alert(1)>");
    assert!(hostile.identities.is_empty());
    let again = run(&db.store, "vcard40.vcf", &ImportOptions::default()).report;
    assert_eq!((again.new, again.unchanged), (0, 2));
}

/// Address books as Apple Contacts, Google Contacts, Outlook and Android
/// write them, full of numbers and inboxes that several people share: an
/// office switchboard, a company card, a family inbox, a family landline.
#[test]
fn shared_phones_and_inboxes_in_real_address_books_never_fold_two_people() {
    let db = db();
    let files = ["apple.vcf", "google.vcf", "outlook.vcf", "android.vcf"];
    let mut kept_apart = Vec::new();
    for file in files {
        let report = run(
            &db.store,
            &format!("shared-keys/{file}"),
            &ImportOptions::default(),
        )
        .report;
        kept_apart.push(report.kept_apart);
        for s in &report.suggestions {
            assert!(
                s.reason.contains("but the names differ"),
                "{file}: {}",
                s.reason
            );
        }
        if file == "android.vcf" {
            // A card with only a short code is no one; the nameless card
            // with Henrike's address is her, and Sofia's phone card is her.
            assert_eq!((report.new, report.skipped.len()), (3, 1), "{report:?}");
        }
    }
    // Erik and the company card against Sofia; Inês against Tomás; Jörg
    // against Henrike; Oskar against Linéa.
    assert_eq!(kept_apart, [2, 1, 1, 1]);
    let names = [
        "Sofia Lindqvist",
        "Erik Holm",
        "Nordlicht Studio",
        "Tomás Ferreira",
        "Inês Ferreira",
        "Henrike Brandt",
        "Jörg Weiß",
        "Linéa Åberg",
        "Oskar Åberg",
        "Mia Grün",
    ];
    assert_eq!(db.store.people_count().unwrap(), names.len() as u64);
    for name in names {
        // Every name is its own person and can be found by searching.
        let found = db.store.people(name, 0, 10).unwrap();
        assert_eq!(
            found
                .people
                .iter()
                .filter(|p| p.display_name == name)
                .count(),
            1,
            "{name}"
        );
    }
    let sofia = person(&db.store, "Sofia Lindqvist");
    assert_eq!(
        identity(&sofia, IdentityKind::Phone),
        ["+46812345670", "+46707654321"]
    );
    let henrike = person(&db.store, "Henrike Brandt");
    assert_eq!(henrike.role.as_deref(), Some("Leiterin Einkauf & Qualität"));
    let joerg = person(&db.store, "Jörg Weiß");
    // Outlook's "Durchwahl 12" is kept as text, not as a key.
    assert_eq!(
        identity(&joerg, IdentityKind::Phone),
        ["+49405550100", "~durchwahl 12"]
    );
    let linea = person(&db.store, "Linéa Åberg");
    assert_eq!(
        linea.notes[0].body,
        "Ringer helst på kvällen, efter att barnen har somnat. Fråga om trädgården."
    );
    // Each pair sharing a key is listed under Duplicates, saying why.
    let pairs = db.store.duplicates(50).unwrap();
    let listed = |a: &str, b: &str| {
        pairs.iter().find(|p| {
            let names = [p.a.display_name.as_str(), p.b.display_name.as_str()];
            names.contains(&a) && names.contains(&b)
        })
    };
    let office = listed("Sofia Lindqvist", "Erik Holm").expect("office pair");
    assert_eq!(
        office.reason,
        "same phone +46 8 123 456 70; the names differ"
    );
    assert!(listed("Tomás Ferreira", "Inês Ferreira")
        .unwrap()
        .reason
        .starts_with("same e-mail"));
    assert!(listed("Henrike Brandt", "Jörg Weiß").is_some());
    assert!(listed("Linéa Åberg", "Oskar Åberg").is_some());
    // Importing all four again changes nothing.
    for file in files {
        let again = run(
            &db.store,
            &format!("shared-keys/{file}"),
            &ImportOptions::default(),
        )
        .report;
        assert_eq!(
            (again.new, again.updated, again.kept_apart),
            (0, 0, 0),
            "{file}: {again:?}"
        );
    }
    assert_eq!(db.store.people_count().unwrap(), names.len() as u64);
}

#[test]
fn facebook_friends_with_mojibake_re_decoded() {
    let db = db();
    let summary = run(
        &db.store,
        "facebook-friends.json",
        &ImportOptions::default(),
    );
    assert_eq!(summary.files[0].1, Format::FacebookFriends);
    assert_eq!(summary.report.new, 2);
    assert_eq!(summary.report.skipped[0].line, 3);
    let jose = person(&db.store, "José García");
    let touches = db.store.touches(jose.id).unwrap();
    assert_eq!(touches[0].at, Utc.timestamp_opt(1617352800, 0).unwrap());
    assert!(db.store.resolve_person("Zoë Adeyemi").is_ok());
    let again = run(
        &db.store,
        "facebook-friends.json",
        &ImportOptions::default(),
    )
    .report;
    assert_eq!((again.new, again.unchanged), (0, 2));
}

#[test]
fn a_dry_run_reports_exactly_and_writes_nothing() {
    let db = db();
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let preview = run(&db.store, "linkedin", &dry).report;
    assert!(!preview.committed);
    assert_eq!(db.store.people_count().unwrap(), 0);
    let real = run(&db.store, "linkedin", &ImportOptions::default()).report;
    assert_eq!(
        (preview.new, preview.skipped.len(), preview.touches_added),
        (real.new, real.skipped.len(), real.touches_added)
    );
}

#[test]
fn malformed_input_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db();
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let cases: Vec<(PathBuf, Option<Format>, &str)> = vec![
        (
            write(dir.path(), "garbage.bin", &garbage),
            None,
            "does not look like",
        ),
        (
            write(dir.path(), "empty.csv", b""),
            None,
            "does not look like",
        ),
        (
            write(dir.path(), "garbage.csv", &garbage),
            Some(Format::LinkedinConnections),
            "no LinkedIn Connections",
        ),
        (
            write(
                dir.path(),
                "friends.json",
                br#"{"friends_v2": [{"name": "Ada""#,
            ),
            None,
            "not a Facebook friends file",
        ),
        (
            write(dir.path(), "other.json", br#"{"friends_v2": 7}"#),
            None,
            "not a Facebook friends file",
        ),
    ];
    for (path, format, expected) in cases {
        let options = ImportOptions {
            format,
            ..ImportOptions::default()
        };
        let error = import(&db.store, &path, &options, now()).unwrap_err();
        assert!(
            error.to_string().contains(expected),
            "{}: {error}",
            path.display()
        );
    }
    let missing = import(
        &db.store,
        &dir.path().join("nope.csv"),
        &ImportOptions::default(),
        now(),
    )
    .unwrap_err();
    assert!(matches!(missing, ExchangeError::Read { .. }));
    assert_eq!(db.store.people_count().unwrap(), 0);
}

#[test]
fn a_truncated_csv_and_a_row_with_a_million_columns_cost_only_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    text.push_str("Ada,Lovelace,,,,,02 Apr 2021\n");
    text.push_str(&",".repeat(1_000_000));
    text.push('\n');
    text.push_str("Grace,Hopper,,,\"Navy, cut off");
    let path = write(dir.path(), "Connections.csv", text.as_bytes());
    let db = db();
    let report = import(&db.store, &path, &ImportOptions::default(), now())
        .unwrap()
        .report;
    assert_eq!(report.new, 2);
    assert!(
        report.skipped[0].reason.contains("columns"),
        "{:?}",
        report.skipped
    );
    assert_eq!(
        person(&db.store, "Grace Hopper").company.as_deref(),
        Some("Navy, cut off")
    );
}

#[test]
fn found_by_fuzzing_a_name_of_control_characters_is_skipped_not_stored() {
    // A mangled Connections.csv whose last row's name is only NUL bytes.
    let db = db();
    let options = ImportOptions {
        format: Some(Format::LinkedinConnections),
        ..ImportOptions::default()
    };
    let report = run(
        &db.store,
        "fuzz/connections-control-characters.csv",
        &options,
    )
    .report;
    assert_eq!(report.new, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].reason, "a name is required");
    db.store.integrity_check().unwrap();
}

#[test]
fn an_unterminated_quote_costs_one_bounded_row_not_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    text.push_str("Ada,Lovelace,,,\"Analytical\n");
    for _ in 0..100_000 {
        text.push_str("Grace,Hopper,,,,,02 Apr 2021\n");
    }
    let path = write(dir.path(), "Connections.csv", text.as_bytes());
    let db = db();
    let report = import(&db.store, &path, &ImportOptions::default(), now())
        .unwrap()
        .report;
    assert_eq!(report.new, 0);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].line, 2);
    assert!(
        report.skipped[0].reason.contains("too long"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn progress_is_reported_and_a_cancelled_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..2_000 {
        text.push_str(&format!(
            "Person,Number {i},https://www.linkedin.com/in/p-{i},,,,02 Apr 2021\n"
        ));
    }
    let path = write(dir.path(), "Connections.csv", text.as_bytes());
    let db = db();
    let mut seen = Vec::new();
    let done = kith_exchange::import_with_progress(
        &db.store,
        &path,
        &ImportOptions::default(),
        now(),
        &mut |rows| {
            seen.push(rows);
            true
        },
    )
    .unwrap();
    assert_eq!(seen, vec![500, 1000, 1500, 2000]);
    assert_eq!(done.report.new, 2_000);

    let fresh = self::db();
    let cancelled = kith_exchange::import_with_progress(
        &fresh.store,
        &path,
        &ImportOptions::default(),
        now(),
        &mut |rows| rows < 1_000,
    );
    assert!(matches!(cancelled, Err(ExchangeError::Cancelled)));
    assert_eq!(fresh.store.people_count().unwrap(), 0);
}

#[test]
fn rows_crossing_read_buffer_boundaries_keep_every_field() {
    // Large enough for many rows to straddle the reader's buffer.
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "Person,Number {i},https://www.linkedin.com/in/p-{i},p{i}@example.com,\"Company {i}, Inc.\",Role {i},02 Apr 2021\n"
        ));
    }
    let path = write(dir.path(), "Connections.csv", text.as_bytes());
    let rows = kith_exchange::read_rows(&path, &ImportOptions::default()).unwrap();
    assert_eq!(rows.len(), 5_000);
    for (i, row) in rows.iter().enumerate() {
        let kith_core::import::Row::Contact(contact) = row else {
            panic!("row {i} skipped: {row:?}");
        };
        assert_eq!(contact.line, i as u64 + 2);
        assert_eq!(contact.person.display_name, format!("Person Number {i}"));
        assert_eq!(
            contact.person.company.as_deref(),
            Some(format!("Company {i}, Inc.").as_str())
        );
        assert_eq!(
            contact.person.role.as_deref(),
            Some(format!("Role {i}").as_str())
        );
        let keys: Vec<&str> = contact
            .person
            .identities
            .iter()
            .map(|x| x.normalized.as_str())
            .collect();
        assert_eq!(keys, vec![format!("p-{i}"), format!("p{i}@example.com")]);
    }
}

/// The 2018 layout (no URL column), saved with CRLF line ends as a
/// spreadsheet on Windows writes it: each row's line is the file's line.
#[test]
fn connections_in_the_2018_layout_keep_their_dates_and_say_which_they_could_not_read() {
    let db = db();
    let summary = run(
        &db.store,
        "linkedin-2018/Connections.csv",
        &ImportOptions::default(),
    );
    assert_eq!(summary.files[0].1, Format::LinkedinConnections);
    assert_eq!(summary.report.new, 5);
    // Post-nominals typed into the last-name column stay after a comma,
    // and a vCard export gives them as the name's suffix.
    let priya = person(&db.store, "Priya Nayak, MSc, MBA, PHR");
    assert_eq!(
        kith_exchange::structured_name::guessed(&priya.display_name),
        "N:Nayak;Priya;;;MSc,MBA,PHR"
    );
    let connected = |name: &str| {
        let p = person(&db.store, name);
        let touches = db.store.touches(p.id).unwrap();
        touches
            .iter()
            .find(|t| t.kind == TouchKind::Connected)
            .map(|t| t.at.date_naive().to_string())
    };
    // Month first, a two-digit year and a 12-hour clock, as 2018 wrote it.
    assert_eq!(connected("Maya Okafor").as_deref(), Some("2018-01-08"));
    assert_eq!(connected("Sam Rivera").as_deref(), Some("2017-12-31"));
    assert_eq!(connected("Ida Berg").as_deref(), Some("2016-05-30"));
    // A date Kith cannot read: the person comes in, the report says so.
    assert_eq!(connected("Jonas Falk"), None);
    let skipped: Vec<(u64, &str)> = summary
        .report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [(
            4,
            "Connected On “the day we met” is not a date Kith reads; Jonas Falk is imported without it"
        )]
    );
    // A member URN in the e-mail column is not an address.
    let sam = person(&db.store, "Sam Rivera");
    assert!(identity(&sam, IdentityKind::Email).is_empty());
    assert_eq!(
        identity(&person(&db.store, "Maya Okafor"), IdentityKind::Email),
        ["maya.okafor@example.com"]
    );
}

#[test]
fn messages_in_the_2018_layout_say_their_direction() {
    let db = db();
    let summary = run(
        &db.store,
        "linkedin-2018/messages.csv",
        &ImportOptions::default(),
    );
    assert_eq!(summary.files[0].1, Format::LinkedinMessages);
    // No one to ask about: each row says which way it went.
    assert_eq!(summary.report.new, 2);
    let maya = person(&db.store, "Maya Okafor");
    let directions: Vec<Direction> = db
        .store
        .touches(maya.id)
        .unwrap()
        .iter()
        .map(|t| t.direction)
        .collect();
    assert_eq!(directions, [Direction::Out, Direction::Out, Direction::In]);
    let jonas = person(&db.store, "Jonas Falk");
    assert_eq!(db.store.touches(jonas.id).unwrap().len(), 1);
    let skipped: Vec<&str> = summary
        .report
        .skipped
        .iter()
        .map(|s| s.reason.as_str())
        .collect();
    assert_eq!(skipped, ["a message in the spam folder"]);
}

/// The links between two people, as the first sees them.
fn links_of(store: &Store, name: &str) -> Vec<(String, &'static str)> {
    let id = store.resolve_person(name).unwrap();
    store
        .links(id)
        .unwrap()
        .into_iter()
        .map(|l| (l.other_name.clone(), l.name()))
        .collect()
}

#[test]
fn cards_name_who_people_are_to_each_other_as_apple_rfc_6350_and_google_write_it() {
    let db = db();
    // Apple: labelled related names; Tomas and Ada are cards of the same
    // file, Lena is no one yet, "Godson" is no word Kith knows.
    let summary = run(&db.store, "related/apple.vcf", &ImportOptions::default());
    assert_eq!(summary.report.links_added, 2);
    assert_eq!(
        links_of(&db.store, "Maya Okafor"),
        [
            ("Ada Okafor".to_owned(), "parent"),
            ("Tomas Okafor".to_owned(), "partner")
        ]
    );
    // Lena arrives later (by hand): the manager link waiting for her is made.
    let lena = kith_core::domain::PersonDraft::named("lena fischer").unwrap();
    db.store.create_person(&lena, now()).unwrap();
    assert_eq!(
        links_of(&db.store, "lena fischer"),
        [("Maya Okafor".to_owned(), "report")]
    );

    // RFC 6350: other cards by UID (with and without urn:uuid:), a name
    // as text; an emergency contact is no tie.
    let summary = run(&db.store, "related/rfc6350.vcf", &ImportOptions::default());
    assert_eq!(summary.report.links_added, 2);
    assert_eq!(
        links_of(&db.store, "Ines Duarte"),
        [
            ("Kenji Sato".to_owned(), "colleague"),
            ("Rui Duarte".to_owned(), "child")
        ]
    );
    // Google: relations by name; Kenji is in Kith from the file before.
    let summary = run(&db.store, "related/google.csv", &ImportOptions::default());
    assert_eq!(summary.report.links_added, 2);
    assert_eq!(
        links_of(&db.store, "Priya Raman"),
        [
            ("Arjun Raman".to_owned(), "partner"),
            ("Kenji Sato".to_owned(), "introduced you to them")
        ]
    );
    // Noor is kept waiting as text until she is in Kith.
    db.store
        .create_person(
            &kith_core::domain::PersonDraft::named("Noor Haddad").unwrap(),
            now(),
        )
        .unwrap();
    assert_eq!(
        links_of(&db.store, "Noor Haddad"),
        [("Ines Duarte".to_owned(), "friend")]
    );

    // Exported as vCard and read into a new database, the links are the same.
    let mut out = Vec::new();
    kith_exchange::export::export(
        &db.store,
        kith_exchange::export::ExportFormat::Vcard(kith_exchange::export::VcardVersion::V4),
        None,
        &mut out,
        now(),
        chrono_tz::Tz::UTC,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("RELATED;TYPE=spouse:urn:kith:person:"),
        "{text}"
    );
    let file = tempfile::NamedTempFile::with_suffix(".vcf").unwrap();
    std::fs::write(file.path(), &text).unwrap();
    let copy = db_copy();
    import(&copy, file.path(), &ImportOptions::default(), now()).unwrap();
    for name in ["Maya Okafor", "Ines Duarte", "Priya Raman", "Noor Haddad"] {
        let mut kept = links_of(&db.store, name);
        let mut back = links_of(&copy, name);
        // Kinds vCard has no word for stay in Kith's own exports.
        kept.retain(|(_, n)| !n.contains("introduced") && *n != "report" && *n != "manager");
        kept.sort();
        back.sort();
        assert_eq!(back, kept, "{name}");
    }
}

fn db_copy() -> Store {
    Store::open_in_memory().unwrap()
}

#[test]
fn one_profile_escaped_in_one_export_and_decoded_in_another_is_one_person() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
               Zoë,Ødegård,https://www.linkedin.com/in/zo%C3%AB-%C3%B8deg%C3%A5rd-12ab34/,,,,02 Apr 2021\n";
    let card =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ødegård\r\nN:Ødegård;Zoë;;;\r\nORG:Fjord Systems\r\n\
                URL:linkedin.com/in/zoë-ødegård-12ab34?originalSubdomain=no\r\nEND:VCARD\r\n";
    let db = db();
    let first = import(
        &db.store,
        &write(dir.path(), "Connections.csv", csv.as_bytes()),
        &ImportOptions::default(),
        now(),
    )
    .unwrap();
    assert_eq!(first.report.new, 1);
    let second = import(
        &db.store,
        &write(dir.path(), "zoe.vcf", card.as_bytes()),
        &ImportOptions::default(),
        now(),
    )
    .unwrap();
    assert_eq!(second.report.new, 0, "matched by the profile");
    assert_eq!(db.store.people_count().unwrap(), 1);
    let zoe = person(&db.store, "Zoë Ødegård");
    assert_eq!(
        identity(&zoe, IdentityKind::Linkedin),
        ["zoë-ødegård-12ab34"]
    );
    // Shown as people read it.
    assert!(zoe
        .identities
        .iter()
        .any(|i| i.value == "https://www.linkedin.com/in/zoë-ødegård-12ab34/"));
}

/// A person's identities of one kind, as given (not as keyed).
fn values_of(person: &Person, kind: IdentityKind) -> Vec<String> {
    person
        .identities
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.value.clone())
        .collect()
}

#[test]
fn outlook_in_english_french_and_german_in_the_encodings_it_writes() {
    let db = db();
    // English, Windows-1252, every cell quoted.
    let en = run(
        &db.store,
        "address-books/outlook-en.csv",
        &ImportOptions::default(),
    );
    assert_eq!(en.files[0].1, Format::OutlookCsv);
    assert_eq!(en.report.new, 3, "{:?}", en.report.skipped);
    let grace = person(&db.store, "Grace Brewster Hopper");
    assert_eq!(grace.company.as_deref(), Some("Navy, Research Lab"));
    assert_eq!(grace.role.as_deref(), Some("Rear Admiral"));
    assert_eq!(
        values_of(&grace, IdentityKind::Email),
        ["grace@navy.example", "ghopper@home.example"]
    );
    assert_eq!(
        identity(&grace, IdentityKind::Phone),
        ["+12025550199", "+12025550147"]
    );
    assert_eq!(
        identity(&grace, IdentityKind::Linkedin),
        ["grace-hopper-1906"]
    );
    assert_eq!(
        grace.birthday.map(|b| b.to_text()).as_deref(),
        Some("1906-12-09")
    );
    let mut tags = grace.tags.clone();
    tags.sort();
    assert_eq!(tags, ["Compilers", "Navy"]);
    assert_eq!(grace.notes[0].body, "Found the first bug\nin a relay");
    // A suffix goes after the name; Outlook's 0/0/00 is no birthday.
    let king = person(&db.store, "Martin King, Jr.");
    assert_eq!(king.birthday, None);
    // A row with only a company is called by it; an empty row is skipped.
    assert!(db.store.resolve_person("Fjord Systems").is_ok());
    assert_eq!(en.report.skipped.len(), 1);
    // Grace's notes hold a line break, so the empty row is on line 6.
    assert_eq!(en.report.skipped[0].line, 6);

    // French, semicolons, Windows-1252, two "Titre" columns.
    let fr = run(
        &db.store,
        "address-books/outlook-fr.csv",
        &ImportOptions::default(),
    );
    assert_eq!(fr.files[0].1, Format::OutlookCsv);
    let helene = person(&db.store, "Hélène Dubois");
    assert_eq!(
        helene.company.as_deref(),
        Some("Société Générale d'Électricité")
    );
    assert_eq!(helene.role.as_deref(), Some("Directrice commerciale"));
    assert_eq!(
        helene.birthday.map(|b| b.to_text()).as_deref(),
        Some("1980-12-24")
    );
    assert_eq!(
        helene.anniversary.map(|b| b.to_text()).as_deref(),
        Some("2005-02-14")
    );
    assert_eq!(
        identity(&helene, IdentityKind::Phone),
        ["+33612345678", "+33142685300"]
    );

    // German, UTF-16 with its byte order mark.
    let de = run(
        &db.store,
        "address-books/outlook-de.csv",
        &ImportOptions::default(),
    );
    assert_eq!(de.files[0].1, Format::OutlookCsv);
    let joerg = person(&db.store, "Jörg Müller");
    assert_eq!(joerg.company.as_deref(), Some("Bäckerei Müller & Söhne"));
    assert_eq!(joerg.role.as_deref(), Some("Bäckermeister"));
    assert_eq!(
        joerg.birthday.map(|b| b.to_text()).as_deref(),
        Some("1975-10-03")
    );
    assert_eq!(joerg.tags, ["Kunden"]);
    assert_eq!(joerg.notes[0].body, "Liefert Brötchen");
}

#[test]
fn thunderbird_with_and_without_its_header_row() {
    let db = db();
    let with = run(
        &db.store,
        "address-books/thunderbird.csv",
        &ImportOptions::default(),
    );
    assert_eq!(with.files[0].1, Format::ThunderbirdCsv);
    assert_eq!(with.report.new, 2);
    let ada = person(&db.store, "Ada Lovelace");
    assert_eq!(ada.company.as_deref(), Some("Analytical Engines"));
    assert_eq!(
        ada.birthday.map(|b| b.to_text()).as_deref(),
        Some("1815-12-10")
    );
    assert_eq!(identity(&ada, IdentityKind::Phone), ["+442079460000"]);
    assert_eq!(ada.notes[0].body, "Wrote the first program");
    // The display name is the name.
    let linus = person(&db.store, "Linus");
    assert_eq!(
        identity(&linus, IdentityKind::Email),
        ["linus@kernel.example"]
    );

    // No header, semicolons, Windows-1252 (an older Thunderbird's export).
    let without = run(
        &db.store,
        "address-books/thunderbird-no-header.csv",
        &ImportOptions::default(),
    );
    assert_eq!(without.files[0].1, Format::ThunderbirdCsvNoHeader);
    assert_eq!(without.report.new, 2, "{:?}", without.report.skipped);
    let zoe = person(&db.store, "Zoë Ødegård");
    assert_eq!(zoe.role.as_deref(), Some("Designer"));
    assert_eq!(
        zoe.birthday.map(|b| b.to_text()).as_deref(),
        Some("--03-14")
    );
    let jose = person(&db.store, "José García");
    assert_eq!(
        jose.birthday.map(|b| b.to_text()).as_deref(),
        Some("1990-07-01")
    );
    assert_eq!(jose.notes[0].body, "Conocido en Madrid");
}
