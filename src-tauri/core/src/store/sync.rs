//! What sync keeps in the database: the account (never its password), each
//! collection's place and token, each item's version and base, the
//! conflicts set aside; and the person-side operations sync needs, each in
//! one transaction with the item's new state, so a kill between the two
//! cannot leave them disagreeing. The protocol and the merge are the
//! `kith-sync` crate's.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::edits::{draft_of, replace_person};
use super::photo_rows::{photo_key_of, write_photo};
use super::rows::{insert_person, refresh_stage};
use super::search::reindex;
use super::sync_rows::{
    forget_item, give_uids, item_row, person_with_uid, record_conflicts, save_item, settle_item,
    NewConflict, Side, SyncItem,
};
use super::{from_secs, to_secs, Result, Store, StoreError};
use crate::domain::{
    related_kind, related_type, Identity, IdentityKind, LinkDraft, PersonDraft, PersonId,
    MAX_LONG_CHARS,
};
use crate::photo::{Photo, PhotoSource};

/// The server synced with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncAccount {
    pub url: String,
    pub user: String,
    pub added_at: DateTime<Utc>,
    /// The last sync attempt.
    pub tried_at: Option<DateTime<Utc>>,
    /// The last sync that completed.
    pub synced_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed (`None` when it completed).
    pub error: Option<String>,
}

/// A person as sync sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedPerson {
    pub id: PersonId,
    pub uid: String,
    pub draft: PersonDraft,
    pub birthday: Option<String>,
    pub anniversary: Option<String>,
    /// The note that is the contact card's `NOTE`.
    pub card_note: Option<String>,
    /// The links a card can carry, as `RELATED`: the vCard word for what
    /// the other is to them, and the other's uid.
    pub related: Vec<(String, String)>,
    /// Their photo's key (see `photo_rows::photo_key_of`), if they have one.
    pub photo: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// A card's photo as sync carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPhoto {
    /// What tells it apart ([`crate::photo::photo_key`],
    /// [`crate::photo::link_key`]).
    pub key: String,
    /// What the server's card holds, when the photo is the server's; `None`
    /// for the one kept here.
    pub from_card: Option<CardPhoto>,
}

/// A photo as a card holds it.
#[derive(Clone, PartialEq, Eq)]
pub enum CardPhoto {
    /// The image as the card carried it, not yet read.
    Image(Vec<u8>),
    Link(String),
}

impl std::fmt::Debug for CardPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CardPhoto::Image(bytes) => write!(f, "Image({} bytes)", bytes.len()),
            CardPhoto::Link(url) => write!(f, "Link({url})"),
        }
    }
}

/// A field both sides changed to different values since they last agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConflict {
    pub id: i64,
    pub collection: String,
    pub uid: String,
    /// Whose field (the person's name when it was found).
    pub label: String,
    pub field: String,
    pub kept: String,
    pub other: String,
    pub kept_from: Side,
    pub found_at: DateTime<Utc>,
}

/// A person's synced fields: everything sync writes of them (the rest of
/// the person — how and where you met, cadence, introducer — stays as it
/// is here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFields {
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub tags: Vec<String>,
    pub identities: Vec<Identity>,
    pub birthday: Option<String>,
    pub anniversary: Option<String>,
    /// The contact card's note (`None`: the card has none).
    pub card_note: Option<String>,
    /// The card's `RELATED` to other synced people: the vCard word and
    /// their uid (see `SyncedPerson::related`).
    pub related: Vec<(String, String)>,
    /// The card's photo (`None`: the card has none). Only a sync applying
    /// the server's card writes it (`Store::apply_synced_person`).
    pub photo: Option<SyncPhoto>,
}

