//! Made-up people for the tests and benchmarks of every crate, so each
//! does not spell them out again. Nothing in the app calls these.

use crate::domain::{Identity, IdentityKind, PersonBundle, PersonDraft, TouchSpec};

/// "Person {i}", reached at `p{i}@example.org`.
pub fn person(i: usize) -> PersonDraft {
    PersonDraft::named(&format!("Person {i}"))
        .expect("a made-up name is valid")
        .with_identity(
            Identity::new(IdentityKind::Email, &format!("p{i}@example.org"))
                .expect("a made-up address is valid"),
        )
}

/// [`person`] `i` with `touches`.
pub fn bundle(i: usize, touches: Vec<TouchSpec>) -> PersonBundle {
    PersonBundle::new(person(i), touches)
}
