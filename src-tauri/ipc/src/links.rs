//! Who knows whom across the boundary: a person's links.

use kith_core::domain::{Link, PersonId};
use kith_core::store::{LinkSuggestion, MyTieRow, Neighbourhood, Network, WarmPath};
use serde::Serialize;
use ts_rs::TS;

use crate::PersonRefDto;

/// One of a person's links, as seen from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkDto {
    pub id: i64,
    /// The kind as stored: `partner`, `parent`, `sibling`, `family`,
    /// `friend`, `colleague`, `manager`, `mentor`, `introduced`,
    /// `met-through`.
    pub kind: String,
    /// What the other person is to this one: "manager", "report", "friend".
    pub name: String,
    /// Whether this person is the link's first side (the parent, the
    /// manager, the mentor…).
    pub outgoing: bool,
    pub other: PersonRefDto,
    pub note: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub since: Option<String>,
}

impl From<Link> for LinkDto {
    fn from(l: Link) -> Self {
        Self {
            id: l.id,
            kind: l.kind.as_str().to_owned(),
            name: l.name().to_owned(),
            outgoing: l.outgoing,
            other: PersonRefDto {
                id: l.other.0,
                display_name: l.other_name,
            },
            note: l.note,
            since: l.since,
        }
    }
}

/// A link to make: `from` is the kind of `to` (the parent, the manager…).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkInput {
    pub from: i64,
    pub to: i64,
    pub kind: String,
    #[serde(default)]
    pub note: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub since: Option<String>,
}

/// Who can introduce you: to a person, to someone at a company, or to
/// someone who can help with an ask.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WarmPathDto {
    /// `person`, `company` or `ask`.
    pub to: String,
    /// The person's name, the company as asked, or "Ines Berg's ask “…”".
    pub target: String,
    /// How many people at the company Kith knows, or how many offer what
    /// the ask needs (1 for a person).
    pub targets: usize,
    /// For a person: how you and they stand already ("Engaged, last in
    /// touch in March 2026").
    pub known: Option<String>,
    /// Strongest first.
    pub routes: Vec<RouteDto>,
}

/// One way in: whom to ask, and who they know on the way.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteDto {
    pub via: PersonRefDto,
    /// The introducer's stage identifier.
    pub stage: String,
    /// 0–100: your tie to them times each link's strength.
    pub score: u8,
    /// The people from the introducer to the target, both included (just
    /// the introducer when you know someone at the company yourself).
    pub people: Vec<PersonRefDto>,
    /// What each person on the way is to the next ("colleague").
    pub links: Vec<String>,
    /// "Maya Patel — Trusted, in touch monthly or more; is Tomas Berg's
    /// colleague since 2019".
    pub reason: String,
}

fn person_ref((id, name): (PersonId, String)) -> PersonRefDto {
    PersonRefDto {
        id: id.0,
        display_name: name,
    }
}

impl From<WarmPath> for WarmPathDto {
    fn from(p: WarmPath) -> Self {
        Self {
            to: p.to.as_str().to_owned(),
            target: p.target,
            targets: p.targets,
            known: p.known,
            routes: p
                .routes
                .into_iter()
                .map(|r| RouteDto {
                    via: person_ref((r.via, r.via_name)),
                    stage: r.via_stage.as_str().to_owned(),
                    score: r.score,
                    people: r.people.into_iter().map(person_ref).collect(),
                    links: r.links,
                    reason: r.reason,
                })
                .collect(),
        }
    }
}

/// A person in a drawing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphNodeDto {
    pub id: i64,
    pub name: String,
    /// The stage identifier (`connected` … `trusted`).
    pub stage: String,
    pub company: Option<String>,
    /// Links from the person the drawing is around (0 for them).
    pub ring: u8,
}

/// A link in a drawing: `from` is the kind of `to` (see [`LinkDto`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphEdgeDto {
    pub from: i64,
    pub to: i64,
    pub kind: String,
}

/// A person's neighbourhood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeighbourhoodDto {
    pub around: i64,
    pub nodes: Vec<GraphNodeDto>,
    pub edges: Vec<GraphEdgeDto>,
    /// Whether people were left out to keep the drawing to its bound.
    pub cut: bool,
}

