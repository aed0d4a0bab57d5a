//! Keeping each person's derived stage current, and counting the funnel.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::rows::fact;
use super::{from_secs, Result, Store};
use crate::domain::{PersonId, Touch};
use crate::stage::{derive, Derivation, Health, Stage, TouchFact};

/// How many people stand at each stage and in each health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    pub by_stage: Vec<(Stage, u64)>,
    pub by_health: Vec<(Health, u64)>,
}

impl Store {
    /// Re-derives every person's stage in one pass over the touches and
    /// stores those that changed. Returns how many changed.
    pub fn recompute_stages(&self, now: DateTime<Utc>) -> Result<u64> {
        self.write(|tx| {
            let mut current = tx.prepare_cached("SELECT id, stage FROM person")?;
            let mut stages: std::collections::HashMap<i64, i64> = current
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut touches = tx.prepare_cached(
                "SELECT person_id, kind, direction, happened_at FROM touch ORDER BY person_id",
            )?;
            let mut rows = touches.query([])?;
            let mut update = tx.prepare_cached("UPDATE person SET stage = ?2 WHERE id = ?1")?;
            let mut changed = 0;
            let mut settle = |person: i64, facts: &[TouchFact]| -> Result<()> {
                let stage = derive(facts, now).stage as i64;
                if stages.remove(&person) != Some(stage) {
                    update.execute(params![person, stage])?;
                    changed += 1;
                }
                Ok(())
            };
            let mut person = None;
            let mut facts = Vec::new();
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                if person != Some(id) {
                    if let Some(previous) = person {
                        settle(previous, &facts)?;
                    }
                    person = Some(id);
                    facts.clear();
                }
                facts.push(fact(
                    &row.get::<_, String>(1)?,
                    &row.get::<_, String>(2)?,
                    row.get(3)?,
                ));
            }
            if let Some(previous) = person {
                settle(previous, &facts)?;
            }
            // People with no touches at all are Connected.
            let untouched: Vec<i64> = stages
                .iter()
                .filter(|(_, stage)| **stage != Stage::Connected as i64)
                .map(|(id, _)| *id)
                .collect();
            for id in untouched {
                update.execute(params![id, Stage::Connected as i64])?;
                changed += 1;
            }
            Ok(changed)
        })
    }

    /// A person's stage with the touches that justify it.
    pub fn stage_of(&self, person: PersonId, now: DateTime<Utc>) -> Result<(Stage, Vec<Touch>)> {
        let touches = self.touches(person)?;
        let facts: Vec<TouchFact> = touches
            .iter()
            .map(|t| TouchFact {
                kind: t.kind,
                direction: t.direction,
                at: t.at,
            })
            .collect();
        let Derivation { stage, because } = derive(&facts, now);
        let justifying = because
            .into_iter()
            .filter_map(|i| touches.get(i).cloned())
            .collect();
        Ok((stage, justifying))
    }

    /// Counts per stage and per health.
    pub fn funnel(&self, now: DateTime<Utc>) -> Result<Funnel> {
        self.read(|conn| {
            let mut by_stage: Vec<(Stage, u64)> = Stage::ALL.iter().map(|s| (*s, 0)).collect();
            let mut by_health = vec![(Health::Warm, 0), (Health::Cooling, 0), (Health::Cold, 0)];
            let mut stmt = conn.prepare_cached(
                "SELECT p.stage,
                        coalesce(p.cadence_days,
                                 (SELECT min(t.cadence_days) FROM person_tag pt
                                  JOIN tag t ON t.id = pt.tag_id WHERE pt.person_id = p.id)),
                        (SELECT max(happened_at) FROM touch WHERE person_id = p.id)
                 FROM person p",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<u32>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })?;
            for row in rows {
                let (stage, cadence, last) = row?;
                let stage = Stage::from_number(stage);
                let health = Health::of(
                    last.map(from_secs),
                    cadence.unwrap_or(stage.default_cadence_days()),
                    now,
                );
                by_stage[stage as usize - 1].1 += 1;
                if let Some(entry) = by_health.iter_mut().find(|(h, _)| *h == health) {
                    entry.1 += 1;
                }
            }
            Ok(Funnel {
                by_stage,
                by_health,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonDraft;
    use crate::domain::{Direction, TouchKind};
    use crate::store::tests::t0;
    use chrono::Duration;

    use crate::store::tests::log_on_day as log;

    #[test]
    fn logging_and_deleting_touches_moves_the_stage() {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        assert_eq!(store.person(ada).unwrap().stage, Stage::Connected);
        log(&store, ada, TouchKind::Connected, Direction::In, 0);
        assert_eq!(store.person(ada).unwrap().stage, Stage::Connected);
        log(&store, ada, TouchKind::Note, Direction::Out, 1);
        assert_eq!(store.person(ada).unwrap().stage, Stage::Acknowledged);
        let reply = log(&store, ada, TouchKind::Message, Direction::In, 2);
        assert_eq!(store.person(ada).unwrap().stage, Stage::InConversation);
        store.delete_touch(reply, t0() + Duration::days(3)).unwrap();
        assert_eq!(store.person(ada).unwrap().stage, Stage::Acknowledged);
        let (stage, because) = store.stage_of(ada, t0() + Duration::days(3)).unwrap();
        assert_eq!(stage, Stage::Acknowledged);
        assert_eq!(because[0].kind, TouchKind::Note);
    }

    #[test]
    fn recompute_follows_the_passing_of_time_and_counts_the_funnel() {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        store
            .create_person(&PersonDraft::named("Grace").unwrap(), t0())
            .unwrap();
        for (days, kind, direction) in [
            (0, TouchKind::Message, Direction::Out),
            (35, TouchKind::Message, Direction::In),
            (70, TouchKind::Call, Direction::Mutual),
        ] {
            log(&store, ada, kind, direction, days);
        }
        assert_eq!(store.person(ada).unwrap().stage, Stage::Relationship);
        // Two years on, the contact has left the window: in conversation.
        let later = t0() + Duration::days(800);
        assert_eq!(store.recompute_stages(later).unwrap(), 1);
        assert_eq!(store.person(ada).unwrap().stage, Stage::InConversation);
        assert_eq!(
            store.recompute_stages(later).unwrap(),
            0,
            "nothing changes twice"
        );
        let funnel = store.funnel(later).unwrap();
        let count = |s: Stage| funnel.by_stage.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!(count(Stage::InConversation), 1);
        assert_eq!(count(Stage::Connected), 1);
        let cold = funnel
            .by_health
            .iter()
            .find(|(h, _)| *h == Health::Cold)
            .unwrap()
            .1;
        assert_eq!(cold, 2);
    }
}
