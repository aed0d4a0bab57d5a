//! Preparing for a meeting: one sheet with, for each person on it, the last
//! touches, open follow-ups, what matters to them now, and their asks and
//! offers. Asked for a meeting (today's, or one of the next days the
//! calendars gave) or for a person (with their next meeting, if any).

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use super::prep_rows::{meeting, meetings_between, PlannedMeeting};
use super::{FollowUpFilter, Result, Store, StoreError};
use crate::domain::{
    FollowUp, FollowUpStatus, Need, Person, PersonId, Side, Topic, Touch, TouchKind,
};
use crate::when::resolve_local;

/// How many of a person's last touches the sheet shows.
pub const PREP_TOUCHES: usize = 5;

/// How far ahead meetings are looked for (the calendars are read two days
/// ahead).
const PREP_AHEAD_DAYS: i64 = 2;

/// What to know of one person before meeting them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepPerson {
    pub person: Person,
    /// Newest first, at most [`PREP_TOUCHES`], the connection itself left
    /// out.
    pub touches: Vec<Touch>,
    /// Open follow-ups, soonest first.
    pub follow_ups: Vec<FollowUp>,
    /// What matters to them now (topics not closed).
    pub topics: Vec<Topic>,
    pub asks: Vec<Need>,
    pub offers: Vec<Need>,
}

/// The sheet: the meeting (when there is one) and its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prep {
    pub meeting: Option<PlannedMeeting>,
    pub people: Vec<PrepPerson>,
}

impl Store {
    /// The meetings with people in Kith from the start of today (local,
    /// in `zone`) to the end of what the calendars gave ahead.
    pub fn meetings_ahead(&self, now: DateTime<Utc>, zone: Tz) -> Result<Vec<PlannedMeeting>> {
        let today = now.with_timezone(&zone).date_naive();
        let start = resolve_local(today.and_time(NaiveTime::MIN), zone);
        self.read(|conn| meetings_between(conn, start, now + Duration::days(PREP_AHEAD_DAYS)))
    }

    /// The sheet for the meeting `key`.
    pub fn prep_meeting(&self, key: &str) -> Result<Prep> {
        let found = self.read(|conn| meeting(conn, key))?;
        let Some(m) = found else {
            return Err(StoreError::NoMatch(key.to_owned()));
        };
        let people = m
            .people
            .iter()
            .map(|(id, _)| self.prep_person(*id))
            .collect::<Result<_>>()?;
        Ok(Prep {
            meeting: Some(m),
            people,
        })
    }

    /// The sheet for `person`: their next meeting today or ahead (or one
    /// earlier today) with everyone on it, else them alone.
    pub fn prep_for(&self, person: PersonId, now: DateTime<Utc>, zone: Tz) -> Result<Prep> {
        let meetings = self.meetings_ahead(now, zone)?;
        let theirs: Vec<&PlannedMeeting> = meetings
            .iter()
            .filter(|m| m.people.iter().any(|(id, _)| *id == person))
            .collect();
        let next = theirs
            .iter()
            .find(|m| !m.over(now))
            .or_else(|| theirs.last())
            .map(|m| m.key.clone());
        match next {
            Some(key) => self.prep_meeting(&key),
            None => Ok(Prep {
                meeting: None,
                people: vec![self.prep_person(person)?],
            }),
        }
    }

    /// The meeting today or ahead whose title holds `text` (any case), the
    /// next one first; `None` when none does.
    pub fn find_meeting(&self, text: &str, now: DateTime<Utc>, zone: Tz) -> Result<Option<String>> {
        let wanted = text.trim().to_lowercase();
        if wanted.is_empty() {
            return Err(StoreError::NoMatch(String::new()));
        }
        let meetings = self.meetings_ahead(now, zone)?;
        let matching: Vec<&PlannedMeeting> = meetings
            .iter()
            .filter(|m| {
                m.key == text.trim()
                    || m.title
                        .as_deref()
                        .is_some_and(|t| t.to_lowercase().contains(&wanted))
            })
            .collect();
        Ok(matching
            .iter()
            .find(|m| !m.over(now))
            .or_else(|| matching.last())
            .map(|m| m.key.clone()))
    }

