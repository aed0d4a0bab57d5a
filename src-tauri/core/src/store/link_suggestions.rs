//! Ties suggested, never assumed: two people who are on the same e-mail
//! threads, at the same meetings, at the same company or writing from the
//! same non-public domain may know each other. Each suggestion carries its
//! evidence; accepted it becomes a link, dismissed it is never suggested
//! again.
//!
//! The evidence is read from what the touch log already keeps as touches
//! arrive (`mail_touch` per thread and address, `meeting_touch` per
//! meeting, the people's companies and addresses), so a new touch costs
//! nothing more; the pairs are counted when suggestions are asked for
//! (for a person's page, only their threads, meetings, company and
//! domains).
//! A company or domain only suggests pairs while it has at most
//! [`MAX_GROUP`] people in Kith (a big employer is not evidence that two
//! of its people know each other), and only threads and meetings with at
//! most [`MAX_PARTIES`] people in Kith count.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{params, Connection};

use super::rows::ensure_person;
use super::{from_secs, to_secs, Result, Store};
use crate::domain::{InputError, LinkDraft, LinkKind, PersonId};

/// The most people a company or domain may have in Kith for its people to
/// be suggested to each other.
pub const MAX_GROUP: usize = 12;

/// The most people in Kith a thread or meeting may have to count.
pub const MAX_PARTIES: usize = 10;

/// How many suggestions are listed at most.
pub const MAX_SUGGESTIONS: usize = 50;

/// Mail services anyone can write from: sharing one says nothing.
const PUBLIC_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "fastmail.com",
    "hey.com",
    "posteo.de",
    "mailbox.org",
    "tutanota.com",
    "qq.com",
    "163.com",
];

/// What suggests a tie between two people.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// E-mail threads both are on.
    pub threads: u32,
    /// The day of the last of them (`YYYY-MM-DD`).
    pub last_thread: Option<String>,
    pub meetings: u32,
    pub last_meeting: Option<DateTime<Utc>>,
    /// The company both are at, as the first of them has it.
    pub company: Option<String>,
    /// The non-public e-mail domain both write from.
    pub domain: Option<String>,
}

impl Evidence {
    fn score(&self) -> u32 {
        self.threads * 3
            + self.meetings * 4
            + u32::from(self.company.is_some()) * 2
            + u32::from(self.domain.is_some())
    }

    /// The evidence in words: "on 12 threads together, the last in March
    /// 2026; both at Northwind".
    pub fn words(&self) -> String {
        let month = |y: i32, m: u32| format!("{} {y}", crate::path::month_name(m));
        let mut parts = Vec::new();
        if self.threads > 0 {
            let last = self
                .last_thread
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(|d| format!(", the last in {}", month(d.year(), d.month())))
                .unwrap_or_default();
            let n = self.threads;
            parts.push(format!(
                "on {n} e-mail thread{} together{last}",
                if n == 1 { "" } else { "s" }
            ));
        }
        if self.meetings > 0 {
            let last = self
                .last_meeting
                .map(|d| format!(", the last in {}", month(d.year(), d.month())))
                .unwrap_or_default();
            let n = self.meetings;
            parts.push(format!(
                "at {n} meeting{} together{last}",
                if n == 1 { "" } else { "s" }
            ));
        }
        if let Some(company) = &self.company {
            parts.push(format!("both at {company}"));
        }
        if let Some(domain) = &self.domain {
            parts.push(format!("both write from {domain}"));
        }
        parts.join("; ")
    }

    /// The kind of link the evidence points to.
    pub fn kind(&self) -> LinkKind {
        LinkKind::Colleague
    }
}

/// Two people who may know each other, the lower id first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSuggestion {
    pub a: (PersonId, String),
    pub b: (PersonId, String),
    pub evidence: Evidence,
}

type Pairs = HashMap<(i64, i64), Evidence>;

