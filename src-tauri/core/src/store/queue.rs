//! The welcome queue (new connections not yet acknowledged, newest first),
//! the personal-reply templates, and the three triage actions:
//! acknowledge, keep in touch, not now.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, params, OptionalExtension};

use super::rows::insert_touch;
use super::rows::refresh_stage;
use super::rows::welcome_since;
use super::rows::{clean, ensure_person};
use super::search::reindex;
use super::{from_secs, to_secs, Result, Store, StoreError};
use crate::domain::{
    required_text, Channel, Direction, InputError, PersonId, TemplateId, TouchDraft, TouchId,
    TouchKind, MAX_CADENCE_DAYS, MAX_LONG_CHARS, MAX_NAME_CHARS, MAX_SHORT_CHARS,
};
use crate::template::Fields;

/// A person waiting for a personal reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub person: PersonId,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub how_met: Option<String>,
    pub connected_at: DateTime<Utc>,
    /// Their newest current topic, for `{topic}`.
    pub topic: Option<String>,
}

impl QueueEntry {
    /// What a template may say about them.
    pub fn fields(&self) -> Fields {
        Fields {
            name: self.display_name.clone(),
            company: self.company.clone(),
            role: self.role.clone(),
            how_we_met: self.how_met.clone(),
            topic: self.topic.clone(),
        }
    }
}

/// A page of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePage {
    pub total: u64,
    pub entries: Vec<QueueEntry>,
}

/// A personal-reply template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub id: TemplateId,
    pub name: String,
    pub body: String,
    pub is_builtin: bool,
}

/// Who is in the queue: still Connected, linked by a `connected` touch made
/// since `:since` (the welcome window: older connections are not new, they are
/// candidates to reconnect with), not set aside with "not now", and not
/// marked as deceased.
const IN_QUEUE: &str = "FROM person p JOIN touch t ON t.person_id = p.id AND t.kind = 'connected'
     WHERE p.stage = 1 AND p.queue_dismissed_at IS NULL AND p.deceased = 0
       AND t.happened_at >= :since";

