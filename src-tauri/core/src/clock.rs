//! Where time comes from. Everything in the core that needs "now" or the
//! user's time zone asks a [`Clock`], so tests can drive time by hand and the
//! scheduler can be checked against jumps of the wall clock.

#[cfg(any(test, feature = "testing"))]
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The source of the current instant and of the user's current time zone.
pub trait Clock: Send + Sync {
    /// The current wall-clock instant.
    fn now(&self) -> DateTime<Utc>;
    /// The time zone the user is in now; "floating" follow-ups follow it.
    fn zone(&self) -> Tz;
}

/// The operating system's clock and time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn zone(&self) -> Tz {
        system_zone()
    }
}

/// The system's IANA time zone: `TZ` when it names one, else what the
/// platform reports, else UTC (a machine with no zone configured).
pub fn system_zone() -> Tz {
    if let Some(tz) = std::env::var("TZ")
        .ok()
        .and_then(|name| name.trim_start_matches(':').parse::<Tz>().ok())
    {
        return tz;
    }
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// A clock that only moves when told to; for tests and simulations (the
/// `testing` feature, which the core's own tests turn on).
#[cfg(any(test, feature = "testing"))]
#[derive(Debug)]
pub struct FakeClock {
    state: Mutex<(DateTime<Utc>, Tz)>,
}

#[cfg(any(test, feature = "testing"))]
impl FakeClock {
    pub fn new(now: DateTime<Utc>, zone: Tz) -> Self {
        Self {
            state: Mutex::new((now, zone)),
        }
    }

    pub fn set(&self, now: DateTime<Utc>) {
        self.lock().0 = now;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut state = self.lock();
        state.0 += by;
    }

    pub fn set_zone(&self, zone: Tz) {
        self.lock().1 = zone;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (DateTime<Utc>, Tz)> {
        // A panic while holding this lock can only come from a test that has
        // already failed; the state is two plain values and stays usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(any(test, feature = "testing"))]
impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        self.lock().0
    }

    fn zone(&self) -> Tz {
        self.lock().1
    }
}
