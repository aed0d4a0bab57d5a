//! E-mail as the touch log sees it: one message's header, already read as
//! incoming or outgoing by `kith-mail`'s rules, with the other people on it.
//! Every field comes from a header anyone could have written, so the
//! constructors bound and clean what they keep rather than refuse a message
//! for a long subject or a strange name.

use chrono::{DateTime, NaiveDate, Utc};

use super::{without_controls, Identity, IdentityKind, InputError, MAX_NAME_CHARS};

/// Longest subject kept (longer ones are cut, on a character boundary).
pub const MAX_SUBJECT_CHARS: usize = 300;
/// Longest message key kept as it is; a longer Message-ID is hashed.
pub const MAX_KEY_BYTES: usize = 400;

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailDirection {
    /// The user wrote it.
    Out,
    /// Someone wrote to the user.
    In,
}

impl MailDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            MailDirection::Out => "out",
            MailDirection::In => "in",
        }
    }
}

/// Where an address stood on a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartyRole {
    From,
    To,
    Cc,
    Bcc,
}

impl PartyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::From => "from",
            PartyRole::To => "to",
            PartyRole::Cc => "cc",
            PartyRole::Bcc => "bcc",
        }
    }
}

/// Someone other than the user on a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailParty {
    /// Lower-cased, as an e-mail identity's key.
    pub address: String,
    pub name: Option<String>,
    pub role: PartyRole,
}

/// An address as an e-mail identity's key, and a name that says more than
/// it (bounded, on one line); `None` for an address that is not one.
pub(super) fn address_and_name(
    address: &str,
    name: Option<&str>,
) -> Option<(String, Option<String>)> {
    let identity = Identity::new(IdentityKind::Email, address).ok()?;
    let name = name
        .map(|n| bounded(n, MAX_NAME_CHARS))
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(&identity.normalized));
    Some((identity.normalized, name))
}

impl MailParty {
    /// The party, or `None` for an address that is not one.
    pub fn new(address: &str, name: Option<&str>, role: PartyRole) -> Option<Self> {
        let (address, name) = address_and_name(address, name)?;
        Some(Self {
            address,
            name,
            role,
        })
    }

    /// Whether this party had the touch: the recipients of mail the user
    /// sent, the sender of mail the user received.
    pub fn touched(&self, direction: MailDirection) -> bool {
        match direction {
            MailDirection::Out => self.role != PartyRole::From,
            MailDirection::In => self.role == PartyRole::From,
        }
    }
}

/// One message, ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailDraft {
    /// The Message-ID without its angle brackets, or a hash of the header.
    pub key: String,
    /// The message its References (or In-Reply-To) name first, if any.
    pub root: Option<String>,
    /// A hash of the subject without its reply and forward prefixes.
    pub subject_key: Option<String>,
    pub at: DateTime<Utc>,
    /// The local date it was sent on.
    pub day: NaiveDate,
    pub direction: MailDirection,
    pub subject: Option<String>,
    pub parties: Vec<MailParty>,
}

impl MailDraft {
    /// A subject as kept: no control characters, one line, at most [`MAX_SUBJECT_CHARS`].
    pub fn clean_subject(subject: &str) -> Option<String> {
        let kept = bounded(subject, MAX_SUBJECT_CHARS);
        (!kept.is_empty()).then_some(kept)
    }
}

/// Whose mail is never a touch: role addresses by their local part
/// (`noreply`, also `noreply-42@…` and `notifications+x@…`), and blocked
/// addresses and domains (a domain blocks its subdomains).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailFilters {
    pub roles: Vec<String>,
    pub blocked: Vec<String>,
}

/// Most entries in one filter list.
pub const MAX_FILTERS: usize = 1_000;

