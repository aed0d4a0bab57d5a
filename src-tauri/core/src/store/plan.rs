//! Today's plan in the store: gathering candidates for each reason with
//! bounded queries (recent touches through their time index, people past a
//! stage through the person table, never everyone's whole history), keeping
//! the day's picks in `plan_item` so the plan is stable for the day, and
//! done, skip and set-aside. The picking rules are [`crate::plan`].

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};

use super::candidates::{
    deceased, dormant, introductions, last_channel, past_their_stage, recent_prompts, set_aside,
    topics,
};
use super::follow_up_rows::complete_in;
use super::meeting_rows::settle_begun;
use super::prep_rows::{meeting, meetings_between, place_prep_items, PlannedMeeting};
use super::rows::insert_touch;
use super::rows::refresh_stage;
use super::rows::{ensure_person, identities_of};
use super::search::reindex;
use super::{to_secs, FollowUpFilter, Result, Store};
use crate::dates::{DateKind, Occasion};
use crate::domain::{Channel, Direction, FollowUpId, InputError, PersonId, TouchDraft, TouchKind};
use crate::plan::{
    pick, Candidate, Reason, INTRODUCE_ASKS, MAX_PLAN_SIZE, QUIET_BEFORE_BIRTHDAY_DAYS,
};
use crate::reach::{reach, Reach};
use crate::when::{end_of_day, resolve_local};

/// One person in today's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub person: PersonId,
    pub name: String,
    pub reason: Reason,
    pub why: String,
    pub next: String,
    pub done: bool,
    /// Where the next step goes: their profile for a welcome, else the
    /// channel last used with them, an e-mail or a call
    /// ([`crate::reach::reach`]).
    pub reach: Option<Reach>,
    /// The meeting a prep item is about.
    pub meeting: Option<PlannedMeeting>,
}

/// Today's plan, with the streak and the week's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The user's local date the plan is for.
    pub day: NaiveDate,
    pub items: Vec<PlanItem>,
    /// Days in a row, up to today (or yesterday while today is open), on
    /// which every item of the plan was done.
    pub streak: u32,
    /// Touches this week (Monday to Sunday, local) and the weekly goal.
    pub week_touches: u64,
    pub weekly_goal: u32,
}

/// How to reach `person` through `channel` (see [`crate::reach::reach`]).
fn reach_of(conn: &Connection, person: PersonId, channel: Channel) -> Result<Option<Reach>> {
    Ok(reach(&identities_of(conn, person)?, channel))
}

/// The message a date suggests: "Happy birthday, Ada! …", or a note about
/// a named date.
fn date_message(occasion: &Occasion, days: i64) -> String {
    let first = occasion
        .person_name
        .split_whitespace()
        .next()
        .unwrap_or(&occasion.person_name);
    match (occasion.kind, days) {
        (DateKind::Birthday, 0) => {
            format!("Happy birthday, {first}! I hope the year ahead is a great one.")
        }
        (DateKind::Birthday, _) => {
            format!("Send {first} something for their birthday, or write on the day")
        }
        (DateKind::Anniversary, 0) => {
            format!("Happy anniversary, {first}! Wishing you both a wonderful day.")
        }
        (DateKind::Anniversary, _) => format!("Plan a note for {first}'s anniversary"),
        (DateKind::Named, _) => format!("Write to {first} about it: {}", occasion.what),
    }
}

fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

