//! Conversations from WhatsApp chat exports ("Export chat", without or with
//! media: the `.txt`, or the `.zip` holding it, media left unread), read
//! into the touches they give: one per chat, person and day, its direction
//! from who wrote. Message text is never kept.
//!
//! The layouts differ by phone and language:
//! - Android: `31/12/2020, 23:59 - Maya Lund: text` (and `12/31/20, 11:59 PM
//!   - …`, `31.12.20, 23:59 - …`, `31/12/20, 11:59 p. m. - …`);
//! - iOS: `[31/12/2020, 23:59:59] Maya Lund: text`, often after a U+200E
//!   mark, with system lines written as the chat's own name (each starting
//!   with U+200E).
//!
//! Day and month order is read from the whole file (a first field above 12
//! is a day, a second above 12 is a day), else guessed from the clock (a
//! 12-hour clock with slashes is month first, as in the US). Twelve-hour
//! clocks (`AM`, `a. m.`, with any space), two- and four-digit years,
//! invisible direction marks, system lines and messages running over
//! several lines are read. Times carry no zone: they are read in the zone
//! given (the user's at import).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use kith_core::domain::{ChatTouch, Direction, MAX_CHAT_MEMBERS};
use kith_core::when::resolve_local;

use crate::{open_checked, read_error, ExchangeError, MAX_FILE_BYTES};

/// Marks WhatsApp puts before lines and names (left-to-right, right-to-left
/// and the embedding marks).
const MARKS: [char; 7] = [
    '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{feff}',
];

/// One line that starts a message (or a system line).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head<'a> {
    /// The message's first line, after the author.
    said: &'a str,
    /// The date's three numbers as written.
    date: [u32; 3],
    time: NaiveTime,
    /// The author, or `None` for a system line.
    author: Option<String>,
    /// The message starts with a direction mark (iOS writes its system
    /// lines and media notes so).
    marked: bool,
    /// The time was on a 12-hour clock.
    twelve_hour: bool,
}

/// What reading a chat export found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChatRead {
    /// `whatsapp` or `telegram`.
    pub source: String,
    /// The chat's name (from the file's name).
    pub chat: String,
    pub messages: u64,
    /// The touches it gives.
    pub touches: Vec<ChatTouch>,
    /// More than [`MAX_CHAT_MEMBERS`] others wrote: a large group, no
    /// touches.
    pub too_large: bool,
    /// Day and month order could not be told from the file and was guessed.
    pub order_guessed: bool,
}

/// Why a chat could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatError {
    /// No line of it is a WhatsApp message.
    NotAChat,
    /// The user is not named, or not among the authors (who are listed).
    WhoAreYou(Vec<String>),
}

/// Whether `head` (a file's first bytes) starts like a WhatsApp chat.
pub fn looks_like_whatsapp(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .any(|l| head_of(l).is_some())
}

/// The chat's name from an export's file name: "WhatsApp Chat with Maya
/// Lund.txt", "WhatsApp Chat - Maya Lund.zip", else the name itself.
pub fn chat_name(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .trim();
    for prefix in [
        "WhatsApp Chat with ",
        "WhatsApp Chat - ",
        "WhatsApp-Chat mit ",
        "Chat de WhatsApp con ",
    ] {
        if let Some(rest) = stem.strip_prefix(prefix) {
            return rest.trim().to_owned();
        }
    }
    stem.to_owned()
}

