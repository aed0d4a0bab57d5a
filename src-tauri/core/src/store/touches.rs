//! Logging touches and reading a person's timeline.

use chrono::{DateTime, Utc};

use super::rows::ensure_person;
use super::rows::insert_touch;
use super::rows::refresh_stage;
use super::search::reindex;
use super::{from_secs, Result, Store, StoreError};
use crate::domain::{Channel, Direction, PersonId, Touch, TouchDraft, TouchId, TouchKind};

impl Store {
    /// Logs a touch and updates the person's search entry.
    pub fn log_touch(&self, draft: &TouchDraft, now: DateTime<Utc>) -> Result<TouchId> {
        self.write(|tx| {
            let id = insert_touch(tx, draft, now)?;
            reindex(tx, draft.person)?;
            refresh_stage(tx, draft.person, now)?;
            Ok(id)
        })
    }

    /// Deletes a touch (a mistaken entry).
    pub fn delete_touch(&self, id: TouchId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let person: i64 = tx
                .query_row(
                    "DELETE FROM touch WHERE id = ?1 RETURNING person_id",
                    [id.0],
                    |r| r.get(0),
                )
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => StoreError::TouchNotFound(id),
                    other => other.into(),
                })?;
            reindex(tx, PersonId(person))?;
            refresh_stage(tx, PersonId(person), now)
        })
    }

    /// A person's timeline, newest first.
    pub fn touches(&self, person: PersonId) -> Result<Vec<Touch>> {
        self.read(|conn| {
            ensure_person(conn, person)?;
            let mut stmt = conn.prepare_cached(
                "SELECT t.id, t.kind, t.channel, t.direction, t.happened_at, t.summary,
                        (SELECT COUNT(*) FROM mail_message m WHERE m.thread = mt.thread)
                 FROM touch t LEFT JOIN mail_touch mt ON mt.uid = t.uid
                 WHERE t.person_id = ?1 ORDER BY t.happened_at DESC, t.id DESC",
            )?;
            let rows = stmt.query_map([person.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<u32>>(6)?,
                ))
            })?;
            let mut touches = Vec::new();
            for row in rows {
                let (id, kind, channel, direction, at, summary, thread_size) = row?;
                // CHECK constraints keep these columns to known identifiers.
                touches.push(Touch {
                    id: TouchId(id),
                    person,
                    kind: kind.parse().unwrap_or(TouchKind::Other),
                    channel: channel.parse().unwrap_or(Channel::Other),
                    direction: direction.parse().unwrap_or(Direction::Mutual),
                    at: from_secs(at),
                    summary,
                    thread_size: thread_size.filter(|n| *n > 0),
                });
            }
            Ok(touches)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;
    use crate::PersonDraft;

    #[test]
    fn touches_form_a_newest_first_timeline() {
        let store = Store::open_in_memory().unwrap();
        let id = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        for (days, kind) in [(0, TouchKind::Connected), (5, TouchKind::Call)] {
            let draft = TouchDraft::new(
                id,
                kind,
                Channel::Linkedin,
                Direction::Out,
                t0() + chrono::Duration::days(days),
                None,
            )
            .unwrap();
            store.log_touch(&draft, t0()).unwrap();
        }
        let timeline = store.touches(id).unwrap();
        assert_eq!(timeline.len(), 2);
        assert_eq!(timeline[0].kind, TouchKind::Call);
        let list = store.people("", 0, 10).unwrap();
        assert_eq!(
            list.people[0].last_touch,
            Some((t0() + chrono::Duration::days(5), TouchKind::Call))
        );
    }

    #[test]
    fn a_touch_for_a_missing_person_is_refused() {
        let store = Store::open_in_memory().unwrap();
        let draft = TouchDraft::new(
            PersonId(9),
            TouchKind::Call,
            Channel::Phone,
            Direction::Out,
            t0(),
            None,
        )
        .unwrap();
        assert!(matches!(
            store.log_touch(&draft, t0()),
            Err(StoreError::PersonNotFound(PersonId(9)))
        ));
    }
}
