//! The commands that move data in bulk or take care of it: import, export,
//! duplicates and merges, edits, deletes and splits, the trash, settings,
//! today's plan and backups.

use std::io::IsTerminal;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::args::*;

use kith_core::store::TRASH_DAYS;
use kith_core::Store;
use kith_exchange::address_books::ColumnMap;
use kith_exchange::export::{export, write_atomically, ExportFormat, VcardVersion};
use kith_exchange::sealed::{self, Passphrase};
use kith_exchange::{ExchangeError, Format, ImportOptions};
use kith_ipc::{
    DaySettingsDto, DuplicateDto, FoldedDto, ImportReportDto, MergeDto, PersonDto, PlanDto,
    RestoredDto, TrashEntryDto,
};

use kith_core::dates::parse_yearly;
use kith_core::store::{BackupKind, SettingsChange, YearlyDate};
use kith_ipc::BackupDto;

use crate::drafts::*;
use crate::secret::read_secret;
use crate::{output, Failure};

/// An export's passphrase, from standard input or the terminal.
fn passphrase(from_stdin: bool) -> Result<Passphrase, Failure> {
    let text = read_secret("passphrase", from_stdin, "--passphrase-stdin")?;
    Passphrase::new(&text).map_err(|e| Failure::Usage(e.to_string()))
}

