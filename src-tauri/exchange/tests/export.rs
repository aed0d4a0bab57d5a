//! Exports and their round trips, on real database files.

use std::path::Path;

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use kith_core::domain::{FollowUpDraft, IdentityKind, PersonDraft};
use kith_core::when::{parse_time, Zone};
use kith_core::{Person, Repeat, Store};
use kith_exchange::export::{export, neutralise, ExportFormat, VcardVersion};
use kith_exchange::{import, ImportOptions};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn open(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

/// A database with a bit of everything: imports, the sample network, a
/// hostile name, follow-ups with a repeat and a topic.
fn full(dir: &Path) -> Store {
    let store = open(dir, "source.db");
    store.load_sample(Berlin, now()).unwrap();
    for file in [
        "linkedin",
        "google-current.csv",
        "vcard30.vcf",
        "vcard40.vcf",
        "facebook-friends.json",
    ] {
        import(&store, &fixture(file), &ImportOptions::default(), now()).unwrap();
    }
    let ada = store.resolve_person("Ada Lovelace").unwrap();
    let topic = store
        .add_topic(ada, "the analytical engine", now())
        .unwrap();
    let due = parse_time("2026-03-02 09:00", Zone::Fixed(Berlin), Berlin).unwrap();
    let draft = FollowUpDraft::new(
        ada,
        "Ask about the engine",
        due,
        Some(Repeat::parse("2w").unwrap()),
    )
    .unwrap()
    .with_topic(Some(topic));
    store.create_follow_up(&draft, Berlin, now()).unwrap();
    store.set_tag_cadence("Inner circle", Some(14)).unwrap();
    let started = chrono::NaiveDate::from_ymd_opt(2019, 3, 1).unwrap();
    store
        .add_date(ada, "Started at Northwind", started, true, now())
        .unwrap();
    let kenji = store.resolve_person("Kenji Sato").unwrap();
    store.set_deceased(kenji, true, now()).unwrap();
    store
}

fn exported(store: &Store, format: ExportFormat) -> String {
    let mut out = Vec::new();
    export(store, format, None, &mut out, now(), Berlin).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_export_restores_into_an_empty_database_and_exports_identically() {
    let dir = tempfile::tempdir().unwrap();
    let source = full(dir.path());
    let first = exported(&source, ExportFormat::Json);
    let file = dir.path().join("kith-export.json");
    std::fs::write(&file, &first).unwrap();

    let target = open(dir.path(), "target.db");
    let preview = import(
        &target,
        &file,
        &ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
        now(),
    )
    .unwrap();
    assert_eq!(preview.report.new, source.people_count().unwrap());
    assert_eq!(target.people_count().unwrap(), 0);
    let summary = import(&target, &file, &ImportOptions::default(), now()).unwrap();
    assert_eq!(summary.report.new, source.people_count().unwrap());
    let second = exported(&target, ExportFormat::Json);
    assert_eq!(
        first, second,
        "export → import → export gives the same JSON"
    );
    // The restored database works: search, stages, follow-ups with topics.
    assert_eq!(target.people("lovelace", 0, 5).unwrap().total, 1);
    assert!(first.contains("\"format\": \"kith-export\""));
    target.integrity_check().unwrap();
    // It never restores over people.
    let again = import(&target, &file, &ImportOptions::default(), now()).unwrap_err();
    assert!(again.to_string().contains("empty database"), "{again}");
}

type Shape = (
    String,
    Option<String>,
    Option<String>,
    Vec<(&'static str, String)>,
    (Option<String>, Option<String>),
    Vec<String>,
    Vec<String>,
);

fn shape(p: &Person) -> Shape {
    let mut ids: Vec<(&'static str, String)> = p
        .identities
        .iter()
        .map(|i| (i.kind.as_str(), i.normalized.clone()))
        .collect();
    ids.sort();
    let mut tags = p.tags.clone();
    tags.sort();
    (
        p.display_name.clone(),
        p.company.clone(),
        p.role.clone(),
        ids,
        (
            p.birthday.map(|b| b.to_text()),
            p.anniversary.map(|b| b.to_text()),
        ),
        tags,
        p.notes.iter().map(|n| n.body.clone()).collect(),
    )
}

#[test]
fn vcard_export_reads_back_through_the_importer_in_both_versions() {
    for version in [VcardVersion::V3, VcardVersion::V4] {
        let dir = tempfile::tempdir().unwrap();
        let source = full(dir.path());
        let hostile = PersonDraft::named("Semi; Colon, \"Quote\" \\ Back")
            .unwrap()
            .with_company(Some("Line\nBreak & Co"))
            .unwrap();
        source.create_person(&hostile, now()).unwrap();
        let text = exported(&source, ExportFormat::Vcard(version));
        assert!(text.lines().all(|l| l.len() <= 76), "lines are folded");
        let cards = text.matches("BEGIN:VCARD").count();
        // Every card has its structured name, as 3.0 requires.
        assert_eq!(text.lines().filter(|l| l.starts_with("N:")).count(), cards);
        let version_line = match version {
            VcardVersion::V3 => "VERSION:3.0",
            VcardVersion::V4 => "VERSION:4.0",
        };
        assert_eq!(text.matches(version_line).count(), cards, "{version:?}");
        let file = dir.path().join("people.vcf");
        std::fs::write(&file, &text).unwrap();
        let target = open(dir.path(), "target.db");
        let report = import(&target, &file, &ImportOptions::default(), now())
            .unwrap()
            .report;
        assert_eq!(report.new, source.people_count().unwrap());
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        let mut before: Vec<_> = source
            .person_ids()
            .unwrap()
            .into_iter()
            .map(|id| shape(&source.person(id).unwrap()))
            .collect();
        let mut after: Vec<_> = target
            .person_ids()
            .unwrap()
            .into_iter()
            .map(|id| shape(&target.person(id).unwrap()))
            .collect();
        before.sort();
        after.sort();
        assert_eq!(before, after, "{version:?}");
        // Importing the export again matches everyone.
        let again = import(&target, &file, &ImportOptions::default(), now())
            .unwrap()
            .report;
        assert_eq!(again.new, 0);
    }
}

#[test]
fn csv_export_neutralises_formulas_and_lists_stage_and_last_touch() {
    let dir = tempfile::tempdir().unwrap();
    let store = full(dir.path());
    let evil = [
        "=HYPERLINK(\"http://x\")",
        "+1 attack",
        "-2",
        "@SUM(A1)",
        "\tTab",
        "\rReturn",
    ];
    for (i, company) in evil.iter().enumerate() {
        let draft = PersonDraft::named(&format!("Evil {i}")).unwrap();
        // Kith trims what is typed or imported, so a leading tab or carriage
        // return never comes through a draft; a file written by another
        // tool (or an older Kith) can still hold one, so those two are
        // written straight into the database.
        let trimmed = company.trim_start();
        let draft = draft.with_company(Some(trimmed)).unwrap();
        let id = store.create_person(&draft, now()).unwrap();
        if trimmed != *company {
            let conn = rusqlite::Connection::open(dir.path().join("source.db")).unwrap();
            let changed = conn
                .execute(
                    "UPDATE person SET company = ?1 WHERE id = ?2",
                    rusqlite::params![company, id.0],
                )
                .unwrap();
            assert_eq!(changed, 1);
        }
    }
    let text = exported(&store, ExportFormat::Csv);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "Company");
    assert_eq!(&headers[3], "Stage");
    assert_eq!(&headers[5], "Last touch");
    let mut rows = 0;
    let mut evil_companies = std::collections::BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']),
                "unsafe cell {cell:?}"
            );
        }
        if let Some(i) = record[0].strip_prefix("Evil ") {
            evil_companies.insert(i.parse::<usize>().unwrap(), record[1].to_owned());
        }
        if &record[0] == "Maya Okafor" {
            assert_eq!(&record[3], "In conversation");
            assert_eq!(&record[6], "message");
            assert_eq!(&record[5], "2025-06-01");
        }
    }
    assert_eq!(rows as u64, store.people_count().unwrap());
    // Each hostile value reaches the file whole, behind one apostrophe.
    let expected: std::collections::BTreeMap<usize, String> = evil
        .iter()
        .enumerate()
        .map(|(i, company)| (i, format!("'{company}")))
        .collect();
    assert_eq!(evil_companies, expected);
    assert_eq!(neutralise("-2"), "'-2");
    assert_eq!(neutralise("Ada"), "Ada");
}

