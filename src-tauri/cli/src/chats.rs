//! Touches from files of what happened elsewhere: a calendar export, a
//! WhatsApp chat or a Telegram export (`kith import FILE --me …`), read by
//! `kith-exchange`'s activity import as the window reads them.

use kith_exchange::activity::{
    import_activity, Activity, ActivityError, ActivityFormat, ActivityOptions,
};
use kith_ipc::{CalendarReportDto, ChatReportDto};

use crate::exchange::Importing;
use crate::output::print_json;
use crate::Failure;

/// `kith import FILE` for a calendar, chat or Telegram export; `Ok(false)`
/// when the file is none of them (a contacts import then reads it).
pub(crate) fn import(importing: Importing<'_>) -> Result<bool, Failure> {
    let (store, args, json, now, zone) = importing.parts();
    let format = match args.format.as_deref() {
        Some("ics") => Some(ActivityFormat::Calendar),
        Some("whatsapp") => Some(ActivityFormat::WhatsApp),
        Some("telegram") => Some(ActivityFormat::Telegram),
        Some(_) => return Ok(false),
        None => None,
    };
    let file = args.path.display().to_string();
    let options = ActivityOptions {
        format,
        me: args.me.clone(),
        dry_run: args.dry_run,
        first_lines: args.keep_first_line,
    };
    let activity = match import_activity(store, &args.path, &options, now, zone) {
        Ok(activity) => activity,
        Err(ActivityError::NotActivity { .. }) => return Ok(false),
        Err(ActivityError::Store(e)) => return Err(e.into()),
        Err(ActivityError::NeedAddress) => {
            return Err(Failure::Usage(format!(
                "say which e-mail addresses are yours, so Kith knows who else was at each meeting: kith import {file} --me ADDR"
            )))
        }
        Err(ActivityError::WhoAreYou { authors, .. }) => {
            return Err(Failure::Usage(format!(
                "say which author is you: kith import \"{file}\" --me NAME (its authors: {})",
                authors.join(", ")
            )))
        }
        Err(other) => return Err(Failure::Usage(other.to_string())),
    };
    match activity {
        Activity::Calendar {
            read,
            recorded,
            preview,
        } => {
            let dto = match recorded {
                Some(recorded) => CalendarReportDto::recorded(file, &read, recorded, now),
                None => {
                    CalendarReportDto::previewed(file, &read, &preview.unwrap_or_default(), now)
                }
            };
            crate::meetings::print_report(&dto, json);
        }
        Activity::Chats {
            source,
            chats,
            read_in,
        } => {
            let reports: Vec<ChatReportDto> = chats
                .iter()
                .map(|(read, recorded)| {
                    ChatReportDto::new(file.clone(), read, recorded, !args.dry_run)
                        .read_in(read_in.as_ref())
                })
                .collect();
            match (json, source, reports.as_slice()) {
                // A WhatsApp chat is one report; a Telegram export a list.
                (true, "WhatsApp", [one]) => print_json(one),
                (true, _, _) => print_json(&reports),
                (false, _, _) => {
                    for dto in &reports {
                        print_report(dto, source);
                    }
                }
            }
        }
    }
    Ok(true)
}

fn print_report(dto: &ChatReportDto, source: &str) {
    println!(
        "Read {} messages from {} ({source}): {} days with someone",
        dto.messages, dto.chat, dto.days
    );
    if dto.too_large {
        println!("A group of more than 8 others: not touches with each of them");
    }
    crate::output::recorded(
        dto.committed,
        dto.people,
        format!(
            "{} touches made, {} updated, with {} people in Kith",
            dto.touches_made, dto.touches_changed, dto.people
        ),
    );
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
    if let Some(zone) = &dto.read_in {
        println!("Times read in {zone} (kept for this chat)");
    }
}
