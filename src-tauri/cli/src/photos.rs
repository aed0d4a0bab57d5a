//! `kith photo`: a person's photo set from a file, kept as a link, written
//! out, removed, or asked after.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use kith_core::photo::{Photo, PhotoSource, MAX_SOURCE_BYTES};
use kith_core::Store;

use crate::output::print_json;
use crate::Failure;

/// What `kith photo` says: whose photo, and what is there now.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PhotoState {
    person: i64,
    name: String,
    /// Whether an image is kept, and its size in pixels and bytes.
    image: bool,
    width: Option<u32>,
    height: Option<u32>,
    bytes: Option<usize>,
    /// A web address a card gave, fetched only with `--fetch`.
    link: Option<String>,
}

/// What `kith photo` changes first.
pub(crate) enum Change {
    None,
    File(PathBuf),
    Link(String),
    Remove,
    /// The image the kept link points to, fetched.
    Fetch,
}

impl Change {
    /// The change `kith photo`'s arguments ask for (clap keeps them from
    /// asking for two).
    pub(crate) fn asked(
        file: Option<PathBuf>,
        link: Option<String>,
        remove: bool,
        fetch: bool,
    ) -> Self {
        match (file, link) {
            (Some(file), _) => Change::File(file),
            (None, Some(link)) => Change::Link(link),
            _ if remove => Change::Remove,
            _ if fetch => Change::Fetch,
            _ => Change::None,
        }
    }
}

pub(crate) fn run(
    store: &Store,
    person: &str,
    change: Change,
    out: Option<PathBuf>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let id = store.resolve_person(person)?;
    let image = |bytes: &[u8]| -> Result<PhotoSource, Failure> {
        let photo = Photo::from_bytes(bytes).map_err(kith_core::domain::InputError::from)?;
        Ok(PhotoSource::Image(photo))
    };
    match change {
        Change::None => {}
        Change::File(path) => store.set_photo(id, &image(&read_image(&path)?)?, now)?,
        Change::Link(link) => store.set_photo(id, &PhotoSource::link(&link)?, now)?,
        Change::Remove => {
            store.remove_photo(id, now)?;
        }
        Change::Fetch => {
            let Some(link) = store.photo(id)?.and_then(|p| p.link) else {
                return Err(Failure::Other(format!(
                    "{} has no photo link to fetch",
                    store.person(id)?.display_name
                )));
            };
            let bytes = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Failure::Other(format!("could not start the network runtime: {e}")))?
                .block_on(kith_sync::web::fetch_photo(&link))
                .map_err(|e| Failure::Other(e.to_string()))?;
            store.set_photo(id, &image(&bytes)?, now)?;
        }
    }
    let kept = store.photo(id)?;
    if let Some(path) = out {
        let Some(image) = kept.as_ref().and_then(|p| p.image.as_ref()) else {
            return Err(Failure::Other(format!(
                "{} has no photo to write out",
                store.person(id)?.display_name
            )));
        };
        std::fs::write(&path, image)
            .map_err(|e| Failure::Other(format!("could not write {}: {e}", path.display())))?;
    }
    let name = store.person(id)?.display_name;
    let size = kept
        .as_ref()
        .and_then(|p| p.image.as_ref())
        .and_then(|jpeg| image_size(jpeg).map(|(w, h)| (w, h, jpeg.len())));
    let state = PhotoState {
        person: id.0,
        name,
        image: size.is_some(),
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        bytes: size.map(|s| s.2),
        link: kept.and_then(|p| p.link),
    };
    if json {
        print_json(&state);
        return Ok(());
    }
    match (size, &state.link) {
        (Some((w, h, bytes)), _) => println!(
            "{} has a photo: {w} × {h} pixels, {} KB",
            state.name,
            bytes.div_ceil(1024)
        ),
        (None, Some(link)) => {
            println!("{}'s photo is only a link, not fetched: {link}", state.name)
        }
        (None, None) => println!("{} has no photo", state.name),
    }
    Ok(())
}

/// The file's bytes, refusing one too large to be a photo before reading
/// it all.
fn read_image(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let unreadable =
        |e: std::io::Error| Failure::Other(format!("could not read {}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_SOURCE_BYTES as u64 {
        return Err(kith_core::domain::InputError::BadPhoto(format!(
            "{} is {} MB; the most taken is 20 MiB",
            path.display(),
            size / (1024 * 1024)
        ))
        .into());
    }
    std::fs::read(path).map_err(unreadable)
}

/// A kept JPEG's size, from its header.
fn image_size(jpeg: &[u8]) -> Option<(u32, u32)> {
    kith_core::photo::dimensions(jpeg)
}
