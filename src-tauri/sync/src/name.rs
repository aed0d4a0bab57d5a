//! A card's structured name (`N`: family; given; additional; prefix;
//! suffix) when the name changes in Kith. The parts another client wrote
//! stay where they still agree with the new name and only what changed
//! changes; a split is guessed only for a name no client has split
//! ([`guessed`], the same guess as Kith's vCard export).

use kith_exchange::content::escape;
pub(crate) use kith_exchange::structured_name::guessed;

const FAMILY: usize = 0;
const GIVEN: usize = 1;
const ADDITIONAL: usize = 2;
/// `N`'s parts in the order a name reads them out: prefix, given,
/// additional, family, suffix.
const READ_ORDER: [usize; 5] = [3, GIVEN, ADDITIONAL, FAMILY, 4];

/// A structured value's parts as the card holds them, escapes and all:
/// split at each `;` no backslash escapes.
fn raw_parts(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        if c == ';' && !escaped {
            parts.push(String::new());
            continue;
        }
        escaped = c == '\\' && !escaped;
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// The words of one part as a card holds it (escaped, values separated by
/// commas).
fn words_of(raw: &str) -> Vec<String> {
    raw.replace("\\,", "\u{0}")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
        .replace(',', " ")
        .replace('\u{0}', ",")
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// `N` for a card renamed from `old` to `new`, given its `N` value (`None`
/// when it has none).
pub(crate) fn renamed(n: Option<&str>, old: &str, new: &str) -> String {
    let Some(value) = n else {
        return guessed(new);
    };
    let mut raw = raw_parts(value);
    raw.resize(5, String::new());
    raw.truncate(5);
    let parts: Vec<Vec<String>> = raw.iter().map(|r| words_of(r)).collect();
    let read_out = |parts: &[Vec<String>]| -> Vec<String> {
        READ_ORDER.iter().flat_map(|&i| parts[i].clone()).collect()
    };
    let old_words: Vec<String> = read_out(&parts);
    let new_words: Vec<String> = new.split_whitespace().map(str::to_owned).collect();
    let unchanged = format!("N:{}", raw.join(";"));
    if old_words.is_empty() {
        return guessed(new);
    }
    // Still agrees, or never was the display name read out (a client that
    // shows a nickname keeps its own split).
    let shown: Vec<String> = old.split_whitespace().map(str::to_owned).collect();
    if old_words == new_words || old_words != shown {
        return unchanged;
    }

    // What changed: the words between the common beginning and end.
    let most = old_words.len().min(new_words.len());
    let a = old_words
        .iter()
        .zip(&new_words)
        .take_while(|(x, y)| x == y)
        .count();
    let b = old_words
        .iter()
        .rev()
        .zip(new_words.iter().rev())
        .take(most - a)
        .take_while(|(x, y)| x == y)
        .count();
    if a == 0 && b == 0 {
        return guessed(new);
    }
    let (from, to) = (a, old_words.len() - b);
    let inserted = &new_words[a..new_words.len() - b];

    // Each part's place among the words read out.
    let mut spans = [(0, 0); 5];
    let mut at = 0;
    for &i in &READ_ORDER {
        spans[i] = (at, at + parts[i].len());
        at += parts[i].len();
    }
    let host = if from < to {
        READ_ORDER
            .iter()
            .copied()
            .find(|&i| spans[i].0 < to && from < spans[i].1)
    } else if parts[ADDITIONAL].is_empty()
        && spans[ADDITIONAL].0 == from
        && !parts[GIVEN].is_empty()
        && !parts[FAMILY].is_empty()
    {
        // A word added between the given and the family name.
        Some(ADDITIONAL)
    } else if from > 0 {
        READ_ORDER
            .iter()
            .copied()
            .find(|&i| spans[i].0 < from && from <= spans[i].1)
    } else {
        READ_ORDER.iter().copied().find(|&i| !parts[i].is_empty())
    };
    let Some(host) = host else {
        return guessed(new);
    };

    let mut out = raw.clone();
    let mut changed = false;
    for (i, words) in parts.iter().enumerate() {
        let (s, e) = spans[i];
        let before = &old_words[s..from.clamp(s, e)];
        let after = &old_words[to.clamp(s, e)..e];
        let mut next: Vec<String> = before.to_vec();
        if i == host {
            next.extend_from_slice(inserted);
        }
        next.extend_from_slice(after);
        if next != *words {
            out[i] = escape(&next.join(" "));
            changed = true;
        }
    }
    if !changed {
        return unchanged;
    }
    if out[FAMILY].is_empty() && out[GIVEN].is_empty() {
        return guessed(new);
    }
    format!("N:{}", out.join(";"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_no_client_split_keeps_its_particles_with_the_family_name() {
        assert_eq!(guessed("Grace Hopper"), "N:Hopper;Grace;;;");
        assert_eq!(guessed("Siobhán Ní Bhraonáin"), "N:Ní Bhraonáin;Siobhán;;;");
        assert_eq!(guessed("Ludwig van Beethoven"), "N:van Beethoven;Ludwig;;;");
        assert_eq!(guessed("Oscar de la Hoya"), "N:de la Hoya;Oscar;;;");
        assert_eq!(guessed("Cher"), "N:Cher;;;;");
        assert_eq!(guessed("Van Morrison"), "N:Morrison;Van;;;");
    }

    #[test]
    fn only_the_part_that_changed_changes() {
        let n = "Ní Bhraonáin;Siobhán;;Dr.;";
        let old = "Dr. Siobhán Ní Bhraonáin";
        let cases = [
            ("Dr. Sinéad Ní Bhraonáin", "N:Ní Bhraonáin;Sinéad;;Dr.;"),
            ("Siobhán Ní Bhraonáin", "N:Ní Bhraonáin;Siobhán;;;"),
            ("Dr. Siobhán Nic Bhraonáin", "N:Nic Bhraonáin;Siobhán;;Dr.;"),
            (
                "Prof. Siobhán Ní Bhraonáin",
                "N:Ní Bhraonáin;Siobhán;;Prof.;",
            ),
            (
                "Dr. Siobhán Ní Bhraonáin PhD",
                "N:Ní Bhraonáin PhD;Siobhán;;Dr.;",
            ),
        ];
        for (new, wanted) in cases {
            assert_eq!(renamed(Some(n), old, new), wanted, "{new}");
        }
    }

    #[test]
    fn a_middle_name_added_between_given_and_family_is_an_additional_name() {
        assert_eq!(
            renamed(
                Some("Ní Bhraonáin;Siobhán;;;"),
                "Siobhán Ní Bhraonáin",
                "Siobhán Máire Ní Bhraonáin"
            ),
            "N:Ní Bhraonáin;Siobhán;Máire;;"
        );
        assert_eq!(
            renamed(
                Some("Lovelace;Ada;Augusta;The Hon.;"),
                "The Hon. Ada Augusta Lovelace",
                "The Hon. Ada Augusta King"
            ),
            "N:King;Ada;Augusta;The Hon.;"
        );
    }

    #[test]
    fn a_split_another_client_made_is_never_guessed_again() {
        // The same words: nothing to change, whatever a guess would say.
        assert_eq!(
            renamed(
                Some("Bhraonáin;Siobhán Ní;;;"),
                "Siobhán Ní Bhraonáin",
                "Siobhán  Ní Bhraonáin"
            ),
            "N:Bhraonáin;Siobhán Ní;;;"
        );
        // A display name that was never the structured one read out (a
        // nickname): the client's split stays.
        assert_eq!(
            renamed(Some("Ní Bhraonáin;Siobhán;;;"), "Shiv", "Shiv B."),
            "N:Ní Bhraonáin;Siobhán;;;"
        );
        // Escaped and listed values survive untouched parts.
        assert_eq!(
            renamed(
                Some("Smith\\, Jr.;Anna,Maria;;;"),
                "Anna Maria Smith, Jr.",
                "Anna Maria Smith, Jr. III"
            ),
            "N:Smith\\, Jr. III;Anna,Maria;;;"
        );
    }

    #[test]
    fn a_whole_new_name_or_no_structured_name_is_guessed() {
        assert_eq!(
            renamed(
                Some("Ní Bhraonáin;Siobhán;;Dr.;"),
                "Dr. Siobhán Ní Bhraonáin",
                "Maya Tester"
            ),
            "N:Tester;Maya;;;"
        );
        assert_eq!(renamed(None, "", "Maya Tester"), "N:Tester;Maya;;;");
        assert_eq!(
            renamed(Some(";;;;"), "Maya", "Maya Tester"),
            "N:Tester;Maya;;;"
        );
    }
}
