//! The sample network a newcomer can load to see Kith working at once. The
//! people are invented, marked as samples in the database, and removed in
//! one step without touching anything the user entered.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::domain::{
    Channel, Direction, FollowUpSpec, Identity, IdentityKind, InputError, NeedSpec, Note,
    PersonBundle, PersonDraft, Side, Topic, TouchKind, TouchSpec,
};
use crate::when::{LocalIntent, Zone};

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

/// Builds the sample network relative to `now` (touches in the past,
/// follow-ups around now). The same people every time, so screenshots and
/// tests are stable.
pub fn network(zone: Tz, now: DateTime<Utc>) -> Result<Vec<PersonBundle>, InputError> {
    let mut people = Vec::with_capacity(SAMPLE_SIZE);
    for i in 0..SAMPLE_SIZE {
        let first = FIRST[i % FIRST.len()];
        // The offset after each round of first names keeps every name unique.
        let last = LAST[(i * 7 + 3 + i / FIRST.len()) % LAST.len()];
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
        let person = PersonDraft::named(&format!("{first} {last}"))?
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
        let day = |days_ago: i64| now - Duration::days(days_ago.max(0));
        let n = i as i64;
        let mut touches = vec![TouchSpec::new(
            TouchKind::Connected,
            Channel::Linkedin,
            Direction::In,
            day(400 - n * 9),
            Some("Connected on LinkedIn"),
        )?];
        if i % 4 != 0 {
            touches.push(TouchSpec::new(
                TouchKind::Note,
                Channel::Linkedin,
                Direction::Out,
                day(390 - n * 9),
                Some("Thanked them for connecting and asked how I can help"),
            )?);
        }
        if i % 3 == 0 {
            touches.push(TouchSpec::new(
                TouchKind::Comment,
                Channel::Linkedin,
                Direction::Out,
                day(120 - n),
                Some("Commented on their post about hiring"),
            )?);
        }
        if i % 2 == 0 {
            touches.push(TouchSpec::new(
                TouchKind::Message,
                Channel::Linkedin,
                Direction::In,
                day(60 - n),
                Some("They asked about our onboarding process"),
            )?);
        }
        if i % 6 == 1 {
            touches.push(TouchSpec::new(
                TouchKind::Call,
                Channel::Video,
                Direction::Mutual,
                day(20 + n),
                Some("Video call about their product roadmap"),
            )?);
            touches.push(TouchSpec::new(
                TouchKind::Meeting,
                Channel::InPerson,
                Direction::Mutual,
                day(5 + n),
                Some("Coffee near their office"),
            )?);
        }

        let mut follow_ups = Vec::new();
        if i % 4 == 1 {
            let hours = [-30, -2, 3, 26, 50, 120][i % 6];
            let due = LocalIntent::at_instant(now + Duration::hours(hours), Zone::Floating, zone);
            follow_ups.push(FollowUpSpec::new(TOPICS[i % TOPICS.len()], due, None)?);
        }
        let notes = if i % 5 == 0 {
            vec![Note::body("Prefers short messages; mornings are best.")?]
        } else {
            Vec::new()
        };
        let topics = match i % 7 {
            2 => vec![Topic::text("Moving to Lisbon in the spring")?],
            4 => vec![Topic::text("New job as head of product")?],
            _ => Vec::new(),
        };
        let need = |side, text: &str, tags: &[&str]| NeedSpec::new(side, text, tags);
        let needs = match i {
            1 => vec![need(
                Side::Ask,
                "A Rust contractor for the robot firmware",
                &["rust", "embedded"],
            )?],
            11 => vec![need(
                Side::Offer,
                "Rust and embedded consulting",
                &["rust", "embedded"],
            )?],
            23 => vec![need(
                Side::Offer,
                "Reviews Rust code for safety",
                &["rust"],
            )?],
            5 => vec![need(
                Side::Ask,
                "Introductions to seed investors",
                &["fundraising"],
            )?],
            14 => vec![need(
                Side::Offer,
                "Knows many seed investors in Europe",
                &["fundraising", "investors"],
            )?],
            30 => vec![need(Side::Ask, "A designer for a health app", &["design"])?],
            _ => Vec::new(),
        };
        people.push(PersonBundle {
            person,
            touches,
            notes,
            follow_ups,
            topics,
            needs,
        });
    }
    Ok(people)
}
