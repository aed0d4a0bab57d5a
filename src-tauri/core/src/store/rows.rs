//! The store's floor: row-level helpers on a connection (or an open
//! transaction) that the feature modules share. Feature modules (the
//! `impl Store` files) import from the floor — `rows`, `search`, `saved`,
//! `claims` — and never from each other.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, ToSql};

use super::follow_up_rows::insert_follow_up;
use super::mail_rows::adopt_address;
use super::meeting_rows;
use super::search::reindex;
use super::{from_secs, to_secs, Result, StoreError};
use crate::dates::NamedDate;
use crate::domain::PersonBundle;
use crate::domain::{Direction, TouchKind};
use crate::domain::{Identity, IdentityKind, Note};
use crate::domain::{
    InputError, NeedDraft, NeedId, NoteId, PersonDraft, PersonId, TopicId, TouchDraft, TouchId,
};
use crate::stage::{derive, TouchFact};

/// The uid of a touch derived from a source (mail, a meeting, a chat): a
/// hash of `parts` (each ended by a NUL, so moving a character across
/// parts changes it), its first 16 bytes in hex after `kind` and a dash.
/// The same source read on two computers gives the same uid, which the
/// journal sync carries; uids already stored depend on this never
/// changing.
pub(crate) fn derived_uid(kind: &str, parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut uid = String::with_capacity(kind.len() + 33);
    uid.push_str(kind);
    uid.push('-');
    for b in &hash.finalize()[..16] {
        uid.push(char::from(HEX[usize::from(b >> 4)]));
        uid.push(char::from(HEX[usize::from(b & 15)]));
    }
    uid
}

pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

pub(crate) fn ensure_person(conn: &Connection, id: PersonId) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM person WHERE id = ?1")?
        .query_row([id.0], |_| Ok(()))
        .optional()?
        .ok_or(StoreError::PersonNotFound(id))
}

/// A person's own columns, `display_name` to `cadence_days` in the
/// `person` table's order, as they are written: texts cleaned.
pub(crate) struct PersonColumns {
    display_name: String,
    company: Option<String>,
    role: Option<String>,
    how_met: Option<String>,
    where_met: Option<String>,
    introduced_by: Option<i64>,
    cadence_days: Option<u32>,
}

impl PersonColumns {
    pub(crate) fn of(draft: &PersonDraft) -> Self {
        PersonColumns {
            display_name: clean(&draft.display_name),
            company: draft.company.as_deref().map(clean),
            role: draft.role.as_deref().map(clean),
            how_met: draft.how_met.as_deref().map(clean),
            where_met: draft.where_met.as_deref().map(clean),
            introduced_by: draft.introduced_by.map(|p| p.0),
            cadence_days: draft.cadence_days,
        }
    }

