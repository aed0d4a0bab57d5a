//! Splitting one person into two: the inverse of a merge, for records that
//! were folded together (by an import before Kith kept people with
//! different names apart, or by hand). Chosen identities, notes, touches
//! and follow-ups move to a new person; undoing merges the new person back
//! into the first, so nothing added to either since is lost.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::refresh_stage;
use super::rows::{ensure_person, insert_person_row};
use super::saved::merge_in;
use super::search::reindex;
use super::{to_secs, Result, Store, StoreError};
use crate::domain::{FollowUpId, InputError, NoteId, PersonDraft, PersonId, TouchId};
use crate::names::names_agree;

/// What to move to the new person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitSpec {
    /// The new person's name (validated).
    pub name: PersonDraft,
    /// Identity row ids (as [`crate::Person::identity_ids`] lists them).
    pub identities: Vec<i64>,
    pub notes: Vec<NoteId>,
    pub touches: Vec<TouchId>,
    pub follow_ups: Vec<FollowUpId>,
}

impl SplitSpec {
    fn is_empty(&self) -> bool {
        self.identities.is_empty()
            && self.notes.is_empty()
            && self.touches.is_empty()
            && self.follow_ups.is_empty()
    }
}

/// A split that can be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub id: i64,
    pub source: PersonId,
    pub created: PersonId,
}

/// Moves the listed rows of `table` from `from` to `to`; every one must be
/// `from`'s.
fn move_rows(
    conn: &Connection,
    table: &'static str,
    what: &'static str,
    ids: &[i64],
    from: PersonId,
    to: PersonId,
) -> Result<()> {
    for id in ids {
        let moved = conn
            .prepare_cached(&format!(
                "UPDATE \"{table}\" SET person_id = ?3 WHERE id = ?1 AND person_id = ?2"
            ))?
            .execute(params![id, from.0, to.0])?;
        if moved == 0 {
            return Err(InputError::NotTheirs { what, id: *id }.into());
        }
    }
    Ok(())
}

