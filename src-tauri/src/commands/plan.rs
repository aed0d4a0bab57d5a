//! Today's plan: the day's people with reasons, done and skip, and the
//! sheet to read before a meeting.

use kith_core::domain::PersonId;
use kith_core::plan::SET_ASIDE_DAYS;
use kith_core::Clock;
use kith_ipc::{PlanDto, PrepDto};
use tauri::{AppHandle, State};

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

/// Today's plan (kept for the day; the first call of a day picks it).
#[tauri::command]
pub async fn get_plan(state: State<'_, AppState>) -> CommandResult<PlanDto> {
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || Ok(store.plan(now, zone)?.into())).await
}

/// Logs the touch the plan suggests for a person; the item is ticked.
#[tauri::command]
pub async fn plan_done(
    app: AppHandle,
    state: State<'_, AppState>,
    person: i64,
) -> CommandResult<PlanDto> {
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    let plan = blocking(move || Ok(store.plan_done(PersonId(person), now, zone)?)).await?;
    reactions::touches_changed(&app);
    reactions::follow_ups_changed(&app);
    Ok(plan.into())
}

/// Not today, or with `month` not for [`SET_ASIDE_DAYS`]; the plan
/// backfills.
#[tauri::command]
pub async fn plan_skip(
    state: State<'_, AppState>,
    person: i64,
    month: bool,
) -> CommandResult<PlanDto> {
    let days = month.then_some(SET_ASIDE_DAYS);
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || Ok(store.plan_skip(PersonId(person), days, now, zone)?.into())).await
}

/// The sheet to read before a meeting: the meeting `meeting` (its key, as a
/// prep item carries it), else `person`'s next meeting today or ahead (or
/// them alone).
#[tauri::command]
pub async fn get_prep(
    state: State<'_, AppState>,
    meeting: Option<String>,
    person: Option<i64>,
) -> CommandResult<PrepDto> {
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || {
        let sheet = match (meeting, person) {
            (Some(key), _) => store.prep_meeting(&key)?,
            (None, Some(person)) => store.prep_for(PersonId(person), now, zone)?,
            (None, None) => {
                return Err(kith_core::StoreError::NoMatch(String::new()).into());
            }
        };
        Ok(sheet.into())
    })
    .await
}
