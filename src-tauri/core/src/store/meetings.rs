//! Meetings in the touch log: recording the past occurrences of calendar
//! events a reader turned into [`MeetingDraft`]s; the touches they give
//! follow (`meeting_rows`). An occurrence read again with other people,
//! another time or a cancellation changes or takes away exactly the
//! touches it gave.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::mail_rows::people_with_address;
use super::meeting_rows::{record, settle_begun, MeetingsRecorded};
use super::Result;
use crate::domain::{MeetingDraft, PersonId};

/// What recording meetings would do, read without writing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MeetingPreview {
    pub meetings: usize,
    /// The people in Kith the meetings would give touches.
    pub people: BTreeSet<PersonId>,
}

impl super::Store {
    /// Records past occurrences of events in one transaction and brings
    /// their touches in line.
    pub fn record_meetings(
        &self,
        meetings: &[MeetingDraft],
        now: DateTime<Utc>,
    ) -> Result<MeetingsRecorded> {
        self.write(|tx| record(tx, meetings, now))
    }

    /// Meetings that were ahead and have begun by `now` give their
    /// touches; `true` when one did (a read first: most calls write
    /// nothing).
    pub fn settle_meetings(&self, now: DateTime<Utc>) -> Result<bool> {
        let begun = self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT 1 FROM meeting WHERE ahead = 1 AND at <= ?1 LIMIT 1")?
                .exists([super::to_secs(now)])?)
        })?;
        if begun {
            self.write(|tx| settle_begun(tx, now))?;
        }
        Ok(begun)
    }

    /// What [`Store::record_meetings`] would do, without writing.
    pub fn preview_meetings(&self, meetings: &[MeetingDraft]) -> Result<MeetingPreview> {
        self.read(|conn| {
            let mut preview = MeetingPreview::default();
            for meeting in meetings.iter().filter(|m| m.counts) {
                preview.meetings += 1;
                for party in &meeting.people {
                    preview
                        .people
                        .extend(people_with_address(conn, &party.address)?);
                }
            }
            Ok(preview)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Channel, Identity, IdentityKind, MeetingParty, MeetingWay, PersonDraft, TouchKind,
    };
    use crate::store::tests::t0;
    use crate::store::Store;
    use chrono::Duration;

    fn person(store: &Store, name: &str, addresses: &[&str]) -> PersonId {
        let mut draft = PersonDraft::named(name).unwrap();
        for address in addresses {
            draft = draft.with_identity(Identity::new(IdentityKind::Email, address).unwrap());
        }
        store.create_person(&draft, t0()).unwrap()
    }

    fn meeting(key: &str, hours: i64, people: &[&str]) -> MeetingDraft {
        MeetingDraft {
            key: key.to_owned(),
            at: t0() + Duration::hours(hours),
            ends: t0() + Duration::hours(hours + 1),
            way: MeetingWay::Video,
            title: Some("Weekly 1:1".to_owned()),
            people: people
                .iter()
                .map(|a| MeetingParty::new(a, None).unwrap())
                .collect(),
            counts: true,
        }
    }

    fn meeting_touches(store: &Store, person: PersonId) -> Vec<(TouchKind, Channel, i64)> {
        store
            .touches(person)
            .unwrap()
            .into_iter()
            .filter(|t| t.kind != TouchKind::Connected)
            .map(|t| (t.kind, t.channel, (t.at - t0()).num_hours()))
            .collect()
    }

    #[test]
    fn a_meeting_gives_each_person_one_touch_however_often_it_is_read() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya", &["maya@example.org", "maya@work.example"]);
        let ola = person(&store, "Ola", &["ola@example.org"]);
        let both = meeting(
            "uid-1/20260301T100000Z",
            0,
            &[
                "maya@example.org",
                "maya@work.example",
                "ola@example.org",
                "kai@elsewhere.example",
            ],
        );
        let first = store
            .record_meetings(std::slice::from_ref(&both), t0())
            .unwrap();
        assert_eq!((first.meetings, first.touches_made), (1, 2));
        let again = store.record_meetings(&[both], t0()).unwrap();
        assert_eq!((again.touches_made, again.touches_changed), (0, 0));
        assert_eq!(
            meeting_touches(&store, maya),
            [(TouchKind::Video, Channel::Video, 0)]
        );
        assert_eq!(meeting_touches(&store, ola).len(), 1);
        // Meetings move a stage like any touch.
        assert!(store.person(maya).unwrap().stage > crate::stage::Stage::Connected);
    }

    #[test]
    fn a_meeting_read_again_as_it_was_leaves_a_touch_deleted_by_hand_deleted() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya", &["maya@example.org"]);
        let weekly = meeting("uid-5/1", 0, &["maya@example.org"]);
        store
            .record_meetings(std::slice::from_ref(&weekly), t0())
            .unwrap();
        let touch = store.touches(maya).unwrap()[0].id;
        store.delete_touch(touch, t0()).unwrap();
        // Each sync reads the chosen calendars again: nothing is written.
        let again = store.record_meetings(&[weekly], t0()).unwrap();
        assert_eq!((again.meetings, again.touches_made), (1, 0));
        assert!(meeting_touches(&store, maya).is_empty());
    }

    #[test]
    fn an_occurrence_moved_thinned_or_cancelled_later_changes_its_touches() {
        let store = Store::open_in_memory().unwrap();
        let later = t0() + Duration::days(1);
        let maya = person(&store, "Maya", &["maya@example.org"]);
        let ola = person(&store, "Ola", &["ola@example.org"]);
        let key = "uid-2/20260302T100000Z";
        store
            .record_meetings(
                &[meeting(key, 0, &["maya@example.org", "ola@example.org"])],
                later,
            )
            .unwrap();
        // Moved two hours later, without Ola, in a room.
        let mut moved = meeting(key, 2, &["maya@example.org"]);
        moved.way = MeetingWay::InPerson;
        let changed = store.record_meetings(&[moved.clone()], later).unwrap();
        assert_eq!((changed.touches_changed, changed.touches_removed), (1, 1));
        assert_eq!(
            meeting_touches(&store, maya),
            [(TouchKind::Meeting, Channel::InPerson, 2)]
        );
        assert!(meeting_touches(&store, ola).is_empty());
        // Cancelled: its touch goes too.
        moved.counts = false;
        let cancelled = store.record_meetings(&[moved], later).unwrap();
        assert_eq!((cancelled.not_counted, cancelled.touches_removed), (1, 1));
        assert!(meeting_touches(&store, maya).is_empty());
    }

    #[test]
    fn someone_met_twice_who_is_not_in_kith_is_suggested() {
        let store = Store::open_in_memory().unwrap();
        let mut first = meeting("uid-4/1", 0, &["lee@example.net", "kai@example.org"]);
        first.people[0].name = Some("Lee Chan".to_owned());
        store
            .record_meetings(
                &[first, meeting("uid-4/2", -24, &["lee@example.net"])],
                t0(),
            )
            .unwrap();
        let suggested: Vec<(String, Option<String>, u32)> = store
            .mail_suggestions()
            .unwrap()
            .into_iter()
            .map(|s| (s.address, s.name, s.meetings))
            .collect();
        // Kai was met once: not yet.
        assert_eq!(
            suggested,
            [("lee@example.net".to_owned(), Some("Lee Chan".to_owned()), 2)]
        );
        let lee = store.add_suggested("lee@example.net", None, t0()).unwrap();
        assert_eq!(meeting_touches(&store, lee).len(), 2);
        assert!(store.mail_suggestions().unwrap().is_empty());
    }

    #[test]
    fn a_person_given_an_address_later_gets_the_meetings_they_were_in() {
        let store = Store::open_in_memory().unwrap();
        store
            .record_meetings(&[meeting("uid-3", 0, &["kai@example.org"])], t0())
            .unwrap();
        let kai = person(&store, "Kai", &["kai@example.org"]);
        assert_eq!(meeting_touches(&store, kai).len(), 1);
        assert_eq!(store.people("weekly", 0, 10).unwrap().total, 1);
    }
}
