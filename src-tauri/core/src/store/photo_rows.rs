//! A person's photo row: written from a decoded photo or a link, kept
//! only when asked to replace or when there is none (the store's floor:
//! the photo commands and imports both write here).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{to_secs, Result};
use crate::domain::PersonId;
use crate::photo::{link_key, photo_key, PhotoSource};

/// Writes the person's photo; with `replace` false, only when they have
/// none. `key` is what it was made from, as sync tells photos apart
/// (`None`: what Kith keeps, [`PhotoSource::key`]). Returns whether it was
/// written.
pub(crate) fn write_photo(
    conn: &Connection,
    person: PersonId,
    source: &PhotoSource,
    key: Option<&str>,
    replace: bool,
    now: DateTime<Utc>,
) -> Result<bool> {
    let key = key.map_or_else(|| source.key(), str::to_owned);
    let (image, thumb, link) = match source {
        PhotoSource::Image(photo) => (Some(&photo.jpeg), Some(&photo.thumb), None),
        PhotoSource::Link(url) => (None, None, Some(url.as_str())),
    };
    let sql = if replace {
        "INSERT INTO person_photo (person_id, image, thumb, link, updated_at, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (person_id) DO UPDATE SET image = excluded.image, thumb = excluded.thumb,
             link = excluded.link, updated_at = excluded.updated_at, source = excluded.source"
    } else {
        "INSERT OR IGNORE INTO person_photo (person_id, image, thumb, link, updated_at, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    };
    Ok(conn.prepare_cached(sql)?.execute(params![
        person.0,
        image,
        thumb,
        link,
        to_secs(now),
        key
    ])? > 0)
}

/// The key of the person's photo as sync tells photos apart: what it was
/// made from, else (a photo kept before keys were) its link's or its
/// JPEG's.
pub(crate) fn photo_key_of(conn: &Connection, person: PersonId) -> Result<Option<String>> {
    let key = conn
        .prepare_cached(
            "SELECT source, link, CASE WHEN source IS NULL AND link IS NULL THEN image END
             FROM person_photo WHERE person_id = ?1",
        )?
        .query_row([person.0], |r| {
            let source: Option<String> = r.get(0)?;
            let link: Option<String> = r.get(1)?;
            let image: Option<Vec<u8>> = r.get(2)?;
            Ok(source
                .or_else(|| link.map(|l| link_key(&l)))
                .or_else(|| image.map(|i| photo_key(&i))))
        })
        .optional()?;
    Ok(key.flatten())
}
