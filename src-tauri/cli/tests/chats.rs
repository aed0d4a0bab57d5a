//! Chats on the command line: WhatsApp exports (a `.txt`, or the `.zip`
//! with media) read into touches, against a real database file.

mod common;

use std::path::PathBuf;

use common::*;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../exchange/tests/fixtures/chats")
        .join(name)
        .display()
        .to_string()
}

fn messages(kith: &Kith, who: &str) -> Vec<String> {
    let shown = kith.json(&["show", who]);
    shown["touches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "message")
        .map(|t| t["direction"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_whatsapp_export_asks_who_you_are_then_logs_each_day_once() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund"]);
    let chat = fixture("WhatsApp Chat with Maya Lund.txt");

    let asked = kith.fails(&["import", &chat], 2);
    assert!(asked.contains("--me"), "{asked}");
    assert!(asked.contains("Ada Lovelace, Maya Lund"), "{asked}");

    let preview = kith.json(&["import", &chat, "--me", "Ada Lovelace", "--dry-run"]);
    assert_eq!(
        (preview["days"].as_u64(), preview["people"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(messages(&kith, "maya").is_empty());

    let text = kith.ok(&["import", &chat, "--me", "Ada Lovelace"]);
    assert!(
        text.contains("Read 6 messages from Maya Lund (WhatsApp)"),
        "{text}"
    );
    assert!(text.contains("4 touches made"), "{text}");
    assert_eq!(messages(&kith, "maya"), ["out", "out", "in", "mutual"]);

    let again = kith.json(&["import", &chat, "--me", "Ada Lovelace"]);
    assert_eq!(
        (
            again["touchesMade"].as_u64(),
            again["touchesChanged"].as_u64()
        ),
        (Some(0), Some(0))
    );
}

#[test]
fn a_number_is_matched_by_phone_and_a_group_zip_names_who_is_not_in_kith() {
    let kith = Kith::new();
    kith.ok(&["add", "Ola Nordmann", "--phone", "+49 151 2345678"]);
    kith.ok(&["add", "Maya Lund"]);
    let german = kith.json(&[
        "import",
        &fixture("WhatsApp-Chat mit +49 151 2345678.txt"),
        "--me",
        "Ada Lovelace",
    ]);
    assert_eq!(german["touchesMade"], 2);
    assert_eq!(messages(&kith, "ola"), ["out", "mutual"]);

    let group = kith.json(&[
        "import",
        &fixture("WhatsApp Chat - Climbing club.zip"),
        "--me",
        "Ada Lovelace",
    ]);
    assert_eq!(group["chat"], "Climbing club");
    assert_eq!(group["touchesMade"], 2, "{group}");
    assert_eq!(group["notInKith"][0]["author"], "Kai Berg");
    assert_eq!(messages(&kith, "maya"), ["mutual", "mutual"]);
}

#[test]
fn a_telegram_export_of_every_chat_knows_its_owner() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund"]);
    let export = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../exchange/tests/fixtures/telegram/result.json")
        .display()
        .to_string();
    let reports = kith.json(&["import", &export]);
    let chats: Vec<(&str, u64)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["chat"].as_str().unwrap(),
                r["touchesMade"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(chats, [("Maya Lund", 3), ("Climbing club", 1)]);
    assert_eq!(reports[1]["notInKith"][0]["author"], "Kai Berg");
    assert_eq!(messages(&kith, "maya"), ["out", "in", "mutual", "mutual"]);
}

#[test]
fn someone_chatted_with_who_is_not_in_kith_is_suggested_and_added_with_their_days() {
    let kith = Kith::new();
    let chat = fixture("WhatsApp Chat with Maya Lund.txt");
    kith.ok(&["import", &chat, "--me", "Ada Lovelace"]);
    // Maya is no one in Kith yet: her days wait, and she is suggested.
    let suggested = kith.json(&["suggested", "chats"]);
    assert_eq!(suggested[0]["author"], "Maya Lund", "{suggested}");
    assert_eq!(suggested[0]["days"], 4);
    let text = kith.ok(&["suggested"]);
    assert!(text.contains("From chats"), "{text}");
    assert!(text.contains("Maya Lund  chatted on 4 days"), "{text}");
    // The mail list's JSON is as it was: mail only.
    assert_eq!(kith.json(&["suggested"]), serde_json::json!([]));

    let added = kith.json(&["suggested", "add", "Maya Lund"]);
    assert_eq!(added["displayName"], "Maya Lund");
    assert_eq!(messages(&kith, "maya"), ["out", "out", "in", "mutual"]);
    assert_eq!(kith.json(&["suggested", "chats"]), serde_json::json!([]));
    let nobody = kith.fails(&["suggested", "add", "Someone Else"], 2);
    assert!(nobody.contains("Someone Else"), "{nobody}");
}

#[test]
fn a_chat_read_again_in_another_zone_keeps_the_days_of_the_zone_it_was_first_read_in() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund"]);
    let chat = fixture("WhatsApp Chat with Maya Lund.txt");
    let text = kith.ok(&["import", &chat, "--me", "Ada Lovelace"]);
    // Berlin is an hour ahead of UTC in winter, two in summer.
    let read_in = |text: &str| {
        text.contains("Europe/Berlin, UTC+01:00") || text.contains("Europe/Berlin, UTC+02:00")
    };
    assert!(
        text.contains("Times read in Europe/Berlin, UTC+0"),
        "{text}"
    );
    assert!(read_in(&text), "{text}");
    let days: Vec<String> = kith.json(&["show", "maya"])["touches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["at"].as_str().unwrap().to_owned())
        .collect();
    // The same export on a computer in Los Angeles: nothing moves.
    let out = kith_testing::succeeds(
        std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["--db", kith.db.to_str().unwrap(), "import", &chat])
            .args(["--me", "Ada Lovelace", "--json"])
            .env_remove("KITH_DB")
            .env("TZ", "America/Los_Angeles"),
    );
    let again: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            again["touchesMade"].as_u64(),
            again["touchesChanged"].as_u64()
        ),
        (Some(0), Some(0)),
        "{again}"
    );
    assert!(read_in(again["readIn"].as_str().unwrap()), "{again}");
    let after: Vec<String> = kith.json(&["show", "maya"])["touches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["at"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(after, days);
}

#[test]
fn keep_first_line_makes_each_days_first_line_the_touchs_summary() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund"]);
    let chat = fixture("WhatsApp Chat with Maya Lund.txt");
    kith.ok(&["import", &chat, "--me", "Ada Lovelace"]);
    let summaries = |kith: &Kith| -> Vec<String> {
        kith.json(&["show", "maya"])["touches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["summary"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert!(summaries(&kith).iter().all(|s| s == "WhatsApp chat"));
    // Read again with the switch: the same touches, now with what was said.
    let again = kith.json(&["import", &chat, "--me", "Ada Lovelace", "--keep-first-line"]);
    assert_eq!(again["touchesMade"], 0);
    assert_eq!(again["touchesChanged"], 4);
    assert_eq!(
        summaries(&kith),
        [
            "WhatsApp chat: (and the book tip)",
            "WhatsApp chat: Thanks for lunch, that was great",
            "WhatsApp chat: See you Tuesday",
            "WhatsApp chat: Are you around next week?",
        ]
    );
    // Without it again, what was kept stays.
    let plain = kith.json(&["import", &chat, "--me", "Ada Lovelace"]);
    assert_eq!(plain["touchesChanged"], 0);
    assert_eq!(summaries(&kith)[2], "WhatsApp chat: See you Tuesday");
}
