//! When a message is a touch, and with whom.
//!
//! - **Mine**: the From address is one of the user's (the account's,
//!   aliases, those given to an mbox import). Outgoing mail is a touch with
//!   each recipient (To, Cc and Bcc).
//! - **To me**: from someone else with one of the user's addresses in To or
//!   Cc. Mail that reached the user only by Bcc or through a list is not.
//!   Incoming mail is a touch with its sender; its other recipients are
//!   kept as evidence of who knows whom, not as touches.
//! - **Never a touch**: bulk mail (lists, automatic mail), drafts, spam and
//!   trash (Gmail's labels), messages deleted but not yet compacted away
//!   (Thunderbird), messages with more than [`MAX_PEOPLE`] people, and
//!   mail from role addresses (`noreply`, `notifications`, ...) or blocked
//!   addresses and domains; such recipients of the user's mail are left out
//!   of it.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::domain::{MailDirection, MailDraft, MailFilters, MailParty, PartyRole};

use crate::header::{subject_key, Addressed, Headers};

/// Most people (other than the user) on a message that is still a touch.
pub const MAX_PEOPLE: usize = 10;

/// Why a message is not a touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skip {
    Bulk,
    /// A draft, spam or trash.
    NotSent,
    Deleted,
    NoDate,
    /// Neither from the user nor to them in To or Cc.
    NotToYou,
    TooManyPeople,
    /// From a role address or a blocked one, or only to such addresses.
    Filtered,
}

impl Skip {
    pub const ALL: [Skip; 7] = [
        Skip::Bulk,
        Skip::NotSent,
        Skip::Deleted,
        Skip::NoDate,
        Skip::NotToYou,
        Skip::TooManyPeople,
        Skip::Filtered,
    ];

    /// How a report names it.
    pub fn label(self) -> &'static str {
        match self {
            Skip::Bulk => "mailing lists and automatic mail",
            Skip::NotSent => "drafts, spam and trash",
            Skip::Deleted => "deleted",
            Skip::NoDate => "without a date",
            Skip::NotToYou => "not from you or to you",
            Skip::TooManyPeople => "more than 10 people",
            Skip::Filtered => "no-reply, role and blocked addresses",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Skip::Bulk => "bulk",
            Skip::NotSent => "not-sent",
            Skip::Deleted => "deleted",
            Skip::NoDate => "no-date",
            Skip::NotToYou => "not-to-you",
            Skip::TooManyPeople => "too-many-people",
            Skip::Filtered => "filtered",
        }
    }
}

/// The user's addresses, lower-cased.
#[derive(Debug, Clone, Default)]
pub struct Me(BTreeSet<String>);

