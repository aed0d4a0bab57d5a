//! Follow-ups on the command line: `kith follow-up`, `due`, `upcoming`
//! and `done`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::domain::FollowUpId;
use kith_core::scheduler;
use kith_core::when::{parse_instant, parse_time, Zone};
use kith_core::{Repeat, Store};
use kith_ipc::{FollowUpDto, PlannedFireDto};

use crate::output;
use crate::{Failure, FollowUpArgs};

/// `kith follow-up`: a follow-up, due in the zone it was meant in.
pub(crate) fn create(
    store: &Store,
    args: &FollowUpArgs,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let person = store.resolve_person(&args.person)?;
    let intent_zone = match args.tz.as_deref() {
        Some(name) => Zone::parse(name)?,
        None => Zone::Floating,
    };
    let due = parse_time(&args.due, intent_zone, zone)?;
    let repeat = args.every.as_deref().map(Repeat::parse).transpose()?;
    let draft = kith_core::FollowUpDraft::new(person, &args.what, due, repeat)?;
    let id = store.create_follow_up(&draft, zone, now)?;
    output::follow_up(&FollowUpDto::from(store.follow_up(id)?), json, zone);
    Ok(())
}

/// `kith due`: the follow-ups overdue and due today.
pub(crate) fn due(store: &Store, json: bool, now: DateTime<Utc>, zone: Tz) -> Result<(), Failure> {
    let agenda = store.agenda(now, zone)?;
    let due: Vec<FollowUpDto> = agenda.due().cloned().map(Into::into).collect();
    output::follow_ups(&due, json, zone, now);
    Ok(())
}

/// `kith upcoming`: the reminders that will fire in a window, as the
/// scheduler will fire them.
pub(crate) fn upcoming(
    store: &Store,
    from: Option<&str>,
    to: Option<&str>,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let from = match from {
        Some(text) => parse_instant(text, zone)?,
        None => now,
    };
    let to = match to {
        Some(text) => parse_instant(text, zone)?,
        None => from + chrono::Duration::days(7),
    };
    if to <= from {
        return Err(Failure::Usage("--to must be after --from".into()));
    }
    let planned: Vec<PlannedFireDto> = scheduler::upcoming(store, now, from, to, zone)?
        .into_iter()
        .map(|fire| PlannedFireDto::new(fire, zone))
        .collect();
    output::upcoming(&planned, json, zone);
    Ok(())
}

/// `kith done`: a follow-up done (a repeating one moves to its next date).
pub(crate) fn done(
    store: &Store,
    id: i64,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
    let done = store.complete_follow_up(FollowUpId(id), zone, now)?;
    output::follow_up(&FollowUpDto::from(done), json, zone);
    Ok(())
}
