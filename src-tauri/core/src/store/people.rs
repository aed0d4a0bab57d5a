//! People, their identities, tags and notes; the people list and search.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::rows::{identities_of, named_dates_of, notes_of, tags_of};
use super::{from_secs, fts_query, search, to_secs, Result, Store, StoreError};
use crate::domain::{Birthday, InputError, Person, PersonId, PersonSummary, TouchKind};
use crate::stage::Stage;

/// Separates values packed into one column by `group_concat`; the unit
/// separator cannot be typed and is stripped from stored text.
const SEP: char = '\u{1f}';

/// One page of the people list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeoplePage {
    /// How many people match in all, or at least (see `total_is_exact`).
    pub total: u64,
    /// False when a search found more than it counted: `total` is then a
    /// lower bound (shown as "1,000+"), raised as later pages are read.
    pub total_is_exact: bool,
    pub offset: u64,
    pub people: Vec<PersonSummary>,
}

/// How the people list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By name; by relevance when searching.
    #[default]
    Default,
    Name,
    /// Most recently touched first.
    Recent,
    /// Furthest along the path first.
    Stage,
    /// Longest past their cadence first (never touched at the top).
    Attention,
}

impl Sort {
    pub fn parse(text: &str) -> Option<Sort> {
        match text.trim() {
            "" | "default" => Some(Sort::Default),
            "name" => Some(Sort::Name),
            "recent" => Some(Sort::Recent),
            "stage" => Some(Sort::Stage),
            "attention" => Some(Sort::Attention),
            _ => None,
        }
    }
}

/// Which people a list shows, and in what order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeopleFilter {
    /// Search words; blank for everyone.
    pub query: String,
    pub stage: Option<Stage>,
    pub health: Option<crate::stage::Health>,
    pub sort: Sort,
}

