//! Loading and removing the sample network in one transaction each.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::rows::insert_bundle;
use super::{Result, Store};
use crate::sample::network;

impl Store {
    /// Adds the sample network (unless it is already there). Returns how
    /// many sample people there are afterwards.
    pub fn load_sample(&self, zone: Tz, now: DateTime<Utc>) -> Result<u64> {
        let people = network(zone, now)?;
        self.write(|tx| {
            let existing: i64 =
                tx.query_row("SELECT count(*) FROM person WHERE is_sample = 1", [], |r| {
                    r.get(0)
                })?;
            if existing > 0 {
                return Ok(existing as u64);
            }
            for bundle in &people {
                insert_bundle(tx, bundle, zone, now, true)?;
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
        let names: std::collections::HashSet<String> = store
            .people("", 0, 100)
            .unwrap()
            .people
            .into_iter()
            .map(|p| p.display_name)
            .collect();
        assert_eq!(
            names.len(),
            loaded as usize + 1,
            "every sample name is unique"
        );
        assert_eq!(store.load_sample(Tz::UTC, t0()).unwrap(), loaded);
        assert_eq!(store.people_count().unwrap(), loaded + 1);
        assert!(!store
            .follow_ups(FollowUpFilter::DueBy(t0()))
            .unwrap()
            .is_empty());
        assert!(store.people("Okafor", 0, 5).unwrap().total > 0);
        // Asks and offers in the sample suggest introductions at once.
        let suggested = store.suggest_introductions(10).unwrap();
        assert!(suggested
            .iter()
            .any(|s| s.shared_tags.contains(&"rust".to_owned())));
        assert_eq!(store.remove_sample().unwrap(), loaded);
        assert!(store.needs(None).unwrap().is_empty());
        assert_eq!(store.people_count().unwrap(), 1);
        assert_eq!(store.person(mine).unwrap().display_name, "My Friend");
        assert_eq!(store.people("Okafor", 0, 5).unwrap().total, 0);
        store.integrity_check().unwrap();
    }
}
