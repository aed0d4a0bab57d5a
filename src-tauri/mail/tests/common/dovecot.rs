//! A real Dovecot IMAP server on loopback for the tests: started from a
//! private configuration in a temporary folder (no system service), one
//! user with a Maildir the test fills, and Dovecot's raw protocol log of
//! every IMAP session, to read back what the client asked for.

#![allow(dead_code)]

use kith_testing::free_port;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub const USER: &str = "ada";
pub const PASSWORD: &str = "correct horse";

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// IMAP over TLS (a self-signed certificate), when started with it.
    pub tls_port: Option<u16>,
    conf: PathBuf,
    owner: (u32, u32),
    counter: std::cell::Cell<u64>,
}

fn id(flag: &str) -> u32 {
    let out = Command::new("id").arg(flag).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn name(flag: &str) -> String {
    let out = Command::new("id").args([flag, "-n"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl Dovecot {
    /// Starts Dovecot with `folders` (besides the Inbox) created, each
    /// with its SPECIAL-USE attribute (`\Sent`, `\All`, `\Drafts`, ...).
    pub fn start(folders: &[(&str, &str)]) -> Dovecot {
        Self::start_with(folders, false)
    }

    /// Starts Dovecot also listening for IMAP over TLS, with a certificate
    /// of its own that no system trusts.
    pub fn start_with_tls(folders: &[(&str, &str)]) -> Dovecot {
        Self::start_with(folders, true)
    }

    fn start_with(folders: &[(&str, &str)], with_tls: bool) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let root_path = dir.path().to_owned();
        let root = root_path.as_path();
        let port = free_port();
        let tls_port = with_tls.then(free_port);
        let tls = match tls_port {
            Some(tls_port) => {
                let made = Command::new("openssl")
                    .args([
                        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    ])
                    .args([
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1",
                    ])
                    .arg("-keyout")
                    .arg(root.join("key.pem"))
                    .arg("-out")
                    .arg(root.join("cert.pem"))
                    .output()
                    .unwrap();
                assert!(
                    made.status.success(),
                    "openssl: {}",
                    String::from_utf8_lossy(&made.stderr)
                );
                (
                    format!(
                        "ssl = yes\nssl_cert = <{}/cert.pem\nssl_key = <{}/key.pem\n",
                        root.display(),
                        root.display()
                    ),
                    format!("    address = 127.0.0.1\n    port = {tls_port}\n    ssl = yes\n"),
                )
            }
            None => ("ssl = no\n".to_owned(), "    port = 0\n".to_owned()),
        };
        let running_as_root = id("-u") == 0;
        // Dovecot will not deliver to root: as root the mail belongs to
        // nobody and Dovecot's own users run it; otherwise everything runs
        // as the one user running the tests.
        let (uid, gid, internal, login, group) = if running_as_root {
            (
                65534,
                65534,
                "dovecot".to_owned(),
                "dovenull".to_owned(),
                "dovecot".to_owned(),
            )
        } else {
            (id("-u"), id("-g"), name("-u"), name("-u"), name("-g"))
        };
        for sub in ["run", "state", "rawlog", "home"] {
            fs::create_dir_all(root.join(sub)).unwrap();
        }
        fs::write(
            root.join("passwd"),
            format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .unwrap();
        let mailboxes: String = folders
            .iter()
            .map(|(name, special)| {
                format!("  mailbox \"{name}\" {{\n    auto = create\n    special_use = {special}\n  }}\n")
            })
            .collect();
        let conf = root.join("dovecot.conf");
        fs::write(
            &conf,
            format!(
                "protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
{ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = {uid}
first_valid_gid = {gid}
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
{imaps}  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
protocol imap {{
  rawlog_dir = {root}/rawlog
}}
",
                root = root.display(),
                ssl = tls.0,
                imaps = tls.1,
            ),
        )
        .unwrap();
        let home = root.join("home").join(USER);
        let dovecot = Dovecot {
            dir,
            port,
            tls_port,
            conf,
            owner: (uid, gid),
            counter: std::cell::Cell::new(0),
        };
        for folder in std::iter::once("INBOX").chain(folders.iter().map(|(n, _)| *n)) {
            for sub in ["cur", "new", "tmp"] {
                fs::create_dir_all(dovecot.maildir(folder).join(sub)).unwrap();
            }
        }
        dovecot.chown(&home);
        dovecot.chown(&root.join("rawlog"));
        let status = Command::new("dovecot")
            .arg("-c")
            .arg(&dovecot.conf)
            .status()
            .expect("dovecot (Debian's dovecot-imapd) is installed by the test command");
        assert!(status.success(), "dovecot did not start: {}", dovecot.log());
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "dovecot did not listen: {}",
                dovecot.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        dovecot
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home").join(USER)
    }

    /// A folder's Maildir (Maildir++: subfolders are dot-folders).
    pub fn maildir(&self, folder: &str) -> PathBuf {
        let base = self.home().join("Maildir");
        if folder == "INBOX" {
            base
        } else {
            base.join(format!(".{}", folder.replace('/', ".")))
        }
    }

    fn chown(&self, path: &Path) {
        let (uid, gid) = self.owner;
        let status = Command::new("chown")
            .arg("-R")
            .arg(format!("{uid}:{gid}"))
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Delivers a message (its full text, header and body) into `folder`,
    /// marked unread.
    pub fn deliver(&self, folder: &str, message: &str) {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        let dir = self.maildir(folder);
        let path = dir.join("new").join(format!("1700000000.M{n}P1.kith-test"));
        fs::write(&path, message.replace('\n', "\r\n")).unwrap();
        let (uid, gid) = self.owner;
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
    }

    /// Gives `folder` a new UIDVALIDITY, as a server does after rebuilding it.
    pub fn renumber(&self, folder: &str, uidvalidity: u32) {
        let out = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .args(["mailbox", "update", "--uid-validity"])
            .arg(uidvalidity.to_string())
            .args(["-u", USER, folder])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "doveadm mailbox update: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Flags of the messages in `folder` as Dovecot keeps them on disk
    /// (`S` is seen).
    pub fn seen_flags(&self, folder: &str) -> Vec<bool> {
        let mut flags = Vec::new();
        for sub in ["cur", "new"] {
            for entry in fs::read_dir(self.maildir(folder).join(sub)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                let info = name.split_once(":2,").map(|(_, f)| f.to_owned());
                flags.push(info.is_some_and(|f| f.contains('S')));
            }
        }
        flags
    }

    /// Everything every IMAP session sent to the server.
    pub fn commands(&self) -> String {
        let mut all = String::new();
        for entry in fs::read_dir(self.dir.path().join("rawlog")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "in") {
                all.push_str(&fs::read_to_string(&path).unwrap_or_default());
            }
        }
        all
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .output();
    }
}

/// A message's text with the usual headers.
pub fn message(id: &str, date: &str, from: &str, to: &str, subject: &str, extra: &str) -> String {
    format!(
        "Message-ID: <{id}>\nDate: {date}\nFrom: {from}\nTo: {to}\nSubject: {subject}\n{extra}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nThe body, which Kith never asks for.\n"
    )
}
