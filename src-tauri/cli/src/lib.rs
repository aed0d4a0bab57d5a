//! The `kith` command line. It runs on the same core as the window, never
//! initialises a display, and speaks plainly: one line on stderr for an
//! error; exit 0 on success, 2 for a usage or input error, 1 for anything
//! else; nothing partial is written on error.
//!
//! The desktop binary calls [`parse`] first: with a subcommand it runs the
//! command line and exits; without one it opens the window.

mod output;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use kith_core::domain::{
    FollowUpId, HelpDirection, Identity, IdentityKind, InputError, IntroId, IntroStep, NeedDraft,
    NoteId, PersonDraft, Side, TouchDraft, TouchId,
};
use kith_core::paths::database_path;
use kith_core::scheduler::upcoming;
use kith_core::store::{
    backup_dir_of_file, find_backup, restore_file, BackupKind, FollowUpFilter, PeopleFilter,
    QuietHours, SplitSpec, MAX_WELCOME_DAYS, TRASH_DAYS,
};
use kith_core::when::{parse_instant, parse_time, Zone};
use kith_core::{Clock, Repeat, Store, StoreError, SystemClock};
use kith_exchange::export::{export, write_atomically, ExportFormat};
use kith_exchange::{ExchangeError, Format, ImportOptions};
use kith_ipc::{
    BackupDto, BackupRestoredDto, BackupsDto, CheckDto, DaySettingsDto, DuplicateDto, FoldedDto,
    FollowUpDto, FunnelDto, ImportReportDto, IntroductionDto, LedgerDto, MergeDto, NeedDto,
    PeoplePageDto, PersonDto, PersonRefDto, PlanDto, PlannedFireDto, PromptDto, QueuePageDto,
    RestoredDto, SplitDto, StageDto, SuggestionDto, TopicDto, TouchDto, TrashEntryDto,
};

