//! Conversations from Telegram Desktop's JSON export ("Export chat history"
//! of one chat, or "Export Telegram data" of all of them: `result.json`),
//! read into the touches they give, chat by chat, by the same rules as
//! WhatsApp's ([`crate::chats::reduce`]). Who wrote when is what counts: a
//! message's `text` (a string or a list of entities) is kept only as a
//! day's first line, when the import asks for that.
//!
//! The user is the export's own account (`personal_information.user_id`),
//! else the author named with `--me`, else the one author present in every
//! chat of a multi-chat export. Personal chats and groups count; channels,
//! bots and saved messages do not. Times come from `date_unixtime`, else
//! from `date` read in the user's zone.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use kith_core::when::resolve_local;
use serde::Deserialize;

use crate::chats::{first_line, reduce, ChatError, ChatRead, Message};
use crate::{open_checked, read_error, ExchangeError};

/// One chat, or the whole export (whose chats are under `chats.list`).
#[derive(Deserialize)]
struct Export {
    personal_information: Option<Personal>,
    chats: Option<ChatList>,
    /// A one-chat export is the chat itself.
    #[serde(flatten)]
    itself: Chat,
}

#[derive(Deserialize)]
struct Personal {
    user_id: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ChatList {
    #[serde(default)]
    list: Vec<Chat>,
}

#[derive(Deserialize)]
struct Chat {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<serde_json::Value>,
    messages: Option<Vec<Said>>,
}

#[derive(Deserialize)]
struct Said {
    #[serde(rename = "type")]
    kind: Option<String>,
    date: Option<String>,
    date_unixtime: Option<String>,
    from: Option<String>,
    from_id: Option<serde_json::Value>,
    /// A string, or a list of strings and entities (`{"type", "text"}`).
    #[serde(default)]
    text: Option<serde_json::Value>,
}

/// The kinds of chat that are conversations with people.
const CONVERSATIONS: [&str; 4] = [
    "personal_chat",
    "private_group",
    "private_supergroup",
    "public_supergroup",
];

/// Whether `head` (a file's first bytes) looks like a Telegram export.
pub fn looks_like_telegram(head: &[u8]) -> bool {
    // Kith's own export and Facebook's are JSON too, and may quote
    // anything in their notes: they are recognised first.
    if crate::Format::detect(head).is_some() {
        return false;
    }
    let text = String::from_utf8_lossy(head);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && (text.contains("\"date_unixtime\"")
            || text.contains("\"personal_information\"")
            || text.contains("\"personal_chat\"")
            || text.contains("\"private_group\"")
            || text.contains("\"private_supergroup\""))
}

/// A chat's name and its messages as (author id, author name, when).
/// A chat's name and its messages: author id, name, when, first line.
type Listed = (String, Vec<(String, String, DateTime<Utc>, Option<String>)>);

/// A value Telegram writes as a string or a number (ids), as text.
fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads a Telegram export file into one [`ChatRead`] per chat that is a
/// conversation; `Ok(None)` when the file is not one.
pub fn read_telegram(
    path: &Path,
    me: Option<&str>,
    zone: Tz,
) -> Result<Option<Result<Vec<ChatRead>, ChatError>>, ExchangeError> {
    read_telegram_with(path, me, zone, false)
}

/// A message's text as one string (entities joined).
fn plain_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(parts) => parts
            .iter()
            .map(|part| match part {
                serde_json::Value::String(s) => s.as_str(),
                other => other.get("text").and_then(|t| t.as_str()).unwrap_or(""),
            })
            .collect(),
        _ => String::new(),
    }
}

