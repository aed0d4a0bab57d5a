//! Conversations read from Telegram Desktop's JSON exports: one chat, and
//! a whole account's (fixtures in `tests/fixtures/telegram/`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use kith_core::domain::Direction;
use kith_exchange::chats::ChatError;
use kith_exchange::telegram::read_telegram;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/telegram")
        .join(name)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn one_chat_needs_the_user_named_then_gives_its_days() {
    let path = fixture("result-one-chat.json");
    let asked = read_telegram(&path, None, chrono_tz::UTC)
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        asked,
        ChatError::WhoAreYou(vec!["Ada Lovelace".into(), "Maya Lund".into()])
    );
    let reads = read_telegram(&path, Some("ada lovelace"), chrono_tz::UTC)
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(reads.len(), 1);
    let got: Vec<(&str, NaiveDate, Direction)> = reads[0]
        .touches
        .iter()
        .map(|t| (t.author.as_str(), t.day, t.direction))
        .collect();
    // The call (a service message) is not a message; the text, a list of
    // entities or a string, is not kept unless asked.
    assert_eq!(
        got,
        [
            ("Maya Lund", day(2025, 12, 28), Direction::Mutual),
            ("Maya Lund", day(2026, 1, 3), Direction::In),
            ("Maya Lund", day(2026, 1, 13), Direction::Out),
        ]
    );
    assert_eq!(reads[0].touches[0].source, "telegram");
    // A day is the user's: 23:59 UTC on the 13th is the 14th in Tokyo.
    let tokyo = read_telegram(&path, Some("Ada Lovelace"), chrono_tz::Asia::Tokyo)
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(tokyo[0].touches[2].day, day(2026, 1, 14));
}

#[test]
fn a_whole_export_knows_its_owner_and_reads_only_conversations() {
    let reads = read_telegram(&fixture("result.json"), None, chrono_tz::UTC)
        .unwrap()
        .unwrap()
        .unwrap();
    let chats: Vec<&str> = reads.iter().map(|r| r.chat.as_str()).collect();
    assert_eq!(chats, ["Maya Lund", "Climbing club"]);
    let group: Vec<(&str, NaiveDate)> = reads[1]
        .touches
        .iter()
        .map(|t| (t.author.as_str(), t.day))
        .collect();
    assert_eq!(
        group,
        [
            ("Kai Berg", day(2025, 12, 28)),
            ("Maya Lund", day(2025, 12, 28))
        ]
    );
}

#[test]
fn other_json_is_not_a_telegram_export() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"format": "kith", "people": []}"#).unwrap();
    assert!(read_telegram(&other, None, chrono_tz::UTC)
        .unwrap()
        .is_none());
    // Kith's own export quoting Telegram's words in a note is still Kith's.
    let kith = dir.path().join("kith.json");
    let note = format!(
        r#"{{"format": "{}", "people": [{{"notes": ["personal_chat", "date_unixtime"]}}]}}"#,
        kith_exchange::export::JSON_FORMAT
    );
    std::fs::write(&kith, note).unwrap();
    assert!(read_telegram(&kith, None, chrono_tz::UTC)
        .unwrap()
        .is_none());
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{"name": "x", "type": "personal_chat", "messages": [ {"#,
    )
    .unwrap();
    assert!(read_telegram(&broken, None, chrono_tz::UTC).is_err());
}

#[test]
fn each_days_first_line_is_kept_only_when_asked_and_read_from_entities_too() {
    let path = fixture("result-one-chat.json");
    let plain = read_telegram(&path, Some("Ada Lovelace"), chrono_tz::UTC)
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(plain[0].touches.iter().all(|t| t.first_line.is_none()));
    let kept = kith_exchange::telegram::read_telegram_with(
        &path,
        Some("Ada Lovelace"),
        chrono_tz::UTC,
        true,
    )
    .unwrap()
    .unwrap()
    .unwrap();
    // The conversation's first line that day, from either side.
    assert_eq!(
        kept[0].touches[0].first_line.as_deref(),
        Some("Are you around next week?")
    );
    assert_eq!(kept[0].touches.len(), plain[0].touches.len());
}
