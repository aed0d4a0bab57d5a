//! Today's plan on the phone: the task list "Kith — today" on a real
//! Radicale and a real Xandikos, worked by another CalDAV client (Python's
//! `caldav`, as DAVx5 and iOS Reminders write): a task completed there
//! logs the suggested touch and ticks the plan item at the next sync; one
//! deleted there is "Not today" and the plan's backfill arrives; a new day
//! replaces the list; turned off, the list empties.

mod common;

use chrono::{Duration, Utc};
use common::calendar_client as client;
use common::*;
use kith_core::domain::{Channel, Direction, TouchDraft, TouchKind};
use serde_json::Value;

const LIST: &str = "Kith — today";

/// The list's tasks as the phone sees them, by summary.
fn tasks(server: &Server) -> Vec<Value> {
    let mut tasks: Vec<Value> = client(server, &["todos", LIST])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    tasks.sort_by_key(|t| t["summary"].as_str().unwrap_or_default().to_owned());
    tasks
}

fn summaries(tasks: &[Value]) -> Vec<String> {
    tasks
        .iter()
        .map(|t| t["summary"].as_str().unwrap().to_owned())
        .collect()
}

fn name_of(task: &Value) -> String {
    let summary = task["summary"].as_str().unwrap();
    summary.split(" — ").next().unwrap().to_owned()
}

async fn worked_from_a_phone(server: Server) {
    let kith = Kith::new();
    kith.join(&server).await;
    let zone = kith_core::clock::system_zone();
    let now = Utc::now();
    // Seven new connections to welcome: a plan of five, two to backfill.
    for i in 1..=7 {
        let who = kith.add(&format!("Person {i}"), None, None);
        let connected = TouchDraft::new(
            who,
            TouchKind::Connected,
            Channel::Linkedin,
            Direction::Mutual,
            now - Duration::hours(i),
            None,
        )
        .unwrap();
        kith.store.log_touch(&connected, now).unwrap();
    }
    kith.store
        .update_settings(|s| {
            s.plan_on_phone = true;
            Ok(())
        })
        .unwrap();
    kith.sync_at(now).await;
    let today = now.with_timezone(&zone).date_naive();
    let listed = tasks(&server);
    assert_eq!(listed.len(), 5, "{listed:?}");
    for task in &listed {
        assert!(
            task["summary"]
                .as_str()
                .unwrap()
                .ends_with(" — send a personal welcome"),
            "{task}"
        );
        assert!(
            task["description"]
                .as_str()
                .unwrap()
                .contains("no personal reply yet"),
            "{task}"
        );
        assert_eq!(task["due"], today.to_string());
        assert_eq!(task["status"], "NEEDS-ACTION");
    }

    // On the phone: one completed, one deleted.
    let (done, dropped) = (&listed[0], &listed[1]);
    client(&server, &["complete", LIST, done["uid"].as_str().unwrap()]);
    client(&server, &["drop", LIST, dropped["uid"].as_str().unwrap()]);
    let later = now + Duration::minutes(2);
    kith.sync_at(later).await;
    let plan = kith.store.plan(later, zone).unwrap();
    let item = |name: &str| plan.items.iter().find(|i| i.name == name);
    assert!(item(&name_of(done)).unwrap().done, "ticked from the phone");
    let welcomed = kith
        .store
        .touches(kith.id(&name_of(done)))
        .unwrap()
        .into_iter()
        .filter(|t| t.kind == TouchKind::Note && t.direction == Direction::Out)
        .count();
    assert_eq!(welcomed, 1, "the suggested touch is logged once");
    assert!(item(&name_of(dropped)).is_none(), "not today");
    assert_eq!(plan.items.len(), 5, "the plan backfilled");
    let listed = tasks(&server);
    assert_eq!(listed.len(), 5, "{:?}", summaries(&listed));
    assert!(!summaries(&listed).contains(&dropped["summary"].as_str().unwrap().to_owned()));
    let completed: Vec<String> = listed
        .iter()
        .filter(|t| t["status"] == "COMPLETED")
        .map(name_of)
        .collect();
    assert_eq!(completed, [name_of(done)]);
    // The list as the server holds it, kept to look at.
    let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    std::fs::write(
        artifacts.join(format!("kith-today-{:?}.ics.txt", server.implementation)),
        client(&server, &["raw", LIST]),
    )
    .unwrap();
    // Syncing again changes nothing and logs nothing twice.
    let again = kith.sync_at(later + Duration::minutes(1)).await;
    assert_eq!((again.pushed, again.deleted), (0, 0), "{again:?}");

    // Ticked in the window: completed on the phone.
    let open = listed.iter().find(|t| t["status"] != "COMPLETED").unwrap();
    kith.store
        .plan_done(kith.id(&name_of(open)), later, zone)
        .unwrap();
    kith.sync_at(later + Duration::minutes(2)).await;
    let shown = tasks(&server);
    let now_done = shown
        .iter()
        .find(|t| t["summary"] == open["summary"])
        .unwrap();
    assert_eq!(now_done["status"], "COMPLETED");

    // A new day: yesterday's tasks leave, today's arrive.
    let tomorrow = now + Duration::days(1);
    kith.sync_at(tomorrow).await;
    let next_day = tomorrow.with_timezone(&zone).date_naive().to_string();
    let listed = tasks(&server);
    assert!(!listed.is_empty());
    assert!(
        listed.iter().all(|t| t["due"] == next_day.as_str()),
        "{listed:?}"
    );

    // Turned off: the list empties.
    kith.store
        .update_settings(|s| {
            s.plan_on_phone = false;
            Ok(())
        })
        .unwrap();
    kith.sync_at(tomorrow + Duration::minutes(1)).await;
    assert!(tasks(&server).is_empty());
}

#[tokio::test]
async fn todays_plan_is_worked_from_a_phone_on_radicale() {
    worked_from_a_phone(Server::radicale()).await;
}

#[tokio::test]
async fn todays_plan_is_worked_from_a_phone_on_xandikos() {
    worked_from_a_phone(Server::xandikos()).await;
}
