//! Part of the store's floor: the links other writes make or resolve —
//! derived from a person's details ("introduced by", "met through"),
//! named by a card or an import and resolved when that person arrives —
//! and a person's links as the warm path and the neighbourhood walk them.
//! The links a user makes and reads are `links.rs`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{to_secs, Result};
use crate::domain::{met_through, LinkDraft, LinkKind, PersonId};
use crate::import::{Related, RelatedRef};
use crate::path::Edge;

/// A person's links from both sides, each answered by an index alone
/// (`link_from_cover`, `link_by_to`).
pub(super) const EDGES: &str = "SELECT to_id, kind, since, 1 FROM link WHERE from_id = ?1
     UNION ALL
     SELECT from_id, kind, since, 0 FROM link WHERE to_id = ?1";

/// A person's links from their side, as the path search walks them.
pub(crate) fn edges(conn: &Connection, person: PersonId) -> Result<Vec<Edge>> {
    let mut stmt = conn.prepare_cached(EDGES)?;
    let edges = stmt
        .query_map([person.0], |r| {
            Ok(Edge {
                other: PersonId(r.get(0)?),
                // CHECK constraints keep these to known identifiers.
                kind: r.get_ref(1)?.as_str()?.parse().unwrap_or(LinkKind::Friend),
                since: r.get(2)?,
                outgoing: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(edges)
}

/// Writes the links a person's details say: "introduced by" X gives X's
/// `introduced` link to them, and "How we met: through X" (X one person's
/// whole name) a `met-through` link. Links already there are kept.
pub(super) fn derive_links(conn: &Connection, person: PersonId, now: DateTime<Utc>) -> Result<()> {
    let Some((introducer, how_met)) = conn
        .query_row(
            "SELECT introduced_by, how_met FROM person WHERE id = ?1",
            [person.0],
            |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()?
    else {
        return Ok(());
    };
    let mut add = conn.prepare_cached(
        "INSERT OR IGNORE INTO link (from_id, to_id, kind, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    if let Some(introducer) = introducer.filter(|i| *i != person.0) {
        add.execute(params![introducer, person.0, "introduced", to_secs(now)])?;
    }
    if let Some(name) = how_met.as_deref().and_then(met_through) {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM person WHERE display_name = ?1 COLLATE NOCASE AND id <> ?2 LIMIT 2",
        )?;
        let found: Vec<i64> = stmt
            .query_map(params![name, person.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let [through] = found[..] {
            add.execute(params![person.0, through, "met-through", to_secs(now)])?;
        }
    }
    Ok(())
}

/// Links the people an import's cards named: another card by `UID` (in
/// this import, an earlier one, or a synced address book) or a name that
/// is one person's. A name not in Kith yet is kept (`link_pending`) until
/// someone of that name arrives. How many links were made.
pub(super) fn link_related(
    conn: &Connection,
    related: &[(PersonId, Related)],
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut made = 0;
    for (person, r) in related {
        let other = match &r.other {
            RelatedRef::Uid(uid) => by_uid(conn, uid)?,
            RelatedRef::Name(name) => by_name(conn, name, *person)?,
        };
        match (other, &r.other) {
            (Some(other), _) if other != *person => {
                made += add_related(conn, *person, other, r.kind, r.other_is_first, now)?;
            }
            (None, RelatedRef::Name(name)) => {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO link_pending (person_id, kind, other_is_first, name)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    person.0,
                    r.kind.as_str(),
                    r.other_is_first,
                    name
                ])?;
            }
            _ => {}
        }
    }
    Ok(made)
}

/// Makes the links cards named a newly arrived person in (by their name).
pub(super) fn link_waiting(conn: &Connection, person: PersonId, now: DateTime<Utc>) -> Result<()> {
    let waiting: Vec<(i64, String, bool, String)> = conn
        .prepare_cached(
            "SELECT w.person_id, w.kind, w.other_is_first, w.name FROM link_pending w
             JOIN person p ON p.id = ?1 AND w.name = p.display_name COLLATE NOCASE
             WHERE w.person_id <> ?1 AND w.by_uid = 0",
        )?
        .query_map([person.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (owner, kind, other_is_first, name) in waiting {
        let kind: LinkKind = kind.parse().unwrap_or(LinkKind::Friend);
        add_related(conn, PersonId(owner), person, kind, other_is_first, now)?;
        conn.prepare_cached(
            "DELETE FROM link_pending WHERE person_id = ?1 AND kind = ?2 AND name = ?3",
        )?
        .execute(params![owner, kind.as_str(), name])?;
    }
    Ok(())
}

/// Makes the links synced cards named a person in by their uid, now that
/// their card has come.
pub(super) fn link_waiting_uid(
    conn: &Connection,
    person: PersonId,
    uid: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let waiting: Vec<(i64, String, bool)> = conn
        .prepare_cached(
            "SELECT person_id, kind, other_is_first FROM link_pending
             WHERE by_uid = 1 AND name = ?1 AND person_id <> ?2",
        )?
        .query_map(params![uid, person.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (owner, kind, other_is_first) in waiting {
        let kind: LinkKind = kind.parse().unwrap_or(LinkKind::Friend);
        add_related(conn, PersonId(owner), person, kind, other_is_first, now)?;
    }
    conn.prepare_cached("DELETE FROM link_pending WHERE by_uid = 1 AND name = ?1")?
        .execute([uid])?;
    Ok(())
}

pub(super) fn add_related(
    conn: &Connection,
    person: PersonId,
    other: PersonId,
    kind: LinkKind,
    other_is_first: bool,
    now: DateTime<Utc>,
) -> Result<u64> {
    let (from, to) = if other_is_first {
        (other, person)
    } else {
        (person, other)
    };
    let draft = LinkDraft::new(from, to, kind, None, None)?;
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO link (from_id, to_id, kind, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?
        .execute(params![
            draft.from.0,
            draft.to.0,
            kind.as_str(),
            to_secs(now)
        ])?;
    Ok(added as u64)
}

/// The person a card's `UID` is: a card imported before (`urn:uuid:`
/// written or not) or one synced with an address book.
fn by_uid(conn: &Connection, uid: &str) -> Result<Option<PersonId>> {
    let bare = uid
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("urn:uuid:"))
        .map_or(uid, |_| &uid[9..]);
    let with = format!("urn:uuid:{bare}");
    let found = conn
        .prepare_cached(
            "SELECT person_id FROM import_key WHERE source = 'vcard' AND key IN (?1, ?2)
             UNION ALL SELECT id FROM person WHERE uid IN (?1, ?2)
             LIMIT 1",
        )?
        .query_row(params![bare, with], |r| r.get(0))
        .optional()?;
    Ok(found.map(PersonId))
}

/// The one person with this name (not `person` themselves), if one.
fn by_name(conn: &Connection, name: &str, person: PersonId) -> Result<Option<PersonId>> {
    let found: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM person WHERE display_name = ?1 COLLATE NOCASE AND id <> ?2 LIMIT 2",
        )?
        .query_map(params![name.trim(), person.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match found[..] {
        [one] => Some(PersonId(one)),
        _ => None,
    })
}

/// Takes away the `introduced` link an introducer no longer named had.
pub(super) fn forget_introducer(
    conn: &Connection,
    person: PersonId,
    introducer: PersonId,
) -> Result<()> {
    conn.execute(
        "DELETE FROM link WHERE from_id = ?1 AND to_id = ?2 AND kind = 'introduced'",
        params![introducer.0, person.0],
    )?;
    Ok(())
}

/// Migration 0028: the links everyone's details already said, dated when
/// those details were last changed.
pub(super) fn derive_all(tx: &Transaction<'_>) -> Result<()> {
    let people: Vec<(i64, i64)> = tx
        .prepare(
            "SELECT id, updated_at FROM person WHERE introduced_by IS NOT NULL
                OR how_met LIKE '%through %' OR how_met LIKE '%via %' OR how_met LIKE '%thanks to %'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (person, updated) in people {
        derive_links(tx, PersonId(person), super::from_secs(updated))?;
    }
    Ok(())
}
