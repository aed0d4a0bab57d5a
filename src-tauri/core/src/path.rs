//! The warm path: who can introduce you to someone, as pure functions over
//! a small part of the graph the store reads around the target.
//!
//! - **Your tie** to a person ([`my_tie`]) is their stage's weight
//!   (Connected 0.2 … Trusted 1.0) times how recent your last touch is
//!   (within 30 days 1.0, 90 days 0.85, a year 0.65, older 0.45, never
//!   0.3) times the balance of the last year's touches (both ways 1.0, one
//!   way or none 0.85) — or, when higher, the strength of what they are to
//!   you ("my sister" as a sibling link's 0.9).
//! - **A link's strength** ([`link_strength`]) is its kind's: partner 0.95,
//!   parent and sibling 0.9, family and friend 0.8, manager and mentor
//!   0.75, colleague 0.7, introduced by you 0.6, introduced 0.55, met
//!   through 0.5.
//! - **A route** from you through an introducer to the target scores your
//!   tie to the introducer times every link's strength on the way, so a
//!   close friend of a close friend beats a colleague of a stranger; one
//!   hop (the introducer knows the target) or two (they know someone who
//!   does), three only when asked. Each introducer is named once, with the
//!   best of their routes; the best [`MAX_ROUTES`] are kept.
//! - For a company, the people there you know are routes of their own
//!   (no hop), scored by your tie alone.

use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::domain::{LinkKind, MyTie, PersonId};
use crate::stage::Stage;

/// How many routes an answer keeps.
pub const MAX_ROUTES: usize = 10;

/// The most hops asked for (`kith path --hops 3`); two by default.
pub const MAX_HOPS: u8 = 3;

/// What you and a person have: their stage and the touches that say how
/// recent and how mutual the tie is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    pub name: String,
    pub stage: Stage,
    pub company: Option<String>,
    /// The last touch with them (not a note, not the connection itself).
    pub last_touch: Option<DateTime<Utc>>,
    /// Touches from them (or both ways) over the last year.
    pub year_in: u32,
    /// Touches from you (or both ways) over the last year.
    pub year_out: u32,
    /// What they are to you, the strongest if several ("my sister").
    pub mine: Option<MyTie>,
}

/// A link as the path search walks it, from one person's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub other: PersonId,
    pub kind: LinkKind,
    /// Whether this side is the link's `from` (see [`LinkKind`]).
    pub outgoing: bool,
    pub since: Option<String>,
}

/// The part of the graph the store read: links of the people within reach
/// of the targets, and your ties to everyone in it.
#[derive(Debug, Default)]
pub struct Subgraph {
    pub edges: HashMap<PersonId, Vec<Edge>>,
    pub ties: HashMap<PersonId, Tie>,
}

/// One step of a route: `from` knows `to` by a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: LinkKind,
    /// Whether `from` is the link's `from`.
    pub forward: bool,
    pub since: Option<String>,
}

/// A way to the target: the introducer you would ask and the links from
/// them to the target (none when you know someone there yourself).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub via: PersonId,
    pub steps: Vec<Step>,
    /// 0–1: your tie to `via` times each link's strength.
    pub score: f64,
}

/// The strongest a tie can be for someone at a stage who is `mine` to you
/// (recency and balance only lower the stage's part).
pub fn tie_ceiling(stage: Stage, mine: Option<MyTie>) -> f64 {
    stage_weight(stage).max(mine.map_or(0.0, |m| link_strength(m.kind())))
}

/// A closer bound than [`tie_ceiling`] once the last touch of any kind is
/// known (an index-only read): a tie counts fewer touches, so its own last
/// touch is no newer, and only the balance is left out.
pub fn tie_bound(
    stage: Stage,
    last_any_touch: Option<DateTime<Utc>>,
    mine: Option<MyTie>,
    now: DateTime<Utc>,
) -> f64 {
    let said = mine.map_or(0.0, |m| link_strength(m.kind()));
    (stage_weight(stage) * recency(last_any_touch, now)).max(said)
}

fn stage_weight(stage: Stage) -> f64 {
    match stage {
        Stage::Connected => 0.2,
        Stage::Acknowledged => 0.3,
        Stage::Engaged => 0.45,
        Stage::InConversation => 0.6,
        Stage::Relationship => 0.8,
        Stage::Trusted => 1.0,
    }
}

/// Your tie's strength, 0–1 (the rule is at the top of this module); at
/// least the strength of what they are to you, however few touches.
pub fn my_tie(tie: &Tie, now: DateTime<Utc>) -> f64 {
    let said = tie.mine.map_or(0.0, |m| link_strength(m.kind()));
    touched_tie(tie, now).max(said)
}

