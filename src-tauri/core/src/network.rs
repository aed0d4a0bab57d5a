//! The whole network as a picture: people grouped into clusters and every
//! position computed here, so the window only draws (a force layout of
//! 30,000 nodes would take the webview seconds).
//!
//! - **Clusters**: a person's company (compared without case or outer
//!   space, named by its most common spelling), else their first tag
//!   ("Tag: Climbing"); the [`MAX_CLUSTERS`] largest groups with at least
//!   [`MIN_CLUSTER`] people each are clusters of their own, everyone else
//!   with a company or tag is in "Other companies", and people with
//!   neither in "No company".
//! - **Inside a cluster**: a sunflower (each person at `√i` from the
//!   centre, turned by the golden angle), closest stages in the middle,
//!   so every cluster is a round, evenly filled disc of radius
//!   `SPACING·√n`.
//! - **Clusters placed**: largest first, each at the first spot along a
//!   spiral out from the centre where it overlaps no disc placed before.

use std::collections::HashMap;

use crate::domain::PersonId;
use crate::stage::Stage;

/// The most company clusters drawn apart.
pub const MAX_CLUSTERS: usize = 40;
/// The fewest people a company needs to be a cluster of its own.
pub const MIN_CLUSTER: usize = 3;
/// Distance between neighbours inside a cluster.
pub const SPACING: f64 = 10.0;
/// Space left between two clusters' discs.
const GAP: f64 = 30.0;
const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;

/// One person as the layout sees them.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: PersonId,
    pub name: String,
    pub stage: Stage,
    pub company: Option<String>,
    /// Their first tag, for people without a company.
    pub tag: Option<String>,
}

/// A cluster: its name, disc and people (indexes into [`Layout::people`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub name: String,
    /// Whether it is one company's people (not a tag's, nor the rest).
    pub is_company: bool,
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub size: usize,
}

/// A person placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub id: PersonId,
    pub name: String,
    pub stage: Stage,
    pub cluster: usize,
    pub x: f64,
    pub y: f64,
}

/// The network laid out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub clusters: Vec<Cluster>,
    pub people: Vec<Placed>,
}

impl Layout {
    /// The cluster each person id is in.
    pub fn cluster_of(&self) -> HashMap<PersonId, usize> {
        self.people.iter().map(|p| (p.id, p.cluster)).collect()
    }
}

/// Clusters and positions for everyone (the rule is at the top).
pub fn layout(members: Vec<Member>) -> Layout {
    // Group by company (else tag); name each group by its most common
    // spelling.
    let mut groups: HashMap<String, (HashMap<String, usize>, Vec<Member>)> = HashMap::new();
    let mut unplaced: Vec<Member> = Vec::new();
    for member in members {
        let company = member
            .company
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let tag = member
            .tag
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let (key, name) = match (company, tag) {
            (Some(company), _) => (company.to_lowercase(), company.to_owned()),
            (None, Some(tag)) => (
                format!("\u{1}tag {}", tag.to_lowercase()),
                format!("Tag: {tag}"),
            ),
            (None, None) => {
                unplaced.push(member);
                continue;
            }
        };
        let group = groups.entry(key).or_default();
        *group.0.entry(name).or_default() += 1;
        group.1.push(member);
    }
    let mut named: Vec<(String, Vec<Member>)> = groups
        .into_values()
        .map(|(spellings, people)| {
            let name = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s)
                .unwrap_or_default();
            (name, people)
        })
        .collect();
    named.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let mut others = Vec::new();
    let mut clusters: Vec<(String, bool, Vec<Member>)> = Vec::new();
    for (i, (name, people)) in named.into_iter().enumerate() {
        if i < MAX_CLUSTERS && people.len() >= MIN_CLUSTER {
            let is_company = people[0]
                .company
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty());
            clusters.push((name, is_company, people));
        } else {
            others.extend(people);
        }
    }
    if !others.is_empty() {
        clusters.push(("Other companies".to_owned(), false, others));
    }
    if !unplaced.is_empty() {
        clusters.push(("No company".to_owned(), false, unplaced));
    }
    clusters.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then(a.0.cmp(&b.0)));

    let mut layout = Layout::default();
    for (index, (name, is_company, mut people)) in clusters.into_iter().enumerate() {
        let r = SPACING * (people.len() as f64).sqrt() + SPACING;
        let (x, y) = place(&layout.clusters, r);
        people.sort_by(|a, b| b.stage.cmp(&a.stage).then(a.name.cmp(&b.name)));
        for (i, m) in people.iter().enumerate() {
            let distance = SPACING * (i as f64 + 0.5).sqrt();
            let angle = i as f64 * GOLDEN_ANGLE;
            layout.people.push(Placed {
                id: m.id,
                name: m.name.clone(),
                stage: m.stage,
                cluster: index,
                x: round(x + distance * angle.cos()),
                y: round(y + distance * angle.sin()),
            });
        }
        layout.clusters.push(Cluster {
            name,
            is_company,
            x: round(x),
            y: round(y),
            r: round(r),
            size: people.len(),
        });
    }
    layout
}

