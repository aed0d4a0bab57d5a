//! Changing people on the command line: `kith edit`, `date`, `delete`,
//! `merge`, `duplicates` and the trash.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::dates::parse_yearly;
use kith_core::store::{YearlyDate, TRASH_DAYS};
use kith_core::Store;
use kith_ipc::{DuplicateDto, FoldedDto, MergeDto, PersonDto, RestoredDto, TrashEntryDto};

use crate::args::*;
use crate::drafts::{confirm, edit_draft};
use crate::{output, Failure};

/// `kith duplicates --folded`: the people an import folded into others.
pub(crate) fn folded(store: &Store, limit: usize, json: bool) -> Result<(), Failure> {
    let folded: Vec<FoldedDto> = store.folded(limit)?.into_iter().map(Into::into).collect();
    output::folded(&folded, json);
    Ok(())
}

/// `kith duplicates`: pairs that may be one person.
pub(crate) fn duplicates(store: &Store, limit: usize, json: bool) -> Result<(), Failure> {
    let pairs: Vec<DuplicateDto> = store
        .duplicates(limit)?
        .into_iter()
        .map(Into::into)
        .collect();
    output::duplicates(&pairs, json);
    Ok(())
}

/// `kith edit`: a person's name, details, note on their card, and whether
/// they have died.
pub(crate) fn edit(
    store: &Store,
    args: &EditArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let person = store.resolve_person(&args.person)?;
    let home = store.settings()?.home_country;
    store.edit_person(person, now, |draft, identities| {
        edit_draft(draft, identities, args, home)
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
    Ok(())
}

/// `kith date`: a person's birthday, anniversary and other dates.
pub(crate) fn dates(
    store: &Store,
    args: &DateArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
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
    Ok(())
}

/// `kith delete`: a person to the trash, asked first.
pub(crate) fn delete(
    store: &Store,
    person: &str,
    yes: bool,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let person = store.resolve_person(person)?;
    let name = store.person(person)?.display_name;
    if !yes && !confirm(&format!(
        "Delete {name} (#{person}) and everything of theirs? They stay in the trash for {TRASH_DAYS} days."
    ))? {
        return Err(Failure::Other("nothing was deleted".into()));
    }
    store.purge_trash(now)?;
    let entry = store.trash_person(person, now)?;
    output::trashed(&TrashEntryDto::from(entry), json, zone);
    Ok(())
}

/// `kith trash`: the people deleted, and until when they can come back.
pub(crate) fn trash(
    store: &Store,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    store.purge_trash(now)?;
    let entries: Vec<TrashEntryDto> = store.trash()?.into_iter().map(Into::into).collect();
    output::trash(&entries, json, zone);
    Ok(())
}

/// `kith trash restore`: a person back from the trash.
pub(crate) fn restore(
    store: &Store,
    id: i64,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    store.purge_trash(now)?;
    let (person, lost) = store.restore_from_trash(id, now)?;
    let restored = RestoredDto {
        person_id: person.0,
        lost: lost as u64,
    };
    output::restored(&restored, &store.person(person)?.display_name, json);
    Ok(())
}

/// `kith merge`: two people made one (`--undo`: a merge taken back).
pub(crate) fn merge(
    store: &Store,
    keep: Option<String>,
    remove: Option<String>,
    undo: Option<i64>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    match (undo, keep, remove) {
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
    }
    Ok(())
}
