//! `kith`: the command line. It loads no window toolkit, so a command runs
//! in milliseconds and on machines with no display. With no command (or
//! `kith open`) it starts the desktop app, `kith-desktop`, installed beside
//! it; a running app brings its window forward instead. On Linux the
//! desktop app also hands over to this program to wait in the tray
//! (`kith_background::resident`).

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

fn main() -> ExitCode {
    match kith_cli::parse(std::env::args_os()) {
        kith_cli::Invocation::Exit(code) => code,
        kith_cli::Invocation::Window { db, hidden } => {
            #[cfg(target_os = "linux")]
            if let Some(code) = kith_background::resident::main_if_asked(db.clone()) {
                return code;
            }
            open_desktop(db, hidden)
        }
    }
}

/// The desktop app's binary: beside this one, else found on the `PATH`.
fn desktop_binary() -> PathBuf {
    let name = format!("kith-desktop{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Starts the desktop app on its own, so it outlives this command and the
/// terminal it was typed in.
fn open_desktop(db: Option<PathBuf>, hidden: bool) -> ExitCode {
    let binary = desktop_binary();
    let mut command = Command::new(&binary);
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    if hidden {
        command.arg("--hidden");
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group: closing the terminal does not end it.
        command.process_group(0);
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // No console of its own and out of the terminal's Ctrl+C group.
        const DETACHED_PROCESS: u32 = 0x0000_0008;
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        command.creation_flags(DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP);
    }
    match command.spawn() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "kith: could not start the desktop app ({}): {error}",
                binary.display()
            );
            ExitCode::from(1)
        }
    }
}
