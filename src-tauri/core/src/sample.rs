//! The sample network a newcomer can load to see Kith working at once. The
//! people are invented, marked as samples in the database, and removed in
//! one step without touching anything the user entered.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::domain::{
    Channel, Direction, FollowUpDraft, Identity, IdentityKind, InputError, PersonDraft, TouchKind,
};
use crate::when::{LocalIntent, Zone};

/// One invented person with their history.
#[derive(Debug, Clone)]
pub struct SamplePerson {
    pub draft: PersonDraft,
    /// (kind, channel, direction, days ago, summary)
    pub touches: Vec<(TouchKind, Channel, Direction, i64, &'static str)>,
    pub note: Option<&'static str>,
    /// (hours from now, what)
    pub follow_up: Option<(i64, &'static str)>,
}

const FIRST: &[&str] = &[
    "Amara", "Bastian", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ines", "Jonas",
    "Kenji", "Leila", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Samir", "Tove",
    "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zanele",
];
const LAST: &[&str] = &[
    "Okafor",
    "Brandt",
    "Rossi",
    "Volkov",
    "Yilmaz",
    "Haddad",
    "Pereira",
    "Sato",
    "Moreau",
    "Lindqvist",
    "Tanaka",
    "Mansour",
    "Silva",
    "Kowalski",
    "Berg",
    "Raman",
    "Dubois",
    "Navarro",
    "Aziz",
    "Nilsson",
    "Sheikh",
    "Novak",
    "Zhang",
    "Ortega",
    "Demir",
    "Dlamini",
];
const COMPANIES: &[(&str, &str)] = &[
    ("Northwind Robotics", "Head of Product"),
    ("Tidewater Analytics", "Data Scientist"),
    ("Brightfield Studio", "Design Lead"),
    ("Copperline Health", "Founder"),
    ("Ashgrove Ventures", "Partner"),
    ("Lumen Logistics", "Operations Manager"),
    ("Fernhill Labs", "Staff Engineer"),
    ("Quayside Media", "Editor"),
];
const TOPICS: &[&str] = &[
    "Ask how the new job is going",
    "Send the article on remote onboarding",
    "Ask how the product launch went",
    "Congratulate on the funding round",
    "Check in about the move to Lisbon",
    "Share the intro deck for the hiring ask",
];

/// How many people the sample network has.
pub const SAMPLE_SIZE: usize = 40;

/// Builds the sample network relative to `now`. Deterministic: the same
/// people every time, so screenshots and tests are stable.
pub fn network() -> Result<Vec<SamplePerson>, InputError> {
    let mut people = Vec::with_capacity(SAMPLE_SIZE);
    for i in 0..SAMPLE_SIZE {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i * 7 + 3) % LAST.len()];
        let (company, role) = COMPANIES[i % COMPANIES.len()];
        let slug = format!("{}-{}-sample", first.to_lowercase(), last.to_lowercase());
        let email = format!(
            "{}.{}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let tags: &[&str] = match i % 5 {
            0 => &["Inner circle"],
            1 | 2 => &["Network"],
            3 => &["Close", "Mentors"],
            _ => &[],
        };
        let draft = PersonDraft::named(&format!("{first} {last}"))?
            .with_company(Some(company))?
            .with_role(Some(role))?
            .with_how_met(Some(match i % 3 {
                0 => "LinkedIn connection",
                1 => "Met at a conference",
                _ => "Introduced by a friend",
            }))?
            .with_tags(tags)?
            .with_identity(Identity::new(IdentityKind::Linkedin, &slug)?)
            .with_identity(Identity::new(IdentityKind::Email, &email)?);
        // Histories that cover the path from connection to relationship.
        let mut touches = vec![(
            TouchKind::Connected,
            Channel::Linkedin,
            Direction::In,
            400 - (i as i64 * 9),
            "Connected on LinkedIn",
        )];
        if i % 4 != 0 {
            touches.push((
                TouchKind::Note,
                Channel::Linkedin,
                Direction::Out,
                390 - (i as i64 * 9),
                "Thanked them for connecting and asked how I can help",
            ));
        }
        if i % 3 == 0 {
            touches.push((
                TouchKind::Comment,
                Channel::Linkedin,
                Direction::Out,
                120 - i as i64,
                "Commented on their post about hiring",
            ));
        }
        if i % 2 == 0 {
            touches.push((
                TouchKind::Message,
                Channel::Linkedin,
                Direction::In,
                60 - i as i64,
                "They asked about our onboarding process",
            ));
        }
        if i % 6 == 1 {
            touches.push((
                TouchKind::Call,
                Channel::Video,
                Direction::Mutual,
                20 + i as i64,
                "Video call about their product roadmap",
            ));
            touches.push((
                TouchKind::Meeting,
                Channel::InPerson,
                Direction::Mutual,
                5 + i as i64,
                "Coffee near their office",
            ));
        }
        let follow_up = (i % 4 == 1).then(|| {
            let hours = [-30, -2, 3, 26, 50, 120][i % 6];
            (hours, TOPICS[i % TOPICS.len()])
        });
        people.push(SamplePerson {
            draft,
            touches,
            note: (i % 5 == 0).then_some("Prefers short messages; mornings are best."),
            follow_up,
        });
    }
    Ok(people)
}

/// The follow-up draft of a sample person once they have an id.
pub(crate) fn follow_up_draft(
    person: crate::PersonId,
    hours: i64,
    what: &str,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<FollowUpDraft, InputError> {
    let due = LocalIntent::at_instant(now + Duration::hours(hours), Zone::Floating, zone);
    FollowUpDraft::new(person, what, due, None)
}