/// Brings the person's photo in line with their card's: the card's
/// (`decoded`, read beforehand) when it is not the one kept here, none when
/// the card has none. A photo that could not be read leaves theirs as it
/// is. Returns whether it changed.
fn sync_photo(
    tx: &Connection,
    person: PersonId,
    photo: Option<&SyncPhoto>,
    decoded: Option<std::result::Result<PhotoSource, String>>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let kept = photo_key_of(tx, person)?;
    match photo {
        None if kept.is_some() => {
            tx.execute("DELETE FROM person_photo WHERE person_id = ?1", [person.0])?;
            Ok(true)
        }
        Some(photo) if kept.as_ref() != Some(&photo.key) => match decoded {
            Some(Ok(source)) => {
                write_photo(tx, person, &source, Some(&photo.key), true, now)?;
                Ok(true)
            }
            Some(Err(error)) => {
                tracing::warn!(%error, "a card's photo could not be read; the one here stays");
                Ok(false)
            }
            None => Ok(false),
        },
        _ => Ok(false),
    }
}

/// Writes `fields` to the person with `uid`, creating them if there is
/// none; returns their id and whether anything changed.
fn write_person(
    tx: &Connection,
    uid: &str,
    fields: &PersonFields,
    now: DateTime<Utc>,
) -> Result<(PersonId, bool)> {
    let mut draft = PersonDraft::named(&fields.display_name)?
        .with_company(fields.company.as_deref())?
        .with_role(fields.role.as_deref())?
        .with_tags(&fields.tags)?;
    // Keyed as the store keys them, so a number the card writes without
    // its country is the same as the one kept with it.
    let home = super::phone_rows::home_country(tx)?;
    for identity in &fields.identities {
        draft = draft.with_identity(identity.clone().in_country(home));
    }
    let (id, changed) = match person_with_uid(tx, uid)? {
        Some(id) => {
            let (current, _) = draft_of(tx, id)?;
            let dates: (Option<String>, Option<String>) = tx.query_row(
                "SELECT birthday, anniversary FROM person WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let edited = PersonDraft {
                how_met: current.how_met.clone(),
                where_met: current.where_met.clone(),
                introduced_by: current.introduced_by,
                cadence_days: current.cadence_days,
                ..draft
            };
            let same = same_fields(&current, &edited)
                && dates == (fields.birthday.clone(), fields.anniversary.clone());
            if !same {
                replace_person(tx, id, &edited, now)?;
            }
            (id, !same)
        }
        None => {
            let id = insert_person(tx, &draft, now, false)?;
            tx.execute(
                "UPDATE person SET uid = ?2 WHERE id = ?1",
                params![id.0, uid],
            )?;
            super::link_rows::link_waiting_uid(tx, id, uid, now)?;
            refresh_stage(tx, id, now)?;
            (id, true)
        }
    };
    tx.execute(
        "UPDATE person SET birthday = ?2, anniversary = ?3
         WHERE id = ?1 AND (birthday IS NOT ?2 OR anniversary IS NOT ?3)",
        params![id.0, fields.birthday, fields.anniversary],
    )?;
    let note_changed = write_card_note(tx, id, fields.card_note.as_deref(), now)?;
    let links_changed = write_card_links(tx, id, &fields.related, now)?;
    Ok((id, changed || note_changed || links_changed))
}

/// The links cards can carry, from each side: `(person, vCard word for
/// what the other is to them, the other's uid)`; one person's with
/// `Some`.
fn card_links(conn: &Connection, person: Option<PersonId>) -> Result<Vec<(i64, String, String)>> {
    // Links to people with a uid, from each side, and ties a card named
    // by a uid whose card has not come yet.
    let mut stmt = conn.prepare_cached(
        "SELECT l.from_id, l.kind, 0, o.uid FROM link l JOIN person o ON o.id = l.to_id
           WHERE o.uid IS NOT NULL AND o.is_sample = 0 AND (?1 IS NULL OR l.from_id = ?1)
         UNION ALL
         SELECT l.to_id, l.kind, 1, o.uid FROM link l JOIN person o ON o.id = l.from_id
           WHERE o.uid IS NOT NULL AND o.is_sample = 0 AND (?1 IS NULL OR l.to_id = ?1)
         UNION ALL
         SELECT person_id, kind, other_is_first, name FROM link_pending
           WHERE by_uid = 1 AND (?1 IS NULL OR person_id = ?1)",
    )?;
    let rows = stmt
        .query_map([person.map(|p| p.0)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, kind, other_first, uid)| {
            let word = related_type(kind.parse().ok()?, other_first)?;
            Some((p, word.to_owned(), uid))
        })
        .collect())
}

