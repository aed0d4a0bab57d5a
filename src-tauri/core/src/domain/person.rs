//! People and the identities (e-mail, phone, profiles) that name them.

use chrono::{DateTime, Utc};
use unicode_normalization::UnicodeNormalization;

use super::{
    is_national, optional_text, phone_key, phone_key_in, required_text, vocabulary, Birthday,
    Country, InputError, NamedDate, NoteId, PersonId, Stage, TouchKind, MAX_CADENCE_DAYS,
    MAX_LONG_CHARS, MAX_NAME_CHARS, MAX_SHORT_CHARS, MAX_TAGS, PHONE_TEXT,
};

vocabulary!(
    /// The kinds of handle a person can be reached or recognised by.
    IdentityKind, UnknownIdentityKind {
        Email => "email",
        Phone => "phone",
        Linkedin => "linkedin",
        X => "x",
        Facebook => "facebook",
        Instagram => "instagram",
        Website => "website",
        Other => "other",
    }
);

/// One handle of a person: what the user typed, and the normalised key that
/// matching and de-duplication use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub kind: IdentityKind,
    pub value: String,
    pub normalized: String,
}

impl Identity {
    /// Validates and normalises a handle. E-mails are lower-cased, phones
    /// become a [`phone_key`], LinkedIn URLs reduce to the `/in/<slug>`
    /// slug, X handles lose their `@`.
    pub fn new(kind: IdentityKind, value: &str) -> Result<Self, InputError> {
        let mut value = required_text(value, "identity", MAX_SHORT_CHARS)?;
        let bad = || InputError::BadIdentity {
            kind: kind.as_str(),
            value: value.clone(),
        };
        let normalized = match kind {
            IdentityKind::Email => {
                let lower = value.to_lowercase();
                let (local, domain) = lower.split_once('@').ok_or_else(bad)?;
                if local.is_empty()
                    || domain.is_empty()
                    || domain.contains('@')
                    || lower.chars().any(char::is_whitespace)
                {
                    return Err(bad());
                }
                lower
            }
            IdentityKind::Phone => phone_key(&value),
            IdentityKind::Linkedin => {
                let slug = linkedin_slug(&value).ok_or_else(bad)?;
                // Shown as people read it: `/in/zoë-…`, not `/in/zo%C3%AB-…`.
                value = percent_decoded(&value);
                slug
            }
            IdentityKind::X | IdentityKind::Instagram => {
                let handle = value
                    .rsplit('/')
                    .find(|part| !part.is_empty())
                    .unwrap_or(&value)
                    .trim_start_matches('@')
                    .to_lowercase();
                if handle.is_empty()
                    || !handle
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                {
                    return Err(bad());
                }
                handle
            }
            IdentityKind::Facebook | IdentityKind::Website | IdentityKind::Other => {
                let lower = value.to_lowercase();
                lower
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_start_matches("www.")
                    .trim_end_matches('/')
                    .to_owned()
            }
        };
        Ok(Self {
            kind,
            value,
            normalized,
        })
    }

    /// This identity keyed for a database whose home country is `home`:
    /// only a phone number written without its country changes (see
    /// [`phone_key_in`]); any other key is already what [`Identity::new`]
    /// made, and is not read again.
    pub fn in_country(mut self, home: Option<Country>) -> Self {
        if self.kind == IdentityKind::Phone && is_national(&self.value) {
            self.normalized = phone_key_in(&self.value, home);
        }
        self
    }

    /// Whether this identity may say "same person" on its own (with the
    /// names agreeing): every identity but a phone
    /// kept as text.
    pub fn is_key(&self) -> bool {
        !(self.kind == IdentityKind::Phone && self.normalized.starts_with(PHONE_TEXT))
    }
}

/// The `<slug>` of a LinkedIn profile URL (`…linkedin.com/in/<slug>/…`, with
/// or without `www.`, a locale path, a query or a trailing slash), or a bare
/// slug, in one normal form: percent-escapes decoded (one source writes
/// `zo%C3%AB`, another `zoë`), composed (NFC) and lower-cased.
pub fn linkedin_slug(value: &str) -> Option<String> {
    let decoded = percent_decoded(value.trim());
    let lower: String = decoded.nfc().collect::<String>().to_lowercase();
    let slug = match lower.find("/in/") {
        Some(at) => lower[at + 4..].split(['/', '?', '#']).next().unwrap_or(""),
        None if lower.contains('/') || lower.contains('.') => return None,
        None => lower.as_str(),
    };
    let valid = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '%');
    valid.then(|| slug.to_owned())
}

/// A text with its percent-escapes decoded when they spell UTF-8 with no
/// control characters; as given otherwise.
fn percent_decoded(text: &str) -> String {
    match percent_encoding::percent_decode_str(text).decode_utf8() {
        Ok(decoded) if !decoded.chars().any(char::is_control) => decoded.into_owned(),
        _ => text.to_owned(),
    }
}

