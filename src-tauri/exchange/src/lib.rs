//! Kith's imports and exports. Imports read the files people already have
//! — a LinkedIn data export (its `Connections.csv`, `Invitations.csv` and
//! `messages.csv`, the folder or the zip), Google Contacts CSV, vCard 2.1,
//! 3.0 and 4.0, Facebook's friends JSON — detected from their content, and
//! stream them as [`Row`]s into [`kith_core::Store::import`]. Every field is
//! treated as hostile: rows that cannot be used are skipped with their line
//! and reason; files that cannot be read stop the import before anything
//! is written.

pub mod activity;
pub mod address_books;
pub mod calendar;
pub mod chats;
pub mod content;
mod csv_source;
pub mod export;
mod facebook;
mod google;
pub mod ics;
mod linkedin;
pub mod meetings;
pub mod sealed;
pub mod structured_name;
pub mod telegram;
pub mod text;
pub mod vcard;

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use kith_core::import::Row;
use kith_core::store::{ImportFailure, ImportReport};
use kith_core::{Store, StoreError};
use sealed::{Passphrase, SealError};

/// The encodings a file may be read in (`ImportOptions::encoding`).
pub use encoding_rs::Encoding;

/// The largest file Kith reads for an import; larger ones are refused with
/// a clear message rather than read for minutes.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// How much of a file detection looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// The formats Kith imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    LinkedinConnections,
    LinkedinInvitations,
    LinkedinMessages,
    GoogleCsv,
    OutlookCsv,
    /// Thunderbird's CSV, with its header row.
    ThunderbirdCsv,
    /// Thunderbird's CSV written without a header row.
    ThunderbirdCsvNoHeader,
    /// Any other CSV, its columns mapped ([`ImportOptions::columns`]).
    MappedCsv,
    Vcard,
    FacebookFriends,
    /// Kith's own JSON export, restored into an empty database.
    KithJson,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::LinkedinConnections,
        Format::LinkedinInvitations,
        Format::LinkedinMessages,
        Format::GoogleCsv,
        Format::OutlookCsv,
        Format::ThunderbirdCsv,
        Format::ThunderbirdCsvNoHeader,
        Format::MappedCsv,
        Format::Vcard,
        Format::FacebookFriends,
        Format::KithJson,
    ];

    /// The identifier for `--format` and the window.
    pub fn id(self) -> &'static str {
        match self {
            Format::LinkedinConnections => "linkedin-connections",
            Format::LinkedinInvitations => "linkedin-invitations",
            Format::LinkedinMessages => "linkedin-messages",
            Format::GoogleCsv => "google",
            Format::OutlookCsv => "outlook",
            Format::ThunderbirdCsv => "thunderbird",
            Format::ThunderbirdCsvNoHeader => "thunderbird-no-header",
            Format::MappedCsv => "csv",
            Format::Vcard => "vcard",
            Format::FacebookFriends => "facebook",
            Format::KithJson => "kith-json",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::LinkedinConnections => "LinkedIn connections",
            Format::LinkedinInvitations => "LinkedIn invitations",
            Format::LinkedinMessages => "LinkedIn messages",
            Format::GoogleCsv => "Google Contacts",
            Format::OutlookCsv => "Outlook contacts",
            Format::ThunderbirdCsv | Format::ThunderbirdCsvNoHeader => "Thunderbird address book",
            Format::MappedCsv => "CSV, columns mapped",
            Format::Vcard => "vCard",
            Format::FacebookFriends => "Facebook friends",
            Format::KithJson => "Kith export",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        let text = text.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.id() == text)
            .or(match text.as_str() {
                "linkedin" => Some(Format::LinkedinConnections),
                "vcf" => Some(Format::Vcard),
                _ => None,
            })
    }

    /// Recognises a format from the start of a file.
    pub fn detect(head: &[u8]) -> Option<Format> {
        let head = head.strip_prefix(text::BOM).unwrap_or(head);
        let text = text::decode_head(head);
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') {
            if trimmed.contains(&format!("\"format\": \"{}\"", export::JSON_FORMAT))
                || trimmed.contains(&format!("\"format\":\"{}\"", export::JSON_FORMAT))
            {
                return Some(Format::KithJson);
            }
            let friends = ["\"friends_v2\"", "\"friends\""];
            return friends
                .iter()
                .any(|k| trimmed.contains(k))
                .then_some(Format::FacebookFriends);
        }
        if text.to_ascii_uppercase().contains("BEGIN:VCARD") {
            return Some(Format::Vcard);
        }
        // CSV: look at the first lines for a known header.
        for line in text.lines().take(64) {
            let separator = char::from(csv_source::separator(line.as_bytes()));
            let header: Vec<String> = line
                .split(separator)
                .map(|c| c.trim().trim_matches('"').to_lowercase())
                .collect();
            let has = |name: &str| header.iter().any(|c| c == name);
            if has("first name") && has("last name") && has("connected on") {
                return Some(Format::LinkedinConnections);
            }
            if has("from") && has("to") && has("direction") && has("sent at") {
                return Some(Format::LinkedinInvitations);
            }
            if has("from") && has("content") && (has("conversation id") || has("direction")) {
                return Some(Format::LinkedinMessages);
            }
            let google_current = has("first name")
                && has("last name")
                && header.iter().any(|c| {
                    c.starts_with("e-mail 1 - ") || c.starts_with("phone 1 - ") || c == "labels"
                });
            let google_legacy = has("given name") && has("family name");
            if google_current || google_legacy {
                return Some(Format::GoogleCsv);
            }
            if address_books::is_outlook(&has) {
                return Some(Format::OutlookCsv);
            }
            if address_books::is_thunderbird(&has) {
                return Some(Format::ThunderbirdCsv);
            }
            if address_books::is_headerless_thunderbird(&header) {
                return Some(Format::ThunderbirdCsvNoHeader);
            }
        }
        None
    }
}

