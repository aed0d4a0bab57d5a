//! LinkedIn's data export: `Connections.csv` (people), `Invitations.csv`
//! (the personal messages sent with invitations) and `messages.csv` (every
//! message, each a touch whose direction depends on whether the account
//! owner sent it).

use std::collections::{HashMap, HashSet};
use std::fs::File;

use kith_core::domain::{
    linkedin_slug, Channel, Direction, Identity, IdentityKind, InputError, PersonDraft, TouchKind,
    TouchSpec, MAX_SHORT_CHARS,
};
use kith_core::import::{Contact, Row, Skipped};

use crate::csv_source::{Columns, CsvSource, Record};
use crate::{text, ExchangeError};

/// Characters of a message kept as the touch's summary.
const SUMMARY_CHARS: usize = 280;

fn rows(
    mut source: CsvSource,
    mut row: impl FnMut(&Columns, &Record) -> Vec<Row>,
) -> impl Iterator<Item = Result<Row, ExchangeError>> {
    let mut pending: std::collections::VecDeque<Row> = Default::default();
    std::iter::from_fn(move || loop {
        if let Some(ready) = pending.pop_front() {
            return Some(Ok(ready));
        }
        match source.next_record()? {
            Err(error) => return Some(Err(error)),
            Ok(Err((line, oversized))) => {
                return Some(Ok(Row::Skipped(Skipped::new(line, oversized.reason()))))
            }
            Ok(Ok(record)) => pending.extend(row(&source.columns, &record)),
        }
    })
}

