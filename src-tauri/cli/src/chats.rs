//! Chats: reading a WhatsApp export's days into touches.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::Store;
use kith_exchange::chats::{chat_text, read_whatsapp, ChatError};
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
    let read = read_whatsapp(&text, &chat, me, zone).map_err(|e| match e {
        ChatError::NotAChat => Failure::Usage(format!("{file} is not a WhatsApp chat export")),
        ChatError::WhoAreYou(authors) => Failure::Usage(format!(
            "say which author is you: kith import \"{file}\" --me NAME (its authors: {})",
            authors.join(", ")
        )),
    })?;
    let recorded = store.record_chat(&read.touches, args.dry_run, now)?;
    let dto = ChatReportDto::new(file, &read, &recorded, !args.dry_run);
    if json {
        print_json(&dto);
        return Ok(());
    }
    println!(
        "Read {} messages from {} (WhatsApp): {} days with someone",
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
    Ok(())
}
