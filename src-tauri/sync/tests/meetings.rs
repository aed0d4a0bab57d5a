//! Meetings read from the account's own calendars, written there by
//! another CalDAV client (Python's `caldav`) on a real Radicale: chosen by
//! name, read at each sync, an event cancelled or deleted elsewhere takes
//! its touches away, and a calendar no longer chosen takes its meetings.

mod common;

use common::*;
use kith_core::domain::TouchKind;

fn client(server: &Server, args: &[&str]) {
    calendar_client(server, args);
}

fn put(server: &Server, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("event.ics");
    std::fs::write(&file, text).unwrap();
    client(server, &["put", "Work", file.to_str().unwrap()]);
}

const WEEKLY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Phone//EN\r\nBEGIN:VEVENT\r\nUID:weekly-1on1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260202T100000\r\nDTEND;TZID=Europe/Berlin:20260202T103000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Ada / Maya 1:1\r\nDESCRIPTION:https://meet.google.com/abc-defg-hij\r\nORGANIZER:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Maya Lund:mailto:maya@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn lunch(status: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Phone//EN\r\nBEGIN:VEVENT\r\nUID:lunch\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260305T113000Z\r\nDTEND:20260305T130000Z\r\nSUMMARY:Lunch\r\nLOCATION:Café Einstein\r\nSTATUS:{status}\r\nORGANIZER:mailto:ola@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:maya@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ola@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

fn meetings(kith: &Kith, name: &str) -> Vec<(TouchKind, String)> {
    kith.store
        .touches(kith.id(name))
        .unwrap()
        .into_iter()
        .filter(|t| matches!(t.kind, TouchKind::Meeting | TouchKind::Video))
        .map(|t| (t.kind, t.summary.unwrap_or_default()))
        .collect()
}

/// A Radicale with Kith joined (the user being ada@home.example), Maya
/// and Ola in Kith, and a calendar "Work" another client made.
async fn with_a_work_calendar() -> (Server, Kith) {
    let server = Server::radicale();
    let kith = Kith::new();
    kith.join(&server).await;
    kith.store
        .add_my_addresses(&["ada@home.example".to_owned()])
        .unwrap();
    kith.add("Maya Lund", None, Some("maya@example.org"));
    kith.add("Ola Nordmann", None, Some("ola@example.org"));
    client(&server, &["make", "Work"]);
    (server, kith)
}

#[tokio::test]
async fn the_chosen_calendars_give_meetings_and_take_back_what_changed_elsewhere() {
    let (server, kith) = with_a_work_calendar().await;
    kith.sync().await;
    put(&server, WEEKLY);
    put(&server, &lunch("CONFIRMED"));

    // Listed with Kith's own collections left out; nothing read until chosen.
    let listed = kith_sync::calendars(&kith.store, Some(PASSWORD))
        .await
        .unwrap();
    let names: Vec<Option<&str>> = listed.iter().map(|c| c.name.as_deref()).collect();
    assert!(names.contains(&Some("Work")), "{names:?}");
    assert!(!names.contains(&Some("Kith follow-ups")), "{names:?}");
    kith.sync().await;
    assert!(meetings(&kith, "Maya").is_empty());
    let unknown =
        kith_sync::use_calendars(&kith.store, Some(PASSWORD), &["Holidays".into()], at(1))
            .await
            .unwrap_err();
    assert!(
        unknown.to_string().contains("no calendar named 'Holidays'"),
        "{unknown}"
    );

    let chosen = kith_sync::use_calendars(&kith.store, Some(PASSWORD), &["work".into()], at(1))
        .await
        .unwrap();
    assert!(chosen
        .iter()
        .any(|c| c.used && c.name.as_deref() == Some("Work")));
    kith.sync().await;
    let maya = meetings(&kith, "Maya");
    assert_eq!(maya.len(), 5, "four weekly and the lunch: {maya:?}");
    assert_eq!(
        maya.iter().filter(|(k, _)| *k == TouchKind::Video).count(),
        4
    );
    assert_eq!(
        meetings(&kith, "Ola"),
        [(TouchKind::Meeting, "Lunch".to_owned())]
    );
    // Again: nothing doubles.
    kith.sync().await;
    assert_eq!(meetings(&kith, "Maya").len(), 5);

    // Cancelled on the phone, and the series deleted there.
    put(&server, &lunch("CANCELLED"));
    client(&server, &["delete", "Work", "weekly-1on1"]);
    // The touches they gave go, here and (as journal entries) on the
    // server: all of them, which a sync does only when told.
    kith.try_sync(true).await.unwrap();
    assert!(meetings(&kith, "Maya").is_empty());
    assert!(meetings(&kith, "Ola").is_empty());

    // Chosen again with the lunch back on, then not chosen: its meeting goes.
    put(&server, &lunch("CONFIRMED"));
    kith.sync().await;
    assert_eq!(meetings(&kith, "Ola").len(), 1);
    kith.store.choose_meeting_calendars(&[], at(2)).unwrap();
    assert!(meetings(&kith, "Ola").is_empty());

    // A chosen calendar gone from the server does not stop the sync.
    kith.store
        .choose_meeting_calendars(&[(server.collection_path("gone"), None)], at(3))
        .unwrap();
    kith.try_sync(true).await.unwrap();
}

