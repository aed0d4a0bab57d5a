//! The warm path as the store answers it: the part of the graph within
//! reach of the target read with bounded queries (each person's links
//! through the `link` table's two indexes, your tie from their touches
//! through `touch_by_person`), ranked by [`crate::path`].

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::link_rows::edges;
use super::rows::ensure_person;
use super::{from_secs, to_secs, Result, Store};
use crate::domain::{InputError, MyTie, Need, NeedId, PersonId, Side};
use crate::path::{self, link_strength, Route, Subgraph, Tie};
use crate::plan::{Candidate, Reason};
use crate::stage::Stage;

/// The most people at a company a path looks for: those you are closest
/// to (by stage) first, since a route to them is the likeliest to be warm.
const MAX_COMPANY_PEOPLE: usize = 100;

/// What a path leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathTo {
    Person,
    /// Someone at a company.
    Company,
    /// Someone whose offer matches an ask.
    Ask,
}

impl PathTo {
    pub fn as_str(self) -> &'static str {
        match self {
            PathTo::Person => "person",
            PathTo::Company => "company",
            PathTo::Ask => "ask",
        }
    }
}

/// A route's strength (0–100) that makes its introducer someone you know
/// whatever their stage, for today's plan.
const MIN_KNOWN_SCORE: u8 = 40;

/// Who can introduce you: to one person, to someone at a company, or to
/// someone who can help with an ask.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmPath {
    pub to: PathTo,
    /// The person's name, the company as asked, or the ask's words.
    pub target: String,
    /// How many people the company has in Kith, or how many offer what
    /// the ask needs (1 for a person).
    pub targets: usize,
    /// For a person: how you and they stand already.
    pub known: Option<String>,
    pub routes: Vec<FoundRoute>,
}

/// One way in, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRoute {
    pub via: PersonId,
    pub via_name: String,
    pub via_stage: Stage,
    /// 0–100.
    pub score: u8,
    /// The people from the introducer to the target, both included.
    pub people: Vec<(PersonId, String)>,
    /// For each link on the way, what its first person is to the next
    /// ("colleague", "manager").
    pub links: Vec<String>,
    pub reason: String,
}

/// What everyone is to you, the strongest tie of each (a table of the
/// user's few close people, read once per answer).
fn mine(conn: &Connection) -> Result<HashMap<PersonId, MyTie>> {
    let mut out: HashMap<PersonId, MyTie> = HashMap::default();
    let mut stmt = conn.prepare_cached("SELECT person_id, what FROM my_tie")?;
    let rows = stmt.query_map([], |r| Ok((PersonId(r.get(0)?), r.get::<_, String>(1)?)))?;
    for row in rows {
        let (person, what) = row?;
        let Ok(what) = what.parse::<MyTie>() else {
            continue;
        };
        let stronger = |old: &MyTie| link_strength(what.kind()) > link_strength(old.kind());
        if out.get(&person).is_none_or(stronger) {
            out.insert(person, what);
        }
    }
    Ok(out)
}

/// Your tie to a person, or `None` for someone no longer with us.
fn tie(
    conn: &Connection,
    person: PersonId,
    now: DateTime<Utc>,
    mine: &HashMap<PersonId, MyTie>,
) -> Result<Option<Tie>> {
    let year_ago = to_secs(now - Duration::days(365));
    // One walk over the person's touches (`touch_by_person`).
    let mut stmt = conn.prepare_cached(
        "SELECT p.display_name, p.stage, p.company, max(t.happened_at),
            count(*) FILTER (WHERE t.happened_at >= ?2 AND t.direction IN ('in', 'mutual')),
            count(*) FILTER (WHERE t.happened_at >= ?2 AND t.direction IN ('out', 'mutual'))
         FROM person p LEFT JOIN touch t
           ON t.person_id = p.id AND t.kind NOT IN ('connected', 'note')
         WHERE p.id = ?1 AND p.deceased = 0 GROUP BY p.id",
    )?;
    let tie = stmt
        .query_row(params![person.0, year_ago], |r| {
            Ok(Tie {
                name: r.get(0)?,
                stage: Stage::from_number(r.get(1)?),
                company: r.get(2)?,
                last_touch: r.get::<_, Option<i64>>(3)?.map(from_secs),
                year_in: r.get(4)?,
                year_out: r.get(5)?,
                mine: None,
            })
        })
        .optional()?;
    Ok(tie.map(|tie| Tie {
        mine: mine.get(&person).copied(),
        ..tie
    }))
}

