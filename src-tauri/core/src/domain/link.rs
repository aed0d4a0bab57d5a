//! Who knows whom: a typed link between two people. A link is stored one
//! way (`from` → `to`); a symmetric kind (partner, sibling, friend…) reads
//! the same from either side and is kept with the lower id first, a
//! directed kind (manager → report) has a name for each side.

use super::{vocabulary, InputError, PersonId, MAX_SHORT_CHARS};

vocabulary!(
    /// What a link says. Directed kinds read `from` is the kind's name of
    /// `to`: parent (of), manager (of), mentor (of), introduced (`from`
    /// introduced `to` to you), met-through (you met `from` through `to`);
    /// introduced-by-you (symmetric) is two people you introduced to each
    /// other.
    LinkKind, UnknownLinkKind {
        Partner => "partner",
        Parent => "parent",
        Sibling => "sibling",
        Family => "family",
        Friend => "friend",
        Colleague => "colleague",
        Manager => "manager",
        Mentor => "mentor",
        Introduced => "introduced",
        MetThrough => "met-through",
        IntroducedByYou => "introduced-by-you",
    }
);

vocabulary!(
    /// What a person is to you, the user ("my sister", "my manager"): you
    /// are a person of your own in Kith's graph.
    MyTie, UnknownMyTie {
        Partner => "partner",
        Parent => "parent",
        Child => "child",
        Sibling => "sibling",
        Family => "family",
        Friend => "friend",
        Colleague => "colleague",
        Manager => "manager",
        Report => "report",
        Mentor => "mentor",
        Mentee => "mentee",
    }
);

impl MyTie {
    /// The tie a link between you and them says, asked for as `kith link
    /// me ADA --as KIND` (`you_first`) or `kith link ADA me --as KIND`:
    /// the first is the kind of the second.
    pub fn of(kind: LinkKind, you_first: bool) -> Result<MyTie, InputError> {
        Ok(match (kind, you_first) {
            (LinkKind::Partner, _) => MyTie::Partner,
            (LinkKind::Parent, true) => MyTie::Child,
            (LinkKind::Parent, false) => MyTie::Parent,
            (LinkKind::Sibling, _) => MyTie::Sibling,
            (LinkKind::Family, _) => MyTie::Family,
            (LinkKind::Friend, _) => MyTie::Friend,
            (LinkKind::Colleague, _) => MyTie::Colleague,
            (LinkKind::Manager, true) => MyTie::Report,
            (LinkKind::Manager, false) => MyTie::Manager,
            (LinkKind::Mentor, true) => MyTie::Mentee,
            (LinkKind::Mentor, false) => MyTie::Mentor,
            (LinkKind::Introduced | LinkKind::MetThrough | LinkKind::IntroducedByYou, _) => {
                return Err(InputError::NoSuchTieWithYou)
            }
        })
    }

    /// The link kind it is, for the strength of a tie.
    pub fn kind(self) -> LinkKind {
        match self {
            MyTie::Partner => LinkKind::Partner,
            MyTie::Parent | MyTie::Child => LinkKind::Parent,
            MyTie::Sibling => LinkKind::Sibling,
            MyTie::Family => LinkKind::Family,
            MyTie::Friend => LinkKind::Friend,
            MyTie::Colleague => LinkKind::Colleague,
            MyTie::Manager | MyTie::Report => LinkKind::Manager,
            MyTie::Mentor | MyTie::Mentee => LinkKind::Mentor,
        }
    }
}

impl LinkKind {
    /// Whether the kind reads the same from both sides.
    pub fn symmetric(self) -> bool {
        matches!(
            self,
            LinkKind::Partner
                | LinkKind::Sibling
                | LinkKind::Family
                | LinkKind::Friend
                | LinkKind::Colleague
                | LinkKind::IntroducedByYou
        )
    }

