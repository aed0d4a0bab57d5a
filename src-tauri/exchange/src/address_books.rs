//! Address books saved as CSV by Outlook (its English, French and German
//! headers) and Thunderbird (with its header row in English or German, or
//! without one, in the order Thunderbird writes its columns), read by
//! header name through [`crate::csv_source`]: any encoding and separator
//! it reads.

use std::fs::File;

use chrono::NaiveDate;
use kith_core::domain::{linkedin_slug, Identity, IdentityKind, Note, PersonDraft};
use kith_core::import::{Birthday, Contact, Row, Skipped};

use crate::csv_source::{Columns, CsvSource, Record};
use crate::{text, ExchangeError};

/// What a column holds, in Kith's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    First,
    Middle,
    Last,
    Suffix,
    DisplayName,
    Nickname,
    Email,
    Phone,
    Company,
    Role,
    Birthday,
    Anniversary,
    Tags,
    Notes,
    Web,
}

/// A program's columns: each field and the header names it has had.
type Layout = &'static [(Field, &'static [&'static str])];

/// Outlook's "Comma Separated Values" export, in English, French and
/// German. French Outlook names the courtesy title and the job title both
/// "Titre": the job title is the second.
const OUTLOOK: Layout = &[
    (Field::First, &["first name", "prénom", "vorname"]),
    (
        Field::Middle,
        &["middle name", "deuxième prénom", "weitere vornamen"],
    ),
    (Field::Last, &["last name", "nom", "nachname"]),
    (Field::Suffix, &["suffix", "suffixe"]),
    (Field::Nickname, &["nickname", "surnom", "spitzname"]),
    (Field::Company, &["company", "société", "firma"]),
    (Field::Role, &["job title", "position"]),
    (
        Field::Email,
        &[
            "e-mail address",
            "e-mail 2 address",
            "e-mail 3 address",
            "adresse de messagerie",
            "adresse de messagerie 2",
            "adresse de messagerie 3",
            "e-mail-adresse",
            "e-mail 2: adresse",
            "e-mail 3: adresse",
        ],
    ),
    (
        Field::Phone,
        &[
            "mobile phone",
            "business phone",
            "business phone 2",
            "home phone",
            "home phone 2",
            "primary phone",
            "other phone",
            "company main phone",
            "tél. mobile",
            "téléphone (bureau)",
            "téléphone 2 (bureau)",
            "téléphone (domicile)",
            "téléphone 2 (domicile)",
            "téléphone principal",
            "téléphone (autre)",
            "téléphone société",
            "mobiltelefon",
            "mobiltelefon 2",
            "telefon geschäftlich",
            "telefon geschäftlich 2",
            "telefon (geschäftlich)",
            "telefon privat",
            "telefon (privat)",
            "telefon privat 2",
            "telefon (privat 2)",
            "haupttelefon",
            "weiteres telefon",
            "telefon firma",
        ],
    ),
    (Field::Birthday, &["birthday", "anniversaire", "geburtstag"]),
    (
        Field::Anniversary,
        &[
            "anniversary",
            "anniversaire de mariage ou fête",
            "jahrestag",
        ],
    ),
    (Field::Tags, &["categories", "catégories", "kategorien"]),
    (Field::Notes, &["notes", "notizen"]),
    (Field::Web, &["web page", "page web", "webseite"]),
];

/// Thunderbird's address book export with a header row, in English and
/// German.
const THUNDERBIRD: Layout = &[
    (Field::First, &["first name", "vorname"]),
    (Field::Last, &["last name", "nachname"]),
    (Field::DisplayName, &["display name", "anzeigename"]),
    (Field::Nickname, &["nickname", "spitzname"]),
    (
        Field::Email,
        &[
            "primary email",
            "secondary email",
            "primäre e-mail-adresse",
            "sekundäre e-mail-adresse",
        ],
    ),
    (
        Field::Phone,
        &[
            "mobile number",
            "work phone",
            "home phone",
            "mobil",
            "tel. dienstlich",
            "tel. privat",
        ],
    ),
    (Field::Role, &["job title", "arbeitstitel"]),
    (Field::Company, &["organization", "organisation"]),
    (
        Field::Web,
        &["web page 1", "web page 2", "webseite 1", "webseite 2"],
    ),
    (Field::Notes, &["notes", "notizen"]),
];

/// The columns Thunderbird writes without a header row, in its order.
const THUNDERBIRD_COLUMNS: &[&str] = &[
    "first name",
    "last name",
    "display name",
    "nickname",
    "primary email",
    "secondary email",
    "screen name",
    "work phone",
    "home phone",
    "fax number",
    "pager number",
    "mobile number",
    "home address",
    "home address 2",
    "home city",
    "home state",
    "home zipcode",
    "home country",
    "work address",
    "work address 2",
    "work city",
    "work state",
    "work zipcode",
    "work country",
    "job title",
    "department",
    "organization",
    "web page 1",
    "web page 2",
    "birth year",
    "birth month",
    "birth day",
    "custom 1",
    "custom 2",
    "custom 3",
    "custom 4",
    "notes",
];

/// Whether a header is Outlook's.
pub(crate) fn is_outlook(has: &dyn Fn(&str) -> bool) -> bool {
    let first = ["first name", "prénom", "vorname"].iter().any(|c| has(c));
    let mail = ["e-mail address", "adresse de messagerie", "e-mail-adresse"]
        .iter()
        .any(|c| has(c));
    first && mail
}

/// Whether a header is Thunderbird's.
pub(crate) fn is_thunderbird(has: &dyn Fn(&str) -> bool) -> bool {
    (has("primary email") && has("display name"))
        || (has("primäre e-mail-adresse") && has("anzeigename"))
}

/// Whether a line is a Thunderbird row written without a header: its
/// number of columns, and an address where the primary e-mail goes.
pub(crate) fn is_headerless_thunderbird(cells: &[String]) -> bool {
    (THUNDERBIRD_COLUMNS.len() - 1..=THUNDERBIRD_COLUMNS.len() + 1).contains(&cells.len())
        && cells.get(4).is_some_and(|c| c.contains('@'))
}

/// Outlook's CSV export.
pub fn outlook(
    file: File,
    name: &str,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    let source = CsvSource::open(
        file,
        name,
        |c| is_outlook(&|n| c.has(n)),
        "Outlook (First Name, Last Name, E-mail Address, …)",
    )?;
    Ok(rows(source, OUTLOOK, Dates::Outlook, "outlook"))
}

/// Thunderbird's CSV export, with or without its header row.
pub fn thunderbird(
    file: File,
    name: &str,
    headerless: bool,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    let source = if headerless {
        CsvSource::without_header(file, name, THUNDERBIRD_COLUMNS)?
    } else {
        CsvSource::open(
            file,
            name,
            |c| is_thunderbird(&|n| c.has(n)),
            "Thunderbird (First Name, Last Name, Display Name, Primary Email, …)",
        )?
    };
    Ok(rows(source, THUNDERBIRD, Dates::Thunderbird, "thunderbird"))
}

/// How a program writes dates.
#[derive(Clone, Copy)]
enum Dates {
    /// In the language of its headers: `12/10/1815` (English, month
    /// first), `10/12/1815` (French), `10.12.1815` (German); `0/0/00` for
    /// none.
    Outlook,
    /// Birth Year, Birth Month and Birth Day columns.
    Thunderbird,
}

fn rows(
    mut source: CsvSource,
    layout: Layout,
    dates: Dates,
    key: &'static str,
) -> impl Iterator<Item = Result<Row, ExchangeError>> {
    std::iter::from_fn(move || {
        let next = match source.next_record()? {
            Err(error) => return Some(Err(error)),
            Ok(Err((line, oversized))) => {
                return Some(Ok(Row::Skipped(Skipped::new(line, oversized.reason()))))
            }
            Ok(Ok(record)) => record,
        };
        Some(Ok(contact(&source.columns, &next, layout, dates, key)))
    })
}

/// Every value of a field, in the order of its header names.
fn values(columns: &Columns, record: &Record, layout: Layout, field: Field) -> Vec<String> {
    let names = layout
        .iter()
        .filter(|(f, _)| *f == field)
        .flat_map(|(_, names)| names.iter());
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if let Some(value) = columns
            .get(&record.fields, name)
            .filter(|v| !out.contains(v))
        {
            out.push(value);
        }
    }
    // French Outlook: of its two "Titre" columns, the second is the job.
    if field == Field::Role && out.is_empty() && columns.count("titre") >= 2 {
        out.extend(columns.get_last(&record.fields, "titre"));
    }
    out
}

