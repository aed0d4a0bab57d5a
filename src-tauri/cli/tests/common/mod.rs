//! What the command-line tests share: a Kith with a database file of its
//! own, run as a user runs it.
#![allow(dead_code)] // each test binary uses its own part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Kith {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Kith {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        Self { dir, db }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, None)
    }

    /// Runs `kith --db DB ARGS`, with `input` on standard input.
    pub fn run_with(&self, args: &[&str], input: Option<&str>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
        command
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("KITH_DB")
            .env("TZ", "Europe/Berlin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = start(&mut command);
        let mut stdin = child.stdin.take().unwrap();
        if let Some(text) = input {
            stdin.write_all(text.as_bytes()).unwrap();
        }
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with(args, None)
    }

    pub fn ok_with(&self, args: &[&str], input: Option<&str>) -> String {
        let out = self.run_with(args, input);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        self.json_with(args, None)
    }

    pub fn json_with(&self, args: &[&str], input: Option<&str>) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok_with(&all, input)).unwrap()
    }

    /// `kith log WHO --kind KIND --channel CHANNEL` with `more`; the touch.
    pub fn log(&self, who: &str, kind: &str, channel: &str, more: &[&str]) -> Value {
        let mut args = vec!["log", who, "--kind", kind, "--channel", channel];
        args.extend_from_slice(more);
        self.json(&args)
    }

    /// Fails with `code` and one line on stderr, which it returns.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        self.fails_with(args, None, code)
    }

    pub fn fails_with(&self, args: &[&str], input: Option<&str>, code: i32) -> String {
        let out = self.run_with(args, input);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        stderr
    }

    pub fn count(&self, table: &str) -> i64 {
        count_rows(&self.db, table)
    }
}

pub fn count_rows(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Every file under `dir`, in its sub-folders too.
/// Starts `command`. A start that fails is tried twice more (said on
/// standard error): under Wine on a loaded machine `CreateProcess` now and
/// then fails with "Internal error" (1359) before the program runs, which
/// says nothing about Kith; a program that cannot be started at all still
/// fails the test.
pub fn start(command: &mut Command) -> std::process::Child {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Ok(child) => return child,
            Err(error) if tries < 2 => {
                tries += 1;
                eprintln!("could not start {command:?} ({error}); trying again");
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            Err(error) => panic!("could not start {command:?}: {error}"),
        }
    }
}

pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}
