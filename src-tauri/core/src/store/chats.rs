//! Conversations in the touch log: the days a chat export says the user
//! and someone wrote, as one touch per chat, person and day. Authors are
//! matched to people by phone number, or by name (the same words, else the
//! one person whose name agrees); an author who matches no one, or several,
//! gives no touch and is reported. A touch's uid is a hash of the source,
//! the chat, the author and the day, so the same or a longer export read
//! again adds only what is new, and two computers make one touch. An
//! unmatched author's days wait (`chat_waiting`): the author is suggested
//! once they wrote on two days, and adding them (or reading the export again
//! once they are someone) gives them those days.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{derived_uid, insert_person, refresh_stage};
use super::search::reindex;
use super::{from_secs, to_secs, Result};
use crate::domain::{
    phone_key_in, ChatTouch, Direction, Identity, IdentityKind, InputError, PersonDraft, PersonId,
    MIN_PHONE_DIGITS,
};
use crate::names::{is_no_name, name_tokens, names_agree};

/// What recording a chat's touches did, or for a dry run would do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChatsRecorded {
    pub touches_made: usize,
    pub touches_changed: usize,
    /// The people in Kith the chat gave touches.
    pub people: BTreeSet<PersonId>,
    /// Authors who are no one (or several people) in Kith, with their days.
    pub unmatched: BTreeMap<String, usize>,
}

/// Days with another author before they are suggested.
pub const SUGGEST_AFTER_DAYS: u32 = 2;

/// A chat author who is no one in Kith, with the days they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSuggestion {
    /// As the export writes them: a name, or a phone number.
    pub author: String,
    pub days: u32,
    pub last: DateTime<Utc>,
}

