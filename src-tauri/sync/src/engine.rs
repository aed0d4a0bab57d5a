//! One sync of one collection, whatever it holds (people as vCards,
//! follow-ups as VTODOs): the steps are the same, the [`Kind`] supplies
//! what differs.
//!
//! 1. Ask the server what changed since the last token (everything, when
//!    the token is refused). Only what the server says was deleted counts
//!    as deleted; a full listing's missing items count as deleted because
//!    it is the whole collection.
//! 2. Refuse before changing anything when the deletions would remove more
//!    than half of either side (one deletion alone is never refused).
//! 3. Fetch what changed, merge each with what Kith has from the base both
//!    last agreed on, apply the result here (with the item's new state, in
//!    one transaction) and note what the server still needs.
//! 4. Apply the server's deletions here, unless the item was edited here
//!    since: then it stays, goes back to the server, and the deletion is
//!    listed as a conflict (flipping it deletes the item on both sides).
//! 5. Send what changed here: new items, edits patched onto the server's
//!    copy with `If-Match` (412: fetch, merge, try again; gone from the
//!    server: deleted there, so step 4's rule), deletions with `If-Match`
//!    (an item edited on the server since comes back instead).
//! 6. A round that wrote items is followed by another from the same token,
//!    so the token kept is one from after Kith's own writes. RFC 6578 lets
//!    a server leave out of a delta an item that did not exist at the
//!    token and does not exist now (a server that diffs two snapshots
//!    does), so an item Kith wrote since the token that the next delta
//!    does not list is looked up, and counts as deleted when it is gone.
//!    Before its first write a sync forgets the stored token: a sync cut
//!    short after writing lists everything next time.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use kith_core::store::{NewConflict, Side, SyncItem};
use kith_core::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::dav::{Changes, Fetched, Server, Written};
use crate::merge::Merged;
use crate::{Control, Phase, Report, SyncError};

/// The field of a conflict between a deletion on the server and an edit
/// here: flipping it deletes the item here too.
pub const DELETED: &str = "deleted";
/// Items asked for per multiget (and between progress reports).
const FETCH_BATCH: usize = 250;
/// Tries of one write that keeps meeting a newer version on the server.
const WRITE_TRIES: usize = 3;
/// Rounds of one sync (step 6); a server that keeps changing what it is
/// given leaves the token forgotten, and the next sync lists everything.
const ROUNDS: usize = 3;

/// An item as it is here.
pub(crate) struct Local<F> {
    pub uid: String,
    pub fields: F,
    pub updated_at: DateTime<Utc>,
}

/// An item as the server holds it.
pub(crate) struct Remote<F> {
    pub uid: Option<String>,
    pub fields: F,
    /// When it last changed, if it says (`REV`, `LAST-MODIFIED`).
    pub changed_at: Option<DateTime<Utc>>,
}

/// What a collection holds, and how it is read, merged, applied and
/// written.
pub(crate) trait Kind {
    type Fields: Clone + Default + Serialize + DeserializeOwned;
    /// The collection's name in the store.
    const COLLECTION: &'static str;
    const CONTENT_TYPE: &'static str;
    const EXTENSION: &'static str;
    /// What the items are, for the deletion guard ("people").
    const NOUN: &'static str;
    /// A mirror of what Kith keeps elsewhere (follow-ups shown as events):
    /// deleting more than half of it does not ask first, and an item
    /// deleted there while edited here just goes back, with no conflict.
    const MIRROR: bool = false;

    fn local(&self, store: &Store) -> Result<Vec<Local<Self::Fields>>, SyncError>;
    /// The server's item; `None` when Kith cannot read it (left alone).
    fn read(&self, data: &str) -> Option<Remote<Self::Fields>>;
    fn same(&self, a: &Self::Fields, b: &Self::Fields) -> bool;
    /// Whether a server item is another app's rather than Kith's (it is
    /// looked at after Kith's own, which it may follow on from).
    fn foreign(&self, _fields: &Self::Fields) -> bool {
        false
    }
    /// Whose item it is, as a conflict names it (the person's name).
    fn label(&self, store: &Store, fields: &Self::Fields) -> Result<String, SyncError>;
    fn merge(
        &self,
        base: Option<&Self::Fields>,
        here: &Self::Fields,
        server: &Self::Fields,
        newer: Side,
    ) -> Merged<Self::Fields>;
    /// Applies fields here together with the item's new state, in one
    /// transaction; whether anything changed here, or `None` when the item
    /// cannot live here (a follow-up of someone Kith does not have).
    fn apply(
        &self,
        store: &Store,
        fields: &Self::Fields,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, SyncError>;
    /// Removes an item the server deleted.
    fn remove(&self, store: &Store, uid: &str, now: DateTime<Utc>) -> Result<(), SyncError>;
    /// The item's text: `remote` patched, or a new object, saying it
    /// changed at `changed_at` (`REV`, `LAST-MODIFIED`).
    fn write(
        &self,
        remote: Option<&str>,
        uid: &str,
        fields: &Self::Fields,
        changed_at: DateTime<Utc>,
    ) -> String;
}

/// An item's href for something new: the collection and the uid, kept to
/// characters every server takes.
fn href_for(collection: &str, uid: &str, extension: &str) -> String {
    let safe: String = uid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}/{safe}.{extension}", collection.trim_end_matches('/'))
}

