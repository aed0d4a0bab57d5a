//! Part of the store's floor: today's plan's candidates, one bounded query
//! per reason (recent touches through their time index, people past a stage
//! through the person table, never everyone's whole history).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{named_params, params, Connection, OptionalExtension};

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

/// Everyone marked as deceased: never in a plan.
pub(crate) fn deceased(conn: &Connection) -> Result<HashSet<PersonId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM person WHERE deceased = 1")?;
    let ids = stmt
        .query_map([], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// A touch's facts as the prompt rules read them, from its kind, channel
/// and direction in three columns from `first` (CHECK constraints keep them
/// to known identifiers).
fn fact(row: &rusqlite::Row<'_>, first: usize, at: i64) -> rusqlite::Result<PromptFact> {
    let text = |i: usize| -> rusqlite::Result<&str> {
        Ok(row.get_ref(first + i)?.as_str().unwrap_or_default())
    };
    Ok(PromptFact {
        kind: text(0)?.parse().unwrap_or(TouchKind::Other),
        channel: text(1)?.parse().unwrap_or(Channel::Other),
        direction: text(2)?.parse().unwrap_or(Direction::Mutual),
        at: from_secs(at),
    })
}

/// Replies owed and meetings not followed up, from the last
/// [`MEETING_LOOKBACK_DAYS`] days of touches only (both rules look no
/// further back), minus dismissed prompts.
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
    // Both rules read only a person's latest touches (`evaluate` looks at
    // the last one and whether a meeting is as late): one row a person of
    // `touch_latest`. Someone with a touch dated after now has their touches
    // up to now read instead.
    let mut latest = conn.prepare_cached(
        "SELECT person_id, said_kind, said_channel, said_direction, said_at, met_at
         FROM touch_latest WHERE said_at >= ?1",
    )?;
    let mut rows = latest.query([since])?;
    let mut ahead: Vec<i64> = Vec::new();
    let mut facts: Vec<PromptFact> = Vec::with_capacity(2);
    while let Some(row) = rows.next()? {
        let who: i64 = row.get(0)?;
        let at: i64 = row.get(4)?;
        if at > to_secs(now) {
            ahead.push(who);
            continue;
        }
        facts.clear();
        // Met in person at the same second as the latest touch: the
        // meeting counts as nothing after it.
        if row.get::<_, Option<i64>>(5)? == Some(at) {
            facts.push(PromptFact {
                kind: TouchKind::Meeting,
                channel: Channel::InPerson,
                direction: Direction::Mutual,
                at: from_secs(at),
            });
        }
        facts.push(fact(row, 1, at)?);
        settle(who, &facts, found)?;
    }
    let mut up_to_now = conn.prepare_cached(
        "SELECT kind, channel, direction, happened_at FROM touch
         WHERE person_id = ?1 AND happened_at BETWEEN ?2 AND ?3 AND kind <> 'connected'
         ORDER BY happened_at, id",
    )?;
    for who in ahead {
        let facts = up_to_now
            .query_map(params![who, since, to_secs(now)], |r| fact(r, 0, r.get(3)?))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
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
        "SELECT p.id, p.stage, (SELECT last_at FROM touch_latest WHERE person_id = p.id),
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
        "SELECT t.person_id, t.text, (SELECT last_at FROM touch_latest WHERE person_id = t.person_id)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonDraft;
    use crate::store::tests::t0;
    use crate::store::{lock, Store};

    /// `touch_latest` as it should be, read from the touches themselves.
    const RECOMPUTED: &str = "
        SELECT p.person_id, p.last_at, s.happened_at, s.kind, s.channel, s.direction,
               (SELECT max(m.happened_at) FROM touch m
                 WHERE m.person_id = p.person_id AND (m.kind = 'meeting' OR m.channel = 'in-person'))
        FROM (SELECT person_id, max(happened_at) AS last_at FROM touch GROUP BY person_id) p
        LEFT JOIN (SELECT person_id, happened_at, kind, channel, direction,
                          row_number() OVER (PARTITION BY person_id ORDER BY happened_at DESC, id DESC) AS n
                     FROM touch WHERE kind <> 'connected') s
               ON s.person_id = p.person_id AND s.n = 1
        ORDER BY p.person_id";

    type Row = (
        i64,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
    );

    fn rows(conn: &Connection, sql: &str) -> Vec<Row> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// A small generator, so a failing sequence is the same every run.
    struct Draw(u64);

    impl Draw {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn with_people(n: usize) -> (Store, Vec<i64>) {
        let store = Store::open_in_memory().unwrap();
        let ids = (0..n)
            .map(|i| {
                store
                    .create_person(&PersonDraft::named(&format!("P{i}")).unwrap(), t0())
                    .unwrap()
                    .0
            })
            .collect();
        (store, ids)
    }

    /// Adds a touch at `t0` plus `hours` (few distinct times, so ties).
    fn add_touch(conn: &Connection, draw: &mut Draw, people: &[i64], hours: i64) {
        let kind = TouchKind::ALL[draw.below(TouchKind::ALL.len())];
        let channel = Channel::ALL[draw.below(Channel::ALL.len())];
        let direction = Direction::ALL[draw.below(Direction::ALL.len())];
        conn.execute(
            "INSERT INTO touch (person_id, kind, channel, direction, happened_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)",
            params![
                people[draw.below(people.len())],
                kind.as_str(),
                channel.as_str(),
                direction.as_str(),
                to_secs(t0() + Duration::hours(hours))
            ],
        )
        .unwrap();
    }

    #[test]
    fn each_persons_latest_touches_stay_true_through_every_change() {
        let (store, people) = with_people(4);
        let conn = lock(&store.writer);
        let mut draw = Draw(0x9e37_79b9_7f4a_7c15);
        for step in 0..600 {
            let ids: Vec<i64> = conn
                .prepare("SELECT id FROM touch")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let any = |draw: &mut Draw| ids[draw.below(ids.len())];
            let op = if ids.len() < 3 { 0 } else { draw.below(6) };
            match op {
                0 | 1 => {
                    let hours = draw.below(6) as i64;
                    add_touch(&conn, &mut draw, &people, hours);
                }
                2 => {
                    conn.execute("DELETE FROM touch WHERE id = ?1", [any(&mut draw)])
                        .unwrap();
                }
                3 => {
                    let at = to_secs(t0() + Duration::hours(draw.below(6) as i64));
                    conn.execute(
                        "UPDATE touch SET happened_at = ?2 WHERE id = ?1",
                        params![any(&mut draw), at],
                    )
                    .unwrap();
                }
                4 => {
                    let kind = TouchKind::ALL[draw.below(TouchKind::ALL.len())];
                    let channel = Channel::ALL[draw.below(Channel::ALL.len())];
                    conn.execute(
                        "UPDATE touch SET kind = ?2, channel = ?3 WHERE id = ?1",
                        params![any(&mut draw), kind.as_str(), channel.as_str()],
                    )
                    .unwrap();
                }
                _ => {
                    let to = people[draw.below(people.len())];
                    conn.execute(
                        "UPDATE touch SET person_id = ?2, direction = 'in' WHERE id = ?1",
                        params![any(&mut draw), to],
                    )
                    .unwrap();
                }
            }
            assert_eq!(
                rows(&conn, "SELECT * FROM touch_latest ORDER BY person_id"),
                rows(&conn, RECOMPUTED),
                "after step {step}"
            );
        }
        // A person deleted takes their touches and their row.
        conn.execute("DELETE FROM person WHERE id = ?1", [people[0]])
            .unwrap();
        assert_eq!(
            rows(&conn, "SELECT * FROM touch_latest ORDER BY person_id"),
            rows(&conn, RECOMPUTED)
        );
        assert!(rows(&conn, RECOMPUTED).iter().all(|r| r.0 != people[0]));
    }

    #[test]
    fn met_in_person_is_the_rule_the_prompts_use() {
        let (store, people) = with_people(1);
        let conn = lock(&store.writer);
        for kind in TouchKind::ALL {
            for channel in Channel::ALL {
                conn.execute("DELETE FROM touch", []).unwrap();
                conn.execute(
                    "INSERT INTO touch (person_id, kind, channel, direction, happened_at, created_at)
                     VALUES (?1, ?2, ?3, 'out', 0, 0)",
                    params![people[0], kind.as_str(), channel.as_str()],
                )
                .unwrap();
                let met: Option<i64> = conn
                    .query_row("SELECT met_at FROM touch_latest", [], |r| r.get(0))
                    .unwrap();
                let fact = PromptFact {
                    kind: *kind,
                    channel: *channel,
                    direction: Direction::Out,
                    at: from_secs(0),
                };
                assert_eq!(met.is_some(), fact.in_person(), "{kind:?} {channel:?}");
            }
        }
    }

    /// What the plan found of a person, comparable.
    fn found_of(found: &[Candidate]) -> Vec<(i64, String, String, i64)> {
        let mut of: Vec<_> = found
            .iter()
            .map(|c| {
                (
                    c.person.0,
                    format!("{:?}", c.reason),
                    c.why.clone(),
                    c.urgency,
                )
            })
            .collect();
        of.sort();
        of
    }

    #[test]
    fn replies_owed_and_meetings_are_found_from_the_latest_touches_as_from_all() {
        let (store, people) = with_people(40);
        let conn = lock(&store.writer);
        let mut draw = Draw(0x2545_f491_4f6c_dd1d);
        // A few touches each, from 120 days before `now` to 10 days after
        // it, every ten days, so many fall on the same second.
        let now = t0() + Duration::days(120);
        for _ in 0..400 {
            let hours = draw.below(14) as i64 * 240;
            add_touch(&conn, &mut draw, &people, hours);
        }
        // Someone met twenty days ago who wrote at the same second, last.
        let twenty_days_ago = to_secs(now - Duration::days(20));
        conn.execute(
            "DELETE FROM touch WHERE person_id = ?1 AND happened_at >= ?2",
            params![people[0], twenty_days_ago],
        )
        .unwrap();
        for (kind, channel, direction) in
            [("meeting", "in-person", "mutual"), ("email", "email", "in")]
        {
            conn.execute(
                "INSERT INTO touch (person_id, kind, channel, direction, happened_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0)",
                params![people[0], kind, channel, direction, twenty_days_ago],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO prompt_dismissal (person_id, rule, dismissed_at) VALUES (?1, 'reply-owed', 0)",
            [people[3]],
        )
        .unwrap();
        let mut found = Vec::new();
        recent_prompts(&conn, now, &mut found).unwrap();

        // Every touch of the last 90 days up to now, in the order recorded.
        let since = to_secs(now - Duration::days(MEETING_LOOKBACK_DAYS));
        let mut expected = Vec::new();
        for who in &people {
            let mut stmt = conn
                .prepare(
                    "SELECT kind, channel, direction, happened_at FROM touch
                     WHERE person_id = ?1 AND happened_at >= ?2 ORDER BY id",
                )
                .unwrap();
            let facts: Vec<PromptFact> = stmt
                .query_map(params![who, since], |r| fact(r, 0, r.get(3)?))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for finding in evaluate(&facts, now) {
                let reason = match finding.rule {
                    Rule::ReplyOwed if *who == people[3] => continue,
                    Rule::ReplyOwed => Reason::ReplyOwed,
                    Rule::FollowUpAfterMeeting => Reason::MetInPerson,
                    Rule::SuggestCall => continue,
                };
                expected.push((
                    *who,
                    format!("{reason:?}"),
                    finding.because,
                    (now - finding.since).num_days().max(0),
                ));
            }
        }
        expected.sort();
        for reason in ["ReplyOwed", "MetInPerson"] {
            assert!(expected.iter().any(|e| e.1 == reason), "{expected:?}");
        }
        assert_eq!(found_of(&found), expected);
    }
}
