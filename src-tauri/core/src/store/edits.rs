//! Changing people: creating one or many, editing, notes. Reading and
//! finding people is `people.rs`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::rows::{check_introducer, insert_note, write_details, PersonColumns};
use super::rows::{identities_of, tags_of};
use super::rows::{insert_bundle, insert_person};
use super::search::reindex;
use super::{to_secs, Result, Store, StoreError};
use crate::domain::{Identity, InputError, Note, NoteId, PersonBundle, PersonDraft, PersonId};

impl Store {
    /// Creates a person with their identities and tags.
    pub fn create_person(&self, draft: &PersonDraft, now: DateTime<Utc>) -> Result<PersonId> {
        self.write(|tx| insert_person(tx, draft, now, false))
    }

    /// Creates many people with their touches, notes and follow-ups in one
    /// transaction: all of them or, on any error, none.
    pub fn add_people(
        &self,
        bundles: &[PersonBundle],
        zone_now: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<Vec<PersonId>> {
        self.write(|tx| {
            bundles
                .iter()
                .map(|bundle| insert_bundle(tx, bundle, zone_now, now, false))
                .collect()
        })
    }

    /// Replaces a person's fields, identities and tags with `draft`.
    pub fn update_person(
        &self,
        id: PersonId,
        draft: &PersonDraft,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| replace_person(tx, id, draft, now))
    }

    /// Edits a person in one transaction: `edit` gets their current state
    /// as a draft, with each identity's row id, and returns the new state.
    pub fn edit_person(
        &self,
        id: PersonId,
        now: DateTime<Utc>,
        edit: impl FnOnce(PersonDraft, &[(i64, Identity)]) -> Result<PersonDraft, InputError>,
    ) -> Result<()> {
        self.write(|tx| {
            let (draft, identities) = draft_of(tx, id)?;
            let edited = edit(draft, &identities)?;
            replace_person(tx, id, &edited, now)
        })
    }

    /// Adds a note to a person.
    pub fn add_note(&self, person: PersonId, text: &str, now: DateTime<Utc>) -> Result<NoteId> {
        let body = Note::body(text)?;
        self.write(|tx| {
            let id = insert_note(tx, person, &body, now)?;
            reindex(tx, person)?;
            Ok(id)
        })
    }

    /// Deletes a note.
    pub fn delete_note(&self, note: NoteId) -> Result<()> {
        self.write(|tx| {
            let person: Option<i64> = tx
                .query_row(
                    "DELETE FROM note WHERE id = ?1 RETURNING person_id",
                    [note.0],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(person) = person {
                reindex(tx, PersonId(person))?;
            }
            Ok(())
        })
    }
}

pub(super) fn replace_person(
    tx: &Connection,
    id: PersonId,
    draft: &PersonDraft,
    now: DateTime<Utc>,
) -> Result<()> {
    check_introducer(tx, Some(id), draft.introduced_by)?;
    let introducer: Option<i64> = tx
        .query_row(
            "SELECT introduced_by FROM person WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if let Some(before) = introducer.filter(|i| Some(PersonId(*i)) != draft.introduced_by) {
        super::link_rows::forget_introducer(tx, id, PersonId(before))?;
    }
    let changed = tx.execute(
        "UPDATE person SET display_name = ?1, company = ?2, role = ?3, how_met = ?4,
             where_met = ?5, introduced_by = ?6, cadence_days = ?7, updated_at = ?8
         WHERE id = ?9",
        &*PersonColumns::of(draft).with(&[&to_secs(now), &id.0]),
    )?;
    if changed == 0 {
        return Err(StoreError::PersonNotFound(id));
    }
    tx.execute("DELETE FROM identity WHERE person_id = ?1", [id.0])?;
    tx.execute("DELETE FROM person_tag WHERE person_id = ?1", [id.0])?;
    write_details(tx, id, draft, now)?;
    super::link_rows::derive_links(tx, id, now)?;
    reindex(tx, id)?;
    Ok(())
}

/// A person's editable state as a draft, and their identities with row ids.
pub(super) fn draft_of(
    conn: &Connection,
    id: PersonId,
) -> Result<(PersonDraft, Vec<(i64, Identity)>)> {
    let draft = conn
        .query_row(
            "SELECT display_name, company, role, how_met, where_met, introduced_by, cadence_days
             FROM person WHERE id = ?1",
            [id.0],
            |r| {
                Ok(PersonDraft {
                    display_name: r.get(0)?,
                    company: r.get(1)?,
                    role: r.get(2)?,
                    how_met: r.get(3)?,
                    where_met: r.get(4)?,
                    introduced_by: r.get::<_, Option<i64>>(5)?.map(PersonId),
                    cadence_days: r.get(6)?,
                    tags: Vec::new(),
                    identities: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(StoreError::PersonNotFound(id))?;
    let identities = identities_of(conn, id)?;
    Ok((
        PersonDraft {
            tags: tags_of(conn, id)?,
            identities: identities.iter().map(|(_, i)| i.clone()).collect(),
            ..draft
        },
        identities,
    ))
}
