//! E-mail: reading an mbox file's headers into touches, and the people the
//! user writes with who are not in Kith.

use std::io::IsTerminal;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::Store;
use kith_ipc::{MailSuggestionDto, MboxReportDto};
use kith_mail::{import_mbox, MailError, MboxOptions};

use crate::args::{ImportArgs, SuggestedAction};
use crate::output::print_json;
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
pub(crate) fn import(
    store: &Store,
    args: &ImportArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
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
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("No one to suggest: people you write with both ways appear here.");
            } else {
                for s in &list {
                    let name = s
                        .name
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default();
                    println!(
                        "{name}<{}>  {} sent, {} received, last {}",
                        s.address,
                        s.sent,
                        s.received,
                        output::local(&s.last, zone)
                    );
                }
            }
        }
        Some(SuggestedAction::Add { address, name }) => {
            let id = store.add_suggested(&address, name.as_deref(), now)?;
            output::person(&kith_ipc::PersonDto::from(store.person(id)?), json);
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
