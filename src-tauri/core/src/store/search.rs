//! Turning what a user types into a safe FTS5 query.
//!
//! User text never reaches `MATCH` as syntax. It is split on white space,
//! each piece becomes a quoted prefix token (`"piece"*`, with quotes doubled)
//! and the tokens are ANDed. FTS5 then tokenizes inside the quotes, so
//! `ada@example.org` matches the phrase `ada example org`. Pieces with no
//! letter or digit (lone punctuation, emoji) would be empty phrases and are
//! dropped; text with none left is no filter at all.
//!
//! Part of the store's floor: the search index's upkeep (`reindex`) lives
//! here too, beside the queries that read it.

use rusqlite::Connection;

use super::Result;
use crate::domain::PersonId;

/// The most pieces of a query that are used; the rest are ignored.
const MAX_TOKENS: usize = 16;
/// The longest piece kept, in characters.
const MAX_TOKEN_CHARS: usize = 64;

/// The FTS5 expression for `input`, or `None` when it holds nothing to match.
pub fn fts_query(input: &str) -> Option<String> {
    let tokens: Vec<String> = input
        .split_whitespace()
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
        .take(MAX_TOKENS)
        .map(|piece| {
            let piece: String = piece
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_TOKEN_CHARS)
                .collect();
            format!("\"{}\"*", piece.replace('"', "\"\""))
        })
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// Rebuilds a person's row in the search index from their current data.
pub(crate) fn reindex(conn: &Connection, id: PersonId) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_search WHERE rowid = ?1")?
        .execute([id.0])?;
    conn.prepare_cached(
        "INSERT INTO person_search (rowid, name, work, handles, tags, notes, touches)
         SELECT p.id, p.display_name,
                concat_ws(' ', p.company, p.role, p.how_met, p.where_met),
                (SELECT group_concat(value, ' ') FROM identity WHERE person_id = p.id),
                (SELECT group_concat(t.name, ' ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                    WHERE pt.person_id = p.id),
                (SELECT group_concat(body, ' ') FROM note WHERE person_id = p.id),
                (SELECT group_concat(summary, ' ') FROM touch WHERE person_id = p.id)
         FROM person p WHERE p.id = ?1",
    )?
    .execute([id.0])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Identity, IdentityKind, PersonDraft, TouchDraft};
    use crate::store::tests::t0;
    use crate::store::Store;
    use crate::{Channel, Direction, TouchKind};
    use rstest::rstest;

    fn store_with_people() -> Store {
        let store = Store::open_in_memory().unwrap();
        let ada = PersonDraft::named("Ada Lovelace")
            .unwrap()
            .with_company(Some("Analytical Engines"))
            .unwrap()
            .with_identity(Identity::new(IdentityKind::Email, "ada.l@example.org").unwrap());
        let id = store.create_person(&ada, t0()).unwrap();
        store
            .add_note(id, "Wants an intro to a Rust contractor", t0())
            .unwrap();
        let touch = TouchDraft::new(
            id,
            TouchKind::Call,
            Channel::Phone,
            Direction::Out,
            t0(),
            Some("talked about the Zürich offsite"),
        )
        .unwrap();
        store.log_touch(&touch, t0()).unwrap();
        store
            .create_person(&PersonDraft::named("Grace Hopper").unwrap(), t0())
            .unwrap();
        store
            .create_person(&PersonDraft::named("Zoë 🚀 O'Brien-Smith").unwrap(), t0())
            .unwrap();
        store
    }

    #[rstest]
    #[case("ada", 1)]
    #[case("ADA lov", 1)]
    #[case("analytical", 1)]
    #[case("ada.l@example.org", 1)]
    #[case("rust contractor", 1)]
    #[case("zurich", 1)]
    #[case("zoe", 1)]
    #[case("o'brien", 1)]
    #[case("brien-smith", 1)]
    #[case("grace ada", 0)]
    #[case("nobody", 0)]
    fn search_finds_people_by_any_field(#[case] query: &str, #[case] expected: u64) {
        let store = store_with_people();
        assert_eq!(
            store.people(query, 0, 50).unwrap().total,
            expected,
            "{query}"
        );
    }

    #[rstest]
    #[case("\"")]
    #[case("\"\"\"")]
    #[case("ada\"")]
    #[case("-")]
    #[case("--ada")]
    #[case("AND")]
    #[case("ada AND OR NOT grace")]
    #[case("NEAR(ada grace)")]
    #[case("name:ada")]
    #[case("{name}: ada")]
    #[case("ada*")]
    #[case("*")]
    #[case("^ada")]
    #[case("(")]
    #[case(")")]
    #[case("a.b@c.d")]
    #[case("🚀")]
    #[case("🚀 ada")]
    #[case("'; DROP TABLE person; --")]
    #[case("\u{0}ada")]
    #[case("\u{1f}")]
    #[case("ａｄａ")]
    #[case("   ")]
    fn hostile_queries_never_error(#[case] query: &str) {
        let store = store_with_people();
        let page = store.people(query, 0, 50);
        assert!(page.is_ok(), "{query:?}: {page:?}");
        assert_eq!(store.people_count().unwrap(), 3);
    }

    #[test]
    fn punctuation_only_queries_do_not_filter() {
        assert_eq!(fts_query("-- 🚀 \"\""), None);
        assert_eq!(fts_query("ada \"x"), Some("\"ada\"* \"\"\"x\"*".into()));
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_valid_query(query in "\\PC{0,40}") {
            let store = Store::open_in_memory().unwrap();
            store.create_person(&PersonDraft::named("Ada").unwrap(), t0()).unwrap();
            proptest::prop_assert!(store.people(&query, 0, 10).is_ok());
        }
    }
}
