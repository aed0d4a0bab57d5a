//! Kith's own data as journal entries through a real Radicale (see
//! `common`): touches, notes, topics, asks and offers, introductions, help
//! and dismissals reach a second Kith, both ways, and stages follow.

mod common;

use chrono::Utc;
use chrono_tz::Tz;
use common::*;
use kith_core::domain::{
    Channel, Direction, HelpDirection, IntroStep, NeedDraft, Outcome, Side, TouchDraft, TouchKind,
};
use kith_core::prompts::Rule;
use kith_core::PersonId;

/// Everything Kith keeps of a person beside their card, as compared.
fn history(k: &Kith, name: &str) -> Vec<String> {
    let id: PersonId = k.id(name);
    let mut out: Vec<String> = Vec::new();
    for t in k.store.touches(id).unwrap() {
        out.push(format!(
            "touch {} {} {} {} {:?}",
            t.kind.as_str(),
            t.channel.as_str(),
            t.direction.as_str(),
            t.at.timestamp(),
            t.summary
        ));
    }
    let person = k.store.person(id).unwrap();
    for n in person.notes {
        out.push(format!("note {}", n.body));
    }
    for t in k.store.topics(id).unwrap() {
        out.push(format!("topic {} closed {}", t.text, t.closed_at.is_some()));
    }
    for n in k.store.needs(Some(id)).unwrap() {
        out.push(format!("need {} {} {:?}", n.side.as_str(), n.text, n.tags));
    }
    for i in k.store.introductions(Some(id)).unwrap() {
        out.push(format!("intro {} {}", i.why, i.status.as_str()));
    }
    out.push(format!("stage {:?}", person.stage));
    out.sort();
    out
}

#[tokio::test]
async fn everything_logged_on_one_kith_reaches_the_other_and_changes_come_back() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    let ada = a.add("Ada Lovelace", None, None);
    let grace = a.add("Grace Hopper", None, None);
    let now = Utc::now();
    let call = TouchDraft::new(
        ada,
        TouchKind::Call,
        Channel::Phone,
        Direction::Mutual,
        now - chrono::Duration::days(2),
        Some("About engines"),
    )
    .unwrap();
    a.store.log_touch(&call, now).unwrap();
    a.store.add_note(ada, "Prefers letters", now).unwrap();
    let topic = a.store.add_topic(ada, "the engine", now).unwrap();
    a.store.close_topic(topic, now).unwrap();
    let need = NeedDraft::new(ada, Side::Offer, "Maths tutoring", &["math"]).unwrap();
    a.store.add_need(&need, now).unwrap();
    let intro = a
        .store
        .propose_introduction(ada, grace, "Both love machines", now)
        .unwrap();
    a.store
        .advance_introduction(intro, IntroStep::AskA, None, Tz::UTC, now)
        .unwrap();
    a.store
        .log_help(
            grace,
            HelpDirection::Given,
            "Reviewed the compiler paper",
            now,
        )
        .unwrap();
    a.store.dismiss_prompt(ada, Rule::ALL[0], now).unwrap();
    let first = a.sync().await;
    assert!(first.pushed >= 9, "{first:?}");

    b.join(&server).await;
    b.sync().await;
    for name in ["Ada Lovelace", "Grace Hopper"] {
        assert_eq!(history(&b, name), history(&a, name), "{name}");
    }
    assert!(history(&b, "Ada Lovelace")
        .iter()
        .any(|l| l.contains("About engines")));
    let dismissals: Vec<String> = b
        .store
        .journal_for_sync()
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.kind == "dismissal")
        .map(|e| e.entry.texts["rule"].clone())
        .collect();
    assert_eq!(
        dismissals,
        [Rule::ALL[0].as_str()],
        "the dismissal came too"
    );
    // Nothing changed: nothing moves.
    let quiet = a.sync().await;
    assert_eq!((quiet.pushed, quiet.pulled), (0, 0), "{quiet:?}");

    // B: the introduction made and closed, the call deleted, a new note.
    let b_intro = b.store.introductions(None).unwrap()[0].id;
    for step in [
        IntroStep::AskB,
        IntroStep::Introduce,
        IntroStep::Close(Outcome::Helped),
    ] {
        b.store
            .advance_introduction(b_intro, step, None, Tz::UTC, Utc::now())
            .unwrap();
    }
    let b_call = b
        .store
        .touches(b.id("Ada Lovelace"))
        .unwrap()
        .into_iter()
        .find(|t| t.summary.as_deref() == Some("About engines"))
        .unwrap()
        .id;
    b.store.delete_touch(b_call, Utc::now()).unwrap();
    b.store
        .add_note(
            b.id("Ada Lovelace"),
            "Met her at the Royal Society",
            Utc::now(),
        )
        .unwrap();
    let sent = b.sync().await;
    assert_eq!(sent.deleted, 1, "{sent:?}");
    a.sync().await;
    for name in ["Ada Lovelace", "Grace Hopper"] {
        assert_eq!(history(&a, name), history(&b, name), "{name}");
    }
    let seen = history(&a, "Ada Lovelace");
    assert!(
        seen.iter().any(|l| l == "intro Both love machines closed"),
        "{seen:?}"
    );
    assert!(
        !seen.iter().any(|l| l.contains("About engines")),
        "{seen:?}"
    );
    assert!(seen.iter().any(|l| l.contains("Royal Society")));
}