#[test]
fn icalendar_export_has_follow_ups_with_repeats_and_alarms_and_keep_in_touch_dates() {
    let dir = tempfile::tempdir().unwrap();
    let store = full(dir.path());
    let text = exported(&store, ExportFormat::Ics);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    let unfolded = text.replace("\r\n ", "");
    // 09:00 pinned to Berlin stays 09:00 Berlin time, with Berlin's table.
    assert!(
        unfolded.contains("DTSTART;TZID=Europe/Berlin:20260302T090000"),
        "{unfolded}"
    );
    assert_eq!(
        unfolded
            .matches("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin")
            .count(),
        1
    );
    assert!(unfolded.contains("RRULE:FREQ=WEEKLY;INTERVAL=2"));
    assert!(unfolded.contains("SUMMARY:Follow up with Ada Lovelace"));
    assert!(unfolded.contains("DESCRIPTION:Ask about the analytical engine: Ask about the engine"));
    assert_eq!(
        unfolded.matches("BEGIN:VEVENT").count(),
        unfolded.matches("BEGIN:VALARM").count()
    );
    assert!(unfolded.contains("SUMMARY:Keep in touch with"));
    assert_eq!(
        unfolded.matches("BEGIN:VEVENT").count(),
        unfolded.matches("END:VEVENT").count()
    );
}