fn touched_tie(tie: &Tie, now: DateTime<Utc>) -> f64 {
    let balance = if tie.year_in > 0 && tie.year_out > 0 {
        1.0
    } else {
        0.85
    };
    stage_weight(tie.stage) * recency(tie.last_touch, now) * balance
}

fn recency(last_touch: Option<DateTime<Utc>>, now: DateTime<Utc>) -> f64 {
    match last_touch.map(|t| now - t) {
        Some(ago) if ago <= Duration::days(30) => 1.0,
        Some(ago) if ago <= Duration::days(90) => 0.85,
        Some(ago) if ago <= Duration::days(365) => 0.65,
        Some(_) => 0.45,
        None => 0.3,
    }
}

/// A link's strength, 0–1, by its kind.
pub fn link_strength(kind: LinkKind) -> f64 {
    match kind {
        LinkKind::Partner => 0.95,
        LinkKind::Parent | LinkKind::Sibling => 0.9,
        LinkKind::Family | LinkKind::Friend => 0.8,
        LinkKind::Manager | LinkKind::Mentor => 0.75,
        LinkKind::Colleague => 0.7,
        LinkKind::IntroducedByYou => 0.6,
        LinkKind::Introduced => 0.55,
        LinkKind::MetThrough => 0.5,
    }
}

/// The best routes to any of `targets` over at most `hops` links, one per
/// introducer, strongest first. With `direct`, a target you know is a
/// route of its own (a company's people); otherwise targets are never
/// introducers. The graph's edges are read before; your ties are taken
/// from `graph.ties`, else asked of `tie` with the least tie that could
/// still make the list (`None`: no route through them, or none that
/// strong) and kept there. Each candidate's best possible score is its
/// chain times its ceiling (asked of `ceilings` for all candidates at
/// once, an in-memory bound: see [`tie_ceiling`]);
/// candidates are tried best bound first, stopping once no bound can
/// reach the list, so a wide graph costs the few ties that matter.
pub fn routes(
    graph: &mut Subgraph,
    targets: &[PersonId],
    hops: u8,
    direct: bool,
    now: DateTime<Utc>,
    ceilings: impl FnOnce(&[PersonId]) -> Vec<f64>,
    mut tie: impl FnMut(PersonId, f64) -> Option<Tie>,
) -> Vec<Route> {
    let targets: HashSet<PersonId> = targets.iter().copied().collect();
    let layers = chains(graph, &targets, hops.clamp(1, MAX_HOPS));
    let last = layers.len() - 1;
    let chained: Vec<(PersonId, f64)> = layers[last]
        .iter()
        .filter(|(x, link)| link.next.is_some() || (direct && targets.contains(x)))
        .map(|(&x, link)| (x, link.chain))
        .collect();
    let people: Vec<PersonId> = chained.iter().map(|c| c.0).collect();
    let mut candidates: Vec<(f64, f64, PersonId)> = chained
        .into_iter()
        .zip(ceilings(&people))
        .map(|((x, chain), ceiling)| (chain * ceiling, chain, x))
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut known = |graph: &mut Subgraph, p: PersonId, need: f64| -> bool {
        if let Entry::Vacant(slot) = graph.ties.entry(p) {
            match tie(p, need) {
                Some(t) => {
                    slot.insert(t);
                }
                None => return false,
            }
        }
        true
    };
    let mut routes: Vec<Route> = Vec::new();
    for (bound, chain, x) in candidates {
        let full = routes.len() == MAX_ROUTES;
        if full && bound < routes[MAX_ROUTES - 1].score {
            break;
        }
        let need = if full {
            routes[MAX_ROUTES - 1].score / chain
        } else {
            0.0
        };
        if !known(graph, x, need) {
            continue;
        }
        routes.push(Route {
            via: x,
            steps: steps(graph, &layers, last, x),
            score: my_tie(&graph.ties[&x], now) * chain,
        });
        routes.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.steps.len().cmp(&b.steps.len()))
                .then(a.via.cmp(&b.via))
        });
        routes.truncate(MAX_ROUTES);
    }
    // The names on the way, for the reasons.
    for route in &routes {
        for step in &route.steps {
            known(graph, step.to, 0.0);
        }
    }
    routes
}

/// The strongest chain of links from a person to a target found so far:
/// its score and the next person on it, with the layer that person's own
/// chain is in and which of their edges leads back.
#[derive(Debug, Clone, Copy)]
struct Chain {
    chain: f64,
    next: Option<(PersonId, usize, usize)>,
}

