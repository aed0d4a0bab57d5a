//! Kith's own data — touches, notes, topics, asks and offers,
//! introductions, dismissed prompts — as journal entries (`VJOURNAL`, RFC
//! 5545) in a CalDAV collection, one per item, so a second Kith gets
//! everything and any standard server keeps it:
//!
//! - `X-KITH-KIND` says what the entry is; `X-KITH-PERSON` (and
//!   `X-KITH-PERSON-2` for an introduction's second person) is the
//!   person's vCard `UID`;
//! - `DTSTART` is the time the entry is dated by, `DESCRIPTION` its main
//!   text (what another app shows), `SUMMARY` a title;
//! - every other column is an `X-KITH-TEXT-…` or `X-KITH-TIME-…` line.
//!
//! Stages are never synced: each Kith works them out from the entries.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use kith_core::store::{
    journal_kind, JournalEntry, JournalKind, NewConflict, Side, SyncItem, SyncedEntry,
};
use kith_core::Store;
use kith_exchange::content::escape;
use serde::{Deserialize, Serialize};

use crate::engine::{Kind, Local, Remote};
use crate::merge::{field, Merged};
use crate::SyncError;
use kith_exchange::calendar::{read_utc, stamp, Component};
use kith_exchange::content::Line;

pub(crate) const COLLECTION: &str = "journal";

/// The fields of an entry that sync carries, as compared and merged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Entry {
    pub kind: String,
    /// The people's uids, in the kind's order.
    pub people: Vec<String>,
    pub texts: BTreeMap<String, String>,
    /// Seconds since the epoch.
    pub times: BTreeMap<String, i64>,
}

fn person_property(index: usize) -> String {
    match index {
        0 => "X-KITH-PERSON".to_owned(),
        n => format!("X-KITH-PERSON-{}", n + 1),
    }
}

fn text_property(column: &str) -> String {
    format!(
        "X-KITH-TEXT-{}",
        column.to_ascii_uppercase().replace('_', "-")
    )
}

fn time_property(column: &str) -> String {
    format!(
        "X-KITH-TIME-{}",
        column.to_ascii_uppercase().replace('_', "-")
    )
}

fn at(secs: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(secs, 0)
}

impl Entry {
    pub fn of(synced: &SyncedEntry) -> Entry {
        let e = &synced.entry;
        Entry {
            kind: e.kind.clone(),
            people: e.people.clone(),
            texts: e.texts.clone(),
            times: e
                .times
                .iter()
                .map(|(k, v)| (k.clone(), v.timestamp()))
                .collect(),
        }
    }

    pub fn to_entry(&self) -> JournalEntry {
        JournalEntry {
            kind: self.kind.clone(),
            people: self.people.clone(),
            texts: self.texts.clone(),
            times: self
                .times
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), at(*v)?)))
                .collect(),
        }
    }

    /// Sets a field to the value a conflict set aside; whether the field
    /// is one of the entry's.
    pub fn flip(&mut self, field: &str, value: &str) -> bool {
        let Some(kind) = journal_kind(&self.kind) else {
            return false;
        };
        if kind.texts.contains(&field) {
            if value.is_empty() {
                self.texts.remove(field);
            } else {
                self.texts.insert(field.to_owned(), value.to_owned());
            }
            true
        } else if kind.times.contains(&field) {
            match value.parse() {
                Ok(secs) => self.times.insert(field.to_owned(), secs),
                Err(_) => self.times.remove(field),
            };
            true
        } else {
            false
        }
    }
}

/// Merges `here` and `server` from `base`: the people as one field, each
/// text and time its own.
pub fn merge(base: Option<&Entry>, here: &Entry, server: &Entry, newer: Side) -> Merged<Entry> {
    let mut conflicts: Vec<NewConflict> = Vec::new();
    let people = field(
        "people",
        base.map(|b| Some(b.people.join("\n"))).as_ref(),
        &Some(here.people.join("\n")),
        &Some(server.people.join("\n")),
        newer,
        &mut conflicts,
    )
    .map(|p| p.split('\n').map(str::to_owned).collect())
    .unwrap_or_else(|| here.people.clone());
    let mut merged = Entry {
        kind: here.kind.clone(),
        people,
        ..Entry::default()
    };
    let keys = |get: &dyn Fn(&Entry) -> Vec<String>| {
        let mut all: Vec<String> = get(here).into_iter().chain(get(server)).collect();
        all.extend(base.map(get).unwrap_or_default());
        all.sort();
        all.dedup();
        all
    };
    for key in keys(&|e| e.texts.keys().cloned().collect()) {
        let value = field(
            &key,
            base.map(|b| b.texts.get(&key).cloned()).as_ref(),
            &here.texts.get(&key).cloned(),
            &server.texts.get(&key).cloned(),
            newer,
            &mut conflicts,
        );
        if let Some(value) = value {
            merged.texts.insert(key, value);
        }
    }
    for key in keys(&|e| e.times.keys().cloned().collect()) {
        let get = |e: &Entry| e.times.get(&key).map(i64::to_string);
        let value = field(
            &key,
            base.map(get).as_ref(),
            &get(here),
            &get(server),
            newer,
            &mut conflicts,
        );
        if let Some(secs) = value.and_then(|v| v.parse().ok()) {
            merged.times.insert(key, secs);
        }
    }
    Merged {
        fields: merged,
        conflicts,
    }
}

