//! Applying an import: each contact is matched to a person by a strong key
//! (LinkedIn profile, e-mail, phone — in that order — or the key the same
//! source row had last time), then created or updated; everything in one
//! transaction, so an import is all there or not at all.
//!
//! Re-importing the same file changes nothing: identities, tags and notes
//! are only added when missing, and a touch is added only when the person
//! has no touch of the same kind, channel, direction, time and summary.
//! A newer export updates company and role.
//!
//! Never fold two people into one: a shared key means "same person" only
//! when the names agree ([`crate::names`]). An office switchboard, a family
//! landline or a team inbox shared by different names makes a new person
//! and a likely-duplicate pair that says what is shared. A person with the
//! same name and company but no shared key is likewise a suggestion, never
//! a silent merge. The same holds between two rows of one file.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::photo_rows::write_photo;
use super::rows::insert_touch_row;
use super::rows::refresh_stage;
use super::rows::PersonRef;
use super::rows::{clean, insert_note, insert_person_row, write_details};
use super::search::{index_added, reindex};
use super::{to_secs, Result, Store, StoreError};
use crate::domain::{is_national, Country, IdentityKind, PersonId, TouchKind, TouchSpec};
use crate::import::{Contact, Row, Skipped};
use crate::names::names_agree;

/// What became of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// A new person who looks like someone already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeSuggestion {
    pub line: u64,
    pub new: PersonRef,
    pub existing: PersonRef,
    pub reason: String,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: Vec<Skipped>,
    pub touches_added: u64,
    /// New people made because a strong key they share with someone came
    /// with a plainly different name (each also in `suggestions`).
    pub kept_apart: u64,
    /// New connections that wait in the welcome queue (connected within the
    /// welcome window) and older ones, candidates to reconnect with.
    pub to_welcome: u64,
    pub to_reconnect: u64,
    pub suggestions: Vec<MergeSuggestion>,
    /// Links the cards named between people (vCard `RELATED`, Apple's
    /// related names, Google's relations).
    pub links_added: u64,
    /// Photos the cards gave to people who had none.
    pub photos_added: u64,
    /// Phone numbers written without their country and read as the home
    /// country's, and how many of those are already someone's number.
    pub national_placed: u64,
    pub national_matched: u64,
    /// Phone numbers written without their country that kept their
    /// digits: no home country is set, or they are not its numbers.
    pub national_unplaced: u64,
    /// The home country they were read in (`None`: none is set).
    pub home_country: Option<Country>,
    /// Whether it was written (false for a dry run).
    pub committed: bool,
}

/// The strong keys, strongest first.
const STRONG: [IdentityKind; 3] = [
    IdentityKind::Linkedin,
    IdentityKind::Email,
    IdentityKind::Phone,
];

/// Someone who holds one of a contact's strong keys.
struct Holder {
    person: PersonRef,
    /// The shared key as the contact wrote it, and its kind.
    shared: (IdentityKind, String),
}

/// Where a contact belongs.
enum Found {
    /// This person.
    Person(PersonId),
    /// Nobody: a new person. `apart` is someone who shares a strong key but
    /// whose name plainly differs, to list as a likely duplicate.
    New { apart: Option<Holder> },
}

