//! Exports: the whole database as JSON (versioned, documented in this
//! crate's `EXPORT-FORMAT.md`, restorable), people as vCard 4.0 or CSV, and
//! follow-ups and keep-in-touch dates as iCalendar with alarms.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::domain::{related_type, Identity, IdentityKind, Link, PersonId};
use kith_core::import::Birthday;
use kith_core::store::{Dump, StoredPhoto, Table, Value};
use kith_core::{Person, Store};
use serde_json::{json, Map, Value as Json};

use crate::content::{escape, fold};
use crate::ExchangeError;

/// The `format` field of Kith's JSON export.
pub const JSON_FORMAT: &str = "kith-export";
/// The version of the JSON layout (not of the database schema).
pub const JSON_VERSION: u64 = 1;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Vcard(VcardVersion),
    Csv,
    Ics,
}

/// Which vCard an export writes: 3.0 unless asked (what Apple, Google and
/// Outlook read), or 4.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VcardVersion {
    #[default]
    V3,
    V4,
}

impl VcardVersion {
    /// `3.0` or `4.0` (`3` and `4` too).
    pub fn parse(text: &str) -> Option<VcardVersion> {
        match text.trim() {
            "3.0" | "3" => Some(VcardVersion::V3),
            "4.0" | "4" => Some(VcardVersion::V4),
            _ => None,
        }
    }
}

impl ExportFormat {
    /// `json`, `vcard` (3.0; `vcard4` for 4.0), `csv` or `ics`.
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "vcard" | "vcf" | "vcard3" => Some(ExportFormat::Vcard(VcardVersion::V3)),
            "vcard4" => Some(ExportFormat::Vcard(VcardVersion::V4)),
            "csv" => Some(ExportFormat::Csv),
            "ics" | "ical" | "icalendar" => Some(ExportFormat::Ics),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Vcard(_) => "vcf",
            ExportFormat::Csv => "csv",
            ExportFormat::Ics => "ics",
        }
    }
}

fn failed(error: impl std::fmt::Display) -> ExchangeError {
    ExchangeError::Malformed {
        file: "export".to_owned(),
        message: error.to_string(),
    }
}

/// Writes an export of `people` (everyone when `None`; JSON and iCalendar
/// are always everything) to `out`.
pub fn export(
    store: &Store,
    format: ExportFormat,
    people: Option<&[PersonId]>,
    out: &mut dyn Write,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), ExchangeError> {
    let text = match format {
        ExportFormat::Json => json_export(&store.dump()?)?,
        ExportFormat::Vcard(version) => {
            // Card by card, each photo read as its card is written: an
            // address book of faces is never held whole.
            let people = selected(store, people)?;
            let links = links_of(store, &people)?;
            let mut photo = |id: PersonId| Ok(store.photo(id)?);
            return vcard_export(&people, &links, &mut photo, version, out);
        }
        ExportFormat::Csv => csv_export(store, &selected(store, people)?, now)?,
        ExportFormat::Ics => crate::ics::ics_export(store, now, zone)?,
    };
    out.write_all(text.as_bytes()).map_err(failed)
}

/// Each person's links, for their cards' `RELATED`.
fn links_of(store: &Store, people: &[Person]) -> Result<HashMap<i64, Vec<Link>>, ExchangeError> {
    people
        .iter()
        .map(|p| Ok((p.id.0, store.links(p.id)?)))
        .collect()
}

fn selected(store: &Store, people: Option<&[PersonId]>) -> Result<Vec<Person>, ExchangeError> {
    let ids: Vec<PersonId> = match people {
        Some(ids) => ids.to_vec(),
        None => store.person_ids()?,
    };
    ids.into_iter().map(|id| Ok(store.person(id)?)).collect()
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it
/// over `path`: a crash or a full disk leaves the old file, never half of
/// the new one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

// ---- JSON ----

fn cell(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(n) => json!(n),
        Value::Real(x) => json!(x),
        Value::Text(t) => json!(t),
        Value::Blob(b) => {
            json!({ "hex": b.iter().map(|x| format!("{x:02x}")).collect::<String>() })
        }
    }
}

