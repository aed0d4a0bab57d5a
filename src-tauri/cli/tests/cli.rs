//! The command line against a real database file, as a user runs it.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use kith_core::fixtures::linkedin_connections;
use serde_json::Value;

use common::*;

#[test]
fn add_log_follow_up_and_show_a_person() {
    let kith = Kith::new();
    let ada = kith.json(&[
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
        "--company",
        "Analytical Engines",
        "--linkedin",
        "https://www.linkedin.com/in/ada-lovelace/",
        "--tag",
        "Close",
    ]);
    assert_eq!(ada["displayName"], "Ada Lovelace");
    assert_eq!(ada["identities"].as_array().unwrap().len(), 2);

    let touch = kith.log(
        "ada",
        "call",
        "phone",
        &[
            "--direction",
            "mutual",
            "--at",
            "2026-03-01 09:30",
            "--summary",
            "Talked about the launch",
        ],
    );
    // 09:30 in Berlin (TZ) is 08:30Z.
    assert_eq!(touch["at"], "2026-03-01T08:30:00Z");

    let follow_up = kith.json(&[
        "follow-up",
        "Ada Lovelace",
        "--due",
        "2000-01-01 09:00",
        "--tz",
        "Europe/Berlin",
        "--what",
        "Ask how the launch went",
    ]);
    assert_eq!(follow_up["dueZone"], "Europe/Berlin");
    assert_eq!(follow_up["dueAt"], "2000-01-01T08:00:00Z");

    let due = kith.json(&["due"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(due[0]["personName"], "Ada Lovelace");
    let text = kith.ok(&["due"]);
    assert!(text.contains("overdue"), "{text}");
    assert!(text.contains("Ask how the launch went"), "{text}");

    let shown = kith.json(&["show", "1"]);
    assert_eq!(shown["person"]["company"], "Analytical Engines");
    assert_eq!(shown["touches"][0]["kind"], "call");
    assert_eq!(shown["followUps"][0]["what"], "Ask how the launch went");
    let text = kith.ok(&["show", "ada"]);
    assert!(
        text.contains("Timeline:") && text.contains("call via phone"),
        "{text}"
    );

    let id = due[0]["id"].as_i64().unwrap().to_string();
    let done = kith.json(&["done", &id]);
    assert_eq!(done["status"], "done");
    assert!(kith.json(&["due"]).as_array().unwrap().is_empty());
}

#[test]
fn upcoming_shows_each_occurrence_across_a_dst_change_as_the_scheduler_fires_it() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.ok(&[
        "follow-up",
        "ada",
        "--due",
        "2027-03-26 02:30",
        "--tz",
        "Europe/Berlin",
        "--every",
        "1d",
        "--what",
        "Night shift check-in",
    ]);
    let planned = kith.json(&[
        "upcoming",
        "--from",
        "2027-03-26T00:00:00Z",
        "--to",
        "2027-03-30T00:00:00Z",
    ]);
    let rows: Vec<(&str, &str, &str)> = planned
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["local"].as_str().unwrap(),
                p["dueAt"].as_str().unwrap(),
                p["firesAt"].as_str().unwrap(),
            )
        })
        .collect();
    // 02:30 does not exist on 28 March 2027 in Berlin: read with the
    // offset before the gap (RFC 5545), it fires at 03:30 CEST. Quiet hours (21:00-08:00 by default) hold each one until 08:00.
    assert_eq!(
        rows,
        vec![
            (
                "2027-03-26T02:30:00",
                "2027-03-26T01:30:00Z",
                "2027-03-26T07:00:00Z"
            ),
            (
                "2027-03-27T02:30:00",
                "2027-03-27T01:30:00Z",
                "2027-03-27T07:00:00Z"
            ),
            (
                "2027-03-28T03:30:00",
                "2027-03-28T01:30:00Z",
                "2027-03-28T06:00:00Z"
            ),
            (
                "2027-03-29T02:30:00",
                "2027-03-29T00:30:00Z",
                "2027-03-29T06:00:00Z"
            ),
        ]
    );
    assert!(planned
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["zone"] == "Europe/Berlin"));
    let text = kith.ok(&[
        "upcoming",
        "--from",
        "2027-03-28T00:00:00Z",
        "--to",
        "2027-03-29T00:00:00Z",
    ]);
    assert!(text.contains("2027-03-28 03:30:00 Europe/Berlin"), "{text}");
    kith.fails(
        &[
            "upcoming",
            "--from",
            "2027-03-28 10:00",
            "--to",
            "2027-03-28 09:00",
        ],
        2,
    );
}

