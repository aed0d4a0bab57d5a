//! Chats: reading a WhatsApp or Telegram export's days into touches.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::Store;
use kith_exchange::chats::{chat_text, read_whatsapp, ChatError, ChatRead};
use kith_exchange::telegram::read_telegram;
use kith_ipc::ChatReportDto;

use crate::args::ImportArgs;
use crate::output::print_json;
use crate::Failure;

/// The chat an import of `args` reads: `--format whatsapp`, or a `.txt`
/// (or WhatsApp's `.zip`) whose lines are a WhatsApp chat's.
pub(crate) fn chat_of(args: &ImportArgs) -> Result<Option<(String, String)>, Failure> {
    if args.format.as_deref().is_some_and(|f| f != "whatsapp") {
        return Ok(None);
    }
    let found = chat_text(&args.path).map_err(|e| Failure::Usage(e.to_string()))?;
    if found.is_none() && args.format.is_some() {
        return Err(Failure::Usage(format!(
            "{} is not a WhatsApp chat export (its lines do not start with a date and a time)",
            args.path.display()
        )));
    }
    Ok(found)
}

fn who_are_you(file: &str, error: ChatError) -> Failure {
    match error {
        ChatError::NotAChat => Failure::Usage(format!("{file} holds no chat with people")),
        ChatError::WhoAreYou(authors) => Failure::Usage(format!(
            "say which author is you: kith import \"{file}\" --me NAME (its authors: {})",
            authors.join(", ")
        )),
    }
}

/// `kith import result.json [--me NAME]`, a Telegram Desktop export (one
/// chat, or all); `Ok(false)` when the file is not one.
pub(crate) fn import_telegram(
    store: &Store,
    args: &ImportArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<bool, Failure> {
    if args.format.as_deref().is_some_and(|f| f != "telegram") {
        return Ok(false);
    }
    let file = args.path.display().to_string();
    let me = args.me.first().map(String::as_str);
    let Some(reads) =
        read_telegram(&args.path, me, zone).map_err(|e| Failure::Usage(e.to_string()))?
    else {
        if args.format.is_some() {
            return Err(Failure::Usage(format!(
                "{file} is not a Telegram export (result.json)"
            )));
        }
        return Ok(false);
    };
    let reads = reads.map_err(|e| who_are_you(&file, e))?;
    let mut reports = Vec::new();
    for read in &reads {
        let recorded = store.record_chat(&read.touches, args.dry_run, now)?;
        reports.push(ChatReportDto::new(
            file.clone(),
            read,
            &recorded,
            !args.dry_run,
        ));
    }
    if json {
        print_json(&reports);
    } else {
        for dto in &reports {
            print_report(dto, "Telegram");
        }
    }
    Ok(true)
}

/// `kith import CHAT.txt|CHAT.zip --me NAME`.
pub(crate) fn import(
    store: &Store,
    args: &ImportArgs,
    (text, chat): (String, String),
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let file = args.path.display().to_string();
    let me = args.me.first().map(String::as_str);
    let read: ChatRead =
        read_whatsapp(&text, &chat, me, zone).map_err(|e| who_are_you(&file, e))?;
    let recorded = store.record_chat(&read.touches, args.dry_run, now)?;
    let dto = ChatReportDto::new(file, &read, &recorded, !args.dry_run);
    if json {
        print_json(&dto);
    } else {
        print_report(&dto, "WhatsApp");
    }
    Ok(())
}

fn print_report(dto: &ChatReportDto, source: &str) {
    println!(
        "Read {} messages from {} ({source}): {} days with someone",
        dto.messages, dto.chat, dto.days
    );
    if dto.too_large {
        println!("A group of more than 8 others: not touches with each of them");
    }
    if dto.committed {
        println!(
            "Recorded: {} touches made, {} updated, with {} people in Kith",
            dto.touches_made, dto.touches_changed, dto.people
        );
    } else {
        println!(
            "Would record touches with {} people in Kith (nothing written)",
            dto.people
        );
    }
    if !dto.not_in_kith.is_empty() {
        let names: Vec<String> = dto
            .not_in_kith
            .iter()
            .map(|a| format!("{} ({} days)", a.author, a.days))
            .collect();
        println!(
            "Not in Kith (or more than one person): {}",
            names.join(", ")
        );
    }
    if dto.order_guessed {
        println!("The dates' day and month order was guessed: check a touch's date");
    }
}
