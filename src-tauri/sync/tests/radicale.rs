//! Two Kith databases and other clients syncing people through a real
//! Radicale (see `common`).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::*;
use kith_core::domain::{IdentityKind, PersonDraft};
use kith_core::store::Side;
use kith_core::{Store, SystemClock};
use kith_sync::{Report, SyncError};
#[tokio::test]
async fn people_created_edited_and_deleted_on_one_kith_reach_the_other() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    a.add_ada();
    a.add("Grace Hopper", Some("US Navy"), None);
    a.add("Alan Turing", None, Some("alan@example.org"));
    assert_eq!(a.sync().await.pushed, 3);
    assert_eq!(vcf_count(&server), 3);

    b.join(&server).await;
    let pulled = b.sync().await;
    assert_eq!((pulled.pulled, pulled.pushed), (3, 0), "{pulled:?}");
    assert_eq!(a.people(), b.people());

    // Edited on B, deleted on B, created on B.
    b.edit("Grace Hopper", Utc::now(), |d| {
        d.with_role(Some("Rear Admiral")).unwrap()
    });
    // A year-less anniversary rides on the card too (vCard 4.0's --MMDD).
    b.store
        .set_yearly_date(
            b.id("Grace Hopper"),
            kith_core::store::YearlyDate::Anniversary,
            kith_core::import::Birthday::new(None, 9, 9),
            Utc::now(),
        )
        .unwrap();
    b.store
        .trash_person(b.id("Alan Turing"), Utc::now())
        .unwrap();
    b.add("Katherine Johnson", Some("NASA"), None);
    let sent = b.sync().await;
    assert_eq!((sent.pushed, sent.deleted), (2, 1), "{sent:?}");

    let got = a.sync().await;
    assert_eq!((got.pulled, got.deleted), (2, 1), "{got:?}");
    assert_eq!(a.people(), b.people());
    assert!(a.store.resolve_person("Alan Turing").is_err());
    let grace = a.store.person(a.id("Grace Hopper")).unwrap();
    assert_eq!(
        grace.anniversary.map(|b| b.to_text()).as_deref(),
        Some("--09-09")
    );
    // The deletion went to the trash here, so it can be undone.
    assert!(a
        .store
        .trash()
        .unwrap()
        .iter()
        .any(|t| t.display_name == "Alan Turing"));
    assert_eq!(vcf_count(&server), 3);

    // Nothing left to do on either side.
    assert_eq!(a.sync().await, Report::default());
    assert_eq!(b.sync().await, Report::default());

    // The password went through setting up and syncing, and is in no file
    // of Kith's.
    a.store.checkpoint().unwrap();
    for entry in std::fs::read_dir(a.path().parent().unwrap()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes()),
            "the password was written to a file"
        );
    }
}

#[tokio::test]
async fn edits_of_different_fields_on_both_sides_both_survive() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    a.add_ada();
    a.sync().await;
    b.join(&server).await;
    b.sync().await;

    a.edit("Ada Lovelace", Utc::now(), |d| {
        d.with_role(Some("Countess")).unwrap()
    });
    b.edit("Ada Lovelace", Utc::now(), |d| {
        d.with_company(Some("Babbage & Co")).unwrap().with_identity(
            kith_core::domain::Identity::new(IdentityKind::Email, "countess@example.org").unwrap(),
        )
    });
    a.sync().await;
    let b_report = b.sync().await;
    assert_eq!(b_report.conflicts, 0);
    a.sync().await;
    let want = vec![(
        "Ada Lovelace".to_owned(),
        Some("Babbage & Co".to_owned()),
        Some("Countess".to_owned()),
        vec![
            "ada@example.org".to_owned(),
            "countess@example.org".to_owned(),
        ],
    )];
    assert_eq!(a.people(), want);
    assert_eq!(b.people(), want);
    assert!(a.store.sync_conflicts().unwrap().is_empty());
}

