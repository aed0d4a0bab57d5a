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

/// A web server on this computer answering each path from `answers` (a
/// status line's code, its extra header, its body) and counting requests.
fn serve(
    answers: Vec<(&'static str, u16, &'static str, Vec<u8>)>,
) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let (status, header, body) = answers
                .iter()
                .find(|(p, ..)| *p == path)
                .map(|(_, s, h, b)| (*s, *h, b.clone()))
                .unwrap_or((404, "", Vec::new()));
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n{header}{}\r\n",
                body.len(),
                if header.is_empty() { "" } else { "\r\n" }
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (port, asked)
}

#[test]
fn a_photo_link_is_fetched_only_when_asked_and_only_an_image_is_kept() {
    let kith = Kith::new();
    kith.ok(&["add", "Ada Lovelace"]);
    let face = kith.dir.path().join("face.png");
    png(&face, 800, 800);
    let (port, asked) = serve(vec![
        ("/moved.png", 302, "Location: /ada.png", Vec::new()),
        (
            "/ada.png",
            200,
            "Content-Type: image/png",
            std::fs::read(&face).unwrap(),
        ),
        ("/notes.txt", 200, "", b"not a picture".to_vec()),
        ("/huge.png", 200, "", vec![0; 21 * 1024 * 1024]),
    ]);
    let link = |path: &str| format!("http://127.0.0.1:{port}{path}");
    kith.ok(&["photo", "Ada", "--link", &link("/moved.png")]);
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a link is never fetched by itself"
    );

    let fetched = kith.json(&["photo", "Ada", "--fetch"]);
    assert_eq!(
        (
            fetched["image"].as_bool(),
            fetched["width"].as_u64(),
            fetched["link"].as_str()
        ),
        (Some(true), Some(512), None)
    );
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the redirect, then the image"
    );

    // Without a link there is nothing to fetch; a page that is no image,
    // one too large, and one not there are refused with the photo as it was.
    let refused = kith.fails(&["photo", "Ada", "--fetch"], 1);
    assert!(refused.contains("no photo link"), "{refused}");
    for (path, says) in [
        ("/notes.txt", "not a JPEG, PNG, GIF or WebP image"),
        ("/huge.png", "larger than 20 MiB"),
        ("/gone.png", "404"),
    ] {
        kith.ok(&["photo", "Ada", "--link", &link(path)]);
        let refused = kith.fails(
            &["photo", "Ada", "--fetch"],
            if path == "/notes.txt" { 2 } else { 1 },
        );
        assert!(refused.contains(says), "{path}: {refused}");
        assert_eq!(
            kith.json(&["photo", "Ada"])["link"].as_str(),
            Some(link(path).as_str())
        );
    }
}