fn pair(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

/// Pairs on the same threads: each thread's people (by the addresses its
/// touches went to), threads with at most [`MAX_PARTIES`] of them; with
/// `person`, only the threads they are on (through their own touches).
fn thread_pairs(conn: &Connection, person: Option<PersonId>, pairs: &mut Pairs) -> Result<()> {
    let theirs = match person {
        Some(_) => {
            "WHERE t.thread IN (SELECT mt.thread FROM touch x
                JOIN mail_touch mt ON mt.uid = x.uid WHERE x.person_id = ?1)"
        }
        None => "WHERE ?1 IS NULL",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT t.thread, i.person_id, t.day
         FROM mail_touch t JOIN identity i ON i.kind = 'email' AND i.normalized = t.address
         {theirs}
         ORDER BY t.thread"
    ))?;
    let mut rows = stmt.query([person.map(|p| p.0)])?;
    let mut thread = String::new();
    let mut people: Vec<(i64, String)> = Vec::new();
    let mut flush = |people: &mut Vec<(i64, String)>| {
        people.sort();
        people.dedup_by(|x, y| {
            x.0 == y.0 && {
                // Keep the later day of one person's touches in the thread.
                if x.1 > y.1 {
                    y.1 = x.1.clone();
                }
                true
            }
        });
        if (2..=MAX_PARTIES).contains(&people.len()) {
            for (i, (a, day_a)) in people.iter().enumerate() {
                for (b, day_b) in &people[i + 1..] {
                    let e = pairs.entry(pair(*a, *b)).or_default();
                    e.threads += 1;
                    let day = day_a.min(day_b).clone();
                    if e.last_thread.as_ref().is_none_or(|d| *d < day) {
                        e.last_thread = Some(day);
                    }
                }
            }
        }
        people.clear();
    };
    while let Some(r) = rows.next()? {
        let t: String = r.get(0)?;
        if t != thread {
            flush(&mut people);
            thread = t;
        }
        people.push((r.get(1)?, r.get(2)?));
    }
    flush(&mut people);
    Ok(())
}

/// Pairs at the same meetings (the people its touches went to); with
/// `person`, only the meetings they were at.
fn meeting_pairs(conn: &Connection, person: Option<PersonId>, pairs: &mut Pairs) -> Result<()> {
    let theirs = match person {
        Some(_) => {
            "WHERE mt.meeting IN (SELECT y.meeting FROM touch x
                JOIN meeting_touch y ON y.uid = x.uid WHERE x.person_id = ?1)"
        }
        None => "WHERE ?1 IS NULL",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.key, t.person_id, m.at
         FROM meeting_touch mt
         JOIN meeting m ON m.key = mt.meeting
         JOIN touch t ON t.uid = mt.uid
         {theirs}
         GROUP BY m.key, t.person_id
         ORDER BY m.key"
    ))?;
    let mut rows = stmt.query([person.map(|p| p.0)])?;
    let mut meeting = String::new();
    let mut at = 0i64;
    let mut people: Vec<i64> = Vec::new();
    let mut flush = |people: &mut Vec<i64>, at: i64| {
        if (2..=MAX_PARTIES).contains(&people.len()) {
            for (i, a) in people.iter().enumerate() {
                for b in &people[i + 1..] {
                    let e = pairs.entry(pair(*a, *b)).or_default();
                    e.meetings += 1;
                    let when = from_secs(at);
                    if e.last_meeting.is_none_or(|d| d < when) {
                        e.last_meeting = Some(when);
                    }
                }
            }
        }
        people.clear();
    };
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        if key != meeting {
            flush(&mut people, at);
            meeting = key;
        }
        at = r.get(2)?;
        people.push(r.get(1)?);
    }
    flush(&mut people, at);
    Ok(())
}

/// Pairs in small groups: `query` gives (group, person, shown name), for
/// everyone or (with `?1`, a person) only the person's groups.
fn group_pairs(
    conn: &Connection,
    query: &str,
    person: Option<PersonId>,
    pairs: &mut Pairs,
    set: fn(&mut Evidence, String),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(query)?;
    let mut groups: HashMap<String, (String, Vec<i64>)> = HashMap::new();
    let mut rows = stmt.query([person.map(|p| p.0)])?;
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let group = groups
            .entry(key)
            .or_insert_with(|| (String::new(), Vec::new()));
        if group.1.len() > MAX_GROUP {
            continue;
        }
        if group.0.is_empty() {
            group.0 = r.get(2)?;
        }
        group.1.push(r.get(1)?);
    }
    for (_, (name, mut people)) in groups {
        people.sort_unstable();
        people.dedup();
        if !(2..=MAX_GROUP).contains(&people.len()) {
            continue;
        }
        for (i, a) in people.iter().enumerate() {
            for b in &people[i + 1..] {
                set(pairs.entry(pair(*a, *b)).or_default(), name.clone());
            }
        }
    }
    Ok(())
}

