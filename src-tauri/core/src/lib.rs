//! Kith's core: the people you know, every touch you have with them, the
//! follow-ups you intend, and the scheduler that reminds you of them.
//!
//! This crate owns the domain, the SQLite storage and the scheduling rules.
//! It knows nothing of Tauri, JSON or the DOM, so it builds and tests in
//! seconds; the desktop shell and the `kith` command line are thin layers
//! over it.

pub mod agenda;
pub mod clock;
pub mod crypt;
pub mod dates;
pub mod domain;
pub mod fixtures;
pub mod import;
pub mod keychain;
pub mod matching;
pub mod names;
pub mod network;
pub mod notify;
pub mod path;
pub mod paths;
pub mod photo;
pub mod plan;
pub mod prompts;
pub mod reach;
pub mod reminder;
pub mod sample;
pub mod scheduler;
pub mod stage;
pub mod store;
pub mod template;
pub mod worker;

pub use clock::{Clock, SystemClock};
/// Local times as people mean them (see [`domain::when`]).
pub use domain::when;
pub use domain::*;
pub use notify::{Notifier, NotifyError, Reminder};
pub use store::{Store, StoreError};
