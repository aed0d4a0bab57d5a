//! What wants action, in one place: the Today view, the tray, the
//! dashboard's "due today" and `kith due` all read an [`Agenda`].
//!
//! - **Missed**: a reminder found past its grace period (Kith was closed).
//! - **Overdue**: the occurrence to act on was due before now.
//! - **Today**: due between now and the end of the local day.
//! - **Upcoming**: due within [`UPCOMING_DAYS`] after today.
//! - **Keep in touch**: people whose cadence date falls by the end of today.
//!
//! A repeating follow-up counts by the occurrence still to act on
//! ([`FollowUp::due_for_action`]), not its next date.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::FollowUp;
use crate::store::{FollowUpFilter, KeepInTouch, PersonRef, Result, Store};
use crate::when::end_of_day;

/// How many days after today the agenda lists as upcoming.
pub const UPCOMING_DAYS: i64 = 7;

/// The day's follow-ups and keep-in-touch dates, split by when they want
/// action, each list soonest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    pub missed: Vec<FollowUp>,
    pub overdue: Vec<FollowUp>,
    pub today: Vec<FollowUp>,
    pub upcoming: Vec<FollowUp>,
    pub keep_in_touch: Vec<KeepInTouch>,
}

impl Agenda {
    /// Splits soonest-first open follow-ups at `now` and `end_of_today`.
    pub fn new(
        follow_ups: Vec<FollowUp>,
        keep_in_touch: Vec<KeepInTouch>,
        now: DateTime<Utc>,
        end_of_today: DateTime<Utc>,
    ) -> Self {
        let mut agenda = Self {
            keep_in_touch,
            ..Self::default()
        };
        for f in follow_ups {
            let due = f.due_for_action();
            let list = if f.missed {
                &mut agenda.missed
            } else if due <= now {
                &mut agenda.overdue
            } else if due <= end_of_today {
                &mut agenda.today
            } else {
                &mut agenda.upcoming
            };
            list.push(f);
        }
        agenda
    }

    /// The follow-ups that want action by the end of today: missed,
    /// overdue, then today's.
    pub fn due(&self) -> impl Iterator<Item = &FollowUp> {
        self.missed.iter().chain(&self.overdue).chain(&self.today)
    }

    /// Everything that wants action today (the Today badge, the tray's
    /// headline): due follow-ups and keep-in-touch dates.
    pub fn due_count(&self) -> usize {
        self.due().count() + self.keep_in_touch.len()
    }

    /// The people something is due for today, follow-ups first.
    pub fn people_due(&self) -> Vec<PersonRef> {
        self.due()
            .map(|f| PersonRef {
                id: f.person,
                display_name: f.person_name.clone(),
            })
            .chain(self.keep_in_touch.iter().map(|k| PersonRef {
                id: k.person,
                display_name: k.person_name.clone(),
            }))
            .collect()
    }
}

impl Store {
    /// The agenda at `now` in `zone`.
    pub fn agenda(&self, now: DateTime<Utc>, zone: Tz) -> Result<Agenda> {
        let end = end_of_day(now, zone);
        let horizon = end + chrono::Duration::days(UPCOMING_DAYS);
        let open = self.follow_ups(FollowUpFilter::DueBy(horizon))?;
        let keep_in_touch = self.keep_in_touch_due(end, zone)?;
        Ok(Agenda::new(open, keep_in_touch, now, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FollowUpDraft, PersonDraft};
    use crate::when::{parse_time, Zone};
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;

    #[test]
    fn follow_ups_are_split_by_when_they_want_action() {
        let store = Store::open_in_memory().unwrap();
        let created = Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), created)
            .unwrap();
        // Now: 2026-03-01 14:00 Berlin.
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 13, 0, 0).unwrap();
        for (what, due) in [
            ("overdue", "2026-03-01 09:00"),
            ("today", "2026-03-01 23:30"),
            ("tomorrow", "2026-03-02 09:00"),
            ("in a week", "2026-03-08 09:00"),
            ("in a month", "2026-04-01 09:00"),
        ] {
            let due = parse_time(due, Zone::Floating, Berlin).unwrap();
            let draft = FollowUpDraft::new(ada, what, due, None).unwrap();
            store.create_follow_up(&draft, Berlin, created).unwrap();
        }
        let agenda = store.agenda(now, Berlin).unwrap();
        let whats = |list: &[FollowUp]| list.iter().map(|f| f.what.clone()).collect::<Vec<_>>();
        assert_eq!(whats(&agenda.overdue), ["overdue"]);
        assert_eq!(whats(&agenda.today), ["today"]);
        assert_eq!(whats(&agenda.upcoming), ["tomorrow", "in a week"]);
        assert!(agenda.missed.is_empty());
        assert_eq!(agenda.due_count(), 2);
        assert_eq!(agenda.people_due().len(), 2);
        assert_eq!(agenda.due().count(), 2);
    }
}
