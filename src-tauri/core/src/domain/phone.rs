//! Phone numbers as keys: one number written many ways (`030 1234567`,
//! `+49 30 1234567`, `0049 (0)30 123 45 67`) is one key, in E.164, so it
//! finds the same person. A national number carries no country; the
//! database's home country ([`Country`]) supplies it.

use super::InputError;

/// Marks a phone number kept as text (see [`phone_key`]); no digit key
/// starts with it.
pub const PHONE_TEXT: &str = "~";

/// The fewest digits a phone number needs to be used as a key: shorter
/// ones are extensions and short codes that many people share.
pub const MIN_PHONE_DIGITS: usize = 7;

/// The country whose national numbers a database's numbers without a
/// country code are: with Germany, `030 1234567` is `+49 30 1234567`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country(phonenumber::country::Id);

impl Country {
    /// A country by its ISO 3166 code (`DE`, `gb`), one with a numbering
    /// plan.
    pub fn parse(code: &str) -> Result<Self, InputError> {
        let bad = || InputError::BadCountry(code.trim().to_owned());
        let upper = code.trim().to_ascii_uppercase();
        if upper.len() != 2 {
            return Err(bad());
        }
        let id: phonenumber::country::Id = upper.parse().map_err(|_| bad())?;
        phonenumber::metadata::DATABASE
            .by_id(id.as_ref())
            .map(|_| Self(id))
            .ok_or_else(bad)
    }

    /// Its ISO 3166 code, upper case.
    pub fn code(&self) -> &str {
        self.0.as_ref()
    }

    /// The code dialled before its numbers from abroad (49 for Germany).
    pub fn calling_code(&self) -> u16 {
        phonenumber::metadata::DATABASE
            .by_id(self.0.as_ref())
            .map_or(0, |meta| meta.country_code())
    }

    /// Every country with a numbering plan, by code.
    pub fn all() -> Vec<Self> {
        let mut all: Vec<Self> = phonenumber::metadata::DATABASE
            .iter()
            .filter_map(|meta| Self::parse(meta.id()).ok())
            .collect();
        all.sort_by(|a, b| a.code().cmp(b.code()));
        all.dedup();
        all
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The matching key of a phone number with no home country known: see
/// [`phone_key_in`].
pub fn phone_key(value: &str) -> String {
    phone_key_in(value, None)
}

/// Whether a number is written without its country (no leading `+` or
/// `00`) and could be a key: the numbers a home country places.
pub fn is_national(value: &str) -> bool {
    matches!(
        read(value),
        Read::Plain {
            international: None
        }
    )
}

/// The matching key of a phone number. International numbers (a leading
/// `+` or `00`) are read by libphonenumber's rules and written in E.164,
/// so `+44 (0)20 7946 0000` and `+44 20 7946 0000` are one key. A
/// national number is read as the `home` country's and written in E.164
/// too when it is a valid number there; otherwise (no home country, or
/// not a number of it) it keeps its digits. A number with letters
/// (`1-800-FLOWERS`, `ext. 12`) or fewer than [`MIN_PHONE_DIGITS`] digits
/// is kept as text, marked with [`PHONE_TEXT`], and never used as a key.
pub fn phone_key_in(value: &str, home: Option<Country>) -> String {
    let digits = || -> String { value.chars().filter(char::is_ascii_digit).collect() };
    match read(value) {
        Read::Text => {
            let text = value.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{PHONE_TEXT}{}", text.to_lowercase())
        }
        Read::Plain {
            international: Some(rest),
        } => phonenumber::parse(None, format!("+{rest}"))
            .map(|n| e164(&n))
            .unwrap_or_else(|_| {
                let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
                format!("+{digits}")
            }),
        Read::Plain {
            international: None,
        } => home
            .and_then(|country| phonenumber::parse(Some(country.0), value).ok())
            .filter(phonenumber::is_valid)
            .map_or_else(digits, |n| e164(&n)),
    }
}

fn e164(number: &phonenumber::PhoneNumber) -> String {
    number.format().mode(phonenumber::Mode::E164).to_string()
}

/// How a number is written.
enum Read<'a> {
    /// Letters, or too few digits: kept as text.
    Text,
    /// Digits and punctuation; `international` is what follows a leading
    /// `+` or `00`.
    Plain { international: Option<&'a str> },
}

fn read(value: &str) -> Read<'_> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let plain = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
    if !plain || digits < MIN_PHONE_DIGITS {
        return Read::Text;
    }
    let trimmed = value.trim_start();
    Read::Plain {
        international: trimmed
            .strip_prefix('+')
            .or_else(|| trimmed.strip_prefix("00")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de() -> Option<Country> {
        Some(Country::parse("de").unwrap())
    }

    #[test]
    fn a_national_number_is_keyed_in_the_home_country() {
        let international = phone_key("+49 30 1234567");
        assert_eq!(international, "+49301234567");
        assert_eq!(phone_key_in("030 1234567", de()), international);
        assert_eq!(phone_key_in("030/123 45 67", de()), international);
        assert_eq!(phone_key_in("0049 (0)30 1234567", de()), international);
        // Without a home country its digits stay the key.
        assert_eq!(phone_key("030 1234567"), "0301234567");
    }

    #[test]
    fn a_number_that_is_not_the_home_countrys_keeps_its_digits() {
        // Too long for a German number.
        assert_eq!(
            phone_key_in("030 1234567 8901234", de()),
            "03012345678901234"
        );
        let gb = Some(Country::parse("GB").unwrap());
        assert_eq!(phone_key_in("020 7946 0000", gb), "+442079460000");
        assert_eq!(phone_key_in("1234567", gb), "1234567");
        // Text stays text whatever the country.
        assert_eq!(phone_key_in("ext. 1234567", de()), "~ext. 1234567");
    }

    #[test]
    fn international_numbers_ignore_the_home_country() {
        let gb = Some(Country::parse("GB").unwrap());
        assert_eq!(phone_key_in("+49 30 1234567", gb), "+49301234567");
        assert!(!is_national("+49 30 1234567"));
        assert!(!is_national("0049 30 1234567"));
        assert!(is_national("030 1234567"));
        assert!(!is_national("112"));
    }

    #[test]
    fn countries_are_iso_codes_with_a_numbering_plan() {
        let de = Country::parse(" de ").unwrap();
        assert_eq!((de.code(), de.calling_code()), ("DE", 49));
        assert_eq!(Country::parse("US").unwrap().calling_code(), 1);
        for bad in ["", "D", "DEU", "XX", "001", "zz"] {
            assert_eq!(
                Country::parse(bad),
                Err(InputError::BadCountry(bad.to_owned())),
                "{bad}"
            );
        }
        let all = Country::all();
        assert!(all.len() > 200, "{}", all.len());
        assert!(all.contains(&de));
        assert!(all.windows(2).all(|w| w[0].code() < w[1].code()));
    }
}
