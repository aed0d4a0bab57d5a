//! Contact photos. Whatever a card or a file holds is decoded within
//! bounds (bytes, pixels and memory, so a decompression bomb is an error,
//! not an allocation) and kept only as Kith writes it again: a JPEG of at
//! most [`MAX_SIDE`] pixels on its longer side, turned upright, and a
//! thumbnail of [`THUMB_SIDE`] for lists. A hostile or huge image is never
//! kept as given.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::InputError;

/// The longer side of a kept photo, in pixels.
pub const MAX_SIDE: u32 = 512;
/// The longer side of a thumbnail.
pub const THUMB_SIDE: u32 = 96;
/// The largest file taken, in bytes.
pub const MAX_SOURCE_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels an image may have on either side (a 48-megapixel
/// phone photo is 8,000 × 6,000).
pub const MAX_SOURCE_SIDE: u32 = 12_000;
/// The most pixels an image may have in all.
pub const MAX_SOURCE_PIXELS: u64 = 64_000_000;
/// The most memory decoding may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// JPEG quality of what is kept.
const QUALITY: u8 = 85;

/// The longest photo link kept.
pub const MAX_LINK_CHARS: usize = 2_000;

/// What a card or a file gives as a person's photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoSource {
    /// An image, decoded and written again.
    Image(Photo),
    /// A web address, kept as a link and never fetched by itself.
    Link(String),
}

impl PhotoSource {
    /// A photo link: an `http` or `https` address.
    pub fn link(text: &str) -> std::result::Result<PhotoSource, InputError> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
            && text.len() <= MAX_LINK_CHARS
            && !text.chars().any(|c| c.is_control() || c.is_whitespace());
        if ok {
            Ok(PhotoSource::Link(text.to_owned()))
        } else {
            Err(InputError::BadPhotoLink(text.chars().take(80).collect()))
        }
    }
}

/// A photo as Kith keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct Photo {
    /// JPEG, at most [`MAX_SIDE`] on its longer side.
    pub jpeg: Vec<u8>,
    /// JPEG, at most [`THUMB_SIDE`] on its longer side.
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Photo({}×{}, {} bytes)",
            self.width,
            self.height,
            self.jpeg.len()
        )
    }
}

/// Why an image was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo is {bytes} bytes; the most taken is 20 MiB")]
    TooLarge { bytes: usize },
    #[error("the photo is {width} × {height} pixels; the most taken is 12,000 on a side and 64 megapixels")]
    TooManyPixels { width: u32, height: u32 },
    #[error("not a JPEG, PNG, GIF or WebP image")]
    NotAnImage,
    #[error("the image could not be read: {0}")]
    Unreadable(String),
}

impl From<PhotoError> for InputError {
    fn from(error: PhotoError) -> Self {
        InputError::BadPhoto(error.to_string())
    }
}

/// An image's reader with decoding bounded in memory, if it is a JPEG,
/// PNG, GIF or WebP.
fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP) => {}
        _ => return Err(PhotoError::NotAnImage),
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    Ok(reader)
}

/// Whether Kith would take an image, read from its size and header only
/// (nothing is decoded): its width and height when it would.
pub fn check(bytes: &[u8]) -> Result<(u32, u32), PhotoError> {
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() });
    }
    let (width, height) = reader(bytes)?
        .into_dimensions()
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    if width > MAX_SOURCE_SIDE
        || height > MAX_SOURCE_SIDE
        || u64::from(width) * u64::from(height) > MAX_SOURCE_PIXELS
    {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    Ok((width, height))
}