impl PeopleFilter {
    /// A filter from the identifiers the window and the command line pass
    /// (`in-conversation`, `cold`, `attention`; absent for any).
    pub fn parse(
        query: &str,
        stage: Option<&str>,
        health: Option<&str>,
        sort: Option<&str>,
    ) -> Result<Self, InputError> {
        Ok(Self {
            query: query.to_owned(),
            stage: stage
                .map(|s| Stage::parse(s).ok_or_else(|| InputError::UnknownStage(s.to_owned())))
                .transpose()?,
            health: health
                .map(|h| {
                    crate::stage::Health::parse(h)
                        .ok_or_else(|| InputError::UnknownHealth(h.to_owned()))
                })
                .transpose()?,
            sort: sort
                .map(|o| Sort::parse(o).ok_or_else(|| InputError::UnknownOrder(o.to_owned())))
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

const SUMMARY_COLUMNS: &str = "p.id, p.display_name, p.company, p.role, p.is_sample,
    (SELECT group_concat(t.name, char(31)) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
        WHERE pt.person_id = p.id),
    (SELECT happened_at FROM touch WHERE person_id = p.id ORDER BY happened_at DESC LIMIT 1),
    (SELECT kind FROM touch WHERE person_id = p.id ORDER BY happened_at DESC LIMIT 1),
    p.stage,
    coalesce(p.cadence_days, (SELECT min(t.cadence_days) FROM person_tag pt JOIN tag t
        ON t.id = pt.tag_id WHERE pt.person_id = p.id))";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<PersonSummary> {
    let tags: Option<String> = row.get(5)?;
    let last_at: Option<i64> = row.get(6)?;
    let last_kind: Option<String> = row.get(7)?;
    Ok(PersonSummary {
        id: PersonId(row.get(0)?),
        display_name: row.get(1)?,
        company: row.get(2)?,
        role: row.get(3)?,
        is_sample: row.get(4)?,
        tags: split_packed(tags),
        last_touch: last_at
            .zip(last_kind.and_then(|k| k.parse::<TouchKind>().ok()))
            .map(|(at, kind)| (from_secs(at), kind)),
        stage: Stage::from_number(row.get(8)?),
        cadence_days: row.get(9)?,
    })
}

fn split_packed(packed: Option<String>) -> Vec<String> {
    let mut values: Vec<String> = packed
        .map(|p| p.split(SEP).map(str::to_owned).collect())
        .unwrap_or_default();
    values.sort_by_key(|v| v.to_lowercase());
    values
}

/// Migration 0035: LinkedIn identities re-keyed by today's rule (escapes
/// decoded), their URLs kept decoded; a second copy of one profile on the
/// same person goes. Each changed person's search row follows.
pub(super) fn rekey_linkedin(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let rows: Vec<(i64, i64, String, String)> = tx
        .prepare(
            "SELECT id, person_id, value, normalized FROM identity
             WHERE kind = 'linkedin' ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = std::collections::BTreeSet::new();
    for (id, person, value, old) in rows {
        let Ok(now) = crate::domain::Identity::new(crate::domain::IdentityKind::Linkedin, &value)
        else {
            continue;
        };
        if now.normalized == old && now.value == value {
            continue;
        }
        changed.insert(person);
        if tx.execute(
            "UPDATE OR IGNORE identity SET normalized = ?2, value = ?3 WHERE id = ?1",
            params![id, now.normalized, now.value],
        )? == 0
        {
            tx.execute("DELETE FROM identity WHERE id = ?1", [id])?;
        }
    }
    for person in changed {
        super::search::reindex(tx, PersonId(person))?;
    }
    Ok(())
}

impl Store {
    /// Everything the person page shows about one person.
    pub fn person(&self, id: PersonId) -> Result<Person> {
        self.read(|conn| {
            let person = conn
                .query_row(
                    "SELECT p.id, p.display_name, p.company, p.role, p.how_met, p.where_met,
                            p.introduced_by, i.display_name, p.cadence_days, p.is_sample,
                            p.created_at, p.updated_at, p.stage, p.birthday,
                            p.anniversary, p.deceased
                     FROM person p LEFT JOIN person i ON i.id = p.introduced_by
                     WHERE p.id = ?1",
                    [id.0],
                    |row| {
                        let introducer: Option<i64> = row.get(6)?;
                        let introducer_name: Option<String> = row.get(7)?;
                        Ok(Person {
                            id: PersonId(row.get(0)?),
                            display_name: row.get(1)?,
                            company: row.get(2)?,
                            role: row.get(3)?,
                            how_met: row.get(4)?,
                            where_met: row.get(5)?,
                            introduced_by: introducer
                                .zip(introducer_name)
                                .map(|(i, n)| (PersonId(i), n)),
                            cadence_days: row.get(8)?,
                            is_sample: row.get(9)?,
                            created_at: from_secs(row.get(10)?),
                            updated_at: from_secs(row.get(11)?),
                            stage: Stage::from_number(row.get(12)?),
                            birthday: row
                                .get::<_, Option<String>>(13)?
                                .as_deref()
                                .and_then(Birthday::parse),
                            anniversary: row
                                .get::<_, Option<String>>(14)?
                                .as_deref()
                                .and_then(Birthday::parse),
                            deceased: row.get(15)?,
                            dates: Vec::new(),
                            tags: Vec::new(),
                            identities: Vec::new(),
                            identity_ids: Vec::new(),
                            notes: Vec::new(),
                        })
                    },
                )
                .optional()?
                .ok_or(StoreError::PersonNotFound(id))?;
            let (identity_ids, identities) = identities_of(conn, id)?.into_iter().unzip();
            Ok(Person {
                tags: tags_of(conn, id)?,
                identities,
                identity_ids,
                notes: notes_of(conn, id)?,
                dates: named_dates_of(conn, id)?,
                ..person
            })
        })
    }

    /// A page of the people list: everyone by name, or the matches for
    /// `query` best first. Any text is a valid query.
    pub fn people(&self, query: &str, offset: u64, limit: u64) -> Result<PeoplePage> {
        self.people_at_stage(query, None, offset, limit)
    }

    /// Like [`Store::people`], keeping only people at `stage` when given.
    pub fn people_at_stage(
        &self,
        query: &str,
        stage: Option<Stage>,
        offset: u64,
        limit: u64,
    ) -> Result<PeoplePage> {
        let limit = limit.min(1_000) as i64;
        let start = offset.min(i64::MAX as u64) as i64;
        // 0 means any stage.
        let stage = stage.map_or(0, |s| s as i64);
        self.read(|conn| {
            let (total, total_is_exact, people) = match fts_query(query) {
                None => {
                    let total: i64 = conn
                        .prepare_cached(
                            "SELECT count(*) FROM person p WHERE (?1 = 0 OR p.stage = ?1)",
                        )?
                        .query_row([stage], |r| r.get(0))?;
                    let mut stmt = conn.prepare_cached(&format!(
                        "SELECT {SUMMARY_COLUMNS} FROM person p WHERE (?3 = 0 OR p.stage = ?3)
                         ORDER BY p.display_name COLLATE NOCASE, p.company COLLATE NOCASE, p.id
                         LIMIT ?1 OFFSET ?2"
                    ))?;
                    let people = stmt
                        .query_map(params![limit, start, stage], summary_from_row)?
                        .collect::<rusqlite::Result<_>>()?;
                    (total, true, people)
                }
                Some(_) => {
                    let found = search::matches(conn, query, stage, offset, limit as u64)?
                        .expect("a query with something to match");
                    let mut stmt = conn.prepare_cached(&format!(
                        "SELECT {SUMMARY_COLUMNS} FROM person p WHERE p.id = ?1"
                    ))?;
                    let people = found
                        .ids
                        .iter()
                        .map(|id| stmt.query_row([id.0], summary_from_row))
                        .collect::<rusqlite::Result<_>>()?;
                    (found.total as i64, found.exact, people)
                }
            };
            Ok(PeoplePage {
                total: total as u64,
                total_is_exact,
                offset,
                people,
            })
        })
    }

    /// A page of people kept by `filter` (stage and health) and ordered by
    /// `sort`, at `now` (health depends on the time). With no health
    /// filter and the default order this is [`Store::people_at_stage`].
    pub fn people_filtered(
        &self,
        filter: &PeopleFilter,
        offset: u64,
        limit: u64,
        now: DateTime<Utc>,
    ) -> Result<PeoplePage> {
        if filter.health.is_none() && filter.sort == Sort::Default {
            return self.people_at_stage(&filter.query, filter.stage, offset, limit);
        }
        let limit = limit.min(1_000) as i64;
        let start = offset.min(i64::MAX as u64) as i64;
        let matcher = fts_query(&filter.query);
        let stage = filter.stage.map_or(0, |s| s as i64);
        let health = filter.health.map(|h| h.as_str());
        // Default cadence per stage, from the one place that defines it.
        let defaults: String = Stage::ALL
            .iter()
            .map(|s| format!("WHEN {} THEN {}", *s as i64, s.default_cadence_days()))
            .collect::<Vec<_>>()
            .join(" ");
        let source = if matcher.is_some() {
            "FROM person_search s JOIN person p ON p.id = s.rowid WHERE person_search MATCH ?1"
        } else {
            "FROM person p WHERE ?1 IS NULL"
        };
        let relevance = if matcher.is_some() {
            "bm25(person_search, 10.0, 4.0, 4.0, 3.0, 1.0, 1.0)"
        } else {
            "0"
        };
        let order = match filter.sort {
            Sort::Default if matcher.is_some() => "v.relevance, p.id",
            // The order of the name index (name, company), so paging needs
            // no sort.
            Sort::Default | Sort::Name => {
                "p.display_name COLLATE NOCASE, p.company COLLATE NOCASE, p.id"
            }
            Sort::Recent => "v.last IS NULL, v.last DESC, p.id",
            Sort::Stage => "p.stage DESC, p.display_name COLLATE NOCASE, p.id",
            // Longest past their cadence first; never touched first of all.
            Sort::Attention => {
                "v.last IS NOT NULL, (?2 - coalesce(v.last, 0)) * 1.0 / v.cadence DESC, p.id"
            }
        };
        let view = format!(
            "WITH v AS (
                SELECT p.id, {relevance} AS relevance,
                       (SELECT max(happened_at) FROM touch WHERE person_id = p.id) AS last,
                       coalesce(p.cadence_days,
                                (SELECT min(t.cadence_days) FROM person_tag pt
                                 JOIN tag t ON t.id = pt.tag_id WHERE pt.person_id = p.id),
                                CASE p.stage {defaults} END) * 86400 AS cadence
                {source} AND (?3 = 0 OR p.stage = ?3)
             ), h AS (
                SELECT v.*, kith_health(v.last, v.cadence / 86400, ?2) AS health
                FROM v
             )"
        );
        let keep = "(?4 IS NULL OR v.health = ?4)";
        self.read(|conn| {
            let now = to_secs(now);
            let total: i64 = conn
                .prepare_cached(&format!("{view} SELECT count(*) FROM h v WHERE {keep}"))?
                .query_row(params![matcher, now, stage, health], |r| r.get(0))?;
            let mut stmt = conn.prepare_cached(&format!(
                "{view} SELECT {SUMMARY_COLUMNS} FROM h v JOIN person p ON p.id = v.id
                 WHERE {keep} ORDER BY {order} LIMIT ?5 OFFSET ?6"
            ))?;
            let people = stmt
                .query_map(
                    params![matcher, now, stage, health, limit, start],
                    summary_from_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            Ok(PeoplePage {
                total: total as u64,
                total_is_exact: true,
                offset,
                people,
            })
        })
    }

    /// Finds one person by id (`42` or `#42`) or by a name that matches
    /// exactly one person (exact name first, then search).
    pub fn resolve_person(&self, query: &str) -> Result<PersonId> {
        let text = query.trim();
        if let Ok(id) = text.trim_start_matches('#').parse::<i64>() {
            let id = PersonId(id);
            let exists = self.read(|conn| {
                Ok(conn
                    .query_row("SELECT 1 FROM person WHERE id = ?1", [id.0], |_| Ok(()))
                    .optional()?
                    .is_some())
            })?;
            return if exists {
                Ok(id)
            } else {
                Err(StoreError::PersonNotFound(id))
            };
        }
        let exact: Vec<(PersonId, String)> = self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, display_name FROM person WHERE display_name = ?1 COLLATE NOCASE
                 ORDER BY id LIMIT 20",
            )?;
            let rows = stmt
                .query_map([text], |r| Ok((PersonId(r.get(0)?), r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })?;
        let candidates = if exact.is_empty() {
            let found: Vec<(PersonId, String)> = self
                .people(text, 0, 20)?
                .people
                .into_iter()
                .map(|p| (p.id, p.display_name))
                .collect();
            // Someone whose name matches beats someone whose notes or
            // touches mention the words.
            let by_name: Vec<(PersonId, String)> = found
                .iter()
                .filter(|(_, name)| name_matches(text, name))
                .cloned()
                .collect();
            if by_name.is_empty() {
                found
            } else {
                by_name
            }
        } else {
            exact
        };
        match candidates.as_slice() {
            [] => Err(StoreError::NoMatch(text.to_owned())),
            [(id, _)] => Ok(*id),
            _ => Err(StoreError::Ambiguous {
                query: text.to_owned(),
                candidates,
            }),
        }
    }

    /// Every person's id, oldest first (for exports).
    pub fn person_ids(&self) -> Result<Vec<PersonId>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached("SELECT id FROM person ORDER BY id")?;
            let ids = stmt
                .query_map([], |r| Ok(PersonId(r.get(0)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        })
    }

    /// How many people there are.
    pub fn people_count(&self) -> Result<u64> {
        self.read(|conn| {
            let n: i64 = conn.query_row("SELECT count(*) FROM person", [], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    /// All tag names in use, for suggestions.
    pub fn tags(&self) -> Result<Vec<String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT name FROM tag WHERE id IN (SELECT tag_id FROM person_tag)
                 ORDER BY name COLLATE NOCASE",
            )?;
            let names = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(names)
        })
    }
}

/// Strips control characters that have no place in a name or note (keeping
/// newlines and tabs), including the separator packed lists use.
/// Whether every word of `query` starts a word of `name`.
fn name_matches(query: &str, name: &str) -> bool {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .all(|q| words.iter().any(|w| w.starts_with(&q)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Identity, IdentityKind, PersonBundle, PersonDraft};
    use crate::store::tests::t0;

    fn ada() -> PersonDraft {
        PersonDraft::named("Ada Lovelace")
            .unwrap()
            .with_company(Some("Analytical Engines Ltd"))
            .unwrap()
            .with_tags(&["Close", "Math"])
            .unwrap()
            .with_identity(Identity::new(IdentityKind::Email, "ada@example.org").unwrap())
    }

    #[test]
    fn filters_parse_from_the_shared_identifiers() {
        use crate::stage::Health;
        let filter = PeopleFilter::parse(
            "ada",
            Some("in-conversation"),
            Some("cold"),
            Some("attention"),
        )
        .unwrap();
        assert_eq!(filter.stage, Some(Stage::InConversation));
        assert_eq!(filter.health, Some(Health::Cold));
        assert_eq!(filter.sort, Sort::Attention);
        assert_eq!(
            PeopleFilter::parse("", None, None, None).unwrap(),
            PeopleFilter::default()
        );
        for (stage, health, sort, word) in [
            (Some("friend"), None, None, "stage 'friend'"),
            (None, Some("lukewarm"), None, "health 'lukewarm'"),
            (None, None, Some("age"), "order 'age'"),
        ] {
            let error = PeopleFilter::parse("", stage, health, sort).unwrap_err();
            assert!(error.to_string().contains(word), "{error}");
            assert!(error.to_string().contains("use one of"), "{error}");
        }
    }

    #[test]
    fn lists_filter_by_health_and_sort_by_recency_stage_and_attention() {
        use crate::domain::{Channel, Direction, TouchDraft};
        use crate::stage::Health;
        use chrono::Duration;
        let store = Store::open_in_memory().unwrap();
        let now = t0();
        let person = |name: &str, cadence: Option<u32>| {
            let draft = PersonDraft::named(name)
                .unwrap()
                .with_cadence(cadence)
                .unwrap();
            store.create_person(&draft, now).unwrap()
        };
        let touch = |id: PersonId, kind: TouchKind, direction: Direction, days: i64| {
            let at = now - Duration::days(days);
            let draft = TouchDraft::new(id, kind, Channel::Email, direction, at, None).unwrap();
            store.log_touch(&draft, now).unwrap();
        };
        // Warm: touched 5 days ago on a 30-day cadence, in conversation.
        let warm = person("Warm Wanda", Some(30));
        touch(warm, TouchKind::Email, Direction::Out, 6);
        touch(warm, TouchKind::Email, Direction::In, 5);
        // Cooling: 40 days on a 30-day cadence.
        let cooling = person("Cooling Carl", Some(30));
        touch(cooling, TouchKind::Note, Direction::Out, 40);
        // Cold: 100 days on a 30-day cadence; never touched.
        let cold = person("Cold Cora", Some(30));
        touch(cold, TouchKind::Note, Direction::Out, 100);
        person("Never Nils", None);

        let names = |filter: PeopleFilter| -> Vec<String> {
            store
                .people_filtered(&filter, 0, 10, now)
                .unwrap()
                .people
                .into_iter()
                .map(|p| p.display_name)
                .collect()
        };
        let by_health = |health| PeopleFilter {
            health: Some(health),
            ..PeopleFilter::default()
        };
        assert_eq!(names(by_health(Health::Warm)), vec!["Warm Wanda"]);
        assert_eq!(names(by_health(Health::Cooling)), vec!["Cooling Carl"]);
        assert_eq!(
            names(by_health(Health::Cold)),
            vec!["Cold Cora", "Never Nils"]
        );
        // The same rule as the summaries' own health.
        for summary in store.people("", 0, 10).unwrap().people {
            let filtered = by_health(summary.health(now));
            assert!(names(filtered).contains(&summary.display_name));
        }

        let sorted = |sort| PeopleFilter {
            sort,
            ..PeopleFilter::default()
        };
        assert_eq!(
            names(sorted(Sort::Recent)),
            vec!["Warm Wanda", "Cooling Carl", "Cold Cora", "Never Nils"]
        );
        assert_eq!(names(sorted(Sort::Stage))[0], "Warm Wanda");
        assert_eq!(
            names(sorted(Sort::Attention)),
            vec!["Never Nils", "Cold Cora", "Cooling Carl", "Warm Wanda"]
        );
        // Search words and filters combine.
        let searched = PeopleFilter {
            query: "cora".into(),
            health: Some(Health::Cold),
            ..PeopleFilter::default()
        };
        assert_eq!(names(searched), vec!["Cold Cora"]);
        let page = store
            .people_filtered(&by_health(Health::Cold), 0, 10, now)
            .unwrap();
        assert_eq!(page.total, 2);
    }

    #[test]
    fn a_person_round_trips_with_identities_tags_and_notes() {
        let store = Store::open_in_memory().unwrap();
        let id = store.create_person(&ada(), t0()).unwrap();
        store.add_note(id, "Loves <b>poetry</b>", t0()).unwrap();
        let person = store.person(id).unwrap();
        assert_eq!(person.display_name, "Ada Lovelace");
        assert_eq!(person.company.as_deref(), Some("Analytical Engines Ltd"));
        assert_eq!(person.tags, vec!["Close", "Math"]);
        assert_eq!(person.identities[0].normalized, "ada@example.org");
        assert_eq!(person.notes[0].body, "Loves <b>poetry</b>");
    }

    #[test]
    fn updating_replaces_identities_and_tags() {
        let store = Store::open_in_memory().unwrap();
        let id = store.create_person(&ada(), t0()).unwrap();
        let edited = PersonDraft::named("Ada King")
            .unwrap()
            .with_tags(&["Poetry"])
            .unwrap();
        store.update_person(id, &edited, t0()).unwrap();
        let person = store.person(id).unwrap();
        assert_eq!(person.display_name, "Ada King");
        assert_eq!(person.tags, vec!["Poetry"]);
        assert!(person.identities.is_empty());
        assert_eq!(store.people("Lovelace", 0, 10).unwrap().total, 0);
        assert_eq!(store.people("King", 0, 10).unwrap().total, 1);
    }

    #[test]
    fn deleting_a_person_removes_them_from_search() {
        let store = Store::open_in_memory().unwrap();
        let id = store.create_person(&ada(), t0()).unwrap();
        store.trash_person(id, t0()).unwrap();
        assert_eq!(store.people("ada", 0, 10).unwrap().total, 0);
        assert!(matches!(
            store.person(id),
            Err(StoreError::PersonNotFound(_))
        ));
        assert!(matches!(
            store.trash_person(id, t0()),
            Err(StoreError::PersonNotFound(_))
        ));
    }

    #[test]
    fn a_person_cannot_introduce_themselves_or_a_missing_person() {
        let store = Store::open_in_memory().unwrap();
        let id = store.create_person(&ada(), t0()).unwrap();
        let mut draft = ada();
        draft.introduced_by = Some(id);
        assert!(matches!(
            store.update_person(id, &draft, t0()),
            Err(StoreError::Input(InputError::SelfIntroduction))
        ));
        draft.introduced_by = Some(PersonId(999));
        assert!(matches!(
            store.create_person(&draft, t0()),
            Err(StoreError::PersonNotFound(PersonId(999)))
        ));
        assert_eq!(store.people_count().unwrap(), 1, "nothing partial written");
    }

    #[test]
    fn people_are_listed_by_name_in_pages() {
        let store = Store::open_in_memory().unwrap();
        for name in ["Charlie", "alice", "Bob"] {
            store
                .create_person(&PersonDraft::named(name).unwrap(), t0())
                .unwrap();
        }
        let page = store.people("", 1, 5).unwrap();
        assert_eq!(page.total, 3);
        let names: Vec<_> = page
            .people
            .iter()
            .map(|p| p.display_name.as_str())
            .collect();
        assert_eq!(names, ["Bob", "Charlie"]);
    }

    #[test]
    fn the_list_filters_by_stage_with_or_without_a_query() {
        use crate::domain::{Channel, Direction, TouchDraft};
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_person(&ada(), t0()).unwrap();
        store
            .create_person(&PersonDraft::named("Ada Byron").unwrap(), t0())
            .unwrap();
        let note = TouchDraft::new(
            ada,
            TouchKind::Note,
            Channel::Email,
            Direction::Out,
            t0(),
            None,
        )
        .unwrap();
        store.log_touch(&note, t0()).unwrap();
        let at = |stage, query: &str| {
            store
                .people_at_stage(query, stage, 0, 10)
                .unwrap()
                .people
                .into_iter()
                .map(|p| p.display_name)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(Some(Stage::Acknowledged), ""), ["Ada Lovelace"]);
        assert_eq!(at(Some(Stage::Connected), "ada"), ["Ada Byron"]);
        assert_eq!(at(None, "ada").len(), 2);
        assert_eq!(
            store
                .people_at_stage("", Some(Stage::Trusted), 0, 10)
                .unwrap()
                .total,
            0
        );
    }

    #[test]
    fn resolve_finds_by_id_exact_name_or_unique_match() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_person(&ada(), t0()).unwrap();
        let grace = store
            .create_person(&PersonDraft::named("Grace Hopper").unwrap(), t0())
            .unwrap();
        store
            .create_person(&PersonDraft::named("Grace Kelly").unwrap(), t0())
            .unwrap();
        assert_eq!(store.resolve_person(&ada.to_string()).unwrap(), ada);
        assert_eq!(store.resolve_person("#1").unwrap(), ada);
        assert_eq!(store.resolve_person("ada lovelace").unwrap(), ada);
        assert_eq!(store.resolve_person("hopper").unwrap(), grace);
        assert!(matches!(
            store.resolve_person("grace"),
            Err(StoreError::Ambiguous { ref candidates, .. }) if candidates.len() == 2
        ));
        assert!(matches!(
            store.resolve_person("nobody"),
            Err(StoreError::NoMatch(_))
        ));
        assert!(matches!(
            store.resolve_person("77"),
            Err(StoreError::PersonNotFound(PersonId(77)))
        ));
    }

    #[test]
    fn people_are_added_in_bulk_all_or_nothing() {
        use crate::domain::{Channel, Direction, TouchSpec};
        let store = Store::open_in_memory().unwrap();
        let touch = TouchSpec::new(
            TouchKind::Message,
            Channel::Linkedin,
            Direction::In,
            t0(),
            Some("asked about the Berlin role"),
        )
        .unwrap();
        let bundle = |name: &str, introduced_by: Option<PersonId>| PersonBundle {
            person: PersonDraft {
                introduced_by,
                ..PersonDraft::named(name).unwrap()
            },
            touches: vec![touch.clone()],
            notes: vec!["met at RustConf".into()],
            follow_ups: Vec::new(),
            topics: Vec::new(),
            needs: Vec::new(),
        };
        let ids = store
            .add_people(
                &[bundle("Ada", None), bundle("Grace", None)],
                chrono_tz::Tz::UTC,
                t0(),
            )
            .unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(store.touches(ids[1]).unwrap().len(), 1);
        assert_eq!(store.people("berlin rustconf", 0, 10).unwrap().total, 2);
        // The second bundle names an introducer that does not exist: nothing
        // of this batch is written.
        let err = store
            .add_people(
                &[bundle("Alan", None), bundle("Edsger", Some(PersonId(99)))],
                chrono_tz::Tz::UTC,
                t0(),
            )
            .unwrap_err();
        assert!(matches!(err, StoreError::PersonNotFound(PersonId(99))));
        assert_eq!(store.people_count().unwrap(), 2);
        assert_eq!(store.people("alan", 0, 10).unwrap().total, 0);
    }

    #[test]
    fn control_characters_are_stripped_from_stored_text() {
        let store = Store::open_in_memory().unwrap();
        let draft = PersonDraft::named("Eve\u{1f}\u{0}Mallory").unwrap();
        let id = store.create_person(&draft, t0()).unwrap();
        assert_eq!(store.person(id).unwrap().display_name, "EveMallory");
    }
}
