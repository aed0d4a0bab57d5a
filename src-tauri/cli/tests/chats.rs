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