impl Store {
    /// Everyone who could be in today's plan, with a reason each (a person
    /// may appear under several reasons; [`pick`] keeps their best).
    pub fn plan_candidates(&self, now: DateTime<Utc>, zone: Tz) -> Result<Vec<Candidate>> {
        let settings = self.settings()?;
        let end = end_of_day(now, zone);
        let today = now.with_timezone(&zone).date_naive();
        let mut found = Vec::new();
        // Follow-ups due by the end of today.
        for f in self.follow_ups(FollowUpFilter::DueBy(end))? {
            let due = f.due_for_action();
            if due > end {
                continue;
            }
            let overdue = (now - due).num_days().max(0);
            found.push(Candidate {
                person: f.person,
                reason: Reason::FollowUp,
                urgency: overdue * 10,
                why: if overdue > 0 {
                    format!("A follow-up is {overdue} days overdue")
                } else {
                    "A follow-up is due today".to_owned()
                },
                next: f.reminder_text(),
                follow_up: Some(f.id),
            });
        }
        // Keep-in-touch dates that have come (their own or a circle's cadence).
        for k in self.keep_in_touch_due(end, zone)? {
            found.push(Candidate {
                person: k.person,
                reason: Reason::Cooling,
                urgency: (now - k.due_at).num_days().max(0),
                why: k.what(now),
                next: "Get in touch: a message, or better, a call".to_owned(),
                follow_up: None,
            });
        }
        let welcome = self.welcome_queue(now, 0, 50)?;
        let templates = self.templates()?;
        for entry in welcome.entries {
            // Calendar days in the user's zone: a connection dated yesterday
            // is "yesterday" at any hour of today.
            let days = (today - entry.connected_at.with_timezone(&zone).date_naive())
                .num_days()
                .max(0);
            let draft = templates
                .first()
                .map(|t| crate::template::render(&t.body, &entry.fields()))
                .unwrap_or_else(|| "Send a personal reply".to_owned());
            found.push(Candidate {
                person: entry.person,
                reason: Reason::Welcome,
                urgency: 99 - days * 3,
                why: match days {
                    0 => "Connected today; no personal reply yet".to_owned(),
                    1 => "Connected yesterday; no personal reply yet".to_owned(),
                    n => format!("Connected {n} days ago; no personal reply yet"),
                },
                next: draft,
                follow_up: None,
            });
        }
        // Someone asks for what another offers: a reason to reach out to the
        // one who asks, with help in hand — and for someone close, a way
        // to the one who offers it.
        let mut asked: HashSet<crate::domain::NeedId> = HashSet::new();
        for suggestion in self.suggest_introductions(10)? {
            let first = asked.insert(suggestion.ask.id);
            if first && asked.len() <= INTRODUCE_ASKS && self.is_close(suggestion.ask.person)? {
                if let Some(candidate) = self.introduce_for(&suggestion.ask, now)? {
                    found.push(candidate);
                    continue;
                }
            }
            found.push(Candidate {
                person: suggestion.ask.person,
                reason: Reason::Reconnect,
                urgency: i64::from(suggestion.score.min(99)),
                why: suggestion.explain(),
                next: format!(
                    "Ask {} whether meeting {} would help",
                    suggestion.ask.person_name, suggestion.offer.person_name
                ),
                follow_up: None,
            });
        }
        // Birthdays, anniversaries and named dates from today to their
        // reminders' days before; and whose birthday is close.
        let days_before = settings.days_before;
        let mut birthday_soon: HashSet<PersonId> = HashSet::new();
        for occasion in self.occasions()? {
            let Some(on) = occasion.occurrences_from(today, 1).first().copied() else {
                continue;
            };
            let days = (on - today).num_days();
            if occasion.kind == DateKind::Birthday
                && (1..=QUIET_BEFORE_BIRTHDAY_DAYS).contains(&days)
            {
                birthday_soon.insert(occasion.person);
            }
            if days > i64::from(days_before.of(occasion.kind)) {
                continue;
            }
            found.push(Candidate {
                person: occasion.person,
                reason: Reason::Date,
                urgency: 99 - days,
                why: occasion.what(on, today),
                next: date_message(&occasion, days),
                follow_up: None,
            });
        }
        self.read(|conn| {
            let set_aside = set_aside(conn, now)?;
            let deceased = deceased(conn)?;
            recent_prompts(conn, now, &mut found)?;
            past_their_stage(conn, now, day_number(today), &mut found)?;
            topics(conn, now, &mut found)?;
            introductions(conn, now, &mut found)?;
            dormant(
                conn,
                now,
                settings.welcome_days,
                day_number(today),
                &mut found,
            )?;
            found.retain(|c| {
                let hushed = c.reason == Reason::Reconnect && birthday_soon.contains(&c.person);
                !(hushed || set_aside.contains(&c.person) || deceased.contains(&c.person))
            });
            Ok(())
        })?;
        Ok(found)
    }