/// Makes the links a card carries (`RELATED` words and uids) that the
/// person does not have yet, to people here by those uids. A link is never
/// taken away because a card lacks it: clients that do not know `RELATED`
/// drop it when they edit a card, and the merge already let Kith's own
/// removals win. Whether a link was made.
fn write_card_links(
    tx: &Connection,
    id: PersonId,
    related: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<bool> {
    let key = |word: &str, uid: &str| (word.to_lowercase(), uid.to_lowercase());
    let current: Vec<(String, String)> = card_links(tx, Some(id))?
        .into_iter()
        .map(|(_, w, u)| key(&w, &u))
        .collect();
    let mut changed = false;
    for (word, uid) in related {
        if current.contains(&key(word, uid)) {
            continue;
        }
        let Some((kind, other_first)) = related_kind(word) else {
            continue;
        };
        let Some(other) = person_with_uid(tx, uid)? else {
            // Their card has not come yet: kept until it does.
            changed |= tx.execute(
                "INSERT OR IGNORE INTO link_pending (person_id, kind, other_is_first, name, by_uid)
                 VALUES (?1, ?2, ?3, ?4, 1)",
                params![
                    id.0,
                    kind.as_str(),
                    other_first,
                    uid.chars().take(500).collect::<String>()
                ],
            )? > 0;
            continue;
        };
        if other == id {
            continue;
        }
        let (from, to) = if other_first {
            (other, id)
        } else {
            (id, other)
        };
        let draft = LinkDraft::new(from, to, kind, None, None)?;
        changed |= tx.execute(
            "INSERT OR IGNORE INTO link (from_id, to_id, kind, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![draft.from.0, draft.to.0, kind.as_str(), to_secs(now)],
        )? > 0;
    }
    Ok(changed)
}

/// Makes the person's card note say `text` (none: no card note), only
/// when it differs; returns whether it did. A note longer than a note may
/// be keeps its beginning.
pub(super) fn write_card_note(
    tx: &Connection,
    id: PersonId,
    text: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let text = text
        .map(|t| t.trim().chars().take(MAX_LONG_CHARS).collect::<String>())
        .filter(|t| !t.is_empty());
    let current: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, body FROM note WHERE person_id = ?1 AND on_card = 1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match (current, text) {
        (None, None) => return Ok(false),
        (Some((_, body)), Some(text)) if body == text => return Ok(false),
        (Some((note, _)), Some(text)) => {
            tx.execute(
                "UPDATE note SET body = ?2, updated_at = ?3 WHERE id = ?1",
                params![note, text, to_secs(now)],
            )?;
        }
        (None, Some(text)) => {
            tx.execute(
                "INSERT INTO note (person_id, body, created_at, updated_at, on_card)
                 VALUES (?1, ?2, ?3, ?3, 1)",
                params![id.0, text, to_secs(now)],
            )?;
        }
        (Some((note, _)), None) => {
            tx.execute("DELETE FROM note WHERE id = ?1", [note])?;
        }
    }
    reindex(tx, id)?;
    Ok(true)
}

/// Whether two drafts agree on the synced fields (identities and tags in
/// any order).
fn same_fields(a: &PersonDraft, b: &PersonDraft) -> bool {
    let keys = |d: &PersonDraft| {
        let mut k: Vec<(IdentityKind, String)> = d
            .identities
            .iter()
            .map(|i| (i.kind, i.normalized.clone()))
            .collect();
        k.sort_by(|x, y| x.0.as_str().cmp(y.0.as_str()).then(x.1.cmp(&y.1)));
        k
    };
    let tags = |d: &PersonDraft| {
        let mut t: Vec<String> = d.tags.iter().map(|t| t.to_lowercase()).collect();
        t.sort();
        t
    };
    a.display_name == b.display_name
        && a.company == b.company
        && a.role == b.role
        && keys(a) == keys(b)
        && tags(a) == tags(b)
}

impl Store {
    /// The server synced with, if any.
    pub fn sync_account(&self) -> Result<Option<SyncAccount>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT url, user, added_at, tried_at, synced_at, error FROM sync_account WHERE id = 1",
                    [],
                    |r| {
                        Ok(SyncAccount {
                            url: r.get(0)?,
                            user: r.get(1)?,
                            added_at: from_secs(r.get(2)?),
                            tried_at: r.get::<_, Option<i64>>(3)?.map(from_secs),
                            synced_at: r.get::<_, Option<i64>>(4)?.map(from_secs),
                            error: r.get(5)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Sets the server synced with. Another server or user starts afresh:
    /// what was known of the old one's items is forgotten (the people stay).
    pub fn set_sync_account(&self, url: &str, user: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let same: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM sync_account WHERE url = ?1 AND user = ?2",
                    params![url, user],
                    |r| r.get(0),
                )
                .optional()?;
            if same.is_none() {
                forget(tx)?;
                tx.execute(
                    "INSERT INTO sync_account (id, url, user, added_at) VALUES (1, ?1, ?2, ?3)",
                    params![url, user, to_secs(now)],
                )?;
            }
            Ok(())
        })
    }

    /// Stops syncing: the account, the collections' places and tokens, the
    /// items' versions and the conflicts go; every person stays.
    pub fn forget_sync(&self) -> Result<()> {
        self.write(forget)
    }

    /// Records a sync attempt: when, and why it failed (`None`: it completed).
    pub fn note_sync(&self, at: DateTime<Utc>, error: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_account SET tried_at = ?1, error = ?2,
                     synced_at = CASE WHEN ?2 IS NULL THEN ?1 ELSE synced_at END
                 WHERE id = 1",
                params![to_secs(at), error],
            )?;
            Ok(())
        })
    }

    /// Where a collection is on the server and its last sync token.
    pub fn sync_collection(&self, name: &str) -> Result<Option<(String, Option<String>)>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT href, token FROM sync_collection WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })
    }

    /// Records where a collection is and its sync token.
    pub fn set_sync_collection(&self, name: &str, href: &str, token: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sync_collection (name, href, token) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET href = excluded.href, token = excluded.token",
                params![name, href, token],
            )?;
            Ok(())
        })
    }

    /// Forgets a collection and what was known of its items (a mirror
    /// taken down).
    pub fn forget_sync_collection(&self, name: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM sync_collection WHERE name = ?1", [name])?;
            Ok(())
        })
    }

    /// Every item of a collection.
    pub fn sync_items(&self, collection: &str) -> Result<Vec<SyncItem>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT uid, href, etag, base, remote FROM sync_item WHERE collection = ?1 ORDER BY uid",
            )?;
            let items = stmt
                .query_map([collection], item_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(items)
        })
    }

    /// Records an item's new state (after a write to the server that
    /// changed nothing here).
    pub fn save_sync_item(&self, collection: &str, item: &SyncItem) -> Result<()> {
        self.write(|tx| save_item(tx, collection, item))
    }

    /// Forgets an item (deleted on both sides, or to be created again).
    pub fn drop_sync_item(&self, collection: &str, uid: &str) -> Result<()> {
        self.write(|tx| {
            forget_item(tx, collection, uid)?;
            Ok(())
        })
    }

    /// Forgets an item the server deleted while it was edited here, and
    /// lists that as a conflict (`label`: whose item), in one transaction.
    pub fn drop_sync_item_in_conflict(
        &self,
        collection: &str,
        uid: &str,
        label: &str,
        conflict: &NewConflict,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            forget_item(tx, collection, uid)?;
            record_conflicts(
                tx,
                collection,
                uid,
                label,
                std::slice::from_ref(conflict),
                now,
            )
        })
    }

    /// Each synced person's name by their uid.
    pub fn names_by_uid(&self) -> Result<std::collections::HashMap<String, String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT uid, display_name FROM person WHERE uid IS NOT NULL AND is_sample = 0",
            )?;
            let names = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(names)
        })
    }

    /// Every person with their synced fields, but the sample network's
    /// (made-up people never leave this computer). People without a uid get
    /// one first (it is theirs for good).
    pub fn people_for_sync(&self) -> Result<Vec<SyncedPerson>> {
        give_uids(
            self,
            "person",
            "id",
            "SELECT id FROM person WHERE uid IS NULL AND is_sample = 0",
        )?;
        self.read(|conn| {
            let mut people: Vec<SyncedPerson> = conn
                .prepare(
                    "SELECT id, uid, display_name, company, role, how_met, where_met, introduced_by,
                            cadence_days, birthday, updated_at, anniversary,
                            (SELECT body FROM note n WHERE n.person_id = person.id AND n.on_card = 1)
                     FROM person WHERE is_sample = 0 ORDER BY id",
                )?
                .query_map([], |r| {
                    Ok(SyncedPerson {
                        id: PersonId(r.get(0)?),
                        uid: r.get(1)?,
                        draft: PersonDraft {
                            display_name: r.get(2)?,
                            company: r.get(3)?,
                            role: r.get(4)?,
                            how_met: r.get(5)?,
                            where_met: r.get(6)?,
                            introduced_by: r.get::<_, Option<i64>>(7)?.map(PersonId),
                            cadence_days: r.get(8)?,
                            tags: Vec::new(),
                            identities: Vec::new(),
                        },
                        birthday: r.get(9)?,
                        anniversary: r.get(11)?,
                        card_note: r.get(12)?,
                        related: Vec::new(),
                        photo: None,
                        updated_at: from_secs(r.get(10)?),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let index: std::collections::HashMap<i64, usize> = people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.0, i))
                .collect();
            let mut stmt = conn.prepare(
                "SELECT person_id, kind, value, normalized FROM identity ORDER BY person_id, id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                    let kind: String = r.get(1)?;
                    people[i].draft.identities.push(Identity {
                        kind: kind.parse().unwrap_or(IdentityKind::Other),
                        value: r.get(2)?,
                        normalized: r.get(3)?,
                    });
                }
            }
            let mut stmt = conn.prepare(
                "SELECT pt.person_id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                 ORDER BY pt.person_id, t.name COLLATE NOCASE",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                    people[i].draft.tags.push(r.get(1)?);
                }
            }
            for (person, word, uid) in card_links(conn, None)? {
                if let Some(&i) = index.get(&person) {
                    people[i].related.push((word, uid));
                }
            }
            let with_photos: Vec<i64> = conn
                .prepare("SELECT person_id FROM person_photo")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for person in with_photos {
                if let Some(&i) = index.get(&person) {
                    people[i].photo = photo_key_of(conn, PersonId(person))?;
                }
            }
            Ok(people)
        })
    }

    /// The person with a uid.
    pub fn person_by_uid(&self, uid: &str) -> Result<Option<PersonId>> {
        self.read(|conn| person_with_uid(conn, uid))
    }

    /// Applies a person's fields as merged from the server, creating them
    /// if needed (or bringing them back from the trash: edited on the
    /// server after being deleted here), and records the item, in one
    /// transaction. Returns their id and whether anything of theirs changed.
    pub fn apply_synced_person(
        &self,
        fields: &PersonFields,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<(PersonId, bool)> {
        // A photo the server's card brings is read before the write begins
        // (it takes a moment), and only when it is not the one kept here.
        let card_photo = fields
            .photo
            .as_ref()
            .and_then(|p| p.from_card.as_ref().map(|card| (&p.key, card)));
        let mut decoded = match card_photo {
            Some((key, card)) => {
                let kept = self.read(|conn| match person_with_uid(conn, &item.uid)? {
                    Some(id) => photo_key_of(conn, id),
                    None => Ok(None),
                })?;
                (kept.as_ref() != Some(key)).then(|| match card {
                    CardPhoto::Image(bytes) => Photo::from_bytes(bytes)
                        .map(PhotoSource::Image)
                        .map_err(|e| e.to_string()),
                    CardPhoto::Link(url) => PhotoSource::link(url).map_err(|e| e.to_string()),
                })
            }
            None => None,
        };
        self.write(|tx| {
            if person_with_uid(tx, &item.uid)?.is_none() {
                let trashed: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM trash WHERE person_uid = ?1 ORDER BY deleted_at DESC LIMIT 1",
                        [&item.uid],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(entry) = trashed {
                    super::trash::restore(tx, entry, now)?;
                }
            }
            let (id, changed) = write_person(tx, &item.uid, fields, now)?;
            let photo_changed = sync_photo(tx, id, fields.photo.as_ref(), decoded.take(), now)?;
            settle_item(tx, "people", item, &fields.display_name, conflicts, now)?;
            Ok((id, changed || photo_changed))
        })
    }

    /// Writes a person's synced fields here only (a conflict flipped to the
    /// value set aside); the next sync sends them.
    pub fn set_person_fields(
        &self,
        uid: &str,
        fields: &PersonFields,
        now: DateTime<Utc>,
    ) -> Result<PersonId> {
        self.write(|tx| Ok(write_person(tx, uid, fields, now)?.0))
    }

    /// Sets the person's contact card note (`None` or empty: removes it);
    /// the next sync writes it to their card.
    pub fn set_card_note(
        &self,
        person: PersonId,
        text: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            crate::domain::Note::body(text)?;
        }
        self.write(|tx| {
            super::rows::ensure_person(tx, person)?;
            if write_card_note(tx, person, text, now)? {
                tx.execute(
                    "UPDATE person SET updated_at = ?2 WHERE id = ?1",
                    params![person.0, to_secs(now)],
                )?;
            }
            Ok(())
        })
    }

    /// Moves the person with `uid` to the trash (deleted on the server) and
    /// forgets their item; `None` when there is no such person.
    pub fn trash_synced_person(
        &self,
        uid: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<super::TrashEntry>> {
        let entry = match self.person_by_uid(uid)? {
            Some(id) => Some(self.trash_person(id, now)?),
            None => None,
        };
        self.drop_sync_item("people", uid)?;
        Ok(entry)
    }

    /// Conflicts not yet dismissed, newest first.
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, collection, uid, label, field, kept, other, kept_from, found_at
                 FROM sync_conflict WHERE resolved_at IS NULL ORDER BY found_at DESC, id DESC",
            )?;
            let conflicts = stmt
                .query_map([], |r| {
                    Ok(SyncConflict {
                        id: r.get(0)?,
                        collection: r.get(1)?,
                        uid: r.get(2)?,
                        label: r.get(3)?,
                        field: r.get(4)?,
                        kept: r.get(5)?,
                        other: r.get(6)?,
                        kept_from: Side::parse(&r.get::<_, String>(7)?),
                        found_at: from_secs(r.get(8)?),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(conflicts)
        })
    }

    /// One conflict not yet settled.
    pub fn sync_conflict(&self, id: i64) -> Result<SyncConflict> {
        self.sync_conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NotFound {
                what: "conflict",
                id,
            })
    }

    /// Marks a conflict settled (kept as it is, or flipped by the caller).
    pub fn settle_sync_conflict(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE sync_conflict SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL",
                params![id, to_secs(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "conflict",
                    id,
                });
            }
            Ok(())
        })
    }
}

