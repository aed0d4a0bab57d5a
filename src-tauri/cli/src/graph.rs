//! `kith graph`: who knows whom as text, JSON or Graphviz's DOT — a
//! person's neighbourhood, or everyone clustered by company.

use std::collections::HashMap;
use std::fmt::Write as _;

use kith_core::domain::LinkKind;
use kith_core::store::{GraphEdge, GraphNode};
use kith_core::Store;
use kith_ipc::{NeighbourhoodDto, NetworkDto};
use serde_json::json;

use crate::output::print_json;
use crate::Failure;

/// Prints the graph asked for.
pub fn print(
    store: &Store,
    around: Option<String>,
    depth: u8,
    json: bool,
    dot: bool,
) -> Result<(), Failure> {
    match around {
        Some(person) => {
            let id = store.resolve_person(&person)?;
            let graph = store.neighbourhood(id, depth)?;
            if dot {
                let names = graph.nodes.iter().map(|n| (n.id.0, n.name.as_str()));
                print!("{}", dot_text(names, &[], &graph.edges));
            } else if json {
                print_json(&NeighbourhoodDto::new(id, graph));
            } else {
                neighbourhood_text(&graph.nodes, &graph.edges, graph.cut);
            }
        }
        None => {
            let network = NetworkDto::from(store.network()?);
            let edges = store.all_links()?;
            if dot {
                let names = network
                    .ids
                    .iter()
                    .zip(&network.names)
                    .map(|(id, n)| (*id, n.as_str()));
                let clusters: Vec<(&str, Vec<i64>)> = network
                    .clusters
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let members = network
                            .ids
                            .iter()
                            .zip(&network.cluster)
                            .filter(|(_, k)| **k as usize == i)
                            .map(|(id, _)| *id)
                            .collect();
                        (c.name.as_str(), members)
                    })
                    .collect();
                print!("{}", dot_text(names, &clusters, &edges));
            } else if json {
                let edges: Vec<_> = edges
                    .iter()
                    .map(|e| json!({"from": e.from.0, "to": e.to.0, "kind": e.kind.as_str()}))
                    .collect();
                print_json(&json!({ "network": network, "edges": edges }));
            } else {
                network_text(&network);
            }
        }
    }
    Ok(())
}

fn neighbourhood_text(nodes: &[GraphNode], edges: &[GraphEdge], cut: bool) {
    let name: HashMap<i64, &str> = nodes.iter().map(|n| (n.id.0, n.name.as_str())).collect();
    let Some(center) = nodes.first() else {
        return;
    };
    if edges.is_empty() {
        println!(
            "{} has no links yet (kith link \"{}\" OTHER --as KIND).",
            center.name, center.name
        );
        return;
    }
    println!(
        "{}: {} people within {} rings, {} links{}",
        center.name,
        nodes.len() - 1,
        nodes.iter().map(|n| n.ring).max().unwrap_or(0),
        edges.len(),
        if cut { " (the faintest left out)" } else { "" }
    );
    for ring in 1..=nodes.iter().map(|n| n.ring).max().unwrap_or(0) {
        println!("ring {ring}:");
        for n in nodes.iter().filter(|n| n.ring == ring) {
            println!("  {} (#{}), {}", n.name, n.id.0, n.stage.label());
        }
    }
    println!("links:");
    for e in edges {
        let words = match e.kind {
            LinkKind::Introduced => "introduced you to".to_owned(),
            LinkKind::MetThrough => "you met them through".to_owned(),
            kind => format!("{} of", kind.as_str()),
        };
        println!(
            "  {} — {words} — {}",
            name.get(&e.from.0).copied().unwrap_or("?"),
            name.get(&e.to.0).copied().unwrap_or("?")
        );
    }
}

fn network_text(network: &NetworkDto) {
    println!(
        "{} people in {} clusters, {} links",
        network.ids.len(),
        network.clusters.len(),
        network.links
    );
    let mut inside = vec![0u32; network.clusters.len()];
    let mut across = vec![0u32; network.clusters.len()];
    for [a, b, n] in &network.bridges {
        if a == b {
            inside[*a as usize] += n;
        } else {
            across[*a as usize] += n;
            across[*b as usize] += n;
        }
    }
    for (i, c) in network.clusters.iter().enumerate() {
        println!(
            "  {}: {} people, {} links inside, {} to other clusters",
            c.name, c.size, inside[i], across[i]
        );
    }
}

/// A DOT string literal: quotes and backslashes escaped, line breaks and
/// other control characters as spaces, so no name can end the statement.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph in DOT: one node per person (grouped in clusters when given),
/// one edge per link, an arrow for the directed kinds.
fn dot_text<'a>(
    names: impl Iterator<Item = (i64, &'a str)>,
    clusters: &[(&str, Vec<i64>)],
    edges: &[GraphEdge],
) -> String {
    let mut out = String::from("graph kith {\n  node [shape=ellipse];\n");
    for (id, name) in names {
        let _ = writeln!(out, "  p{id} [label={}];", quoted(name));
    }
    for (i, (name, members)) in clusters.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph cluster_{i} {{\n    label={};",
            quoted(name)
        );
        for id in members {
            let _ = writeln!(out, "    p{id};");
        }
        out.push_str("  }\n");
    }
    for e in edges {
        let arrow = if e.kind.symmetric() {
            ""
        } else {
            ", dir=forward"
        };
        let _ = writeln!(
            out,
            "  p{} -- p{} [label={}{arrow}];",
            e.from.0,
            e.to.0,
            quoted(e.kind.as_str())
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_can_break_out_of_its_dot_string() {
        assert_eq!(
            quoted("Ada \"The\" \\ Lovelace"),
            r#""Ada \"The\" \\ Lovelace""#
        );
        assert_eq!(quoted("a\n]; p1 -- p2 [\r"), r#""a ]; p1 -- p2 [ ""#);
    }
}
