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
mod data;
mod drafts;
mod encryption;
mod graph;
mod links;
mod mail;
mod meetings;
mod output;
mod output_data;
mod photos;
mod secret;
mod sync;

pub use args::*;
use care::{check, list_backups, newest_good_backup, restore_backup, restore_hint};
use drafts::{add_draft, intro, need};

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use kith_core::domain::{FollowUpId, HelpDirection, InputError, Side, TouchDraft};
use kith_core::paths::database_path;
use kith_core::scheduler::upcoming;
use kith_core::store::{FollowUpFilter, PeopleFilter};
use kith_core::when::{parse_instant, parse_time, Zone};
use kith_core::{Clock, Repeat, Store, StoreError, SystemClock};
use kith_ipc::{
    FollowUpDto, FunnelDto, LedgerDto, NeedDto, PeoplePageDto, PersonDto, PlannedFireDto,
    PromptDto, QueuePageDto, StageDto, TopicDto, TouchDto,
};

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
        Command::Sync { action } => sync::run(store, clock, action, json)?,
        Command::Suggested { action } => mail::suggested(store, action, json, now, zone)?,
        Command::Mail { action } => mail::account(store, action, json, now, zone)?,
        Command::People {
            query,
            limit,
            stage,
            health,
            sort,
        } => {
            let filter = PeopleFilter::parse(
                query.as_deref().unwrap_or_default(),
                stage.as_deref(),
                health.as_deref(),
                sort.as_deref(),
            )?;
            let page = store.people_filtered(&filter, 0, limit, now)?;
            output::people(&PeoplePageDto::new(page, now), json, zone);
        }
        Command::Add(args) => {
            let draft = add_draft(&args)?;
            let note = match args.note.as_deref() {
                Some(text) => Some(kith_core::domain::Note::body(text)?),
                None => None,
            };
            // The person and the note are one transaction: both or neither.
            let bundle = kith_core::domain::PersonBundle {
                person: draft,
                touches: Vec::new(),
                notes: note.into_iter().collect(),
                follow_ups: Vec::new(),
                topics: Vec::new(),
                needs: Vec::new(),
            };
            let id = store
                .add_people(&[bundle], zone, now)?
                .into_iter()
                .next()
                .ok_or_else(|| Failure::Other("the person was not created".into()))?;
            output::person(&PersonDto::from(store.person(id)?), json);
        }
        Command::Log(args) => {
            let person = store.resolve_person(&args.person)?;
            let at = match args.at.as_deref() {
                Some(text) => parse_instant(text, zone)?,
                None => now,
            };
            let draft = TouchDraft::new(
                person,
                args.kind.parse()?,
                args.channel.parse()?,
                args.direction.parse()?,
                at,
                args.summary.as_deref(),
            )?;
            let id = store.log_touch(&draft, now)?;
            let touch = store
                .touches(person)?
                .into_iter()
                .find(|t| t.id == id)
                .ok_or(StoreError::TouchNotFound(id))?;
            output::touch(&TouchDto::from(touch), json, zone);
        }
        Command::FollowUp(args) => {
            let person = store.resolve_person(&args.person)?;
            let intent_zone = match args.tz.as_deref() {
                Some(name) => Zone::parse(name)?,
                None => Zone::Floating,
            };
            let due = parse_time(&args.due, intent_zone, zone)?;
            let repeat = args.every.as_deref().map(Repeat::parse).transpose()?;
            let draft = kith_core::FollowUpDraft::new(person, &args.what, due, repeat)?;
            let id = store.create_follow_up(&draft, zone, now)?;
            output::follow_up(&FollowUpDto::from(store.follow_up(id)?), json, zone);
        }
        Command::Due => {
            let agenda = store.agenda(now, zone)?;
            let due: Vec<FollowUpDto> = agenda.due().cloned().map(Into::into).collect();
            output::follow_ups(&due, json, zone, now);
        }
        Command::Upcoming { from, to } => {
            let from = match from.as_deref() {
                Some(text) => parse_instant(text, zone)?,
                None => now,
            };
            let to = match to.as_deref() {
                Some(text) => parse_instant(text, zone)?,
                None => from + chrono::Duration::days(7),
            };
            if to <= from {
                return Err(Failure::Usage("--to must be after --from".into()));
            }
            let planned: Vec<PlannedFireDto> = upcoming(store, now, from, to, zone)?
                .into_iter()
                .map(|fire| PlannedFireDto::new(fire, zone))
                .collect();
            output::upcoming(&planned, json, zone);
        }
        Command::Funnel => {
            // Stages depend on the date; bring them up to today first.
            store.recompute_stages(now)?;
            output::funnel(&FunnelDto::from(store.funnel(now)?), json);
        }
        Command::Queue { limit } => {
            let templates = store.templates()?;
            let page = QueuePageDto::new(store.welcome_queue(now, 0, limit)?, &templates);
            output::queue(&page, json, zone);
        }
        Command::Stage { person } => {
            let id = store.resolve_person(&person)?;
            let (stage, because) = store.stage_of(id, now)?;
            let dto = StageDto {
                stage: stage.as_str().to_owned(),
                because: because.into_iter().map(Into::into).collect(),
            };
            output::stage(&dto, json, zone);
        }
        Command::Done { id } => {
            let done = store.complete_follow_up(FollowUpId(id), zone, now)?;
            output::follow_up(&FollowUpDto::from(done), json, zone);
        }
        Command::Prep { target } => meetings::prep(store, &target, json, now, zone)?,
        Command::Photo {
            person,
            file,
            link,
            out,
            remove,
            fetch,
        } => {
            let change = match (file, link) {
                (Some(file), _) => photos::Change::File(file),
                (None, Some(link)) => photos::Change::Link(link),
                _ if remove => photos::Change::Remove,
                _ if fetch => photos::Change::Fetch,
                _ => photos::Change::None,
            };
            photos::run(store, &person, change, out, json, now)?
        }
        command @ (Command::Link { .. }
        | Command::Unlink { .. }
        | Command::Links { .. }
        | Command::Path { .. }
        | Command::Graph { .. }) => links::run(store, command, json, now)?,
        Command::Show { person } => {
            let id = store.resolve_person(&person)?;
            let person = PersonDto::from(store.person(id)?);
            let touches: Vec<TouchDto> = store.touches(id)?.into_iter().map(Into::into).collect();
            let follow_ups: Vec<FollowUpDto> = store
                .follow_ups(FollowUpFilter::OfPerson(id))?
                .into_iter()
                .map(Into::into)
                .collect();
            let needs: Vec<NeedDto> = store.needs(Some(id))?.into_iter().map(Into::into).collect();
            let shown = output::Shown {
                person: &person,
                touches: &touches,
                follow_ups: &follow_ups,
                needs: &needs,
            };
            output::show(&shown, json, zone);
        }
        Command::Intro(args) => intro(store, args, json, now, zone)?,
        Command::HelpLog(args) => {
            let id = store.resolve_person(&args.person)?;
            let (direction, text) = match (args.given, args.received) {
                (Some(text), _) => (HelpDirection::Given, text),
                (None, Some(text)) => (HelpDirection::Received, text),
                (None, None) => return Err(Failure::Usage("say --given or --received".into())),
            };
            store.log_help(id, direction, &text, now)?;
            output::ledger(&LedgerDto::from(store.ledger(id)?), json, zone);
        }
        Command::Topic { person, text } => {
            let id = store.resolve_person(&person)?;
            let topic = store.add_topic(id, &text, now)?;
            let dto = store
                .topics(id)?
                .into_iter()
                .find(|t| t.id == topic)
                .map(TopicDto::from);
            output::created("topic", topic.0, dto.as_ref(), json);
        }
        Command::Ask(args) => need(store, Side::Ask, args, json, now)?,
        Command::Offer(args) => need(store, Side::Offer, args, json, now)?,
        Command::Prompts => {
            let prompts: Vec<PromptDto> = store
                .prompts(None, now)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::prompts(&prompts, json);
        }
        other => data::run(store, other, json, now, zone)?,
    }
    Ok(())
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
