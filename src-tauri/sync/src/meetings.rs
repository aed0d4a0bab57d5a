//! Meetings from the account's calendars the user chose (`kith sync
//! calendars --use NAME…`): each calendar's changes since its token are
//! fetched and kept, then every kept event is read again by
//! `kith-exchange`'s rules and its past occurrences recorded as meetings —
//! so occurrences that come to pass count at the next sync, and an event
//! edited, cancelled or deleted on any device changes or takes away its
//! touches. One way: nothing is written to these calendars.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kith_core::store::{CalendarItem, MeetingsRecorded};
use kith_core::Store;
use kith_exchange::meetings::{read_calendar, CalendarOptions};

use crate::dav::{Collection, Found, Server};
use crate::SyncError;

/// Reads the chosen calendars' meetings.
pub(crate) async fn read(
    store: &Store,
    server: &Server,
    user: &str,
    now: DateTime<Utc>,
) -> Result<MeetingsRecorded, SyncError> {
    let calendars = store.meeting_calendars()?;
    if calendars.is_empty() {
        return Ok(MeetingsRecorded::default());
    }
    for calendar in &calendars {
        // A chosen calendar deleted or refused on the server is passed over
        // (and said in the log), not a failed sync of everything else.
        let changes = match server
            .changes(&calendar.href, calendar.token.as_deref())
            .await
        {
            Ok(changes) => changes,
            Err(SyncError::Server(error)) | Err(SyncError::Refused(error)) => {
                tracing::warn!(calendar = %calendar.href, %error, "a chosen calendar could not be read; passed over");
                continue;
            }
            Err(other) => return Err(other),
        };
        // A whole listing names every item: fetch only those whose ETag
        // is not the one kept.
        let kept: HashMap<String, String> =
            store.calendar_etags(&calendar.href)?.into_iter().collect();
        let wanted: Vec<String> = changes
            .changed
            .iter()
            .filter(|(href, etag)| kept.get(href) != Some(etag))
            .map(|(href, _)| href.clone())
            .collect();
        let fetched: Vec<CalendarItem> = server
            .fetch(&calendar.href, &wanted)
            .await?
            .into_iter()
            .map(|f| CalendarItem {
                href: f.href,
                etag: f.etag,
                data: f.data,
            })
            .collect();
        let listed: Option<Vec<String>> = changes
            .full
            .then(|| changes.changed.iter().map(|(h, _)| h.clone()).collect());
        store.keep_calendar_changes(
            &calendar.href,
            changes.token.as_deref(),
            &fetched,
            &changes.deleted,
            listed.as_deref(),
            now,
        )?;
    }
    let mut me = store.my_addresses()?;
    if user.contains('@') {
        me.push(user.trim().to_lowercase());
    }
    let options = CalendarOptions {
        me: &me,
        zone: kith_core::clock::system_zone(),
        now,
    };
    let read = |data: &str| {
        read_calendar(data, &options)
            .map(|r| r.meetings)
            .unwrap_or_default()
    };
    Ok(store.read_calendar_items(&read, now)?)
}

/// The account's calendars that hold events, other than Kith's own.
pub(crate) async fn event_calendars(
    server: &Server,
    own: &[String],
) -> Result<Vec<Collection>, SyncError> {
    let mut out = Vec::new();
    for calendar in server.collections().await? {
        if own.iter().any(|h| same_href(h, &calendar.href)) {
            continue;
        }
        let takes_events = match server.what_is_at(&calendar.href).await? {
            Found::Calendar { components } => {
                components.is_empty() || components.iter().any(|c| c.eq_ignore_ascii_case("VEVENT"))
            }
            _ => false,
        };
        if takes_events {
            out.push(calendar);
        }
    }
    Ok(out)
}

/// Two collection addresses are the same with or without a trailing slash.
fn same_href(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}
