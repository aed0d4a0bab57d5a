//! The desktop binary is also the command line, and as such it must run on
//! a machine with no display at all: it never initialises GTK.

use std::process::Command;

fn kith(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kith-desktop"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("TZ", "UTC")
        .output()
        .expect("the kith binary runs")
}

#[test]
fn the_desktop_binary_runs_commands_without_a_display() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("kith.db");
    let added = kith(
        &db,
        &["add", "Ada Lovelace", "--company", "Analytical Engines"],
    );
    assert!(added.status.success(), "{added:?}");
    let listed = kith(&db, &["people", "--json"]);
    assert!(listed.status.success(), "{listed:?}");
    let page: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON output");
    assert_eq!(page["total"], 1);
    assert_eq!(page["people"][0]["displayName"], "Ada Lovelace");
}

#[test]
fn the_desktop_binary_reports_usage_errors_like_the_cli() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = kith(
        &dir.path().join("kith.db"),
        &["log", "nobody", "--kind", "call", "--channel", "phone"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}