/// A person about to be created or the full new state of one being edited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonDraft {
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub how_met: Option<String>,
    pub where_met: Option<String>,
    pub introduced_by: Option<PersonId>,
    pub cadence_days: Option<u32>,
    pub tags: Vec<String>,
    pub identities: Vec<Identity>,
}

impl PersonDraft {
    /// A draft with only a name.
    pub fn named(name: &str) -> Result<Self, InputError> {
        Self::default().with_name(name)
    }

    pub fn with_name(mut self, name: &str) -> Result<Self, InputError> {
        self.display_name = required_text(name, "name", MAX_NAME_CHARS).map_err(|e| match e {
            InputError::Empty { .. } => InputError::EmptyName,
            other => other,
        })?;
        Ok(self)
    }

    pub fn with_company(mut self, company: Option<&str>) -> Result<Self, InputError> {
        self.company = optional_text(company, "company", MAX_SHORT_CHARS)?;
        Ok(self)
    }

    pub fn with_role(mut self, role: Option<&str>) -> Result<Self, InputError> {
        self.role = optional_text(role, "role", MAX_SHORT_CHARS)?;
        Ok(self)
    }

    pub fn with_how_met(mut self, how: Option<&str>) -> Result<Self, InputError> {
        self.how_met = optional_text(how, "how you met", MAX_SHORT_CHARS)?;
        Ok(self)
    }

    pub fn with_where_met(mut self, place: Option<&str>) -> Result<Self, InputError> {
        self.where_met = optional_text(place, "where you met", MAX_SHORT_CHARS)?;
        Ok(self)
    }

    pub fn with_cadence(mut self, days: Option<u32>) -> Result<Self, InputError> {
        if let Some(days) = days {
            if days == 0 || days > MAX_CADENCE_DAYS {
                return Err(InputError::BadCadence);
            }
        }
        self.cadence_days = days;
        Ok(self)
    }

    /// Sets the tags: trimmed, blank ones dropped, duplicates (ignoring case)
    /// kept once.
    pub fn with_tags<S: AsRef<str>>(mut self, tags: &[S]) -> Result<Self, InputError> {
        let mut kept: Vec<String> = Vec::new();
        for tag in tags {
            let Some(tag) = optional_text(Some(tag.as_ref()), "tag", 100)? else {
                continue;
            };
            if !kept.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                kept.push(tag);
            }
        }
        if kept.len() > MAX_TAGS {
            return Err(InputError::TooManyTags);
        }
        self.tags = kept;
        Ok(self)
    }

    /// Adds an identity unless one with the same kind and key is there.
    pub fn with_identity(mut self, identity: Identity) -> Self {
        let known = self
            .identities
            .iter()
            .any(|i| i.kind == identity.kind && i.normalized == identity.normalized);
        if !known {
            self.identities.push(identity);
        }
        self
    }
}

/// A new person together with their history, created in one go (the
/// sample network, and imports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonBundle {
    pub person: PersonDraft,
    pub touches: Vec<crate::domain::TouchSpec>,
    /// Validated note texts (see [`Note::body`]).
    pub notes: Vec<String>,
    pub follow_ups: Vec<crate::domain::FollowUpSpec>,
    /// Validated topic texts (see [`crate::domain::Topic::text`]).
    pub topics: Vec<String>,
    pub needs: Vec<crate::domain::NeedSpec>,
}

impl PersonBundle {
    /// A person with their touches and nothing else yet.
    pub fn new(person: PersonDraft, touches: Vec<crate::domain::TouchSpec>) -> Self {
        Self {
            person,
            touches,
            notes: Vec::new(),
            follow_ups: Vec::new(),
            topics: Vec::new(),
            needs: Vec::new(),
        }
    }
}

/// A person with everything the person page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub how_met: Option<String>,
    pub where_met: Option<String>,
    pub introduced_by: Option<(PersonId, String)>,
    pub cadence_days: Option<u32>,
    pub tags: Vec<String>,
    pub identities: Vec<Identity>,
    /// The row id of each identity, in the same order (to remove or move
    /// one by id).
    pub identity_ids: Vec<i64>,
    pub notes: Vec<Note>,
    pub is_sample: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Derived from the touches by the stage rules.
    pub stage: Stage,
    pub birthday: Option<Birthday>,
    /// A wedding or other anniversary, like a birthday.
    pub anniversary: Option<Birthday>,
    /// Marked as having died: no reminders, never suggested; their dates
    /// are kept as memories.
    pub deceased: bool,
    /// Named dates ("started at Northwind"), in the order of the year.
    pub dates: Vec<NamedDate>,
}

/// One row of the people list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: PersonId,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub tags: Vec<String>,
    pub last_touch: Option<(DateTime<Utc>, TouchKind)>,
    pub is_sample: bool,
    /// Derived from the touches by the stage rules.
    pub stage: Stage,
    /// Their own cadence, else the shortest of their circles'.
    pub cadence_days: Option<u32>,
}

/// A dated free-text note about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// Whether it is the contact card's note (synced as the card's `NOTE`).
    pub on_card: bool,
}

