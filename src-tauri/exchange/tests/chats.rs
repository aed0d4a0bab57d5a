//! Conversations read from WhatsApp chat exports as Android and iOS write
//! them in several languages (fixtures in `tests/fixtures/chats/`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use kith_core::domain::Direction;
use kith_exchange::chats::{chat_text, read_whatsapp, ChatError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/chats")
        .join(name)
}

/// A touch as the tests compare it: author, day, direction, time.
type Seen = (String, NaiveDate, Direction, DateTime<Utc>);

fn touches(name: &str, me: &str) -> (String, Vec<Seen>) {
    let (text, chat) = chat_text(&fixture(name)).unwrap().expect("a chat");
    let read = read_whatsapp(&text, &chat, Some(me), chrono_tz::UTC).unwrap();
    (
        read.chat,
        read.touches
            .into_iter()
            .map(|t| (t.author, t.day, t.direction, t.at))
            .collect(),
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn an_android_us_export_gives_one_touch_a_day_with_its_direction() {
    let (chat, got) = touches("WhatsApp Chat with Maya Lund.txt", "ada lovelace");
    assert_eq!(chat, "Maya Lund");
    let maya = "Maya Lund".to_owned();
    assert_eq!(
        got,
        [
            (
                maya.clone(),
                day(2025, 12, 28),
                Direction::Mutual,
                at("2025-12-28T09:21:00Z")
            ),
            (
                maya.clone(),
                day(2026, 1, 3),
                Direction::In,
                at("2026-01-03T18:05:00Z")
            ),
            (
                maya.clone(),
                day(2026, 1, 13),
                Direction::Out,
                at("2026-01-13T23:59:00Z")
            ),
            (
                maya,
                day(2026, 1, 14),
                Direction::Out,
                at("2026-01-14T00:01:00Z")
            ),
        ]
    );
}

#[test]
fn a_german_export_names_someone_by_their_number_and_reads_dotted_dates() {
    let (chat, got) = touches("WhatsApp-Chat mit +49 151 2345678.txt", "Ada Lovelace");
    assert_eq!(chat, "+49 151 2345678");
    let ola = "+49 151 2345678".to_owned();
    assert_eq!(
        got,
        [
            (
                ola.clone(),
                day(2025, 12, 28),
                Direction::Mutual,
                at("2025-12-28T21:15:00Z")
            ),
            (
                ola,
                day(2026, 1, 2),
                Direction::Out,
                at("2026-01-02T08:00:00Z")
            ),
        ]
    );
}

#[test]
fn an_ios_group_in_its_zip_counts_the_days_the_user_wrote() {
    let (chat, got) = touches("WhatsApp Chat - Climbing club.zip", "Ada Lovelace");
    assert_eq!(chat, "Climbing club");
    let summary: Vec<(&str, NaiveDate, Direction)> = got
        .iter()
        .map(|(a, d, dir, _)| (a.as_str(), *d, *dir))
        .collect();
    // The 29th only Kai wrote (a photo): no touch. The chat's own system
    // lines are no one.
    assert_eq!(
        summary,
        [
            ("Kai Berg", day(2025, 12, 28), Direction::Mutual),
            ("Maya Lund", day(2025, 12, 28), Direction::Mutual),
            ("Maya Lund", day(2025, 12, 30), Direction::Mutual),
        ]
    );
}

#[test]
fn a_spanish_export_reads_its_afternoon_clock() {
    let (_, got) = touches("Chat de WhatsApp con Maya Lund.txt", "Ada Lovelace");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].3, at("2025-12-28T21:20:00Z"));
}

#[test]
fn without_the_user_named_the_authors_are_listed() {
    let (text, chat) = chat_text(&fixture("WhatsApp Chat with Maya Lund.txt"))
        .unwrap()
        .unwrap();
    let asked = read_whatsapp(&text, &chat, None, chrono_tz::UTC).unwrap_err();
    assert_eq!(
        asked,
        ChatError::WhoAreYou(vec!["Ada Lovelace".into(), "Maya Lund".into()])
    );
    assert_eq!(
        read_whatsapp("just some text\nand more", "x", Some("Ada"), chrono_tz::UTC).unwrap_err(),
        ChatError::NotAChat
    );
    // A vCard is not a chat.
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("card.txt");
    std::fs::write(&card, "BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n").unwrap();
    assert!(chat_text(&card).unwrap().is_none());
}

#[test]
fn each_days_first_line_is_kept_only_when_asked_and_media_notes_never() {
    let (text, chat) = chat_text(&fixture("WhatsApp Chat with Maya Lund.txt"))
        .unwrap()
        .expect("a chat");
    let plain = read_whatsapp(&text, &chat, Some("Ada Lovelace"), chrono_tz::UTC).unwrap();
    assert!(plain.touches.iter().all(|t| t.first_line.is_none()));
    let kept = kith_exchange::chats::read_whatsapp_with(
        &text,
        &chat,
        Some("Ada Lovelace"),
        chrono_tz::UTC,
        true,
    )
    .unwrap();
    let lines: Vec<Option<&str>> = kept
        .touches
        .iter()
        .map(|t| t.first_line.as_deref())
        .collect();
    assert_eq!(
        lines,
        [
            Some("Are you around next week?"),
            Some("See you Tuesday"),
            Some("Thanks for lunch, that was great"),
            Some("(and the book tip)"),
        ]
    );
    let media = format!("{text}1/20/26, 9:00 AM - Maya Lund: <Media omitted>\n");
    let kept = kith_exchange::chats::read_whatsapp_with(
        &media,
        &chat,
        Some("Ada Lovelace"),
        chrono_tz::UTC,
        true,
    )
    .unwrap();
    assert_eq!(kept.touches.last().unwrap().first_line, None);
}
