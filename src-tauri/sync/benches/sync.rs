//! Syncing people and their touches with a real Radicale on loopback: the
//! first sync of a full database (every card and journal entry created), a
//! second computer's first sync (everything received), a sync with nothing
//! to do, and one with a few changes; the peak memory of this process.
//! Radicale's time per write grows with the size of the collection (it
//! reads the collection to check the UID is free), so the full run uses
//! 1,000 people and 10,000 touches by default (`KITH_BENCH_PEOPLE`);
//! Kith's own share at 10,000 people and 100,000 touches — listing and
//! writing every item — is measured without the server
//! (`KITH_BENCH_SCALE_PEOPLE`). Writes its figures to
//! `target/bench/sync.json`; run with `cargo bench -p kith-sync` (needs
//! Debian's `python3-radicale`).

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use kith_core::domain::{
    Channel, Direction, Identity, IdentityKind, PersonBundle, PersonDraft, TouchKind, TouchSpec,
};
use kith_core::Store;
use kith_sync::card::{Card, VCard};
use kith_sync::journal::{Entry, VJournal};
use kith_sync::Control;

fn count(variable: &str, default: usize) -> usize {
    std::env::var(variable)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
const TOUCHES_PER_PERSON: usize = 10;
const PASSWORD: &str = "bench";

/// This process's peak resident memory, in MiB (Linux's `VmHWM`).
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// This process's CPU time so far (user and system), in seconds: Kith's
/// own share of a sync, apart from the server's.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks
    // (100 a second on Linux).
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks / 100.0
}

fn current_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// A network of `people`, each with ten touches.
fn network(store: &Store, people: usize, t0: chrono::DateTime<Utc>) {
    let bundles: Vec<PersonBundle> = (0..people)
        .map(|i| {
            PersonBundle::new(
                PersonDraft::named(&format!("Person {i:05}"))
                    .unwrap()
                    .with_company(Some(&format!("Company {}", i % 97)))
                    .unwrap()
                    .with_tags(&["Work"])
                    .unwrap()
                    .with_identity(
                        Identity::new(IdentityKind::Email, &format!("p{i}@example.org")).unwrap(),
                    ),
                (0..TOUCHES_PER_PERSON)
                    .map(|k| TouchSpec {
                        kind: TouchKind::Message,
                        channel: Channel::Email,
                        direction: Direction::Out,
                        at: t0 + chrono::Duration::days(k as i64),
                        summary: Some("caught up".into()),
                    })
                    .collect(),
            )
        })
        .collect();
    store.add_people(&bundles, chrono_tz::UTC, t0).unwrap();
}

/// Kith's share of a first sync of `people` and their touches, without a
/// server: listing every item for sync and writing each as the server
/// would receive it. Seconds, and the bytes written.
fn kith_share(people: usize, t0: chrono::DateTime<Utc>) -> (f64, f64, usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("scale.db")).unwrap();
    network(&store, people, t0);
    let started = Instant::now();
    let cards = store.people_for_sync().unwrap();
    let entries = store.journal_for_sync().unwrap();
    let listed = started.elapsed().as_secs_f64();
    let mut bytes = 0;
    for p in &cards {
        bytes += VCard::new(&p.uid, &Card::of(p), t0).to_text().len();
    }
    for e in &entries {
        bytes += VJournal::new(
            &e.uid,
            &Entry::of(e),
            std::slice::from_ref(&e.person_name),
            t0,
        )
        .to_text()
        .len();
    }
    (listed, started.elapsed().as_secs_f64(), bytes)
}

fn main() {
    let people = count("KITH_BENCH_PEOPLE", 1_000);
    let scale = count("KITH_BENCH_SCALE_PEOPLE", 10_000);
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let (scale_listed, scale_written, scale_bytes) = kith_share(scale, t0);
    let peak_at_scale = peak_mib().unwrap_or_default();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(dir.path().join("users"), format!("bench:{PASSWORD}\n")).unwrap();
    std::fs::write(
        dir.path().join("config"),
        format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\n[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
            dir.path().join("users").display(),
            dir.path().join("collections").display()
        ),
    )
    .unwrap();
    let mut radicale = Command::new("/usr/bin/python3")
        .args(["-m", "radicale", "--config"])
        .arg(dir.path().join("config"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Radicale (python3-radicale)");
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("http://127.0.0.1:{port}/");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let a = Store::open(&dir.path().join("a.db")).unwrap();
    network(&a, people, t0);
    let items = people * (1 + TOUCHES_PER_PERSON);
    let before = current_mib().unwrap_or_default();

    runtime
        .block_on(kith_sync::add(&a, &url, "bench", PASSWORD, None, None, t0))
        .unwrap();
    let sync = |store: &Store| {
        let started = Instant::now();
        let cpu = cpu_s();
        let report = runtime
            .block_on(kith_sync::sync_now(
                store,
                Some(PASSWORD),
                false,
                &Control::default(),
                Utc::now(),
            ))
            .unwrap();
        (started.elapsed().as_secs_f64(), report, cpu_s() - cpu)
    };
    let (first, first_report, first_cpu) = sync(&a);
    assert_eq!(first_report.pushed, items);
    let peak_after_first = peak_mib().unwrap_or_default();
    let (nothing, nothing_report, _) = sync(&a);
    assert_eq!(nothing_report, kith_sync::Report::default());

    let b = Store::open(&dir.path().join("b.db")).unwrap();
    runtime
        .block_on(kith_sync::add(&b, &url, "bench", PASSWORD, None, None, t0))
        .unwrap();
    let (receive, receive_report, receive_cpu) = sync(&b);
    assert_eq!(receive_report.pulled, items);

    for i in 0..20 {
        let id = a
            .resolve_person(&format!("Person {:05}", i * people / 20))
            .unwrap();
        a.edit_person(id, Utc::now(), |d, _| d.with_role(Some("Changed")))
            .unwrap();
    }
    let (twenty, twenty_report, _) = sync(&a);
    assert_eq!(twenty_report.pushed, 20);
    let (twenty_in, twenty_in_report, _) = sync(&b);
    assert_eq!(twenty_in_report.pulled, 20);
    let peak = peak_mib().unwrap_or_default();
    let _ = radicale.kill();
    let _ = radicale.wait();

    let figures = serde_json::json!({
        "people": people,
        "touches": people * TOUCHES_PER_PERSON,
        "server": "Radicale (Debian python3-radicale) on 127.0.0.1",
        "first_sync_items_per_s": items as f64 / first,
        "first_sync_sending_all_s": first,
        "first_sync_sending_all_kith_cpu_s": first_cpu,
        "first_sync_receiving_all_s": receive,
        "first_sync_receiving_all_kith_cpu_s": receive_cpu,
        "sync_with_nothing_to_do_ms": nothing * 1000.0,
        "sync_sending_20_changes_ms": twenty * 1000.0,
        "sync_receiving_20_changes_ms": twenty_in * 1000.0,
        "rss_before_sync_mib": before,
        "peak_rss_after_first_sync_mib": peak_after_first,
        "peak_rss_mib": peak,
        "kith_share_at_scale": {
            "people": scale,
            "touches": scale * TOUCHES_PER_PERSON,
            "listing_every_item_s": scale_listed,
            "listing_and_writing_every_item_s": scale_written,
            "bytes_written": scale_bytes,
            "peak_rss_mib": peak_at_scale,
        },
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("sync.json"),
        serde_json::to_string_pretty(&figures).unwrap(),
    )
    .unwrap();
    println!("{}", serde_json::to_string_pretty(&figures).unwrap());
}
