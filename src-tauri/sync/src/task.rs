//! A follow-up as a task (`VTODO`, RFC 5545) in a CalDAV task list, so a
//! phone's Reminders or tasks app shows and rings it:
//!
//! - `SUMMARY` is "Person: what to do" (`X-KITH-NAME` says which prefix
//!   Kith wrote, so an edited title reads back as the follow-up's text);
//!   `X-KITH-PERSON` is the person's vCard `UID`;
//! - `DUE` (and `DTSTART`, which a repeating task needs) in the follow-up's
//!   zone with `TZID` and a `VTIMEZONE`, in floating time for a floating
//!   one; `RRULE` for a repeat, `X-KITH-ANCHOR` for where the series
//!   counts from;
//! - `STATUS` (`NEEDS-ACTION`, `COMPLETED`, `CANCELLED`) and `COMPLETED`;
//! - a `VALARM` at the due time on a new task (alarms a phone changed
//!   later are its own).
//!
//! Kith patches only what changed onto the server's copy, property by
//! property, so what other clients wrote — their own properties, alarms,
//! an all-day date, a richer rule — survives.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use kith_core::domain::{FollowUpStatus, Repeat, RepeatUnit};
use kith_core::store::{FollowUpFields, NewConflict, Side, SyncedFollowUp};
use kith_core::when::{format_local, parse_local, LocalIntent, Zone};
use kith_exchange::content::escape;
use kith_exchange::ics::vtimezone;
use serde::{Deserialize, Serialize};

use crate::merge::{field, Merged};
use kith_exchange::calendar::{read_utc, stamp, Component};
use kith_exchange::content::Line;

/// The time of day given to a task due on a date only.
const ALL_DAY_AT: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The fields of a follow-up that sync carries, as compared and merged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Task {
    /// The person's uid.
    pub person: String,
    /// The person's name, shown in the title (the person's own card
    /// carries it; never merged).
    pub name: String,
    pub what: String,
    /// Local date and time, `YYYY-MM-DDTHH:MM:SS`.
    pub due: String,
    /// IANA zone; `None` is floating time.
    pub zone: Option<String>,
    /// `1w`, `3m`…
    pub repeat: Option<String>,
    pub anchor: Option<String>,
    /// `open`, `done` or `dropped`.
    pub status: String,
    /// Seconds since the epoch.
    pub done_at: Option<i64>,
    /// The latest occurrence (its due time, seconds since the epoch) whose
    /// reminder a device showed.
    pub shown: Option<i64>,
    /// Another app's task only: the task it says it follows on from
    /// (`RELATED-TO`), as apps that complete a repeating task and write its
    /// next occurrence as a new one may say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<String>,
}

impl Task {
    /// A follow-up's synced fields.
    pub fn of(follow_up: &SyncedFollowUp) -> Task {
        let f = &follow_up.fields;
        Task {
            person: f.person_uid.clone(),
            name: follow_up.person_name.clone(),
            what: f.what.clone(),
            due: format_local(f.due.local),
            zone: f.due.zone.name().map(str::to_owned),
            repeat: f.repeat.map(Repeat::code),
            anchor: f.anchor.map(format_local),
            status: f.status.as_str().to_owned(),
            done_at: f.done_at.map(|t| t.timestamp()),
            shown: f.shown.map(|t| t.timestamp()),
            related: None,
        }
    }

