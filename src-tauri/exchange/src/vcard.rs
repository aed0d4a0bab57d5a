//! vCard 2.1, 3.0 and 4.0, streamed card by card. Handles folded lines,
//! `ENCODING=QUOTED-PRINTABLE` with soft line breaks, `CHARSET`, grouped
//! properties (`item1.URL` with `item1.X-ABLabel`), Apple's birthdays
//! without a year (`X-APPLE-OMIT-YEAR=1604`, or `--MMDD`), lower-case
//! `begin:vcard`, and several cards per file. Photos are not kept.

use std::fs::File;
use std::io::BufReader;

use kith_core::domain::{
    linkedin_slug, related_kind, Identity, IdentityKind, LinkKind, Note, PersonDraft,
};
use kith_core::import::{Birthday, Contact, Related, RelatedRef, Row, Skipped};
use kith_core::photo::{Photo, PhotoSource};
use kith_core::store::CardPhoto;

use crate::content::{self, components, unescape};
use crate::{text, ExchangeError};

/// The longest property kept; longer ones (photos, mostly) are dropped.
const MAX_PROPERTY_BYTES: usize = 256 * 1024;
/// The longest `PHOTO` line kept (its image, base64, is at most
/// `kith_core::photo::MAX_SOURCE_BYTES` and a third more).
const MAX_PHOTO_BYTES: usize = kith_core::photo::MAX_SOURCE_BYTES / 3 * 4 + 4096;
/// Properties beyond this many in one card are ignored.
const MAX_PROPERTIES: usize = 2_000;

/// One property of a card.
#[derive(Debug, Default)]
struct Property {
    group: Option<String>,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `TYPE` values, lower-case, from `TYPE=a,b`, `TYPE=a;TYPE=b` or 2.1's
    /// bare `;WORK;VOICE`.
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE" || k.is_empty())
            .flat_map(|(_, v)| v.split(','))
            .map(|t| t.trim().to_lowercase())
            .collect()
    }
}

/// Quoted-printable to bytes; `=` at a line end is a soft break.
fn quoted_printable(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let rest = &bytes[i + 1..];
            if rest.starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if rest.starts_with(b"\n") {
                i += 2;
                continue;
            }
            let hex = rest.get(..2).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn decode_with(bytes: &[u8], charset: Option<&str>) -> String {
    match charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes())) {
        Some(encoding) if encoding != encoding_rs::UTF_8 => encoding.decode(bytes).0.into_owned(),
        _ => text::decode(bytes),
    }
}

/// Parses one unfolded line (as bytes: quoted-printable values may hold
/// any charset). `None` for a line that is not a property.
fn property(line: &[u8]) -> Option<Property> {
    let colon = line.iter().position(|&b| b == b':')?;
    let head = String::from_utf8_lossy(&line[..colon]).into_owned();
    let raw_value = &line[colon + 1..];
    let mut pieces = head.split(';');
    let full_name = pieces.next()?.trim();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((group, name)) => (Some(group.to_lowercase()), name),
        None => (None, full_name),
    };
    let params: Vec<(String, String)> = pieces
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_uppercase(),
                v.trim().trim_matches('"').to_owned(),
            ),
            None => (String::new(), p.trim().to_owned()),
        })
        .collect();
    let mut property = Property {
        group,
        name: name.to_uppercase(),
        params,
        value: String::new(),
    };
    let encoding = property
        .param("ENCODING")
        .map(str::to_uppercase)
        .or_else(|| {
            property
                .params
                .iter()
                .find(|(k, v)| k.is_empty() && v.eq_ignore_ascii_case("quoted-printable"))
                .map(|_| "QUOTED-PRINTABLE".to_owned())
        });
    let charset = property.param("CHARSET").map(str::to_owned);
    property.value = match encoding.as_deref() {
        Some("QUOTED-PRINTABLE") => decode_with(
            &quoted_printable(&String::from_utf8_lossy(raw_value)),
            charset.as_deref(),
        ),
        // Only a photo's binary value is kept (as its base64 text).
        Some("B") | Some("BASE64") if property.name == "PHOTO" => {
            String::from_utf8_lossy(raw_value).into_owned()
        }
        Some("B") | Some("BASE64") => String::new(),
        _ => decode_with(raw_value, charset.as_deref()),
    };
    Some(property)
}

