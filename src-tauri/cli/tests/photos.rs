//! `kith photo`: set from a file, written out, kept as a link, removed; a
//! file that is no image or a decompression bomb refused with nothing
//! changed.

mod common;

use common::Kith;

fn png(path: &std::path::Path, w: u32, h: u32) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]))
        .save(path)
        .unwrap();
}

#[test]
fn a_photo_is_set_from_a_file_written_out_linked_and_removed() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    assert!(kith
        .ok(&["photo", "Ada"])
        .contains("Ada Lovelace has no photo"));
    let face = kith.dir.path().join("face.png");
    png(&face, 1600, 1200);
    let set = kith.json(&["photo", "Ada", face.to_str().unwrap()]);
    assert_eq!(
        (
            set["image"].as_bool(),
            set["width"].as_u64(),
            set["height"].as_u64()
        ),
        (Some(true), Some(512), Some(384))
    );
    let out = kith.dir.path().join("out.jpg");
    let said = kith.ok(&["photo", "Ada", "--out", out.to_str().unwrap()]);
    assert!(said.contains("512 × 384 pixels"), "{said}");
    let written = image::open(&out).unwrap();
    assert_eq!((written.width(), written.height()), (512, 384));
    assert_eq!(kith.count("person_photo"), 1);

    // Not an image, a bomb, a link that is no web address: refused, the
    // photo as it was.
    let text = kith.dir.path().join("notes.txt");
    std::fs::write(&text, "not a picture").unwrap();
    let refused = kith.fails(&["photo", "Ada", text.to_str().unwrap()], 2);
    assert!(
        refused.contains("not a JPEG, PNG, GIF or WebP image"),
        "{refused}"
    );
    let bomb =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/bomb.png");
    let refused = kith.fails(&["photo", "Ada", bomb.to_str().unwrap()], 2);
    assert!(refused.contains("30000 × 30000 pixels"), "{refused}");
    let refused = kith.fails(&["photo", "Ada", "--link", "file:///etc/passwd"], 2);
    assert!(refused.contains("web address"), "{refused}");
    assert_eq!(kith.json(&["photo", "Ada"])["width"], 512);

    let linked = kith.json(&["photo", "Ada", "--link", "https://example.org/ada.jpg"]);
    assert_eq!(
        (linked["image"].as_bool(), linked["link"].as_str()),
        (Some(false), Some("https://example.org/ada.jpg"))
    );
    kith.ok(&["photo", "Ada", "--remove"]);
    assert_eq!(kith.count("person_photo"), 0);
    kith.fails(&["photo", "Ada", "--out", out.to_str().unwrap()], 1);
}
