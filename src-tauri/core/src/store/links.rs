//! Who knows whom: typed links between people (the kinds and how each side
//! reads are [`crate::domain::LinkKind`]). One row per pair and kind; a
//! link asked for again changes its note and since-date.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::rows::ensure_person;
use super::{to_secs, Result, Store};
use crate::domain::{met_through, InputError, Link, LinkDraft, LinkKind, PersonId};
use crate::import::{Related, RelatedRef};

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

fn link_from_row(person: PersonId) -> impl Fn(&Row<'_>) -> rusqlite::Result<Link> {
    move |r| {
        let from: i64 = r.get(1)?;
        let outgoing = from == person.0;
        Ok(Link {
            id: r.get(0)?,
            // CHECK constraints keep these to known identifiers.
            kind: r.get::<_, String>(3)?.parse().unwrap_or(LinkKind::Friend),
            outgoing,
            other: PersonId(if outgoing { r.get(2)? } else { from }),
            other_name: r.get(6)?,
            note: r.get(4)?,
            since: r.get(5)?,
        })
    }
}

impl Store {
    /// Links two people (or, when linked so already, changes the link's
    /// note and since-date); the link's id.
    pub fn link(&self, draft: &LinkDraft, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            ensure_person(tx, draft.from)?;
            ensure_person(tx, draft.to)?;
            let id: i64 = tx.query_row(
                "INSERT INTO link (from_id, to_id, kind, note, since, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (from_id, to_id, kind) DO UPDATE SET
                     note = coalesce(excluded.note, note),
                     since = coalesce(excluded.since, since),
                     updated_at = excluded.updated_at
                 RETURNING id",
                params![
                    draft.from.0,
                    draft.to.0,
                    draft.kind.as_str(),
                    draft.note,
                    draft.since,
                    to_secs(now)
                ],
                |r| r.get(0),
            )?;
            Ok(id)
        })
    }

    /// Links many pairs in one transaction (an import's links); how many
    /// were new. A pair linked so already keeps its note and date.
    pub fn link_many(&self, drafts: &[LinkDraft], now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| {
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO link (from_id, to_id, kind, note, since, created_at, updated_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?6
                 WHERE EXISTS (SELECT 1 FROM person WHERE id = ?1)
                   AND EXISTS (SELECT 1 FROM person WHERE id = ?2)",
            )?;
            let mut added = 0;
            for d in drafts {
                added += add.execute(params![
                    d.from.0,
                    d.to.0,
                    d.kind.as_str(),
                    d.note,
                    d.since,
                    to_secs(now)
                ])?;
            }
            Ok(added)
        })
    }

    /// Takes away the links between two people (of one kind, or all);
    /// how many went.
    pub fn unlink(&self, a: PersonId, b: PersonId, kind: Option<LinkKind>) -> Result<usize> {
        self.write(|tx| {
            ensure_person(tx, a)?;
            ensure_person(tx, b)?;
            let gone = tx.execute(
                "DELETE FROM link WHERE ((from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1))
                   AND (?3 IS NULL OR kind = ?3)",
                params![a.0, b.0, kind.map(LinkKind::as_str)],
            )?;
            if gone == 0 {
                return Err(InputError::NotLinked.into());
            }
            Ok(gone)
        })
    }

    /// A person's links, by the other person's name.
    pub fn links(&self, person: PersonId) -> Result<Vec<Link>> {
        self.read(|conn| {
            ensure_person(conn, person)?;
            let mut stmt = conn.prepare_cached(
                "SELECT l.id, l.from_id, l.to_id, l.kind, l.note, l.since, p.display_name
                 FROM link l JOIN person p
                   ON p.id = CASE WHEN l.from_id = ?1 THEN l.to_id ELSE l.from_id END
                 WHERE l.from_id = ?1 OR l.to_id = ?1
                 ORDER BY p.display_name COLLATE NOCASE, l.kind",
            )?;
            let links = stmt
                .query_map([person.0], link_from_row(person))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(links)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonDraft;
    use crate::store::tests::t0;

    fn person(store: &Store, name: &str) -> PersonId {
        store
            .create_person(&PersonDraft::named(name).unwrap(), t0())
            .unwrap()
    }

    fn seen(store: &Store, who: PersonId) -> Vec<(String, &'static str)> {
        store
            .links(who)
            .unwrap()
            .into_iter()
            .map(|l| (l.other_name.clone(), l.name()))
            .collect()
    }

    #[test]
    fn each_side_reads_a_link_its_own_way_and_a_link_asked_for_again_is_one() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        let grace = person(&store, "Grace Hopper");
        let linus = person(&store, "Linus Torvalds");
        let boss = LinkDraft::new(
            ada,
            grace,
            LinkKind::Manager,
            Some("At Northwind"),
            Some("2019"),
        )
        .unwrap();
        let id = store.link(&boss, t0()).unwrap();
        // Again, with a new note: the same link.
        let again = LinkDraft::new(
            ada,
            grace,
            LinkKind::Manager,
            Some("At Northwind, then Lumen"),
            None,
        )
        .unwrap();
        assert_eq!(store.link(&again, t0()).unwrap(), id);
        store
            .link(
                &LinkDraft::new(linus, grace, LinkKind::Friend, None, None).unwrap(),
                t0(),
            )
            .unwrap();
        assert_eq!(seen(&store, ada), [("Grace Hopper".to_owned(), "report")]);
        assert_eq!(
            seen(&store, grace),
            [
                ("Ada Lovelace".to_owned(), "manager"),
                ("Linus Torvalds".to_owned(), "friend")
            ]
        );
        let link = &store.links(ada).unwrap()[0];
        assert_eq!(link.note.as_deref(), Some("At Northwind, then Lumen"));
        assert_eq!(
            link.since.as_deref(),
            Some("2019"),
            "kept when not given again"
        );
        // Unlinked one kind at a time, or all; nothing to unlink is said.
        assert_eq!(
            store.unlink(grace, linus, Some(LinkKind::Friend)).unwrap(),
            1
        );
        assert!(store.unlink(grace, linus, None).is_err());
        assert_eq!(store.unlink(grace, ada, None).unwrap(), 1);
        assert!(store.links(grace).unwrap().is_empty());
    }

    #[test]
    fn a_merge_carries_links_and_its_undo_brings_them_back_as_they_were() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        let dup = person(&store, "Ada King");
        let grace = person(&store, "Grace Hopper");
        let linus = person(&store, "Linus Torvalds");
        let link = |a, b, kind| {
            store
                .link(&LinkDraft::new(a, b, kind, None, None).unwrap(), t0())
                .unwrap()
        };
        link(ada, grace, LinkKind::Friend);
        link(dup, grace, LinkKind::Friend); // the same link twice: kept once
        link(dup, linus, LinkKind::Manager); // moves to Ada
        link(ada, dup, LinkKind::Sibling); // between the two: goes
                                           // Many at once: the pair already linked is kept, one to no one is not made.
        let many = [
            LinkDraft::new(grace, ada, LinkKind::Friend, Some("new"), None).unwrap(),
            LinkDraft::new(grace, PersonId(999), LinkKind::Friend, None, None).unwrap(),
        ];
        assert_eq!(store.link_many(&many, t0()).unwrap(), 0);
        let merged = store.merge(ada, dup, t0()).unwrap();
        assert_eq!(
            seen(&store, ada),
            [
                ("Grace Hopper".to_owned(), "friend"),
                ("Linus Torvalds".to_owned(), "report")
            ]
        );
        assert_eq!(seen(&store, grace), [("Ada Lovelace".to_owned(), "friend")]);
        store.undo_merge(merged, t0()).unwrap();
        assert_eq!(
            seen(&store, dup),
            [
                ("Ada Lovelace".to_owned(), "sibling"),
                ("Grace Hopper".to_owned(), "friend"),
                ("Linus Torvalds".to_owned(), "report")
            ]
        );
        assert_eq!(seen(&store, grace).len(), 2);
        store.integrity_check().unwrap();
    }

    #[test]
    fn the_trash_keeps_a_persons_links_and_a_restore_brings_them_back() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        let grace = person(&store, "Grace Hopper");
        store
            .link(
                &LinkDraft::new(grace, ada, LinkKind::Mentor, Some("Compilers"), None).unwrap(),
                t0(),
            )
            .unwrap();
        let entry = store.trash_person(grace, t0()).unwrap();
        assert!(store.links(ada).unwrap().is_empty());
        let (back, lost) = store.restore_from_trash(entry.id, t0()).unwrap();
        assert_eq!(lost, 0);
        assert_eq!(seen(&store, back), [("Ada Lovelace".to_owned(), "mentee")]);
        assert_eq!(
            store.links(ada).unwrap()[0].note.as_deref(),
            Some("Compilers")
        );
    }
    #[test]
    fn who_introduced_someone_and_how_you_met_them_become_links() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        let grace = person(&store, "Grace Hopper");
        let mut draft = PersonDraft::named("Linus Torvalds")
            .unwrap()
            .with_how_met(Some("At a conference, through grace hopper."))
            .unwrap();
        draft.introduced_by = Some(ada);
        let linus = store.create_person(&draft, t0()).unwrap();
        assert_eq!(
            seen(&store, linus),
            [
                ("Ada Lovelace".to_owned(), "introduced you to them"),
                ("Grace Hopper".to_owned(), "how you met them")
            ]
        );
        // What the migration writes for a database that had none.
        store
            .write(|tx| {
                tx.execute("DELETE FROM link", [])?;
                derive_all(tx)
            })
            .unwrap();
        assert_eq!(seen(&store, linus).len(), 2);
        // Another introducer named: the first one's link goes.
        store
            .edit_person(linus, t0(), |mut d, _| {
                d.introduced_by = Some(grace);
                Ok(d)
            })
            .unwrap();
        let kinds: Vec<(String, LinkKind)> = store
            .links(linus)
            .unwrap()
            .into_iter()
            .map(|l| (l.other_name, l.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Grace Hopper".to_owned(), LinkKind::Introduced),
                ("Grace Hopper".to_owned(), LinkKind::MetThrough)
            ]
        );
    }
}
