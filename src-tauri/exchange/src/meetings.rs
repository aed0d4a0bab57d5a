//! Meetings from iCalendar files (Google Calendar, Outlook and Apple
//! Calendar exports): each past occurrence of each event, expanded by RFC
//! 5545's rules (`RRULE`, `RDATE`, `EXDATE`, and single occurrences moved or
//! cancelled through `RECURRENCE-ID`), read into [`MeetingDraft`]s.
//!
//! - An occurrence is a touch with each attendee (and the organizer) who is
//!   not the user, when it is not cancelled, the user did not decline it,
//!   and 1 to [`MAX_MEETING_PEOPLE`] others are on it (rooms, resources,
//!   non-participants and those who declined are not people on it).
//! - Video when it carries a conference link, in person when it has a
//!   place, else a meeting.
//! - Its key is the event's UID, and for an occurrence of a series the
//!   instant it was scheduled for, so the file read again, or a later
//!   export, says the same occurrence.
//! - Times: a `TZID` naming an IANA zone (also inside Mozilla's
//!   `/mozilla.org/…/Europe/Berlin`), a `VTIMEZONE`'s `X-LIC-LOCATION`, or a
//!   Windows zone name (Outlook's); UTC; else floating, read in the user's
//!   zone. Local times in a daylight-saving gap or fold follow RFC 5545, as
//!   Kith's own recurrences do. All-day events are not meetings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::domain::{
    MeetingDraft, MeetingParty, MeetingWay, MAX_MEETING_KEY_BYTES, MAX_MEETING_PEOPLE,
};
use kith_core::when::resolve_local;
use rrule::{RRule, RRuleSet, Unvalidated};

use crate::calendar::Component;
use crate::content::Line;

/// Most occurrences one series gives (a daily meeting for 30 years is
/// about 11,000).
const MAX_OCCURRENCES: u16 = 20_000;

/// Most occurrences one file gives in all (ten busy years are about
/// 50,000); series past it count their first occurrence only, so a
/// hostile file cannot make millions.
const MAX_FILE_OCCURRENCES: usize = 250_000;

/// How far past now occurrences are read as meetings ahead: they are not
/// touches yet, but Today's plan prepares the user for them (two days
/// cover "today" in every zone).
pub const AHEAD_DAYS: i64 = 2;

/// The longest a meeting is taken to last (a longer event's end is read as
/// this long after its start).
const MAX_LENGTH_HOURS: i64 = 24;

/// Why an occurrence is not a touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MeetingSkip {
    /// An all-day event (a holiday, a birthday, time away).
    AllDay,
    Cancelled,
    /// The user said no.
    Declined,
    /// No one else on it (time blocked for oneself).
    NoOneElse,
    /// More than [`MAX_MEETING_PEOPLE`] others.
    TooMany,
    /// No start, or a start that is not a date.
    Unreadable,
}

impl MeetingSkip {
    pub fn label(self) -> &'static str {
        match self {
            MeetingSkip::AllDay => "all-day events",
            MeetingSkip::Cancelled => "cancelled",
            MeetingSkip::Declined => "declined by you",
            MeetingSkip::NoOneElse => "with no one else",
            MeetingSkip::TooMany => "with more than 8 other people",
            MeetingSkip::Unreadable => "unreadable (no start)",
        }
    }
}

/// How a calendar is read.
pub struct CalendarOptions<'a> {
    /// The user's e-mail addresses.
    pub me: &'a [String],
    /// The zone floating times are read in.
    pub zone: Tz,
    /// Occurrences after this are ahead, not touches; those in the
    /// [`AHEAD_DAYS`] after it are read too.
    pub now: DateTime<Utc>,
}

/// What reading a calendar found.
#[derive(Debug, Default)]
pub struct CalendarRead {
    /// Events (series counted once).
    pub events: usize,
    /// Every past occurrence and every one in the next [`AHEAD_DAYS`],
    /// whether it counts or not (one that does not takes away a touch it
    /// gave before).
    pub meetings: Vec<MeetingDraft>,
    /// Occurrences that are not touches, by reason.
    pub skipped: BTreeMap<MeetingSkip, u64>,
    /// Series whose rule could not be read, repeats more often than
    /// hourly, or comes after the file's first 250,000 occurrences (their
    /// first occurrence counts).
    pub unread_rules: u64,
}

