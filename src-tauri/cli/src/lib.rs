//! The `kith` command line. It runs on the same core as the window, never
//! initialises a display, and speaks plainly: one line on stderr for an
//! error; exit 0 on success, 2 for a usage or input error, 1 for anything
//! else; nothing partial is written on error.
//!
//! The desktop binary calls [`parse`] first: with a subcommand it runs the
//! command line and exits; without one it opens the window.

mod args;
mod care;
mod chats;
mod drafts;
mod edits;
mod encryption;
mod exchange;
mod follow_ups;
mod graph;
mod links;
mod mail;
mod meetings;
mod output;
mod output_data;
mod people;
mod photos;
mod plan;
mod secret;
mod sync;
mod touches;

pub use args::*;
use care::{check, list_backups, newest_good_backup, restore_backup, restore_hint};
use drafts::{intro, need, split};

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use kith_core::domain::{InputError, Side};
use kith_core::paths::database_path;
use kith_core::{Clock, Store, StoreError, SystemClock};

/// What the binary should do after parsing its arguments.
#[derive(Debug)]
pub enum Invocation {
    /// No subcommand: open the desktop app on this database.
    Window { db: Option<PathBuf>, hidden: bool },
    /// The command line ran; exit with this code.
    Exit(ExitCode),
}

/// A failed command, with the exit code it maps to.
#[derive(Debug)]
enum Failure {
    Usage(String),
    /// The database file is damaged; the message gets the way out added.
    Damaged(String),
    Other(String),
}

impl From<InputError> for Failure {
    fn from(error: InputError) -> Self {
        Failure::Usage(error.to_string())
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Input(_)
            | StoreError::PersonNotFound(_)
            | StoreError::TouchNotFound(_)
            | StoreError::FollowUpNotFound(_)
            | StoreError::NotFound { .. }
            | StoreError::NoMatch(_)
            | StoreError::Ambiguous { .. } => Failure::Usage(error.to_string()),
            StoreError::Corrupt(_) => Failure::Damaged(error.to_string()),
            other => Failure::Other(other.to_string()),
        }
    }
}

