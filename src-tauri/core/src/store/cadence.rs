//! Keep-in-touch dates: a person's cadence ("every N days", their own or
//! the shortest of their tags') counted from their last touch on any
//! channel. The date is derived, never stored; its reminders go through the
//! same claim as follow-ups (a `reminder` row per person and due instant),
//! so a logged touch moves it and it fires once per date.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::params;

use super::claims::{all, KeepInTouch};
use super::{Result, Store};

impl Store {
    /// People whose keep-in-touch date is at or before `until`, soonest
    /// first (the Today view's "Keep in touch").
    pub fn keep_in_touch_due(&self, until: DateTime<Utc>, zone: Tz) -> Result<Vec<KeepInTouch>> {
        self.read(|conn| {
            let mut due: Vec<KeepInTouch> = all(conn, zone)?
                .into_iter()
                .filter(|k| k.due_at <= until)
                .collect();
            due.sort_by_key(|k| (k.due_at, k.person));
            Ok(due)
        })
    }

    /// Sets the keep-in-touch cadence of a tag (a circle); people with the
    /// tag and no cadence of their own inherit the shortest.
    pub fn set_tag_cadence(&self, tag: &str, days: Option<u32>) -> Result<()> {
        if let Some(days) = days {
            if days == 0 || days > crate::domain::MAX_CADENCE_DAYS {
                return Err(crate::domain::InputError::BadCadence.into());
            }
        }
        self.write(|tx| {
            tx.execute("INSERT OR IGNORE INTO tag (name) VALUES (?1)", [tag.trim()])?;
            tx.execute(
                "UPDATE tag SET cadence_days = ?2 WHERE name = ?1",
                params![tag.trim(), days],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonId;
    use crate::domain::{Channel, Direction, PersonDraft, TouchKind};
    use crate::store::claims::Subject;
    use crate::store::tests::t0;
    use chrono::Duration;

    const DAY: Duration = Duration::hours(24);

    fn person_with_cadence(
        store: &Store,
        name: &str,
        days: Option<u32>,
        tags: &[&str],
    ) -> PersonId {
        let draft = PersonDraft::named(name)
            .unwrap()
            .with_cadence(days)
            .unwrap()
            .with_tags(tags)
            .unwrap();
        store.create_person(&draft, t0()).unwrap()
    }

    fn touch(store: &Store, who: PersonId, at: DateTime<Utc>) {
        crate::store::tests::log(
            store,
            who,
            TouchKind::Message,
            Channel::Sms,
            Direction::In,
            at,
        );
    }

    #[test]
    fn keep_in_touch_is_due_a_cadence_after_the_last_touch_at_nine() {
        let store = Store::open_in_memory().unwrap();
        let ada = person_with_cadence(&store, "Ada", Some(30), &[]);
        touch(&store, ada, t0());
        let due = store
            .keep_in_touch_due(t0() + Duration::days(40), Tz::UTC)
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].due_at.to_rfc3339(), "2026-03-31T09:00:00+00:00");
        assert!(due[0]
            .what(t0() + Duration::days(31))
            .contains("31 days ago"));
    }

    #[test]
    fn any_touch_moves_the_date_and_each_date_fires_once() {
        let store = Store::open_in_memory().unwrap();
        let ada = person_with_cadence(&store, "Ada", Some(7), &[]);
        touch(&store, ada, t0());
        let first = t0() + Duration::days(8);
        assert_eq!(store.claim_due(first, DAY, Tz::UTC).unwrap().len(), 1);
        assert!(store.claim_due(first, DAY, Tz::UTC).unwrap().is_empty());
        // A call resets the clock: nothing until a week after it.
        touch(&store, ada, first);
        assert!(store
            .claim_due(first + Duration::days(6), DAY, Tz::UTC)
            .unwrap()
            .is_empty());
        let claimed = store
            .claim_due(first + Duration::days(7), DAY, Tz::UTC)
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].subject, Subject::KeepInTouch { cadence_days: 7 });
    }

    #[test]
    fn a_person_inherits_the_shortest_cadence_of_their_circles() {
        let store = Store::open_in_memory().unwrap();
        store.set_tag_cadence("Inner circle", Some(14)).unwrap();
        store.set_tag_cadence("Network", Some(90)).unwrap();
        let grace = person_with_cadence(&store, "Grace", None, &["Network", "Inner circle"]);
        let own = person_with_cadence(&store, "Alan", Some(60), &["Inner circle"]);
        let none = person_with_cadence(&store, "Edsger", None, &["Colleagues"]);
        let due = store
            .keep_in_touch_due(t0() + Duration::days(400), Tz::UTC)
            .unwrap();
        let cadence = |who| due.iter().find(|k| k.person == who).map(|k| k.cadence_days);
        assert_eq!(cadence(grace), Some(14));
        assert_eq!(cadence(own), Some(60), "their own cadence wins");
        assert_eq!(cadence(none), None);
        assert!(store.set_tag_cadence("Network", Some(0)).is_err());
    }

    #[test]
    fn the_next_wake_includes_keep_in_touch_dates() {
        let store = Store::open_in_memory().unwrap();
        person_with_cadence(&store, "Ada", Some(3), &[]);
        let next = store.next_unclaimed_due(Tz::UTC).unwrap().unwrap();
        assert_eq!(next.to_rfc3339(), "2026-03-04T09:00:00+00:00");
    }
}
