//! What keeps Kith working without its window, shared by the desktop app
//! (`kith-desktop`) and, on Linux, the resident that waits in the tray with
//! no window toolkit loaded (run by the `kith` binary): reminders shown as
//! OS notifications and what their buttons do, the tray menu's lines and
//! choices, wake-ups, logging, and the hand-over between the two; and the
//! one start-up of the background work both run (`start.rs`).

pub mod actions;
pub mod logging;
pub mod menu;
pub mod notifier;
pub mod shell;
pub mod start;
pub mod state;
pub mod wake;

#[cfg(target_os = "linux")]
pub mod handoff;
#[cfg(all(target_os = "linux", feature = "resident"))]
pub mod resident;

pub use shell::{Route, Shell};
pub use state::AppState;
