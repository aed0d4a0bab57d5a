//! What the tests against real servers share: the servers (Debian's
//! `python3-radicale` and `xandikos`, which the README's test command
//! installs, each started per test on a free loopback port), a Kith with a
//! database file of its own, and a plain HTTP client standing in for other
//! apps.
//!
//! The two servers differ where RFC 6578 lets them: Radicale keeps a
//! history of every item it has held and lists one deleted since a token
//! even when it was created after it; Xandikos (git-backed) computes a
//! delta as the difference of two trees, so an item created and deleted
//! since a token is in neither and left out. Radicale checks passwords;
//! Xandikos takes any (it expects a proxy in front to do that).
#![allow(dead_code)] // each test binary uses its own part

use kith_testing::free_port;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::domain::{FollowUpDraft, IdentityKind, PersonDraft, Repeat};
use kith_core::when::{parse_time, Zone};
use kith_core::{PersonId, Store};
use kith_sync::{Report, SyncError};

pub const USER: &str = "ada";
pub const PASSWORD: &str = "correct horse battery staple";

/// Which server implementation a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    Radicale,
    Xandikos,
}

/// A CardDAV/CalDAV server of its own, on loopback.
pub struct Server {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    pub implementation: Implementation,
}

impl Server {
    /// A Radicale with password authentication.
    pub fn radicale() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        std::fs::write(
            dir.path().join("users"),
            format!("{USER}:{PASSWORD}\nbob:bob\n"),
        )
        .unwrap();
        let config = format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n[storage]\nfilesystem_folder = {storage}\n[logging]\nlevel = warning\n",
            users = dir.path().join("users").display(),
            storage = dir.path().join("collections").display(),
        );
        std::fs::write(dir.path().join("config"), config).unwrap();
        Server::started(Implementation::Radicale, dir, port)
    }

    /// A Xandikos, the user's principal at `/ada/` with its default
    /// calendar and address book.
    pub fn xandikos() -> Server {
        Server::started(
            Implementation::Xandikos,
            tempfile::tempdir().unwrap(),
            free_port(),
        )
    }

    fn started(implementation: Implementation, dir: tempfile::TempDir, port: u16) -> Server {
        let child = Server::run(implementation, dir.path(), port);
        Server {
            child,
            port,
            dir,
            implementation,
        }
    }

    /// Each implementation, for a test that must hold with every server.
    pub fn each() -> [fn() -> Server; 2] {
        [Server::radicale, Server::xandikos]
    }

    /// Runs the server on its folder and port, once it answers.
    fn run(implementation: Implementation, dir: &Path, port: u16) -> Child {
        let mut command = match implementation {
            Implementation::Radicale => {
                let mut c = Command::new("/usr/bin/python3");
                c.args(["-m", "radicale", "--config"])
                    .arg(dir.join("config"));
                c
            }
            Implementation::Xandikos => {
                let mut c = Command::new("/usr/bin/xandikos");
                c.arg("-d")
                    .arg(dir.join("data"))
                    .args(["--defaults", "-l", "127.0.0.1", "-p"])
                    .arg(port.to_string())
                    .args(["--current-user-principal", &format!("/{USER}/")]);
                c
            }
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{implementation:?} runs (the README's test command installs it): {e}")
            });
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{implementation:?} did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        child
    }

    /// Takes the server away (the network is down).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Brings it back, with everything it held.
    pub fn resume(&mut self) {
        self.child = Server::run(self.implementation, self.dir.path(), self.port);
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The folder of the user's collection `name` in the server's storage
    /// (`kith` is Kith's address book, `kith-follow-ups` its task list).
    pub fn collection_dir(&self, name: &str) -> PathBuf {
        match self.implementation {
            Implementation::Radicale => self
                .dir
                .path()
                .join("collections/collection-root")
                .join(USER)
                .join(name),
            Implementation::Xandikos => {
                let home = self.dir.path().join("data").join(USER);
                let contacts = home.join("contacts").join(name);
                if contacts.exists() {
                    contacts
                } else {
                    home.join("calendars").join(name)
                }
            }
        }
    }

    /// Kith's address book's folder in the server's storage.
    pub fn book_dir(&self) -> PathBuf {
        self.collection_dir("kith")
    }

    /// The path of the user's collection `name` on the server.
    pub fn collection_path(&self, name: &str) -> String {
        match self.implementation {
            Implementation::Radicale => format!("/{USER}/{name}/"),
            Implementation::Xandikos => {
                let dir = self.collection_dir(name);
                let home = dir.parent().and_then(Path::file_name).unwrap_or_default();
                format!("/{USER}/{}/{name}/", home.to_string_lossy())
            }
        }
    }

    /// A plain HTTP request as another client would send it; returns the
    /// status and body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {}\r\nContent-Length: {}\r\nConnection: close\r\n",
            base64(&format!("{USER}:{PASSWORD}")),
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// The item `file` of collection `name` as the server gives it.
    pub fn get(&self, name: &str, file: &str) -> String {
        let path = format!("{}{file}", self.collection_path(name));
        let (status, text) = self.request("GET", &path, &[], "");
        assert_eq!(status, 200, "GET {path}");
        text
    }

    /// Writes `text` as the item `file` of collection `name`, as another
    /// client would (a card, or a calendar object).
    pub fn put(&self, name: &str, file: &str, text: &str) {
        let path = format!("{}{file}", self.collection_path(name));
        let kind = if file.ends_with(".vcf") {
            "text/vcard; charset=utf-8"
        } else {
            "text/calendar; charset=utf-8"
        };
        let (status, body) = self.request("PUT", &path, &[("Content-Type", kind)], text);
        assert!((200..300).contains(&status), "PUT {path}: {status} {body}");
    }

    /// Deletes the item `file` of collection `name`, as another client
    /// would.
    pub fn delete(&self, name: &str, file: &str) {
        let path = format!("{}{file}", self.collection_path(name));
        let (status, body) = self.request("DELETE", &path, &[], "");
        assert!(
            (200..300).contains(&status),
            "DELETE {path}: {status} {body}"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn base64(text: &str) -> String {
    base64_of(text.as_bytes())
}

pub fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A person as the tests compare them: name, company, role, e-mails.
pub type Seen = (String, Option<String>, Option<String>, Vec<String>);

/// One Kith: a database file of its own.
pub struct Kith {
    pub store: Store,
    _dir: tempfile::TempDir,
}

pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 10, minute, 0).unwrap()
}

impl Kith {
    pub fn new() -> Kith {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db")).unwrap();
        Kith { store, _dir: dir }
    }

    pub fn path(&self) -> &Path {
        self.store.path().unwrap()
    }

    pub async fn join(&self, server: &Server) {
        kith_sync::add(
            &self.store,
            &server.url(),
            USER,
            PASSWORD,
            None,
            None,
            at(0),
        )
        .await
        .unwrap();
    }

    pub async fn try_sync_at(
        &self,
        allow_deletes: bool,
        now: DateTime<Utc>,
    ) -> Result<Report, SyncError> {
        kith_sync::sync_now(
            &self.store,
            Some(PASSWORD),
            allow_deletes,
            &kith_sync::Control::default(),
            now,
        )
        .await
    }

    pub async fn try_sync(&self, allow_deletes: bool) -> Result<Report, SyncError> {
        self.try_sync_at(allow_deletes, Utc::now()).await
    }

    pub async fn sync_at(&self, now: DateTime<Utc>) -> Report {
        self.try_sync_at(false, now).await.unwrap()
    }

    pub async fn sync(&self) -> Report {
        self.sync_at(Utc::now()).await
    }

    pub fn add(&self, name: &str, company: Option<&str>, email: Option<&str>) -> PersonId {
        let mut draft = PersonDraft::named(name)
            .unwrap()
            .with_company(company)
            .unwrap();
        if let Some(email) = email {
            draft = draft.with_identity(
                kith_core::domain::Identity::new(IdentityKind::Email, email).unwrap(),
            );
        }
        self.store.create_person(&draft, Utc::now()).unwrap()
    }

    /// A follow-up of `person`, due at `due` (`YYYY-MM-DD HH:MM`) in
    /// `zone`, repeating as `repeat` says (`1w`).
    /// Ada Lovelace of Analytical Engines, ada@example.org.
    pub fn add_ada(&self) {
        self.add(
            "Ada Lovelace",
            Some("Analytical Engines"),
            Some("ada@example.org"),
        );
    }

    pub fn follow_up(&self, person: &str, what: &str, due: &str, zone: Zone, repeat: Option<&str>) {
        let draft = FollowUpDraft::new(
            self.id(person),
            what,
            parse_time(due, zone, Tz::UTC).unwrap(),
            repeat.map(|r| Repeat::parse(r).unwrap()),
        )
        .unwrap();
        self.store
            .create_follow_up(&draft, Tz::UTC, Utc::now())
            .unwrap();
    }

    pub fn id(&self, name: &str) -> PersonId {
        self.store.resolve_person(name).unwrap()
    }

    pub fn edit(&self, name: &str, at: DateTime<Utc>, f: impl FnOnce(PersonDraft) -> PersonDraft) {
        self.store
            .edit_person(self.id(name), at, |d, _| Ok(f(d)))
            .unwrap();
    }

    /// Everyone here: name, company, role, e-mails — sorted.
    pub fn people(&self) -> Vec<Seen> {
        let mut out: Vec<_> = self
            .store
            .people_for_sync()
            .unwrap()
            .into_iter()
            .map(|p| {
                let mut emails: Vec<String> = p
                    .draft
                    .identities
                    .iter()
                    .filter(|i| i.kind == IdentityKind::Email)
                    .map(|i| i.normalized.clone())
                    .collect();
                emails.sort();
                (p.draft.display_name, p.draft.company, p.draft.role, emails)
            })
            .collect();
        out.sort();
        out
    }
}

/// The items of the user's collection `name` (its folder in the server's
/// storage, e.g. `kith-follow-ups`): file name and text, sorted; none when
/// it does not exist.
pub fn stored(server: &Server, name: &str) -> Vec<(String, String)> {
    let dir = server.collection_dir(name);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vcf" || x == "ics"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

pub fn vcf_count(server: &Server) -> usize {
    stored(server, "kith").len()
}

/// Runs `tests/clients/calendar_client.py` (Python's `caldav`, another
/// client on the user's calendars and task lists) against `server`; its
/// standard output. Panics with what it said when it fails.
pub fn calendar_client(server: &Server, args: &[&str]) -> String {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/calendar_client.py");
    let out = Command::new("/usr/bin/python3")
        .arg(script)
        .args([&server.url(), USER, PASSWORD])
        .args(args)
        .output()
        .expect(
            "python3 with the caldav package (the README's test command installs python3-caldav)",
        );
    assert!(
        out.status.success(),
        "the calendar client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the client prints UTF-8")
}
