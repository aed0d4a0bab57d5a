//! Part of the store's floor: follow-up rows (reading one back, inserting,
//! closing, completing, moving the due date), shared by the follow-up,
//! relation, import and plan modules.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::rows::{clean, ensure_person};
use super::{from_secs, to_secs, Result, StoreError};
use crate::domain::{
    FollowUp, FollowUpDraft, FollowUpId, FollowUpStatus, PersonId, Repeat, RepeatUnit, TopicId,
};
use crate::when::{format_local, parse_local, LocalIntent, Zone};

pub(crate) const COLUMNS: &str =
    "f.id, f.person_id, p.display_name, f.what, f.due_local, f.due_zone,
    f.due_at, f.repeat_every, f.repeat_unit, f.status, f.created_at, f.done_at, f.pending_since,
    EXISTS (SELECT 1 FROM reminder r WHERE r.subject = 'follow_up' AND r.subject_id = f.id
            AND r.due_at = coalesce(f.pending_since, f.due_at) AND r.missed = 1),
    f.topic_id, (SELECT text FROM topic WHERE id = f.topic_id)";

pub(crate) fn follow_up_from_row(row: &Row<'_>) -> rusqlite::Result<FollowUp> {
    let due_local: String = row.get(4)?;
    let due_zone: Option<String> = row.get(5)?;
    let every: Option<u32> = row.get(7)?;
    let unit: Option<String> = row.get(8)?;
    let status: String = row.get(9)?;
    let done_at: Option<i64> = row.get(11)?;
    // The columns are written only by this module from validated values;
    // a value it cannot read back is reported as a conversion error.
    let local = parse_local(&due_local).ok_or_else(|| bad_column(4, &due_local))?;
    let zone = match due_zone {
        None => Zone::Floating,
        Some(name) => Zone::parse(&name).map_err(|_| bad_column(5, &name))?,
    };
    let repeat = match (every, unit.as_deref().and_then(RepeatUnit::parse)) {
        (Some(every), Some(unit)) => Some(Repeat { every, unit }),
        _ => None,
    };
    Ok(FollowUp {
        id: FollowUpId(row.get(0)?),
        person: PersonId(row.get(1)?),
        person_name: row.get(2)?,
        what: row.get(3)?,
        due: LocalIntent::new(local, zone),
        due_at: from_secs(row.get(6)?),
        repeat,
        status: FollowUpStatus::parse(&status).ok_or_else(|| bad_column(9, &status))?,
        created_at: from_secs(row.get(10)?),
        done_at: done_at.map(from_secs),
        pending_since: row.get::<_, Option<i64>>(12)?.map(from_secs),
        missed: row.get(13)?,
        topic: row
            .get::<_, Option<i64>>(14)?
            .zip(row.get::<_, Option<String>>(15)?)
            .map(|(id, text)| (TopicId(id), text)),
    })
}

pub(crate) fn bad_column(index: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("unreadable value {value:?}").into(),
    )
}

pub(crate) fn load(conn: &Connection, id: FollowUpId) -> Result<FollowUp> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.id = ?1"
        ),
        [id.0],
        follow_up_from_row,
    )
    .optional()?
    .ok_or(StoreError::FollowUpNotFound(id))
}

pub(crate) fn close(conn: &Connection, id: FollowUpId, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE follow_up SET status = 'done', done_at = ?2, pending_since = NULL WHERE id = ?1",
        params![id.0, to_secs(now)],
    )?;
    Ok(())
}

/// The first occurrence of a follow-up's series, in its zone.
pub(crate) fn anchor_of(conn: &Connection, follow_up: &FollowUp) -> Result<LocalIntent> {
    let text: String = conn.query_row(
        "SELECT anchor_local FROM follow_up WHERE id = ?1",
        [follow_up.id.0],
        |r| r.get(0),
    )?;
    let local = parse_local(&text).ok_or_else(|| bad_column(0, &text))?;
    Ok(LocalIntent::new(local, follow_up.due.zone))
}

pub(crate) fn set_due(
    conn: &Connection,
    id: FollowUpId,
    due: LocalIntent,
    zone_now: Tz,
) -> Result<()> {
    conn.execute(
        "UPDATE follow_up SET due_local = ?2, due_zone = ?3, due_at = ?4, status = 'open',
             done_at = NULL, pending_since = NULL
         WHERE id = ?1",
        params![
            id.0,
            format_local(due.local),
            due.zone.name(),
            to_secs(due.resolve(zone_now))
        ],
    )?;
    Ok(())
}

/// A follow-up's topic must be one of its person's.
pub(crate) fn ensure_topic_of(conn: &Connection, draft: &FollowUpDraft) -> Result<()> {
    let Some(topic) = draft.topic else {
        return Ok(());
    };
    conn.prepare_cached("SELECT 1 FROM topic WHERE id = ?1 AND person_id = ?2")?
        .query_row(params![topic.0, draft.person.0], |_| Ok(()))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "topic of this person",
            id: topic.0,
        })
}

/// Inserts a validated follow-up.
pub(crate) fn insert_follow_up(
    conn: &Connection,
    draft: &FollowUpDraft,
    zone_now: Tz,
    now: DateTime<Utc>,
) -> Result<FollowUpId> {
    ensure_person(conn, draft.person)?;
    ensure_topic_of(conn, draft)?;
    conn.prepare_cached(
        "INSERT INTO follow_up (person_id, what, due_local, due_zone, due_at, anchor_local,
             repeat_every, repeat_unit, created_at, topic_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        draft.person.0,
        clean(&draft.what),
        format_local(draft.due.local),
        draft.due.zone.name(),
        to_secs(draft.due.resolve(zone_now)),
        draft.repeat.map(|r| r.every),
        draft.repeat.map(|r| r.unit.as_str()),
        to_secs(now),
        draft.topic.map(|t| t.0),
    ])?;
    Ok(FollowUpId(conn.last_insert_rowid()))
}

/// Marks a follow-up done inside `tx` (see [`Store::complete_follow_up`]).
pub(crate) fn complete_in(
    tx: &Connection,
    id: FollowUpId,
    zone_now: Tz,
    now: DateTime<Utc>,
) -> Result<FollowUp> {
    let follow_up = load(tx, id)?;
    match (follow_up.repeat, follow_up.pending_since) {
        (Some(_), Some(_)) => {
            tx.execute(
                "UPDATE follow_up SET pending_since = NULL WHERE id = ?1",
                [id.0],
            )?;
        }
        (Some(repeat), None) => {
            let anchor = anchor_of(tx, &follow_up)?;
            match repeat.next_after(anchor, now.max(follow_up.due_at), zone_now) {
                Some(next) => set_due(tx, id, next, zone_now)?,
                None => close(tx, id, now)?,
            }
        }
        (None, _) => close(tx, id, now)?,
    }
    load(tx, id)
}
