//! Part of the store's floor: the meetings of a day with people in Kith,
//! and the prep items they put in Today's plan (the rules are at the top of
//! [`crate::plan`]).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};

use super::{from_secs, to_secs, Result};
use crate::domain::{Channel, PersonId, TouchKind};
use crate::plan::Reason;

/// A meeting as the plan and the prep sheet show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMeeting {
    pub key: String,
    pub at: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub title: Option<String>,
    pub kind: TouchKind,
    pub channel: Channel,
    /// The people in Kith on it, by name.
    pub people: Vec<(PersonId, String)>,
}

impl PlannedMeeting {
    /// Whether it has ended by `now`.
    pub fn over(&self, now: DateTime<Utc>) -> bool {
        self.ends <= now
    }

    /// The first names of its people: "Maya", "Maya and Tom", "Maya, Tom
    /// and Ola".
    pub fn first_names(&self) -> String {
        let names: Vec<&str> = self
            .people
            .iter()
            .map(|(_, name)| name.split_whitespace().next().unwrap_or(name))
            .collect();
        join_names(&names)
    }

    /// Why it is in the plan: before it, when and with whom; after it, the
    /// question it leaves.
    pub fn why(&self, zone: Tz, now: DateTime<Utc>) -> String {
        if self.over(now) {
            return format!(
                "Met {} today — log a note or a follow-up?",
                self.first_names()
            );
        }
        let title = self.title.as_deref().unwrap_or("A meeting");
        let names: Vec<&str> = self.people.iter().map(|(_, n)| n.as_str()).collect();
        format!(
            "{title} at {}, with {}",
            self.at.with_timezone(&zone).format("%H:%M"),
            join_names(&names)
        )
    }

    /// The step it suggests.
    pub fn next(&self, now: DateTime<Utc>) -> &'static str {
        if self.over(now) {
            "Log a note of what you talked about, or a follow-up you promised"
        } else {
            "Read up before you meet: last touches, open follow-ups, what matters to them"
        }
    }
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The people in Kith on the meeting `key`, by name (never someone marked
/// as deceased).
pub(crate) fn people_on(conn: &Connection, key: &str) -> Result<Vec<(PersonId, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.id, p.display_name FROM meeting_party q
         CROSS JOIN identity i ON i.kind = 'email' AND i.normalized = q.address
         JOIN person p ON p.id = i.person_id
         WHERE q.meeting = ?1 AND p.deceased = 0
         ORDER BY p.display_name COLLATE NOCASE, p.id",
    )?;
    let people = stmt
        .query_map([key], |r| Ok((PersonId(r.get(0)?), r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(people)
}

fn meeting_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlannedMeeting> {
    let at = from_secs(r.get(1)?);
    Ok(PlannedMeeting {
        key: r.get(0)?,
        at,
        ends: r.get::<_, Option<i64>>(2)?.map_or(at, from_secs),
        title: r.get(3)?,
        // CHECK-free columns written from known identifiers only.
        kind: r.get::<_, String>(4)?.parse().unwrap_or(TouchKind::Meeting),
        channel: r.get::<_, String>(5)?.parse().unwrap_or(Channel::Other),
        people: Vec::new(),
    })
}

/// The meeting `key` with its people in Kith, if it is recorded.
pub(crate) fn meeting(conn: &Connection, key: &str) -> Result<Option<PlannedMeeting>> {
    let found = conn
        .prepare_cached("SELECT key, at, ends, title, kind, channel FROM meeting WHERE key = ?1")?
        .query_row([key], meeting_row)
        .optional()?;
    match found {
        Some(mut m) => {
            m.people = people_on(conn, &m.key)?;
            Ok(Some(m))
        }
        None => Ok(None),
    }
}

/// The meetings that start in `[from, to)` with at least one person in
/// Kith, in time order.
pub(crate) fn meetings_between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<PlannedMeeting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, at, ends, title, kind, channel FROM meeting
         WHERE at >= ?1 AND at < ?2 ORDER BY at, key",
    )?;
    let found: Vec<PlannedMeeting> = stmt
        .query_map(params![to_secs(from), to_secs(to)], meeting_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut meetings = Vec::with_capacity(found.len());
    for mut m in found {
        m.people = people_on(conn, &m.key)?;
        if !m.people.is_empty() {
            meetings.push(m);
        }
    }
    Ok(meetings)
}

/// Brings the day's prep items in line with its meetings: one for each
/// meeting with people in Kith (for the first of them not done or skipped
/// today, taking the place of another reason they had), none for a meeting
/// cancelled or moved off the day (unless it was done).
pub(crate) fn place_prep_items(
    conn: &Connection,
    day: &str,
    meetings: &[PlannedMeeting],
    zone: Tz,
    now: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> Result<()> {
    let keys: Vec<&str> = meetings.iter().map(|m| m.key.as_str()).collect();
    let listed: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT person_id, meeting FROM plan_item WHERE day = ?1 AND meeting IS NOT NULL",
        )?
        .query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (person, key) in &listed {
        if !keys.contains(&key.as_str()) {
            conn.prepare_cached(
                "DELETE FROM plan_item WHERE day = ?1 AND person_id = ?2 AND done_at IS NULL",
            )?
            .execute(params![day, person])?;
        }
    }
    for m in meetings {
        if listed.iter().any(|(_, key)| *key == m.key) {
            continue;
        }
        for (person, _) in &m.people {
            let row: Option<(bool, bool)> = conn
                .prepare_cached(
                    "SELECT done_at IS NOT NULL OR skipped_at IS NOT NULL, meeting IS NOT NULL
                     FROM plan_item WHERE day = ?1 AND person_id = ?2",
                )?
                .query_row(params![day, person.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match row {
                None => {
                    conn.prepare_cached(
                        "INSERT INTO plan_item (day, person_id, position, reason, why, next,
                             follow_up_id, created_at, ends_at, meeting)
                         VALUES (?1, ?2, 0, ?3, ?4, ?5, NULL, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        day,
                        person.0,
                        Reason::Prep.as_str(),
                        m.why(zone, now),
                        m.next(now),
                        to_secs(now),
                        to_secs(ends),
                        m.key
                    ])?;
                }
                Some((false, false)) => {
                    conn.prepare_cached(
                        "UPDATE plan_item SET reason = ?3, why = ?4, next = ?5, follow_up_id = NULL,
                             meeting = ?6
                         WHERE day = ?1 AND person_id = ?2",
                    )?
                    .execute(params![
                        day,
                        person.0,
                        Reason::Prep.as_str(),
                        m.why(zone, now),
                        m.next(now),
                        m.key
                    ])?;
                }
                Some(_) => continue,
            }
            break;
        }
    }
    Ok(())
}
