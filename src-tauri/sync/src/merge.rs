//! The three-way merge of a person's fields: what both sides last agreed on
//! (the base), what Kith has now and what the server has now.
//!
//! - A field changed on one side only takes that side's value.
//! - E-mails, phones, profiles and tags merge as sets: what either side
//!   added is kept, what either side removed goes.
//! - A single-valued field changed on both sides to different values keeps
//!   the newer side's value and sets the other aside as a conflict.
//! - With no base (the same person met on both sides for the first time),
//!   a field only one side has is taken, and differing values conflict.
//! - A photo is one value (its key), whose newer side wins without a
//!   conflict.

use kith_core::domain::Identity;
use kith_core::store::{NewConflict, Side};

use crate::card::Card;

/// The merged fields and the conflicts set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged<F> {
    pub fields: F,
    pub conflicts: Vec<NewConflict>,
}

fn shown(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Merges one single-valued field.
pub(crate) fn field(
    name: &str,
    base: Option<&Option<String>>,
    here: &Option<String>,
    server: &Option<String>,
    newer: Side,
    conflicts: &mut Vec<NewConflict>,
) -> Option<String> {
    if here == server {
        return here.clone();
    }
    match base {
        Some(base) if here == base => return server.clone(),
        Some(base) if server == base => return here.clone(),
        None if here.is_none() => return server.clone(),
        None if server.is_none() => return here.clone(),
        _ => {}
    }
    let (kept, other) = match newer {
        Side::Here => (here, server),
        Side::Server => (server, here),
    };
    conflicts.push(NewConflict {
        field: name.to_owned(),
        kept: shown(kept),
        other: shown(other),
        kept_from: newer,
    });
    kept.clone()
}

/// Merges a set: kept when both have it, or when one side added it since
/// the base; gone when one side removed it.
fn set<T: Clone, K: PartialEq>(
    base: &[T],
    here: &[T],
    server: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let has = |list: &[T], k: &K| list.iter().any(|x| key(x) == *k);
    let mut out: Vec<T> = Vec::new();
    for item in here.iter().chain(server) {
        let k = key(item);
        if has(&out, &k) {
            continue;
        }
        let (in_base, in_here, in_server) = (has(base, &k), has(here, &k), has(server, &k));
        if (in_here && in_server) || !in_base {
            out.push(item.clone());
        }
    }
    out
}

/// Merges `here` and `server` from `base`; `newer` is the side whose
/// value wins a conflict.
pub fn merge(base: Option<&Card>, here: &Card, server: &Card, newer: Side) -> Merged<Card> {
    let mut conflicts = Vec::new();
    let name = field(
        "name",
        base.map(|b| Some(b.name.clone())).as_ref(),
        &Some(here.name.clone()),
        &Some(server.name.clone()),
        newer,
        &mut conflicts,
    )
    .unwrap_or_else(|| here.name.clone());
    let mut one = |name: &str, get: fn(&Card) -> &Option<String>| {
        field(
            name,
            base.map(get),
            get(here),
            get(server),
            newer,
            &mut conflicts,
        )
    };
    let company = one("company", |c| &c.company);
    let role = one("role", |c| &c.role);
    let birthday = one("birthday", |c| &c.birthday);
    let anniversary = one("anniversary", |c| &c.anniversary);
    let note = one("note", |c| &c.note);
    let empty = Card::default();
    let base_card = base.unwrap_or(&empty);
    let with_keys = |c: &Card| -> Vec<Identity> { c.handles() };
    let identities = set(
        &with_keys(base_card),
        &with_keys(here),
        &with_keys(server),
        |i: &Identity| (i.kind, i.normalized.clone()),
    )
    .into_iter()
    .map(|i| (i.kind.as_str().to_owned(), i.value))
    .collect();
    let tags = set(&base_card.tags, &here.tags, &server.tags, |t: &String| {
        t.to_lowercase()
    });
    let related = related(&base_card.related, &here.related, &server.related);
    // A photo changed on both sides keeps the newer one with no conflict
    // to flip: the other photo is not kept to flip back to.
    let photo = field(
        "photo",
        base.map(|b| &b.photo),
        &here.photo,
        &server.photo,
        newer,
        &mut Vec::new(),
    );
    let photo_from_card = if photo == server.photo {
        server.photo_from_card.clone()
    } else {
        None
    };
    Merged {
        fields: Card {
            name,
            company,
            role,
            birthday,
            anniversary,
            identities,
            tags,
            note,
            related,
            photo,
            photo_from_card,
        },
        conflicts,
    }
}

/// Merges links as cards carry them: everything Kith has, and what the
/// server added since the base. A link Kith took away goes; one the
/// server's card lacks stays (a client that does not know `RELATED` drops
/// it when it edits a card).
fn related(
    base: &[(String, String)],
    here: &[(String, String)],
    server: &[(String, String)],
) -> Vec<(String, String)> {
    let key = |(w, u): &(String, String)| (w.to_lowercase(), u.to_lowercase());
    let has = |list: &[(String, String)], k: &(String, String)| list.iter().any(|x| key(x) == *k);
    let mut out: Vec<(String, String)> = here.to_vec();
    for item in server {
        let k = key(item);
        if !has(&out, &k) && !has(base, &k) {
            out.push(item.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str, company: Option<&str>, emails: &[&str], tags: &[&str]) -> Card {
        Card {
            name: name.into(),
            company: company.map(Into::into),
            identities: emails
                .iter()
                .map(|e| ("email".into(), (*e).into()))
                .collect(),
            tags: tags.iter().map(|t| (*t).into()).collect(),
            ..Card::default()
        }
    }

    #[test]
    fn different_fields_changed_on_each_side_are_both_kept() {
        let base = card("Ada", Some("Analytical"), &[], &[]);
        let here = card("Ada Lovelace", Some("Analytical"), &[], &[]);
        let server = card("Ada", Some("Babbage & Co"), &[], &[]);
        let m = merge(Some(&base), &here, &server, Side::Here);
        assert_eq!(m.fields.name, "Ada Lovelace");
        assert_eq!(m.fields.company.as_deref(), Some("Babbage & Co"));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn the_same_field_changed_on_both_sides_keeps_the_newer_and_sets_the_other_aside() {
        let base = card("Ada", Some("A"), &[], &[]);
        let here = card("Ada", Some("Here Ltd"), &[], &[]);
        let server = card("Ada", Some("Server plc"), &[], &[]);
        let m = merge(Some(&base), &here, &server, Side::Server);
        assert_eq!(m.fields.company.as_deref(), Some("Server plc"));
        assert_eq!(
            m.conflicts,
            vec![NewConflict {
                field: "company".into(),
                kept: "Server plc".into(),
                other: "Here Ltd".into(),
                kept_from: Side::Server,
            }]
        );
        let m = merge(Some(&base), &here, &server, Side::Here);
        assert_eq!(m.fields.company.as_deref(), Some("Here Ltd"));
        assert_eq!(m.conflicts[0].other, "Server plc");
    }

    #[test]
    fn sets_keep_what_either_side_added_and_drop_what_either_removed() {
        let base = card("Ada", None, &["a@x.org", "old@x.org"], &["Friends", "Work"]);
        let here = card(
            "Ada",
            None,
            &["a@x.org", "old@x.org", "new@here.org"],
            &["friends"],
        );
        let server = card(
            "Ada",
            None,
            &["A@X.org", "srv@x.org"],
            &["Friends", "Work", "Met at PyCon"],
        );
        let m = merge(Some(&base), &here, &server, Side::Here);
        let emails: Vec<&str> = m
            .fields
            .identities
            .iter()
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(emails, ["a@x.org", "new@here.org", "srv@x.org"]);
        assert_eq!(m.fields.tags, ["friends", "Met at PyCon"]);
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn without_a_base_one_sided_values_are_taken_and_differences_conflict() {
        let here = card("Ada", None, &["a@x.org"], &[]);
        let server = card("Ada", Some("Analytical"), &["b@x.org"], &[]);
        let m = merge(None, &here, &server, Side::Here);
        assert_eq!(m.fields.company.as_deref(), Some("Analytical"));
        assert_eq!(m.fields.identities.len(), 2);
        assert!(m.conflicts.is_empty());
        let server = card("Ada King", None, &[], &[]);
        let m = merge(None, &here, &server, Side::Here);
        assert_eq!(m.fields.name, "Ada");
        assert_eq!(m.conflicts[0].field, "name");
    }

    #[test]
    fn links_kith_has_stay_and_what_the_server_added_comes_in() {
        let with = |related: &[(&str, &str)]| Card {
            related: related
                .iter()
                .map(|(w, u)| ((*w).into(), (*u).into()))
                .collect(),
            ..card("Ada", None, &[], &[])
        };
        let base = with(&[("friend", "u1"), ("sibling", "u2")]);
        // Kith took the sibling away; the server's card lost the friend (a
        // client that drops RELATED) and gained a parent.
        let here = with(&[("friend", "u1")]);
        let server = with(&[("sibling", "u2"), ("parent", "u3")]);
        let m = merge(Some(&base), &here, &server, Side::Server);
        assert_eq!(
            m.fields.related,
            [
                ("friend".to_owned(), "u1".to_owned()),
                ("parent".to_owned(), "u3".to_owned())
            ]
        );
        assert!(m.conflicts.is_empty());
    }
}