/// Parses `args` (the first is the program name) and runs a subcommand if
/// there is one.
pub fn parse<I, T>(args: I) -> Invocation
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version: printed to stdout, exit 0.
            let _ = error.print();
            return Invocation::Exit(ExitCode::SUCCESS);
        }
        Err(error) => {
            // clap explains over several lines; the message is what comes
            // before its usage block, folded into one.
            let rendered = error.render().to_string();
            let message = rendered
                .lines()
                .take_while(|line| !line.starts_with("Usage:"))
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            eprintln!(
                "kith: {} (see 'kith --help')",
                message.trim_start_matches("error: ")
            );
            return Invocation::Exit(ExitCode::from(2));
        }
    };
    let command = match cli.command {
        None | Some(Command::Open) => {
            return Invocation::Window {
                db: cli.db,
                hidden: cli.hidden,
            }
        }
        Some(command) => command,
    };
    let Some(path) = database_path(cli.db) else {
        eprintln!("kith: no data folder for this user; pass --db PATH or set KITH_DB");
        return Invocation::Exit(ExitCode::from(1));
    };
    let json = cli.json;
    end_quietly_when_the_reader_goes();
    kith_core::keychain::unlock_from_keychain(&path);
    // These read or replace the file itself, so they work on a file that
    // cannot be opened as a store (damaged, locked, or from a dead process).
    let result = match command {
        Command::Unlock { .. } => encryption::unlock(&path, json),
        Command::Check => check(&path, json),
        Command::Backup {
            action: BackupAction::List,
        } => list_backups(&path, json),
        Command::Backup {
            action: BackupAction::Restore { backup, yes },
        } => restore_backup(&path, &backup, yes, json),
        Command::Encryption { action } => Store::open(&path)
            .map_err(Failure::from)
            .and_then(|store| encryption::run(&store, &path, action, json)),
        command => Store::open(&path)
            .map_err(Failure::from)
            .and_then(|store| run(&store, &SystemClock, command, json)),
    };
    Invocation::Exit(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("kith: {}", one_line(&message));
            ExitCode::from(2)
        }
        Err(Failure::Damaged(message)) => {
            let hint = restore_hint(&path, newest_good_backup(&path).as_ref());
            eprintln!("kith: {}. {hint}", one_line(&message));
            ExitCode::from(1)
        }
        Err(Failure::Other(message)) => {
            eprintln!("kith: {}", one_line(&message));
            ExitCode::from(1)
        }
    })
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run(store: &Store, clock: &dyn Clock, command: Command, json: bool) -> Result<(), Failure> {
    let now = clock.now();
    let zone = clock.zone();
    match command {
        Command::Sync { action } => sync::run(store, clock, action, json),
        Command::Suggested { action } => mail::suggested(store, action, json, now, zone),
        Command::Mail { action } => mail::account(store, action, json, now, zone),
        Command::People(args) => people::list(store, &args, json, now, zone),
        Command::Add(args) => people::add(store, &args, json, now, zone),
        Command::Log(args) => touches::log(store, &args, json, now, zone),
        Command::FollowUp(args) => follow_ups::create(store, &args, json, now, zone),
        Command::Due => follow_ups::due(store, json, now, zone),
        Command::Upcoming { from, to } => {
            follow_ups::upcoming(store, from.as_deref(), to.as_deref(), json, now, zone)
        }
        Command::Funnel => people::funnel(store, json, now),
        Command::Queue { limit } => people::queue(store, limit, json, now, zone),
        Command::Stage { person } => people::stage(store, &person, json, now, zone),
        Command::Done { id } => follow_ups::done(store, id, json, now, zone),
        Command::Prep { target } => meetings::prep(store, &target, json, now, zone),
        Command::Photo {
            person,
            file,
            link,
            out,
            remove,
            fetch,
        } => {
            let change = photos::Change::asked(file, link, remove, fetch);
            photos::run(store, &person, change, out, json, now)
        }
        command @ (Command::Link { .. }
        | Command::Unlink { .. }
        | Command::Links { .. }
        | Command::Path { .. }
        | Command::Graph { .. }) => links::run(store, command, json, now),
        Command::Show { person } => people::show(store, &person, json, zone),
        Command::Intro(args) => intro(store, args, json, now, zone),
        Command::HelpLog(args) => touches::help_log(store, args, json, now, zone),
        Command::Topic { person, text } => touches::topic(store, &person, &text, json, now),
        Command::Ask(args) => need(store, Side::Ask, args, json, now),
        Command::Offer(args) => need(store, Side::Offer, args, json, now),
        Command::Prompts => touches::prompts(store, json, now),
        Command::Import(args) => {
            let importing = exchange::Importing {
                store,
                args: &args,
                json,
                now,
                zone,
            };
            if mail::is_mbox(&args) {
                mail::import(importing)
            } else {
                exchange::import(importing)
            }
        }
        Command::Export(args) => exchange::export(store, &args, now, zone),
        Command::Duplicates {
            limit,
            folded: true,
        } => edits::folded(store, limit, json),
        Command::Duplicates { limit, .. } => edits::duplicates(store, limit, json),
        Command::Edit(args) => edits::edit(store, &args, json, now),
        Command::Date(args) => edits::dates(store, &args, json, now),
        Command::Delete { person, yes } => edits::delete(store, &person, yes, json, now, zone),
        Command::Split(args) => split(store, args, json, now),
        Command::Settings(args) => plan::settings(store, args, json),
        Command::Plan { action } => plan::plan(store, action, json, now, zone),
        Command::Backup {
            action: BackupAction::Now,
        } => care::back_up_now(store, json, now),
        // Run by `parse` before this dispatch: on the file itself, with the
        // store opened their own way, or the window.
        Command::Check
        | Command::Backup { .. }
        | Command::Unlock { .. }
        | Command::Encryption { .. }
        | Command::Open => Err(Failure::Other(
            "this command is run before the command line's dispatch".into(),
        )),
        Command::Trash { action: None } => edits::trash(store, json, now, zone),
        Command::Trash {
            action: Some(TrashAction::Restore { id }),
        } => edits::restore(store, id, json, now),
        Command::Merge { keep, remove, undo } => edits::merge(store, keep, remove, undo, json, now),
    }
}

/// Lets a closed pipe end the command, as it ends any Unix tool: Rust
/// ignores `SIGPIPE`, so printing to a reader that has gone (`kith graph
/// --dot | head`) would fail on every line instead. What a command writes
/// to the database is committed before it prints.
fn end_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition, before any thread
    // of this command starts, touches no memory of this program.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
