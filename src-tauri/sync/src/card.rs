//! A person as a vCard on the server. Kith reads and writes only the
//! properties it owns — `FN`/`N`, `ORG`, `TITLE`, `BDAY`, `EMAIL`, `TEL`,
//! `URL`, `X-SOCIALPROFILE`, `CATEGORIES` (tags), `NOTE` (the person's card
//! note), `RELATED` to another card by its `UID` (links vCard has a word
//! for), `PHOTO` (told apart by a key, so a phone's photo is written over
//! only when the photo changed here), `UID`, `REV` — and patches them onto
//! the server's copy line by line, so everything else a phone or another
//! client wrote (addresses, `itemN.` groups with their labels, `X-`
//! properties) is written back as it came.

use chrono::{DateTime, NaiveDateTime, Utc};
use kith_core::domain::{related_kind, related_type, Identity, IdentityKind, LinkKind};
use kith_core::import::Birthday;
use kith_core::photo::{link_key, photo_key, PhotoSource};
use kith_core::store::{CardPhoto, PersonFields, StoredPhoto, SyncPhoto, SyncedPerson};
use kith_exchange::content::{components, escape, fold, list_values};
use kith_exchange::export::{birthday_property, identity_property, photo_property};
use kith_exchange::vcard::{card_photo, parse_birthday};
use serde::{Deserialize, Serialize};

use crate::name;
use kith_exchange::content::{unfold, Block, Line};

/// The fields of a person that sync carries, as compared and merged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Card {
    pub name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    /// Kith's form: `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
    /// Like `birthday` (absent from cards stored before anniversaries
    /// synced).
    #[serde(default)]
    pub anniversary: Option<String>,
    /// `(kind, value)`: e-mails, phones and profiles.
    pub identities: Vec<(String, String)>,
    pub tags: Vec<String>,
    /// The card's `NOTE`: the person's card note here (absent from cards
    /// stored before notes crossed).
    #[serde(default)]
    pub note: Option<String>,
    /// `RELATED` to other cards: Kith's word for what the other is (see
    /// `related_type`) and their `UID` (absent from cards stored before
    /// links crossed).
    #[serde(default)]
    pub related: Vec<(String, String)>,
    /// The photo's key (`kith_core::photo::photo_key`, `link_key`); a
    /// `PHOTO` Kith cannot read counts as none (absent from cards stored
    /// before photos crossed).
    #[serde(default)]
    pub photo: Option<String>,
    /// The photo itself, on a card read from the server (never stored).
    #[serde(skip)]
    pub photo_from_card: Option<CardPhoto>,
}

/// A `RELATED` line to another card: the canonical word and the `UID`;
/// `None` for a name as text, an `emergency` contact and the like.
fn related_of(line: &Line) -> Option<(String, String)> {
    if line.name != "RELATED"
        || line
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("text"))
    {
        return None;
    }
    let value = line.value.trim();
    let uid = value
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("urn:uuid:"))
        .map(|_| &value[9..])?;
    let types = line.types();
    let (kind, other_first) = if types.is_empty() {
        (LinkKind::Friend, false)
    } else {
        types.iter().find_map(|t| related_kind(t))?
    };
    let word = related_type(kind, other_first)?;
    (!uid.is_empty()).then(|| (word.to_owned(), uid.to_owned()))
}