    /// The fields as the store writes them; `None` when they do not make a
    /// follow-up (a due time or zone Kith cannot read).
    pub fn to_fields(&self) -> Option<FollowUpFields> {
        let zone = match &self.zone {
            None => Zone::Floating,
            Some(name) => Zone::Fixed(name.parse().ok()?),
        };
        Some(FollowUpFields {
            person_uid: self.person.clone(),
            what: self.what.clone(),
            due: LocalIntent::new(parse_local(&self.due)?, zone),
            repeat: self.repeat.as_deref().and_then(|r| Repeat::parse(r).ok()),
            anchor: self.anchor.as_deref().and_then(parse_local),
            status: FollowUpStatus::parse(&self.status)?,
            done_at: self
                .done_at
                .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0)),
            shown: self
                .shown
                .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0)),
        })
    }

    /// The task with its due time in `reference`'s zone when it came in
    /// UTC (some clients rewrite every time they save in UTC) and Kith's
    /// was a zone's: the same instant then reads as Kith's own time and
    /// zone, and a real move keeps the zone, at the local time that gives
    /// the new instant.
    pub(crate) fn in_zone_of(&self, reference: &Task) -> Task {
        let utc = matches!(self.zone.as_deref(), Some("UTC" | "Etc/UTC"));
        let zone = reference
            .zone
            .as_deref()
            .filter(|z| !matches!(*z, "UTC" | "Etc/UTC"))
            .and_then(|z| z.parse::<Tz>().ok());
        let (true, Some(zone), Some(at)) = (utc, zone, parse_local(&self.due)) else {
            return self.clone();
        };
        let local = at.and_utc().with_timezone(&zone).naive_local();
        // (The anchor is Kith's own property, which such a client leaves
        // as it was.)
        Task {
            due: format_local(local),
            zone: reference.zone.clone(),
            ..self.clone()
        }
    }

    /// The due time as shown in a conflict ("2026-03-01 12:00 Europe/Berlin")
    /// and read back when it is flipped.
    fn when(&self) -> String {
        format!(
            "{} {}",
            self.due.replacen('T', " ", 1),
            self.zone.as_deref().unwrap_or("floating")
        )
    }

    fn set_when(&mut self, text: &str) -> bool {
        let mut parts = text.rsplitn(2, ' ');
        let (Some(zone), Some(local)) = (parts.next(), parts.next()) else {
            return false;
        };
        let Some(local) = parse_local(&local.replacen(' ', "T", 1)) else {
            return false;
        };
        let zone = match zone {
            "floating" => None,
            name if name.parse::<Tz>().is_ok() => Some(name.to_owned()),
            _ => return false,
        };
        self.due = format_local(local);
        self.zone = zone;
        self.anchor = None;
        true
    }

    /// Sets a field to the value a conflict set aside; whether the field
    /// and value were understood.
    pub fn flip(&mut self, field: &str, value: &str) -> bool {
        match field {
            "what" if !value.trim().is_empty() => self.what = value.to_owned(),
            "due" => return self.set_when(value),
            "repeat" if value.is_empty() => self.repeat = None,
            "repeat" if Repeat::parse(value).is_ok() => self.repeat = Some(value.to_owned()),
            "status" if FollowUpStatus::parse(value).is_some() => {
                self.status = value.to_owned();
                self.done_at = None;
            }
            _ => return false,
        }
        true
    }
}

/// Merges `here` and `server` from `base` (see [`crate::merge`]): what,
/// when (with its anchor), repeat and status each a field; the person's
/// name is the one here; the latest reminder shown is the later of the
/// two (never a conflict).
pub fn merge(base: Option<&Task>, here: &Task, server: &Task, newer: Side) -> Merged<Task> {
    let server = &server.in_zone_of(base.unwrap_or(here));
    let mut conflicts: Vec<NewConflict> = Vec::new();
    let mut one = |name: &str, get: &dyn Fn(&Task) -> Option<String>| {
        field(
            name,
            base.map(get).as_ref(),
            &get(here),
            &get(server),
            newer,
            &mut conflicts,
        )
    };
    let person = one("person", &|t| Some(t.person.clone()));
    let what = one("what", &|t| Some(t.what.clone()));
    let when = one("due", &|t| Some(t.when()));
    let repeat = one("repeat", &|t| t.repeat.clone());
    let status = one("status", &|t| Some(t.status.clone()));
    let from = |value: &Option<String>, get: &dyn Fn(&Task) -> Option<String>| {
        if get(here) == *value {
            here
        } else {
            server
        }
    };
    let timed = from(&when, &|t| Some(t.when()));
    let closed = from(&status, &|t| Some(t.status.clone()));
    Merged {
        fields: Task {
            person: person.unwrap_or_else(|| here.person.clone()),
            name: here.name.clone(),
            what: what.unwrap_or_else(|| here.what.clone()),
            due: timed.due.clone(),
            zone: timed.zone.clone(),
            anchor: timed.anchor.clone(),
            repeat,
            status: closed.status.clone(),
            done_at: closed.done_at,
            shown: here.shown.max(server.shown),
            related: server.related.clone(),
        },
        conflicts,
    }
}