impl Store {
    /// A page of the welcome queue at `now`, newest connection first.
    pub fn welcome_queue(&self, now: DateTime<Utc>, offset: u64, limit: u64) -> Result<QueuePage> {
        let since = to_secs(welcome_since(now, self.settings()?.welcome_days));
        self.read(|conn| {
            let total: i64 = conn.query_row(
                &format!("SELECT count(DISTINCT p.id) {IN_QUEUE}"),
                named_params! {":since": since},
                |r| r.get(0),
            )?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT p.id, p.display_name, p.company, p.role, p.how_met, max(t.happened_at) AS at,
                        (SELECT text FROM topic WHERE person_id = p.id AND closed_at IS NULL
                         ORDER BY created_at DESC, id DESC LIMIT 1)
                 {IN_QUEUE} GROUP BY p.id ORDER BY at DESC, p.id DESC LIMIT :limit OFFSET :offset"
            ))?;
            let entries = stmt
                .query_map(
                    named_params! {
                        ":limit": limit.min(1_000) as i64,
                        ":offset": offset.min(i64::MAX as u64) as i64,
                        ":since": since,
                    },
                    |r| {
                        Ok(QueueEntry {
                            person: PersonId(r.get(0)?),
                            display_name: r.get(1)?,
                            company: r.get(2)?,
                            role: r.get(3)?,
                            how_met: r.get(4)?,
                            connected_at: from_secs(r.get(5)?),
                            topic: r.get(6)?,
                        })
                    },
                )?
                .collect::<rusqlite::Result<_>>()?;
            Ok(QueuePage {
                total: total as u64,
                entries,
            })
        })
    }

    /// Logs the personal reply the user sent (a `note` to them on
    /// LinkedIn), which makes them Acknowledged and takes them out of the
    /// queue.
    pub fn acknowledge(
        &self,
        person: PersonId,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<TouchId> {
        let message = required_text(message, "message", MAX_LONG_CHARS)?;
        let summary: String = message.chars().take(MAX_SHORT_CHARS).collect();
        let draft = TouchDraft::new(
            person,
            TouchKind::Note,
            Channel::Linkedin,
            Direction::Out,
            now,
            Some(&summary),
        )?;
        self.write(|tx| {
            let id = insert_touch(tx, &draft, now)?;
            reindex(tx, person)?;
            refresh_stage(tx, person, now)?;
            Ok(id)
        })
    }

    /// "Not now": out of the queue, kept in Kith.
    pub fn dismiss_from_queue(&self, person: PersonId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            tx.execute(
                "UPDATE person SET queue_dismissed_at = ?2 WHERE id = ?1",
                params![person.0, to_secs(now)],
            )?;
            Ok(())
        })
    }

    /// Sets how often to keep in touch with a person (`None` clears it).
    pub fn set_cadence(
        &self,
        person: PersonId,
        days: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if days.is_some_and(|d| d == 0 || d > MAX_CADENCE_DAYS) {
            return Err(InputError::BadCadence.into());
        }
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE person SET cadence_days = ?2, updated_at = ?3 WHERE id = ?1",
                params![person.0, days, to_secs(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::PersonNotFound(person));
            }
            Ok(())
        })
    }

    /// All templates: the shipped ones in their order, then the user's.
    pub fn templates(&self) -> Result<Vec<Template>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, body, is_builtin FROM template ORDER BY is_builtin DESC, id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(Template {
                        id: TemplateId(r.get(0)?),
                        name: r.get(1)?,
                        body: r.get(2)?,
                        is_builtin: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Creates a template (`id` `None`) or replaces one's name and body.
    pub fn save_template(
        &self,
        id: Option<TemplateId>,
        name: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<TemplateId> {
        let name = clean(&required_text(name, "template name", MAX_NAME_CHARS)?);
        let body = clean(&required_text(body, "template", MAX_LONG_CHARS)?);
        self.write(|tx| match id {
            None => {
                tx.execute(
                    "INSERT INTO template (name, body, created_at) VALUES (?1, ?2, ?3)",
                    params![name, body, to_secs(now)],
                )
                .map_err(|e| duplicate_name(e, &name))?;
                Ok(TemplateId(tx.last_insert_rowid()))
            }
            Some(id) => {
                let changed = tx
                    .execute(
                        "UPDATE template SET name = ?2, body = ?3 WHERE id = ?1",
                        params![id.0, name, body],
                    )
                    .map_err(|e| duplicate_name(e, &name))?;
                if changed == 0 {
                    return Err(InputError::Empty { field: "template" }.into());
                }
                Ok(id)
            }
        })
    }

    /// Deletes a template the user made (shipped ones stay).
    pub fn delete_template(&self, id: TemplateId) -> Result<()> {
        self.write(|tx| {
            let builtin: Option<bool> = tx
                .query_row(
                    "SELECT is_builtin FROM template WHERE id = ?1",
                    [id.0],
                    |r| r.get(0),
                )
                .optional()?;
            match builtin {
                Some(true) => Err(InputError::Empty {
                    field: "a shipped template cannot be deleted; edit it instead. Template",
                }
                .into()),
                Some(false) => {
                    tx.execute("DELETE FROM template WHERE id = ?1", [id.0])?;
                    Ok(())
                }
                None => Ok(()),
            }
        })
    }
}

fn duplicate_name(error: rusqlite::Error, name: &str) -> StoreError {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        InputError::BadIdentity {
            kind: "template name (already used)",
            value: name.to_owned(),
        }
        .into()
    } else {
        error.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonDraft;
    use crate::stage::Stage;
    use crate::store::tests::t0;
    use crate::template::render;
    use chrono::Duration;

    fn connected(store: &Store, name: &str, days: i64) -> PersonId {
        let draft = PersonDraft::named(name)
            .unwrap()
            .with_company(Some("Northwind"))
            .unwrap();
        let id = store.create_person(&draft, t0()).unwrap();
        let at = t0() + Duration::days(days);
        let touch = TouchDraft::new(
            id,
            TouchKind::Connected,
            Channel::Linkedin,
            Direction::In,
            at,
            None,
        )
        .unwrap();
        store.log_touch(&touch, at).unwrap();
        id
    }

    #[test]
    fn the_queue_is_new_connections_newest_first() {
        let store = Store::open_in_memory().unwrap();
        let old = connected(&store, "Old Connection", 1);
        let new = connected(&store, "New Connection", 5);
        store
            .create_person(&PersonDraft::named("Added By Hand").unwrap(), t0())
            .unwrap();
        let page = store
            .welcome_queue(t0() + Duration::days(10), 0, 10)
            .unwrap();
        assert_eq!(page.total, 2);
        let order: Vec<PersonId> = page.entries.iter().map(|e| e.person).collect();
        assert_eq!(order, vec![new, old]);
        // Someone who has died is not waiting for a welcome.
        store.set_deceased(old, true, t0()).unwrap();
        let page = store
            .welcome_queue(t0() + Duration::days(10), 0, 10)
            .unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.entries[0].person, new);
    }

    #[test]
    fn a_queued_persons_current_topic_fills_the_topic_placeholder() {
        let store = Store::open_in_memory().unwrap();
        let ada = connected(&store, "Ada Lovelace", 1);
        let old = store.add_topic(ada, "compilers", t0()).unwrap();
        store
            .add_topic(ada, "the analytical engine", t0() + Duration::days(1))
            .unwrap();
        store.close_topic(old, t0()).unwrap();
        let entry = store
            .welcome_queue(t0() + Duration::days(10), 0, 1)
            .unwrap()
            .entries
            .remove(0);
        let shared = store
            .templates()
            .unwrap()
            .into_iter()
            .find(|t| t.body.contains("{topic}"))
            .unwrap();
        assert!(render(&shared.body, &entry.fields())
            .contains("we both care about the analytical engine."));
    }

    #[test]
    fn acknowledging_logs_the_reply_and_leaves_the_queue() {
        let store = Store::open_in_memory().unwrap();
        let ada = connected(&store, "Ada Lovelace", 1);
        let templates = store.templates().unwrap();
        assert!(templates.len() >= 3 && templates.iter().all(|t| t.is_builtin));
        let entry = store
            .welcome_queue(t0() + Duration::days(10), 0, 1)
            .unwrap()
            .entries
            .remove(0);
        let drafted = render(&templates[0].body, &entry.fields());
        assert!(drafted.starts_with("Hi Ada,"), "{drafted}");
        store
            .acknowledge(ada, &drafted, t0() + Duration::days(2))
            .unwrap();
        assert_eq!(store.person(ada).unwrap().stage, Stage::Acknowledged);
        assert_eq!(
            store
                .welcome_queue(t0() + Duration::days(10), 0, 10)
                .unwrap()
                .total,
            0
        );
        let touches = store.touches(ada).unwrap();
        assert_eq!(touches[0].kind, TouchKind::Note);
        assert_eq!(touches[0].summary.as_deref(), Some(drafted.as_str()));
        assert!(store.acknowledge(ada, "   ", t0()).is_err());
    }

    #[test]
    fn not_now_and_keep_in_touch_are_triage_without_loss() {
        let store = Store::open_in_memory().unwrap();
        let a = connected(&store, "A", 1);
        let b = connected(&store, "B", 2);
        store.dismiss_from_queue(a, t0()).unwrap();
        store.set_cadence(b, Some(90), t0()).unwrap();
        assert_eq!(store.person(b).unwrap().cadence_days, Some(90));
        assert_eq!(
            store
                .welcome_queue(t0() + Duration::days(10), 0, 10)
                .unwrap()
                .total,
            1
        );
        assert_eq!(store.people_count().unwrap(), 2, "nothing deleted");
        assert!(store.set_cadence(b, Some(0), t0()).is_err());
        assert!(matches!(
            store.dismiss_from_queue(PersonId(99), t0()),
            Err(StoreError::PersonNotFound(_))
        ));
    }

    #[test]
    fn templates_are_managed_and_shipped_ones_kept() {
        let store = Store::open_in_memory().unwrap();
        let id = store
            .save_template(None, "Short", "Hi {first_name}!", t0())
            .unwrap();
        assert!(store.save_template(None, "Short", "again", t0()).is_err());
        store
            .save_template(Some(id), "Short", "Hello {first_name}!", t0())
            .unwrap();
        let builtin = store.templates().unwrap()[0].id;
        assert!(store.delete_template(builtin).is_err());
        store.delete_template(id).unwrap();
        assert!(store.templates().unwrap().iter().all(|t| t.is_builtin));
    }
}
