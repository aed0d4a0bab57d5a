//! Import (choose a file or folder, preview, import), export (to a file the
//! user picks in the native save dialog) and duplicates (merge, undo, set
//! apart). Native dialogs are opened here, by Kith's own commands, so the
//! window needs no file-system or dialog permissions of its own.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use kith_core::domain::{MergeId, PersonId};
use kith_core::store::SplitSpec;
use kith_core::Clock;
use kith_exchange::activity::{
    import_activity as read_activity, Activity, ActivityError, ActivityOptions,
};
use kith_exchange::address_books::{ColumnMap, Field};
use kith_exchange::export::{export, ExportFormat};
use kith_exchange::sealed::{self, Passphrase, SealError};
use kith_exchange::{ExchangeError, Format, ImportOptions};
use kith_ipc::{
    ActivityInput, ActivityReportDto, CalendarReportDto, ChatReportDto, CsvColumnsDto,
    DuplicateDto, ErrorKind, FoldedDto, ImportInput, ImportReportDto, IpcError, MergeDto,
    PersonRefDto, SplitDto, SplitInput,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, write_chosen, CommandResult};
use crate::reactions;
use crate::state::AppState;

fn invalid(message: impl Into<String>) -> IpcError {
    IpcError::new(ErrorKind::InvalidInput, message)
}

fn exchange_error(error: ExchangeError) -> IpcError {
    let kind = match &error {
        ExchangeError::Store(_) => return error_of_store(error),
        ExchangeError::Cancelled => ErrorKind::Cancelled,
        ExchangeError::Read { .. }
        | ExchangeError::NotRecognised(_)
        | ExchangeError::NothingInFolder(_) => ErrorKind::Unreadable,
        ExchangeError::TooLarge { .. } => ErrorKind::TooLarge,
        ExchangeError::Malformed { .. } => ErrorKind::InvalidInput,
        ExchangeError::PassphraseNeeded(_) => ErrorKind::Passphrase,
        ExchangeError::Sealed { error, .. } => match error {
            SealError::WrongPassphrase | SealError::EmptyPassphrase => ErrorKind::Passphrase,
            SealError::NotPassphrase | SealError::TooMuchWork { .. } | SealError::Damaged(_) => {
                ErrorKind::Unreadable
            }
        },
    };
    IpcError::new(kind, error.to_string())
}

fn error_of_store(error: ExchangeError) -> IpcError {
    match error {
        ExchangeError::Store(store) => store.into(),
        other => IpcError::internal(other.to_string()),
    }
}

/// Opens the native picker for a file (or a LinkedIn export folder);
/// `None` when the user cancels.
#[tauri::command]
pub async fn choose_import_path(app: AppHandle, folder: bool) -> CommandResult<Option<String>> {
    blocking(move || {
        let dialog = app.dialog().file().set_title(if folder {
            "Choose a LinkedIn export folder"
        } else {
            "Choose a file to import"
        });
        let picked = if folder {
            dialog.blocking_pick_folder()
        } else {
            dialog
                .add_filter(
                    "Exports",
                    &["csv", "vcf", "vcard", "json", "zip", "age", "ics", "txt"],
                )
                .blocking_pick_file()
        };
        Ok(picked
            .and_then(|p| p.into_path().ok())
            .map(|p| p.display().to_string()))
    })
    .await
}

/// A passphrase given by the window; an empty one is none.
fn passphrase(text: Option<String>) -> Option<Passphrase> {
    text.and_then(|t| Passphrase::new(&t).ok())
}

fn options(input: ImportInput) -> CommandResult<ImportOptions> {
    let format = match input
        .format
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        Some(f) => Some(Format::parse(f).ok_or_else(|| invalid(format!("unknown format '{f}'")))?),
        None => None,
    };
    let columns = match input.columns.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(ColumnMap::parse(text).map_err(invalid)?),
        _ => None,
    };
    Ok(ImportOptions {
        format,
        me: input.me.filter(|m| !m.trim().is_empty()),
        dry_run: input.dry_run,
        passphrase: passphrase(input.passphrase),
        columns,
        ..ImportOptions::default()
    })
}

/// A CSV Kith does not know, for the window to map its columns (its
/// header, first values and guesses, and the mapping used last for that
/// header); null for anything Kith reads as it is.
#[tauri::command]
pub async fn csv_columns(
    state: State<'_, AppState>,
    path: String,
) -> CommandResult<Option<CsvColumnsDto>> {
    let store = state.store.clone();
    let path = PathBuf::from(path.trim());
    blocking(move || {
        let Some(columns) = kith_exchange::csv_columns(&path).map_err(exchange_error)? else {
            return Ok(None);
        };
        let remembered = store.remembered_columns(&columns.header)?;
        Ok(Some(CsvColumnsDto {
            guesses: columns
                .guesses
                .iter()
                .map(|g| g.map(|f| f.word().to_owned()))
                .collect(),
            header: columns.header,
            samples: columns.samples,
            remembered,
            fields: Field::ALL.iter().map(|f| f.word().to_owned()).collect(),
        }))
    })
    .await
}

