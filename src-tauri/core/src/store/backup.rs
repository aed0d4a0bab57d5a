//! Backups and restores of this store's file: where they go (the
//! setting), taking one now or the day's one, listing them, restoring one
//! in place of the open file. The files themselves are `files.rs`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::files::{
    backup_dir_for, list_backups, named_backups, restore, take, Backup, BackupKind, Restored,
};
use super::{Result, Store, StoreError};

impl Store {
    /// This database's backup folder.
    pub fn backup_dir(&self) -> Result<PathBuf> {
        let path = self.file()?;
        let configured = self.settings()?.backup_dir;
        Ok(backup_dir_for(path, configured.as_deref()))
    }

    fn file(&self) -> Result<&Path> {
        self.path()
            .ok_or_else(|| StoreError::File("an in-memory database has no file to back up".into()))
    }

    /// Takes a verified backup now.
    pub fn back_up(&self, kind: BackupKind, now: DateTime<Utc>) -> Result<Backup> {
        self.usable()?;
        let dir = self.backup_dir()?;
        take(self.file()?, &dir, kind, now)
    }

    /// This database's backups, newest first.
    pub fn backups(&self) -> Result<Vec<Backup>> {
        list_backups(&self.backup_dir()?)
    }

    /// The daily backup, when today (in `zone`) has none yet: weekly when
    /// the last weekly one is a week old, daily otherwise.
    pub fn scheduled_backup(&self, now: DateTime<Utc>, zone: Tz) -> Result<Option<Backup>> {
        let dir = self.backup_dir()?;
        let existing = named_backups(&dir)?;
        let today = now.with_timezone(&zone).date_naive();
        let routine = |b: &&Backup| matches!(b.kind, BackupKind::Daily | BackupKind::Weekly);
        if existing
            .iter()
            .filter(routine)
            .any(|b| b.taken_at.with_timezone(&zone).date_naive() == today)
        {
            return Ok(None);
        }
        let week_old = existing
            .iter()
            .filter(|b| b.kind == BackupKind::Weekly)
            .all(|b| now - b.taken_at >= chrono::Duration::days(7) - chrono::Duration::hours(1));
        let kind = if week_old {
            BackupKind::Weekly
        } else {
            BackupKind::Daily
        };
        self.back_up(kind, now).map(Some)
    }

    /// Restores the backup at `source` in place of this store's file and
    /// opens it: see the module's description.
    pub fn restore_backup(&self, source: &Path, now: DateTime<Utc>) -> Result<Restored> {
        let db = self.file()?.to_owned();
        let healthy = self.problem().is_none() && self.quick_check().is_ok();
        restore(&db, source, healthy, now, |swap| {
            self.with_file_closed(swap)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::files::{find_backup, open_read_only, restore_file, KEEP_DAILY};
    use crate::store::tests::t0;
    use crate::PersonDraft;
    use rusqlite::Connection;
    use std::fs;

    fn store_with(dir: &Path, names: &[&str]) -> Store {
        let store = Store::open(&dir.join("kith.db")).unwrap();
        for name in names {
            store
                .create_person(&PersonDraft::named(name).unwrap(), t0())
                .unwrap();
        }
        store
    }

    fn names(store: &Store) -> Vec<String> {
        let mut names: Vec<String> = store
            .person_ids()
            .unwrap()
            .into_iter()
            .map(|id| store.person(id).unwrap().display_name)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_backup_is_a_checked_copy_named_by_time_and_kind() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada", "Grace"]);
        let backup = store.back_up(BackupKind::Manual, t0()).unwrap();
        assert_eq!(backup.id, "20260301-100000-manual");
        assert_eq!(
            backup.path,
            dir.path().join("backups/kith-20260301-100000-manual.db")
        );
        assert_eq!(backup.people, Some(2));
        // Nothing but the backup itself was left in the folder.
        let files: Vec<_> = fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let copy = Store::open(&backup.path).unwrap();
        assert_eq!(names(&copy), ["Ada", "Grace"]);
    }

    #[test]
    fn backups_are_listed_newest_first_with_their_counts() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada"]);
        store.back_up(BackupKind::Manual, t0()).unwrap();
        store
            .create_person(&PersonDraft::named("Grace").unwrap(), t0())
            .unwrap();
        store
            .back_up(BackupKind::Manual, t0() + chrono::Duration::hours(1))
            .unwrap();
        // Two in the same second get distinct names.
        store
            .back_up(BackupKind::Manual, t0() + chrono::Duration::hours(1))
            .unwrap();
        let list = store.backups().unwrap();
        let ids: Vec<&str> = list.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "20260301-110000-manual.2",
                "20260301-110000-manual",
                "20260301-100000-manual"
            ]
        );
        assert_eq!(list[2].people, Some(1));
        assert_eq!(list[0].people, Some(2));
        assert!(list.iter().all(|b| b.verified));
    }

