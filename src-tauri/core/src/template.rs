//! Personal replies drafted from templates: placeholders filled from the
//! person, and the check that a message is still the unedited template.
//!
//! Placeholders: `{first_name}`, `{last_name}`, `{name}`, `{company}`,
//! `{role}`, `{how_we_met}`, `{topic}`. A placeholder with no value is left
//! out together with the space before it and a word that only led into it
//! ("at", "in", "from", "with", "for", "of", "about", "on"); an unknown one
//! stays as typed.

/// What a template can say about the person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub how_we_met: Option<String>,
    pub topic: Option<String>,
}

impl Fields {
    fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or("")
    }

    fn last_name(&self) -> String {
        let words: Vec<&str> = self.name.split_whitespace().collect();
        words
            .get(1..)
            .map(|rest| rest.join(" "))
            .unwrap_or_default()
    }

    fn value(&self, key: &str) -> Option<Option<String>> {
        Some(match key {
            "first_name" => Some(self.first_name().to_owned()),
            "last_name" => Some(self.last_name()),
            "name" => Some(self.name.clone()),
            "company" => self.company.clone(),
            "role" => self.role.clone(),
            "how_we_met" => self.how_we_met.clone(),
            "topic" => self.topic.clone(),
            _ => return None,
        })
    }
}

/// Words that only lead into a placeholder ("at {company}"), left out with
/// a placeholder that has no value.
const CONNECTORS: [&str; 8] = ["at", "in", "from", "with", "for", "of", "about", "on"];

/// Fills `body`'s placeholders from `fields`.
pub fn render(body: &str, fields: &Fields) -> String {
    let mut out = String::with_capacity(body.len() + 32);
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let key = &rest[open + 1..close];
        out.push_str(&rest[..open]);
        match fields.value(key) {
            Some(Some(value)) if !value.trim().is_empty() => out.push_str(value.trim()),
            Some(_) => {
                // No value: drop the placeholder and the space before it,
                // and brackets that held only it: "met ({how_we_met})".
                let mut after = close + 1;
                if out.ends_with('(') && rest[after..].starts_with(')') {
                    out.pop();
                    after += 1;
                }
                if out.ends_with(' ') {
                    out.pop();
                }
                // And the word that led into it: "working on at {company}
                // these days" reads "working on these days".
                if let Some(word) = out.rsplit(' ').next() {
                    if CONNECTORS.contains(&word.to_lowercase().as_str()) && word.len() < out.len()
                    {
                        out.truncate(out.len() - word.len());
                        if out.ends_with(' ') {
                            out.pop();
                        }
                    }
                }
                rest = &rest[after..];
                continue;
            }
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of LinkedIn's generic invitation, which is not a personal note.
const GENERIC_INVITATIONS: &[&str] = &[
    "i'd like to add you to my professional network",
    "i would like to add you to my professional network",
    "i'd like to join your linkedin network",
];

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `message` reads like generic text: exactly the template as
/// drafted, or LinkedIn's stock invitation.
pub fn reads_generic(message: &str, drafted: &str) -> bool {
    let message = normalise(message);
    message == normalise(drafted) || GENERIC_INVITATIONS.iter().any(|g| message.contains(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Fields {
        Fields {
            name: "Ada King Lovelace".into(),
            company: Some("Analytical Engines".into()),
            role: None,
            how_we_met: Some("at the Babbage salon".into()),
            topic: None,
        }
    }

    #[test]
    fn placeholders_are_filled_from_the_person() {
        assert_eq!(
            render(
                "Hi {first_name} {last_name} of {company}, met {how_we_met}.",
                &ada()
            ),
            "Hi Ada King Lovelace of Analytical Engines, met at the Babbage salon."
        );
    }

    #[test]
    fn missing_values_vanish_and_unknown_placeholders_stay() {
        assert_eq!(
            render("Hi {first_name}, the {role} role", &ada()),
            "Hi Ada, the role"
        );
        assert_eq!(render("Hi {nickname}!", &ada()), "Hi {nickname}!");
        assert_eq!(
            render("Great to meet you ({topic}). Thanks!", &ada()),
            "Great to meet you. Thanks!"
        );
        assert_eq!(
            render("Unclosed {first_name", &ada()),
            "Unclosed {first_name"
        );
        assert_eq!(render("", &ada()), "");
        // The word that led into a missing value goes with it.
        let no_company = Fields {
            company: None,
            ..ada()
        };
        assert_eq!(
            render(
                "I'd love to hear what you're working on at {company} these days.",
                &no_company
            ),
            "I'd love to hear what you're working on these days."
        );
    }

    #[test]
    fn values_are_text_not_templates() {
        let sneaky = Fields {
            name: "{company}".into(),
            company: Some("<b>Acme</b>".into()),
            ..Fields::default()
        };
        assert_eq!(
            render("{name} / {company}", &sneaky),
            "{company} / <b>Acme</b>"
        );
    }

    #[test]
    fn the_unedited_draft_and_the_stock_invitation_read_generic() {
        let drafted = render("Hi {first_name}, thanks for connecting!", &ada());
        assert!(reads_generic("Hi Ada,   thanks for connecting!", &drafted));
        assert!(reads_generic(
            "I'd like to add you to my professional network on LinkedIn.",
            &drafted
        ));
        assert!(!reads_generic(
            "Hi Ada, loved your talk on the engine. Coffee next week?",
            &drafted
        ));
    }
}
