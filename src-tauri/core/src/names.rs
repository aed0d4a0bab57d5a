//! When two names can belong to one person.
//!
//! A shared e-mail, phone or profile is strong evidence of the same person
//! only when the names agree: an office switchboard, a family landline or a
//! team inbox is shared by people with plainly different names. This module
//! is the one place that decides whether two names agree; imports (and
//! anything else that matches people) call [`names_agree`].
//!
//! Two names agree when, after [`name_tokens`] (case, accents and
//! punctuation folded away, word order ignored):
//! - either is no name at all (blank, or an e-mail address or a phone
//!   number standing in for one);
//! - they have the same words;
//! - the words of one are all among the words of the other ("Ada" and
//!   "Ada Lovelace", "Ada Lovelace" and "Ada King Lovelace");
//! - each word of the shorter pairs off with a different word of the longer
//!   as the same word, an initial of it ("A. Lovelace") or a common
//!   nickname of it ("Bob" and "Robert"), and at least one pair is a whole
//!   word or a nickname, not only initials.

use unicode_normalization::UnicodeNormalization;

/// The words of a name: lower case, accents removed, anything that is not a
/// letter or digit a separator.
pub fn name_tokens(name: &str) -> Vec<String> {
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().map(str::to_owned).collect()
}

/// Whether `name` names nobody: blank, or an e-mail address or phone number
/// put where the name should be (as address books do for nameless cards).
pub fn is_no_name(name: &str) -> bool {
    let trimmed = name.trim();
    trimmed.is_empty()
        || (trimmed.contains('@') && !trimmed.contains(char::is_whitespace))
        || !trimmed.chars().any(char::is_alphabetic)
}

