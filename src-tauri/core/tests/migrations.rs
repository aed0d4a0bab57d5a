//! Migrations are append-only: a released file never changes (each one's
//! SHA-256 is held here, checked up to the last release's), a migration
//! after a release comes with a new version, and a database written by the
//! first release's schema — a file kept in `tests/fixtures/`, not rebuilt
//! from today's SQL — opens in this build with everything in it.

use std::path::Path;

use kith_core::store::{BackupKind, FollowUpFilter, SCHEMA_VERSION};
use kith_core::Store;
use sha2::{Digest, Sha256};

/// Each release — its version, as in `Cargo.toml` and `tauri.conf.json`
/// and tagged `v<version>` — and how many migrations it shipped. Tagging a
/// release adds a line here.
const RELEASES: &[(&str, usize)] = &[("0.1.0", 39)];

/// Every migration file and its SHA-256 (`sha256sum migrations/*.sql`).
/// A new migration adds a line; a line of a released migration never
/// changes, while one written since the last release may, until the next.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        "d9f468e2645b5b98cf7a172cf27590e0916525df1ffc45b04e484a6a8378f2c5",
    ),
    (
        "0002_recurring_and_missed.sql",
        "0eae965f7826d048e97723bbb1bbd25e1556a5b31a13e441c43cf7d350c67ab6",
    ),
    (
        "0003_stage.sql",
        "cf9f0dfd53688c11f69d117194582ee34b92044790ff49ac596d6ca615ea14f3",
    ),
    (
        "0004_welcome_queue.sql",
        "e399e24e69387d46b4c38d371c63beac59328b6ccc4fb8ed19c52e1a1e48f2b7",
    ),
    (
        "0005_introduction_reminder.sql",
        "7d5158d2495cdbadebdd605ef8a69c9617ae187613a577d72d3c16a4e6207709",
    ),
    (
        "0006_imports.sql",
        "0033309e75c9b6c383e8a516390accf3f43812e5e8ca9d6a57d747cb16922b7e",
    ),
    (
        "0007_phone_keys.sql",
        "7274dd7fd5b1d2311fabb242e169c53abbf47e1bed041e1afa7b688795b7e036",
    ),
    (
        "0008_trash.sql",
        "8ae24391287871bcfab955922c69577b584defb16a2999fabb44cd9a2a1a5f79",
    ),
    (
        "0009_split.sql",
        "f59a8f8d5517eb88eb950cad4662871db9eaf8867e573f5f8f4ac4afc68cff61",
    ),
    (
        "0010_import_key_names.sql",
        "ef48b1cb18af7eb9ecec482afd4048bef8a25040f76a52f8142cf808c7741fec",
    ),
    (
        "0011_plan.sql",
        "96d086bac786a174cf74674e0e54c797f0e814a7f29dfb3d89e9342ef339a11f",
    ),
    (
        "0012_plan_notice.sql",
        "e7db6cf94261036951ad234c17897275bbca810ece8ece888bdf1cae5fcff322",
    ),
    (
        "0013_sync.sql",
        "41c45075907c96570d195c9e1b6399f281b6b531b71d4261b5cb4749c791eefc",
    ),
    (
        "0014_follow_up_sync.sql",
        "2ce2ddddd5119ce109b0142151c951414e2e87a3ea99d4dcb5e9744d671ed273",
    ),
    (
        "0015_journal_sync.sql",
        "c5c12da3ab0141a343402a4f37a65e2cdcee9be3c40f434b7fbc9b092c2debb5",
    ),
    (
        "0016_search_words.sql",
        "ec1ed2aed89cc2dbba1413e69c1a7db8d87a4965d74eef035d38232ab192e3b4",
    ),
    (
        "0017_dates.sql",
        "bb7074dd6e30502a62a1801e1911cd5fe36a0a267bf5fffc402e317266a32a8c",
    ),
    (
        "0018_card_note.sql",
        "98f6a4bc54c42b895678b0a891bb02382c2b5d3a75c27e3fc34f4d7b0139a8a5",
    ),
    (
        "0019_mail.sql",
        "93e069c831788acc3492c0e828c0cc4a9d6e4ceebc86b1df666b91dc4307ea6c",
    ),
    (
        "0020_mail_accounts.sql",
        "f012098d4edca31b6eed491f91ad40b00cfe9b11ce333f8892211a2effee7ee3",
    ),
    (
        "0021_mail_pending.sql",
        "3602ce12614c5a64826c5a5f8809536912d5be009be8e73657b2531291d39a8a",
    ),
    (
        "0022_meetings.sql",
        "bd9439eabaddf6484ced110e53fab8b3202b1df0ac30f34b76e06dae8a14175e",
    ),
    (
        "0023_meeting_calendars.sql",
        "d818d27059ada640f40643805b6334f5882f1f2fe5e0b989367df28fcce1ea5d",
    ),
    (
        "0024_meetings_ahead.sql",
        "2ab452b197c58e9bbf4d5e5f4265c419522884d12ba0384dcd716eb450aca126",
    ),
    (
        "0025_plan_list.sql",
        "5cea54deb3f3f13ca55e9c17da41f0a047ce0bc93abfdbeb112526289368b811",
    ),
    (
        "0026_chat_waiting.sql",
        "8773125bae5c3c24aa1c996368504f326ae625c10da629ae0a209b4b39174be2",
    ),
    (
        "0027_links.sql",
        "938cc4aee4e72996c104639145456520f343c53232d88394c2ece4ba001a466b",
    ),
    (
        "0028_derived_links.sql",
        "c24969929de0b5ef75fe5459792046ff52bacef40f5c11e0116eed4ccc808fda",
    ),
    (
        "0029_link_suggestions.sql",
        "0804150c9adaea5b99099a39a485f4fc357e68f5ba4d91dd3c32d9828ed6da9a",
    ),
    (
        "0030_link_pending.sql",
        "f6b09bf07b9dfa27fb999ae29a9084de55778ee8c95d40fa88155c2cd13109b3",
    ),
    (
        "0031_link_pending_uid.sql",
        "dd0b8f54143dc358b5e8a8534f1fb8e1e4ee4995104fa2651205f91281924497",
    ),
    (
        "0032_my_ties.sql",
        "1fd8b6743f96635e37ab9593800fdc39efe3037bd3f626c43c9d609dc9d4795b",
    ),
    (
        "0033_introduced_by_you.sql",
        "137bc0e8b9c148ed4ede6b67800128264feda7c4cf89707fc41494d27d40de2c",
    ),
    (
        "0034_link_covering.sql",
        "83280b037af61456d32e7d7cebf055c911fda71dc490deab53f693008cae3863",
    ),
    (
        "0035_linkedin_keys.sql",
        "24241342fe9acdae84830e695b459f2910305df19ee9c331ffcb6ad51604dc0a",
    ),
    (
        "0036_person_photos.sql",
        "82f004502d466cb6ade25203cdcf3ae192700bda382e6165ef0b07590a35a92e",
    ),
    (
        "0037_photo_source.sql",
        "741e3b8382ca9cb096973753fa3dde1ffe00be1851e56eed9992b86d8643e169",
    ),
    (
        "0038_mail_first_source.sql",
        "091e76abb49254de0313d884a6174ae930c424f43c950b050e12f940f400d33c",
    ),
    (
        "0039_touch_latest.sql",
        "3444dd2df9676d64484dd49d453cb5414073946ed2faf2995fb50a326f3e3b06",
    ),
];