/// The text of a chat export — a `.txt`, or the `.zip` WhatsApp makes
/// with media (whose `.txt` is read, the media not) — and the chat's name;
/// `None` when the file is neither.
pub fn chat_text(path: &Path) -> Result<Option<(String, String)>, ExchangeError> {
    if path.is_dir() {
        return Ok(None);
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let read_error = &read_error(path);
    let file = open_checked(path)?;
    let mut head = Vec::new();
    (&file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let bytes = if head.starts_with(b"PK\x03\x04") {
        let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
            return Ok(None);
        };
        let found = (0..archive.len()).find(|&i| {
            archive.name_for_index(i).is_some_and(|name| {
                let base = name.rsplit('/').next().unwrap_or(name);
                base.to_ascii_lowercase().ends_with(".txt")
            })
        });
        let Some(index) = found else {
            return Ok(None);
        };
        let mut entry = archive
            .by_index(index)
            .map_err(|e| ExchangeError::Malformed {
                file: path.display().to_string(),
                message: format!("cannot read the chat in the archive ({e})"),
            })?;
        let mut bytes = Vec::new();
        // A zip bomb stops at the same limit as a file.
        (&mut entry)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ExchangeError::TooLarge {
                path: path.to_owned(),
            });
        }
        bytes
    } else if looks_like_whatsapp(&head) {
        std::fs::read(path).map_err(read_error)?
    } else {
        return Ok(None);
    };
    if !looks_like_whatsapp(&bytes[..bytes.len().min(4096)]) {
        return Ok(None);
    }
    Ok(Some((crate::text::decode(&bytes), chat_name(&file_name))))
}

/// Reads a chat export's text: who wrote on which day, as touches with
/// each other author. `me` is the user's name as the export writes it.
pub fn read_whatsapp(
    text: &str,
    chat: &str,
    me: Option<&str>,
    zone: Tz,
) -> Result<ChatRead, ChatError> {
    read_whatsapp_with(text, chat, me, zone, false)
}

/// [`read_whatsapp`], keeping each day's first line as its touch's summary
/// when `first_lines` is set (the only message text Kith ever keeps).
pub fn read_whatsapp_with(
    text: &str,
    chat: &str,
    me: Option<&str>,
    zone: Tz,
    first_lines: bool,
) -> Result<ChatRead, ChatError> {
    let heads: Vec<Head> = text.lines().filter_map(head_of).collect();
    if heads.is_empty() {
        return Err(ChatError::NotAChat);
    }
    let (order, guessed) = date_order(&heads);
    // An author all of whose lines are marked is the chat writing about
    // itself (iOS's system lines), not a person.
    let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for head in &heads {
        if let Some(author) = &head.author {
            let entry = counts.entry(author.as_str()).or_default();
            entry.0 += 1;
            entry.1 += u64::from(head.marked);
        }
    }
    let people: BTreeSet<&str> = counts
        .iter()
        .filter(|(_, (all, marked))| all > marked)
        .map(|(author, _)| *author)
        .collect();
    let me_name = me
        .and_then(|me| {
            people
                .iter()
                .find(|a| a.trim().eq_ignore_ascii_case(me.trim()))
                .copied()
        })
        .ok_or_else(|| ChatError::WhoAreYou(people.iter().map(|a| a.to_string()).collect()))?;
    let others: BTreeSet<String> = people
        .iter()
        .filter(|a| **a != me_name)
        .map(|a| a.to_string())
        .collect();
    let messages: Vec<Message> = heads
        .iter()
        .filter_map(|head| {
            let author = head.author.as_deref().filter(|a| people.contains(a))?;
            let date = order.date(head.date)?;
            Some(Message {
                author: author.to_owned(),
                day: date,
                at: resolve_local(NaiveDateTime::new(date, head.time), zone),
                text: first_lines.then(|| first_line(head.said)).flatten(),
            })
        })
        .collect();
    let mut read = reduce("whatsapp", chat, me_name, others, &messages);
    read.order_guessed = guessed;
    Ok(read)
}

/// One message of a chat as touches need it: who, the local day, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub author: String,
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
    /// Its first line, when the import keeps first lines and it has words
    /// (not a media note).
    pub text: Option<String>,
}

/// Longest first line kept as a summary.
const FIRST_LINE_CHARS: usize = 120;

