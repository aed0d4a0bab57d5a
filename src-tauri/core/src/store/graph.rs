//! Who knows whom, drawn: a person's neighbourhood (their links, and the
//! rings beyond, up to [`MAX_NEIGHBOURHOOD`] people) and the whole network
//! laid out in clusters by [`crate::network`].

use std::collections::HashMap;

use rusqlite::Connection;

use super::link_rows::edges;
use super::rows::ensure_person;
use super::{Result, Store};
use crate::domain::{LinkKind, PersonId};
use crate::network::{self, Layout, Member};
use crate::path::link_strength;
use crate::stage::Stage;

/// The most people a neighbourhood holds, the person included.
pub const MAX_NEIGHBOURHOOD: usize = 300;

/// The most rings a neighbourhood reaches.
pub const MAX_DEPTH: u8 = 3;

/// A person in a drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    pub id: PersonId,
    pub name: String,
    pub stage: Stage,
    pub company: Option<String>,
    /// Links from the person the drawing is around (0 for them).
    pub ring: u8,
}

/// A link in a drawing, as stored (`from` is the kind of `to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphEdge {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: LinkKind,
}

/// A person's neighbourhood: the people within `depth` links and every
/// link between them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Neighbourhood {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Whether people were left out to keep to [`MAX_NEIGHBOURHOOD`].
    pub cut: bool,
}

/// The whole network: clusters, everyone placed, and how many links join
/// each pair of clusters (and each cluster inside).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    pub layout: Layout,
    /// `(cluster, cluster, links)`, the lower cluster first.
    pub bridges: Vec<(usize, usize, u32)>,
    pub links: usize,
}

fn node(conn: &Connection, id: PersonId, ring: u8) -> Result<Option<GraphNode>> {
    let mut stmt = conn.prepare_cached(
        "SELECT display_name, stage, company FROM person WHERE id = ?1 AND deceased = 0",
    )?;
    let mut rows = stmt.query([id.0])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(GraphNode {
        id,
        name: r.get(0)?,
        stage: Stage::from_number(r.get(1)?),
        company: r.get(2)?,
        ring,
    }))
}

