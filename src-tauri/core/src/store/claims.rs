//! Part of the store's floor: keep-in-touch dates (derived from the last
//! touch and the person's or circle's cadence), birthdays, anniversaries
//! and named dates (see [`crate::dates`]), and their reminder claims, which
//! the follow-up claims and the cadence views share.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};

use super::{from_secs, to_secs, Result};
use crate::dates::{occurrence_key, DateKind, DateReminders, Occasion};
use crate::domain::{FollowUpId, PersonId, ReminderId};
use crate::import::Birthday;
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
pub(crate) fn all(conn: &Connection, zone: Tz) -> Result<Vec<KeepInTouch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.display_name, p.created_at,
                coalesce(p.cadence_days,
                         (SELECT min(t.cadence_days) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                          WHERE pt.person_id = p.id)) AS cadence,
                (SELECT last_at FROM touch_latest WHERE person_id = p.id)
         FROM person p WHERE cadence IS NOT NULL AND p.deceased = 0",
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
            reminder_id: ReminderId(conn.last_insert_rowid()),
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

/// Every birthday, anniversary and named date of the living, for
/// reminders (see [`crate::dates`]).
pub(crate) fn occasions(conn: &Connection) -> Result<Vec<Occasion>> {
    let mut out = Vec::new();
    for (kind, column) in [
        (DateKind::Birthday, "birthday"),
        (DateKind::Anniversary, "anniversary"),
    ] {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, display_name, {column} FROM person
             WHERE {column} IS NOT NULL AND deceased = 0"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, name, text) = row?;
            // A value another app wrote that is no date: nothing to remind.
            if let Some(date) = Birthday::parse(&text) {
                out.push(Occasion {
                    kind,
                    subject_id: id,
                    person: PersonId(id),
                    person_name: name,
                    what: String::new(),
                    year: date.year,
                    month: date.month,
                    day: date.day,
                    yearly: true,
                });
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.person_id, p.display_name, d.what, d.on_date, d.yearly
         FROM person_date d JOIN person p ON p.id = d.person_id WHERE p.deceased = 0",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    for row in rows {
        let (id, person, name, what, on, yearly) = row?;
        if let Ok(on) = NaiveDate::parse_from_str(&on, "%Y-%m-%d") {
            out.push(Occasion {
                kind: DateKind::Named,
                subject_id: id,
                person: PersonId(person),
                person_name: name,
                what,
                year: Some(on.year()),
                month: on.month(),
                day: on.day(),
                yearly,
            });
        }
    }
    Ok(out)
}

/// A date's occurrences whose reminders are due, with their instants, and
/// when the first reminder still to come is due.
struct Coming {
    due: Vec<(NaiveDate, DateTime<Utc>)>,
    next: Option<DateTime<Utc>>,
}

/// The occurrences of `occasion` falling on or after `from` whose
/// reminders are due at or before `until`; and the first one due later.
fn due_occurrences(
    occasion: &Occasion,
    from: NaiveDate,
    until: DateTime<Utc>,
    reminders: &DateReminders,
    zone: Tz,
) -> Coming {
    let mut due = Vec::new();
    // The reminder may come up to MAX_DAYS_BEFORE ahead: two years of
    // occurrences always reach past `until`'s next one.
    for day in occasion.occurrences_from(from, 3) {
        let at = reminders.due_at(occasion.kind, day, zone);
        if at > until {
            return Coming {
                due,
                next: Some(at),
            };
        }
        due.push((day, at));
    }
    Coming { due, next: None }
}

/// One occurrence of a date, with when its reminder comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateDue {
    pub occasion: Occasion,
    /// The day it falls on.
    pub on: NaiveDate,
    /// When its reminder comes.
    pub remind_at: DateTime<Utc>,
    /// Whether that reminder was claimed (shown).
    pub claimed: bool,
}

