//! A person's photo: set by hand (a file, a paste, a drop), a link a card
//! gave, removed, and read for the person page, the lists and exports.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use super::photo_rows::write_photo;
use super::rows::ensure_person;
use super::{from_secs, Result, Store};
use crate::domain::PersonId;
use crate::photo::PhotoSource;

/// A person's photo as kept.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    /// The JPEG (at most 512 px), unless only a link is kept.
    pub image: Option<Vec<u8>>,
    /// A web address a card gave, never fetched by itself.
    pub link: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for StoredPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredPhoto")
            .field("image", &self.image.as_ref().map(Vec::len))
            .field("link", &self.link)
            .finish()
    }
}

/// A photo set or removed is an edit of the person: sync weighs it
/// against the server's by when each changed.
fn edited(tx: &rusqlite::Connection, person: PersonId, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE person SET updated_at = ?2 WHERE id = ?1",
        rusqlite::params![person.0, super::to_secs(now)],
    )?;
    Ok(())
}

impl Store {
    /// Sets the person's photo, replacing the one they had.
    pub fn set_photo(
        &self,
        person: PersonId,
        source: &PhotoSource,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            write_photo(tx, person, source, None, true, now)?;
            edited(tx, person, now)
        })
    }

    /// Removes the person's photo; whether there was one.
    pub fn remove_photo(&self, person: PersonId, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| {
            ensure_person(tx, person)?;
            let removed =
                tx.execute("DELETE FROM person_photo WHERE person_id = ?1", [person.0])? > 0;
            if removed {
                edited(tx, person, now)?;
            }
            Ok(removed)
        })
    }

    /// The person's photo, if they have one.
    pub fn photo(&self, person: PersonId) -> Result<Option<StoredPhoto>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT image, link, updated_at FROM person_photo WHERE person_id = ?1",
                )?
                .query_row([person.0], |r| {
                    Ok(StoredPhoto {
                        image: r.get(0)?,
                        link: r.get(1)?,
                        updated_at: from_secs(r.get(2)?),
                    })
                })
                .optional()?)
        })
    }

    /// The thumbnails of those of `people` who have one, for a list.
    pub fn photo_thumbs(&self, people: &[PersonId]) -> Result<Vec<(PersonId, Vec<u8>)>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT thumb FROM person_photo WHERE person_id = ?1 AND thumb IS NOT NULL",
            )?;
            let mut thumbs = Vec::new();
            for person in people {
                if let Some(thumb) = stmt
                    .query_row([person.0], |r| r.get::<_, Vec<u8>>(0))
                    .optional()?
                {
                    thumbs.push((*person, thumb));
                }
            }
            Ok(thumbs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonDraft;
    use crate::photo::Photo;
    use crate::store::tests::t0;

    fn photo(w: u32, h: u32) -> PhotoSource {
        let pixels = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([x as u8, 40, 200]));
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(pixels)
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        PhotoSource::Image(Photo::from_bytes(&png.into_inner()).unwrap())
    }

    fn width(store: &Store, person: PersonId) -> Option<u32> {
        let kept = store.photo(person).unwrap()?.image?;
        crate::photo::dimensions(&kept).map(|(w, _)| w)
    }

    fn person(store: &Store, name: &str) -> PersonId {
        store
            .create_person(&PersonDraft::named(name).unwrap(), t0())
            .unwrap()
    }

    #[test]
    fn a_photo_is_set_replaced_read_as_a_thumbnail_and_removed() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        let grace = person(&store, "Grace Hopper");
        assert_eq!(store.photo(ada).unwrap(), None);
        store.set_photo(ada, &photo(100, 80), t0()).unwrap();
        store.set_photo(ada, &photo(300, 200), t0()).unwrap();
        assert_eq!(width(&store, ada), Some(300));
        let thumbs = store.photo_thumbs(&[ada, grace]).unwrap();
        assert_eq!(thumbs.len(), 1);
        assert_eq!(crate::photo::dimensions(&thumbs[0].1), Some((96, 64)));
        store
            .set_photo(
                grace,
                &PhotoSource::link("https://example.org/g.jpg").unwrap(),
                t0(),
            )
            .unwrap();
        assert_eq!(
            store.photo(grace).unwrap().unwrap().link.as_deref(),
            Some("https://example.org/g.jpg")
        );
        assert!(PhotoSource::link("file:///etc/passwd").is_err());
        assert!(PhotoSource::link("javascript:alert(1)").is_err());
        assert!(store.remove_photo(ada, t0()).unwrap());
        assert!(!store.remove_photo(ada, t0()).unwrap());
        assert_eq!(store.photo(ada).unwrap(), None);
    }

    #[test]
    fn a_merge_keeps_the_kept_ones_photo_or_brings_the_others_and_undo_takes_it_back() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        let countess = person(&store, "Ada King");
        store.set_photo(countess, &photo(200, 100), t0()).unwrap();
        let merge = store.merge(ada, countess, t0()).unwrap();
        assert_eq!(width(&store, ada), Some(200), "Ada had none: she takes it");
        store.undo_merge(merge, t0()).unwrap();
        assert_eq!(width(&store, ada), None);
        assert_eq!(width(&store, countess), Some(200));
        // Both with a photo: the kept one's stays.
        store.set_photo(ada, &photo(120, 100), t0()).unwrap();
        let merge = store.merge(ada, countess, t0()).unwrap();
        assert_eq!(width(&store, ada), Some(120));
        store.undo_merge(merge, t0()).unwrap();
        assert_eq!(width(&store, ada), Some(120));
        assert_eq!(width(&store, countess), Some(200));
    }

    #[test]
    fn the_trash_keeps_a_photo_and_a_restore_brings_it_back() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(&store, "Ada Lovelace");
        store.set_photo(ada, &photo(64, 64), t0()).unwrap();
        let entry = store.trash_person(ada, t0()).unwrap();
        let (back, _) = store.restore_from_trash(entry.id, t0()).unwrap();
        assert_eq!(width(&store, back), Some(64));
    }
}
