//! E-mail in the touch log: recording what headers said (never a body), the
//! user's own addresses, the filter lists, the people the user writes with
//! who are not in Kith yet, and forgetting what a source gave.
//!
//! A message is recorded once under its key whichever folder, account or
//! file shows it again; each source that showed it is remembered, so
//! forgetting a source takes away only what no other source also gave.
//! Touches follow from the recorded mail (`mail_rows`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::mail_rows::{
    forget_source, people_with_address, record, settle_pending, MailRecorded, Settle, TOUCHED,
};
use super::rows::insert_person;
use super::{from_secs, to_secs, Result};
use crate::domain::{
    Identity, IdentityKind, InputError, MailDraft, MailFilters, PersonDraft, PersonId,
};

/// What recording a batch would do, read without writing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MailPreview {
    pub new: usize,
    pub known: usize,
    /// The people in Kith the new messages would give touches.
    pub people: BTreeSet<PersonId>,
}

/// Someone the user writes with or meets who is not in Kith.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSuggestion {
    pub address: String,
    /// The name their mail gave, most recent first.
    pub name: Option<String>,
    /// Messages the user sent them, and they sent the user.
    pub sent: u32,
    pub received: u32,
    /// Meetings with them (calendar events that were touches).
    pub meetings: u32,
    pub last: DateTime<Utc>,
}

/// The two filter lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterList {
    Roles,
    Blocked,
}

impl FilterList {
    fn kind(self) -> &'static str {
        match self {
            FilterList::Roles => "role",
            FilterList::Blocked => "blocked",
        }
    }
}

impl super::Store {
    /// Records a batch of mail read from `source` (`mbox`, or an account's
    /// name) in one transaction, and derives the touches it gives.
    pub fn record_mail(
        &self,
        source: &str,
        mail: &[MailDraft],
        now: DateTime<Utc>,
    ) -> Result<MailRecorded> {
        self.write(|tx| record(tx, source, mail, now, Settle::Now))
    }

    /// Records one batch of a long read of mail like
    /// [`Store::record_mail`], leaving the search rows and stages of the
    /// people it gave touches to [`Store::settle_mail`], which the reader
    /// calls when it ends however it ends.
    pub fn record_mail_part(
        &self,
        source: &str,
        mail: &[MailDraft],
        now: DateTime<Utc>,
    ) -> Result<MailRecorded> {
        self.write(|tx| record(tx, source, mail, now, Settle::AtEnd))
    }

