//! People as vCards in an address book: how they are read, merged, applied
//! here and written (the steps of a sync are `engine.rs`).

use chrono::{DateTime, Utc};
use kith_core::store::{NewConflict, Side, SyncItem};
use kith_core::Store;

use crate::card::{Card, VCard};
use crate::engine::{Kind, Local, Remote};
use crate::merge::{merge, Merged};
use crate::SyncError;

pub(crate) const COLLECTION: &str = "people";

/// People, read and written with the store that keeps their photos.
pub(crate) struct People<'a> {
    pub store: &'a Store,
}

impl Kind for People<'_> {
    type Fields = Card;
    const COLLECTION: &'static str = COLLECTION;
    const CONTENT_TYPE: &'static str = "text/vcard; charset=utf-8";
    const EXTENSION: &'static str = "vcf";
    const NOUN: &'static str = "people";

    fn local(&self, store: &Store) -> Result<Vec<Local<Card>>, SyncError> {
        Ok(store
            .people_for_sync()?
            .iter()
            .map(|p| Local {
                uid: p.uid.clone(),
                fields: Card::of(p),
                updated_at: p.updated_at,
            })
            .collect())
    }

    fn read(&self, data: &str) -> Option<Remote<Card>> {
        let vcard = VCard::parse(data)?;
        Some(Remote {
            uid: vcard.uid(),
            fields: vcard.fields()?,
            changed_at: vcard.rev(),
        })
    }

    fn label(&self, _store: &Store, fields: &Card) -> Result<String, SyncError> {
        Ok(fields.name.clone())
    }

    fn same(&self, a: &Card, b: &Card) -> bool {
        a.same(b)
    }

    fn merge(&self, base: Option<&Card>, here: &Card, server: &Card, newer: Side) -> Merged<Card> {
        merge(base, here, server, newer)
    }

    fn apply(
        &self,
        store: &Store,
        fields: &Card,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, SyncError> {
        let (_, changed) = store.apply_synced_person(&fields.to_fields(), item, conflicts, now)?;
        Ok(Some(changed))
    }

    fn remove(&self, store: &Store, uid: &str, now: DateTime<Utc>) -> Result<(), SyncError> {
        store.trash_synced_person(uid, now)?;
        Ok(())
    }

    fn write(
        &self,
        remote: Option<&str>,
        uid: &str,
        fields: &Card,
        changed_at: DateTime<Utc>,
    ) -> String {
        let mut vcard = remote
            .and_then(VCard::parse)
            .unwrap_or_else(|| VCard::new(uid, fields, changed_at));
        vcard.patch(fields, changed_at);
        vcard.patch_photo(fields.photo.as_deref(), || {
            let person = self.store.person_by_uid(uid).ok()??;
            self.store.photo(person).ok()?
        });
        vcard.to_text()
    }
}