/// Imports (or with `dryRun` previews) a file, folder or zip, sending the
/// number of rows read so far on `progress`; `cancel_import` stops it. A
/// sealed Kith export needs its `passphrase` (the error kind `passphrase`
/// says so).
#[tauri::command]
pub async fn import_path(
    app: AppHandle,
    state: State<'_, AppState>,
    input: ImportInput,
    progress: Channel<u64>,
) -> CommandResult<ImportReportDto> {
    let path = PathBuf::from(input.path.trim());
    let options = options(input)?;
    if path.as_os_str().is_empty() {
        return Err(invalid("choose a file or folder to import"));
    }
    let (store, now, cancel) = (
        state.store.clone(),
        state.clock.now(),
        state.cancel_import.clone(),
    );
    cancel.store(false, Ordering::SeqCst);
    let report = blocking(move || {
        let mut report_progress = |rows: u64| {
            // A closed window only means nobody is watching.
            let _ = progress.send(rows);
            !cancel.load(Ordering::SeqCst)
        };
        let summary =
            kith_exchange::import_with_progress(&store, &path, &options, now, &mut report_progress)
                .map_err(exchange_error)?;
        let files = summary
            .files
            .iter()
            .map(|(name, format)| (name.clone(), format.id(), format.label()))
            .collect();
        Ok(ImportReportDto::new(files, summary.report))
    })
    .await?;
    if report.committed {
        reactions::touches_changed(&app);
        reactions::follow_ups_changed(&app);
    }
    Ok(report)
}

/// Reads (or with `dryRun` previews) a calendar export, a WhatsApp chat or
/// a Telegram export into touches; the outcome `none` means the file is
/// none of them (`import_path` reads contacts), `who-are-you` and
/// `need-address` what the user must say first.
#[tauri::command]
pub async fn import_activity(
    app: AppHandle,
    state: State<'_, AppState>,
    input: ActivityInput,
) -> CommandResult<ActivityReportDto> {
    let path = PathBuf::from(input.path.trim());
    if path.as_os_str().is_empty() {
        return Err(invalid("choose a file to import"));
    }
    let me: Vec<String> = input
        .me
        .iter()
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .collect();
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    let (dry_run, first_lines) = (input.dry_run, input.keep_first_line);
    let report = blocking(move || {
        let file = path.display().to_string();
        let options = ActivityOptions {
            format: None,
            me,
            dry_run,
            first_lines,
        };
        let activity = match read_activity(&store, &path, &options, now, zone) {
            Ok(activity) => activity,
            Err(ActivityError::NotActivity { .. }) => {
                return Ok(ActivityReportDto::outcome("none"))
            }
            Err(ActivityError::NeedAddress) => {
                return Ok(ActivityReportDto::outcome("need-address"))
            }
            Err(ActivityError::WhoAreYou { authors, guess }) => {
                return Ok(ActivityReportDto {
                    authors,
                    guess,
                    ..ActivityReportDto::outcome("who-are-you")
                })
            }
            Err(ActivityError::Store(e)) => return Err(e.into()),
            Err(ActivityError::Exchange(e)) => return Err(exchange_error(e)),
            Err(ActivityError::TooLarge { .. }) => {
                return Err(IpcError::new(
                    ErrorKind::TooLarge,
                    "a file larger than any calendar export: nothing was imported",
                ))
            }
            Err(other) => return Err(IpcError::new(ErrorKind::Unreadable, other.to_string())),
        };
        Ok(match activity {
            Activity::Calendar {
                read,
                recorded,
                preview,
            } => ActivityReportDto {
                calendar: Some(match recorded {
                    Some(recorded) => CalendarReportDto::recorded(file, &read, recorded, now),
                    None => {
                        CalendarReportDto::previewed(file, &read, &preview.unwrap_or_default(), now)
                    }
                }),
                ..ActivityReportDto::outcome("calendar")
            },
            Activity::Chats { chats, read_in, .. } => ActivityReportDto {
                chats: chats
                    .iter()
                    .map(|(read, recorded)| {
                        ChatReportDto::new(file.clone(), read, recorded, !dry_run)
                            .read_in(read_in.as_ref())
                    })
                    .collect(),
                ..ActivityReportDto::outcome("chats")
            },
        })
    })
    .await?;
    if !dry_run && matches!(report.outcome.as_str(), "calendar" | "chats") {
        reactions::touches_changed(&app);
    }
    Ok(report)
}

/// Stops the import that is running; it writes nothing.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::SeqCst);
}