/// A vCard birthday: `1815-12-10`, `18151210`, `--1210`, `--12-10`, with
/// a time or not; Apple's placeholder year 1604 (or the one its
/// `X-APPLE-OMIT-YEAR` names) means "no year".
pub fn parse_birthday(value: &str, omit_year: Option<&str>) -> Option<Birthday> {
    let value = value.trim();
    let date = value.split('T').next().unwrap_or(value);
    let omit = omit_year.and_then(|y| y.trim().parse::<i32>().ok());
    let (year, rest) = if let Some(rest) = date.strip_prefix("--") {
        (None, rest.replace('-', ""))
    } else {
        let digits = date.replace('-', "");
        if digits.len() != 8 || !digits.is_ascii() {
            return None;
        }
        let year: i32 = digits[..4].parse().ok()?;
        let year = (Some(year) != omit && year != 1604).then_some(year);
        (year, digits[4..].to_owned())
    };
    if rest.len() != 4 || !rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Birthday::new(year, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

fn birthday(property: &Property) -> Option<Birthday> {
    parse_birthday(&property.value, property.param("X-APPLE-OMIT-YEAR"))
}

/// The people a card names as tied to its owner: vCard 4's `RELATED`
/// (another card by `UID`, or a name with `VALUE=text`; untyped, a
/// friend) and Apple's `X-ABRELATEDNAMES`, named by its group's label.
fn related(properties: &[Property]) -> Vec<Related> {
    let mut out = Vec::new();
    for p in properties {
        let value = unescape(&p.value).trim().to_owned();
        if value.is_empty() || value.chars().count() > 500 {
            continue;
        }
        let (kind, other) = match p.name.as_str() {
            "RELATED" => {
                let types = p.types();
                let kind = if types.is_empty() {
                    Some((LinkKind::Friend, false))
                } else {
                    types.iter().find_map(|t| related_kind(t))
                };
                let text = p
                    .param("VALUE")
                    .is_some_and(|v| v.eq_ignore_ascii_case("text"))
                    || !value.contains(':');
                let other = if text {
                    RelatedRef::Name(value)
                } else {
                    RelatedRef::Uid(value)
                };
                (kind, other)
            }
            "X-ABRELATEDNAMES" => {
                let label = properties
                    .iter()
                    .find(|l| l.name == "X-ABLABEL" && l.group == p.group && p.group.is_some())
                    .map(|l| unescape(&l.value));
                (
                    label.as_deref().and_then(related_kind),
                    RelatedRef::Name(value),
                )
            }
            _ => continue,
        };
        if let Some((kind, other_is_first)) = kind {
            out.push(Related {
                kind,
                other_is_first,
                other,
            });
        }
    }
    out
}

fn card(line: u64, properties: &[Property]) -> (Row, Option<Skipped>) {
    let first = |name: &str| {
        properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    };
    let n = first("N").map(components).unwrap_or_default();
    let structured_name = [n.get(3), n.get(1), n.get(2), n.first(), n.get(4)]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let org = first("ORG").map(components).unwrap_or_default();
    let company = org.first().filter(|o| !o.is_empty()).cloned();
    let emails: Vec<String> = properties
        .iter()
        .filter(|p| p.name == "EMAIL")
        .map(|p| unescape(&p.value))
        .collect();
    let name = first("FN")
        .map(unescape)
        .filter(|n| !n.is_empty())
        .or_else(|| text::present(&structured_name).map(str::to_owned))
        .or_else(|| company.clone())
        .or_else(|| emails.first().cloned());
    let Some(name) = name else {
        let skipped = Skipped::new(line, "a card with no name, organisation or e-mail");
        return (Row::Skipped(skipped), None);
    };
    let role = first("TITLE").map(unescape).filter(|t| !t.is_empty());
    let tags: Vec<String> = first("CATEGORIES")
        .map(|c| c.split(',').map(unescape).collect())
        .unwrap_or_default();
    let mut draft = match PersonDraft::named(&name)
        .and_then(|d| d.with_company(company.as_deref()))
        .and_then(|d| d.with_role(role.as_deref()))
        .and_then(|d| d.with_tags(&tags))
    {
        Ok(draft) => draft,
        Err(error) => return (Row::Skipped(Skipped::invalid(line, &error)), None),
    };
    let label_of = |group: &Option<String>| {
        properties
            .iter()
            .find(|p| p.name == "X-ABLABEL" && p.group == *group && group.is_some())
            .map(|p| p.value.to_lowercase())
    };
    for p in properties {
        let value = unescape(&p.value);
        let kind = match p.name.as_str() {
            "EMAIL" => IdentityKind::Email,
            "TEL" => IdentityKind::Phone,
            "URL" | "X-SOCIALPROFILE" => {
                let linkedin = value.to_lowercase().contains("linkedin.com/in/")
                    || p.types().iter().any(|t| t == "linkedin")
                    || label_of(&p.group).is_some_and(|l| l.contains("linkedin"));
                if linkedin && linkedin_slug(&value).is_some() {
                    IdentityKind::Linkedin
                } else if p.name == "URL" {
                    IdentityKind::Website
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        let value = value
            .strip_prefix("tel:")
            .or_else(|| value.strip_prefix("mailto:"))
            .unwrap_or(&value);
        if let Ok(identity) = Identity::new(kind, value) {
            draft = draft.with_identity(identity);
        }
    }
    let notes = properties
        .iter()
        .filter(|p| p.name == "NOTE")
        .filter_map(|p| Note::body(&unescape(&p.value)).ok())
        .collect();
    let key = match first("UID").map(unescape).filter(|u| !u.is_empty()) {
        Some(uid) => uid,
        None => format!(
            "{}|{}",
            name.to_lowercase(),
            emails.first().cloned().unwrap_or_default().to_lowercase()
        ),
    };
    let (photo, photo_problem) = match properties.iter().find(|p| p.name == "PHOTO").map(photo) {
        Some(Ok(photo)) => (photo, None),
        Some(Err(why)) => (
            None,
            Some(Skipped::new(
                line,
                format!("the card's photo was left out: {why}"),
            )),
        ),
        None => (None, None),
    };
    let row = Row::Contact(Box::new(Contact {
        line,
        source_key: Some(("vcard".to_owned(), key)),
        person: draft,
        birthday: properties
            .iter()
            .find(|p| p.name == "BDAY")
            .and_then(birthday),
        // vCard 4's ANNIVERSARY, Apple's labelled X-ABDATE, or the
        // X-ANNIVERSARY of Evolution, KAddressBook and Thunderbird.
        anniversary: properties
            .iter()
            .find(|p| {
                p.name == "ANNIVERSARY"
                    || p.name == "X-ANNIVERSARY"
                    || (p.name == "X-ABDATE"
                        && label_of(&p.group).is_some_and(|l| l.contains("anniversary")))
            })
            .and_then(birthday),
        notes,
        touches: Vec::new(),
        related: related(properties),
        photo,
    }));
    (row, photo_problem)
}

/// A card's `PHOTO`: vCard 3.0's base64 (`ENCODING=b`), 4.0's `data:` URI,
/// or a web address kept as a link (never fetched). `Ok(None)` for a kind
/// Kith does not keep (a `cid:` of a mail part).
fn photo(property: &Property) -> Result<Option<PhotoSource>, String> {
    match card_photo(&property.value, property.param("ENCODING"))? {
        Some(CardPhoto::Image(bytes)) => Photo::from_bytes(&bytes)
            .map(|photo| Some(PhotoSource::Image(photo)))
            .map_err(|e| e.to_string()),
        Some(CardPhoto::Link(url)) => PhotoSource::link(&url).map(Some).map_err(|e| e.to_string()),
        None => Ok(None),
    }
}

/// A `PHOTO` value as the card holds it, not yet read as an image: vCard
/// 3.0's base64 (its `ENCODING` parameter `b` or `BASE64`), 4.0's `data:`
/// URI, or a web address. `Ok(None)` for a kind Kith does not keep (a
/// `cid:` of a mail part).
pub fn card_photo(value: &str, encoding: Option<&str>) -> Result<Option<CardPhoto>, String> {
    use base64::Engine;
    let encoded =
        encoding.is_some_and(|e| e.eq_ignore_ascii_case("b") || e.eq_ignore_ascii_case("base64"));
    let value = value.trim();
    let decode = |text: &str| {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(compact.trim_end_matches('=').as_bytes())
            })
            .map_err(|_| "its image is not base64".to_owned())
    };
    if encoded {
        return decode(value).map(|bytes| Some(CardPhoto::Image(bytes)));
    }
    if value.len() > 5 && value[..5].eq_ignore_ascii_case("data:") {
        let (head, data) = value[5..]
            .split_once(',')
            .ok_or_else(|| "a data URI without its data".to_owned())?;
        if !head.to_ascii_lowercase().ends_with(";base64") {
            return Err("a data URI that is not base64".to_owned());
        }
        return decode(data).map(|bytes| Some(CardPhoto::Image(bytes)));
    }
    if value.to_ascii_lowercase().starts_with("http") {
        return Ok(Some(CardPhoto::Link(value.to_owned())));
    }
    Ok(None)
}

/// The most bytes a property starting with `start` may hold: more for a
/// photo.
fn limit(start: &[u8]) -> usize {
    let name_end = start
        .iter()
        .position(|&b| b == b':' || b == b';')
        .unwrap_or(start.len().min(64));
    let name = String::from_utf8_lossy(&start[..name_end.min(64)]).to_ascii_uppercase();
    if name == "PHOTO" || name.ends_with(".PHOTO") {
        MAX_PHOTO_BYTES
    } else {
        MAX_PROPERTY_BYTES
    }
}

pub fn cards(file: File, name: &str) -> impl Iterator<Item = Result<Row, ExchangeError>> {
    let name = name.to_owned();
    let mut lines = content::Reader::new(BufReader::new(file), limit);
    let mut current: Option<(u64, Vec<Property>)> = None;
    let mut finished = false;
    // A photo a card could not give: its line, after the card's row.
    let mut pending: Option<Row> = None;
    std::iter::from_fn(move || {
        if let Some(row) = pending.take() {
            return Some(Ok(row));
        }
        if finished {
            return None;
        }
        loop {
            let next = match lines.logical() {
                Ok(next) => next,
                Err(error) => {
                    finished = true;
                    return Some(Err(ExchangeError::Malformed {
                        file: name.clone(),
                        message: error.to_string(),
                    }));
                }
            };
            let Some((line_no, line)) = next else {
                finished = true;
                return current.take().map(|(start, _)| {
                    Ok(Row::Skipped(Skipped::new(
                        start,
                        "the card is cut off (no END:VCARD)",
                    )))
                });
            };
            let trimmed = line.trim_ascii();
            if trimmed.eq_ignore_ascii_case(b"BEGIN:VCARD") {
                if let Some((start, _)) = current.replace((line_no, Vec::new())) {
                    return Some(Ok(Row::Skipped(Skipped::new(
                        start,
                        "the card is cut off (no END:VCARD)",
                    ))));
                }
                continue;
            }
            if trimmed.eq_ignore_ascii_case(b"END:VCARD") {
                if let Some((start, properties)) = current.take() {
                    let (row, photo_problem) = card(start, &properties);
                    pending = photo_problem.map(Row::Skipped);
                    return Some(Ok(row));
                }
                continue;
            }
            if let Some((_, properties)) = current.as_mut() {
                if properties.len() < MAX_PROPERTIES {
                    if let Some(p) = property(&line) {
                        if p.name != "LOGO" && p.name != "SOUND" && p.name != "KEY" {
                            properties.push(p);
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_decodes_and_joins_soft_breaks() {
        assert_eq!(
            quoted_printable("Caf=C3=A9 =\r\nau lait"),
            "Café au lait".as_bytes()
        );
        assert_eq!(quoted_printable("50=25 =ZZ"), b"50% =ZZ");
    }

    #[test]
    fn structured_values_split_on_unescaped_semicolons() {
        assert_eq!(
            components("Lovelace;Ada;;Lady\\;;"),
            vec!["Lovelace", "Ada", "", "Lady;", ""]
        );
        assert_eq!(
            unescape("Line one\\nLine two\\, really"),
            "Line one\nLine two, really"
        );
    }
}
