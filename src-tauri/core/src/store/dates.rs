//! Dates that matter, as the person page and `kith date` change them: a
//! birthday, an anniversary, named dates, and whether someone has died.
//! Their reminders are claimed in `claims.rs` (see [`crate::dates`]).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::rows::ensure_person;
use super::{to_secs, Result, Store, StoreError};
use crate::dates::NamedDate;
use crate::domain::{InputError, PersonId};
use crate::import::Birthday;

/// Which of a person's yearly dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearlyDate {
    Birthday,
    Anniversary,
}

impl Store {
    /// Sets or clears (`None`) a person's birthday or anniversary.
    pub fn set_yearly_date(
        &self,
        person: PersonId,
        which: YearlyDate,
        date: Option<Birthday>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let column = match which {
            YearlyDate::Birthday => "birthday",
            YearlyDate::Anniversary => "anniversary",
        };
        self.write(|tx| {
            let changed = tx.execute(
                &format!("UPDATE person SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
                params![person.0, date.map(Birthday::to_text), to_secs(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::PersonNotFound(person));
            }
            Ok(())
        })
    }

    /// Adds a named date (its text validated by [`NamedDate::what`]),
    /// once on `on` or every year from it; returns its id.
    pub fn add_date(
        &self,
        person: PersonId,
        what: &str,
        on: NaiveDate,
        yearly: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let what = NamedDate::what(what)?;
        self.write(|tx| {
            ensure_person(tx, person)?;
            tx.execute(
                "INSERT INTO person_date (person_id, what, on_date, yearly) VALUES (?1, ?2, ?3, ?4)",
                params![person.0, what, on.format("%Y-%m-%d").to_string(), yearly],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE person SET updated_at = ?2 WHERE id = ?1",
                params![person.0, to_secs(now)],
            )?;
            Ok(id)
        })
    }

    /// Removes one of a person's named dates (and its claimed reminders).
    pub fn remove_date(&self, person: PersonId, date: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            let removed = tx.execute(
                "DELETE FROM person_date WHERE id = ?1 AND person_id = ?2",
                params![date, person.0],
            )?;
            if removed == 0 {
                return Err(InputError::NoSuchDate(date).into());
            }
            tx.execute(
                "DELETE FROM reminder WHERE subject = 'date' AND subject_id = ?1",
                [date],
            )?;
            tx.execute(
                "UPDATE person SET updated_at = ?2 WHERE id = ?1",
                params![person.0, to_secs(now)],
            )?;
            Ok(())
        })
    }