    fn prep_person(&self, id: PersonId) -> Result<PrepPerson> {
        let person = self.person(id)?;
        let touches = self
            .touches(id)?
            .into_iter()
            .filter(|t| t.kind != TouchKind::Connected)
            .take(PREP_TOUCHES)
            .collect();
        let mut follow_ups: Vec<FollowUp> = self
            .follow_ups(FollowUpFilter::OfPerson(id))?
            .into_iter()
            .filter(|f| f.status == FollowUpStatus::Open)
            .collect();
        follow_ups.sort_by_key(|f| f.due_at);
        let topics = self
            .topics(id)?
            .into_iter()
            .filter(|t| t.closed_at.is_none())
            .collect();
        let (asks, offers) = self
            .needs(Some(id))?
            .into_iter()
            .partition(|n| n.side == Side::Ask);
        Ok(PrepPerson {
            person,
            touches,
            follow_ups,
            topics,
            asks,
            offers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Channel, Direction, FollowUpDraft, Identity, IdentityKind, MeetingDraft, MeetingParty,
        MeetingWay, NeedDraft, PersonDraft,
    };
    use crate::plan::Reason;
    use crate::store::tests::{log, t0};
    use crate::when::{LocalIntent, Zone};

    fn person(store: &Store, name: &str, address: &str) -> PersonId {
        let draft = PersonDraft::named(name)
            .unwrap()
            .with_identity(Identity::new(IdentityKind::Email, address).unwrap());
        store
            .create_person(&draft, t0() - Duration::days(400))
            .unwrap()
    }

    /// A meeting `hours` after t0 (10:00 UTC), an hour long.
    fn meeting(key: &str, hours: i64, title: &str, people: &[&str]) -> MeetingDraft {
        MeetingDraft {
            key: key.to_owned(),
            at: t0() + Duration::hours(hours),
            ends: t0() + Duration::hours(hours + 1),
            way: MeetingWay::Video,
            title: Some(title.to_owned()),
            people: people
                .iter()
                .map(|a| MeetingParty::new(a, None).unwrap())
                .collect(),
            counts: true,
        }
    }

    fn meeting_touches(store: &Store, who: PersonId) -> usize {
        store
            .touches(who)
            .unwrap()
            .iter()
            .filter(|t| t.kind == TouchKind::Video)
            .count()
    }

    #[test]
    fn a_meeting_ahead_is_a_touch_only_once_it_has_begun() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya Lund", "maya@example.org");
        let recorded = store
            .record_meetings(
                &[meeting("review", 4, "Review", &["maya@example.org"])],
                t0(),
            )
            .unwrap();
        assert_eq!(
            (recorded.meetings, recorded.ahead, recorded.touches_made),
            (1, 1, 0)
        );
        assert_eq!(meeting_touches(&store, maya), 0);
        // Nothing reads the calendar again: the scheduler's step (or the
        // plan) settles it once it has begun.
        assert!(!store.settle_meetings(t0() + Duration::hours(3)).unwrap());
        assert_eq!(meeting_touches(&store, maya), 0);
        assert!(store.settle_meetings(t0() + Duration::hours(4)).unwrap());
        assert_eq!(meeting_touches(&store, maya), 1);
        assert!(!store.settle_meetings(t0() + Duration::hours(5)).unwrap());
        // Read again once past, it stays one touch.
        let again = store
            .record_meetings(
                &[meeting("review", 4, "Review", &["maya@example.org"])],
                t0() + Duration::hours(6),
            )
            .unwrap();
        assert_eq!((again.ahead, again.touches_made), (0, 0));
        assert_eq!(meeting_touches(&store, maya), 1);
    }

    #[test]
    fn a_meeting_today_puts_a_prep_item_on_top_of_the_plan_and_then_asks_for_a_note() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya Lund", "maya@example.org");
        let tom = person(&store, "Tom Ng", "tom@example.org");
        // Enough others for a full plan of welcomes.
        for i in 0..8 {
            let who = person(&store, &format!("New {i}"), &format!("new{i}@example.org"));
            log(
                &store,
                who,
                TouchKind::Connected,
                Channel::Linkedin,
                Direction::Mutual,
                t0() - Duration::days(1),
            );
        }
        let design = meeting(
            "design",
            4,
            "Design review",
            &[
                "maya@example.org",
                "tom@example.org",
                "kai@elsewhere.example",
            ],
        );
        store.record_meetings(&[design], t0()).unwrap();
        let size = store.settings().unwrap().plan_size as usize;
        let plan = store.plan(t0(), Tz::UTC).unwrap();
        assert_eq!(plan.items.len(), size + 1, "prep comes on top of the size");
        let prep = &plan.items[0];
        assert_eq!((prep.person, prep.reason), (maya, Reason::Prep));
        assert_eq!(
            prep.why,
            "Design review at 14:00, with Maya Lund and Tom Ng"
        );
        let m = prep.meeting.as_ref().unwrap();
        assert_eq!(
            m.people,
            [(maya, "Maya Lund".to_owned()), (tom, "Tom Ng".to_owned())]
        );
        // After the meeting: its own touch does not tick it; a note does.
        let after = t0() + Duration::hours(5) + Duration::minutes(5);
        let plan = store.plan(after, Tz::UTC).unwrap();
        assert_eq!(
            plan.items[0].why,
            "Met Maya and Tom today — log a note or a follow-up?"
        );
        assert!(!plan.items[0].done);
        assert_eq!(meeting_touches(&store, maya), 1);
        store
            .add_note(maya, "Wants the mock-ups by Friday", after)
            .unwrap();
        let plan = store.plan(after + Duration::minutes(1), Tz::UTC).unwrap();
        assert!(plan.items[0].done);
        // Only the prep item was ticked: the note was Maya's alone.
        assert_eq!(plan.items.iter().filter(|i| i.done).count(), 1);
    }