/// A message's first line as a summary: one line, no control characters,
/// bounded; `None` for a media note ("<Media omitted>", "<attached: …>",
/// iOS's marked "image omitted"), a deleted message, or nothing.
pub(crate) fn first_line(said: &str) -> Option<String> {
    let line = said.lines().next().unwrap_or_default();
    if line.starts_with(MARKS) {
        return None;
    }
    let line: String = line
        .chars()
        .filter(|c| !c.is_control() && !MARKS.contains(c))
        .collect();
    let line = line.trim();
    let media = line.starts_with('<') && line.ends_with('>');
    let deleted = matches!(
        line,
        "This message was deleted" | "You deleted this message"
    );
    if line.is_empty() || media || deleted {
        return None;
    }
    let mut kept: String = line.chars().take(FIRST_LINE_CHARS).collect();
    if line.chars().count() > FIRST_LINE_CHARS {
        kept.push('…');
    }
    Some(kept)
}

/// A chat's messages as touches with each of `others` (the authors other
/// than `me`): one a day, its direction from who wrote; a group only on
/// the days the user wrote, and not at all with more than
/// [`MAX_CHAT_MEMBERS`] others.
pub(crate) fn reduce(
    source: &str,
    chat: &str,
    me: &str,
    others: BTreeSet<String>,
    messages: &[Message],
) -> ChatRead {
    let mut read = ChatRead {
        source: source.to_owned(),
        chat: chat.to_owned(),
        too_large: others.len() > MAX_CHAT_MEMBERS,
        ..ChatRead::default()
    };
    // Each day: when the user last wrote, and each other author.
    let mut days: BTreeMap<NaiveDate, Day<'_>> = BTreeMap::new();
    // Each day's first line from the user, and from each other author.
    let mut firsts: BTreeMap<(NaiveDate, &str), (DateTime<Utc>, &str)> = BTreeMap::new();
    for message in messages {
        let author = message.author.as_str();
        if author != me && !others.contains(author) {
            continue;
        }
        read.messages += 1;
        if let Some(text) = &message.text {
            let first = firsts
                .entry((message.day, author))
                .or_insert((message.at, text));
            if message.at < first.0 {
                *first = (message.at, text);
            }
        }
        let day = days.entry(message.day).or_default();
        if author == me {
            day.0 = Some(day.0.map_or(message.at, |t| t.max(message.at)));
        } else {
            let last = day.1.entry(author).or_insert(message.at);
            *last = (*last).max(message.at);
        }
    }
    if read.too_large {
        return read;
    }
    let group = others.len() > 1;
    let touch = |author: &str, day: NaiveDate, at: DateTime<Utc>, direction: Direction| {
        // The conversation's first line that day, from either side.
        let first_line = [firsts.get(&(day, me)), firsts.get(&(day, author))]
            .into_iter()
            .flatten()
            .min_by_key(|(at, _)| *at)
            .map(|(_, text)| (*text).to_owned());
        ChatTouch {
            source: source.to_owned(),
            chat: chat.to_owned(),
            author: author.to_owned(),
            day,
            at,
            direction,
            first_line,
        }
    };
    for (day, (mine, theirs)) in days {
        if group {
            // A group counts on the days the user wrote, with those who
            // wrote too.
            let Some(mine) = mine else { continue };
            for (author, at) in theirs {
                read.touches
                    .push(touch(author, day, at.max(mine), Direction::Mutual));
            }
        } else if let Some(other) = others.first() {
            let (direction, at) = match (mine, theirs.get(other.as_str())) {
                (Some(m), Some(t)) => (Direction::Mutual, m.max(*t)),
                (Some(m), None) => (Direction::Out, m),
                (None, Some(t)) => (Direction::In, *t),
                (None, None) => continue,
            };
            read.touches.push(touch(other, day, at, direction));
        }
    }
    read
}

/// One day of a chat: when the user last wrote, and each other author.
type Day<'a> = (Option<DateTime<Utc>>, BTreeMap<&'a str, DateTime<Utc>>);

/// How a file writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
}

impl Order {
    fn date(self, [a, b, c]: [u32; 3]) -> Option<NaiveDate> {
        let (year, month, day) = match self {
            Order::DayMonthYear => (c, b, a),
            Order::MonthDayYear => (c, a, b),
            Order::YearMonthDay => (a, b, c),
        };
        let year = if year < 100 { 2000 + year } else { year };
        NaiveDate::from_ymd_opt(year as i32, month, day)
    }
}