#[test]
fn stage_and_funnel_follow_the_touches() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.ok(&["add", "Grace Hopper"]);
    let log = |kind: &str, direction: &str, at: &str| {
        kith.log(
            "ada",
            kind,
            "linkedin",
            &["--direction", direction, "--at", at],
        );
    };
    log("connected", "in", "2026-11-01 10:00");
    assert_eq!(kith.json(&["stage", "ada"])["stage"], "connected");
    log("note", "out", "2026-11-02 10:00");
    log("message", "in", "2026-11-03 10:00");
    let stage = kith.json(&["stage", "ada"]);
    assert_eq!(stage["stage"], "in-conversation");
    let kinds: Vec<&str> = stage["because"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["note", "message"]);
    let people = kith.json(&["people"]);
    assert_eq!(people["people"][0]["stage"], "in-conversation");
    let funnel = kith.json(&["funnel"]);
    let count = |key: &str| {
        funnel["byStage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("in-conversation"), 1);
    assert_eq!(count("connected"), 1);
    let text = kith.ok(&["funnel"]);
    assert!(text.contains("In conversation"), "{text}");
}

#[test]
fn queue_lists_new_connections_with_a_drafted_reply() {
    let kith = Kith::new();
    kith.ok(&["add", "Grace Hopper", "--company", "Navy"]);
    kith.ok(&["add", "Ada Lovelace"]);
    kith.log("grace", "connected", "linkedin", &["--direction", "in"]);
    let queue = kith.json(&["queue"]);
    assert_eq!(
        queue["total"], 1,
        "only linked connections, not people added by hand"
    );
    assert_eq!(queue["entries"][0]["displayName"], "Grace Hopper");
    let draft = queue["entries"][0]["drafts"][0]["text"].as_str().unwrap();
    assert!(
        draft.starts_with("Hi Grace,") && draft.contains("Navy"),
        "{draft}"
    );
    kith.log("grace", "note", "linkedin", &["--direction", "out"]);
    assert_eq!(kith.json(&["queue"])["total"], 0);
    assert!(kith.ok(&["queue"]).contains("Nobody is waiting"));
}

#[test]
fn people_lists_and_searches() {
    let kith = Kith::new();
    kith.ok(&["add", "Grace Hopper", "--company", "Navy"]);
    kith.ok(&["add", "Ada Lovelace"]);
    let all = kith.json(&["people"]);
    assert_eq!(all["total"], 2);
    assert_eq!(all["people"][0]["displayName"], "Ada Lovelace");
    let navy = kith.json(&["people", "navy"]);
    assert_eq!(navy["total"], 1);
    assert_eq!(navy["people"][0]["displayName"], "Grace Hopper");
    for hostile in [
        "\"",
        "AND",
        "-",
        "NEAR(",
        "a.b@c.d",
        "🚀",
        "'; DROP TABLE person",
    ] {
        kith.ok(&["people", hostile]);
    }
    assert_eq!(kith.count("person"), 2);
}

#[test]
fn input_errors_exit_2_with_one_line_and_write_nothing() {
    let kith = Kith::new();
    kith.ok(&["add", "Grace Hopper"]);
    kith.ok(&["add", "Grace Kelly"]);
    let cases: &[&[&str]] = &[
        &["add", "   "],
        &["add", "Bad Email", "--email", "not-an-email"],
        &["log", "nobody", "--kind", "call", "--channel", "phone"],
        &["log", "grace", "--kind", "call", "--channel", "phone"],
        &["log", "hopper", "--kind", "tweet", "--channel", "phone"],
        &["log", "hopper", "--kind", "call", "--channel", "pigeon"],
        &[
            "log",
            "hopper",
            "--kind",
            "call",
            "--channel",
            "phone",
            "--at",
            "yesterday",
        ],
        &[
            "follow-up",
            "hopper",
            "--due",
            "2026-02-30 09:00",
            "--what",
            "x",
        ],
        &[
            "follow-up",
            "hopper",
            "--due",
            "2026-03-01 09:00",
            "--tz",
            "Mars/Base",
            "--what",
            "x",
        ],
        &["follow-up", "hopper", "--due", "2026-03-01", "--what", "  "],
        &[
            "follow-up",
            "hopper",
            "--due",
            "2026-03-01",
            "--every",
            "3y",
            "--what",
            "x",
        ],
        &["done", "999"],
        &["show", "77"],
        &["frobnicate"],
        &["log", "hopper"],
    ];
    for args in cases {
        kith.fails(args, 2);
    }
    let ambiguous = kith.fails(&["show", "grace"], 2);
    assert!(ambiguous.contains("Grace Hopper") && ambiguous.contains("Grace Kelly"));
    assert_eq!(kith.count("person"), 2);
    assert_eq!(kith.count("touch"), 0);
    assert_eq!(kith.count("follow_up"), 0);
}

#[test]
fn a_newer_database_is_refused_with_exit_1() {
    let kith = Kith::new();
    kith.ok(&["people"]);
    rusqlite::Connection::open(&kith.db)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let message = kith.fails(&["people"], 1);
    assert!(message.contains("newer Kith"), "{message}");
}

#[test]
fn kith_db_environment_variable_chooses_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["add", "Env Person"])
        .env("KITH_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(count_rows(&db, "person"), 1);
}

#[test]
fn an_introduction_from_suggestion_to_trusted() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.ok(&["add", "Grace Hopper"]);
    kith.ok(&["ask", "Ada", "A Rust contractor", "--tag", "rust"]);
    kith.ok(&["offer", "Grace", "Rust consulting", "--tag", "rust,systems"]);

    let suggested = kith.json(&["intro", "suggest"]);
    assert_eq!(suggested.as_array().unwrap().len(), 1);
    assert_eq!(suggested[0]["ask"]["personName"], "Ada Lovelace");
    assert_eq!(suggested[0]["offer"]["personName"], "Grace Hopper");
    assert!(suggested[0]["why"].as_str().unwrap().starts_with(
        "Ada Lovelace asks for “A Rust contractor”; Grace Hopper offers “Rust consulting”"
    ));

    let proposed = kith.json(&["intro", "Ada", "Grace", "--why", "Rust help"]);
    let id = proposed[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(proposed[0]["status"], "proposed");
    assert_eq!(kith.json(&["intro", "suggest"]), serde_json::json!([]));

    let err = kith.fails(&["intro", "step", &id, "introduce"], 2);
    assert!(err.contains("its next step is ask-a"), "{err}");
    kith.ok(&["intro", "step", &id, "ask-a", "--remind-in", "3"]);
    assert_eq!(kith.count("follow_up"), 1);
    kith.ok(&["intro", "step", &id, "ask-b"]);
    let made = kith.json(&["intro", "step", &id, "introduce"]);
    assert_eq!(made[0]["status"], "introduced");
    assert_eq!(kith.count("touch"), 2);

    let ledger = kith.json(&["help-log", "Grace", "--received", "Reviewed my talk"]);
    assert_eq!(ledger["given"], 1);
    assert_eq!(ledger["received"], 1);
    assert_eq!(ledger["balance"], 0);
    kith.fails(&["help-log", "Grace"], 2);
    kith.fails(&["help-log", "Grace", "--given", "a", "--received", "b"], 2);
    kith.fails(&["intro", "Ada", "Ada Lovelace", "--why", "x"], 2);
    kith.fails(&["intro", "Ada"], 2);
}

#[test]
fn prompts_flag_a_reply_owed_and_topics_are_kept() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.log("Ada", "message", "linkedin", &["--direction", "in"]);
    let prompts = kith.json(&["prompts"]);
    assert_eq!(prompts[0]["rule"], "reply-owed");
    assert_eq!(prompts[0]["personName"], "Ada Lovelace");
    kith.log("Ada", "message", "linkedin", &[]);
    assert_eq!(kith.json(&["prompts"]), serde_json::json!([]));

    let topic = kith.json(&["topic", "Ada", "Moving to Berlin"]);
    assert_eq!(topic["text"], "Moving to Berlin");
    kith.fails(&["topic", "Ada", "   "], 2);
}

#[test]
fn people_filter_by_health_and_sort_by_attention() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace", "--cadence", "30"]);
    kith.ok(&["add", "Grace Hopper", "--cadence", "30"]);
    kith.log("Ada", "email", "email", &["--at", "2020-01-01 10:00"]);
    kith.log("Grace", "email", "email", &[]);
    let cold = kith.json(&["people", "--health", "cold"]);
    assert_eq!(cold["total"], 1);
    assert_eq!(cold["people"][0]["displayName"], "Ada Lovelace");
    let attention = kith.json(&["people", "--sort", "attention"]);
    assert_eq!(attention["people"][0]["displayName"], "Ada Lovelace");
    let recent = kith.json(&["people", "--sort", "recent"]);
    assert_eq!(recent["people"][0]["displayName"], "Grace Hopper");
    let err = kith.fails(&["people", "--health", "tepid"], 2);
    assert!(err.contains("warm, cooling, cold"), "{err}");
}