/// Kith: the people you know, and who to follow up with.
#[derive(Debug, Parser)]
#[command(
    name = "kith",
    version,
    about = "Kith: the people you know, and who to follow up with."
)]
pub struct Cli {
    /// The database file (default: kith.db in the OS data folder).
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Start the desktop app in the tray without opening its window.
    #[arg(long, hide = true)]
    pub hidden: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List people, or search them.
    People {
        /// Words to search for in names, companies, handles, tags, notes and touches.
        query: Option<String>,
        /// How many to show at most.
        #[arg(long, default_value_t = 100)]
        limit: u64,
        /// Only people at this stage (connected … trusted).
        #[arg(long)]
        stage: Option<String>,
        /// Only people this warm: warm, cooling or cold.
        #[arg(long)]
        health: Option<String>,
        /// Order: name, recent, stage or attention (longest past their cadence first).
        #[arg(long)]
        sort: Option<String>,
    },
    /// Add a person.
    Add(AddArgs),
    /// Log a touch with a person.
    Log(LogArgs),
    /// Create a follow-up.
    #[command(name = "follow-up")]
    FollowUp(FollowUpArgs),
    /// List follow-ups that are due (overdue and today).
    Due,
    /// List the reminders that will fire in a time window, exactly as the
    /// scheduler will fire them (local time, zone, UTC instant).
    Upcoming {
        /// Start of the window (RFC 3339 or local 'YYYY-MM-DD HH:MM'); default now.
        #[arg(long)]
        from: Option<String>,
        /// End of the window; default seven days after the start.
        #[arg(long)]
        to: Option<String>,
    },
    /// Mark a follow-up done (a repeating one moves to its next time).
    Done {
        /// The follow-up's id, as `kith due` shows it.
        id: i64,
    },
    /// Count people per stage and per health.
    Funnel,
    /// Today's plan: the people worth a touch today, each with the reason
    /// and a next step; `kith plan done PERSON`, `kith plan skip PERSON`.
    Plan {
        #[command(subcommand)]
        action: Option<PlanAction>,
    },
    /// Show or change the plan's settings: how many people a day, the
    /// morning notification's time (or off), the welcome window.
    Settings {
        /// People in today's plan, 1 to 10.
        #[arg(long, value_name = "N")]
        plan_size: Option<u32>,
        /// The morning notification's local time, HH:MM, or `off`.
        #[arg(long, value_name = "HH:MM|off")]
        plan_time: Option<String>,
        /// Days a new connection waits in the welcome queue, 1 to 365.
        #[arg(long, value_name = "DAYS")]
        welcome_days: Option<u32>,
        /// No notifications in this daily window, HH:MM-HH:MM, or `off`.
        #[arg(long, value_name = "HH:MM-HH:MM|off")]
        quiet_hours: Option<String>,
        /// Where backups go (e.g. a synced folder), or `default` for the
        /// backups folder beside the database.
        #[arg(long, value_name = "PATH|default")]
        backup_dir: Option<PathBuf>,
    },
    /// Verified backups, taken daily by the desktop app: `kith backup now`,
    /// `kith backup list`, `kith backup restore ID|PATH`.
    Backup {
        #[command(subcommand)]
        action: BackupAction,
    },
    /// Check the database file (SQLite's integrity and foreign-key checks,
    /// the search index). Exit 0 when healthy, 1 otherwise.
    Check,
    /// List new connections waiting for a personal reply, newest first.
    Queue {
        /// How many to show at most.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Show a person's stage and the touches that justify it.
    Stage {
        /// An id or an unambiguous name.
        person: String,
    },
    /// Show a person with their timeline and follow-ups.
    Show {
        /// An id or an unambiguous name.
        person: String,
    },
    /// Suggest, propose and follow introductions: `kith intro suggest`,
    /// `kith intro PERSON_A PERSON_B --why TEXT`, `kith intro list`,
    /// `kith intro step ID STEP`.
    #[command(args_conflicts_with_subcommands = true)]
    Intro(IntroArgs),
    /// Record help given to or received from a person (counts toward Trusted).
    #[command(name = "help-log")]
    HelpLog(HelpLogArgs),
    /// Add something that matters to a person ("new job", "moving to Berlin").
    Topic {
        /// An id or an unambiguous name.
        person: String,
        text: String,
    },
    /// Record what a person needs.
    Ask(NeedArgs),
    /// Record what a person can help with.
    Offer(NeedArgs),
    /// List step-it-up prompts: replies owed, meetings to follow up, calls to suggest.
    Prompts,
    /// Import a LinkedIn export (Connections.csv, Invitations.csv, messages.csv,
    /// the folder or its zip), Google Contacts CSV, vCard or Facebook friends JSON.
    Import(ImportArgs),
    /// Export everything as JSON, people as vCard or CSV, or follow-ups and
    /// keep-in-touch dates as iCalendar.
    Export(ExportArgs),
    /// List likely duplicate people, strongest reasons first.
    Duplicates {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Instead, records whose imported rows carried plainly different
        /// names: two people folded into one, to split.
        #[arg(long)]
        folded: bool,
    },
    /// Merge the second person into the first (everything of both is kept),
    /// or undo a merge with --undo ID.
    Merge {
        /// The person to keep.
        #[arg(required_unless_present = "undo")]
        keep: Option<String>,
        /// The person merged into them.
        #[arg(required_unless_present = "undo")]
        remove: Option<String>,
        /// Undo the merge with this id (as `kith merge` printed it).
        #[arg(long, value_name = "ID", conflicts_with_all = ["keep", "remove"])]
        undo: Option<i64>,
    },
    /// Change a person's details; add identities and tags (an identity is
    /// only dropped with --remove-identity).
    Edit(EditArgs),
    /// Delete a person: they go to the trash with everything of theirs and
    /// can be restored for 30 days.
    Delete {
        /// An id or an unambiguous name.
        person: String,
        /// Do not ask (needed when not run from a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Move part of a person (identities, notes, touches, follow-ups) to a
    /// new person, for two people folded into one; or undo with --undo ID.
    Split(SplitArgs),
    /// People deleted in the last 30 days; `kith trash restore ID` brings
    /// one back.
    Trash {
        #[command(subcommand)]
        action: Option<TrashAction>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Log the touch the plan suggests for a person (and complete their
    /// follow-up); the item is ticked.
    Done {
        /// An id or an unambiguous name.
        person: String,
    },
    /// Not today: take a person out of today's plan (it backfills); with
    /// --for, keep them out for that long (e.g. 30d).
    Skip {
        /// An id or an unambiguous name.
        person: String,
        /// How long to leave them out of every plan: N days, as `30d`.
        #[arg(long = "for", value_name = "DAYS")]
        for_days: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupAction {
    /// Take a verified backup now and print its path.
    Now,
    /// The backups, newest first: id, time, kind, size, people, verified.
    List,
    /// Put a backup in place of the database. The current file is backed
    /// up first (when it is healthy) and kept beside the database.
    Restore {
        /// A backup's id (as `kith backup list` shows it, or its unique
        /// start) or a backup file's path.
        backup: String,
        /// Do not ask.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrashAction {
    /// Bring a deleted person back with everything of theirs.
    Restore {
        /// The trash entry's id, as `kith trash` lists it.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// An id or an unambiguous name.
    #[arg(required_unless_present = "undo")]
    pub person: Option<String>,
    /// The new person's name.
    #[arg(long, required_unless_present = "undo")]
    pub name: Option<String>,
    /// An identity to move: its id (as `kith show` lists it) or its value.
    #[arg(long, value_name = "ID")]
    pub identity: Vec<String>,
    /// A touch to move (its id, as `kith show` lists it).
    #[arg(long, value_name = "ID")]
    pub touch: Vec<i64>,
    /// A note to move.
    #[arg(long, value_name = "ID")]
    pub note: Vec<i64>,
    /// A follow-up to move.
    #[arg(long, value_name = "ID")]
    pub follow_up: Vec<i64>,
    /// Undo the split with this id (as `kith split` printed it).
    #[arg(long, value_name = "ID", conflicts_with_all = ["person", "name", "identity", "touch", "note", "follow_up"])]
    pub undo: Option<i64>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// An id or an unambiguous name.
    pub person: String,
    #[arg(long)]
    pub name: Option<String>,
    /// The company; an empty value clears it.
    #[arg(long)]
    pub company: Option<String>,
    /// The role; an empty value clears it.
    #[arg(long)]
    pub role: Option<String>,
    /// Identities to add.
    #[command(flatten)]
    pub handles: Handles,
    /// A tag or circle to add; repeat for several.
    #[arg(long)]
    pub tag: Vec<String>,
    /// An identity to remove: its id (as `kith show` lists it) or its value.
    #[arg(long, value_name = "ID")]
    pub remove_identity: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json, vcard, csv or ics.
    pub format: String,
    /// Write to this file (replaced only once the export is complete);
    /// standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only these people (ids or unambiguous names), for vcard and csv.
    #[arg(long, value_name = "PERSON")]
    pub person: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file, or a LinkedIn export folder or zip.
    pub path: PathBuf,
    /// The format, when detection gets it wrong: linkedin-connections,
    /// linkedin-invitations, linkedin-messages, google, vcard, facebook.
    #[arg(long)]
    pub format: Option<String>,
    /// Show what would be imported without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// You, in LinkedIn messages (your profile URL or name), when Kith cannot tell.
    #[arg(long, value_name = "PROFILE|NAME")]
    pub me: Option<String>,
}

#[derive(Debug, Args)]
pub struct IntroArgs {
    #[command(subcommand)]
    pub command: Option<IntroCommand>,
    /// The two people to introduce (ids or unambiguous names).
    #[arg(num_args = 2, value_names = ["PERSON_A", "PERSON_B"])]
    pub people: Vec<String>,
    /// Why they should meet.
    #[arg(long)]
    pub why: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum IntroCommand {
    /// Introductions worth making: asks matched with offers, best first.
    Suggest {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Introductions made or under way, open ones first.
    List,
    /// Take the next step: ask-a, ask-b, introduce, then helped, no-fit or unknown.
    Step {
        /// The introduction's id, as `kith intro list` shows it.
        id: i64,
        step: String,
        /// Set a follow-up this many days from now.
        #[arg(long, value_name = "DAYS")]
        remind_in: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct HelpLogArgs {
    /// An id or an unambiguous name.
    pub person: String,
    /// What you did for them.
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "received",
        required_unless_present = "received"
    )]
    pub given: Option<String>,
    /// What they did for you.
    #[arg(long, value_name = "TEXT")]
    pub received: Option<String>,
}

#[derive(Debug, Args)]
pub struct NeedArgs {
    /// An id or an unambiguous name.
    pub person: String,
    pub text: String,
    /// A tag; repeat or separate with commas.
    #[arg(long)]
    pub tag: Vec<String>,
}

/// The identities `kith add` and `kith edit` take.
#[derive(Debug, Args)]
pub struct Handles {
    /// An e-mail address; repeat for several.
    #[arg(long)]
    pub email: Vec<String>,
    /// A phone number; repeat for several.
    #[arg(long)]
    pub phone: Vec<String>,
    /// LinkedIn profile URL.
    #[arg(long)]
    pub linkedin: Option<String>,
    /// X handle or URL.
    #[arg(long)]
    pub x: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
}

impl Handles {
    /// Adds each handle to `draft`, validated.
    fn add_to(&self, mut draft: PersonDraft) -> Result<PersonDraft, InputError> {
        let handles = self
            .email
            .iter()
            .map(|v| (IdentityKind::Email, v))
            .chain(self.phone.iter().map(|v| (IdentityKind::Phone, v)))
            .chain(self.linkedin.iter().map(|v| (IdentityKind::Linkedin, v)))
            .chain(self.x.iter().map(|v| (IdentityKind::X, v)))
            .chain(self.website.iter().map(|v| (IdentityKind::Website, v)));
        for (kind, value) in handles {
            draft = draft.with_identity(Identity::new(kind, value)?);
        }
        Ok(draft)
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The person's name.
    pub name: String,
    #[command(flatten)]
    pub handles: Handles,
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    /// How you met.
    #[arg(long)]
    pub how_met: Option<String>,
    /// Where you met.
    #[arg(long)]
    pub where_met: Option<String>,
    /// A tag or circle; repeat for several.
    #[arg(long)]
    pub tag: Vec<String>,
    /// Keep in touch every N days.
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<u32>,
    /// A first note.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// An id or an unambiguous name.
    pub person: String,
    /// connected, note, comment, share, reaction, message, email, call, video, meeting, intro, help, other.
    #[arg(long)]
    pub kind: String,
    /// linkedin, x, facebook, instagram, email, phone, sms, chat, in-person, video, other.
    #[arg(long)]
    pub channel: String,
    /// out (you reached out), in (they did), mutual.
    #[arg(long, default_value = "out")]
    pub direction: String,
    /// When (RFC 3339 or local 'YYYY-MM-DD HH:MM'); default now.
    #[arg(long)]
    pub at: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
}

#[derive(Debug, Args)]
pub struct FollowUpArgs {
    /// An id or an unambiguous name.
    pub person: String,
    /// When (RFC 3339, local 'YYYY-MM-DD HH:MM', or a date for 09:00).
    #[arg(long)]
    pub due: String,
    /// The zone the time is meant in: an IANA name, or 'floating' (follows you; the default).
    #[arg(long, value_name = "ZONE|floating")]
    pub tz: Option<String>,
    /// Repeat every Nh, Nd, Nw or Nm.
    #[arg(long, value_name = "RULE")]
    pub every: Option<String>,
    /// What to follow up on.
    #[arg(long)]
    pub what: String,
}

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
    let Some(command) = cli.command else {
        return Invocation::Window {
            db: cli.db,
            hidden: cli.hidden,
        };
    };
    let Some(path) = database_path(cli.db) else {
        eprintln!("kith: no data folder for this user; pass --db PATH or set KITH_DB");
        return Invocation::Exit(ExitCode::from(1));
    };
    let json = cli.json;
    // These read or replace the file itself, so they work on a file that
    // cannot be opened as a store (damaged, or from a dead process).
    let result = match command {
        Command::Check => check(&path, json),
        Command::Backup {
            action: BackupAction::List,
        } => list_backups(&path, json),
        Command::Backup {
            action: BackupAction::Restore { backup, yes },
        } => restore_backup(&path, &backup, yes, json),
        command => Store::open(&path)
            .map_err(Failure::from)
            .and_then(|store| run(&store, &SystemClock, command, json)),
    };
    let result = result.map_err(|failure| match failure {
        Failure::Other(message) if message.starts_with(DAMAGED) => {
            Failure::Other(format!("{message}. {}", restore_hint(&path)))
        }
        other => other,
    });
    Invocation::Exit(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("kith: {}", one_line(&message));
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("kith: {}", one_line(&message));
            ExitCode::from(1)
        }
    })
}

/// How every damage message starts (`StoreError::Corrupt`).
const DAMAGED: &str = "the database file is damaged";

/// The way out of damage: the newest backup that passes its check.
fn restore_hint(db: &std::path::Path) -> String {
    let folder = backup_dir_of_file(db);
    match kith_core::store::list_backups(&folder)
        .ok()
        .and_then(|list| list.into_iter().find(|b| b.verified))
    {
        Some(newest) => format!(
            "Restore the newest good backup ({}, {} people) with: kith backup restore {}",
            newest
                .taken_at
                .with_timezone(&SystemClock.zone())
                .format("%Y-%m-%d %H:%M"),
            newest.people.unwrap_or(0),
            newest.id
        ),
        None => format!(
            "No good backup in {}; restore one from elsewhere with: kith backup restore PATH",
            folder.display()
        ),
    }
}

fn newest_good_backup(db: &std::path::Path) -> Option<kith_core::store::Backup> {
    kith_core::store::list_backups(&backup_dir_of_file(db))
        .ok()?
        .into_iter()
        .find(|b| b.verified)
}

fn check(db: &std::path::Path, json: bool) -> Result<(), Failure> {
    let check = kith_core::store::check_file(db)?;
    let dto = CheckDto::new(check, newest_good_backup(db));
    output::check(&dto, json);
    match dto.problem {
        None => Ok(()),
        Some(problem) if !dto.damage.is_empty() => Err(Failure::Other(problem)),
        Some(problem) => Err(Failure::Other(format!("{problem}. {}", restore_hint(db)))),
    }
}

fn list_backups(db: &std::path::Path, json: bool) -> Result<(), Failure> {
    let folder = backup_dir_of_file(db);
    let backups = kith_core::store::list_backups(&folder)?;
    let dto = BackupsDto {
        default_folder: folder == kith_core::store::backup_dir_for(db, None),
        folder: folder.display().to_string(),
        backups: backups.into_iter().map(Into::into).collect(),
    };
    output::backups(&dto, json, SystemClock.zone());
    Ok(())
}

fn restore_backup(
    db: &std::path::Path,
    backup: &str,
    yes: bool,
    json: bool,
) -> Result<(), Failure> {
    let source = find_backup(&backup_dir_of_file(db), backup)?;
    if !yes
        && !confirm(&format!(
            "Replace {} with {}? The current file is kept beside it.",
            db.display(),
            source.display()
        ))?
    {
        return Err(Failure::Other("nothing was restored".into()));
    }
    let restored = restore_file(db, &source, SystemClock.now())?;
    // Bring the restored file up to this Kith's schema now, so a failure
    // shows here and not at the next command.
    Store::open(db)?;
    output::backup_restored(&BackupRestoredDto::from(restored), json);
    Ok(())
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run(store: &Store, clock: &dyn Clock, command: Command, json: bool) -> Result<(), Failure> {
    let now = clock.now();
    let zone = clock.zone();
    match command {
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
        Command::Show { person } => {
            let id = store.resolve_person(&person)?;
            let person = PersonDto::from(store.person(id)?);
            let touches: Vec<TouchDto> = store.touches(id)?.into_iter().map(Into::into).collect();
            let follow_ups: Vec<FollowUpDto> = store
                .follow_ups(FollowUpFilter::OfPerson(id))?
                .into_iter()
                .map(Into::into)
                .collect();
            output::show(&person, &touches, &follow_ups, json, zone);
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
        Command::Import(args) => {
            let format = match args.format.as_deref() {
                Some(f) => Some(Format::parse(f).ok_or_else(|| {
                    let known: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                    Failure::Usage(format!(
                        "unknown format '{f}' (use one of: {})",
                        known.join(", ")
                    ))
                })?),
                None => None,
            };
            let options = ImportOptions {
                format,
                me: args.me,
                dry_run: args.dry_run,
            };
            let summary = kith_exchange::import(store, &args.path, &options, now).map_err(
                |error| match error {
                    ExchangeError::Store(store) => Failure::from(store),
                    other => Failure::Usage(other.to_string()),
                },
            )?;
            let files = summary
                .files
                .iter()
                .map(|(name, format)| (name.clone(), format.id(), format.label()))
                .collect();
            output::import(&ImportReportDto::new(files, summary.report), json);
        }
        Command::Export(args) => {
            let format = ExportFormat::parse(&args.format).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown export format '{}' (use json, vcard, csv or ics)",
                    args.format
                ))
            })?;
            let people = args
                .person
                .iter()
                .map(|p| store.resolve_person(p))
                .collect::<Result<Vec<_>, _>>()?;
            let people = (!people.is_empty()).then_some(people.as_slice());
            let mut bytes = Vec::new();
            export(store, format, people, &mut bytes, now, zone).map_err(|e| match e {
                ExchangeError::Store(store) => Failure::from(store),
                other => Failure::Other(other.to_string()),
            })?;
            match args.out {
                Some(path) => write_atomically(&path, &bytes).map_err(|e| {
                    Failure::Other(format!("could not write {}: {e}", path.display()))
                })?,
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| Failure::Other(e.to_string()))?;
                }
            }
        }
        Command::Duplicates {
            limit,
            folded: true,
        } => {
            let folded: Vec<FoldedDto> = store.folded(limit)?.into_iter().map(Into::into).collect();
            output::folded(&folded, json);
        }
        Command::Duplicates { limit, .. } => {
            let pairs: Vec<DuplicateDto> = store
                .duplicates(limit)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::duplicates(&pairs, json);
        }
        Command::Edit(args) => {
            let person = store.resolve_person(&args.person)?;
            store.edit_person(person, now, |draft, identities| {
                edit_draft(draft, identities, &args)
            })?;
            output::person(&PersonDto::from(store.person(person)?), json);
        }
        Command::Delete { person, yes } => {
            let person = store.resolve_person(&person)?;
            let name = store.person(person)?.display_name;
            if !yes && !confirm(&format!(
                "Delete {name} (#{person}) and everything of theirs? They stay in the trash for {TRASH_DAYS} days."
            ))? {
                return Err(Failure::Other("nothing was deleted".into()));
            }
            store.purge_trash(now)?;
            let entry = store.trash_person(person, now)?;
            output::trashed(&TrashEntryDto::from(entry), json, zone);
        }
        Command::Split(args) => split(store, args, json, now)?,
        Command::Settings {
            plan_size,
            plan_time,
            welcome_days,
            quiet_hours,
            backup_dir,
        } => {
            let settings = store.update_settings(|s| {
                if let Some(dir) = &backup_dir {
                    s.backup_dir = match dir.to_str() {
                        Some("default") => None,
                        _ if dir.is_relative() => {
                            return Err(InputError::BadBackupDir(dir.display().to_string()))
                        }
                        _ => Some(dir.clone()),
                    };
                }
                if let Some(size) = plan_size {
                    if !(1..=kith_core::plan::MAX_PLAN_SIZE).contains(&size) {
                        return Err(InputError::BadPlanSize);
                    }
                    s.plan_size = size;
                }
                if let Some(text) = plan_time.as_deref() {
                    s.plan_time = match text.trim() {
                        "off" => None,
                        other => Some(
                            QuietHours::parse_time(other)
                                .ok_or_else(|| InputError::BadTime(other.to_owned()))?,
                        ),
                    };
                }
                if let Some(days) = welcome_days {
                    if !(1..=MAX_WELCOME_DAYS).contains(&days) {
                        return Err(InputError::BadWelcomeDays);
                    }
                    s.welcome_days = days;
                }
                if let Some(text) = quiet_hours.as_deref() {
                    s.quiet_hours = match text.trim() {
                        "off" => None,
                        other => {
                            let bad = || InputError::BadTime(other.to_owned());
                            let (start, end) = other.split_once('-').ok_or_else(bad)?;
                            Some(QuietHours {
                                start: QuietHours::parse_time(start).ok_or_else(bad)?,
                                end: QuietHours::parse_time(end).ok_or_else(bad)?,
                            })
                        }
                    };
                }
                Ok(())
            })?;
            output::plan_settings(&DaySettingsDto::from(&settings), json);
        }
        Command::Plan { action } => {
            let plan = match action {
                None => store.plan(now, zone)?,
                Some(PlanAction::Done { person }) => {
                    store.plan_done(store.resolve_person(&person)?, now, zone)?
                }
                Some(PlanAction::Skip { person, for_days }) => {
                    let days = match for_days.as_deref() {
                        Some(text) => Some(parse_days(text)?),
                        None => None,
                    };
                    store.plan_skip(store.resolve_person(&person)?, days, now, zone)?
                }
            };
            output::plan(&PlanDto::from(plan), json);
        }
        Command::Backup {
            action: BackupAction::Now,
        } => {
            let backup = store.back_up(BackupKind::Manual, now)?;
            output::backup_taken(&BackupDto::from(backup), json);
        }
        Command::Check | Command::Backup { .. } => {
            return Err(Failure::Other("handled before the store is opened".into()))
        }
        Command::Trash { action: None } => {
            store.purge_trash(now)?;
            let entries: Vec<TrashEntryDto> = store.trash()?.into_iter().map(Into::into).collect();
            output::trash(&entries, json, zone);
        }
        Command::Trash {
            action: Some(TrashAction::Restore { id }),
        } => {
            store.purge_trash(now)?;
            let (person, lost) = store.restore_from_trash(id, now)?;
            let restored = RestoredDto {
                person_id: person.0,
                lost: lost as u64,
            };
            output::restored(&restored, &store.person(person)?.display_name, json);
        }
        Command::Merge { keep, remove, undo } => match (undo, keep, remove) {
            (Some(id), _, _) => {
                let (kept, removed) = store.undo_merge(id, now)?;
                output::merged_back(
                    &PersonDto::from(store.person(kept)?),
                    &PersonDto::from(store.person(removed)?),
                    json,
                );
            }
            (None, Some(keep), Some(remove)) => {
                let (keep, remove) = (store.resolve_person(&keep)?, store.resolve_person(&remove)?);
                let id = store.merge(keep, remove, now)?;
                let merge = store
                    .merges()?
                    .into_iter()
                    .find(|m| m.id == id)
                    .map(MergeDto::from)
                    .ok_or_else(|| Failure::Other("the merge is not recorded".into()))?;
                output::merge(&merge, json);
            }
            _ => {
                return Err(Failure::Usage(
                    "name the person to keep and the one to merge into them".into(),
                ))
            }
        },
        Command::Prompts => {
            let prompts: Vec<PromptDto> = store
                .prompts(None, now)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::prompts(&prompts, json);
        }
    }
    Ok(())
}

fn intro(
    store: &Store,
    args: IntroArgs,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
    zone: chrono_tz::Tz,
) -> Result<(), Failure> {
    match args.command {
        Some(IntroCommand::Suggest { limit }) => {
            let found: Vec<SuggestionDto> = store
                .suggest_introductions(limit)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::suggestions(&found, json);
        }
        Some(IntroCommand::List) => {
            let all: Vec<IntroductionDto> = store
                .introductions(None)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::introductions(&all, json, zone);
        }
        Some(IntroCommand::Step {
            id,
            step,
            remind_in,
        }) => {
            let parsed = IntroStep::parse(&step).ok_or_else(|| {
                Failure::Usage(format!(
                    "'{step}' is not a step (use ask-a, ask-b, introduce, helped, no-fit or unknown)"
                ))
            })?;
            let (intro, _) =
                store.advance_introduction(IntroId(id), parsed, remind_in, zone, now)?;
            output::introductions(&[intro.into()], json, zone);
        }
        None => {
            let [a, b] = <[String; 2]>::try_from(args.people).map_err(|_| {
                Failure::Usage("name two people: kith intro PERSON_A PERSON_B --why TEXT".into())
            })?;
            let why = args
                .why
                .ok_or_else(|| Failure::Usage("say why they should meet with --why TEXT".into()))?;
            let (a, b) = (store.resolve_person(&a)?, store.resolve_person(&b)?);
            let id = store.propose_introduction(a, b, &why, now)?;
            output::introductions(&[store.introduction(id)?.into()], json, zone);
        }
    }
    Ok(())
}

fn need(
    store: &Store,
    side: Side,
    args: NeedArgs,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    let person = store.resolve_person(&args.person)?;
    let id = store.add_need(&NeedDraft::new(person, side, &args.text, &args.tag)?, now)?;
    let dto = store
        .needs(Some(person))?
        .into_iter()
        .find(|n| n.id == id)
        .map(NeedDto::from);
    output::created(side.as_str(), id.0, dto.as_ref(), json);
    Ok(())
}

fn split(
    store: &Store,
    args: SplitArgs,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    if let Some(id) = args.undo {
        let person = store.undo_split(id, now)?;
        output::split_undone(&PersonDto::from(store.person(person)?), json);
        return Ok(());
    }
    let (Some(person), Some(name)) = (args.person, args.name) else {
        return Err(Failure::Usage(
            "name the person and the new person's --name".into(),
        ));
    };
    let source = store.resolve_person(&person)?;
    let current = store.person(source)?;
    let identities = args
        .identity
        .iter()
        .map(|wanted| {
            find_identity(&current.identity_ids, &current.identities, wanted)
                .map(|(id, _)| id)
                .ok_or_else(|| InputError::NoSuchIdentity(wanted.trim().to_owned()))
        })
        .collect::<Result<Vec<i64>, InputError>>()?;
    let spec = SplitSpec {
        name: PersonDraft::named(&name)?,
        identities,
        notes: args.note.into_iter().map(NoteId).collect(),
        touches: args.touch.into_iter().map(TouchId).collect(),
        follow_ups: args.follow_up.into_iter().map(FollowUpId).collect(),
    };
    let split = store.split_person(source, &spec, now)?;
    let dto = SplitDto {
        id: split.id,
        source: PersonRefDto {
            id: source.0,
            display_name: current.display_name,
        },
        created: PersonRefDto {
            id: split.created.0,
            display_name: spec.name.display_name,
        },
    };
    output::split(&dto, json);
    Ok(())
}

/// `30d` or `30`: a number of days.
fn parse_days(text: &str) -> Result<u32, Failure> {
    text.trim()
        .trim_end_matches('d')
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=3650).contains(d))
        .ok_or_else(|| Failure::Usage(format!("'{text}' is not a number of days (like 30d)")))
}

/// The identity `wanted` names: its row id, its value as typed, or the same
/// normalised key.
fn find_identity<'a>(
    ids: &[i64],
    identities: &'a [Identity],
    wanted: &str,
) -> Option<(i64, &'a Identity)> {
    let wanted = wanted.trim();
    ids.iter().copied().zip(identities).find(|(id, identity)| {
        wanted.parse::<i64>().ok() == Some(*id)
            || identity.value.eq_ignore_ascii_case(wanted)
            || Identity::new(identity.kind, wanted)
                .is_ok_and(|w| w.normalized == identity.normalized)
    })
}

/// Asks on the terminal; refuses (a usage error) when there is none, so a
/// script never deletes by accident.
fn confirm(question: &str) -> Result<bool, Failure> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "not asking without a terminal; pass --yes".into(),
        ));
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::Other(format!("could not read the answer: {e}")))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// The person after `kith edit`: new details, added identities and tags,
/// and only the identities named by --remove-identity dropped.
fn edit_draft(
    mut draft: PersonDraft,
    identities: &[(i64, Identity)],
    args: &EditArgs,
) -> Result<PersonDraft, InputError> {
    if let Some(name) = &args.name {
        draft = draft.with_name(name)?;
    }
    if let Some(company) = &args.company {
        draft = draft.with_company(Some(company))?;
    }
    if let Some(role) = &args.role {
        draft = draft.with_role(Some(role))?;
    }
    for removed in &args.remove_identity {
        let wanted = removed.trim();
        let found = identities.iter().find(|(id, identity)| {
            wanted.parse::<i64>().ok() == Some(*id)
                || identity.value.eq_ignore_ascii_case(wanted)
                || Identity::new(identity.kind, wanted)
                    .is_ok_and(|w| w.normalized == identity.normalized)
        });
        let Some((_, identity)) = found else {
            return Err(InputError::NoSuchIdentity(wanted.to_owned()));
        };
        draft
            .identities
            .retain(|i| !(i.kind == identity.kind && i.normalized == identity.normalized));
    }
    let tags: Vec<String> = draft.tags.iter().chain(&args.tag).cloned().collect();
    args.handles.add_to(draft.with_tags(&tags)?)
}

fn add_draft(args: &AddArgs) -> Result<PersonDraft, InputError> {
    let draft = PersonDraft::named(&args.name)?
        .with_company(args.company.as_deref())?
        .with_role(args.role.as_deref())?
        .with_how_met(args.how_met.as_deref())?
        .with_where_met(args.where_met.as_deref())?
        .with_tags(&args.tag)?
        .with_cadence(args.cadence)?;
    args.handles.add_to(draft)
}
