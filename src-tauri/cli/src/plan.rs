//! The day on the command line: `kith plan` and `kith settings`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::store::SettingsChange;
use kith_core::Store;
use kith_ipc::{DaySettingsDto, PlanDto};

use crate::args::*;
use crate::drafts::parse_days;
use crate::{output, Failure};

/// `kith plan`: today's plan, or one of it done or skipped.
pub(crate) fn plan(
    store: &Store,
    action: Option<PlanAction>,
    json: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(), Failure> {
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
    Ok(())
}

/// `kith settings`: the day's settings changed, and all of them shown.
pub(crate) fn settings(store: &Store, args: SettingsArgs, json: bool) -> Result<(), Failure> {
    let change = SettingsChange {
        home_country: args.country,
        plan_size: args.plan_size,
        plan_time: args.plan_time,
        welcome_days: args.welcome_days,
        quiet_hours: args.quiet_hours,
        backup_dir: args.backup_dir,
        calendar_mirror: args.calendar_mirror,
        plan_on_phone: args.plan_on_phone,
        birthday_days_before: args.birthday_days_before,
        anniversary_days_before: args.anniversary_days_before,
        date_days_before: args.date_days_before,
    };
    let settings = store.update_settings(|s| change.apply(s))?;
    output::plan_settings(
        &DaySettingsDto::new(&settings, store.national_numbers()?),
        json,
    );
    Ok(())
}