#[test]
fn import_previews_then_imports_a_linkedin_export_and_reports_the_same() {
    let kith = Kith::new();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../exchange/tests/fixtures/linkedin");
    let folder = folder.to_str().unwrap();
    let preview = kith.json(&["import", folder, "--dry-run"]);
    assert_eq!(preview["committed"], false);
    assert_eq!(kith.count("person"), 0);
    let done = kith.json(&["import", folder]);
    assert_eq!(done["committed"], true);
    for field in ["new", "updated", "unchanged", "touchesAdded", "skipped"] {
        assert_eq!(preview[field], done[field], "{field}");
    }
    assert_eq!(done["skipped"][0]["file"], "Connections.csv");
    assert_eq!(done["skipped"][0]["line"], 7);
    let text = kith.ok(&["import", folder]);
    assert!(text.contains("0 new, 0 updated, 11 unchanged"), "{text}");
    assert!(
        text.contains("Connections.csv, line 7: a hidden profile"),
        "{text}"
    );
    let people = kith.count("person");
    let err = kith.fails(&["import", "/etc/hostname"], 2);
    assert!(err.contains("not a file Kith can import"), "{err}");
    kith.fails(&["import", folder, "--format", "excel"], 2);
    assert_eq!(kith.count("person"), people);
}

#[test]
fn export_writes_each_format_and_json_restores_into_a_new_database() {
    let kith = Kith::new();
    kith.ok(&[
        "add",
        "Ada Lovelace",
        "--company",
        "=cmd|' /C calc'!A0",
        "--email",
        "ada@example.org",
    ]);
    kith.log("Ada", "call", "phone", &["--direction", "mutual"]);
    kith.ok(&[
        "follow-up",
        "Ada",
        "--due",
        "2030-01-02 09:00",
        "--tz",
        "Europe/Berlin",
        "--what",
        "Ask about the engine",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("kith.json");
    kith.ok(&["export", "json", "--out", json.to_str().unwrap()]);
    let csv = kith.ok(&["export", "csv"]);
    assert!(csv.contains("'=cmd|"), "{csv}");
    let vcard = kith.ok(&["export", "vcard", "--person", "Ada"]);
    assert!(vcard.contains("FN:Ada Lovelace\r\n"));
    // 3.0 unless asked, with N always; 4.0 on request.
    assert!(vcard.contains("VERSION:3.0\r\n") && vcard.contains("N:Lovelace;Ada;;;\r\n"));
    let four = kith.ok(&["export", "vcard", "--version", "4.0", "--person", "Ada"]);
    assert!(four.contains("VERSION:4.0\r\n") && four.contains("N:Lovelace;Ada;;;\r\n"));
    assert!(kith
        .fails(&["export", "vcard", "--version", "2.1"], 2)
        .contains("use 3.0 or 4.0"));
    kith.fails(&["export", "csv", "--version", "4.0"], 2);
    let ics = kith.ok(&["export", "ics"]);
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20300102T090000"),
        "{ics}"
    );
    kith.fails(&["export", "xlsx"], 2);

    let restored = Kith::new();
    let report = restored.json(&["import", json.to_str().unwrap()]);
    assert_eq!(report["new"], 1);
    let again = dir.path().join("again.json");
    restored.ok(&["export", "json", "--out", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&json).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn duplicates_merge_and_undo() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
    kith.ok(&[
        "add",
        "A. Lovelace",
        "--email",
        "ADA@example.org",
        "--company",
        "Analytical Engines",
    ]);
    kith.log("A. Lovelace", "call", "phone", &[]);
    let pairs = kith.json(&["duplicates"]);
    assert_eq!(pairs[0]["reason"], "same e-mail ada@example.org");
    let merge = kith.json(&["merge", "Ada Lovelace", "A. Lovelace"]);
    assert_eq!(kith.count("person"), 1);
    let shown = kith.json(&["show", "Ada Lovelace"]);
    assert_eq!(shown["person"]["company"], "Analytical Engines");
    assert_eq!(shown["touches"].as_array().unwrap().len(), 1);
    assert_eq!(kith.json(&["duplicates"]), serde_json::json!([]));
    let id = merge["id"].as_i64().unwrap().to_string();
    kith.ok(&["merge", "--undo", &id]);
    assert_eq!(kith.count("person"), 2);
    assert_eq!(
        kith.json(&["show", "Ada Lovelace"])["person"]["company"],
        serde_json::Value::Null
    );
    kith.fails(&["merge", "--undo", &id], 2);
    kith.fails(&["merge", "Ada Lovelace", "Ada Lovelace"], 2);
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_of_it_or_none() {
    const ROWS: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("Connections.csv");
    linkedin_connections(&csv, ROWS).unwrap();
    let mut outcomes = Vec::new();
    for (attempt, delay_ms) in [5u64, 40, 120, 250, 400, 700, 1_000, 1_500]
        .into_iter()
        .enumerate()
    {
        let db = dir.path().join(format!("kill-{attempt}.db"));
        // Create the database first, so the kill lands in the import.
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["--db", db.to_str().unwrap(), "people"])
            .output()
            .unwrap();
        let mut child = start(
            Command::new(env!("CARGO_BIN_EXE_kith"))
                .args([
                    "--db",
                    db.to_str().unwrap(),
                    "import",
                    csv.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null()),
        );
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let people = count_rows(&db, "person");
        assert!(
            people == 0 || people == ROWS as i64,
            "after {delay_ms} ms: {people} people"
        );
        let conn = rusqlite::Connection::open(&db).unwrap();
        let verdict: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(verdict, "ok");
        outcomes.push(people);
    }
    // The kills really landed on both sides of the commit at least once in
    // a debug build (tens of milliseconds in, and after it finished).
    assert!(outcomes.contains(&0), "{outcomes:?}");
}

#[test]
fn edit_changes_details_adds_identities_and_drops_one_only_when_asked() {
    let kith = Kith::new();
    kith.ok(&[
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
        "--tag",
        "Math",
    ]);
    let edited = kith.json(&[
        "edit",
        "ada",
        "--name",
        "Ada King",
        "--company",
        "Analytical Engines",
        "--phone",
        "+44 20 7946 0000",
        "--email",
        "countess@example.org",
        "--tag",
        "Poetry",
    ]);
    assert_eq!(edited["displayName"], "Ada King");
    assert_eq!(edited["company"], "Analytical Engines");
    assert_eq!(edited["tags"], serde_json::json!(["Math", "Poetry"]));
    let identities = edited["identities"].as_array().unwrap();
    assert_eq!(identities.len(), 3, "{identities:?}");
    let ada_id = identities
        .iter()
        .find(|i| i["value"] == "ada@example.org")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    // By id, then by value.
    let after = kith.json(&["edit", "ada", "--remove-identity", &ada_id.to_string()]);
    assert_eq!(after["identities"].as_array().unwrap().len(), 2);
    let after = kith.json(&["edit", "ada", "--remove-identity", "+44 (20) 7946-0000"]);
    let left: Vec<&str> = after["identities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["countess@example.org"]);
    assert!(kith.ok(&["show", "ada"]).contains("[identity "));
    let err = kith.fails(
        &["edit", "ada", "--remove-identity", "nobody@example.org"],
        2,
    );
    assert!(err.contains("no identity 'nobody@example.org'"), "{err}");
    kith.fails(&["edit", "ada", "--email", "not-an-email"], 2);
    assert_eq!(
        kith.json(&["show", "ada"])["person"]["displayName"],
        "Ada King"
    );
}

#[test]
fn delete_moves_a_person_to_the_trash_and_restore_brings_everything_back() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
    kith.log(
        "ada",
        "call",
        "phone",
        &["--direction", "mutual", "--summary", "Talked engines"],
    );
    kith.ok(&[
        "follow-up",
        "ada",
        "--due",
        "2030-01-02 09:00",
        "--what",
        "Ask about the engine",
    ]);
    // Not from a terminal: it refuses without --yes and deletes nothing.
    let err = kith.fails(&["delete", "ada"], 2);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(kith.count("person"), 1);

    let entry = kith.json(&["delete", "ada", "--yes"]);
    assert_eq!(entry["displayName"], "Ada Lovelace");
    assert_eq!(kith.count("person"), 0);
    assert_eq!(kith.count("follow_up"), 0);
    assert!(kith.json(&["people", "engines"])["people"]
        .as_array()
        .unwrap()
        .is_empty());
    let trash = kith.json(&["trash"]);
    assert_eq!(trash[0]["displayName"], "Ada Lovelace");
    assert!(kith.ok(&["trash"]).contains("Ada Lovelace"));

    let id = entry["id"].as_i64().unwrap().to_string();
    let restored = kith.json(&["trash", "restore", &id]);
    assert_eq!(restored["lost"], 0);
    let ada = kith.json(&["show", "ada"]);
    assert_eq!(ada["person"]["identities"][0]["value"], "ada@example.org");
    assert_eq!(kith.count("touch"), 1);
    assert_eq!(kith.count("follow_up"), 1);
    assert_eq!(
        kith.json(&["people", "engines"])["people"][0]["displayName"],
        "Ada Lovelace"
    );
    assert!(kith.ok(&["trash"]).contains("The trash is empty."));
    kith.fails(&["trash", "restore", &id], 2);
}

#[test]
fn split_moves_chosen_identities_and_touches_to_a_new_person_and_undo_folds_them_back() {
    let kith = Kith::new();
    kith.ok(&[
        "add",
        "Ada Lovelace",
        "--phone",
        "+49 30 1234567",
        "--email",
        "grace@example.org",
    ]);
    for summary in ["Engines", "Compilers"] {
        kith.log(
            "ada",
            "call",
            "phone",
            &["--direction", "mutual", "--summary", summary],
        );
    }
    let shown = kith.json(&["show", "ada"]);
    let compilers = shown["touches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["summary"] == "Compilers")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert!(kith.ok(&["show", "ada"]).contains(&format!("#{compilers}")));
    let split = kith.json(&[
        "split",
        "ada",
        "--name",
        "Grace Hopper",
        "--identity",
        "grace@example.org",
        "--touch",
        &compilers,
    ]);
    assert_eq!(split["created"]["displayName"], "Grace Hopper");
    let grace = kith.json(&["show", "Grace Hopper"]);
    assert_eq!(
        grace["person"]["identities"][0]["value"],
        "grace@example.org"
    );
    assert_eq!(grace["touches"][0]["summary"], "Compilers");
    assert_eq!(
        kith.json(&["show", "ada"])["touches"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Another person's touch, or nothing to move, is refused.
    kith.fails(&["split", "ada", "--name", "X", "--touch", &compilers], 2);
    kith.fails(&["split", "ada", "--name", "X"], 2);

    let id = split["id"].as_i64().unwrap().to_string();
    let back = kith.json(&["split", "--undo", &id]);
    assert_eq!(back["displayName"], "Ada Lovelace");
    assert_eq!(kith.count("person"), 1);
    assert_eq!(
        kith.json(&["show", "ada"])["touches"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    kith.fails(&["split", "--undo", &id], 2);
}

#[test]
fn duplicates_folded_lists_records_that_took_rows_of_other_names() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace", "--phone", "+49 30 1234567"]);
    assert!(kith
        .json(&["duplicates", "--folded"])
        .as_array()
        .unwrap()
        .is_empty());
    // As an import before names had to agree left it: Grace's card went into Ada.
    rusqlite::Connection::open(&kith.db)
        .unwrap()
        .execute_batch(
            "INSERT INTO import_key (source, key, person_id, name)
             VALUES ('vcard', 'grace hopper|', 1, 'Grace Hopper'), ('vcard', 'ada lovelace|', 1, 'Ada Lovelace');",
        )
        .unwrap();
    let folded = kith.json(&["duplicates", "--folded"]);
    assert_eq!(folded[0]["person"]["displayName"], "Ada Lovelace");
    assert_eq!(folded[0]["otherNames"], serde_json::json!(["Grace Hopper"]));
    assert!(kith
        .ok(&["duplicates", "--folded"])
        .contains("also took rows named Grace Hopper"));
}

#[test]
fn plan_lists_people_with_reasons_and_done_and_skip_change_it() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.ok(&[
        "follow-up",
        "ada",
        "--due",
        "2020-01-01 09:00",
        "--what",
        "Ask how the launch went",
    ]);
    kith.ok(&["add", "Grace Hopper"]);
    kith.log("grace", "message", "email", &["--direction", "in"]);
    let plan = kith.json(&["plan"]);
    let items = plan["items"].as_array().unwrap();
    let summary: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Ada Lovelace", "follow-up"),
            ("Grace Hopper", "reply-owed")
        ]
    );
    assert_eq!(items[0]["next"], "Ask how the launch went");
    assert!(items[0]["why"].as_str().unwrap().contains("overdue"));
    // The same plan again, in words too.
    assert_eq!(kith.json(&["plan"]), plan);
    assert!(kith.ok(&["plan"]).contains("[ ] 1. Ada Lovelace"));

    let done = kith.json(&["plan", "done", "ada"]);
    assert_eq!(done["items"][0]["done"], true);
    assert_eq!(
        kith.json(&["show", "ada"])["touches"][0]["summary"],
        "Ask how the launch went"
    );
    let skipped = kith.json(&["plan", "skip", "grace", "--for", "30d"]);
    assert_eq!(skipped["items"].as_array().unwrap().len(), 1);
    kith.fails(&["plan", "skip", "grace"], 2);
    kith.fails(&["plan", "skip", "ada", "--for", "soon"], 2);
}

#[test]
fn settings_change_the_plan_size_notification_time_and_welcome_window() {
    let kith = Kith::new();
    let defaults = kith.json(&["settings"]);
    assert_eq!(
        defaults,
        serde_json::json!({"planSize": 5, "planTime": "09:00", "welcomeDays": 30, "quietHours": "21:00-08:00", "backupDir": null, "calendarMirror": false, "planOnPhone": false, "birthdayDaysBefore": 0, "anniversaryDaysBefore": 0, "dateDaysBefore": 0, "homeCountry": null, "callingCode": null, "nationalNumbers": 0, "nationalPlaced": 0})
    );
    let changed = kith.json(&[
        "settings",
        "--plan-size",
        "3",
        "--plan-time",
        "off",
        "--welcome-days",
        "14",
        "--quiet-hours",
        "off",
        "--calendar-mirror",
        "on",
    ]);
    assert_eq!(
        changed,
        serde_json::json!({"planSize": 3, "planTime": null, "welcomeDays": 14, "quietHours": null, "backupDir": null, "calendarMirror": true, "planOnPhone": false, "birthdayDaysBefore": 0, "anniversaryDaysBefore": 0, "dateDaysBefore": 0, "homeCountry": null, "callingCode": null, "nationalNumbers": 0, "nationalPlaced": 0})
    );
    assert_eq!(
        kith.json(&["settings", "--plan-time", "07:30"])["planTime"],
        "07:30"
    );
    assert_eq!(
        kith.json(&["settings", "--quiet-hours", "22:30-07:00"])["quietHours"],
        "22:30-07:00"
    );
    for bad in [
        ["--plan-size", "11"],
        ["--welcome-days", "0"],
        ["--plan-time", "7 o'clock"],
        ["--quiet-hours", "22:00"],
        ["--calendar-mirror", "yes"],
    ] {
        kith.fails(&[&["settings"][..], &bad].concat(), 2);
    }
    assert_eq!(
        kith.json(&["settings"])["planSize"],
        3,
        "a refused change writes nothing"
    );
}

#[test]
fn backups_are_taken_listed_and_restored_by_id() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    let taken = kith.json(&["backup", "now"]);
    let id = taken["id"].as_str().unwrap().to_owned();
    assert!(id.ends_with("-manual"), "{id}");
    assert_eq!(taken["people"], 1);
    assert!(Path::new(taken["path"].as_str().unwrap()).is_file());
    // The plain form prints the path alone, for scripts.
    let path = kith.ok(&["backup", "now"]);
    assert!(path.trim().ends_with(".db") && Path::new(path.trim()).is_file());

    kith.ok(&["add", "Grace Hopper"]);
    let list = kith.json(&["backup", "list"]);
    let backups = list["backups"].as_array().unwrap();
    assert_eq!(backups.len(), 2);
    assert!(backups
        .iter()
        .all(|b| b["verified"] == true && b["people"] == 1));
    assert_eq!(list["defaultFolder"], true);

    // Without a terminal and without --yes nothing is replaced.
    kith.fails(&["backup", "restore", &id], 2);
    assert_eq!(kith.json(&["people"])["total"], 2);
    let restored = kith.json(&["backup", "restore", &id, "--yes"]);
    assert_eq!(restored["people"], 1);
    let kept = restored["kept"].as_str().unwrap();
    assert!(kept.contains("kith.db.replaced-"), "{kept}");
    assert_eq!(
        count_rows(Path::new(kept), "person"),
        2,
        "the replaced file is kept whole"
    );
    assert_eq!(restored["safety"]["kind"], "before-restore");
    assert_eq!(kith.json(&["people"])["total"], 1);
    kith.fails(&["backup", "restore", "nothing-like-this", "--yes"], 1);
}

#[test]
fn a_restore_while_another_kith_has_the_database_open_is_refused_and_changes_nothing() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    let id = kith.json(&["backup", "now"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    kith.ok(&["add", "Grace Hopper"]);
    let files = || {
        let mut names: Vec<String> = files_under(kith.dir.path())
            .iter()
            .map(|path| {
                path.strip_prefix(kith.dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .filter(|name| !name.ends_with("-wal") && !name.ends_with("-shm"))
            .collect();
        names.sort();
        names
    };
    let before = files();

    // A second kith with the database open: one waiting for a password.
    let mut holder = start(
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(&kith.db)
            .args(["mail", "add", "--host", "127.0.0.1", "--user", "ada"])
            .arg("--password-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let shm = kith.dir.path().join("kith.db-shm");
    let waited = std::time::Instant::now();
    while !shm.exists() && waited.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(shm.exists(), "the second kith opened the database");

    let refused = kith.fails(&["backup", "restore", &id, "--yes"], 1);
    assert!(
        refused.contains("open in another program") && refused.contains("Nothing was changed"),
        "{refused}"
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(files(), before, "no file was added, kept or moved");
    assert_eq!(kith.json(&["people"])["total"], 2);

    // Once it is closed, the same restore goes ahead.
    let restored = kith.json(&["backup", "restore", &id, "--yes"]);
    assert_eq!(restored["people"], 1);
    assert_eq!(kith.json(&["people"])["total"], 1);
}

#[test]
fn the_backup_folder_is_a_setting() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let folder = elsewhere.path().join("synced/kith");
    let settings = kith.json(&["settings", "--backup-dir", folder.to_str().unwrap()]);
    assert_eq!(settings["backupDir"], folder.to_str().unwrap());
    let taken = kith.json(&["backup", "now"]);
    assert!(Path::new(taken["path"].as_str().unwrap()).starts_with(&folder));
    assert_eq!(
        kith.json(&["backup", "list"])["folder"],
        folder.to_str().unwrap()
    );
    kith.fails(&["settings", "--backup-dir", "relative/folder"], 2);
    assert_eq!(
        kith.json(&["settings", "--backup-dir", "default"])["backupDir"],
        Value::Null
    );
}

#[test]
fn check_is_quiet_on_a_healthy_file_and_names_the_way_out_of_damage() {
    let kith = Kith::new();
    // Enough people, with their touches and profiles, to fill pages: one
    // import (400 `kith add`s were 400 processes to start, which under
    // Wine on a loaded machine was where a start could fail).
    let csv = kith.dir.path().join("Connections.csv");
    linkedin_connections(&csv, 400).unwrap();
    kith.ok(&["import", csv.to_str().unwrap()]);
    assert_eq!(kith.json(&["check"])["healthy"], true);
    let id = kith.json(&["backup", "now"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Overwrite the middle half of the file (the people's pages lie
    // among the search index's).
    {
        use std::io::{Seek, SeekFrom, Write};
        let pages = std::fs::metadata(&kith.db).unwrap().len() / 4096;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&kith.db)
            .unwrap();
        file.seek(SeekFrom::Start(pages / 4 * 4096)).unwrap();
        file.write_all(&vec![0xA5; (pages / 2) as usize * 4096])
            .unwrap();
    }
    let line = kith.fails(&["check"], 1);
    assert!(
        line.starts_with("kith: the database file is damaged"),
        "{line}"
    );
    assert!(
        line.contains(&format!("kith backup restore {id}")),
        "{line}"
    );
    // A command that reads the damaged pages says so, and where to go.
    let line = kith.fails(&["export", "json"], 1);
    assert!(
        line.contains("damaged") && line.contains("kith backup restore"),
        "{line}"
    );

    let restored = kith.json(&["backup", "restore", &id, "--yes"]);
    assert!(restored["kept"]
        .as_str()
        .unwrap()
        .contains("kith.db.damaged-"));
    assert_eq!(
        restored["safety"],
        Value::Null,
        "a damaged file is kept, not backed up"
    );
    kith.ok(&["check"]);
    assert_eq!(kith.json(&["people", "--limit", "1"])["total"], 400);
}

#[test]
fn adding_with_a_note_writes_both_in_one_go() {
    let kith = Kith::new();
    let person = kith.json(&["add", "Ada Lovelace", "--note", "Met at the Rust meetup"]);
    assert_eq!(person["notes"][0]["body"], "Met at the Rust meetup");
    assert_eq!(kith.count("note"), 1);
    // A note that is refused leaves no person behind either.
    kith.fails(&["add", "Grace Hopper", "--note", "   "], 2);
    assert_eq!(kith.count("person"), 1);
}

#[test]
fn sync_commands_explain_themselves_and_refuse_what_is_unsafe() {
    let k = Kith::new();
    k.ok(&["add", "Ada Lovelace"]);
    assert!(k.ok(&["sync", "status"]).contains("Not syncing"));
    assert_eq!(k.json(&["sync", "status"])["configured"], false);
    assert_eq!(k.json(&["sync", "conflicts"]), serde_json::json!([]));
    assert!(k.fails(&["sync", "now"], 2).contains("no server is set up"));
    // No terminal to ask on, and no --password-stdin.
    assert!(k
        .fails(
            &["sync", "add", "https://dav.example.org/", "--user", "ada"],
            2
        )
        .contains("--password-stdin"));
    // A password is never sent over plain HTTP to another computer.
    let mut child = start(
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["--db"])
            .arg(&k.db)
            .args([
                "sync",
                "add",
                "http://dav.example.org/",
                "--user",
                "ada",
                "--password-stdin",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped()),
    );
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"secret\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("only over HTTPS"), "{stderr}");
    assert!(!stderr.contains("secret"));
    assert!(k
        .fails(&["sync", "conflicts", "--flip", "5"], 2)
        .contains("no conflict with id 5"));
    assert!(k.ok(&["sync", "remove"]).contains("Not syncing"));
    assert_eq!(k.count("sync_account"), 0);
}

#[test]
fn dates_are_set_shown_reminded_and_kept_for_the_deceased() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.ok(&["date", "ada", "--birthday", "05-14"]);
    kith.ok(&["date", "ada", "--anniversary", "2019-06-01"]);
    let ada = kith.json(&[
        "date",
        "ada",
        "--on",
        "2027-03-01",
        "--what",
        "Started at Northwind",
        "--yearly",
    ]);
    assert_eq!(ada["birthday"], "--05-14");
    assert_eq!(ada["anniversary"], "2019-06-01");
    assert_eq!(ada["dates"][0]["what"], "Started at Northwind");
    assert_eq!(ada["dates"][0]["yearly"], true);
    let shown = kith.ok(&["show", "ada"]);
    for line in [
        "  birthday: 14 May\n",
        "  anniversary: 1 Jun 2019\n",
        "Started at Northwind on 1 Mar 2027, every year\n",
    ] {
        assert!(shown.contains(line), "{line:?} in:\n{shown}");
    }
    kith.ok(&["settings", "--birthday-days-before", "3"]);
    let settings = kith.ok(&["settings"]);
    assert!(
        settings.contains("Reminders of birthdays: 3 days before; anniversaries: on the day"),
        "{settings}"
    );
    // The birthday's reminder comes three days early, at 09:00 in Berlin.
    let planned: Value = serde_json::from_str(&kith.ok(&[
        "upcoming",
        "--json",
        "--from",
        "2027-05-01 00:00",
        "--to",
        "2027-05-31 00:00",
    ]))
    .unwrap();
    let fires: Vec<(&str, &str, &str)> = planned
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["subject"].as_str().unwrap(),
                p["local"].as_str().unwrap(),
                p["what"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fires,
        [(
            "birthday",
            "2027-05-11T09:00:00",
            "Birthday in 3 days, Fri 14 May"
        )]
    );
    // Bad input: one line, exit 2, nothing written.
    for bad in [
        &["date", "ada", "--birthday", "02-30"][..],
        &["date", "ada", "--on", "2027-13-01", "--what", "x"],
        &["date", "ada", "--on", "2027-03-01", "--what", "  "],
        &["date", "ada", "--remove", "999"],
        &["settings", "--date-days-before", "61"],
    ] {
        kith.fails(bad, 2);
    }
    let id = ada["dates"][0]["id"].as_i64().unwrap().to_string();
    let removed = kith.json(&["date", "ada", "--remove", &id, "--birthday", "none"]);
    assert!(removed["dates"].as_array().unwrap().is_empty());
    assert!(removed["birthday"].is_null());
    // Deceased: no reminders, the anniversary kept.
    let ada = kith.json(&["edit", "ada", "--deceased", "yes"]);
    assert_eq!(ada["deceased"], true);
    assert_eq!(ada["anniversary"], "2019-06-01");
    let planned = kith.ok(&[
        "upcoming",
        "--from",
        "2027-05-01 00:00",
        "--to",
        "2027-07-01 00:00",
    ]);
    assert!(planned.contains("No reminders"), "{planned}");
    assert!(kith.ok(&["show", "ada"]).contains("deceased"));
}

#[test]
fn people_are_linked_each_side_reads_the_link_its_way_and_links_are_taken_away() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    kith.ok(&["add", "Grace Hopper"]);
    kith.ok(&["add", "Linus Torvalds"]);
    let linked = kith.json(&[
        "link",
        "ada",
        "grace",
        "--as",
        "manager",
        "--note",
        "At Northwind",
        "--since",
        "2019-03",
    ]);
    assert_eq!(linked[0]["name"], "report");
    assert_eq!(linked[0]["other"]["displayName"], "Grace Hopper");
    assert_eq!(linked[0]["since"], "2019-03");
    kith.ok(&["link", "linus", "grace", "--as", "friend"]);
    let text = kith.ok(&["links", "grace"]);
    assert!(
        text.contains("Ada Lovelace (#1): manager, since 2019-03 — At Northwind"),
        "{text}"
    );
    assert!(text.contains("Linus Torvalds (#3): friend"), "{text}");
    let refused = kith.fails(&["link", "ada", "ada", "--as", "friend"], 2);
    assert!(refused.contains("two different people"), "{refused}");
    let unknown = kith.fails(&["link", "ada", "linus", "--as", "cousin"], 2);
    assert!(unknown.contains("met-through"), "{unknown}");
    let bad_date = kith.fails(
        &[
            "link", "ada", "linus", "--as", "friend", "--since", "2019-13",
        ],
        2,
    );
    assert!(bad_date.contains("2019-13"), "{bad_date}");
    kith.ok(&["unlink", "grace", "ada"]);
    assert_eq!(kith.json(&["links", "ada"]), serde_json::json!([]));
    kith.fails(&["unlink", "grace", "ada"], 2);
    // The links are in the JSON export.
    let dump: serde_json::Value = serde_json::from_str(&kith.ok(&["export", "json"])).unwrap();
    assert!(
        dump.to_string().contains("\"friend\""),
        "the export holds the links"
    );
}

#[test]
fn the_warm_path_names_who_can_introduce_you_and_the_graph_draws_who_knows_whom() {
    let kith = Kith::new();
    kith.ok(&["add", "Tomas Berg", "--company", "Northwind Traders"]);
    kith.ok(&["add", "Maya Patel"]);
    kith.ok(&["add", "Ken Thompson"]);
    kith.ok(&["add", "Ines \"Q\" Duarte\\"]);
    for direction in ["out", "in"] {
        kith.log("maya", "message", "chat", &["--direction", direction]);
    }
    kith.ok(&[
        "link",
        "maya",
        "tomas",
        "--as",
        "colleague",
        "--since",
        "2019",
    ]);
    kith.ok(&["link", "ken", "maya", "--as", "friend"]);
    kith.ok(&["link", "4", "ken", "--as", "manager"]);

    let path = kith.json(&["path", "tomas"]);
    assert_eq!(path["target"], "Tomas Berg");
    assert_eq!(path["routes"][0]["via"]["displayName"], "Maya Patel");
    assert_eq!(path["routes"][0]["links"], serde_json::json!(["colleague"]));
    assert_eq!(path["routes"][1]["via"]["displayName"], "Ken Thompson");
    assert_eq!(path["routes"][1]["people"].as_array().unwrap().len(), 3);
    // Ines is three links away: only with --hops 3.
    assert_eq!(path["routes"].as_array().unwrap().len(), 2);
    let far = kith.json(&["path", "tomas", "--hops", "3"]);
    assert_eq!(far["routes"].as_array().unwrap().len(), 3);
    let text = kith.ok(&["path", "tomas"]);
    assert!(
        text.contains("1. Maya Patel — Engaged")
            || text.contains("1. Maya Patel — In conversation")
            || text.contains("1. Maya Patel — Acknowledged"),
        "{text}"
    );
    assert!(
        text.contains("is Tomas Berg's colleague since 2019"),
        "{text}"
    );
    let company = kith.json(&["path", "--company", "northwind"]);
    assert_eq!(company["targets"], 1);
    // Maya, whom you talk to, before Tomas himself, whom you never have.
    assert_eq!(company["routes"][0]["via"]["displayName"], "Maya Patel");
    assert_eq!(company["routes"][1]["via"]["displayName"], "Tomas Berg");
    assert_eq!(company["routes"][1]["links"], serde_json::json!([]));
    assert!(kith
        .ok(&["path", "--company", "Lumen"])
        .contains("No one at Lumen"));
    kith.fails(&["path"], 2);
    kith.fails(&["path", "tomas", "--hops", "4"], 2);

    // Who can help with an ask: Tomas offers it; Maya knows him.
    let ask = kith.json(&["ask", "ines", "a logistics partner", "--tag", "shipping"]);
    let offer = kith.json(&["offer", "tomas", "shipping and logistics"]);
    let shown = kith.ok(&["show", "ines"]);
    let ask_id = ask["id"].to_string();
    assert!(
        shown.contains(&format!("#{ask_id:<5} ask “a logistics partner” #shipping")),
        "{shown}"
    );
    let help = kith.json(&["path", "--ask", &ask_id]);
    assert_eq!(
        (help["to"].as_str(), help["targets"].as_u64()),
        (Some("ask"), Some(1))
    );
    assert_eq!(help["routes"][0]["via"]["displayName"], "Maya Patel");
    assert!(
        help["routes"][0]["reason"]
            .as_str()
            .unwrap()
            .ends_with("Tomas Berg offers “shipping and logistics”"),
        "{help}"
    );
    let text = kith.ok(&["path", "--ask", &ask_id]);
    assert!(
        text.starts_with("Who can help with Ines \"Q\" Duarte\\'s ask"),
        "{text}"
    );
    let offer_id = offer["id"].to_string();
    assert!(kith
        .fails(&["path", "--ask", &offer_id], 2)
        .contains("is an offer"));

    let around = kith.json(&["graph", "--around", "maya", "--depth", "1"]);
    let names: Vec<&str> = around["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Maya Patel", "Ken Thompson", "Tomas Berg"]);
    assert_eq!(around["edges"].as_array().unwrap().len(), 2);
    let dot = kith.ok(&["graph", "--dot"]);
    assert!(dot.starts_with("graph kith {"), "{dot}");
    assert!(dot.contains(r#"[label="Ines \"Q\" Duarte\\"]"#), "{dot}");
    assert!(
        dot.contains("p4 -- p3 [label=\"manager\", dir=forward];"),
        "{dot}"
    );
    let whole = kith.json(&["graph"]);
    assert_eq!(whole["network"]["ids"].as_array().unwrap().len(), 4);
    assert_eq!(whole["edges"].as_array().unwrap().len(), 3);
    assert!(kith.ok(&["graph"]).starts_with("4 people in"));
}

#[test]
fn ties_are_suggested_with_their_evidence_and_accepted_or_dismissed_for_good() {
    let kith = Kith::new();
    kith.ok(&[
        "add",
        "Ada Lovelace",
        "--company",
        "Northwind",
        "--email",
        "ada@northwind.example",
    ]);
    kith.ok(&["add", "Grace Hopper", "--company", "Northwind"]);
    kith.ok(&["add", "Linus Torvalds", "--company", "Northwind"]);
    kith.ok(&["add", "Ken Thompson", "--email", "ken@northwind.example"]);
    let list = kith.json(&["suggested", "links"]);
    let pairs: Vec<(String, String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["a"]["displayName"].as_str().unwrap().to_owned(),
                s["b"]["displayName"].as_str().unwrap().to_owned(),
                s["evidence"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 4, "{pairs:?}");
    assert_eq!(
        pairs[0],
        (
            "Ada Lovelace".to_owned(),
            "Grace Hopper".to_owned(),
            "both at Northwind".to_owned()
        )
    );
    assert!(pairs.contains(&(
        "Ada Lovelace".to_owned(),
        "Ken Thompson".to_owned(),
        "both write from northwind.example".to_owned()
    )));
    let linked = kith.json(&["suggested", "links", "accept", "ada", "grace"]);
    assert_eq!(linked[0]["kind"], "colleague");
    kith.ok(&[
        "suggested",
        "links",
        "accept",
        "ada",
        "linus",
        "--as",
        "friend",
    ]);
    assert!(kith
        .ok(&["suggested", "links", "dismiss", "ken", "ada"])
        .contains("will not be suggested to each other again"));
    let left = kith.json(&["suggested", "links"]);
    assert_eq!(left.as_array().unwrap().len(), 1, "{left}");
    assert_eq!(left[0]["b"]["displayName"], "Linus Torvalds");
    assert!(kith
        .ok(&["suggested", "links"])
        .starts_with("Grace Hopper (#2) and Linus Torvalds (#3): both at Northwind"));
    // The mail list stays what `kith suggested --json` always was.
    assert_eq!(kith.json(&["suggested"]), serde_json::json!([]));
}

#[test]
fn you_are_a_person_in_the_graph_your_sister_and_your_manager_among_your_links() {
    let kith = Kith::new();
    kith.ok(&["add", "Tomas Berg"]);
    kith.ok(&["add", "Ines Berg"]);
    kith.ok(&["add", "Lena Fischer"]);
    kith.ok(&["link", "ines", "tomas", "--as", "friend"]);
    let mine = kith.json(&["link", "ines", "me", "--as", "sibling", "--since", "1990"]);
    assert_eq!(mine[0]["what"], "sibling");
    // "I manage Lena": she is your report.
    kith.ok(&["link", "me", "lena", "--as", "manager"]);
    let text = kith.ok(&["links", "me"]);
    assert!(
        text.contains("Ines Berg (#2): your sibling, since 1990"),
        "{text}"
    );
    assert!(text.contains("Lena Fischer (#3): your report"), "{text}");
    assert!(kith
        .ok(&["links", "ines"])
        .starts_with("To you: your sibling"));
    let path = kith.json(&["path", "tomas"]);
    assert!(
        path["routes"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Ines Berg — your sibling; "),
        "{path}"
    );
    kith.fails(&["link", "me", "ME", "--as", "friend"], 2);
    let refused = kith.fails(&["link", "me", "lena", "--as", "introduced"], 2);
    assert!(refused.contains("not you"), "{refused}");
    kith.ok(&["unlink", "lena", "me"]);
    assert_eq!(kith.json(&["links", "me"]).as_array().unwrap().len(), 1);
}

#[test]
fn any_csv_imports_with_its_columns_mapped_by_name_or_position() {
    let kith = Kith::new();
    let dir = tempfile::tempdir().unwrap();
    // A spreadsheet of one's own, semicolons, saved by Excel as Windows-1252.
    let mine = dir.path().join("mine.csv");
    let mut bytes = b"Full name;Mail;Mobile;Employer;Met\r\n".to_vec();
    bytes.extend(b"Jos\xe9 Garc\xeda;jose@example.es;+34 612 345 678;Telef\xf3nica;2024-05-30\r\n");
    bytes.extend(b"Grace Hopper;grace@navy.example;;Navy;05/30/2024\r\n");
    std::fs::write(&mine, bytes).unwrap();
    let path = mine.to_str().unwrap();
    // Not a known layout: the message says how to map it, with a guess.
    let refused = kith.fails(&["import", path], 2);
    assert!(
        refused.contains(
            "--columns \"Full name=name,Mail=email,Mobile=phone,Employer=company,Met=connected\""
        ),
        "{refused}"
    );
    let mapping = "Full name=name,Mail=email,Mobile=phone,Employer=company,Met=connected";
    let report = kith.json(&["import", path, "--columns", mapping]);
    assert_eq!(report["new"], 2);
    assert_eq!(report["touchesAdded"], 2);
    let jose = kith.json(&["show", "José García"]);
    assert_eq!(jose["person"]["company"], "Telefónica");
    assert_eq!(jose["touches"][0]["kind"], "connected");
    // Again: the same people, nothing new.
    assert_eq!(kith.json(&["import", path, "--columns", mapping])["new"], 0);
    // A file with the same header needs no mapping the next time.
    let next = dir.path().join("next-month.csv");
    std::fs::write(
        &next,
        "FULL NAME;Mail;Mobile;Employer;Met\r\nKen Thompson;ken@bell.example;;Bell Labs;2024-06-01\r\n",
    )
    .unwrap();
    let report = kith.json(&["import", next.to_str().unwrap()]);
    assert_eq!(report["new"], 1);
    assert_eq!(report["files"][0]["format"], "csv");
    assert_eq!(
        kith.json(&["show", "Ken"])["person"]["company"],
        "Bell Labs"
    );

    // No header row, columns by position, a separator Kith would not guess.
    let bare = dir.path().join("bare.txt");
    std::fs::write(&bare, "Ada Lovelace|Analytical Engines|ada@example.org\n").unwrap();
    let bare = bare.to_str().unwrap();
    let report = kith.json(&[
        "import",
        bare,
        "--columns",
        "1=name,2=company,3=email",
        "--delimiter",
        "|",
    ]);
    assert_eq!(report["new"], 1);
    assert_eq!(
        kith.json(&["show", "Ada"])["person"]["company"],
        "Analytical Engines"
    );

    // UTF-16 without a byte order mark: only with --encoding.
    let utf16 = dir.path().join("utf16.csv");
    let text = "Name,Mail\r\nLinus Torvalds,linus@kernel.example\r\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&utf16, le).unwrap();
    let utf16 = utf16.to_str().unwrap();
    let report = kith.json(&[
        "import",
        utf16,
        "--columns",
        "Name=name,Mail=email",
        "--encoding",
        "utf-16le",
    ]);
    assert_eq!(report["new"], 1);
    assert!(kith.ok(&["show", "Linus"]).contains("linus@kernel.example"));

    for bad in [
        vec!["--columns", "Full name=nom"],
        vec!["--columns", "1=name,Mail=email"],
        vec!["--columns", mapping, "--delimiter", "ab"],
        vec!["--columns", mapping, "--encoding", "klingon"],
    ] {
        let mut args = vec!["import", path];
        args.extend(bad);
        kith.fails(&args, 2);
    }
}
