//! E-mail: reading an mbox file's headers into touches, and the people the
//! user writes with who are not in Kith.

use std::io::IsTerminal;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::Store;
use kith_ipc::{ChatSuggestionDto, MailReadDto, MailStatusDto, MailSuggestionDto, MboxReportDto};
use kith_mail::account::{self as mail_account, AccountError, NewAccount};
use kith_mail::{import_mbox, MailError, MboxOptions};

use crate::args::{ImportArgs, LinkSuggestionAction, MailAction, MailAddArgs, SuggestedAction};
use crate::drafts::confirm;
use crate::exchange::Importing;
use crate::output::print_json;
use crate::secret::read_secret;
use crate::{output, Failure};

/// Whether an import of `args` reads mail: `--format mbox`, or a file (or
/// Apple Mail `.mbox` folder) that starts like an mbox.
pub(crate) fn is_mbox(args: &ImportArgs) -> bool {
    match args.format.as_deref() {
        Some(format) => format == "mbox",
        None => kith_mail::mbox::head_of(&args.path, 512)
            .is_ok_and(|head| kith_mail::mbox::looks_like_mbox(&head)),
    }
}

/// `kith import FILE.mbox --me ADDR…`.
pub(crate) fn import(importing: Importing<'_>) -> Result<(), Failure> {
    let (store, args, json, now, zone) = importing.parts();
    let options = MboxOptions {
        me: &args.me,
        dry_run: args.dry_run,
        zone,
    };
    let show_progress = !json && std::io::stderr().is_terminal();
    let report = import_mbox(store, &args.path, &options, now, |read| {
        if show_progress {
            eprint!("\rRead {read} messages…");
        }
    });
    if show_progress {
        eprintln!();
    }
    let report = report.map_err(|e| match e {
        MailError::Store(store) => Failure::from(store),
        other => Failure::Usage(other.to_string()),
    })?;
    let dto = MboxReportDto::new(args.path.display().to_string(), report);
    if json {
        print_json(&dto);
        return Ok(());
    }
    let (verb, made) = if dto.committed {
        (
            "Recorded",
            format!(
                "{} touches made, {} updated",
                dto.touches_made, dto.touches_changed
            ),
        )
    } else {
        (
            "Would record",
            format!(
                "touches with {} people in Kith (nothing written)",
                dto.people
            ),
        )
    };
    println!("Read {} messages from {} (mbox)", dto.messages, dto.file);
    println!(
        "{verb} {} messages ({} recorded before): {made}",
        dto.new, dto.known
    );
    if !dto.skipped.is_empty() {
        println!("Left out:");
        for s in &dto.skipped {
            println!("  {} {}", s.messages, s.label);
        }
    }
    if !dto.unreadable_lines.is_empty() {
        let lines: Vec<String> = dto
            .unreadable_lines
            .iter()
            .take(10)
            .map(u64::to_string)
            .collect();
        let more = dto.unreadable_lines.len().saturating_sub(10);
        println!(
            "Unreadable: {} (line {}{})",
            dto.unreadable_lines.len(),
            lines.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    if dto.committed {
        let waiting = store.mail_suggestions()?.len();
        if waiting > 0 {
            println!("People you write with who are not in Kith: {waiting} (kith suggested)");
        }
    }
    Ok(())
}

/// `kith suggested [add ADDR [--name NAME] | dismiss ADDR]`.
pub(crate) fn suggested(
    store: &Store,
    action: Option<SuggestedAction>,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    match action {
        None => {
            let list: Vec<MailSuggestionDto> = store
                .mail_suggestions()?
                .into_iter()
                .map(MailSuggestionDto::from)
                .collect();
            let chats = store.chat_suggestions()?;
            if json {
                print_json(&list);
            } else if list.is_empty() && chats.is_empty() {
                println!("No one to suggest: people you write with both ways, meet more than once or chat with on two days appear here.");
            } else {
                for s in &list {
                    let name = s
                        .name
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default();
                    let met = if s.meetings > 0 {
                        format!(", met {} times", s.meetings)
                    } else {
                        String::new()
                    };
                    println!(
                        "{name}<{}>  {} sent, {} received{met}, last {}",
                        s.address,
                        s.sent,
                        s.received,
                        output::local(&s.last, zone)
                    );
                }
                if !chats.is_empty() {
                    println!("From chats (kith suggested add \"NAME\"):");
                    for s in chats.iter().map(|s| ChatSuggestionDto::from(s.clone())) {
                        println!(
                            "  {}  chatted on {} days, last {}",
                            s.author,
                            s.days,
                            output::local(&s.last, zone)
                        );
                    }
                }
            }
        }
        Some(SuggestedAction::Chats) => {
            let list: Vec<ChatSuggestionDto> = store
                .chat_suggestions()?
                .into_iter()
                .map(ChatSuggestionDto::from)
                .collect();
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!(
                    "No chat author to suggest: people you chat with on two days appear here."
                );
            } else {
                for s in &list {
                    println!(
                        "{}  chatted on {} days, last {}",
                        s.author,
                        s.days,
                        output::local(&s.last, zone)
                    );
                }
            }
        }
        Some(SuggestedAction::Links { action }) => link_suggestions(store, action, json, now)?,
        // An address is mail's; anything else a chat author.
        Some(SuggestedAction::Add { address, name }) if !address.contains('@') => {
            let id = store.add_chat_author(&address, name.as_deref(), now)?;
            output::person(&kith_ipc::PersonDto::from(store.person(id)?), json);
        }
        Some(SuggestedAction::Add { address, name }) => {
            let id = store.add_suggested(&address, name.as_deref(), now)?;
            output::person(&kith_ipc::PersonDto::from(store.person(id)?), json);
        }
        Some(SuggestedAction::Dismiss { address }) if !address.contains('@') => {
            store.dismiss_chat_author(&address, now)?;
            if json {
                print_json(&serde_json::json!({ "dismissed": address.trim() }));
            } else {
                println!("{} will not be suggested again", address.trim());
            }
        }
        Some(SuggestedAction::Dismiss { address }) => {
            store.dismiss_suggested(&address, now)?;
            if json {
                print_json(&serde_json::json!({ "dismissed": address.trim().to_lowercase() }));
            } else {
                println!(
                    "{} will not be suggested again",
                    address.trim().to_lowercase()
                );
            }
        }
    }
    Ok(())
}

/// `kith suggested links`: the list, or accepting or dismissing one.
fn link_suggestions(
    store: &Store,
    action: Option<LinkSuggestionAction>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    match action {
        None => {
            let list: Vec<kith_ipc::LinkSuggestionDto> = store
                .link_suggestions(None)?
                .into_iter()
                .map(Into::into)
                .collect();
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("No ties to suggest: people on the same threads, at the same meetings or the same small company appear here.");
            } else {
                for s in &list {
                    println!(
                        "{} (#{}) and {} (#{}): {}",
                        s.a.display_name, s.a.id, s.b.display_name, s.b.id, s.evidence
                    );
                }
                println!("kith suggested links accept A B [--as KIND], or dismiss A B");
            }
        }
        Some(LinkSuggestionAction::Accept {
            person,
            other,
            kind,
        }) => {
            let (a, b) = crate::links::two_people(store, &person, &other)?;
            store.accept_link_suggestion(a, b, crate::links::link_kind(kind.as_deref())?, now)?;
            let links: Vec<kith_ipc::LinkDto> =
                store.links(a)?.into_iter().map(Into::into).collect();
            output::links(&store.person(a)?.display_name, &links, json);
        }
        Some(LinkSuggestionAction::Dismiss { person, other }) => {
            let (a, b) = crate::links::two_people(store, &person, &other)?;
            store.dismiss_link_suggestion(a, b, now)?;
            let (name_a, name_b) = (store.person(a)?.display_name, store.person(b)?.display_name);
            if json {
                print_json(&serde_json::json!({ "dismissed": [a.0, b.0] }));
            } else {
                println!("{name_a} and {name_b} will not be suggested to each other again");
            }
        }
    }
    Ok(())
}

