//! Step-it-up prompts for everyone or one person, minus the dismissed ones.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::rows::ensure_person;
use super::{from_secs, to_secs, Result, Store};
use crate::domain::{Channel, Direction, PersonId, TouchKind};
use crate::prompts::{evaluate, PromptFact, Rule};

/// A prompt for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub person: PersonId,
    pub person_name: String,
    pub rule: Rule,
    pub because: String,
    pub since: DateTime<Utc>,
}

fn dismissed(conn: &Connection, person: Option<PersonId>) -> Result<HashSet<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, rule FROM prompt_dismissal WHERE ?1 IS NULL OR person_id = ?1",
    )?;
    let set = stmt
        .query_map([person.map(|p| p.0)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(set)
}

impl Store {
    /// Prompts for everyone (or one person), most urgent rule first, then
    /// the most recent situation first.
    pub fn prompts(&self, person: Option<PersonId>, now: DateTime<Utc>) -> Result<Vec<Prompt>> {
        self.read(|conn| {
            if let Some(person) = person {
                ensure_person(conn, person)?;
            }
            let dismissed = dismissed(conn, person)?;
            let mut stmt = conn.prepare_cached(
                "SELECT t.person_id, p.display_name, t.kind, t.channel, t.direction, t.happened_at
                 FROM touch t JOIN person p ON p.id = t.person_id
                 WHERE (?1 IS NULL OR t.person_id = ?1) AND t.kind <> 'connected'
                 ORDER BY t.person_id",
            )?;
            let mut rows = stmt.query([person.map(|p| p.0)])?;
            let mut prompts = Vec::new();
            let mut current: Option<(i64, String)> = None;
            let mut facts: Vec<PromptFact> = Vec::new();
            let mut settle = |who: &(i64, String), facts: &[PromptFact]| {
                for finding in evaluate(facts, now) {
                    if !dismissed.contains(&(who.0, finding.rule.as_str().to_owned())) {
                        prompts.push(Prompt {
                            person: PersonId(who.0),
                            person_name: who.1.clone(),
                            rule: finding.rule,
                            because: finding.because,
                            since: finding.since,
                        });
                    }
                }
            };
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                if current.as_ref().map(|c| c.0) != Some(id) {
                    if let Some(who) = &current {
                        settle(who, &facts);
                    }
                    current = Some((id, row.get(1)?));
                    facts.clear();
                }
                // CHECK constraints keep these to known identifiers.
                facts.push(PromptFact {
                    kind: row.get::<_, String>(2)?.parse().unwrap_or(TouchKind::Other),
                    channel: row.get::<_, String>(3)?.parse().unwrap_or(Channel::Other),
                    direction: row
                        .get::<_, String>(4)?
                        .parse()
                        .unwrap_or(Direction::Mutual),
                    at: from_secs(row.get(5)?),
                });
            }
            if let Some(who) = &current {
                settle(who, &facts);
            }
            let order = |rule: Rule| Rule::ALL.iter().position(|r| *r == rule);
            prompts.sort_by(|a, b| {
                order(a.rule)
                    .cmp(&order(b.rule))
                    .then(b.since.cmp(&a.since))
                    .then(a.person.cmp(&b.person))
            });
            Ok(prompts)
        })
    }

    /// Dismisses a prompt for a person: that rule stays quiet for them.
    pub fn dismiss_prompt(&self, person: PersonId, rule: Rule, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            tx.execute(
                "INSERT INTO prompt_dismissal (person_id, rule, dismissed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                params![person.0, rule.as_str(), to_secs(now)],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;
    use crate::PersonDraft;
    use chrono::Duration;

    fn log(
        store: &Store,
        person: PersonId,
        kind: TouchKind,
        channel: Channel,
        direction: Direction,
        days_ago: i64,
    ) {
        crate::store::tests::log(
            store,
            person,
            kind,
            channel,
            direction,
            t0() - Duration::days(days_ago),
        );
    }

    #[test]
    fn prompts_come_from_the_rules_and_stay_dismissed() {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        let grace = store
            .create_person(&PersonDraft::named("Grace").unwrap(), t0())
            .unwrap();
        log(
            &store,
            ada,
            TouchKind::Message,
            Channel::Linkedin,
            Direction::In,
            2,
        );
        log(
            &store,
            grace,
            TouchKind::Meeting,
            Channel::InPerson,
            Direction::Mutual,
            20,
        );

        let prompts = store.prompts(None, t0()).unwrap();
        let found: Vec<(PersonId, Rule)> = prompts.iter().map(|p| (p.person, p.rule)).collect();
        assert_eq!(
            found,
            vec![(ada, Rule::ReplyOwed), (grace, Rule::FollowUpAfterMeeting)]
        );
        assert_eq!(prompts[0].person_name, "Ada");

        store.dismiss_prompt(ada, Rule::ReplyOwed, t0()).unwrap();
        store.dismiss_prompt(ada, Rule::ReplyOwed, t0()).unwrap();
        let found: Vec<PersonId> = store
            .prompts(None, t0())
            .unwrap()
            .iter()
            .map(|p| p.person)
            .collect();
        assert_eq!(found, vec![grace]);
        // A new message from Ada does not bring the dismissed rule back.
        log(
            &store,
            ada,
            TouchKind::Email,
            Channel::Email,
            Direction::In,
            1,
        );
        assert!(store.prompts(Some(ada), t0()).unwrap().is_empty());
        assert_eq!(store.prompts(Some(grace), t0()).unwrap().len(), 1);
    }
}
