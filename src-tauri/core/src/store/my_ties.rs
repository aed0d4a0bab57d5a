//! What people are to you ("my sister", "my manager"): you are a person of
//! your own in Kith's graph. One row per person and tie (the `my_tie`
//! table); the warm path counts such a tie at least as strong as a link of
//! its kind, however few touches are logged.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::rows::ensure_person;
use super::{to_secs, Result, Store};
use crate::domain::{note_and_since, InputError, MyTie, PersonId};

/// One of your ties, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyTieRow {
    pub person: PersonId,
    pub name: String,
    pub what: MyTie,
    pub note: Option<String>,
    pub since: Option<String>,
}

impl Store {
    /// Says what a person is to you (or, when so already, changes the
    /// note and since-date). The note and date are checked as a link's.
    pub fn tie_to_me(
        &self,
        person: PersonId,
        what: MyTie,
        note: Option<&str>,
        since: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (note, since) = note_and_since(note, since)?;
        self.write(|tx| {
            ensure_person(tx, person)?;
            tx.execute(
                "INSERT INTO my_tie (person_id, what, note, since, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (person_id, what) DO UPDATE SET
                     note = coalesce(excluded.note, note),
                     since = coalesce(excluded.since, since)",
                params![person.0, what.as_str(), note, since, to_secs(now)],
            )?;
            Ok(())
        })
    }

    /// Makes `what` a person's only tie to you (`None`: no tie), keeping
    /// its note and date when it was theirs already.
    pub fn set_tie_to_me(
        &self,
        person: PersonId,
        what: Option<MyTie>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            tx.execute(
                "DELETE FROM my_tie WHERE person_id = ?1 AND what IS NOT ?2",
                params![person.0, what.map(MyTie::as_str)],
            )?;
            if let Some(what) = what {
                tx.execute(
                    "INSERT OR IGNORE INTO my_tie (person_id, what, created_at) VALUES (?1, ?2, ?3)",
                    params![person.0, what.as_str(), to_secs(now)],
                )?;
            }
            Ok(())
        })
    }

    /// Takes away a person's ties to you (one, or all); how many went.
    pub fn untie_from_me(&self, person: PersonId, what: Option<MyTie>) -> Result<usize> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            let gone = tx.execute(
                "DELETE FROM my_tie WHERE person_id = ?1 AND (?2 IS NULL OR what = ?2)",
                params![person.0, what.map(MyTie::as_str)],
            )?;
            if gone == 0 {
                return Err(InputError::NotLinked.into());
            }
            Ok(gone)
        })
    }

    /// Your ties: everyone's, or one person's, by name.
    pub fn my_ties(&self, person: Option<PersonId>) -> Result<Vec<MyTieRow>> {
        self.read(|conn| {
            if let Some(p) = person {
                ensure_person(conn, p)?;
            }
            let mut stmt = conn.prepare_cached(
                "SELECT t.person_id, p.display_name, t.what, t.note, t.since
                 FROM my_tie t JOIN person p ON p.id = t.person_id
                 WHERE ?1 IS NULL OR t.person_id = ?1
                 ORDER BY p.display_name COLLATE NOCASE, t.what",
            )?;
            let rows = stmt
                .query_map([person.map(|p| p.0)], |r| {
                    Ok((
                        PersonId(r.get(0)?),
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get(3)?,
                        r.get(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(person, name, what, note, since)| {
                    Some(MyTieRow {
                        person,
                        name,
                        what: what.parse().ok()?,
                        note,
                        since,
                    })
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonDraft;
    use crate::store::tests::t0;

    #[test]
    fn what_people_are_to_you_is_kept_merged_and_trashed_with_them() {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        let dup = store
            .create_person(&PersonDraft::named("Ada L").unwrap(), t0())
            .unwrap();
        store
            .tie_to_me(ada, MyTie::Sibling, Some("Older"), Some("1990"), t0())
            .unwrap();
        store
            .tie_to_me(dup, MyTie::Colleague, None, None, t0())
            .unwrap();
        assert!(store
            .tie_to_me(ada, MyTie::Friend, None, Some("someday"), t0())
            .is_err());
        let merged = store.merge(ada, dup, t0()).unwrap();
        let whats: Vec<MyTie> = store
            .my_ties(Some(ada))
            .unwrap()
            .into_iter()
            .map(|t| t.what)
            .collect();
        assert_eq!(whats, [MyTie::Colleague, MyTie::Sibling]);
        store.undo_merge(merged, t0()).unwrap();
        assert_eq!(store.my_ties(Some(dup)).unwrap().len(), 1);
        assert_eq!(store.my_ties(Some(ada)).unwrap().len(), 1);
        let entry = store.trash_person(ada, t0()).unwrap();
        assert_eq!(store.my_ties(None).unwrap().len(), 1);
        let (back, _) = store.restore_from_trash(entry.id, t0()).unwrap();
        assert_eq!(
            store.my_ties(Some(back)).unwrap()[0].note.as_deref(),
            Some("Older")
        );
        store
            .set_tie_to_me(back, Some(MyTie::Friend), t0())
            .unwrap();
        store
            .set_tie_to_me(back, Some(MyTie::Sibling), t0())
            .unwrap();
        let only = store.my_ties(Some(back)).unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].what, MyTie::Sibling);
        assert_eq!(store.untie_from_me(back, None).unwrap(), 1);
        assert!(store.untie_from_me(back, None).is_err());
    }
}
