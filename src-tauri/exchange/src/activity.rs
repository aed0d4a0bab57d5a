//! Touches from what happened elsewhere, read from one file the user
//! picked: a calendar export (`.ics`), a WhatsApp chat (`.txt`, or the
//! `.zip` with media) or a Telegram Desktop export (`result.json`). The
//! command line and the window's import both come through here, so a file
//! gives the same touches either way.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::store::{ChatsRecorded, MeetingPreview, MeetingsRecorded};
use kith_core::{Store, StoreError};

use crate::chats::{chat_text, read_whatsapp_with, ChatError, ChatRead};
use crate::meetings::{looks_like_calendar, read_calendar, CalendarOptions, CalendarRead};
use crate::telegram::read_telegram_with;
use crate::ExchangeError;

/// Largest calendar file read (it is read whole: a ten-year calendar with
/// long descriptions is tens of megabytes).
pub const MAX_CALENDAR_BYTES: u64 = 128 * 1024 * 1024;

/// Occurrences recorded per transaction.
const BATCH: usize = 2_000;

/// Which kind of file, when the user says (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityFormat {
    Calendar,
    WhatsApp,
    Telegram,
}

/// What a file gave.
#[derive(Debug)]
pub enum Activity {
    Calendar {
        read: CalendarRead,
        /// What was recorded, or for a dry run `None`.
        recorded: Option<MeetingsRecorded>,
        /// For a dry run: what recording would do.
        preview: Option<MeetingPreview>,
    },
    /// One chat (WhatsApp), or each chat of an export (Telegram).
    Chats {
        /// `WhatsApp` or `Telegram`.
        source: &'static str,
        chats: Vec<(ChatRead, ChatsRecorded)>,
        /// For times without a zone (WhatsApp's): the zone they were read
        /// in and its offset from UTC (`+01:00`), kept with the chat so
        /// reading it again elsewhere gives the same days.
        read_in: Option<(String, String)>,
    },
}

