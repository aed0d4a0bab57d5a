//! Likely duplicates, merging two people into one, and undoing a merge.
//!
//! A merge keeps everything of both: identities, touches, follow-ups,
//! notes, topics, tags, asks and offers, introductions, dismissals and
//! import keys move to the person kept, and their empty details (company,
//! role, how and where you met, birthday, cadence) are filled from the
//! other. Before anything changes, every row the merge will touch is saved
//! as it was (`merge_row`), so undoing puts both people back — rows added
//! to the kept person after the merge stay with them.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension};

use super::rows::ensure_person;
use super::rows::refresh_stage;
use super::rows::PersonRef;
use super::saved::{check_saved_row, decode_row, Value};
use super::saved::{merge_in, FILLED};
use super::search::reindex;
use super::{to_secs, Result, Store, StoreError};
use crate::domain::{InputError, MergeId, PersonId, PHONE_TEXT};
use crate::names::names_agree;

/// A likely duplicate pair and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicatePair {
    pub a: PersonRef,
    pub b: PersonRef,
    pub reason: String,
    /// Stronger reasons first: 3 a shared e-mail, phone or profile, 2 the
    /// same name and company, 1 the same name only.
    pub strength: u8,
}

/// A record that took imported rows of plainly different names: likely two
/// people folded into one (before imports kept them apart), to split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub person: PersonRef,
    /// The other names its rows carried, as imported.
    pub other_names: Vec<String>,
}

/// A merge that can be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub id: MergeId,
    pub kept: PersonRef,
    pub removed_name: String,
    pub merged_at: DateTime<Utc>,
}