    /// The columns as parameters `?1` to `?7`, then `more`.
    pub(crate) fn with<'a>(&'a self, more: &[&'a dyn ToSql]) -> Vec<&'a dyn ToSql> {
        let mut all: Vec<&dyn ToSql> = vec![
            &self.display_name,
            &self.company,
            &self.role,
            &self.how_met,
            &self.where_met,
            &self.introduced_by,
            &self.cadence_days,
        ];
        all.extend_from_slice(more);
        all
    }
}

/// Inserts a person's row, identities and tags; the caller indexes them.
pub(crate) fn insert_person_row(
    conn: &Connection,
    draft: &PersonDraft,
    now: DateTime<Utc>,
    sample: bool,
) -> Result<PersonId> {
    check_introducer(conn, None, draft.introduced_by)?;
    conn.prepare_cached(
        "INSERT INTO person (display_name, company, role, how_met, where_met,
             introduced_by, cadence_days, is_sample, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(&*PersonColumns::of(draft).with(&[&sample, &to_secs(now)]))?;
    let id = PersonId(conn.last_insert_rowid());
    write_details(conn, id, draft, now)?;
    if draft.introduced_by.is_some() || draft.how_met.is_some() {
        super::link_rows::derive_links(conn, id, now)?;
    }
    super::link_rows::link_waiting(conn, id, now)?;
    Ok(id)
}

pub(crate) fn check_introducer(
    conn: &Connection,
    person: Option<PersonId>,
    introducer: Option<PersonId>,
) -> Result<()> {
    let Some(introducer) = introducer else {
        return Ok(());
    };
    if Some(introducer) == person {
        return Err(InputError::SelfIntroduction.into());
    }
    ensure_person(conn, introducer)
}

/// Adds the draft's identities (phone numbers keyed in the home country)
/// and tags to a person (keeping what is there); returns how many were new. A new e-mail address brings the
/// touches recorded mail and meetings with it give (`mail_rows::adopt_address`,
/// `meeting_rows::adopt_address`).
pub(crate) fn write_details(
    conn: &Connection,
    id: PersonId,
    draft: &PersonDraft,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut added = 0;
    let mut add_identity = conn.prepare_cached(
        "INSERT OR IGNORE INTO identity (person_id, kind, value, normalized) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let home = super::phone_rows::home_country(conn)?;
    for identity in &draft.identities {
        let identity = identity.clone().in_country(home);
        let new = add_identity.execute(params![
            id.0,
            identity.kind.as_str(),
            clean(&identity.value),
            identity.normalized
        ])?;
        if new > 0 && identity.kind == IdentityKind::Email {
            adopt_address(conn, id, &identity.normalized, now)?;
            meeting_rows::adopt_address(conn, &identity.normalized, now)?;
        }
        added += new;
    }
    let mut add_tag = conn.prepare_cached("INSERT OR IGNORE INTO tag (name) VALUES (?1)")?;
    let mut link_tag = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id)
         SELECT ?1, id FROM tag WHERE name = ?2",
    )?;
    for tag in &draft.tags {
        let tag = clean(tag);
        add_tag.execute([&tag])?;
        added += link_tag.execute(params![id.0, tag])?;
    }
    Ok(added)
}

/// Inserts a validated note; the caller reindexes the person.
pub(crate) fn insert_note(
    conn: &Connection,
    person: PersonId,
    body: &str,
    now: DateTime<Utc>,
) -> Result<NoteId> {
    ensure_person(conn, person)?;
    conn.prepare_cached(
        "INSERT INTO note (person_id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![person.0, clean(body), to_secs(now)])?;
    Ok(NoteId(conn.last_insert_rowid()))
}

/// Inserts a validated touch; the caller reindexes the person.
pub(crate) fn insert_touch(
    conn: &Connection,
    draft: &TouchDraft,
    now: DateTime<Utc>,
) -> Result<TouchId> {
    ensure_person(conn, draft.person)?;
    insert_touch_row(conn, draft, now)
}

/// Inserts a touch for a person the caller knows exists.
pub(crate) fn insert_touch_row(
    conn: &Connection,
    draft: &TouchDraft,
    now: DateTime<Utc>,
) -> Result<TouchId> {
    conn.prepare_cached(
        "INSERT INTO touch (person_id, kind, channel, direction, happened_at, summary, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        draft.person.0,
        draft.spec.kind.as_str(),
        draft.spec.channel.as_str(),
        draft.spec.direction.as_str(),
        to_secs(draft.spec.at),
        draft.spec.summary.as_deref().map(clean),
        to_secs(now),
    ])?;
    Ok(TouchId(conn.last_insert_rowid()))
}

/// Inserts a validated topic for a person the caller knows exists.
pub(crate) fn insert_topic(
    conn: &Connection,
    person: PersonId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<TopicId> {
    conn.prepare_cached("INSERT INTO topic (person_id, text, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![person.0, clean(text), to_secs(now)])?;
    Ok(TopicId(conn.last_insert_rowid()))
}

/// Inserts a validated ask or offer for a person the caller knows exists.
pub(crate) fn insert_need(
    conn: &Connection,
    draft: &NeedDraft,
    now: DateTime<Utc>,
) -> Result<NeedId> {
    conn.prepare_cached(
        "INSERT INTO ask_offer (person_id, side, text, tags, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        draft.person.0,
        draft.side.as_str(),
        clean(&draft.text),
        clean(&draft.tags.join(",")),
        to_secs(now)
    ])?;
    Ok(NeedId(conn.last_insert_rowid()))
}

/// The first instant of the welcome window: connections since then are new.
pub fn welcome_since(now: DateTime<Utc>, welcome_days: u32) -> DateTime<Utc> {
    now - chrono::Duration::days(i64::from(welcome_days))
}

fn facts_of(conn: &Connection, person: PersonId) -> Result<Vec<TouchFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, direction, happened_at FROM touch WHERE person_id = ?1 ORDER BY happened_at, id",
    )?;
    let rows = stmt.query_map([person.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut facts = Vec::new();
    for row in rows {
        let (kind, direction, at) = row?;
        facts.push(fact(&kind, &direction, at));
    }
    Ok(facts)
}

pub(crate) fn fact(kind: &str, direction: &str, at: i64) -> TouchFact {
    // CHECK constraints keep these to known identifiers.
    TouchFact {
        kind: kind.parse().unwrap_or(TouchKind::Other),
        direction: direction.parse().unwrap_or(Direction::Mutual),
        at: from_secs(at),
    }
}

/// Re-derives one person's stage from their touches.
pub(crate) fn refresh_stage(conn: &Connection, person: PersonId, now: DateTime<Utc>) -> Result<()> {
    let stage = derive(&facts_of(conn, person)?, now).stage;
    conn.prepare_cached("UPDATE person SET stage = ?2 WHERE id = ?1 AND stage <> ?2")?
        .execute(params![person.0, stage as i64])?;
    Ok(())
}

/// A person's id and name, for pickers and messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRef {
    pub id: PersonId,
    pub display_name: String,
}

/// Inserts a person with their history and indexes them once.
pub(crate) fn insert_bundle(
    conn: &Connection,
    bundle: &PersonBundle,
    zone_now: chrono_tz::Tz,
    now: DateTime<Utc>,
    sample: bool,
) -> Result<PersonId> {
    let id = insert_person_row(conn, &bundle.person, now, sample)?;
    for touch in &bundle.touches {
        insert_touch_row(conn, &touch.clone().with(id), now)?;
    }
    for note in &bundle.notes {
        insert_note(conn, id, note, now)?;
    }
    for follow_up in &bundle.follow_ups {
        insert_follow_up(conn, &follow_up.clone().about(id), zone_now, now)?;
    }
    for topic in &bundle.topics {
        insert_topic(conn, id, topic, now)?;
    }
    for need in &bundle.needs {
        insert_need(conn, &need.clone().of(id), now)?;
    }
    reindex(conn, id)?;
    if !bundle.touches.is_empty() {
        refresh_stage(conn, id, now)?;
    }
    Ok(id)
}

/// Inserts a person (`sample` marks the generated sample network).
pub(crate) fn insert_person(
    conn: &Connection,
    draft: &PersonDraft,
    now: DateTime<Utc>,
    sample: bool,
) -> Result<PersonId> {
    let id = insert_person_row(conn, draft, now, sample)?;
    reindex(conn, id)?;
    Ok(id)
}

pub(crate) fn tags_of(conn: &Connection, id: PersonId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
         WHERE pt.person_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    let tags = stmt
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}
/// A person's identities with their row ids, oldest first.
pub(crate) fn identities_of(conn: &Connection, id: PersonId) -> Result<Vec<(i64, Identity)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, value, normalized, id FROM identity WHERE person_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut identities = Vec::new();
    for row in rows {
        let (kind, value, normalized, row_id) = row?;
        // The CHECK constraint guarantees a known kind; an unknown one can
        // only come from a newer schema, which `open` refuses.
        let kind = kind.parse::<IdentityKind>().unwrap_or(IdentityKind::Other);
        identities.push((
            row_id,
            Identity {
                kind,
                value,
                normalized,
            },
        ));
    }
    Ok(identities)
}

/// A person's named dates, soonest in the year first.
pub(crate) fn named_dates_of(conn: &Connection, id: PersonId) -> Result<Vec<NamedDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, what, on_date, yearly FROM person_date WHERE person_id = ?1
         ORDER BY substr(on_date, 6), on_date, id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    let mut dates = Vec::new();
    for row in rows {
        let (id, what, on, yearly) = row?;
        // Only Kith writes these (`YYYY-MM-DD`); a restored dump is checked
        // on the way in, so an unreadable one is left out, not fatal.
        if let Ok(on) = chrono::NaiveDate::parse_from_str(&on, "%Y-%m-%d") {
            dates.push(NamedDate {
                id,
                what,
                on,
                yearly,
            });
        }
    }
    Ok(dates)
}

pub(crate) fn notes_of(conn: &Connection, id: PersonId) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, body, created_at, on_card FROM note WHERE person_id = ?1
         ORDER BY on_card DESC, created_at DESC, id DESC",
    )?;
    let notes = stmt
        .query_map([id.0], |r| {
            Ok(Note {
                id: NoteId(r.get(0)?),
                body: r.get(1)?,
                created_at: from_secs(r.get(2)?),
                on_card: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(notes)
}
