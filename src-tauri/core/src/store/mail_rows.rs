//! Part of the store's floor: the touches recorded mail gives. A
//! conversation gives each person at most one touch a day, whose direction
//! is out, in or (both) mutual; the touch's uid is a hash of the
//! conversation, the person's address and the day, so the same mail read
//! on two computers makes one touch that the journal sync carries.
//!
//! Derivation is from what `mail_message` and `mail_party` hold, so it can
//! run again at any time with the same result: when mail arrives, when a
//! person gains an address (a suggestion added, an import, an edit), and
//! when a source's mail is forgotten.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::rows::{clean, derived_uid, refresh_stage};
use super::search::reindex;
use super::{to_secs, Result};
use crate::domain::{Direction, MailDraft, PersonId};

/// How far apart two messages with the same subject and a shared person
/// may be to count as one conversation when neither names the other.
pub const SUBJECT_THREAD_DAYS: i64 = 14;

/// What recording a batch of mail did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MailRecorded {
    /// Messages not seen before.
    pub new: usize,
    /// Messages already recorded (another folder, another source, again).
    pub known: usize,
    /// Touches made and touches whose direction, time or subject changed.
    pub touches_made: usize,
    pub touches_changed: usize,
}

/// The condition on `mail_message m` joined with `mail_party p` under which
/// the party had the touch: recipients of sent mail, senders of received.
pub(crate) const TOUCHED: &str =
    "(CASE m.direction WHEN 'out' THEN p.role <> 'from' ELSE p.role = 'from' END)";

/// The uid of the touch a conversation gives one address on one day.
pub(crate) fn touch_uid(thread: &str, address: &str, day: &str) -> String {
    derived_uid("mail", &[thread, address, day])
}

/// The people an address belongs to.
pub(crate) fn people_with_address(conn: &Connection, address: &str) -> Result<Vec<PersonId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT person_id FROM identity WHERE kind = 'email' AND normalized = ?1",
    )?;
    let people = stmt.query_map([address], |r| Ok(PersonId(r.get(0)?)))?;
    Ok(people.collect::<rusqlite::Result<_>>()?)
}

/// One day of a conversation with one person.
#[derive(Default)]
struct Day {
    /// The first of the person's addresses on it (they may have several).
    address: String,
    out: bool,
    inbound: bool,
    last: i64,
    /// The subject of the latest message that has one, and its time.
    subject: Option<String>,
    subject_at: i64,
}

/// What deriving changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Derived {
    pub made: usize,
    pub changed: usize,
    pub removed: usize,
}

impl Derived {
    pub(crate) fn add(&mut self, other: Derived) {
        self.made += other.made;
        self.changed += other.changed;
        self.removed += other.removed;
    }

    fn any(&self) -> bool {
        self.made + self.changed + self.removed > 0
    }
}

/// What the recorded mail says of one pair's conversation, and the touches
/// it already gave.
#[derive(Default)]
struct Facts {
    days: BTreeMap<String, Day>,
    /// The touch each day already has: the least address's, and its uid.
    existing: BTreeMap<String, (String, String)>,
}