impl Note {
    /// Validates a note's text before it is stored.
    pub fn body(text: &str) -> Result<String, InputError> {
        required_text(text, "note", MAX_LONG_CHARS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(IdentityKind::Email, " Ada@Example.COM ", "ada@example.com")]
    #[case(IdentityKind::Phone, "+44 (20) 7946-0000", "+442079460000")]
    #[case(IdentityKind::Phone, "+44 (0)20 7946 0000", "+442079460000")]
    #[case(IdentityKind::Phone, "0044 20 7946 0000", "+442079460000")]
    #[case(IdentityKind::Phone, "+49 30 1234567", "+49301234567")]
    #[case(IdentityKind::Phone, "030 1234567", "0301234567")]
    #[case(IdentityKind::Phone, "1-800-FLOWERS", "~1-800-flowers")]
    #[case(IdentityKind::Phone, "+1 555 0100 ext. 12", "~+1 555 0100 ext. 12")]
    #[case(IdentityKind::Phone, "110", "~110")]
    #[case(IdentityKind::Phone, "12 34 56", "~12 34 56")]
    #[case(
        IdentityKind::Linkedin,
        "https://www.linkedin.com/in/Ada-Lovelace-1815/",
        "ada-lovelace-1815"
    )]
    #[case(
        IdentityKind::Linkedin,
        "linkedin.com/in/jörg-müller?trk=x",
        "jörg-müller"
    )]
    #[case(IdentityKind::Linkedin, "ada-lovelace", "ada-lovelace")]
    #[case(
        IdentityKind::Linkedin,
        "https://www.linkedin.com/in/zo%C3%AB-%C3%B8deg%C3%A5rd-12ab34/",
        "zoë-ødegård-12ab34"
    )]
    #[case(
        IdentityKind::Linkedin,
        "linkedin.com/in/Zoe\u{308}-Ødegård-12ab34/de?originalSubdomain=no",
        "zoë-ødegård-12ab34"
    )]
    #[case(IdentityKind::X, "@AdaL", "adal")]
    #[case(IdentityKind::X, "https://x.com/AdaL", "adal")]
    #[case(IdentityKind::Website, "https://www.Example.org/", "example.org")]
    fn identities_normalise_to_their_key(
        #[case] kind: IdentityKind,
        #[case] value: &str,
        #[case] key: &str,
    ) {
        assert_eq!(Identity::new(kind, value).unwrap().normalized, key);
    }

    #[test]
    fn a_linkedin_url_is_shown_decoded_unless_its_escapes_are_not_text() {
        let zoe = Identity::new(
            IdentityKind::Linkedin,
            "https://www.linkedin.com/in/zo%C3%AB-%C3%B8deg%C3%A5rd-12ab34",
        )
        .unwrap();
        assert_eq!(zoe.value, "https://www.linkedin.com/in/zoë-ødegård-12ab34");
        // Escapes that are not UTF-8, or spell a control character, stay.
        let odd = Identity::new(IdentityKind::Linkedin, "linkedin.com/in/a%ff%0a").unwrap();
        assert_eq!(odd.value, "linkedin.com/in/a%ff%0a");
        assert_eq!(odd.normalized, "a%ff%0a");
    }

    #[rstest]
    #[case(IdentityKind::Email, "not-an-email")]
    #[case(IdentityKind::Email, "a@b@c")]
    #[case(IdentityKind::Email, "@example.com")]
    #[case(IdentityKind::Phone, "  ")]
    #[case(IdentityKind::Linkedin, "https://example.com/profile")]
    #[case(IdentityKind::X, "<script>")]
    #[case(IdentityKind::Email, "   ")]
    fn malformed_identities_are_refused(#[case] kind: IdentityKind, #[case] value: &str) {
        assert!(Identity::new(kind, value).is_err());
    }

    #[test]
    fn phones_kept_as_text_are_not_keys() {
        let text = Identity::new(IdentityKind::Phone, "Front desk, ask for Ada").unwrap();
        assert!(!text.is_key());
        assert!(Identity::new(IdentityKind::Phone, "+49 30 1234567")
            .unwrap()
            .is_key());
        assert!(Identity::new(IdentityKind::Email, "a@b.org")
            .unwrap()
            .is_key());
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated_ignoring_case() {
        let draft = PersonDraft::named("Ada")
            .unwrap()
            .with_tags(&[" Close ", "close", "", "Rust"])
            .unwrap();
        assert_eq!(draft.tags, vec!["Close", "Rust"]);
    }

    #[test]
    fn cadence_must_be_positive_and_bounded() {
        let draft = PersonDraft::named("Ada").unwrap();
        assert_eq!(
            draft.clone().with_cadence(Some(0)),
            Err(InputError::BadCadence)
        );
        assert_eq!(
            draft.clone().with_cadence(Some(4000)),
            Err(InputError::BadCadence)
        );
        assert_eq!(draft.with_cadence(Some(30)).unwrap().cadence_days, Some(30));
    }

    #[test]
    fn a_blank_name_is_refused() {
        assert_eq!(PersonDraft::named(" \t "), Err(InputError::EmptyName));
    }
}