#[test]
fn released_migrations_are_never_edited() {
    let released = RELEASES.last().unwrap().1;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    files.sort();
    let known: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        files, known,
        "every migration file is listed here, in order"
    );
    assert_eq!(
        files.len(),
        SCHEMA_VERSION as usize,
        "and every one is applied"
    );
    for (name, expected) in &MIGRATIONS[..released] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let actual = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(
            &actual, expected,
            "{name} changed after release; migrations are append-only: add a new one instead"
        );
    }
}

#[test]
fn a_migration_after_a_release_comes_with_a_new_version() {
    // The core takes the workspace's version, the one Cargo.toml gives.
    let cargo = env!("CARGO_PKG_VERSION");
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tauri.conf.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        conf["version"], cargo,
        "tauri.conf.json and Cargo.toml give one version"
    );
    let number = |v: &str| -> Vec<u64> { v.split('.').map(|n| n.parse().unwrap()).collect() };
    let mut last = (Vec::new(), 0);
    for (release, shipped) in RELEASES {
        assert!(
            number(release) > last.0 && *shipped >= last.1,
            "releases are listed in order: {release}"
        );
        last = (number(release), *shipped);
    }
    let (newest, shipped) = RELEASES.last().unwrap();
    assert!(
        number(cargo) >= number(newest),
        "{cargo} is older than {newest}"
    );
    assert!(
        cargo != *newest || MIGRATIONS.len() == *shipped,
        "{} migration(s) since {newest}, still at version {cargo}: a new schema is a new version",
        MIGRATIONS.len() - shipped
    );
}