/// A journal entry on the server: the calendar and its `VJOURNAL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VJournal {
    calendar: Component,
}

impl VJournal {
    pub fn parse(text: &str) -> Option<VJournal> {
        let calendar = Component::parse(text)?;
        (calendar.name == "VCALENDAR").then_some(())?;
        let journal = VJournal { calendar };
        journal.at()?;
        Some(journal)
    }

    fn at(&self) -> Option<usize> {
        self.calendar
            .children
            .iter()
            .position(|c| c.name == "VJOURNAL")
    }

    fn entry(&self) -> &Component {
        // `parse` made sure there is one.
        &self.calendar.children[self.at().unwrap_or_default()]
    }

    pub fn new(uid: &str, entry: &Entry, names: &[String], changed_at: DateTime<Utc>) -> VJournal {
        let mut journal = Component::new("VJOURNAL");
        journal
            .props
            .lines
            .push(Line::own(format!("UID:{}", escape(uid))));
        let mut calendar = Component::new("VCALENDAR");
        for text in ["VERSION:2.0", "PRODID:-//Kith//Kith//EN"] {
            calendar.props.lines.push(Line::own(text.to_owned()));
        }
        calendar.children.push(journal);
        let mut vjournal = VJournal { calendar };
        vjournal.patch(entry, names, changed_at);
        vjournal
    }

    pub fn to_text(&self) -> String {
        self.calendar.to_text()
    }

    pub fn uid(&self) -> Option<String> {
        self.entry().text("UID").filter(|u| !u.trim().is_empty())
    }

    pub fn last_modified(&self) -> Option<DateTime<Utc>> {
        let e = self.entry();
        e.props
            .first("LAST-MODIFIED")
            .or_else(|| e.props.first("DTSTAMP"))
            .and_then(read_utc)
    }

    /// The entry's fields; `None` when it is not an entry Kith knows.
    pub fn fields(&self) -> Option<Entry> {
        let e = self.entry();
        let kind = journal_kind(e.text("X-KITH-KIND")?.trim())?;
        let people = (0..kind.people_count())
            .map(|i| e.text(&person_property(i)))
            .collect::<Option<Vec<String>>>()?;
        let mut texts = BTreeMap::new();
        for column in kind.texts {
            let value = if Some(*column) == kind.text {
                e.text("DESCRIPTION")
            } else {
                e.text(&text_property(column))
            };
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                texts.insert((*column).to_owned(), value);
            }
        }
        let mut times = BTreeMap::new();
        for column in kind.times {
            let line = if *column == kind.at {
                e.props.first("DTSTART")
            } else {
                e.props.first(&time_property(column))
            };
            if let Some(at) = line.and_then(read_utc) {
                times.insert((*column).to_owned(), at.timestamp());
            }
        }
        Some(Entry {
            kind: kind.name.to_owned(),
            people,
            texts,
            times,
        })
    }

    /// Writes `entry` onto the journal entry, keeping every line Kith does
    /// not own.
    /// `names` are the people's names, for the title.
    pub fn patch(&mut self, entry: &Entry, names: &[String], changed_at: DateTime<Utc>) {
        let Some(kind) = journal_kind(&entry.kind) else {
            return;
        };
        let Some(at) = self.at() else {
            return;
        };
        let props = &mut self.calendar.children[at].props;
        let mut set = |name: &str, value: Option<String>| {
            props.set(name, value.map(|v| format!("{name}:{v}")));
        };
        set("X-KITH-KIND", Some(kind.name.to_owned()));
        for i in 0..kind.people_count() {
            set(&person_property(i), entry.people.get(i).map(|p| escape(p)));
        }
        let main_text = kind.text.and_then(|c| entry.texts.get(c));
        set("SUMMARY", Some(escape(&title(kind, names, main_text))));
        set("DESCRIPTION", main_text.map(|t| escape(t)));
        for column in kind.texts.iter().filter(|c| Some(**c) != kind.text) {
            set(
                &text_property(column),
                entry.texts.get(*column).map(|t| escape(t)),
            );
        }
        for column in kind.times {
            let value = entry.times.get(*column).and_then(|s| at_stamp(*s));
            if *column == kind.at {
                set("DTSTART", value);
            } else {
                set(&time_property(column), value);
            }
        }
        set("LAST-MODIFIED", Some(stamp(changed_at)));
        set("DTSTAMP", Some(stamp(changed_at)));
    }
}

