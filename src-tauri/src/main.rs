//! The `kith` binary: with a subcommand it is the command line (and never
//! touches a display); without one it opens the desktop app.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;
mod commands;
mod events;
#[cfg(target_os = "linux")]
mod handoff;
mod reactions;
#[cfg(target_os = "linux")]
mod rendering;
mod tray;
mod window;

/// The state commands share lives with what keeps Kith working without
/// its window.
pub(crate) use kith_background::state;

use std::process::ExitCode;

fn main() -> ExitCode {
    match kith_cli::parse(std::env::args_os()) {
        kith_cli::Invocation::Exit(code) => code,
        kith_cli::Invocation::Window { db, hidden } => app::run(db, hidden),
    }
}
