//! What happens between people on the command line: `kith log`,
//! `help-log`, `topic` and `prompts`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::domain::{HelpDirection, TouchDraft};
use kith_core::when::parse_instant;
use kith_core::{Store, StoreError};
use kith_ipc::{LedgerDto, PromptDto, TopicDto, TouchDto};

use crate::output;
use crate::{Failure, HelpLogArgs, LogArgs};

/// `kith log`: a touch with a person.
pub(crate) fn log(
    store: &Store,
    args: &LogArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let person = store.resolve_person(&args.person)?;
    let at = match args.at.as_deref() {
        Some(text) => parse_instant(text, zone)?,
        None => now,
    };
    let draft = TouchDraft::new(
        person,
        args.kind.parse()?,
        args.channel.parse()?,
        args.direction.parse()?,
        at,
        args.summary.as_deref(),
    )?;
    let id = store.log_touch(&draft, now)?;
    let touch = store
        .touches(person)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(StoreError::TouchNotFound(id))?;
    output::touch(&TouchDto::from(touch), json, zone);
    Ok(())
}

/// `kith help-log`: help given or received, and the ledger after it.
pub(crate) fn help_log(
    store: &Store,
    args: HelpLogArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let id = store.resolve_person(&args.person)?;
    let (direction, text) = match (args.given, args.received) {
        (Some(text), _) => (HelpDirection::Given, text),
        (None, Some(text)) => (HelpDirection::Received, text),
        (None, None) => return Err(Failure::Usage("say --given or --received".into())),
    };
    store.log_help(id, direction, &text, now)?;
    output::ledger(&LedgerDto::from(store.ledger(id)?), json, zone);
    Ok(())
}

/// `kith topic`: something that matters to a person.
pub(crate) fn topic(
    store: &Store,
    person: &str,
    text: &str,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let id = store.resolve_person(person)?;
    let topic = store.add_topic(id, text, now)?;
    let dto = store
        .topics(id)?
        .into_iter()
        .find(|t| t.id == topic)
        .map(TopicDto::from);
    output::created("topic", topic.0, dto.as_ref(), json);
    Ok(())
}

/// `kith prompts`: who to step it up with, and why.
pub(crate) fn prompts(store: &Store, json: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    let prompts: Vec<PromptDto> = store
        .prompts(None, now)?
        .into_iter()
        .map(Into::into)
        .collect();
    output::prompts(&prompts, json);
    Ok(())
}
