//! People as the command line lists, adds and shows them: `kith people`,
//! `add`, `show`, `stage`, `funnel` and `queue`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::store::{FollowUpFilter, PeopleFilter};
use kith_core::Store;
use kith_ipc::{
    FollowUpDto, FunnelDto, NeedDto, PeoplePageDto, PersonDto, QueuePageDto, StageDto, TouchDto,
};

use crate::drafts::add_draft;
use crate::output;
use crate::{AddArgs, Failure, PeopleArgs};

/// `kith people`: a page of people, found by words or filtered.
pub(crate) fn list(
    store: &Store,
    args: &PeopleArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let filter = PeopleFilter::parse(
        args.query.as_deref().unwrap_or_default(),
        args.stage.as_deref(),
        args.health.as_deref(),
        args.sort.as_deref(),
    )?;
    let page = store.people_filtered(&filter, 0, args.limit, now)?;
    output::people(&PeoplePageDto::new(page, now), json, zone);
    Ok(())
}

/// `kith add`: a person, with their first note.
pub(crate) fn add(
    store: &Store,
    args: &AddArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let draft = add_draft(args)?;
    let note = match args.note.as_deref() {
        Some(text) => Some(kith_core::domain::Note::body(text)?),
        None => None,
    };
    // The person and the note are one transaction: both or neither.
    let mut bundle = kith_core::domain::PersonBundle::new(draft, Vec::new());
    bundle.notes.extend(note);
    let id = store
        .add_people(&[bundle], zone, now)?
        .into_iter()
        .next()
        .ok_or_else(|| Failure::Other("the person was not created".into()))?;
    output::person(&PersonDto::from(store.person(id)?), json);
    Ok(())
}

/// `kith funnel`: how many people stand at each stage.
pub(crate) fn funnel(store: &Store, json: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    // Stages depend on the date; bring them up to today first.
    store.recompute_stages(now)?;
    output::funnel(&FunnelDto::from(store.funnel(now)?), json);
    Ok(())
}

/// `kith queue`: new connections waiting for a welcome.
pub(crate) fn queue(
    store: &Store,
    limit: u64,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let templates = store.templates()?;
    let page = QueuePageDto::new(store.welcome_queue(now, 0, limit)?, &templates);
    output::queue(&page, json, zone);
    Ok(())
}

/// `kith stage`: where a person stands, and why.
pub(crate) fn stage(
    store: &Store,
    person: &str,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let id = store.resolve_person(person)?;
    let (stage, because) = store.stage_of(id, now)?;
    let dto = StageDto {
        stage: stage.as_str().to_owned(),
        because: because.into_iter().map(Into::into).collect(),
    };
    output::stage(&dto, json, zone);
    Ok(())
}

/// `kith show`: a person with their touches, follow-ups and needs.
pub(crate) fn show(store: &Store, person: &str, json: bool, zone: Tz) -> Result<(), Failure> {
    let id = store.resolve_person(person)?;
    let person = PersonDto::from(store.person(id)?);
    let touches: Vec<TouchDto> = store.touches(id)?.into_iter().map(Into::into).collect();
    let follow_ups: Vec<FollowUpDto> = store
        .follow_ups(FollowUpFilter::OfPerson(id))?
        .into_iter()
        .map(Into::into)
        .collect();
    let needs: Vec<NeedDto> = store.needs(Some(id))?.into_iter().map(Into::into).collect();
    let shown = output::Shown {
        person: &person,
        touches: &touches,
        follow_ups: &follow_ups,
        needs: &needs,
    };
    output::show(&shown, json, zone);
    Ok(())
}
