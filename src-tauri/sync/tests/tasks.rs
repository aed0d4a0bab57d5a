//! Follow-ups as tasks through a real Radicale (see `common`): two Kith
//! databases and a phone-like client writing tasks the way Apple's
//! Reminders and DAVx5 do.

mod common;

use std::time::Duration;

use chrono::Utc;
use chrono_tz::Tz;
use common::*;
use kith_core::domain::FollowUpId;
use kith_core::domain::{FollowUpDraft, FollowUpStatus, Repeat};
use kith_core::store::{FollowUpFilter, Side};
use kith_core::when::{format_local, Zone};

/// A follow-up as the tests compare them: text, local due time, zone,
/// repeat, status.
type Seen = (
    String,
    String,
    Option<String>,
    Option<String>,
    FollowUpStatus,
);

fn list_path() -> String {
    format!("/{USER}/kith-follow-ups/")
}

/// The tasks in the list on the server: file name and text.
fn tasks_on_server(server: &Server) -> Vec<(String, String)> {
    stored(server, "kith-follow-ups")
}

impl Kith {
    fn follow_up_id(&self, what: &str) -> FollowUpId {
        let person = self.id("Ada Lovelace");
        self.store
            .follow_ups(FollowUpFilter::OfPerson(person))
            .unwrap()
            .into_iter()
            .find(|f| f.what == what)
            .unwrap_or_else(|| panic!("no follow-up '{what}'"))
            .id
    }

