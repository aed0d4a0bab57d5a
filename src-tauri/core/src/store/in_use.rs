//! Part of the store's floor: whether another program has the database
//! file open, asked before the file is replaced (a restore). Replacing it
//! under an open connection would leave that program writing to the old
//! file (Linux, macOS) or fail half-way (Windows).
//!
//! Windows: the file opened with no sharing at all fails with a sharing
//! violation while any other handle is open. Linux and macOS: every SQLite
//! connection in WAL mode holds a read lock on the "DMS" byte of the
//! `-shm` file for as long as it is open (SQLite's WAL file format, the
//! byte after the eight WAL locks); a write lock on it that could not be
//! placed means another process holds one. Locks this process holds are
//! not seen, so the caller closes its own connections first.

use std::io;
use std::path::Path;

use super::{Result, StoreError};

/// Errs with [`StoreError::InUse`] when another program has `db` open.
pub(crate) fn refuse_if_open_elsewhere(db: &Path) -> Result<()> {
    match open_elsewhere(db) {
        Ok(false) => Ok(()),
        Ok(true) => Err(StoreError::InUse),
        Err(error) => Err(StoreError::File(format!(
            "could not tell whether another program has {} open: {error}",
            db.display()
        ))),
    }
}

#[cfg(windows)]
fn open_elsewhere(db: &Path) -> io::Result<bool> {
    use std::os::windows::fs::OpenOptionsExt;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    match std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(db)
    {
        Ok(_) => Ok(false),
        Err(e) if e.raw_os_error() == Some(ERROR_SHARING_VIOLATION) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn open_elsewhere(db: &Path) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    /// SQLite's `UNIX_SHM_DMS`: 120 + the 8 WAL locks.
    const DMS: libc::off_t = 128;
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let file = match std::fs::File::open(&shm) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // SAFETY: a zeroed `flock` is a valid value; fcntl(F_GETLK) only reads
    // and writes it and places no lock.
    let mut probe: libc::flock = unsafe { std::mem::zeroed() };
    probe.l_type = libc::F_WRLCK as _;
    probe.l_whence = libc::SEEK_SET as _;
    probe.l_start = DMS;
    probe.l_len = 1;
    // SAFETY: the descriptor is open for the call and `probe` outlives it.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut probe) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(probe.l_type != libc::F_UNLCK as _)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_database_nobody_has_open_is_free_and_a_missing_one_too() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        assert!(refuse_if_open_elsewhere(&db).is_ok());
        drop(Store::open(&db).unwrap());
        assert!(refuse_if_open_elsewhere(&db).is_ok());
    }
}
