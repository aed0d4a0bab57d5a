//! Today's plan in the store: gathering candidates for each reason with
//! bounded queries (recent touches through their time index, people past a
//! stage through the person table, never everyone's whole history), keeping
//! the day's picks in `plan_item` so the plan is stable for the day, and
//! done, skip and set-aside. The picking rules are [`crate::plan`].

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{named_params, params, Connection, OptionalExtension};

use super::follow_ups::complete_in;
use super::people::{ensure_person, reindex};
use super::queue::welcome_since;
use super::stages::refresh_stage;
use super::touches::insert_touch;
use super::{from_secs, to_secs, FollowUpFilter, Result, Store};
use crate::domain::{Channel, Direction, FollowUpId, InputError, PersonId, TouchDraft, TouchKind};
use crate::plan::{daily_draw, pick, Candidate, Reason, MAX_PLAN_SIZE};
use crate::prompts::{evaluate, PromptFact, Rule, MEETING_LOOKBACK_DAYS};
use crate::stage::{Health, Stage};
use crate::when::{end_of_day, resolve_local};

/// How long a once-active conversation must be quiet to be worth
/// reconnecting.
pub const QUIET_DAYS: i64 = 180;
/// How long after the last touch a current topic is worth asking about.
pub const TOPIC_AFTER_DAYS: i64 = 21;
/// How long an introduction's step may wait before the next is due.
pub const INTRO_WAIT_DAYS: i64 = 3;
/// Dormant connections drawn each day for the reconnect reason.
const RECONNECT_DRAW: i64 = 30;

/// One person in today's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub person: PersonId,
    pub name: String,
    pub reason: Reason,
    pub why: String,
    pub next: String,
    pub done: bool,
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