impl From<AccountError> for Failure {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::Store(e) => e.into(),
            AccountError::Imap(kith_mail::imap::ImapError::Away { .. })
            | AccountError::Imap(kith_mail::imap::ImapError::Timeout)
            | AccountError::Imap(kith_mail::imap::ImapError::Protocol(_))
            | AccountError::Keychain(_) => Failure::Other(error.to_string()),
            other => Failure::Usage(other.to_string()),
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Other(format!("could not start the network runtime: {e}")))
}

fn status(store: &Store) -> Result<MailStatusDto, Failure> {
    Ok(MailStatusDto::read(store)?)
}

/// `kith mail add|now|status|remove`.
pub(crate) fn account(
    store: &Store,
    action: MailAction,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    match action {
        MailAction::Add(args) => add(store, args, json, now),
        MailAction::Now { password_stdin } => read_now(store, password_stdin, json, now, zone),
        MailAction::Status => show_status(store, json, zone),
        MailAction::Remove { forget, yes } => remove(store, forget, yes, json, now),
    }
}

/// `kith mail add`: the account checked and kept, and the folders it reads.
fn add(store: &Store, args: MailAddArgs, json: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    let MailAddArgs {
        host,
        port,
        user,
        password_stdin,
        scope,
        me,
        since,
        no_subjects,
    } = args;
    mail_account::check_scope(&scope)?;
    let since = since
        .map(|text| {
            text.parse::<chrono::NaiveDate>()
                .map_err(|_| Failure::Usage(format!("'{text}' is not a date (use YYYY-MM-DD)")))
        })
        .transpose()?;
    let password = read_secret("password", password_stdin, "--password-stdin")?;
    let new = NewAccount {
        host: Some(host),
        port,
        user,
        password,
        scope,
        me,
        since,
        keep_subject: !no_subjects,
    };
    let added = runtime()?.block_on(mail_account::add(store, &new, now))?;
    if json {
        print_json(&status(store)?);
        return Ok(());
    }
    let a = &added.account;
    println!(
        "Reading {} at {}:{} ({})",
        a.user, a.host, a.port, a.security
    );
    println!("  folders: {}", added.folders.join(", "));
    println!("  your addresses: {}", store.my_addresses()?.join(", "));
    if !added.password_kept {
        println!("  the OS keychain could not keep the password: `kith mail now --password-stdin`");
    }
    println!("Read it with `kith mail now`.");
    Ok(())
}