impl NeighbourhoodDto {
    pub fn new(around: PersonId, n: Neighbourhood) -> Self {
        Self {
            around: around.0,
            nodes: n
                .nodes
                .into_iter()
                .map(|n| GraphNodeDto {
                    id: n.id.0,
                    name: n.name,
                    stage: n.stage.as_str().to_owned(),
                    company: n.company,
                    ring: n.ring,
                })
                .collect(),
            edges: n
                .edges
                .into_iter()
                .map(|e| GraphEdgeDto {
                    from: e.from.0,
                    to: e.to.0,
                    kind: e.kind.as_str().to_owned(),
                })
                .collect(),
            cut: n.cut,
        }
    }
}

/// A cluster of the network view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClusterDto {
    pub name: String,
    /// Whether it is one company's people (its name is the company's),
    /// not a tag's, nor the rest.
    pub is_company: bool,
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub size: usize,
}

/// The whole network, laid out: clusters, and everyone as parallel
/// columns (the i-th of each is one person) to keep 30,000 people small.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkDto {
    pub clusters: Vec<ClusterDto>,
    pub ids: Vec<i64>,
    pub names: Vec<String>,
    /// Stage numbers, 1 (connected) to 6 (trusted).
    pub stages: Vec<u8>,
    /// The index of each person's cluster.
    pub cluster: Vec<u32>,
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    /// `[cluster, cluster, links]`: how many links join two clusters (the
    /// same cluster twice: links inside it).
    pub bridges: Vec<[u32; 3]>,
    /// Links between people in the drawing.
    pub links: usize,
}

impl From<Network> for NetworkDto {
    fn from(n: Network) -> Self {
        let people = n.layout.people;
        Self {
            clusters: n
                .layout
                .clusters
                .into_iter()
                .map(|c| ClusterDto {
                    name: c.name,
                    is_company: c.is_company,
                    x: c.x,
                    y: c.y,
                    r: c.r,
                    size: c.size,
                })
                .collect(),
            ids: people.iter().map(|p| p.id.0).collect(),
            names: people.iter().map(|p| p.name.clone()).collect(),
            stages: people.iter().map(|p| p.stage as u8).collect(),
            cluster: people.iter().map(|p| p.cluster as u32).collect(),
            x: people.iter().map(|p| p.x as f32).collect(),
            y: people.iter().map(|p| p.y as f32).collect(),
            bridges: n
                .bridges
                .into_iter()
                .map(|(a, b, k)| [a as u32, b as u32, k])
                .collect(),
            links: n.links,
        }
    }
}

/// Two people who may know each other, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkSuggestionDto {
    /// The lower id first.
    pub a: PersonRefDto,
    pub b: PersonRefDto,
    /// The kind accepting it makes unless another is chosen.
    pub kind: String,
    pub threads: u32,
    pub meetings: u32,
    pub company: Option<String>,
    pub domain: Option<String>,
    /// "on 12 e-mail threads together, the last in March 2026; both at
    /// Northwind".
    pub evidence: String,
}

impl From<LinkSuggestion> for LinkSuggestionDto {
    fn from(s: LinkSuggestion) -> Self {
        Self {
            a: person_ref(s.a),
            b: person_ref(s.b),
            kind: s.evidence.kind().as_str().to_owned(),
            threads: s.evidence.threads,
            meetings: s.evidence.meetings,
            evidence: s.evidence.words(),
            company: s.evidence.company,
            domain: s.evidence.domain,
        }
    }
}

/// What a person is to you ("sibling", "manager").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MyTieDto {
    pub person: PersonRefDto,
    /// `partner`, `parent`, `child`, `sibling`, `family`, `friend`,
    /// `colleague`, `manager`, `report`, `mentor`, `mentee`.
    pub what: String,
    pub note: Option<String>,
    pub since: Option<String>,
}

impl From<MyTieRow> for MyTieDto {
    fn from(t: MyTieRow) -> Self {
        Self {
            person: person_ref((t.person, t.name)),
            what: t.what.as_str().to_owned(),
            note: t.note,
            since: t.since,
        }
    }
}
