//! What the window, the tray and the notifications do to a follow-up the
//! same way.

use chrono::Duration;
use kith_core::{Clock, FollowUpId, StoreError};

use crate::state::AppState;

/// Marks a follow-up done (a repeating one moves on) and wakes the
/// scheduler.
pub fn complete(state: &AppState, id: FollowUpId) -> Result<kith_core::FollowUp, StoreError> {
    let done = state
        .store
        .complete_follow_up(id, state.clock.zone(), state.clock.now())?;
    state.scheduler.reschedule();
    Ok(done)
}

/// Snoozes a follow-up for `by` from now and wakes the scheduler.
pub fn snooze(
    state: &AppState,
    id: FollowUpId,
    by: Duration,
) -> Result<kith_core::FollowUp, StoreError> {
    let now = state.clock.now();
    let snoozed = state
        .store
        .snooze_follow_up(id, now + by, state.clock.zone(), now)?;
    state.scheduler.reschedule();
    Ok(snoozed)
}
