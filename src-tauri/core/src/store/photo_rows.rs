//! A person's photo row: written from a decoded photo or a link, kept
//! only when asked to replace or when there is none (the store's floor:
//! the photo commands and imports both write here).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{to_secs, Result};
use crate::domain::PersonId;
use crate::photo::PhotoSource;

/// Writes the person's photo; with `replace` false, only when they have
/// none. Returns whether it was written.
pub(crate) fn write_photo(
    conn: &Connection,
    person: PersonId,
    source: &PhotoSource,
    replace: bool,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (image, thumb, link) = match source {
        PhotoSource::Image(photo) => (Some(&photo.jpeg), Some(&photo.thumb), None),
        PhotoSource::Link(url) => (None, None, Some(url.as_str())),
    };
    let sql = if replace {
        "INSERT INTO person_photo (person_id, image, thumb, link, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_id) DO UPDATE SET image = excluded.image, thumb = excluded.thumb,
             link = excluded.link, updated_at = excluded.updated_at"
    } else {
        "INSERT OR IGNORE INTO person_photo (person_id, image, thumb, link, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)"
    };
    Ok(conn
        .prepare_cached(sql)?
        .execute(params![person.0, image, thumb, link, to_secs(now)])?
        > 0)
}