/// The file's date order, and whether it had to be guessed.
fn date_order(heads: &[Head]) -> (Order, bool) {
    if heads.iter().any(|h| h.date[0] > 999) {
        return (Order::YearMonthDay, false);
    }
    let first_is_day = heads.iter().any(|h| h.date[0] > 12);
    let second_is_day = heads.iter().any(|h| h.date[1] > 12);
    match (first_is_day, second_is_day) {
        (true, false) => (Order::DayMonthYear, false),
        (false, true) => (Order::MonthDayYear, false),
        // Nothing tells (or both do, which no file should): a 12-hour
        // clock is the US's month-first layout, anything else day first.
        _ => {
            let order = if heads.iter().any(|h| h.twelve_hour) {
                Order::MonthDayYear
            } else {
                Order::DayMonthYear
            };
            (order, true)
        }
    }
}

/// Reads the start of a message line, or `None` for a line that continues
/// the message before it.
fn head_of(line: &str) -> Option<Head<'_>> {
    let line = line.trim_start_matches(MARKS).trim_start();
    let (bracketed, rest) = match line.strip_prefix('[') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let (date, rest) = date_of(rest)?;
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let (time, twelve, rest) = time_of(rest)?;
    let rest = if bracketed {
        rest.trim_start().strip_prefix(']')?
    } else {
        let rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        rest.strip_prefix('-')?
    };
    let rest = rest
        .trim_start_matches([' ', '\u{a0}'])
        .trim_start_matches(MARKS);
    let (author, message) = match rest.split_once(": ") {
        // A system line may hold a colon too ("Maya changed the subject to
        // “Trip: June”"): what stands before it is not a name.
        Some((author, message)) if is_name(author) => (Some(clean_name(author)), message),
        _ => (None, rest),
    };
    Some(Head {
        said: message,
        date,
        time,
        author,
        marked: message.starts_with(MARKS),
        twelve_hour: twelve,
    })
}

/// Whether the text before a message's first `": "` can be its author's
/// name (a saved contact's name or a number), not part of a system line.
fn is_name(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().count() <= 80 && !text.contains(['"', '“', '”', '«', '»', '„'])
}

/// A name as the export writes it, without direction marks (phone numbers
/// come wrapped in them) or odd spaces.
fn clean_name(name: &str) -> String {
    name.chars()
        .filter(|c| !MARKS.contains(c))
        .map(|c| {
            if c == '\u{a0}' || c == '\u{202f}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Three numbers separated by `/`, `.` or `-` (the same twice).
fn date_of(text: &str) -> Option<([u32; 3], &str)> {
    let (a, rest) = number(text, 4)?;
    let separator = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '.' | '-'))?;
    let (b, rest) = number(&rest[1..], 2)?;
    let rest = rest.strip_prefix(separator)?;
    let (c, rest) = number(rest, 4)?;
    // German dates may end in a dot ("31.12.20.") on some phones.
    let rest = rest
        .strip_prefix('.')
        .filter(|_| separator == '.')
        .unwrap_or(rest);
    Some(([a, b, c], rest))
}

/// `H:MM`, `H:MM:SS` (or with dots), then a 12-hour clock's mark if any.
fn time_of(text: &str) -> Option<(NaiveTime, bool, &str)> {
    let (hour, rest) = number(text, 2)?;
    let rest = rest.strip_prefix([':', '.'])?;
    let (minute, mut rest) = number(rest, 2)?;
    let mut second = 0;
    if let Some(after) = rest.strip_prefix([':', '.']) {
        if let Some((s, after)) = number(after, 2) {
            second = s;
            rest = after;
        }
    }
    let (pm, twelve, rest) = meridiem(rest);
    let hour = if twelve {
        match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        }
    } else {
        hour
    };
    Some((NaiveTime::from_hms_opt(hour, minute, second)?, twelve, rest))
}