/// Writes one day of a chat as `person`'s touch, or brings the touch in
/// line (its summary too when `said` holds a kept first line); which of
/// made or changed it was.
fn put_touch(
    conn: &Connection,
    person: PersonId,
    uid: &str,
    (direction, at, summary): (&str, i64, &str),
    said: bool,
    now: DateTime<Utc>,
) -> Result<(usize, usize)> {
    let current: Option<(String, i64, Option<String>)> = conn
        .prepare_cached("SELECT direction, happened_at, summary FROM touch WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    conn.prepare_cached("DELETE FROM chat_waiting WHERE uid = ?1")?
        .execute([uid])?;
    match current {
        None => {
            conn.prepare_cached(
                "INSERT INTO touch (person_id, kind, channel, direction, happened_at,
                                    summary, created_at, uid)
                 VALUES (?1, 'message', 'chat', ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![person.0, direction, at, summary, to_secs(now), uid])?;
            Ok((1, 0))
        }
        Some((d, a, old))
            if d != direction || a != at || (said && old.as_deref() != Some(summary)) =>
        {
            conn.prepare_cached(
                "UPDATE touch SET direction = ?2, happened_at = ?3,
                     summary = CASE WHEN ?5 THEN ?4 ELSE summary END
                 WHERE uid = ?1",
            )?
            .execute(params![uid, direction, at, summary, said])?;
            Ok((0, 1))
        }
        Some(_) => Ok((0, 0)),
    }
}

fn touch_uid(touch: &ChatTouch) -> String {
    // Names as keys: case and spacing as another export may write them.
    let key = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let day = touch.day.to_string();
    derived_uid(
        "chat",
        &[&touch.source, &key(&touch.chat), &key(&touch.author), &day],
    )
}

impl super::Store {
    /// Records a chat's touches in one transaction (or, for a dry run,
    /// says what it would record).
    pub fn record_chat(
        &self,
        touches: &[ChatTouch],
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<ChatsRecorded> {
        if dry_run {
            return self.read(|conn| {
                let mut recorded = ChatsRecorded::default();
                let mut found: BTreeMap<&str, Option<PersonId>> = BTreeMap::new();
                for touch in touches {
                    if !found.contains_key(touch.author.as_str()) {
                        found.insert(&touch.author, person_for(conn, &touch.author)?);
                    }
                    match found[touch.author.as_str()] {
                        Some(person) => {
                            recorded.people.insert(person);
                        }
                        None => *recorded.unmatched.entry(touch.author.clone()).or_default() += 1,
                    }
                }
                Ok(recorded)
            });
        }
        self.write(|tx| {
            let mut recorded = ChatsRecorded::default();
            let mut touched = BTreeSet::new();
            let mut found: BTreeMap<&str, Option<PersonId>> = BTreeMap::new();
            for touch in touches {
                if !found.contains_key(touch.author.as_str()) {
                    found.insert(&touch.author, person_for(tx, &touch.author)?);
                }
                let Some(person) = found[touch.author.as_str()] else {
                    *recorded.unmatched.entry(touch.author.clone()).or_default() += 1;
                    // Kept for when they are someone.
                    tx.prepare_cached(
                        "INSERT INTO chat_waiting (uid, author, summary, direction, at)
                         VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (uid) DO UPDATE SET summary = excluded.summary,
                             direction = excluded.direction, at = excluded.at",
                    )?
                    .execute(params![
                        touch_uid(touch),
                        touch.author.trim(),
                        touch.summary(),
                        touch.direction.as_str(),
                        to_secs(touch.at)
                    ])?;
                    continue;
                };
                recorded.people.insert(person);
                let summary = touch.summary();
                let (made, changed) = put_touch(
                    tx,
                    person,
                    &touch_uid(touch),
                    (touch.direction.as_str(), to_secs(touch.at), &summary),
                    touch.first_line.is_some(),
                    now,
                )?;
                recorded.touches_made += made;
                recorded.touches_changed += changed;
                if made + changed > 0 {
                    touched.insert(person);
                }
            }
            for person in touched {
                reindex(tx, person)?;
                refresh_stage(tx, person, now)?;
            }
            Ok(recorded)
        })
    }
}

impl super::Store {
    /// Chat authors who are no one in Kith and wrote on at least
    /// [`SUGGEST_AFTER_DAYS`] days, most recent first (not those dismissed).
    pub fn chat_suggestions(&self) -> Result<Vec<ChatSuggestion>> {
        self.read(|conn| {
            let rows: Vec<(String, u32, i64)> = conn
                .prepare_cached(
                    "SELECT author, count(*), max(at) FROM chat_waiting
                     WHERE author NOT IN (SELECT author FROM chat_dismissed)
                     GROUP BY author HAVING count(*) >= ?1
                     ORDER BY max(at) DESC, author",
                )?
                .query_map([SUGGEST_AFTER_DAYS], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut found = Vec::with_capacity(rows.len());
            for (author, days, last) in rows {
                // Someone since (added by hand, imported): reading the
                // export again gives them their days.
                if person_for(conn, &author)?.is_none() {
                    found.push(ChatSuggestion {
                        author,
                        days,
                        last: from_secs(last),
                    });
                }
            }
            Ok(found)
        })
    }

    /// Adds a chat author as a person (named `name`, else as the chat
    /// writes them; a phone number is also kept as their phone) with the
    /// days they chatted as touches.
    pub fn add_chat_author(
        &self,
        author: &str,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<PersonId> {
        let author = author.trim();
        self.write(|tx| {
            let days: Vec<(String, String, String, i64)> = tx
                .prepare_cached(
                    "SELECT uid, summary, direction, at FROM chat_waiting WHERE author = ?1",
                )?
                .query_map([author], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            if days.is_empty() {
                return Err(InputError::NotSuggested(author.to_owned()).into());
            }
            let mut draft = PersonDraft::named(name.unwrap_or(author))?;
            let digits = author.chars().filter(char::is_ascii_digit).count();
            if is_no_name(author) && digits >= MIN_PHONE_DIGITS {
                draft = draft.with_identity(Identity::new(IdentityKind::Phone, author)?);
            }
            let person = insert_person(tx, &draft, now, false)?;
            for (uid, summary, direction, at) in &days {
                let direction = direction
                    .parse::<Direction>()
                    .unwrap_or(Direction::Mutual)
                    .as_str();
                put_touch(tx, person, uid, (direction, *at, summary), false, now)?;
            }
            tx.execute("DELETE FROM chat_dismissed WHERE author = ?1", [author])?;
            reindex(tx, person)?;
            refresh_stage(tx, person, now)?;
            Ok(person)
        })
    }

    /// The zone a chat's zone-less times were first read in, and the
    /// offset it had then (`+01:00`).
    pub fn chat_zone(&self, source: &str, chat: &str) -> Result<Option<(String, String)>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT zone, utc_offset FROM chat_zone WHERE source = ?1 AND chat = ?2",
                )?
                .query_row(params![source, chat.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    /// Keeps the zone a chat's times were read in, the first time only.
    pub fn keep_chat_zone(
        &self,
        source: &str,
        chat: &str,
        zone: &str,
        offset: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO chat_zone (source, chat, zone, utc_offset, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![source, chat.trim(), zone, offset, to_secs(now)],
            )?;
            Ok(())
        })
    }

    /// Never suggests the chat author `author` again.
    pub fn dismiss_chat_author(&self, author: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO chat_dismissed (author, at) VALUES (?1, ?2)
                 ON CONFLICT (author) DO UPDATE SET at = excluded.at",
                params![author.trim(), to_secs(now)],
            )?;
            Ok(())
        })
    }
}

/// The one person an author is: by phone number when the author is one,
/// else by name.
fn person_for(conn: &Connection, author: &str) -> Result<Option<PersonId>> {
    let digits = author.chars().filter(char::is_ascii_digit).count();
    if is_no_name(author) && digits >= MIN_PHONE_DIGITS {
        let people: Vec<i64> = conn
            .prepare_cached(
                "SELECT DISTINCT person_id FROM identity WHERE kind = 'phone' AND normalized = ?1",
            )?
            .query_map(
                [phone_key_in(author, super::phone_rows::home_country(conn)?)],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(match people.as_slice() {
            [one] => Some(PersonId(*one)),
            _ => None,
        });
    }
    let mut words = name_tokens(author);
    let Some(first) = words.first().cloned() else {
        return Ok(None);
    };
    words.sort();
    let candidates: Vec<(i64, String)> = conn
        .prepare_cached("SELECT DISTINCT person_id, name FROM person_word WHERE word = ?1")?
        .query_map([&first], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let same: Vec<i64> = candidates
        .iter()
        .filter(|(_, name)| {
            let mut theirs = name_tokens(name);
            theirs.sort();
            theirs == words
        })
        .map(|(id, _)| *id)
        .collect();
    if let [one] = same.as_slice() {
        return Ok(Some(PersonId(*one)));
    }
    if same.len() > 1 {
        return Ok(None);
    }
    let agreeing: BTreeSet<i64> = candidates
        .iter()
        .filter(|(_, name)| names_agree(name, author))
        .map(|(id, _)| *id)
        .collect();
    Ok(match agreeing.len() {
        1 => agreeing.first().map(|id| PersonId(*id)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Direction, Identity, IdentityKind, PersonDraft, TouchKind};
    use crate::store::tests::t0;
    use crate::store::Store;
    use chrono::Duration;

    fn person(store: &Store, name: &str, phone: Option<&str>) -> PersonId {
        let mut draft = PersonDraft::named(name).unwrap();
        if let Some(phone) = phone {
            draft = draft.with_identity(Identity::new(IdentityKind::Phone, phone).unwrap());
        }
        store.create_person(&draft, t0()).unwrap()
    }

    fn day(author: &str, days: i64, direction: Direction) -> ChatTouch {
        let at = t0() + Duration::days(days);
        ChatTouch {
            source: "whatsapp".into(),
            chat: "Maya Lund".into(),
            author: author.into(),
            day: at.date_naive(),
            at,
            direction,
            first_line: None,
        }
    }

    fn chat_touches(store: &Store, person: PersonId) -> Vec<Direction> {
        store
            .touches(person)
            .unwrap()
            .into_iter()
            .filter(|t| t.kind == TouchKind::Message)
            .map(|t| t.direction)
            .collect()
    }

    #[test]
    fn authors_are_matched_by_phone_or_name_and_each_day_is_one_touch() {
        let store = Store::open_in_memory().unwrap();
        let maya = person(&store, "Maya Lund", None);
        let ola = person(&store, "Ola Nordmann", Some("+49 151 2345678"));
        person(&store, "Kai Berg", None);
        person(&store, "Kai Larsen", None);
        let touches = [
            day("maya lund", 0, Direction::Out),
            day("Maya Lund", 1, Direction::Mutual),
            day("+49 151 2345678", 1, Direction::In),
            // Two Kais: which one is not guessed.
            day("Kai", 1, Direction::In),
            day("Someone Else", 2, Direction::In),
        ];
        let preview = store.record_chat(&touches, true, t0()).unwrap();
        assert_eq!(preview.people, [maya, ola].into());
        assert_eq!(
            store.touches(maya).unwrap().len(),
            0,
            "a dry run writes nothing"
        );
        let recorded = store.record_chat(&touches, false, t0()).unwrap();
        assert_eq!(recorded.touches_made, 3);
        assert_eq!(
            recorded.unmatched,
            [("Kai".to_owned(), 1), ("Someone Else".to_owned(), 1)].into()
        );
        assert_eq!(
            chat_touches(&store, maya),
            [Direction::Mutual, Direction::Out]
        );
        assert_eq!(chat_touches(&store, ola), [Direction::In]);
        assert!(store.person(maya).unwrap().stage > crate::stage::Stage::Connected);

        // A longer export: the same days again (one now both ways) and a new one.
        let longer = [
            day("Maya Lund", 0, Direction::Mutual),
            day("Maya Lund", 1, Direction::Mutual),
            day("Maya Lund", 3, Direction::In),
        ];
        let again = store.record_chat(&longer, false, t0()).unwrap();
        assert_eq!((again.touches_made, again.touches_changed), (1, 1));
        assert_eq!(
            chat_touches(&store, maya),
            [Direction::In, Direction::Mutual, Direction::Mutual]
        );
    }

    #[test]
    fn an_author_written_as_a_national_number_is_found_in_the_home_country() {
        let store = Store::open_in_memory().unwrap();
        let ola = person(&store, "Ola Nordmann", Some("+49 151 23456789"));
        store
            .update_settings(|s| {
                s.home_country = Some(crate::domain::Country::parse("DE").unwrap());
                Ok(())
            })
            .unwrap();
        store
            .record_chat(&[day("0151 23456789", 0, Direction::In)], false, t0())
            .unwrap();
        assert_eq!(chat_touches(&store, ola), vec![Direction::In]);
    }

    #[test]
    fn an_author_who_is_no_one_waits_is_suggested_and_once_added_gets_their_days() {
        let store = Store::open_in_memory().unwrap();
        let touches = [
            day("Lee Chan", 0, Direction::In),
            day("Lee Chan", 2, Direction::Mutual),
            day("+44 7700 900123", 1, Direction::In),
            day("+44 7700 900123", 3, Direction::Out),
            day("Once Only", 1, Direction::In),
        ];
        store.record_chat(&touches, false, t0()).unwrap();
        // Read again: still one waiting row a day.
        store.record_chat(&touches, false, t0()).unwrap();
        let suggested: Vec<(String, u32)> = store
            .chat_suggestions()
            .unwrap()
            .into_iter()
            .map(|s| (s.author, s.days))
            .collect();
        assert_eq!(
            suggested,
            [
                ("+44 7700 900123".to_owned(), 2),
                ("Lee Chan".to_owned(), 2)
            ],
            "most recent first; one day is not yet a suggestion"
        );
        let lee = store.add_chat_author("Lee Chan", None, t0()).unwrap();
        assert_eq!(store.person(lee).unwrap().display_name, "Lee Chan");
        assert_eq!(
            chat_touches(&store, lee),
            [Direction::Mutual, Direction::In]
        );
        // Their days are touches now: the export read again changes nothing.
        let again = store.record_chat(&touches, false, t0()).unwrap();
        assert_eq!((again.touches_made, again.touches_changed), (0, 0));
        // A number becomes a person with that phone, named as given.
        let number = store
            .add_chat_author("+44 7700 900123", Some("Sam Okafor"), t0())
            .unwrap();
        let sam = store.person(number).unwrap();
        assert_eq!(sam.display_name, "Sam Okafor");
        assert!(sam.identities.iter().any(|i| i.kind == IdentityKind::Phone));
        assert_eq!(chat_touches(&store, number).len(), 2);
        assert!(store.chat_suggestions().unwrap().is_empty());
        assert!(store.add_chat_author("Nobody", None, t0()).is_err());
    }

    #[test]
    fn a_dismissed_author_or_one_who_became_someone_is_not_suggested() {
        let store = Store::open_in_memory().unwrap();
        let touches = [
            day("Lee Chan", 0, Direction::In),
            day("Lee Chan", 2, Direction::Mutual),
            day("Kim Park", 0, Direction::In),
            day("Kim Park", 1, Direction::In),
        ];
        store.record_chat(&touches, false, t0()).unwrap();
        store.dismiss_chat_author("Lee Chan", t0()).unwrap();
        let kim = person(&store, "Kim Park", None);
        assert!(store.chat_suggestions().unwrap().is_empty());
        // Kim, added by hand since: the export read again gives their days.
        let again = store.record_chat(&touches, false, t0()).unwrap();
        assert_eq!(again.touches_made, 2);
        assert_eq!(chat_touches(&store, kim).len(), 2);
    }
}
