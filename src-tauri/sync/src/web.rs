//! The one web request Kith makes outside sync, and only when the user asks
//! for it: fetching a photo a card gave as a web address. Nothing is sent
//! but the request itself (no cookies, no credentials); the answer is
//! bounded in time and size and must be an image Kith takes.

use std::time::Duration;

use http::header::{ACCEPT, LOCATION, USER_AGENT};
use http::{Request, StatusCode, Uri};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::HttpsConnectorBuilder;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The most bytes taken, as the photo reader takes them.
pub const MAX_BYTES: usize = kith_core::photo::MAX_SOURCE_BYTES;
/// How long a fetch may take in all, redirects included.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// Redirects followed.
const MAX_REDIRECTS: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("'{0}' is not an http or https address")]
    NotWeb(String),
    #[error("{host} could not be reached ({reason})")]
    Unreachable { host: String, reason: String },
    #[error("{host} answered {status}")]
    Status { host: String, status: StatusCode },
    #[error("{0} sent more than {MAX_REDIRECTS} redirects")]
    Redirects(String),
    #[error("the photo at {0} is larger than 20 MiB")]
    TooLarge(String),
    #[error("{0} took more than 30 seconds")]
    TimedOut(String),
}

/// The bytes at `url` (http or https), following a few redirects.
pub async fn fetch_photo(url: &str) -> Result<Vec<u8>, FetchError> {
    let mut uri = web_uri(url)?;
    let host = uri.host().unwrap_or_default().to_owned();
    tokio::time::timeout(TIMEOUT, async {
        let connector = HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| FetchError::Unreachable {
                host: host.clone(),
                reason: format!("no trusted certificates here: {e}"),
            })?
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        for _ in 0..=MAX_REDIRECTS {
            let host = uri.host().unwrap_or_default().to_owned();
            let request = Request::get(uri.clone())
                .header(USER_AGENT, "Kith")
                .header(ACCEPT, "image/*")
                .body(Empty::<bytes::Bytes>::new())
                .map_err(|_| FetchError::NotWeb(uri.to_string()))?;
            let response = client
                .request(request)
                .await
                .map_err(|e| FetchError::Unreachable {
                    host: host.clone(),
                    reason: e.to_string(),
                })?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .ok_or(FetchError::Status {
                        host: host.clone(),
                        status,
                    })?;
                uri = next_uri(&uri, location)?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Status { host, status });
            }
            let body = Limited::new(response.into_body(), MAX_BYTES)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        FetchError::TooLarge(host.clone())
                    } else {
                        FetchError::Unreachable {
                            host: host.clone(),
                            reason: e.to_string(),
                        }
                    }
                })?;
            return Ok(body.to_bytes().to_vec());
        }
        Err(FetchError::Redirects(host.clone()))
    })
    .await
    .map_err(|_| FetchError::TimedOut(host))?
}

/// An http or https address with a host.
fn web_uri(url: &str) -> Result<Uri, FetchError> {
    let uri: Uri = url
        .trim()
        .parse()
        .map_err(|_| FetchError::NotWeb(url.to_owned()))?;
    let web = matches!(uri.scheme_str(), Some("http" | "https"));
    if web && uri.host().is_some_and(|h| !h.is_empty()) {
        Ok(uri)
    } else {
        Err(FetchError::NotWeb(url.to_owned()))
    }
}

/// Where a redirect leads: an address of its own, or a path on the same
/// host.
fn next_uri(from: &Uri, location: &str) -> Result<Uri, FetchError> {
    if location.starts_with("http://") || location.starts_with("https://") {
        return web_uri(location);
    }
    if !location.starts_with('/') {
        return Err(FetchError::NotWeb(location.to_owned()));
    }
    let authority = from
        .authority()
        .ok_or_else(|| FetchError::NotWeb(from.to_string()))?;
    web_uri(&format!(
        "{}://{authority}{location}",
        from.scheme_str().unwrap_or("https")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_fetched_and_redirects_stay_on_the_web() {
        assert!(web_uri("https://example.org/a.jpg").is_ok());
        assert!(web_uri("http://127.0.0.1:8080/a.png").is_ok());
        for not_web in [
            "file:///etc/passwd",
            "ftp://example.org/a",
            "/a.jpg",
            "https://",
        ] {
            assert!(web_uri(not_web).is_err(), "{not_web}");
        }
        let from: Uri = "https://example.org/people/ada.jpg".parse().unwrap();
        assert_eq!(
            next_uri(&from, "/cdn/ada.jpg").unwrap().to_string(),
            "https://example.org/cdn/ada.jpg"
        );
        assert_eq!(
            next_uri(&from, "http://cdn.example.org/ada.jpg")
                .unwrap()
                .to_string(),
            "http://cdn.example.org/ada.jpg"
        );
        assert!(next_uri(&from, "file:///etc/passwd").is_err());
    }
}
