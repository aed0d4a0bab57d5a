//! Facebook's "Download your information" friends file (`friends_v2`, or
//! `friends` in older exports). Facebook writes UTF-8 text as one `\u00XX`
//! escape per byte; names are re-decoded so "JosÃ©" reads "José" again.

use std::fs::File;
use std::io::Read;

use chrono::{TimeZone, Utc};
use kith_core::domain::{Channel, Direction, PersonDraft, TouchKind, TouchSpec};
use kith_core::import::{Contact, Row, Skipped};
use serde::Deserialize;

use crate::ExchangeError;

/// The largest friends file read (far above Facebook's 5,000-friend cap).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Deserialize)]
struct Friend {
    name: Option<String>,
    timestamp: Option<i64>,
}

#[derive(Deserialize)]
struct Export {
    friends_v2: Option<Vec<Friend>>,
    friends: Option<Vec<Friend>>,
}

/// Undoes Facebook's per-byte escaping: text whose characters are all
/// below 256 and whose bytes are valid UTF-8 is that UTF-8.
pub fn fix_mojibake(text: &str) -> String {
    if text.is_ascii() || text.chars().any(|c| c as u32 > 0xFF) {
        return text.to_owned();
    }
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

pub fn friends(file: File, name: &str) -> Result<Vec<Row>, ExchangeError> {
    let malformed = |message: String| ExchangeError::Malformed {
        file: name.to_owned(),
        message,
    };
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| malformed(e.to_string()))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(malformed(format!(
            "larger than {} MB, which no friends list is",
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let export: Export = serde_json::from_slice(&bytes)
        .map_err(|e| malformed(format!("not a Facebook friends file ({e})")))?;
    let list = export
        .friends_v2
        .or(export.friends)
        .ok_or_else(|| malformed("no friends_v2 list in it".to_owned()))?;
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, friend)| {
            // Records are numbered from 1, in the file's order.
            let line = i as u64 + 1;
            let Some(name) = friend.name.map(|n| fix_mojibake(&n)) else {
                return Row::Skipped(Skipped::new(line, "a friend without a name"));
            };
            let person = match PersonDraft::named(&name) {
                Ok(person) => person,
                Err(error) => return Row::Skipped(Skipped::invalid(line, &error)),
            };
            let touches = friend
                .timestamp
                .and_then(|t| Utc.timestamp_opt(t, 0).single())
                .and_then(|at| {
                    TouchSpec::new(
                        TouchKind::Connected,
                        Channel::Facebook,
                        Direction::Mutual,
                        at,
                        Some("Became friends on Facebook"),
                    )
                    .ok()
                })
                .into_iter()
                .collect();
            Row::Contact(Box::new(Contact::with_touches(
                line,
                Some(("facebook", name.to_lowercase())),
                person,
                touches,
            )))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_byte_escapes_are_read_as_utf8() {
        assert_eq!(fix_mojibake("Jos\u{00c3}\u{00a9}"), "José");
        assert_eq!(
            fix_mojibake("Zo\u{00c3}\u{00ab} \u{00f0}\u{009f}\u{0098}\u{0080}"),
            "Zoë 😀"
        );
        assert_eq!(fix_mojibake("plain"), "plain");
        // Real Latin-1 text that is not UTF-8 stays as it is.
        assert_eq!(fix_mojibake("Jos\u{00e9}"), "José");
        assert_eq!(fix_mojibake("Łukasz"), "Łukasz");
    }
}
