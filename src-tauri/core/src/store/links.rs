//! Who knows whom: typed links between people (the kinds and how each side
//! reads are [`crate::domain::LinkKind`]). One row per pair and kind; a
//! link asked for again changes its note and since-date.

use chrono::{DateTime, Utc};
use rusqlite::{params, Row};

use super::rows::ensure_person;
use super::{to_secs, Result, Store};
use crate::domain::{InputError, Link, LinkDraft, LinkKind, PersonId};

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
                super::super::link_rows::derive_all(tx)
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
