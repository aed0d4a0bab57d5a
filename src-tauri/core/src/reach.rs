//! Where an identity leads: the link that opens a person's profile, starts
//! an e-mail, a call or a text, built from what Kith stores and checked
//! before anything may open it.
//!
//! Every stored value may have come from an import, so none is trusted: a
//! link is built from the identity's parsed parts (an e-mail's address, a
//! phone's digit key, a profile's handle) or, for a website, parsed whole
//! with the `url` crate — never pattern-matched — and [`checked`] lets only
//! `https`, `http`, `mailto`, `tel` and `sms` links out, never one carrying
//! a user name or password.

use url::Url;

use crate::domain::{Channel, Identity, IdentityKind, PHONE_TEXT};

/// The schemes a link may have.
pub const SCHEMES: [&str; 5] = ["https", "http", "mailto", "tel", "sms"];

/// What to do with an identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Open the profile or website in the browser.
    Open,
    /// Start an e-mail in the mail program, optionally drafted.
    Email {
        subject: Option<String>,
        body: Option<String>,
    },
    /// Start a call.
    Call,
    /// Start a text message.
    Text,
}

impl Action {
    /// The action a window or command line names (`open`, `email`, `call`,
    /// `text`), with the draft for an e-mail.
    pub fn parse(how: &str, subject: Option<String>, body: Option<String>) -> Option<Self> {
        match how {
            "open" => Some(Self::Open),
            "email" => Some(Self::Email { subject, body }),
            "call" => Some(Self::Call),
            "text" => Some(Self::Text),
            _ => None,
        }
    }
}

/// Why a link is not opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("Kith opens only web, e-mail, phone and text links, not a \"{0}:\" link")]
    Scheme(String),
    #[error("Kith does not open a link that carries a user name or password")]
    Credentials,
    #[error("that web address names no site")]
    NoHost,
    #[error("\"{0}\" is not a link Kith can open")]
    Unreadable(String),
    #[error("a {kind} cannot be used to {what}")]
    NotForKind {
        kind: &'static str,
        what: &'static str,
    },
}

/// The link for doing `action` with `identity`, checked.
pub fn link(identity: &Identity, action: &Action) -> Result<Url, Refused> {
    let not_for = |what| Refused::NotForKind {
        kind: kind_name(identity.kind),
        what,
    };
    let text = match (identity.kind, action) {
        (IdentityKind::Email, Action::Email { subject, body }) => {
            mailto(&identity.normalized, subject.as_deref(), body.as_deref())
        }
        (IdentityKind::Email, _) => return Err(not_for("open a page, call or text")),
        (IdentityKind::Phone, Action::Call | Action::Text)
            if identity.normalized.starts_with(PHONE_TEXT) =>
        {
            return Err(not_for("call or text: it was kept as text, not a number"))
        }
        (IdentityKind::Phone, Action::Call) => format!("tel:{}", identity.normalized),
        (IdentityKind::Phone, Action::Text) => format!("sms:{}", identity.normalized),
        (IdentityKind::Phone, _) => return Err(not_for("open a page or write an e-mail")),
        (_, Action::Open) => profile(identity)?,
        (_, _) => return Err(not_for("write an e-mail, call or text")),
    };
    checked(&text)
}

/// The one gate every link passes: parsed, one of [`SCHEMES`], with no
/// credentials, and a web link naming a site.
pub fn checked(text: &str) -> Result<Url, Refused> {
    let url = Url::parse(text).map_err(|_| Refused::Unreadable(shown(text)))?;
    if !SCHEMES.contains(&url.scheme()) {
        return Err(Refused::Scheme(url.scheme().to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Credentials);
    }
    if matches!(url.scheme(), "https" | "http") && url.host_str().is_none_or(str::is_empty) {
        return Err(Refused::NoHost);
    }
    Ok(url)
}

/// A profile or website's address, from the identity's parsed handle where
/// Kith knows the site.
fn profile(identity: &Identity) -> Result<String, Refused> {
    let handle = || encode(&identity.normalized);
    Ok(match identity.kind {
        IdentityKind::Linkedin => format!("https://www.linkedin.com/in/{}/", handle()),
        IdentityKind::X => format!("https://x.com/{}", handle()),
        IdentityKind::Instagram => format!("https://www.instagram.com/{}/", handle()),
        _ => website(identity.value.trim())?,
    })
}

/// A website as typed: a full address, or a bare host ("example.org/ada",
/// "example.org:8080") read as https.
fn website(value: &str) -> Result<String, Refused> {
    match Url::parse(value) {
        // A "scheme" with a dot in it is a host and port, not a scheme.
        Ok(url) if !url.scheme().contains('.') => Ok(url.into()),
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => Ok(format!("https://{value}")),
        Err(_) => Err(Refused::Unreadable(shown(value))),
    }
}

/// A `mailto:` link (RFC 6068): every character of the address outside the
/// unreserved set encoded, so a stored `?` or `&` cannot add a header, and
/// the draft's subject and body encoded the same way (`%20`, not `+`).
fn mailto(address: &str, subject: Option<&str>, body: Option<&str>) -> String {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let mut link = format!("mailto:{}@{}", encode(local), encode(domain));
    let fields: Vec<String> = [("subject", subject), ("body", body)]
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", encode(value?))))
        .collect();
    if !fields.is_empty() {
        link.push('?');
        link.push_str(&fields.join("&"));
    }
    link
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A value as quoted in a message: at most 60 characters.
fn shown(text: &str) -> String {
    let mut shown: String = text.chars().filter(|c| !c.is_control()).take(60).collect();
    if text.chars().count() > 60 {
        shown.push('…');
    }
    shown
}

fn kind_name(kind: IdentityKind) -> &'static str {
    match kind {
        IdentityKind::Email => "e-mail address",
        IdentityKind::Phone => "phone number",
        IdentityKind::Linkedin => "LinkedIn profile",
        IdentityKind::X => "X handle",
        IdentityKind::Facebook => "Facebook profile",
        IdentityKind::Instagram => "Instagram handle",
        IdentityKind::Website => "website",
        IdentityKind::Other => "handle",
    }
}

/// How to reach someone for a suggested next step: which of their
/// identities, and what to do with it (`open`, `email` or `call`, as
/// [`Action::parse`] reads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub identity: i64,
    pub how: &'static str,
    pub kind: IdentityKind,
}