/// Layer `k` holds each person's strongest chain of at most `k` links to
/// a target, built a hop at a time (so no chain is longer than asked);
/// a chain points into the layer it was built from.
fn chains(
    graph: &Subgraph,
    targets: &HashSet<PersonId>,
    hops: u8,
) -> Vec<HashMap<PersonId, Chain>> {
    let start = targets
        .iter()
        .map(|t| {
            (
                *t,
                Chain {
                    chain: 1.0,
                    next: None,
                },
            )
        })
        .collect();
    let mut layers: Vec<HashMap<PersonId, Chain>> = vec![start];
    for layer in 0..usize::from(hops) {
        let best = &layers[layer];
        let mut next = best.clone();
        for (&y, here) in best {
            for (i, edge) in graph.edges.get(&y).into_iter().flatten().enumerate() {
                let x = edge.other;
                if targets.contains(&x) {
                    continue;
                }
                let chain = here.chain * link_strength(edge.kind);
                if next.get(&x).is_none_or(|c| chain > c.chain) {
                    let next_link = Some((y, layer, i));
                    next.insert(
                        x,
                        Chain {
                            chain,
                            next: next_link,
                        },
                    );
                }
            }
        }
        layers.push(next);
    }
    layers
}

/// The steps of `x`'s chain in `layer`, following it to its target.
fn steps(
    graph: &Subgraph,
    layers: &[HashMap<PersonId, Chain>],
    layer: usize,
    x: PersonId,
) -> Vec<Step> {
    let mut steps = Vec::new();
    let (mut at, mut layer) = (x, layer);
    while let Some((y, y_layer, i)) = layers[layer].get(&at).and_then(|c| c.next) {
        let edge = &graph.edges[&y][i];
        steps.push(Step {
            from: at,
            to: y,
            kind: edge.kind,
            forward: !edge.outgoing,
            since: edge.since.clone(),
        });
        (at, layer) = (y, y_layer);
    }
    steps
}

/// What the other person of a step is to its first ("Tomas's colleague"),
/// in words after the first's name: "is Tomas's colleague".
pub fn step_words(step: &Step, to_name: &str) -> String {
    let since = step
        .since
        .as_deref()
        .map(|s| format!(" since {s}"))
        .unwrap_or_default();
    match (step.kind, step.forward) {
        (LinkKind::Introduced, true) => format!("introduced you to {to_name}"),
        (LinkKind::Introduced, false) => format!("was introduced to you by {to_name}"),
        (LinkKind::MetThrough, true) => format!("is who you met through {to_name}"),
        (LinkKind::MetThrough, false) => format!("is how you met {to_name}"),
        (kind, forward) => {
            // What `from` is to `to`: the name `to` gives them.
            let name = kind.name_from(!forward);
            format!("is {to_name}'s {name}{since}")
        }
    }
}

/// How you and a person stand, in words: "Trusted, in touch monthly".
pub fn tie_words(tie: &Tie, now: DateTime<Utc>) -> String {
    let touches = tie.year_in.max(tie.year_out);
    let how = match tie.last_touch {
        _ if touches >= 12 => "in touch monthly or more".to_owned(),
        _ if touches >= 4 => "in touch every few months".to_owned(),
        Some(at) if now - at <= Duration::days(45) => {
            format!("last in touch {} days ago", (now - at).num_days())
        }
        Some(at) => format!("last in touch in {} {}", month_name(at.month()), at.year()),
        None => "not in touch yet".to_owned(),
    };
    match tie.mine {
        Some(mine) => format!("your {}; {}, {how}", mine.as_str(), tie.stage.label()),
        None => format!("{}, {how}", tie.stage.label()),
    }
}

/// A month's name in English, 1 = January.
pub fn month_name(month: u32) -> &'static str {
    u8::try_from(month.clamp(1, 12))
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("January", |m| m.name())
}

