//! Follow-ups as tasks in a CalDAV task list: how they are read, merged,
//! applied here and written (the steps of a sync are `engine.rs`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::store::{NewConflict, Side, SyncItem};
use kith_core::Store;

use crate::engine::{Kind, Local, Remote};
use crate::merge::Merged;
use crate::task::{merge, Task, VTodo, Zones};
use crate::SyncError;

pub(crate) const COLLECTION: &str = "follow_ups";

pub(crate) struct FollowUps {
    /// The user's zone now, which floating times are read in.
    pub zone: Tz,
    pub zones: Zones,
}

impl Kind for FollowUps {
    type Fields = Task;
    const COLLECTION: &'static str = COLLECTION;
    const CONTENT_TYPE: &'static str = "text/calendar; charset=utf-8; component=VTODO";
    const EXTENSION: &'static str = "ics";
    const NOUN: &'static str = "follow-ups";

    fn local(&self, store: &Store) -> Result<Vec<Local<Task>>, SyncError> {
        Ok(store
            .follow_ups_for_sync()?
            .iter()
            .map(|f| Local {
                uid: f.uid.clone(),
                fields: Task::of(f),
                updated_at: f.updated_at,
            })
            .collect())
    }

    fn read(&self, data: &str) -> Option<Remote<Task>> {
        let vtodo = VTodo::parse(data)?;
        Some(Remote {
            uid: vtodo.uid(),
            fields: vtodo.fields()?,
            changed_at: vtodo.last_modified(),
        })
    }

    fn label(&self, _store: &Store, fields: &Task) -> Result<String, SyncError> {
        Ok(fields.name.clone())
    }

    fn same(&self, a: &Task, b: &Task) -> bool {
        a == b
    }

    fn merge(&self, base: Option<&Task>, here: &Task, server: &Task, newer: Side) -> Merged<Task> {
        merge(base, here, server, newer)
    }

    fn apply(
        &self,
        store: &Store,
        fields: &Task,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, SyncError> {
        let Some(fields) = fields.to_fields() else {
            return Ok(None);
        };
        Ok(store.apply_synced_follow_up(&fields, item, conflicts, self.zone, now)?)
    }

    fn remove(&self, store: &Store, uid: &str, _now: DateTime<Utc>) -> Result<(), SyncError> {
        store.remove_synced_follow_up(uid)?;
        Ok(())
    }

    fn write(
        &self,
        remote: Option<&str>,
        uid: &str,
        fields: &Task,
        changed_at: DateTime<Utc>,
    ) -> String {
        match remote.and_then(VTodo::parse) {
            Some(mut vtodo) => {
                vtodo.patch(fields, changed_at, &self.zones);
                vtodo.to_text()
            }
            None => VTodo::new(uid, fields, changed_at, &self.zones).to_text(),
        }
    }
}