    /// What `to` is to `from`, in words ("Ada — manager of — Grace": seen
    /// from Ada, Grace is her "report").
    pub fn name_from(self, outgoing: bool) -> &'static str {
        match (self, outgoing) {
            (LinkKind::Partner, _) => "partner",
            (LinkKind::Sibling, _) => "sibling",
            (LinkKind::Family, _) => "family",
            (LinkKind::Friend, _) => "friend",
            (LinkKind::Colleague, _) => "colleague",
            // Seen from the parent, the other is their child.
            (LinkKind::Parent, true) => "child",
            (LinkKind::Parent, false) => "parent",
            (LinkKind::Manager, true) => "report",
            (LinkKind::Manager, false) => "manager",
            (LinkKind::Mentor, true) => "mentee",
            (LinkKind::Mentor, false) => "mentor",
            (LinkKind::Introduced, true) => "introduced to you by them",
            (LinkKind::Introduced, false) => "introduced you to them",
            (LinkKind::MetThrough, true) => "how you met them",
            (LinkKind::MetThrough, false) => "you met them through this person",
            (LinkKind::IntroducedByYou, _) => "introduced to them by you",
        }
    }
}

/// A link as asked for: `from` is the kind of `to` (see [`LinkKind`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDraft {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: LinkKind,
    pub note: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub since: Option<String>,
}

impl LinkDraft {
    /// A valid link: two different people, a bounded note, a date that is
    /// one. A symmetric kind is turned to have the lower id first.
    pub fn new(
        from: PersonId,
        to: PersonId,
        kind: LinkKind,
        note: Option<&str>,
        since: Option<&str>,
    ) -> Result<Self, InputError> {
        if from == to {
            return Err(InputError::SelfLink);
        }
        let (note, since) = note_and_since(note, since)?;
        let (from, to) = if kind.symmetric() && to < from {
            (to, from)
        } else {
            (from, to)
        };
        Ok(Self {
            from,
            to,
            kind,
            note,
            since,
        })
    }
}

/// A link's (or a tie to you's) note and since-date, checked: a bounded
/// note, a date that is one; blanks are none.
pub fn note_and_since(
    note: Option<&str>,
    since: Option<&str>,
) -> Result<(Option<String>, Option<String>), InputError> {
    let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(super::required_text(n, "note", MAX_SHORT_CHARS)?),
        None => None,
    };
    let since = match since.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(since_date(s).ok_or_else(|| InputError::BadDate(s.to_owned()))?),
        None => None,
    };
    Ok((note, since))
}

/// A since-date as kept: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, checked.
fn since_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => number(y, 4).map(|y| format!("{y:04}")),
        [y, m] => {
            let (y, m) = (number(y, 4)?, number(m, 2)?);
            (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
        }
        [_, _, _] => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(|d| d.to_string()),
        _ => None,
    }
}

/// What a contact card says another person is to its owner, as a link:
/// the kind, and whether the other person is the link's `from` (a card
/// saying "Grace is my mother" gives `parent` with Grace first). From vCard
/// 4's `RELATED;TYPE=` (RFC 6350), Apple's `X-ABRELATEDNAMES` labels
/// (`_$!<Mother>!$_`, or the user's own words) and Google's `Relation N -
/// Type`; `None` for what is no tie between two people (`me`, `agent`,
/// `emergency`) or a word Kith does not know.
pub fn related_kind(label: &str) -> Option<(LinkKind, bool)> {
    let word: String = label
        .trim()
        .trim_start_matches("_$!<")
        .trim_end_matches(">!$_")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    Some(match word.as_str() {
        "spouse" | "husband" | "wife" | "partner" | "domesticpartner" | "sweetheart"
        | "girlfriend" | "boyfriend" | "fiance" | "fiancee" | "date" | "crush" => {
            (LinkKind::Partner, false)
        }
        "parent" | "mother" | "father" | "mom" | "mum" | "dad" => (LinkKind::Parent, true),
        "child" | "son" | "daughter" => (LinkKind::Parent, false),
        "sibling" | "brother" | "sister" => (LinkKind::Sibling, false),
        "kin" | "relative" | "family" | "cousin" | "aunt" | "uncle" | "niece" | "nephew"
        | "grandparent" | "grandmother" | "grandfather" | "grandchild" | "inlaw" => {
            (LinkKind::Family, false)
        }
        "friend" | "acquaintance" | "contact" | "met" | "neighbor" | "neighbour" | "coresident" => {
            (LinkKind::Friend, false)
        }
        "colleague" | "coworker" | "workmate" => (LinkKind::Colleague, false),
        "manager" | "boss" | "supervisor" => (LinkKind::Manager, true),
        "assistant" | "report" | "directreport" => (LinkKind::Manager, false),
        "mentor" => (LinkKind::Mentor, true),
        "mentee" => (LinkKind::Mentor, false),
        "referredby" | "introducedby" => (LinkKind::Introduced, true),
        _ => return None,
    })
}

