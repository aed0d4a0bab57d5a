//! Files in and out on the command line: `kith import` and `kith export`.

use std::io::IsTerminal;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::Store;
use kith_exchange::address_books::ColumnMap;
use kith_exchange::export::{export as write_export, write_atomically, ExportFormat, VcardVersion};
use kith_exchange::sealed::{self, Passphrase};
use kith_exchange::{ExchangeError, Format, ImportOptions};
use kith_ipc::ImportReportDto;

use crate::args::*;
use crate::secret::read_secret;
use crate::{output, Failure};

/// One `kith import`: what each reader of a kind of file is given.
#[derive(Clone, Copy)]
pub(crate) struct Importing<'a> {
    pub store: &'a Store,
    pub args: &'a ImportArgs,
    pub json: bool,
    pub now: DateTime<Utc>,
    pub zone: Tz,
}

impl<'a> Importing<'a> {
    /// The store, the arguments, `--json`, now and the user's zone.
    pub fn parts(self) -> (&'a Store, &'a ImportArgs, bool, DateTime<Utc>, Tz) {
        (self.store, self.args, self.json, self.now, self.zone)
    }
}

/// `kith import`: a LinkedIn, Google, vCard, Facebook or mapped CSV file
/// (an mbox or a chat export goes to its own reader first).
pub(crate) fn import(importing: Importing<'_>) -> Result<(), Failure> {
    if crate::chats::import(importing)? {
        return Ok(());
    }
    let (store, args, json, now, _) = importing.parts();
    if args.me.len() > 1 {
        return Err(Failure::Usage(
            "--me takes one profile or name for LinkedIn messages or a chat (several addresses are for an mbox or calendar file)".into(),
        ));
    }
    let format = match args.format.as_deref() {
        Some(f) => Some(Format::parse(f).ok_or_else(|| {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
            Failure::Usage(format!(
                "unknown format '{f}' (use one of: {}, mbox, ics, whatsapp, telegram)",
                known.join(", ")
            ))
        })?),
        None => None,
    };
    let columns = args
        .columns
        .as_deref()
        .map(ColumnMap::parse)
        .transpose()
        .map_err(|e| Failure::Usage(format!("--columns: {e}")))?;
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && d.is_ascii() => Some(d.as_bytes()[0]),
        Some(d) => {
            return Err(Failure::Usage(format!(
                "--delimiter '{d}' is not one character (use \",\" \";\" tab or \"|\")"
            )))
        }
    };
    let encoding = match args.encoding.as_deref() {
        None => None,
        Some(e) => Some(kith_exchange::Encoding::for_label(e.trim().as_bytes()).ok_or_else(
            || Failure::Usage(format!("--encoding '{e}' is not an encoding Kith knows (utf-8, utf-16le, windows-1252, …)")),
        )?),
    };
    let mut options = ImportOptions {
        format,
        me: args.me.first().cloned(),
        dry_run: args.dry_run,
        passphrase: None,
        columns,
        delimiter,
        encoding,
    };
    if args.passphrase_stdin {
        options.passphrase = Some(passphrase(true)?);
    }
    let mut summary = kith_exchange::import(store, &args.path, &options, now);
    if let Err(ExchangeError::PassphraseNeeded(path)) = &summary {
        if !std::io::stdin().is_terminal() {
            return Err(Failure::Usage(format!(
                "{} is a Kith export sealed with a passphrase; give it with --passphrase-stdin",
                path.display()
            )));
        }
        // A sealed export and no passphrase yet: ask on the terminal.
        options.passphrase = Some(passphrase(false)?);
        summary = kith_exchange::import(store, &args.path, &options, now);
    }
    let summary = summary.map_err(|error| match error {
        ExchangeError::Store(store) => Failure::from(store),
        ExchangeError::NotRecognised(path) => {
            // A CSV of the user's own: say how to map it.
            let message = ExchangeError::NotRecognised(path.clone()).to_string();
            match kith_exchange::address_books::suggested_columns_of(&path) {
                Some(guess) => Failure::Usage(format!(
                    "{message}; for a CSV of your own, map its columns, e.g. --columns \"{guess}\""
                )),
                None => Failure::Usage(message),
            }
        }
        other => Failure::Usage(other.to_string()),
    })?;
    let files = summary
        .files
        .iter()
        .map(|(name, format)| (name.clone(), format.id(), format.label()))
        .collect();
    output::import(&ImportReportDto::new(files, summary.report), json);
    Ok(())
}

/// `kith export`: everything, or people, in JSON, vCard, CSV or iCalendar;
/// sealed with a passphrase when asked.
pub(crate) fn export(
    store: &Store,
    args: &ExportArgs,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let mut format = ExportFormat::parse(&args.format).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown export format '{}' (use json, vcard, csv or ics)",
            args.format
        ))
    })?;
    if let Some(asked) = &args.vcard_version {
        let version = VcardVersion::parse(asked).ok_or_else(|| {
            Failure::Usage(format!("unknown vCard version '{asked}' (use 3.0 or 4.0)"))
        })?;
        match format {
            ExportFormat::Vcard(_) => format = ExportFormat::Vcard(version),
            _ => return Err(Failure::Usage("--version is for a vcard export".into())),
        }
    }
    let people = args
        .person
        .iter()
        .map(|p| store.resolve_person(p))
        .collect::<Result<Vec<_>, _>>()?;
    let people = (!people.is_empty()).then_some(people.as_slice());
    let sealing = args.passphrase_stdin || args.passphrase;
    if sealing && format != ExportFormat::Json {
        return Err(Failure::Usage(
            "only a json export can be sealed with a passphrase".into(),
        ));
    }
    let passphrase = match (args.passphrase_stdin, args.passphrase) {
        (true, _) => Some(passphrase(true)?),
        (false, true) => {
            let first = passphrase(false)?;
            let again = read_secret("passphrase again", false, "--passphrase-stdin")?;
            if again != first.expose() {
                return Err(Failure::Usage("the two passphrases differ".into()));
            }
            Some(first)
        }
        (false, false) => None,
    };
    let mut bytes = Vec::new();
    write_export(store, format, people, &mut bytes, now, zone).map_err(|e| match e {
        ExchangeError::Store(store) => Failure::from(store),
        other => Failure::Other(other.to_string()),
    })?;
    if let Some(passphrase) = passphrase {
        bytes = sealed::seal(&bytes, &passphrase)
            .map_err(|e| Failure::Other(format!("could not seal the export: {e}")))?;
    }
    match &args.out {
        Some(path) => write_atomically(path, &bytes)
            .map_err(|e| Failure::Other(format!("could not write {}: {e}", path.display())))?,
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| Failure::Other(e.to_string()))?;
        }
    }
    Ok(())
}

/// An export's passphrase, from standard input or the terminal.
fn passphrase(from_stdin: bool) -> Result<Passphrase, Failure> {
    let text = read_secret("passphrase", from_stdin, "--passphrase-stdin")?;
    Passphrase::new(&text).map_err(|e| Failure::Usage(e.to_string()))
}
