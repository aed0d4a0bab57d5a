//! Google Contacts CSV, current and legacy layouts, read by header name.
//! Several values share a cell joined by ` ::: `; a `* ` before a label
//! marks the primary one (and `* myContacts` is Google's own group).

use std::fs::File;

use kith_core::domain::{related_kind, Note, PersonDraft};
use kith_core::import::{Birthday, Contact, Related, RelatedRef, Row, Skipped};

use crate::csv_source::{Columns, CsvSource, Record};
use crate::{text, ExchangeError};

/// Google's own groups, not the user's labels.
const SYSTEM_LABELS: [&str; 3] = ["mycontacts", "my contacts", "starred"];

/// The values of a multi-valued cell.
fn values(cell: Option<String>) -> Vec<String> {
    cell.map(|c| {
        c.split(" ::: ")
            .map(|v| v.trim().trim_start_matches("* ").trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// Every value of the numbered columns `<kind> N - Value`.
fn numbered(columns: &Columns, record: &Record, kind: &str) -> Vec<String> {
    let prefix = format!("{kind} ");
    let mut names: Vec<&str> = columns
        .starting_with(&prefix)
        .filter(|c| c.ends_with(" - value"))
        .collect();
    names.sort_by_key(|c| {
        c.split(' ')
            .nth(1)
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    });
    names
        .into_iter()
        .flat_map(|c| values(columns.get(&record.fields, c)))
        .collect()
}

/// A Google birthday: `1815-12-10`, or `--12-10` without a year.
fn birthday(text: &str) -> Option<Birthday> {
    Birthday::parse(text.trim()).or_else(|| {
        let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y%m%d").ok()?;
        use chrono::Datelike;
        Birthday::new(Some(date.year()), date.month(), date.day())
    })
}

pub fn contacts(
    file: File,
    name: &str,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    let mut source = CsvSource::open(
        file,
        name,
        |c| {
            (c.has("first name") && c.has("last name"))
                || (c.has("given name") && c.has("family name"))
        },
        "Google Contacts (First Name, Last Name, … or Name, Given Name, Family Name, …)",
    )?;
    Ok(std::iter::from_fn(move || {
        let next = match source.next_record()? {
            Err(error) => return Some(Err(error)),
            Ok(Err((line, oversized))) => {
                return Some(Ok(Row::Skipped(Skipped::new(line, oversized.reason()))))
            }
            Ok(Ok(record)) => record,
        };
        Some(Ok(contact(&source.columns, &next)))
    }))
}

/// The most "Event N" columns looked at for an anniversary.
const MAX_EVENTS: u32 = 10;

fn contact(columns: &Columns, record: &Record) -> Row {
    let line = record.line;
    let get = |name: &str| columns.get(&record.fields, name);
    let parts = |names: &[&str]| {
        names
            .iter()
            .filter_map(|n| get(n))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let emails = numbered(columns, record, "e-mail");
    let phones = numbered(columns, record, "phone");
    let websites = numbered(columns, record, "website");
    let company = get("organization name").or_else(|| get("organization 1 - name"));
    let role = get("organization title").or_else(|| get("organization 1 - title"));
    let name = get("name")
        .or_else(|| {
            text::present(&parts(&["first name", "middle name", "last name"])).map(str::to_owned)
        })
        .or_else(|| {
            text::present(&parts(&["given name", "additional name", "family name"]))
                .map(str::to_owned)
        })
        .or_else(|| get("file as"))
        .or_else(|| get("nickname"))
        .or_else(|| company.clone())
        .or_else(|| emails.first().cloned());
    let Some(name) = name else {
        return Row::Skipped(Skipped::new(
            line,
            "no name, company or e-mail to call them by",
        ));
    };
    let labels: Vec<String> = values(get("labels").or_else(|| get("group membership")))
        .into_iter()
        .filter(|l| !SYSTEM_LABELS.contains(&l.to_lowercase().as_str()))
        .collect();
    let mut draft = match PersonDraft::named(&name)
        .and_then(|d| d.with_company(company.as_deref()))
        .and_then(|d| d.with_role(role.as_deref()))
        .and_then(|d| d.with_tags(&labels))
    {
        Ok(draft) => draft,
        Err(error) => return Row::Skipped(Skipped::invalid(line, &error)),
    };
    draft = crate::address_books::with_identities(draft, &emails, &phones, &websites);
    let notes = get("notes")
        .and_then(|n| Note::body(&n).ok())
        .into_iter()
        .collect();
    let key = format!(
        "{}|{}",
        name.to_lowercase(),
        emails
            .first()
            .or(phones.first())
            .cloned()
            .unwrap_or_default()
            .to_lowercase()
    );
    Row::Contact(Box::new(Contact {
        line,
        source_key: Some(("google".to_owned(), key)),
        person: draft,
        birthday: get("birthday").as_deref().and_then(birthday),
        // Google's other dates: "Event 1 - Label" (older exports: "- Type")
        // Anniversary, with "Event 1 - Value".
        anniversary: (1..=MAX_EVENTS).find_map(|n| {
            get(&format!("event {n} - label"))
                .or_else(|| get(&format!("event {n} - type")))
                .filter(|t| t.trim().eq_ignore_ascii_case("anniversary"))
                .and_then(|_| get(&format!("event {n} - value")))
                .as_deref()
                .and_then(birthday)
        }),
        notes,
        touches: Vec::new(),
        // "Relation 1 - Type" (spouse, mother, manager, referred_by…) and
        // "Relation 1 - Value", the other person's name; older exports say
        // "- Label".
        related: (1..=MAX_EVENTS)
            .filter_map(|n| {
                let label = get(&format!("relation {n} - type"))
                    .or_else(|| get(&format!("relation {n} - label")))?;
                let name = get(&format!("relation {n} - value"))?;
                let name = name.trim();
                let (kind, other_is_first) = related_kind(&label)?;
                (!name.is_empty() && name.chars().count() <= 500).then(|| Related {
                    kind,
                    other_is_first,
                    other: RelatedRef::Name(name.to_owned()),
                })
            })
            .collect(),
        // The "Photo" column names a web address: kept as a link, never
        // fetched.
        photo: get("photo").and_then(|url| kith_core::photo::PhotoSource::link(&url).ok()),
    }))
}