/// The vCard `RELATED;TYPE=` that says what `other` is to the card's owner
/// for a link of `kind` (`other_is_first`: the other is the link's
/// `from`); `None` for kinds RFC 6350 has no word for (manager, mentor,
/// introduced, met through: its `co-worker` would lose who manages whom),
/// which travel in Kith's own exports and sync journal.
pub fn related_type(kind: LinkKind, other_is_first: bool) -> Option<&'static str> {
    Some(match (kind, other_is_first) {
        (LinkKind::Partner, _) => "spouse",
        (LinkKind::Parent, true) => "parent",
        (LinkKind::Parent, false) => "child",
        (LinkKind::Sibling, _) => "sibling",
        (LinkKind::Family, _) => "kin",
        (LinkKind::Friend, _) => "friend",
        (LinkKind::Colleague, _) => "co-worker",
        _ => return None,
    })
}

/// The name in "How we met" that says through whom ("Through Ada
/// Lovelace", "at PyCon, via Grace Hopper"): the words after the last
/// "through", "via" or "thanks to", up to a comma, full stop or
/// semicolon.
pub fn met_through(how_met: &str) -> Option<&str> {
    let lower = how_met.to_lowercase();
    // Lower-casing can change lengths outside ASCII: only ASCII markers
    // are looked for, and only where the cases line up.
    if lower.len() != how_met.len() {
        return None;
    }
    let start = ["through ", "via ", "thanks to "]
        .iter()
        .filter_map(|m| {
            lower
                .match_indices(m)
                .filter(|(i, _)| *i == 0 || lower.as_bytes()[i - 1] == b' ')
                .map(|(i, _)| i + m.len())
                .last()
        })
        .max()?;
    let rest = &how_met[start..];
    let end = rest.find([',', '.', ';', '(']).unwrap_or(rest.len());
    let name = rest[..end].trim();
    (!name.is_empty()).then_some(name)
}

/// A link as a person's page shows it: the other person and what they are
/// to this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: i64,
    pub kind: LinkKind,
    /// Whether this person is the link's `from`.
    pub outgoing: bool,
    pub other: PersonId,
    pub other_name: String,
    pub note: Option<String>,
    pub since: Option<String>,
}