/// [`read_telegram`], keeping each day's first line as its touch's
/// summary when `first_lines` is set (otherwise no text is kept).
pub fn read_telegram_with(
    path: &Path,
    me: Option<&str>,
    zone: Tz,
    first_lines: bool,
) -> Result<Option<Result<Vec<ChatRead>, ChatError>>, ExchangeError> {
    if path.is_dir() {
        return Ok(None);
    }
    let read_error = &read_error(path);
    let file = open_checked(path)?;
    let mut head = Vec::new();
    (&file)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    if !looks_like_telegram(&head) {
        return Ok(None);
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let export: Export =
        serde_json::from_reader(BufReader::new(file)).map_err(|e| ExchangeError::Malformed {
            file: path.display().to_string(),
            message: format!("not a readable Telegram export ({e})"),
        })?;
    Ok(Some(chats_of(export, me, zone, first_lines)))
}

fn chats_of(
    export: Export,
    me: Option<&str>,
    zone: Tz,
    first_lines: bool,
) -> Result<Vec<ChatRead>, ChatError> {
    let own_id = export
        .personal_information
        .and_then(|p| p.user_id)
        .map(|id| format!("user{}", text_of(&id)));
    let mut chats: Vec<Chat> = export.chats.map(|c| c.list).unwrap_or_default();
    if export.itself.messages.is_some() {
        chats.push(export.itself);
    }
    let chats: Vec<Chat> = chats
        .into_iter()
        .filter(|c| {
            c.kind
                .as_deref()
                .is_some_and(|k| CONVERSATIONS.contains(&k))
        })
        .collect();
    if chats.is_empty() {
        return Err(ChatError::NotAChat);
    }
    // Each chat's messages as (author id, author name, when).
    let listed: Vec<Listed> = chats
        .into_iter()
        .map(|chat| {
            let name = chat
                .name
                .clone()
                .or_else(|| chat.id.as_ref().map(text_of))
                .unwrap_or_default();
            let said = chat
                .messages
                .unwrap_or_default()
                .into_iter()
                .filter(|m| m.kind.as_deref() == Some("message"))
                .filter_map(|m| {
                    let id = m.from_id.as_ref().map(text_of)?;
                    let at = m
                        .date_unixtime
                        .as_deref()
                        .and_then(|s| s.trim().parse::<i64>().ok())
                        .and_then(|secs| DateTime::from_timestamp(secs, 0))
                        .or_else(|| {
                            let local = NaiveDateTime::parse_from_str(
                                m.date.as_deref()?,
                                "%Y-%m-%dT%H:%M:%S",
                            )
                            .ok()?;
                            Some(resolve_local(local, zone))
                        })?;
                    let author = m
                        .from
                        .filter(|f| !f.trim().is_empty())
                        .unwrap_or_else(|| id.clone());
                    let text = first_lines
                        .then(|| m.text.as_ref().map(plain_text))
                        .flatten()
                        .and_then(|t| first_line(&t));
                    Some((id, author, at, text))
                })
                .collect();
            (name, said)
        })
        .collect();
    let me_id = who_is_me(&listed, own_id, me)?;
    let mut reads = Vec::new();
    for (chat, said) in listed {
        // Authors by id; the name is the latest the export gives them.
        let mut names: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, author, _, _) in &said {
            names.insert(id, author);
        }
        let others: BTreeSet<String> = names
            .iter()
            .filter(|(id, _)| **id != me_id)
            .map(|(_, name)| name.to_string())
            .collect();
        let me_name = format!("\u{0}me:{me_id}");
        let messages: Vec<Message> = said
            .iter()
            .map(|(id, _, at, text)| Message {
                author: if *id == me_id {
                    me_name.clone()
                } else {
                    names[id.as_str()].to_owned()
                },
                day: at.with_timezone(&zone).date_naive(),
                at: *at,
                text: text.clone(),
            })
            .collect();
        reads.push(reduce("telegram", &chat, &me_name, others, &messages));
    }
    Ok(reads)
}

/// The user's author id: the export's own account, else the author named
/// `me`, else the one author in every chat (when there are several).
fn who_is_me(
    listed: &[Listed],
    own_id: Option<String>,
    me: Option<&str>,
) -> Result<String, ChatError> {
    let mut authors: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (_, said) in listed {
        let mut seen: Vec<&str> = said.iter().map(|(id, _, _, _)| id.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for id in seen {
            let name = said
                .iter()
                .find(|(i, _, _, _)| i == id)
                .map_or(id, |(_, n, _, _)| n.as_str());
            authors.entry(id).or_insert((name, 0)).1 += 1;
        }
    }
    if let Some(me) = me {
        if let Some((id, _)) = authors
            .iter()
            .find(|(_, (name, _))| name.trim().eq_ignore_ascii_case(me.trim()))
        {
            return Ok((*id).to_owned());
        }
    } else if let Some(own) = own_id.filter(|id| authors.contains_key(id.as_str())) {
        return Ok(own);
    } else if listed.len() > 1 {
        let everywhere: Vec<&&str> = authors
            .iter()
            .filter(|(_, (_, chats))| *chats == listed.len())
            .map(|(id, _)| id)
            .collect();
        if let [one] = everywhere.as_slice() {
            return Ok((**one).to_owned());
        }
    }
    let mut names: Vec<String> = authors.values().map(|(n, _)| n.to_string()).collect();
    names.sort();
    names.dedup();
    Err(ChatError::WhoAreYou(names))
}