/// A zone name as clients write it: IANA, or with a vendor prefix
/// (`/mozilla.org/20050126_1/Europe/Berlin`, `/freeassociation.sourceforge.net/…`).
fn zone_named(name: &str) -> Option<Tz> {
    let name = name.trim().trim_matches('"');
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    (1..=3.min(parts.len()))
        .rev()
        .find_map(|n| parts[parts.len() - n..].join("/").parse::<Tz>().ok())
}

/// A `DUE`/`DTSTART`/`COMPLETED` value: a date (all day), a UTC time, a
/// zoned local time or a floating one.
fn read_time(line: &Line, calendar: &Component) -> Option<LocalIntent> {
    let value = line.value.trim();
    if line
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || value.len() == 8
    {
        let date = NaiveDate::parse_from_str(value, "%Y%m%d").ok()?;
        return Some(LocalIntent::new(date.and_time(ALL_DAY_AT), Zone::Floating));
    }
    if let Some(utc) = value.strip_suffix('Z').or_else(|| value.strip_suffix('z')) {
        let at = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(LocalIntent::new(at, Zone::Fixed(Tz::UTC)));
    }
    let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    let Some(tzid) = line.param("TZID") else {
        return Some(LocalIntent::new(local, Zone::Floating));
    };
    // A zone Kith cannot name: the one its VTIMEZONE says it stands for,
    // else floating time (the hour as written, in the user's zone).
    let zone = zone_named(&tzid).or_else(|| {
        calendar
            .children
            .iter()
            .filter(|c| c.name == "VTIMEZONE")
            .find(|c| c.text("TZID").is_some_and(|t| t.trim() == tzid.trim()))
            .and_then(|c| c.text("X-LIC-LOCATION"))
            .and_then(|l| zone_named(&l))
    });
    Some(LocalIntent::new(
        local,
        zone.map_or(Zone::Floating, Zone::Fixed),
    ))
}

/// A rule's repeat: `FREQ` and `INTERVAL` (a yearly rule is twelve-monthly;
/// `BYDAY` and other refinements Kith cannot keep are not read).
fn read_rule(value: &str) -> Option<Repeat> {
    let mut freq = None;
    let mut interval = 1u32;
    for part in value.split(';') {
        let Some((key, v)) = part.split_once('=') else {
            continue;
        };
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(v.trim().to_ascii_uppercase()),
            "INTERVAL" => interval = v.trim().parse().ok().filter(|n| *n > 0)?,
            _ => {}
        }
    }
    let (unit, every) = match freq?.as_str() {
        "HOURLY" => (RepeatUnit::Hour, interval),
        "DAILY" => (RepeatUnit::Day, interval),
        "WEEKLY" => (RepeatUnit::Week, interval),
        "MONTHLY" => (RepeatUnit::Month, interval),
        "YEARLY" => (RepeatUnit::Month, interval.checked_mul(12)?),
        _ => return None,
    };
    Repeat::parse(&format!("{every}{}", &unit.as_str()[..1])).ok()
}

fn rule_of(repeat: Repeat) -> String {
    let freq = match repeat.unit {
        RepeatUnit::Hour => "HOURLY",
        RepeatUnit::Day => "DAILY",
        RepeatUnit::Week => "WEEKLY",
        RepeatUnit::Month => "MONTHLY",
    };
    format!("RRULE:FREQ={freq};INTERVAL={}", repeat.every)
}

/// `DUE`/`DTSTART` as Kith writes them.
pub(crate) fn time_line(name: &str, due: &str, zone: Option<&str>) -> Option<String> {
    let local = parse_local(due)?.format("%Y%m%dT%H%M%S");
    Some(match zone {
        Some("UTC") => format!("{name}:{local}Z"),
        Some(zone) => format!("{name};TZID={zone}:{local}"),
        None => format!("{name}:{local}"),
    })
}

fn status_of(task: &Task) -> &'static str {
    match task.status.as_str() {
        "done" => "COMPLETED",
        "dropped" => "CANCELLED",
        _ => "NEEDS-ACTION",
    }
}

/// The title a task shows: whom it is about and what to do.
pub(crate) fn title(task: &Task) -> String {
    if task.name.is_empty() {
        task.what.clone()
    } else {
        format!("{}: {}", task.name, task.what)
    }
}

/// A task list's object: the calendar and its (first, master) task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VTodo {
    calendar: Component,
}