    /// Marks a person as having died (no reminders of them, never
    /// suggested; their dates and history are kept), or undoes it.
    pub fn set_deceased(&self, person: PersonId, deceased: bool, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE person SET deceased = ?2, updated_at = ?3 WHERE id = ?1",
                params![person.0, deceased, to_secs(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::PersonNotFound(person));
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use chrono_tz::Tz;

    use super::*;
    use crate::domain::PersonDraft;
    use crate::store::{SettingsChange, Subject};

    const GRACE: Duration = Duration::hours(24);

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn with_birthday(store: &Store, name: &str, birthday: &str) -> PersonId {
        let id = store
            .create_person(&PersonDraft::named(name).unwrap(), at(2026, 1, 1, 0))
            .unwrap();
        let date = crate::dates::parse_yearly(birthday).unwrap();
        store
            .set_yearly_date(id, YearlyDate::Birthday, Some(date), at(2026, 1, 1, 0))
            .unwrap();
        id
    }

    fn change_days(store: &Store, change: SettingsChange) {
        let mut settings = store.settings().unwrap();
        change.apply(&mut settings).unwrap();
        store.save_settings(&settings).unwrap();
    }

    #[test]
    fn a_birthday_is_reminded_once_at_the_morning_time_every_year() {
        let store = Store::open_in_memory().unwrap();
        let ada = with_birthday(&store, "Ada Lovelace", "05-14");
        assert!(store
            .claim_due(at(2026, 5, 14, 8), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
        assert_eq!(
            store
                .next_date_reminder(at(2026, 5, 14, 8), Tz::UTC)
                .unwrap(),
            Some(at(2026, 5, 14, 9))
        );
        let claimed = store.claim_due(at(2026, 5, 14, 9), GRACE, Tz::UTC).unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].person, ada);
        assert_eq!(
            claimed[0].subject,
            Subject::Date {
                kind: crate::dates::DateKind::Birthday,
                on: ymd(2026, 5, 14)
            }
        );
        assert_eq!(claimed[0].what, "Birthday today");
        assert!(store
            .claim_due(at(2026, 5, 14, 18), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
        // Next year, again once; the scheduler sleeps toward it.
        assert_eq!(
            store
                .next_date_reminder(at(2026, 5, 15, 0), Tz::UTC)
                .unwrap(),
            Some(at(2027, 5, 14, 9))
        );
        assert_eq!(
            store
                .claim_due(at(2027, 5, 14, 9), GRACE, Tz::UTC)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn days_before_moves_the_reminder_and_never_repeats_it() {
        let store = Store::open_in_memory().unwrap();
        with_birthday(&store, "Ada Lovelace", "1984-05-14");
        change_days(
            &store,
            SettingsChange {
                birthday_days_before: Some(3),
                ..Default::default()
            },
        );
        let claimed = store.claim_due(at(2026, 5, 11, 9), GRACE, Tz::UTC).unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].what, "Birthday in 3 days, Thu 14 May (turns 42)");
        // Back to "on the day": the same birthday is not reminded again.
        change_days(
            &store,
            SettingsChange {
                birthday_days_before: Some(0),
                ..Default::default()
            },
        );
        assert!(store
            .claim_due(at(2026, 5, 14, 9), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
        let mut settings = store.settings().unwrap();
        assert_eq!(
            SettingsChange {
                anniversary_days_before: Some(crate::dates::MAX_DAYS_BEFORE + 1),
                ..Default::default()
            }
            .apply(&mut settings),
            Err(InputError::BadDaysBefore)
        );
    }

    #[test]
    fn a_leap_day_birthday_is_reminded_on_the_28th_in_common_years() {
        let store = Store::open_in_memory().unwrap();
        with_birthday(&store, "Herman Hollerith", "2000-02-29");
        assert!(store
            .claim_due(at(2027, 2, 27, 9), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
        let claimed = store.claim_due(at(2027, 2, 28, 9), GRACE, Tz::UTC).unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].what, "Birthday today (turns 27)");
        let claimed = store.claim_due(at(2028, 2, 29, 9), GRACE, Tz::UTC).unwrap();
        assert_eq!(claimed.len(), 1, "in a leap year, on the 29th");
    }

    #[test]
    fn a_reminder_missed_while_closed_past_the_grace_period_is_not_shown_late() {
        let store = Store::open_in_memory().unwrap();
        with_birthday(&store, "Ada Lovelace", "05-14");
        // Opened the next morning, within the grace period: shown.
        let late = store.claim_due(at(2026, 5, 15, 8), GRACE, Tz::UTC).unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].what, "Birthday yesterday, Thu 14 May");
        let store = Store::open_in_memory().unwrap();
        with_birthday(&store, "Ada Lovelace", "05-14");
        assert!(store
            .claim_due(at(2026, 5, 16, 10), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
        // A longer grace period reaches further back.
        let store = Store::open_in_memory().unwrap();
        with_birthday(&store, "Ada Lovelace", "05-14");
        let late = store
            .claim_due(at(2026, 5, 17, 8), Duration::hours(72), Tz::UTC)
            .unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].what, "Birthday on Thu 14 May 2026");
    }

    #[test]
    fn named_dates_come_once_or_every_year_and_can_be_removed() {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), at(2026, 1, 1, 0))
            .unwrap();
        let started = store
            .add_date(
                ada,
                "Started at Northwind",
                ymd(2027, 3, 1),
                true,
                at(2026, 1, 1, 0),
            )
            .unwrap();
        let moving = store
            .add_date(
                ada,
                "Moves to Lisbon",
                ymd(2027, 3, 1),
                false,
                at(2026, 1, 1, 0),
            )
            .unwrap();
        assert!(store
            .add_date(ada, " ", ymd(2027, 3, 1), false, at(2026, 1, 1, 0))
            .is_err());
        let person = store.person(ada).unwrap();
        assert_eq!(person.dates.len(), 2);
        let texts: Vec<String> = store
            .claim_due(at(2027, 3, 1, 9), GRACE, Tz::UTC)
            .unwrap()
            .into_iter()
            .map(|r| r.what)
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts.contains(&"Started at Northwind today".to_owned()));
        assert!(texts.contains(&"Moves to Lisbon today".to_owned()));
        let next_year: Vec<String> = store
            .claim_due(at(2028, 3, 1, 9), GRACE, Tz::UTC)
            .unwrap()
            .into_iter()
            .map(|r| r.what)
            .collect();
        assert_eq!(
            next_year,
            vec!["Started at Northwind today (1 year)".to_owned()]
        );
        store.remove_date(ada, started, at(2028, 3, 2, 0)).unwrap();
        assert!(matches!(
            store.remove_date(ada, started, at(2028, 3, 2, 0)),
            Err(StoreError::Input(InputError::NoSuchDate(_)))
        ));
        assert_eq!(store.person(ada).unwrap().dates[0].id, moving);
        assert!(store
            .claim_due(at(2029, 3, 1, 9), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn nobody_marked_deceased_is_reminded_of_but_their_dates_are_kept() {
        let store = Store::open_in_memory().unwrap();
        let ada = with_birthday(&store, "Ada Lovelace", "05-14");
        store.set_cadence(ada, Some(7), at(2026, 1, 1, 0)).unwrap();
        let draft = crate::domain::FollowUpDraft::new(
            ada,
            "Ask about the engine",
            crate::when::LocalIntent::at_instant(
                at(2026, 5, 14, 10),
                crate::when::Zone::Floating,
                Tz::UTC,
            ),
            None,
        )
        .unwrap();
        store
            .create_follow_up(&draft, Tz::UTC, at(2026, 1, 1, 0))
            .unwrap();
        store.set_deceased(ada, true, at(2026, 2, 1, 0)).unwrap();
        assert!(store
            .claim_due(at(2026, 5, 14, 12), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
        assert_eq!(store.next_unclaimed_due(Tz::UTC).unwrap(), None);
        // Nor listed as wanting action, nor planned to fire.
        let later = at(2026, 5, 20, 0);
        assert_eq!(store.agenda(later, Tz::UTC).unwrap().due_count(), 0);
        let planned = crate::scheduler::upcoming(
            &store,
            at(2026, 5, 1, 0),
            at(2026, 5, 1, 0),
            later,
            Tz::UTC,
        )
        .unwrap();
        assert!(planned.is_empty(), "{planned:?}");
        assert_eq!(
            store
                .next_date_reminder(at(2026, 5, 14, 12), Tz::UTC)
                .unwrap(),
            None
        );
        let person = store.person(ada).unwrap();
        assert!(person.deceased);
        assert_eq!(
            person.birthday.map(|b| b.to_text()).as_deref(),
            Some("--05-14")
        );
        store.set_deceased(ada, false, at(2026, 6, 1, 0)).unwrap();
        assert!(!store.person(ada).unwrap().deceased);
    }

    #[test]
    fn dates_go_to_the_trash_and_come_back_with_their_person() {
        let store = Store::open_in_memory().unwrap();
        let ada = with_birthday(&store, "Ada Lovelace", "05-14");
        store
            .add_date(
                ada,
                "Started at Northwind",
                ymd(2019, 3, 1),
                true,
                at(2026, 1, 1, 0),
            )
            .unwrap();
        assert_eq!(
            store
                .claim_due(at(2026, 5, 14, 9), GRACE, Tz::UTC)
                .unwrap()
                .len(),
            1
        );
        let entry = store.trash_person(ada, at(2026, 5, 15, 0)).unwrap();
        assert!(store
            .dates_due(ymd(2026, 1, 1), at(2030, 1, 1, 0), Tz::UTC)
            .unwrap()
            .is_empty());
        let (back, _) = store
            .restore_from_trash(entry.id, at(2026, 5, 16, 0))
            .unwrap();
        let person = store.person(back).unwrap();
        assert_eq!(person.dates.len(), 1);
        assert_eq!(
            person.birthday.map(|b| b.to_text()).as_deref(),
            Some("--05-14")
        );
        // The claim came back too: this year's birthday is not reminded again.
        assert!(store
            .claim_due(at(2026, 5, 14, 12), GRACE, Tz::UTC)
            .unwrap()
            .is_empty());
    }
}
