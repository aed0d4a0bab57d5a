//! Meetings: reading a calendar file's past events into touches.

use std::io::Read;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::Store;
use kith_exchange::meetings::{looks_like_calendar, read_calendar, CalendarOptions};
use kith_ipc::CalendarReportDto;

use crate::args::ImportArgs;
use crate::output::print_json;
use crate::Failure;

/// Largest calendar file read (it is read whole: a ten-year calendar with
/// long descriptions is tens of megabytes).
const MAX_CALENDAR_BYTES: u64 = 128 * 1024 * 1024;

/// Occurrences recorded per transaction.
const BATCH: usize = 2_000;

/// Whether an import of `args` reads a calendar: `--format ics`, or a file
/// that starts like one.
pub(crate) fn is_calendar(args: &ImportArgs) -> bool {
    match args.format.as_deref() {
        Some(format) => format == "ics",
        None => {
            let mut head = Vec::with_capacity(512);
            std::fs::File::open(&args.path)
                .and_then(|f| f.take(512).read_to_end(&mut head))
                .is_ok_and(|_| looks_like_calendar(&head))
        }
    }
}

/// `kith import FILE.ics --me ADDR…`.
pub(crate) fn import(
    store: &Store,
    args: &ImportArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let file = args.path.display().to_string();
    let mut me = store.my_addresses()?;
    me.extend(args.me.iter().map(|a| a.trim().to_lowercase()));
    if me.is_empty() {
        return Err(Failure::Usage(format!(
            "say which e-mail addresses are yours, so Kith knows who else was at each meeting: kith import {file} --me ADDR"
        )));
    }
    let size = std::fs::metadata(&args.path)
        .map_err(|e| Failure::Usage(format!("could not read {file}: {e}")))?
        .len();
    if size > MAX_CALENDAR_BYTES {
        return Err(Failure::Usage(format!(
            "{file} is larger than {} MB, more than a calendar export; nothing was imported",
            MAX_CALENDAR_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(&args.path)
        .map_err(|e| Failure::Usage(format!("could not read {file}: {e}")))?;
    let text = kith_exchange::text::decode(&bytes);
    let options = CalendarOptions { me: &me, zone, now };
    let read = read_calendar(&text, &options).ok_or_else(|| {
        Failure::Usage(format!(
            "{file} is not an iCalendar file (it holds no BEGIN:VCALENDAR … END:VCALENDAR)"
        ))
    })?;
    let dto = if args.dry_run {
        let preview = store.preview_meetings(&read.meetings)?;
        CalendarReportDto::previewed(file, &read, &preview)
    } else {
        // The addresses given are the user's from now on (as for mail).
        store.add_my_addresses(&args.me)?;
        let mut total = kith_core::store::MeetingsRecorded::default();
        for batch in read.meetings.chunks(BATCH) {
            total.add(store.record_meetings(batch, now)?);
        }
        CalendarReportDto::recorded(file, &read, total)
    };
    if json {
        print_json(&dto);
        return Ok(());
    }
    println!(
        "Read {} events from {} (iCalendar): {} past meetings with other people",
        dto.events, dto.file, dto.meetings
    );
    if dto.committed {
        println!(
            "Recorded: {} touches made, {} updated, {} taken away",
            dto.touches_made, dto.touches_changed, dto.touches_removed
        );
    } else {
        println!(
            "Would record touches with {} people in Kith (nothing written)",
            dto.people
        );
    }
    if !dto.skipped.is_empty() {
        println!("Not touches:");
        for s in &dto.skipped {
            println!("  {} {}", s.occurrences, s.label);
        }
    }
    if dto.unread_rules > 0 {
        println!(
            "Repeat rules that could not be read: {} (their first occurrence counted)",
            dto.unread_rules
        );
    }
    Ok(())
}