/// An item to send: its state, the fields the server should hold and
/// when they changed.
type Outgoing<F> = (SyncItem, F, DateTime<Utc>);

struct Run<'a, K: Kind> {
    kind: &'a K,
    store: &'a Store,
    server: &'a Server,
    href: &'a str,
    now: DateTime<Utc>,
    report: &'a mut Report,
    /// Set when the next sync must list everything (a 409 on a create).
    relist: bool,
    /// Whether the stored token was forgotten before the first write.
    forgotten: bool,
    /// Items this round wrote to the server (their hrefs).
    written: Vec<String>,
    /// Items fetched in an earlier round of this sync (href and ETag):
    /// not fetched again, nor counted again when left alone.
    fetched: HashSet<(String, String)>,
}

impl<K: Kind> Run<'_, K> {
    fn base_of(&self, item: &SyncItem) -> Option<K::Fields> {
        serde_json::from_str(&item.base).ok()
    }

    fn json(fields: &K::Fields) -> String {
        serde_json::to_string(fields).unwrap_or_default()
    }

    /// Called before each write to the server: the first forgets the
    /// stored token, so a sync cut short after writing lists everything
    /// next time instead of trusting a delta that may leave out its
    /// writes.
    fn writing(&mut self) -> Result<(), SyncError> {
        if !self.forgotten {
            self.store
                .set_sync_collection(K::COLLECTION, self.href, None)?;
            self.forgotten = true;
        }
        Ok(())
    }

    /// Deleted on the server, edited here: the edit stays and goes back,
    /// and the deletion is listed as a conflict to flip.
    fn deleted_there(&mut self, uid: &str, fields: &K::Fields) -> Result<(), SyncError> {
        if K::MIRROR {
            self.store.drop_sync_item(K::COLLECTION, uid)?;
            return Ok(());
        }
        self.store.drop_sync_item_in_conflict(
            K::COLLECTION,
            uid,
            &self.kind.label(self.store, fields)?,
            &NewConflict {
                field: DELETED.to_owned(),
                kept: "edited here".to_owned(),
                other: "deleted on the server".to_owned(),
                kept_from: Side::Here,
            },
            self.now,
        )?;
        self.report.conflicts += 1;
        Ok(())
    }

    fn here(&self, uid: &str) -> Result<Option<Local<K::Fields>>, SyncError> {
        Ok(self
            .kind
            .local(self.store)?
            .into_iter()
            .find(|l| l.uid == uid))
    }

    /// Merges a fetched item with the one here (if any) and applies the
    /// result here; returns the item, what the server should hold when
    /// that differs from what it holds, and when that changed.
    fn take(
        &mut self,
        fetched: &Fetched,
        known: Option<&SyncItem>,
        here: Option<&Local<K::Fields>>,
    ) -> Result<Option<Outgoing<K::Fields>>, SyncError> {
        let Some(theirs) = self.kind.read(&fetched.data) else {
            self.report.skipped += 1;
            tracing::warn!(href = %fetched.href, "an item on the server Kith cannot read; left alone");
            return Ok(None);
        };
        let uid = theirs
            .uid
            .clone()
            .or_else(|| known.map(|k| k.uid.clone()))
            .unwrap_or_else(|| fetched.href.clone());
        let base = known.and_then(|k| self.base_of(k));
        let merged = match here {
            Some(local) => {
                let newer = match theirs.changed_at {
                    Some(at) if at > local.updated_at => Side::Server,
                    _ => Side::Here,
                };
                self.kind
                    .merge(base.as_ref(), &local.fields, &theirs.fields, newer)
            }
            None => match &base {
                // Deleted here and unchanged there: the deletion goes to
                // the server later.
                Some(base) if self.kind.same(base, &theirs.fields) => return Ok(None),
                _ => self
                    .kind
                    .merge(None, &theirs.fields, &theirs.fields, Side::Server),
            },
        };
        let item = SyncItem {
            uid,
            href: fetched.href.clone(),
            etag: Some(fetched.etag.clone()),
            base: Self::json(&merged.fields),
            remote: fetched.data.clone(),
        };
        match self.kind.apply(
            self.store,
            &merged.fields,
            &item,
            &merged.conflicts,
            self.now,
        )? {
            None => {
                self.report.skipped += 1;
                return Ok(None);
            }
            Some(true) => self.report.pulled += 1,
            Some(false) => {}
        }
        self.report.conflicts += merged.conflicts.len();
        if self.kind.same(&merged.fields, &theirs.fields) {
            return Ok(None);
        }
        let changed_at = here.map_or(self.now, |l| l.updated_at);
        Ok(Some((item, merged.fields, changed_at)))
    }

    async fn refetch(&self, href: &str) -> Result<Option<Fetched>, SyncError> {
        Ok(self
            .server
            .fetch(self.href, &[href.to_owned()])
            .await?
            .into_iter()
            .next())
    }

    /// Sends `fields` as the item's new content, patched onto the server's
    /// copy; on a newer version there, fetches it, merges and tries again.
    async fn send(
        &mut self,
        (mut item, mut fields, mut changed_at): Outgoing<K::Fields>,
    ) -> Result<(), SyncError> {
        for _ in 0..WRITE_TRIES {
            let text = self
                .kind
                .write(Some(&item.remote), &item.uid, &fields, changed_at);
            let etag = item.etag.clone().unwrap_or_default();
            self.writing()?;
            match self
                .server
                .update(&item.href, &text, K::CONTENT_TYPE, &etag)
                .await?
            {
                Written::Done(etag) => {
                    item.etag = etag;
                    item.base = Self::json(&fields);
                    item.remote = text;
                    self.store.save_sync_item(K::COLLECTION, &item)?;
                    self.written.push(item.href);
                    self.report.pushed += 1;
                    return Ok(());
                }
                Written::Gone => {
                    self.deleted_there(&item.uid, &fields)?;
                    return self.create(&item.uid, &fields, changed_at).await;
                }
                Written::Changed | Written::Duplicate => {
                    // A failed If-Match for an item the server no longer
                    // has: deleted there.
                    let Some(fetched) = self.refetch(&item.href).await? else {
                        self.deleted_there(&item.uid, &fields)?;
                        return self.create(&item.uid, &fields, changed_at).await;
                    };
                    let here = self.here(&item.uid)?;
                    match self.take(&fetched, Some(&item), here.as_ref())? {
                        Some(next) => (item, fields, changed_at) = next,
                        None => return Ok(()),
                    }
                }
            }
        }
        Err(SyncError::Server(format!(
            "{} kept changing on the server while Kith wrote it; it will be tried again",
            item.href
        )))
    }

    /// Creates an item on the server.
    async fn create(
        &mut self,
        uid: &str,
        fields: &K::Fields,
        changed_at: DateTime<Utc>,
    ) -> Result<(), SyncError> {
        let href = href_for(self.href, uid, K::EXTENSION);
        let text = self.kind.write(None, uid, fields, changed_at);
        self.writing()?;
        match self.server.create(&href, &text, K::CONTENT_TYPE).await? {
            Written::Done(etag) => {
                self.store.save_sync_item(
                    K::COLLECTION,
                    &SyncItem {
                        uid: uid.to_owned(),
                        href: href.clone(),
                        etag,
                        base: Self::json(fields),
                        remote: text,
                    },
                )?;
                self.written.push(href);
                self.report.pushed += 1;
                Ok(())
            }
            Written::Changed => {
                // Already there (a sync cut short after the write): merge.
                if let Some(fetched) = self.refetch(&href).await? {
                    let here = self.here(uid)?;
                    if let Some(outgoing) = self.take(&fetched, None, here.as_ref())? {
                        return Box::pin(self.send(outgoing)).await;
                    }
                }
                Ok(())
            }
            Written::Duplicate | Written::Gone => {
                // Another item holds this UID: the next sync lists
                // everything and finds it.
                tracing::warn!(uid, "the server holds this UID elsewhere");
                self.relist = true;
                self.report.skipped += 1;
                Ok(())
            }
        }
    }
}