    #[test]
    fn a_damaged_backup_is_listed_unverified_and_refused_for_restore() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada"]);
        let backup = store.back_up(BackupKind::Manual, t0()).unwrap();
        let mut bytes = fs::read(&backup.path).unwrap();
        for b in &mut bytes[..100] {
            *b = 0x55;
        }
        fs::write(&backup.path, bytes).unwrap();
        assert!(!store.backups().unwrap()[0].verified);
        let err = store.restore_backup(&backup.path, t0()).unwrap_err();
        assert!(err.to_string().contains("cannot be restored"), "{err}");
        assert_eq!(names(&store), ["Ada"]);
    }

    #[test]
    fn old_routine_backups_are_pruned_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada"]);
        for day in 0..10 {
            let at = t0() + chrono::Duration::days(day);
            store.back_up(BackupKind::Daily, at).unwrap();
            store.back_up(BackupKind::Manual, at).unwrap();
        }
        let list = store.backups().unwrap();
        let count = |kind| list.iter().filter(|b| b.kind == kind).count();
        assert_eq!(count(BackupKind::Daily), KEEP_DAILY);
        assert_eq!(count(BackupKind::Manual), 10);
        // The newest daily ones are the ones kept.
        assert!(list.iter().any(|b| b.id == "20260310-100000-daily"));
        assert!(!list.iter().any(|b| b.id == "20260301-100000-daily"));
    }

    #[test]
    fn the_scheduled_backup_is_daily_weekly_and_once_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada"]);
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        let first = store.scheduled_backup(t0(), zone).unwrap().unwrap();
        assert_eq!(first.kind, BackupKind::Weekly);
        assert!(store
            .scheduled_backup(t0() + chrono::Duration::hours(3), zone)
            .unwrap()
            .is_none());
        let next = store
            .scheduled_backup(t0() + chrono::Duration::days(1), zone)
            .unwrap()
            .unwrap();
        assert_eq!(next.kind, BackupKind::Daily);
        let week = store
            .scheduled_backup(t0() + chrono::Duration::days(7), zone)
            .unwrap()
            .unwrap();
        assert_eq!(week.kind, BackupKind::Weekly);
    }

    #[test]
    fn a_restore_swaps_in_the_backup_and_keeps_the_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada"]);
        let backup = store.back_up(BackupKind::Manual, t0()).unwrap();
        store
            .create_person(&PersonDraft::named("Grace").unwrap(), t0())
            .unwrap();
        let later = t0() + chrono::Duration::minutes(5);
        let restored = store.restore_backup(&backup.path, later).unwrap();
        assert_eq!(
            names(&store),
            ["Ada"],
            "the open store reads the restored file"
        );
        assert_eq!(restored.people, 1);
        let kept = restored.kept.unwrap();
        assert_eq!(kept, dir.path().join("kith.db.replaced-20260301-100500"));
        assert_eq!(names(&Store::open(&kept).unwrap()), ["Ada", "Grace"]);
        let safety = restored.safety.unwrap();
        assert_eq!(safety.kind, BackupKind::BeforeRestore);
        assert_eq!(safety.people, Some(2));
        // The store writes again.
        store
            .create_person(&PersonDraft::named("Alan").unwrap(), later)
            .unwrap();
        assert_eq!(
            names(&Store::open(&dir.path().join("kith.db")).unwrap()),
            ["Ada", "Alan"]
        );
    }

    #[test]
    fn restoring_a_closed_file_from_the_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        let backup = {
            let store = store_with(dir.path(), &["Ada"]);
            let backup = store.back_up(BackupKind::Manual, t0()).unwrap();
            store
                .create_person(&PersonDraft::named("Grace").unwrap(), t0())
                .unwrap();
            backup
        };
        let restored = restore_file(&db, &backup.path, t0()).unwrap();
        assert!(restored.safety.is_some());
        assert_eq!(names(&Store::open(&db).unwrap()), ["Ada"]);
    }

    #[test]
    fn an_upgrade_is_backed_up_first() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        {
            let mut conn = Connection::open(&db).unwrap();
            super::super::migrate(&mut conn, 0, 5).unwrap();
            conn.execute_batch(
                "INSERT INTO person (id, display_name, created_at, updated_at) VALUES (1, 'Ada', 0, 0);",
            )
            .unwrap();
        }
        let store = Store::open(&db).unwrap();
        let backups = store.backups().unwrap();
        assert_eq!(backups.len(), 1);
        assert_eq!(backups[0].kind, BackupKind::BeforeMigration);
        let old = open_read_only(&backups[0].path).unwrap();
        let version: u32 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 5, "the backup is the file as it was before");
        // Opening again migrates nothing and backs up nothing.
        drop(store);
        Store::open(&db).unwrap();
        assert_eq!(list_backups(&dir.path().join("backups")).unwrap().len(), 1);
    }

    #[test]
    fn backup_ids_are_found_whole_or_by_a_unique_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &["Ada"]);
        let a = store.back_up(BackupKind::Manual, t0()).unwrap();
        let b = store
            .back_up(BackupKind::Daily, t0() + chrono::Duration::days(1))
            .unwrap();
        let folder = store.backup_dir().unwrap();
        assert_eq!(find_backup(&folder, &a.id).unwrap(), a.path);
        assert_eq!(find_backup(&folder, "20260302").unwrap(), b.path);
        assert!(find_backup(&folder, "2026030").is_err());
        assert_eq!(
            find_backup(&folder, b.path.to_str().unwrap()).unwrap(),
            b.path
        );
        assert!(find_backup(&folder, "nope")
            .unwrap_err()
            .to_string()
            .contains("kith backup list"));
    }
}
