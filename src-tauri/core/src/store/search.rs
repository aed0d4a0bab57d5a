//! Turning what a user types into a safe FTS5 query, and finding a page of
//! matches without ranking every match.
//!
//! User text never reaches `MATCH` as syntax. It is split on white space,
//! each piece becomes a quoted prefix token (`"piece"*`, with quotes doubled)
//! and the tokens are ANDed. FTS5 then tokenizes inside the quotes, so
//! `ada@example.org` matches the phrase `ada example org`. Pieces with no
//! letter or digit (lone punctuation, emoji) would be empty phrases and are
//! dropped; text with none left is no filter at all.
//!
//! The order of matches, in three tiers, each found from an index that
//! yields it already in order (so a page costs the page, not the matches):
//! 1. people whose *name* has a word starting with each piece, by the word
//!    the first piece matched and then by name ("gr" lists the Grace
//!    people, then the Grahams) — from `person_word`, the words of each
//!    name (folded by [`name_tokens`]) with the name beside them;
//! 2. people whom the pieces find in their name, work, handles or tags
//!    (a company, an e-mail, a tag), most recently added first;
//! 3. people found only in their notes or touches, most recently added
//!    first — both from the full-text index, whose rows come in id order.
//!
//! A piece that is several words to the full-text index (an e-mail, a
//! hyphenated name) has no first tier: its matches are in the second.
//! The total is counted up to a bound a little past the page; beyond it
//! the page says the total is a lower bound ("1,000+").
//!
//! Part of the store's floor: the search index's upkeep (`reindex`) lives
//! here too, beside the queries that read it.

use std::collections::HashSet;

use rusqlite::{Connection, ToSql, Transaction};

use super::Result;
use crate::domain::PersonId;
use crate::names::name_tokens;

/// The most pieces of a query that are used; the rest are ignored.
const MAX_TOKENS: usize = 16;
/// The longest piece kept, in characters.
const MAX_TOKEN_CHARS: usize = 64;
/// A piece matching at most this many name words is a "small" one: its
/// people are gathered whole and sorted.
const SMALL: i64 = 2_000;
/// Totals are counted in steps of this many.
const COUNT_STEP: u64 = 1_000;
/// The columns of the second tier.
const HIGH_COLUMNS: &str = "{name work handles tags}";

/// The pieces of what a user typed, as used by every search.
fn pieces(input: &str) -> Vec<String> {
    input
        .split_whitespace()
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
        .take(MAX_TOKENS)
        .map(|piece| {
            piece
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_TOKEN_CHARS)
                .collect()
        })
        .collect()
}

/// The FTS5 expression for `input`, or `None` when it holds nothing to match.
pub fn fts_query(input: &str) -> Option<String> {
    let tokens: Vec<String> = pieces(input)
        .iter()
        .map(|piece| format!("\"{}\"*", piece.replace('"', "\"\"")))
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// The name-word prefixes of the first tier, or `None` when a piece is not
/// exactly one word (so the first tier is empty).
fn name_prefixes(input: &str) -> Option<Vec<String>> {
    pieces(input)
        .iter()
        .map(|piece| {
            let mut words = name_tokens(piece);
            (words.len() == 1).then(|| words.remove(0))
        })
        .collect()
}

/// One page of the matches for a query (the rule at the top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Matches {
    /// The people of the page, in order.
    pub ids: Vec<PersonId>,
    /// How many match, or a lower bound when `exact` is false.
    pub total: u64,
    pub exact: bool,
}