impl Store {
    /// Likely duplicate pairs, strongest reasons first, leaving out pairs
    /// marked as different people.
    pub fn duplicates(&self, limit: usize) -> Result<Vec<DuplicatePair>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "WITH pairs AS (
                    SELECT a.person_id AS a, b.person_id AS b, 3 AS strength,
                           'same ' || CASE a.kind WHEN 'email' THEN 'e-mail' WHEN 'phone' THEN 'phone'
                                                  ELSE 'LinkedIn profile' END || ' ' || a.value AS reason
                    FROM identity a JOIN identity b
                      ON b.kind = a.kind AND b.normalized = a.normalized AND b.person_id > a.person_id
                    WHERE a.kind IN ('email', 'phone', 'linkedin')
                      AND NOT (a.kind = 'phone' AND a.normalized LIKE ?2)
                    UNION ALL
                    SELECT p.id, q.id,
                           CASE WHEN p.company IS NOT NULL AND q.company = p.company COLLATE NOCASE
                                THEN 2 ELSE 1 END,
                           CASE WHEN p.company IS NOT NULL AND q.company = p.company COLLATE NOCASE
                                THEN 'same name and company' ELSE 'same name' END
                    FROM person p JOIN person q
                      ON q.display_name = p.display_name COLLATE NOCASE AND q.id > p.id
                 ), best AS (
                    SELECT a, b, max(strength) AS strength, reason FROM pairs GROUP BY a, b
                 )
                 SELECT best.a, pa.display_name, best.b, pb.display_name, best.reason, best.strength
                 FROM best JOIN person pa ON pa.id = best.a JOIN person pb ON pb.id = best.b
                 WHERE NOT EXISTS (SELECT 1 FROM not_duplicate n WHERE n.a = best.a AND n.b = best.b)
                 ORDER BY best.strength DESC, pa.display_name COLLATE NOCASE, best.a, best.b
                 LIMIT ?1",
            )?;
            let text_phones = format!("{PHONE_TEXT}%");
            let mut pairs: Vec<DuplicatePair> = stmt
                .query_map(params![limit.min(10_000) as i64, text_phones], |r| {
                    Ok(DuplicatePair {
                        a: PersonRef {
                            id: PersonId(r.get(0)?),
                            display_name: r.get(1)?,
                        },
                        b: PersonRef {
                            id: PersonId(r.get(2)?),
                            display_name: r.get(3)?,
                        },
                        reason: r.get(4)?,
                        strength: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            // A shared key between plainly different names is how imports
            // keep two people apart: say so, it is the reason to look.
            for pair in pairs.iter_mut().filter(|p| p.strength == 3) {
                if !names_agree(&pair.a.display_name, &pair.b.display_name) {
                    pair.reason.push_str("; the names differ");
                }
            }
            Ok(pairs)
        })
    }

    /// Records whose imported rows carried names that plainly differ from
    /// theirs ([`names_agree`]), most names first.
    pub fn folded(&self, limit: usize) -> Result<Vec<Folded>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT p.id, p.display_name, k.name FROM import_key k JOIN person p ON p.id = k.person_id
                 WHERE k.name IS NOT NULL ORDER BY p.id, k.name",
            )?;
            let mut found: Vec<Folded> = Vec::new();
            let rows = stmt.query_map([], |r| Ok((PersonId(r.get(0)?), r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
            for row in rows {
                let (id, display_name, name) = row?;
                if names_agree(&display_name, &name) {
                    continue;
                }
                match found.last_mut() {
                    Some(last) if last.person.id == id => {
                        if !last.other_names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                            last.other_names.push(name);
                        }
                    }
                    _ => found.push(Folded {
                        person: PersonRef { id, display_name },
                        other_names: vec![name],
                    }),
                }
            }
            found.sort_by(|a, b| b.other_names.len().cmp(&a.other_names.len()).then(a.person.id.cmp(&b.person.id)));
            found.truncate(limit);
            Ok(found)
        })
    }

    /// Marks two people as different: they are no longer suggested.
    pub fn not_duplicates(&self, a: PersonId, b: PersonId) -> Result<()> {
        let (a, b) = (a.min(b), a.max(b));
        self.write(|tx| {
            ensure_person(tx, a)?;
            ensure_person(tx, b)?;
            tx.execute(
                "INSERT OR IGNORE INTO not_duplicate (a, b) VALUES (?1, ?2)",
                params![a.0, b.0],
            )?;
            Ok(())
        })
    }

    /// Merges `removed` into `kept`; returns the merge's id for undoing.
    pub fn merge(&self, kept: PersonId, removed: PersonId, now: DateTime<Utc>) -> Result<MergeId> {
        self.write(|tx| merge_in(tx, kept, removed, now).map(MergeId))
    }

    /// Merges that can still be undone, newest first.
    pub fn merges(&self) -> Result<Vec<Merge>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT m.id, m.kept, p.display_name, m.removed_name, m.merged_at
                 FROM merge_log m JOIN person p ON p.id = m.kept
                 WHERE m.undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM person WHERE id = m.removed)
                 ORDER BY m.merged_at DESC, m.id DESC",
            )?;
            let merges = stmt
                .query_map([], |r| {
                    Ok(Merge {
                        id: MergeId(r.get(0)?),
                        kept: PersonRef {
                            id: PersonId(r.get(1)?),
                            display_name: r.get(2)?,
                        },
                        removed_name: r.get(3)?,
                        merged_at: super::from_secs(r.get(4)?),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(merges)
        })
    }

    /// Undoes a merge: the removed person comes back with everything that
    /// was theirs, and the kept person's details are as they were.
    pub fn undo_merge(&self, merge: MergeId, now: DateTime<Utc>) -> Result<(PersonId, PersonId)> {
        let merge = merge.0;
        self.write(|tx| {
            let (kept, removed, undone): (i64, i64, Option<i64>) = tx
                .query_row("SELECT kept, removed, undone_at FROM merge_log WHERE id = ?1", [merge], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?
                .ok_or(StoreError::NotFound { what: "merge", id: merge })?;
            if undone.is_some() {
                return Err(InputError::AlreadyUndone.into());
            }
            // A person created since may have been given the freed id.
            if tx.query_row("SELECT 1 FROM person WHERE id = ?1", [removed], |_| Ok(())).optional()?.is_some() {
                return Err(InputError::MergeIdReused.into());
            }
            tx.pragma_update(None, "defer_foreign_keys", "ON")?;
            let saved: Vec<(String, String, String)> = tx
                .prepare("SELECT tbl, cols, vals FROM merge_row WHERE merge_id = ?1 ORDER BY seq")?
                .query_map([merge], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let decoded: Vec<(&str, Vec<&str>, Vec<Value>)> = saved
                .iter()
                .map(|(table, cols, vals)| {
                    let values = decode_row(vals)
                        .ok_or_else(|| StoreError::Inconsistent(format!("merge {merge} has an unreadable row")))?;
                    let columns: Vec<&str> = cols.split(',').collect();
                    check_saved_row(tx, table.strip_prefix('+').unwrap_or(table), &columns, &values)?;
                    Ok((table.as_str(), columns, values))
                })
                .collect::<Result<_>>()?;
            let value_of = |columns: &[&str], values: &[Value], name: &str| {
                columns.iter().position(|c| *c == name).map(|i| values[i].clone())
            };
            // The removed person first, as they were; their rows after.
            let person_rows = decoded.iter().filter(|(t, _, _)| *t == "person");
            let removed_row = person_rows
                .clone()
                .find(|(_, c, v)| value_of(c, v, "id") == Some(Value::Integer(removed)));
            let kept_row = person_rows
                .clone()
                .find(|(_, c, v)| value_of(c, v, "id") == Some(Value::Integer(kept)));
            let upsert = |table: &str, columns: &[&str], values: &[Value]| -> Result<()> {
                let list = super::saved::quoted_list(columns);
                let marks = vec!["?"; columns.len()].join(", ");
                let update = columns.iter().map(|c| format!("\"{c}\" = excluded.\"{c}\"")).collect::<Vec<_>>().join(", ");
                tx.execute(
                    &format!("INSERT INTO \"{table}\" ({list}) VALUES ({marks}) ON CONFLICT DO UPDATE SET {update}"),
                    params_from_iter(values.iter().map(SqlValue::from)),
                )?;
                Ok(())
            };
            if let Some((_, columns, values)) = removed_row {
                upsert("person", columns, values)?;
            }
            if let (Some((_, columns, before)), Some((_, _, theirs))) = (kept_row, removed_row) {
                // Details the merge filled go back to empty, unless changed since.
                for column in FILLED {
                    let (Some(Value::Null), Some(filled)) = (value_of(columns, before, column), value_of(columns, theirs, column)) else {
                        continue;
                    };
                    tx.execute(
                        &format!("UPDATE person SET {column} = NULL WHERE id = ?1 AND {column} IS ?2"),
                        params![kept, SqlValue::from(&filled)],
                    )?;
                }
                if let Some(Value::Integer(introducer)) = value_of(columns, before, "introduced_by") {
                    tx.execute(
                        "UPDATE person SET introduced_by = ?2 WHERE id = ?1 AND introduced_by IS NULL",
                        params![kept, introducer],
                    )?;
                }
            }
            for (table, columns, values) in &decoded {
                if let Some(added) = table.strip_prefix('+') {
                    let filter = columns
                        .iter()
                        .enumerate()
                        .map(|(i, c)| format!("\"{c}\" IS ?{}", i + 1))
                        .collect::<Vec<_>>()
                        .join(" AND ");
                    tx.execute(&format!("DELETE FROM \"{added}\" WHERE {filter}"), params_from_iter(values.iter().map(SqlValue::from)))?;
                } else if *table == "person" {
                    // Others the removed person had introduced.
                    let id = value_of(columns, values, "id");
                    if id != Some(Value::Integer(kept)) && id != Some(Value::Integer(removed)) {
                        tx.execute(
                            "UPDATE person SET introduced_by = ?2 WHERE id = ?1",
                            params![id.as_ref().map(SqlValue::from), removed],
                        )?;
                    }
                } else {
                    upsert(table, columns, values)?;
                }
            }
            tx.execute("UPDATE merge_log SET undone_at = ?2 WHERE id = ?1", params![merge, to_secs(now)])?;
            for person in [PersonId(kept), PersonId(removed)] {
                reindex(tx, person)?;
                refresh_stage(tx, person, now)?;
            }
            let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
            if broken > 0 {
                return Err(InputError::BadDump(format!("undoing would leave {broken} rows pointing nowhere")).into());
            }
            Ok((PersonId(kept), PersonId(removed)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Channel, Direction, Identity, IdentityKind, NeedDraft, PersonDraft, Side, TouchDraft,
        TouchKind,
    };
    use crate::store::tests::t0;

    fn setup() -> (Store, PersonId, PersonId, PersonId) {
        let store = Store::open_in_memory().unwrap();
        let email = |e: &str| Identity::new(IdentityKind::Email, e).unwrap();
        let ada = store
            .create_person(
                &PersonDraft::named("Ada Lovelace")
                    .unwrap()
                    .with_tags(&["Math"])
                    .unwrap()
                    .with_identity(email("ada@example.org")),
                t0(),
            )
            .unwrap();
        let dup = store
            .create_person(
                &PersonDraft::named("A. Lovelace")
                    .unwrap()
                    .with_company(Some("Analytical Engines"))
                    .unwrap()
                    .with_tags(&["Math", "Engines"])
                    .unwrap()
                    .with_identity(email("ada@example.org"))
                    .with_identity(email("countess@example.org")),
                t0(),
            )
            .unwrap();
        let grace = store
            .create_person(
                &PersonDraft {
                    introduced_by: Some(dup),
                    ..PersonDraft::named("Grace Hopper").unwrap()
                },
                t0(),
            )
            .unwrap();
        let touch = TouchDraft::new(
            dup,
            TouchKind::Call,
            Channel::Phone,
            Direction::Mutual,
            t0(),
            Some("About engines"),
        )
        .unwrap();
        store.log_touch(&touch, t0()).unwrap();
        store.add_note(dup, "Prefers letters", t0()).unwrap();
        crate::store::tests::follow_up_on_topic(&store, dup, "the engine", "Write back");
        store
            .add_need(
                &NeedDraft::new(dup, Side::Offer, "Maths tutoring", &["math"]).unwrap(),
                t0(),
            )
            .unwrap();
        store
            .propose_introduction(dup, grace, "Both love machines", t0())
            .unwrap();
        store
            .propose_introduction(ada, dup, "Same person?", t0())
            .unwrap();
        (store, ada, dup, grace)
    }

    #[test]
    fn duplicates_are_found_with_the_strongest_reason_and_can_be_set_apart() {
        let (store, ada, dup, _) = setup();
        store
            .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
            .unwrap();
        let pairs = store.duplicates(10).unwrap();
        assert_eq!(pairs[0].a.id, ada);
        assert_eq!(pairs[0].b.id, dup);
        assert_eq!(pairs[0].reason, "same e-mail ada@example.org");
        assert_eq!(pairs[0].strength, 3);
        assert!(pairs.iter().any(|p| p.reason == "same name"));
        store.not_duplicates(dup, ada).unwrap();
        assert!(store
            .duplicates(10)
            .unwrap()
            .iter()
            .all(|p| (p.a.id, p.b.id) != (ada, dup)));
    }

    #[test]
    fn a_merge_keeps_everything_of_both_and_undo_puts_both_back() {
        let (store, ada, dup, grace) = setup();
        let before_ada = store.person(ada).unwrap();
        let before_dup = store.person(dup).unwrap();
        let before_dump = store.dump().unwrap();

        let merge = store.merge(ada, dup, t0()).unwrap();
        assert!(matches!(
            store.person(dup),
            Err(StoreError::PersonNotFound(_))
        ));
        let merged = store.person(ada).unwrap();
        assert_eq!(merged.company.as_deref(), Some("Analytical Engines"));
        assert_eq!(merged.tags, vec!["Engines", "Math"]);
        let emails: Vec<&str> = merged
            .identities
            .iter()
            .map(|i| i.normalized.as_str())
            .collect();
        assert_eq!(emails, vec!["ada@example.org", "countess@example.org"]);
        assert_eq!(merged.notes[0].body, "Prefers letters");
        assert_eq!(store.touches(ada).unwrap().len(), 1);
        assert_eq!(store.topics(ada).unwrap().len(), 1);
        assert_eq!(
            store
                .follow_ups(crate::store::FollowUpFilter::OfPerson(ada))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(store.needs(Some(ada)).unwrap().len(), 1);
        assert_eq!(
            store.introductions(Some(ada)).unwrap().len(),
            1,
            "the introduction between the two is gone"
        );
        assert_eq!(
            store.person(grace).unwrap().introduced_by.map(|(id, _)| id),
            Some(ada)
        );
        assert!(store.duplicates(10).unwrap().is_empty());
        assert_eq!(store.merges().unwrap()[0].removed_name, "A. Lovelace");

        // Something logged after the merge stays with the kept person.
        let later = TouchDraft::new(
            ada,
            TouchKind::Email,
            Channel::Email,
            Direction::Out,
            t0(),
            Some("After"),
        )
        .unwrap();
        let later_id = store.log_touch(&later, t0()).unwrap();

        store.undo_merge(merge, t0()).unwrap();
        assert_eq!(store.person(dup).unwrap(), before_dup);
        let ada_now = store.person(ada).unwrap();
        assert_eq!(ada_now.company, before_ada.company);
        assert_eq!(ada_now.tags, before_ada.tags);
        assert_eq!(ada_now.identities, before_ada.identities);
        assert_eq!(
            store.person(grace).unwrap().introduced_by.map(|(id, _)| id),
            Some(dup)
        );
        assert!(store.touches(ada).unwrap().iter().any(|t| t.id == later_id));
        store.delete_touch(later_id, t0()).unwrap();
        // Apart from the merge's own log, the data is exactly as before.
        let strip = |dump: crate::store::Dump| {
            dump.tables
                .into_iter()
                .filter(|t| !["merge_log", "merge_row", "person"].contains(&t.name.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(store.dump().unwrap()), strip(before_dump));
        assert!(matches!(
            store.undo_merge(merge, t0()),
            Err(StoreError::Input(InputError::AlreadyUndone))
        ));
        assert!(store.merges().unwrap().is_empty());
        store.integrity_check().unwrap();
        assert_eq!(store.people("countess", 0, 5).unwrap().people[0].id, dup);
    }

    #[test]
    fn merging_someone_with_themselves_is_refused() {
        let (store, ada, _, _) = setup();
        assert!(matches!(
            store.merge(ada, ada, t0()),
            Err(StoreError::Input(InputError::SelfMerge))
        ));
    }
}
