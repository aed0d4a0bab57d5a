//! A structured name (vCard's `N`: family; given; additional; prefix;
//! suffix) guessed from a display name, for a card that has none: what
//! the vCard export writes and what sync gives a card no client has split.

use crate::content::escape;

/// Words that begin a family name, kept with the last word when a split is
/// guessed ("Ludwig van Beethoven", "Siobhán Ní Bhraonáin").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "das", "do", "dos", "du",
    "la", "le", "les", "lo", "ter", "ten", "zu", "bin", "binti", "bint", "ibn", "ben", "bat", "al",
    "el", "ap", "ní", "nic", "ó", "ua", "uí", "mac", "mag", "y", "st.", "saint",
];

/// `N` for a name no client has split: the family name is the last word
/// with the particles before it, the given names the rest, and
/// post-nominals after a comma the suffix ("Priya Nayak, MSc, MBA" is
/// `N:Nayak;Priya;;;MSc,MBA`); a name written family first ("Lovelace,
/// Ada") is split at its comma.
pub fn guessed(name: &str) -> String {
    let (name, suffixes) = kith_core::names::post_nominals(name);
    let suffix = suffixes
        .iter()
        .map(|s| escape(s))
        .collect::<Vec<_>>()
        .join(",");
    // "Lovelace, Ada": written family name first.
    if let (Some((family, given)), true) = (name.split_once(','), suffixes.is_empty()) {
        if !family.trim().is_empty() && !given.trim().is_empty() && !given.contains(',') {
            return format!("N:{};{};;;", escape(family.trim()), escape(given.trim()));
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut start = words.len().saturating_sub(1);
    while start > 1 && PARTICLES.contains(&words[start - 1].to_lowercase().as_str()) {
        start -= 1;
    }
    let (given, family) = words.split_at(start);
    if given.is_empty() {
        return format!("N:{};;;;{suffix}", escape(name.trim()));
    }
    format!(
        "N:{};{};;;{suffix}",
        escape(&family.join(" ")),
        escape(&given.join(" "))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_nominals_are_the_suffix_and_particles_stay_with_the_family_name() {
        assert_eq!(
            guessed("Priya Nayak, MSc, MBA, PHR"),
            "N:Nayak;Priya;;;MSc,MBA,PHR"
        );
        assert_eq!(guessed("Oscar de la Hoya, Jr."), "N:de la Hoya;Oscar;;;Jr.");
        assert_eq!(guessed("Lovelace, Ada"), "N:Lovelace;Ada;;;");
        assert_eq!(guessed("Cher"), "N:Cher;;;;");
    }
}