impl Store {
    /// A person's neighbourhood to `depth` rings (1–3): nearer rings
    /// first, and within a ring the people their strongest links reach
    /// first, so a cut leaves out the faintest.
    pub fn neighbourhood(&self, person: PersonId, depth: u8) -> Result<Neighbourhood> {
        let depth = depth.clamp(1, MAX_DEPTH);
        self.read(|conn| {
            ensure_person(conn, person)?;
            let mut graph = Neighbourhood::default();
            let mut ring_of: HashMap<PersonId, u8> = HashMap::from([(person, 0)]);
            let mut links: HashMap<PersonId, Vec<crate::path::Edge>> = HashMap::new();
            if let Some(me) = node(conn, person, 0)? {
                graph.nodes.push(me);
            }
            let mut frontier = vec![person];
            'rings: for ring in 1..=depth {
                // Each person reached, by the strongest link that reaches them.
                let mut reached: HashMap<PersonId, f64> = HashMap::new();
                for &at in &frontier {
                    let found = edges(conn, at)?;
                    for e in &found {
                        if !ring_of.contains_key(&e.other) {
                            let strength = reached.entry(e.other).or_default();
                            *strength = strength.max(link_strength(e.kind));
                        }
                    }
                    links.insert(at, found);
                }
                let mut next = Vec::new();
                let mut nodes = Vec::new();
                for (id, strength) in reached {
                    if let Some(n) = node(conn, id, ring)? {
                        nodes.push((strength, n));
                    }
                }
                nodes.sort_by(|a, b| {
                    b.0.total_cmp(&a.0)
                        .then(b.1.stage.cmp(&a.1.stage))
                        .then(a.1.id.cmp(&b.1.id))
                });
                for (_, n) in nodes {
                    if graph.nodes.len() >= MAX_NEIGHBOURHOOD {
                        graph.cut = true;
                        break 'rings;
                    }
                    ring_of.insert(n.id, ring);
                    next.push(n.id);
                    graph.nodes.push(n);
                }
                frontier = next;
            }
            // Every link between two people drawn, once.
            for n in &graph.nodes {
                let own = match links.remove(&n.id) {
                    Some(found) => found,
                    None => edges(conn, n.id)?,
                };
                for e in own {
                    if e.outgoing && ring_of.contains_key(&e.other) {
                        graph.edges.push(GraphEdge {
                            from: n.id,
                            to: e.other,
                            kind: e.kind,
                        });
                    }
                }
            }
            Ok(graph)
        })
    }

    /// Every link, as stored.
    pub fn all_links(&self) -> Result<Vec<GraphEdge>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT from_id, to_id, kind FROM link ORDER BY id")?;
            let edges = stmt
                .query_map([], |r| {
                    Ok(GraphEdge {
                        from: PersonId(r.get(0)?),
                        to: PersonId(r.get(1)?),
                        kind: r.get::<_, String>(2)?.parse().unwrap_or(LinkKind::Friend),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(edges)
        })
    }

    /// Everyone, clustered and placed, with the links between clusters.
    pub fn network(&self) -> Result<Network> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, display_name, stage, company,
                    CASE WHEN company IS NULL OR trim(company) = '' THEN
                        (SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                          WHERE pt.person_id = person.id ORDER BY t.name COLLATE NOCASE LIMIT 1)
                    END
                 FROM person WHERE deceased = 0",
            )?;
            let members = stmt
                .query_map([], |r| {
                    Ok(Member {
                        id: PersonId(r.get(0)?),
                        name: r.get(1)?,
                        stage: Stage::from_number(r.get(2)?),
                        company: r.get(3)?,
                        tag: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let layout = network::layout(members);
            let cluster_of = layout.cluster_of();
            let mut bridges: HashMap<(usize, usize), u32> = HashMap::new();
            let mut links = 0;
            let mut stmt = conn.prepare_cached("SELECT from_id, to_id FROM link")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (a, b) = (PersonId(r.get(0)?), PersonId(r.get(1)?));
                if let (Some(&ca), Some(&cb)) = (cluster_of.get(&a), cluster_of.get(&b)) {
                    *bridges.entry((ca.min(cb), ca.max(cb))).or_default() += 1;
                    links += 1;
                }
            }
            let mut bridges: Vec<(usize, usize, u32)> =
                bridges.into_iter().map(|((a, b), n)| (a, b, n)).collect();
            bridges.sort_unstable();
            Ok(Network {
                layout,
                bridges,
                links,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{LinkDraft, PersonDraft};
    use crate::store::tests::t0;

    fn people(store: &Store, n: usize, company: Option<&str>) -> Vec<PersonId> {
        (0..n)
            .map(|i| {
                let draft = PersonDraft::named(&format!("P{i} {}", company.unwrap_or("x")))
                    .unwrap()
                    .with_company(company)
                    .unwrap();
                store.create_person(&draft, t0()).unwrap()
            })
            .collect()
    }

    fn link(store: &Store, a: PersonId, b: PersonId, kind: LinkKind) {
        store
            .link(&LinkDraft::new(a, b, kind, None, None).unwrap(), t0())
            .unwrap();
    }

    #[test]
    fn a_neighbourhood_holds_the_rings_asked_for_and_the_links_between_them() {
        let store = Store::open_in_memory().unwrap();
        let p = people(&store, 6, None);
        link(&store, p[0], p[1], LinkKind::Friend);
        link(&store, p[0], p[2], LinkKind::Manager);
        link(&store, p[1], p[2], LinkKind::Colleague);
        link(&store, p[2], p[3], LinkKind::Sibling);
        link(&store, p[3], p[4], LinkKind::Partner);
        let one = store.neighbourhood(p[0], 1).unwrap();
        let ids: Vec<PersonId> = one.nodes.iter().map(|n| n.id).collect();
        assert_eq!(
            ids,
            [p[0], p[1], p[2]],
            "the friend (0.8) before the report"
        );
        assert_eq!(one.edges.len(), 3, "the link between the two is drawn too");
        let two = store.neighbourhood(p[0], 2).unwrap();
        assert_eq!(two.nodes.len(), 4);
        assert_eq!(two.nodes[3].ring, 2);
        assert!(!two.cut);
        assert!(store.neighbourhood(p[5], 2).unwrap().edges.is_empty());
    }

    #[test]
    fn a_crowded_neighbourhood_is_cut_at_its_bound() {
        let store = Store::open_in_memory().unwrap();
        let hub = people(&store, 1, None)[0];
        let many = people(&store, MAX_NEIGHBOURHOOD + 20, Some("Northwind"));
        for (i, p) in many.iter().enumerate() {
            let kind = if i % 2 == 0 {
                LinkKind::Colleague
            } else {
                LinkKind::Partner
            };
            link(&store, hub, *p, kind);
        }
        let drawn = store.neighbourhood(hub, 2).unwrap();
        assert_eq!(drawn.nodes.len(), MAX_NEIGHBOURHOOD);
        assert!(drawn.cut);
        // All 160 partners kept; the colleagues are the ones cut.
        let partners = drawn
            .edges
            .iter()
            .filter(|e| e.kind == LinkKind::Partner)
            .count();
        assert_eq!(partners, (MAX_NEIGHBOURHOOD + 20) / 2);

        let network = store.network().unwrap();
        assert_eq!(network.layout.clusters[0].name, "Northwind");
        assert_eq!(network.links, MAX_NEIGHBOURHOOD + 20);
        let hub_cluster = network.layout.cluster_of()[&hub];
        assert_eq!(
            network.bridges,
            [(0, hub_cluster, (MAX_NEIGHBOURHOOD + 20) as u32)]
        );
    }
}
