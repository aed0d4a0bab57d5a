//! Killing Kith at random points of the fire path, many times: an
//! occurrence is never shown twice, and every occurrence that was claimed
//! but never shown is still due in Today.
//!
//! The test re-runs its own binary as the child that fires reminders (a
//! scheduler stepping in a tight loop, "showing" each reminder by appending
//! it to a file), and kills it (SIGKILL; TerminateProcess on Windows) once
//! it has started, after a random delay.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use chrono_tz::Tz;
use kith_core::domain::{FollowUpDraft, PersonDraft};
use kith_core::notify::{Notifier, NotifyError, Reminder};
use kith_core::scheduler::Scheduler;
use kith_core::store::{FollowUpFilter, Settings};
use kith_core::when::{LocalIntent, Zone};
use kith_core::{Store, SystemClock};

const CHILD_DB: &str = "KITH_CRASH_CHILD_DB";
const CHILD_LOG: &str = "KITH_CRASH_CHILD_LOG";
const TEST_NAME: &str = "killing_the_fire_path_never_shows_an_occurrence_twice";

/// "Shows" a reminder by appending its occurrences to a file, synced, as
/// the point of no return a real notification is.
struct FileNotifier(std::path::PathBuf);

impl Notifier for FileNotifier {
    fn show(&self, reminder: &Reminder) -> Result<(), NotifyError> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.0)
            .map_err(|e| NotifyError(e.to_string()))?;
        let mut lines = String::new();
        for occurrence in reminder.occurrences() {
            lines.push_str(&format!(
                "{} {}\n",
                match occurrence.subject {
                    kith_core::store::Subject::FollowUp(id) => id.0,
                    kith_core::store::Subject::KeepInTouch { .. }
                    | kith_core::store::Subject::Date { .. } => -occurrence.person.0,
                },
                occurrence.due_at.timestamp()
            ));
        }
        file.write_all(lines.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| NotifyError(e.to_string()))
    }

    fn damaged(&self, what: &str) {
        panic!("the database was reported damaged: {what}");
    }
}

fn child(db: &Path, log: &Path) -> ! {
    let store = Arc::new(Store::open(db).expect("the child opens the database"));
    let scheduler = Scheduler::new(
        store,
        Arc::new(SystemClock),
        Arc::new(FileNotifier(log.to_owned())),
    );
    loop {
        // Errors (a busy database while the parent reads) are retried.
        let _ = scheduler.tick();
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The slowest of three starts of this test binary running no test.
fn start_up(exe: &Path) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let status = Command::new(exe)
                .args(["--exact", "no such test"])
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
            started.elapsed()
        })
        .max()
        .unwrap()
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn killing_the_fire_path_never_shows_an_occurrence_twice() {
    if let (Some(db), Some(log)) = (std::env::var_os(CHILD_DB), std::env::var_os(CHILD_LOG)) {
        child(Path::new(&db), Path::new(&log));
    }

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let log = dir.path().join("shown.log");
    let store = Store::open(&db).unwrap();
    store
        .save_settings(&Settings {
            quiet_hours: None,
            ..Settings::default()
        })
        .unwrap();
    let now = Utc::now();
    let ada = store
        .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), now)
        .unwrap();
    // 600 follow-ups falling due over six seconds: the child is almost
    // always claiming or showing something.
    let count = 600;
    let mut created = HashSet::new();
    for i in 0..count {
        let at = now + chrono::Duration::milliseconds(i * 10);
        let due = LocalIntent::at_instant(at, Zone::Fixed(Tz::UTC), Tz::UTC);
        let draft = FollowUpDraft::new(ada, &format!("item {i}"), due, None).unwrap();
        let id = store.create_follow_up(&draft, Tz::UTC, now).unwrap();
        created.insert(format!("{} {}", id.0, at.timestamp()));
    }
    drop(store);

    let exe = std::env::current_exe().unwrap();
    // Every kill lands after the child has started, however slowly this
    // system starts a process (Windows takes many times Linux's time).
    let start_up = start_up(&exe);
    let mut rng = Rng(0xdead_beef);
    let started = Instant::now();
    let mut kills = 0;
    // Nine seconds and more than fifty kills, whichever is later.
    while started.elapsed() < Duration::from_secs(9) || kills <= 50 {
        let mut child = Command::new(&exe)
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, &db)
            .env(CHILD_LOG, &log)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(start_up + Duration::from_millis(5 + rng.below(60)));
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
    }

    // No occurrence was shown twice (a torn last line is not a showing).
    let shown_text = std::fs::read_to_string(&log).unwrap_or_default();
    let mut shown = HashSet::new();
    for line in shown_text.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.parse::<i64>().is_err()) {
            continue;
        }
        assert!(shown.insert(line.to_owned()), "shown twice: {line}");
        assert!(created.contains(line), "shown but never created: {line}");
    }

    // Every due occurrence that never showed is still due in Today.
    let store = Store::open(&db).unwrap();
    store.integrity_check().unwrap();
    let all_due = (Utc::now() - now).num_milliseconds() / 10;
    assert!(all_due >= count, "the run outlasted every due time");
    // Today holds every one-off, shown or claimed or neither, each at the
    // time it was created for: a kill between the claim and the showing
    // loses the notification, never the follow-up.
    let due_now: HashSet<String> = store
        .follow_ups(FollowUpFilter::DueBy(Utc::now()))
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f.id.0, f.due_at.timestamp()))
        .collect();
    let unshown = created.difference(&shown).count();
    assert_eq!(
        due_now, created,
        "every one-off stays due until done ({unshown} never shown)"
    );
    assert!(!shown.is_empty(), "some reminders were shown between kills");
}
