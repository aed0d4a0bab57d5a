//! `kith` with no command, or `kith open`, starts the desktop app that is
//! installed beside it (here a stand-in that records how it was started),
//! passing the database on, and returns at once.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Held while a test writes a program or starts one: a program being
/// written in one thread while another forks cannot be run ("text file
/// busy"), as the forked child holds the file open for writing until it
/// runs its own program.
static FILES: Mutex<()> = Mutex::new(());

/// Runs a command with [`FILES`] held.
fn run(command: &mut Command) -> Output {
    let _held = FILES.lock().unwrap_or_else(|e| e.into_inner());
    command.output().unwrap()
}

/// A folder holding a copy of `kith` (written with [`FILES`] held).
fn with_kith() -> tempfile::TempDir {
    let _held = FILES.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_kith"), dir.path().join("kith")).unwrap();
    dir
}

/// A folder holding a copy of `kith` and a `kith-desktop` stand-in that
/// writes its arguments to `started`.
fn installed() -> tempfile::TempDir {
    let dir = with_kith();
    let _held = FILES.lock().unwrap_or_else(|e| e.into_inner());
    let desktop = dir.path().join("kith-desktop");
    let started = dir.path().join("started");
    std::fs::write(
        &desktop,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            started.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&desktop, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn started_with(dir: &Path) -> String {
    let started = dir.join("started");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !started.exists() {
        assert!(Instant::now() < deadline, "the desktop app was not started");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::read_to_string(started).unwrap().trim().to_owned()
}

#[test]
fn kith_open_starts_the_desktop_app_beside_it_on_the_same_database() {
    let dir = installed();
    let out = run(Command::new(dir.path().join("kith"))
        .args(["--db", "/tmp/some kith.db", "open"])
        .env_remove("KITH_DB"));
    assert!(out.status.success(), "{out:?}");
    assert_eq!(started_with(dir.path()), "--db /tmp/some kith.db");
}

#[test]
fn kith_with_no_command_starts_the_desktop_app() {
    let dir = installed();
    let out = run(Command::new(dir.path().join("kith")).env_remove("KITH_DB"));
    assert!(out.status.success(), "{out:?}");
    assert_eq!(started_with(dir.path()), "");
}

#[test]
fn without_the_desktop_app_kith_says_it_could_not_start_it() {
    let dir = with_kith();
    let out = run(Command::new(dir.path().join("kith"))
        .arg("open")
        .env("PATH", dir.path().join("nowhere"))
        .env_remove("KITH_DB"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("could not start the desktop app"), "{err}");
}
