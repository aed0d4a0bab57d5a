//! One message's header, read into what a touch needs. The header block is
//! parsed by `mail-parser` (encoded words, address lists and groups, dates,
//! message ids); nothing here ever sees a body.

use chrono::{DateTime, Utc};
use mail_parser::{Address, HeaderValue, MessageParser};
use sha2::{Digest, Sha256};

use kith_core::domain::MAX_KEY_BYTES;

/// The header fields Kith reads, as an IMAP `HEADER.FIELDS` list.
pub const FIELDS: &str = "FROM TO CC BCC DATE MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID \
                          LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED SUBJECT";

/// Longest header block read; the rest of a longer one is not looked at.
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

/// An address on a message, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressed {
    pub address: String,
    pub name: Option<String>,
}

/// What one message's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    /// The Message-ID without angle brackets (a long one hashed), or a
    /// hash of the header block when there is none.
    pub key: String,
    /// The first message References names, else In-Reply-To's.
    pub root: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub subject: Option<String>,
    pub from: Vec<Addressed>,
    pub to: Vec<Addressed>,
    pub cc: Vec<Addressed>,
    pub bcc: Vec<Addressed>,
    /// Mailing-list or automatic mail: `List-Id`, a non-empty
    /// `List-Unsubscribe`, `Precedence: bulk|list|junk`, or
    /// `Auto-Submitted` other than `no`.
    pub bulk: bool,
    /// Where the file it came from says it lives: Gmail's labels
    /// (`X-Gmail-Labels`), to tell drafts, spam and trash.
    pub labels: Vec<String>,
    /// Marked deleted in a Thunderbird folder not yet compacted
    /// (`X-Mozilla-Status` with its expunged flag).
    pub deleted: bool,
}

