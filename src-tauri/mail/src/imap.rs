//! The IMAP connection: TLS (993) or STARTTLS (143) with the system's trust
//! roots, plain only to this computer; login; the folders a scope reads,
//! found by SPECIAL-USE (RFC 6154) with a name fallback; and header blocks
//! fetched with `BODY.PEEK[HEADER.FIELDS (…)]`, so nothing is ever marked
//! read and no body is ever asked for. Folders are opened with EXAMINE
//! (read-only).

use std::fmt;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::types::NameAttribute;
use async_imap::{Client, Session};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use crate::header::FIELDS;

/// How long connecting, logging in or one command may take.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (port 993).
    Tls,
    /// Plain, then STARTTLS before anything else is said (port 143).
    StartTls,
    /// No encryption: only to this computer.
    Plain,
}

impl Security {
    pub fn id(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::StartTls => "starttls",
            Security::Plain => "plain",
        }
    }

    pub fn parse(id: &str) -> Option<Security> {
        match id {
            "tls" => Some(Security::Tls),
            "starttls" => Some(Security::StartTls),
            "plain" => Some(Security::Plain),
            _ => None,
        }
    }
}

/// What failed, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("{host} refused the user name or password{hint}")]
    Login { host: String, hint: String },
    #[error("{host}'s certificate does not verify ({reason}); Kith does not connect to a server it cannot check")]
    Certificate { host: String, reason: String },
    #[error("{host}:{port} cannot be reached ({reason}); Kith tries again later")]
    Away {
        host: String,
        port: u16,
        reason: String,
    },
    #[error(
        "plain IMAP sends the password unencrypted; use port 993 (TLS) or 143 (STARTTLS) for {0}"
    )]
    PlainRefused(String),
    #[error("{0} does not offer STARTTLS; use port 993 (TLS)")]
    NoStartTls(String),
    #[error("the server said: {0}")]
    Protocol(String),
    #[error("the server took longer than {} seconds to answer", TIMEOUT.as_secs())]
    Timeout,
    #[error("no folder named '{0}' (kith mail status lists the folders found)")]
    NoFolder(String),
}

/// A connection, encrypted or (to this computer) not.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stream::Plain(_) => "Stream::Plain",
            Stream::Tls(_) => "Stream::Tls",
        })
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Whether `host` is this computer.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn timed<T>(
    work: impl std::future::Future<Output = Result<T, ImapError>>,
) -> Result<T, ImapError> {
    tokio::time::timeout(TIMEOUT, work)
        .await
        .unwrap_or(Err(ImapError::Timeout))
}

fn protocol(error: async_imap::error::Error) -> ImapError {
    ImapError::Protocol(error.to_string())
}

/// A logged-in session.
pub struct Imap {
    session: Session<Stream>,
}

/// A folder as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub name: String,
    /// Its SPECIAL-USE attributes, lower-cased (`\sent`, `\all`, ...).
    pub uses: Vec<String>,
}

/// The most ranges a folder's UIDs are searched in (see
/// [`Imap::uids_after`]), and the fewest UIDs a range spans.
const SEARCH_PARTS: u32 = 20;
const SEARCH_SPAN: u32 = 10_000;

/// The UID ranges searched for the messages above `after`: up to the
/// folder's next UID in at most [`SEARCH_PARTS`] ranges of at least
/// [`SEARCH_SPAN`], the last open-ended (so mail arriving meanwhile is
/// found); one open range when the server did not say its next UID.
fn search_ranges(after: u32, uid_next: Option<u32>) -> Vec<String> {
    let first = after.saturating_add(1);
    let Some(next) = uid_next.filter(|n| *n > first) else {
        return vec![format!("{first}:*")];
    };
    let span = (next - first).div_ceil(SEARCH_PARTS).max(SEARCH_SPAN);
    let mut ranges = Vec::new();
    let mut low = first;
    while next - low > span {
        ranges.push(format!("{low}:{}", low + span - 1));
        low += span;
    }
    ranges.push(format!("{low}:*"));
    ranges
}

/// A folder opened read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    pub uidvalidity: u32,
    pub uid_next: Option<u32>,
    pub exists: u32,
}

/// One message's header block, its UID and when the server got it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub uid: u32,
    pub header: Vec<u8>,
    pub arrived: Option<DateTime<Utc>>,
}