fn forget(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM sync_conflict; DELETE FROM sync_item; DELETE FROM sync_collection;
         DELETE FROM sync_account;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;

    fn item(uid: &str, href: &str) -> SyncItem {
        SyncItem {
            uid: uid.into(),
            href: href.into(),
            etag: Some("\"1\"".into()),
            base: "{}".into(),
            remote: "BEGIN:VCARD\r\nEND:VCARD\r\n".into(),
        }
    }

    fn fields(name: &str, company: Option<&str>) -> PersonFields {
        PersonFields {
            display_name: name.into(),
            company: company.map(Into::into),
            role: None,
            tags: vec!["Friends".into()],
            identities: vec![Identity::new(IdentityKind::Email, "ada@example.org").unwrap()],
            birthday: Some("--12-10".into()),
            anniversary: Some("2015-06-20".into()),
            card_note: None,
            related: Vec::new(),
            photo: None,
        }
    }

    /// Applies Ada's card (uid `u1`) as the server has it.
    fn apply(store: &Store, name: &str, company: Option<&str>) -> (PersonId, bool) {
        store
            .apply_synced_person(
                &fields(name, company),
                &item("u1", "/ada/kith/u1.vcf"),
                &[],
                t0(),
            )
            .unwrap()
    }

    fn store_with_account() -> Store {
        let store = Store::open_in_memory().unwrap();
        store
            .set_sync_account("https://dav.example.org/", "ada", t0())
            .unwrap();
        store
            .set_sync_collection("people", "/ada/kith/", Some("t1"))
            .unwrap();
        store
    }

    #[test]
    fn every_person_gets_a_lasting_uid_when_first_synced() {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        let first = store.people_for_sync().unwrap();
        let again = store.people_for_sync().unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].uid, again[0].uid);
        assert_eq!(first[0].uid.len(), 36);
        assert_eq!(store.person_by_uid(&first[0].uid).unwrap(), Some(ada));
    }

    #[test]
    fn the_sample_network_never_leaves_this_computer() {
        let store = Store::open_in_memory().unwrap();
        store.load_sample(chrono_tz::Tz::UTC, t0()).unwrap();
        assert!(store.people_count().unwrap() > 0);
        assert!(store.people_for_sync().unwrap().is_empty());
        store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        let synced = store.people_for_sync().unwrap();
        assert_eq!(synced.len(), 1);
        assert_eq!(synced[0].draft.display_name, "Ada");
    }

    #[test]
    fn a_card_writing_a_number_without_its_country_is_no_change_in_the_home_country() {
        let store = store_with_account();
        let phone = |v| Identity::new(IdentityKind::Phone, v).unwrap();
        let card = |number| PersonFields {
            identities: vec![phone(number)],
            ..fields("Ada", None)
        };
        let item = item("u1", "/ada/kith/u1.vcf");
        let (ada, _) = store
            .apply_synced_person(&card("+49 30 1234567"), &item, &[], t0())
            .unwrap();
        // A phone wrote the number as dialled at home: without a home
        // country that is a different number, so the person changes.
        let national = card("030 1234567");
        let (_, changed) = store
            .apply_synced_person(&national, &item, &[], t0())
            .unwrap();
        assert!(changed);
        store
            .apply_synced_person(&card("+49 30 1234567"), &item, &[], t0())
            .unwrap();
        store
            .update_settings(|s| {
                s.home_country = Some(crate::domain::Country::parse("DE").unwrap());
                Ok(())
            })
            .unwrap();
        let (_, changed) = store
            .apply_synced_person(&national, &item, &[], t0())
            .unwrap();
        assert!(!changed, "the same number");
        let kept: Vec<String> = store
            .person(ada)
            .unwrap()
            .identities
            .into_iter()
            .map(|i| i.value)
            .collect();
        assert_eq!(kept, ["+49 30 1234567"]);
    }

    #[test]
    fn a_person_from_the_server_is_created_with_the_item_and_updated_in_place() {
        let store = store_with_account();
        let (id, changed) = apply(&store, "Ada", None);
        assert!(changed);
        let person = store.person(id).unwrap();
        assert_eq!(
            person.birthday.map(|b| b.to_text()).as_deref(),
            Some("--12-10")
        );
        assert_eq!(
            person.anniversary.map(|b| b.to_text()).as_deref(),
            Some("2015-06-20")
        );
        assert_eq!(person.tags, ["Friends"]);
        // Kith's own fields stay as they are here.
        store
            .edit_person(id, t0(), |d, _| d.with_how_met(Some("At the salon")))
            .unwrap();
        let conflict = NewConflict {
            field: "company".into(),
            kept: "Analytical".into(),
            other: "Babbage".into(),
            kept_from: Side::Server,
        };
        let (same, changed) = store
            .apply_synced_person(
                &fields("Ada", Some("Analytical")),
                &item("u1", "/ada/kith/u1.vcf"),
                &[conflict],
                t0(),
            )
            .unwrap();
        assert_eq!((same, changed), (id, true));
        let person = store.person(id).unwrap();
        assert_eq!(person.company.as_deref(), Some("Analytical"));
        assert_eq!(person.how_met.as_deref(), Some("At the salon"));
        let conflicts = store.sync_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].label, "Ada");
        let (_, changed) = apply(&store, "Ada", Some("Analytical"));
        assert!(!changed, "the same fields change nothing");
        store.settle_sync_conflict(conflicts[0].id, t0()).unwrap();
        assert!(store.sync_conflicts().unwrap().is_empty());
    }

    #[test]
    fn a_trashed_person_edited_on_the_server_comes_back_with_their_history() {
        let store = store_with_account();
        let (id, _) = apply(&store, "Ada", None);
        store.add_note(id, "Met at the salon", t0()).unwrap();
        store.trash_person(id, t0()).unwrap();
        let (back, _) = apply(&store, "Ada", Some("Analytical"));
        let person = store.person(back).unwrap();
        assert_eq!(person.notes.len(), 1);
        assert_eq!(person.company.as_deref(), Some("Analytical"));
        assert!(store.trash().unwrap().is_empty());
    }

    #[test]
    fn restoring_from_the_trash_a_uid_taken_since_gives_the_restored_one_a_new_uid() {
        let store = store_with_account();
        let (id, _) = apply(&store, "Ada", None);
        let entry = store.trash_person(id, t0()).unwrap();
        let taken = store
            .set_person_fields("u1", &fields("Ada King", None), t0())
            .unwrap();
        let (restored, lost) = store.restore_from_trash(entry.id, t0()).unwrap();
        assert_eq!(lost, 0);
        assert_ne!(restored, taken);
        assert_eq!(store.person_by_uid("u1").unwrap(), Some(taken));
        let uids: Vec<String> = store
            .people_for_sync()
            .unwrap()
            .into_iter()
            .map(|p| p.uid)
            .collect();
        assert_eq!(uids.len(), 2);
        assert_ne!(uids[0], uids[1]);
    }

    #[test]
    fn another_server_starts_afresh_and_forgetting_keeps_everyone() {
        let store = store_with_account();
        apply(&store, "Ada", None);
        store
            .set_sync_account("https://dav.example.org/", "ada", t0())
            .unwrap();
        assert_eq!(
            store.sync_items("people").unwrap().len(),
            1,
            "the same server keeps its items"
        );
        store
            .set_sync_account("https://other.example.org/", "ada", t0())
            .unwrap();
        assert!(store.sync_items("people").unwrap().is_empty());
        assert!(store.sync_collection("people").unwrap().is_none());
        store.forget_sync().unwrap();
        assert!(store.sync_account().unwrap().is_none());
        assert_eq!(store.people_count().unwrap(), 1);
    }
}