/// Whether `head` (a file's first bytes) starts like an iCalendar file.
pub fn looks_like_calendar(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCALENDAR")
}

/// Reads the past occurrences of every event in `text`, and those of the
/// next [`AHEAD_DAYS`].
pub fn read_calendar(text: &str, options: &CalendarOptions<'_>) -> Option<CalendarRead> {
    let calendar = Component::parse(text)?;
    if calendar.name != "VCALENDAR" {
        return None;
    }
    let zones = Zones::of(&calendar, options.zone);
    let me: BTreeSet<String> = options.me.iter().map(|a| a.trim().to_lowercase()).collect();
    // Each UID's series (the event without RECURRENCE-ID) and its
    // occurrences given on their own, by the instant they replace.
    let mut series: BTreeMap<String, Series<'_>> = BTreeMap::new();
    for event in calendar.children.iter().filter(|c| c.name == "VEVENT") {
        let uid = event
            .text("UID")
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| hashed(&event.to_text()));
        let entry = series.entry(uid).or_default();
        match event.props.first("RECURRENCE-ID") {
            Some(line) => match zones.instant(line) {
                Some(Start::At(at)) => {
                    entry.moved.insert(at, event);
                }
                _ => entry.unreadable += 1,
            },
            None => entry.master = Some(event),
        }
    }
    let mut read = CalendarRead {
        events: series.len(),
        ..CalendarRead::default()
    };
    let horizon = options.now + chrono::Duration::days(AHEAD_DAYS);
    let reader = Reader {
        zones: &zones,
        me: &me,
        horizon,
    };
    for (uid, mut one) in series {
        if one.unreadable > 0 {
            *read.skipped.entry(MeetingSkip::Unreadable).or_default() += one.unreadable;
        }
        let mut occurrences: Vec<(String, &Component, DateTime<Utc>)> = Vec::new();
        if let Some(master) = one.master {
            match master.props.first("DTSTART").and_then(|l| zones.instant(l)) {
                None => {
                    *read.skipped.entry(MeetingSkip::Unreadable).or_default() += 1;
                }
                Some(Start::AllDay) => {
                    *read.skipped.entry(MeetingSkip::AllDay).or_default() += 1;
                }
                Some(Start::At(start)) => {
                    let recurring = master.props.first("RRULE").is_some()
                        || master.props.first("RDATE").is_some();
                    let room = read.meetings.len() + occurrences.len() < MAX_FILE_OCCURRENCES;
                    let instants = if recurring && room {
                        match reader.expand(master) {
                            Some(instants) => instants,
                            None => {
                                read.unread_rules += 1;
                                vec![start]
                            }
                        }
                    } else {
                        read.unread_rules += u64::from(recurring);
                        vec![start]
                    };
                    for at in instants.into_iter().filter(|at| *at <= horizon) {
                        let key = if recurring {
                            occurrence_key(&uid, at)
                        } else {
                            uid.clone()
                        };
                        match one.moved.remove(&at) {
                            Some(event) => occurrences.push((key, event, at)),
                            None => occurrences.push((key, master, at)),
                        }
                    }
                }
            }
        }
        // Occurrences given on their own that the series does not (moved
        // from beyond now, or exported without their series).
        for (at, event) in one.moved {
            occurrences.push((occurrence_key(&uid, at), event, at));
        }
        for (key, event, scheduled) in occurrences {
            match reader.meeting(key, event, scheduled) {
                Ok(Some((meeting, skip))) => {
                    if let Some(skip) = skip {
                        *read.skipped.entry(skip).or_default() += 1;
                    }
                    read.meetings.push(meeting);
                }
                Ok(None) => {}
                Err(skip) => *read.skipped.entry(skip).or_default() += 1,
            }
        }
    }
    Some(read)
}

#[derive(Default)]
struct Series<'a> {
    master: Option<&'a Component>,
    moved: BTreeMap<DateTime<Utc>, &'a Component>,
    unreadable: u64,
}