/// Opens a LinkedIn CSV known by its header (`what` names it for the
/// error when it is not) and reads each record with `row`, which gets the
/// record's line and its columns by name.
fn read<R>(
    file: File,
    name: &str,
    is_header: impl Fn(&Columns) -> bool,
    what: &str,
    mut row: R,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError>
where
    R: FnMut(u64, &dyn Fn(&str) -> Option<String>) -> Vec<Row>,
{
    let source = CsvSource::open(file, name, is_header, what)?;
    Ok(rows(source, move |columns, record| {
        row(record.line, &|name: &str| columns.get(&record.fields, name))
    }))
}

fn contact(
    line: u64,
    person: Result<PersonDraft, InputError>,
    touches: Vec<TouchSpec>,
    key: Option<String>,
) -> Row {
    match person {
        Ok(person) => Row::Contact(Box::new(Contact::with_touches(
            line,
            key.map(|k| ("linkedin", k)),
            person,
            touches,
        ))),
        Err(error) => Row::Skipped(Skipped::invalid(line, &error)),
    }
}

/// Adds an identity when the value is a valid one of its kind; a bad value
/// in an optional column does not cost the row.
fn with_identity(draft: PersonDraft, kind: IdentityKind, value: Option<&str>) -> PersonDraft {
    match value.map(|v| Identity::new(kind, v)) {
        Some(Ok(identity)) => draft.with_identity(identity),
        _ => draft,
    }
}

/// `Connections.csv`, current (with `URL`) or older (without) header.
pub fn connections(
    file: File,
    name: &str,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    read(
        file,
        name,
        |c| c.has("first name") && c.has("last name") && c.has("connected on"),
        "LinkedIn Connections (First Name, Last Name, …, Connected On)",
        |line, get| {
            let full = [get("first name"), get("last name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let connected = get("connected on");
            if full.is_empty() {
                let reason = if connected.is_some() {
                    "a hidden profile: LinkedIn gives only the date you connected"
                } else {
                    "an empty row"
                };
                return skipped(line, reason);
            }
            let person = PersonDraft::named(&full)
                .and_then(|d| d.with_company(get("company").as_deref()))
                .and_then(|d| d.with_role(get("position").as_deref()))
                .map(|d| with_identity(d, IdentityKind::Linkedin, get("url").as_deref()))
                .map(|d| with_identity(d, IdentityKind::Email, get("email address").as_deref()));
            let at = connected.as_deref().and_then(text::date);
            // A date Kith cannot read is said, not dropped: the person comes
            // in without it and the report names the value.
            let unread = match (&connected, at) {
                (Some(value), None) if person.is_ok() => Some(Row::Skipped(Skipped::new(
                    line,
                    format!(
                        "Connected On “{}” is not a date Kith reads; {full} is imported without it",
                        value.chars().take(40).collect::<String>()
                    ),
                ))),
                _ => None,
            };
            let touches = at
                .and_then(|at| {
                    TouchSpec::new(
                        TouchKind::Connected,
                        Channel::Linkedin,
                        Direction::Mutual,
                        at,
                        Some("Connected on LinkedIn"),
                    )
                    .ok()
                })
                .into_iter()
                .collect();
            // Without a profile URL (older exports), the name and the day
            // connected identify the row in the next export.
            let key = Some(format!(
                "{}|{}",
                full.to_lowercase(),
                connected.unwrap_or_default()
            ));
            std::iter::once(contact(line, person, touches, key))
                .chain(unread)
                .collect()
        },
    )
}

/// `Invitations.csv`: an invitation with a personal message is a touch
/// with the other person (out when you sent it).
pub fn invitations(
    file: File,
    name: &str,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    read(
        file,
        name,
        |c| c.has("from") && c.has("to") && c.has("direction"),
        "LinkedIn Invitations (From, To, Sent At, Message, Direction)",
        |line, get| {
            let outgoing = match get("direction").map(|d| d.to_ascii_uppercase()).as_deref() {
                Some("OUTGOING") => true,
                Some("INCOMING") => false,
                other => {
                    return skipped(
                        line,
                        &format!(
                            "the direction {:?} is neither INCOMING nor OUTGOING",
                            other.unwrap_or("")
                        ),
                    )
                }
            };
            let (who, url) = if outgoing {
                (get("to"), get("inviteeprofileurl"))
            } else {
                (get("from"), get("inviterprofileurl"))
            };
            let Some(who) = who else {
                return skipped(line, "no name for the other person");
            };
            let Some(message) = get("message").and_then(|m| text::summary(&m, MAX_SHORT_CHARS))
            else {
                return skipped(line, "an invitation without a personal message");
            };
            let Some(at) = get("sent at").as_deref().and_then(text::date_time) else {
                return skipped(line, "no date Kith can read in Sent At");
            };
            let direction = if outgoing {
                Direction::Out
            } else {
                Direction::In
            };
            let touch = TouchSpec::new(
                TouchKind::Note,
                Channel::Linkedin,
                direction,
                at,
                Some(&message),
            );
            let person = PersonDraft::named(&who)
                .map(|d| with_identity(d, IdentityKind::Linkedin, url.as_deref()));
            match touch {
                Ok(touch) => vec![contact(line, person, vec![touch], None)],
                Err(error) => vec![Row::Skipped(Skipped::invalid(line, &error))],
            }
        },
    )
}

/// Who the account owner is in `messages.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Their profile slug, when known.
    slug: Option<String>,
    /// Their name, lower-case.
    name: Option<String>,
}

impl Owner {
    /// From what the user said: a profile URL or slug, or a name.
    pub fn given(me: &str) -> Owner {
        match linkedin_slug(me) {
            Some(slug) if me.contains('/') || !me.contains(' ') => Owner {
                slug: Some(slug),
                name: None,
            },
            _ => Owner {
                slug: None,
                name: Some(me.trim().to_lowercase()),
            },
        }
    }

    fn is(&self, slug: Option<&str>, name: Option<&str>) -> bool {
        match (&self.slug, slug) {
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => match (&self.name, name) {
                (Some(mine), Some(theirs)) => *mine == theirs.trim().to_lowercase(),
                _ => false,
            },
        }
    }
}

/// Both layouts LinkedIn has written `messages.csv` in: today's
/// (`CONVERSATION ID, …, FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE
/// URLS, DATE, …, CONTENT, FOLDER`) and 2018's (`From, To, Date, Subject,
/// Content, Direction, Folder`: names only, the direction said).
fn message_source(file: File, name: &str) -> Result<CsvSource, ExchangeError> {
    CsvSource::open(
        file,
        name,
        |c| c.has("from") && c.has("content") && (c.has("conversation id") || c.has("direction")),
        "LinkedIn messages (CONVERSATION ID, FROM, …, CONTENT; or From, To, Date, Subject, Content, Direction)",
    )
}

/// A participant of a conversation: profile slug (when given) and name.
type Participant = (Option<String>, String);

/// The participants of a message: (slug, name) of the sender and of each
/// recipient. Recipient names are split on commas only when they line up
/// with the profile URLs.
fn participants(columns: &Columns, record: &Record) -> (Option<Participant>, Vec<Participant>) {
    let get = |name: &str| columns.get(&record.fields, name);
    let sender = get("from").map(|n| {
        (
            get("sender profile url").as_deref().and_then(linkedin_slug),
            n,
        )
    });
    let urls: Vec<Option<String>> = get("recipient profile urls")
        .map(|u| u.split(',').map(|u| linkedin_slug(u.trim())).collect())
        .unwrap_or_default();
    let names: Vec<String> = get("to")
        .map(|t| {
            t.split(',')
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let recipients = if names.len() == urls.len() {
        urls.into_iter().zip(names).collect()
    } else if urls.len() == 1 {
        vec![(urls[0].clone(), get("to").unwrap_or_default())]
    } else {
        names.into_iter().map(|n| (None, n)).collect()
    };
    (sender, recipients)
}

/// Infers the account owner: the one participant (by profile) who takes
/// part in more conversations than anyone else. When that is not clear
/// (one conversation, a tie), the user is asked.
pub fn infer_owner(file: File, name: &str) -> Result<Owner, ExchangeError> {
    let mut source = message_source(file, name)?;
    if source.columns.has("direction") {
        // 2018's layout says each message's direction: no one to infer.
        return Ok(Owner {
            slug: None,
            name: None,
        });
    }
    let mut seen: HashMap<String, HashSet<String>> = HashMap::new();
    while let Some(next) = source.next_record() {
        let Ok(record) = next? else { continue };
        let conversation = source
            .columns
            .get(&record.fields, "conversation id")
            .unwrap_or_default();
        let (sender, recipients) = participants(&source.columns, &record);
        for (slug, _) in sender.into_iter().chain(recipients) {
            if let Some(slug) = slug {
                seen.entry(slug).or_default().insert(conversation.clone());
            }
        }
    }
    let mut counts: Vec<(usize, String)> =
        seen.into_iter().map(|(slug, c)| (c.len(), slug)).collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    match counts.as_slice() {
        [(top, slug), rest @ ..] if *top >= 2 && rest.first().is_none_or(|(next, _)| next < top) => Ok(Owner {
            slug: Some(slug.clone()),
            name: None,
        }),
        _ => Err(ExchangeError::Malformed {
            file: name.to_owned(),
            message: "Kith cannot tell which participant is you; say who you are (your LinkedIn profile URL or name)".to_owned(),
        }),
    }
}

/// `messages.csv`: each message is a touch — out to every other recipient
/// when the owner sent it, in from the sender otherwise.
pub fn messages(
    file: File,
    name: &str,
    owner: Owner,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    let source = message_source(file, name)?;
    Ok(rows(source, move |columns, record| {
        let line = record.line;
        let get = |name: &str| columns.get(&record.fields, name);
        if get("folder").is_some_and(|f| f.eq_ignore_ascii_case("spam")) {
            return skipped(line, "a message in the spam folder");
        }
        let Some(at) = get("date").as_deref().and_then(text::date_time) else {
            return skipped(line, "no date Kith can read in DATE");
        };
        let body = get("subject")
            .into_iter()
            .chain(get("content"))
            .collect::<Vec<_>>()
            .join(": ");
        let summary = text::summary(&body, SUMMARY_CHARS);
        let (sender, recipients) = participants(columns, record);
        let Some((sender_slug, sender_name)) = sender else {
            return skipped(line, "no sender");
        };
        // 2018's layout says which way each message went.
        let said = get("direction").map(|d| d.to_ascii_uppercase());
        let sent_by_owner = match said.as_deref() {
            Some("OUTGOING") | Some("SENT") => true,
            Some("INCOMING") | Some("RECEIVED") => false,
            Some(_) => return skipped(line, "a DIRECTION other than INCOMING or OUTGOING"),
            None => owner.is(sender_slug.as_deref(), Some(&sender_name)),
        };
        let touch = |direction| {
            TouchSpec::new(
                TouchKind::Message,
                Channel::Linkedin,
                direction,
                at,
                summary.as_deref(),
            )
        };
        let person = |slug: &Option<String>, name: &str| {
            PersonDraft::named(name)
                .map(|d| with_identity(d, IdentityKind::Linkedin, slug.as_deref()))
        };
        // Someone known by name only (2018's layout has no profiles) is
        // one person across the file's rows, and again next time.
        let key = |slug: &Option<String>, name: &str| {
            slug.is_none().then(|| {
                format!(
                    "messages:{}",
                    name.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                )
            })
        };
        if sent_by_owner {
            let others: Vec<&Participant> = recipients
                .iter()
                .filter(|(slug, name)| !owner.is(slug.as_deref(), Some(name)))
                .collect();
            if others.is_empty() {
                return skipped(line, "a message with no recipient other than you");
            }
            others
                .into_iter()
                .map(|(slug, name)| match touch(Direction::Out) {
                    Ok(t) => contact(line, person(slug, name), vec![t], key(slug, name)),
                    Err(e) => Row::Skipped(Skipped::invalid(line, &e)),
                })
                .collect()
        } else {
            match touch(Direction::In) {
                Ok(t) => vec![contact(
                    line,
                    person(&sender_slug, &sender_name),
                    vec![t],
                    key(&sender_slug, &sender_name),
                )],
                Err(e) => vec![Row::Skipped(Skipped::invalid(line, &e))],
            }
        }
    }))
}
/// A row that is skipped, and why.
fn skipped(line: u64, why: &str) -> Vec<Row> {
    vec![Row::Skipped(Skipped::new(line, why))]
}
