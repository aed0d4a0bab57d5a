//! Address books saved as CSV by Outlook (its English, French and German
//! headers) and Thunderbird (with its header row in English or German, or
//! without one, in the order Thunderbird writes its columns), and any
//! other CSV with its columns mapped ([`ColumnMap`]: by header names, or
//! by position for a file without a header row), read through
//! [`crate::csv_source`]: any encoding and separator it reads.

use std::fs::File;

use chrono::NaiveDate;
use kith_core::domain::{
    linkedin_slug, Channel, Direction, Identity, IdentityKind, Note, PersonDraft, TouchKind,
    TouchSpec,
};
use kith_core::import::{Birthday, Contact, Row, Skipped};

use crate::csv_source::{Columns, CsvSource, Record};
use crate::{text, ExchangeError};

/// What a column holds, in Kith's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The whole name ("Full name", Thunderbird's "Display Name").
    Name,
    First,
    Middle,
    Last,
    Suffix,
    Nickname,
    Email,
    Phone,
    Company,
    Role,
    Birthday,
    Anniversary,
    Tags,
    Notes,
    /// A web address: a LinkedIn profile, or a website.
    Web,
    /// The day you connected (as LinkedIn's "Connected On").
    Connected,
    /// A column to leave out.
    Ignore,
}

impl Field {
    /// Every field, in the order a mapping offers them.
    pub const ALL: [Field; 17] = [
        Field::Name,
        Field::First,
        Field::Middle,
        Field::Last,
        Field::Suffix,
        Field::Nickname,
        Field::Email,
        Field::Phone,
        Field::Company,
        Field::Role,
        Field::Birthday,
        Field::Anniversary,
        Field::Tags,
        Field::Notes,
        Field::Web,
        Field::Connected,
        Field::Ignore,
    ];

    /// The words `--columns` takes.
    pub const WORDS: &'static str =
        "name, first, middle, last, suffix, nickname, email, phone, company, role, birthday, anniversary, tags, notes, url, connected, ignore";

    pub fn parse(word: &str) -> Option<Field> {
        Some(match word.trim().to_lowercase().as_str() {
            "name" | "full name" | "display name" => Field::Name,
            "first" | "first name" | "given name" => Field::First,
            "middle" | "middle name" => Field::Middle,
            "last" | "last name" | "family name" | "surname" => Field::Last,
            "suffix" => Field::Suffix,
            "nickname" => Field::Nickname,
            "email" | "e-mail" | "mail" => Field::Email,
            "phone" | "mobile" | "tel" => Field::Phone,
            "company" | "organization" | "organisation" => Field::Company,
            "role" | "title" | "job title" | "position" => Field::Role,
            "birthday" => Field::Birthday,
            "anniversary" => Field::Anniversary,
            "tags" | "tag" | "labels" | "categories" => Field::Tags,
            "notes" | "note" => Field::Notes,
            "url" | "web" | "website" | "linkedin" => Field::Web,
            "connected" | "connected on" => Field::Connected,
            "ignore" | "skip" | "-" => Field::Ignore,
            _ => return None,
        })
    }

    /// Its word for `--columns`.
    pub fn word(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::First => "first",
            Field::Middle => "middle",
            Field::Last => "last",
            Field::Suffix => "suffix",
            Field::Nickname => "nickname",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Company => "company",
            Field::Role => "role",
            Field::Birthday => "birthday",
            Field::Anniversary => "anniversary",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::Web => "url",
            Field::Connected => "connected",
            Field::Ignore => "ignore",
        }
    }
}

/// A program's columns: each field and the header names it has had.
type Layout = &'static [(Field, &'static [&'static str])];

/// Columns as a reader looks them up: each field and its column names.
type Lookup = Vec<(Field, Vec<String>)>;

fn lookup(layout: Layout) -> Lookup {
    layout
        .iter()
        .map(|(f, names)| (*f, names.iter().map(|n| (*n).to_owned()).collect()))
        .collect()
}

/// Which column holds what, as the user says it: by header name
/// (`Full name=name,Mail=email`) or, for a file without a header row, by
/// position from 1 (`1=name,4=email`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// Header names (lower case), or positions from 1 written as numbers.
    columns: Vec<(String, Field)>,
    by_position: bool,
}

