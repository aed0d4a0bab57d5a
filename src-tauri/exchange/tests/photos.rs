//! Contact photos in vCards as each program writes them: Apple's 3.0
//! base64, Android's 2.1, Thunderbird's and Nextcloud's 4.0 `data:` URIs,
//! Google's web address (kept as a link, never fetched); a photo that
//! cannot be read leaves the person imported and says why; both export
//! versions carry the photo back in.

use kith_testing::write;
use std::io::Cursor;
use std::net::TcpListener;
use std::path::Path;

use base64::Engine;
use chrono::{TimeZone, Utc};
use image::{DynamicImage, ImageFormat, RgbImage};
use kith_core::Store;
use kith_exchange::export::{export, ExportFormat, VcardVersion};
use kith_exchange::{import, ImportOptions};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
}

fn image(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let pixels = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(pixels)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Folds `line` as vCard writers do: `width` characters, then CRLF and
/// `lead` before each continuation.
fn folded(line: &str, width: usize, lead: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    chars
        .chunks(width)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(&format!("\r\n{lead}"))
}

#[test]
fn photos_from_apple_android_thunderbird_nextcloud_and_google_cards() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db")).unwrap();
    // Google's export names a web address; here one on this computer, to
    // see that nothing connects to it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!(
        "http://127.0.0.1:{}/contacts/AKjA1-photo.jpg",
        listener.local_addr().unwrap().port()
    );
    let jpeg = image(1024, 768, ImageFormat::Jpeg);
    let png = image(300, 600, ImageFormat::Png);
    let apple = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nN:Okafor;Amara;;;\r\nFN:Amara Okafor\r\n{}\r\nEND:VCARD\r\n",
        folded(&format!("PHOTO;ENCODING=b;TYPE=JPEG:{}", b64(&jpeg)), 75, " ")
    );
    let android = format!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Berg;Ines;;;\r\nFN:Ines Berg\r\nTEL;CELL:+49 151 23456789\r\n{}\r\n\r\nEND:VCARD\r\n",
        folded(&format!("PHOTO;ENCODING=BASE64;JPEG:{}", b64(&jpeg)), 76, "  ")
    );
    let thunderbird = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lee Chan\r\nN:Chan;Lee;;;\r\nPHOTO;VALUE=URL:data:image/png;base64,{}\r\nUID:5b7c-thunderbird\r\nEND:VCARD\r\n",
        b64(&png)
    );
    let nextcloud = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//Sabre//Sabre VObject 4.5.4//EN\r\nUID:nc-1\r\nFN:Mina Park\r\n{}\r\nEND:VCARD\r\n",
        folded(
            &format!(
                "PHOTO:data:image/webp;base64,{}",
                b64(&image(200, 200, ImageFormat::WebP))
            ),
            75,
            " "
        )
    );
    let google = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEMAIL;TYPE=INTERNET:grace@example.org\r\nPHOTO:{url}\r\nEND:VCARD\r\n"
    );
    let broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQg=\r\nEND:VCARD\r\n";
    let file = write(
        dir.path(),
        "contacts.vcf",
        [
            apple,
            android,
            thunderbird,
            nextcloud,
            google,
            broken.to_owned(),
        ]
        .concat(),
    );
    let summary = import(&store, &file, &ImportOptions::default(), now()).unwrap();
    let report = summary.report;
    assert_eq!(report.new, 6, "{report:?}");
    assert_eq!(report.photos_added, 5);
    // The broken photo: its card's person is in, the photo said why not.
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(
        report.skipped[0]
            .reason
            .starts_with("the card's photo was left out"),
        "{}",
        report.skipped[0].reason
    );
    let photo = |name: &str| {
        let id = store.resolve_person(name).unwrap();
        store.photo(id).unwrap()
    };
    let size = |name: &str| {
        let kept = photo(name).unwrap().image.unwrap();
        let decoded = image::load_from_memory(&kept).unwrap();
        (decoded.width(), decoded.height())
    };
    assert_eq!(size("Amara Okafor"), (512, 384));
    assert_eq!(size("Ines Berg"), (512, 384));
    assert_eq!(size("Lee Chan"), (256, 512));
    assert_eq!(size("Mina Park"), (200, 200));
    let grace = photo("Grace Hopper").unwrap();
    assert_eq!(
        (grace.image, grace.link.as_deref()),
        (None, Some(url.as_str()))
    );
    assert!(photo("Ada Lovelace").is_none());
    // Nothing asked the web address for the image.
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "a connection was made to the photo's address"
    );

    // Importing again changes nothing, and a photo set since is kept.
    let again = import(&store, &file, &ImportOptions::default(), now()).unwrap();
    assert_eq!((again.report.new, again.report.photos_added), (0, 0));

    // Everything (JSON) out and into a new database: the photos with it.
    let mut out = Vec::new();
    export(
        &store,
        ExportFormat::Json,
        None,
        &mut out,
        now(),
        chrono_tz::Tz::UTC,
    )
    .unwrap();
    let json = write(dir.path(), "kith.json", String::from_utf8(out).unwrap());
    let restored = Store::open(&dir.path().join("restored.db")).unwrap();
    import(&restored, &json, &ImportOptions::default(), now()).unwrap();
    let amara = restored.resolve_person("Amara Okafor").unwrap();
    assert_eq!(
        restored.photo(amara).unwrap().unwrap().image,
        photo("Amara Okafor").unwrap().image
    );

    // Out and in again, in both vCard versions.
    for version in [VcardVersion::V3, VcardVersion::V4] {
        let mut out = Vec::new();
        export(
            &store,
            ExportFormat::Vcard(version),
            None,
            &mut out,
            now(),
            chrono_tz::Tz::UTC,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let other = Store::open(&dir.path().join(format!("{version:?}.db"))).unwrap();
        let file = write(dir.path(), &format!("{version:?}.vcf"), &text);
        let back = import(&other, &file, &ImportOptions::default(), now()).unwrap();
        assert_eq!(back.report.photos_added, 5, "{version:?}");
        assert!(back.report.skipped.is_empty(), "{:?}", back.report.skipped);
        let amara = other.resolve_person("Amara Okafor").unwrap();
        let kept = other.photo(amara).unwrap().unwrap().image.unwrap();
        assert_eq!(
            image::load_from_memory(&kept).unwrap().width(),
            512,
            "{version:?}"
        );
        let grace = other.resolve_person("Grace Hopper").unwrap();
        assert_eq!(
            other.photo(grace).unwrap().unwrap().link.as_deref(),
            Some(url.as_str())
        );
    }
}