/// Imported rows whose name is the new person's (and not the first's) now
/// belong to the new person, so the next import of the same file finds
/// each where they are.
fn move_import_keys(conn: &Connection, from: PersonId, to: PersonId, new_name: &str) -> Result<()> {
    let kept: String = conn.query_row(
        "SELECT display_name FROM person WHERE id = ?1",
        [from.0],
        |r| r.get(0),
    )?;
    let keys: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT source, key, name FROM import_key WHERE person_id = ?1 AND name IS NOT NULL",
        )?
        .query_map([from.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (source, key, name) in keys {
        if names_agree(&name, new_name) && !names_agree(&name, &kept) {
            conn.execute(
                "UPDATE import_key SET person_id = ?3 WHERE source = ?1 AND key = ?2",
                params![source, key, to.0],
            )?;
        }
    }
    Ok(())
}

impl Store {
    /// Moves what `spec` lists from `source` to a new person.
    pub fn split_person(
        &self,
        source: PersonId,
        spec: &SplitSpec,
        now: DateTime<Utc>,
    ) -> Result<Split> {
        if spec.is_empty() {
            return Err(InputError::EmptySplit.into());
        }
        self.write(|tx| {
            ensure_person(tx, source)?;
            let created = insert_person_row(tx, &spec.name, now, false)?;
            move_rows(tx, "identity", "identity", &spec.identities, source, created)?;
            let notes: Vec<i64> = spec.notes.iter().map(|n| n.0).collect();
            move_rows(tx, "note", "note", &notes, source, created)?;
            let touches: Vec<i64> = spec.touches.iter().map(|t| t.0).collect();
            move_rows(tx, "touch", "touch", &touches, source, created)?;
            let follow_ups: Vec<i64> = spec.follow_ups.iter().map(|f| f.0).collect();
            move_rows(tx, "follow_up", "follow-up", &follow_ups, source, created)?;
            move_import_keys(tx, source, created, &spec.name.display_name)?;
            tx.execute(
                "INSERT INTO split_log (source, created, created_name, split_at) VALUES (?1, ?2, ?3, ?4)",
                params![source.0, created.0, spec.name.display_name, to_secs(now)],
            )?;
            let id = tx.last_insert_rowid();
            for person in [source, created] {
                reindex(tx, person)?;
                refresh_stage(tx, person, now)?;
            }
            Ok(Split { id, source, created })
        })
    }

    /// Undoes a split: the new person is merged back into the first, with
    /// everything either has gained since.
    pub fn undo_split(&self, split: i64, now: DateTime<Utc>) -> Result<PersonId> {
        self.write(|tx| {
            let (source, created, undone): (i64, i64, Option<i64>) = tx
                .query_row(
                    "SELECT source, created, undone_at FROM split_log WHERE id = ?1",
                    [split],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "split",
                    id: split,
                })?;
            if undone.is_some() {
                return Err(InputError::SplitUndone.into());
            }
            let merge = merge_in(tx, PersonId(source), PersonId(created), now)?;
            tx.execute(
                "UPDATE split_log SET undone_at = ?2, merge_id = ?3 WHERE id = ?1",
                params![split, to_secs(now), merge],
            )?;
            Ok(PersonId(source))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Channel, Direction, FollowUpDraft, Identity, IdentityKind, TouchDraft, TouchKind,
    };
    use crate::store::tests::t0;
    use crate::store::FollowUpFilter;
    use crate::when::{LocalIntent, Zone};

    /// Ada and Grace folded into one record, as an import used to do with
    /// a shared office number.
    fn folded() -> (Store, PersonId) {
        let store = Store::open_in_memory().unwrap();
        let id = store
            .create_person(
                &PersonDraft::named("Ada Lovelace")
                    .unwrap()
                    .with_identity(Identity::new(IdentityKind::Phone, "+49 30 1234567").unwrap())
                    .with_identity(Identity::new(IdentityKind::Email, "ada@example.org").unwrap())
                    .with_identity(
                        Identity::new(IdentityKind::Email, "grace@example.org").unwrap(),
                    ),
                t0(),
            )
            .unwrap();
        for summary in ["Ada: engines", "Grace: compilers"] {
            let touch = TouchDraft::new(
                id,
                TouchKind::Call,
                Channel::Phone,
                Direction::Mutual,
                t0(),
                Some(summary),
            )
            .unwrap();
            store.log_touch(&touch, t0()).unwrap();
        }
        store.add_note(id, "Grace prefers mornings", t0()).unwrap();
        let due = LocalIntent::new(t0().naive_utc() + chrono::Duration::days(1), Zone::Floating);
        store
            .create_follow_up(
                &FollowUpDraft::new(id, "Ask Grace about COBOL", due, None).unwrap(),
                chrono_tz::Tz::UTC,
                t0(),
            )
            .unwrap();
        (store, id)
    }

    fn grace_spec(store: &Store, ada: PersonId) -> SplitSpec {
        let person = store.person(ada).unwrap();
        let identity = person
            .identities
            .iter()
            .position(|i| i.value == "grace@example.org")
            .unwrap();
        SplitSpec {
            name: PersonDraft::named("Grace Hopper").unwrap(),
            identities: vec![person.identity_ids[identity]],
            notes: vec![person.notes[0].id],
            touches: store
                .touches(ada)
                .unwrap()
                .iter()
                .filter(|t| t.summary.as_deref() == Some("Grace: compilers"))
                .map(|t| t.id)
                .collect(),
            follow_ups: store
                .follow_ups(FollowUpFilter::OfPerson(ada))
                .unwrap()
                .iter()
                .map(|f| f.id)
                .collect(),
        }
    }

    #[test]
    fn a_split_moves_the_chosen_rows_to_a_new_person_and_undo_folds_them_back() {
        let (store, ada) = folded();
        let before = store.dump().unwrap();
        let split = store
            .split_person(ada, &grace_spec(&store, ada), t0())
            .unwrap();
        let grace = store.person(split.created).unwrap();
        assert_eq!(grace.display_name, "Grace Hopper");
        assert_eq!(grace.identities.len(), 1);
        assert_eq!(grace.notes[0].body, "Grace prefers mornings");
        assert_eq!(
            store.touches(split.created).unwrap()[0].summary.as_deref(),
            Some("Grace: compilers")
        );
        assert_eq!(
            store
                .follow_ups(FollowUpFilter::OfPerson(split.created))
                .unwrap()
                .len(),
            1
        );
        let ada_now = store.person(ada).unwrap();
        assert_eq!(ada_now.identities.len(), 2, "the shared number stays");
        assert!(ada_now.notes.is_empty());
        assert_eq!(store.touches(ada).unwrap().len(), 1);
        // Both can be found by what is theirs.
        assert_eq!(
            store.people("compilers", 0, 5).unwrap().people[0].id,
            split.created
        );
        assert_eq!(store.people("engines", 0, 5).unwrap().people[0].id, ada);

        assert_eq!(store.undo_split(split.id, t0()).unwrap(), ada);
        assert!(matches!(
            store.person(split.created),
            Err(StoreError::PersonNotFound(_))
        ));
        let keep = |dump: crate::store::Dump| {
            dump.tables
                .into_iter()
                .filter(|t| ["identity", "note", "touch", "follow_up"].contains(&t.name.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(keep(store.dump().unwrap()), keep(before));
        assert!(matches!(
            store.undo_split(split.id, t0()),
            Err(StoreError::Input(InputError::SplitUndone))
        ));
    }

    #[test]
    fn a_split_takes_only_the_persons_own_rows_and_something_to_move() {
        let (store, ada) = folded();
        let other = store
            .create_person(&PersonDraft::named("Alan Turing").unwrap(), t0())
            .unwrap();
        let note = store.add_note(other, "Not Ada's", t0()).unwrap();
        let mut spec = grace_spec(&store, ada);
        spec.notes.push(note);
        assert!(matches!(
            store.split_person(ada, &spec, t0()),
            Err(StoreError::Input(InputError::NotTheirs {
                what: "note",
                ..
            }))
        ));
        // Nothing moved, nobody created.
        assert_eq!(store.people_count().unwrap(), 2);
        let empty = SplitSpec {
            name: PersonDraft::named("Grace").unwrap(),
            identities: vec![],
            notes: vec![],
            touches: vec![],
            follow_ups: vec![],
        };
        assert!(matches!(
            store.split_person(ada, &empty, t0()),
            Err(StoreError::Input(InputError::EmptySplit))
        ));
    }
}