/// A 12-hour clock's mark after the time: `AM`, `pm`, `a. m.`, `p.m.`
/// (after any kind of space); `(is pm, found, rest)`.
fn meridiem(text: &str) -> (bool, bool, &str) {
    let trimmed = text.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let mut chars = trimmed.char_indices();
    let Some((_, first)) = chars.next() else {
        return (false, false, text);
    };
    let pm = match first.to_ascii_lowercase() {
        'a' => false,
        'p' => true,
        _ => return (false, false, text),
    };
    // Then an optional dot and space, an `m`, an optional dot.
    let mut rest = &trimmed[first.len_utf8()..];
    rest = rest.strip_prefix('.').unwrap_or(rest);
    rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    match rest.strip_prefix(['m', 'M']) {
        Some(after) => {
            let after = after.strip_prefix('.').unwrap_or(after);
            (pm, true, after)
        }
        None => (false, false, text),
    }
}

/// A run of at most `max` ASCII digits at the start of `text`.
fn number(text: &str, max: usize) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > max {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_of_a_message_line_is_read() {
        let cases = [
            (
                "31/12/2020, 23:59 - Maya Lund: Hallo",
                [31, 12, 2020],
                (23, 59, 0),
                Some("Maya Lund"),
            ),
            (
                "12/31/20, 11:59 PM - Maya: hi",
                [12, 31, 20],
                (23, 59, 0),
                Some("Maya"),
            ),
            (
                "12/31/20, 11:59\u{202f}PM - Maya: hi",
                [12, 31, 20],
                (23, 59, 0),
                Some("Maya"),
            ),
            (
                "31.12.20, 23:59 - Maya Lund: Hallo",
                [31, 12, 20],
                (23, 59, 0),
                Some("Maya Lund"),
            ),
            (
                "31/12/20, 11:59 p.\u{a0}m. - Maya: hola",
                [31, 12, 20],
                (23, 59, 0),
                Some("Maya"),
            ),
            (
                "31/12/20, 12:05 a. m. - Maya: hola",
                [31, 12, 20],
                (0, 5, 0),
                Some("Maya"),
            ),
            (
                "[31/12/2020, 23:59:58] Maya Lund: Hello",
                [31, 12, 2020],
                (23, 59, 58),
                Some("Maya Lund"),
            ),
            (
                "\u{200e}[12/31/20, 11:59:58 PM] Maya: \u{200e}image omitted",
                [12, 31, 20],
                (23, 59, 58),
                Some("Maya"),
            ),
            (
                "[2020-12-31, 23:59:58] Maya: Hello",
                [2020, 12, 31],
                (23, 59, 58),
                Some("Maya"),
            ),
            (
                "31/12/2020, 23:59 - \u{202a}+49 151 2345678\u{202c}: hi",
                [31, 12, 2020],
                (23, 59, 0),
                Some("+49 151 2345678"),
            ),
            (
                "31/12/2020, 23:59 - Messages and calls are end-to-end encrypted.",
                [31, 12, 2020],
                (23, 59, 0),
                None,
            ),
            (
                "31/12/2020, 23:59 - Maya changed the subject to “Trip: June”",
                [31, 12, 2020],
                (23, 59, 0),
                None,
            ),
            (
                "31/12/2020, 23:59 - Maya changed the subject from \"a\" to \"Plan: B\"",
                [31, 12, 2020],
                (23, 59, 0),
                None,
            ),
        ];
        for (line, date, (h, m, s), author) in cases {
            let head = head_of(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(head.date, date, "{line}");
            assert_eq!(
                head.time,
                NaiveTime::from_hms_opt(h, m, s).unwrap(),
                "{line}"
            );
            assert_eq!(head.author.as_deref(), author, "{line}");
        }
        for line in [
            "a message's second line",
            "12 people came",
            "",
            "2020: a year",
        ] {
            assert!(head_of(line).is_none(), "{line}");
        }
    }

    #[test]
    fn the_chat_is_named_from_its_file() {
        assert_eq!(chat_name("WhatsApp Chat with Maya Lund.txt"), "Maya Lund");
        assert_eq!(
            chat_name("WhatsApp Chat - Climbing club.zip"),
            "Climbing club"
        );
        assert_eq!(chat_name("_chat.txt"), "_chat");
    }
}
