//! What encryption at rest costs: importing 10,000 people with 100,000
//! touches, searching them and opening the database, plain and encrypted
//! (SQLCipher, raw 256-bit key), and converting the full database. Writes
//! its figures to `target/bench/encryption.json`; run with
//! `cargo bench -p kith-core --bench encryption`.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::crypt::DbKey;
use kith_core::domain::{
    Channel, Direction, Identity, IdentityKind, PersonBundle, PersonDraft, TouchKind, TouchSpec,
};
use kith_core::Store;

const PEOPLE: usize = 10_000;
const TOUCHES_PER_PERSON: usize = 10;
const RUNS: usize = 15;

fn bundles() -> Vec<PersonBundle> {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    (0..PEOPLE)
        .map(|i| {
            PersonBundle::new(
                PersonDraft::named(&format!("Person {i:05} Lovelace"))
                    .unwrap()
                    .with_company(Some(&format!("Company {}", i % 97)))
                    .unwrap()
                    .with_identity(
                        Identity::new(IdentityKind::Email, &format!("p{i}@example.org")).unwrap(),
                    ),
                (0..TOUCHES_PER_PERSON)
                    .map(|k| {
                        TouchSpec::new(
                            TouchKind::Message,
                            Channel::Email,
                            Direction::Out,
                            t0 + chrono::Duration::days(k as i64),
                            Some("talked about the Berlin offsite"),
                        )
                        .unwrap()
                    })
                    .collect(),
            )
        })
        .collect()
}

fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// Import, search and opening figures for a database at `db`, encrypted
/// first with `key` when given.
fn measure(db: &Path, key: Option<&DbKey>) -> serde_json::Value {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let store = Store::open(db).unwrap();
    if let Some(key) = key {
        store.convert_encryption(Some(key)).unwrap();
    }
    let people = bundles();
    let started = Instant::now();
    for batch in people.chunks(1_000) {
        store.add_people(batch, Tz::UTC, t0).unwrap();
    }
    let import_s = started.elapsed().as_secs_f64();
    let mut search = serde_json::Map::new();
    for query in ["lovelace 4242", "p123@example.org", "berlin", "zzzz"] {
        let samples = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                store.people(query, 0, 100).unwrap();
                start.elapsed()
            })
            .collect();
        search.insert(query.to_owned(), median_ms(samples).into());
    }
    drop(store);
    let open_samples = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let store = Store::open(db).unwrap();
            store.people("", 0, 100).unwrap();
            start.elapsed()
        })
        .collect();
    serde_json::json!({
        "import_s": import_s,
        "search_median_ms": search,
        "open_and_first_page_median_ms": median_ms(open_samples),
        "file_bytes": std::fs::metadata(db).unwrap().len(),
    })
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::random().unwrap();
    let plain = measure(&dir.path().join("plain.db"), None);
    let encrypted = measure(&dir.path().join("encrypted.db"), Some(&key));

    // Converting the full plain database, there and back.
    let store = Store::open(&dir.path().join("plain.db")).unwrap();
    let start = Instant::now();
    store.convert_encryption(Some(&key)).unwrap();
    let enable_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    store.convert_encryption(None).unwrap();
    let disable_s = start.elapsed().as_secs_f64();

    let ratio = |a: &serde_json::Value, b: &serde_json::Value| {
        b.as_f64().unwrap_or(0.0) / a.as_f64().unwrap_or(1.0)
    };
    let figures = serde_json::json!({
        "people": PEOPLE,
        "touches": PEOPLE * TOUCHES_PER_PERSON,
        "plain": plain,
        "encrypted": encrypted,
        "encrypted_over_plain": {
            "import": ratio(&plain["import_s"], &encrypted["import_s"]),
            "open_and_first_page": ratio(
                &plain["open_and_first_page_median_ms"],
                &encrypted["open_and_first_page_median_ms"]
            ),
            "search_berlin": ratio(
                &plain["search_median_ms"]["berlin"],
                &encrypted["search_median_ms"]["berlin"]
            ),
            "search_lovelace_4242": ratio(
                &plain["search_median_ms"]["lovelace 4242"],
                &encrypted["search_median_ms"]["lovelace 4242"]
            ),
        },
        "enable_full_database_s": enable_s,
        "disable_full_database_s": disable_s,
    });
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    let text = serde_json::to_string_pretty(&figures).unwrap();
    std::fs::write(out.join("encryption.json"), &text).unwrap();
    println!("{text}");
}