/// The page `offset .. offset + limit` of the people `input` finds, kept to
/// `stage` when it is not 0. `None` when `input` holds nothing to match.
pub(crate) fn matches(
    conn: &Connection,
    input: &str,
    stage: i64,
    offset: u64,
    limit: u64,
) -> Result<Option<Matches>> {
    let Some(matcher) = fts_query(input) else {
        return Ok(None);
    };
    let prefixes = name_prefixes(input).unwrap_or_default();
    // Every match, newest first, to a step past the page: the total, and
    // (when that is all of them) the third tier without asking the
    // full-text index again. Each evaluation of a query of several whole
    // words costs milliseconds at 100,000 people.
    let cap = (offset + limit) / COUNT_STEP * COUNT_STEP + COUNT_STEP;
    let mut every: Vec<i64> = conn
        .prepare_cached(
            "SELECT s.rowid FROM person_search s
             WHERE person_search MATCH ?1
               AND (?2 = 0 OR EXISTS (SELECT 1 FROM person p WHERE p.id = s.rowid AND p.stage = ?2))
             LIMIT ?3",
        )?
        .query_map(rusqlite::params![matcher, stage, cap as i64 + 1], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let counted = every.len() as u64;
    let exact = counted <= cap;
    // Newest first, as the third tier lists them (the index's own order
    // is the other way, and a descending walk of a prefix costs more).
    every.sort_unstable_by(|a, b| b.cmp(a));
    let mut skip = offset as usize;
    let mut need = limit as usize;
    let mut ids = Vec::with_capacity(need);
    // Who the tiers before found; when the page is still short after a
    // tier, that tier found everyone it holds.
    let mut found_before: HashSet<i64> = HashSet::new();
    if !prefixes.is_empty() {
        let named = first_tier(conn, &prefixes, stage, skip + need)?;
        found_before.extend(named.iter().map(|p| p.0));
        take_page(named, &mut skip, &mut need, &mut ids);
    }
    if need > 0 && counted > 0 {
        let high = format!("{HIGH_COLUMNS} : ({matcher})");
        let found = later_tier(conn, &high, &prefixes, stage, skip + need)?;
        found_before.extend(found.iter().map(|p| p.0));
        take_page(found, &mut skip, &mut need, &mut ids);
    }
    if need > 0 && counted > 0 {
        let found = if exact {
            every
                .iter()
                .filter(|id| !found_before.contains(id))
                .take(skip + need)
                .map(|&id| PersonId(id))
                .collect()
        } else {
            let low = format!("({matcher}) NOT ({HIGH_COLUMNS} : ({matcher}))");
            later_tier(conn, &low, &prefixes, stage, skip + need)?
        };
        take_page(found, &mut skip, &mut need, &mut ids);
    }
    // A page read past the count raises it (a name word the full-text
    // index splits otherwise is the one way that can happen).
    let total = match ids.len() as u64 {
        0 => counted.min(cap),
        read => counted.min(cap).max(offset + read),
    };
    Ok(Some(Matches { ids, total, exact }))
}

/// Moves what a tier found past the rows still to skip into the page.
fn take_page(found: Vec<PersonId>, skip: &mut usize, need: &mut usize, page: &mut Vec<PersonId>) {
    let skipped = found.len().min(*skip);
    let taken: Vec<PersonId> = found.into_iter().skip(skipped).take(*need).collect();
    *skip -= skipped;
    *need -= taken.len();
    page.extend(taken);
}

/// The word range a prefix covers: `word >= prefix AND word < end`.
fn range_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// SQL that is true when person `who` has a name word in the range held by
/// parameters `?{n}` and `?{n + 1}`.
fn has_word(who: &str, n: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM person_word x WHERE x.person_id = {who} AND x.word >= ?{n} AND x.word < ?{})",
        n + 1
    )
}

/// The range bounds of every prefix, as parameters from `?1` on.
fn range_params(prefixes: &[String]) -> Vec<String> {
    prefixes
        .iter()
        .flat_map(|p| [p.clone(), range_end(p)])
        .collect()
}