/// The dump as Kith's JSON export: `{format, version, schema, tables}`,
/// each table `{columns, rows}`; stable key order, so the same data gives
/// the same bytes.
pub fn json_export(dump: &Dump) -> Result<String, ExchangeError> {
    let mut tables = Map::new();
    for table in &dump.tables {
        let rows: Vec<Json> = table
            .rows
            .iter()
            .map(|r| Json::Array(r.iter().map(cell).collect()))
            .collect();
        tables.insert(
            table.name.clone(),
            json!({ "columns": table.columns, "rows": rows }),
        );
    }
    let document = json!({
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "schema": dump.schema_version,
        "tables": tables,
    });
    let mut text = serde_json::to_string_pretty(&document).map_err(failed)?;
    text.push('\n');
    Ok(text)
}

fn uncell(value: &Json) -> Result<Value, String> {
    Ok(match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or("a number out of range")?),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) => {
            let hex = o
                .get("hex")
                .and_then(Json::as_str)
                .ok_or("an object that is not {\"hex\": …}")?;
            if hex.len() % 2 != 0 {
                return Err("odd-length hex".into());
            }
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| "bad hex")?;
            Value::Blob(bytes)
        }
        Json::Array(_) => return Err("a list where a value belongs".into()),
    })
}

/// Reads Kith's JSON export back into a dump.
pub fn json_dump(bytes: &[u8]) -> Result<Dump, String> {
    let document: Json =
        serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON ({e})"))?;
    if document.get("format").and_then(Json::as_str) != Some(JSON_FORMAT) {
        return Err("not a Kith export (no \"format\": \"kith-export\")".into());
    }
    let version = document
        .get("version")
        .and_then(Json::as_u64)
        .ok_or("no version")?;
    if version > JSON_VERSION {
        return Err(format!(
            "written by a newer Kith (export version {version}); update Kith to read it"
        ));
    }
    let schema = document
        .get("schema")
        .and_then(Json::as_u64)
        .and_then(|s| u32::try_from(s).ok())
        .ok_or("no schema version")?;
    let tables = document
        .get("tables")
        .and_then(Json::as_object)
        .ok_or("no tables")?;
    let mut out = Vec::new();
    for (name, table) in tables {
        let columns: Vec<String> = table
            .get("columns")
            .and_then(Json::as_array)
            .ok_or_else(|| format!("table '{name}' has no columns"))?
            .iter()
            .map(|c| {
                c.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("a column name in '{name}' is not text"))
            })
            .collect::<Result<_, _>>()?;
        let rows = table
            .get("rows")
            .and_then(Json::as_array)
            .ok_or_else(|| format!("table '{name}' has no rows"))?
            .iter()
            .map(|row| {
                row.as_array()
                    .ok_or_else(|| format!("a row of '{name}' is not a list"))?
                    .iter()
                    .map(|v| uncell(v).map_err(|e| format!("in '{name}': {e}")))
                    .collect::<Result<Vec<Value>, String>>()
            })
            .collect::<Result<_, _>>()?;
        out.push(Table {
            name: name.clone(),
            columns,
            rows,
        });
    }
    // Parents before children, whatever order the file has.
    out.sort_by_key(|t| {
        kith_core::store::DUMP_TABLES
            .iter()
            .position(|n| *n == t.name)
            .unwrap_or(usize::MAX)
    });
    Ok(Dump {
        schema_version: schema,
        tables: out,
    })
}

// ---- vCard 4.0 ----