struct Reader<'a> {
    zones: &'a Zones,
    me: &'a BTreeSet<String>,
    /// Occurrences after this are not read.
    horizon: DateTime<Utc>,
}

impl Reader<'_> {
    /// The series' instants up to the horizon, or `None` when its rule cannot be
    /// read.
    fn expand(&self, master: &Component) -> Option<Vec<DateTime<Utc>>> {
        let start_line = master.props.first("DTSTART")?;
        let (local, zone) = self.zones.local(start_line)?;
        let zone = rrule::Tz::Tz(zone);
        let start = zone.from_local_datetime(&local).earliest()?;
        let mut set = RRuleSet::new(start);
        for line in master.props.lines.iter().filter(|l| l.name == "RRULE") {
            // A series more often than hourly is not a meeting.
            let rule_text = line.value.trim().to_ascii_uppercase();
            if rule_text.contains("FREQ=SECONDLY") || rule_text.contains("FREQ=MINUTELY") {
                return None;
            }
            let rule: RRule<Unvalidated> = line.value.trim().parse().ok()?;
            set = set.rrule(rule.validate(start).ok()?);
        }
        for line in master.props.lines.iter().filter(|l| l.name == "RDATE") {
            for at in self.zones.instants(line) {
                set = set.rdate(at.with_timezone(&zone));
            }
        }
        for line in master.props.lines.iter().filter(|l| l.name == "EXDATE") {
            for at in self.zones.instants(line) {
                set = set.exdate(at.with_timezone(&zone));
            }
        }
        let result = set
            .before(self.horizon.with_timezone(&zone))
            .all(MAX_OCCURRENCES);
        Some(
            result
                .dates
                .into_iter()
                .map(|d| d.with_timezone(&Utc))
                .collect(),
        )
    }

    /// The occurrence `key` of `event`, scheduled for `scheduled`: the
    /// draft (and why it does not count, if it does not), nothing when it
    /// is ahead, or why it cannot be read.
    fn meeting(
        &self,
        key: String,
        event: &Component,
        scheduled: DateTime<Utc>,
    ) -> Result<Option<Occurrence>, MeetingSkip> {
        // A moved occurrence happens at its own start.
        let at = match event.props.first("RECURRENCE-ID") {
            Some(_) => match event
                .props
                .first("DTSTART")
                .and_then(|l| self.zones.instant(l))
            {
                Some(Start::At(at)) => at,
                Some(Start::AllDay) => return Err(MeetingSkip::AllDay),
                None => scheduled,
            },
            None => scheduled,
        };
        if at > self.horizon {
            return Ok(None);
        }
        let cancelled = event
            .text("STATUS")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"));
        let mut declined = false;
        let mut people: BTreeMap<String, MeetingParty> = BTreeMap::new();
        for line in event
            .props
            .lines
            .iter()
            .filter(|l| l.name == "ATTENDEE" || l.name == "ORGANIZER")
        {
            let Some(address) = mailto(line) else {
                continue;
            };
            let said_no = line
                .param("PARTSTAT")
                .is_some_and(|p| p.eq_ignore_ascii_case("DECLINED"));
            if self.me.contains(&address) {
                declined |= line.name == "ATTENDEE" && said_no;
                continue;
            }
            let not_a_person = line.param("CUTYPE").is_some_and(|c| {
                ["ROOM", "RESOURCE", "GROUP"]
                    .iter()
                    .any(|t| c.eq_ignore_ascii_case(t))
            }) || line
                .param("ROLE")
                .is_some_and(|r| r.eq_ignore_ascii_case("NON-PARTICIPANT"))
                || calendar_address(&address);
            if not_a_person || said_no {
                continue;
            }
            if let Some(party) = MeetingParty::new(&address, line.param("CN").as_deref()) {
                people.entry(party.address.clone()).or_insert(party);
            }
        }
        let skip = if cancelled {
            Some(MeetingSkip::Cancelled)
        } else if declined {
            Some(MeetingSkip::Declined)
        } else if people.is_empty() {
            Some(MeetingSkip::NoOneElse)
        } else if people.len() > MAX_MEETING_PEOPLE {
            Some(MeetingSkip::TooMany)
        } else {
            None
        };
        let draft = MeetingDraft {
            key: bounded_key(key),
            at,
            ends: at + self.length(event),
            way: way_of(event),
            title: event
                .text("SUMMARY")
                .and_then(|s| MeetingDraft::clean_title(&s)),
            people: people.into_values().collect(),
            counts: skip.is_none(),
        };
        Ok(Some((draft, skip)))
    }
}