/// The first `want` people of the first tier, in its order.
fn first_tier(
    conn: &Connection,
    prefixes: &[String],
    stage: i64,
    want: usize,
) -> Result<Vec<PersonId>> {
    let bounds = range_params(prefixes);
    let stage_at = bounds.len() + 1;
    let stage_sql = format!(
        "(?{stage_at} = 0 OR EXISTS (SELECT 1 FROM person p WHERE p.id = w.person_id AND p.stage = ?{stage_at}))"
    );
    // How many name words each prefix covers, up to a bound: the walk is
    // led by the first prefix, unless it is common and another is rare.
    let mut counts = Vec::with_capacity(prefixes.len());
    for pair in bounds.chunks(2) {
        let n: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM person_word
                     WHERE word >= ?1 AND word < ?2 LIMIT ?3)",
            )?
            .query_row(rusqlite::params![pair[0], pair[1], SMALL + 1], |r| r.get(0))?;
        counts.push(n);
    }
    if counts.contains(&0) {
        return Ok(Vec::new());
    }
    let (rarest, &fewest) = counts
        .iter()
        .enumerate()
        .min_by_key(|(_, n)| **n)
        .expect("at least one prefix");
    let others = |skip: usize| -> String {
        (0..prefixes.len())
            .filter(|&i| i != skip)
            .map(|i| format!(" AND {}", has_word("w.person_id", 2 * i + 1)))
            .collect()
    };
    let mut params: Vec<&dyn ToSql> = bounds.iter().map(|b| b as &dyn ToSql).collect();
    params.push(&stage);
    if counts[0] <= SMALL || fewest > SMALL {
        // Walk the first prefix's words in (word, name) order; a person
        // with two matching words is met first at the earlier one.
        let sql = format!(
            "SELECT w.person_id FROM person_word w
             WHERE w.word >= ?1 AND w.word < ?2{} AND {stage_sql}
             ORDER BY w.word, w.name, w.person_id",
            others(0)
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params.as_slice())?;
        let mut seen = HashSet::new();
        let mut ids = Vec::new();
        while ids.len() < want {
            let Some(row) = rows.next()? else { break };
            let id: i64 = row.get(0)?;
            if seen.insert(id) {
                ids.push(PersonId(id));
            }
        }
        return Ok(ids);
    }
    // The first prefix is common and another rare: gather the rare one's
    // people and sort them by the first prefix's word, then name.
    let (lo, hi) = (2 * rarest + 1, 2 * rarest + 2);
    let sql = format!(
        "SELECT w.person_id,
                (SELECT min(f.word) FROM person_word f
                  WHERE f.person_id = w.person_id AND f.word >= ?1 AND f.word < ?2) AS first_word,
                min(w.name) AS name
         FROM person_word w
         WHERE w.word >= ?{lo} AND w.word < ?{hi}{} AND {stage_sql}
         GROUP BY w.person_id
         ORDER BY first_word, name, w.person_id
         LIMIT {want}",
        others(rarest)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map(params.as_slice(), |r| r.get(0).map(PersonId))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The first `want` people the full-text expression `tier` finds who are
/// not in the first tier, newest first.
fn later_tier(
    conn: &Connection,
    tier: &str,
    prefixes: &[String],
    stage: i64,
    want: usize,
) -> Result<Vec<PersonId>> {
    let bounds = range_params(prefixes);
    let first_tier = if prefixes.is_empty() {
        "0".to_owned()
    } else {
        (0..prefixes.len())
            .map(|i| has_word("s.rowid", 2 * i + 4))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let sql = format!(
        "SELECT s.rowid FROM person_search s
         WHERE person_search MATCH ?1
           AND (?2 = 0 OR EXISTS (SELECT 1 FROM person p WHERE p.id = s.rowid AND p.stage = ?2))
           AND EXISTS (SELECT 1 FROM person p WHERE p.id = s.rowid)
           AND NOT ({first_tier})
         ORDER BY s.rowid DESC LIMIT ?3"
    );
    let want = want as i64;
    let mut params: Vec<&dyn ToSql> = vec![&tier, &stage, &want];
    params.extend(bounds.iter().map(|b| b as &dyn ToSql));
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map(params.as_slice(), |r| r.get(0).map(PersonId))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The search row of each person `p` the query keeps (`{keep}` is its
/// condition on `p.id`, with `?1`).
fn index_rows_sql(keep: &str) -> String {
    format!(
        "INSERT INTO person_search (rowid, name, work, handles, tags, notes, touches)
         SELECT p.id, p.display_name,
                concat_ws(' ', p.company, p.role, p.how_met, p.where_met),
                (SELECT group_concat(value, ' ') FROM identity WHERE person_id = p.id),
                (SELECT group_concat(t.name, ' ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                    WHERE pt.person_id = p.id),
                (SELECT group_concat(body, ' ') FROM note WHERE person_id = p.id),
                (SELECT group_concat(summary, ' ') FROM touch WHERE person_id = p.id)
         FROM person p WHERE {keep}"
    )
}

/// Rebuilds a person's row in the search index from their current data.
pub(crate) fn reindex(conn: &Connection, id: PersonId) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_search WHERE rowid = ?1")?
        .execute([id.0])?;
    conn.prepare_cached(&index_rows_sql("p.id = ?1"))?
        .execute([id.0])?;
    let name: Option<String> = conn
        .prepare_cached("SELECT display_name FROM person WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .ok();
    write_name_words(conn, id, name.as_deref())
}

/// Indexes, in one pass, everyone whose id is above `after`: people just
/// added (ids only grow).
pub(crate) fn index_added(conn: &Connection, after: PersonId) -> Result<()> {
    // One may have a row already: mail or meetings recorded with one of
    // their addresses gave them touches as they were written, and
    // indexed them.
    conn.prepare_cached("DELETE FROM person_search WHERE rowid > ?1")?
        .execute([after.0])?;
    conn.prepare_cached("DELETE FROM person_word WHERE person_id > ?1")?
        .execute([after.0])?;
    conn.prepare_cached(&index_rows_sql("p.id > ?1"))?
        .execute([after.0])?;
    add_name_words(conn, after)
}

/// Replaces the name words of person `id` with those of `name` (none when
/// the person is gone).
fn write_name_words(conn: &Connection, id: PersonId, name: Option<&str>) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_word WHERE person_id = ?1")?
        .execute([id.0])?;
    match name {
        Some(name) => insert_name_words(conn, id.0, name),
        None => Ok(()),
    }
}

fn insert_name_words(conn: &Connection, id: i64, name: &str) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_word (person_id, word, name) VALUES (?1, ?2, ?3)",
    )?;
    for word in name_tokens(name) {
        insert.execute(rusqlite::params![id, word, name])?;
    }
    Ok(())
}

/// Adds the name words of everyone whose id is above `after`.
fn add_name_words(conn: &Connection, after: PersonId) -> Result<()> {
    let mut people = conn.prepare_cached("SELECT id, display_name FROM person WHERE id > ?1")?;
    let mut rows = people.query([after.0])?;
    while let Some(row) = rows.next()? {
        insert_name_words(conn, row.get(0)?, &row.get::<_, String>(1)?)?;
    }
    Ok(())
}

/// Fills the name words of everyone (a migration's Rust step).
pub(super) fn fill_name_words(tx: &Transaction<'_>) -> Result<()> {
    add_name_words(tx, PersonId(0))
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

    fn names(page: &crate::store::PeoplePage) -> Vec<&str> {
        page.people
            .iter()
            .map(|p| p.display_name.as_str())
            .collect()
    }

    /// People found by their name come first (by the word matched, then
    /// name), then those found by work, handles or tags, then by notes or
    /// touches (newest first in both).
    fn tiered_store() -> Store {
        let store = Store::open_in_memory().unwrap();
        let person = |name: &str, company: Option<&str>| {
            let draft = PersonDraft::named(name)
                .unwrap()
                .with_company(company)
                .unwrap();
            store.create_person(&draft, t0()).unwrap()
        };
        let carl = person("Carl Jones", None);
        store
            .add_note(carl, "a great chat at the fair", t0())
            .unwrap();
        person("Bob Smith", Some("Graphcore"));
        person("Ada Grant", None);
        person("Zoë Grace", None);
        person("Grace Hopper", None);
        person("Dan Moss", Some("Greenfield"));
        store
    }

    #[test]
    fn names_come_first_then_work_then_notes() {
        let store = tiered_store();
        let page = store.people("gr", 0, 50).unwrap();
        assert_eq!(
            names(&page),
            [
                "Grace Hopper",
                "Zoë Grace",
                "Ada Grant",
                "Dan Moss",
                "Bob Smith",
                "Carl Jones"
            ]
        );
        assert_eq!((page.total, page.total_is_exact), (6, true));
        // Accents fold in the name words as in the full-text index.
        assert_eq!(
            names(&store.people("zoe gra", 0, 50).unwrap()),
            ["Zoë Grace"]
        );
        assert_eq!(
            names(&store.people("GRACE", 0, 50).unwrap()),
            ["Grace Hopper", "Zoë Grace"]
        );
    }

    #[test]
    fn pages_follow_one_order_across_the_tiers() {
        let store = tiered_store();
        let whole = names(&store.people("gr", 0, 50).unwrap())
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        for size in 1..=4 {
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let page = store.people("gr", offset, size).unwrap();
                assert_eq!(page.total, 6, "{size} {offset} {:?}", names(&page));
                if page.people.is_empty() {
                    break;
                }
                paged.extend(page.people.iter().map(|p| p.display_name.clone()));
                offset += size;
            }
            assert_eq!(paged, whole, "pages of {size}");
        }
    }

    #[test]
    fn a_renamed_person_is_found_by_the_new_name_only() {
        let store = tiered_store();
        let grace = store.resolve_person("Grace Hopper").unwrap();
        store
            .edit_person(grace, t0(), |draft, _| {
                PersonDraft::named("Grete Hopper").map(|d| PersonDraft {
                    display_name: d.display_name,
                    ..draft
                })
            })
            .unwrap();
        assert_eq!(names(&store.people("grace", 0, 50).unwrap()), ["Zoë Grace"]);
        assert_eq!(
            names(&store.people("grete", 0, 50).unwrap()),
            ["Grete Hopper"]
        );
    }

    #[test]
    fn a_common_word_with_a_rare_one_is_ordered_like_the_walk() {
        let store = Store::open_in_memory().unwrap();
        let drafts: Vec<PersonDraft> = (0..1_200)
            .map(|i| PersonDraft::named(&format!("Ann Lee {i}")).unwrap())
            .collect();
        for draft in &drafts {
            store.create_person(draft, t0()).unwrap();
        }
        store
            .create_person(&PersonDraft::named("Annika Berg 7").unwrap(), t0())
            .unwrap();
        // "ann" covers more than a small set of words and "7" few: the
        // people of "7" are gathered and sorted by the word "ann" matched.
        let page = store.people("ann 7", 0, 200).unwrap();
        assert_eq!(
            names(&page)[..3],
            ["Ann Lee 7", "Ann Lee 70", "Ann Lee 700"]
        );
        assert_eq!(*names(&page).last().unwrap(), "Annika Berg 7");
        // 7, 70-79, 700-799 and Annika.
        assert_eq!(page.total, 112);
        // Above the counting step the total is a lower bound that grows
        // with the pages read.
        let first = store.people("ann", 0, 100).unwrap();
        assert_eq!((first.total, first.total_is_exact), (1_000, false));
        assert_eq!(names(&first)[..3], ["Ann Lee 0", "Ann Lee 1", "Ann Lee 10"]);
        let later = store.people("ann", 1_150, 100).unwrap();
        assert_eq!((later.total, later.total_is_exact), (1_201, true));
        assert_eq!(*names(&later).last().unwrap(), "Annika Berg 7");
    }

    #[test]
    fn a_stage_keeps_each_tier_to_it() {
        let store = tiered_store();
        let bob = store.resolve_person("Bob Smith").unwrap();
        let zoe = store.resolve_person("Zoë Grace").unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE person SET stage = 3 WHERE id IN (?1, ?2)",
                    [bob.0, zoe.0],
                )?;
                Ok(())
            })
            .unwrap();
        let page = store
            .people_at_stage("gr", Some(crate::stage::Stage::from_number(3)), 0, 50)
            .unwrap();
        assert_eq!(names(&page), ["Zoë Grace", "Bob Smith"]);
        assert_eq!(page.total, 2);
    }

    #[test]
    fn a_piece_of_several_words_is_found_outside_the_name_tier() {
        let store = store_with_people();
        let page = store.people("o'brien", 0, 50).unwrap();
        assert_eq!(names(&page), ["Zoë 🚀 O'Brien-Smith"]);
        let page = store.people("ada.l@example.org", 0, 50).unwrap();
        assert_eq!(names(&page), ["Ada Lovelace"]);
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