    /// Ada's follow-ups, sorted.
    fn follow_ups(&self) -> Vec<Seen> {
        let mut out: Vec<Seen> = self
            .store
            .follow_ups(FollowUpFilter::OfPerson(self.id("Ada Lovelace")))
            .unwrap()
            .into_iter()
            .map(|f| {
                (
                    f.what,
                    format_local(f.due.local),
                    f.due.zone.name().map(str::to_owned),
                    f.repeat.map(Repeat::code),
                    f.status,
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

fn berlin() -> Zone {
    Zone::Fixed(chrono_tz::Europe::Berlin)
}

/// Two Kiths on one server, both with Ada and her two follow-ups (a
/// weekly one pinned to Berlin, a floating one-off).
async fn two_with_follow_ups(server: &Server) -> (Kith, Kith) {
    let (a, b) = (Kith::new(), Kith::new());
    a.join(server).await;
    a.add("Ada Lovelace", None, None);
    a.follow_up(
        "Ada Lovelace",
        "Ask how the launch went",
        "2026-12-03 09:30",
        berlin(),
        Some("1w"),
    );
    a.follow_up(
        "Ada Lovelace",
        "Send the deck",
        "2026-12-05 18:00",
        Zone::Floating,
        None,
    );
    let first = a.sync().await;
    assert_eq!(first.pushed, 3, "Ada and two tasks: {first:?}");
    b.join(server).await;
    b.sync().await;
    (a, b)
}

#[tokio::test]
async fn follow_ups_made_on_one_kith_reach_the_other_with_their_zone_and_repeat() {
    let server = Server::radicale();
    let (a, b) = two_with_follow_ups(&server).await;
    assert_eq!(b.follow_ups(), a.follow_ups());
    assert_eq!(
        b.follow_ups(),
        vec![
            (
                "Ask how the launch went".into(),
                "2026-12-03T09:30:00".into(),
                Some("Europe/Berlin".into()),
                Some("1w".into()),
                FollowUpStatus::Open
            ),
            (
                "Send the deck".into(),
                "2026-12-05T18:00:00".into(),
                None,
                None,
                FollowUpStatus::Open
            ),
        ]
    );
    let tasks = tasks_on_server(&server);
    assert_eq!(tasks.len(), 2);
    let weekly = &tasks.iter().find(|(_, t)| t.contains("launch")).unwrap().1;
    for line in [
        "SUMMARY:Ada Lovelace: Ask how the launch went",
        "DUE;TZID=Europe/Berlin:20261203T093000",
        "RRULE:FREQ=WEEKLY;INTERVAL=1",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:VALARM",
        "STATUS:NEEDS-ACTION",
    ] {
        assert!(weekly.contains(line), "{line} missing:\n{weekly}");
    }
    let floating = &tasks.iter().find(|(_, t)| t.contains("deck")).unwrap().1;
    assert!(floating.contains("DUE:20261205T180000\r\n"), "{floating}");
    assert!(!floating.contains("VTIMEZONE"));
    // Nothing changed: nothing moves.
    let quiet = b.sync().await;
    assert_eq!((quiet.pushed, quiet.pulled), (0, 0), "{quiet:?}");
}

#[tokio::test]
async fn done_and_edits_on_either_side_merge_and_come_back() {
    let server = Server::radicale();
    let (a, b) = two_with_follow_ups(&server).await;

    // B: the one-off done, the weekly one done for this week.
    b.store
        .complete_follow_up(b.follow_up_id("Send the deck"), Tz::UTC, Utc::now())
        .unwrap();
    b.store
        .complete_follow_up(
            b.follow_up_id("Ask how the launch went"),
            Tz::UTC,
            Utc::now(),
        )
        .unwrap();
    // A: the weekly one says something else.
    let weekly = a.follow_up_id("Ask how the launch went");
    let current = a.store.follow_up(weekly).unwrap();
    let draft = FollowUpDraft::new(
        current.person,
        "Ask how the launch party went",
        current.due,
        current.repeat,
    )
    .unwrap();
    a.store.update_follow_up(weekly, &draft, Tz::UTC).unwrap();

    b.sync().await;
    let report = a.sync().await;
    assert_eq!(report.conflicts, 0, "{report:?}");
    b.sync().await;
    let seen = a.follow_ups();
    assert_eq!(seen, b.follow_ups());
    assert_eq!(seen[0].0, "Ask how the launch party went");
    assert_eq!(seen[0].1, "2026-12-10T09:30:00", "moved on a week");
    assert_eq!(seen[1].4, FollowUpStatus::Done);
    let deck = tasks_on_server(&server)
        .into_iter()
        .find(|(_, t)| t.contains("deck"))
        .unwrap()
        .1;
    assert!(deck.contains("STATUS:COMPLETED"), "{deck}");
    assert!(deck.contains("\r\nCOMPLETED:"), "{deck}");
}

#[tokio::test]
async fn the_same_follow_up_moved_on_both_sides_keeps_the_newer_and_lists_the_other() {
    let server = Server::radicale();
    let (a, b) = two_with_follow_ups(&server).await;
    let deck = |k: &Kith| k.follow_up_id("Send the deck");
    let later = |days: i64| Utc::now() + chrono::Duration::days(days);
    // A moves it first; B a second later: B's is the newer edit, though
    // A syncs last.
    a.store
        .snooze_follow_up(deck(&a), later(10), Tz::UTC, Utc::now())
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    b.store
        .snooze_follow_up(deck(&b), later(20), Tz::UTC, Utc::now())
        .unwrap();
    b.sync().await;
    let report = a.sync().await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    let b_due = b.store.follow_up(deck(&b)).unwrap().due;
    assert_eq!(a.store.follow_up(deck(&a)).unwrap().due, b_due);
    let conflicts = a.store.sync_conflicts().unwrap();
    let c = &conflicts[0];
    assert_eq!(
        (c.collection.as_str(), c.field.as_str(), c.label.as_str()),
        ("follow_ups", "due", "Ada Lovelace")
    );
    assert_eq!(c.kept_from, Side::Server);

    // Flipped: A's own time comes back and reaches B.
    kith_sync::flip_conflict(&a.store, c.id, Utc::now()).unwrap();
    let a_due = a.store.follow_up(deck(&a)).unwrap().due;
    assert_ne!(a_due, b_due);
    assert_eq!(
        format_local(a_due.local),
        c.other.split(' ').take(2).collect::<Vec<_>>().join("T")
    );
    a.sync().await;
    b.sync().await;
    assert_eq!(b.store.follow_up(deck(&b)).unwrap().due, a_due);
}

/// A task as Apple's Reminders writes one about Ada (who it is about comes
/// from Kith's own property), with the phone's own lines.
fn phone_task(uid: &str, ada: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iOS 18.1//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VTODO\r\nUID:{uid}\r\nCREATED:20261129T100000Z\r\nDTSTAMP:20261129T100000Z\r\n\
LAST-MODIFIED:20261129T100000Z\r\nSUMMARY:Book the lunch\r\nX-KITH-PERSON:{ada}\r\n\
DTSTART;TZID=Europe/Berlin:20261208T120000\r\nDUE;TZID=Europe/Berlin:20261208T120000\r\n\
STATUS:NEEDS-ACTION\r\nX-APPLE-SORT-ORDER:736\r\nX-APPLE-FLAGGED:1\r\n\
BEGIN:VALARM\r\nX-WR-ALARMUID:1C3F\r\nUID:1C3F\r\nTRIGGER;VALUE=DATE-TIME:20261208T110000Z\r\n\
ACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
}

#[tokio::test]
async fn tasks_written_and_completed_by_a_phone_reach_kith_and_the_phones_lines_survive() {
    let server = Server::radicale();
    let (a, _b) = two_with_follow_ups(&server).await;
    let ada = a.store.people_for_sync().unwrap()[0].uid.clone();
    let href = format!("{}PHONE-1.ics", list_path());
    let (status, _) = server.request(
        "PUT",
        &href,
        &[
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("If-None-Match", "*"),
        ],
        &phone_task("PHONE-1", &ada),
    );
    assert_eq!(status, 201);
    // A task about nobody Kith knows is left alone.
    let stranger = phone_task("PHONE-2", "not-a-person-here");
    server.request(
        "PUT",
        &format!("{}PHONE-2.ics", list_path()),
        &[("Content-Type", "text/calendar")],
        &stranger,
    );
    let report = a.sync().await;
    assert_eq!((report.pulled, report.skipped), (1, 1), "{report:?}");
    let lunch = a
        .follow_ups()
        .into_iter()
        .find(|f| f.0 == "Book the lunch")
        .unwrap();
    assert_eq!(
        (lunch.1.as_str(), lunch.2.as_deref()),
        ("2026-12-08T12:00:00", Some("Europe/Berlin"))
    );

    // Kith moves it; the phone's own lines stay.
    let id = a.follow_up_id("Book the lunch");
    let due = a.store.follow_up(id).unwrap().due_at + chrono::Duration::hours(2);
    a.store
        .snooze_follow_up(id, due, Tz::UTC, Utc::now())
        .unwrap();
    a.sync().await;
    let (_, text) = server.request("GET", &href, &[], "");
    for kept in [
        "X-APPLE-SORT-ORDER:736",
        "X-APPLE-FLAGGED:1",
        "X-WR-ALARMUID:1C3F",
        "TRIGGER;VALUE=DATE-TIME:20261208T110000Z",
        "DUE;TZID=Europe/Berlin:20261208T140000",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }

    // The phone marks it done (as Reminders does: status, completion
    // time, percent); Kith closes it.
    let done = text
        .replace(
            "STATUS:NEEDS-ACTION",
            "STATUS:COMPLETED\r\nCOMPLETED:20261130T090000Z\r\nPERCENT-COMPLETE:100",
        )
        .replace("\r\n ", "");
    let (status, _) = server.request(
        "PUT",
        &href,
        &[("Content-Type", "text/calendar; charset=utf-8")],
        &done,
    );
    assert!(status == 201 || status == 204, "{status}");
    a.sync().await;
    let closed = a.store.follow_up(id).unwrap();
    assert_eq!(closed.status, FollowUpStatus::Done);
    assert_eq!(
        closed.done_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-30T09:00:00+00:00")
    );
    // The stranger's task is still there, untouched.
    let (_, still) = server.request("GET", &format!("{}PHONE-2.ics", list_path()), &[], "");
    assert!(still.contains("UID:PHONE-2"));
}

#[tokio::test]
async fn a_task_deleted_on_the_server_goes_here_and_a_trashed_persons_tasks_go_there() {
    let server = Server::radicale();
    let (a, b) = two_with_follow_ups(&server).await;
    a.add("Grace Hopper", None, None);
    a.add("Alan Turing", None, None);
    a.sync().await;
    b.sync().await;
    let (file, _) = tasks_on_server(&server)
        .into_iter()
        .find(|(_, t)| t.contains("deck"))
        .unwrap();
    let (status, _) = server.request("DELETE", &format!("{}{file}", list_path()), &[], "");
    assert_eq!(status, 200);
    a.sync().await;
    assert_eq!(a.follow_ups().len(), 1);
    b.sync().await;
    assert_eq!(b.follow_ups().len(), 1);

    // Ada to the trash on B: her tasks leave the server and A.
    b.store
        .trash_person(b.id("Ada Lovelace"), Utc::now())
        .unwrap();
    b.sync().await;
    assert!(tasks_on_server(&server).is_empty());
    a.sync().await;
    assert!(a.store.follow_ups_for_sync().unwrap().is_empty());
}

#[tokio::test]
async fn a_reminder_shown_on_one_computer_is_not_shown_again_on_the_other() {
    let server = Server::radicale();
    let (a, b) = two_with_follow_ups(&server).await;
    // Pinned to Berlin, so both computers mean the same instant whatever
    // their own zones (a floating time is each computer's own hour).
    a.follow_up(
        "Ada Lovelace",
        "Book the table",
        "2026-12-05 18:00",
        berlin(),
        None,
    );
    a.sync().await;
    b.sync().await;
    let due = a
        .store
        .follow_up(a.follow_up_id("Book the table"))
        .unwrap()
        .due_at;
    let grace = chrono::Duration::hours(24);
    // A shows the table and the weekly one (which moves on to next week).
    let claim = |k: &Kith| -> Vec<String> {
        k.store
            .claim_due(due, grace, Tz::UTC)
            .unwrap()
            .into_iter()
            .map(|r| r.what)
            .collect()
    };
    let shown = claim(&a);
    assert!(shown.iter().any(|w| w.contains("table")), "{shown:?}");
    a.sync().await;
    let text = tasks_on_server(&server)
        .into_iter()
        .find(|(_, t)| t.contains("table"))
        .unwrap()
        .1;
    assert!(text.contains("X-KITH-SHOWN:20261205T170000Z"), "{text}");
    b.sync().await;
    let on_b = claim(&b);
    assert!(
        !on_b
            .iter()
            .any(|w| w.contains("table") || w.contains("launch")),
        "shown on A already: {on_b:?}"
    );
    let weekly = b
        .store
        .follow_up(b.follow_up_id("Ask how the launch went"))
        .unwrap();
    assert_eq!(format_local(weekly.due.local), "2026-12-10T09:30:00");
}

#[tokio::test]
async fn open_follow_ups_can_be_mirrored_as_events_for_calendar_apps() {
    let server = Server::radicale();
    let (a, _b) = two_with_follow_ups(&server).await;
    let events = || -> Vec<String> {
        stored(&server, "kith-follow-ups-calendar")
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    };
    let set = |on: &str| {
        a.store
            .update_settings(|s| {
                kith_core::store::SettingsChange {
                    calendar_mirror: Some(on.into()),
                    ..Default::default()
                }
                .apply(s)
            })
            .unwrap();
    };
    set("on");
    a.sync().await;
    let again = a.sync().await;
    assert_eq!(
        again.pushed, 0,
        "an event as Kith wrote it is left: {again:?}"
    );
    let written = events();
    assert_eq!(written.len(), 2);
    let weekly = written.iter().find(|e| e.contains("launch")).unwrap();
    for line in [
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/Berlin:20261203T093000",
        "RRULE:FREQ=WEEKLY;INTERVAL=1",
        "BEGIN:VTIMEZONE",
        "SUMMARY:Ada Lovelace: Ask how the launch went",
    ] {
        assert!(weekly.contains(line), "{line} missing:\n{weekly}");
    }

    // Done: its event goes. Changed elsewhere: written again.
    a.store
        .complete_follow_up(a.follow_up_id("Send the deck"), Tz::UTC, Utc::now())
        .unwrap();
    a.sync().await;
    let left = events();
    assert_eq!(left.len(), 1);
    let file = stored(&server, "kith-follow-ups-calendar").remove(0).0;
    let href = format!("/{USER}/kith-follow-ups-calendar/{file}");
    let (status, _) = server.request(
        "PUT",
        &href,
        &[("Content-Type", "text/calendar")],
        &left[0].replace(
            "SUMMARY:Ada Lovelace: Ask how the launch went",
            "SUMMARY:Moved by hand",
        ),
    );
    assert!(status == 201 || status == 204, "{status}");
    a.sync().await;
    assert!(events()[0].contains("SUMMARY:Ada Lovelace: Ask how the launch went"));

    // Off: the events Kith wrote go, the calendar is forgotten.
    set("off");
    a.sync().await;
    assert!(events().is_empty());
    assert_eq!(a.store.sync_collection("events").unwrap(), None);
    // The tasks are untouched.
    assert_eq!(tasks_on_server(&server).len(), 2);
}

/// Runs Python's `caldav` client (Debian's python3-caldav) on the task
/// list; returns what it printed.
fn caldav_client(server: &Server, action: &str, uid: &str) -> String {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/caldav_client.py");
    let out = std::process::Command::new("/usr/bin/python3")
        .arg(script)
        .args([&server.url(), USER, PASSWORD, action, uid])
        .output()
        .expect(
            "python3 with the caldav package (the README's test command installs python3-caldav)",
        );
    assert!(
        out.status.success(),
        "the caldav client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_task_completed_by_another_caldav_client_is_done_here_and_its_line_survives() {
    let server = Server::radicale();
    let (a, _b) = two_with_follow_ups(&server).await;
    let deck = a.follow_up_id("Send the deck");
    let uid = a
        .store
        .follow_ups_for_sync()
        .unwrap()
        .into_iter()
        .find(|f| f.fields.what == "Send the deck")
        .unwrap()
        .uid;
    caldav_client(&server, "complete", &uid);
    let report = a.sync().await;
    assert_eq!(report.pulled, 1, "{report:?}");
    assert_eq!(
        a.store.follow_up(deck).unwrap().status,
        FollowUpStatus::Done
    );

    // Reopened and moved here: the other client's line is still there.
    let later = Utc::now() + chrono::Duration::days(3);
    a.store
        .snooze_follow_up(deck, later, Tz::UTC, Utc::now())
        .unwrap();
    a.sync().await;
    let stored = caldav_client(&server, "show", &uid);
    assert!(stored.contains("X-OTHER-CLIENT:kept"), "{stored}");
    assert!(stored.contains("STATUS:NEEDS-ACTION"), "{stored}");
    assert!(!stored.contains("\nCOMPLETED:"), "{stored}");
}