/// The channel a suggested step goes through, from the identities a person
/// has (with their row ids) and the channel used with them last (or the
/// step's own, e.g. LinkedIn for a welcome): that profile when it is the
/// channel and they have it; else an e-mail, where a drafted message
/// goes whole; else a call; else their LinkedIn, X, Facebook or Instagram
/// profile. `None` when none of these is known.
pub fn reach(identities: &[(i64, Identity)], channel: Channel) -> Option<Reach> {
    let first = |kind: IdentityKind, how: &'static str| {
        identities
            .iter()
            .find(|(_, i)| i.kind == kind)
            .map(|(id, _)| Reach {
                identity: *id,
                how,
                kind,
            })
    };
    let profile = match channel {
        Channel::Linkedin => Some(IdentityKind::Linkedin),
        Channel::X => Some(IdentityKind::X),
        Channel::Facebook => Some(IdentityKind::Facebook),
        Channel::Instagram => Some(IdentityKind::Instagram),
        _ => None,
    };
    let phone_first = matches!(channel, Channel::Phone | Channel::Video);
    profile
        .and_then(|kind| first(kind, "open"))
        .or_else(|| {
            phone_first
                .then(|| first(IdentityKind::Phone, "call"))
                .flatten()
        })
        .or_else(|| first(IdentityKind::Email, "email"))
        .or_else(|| first(IdentityKind::Phone, "call"))
        .or_else(|| {
            [
                IdentityKind::Linkedin,
                IdentityKind::X,
                IdentityKind::Facebook,
                IdentityKind::Instagram,
            ]
            .into_iter()
            .find_map(|kind| first(kind, "open"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_goes_through_its_channel_else_e_mail_else_a_call_else_a_profile() {
        let id = |kind, value| Identity::new(kind, value).unwrap();
        let all = vec![
            (
                1,
                id(IdentityKind::Linkedin, "https://www.linkedin.com/in/ada"),
            ),
            (2, id(IdentityKind::Email, "ada@example.org")),
            (3, id(IdentityKind::Phone, "+44 20 7946 0000")),
        ];
        let how =
            |ids: &[(i64, Identity)], channel| reach(ids, channel).map(|r| (r.identity, r.how));
        assert_eq!(how(&all, Channel::Linkedin), Some((1, "open")));
        assert_eq!(how(&all, Channel::Other), Some((2, "email")));
        assert_eq!(how(&all, Channel::Phone), Some((3, "call")));
        assert_eq!(how(&all[..1], Channel::Email), Some((1, "open")));
        assert_eq!(how(&all[2..], Channel::Linkedin), Some((3, "call")));
        let website = vec![(4, id(IdentityKind::Website, "https://ada.example.org"))];
        assert_eq!(how(&website, Channel::Other), None);
    }
    use rstest::rstest;

    fn id(kind: IdentityKind, value: &str) -> Identity {
        Identity::new(kind, value).unwrap()
    }

    #[rstest]
    #[case(
        IdentityKind::Linkedin,
        "https://www.linkedin.com/in/ada-lovelace/",
        Action::Open,
        "https://www.linkedin.com/in/ada-lovelace/"
    )]
    #[case(IdentityKind::X, "@AdaL", Action::Open, "https://x.com/adal")]
    #[case(
        IdentityKind::Instagram,
        "ada.codes",
        Action::Open,
        "https://www.instagram.com/ada.codes/"
    )]
    #[case(
        IdentityKind::Website,
        "ada.example.org/about",
        Action::Open,
        "https://ada.example.org/about"
    )]
    #[case(
        IdentityKind::Website,
        "http://ada.example.org",
        Action::Open,
        "http://ada.example.org/"
    )]
    #[case(
        IdentityKind::Website,
        "example.org:8080/x",
        Action::Open,
        "https://example.org:8080/x"
    )]
    #[case(
        IdentityKind::Facebook,
        "https://www.facebook.com/ada.l",
        Action::Open,
        "https://www.facebook.com/ada.l"
    )]
    #[case(
        IdentityKind::Phone,
        "+44 20 7946 0000",
        Action::Call,
        "tel:+442079460000"
    )]
    #[case(
        IdentityKind::Phone,
        "+44 20 7946 0000",
        Action::Text,
        "sms:+442079460000"
    )]
    #[case(IdentityKind::Email, "Ada@Example.org", Action::Email { subject: None, body: None }, "mailto:ada@example.org")]
    fn identities_lead_to_their_apps(
        #[case] kind: IdentityKind,
        #[case] value: &str,
        #[case] action: Action,
        #[case] expected: &str,
    ) {
        assert_eq!(link(&id(kind, value), &action).unwrap().as_str(), expected);
    }

    #[test]
    fn a_drafted_email_carries_its_subject_and_body_encoded() {
        let action = Action::Email {
            subject: Some("Thanks & hello".into()),
            body: Some("Hi Ada,\nhow is it going? 100% ✓".into()),
        };
        let url = link(&id(IdentityKind::Email, "ada@example.org"), &action).unwrap();
        assert_eq!(
            url.as_str(),
            "mailto:ada@example.org?subject=Thanks%20%26%20hello&body=Hi%20Ada%2C%0Ahow%20is%20it%20going%3F%20100%25%20%E2%9C%93"
        );
    }

    #[test]
    fn a_stored_address_cannot_add_headers_or_recipients() {
        let hostile = id(
            IdentityKind::Email,
            "ada?cc=eve%40evil.example&bcc=x@example.org",
        );
        let url = link(
            &hostile,
            &Action::Email {
                subject: None,
                body: None,
            },
        )
        .unwrap();
        assert_eq!(url.query(), None, "{url}");
        assert!(!url.as_str().contains('&'));
    }

    #[rstest]
    #[case(
        "javascript:alert(1)",
        "Kith opens only web, e-mail, phone and text links, not a \"javascript:\" link"
    )]
    #[case("JavaScript:alert(document.cookie)", "not a \"javascript:\" link")]
    #[case("file:///etc/passwd", "not a \"file:\" link")]
    #[case("data:text/html,<script>alert(1)</script>", "not a \"data:\" link")]
    #[case("vbscript:msgbox", "not a \"vbscript:\" link")]
    #[case("ftp://example.org/x", "not a \"ftp:\" link")]
    #[case("smb://server/share", "not a \"smb:\" link")]
    #[case("https://ada:secret@evil.example/", "carries a user name or password")]
    #[case("https://ada@evil.example/", "carries a user name or password")]
    #[case("http://[::1", "is not a link Kith can open")]
    fn hostile_websites_are_refused_with_a_clear_message(
        #[case] value: &str,
        #[case] message: &str,
    ) {
        let refused = link(&id(IdentityKind::Website, value), &Action::Open).unwrap_err();
        assert!(refused.to_string().contains(message), "{value}: {refused}");
    }

    #[test]
    fn each_kind_offers_only_its_own_actions() {
        let email = id(IdentityKind::Email, "ada@example.org");
        assert!(matches!(
            link(&email, &Action::Call),
            Err(Refused::NotForKind { .. })
        ));
        let phone = id(IdentityKind::Phone, "+44 20 7946 0000");
        assert!(matches!(
            link(&phone, &Action::Open),
            Err(Refused::NotForKind { .. })
        ));
        let text_phone = id(IdentityKind::Phone, "ask reception");
        let refused = link(&text_phone, &Action::Call).unwrap_err();
        assert!(refused.to_string().contains("kept as text"), "{refused}");
        let site = id(IdentityKind::Website, "example.org");
        assert!(matches!(
            link(
                &site,
                &Action::Email {
                    subject: None,
                    body: None
                }
            ),
            Err(Refused::NotForKind { .. })
        ));
    }

    #[test]
    fn the_gate_lets_only_the_five_schemes_through() {
        for ok in [
            "https://example.org/",
            "http://example.org/",
            "mailto:a@b.c",
            "tel:+1555",
            "sms:+1555",
        ] {
            assert!(checked(ok).is_ok(), "{ok}");
        }
        for refused in [
            "about:blank",
            "chrome://settings",
            "kith://x",
            "https://",
            "blob:https://x/y",
        ] {
            assert!(checked(refused).is_err(), "{refused}");
        }
    }

    proptest::proptest! {
        #[test]
        fn no_stored_website_escapes_the_gate(value in "\\PC{1,80}") {
            if let Ok(identity) = Identity::new(IdentityKind::Website, &value) {
                if let Ok(url) = link(&identity, &Action::Open) {
                    proptest::prop_assert!(matches!(url.scheme(), "https" | "http"));
                    proptest::prop_assert!(url.username().is_empty() && url.password().is_none());
                }
            }
        }
    }
}