impl ColumnMap {
    /// `Header=field,…` or `1=field,…`; a clear message when it is not.
    pub fn parse(text: &str) -> Result<ColumnMap, String> {
        let mut columns = Vec::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (column, word) = pair
                .rsplit_once('=')
                .ok_or_else(|| format!("“{pair}” is not COLUMN=FIELD"))?;
            let field = Field::parse(word).ok_or_else(|| {
                format!(
                    "“{}” is not a field Kith knows (use {})",
                    word.trim(),
                    Field::WORDS
                )
            })?;
            let column = column.trim().to_lowercase();
            if column.is_empty() {
                return Err(format!("“{pair}” names no column"));
            }
            columns.push((column, field));
        }
        if columns.is_empty() {
            return Err("no columns given (e.g. \"Full name=name,Mail=email\")".to_owned());
        }
        let positions = columns
            .iter()
            .filter(|(c, _)| c.parse::<usize>().is_ok_and(|n| n >= 1))
            .count();
        if positions != 0 && positions != columns.len() {
            return Err(
                "give every column by its header name, or every one by its position (1, 2, …)"
                    .to_owned(),
            );
        }
        if !columns.iter().any(|(_, f)| {
            matches!(
                f,
                Field::Name | Field::First | Field::Last | Field::Email | Field::Company
            )
        }) {
            return Err("map at least a name, an e-mail or a company column".to_owned());
        }
        Ok(ColumnMap {
            columns,
            by_position: positions != 0,
        })
    }

    /// Whether columns are given by position (a file without a header).
    pub fn by_position(&self) -> bool {
        self.by_position
    }

    /// As `--columns` takes it.
    pub fn to_text(&self) -> String {
        self.columns
            .iter()
            .map(|(c, f)| format!("{c}={}", f.word()))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn lookup(&self) -> Lookup {
        let mut out: Lookup = Vec::new();
        for (column, field) in &self.columns {
            match out.iter_mut().find(|(f, _)| f == field) {
                Some((_, names)) => names.push(column.clone()),
                None => out.push((*field, vec![column.clone()])),
            }
        }
        out
    }
}

/// For a CSV Kith does not know: `--columns` as guessed from its first
/// two lines ("Full name=name,Mail=email"), `None` when nothing could be
/// guessed or it is no CSV.
pub fn suggested_columns(head: &str) -> Option<String> {
    let mut lines = head.lines();
    let header_line = lines.next()?;
    let separator = crate::csv_source::separator(header_line.as_bytes());
    let cells = |line: &str| -> Vec<String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(line.as_bytes());
        reader
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let header = cells(header_line);
    if header.len() < 2 {
        return None;
    }
    let first = lines.next().map(cells).unwrap_or_default();
    let pairs: Vec<String> = header
        .iter()
        .zip(guess(&header, &first))
        .filter_map(|(name, field)| Some(format!("{}={}", name.trim(), field?.word())))
        .collect();
    (!pairs.is_empty()).then(|| pairs.join(","))
}

/// A CSV Kith does not know, as the window shows it for mapping: its
/// header, the first rows' values of each column, and a guess for each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvColumns {
    pub header: Vec<String>,
    /// Up to three values of each column, in column order.
    pub samples: Vec<Vec<String>>,
    pub guesses: Vec<Option<Field>>,
}

/// The header and first rows of a CSV's start (`None` if it has fewer
/// than two columns).
pub(crate) fn columns_of(head: &str) -> Option<CsvColumns> {
    let first_line = head.lines().next()?;
    let separator = crate::csv_source::separator(first_line.as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(head.as_bytes());
    let mut records = reader.records().map_while(Result::ok);
    let header: Vec<String> = records
        .next()?
        .iter()
        .map(|c| c.trim().to_owned())
        .collect();
    if header.len() < 2 {
        return None;
    }
    let rows: Vec<Vec<String>> = records
        .take(3)
        .map(|r| {
            r.iter()
                .map(|c| c.trim().chars().take(80).collect())
                .collect()
        })
        .collect();
    let samples = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .filter(|v| !v.is_empty())
                .cloned()
                .collect()
        })
        .collect();
    let first = rows.first().cloned().unwrap_or_default();
    Some(CsvColumns {
        guesses: guess(&header, &first),
        header,
        samples,
    })
}