/// A route's reason: "Maya Patel — Trusted, in touch monthly or more; is
/// Tomas Berg's colleague since 2019".
pub fn reason(route: &Route, graph: &Subgraph, now: DateTime<Utc>) -> String {
    let name = |p: PersonId| graph.ties.get(&p).map_or("someone", |t| t.name.as_str());
    let Some(tie) = graph.ties.get(&route.via) else {
        return String::new();
    };
    let mut text = format!("{} — {}", tie.name, tie_words(tie, now));
    let mut first = true;
    for step in &route.steps {
        text.push_str(if first { "; " } else { ", who " });
        text.push_str(&step_words(step, name(step.to)));
        first = false;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
    }

    struct Graph(Subgraph);

    impl Graph {
        fn new() -> Self {
            Graph(Subgraph::default())
        }

        /// A person with a stage and a last touch `days` ago, both ways.
        fn person(&mut self, id: i64, name: &str, stage: Stage, days: Option<i64>) -> &mut Self {
            let tie = Tie {
                name: name.to_owned(),
                stage,
                company: None,
                last_touch: days.map(|d| now() - Duration::days(d)),
                year_in: u32::from(days.is_some()),
                year_out: u32::from(days.is_some()),
                mine: None,
            };
            self.0.ties.insert(PersonId(id), tie);
            self
        }

        /// Routes to `target` over `hops`, every tie known beforehand.
        fn routes_to(&mut self, target: i64, hops: u8) -> Vec<Route> {
            routes(
                &mut self.0,
                &[PersonId(target)],
                hops,
                false,
                now(),
                |p| vec![1.0; p.len()],
                |_, _| None,
            )
        }

        fn link(&mut self, from: i64, to: i64, kind: LinkKind) -> &mut Self {
            let edge = |other, outgoing| Edge {
                other: PersonId(other),
                kind,
                outgoing,
                since: None,
            };
            self.0
                .edges
                .entry(PersonId(from))
                .or_default()
                .push(edge(to, true));
            self.0
                .edges
                .entry(PersonId(to))
                .or_default()
                .push(edge(from, false));
            self
        }
    }

    fn vias(routes: &[Route]) -> Vec<i64> {
        routes.iter().map(|r| r.via.0).collect()
    }

    #[test]
    fn a_close_friend_of_a_friend_beats_a_colleague_you_barely_know() {
        let mut g = Graph::new();
        g.person(1, "Tomas", Stage::Connected, None)
            .person(2, "Maya", Stage::Trusted, Some(10))
            .person(3, "Ken", Stage::Connected, Some(400))
            .person(4, "Radia", Stage::Relationship, Some(20))
            .person(5, "Barbara", Stage::Trusted, Some(5))
            .link(2, 4, LinkKind::Friend)
            .link(4, 1, LinkKind::Colleague)
            .link(3, 1, LinkKind::Colleague)
            .link(5, 99, LinkKind::Friend); // leads nowhere
        let found = g.routes_to(1, 2);
        // Radia 0.8·1.0·1.0·0.7 = 0.56; Maya 1.0·0.8·0.7 = 0.56 over two
        // links — the shorter comes first; Ken 0.2·0.45·1·0.7.
        assert_eq!(vias(&found), [4, 2, 3]);
        assert!((found[0].score - 0.56).abs() < 1e-9);
        assert!((found[1].score - 0.56).abs() < 1e-9);
        assert_eq!(found[1].steps.len(), 2);
        assert_eq!(
            reason(&found[1], &g.0, now()),
            "Maya — Trusted, last in touch 10 days ago; is Radia's friend, who is Tomas's colleague"
        );
        // One hop only: Maya cannot help.
        assert_eq!(vias(&g.routes_to(1, 1)), [4, 3]);
    }

    #[test]
    fn three_hops_only_when_asked_and_the_strongest_chain_wins() {
        let mut g = Graph::new();
        g.person(1, "Target", Stage::Connected, None)
            .person(2, "A", Stage::Connected, None)
            .person(3, "B", Stage::Connected, None)
            .person(4, "Me-close", Stage::Trusted, Some(1))
            .link(4, 3, LinkKind::Partner)
            .link(3, 2, LinkKind::Sibling)
            .link(2, 1, LinkKind::Manager)
            // A weaker way from B to the target, in two links.
            .link(3, 1, LinkKind::MetThrough);
        assert_eq!(vias(&g.routes_to(1, 2)), [4, 2, 3]);
        let close = &g.routes_to(1, 3)[0];
        assert_eq!(close.via, PersonId(4));
        // Partner 0.95 · sibling 0.9 · manager 0.75 beats partner · met-through 0.5.
        assert_eq!(close.steps.len(), 3);
        assert!((close.score - 0.95 * 0.9 * 0.75).abs() < 1e-9);
        // The manager's side reads as the target's manager.
        assert_eq!(step_words(&close.steps[2], "Target"), "is Target's manager");
    }

    #[test]
    fn a_company_route_starts_with_the_people_there_you_know() {
        let mut g = Graph::new();
        g.person(1, "Tomas", Stage::InConversation, Some(60))
            .person(2, "Ines", Stage::Connected, None)
            .person(3, "Maya", Stage::Trusted, Some(3))
            .link(3, 2, LinkKind::Friend);
        let found = routes(
            &mut g.0,
            &[PersonId(1), PersonId(2)],
            2,
            true,
            now(),
            |p| vec![1.0; p.len()],
            |_, _| None,
        );
        assert_eq!(vias(&found), [3, 1, 2]);
        assert!(found[1].steps.is_empty());
        // Without `direct` (a person asked for), the target is no route.
        assert_eq!(vias(&g.routes_to(2, 2)), [3]);
    }

    #[test]
    fn ties_are_read_only_for_chains_that_could_make_the_list() {
        let mut g = Graph::new();
        g.person(1, "Target", Stage::Connected, None);
        for friend in 100..110 {
            g.link(friend, 1, LinkKind::Friend);
        }
        // Linked closer than the 0.5 of "met through", but Connected only.
        for colleague in 300..320 {
            g.link(colleague, 1, LinkKind::Colleague);
        }
        for acquaintance in 200..230 {
            g.link(acquaintance, 1, LinkKind::MetThrough);
        }
        let stage = |p: PersonId| {
            if p.0 < 200 {
                Stage::Trusted
            } else {
                Stage::Connected
            }
        };
        let ceiling = |p: &[PersonId]| p.iter().map(|p| tie_ceiling(stage(*p), None)).collect();
        let mut asked = Vec::new();
        let found = routes(
            &mut g.0,
            &[PersonId(1)],
            1,
            false,
            now(),
            ceiling,
            |p, _| {
                asked.push(p.0);
                Some(Tie {
                    name: format!("P{}", p.0),
                    stage: stage(p),
                    company: None,
                    last_touch: Some(now()),
                    // One way: 0.85 of the stage's ceiling.
                    year_in: 0,
                    year_out: 1,
                    mine: None,
                })
            },
        );
        assert_eq!(found.len(), MAX_ROUTES);
        assert!(found.iter().all(|r| (100..110).contains(&r.via.0)));
        // The ten friends (0.8 · 0.85) filled the list: no "met through"
        // chain (0.5) could beat them, nor a colleague capped at
        // Connected's 0.2, so neither's tie was read.
        asked.sort_unstable();
        assert_eq!(asked, (100..110).collect::<Vec<_>>());
    }

    #[test]
    fn the_bound_from_any_last_touch_is_never_below_the_tie() {
        let mut tie = Tie {
            name: "Ada".into(),
            stage: Stage::Relationship,
            company: None,
            last_touch: Some(now() - Duration::days(200)),
            year_in: 1,
            year_out: 0,
            mine: None,
        };
        // A connection logged yesterday is newer than the last real touch.
        let any = Some(now() - Duration::days(1));
        let bound = tie_bound(tie.stage, any, None, now());
        assert!((bound - 0.8).abs() < 1e-9);
        assert!(bound >= my_tie(&tie, now()));
        assert!(bound <= tie_ceiling(tie.stage, None));
        // Without the newer touch, only the balance is left out.
        let bound = tie_bound(tie.stage, tie.last_touch, None, now());
        assert!((bound - 0.8 * 0.65).abs() < 1e-9);
        tie.year_out = 1;
        assert!((my_tie(&tie, now()) - bound).abs() < 1e-9);
        // What they are to you lifts the bound as it lifts the tie.
        let sister = Some(MyTie::Sibling);
        assert!((tie_bound(Stage::Connected, None, sister, now()) - 0.9).abs() < 1e-9);
    }

    #[test]
    fn your_tie_weighs_stage_recency_and_balance() {
        let mut tie = Tie {
            name: "Ada".into(),
            stage: Stage::Trusted,
            company: None,
            last_touch: Some(now() - Duration::days(3)),
            year_in: 3,
            year_out: 4,
            mine: None,
        };
        assert!((my_tie(&tie, now()) - 1.0).abs() < 1e-9);
        tie.year_in = 0;
        assert!((my_tie(&tie, now()) - 0.85).abs() < 1e-9);
        tie.last_touch = None;
        assert!((my_tie(&tie, now()) - 0.3 * 0.85).abs() < 1e-9);
        assert_eq!(tie_words(&tie, now()), "Trusted, in touch every few months");
        tie.year_out = 0;
        assert_eq!(tie_words(&tie, now()), "Trusted, not in touch yet");
        tie.last_touch = Some(Utc.with_ymd_and_hms(2025, 3, 2, 0, 0, 0).unwrap());
        assert_eq!(
            tie_words(&tie, now()),
            "Trusted, last in touch in March 2025"
        );
    }
}