/// Why an import could not be done. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("could not read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a file Kith can import: it does not look like a LinkedIn, Google Contacts, Outlook, Thunderbird, vCard or Facebook export (if it is one, choose its format)", .0.display())]
    NotRecognised(PathBuf),
    #[error("{} holds no LinkedIn Connections.csv, Invitations.csv or messages.csv", .0.display())]
    NothingInFolder(PathBuf),
    #[error("{} is larger than {} MB, more than any export Kith knows; nothing was imported", .path.display(), MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge { path: PathBuf },
    #[error("{file}: {message}")]
    Malformed { file: String, message: String },
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    #[error("{} is a Kith export sealed with a passphrase; give the passphrase to import it", .0.display())]
    PassphraseNeeded(PathBuf),
    #[error("{} could not be opened: {error}", .path.display())]
    Sealed { path: PathBuf, error: SealError },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// How often (in rows) an import reports progress.
pub const PROGRESS_EVERY: u64 = 500;

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The format; detected from the content when `None`.
    pub format: Option<Format>,
    /// Who the user is in LinkedIn messages (profile URL or name); inferred
    /// from the export when `None`.
    pub me: Option<String>,
    /// Report what would happen without writing.
    pub dry_run: bool,
    /// Opens an export sealed with a passphrase.
    pub passphrase: Option<Passphrase>,
    /// Any CSV read with its columns mapped (the format is then
    /// [`Format::MappedCsv`]).
    pub columns: Option<address_books::ColumnMap>,
    /// A CSV's separator, when the header's own cannot be told.
    pub delimiter: Option<u8>,
    /// The file's encoding, when guessing fails (UTF-8 with or without a
    /// BOM, UTF-16 with a BOM and Windows-1252 are told apart unasked).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// One file to read: where it is (a temporary copy for a zip entry), the
/// name to report, and its format.
struct Part {
    path: PathBuf,
    name: String,
    format: Format,
    _keep: Option<tempfile::TempPath>,
    /// The content, when it was unsealed (kept in memory, never written
    /// out in the clear).
    unsealed: Option<Vec<u8>>,
}

pub(crate) fn read_error(path: &Path) -> impl Fn(std::io::Error) -> ExchangeError + '_ {
    move |source| ExchangeError::Read {
        path: path.to_owned(),
        source,
    }
}

pub(crate) fn open_checked(path: &Path) -> Result<File, ExchangeError> {
    let file = File::open(path).map_err(read_error(path))?;
    let size = file.metadata().map_err(read_error(path))?.len();
    if size > MAX_FILE_BYTES {
        return Err(ExchangeError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok(file)
}

fn sniff(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    open_checked(path)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(read_error(path))?;
    Ok(head)
}

/// The LinkedIn export files Kith reads, in the order they are applied
/// (people first, then what happened with them).
const LINKEDIN_FILES: [(&str, Format); 3] = [
    ("connections.csv", Format::LinkedinConnections),
    ("invitations.csv", Format::LinkedinInvitations),
    ("messages.csv", Format::LinkedinMessages),
];

fn folder_parts(dir: &Path) -> Result<Vec<Part>, ExchangeError> {
    let mut parts = Vec::new();
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    for (wanted, format) in LINKEDIN_FILES {
        if let Some(path) = entries.iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
        }) {
            parts.push(Part {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path: path.clone(),
                format,
                _keep: None,
                unsealed: None,
            });
        }
    }
    if parts.is_empty() {
        return Err(ExchangeError::NothingInFolder(dir.to_owned()));
    }
    Ok(parts)
}

