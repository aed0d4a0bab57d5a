//! The sync account's calendars read for meetings: which the user chose,
//! each event as the server last gave it, and the occurrence keys each
//! gave, so that an occurrence gone from an event — or the event deleted,
//! or its calendar no longer chosen — takes its touches away. Reading the
//! events is the caller's (`kith-exchange`'s rules, through `kith-sync`);
//! the store keeps the text so every sync reads each event again and
//! occurrences that come to pass become meetings.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};

use super::meeting_rows::{record, MeetingsRecorded};
use super::Result;
use crate::domain::{MeetingDraft, MeetingWay};

/// A calendar chosen to read meetings from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingCalendar {
    pub href: String,
    pub name: Option<String>,
    pub token: Option<String>,
}

/// An event resource of a chosen calendar as the server gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarItem {
    pub href: String,
    pub etag: String,
    pub data: String,
}

/// A draft that takes an occurrence's touches away.
fn gone(key: &str) -> MeetingDraft {
    MeetingDraft {
        key: key.to_owned(),
        at: DateTime::UNIX_EPOCH,
        ends: DateTime::UNIX_EPOCH,
        way: MeetingWay::Unsaid,
        title: None,
        people: Vec::new(),
        counts: false,
    }
}

fn keys_of(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Takes away the meetings of the items `hrefs` and forgets them.
fn forget_items(tx: &Transaction<'_>, hrefs: &[String], now: DateTime<Utc>) -> Result<usize> {
    let mut removed = 0;
    for href in hrefs {
        let keys: Option<String> = tx
            .prepare_cached("SELECT keys FROM meeting_item WHERE href = ?1")?
            .query_row([href], |r| r.get(0))
            .ok();
        if let Some(keys) = keys {
            let drafts: Vec<MeetingDraft> = keys_of(&keys).iter().map(|k| gone(k)).collect();
            removed += record(tx, &drafts, now)?.touches_removed;
        }
        tx.prepare_cached("DELETE FROM meeting_item WHERE href = ?1")?
            .execute([href])?;
    }
    Ok(removed)
}

fn items_of(conn: &Connection, calendar: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT href FROM meeting_item WHERE calendar = ?1")?
        .query_map([calendar], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

impl super::Store {
    /// The calendars chosen to read meetings from.
    pub fn meeting_calendars(&self) -> Result<Vec<MeetingCalendar>> {
        self.read(|conn| {
            let mut stmt = conn
                .prepare_cached("SELECT href, name, token FROM meeting_calendar ORDER BY href")?;
            let rows = stmt.query_map([], |r| {
                Ok(MeetingCalendar {
                    href: r.get(0)?,
                    name: r.get(1)?,
                    token: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Chooses the calendars to read meetings from, `(href, name)` each;
    /// one no longer chosen takes away the meetings it gave. Returns how
    /// many touches went.
    pub fn choose_meeting_calendars(
        &self,
        chosen: &[(String, Option<String>)],
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.write(|tx| {
            let wanted: BTreeSet<&str> = chosen.iter().map(|(h, _)| h.as_str()).collect();
            let known: Vec<String> = tx
                .prepare("SELECT href FROM meeting_calendar")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut removed = 0;
            for href in known.iter().filter(|h| !wanted.contains(h.as_str())) {
                removed += forget_items(tx, &items_of(tx, href)?, now)?;
                tx.execute("DELETE FROM meeting_calendar WHERE href = ?1", [href])?;
            }
            for (href, name) in chosen {
                tx.execute(
                    "INSERT INTO meeting_calendar (href, name) VALUES (?1, ?2)
                     ON CONFLICT (href) DO UPDATE SET name = excluded.name",
                    params![href, name],
                )?;
            }
            Ok(removed)
        })
    }

    /// Keeps what the server says changed in a chosen calendar since its
    /// token: items fetched (written or changed), items deleted — or, for
    /// a whole listing (`listed`), every item not in it — and the new
    /// token. The meetings of deleted items go; returns how many touches.
    pub fn keep_calendar_changes(
        &self,
        calendar: &str,
        token: Option<&str>,
        changed: &[CalendarItem],
        deleted: &[String],
        listed: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.write(|tx| {
            let mut gone_items: Vec<String> = deleted.to_vec();
            if let Some(listed) = listed {
                let listed: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
                gone_items.extend(
                    items_of(tx, calendar)?
                        .into_iter()
                        .filter(|h| !listed.contains(h.as_str())),
                );
            }
            let removed = forget_items(tx, &gone_items, now)?;
            for item in changed {
                tx.prepare_cached(
                    "INSERT INTO meeting_item (href, calendar, etag, data) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (href) DO UPDATE SET etag = excluded.etag, data = excluded.data",
                )?
                .execute(params![item.href, calendar, item.etag, item.data])?;
            }
            tx.execute(
                "UPDATE meeting_calendar SET token = ?2 WHERE href = ?1",
                params![calendar, token],
            )?;
            Ok(removed)
        })
    }

    /// The ETags of a chosen calendar's items, by href (to fetch only what
    /// changed when a full listing comes).
    pub fn calendar_etags(&self, calendar: &str) -> Result<Vec<(String, String)>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT href, etag FROM meeting_item WHERE calendar = ?1")?;
            let rows = stmt.query_map([calendar], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Reads every kept event again with `read` (its past occurrences as
    /// drafts) and records them: new and changed occurrences give their
    /// touches, an occurrence no longer read from its event takes them
    /// away. One transaction per `batch` events.
    pub fn read_calendar_items(
        &self,
        read: &dyn Fn(&str) -> Vec<MeetingDraft>,
        now: DateTime<Utc>,
    ) -> Result<MeetingsRecorded> {
        const BATCH: usize = 500;
        let hrefs: Vec<String> = self.read(|conn| {
            Ok(conn
                .prepare("SELECT href FROM meeting_item ORDER BY href")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })?;
        let mut total = MeetingsRecorded::default();
        for batch in hrefs.chunks(BATCH) {
            let recorded = self.write(|tx| {
                let mut total = MeetingsRecorded::default();
                for href in batch {
                    let Some((data, keys)): Option<(String, String)> = tx
                        .prepare_cached("SELECT data, keys FROM meeting_item WHERE href = ?1")?
                        .query_row([href], |r| Ok((r.get(0)?, r.get(1)?)))
                        .ok()
                    else {
                        continue;
                    };
                    let mut drafts = read(&data);
                    let now_keys: BTreeSet<String> = drafts.iter().map(|d| d.key.clone()).collect();
                    drafts.extend(keys_of(&keys).difference(&now_keys).map(|k| gone(k)));
                    total.add(record(tx, &drafts, now)?);
                    let kept: Vec<&str> = now_keys.iter().map(String::as_str).collect();
                    tx.prepare_cached("UPDATE meeting_item SET keys = ?2 WHERE href = ?1")?
                        .execute(params![href, kept.join("\n")])?;
                }
                Ok(total)
            })?;
            total.add(recorded);
        }
        Ok(total)
    }
}