/// Related pairs as compared: the word and the uid without case, sorted.
pub fn related_keys(related: &[(String, String)]) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = related
        .iter()
        .map(|(w, u)| (w.to_lowercase(), u.to_lowercase()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

impl Card {
    /// A person's synced fields.
    pub fn of(person: &SyncedPerson) -> Card {
        Card {
            name: person.draft.display_name.clone(),
            company: person.draft.company.clone(),
            role: person.draft.role.clone(),
            birthday: person.birthday.clone(),
            anniversary: person.anniversary.clone(),
            identities: person
                .draft
                .identities
                .iter()
                .map(|i| (i.kind.as_str().to_owned(), i.value.clone()))
                .collect(),
            tags: person.draft.tags.clone(),
            note: person.card_note.clone(),
            related: person.related.clone(),
            photo: person.photo.clone(),
            photo_from_card: None,
        }
    }

    /// The fields as the store writes them (identities Kith cannot read
    /// are left out).
    pub fn to_fields(&self) -> PersonFields {
        PersonFields {
            display_name: self.name.clone(),
            company: self.company.clone(),
            role: self.role.clone(),
            tags: self.tags.clone(),
            identities: self.handles(),
            birthday: self.birthday.clone(),
            anniversary: self.anniversary.clone(),
            card_note: self.note.clone(),
            related: self.related.clone(),
            photo: self.photo.as_ref().map(|key| SyncPhoto {
                key: key.clone(),
                from_card: self.photo_from_card.clone(),
            }),
        }
    }

    /// The identities, validated.
    pub fn handles(&self) -> Vec<Identity> {
        self.identities
            .iter()
            .filter_map(|(kind, value)| Identity::new(kind.parse().ok()?, value).ok())
            .collect()
    }

    /// Each identity's matching key (kind and normalised value), in order.
    pub fn identity_keys(&self) -> Vec<(String, String)> {
        self.handles()
            .into_iter()
            .map(|i| (i.kind.as_str().to_owned(), i.normalized))
            .collect()
    }

    /// Whether two cards say the same: identities compared by their keys
    /// and tags ignoring case, both in any order (servers and phones
    /// reorder and reformat).
    pub fn same(&self, other: &Card) -> bool {
        let sorted = |mut v: Vec<(String, String)>| {
            v.sort();
            v.dedup();
            v
        };
        let tags = |c: &Card| {
            let mut t: Vec<String> = c.tags.iter().map(|t| t.to_lowercase()).collect();
            t.sort();
            t.dedup();
            t
        };
        self.name == other.name
            && self.company == other.company
            && self.role == other.role
            && self.birthday == other.birthday
            && self.anniversary == other.anniversary
            && sorted(self.identity_keys()) == sorted(other.identity_keys())
            && tags(self) == tags(other)
            && note_text(&self.note) == note_text(&other.note)
            && related_keys(&self.related) == related_keys(&other.related)
            && self.photo == other.photo
    }
}

/// A note as compared: its text without the ends' whitespace and with
/// one kind of line end; none when empty.
fn note_text(note: &Option<String>) -> Option<String> {
    note.as_deref()
        .map(|n| n.replace("\r\n", "\n").trim().to_owned())
        .filter(|n| !n.is_empty())
}

/// The identity a line holds, if it is one Kith owns.
fn identity_of(line: &Line) -> Option<Identity> {
    let value = line.text_value();
    let (kind, value) = match line.name.as_str() {
        "EMAIL" => (
            IdentityKind::Email,
            value.strip_prefix("mailto:").unwrap_or(&value).to_owned(),
        ),
        "TEL" => (
            IdentityKind::Phone,
            value.strip_prefix("tel:").unwrap_or(&value).to_owned(),
        ),
        "URL" | "X-SOCIALPROFILE" => (profile_kind(line, &value)?, value),
        _ => return None,
    };
    Identity::new(kind, &value).ok()
}

/// What kind of profile a `URL` or `X-SOCIALPROFILE` is: by its `TYPE`
/// (Apple writes `twitter`, `linkedin`, ...), else by its address.
fn profile_kind(line: &Line, value: &str) -> Option<IdentityKind> {
    let named = line.types().iter().find_map(|t| match t.as_str() {
        "linkedin" => Some(IdentityKind::Linkedin),
        "x" | "twitter" => Some(IdentityKind::X),
        "facebook" => Some(IdentityKind::Facebook),
        "instagram" => Some(IdentityKind::Instagram),
        "other" => Some(IdentityKind::Other),
        _ => None,
    });
    if named.is_some() {
        return named;
    }
    let lower = value.to_ascii_lowercase();
    let host = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .split('/')
        .next()
        .unwrap_or("");
    Some(match host {
        "linkedin.com" | "uk.linkedin.com" if lower.contains("/in/") => IdentityKind::Linkedin,
        "x.com" | "twitter.com" | "mobile.twitter.com" => IdentityKind::X,
        "facebook.com" | "m.facebook.com" | "fb.com" => IdentityKind::Facebook,
        "instagram.com" => IdentityKind::Instagram,
        _ if line.name == "URL" => IdentityKind::Website,
        _ => IdentityKind::Other,
    })
}

/// A vCard as the server holds it, every line kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VCard {
    block: Block,
}

/// How a card writes a date without a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearLess {
    /// `--MMDD` (vCard 4.0, ISO 8601's reduced form).
    Basic,
    /// `--MM-DD`.
    Dashed,
    /// Apple's: year 1604, marked with `X-APPLE-OMIT-YEAR`.
    Apple,
}

impl YearLess {
    /// The property `name` holding the month and day of `date`.
    fn line(self, name: &str, date: Birthday) -> String {
        let (m, d) = (date.month, date.day);
        match self {
            YearLess::Basic => format!("{name}:--{m:02}{d:02}"),
            YearLess::Dashed => format!("{name}:--{m:02}-{d:02}"),
            YearLess::Apple => format!("{name};X-APPLE-OMIT-YEAR=1604:1604-{m:02}-{d:02}"),
        }
    }
}

impl VCard {
    /// The first card in `text`, or `None` when there is none.
    pub fn parse(text: &str) -> Option<VCard> {
        let mut lines = Vec::new();
        let mut inside = false;
        let mut depth = 0;
        for raw in unfold(text) {
            let Some(line) = Line::parse(&raw) else {
                continue;
            };
            let card = line.value.trim().eq_ignore_ascii_case("VCARD");
            match line.name.as_str() {
                "BEGIN" if card => {
                    depth += 1;
                    inside = true;
                }
                "END" if card => {
                    depth -= 1;
                    if depth == 0 {
                        lines.push(line);
                        return Some(VCard {
                            block: Block { lines },
                        });
                    }
                }
                _ => {}
            }
            if inside {
                lines.push(line);
            }
        }
        None
    }