#[test]
fn a_database_from_the_first_release_opens_with_everything_in_it() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-release-schema-1.db");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    std::fs::copy(&fixture, &db).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    store.integrity_check().unwrap();
    assert!(store.check().unwrap().healthy());

    let ada = store.resolve_person("Ada Lovelace").unwrap();
    let person = store.person(ada).unwrap();
    assert_eq!(person.company.as_deref(), Some("Analytical Engines"));
    let keys: Vec<&str> = person
        .identities
        .iter()
        .map(|i| i.normalized.as_str())
        .collect();
    // The phone keys were re-derived by today's rule on the way up.
    assert_eq!(keys, ["ada@example.org", "+442079460000"]);
    assert_eq!(store.touches(ada).unwrap().len(), 2);
    let follow_ups = store.follow_ups(FollowUpFilter::OfPerson(ada)).unwrap();
    assert_eq!(follow_ups[0].what, "Ask how the launch went");
    assert_eq!(store.people("difference engine", 0, 10).unwrap().total, 1);
    assert_eq!(store.people("núñez", 0, 10).unwrap().total, 1);
    // The name words of search were filled on the way up: a name prefix
    // finds the person in the first tier.
    let page = store.people("lov", 0, 10).unwrap();
    assert_eq!(page.people[0].display_name, "Ada Lovelace");
    assert!(store.check().unwrap().healthy());
    assert!(store.settings().unwrap().onboarded);

    // The file as it was is kept as a backup taken before the upgrade.
    let backups = store.backups().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, BackupKind::BeforeMigration);
    assert_eq!(backups[0].people, Some(3));
}

/// A new file with the first `version` migrations' SQL run on it (the
/// Rust steps, which re-derive rows, have nothing to do on an empty one).
fn schema_at(db: &Path, version: usize) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for (name, _) in &MIGRATIONS[..version] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let sql = std::fs::read_to_string(dir.join(name)).unwrap();
        conn.execute_batch(&sql).unwrap();
    }
    conn
}

#[test]
fn what_sync_knew_survives_the_rebuild_of_its_collections() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        // A database as schema 14 left it, syncing people.
        let conn = schema_at(&db, 14);
        conn.execute_batch(
            "INSERT INTO sync_account (id, url, user, added_at) VALUES (1, 'https://dav.example.org/', 'ada', 0);
             INSERT INTO sync_collection (name, href, token) VALUES ('people', '/ada/kith/', 'token-1');
             INSERT INTO sync_item (collection, uid, href, etag, base, remote)
                 VALUES ('people', 'u1', '/ada/kith/u1.vcf', '\"1\"', '{}', 'BEGIN:VCARD');
             INSERT INTO sync_item (collection, uid, href, etag, base, remote)
                 VALUES ('people', 'u2', '/ada/kith/u2.vcf', '\"2\"', '{}',
                         'BEGIN:VCARD' || char(13, 10) || 'NOTE:Likes sailing' || char(13, 10) || 'END:VCARD');
             PRAGMA user_version = 14;
             PRAGMA application_id = 1263096904;",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let items = store.sync_items("people").unwrap();
    assert_eq!(items.len(), 2);
    // Since notes cross (0018), the address book is listed whole once and
    // each card whose copy holds a NOTE is fetched again: its ETag is
    // forgotten, the others' kept.
    assert_eq!(
        store.sync_collection("people").unwrap(),
        Some(("/ada/kith/".to_owned(), None))
    );
    let etag = |uid: &str| items.iter().find(|i| i.uid == uid).unwrap().etag.clone();
    assert_eq!(etag("u1").as_deref(), Some("\"1\""));
    assert_eq!(etag("u2"), None);
    store
        .set_sync_collection("events", "/ada/kith-events/", None)
        .unwrap();
    assert!(store.check().unwrap().healthy());
}

