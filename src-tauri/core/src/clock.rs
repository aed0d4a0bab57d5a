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
/// platform reports (on Windows, the registry's zone when the WinRT
/// calendar that reports it is missing), else UTC (a machine with no zone
/// configured).
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
        .or_else(registry_zone)
        .unwrap_or(Tz::UTC)
}

/// The zone Windows keeps (`GetDynamicTimeZoneInformation`'s key name),
/// read without WinRT: Windows Server Core and Wine lack the
/// `Windows.Globalization` calendar `iana_time_zone` asks.
#[cfg(windows)]
fn registry_zone() -> Option<Tz> {
    use windows_sys::Win32::System::Time::{
        GetDynamicTimeZoneInformation, DYNAMIC_TIME_ZONE_INFORMATION, TIME_ZONE_ID_INVALID,
    };
    // SAFETY: a zeroed DYNAMIC_TIME_ZONE_INFORMATION is a valid value, and
    // the call only writes into it.
    let mut info: DYNAMIC_TIME_ZONE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: `info` is a live, writable DYNAMIC_TIME_ZONE_INFORMATION.
    if unsafe { GetDynamicTimeZoneInformation(&mut info) } == TIME_ZONE_ID_INVALID {
        return None;
    }
    let key = &info.TimeZoneKeyName;
    let len = key.iter().position(|&c| c == 0).unwrap_or(key.len());
    windows_zone(&String::from_utf16_lossy(&key[..len]))
}

#[cfg(not(windows))]
fn registry_zone() -> Option<Tz> {
    None
}

/// The IANA zone of a Windows zone name (Outlook's `TZID`s, the registry's
/// `TimeZoneKeyName`), from CLDR's `windowsZones.xml` for the names most
/// often met.
pub fn windows_zone(id: &str) -> Option<Tz> {
    let iana_name = match id {
        "Dateline Standard Time" => "Etc/GMT+12",
        "Hawaiian Standard Time" => "Pacific/Honolulu",
        "Alaskan Standard Time" => "America/Anchorage",
        "Pacific Standard Time" => "America/Los_Angeles",
        "US Mountain Standard Time" => "America/Phoenix",
        "Mountain Standard Time" => "America/Denver",
        "Central America Standard Time" => "America/Guatemala",
        "Central Standard Time" => "America/Chicago",
        "Canada Central Standard Time" => "America/Regina",
        "Central Standard Time (Mexico)" => "America/Mexico_City",
        "SA Pacific Standard Time" => "America/Bogota",
        "Eastern Standard Time" => "America/New_York",
        "Atlantic Standard Time" => "America/Halifax",
        "Newfoundland Standard Time" => "America/St_Johns",
        "E. South America Standard Time" => "America/Sao_Paulo",
        "Argentina Standard Time" => "America/Buenos_Aires",
        "Pacific SA Standard Time" => "America/Santiago",
        "UTC" | "Coordinated Universal Time" => "UTC",
        "GMT Standard Time" => "Europe/London",
        "Greenwich Standard Time" => "Atlantic/Reykjavik",
        "W. Europe Standard Time" => "Europe/Berlin",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Romance Standard Time" => "Europe/Paris",
        "Central European Standard Time" => "Europe/Warsaw",
        "W. Central Africa Standard Time" => "Africa/Lagos",
        "GTB Standard Time" => "Europe/Bucharest",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kiev",
        "Israel Standard Time" => "Asia/Jerusalem",
        "Egypt Standard Time" => "Africa/Cairo",
        "South Africa Standard Time" => "Africa/Johannesburg",
        "Turkey Standard Time" => "Europe/Istanbul",
        "Russian Standard Time" => "Europe/Moscow",
        "Arab Standard Time" => "Asia/Riyadh",
        "E. Africa Standard Time" => "Africa/Nairobi",
        "Arabian Standard Time" => "Asia/Dubai",
        "Pakistan Standard Time" => "Asia/Karachi",
        "India Standard Time" => "Asia/Calcutta",
        "Bangladesh Standard Time" => "Asia/Dhaka",
        "SE Asia Standard Time" => "Asia/Bangkok",
        "China Standard Time" => "Asia/Shanghai",
        "Singapore Standard Time" => "Asia/Singapore",
        "W. Australia Standard Time" => "Australia/Perth",
        "Taipei Standard Time" => "Asia/Taipei",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "Korea Standard Time" => "Asia/Seoul",
        "Cen. Australia Standard Time" => "Australia/Adelaide",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        "E. Australia Standard Time" => "Australia/Brisbane",
        "New Zealand Standard Time" => "Pacific/Auckland",
        _ => return None,
    };
    iana_name.parse().ok()
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