impl Me {
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(addresses: I) -> Me {
        Me(addresses
            .into_iter()
            .map(|a| a.as_ref().trim().to_lowercase())
            .filter(|a| !a.is_empty())
            .collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, address: &str) -> bool {
        self.0.contains(&address.trim().to_lowercase())
    }
}

/// Gmail labels of mail that was never sent or received as such.
const NOT_SENT_LABELS: [&str; 5] = ["Drafts", "Draft", "Spam", "Trash", "Bin"];

/// What a message is: a touch to record, or why not. `fallback` is the
/// date to use when the header has none (the mbox separator's, the IMAP
/// server's arrival time); `zone` is the user's, for the day it counts on.
pub fn classify(
    headers: &Headers,
    me: &Me,
    filters: &MailFilters,
    fallback: Option<DateTime<Utc>>,
    zone: Tz,
) -> Result<MailDraft, Skip> {
    if headers.deleted {
        return Err(Skip::Deleted);
    }
    if headers
        .labels
        .iter()
        .any(|l| NOT_SENT_LABELS.iter().any(|n| l.eq_ignore_ascii_case(n)))
    {
        return Err(Skip::NotSent);
    }
    if headers.bulk {
        return Err(Skip::Bulk);
    }
    let others: BTreeSet<String> = [&headers.from, &headers.to, &headers.cc, &headers.bcc]
        .into_iter()
        .flatten()
        .map(|a| a.address.to_lowercase())
        .filter(|a| !me.contains(a))
        .collect();
    if others.len() > MAX_PEOPLE {
        return Err(Skip::TooManyPeople);
    }
    let from_me = headers
        .from
        .first()
        .is_some_and(|a| me.contains(&a.address));
    let to_me = headers
        .to
        .iter()
        .chain(&headers.cc)
        .any(|a| me.contains(&a.address));
    let direction = if from_me {
        MailDirection::Out
    } else if to_me {
        MailDirection::In
    } else {
        return Err(Skip::NotToYou);
    };
    let party = |a: &Addressed, role| {
        (!me.contains(&a.address))
            .then(|| MailParty::new(&a.address, a.name.as_deref(), role))
            .flatten()
            .filter(|p| !filters.excludes(&p.address))
    };
    let mut parties: Vec<MailParty> = Vec::new();
    if direction == MailDirection::In {
        let sender = headers.from.first().and_then(|a| party(a, PartyRole::From));
        let Some(sender) = sender else {
            return Err(Skip::Filtered);
        };
        parties.push(sender);
    }
    let roles = [
        (&headers.to, PartyRole::To),
        (&headers.cc, PartyRole::Cc),
        (&headers.bcc, PartyRole::Bcc),
    ];
    for (list, role) in roles {
        for a in list {
            if let Some(p) = party(a, role) {
                if !parties.iter().any(|q| q.address == p.address) {
                    parties.push(p);
                }
            }
        }
    }
    if direction == MailDirection::Out && parties.is_empty() {
        return Err(Skip::Filtered);
    }
    let at = headers.date.or(fallback).ok_or(Skip::NoDate)?;
    Ok(MailDraft {
        key: headers.key.clone(),
        root: headers.root.clone(),
        subject_key: headers.subject.as_deref().and_then(subject_key),
        at,
        day: at.with_timezone(&zone).date_naive(),
        direction,
        subject: headers
            .subject
            .as_deref()
            .and_then(MailDraft::clean_subject),
        parties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters() -> MailFilters {
        MailFilters {
            roles: vec!["noreply".into(), "notifications".into()],
            blocked: vec!["spam.example".into()],
        }
    }

    fn me() -> Me {
        Me::new(["me@home.example", "ME@work.example"])
    }

    fn read(text: &str) -> Result<MailDraft, Skip> {
        let headers = Headers::parse(text.replace('\n', "\r\n").as_bytes()).unwrap();
        classify(&headers, &me(), &filters(), None, chrono_tz::Europe::Oslo)
    }

    fn addresses(draft: &MailDraft) -> Vec<(&str, PartyRole)> {
        draft
            .parties
            .iter()
            .map(|p| (p.address.as_str(), p.role))
            .collect()
    }

    const DATE: &str = "Date: Sun, 01 Mar 2026 23:30:00 +0000\nMessage-ID: <1@x>\n";

    #[test]
    fn mail_the_user_sent_touches_each_recipient() {
        let draft = read(&format!(
            "{DATE}From: Me <me@work.example>\nTo: maya@example.org\nCc: me@home.example, Ola <ola@example.org>\nBcc: kai@example.org\nSubject: Re: lunch\n\n"
        ))
        .unwrap();
        assert_eq!(draft.direction, MailDirection::Out);
        assert_eq!(
            addresses(&draft),
            [
                ("maya@example.org", PartyRole::To),
                ("ola@example.org", PartyRole::Cc),
                ("kai@example.org", PartyRole::Bcc),
            ]
        );
        // 23:30 UTC is the next day in Oslo.
        assert_eq!(draft.day.to_string(), "2026-03-02");
        assert_eq!(draft.subject.as_deref(), Some("Re: lunch"));
        assert!(draft.subject_key.is_some());
    }

    #[test]
    fn mail_to_the_user_touches_its_sender_and_keeps_the_others_as_evidence() {
        let draft = read(&format!(
            "{DATE}From: Maya <maya@example.org>\nTo: me@home.example, ola@example.org\n\n"
        ))
        .unwrap();
        assert_eq!(draft.direction, MailDirection::In);
        assert_eq!(
            addresses(&draft),
            [
                ("maya@example.org", PartyRole::From),
                ("ola@example.org", PartyRole::To)
            ]
        );
        assert!(draft.parties[0].touched(MailDirection::In));
        assert!(!draft.parties[1].touched(MailDirection::In));
    }

    #[test]
    fn mail_that_reached_the_user_only_by_bcc_or_a_list_is_not_a_touch() {
        for header in [
            "From: maya@example.org\nTo: team@example.org\nBcc: me@home.example\n\n",
            "From: maya@example.org\nTo: ola@example.org\n\n",
        ] {
            assert_eq!(read(&format!("{DATE}{header}")), Err(Skip::NotToYou));
        }
    }

    #[test]
    fn bulk_role_blocked_and_crowded_mail_is_not_a_touch() {
        let cases = [
            (
                "From: news@shop.example\nTo: me@home.example\nList-Id: <x>\n",
                Skip::Bulk,
            ),
            (
                "From: noreply-7@shop.example\nTo: me@home.example\n",
                Skip::Filtered,
            ),
            (
                "From: someone@mail.spam.example\nTo: me@home.example\n",
                Skip::Filtered,
            ),
            (
                "From: me@home.example\nTo: notifications@github.example\n",
                Skip::Filtered,
            ),
            (
                "X-Gmail-Labels: Drafts\nFrom: me@home.example\nTo: maya@example.org\n",
                Skip::NotSent,
            ),
            (
                "X-Mozilla-Status: 0008\nFrom: me@home.example\nTo: maya@example.org\n",
                Skip::Deleted,
            ),
        ];
        for (header, skip) in cases {
            assert_eq!(read(&format!("{DATE}{header}\n")), Err(skip), "{header}");
        }
        let many: Vec<String> = (0..11).map(|i| format!("p{i}@example.org")).collect();
        assert_eq!(
            read(&format!(
                "{DATE}From: me@home.example\nTo: {}\n\n",
                many.join(", ")
            )),
            Err(Skip::TooManyPeople)
        );
        // Ten is still a conversation.
        assert!(read(&format!(
            "{DATE}From: me@home.example\nTo: {}\n\n",
            many[..10].join(", ")
        ))
        .is_ok());
        // A role recipient beside a person is left out, the person kept.
        let draft = read(&format!(
            "{DATE}From: me@home.example\nTo: maya@example.org, noreply@x.example\n\n"
        ))
        .unwrap();
        assert_eq!(addresses(&draft), [("maya@example.org", PartyRole::To)]);
    }

    #[test]
    fn a_message_without_a_date_takes_the_fallback_or_is_skipped() {
        let text = "From: maya@example.org\nTo: me@home.example\nMessage-ID: <2@x>\n\n";
        assert_eq!(read(text), Err(Skip::NoDate));
        let headers = Headers::parse(text.as_bytes()).unwrap();
        let arrived = DateTime::from_timestamp(1_772_400_000, 0).unwrap();
        let draft = classify(&headers, &me(), &filters(), Some(arrived), chrono_tz::UTC).unwrap();
        assert_eq!(draft.at, arrived);
    }
}
