//! What matters to people and how help flows between them: topics, asks
//! and offers with suggested introductions, the introduction workflow, and
//! the help ledger.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::follow_up_rows::insert_follow_up;
use super::rows::insert_touch_row;
use super::rows::refresh_stage;
use super::rows::{clean, ensure_person};
use super::rows::{insert_need, insert_topic};
use super::search::reindex;
use super::{from_secs, to_secs, Result, Store, StoreError};
use crate::domain::{
    required_text, Channel, Direction, FollowUpDraft, FollowUpId, HelpDirection, HelpEntry,
    InputError, IntroId, IntroStatus, IntroStep, Introduction, Ledger, Need, NeedDraft, NeedId,
    Outcome, PersonId, Side, Topic, TopicId, TouchDraft, TouchId, TouchKind, MAX_SHORT_CHARS,
};
use crate::matching::{suggest, Suggestion};
use crate::when::{LocalIntent, Zone};

/// When a reminder about an introduction is set: at nine in the morning.
const INTRO_REMINDER_HOUR: u32 = 9;

const NEED_COLUMNS: &str =
    "n.id, n.person_id, p.display_name, n.side, n.text, n.tags, n.created_at";

fn need_from_row(row: &Row<'_>) -> rusqlite::Result<Need> {
    let side: String = row.get(3)?;
    let tags: String = row.get(5)?;
    Ok(Need {
        id: NeedId(row.get(0)?),
        person: PersonId(row.get(1)?),
        person_name: row.get(2)?,
        side: side.parse().unwrap_or(Side::Ask),
        text: row.get(4)?,
        tags: tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        created_at: from_secs(row.get(6)?),
    })
}

const INTRO_COLUMNS: &str = "i.id, i.person_a, a.display_name, i.person_b, b.display_name, i.why,
    i.status, i.outcome, i.proposed_at, i.asked_a_at, i.asked_b_at, i.introduced_at, i.outcome_at";

const INTRO_FROM: &str =
    "FROM introduction i JOIN person a ON a.id = i.person_a JOIN person b ON b.id = i.person_b";

fn intro_from_row(row: &Row<'_>) -> rusqlite::Result<Introduction> {
    let status: String = row.get(6)?;
    let outcome: Option<String> = row.get(7)?;
    let at = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(row.get::<_, Option<i64>>(i)?.map(from_secs))
    };
    Ok(Introduction {
        id: IntroId(row.get(0)?),
        a: (PersonId(row.get(1)?), row.get(2)?),
        b: (PersonId(row.get(3)?), row.get(4)?),
        why: row.get(5)?,
        status: status.parse().unwrap_or(IntroStatus::Proposed),
        outcome: outcome.and_then(|o| o.parse().ok()),
        proposed_at: from_secs(row.get(8)?),
        asked_a_at: at(9)?,
        asked_b_at: at(10)?,
        introduced_at: at(11)?,
        outcome_at: at(12)?,
    })
}

fn load_intro(conn: &Connection, id: IntroId) -> Result<Introduction> {
    conn.query_row(
        &format!("SELECT {INTRO_COLUMNS} {INTRO_FROM} WHERE i.id = ?1"),
        [id.0],
        intro_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "introduction",
        id: id.0,
    })
}

fn not_found(what: &'static str, id: i64) -> impl Fn(rusqlite::Error) -> StoreError {
    move |e| match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound { what, id },
        other => other.into(),
    }
}

/// Logs a touch for a person and keeps their search entry and stage current.
fn touch(
    conn: &Connection,
    person: PersonId,
    kind: TouchKind,
    direction: Direction,
    summary: &str,
    now: DateTime<Utc>,
) -> Result<TouchId> {
    let summary: String = summary.chars().take(MAX_SHORT_CHARS).collect();
    let draft = TouchDraft::new(person, kind, Channel::Other, direction, now, Some(&summary))?;
    let id = insert_touch_row(conn, &draft, now)?;
    reindex(conn, person)?;
    refresh_stage(conn, person, now)?;
    Ok(id)
}

impl Store {
    /// Adds something that matters to a person.
    pub fn add_topic(&self, person: PersonId, text: &str, now: DateTime<Utc>) -> Result<TopicId> {
        let text = Topic::text(text)?;
        self.write(|tx| {
            ensure_person(tx, person)?;
            insert_topic(tx, person, &text, now)
        })
    }

