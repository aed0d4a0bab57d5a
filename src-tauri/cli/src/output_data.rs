//! How the command line prints what changes data in bulk or takes care of
//! the file: imports, duplicates and merges, the trash, splits, today's
//! plan and its settings, backups and checks. Plain text, or JSON with
//! `--json`, from the same transfer types the window uses.

use chrono_tz::Tz;
use kith_ipc::{
    BackupDto, BackupRestoredDto, BackupsDto, CheckDto, DaySettingsDto, DuplicateDto, FoldedDto,
    ImportReportDto, MergeDto, PersonDto, PlanDto, RestoredDto, SplitDto, TrashEntryDto,
};

use crate::output::{local, print_json};

pub fn import(r: &ImportReportDto, json: bool) {
    if json {
        return print_json(r);
    }
    for file in &r.files {
        println!("Read {} ({})", file.name, file.label);
    }
    println!(
        "{} new, {} updated, {} unchanged, {} skipped; {} touches added",
        r.new,
        r.updated,
        r.unchanged,
        r.skipped.len(),
        r.touches_added
    );
    if r.links_added > 0 {
        println!(
            "{} links between people, as the cards named them",
            r.links_added
        );
    }
    if r.photos_added > 0 {
        println!(
            "{} {} from the cards",
            r.photos_added,
            if r.photos_added == 1 {
                "photo"
            } else {
                "photos"
            }
        );
    }
    if !r.skipped.is_empty() {
        println!("Skipped:");
        for s in &r.skipped {
            match &s.file {
                Some(file) => println!("  {file}, line {}: {}", s.line, s.reason),
                None => println!("  line {}: {}", s.line, s.reason),
            }
        }
    }
    if r.to_welcome + r.to_reconnect > 0 {
        println!(
            "{} new connections wait for a welcome; {} older ones are candidates to reconnect with in today's plan",
            r.to_welcome, r.to_reconnect
        );
    }
    match &r.home_country {
        Some(country) if r.national_placed > 0 => println!(
            "{} without a country code read as {country}'s; {} of them already someone's",
            phone_numbers(r.national_placed),
            r.national_matched
        ),
        None if r.national_unplaced > 0 => println!(
            "{} without a country code {} only as written: set the home country to read {} (kith settings --country CODE)",
            phone_numbers(r.national_unplaced),
            if r.national_unplaced == 1 { "matches" } else { "match" },
            if r.national_unplaced == 1 { "it" } else { "them" },
        ),
        _ => {}
    }
    if r.kept_apart > 0 {
        println!(
            "{} {} a phone or e-mail with someone of another name: kept apart, listed under Duplicates",
            r.kept_apart,
            if r.kept_apart == 1 { "row shares" } else { "rows share" }
        );
    }
    if !r.suggestions.is_empty() {
        println!("Look-alikes, kept apart (merge them if they are one person):");
        for s in &r.suggestions {
            println!(
                "  line {}: {} (#{}) and {} (#{}): {}",
                s.line,
                s.new.display_name,
                s.new.id,
                s.existing.display_name,
                s.existing.id,
                s.reason
            );
        }
    }
    if !r.committed {
        println!("Dry run: nothing was written.");
    }
}

pub fn duplicates(pairs: &[DuplicateDto], json: bool) {
    if json {
        return print_json(pairs);
    }
    if pairs.is_empty() {
        println!("No likely duplicates.");
    }
    for p in pairs {
        println!(
            "#{} {}  and  #{} {}: {}   (kith merge {} {})",
            p.a.id, p.a.display_name, p.b.id, p.b.display_name, p.reason, p.a.id, p.b.id
        );
    }
}

pub fn folded(records: &[FoldedDto], json: bool) {
    if json {
        return print_json(records);
    }
    if records.is_empty() {
        println!("No record took imported rows of other names.");
    }
    for f in records {
        println!(
            "#{} {} also took rows named {}   (kith split {} --name NAME --identity ID…)",
            f.person.id,
            f.person.display_name,
            f.other_names.join(", "),
            f.person.id
        );
    }
}

pub fn merge(m: &MergeDto, json: bool) {
    if json {
        return print_json(m);
    }
    println!(
        "Merged {} into {} (#{}). Undo with: kith merge --undo {}",
        m.removed_name, m.kept.display_name, m.kept.id, m.id
    );
}

pub fn merged_back(kept: &PersonDto, removed: &PersonDto, json: bool) {
    if json {
        return print_json(&[kept, removed]);
    }
    println!(
        "Undone: {} (#{}) and {} (#{}) are two people again.",
        kept.display_name, kept.id, removed.display_name, removed.id
    );
}

pub fn trashed(entry: &TrashEntryDto, json: bool, zone: Tz) {
    if json {
        return print_json(entry);
    }
    println!(
        "Moved {} (#{}) to the trash until {}; `kith trash restore {}` brings them back.",
        entry.display_name,
        entry.person_id,
        local(&entry.purge_at, zone),
        entry.id
    );
}

pub fn trash(entries: &[TrashEntryDto], json: bool, zone: Tz) {
    if json {
        return print_json(entries);
    }
    if entries.is_empty() {
        println!("The trash is empty.");
        return;
    }
    for entry in entries {
        println!(
            "{:<5} {}  deleted {}, removed for good {}",
            entry.id,
            entry.display_name,
            local(&entry.deleted_at, zone),
            local(&entry.purge_at, zone)
        );
    }
}

