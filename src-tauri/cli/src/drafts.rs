//! What several commands share: turning arguments into drafts, splits,
//! introductions and needs, finding a person's identity, parsing `30d`,
//! and asking on the terminal.

use crate::args::*;
use kith_core::store::SplitSpec;
use kith_ipc::{IntroductionDto, NeedDto, PersonDto, PersonRefDto, SplitDto, SuggestionDto};

use kith_core::domain::{
    Country, FollowUpId, Identity, InputError, IntroId, IntroStep, NeedDraft, NoteId, PersonDraft,
    Side, TouchId,
};

use kith_core::Store;

use crate::{output, Failure};

pub(crate) fn intro(
    store: &Store,
    args: IntroArgs,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
    zone: chrono_tz::Tz,
) -> Result<(), Failure> {
    match args.command {
        Some(IntroCommand::Suggest { limit }) => {
            let found: Vec<SuggestionDto> = store
                .suggest_introductions(limit)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::suggestions(&found, json);
        }
        Some(IntroCommand::List) => {
            let all: Vec<IntroductionDto> = store
                .introductions(None)?
                .into_iter()
                .map(Into::into)
                .collect();
            output::introductions(&all, json, zone);
        }
        Some(IntroCommand::Step {
            id,
            step,
            remind_in,
        }) => {
            let parsed = IntroStep::parse(&step).ok_or_else(|| {
                Failure::Usage(format!(
                    "'{step}' is not a step (use ask-a, ask-b, introduce, helped, no-fit or unknown)"
                ))
            })?;
            let (intro, _) =
                store.advance_introduction(IntroId(id), parsed, remind_in, zone, now)?;
            output::introductions(&[intro.into()], json, zone);
        }
        None => {
            let [a, b] = <[String; 2]>::try_from(args.people).map_err(|_| {
                Failure::Usage("name two people: kith intro PERSON_A PERSON_B --why TEXT".into())
            })?;
            let why = args
                .why
                .ok_or_else(|| Failure::Usage("say why they should meet with --why TEXT".into()))?;
            let (a, b) = (store.resolve_person(&a)?, store.resolve_person(&b)?);
            let id = store.propose_introduction(a, b, &why, now)?;
            output::introductions(&[store.introduction(id)?.into()], json, zone);
        }
    }
    Ok(())
}

pub(crate) fn need(
    store: &Store,
    side: Side,
    args: NeedArgs,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    let person = store.resolve_person(&args.person)?;
    let id = store.add_need(&NeedDraft::new(person, side, &args.text, &args.tag)?, now)?;
    let dto = store
        .needs(Some(person))?
        .into_iter()
        .find(|n| n.id == id)
        .map(NeedDto::from);
    output::created(side.as_str(), id.0, dto.as_ref(), json);
    Ok(())
}

pub(crate) fn split(
    store: &Store,
    args: SplitArgs,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    if let Some(id) = args.undo {
        let person = store.undo_split(id, now)?;
        output::split_undone(&PersonDto::from(store.person(person)?), json);
        return Ok(());
    }
    let (Some(person), Some(name)) = (args.person, args.name) else {
        return Err(Failure::Usage(
            "name the person and the new person's --name".into(),
        ));
    };
    let source = store.resolve_person(&person)?;
    let current = store.person(source)?;
    let home = store.settings()?.home_country;
    let identities = args
        .identity
        .iter()
        .map(|wanted| {
            find_identity(
                current
                    .identity_ids
                    .iter()
                    .copied()
                    .zip(&current.identities),
                wanted,
                home,
            )
            .map(|(id, _)| id)
            .ok_or_else(|| InputError::NoSuchIdentity(wanted.trim().to_owned()))
        })
        .collect::<Result<Vec<i64>, InputError>>()?;
    let spec = SplitSpec {
        name: PersonDraft::named(&name)?,
        identities,
        notes: args.note.into_iter().map(NoteId).collect(),
        touches: args.touch.into_iter().map(TouchId).collect(),
        follow_ups: args.follow_up.into_iter().map(FollowUpId).collect(),
    };
    let split = store.split_person(source, &spec, now)?;
    let dto = SplitDto {
        id: split.id,
        source: PersonRefDto {
            id: source.0,
            display_name: current.display_name,
        },
        created: PersonRefDto {
            id: split.created.0,
            display_name: spec.name.display_name,
        },
    };
    output::split(&dto, json);
    Ok(())
}

/// `30d` or `30`: a number of days.
pub(crate) fn parse_days(text: &str) -> Result<u32, Failure> {
    text.trim()
        .trim_end_matches('d')
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=3650).contains(d))
        .ok_or_else(|| Failure::Usage(format!("'{text}' is not a number of days (like 30d)")))
}

/// The identity `wanted` names: its row id, its value as typed, or the same
/// normalised key.
pub(crate) fn find_identity<'a>(
    identities: impl IntoIterator<Item = (i64, &'a Identity)>,
    wanted: &str,
    home: Option<Country>,
) -> Option<(i64, &'a Identity)> {
    let wanted = wanted.trim();
    identities.into_iter().find(|(id, identity)| {
        wanted.parse::<i64>().ok() == Some(*id)
            || identity.value.eq_ignore_ascii_case(wanted)
            || Identity::new(identity.kind, wanted)
                .is_ok_and(|w| w.in_country(home).normalized == identity.normalized)
    })
}

/// Asks on the terminal; refuses (a usage error) when there is none, so a
/// script never deletes by accident.
pub(crate) fn confirm(question: &str) -> Result<bool, Failure> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "not asking without a terminal; pass --yes".into(),
        ));
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::Other(format!("could not read the answer: {e}")))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// The person after `kith edit`: new details, added identities and tags,
/// and only the identities named by --remove-identity dropped.
pub(crate) fn edit_draft(
    mut draft: PersonDraft,
    identities: &[(i64, Identity)],
    args: &EditArgs,
    home: Option<Country>,
) -> Result<PersonDraft, InputError> {
    if let Some(name) = &args.name {
        draft = draft.with_name(name)?;
    }
    if let Some(company) = &args.company {
        draft = draft.with_company(Some(company))?;
    }
    if let Some(role) = &args.role {
        draft = draft.with_role(Some(role))?;
    }
    for removed in &args.remove_identity {
        let found = find_identity(identities.iter().map(|(id, i)| (*id, i)), removed, home);
        let Some((_, identity)) = found else {
            return Err(InputError::NoSuchIdentity(removed.trim().to_owned()));
        };
        draft
            .identities
            .retain(|i| !(i.kind == identity.kind && i.normalized == identity.normalized));
    }
    let tags: Vec<String> = draft.tags.iter().chain(&args.tag).cloned().collect();
    args.handles.add_to(draft.with_tags(&tags)?)
}

pub(crate) fn add_draft(args: &AddArgs) -> Result<PersonDraft, InputError> {
    let draft = PersonDraft::named(&args.name)?
        .with_company(args.company.as_deref())?
        .with_role(args.role.as_deref())?
        .with_how_met(args.how_met.as_deref())?
        .with_where_met(args.where_met.as_deref())?
        .with_tags(&args.tag)?
        .with_cadence(args.cadence)?;
    args.handles.add_to(draft)
}