impl Headers {
    /// Reads a header block (the lines up to the first empty one; a body
    /// after it is ignored). `None` when it holds no header at all.
    pub fn parse(block: &[u8]) -> Option<Headers> {
        let block = &block[..block.len().min(MAX_HEADER_BYTES)];
        let message = MessageParser::new().parse_headers(block)?;
        if message.headers().is_empty() {
            return None;
        }
        let key = match message.message_id().map(str::trim) {
            Some(id) if !id.is_empty() && id.len() <= MAX_KEY_BYTES => id.to_owned(),
            Some(id) if !id.is_empty() => format!("sha256:{}", hex_hash(id.as_bytes())),
            _ => format!("sha256:{}", hex_hash(header_only(block))),
        };
        let first_id = |value: &HeaderValue<'_>| -> Option<String> {
            let id = match value {
                HeaderValue::Text(text) => Some(text.as_ref()),
                HeaderValue::TextList(list) => list.first().map(|t| t.as_ref()),
                _ => None,
            }?;
            let id = id.trim();
            (!id.is_empty() && id.len() <= MAX_KEY_BYTES && id != key).then(|| id.to_owned())
        };
        let root = first_id(message.references()).or_else(|| first_id(message.in_reply_to()));
        let date = message
            .date()
            .filter(|d| d.is_valid())
            .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
        let raw = |name: &'static str| message.header_raw(name).map(str::trim);
        let precedence = raw("Precedence").unwrap_or("").to_ascii_lowercase();
        let auto = raw("Auto-Submitted").unwrap_or("no").to_ascii_lowercase();
        let bulk = raw("List-Id").is_some_and(|v| !v.is_empty())
            || raw("List-Unsubscribe").is_some_and(|v| !v.is_empty())
            || ["bulk", "list", "junk"].contains(&precedence.as_str())
            || !(auto.is_empty() || auto.starts_with("no"));
        let labels = raw("X-Gmail-Labels")
            .map(|l| {
                l.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let deleted = raw("X-Mozilla-Status")
            .and_then(|s| u32::from_str_radix(s, 16).ok())
            .is_some_and(|flags| flags & 0x0008 != 0);
        Some(Headers {
            root,
            date,
            subject: message.subject().map(str::to_owned),
            from: addressed(message.from()),
            to: addressed(message.to()),
            cc: addressed(message.cc()),
            bcc: addressed(message.bcc()),
            bulk,
            labels,
            deleted,
            key,
        })
    }
}

/// Every address of a list or its groups.
fn addressed(address: Option<&Address<'_>>) -> Vec<Addressed> {
    let Some(address) = address else {
        return Vec::new();
    };
    address
        .iter()
        .filter_map(|a| {
            let address = a.address()?.trim();
            (!address.is_empty()).then(|| Addressed {
                address: address.to_owned(),
                name: a.name().map(str::to_owned),
            })
        })
        .collect()
}

/// The header block without a body that may follow it.
fn header_only(block: &[u8]) -> &[u8] {
    for end in [&b"\r\n\r\n"[..], b"\n\n"] {
        if let Some(at) = memchr::memmem::find(block, end) {
            return &block[..at];
        }
    }
    block
}

pub(crate) fn hex_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key that groups mail about the same thing when no message names
/// another: the subject lower-cased, without reply and forward prefixes in
/// the languages mail clients write them (`Re:`, `Fwd:`, `AW:`, `SV:`,
/// `Antw:`, `WG:`, `TR:`, `RIF:`, `Res:`, ...) or list tags (`[team]`),
/// hashed. `None` for a subject with nothing left.
pub fn subject_key(subject: &str) -> Option<String> {
    const PREFIXES: [&str; 16] = [
        "re", "fw", "fwd", "aw", "sv", "vs", "antw", "wg", "tr", "rif", "res", "r", "enc", "odp",
        "ynt", "vl",
    ];
    let mut rest = subject.trim().to_lowercase();
    loop {
        let trimmed = rest.trim_start();
        let next = if let Some(tag) = trimmed.strip_prefix('[') {
            tag.split_once(']').map(|(_, after)| after.to_owned())
        } else {
            trimmed.split_once([':', '：']).and_then(|(head, after)| {
                // "Re[2]:" and "Re(2):" count as "Re:".
                let head = head.trim_end_matches(|c: char| {
                    c.is_ascii_digit() || matches!(c, '[' | ']' | '(' | ')')
                });
                PREFIXES.contains(&head.trim()).then(|| after.to_owned())
            })
        };
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    (!words.is_empty()).then(|| hex_hash(words.join(" ").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_gives_its_people_ids_date_and_subject() {
        let block = b"From: =?UTF-8?Q?Bj=C3=B6rk_Gu=C3=B0mundsd=C3=B3ttir?= <bjork@example.is>\r\n\
To: Maya <maya@example.org>, team: ola@example.org, \"Kai, Jr.\" <kai@example.org>;\r\n\
Cc: me@home.example\r\n\
Date: Sun, 01 Mar 2026 11:00:00 +0100\r\n\
Message-ID: <abc.123@mail.example.is>\r\n\
References: <root@mail.example.is> <middle@mail.example.is>\r\n\
In-Reply-To: <middle@mail.example.is>\r\n\
Subject: =?ISO-8859-1?Q?Re=3A_caf=E9?=\r\n\
\r\n\
Body text that is never looked at.\r\n";
        let h = Headers::parse(block).unwrap();
        assert_eq!(h.key, "abc.123@mail.example.is");
        assert_eq!(h.root.as_deref(), Some("root@mail.example.is"));
        assert_eq!(h.subject.as_deref(), Some("Re: café"));
        assert_eq!(h.date.unwrap().to_rfc3339(), "2026-03-01T10:00:00+00:00");
        assert_eq!(h.from[0].name.as_deref(), Some("Björk Guðmundsdóttir"));
        let to: Vec<&str> = h.to.iter().map(|a| a.address.as_str()).collect();
        assert_eq!(
            to,
            ["maya@example.org", "ola@example.org", "kai@example.org"]
        );
        assert_eq!(h.to[2].name.as_deref(), Some("Kai, Jr."));
        assert_eq!(h.cc[0].address, "me@home.example");
        assert!(!h.bulk && !h.deleted);
    }

    #[test]
    fn mailing_list_and_automatic_mail_is_bulk() {
        let base = "From: a@b.example\nTo: me@home.example\nMessage-ID: <1@b>\n";
        for (extra, bulk) in [
            ("List-Id: <team.lists.example>\n", true),
            ("List-Unsubscribe: <mailto:leave@b.example>\n", true),
            ("List-Unsubscribe: \n", false),
            ("Precedence: Bulk\n", true),
            ("Precedence: first-class\n", false),
            ("Auto-Submitted: auto-replied\n", true),
            ("Auto-Submitted: no\n", false),
            ("", false),
        ] {
            let h = Headers::parse(format!("{base}{extra}\n").as_bytes()).unwrap();
            assert_eq!(h.bulk, bulk, "{extra:?}");
        }
    }

    #[test]
    fn a_message_without_an_id_is_keyed_by_its_header() {
        let one = Headers::parse(b"From: a@b.example\nSubject: hi\n\nbody one").unwrap();
        let same = Headers::parse(b"From: a@b.example\nSubject: hi\n\nbody two").unwrap();
        let other = Headers::parse(b"From: a@b.example\nSubject: hello\n\n").unwrap();
        assert!(one.key.starts_with("sha256:"));
        assert_eq!(one.key, same.key);
        assert_ne!(one.key, other.key);
        // A giant id is hashed, not kept.
        let long = format!(
            "Message-ID: <{}@x>\nFrom: a@b.example\n\n",
            "a".repeat(5000)
        );
        let h = Headers::parse(long.as_bytes()).unwrap();
        assert!(h.key.starts_with("sha256:"));
    }

    #[test]
    fn labels_and_deleted_marks_are_read() {
        let gmail = Headers::parse(
            b"X-GM-THRID: 1794343455574426110\nX-Gmail-Labels: Archived,Sent,Opened\nFrom: a@b.example\n\n",
        )
        .unwrap();
        assert_eq!(gmail.labels, ["Archived", "Sent", "Opened"]);
        let gone = Headers::parse(b"X-Mozilla-Status: 0009\nFrom: a@b.example\n\n").unwrap();
        assert!(gone.deleted);
        let kept = Headers::parse(b"X-Mozilla-Status: 0001\nFrom: a@b.example\n\n").unwrap();
        assert!(!kept.deleted);
    }

    #[test]
    fn nonsense_is_no_header_and_never_panics() {
        assert_eq!(Headers::parse(b""), None);
        for junk in [
            &b"\xff\xfe\x00garbage"[..],
            b":::\n\n",
            b"From:\n\n",
            b"Date: yesterday\n\n",
        ] {
            if let Some(h) = Headers::parse(junk) {
                assert!(h.date.is_none());
            }
        }
    }

    #[test]
    fn subjects_match_without_reply_prefixes_and_list_tags() {
        let key = subject_key("Lunch next week").unwrap();
        for same in [
            "Re: Lunch next week",
            "RE: Re: lunch   next week",
            "AW: WG: Lunch next week",
            "[team] Re[2]: Lunch next week",
            "Fwd: Lunch next week",
            "SV: Lunch next week",
        ] {
            assert_eq!(subject_key(same).as_deref(), Some(key.as_str()), "{same}");
        }
        assert_ne!(subject_key("Lunch next month").unwrap(), key);
        // A colon that is not a prefix stays.
        assert_ne!(subject_key("Agenda: Lunch next week").unwrap(), key);
        assert_eq!(subject_key("Re: "), None);
    }
}