fn zip_parts(path: &Path) -> Result<Vec<Part>, ExchangeError> {
    let file = open_checked(path)?;
    let mut archive =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| ExchangeError::Malformed {
            file: path.display().to_string(),
            message: format!("not a readable zip archive ({e})"),
        })?;
    let mut parts = Vec::new();
    for (wanted, format) in LINKEDIN_FILES {
        let found = (0..archive.len()).find(|&i| {
            archive.name_for_index(i).is_some_and(|name| {
                let base = name.rsplit('/').next().unwrap_or(name);
                base.eq_ignore_ascii_case(wanted)
            })
        });
        let Some(index) = found else { continue };
        let mut entry = archive
            .by_index(index)
            .map_err(|e| ExchangeError::Malformed {
                file: path.display().to_string(),
                message: format!("cannot read {wanted} in the archive ({e})"),
            })?;
        let name = entry.name().rsplit('/').next().unwrap_or(wanted).to_owned();
        let mut copy = tempfile::NamedTempFile::new().map_err(read_error(path))?;
        // A zip bomb stops at the same limit as a file.
        let copied = std::io::copy(
            &mut (&mut entry).take(MAX_FILE_BYTES + 1),
            copy.as_file_mut(),
        )
        .map_err(|e| ExchangeError::Malformed {
            file: format!("{}: {name}", path.display()),
            message: format!("cannot be unpacked ({e})"),
        })?;
        if copied > MAX_FILE_BYTES {
            return Err(ExchangeError::TooLarge {
                path: path.join(&name),
            });
        }
        parts.push(Part {
            path: copy.path().to_owned(),
            name,
            format,
            _keep: Some(copy.into_temp_path()),
            unsealed: None,
        });
    }
    if parts.is_empty() {
        return Err(ExchangeError::NothingInFolder(path.to_owned()));
    }
    Ok(parts)
}