/// Why a file gave nothing.
#[derive(Debug, thiserror::Error)]
pub enum ActivityError {
    #[error("{file} is not a calendar, WhatsApp chat or Telegram export")]
    NotActivity { file: String },
    #[error("{file} is not {what}")]
    NotWhatWasSaid { file: String, what: &'static str },
    #[error("say which e-mail addresses are yours, so Kith knows who else was at each meeting")]
    NeedAddress,
    /// The chat's authors, and the one most likely the user (the other of
    /// two in a chat named after one of them).
    #[error("say which author is you (its authors: {})", .authors.join(", "))]
    WhoAreYou {
        authors: Vec<String>,
        guess: Option<String>,
    },
    #[error("{file} holds no chat with people")]
    NoChat { file: String },
    #[error("{file} is larger than {} MB, more than a calendar export; nothing was imported", MAX_CALENDAR_BYTES / 1024 / 1024)]
    TooLarge { file: String },
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `path` is a calendar export (by its first bytes).
pub fn is_calendar(path: &Path) -> bool {
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .is_ok_and(|_| looks_like_calendar(&head))
}

/// The other of two authors in a chat named after one of them: the user.
fn guess_me(authors: &[String], chat: &str) -> Option<String> {
    match authors {
        [a, b] if a.trim().eq_ignore_ascii_case(chat.trim()) => Some(b.clone()),
        [a, b] if b.trim().eq_ignore_ascii_case(chat.trim()) => Some(a.clone()),
        _ => None,
    }
}

fn chat_error(file: &str, chat: &str, error: ChatError) -> ActivityError {
    match error {
        ChatError::NotAChat => ActivityError::NoChat {
            file: file.to_owned(),
        },
        ChatError::WhoAreYou(authors) => ActivityError::WhoAreYou {
            guess: guess_me(&authors, chat),
            authors,
        },
    }
}

/// How an activity file is read.
#[derive(Debug, Clone, Default)]
pub struct ActivityOptions {
    /// Which kind of file, when the user says.
    pub format: Option<ActivityFormat>,
    /// The user: e-mail addresses for a calendar (with those Kith knows
    /// already), the name a chat writes for them (the first).
    pub me: Vec<String>,
    /// Record nothing: say what would be recorded.
    pub dry_run: bool,
    /// Keep each chat day's first line as its touch's summary.
    pub first_lines: bool,
}

/// Reads `path` and records the touches it gives.
pub fn import_activity(
    store: &Store,
    path: &Path,
    options: &ActivityOptions,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Activity, ActivityError> {
    let (format, me, dry_run) = (options.format, options.me.as_slice(), options.dry_run);
    let file = path.display().to_string();
    let calendar = match format {
        Some(f) => f == ActivityFormat::Calendar,
        None => is_calendar(path),
    };
    if calendar {
        return import_calendar(store, path, me, dry_run, now, zone);
    }
    let me_name = me.first().map(String::as_str);
    if format.is_none() || format == Some(ActivityFormat::Telegram) {
        if let Some(reads) = read_telegram_with(path, me_name, zone, options.first_lines)? {
            let reads = reads.map_err(|e| chat_error(&file, "", e))?;
            let mut chats = Vec::new();
            for read in reads {
                let recorded = store.record_chat(&read.touches, dry_run, now)?;
                chats.push((read, recorded));
            }
            return Ok(Activity::Chats {
                source: "Telegram",
                chats,
                read_in: None,
            });
        }
        if format.is_some() {
            return Err(ActivityError::NotWhatWasSaid {
                file,
                what: "a Telegram export (result.json)",
            });
        }
    }
    match chat_text(path)? {
        Some((text, chat)) => {
            // The zone the chat was first read in, else this computer's.
            let kept = store.chat_zone("whatsapp", &chat)?;
            let zone = kept
                .as_ref()
                .and_then(|(name, _)| name.parse::<Tz>().ok())
                .unwrap_or(zone);
            let offset = now.with_timezone(&zone).format("%:z").to_string();
            let read = read_whatsapp_with(&text, &chat, me_name, zone, options.first_lines)
                .map_err(|e| chat_error(&file, &chat, e))?;
            let recorded = store.record_chat(&read.touches, dry_run, now)?;
            if !dry_run && kept.is_none() {
                store.keep_chat_zone("whatsapp", &chat, zone.name(), &offset, now)?;
            }
            let read_in = kept.unwrap_or_else(|| (zone.name().to_owned(), offset));
            Ok(Activity::Chats {
                source: "WhatsApp",
                chats: vec![(read, recorded)],
                read_in: Some(read_in),
            })
        }
        None if format == Some(ActivityFormat::WhatsApp) => Err(ActivityError::NotWhatWasSaid {
            file,
            what: "a WhatsApp chat export (its lines do not start with a date and a time)",
        }),
        None => Err(ActivityError::NotActivity { file }),
    }
}

fn import_calendar(
    store: &Store,
    path: &Path,
    me: &[String],
    dry_run: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Activity, ActivityError> {
    let file = path.display().to_string();
    let mut mine = store.my_addresses()?;
    mine.extend(me.iter().map(|a| a.trim().to_lowercase()));
    if mine.is_empty() {
        return Err(ActivityError::NeedAddress);
    }
    let read_error = |source| ExchangeError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_CALENDAR_BYTES {
        return Err(ActivityError::TooLarge { file });
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    let text = crate::text::decode(&bytes);
    let options = CalendarOptions {
        me: &mine,
        zone,
        now,
    };
    let read = read_calendar(&text, &options).ok_or_else(|| ActivityError::NotWhatWasSaid {
        file: file.clone(),
        what: "an iCalendar file (it holds no BEGIN:VCALENDAR … END:VCALENDAR)",
    })?;
    if dry_run {
        // Only past meetings are touches yet.
        let past: Vec<_> = read
            .meetings
            .iter()
            .filter(|m| m.at <= now)
            .cloned()
            .collect();
        let preview = store.preview_meetings(&past)?;
        return Ok(Activity::Calendar {
            read,
            recorded: None,
            preview: Some(preview),
        });
    }
    // The addresses given are the user's from now on (as for mail).
    store.add_my_addresses(me)?;
    let mut total = MeetingsRecorded::default();
    for batch in read.meetings.chunks(BATCH) {
        total.add(store.record_meetings(batch, now)?);
    }
    Ok(Activity::Calendar {
        read,
        recorded: Some(total),
        preview: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_of_two_in_a_chat_named_after_one_is_guessed_to_be_the_user() {
        let two = ["Maya Lund".to_owned(), "Ada Lovelace".to_owned()];
        assert_eq!(guess_me(&two, "maya lund").as_deref(), Some("Ada Lovelace"));
        assert_eq!(guess_me(&two, "Climbing club"), None);
        let three = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(guess_me(&three, "A"), None);
    }
}