/// How sync tells photos apart: `sha256:` and the first half of the
/// image's hash, in hex.
pub fn photo_key(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(bytes);
    let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// How sync tells a photo link apart: `link:` and the address.
pub fn link_key(url: &str) -> String {
    format!("link:{url}")
}

impl PhotoSource {
    /// The key of what Kith keeps: its own JPEG's, or the link's.
    pub fn key(&self) -> String {
        match self {
            PhotoSource::Image(photo) => photo_key(&photo.jpeg),
            PhotoSource::Link(url) => link_key(url),
        }
    }
}

impl Photo {
    /// Reads an image (JPEG, PNG, GIF or WebP) and makes the photo Kith
    /// keeps of it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Photo, PhotoError> {
        // The size first, from the header: nothing is decoded beyond it.
        let (width, height) = check(bytes)?;
        let mut decoder = reader(bytes)
            .map(|mut reader| {
                let mut limits = Limits::default();
                limits.max_image_width = Some(MAX_SOURCE_SIDE);
                limits.max_image_height = Some(MAX_SOURCE_SIDE);
                limits.max_alloc = Some(MAX_DECODE_BYTES);
                reader.limits(limits);
                reader
            })?
            .into_decoder()
            .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
        let orientation = decoder
            .orientation()
            .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
        let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
            image::ImageError::Limits(_) => PhotoError::TooManyPixels { width, height },
            other => PhotoError::Unreadable(other.to_string()),
        })?;
        image.apply_orientation(orientation);
        let kept = fit(&image, MAX_SIDE);
        let thumb = fit(&kept, THUMB_SIDE);
        Ok(Photo {
            width: kept.width(),
            height: kept.height(),
            jpeg: jpeg(&kept)?,
            thumb: jpeg(&thumb)?,
        })
    }
}

/// The size of an image Kith kept, read from its header.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// The image scaled down to fit `side` (never up).
fn fit(image: &DynamicImage, side: u32) -> DynamicImage {
    if image.width() <= side && image.height() <= side {
        return image.clone();
    }
    image.resize(side, side, image::imageops::FilterType::Lanczos3)
}

fn jpeg(image: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let rgb = image.to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An image of `w` × `h` in `format`, a gradient so it is not blank.
    pub(crate) fn image_bytes(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let image = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(image)
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn each_format_is_kept_as_a_jpeg_of_at_most_512_and_a_thumbnail() {
        for format in [
            ImageFormat::Png,
            ImageFormat::Jpeg,
            ImageFormat::Gif,
            ImageFormat::WebP,
        ] {
            let photo = Photo::from_bytes(&image_bytes(1200, 800, format)).unwrap();
            assert_eq!((photo.width, photo.height), (512, 341), "{format:?}");
            assert!(photo.jpeg.starts_with(&[0xFF, 0xD8]), "{format:?}");
            let thumb = image::load_from_memory(&photo.thumb).unwrap();
            assert_eq!((thumb.width(), thumb.height()), (96, 64));
        }
        // A small one is not scaled up.
        let small = Photo::from_bytes(&image_bytes(40, 60, ImageFormat::Png)).unwrap();
        assert_eq!((small.width, small.height), (40, 60));
    }

    #[test]
    fn what_is_not_an_image_or_too_large_is_refused() {
        assert_eq!(
            Photo::from_bytes(b"BEGIN:VCARD"),
            Err(PhotoError::NotAnImage)
        );
        assert!(matches!(
            Photo::from_bytes(&vec![0u8; MAX_SOURCE_BYTES + 1]),
            Err(PhotoError::TooLarge { .. })
        ));
        let png = image_bytes(20, 20, ImageFormat::Png);
        assert!(matches!(
            Photo::from_bytes(&png[..png.len() / 2]),
            Err(PhotoError::Unreadable(_))
        ));
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        // 30,000 × 30,000 pixels (900 megapixels) in under a megabyte.
        let bomb = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bomb.png"),
        )
        .unwrap();
        assert!(bomb.len() < 1_100_000, "{}", bomb.len());
        let started = std::time::Instant::now();
        assert_eq!(
            Photo::from_bytes(&bomb),
            Err(PhotoError::TooManyPixels {
                width: 30_000,
                height: 30_000
            })
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
