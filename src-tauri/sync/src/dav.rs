//! The server: discovery, collections, changes since a sync token, and
//! conditional writes, through `libdav` over hyper with rustls (the
//! system's trust roots). Plain HTTP is allowed only to a loopback address.
//! One [`Server`] speaks to one service: CardDAV (address books) or CalDAV
//! (task lists), each found from the same address by its own home set.

use std::future::Future;
use std::time::Duration;

use http::{StatusCode, Uri};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use libdav::caldav::{
    CalendarComponent, CreateCalendar, FindCalendarHomeSet, FindCalendars, GetCalendarResources,
};
use libdav::carddav::{
    CreateAddressBook, FindAddressBookHomeSet, FindAddressBooks, GetAddressBookResources,
};
use libdav::dav::{
    Delete, GetProperty, ListResources, Propfind, PutResource, SyncCollection,
    SyncCollectionResponse, WebDavClient, WebDavError,
};
use libdav::{names, FetchedResource};
use tower_http::auth::AddAuthorization;

use crate::SyncError;

type Http = AddAuthorization<Client<HttpsConnector<HttpConnector>, String>>;

/// How long one request may take before the server counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Items fetched per multiget request.
const FETCH_BATCH: usize = 250;

/// A collection on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub href: String,
    pub name: Option<String>,
}

/// A collection Kith syncs with, and how it came to be that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub href: String,
    pub how: How,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The address the user gave is this collection.
    Given,
    /// Found on the server by its name.
    Found,
    /// Made by Kith.
    Made,
}

/// What is at an address on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    AddressBook,
    /// A calendar collection and the components it takes (none named: it
    /// takes every kind).
    Calendar {
        components: Vec<String>,
    },
    /// Anything else: the server's root, a principal, a home set.
    Other,
}

impl Found {
    /// Whether it is a calendar collection that takes tasks.
    pub fn takes_tasks(&self) -> bool {
        matches!(self, Found::Calendar { components }
            if components.is_empty() || components.iter().any(|c| c.eq_ignore_ascii_case("VTODO")))
    }
}

/// What changed in a collection since a sync token.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// The token to ask with next time (`None`: the server has none).
    pub token: Option<String>,
    /// Items created or changed: href and ETag.
    pub changed: Vec<(String, String)>,
    /// Items deleted (only ever what the server said was deleted).
    pub deleted: Vec<String>,
    /// Whether this is the whole collection (the token was refused or
    /// there was none), so anything known and not listed is gone.
    pub full: bool,
}

impl Changes {
    /// A `sync-collection` answer: with a token, what changed since it;
    /// without one (`full`), the whole collection.
    fn from_sync(r: SyncCollectionResponse, full: bool) -> Changes {
        Changes {
            token: Some(r.new_sync_token),
            changed: r
                .changed
                .into_iter()
                .filter_map(|c| Some((c.href, c.etag?)))
                .collect(),
            deleted: if full { Vec::new() } else { r.deleted },
            full,
        }
    }
}

/// An item's content.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub href: String,
    pub etag: String,
    pub data: String,
}

/// How a conditional write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written; the new ETag when the server said it.
    Done(Option<String>),
    /// The item changed on the server since it was read (412), or is
    /// already there for a create: read it again and merge.
    Changed,
    /// The item is not there any more (deleting it, or updating it).
    Gone,
    /// The server holds another item with the same UID elsewhere (409).
    Duplicate,
}

/// Whether `uri` may be used: HTTPS anywhere, HTTP only to this computer.
pub fn check_url(uri: &Uri) -> Result<(), SyncError> {
    let host = uri.host().unwrap_or("");
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") => {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let loopback = host == "localhost"
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback {
                Ok(())
            } else {
                Err(SyncError::Refused(format!(
                    "{uri} is plain HTTP; Kith sends your password only over HTTPS (plain HTTP only to this computer)"
                )))
            }
        }
        _ => Err(SyncError::Refused(format!(
            "'{uri}' is not an https:// address of a server"
        ))),
    }
}

fn classify<E: std::error::Error>(error: WebDavError<E>) -> SyncError {
    match error {
        WebDavError::BadStatusCode(StatusCode::UNAUTHORIZED) => SyncError::Unauthorized,
        WebDavError::BadStatusCode(status) => {
            SyncError::Server(format!("the server answered {status}"))
        }
        WebDavError::Request(e) => SyncError::Unreachable(root_cause(&e)),
        other => SyncError::Server(other.to_string()),
    }
}

/// The innermost message of an error chain ("Connection refused").
fn root_cause(error: &dyn std::error::Error) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

