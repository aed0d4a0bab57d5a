//! Loading and removing the sample network in one transaction each.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::follow_ups::insert_follow_up;
use super::people::{insert_note, insert_person, reindex};
use super::touches::insert_touch;
use super::{Result, Store};
use crate::domain::TouchDraft;
use crate::sample::{follow_up_draft, network};

impl Store {
    /// Adds the sample network (unless it is already there). Returns how
    /// many sample people there are afterwards.
    pub fn load_sample(&self, zone: Tz, now: DateTime<Utc>) -> Result<u64> {
        let people = network()?;
        self.write(|tx| {
            let existing: i64 =
                tx.query_row("SELECT count(*) FROM person WHERE is_sample = 1", [], |r| {
                    r.get(0)
                })?;
            if existing > 0 {
                return Ok(existing as u64);
            }
            for sample in &people {
                let id = insert_person(tx, &sample.draft, now, true)?;
                for &(kind, channel, direction, days_ago, summary) in &sample.touches {
                    let at = now - Duration::days(days_ago.max(0));
                    let draft = TouchDraft::new(id, kind, channel, direction, at, Some(summary))?;
                    insert_touch(tx, &draft, now)?;
                }
                if let Some(note) = sample.note {
                    insert_note(tx, id, note, now)?;
                }
                if let Some((hours, what)) = sample.follow_up {
                    let draft = follow_up_draft(id, hours, what, zone, now)?;
                    insert_follow_up(tx, &draft, zone, now)?;
                }
                reindex(tx, id)?;
            }
            Ok(people.len() as u64)
        })
    }

    /// Removes every sample person and all that hangs off them. Returns how
    /// many were removed.
    pub fn remove_sample(&self) -> Result<u64> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM person_search WHERE rowid IN (SELECT id FROM person WHERE is_sample = 1)",
                [],
            )?;
            let removed = tx.execute("DELETE FROM person WHERE is_sample = 1", [])?;
            Ok(removed as u64)
        })
    }

    /// How many sample people there are.
    pub fn sample_count(&self) -> Result<u64> {
        self.read(|conn| {
            let n: i64 =
                conn.query_row("SELECT count(*) FROM person WHERE is_sample = 1", [], |r| {
                    r.get(0)
                })?;
            Ok(n as u64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;
    use crate::store::FollowUpFilter;
    use crate::PersonDraft;

    #[test]
    fn the_sample_loads_once_and_removes_without_touching_real_people() {
        let store = Store::open_in_memory().unwrap();
        let mine = store
            .create_person(&PersonDraft::named("My Friend").unwrap(), t0())
            .unwrap();
        let loaded = store.load_sample(Tz::UTC, t0()).unwrap();
        assert_eq!(loaded, crate::sample::SAMPLE_SIZE as u64);
        assert_eq!(store.load_sample(Tz::UTC, t0()).unwrap(), loaded);
        assert_eq!(store.people_count().unwrap(), loaded + 1);
        assert!(!store
            .follow_ups(FollowUpFilter::DueBy(t0()))
            .unwrap()
            .is_empty());
        assert!(store.people("Okafor", 0, 5).unwrap().total > 0);
        assert_eq!(store.remove_sample().unwrap(), loaded);
        assert_eq!(store.people_count().unwrap(), 1);
        assert_eq!(store.person(mine).unwrap().display_name, "My Friend");
        assert_eq!(store.people("Okafor", 0, 5).unwrap().total, 0);
        store.integrity_check().unwrap();
    }
}
