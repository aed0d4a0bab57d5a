//! Re-evaluating reminders the moment the machine wakes or the time zone
//! changes, instead of at the scheduler's next capped wake (at most a
//! minute later).
//!
//! - Linux: logind's `PrepareForSleep(false)` on the system bus (resume),
//!   and timedated's `PropertiesChanged` (a new time zone).
//! - Windows: a hidden top-level window (broadcasts do not reach
//!   message-only ones) receives `WM_POWERBROADCAST` with
//!   `PBT_APMRESUMEAUTOMATIC`/`PBT_APMRESUMESUSPEND` (resume) and
//!   `WM_TIMECHANGE`/`WM_SETTINGCHANGE` (the clock or the time zone).
//! - macOS: nothing extra yet (the workspace's `NSWorkspaceDidWakeNotification`
//!   cannot be checked from here). The scheduler's sleep is capped at 60 s
//!   and re-reads the wall clock and the zone on every wake, so after a
//!   resume or a zone change reminders are re-evaluated within a minute;
//!   that cap is every platform's fallback.
//!
//! Each wake also asks sync to run (the network is likely back).

use crate::state::AppState;

/// Starts listening (on the current tokio runtime), where the platform
/// allows; without a system bus (a
/// container, a minimal session) Kith logs that and relies on the capped
/// sleep.
pub fn watch(state: AppState) {
    #[cfg(target_os = "linux")]
    tokio::spawn(async move {
        if let Err(error) = linux::listen(state).await {
            tracing::info!(%error, "not listening for sleep and time-zone changes");
        }
    });
    #[cfg(windows)]
    win32::listen(state);
    #[cfg(not(any(target_os = "linux", windows)))]
    let _ = state;
}

/// Re-evaluates reminders, syncs and reads mail: the machine woke or its
/// time changed.
fn woke(state: &AppState) {
    state.scheduler.reschedule();
    state.sync.poke();
    state.mail.poke();
}

#[cfg(target_os = "linux")]
mod linux {
    use futures_util::StreamExt;
    use zbus::{message::Type, MatchRule, MessageStream};

    use crate::state::AppState;

    pub async fn listen(state: AppState) -> zbus::Result<()> {
        let bus = zbus::Connection::system().await?;
        let sleep = MatchRule::builder()
            .msg_type(Type::Signal)
            .interface("org.freedesktop.login1.Manager")?
            .member("PrepareForSleep")?
            .build();
        let zone = MatchRule::builder()
            .msg_type(Type::Signal)
            .path("/org/freedesktop/timedate1")?
            .interface("org.freedesktop.DBus.Properties")?
            .member("PropertiesChanged")?
            .build();
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
            super::woke(&state);
        }
        Ok(())
    }
}

#[cfg(windows)]
mod win32 {
    use std::sync::OnceLock;

    use crate::state::AppState;
    use windows::core::w;
    use windows::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
    use windows::Win32::System::LibraryLoader::GetModuleHandleW;
    use windows::Win32::UI::WindowsAndMessaging::{
        CreateWindowExW, DefWindowProcW, DispatchMessageW, GetMessageW, RegisterClassW,
        TranslateMessage, MSG, PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND, WINDOW_EX_STYLE,
        WINDOW_STYLE, WM_POWERBROADCAST, WM_SETTINGCHANGE, WM_TIMECHANGE, WNDCLASSW,
    };

    static APP: OnceLock<AppState> = OnceLock::new();

    unsafe extern "system" fn on_message(
        window: HWND,
        message: u32,
        wparam: WPARAM,
        lparam: LPARAM,
    ) -> LRESULT {
        let resumed = message == WM_POWERBROADCAST
            && (wparam.0 as u32 == PBT_APMRESUMEAUTOMATIC
                || wparam.0 as u32 == PBT_APMRESUMESUSPEND);
        let time = message == WM_TIMECHANGE || message == WM_SETTINGCHANGE;
        if resumed || time {
            if let Some(state) = APP.get() {
                tracing::info!(resumed, "woke or time changed; re-evaluating reminders");
                super::woke(state);
            }
        }
        // SAFETY: the arguments are the ones Windows passed in.
        unsafe { DefWindowProcW(window, message, wparam, lparam) }
    }

    /// Starts a thread with a hidden window and its message loop.
    pub fn listen(state: AppState) {
        if APP.set(state).is_err() {
            return;
        }
        std::thread::spawn(|| {
            // SAFETY: plain Win32 calls with valid, static arguments; the
            // window lives as long as this thread's message loop.
            unsafe {
                let instance = match GetModuleHandleW(None) {
                    Ok(module) => module.into(),
                    Err(error) => {
                        tracing::info!(%error, "not listening for resume and time changes");
                        return;
                    }
                };
                let class = WNDCLASSW {
                    lpfnWndProc: Some(on_message),
                    hInstance: instance,
                    lpszClassName: w!("KithWakeListener"),
                    ..Default::default()
                };
                if RegisterClassW(&class) == 0 {
                    tracing::info!("not listening for resume and time changes (no window class)");
                    return;
                }
                let created = CreateWindowExW(
                    WINDOW_EX_STYLE(0),
                    w!("KithWakeListener"),
                    w!("Kith"),
                    WINDOW_STYLE(0),
                    0,
                    0,
                    0,
                    0,
                    None,
                    None,
                    Some(instance),
                    None,
                );
                if let Err(error) = created {
                    tracing::info!(%error, "not listening for resume and time changes");
                    return;
                }
                tracing::info!("listening for resume and time changes");
                let mut message = MSG::default();
                while GetMessageW(&mut message, None, 0, 0).as_bool() {
                    let _ = TranslateMessage(&message);
                    DispatchMessageW(&message);
                }
            }
        });
    }
}