    /// A new vCard 4.0 for a person.
    pub fn new(uid: &str, card: &Card, now: DateTime<Utc>) -> VCard {
        let mut vcard = VCard {
            block: Block {
                lines: vec![
                    Line::own("BEGIN:VCARD".into()),
                    Line::own("VERSION:4.0".into()),
                    Line::own("PRODID:-//Kith//Kith//EN".into()),
                    Line::own(format!("UID:{}", escape(uid))),
                    Line::own("END:VCARD".into()),
                ],
            },
        };
        vcard.patch(card, now);
        vcard
    }

    /// The card as text, folded, CRLF line ends.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.block.lines {
            fold(&line.text(), &mut out);
        }
        out
    }

    /// Where the card keeps an anniversary: vCard 4.0's `ANNIVERSARY`, the
    /// `X-ANNIVERSARY` of 3.0 clients (Evolution, KDE), or Apple's
    /// `X-ABDATE` labelled `_$!<Anniversary>!$_`.
    fn anniversary_line(&self) -> Option<&Line> {
        self.block
            .first("ANNIVERSARY")
            .or_else(|| self.block.first("X-ANNIVERSARY"))
            .or_else(|| self.apple_anniversary().map(|i| &self.block.lines[i]))
    }

    /// The index of Apple's anniversary line, if the card has one.
    fn apple_anniversary(&self) -> Option<usize> {
        self.block.lines.iter().position(|l| {
            l.name == "X-ABDATE"
                && l.group.as_ref().is_some_and(|g| {
                    self.block.lines.iter().any(|label| {
                        label.name == "X-ABLABEL"
                            && label.group.as_ref() == Some(g)
                            && label.value.to_lowercase().contains("anniversary")
                    })
                })
        })
    }

    /// Writes the anniversary where the card keeps it: Apple's line stays
    /// Apple's (its group and label kept); otherwise `ANNIVERSARY` in 4.0,
    /// `X-ANNIVERSARY` in 3.0 (which has no property of its own for it);
    /// `None` removes it.
    fn patch_anniversary(&mut self, date: Option<Birthday>, v4: bool) {
        let style = self.year_less();
        let text = |name: &str, d: Birthday| match (d.year, v4) {
            (Some(y), true) => format!("{name}:{y:04}{:02}{:02}", d.month, d.day),
            (Some(y), false) => format!("{name}:{y:04}-{:02}-{:02}", d.month, d.day),
            (None, _) => style.line(name, d),
        };
        if let Some(at) = self.apple_anniversary() {
            match date {
                Some(d) => {
                    let mut line = Line::own(text("X-ABDATE", d));
                    line.group = self.block.lines[at].group.clone();
                    self.block.lines[at] = line;
                }
                None => {
                    // The date and its label: the group is theirs alone.
                    if let Some(group) = self.block.lines[at].group.clone() {
                        self.block
                            .lines
                            .retain(|l| l.group.as_ref() != Some(&group));
                    }
                }
            }
            return;
        }
        let (name, other) = if v4 {
            ("ANNIVERSARY", "X-ANNIVERSARY")
        } else {
            ("X-ANNIVERSARY", "ANNIVERSARY")
        };
        self.block.set(other, None);
        self.block.set(name, date.map(|d| text(name, d)));
    }

    /// Whether an Apple client wrote the card (its `PRODID`, or its own
    /// properties and labels).
    fn written_by_apple(&self) -> bool {
        self.block.lines.iter().any(|l| {
            (l.name == "PRODID" && l.value.to_ascii_lowercase().contains("apple"))
                || l.name.starts_with("X-APPLE-")
                || l.name.starts_with("X-AB")
                || l.name.starts_with("X-ADDRESSBOOKSERVER-")
                || l.param("X-APPLE-OMIT-YEAR").is_some()
        })
    }

    /// How this card's producer writes a date without a year: vCard 4.0's
    /// `--MMDD`; on a 3.0 card (which has no form of its own) Apple's
    /// `1604` with `X-APPLE-OMIT-YEAR` when an Apple client wrote it, else
    /// the form the card already uses, else `--MMDD`.
    fn year_less(&self) -> YearLess {
        if self.version4() {
            return YearLess::Basic;
        }
        if self.written_by_apple() {
            return YearLess::Apple;
        }
        let dashed = self.block.lines.iter().any(|l| {
            matches!(l.name.as_str(), "BDAY" | "ANNIVERSARY" | "X-ANNIVERSARY")
                && l.value.trim().starts_with("--")
                && l.value.trim().len() == 7
        });
        if dashed {
            YearLess::Dashed
        } else {
            YearLess::Basic
        }
    }

    /// Whether the card is vCard 4.0 (what Kith writes back in).
    pub fn version4(&self) -> bool {
        self.block
            .first("VERSION")
            .is_some_and(|l| l.value.trim() == "4.0")
    }

    /// The card's `UID`.
    pub fn uid(&self) -> Option<String> {
        self.block
            .first("UID")
            .map(Line::text_value)
            .filter(|u| !u.is_empty())
    }

    /// When the card was last changed, by its `REV`.
    pub fn rev(&self) -> Option<DateTime<Utc>> {
        let value = self.block.first("REV")?.value.trim().to_owned();
        if let Ok(t) = DateTime::parse_from_rfc3339(&value) {
            return Some(t.with_timezone(&Utc));
        }
        ["%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%SZ", "%Y%m%dT%H%M%S"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(&value, f).ok())
            .map(|t| t.and_utc())
    }

    /// The fields Kith owns, as this card says them; `None` when the card
    /// names nobody (no name, organisation, e-mail or phone).
    pub fn fields(&self) -> Option<Card> {
        let text = |name: &str| {
            self.block
                .first(name)
                .map(Line::text_value)
                .filter(|v| !v.is_empty())
        };
        let company = self
            .block
            .first("ORG")
            .and_then(|l| components(&l.value).into_iter().next())
            .filter(|o| !o.is_empty());
        let identities: Vec<Identity> = self.block.lines.iter().filter_map(identity_of).collect();
        let photo = self.photo();
        let from_n = self.block.first("N").map(|l| {
            let n = components(&l.value);
            [n.get(3), n.get(1), n.get(2), n.first(), n.get(4)]
                .into_iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let name = text("FN")
            .or(from_n.filter(|n| !n.is_empty()))
            .or(company.clone())
            .or_else(|| identities.first().map(|i| i.value.clone()))?;
        let birthday = self
            .block
            .first("BDAY")
            .and_then(|l| parse_birthday(&l.value, l.param("X-APPLE-OMIT-YEAR").as_deref()))
            .map(Birthday::to_text);
        let anniversary = self
            .anniversary_line()
            .and_then(|l| parse_birthday(&l.value, l.param("X-APPLE-OMIT-YEAR").as_deref()))
            .map(Birthday::to_text);
        let tags = self
            .block
            .lines
            .iter()
            .filter(|l| l.name == "CATEGORIES")
            .flat_map(|l| list_values(&l.value))
            .filter(|t| !t.is_empty())
            .collect();
        // More than one NOTE (allowed in 4.0): read as one, a blank line
        // between.
        let notes: Vec<String> = self
            .block
            .lines
            .iter()
            .filter(|l| l.name == "NOTE")
            .map(Line::text_value)
            .filter(|n| !n.trim().is_empty())
            .collect();
        Some(Card {
            name,
            company,
            role: text("TITLE"),
            birthday,
            anniversary,
            note: (!notes.is_empty()).then(|| notes.join("\n\n")),
            identities: identities
                .into_iter()
                .map(|i| (i.kind.as_str().to_owned(), i.value))
                .collect(),
            tags,
            related: self.block.lines.iter().filter_map(related_of).collect(),
            photo: photo.as_ref().map(|(key, _)| key.clone()),
            photo_from_card: photo.map(|(_, card)| card),
        })
    }

    /// The card's photo, with its key, when Kith can read it: an image
    /// within the bounds Kith takes (read from its header), or a link.
    fn photo(&self) -> Option<(String, CardPhoto)> {
        let line = self.block.lines.iter().find(|l| l.name == "PHOTO")?;
        match card_photo(&line.value, line.param("ENCODING").as_deref()).ok()?? {
            CardPhoto::Image(bytes) => {
                kith_core::photo::check(&bytes).ok()?;
                Some((photo_key(&bytes), CardPhoto::Image(bytes)))
            }
            CardPhoto::Link(url) => {
                PhotoSource::link(&url).ok()?;
                Some((link_key(&url), CardPhoto::Link(url)))
            }
        }
    }

    /// Makes the card's photo the one with `key`: nothing changes when the
    /// card holds it already; `None` removes a photo Kith can read (one it
    /// cannot read stays as the other client wrote it); another key writes
    /// the photo `kept` gives (Kith's JPEG, or its link).
    pub fn patch_photo(&mut self, key: Option<&str>, kept: impl FnOnce() -> Option<StoredPhoto>) {
        let current = self.photo().map(|(key, _)| key);
        if current.as_deref() == key {
            return;
        }
        match key {
            None if current.is_some() => self.block.set("PHOTO", None),
            None => {}
            Some(_) => {
                if let Some(line) = kept().and_then(|p| photo_property(&p, self.version4())) {
                    self.block.set("PHOTO", Some(line));
                }
            }
        }
    }

    /// Makes the card say `card`, changing only the lines whose meaning
    /// differs: an e-mail still there keeps its line (group, label, type),
    /// a removed one's line goes (with its group's label, when nothing else
    /// of the group is left), a new one is added.
    pub fn patch(&mut self, card: &Card, now: DateTime<Utc>) {
        let v4 = self.version4();
        let current = self.fields().unwrap_or_default();
        if current.name != card.name || self.block.first("FN").is_none() {
            let n = name::renamed(
                self.block.first("N").map(|l| l.value.as_str()),
                &current.name,
                &card.name,
            );
            self.block
                .set("FN", Some(format!("FN:{}", escape(&card.name))));
            self.block.set("N", Some(n));
        }
        if current.company != card.company {
            self.block.set(
                "ORG",
                card.company.as_ref().map(|c| format!("ORG:{}", escape(c))),
            );
        }
        if current.role != card.role {
            self.block.set(
                "TITLE",
                card.role.as_ref().map(|r| format!("TITLE:{}", escape(r))),
            );
        }
        if current.birthday != card.birthday {
            let style = self.year_less();
            let line = card
                .birthday
                .as_deref()
                .and_then(Birthday::parse)
                .map(|b| match b.year {
                    Some(_) => birthday_property(b, v4),
                    None => style.line("BDAY", b),
                });
            self.block.set("BDAY", line);
        }
        if current.anniversary != card.anniversary {
            self.patch_anniversary(card.anniversary.as_deref().and_then(Birthday::parse), v4);
        }
        if note_text(&current.note) != note_text(&card.note) {
            let first = self.block.lines.iter().position(|l| l.name == "NOTE");
            self.block.lines.retain(|l| l.name != "NOTE");
            if let Some(note) = note_text(&card.note) {
                let line = Line::own(format!("NOTE:{}", escape(&note)));
                match first {
                    Some(at) => self
                        .block
                        .lines
                        .insert(at.min(self.block.lines.len()), line),
                    None => self.block.insert(line),
                }
            }
        }
        self.patch_identities(card, v4);
        let tags = |c: &Card| {
            let mut t: Vec<String> = c.tags.iter().map(|t| t.to_lowercase()).collect();
            t.sort();
            t
        };
        if tags(&current) != tags(card) {
            let line = (!card.tags.is_empty()).then(|| {
                let list: Vec<String> = card.tags.iter().map(|t| escape(t)).collect();
                format!("CATEGORIES:{}", list.join(","))
            });
            self.block.lines.retain(|l| l.name != "CATEGORIES");
            if let Some(line) = line {
                self.block.insert(Line::own(line));
            }
        }
        if related_keys(&current.related) != related_keys(&card.related) {
            let wanted = related_keys(&card.related);
            let mut present = Vec::new();
            self.block.lines.retain(|l| match related_of(l) {
                Some((w, u)) => {
                    let k = (w.to_lowercase(), u.to_lowercase());
                    let keep = wanted.contains(&k) && !present.contains(&k);
                    present.push(k);
                    keep
                }
                None => true,
            });
            for (word, uid) in &card.related {
                let k = (word.to_lowercase(), uid.to_lowercase());
                if !present.contains(&k) {
                    present.push(k);
                    self.block.insert(Line::own(format!(
                        "RELATED;TYPE={}:urn:uuid:{}",
                        escape(word),
                        uid
                    )));
                }
            }
        }
        let rev = format!("REV:{}", now.format("%Y%m%dT%H%M%SZ"));
        self.block.set("REV", Some(rev));
    }

    fn patch_identities(&mut self, card: &Card, v4: bool) {
        let wanted: Vec<Identity> = card.handles();
        let key = |i: &Identity| (i.kind, i.normalized.clone());
        let mut present = Vec::new();
        let mut emptied_groups = Vec::new();
        self.block.lines.retain(|line| match identity_of(line) {
            Some(identity) => {
                let keep = wanted.iter().any(|w| key(w) == key(&identity))
                    && !present.contains(&key(&identity));
                if keep {
                    present.push(key(&identity));
                } else if let Some(group) = &line.group {
                    emptied_groups.push(group.to_ascii_lowercase());
                }
                keep
            }
            None => true,
        });
        // A group's label goes with the last line it labelled.
        for group in emptied_groups {
            let left = self.block.lines.iter().any(|l| {
                l.group.as_deref().map(str::to_ascii_lowercase).as_deref() == Some(&group)
                    && !l.name.starts_with("X-AB")
            });
            if !left {
                self.block.lines.retain(|l| {
                    l.group.as_deref().map(str::to_ascii_lowercase).as_deref() != Some(&group)
                });
            }
        }
        for identity in wanted {
            if !present.contains(&key(&identity)) {
                present.push(key(&identity));
                self.block
                    .insert(Line::own(identity_property(&identity, v4)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// As iOS Contacts writes a card (vCard 3.0, `itemN.` groups with
    /// Apple's labels, a photo, a year-less birthday).
    const IOS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nORG:Analytical Engines;Research\r\nTITLE:Mathematician\r\nitem1.EMAIL;type=INTERNET;type=pref:ada@example.org\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nTEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0000\r\nitem2.URL;type=pref:https://www.linkedin.com/in/ada-lovelace\r\nitem2.X-ABLabel:LinkedIn\r\nitem3.ADR;type=HOME:;;12 St James's Square;London;;SW1Y 4JH;UK\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\nitem4.X-ABDATE;type=pref:1835-07-08\r\nitem4.X-ABLabel:_$!<Anniversary>!$_\r\nX-SOCIALPROFILE;type=twitter:https://twitter.com/ada\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsK\r\n CwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQU\r\nNOTE:Met at the Difference Engine demo\r\nUID:3F2504E0-4F89-11D3-9A0C-0305E82C3301\r\nREV:2026-11-20T10:00:00Z\r\nEND:VCARD\r\n";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
    }

    #[test]
    fn reads_the_fields_kith_owns_from_an_ios_card() {
        let card = VCard::parse(IOS).unwrap();
        assert!(!card.version4());
        assert_eq!(
            card.uid().as_deref(),
            Some("3F2504E0-4F89-11D3-9A0C-0305E82C3301")
        );
        assert_eq!(
            card.rev(),
            Some(Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap())
        );
        let fields = card.fields().unwrap();
        assert_eq!(fields.name, "Ada Lovelace");
        assert_eq!(fields.company.as_deref(), Some("Analytical Engines"));
        assert_eq!(fields.role.as_deref(), Some("Mathematician"));
        assert_eq!(fields.birthday.as_deref(), Some("--12-10"));
        assert_eq!(fields.anniversary.as_deref(), Some("1835-07-08"));
        let kinds: Vec<&str> = fields.identities.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["email", "phone", "linkedin", "x"]);
    }

    #[test]
    fn patching_keeps_every_line_another_client_wrote() {
        let mut vcard = VCard::parse(IOS).unwrap();
        let mut fields = vcard.fields().unwrap();
        fields.role = Some("Countess".into());
        fields.tags = vec!["Friends".into(), "Maths, logic".into()];
        vcard.patch(&fields, now());
        let text = vcard.to_text();
        for kept in [
            "PRODID:-//Apple Inc.//iPhone OS 18.1//EN",
            "item1.EMAIL;type=INTERNET;type=pref:ada@example.org",
            "item1.X-ABLabel:_$!<Other>!$_",
            "item2.X-ABLabel:LinkedIn",
            "item3.ADR;type=HOME:;;12 St James's Square;London;;SW1Y 4JH;UK",
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10",
            "NOTE:Met at the Difference Engine demo",
            "ORG:Analytical Engines;Research",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ",
        ] {
            assert!(text.contains(kept), "{kept} was lost:\n{text}");
        }
        assert!(text.contains("TITLE:Countess\r\n"));
        assert!(text.contains("CATEGORIES:Friends,Maths\\, logic\r\n"));
        assert!(text.contains("REV:20261130T120000Z\r\n"));
        assert!(!text.contains("Mathematician"));
        let again = VCard::parse(&text).unwrap().fields().unwrap();
        assert!(again.same(&fields), "{again:?}");
    }

    #[test]
    fn a_removed_identity_takes_its_group_label_and_a_new_one_is_added() {
        let mut vcard = VCard::parse(IOS).unwrap();
        let mut fields = vcard.fields().unwrap();
        fields.identities.retain(|(k, _)| k != "email");
        fields
            .identities
            .push(("email".into(), "countess@example.org".into()));
        vcard.patch(&fields, now());
        let text = vcard.to_text();
        assert!(!text.contains("ada@example.org"));
        assert!(!text.contains("_$!<Other>!$_"), "the orphaned label stayed");
        assert!(text.contains("item2.X-ABLabel:LinkedIn"));
        assert!(text.contains("EMAIL:countess@example.org\r\n"));
        // A phone written differently is the same phone: its line stays.
        assert!(text.contains("TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0000"));
    }

    #[test]
    fn an_anniversary_stays_where_the_card_keeps_it() {
        // Apple's labelled date: changed in place, group and label kept.
        let mut vcard = VCard::parse(IOS).unwrap();
        let mut fields = vcard.fields().unwrap();
        fields.anniversary = Some("--07-09".into());
        vcard.patch(&fields, now());
        let text = vcard.to_text();
        assert!(
            text.contains("item4.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-07-09\r\n"),
            "{text}"
        );
        assert!(text.contains("item4.X-ABLabel:_$!<Anniversary>!$_"));
        assert!(!text.contains("X-ANNIVERSARY"));
        assert_eq!(
            VCard::parse(&text)
                .unwrap()
                .fields()
                .unwrap()
                .anniversary
                .as_deref(),
            Some("--07-09")
        );
        // Removed: the date and its label go together.
        fields.anniversary = None;
        vcard.patch(&fields, now());
        let text = vcard.to_text();
        assert!(!text.contains("item4."), "{text}");
        // A 3.0 card without one gets the 3.0 clients' X-ANNIVERSARY.
        fields.anniversary = Some("2015-06-20".into());
        vcard.patch(&fields, now());
        assert!(vcard.to_text().contains("X-ANNIVERSARY:2015-06-20\r\n"));
        assert_eq!(
            vcard.fields().unwrap().anniversary.as_deref(),
            Some("2015-06-20")
        );
    }

    #[test]
    fn a_photo_kith_cannot_read_counts_as_none_and_is_left_as_written() {
        let card = |photo: &str| {
            VCard::parse(&format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n{photo}\r\nUID:a\r\nEND:VCARD\r\n"
            ))
            .unwrap()
        };
        // Cut short (as a phone's may be), not an image, a mail part.
        for unreadable in [
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMC",
            "PHOTO;ENCODING=b:SGVsbG8sIHdvcmxkIQ==",
            "PHOTO:cid:part1.06090408@example.org",
        ] {
            let mut vcard = card(unreadable);
            assert_eq!(vcard.fields().unwrap().photo, None, "{unreadable}");
            vcard.patch_photo(None, || unreachable!("nothing to write"));
            assert!(vcard.to_text().contains(&unreadable[..20]), "{unreadable}");
        }
        // A link is read as one, and taken away when the photo goes.
        let mut vcard = card("PHOTO;VALUE=uri:https://example.org/ada.jpg");
        let fields = vcard.fields().unwrap();
        assert_eq!(
            fields.photo.as_deref(),
            Some("link:https://example.org/ada.jpg")
        );
        assert_eq!(
            fields.photo_from_card,
            Some(CardPhoto::Link("https://example.org/ada.jpg".into()))
        );
        let before = vcard.to_text();
        vcard.patch_photo(fields.photo.as_deref(), || unreachable!("the same photo"));
        assert_eq!(vcard.to_text(), before);
        vcard.patch_photo(None, || None);
        assert!(!vcard.to_text().contains("PHOTO"));
    }

    #[test]
    fn a_photo_set_here_is_written_in_the_cards_own_form_and_reads_back_as_the_same() {
        let pixels = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(pixels)
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let photo = kith_core::photo::Photo::from_bytes(&png.into_inner()).unwrap();
        let key = photo_key(&photo.jpeg);
        let kept = StoredPhoto {
            image: Some(photo.jpeg.clone()),
            link: None,
            updated_at: now(),
        };
        let card = Card {
            name: "Ada".into(),
            photo: Some(key.clone()),
            ..Card::default()
        };
        // A new card is vCard 4.0 (a data URI); a phone's 3.0 card gets
        // base64 with ENCODING=b.
        let mut new = VCard::new("ada-uid", &card, now());
        new.patch_photo(card.photo.as_deref(), || Some(kept.clone()));
        let phone = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nUID:ada-uid\r\nEND:VCARD\r\n";
        let mut old = VCard::parse(phone).unwrap();
        old.patch_photo(card.photo.as_deref(), || Some(kept.clone()));
        for (vcard, form) in [
            (new, "PHOTO:data:image/jpeg;base64,"),
            (old, "PHOTO;ENCODING=b;TYPE=JPEG:"),
        ] {
            let text = vcard.to_text();
            assert!(text.contains(form), "{text}");
            let read = VCard::parse(&text).unwrap().fields().unwrap();
            assert_eq!(read.photo.as_deref(), Some(key.as_str()));
            assert_eq!(
                read.photo_from_card,
                Some(CardPhoto::Image(photo.jpeg.clone()))
            );
        }
    }

    #[test]
    fn a_new_card_is_version_4_and_reads_back_the_same() {
        let card = Card {
            name: "Grace Hopper".into(),
            company: Some("Navy; Reserve".into()),
            role: None,
            birthday: Some("1906-12-09".into()),
            anniversary: Some("--06-15".into()),
            identities: vec![
                ("email".into(), "grace@example.org".into()),
                ("phone".into(), "+1 202 555 0100".into()),
                ("website".into(), "https://grace.example.org".into()),
            ],
            tags: vec!["Navy".into()],
            note: Some("Wrote the first compiler.\nAsk about COBOL; and nanoseconds".into()),
            related: vec![
                ("parent".into(), "6a7b-uid".into()),
                ("co-worker".into(), "8c9d-uid".into()),
            ],
            ..Card::default()
        };
        let vcard = VCard::new("0b7c-uid", &card, now());
        let text = vcard.to_text();
        assert!(
            text.contains(
                "NOTE:Wrote the first compiler.\\nAsk about COBOL\\; and nanoseconds\r\n"
            ),
            "{text}"
        );
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
        assert!(text.contains("N:Hopper;Grace;;;\r\n"));
        assert!(text.contains("BDAY:19061209\r\n"));
        assert!(text.contains("ANNIVERSARY:--0615\r\n"));
        assert!(
            text.contains("TEL;VALUE=uri:tel:+1-202-555-0100\r\n"),
            "{text}"
        );
        assert!(
            text.contains("RELATED;TYPE=parent:urn:uuid:6a7b-uid\r\n"),
            "{text}"
        );
        let back = VCard::parse(&text).unwrap();
        assert_eq!(back.uid().as_deref(), Some("0b7c-uid"));
        assert!(back.fields().unwrap().same(&card));
    }

    #[test]
    fn related_cards_are_read_in_any_words_and_patching_keeps_what_kith_does_not_own() {
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ines Duarte\r\nUID:urn:uuid:1\r\nRELATED;TYPE=mother:urn:uuid:AA-1\r\nRELATED;TYPE=colleague,friend:urn:uuid:bb-2\r\nRELATED;VALUE=text;TYPE=friend:Noor Haddad\r\nRELATED;TYPE=emergency:urn:uuid:cc-3\r\nRELATED:https://example.org/someone\r\nEND:VCARD\r\n";
        let mut vcard = VCard::parse(text).unwrap();
        let card = vcard.fields().unwrap();
        assert_eq!(
            card.related,
            [
                ("parent".to_owned(), "AA-1".to_owned()),
                ("co-worker".to_owned(), "bb-2".to_owned())
            ]
        );
        let mut changed = card.clone();
        changed.related = vec![
            ("parent".into(), "aa-1".into()),
            ("sibling".into(), "dd-4".into()),
        ];
        vcard.patch(&changed, now());
        let out = vcard.to_text();
        assert!(
            out.contains("RELATED;TYPE=mother:urn:uuid:AA-1\r\n"),
            "kept as written: {out}"
        );
        assert!(!out.contains("bb-2"), "{out}");
        assert!(
            out.contains("RELATED;TYPE=sibling:urn:uuid:dd-4\r\n"),
            "{out}"
        );
        for kept in [
            "Noor Haddad",
            "TYPE=emergency",
            "https://example.org/someone",
        ] {
            assert!(out.contains(kept), "{kept} kept: {out}");
        }
    }

    #[test]
    fn phones_keep_their_grouping_and_a_number_without_a_country_code_stays_text() {
        let card = |phone: &str| Card {
            name: "Nora Berg".into(),
            identities: vec![("phone".into(), phone.into())],
            ..Card::default()
        };
        for (phone, line) in [
            ("+47 912 34 567", "TEL;VALUE=uri:tel:+47-912-34-567"),
            ("0047 (912) 34.567", "TEL;VALUE=uri:tel:+47-912-34-567"),
            ("912 34 567", "TEL;VALUE=text:912 34 567"),
        ] {
            let text = VCard::new("n", &card(phone), now()).to_text();
            assert!(text.contains(&format!("{line}\r\n")), "{phone}: {text}");
            let back = VCard::parse(&text).unwrap().fields().unwrap();
            assert!(back.same(&card(phone)), "{phone}: {back:?}");
        }
    }

    #[test]
    fn a_year_less_birthday_is_written_as_the_cards_producer_reads_it() {
        let card = |text: &str| VCard::parse(text).unwrap();
        let birthday = |v: &VCard| Card {
            birthday: Some("--03-15".into()),
            ..v.fields().unwrap()
        };
        let cases = [
            // Apple's 3.0 cards: Apple's form.
            ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nFN:Nora Berg\r\nEND:VCARD\r\n",
             "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15"),
            // Another 3.0 client's card that already writes --MM-DD.
            ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Evolution//EN\r\nFN:Nora Berg\r\nX-ANNIVERSARY:--06-01\r\nEND:VCARD\r\n",
             "BDAY:--03-15"),
            // A 3.0 card with no such date yet: ISO 8601's --MMDD.
            ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Sabre//Sabre VObject 4.5.4//EN\r\nFN:Nora Berg\r\nEND:VCARD\r\n",
             "BDAY:--0315"),
            ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nora Berg\r\nEND:VCARD\r\n", "BDAY:--0315"),
        ];
        for (text, line) in cases {
            let mut vcard = card(text);
            let wanted = birthday(&vcard);
            vcard.patch(&wanted, now());
            let written = vcard.to_text();
            assert!(written.contains(&format!("{line}\r\n")), "{written}");
            let back = VCard::parse(&written).unwrap().fields().unwrap();
            assert_eq!(back.birthday.as_deref(), Some("--03-15"), "{written}");
        }
    }

    #[test]
    fn hostile_and_broken_cards_do_not_panic() {
        for text in [
            "",
            "BEGIN:VCARD\r\n",
            "BEGIN:VCARD\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nFN\r\n:\r\n;;;:x\r\n.EMAIL:a@b\r\nEND:VCARD",
            "BEGIN:VCARD\nFN;X=\"a:b\":Ada\nBDAY:99999999\nEND:VCARD",
        ] {
            if let Some(mut card) = VCard::parse(text) {
                let fields = card.fields().unwrap_or_default();
                card.patch(&fields, now());
                let _ = card.to_text();
            }
        }
        let quoted = VCard::parse("BEGIN:VCARD\nFN;X=\"a:b\":Ada\nEND:VCARD").unwrap();
        assert_eq!(quoted.fields().unwrap().name, "Ada");
    }
}