/// A monthly series with one date left out and one moved, written as a
/// phone's calendar writes it (the series and its moved occurrence in one
/// resource).
const MONTHLY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Phone//EN\r\nBEGIN:VEVENT\r\nUID:monthly-review\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T150000Z\r\nDTEND:20260105T160000Z\r\nRRULE:FREQ=MONTHLY;COUNT=4\r\nEXDATE:20260205T150000Z\r\nSUMMARY:Monthly review\r\nLOCATION:Northwind office, room 4\r\nORGANIZER:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Ola Nordmann:mailto:ola@example.org\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:monthly-review\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID:20260305T150000Z\r\nDTSTART:20260306T090000Z\r\nDTEND:20260306T100000Z\r\nSUMMARY:Monthly review (moved)\r\nLOCATION:Northwind office, room 4\r\nORGANIZER:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Ola Nordmann:mailto:ola@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn invite(uid: &str, start: &str, my_answer: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Phone//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDURATION:PT45M\r\nSUMMARY:Coffee\r\nORGANIZER;CN=Maya Lund:mailto:maya@example.org\r\nATTENDEE;PARTSTAT={my_answer}:mailto:ada@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:maya@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

fn times(kith: &Kith, name: &str) -> Vec<String> {
    let mut at: Vec<String> = kith
        .store
        .touches(kith.id(name))
        .unwrap()
        .into_iter()
        .filter(|t| matches!(t.kind, TouchKind::Meeting | TouchKind::Video))
        .map(|t| t.at.format("%Y-%m-%d %H:%M").to_string())
        .collect();
    at.sort();
    at
}

#[tokio::test]
async fn exceptions_declines_and_an_event_moved_after_it_was_counted_read_as_the_phone_wrote_them()
{
    let (server, kith) = with_a_work_calendar().await;
    put(&server, MONTHLY);
    put(&server, &invite("coffee-1", "20260210T080000Z", "ACCEPTED"));
    put(&server, &invite("coffee-2", "20260217T080000Z", "DECLINED"));
    kith_sync::use_calendars(&kith.store, Some(PASSWORD), &["Work".into()], at(1))
        .await
        .unwrap();
    kith.sync().await;
    // January, (February left out), March moved to the 6th, April; in
    // person, at the room given.
    assert_eq!(
        times(&kith, "Ola"),
        ["2026-01-05 15:00", "2026-03-06 09:00", "2026-04-05 15:00"]
    );
    assert!(kith
        .store
        .touches(kith.id("Ola"))
        .unwrap()
        .iter()
        .filter(|t| t.kind == TouchKind::Meeting)
        .all(|t| t.channel == kith_core::domain::Channel::InPerson));
    // The coffee she declined is no touch.
    assert_eq!(times(&kith, "Maya"), ["2026-02-10 08:00"]);

    // Moved on the phone after it was counted: the touch moves with it.
    put(&server, &invite("coffee-1", "20260212T083000Z", "ACCEPTED"));
    // And the declined one accepted after all.
    put(&server, &invite("coffee-2", "20260217T080000Z", "ACCEPTED"));
    kith.sync().await;
    assert_eq!(
        times(&kith, "Maya"),
        ["2026-02-12 08:30", "2026-02-17 08:00"]
    );
}