#[test]
fn what_a_damaged_database_still_holds_is_exported_as_json_and_vcard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let store = Store::open(&db).unwrap();
        for i in 0..3000 {
            let mut draft = PersonDraft::named(&format!("Person {i:05} of a long list")).unwrap();
            draft.company = Some("Analytical Engines".into());
            store.create_person(&draft, now()).unwrap();
        }
        store.checkpoint().unwrap();
    }
    let pages = std::fs::metadata(&db).unwrap().len() / 4096;
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        file.seek(SeekFrom::Start(pages / 2 * 4096)).unwrap();
        file.write_all(&[0xA5; 4096 * 2]).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let readable = kith_exchange::export::export_readable(&db, out.path(), now()).unwrap();
    assert!(
        readable.people > 1000 && readable.people <= 3000,
        "{}",
        readable.people
    );
    // The JSON restores into a new database with what was read.
    let json = std::fs::read(&readable.json).unwrap();
    let dump = kith_exchange::export::json_dump(&json).unwrap();
    let fresh = Store::open_in_memory().unwrap();
    assert!(fresh.restore_salvage(&dump).unwrap() >= readable.people - 5);
    let vcard = std::fs::read_to_string(readable.vcard.unwrap()).unwrap();
    assert_eq!(
        vcard.matches("BEGIN:VCARD").count() as u64,
        fresh.people_count().unwrap()
    );
}

/// Reads a vCard file with python3-vobject, a reader of vCard 3.0 (the
/// test command installs it with Radicale): each card's fields as JSON.
const VOBJECT: &str = r#"
import json, sys, vobject
cards = []
for card in vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()):
    values = lambda name: [str(p.value) for p in card.contents.get(name, [])]
    n = card.n.value
    cards.append({
        "version": card.version.value,
        "fn": card.fn.value,
        "n": [n.family, n.given, n.suffix],
        "email": values("email"),
        "tel": values("tel"),
        "org": [" ".join(p.value) for p in card.contents.get("org", [])],
        "title": values("title"),
        "bday": values("bday"),
        "note": values("note"),
    })
print(json.dumps(cards))
"#;

#[test]
fn a_vcard_3_export_opens_in_a_3_0_reader_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let source = full(dir.path());
    let priya = PersonDraft::named("Priya Nayak, MSc, MBA, PHR")
        .unwrap()
        .with_company(Some("Northwind"))
        .unwrap();
    source.create_person(&priya, now()).unwrap();
    let file = dir.path().join("people.vcf");
    std::fs::write(
        &file,
        exported(&source, ExportFormat::Vcard(VcardVersion::V3)),
    )
    .unwrap();
    let out = std::process::Command::new("/usr/bin/python3")
        .args(["-c", VOBJECT, file.to_str().unwrap()])
        .output()
        .expect("python3 with python3-vobject (installed by the test command)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cards: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cards.len() as u64, source.people_count().unwrap());
    for id in source.person_ids().unwrap() {
        let p = source.person(id).unwrap();
        let card = cards
            .iter()
            .find(|c| c["fn"] == p.display_name.as_str())
            .unwrap_or_else(|| panic!("{} read", p.display_name));
        assert_eq!(card["version"], "3.0");
        let of = |kind: IdentityKind| -> Vec<String> {
            p.identities
                .iter()
                .filter(|i| i.kind == kind)
                .map(|i| i.value.clone())
                .collect()
        };
        assert_eq!(
            card["email"],
            serde_json::json!(of(IdentityKind::Email)),
            "{}",
            p.display_name
        );
        assert_eq!(
            card["tel"],
            serde_json::json!(of(IdentityKind::Phone)),
            "{}",
            p.display_name
        );
        assert_eq!(
            card["org"],
            serde_json::json!(p.company.iter().collect::<Vec<_>>())
        );
        assert_eq!(
            card["title"],
            serde_json::json!(p.role.iter().collect::<Vec<_>>())
        );
        assert_eq!(
            card["bday"].as_array().unwrap().len(),
            usize::from(p.birthday.is_some())
        );
        let notes: Vec<&str> = p.notes.iter().map(|n| n.body.as_str()).collect();
        assert_eq!(card["note"], serde_json::json!(notes));
        // The structured name a 3.0 reader sorts and splits by.
        assert!(!card["n"][0].as_str().unwrap().is_empty(), "{card}");
    }
    let priya = cards
        .iter()
        .find(|c| c["fn"] == "Priya Nayak, MSc, MBA, PHR")
        .unwrap();
    assert_eq!(
        priya["n"],
        serde_json::json!(["Nayak", "Priya", ["MSc", "MBA", "PHR"]])
    );
}