    /// Brings up to date the search rows and stages of the people the
    /// reads of mail so far gave touches to; returns how many.
    pub fn settle_mail(&self, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| settle_pending(tx, now))
    }

    /// What [`Store::record_mail`] would do with `mail`, without writing.
    pub fn preview_mail(&self, mail: &[MailDraft]) -> Result<MailPreview> {
        self.read(|conn| {
            let mut preview = MailPreview::default();
            for message in mail {
                let known = conn
                    .prepare_cached("SELECT 1 FROM mail_message WHERE key = ?1")?
                    .exists([&message.key])?;
                if known {
                    preview.known += 1;
                    continue;
                }
                preview.new += 1;
                for p in message
                    .parties
                    .iter()
                    .filter(|p| p.touched(message.direction))
                {
                    preview
                        .people
                        .extend(people_with_address(conn, &p.address)?);
                }
            }
            Ok(preview)
        })
    }

    /// Forgets the mail only `source` gave (what another source also
    /// showed stays) and the touches it made, in one transaction; returns
    /// how many touches went.
    pub fn forget_mail(&self, source: &str, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| forget_source(tx, source, now))
    }

    /// The user's own addresses.
    pub fn my_addresses(&self) -> Result<Vec<String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached("SELECT address FROM mail_me ORDER BY address")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Adds addresses of the user's own (each checked as an e-mail
    /// address); returns them as kept.
    pub fn add_my_addresses(&self, addresses: &[String]) -> Result<Vec<String>> {
        let kept = addresses
            .iter()
            .map(|a| {
                Identity::new(IdentityKind::Email, a)
                    .map(|i| i.normalized)
                    .map_err(|_| InputError::BadAddress(a.clone()))
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        self.write(|tx| {
            let mut stmt =
                tx.prepare_cached("INSERT OR IGNORE INTO mail_me (address) VALUES (?1)")?;
            for address in &kept {
                stmt.execute([address])?;
            }
            Ok(kept.clone())
        })
    }

    /// Removes one of the user's addresses.
    pub fn remove_my_address(&self, address: &str) -> Result<bool> {
        let address = address.trim().to_lowercase();
        self.write(|tx| Ok(tx.execute("DELETE FROM mail_me WHERE address = ?1", [&address])? > 0))
    }

    /// The filter lists.
    pub fn mail_filters(&self) -> Result<MailFilters> {
        self.read(filters_of)
    }

    /// Replaces one filter list (entries as [`MailFilters::entries`] keeps
    /// them); returns the list as kept.
    pub fn set_mail_filter(&self, list: FilterList, values: &[String]) -> Result<Vec<String>> {
        let entries = MailFilters::entries(values)?;
        self.write(|tx| {
            tx.execute("DELETE FROM mail_filter WHERE kind = ?1", [list.kind()])?;
            let mut stmt =
                tx.prepare_cached("INSERT INTO mail_filter (kind, value) VALUES (?1, ?2)")?;
            for entry in &entries {
                stmt.execute([list.kind(), entry])?;
            }
            Ok(entries.clone())
        })
    }

    /// People the user writes with or meets who are not in Kith: at least
    /// one message each way, or met at two meetings or more; not
    /// dismissed, not filtered; the most recent first.
    pub fn mail_suggestions(&self) -> Result<Vec<MailSuggestion>> {
        self.read(|conn| {
            let filters = filters_of(conn)?;
            let mut stmt = conn.prepare_cached(&format!(
                "WITH mail AS (
                     SELECT p.address, SUM(m.direction = 'out') AS sent,
                            SUM(m.direction = 'in') AS received, MAX(m.at) AS last
                     FROM mail_party p JOIN mail_message m ON m.key = p.message
                     WHERE {TOUCHED}
                     GROUP BY p.address
                 ),
                 met AS (
                     SELECT q.address, COUNT(*) AS meetings, MAX(g.at) AS last
                     FROM meeting_party q JOIN meeting g ON g.key = q.meeting
                     WHERE g.ahead = 0
                     GROUP BY q.address
                 ),
                 candidate AS (
                     SELECT address FROM mail WHERE sent >= 1 AND received >= 1
                     UNION SELECT address FROM met WHERE meetings >= 2
                 )
                 SELECT c.address, coalesce(mail.sent, 0), coalesce(mail.received, 0),
                        coalesce(met.meetings, 0),
                        max(coalesce(mail.last, 0), coalesce(met.last, 0)) AS last,
                        coalesce(
                            (SELECT q.name FROM mail_party q JOIN mail_message n ON n.key = q.message
                              WHERE q.address = c.address AND q.name IS NOT NULL
                              ORDER BY q.role = 'from' DESC, n.at DESC LIMIT 1),
                            (SELECT q.name FROM meeting_party q JOIN meeting g ON g.key = q.meeting
                              WHERE q.address = c.address AND q.name IS NOT NULL
                              ORDER BY g.at DESC LIMIT 1))
                 FROM candidate c
                 LEFT JOIN mail ON mail.address = c.address
                 LEFT JOIN met ON met.address = c.address
                 WHERE NOT EXISTS (SELECT 1 FROM identity i
                                    WHERE i.kind = 'email' AND i.normalized = c.address)
                   AND NOT EXISTS (SELECT 1 FROM mail_dismissed d WHERE d.address = c.address)
                   AND NOT EXISTS (SELECT 1 FROM mail_me e WHERE e.address = c.address)
                 ORDER BY last DESC, c.address"
            ))?;
            let rows = stmt.query_map([], |r| {
                Ok(MailSuggestion {
                    address: r.get(0)?,
                    sent: r.get(1)?,
                    received: r.get(2)?,
                    meetings: r.get(3)?,
                    last: from_secs(r.get(4)?),
                    name: r.get(5)?,
                })
            })?;
            let mut suggestions = Vec::new();
            for row in rows {
                let suggestion = row?;
                if !filters.excludes(&suggestion.address) {
                    suggestions.push(suggestion);
                }
            }
            Ok(suggestions)
        })
    }

    /// Adds a suggested correspondent as a person (named `name`, else as
    /// their mail named them, else by their address), with the touches
    /// their mail gives.
    pub fn add_suggested(
        &self,
        address: &str,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<PersonId> {
        let identity = Identity::new(IdentityKind::Email, address)
            .map_err(|_| InputError::BadAddress(address.to_owned()))?;
        self.write(|tx| {
            let from_mail: Option<String> = tx
                .query_row(
                    "SELECT q.name FROM mail_party q JOIN mail_message n ON n.key = q.message
                      WHERE q.address = ?1 AND q.name IS NOT NULL
                      ORDER BY q.role = 'from' DESC, n.at DESC LIMIT 1",
                    [&identity.normalized],
                    |r| r.get(0),
                )
                .optional()?;
            let name = name
                .map(str::to_owned)
                .or(from_mail)
                .unwrap_or_else(|| identity.normalized.clone());
            let draft = PersonDraft::named(&name)?.with_identity(identity.clone());
            tx.execute(
                "DELETE FROM mail_dismissed WHERE address = ?1",
                [&identity.normalized],
            )?;
            insert_person(tx, &draft, now, false)
        })
    }

    /// Never suggests `address` again.
    pub fn dismiss_suggested(&self, address: &str, now: DateTime<Utc>) -> Result<()> {
        let identity = Identity::new(IdentityKind::Email, address)
            .map_err(|_| InputError::BadAddress(address.to_owned()))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO mail_dismissed (address, at) VALUES (?1, ?2)
                 ON CONFLICT (address) DO UPDATE SET at = excluded.at",
                params![identity.normalized, to_secs(now)],
            )?;
            Ok(())
        })
    }
}