/// The first spot along a spiral out from the centre where a disc of
/// radius `r` overlaps none placed.
fn place(placed: &[Cluster], r: f64) -> (f64, f64) {
    let Some(first) = placed.first() else {
        return (0.0, 0.0);
    };
    let free = |x: f64, y: f64| {
        placed
            .iter()
            .all(|c| (c.x - x).hypot(c.y - y) >= c.r + r + GAP)
    };
    // Rings a small step apart, more spots on the wider ones.
    let step = (r + GAP) / 2.0;
    let mut distance = first.r + r + GAP;
    loop {
        let spots = ((std::f64::consts::TAU * distance / step).ceil() as usize).max(8);
        for k in 0..spots {
            let angle = k as f64 * std::f64::consts::TAU / spots as f64;
            let (x, y) = (distance * angle.cos(), distance * angle.sin());
            if free(x, y) {
                return (x, y);
            }
        }
        distance += step;
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, company: Option<&str>) -> Member {
        Member {
            id: PersonId(id),
            name: format!("Person {id}"),
            stage: Stage::from_number(1 + id % 6),
            company: company.map(str::to_owned),
            tag: None,
        }
    }

    #[test]
    fn people_cluster_by_company_and_no_two_clusters_overlap() {
        let mut members = Vec::new();
        for i in 0..200 {
            let company = match i % 10 {
                0..=4 => Some("Northwind"),
                5..=6 => Some(" northwind "),
                7 => Some("Lumen"),
                8 => None,
                _ => Some(if i % 20 == 9 { "Tiny" } else { "Quayside" }),
            };
            members.push(member(i, company));
        }
        // Two people at a company of their own: not a cluster.
        members.push(member(1000, Some("Solo Ltd")));
        members.push(member(1001, Some("Solo Ltd")));
        // Five without a company, tagged alike: a cluster of their tag.
        for i in 2000..2005 {
            let mut m = member(i, None);
            m.tag = Some("Climbing".to_owned());
            members.push(m);
        }
        let layout = layout(members);
        let names: Vec<(&str, usize)> = layout
            .clusters
            .iter()
            .map(|c| (c.name.as_str(), c.size))
            .collect();
        assert_eq!(
            names,
            [
                ("Northwind", 140),
                ("Lumen", 20),
                ("No company", 20),
                ("Quayside", 10),
                ("Tiny", 10),
                ("Tag: Climbing", 5),
                ("Other companies", 2),
            ]
        );
        let companies: Vec<&str> = layout
            .clusters
            .iter()
            .filter(|c| c.is_company)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(companies, ["Northwind", "Lumen", "Quayside", "Tiny"]);
        for (i, a) in layout.clusters.iter().enumerate() {
            for b in &layout.clusters[i + 1..] {
                assert!(
                    (a.x - b.x).hypot(a.y - b.y) >= a.r + b.r,
                    "{} and {} overlap",
                    a.name,
                    b.name
                );
            }
        }
        // Everyone is inside their cluster's disc, and at a spot of their own.
        let mut spots = std::collections::HashSet::new();
        for p in &layout.people {
            let c = &layout.clusters[p.cluster];
            assert!((p.x - c.x).hypot(p.y - c.y) <= c.r, "{} outside", p.name);
            assert!(spots.insert(((p.x * 10.0) as i64, (p.y * 10.0) as i64)));
        }
        assert_eq!(layout.people.len(), 207);
    }
}