/// [`suggested_columns`] of a file's start.
pub fn suggested_columns_of(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::new();
    File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let head = head.strip_prefix(text::BOM).unwrap_or(&head);
    suggested_columns(&text::decode_head(head))
}

/// A guess at what each column of a header holds, from its name and the
/// first row's values (for a CSV Kith does not know).
pub fn guess(header: &[String], first_row: &[String]) -> Vec<Option<Field>> {
    header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = name.trim().to_lowercase();
            let by_name = Field::parse(&name).or_else(|| {
                let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
                if has(&["mail", "courriel"]) {
                    Some(Field::Email)
                } else if has(&["phone", "mobile", "tel", "handy", "portable"]) {
                    Some(Field::Phone)
                } else if has(&["company", "organi", "firma", "société", "employer"]) {
                    Some(Field::Company)
                } else if has(&["first", "vorname", "prénom", "given"]) {
                    Some(Field::First)
                } else if has(&["last", "nachname", "surname", "family"]) {
                    Some(Field::Last)
                } else if has(&["name", "nom"]) {
                    Some(Field::Name)
                } else if has(&["title", "position", "role", "job"]) {
                    Some(Field::Role)
                } else if has(&["birth", "geburt"]) {
                    Some(Field::Birthday)
                } else if has(&["note", "comment"]) {
                    Some(Field::Notes)
                } else if has(&["url", "linkedin", "web", "site"]) {
                    Some(Field::Web)
                } else if has(&["tag", "label", "group", "categor"]) {
                    Some(Field::Tags)
                } else if has(&["connected"]) {
                    Some(Field::Connected)
                } else {
                    None
                }
            });
            by_name.or_else(|| {
                let value = first_row.get(i)?.trim();
                if value.contains('@') && !value.contains(' ') {
                    Some(Field::Email)
                } else if text::date(value).is_some() {
                    // A date without a word for it: most often when you met.
                    Some(Field::Connected)
                } else if value.contains("linkedin.com/") || value.starts_with("http") {
                    Some(Field::Web)
                } else if value.len() >= 7
                    && value
                        .chars()
                        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
                {
                    Some(Field::Phone)
                } else {
                    None
                }
            })
        })
        .collect()
}

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
    (Field::Name, &["display name", "anzeigename"]),
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
    Ok(rows(source, lookup(OUTLOOK), Dates::Outlook, "outlook"))
}

/// Thunderbird's CSV export, with or without its header row.
pub fn thunderbird(
    file: File,
    name: &str,
    headerless: bool,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    let source = if headerless {
        CsvSource::without_header(file, name, THUNDERBIRD_COLUMNS, None)?
    } else {
        CsvSource::open(
            file,
            name,
            |c| is_thunderbird(&|n| c.has(n)),
            "Thunderbird (First Name, Last Name, Display Name, Primary Email, …)",
        )?
    };
    Ok(rows(
        source,
        lookup(THUNDERBIRD),
        Dates::Thunderbird,
        "thunderbird",
    ))
}

/// Any CSV, its columns as `map` says; `delimiter` when the header's own
/// cannot be told.
pub fn mapped(
    file: File,
    name: &str,
    map: &ColumnMap,
    delimiter: Option<u8>,
) -> Result<impl Iterator<Item = Result<Row, ExchangeError>>, ExchangeError> {
    let source = if map.by_position {
        let last = map
            .columns
            .iter()
            .filter_map(|(c, _)| c.parse::<usize>().ok())
            .max()
            .unwrap_or(1);
        let names: Vec<String> = (1..=last).map(|n| n.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        CsvSource::without_header(file, name, &names, delimiter)?
    } else {
        let wanted: Vec<String> = map.columns.iter().map(|(c, _)| c.clone()).collect();
        CsvSource::open_with(
            file,
            name,
            |c| wanted.iter().all(|w| c.has(w)),
            "a header with the columns given in --columns",
            delimiter,
        )?
    };
    Ok(rows(source, map.lookup(), Dates::Any, "csv"))
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
    /// Whatever a spreadsheet has: ISO, month first (`05/30/2024`),
    /// `30 May 2024`, or day first with dots (`30.05.2024`).
    Any,
}

fn rows(
    mut source: CsvSource,
    layout: Lookup,
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
        Some(Ok(contact(&source.columns, &next, &layout, dates, key)))
    })
}

