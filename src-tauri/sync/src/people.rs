//! Syncing people with an address book.
//!
//! 1. Ask the server what changed since the last token (everything, when
//!    the token is refused). Only what the server says was deleted counts
//!    as deleted; a full listing's missing items count as deleted because
//!    it is the whole collection.
//! 2. Refuse before changing anything when the deletions would remove more
//!    than half of either side.
//! 3. Fetch what changed, merge each with what Kith has from the base both
//!    last agreed on, apply the result here (with the item's new state, in
//!    one transaction) and note what the server still needs.
//! 4. Apply the server's deletions here (to the trash), unless the person
//!    was edited here since: then they stay and go back to the server.
//! 5. Send what changed here: new people, edits patched onto the server's
//!    copy with `If-Match` (412: fetch, merge, try again), deletions with
//!    `If-Match` (an item edited on the server since comes back instead).
//! 6. Only then keep the new token, so a sync cut short starts again from
//!    the old one and finds its own writes by their ETags.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kith_core::store::{Side, SyncItem, SyncedPerson};
use kith_core::Store;

use crate::card::{Card, VCard};
use crate::dav::{Fetched, Server, Written};
use crate::merge::merge;
use crate::{Control, Phase, Report, SyncError};

pub(crate) const COLLECTION: &str = "people";
const CONTENT_TYPE: &str = "text/vcard; charset=utf-8";
/// Items asked for per multiget (and between progress reports).
const FETCH_BATCH: usize = 250;
/// Tries of one write that keeps meeting a newer version on the server.
const WRITE_TRIES: usize = 3;

fn base_of(item: &SyncItem) -> Option<Card> {
    serde_json::from_str(&item.base).ok()
}

fn json(card: &Card) -> String {
    serde_json::to_string(card).unwrap_or_default()
}

/// The side whose value wins a conflict: the server's when its card says
/// it changed after the person was last edited here.
fn newer(person: &SyncedPerson, vcard: &VCard) -> Side {
    match vcard.rev() {
        Some(rev) if rev > person.updated_at => Side::Server,
        _ => Side::Here,
    }
}

/// An item's href for a new person: the address book and the uid, kept to
/// characters every server takes.
fn href_for(book: &str, uid: &str) -> String {
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
    format!("{}/{safe}.vcf", book.trim_end_matches('/'))
}

struct Run<'a> {
    store: &'a Store,
    server: &'a Server,
    book: &'a str,
    now: DateTime<Utc>,
    report: &'a mut Report,
    /// Set when the next sync must list everything (a 409 on a create).
    relist: bool,
}