fn months_ago(at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    ((now - at).num_days() / 30).max(1)
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
        // one who asks, with help in hand.
        for suggestion in self.suggest_introductions(10)? {
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
        self.read(|conn| {
            let set_aside = set_aside(conn, now)?;
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
            found.retain(|c| !set_aside.contains(&c.person));
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
        let (active, listed) = self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT person_id, skipped_at IS NULL FROM plan_item WHERE day = ?1",
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
                let ends = end_of_day(now, zone);
                self.write(|tx| {
                    // Another caller (the window, the morning notification)
                    // may have picked in the meantime: fill only what is
                    // still missing, in this transaction.
                    let (mut position, active_now): (i64, i64) = tx.query_row(
                        "SELECT coalesce(max(position), 0), count(*) FILTER (WHERE skipped_at IS NULL)
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
            let mut stmt = tx.prepare_cached(
                "SELECT i.person_id, p.display_name, i.reason, i.why, i.next, i.done_at IS NOT NULL
                 FROM plan_item i JOIN person p ON p.id = i.person_id
                 WHERE i.day = ?1 AND i.skipped_at IS NULL ORDER BY i.position",
            )?;
            let items = stmt
                .query_map([&key], |r| {
                    Ok(PlanItem {
                        person: PersonId(r.get(0)?),
                        name: r.get(1)?,
                        reason: Reason::parse(&r.get::<_, String>(2)?).unwrap_or(Reason::Reconnect),
                        why: r.get(3)?,
                        next: r.get(4)?,
                        done: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Plan {
                day,
                streak: streak(tx, day)?,
                week_touches: week_touches(tx, now, zone)?,
                weekly_goal: settings.weekly_goal,
                items,
            })
        })
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
        let key = now.with_timezone(&zone).date_naive().to_string();
        self.write(|tx| {
            let item: Option<(String, String, Option<i64>)> = tx
                .query_row(
                    "SELECT reason, next, follow_up_id FROM plan_item
                     WHERE day = ?1 AND person_id = ?2 AND skipped_at IS NULL",
                    params![key, person.0],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((reason, next, follow_up)) = item else {
                ensure_person(tx, person)?;
                return Err(InputError::NotInPlan.into());
            };
            let reason = Reason::parse(&reason).unwrap_or(Reason::Reconnect);
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
            Ok(())
        })?;
        self.plan(now, zone)
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

/// People set aside ("not for a month") until after `now`.
fn set_aside(conn: &Connection, now: DateTime<Utc>) -> Result<HashSet<PersonId>> {
    let mut stmt = conn.prepare_cached("SELECT person_id FROM plan_set_aside WHERE until > ?1")?;
    let set = stmt
        .query_map([to_secs(now)], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(set)
}

/// Replies owed and meetings not followed up, from the last
/// [`MEETING_LOOKBACK_DAYS`] days of touches only (both rules look no
/// further back), minus dismissed prompts.
fn recent_prompts(conn: &Connection, now: DateTime<Utc>, found: &mut Vec<Candidate>) -> Result<()> {
    let since = to_secs(now - Duration::days(MEETING_LOOKBACK_DAYS));
    let dismissed: HashSet<(i64, String)> = conn
        .prepare_cached("SELECT person_id, rule FROM prompt_dismissal")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Only people with a touch that could start either rule (they reached
    // out, or you met) need their recent touches read; both come from the
    // covering index `touch_by_time`.
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, kind, channel, direction, happened_at FROM touch
         WHERE happened_at >= ?1 AND kind <> 'connected' AND person_id IN
             (SELECT person_id FROM touch WHERE happened_at >= ?1
                  AND (direction = 'in' OR channel = 'in-person' OR kind = 'meeting'))
         ORDER BY person_id, happened_at",
    )?;
    let mut rows = stmt.query([since])?;
    let mut current: Option<i64> = None;
    let mut facts: Vec<PromptFact> = Vec::new();
    // Names are looked up only for the people picked (see `Store::plan`).
    let settle = |who: i64, facts: &[PromptFact], found: &mut Vec<Candidate>| -> Result<()> {
        for finding in evaluate(facts, now) {
            let reason = match finding.rule {
                Rule::ReplyOwed => Reason::ReplyOwed,
                Rule::FollowUpAfterMeeting => Reason::MetInPerson,
                Rule::SuggestCall => continue,
            };
            if dismissed.contains(&(who, finding.rule.as_str().to_owned())) {
                continue;
            }
            found.push(Candidate {
                person: PersonId(who),
                reason,
                urgency: (now - finding.since).num_days().max(0),
                why: finding.because,
                next: match reason {
                    Reason::ReplyOwed => "Reply to them".to_owned(),
                    _ => {
                        "Follow up on your meeting: thank them, share what you promised".to_owned()
                    }
                },
                follow_up: None,
            });
        }
        Ok(())
    };
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if current != Some(id) {
            if let Some(who) = current {
                settle(who, &facts, found)?;
            }
            current = Some(id);
            facts.clear();
        }
        // CHECK constraints keep these to known identifiers.
        facts.push(PromptFact {
            kind: row.get::<_, String>(1)?.parse().unwrap_or(TouchKind::Other),
            channel: row.get::<_, String>(2)?.parse().unwrap_or(Channel::Other),
            direction: row
                .get::<_, String>(3)?
                .parse()
                .unwrap_or(Direction::Mutual),
            at: from_secs(row.get(4)?),
        });
    }
    if let Some(who) = current {
        settle(who, &facts, found)?;
    }
    Ok(())
}

/// People engaged or further along: a relationship cooling past its
/// stage's default cadence (In conversation and beyond, with no cadence of
/// their own or a circle's; those come as keep-in-touch dates), or a
/// once-active conversation quiet for [`QUIET_DAYS`] (to reconnect).
fn past_their_stage(
    conn: &Connection,
    now: DateTime<Utc>,
    day: i64,
    found: &mut Vec<Candidate>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.stage, (SELECT max(happened_at) FROM touch WHERE person_id = p.id),
                p.cadence_days IS NOT NULL OR EXISTS (SELECT 1 FROM person_tag pt JOIN tag t
                    ON t.id = pt.tag_id WHERE pt.person_id = p.id AND t.cadence_days IS NOT NULL)
         FROM person p WHERE p.stage >= ?1",
    )?;
    let rows = stmt.query_map([Stage::Engaged as i64], |r| {
        Ok((
            PersonId(r.get(0)?),
            Stage::from_number(r.get(1)?),
            r.get::<_, Option<i64>>(2)?.map(from_secs),
            r.get::<_, bool>(3)?,
        ))
    })?;
    for row in rows {
        let (person, stage, last, has_cadence) = row?;
        let Some(last) = last else { continue };
        let quiet = (now - last).num_days();
        if stage >= Stage::InConversation && !has_cadence {
            let cadence = stage.default_cadence_days();
            if Health::of(Some(last), cadence, now) != Health::Warm {
                found.push(Candidate {
                    person,
                    reason: Reason::Cooling,
                    urgency: (quiet - i64::from(cadence)) / 3,
                    why: format!("{} and quiet for {quiet} days", stage.label()),
                    next: "Get in touch before it goes cold: a message, or better, a call"
                        .to_owned(),
                    follow_up: None,
                });
            }
        }
        if quiet >= QUIET_DAYS {
            found.push(Candidate {
                person,
                reason: Reason::Reconnect,
                urgency: daily_draw(person, day),
                why: format!(
                    "You were in touch until {} months ago",
                    months_ago(last, now)
                ),
                next: "Pick up the thread: ask how things are going".to_owned(),
                follow_up: None,
            });
        }
    }
    Ok(())
}

/// Current topics of people not touched in [`TOPIC_AFTER_DAYS`] days.
fn topics(conn: &Connection, now: DateTime<Utc>, found: &mut Vec<Candidate>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.person_id, t.text, (SELECT max(happened_at) FROM touch WHERE person_id = t.person_id)
         FROM topic t WHERE t.closed_at IS NULL ORDER BY t.created_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            PersonId(r.get(0)?),
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    for row in rows {
        let (person, text, last) = row?;
        let quiet = last.map_or(TOPIC_AFTER_DAYS, |at| (now - from_secs(at)).num_days());
        if quiet >= TOPIC_AFTER_DAYS {
            found.push(Candidate {
                person,
                reason: Reason::Topic,
                urgency: quiet - TOPIC_AFTER_DAYS,
                why: format!("{text} matters to them"),
                next: format!("Ask about {text}"),
                follow_up: None,
            });
        }
    }
    Ok(())
}

/// Introductions whose latest step is [`INTRO_WAIT_DAYS`] old: the person
/// the next step waits on.
fn introductions(conn: &Connection, now: DateTime<Utc>, found: &mut Vec<Candidate>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.status, i.person_a, a.display_name, i.person_b, b.display_name,
                max(i.proposed_at, coalesce(i.asked_a_at, 0), coalesce(i.asked_b_at, 0),
                    coalesce(i.introduced_at, 0))
         FROM introduction i JOIN person a ON a.id = i.person_a JOIN person b ON b.id = i.person_b
         WHERE i.status <> 'closed'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (PersonId(r.get(1)?), r.get::<_, String>(2)?),
            (PersonId(r.get(3)?), r.get::<_, String>(4)?),
            from_secs(r.get(5)?),
        ))
    })?;
    for row in rows {
        let (status, a, b, last) = row?;
        let waited = (now - last).num_days();
        if waited < INTRO_WAIT_DAYS {
            continue;
        }
        let (who, next) = match status.as_str() {
            "proposed" => (
                &a,
                format!("Ask {} whether an introduction to {} would help", a.1, b.1),
            ),
            "asked_a" => (
                &b,
                format!("Ask {} whether they'd like to meet {}", b.1, a.1),
            ),
            "asked_b" => (&a, format!("Introduce {} and {}", a.1, b.1)),
            _ => (
                &a,
                format!("Ask {} how the introduction to {} went", a.1, b.1),
            ),
        };
        found.push(Candidate {
            person: who.0,
            reason: Reason::Introduction,
            urgency: waited,
            why: format!("An introduction has waited {waited} days for its next step"),
            next,
            follow_up: None,
        });
    }
    Ok(())
}

/// Older connections never acknowledged (past the welcome window, not set
/// aside) who have something in common with the user's world: the company
/// of someone they know well, or a tag. A day's draw of them, so the same
/// people do not come back daily.
fn dormant(
    conn: &Connection,
    now: DateTime<Utc>,
    welcome_days: u32,
    day: i64,
    found: &mut Vec<Candidate>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.company,
                (SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                 WHERE pt.person_id = p.id ORDER BY t.name LIMIT 1),
                (SELECT min(happened_at) FROM touch WHERE person_id = p.id AND kind = 'connected')
         FROM person p
         WHERE p.stage = 1 AND p.queue_dismissed_at IS NULL AND p.is_sample = 0
           AND (p.company IN (SELECT company FROM person WHERE stage >= :known AND company IS NOT NULL)
                OR EXISTS (SELECT 1 FROM person_tag WHERE person_id = p.id))
           AND NOT EXISTS (SELECT 1 FROM touch WHERE person_id = p.id AND kind = 'connected'
                           AND happened_at >= :since)
         ORDER BY (p.id * 2654435761 + :day) % 1000003
         LIMIT :draw",
    )?;
    let rows = stmt.query_map(
        named_params! {
            ":known": Stage::InConversation as i64,
            ":since": to_secs(welcome_since(now, welcome_days)),
            ":day": day,
            ":draw": RECONNECT_DRAW,
        },
        |r| {
            Ok((
                PersonId(r.get(0)?),
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<i64>>(3)?.map(from_secs),
            ))
        },
    )?;
    for row in rows {
        let (person, company, tag, connected) = row?;
        let since = connected.map_or_else(
            || "You connected".to_owned(),
            |at| format!("Connected {} months ago", months_ago(at, now)),
        );
        let common = match (tag, company) {
            (Some(tag), _) => format!("tagged {tag}"),
            (None, Some(company)) => format!("at {company}, like people you know well"),
            (None, None) => continue,
        };
        found.push(Candidate {
            person,
            reason: Reason::Reconnect,
            urgency: daily_draw(person, day),
            why: format!("{since}, never a personal word; {common}"),
            next: "Send a short personal note to reconnect".to_owned(),
            follow_up: None,
        });
    }
    Ok(())
}

/// The channel last used with a person (any direction), else `other`.
fn last_channel(conn: &Connection, person: PersonId) -> Result<Channel> {
    let channel: Option<String> = conn
        .query_row(
            "SELECT channel FROM touch WHERE person_id = ?1 AND kind <> 'connected'
             ORDER BY happened_at DESC LIMIT 1",
            [person.0],
            |r| r.get(0),
        )
        .optional()?;
    Ok(channel
        .and_then(|c| c.parse().ok())
        .unwrap_or(Channel::Other))
}

/// Items with a touch from the user (not one where they reached out)
/// logged after they were planned (a later second: what an import wrote in
/// the second the plan was made came before it) and before their day ended
/// count as done.
fn settle_done(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE plan_item SET done_at = (SELECT min(t.created_at) FROM touch t
             WHERE t.person_id = plan_item.person_id AND t.created_at > plan_item.created_at
               AND t.created_at <= plan_item.ends_at AND t.kind <> 'connected' AND t.direction <> 'in')
         WHERE done_at IS NULL AND skipped_at IS NULL AND EXISTS (SELECT 1 FROM touch t
             WHERE t.person_id = plan_item.person_id AND t.created_at > plan_item.created_at
               AND t.created_at <= plan_item.ends_at AND t.kind <> 'connected' AND t.direction <> 'in')",
        [],
    )?;
    Ok(())
}

/// Days in a row up to `today` (or the day before, while today is open) on
/// which the plan had someone and all of them were done.
fn streak(conn: &Connection, today: NaiveDate) -> Result<u32> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, count(*), count(done_at) FROM plan_item WHERE skipped_at IS NULL
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
        let draft = TouchDraft::new(
            who,
            kind,
            Channel::Linkedin,
            direction,
            t0() - Duration::days(days_ago),
            None,
        )
        .unwrap();
        store
            .log_touch(&draft, t0() - Duration::days(days_ago))
            .unwrap();
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
