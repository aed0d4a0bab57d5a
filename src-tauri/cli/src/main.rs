//! `kith-cli`: the command line without the desktop app, for machines with
//! no display. The desktop binary `kith` runs the same commands.

use std::process::ExitCode;

fn main() -> ExitCode {
    match kith_cli::parse(std::env::args_os()) {
        kith_cli::Invocation::Exit(code) => code,
        kith_cli::Invocation::Window { .. } => {
            eprintln!("kith: name a command (see --help); the window needs the desktop app");
            ExitCode::from(2)
        }
    }
}