fn tls_config() -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    Arc::new(
        ClientConfig::builder_with_provider(Arc::new(
            tokio_rustls::rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth(),
    )
}

async fn tls(host: &str, tcp: TcpStream) -> Result<Stream, ImapError> {
    let name = ServerName::try_from(host.to_owned()).map_err(|e| ImapError::Certificate {
        host: host.to_owned(),
        reason: e.to_string(),
    })?;
    let stream = TlsConnector::from(tls_config())
        .connect(name, tcp)
        .await
        .map_err(|e| {
            let reason = e.to_string();
            if reason.contains("certificate") || reason.contains("UnknownIssuer") {
                ImapError::Certificate {
                    host: host.to_owned(),
                    reason,
                }
            } else {
                ImapError::Protocol(reason)
            }
        })?;
    Ok(Stream::Tls(Box::new(stream)))
}

impl Imap {
    /// Connects and logs in. `hint` is added to a refused login (an app
    /// password's page, for providers that want one).
    pub async fn connect(
        host: &str,
        port: u16,
        security: Security,
        user: &str,
        password: &str,
        hint: &str,
    ) -> Result<Imap, ImapError> {
        if security == Security::Plain && !is_loopback(host) {
            return Err(ImapError::PlainRefused(host.to_owned()));
        }
        timed(async {
            let away = |e: std::io::Error| ImapError::Away {
                host: host.to_owned(),
                port,
                reason: e.to_string(),
            };
            let tcp = TcpStream::connect((host, port)).await.map_err(away)?;
            let _ = tcp.set_nodelay(true);
            let stream = match security {
                Security::Tls => tls(host, tcp).await?,
                Security::Plain => Stream::Plain(tcp),
                Security::StartTls => {
                    let mut client = Client::new(Stream::Plain(tcp));
                    client
                        .read_response()
                        .await
                        .map_err(away)?
                        .ok_or_else(|| ImapError::Protocol("no greeting".into()))?;
                    client
                        .run_command_and_check_ok("STARTTLS", None)
                        .await
                        .map_err(|_| ImapError::NoStartTls(host.to_owned()))?;
                    let Stream::Plain(tcp) = client.into_inner() else {
                        unreachable!("the stream was plain");
                    };
                    tls(host, tcp).await?
                }
            };
            let mut client = Client::new(stream);
            if security != Security::StartTls {
                client
                    .read_response()
                    .await
                    .map_err(away)?
                    .ok_or_else(|| ImapError::Protocol("no greeting".into()))?;
            }
            let session = client
                .login(user, password)
                .await
                .map_err(|(error, _)| match error {
                    async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
                        ImapError::Login {
                            host: host.to_owned(),
                            hint: hint.to_owned(),
                        }
                    }
                    other => protocol(other),
                })?;
            Ok(Imap { session })
        })
        .await
    }

    /// Every folder, with its SPECIAL-USE attributes.
    pub async fn folders(&mut self) -> Result<Vec<Folder>, ImapError> {
        timed(async {
            let names: Vec<_> = self
                .session
                .list(Some(""), Some("*"))
                .await
                .map_err(protocol)?
                .try_collect()
                .await
                .map_err(protocol)?;
            Ok(names
                .iter()
                .filter(|n| !n.attributes().contains(&NameAttribute::NoSelect))
                .map(|n| Folder {
                    name: n.name().to_owned(),
                    uses: n
                        .attributes()
                        .iter()
                        .filter_map(|a| match a {
                            NameAttribute::Sent => Some("\\sent".to_owned()),
                            NameAttribute::All => Some("\\all".to_owned()),
                            NameAttribute::Drafts => Some("\\drafts".to_owned()),
                            NameAttribute::Junk => Some("\\junk".to_owned()),
                            NameAttribute::Trash => Some("\\trash".to_owned()),
                            NameAttribute::Archive => Some("\\archive".to_owned()),
                            NameAttribute::Extension(e) => Some(e.to_lowercase()),
                            _ => None,
                        })
                        .collect(),
                })
                .collect())
        })
        .await
    }

    /// Opens a folder read-only.
    pub async fn examine(&mut self, folder: &str) -> Result<Opened, ImapError> {
        timed(async {
            let mailbox = self
                .session
                .examine(folder)
                .await
                .map_err(|_| ImapError::NoFolder(folder.to_owned()))?;
            Ok(Opened {
                uidvalidity: mailbox.uid_validity.unwrap_or(0),
                uid_next: mailbox.uid_next,
                exists: mailbox.exists,
            })
        })
        .await
    }

    /// The UIDs above `after` in the open folder (arrived since `since`,
    /// when given), in order. Below the folder's next UID (`uid_next`, as
    /// opening it said) they are asked for in at most [`SEARCH_PARTS`]
    /// ranges: the IMAP library reads a response line again each time more
    /// of it arrives, so one line of every UID in a large folder takes
    /// longer to read than to send.
    pub async fn uids_after(
        &mut self,
        after: u32,
        since: Option<chrono::NaiveDate>,
        uid_next: Option<u32>,
    ) -> Result<Vec<u32>, ImapError> {
        let since = since
            .map(|s| format!(" SINCE {}", s.format("%-d-%b-%Y")))
            .unwrap_or_default();
        timed(async {
            let mut uids: Vec<u32> = Vec::new();
            for range in search_ranges(after, uid_next) {
                let found = self
                    .session
                    .uid_search(format!("UID {range}{since}"))
                    .await
                    .map_err(protocol)?;
                // "N:*" names the last message even when its UID is below N.
                uids.extend(found.into_iter().filter(|u| *u > after));
            }
            uids.sort_unstable();
            uids.dedup();
            Ok(uids)
        })
        .await
    }

    /// The header blocks of `uids` in the open folder (peeked: nothing is
    /// marked read).
    pub async fn headers(&mut self, uids: &[u32]) -> Result<Vec<Fetched>, ImapError> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let set = uid_set(uids);
        let query = format!("(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({FIELDS})])");
        timed(async {
            let fetches: Vec<_> = self
                .session
                .uid_fetch(&set, &query)
                .await
                .map_err(protocol)?
                .try_collect()
                .await
                .map_err(protocol)?;
            Ok(fetches
                .iter()
                .filter_map(|f| {
                    Some(Fetched {
                        uid: f.uid?,
                        header: f.header()?.to_vec(),
                        arrived: f.internal_date().map(|d| d.with_timezone(&Utc)),
                    })
                })
                .collect())
        })
        .await
    }

    /// Whether the server offers IDLE (RFC 2177).
    pub async fn can_idle(&mut self) -> bool {
        timed(async {
            let capabilities = self.session.capabilities().await.map_err(protocol)?;
            Ok(capabilities.has_str("IDLE"))
        })
        .await
        .unwrap_or(false)
    }

    /// Waits in IDLE on the open folder for at most `max`: `true` when the
    /// server said something changed (new mail), `false` when the time ran
    /// out. The session is done with after it.
    pub async fn wait_for_mail(self, max: Duration) -> Result<bool, ImapError> {
        let mut idle = self.session.idle();
        timed(async { idle.init().await.map_err(protocol) }).await?;
        let arrived = {
            let (wait, _stop) = idle.wait_with_timeout(max);
            matches!(
                wait.await.map_err(protocol)?,
                async_imap::extensions::idle::IdleResponse::NewData(_)
            )
        };
        if let Ok(Ok(mut session)) = tokio::time::timeout(Duration::from_secs(5), idle.done()).await
        {
            let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
        }
        Ok(arrived)
    }

    /// Logs out (errors on the way out do not matter).
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.session.logout()).await;
    }
}