/// Every occurrence falling on or after `from` whose reminder comes at or
/// before `until`, soonest reminder first.
pub(crate) fn dates_due(
    conn: &Connection,
    from: NaiveDate,
    until: DateTime<Utc>,
    reminders: &DateReminders,
    zone: Tz,
) -> Result<Vec<DateDue>> {
    let mut claimed = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM reminder WHERE subject = ?1 AND subject_id = ?2
                        AND due_at = ?3)",
    )?;
    let mut out = Vec::new();
    for occasion in occasions(conn)? {
        let years = (until.year() - from.year()).max(0) as usize + 2;
        for on in occasion.occurrences_from(from, years) {
            let remind_at = reminders.due_at(occasion.kind, on, zone);
            if remind_at > until {
                break;
            }
            out.push(DateDue {
                claimed: claimed.query_row(
                    params![
                        occasion.kind.subject(),
                        occasion.subject_id,
                        occurrence_key(on)
                    ],
                    |r| r.get(0),
                )?,
                occasion: occasion.clone(),
                on,
                remind_at,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.remind_at, &a.occasion.person_name).cmp(&(b.remind_at, &b.occasion.person_name))
    });
    Ok(out)
}

/// Claims every date whose reminder has come within the grace period and
/// is not claimed yet (once per occurrence).
pub(crate) fn claim_dates(
    conn: &Connection,
    now: DateTime<Utc>,
    grace: chrono::Duration,
    reminders: &DateReminders,
    zone: Tz,
) -> Result<Vec<ClaimedReminder>> {
    let today = now.with_timezone(&zone).date_naive();
    // A reminder is due on or before its day: one still within the grace
    // period falls on a day no earlier than the grace period's start.
    let earliest = (now - grace).with_timezone(&zone).date_naive();
    let from = earliest.checked_sub_days(Days::new(1)).unwrap_or(earliest);
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO reminder (subject, subject_id, due_at, claimed_at, missed)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut claimed = Vec::new();
    for occasion in occasions(conn)? {
        for (day, at) in due_occurrences(&occasion, from, now, reminders, zone).due {
            // Past the grace period (Kith was closed, or the date was
            // added after it): a date's reminder late is no news; Today
            // and the person page still show the date.
            if at < now - grace {
                continue;
            }
            let added = insert.execute(params![
                occasion.kind.subject(),
                occasion.subject_id,
                occurrence_key(day),
                to_secs(now),
                false
            ])?;
            if added == 0 {
                continue;
            }
            claimed.push(ClaimedReminder {
                reminder_id: ReminderId(conn.last_insert_rowid()),
                subject: Subject::Date {
                    kind: occasion.kind,
                    on: day,
                },
                person: occasion.person,
                person_name: occasion.person_name.clone(),
                what: occasion.what(day, today),
                due_at: at,
                missed: false,
            });
        }
    }
    Ok(claimed)
}

/// The earliest date reminder not claimed yet, for the scheduler's sleep.
pub(crate) fn next_date(
    conn: &Connection,
    now: DateTime<Utc>,
    reminders: &DateReminders,
    zone: Tz,
) -> Result<Option<DateTime<Utc>>> {
    let today = now.with_timezone(&zone).date_naive();
    let mut next: Option<DateTime<Utc>> = None;
    for occasion in occasions(conn)? {
        // Due ones are claimed by the step that asks; only a later one is
        // worth waking for.
        if let Some(at) = due_occurrences(&occasion, today, now, reminders, zone).next {
            next = Some(next.map_or(at, |n| n.min(at)));
        }
    }
    Ok(next)
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A follow-up fell due.
    FollowUp(FollowUpId),
    /// A person's keep-in-touch date came: no touch for `cadence_days`.
    KeepInTouch { cadence_days: u32 },
    /// A birthday, anniversary or named date falling `on` that day.
    Date { kind: DateKind, on: NaiveDate },
}

impl Subject {
    pub fn is_follow_up(&self) -> bool {
        matches!(self, Subject::FollowUp(_))
    }
}

/// A reminder occurrence the scheduler has claimed and may now show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedReminder {
    pub reminder_id: ReminderId,
    pub subject: Subject,
    pub person: PersonId,
    pub person_name: String,
    pub what: String,
    pub due_at: DateTime<Utc>,
    /// Claimed after the grace period: listed in Today, not shown.
    pub missed: bool,
}
