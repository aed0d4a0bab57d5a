//! What the user meant by "when", and the instant it becomes.
//!
//! A follow-up stores the user's intent — a local date-time plus either a
//! fixed IANA zone or "floating" (whatever zone the user is in) — and the UTC
//! instant derived from it. The derivation lives here, with one named policy
//! for daylight-saving transitions:
//!
//! **DST policy** (RFC 5545's, so Kith, its calendar export and any CalDAV
//! server agree). A local time that falls in a spring-forward gap is read
//! with the UTC offset in force before the gap: 02:30 on a Berlin
//! spring-forward day is 02:30 CET, which is 03:30 CEST. A local time that
//! occurs twice in a fall-back fold resolves to the earlier instant (the
//! first occurrence), so it fires once.

use chrono::{
    DateTime, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

use super::InputError;

/// The zone a local time is meant in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A fixed IANA zone: 09:00 Europe/Berlin stays 09:00 in Berlin wherever
    /// the user travels.
    Fixed(Tz),
    /// The user's current zone: 09:00 follows the user.
    Floating,
}

impl Zone {
    /// Parses an IANA zone name or `floating`.
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let name = input.trim();
        if name.eq_ignore_ascii_case("floating") {
            return Ok(Zone::Floating);
        }
        name.parse::<Tz>()
            .map(Zone::Fixed)
            .map_err(|_| InputError::UnknownZone(input.to_owned()))
    }

    /// The zone this intent is resolved in today.
    pub fn effective(self, current: Tz) -> Tz {
        match self {
            Zone::Fixed(tz) => tz,
            Zone::Floating => current,
        }
    }

    /// The stored form: the IANA name, or `None` for floating.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Zone::Fixed(tz) => Some(tz.name()),
            Zone::Floating => None,
        }
    }
}

/// A local date-time in a zone: what the user meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalIntent {
    pub local: NaiveDateTime,
    pub zone: Zone,
}

impl LocalIntent {
    pub fn new(local: NaiveDateTime, zone: Zone) -> Self {
        Self { local, zone }
    }

    /// The instant this intent falls on, for a user now in `current`.
    pub fn resolve(&self, current: Tz) -> DateTime<Utc> {
        resolve_local(self.local, self.zone.effective(current))
    }

    /// The intent for `instant`, expressed in `zone`'s local time.
    pub fn at_instant(instant: DateTime<Utc>, zone: Zone, current: Tz) -> Self {
        let local = instant
            .with_timezone(&zone.effective(current))
            .naive_local();
        Self { local, zone }
    }
}

/// Resolves a wall-clock time in `tz` to an instant under the module's DST
/// policy (gap: the offset before it; fold: the earlier instant).
pub fn resolve_local(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, later) => earlier.min(later).with_timezone(&Utc),
        LocalResult::None => with_offset_before_gap(local, tz),
    }
}

/// A wall time inside a gap, read with the offset in force just before the
/// gap (RFC 5545, 3.3.5). The last existing wall time before it is found by
/// stepping back a minute at a time; gaps are at most a day long (Samoa
/// skipped 30 December 2011), so the search is bounded, and the fallback
/// treats the wall time as UTC rather than looping.
fn with_offset_before_gap(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    let start = local
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(local);
    let mut probe = start;
    for _ in 0..(2 * 24 * 60) {
        probe -= chrono::Duration::minutes(1);
        let before = match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => t,
            LocalResult::Ambiguous(a, b) => a.max(b),
            LocalResult::None => continue,
        };
        let offset = chrono::Duration::seconds(i64::from(before.offset().fix().local_minus_utc()));
        return Utc.from_utc_datetime(&(local - offset));
    }
    Utc.from_utc_datetime(&local)
}

/// The last second of the local day (in `zone`) that contains `now`: the
/// horizon of "due today".
pub fn end_of_day(now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let today = now.with_timezone(&zone).date_naive();
    match today.succ_opt() {
        Some(tomorrow) => {
            let midnight = resolve_local(tomorrow.and_time(NaiveTime::MIN), zone);
            (midnight - chrono::Duration::seconds(1)).max(now)
        }
        None => now,
    }
}

/// Parses a time the user typed: RFC 3339 (an instant, re-expressed in the
/// intent's zone), or a local `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM`
/// meant in `zone`, or a bare date (09:00 that day).
pub fn parse_time(input: &str, zone: Zone, current: Tz) -> Result<LocalIntent, InputError> {
    let text = input.trim();
    let bad = || InputError::BadTime(input.to_owned());
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(LocalIntent::at_instant(
            instant.with_timezone(&Utc),
            zone,
            current,
        ));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(LocalIntent::new(local, zone));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).ok_or_else(bad)?;
        return Ok(LocalIntent::new(date.and_time(nine), zone));
    }
    Err(bad())
}

/// Parses a time that names an instant (a touch's "when"): RFC 3339, or a
/// local time in the user's current zone.
pub fn parse_instant(input: &str, current: Tz) -> Result<DateTime<Utc>, InputError> {
    parse_time(input, Zone::Floating, current).map(|intent| intent.resolve(current))
}

/// The stored text form of a local date-time (`YYYY-MM-DDTHH:MM:SS`).
pub fn format_local(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Parses [`format_local`]'s output.
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()
}

/// Adds calendar months, landing on the month's last day when the day does
/// not exist (31 January + 1 month = 28 or 29 February). `None` past year
/// 262143, never a panic.
pub fn add_months(local: NaiveDateTime, months: u32) -> Option<NaiveDateTime> {
    local.checked_add_months(Months::new(months))
}