/// A UID set in ranges: `1:5,7,9:12`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

/// The folders a scope reads: `sent` the Sent folder; `all` the Sent
/// folder and the archive of everything (`\All`) where there is one, else
/// the Inbox; `folder:NAME` that folder. Drafts, junk and trash never.
pub fn folders_for(scope: &str, folders: &[Folder]) -> Result<Vec<String>, ImapError> {
    let never = ["\\drafts", "\\junk", "\\trash"];
    let usable: Vec<&Folder> = folders
        .iter()
        .filter(|f| !f.uses.iter().any(|u| never.contains(&u.as_str())))
        .collect();
    let by_use = |u: &str| usable.iter().find(|f| f.uses.iter().any(|x| x == u));
    let by_name = |names: &[&str]| {
        usable.iter().find(|f| {
            let leaf = f.name.rsplit(['/', '.']).next().unwrap_or(&f.name);
            names
                .iter()
                .any(|n| leaf.eq_ignore_ascii_case(n) || f.name.eq_ignore_ascii_case(n))
        })
    };
    const SENT: [&str; 14] = [
        "Sent",
        "Sent Items",
        "Sent Messages",
        "Sent Mail",
        "Gesendet",
        "Gesendete Objekte",
        "Envoyés",
        "Éléments envoyés",
        "Inviati",
        "Enviados",
        "Verzonden",
        "Skickat",
        "Sendt",
        "Wysłane",
    ];
    let sent = by_use("\\sent").or_else(|| by_name(&SENT));
    if let Some(name) = scope.strip_prefix("folder:") {
        return usable
            .iter()
            .find(|f| f.name == name)
            .map(|f| vec![f.name.clone()])
            .ok_or_else(|| ImapError::NoFolder(name.to_owned()));
    }
    let mut chosen: Vec<String> = sent.map(|f| f.name.clone()).into_iter().collect();
    if scope == "all" {
        let archive = by_use("\\all").or_else(|| by_name(&["INBOX"]));
        if let Some(folder) = archive {
            if !chosen.contains(&folder.name) {
                chosen.push(folder.name.clone());
            }
        }
    }
    if chosen.is_empty() {
        return Err(ImapError::NoFolder("Sent".into()));
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str, uses: &[&str]) -> Folder {
        Folder {
            name: name.to_owned(),
            uses: uses.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn a_large_folder_is_searched_in_ranges_that_cover_every_uid_once() {
        // A new folder of 100,000: twenty ranges of 5,000 would be under
        // the least span, so ten of 10,000, the last open.
        let ranges = search_ranges(0, Some(100_001));
        assert_eq!(ranges.len(), 10);
        assert_eq!(ranges[0], "1:10000");
        assert_eq!(ranges[1], "10001:20000");
        assert_eq!(ranges[9], "90001:*");
        // Sparse UIDs over millions: never more than twenty searches.
        let ranges = search_ranges(1_000, Some(5_000_000));
        assert_eq!(ranges.len(), 20);
        assert_eq!(ranges[0], "1001:250950");
        assert_eq!(ranges[19], "4750051:*");
        // A small folder, a read with little new, and a server that did not
        // say its next UID: one search.
        assert_eq!(search_ranges(0, Some(500)), ["1:*"]);
        assert_eq!(search_ranges(99_990, Some(100_001)), ["99991:*"]);
        assert_eq!(search_ranges(7, None), ["8:*"]);
        assert_eq!(
            search_ranges(u32::MAX, Some(3)),
            [format!("{}:*", u32::MAX)]
        );
    }

    #[test]
    fn uid_sets_are_written_as_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[42]), "42");
    }

    #[test]
    fn a_scope_finds_its_folders_by_special_use_then_by_name() {
        let gmail = [
            folder("INBOX", &[]),
            folder("[Gmail]/All Mail", &["\\all"]),
            folder("[Gmail]/Sent Mail", &["\\sent"]),
            folder("[Gmail]/Drafts", &["\\drafts"]),
            folder("[Gmail]/Spam", &["\\junk"]),
        ];
        assert_eq!(folders_for("sent", &gmail).unwrap(), ["[Gmail]/Sent Mail"]);
        assert_eq!(
            folders_for("all", &gmail).unwrap(),
            ["[Gmail]/Sent Mail", "[Gmail]/All Mail"]
        );
        let plain = [folder("INBOX", &[]), folder("INBOX.Gesendet", &[])];
        assert_eq!(folders_for("sent", &plain).unwrap(), ["INBOX.Gesendet"]);
        assert_eq!(
            folders_for("all", &plain).unwrap(),
            ["INBOX.Gesendet", "INBOX"]
        );
        assert_eq!(folders_for("folder:INBOX", &plain).unwrap(), ["INBOX"]);
        assert!(matches!(
            folders_for("folder:Kith", &plain),
            Err(ImapError::NoFolder(_))
        ));
        // A folder marked as drafts is never read, whatever its name.
        let odd = [folder("Sent", &["\\drafts"])];
        assert!(folders_for("sent", &odd).is_err());
    }

    #[test]
    fn only_this_computer_is_loopback() {
        for host in ["localhost", "127.0.0.1", "::1", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["imap.example.org", "10.0.0.1", "127.0.0.1.example.org"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