fn first(columns: &Columns, record: &Record, layout: Layout, field: Field) -> Option<String> {
    values(columns, record, layout, field).into_iter().next()
}

/// A date as the layout writes it.
fn date(text: &str, columns: &Columns, dates: Dates) -> Option<Birthday> {
    use chrono::Datelike;
    let text = text.trim();
    let formats: &[&str] = match dates {
        Dates::Outlook if columns.has("vorname") => &["%d.%m.%Y", "%d.%m.%y"],
        Dates::Outlook if columns.has("prénom") => &["%d/%m/%Y", "%d/%m/%y"],
        _ => &["%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"],
    };
    let day = formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())?;
    Birthday::new(Some(day.year()), day.month(), day.day())
}

fn contact(columns: &Columns, record: &Record, layout: Layout, dates: Dates, source: &str) -> Row {
    let line = record.line;
    let get = |field| first(columns, record, layout, field);
    let all = |field| values(columns, record, layout, field);
    let emails = all(Field::Email);
    let company = get(Field::Company);
    let written = [Field::First, Field::Middle, Field::Last]
        .into_iter()
        .filter_map(get)
        .collect::<Vec<_>>()
        .join(" ");
    let written = match get(Field::Suffix) {
        Some(suffix) if !written.is_empty() => format!("{written}, {suffix}"),
        _ => written,
    };
    let name = get(Field::DisplayName)
        .or_else(|| text::present(&written).map(str::to_owned))
        .or_else(|| get(Field::Nickname))
        .or_else(|| company.clone())
        .or_else(|| emails.first().cloned());
    let Some(name) = name else {
        return Row::Skipped(Skipped::new(
            line,
            "no name, company or e-mail to call them by",
        ));
    };
    // Outlook separates categories with semicolons, Thunderbird has none.
    let tags: Vec<String> = all(Field::Tags)
        .iter()
        .flat_map(|t| t.split([';', ',']))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let mut draft = match PersonDraft::named(&name)
        .and_then(|d| d.with_company(company.as_deref()))
        .and_then(|d| d.with_role(get(Field::Role).as_deref()))
        .and_then(|d| d.with_tags(&tags))
    {
        Ok(draft) => draft,
        Err(error) => return Row::Skipped(Skipped::invalid(line, &error)),
    };
    let webs = all(Field::Web);
    let phones = all(Field::Phone);
    let identities = emails
        .iter()
        .map(|e| (IdentityKind::Email, e.as_str()))
        .chain(phones.iter().map(|p| (IdentityKind::Phone, p.as_str())))
        .chain(webs.iter().map(|w| {
            let linkedin = w.contains("linkedin.com") && linkedin_slug(w).is_some();
            let kind = if linkedin {
                IdentityKind::Linkedin
            } else {
                IdentityKind::Website
            };
            (kind, w.as_str())
        }));
    for (kind, value) in identities {
        if let Ok(identity) = Identity::new(kind, value) {
            draft = draft.with_identity(identity);
        }
    }
    let birthday = match dates {
        Dates::Thunderbird => {
            let part = |n: &str| {
                columns
                    .get(&record.fields, n)
                    .and_then(|v| v.parse::<u32>().ok())
            };
            match (part("birth month"), part("birth day")) {
                (Some(m), Some(d)) => {
                    Birthday::new(part("birth year").and_then(|y| i32::try_from(y).ok()), m, d)
                }
                _ => None,
            }
        }
        Dates::Outlook => get(Field::Birthday).and_then(|b| date(&b, columns, dates)),
    };
    let anniversary = get(Field::Anniversary).and_then(|a| date(&a, columns, dates));
    let notes = get(Field::Notes)
        .and_then(|n| Note::body(&n).ok())
        .into_iter()
        .collect();
    let key = format!(
        "{}|{}",
        name.to_lowercase(),
        emails.first().cloned().unwrap_or_default().to_lowercase()
    );
    Row::Contact(Box::new(Contact {
        line,
        source_key: Some((source.to_owned(), key)),
        person: draft,
        birthday,
        anniversary,
        notes,
        touches: Vec::new(),
        related: Vec::new(),
    }))
}