/// `kith mail now`: the account's new mail read, and the touches it made.
fn read_now(
    store: &Store,
    password_stdin: bool,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let account = store.mail_account()?.ok_or(AccountError::NotSetUp)?;
    let password = if password_stdin {
        read_secret("password", true, "--password-stdin")?
    } else {
        match mail_account::kept_password(&account).ok().flatten() {
            Some(p) => p,
            None => read_secret("password", false, "--password-stdin")?,
        }
    };
    let show = !json && std::io::stderr().is_terminal();
    let report = runtime()?.block_on(mail_account::read(store, &password, zone, now, |p| {
        if show {
            eprint!("\r{}: {} of {} messages", p.folder, p.read, p.total);
        }
    }));
    if show {
        eprintln!();
    }
    let dto = MailReadDto::from(report?);
    if json {
        print_json(&dto);
        return Ok(());
    }
    for f in &dto.folders {
        println!("{}: {} messages read", f.name, f.fetched);
    }
    println!(
        "{} new ({} recorded before): {} touches made, {} updated",
        dto.new, dto.known, dto.touches_made, dto.touches_changed
    );
    if !dto.skipped.is_empty() {
        println!("Left out:");
        for s in &dto.skipped {
            println!("  {} {}", s.messages, s.label);
        }
    }
    Ok(())
}

/// `kith mail status`: folders, progress, the last read, touches made.
fn show_status(store: &Store, json: bool, zone: Tz) -> Result<(), Failure> {
    let s = status(store)?;
    if json {
        print_json(&s);
        return Ok(());
    }
    if !s.configured {
        println!("No mail account is set up (kith mail add --host HOST --user USER).");
        return Ok(());
    }
    println!(
        "{} at {}:{} ({}), scope {}",
        s.user.as_deref().unwrap_or_default(),
        s.host.as_deref().unwrap_or_default(),
        s.port.unwrap_or_default(),
        s.security.as_deref().unwrap_or_default(),
        s.scope.as_deref().unwrap_or_default()
    );
    match (&s.synced_at, &s.error) {
        (_, Some(error)) => println!("Last read failed: {error}"),
        (Some(at), None) => println!("Last read {}", output::local(at, zone)),
        (None, None) => println!("Not read yet (kith mail now)"),
    }
    for f in &s.folders {
        println!("  {}: {} of {} messages read", f.name, f.read, f.total);
    }
    println!(
        "{} messages recorded, {} e-mail touches",
        s.messages, s.touches
    );
    println!("Your addresses: {}", s.me.join(", "));
    for o in &s.offered {
        println!(
            "  also sent from {} ({} messages, not counted: it is not one of your addresses)",
            o.address, o.messages
        );
    }
    Ok(())
}

/// `kith mail remove`: the account gone; with `--forget`, what it made too.
fn remove(
    store: &Store,
    forget: bool,
    yes: bool,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let account = store.mail_account()?.ok_or(AccountError::NotSetUp)?;
    if forget && !yes {
        let tally = store.mail_tally(&account.source())?;
        let question = format!(
            "Remove {} and forget its {} messages and the e-mail touches they made?",
            account.user, tally.messages
        );
        if !confirm(&question)? {
            return Err(Failure::Usage("nothing removed".into()));
        }
    }
    let (account, removed) = mail_account::remove(store, forget, now)?;
    if json {
        print_json(&serde_json::json!({
            "removed": account.user,
            "touchesRemoved": removed,
        }));
    } else if forget {
        println!(
            "Removed {}; {removed} touches it made are gone",
            account.user
        );
    } else {
        println!("Removed {}; the touches its mail made stay", account.user);
    }
    Ok(())
}