pub fn restored(restored: &RestoredDto, name: &str, json: bool) {
    if json {
        return print_json(restored);
    }
    println!("Restored {name} (#{}).", restored.person_id);
    if restored.lost > 0 {
        println!(
            "{} of their links could not come back: the people they named were deleted since.",
            restored.lost
        );
    }
}

pub fn split(split: &SplitDto, json: bool) {
    if json {
        return print_json(split);
    }
    println!(
        "Split {} (#{}) from {} (#{}); `kith split --undo {}` folds them back.",
        split.created.display_name,
        split.created.id,
        split.source.display_name,
        split.source.id,
        split.id
    );
}

pub fn split_undone(person: &PersonDto, json: bool) {
    if json {
        return print_json(person);
    }
    println!("Folded back into {} (#{}).", person.display_name, person.id);
}

pub fn plan(plan: &PlanDto, json: bool) {
    if json {
        return print_json(plan);
    }
    if plan.items.is_empty() {
        println!("Nobody to plan for today: add people or import your network.");
    } else {
        let done = plan.items.iter().filter(|i| i.done).count();
        println!(
            "Today's plan ({}): {done} of {} done",
            plan.day,
            plan.items.len()
        );
    }
    for (n, item) in plan.items.iter().enumerate() {
        let tick = if item.done { "[x]" } else { "[ ]" };
        println!(
            "{tick} {}. {} (#{}): {}",
            n + 1,
            item.name,
            item.person_id,
            item.why
        );
        println!(
            "       next: {}",
            item.next.lines().next().unwrap_or_default()
        );
    }
    println!(
        "Streak: {} {}. This week: {} of {} touches.",
        plan.streak,
        if plan.streak == 1 { "day" } else { "days" },
        plan.week_touches,
        plan.weekly_goal
    );
}

pub fn plan_settings(s: &DaySettingsDto, json: bool) {
    if json {
        return print_json(s);
    }
    println!("Today's plan: {} people a day", s.plan_size);
    match &s.plan_time {
        Some(time) => println!("Morning notification: {time}"),
        None => println!("Morning notification: off"),
    }
    println!(
        "Welcome queue: connections of the last {} days",
        s.welcome_days
    );
    match &s.quiet_hours {
        Some(window) => println!("Quiet hours: {window}"),
        None => println!("Quiet hours: off"),
    }
    match &s.backup_dir {
        Some(dir) => println!("Backups: {dir}"),
        None => println!("Backups: the backups folder beside the database"),
    }
    println!(
        "Follow-ups as calendar events too (sync): {}",
        if s.calendar_mirror { "on" } else { "off" }
    );
    println!(
        "Today's plan on the phone, as the task list \"Kith — today\" (sync): {}",
        if s.plan_on_phone { "on" } else { "off" }
    );
    let before = |days: u32| match days {
        0 => "on the day".to_owned(),
        1 => "1 day before".to_owned(),
        n => format!("{n} days before"),
    };
    println!(
        "Reminders of birthdays: {}; anniversaries: {}; other dates: {}",
        before(s.birthday_days_before),
        before(s.anniversary_days_before),
        before(s.date_days_before)
    );
    match (&s.home_country, s.calling_code) {
        (Some(country), Some(code)) => println!(
            "Home country: {country} (+{code}); {} of {} without a country code are read as its",
            s.national_placed,
            phone_numbers(s.national_numbers)
        ),
        _ => println!(
            "Home country: not set; {} without a country code match only as written (kith settings --country CODE)",
            phone_numbers(s.national_numbers)
        ),
    }
}

/// "1 phone number", "2 phone numbers".
fn phone_numbers(n: u64) -> String {
    format!("{n} phone number{}", if n == 1 { "" } else { "s" })
}

/// "1 person", "2 people".
pub fn people_count(n: u64) -> String {
    if n == 1 {
        "1 person".to_owned()
    } else {
        format!("{n} people")
    }
}

/// `12.3 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.0} kB", b as f64 / f64::from(1 << 10)),
        b => format!("{b} B"),
    }
}

pub fn backup_taken(b: &BackupDto, json: bool) {
    if json {
        return print_json(b);
    }
    println!("{}", b.path);
}

pub fn backups(list: &BackupsDto, json: bool, zone: Tz) {
    if json {
        return print_json(list);
    }
    if list.backups.is_empty() {
        println!("No backups yet in {}.", list.folder);
        return;
    }
    println!("Backups in {}:", list.folder);
    for b in &list.backups {
        let people = b.people.map_or_else(|| "?".to_owned(), |n| n.to_string());
        println!(
            "{:<32} {}  {:<15} {:>9}  {:>7} people  {}",
            b.id,
            local(&b.taken_at, zone),
            b.kind,
            size(b.size),
            people,
            if b.verified { "verified" } else { "DAMAGED" }
        );
    }
}

pub fn check(c: &CheckDto, json: bool) {
    if json {
        return print_json(c);
    }
    if c.healthy {
        println!("The database is healthy.");
    }
    // The unhealthy line goes to stderr with the exit status.
}

pub fn backup_restored(r: &BackupRestoredDto, json: bool) {
    if json {
        return print_json(r);
    }
    println!("Restored {} ({}).", r.from, people_count(r.people));
    if let Some(kept) = &r.kept {
        println!("The file it replaced is kept as {kept}.");
    }
    if let Some(safety) = &r.safety {
        println!("It was backed up first as {}.", safety.id);
    }
}