/// The links within `hops` of the targets: those of everyone nearer than
/// that, leaving out people no longer with us.
fn subgraph(conn: &Connection, targets: &[PersonId], hops: u8) -> Result<Subgraph> {
    let gone: HashSet<PersonId> = conn
        .prepare_cached("SELECT id FROM person WHERE deceased = 1")?
        .query_map([], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut graph = Subgraph::default();
    let mut seen: HashSet<PersonId> = targets.iter().copied().collect();
    let mut frontier: Vec<PersonId> = targets.to_vec();
    for _ in 0..hops {
        let mut next = Vec::new();
        for &person in &frontier {
            let mut edges = edges(conn, person)?;
            edges.retain(|e| !gone.contains(&e.other));
            next.extend(edges.iter().map(|e| e.other).filter(|p| seen.insert(*p)));
            graph.edges.insert(person, edges);
        }
        frontier = next;
    }
    Ok(graph)
}

/// People's stages as the ranking asks for them: one person at a time for
/// a small graph, everyone above Connected at once (an index of its own)
/// for a wide one. `None`: no longer with us.
#[derive(Default)]
struct Stages {
    all: Option<(HashMap<PersonId, Stage>, HashSet<PersonId>)>,
}

impl Stages {
    /// The most people whose stages are read one at a time.
    const ONE_BY_ONE: usize = 500;

    /// Reads everyone's stages at once when `many` will be asked for.
    fn expect(&mut self, conn: &Connection, many: usize) -> Result<()> {
        if self.all.is_none() && many > Self::ONE_BY_ONE {
            let above = conn
                .prepare_cached("SELECT id, stage FROM person WHERE stage > 1 AND deceased = 0")?
                .query_map([], |r| {
                    Ok((PersonId(r.get(0)?), Stage::from_number(r.get(1)?)))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let gone = conn
                .prepare_cached("SELECT id FROM person WHERE deceased = 1")?
                .query_map([], |r| Ok(PersonId(r.get(0)?)))?
                .collect::<rusqlite::Result<_>>()?;
            self.all = Some((above, gone));
        }
        Ok(())
    }

    fn of(&mut self, conn: &Connection, person: PersonId) -> Result<Option<Stage>> {
        if let Some((above, gone)) = &self.all {
            return Ok(match above.get(&person) {
                Some(stage) => Some(*stage),
                None if gone.contains(&person) => None,
                None => Some(Stage::Connected),
            });
        }
        let stage: Option<i64> = conn
            .prepare_cached("SELECT stage FROM person WHERE id = ?1 AND deceased = 0")?
            .query_row([person.0], |r| r.get(0))
            .optional()?;
        Ok(stage.map(Stage::from_number))
    }
}

/// The best routes, reading your ties as the ranking asks for them.
fn ranked(
    conn: &Connection,
    graph: &mut Subgraph,
    targets: &[PersonId],
    hops: u8,
    direct: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Route>> {
    let mine = mine(conn)?;
    let failed = RefCell::new(None);
    let fail = |e| {
        failed.borrow_mut().get_or_insert(e);
    };
    let stages = RefCell::new(Stages::default());
    let ceilings = |people: &[PersonId]| {
        let mut stages = stages.borrow_mut();
        if let Err(e) = stages.expect(conn, people.len()) {
            fail(e);
        }
        people
            .iter()
            .map(|&p| {
                let stage = stages.of(conn, p).unwrap_or_else(|e| {
                    fail(e);
                    None
                });
                stage.map_or(0.0, |stage| path::tie_ceiling(stage, mine.get(&p).copied()))
            })
            .collect()
    };
    let routes = path::routes(graph, targets, hops, direct, now, ceilings, |p, need| {
        let worth = || -> Result<bool> {
            if need <= 0.0 {
                return Ok(true);
            }
            let Some(stage) = stages.borrow_mut().of(conn, p)? else {
                return Ok(false);
            };
            let last: Option<i64> = conn
                .prepare_cached("SELECT max(happened_at) FROM touch WHERE person_id = ?1")?
                .query_row([p.0], |r| r.get(0))?;
            let bound = path::tie_bound(stage, last.map(from_secs), mine.get(&p).copied(), now);
            Ok(bound >= need)
        };
        match worth().and_then(|worth| {
            if worth {
                tie(conn, p, now, &mine)
            } else {
                Ok(None)
            }
        }) {
            Ok(tie) => tie,
            Err(e) => {
                fail(e);
                None
            }
        }
    });
    let failed = failed.into_inner();
    match failed {
        Some(e) => Err(e),
        None => Ok(routes),
    }
}

/// The routes found, with names and reasons; `about` may add what the
/// route's last person is to what was asked ("at Northwind", "offers …").
fn found(
    graph: &Subgraph,
    routes: Vec<Route>,
    now: DateTime<Utc>,
    about: impl Fn(&Route, &Tie) -> Option<String>,
) -> Vec<FoundRoute> {
    let name = |p: PersonId| {
        graph
            .ties
            .get(&p)
            .map_or_else(String::new, |t| t.name.clone())
    };
    routes
        .into_iter()
        .filter_map(|route| {
            let tie = graph.ties.get(&route.via)?;
            let last = route.steps.last().map_or(route.via, |s| s.to);
            let mut reason = path::reason(&route, graph, now);
            if let Some(words) = graph.ties.get(&last).and_then(|t| about(&route, t)) {
                reason.push_str("; ");
                reason.push_str(&words);
            }
            let mut people = vec![(route.via, tie.name.clone())];
            people.extend(route.steps.iter().map(|s| (s.to, name(s.to))));
            Some(FoundRoute {
                via: route.via,
                via_name: tie.name.clone(),
                via_stage: tie.stage,
                score: (route.score * 100.0).round().clamp(0.0, 100.0) as u8,
                people,
                links: route
                    .steps
                    .iter()
                    .map(|s| s.kind.name_from(!s.forward).to_owned())
                    .collect(),
                reason,
            })
        })
        .collect()
}

/// `%`, `_` and `\` as themselves in a `LIKE … ESCAPE '\'` pattern.
fn like_literal(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

impl Store {
    /// Who can introduce you to a person, over at most `hops` links.
    pub fn warm_path(&self, person: PersonId, hops: u8, now: DateTime<Utc>) -> Result<WarmPath> {
        let hops = hops.clamp(1, path::MAX_HOPS);
        self.read(|conn| {
            ensure_person(conn, person)?;
            let mut graph = subgraph(conn, &[person], hops)?;
            let target = tie(conn, person, now, &mine(conn)?)?;
            let known = target.as_ref().map(|t| path::tie_words(t, now));
            let name = target.as_ref().map_or_else(String::new, |t| t.name.clone());
            if let Some(t) = target {
                graph.ties.insert(person, t);
            }
            let routes = ranked(conn, &mut graph, &[person], hops, false, now)?;
            Ok(WarmPath {
                to: PathTo::Person,
                target: name,
                targets: 1,
                known,
                routes: found(&graph, routes, now, |_, _| None),
            })
        })
    }

    /// Who can introduce you to someone at a company (its name, or the
    /// first words of it: "Northwind" finds "Northwind Traders"); the
    /// people there you know come first.
    pub fn warm_path_to_company(
        &self,
        company: &str,
        hops: u8,
        now: DateTime<Utc>,
    ) -> Result<WarmPath> {
        let company = company.trim();
        if company.is_empty() {
            return Err(InputError::Empty { field: "company" }.into());
        }
        let hops = hops.clamp(1, path::MAX_HOPS);
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM person
                 WHERE deceased = 0 AND (company = ?1 COLLATE NOCASE
                    OR company LIKE ?2 || ' %' ESCAPE '\\')
                 ORDER BY stage DESC, id LIMIT ?3",
            )?;
            let targets: Vec<PersonId> = stmt
                .query_map(
                    params![company, like_literal(company), MAX_COMPANY_PEOPLE as i64],
                    |r| Ok(PersonId(r.get(0)?)),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let mut graph = subgraph(conn, &targets, hops)?;
            let routes = ranked(conn, &mut graph, &targets, hops, true, now)?;
            // You know someone there yourself: where they work.
            let at = |route: &Route, tie: &Tie| match (&route.steps[..], &tie.company) {
                ([], Some(company)) => Some(format!("at {company}")),
                _ => None,
            };
            Ok(WarmPath {
                to: PathTo::Company,
                target: company.to_owned(),
                targets: targets.len(),
                known: None,
                routes: found(&graph, routes, now, at),
            })
        })
    }

    /// Who can help with an ask: the people whose open offers match it
    /// (best match first, at most 100), and who can introduce you to them
    /// — or them themselves, when you know them.
    pub fn warm_path_to_ask(&self, ask: NeedId, hops: u8, now: DateTime<Utc>) -> Result<WarmPath> {
        let ask = self.need(ask)?;
        if ask.side != Side::Ask {
            return Err(InputError::NotAnAsk(ask.id.0).into());
        }
        let hops = hops.clamp(1, path::MAX_HOPS);
        let mut offers: HashMap<PersonId, String> = HashMap::default();
        let mut targets = Vec::new();
        for matched in self.offers_for(&ask, usize::MAX)? {
            let offerer = matched.offer.person;
            if targets.len() < MAX_COMPANY_PEOPLE && !offers.contains_key(&offerer) {
                offers.insert(offerer, matched.offer.text);
                targets.push(offerer);
            }
        }
        self.read(|conn| {
            let mut graph = subgraph(conn, &targets, hops)?;
            let routes = ranked(conn, &mut graph, &targets, hops, true, now)?;
            let offers_this = |route: &Route, tie: &Tie| {
                let last = route.steps.last().map_or(route.via, |s| s.to);
                let text = offers.get(&last)?;
                Some(match route.steps.is_empty() {
                    true => format!("offers “{text}”"),
                    false => format!("{} offers “{text}”", tie.name),
                })
            };
            Ok(WarmPath {
                to: PathTo::Ask,
                target: format!("{}'s ask “{}”", ask.person_name, ask.text),
                targets: targets.len(),
                known: None,
                routes: found(&graph, routes, now, offers_this),
            })
        })
    }
}

/// Today's plan's "introduce" reason (see [`crate::plan`]).
impl Store {
    /// Whether someone is close: at Relationship or Trusted, or something
    /// to you ("my sister").
    pub(super) fn is_close(&self, person: PersonId) -> Result<bool> {
        self.read(|conn| {
            let close = conn
                .prepare_cached(
                    "SELECT stage >= ?2 OR EXISTS (SELECT 1 FROM my_tie WHERE person_id = ?1)
                     FROM person WHERE id = ?1 AND deceased = 0",
                )?
                .query_row(params![person.0, Stage::Relationship as i64], |r| r.get(0))
                .optional()?;
            Ok(close.unwrap_or(false))
        })
    }

    /// A close person's ask, with the best way to someone who offers it.
    pub(super) fn introduce_for(
        &self,
        ask: &Need,
        now: DateTime<Utc>,
    ) -> Result<Option<Candidate>> {
        // A way through someone you actually know: at Engaged or past it,
        // or a strong tie for another reason ("my sister").
        let found = self.warm_path_to_ask(ask.id, 2, now)?;
        let known = |r: &FoundRoute| r.via_stage >= Stage::Engaged || r.score >= MIN_KNOWN_SCORE;
        let Some(route) = found.routes.into_iter().find(known) else {
            return Ok(None);
        };
        let Some((_, offerer)) = route.people.last() else {
            return Ok(None);
        };
        let next = match route.people.len() {
            1 => format!("Offer {} an introduction to {offerer}", ask.person_name),
            2 => format!(
                "Ask {} to introduce {} to {offerer}",
                route.via_name, ask.person_name
            ),
            _ => format!(
                "Ask {} how to reach {offerer}, for {}",
                route.via_name, ask.person_name
            ),
        };
        Ok(Some(Candidate {
            person: ask.person,
            reason: Reason::Introduce,
            urgency: i64::from(route.score.min(99)),
            why: format!(
                "{} asks for “{}”: {}",
                ask.person_name, ask.text, route.reason
            ),
            next,
            follow_up: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Channel, Direction, LinkDraft, LinkKind, PersonDraft, TouchDraft, TouchKind,
    };
    use crate::store::tests::t0;

    fn person(store: &Store, name: &str, company: Option<&str>) -> PersonId {
        let draft = PersonDraft::named(name)
            .unwrap()
            .with_company(company)
            .unwrap();
        store.create_person(&draft, t0()).unwrap()
    }

    fn talk(store: &Store, who: PersonId, days_ago: i64) {
        for direction in [Direction::Out, Direction::In] {
            let draft = TouchDraft::new(
                who,
                TouchKind::Message,
                Channel::Chat,
                direction,
                t0() - Duration::days(days_ago),
                None,
            )
            .unwrap();
            store.log_touch(&draft, t0()).unwrap();
        }
    }

    fn link(store: &Store, a: PersonId, b: PersonId, kind: LinkKind, since: Option<&str>) {
        store
            .link(&LinkDraft::new(a, b, kind, None, since).unwrap(), t0())
            .unwrap();
    }

    #[test]
    fn the_path_to_a_person_names_who_you_talk_to_and_how_they_know_them() {
        let store = Store::open_in_memory().unwrap();
        let tomas = person(&store, "Tomas Berg", Some("Northwind Traders"));
        let maya = person(&store, "Maya Patel", None);
        let ken = person(&store, "Ken Thompson", None);
        talk(&store, maya, 3);
        link(&store, maya, tomas, LinkKind::Colleague, Some("2019"));
        link(&store, ken, tomas, LinkKind::Friend, None);
        let found = store.warm_path(tomas, 2, t0()).unwrap();
        assert_eq!(found.target, "Tomas Berg");
        let vias: Vec<&str> = found.routes.iter().map(|r| r.via_name.as_str()).collect();
        assert_eq!(vias, ["Maya Patel", "Ken Thompson"]);
        let maya_route = &found.routes[0];
        assert_eq!(maya_route.links, ["colleague"]);
        assert!(
            maya_route
                .reason
                .ends_with("; is Tomas Berg's colleague since 2019"),
            "{}",
            maya_route.reason
        );
        assert_eq!(
            maya_route.people.iter().map(|p| p.0).collect::<Vec<_>>(),
            [maya, tomas]
        );

        // At the company: Tomas himself first-hand, then who knows him.
        let at = store.warm_path_to_company("northwind", 2, t0()).unwrap();
        assert_eq!(at.targets, 1);
        let vias: Vec<PersonId> = at.routes.iter().map(|r| r.via).collect();
        assert!(vias.contains(&tomas) && vias.contains(&maya), "{vias:?}");
        assert!(store
            .warm_path_to_company("North%", 2, t0())
            .unwrap()
            .routes
            .is_empty());
    }

    #[test]
    fn your_sister_is_a_strong_tie_however_few_touches_are_logged() {
        let store = Store::open_in_memory().unwrap();
        let tomas = person(&store, "Tomas Berg", None);
        let sister = person(&store, "Ines Berg", None);
        let acquaintance = person(&store, "Ken Thompson", None);
        talk(&store, acquaintance, 3);
        link(&store, sister, tomas, LinkKind::Friend, None);
        link(&store, acquaintance, tomas, LinkKind::Friend, None);
        let before: Vec<PersonId> = store
            .warm_path(tomas, 2, t0())
            .unwrap()
            .routes
            .iter()
            .map(|r| r.via)
            .collect();
        assert_eq!(before, [acquaintance, sister]);
        store
            .tie_to_me(sister, crate::domain::MyTie::Sibling, None, None, t0())
            .unwrap();
        let after = store.warm_path(tomas, 2, t0()).unwrap();
        assert_eq!(after.routes[0].via, sister);
        assert!(
            after.routes[0]
                .reason
                .starts_with("Ines Berg — your sibling; Connected"),
            "{}",
            after.routes[0].reason
        );
    }

    #[test]
    fn someone_no_longer_with_us_introduces_no_one() {
        let store = Store::open_in_memory().unwrap();
        let tomas = person(&store, "Tomas Berg", None);
        let maya = person(&store, "Maya Patel", None);
        link(&store, maya, tomas, LinkKind::Friend, None);
        store.set_deceased(maya, true, t0()).unwrap();
        assert!(store.warm_path(tomas, 2, t0()).unwrap().routes.is_empty());
    }

    #[test]
    fn a_persons_links_are_read_from_the_indexes_alone() {
        let store = Store::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .read(|conn| {
                let edges = super::super::link_rows::EDGES;
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {edges}"))?;
                let rows = stmt.query_map([1], |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("COVERING INDEX link_from_cover"), "{plan}");
        assert!(plan.contains("COVERING INDEX link_by_to"), "{plan}");
    }

    #[test]
    fn a_wide_company_ranks_the_same_when_stages_are_read_at_once() {
        // More candidates than are read one by one: the ranking reads
        // everyone's stage at once, and still leaves out the dead.
        let store = Store::open_in_memory().unwrap();
        let at = person(&store, "Tomas Berg", Some("Northwind"));
        let mut colleagues = Vec::new();
        for i in 0..(Stages::ONE_BY_ONE + 50) {
            let c = person(&store, &format!("Colleague {i}"), None);
            link(&store, c, at, LinkKind::Colleague, None);
            colleagues.push(c);
        }
        let (close, gone) = (colleagues[7], colleagues[9]);
        talk(&store, close, 2);
        talk(&store, gone, 1);
        store
            .tie_to_me(gone, crate::domain::MyTie::Sibling, None, None, t0())
            .unwrap();
        store.recompute_stages(t0()).unwrap();
        store.set_deceased(gone, true, t0()).unwrap();
        let found = store.warm_path_to_company("Northwind", 2, t0()).unwrap();
        assert_eq!(found.routes.len(), path::MAX_ROUTES);
        assert_eq!(found.routes[0].via, close, "{:?}", found.routes[0]);
        assert!(found.routes.iter().all(|r| r.via != gone));
    }

    #[test]
    fn who_can_help_with_an_ask_is_whoever_offers_it_and_who_knows_them() {
        let store = Store::open_in_memory().unwrap();
        let asker = person(&store, "Ines Berg", None);
        let designer = person(&store, "Tomas Berg", None);
        let also = person(&store, "Radia Perlman", None);
        let maya = person(&store, "Maya Patel", None);
        talk(&store, maya, 3);
        talk(&store, also, 40);
        link(&store, maya, designer, LinkKind::Colleague, None);
        let need = |who, side, text: &str, tags: &[&str]| {
            let draft = crate::domain::NeedDraft::new(who, side, text, tags).unwrap();
            store.add_need(&draft, t0()).unwrap()
        };
        let ask = need(asker, Side::Ask, "a designer for the new shop", &["design"]);
        need(designer, Side::Offer, "brand and shop design", &["design"]);
        need(also, Side::Offer, "shop reviews", &[]);
        need(maya, Side::Offer, "bookkeeping", &["finance"]);
        // The asker's own offer is no help to them.
        need(asker, Side::Offer, "design critique", &["design"]);

        let found = store.warm_path_to_ask(ask, 2, t0()).unwrap();
        assert_eq!(found.to, PathTo::Ask);
        assert_eq!(
            found.target,
            "Ines Berg's ask “a designer for the new shop”"
        );
        assert_eq!(found.targets, 2);
        let vias: Vec<PersonId> = found.routes.iter().map(|r| r.via).collect();
        assert!(vias.contains(&maya) && vias.contains(&also), "{vias:?}");
        assert!(!vias.contains(&asker), "{vias:?}");
        let through_maya = found.routes.iter().find(|r| r.via == maya).unwrap();
        assert!(
            through_maya
                .reason
                .ends_with("is Tomas Berg's colleague; Tomas Berg offers “brand and shop design”"),
            "{}",
            through_maya.reason
        );
        let radia = found.routes.iter().find(|r| r.via == also).unwrap();
        assert!(radia.people.len() == 1 && radia.reason.ends_with("; offers “shop reviews”"));

        // An offer has no path of its own; an ask nobody offers has none.
        let offer = need(also, Side::Offer, "kayak lessons", &[]);
        assert!(matches!(
            store.warm_path_to_ask(offer, 2, t0()),
            Err(crate::store::StoreError::Input(InputError::NotAnAsk(_)))
        ));
        let lonely = need(asker, Side::Ask, "a violin teacher", &[]);
        let none = store.warm_path_to_ask(lonely, 2, t0()).unwrap();
        assert_eq!((none.targets, none.routes.len()), (0, 0));
    }
}