#[tokio::test]
async fn the_same_field_changed_on_both_sides_keeps_the_newer_and_lists_the_other() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    a.add("Ada Lovelace", Some("Analytical Engines"), None);
    a.sync_at(at(1)).await;
    b.join(&server).await;
    b.sync_at(at(2)).await;

    // B's edit is the newer one, but A syncs last.
    a.edit("Ada Lovelace", at(10), |d| {
        d.with_company(Some("Older Ltd")).unwrap()
    });
    b.edit("Ada Lovelace", at(20), |d| {
        d.with_company(Some("Newer plc")).unwrap()
    });
    b.sync_at(at(21)).await;
    let report = a.sync_at(at(30)).await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    assert_eq!(a.people()[0].1.as_deref(), Some("Newer plc"));
    let conflicts = a.store.sync_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!(
        (c.field.as_str(), c.kept.as_str(), c.other.as_str()),
        ("company", "Newer plc", "Older Ltd")
    );
    assert_eq!(c.kept_from, Side::Server);
    assert_eq!(c.label, "Ada Lovelace");

    // Flipped: the value set aside comes back here and goes to the server.
    kith_sync::flip_conflict(&a.store, c.id, at(31)).unwrap();
    assert!(a.store.sync_conflicts().unwrap().is_empty());
    assert_eq!(a.people()[0].1.as_deref(), Some("Older Ltd"));
    a.sync_at(at(32)).await;
    b.sync_at(at(33)).await;
    assert_eq!(b.people()[0].1.as_deref(), Some("Older Ltd"));
}

#[tokio::test]
async fn a_person_deleted_on_one_side_and_edited_on_the_other_is_kept() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    let ada = a.add("Ada Lovelace", None, None);
    a.add("Grace Hopper", None, None);
    a.add("Alan Turing", None, None);
    a.store
        .add_note(ada, "Loves the Analytical Engine", Utc::now())
        .unwrap();
    a.sync().await;
    b.join(&server).await;
    b.sync().await;

    // Deleted here (A), edited there (B, synced first): Ada comes back to
    // A from the trash, with her note, and B's edit.
    a.store.trash_person(ada, Utc::now()).unwrap();
    b.edit("Ada Lovelace", Utc::now(), |d| {
        d.with_role(Some("Countess")).unwrap()
    });
    b.sync().await;
    a.sync().await;
    let back = a.store.person(a.id("Ada Lovelace")).unwrap();
    assert_eq!(back.role.as_deref(), Some("Countess"));
    assert_eq!(back.notes.len(), 1, "her note came back from the trash");
    assert_eq!(vcf_count(&server), 3);

    // Deleted there (B, synced first), edited here (A): Grace stays, and
    // goes back to the server.
    b.store
        .trash_person(b.id("Grace Hopper"), Utc::now())
        .unwrap();
    b.sync().await;
    assert_eq!(vcf_count(&server), 2);
    a.edit("Grace Hopper", Utc::now(), |d| {
        d.with_role(Some("Rear Admiral")).unwrap()
    });
    a.sync().await;
    assert!(a.store.resolve_person("Grace Hopper").is_ok());
    assert_eq!(vcf_count(&server), 3);
    b.sync().await;
    assert_eq!(a.people(), b.people());
}

#[tokio::test]
async fn an_expired_sync_token_falls_back_to_a_full_listing_losing_and_duplicating_nothing() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    for i in 0..5 {
        a.add(
            &format!("Person {i}"),
            None,
            Some(&format!("p{i}@example.org")),
        );
    }
    a.sync().await;
    b.join(&server).await;
    b.sync().await;

    // Radicale forgets its tokens; B deletes one and edits one meanwhile.
    std::fs::remove_dir_all(server.book_dir().join(".Radicale.cache/sync-token")).unwrap();
    b.store.trash_person(b.id("Person 0"), Utc::now()).unwrap();
    b.edit("Person 1", Utc::now(), |d| {
        d.with_role(Some("Editor")).unwrap()
    });
    b.sync().await;
    // A's token is refused: it lists everything, and reads the missing
    // card as deleted only because the listing is the whole collection.
    let report = a.sync().await;
    assert_eq!(
        (report.pulled, report.deleted, report.pushed),
        (1, 1, 0),
        "{report:?}"
    );
    assert_eq!(a.people(), b.people());
    assert_eq!(a.people().len(), 4);
    assert_eq!(vcf_count(&server), 4);

    // A token the server never gave behaves the same.
    let (href, _) = a.store.sync_collection("people").unwrap().unwrap();
    a.store
        .set_sync_collection("people", &href, Some("http://radicale.org/ns/sync/bogus"))
        .unwrap();
    assert_eq!(a.sync().await, Report::default());
    assert_eq!(a.people().len(), 4);
}

#[tokio::test]
async fn a_sync_that_would_delete_most_people_refuses_until_told() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    for i in 0..4 {
        a.add(&format!("Person {i}"), None, None);
    }
    a.sync().await;
    b.join(&server).await;
    b.sync().await;
    for i in 0..3 {
        b.store
            .trash_person(b.id(&format!("Person {i}")), Utc::now())
            .unwrap();
    }
    let refused = b.try_sync(false).await;
    assert_three_of_four_refused(&refused);
    assert_eq!(vcf_count(&server), 4, "nothing was deleted");
    let status = kith_sync::status(&b.store).unwrap().unwrap();
    assert!(status
        .account
        .error
        .unwrap()
        .contains("would delete 3 of 4"));

    let done = b.try_sync(true).await.unwrap();
    assert_eq!(done.deleted, 3);
    assert_eq!(vcf_count(&server), 1);
    // The other side's refusal is about its own people.
    let refused = a.try_sync(false).await;
    assert_three_of_four_refused(&refused);
    assert_eq!(a.people().len(), 4);
}

