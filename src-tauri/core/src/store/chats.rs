//! Conversations in the touch log: the days a chat export says the user
//! and someone wrote, as one touch per chat, person and day. Authors are
//! matched to people by phone number, or by name (the same words, else the
//! one person whose name agrees); an author who matches no one, or several,
//! gives no touch and is reported. A touch's uid is a hash of the source,
//! the chat, the author and the day, so the same or a longer export read
//! again adds only what is new, and two computers make one touch.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{derived_uid, refresh_stage};
use super::search::reindex;
use super::{to_secs, Result};
use crate::domain::{phone_key, ChatTouch, PersonId, MIN_PHONE_DIGITS};
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
                    continue;
                };
                recorded.people.insert(person);
                let uid = touch_uid(touch);
                let current: Option<(String, i64)> = tx
                    .prepare_cached("SELECT direction, happened_at FROM touch WHERE uid = ?1")?
                    .query_row([&uid], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let wanted = (touch.direction.as_str().to_owned(), to_secs(touch.at));
                match current {
                    None => {
                        tx.prepare_cached(
                            "INSERT INTO touch (person_id, kind, channel, direction, happened_at,
                                                summary, created_at, uid)
                             VALUES (?1, 'message', 'chat', ?2, ?3, ?4, ?5, ?6)",
                        )?
                        .execute(params![
                            person.0,
                            wanted.0,
                            wanted.1,
                            touch.summary(),
                            to_secs(now),
                            uid
                        ])?;
                        recorded.touches_made += 1;
                        touched.insert(person);
                    }
                    Some(current) if current != wanted => {
                        tx.prepare_cached(
                            "UPDATE touch SET direction = ?2, happened_at = ?3 WHERE uid = ?1",
                        )?
                        .execute(params![uid, wanted.0, wanted.1])?;
                        recorded.touches_changed += 1;
                        touched.insert(person);
                    }
                    Some(_) => {}
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

/// The one person an author is: by phone number when the author is one,
/// else by name.
fn person_for(conn: &Connection, author: &str) -> Result<Option<PersonId>> {
    let digits = author.chars().filter(char::is_ascii_digit).count();
    if is_no_name(author) && digits >= MIN_PHONE_DIGITS {
        let people: Vec<i64> = conn
            .prepare_cached(
                "SELECT DISTINCT person_id FROM identity WHERE kind = 'phone' AND normalized = ?1",
            )?
            .query_map([phone_key(author)], |r| r.get(0))?
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
}