/// Reads the facts of every pair at once: the messages of each
/// conversation on which one of the person's addresses had the touch, and
/// the touches already made. Rows come in no order (sorting them cost more
/// than the rest): a day keeps its least address, and the subject of its
/// latest message that has one.
fn facts_of(
    conn: &Connection,
    pairs: &BTreeSet<(String, PersonId)>,
) -> Result<BTreeMap<(String, PersonId), Facts>> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS mail_pair (
             thread TEXT NOT NULL, person INTEGER NOT NULL, PRIMARY KEY (thread, person)
         ) WITHOUT ROWID;
         DELETE FROM temp.mail_pair;",
    )?;
    {
        let mut insert =
            conn.prepare_cached("INSERT INTO temp.mail_pair (thread, person) VALUES (?1, ?2)")?;
        for (thread, person) in pairs {
            insert.execute(params![thread, person.0])?;
        }
    }
    let mut facts: BTreeMap<(String, PersonId), Facts> = BTreeMap::new();
    // Led by the pairs, then each conversation's few messages: led by the
    // address, a query would walk every message the person ever had.
    let mut messages = conn.prepare_cached(&format!(
        "SELECT r.thread, r.person, i.normalized, m.day, m.at, m.direction, m.subject
         FROM temp.mail_pair r
         CROSS JOIN identity i ON i.person_id = r.person AND i.kind = 'email'
         CROSS JOIN mail_message m ON m.thread = r.thread
         CROSS JOIN mail_party p ON p.message = m.key AND p.address = i.normalized
         WHERE {TOUCHED}"
    ))?;
    let mut rows = messages.query([])?;
    while let Some(row) = rows.next()? {
        let pair = (row.get::<_, String>(0)?, PersonId(row.get(1)?));
        let address: String = row.get(2)?;
        let at: i64 = row.get(4)?;
        let direction: String = row.get(5)?;
        let subject: Option<String> = row.get(6)?;
        let day = facts
            .entry(pair)
            .or_default()
            .days
            .entry(row.get(3)?)
            .or_insert_with(|| Day {
                address: address.clone(),
                ..Day::default()
            });
        if address < day.address {
            day.address = address;
        }
        if direction == "out" {
            day.out = true;
        } else {
            day.inbound = true;
        }
        day.last = day.last.max(at);
        if subject.is_some() && (at, &subject) > (day.subject_at, &day.subject) {
            day.subject_at = at;
            day.subject = subject;
        }
    }
    let mut touches = conn.prepare_cached(
        "SELECT r.thread, r.person, t.day, i.normalized, t.uid
         FROM temp.mail_pair r
         CROSS JOIN identity i ON i.person_id = r.person AND i.kind = 'email'
         CROSS JOIN mail_touch t ON t.thread = r.thread AND t.address = i.normalized",
    )?;
    let mut rows = touches.query([])?;
    while let Some(row) = rows.next()? {
        let pair = (row.get::<_, String>(0)?, PersonId(row.get(1)?));
        let found: (String, String) = (row.get(3)?, row.get(4)?);
        facts
            .entry(pair)
            .or_default()
            .existing
            .entry(row.get(2)?)
            .and_modify(|kept| {
                if found < *kept {
                    *kept = found.clone();
                }
            })
            .or_insert(found);
    }
    conn.execute("DELETE FROM temp.mail_pair", [])?;
    Ok(facts)
}