impl MailFilters {
    /// Whether mail from or to `address` (lower-cased) is left out.
    pub fn excludes(&self, address: &str) -> bool {
        let Some((local, domain)) = address.rsplit_once('@') else {
            return true;
        };
        let base = local.split('+').next().unwrap_or(local);
        let role = self.roles.iter().any(|role| {
            base.strip_prefix(role.as_str())
                .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphabetic()))
        });
        role || self.blocked.iter().any(|blocked| {
            if blocked.contains('@') {
                blocked == address
            } else {
                domain == blocked
                    || domain
                        .strip_suffix(blocked.as_str())
                        .is_some_and(|sub| sub.ends_with('.'))
            }
        })
    }

    /// One list's entries as typed: trimmed, lower-cased, a domain's
    /// leading `@` dropped, duplicates once; an entry with white space in
    /// it, or too many entries, is refused.
    pub fn entries(values: &[String]) -> Result<Vec<String>, InputError> {
        let mut kept: Vec<String> = Vec::new();
        for value in values {
            let mut entry = value.trim().to_lowercase();
            if entry.is_empty() {
                continue;
            }
            if entry.chars().any(char::is_whitespace) || entry.len() > MAX_NAME_CHARS {
                return Err(InputError::BadFilter(value.clone()));
            }
            if entry.starts_with('@') {
                entry.remove(0);
            }
            if !kept.contains(&entry) {
                kept.push(entry);
            }
        }
        if kept.len() > MAX_FILTERS {
            return Err(InputError::TooLong {
                field: "filter list",
                len: kept.len(),
                max: MAX_FILTERS,
            });
        }
        Ok(kept)
    }
}

/// `text` on one line (each run of white space one space), without control
/// characters, cut to `max` characters.
pub(super) fn bounded(text: &str, max: usize) -> String {
    let clean = without_controls(text);
    let line = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(max) {
        Some((end, _)) => line[..end].trim_end().to_owned(),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_party_is_a_lower_cased_address_with_a_clean_name() {
        let party = MailParty::new(
            "Maya@Example.ORG",
            Some("  Maya\u{7}  Lund "),
            PartyRole::To,
        )
        .unwrap();
        assert_eq!(party.address, "maya@example.org");
        assert_eq!(party.name.as_deref(), Some("Maya Lund"));
        assert!(MailParty::new("not an address", None, PartyRole::To).is_none());
        // A name that is only the address says nothing more.
        let bare = MailParty::new("a@b.c", Some("A@B.C"), PartyRole::From).unwrap();
        assert_eq!(bare.name, None);
    }

    #[test]
    fn the_touch_goes_to_recipients_of_sent_mail_and_the_sender_of_received_mail() {
        let to = MailParty::new("a@b.c", None, PartyRole::Cc).unwrap();
        let from = MailParty::new("a@b.c", None, PartyRole::From).unwrap();
        assert!(to.touched(MailDirection::Out));
        assert!(!to.touched(MailDirection::In));
        assert!(from.touched(MailDirection::In));
        assert!(!from.touched(MailDirection::Out));
    }

    #[test]
    fn role_addresses_and_blocked_domains_are_left_out() {
        let filters = MailFilters {
            roles: vec!["noreply".into(), "notifications".into(), "news".into()],
            blocked: vec!["spam.example".into(), "boss@work.example".into()],
        };
        for out in [
            "noreply@shop.example",
            "noreply-42@shop.example",
            "notifications+abc@github.example",
            "news.daily@paper.example",
            "anyone@spam.example",
            "anyone@mail.spam.example",
            "boss@work.example",
        ] {
            assert!(filters.excludes(out), "{out} should be left out");
        }
        for kept in [
            "newsom@city.example",
            "maya@notspam.example",
            "colleague@work.example",
            "reply@shop.example",
        ] {
            assert!(!filters.excludes(kept), "{kept} should be kept");
        }
    }

    #[test]
    fn filter_entries_are_cleaned_and_checked() {
        let entries = MailFilters::entries(&[
            " @Spam.Example ".into(),
            "spam.example".into(),
            "".into(),
            "NoReply".into(),
        ])
        .unwrap();
        assert_eq!(entries, ["spam.example", "noreply"]);
        assert_eq!(
            MailFilters::entries(&["two words".into()]),
            Err(InputError::BadFilter("two words".into()))
        );
    }

    #[test]
    fn a_subject_is_kept_on_one_line_and_bounded() {
        assert_eq!(
            MailDraft::clean_subject("Re:\r\n  lunch\tnext week").as_deref(),
            Some("Re: lunch next week")
        );
        assert_eq!(MailDraft::clean_subject(" \u{1} "), None);
        let long = "é".repeat(MAX_SUBJECT_CHARS + 50);
        let kept = MailDraft::clean_subject(&long).unwrap();
        assert_eq!(kept.chars().count(), MAX_SUBJECT_CHARS);
    }
}