#[test]
fn a_photo_too_large_for_a_card_is_left_out_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db")).unwrap();
    let bomb = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/bomb.png"),
    )
    .unwrap();
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\n{}\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n",
        folded(&format!("PHOTO:data:image/png;base64,{}", b64(&bomb)), 75, " ")
    );
    let file = write(dir.path(), "bomb.vcf", &card);
    let started = std::time::Instant::now();
    let report = import(&store, &file, &ImportOptions::default(), now())
        .unwrap()
        .report;
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(report.new, 2);
    assert_eq!(report.photos_added, 0);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].reason.contains("30000 × 30000 pixels"),
        "{}",
        report.skipped[0].reason
    );
}

#[test]
fn a_google_csvs_photo_address_is_kept_as_a_link_and_not_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db")).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!(
        "http://127.0.0.1:{}/contacts/ALV-Uj.jpg",
        listener.local_addr().unwrap().port()
    );
    let header = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/google-current.csv"),
    )
    .unwrap()
    .lines()
    .next()
    .unwrap()
    .to_owned();
    let columns: Vec<&str> = header.split(',').collect();
    let row: Vec<String> = columns
        .iter()
        .map(|c| match *c {
            "First Name" => "Zoë".to_owned(),
            "Last Name" => "Ødegård".to_owned(),
            "Photo" => url.clone(),
            "E-mail 1 - Value" => "zoe@example.no".to_owned(),
            _ => String::new(),
        })
        .collect();
    let file = write(
        dir.path(),
        "contacts.csv",
        format!("{header}\r\n{}\r\n", row.join(",")),
    );
    let report = import(&store, &file, &ImportOptions::default(), now())
        .unwrap()
        .report;
    assert_eq!((report.new, report.photos_added), (1, 1), "{report:?}");
    let zoe = store.resolve_person("Zoë Ødegård").unwrap();
    let photo = store.photo(zoe).unwrap().unwrap();
    assert_eq!(
        (photo.image, photo.link.as_deref()),
        (None, Some(url.as_str()))
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "a connection was made to the photo's address"
    );
}

/// Counts what is written, and the largest single write.
#[derive(Default)]
struct Counted {
    total: usize,
    largest: usize,
}

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.total += bytes.len();
        self.largest = self.largest.max(bytes.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_vcard_export_of_faces_is_written_card_by_card() {
    let store = Store::open_in_memory().unwrap();
    for i in 0..40u8 {
        let id = store
            .create_person(
                &kith_core::domain::PersonDraft::named(&format!("Person {i}")).unwrap(),
                now(),
            )
            .unwrap();
        let pixels = RgbImage::from_fn(300, 300, |x, y| image::Rgb([x as u8 ^ i, y as u8, i * 5]));
        let mut png = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(pixels)
            .write_to(&mut png, ImageFormat::Png)
            .unwrap();
        let photo = kith_core::photo::Photo::from_bytes(&png.into_inner()).unwrap();
        store
            .set_photo(id, &kith_core::photo::PhotoSource::Image(photo), now())
            .unwrap();
    }
    let mut out = Counted::default();
    export(
        &store,
        ExportFormat::Vcard(VcardVersion::V3),
        None,
        &mut out,
        now(),
        chrono_tz::UTC,
    )
    .unwrap();
    // Every card carries its photo, and no write holds more than a few
    // cards: the address book is never held whole.
    assert!(out.total > 40 * 5_000, "{}", out.total);
    assert!(
        out.largest < out.total / 10,
        "{} of {}",
        out.largest,
        out.total
    );
}
