//! How the command line prints: plain text for people, JSON with `--json`.
//! Every listing has a JSON form built from the same transfer types the
//! window uses.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::stage::Stage;
use kith_ipc::{
    BackupDto, BackupRestoredDto, BackupsDto, CheckDto, DaySettingsDto, DuplicateDto, FoldedDto,
    FollowUpDto, FunnelDto, ImportReportDto, IntroductionDto, LedgerDto, MergeDto, PeoplePageDto,
    PersonDto, PlanDto, PlannedFireDto, PromptDto, QueuePageDto, RestoredDto, SplitDto, StageDto,
    SuggestionDto, TouchDto, TrashEntryDto,
};
use serde::Serialize;

fn print_json<T: Serialize + ?Sized>(value: &T) {
    // Serialising these plain data types cannot fail.
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(error) => eprintln!("kith: could not write JSON: {error}"),
    }
}

/// An RFC 3339 instant in the user's local time, `YYYY-MM-DD HH:MM`.
fn local(instant: &str, zone: Tz) -> String {
    DateTime::parse_from_rfc3339(instant)
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| instant.to_owned())
}

fn work(company: Option<&str>, role: Option<&str>) -> String {
    match (role, company) {
        (Some(r), Some(c)) => format!("{r}, {c}"),
        (Some(x), None) | (None, Some(x)) => x.to_owned(),
        (None, None) => String::new(),
    }
}

pub fn people(page: &PeoplePageDto, json: bool, zone: Tz) {
    if json {
        return print_json(page);
    }
    for p in &page.people {
        let last = p
            .last_touch_at
            .as_deref()
            .map(|at| {
                format!(
                    "  last: {} {}",
                    p.last_touch_kind.as_deref().unwrap_or(""),
                    local(at, zone)
                )
            })
            .unwrap_or_default();
        println!(
            "#{:<6} {}  [{}, {}]  {}{}",
            p.id,
            p.display_name,
            label(&p.stage),
            p.health,
            work(p.company.as_deref(), p.role.as_deref()),
            last
        );
    }
    if page.total > page.people.len() as u64 {
        println!("({} of {} shown)", page.people.len(), page.total);
    }
}

pub fn person(p: &PersonDto, json: bool) {
    if json {
        return print_json(p);
    }
    println!("#{} {}", p.id, p.display_name);
    let work = work(p.company.as_deref(), p.role.as_deref());
    if !work.is_empty() {
        println!("  {work}");
    }
    for identity in &p.identities {
        match identity.id {
            Some(id) => println!("  {}: {}  [identity {id}]", identity.kind, identity.value),
            None => println!("  {}: {}", identity.kind, identity.value),
        }
    }
    if !p.tags.is_empty() {
        println!("  tags: {}", p.tags.join(", "));
    }
    if let Some(how) = &p.how_met {
        println!("  met: {how}");
    }
    if let Some(place) = &p.where_met {
        println!("  where: {place}");
    }
    if let Some(by) = &p.introduced_by {
        println!("  introduced by: {} (#{})", by.display_name, by.id);
    }
    if let Some(days) = p.cadence_days {
        println!("  keep in touch every {days} days");
    }
    for note in &p.notes {
        println!("  note {}: {}", note.id, note.body);
    }
}

pub fn touch(t: &TouchDto, json: bool, zone: Tz) {
    if json {
        return print_json(t);
    }
    println!("{}", touch_line(t, zone));
}

fn touch_line(t: &TouchDto, zone: Tz) -> String {
    let summary = t
        .summary
        .as_deref()
        .map(|s| format!("  {s}"))
        .unwrap_or_default();
    format!(
        "{}  {} via {} ({}){}",
        local(&t.at, zone),
        t.kind,
        t.channel,
        t.direction,
        summary
    )
}

pub fn follow_up(f: &FollowUpDto, json: bool, zone: Tz) {
    if json {
        return print_json(f);
    }
    println!("{}", follow_up_line(f, zone));
}

fn follow_up_line(f: &FollowUpDto, zone: Tz) -> String {
    let zone_note = f
        .due_zone
        .as_deref()
        .filter(|z| *z != zone.name())
        .map(|z| format!(" ({} {z})", f.due_local.replace('T', " ")))
        .unwrap_or_default();
    let repeat = f
        .repeat
        .as_deref()
        .map(|r| format!(" every {r}"))
        .unwrap_or_default();
    let status = if f.status == "open" {
        String::new()
    } else {
        format!(" [{}]", f.status)
    };
    format!(
        "#{:<5} {}{}{}  {}: {}{}",
        f.id,
        local(&f.due_at, zone),
        zone_note,
        repeat,
        f.person_name,
        f.what,
        status
    )
}

pub fn follow_ups(list: &[FollowUpDto], json: bool, zone: Tz, now: DateTime<Utc>) {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("Nothing is due.");
        return;
    }
    for f in list {
        let overdue = DateTime::parse_from_rfc3339(&f.due_at)
            .map(|t| t < now)
            .unwrap_or(false);
        let mark = if overdue { "overdue " } else { "" };
        println!("{mark}{}", follow_up_line(f, zone));
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ShowJson<'a> {
    person: &'a PersonDto,
    touches: &'a [TouchDto],
    follow_ups: &'a [FollowUpDto],
}

