//! The commands about who knows whom: `link`, `unlink`, `links`, `path`
//! and `graph`, with "me" for the user in the first three.

use chrono::{DateTime, Utc};
use kith_core::domain::{InputError, MyTie, NeedId};
use kith_core::Store;

use crate::args::Command;
use crate::{graph, output, Failure};

/// Runs one of this module's commands.
pub(crate) fn run(
    store: &Store,
    command: Command,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    match command {
        Command::Link {
            person,
            other,
            kind,
            note,
            since,
        } => {
            let (note, since) = (note.as_deref(), since.as_deref());
            if is_me(&person) || is_me(&other) {
                let (them, you_first) = you_and(store, &person, &other)?;
                let what = MyTie::of(kind.parse()?, you_first)?;
                store.tie_to_me(them, what, note, since, now)?;
                output::my_ties(&my_ties(store, None)?, json);
            } else {
                let (a, b) = two_people(store, &person, &other)?;
                let draft = kith_core::domain::LinkDraft::new(a, b, kind.parse()?, note, since)?;
                store.link(&draft, now)?;
                output::links(&store.person(a)?.display_name, &links_of(store, a)?, json);
            }
        }
        Command::Unlink {
            person,
            other,
            kind,
        } if is_me(&person) || is_me(&other) => {
            let (them, you_first) = you_and(store, &person, &other)?;
            let what = match kind.as_deref() {
                Some(k) => Some(MyTie::of(k.parse()?, you_first)?),
                None => None,
            };
            store.untie_from_me(them, what)?;
            output::my_ties(&my_ties(store, None)?, json);
        }
        Command::Unlink {
            person,
            other,
            kind,
        } => {
            let (a, b) = two_people(store, &person, &other)?;
            store.unlink(a, b, link_kind(kind.as_deref())?)?;
            output::links(&store.person(a)?.display_name, &links_of(store, a)?, json);
        }
        Command::Links { person } if is_me(&person) => {
            output::my_ties(&my_ties(store, None)?, json);
        }
        Command::Links { person } => {
            let a = store.resolve_person(&person)?;
            if !json {
                for tie in my_ties(store, Some(a))? {
                    println!("To you: your {}", tie.what);
                }
            }
            output::links(&store.person(a)?.display_name, &links_of(store, a)?, json);
        }
        Command::Path {
            person,
            company,
            ask,
            hops,
        } => {
            let found = match (person, company, ask) {
                (Some(person), _, _) => {
                    store.warm_path(store.resolve_person(&person)?, hops, now)?
                }
                (None, Some(company), _) => store.warm_path_to_company(&company, hops, now)?,
                (None, None, Some(ask)) => store.warm_path_to_ask(NeedId(ask), hops, now)?,
                (None, None, None) => {
                    return Err(Failure::Usage("name a person, --company or --ask".into()))
                }
            };
            output::warm_path(&found.into(), json);
        }
        Command::Graph { around, depth, dot } => graph::print(store, around, depth, json, dot)?,
        _ => unreachable!("only the commands about links are run here"),
    }
    Ok(())
}

/// Two people named on the command line.
pub(crate) fn two_people(
    store: &Store,
    a: &str,
    b: &str,
) -> Result<(kith_core::domain::PersonId, kith_core::domain::PersonId), Failure> {
    Ok((store.resolve_person(a)?, store.resolve_person(b)?))
}

/// A link kind given with `--as`, if one was.
pub(crate) fn link_kind(
    kind: Option<&str>,
) -> Result<Option<kith_core::domain::LinkKind>, InputError> {
    kind.map(str::parse).transpose()
}

/// Whether a person argument means you, the user (`kith link me ADA`).
fn is_me(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("me")
}

/// The other person of a link with you, and whether you came first.
fn you_and(
    store: &Store,
    person: &str,
    other: &str,
) -> Result<(kith_core::domain::PersonId, bool), Failure> {
    match (is_me(person), is_me(other)) {
        (true, true) => Err(kith_core::domain::InputError::SelfLink.into()),
        (true, false) => Ok((store.resolve_person(other)?, true)),
        _ => Ok((store.resolve_person(person)?, false)),
    }
}

/// Your ties (one person's, or everyone's), for printing.
fn my_ties(
    store: &Store,
    person: Option<kith_core::domain::PersonId>,
) -> Result<Vec<kith_ipc::MyTieDto>, Failure> {
    Ok(store.my_ties(person)?.into_iter().map(Into::into).collect())
}

/// A person's links, for printing.
fn links_of(
    store: &Store,
    person: kith_core::domain::PersonId,
) -> Result<Vec<kith_ipc::LinkDto>, Failure> {
    Ok(store.links(person)?.into_iter().map(Into::into).collect())
}