/// A card as iOS writes it: vCard 3.0, `itemN.` groups with Apple's
/// labels, a photo, an address, a year-less birthday, an anniversary, a
/// note.
const IOS_CARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nN:Johnson;Katherine;;;\r\nFN:Katherine Johnson\r\nORG:NASA;Flight Research\r\nitem1.EMAIL;type=INTERNET;type=pref:katherine@example.org\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nTEL;type=CELL;type=VOICE;type=pref:+1 757 555 0199\r\nitem2.ADR;type=HOME;type=pref:;;1 Langley Blvd;Hampton;VA;23681;USA\r\nitem2.X-ABADR:us\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-08-26\r\nitem3.X-ABDATE;type=pref:1939-11-25\r\nitem3.X-ABLabel:_$!<Anniversary>!$_\r\nNOTE:Computed trajectories\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsK\r\nX-SOCIALPROFILE;type=twitter:https://twitter.com/katherine\r\nUID:8C1B4E5A-1F3D-4C2B-9A6E-2D7F0B3C4E5F\r\nREV:2026-11-01T09:00:00Z\r\nEND:VCARD\r\n";

/// A card as DAVx5 writes it for Android: vCard 4.0 with its own X-
/// properties.
const ANDROID_CARD: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:ez-vcard 0.12.1\r\nUID:a1f7d3e2-5b4c-4e8a-9f0d-1c2b3a4d5e6f\r\nFN:Dorothy Vaughan\r\nN:Vaughan;Dorothy;;;\r\nEMAIL;TYPE=work:dorothy@example.org\r\nTEL;TYPE=cell:+1 757 555 0142\r\nX-PHONETIC-FIRST-NAME:Dorothy\r\nX-ABLabel:Colleague\r\nCATEGORIES:NASA,West Computers\r\nX-ADDRESSBOOKSERVER-KIND:individual\r\nREV:20261101T090000Z\r\nEND:VCARD\r\n";