/// Opens the native save dialog and writes the export there (replacing
/// the file only once the export is complete); `None` when cancelled.
/// `people` limits a vCard or CSV export to them; a JSON export is sealed
/// with `passphrase` when one is given (an `.age` file).
#[tauri::command]
pub async fn export_to_file(
    app: AppHandle,
    state: State<'_, AppState>,
    format: String,
    people: Option<Vec<i64>>,
    passphrase: Option<String>,
) -> CommandResult<Option<String>> {
    let format = ExportFormat::parse(&format)
        .ok_or_else(|| invalid(format!("unknown export format '{format}'")))?;
    let passphrase = match passphrase {
        Some(text) if format == ExportFormat::Json => {
            Some(Passphrase::new(&text).map_err(|_| invalid("the passphrase is empty"))?)
        }
        Some(_) => {
            return Err(invalid(
                "only a JSON export can be sealed with a passphrase",
            ))
        }
        None => None,
    };
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || {
        let selection: Option<Vec<PersonId>> =
            people.map(|ids| ids.into_iter().map(PersonId).collect());
        let name = match selection.as_deref() {
            Some([one]) => format!(
                "{}.{}",
                file_stem(&store.person(*one)?.display_name),
                format.extension()
            ),
            _ => format!("kith-{}.{}", now.format("%Y-%m-%d"), format.extension()),
        };
        let name = if passphrase.is_some() {
            format!("{name}.age")
        } else {
            name
        };
        let Some(target) = app
            .dialog()
            .file()
            .set_title("Export from Kith")
            .set_file_name(&name)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        export(&store, format, selection.as_deref(), &mut bytes, now, zone)
            .map_err(exchange_error)?;
        if let Some(passphrase) = &passphrase {
            bytes = sealed::seal(&bytes, passphrase)
                .map_err(|e| IpcError::internal(format!("could not seal the export: {e}")))?;
        }
        write_chosen(&target, &bytes)
    })
    .await
}

/// A file name from a person's name: letters, digits, spaces and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .take(60)
        .collect();
    match stem.trim() {
        "" => "person".to_owned(),
        stem => stem.to_owned(),
    }
}

#[tauri::command]
pub async fn list_duplicates(state: State<'_, AppState>) -> CommandResult<Vec<DuplicateDto>> {
    let store = state.store.clone();
    blocking(move || Ok(store.duplicates(500)?.into_iter().map(Into::into).collect())).await
}

/// Records that may hold two people folded into one.
#[tauri::command]
pub async fn list_folded(state: State<'_, AppState>) -> CommandResult<Vec<FoldedDto>> {
    let store = state.store.clone();
    blocking(move || Ok(store.folded(500)?.into_iter().map(Into::into).collect())).await
}

#[tauri::command]
pub async fn list_merges(state: State<'_, AppState>) -> CommandResult<Vec<MergeDto>> {
    let store = state.store.clone();
    blocking(move || Ok(store.merges()?.into_iter().map(Into::into).collect())).await
}

#[tauri::command]
pub async fn merge_people(
    app: AppHandle,
    state: State<'_, AppState>,
    keep: i64,
    remove: i64,
) -> CommandResult<MergeDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let merge = blocking(move || {
        let id = store.merge(PersonId(keep), PersonId(remove), now)?;
        store
            .merges()?
            .into_iter()
            .find(|m| m.id == id)
            .map(Into::into)
            .ok_or_else(|| IpcError::internal("the merge is not recorded"))
    })
    .await?;
    reactions::touches_changed(&app);
    reactions::follow_ups_changed(&app);
    Ok(merge)
}

#[tauri::command]
pub async fn undo_merge(app: AppHandle, state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.undo_merge(MergeId(id), now).map(|_| ())?)).await?;
    reactions::touches_changed(&app);
    reactions::follow_ups_changed(&app);
    Ok(())
}

/// Moves part of a person to a new person.
#[tauri::command]
pub async fn split_person(
    app: AppHandle,
    state: State<'_, AppState>,
    person: i64,
    input: SplitInput,
) -> CommandResult<SplitDto> {
    let spec = SplitSpec::try_from(input)?;
    let (store, now) = (state.store.clone(), state.clock.now());
    let split = blocking(move || {
        let split = store.split_person(PersonId(person), &spec, now)?;
        let name = |id: PersonId| -> Result<PersonRefDto, IpcError> {
            Ok(PersonRefDto {
                id: id.0,
                display_name: store.person(id)?.display_name,
            })
        };
        Ok(SplitDto {
            id: split.id,
            source: name(split.source)?,
            created: name(split.created)?,
        })
    })
    .await?;
    reactions::touches_changed(&app);
    reactions::follow_ups_changed(&app);
    Ok(split)
}

/// Folds a split-off person back into the person they came from.
#[tauri::command]
pub async fn undo_split(app: AppHandle, state: State<'_, AppState>, id: i64) -> CommandResult<i64> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let person = blocking(move || Ok(store.undo_split(id, now)?)).await?;
    reactions::touches_changed(&app);
    reactions::follow_ups_changed(&app);
    Ok(person.0)
}

#[tauri::command]
pub async fn set_not_duplicates(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    let store = state.store.clone();
    blocking(move || Ok(store.not_duplicates(PersonId(a), PersonId(b))?)).await
}
