//! How the command line prints: plain text for people, JSON with `--json`.
//! Every listing has a JSON form built from the same transfer types the
//! window uses.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::stage::Stage;
use kith_ipc::{
    FollowUpDto, FunnelDto, IntroductionDto, LedgerDto, NeedDto, PeoplePageDto, PersonDto,
    PlannedFireDto, PromptDto, QueuePageDto, StageDto, SuggestionDto, TouchDto,
};
use serde::Serialize;

pub use crate::output_data::*;

pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) {
    // Serialising these plain data types cannot fail.
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(error) => eprintln!("kith: could not write JSON: {error}"),
    }
}

/// What an import of touches did (`what`), or would do with `people` when
/// it was a dry run.
pub(crate) fn recorded(committed: bool, people: impl std::fmt::Display, what: String) {
    if committed {
        println!("Recorded: {what}");
    } else {
        println!("Would record touches with {people} people in Kith (nothing written)");
    }
}

/// An RFC 3339 instant in the user's local time, `YYYY-MM-DD HH:MM`.
pub(crate) fn local(instant: &str, zone: Tz) -> String {
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
        let more = if page.total_is_exact { "" } else { "+" };
        println!("({} of {}{more} shown)", page.people.len(), page.total);
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
    if p.deceased {
        println!("  deceased: no reminders, never suggested");
    }
    if let Some(day) = p.birthday.as_deref() {
        println!("  birthday: {}", yearly_date(day));
    }
    if let Some(day) = p.anniversary.as_deref() {
        println!("  anniversary: {}", yearly_date(day));
    }
    for date in &p.dates {
        let every = if date.yearly { ", every year" } else { "" };
        println!(
            "  date {}: {} on {}{every}",
            date.id,
            date.what,
            yearly_date(&date.on)
        );
    }
    for note in &p.notes {
        let card = if note.on_card {
            " (on the contact card)"
        } else {
            ""
        };
        println!("  note {}{card}: {}", note.id, note.body);
    }
}

/// "14 May 1984", or "14 May" without a year; a value Kith cannot read
/// as it is.
fn yearly_date(text: &str) -> String {
    match kith_core::import::Birthday::parse(text) {
        Some(d) => {
            let month = chrono::Month::try_from(d.month as u8)
                .map_or("?", |m| &m.name()[..3])
                .to_owned();
            match d.year {
                Some(y) => format!("{} {month} {y}", d.day),
                None => format!("{} {month}", d.day),
            }
        }
        None => text.to_owned(),
    }
}

pub fn touch(t: &TouchDto, json: bool, zone: Tz) {
    if json {
        return print_json(t);
    }
    println!("{}", touch_line(t, zone));
}

pub(crate) fn touch_line(t: &TouchDto, zone: Tz) -> String {
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

pub(crate) fn follow_up_line(f: &FollowUpDto, zone: Tz) -> String {
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
    /// Open asks and offers.
    needs: &'a [NeedDto],
}

/// A person's page: who they are, follow-ups, asks and offers, timeline.
pub struct Shown<'a> {
    pub person: &'a PersonDto,
    pub touches: &'a [TouchDto],
    pub follow_ups: &'a [FollowUpDto],
    pub needs: &'a [NeedDto],
}

pub fn show(shown: &Shown<'_>, json: bool, zone: Tz) {
    let Shown {
        person: p,
        touches,
        follow_ups,
        needs,
    } = *shown;
    if json {
        return print_json(&ShowJson {
            person: p,
            touches,
            follow_ups,
            needs,
        });
    }
    person(p, false);
    if !follow_ups.is_empty() {
        println!("Follow-ups:");
        for f in follow_ups {
            println!("  {}", follow_up_line(f, zone));
        }
    }
    if !needs.is_empty() {
        println!("Asks and offers:");
        for n in needs {
            let tags = match n.tags.as_slice() {
                [] => String::new(),
                tags => format!(" #{}", tags.join(" #")),
            };
            println!("  #{:<5} {} “{}”{tags}", n.id, n.side, n.text);
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
        let id = match (fire.follow_up_id, fire.subject.as_str()) {
            (Some(id), _) => format!("#{id}"),
            (None, "keep-in-touch") => "keep".to_owned(),
            (None, kind) => kind.to_owned(),
        };
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

/// A person's links: who each other person is to them.
pub fn links(name: &str, links: &[kith_ipc::LinkDto], json: bool) {
    if json {
        return print_json(&links);
    }
    if links.is_empty() {
        println!("{name} has no links yet (kith link \"{name}\" OTHER --as KIND).");
        return;
    }
    println!("{name}:");
    for l in links {
        let since = l
            .since
            .as_deref()
            .map(|s| format!(", since {s}"))
            .unwrap_or_default();
        let note = l
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        println!(
            "  {} (#{}): {}{since}{note}",
            l.other.display_name, l.other.id, l.name
        );
    }
}

/// Who can introduce you, strongest first.
pub fn warm_path(path: &kith_ipc::WarmPathDto, json: bool) {
    if json {
        return print_json(path);
    }
    if path.targets == 0 {
        match path.to.as_str() {
            "ask" => println!(
                "No open offer matches {} yet (kith offer PERSON TEXT).",
                path.target
            ),
            _ => println!("No one at {} is in Kith yet.", path.target),
        }
        return;
    }
    if let Some(known) = &path.known {
        println!("{}: you and they are {known}.", path.target);
    }
    if path.routes.is_empty() {
        println!(
            "No one you know is linked to {} yet (kith link PERSON OTHER --as KIND).",
            path.target
        );
        return;
    }
    match path.to.as_str() {
        "ask" => println!("Who can help with {}:", path.target),
        _ => println!("Who can introduce you to {}:", path.target),
    }
    for (i, r) in path.routes.iter().enumerate() {
        let chain: Vec<&str> = r.people.iter().map(|p| p.display_name.as_str()).collect();
        println!("{:>3}. {}", i + 1, r.reason);
        println!("     #{}, strength {} of 100", r.via.id, r.score);
        if chain.len() > 2 {
            println!("     {}", chain.join(" → "));
        }
    }
}

/// What people are to you.
pub fn my_ties(ties: &[kith_ipc::MyTieDto], json: bool) {
    if json {
        return print_json(&ties);
    }
    if ties.is_empty() {
        println!("No one is linked to you yet (kith link ADA me --as sibling).");
        return;
    }
    println!("You:");
    for t in ties {
        let since = t
            .since
            .as_deref()
            .map(|s| format!(", since {s}"))
            .unwrap_or_default();
        let note = t
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        println!(
            "  {} (#{}): your {}{since}{note}",
            t.person.display_name, t.person.id, t.what
        );
    }
}