#[tokio::test]
async fn cards_written_by_phones_are_picked_up_and_their_own_properties_survive_kiths_writes() {
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    a.sync().await;
    let book = a.store.sync_collection("people").unwrap().unwrap().0;
    for (name, card) in [("ios.vcf", IOS_CARD), ("android.vcf", ANDROID_CARD)] {
        let (status, _) = server.request(
            "PUT",
            &format!("{book}{name}"),
            &[
                ("Content-Type", "text/vcard; charset=utf-8"),
                ("If-None-Match", "*"),
            ],
            card,
        );
        assert_eq!(status, 201, "{name}");
    }
    let report = a.sync().await;
    assert_eq!(report.pulled, 2, "{report:?}");
    let katherine = a.store.person(a.id("Katherine Johnson")).unwrap();
    assert_eq!(katherine.company.as_deref(), Some("NASA"));
    assert_eq!(
        katherine.birthday.map(|b| b.to_text()).as_deref(),
        Some("--08-26")
    );
    assert_eq!(
        katherine.anniversary.map(|b| b.to_text()).as_deref(),
        Some("1939-11-25")
    );
    let kinds: Vec<IdentityKind> = katherine.identities.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [IdentityKind::Email, IdentityKind::Phone, IdentityKind::X]
    );
    let dorothy = a.store.person(a.id("Dorothy Vaughan")).unwrap();
    assert_eq!(dorothy.tags, ["NASA", "West Computers"]);

    // Kith edits both; everything the phones wrote is still there after.
    a.edit("Katherine Johnson", Utc::now(), |d| {
        d.with_role(Some("Mathematician")).unwrap()
    });
    a.edit("Dorothy Vaughan", Utc::now(), |d| {
        d.with_tags(&["NASA", "FORTRAN"]).unwrap()
    });
    assert_eq!(a.sync().await.pushed, 2);
    let (status, ios) = server.request("GET", &format!("{book}ios.vcf"), &[], "");
    assert_eq!(status, 200);
    // Radicale re-serialises cards (order, case, parameter style), so what
    // survives is compared by meaning: group, name, TYPEs and value.
    for (group, name, types, value) in [
        (None, "VERSION", &[][..], "3.0"),
        (None, "PRODID", &[], "-//Apple Inc.//iPhone OS 18.1//EN"),
        (
            Some("item1"),
            "EMAIL",
            &["internet", "pref"][..],
            "katherine@example.org",
        ),
        (Some("item1"), "X-ABLABEL", &[], "_$!<Other>!$_"),
        (
            Some("item2"),
            "ADR",
            &["home", "pref"],
            ";;1 Langley Blvd;Hampton;VA;23681;USA",
        ),
        (Some("item2"), "X-ABADR", &[], "us"),
        (None, "BDAY", &[], "1604-08-26"),
        (Some("item3"), "X-ABDATE", &["pref"], "1939-11-25"),
        (Some("item3"), "X-ABLABEL", &[], "_$!<Anniversary>!$_"),
        (None, "NOTE", &[], "Computed trajectories"),
        (
            None,
            "PHOTO",
            &["jpeg"],
            "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsK",
        ),
        (
            None,
            "X-SOCIALPROFILE",
            &["twitter"],
            "https://twitter.com/katherine",
        ),
        (None, "ORG", &[], "NASA;Flight Research"),
        (None, "UID", &[], "8C1B4E5A-1F3D-4C2B-9A6E-2D7F0B3C4E5F"),
        (None, "TITLE", &[], "Mathematician"),
    ] {
        assert!(
            has(&ios, group, name, types, value),
            "{name} {value} was lost:\n{ios}"
        );
    }
    assert!(ios.contains("X-APPLE-OMIT-YEAR=1604"), "{ios}");
    let (_, android) = server.request("GET", &format!("{book}android.vcf"), &[], "");
    for (name, types, value) in [
        ("X-PHONETIC-FIRST-NAME", &[][..], "Dorothy"),
        ("X-ADDRESSBOOKSERVER-KIND", &[], "individual"),
        ("EMAIL", &["work"], "dorothy@example.org"),
        ("TEL", &["cell"], "+1 757 555 0142"),
        ("CATEGORIES", &[], "FORTRAN,NASA"),
    ] {
        assert!(
            has(&android, None, name, types, value),
            "{name} {value} was lost:\n{android}"
        );
    }

    // The phone edits its card again: Kith picks that up too.
    let edited = IOS_CARD.replace(
        "ORG:NASA;Flight Research",
        "ORG:NASA Langley;Flight Research",
    );
    let (status, _) = server.request(
        "PUT",
        &format!("{book}ios.vcf"),
        &[("Content-Type", "text/vcard")],
        &edited,
    );
    assert!(status == 201 || status == 204, "{status}");
    a.sync().await;
    let katherine = a.store.person(a.id("Katherine Johnson")).unwrap();
    assert_eq!(katherine.company.as_deref(), Some("NASA Langley"));
    // The phone's PUT dropped Kith's TITLE: that was the phone's edit.
    assert_eq!(katherine.role, None);
    let _ = a.path();
}

/// A PNG of `width` × `height`, as a phone's contact photo.
fn png(width: u32, height: u32, blue: u8) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, blue])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// The image a card's `PHOTO` holds (3.0's base64 or 4.0's data URI), and
/// its width.
fn card_photo(card: &str) -> Option<(Vec<u8>, u32)> {
    let unfolded = card.replace("\r\n ", "").replace("\n ", "");
    let line = unfolded
        .lines()
        .find(|l| l.to_uppercase().starts_with("PHOTO"))?;
    let value = line.split_once(':')?.1;
    let data = value.rsplit_once(',').map_or(value, |(_, d)| d).trim();
    let bytes = decode_base64(data);
    let width = image::load_from_memory(&bytes).ok()?.width();
    Some((bytes, width))
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, c)| n | (u32::from(value(*c)) << (18 - 6 * i)));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

