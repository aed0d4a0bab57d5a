//! The commands that read or replace the database file itself: `kith check`,
//! `kith backup list` and `kith backup restore`, which work on a file that
//! cannot be opened as a store; and the way out of damage that every
//! command's error names.

use kith_core::store::{backup_dir_of_file, find_backup, restore_file, Backup};
use kith_core::{Clock, Store, SystemClock};
use kith_ipc::{BackupRestoredDto, BackupsDto, CheckDto};

use crate::drafts::confirm;
use crate::{output, Failure};

/// How every damage message starts (`StoreError::Corrupt`).
/// The way out of damage: restoring `newest`, the newest backup that
/// passes its check, or one from elsewhere when there is none.
pub(crate) fn restore_hint(db: &std::path::Path, newest: Option<&Backup>) -> String {
    match newest {
        Some(newest) => format!(
            "Restore the newest good backup ({}, {}) with: kith backup restore {}",
            newest
                .taken_at
                .with_timezone(&SystemClock.zone())
                .format("%Y-%m-%d %H:%M"),
            output::people_count(newest.people.unwrap_or(0)),
            newest.id
        ),
        None => format!(
            "No good backup in {}; restore one from elsewhere with: kith backup restore PATH",
            backup_dir_of_file(db).display()
        ),
    }
}

pub(crate) fn newest_good_backup(db: &std::path::Path) -> Option<Backup> {
    kith_core::store::list_backups(&backup_dir_of_file(db))
        .ok()?
        .into_iter()
        .find(|b| b.verified)
}

pub(crate) fn check(db: &std::path::Path, json: bool) -> Result<(), Failure> {
    let check = kith_core::store::check_file(db)?;
    let newest = newest_good_backup(db);
    let hint = restore_hint(db, newest.as_ref());
    let dto = CheckDto::new(check, newest);
    output::check(&dto, json);
    match dto.problem {
        None => Ok(()),
        Some(problem) if !dto.damage.is_empty() => Err(Failure::Damaged(problem)),
        Some(problem) => Err(Failure::Other(format!("{problem}. {hint}"))),
    }
}

pub(crate) fn list_backups(db: &std::path::Path, json: bool) -> Result<(), Failure> {
    let folder = backup_dir_of_file(db);
    let backups = kith_core::store::list_backups(&folder)?;
    let dto = BackupsDto {
        default_folder: folder == kith_core::store::backup_dir_for(db, None),
        folder: folder.display().to_string(),
        backups: backups.into_iter().map(Into::into).collect(),
    };
    output::backups(&dto, json, SystemClock.zone());
    Ok(())
}

pub(crate) fn restore_backup(
    db: &std::path::Path,
    backup: &str,
    yes: bool,
    json: bool,
) -> Result<(), Failure> {
    let source = find_backup(&backup_dir_of_file(db), backup)?;
    if !yes
        && !confirm(&format!(
            "Replace {} with {}? The current file is kept beside it.",
            db.display(),
            source.display()
        ))?
    {
        return Err(Failure::Other("nothing was restored".into()));
    }
    let restored = restore_file(db, &source, SystemClock.now())?;
    // Bring the restored file up to this Kith's schema now, so a failure
    // shows here and not at the next command.
    Store::open(db)?;
    output::backup_restored(&BackupRestoredDto::from(restored), json);
    Ok(())
}

/// `kith backup now`: a copy of the database, kept beside it.
pub(crate) fn back_up_now(
    store: &Store,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    let backup = store.back_up(kith_core::store::BackupKind::Manual, now)?;
    output::backup_taken(&kith_ipc::BackupDto::from(backup), json);
    Ok(())
}
