//! Follow-ups and the Today view.

use kith_core::domain::{FollowUpId, PersonId};
use kith_core::store::FollowUpFilter;
use kith_core::Clock;
use kith_ipc::{FollowUpDto, FollowUpInput, SnoozeInput, TodayDto};
use tauri::{AppHandle, State};

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

/// How far ahead the Today view's "Upcoming" looks.

#[tauri::command]
pub async fn create_follow_up(
    app: AppHandle,
    state: State<'_, AppState>,
    input: FollowUpInput,
) -> CommandResult<FollowUpDto> {
    let zone = state.clock.zone();
    let draft = input.into_draft(zone)?;
    let (store, now) = (state.store.clone(), state.clock.now());
    let created = blocking(move || {
        let id = store.create_follow_up(&draft, zone, now)?;
        Ok(store.follow_up(id)?.into())
    })
    .await?;
    reactions::follow_ups_changed(&app);
    Ok(created)
}

#[tauri::command]
pub async fn list_follow_ups(
    state: State<'_, AppState>,
    person_id: i64,
) -> CommandResult<Vec<FollowUpDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .follow_ups(FollowUpFilter::OfPerson(PersonId(person_id)))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn complete_follow_up(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<FollowUpDto> {
    let state = state.inner().clone();
    let done = blocking(move || Ok(reactions::complete(&state, FollowUpId(id))?.into())).await?;
    reactions::reminders_changed(&app);
    Ok(done)
}

#[tauri::command]
pub async fn snooze_follow_up(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    input: SnoozeInput,
) -> CommandResult<FollowUpDto> {
    let (now, zone) = (state.clock.now(), state.clock.zone());
    let until = input.until(now, zone)?;
    let store = state.store.clone();
    let snoozed = blocking(move || {
        Ok(store
            .snooze_follow_up(FollowUpId(id), until, zone, now)?
            .into())
    })
    .await?;
    reactions::follow_ups_changed(&app);
    Ok(snoozed)
}

/// Changes a follow-up's text, time, zone and repeat.
#[tauri::command]
pub async fn update_follow_up(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    input: FollowUpInput,
) -> CommandResult<FollowUpDto> {
    let zone = state.clock.zone();
    let draft = input.into_draft(zone)?;
    let store = state.store.clone();
    let updated =
        blocking(move || Ok(store.update_follow_up(FollowUpId(id), &draft, zone)?.into())).await?;
    reactions::follow_ups_changed(&app);
    Ok(updated)
}

#[tauri::command]
pub async fn drop_follow_up(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.drop_follow_up(FollowUpId(id), now)?)).await?;
    reactions::follow_ups_changed(&app);
    Ok(())
}

#[tauri::command]
pub async fn get_today(state: State<'_, AppState>) -> CommandResult<TodayDto> {
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || {
        let mut today: TodayDto = store.agenda(now, zone)?.into();
        // Each follow-up with the way to reach them for it.
        for list in [
            &mut today.missed,
            &mut today.overdue,
            &mut today.today,
            &mut today.upcoming,
        ] {
            for f in list.iter_mut() {
                f.reach = store.reach(PersonId(f.person_id))?.map(Into::into);
            }
        }
        Ok(today)
    })
    .await
}