/// Every value of a field, in the order of its header names.
fn values(columns: &Columns, record: &Record, layout: &Lookup, field: Field) -> Vec<String> {
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

fn first(columns: &Columns, record: &Record, layout: &Lookup, field: Field) -> Option<String> {
    values(columns, record, layout, field).into_iter().next()
}

/// A draft with the e-mail addresses, phone numbers and web addresses of
/// a row (a LinkedIn profile among them as such); a value that is not one
/// of its kind is left out without costing the row.
pub(crate) fn with_identities(
    mut draft: PersonDraft,
    emails: &[String],
    phones: &[String],
    webs: &[String],
) -> PersonDraft {
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
    draft
}

/// A date as the layout writes it.
fn date(text: &str, columns: &Columns, dates: Dates) -> Option<Birthday> {
    use chrono::Datelike;
    let text = text.trim();
    let formats: &[&str] = match dates {
        Dates::Outlook if columns.has("vorname") => &["%d.%m.%Y", "%d.%m.%y"],
        Dates::Outlook if columns.has("prénom") => &["%d/%m/%Y", "%d/%m/%y"],
        Dates::Any => &["%d.%m.%Y"],
        _ => &["%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"],
    };
    let day = formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .or_else(|| match dates {
            Dates::Any => text::date(text).map(|d| d.date_naive()),
            _ => None,
        })?;
    Birthday::new(Some(day.year()), day.month(), day.day())
}

fn contact(columns: &Columns, record: &Record, layout: &Lookup, dates: Dates, source: &str) -> Row {
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
    let name = get(Field::Name)
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
    draft = with_identities(draft, &emails, &all(Field::Phone), &all(Field::Web));
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
        Dates::Outlook | Dates::Any => get(Field::Birthday).and_then(|b| date(&b, columns, dates)),
    };
    let anniversary = get(Field::Anniversary).and_then(|a| date(&a, columns, dates));
    let connected = get(Field::Connected);
    let at = connected.as_deref().and_then(text::date);
    let touches = at
        .and_then(|at| {
            TouchSpec::new(
                TouchKind::Connected,
                Channel::Other,
                Direction::Mutual,
                at,
                Some("Connected"),
            )
            .ok()
        })
        .into_iter()
        .collect();
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
        touches,
        related: Vec::new(),
        photo: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_is_by_names_or_by_positions_never_both() {
        let map = ColumnMap::parse("Full name=name, Mail=email,Mobile=phone").unwrap();
        assert!(!map.by_position);
        assert_eq!(map.lookup()[1], (Field::Email, vec!["mail".to_owned()]));
        assert!(ColumnMap::parse("1=name,4=email").unwrap().by_position);
        for bad in [
            "1=name,Mail=email",
            "Mail=mailbox",
            "Mail",
            "=name",
            "Phone=phone",
            "",
        ] {
            assert!(ColumnMap::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn columns_are_guessed_from_their_names_and_values() {
        let header = [
            "Full name",
            "Courriel",
            "Portable",
            "Firma",
            "x",
            "y",
            "Comment",
        ]
        .map(String::from);
        let row = [
            "Ada",
            "",
            "",
            "",
            "ada@example.org",
            "+44 20 7946 0000",
            "hi",
        ]
        .map(String::from);
        let guessed: Vec<Option<&str>> = guess(&header, &row)
            .into_iter()
            .map(|f| f.map(Field::word))
            .collect();
        assert_eq!(
            guessed,
            [
                Some("name"),
                Some("email"),
                Some("phone"),
                Some("company"),
                Some("email"),
                Some("phone"),
                Some("notes")
            ]
        );
        assert_eq!(
            suggested_columns("Full name;Mail;Notes;Met\nAda;ada@example.org;hi;2024-05-30\n")
                .as_deref(),
            Some("Full name=name,Mail=email,Notes=notes,Met=connected")
        );
        assert_eq!(suggested_columns("just some text\n"), None);
    }
}