#[tokio::test]
async fn photos_cross_both_ways_and_a_phones_photo_is_never_written_over() {
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    a.sync().await;
    let book = a.store.sync_collection("people").unwrap().unwrap().0;
    // A phone's card with an 800 × 600 photo.
    let phone_photo = png(800, 600, 200);
    let card = |photo: Option<&[u8]>, org: &str| {
        let photo = photo
            .map(|p| format!("PHOTO;ENCODING=b;TYPE=PNG:{}\r\n", base64_of(p)))
            .unwrap_or_default();
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nN:Hamilton;Margaret;;;\r\nFN:Margaret Hamilton\r\nORG:{org}\r\n{photo}UID:5D2C9A7E-3B1F-4E6A-8C0D-7F9E1A2B3C4D\r\nEND:VCARD\r\n"
        )
    };
    let put = |text: String| {
        let (status, _) = server.request(
            "PUT",
            &format!("{book}margaret.vcf"),
            &[("Content-Type", "text/vcard; charset=utf-8")],
            &text,
        );
        assert!(status == 201 || status == 204, "{status}");
    };
    put(card(Some(&phone_photo), "MIT"));
    assert_eq!(a.sync().await.pulled, 1);
    let margaret = a.id("Margaret Hamilton");
    let kept = a.store.photo(margaret).unwrap().expect("the phone's photo");
    let kept_width = image::load_from_memory(kept.image.as_ref().unwrap())
        .unwrap()
        .width();
    assert_eq!(kept_width, 512, "kept scaled to 512 px");
    // Nothing goes back: the server's photo is the one kept here.
    let again = a.sync().await;
    assert_eq!((again.pushed, again.pulled), (0, 0), "{again:?}");

    // Kith edits her card: the phone's full-size photo stays as it was.
    a.edit("Margaret Hamilton", Utc::now(), |d| {
        d.with_role(Some("Director of Software Engineering"))
            .unwrap()
    });
    assert_eq!(a.sync().await.pushed, 1);
    let get = || {
        let (status, text) = server.request("GET", &format!("{book}margaret.vcf"), &[], "");
        assert_eq!(status, 200);
        text
    };
    let on_server = get();
    let (bytes, width) = card_photo(&on_server).expect("a photo on the server");
    assert_eq!((bytes.as_slice(), width), (phone_photo.as_slice(), 800));

    // A photo set here goes to the server, and to another Kith from there.
    let mine = png(300, 300, 30);
    a.store
        .set_photo(
            margaret,
            &kith_core::photo::PhotoSource::Image(
                kith_core::photo::Photo::from_bytes(&mine).unwrap(),
            ),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(a.sync().await.pushed, 1);
    let ours = a.store.photo(margaret).unwrap().unwrap().image.unwrap();
    let (bytes, width) = card_photo(&get()).unwrap();
    assert_eq!((bytes, width), (ours.clone(), 300));
    let b = Kith::new();
    b.join(&server).await;
    b.sync().await;
    let theirs = b
        .store
        .photo(b.id("Margaret Hamilton"))
        .unwrap()
        .expect("a photo");
    assert_eq!(
        image::load_from_memory(theirs.image.as_ref().unwrap())
            .unwrap()
            .width(),
        300
    );
    let again = b.sync().await;
    assert_eq!((again.pushed, again.pulled), (0, 0), "{again:?}");

    // The phone takes the photo away: it goes here too.
    put(card(None, "MIT"));
    a.sync().await;
    assert!(a.store.photo(margaret).unwrap().is_none());
}

/// Whether a card has a property with this group, name, value and at least
/// these TYPEs, however it is written.
fn has(card: &str, group: Option<&str>, name: &str, types: &[&str], value: &str) -> bool {
    card.replace("\r\n ", "")
        .replace("\n ", "")
        .lines()
        .any(|line| {
            let Some((head, v)) = line.split_once(':') else {
                return false;
            };
            let mut parts = head.split(';');
            let full = parts.next().unwrap_or("");
            let (g, n) = match full.rsplit_once('.') {
                Some((g, n)) => (Some(g.to_lowercase()), n),
                None => (None, full),
            };
            let found: Vec<String> = parts
                .filter_map(|p| p.split_once('='))
                .filter(|(k, _)| k.eq_ignore_ascii_case("type"))
                .flat_map(|(_, v)| v.split(',').map(|t| t.trim_matches('"').to_lowercase()))
                .collect();
            g.as_deref() == group.map(str::to_lowercase).as_deref()
                && n.eq_ignore_ascii_case(name)
                && v.trim_end_matches('\r') == value
                && types.iter().all(|t| found.iter().any(|f| f == t))
        })
}

