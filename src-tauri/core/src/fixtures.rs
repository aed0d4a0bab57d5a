//! Made-up people for the tests and benchmarks of every crate, and what
//! they read back, so each does not spell them out again. Nothing in the
//! app calls these.

use std::io::Write;
use std::path::Path;

use crate::domain::{
    Direction, Identity, IdentityKind, PersonBundle, PersonDraft, PersonId, TouchKind, TouchSpec,
};
use crate::Store;

/// "Person {i}", reached at `p{i}@example.org`.
pub fn person(i: usize) -> PersonDraft {
    PersonDraft::named(&format!("Person {i}"))
        .expect("a made-up name is valid")
        .with_identity(
            Identity::new(IdentityKind::Email, &format!("p{i}@example.org"))
                .expect("a made-up address is valid"),
        )
}

/// "{first} {last} {i}" of `names` (taken in turn from [`FIRST_NAMES`] and
/// [`LAST_NAMES`], or the first `names` of each), working at one of the
/// first `companies` of [`COMPANIES`], reached at `person{i}@example.com`.
pub fn employee(i: usize, names: usize, companies: usize) -> PersonDraft {
    let name = format!(
        "{} {} {i}",
        FIRST_NAMES[i % names],
        LAST_NAMES[(i / names) % names]
    );
    PersonDraft::named(&name)
        .and_then(|d| d.with_company(Some(COMPANIES[i % companies])))
        .expect("a made-up person is valid")
        .with_identity(
            Identity::new(IdentityKind::Email, &format!("person{i}@example.com"))
                .expect("a made-up address is valid"),
        )
}

/// [`person`] `i` with `touches`.
pub fn bundle(i: usize, touches: Vec<TouchSpec>) -> PersonBundle {
    PersonBundle::new(person(i), touches)
}

/// `person`'s e-mail touches: their direction and summary.
pub fn email_touches(store: &Store, person: PersonId) -> Vec<(Direction, Option<String>)> {
    store
        .touches(person)
        .expect("the touches are read")
        .into_iter()
        .filter(|t| t.kind == TouchKind::Email)
        .map(|t| (t.direction, t.summary))
        .collect()
}

/// Given names the made-up people of the benchmarks take turns with.
pub const FIRST_NAMES: &[&str] = &[
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim",
    "Amara", "Bjørn", "Chloé", "Dmitri", "Eun-ji", "Farah", "Giulia", "Hiroshi", "Ingrid", "José",
];

/// Family names, as [`FIRST_NAMES`].
pub const LAST_NAMES: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Okafor",
    "Nakamura",
    "Ferreira",
    "Novak",
    "Andersen",
    "Müller",
    "García",
    "Kowalski",
    "Haddad",
    "O'Connor",
];

/// Employers, as [`FIRST_NAMES`].
pub const COMPANIES: &[&str] = &[
    "Northwind",
    "Tidewater",
    "Brightfield",
    "Copperline",
    "Ashgrove",
    "Lumen",
    "Fernhill",
    "Quayside",
    "Harbor & Finch",
    "Kestrel Labs",
];

/// The name of the `i`th person of [`linkedin_connections`].
pub fn connection_name(i: usize) -> (&'static str, &'static str) {
    const FIRST: [&str; 12] = [
        "Ada", "Grace", "Linus", "Maya", "Tomas", "Priya", "Kenji", "Amara", "Jonas", "Leila",
        "Oskar", "Zanele",
    ];
    const LAST: [&str; 10] = [
        "Lovelace", "Hopper", "Okafor", "Berg", "Raman", "Sato", "Moreau", "Núñez", "Falk",
        "Dlamini",
    ];
    (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()])
}

/// A LinkedIn `Connections.csv` of `rows` made-up people, as LinkedIn
/// writes it (a byte-order mark and its notes before the header), each
/// with a profile of their own, a third with an e-mail address.
pub fn linkedin_connections(path: &Path, rows: usize) -> std::io::Result<()> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    out.write_all(b"\xEF\xBB\xBFNotes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n")?;
    for i in 0..rows {
        let (first, last) = connection_name(i);
        let email = if i % 3 == 0 {
            format!("person{i}@example.com")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{first},{last},https://www.linkedin.com/in/{}-{}-{i},{email},\"Company {}, Inc.\",Role {},{:02} {} {}",
            first.to_lowercase(),
            last.to_lowercase().replace('ú', "u").replace('ñ', "n"),
            i % 997,
            i % 50,
            1 + i % 28,
            MONTHS[i % 12],
            2012 + i % 14
        )?;
    }
    out.flush()
}