/// What every collection of one sync shares.
pub(crate) struct Pass<'a> {
    pub store: &'a Store,
    pub server: &'a Server,
    pub allow_deletes: bool,
    pub control: &'a Control,
    pub now: DateTime<Utc>,
}

/// Syncs the collection at `href` on the server.
pub(crate) async fn sync<K: Kind>(
    kind: &K,
    href: &str,
    pass: &Pass<'_>,
    report: &mut Report,
) -> Result<(), SyncError> {
    let token = pass
        .store
        .sync_collection(K::COLLECTION)?
        .and_then(|(h, token)| (h == href).then_some(token))
        .flatten();
    let mut run = Run {
        kind,
        store: pass.store,
        server: pass.server,
        href,
        now: pass.now,
        report,
        relist: false,
        forgotten: false,
        written: Vec::new(),
        fetched: HashSet::new(),
    };
    // What Kith wrote in this sync: each must be listed by the next delta
    // from the same token, or be looked up.
    let mut ours: HashSet<String> = HashSet::new();
    for _ in 0..ROUNDS {
        let mut changes = pass.server.changes(href, token.as_deref()).await?;
        if !changes.full {
            run.unlisted(&mut changes, &ours).await?;
        }
        run.round(changes.clone(), pass).await?;
        if run.written.is_empty() {
            let token = if run.relist { None } else { changes.token };
            pass.store
                .set_sync_collection(K::COLLECTION, href, token.as_deref())?;
            return Ok(());
        }
        ours.extend(run.written.drain(..));
    }
    tracing::warn!(
        href,
        "the server kept changing what Kith wrote; the next sync lists everything"
    );
    Ok(())
}