    /// Marks a topic as no longer current (kept for the record).
    pub fn close_topic(&self, id: TopicId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.query_row(
                "UPDATE topic SET closed_at = coalesce(closed_at, ?2) WHERE id = ?1 RETURNING id",
                params![id.0, to_secs(now)],
                |_| Ok(()),
            )
            .map_err(not_found("topic", id.0))
        })
    }

    /// A person's topics, current ones first, newest first within each.
    pub fn topics(&self, person: PersonId) -> Result<Vec<Topic>> {
        self.read(|conn| {
            ensure_person(conn, person)?;
            let mut stmt = conn.prepare_cached(
                "SELECT id, person_id, text, created_at, closed_at FROM topic WHERE person_id = ?1
                 ORDER BY closed_at IS NOT NULL, created_at DESC, id DESC",
            )?;
            let topics = stmt
                .query_map([person.0], |r| {
                    Ok(Topic {
                        id: TopicId(r.get(0)?),
                        person: PersonId(r.get(1)?),
                        text: r.get(2)?,
                        created_at: from_secs(r.get(3)?),
                        closed_at: r.get::<_, Option<i64>>(4)?.map(from_secs),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(topics)
        })
    }

    /// Records an ask or an offer.
    pub fn add_need(&self, draft: &NeedDraft, now: DateTime<Utc>) -> Result<NeedId> {
        self.write(|tx| {
            ensure_person(tx, draft.person)?;
            insert_need(tx, draft, now)
        })
    }

    /// Closes an ask or offer (met, or no longer true).
    pub fn close_need(&self, id: NeedId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.query_row(
                "UPDATE ask_offer SET closed_at = coalesce(closed_at, ?2) WHERE id = ?1 RETURNING id",
                params![id.0, to_secs(now)],
                |_| Ok(()),
            )
            .map_err(not_found("ask or offer", id.0))
        })
    }

    /// Open asks and offers: one person's, or everyone's.
    pub fn needs(&self, person: Option<PersonId>) -> Result<Vec<Need>> {
        self.read(|conn| {
            if let Some(person) = person {
                ensure_person(conn, person)?;
            }
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {NEED_COLUMNS} FROM ask_offer n JOIN person p ON p.id = n.person_id
                 WHERE n.closed_at IS NULL AND (?1 IS NULL OR n.person_id = ?1)
                 ORDER BY n.side, n.created_at DESC, n.id DESC"
            ))?;
            let needs = stmt
                .query_map([person.map(|p| p.0)], need_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(needs)
        })
    }

    /// One ask or offer, open or closed.
    pub fn need(&self, id: NeedId) -> Result<Need> {
        self.read(|conn| {
            conn.prepare_cached(&format!(
                "SELECT {NEED_COLUMNS} FROM ask_offer n JOIN person p ON p.id = n.person_id
                 WHERE n.id = ?1"
            ))?
            .query_row([id.0], need_from_row)
            .map_err(not_found("ask or offer", id.0))
        })
    }

    /// The open offers that match an ask, best match first (the rule of
    /// [`crate::matching`]), leaving out the asker's own and those of
    /// people no longer with us.
    pub fn offers_for(&self, ask: &Need, limit: usize) -> Result<Vec<Suggestion>> {
        let deceased = self.read(super::candidates::deceased)?;
        let mut needs: Vec<Need> = self
            .needs(None)?
            .into_iter()
            .filter(|n| n.side == Side::Offer && !deceased.contains(&n.person))
            .collect();
        needs.push(ask.clone());
        Ok(suggest(&needs, |_, _| false, limit))
    }

    /// Introductions worth making: open asks matched with open offers of
    /// people not yet introduced to each other nor linked, best first.
    pub fn suggest_introductions(&self, limit: usize) -> Result<Vec<Suggestion>> {
        let needs = self.needs(None)?;
        // Nobody marked as deceased is suggested, on either side.
        let deceased = self.read(super::candidates::deceased)?;
        let needs: Vec<_> = needs
            .into_iter()
            .filter(|n| !deceased.contains(&n.person))
            .collect();
        let pairs: std::collections::HashSet<(i64, i64)> = self.read(|conn| {
            // Introduced already, or linked: they know each other.
            let mut stmt = conn.prepare_cached(
                "SELECT person_a, person_b FROM introduction
                 UNION SELECT from_id, to_id FROM link",
            )?;
            let pairs = stmt
                .query_map([], |r| {
                    let (a, b): (i64, i64) = (r.get(0)?, r.get(1)?);
                    Ok((a.min(b), a.max(b)))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(pairs)
        })?;
        let mut found = suggest(
            &needs,
            |a, b| pairs.contains(&(a.0.min(b.0), a.0.max(b.0))),
            limit,
        );
        // The path between the two: people linked to both, closest first.
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "WITH near_a AS (SELECT to_id AS p FROM link WHERE from_id = ?1
                                 UNION SELECT from_id FROM link WHERE to_id = ?1),
                      near_b AS (SELECT to_id AS p FROM link WHERE from_id = ?2
                                 UNION SELECT from_id FROM link WHERE to_id = ?2)
                 SELECT p.display_name FROM near_a JOIN near_b USING (p)
                 JOIN person p ON p.id = near_a.p
                 WHERE p.deceased = 0
                 ORDER BY p.stage DESC, p.display_name COLLATE NOCASE LIMIT 3",
            )?;
            for s in &mut found {
                let (a, b) = s.people();
                s.knows_both = stmt
                    .query_map([a.0, b.0], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// Proposes introducing `a` to `b`, for the reason `why`.
    pub fn propose_introduction(
        &self,
        a: PersonId,
        b: PersonId,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<IntroId> {
        if a == b {
            return Err(InputError::IntroToSelf.into());
        }
        let why = required_text(why, "why", MAX_SHORT_CHARS)?;
        self.write(|tx| {
            ensure_person(tx, a)?;
            ensure_person(tx, b)?;
            tx.execute(
                "INSERT INTO introduction (person_a, person_b, why, proposed_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![a.0, b.0, clean(&why), to_secs(now)],
            )?;
            Ok(IntroId(tx.last_insert_rowid()))
        })
    }

    /// Takes the next step of an introduction. Making the introduction logs
    /// an `intro` touch for both people (help given, which counts toward
    /// Trusted). With `remind_in_days`, a follow-up is set on the person the
    /// next step waits for (the first person while asking them, else the
    /// second), at nine in the morning, floating with the user's zone.
    pub fn advance_introduction(
        &self,
        id: IntroId,
        step: IntroStep,
        remind_in_days: Option<u32>,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<(Introduction, Option<FollowUpId>)> {
        self.write(|tx| {
            let intro = load_intro(tx, id)?;
            let in_order = match step {
                IntroStep::Close(_) => intro.status != IntroStatus::Closed,
                _ => intro.status.next() == Some(step.status()),
            };
            if !in_order {
                return Err(InputError::IntroOutOfOrder {
                    status: intro.status.label(),
                    next: intro.status.next_steps(),
                }
                .into());
            }
            let secs = to_secs(now);
            match step {
                IntroStep::AskA => {
                    tx.execute(
                        "UPDATE introduction SET status = 'asked_a', asked_a_at = ?2 WHERE id = ?1",
                        params![id.0, secs],
                    )?;
                }
                IntroStep::AskB => {
                    tx.execute(
                        "UPDATE introduction SET status = 'asked_b', asked_b_at = ?2 WHERE id = ?1",
                        params![id.0, secs],
                    )?;
                }
                IntroStep::Introduce => {
                    tx.execute(
                        "UPDATE introduction SET status = 'introduced', introduced_at = ?2 WHERE id = ?1",
                        params![id.0, secs],
                    )?;
                    let (a, a_name) = &intro.a;
                    let (b, b_name) = &intro.b;
                    let why = &intro.why;
                    touch(tx, *a, TouchKind::Intro, Direction::Out, &format!("Introduced to {b_name}: {why}"), now)?;
                    touch(tx, *b, TouchKind::Intro, Direction::Out, &format!("Introduced to {a_name}: {why}"), now)?;
                    // They know each other now, through you.
                    let link = crate::domain::LinkDraft::new(*a, *b, crate::domain::LinkKind::IntroducedByYou, None, None)?;
                    tx.execute(
                        "INSERT OR IGNORE INTO link (from_id, to_id, kind, since, created_at, updated_at)
                         VALUES (?1, ?2, 'introduced-by-you', ?3, ?4, ?4)",
                        params![link.from.0, link.to.0, now.date_naive().to_string(), secs],
                    )?;
                }
                IntroStep::Close(outcome) => {
                    tx.execute(
                        "UPDATE introduction SET status = 'closed', outcome = ?2, outcome_at = ?3
                         WHERE id = ?1",
                        params![id.0, outcome.as_str(), secs],
                    )?;
                }
            }
            // The question the previous step left open is answered now.
            tx.execute(
                "UPDATE follow_up SET status = 'done', done_at = ?2, pending_since = NULL
                 WHERE status = 'open'
                   AND id = (SELECT follow_up_id FROM introduction WHERE id = ?1)",
                params![id.0, secs],
            )?;
            let follow_up = match remind_in_days {
                Some(days) if !matches!(step, IntroStep::Close(_)) => {
                    let (person, what) = intro_reminder(&intro, step);
                    let day = (now.with_timezone(&zone) + Duration::days(i64::from(days.min(3650))))
                        .date_naive();
                    let at = day.and_time(NaiveTime::from_hms_opt(INTRO_REMINDER_HOUR, 0, 0).unwrap_or_default());
                    let draft = FollowUpDraft::new(person, &what, LocalIntent::new(at, Zone::Floating), None)?;
                    Some(insert_follow_up(tx, &draft, zone, now)?)
                }
                _ => None,
            };
            tx.execute(
                "UPDATE introduction SET follow_up_id = ?2 WHERE id = ?1",
                params![id.0, follow_up.map(|f| f.0)],
            )?;
            Ok((load_intro(tx, id)?, follow_up))
        })
    }

    /// One introduction.
    pub fn introduction(&self, id: IntroId) -> Result<Introduction> {
        self.read(|conn| load_intro(conn, id))
    }

    /// Introductions: one person's (as either side) or everyone's; open
    /// ones first, newest first.
    pub fn introductions(&self, person: Option<PersonId>) -> Result<Vec<Introduction>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {INTRO_COLUMNS} {INTRO_FROM}
                 WHERE ?1 IS NULL OR i.person_a = ?1 OR i.person_b = ?1
                 ORDER BY i.status = 'closed', i.proposed_at DESC, i.id DESC"
            ))?;
            let intros = stmt
                .query_map([person.map(|p| p.0)], intro_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(intros)
        })
    }

    /// Records help given to or received from a person (a favour, advice):
    /// a `help` touch, which counts toward Trusted.
    pub fn log_help(
        &self,
        person: PersonId,
        direction: HelpDirection,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<TouchId> {
        let text = required_text(text, "what the help was", MAX_SHORT_CHARS)?;
        let direction = match direction {
            HelpDirection::Given => Direction::Out,
            HelpDirection::Received => Direction::In,
        };
        self.write(|tx| {
            ensure_person(tx, person)?;
            touch(tx, person, TouchKind::Help, direction, &text, now)
        })
    }

    /// Help given and received with one person, newest first, with the
    /// balance. Introductions you made for them count as help given; a
    /// `mutual` help touch counts both ways.
    pub fn ledger(&self, person: PersonId) -> Result<Ledger> {
        self.read(|conn| {
            ensure_person(conn, person)?;
            let mut stmt = conn.prepare_cached(
                "SELECT id, kind, direction, summary, happened_at FROM touch
                 WHERE person_id = ?1 AND kind IN ('help', 'intro')
                 ORDER BY happened_at DESC, id DESC",
            )?;
            let mut ledger = Ledger::default();
            let rows = stmt.query_map([person.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?;
            for row in rows {
                let (id, kind, direction, text, at) = row?;
                let directions: &[HelpDirection] = match direction.as_str() {
                    "out" => &[HelpDirection::Given],
                    "in" => &[HelpDirection::Received],
                    _ => &[HelpDirection::Given, HelpDirection::Received],
                };
                for direction in directions {
                    match direction {
                        HelpDirection::Given => ledger.given += 1,
                        HelpDirection::Received => ledger.received += 1,
                    }
                    ledger.entries.push(HelpEntry {
                        touch: TouchId(id),
                        direction: *direction,
                        is_introduction: kind == "intro",
                        text: text.clone(),
                        at: from_secs(at),
                    });
                }
            }
            Ok(ledger)
        })
    }
}

/// Who a reminder after `step` is about, and what it says.
fn intro_reminder(intro: &Introduction, step: IntroStep) -> (PersonId, String) {
    let (a, a_name) = &intro.a;
    let (b, b_name) = &intro.b;
    match step {
        IntroStep::AskA => (*a, format!("Did {a_name} reply about meeting {b_name}?")),
        IntroStep::AskB => (*b, format!("Did {b_name} reply about meeting {a_name}?")),
        _ => (*a, format!("How did the introduction to {b_name} go?")),
    }
}

impl From<Outcome> for IntroStep {
    fn from(outcome: Outcome) -> Self {
        IntroStep::Close(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::Stage;
    use crate::store::tests::t0;
    use crate::{PersonDraft, TouchKind};
    use chrono_tz::Europe::Berlin;

    fn person(store: &Store, name: &str) -> PersonId {
        store
            .create_person(&PersonDraft::named(name).unwrap(), t0())
            .unwrap()
    }

    #[test]
    fn topics_list_current_ones_first() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        let old = store.add_topic(ada, "Kid's exams", t0()).unwrap();
        store
            .add_topic(ada, "New job", t0() + Duration::days(1))
            .unwrap();
        store.close_topic(old, t0() + Duration::days(2)).unwrap();
        let topics = store.topics(ada).unwrap();
        assert_eq!(topics[0].text, "New job");
        assert_eq!(topics[1].text, "Kid's exams");
        assert!(topics[1].closed_at.is_some());
        assert!(matches!(
            store.close_topic(TopicId(999), t0()),
            Err(StoreError::NotFound { what: "topic", .. })
        ));
    }

    #[test]
    fn asks_and_offers_suggest_an_introduction_until_it_is_proposed() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        let grace = person(&store, "Grace");
        let ask = NeedDraft::new(ada, Side::Ask, "A Rust contractor", &["rust"]).unwrap();
        let offer = NeedDraft::new(grace, Side::Offer, "Rust consulting", &["rust"]).unwrap();
        store.add_need(&ask, t0()).unwrap();
        store.add_need(&offer, t0()).unwrap();
        let found = store.suggest_introductions(10).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].people(), (ada, grace));
        assert_eq!(found[0].ask.tags, vec!["rust"]);
        // Someone who has died is suggested to nobody, and back when unmarked.
        store.set_deceased(grace, true, t0()).unwrap();
        assert!(store.suggest_introductions(10).unwrap().is_empty());
        store.set_deceased(grace, false, t0()).unwrap();
        assert_eq!(store.suggest_introductions(10).unwrap().len(), 1);
        // People who already know each other need no introduction.
        let link =
            crate::domain::LinkDraft::new(grace, ada, crate::domain::LinkKind::Friend, None, None)
                .unwrap();
        store.link(&link, t0()).unwrap();
        assert!(store.suggest_introductions(10).unwrap().is_empty());
        store.unlink(ada, grace, None).unwrap();
        assert_eq!(store.suggest_introductions(10).unwrap().len(), 1);
        // Someone who knows both is the path between them.
        let linus = person(&store, "Linus");
        for other in [ada, grace] {
            let link = crate::domain::LinkDraft::new(
                linus,
                other,
                crate::domain::LinkKind::Colleague,
                None,
                None,
            )
            .unwrap();
            store.link(&link, t0()).unwrap();
        }
        let found = store.suggest_introductions(10).unwrap();
        assert_eq!(found[0].knows_both, ["Linus"]);
        assert!(found[0].explain().ends_with("; Linus knows both"));

        store
            .propose_introduction(grace, ada, "Rust", t0())
            .unwrap();
        assert!(store.suggest_introductions(10).unwrap().is_empty());
    }

    #[test]
    fn a_closed_need_no_longer_matches() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        let grace = person(&store, "Grace");
        let ask = store
            .add_need(
                &NeedDraft::new::<&str>(ada, Side::Ask, "Rust reviews", &[]).unwrap(),
                t0(),
            )
            .unwrap();
        store
            .add_need(
                &NeedDraft::new::<&str>(grace, Side::Offer, "Rust reviews", &[]).unwrap(),
                t0(),
            )
            .unwrap();
        store.close_need(ask, t0()).unwrap();
        assert!(store.suggest_introductions(10).unwrap().is_empty());
        assert_eq!(store.needs(Some(ada)).unwrap().len(), 0);
    }

    #[test]
    fn an_introduction_walks_the_double_opt_in_and_touches_both() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        let grace = person(&store, "Grace");
        let id = store
            .propose_introduction(ada, grace, "Both build compilers", t0())
            .unwrap();

        let out_of_order = store.advance_introduction(id, IntroStep::Introduce, None, Berlin, t0());
        assert!(matches!(
            out_of_order,
            Err(StoreError::Input(InputError::IntroOutOfOrder { .. }))
        ));

        let (intro, reminder) = store
            .advance_introduction(id, IntroStep::AskA, Some(3), Berlin, t0())
            .unwrap();
        assert_eq!(intro.status, IntroStatus::AskedA);
        let reminder = store.follow_up(reminder.unwrap()).unwrap();
        assert_eq!(reminder.person, ada);
        assert_eq!(reminder.what, "Did Ada reply about meeting Grace?");
        assert_eq!(reminder.due.local.to_string(), "2026-03-04 09:00:00");

        let first = reminder.id;
        store
            .advance_introduction(id, IntroStep::AskB, None, Berlin, t0() + Duration::days(1))
            .unwrap();
        // Taking the next step answers the question the reminder asked.
        assert_eq!(
            store.follow_up(first).unwrap().status,
            crate::domain::FollowUpStatus::Done
        );
        let later = t0() + Duration::days(2);
        let (intro, _) = store
            .advance_introduction(id, IntroStep::Introduce, None, Berlin, later)
            .unwrap();
        assert_eq!(intro.status, IntroStatus::Introduced);
        assert_eq!(intro.introduced_at, Some(later));
        for (who, other) in [(ada, "Grace"), (grace, "Ada")] {
            let touches = store.touches(who).unwrap();
            assert_eq!(touches[0].kind, TouchKind::Intro);
            assert_eq!(
                touches[0].summary.as_deref(),
                Some(format!("Introduced to {other}: Both build compilers").as_str())
            );
            assert_eq!(store.ledger(who).unwrap().given, 1);
        }
        // They know each other now: a link, through you.
        let link = &store.links(ada).unwrap()[0];
        assert_eq!(link.other, grace);
        assert_eq!(link.name(), "introduced to them by you");
        assert_eq!(link.since, Some(later.date_naive().to_string()));

        let (intro, _) = store
            .advance_introduction(id, Outcome::Helped.into(), None, Berlin, later)
            .unwrap();
        assert_eq!(intro.status, IntroStatus::Closed);
        assert_eq!(intro.outcome, Some(Outcome::Helped));
        assert!(store
            .advance_introduction(id, Outcome::NoFit.into(), None, Berlin, later)
            .is_err());
        assert_eq!(store.introductions(Some(grace)).unwrap().len(), 1);
    }

    #[test]
    fn a_no_at_any_step_closes_the_introduction_without_touches() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        let grace = person(&store, "Grace");
        let id = store.propose_introduction(ada, grace, "x", t0()).unwrap();
        store
            .advance_introduction(id, IntroStep::AskA, None, Berlin, t0())
            .unwrap();
        let (intro, _) = store
            .advance_introduction(id, Outcome::NoFit.into(), None, Berlin, t0())
            .unwrap();
        assert_eq!(intro.outcome, Some(Outcome::NoFit));
        assert!(store.touches(ada).unwrap().is_empty());
        assert!(matches!(
            store.propose_introduction(ada, ada, "x", t0()),
            Err(StoreError::Input(InputError::IntroToSelf))
        ));
    }

    #[test]
    fn the_ledger_balances_help_given_and_received() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        store
            .log_help(ada, HelpDirection::Given, "Reviewed her talk", t0())
            .unwrap();
        store
            .log_help(
                ada,
                HelpDirection::Given,
                "Lent a book",
                t0() + Duration::days(1),
            )
            .unwrap();
        store
            .log_help(
                ada,
                HelpDirection::Received,
                "Advice on hiring",
                t0() + Duration::days(2),
            )
            .unwrap();
        let ledger = store.ledger(ada).unwrap();
        assert_eq!((ledger.given, ledger.received, ledger.balance()), (2, 1, 1));
        assert_eq!(ledger.entries[0].text.as_deref(), Some("Advice on hiring"));
        assert_eq!(ledger.entries[0].direction, HelpDirection::Received);
        assert!(store
            .log_help(ada, HelpDirection::Given, " ", t0())
            .is_err());
    }

    #[test]
    fn help_in_a_live_relationship_makes_someone_trusted() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada");
        let now = t0();
        for (kind, direction, days_ago) in [
            (TouchKind::Message, Direction::Out, 100),
            (TouchKind::Message, Direction::In, 70),
            (TouchKind::Call, Direction::Mutual, 40),
        ] {
            let draft = TouchDraft::new(
                ada,
                kind,
                Channel::Phone,
                direction,
                now - Duration::days(days_ago),
                None,
            )
            .unwrap();
            store.log_touch(&draft, now).unwrap();
        }
        assert_eq!(store.person(ada).unwrap().stage, Stage::Relationship);
        store
            .log_help(
                ada,
                HelpDirection::Received,
                "An introduction to her investor",
                now,
            )
            .unwrap();
        assert_eq!(store.person(ada).unwrap().stage, Stage::Trusted);
    }
}
