//! The command line's grammar: every subcommand and its arguments, as clap
//! reads them. What each one does is `lib.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use kith_core::domain::{Identity, IdentityKind, InputError, PersonDraft};

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
    /// Open the desktop app, or bring its window forward if it is running
    /// (the same as `kith` with no command).
    Open,
    /// List people, or search them.
    People(PeopleArgs),
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
    /// Show or change the settings: today's plan (how many people, the
    /// morning notification), the welcome window, quiet hours, backups,
    /// sync's extras, dates' reminders and the home country.
    Settings(SettingsArgs),
    /// Verified backups, taken daily by the desktop app: `kith backup now`,
    /// `kith backup list`, `kith backup restore ID|PATH`.
    Backup {
        #[command(subcommand)]
        action: BackupAction,
    },
    /// Encryption at rest: `kith encryption enable` (prints the recovery
    /// key once), `kith encryption status`, `kith encryption disable`.
    Encryption {
        #[command(subcommand)]
        action: EncryptionAction,
    },
    /// Open an encrypted database whose key this computer's keychain does
    /// not have (a new computer, a reinstalled system) with its recovery
    /// key, and keep the key in the keychain again.
    Unlock {
        /// Read the recovery key from standard input.
        #[arg(long, required = true)]
        recovery_key_stdin: bool,
    },
    /// Two-way sync with a CardDAV/CalDAV server (Radicale, Nextcloud,
    /// iCloud, Fastmail, ...): `kith sync add URL --user USER`, `kith sync
    /// now`, `kith sync status`, `kith sync conflicts`, `kith sync remove`.
    Sync {
        #[command(subcommand)]
        action: SyncAction,
    },
    /// E-mail headers (never a body) from an IMAP account become touches:
    /// `kith mail add --host HOST --user USER`, `kith mail now`, `kith mail
    /// status`, `kith mail remove`.
    Mail {
        #[command(subcommand)]
        action: MailAction,
    },
    /// People you write with or meet who are not in Kith (from e-mail and
    /// calendars read with `kith mail` or `kith import FILE.mbox|FILE.ics`):
    /// `kith suggested`, `kith suggested add ADDR`, `kith suggested dismiss
    /// ADDR`.
    Suggested {
        #[command(subcommand)]
        action: Option<SuggestedAction>,
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
    /// Prepare for a meeting: for each person on it, the last touches,
    /// open follow-ups, what matters to them, their asks and offers. Give
    /// a person (their next meeting today or ahead, or them alone) or a
    /// meeting's title.
    Prep {
        /// An id, a name, or words of a meeting's title.
        target: String,
    },
    /// Link two people: `--as` friend, colleague, partner, sibling,
    /// family, parent (the first is the second's parent), manager (the
    /// first manages the second), mentor, introduced (the first
    /// introduced you to the second), met-through (you met the first
    /// through the second), introduced-by-you (you introduced the two to
    /// each other). `me` is you: `kith link ADA me --as sibling`. Linking
    /// again changes the note and date.
    Link {
        /// An id or an unambiguous name.
        person: String,
        /// The other person.
        other: String,
        /// What the link is.
        #[arg(long = "as", value_name = "KIND")]
        kind: String,
        #[arg(long)]
        note: Option<String>,
        /// Since when: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// A person's photo: `kith photo ADA face.jpg` sets it (JPEG, PNG, GIF or
    /// WebP; kept as a JPEG of at most 512 px), `--out FILE` writes it out,
    /// `--remove` takes it away, `--fetch` fetches the photo a card gave as a
    /// web address; with no more, says whether there is one.
    Photo {
        /// An id or an unambiguous name.
        person: String,
        /// The image to set.
        file: Option<PathBuf>,
        /// A web address to keep as the photo's link (never fetched).
        #[arg(long, value_name = "URL", conflicts_with_all = ["file", "remove", "out"])]
        link: Option<String>,
        /// Write the photo (JPEG) to this file.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["file", "remove"])]
        out: Option<PathBuf>,
        #[arg(long, conflicts_with = "file")]
        remove: bool,
        /// Fetch the image the photo's link points to (one request to that
        /// address, made only now) and keep it as the photo.
        #[arg(long, conflicts_with_all = ["file", "link", "remove"])]
        fetch: bool,
    },
    /// Take away the links between two people (one kind with `--as`).
    Unlink {
        person: String,
        other: String,
        #[arg(long = "as", value_name = "KIND")]
        kind: Option<String>,
    },
    /// A person's links: who they are to them.
    Links {
        /// An id or an unambiguous name.
        person: String,
    },
    /// Who can introduce you to a person, to someone at a company
    /// (`--company NAME`) or to someone who offers what an ask needs
    /// (`--ask ID`): the people you know who know them, strongest tie
    /// first, over one or two links (three with `--hops 3`).
    #[command(group(clap::ArgGroup::new("target").required(true).args(["person", "company", "ask"])))]
    Path {
        /// An id or an unambiguous name.
        person: Option<String>,
        /// A company's name (or its first words).
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// An ask's id (as `kith ask` and `kith show` print it).
        #[arg(long, value_name = "ID")]
        ask: Option<i64>,
        /// How many links from the introducer to the target, 1 to 3.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=3))]
        hops: u8,
    },
    /// Who knows whom, as a graph: a person's neighbourhood (`--around`,
    /// `--depth` rings, at most 300 people) or everyone, clustered by
    /// company. Text by default; `--json`, or `--dot` for Graphviz.
    Graph {
        /// The person to draw around.
        #[arg(long, value_name = "PERSON")]
        around: Option<String>,
        /// How many rings of links around them, 1 to 3.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=3))]
        depth: u8,
        /// Graphviz's DOT language (`kith graph --dot | dot -Tsvg`).
        #[arg(long, conflicts_with = "json")]
        dot: bool,
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
    /// the folder or its zip), Google Contacts CSV, vCard or Facebook friends
    /// JSON; or read an mbox file's mail headers (never a body), a
    /// calendar's (.ics) past meetings, or a WhatsApp or Telegram chat
    /// export's days (never its messages), into touches.
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
    /// Dates that matter: `kith date PERSON --birthday 05-14`,
    /// `--anniversary 2019-06-01`, `--on 2027-03-01 --what TEXT [--yearly]`;
    /// `--remove ID` drops a named date, `none` clears a birthday or
    /// anniversary. Reminders come on the day at the morning time, or the
    /// days before set with `kith settings`.
    Date(DateArgs),
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
pub enum EncryptionAction {
    /// Encrypt the database (and every backup from now on) with a new key
    /// kept in the OS keychain; prints the recovery key once.
    Enable,
    /// Whether the database is encrypted, and whether the keychain holds
    /// its key.
    Status,
    /// Turn the database back into a plain file and forget its key.
    Disable,
}

#[derive(Debug, Args)]
pub struct SyncAddArgs {
    /// The server's address (https://; http:// only to this computer).
    pub url: String,
    #[arg(long)]
    pub user: String,
    /// Read the password from the first line of standard input instead
    /// of asking.
    #[arg(long)]
    pub password_stdin: bool,
    /// The address book people go to (found by name, or created).
    /// Not needed when URL is an address book's own address: that one
    /// is used.
    #[arg(long, value_name = "NAME", default_value = "Kith")]
    pub address_book: String,
    /// The task list follow-ups go to: a name (found, or created), or
    /// a task list's address on the same server. Not needed when URL
    /// is a task list's own address: that one is used.
    #[arg(long, value_name = "NAME|URL")]
    pub task_list: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Set up the server: checks the user and password, finds or creates
    /// the address book, keeps the password in the OS keychain.
    Add(SyncAddArgs),
    /// Sync now: what was pushed, pulled, deleted, and the conflicts.
    Now {
        /// Read the password from standard input (when no keychain keeps it).
        #[arg(long)]
        password_stdin: bool,
        /// Go ahead even when the sync deletes more than half of a side.
        #[arg(long)]
        yes: bool,
    },
    /// The server, the last sync and its outcome.
    Status,
    /// The account's calendars that hold events, and which are read for
    /// meetings (each past meeting with people in Kith a touch, read at
    /// every sync); with --use, read these and no others.
    Calendars {
        /// The calendars to read meetings from, by name.
        #[arg(long = "use", value_name = "NAME", num_args = 1.., action = clap::ArgAction::Append)]
        names: Vec<String>,
        /// Read the password from standard input (when no keychain keeps it).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Fields changed on both sides: the value kept and the one set aside.
    Conflicts {
        /// Bring back the value a conflict set aside (sent at the next sync).
        #[arg(long, value_name = "ID")]
        flip: Option<i64>,
        /// Settle a conflict, keeping the value as it is.
        #[arg(long, value_name = "ID")]
        dismiss: Option<i64>,
    },
    /// Stop syncing: forget the server and its password. People stay here;
    /// nothing is deleted on the server.
    Remove,
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
    /// Mark them as having died (`yes`): no reminders of them, never
    /// suggested, their dates kept as memories; `no` undoes it.
    #[arg(long, value_name = "yes|no")]
    pub deceased: Option<String>,
    /// The note their contact card carries (synced as its NOTE); an empty
    /// value removes it.
    #[arg(long, value_name = "TEXT")]
    pub card_note: Option<String>,
}

#[derive(Debug, Args)]
pub struct DateArgs {
    /// An id or an unambiguous name.
    pub person: String,
    /// MM-DD without a year, YYYY-MM-DD with one, or `none`.
    #[arg(long, value_name = "MM-DD|YYYY-MM-DD|none")]
    pub birthday: Option<String>,
    /// MM-DD without a year, YYYY-MM-DD with one, or `none`.
    #[arg(long, value_name = "MM-DD|YYYY-MM-DD|none")]
    pub anniversary: Option<String>,
    /// A named date's day (with --what).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "what")]
    pub on: Option<String>,
    /// What the named date is ("started at Northwind").
    #[arg(long, value_name = "TEXT", requires = "on")]
    pub what: Option<String>,
    /// The named date comes back every year (else once).
    #[arg(long, requires = "on")]
    pub yearly: bool,
    /// A named date to remove: its id (as `kith show` lists it).
    #[arg(long, value_name = "ID")]
    pub remove: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json, vcard, csv or ics.
    pub format: String,
    /// For vcard: 3.0 (the default, as Apple, Google and Outlook read it)
    /// or 4.0.
    #[arg(long = "version", value_name = "3.0|4.0")]
    pub vcard_version: Option<String>,
    /// Write to this file (replaced only once the export is complete);
    /// standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only these people (ids or unambiguous names), for vcard and csv.
    #[arg(long, value_name = "PERSON")]
    pub person: Vec<String>,
    /// Seal a json export with a passphrase read from standard input's
    /// first line (the age format: `age -d` opens it too).
    #[arg(long)]
    pub passphrase_stdin: bool,
    /// Seal a json export with a passphrase asked on the terminal.
    #[arg(long, conflicts_with = "passphrase_stdin")]
    pub passphrase: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file, or a LinkedIn export folder or zip.
    pub path: PathBuf,
    /// The format, when detection gets it wrong: linkedin-connections,
    /// linkedin-invitations, linkedin-messages, google, outlook,
    /// thunderbird, thunderbird-no-header, vcard, facebook, mbox, ics,
    /// whatsapp, telegram.
    #[arg(long)]
    pub format: Option<String>,
    /// Show what would be imported without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// You: in LinkedIn messages your profile URL or name, when Kith cannot
    /// tell; for an mbox or calendar (.ics) file your e-mail addresses
    /// (kept for next time); for a WhatsApp or Telegram chat your name as
    /// it writes it.
    #[arg(long, value_name = "ADDR|PROFILE|NAME", num_args = 1.., action = clap::ArgAction::Append)]
    pub me: Vec<String>,
    /// For a WhatsApp or Telegram chat: keep each day's first line as its
    /// touch's summary (otherwise no message text is kept).
    #[arg(long)]
    pub keep_first_line: bool,
    /// The passphrase of a sealed Kith export, from standard input's first
    /// line (asked on the terminal when the file is sealed and this is not
    /// given).
    #[arg(long)]
    pub passphrase_stdin: bool,
    /// Any CSV, read with its columns mapped: by header name ("Full
    /// name=name,Mail=email,Mobile=phone"), or by position from 1 for a
    /// file without a header row ("1=name,4=email"). Fields: name, first,
    /// middle, last, suffix, nickname, email, phone, company, role,
    /// birthday, anniversary, tags, notes, url, connected, ignore.
    #[arg(long, value_name = "MAPPING")]
    pub columns: Option<String>,
    /// A CSV's separator when Kith cannot tell it: "," ";" "tab" or "|".
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// A file's encoding when Kith cannot tell it: utf-8, utf-16le,
    /// utf-16be, windows-1252 (or any WHATWG label).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

#[derive(Debug, Args)]
pub struct MailAddArgs {
    /// The IMAP server (imap.gmail.com, imap.fastmail.com, ...).
    #[arg(long)]
    pub host: String,
    /// 993 (TLS, the default) or 143 (STARTTLS); another port is TLS,
    /// or plain IMAP on this computer only.
    #[arg(long)]
    pub port: Option<u16>,
    #[arg(long)]
    pub user: String,
    /// Read the password from the first line of standard input instead
    /// of asking.
    #[arg(long)]
    pub password_stdin: bool,
    /// sent (the default): mail you sent; all: that and the archive of
    /// everything (or the Inbox); folder:NAME: one folder.
    #[arg(long, default_value = "sent", value_name = "sent|all|folder:NAME")]
    pub scope: String,
    /// Your other addresses (the account's own is yours already).
    #[arg(long, value_name = "ADDR", action = clap::ArgAction::Append)]
    pub me: Vec<String>,
    /// Read mail from this date on (YYYY-MM-DD; default: all of it).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep no subjects, only who and when.
    #[arg(long)]
    pub no_subjects: bool,
}

#[derive(Debug, Subcommand)]
pub enum MailAction {
    /// Set up the account: checks the login and finds the folders its scope
    /// reads; the password goes to the OS keychain.
    Add(MailAddArgs),
    /// Read the account's new mail now.
    Now {
        /// Read the password from standard input (when no keychain keeps it).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Where the account stands: folders, progress, last read, touches made.
    Status,
    /// Remove the account (and its kept password).
    Remove {
        /// Also forget the mail it gave and the touches that made.
        #[arg(long)]
        forget: bool,
        /// Do not ask first.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SuggestedAction {
    /// Add them as a person, with the touches their mail (an address) or
    /// their chats (a chat author's name or number) give.
    Add {
        /// An e-mail address, or a chat author as `kith suggested` lists them.
        address: String,
        /// Their name (default: as their mail or the chat gives it).
        #[arg(long)]
        name: Option<String>,
    },
    /// Never suggest them again (an address, or a chat author).
    Dismiss { address: String },
    /// Chat authors who are no one in Kith and wrote on two days or more.
    Chats,
    /// People who may know each other (on the same threads, at the same
    /// meetings, at the same small company or private e-mail domain):
    /// `kith suggested links`, `kith suggested links accept A B [--as
    /// KIND]`, `kith suggested links dismiss A B`.
    Links {
        #[command(subcommand)]
        action: Option<LinkSuggestionAction>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinkSuggestionAction {
    /// Link the two (as colleagues unless `--as` says otherwise).
    Accept {
        /// An id or an unambiguous name.
        person: String,
        other: String,
        #[arg(long = "as", value_name = "KIND")]
        kind: Option<String>,
    },
    /// Never suggest the two to each other again.
    Dismiss { person: String, other: String },
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
    pub(crate) fn add_to(&self, mut draft: PersonDraft) -> Result<PersonDraft, InputError> {
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
pub struct SettingsArgs {
    /// People in today's plan, 1 to 10.
    #[arg(long, value_name = "N")]
    pub plan_size: Option<u32>,
    /// The morning notification's local time, HH:MM, or `off`.
    #[arg(long, value_name = "HH:MM|off")]
    pub plan_time: Option<String>,
    /// Days a new connection waits in the welcome queue, 1 to 365.
    #[arg(long, value_name = "DAYS")]
    pub welcome_days: Option<u32>,
    /// No notifications in this daily window, HH:MM-HH:MM, or `off`.
    #[arg(long, value_name = "HH:MM-HH:MM|off")]
    pub quiet_hours: Option<String>,
    /// Where backups go (e.g. a synced folder), or `default` for the
    /// backups folder beside the database.
    #[arg(long, value_name = "PATH|default")]
    pub backup_dir: Option<PathBuf>,
    /// Also show open follow-ups as events in a calendar of their own
    /// on the sync server (for calendar apps without tasks).
    #[arg(long, value_name = "on|off")]
    pub calendar_mirror: Option<String>,
    /// Also put today's plan in a task list of its own on the sync
    /// server ("Kith — today"), to work from a phone's task app.
    #[arg(long, value_name = "on|off")]
    pub plan_on_phone: Option<String>,
    /// Remind of a birthday this many days before it (0: on the day).
    #[arg(long, value_name = "DAYS")]
    pub birthday_days_before: Option<u32>,
    /// Remind of an anniversary this many days before it.
    #[arg(long, value_name = "DAYS")]
    pub anniversary_days_before: Option<u32>,
    /// Remind of a named date this many days before it.
    #[arg(long, value_name = "DAYS")]
    pub date_days_before: Option<u32>,
    /// The home country phone numbers without a country code are read
    /// as (`DE`, `GB`, `US`…), or `none`; a new one re-keys every
    /// stored number.
    #[arg(long, value_name = "CODE|none")]
    pub country: Option<String>,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Words to search for in names, companies, handles, tags, notes and touches.
    pub query: Option<String>,
    /// How many to show at most.
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    /// Only people at this stage (connected … trusted).
    #[arg(long)]
    pub stage: Option<String>,
    /// Only people this warm: warm, cooling or cold.
    #[arg(long)]
    pub health: Option<String>,
    /// Order: name, recent, stage or attention (longest past their cadence first).
    #[arg(long)]
    pub sort: Option<String>,
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