/// An entry's title, as another app lists it: what it is, whose it is,
/// and the start of its text on one line ("Note (Maya Tester): Loves
/// the…").
fn title(kind: &JournalKind, names: &[String], text: Option<&String>) -> String {
    let mut title = kind.title.to_owned();
    if !names.is_empty() {
        title.push_str(&format!(" ({})", names.join(", ")));
    }
    if let Some(text) = text {
        let words: Vec<&str> = text.split_whitespace().collect();
        let line = words.join(" ");
        let short: String = line.chars().take(80).collect();
        if !short.is_empty() {
            title.push_str(": ");
            title.push_str(&short);
            if short.len() < line.len() {
                title.push('…');
            }
        }
    }
    title
}

fn at_stamp(secs: i64) -> Option<String> {
    at(secs).map(stamp)
}

/// The journal collection; it keeps the names of the people of the
/// entries listed here, for the titles it writes.
#[derive(Default)]
pub(crate) struct Journal {
    names: std::sync::Mutex<HashMap<String, String>>,
}

impl Journal {
    fn names_of(&self, entry: &Entry) -> Vec<String> {
        let names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        entry
            .people
            .iter()
            .filter_map(|uid| names.get(uid).cloned())
            .collect()
    }
}

impl Kind for Journal {
    type Fields = Entry;
    const COLLECTION: &'static str = COLLECTION;
    const CONTENT_TYPE: &'static str = "text/calendar; charset=utf-8; component=VJOURNAL";
    const EXTENSION: &'static str = "ics";
    const NOUN: &'static str = "journal entries";

    fn local(&self, store: &Store) -> Result<Vec<Local<Entry>>, SyncError> {
        *self.names.lock().unwrap_or_else(|e| e.into_inner()) = store.names_by_uid()?;
        Ok(store
            .journal_for_sync()?
            .iter()
            .map(|e| Local {
                uid: e.uid.clone(),
                fields: Entry::of(e),
                updated_at: e.updated_at,
            })
            .collect())
    }

    fn read(&self, data: &str) -> Option<Remote<Entry>> {
        let journal = VJournal::parse(data)?;
        Some(Remote {
            uid: journal.uid(),
            fields: journal.fields()?,
            changed_at: journal.last_modified(),
        })
    }

    fn label(&self, store: &Store, fields: &Entry) -> Result<String, SyncError> {
        let mut names = Vec::new();
        for uid in &fields.people {
            if let Some(id) = store.person_by_uid(uid)? {
                names.push(store.person(id)?.display_name);
            }
        }
        Ok(names.join(", "))
    }

    fn same(&self, a: &Entry, b: &Entry) -> bool {
        a == b
    }

    fn merge(
        &self,
        base: Option<&Entry>,
        here: &Entry,
        server: &Entry,
        newer: Side,
    ) -> Merged<Entry> {
        merge(base, here, server, newer)
    }