/// What an import looks people up by, read once at its start and kept up
/// to date as it writes (one transaction: nothing else writes meanwhile):
/// who holds each strong key, in id order, and whom each source row made
/// (with the name the row carried).
struct Known {
    holders: HashMap<(&'static str, String), Vec<PersonRef>>,
    keys: HashMap<(String, String), (PersonId, Option<String>)>,
}

impl Known {
    fn load(conn: &Connection) -> Result<Self> {
        let mut holders: HashMap<(&'static str, String), Vec<PersonRef>> = HashMap::new();
        let kinds: Vec<String> = STRONG.iter().map(|k| format!("'{}'", k.as_str())).collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT i.kind, i.normalized, p.id, p.display_name
             FROM identity i JOIN person p ON p.id = i.person_id
             WHERE i.kind IN ({}) ORDER BY p.id",
            kinds.join(", ")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let kind: String = row.get(0)?;
            let Some(kind) = STRONG.iter().find(|k| k.as_str() == kind) else {
                continue;
            };
            let person = PersonRef {
                id: PersonId(row.get(2)?),
                display_name: row.get(3)?,
            };
            holders
                .entry((kind.as_str(), row.get(1)?))
                .or_default()
                .push(person);
        }
        let keys = conn
            .prepare("SELECT source, key, person_id, name FROM import_key")?
            .query_map([], |r| {
                Ok(((r.get(0)?, r.get(1)?), (PersonId(r.get(2)?), r.get(3)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self { holders, keys })
    }

    /// The people who hold any of the contact's strong keys, strongest key
    /// first, each once.
    fn holders(&self, contact: &Contact) -> Vec<Holder> {
        let mut found: Vec<Holder> = Vec::new();
        for kind in STRONG {
            let keys = contact
                .person
                .identities
                .iter()
                .filter(|i| i.kind == kind && i.is_key());
            for identity in keys {
                let people = self
                    .holders
                    .get(&(kind.as_str(), identity.normalized.clone()))
                    .map_or(&[][..], Vec::as_slice);
                for person in people {
                    if found.iter().all(|h| h.person.id != person.id) {
                        found.push(Holder {
                            person: person.clone(),
                            shared: (kind, identity.value.clone()),
                        });
                    }
                }
            }
        }
        found
    }

    /// Whether `person` is known to hold every strong key of `contact`.
    fn all_held_by(&self, person: PersonId, contact: &Contact) -> bool {
        contact
            .person
            .identities
            .iter()
            .filter(|i| STRONG.contains(&i.kind))
            .all(|i| {
                self.holders
                    .get(&(i.kind.as_str(), i.normalized.clone()))
                    .is_some_and(|list| list.iter().any(|p| p.id == person))
            })
    }

    /// Notes that `person` now holds every strong key of `contact`.
    fn holds(&mut self, person: &PersonRef, contact: &Contact) {
        for identity in &contact.person.identities {
            let Some(kind) = STRONG.iter().find(|k| **k == identity.kind) else {
                continue;
            };
            let list = self
                .holders
                .entry((kind.as_str(), identity.normalized.clone()))
                .or_default();
            if let Err(at) = list.binary_search_by_key(&person.id, |p| p.id) {
                list.insert(at, person.clone());
            }
        }
    }
}

/// Keys the contact's phone numbers in the home country, counting in the
/// report what it placed (and matched) and what it could not.
fn localize(
    contact: &mut Contact,
    home: Option<Country>,
    known: &Known,
    report: &mut ImportReport,
) {
    for identity in &mut contact.person.identities {
        if identity.kind != IdentityKind::Phone || !is_national(&identity.value) {
            continue;
        }
        *identity = identity.clone().in_country(home);
        if identity.normalized.starts_with('+') {
            report.national_placed += 1;
            if known
                .holders
                .contains_key(&(IdentityKind::Phone.as_str(), identity.normalized.clone()))
            {
                report.national_matched += 1;
            }
        } else {
            report.national_unplaced += 1;
        }
    }
}

/// Finds the person a contact is: the one its source row created last
/// time, else someone who shares a strong key *and* whose name agrees
/// ([`names_agree`]). A strong key held only by people of another name
/// makes a new person, never a silent merge.
fn find_person(known: &Known, contact: &Contact) -> Found {
    let holders = known.holders(contact);
    let has_strong = contact
        .person
        .identities
        .iter()
        .any(|i| STRONG.contains(&i.kind) && i.is_key());
    let name = &contact.person.display_name;
    let agreeing = holders
        .iter()
        .find(|h| names_agree(name, &h.person.display_name));
    if let Some(source_key) = &contact.source_key {
        let remembered = known.keys.get(source_key).map(|(person, _)| *person);
        // The person this row made last time, unless something says
        // otherwise: with strong keys, they must still hold one (two
        // profiles with the same name and date are two people), and
        // someone holding one whose name agrees better wins (after a split).
        if let Some(person) = remembered {
            let holder = holders.iter().find(|h| h.person.id == person);
            let fits = match holder {
                _ if !has_strong => true,
                None => false,
                Some(h) => agreeing.is_none() || names_agree(name, &h.person.display_name),
            };
            if fits {
                return Found::Person(person);
            }
        }
    }
    if let Some(same) = agreeing {
        return Found::Person(same.person.id);
    }
    Found::New {
        apart: holders.into_iter().next(),
    }
}

/// Why a contact kept apart from `holder` is listed as a likely duplicate.
fn apart_reason(holder: &Holder) -> String {
    let (kind, value) = &holder.shared;
    let what = match kind {
        IdentityKind::Email => "e-mail",
        IdentityKind::Phone => "phone",
        _ => "LinkedIn profile",
    };
    format!(
        "shares the {what} {value} with {}, but the names differ",
        holder.person.display_name
    )
}

/// Someone with the same name and company (both given), for a suggestion.
fn look_alike(conn: &Connection, contact: &Contact, except: PersonId) -> Result<Option<PersonRef>> {
    let Some(company) = contact.person.company.as_deref() else {
        return Ok(None);
    };
    let found = conn
        .prepare_cached(
            "SELECT id, display_name FROM person
             WHERE display_name = ?1 COLLATE NOCASE AND company = ?2 COLLATE NOCASE AND id <> ?3
             ORDER BY id LIMIT 1",
        )?
        .query_row(
            params![
                clean(&contact.person.display_name),
                clean(company),
                except.0
            ],
            |r| {
                Ok(PersonRef {
                    id: PersonId(r.get(0)?),
                    display_name: r.get(1)?,
                })
            },
        )
        .optional()?;
    Ok(found)
}

/// Remembers that the contact's source row made (or found) `person`; a key
/// already remembered so, with the same name, is not written again (a
/// re-import of an unchanged file writes no keys).
fn remember_key(
    conn: &Connection,
    known: &mut Known,
    contact: &Contact,
    person: PersonId,
) -> Result<()> {
    let Some(source_key) = &contact.source_key else {
        return Ok(());
    };
    let remembered = (person, Some(clean(&contact.person.display_name)));
    if known.keys.get(source_key) == Some(&remembered) {
        return Ok(());
    }
    let (source, key) = source_key;
    conn.prepare_cached(
        "INSERT INTO import_key (source, key, person_id, name) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (source, key) DO UPDATE SET person_id = excluded.person_id, name = excluded.name",
    )?
    .execute(params![source, key, person.0, remembered.1])?;
    known.keys.insert(source_key.clone(), remembered);
    Ok(())
}

/// Adds the touches the person does not have yet (all of them for a
/// person just created); returns how many.
fn add_touches(
    conn: &Connection,
    person: PersonId,
    touches: &[TouchSpec],
    created: bool,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut exists = conn.prepare_cached(
        "SELECT 1 FROM touch WHERE person_id = ?1 AND happened_at = ?2 AND kind = ?3
             AND channel = ?4 AND direction = ?5 AND coalesce(summary, '') = ?6",
    )?;
    // What makes two touches one: the same moment (to the second), kind,
    // channel, direction and summary.
    let key = |t: &TouchSpec| {
        (
            to_secs(t.at),
            t.kind.as_str(),
            t.channel.as_str(),
            t.direction.as_str(),
            t.summary.as_deref().map(clean).unwrap_or_default(),
        )
    };
    let mut added = 0;
    for (i, touch) in touches.iter().enumerate() {
        let (at, kind, channel, direction, summary) = key(touch);
        // A person just created has only the touches added before this one.
        let known = if created {
            touches[..i]
                .iter()
                .any(|earlier| key(earlier) == key(touch))
        } else {
            exists
                .query_row(
                    params![person.0, at, kind, channel, direction, summary],
                    |_| Ok(()),
                )
                .optional()?
                .is_some()
        };
        if !known {
            insert_touch_row(conn, &touch.clone().with(person), now)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Adds the notes the person does not have yet; returns how many.
fn add_notes(
    conn: &Connection,
    person: PersonId,
    notes: &[String],
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut exists =
        conn.prepare_cached("SELECT 1 FROM note WHERE person_id = ?1 AND body = ?2")?;
    let mut added = 0;
    for note in notes {
        let body = clean(note);
        if exists
            .query_row(params![person.0, body], |_| Ok(()))
            .optional()?
            .is_none()
        {
            insert_note(conn, person, &body, now)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Brings an existing person up to date with a contact; true if anything
/// changed.
fn update(
    conn: &Connection,
    person: PersonId,
    contact: &Contact,
    now: DateTime<Utc>,
) -> Result<bool> {
    let draft = &contact.person;
    let mut changed = conn
        .prepare_cached(
            "UPDATE person SET company = coalesce(?2, company), role = coalesce(?3, role),
                 birthday = coalesce(?4, birthday), anniversary = coalesce(?6, anniversary),
                 updated_at = ?5
             WHERE id = ?1 AND (company IS NOT coalesce(?2, company) OR role IS NOT coalesce(?3, role)
                                OR birthday IS NOT coalesce(?4, birthday)
                                OR anniversary IS NOT coalesce(?6, anniversary))",
        )?
        .execute(params![
            person.0,
            draft.company.as_deref().map(clean),
            draft.role.as_deref().map(clean),
            contact.birthday.map(|b| b.to_text()),
            to_secs(now),
            contact.anniversary.map(|b| b.to_text())
        ])?
        > 0;
    changed |= write_details(conn, person, draft, now)? > 0;
    changed |= add_notes(conn, person, &contact.notes, now)? > 0;
    Ok(changed)
}

fn create(conn: &Connection, contact: &Contact, now: DateTime<Utc>) -> Result<PersonId> {
    let draft = crate::domain::PersonDraft {
        introduced_by: None,
        ..contact.person.clone()
    };
    let person = insert_person_row(conn, &draft, now, false)?;
    if contact.birthday.is_some() || contact.anniversary.is_some() {
        conn.prepare_cached("UPDATE person SET birthday = ?2, anniversary = ?3 WHERE id = ?1")?
            .execute(params![
                person.0,
                contact.birthday.map(|b| b.to_text()),
                contact.anniversary.map(|b| b.to_text())
            ])?;
    }
    add_notes(conn, person, &contact.notes, now)?;
    Ok(person)
}

/// Why an import stopped: the source failed (a read error half-way), or
/// the database did. Either way nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure<E: std::error::Error + 'static> {
    #[error(transparent)]
    Source(E),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Imports `rows` in one transaction (rolled back when `dry_run`, so
    /// the report says exactly what a real import would do). A row that is
    /// an error stops the import and writes nothing.
    pub fn import<E: std::error::Error + 'static>(
        &self,
        rows: impl IntoIterator<Item = std::result::Result<Row, E>>,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> std::result::Result<ImportReport, ImportFailure<E>> {
        let result = self.import_rows(rows, dry_run, now);
        if let Err(ImportFailure::Store(error)) = &result {
            self.note_error(error);
        }
        result
    }

    fn import_rows<E: std::error::Error + 'static>(
        &self,
        rows: impl IntoIterator<Item = std::result::Result<Row, E>>,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> std::result::Result<ImportReport, ImportFailure<E>> {
        let welcome_from = super::rows::welcome_since(now, self.settings()?.welcome_days);
        let mut conn = self.writer()?;
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let mut report = ImportReport::default();
        // Search entries and stages are rebuilt once per person at the end;
        // a new person whose only touches are the connection itself is
        // Connected already.
        let mut touched: BTreeSet<PersonId> = BTreeSet::new();
        // Everyone above this id is new, indexed in one pass at the end.
        let newest_before = PersonId(
            tx.query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))
                .map_err(StoreError::from)?,
        );
        let mut restage: BTreeSet<PersonId> = BTreeSet::new();
        let mut known = Known::load(&tx)?;
        let home = super::phone_rows::home_country(&tx)?;
        report.home_country = home;
        let mut related: Vec<(PersonId, crate::import::Related)> = Vec::new();
        for row in rows {
            // Dropping the transaction on an error rolls it back.
            let mut contact = match row.map_err(ImportFailure::Source)? {
                Row::Skipped(skipped) => {
                    report.skipped.push(skipped);
                    continue;
                }
                Row::Contact(contact) => contact,
            };
            localize(&mut contact, home, &known, &mut report);
            let (person, outcome) = match find_person(&known, &contact) {
                Found::Person(person) => {
                    let changed = update(&tx, person, &contact, now)?;
                    if !known.all_held_by(person, &contact) {
                        let name: String = tx
                            .prepare_cached("SELECT display_name FROM person WHERE id = ?1")
                            .and_then(|mut s| s.query_row([person.0], |r| r.get(0)))
                            .map_err(StoreError::from)?;
                        known.holds(
                            &PersonRef {
                                id: person,
                                display_name: name,
                            },
                            &contact,
                        );
                    }
                    (
                        person,
                        if changed {
                            Outcome::Updated
                        } else {
                            Outcome::Unchanged
                        },
                    )
                }
                Found::New { apart } => {
                    let person = create(&tx, &contact, now)?;
                    let new = PersonRef {
                        id: person,
                        display_name: contact.person.display_name.clone(),
                    };
                    known.holds(
                        &PersonRef {
                            id: person,
                            display_name: clean(&contact.person.display_name),
                        },
                        &contact,
                    );
                    if let Some(holder) = apart {
                        report.kept_apart += 1;
                        report.suggestions.push(MergeSuggestion {
                            line: contact.line,
                            reason: apart_reason(&holder),
                            existing: holder.person,
                            new,
                        });
                    } else if let Some(existing) = look_alike(&tx, &contact, person)? {
                        report.suggestions.push(MergeSuggestion {
                            line: contact.line,
                            new,
                            existing,
                            reason: "same name and company, no e-mail, phone or profile in common"
                                .to_owned(),
                        });
                    }
                    (person, Outcome::New)
                }
            };
            remember_key(&tx, &mut known, &contact, person)?;
            let photo_added = match &contact.photo {
                Some(photo) => write_photo(&tx, person, photo, None, false, now)?,
                None => false,
            };
            report.photos_added += u64::from(photo_added);
            related.extend(contact.related.iter().map(|r| (person, r.clone())));
            let created = outcome == Outcome::New;
            let added = add_touches(&tx, person, &contact.touches, created, now)?;
            report.touches_added += added;
            let outcome = match outcome {
                Outcome::Unchanged if added > 0 || photo_added => Outcome::Updated,
                other => other,
            };
            if outcome == Outcome::New {
                let connected = contact
                    .touches
                    .iter()
                    .filter(|t| t.kind == TouchKind::Connected)
                    .map(|t| t.at)
                    .max();
                match connected {
                    Some(at) if at >= welcome_from => report.to_welcome += 1,
                    Some(_) => report.to_reconnect += 1,
                    None => {}
                }
            }
            match outcome {
                Outcome::New => report.new += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
            if outcome != Outcome::Unchanged {
                touched.insert(person);
            }
            let only_connected = contact
                .touches
                .iter()
                .all(|t| t.kind == TouchKind::Connected);
            if added > 0 && (outcome != Outcome::New || !only_connected) {
                restage.insert(person);
            }
        }
        // Everyone is in now: the cards' ties can find each other.
        report.links_added = super::link_rows::link_related(&tx, &related, now)?;
        for person in touched.into_iter().filter(|p| *p <= newest_before) {
            reindex(&tx, person)?;
        }
        index_added(&tx, newest_before)?;
        for person in restage {
            refresh_stage(&tx, person, now)?;
        }
        if dry_run {
            tx.rollback().map_err(StoreError::from)?;
        } else {
            if report.new + report.updated > super::LARGE_CHANGE {
                if let Some(db) = &self.path {
                    super::files::before_change(&tx, db, super::BackupKind::BeforeImport, now)?;
                }
            }
            tx.commit().map_err(StoreError::from)?;
            report.committed = true;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, Direction, Identity, PersonDraft};
    use crate::import::Birthday;
    use crate::store::tests::t0;

    type Rows = Vec<std::result::Result<Row, std::io::Error>>;

    fn ok(rows: Vec<Row>) -> Rows {
        rows.into_iter().map(Ok).collect()
    }

    fn contact(line: u64, name: &str, company: Option<&str>, slug: Option<&str>) -> Row {
        let mut person = PersonDraft::named(name)
            .unwrap()
            .with_company(company)
            .unwrap();
        if let Some(slug) = slug {
            person = person.with_identity(Identity::new(IdentityKind::Linkedin, slug).unwrap());
        }
        let touch = TouchSpec::new(
            TouchKind::Connected,
            Channel::Linkedin,
            Direction::Mutual,
            t0(),
            None,
        )
        .unwrap();
        Row::Contact(Box::new(Contact {
            line,
            source_key: None,
            person,
            birthday: None,
            anniversary: None,
            notes: Vec::new(),
            touches: vec![touch],
            related: Vec::new(),
            photo: None,
        }))
    }

    #[test]
    fn a_new_persons_repeated_touch_is_added_once_and_they_are_found_by_name() {
        let store = Store::open_in_memory().unwrap();
        let mut row = contact(2, "Ada Lovelace", None, Some("ada-lovelace"));
        if let Row::Contact(contact) = &mut row {
            let again = contact.touches[0].clone();
            let call = TouchSpec::new(
                TouchKind::Call,
                Channel::Phone,
                Direction::Out,
                t0(),
                Some("the engine"),
            )
            .unwrap();
            contact.touches.extend([again, call.clone(), call]);
        }
        let report = store.import(ok(vec![row]), false, t0()).unwrap();
        assert_eq!(report.touches_added, 2);
        let ada = store.resolve_person("Ada Lovelace").unwrap();
        assert_eq!(store.touches(ada).unwrap().len(), 2);
        // Indexed with everyone new in one pass: name words and full text.
        assert_eq!(store.people("lov", 0, 10).unwrap().people[0].id, ada);
        assert_eq!(store.people("engine", 0, 10).unwrap().total, 1);
        assert!(store.check().unwrap().healthy());
    }

    #[test]
    fn importing_the_same_rows_twice_changes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let rows = || {
            vec![
                contact(
                    2,
                    "Ada Lovelace",
                    Some("Analytical Engines"),
                    Some("ada-lovelace"),
                ),
                contact(3, "Grace Hopper", Some("Navy"), Some("grace-hopper")),
                Row::Skipped(Skipped::new(4, "hidden profile")),
            ]
        };
        let first = store.import(ok(rows()), false, t0()).unwrap();
        assert_eq!((first.new, first.updated, first.unchanged), (2, 0, 0));
        assert_eq!(first.touches_added, 2);
        assert_eq!(first.skipped, vec![Skipped::new(4, "hidden profile")]);
        let second = store.import(ok(rows()), false, t0()).unwrap();
        assert_eq!((second.new, second.updated, second.unchanged), (0, 0, 2));
        assert_eq!(second.touches_added, 0);
        assert_eq!(store.people_count().unwrap(), 2);
        let ada = store.resolve_person("Ada Lovelace").unwrap();
        assert_eq!(store.touches(ada).unwrap().len(), 1);
        // Imported people are searchable and in the welcome queue.
        assert_eq!(store.people("analytical", 0, 10).unwrap().total, 1);
        assert_eq!(store.welcome_queue(t0(), 0, 10).unwrap().total, 2);
    }

    #[test]
    fn a_newer_export_updates_company_and_role_without_duplicates() {
        let store = Store::open_in_memory().unwrap();
        store
            .import(
                ok(vec![contact(
                    2,
                    "Ada Lovelace",
                    Some("Analytical Engines"),
                    Some("ada"),
                )]),
                false,
                t0(),
            )
            .unwrap();
        let report = store
            .import(
                ok(vec![contact(
                    2,
                    "Ada Lovelace",
                    Some("Babbage & Co"),
                    Some("ada"),
                )]),
                false,
                t0(),
            )
            .unwrap();
        assert_eq!((report.new, report.updated), (0, 1));
        let ada = store.person(store.resolve_person("Ada").unwrap()).unwrap();
        assert_eq!(ada.company.as_deref(), Some("Babbage & Co"));
        assert_eq!(store.people_count().unwrap(), 1);
    }

    #[test]
    fn same_name_and_company_without_a_shared_key_is_a_suggestion_not_a_merge() {
        let store = Store::open_in_memory().unwrap();
        store
            .import(
                ok(vec![contact(
                    2,
                    "Ada Lovelace",
                    Some("Analytical Engines"),
                    Some("ada-1"),
                )]),
                false,
                t0(),
            )
            .unwrap();
        let report = store
            .import(
                ok(vec![contact(
                    7,
                    "Ada Lovelace",
                    Some("analytical engines"),
                    Some("ada-2"),
                )]),
                false,
                t0(),
            )
            .unwrap();
        assert_eq!(report.new, 1);
        assert_eq!(store.people_count().unwrap(), 2);
        assert_eq!(report.suggestions.len(), 1);
        assert_eq!(report.suggestions[0].line, 7);
        assert_eq!(report.suggestions[0].existing.display_name, "Ada Lovelace");
    }

    #[test]
    fn a_source_key_finds_the_same_person_without_identities() {
        let store = Store::open_in_memory().unwrap();
        let keyed = |company: &str| {
            let Row::Contact(mut c) = contact(1, "Grace Hopper", Some(company), None) else {
                unreachable!()
            };
            c.source_key = Some(("facebook".into(), "grace hopper".into()));
            c.birthday = Birthday::new(None, 12, 9);
            Row::Contact(c)
        };
        store.import(ok(vec![keyed("Navy")]), false, t0()).unwrap();
        let again = store.import(ok(vec![keyed("Navy")]), false, t0()).unwrap();
        assert_eq!((again.new, again.unchanged), (0, 1));
        assert_eq!(store.people_count().unwrap(), 1);
    }

    #[test]
    fn a_source_error_half_way_writes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let rows: Rows = vec![
            Ok(contact(2, "Ada Lovelace", None, Some("ada"))),
            Err(std::io::Error::other("the disk went away")),
        ];
        let failure = store.import(rows, false, t0()).unwrap_err();
        assert!(matches!(failure, ImportFailure::Source(_)));
        assert_eq!(store.people_count().unwrap(), 0);
    }

    #[test]
    fn two_profiles_with_the_same_name_and_row_key_are_two_people() {
        let store = Store::open_in_memory().unwrap();
        let keyed = |slug: &str| {
            let Row::Contact(mut c) = contact(1, "Ada Lovelace", None, Some(slug)) else {
                unreachable!()
            };
            c.source_key = Some(("linkedin".into(), "ada lovelace|02 apr 2021".into()));
            Ok(Row::Contact(c))
        };
        let rows: Rows = vec![keyed("ada-1"), keyed("ada-2")];
        let report = store.import(rows, false, t0()).unwrap();
        assert_eq!(report.new, 2);
    }

    fn card(line: u64, name: &str, keys: &[(IdentityKind, &str)]) -> Row {
        let mut person = PersonDraft::named(name).unwrap();
        for (kind, value) in keys {
            person = person.with_identity(Identity::new(*kind, value).unwrap());
        }
        Row::Contact(Box::new(Contact {
            line,
            source_key: Some(("vcard".into(), format!("{}|{line}", name.to_lowercase()))),
            person,
            birthday: None,
            anniversary: None,
            notes: Vec::new(),
            touches: Vec::new(),
            related: Vec::new(),
            photo: None,
        }))
    }

    const SWITCHBOARD: (IdentityKind, &str) = (IdentityKind::Phone, "+49 30 1234567");

    #[test]
    fn a_shared_phone_with_different_names_keeps_two_people_and_lists_the_pair() {
        let store = Store::open_in_memory().unwrap();
        let rows = || {
            ok(vec![
                card(1, "Ada Lovelace", &[SWITCHBOARD]),
                // The same number written another way, in the same file.
                card(
                    9,
                    "Grace Hopper",
                    &[(IdentityKind::Phone, "0049 (30) 123-4567")],
                ),
            ])
        };
        let report = store.import(rows(), false, t0()).unwrap();
        assert_eq!((report.new, report.kept_apart), (2, 1));
        assert_eq!(store.people_count().unwrap(), 2);
        let suggestion = &report.suggestions[0];
        assert_eq!(
            (suggestion.line, suggestion.existing.display_name.as_str()),
            (9, "Ada Lovelace")
        );
        assert_eq!(
            suggestion.reason,
            "shares the phone 0049 (30) 123-4567 with Ada Lovelace, but the names differ"
        );
        // Both names can still be found.
        assert_eq!(store.people("grace", 0, 5).unwrap().total, 1);
        assert_eq!(store.people("ada", 0, 5).unwrap().total, 1);
        // Importing the same file again finds each row's own person, and
        // writes nothing: no row inserted, updated or deleted.
        let before = written(&store);
        let again = store.import(rows(), false, t0()).unwrap();
        assert_eq!((again.new, again.unchanged, again.kept_apart), (0, 2, 0));
        assert_eq!(store.people_count().unwrap(), 2);
        assert_eq!(written(&store), before);
    }

    /// Rows inserted, updated or deleted through the store's writer so far.
    fn written(store: &Store) -> u64 {
        store.write(|tx| Ok(tx.total_changes())).unwrap()
    }

    #[test]
    fn a_row_under_the_same_key_with_a_new_name_is_remembered_anew() {
        let store = Store::open_in_memory().unwrap();
        let grace = |name: &str| {
            let mut row = card(
                2,
                "Grace Hopper",
                &[(IdentityKind::Email, "grace@example.org")],
            );
            if let Row::Contact(c) = &mut row {
                c.person.display_name = name.into();
            }
            ok(vec![row])
        };
        store.import(grace("Grace Hopper"), false, t0()).unwrap();
        store.import(grace("Grace B. Hopper"), false, t0()).unwrap();
        let remembered = || -> String {
            store
                .write(|tx| {
                    Ok(tx.query_row(
                        "SELECT name FROM import_key WHERE key = 'grace hopper|2'",
                        [],
                        |r| r.get(0),
                    )?)
                })
                .unwrap()
        };
        assert_eq!(remembered(), "Grace B. Hopper");
        // The same again is unchanged: nothing written.
        let before = written(&store);
        let again = store.import(grace("Grace B. Hopper"), false, t0()).unwrap();
        assert_eq!(again.unchanged, 1);
        assert_eq!(written(&store), before);
        assert_eq!(store.people_count().unwrap(), 1);
    }

    #[test]
    fn a_shared_key_with_an_agreeing_name_is_the_same_person() {
        let store = Store::open_in_memory().unwrap();
        let email = (IdentityKind::Email, "r.smith@example.org");
        store
            .import(ok(vec![card(1, "Robert Smith", &[email])]), false, t0())
            .unwrap();
        for (line, name) in [
            (2, "Bob Smith"),
            (3, "R. Smith"),
            (4, "Smith"),
            (5, "r.smith@example.org"),
        ] {
            let report = store
                .import(ok(vec![card(line, name, &[email])]), false, t0())
                .unwrap();
            assert_eq!((report.new, report.kept_apart), (0, 0), "{name}");
        }
        assert_eq!(store.people_count().unwrap(), 1);
    }

    #[test]
    fn a_row_finds_the_agreeing_holder_among_several() {
        let store = Store::open_in_memory().unwrap();
        store
            .import(
                ok(vec![
                    card(1, "Ada Lovelace", &[SWITCHBOARD]),
                    card(2, "Grace Hopper", &[SWITCHBOARD]),
                ]),
                false,
                t0(),
            )
            .unwrap();
        // A new file (other source keys): Grace is found by the shared
        // number and her name, not folded into Ada who holds it first.
        let mut row = card(
            7,
            "Grace Hopper",
            &[SWITCHBOARD, (IdentityKind::Email, "grace@example.org")],
        );
        if let Row::Contact(c) = &mut row {
            c.source_key = Some(("google".into(), "grace".into()));
        }
        let report = store.import(ok(vec![row]), false, t0()).unwrap();
        assert_eq!((report.new, report.updated), (0, 1));
        let grace = store.resolve_person("Grace Hopper").unwrap();
        assert_eq!(store.person(grace).unwrap().identities.len(), 2);
    }

    #[test]
    fn after_a_split_re_importing_finds_each_person_by_name_and_key() {
        let store = Store::open_in_memory().unwrap();
        let ada_card = || card(1, "Ada Lovelace", &[SWITCHBOARD]);
        let grace_card = || {
            card(
                2,
                "Grace Hopper",
                &[SWITCHBOARD, (IdentityKind::Email, "grace@example.org")],
            )
        };
        store.import(ok(vec![ada_card()]), false, t0()).unwrap();
        let ada = store.resolve_person("Ada Lovelace").unwrap();
        // Folded as before the fix: Grace's row went into Ada's record.
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO import_key (source, key, person_id, name) VALUES ('vcard', 'grace hopper|2', ?1, 'Grace Hopper')",
                    [ada.0],
                )?;
                tx.execute(
                    "INSERT INTO identity (person_id, kind, value, normalized) VALUES (?1, 'email', 'grace@example.org', 'grace@example.org')",
                    [ada.0],
                )?;
                Ok(())
            })
            .unwrap();
        let person = store.person(ada).unwrap();
        let email = person
            .identities
            .iter()
            .position(|i| i.kind == IdentityKind::Email)
            .unwrap();
        let spec = crate::store::SplitSpec {
            name: PersonDraft::named("Grace Hopper").unwrap(),
            identities: vec![person.identity_ids[email]],
            notes: vec![],
            touches: vec![],
            follow_ups: vec![],
        };
        let grace = store.split_person(ada, &spec, t0()).unwrap().created;
        let report = store
            .import(ok(vec![ada_card(), grace_card()]), false, t0())
            .unwrap();
        assert_eq!((report.new, report.kept_apart), (0, 0), "{report:?}");
        assert_eq!(store.people_count().unwrap(), 2);
        // Grace's number went to Grace, not back to Ada, and nothing looks
        // folded any more.
        assert_eq!(store.person(grace).unwrap().identities.len(), 2);
        assert_eq!(store.person(ada).unwrap().identities.len(), 1);
        assert!(store.folded(10).unwrap().is_empty());
    }

    #[test]
    fn phones_kept_as_text_never_match() {
        let store = Store::open_in_memory().unwrap();
        let short = (IdentityKind::Phone, "110");
        store
            .import(ok(vec![card(1, "Ada Lovelace", &[short])]), false, t0())
            .unwrap();
        let report = store
            .import(ok(vec![card(2, "Ada Lovelace", &[short])]), false, t0())
            .unwrap();
        // Same name but no key in common: a new person (and a look-alike
        // only when the company is given too).
        assert_eq!((report.new, report.kept_apart), (1, 0));
    }

    #[test]
    fn national_numbers_match_in_the_home_country_and_the_preview_counts_them() {
        let store = Store::open_in_memory().unwrap();
        store
            .import(
                ok(vec![card(
                    1,
                    "Ada Lovelace",
                    &[(IdentityKind::Phone, "+49 30 1234567")],
                )]),
                false,
                t0(),
            )
            .unwrap();
        let national = |line| {
            card(
                line,
                "Ada Lovelace",
                &[(IdentityKind::Phone, "030 1234567")],
            )
        };
        // No home country: the national number is its digits, a new person.
        let report = store.import(ok(vec![national(2)]), true, t0()).unwrap();
        assert_eq!((report.new, report.national_unplaced), (1, 1));
        assert_eq!((report.national_placed, report.national_matched), (0, 0));
        store
            .update_settings(|s| {
                s.home_country = Some(Country::parse("DE").unwrap());
                Ok(())
            })
            .unwrap();
        let report = store.import(ok(vec![national(2)]), false, t0()).unwrap();
        assert_eq!((report.new, report.unchanged), (0, 1), "{report:?}");
        assert_eq!((report.national_placed, report.national_matched), (1, 1));
        assert_eq!(report.national_unplaced, 0);
        assert_eq!(store.people_count().unwrap(), 1);
        // One number, kept as first written.
        let ada = store.resolve_person("Ada Lovelace").unwrap();
        let phones: Vec<(String, String)> = store
            .person(ada)
            .unwrap()
            .identities
            .into_iter()
            .map(|i| (i.value, i.normalized))
            .collect();
        assert_eq!(
            phones,
            vec![("+49 30 1234567".to_owned(), "+49301234567".to_owned())]
        );
    }

    #[test]
    fn a_dry_run_reports_and_writes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let report = store
            .import(
                ok(vec![contact(2, "Ada Lovelace", None, Some("ada"))]),
                true,
                t0(),
            )
            .unwrap();
        assert_eq!(report.new, 1);
        assert!(!report.committed);
        assert_eq!(store.people_count().unwrap(), 0);
    }
}