#[tokio::test]
async fn a_card_naming_nobody_is_left_alone() {
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    a.add("Ada Lovelace", None, None);
    a.sync().await;
    let book = a.store.sync_collection("people").unwrap().unwrap().0;
    // A card with no name of any kind, which Kith cannot file.
    let (status, _) = server.request(
        "PUT",
        &format!("{book}nameless.vcf"),
        &[("Content-Type", "text/vcard")],
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:nameless\r\nFN:\r\nNOTE:no name at all\r\nEND:VCARD\r\n",
    );
    assert_eq!(status, 201);
    let report = a.sync().await;
    assert_eq!(report.skipped, 1);
    assert_eq!(a.people().len(), 1);
    assert_eq!(
        vcf_count(&server),
        2,
        "Kith deleted nothing it could not read"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unreachable_server_are_clear_errors() {
    let server = Server::radicale();
    let a = Kith::new();
    let wrong = kith_sync::add(
        &a.store,
        &server.url(),
        USER,
        "wrong",
        None,
        None,
        Utc::now(),
    )
    .await;
    assert!(matches!(wrong, Err(SyncError::Unauthorized)), "{wrong:?}");
    assert!(
        a.store.sync_account().unwrap().is_none(),
        "nothing was set up"
    );

    a.join(&server).await;
    a.sync().await;
    let url = server.url();
    drop(server);
    let offline = a.try_sync(false).await;
    let error = offline.unwrap_err();
    assert!(error.is_transient(), "{error:?}");
    assert!(
        error.to_string().contains("could not be reached"),
        "{error}"
    );
    let account = a.store.sync_account().unwrap().unwrap();
    assert_eq!(account.url, url);
    assert!(account.error.is_some() && account.synced_at.is_some());

    let plain = kith_sync::add(
        &a.store,
        "http://example.org/dav/",
        USER,
        PASSWORD,
        None,
        None,
        Utc::now(),
    )
    .await;
    assert!(matches!(plain, Err(SyncError::Refused(_))), "{plain:?}");
}

/// The child process of the kill test: syncs the database it is given.
/// Does nothing unless started by that test.
#[tokio::test]
#[ignore = "a helper process the kill test starts and kills"]
async fn sync_child() {
    let (Ok(db), Ok(url)) = (
        std::env::var("KITH_SYNC_CHILD_DB"),
        std::env::var("KITH_SYNC_CHILD_URL"),
    ) else {
        return;
    };
    let store = Store::open(Path::new(&db)).unwrap();
    assert_eq!(store.sync_account().unwrap().unwrap().url, url);
    kith_sync::sync_now(
        &store,
        Some(PASSWORD),
        false,
        &kith_sync::Control::default(),
        Utc::now(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_sync_killed_midway_resumes_losing_and_duplicating_nothing() {
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    let people = 300;
    let drafts: Vec<_> = (0..people)
        .map(|i| {
            kith_core::domain::PersonBundle::new(
                PersonDraft::named(&format!("Person {i:03}"))
                    .unwrap()
                    .with_identity(
                        kith_core::domain::Identity::new(
                            IdentityKind::Email,
                            &format!("p{i}@example.org"),
                        )
                        .unwrap(),
                    ),
                vec![kith_core::domain::TouchSpec {
                    kind: kith_core::domain::TouchKind::Call,
                    channel: kith_core::domain::Channel::Phone,
                    direction: kith_core::domain::Direction::Mutual,
                    at: Utc::now(),
                    summary: Some(format!("Call {i}")),
                }],
            )
        })
        .collect();
    a.store
        .add_people(&drafts, chrono_tz::UTC, Utc::now())
        .unwrap();
    let entries = |server: &Server| stored(server, "kith-journal").len();
    // Killed three times while the cards go, and once while each person's
    // call goes as a journal entry, each time once the server holds more.
    for (cards, calls) in [(20, 0), (90, 0), (170, 0), (people, 100)] {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "sync_child", "--ignored", "--nocapture"])
            .env("KITH_SYNC_CHILD_DB", a.path())
            .env("KITH_SYNC_CHILD_URL", server.url())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while vcf_count(&server) < cards || entries(&server) < calls {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the sync made no progress"
            );
            assert!(
                child.try_wait().unwrap().is_none(),
                "the sync ended before it was killed"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let sent_before = entries(&server);
    assert!(
        sent_before > 0 && sent_before < people,
        "the kills did not land mid-sync ({sent_before} of {people} calls sent)"
    );
    eprintln!("{sent_before} of {people} calls were sent before the last kill");
    // The rest goes now, each person and each call exactly once.
    a.sync().await;
    assert_eq!(vcf_count(&server), people);
    assert_eq!(entries(&server), people);
    assert_eq!(a.store.sync_items("people").unwrap().len(), people);
    assert_eq!(a.store.sync_items("journal").unwrap().len(), people);
    assert_eq!(a.sync().await, Report::default());
    b.join(&server).await;
    assert_eq!(b.sync().await.pulled, 2 * people);
    assert_eq!(a.people(), b.people());
    let calls = |k: &Kith| {
        let mut all: Vec<String> = k
            .store
            .journal_for_sync()
            .unwrap()
            .into_iter()
            .map(|e| e.entry.texts["summary"].clone())
            .collect();
        all.sort();
        all
    };
    assert_eq!(calls(&a), calls(&b));
}

#[tokio::test]
async fn a_cancelled_sync_stops_and_the_next_one_finishes_the_job() {
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    for i in 0..120 {
        a.add(&format!("Person {i:03}"), None, None);
    }
    // Cancelled from its progress reports, as the window's button does.
    let control = kith_sync::Control::default();
    let button = control.clone();
    let control = control.on_progress(move |p| {
        if p.phase == kith_sync::Phase::Sending && p.done >= 50 {
            button.cancel();
        }
    });
    let result = kith_sync::sync_now(&a.store, Some(PASSWORD), false, &control, Utc::now()).await;
    assert!(matches!(result, Err(SyncError::Cancelled)), "{result:?}");
    let sent = vcf_count(&server);
    assert!((50..120).contains(&sent), "{sent} sent before the cancel");
    let report = a.sync().await;
    assert_eq!(report.pushed, 120 - sent);
    assert_eq!(vcf_count(&server), 120);
}

fn quick() -> kith_sync::service::Timing {
    kith_sync::service::Timing {
        start_delay: Duration::from_millis(200),
        quiet_after_change: Duration::from_millis(300),
        every: Duration::from_secs(3600),
        first_backoff: Duration::from_secs(3600),
        max_backoff: Duration::from_secs(3600),
    }
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "gave up waiting: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_app_syncs_at_start_after_each_change_and_when_poked() {
    use kith_sync::service::{Event, Service};
    let server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    a.add("Ada Lovelace", None, None);
    let store = std::sync::Arc::new(Store::open(a.path()).unwrap());
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = events.clone();
    let service = Service::start(
        store.clone(),
        quick(),
        std::sync::Arc::new(SystemClock),
        move |e| seen.lock().unwrap().push(e),
    );
    kith_sync::service::Service::set_password(&service, Some(PASSWORD.into()));
    // At start.
    until("the first sync", || vcf_count(&server) == 1).await;
    until("the first sync to end", || service.live().last.is_some()).await;
    // A change here is sent once the store is quiet.
    store
        .create_person(&PersonDraft::named("Grace Hopper").unwrap(), Utc::now())
        .unwrap();
    until("the change to be sent", || vcf_count(&server) == 2).await;
    // A change on the server arrives when poked (as on waking up).
    b.join(&server).await;
    b.sync().await;
    b.edit("Ada Lovelace", Utc::now(), |d| {
        d.with_role(Some("Countess")).unwrap()
    });
    b.sync().await;
    let before = events.lock().unwrap().len();
    service.poke();
    until("the server's change to arrive", || {
        store
            .person(store.resolve_person("Ada").unwrap())
            .unwrap()
            .role
            .is_some()
    })
    .await;
    until("the window to be told", || {
        events.lock().unwrap()[before..].contains(&Event::ChangedHere)
    })
    .await;
    assert_eq!(
        service.live().last,
        Some(Ok(Report {
            pulled: 1,
            ..Report::default()
        }))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_gives_one_quiet_status_not_a_storm_of_retries() {
    use kith_sync::service::Service;
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    drop(server);
    let store = std::sync::Arc::new(Store::open(a.path()).unwrap());
    let service = Service::start(
        store.clone(),
        quick(),
        std::sync::Arc::new(SystemClock),
        |_| {},
    );
    service.set_password(Some(PASSWORD.into()));
    until("the first attempt", || service.live().last.is_some()).await;
    let first = store.sync_account().unwrap().unwrap().tried_at;
    // Changes here do not bring retries while the backoff runs.
    for i in 0..3 {
        store
            .create_person(&PersonDraft::named(&format!("P{i}")).unwrap(), Utc::now())
            .unwrap();
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let account = store.sync_account().unwrap().unwrap();
    assert_eq!(account.tried_at, first, "it tried again during the backoff");
    assert!(account.error.unwrap().contains("could not be reached"));
    assert!(matches!(service.live().last, Some(Err(_))));
}

#[tokio::test]
async fn the_address_books_the_server_offers_can_be_chosen_by_name() {
    let server = Server::radicale();
    // Another client made one first, with a display name and a path of its
    // own.
    let mkcol = r#"<?xml version="1.0" encoding="utf-8"?>
<mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop>
<resourcetype><collection/><C:addressbook/></resourcetype><displayname>Family &amp; Friends</displayname>
</prop></set></mkcol>"#;
    let (status, _) = server.request(
        "MKCOL",
        &format!("/{USER}/3F2504E0-family/"),
        &[("Content-Type", "application/xml; charset=utf-8")],
        mkcol,
    );
    assert_eq!(status, 201);
    let books = kith_sync::address_books(&server.url(), USER, PASSWORD)
        .await
        .unwrap();
    assert!(
        books
            .iter()
            .any(|b| b.name.as_deref() == Some("Family & Friends")
                && b.href == format!("/{USER}/3F2504E0-family/")),
        "{books:?}"
    );
    let wrong = kith_sync::address_books(&server.url(), USER, "nope").await;
    assert!(matches!(wrong, Err(SyncError::Unauthorized)), "{wrong:?}");

    let a = Kith::new();
    let added = kith_sync::add(
        &a.store,
        &server.url(),
        USER,
        PASSWORD,
        Some("family & friends"),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(added.address_book.href, format!("/{USER}/3F2504E0-family/"));
    a.add("Ada Lovelace", None, None);
    assert_eq!(a.sync().await.pushed, 1);
    let in_family = std::fs::read_dir(
        server
            .dir
            .path()
            .join("collections/collection-root")
            .join(USER)
            .join("3F2504E0-family"),
    )
    .unwrap()
    .filter(|e| {
        e.as_ref()
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "vcf")
    })
    .count();
    assert_eq!(in_family, 1);
    assert!(
        !server.book_dir().exists(),
        "no second address book was made"
    );
}

#[tokio::test]
async fn a_uid_the_server_holds_at_another_address_is_refused_and_nothing_is_lost() {
    let server = Server::radicale();
    let a = Kith::new();
    a.join(&server).await;
    a.sync().await;
    let book = a.store.sync_collection("people").unwrap().unwrap().0;
    // Another client's card Kith cannot read (no name), under a UID...
    let (status, _) = server.request(
        "PUT",
        &format!("{book}elsewhere.vcf"),
        &[("Content-Type", "text/vcard")],
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:shared-uid\r\nFN:\r\nEND:VCARD\r\n",
    );
    assert_eq!(status, 201);
    // ...that a person here holds too (as a sync cut short between the
    // other client's write and Kith's could leave it).
    let ada = a.add("Ada Lovelace", None, None);
    a.store.people_for_sync().unwrap();
    {
        let conn = rusqlite::Connection::open(a.path()).unwrap();
        conn.execute(
            "UPDATE person SET uid = 'shared-uid' WHERE id = ?1",
            [ada.0],
        )
        .unwrap();
    }
    a.store.reopen().unwrap();
    // The server refuses Kith's card (409): the sync goes on, Ada stays
    // here, nothing is written twice, and the next sync lists everything.
    let report = a.sync().await;
    assert!(report.skipped >= 1, "{report:?}");
    assert_eq!(vcf_count(&server), 1);
    assert_eq!(a.people().len(), 1);
    assert_eq!(
        a.store.sync_collection("people").unwrap().unwrap().1,
        None,
        "the token is not kept"
    );
    let again = a.try_sync(false).await;
    assert!(again.is_ok(), "{again:?}");
    assert_eq!(a.people()[0].0, "Ada Lovelace");
}

#[tokio::test]
async fn edits_made_on_both_sides_while_offline_converge_once_the_server_is_back() {
    let mut server = Server::radicale();
    let (a, b) = (Kith::new(), Kith::new());
    a.join(&server).await;
    a.add("Ada Lovelace", Some("Analytical Engines"), None);
    a.add("Grace Hopper", None, None);
    a.sync().await;
    b.join(&server).await;
    b.sync().await;

    server.stop();
    a.edit("Ada Lovelace", Utc::now(), |d| {
        d.with_role(Some("Countess")).unwrap()
    });
    a.add("Alan Turing", Some("Bletchley Park"), None);
    b.edit("Ada Lovelace", Utc::now(), |d| {
        d.with_company(Some("Babbage & Co")).unwrap()
    });
    b.store
        .add_note(b.id("Grace Hopper"), "Wrote the first compiler", Utc::now())
        .unwrap();
    for k in [&a, &b] {
        assert!(matches!(
            k.try_sync(false).await,
            Err(SyncError::Unreachable(_))
        ));
    }

    server.resume();
    a.sync().await;
    b.sync().await;
    a.sync().await;
    assert_eq!(a.people(), b.people());
    let ada = a
        .people()
        .into_iter()
        .find(|p| p.0 == "Ada Lovelace")
        .unwrap();
    assert_eq!(
        (ada.1.as_deref(), ada.2.as_deref()),
        (Some("Babbage & Co"), Some("Countess"))
    );
    assert_eq!(a.people().len(), 3);
    let grace = a.id("Grace Hopper");
    assert_eq!(
        a.store.person(grace).unwrap().notes[0].body,
        "Wrote the first compiler"
    );
    assert!(a.store.sync_conflicts().unwrap().is_empty());
}

/// A sync refused because it would delete three people of four.
fn assert_three_of_four_refused(refused: &Result<Report, SyncError>) {
    assert!(
        matches!(
            refused,
            Err(SyncError::TooManyDeletes {
                count: 3,
                of: 4,
                ..
            })
        ),
        "{refused:?}"
    );
}
