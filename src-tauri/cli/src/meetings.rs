//! Meetings: what reading a calendar file did, and the sheet to read
//! before a meeting (`kith prep`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::Store;
use kith_core::StoreError;
use kith_ipc::{CalendarReportDto, PrepDto};

use crate::output::{follow_up_line, local, print_json, touch_line};
use crate::Failure;

/// Prints what reading a calendar file did.
pub(crate) fn print_report(dto: &CalendarReportDto, json: bool) {
    if json {
        print_json(dto);
        return;
    }
    println!(
        "Read {} events from {} (iCalendar): {} past meetings with other people",
        dto.events, dto.file, dto.meetings
    );
    if dto.ahead > 0 {
        println!(
            "{} meetings in the next two days: Today's plan prepares you for them (`kith prep`)",
            dto.ahead
        );
    }
    crate::output::recorded(
        dto.committed,
        dto.people,
        format!(
            "{} touches made, {} updated, {} taken away",
            dto.touches_made, dto.touches_changed, dto.touches_removed
        ),
    );
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
}

/// `kith prep PERSON|EVENT`: an id or a person's name gives their next
/// meeting (or them alone); otherwise words of a meeting's title today or
/// ahead; otherwise anyone a search finds.
pub(crate) fn prep(
    store: &Store,
    target: &str,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let text = target.trim();
    let by_id = text.trim_start_matches('#').parse::<i64>().is_ok();
    let person = store.resolve_person(text);
    let named = match &person {
        Ok(id) => {
            by_id
                || store
                    .person(*id)?
                    .display_name
                    .to_lowercase()
                    .contains(&text.to_lowercase())
        }
        Err(_) => false,
    };
    let sheet = match (named, store.find_meeting(text, now, zone)?, person) {
        (true, _, Ok(id)) | (false, None, Ok(id)) => store.prep_for(id, now, zone)?,
        (_, Some(key), _) => store.prep_meeting(&key)?,
        (_, None, Err(StoreError::NoMatch(_))) => {
            return Err(Failure::Usage(format!(
                "nobody and no meeting today or in the next two days matches '{text}'"
            )))
        }
        (_, None, Err(e)) => return Err(e.into()),
    };
    let dto = PrepDto::from(sheet);
    if json {
        print_json(&dto);
        return Ok(());
    }
    match &dto.meeting {
        Some(m) => {
            let names: Vec<&str> = m.people.iter().map(|p| p.display_name.as_str()).collect();
            println!(
                "{} — {}, with {}",
                m.title.as_deref().unwrap_or("A meeting"),
                local(&m.at, zone),
                names.join(", ")
            );
        }
        None => println!("No meeting with them today or in the next two days."),
    }
    for one in &dto.people {
        let p = &one.person;
        println!();
        let work: Vec<&str> = [p.role.as_deref(), p.company.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if work.is_empty() {
            println!("#{} {}", p.id, p.display_name);
        } else {
            println!("#{} {} — {}", p.id, p.display_name, work.join(", "));
        }
        if let Some(how) = &p.how_met {
            println!("  met: {how}");
        }
        let topics: Vec<&str> = one.topics.iter().map(|t| t.text.as_str()).collect();
        if !topics.is_empty() {
            println!("  What matters to them: {}", topics.join("; "));
        }
        for ask in &one.asks {
            println!("  Asks: {}", ask.text);
        }
        for offer in &one.offers {
            println!("  Offers: {}", offer.text);
        }
        if !one.follow_ups.is_empty() {
            println!("  Open follow-ups:");
            for f in &one.follow_ups {
                println!("    {}", follow_up_line(f, zone));
            }
        }
        if one.touches.is_empty() {
            println!("  No touches yet.");
        } else {
            println!("  Last touches:");
            for t in &one.touches {
                println!("    {}", touch_line(t, zone));
            }
        }
        for note in p.notes.iter().take(3) {
            println!("  Note: {}", note.body.lines().next().unwrap_or_default());
        }
    }
    Ok(())
}
