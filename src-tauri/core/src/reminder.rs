//! The reminder policy, as pure functions of the settings: whether a
//! reminder may show now (reminders on, no pause, outside quiet hours),
//! when one due at a time will actually show (`fires_at`, which the
//! scheduler and `kith upcoming` both follow), the grace period after which
//! a late one counts as missed, and "tomorrow morning" for a pause.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use crate::store::QuietHours;
use crate::store::Settings;
use crate::when::resolve_local;

impl QuietHours {
    /// When the quiet hours that contain `now` (in `zone`) end; `None` when
    /// `now` is outside them.
    pub fn end_if_quiet(&self, now: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
        if self.start == self.end {
            return None;
        }
        let local = now.with_timezone(&zone).naive_local();
        let time = local.time();
        let inside = if self.start < self.end {
            self.start <= time && time < self.end
        } else {
            time >= self.start || time < self.end
        };
        if !inside {
            return None;
        }
        let end_day = if time < self.end {
            local.date()
        } else {
            local.date().succ_opt()?
        };
        let end = resolve_local(end_day.and_time(self.end), zone);
        Some(end.max(now))
    }
}

impl Settings {
    /// The grace period as a duration.
    pub fn grace(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.missed_after_hours.max(1)))
    }

    /// "Tomorrow morning" for a pause: the next time the quiet hours end
    /// (08:00 without quiet hours) after `now`.
    pub fn next_morning(&self, now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        let morning = self
            .quiet_hours
            .map_or(QuietHours::default_window().end, |q| q.end);
        let local = now.with_timezone(&zone).naive_local();
        let today = resolve_local(local.date().and_time(morning), zone);
        if today > now {
            return today;
        }
        local
            .date()
            .succ_opt()
            .map_or(now + chrono::Duration::days(1), |d| {
                resolve_local(d.and_time(morning), zone)
            })
    }

    /// When an occurrence due at `due` will be shown under these settings:
    /// at `due`, or when the pause or quiet hours holding it back end.
    /// `None` when reminders are off. The scheduler and `kith upcoming`
    /// both follow this rule.
    pub fn fires_at(&self, due: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
        let mut at = due;
        // A pause can end inside quiet hours and quiet hours inside a pause;
        // two rounds settle both, the third is a guard.
        for _ in 0..3 {
            match self.held_until(at, zone) {
                Ok(()) => return Some(at),
                Err(None) => return None,
                Err(Some(until)) => at = until,
            }
        }
        Some(at)
    }

    /// When an occurrence due at `due` will be shown, seen at `now`: as
    /// [`Settings::fires_at`] when it is still to come; at once (or when
    /// the hold ends) when it is late within the grace period; `None` when
    /// it is later than that (listed as missed, not shown).
    pub fn fires_at_seen(
        &self,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Option<DateTime<Utc>> {
        if due >= now {
            self.fires_at(due, zone)
        } else if now - due <= self.grace() {
            self.fires_at(now, zone)
        } else {
            None
        }
    }

    /// When reminders may next be shown, if not now: the end of a pause or
    /// of quiet hours. `Ok(())` when they may be shown at `now`;
    /// `Err(None)` when reminders are off.
    pub fn held_until(&self, now: DateTime<Utc>, zone: Tz) -> Result<(), Option<DateTime<Utc>>> {
        if !self.reminders_enabled {
            return Err(None);
        }
        let paused = self.paused_until.filter(|until| *until > now);
        let quiet = self.quiet_hours.and_then(|q| q.end_if_quiet(now, zone));
        match (paused, quiet) {
            (None, None) => Ok(()),
            (Some(a), Some(b)) => {
                // Both hold reminders back; when the first ends, the other
                // may still hold, and the next step will see it.
                Err(Some(a.min(b)))
            }
            (Some(at), None) | (None, Some(at)) => Err(Some(at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;
    use chrono::NaiveTime;

    #[test]
    fn a_pause_holds_reminders_until_it_ends() {
        let settings = Settings {
            paused_until: Some(t0()),
            quiet_hours: None,
            ..Settings::default()
        };
        let before = t0() - chrono::Duration::seconds(1);
        assert_eq!(settings.held_until(before, Tz::UTC), Err(Some(t0())));
        assert_eq!(settings.held_until(t0(), Tz::UTC), Ok(()));
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[rstest::rstest]
    // 21:00-08:00 Berlin (UTC+1 in winter).
    #[case("2026-01-10T19:59:00Z", None)]
    #[case("2026-01-10T20:00:00Z", Some("2026-01-11T07:00:00Z"))]
    #[case("2026-01-10T23:30:00Z", Some("2026-01-11T07:00:00Z"))]
    #[case("2026-01-11T06:59:00Z", Some("2026-01-11T07:00:00Z"))]
    #[case("2026-01-11T07:00:00Z", None)]
    // The night clocks change (29 March 2026): 08:00 CEST is 06:00Z.
    #[case("2026-03-28T22:00:00Z", Some("2026-03-29T06:00:00Z"))]
    fn quiet_hours_hold_reminders_until_morning(#[case] now: &str, #[case] end: Option<&str>) {
        let quiet = QuietHours::default_window();
        assert_eq!(
            quiet.end_if_quiet(at(now), chrono_tz::Europe::Berlin),
            end.map(at)
        );
    }

    #[test]
    fn fires_at_waits_for_pause_then_quiet_hours() {
        let settings = Settings {
            paused_until: Some(at("2026-01-10T19:30:00Z")),
            ..Settings::default()
        };
        let berlin = chrono_tz::Europe::Berlin;
        // Due during the pause, which ends at 20:30 Berlin: fires then.
        assert_eq!(
            settings.fires_at(at("2026-01-10T19:00:00Z"), berlin),
            Some(at("2026-01-10T19:30:00Z"))
        );
        let longer = Settings {
            paused_until: Some(at("2026-01-10T20:30:00Z")),
            ..settings.clone()
        };
        // The pause ends at 21:30 Berlin, inside quiet hours: 08:00 next day.
        assert_eq!(
            longer.fires_at(at("2026-01-10T19:00:00Z"), berlin),
            Some(at("2026-01-11T07:00:00Z"))
        );
        let off = Settings {
            reminders_enabled: false,
            ..settings
        };
        assert_eq!(off.fires_at(at("2026-01-10T12:00:00Z"), berlin), None);
    }

    #[test]
    fn next_morning_is_the_coming_end_of_quiet_hours() {
        let settings = Settings::default();
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            settings.next_morning(at("2026-01-10T21:00:00Z"), berlin),
            at("2026-01-11T07:00:00Z")
        );
        assert_eq!(
            settings.next_morning(at("2026-01-10T02:00:00Z"), berlin),
            at("2026-01-10T07:00:00Z")
        );
    }

    #[test]
    fn a_daytime_window_and_an_empty_window() {
        let lunch = QuietHours {
            start: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        };
        assert_eq!(
            lunch.end_if_quiet(at("2026-01-10T12:30:00Z"), Tz::UTC),
            Some(at("2026-01-10T13:00:00Z"))
        );
        assert_eq!(
            lunch.end_if_quiet(at("2026-01-10T13:30:00Z"), Tz::UTC),
            None
        );
        let none = QuietHours {
            start: lunch.start,
            end: lunch.start,
        };
        assert_eq!(none.end_if_quiet(at("2026-01-10T12:30:00Z"), Tz::UTC), None);
    }
}