impl Reader<'_> {
    /// How long `event` lasts: to its `DTEND`, or for its `DURATION`, or
    /// not at all (RFC 5545 §3.6.1), at most [`MAX_LENGTH_HOURS`].
    fn length(&self, event: &Component) -> chrono::Duration {
        let start = event
            .props
            .first("DTSTART")
            .and_then(|l| self.zones.instant(l));
        let end = event
            .props
            .first("DTEND")
            .and_then(|l| self.zones.instant(l));
        let length = match (start, end) {
            (Some(Start::At(start)), Some(Start::At(end))) => end - start,
            _ => event
                .text("DURATION")
                .and_then(|d| duration(&d))
                .unwrap_or_default(),
        };
        length.clamp(
            chrono::Duration::zero(),
            chrono::Duration::hours(MAX_LENGTH_HOURS),
        )
    }
}

/// An iCalendar `DURATION` (`PT1H30M`, `P1D`, `P2W`, `-PT5M`), or `None`
/// when it is not one.
fn duration(text: &str) -> Option<chrono::Duration> {
    let text = text.trim().to_ascii_uppercase();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(&text)),
    };
    let rest = rest.strip_prefix('P')?;
    let mut seconds: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            '0'..='9' if number.len() < 9 => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' if !number.is_empty() => {
                let unit = match (c, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                seconds += number.parse::<i64>().ok()? * unit;
                number.clear();
                any = true;
            }
            _ => return None,
        }
    }
    (any && number.is_empty()).then(|| chrono::Duration::seconds(sign * seconds))
}

/// One occurrence as read, and why it is not a touch when it is not.
type Occurrence = (MeetingDraft, Option<MeetingSkip>);

/// The key of one occurrence of a series.
fn occurrence_key(uid: &str, at: DateTime<Utc>) -> String {
    format!("{uid}/{}", at.format("%Y%m%dT%H%M%SZ"))
}

fn bounded_key(key: String) -> String {
    if key.len() <= MAX_MEETING_KEY_BYTES {
        key
    } else {
        hashed(&key)
    }
}

fn hashed(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("kith-{hex}")
}

/// The address of an `ATTENDEE` or `ORGANIZER` (`mailto:` in any case, or
/// an `EMAIL` parameter when the value is not one).
fn mailto(line: &Line) -> Option<String> {
    let value = line.text_value();
    let value = value.trim();
    let address = match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => value[7..].trim().to_owned(),
        _ => line.param("EMAIL")?,
    };
    address.contains('@').then(|| address.to_lowercase())
}

/// The addresses calendars give themselves, rooms and groups (Google's
/// `…@group.calendar.google.com`, `…@resource.calendar.google.com`).
fn calendar_address(address: &str) -> bool {
    address.ends_with(".calendar.google.com") || address.ends_with("@calendar.google.com")
}

/// The hosts of the conference services whose links make a meeting a
/// video call.
const CONFERENCE_HOSTS: [&str; 8] = [
    "meet.google.com/",
    "zoom.us/",
    "zoomgov.com/",
    "teams.microsoft.com/",
    "teams.live.com/",
    "meet.jit.si/",
    "jitsi",
    "webex.com/",
];