#[test]
fn linkedin_profiles_are_keyed_decoded_on_the_way_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        // A database as schema 34 left it: one person's profile stored with
        // its escapes, another's twice (escaped and not).
        let conn = schema_at(&db, 34);
        conn.execute_batch(
            "INSERT INTO person (id, display_name, created_at, updated_at) VALUES (1, 'Z. O.', 0, 0);
             INSERT INTO person (id, display_name, created_at, updated_at) VALUES (2, 'Jörg Müller', 0, 0);
             INSERT INTO identity (person_id, kind, value, normalized) VALUES
                 (1, 'linkedin', 'https://www.linkedin.com/in/zo%C3%AB-%C3%B8deg%C3%A5rd-12ab34/', 'zo%c3%ab-%c3%b8deg%c3%a5rd-12ab34'),
                 (2, 'linkedin', 'linkedin.com/in/j%C3%B6rg-m%C3%BCller', 'j%c3%b6rg-m%c3%bcller'),
                 (2, 'linkedin', 'linkedin.com/in/jörg-müller', 'jörg-müller');
             PRAGMA user_version = 34;
             PRAGMA application_id = 1263096904;",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let linkedin = |id: i64| -> Vec<(String, String)> {
        store
            .person(kith_core::domain::PersonId(id))
            .unwrap()
            .identities
            .into_iter()
            .map(|i| (i.value, i.normalized))
            .collect()
    };
    assert_eq!(
        linkedin(1),
        [(
            "https://www.linkedin.com/in/zoë-ødegård-12ab34/".to_owned(),
            "zoë-ødegård-12ab34".to_owned()
        )]
    );
    assert_eq!(linkedin(2).len(), 1, "one profile, once: {:?}", linkedin(2));
    assert_eq!(linkedin(2)[0].1, "jörg-müller");
    // The changed person's search row holds the decoded URL.
    assert_eq!(store.people("ødegård", 0, 10).unwrap().total, 1);
    assert!(store.check().unwrap().healthy());
}

#[test]
fn mail_read_from_two_sources_keeps_both_when_each_message_keeps_its_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        // A database as schema 37 left it: one message read from an
        // account and an mbox file, one from the account only.
        let conn = schema_at(&db, 37);
        conn.execute_batch(
            "INSERT INTO mail_message (key, thread, at, day, direction) VALUES
                 ('a@x', 'a@x', 0, '2026-03-01', 'out'),
                 ('b@x', 'a@x', 60, '2026-03-01', 'in');
             INSERT INTO mail_seen (message, source) VALUES
                 ('a@x', 'account:1'), ('a@x', 'mbox'), ('b@x', 'account:1');
             PRAGMA user_version = 37;
             PRAGMA application_id = 1263096904;",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows = |sql: &str| -> Vec<(String, String)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    assert_eq!(
        rows("SELECT key, source FROM mail_message ORDER BY key"),
        [
            ("a@x".to_owned(), "account:1".to_owned()),
            ("b@x".to_owned(), "account:1".to_owned())
        ]
    );
    assert_eq!(
        rows("SELECT message, source FROM mail_seen"),
        [("a@x".to_owned(), "mbox".to_owned())]
    );
    // Forgetting the account keeps what the file showed too.
    store.forget_mail("account:1", chrono::Utc::now()).unwrap();
    assert_eq!(
        rows("SELECT key, source FROM mail_message"),
        [("a@x".to_owned(), "mbox".to_owned())]
    );
    assert!(rows("SELECT message, source FROM mail_seen").is_empty());
}