fn filters_of(conn: &Connection) -> Result<MailFilters> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, value FROM mail_filter ORDER BY kind, value")?;
    let mut filters = MailFilters::default();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (kind, value) = row?;
        match kind.as_str() {
            "role" => filters.roles.push(value),
            _ => filters.blocked.push(value),
        }
    }
    Ok(filters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Direction, MailDirection, MailParty, PartyRole, TouchKind};
    use crate::store::tests::t0;
    use crate::store::Store;
    use chrono::Duration;

    const ME: &str = "me@home.example";

    /// A message at `t0() + hours`, from the user to `to` (`Out`) or from
    /// `to` to the user (`In`).
    fn mail(key: &str, hours: i64, direction: MailDirection, other: &str) -> MailDraft {
        let at = t0() + Duration::hours(hours);
        let role = match direction {
            MailDirection::Out => PartyRole::To,
            MailDirection::In => PartyRole::From,
        };
        MailDraft {
            key: key.to_owned(),
            root: None,
            subject_key: Some("lunch".to_owned()),
            at,
            day: at.date_naive(),
            direction,
            subject: Some(format!("Lunch ({key})")),
            parties: vec![MailParty::new(other, Some("Maya Lund"), role).unwrap()],
        }
    }

    fn replying(mut message: MailDraft, root: &str) -> MailDraft {
        message.root = Some(root.to_owned());
        message.subject_key = None;
        message
    }

    fn with_maya() -> (Store, PersonId) {
        let store = Store::open_in_memory().unwrap();
        store.add_my_addresses(&[ME.to_owned()]).unwrap();
        let draft = PersonDraft::named("Maya")
            .unwrap()
            .with_identity(Identity::new(IdentityKind::Email, "Maya@Example.org").unwrap());
        let maya = store.create_person(&draft, t0()).unwrap();
        (store, maya)
    }

    use crate::fixtures::email_touches;

    #[test]
    fn a_conversation_gives_one_touch_a_day_with_its_direction() {
        let (store, maya) = with_maya();
        let batch = [
            mail("a@x", 0, MailDirection::Out, "maya@example.org"),
            replying(mail("b@x", 1, MailDirection::In, "maya@example.org"), "a@x"),
            replying(
                mail("c@x", 2, MailDirection::Out, "maya@example.org"),
                "a@x",
            ),
            replying(
                mail("d@x", 26, MailDirection::In, "maya@example.org"),
                "a@x",
            ),
        ];
        let recorded = store.record_mail("mbox", &batch, t0()).unwrap();
        assert_eq!((recorded.new, recorded.touches_made), (4, 2));
        assert_eq!(
            email_touches(&store, maya),
            [
                (Direction::In, Some("Lunch (d@x)".to_owned())),
                (Direction::Mutual, Some("Lunch (c@x)".to_owned())),
            ]
        );
        let sizes: Vec<Option<u32>> = store
            .touches(maya)
            .unwrap()
            .iter()
            .map(|t| t.thread_size)
            .collect();
        assert_eq!(sizes, [Some(4), Some(4)]);
        // Someone's stage moves with the touches mail gave.
        let (stage, _) = store.stage_of(maya, t0() + Duration::days(2)).unwrap();
        assert!(stage > crate::stage::Stage::Connected, "{stage:?}");
    }

    #[test]
    fn a_long_read_settles_search_and_stage_once_even_after_a_stop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let maya = {
            let store = Store::open(&path).unwrap();
            let draft = PersonDraft::named("Maya")
                .unwrap()
                .with_identity(Identity::new(IdentityKind::Email, "maya@example.org").unwrap());
            let maya = store.create_person(&draft, t0()).unwrap();
            let mut message = mail("a@x", 0, MailDirection::Out, "maya@example.org");
            message.subject = Some("Quarterly zeppelin review".to_owned());
            let mut reply = replying(mail("b@x", 1, MailDirection::In, "maya@example.org"), "a@x");
            reply.subject = Some("Re: Quarterly zeppelin review".to_owned());
            store
                .record_mail_part("mbox", &[message, reply], t0())
                .unwrap();
            // The touch is there; the search row and the kept stage wait.
            assert_eq!(email_touches(&store, maya).len(), 1);
            assert_eq!(store.people("zeppelin", 0, 10).unwrap().total, 0);
            assert_eq!(
                store.person(maya).unwrap().stage,
                crate::stage::Stage::Connected
            );
            maya
            // The read stops here.
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.settle_mail(t0()).unwrap(), 1);
        assert_eq!(store.people("zeppelin", 0, 10).unwrap().total, 1);
        assert!(store.person(maya).unwrap().stage > crate::stage::Stage::Connected);
        // Settled once: nothing waits any more.
        assert_eq!(store.settle_mail(t0()).unwrap(), 0);
    }

    #[test]
    fn people_imported_after_their_mail_and_meetings_get_them_and_are_found_once() {
        let store = Store::open_in_memory().unwrap();
        store.add_my_addresses(&[ME.to_owned()]).unwrap();
        let mut message = mail("a@x", 0, MailDirection::Out, "maya@example.org");
        message.subject = Some("Zeppelin plans".to_owned());
        store.record_mail("mbox", &[message], t0()).unwrap();
        let meeting = crate::domain::MeetingDraft {
            key: "uid-1".to_owned(),
            at: t0(),
            ends: t0(),
            way: crate::domain::MeetingWay::InPerson,
            title: Some("Zeppelin lunch".to_owned()),
            people: vec![crate::domain::MeetingParty::new("maya@example.org", None).unwrap()],
            counts: true,
        };
        store.record_meetings(&[meeting], t0()).unwrap();
        // An import adds people in bulk and indexes them in one pass.
        let bundle = crate::domain::PersonBundle::new(
            PersonDraft::named("Maya Lund")
                .unwrap()
                .with_identity(Identity::new(IdentityKind::Email, "maya@example.org").unwrap()),
            Vec::new(),
        );
        store.add_people(&[bundle], chrono_tz::UTC, t0()).unwrap();
        let found = store.people("zeppelin", 0, 10).unwrap();
        assert_eq!(found.total, 1);
        let maya = found.people[0].id;
        let kinds: Vec<TouchKind> = store
            .touches(maya)
            .unwrap()
            .iter()
            .map(|t| t.kind)
            .collect();
        assert!(
            kinds.contains(&TouchKind::Email) && kinds.contains(&TouchKind::Meeting),
            "{kinds:?}"
        );
        assert_eq!(store.people("maya", 0, 10).unwrap().total, 1);
    }

    #[test]
    fn a_message_seen_again_anywhere_is_one_touch() {
        let (store, maya) = with_maya();
        let message = mail("a@x", 0, MailDirection::Out, "maya@example.org");
        store
            .record_mail("account:1", std::slice::from_ref(&message), t0())
            .unwrap();
        let again = store
            .record_mail("account:1", std::slice::from_ref(&message), t0())
            .unwrap();
        let elsewhere = store.record_mail("mbox", &[message], t0()).unwrap();
        assert_eq!((again.new, again.known, again.touches_made), (0, 1, 0));
        assert_eq!((elsewhere.new, elsewhere.known), (0, 1));
        assert_eq!(email_touches(&store, maya).len(), 1);
    }

    #[test]
    fn mail_naming_no_earlier_message_joins_a_conversation_by_subject_within_two_weeks() {
        let (store, maya) = with_maya();
        let first = mail("a@x", 0, MailDirection::Out, "maya@example.org");
        // Three days on, same subject, no References: the same conversation,
        // so a second touch (another day) of the same thread.
        let broken = mail("b@x", 72, MailDirection::In, "maya@example.org");
        // A month on: a new conversation.
        let later = mail("c@x", 24 * 30, MailDirection::In, "maya@example.org");
        store
            .record_mail("mbox", &[first, broken, later], t0())
            .unwrap();
        let threads: Vec<String> = store
            .read(|c| {
                let mut s = c.prepare("SELECT thread FROM mail_message ORDER BY at")?;
                let rows = s.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert_eq!(threads, ["a@x", "a@x", "c@x"]);
        assert_eq!(email_touches(&store, maya).len(), 3);
    }

    #[test]
    fn a_reply_read_before_the_message_it_answers_shares_its_conversation() {
        let (store, _) = with_maya();
        let reply = replying(mail("b@x", 1, MailDirection::In, "maya@example.org"), "a@x");
        store.record_mail("mbox", &[reply], t0()).unwrap();
        let mut first = mail("a@x", 0, MailDirection::Out, "maya@example.org");
        first.subject_key = Some("something else".into());
        store.record_mail("mbox", &[first], t0()).unwrap();
        let threads: BTreeSet<String> = store
            .read(|c| {
                let mut s = c.prepare("SELECT thread FROM mail_message")?;
                let rows = s.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert_eq!(threads.into_iter().collect::<Vec<_>>(), ["a@x"]);
    }

    #[test]
    fn someone_written_with_both_ways_is_suggested_and_added_with_their_touches() {
        let store = Store::open_in_memory().unwrap();
        let ola = "ola@example.org";
        store
            .record_mail("mbox", &[mail("a@x", 0, MailDirection::Out, ola)], t0())
            .unwrap();
        // Only written to: not yet.
        assert!(store.mail_suggestions().unwrap().is_empty());
        store
            .record_mail(
                "mbox",
                &[replying(mail("b@x", 5, MailDirection::In, ola), "a@x")],
                t0(),
            )
            .unwrap();
        let suggestions = store.mail_suggestions().unwrap();
        assert_eq!(suggestions.len(), 1);
        let s = &suggestions[0];
        assert_eq!(
            (s.address.as_str(), s.name.as_deref(), s.sent, s.received),
            (ola, Some("Maya Lund"), 1, 1)
        );
        assert_eq!(s.last, t0() + Duration::hours(5));
        // Mail never made a person by itself.
        assert_eq!(store.people("", 0, 10).unwrap().total, 0);

        let added = store.add_suggested(ola, None, t0()).unwrap();
        assert_eq!(store.person(added).unwrap().display_name, "Maya Lund");
        assert_eq!(
            email_touches(&store, added),
            [(Direction::Mutual, Some("Lunch (b@x)".to_owned()))]
        );
        assert!(store.mail_suggestions().unwrap().is_empty());
    }

    #[test]
    fn a_dismissed_or_filtered_correspondent_is_not_suggested() {
        let store = Store::open_in_memory().unwrap();
        for (other, base) in [("ola@example.org", 0), ("team@corp.example", 10)] {
            store
                .record_mail(
                    "mbox",
                    &[
                        mail(&format!("{base}a@x"), base, MailDirection::Out, other),
                        mail(&format!("{base}b@x"), base + 1, MailDirection::In, other),
                    ],
                    t0(),
                )
                .unwrap();
        }
        assert_eq!(store.mail_suggestions().unwrap().len(), 2);
        store.dismiss_suggested("OLA@example.org", t0()).unwrap();
        store
            .set_mail_filter(FilterList::Blocked, &["corp.example".into()])
            .unwrap();
        assert!(store.mail_suggestions().unwrap().is_empty());
        assert_eq!(
            store.mail_filters().unwrap().blocked,
            ["corp.example".to_owned()]
        );
    }

    #[test]
    fn a_person_given_an_address_later_gets_the_mail_they_had() {
        let store = Store::open_in_memory().unwrap();
        let kai = store
            .create_person(&PersonDraft::named("Kai").unwrap(), t0())
            .unwrap();
        store
            .record_mail(
                "mbox",
                &[mail("a@x", 0, MailDirection::In, "kai@example.org")],
                t0(),
            )
            .unwrap();
        assert!(email_touches(&store, kai).is_empty());
        let draft = PersonDraft::named("Kai")
            .unwrap()
            .with_identity(Identity::new(IdentityKind::Email, "kai@example.org").unwrap());
        store.update_person(kai, &draft, t0()).unwrap();
        assert_eq!(email_touches(&store, kai).len(), 1);
        // Editing again changes nothing.
        store.update_person(kai, &draft, t0()).unwrap();
        assert_eq!(email_touches(&store, kai).len(), 1);
    }

    /// Maya's mail read from an account (two messages), one of them from
    /// an mbox file too.
    fn read_from_two_sources() -> (Store, PersonId) {
        let (store, maya) = with_maya();
        let shared = mail("a@x", 0, MailDirection::Out, "maya@example.org");
        let own = mail("b@x", 48, MailDirection::In, "maya@example.org");
        store
            .record_mail("account:1", &[shared.clone(), own], t0())
            .unwrap();
        store.record_mail("mbox", &[shared], t0()).unwrap();
        (store, maya)
    }

    #[test]
    fn forgetting_a_source_takes_what_only_it_gave() {
        let (store, maya) = read_from_two_sources();
        assert_eq!(email_touches(&store, maya).len(), 2);
        assert_eq!(store.forget_mail("account:1", t0()).unwrap(), 1);
        assert_eq!(
            email_touches(&store, maya),
            [(Direction::Out, Some("Lunch (a@x)".to_owned()))]
        );
        assert_eq!(store.forget_mail("mbox", t0()).unwrap(), 1);
        assert!(email_touches(&store, maya).is_empty());
        let left: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT COUNT(*) FROM mail_message) + (SELECT COUNT(*) FROM mail_party)
                          + (SELECT COUNT(*) FROM mail_touch) + (SELECT COUNT(*) FROM mail_seen)",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn forgetting_the_source_that_read_a_message_second_keeps_it() {
        let (store, maya) = read_from_two_sources();
        assert_eq!(store.mail_tally("account:1").unwrap().messages, 2);
        assert_eq!(store.mail_tally("mbox").unwrap().messages, 1);
        assert_eq!(store.forget_mail("mbox", t0()).unwrap(), 0);
        assert_eq!(email_touches(&store, maya).len(), 2);
        assert_eq!(store.mail_tally("account:1").unwrap().messages, 2);
        assert_eq!(store.mail_tally("mbox").unwrap().messages, 0);
        assert_eq!(store.forget_mail("account:1", t0()).unwrap(), 2);
        assert!(email_touches(&store, maya).is_empty());
    }

    #[test]
    fn an_export_from_before_messages_kept_their_first_source_restores_the_same() {
        let (store, _) = read_from_two_sources();
        let now = store.dump().unwrap();
        // As schema 37 wrote it: no source on a message, each in mail_seen.
        let mut old = now.clone();
        old.schema_version = 37;
        let messages = old
            .tables
            .iter_mut()
            .find(|t| t.name == "mail_message")
            .unwrap();
        let key = messages.columns.iter().position(|c| c == "key").unwrap();
        let source = messages.columns.iter().position(|c| c == "source").unwrap();
        messages.columns.remove(source);
        let firsts: Vec<Vec<crate::store::Value>> = messages
            .rows
            .iter_mut()
            .map(|row| {
                let first = row.remove(source);
                vec![row[key].clone(), first]
            })
            .collect();
        let seen = old
            .tables
            .iter_mut()
            .find(|t| t.name == "mail_seen")
            .unwrap();
        assert_eq!(seen.columns, ["message", "source"]);
        assert_eq!(seen.rows.len(), 1);
        seen.rows.extend(firsts);

        let restored = Store::open_in_memory().unwrap();
        restored.restore(&old).unwrap();
        assert_eq!(restored.dump().unwrap(), now);
        assert_eq!(restored.mail_tally("account:1").unwrap().messages, 2);
    }

    #[test]
    fn my_addresses_are_checked_and_kept_once() {
        let store = Store::open_in_memory().unwrap();
        store
            .add_my_addresses(&["Me@Home.example".into(), "me@home.example".into()])
            .unwrap();
        assert_eq!(store.my_addresses().unwrap(), [ME]);
        assert!(matches!(
            store.add_my_addresses(&["nobody".into()]),
            Err(crate::store::StoreError::Input(InputError::BadAddress(_)))
        ));
        assert!(store.remove_my_address("ME@home.example").unwrap());
        assert!(store.my_addresses().unwrap().is_empty());
    }
}
