//! Killing Kith while it turns encryption on or off: whenever the SIGKILL
//! lands, one good file is left — the plain one or the encrypted one —
//! holding everyone.
//!
//! The test re-runs its own binary as the child that converts the file
//! back and forth, and kills it after a delay that moves through two
//! round trips, measured first on this machine.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use kith_core::crypt::{self, DbKey};
use kith_core::domain::{PersonBundle, PersonDraft, TouchKind, TouchSpec};
use kith_core::{Channel, Direction, Store};

const CHILD_DB: &str = "KITH_CONVERT_CHILD_DB";
const CHILD_KEY: &str = "KITH_CONVERT_CHILD_KEY";
const PEOPLE: usize = 2_000;

#[test]
#[ignore = "the child process of the test below"]
fn convert_child() {
    let (Ok(db), Ok(key)) = (std::env::var(CHILD_DB), std::env::var(CHILD_KEY)) else {
        return;
    };
    let key = DbKey::from_hex(&key).unwrap();
    crypt::remember(&key);
    let store = Store::open(Path::new(&db)).unwrap();
    loop {
        let target = if store.is_encrypted().unwrap() {
            None
        } else {
            Some(&key)
        };
        store.convert_encryption(target).unwrap();
    }
}

#[test]
fn a_conversion_killed_at_any_moment_leaves_one_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    {
        let store = Store::open(&db).unwrap();
        let bundles: Vec<PersonBundle> = (0..PEOPLE)
            .map(|i| {
                PersonBundle::new(
                    PersonDraft::named(&format!("Person {i:04}")).unwrap(),
                    vec![TouchSpec {
                        kind: TouchKind::Call,
                        channel: Channel::Phone,
                        direction: Direction::Mutual,
                        at: t0,
                        summary: Some(format!("Call with person {i}")),
                    }],
                )
            })
            .collect();
        store.add_people(&bundles, chrono_tz::UTC, t0).unwrap();
    }
    let key = DbKey::random().unwrap();
    crypt::remember(&key);
    // How long a conversion there and back takes on this machine, so the
    // kills spread over two round trips however fast or busy it is.
    let round_trip = {
        let store = Store::open(&db).unwrap();
        let started = Instant::now();
        store.convert_encryption(Some(&key)).unwrap();
        store.convert_encryption(None).unwrap();
        started.elapsed()
    };
    let mut seen = [0usize; 2];
    for round in 0..12u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "convert_child", "--ignored", "--nocapture"])
            .env(CHILD_DB, &db)
            .env(CHILD_KEY, key.to_hex())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // From a few milliseconds (opening) to the second round trip's end.
        let delay = Duration::from_millis(15) + round_trip.mul_f64(2.0 * round as f64 / 11.0);
        let started = Instant::now();
        while started.elapsed() < delay {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the child stopped by itself"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let store = Store::open(&db).expect("one good file after the kill");
        seen[usize::from(store.is_encrypted().unwrap())] += 1;
        assert_eq!(store.people_count().unwrap(), PEOPLE as u64);
        assert_eq!(store.people("person 1234", 0, 5).unwrap().total, 1);
        assert!(store.check().unwrap().healthy());
    }
    eprintln!("left plain {} times, encrypted {} times", seen[0], seen[1]);
    assert!(
        seen[1] > 0,
        "no kill landed after a conversion to encrypted"
    );
}