/// An identity as a vCard property: `EMAIL`, `TEL`, `URL` for a website,
/// `X-SOCIALPROFILE` with its kind for a profile (what Apple's and
/// Android's contacts read). vCard 3.0 has no `tel:` URIs.
pub fn identity_property(identity: &Identity, version4: bool) -> String {
    match identity.kind {
        IdentityKind::Email => format!("EMAIL:{}", escape(&identity.value)),
        IdentityKind::Phone if version4 => match tel_uri(identity) {
            Some(uri) => format!("TEL;VALUE=uri:{uri}"),
            None => format!("TEL;VALUE=text:{}", escape(&identity.value)),
        },
        IdentityKind::Phone => format!("TEL:{}", escape(&identity.value)),
        IdentityKind::Linkedin => format!(
            "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/{}",
            identity.normalized
        ),
        IdentityKind::Website => format!("URL:{}", escape(&identity.value)),
        other => format!(
            "X-SOCIALPROFILE;TYPE={}:{}",
            other.as_str(),
            escape(&identity.value)
        ),
    }
}

/// A phone number with its country code as an RFC 3966 `tel:` URI that
/// keeps the number's grouping as visual separators ("+47 912 34 567" →
/// `tel:+47-912-34-567`); `None` for a number without a country code (a
/// `tel:` URI would need its context) or one that is not only digits.
pub fn tel_uri(identity: &Identity) -> Option<String> {
    let value = identity.value.trim();
    let rest = value
        .strip_prefix('+')
        .or_else(|| value.strip_prefix("00"))?;
    let mut uri = String::from("tel:+");
    for c in rest.chars() {
        if c.is_ascii_digit() {
            uri.push(c);
        } else if " -.()/\u{a0}".contains(c) {
            if !uri.ends_with(['+', '-']) {
                uri.push('-');
            }
        } else {
            return None;
        }
    }
    let uri = uri.trim_end_matches('-').to_owned();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    (identity.normalized.starts_with('+') && digits(&uri) == digits(&identity.normalized))
        .then_some(uri)
}

/// A photo as a vCard `PHOTO`: 3.0's base64 (`ENCODING=b;TYPE=JPEG`), 4.0's
/// `data:` URI; a link as the address (`VALUE=uri` in 3.0).
pub fn photo_property(photo: &StoredPhoto, version4: bool) -> Option<String> {
    use base64::Engine;
    if let Some(image) = &photo.image {
        let data = base64::engine::general_purpose::STANDARD.encode(image);
        return Some(if version4 {
            format!("PHOTO:data:image/jpeg;base64,{data}")
        } else {
            format!("PHOTO;ENCODING=b;TYPE=JPEG:{data}")
        });
    }
    let link = photo.link.as_deref()?;
    Some(if version4 {
        format!("PHOTO:{link}")
    } else {
        format!("PHOTO;VALUE=uri:{link}")
    })
}

/// A birthday as a vCard `BDAY`: `YYYYMMDD`, or without a year `--MMDD`
/// (4.0) or Apple's `1604` with `X-APPLE-OMIT-YEAR` (3.0, which has no
/// year-less dates).
pub fn birthday_property(birthday: Birthday, version4: bool) -> String {
    match (birthday.year, version4) {
        (Some(y), _) => format!("BDAY:{y:04}{:02}{:02}", birthday.month, birthday.day),
        (None, true) => format!("BDAY:--{:02}{:02}", birthday.month, birthday.day),
        (None, false) => format!(
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-{:02}-{:02}",
            birthday.month, birthday.day
        ),
    }
}

/// An anniversary as vCard 4.0's `ANNIVERSARY`: `YYYYMMDD`, or `--MMDD`.
pub fn anniversary_property(date: Birthday) -> String {
    match date.year {
        Some(y) => format!("ANNIVERSARY:{y:04}{:02}{:02}", date.month, date.day),
        None => format!("ANNIVERSARY:--{:02}{:02}", date.month, date.day),
    }
}

