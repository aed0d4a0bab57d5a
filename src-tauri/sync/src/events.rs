//! Open follow-ups mirrored as events (`VEVENT`) in a calendar of their
//! own, for calendar apps that show no tasks (a setting). The mirror goes
//! one way: Kith writes each event from its follow-up, an event changed or
//! deleted elsewhere is written again, and one whose follow-up was closed
//! or deleted here is deleted.

use chrono::{DateTime, Datelike, Utc};
use kith_core::domain::Repeat;
use kith_core::store::{NewConflict, Side, SyncItem};
use kith_core::when::parse_local;
use kith_core::Store;
use kith_exchange::content::escape;
use kith_exchange::ics::rrule;

use crate::engine::{Kind, Local, Remote};
use crate::merge::Merged;
use crate::task::{time_line, title, Task, Zones};
use crate::SyncError;
use kith_exchange::calendar::{stamp, Component};
use kith_exchange::content::Line;

pub(crate) const COLLECTION: &str = "events";
/// The property holding the follow-up an event mirrors, as Kith last
/// wrote it (so an event changed elsewhere is seen to differ).
const MIRROR: &str = "X-KITH-MIRROR";

pub(crate) struct Events {
    pub zones: Zones,
    /// Off: the mirror is being taken down (every event goes).
    pub on: bool,
}

/// The lines of an event another app shows: when, how long, how it
/// repeats, what it says.
fn shown(task: &Task) -> Vec<String> {
    let anchor_day = task
        .anchor
        .as_deref()
        .or(Some(task.due.as_str()))
        .and_then(parse_local)
        .map_or(1, |a| a.day());
    [
        time_line("DTSTART", &task.due, task.zone.as_deref()),
        Some("DURATION:PT15M".to_owned()),
        task.repeat
            .as_deref()
            .and_then(|r| Repeat::parse(r).ok())
            .map(|r| rrule(r, anchor_day)),
        Some(format!("SUMMARY:{}", escape(&title(task)))),
        Some(format!(
            "DESCRIPTION:{}",
            escape(&format!("Follow up with {} (from Kith)", task.name))
        )),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// An event's uid: its follow-up's, marked as the mirror's.
fn event_uid(follow_up: &str) -> String {
    format!("{follow_up}-event")
}

impl Kind for Events {
    type Fields = Task;
    const COLLECTION: &'static str = COLLECTION;
    const CONTENT_TYPE: &'static str = "text/calendar; charset=utf-8; component=VEVENT";
    const EXTENSION: &'static str = "ics";
    const NOUN: &'static str = "follow-up events";
    const MIRROR: bool = true;

    fn local(&self, store: &Store) -> Result<Vec<Local<Task>>, SyncError> {
        if !self.on {
            return Ok(Vec::new());
        }
        Ok(store
            .follow_ups_for_sync()?
            .iter()
            .filter(|f| f.fields.status == kith_core::domain::FollowUpStatus::Open)
            .map(|f| Local {
                uid: event_uid(&f.uid),
                fields: Task {
                    // What was shown does not change the event.
                    shown: None,
                    ..Task::of(f)
                },
                updated_at: f.updated_at,
            })
            .collect())
    }

    fn read(&self, data: &str) -> Option<Remote<Task>> {
        let calendar = Component::parse(data)?;
        let event = calendar.children.iter().find(|c| c.name == "VEVENT")?;
        // The follow-up it mirrors, if the event still shows it as Kith
        // wrote it; an event changed elsewhere reads as nothing, so it is
        // written again.
        let mirrored: Option<Task> = event
            .text(MIRROR)
            .and_then(|json| serde_json::from_str(&json).ok());
        let intact = mirrored.as_ref().is_some_and(|task| {
            shown(task).iter().all(|line| {
                let line = Line::own(line.clone());
                event
                    .props
                    .first(&line.name)
                    .is_some_and(|l| l.params == line.params && l.value == line.value)
            }) && event
                .props
                .lines
                .iter()
                .filter(|l| l.name == "RRULE")
                .count()
                == usize::from(task.repeat.is_some())
        });
        Some(Remote {
            uid: event.text("UID"),
            fields: mirrored.filter(|_| intact).unwrap_or_default(),
            changed_at: None,
        })
    }

    fn label(&self, _store: &Store, fields: &Task) -> Result<String, SyncError> {
        Ok(fields.name.clone())
    }

    fn same(&self, a: &Task, b: &Task) -> bool {
        a == b
    }

    fn merge(&self, _base: Option<&Task>, here: &Task, _server: &Task, _: Side) -> Merged<Task> {
        Merged {
            fields: here.clone(),
            conflicts: Vec::new(),
        }
    }

    fn apply(
        &self,
        store: &Store,
        _fields: &Task,
        item: &SyncItem,
        _conflicts: &[NewConflict],
        _now: DateTime<Utc>,
    ) -> Result<Option<bool>, SyncError> {
        store.save_sync_item(COLLECTION, item)?;
        Ok(Some(false))
    }

    fn remove(&self, _store: &Store, _uid: &str, _now: DateTime<Utc>) -> Result<(), SyncError> {
        // Deleted elsewhere: written again while its follow-up is open.
        Ok(())
    }

    fn write(
        &self,
        _remote: Option<&str>,
        uid: &str,
        task: &Task,
        changed_at: DateTime<Utc>,
    ) -> String {
        let mut event = Component::new("VEVENT");
        let mut add = |text: Option<String>| {
            if let Some(text) = text {
                event.props.lines.push(Line::own(text));
            }
        };
        add(Some(format!("UID:{}", escape(uid))));
        add(Some(format!("DTSTAMP:{}", stamp(changed_at))));
        add(Some(format!("LAST-MODIFIED:{}", stamp(changed_at))));
        for line in shown(task) {
            add(Some(line));
        }
        add(Some(format!(
            "{MIRROR}:{}",
            escape(&serde_json::to_string(task).unwrap_or_default())
        )));
        let mut alarm = Component::new("VALARM");
        for text in [
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{}", escape(&title(task))),
            "TRIGGER:PT0M".to_owned(),
        ] {
            alarm.props.lines.push(Line::own(text));
        }
        event.children.push(alarm);
        let mut calendar = Component::new("VCALENDAR");
        for text in ["VERSION:2.0", "PRODID:-//Kith//Kith//EN"] {
            calendar.props.lines.push(Line::own(text.to_owned()));
        }
        if let Some(zone) = task.zone.as_deref().filter(|z| *z != "UTC") {
            if let Some(vtimezone) = self.zones.get(zone) {
                calendar.children.push(vtimezone);
            }
        }
        calendar.children.push(event);
        calendar.to_text()
    }
}
