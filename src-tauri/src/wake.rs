//! Re-evaluating reminders the moment the machine wakes or the time zone
//! changes, instead of at the scheduler's next capped wake (at most a
//! minute later).
//!
//! - Linux: logind's `PrepareForSleep(false)` on the system bus (resume),
//!   and timedated's `PropertiesChanged` (a new time zone).
//! - macOS and Windows: nothing extra. The scheduler's sleep is capped at
//!   60 s and re-reads the wall clock and the zone on every wake, so after a
//!   resume or a zone change reminders are re-evaluated within a minute.

use tauri::AppHandle;

/// Starts listening, where the platform allows; without a system bus (a
/// container, a minimal session) Kith logs that and relies on the capped
/// sleep.
pub fn watch(app: AppHandle) {
    #[cfg(target_os = "linux")]
    tauri::async_runtime::spawn(async move {
        if let Err(error) = linux::listen(app).await {
            tracing::info!(%error, "not listening for sleep and time-zone changes");
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(target_os = "linux")]
mod linux {
    use futures_util::StreamExt;
    use tauri::{AppHandle, Manager};
    use zbus::{message::Type, MatchRule, MessageStream};

    use crate::state::AppState;

    pub async fn listen(app: AppHandle) -> zbus::Result<()> {
        let bus = zbus::Connection::system().await?;
        let sleep = MatchRule::builder()
            .msg_type(Type::Signal)
            .interface("org.freedesktop.login1.Manager")
            .member("PrepareForSleep")
            .build()?;
        let zone = MatchRule::builder()
            .msg_type(Type::Signal)
            .path("/org/freedesktop/timedate1")
            .interface("org.freedesktop.DBus.Properties")
            .member("PropertiesChanged")
            .build()?;
        let sleep = MessageStream::for_match_rule(sleep, &bus, None).await?;
        let zone = MessageStream::for_match_rule(zone, &bus, None).await?;
        tracing::info!("listening for resume and time-zone changes");
        let mut events = futures_util::stream::select(sleep, zone);
        while let Some(message) = events.next().await {
            let Ok(message) = message else { continue };
            let member = message.header().member().map(|m| m.to_string());
            if member.as_deref() == Some("PrepareForSleep") {
                // true: about to sleep; false: just resumed.
                if message.body().deserialize::<bool>().unwrap_or(true) {
                    continue;
                }
                tracing::info!("resumed from sleep; re-evaluating reminders");
            } else {
                tracing::info!("time settings changed; re-evaluating reminders");
            }
            let state = app.state::<AppState>();
            state.scheduler.reschedule();
            state.sync.poke();
        }
        Ok(())
    }
}
