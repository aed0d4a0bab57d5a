//! Bytes to text the way exports need it: a BOM dropped, UTF-8 when it is
//! UTF-8 and Windows-1252 when it is not (what spreadsheet programs write),
//! and dates in the shapes the sources use.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";
/// The longest header line read while looking for a CSV header.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Text from bytes: UTF-8 if valid, else Windows-1252 (never fails).
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The start of a file as text: like [`decode`], but a UTF-8 character cut
/// at the end of the bytes read does not make it Windows-1252.
pub fn decode_head(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// A trimmed, non-empty value.
pub fn present(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

/// A date the sources write (`02 Apr 2021`, `2021-04-02`, `4/2/21`,
/// `05/30/2024`, `May 30, 2024`, or any of those with a time after it, as
/// LinkedIn's older exports have: `1/8/18, 6:14 PM`) as noon UTC that
/// day, so it stays on that date in every zone near it.
pub fn date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let formats = [
        "%d %b %Y",
        "%d %B %Y",
        "%Y-%m-%d",
        "%m/%d/%y",
        "%m/%d/%Y",
        "%Y/%m/%d",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d-%b-%y",
        "%d-%b-%Y",
    ];
    let day = formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .or_else(|| timed(text).map(|t| t.date()))?;
    Some(Utc.from_utc_datetime(&day.and_time(NaiveTime::from_hms_opt(12, 0, 0)?)))
}

/// A date with a time of day, as written (RFC 3339 taken to UTC).
fn timed(text: &str) -> Option<NaiveDateTime> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.naive_utc());
    }
    let bare = text.trim_end_matches(" UTC").trim_end_matches(" GMT");
    let formats = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%m/%d/%y, %I:%M %p",
        "%m/%d/%Y, %I:%M %p",
        "%m/%d/%y %I:%M %p",
        "%m/%d/%Y %I:%M %p",
        "%m/%d/%y, %H:%M",
        "%m/%d/%Y, %H:%M",
    ];
    formats
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(bare, f).ok())
}

/// A date and time the sources write (`2024-01-15 10:30:00 UTC`,
/// `1/15/24, 10:30 AM`, RFC 3339), taken as UTC; a date alone is noon.
pub fn date_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    timed(text)
        .map(|t| Utc.from_utc_datetime(&t))
        .or_else(|| date(text))
}

/// The first `max` characters of a text on one line (for touch summaries).
pub fn summary(text: &str, max: usize) -> Option<String> {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = one_line.chars().take(max).collect();
    present(&short).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_sources_shapes() {
        assert_eq!(
            date("02 Apr 2021").unwrap().to_rfc3339(),
            "2021-04-02T12:00:00+00:00"
        );
        assert_eq!(date("2021-04-02"), date("02 Apr 2021"));
        assert_eq!(date("4/2/21"), date("02 Apr 2021"));
        assert_eq!(date("yesterday"), None);
        // Every form LinkedIn's Connected On has had.
        let may_30 = date("2024-05-30");
        assert!(may_30.is_some());
        for form in [
            "30 May 2024",
            "05/30/2024",
            "5/30/24, 6:14 PM",
            "5/30/24 6:14 PM",
            "May 30, 2024",
            "30-May-24",
            "2024-05-30T18:14:00Z",
        ] {
            assert_eq!(date(form), may_30, "{form}");
        }
        assert_eq!(
            date("1/8/18, 6:14 PM").unwrap().to_rfc3339(),
            "2018-01-08T12:00:00+00:00"
        );
        assert_eq!(date("30/05/2024"), None, "day first is not a LinkedIn form");
        assert_eq!(
            date_time("2024-01-15 10:30:00 UTC").unwrap().to_rfc3339(),
            "2024-01-15T10:30:00+00:00"
        );
        assert_eq!(
            date_time("1/15/24, 10:30 AM").unwrap().to_rfc3339(),
            "2024-01-15T10:30:00+00:00"
        );
    }

    #[test]
    fn windows_1252_is_read_when_the_bytes_are_not_utf8() {
        assert_eq!(decode(b"Jos\xe9"), "José");
        assert_eq!(decode("José".as_bytes()), "José");
        // A head cut inside a UTF-8 character stays UTF-8.
        assert_eq!(decode_head(&"Prénom,é".as_bytes()[..9]), "Prénom,");
        assert_eq!(decode_head(b"Pr\xe9nom"), "Prénom");
    }

    #[test]
    fn summaries_are_one_short_line() {
        assert_eq!(
            summary("Hi Ada,\n\nthanks   for", 12).as_deref(),
            Some("Hi Ada, than")
        );
        assert_eq!(summary("  \n ", 10), None);
    }
}
