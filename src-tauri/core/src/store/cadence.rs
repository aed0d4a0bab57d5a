//! Keep-in-touch dates: a person's cadence ("every N days", their own or
//! the shortest of their tags') counted from their last touch on any
//! channel. The date is derived, never stored; its reminders go through the
//! same claim as follow-ups (a `reminder` row per person and due instant),
//! so a logged touch moves it and it fires once per date.

use chrono::{DateTime, Days, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};

use super::{from_secs, to_secs, Result, Store};
use crate::domain::PersonId;
use crate::store::follow_ups::{ClaimedReminder, Subject};
use crate::when::resolve_local;

/// Keep-in-touch reminders come at this local hour of their day.
pub const KEEP_IN_TOUCH_HOUR: u32 = 9;

/// A person with a cadence and when keeping in touch is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepInTouch {
    pub person: PersonId,
    pub person_name: String,
    pub cadence_days: u32,
    pub last_touch: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    /// Whether this date's reminder was claimed (shown or missed).
    pub claimed: bool,
}

impl KeepInTouch {
    /// The reminder's body, e.g. "Last touch 45 days ago; you keep in touch every 30 days".
    pub fn what(&self, now: DateTime<Utc>) -> String {
        match self.last_touch {
            Some(at) => format!(
                "Last touch {} days ago; you keep in touch every {} days",
                (now - at).num_days().max(0),
                self.cadence_days
            ),
            None => format!(
                "No touch yet; you keep in touch every {} days",
                self.cadence_days
            ),
        }
    }
}

/// The day a cadence comes due: the last touch's local date (or the day the
/// person was added) plus the cadence, at 09:00 in the user's zone.
fn due_at(since: DateTime<Utc>, cadence_days: u32, zone: Tz) -> DateTime<Utc> {
    let day = since.with_timezone(&zone).date_naive();
    let due_day = day
        .checked_add_days(Days::new(u64::from(cadence_days)))
        .unwrap_or(day);
    let nine = NaiveTime::from_hms_opt(KEEP_IN_TOUCH_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
    resolve_local(due_day.and_time(nine), zone)
}

/// Everyone with a cadence, with their keep-in-touch date.
fn all(conn: &Connection, zone: Tz) -> Result<Vec<KeepInTouch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.display_name, p.created_at,
                coalesce(p.cadence_days,
                         (SELECT min(t.cadence_days) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                          WHERE pt.person_id = p.id)) AS cadence,
                (SELECT max(happened_at) FROM touch WHERE person_id = p.id)
         FROM person p WHERE cadence IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    let mut claimed = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM reminder WHERE subject = 'cadence' AND subject_id = ?1
                        AND due_at = ?2)",
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, created, cadence, last) = row?;
        let last_touch = last.map(from_secs);
        let due = due_at(last_touch.unwrap_or(from_secs(created)), cadence, zone);
        out.push(KeepInTouch {
            person: PersonId(id),
            person_name: name,
            cadence_days: cadence,
            last_touch,
            due_at: due,
            claimed: claimed.query_row(params![id, to_secs(due)], |r| r.get(0))?,
        });
    }
    Ok(out)
}

/// Claims every keep-in-touch date that has come and is not claimed yet.
pub(crate) fn claim_keep_in_touch(
    conn: &Connection,
    now: DateTime<Utc>,
    grace: chrono::Duration,
    zone: Tz,
) -> Result<Vec<ClaimedReminder>> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO reminder (subject, subject_id, due_at, claimed_at, missed)
         VALUES ('cadence', ?1, ?2, ?3, ?4)",
    )?;
    let mut claimed = Vec::new();
    for due in all(conn, zone)? {
        if due.claimed || due.due_at > now {
            continue;
        }
        let missed = due.due_at < now - grace;
        insert.execute(params![
            due.person.0,
            to_secs(due.due_at),
            to_secs(now),
            missed
        ])?;
        claimed.push(ClaimedReminder {
            reminder_id: conn.last_insert_rowid(),
            subject: Subject::KeepInTouch {
                cadence_days: due.cadence_days,
            },
            person: due.person,
            person_name: due.person_name.clone(),
            what: due.what(now),
            due_at: due.due_at,
            missed,
        });
    }
    Ok(claimed)
}

/// The earliest keep-in-touch date not claimed yet.
pub(crate) fn next_keep_in_touch(conn: &Connection, zone: Tz) -> Result<Option<DateTime<Utc>>> {
    Ok(all(conn, zone)?
        .into_iter()
        .filter(|k| !k.claimed)
        .map(|k| k.due_at)
        .min())
}

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
    use crate::domain::{Channel, Direction, PersonDraft, TouchDraft, TouchKind};
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
        let draft = TouchDraft::new(
            who,
            TouchKind::Message,
            Channel::Sms,
            Direction::In,
            at,
            None,
        )
        .unwrap();
        store.log_touch(&draft, at).unwrap();
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
