//! Part of the store's floor: today's plan's candidates, one bounded query
//! per reason (recent touches through their time index, people past a stage
//! through the person table, never everyone's whole history).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{named_params, Connection, OptionalExtension};

use super::rows::welcome_since;
use super::{from_secs, to_secs, Result};
use crate::domain::{Channel, Direction, PersonId, TouchKind};
use crate::plan::{daily_draw, Candidate, Reason};
use crate::prompts::{evaluate, PromptFact, Rule, MEETING_LOOKBACK_DAYS};
use crate::stage::{Health, Stage};

/// How long a once-active conversation must be quiet to be worth
/// reconnecting.
pub const QUIET_DAYS: i64 = 180;

/// How long after the last touch a current topic is worth asking about.
pub const TOPIC_AFTER_DAYS: i64 = 21;

/// How long an introduction's step may wait before the next is due.
pub const INTRO_WAIT_DAYS: i64 = 3;

pub(crate) fn months_ago(at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    ((now - at).num_days() / 30).max(1)
}

/// People set aside ("not for a month") until after `now`.
pub(crate) fn set_aside(conn: &Connection, now: DateTime<Utc>) -> Result<HashSet<PersonId>> {
    let mut stmt = conn.prepare_cached("SELECT person_id FROM plan_set_aside WHERE until > ?1")?;
    let set = stmt
        .query_map([to_secs(now)], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(set)
}

/// Replies owed and meetings not followed up, from the last
/// [`MEETING_LOOKBACK_DAYS`] days of touches only (both rules look no
/// further back), minus dismissed prompts.
/// Everyone marked as deceased: never in a plan.
pub(crate) fn deceased(conn: &Connection) -> Result<HashSet<PersonId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM person WHERE deceased = 1")?;
    let ids = stmt
        .query_map([], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub(crate) fn recent_prompts(
    conn: &Connection,
    now: DateTime<Utc>,
    found: &mut Vec<Candidate>,
) -> Result<()> {
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
pub(crate) fn past_their_stage(
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
pub(crate) fn topics(
    conn: &Connection,
    now: DateTime<Utc>,
    found: &mut Vec<Candidate>,
) -> Result<()> {
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
pub(crate) fn introductions(
    conn: &Connection,
    now: DateTime<Utc>,
    found: &mut Vec<Candidate>,
) -> Result<()> {
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
pub(crate) fn dormant(
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
pub(crate) fn last_channel(conn: &Connection, person: PersonId) -> Result<Channel> {
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

/// Dormant connections drawn each day for the reconnect reason.
const RECONNECT_DRAW: i64 = 30;
