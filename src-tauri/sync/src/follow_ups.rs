//! Follow-ups as tasks in a CalDAV task list: how they are read, merged,
//! applied here and written (the steps of a sync are `engine.rs`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::store::{NewConflict, Side, SyncItem};
use kith_core::Store;

use crate::engine::{Kind, Local, Remote};
use crate::merge::Merged;
use kith_core::domain::FollowUpStatus;

use crate::task::{merge, title, Task, VTodo, Zones};
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

    fn foreign(&self, fields: &Task) -> bool {
        fields.person.is_empty()
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
        let adopted;
        let fields = if fields.person.is_empty() {
            match continued_series(store, fields)? {
                Some(task) => {
                    adopted = task;
                    &adopted
                }
                // Simply not Kith's: left alone.
                None => return Ok(None),
            }
        } else {
            fields
        };
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

/// The follow-up series another app's task carries on, as that task with
/// the series' person and text: apps that complete a repeating task and
/// write its next occurrence as a new task (a new UID, the same title and
/// rule, none of Kith's properties) split a series in two. The task is
/// taken for the series when it says so (`RELATED-TO` one of Kith's
/// follow-ups), or else when it repeats, its title is a follow-up's as
/// Kith writes it ("Maya Tester: Send the report"), and that follow-up
/// was completed with an earlier due time and no open follow-up carries
/// the series on already.
fn continued_series(store: &Store, task: &Task) -> Result<Option<Task>, SyncError> {
    if task.related.is_none() && task.repeat.is_none() {
        return Ok(None);
    }
    let follow_ups = store.follow_ups_for_sync()?;
    let carried = |f: &kith_core::store::SyncedFollowUp| {
        let series = Task::of(f);
        // Written in UTC: the same instant in the series' own zone.
        let placed = task.in_zone_of(&series);
        Task {
            person: series.person,
            name: series.name,
            what: series.what,
            repeat: task.repeat.clone().or(series.repeat),
            related: None,
            ..placed
        }
    };
    if let Some(related) = &task.related {
        return Ok(follow_ups.iter().find(|f| f.uid == *related).map(carried));
    }
    let titled = |f: &&kith_core::store::SyncedFollowUp| {
        title(&Task::of(f)) == task.what || f.fields.what == task.what
    };
    let due = kith_core::when::parse_local(&task.due);
    let open_already = follow_ups
        .iter()
        .filter(titled)
        .any(|f| f.fields.status == FollowUpStatus::Open && f.fields.repeat.is_some());
    if open_already {
        return Ok(None);
    }
    Ok(follow_ups
        .iter()
        .filter(titled)
        .filter(|f| f.fields.status == FollowUpStatus::Done)
        .filter(|f| due.is_some_and(|d| f.fields.due.local < d))
        .max_by_key(|f| f.fields.due.local)
        .map(carried))
}