impl Run<'_> {
    fn person(&self, uid: &str) -> Result<Option<SyncedPerson>, SyncError> {
        Ok(self
            .store
            .people_for_sync()?
            .into_iter()
            .find(|p| p.uid == uid))
    }

    /// Merges a fetched card with the person here (if any) and applies the
    /// result here; returns what the server should hold when it differs
    /// from what it holds.
    fn take(
        &mut self,
        fetched: &Fetched,
        known: Option<&SyncItem>,
        here: Option<&SyncedPerson>,
    ) -> Result<Option<(VCard, SyncItem)>, SyncError> {
        let Some(vcard) = VCard::parse(&fetched.data) else {
            self.report.skipped += 1;
            tracing::warn!(href = %fetched.href, "an item on the server is not a vCard; left alone");
            return Ok(None);
        };
        let Some(theirs) = vcard.fields() else {
            self.report.skipped += 1;
            return Ok(None);
        };
        let uid = vcard
            .uid()
            .or_else(|| known.map(|k| k.uid.clone()))
            .unwrap_or_else(|| fetched.href.clone());
        let base = known.and_then(base_of);
        let merged = match here {
            Some(person) => merge(
                base.as_ref(),
                &Card::of(person),
                &theirs,
                newer(person, &vcard),
            ),
            None => match &base {
                // Deleted here and unchanged there: the deletion goes to
                // the server later.
                Some(base) if base.same(&theirs) => return Ok(None),
                _ => merge(None, &theirs, &theirs, Side::Server),
            },
        };
        let item = SyncItem {
            uid: uid.clone(),
            href: fetched.href.clone(),
            etag: Some(fetched.etag.clone()),
            base: json(&merged.card),
            remote: fetched.data.clone(),
        };
        let (_, changed) = self.store.apply_synced_person(
            &merged.card.to_fields(),
            &item,
            &merged.conflicts,
            self.now,
        )?;
        if changed {
            self.report.pulled += 1;
        }
        self.report.conflicts += merged.conflicts.len();
        if merged.card.same(&theirs) {
            return Ok(None);
        }
        Ok(Some((vcard, item)))
    }

    /// Sends `card` as the item's new content, patched onto the server's
    /// copy; on a newer version there, fetches it, merges and tries again.
    async fn send(
        &mut self,
        mut vcard: VCard,
        mut item: SyncItem,
        card: Card,
    ) -> Result<(), SyncError> {
        let mut card = card;
        for _ in 0..WRITE_TRIES {
            vcard.patch(&card, self.now);
            let text = vcard.to_text();
            let etag = item.etag.clone().unwrap_or_default();
            match self
                .server
                .update(&item.href, &text, CONTENT_TYPE, &etag)
                .await?
            {
                Written::Done(etag) => {
                    item.etag = etag;
                    item.base = json(&card);
                    item.remote = text;
                    self.store.save_sync_item(COLLECTION, &item)?;
                    self.report.pushed += 1;
                    return Ok(());
                }
                Written::Gone => {
                    // Deleted there, edited here: it goes back.
                    self.store.drop_sync_item(COLLECTION, &item.uid)?;
                    return self.create(&item.uid, &card).await;
                }
                Written::Changed | Written::Duplicate => {
                    let Some(fetched) = self.refetch(&item.href).await? else {
                        self.store.drop_sync_item(COLLECTION, &item.uid)?;
                        return self.create(&item.uid, &card).await;
                    };
                    let here = self.person(&item.uid)?;
                    match self.take(&fetched, Some(&item), here.as_ref())? {
                        Some((v, i)) => {
                            card = serde_json::from_str(&i.base).unwrap_or(card);
                            vcard = v;
                            item = i;
                        }
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

    async fn refetch(&self, href: &str) -> Result<Option<Fetched>, SyncError> {
        Ok(self
            .server
            .fetch(self.book, &[href.to_owned()])
            .await?
            .into_iter()
            .next())
    }

    /// Creates a person's card on the server.
    async fn create(&mut self, uid: &str, card: &Card) -> Result<(), SyncError> {
        let href = href_for(self.book, uid);
        let vcard = VCard::new(uid, card, self.now);
        let text = vcard.to_text();
        match self.server.create(&href, &text, CONTENT_TYPE).await? {
            Written::Done(etag) => {
                self.store.save_sync_item(
                    COLLECTION,
                    &SyncItem {
                        uid: uid.to_owned(),
                        href,
                        etag,
                        base: json(card),
                        remote: text,
                    },
                )?;
                self.report.pushed += 1;
                Ok(())
            }
            Written::Changed => {
                // Already there (a sync cut short after the write): merge.
                if let Some(fetched) = self.refetch(&href).await? {
                    let here = self.person(uid)?;
                    if let Some((v, i)) = self.take(&fetched, None, here.as_ref())? {
                        let merged = serde_json::from_str(&i.base).unwrap_or_else(|_| card.clone());
                        return Box::pin(self.send(v, i, merged)).await;
                    }
                }
                Ok(())
            }
            Written::Duplicate | Written::Gone => {
                // Another item holds this UID: the next sync lists
                // everything and finds it.
                tracing::warn!(uid, "the server holds this person's UID elsewhere");
                self.relist = true;
                self.report.skipped += 1;
                Ok(())
            }
        }
    }
}

/// Syncs people with the address book at `book`.
pub(crate) async fn sync(
    store: &Store,
    server: &Server,
    book: &str,
    allow_deletes: bool,
    control: &Control,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<(), SyncError> {
    let token = store
        .sync_collection(COLLECTION)?
        .and_then(|(href, token)| (href == book).then_some(token))
        .flatten();
    let changes = server.changes(book, token.as_deref()).await?;
    let items: HashMap<String, SyncItem> = store
        .sync_items(COLLECTION)?
        .into_iter()
        .map(|i| (i.uid.clone(), i))
        .collect();
    let by_href: HashMap<&str, &SyncItem> = items.values().map(|i| (i.href.as_str(), i)).collect();
    let deleted: Vec<String> = if changes.full {
        let listed: std::collections::HashSet<&str> =
            changes.changed.iter().map(|(h, _)| h.as_str()).collect();
        items
            .values()
            .filter(|i| !listed.contains(i.href.as_str()))
            .map(|i| i.href.clone())
            .collect()
    } else {
        changes.deleted.clone()
    };
    let people: HashMap<String, SyncedPerson> = store
        .people_for_sync()?
        .into_iter()
        .map(|p| (p.uid.clone(), p))
        .collect();

    // Deletions on either side, counted before anything changes.
    let synced_here = people.keys().filter(|u| items.contains_key(*u)).count();
    let to_trash = deleted
        .iter()
        .filter_map(|h| by_href.get(h.as_str()))
        .filter(|i| people.contains_key(&i.uid))
        .count();
    let to_delete_there = items.keys().filter(|u| !people.contains_key(*u)).count();
    if !allow_deletes {
        if to_trash > 0 && to_trash * 2 > synced_here {
            return Err(SyncError::TooManyDeletes {
                side: "here",
                count: to_trash,
                of: synced_here,
            });
        }
        if to_delete_there > 0 && to_delete_there * 2 > items.len() {
            return Err(SyncError::TooManyDeletes {
                side: "on the server",
                count: to_delete_there,
                of: items.len(),
            });
        }
    }

    let mut run = Run {
        store,
        server,
        book,
        now,
        report,
        relist: false,
    };

    // What changed there.
    let wanted: Vec<String> = changes
        .changed
        .iter()
        .filter(|(href, etag)| {
            by_href.get(href.as_str()).and_then(|i| i.etag.as_deref()) != Some(etag)
        })
        .map(|(href, _)| href.clone())
        .collect();
    let mut outgoing = Vec::new();
    let mut fetched_all = Vec::with_capacity(wanted.len());
    for (i, batch) in wanted.chunks(FETCH_BATCH).enumerate() {
        control.check()?;
        control.report(Phase::Receiving, i * FETCH_BATCH, wanted.len());
        fetched_all.extend(server.fetch(book, batch).await?);
    }
    for (i, fetched) in fetched_all.into_iter().enumerate() {
        if i % 100 == 0 {
            control.check()?;
        }
        let known = by_href.get(fetched.href.as_str()).copied();
        let uid = VCard::parse(&fetched.data)
            .and_then(|v| v.uid())
            .or_else(|| known.map(|k| k.uid.clone()));
        let known = known.or_else(|| uid.as_deref().and_then(|u| items.get(u)));
        let here = uid.as_deref().and_then(|u| people.get(u));
        if let Some(out) = run.take(&fetched, known, here)? {
            outgoing.push(out);
        }
    }

    // What was deleted there.
    for href in &deleted {
        let Some(item) = by_href.get(href.as_str()) else {
            continue;
        };
        match people.get(&item.uid) {
            Some(person) if base_of(item).is_some_and(|b| b.same(&Card::of(person))) => {
                store.trash_synced_person(&item.uid, now)?;
                run.report.deleted += 1;
            }
            // Edited here since: it stays, and goes back to the server.
            _ => store.drop_sync_item(COLLECTION, &item.uid)?,
        }
    }

    for (vcard, item) in outgoing {
        let card = serde_json::from_str(&item.base).unwrap_or_default();
        run.send(vcard, item, card).await?;
    }

    // What changed here.
    let items: HashMap<String, SyncItem> = store
        .sync_items(COLLECTION)?
        .into_iter()
        .map(|i| (i.uid.clone(), i))
        .collect();
    let people = store.people_for_sync()?;
    let sending = people.len();
    for (i, person) in people.iter().enumerate() {
        control.check()?;
        if i % 25 == 0 {
            control.report(Phase::Sending, i, sending);
        }
        let card = Card::of(person);
        match items.get(&person.uid) {
            None => run.create(&person.uid, &card).await?,
            Some(item) if !base_of(item).is_some_and(|b| b.same(&card)) => {
                let vcard = VCard::parse(&item.remote)
                    .unwrap_or_else(|| VCard::new(&person.uid, &card, now));
                run.send(vcard, item.clone(), card).await?;
            }
            Some(_) => {}
        }
    }

    // What was deleted here.
    let here: std::collections::HashSet<&str> = people.iter().map(|p| p.uid.as_str()).collect();
    for item in items.values().filter(|i| !here.contains(i.uid.as_str())) {
        let etag = item.etag.clone().unwrap_or_default();
        match server.delete(&item.href, &etag).await? {
            Written::Done(_) | Written::Gone => {
                store.drop_sync_item(COLLECTION, &item.uid)?;
                run.report.deleted += 1;
            }
            Written::Changed | Written::Duplicate => {
                // Edited there since it was deleted here: it comes back.
                if let Some(fetched) = run.refetch(&item.href).await? {
                    let base = base_of(item);
                    let edited = VCard::parse(&fetched.data)
                        .and_then(|v| v.fields())
                        .is_some_and(|theirs| !base.is_some_and(|b| b.same(&theirs)));
                    if edited {
                        run.take(&fetched, None, None)?;
                    } else if let Written::Done(_) | Written::Gone =
                        server.delete(&item.href, &fetched.etag).await?
                    {
                        store.drop_sync_item(COLLECTION, &item.uid)?;
                        run.report.deleted += 1;
                    }
                }
            }
        }
    }

    let token = if run.relist { None } else { changes.token };
    store.set_sync_collection(COLLECTION, book, token.as_deref())?;
    Ok(())
}