impl Link {
    /// What the other person is to this one ("manager", "friend").
    pub fn name(&self) -> &'static str {
        self.kind.name_from(self.outgoing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_between_two_people_and_a_symmetric_one_reads_the_same_both_ways() {
        assert_eq!(
            LinkDraft::new(PersonId(1), PersonId(1), LinkKind::Friend, None, None),
            Err(InputError::SelfLink)
        );
        let friends =
            LinkDraft::new(PersonId(7), PersonId(3), LinkKind::Friend, None, None).unwrap();
        assert_eq!((friends.from, friends.to), (PersonId(3), PersonId(7)));
        let boss = LinkDraft::new(PersonId(7), PersonId(3), LinkKind::Manager, None, None).unwrap();
        assert_eq!((boss.from, boss.to), (PersonId(7), PersonId(3)));
        assert_eq!(LinkKind::Manager.name_from(true), "report");
        assert_eq!(LinkKind::Manager.name_from(false), "manager");
        assert_eq!(
            "Met-Through".parse::<LinkKind>().unwrap(),
            LinkKind::MetThrough
        );
        assert!("cousin".parse::<LinkKind>().is_err());
    }

    #[test]
    fn cards_say_who_someone_is_in_the_words_of_vcard_apple_and_google() {
        assert_eq!(related_kind("mother"), Some((LinkKind::Parent, true)));
        assert_eq!(
            related_kind("_$!<Mother>!$_"),
            Some((LinkKind::Parent, true))
        );
        assert_eq!(
            related_kind("_$!<Child>!$_"),
            Some((LinkKind::Parent, false))
        );
        assert_eq!(
            related_kind("domestic_partner"),
            Some((LinkKind::Partner, false))
        );
        assert_eq!(
            related_kind("co-worker"),
            Some((LinkKind::Colleague, false))
        );
        assert_eq!(
            related_kind("referred_by"),
            Some((LinkKind::Introduced, true))
        );
        assert_eq!(related_kind("Assistant"), Some((LinkKind::Manager, false)));
        assert_eq!(related_kind("emergency"), None);
        assert_eq!(related_kind("me"), None);
        // Each word Kith writes reads back as the same link.
        for kind in LinkKind::ALL {
            for first in [true, false] {
                if let Some(word) = related_type(*kind, first) {
                    let (back, back_first) = related_kind(word).unwrap();
                    assert_eq!(back, *kind, "{word}");
                    if !kind.symmetric() {
                        assert_eq!(back_first, first, "{word}");
                    }
                }
            }
        }
        assert_eq!(related_type(LinkKind::Mentor, true), None);
        assert_eq!(related_type(LinkKind::Manager, true), None);
    }

    #[test]
    fn a_link_with_you_reads_as_what_they_are_to_you() {
        assert_eq!(MyTie::of(LinkKind::Manager, false), Ok(MyTie::Manager));
        assert_eq!(MyTie::of(LinkKind::Manager, true), Ok(MyTie::Report));
        assert_eq!(MyTie::of(LinkKind::Parent, true), Ok(MyTie::Child));
        assert_eq!(MyTie::of(LinkKind::Sibling, true), Ok(MyTie::Sibling));
        assert_eq!(
            MyTie::of(LinkKind::Introduced, true),
            Err(InputError::NoSuchTieWithYou)
        );
        assert_eq!("Mentee".parse::<MyTie>(), Ok(MyTie::Mentee));
        assert_eq!(MyTie::Report.kind(), LinkKind::Manager);
    }

    #[test]
    fn how_we_met_names_who_we_met_through() {
        assert_eq!(met_through("Through Ada Lovelace"), Some("Ada Lovelace"));
        assert_eq!(
            met_through("At PyCon 2019, via Grace Hopper."),
            Some("Grace Hopper")
        );
        assert_eq!(met_through("thanks to Linus (his talk)"), Some("Linus"));
        assert_eq!(met_through("Breakthrough conference"), None);
        assert_eq!(met_through("At the salon"), None);
        assert_eq!(met_through("via "), None);
    }

    #[test]
    fn a_since_date_is_a_year_a_month_or_a_day() {
        let since =
            |s| LinkDraft::new(PersonId(1), PersonId(2), LinkKind::Colleague, None, Some(s));
        assert_eq!(since("2019").unwrap().since.as_deref(), Some("2019"));
        assert_eq!(since("2019-03").unwrap().since.as_deref(), Some("2019-03"));
        assert_eq!(
            since("2019-03-09").unwrap().since.as_deref(),
            Some("2019-03-09")
        );
        for bad in ["2019-13", "19", "2019-02-30", "March"] {
            assert!(since(bad).is_err(), "{bad}");
        }
    }
}