/// Whether two names can be one person's (the rule at the top).
pub fn names_agree(a: &str, b: &str) -> bool {
    if is_no_name(a) || is_no_name(b) {
        return true;
    }
    let (a, b) = (name_tokens(a), name_tokens(b));
    if a.is_empty() || b.is_empty() {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.iter().all(|t| long.contains(t)) {
        return true;
    }
    pairs_off(&short, &long, &mut vec![false; long.len()], false)
}

/// Post-nominals that are not written in capitals, or have one capital.
const POST_NOMINALS: &[&str] = &[
    "jr", "jr.", "sr", "sr.", "esq", "esq.", "phd", "ph.d.", "dphil", "msc", "bsc", "meng", "beng",
    "mphil", "llb", "llm", "mba", "md", "ma", "ba", "mfa", "edd", "psyd", "rn", "cpa", "cfa",
];

/// A name with its post-nominals split off: "Priya Nayak, MSc, MBA, PHR"
/// is "Priya Nayak" and ["MSc", "MBA", "PHR"] (as a LinkedIn export has
/// them in its last-name column, or people type them). Each part after
/// the first comma must look like one — a known one ("Jr.", "PhD", "MSc"),
/// or a short word of capitals ("PHR", "III", "CISSP") — else the name is
/// kept whole ("Lovelace, Ada" is no name with a suffix).
pub fn post_nominals(name: &str) -> (&str, Vec<&str>) {
    let Some((base, rest)) = name.split_once(',') else {
        return (name.trim(), Vec::new());
    };
    let parts: Vec<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let looks_like = |p: &&str| {
        let capitals = p.chars().filter(char::is_ascii_uppercase).count();
        POST_NOMINALS.contains(&p.to_lowercase().as_str())
            || (p.chars().count() <= 8
                && capitals >= 2
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
                && p.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
    };
    if parts.is_empty() || base.trim().is_empty() || !parts.iter().all(looks_like) {
        return (name.trim(), Vec::new());
    }
    (base.trim(), parts)
}

/// How one word relates to another.
#[derive(PartialEq)]
enum WordMatch {
    None,
    Initial,
    Whole,
}

fn word_match(a: &str, b: &str) -> WordMatch {
    if a == b || are_nicknames(a, b) {
        return WordMatch::Whole;
    }
    let initial_of = |i: &str, w: &str| i.chars().count() == 1 && w.starts_with(i);
    if initial_of(a, b) || initial_of(b, a) {
        WordMatch::Initial
    } else {
        WordMatch::None
    }
}

/// Backtracking over at most a handful of words: pairs every word of
/// `short` with a distinct unused word of `long`.
fn pairs_off(short: &[String], long: &[String], used: &mut [bool], whole: bool) -> bool {
    let Some((word, rest)) = short.split_first() else {
        return whole;
    };
    for (i, candidate) in long.iter().enumerate() {
        if used[i] {
            continue;
        }
        let found = word_match(word, candidate);
        if found == WordMatch::None {
            continue;
        }
        used[i] = true;
        if pairs_off(rest, long, used, whole || found == WordMatch::Whole) {
            return true;
        }
        used[i] = false;
    }
    false
}

/// Common given-name families: any two names in one group are the same
/// given name. Lower case, without accents.
const NICKNAMES: &[&[&str]] = &[
    &["alexander", "alex", "alec", "sandy", "xander"],
    &["alexandra", "alex", "alexa", "sandra", "sasha"],
    &["andrew", "andy", "drew"],
    &["anthony", "tony"],
    &["barbara", "barb", "babs"],
    &["benjamin", "ben", "benny", "benji"],
    &[
        "catherine",
        "katherine",
        "kathryn",
        "cathy",
        "kathy",
        "kate",
        "katie",
        "kat",
        "cat",
    ],
    &["charles", "charlie", "chuck", "chas"],
    &["charlotte", "lottie", "charlie"],
    &["christina", "christine", "chris", "tina", "kristina"],
    &["christopher", "chris", "kit", "topher"],
    &["daniel", "dan", "danny"],
    &["david", "dave", "davy"],
    &["deborah", "debra", "debbie", "deb"],
    &["dorothy", "dot", "dottie"],
    &["edward", "ed", "eddie", "ted", "ned"],
    &[
        "elizabeth",
        "liz",
        "lizzie",
        "beth",
        "betty",
        "eliza",
        "libby",
        "elisabeth",
        "lisa",
    ],
    &["eleanor", "ellie", "nell", "elle"],
    &["frederick", "fred", "freddie", "fritz"],
    &["gabriel", "gabe"],
    &["gregory", "greg"],
    &["henry", "harry", "hank"],
    &["isabella", "isabel", "bella", "izzy"],
    &["jacob", "jake"],
    &["james", "jim", "jimmy", "jamie"],
    &["jennifer", "jen", "jenny"],
    &["jessica", "jess", "jessie"],
    &["john", "jack", "johnny", "jon"],
    &["jonathan", "jon", "jonny"],
    &["joseph", "joe", "joey"],
    &["joshua", "josh"],
    &["judith", "judy"],
    &["katharina", "katrin", "kathrin", "kati"],
    &["kenneth", "ken", "kenny"],
    &["lawrence", "laurence", "larry", "laurie"],
    &["leonard", "leo", "len", "lenny"],
    &[
        "margaret",
        "maggie",
        "meg",
        "peggy",
        "marge",
        "greta",
        "margarete",
        "grete",
    ],
    &["matthew", "matt", "matty"],
    &["michael", "mike", "mikey", "mick", "michi"],
    &["nathaniel", "nathan", "nate", "nat"],
    &["nicholas", "nick", "nicky", "nico", "niklas", "klaus"],
    &["patricia", "pat", "patty", "trish"],
    &["patrick", "pat", "paddy"],
    &["peter", "pete"],
    &["philip", "phillip", "phil"],
    &["rebecca", "becky", "becca"],
    &["richard", "rick", "dick", "rich", "richie", "ricky"],
    &["robert", "bob", "bobby", "rob", "robbie", "bert"],
    &["ronald", "ron", "ronnie"],
    &["samuel", "sam", "sammy"],
    &["samantha", "sam", "sammy"],
    &["stephen", "steven", "steve", "stevie"],
    &["susan", "sue", "susie", "suzanne"],
    &["theodore", "theo", "ted", "teddy"],
    &["thomas", "tom", "tommy", "thom"],
    &["timothy", "tim", "timmy"],
    &["victoria", "vicky", "tori"],
    &["william", "will", "bill", "billy", "liam", "willy"],
    &["wolfgang", "wolf"],
    &["johannes", "hans", "jo"],
    &["josefine", "josephine", "josie", "fine"],
    &["francesca", "frances", "fran", "frankie"],
    &["francis", "frank", "frankie"],
    &["giuseppe", "beppe", "peppe"],
    &["jose", "pepe"],
    &["francisco", "paco", "pancho"],
    &["guillermo", "memo"],
    &["alejandro", "alejo", "ale"],
];

/// Whether two different words are forms of one given name.
fn are_nicknames(a: &str, b: &str) -> bool {
    NICKNAMES
        .iter()
        .any(|group| group.contains(&a) && group.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_nominals_are_split_off_only_when_each_looks_like_one() {
        assert_eq!(
            post_nominals("Priya Nayak, MSc, MBA, PHR"),
            ("Priya Nayak", vec!["MSc", "MBA", "PHR"])
        );
        assert_eq!(
            post_nominals("Martin Luther King, Jr."),
            ("Martin Luther King", vec!["Jr."])
        );
        assert_eq!(
            post_nominals("Ada Lovelace, PhD"),
            ("Ada Lovelace", vec!["PhD"])
        );
        assert_eq!(post_nominals("Henry Ford III"), ("Henry Ford III", vec![]));
        assert_eq!(post_nominals("Lovelace, Ada"), ("Lovelace, Ada", vec![]));
        assert_eq!(
            post_nominals("Smith, MBA, and friends"),
            ("Smith, MBA, and friends", vec![])
        );
        assert_eq!(post_nominals(", MBA"), (", MBA", vec![]));
    }
    use rstest::rstest;

    #[rstest]
    #[case("Ada Lovelace", "ada lovelace")]
    #[case("Ada Lovelace", "Lovelace, Ada")]
    #[case("José Núñez", "Jose Nunez")]
    #[case("Ada", "Ada Lovelace")]
    #[case("Ada Lovelace", "Ada King Lovelace")]
    #[case("A. Lovelace", "Ada Lovelace")]
    #[case("Ada L.", "Ada Lovelace")]
    #[case("Bob Smith", "Robert Smith")]
    #[case("Bill Gates", "William H. Gates")]
    #[case("ada@example.org", "Ada Lovelace")]
    #[case("Ada Lovelace", "+49 30 1234567")]
    #[case("", "Ada Lovelace")]
    #[case("O'Brien-Smith Zoë", "Zoe O Brien Smith")]
    fn names_that_can_be_one_person_agree(#[case] a: &str, #[case] b: &str) {
        assert!(names_agree(a, b), "{a} ~ {b}");
        assert!(names_agree(b, a), "{b} ~ {a}");
    }

    #[rstest]
    #[case("Ada Lovelace", "Grace Hopper")]
    #[case("Ada Lovelace", "Alan Lovelace")]
    #[case("John Smith", "Jane Smith")]
    #[case("Front Desk", "Ada Lovelace")]
    #[case("Acme Switchboard", "Ada Lovelace")]
    #[case("A. L.", "Ada Lovelace")]
    #[case("Maria Garcia", "Mario Garcia")]
    #[case("Sam Lee", "Sam Leeds")]
    fn plainly_different_names_do_not_agree(#[case] a: &str, #[case] b: &str) {
        assert!(!names_agree(a, b), "{a} !~ {b}");
        assert!(!names_agree(b, a), "{b} !~ {a}");
    }

    #[test]
    fn tokens_fold_case_accents_and_punctuation() {
        assert_eq!(
            name_tokens("  Zoë O'Brien-Smith "),
            ["zoe", "o", "brien", "smith"]
        );
        assert!(name_tokens("🚀 !!").is_empty());
    }
}