/// Brings the touches `thread` gives `person` in line with its facts.
fn apply(
    conn: &Connection,
    thread: &str,
    person: PersonId,
    facts: Facts,
    now: DateTime<Utc>,
) -> Result<Derived> {
    let Facts { days, existing } = facts;
    let mut derived = Derived::default();
    for (day, facts) in &days {
        let direction = match (facts.out, facts.inbound) {
            (true, true) => Direction::Mutual,
            (true, false) => Direction::Out,
            _ => Direction::In,
        };
        let uid = existing
            .get(day)
            .map(|(_, uid)| uid.clone())
            .unwrap_or_else(|| touch_uid(thread, &facts.address, day));
        let summary = facts.subject.as_deref().map(clean);
        let current: Option<(String, i64, Option<String>)> = conn
            .prepare_cached("SELECT direction, happened_at, summary FROM touch WHERE uid = ?1")?
            .query_row([&uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        match current {
            None => {
                conn.prepare_cached(
                    "INSERT INTO touch (person_id, kind, channel, direction, happened_at, summary,
                                        created_at, uid)
                     VALUES (?1, 'email', 'email', ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    person.0,
                    direction.as_str(),
                    facts.last,
                    summary,
                    to_secs(now),
                    uid
                ])?;
                derived.made += 1;
            }
            Some(row) if row != (direction.as_str().to_owned(), facts.last, summary.clone()) => {
                conn.prepare_cached(
                    "UPDATE touch SET direction = ?2, happened_at = ?3, summary = ?4 WHERE uid = ?1",
                )?
                .execute(params![uid, direction.as_str(), facts.last, summary])?;
                derived.changed += 1;
            }
            Some(_) => {}
        }
        conn.prepare_cached(
            "INSERT OR IGNORE INTO mail_touch (uid, thread, address, day) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![uid, thread, facts.address, day])?;
    }
    for (day, (_, uid)) in existing {
        if !days.contains_key(&day) {
            derived.removed += conn
                .prepare_cached("DELETE FROM touch WHERE uid = ?1")?
                .execute([&uid])?;
            conn.prepare_cached("DELETE FROM mail_touch WHERE uid = ?1")?
                .execute([&uid])?;
        }
    }
    Ok(derived)
}

/// When the people whose touches changed have their search row and stage
/// brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Settle {
    /// In the same transaction.
    Now,
    /// When the read under way ends ([`settle_pending`]): a person written
    /// to in every batch of a long read is re-indexed once, not once a
    /// batch. They wait in `mail_pending`, so a read stopped mid-way is
    /// settled by the next.
    AtEnd,
}

/// Derives every pair's touches, then settles each person whose touches
/// changed.
pub(crate) fn derive_all(
    conn: &Connection,
    pairs: &BTreeSet<(String, PersonId)>,
    now: DateTime<Utc>,
    settle: Settle,
) -> Result<Derived> {
    let mut total = Derived::default();
    let mut touched = BTreeSet::new();
    if pairs.is_empty() {
        return Ok(total);
    }
    let mut facts = facts_of(conn, pairs)?;
    for (thread, person) in pairs {
        let pair_facts = facts.remove(&(thread.clone(), *person)).unwrap_or_default();
        let derived = apply(conn, thread, *person, pair_facts, now)?;
        if derived.any() {
            touched.insert(*person);
        }
        total.add(derived);
    }
    for person in touched {
        match settle {
            Settle::Now => settle_person(conn, person, now)?,
            Settle::AtEnd => {
                conn.prepare_cached("INSERT OR IGNORE INTO mail_pending (person_id) VALUES (?1)")?
                    .execute([person.0])?;
            }
        }
    }
    Ok(total)
}

fn settle_person(conn: &Connection, person: PersonId, now: DateTime<Utc>) -> Result<()> {
    reindex(conn, person)?;
    refresh_stage(conn, person, now)
}

/// Settles the people a read left waiting; returns how many.
pub(crate) fn settle_pending(conn: &Connection, now: DateTime<Utc>) -> Result<usize> {
    let pending: Vec<PersonId> = conn
        .prepare_cached("SELECT person_id FROM mail_pending")?
        .query_map([], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for person in &pending {
        settle_person(conn, *person, now)?;
    }
    conn.execute("DELETE FROM mail_pending", [])?;
    Ok(pending.len())
}

/// A person has just been given `address`: the conversations recorded with
/// it give them their touches (mail from an unknown sender counts once
/// they are added). Conversations that already gave this address its
/// touches are left alone, so an edit that writes a person's addresses
/// again derives nothing.
pub(crate) fn adopt_address(
    conn: &Connection,
    person: PersonId,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Derived> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT m.thread FROM mail_party p JOIN mail_message m ON m.key = p.message
         WHERE p.address = ?1 AND {TOUCHED}
           AND NOT EXISTS (SELECT 1 FROM mail_touch t WHERE t.thread = m.thread AND t.address = ?1)"
    ))?;
    let pairs: BTreeSet<(String, PersonId)> = stmt
        .query_map([address], |r| r.get::<_, String>(0))?
        .map(|thread| thread.map(|t| (t, person)))
        .collect::<rusqlite::Result<_>>()?;
    if pairs.is_empty() {
        return Ok(Derived::default());
    }
    derive_all(conn, &pairs, now, Settle::Now)
}

