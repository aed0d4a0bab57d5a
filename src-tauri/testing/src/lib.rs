//! What the tests of Kith's crates share, so that each does not write it
//! again: a program's run that must succeed, the folder the workspace is
//! in, a free port for a server, a file written for an import, and the
//! independent iCalendar implementation the calendar tests compare with.
//! Only tests depend on this crate.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's top folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `command` and returns its standard output; fails the test, with
/// its standard error, unless it succeeded.
pub fn succeeds(command: &mut Command) -> String {
    succeeded(
        command.output().expect("the program starts"),
        &format!("{command:?}"),
    )
}

/// `out`'s standard output; fails the test, naming `what` and with its
/// standard error, unless the run succeeded.
pub fn succeeded(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the output is UTF-8")
}

/// A TCP port on 127.0.0.1 nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Writes `bytes` to `name` in `dir`; its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the file is written");
    path
}

/// The Python that has the independent iCalendar implementation installed
/// (Python's icalendar and recurring-ical-events, pinned in
/// `tests/calendar/requirements.txt`): `$KITH_CALENDAR_PYTHON`, else the
/// one `.ci/install-deps --test` makes.
pub fn calendar_python() -> PathBuf {
    let python = std::env::var_os("KITH_CALENDAR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/calendar-venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run `.ci/install-deps --test` (or set KITH_CALENDAR_PYTHON) to install the \
         independent iCalendar implementation this test checks against",
        python.display()
    );
    python
}