    /// Today's plan (the user's local day in `zone`): the day's picks, kept
    /// from the first time it was asked for, backfilled for anyone skipped.
    pub fn plan(&self, now: DateTime<Utc>, zone: Tz) -> Result<Plan> {
        let settings = self.settings()?;
        let size = settings.plan_size.clamp(1, MAX_PLAN_SIZE) as usize;
        let day = now.with_timezone(&zone).date_naive();
        let key = day.to_string();
        let ends = end_of_day(now, zone);
        // Meetings that have begun give their touches first (a meeting is
        // a touch), then today's meetings their prep items.
        self.write(|tx| {
            settle_begun(tx, now)?;
            let start = resolve_local(day.and_time(NaiveTime::MIN), zone);
            let meetings = meetings_between(tx, start, ends + Duration::seconds(1))?;
            place_prep_items(tx, &key, &meetings, zone, now, ends)
        })?;
        let (active, listed) = self.read(|conn| {
            // Prep items come on top of the plan's size.
            let mut stmt = conn.prepare_cached(
                "SELECT person_id, skipped_at IS NULL AND meeting IS NULL
                 FROM plan_item WHERE day = ?1",
            )?;
            let rows: Vec<(i64, bool)> = stmt
                .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let active = rows.iter().filter(|(_, a)| *a).count();
            Ok((
                active,
                rows.into_iter()
                    .map(|(p, _)| PersonId(p))
                    .collect::<HashSet<_>>(),
            ))
        })?;
        if active < size {
            let candidates: Vec<Candidate> = self
                .plan_candidates(now, zone)?
                .into_iter()
                .filter(|c| !listed.contains(&c.person))
                .collect();
            let picks = pick(candidates, size - active);
            if !picks.is_empty() {
                self.write(|tx| {
                    // Another caller (the window, the morning notification)
                    // may have picked in the meantime: fill only what is
                    // still missing, in this transaction.
                    let (mut position, active_now): (i64, i64) = tx.query_row(
                        "SELECT coalesce(max(position), 0),
                                count(*) FILTER (WHERE skipped_at IS NULL AND meeting IS NULL)
                         FROM plan_item WHERE day = ?1",
                        [&key],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    let missing = size.saturating_sub(active_now.max(0) as usize);
                    let mut insert = tx.prepare_cached(
                        "INSERT OR IGNORE INTO plan_item (day, person_id, position, reason, why, next,
                             follow_up_id, created_at, ends_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )?;
                    for c in picks.iter().take(missing) {
                        position += 1;
                        insert.execute(params![
                            key,
                            c.person.0,
                            position,
                            c.reason.as_str(),
                            c.why,
                            c.next,
                            c.follow_up.map(|f| f.0),
                            to_secs(now),
                            to_secs(ends),
                        ])?;
                    }
                    Ok(())
                })?;
            }
        }
        self.write(|tx| {
            settle_done(tx)?;
            // Prep items first, in their meetings' order.
            let mut stmt = tx.prepare_cached(
                "SELECT i.person_id, p.display_name, i.reason, i.why, i.next, i.done_at IS NOT NULL,
                        i.meeting
                 FROM plan_item i JOIN person p ON p.id = i.person_id
                 LEFT JOIN meeting m ON m.key = i.meeting
                 WHERE i.day = ?1 AND i.skipped_at IS NULL
                 ORDER BY i.meeting IS NULL, m.at, i.position",
            )?;
            let items = stmt
                .query_map([&key], |r| {
                    Ok((
                        PlanItem {
                            person: PersonId(r.get(0)?),
                            name: r.get(1)?,
                            reason: Reason::parse(&r.get::<_, String>(2)?)
                                .unwrap_or(Reason::Reconnect),
                            why: r.get(3)?,
                            next: r.get(4)?,
                            done: r.get(5)?,
                            reach: None,
                            meeting: None,
                        },
                        r.get::<_, Option<String>>(6)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut items = items;
            for (item, key) in &mut items {
                // A prep item reads as its meeting is now (before or after).
                if let Some(m) = key
                    .as_deref()
                    .map(|k| meeting(tx, k))
                    .transpose()?
                    .flatten()
                {
                    item.why = m.why(zone, now);
                    item.next = m.next(now).to_owned();
                    item.meeting = Some(m);
                }
            }
            let mut items: Vec<PlanItem> = items.into_iter().map(|(item, _)| item).collect();
            for item in &mut items {
                let channel = match item.reason {
                    Reason::Welcome => Channel::Linkedin,
                    _ => last_channel(tx, item.person)?,
                };
                item.reach = reach_of(tx, item.person, channel)?;
            }
            Ok(Plan {
                day,
                streak: streak(tx, day)?,
                week_touches: week_touches(tx, now, zone)?,
                weekly_goal: settings.weekly_goal,
                items,
            })
        })
    }

    /// The sync uids of `people` (those who have one: everyone synced but
    /// the sample network).
    pub fn person_uids(
        &self,
        people: &[PersonId],
    ) -> Result<std::collections::HashMap<PersonId, String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT uid FROM person WHERE id = ?1 AND uid IS NOT NULL AND is_sample = 0",
            )?;
            let mut uids = std::collections::HashMap::new();
            for person in people {
                if let Some(uid) = stmt
                    .query_row([person.0], |r| r.get::<_, String>(0))
                    .optional()?
                {
                    uids.insert(*person, uid);
                }
            }
            Ok(uids)
        })
    }

    /// How to reach a person for a follow-up or another suggested step:
    /// through the channel last used with them, else an e-mail, a call or
    /// a profile.
    pub fn reach(&self, person: PersonId) -> Result<Option<Reach>> {
        self.read(|conn| reach_of(conn, person, last_channel(conn, person)?))
    }

    /// How many people today's plan holds and how many are done, if it has
    /// been picked yet; reads only (cheap enough for the tray's menu).
    pub fn plan_summary(&self, now: DateTime<Utc>, zone: Tz) -> Result<Option<(u32, u32)>> {
        let key = now.with_timezone(&zone).date_naive().to_string();
        self.read(|conn| {
            let (planned, done): (u32, u32) = conn.query_row(
                "SELECT count(*), count(done_at) FROM plan_item WHERE day = ?1 AND skipped_at IS NULL",
                [&key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok((planned > 0).then_some((planned, done)))
        })
    }

    /// Claims today's plan notification once the morning time (local, in
    /// `zone`) has come: `Some(reminder id)` the first time on a day, `None`
    /// before the time or once claimed. Claimed in the `reminder` table
    /// like any reminder, so it shows at most once a day.
    pub fn claim_plan_notice(&self, now: DateTime<Utc>, zone: Tz) -> Result<Option<i64>> {
        let Some(time) = self.settings()?.plan_time else {
            return Ok(None);
        };
        let today = now.with_timezone(&zone).date_naive();
        let morning = resolve_local(today.and_time(time), zone);
        if now < morning {
            return Ok(None);
        }
        self.write(|tx| {
            let claimed = tx.execute(
                "INSERT OR IGNORE INTO reminder (subject, subject_id, due_at, claimed_at)
                 VALUES ('plan', ?1, ?2, ?3)",
                params![day_number(today), to_secs(morning), to_secs(now)],
            )?;
            Ok((claimed > 0).then(|| tx.last_insert_rowid()))
        })
    }

    /// Marks a person in today's plan done: logs the touch the plan
    /// suggested (the welcome as a note on LinkedIn, anything else as a
    /// message on the channel last used with them) and, for a follow-up,
    /// completes it.
    pub fn plan_done(&self, person: PersonId, now: DateTime<Utc>, zone: Tz) -> Result<Plan> {
        self.plan_done_on(person, now.with_timezone(&zone).date_naive(), now, zone)?;
        self.plan(now, zone)
    }

    /// Marks a person in the plan of `day` done, as [`Store::plan_done`]
    /// does for today's (a task ticked on a phone and synced a day later
    /// still logs its touch); `false` when it was done already.
    pub fn plan_done_on(
        &self,
        person: PersonId,
        day: NaiveDate,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<bool> {
        let key = day.to_string();
        self.write(|tx| {
            let item: Option<(String, String, Option<i64>, bool)> = tx
                .query_row(
                    "SELECT reason, next, follow_up_id, done_at IS NOT NULL FROM plan_item
                     WHERE day = ?1 AND person_id = ?2 AND skipped_at IS NULL",
                    params![key, person.0],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((reason, next, follow_up, done)) = item else {
                ensure_person(tx, person)?;
                return Err(InputError::NotInPlan.into());
            };
            if done {
                return Ok(false);
            }
            let reason = Reason::parse(&reason).unwrap_or(Reason::Reconnect);
            if reason == Reason::Prep {
                // Ticked by hand: the meeting is its own touch.
                tx.execute(
                    "UPDATE plan_item SET done_at = ?3 WHERE day = ?1 AND person_id = ?2",
                    params![key, person.0, to_secs(now)],
                )?;
                return Ok(true);
            }
            let (kind, channel) = match reason {
                Reason::Welcome => (TouchKind::Note, Channel::Linkedin),
                _ => (TouchKind::Message, last_channel(tx, person)?),
            };
            let summary: String = next.chars().take(crate::domain::MAX_SHORT_CHARS).collect();
            let draft =
                TouchDraft::new(person, kind, channel, Direction::Out, now, Some(&summary))?;
            insert_touch(tx, &draft, now)?;
            if let Some(id) = follow_up {
                complete_in(tx, FollowUpId(id), zone, now)?;
            }
            tx.execute(
                "UPDATE plan_item SET done_at = ?3 WHERE day = ?1 AND person_id = ?2",
                params![key, person.0, to_secs(now)],
            )?;
            reindex(tx, person)?;
            refresh_stage(tx, person, now)?;
            Ok(true)
        })
    }

    /// Takes a person out of today's plan ("not today"), or out of every
    /// plan for `set_aside_days` ("not for a month"); the plan backfills.
    pub fn plan_skip(
        &self,
        person: PersonId,
        set_aside_days: Option<u32>,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<Plan> {
        let key = now.with_timezone(&zone).date_naive().to_string();
        self.write(|tx| {
            ensure_person(tx, person)?;
            let skipped = tx.execute(
                "UPDATE plan_item SET skipped_at = ?3
                 WHERE day = ?1 AND person_id = ?2 AND done_at IS NULL AND skipped_at IS NULL",
                params![key, person.0, to_secs(now)],
            )?;
            if skipped == 0 && set_aside_days.is_none() {
                return Err(InputError::NotInPlan.into());
            }
            if let Some(days) = set_aside_days {
                let days = days.clamp(1, 3650);
                tx.execute(
                    "INSERT INTO plan_set_aside (person_id, until) VALUES (?1, ?2)
                     ON CONFLICT (person_id) DO UPDATE SET until = excluded.until",
                    params![person.0, to_secs(now + Duration::days(i64::from(days)))],
                )?;
            }
            Ok(())
        })?;
        self.plan(now, zone)
    }
}

/// Items with a touch from the user (not one where they reached out)
/// logged after they were planned (a later second: what an import wrote in
/// the second the plan was made came before it) and before their day ended
/// count as done. A prep item counts as done by a touch (other than the
/// meeting's own), a note or a follow-up made after its meeting ended.
fn settle_done(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE plan_item SET done_at = (SELECT min(t.created_at) FROM touch t
             WHERE t.person_id = plan_item.person_id AND t.created_at > plan_item.created_at
               AND t.created_at <= plan_item.ends_at AND t.kind <> 'connected' AND t.direction <> 'in')
         WHERE done_at IS NULL AND skipped_at IS NULL AND meeting IS NULL AND EXISTS (SELECT 1 FROM touch t
             WHERE t.person_id = plan_item.person_id AND t.created_at > plan_item.created_at
               AND t.created_at <= plan_item.ends_at AND t.kind <> 'connected' AND t.direction <> 'in')",
        [],
    )?;
    conn.execute(
        "UPDATE plan_item SET done_at = (
             SELECT min(at) FROM (
                 SELECT t.created_at AS at FROM touch t
                 WHERE t.person_id = plan_item.person_id AND t.kind <> 'connected'
                   AND t.created_at >= m.ends AND t.created_at <= plan_item.ends_at
                   AND NOT EXISTS (SELECT 1 FROM meeting_touch g WHERE g.uid = t.uid)
                 UNION ALL
                 SELECT f.created_at FROM follow_up f
                 WHERE f.person_id = plan_item.person_id
                   AND f.created_at >= m.ends AND f.created_at <= plan_item.ends_at
                 UNION ALL
                 SELECT n.created_at FROM note n
                 WHERE n.person_id = plan_item.person_id
                   AND n.created_at >= m.ends AND n.created_at <= plan_item.ends_at))
         FROM meeting m
         WHERE m.key = plan_item.meeting AND plan_item.done_at IS NULL
           AND plan_item.skipped_at IS NULL",
        [],
    )?;
    Ok(())
}

/// Days in a row up to `today` (or the day before, while today is open) on
/// which the plan had someone and all of them were done.
fn streak(conn: &Connection, today: NaiveDate) -> Result<u32> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, count(*), count(done_at) FROM plan_item
         WHERE skipped_at IS NULL AND meeting IS NULL
         GROUP BY day ORDER BY day DESC LIMIT 400",
    )?;
    let days: Vec<(String, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut expected = today;
    let mut streak = 0;
    for (day, planned, done) in days {
        let Ok(day) = day.parse::<NaiveDate>() else {
            break;
        };
        let complete = planned > 0 && planned == done;
        if day == today && !complete {
            // Today is still open; the streak counts up to yesterday.
            expected = today.pred_opt().unwrap_or(today);
            continue;
        }
        if day != expected || !complete {
            break;
        }
        streak += 1;
        expected = day.pred_opt().unwrap_or(day);
    }
    Ok(streak)
}

/// Touches (other than the connection itself) since this week's Monday,
/// local time.
fn week_touches(conn: &Connection, now: DateTime<Utc>, zone: Tz) -> Result<u64> {
    let today = now.with_timezone(&zone).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let start = resolve_local(monday.and_time(NaiveTime::MIN), zone);
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM touch WHERE happened_at >= ?1 AND happened_at <= ?2 AND kind <> 'connected'",
        params![to_secs(start), to_secs(now)],
        |r| r.get(0),
    )?;
    Ok(count as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FollowUpDraft, PersonDraft};
    use crate::store::tests::t0;
    use crate::when::{LocalIntent, Zone};
    use crate::StoreError;

    struct Net {
        store: Store,
        ada: PersonId,
        grace: PersonId,
        linus: PersonId,
        old: PersonId,
        barbara: PersonId,
    }

    fn touch(store: &Store, who: PersonId, kind: TouchKind, direction: Direction, days_ago: i64) {
        crate::store::tests::log_on_day(store, who, kind, direction, -days_ago);
    }

    fn person(store: &Store, name: &str, tags: &[&str]) -> PersonId {
        let draft = PersonDraft::named(name).unwrap().with_tags(tags).unwrap();
        store
            .create_person(&draft, t0() - Duration::days(800))
            .unwrap()
    }

    /// One person for each of five reasons.
    fn network() -> Net {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace", &[]);
        let due = LocalIntent::new(t0().naive_utc() - Duration::hours(1), Zone::Floating);
        store
            .create_follow_up(
                &FollowUpDraft::new(ada, "Ask how the launch went", due, None).unwrap(),
                Tz::UTC,
                t0() - Duration::days(3),
            )
            .unwrap();
        let grace = person(&store, "Grace Hopper", &[]);
        touch(&store, grace, TouchKind::Message, Direction::In, 2);
        let linus = person(&store, "Linus Torvalds", &[]);
        touch(&store, linus, TouchKind::Connected, Direction::Mutual, 3);
        let old = person(&store, "Old Tagged", &["Rust"]);
        touch(&store, old, TouchKind::Connected, Direction::Mutual, 700);
        let barbara = person(&store, "Barbara Liskov", &[]);
        touch(&store, barbara, TouchKind::Message, Direction::Out, 101);
        touch(&store, barbara, TouchKind::Message, Direction::In, 100);
        Net {
            store,
            ada,
            grace,
            linus,
            old,
            barbara,
        }
    }

    fn reasons(plan: &Plan) -> Vec<(PersonId, Reason)> {
        plan.items.iter().map(|i| (i.person, i.reason)).collect()
    }

    #[test]
    fn the_plan_has_one_person_per_reason_with_why_and_next() {
        let net = network();
        assert_eq!(
            net.store.plan_summary(t0(), Tz::UTC).unwrap(),
            None,
            "not picked yet"
        );
        let plan = net.store.plan(t0(), Tz::UTC).unwrap();
        assert_eq!(net.store.plan_summary(t0(), Tz::UTC).unwrap(), Some((5, 0)));
        assert_eq!(
            reasons(&plan),
            vec![
                (net.ada, Reason::FollowUp),
                (net.grace, Reason::ReplyOwed),
                (net.linus, Reason::Welcome),
                (net.barbara, Reason::Cooling),
                (net.old, Reason::Reconnect),
            ]
        );
        let ada = &plan.items[0];
        assert_eq!(ada.next, "Ask how the launch went");
        assert_eq!(ada.why, "A follow-up is due today");
        assert!(
            plan.items[2].next.starts_with("Hi Linus,"),
            "the drafted welcome: {}",
            plan.items[2].next
        );
        assert_eq!(plan.items[3].why, "In conversation and quiet for 100 days");
        assert!(
            plan.items[4].why.contains("tagged Rust"),
            "{}",
            plan.items[4].why
        );
        // Only the new connection waits in the welcome queue.
        assert_eq!(net.store.welcome_queue(t0(), 0, 10).unwrap().total, 1);
    }

    #[test]
    fn the_plan_is_stable_for_the_day_and_new_the_next() {
        let net = network();
        let first = net.store.plan(t0(), Tz::UTC).unwrap();
        // Someone new the same day does not reshuffle it.
        let newcomer = person(&net.store, "New Comer", &[]);
        touch(&net.store, newcomer, TouchKind::Message, Direction::In, 0);
        assert_eq!(
            reasons(&net.store.plan(t0() + Duration::hours(2), Tz::UTC).unwrap()),
            reasons(&first)
        );
        // The next day is planned afresh: Ada's follow-up was done, so the
        // newcomer, who wrote today, takes the place.
        net.store
            .plan_done(net.ada, t0() + Duration::hours(3), Tz::UTC)
            .unwrap();
        let tomorrow = net.store.plan(t0() + Duration::days(1), Tz::UTC).unwrap();
        assert!(
            tomorrow.items.iter().any(|i| i.person == newcomer),
            "{:?}",
            reasons(&tomorrow)
        );
        assert!(tomorrow
            .items
            .iter()
            .all(|i| i.person != net.ada && !i.done));
    }

    #[test]
    fn done_logs_the_touch_and_completes_the_follow_up_and_any_touch_ticks_an_item() {
        let net = network();
        net.store.plan(t0(), Tz::UTC).unwrap();
        let plan = net
            .store
            .plan_done(net.ada, t0() + Duration::minutes(5), Tz::UTC)
            .unwrap();
        assert!(plan.items[0].done);
        let touches = net.store.touches(net.ada).unwrap();
        assert_eq!(
            (touches[0].kind, touches[0].summary.as_deref()),
            (TouchKind::Message, Some("Ask how the launch went"))
        );
        assert!(net
            .store
            .follow_ups(FollowUpFilter::DueBy(t0() + Duration::days(1)))
            .unwrap()
            .is_empty());
        // Logging a touch any other way ticks Grace too.
        let reply = TouchDraft::new(
            net.grace,
            TouchKind::Message,
            Channel::Email,
            Direction::Out,
            t0(),
            None,
        )
        .unwrap();
        net.store
            .log_touch(&reply, t0() + Duration::minutes(1))
            .unwrap();
        let plan = net
            .store
            .plan(t0() + Duration::minutes(10), Tz::UTC)
            .unwrap();
        assert!(plan.items[1].done);
        assert!(matches!(
            net.store.plan_done(PersonId(999), t0(), Tz::UTC),
            Err(StoreError::PersonNotFound(_))
        ));
    }

    #[test]
    fn skipping_backfills_and_setting_aside_keeps_them_out_for_a_month() {
        let net = network();
        let extra = person(&net.store, "Extra Tagged", &["Rust"]);
        touch(
            &net.store,
            extra,
            TouchKind::Connected,
            Direction::Mutual,
            600,
        );
        net.store.plan(t0(), Tz::UTC).unwrap();
        let plan = net
            .store
            .plan_skip(net.barbara, Some(30), t0(), Tz::UTC)
            .unwrap();
        assert_eq!(plan.items.len(), 5);
        assert!(plan.items.iter().all(|i| i.person != net.barbara));
        assert!(
            plan.items.iter().any(|i| i.person == extra),
            "backfilled: {:?}",
            reasons(&plan)
        );
        // Set aside: not tomorrow either, but again after 30 days.
        let tomorrow = net.store.plan(t0() + Duration::days(1), Tz::UTC).unwrap();
        assert!(tomorrow.items.iter().all(|i| i.person != net.barbara));
        let later = net.store.plan(t0() + Duration::days(31), Tz::UTC).unwrap();
        assert!(
            later.items.iter().any(|i| i.person == net.barbara),
            "{:?}",
            reasons(&later)
        );
        assert!(matches!(
            net.store.plan_skip(net.barbara, None, t0(), Tz::UTC),
            Err(StoreError::Input(InputError::NotInPlan))
        ));
    }

    #[test]
    fn a_birthday_is_a_reason_with_a_message_and_hushes_reconnecting_before_it() {
        let net = network();
        let today = t0().date_naive();
        let on = |days: i64| {
            let d = today + Duration::days(days);
            crate::import::Birthday::new(None, d.month(), d.day())
        };
        use crate::store::YearlyDate;
        net.store
            .set_yearly_date(net.barbara, YearlyDate::Birthday, on(0), t0())
            .unwrap();
        // Old Tagged's birthday is in three days: no reconnect nudge now.
        net.store
            .set_yearly_date(net.old, YearlyDate::Birthday, on(3), t0())
            .unwrap();
        let plan = net.store.plan(t0(), Tz::UTC).unwrap();
        let barbara = plan.items.iter().find(|i| i.person == net.barbara).unwrap();
        assert_eq!(barbara.reason, Reason::Date);
        assert_eq!(barbara.why, "Birthday today");
        assert_eq!(
            barbara.next,
            "Happy birthday, Barbara! I hope the year ahead is a great one."
        );
        assert_eq!(
            plan.items[1].person, net.barbara,
            "second only to a follow-up"
        );
        assert!(
            plan.items.iter().all(|i| i.person != net.old),
            "{:?}",
            reasons(&plan)
        );
        // After the birthday, reconnecting is a reason again.
        let candidates = net
            .store
            .plan_candidates(t0() + Duration::days(4), Tz::UTC)
            .unwrap();
        assert!(candidates
            .iter()
            .any(|c| c.person == net.old && c.reason == Reason::Reconnect));
    }

    #[test]
    fn each_plan_item_says_where_its_step_goes() {
        use crate::domain::{Identity, IdentityKind};
        let net = network();
        let add = |who: PersonId, kind, value| {
            net.store
                .edit_person(who, t0(), |draft, _| {
                    Ok(draft.with_identity(Identity::new(kind, value).unwrap()))
                })
                .unwrap();
        };
        add(
            net.linus,
            IdentityKind::Linkedin,
            "https://www.linkedin.com/in/torvalds",
        );
        add(net.linus, IdentityKind::Email, "linus@example.org");
        add(net.ada, IdentityKind::Email, "ada@example.org");
        let plan = net.store.plan(t0(), Tz::UTC).unwrap();
        let how = |who: PersonId| {
            plan.items
                .iter()
                .find(|i| i.person == who)
                .unwrap()
                .reach
                .map(|r| (r.kind, r.how))
        };
        // A welcome goes on the network it came from; a follow-up by e-mail.
        assert_eq!(how(net.linus), Some((IdentityKind::Linkedin, "open")));
        assert_eq!(how(net.ada), Some((IdentityKind::Email, "email")));
        assert_eq!(how(net.barbara), None, "no way known");
        assert_eq!(
            net.store.reach(net.linus).unwrap().map(|r| r.how),
            Some("email"),
            "outside a welcome, an e-mail"
        );
    }

    #[test]
    fn nobody_marked_deceased_is_ever_in_the_plan() {
        let net = network();
        for who in [net.ada, net.grace, net.linus, net.old, net.barbara] {
            net.store.set_deceased(who, true, t0()).unwrap();
        }
        assert!(net.store.plan_candidates(t0(), Tz::UTC).unwrap().is_empty());
        assert!(net.store.plan(t0(), Tz::UTC).unwrap().items.is_empty());
    }

    #[test]
    fn an_ask_that_someone_offers_is_a_reason_to_reconnect() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya Okafor", &[]);
        let tomas = person(&store, "Tomas Berg", &[]);
        use crate::domain::{NeedDraft, Side};
        store
            .add_need(
                &NeedDraft::new(
                    maya,
                    Side::Ask,
                    "A Rust contractor for the firmware",
                    &["rust"],
                )
                .unwrap(),
                t0(),
            )
            .unwrap();
        store
            .add_need(
                &NeedDraft::new(tomas, Side::Offer, "Rust consulting", &["rust"]).unwrap(),
                t0(),
            )
            .unwrap();
        let plan = store.plan(t0(), Tz::UTC).unwrap();
        let item = plan
            .items
            .iter()
            .find(|i| i.person == maya)
            .expect("Maya is in the plan");
        assert_eq!(item.reason, Reason::Reconnect);
        assert_eq!(
            item.next,
            "Ask Maya Okafor whether meeting Tomas Berg would help"
        );
        assert!(item.why.contains("Tomas Berg offers"), "{}", item.why);

        // Once Maya is your sister and Grace (whom you know) works with
        // Tomas, the plan says whom to ask for the introduction.
        let grace = person(&store, "Grace Hopper", &[]);
        touch(&store, grace, TouchKind::Message, Direction::Out, 10);
        touch(&store, grace, TouchKind::Message, Direction::In, 9);
        store
            .link(
                &crate::domain::LinkDraft::new(
                    grace,
                    tomas,
                    crate::domain::LinkKind::Colleague,
                    None,
                    None,
                )
                .unwrap(),
                t0(),
            )
            .unwrap();
        store
            .tie_to_me(maya, crate::domain::MyTie::Sibling, None, None, t0())
            .unwrap();
        let next_day = t0() + Duration::days(1);
        let plan = store.plan(next_day, Tz::UTC).unwrap();
        let item = plan.items.iter().find(|i| i.person == maya).unwrap();
        assert_eq!(item.reason, Reason::Introduce);
        assert_eq!(
            item.next,
            "Ask Grace Hopper to introduce Maya Okafor to Tomas Berg"
        );
        assert!(
            item.why.starts_with(
                "Maya Okafor asks for “A Rust contractor for the firmware”: Grace Hopper — "
            ) && item
                .why
                .ends_with("is Tomas Berg's colleague; Tomas Berg offers “Rust consulting”"),
            "{}",
            item.why
        );
    }

    #[test]
    fn the_streak_counts_days_whose_plan_was_all_done() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace", &[]);
        let due = LocalIntent::new(t0().naive_utc() - Duration::hours(1), Zone::Floating);
        let daily = FollowUpDraft::new(
            ada,
            "Daily check-in",
            due,
            Some(crate::domain::Repeat::parse("1d").unwrap()),
        )
        .unwrap();
        store
            .create_follow_up(&daily, Tz::UTC, t0() - Duration::days(1))
            .unwrap();
        for day in 0..3 {
            let at = t0() + Duration::days(day);
            let plan = store.plan(at, Tz::UTC).unwrap();
            assert_eq!(plan.items.len(), 1, "day {day}");
            assert_eq!(plan.streak as i64, day, "before today's is done");
            store
                .plan_done(ada, at + Duration::minutes(1), Tz::UTC)
                .unwrap();
            assert_eq!(
                store
                    .plan(at + Duration::minutes(2), Tz::UTC)
                    .unwrap()
                    .streak as i64,
                day + 1
            );
        }
        // t0 is a Sunday: the week from Monday holds two of the three.
        let week = store
            .plan(t0() + Duration::days(3), Tz::UTC)
            .unwrap()
            .week_touches;
        assert_eq!(week, 2);
    }
}
