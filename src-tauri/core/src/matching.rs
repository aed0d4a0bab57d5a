//! Suggesting introductions: one person's ask matched with another's offer.
//!
//! A pair scores [`TAG_WEIGHT`] for each tag the two share and one for each
//! meaningful word they share (lower-cased, accents kept, a plural `s`
//! dropped, common words ignored). Pairs with no tag and no word in common
//! are not suggested; the rest are ranked by score, then by the newer of
//! the two entries. Each suggestion explains itself in words.

use std::collections::BTreeSet;

use crate::domain::{Need, PersonId, Side};

/// What a shared tag is worth against a shared word.
pub const TAG_WEIGHT: u32 = 3;

/// Words too common to mean a match.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "could", "for", "from", "get",
    "good", "has", "have", "help", "her", "his", "how", "in", "into", "is", "it", "its", "looking",
    "me", "more", "my", "need", "needs", "new", "of", "on", "or", "our", "some", "someone", "that",
    "the", "their", "them", "they", "this", "to", "up", "want", "wants", "who", "with", "would",
    "you", "your",
];

/// One suggested introduction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub ask: Need,
    pub offer: Need,
    pub score: u32,
    pub shared_tags: Vec<String>,
    pub shared_words: Vec<String>,
    /// People linked to both (the store fills it in): the path between
    /// the two, through someone they both know.
    pub knows_both: Vec<String>,
}

impl Suggestion {
    /// Who asks and who offers, and what they have in common.
    pub fn explain(&self) -> String {
        let mut common: Vec<&str> = self.shared_tags.iter().map(String::as_str).collect();
        for word in &self.shared_words {
            if !common.contains(&word.as_str()) {
                common.push(word);
            }
        }
        let both = match self.knows_both.as_slice() {
            [] => String::new(),
            [one] => format!("; {one} knows both"),
            [first, rest @ ..] => format!("; {first} and {} more know both", rest.len()),
        };
        format!(
            "{} asks for “{}”; {} offers “{}” (in common: {}){both}",
            self.ask.person_name,
            self.ask.text,
            self.offer.person_name,
            self.offer.text,
            common.join(", ")
        )
    }

    /// The two people, asker first.
    pub fn people(&self) -> (PersonId, PersonId) {
        (self.ask.person, self.offer.person)
    }
}

/// The meaningful words of a text.
pub fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .map(|w| {
            w.trim_matches(|c| c == '+' || c == '#' || c == '\'')
                .to_lowercase()
        })
        .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_owned(),
            _ => w,
        })
        .collect()
}