/// `VTIMEZONE`s as Kith writes them, built once per zone per sync (from a
/// year back to five years ahead: what a phone needs for the series).
pub struct Zones {
    now: DateTime<Utc>,
    built: Mutex<HashMap<String, Component>>,
}

impl Zones {
    pub fn new(now: DateTime<Utc>) -> Zones {
        Zones {
            now,
            built: Mutex::default(),
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<Component> {
        let now = self.now;
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = built.get(name) {
            return Some(found.clone());
        }
        let tz: Tz = name.parse().ok()?;
        let lines = vtimezone(tz, now - Duration::days(366), now + Duration::days(5 * 366));
        let component = Component::parse(&lines.join("\r\n"))?;
        built.insert(name.to_owned(), component.clone());
        Some(component)
    }
}

impl VTodo {
    pub fn parse(text: &str) -> Option<VTodo> {
        let calendar = Component::parse(text)?;
        if calendar.name != "VCALENDAR" {
            return None;
        }
        let vtodo = VTodo { calendar };
        vtodo.master()?;
        Some(vtodo)
    }

    /// Where the task itself is: the first `VTODO` that is not an
    /// override of one occurrence (`RECURRENCE-ID`).
    fn master_at(&self) -> Option<usize> {
        let children = &self.calendar.children;
        let todo = |c: &Component| c.name == "VTODO";
        children
            .iter()
            .position(|c| todo(c) && c.props.first("RECURRENCE-ID").is_none())
            .or_else(|| children.iter().position(todo))
    }

    fn master(&self) -> Option<&Component> {
        self.calendar.children.get(self.master_at()?)
    }

    /// A new task for `task`.
    pub fn new(uid: &str, task: &Task, now: DateTime<Utc>, zones: &Zones) -> VTodo {
        let mut todo = Component::new("VTODO");
        let mut add = |text: String| todo.props.lines.push(Line::own(text));
        add(format!("UID:{}", escape(uid)));
        add(format!("DTSTAMP:{}", stamp(now)));
        add(format!("CREATED:{}", stamp(now)));
        let mut alarm = Component::new("VALARM");
        for text in [
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{}", escape(&title(task))),
            "TRIGGER:PT0S".to_owned(),
        ] {
            alarm.props.lines.push(Line::own(text));
        }
        todo.children.push(alarm);
        let mut calendar = Component::new("VCALENDAR");
        for text in ["VERSION:2.0", "PRODID:-//Kith//Kith//EN"] {
            calendar.props.lines.push(Line::own(text.to_owned()));
        }
        calendar.children.push(todo);
        let mut vtodo = VTodo { calendar };
        vtodo.patch(task, now, zones);
        vtodo
    }

    pub fn to_text(&self) -> String {
        self.calendar.to_text()
    }

    pub fn uid(&self) -> Option<String> {
        self.master()?.text("UID").filter(|u| !u.trim().is_empty())
    }

    /// When the task last changed, if it says.
    pub fn last_modified(&self) -> Option<DateTime<Utc>> {
        let todo = self.master()?;
        todo.props
            .first("LAST-MODIFIED")
            .or_else(|| todo.props.first("DTSTAMP"))
            .and_then(read_utc)
    }

    /// The task's fields; `None` when it has no title or no time Kith can
    /// read.
    pub fn fields(&self) -> Option<Task> {
        let todo = self.master()?;
        let summary = todo.text("SUMMARY")?;
        let name = todo.text("X-KITH-NAME").unwrap_or_default();
        let what = if name.is_empty() {
            summary.trim()
        } else {
            summary
                .strip_prefix(&format!("{name}:"))
                .unwrap_or(&summary)
                .trim()
        };
        if what.is_empty() {
            return None;
        }
        let due = todo
            .props
            .first("DUE")
            .or_else(|| todo.props.first("DTSTART"))
            .and_then(|l| read_time(l, &self.calendar))?;
        let status_text = todo.text("STATUS").unwrap_or_default().to_ascii_uppercase();
        let completed = todo.props.first("COMPLETED").and_then(read_utc);
        let status = match status_text.trim() {
            "COMPLETED" => "done",
            "CANCELLED" => "dropped",
            _ if completed.is_some() => "done",
            _ => "open",
        };
        let repeat = todo.text("RRULE").as_deref().and_then(read_rule);
        let person = todo.text("X-KITH-PERSON").unwrap_or_default();
        let related = todo
            .text("RELATED-TO")
            .map(|r| r.trim().to_owned())
            .filter(|r| person.is_empty() && !r.is_empty());
        Some(Task {
            person,
            related,
            name,
            what: what.to_owned(),
            due: format_local(due.local),
            zone: due.zone.name().map(str::to_owned),
            anchor: repeat
                .and(todo.text("X-KITH-ANCHOR"))
                .and_then(|a| parse_local(a.trim()))
                .map(format_local),
            repeat: repeat.map(Repeat::code),
            status: status.to_owned(),
            done_at: match status {
                "open" => None,
                _ => completed.map(|c| c.timestamp()),
            },
            shown: todo
                .props
                .first("X-KITH-SHOWN")
                .and_then(read_utc)
                .map(|t| t.timestamp()),
        })
    }

    /// Writes `task` onto the task, changing only what differs from what it
    /// says now.
    pub fn patch(&mut self, task: &Task, now: DateTime<Utc>, zones: &Zones) {
        let current = self.fields();
        let Some(todo) = self
            .master_at()
            .and_then(|at| self.calendar.children.get_mut(at))
        else {
            return;
        };
        let props = &mut todo.props;
        let differs =
            |get: &dyn Fn(&Task) -> Option<String>| current.as_ref().map(get) != Some(get(task));
        if differs(&|t| Some(format!("{}\n{}", t.name, t.what))) {
            props.set("SUMMARY", Some(format!("SUMMARY:{}", escape(&title(task)))));
            props.set(
                "X-KITH-NAME",
                (!task.name.is_empty()).then(|| format!("X-KITH-NAME:{}", escape(&task.name))),
            );
        }
        if differs(&|t| Some(t.person.clone())) {
            props.set(
                "X-KITH-PERSON",
                Some(format!("X-KITH-PERSON:{}", escape(&task.person))),
            );
        }
        if differs(&|t| Some(t.when())) {
            let zone = task.zone.as_deref();
            props.set("DUE", time_line("DUE", &task.due, zone));
            props.set("DTSTART", time_line("DTSTART", &task.due, zone));
        }
        if differs(&|t| t.repeat.clone()) {
            let rule = task
                .repeat
                .as_deref()
                .and_then(|r| Repeat::parse(r).ok())
                .map(rule_of);
            props.set("RRULE", rule);
        }
        if differs(&|t| t.anchor.clone()) || differs(&|t| t.repeat.clone()) {
            let anchor = task.repeat.as_ref().and(task.anchor.as_deref());
            props.set(
                "X-KITH-ANCHOR",
                anchor.map(|a| format!("X-KITH-ANCHOR:{a}")),
            );
        }
        if differs(&|t| Some(t.status.clone())) || differs(&|t| t.done_at.map(|d| d.to_string())) {
            props.set("STATUS", Some(format!("STATUS:{}", status_of(task))));
            let done = task
                .done_at
                .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
                .filter(|_| task.status == "done");
            props.set("COMPLETED", done.map(|d| format!("COMPLETED:{}", stamp(d))));
            if props.first("PERCENT-COMPLETE").is_some() || done.is_some() {
                let percent = if done.is_some() { 100 } else { 0 };
                props.set(
                    "PERCENT-COMPLETE",
                    Some(format!("PERCENT-COMPLETE:{percent}")),
                );
            }
        }
        if differs(&|t| t.shown.map(|s| s.to_string())) {
            let shown = task
                .shown
                .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
            props.set(
                "X-KITH-SHOWN",
                shown.map(|s| format!("X-KITH-SHOWN:{}", stamp(s))),
            );
        }
        props.set(
            "LAST-MODIFIED",
            Some(format!("LAST-MODIFIED:{}", stamp(now))),
        );
        props.set("DTSTAMP", Some(format!("DTSTAMP:{}", stamp(now))));
        self.keep_zones(zones);
    }

    /// Keeps a `VTIMEZONE` for each zone a time names and drops those no
    /// time names any more.
    fn keep_zones(&mut self, zones: &Zones) {
        let mut named = BTreeSet::new();
        let mut collect = |c: &Component| {
            for line in &c.props.lines {
                if let Some(tzid) = line.param("TZID") {
                    named.insert(tzid);
                }
            }
        };
        fn walk(c: &Component, f: &mut dyn FnMut(&Component)) {
            f(c);
            for child in &c.children {
                walk(child, f);
            }
        }
        for child in self
            .calendar
            .children
            .iter()
            .filter(|c| c.name != "VTIMEZONE")
        {
            walk(child, &mut collect);
        }
        self.calendar.children.retain(|c| {
            c.name != "VTIMEZONE" || c.text("TZID").is_some_and(|t| named.contains(t.trim()))
        });
        for tzid in named {
            let present =
                self.calendar.children.iter().any(|c| {
                    c.name == "VTIMEZONE" && c.text("TZID").is_some_and(|t| t.trim() == tzid)
                });
            if !present {
                if let Some(vtimezone) = zones.get(&tzid) {
                    self.calendar.children.insert(0, vtimezone);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
    }

    fn task() -> Task {
        Task {
            person: "ada-uid".into(),
            name: "Ada Lovelace".into(),
            what: "Ask how the launch went".into(),
            due: "2026-12-03T09:30:00".into(),
            zone: Some("Europe/Berlin".into()),
            repeat: Some("1w".into()),
            anchor: Some("2026-11-26T09:30:00".into()),
            status: "open".into(),
            done_at: None,
            shown: Some(1_795_000_000),
            related: None,
        }
    }

    #[test]
    fn a_new_task_reads_back_the_same_with_its_zone_and_alarm() {
        let zones = Zones::new(now());
        let text = VTodo::new("t-1", &task(), now(), &zones).to_text();
        assert!(
            text.contains("DUE;TZID=Europe/Berlin:20261203T093000\r\n"),
            "{text}"
        );
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"));
        assert!(text.contains("RRULE:FREQ=WEEKLY;INTERVAL=1\r\n"));
        assert!(text.contains("SUMMARY:Ada Lovelace: Ask how the launch went\r\n"));
        assert!(text.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
        let back = VTodo::parse(&text).unwrap();
        assert_eq!(back.fields(), Some(task()));
        assert_eq!(back.uid().as_deref(), Some("t-1"));
        assert_eq!(back.last_modified(), Some(now()));
    }

    #[test]
    fn floating_and_utc_times_stay_what_they_are() {
        let zones = Zones::new(now());
        for zone in [None, Some("UTC".to_owned())] {
            let t = Task {
                zone: zone.clone(),
                repeat: None,
                anchor: None,
                ..task()
            };
            let text = VTodo::new("t", &t, now(), &zones).to_text();
            assert!(!text.contains("VTIMEZONE"), "{text}");
            assert_eq!(VTodo::parse(&text).unwrap().fields(), Some(t));
        }
    }

    /// A task as Apple's Reminders writes one, with an Outlook-style zone
    /// name that only its VTIMEZONE explains, and a client's own lines.
    const IOS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iOS 17.0//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nX-LIC-LOCATION:Europe/Berlin\r\n\
BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n\
BEGIN:VTODO\r\nUID:ABC-123\r\nCREATED:20261101T100000Z\r\nDTSTAMP:20261101T100000Z\r\n\
LAST-MODIFIED:20261102T100000Z\r\nSUMMARY:Grace Hopper: Send the paper\r\nX-KITH-NAME:Grace Hopper\r\n\
X-KITH-PERSON:grace-uid\r\nDUE;TZID=W. Europe Standard Time:20261205T180000\r\n\
STATUS:NEEDS-ACTION\r\nX-APPLE-SORT-ORDER:28\r\nX-APPLE-FLAGGED:1\r\n\
BEGIN:VALARM\r\nX-WR-ALARMUID:7\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\n\
TRIGGER;VALUE=DATE-TIME:20261205T170000Z\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

    #[test]
    fn a_phones_task_is_read_and_patched_keeping_what_the_phone_wrote() {
        let zones = Zones::new(now());
        let mut vtodo = VTodo::parse(IOS).unwrap();
        let read = vtodo.fields().unwrap();
        assert_eq!(read.what, "Send the paper");
        assert_eq!(read.person, "grace-uid");
        assert_eq!(read.zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(read.due, "2026-12-05T18:00:00");
        // Done in Kith: only the status lines change.
        let done = Task {
            status: "done".into(),
            done_at: Some(now().timestamp()),
            ..read.clone()
        };
        vtodo.patch(&done, now(), &zones);
        let text = vtodo.to_text();
        for kept in [
            "X-APPLE-SORT-ORDER:28",
            "X-APPLE-FLAGGED:1",
            "X-WR-ALARMUID:7",
            "TRIGGER;VALUE=DATE-TIME:20261205T170000Z",
            "DUE;TZID=W. Europe Standard Time:20261205T180000",
            "TZID:W. Europe Standard Time",
        ] {
            assert!(text.contains(kept), "{kept} lost:\n{text}");
        }
        assert!(text.contains("STATUS:COMPLETED\r\n"));
        assert!(text.contains("COMPLETED:20261130T120000Z\r\n"));
        assert!(text.contains("PERCENT-COMPLETE:100\r\n"));
        assert_eq!(VTodo::parse(&text).unwrap().fields(), Some(done));
        // Moved in Kith: the time is Kith's and so is its zone table.
        let moved = Task {
            due: "2026-12-07T08:00:00".into(),
            ..read
        };
        vtodo.patch(&moved, now(), &zones);
        let text = vtodo.to_text();
        assert!(text.contains("DUE;TZID=Europe/Berlin:20261207T080000"));
        assert!(!text.contains("W. Europe Standard Time"), "{text}");
        assert!(text.contains("TZID:Europe/Berlin\r\n"));
    }

    #[test]
    fn a_title_edited_elsewhere_and_other_clients_rules_and_dates_are_read() {
        let text = IOS
            .replace(
                "SUMMARY:Grace Hopper: Send the paper",
                "SUMMARY:Call about COBOL",
            )
            .replace(
                "DUE;TZID=W. Europe Standard Time:20261205T180000",
                "DUE;VALUE=DATE:20261205\r\nRRULE:FREQ=YEARLY;BYMONTH=12",
            )
            .replace("STATUS:NEEDS-ACTION", "STATUS:CANCELLED");
        let read = VTodo::parse(&text).unwrap().fields().unwrap();
        assert_eq!(read.what, "Call about COBOL");
        assert_eq!(read.due, "2026-12-05T09:00:00");
        assert_eq!(read.zone, None);
        assert_eq!(read.repeat.as_deref(), Some("12m"));
        assert_eq!(read.status, "dropped");
    }

    #[test]
    fn both_sides_changing_different_fields_keep_both_and_the_same_field_conflicts() {
        let base = task();
        let here = Task {
            what: "Ask about the launch party".into(),
            ..base.clone()
        };
        let server = Task {
            status: "done".into(),
            done_at: Some(5),
            ..base.clone()
        };
        let merged = merge(Some(&base), &here, &server, Side::Server);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.fields.what, "Ask about the launch party");
        assert_eq!(merged.fields.done_at, Some(5));
        let moved_here = Task {
            due: "2026-12-04T10:00:00".into(),
            ..base.clone()
        };
        let moved_there = Task {
            due: "2026-12-05T11:00:00".into(),
            zone: None,
            ..base.clone()
        };
        let merged = merge(Some(&base), &moved_here, &moved_there, Side::Here);
        assert_eq!(merged.fields.due, "2026-12-04T10:00:00");
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].other, "2026-12-05 11:00:00 floating");
        let mut flipped = merged.fields.clone();
        assert!(flipped.flip("due", &merged.conflicts[0].other));
        assert_eq!(
            (flipped.due.as_str(), flipped.zone),
            ("2026-12-05T11:00:00", None)
        );
    }

    #[test]
    fn hostile_and_broken_tasks_do_not_panic() {
        for text in [
            "",
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:\r\nDUE:20260101T000000\r\nEND:VTODO\r\nEND:VCALENDAR",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\nDUE;TZID=\"a;b\":2026\r\nRRULE:FREQ=YEARLY;INTERVAL=4000000000\r\nEND:VTODO\r\nEND:VCALENDAR",
            "END:VTODO\r\nEND:VCALENDAR\r\n",
        ] {
            if let Some(v) = VTodo::parse(text) {
                let _ = v.fields();
            }
        }
        let odd = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:Call\r\nDUE;TZID=Mars/Olympus:20260101T090000\r\nRRULE:FREQ=SECONDLY\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        let read = VTodo::parse(odd).unwrap().fields().unwrap();
        assert_eq!((read.zone, read.repeat), (None, None));
    }
}