/// Runs one of these commands; the others are `lib.rs`'s.
pub(crate) fn run(
    store: &Store,
    command: Command,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    match command {
        Command::Import(args) if crate::mail::is_mbox(&args) => {
            crate::mail::import(store, &args, json, now, zone)?
        }
        Command::Import(args) => {
            if crate::chats::import(store, &args, json, now, zone)? {
                return Ok(());
            }
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
                me: args.me.into_iter().next(),
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
        }
        Command::Export(args) => {
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
            export(store, format, people, &mut bytes, now, zone).map_err(|e| match e {
                ExchangeError::Store(store) => Failure::from(store),
                other => Failure::Other(other.to_string()),
            })?;
            if let Some(passphrase) = passphrase {
                bytes = sealed::seal(&bytes, &passphrase)
                    .map_err(|e| Failure::Other(format!("could not seal the export: {e}")))?;
            }
            match args.out {
                Some(path) => write_atomically(&path, &bytes).map_err(|e| {
                    Failure::Other(format!("could not write {}: {e}", path.display()))
                })?,
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| Failure::Other(e.to_string()))?;
                }
            }
        }
        Command::Duplicates {
            limit,
            folded: true,
        } => {
            let folded: Vec<FoldedDto> = store.folded(limit)?.into_iter().map(Into::into).collect();
            output::folded(&folded, json);
        }
        Command::Duplicates { limit, .. } => {
            let pairs: Vec<DuplicateDto> = store
                .duplicates(limit)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::duplicates(&pairs, json);
        }
        Command::Edit(args) => {
            let person = store.resolve_person(&args.person)?;
            let home = store.settings()?.home_country;
            store.edit_person(person, now, |draft, identities| {
                edit_draft(draft, identities, &args, home)
            })?;
            if let Some(answer) = args.deceased.as_deref() {
                let deceased = match answer.trim() {
                    "yes" => true,
                    "no" => false,
                    other => {
                        return Err(Failure::Other(format!(
                            "--deceased takes yes or no, not '{other}'"
                        )))
                    }
                };
                store.set_deceased(person, deceased, now)?;
            }
            if let Some(note) = args.card_note.as_deref() {
                store.set_card_note(person, Some(note), now)?;
            }
            output::person(&PersonDto::from(store.person(person)?), json);
        }
        Command::Date(args) => {
            let person = store.resolve_person(&args.person)?;
            for (text, which) in [
                (&args.birthday, YearlyDate::Birthday),
                (&args.anniversary, YearlyDate::Anniversary),
            ] {
                if let Some(text) = text.as_deref() {
                    let date = match text.trim() {
                        "none" | "" => None,
                        typed => Some(parse_yearly(typed)?),
                    };
                    store.set_yearly_date(person, which, date, now)?;
                }
            }
            if let (Some(on), Some(what)) = (args.on.as_deref(), args.what.as_deref()) {
                let day = chrono::NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
                    .map_err(|_| kith_core::InputError::BadDate(on.to_owned()))?;
                store.add_date(person, what, day, args.yearly, now)?;
            }
            for id in &args.remove {
                store.remove_date(person, *id, now)?;
            }
            output::person(&PersonDto::from(store.person(person)?), json);
        }
        Command::Delete { person, yes } => {
            let person = store.resolve_person(&person)?;
            let name = store.person(person)?.display_name;
            if !yes && !confirm(&format!(
                "Delete {name} (#{person}) and everything of theirs? They stay in the trash for {TRASH_DAYS} days."
            ))? {
                return Err(Failure::Other("nothing was deleted".into()));
            }
            store.purge_trash(now)?;
            let entry = store.trash_person(person, now)?;
            output::trashed(&TrashEntryDto::from(entry), json, zone);
        }
        Command::Split(args) => split(store, args, json, now)?,
        Command::Settings {
            plan_size,
            plan_time,
            welcome_days,
            quiet_hours,
            backup_dir,
            calendar_mirror,
            plan_on_phone,
            birthday_days_before,
            anniversary_days_before,
            date_days_before,
            country,
        } => {
            let change = SettingsChange {
                home_country: country,
                plan_size,
                plan_time,
                welcome_days,
                quiet_hours,
                backup_dir,
                calendar_mirror,
                plan_on_phone,
                birthday_days_before,
                anniversary_days_before,
                date_days_before,
            };
            let settings = store.update_settings(|s| change.apply(s))?;
            output::plan_settings(
                &DaySettingsDto::new(&settings, store.national_numbers()?),
                json,
            );
        }
        Command::Plan { action } => {
            let plan = match action {
                None => store.plan(now, zone)?,
                Some(PlanAction::Done { person }) => {
                    store.plan_done(store.resolve_person(&person)?, now, zone)?
                }
                Some(PlanAction::Skip { person, for_days }) => {
                    let days = match for_days.as_deref() {
                        Some(text) => Some(parse_days(text)?),
                        None => None,
                    };
                    store.plan_skip(store.resolve_person(&person)?, days, now, zone)?
                }
            };
            output::plan(&PlanDto::from(plan), json);
        }
        Command::Backup {
            action: BackupAction::Now,
        } => {
            let backup = store.back_up(BackupKind::Manual, now)?;
            output::backup_taken(&BackupDto::from(backup), json);
        }
        Command::Check | Command::Backup { .. } => {
            return Err(Failure::Other("handled before the store is opened".into()))
        }
        Command::Trash { action: None } => {
            store.purge_trash(now)?;
            let entries: Vec<TrashEntryDto> = store.trash()?.into_iter().map(Into::into).collect();
            output::trash(&entries, json, zone);
        }
        Command::Trash {
            action: Some(TrashAction::Restore { id }),
        } => {
            store.purge_trash(now)?;
            let (person, lost) = store.restore_from_trash(id, now)?;
            let restored = RestoredDto {
                person_id: person.0,
                lost: lost as u64,
            };
            output::restored(&restored, &store.person(person)?.display_name, json);
        }
        Command::Merge { keep, remove, undo } => match (undo, keep, remove) {
            (Some(id), _, _) => {
                let (kept, removed) = store.undo_merge(kith_core::domain::MergeId(id), now)?;
                output::merged_back(
                    &PersonDto::from(store.person(kept)?),
                    &PersonDto::from(store.person(removed)?),
                    json,
                );
            }
            (None, Some(keep), Some(remove)) => {
                let (keep, remove) = (store.resolve_person(&keep)?, store.resolve_person(&remove)?);
                let id = store.merge(keep, remove, now)?;
                let merge = store
                    .merges()?
                    .into_iter()
                    .find(|m| m.id == id)
                    .map(MergeDto::from)
                    .ok_or_else(|| Failure::Other("the merge is not recorded".into()))?;
                output::merge(&merge, json);
            }
            _ => {
                return Err(Failure::Usage(
                    "name the person to keep and the one to merge into them".into(),
                ))
            }
        },
        other => {
            return Err(Failure::Other(format!(
                "{other:?} is run by the command line's main dispatch"
            )))
        }
    }
    Ok(())
}