fn way_of(event: &Component) -> MeetingWay {
    let linked = event.props.lines.iter().any(|line| {
        matches!(
            line.name.as_str(),
            "LOCATION"
                | "DESCRIPTION"
                | "URL"
                | "CONFERENCE"
                | "X-GOOGLE-CONFERENCE"
                | "X-MICROSOFT-SKYPETEAMSMEETINGURL"
                | "X-MICROSOFT-ONLINEMEETINGCONFLINK"
        ) && {
            let text = line.text_value().to_lowercase();
            CONFERENCE_HOSTS.iter().any(|host| text.contains(host))
        }
    });
    if linked {
        return MeetingWay::Video;
    }
    let place = event.text("LOCATION").unwrap_or_default();
    let place = place.trim();
    if !place.is_empty() && !place.contains("://") {
        MeetingWay::InPerson
    } else {
        MeetingWay::Unsaid
    }
}

/// When an event starts.
enum Start {
    AllDay,
    At(DateTime<Utc>),
}

/// The zones a calendar's times name.
struct Zones {
    /// `VTIMEZONE` ids the file maps to IANA zones (`X-LIC-LOCATION`).
    named: BTreeMap<String, Tz>,
    floating: Tz,
}

impl Zones {
    fn of(calendar: &Component, floating: Tz) -> Zones {
        let mut named = BTreeMap::new();
        for zone in calendar.children.iter().filter(|c| c.name == "VTIMEZONE") {
            let (Some(id), Some(location)) = (zone.text("TZID"), zone.text("X-LIC-LOCATION"))
            else {
                continue;
            };
            if let Some(tz) = iana(&location) {
                named.insert(id.trim().to_owned(), tz);
            }
        }
        Zones { named, floating }
    }

    /// The zone a `TZID` names.
    fn zone(&self, id: &str) -> Tz {
        let id = id.trim().trim_matches('"');
        self.named
            .get(id)
            .copied()
            .or_else(|| iana(id))
            .or_else(|| kith_core::clock::windows_zone(id))
            .unwrap_or(self.floating)
    }

    /// A date-time line's local time and zone (`None` for a date).
    fn local(&self, line: &Line) -> Option<(NaiveDateTime, Tz)> {
        let value = line.value.trim();
        let value = value.split(',').next()?.trim();
        if let Some(utc) = value.strip_suffix(['Z', 'z']) {
            let local = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
            return Some((local, Tz::UTC));
        }
        let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
        let zone = line
            .param("TZID")
            .map_or(self.floating, |id| self.zone(&id));
        Some((local, zone))
    }

    /// When a `DTSTART` or `RECURRENCE-ID` says.
    fn instant(&self, line: &Line) -> Option<Start> {
        let value = line.value.trim();
        let is_date = line
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
            || (value.len() == 8 && value.chars().all(|c| c.is_ascii_digit()));
        if is_date {
            return NaiveDate::parse_from_str(value, "%Y%m%d")
                .ok()
                .map(|_| Start::AllDay);
        }
        let (local, zone) = self.local(line)?;
        Some(Start::At(resolve_local(local, zone)))
    }

    /// Every instant an `EXDATE` or `RDATE` lists (dates and periods are
    /// left out).
    fn instants(&self, line: &Line) -> Vec<DateTime<Utc>> {
        let zone = line
            .param("TZID")
            .map_or(self.floating, |id| self.zone(&id));
        line.value
            .split(',')
            .filter_map(|value| {
                let value = value.trim();
                if let Some(utc) = value.strip_suffix(['Z', 'z']) {
                    let local = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
                    return Some(Utc.from_utc_datetime(&local));
                }
                let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
                Some(resolve_local(local, zone))
            })
            .collect()
    }
}

/// An IANA zone, also at the end of a longer id
/// (`/mozilla.org/20050126_1/Europe/Berlin`).
fn iana(id: &str) -> Option<Tz> {
    let id = id.trim().trim_matches('/');
    if let Ok(tz) = id.parse::<Tz>() {
        return Some(tz);
    }
    let parts: Vec<&str> = id.split('/').collect();
    (1..parts.len()).find_map(|from| parts[from..].join("/").parse::<Tz>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids_from_every_maker_resolve() {
        assert_eq!(iana("Europe/Berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(
            iana("/mozilla.org/20050126_1/America/New_York"),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(
            kith_core::clock::windows_zone("W. Europe Standard Time"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(iana("Not A Zone"), None);
    }
}