    fn apply(
        &self,
        store: &Store,
        fields: &Entry,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, SyncError> {
        Ok(store.apply_synced_entry(&fields.to_entry(), item, conflicts, now)?)
    }

    fn remove(&self, store: &Store, uid: &str, now: DateTime<Utc>) -> Result<(), SyncError> {
        store.remove_synced_entry(uid, now)?;
        Ok(())
    }

    fn write(
        &self,
        remote: Option<&str>,
        uid: &str,
        fields: &Entry,
        changed_at: DateTime<Utc>,
    ) -> String {
        match remote.and_then(VJournal::parse) {
            Some(mut journal) => {
                journal.patch(fields, &self.names_of(fields), changed_at);
                journal.to_text()
            }
            None => VJournal::new(uid, fields, &self.names_of(fields), changed_at).to_text(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intro() -> Entry {
        Entry {
            kind: "introduction".into(),
            people: vec!["ada-uid".into(), "grace-uid".into()],
            texts: [("why", "Both love machines"), ("status", "introduced")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            times: [
                ("proposed_at", 1_795_000_000),
                ("introduced_at", 1_795_100_000),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        }
    }

    #[test]
    fn an_entry_reads_back_the_same_and_shows_its_text_to_other_apps() {
        let now = at(1_796_000_000).unwrap();
        let names = ["Ada Lovelace".to_owned(), "Grace Hopper".to_owned()];
        let text = VJournal::new("j-1", &intro(), &names, now).to_text();
        assert!(text.contains("BEGIN:VJOURNAL\r\n"), "{text}");
        assert!(
            text.contains(
                "SUMMARY:Introduction (Ada Lovelace\\, Grace Hopper): Both love machines\r\n"
            ),
            "{text}"
        );
        assert!(text.contains("DESCRIPTION:Both love machines\r\n"));
        assert!(text.contains("X-KITH-PERSON-2:grace-uid\r\n"));
        assert!(text.contains("X-KITH-TIME-INTRODUCED-AT:"));
        let back = VJournal::parse(&text).unwrap();
        assert_eq!(back.fields(), Some(intro()));
        assert_eq!(back.uid().as_deref(), Some("j-1"));
        assert_eq!(back.last_modified(), Some(now));
    }

    #[test]
    fn a_title_is_one_line_naming_whose_entry_it_is() {
        let mut note = intro();
        note.kind = "note".into();
        note.people.truncate(1);
        note.texts = [(
            "body".to_owned(),
            "Loves the engine.\n\nAsk about\tlooms".to_owned(),
        )]
        .into_iter()
        .collect();
        let kind = journal_kind("note").unwrap();
        let body = &note.texts["body"];
        let title = title(kind, &["Ada Lovelace".into()], Some(body));
        assert_eq!(
            title,
            "Note (Ada Lovelace): Loves the engine. Ask about looms"
        );
        let long = "word ".repeat(40);
        let cut = super::title(kind, &[], Some(&long));
        assert!(cut.ends_with('…') && !cut.contains('\n'), "{cut}");
    }

    #[test]
    fn another_apps_lines_survive_and_its_edit_of_the_text_is_read() {
        let now = at(1_796_000_000).unwrap();
        let text = VJournal::new("j-1", &intro(), &[], now)
            .to_text()
            .replace(
                "DESCRIPTION:Both love machines",
                "DESCRIPTION:Both love looms",
            )
            .replace("END:VJOURNAL", "X-OTHER-APP:kept\r\nEND:VJOURNAL");
        let mut journal = VJournal::parse(&text).unwrap();
        let read = journal.fields().unwrap();
        assert_eq!(read.texts["why"], "Both love looms");
        let mut changed = read.clone();
        changed.texts.insert("status".into(), "closed".into());
        journal.patch(&changed, &[], now);
        let written = journal.to_text();
        assert!(written.contains("X-OTHER-APP:kept"));
        assert!(written.contains("X-KITH-TEXT-STATUS:closed"));
    }

    #[test]
    fn different_fields_merge_and_the_same_one_conflicts() {
        let base = intro();
        let mut here = base.clone();
        here.texts.insert("status".into(), "closed".into());
        let mut server = base.clone();
        server.texts.insert("outcome".into(), "helped".into());
        let merged = merge(Some(&base), &here, &server, Side::Server);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.fields.texts["status"], "closed");
        assert_eq!(merged.fields.texts["outcome"], "helped");
        let mut there = base.clone();
        there.texts.insert("why".into(), "Looms".into());
        let mut mine = base.clone();
        mine.texts.insert("why".into(), "Engines".into());
        let merged = merge(Some(&base), &mine, &there, Side::Here);
        assert_eq!(merged.fields.texts["why"], "Engines");
        assert_eq!(merged.conflicts[0].other, "Looms");
        let mut flipped = merged.fields;
        assert!(flipped.flip("why", "Looms"));
        assert_eq!(flipped.texts["why"], "Looms");
        assert!(!flipped.flip("person_a", "x"));
    }

    #[test]
    fn entries_kith_does_not_know_are_not_read() {
        for text in [
            "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nSUMMARY:Diary\r\nDTSTART:20261130T100000Z\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nX-KITH-KIND:horoscope\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nX-KITH-KIND:introduction\r\nX-KITH-PERSON:a\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
        ] {
            assert!(
                VJournal::parse(text).and_then(|j| j.fields()).is_none(),
                "{text}"
            );
        }
    }
}