impl Store {
    /// People who may know each other and are not linked yet, the
    /// strongest evidence first (at most [`MAX_SUGGESTIONS`]); with
    /// `person`, only the suggestions about them.
    pub fn link_suggestions(&self, person: Option<PersonId>) -> Result<Vec<LinkSuggestion>> {
        self.read(|conn| {
            if let Some(p) = person {
                ensure_person(conn, p)?;
            }
            // Everyone's evidence, or (for a person's page) only what is
            // about them: their threads, meetings, company and domains.
            let mut pairs = Pairs::new();
            thread_pairs(conn, person, &mut pairs)?;
            meeting_pairs(conn, person, &mut pairs)?;
            group_pairs(
                conn,
                "SELECT lower(trim(company)), id, trim(company) FROM person
                 WHERE company IS NOT NULL AND trim(company) <> '' AND deceased = 0
                   AND (?1 IS NULL OR lower(trim(company))
                        = (SELECT lower(trim(company)) FROM person WHERE id = ?1))
                 ORDER BY id",
                person,
                &mut pairs,
                |e, company| e.company = Some(company),
            )?;
            let public = PUBLIC_DOMAINS
                .iter()
                .map(|d| format!("'{d}'"))
                .collect::<Vec<_>>()
                .join(", ");
            group_pairs(
                conn,
                &format!(
                    "SELECT substr(normalized, instr(normalized, '@') + 1) AS domain, person_id,
                            substr(normalized, instr(normalized, '@') + 1)
                     FROM identity WHERE kind = 'email' AND instr(normalized, '@') > 0
                       AND substr(normalized, instr(normalized, '@') + 1) NOT IN ({public})
                       AND normalized NOT IN (SELECT address FROM mail_me)
                       AND (?1 IS NULL OR substr(normalized, instr(normalized, '@') + 1) IN
                            (SELECT substr(normalized, instr(normalized, '@') + 1) FROM identity
                             WHERE person_id = ?1 AND kind = 'email'))
                     ORDER BY person_id"
                ),
                person,
                &mut pairs,
                |e, domain| e.domain = Some(domain),
            )?;
            if let Some(p) = person {
                pairs.retain(|(a, b), _| *a == p.0 || *b == p.0);
            }
            let mut linked = conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM link WHERE (from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1))
                     OR EXISTS (SELECT 1 FROM link_dismissed WHERE a = ?1 AND b = ?2)",
            )?;
            let mut person_row = conn.prepare_cached(
                "SELECT display_name FROM person WHERE id = ?1 AND deceased = 0",
            )?;
            let mut ranked: Vec<((i64, i64), Evidence)> = pairs.into_iter().collect();
            ranked.sort_by(|x, y| y.1.score().cmp(&x.1.score()).then(x.0.cmp(&y.0)));
            let mut out = Vec::new();
            for ((a, b), evidence) in ranked {
                if out.len() == MAX_SUGGESTIONS {
                    break;
                }
                if linked.query_row(params![a, b], |r| r.get::<_, bool>(0))? {
                    continue;
                }
                let mut name = |id: i64| -> Result<Option<String>> {
                    let mut rows = person_row.query([id])?;
                    Ok(match rows.next()? {
                        Some(r) => Some(r.get(0)?),
                        None => None,
                    })
                };
                let (Some(name_a), Some(name_b)) = (name(a)?, name(b)?) else {
                    continue;
                };
                out.push(LinkSuggestion {
                    a: (PersonId(a), name_a),
                    b: (PersonId(b), name_b),
                    evidence,
                });
            }
            Ok(out)
        })
    }

    /// Accepts a suggestion: links the two as `kind` (a colleague unless
    /// said); the link's id.
    pub fn accept_link_suggestion(
        &self,
        a: PersonId,
        b: PersonId,
        kind: Option<LinkKind>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let draft = LinkDraft::new(a, b, kind.unwrap_or(LinkKind::Colleague), None, None)?;
        self.link(&draft, now)
    }

    /// Never suggests the two to each other again.
    pub fn dismiss_link_suggestion(
        &self,
        a: PersonId,
        b: PersonId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if a == b {
            return Err(InputError::SelfLink.into());
        }
        let (a, b) = (a.min(b), a.max(b));
        self.write(|tx| {
            ensure_person(tx, a)?;
            ensure_person(tx, b)?;
            tx.execute(
                "INSERT OR IGNORE INTO link_dismissed (a, b, at) VALUES (?1, ?2, ?3)",
                params![a.0, b.0, to_secs(now)],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Identity, IdentityKind, PersonDraft};
    use crate::store::tests::t0;

    fn person(store: &Store, name: &str, company: Option<&str>, email: Option<&str>) -> PersonId {
        let mut draft = PersonDraft::named(name)
            .unwrap()
            .with_company(company)
            .unwrap();
        if let Some(email) = email {
            draft = draft.with_identity(Identity::new(IdentityKind::Email, email).unwrap());
        }
        store.create_person(&draft, t0()).unwrap()
    }

    #[test]
    fn a_shared_small_company_or_private_domain_suggests_a_tie_until_linked_or_dismissed() {
        let store = Store::open_in_memory().unwrap();
        let ada = person(
            &store,
            "Ada",
            Some("Northwind"),
            Some("ada@northwind.example"),
        );
        let grace = person(
            &store,
            "Grace",
            Some(" northwind "),
            Some("grace@northwind.example"),
        );
        let linus = person(&store, "Linus", Some("Lumen"), Some("linus@gmail.com"));
        let ken = person(&store, "Ken", None, Some("ken@gmail.com"));
        let found = store.link_suggestions(None).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        let s = &found[0];
        assert_eq!((s.a.0, s.b.0), (ada, grace));
        assert_eq!(
            s.evidence.words(),
            "both at Northwind; both write from northwind.example"
        );
        assert_eq!(store.link_suggestions(Some(ada)).unwrap(), found);
        // Two people on gmail.com are not suggested; Linus alone at Lumen neither.
        assert!(store.link_suggestions(Some(linus)).unwrap().is_empty());
        assert!(store.link_suggestions(Some(ken)).unwrap().is_empty());
        store.dismiss_link_suggestion(grace, ada, t0()).unwrap();
        assert!(store.link_suggestions(None).unwrap().is_empty());

        // A company of more than MAX_GROUP people suggests no one.
        let many: Vec<PersonId> = (0..=MAX_GROUP)
            .map(|i| person(&store, &format!("P{i}"), Some("Big"), None))
            .collect();
        assert!(store.link_suggestions(Some(many[0])).unwrap().is_empty());
        let three: Vec<PersonId> = (0..3)
            .map(|i| person(&store, &format!("Q{i}"), Some("Small"), None))
            .collect();
        assert_eq!(store.link_suggestions(Some(three[0])).unwrap().len(), 2);
        let id = store
            .accept_link_suggestion(three[0], three[1], None, t0())
            .unwrap();
        assert!(id > 0);
        assert_eq!(store.links(three[0]).unwrap()[0].kind, LinkKind::Colleague);
        assert_eq!(store.link_suggestions(Some(three[0])).unwrap().len(), 1);
    }

    #[test]
    fn people_on_the_same_threads_and_at_the_same_meetings_are_suggested_with_their_evidence() {
        use crate::domain::{
            MailDirection, MailDraft, MailParty, MeetingDraft, MeetingParty, MeetingWay, PartyRole,
        };
        use chrono::Duration;
        let store = Store::open_in_memory().unwrap();
        store
            .add_my_addresses(&["me@home.example".to_owned()])
            .unwrap();
        let maya = person(&store, "Maya", None, Some("maya@gmail.com"));
        let ola = person(&store, "Ola", None, Some("ola@yahoo.com"));
        let ken = person(&store, "Ken", None, Some("ken@gmail.com"));
        let message = |key: &str, days: i64, to: &[&str]| {
            let at = t0() + Duration::days(days);
            MailDraft {
                key: key.to_owned(),
                root: None,
                subject_key: Some(key.to_owned()),
                at,
                day: at.date_naive(),
                direction: MailDirection::Out,
                subject: Some(key.to_owned()),
                parties: to
                    .iter()
                    .map(|a| MailParty::new(a, None, PartyRole::To).unwrap())
                    .collect(),
            }
        };
        let mail = [
            message("plans", 0, &["maya@gmail.com", "ola@yahoo.com"]),
            message(
                "trip",
                40,
                &["maya@gmail.com", "ola@yahoo.com", "stranger@x.example"],
            ),
            message("alone", 41, &["ken@gmail.com"]),
        ];
        store.record_mail("mbox", &mail, t0()).unwrap();
        let meeting = MeetingDraft {
            key: "standup".to_owned(),
            at: t0() + Duration::days(2),
            ends: t0() + Duration::days(2) + Duration::hours(1),
            way: MeetingWay::Video,
            title: Some("Stand-up".to_owned()),
            people: ["ola@yahoo.com", "ken@gmail.com"]
                .iter()
                .map(|a| MeetingParty::new(a, None).unwrap())
                .collect(),
            counts: true,
        };
        store
            .record_meetings(&[meeting], t0() + Duration::days(50))
            .unwrap();
        let found = store.link_suggestions(None).unwrap();
        let pairs: Vec<(PersonId, PersonId, String)> = found
            .iter()
            .map(|s| (s.a.0, s.b.0, s.evidence.words()))
            .collect();
        let month = crate::path::month_name((t0() + Duration::days(40)).month());
        let year = (t0() + Duration::days(40)).year();
        assert_eq!(
            pairs,
            [
                (
                    maya,
                    ola,
                    format!("on 2 e-mail threads together, the last in {month} {year}")
                ),
                (
                    ola,
                    ken,
                    format!(
                        "at 1 meeting together, the last in {} {}",
                        crate::path::month_name((t0() + Duration::days(2)).month()),
                        (t0() + Duration::days(2)).year()
                    )
                ),
            ]
        );
        // A person's page reads only their threads, meetings and groups,
        // and finds the same suggestions about them.
        for p in [maya, ola, ken] {
            let theirs: Vec<_> = found
                .iter()
                .filter(|s| s.a.0 == p || s.b.0 == p)
                .cloned()
                .collect();
            assert_eq!(store.link_suggestions(Some(p)).unwrap(), theirs, "{p:?}");
        }
    }
}