/// Records a batch of mail read from `source` and derives the touches it
/// gives, in the caller's transaction.
pub(crate) fn record(
    tx: &Transaction<'_>,
    source: &str,
    mail: &[MailDraft],
    now: DateTime<Utc>,
    settle: Settle,
) -> Result<MailRecorded> {
    let mut recorded = MailRecorded::default();
    let mut pairs = BTreeSet::new();
    let mut first_seen = tx.prepare_cached("SELECT source FROM mail_message WHERE key = ?1")?;
    let mut seen_again =
        tx.prepare_cached("INSERT OR IGNORE INTO mail_seen (message, source) VALUES (?1, ?2)")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO mail_message (key, thread, subject_key, at, day, direction, subject, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut party = tx.prepare_cached(
        "INSERT OR IGNORE INTO mail_party (message, address, name, role)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    // The conversations of this batch's messages, and whose each address
    // is: a batch names the same few over and over.
    let mut threads: HashMap<String, String> = HashMap::new();
    let mut people: HashMap<&str, Vec<PersonId>> = HashMap::new();
    for message in mail {
        let known: Option<String> = first_seen
            .query_row([&message.key], |r| r.get(0))
            .optional()?;
        if let Some(first) = known {
            if first != source {
                seen_again.execute(params![message.key, source])?;
            }
            recorded.known += 1;
            continue;
        }
        let thread = thread_of(tx, message, &threads)?;
        insert.execute(params![
            message.key,
            thread,
            message.subject_key,
            to_secs(message.at),
            message.day.to_string(),
            message.direction.as_str(),
            message.subject,
            source
        ])?;
        for p in &message.parties {
            party.execute(params![message.key, p.address, p.name, p.role.as_str()])?;
            if p.touched(message.direction) {
                let whose = match people.entry(p.address.as_str()) {
                    Entry::Occupied(known) => known.into_mut(),
                    Entry::Vacant(new) => new.insert(people_with_address(tx, &p.address)?),
                };
                for person in whose {
                    pairs.insert((thread.clone(), *person));
                }
            }
        }
        threads.insert(message.key.clone(), thread);
        recorded.new += 1;
    }
    let derived = derive_all(tx, &pairs, now, settle)?;
    recorded.touches_made = derived.made;
    recorded.touches_changed = derived.changed;
    Ok(recorded)
}

/// The conversation of the nearest message with subject `?1` between
/// `?2` and `?3` (nearest to `?5`) that address `?4` was on.
const SAME_SUBJECT: &str =
    "SELECT m.thread FROM mail_message m JOIN mail_party p ON p.message = m.key
     WHERE m.subject_key = ?1 AND m.at BETWEEN ?2 AND ?3 AND p.address = ?4
     ORDER BY abs(m.at - ?5) LIMIT 1";

/// The conversation a new message belongs to: its root's (the root itself
/// when not recorded yet); for a message naming none, its own key when
/// recorded mail names it as their root, else the conversation of a message
/// with the same subject and a shared person within
/// [`SUBJECT_THREAD_DAYS`], else its own key. `batch` holds the
/// conversations of the messages recorded so far in the same batch.
fn thread_of(
    tx: &Transaction<'_>,
    message: &MailDraft,
    batch: &HashMap<String, String>,
) -> Result<String> {
    let thread_of_key = |key: &str| -> Result<Option<String>> {
        if let Some(thread) = batch.get(key) {
            return Ok(Some(thread.clone()));
        }
        Ok(tx
            .prepare_cached("SELECT thread FROM mail_message WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    };
    if let Some(root) = &message.root {
        return Ok(thread_of_key(root)?.unwrap_or_else(|| root.clone()));
    }
    let named = tx
        .prepare_cached("SELECT 1 FROM mail_message WHERE thread = ?1 LIMIT 1")?
        .exists([&message.key])?;
    if named {
        return Ok(message.key.clone());
    }
    if let Some(subject) = &message.subject_key {
        let window = Duration::days(SUBJECT_THREAD_DAYS);
        let mut stmt = tx.prepare_cached(SAME_SUBJECT)?;
        for party in &message.parties {
            let found: Option<String> = stmt
                .query_row(
                    params![
                        subject,
                        to_secs(message.at - window),
                        to_secs(message.at + window),
                        party.address,
                        to_secs(message.at)
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(thread) = found {
                return Ok(thread);
            }
        }
    }
    Ok(message.key.clone())
}

/// Gives each message whose first source is not kept on it (recorded
/// before it was, or restored from an export of that time) the least of
/// the sources `mail_seen` holds for it, and takes from `mail_seen` each
/// row a message's own source repeats.
pub(crate) fn keep_first_sources(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "UPDATE mail_message
            SET source = coalesce((SELECT min(s.source) FROM mail_seen s
                                    WHERE s.message = mail_message.key), '')
          WHERE source = '';
         DELETE FROM mail_seen
          WHERE source = (SELECT m.source FROM mail_message m WHERE m.key = mail_seen.message);",
    )?;
    Ok(())
}

/// Forgets the mail only `source` gave (what another source also showed
/// stays) and the touches it made; returns how many touches went.
pub(crate) fn forget_source(
    tx: &Transaction<'_>,
    source: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut pairs = BTreeSet::new();
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT DISTINCT m.thread, p.address FROM mail_message m
             JOIN mail_party p ON p.message = m.key
             WHERE (m.source = ?1
                    OR m.key IN (SELECT message FROM mail_seen WHERE source = ?1))
               AND {TOUCHED}"
        ))?;
        let rows = stmt.query_map([source], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (thread, address) = row?;
            for person in people_with_address(tx, &address)? {
                pairs.insert((thread.clone(), person));
            }
        }
    }
    // What another source showed too becomes that source's, as a message
    // recorded before it kept its first source; the rest goes.
    tx.execute("DELETE FROM mail_seen WHERE source = ?1", [source])?;
    tx.execute(
        "UPDATE mail_message SET source = ''
          WHERE source = ?1 AND key IN (SELECT message FROM mail_seen)",
        [source],
    )?;
    keep_first_sources(tx)?;
    tx.execute("DELETE FROM mail_message WHERE source = ?1", [source])?;
    let Derived { removed, .. } = derive_all(tx, &pairs, now, Settle::Now)?;
    // Touches of people no longer here (deleted, in the trash) keep
    // their uid in the trash; their mapping goes with the mail.
    tx.execute(
        "DELETE FROM mail_touch WHERE thread NOT IN (SELECT thread FROM mail_message)",
        [],
    )?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MailDirection, MailParty, PartyRole};
    use crate::store::tests::t0;
    use crate::store::{lock, Store};

    #[test]
    fn a_batch_of_mail_is_not_planned_again_for_each_message() {
        // Each message names no earlier one, so each looks for a
        // conversation with the same subject; SQLite once prepared that
        // look-up again for every message of a batch.
        let store = Store::open_in_memory().unwrap();
        let mail: Vec<MailDraft> = (0..200)
            .map(|i| {
                let at = t0() + Duration::hours(i);
                MailDraft {
                    key: format!("m{i}@x"),
                    root: None,
                    subject_key: Some(format!("subject {}", i % 50)),
                    at,
                    day: at.date_naive(),
                    direction: MailDirection::Out,
                    subject: Some("Lunch".into()),
                    parties: vec![MailParty::new(
                        &format!("p{}@example.org", i % 7),
                        None,
                        PartyRole::To,
                    )
                    .unwrap()],
                }
            })
            .collect();
        store.record_mail("mbox", &mail[..100], t0()).unwrap();
        store.record_mail("mbox", &mail[100..], t0()).unwrap();
        let writer = lock(&store.writer);
        let prepared_again = writer
            .prepare_cached(SAME_SUBJECT)
            .unwrap()
            .get_status(rusqlite::StatementStatus::RePrepare);
        assert!(prepared_again <= 1, "prepared again {prepared_again} times");
    }

    #[test]
    fn a_touch_uid_depends_on_conversation_address_and_day_only() {
        let uid = touch_uid("a@x", "maya@example.org", "2026-03-01");
        assert_eq!(uid, touch_uid("a@x", "maya@example.org", "2026-03-01"));
        assert!(uid.starts_with("mail-") && uid.len() == 5 + 32);
        assert_ne!(uid, touch_uid("a@x", "maya@example.org", "2026-03-02"));
        assert_ne!(uid, touch_uid("a@x", "ola@example.org", "2026-03-01"));
        // The parts are separated, so moving a character across them
        // changes the uid.
        assert_ne!(touch_uid("ab", "c", "d"), touch_uid("a", "bc", "d"));
    }
}