/// An anniversary in vCard 3.0, which has no property for it: Apple's
/// labelled `X-ABDATE` (a year-less one with `X-APPLE-OMIT-YEAR`), and
/// `X-ANNIVERSARY` (Evolution, KAddressBook, Thunderbird) when the year is
/// known.
fn anniversary_properties_3(date: Birthday) -> Vec<String> {
    let (m, d) = (date.month, date.day);
    let mut lines = vec![match date.year {
        Some(y) => format!("item1.X-ABDATE:{y:04}-{m:02}-{d:02}"),
        None => format!("item1.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-{m:02}-{d:02}"),
    }];
    lines.push("item1.X-ABLabel:_$!<Anniversary>!$_".to_owned());
    if let Some(y) = date.year {
        lines.push(format!("X-ANNIVERSARY:{y:04}-{m:02}-{d:02}"));
    }
    lines
}

/// People as vCard 3.0 or 4.0, one card each, readable by Kith's own
/// importer and by programs that read only 3.0 (Outlook). Every card has
/// `N` (guessed from the name, post-nominals as its suffix: see
/// [`crate::structured_name`]). Each link vCard has a word for is a
/// `RELATED` (an IANA property a 3.0 reader leaves alone): to another card
/// of the export by its `UID`, else to the other person's name as text.
pub fn vcard_export(
    people: &[Person],
    links: &HashMap<i64, Vec<Link>>,
    photo: &mut dyn FnMut(PersonId) -> Result<Option<StoredPhoto>, ExchangeError>,
    version: VcardVersion,
    out: &mut dyn Write,
) -> Result<(), ExchangeError> {
    let v4 = version == VcardVersion::V4;
    let exported: HashSet<i64> = people.iter().map(|p| p.id.0).collect();
    let mut card = String::new();
    for p in people {
        let version_line = if v4 { "VERSION:4.0" } else { "VERSION:3.0" };
        let mut lines = vec!["BEGIN:VCARD".to_owned(), version_line.to_owned()];
        lines.push(format!("UID:urn:kith:person:{}", p.id));
        lines.push(format!("FN:{}", escape(&p.display_name)));
        lines.push(crate::structured_name::guessed(&p.display_name));
        if let Some(company) = &p.company {
            lines.push(format!("ORG:{}", escape(company)));
        }
        if let Some(role) = &p.role {
            lines.push(format!("TITLE:{}", escape(role)));
        }
        for identity in &p.identities {
            lines.push(identity_property(identity, v4));
        }
        if let Some(birthday) = p.birthday {
            lines.push(birthday_property(birthday, v4));
        }
        if let Some(anniversary) = p.anniversary {
            if v4 {
                lines.push(anniversary_property(anniversary));
            } else {
                lines.extend(anniversary_properties_3(anniversary));
            }
        }
        if !p.tags.is_empty() {
            lines.push(format!(
                "CATEGORIES:{}",
                p.tags
                    .iter()
                    .map(|t| escape(t))
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        for note in &p.notes {
            lines.push(format!("NOTE:{}", escape(&note.body)));
        }
        if let Some(photo) = photo(p.id)? {
            lines.extend(photo_property(&photo, v4));
        }
        for link in links.get(&p.id.0).into_iter().flatten() {
            let Some(word) = related_type(link.kind, !link.outgoing) else {
                continue;
            };
            lines.push(if exported.contains(&link.other.0) {
                format!("RELATED;TYPE={word}:urn:kith:person:{}", link.other.0)
            } else {
                format!(
                    "RELATED;VALUE=text;TYPE={word}:{}",
                    escape(&link.other_name)
                )
            });
        }
        lines.push("END:VCARD".to_owned());
        card.clear();
        for line in lines {
            fold(&line, &mut card);
        }
        out.write_all(card.as_bytes()).map_err(failed)?;
    }
    Ok(())
}

// ---- CSV ----

/// Keeps a cell from being read as a formula by a spreadsheet: one that
/// starts with `=`, `+`, `-`, `@`, a tab, a carriage return or NUL gets a
/// leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// People with their stage, warmth and last touch, one row each.
pub fn csv_export(
    store: &Store,
    people: &[Person],
    now: DateTime<Utc>,
) -> Result<String, ExchangeError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "Name",
            "Company",
            "Role",
            "Stage",
            "Health",
            "Last touch",
            "Last touch kind",
            "E-mail",
            "Phone",
            "LinkedIn",
            "Tags",
            "Birthday",
        ])
        .map_err(failed)?;
    for p in people {
        let touches = store.touches(p.id)?;
        let last = touches.first();
        let cadence = p
            .cadence_days
            .unwrap_or_else(|| p.stage.default_cadence_days());
        let health = kith_core::stage::Health::of(last.map(|t| t.at), cadence, now);
        let of = |kind: IdentityKind| {
            p.identities
                .iter()
                .filter(|i| i.kind == kind)
                .map(|i| i.value.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let row = [
            p.display_name.clone(),
            p.company.clone().unwrap_or_default(),
            p.role.clone().unwrap_or_default(),
            p.stage.label().to_owned(),
            health.as_str().to_owned(),
            last.map(|t| t.at.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            last.map(|t| t.kind.as_str().to_owned()).unwrap_or_default(),
            of(IdentityKind::Email),
            of(IdentityKind::Phone),
            of(IdentityKind::Linkedin),
            p.tags.join("; "),
            p.birthday.map(Birthday::to_text).unwrap_or_default(),
        ];
        writer
            .write_record(row.iter().map(|c| neutralise(c)))
            .map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(failed)?;
    String::from_utf8(bytes).map_err(failed)
}

// ---- What can still be read from a damaged database ----

/// Where [`export_readable`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Readable {
    pub json: std::path::PathBuf,
    pub vcard: Option<std::path::PathBuf>,
    pub people: u64,
    /// Where rows could not be read (and why the vCard is missing, if it is).
    pub lost: Vec<String>,
}

/// Reads every readable row of the (damaged) database file at `db` and
/// writes it to `dir` as Kith's JSON export (`kith-readable-<time>.json`,
/// which `kith import` restores into a new database) and, when the rows
/// hold together, a vCard of the people (`kith-readable-<time>.vcf`).
pub fn export_readable(
    db: &std::path::Path,
    dir: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<Readable, ExchangeError> {
    let salvage = kith_core::store::salvage_file(db)?;
    let mut lost = salvage.lost;
    let stem = format!("kith-readable-{}", now.format("%Y%m%d-%H%M%S"));
    let json_path = dir.join(format!("{stem}.json"));
    let written = |path: &std::path::Path, bytes: &[u8]| {
        write_atomically(path, bytes).map_err(|e| ExchangeError::Malformed {
            file: path.display().to_string(),
            message: format!("could not write it: {e}"),
        })
    };
    written(&json_path, json_export(&salvage.dump)?.as_bytes())?;
    let people = salvage
        .dump
        .tables
        .iter()
        .find(|t| t.name == "person")
        .map_or(0, |t| t.rows.len() as u64);
    let copy = Store::open_in_memory()?;
    let vcard = match copy.restore_salvage(&salvage.dump) {
        Ok(_) => {
            let everyone = selected(&copy, None)?;
            let path = dir.join(format!("{stem}.vcf"));
            let links = links_of(&copy, &everyone)?;
            let mut cards = Vec::new();
            let mut photo = |id: PersonId| Ok(copy.photo(id)?);
            vcard_export(&everyone, &links, &mut photo, VcardVersion::V3, &mut cards)?;
            written(&path, &cards)?;
            Some(path)
        }
        Err(error) => {
            lost.push(format!("no vCard: {error}"));
            None
        }
    };
    Ok(Readable {
        json: json_path,
        vcard,
        people,
        lost,
    })
}
