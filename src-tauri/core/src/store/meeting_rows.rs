//! Part of the store's floor: the touches recorded meetings give. Each
//! person in Kith on a meeting that counts has one touch for it (both ways:
//! a meeting is mutual), whose uid is a hash of the occurrence's key and
//! the person's first address on it, so the same calendar read on two
//! computers makes one touch the journal sync carries. Derivation is from
//! what `meeting` and `meeting_party` hold, so it runs again with the same
//! result: when meetings are recorded, and when a person gains an address.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use rusqlite::Transaction;

use super::rows::{clean, derived_uid, refresh_stage};
use super::search::reindex;
use super::{to_secs, Result};
use crate::domain::{MeetingDraft, PersonId};

/// The uid of the touch an occurrence gives the person whose first address
/// on it is `address`.
fn touch_uid(key: &str, address: &str) -> String {
    derived_uid("meet", &[key, address])
}

/// A person has just been given `address`: the meetings recorded with it
/// give them their touches.
pub(crate) fn adopt_address(conn: &Connection, address: &str, now: DateTime<Utc>) -> Result<()> {
    let keys: Vec<String> = conn
        .prepare_cached("SELECT meeting FROM meeting_party WHERE address = ?1")?
        .query_map([address], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if keys.is_empty() {
        return Ok(());
    }
    let mut touched = BTreeSet::new();
    for key in &keys {
        derive(conn, key, now, &mut touched)?;
    }
    settle(conn, touched, now)
}

pub(crate) fn settle(
    conn: &Connection,
    touched: BTreeSet<PersonId>,
    now: DateTime<Utc>,
) -> Result<()> {
    for person in touched {
        reindex(conn, person)?;
        refresh_stage(conn, person, now)?;
    }
    Ok(())
}

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Derived {
    pub made: usize,
    pub changed: usize,
    pub removed: usize,
}

/// Brings the touches the occurrence `key` gives in line with what is
/// recorded of it (none when it is not recorded); the people whose touches
/// changed go into `touched`.
pub(crate) fn derive(
    conn: &Connection,
    key: &str,
    now: DateTime<Utc>,
    touched: &mut BTreeSet<PersonId>,
) -> Result<Derived> {
    // One still ahead gives no touch yet (and takes back one it gave
    // before it was moved ahead).
    let meeting: Option<(i64, String, String, Option<String>)> = conn
        .prepare_cached("SELECT at, kind, channel, title FROM meeting WHERE key = ?1 AND at <= ?2")?
        .query_row(params![key, to_secs(now)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    // Each person's first address on it gives their touch's uid.
    let mut wanted: BTreeMap<String, PersonId> = BTreeMap::new();
    if meeting.is_some() {
        let mut people = conn.prepare_cached(
            // The meeting's few people first, then who each address is:
            // led by the identities, the query would walk every address.
            "SELECT i.person_id, min(p.address) FROM meeting_party p
             CROSS JOIN identity i ON i.kind = 'email' AND i.normalized = p.address
             WHERE p.meeting = ?1 GROUP BY i.person_id",
        )?;
        let rows =
            people.query_map([key], |r| Ok((PersonId(r.get(0)?), r.get::<_, String>(1)?)))?;
        for row in rows {
            let (person, address) = row?;
            wanted.insert(touch_uid(key, &address), person);
        }
    }
    let existing: Vec<String> = conn
        .prepare_cached("SELECT uid FROM meeting_touch WHERE meeting = ?1")?
        .query_map([key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut derived = Derived::default();
    if let Some((at, kind, channel, title)) = &meeting {
        let summary = title.as_deref().map(clean);
        for (uid, person) in &wanted {
            let current: Option<(String, String, i64, Option<String>)> = conn
                .prepare_cached(
                    "SELECT kind, channel, happened_at, summary FROM touch WHERE uid = ?1",
                )?
                .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            match current {
                None => {
                    conn.prepare_cached(
                        "INSERT INTO touch (person_id, kind, channel, direction, happened_at,
                                            summary, created_at, uid)
                         VALUES (?1, ?2, ?3, 'mutual', ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![
                        person.0,
                        kind,
                        channel,
                        at,
                        summary,
                        to_secs(now),
                        uid
                    ])?;
                    derived.made += 1;
                    touched.insert(*person);
                }
                Some(row) if row != (kind.clone(), channel.clone(), *at, summary.clone()) => {
                    conn.prepare_cached(
                        "UPDATE touch SET kind = ?2, channel = ?3, happened_at = ?4, summary = ?5
                         WHERE uid = ?1",
                    )?
                    .execute(params![uid, kind, channel, at, summary])?;
                    derived.changed += 1;
                    touched.insert(*person);
                }
                Some(_) => {}
            }
            conn.prepare_cached(
                "INSERT OR IGNORE INTO meeting_touch (uid, meeting) VALUES (?1, ?2)",
            )?
            .execute(params![uid, key])?;
        }
    }
    for uid in existing.iter().filter(|uid| !wanted.contains_key(*uid)) {
        let person: Option<i64> = conn
            .prepare_cached("SELECT person_id FROM touch WHERE uid = ?1")?
            .query_row([uid], |r| r.get(0))
            .optional()?;
        derived.removed += conn
            .prepare_cached("DELETE FROM touch WHERE uid = ?1")?
            .execute([uid])?;
        conn.prepare_cached("DELETE FROM meeting_touch WHERE uid = ?1")?
            .execute([uid])?;
        touched.extend(person.map(PersonId));
    }
    Ok(derived)
}

/// What recording meetings did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MeetingsRecorded {
    /// Occurrences that count, kept.
    pub meetings: usize,
    /// Of those, the ones still ahead (no touch yet; Today's plan prepares
    /// for them).
    pub ahead: usize,
    /// Occurrences that do not count (cancelled, declined, no one else, too
    /// many people).
    pub not_counted: usize,
    pub touches_made: usize,
    pub touches_changed: usize,
    pub touches_removed: usize,
}

impl MeetingsRecorded {
    /// Adds what another recording did.
    pub fn add(&mut self, other: MeetingsRecorded) {
        self.meetings += other.meetings;
        self.ahead += other.ahead;
        self.not_counted += other.not_counted;
        self.touches_made += other.touches_made;
        self.touches_changed += other.touches_changed;
        self.touches_removed += other.touches_removed;
    }
}

/// Meetings that were ahead and have begun by `now`: their touches are
/// derived and the mark cleared (run before anything reads touches a
/// meeting gives: recording, the plan).
pub(crate) fn settle_begun(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    let keys: Vec<String> = conn
        .prepare_cached("SELECT key FROM meeting WHERE ahead = 1 AND at <= ?1")?
        .query_map([to_secs(now)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if keys.is_empty() {
        return Ok(());
    }
    let mut touched = BTreeSet::new();
    for key in &keys {
        derive(conn, key, now, &mut touched)?;
        conn.prepare_cached("UPDATE meeting SET ahead = 0 WHERE key = ?1")?
            .execute([key])?;
    }
    settle(conn, touched, now)
}

/// A recorded meeting's start, end, kind, channel and title.
type KeptMeeting = (i64, Option<i64>, String, String, Option<String>);

/// Whether `meeting` is recorded already just as it is: same time, end,
/// kind, channel, title and people (names too).
fn unchanged(
    tx: &Transaction<'_>,
    meeting: &MeetingDraft,
    kind: &str,
    channel: &str,
) -> Result<bool> {
    let kept: Option<KeptMeeting> = tx
        .prepare_cached("SELECT at, ends, kind, channel, title FROM meeting WHERE key = ?1")?
        .query_row([&meeting.key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let wanted = (
        to_secs(meeting.at),
        Some(to_secs(meeting.ends)),
        kind.to_owned(),
        channel.to_owned(),
        meeting.title.clone(),
    );
    if kept.as_ref() != Some(&wanted) {
        return Ok(false);
    }
    let mut parties: Vec<(String, Option<String>)> = tx
        .prepare_cached("SELECT address, name FROM meeting_party WHERE meeting = ?1")?
        .query_map([&meeting.key], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    parties.sort();
    let mut given: Vec<(String, Option<String>)> = meeting
        .people
        .iter()
        .map(|p| (p.address.clone(), p.name.clone()))
        .collect();
    given.sort();
    given.dedup_by(|a, b| a.0 == b.0);
    Ok(parties == given)
}

/// Records occurrences (past ones, and ahead ones for the plan) and brings
/// their touches in line, in the caller's transaction.
pub(crate) fn record(
    tx: &Transaction<'_>,
    meetings: &[MeetingDraft],
    now: DateTime<Utc>,
) -> Result<MeetingsRecorded> {
    // What has begun since it was recorded as ahead is past now: kept rows
    // then read as they are and need no write below.
    settle_begun(tx, now)?;
    let mut recorded = MeetingsRecorded::default();
    let mut touched = BTreeSet::new();
    for meeting in meetings {
        if meeting.counts {
            let (kind, channel) = meeting.way.touch();
            if unchanged(tx, meeting, kind.as_str(), channel.as_str())? {
                // Read again as it was (every sync reads each kept event):
                // nothing to write.
                recorded.meetings += 1;
                recorded.ahead += usize::from(meeting.at > now);
                continue;
            }
            tx.prepare_cached(
                "INSERT INTO meeting (key, at, ends, kind, channel, title, ahead)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (key) DO UPDATE SET at = excluded.at, ends = excluded.ends,
                     kind = excluded.kind, channel = excluded.channel, title = excluded.title,
                     ahead = excluded.ahead",
            )?
            .execute(params![
                meeting.key,
                to_secs(meeting.at),
                to_secs(meeting.ends),
                kind.as_str(),
                channel.as_str(),
                meeting.title,
                meeting.at > now,
            ])?;
            recorded.ahead += usize::from(meeting.at > now);
            tx.prepare_cached("DELETE FROM meeting_party WHERE meeting = ?1")?
                .execute([&meeting.key])?;
            let mut party = tx.prepare_cached(
                "INSERT OR IGNORE INTO meeting_party (meeting, address, name) VALUES (?1, ?2, ?3)",
            )?;
            for p in &meeting.people {
                party.execute(params![meeting.key, p.address, p.name])?;
            }
            recorded.meetings += 1;
        } else {
            tx.prepare_cached("DELETE FROM meeting WHERE key = ?1")?
                .execute([&meeting.key])?;
            recorded.not_counted += 1;
        }
        let derived = derive(tx, &meeting.key, now, &mut touched)?;
        recorded.touches_made += derived.made;
        recorded.touches_changed += derived.changed;
        recorded.touches_removed += derived.removed;
    }
    settle(tx, touched, now)?;
    Ok(recorded)
}