    #[test]
    fn a_meeting_cancelled_takes_its_prep_item_away_and_the_plan_fills_up() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya Lund", "maya@example.org");
        log(
            &store,
            maya,
            TouchKind::Message,
            Channel::Email,
            Direction::In,
            t0() - Duration::days(2),
        );
        let lunch = meeting("lunch", 2, "Lunch", &["maya@example.org"]);
        store
            .record_meetings(std::slice::from_ref(&lunch), t0())
            .unwrap();
        let plan = store.plan(t0(), Tz::UTC).unwrap();
        // Maya owed a reply, but the meeting's prep takes her place.
        assert_eq!(plan.items.len(), 1);
        assert_eq!(plan.items[0].reason, Reason::Prep);
        let mut cancelled = lunch;
        cancelled.counts = false;
        store.record_meetings(&[cancelled], t0()).unwrap();
        let plan = store.plan(t0() + Duration::minutes(1), Tz::UTC).unwrap();
        assert_eq!(
            plan.items
                .iter()
                .map(|i| (i.person, i.reason))
                .collect::<Vec<_>>(),
            [(maya, Reason::ReplyOwed)]
        );
    }

    #[test]
    fn the_sheet_holds_what_to_know_of_each_person_on_the_meeting() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya Lund", "maya@example.org");
        for days in 1..=7 {
            log(
                &store,
                maya,
                TouchKind::Message,
                Channel::Email,
                Direction::Out,
                t0() - Duration::days(days * 10),
            );
        }
        let due = LocalIntent::new(t0().naive_utc() + Duration::days(3), Zone::Floating);
        store
            .create_follow_up(
                &FollowUpDraft::new(maya, "Send the deck", due, None).unwrap(),
                Tz::UTC,
                t0(),
            )
            .unwrap();
        store.add_topic(maya, "Moving to Lisbon", t0()).unwrap();
        store
            .add_need(
                &NeedDraft::new::<&str>(maya, Side::Ask, "A designer", &[]).unwrap(),
                t0(),
            )
            .unwrap();
        store
            .add_need(
                &NeedDraft::new::<&str>(maya, Side::Offer, "Rust reviews", &[]).unwrap(),
                t0(),
            )
            .unwrap();
        store
            .record_meetings(
                &[meeting("sync", 3, "Weekly sync", &["maya@example.org"])],
                t0(),
            )
            .unwrap();
        let key = store
            .find_meeting("weekly", t0(), Tz::UTC)
            .unwrap()
            .unwrap();
        assert_eq!(key, "sync");
        assert_eq!(store.find_meeting("board", t0(), Tz::UTC).unwrap(), None);
        let sheet = store.prep_for(maya, t0(), Tz::UTC).unwrap();
        assert_eq!(sheet.meeting.as_ref().unwrap().key, "sync");
        let one = &sheet.people[0];
        assert_eq!(one.person.id, maya);
        assert_eq!(one.touches.len(), PREP_TOUCHES);
        assert_eq!(one.touches[0].at, t0() - Duration::days(10));
        assert_eq!(one.follow_ups[0].what, "Send the deck");
        assert_eq!(one.topics[0].text, "Moving to Lisbon");
        assert_eq!(one.asks[0].text, "A designer");
        assert_eq!(one.offers[0].text, "Rust reviews");
        // Without a meeting: the person alone.
        let ola = person(&store, "Ola", "ola@example.org");
        let alone = store.prep_for(ola, t0(), Tz::UTC).unwrap();
        assert_eq!((alone.meeting, alone.people.len()), (None, 1));
    }
}