impl<K: Kind> Run<'_, K> {
    /// Items Kith wrote since the token that a delta neither lists as
    /// changed nor as deleted: looked up, and deleted when gone.
    async fn unlisted(
        &self,
        changes: &mut Changes,
        ours: &HashSet<String>,
    ) -> Result<(), SyncError> {
        let listed: HashSet<&str> = changes
            .changed
            .iter()
            .map(|(h, _)| h.as_str())
            .chain(changes.deleted.iter().map(String::as_str))
            .collect();
        let unlisted: Vec<String> = ours
            .iter()
            .filter(|h| !listed.contains(h.as_str()))
            .cloned()
            .collect();
        if unlisted.is_empty() {
            return Ok(());
        }
        let found = self.server.fetch(self.href, &unlisted).await?;
        for href in unlisted {
            match found.iter().find(|f| f.href == href) {
                Some(f) => changes.changed.push((href, f.etag.clone())),
                None => changes.deleted.push(href),
            }
        }
        Ok(())
    }

    /// One round: steps 1–5 against what the server says changed.
    async fn round(&mut self, changes: Changes, pass: &Pass<'_>) -> Result<(), SyncError> {
        let (kind, store, server, href, now) =
            (self.kind, self.store, self.server, self.href, self.now);
        let control = pass.control;
        self.written.clear();
        let items: HashMap<String, SyncItem> = store
            .sync_items(K::COLLECTION)?
            .into_iter()
            .map(|i| (i.uid.clone(), i))
            .collect();
        let by_href: HashMap<&str, &SyncItem> =
            items.values().map(|i| (i.href.as_str(), i)).collect();
        let deleted: Vec<String> = if changes.full {
            let listed: HashSet<&str> = changes.changed.iter().map(|(h, _)| h.as_str()).collect();
            items
                .values()
                .filter(|i| !listed.contains(i.href.as_str()))
                .map(|i| i.href.clone())
                .collect()
        } else {
            changes.deleted.clone()
        };
        let locals: HashMap<String, Local<K::Fields>> = kind
            .local(store)?
            .into_iter()
            .map(|l| (l.uid.clone(), l))
            .collect();

        // Deletions on either side, counted before anything changes.
        let synced_here = locals.keys().filter(|u| items.contains_key(*u)).count();
        // (An item edited here since stays, so it does not count.)
        let to_remove_here = deleted
            .iter()
            .filter_map(|h| by_href.get(h.as_str()))
            .filter(|i| {
                locals
                    .get(&i.uid)
                    .is_some_and(|l| self.base_of(i).is_some_and(|b| kind.same(&b, &l.fields)))
            })
            .count();
        let to_delete_there = items.keys().filter(|u| !locals.contains_key(*u)).count();
        if !pass.allow_deletes && !K::MIRROR {
            if to_remove_here > 1 && to_remove_here * 2 > synced_here {
                return Err(SyncError::TooManyDeletes {
                    what: K::NOUN,
                    side: "here",
                    count: to_remove_here,
                    of: synced_here,
                });
            }
            if to_delete_there > 1 && to_delete_there * 2 > items.len() {
                return Err(SyncError::TooManyDeletes {
                    what: K::NOUN,
                    side: "on the server",
                    count: to_delete_there,
                    of: items.len(),
                });
            }
        }

        // What changed there.
        let wanted: Vec<String> = changes
            .changed
            .iter()
            .filter(|(h, etag)| {
                by_href.get(h.as_str()).and_then(|i| i.etag.as_deref()) != Some(etag)
                    && !self.fetched.contains(&(h.clone(), etag.clone()))
            })
            .map(|(h, _)| h.clone())
            .collect();
        // Applied a batch at a time, so only one batch is held in memory
        // (and other apps' items, applied after Kith's own).
        let mut outgoing = Vec::new();
        let mut foreign = Vec::new();
        for (i, batch) in wanted.chunks(FETCH_BATCH).enumerate() {
            control.check()?;
            control.report(Phase::Receiving, i * FETCH_BATCH, wanted.len());
            for fetched in server.fetch(href, batch).await? {
                self.fetched
                    .insert((fetched.href.clone(), fetched.etag.clone()));
                let read = kind.read(&fetched.data);
                if read.as_ref().is_some_and(|r| kind.foreign(&r.fields)) {
                    foreign.push(fetched);
                    continue;
                }
                let known = by_href.get(fetched.href.as_str()).copied();
                let uid = read
                    .and_then(|r| r.uid)
                    .or_else(|| known.map(|k| k.uid.clone()));
                let known = known.or_else(|| uid.as_deref().and_then(|u| items.get(u)));
                let here = uid.as_deref().and_then(|u| locals.get(u));
                if let Some(out) = self.take(&fetched, known, here)? {
                    outgoing.push(out);
                }
            }
        }
        for fetched in foreign {
            let known = by_href.get(fetched.href.as_str()).copied();
            if let Some(out) = self.take(&fetched, known, None)? {
                outgoing.push(out);
            }
        }

        // What was deleted there.
        for h in &deleted {
            let Some(item) = by_href.get(h.as_str()) else {
                continue;
            };
            match locals.get(&item.uid) {
                Some(local)
                    if !self
                        .base_of(item)
                        .is_some_and(|b| kind.same(&b, &local.fields)) =>
                {
                    self.deleted_there(&item.uid, &local.fields)?;
                }
                Some(_) => {
                    kind.remove(store, &item.uid, now)?;
                    store.drop_sync_item(K::COLLECTION, &item.uid)?;
                    self.report.deleted += 1;
                }
                None => store.drop_sync_item(K::COLLECTION, &item.uid)?,
            }
        }

        for out in outgoing {
            self.send(out).await?;
        }

        // What changed here.
        let items: HashMap<String, SyncItem> = store
            .sync_items(K::COLLECTION)?
            .into_iter()
            .map(|i| (i.uid.clone(), i))
            .collect();
        let locals = kind.local(store)?;
        let sending = locals.len();
        for (i, local) in locals.iter().enumerate() {
            control.check()?;
            if i % 25 == 0 {
                control.report(Phase::Sending, i, sending);
            }
            match items.get(&local.uid) {
                None => {
                    self.create(&local.uid, &local.fields, local.updated_at)
                        .await?
                }
                Some(item)
                    if !self
                        .base_of(item)
                        .is_some_and(|b| kind.same(&b, &local.fields)) =>
                {
                    self.send((item.clone(), local.fields.clone(), local.updated_at))
                        .await?;
                }
                Some(_) => {}
            }
        }

        // What was deleted here.
        let here: HashSet<&str> = locals.iter().map(|l| l.uid.as_str()).collect();
        for item in items.values().filter(|i| !here.contains(i.uid.as_str())) {
            control.check()?;
            let etag = item.etag.clone().unwrap_or_default();
            self.writing()?;
            match server.delete(&item.href, &etag).await? {
                Written::Done(_) | Written::Gone => {
                    store.drop_sync_item(K::COLLECTION, &item.uid)?;
                    self.report.deleted += 1;
                }
                Written::Changed | Written::Duplicate => {
                    // Edited there since it was deleted here: it comes back.
                    if let Some(fetched) = self.refetch(&item.href).await? {
                        let edited = kind.read(&fetched.data).is_some_and(|theirs| {
                            !self
                                .base_of(item)
                                .is_some_and(|b| kind.same(&b, &theirs.fields))
                        });
                        if edited {
                            self.take(&fetched, None, None)?;
                        } else if let Written::Done(_) | Written::Gone =
                            server.delete(&item.href, &fetched.etag).await?
                        {
                            store.drop_sync_item(K::COLLECTION, &item.uid)?;
                            self.report.deleted += 1;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