/// The whole of a Kith export, up to the largest one restored.
fn read_export(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    let mut bytes = Vec::new();
    open_checked(path)?
        .take(MAX_EXPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error(path))?;
    if bytes.len() as u64 > MAX_EXPORT_BYTES {
        return Err(ExchangeError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok(bytes)
}

/// A Kith export sealed with a passphrase, opened in memory.
fn unsealed_part(path: &Path, passphrase: Option<&Passphrase>) -> Result<Part, ExchangeError> {
    let passphrase = passphrase.ok_or_else(|| ExchangeError::PassphraseNeeded(path.to_owned()))?;
    let plain =
        sealed::open(&read_export(path)?, passphrase).map_err(|error| ExchangeError::Sealed {
            path: path.to_owned(),
            error,
        })?;
    if Format::detect(&plain[..plain.len().min(SNIFF_BYTES)]) != Some(Format::KithJson) {
        return Err(ExchangeError::Malformed {
            file: path.display().to_string(),
            message: "it opens with the passphrase but holds no Kith export".to_owned(),
        });
    }
    Ok(Part {
        path: path.to_owned(),
        name: file_name(path),
        format: Format::KithJson,
        _keep: None,
        unsealed: Some(plain),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file saved as UTF-16 (a spreadsheet's "Unicode text", some Outlook
/// exports), copied as UTF-8 for the readers; `None` for any other file.
fn utf8_copy(
    path: &Path,
    head: &[u8],
    given: Option<&'static encoding_rs::Encoding>,
) -> Result<Option<tempfile::TempPath>, ExchangeError> {
    let encoding = match (given, head) {
        (Some(given), _) if given != encoding_rs::UTF_8 => given,
        (_, [0xFF, 0xFE, ..]) => encoding_rs::UTF_16LE,
        (_, [0xFE, 0xFF, ..]) => encoding_rs::UTF_16BE,
        _ => return Ok(None),
    };
    let mut bytes = Vec::new();
    open_checked(path)?
        .read_to_end(&mut bytes)
        .map_err(read_error(path))?;
    let (text, _, _) = encoding.decode(&bytes);
    let mut copy = tempfile::NamedTempFile::new().map_err(read_error(path))?;
    copy.write_all(text.as_bytes()).map_err(read_error(path))?;
    Ok(Some(copy.into_temp_path()))
}

/// The files an import reads, with their formats.
fn parts(path: &Path, options: &ImportOptions) -> Result<Vec<Part>, ExchangeError> {
    if path.is_dir() {
        return folder_parts(path);
    }
    let head = sniff(path)?;
    let forced = options.columns.as_ref().map(|_| Format::MappedCsv);
    if let Some(copy) = utf8_copy(path, &head, options.encoding)? {
        let head = sniff(&copy)?;
        let format = match forced.or(options.format) {
            Some(format) => format,
            None => Format::detect(&head)
                .ok_or_else(|| ExchangeError::NotRecognised(path.to_owned()))?,
        };
        return Ok(vec![Part {
            path: copy.to_path_buf(),
            name: file_name(path),
            format,
            _keep: Some(copy),
            unsealed: None,
        }]);
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_parts(path);
    }
    if sealed::is_sealed(&head) {
        return Ok(vec![unsealed_part(path, options.passphrase.as_ref())?]);
    }
    let format = match forced.or(options.format) {
        Some(format) => format,
        None => {
            Format::detect(&head).ok_or_else(|| ExchangeError::NotRecognised(path.to_owned()))?
        }
    };
    Ok(vec![Part {
        path: path.to_owned(),
        name: file_name(path),
        format,
        _keep: None,
        unsealed: None,
    }])
}

/// The rows of one file, streamed.
fn part_rows(
    part: &Part,
    options: &ImportOptions,
) -> Result<Box<dyn Iterator<Item = Result<Row, ExchangeError>>>, ExchangeError> {
    let me = options.me.as_deref();
    let file = open_checked(&part.path)?;
    let name = part.name.clone();
    let rows: Box<dyn Iterator<Item = Result<Row, ExchangeError>>> = match part.format {
        Format::LinkedinConnections => Box::new(linkedin::connections(file, &name)?),
        Format::LinkedinInvitations => Box::new(linkedin::invitations(file, &name)?),
        Format::LinkedinMessages => {
            let owner = match me {
                Some(me) => linkedin::Owner::given(me),
                None => linkedin::infer_owner(open_checked(&part.path)?, &name)?,
            };
            Box::new(linkedin::messages(file, &name, owner)?)
        }
        Format::GoogleCsv => Box::new(google::contacts(file, &name)?),
        Format::OutlookCsv => Box::new(address_books::outlook(file, &name)?),
        Format::ThunderbirdCsv => Box::new(address_books::thunderbird(file, &name, false)?),
        Format::ThunderbirdCsvNoHeader => Box::new(address_books::thunderbird(file, &name, true)?),
        Format::MappedCsv => {
            let map = options
                .columns
                .as_ref()
                .ok_or_else(|| ExchangeError::Malformed {
                    file: name.clone(),
                    message: "a CSV read as mapped needs its columns (--columns)".to_owned(),
                })?;
            Box::new(address_books::mapped(file, &name, map, options.delimiter)?)
        }
        Format::Vcard => Box::new(vcard::cards(file, &name)),
        Format::FacebookFriends => Box::new(facebook::friends(file, &name)?.into_iter().map(Ok)),
        Format::KithJson => unreachable!("a Kith export is restored, not read as rows"),
    };
    // Reasons name the file when several are read.
    Ok(rows)
}

/// What [`import`] read, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The files read and their formats, in order.
    pub files: Vec<(String, Format)>,
    pub report: ImportReport,
}

/// Imports a file, a LinkedIn export folder or its zip, in one transaction.
pub fn import(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ExchangeError> {
    import_with_progress(store, path, options, now, &mut |_| true)
}

/// [`import`], telling `progress` how many rows were read every
/// [`PROGRESS_EVERY`] rows; when it answers `false` the import stops and
/// nothing is written.
pub fn import_with_progress(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<ImportSummary, ExchangeError> {
    // A CSV Kith does not know, mapped before: its columns as last time.
    let unknown = match (&options.columns, options.format) {
        (None, None) => csv_columns(path)?,
        _ => None,
    };
    let remembered = match &unknown {
        Some(columns) => store
            .remembered_columns(&columns.header)?
            .and_then(|text| address_books::ColumnMap::parse(&text).ok()),
        None => None,
    };
    let with_remembered;
    let options = match remembered {
        Some(map) => {
            with_remembered = ImportOptions {
                columns: Some(map),
                ..options.clone()
            };
            &with_remembered
        }
        None => options,
    };
    let summary = import_parts(store, path, options, now, progress)?;
    // A mapping by header names is kept for the next file with that header.
    if let (Some(map), false) = (&options.columns, options.dry_run) {
        if !map.by_position() {
            let header = match unknown {
                Some(columns) => Some(columns.header),
                None => csv_columns(path)?.map(|c| c.header),
            };
            if let Some(header) = header {
                store.remember_columns(&header, &map.to_text())?;
            }
        }
    }
    Ok(summary)
}

/// A CSV Kith does not know, ready for the window to map: `None` for a
/// folder, a zip, a sealed export, a format Kith recognises, or a file
/// that is no CSV.
pub fn csv_columns(path: &Path) -> Result<Option<address_books::CsvColumns>, ExchangeError> {
    if path.is_dir() {
        return Ok(None);
    }
    let mut head = sniff(path)?;
    // A UTF-16 file's start, decoded in memory: the whole file is copied
    // only when it is read.
    let utf16 = match head.as_slice() {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let whole_units = head.len() & !1;
        head = encoding
            .decode(&head[..whole_units])
            .0
            .into_owned()
            .into_bytes();
    }
    if head.starts_with(b"PK\x03\x04")
        || sealed::is_sealed(&head)
        || Format::detect(&head).is_some()
    {
        return Ok(None);
    }
    let head = head.strip_prefix(text::BOM).unwrap_or(&head);
    if head.contains(&0) {
        return Ok(None);
    }
    Ok(address_books::columns_of(&text::decode_head(head)))
}

fn import_parts(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<ImportSummary, ExchangeError> {
    let parts = parts(path, options)?;
    if let [part] = parts.as_slice() {
        if part.format == Format::KithJson {
            return restore(store, part, options.dry_run);
        }
    }
    let several = parts.len() > 1;
    let mut iterators = Vec::new();
    for part in &parts {
        let name = part.name.clone();
        let rows = part_rows(part, options)?.map(move |row| match row {
            Ok(Row::Skipped(mut skipped)) if several => {
                skipped.file = Some(name.clone());
                Ok(Row::Skipped(skipped))
            }
            other => other,
        });
        iterators.push(rows);
    }
    let mut read = 0u64;
    let rows = iterators.into_iter().flatten().map(move |row| {
        read += 1;
        if read.is_multiple_of(PROGRESS_EVERY) && !progress(read) {
            return Err(ExchangeError::Cancelled);
        }
        row
    });
    let report = store
        .import(rows, options.dry_run, now)
        .map_err(|failure| match failure {
            ImportFailure::Source(error) => error,
            ImportFailure::Store(error) => ExchangeError::Store(error),
        })?;
    Ok(ImportSummary {
        files: parts.iter().map(|p| (p.name.clone(), p.format)).collect(),
        report,
    })
}

/// The largest Kith export restored.
const MAX_EXPORT_BYTES: u64 = 256 * 1024 * 1024;

/// The whole of a Kith export part: what was unsealed, or the file.
fn part_bytes(part: &Part) -> Result<std::borrow::Cow<'_, [u8]>, ExchangeError> {
    Ok(match &part.unsealed {
        Some(plain) => std::borrow::Cow::Borrowed(plain),
        None => std::borrow::Cow::Owned(read_export(&part.path)?),
    })
}

/// Restores Kith's own JSON export into an empty database (a dry run
/// restores into a scratch database to check it, and writes nothing).
fn restore(store: &Store, part: &Part, dry_run: bool) -> Result<ImportSummary, ExchangeError> {
    let malformed = |message: String| ExchangeError::Malformed {
        file: part.name.clone(),
        message,
    };
    let dump = export::json_dump(&part_bytes(part)?).map_err(malformed)?;
    let restored = if dry_run {
        if store.people_count()? > 0 {
            return Err(ExchangeError::Store(StoreError::Input(kith_core::domain::InputError::BadDump(
                "a Kith export restores into an empty database; this one already has people (use a new database file)".to_owned(),
            ))));
        }
        Store::open_in_memory()?.restore(&dump)?
    } else {
        store.restore(&dump)?
    };
    Ok(ImportSummary {
        files: vec![(part.name.clone(), Format::KithJson)],
        report: ImportReport {
            new: restored,
            committed: !dry_run,
            ..ImportReport::default()
        },
    })
}

/// Every row an import would read from `path`, without a database (for
/// tests and fuzzing). A Kith JSON export is checked, not read as rows.
pub fn read_rows(path: &Path, options: &ImportOptions) -> Result<Vec<Row>, ExchangeError> {
    let parts = parts(path, options)?;
    let mut rows = Vec::new();
    for part in &parts {
        if part.format == Format::KithJson {
            export::json_dump(&part_bytes(part)?).map_err(|message| ExchangeError::Malformed {
                file: part.name.clone(),
                message,
            })?;
            continue;
        }
        for row in part_rows(part, options)? {
            rows.push(row?);
        }
    }
    Ok(rows)
}