/// Ranks every ask against every offer of someone else. `already` says
/// whether two people were already introduced (those pairs are skipped).
pub fn suggest(
    needs: &[Need],
    already: impl Fn(PersonId, PersonId) -> bool,
    limit: usize,
) -> Vec<Suggestion> {
    let prepared: Vec<(&Need, BTreeSet<String>, BTreeSet<&str>)> = needs
        .iter()
        .map(|n| {
            (
                n,
                words(&n.text),
                n.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let mut found = Vec::new();
    for (ask, ask_words, ask_tags) in prepared.iter().filter(|p| p.0.side == Side::Ask) {
        for (offer, offer_words, offer_tags) in prepared.iter().filter(|p| p.0.side == Side::Offer)
        {
            if ask.person == offer.person || already(ask.person, offer.person) {
                continue;
            }
            let shared_tags: Vec<String> = ask_tags
                .intersection(offer_tags)
                .map(|t| (*t).to_owned())
                .collect();
            let shared_words: Vec<String> = ask_words.intersection(offer_words).cloned().collect();
            let score = TAG_WEIGHT * shared_tags.len() as u32 + shared_words.len() as u32;
            if score == 0 {
                continue;
            }
            found.push(Suggestion {
                ask: (*ask).clone(),
                offer: (*offer).clone(),
                score,
                shared_tags,
                shared_words,
                knows_both: Vec::new(),
            });
        }
    }
    found.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then_with(|| newest(y).cmp(&newest(x)))
            .then_with(|| x.ask.id.cmp(&y.ask.id))
            .then_with(|| x.offer.id.cmp(&y.offer.id))
    });
    found.truncate(limit);
    found
}

fn newest(s: &Suggestion) -> chrono::DateTime<chrono::Utc> {
    s.ask.created_at.max(s.offer.created_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NeedId;
    use chrono::{TimeZone, Utc};
    use rstest::rstest;

    fn need(id: i64, person: i64, name: &str, side: Side, text: &str, tags: &[&str]) -> Need {
        Need {
            id: NeedId(id),
            person: PersonId(person),
            person_name: name.into(),
            side,
            text: text.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
                + chrono::Duration::days(id),
        }
    }

    fn pairs(needs: &[Need]) -> Vec<(i64, i64)> {
        suggest(needs, |_, _| false, 10)
            .iter()
            .map(|s| (s.ask.person.0, s.offer.person.0))
            .collect()
    }

    #[rstest]
    #[case::shared_word(
        vec![need(1, 1, "Ada", Side::Ask, "A Rust contractor", &[]),
             need(2, 2, "Grace", Side::Offer, "Rust consulting", &[])],
        vec![(1, 2)]
    )]
    #[case::shared_tag_without_words(
        vec![need(1, 1, "Ada", Side::Ask, "Someone for our backend", &["rust"]),
             need(2, 2, "Grace", Side::Offer, "Systems programming", &["rust"])],
        vec![(1, 2)]
    )]
    #[case::nothing_in_common(
        vec![need(1, 1, "Ada", Side::Ask, "A flat in Berlin", &["housing"]),
             need(2, 2, "Grace", Side::Offer, "Rust consulting", &["rust"])],
        vec![]
    )]
    #[case::only_stop_words_in_common(
        vec![need(1, 1, "Ada", Side::Ask, "Looking for help with the new", &[]),
             need(2, 2, "Grace", Side::Offer, "Help with the new", &[])],
        vec![]
    )]
    #[case::a_persons_own_offer_is_not_a_match(
        vec![need(1, 1, "Ada", Side::Ask, "Rust reviews", &["rust"]),
             need(2, 1, "Ada", Side::Offer, "Rust mentoring", &["rust"])],
        vec![]
    )]
    #[case::plurals_match(
        vec![need(1, 1, "Ada", Side::Ask, "Investors for a seed round", &[]),
             need(2, 2, "Grace", Side::Offer, "Knows an investor or two", &[])],
        vec![(1, 2)]
    )]
    #[case::tags_rank_above_words(
        vec![need(1, 1, "Ada", Side::Ask, "Design review of our app", &["ux"]),
             need(2, 2, "Grace", Side::Offer, "App design", &[]),
             need(3, 3, "Linus", Side::Offer, "Product reviews", &["ux"])],
        vec![(1, 3), (1, 2)]
    )]
    fn asks_match_offers(#[case] needs: Vec<Need>, #[case] expected: Vec<(i64, i64)>) {
        assert_eq!(pairs(&needs), expected);
    }

    #[test]
    fn people_already_introduced_are_not_suggested_again() {
        let needs = vec![
            need(1, 1, "Ada", Side::Ask, "A Rust contractor", &[]),
            need(2, 2, "Grace", Side::Offer, "Rust consulting", &[]),
        ];
        let found = suggest(
            &needs,
            |a, b| (a.0, b.0) == (1, 2) || (a.0, b.0) == (2, 1),
            10,
        );
        assert!(found.is_empty());
    }

    #[test]
    fn a_suggestion_explains_itself() {
        let needs = vec![
            need(1, 1, "Ada", Side::Ask, "A Rust contractor", &[]),
            need(2, 2, "Grace", Side::Offer, "Rust consulting", &["rust"]),
        ];
        let found = suggest(&needs, |_, _| false, 10);
        assert_eq!(
            found[0].explain(),
            "Ada asks for “A Rust contractor”; Grace offers “Rust consulting” (in common: rust)"
        );
    }
}