/// Adds calendar days to a wall-clock time (keeps the local time of day
/// across DST changes).
pub fn add_days(local: NaiveDateTime, days: u64) -> Option<NaiveDateTime> {
    local.checked_add_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Australia, Europe};
    use rstest::rstest;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[rstest]
    // Ordinary winter and summer times.
    #[case(Europe::Berlin, "2026-01-15 09:00", "2026-01-15T08:00:00Z")]
    #[case(Europe::Berlin, "2026-07-15 09:00", "2026-07-15T07:00:00Z")]
    // Spring-forward gap (02:00 -> 03:00 on 29 March 2026): 02:30 read with
    // the offset before the gap (+01:00), which is 03:30 CEST.
    #[case(Europe::Berlin, "2026-03-29 02:30", "2026-03-29T01:30:00Z")]
    // Fall-back fold (03:00 -> 02:00 on 25 October 2026): the earlier instant.
    #[case(Europe::Berlin, "2026-10-25 02:30", "2026-10-25T00:30:00Z")]
    #[case(America::New_York, "2026-03-08 02:30", "2026-03-08T07:30:00Z")]
    #[case(America::New_York, "2026-11-01 01:30", "2026-11-01T05:30:00Z")]
    // Lord Howe shifts by 30 minutes: 02:00 -> 02:30 on 4 October 2026;
    // 02:15 at +10:30 is 02:45 at +11:00.
    #[case(Australia::Lord_Howe, "2026-10-04 02:15", "2026-10-03T15:45:00Z")]
    // Santiago springs forward at midnight (00:00 -> 01:00, 6 September
    // 2026); 00:30 at -04:00 is 01:30 at -03:00.
    #[case(America::Santiago, "2026-09-06 00:30", "2026-09-06T04:30:00Z")]
    fn local_times_resolve_under_the_dst_policy(
        #[case] tz: Tz,
        #[case] local: &str,
        #[case] expected: &str,
    ) {
        assert_eq!(resolve_local(at(local), tz), utc(expected));
    }

    #[test]
    fn end_of_day_is_local_midnight_minus_a_second() {
        let now = utc("2026-03-01T22:30:00Z");
        // 23:30 in Berlin: the day ends at 23:59:59 CET = 22:59:59Z.
        assert_eq!(end_of_day(now, Europe::Berlin), utc("2026-03-01T22:59:59Z"));
        // 17:30 in New York: the day ends at 04:59:59Z the next day.
        assert_eq!(
            end_of_day(now, America::New_York),
            utc("2026-03-02T04:59:59Z")
        );
    }

    #[test]
    fn month_arithmetic_clamps_to_the_last_day() {
        assert_eq!(
            add_months(at("2026-01-31 09:00"), 1),
            Some(at("2026-02-28 09:00"))
        );
        assert_eq!(
            add_months(at("2028-01-31 09:00"), 1),
            Some(at("2028-02-29 09:00"))
        );
        assert_eq!(add_months(NaiveDateTime::MAX, 1), None);
    }

    #[test]
    fn parse_time_accepts_rfc3339_local_and_dates() {
        let berlin = Zone::Fixed(Europe::Berlin);
        let intent = parse_time("2026-03-01T09:00:00Z", berlin, Tz::UTC).unwrap();
        assert_eq!(intent.local, at("2026-03-01 10:00"));
        let intent = parse_time("2026-03-01 09:15", berlin, Tz::UTC).unwrap();
        assert_eq!(intent.local, at("2026-03-01 09:15"));
        let intent = parse_time("2026-03-01", Zone::Floating, Tz::UTC).unwrap();
        assert_eq!(intent.local, at("2026-03-01 09:00"));
        assert!(parse_time("next tuesday", berlin, Tz::UTC).is_err());
        assert!(parse_time("2026-02-30 09:00", berlin, Tz::UTC).is_err());
    }

    #[test]
    fn floating_follows_the_user_and_fixed_does_not() {
        let floating = LocalIntent::new(at("2026-06-01 09:00"), Zone::Floating);
        let fixed = LocalIntent::new(at("2026-06-01 09:00"), Zone::Fixed(Europe::Berlin));
        let la = America::Los_Angeles;
        assert_eq!(
            floating.resolve(Europe::Berlin),
            utc("2026-06-01T07:00:00Z")
        );
        assert_eq!(floating.resolve(la), utc("2026-06-01T16:00:00Z"));
        assert_eq!(fixed.resolve(la), utc("2026-06-01T07:00:00Z"));
    }

    #[test]
    fn zones_parse_by_iana_name_or_floating() {
        assert_eq!(Zone::parse("floating"), Ok(Zone::Floating));
        assert_eq!(
            Zone::parse("Europe/Berlin"),
            Ok(Zone::Fixed(Europe::Berlin))
        );
        assert!(Zone::parse("Mars/Olympus").is_err());
    }

    proptest::proptest! {
        #[test]
        fn resolving_never_panics_and_lands_within_a_day(
            zone_index in 0usize..chrono_tz::TZ_VARIANTS.len(),
            minutes in 0i64..(60 * 24 * 365 * 3),
        ) {
            let tz = chrono_tz::TZ_VARIANTS[zone_index];
            let local = at("2025-01-01 00:00") + chrono::Duration::minutes(minutes);
            let instant = resolve_local(local, tz);
            let back = instant.with_timezone(&tz).naive_local();
            // Outside gaps the wall time round-trips; inside one it moves
            // forward by the gap's length (less than a day), never backwards.
            proptest::prop_assert!(back >= local);
            proptest::prop_assert!(back - local < chrono::Duration::days(1));
        }
    }
}