#[tokio::test]
async fn the_journal_is_readable_by_other_apps_and_their_entries_are_left_alone() {
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    let ada = a.add("Ada Lovelace", None, None);
    a.store
        .add_note(ada, "Prefers letters", Utc::now())
        .unwrap();
    a.sync().await;
    let files: Vec<String> = stored(&server, "kith-journal")
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].contains("BEGIN:VJOURNAL"), "{}", files[0]);
    assert!(files[0].contains("DESCRIPTION:Prefers letters"));
    // Another app's own diary entry in the same collection stays as it is.
    let diary = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VJOURNAL\r\nUID:diary-1\r\nDTSTAMP:20261130T100000Z\r\nDTSTART:20261130T100000Z\r\nSUMMARY:Dear diary\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n";
    let (status, _) = server.request(
        "PUT",
        &format!("/{USER}/kith-journal/diary-1.ics"),
        &[("Content-Type", "text/calendar")],
        diary,
    );
    assert_eq!(status, 201);
    let report = a.sync().await;
    assert_eq!(report.skipped, 1, "{report:?}");
    let (_, still) = server.request("GET", &format!("/{USER}/kith-journal/diary-1.ics"), &[], "");
    assert!(still.contains("Dear diary"));
}

#[tokio::test]
async fn links_a_card_has_no_word_for_travel_in_the_journal_and_their_removal_too() {
    use kith_core::domain::{LinkDraft, LinkKind};
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    let lena = a.add("Lena Fischer", None, None);
    let maya = a.add("Maya Okafor", None, None);
    let tomas = a.add("Tomas Berg", None, None);
    let now = Utc::now();
    for (from, to, kind, note) in [
        (lena, maya, LinkKind::Manager, Some("At Northwind")),
        (lena, tomas, LinkKind::Mentor, None),
        (tomas, maya, LinkKind::Introduced, None),
    ] {
        let draft = LinkDraft::new(from, to, kind, note, Some("2019")).unwrap();
        a.store.link(&draft, now).unwrap();
    }
    // What Maya is to you travels too.
    a.store
        .tie_to_me(maya, kith_core::domain::MyTie::Sibling, None, None, now)
        .unwrap();
    a.sync().await;
    b.join(&server).await;
    b.sync().await;
    let seen = |k: &Kith, name: &str| -> Vec<(String, &'static str, Option<String>)> {
        k.store
            .links(k.id(name))
            .unwrap()
            .into_iter()
            .map(|l| (l.other_name.clone(), l.name(), l.note.clone()))
            .collect()
    };
    assert_eq!(
        seen(&b, "Lena Fischer"),
        [
            (
                "Maya Okafor".to_owned(),
                "report",
                Some("At Northwind".to_owned())
            ),
            ("Tomas Berg".to_owned(), "mentee", None)
        ]
    );
    assert_eq!(seen(&b, "Maya Okafor").len(), 2);
    let mine = b.store.my_ties(None).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].name, "Maya Okafor");
    // Taken away on the second computer: gone from the first.
    b.store
        .unlink(
            b.id("Lena Fischer"),
            b.id("Tomas Berg"),
            Some(LinkKind::Mentor),
        )
        .unwrap();
    b.sync().await;
    a.sync().await;
    assert_eq!(seen(&a, "Lena Fischer").len(), 1);
}