async fn timed<T, E>(work: impl Future<Output = Result<T, E>>) -> Result<Result<T, E>, SyncError> {
    tokio::time::timeout(REQUEST_TIMEOUT, work)
        .await
        .map_err(|_| SyncError::Unreachable("no answer within a minute".into()))
}

/// Which of the server's services a connection speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// CardDAV: address books of vCards.
    Contacts,
    /// CalDAV: calendars and task lists of iCalendar objects.
    Calendars,
}

/// A connection to one service of one server as one user.
pub struct Server {
    dav: WebDavClient<Http>,
    service: Service,
}

impl Server {
    /// Connects to the address books at `url` (see [`Server::connect_to`]).
    pub async fn connect(url: &str, user: &str, password: &str) -> Result<Server, SyncError> {
        Server::connect_to(url, user, password, Service::Contacts).await
    }

    /// Connects to `service` at `url` (not yet checking the password: the
    /// first request does). Finds the context path by RFC 6764's
    /// well-known address when `url` is only a host.
    pub async fn connect_to(
        url: &str,
        user: &str,
        password: &str,
        service: Service,
    ) -> Result<Server, SyncError> {
        let uri: Uri = url
            .trim()
            .parse()
            .map_err(|_| SyncError::Refused(format!("'{url}' is not a web address")))?;
        check_url(&uri)?;
        let connector = HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| SyncError::Unreachable(format!("no trusted certificates here: {e}")))?
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        let http = AddAuthorization::basic(client, user, password);
        let mut webdav = WebDavClient::new(uri.clone(), http);
        if uri.path() == "/" || uri.path().is_empty() {
            let (host, port) = (
                uri.host().unwrap_or_default().to_owned(),
                uri.port_u16()
                    .unwrap_or(if uri.scheme_str() == Some("http") {
                        80
                    } else {
                        443
                    }),
            );
            let discoverable = match service {
                Service::Contacts => libdav::carddav_service_for_url(&uri),
                Service::Calendars => libdav::caldav_service_for_url(&uri),
            }
            .map_err(|e| SyncError::Refused(e.to_string()))?;
            // The well-known address may redirect further than the DAV
            // root (Radicale's ends at its web page): keep what it found
            // only if a principal answers there.
            if let Ok(Ok(Some(found))) =
                timed(webdav.find_context_path(discoverable, &host, port)).await
            {
                check_url(&found)?;
                let mut probe = webdav.clone();
                probe.base_url = found.clone();
                if let Ok(Ok(Some(_))) = timed(probe.find_current_user_principal()).await {
                    webdav.base_url = found;
                }
            }
        }
        let mut server = Server {
            dav: webdav,
            service,
        };
        server.follow_home().await?;
        Ok(server)
    }

    /// Moves to the host that holds the user's collections when it is
    /// another one (iCloud answers on `contacts.icloud.com` and keeps the
    /// books on `pNN-contacts.icloud.com`), so every later request, and
    /// the collection paths Kith keeps, are that host's.
    async fn follow_home(&mut self) -> Result<(), SyncError> {
        let here = self.dav.base_url().authority().cloned();
        let elsewhere = self
            .home_sets()
            .await?
            .into_iter()
            .find(|h| h.authority().is_some() && h.authority() != here.as_ref());
        if let Some(home) = elsewhere {
            check_url(&home)?;
            let base = format!(
                "{}://{}/",
                home.scheme_str().unwrap_or("https"),
                home.authority().map(|a| a.as_str()).unwrap_or_default()
            );
            if let Ok(uri) = base.parse() {
                tracing::info!(%base, service = ?self.service, "the collections are on another host");
                self.dav.base_url = uri;
            }
        }
        Ok(())
    }

    async fn home_sets(&self) -> Result<Vec<Uri>, SyncError> {
        let principal = timed(self.dav.find_current_user_principal())
            .await?
            .map_err(|e| match e {
                libdav::dav::FindCurrentUserPrincipalError::RequestError(e) => classify(e),
                other => SyncError::Server(other.to_string()),
            })?;
        let Some(principal) = principal else {
            return Ok(Vec::new());
        };
        let homes = match self.service {
            Service::Contacts => {
                timed(
                    self.dav
                        .request(FindAddressBookHomeSet::new(principal.path())),
                )
                .await?
                .map_err(classify)?
                .home_sets
            }
            Service::Calendars => {
                timed(self.dav.request(FindCalendarHomeSet::new(principal.path())))
                    .await?
                    .map_err(classify)?
                    .home_sets
            }
        };
        Ok(homes)
    }

    /// The home sets of the user's collections of this service (the base
    /// URL when the server names none).
    async fn homes(&self) -> Result<Vec<String>, SyncError> {
        let homes = self.home_sets().await?;
        if homes.is_empty() {
            return Ok(vec![self.dav.base_url().path().to_owned()]);
        }
        for home in &homes {
            if home.scheme().is_some() {
                check_url(home)?;
            }
        }
        Ok(homes.iter().map(|h| h.path().to_owned()).collect())
    }

    /// The user's address books, or calendars and task lists.
    pub async fn collections(&self) -> Result<Vec<Collection>, SyncError> {
        let mut out = Vec::new();
        for home in self.homes().await? {
            let found = match self.service {
                Service::Contacts => {
                    timed(self.dav.request(FindAddressBooks::new(&home)))
                        .await?
                        .map_err(classify)?
                        .addressbooks
                }
                Service::Calendars => {
                    timed(self.dav.request(FindCalendars::new(&home)))
                        .await?
                        .map_err(classify)?
                        .calendars
                }
            };
            for book in found {
                let name = timed(
                    self.dav
                        .request(GetProperty::new(&book.href, &names::DISPLAY_NAME)),
                )
                .await?
                .ok()
                .and_then(|p| p.value);
                out.push(Collection {
                    href: book.href,
                    name,
                });
            }
        }
        Ok(out)
    }

    /// The user's address books.
    pub async fn address_books(&self) -> Result<Vec<Collection>, SyncError> {
        self.collections().await
    }

    /// The collection named `name` (by display name or last path segment,
    /// ignoring case), created in the first home set if missing: an
    /// address book, or a calendar for the `components` given.
    pub async fn ensure_collection(
        &self,
        name: &str,
        components: &[CalendarComponent],
    ) -> Result<Chosen, SyncError> {
        let mut slug = String::new();
        for c in name.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_matches('-').to_owned();
        let matches = |c: &Collection| {
            let last = c
                .href
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            c.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                || last.eq_ignore_ascii_case(name)
                || last == slug
        };
        if let Some(found) = self.collections().await?.into_iter().find(matches) {
            return Ok(Chosen {
                href: found.href,
                how: How::Found,
            });
        }
        let home = self
            .homes()
            .await?
            .into_iter()
            .next()
            .unwrap_or_else(|| "/".into());
        let href = format!("{}/{slug}/", home.trim_end_matches('/'));
        match self.service {
            Service::Contacts => {
                timed(
                    self.dav
                        .request(CreateAddressBook::new(&href).with_display_name(name)),
                )
                .await?
                .map_err(classify)?;
            }
            Service::Calendars => {
                timed(
                    self.dav.request(
                        CreateCalendar::new(&href)
                            .with_display_name(name)
                            .with_components(components),
                    ),
                )
                .await?
                .map_err(classify)?;
            }
        }
        Ok(Chosen {
            href,
            how: How::Made,
        })
    }

    /// What is at `href` (a path on this server): an address book, a
    /// calendar collection, or something else; `Other` too when nothing
    /// answers there.
    pub async fn what_is_at(&self, href: &str) -> Result<Found, SyncError> {
        let asked = timed(self.dav.request(Propfind::new(href).with_properties(&[
            &names::RESOURCETYPE,
            &names::SUPPORTED_CALENDAR_COMPONENT_SET,
        ])))
        .await?;
        let response = match asked {
            Ok(response) => response,
            Err(WebDavError::BadStatusCode(StatusCode::UNAUTHORIZED)) => {
                return Err(SyncError::Unauthorized)
            }
            Err(_) => return Ok(Found::Other),
        };
        let Ok(tree) = response.xml_tree() else {
            return Ok(Found::Other);
        };
        let Some(types) = tree
            .descendants()
            .find(|n| n.tag_name() == names::RESOURCETYPE)
        else {
            return Ok(Found::Other);
        };
        if types
            .descendants()
            .any(|n| n.tag_name() == names::ADDRESSBOOK)
        {
            return Ok(Found::AddressBook);
        }
        if types.descendants().any(|n| n.tag_name() == names::CALENDAR) {
            let components = tree
                .descendants()
                .filter(|n| n.tag_name() == names::COMP)
                .filter_map(|n| n.attribute("name").map(str::to_owned))
                .collect();
            return Ok(Found::Calendar { components });
        }
        Ok(Found::Other)
    }

    /// The address book named `name`, created if missing.
    pub async fn ensure_address_book(&self, name: &str) -> Result<Chosen, SyncError> {
        self.ensure_collection(name, &[]).await
    }

    /// What changed in `collection` since `token`; the whole collection
    /// when there is no token or the server refuses it.
    pub async fn changes(
        &self,
        collection: &str,
        token: Option<&str>,
    ) -> Result<Changes, SyncError> {
        if let Some(token) = token {
            let asked = timed(
                self.dav
                    .request(SyncCollection::new(collection).with_sync_token(token)),
            )
            .await?;
            match asked {
                Ok(r) => return Ok(Changes::from_sync(r, false)),
                // An expired or unknown token: list everything instead.
                Err(WebDavError::PreconditionFailed(_))
                | Err(WebDavError::BadStatusCode(StatusCode::FORBIDDEN | StatusCode::CONFLICT)) => {
                    tracing::info!(
                        collection,
                        "the server refused the sync token; listing everything"
                    );
                }
                Err(e) => return Err(classify(e)),
            }
        }
        // A sync-collection without a token lists everything and gives a
        // token; a server without sync-collection gets a plain listing.
        match timed(self.dav.request(SyncCollection::new(collection))).await? {
            Ok(r) => Ok(Changes::from_sync(r, true)),
            Err(WebDavError::BadStatusCode(StatusCode::UNAUTHORIZED)) => {
                Err(SyncError::Unauthorized)
            }
            Err(_) => {
                let listed = timed(self.dav.request(ListResources::new(collection)))
                    .await?
                    .map_err(classify)?;
                Ok(Changes {
                    token: None,
                    changed: listed
                        .resources
                        .into_iter()
                        .filter(|r| !r.resource_type.is_collection)
                        .filter_map(|r| Some((r.href, r.etag?)))
                        .collect(),
                    deleted: Vec::new(),
                    full: true,
                })
            }
        }
    }

    /// The content of items of a collection; an item gone since it was
    /// listed is left out.
    pub async fn fetch(
        &self,
        collection: &str,
        hrefs: &[String],
    ) -> Result<Vec<Fetched>, SyncError> {
        let mut out = Vec::with_capacity(hrefs.len());
        for batch in hrefs.chunks(FETCH_BATCH) {
            let resources: Vec<FetchedResource> = match self.service {
                Service::Contacts => {
                    timed(
                        self.dav
                            .request(GetAddressBookResources::new(collection).with_hrefs(batch)),
                    )
                    .await?
                    .map_err(classify)?
                    .resources
                }
                Service::Calendars => {
                    timed(
                        self.dav
                            .request(GetCalendarResources::new(collection).with_hrefs(batch)),
                    )
                    .await?
                    .map_err(classify)?
                    .resources
                }
            };
            for resource in resources {
                if let Ok(content) = resource.content {
                    out.push(Fetched {
                        href: resource.href,
                        etag: content.etag,
                        data: content.data,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Creates an item, only if nothing is at `href` (`If-None-Match: *`).
    pub async fn create(
        &self,
        href: &str,
        data: &str,
        content_type: &str,
    ) -> Result<Written, SyncError> {
        let put = PutResource::new(href).create(data, content_type);
        written(timed(self.dav.request(put)).await?.map(|r| r.etag))
    }

    /// Replaces an item, only if it is still at `etag` (`If-Match`).
    pub async fn update(
        &self,
        href: &str,
        data: &str,
        content_type: &str,
        etag: &str,
    ) -> Result<Written, SyncError> {
        let put = PutResource::new(href).update(data, content_type, etag);
        written(timed(self.dav.request(put)).await?.map(|r| r.etag))
    }

    /// Deletes an item, only if it is still at `etag`.
    pub async fn delete(&self, href: &str, etag: &str) -> Result<Written, SyncError> {
        let delete = Delete::new(href).with_etag(etag);
        written(timed(self.dav.request(delete)).await?.map(|_| None))
    }
}

fn written<E: std::error::Error>(
    result: Result<Option<String>, WebDavError<E>>,
) -> Result<Written, SyncError> {
    match result {
        Ok(etag) => Ok(Written::Done(etag)),
        Err(WebDavError::BadStatusCode(StatusCode::PRECONDITION_FAILED)) => Ok(Written::Changed),
        Err(WebDavError::BadStatusCode(StatusCode::NOT_FOUND | StatusCode::GONE)) => {
            Ok(Written::Gone)
        }
        Err(WebDavError::BadStatusCode(StatusCode::CONFLICT)) => Ok(Written::Duplicate),
        Err(e) => Err(classify(e)),
    }
}