pub fn show(p: &PersonDto, touches: &[TouchDto], follow_ups: &[FollowUpDto], json: bool, zone: Tz) {
    if json {
        return print_json(&ShowJson {
            person: p,
            touches,
            follow_ups,
        });
    }
    person(p, false);
    if !follow_ups.is_empty() {
        println!("Follow-ups:");
        for f in follow_ups {
            println!("  {}", follow_up_line(f, zone));
        }
    }
    if touches.is_empty() {
        println!("No touches yet.");
    } else {
        println!("Timeline:");
        for t in touches {
            println!("  #{:<5} {}", t.id, touch_line(t, zone));
        }
    }
}

pub fn upcoming(list: &[PlannedFireDto], json: bool, zone: Tz) {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No reminders will fire in this window.");
        return;
    }
    for fire in list {
        let shows = match &fire.fires_at {
            Some(at) if *at == fire.due_at => String::new(),
            Some(at) => format!("  (shows {})", local(at, zone)),
            None => "  (will not pop up)".to_owned(),
        };
        let floating = if fire.floating { ", floating" } else { "" };
        let id = fire
            .follow_up_id
            .map_or_else(|| "keep".to_owned(), |id| format!("#{id}"));
        println!(
            "{:<6} {} {}{}  = {}  {}: {}{}",
            id,
            fire.local.replace('T', " "),
            fire.zone,
            floating,
            fire.due_at,
            fire.person_name,
            fire.what,
            shows
        );
    }
}

fn label(stage: &str) -> &'static str {
    Stage::parse(stage).map_or("unknown", Stage::label)
}

pub fn funnel(f: &FunnelDto, json: bool) {
    if json {
        return print_json(f);
    }
    let widest = f.by_stage.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    for c in &f.by_stage {
        let bar = "█".repeat(((c.count * 30).div_ceil(widest)) as usize);
        println!("{:<16} {:>6}  {bar}", label(&c.key), c.count);
    }
    let health: Vec<String> = f
        .by_health
        .iter()
        .map(|c| format!("{} {}", c.count, c.key))
        .collect();
    println!("{}", health.join(", "));
}

pub fn stage(s: &StageDto, json: bool, zone: Tz) {
    if json {
        return print_json(s);
    }
    println!("{}", label(&s.stage));
    if s.because.is_empty() {
        println!("  no touches yet");
    }
    for t in &s.because {
        println!("  because: {}", touch_line(t, zone));
    }
}

pub fn queue(page: &QueuePageDto, json: bool, zone: Tz) {
    if json {
        return print_json(page);
    }
    if page.entries.is_empty() {
        println!("Nobody is waiting for a personal reply.");
        return;
    }
    for entry in &page.entries {
        println!(
            "#{:<6} {}  {}  connected {}",
            entry.person_id,
            entry.display_name,
            work(entry.company.as_deref(), entry.role.as_deref()),
            local(&entry.connected_at, zone)
        );
        if let Some(draft) = entry.drafts.first() {
            println!("        {}", draft.text);
        }
    }
    if page.total > page.entries.len() as u64 {
        println!("({} of {} shown)", page.entries.len(), page.total);
    }
}

/// A created record: its JSON, or one line naming it.
pub fn created<T: Serialize>(what: &str, id: i64, dto: Option<&T>, json: bool) {
    match dto {
        Some(dto) if json => print_json(dto),
        _ => println!("Added {what} #{id}"),
    }
}

pub fn ledger(l: &LedgerDto, json: bool, zone: Tz) {
    if json {
        return print_json(l);
    }
    println!(
        "Given {}, received {} (balance {:+})",
        l.given, l.received, l.balance
    );
    for e in &l.entries {
        let what = if e.is_introduction {
            "introduction"
        } else {
            "help"
        };
        println!(
            "  {}  {:<8} {what}: {}",
            local(&e.at, zone),
            e.direction,
            e.text.as_deref().unwrap_or("")
        );
    }
}

pub fn prompts(list: &[PromptDto], json: bool) {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("Nothing to step up right now.");
    }
    for p in list {
        println!(
            "#{:<6} {:<24} {}  [{}]",
            p.person_id, p.person_name, p.because, p.rule
        );
    }
}

pub fn suggestions(list: &[SuggestionDto], json: bool) {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No introductions to suggest: add asks and offers to people first.");
    }
    for s in list {
        println!("#{} and #{}  {}", s.ask.person_id, s.offer.person_id, s.why);
    }
}

pub fn introductions(list: &[IntroductionDto], json: bool, zone: Tz) {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No introductions yet.");
    }
    for i in list {
        let outcome = i
            .outcome
            .as_deref()
            .map(|o| format!(" ({})", o.replace('_', " ")))
            .unwrap_or_default();
        println!(
            "#{:<5} {} and {}: {}{outcome}, proposed {}",
            i.id,
            i.a.display_name,
            i.b.display_name,
            i.status_label,
            local(&i.proposed_at, zone)
        );
        println!("       why: {}", i.why);
        match i.next.as_deref() {
            Some("close") => println!(
                "       next: kith intro step {} helped (or no-fit, unknown)",
                i.id
            ),
            Some(next) => println!("       next: kith intro step {} {next}", i.id),
            None => {}
        }
    }
}

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
