//! Who knows whom at 30,000 people and 300,000 links: the warm path to a
//! person and to a company, a person's neighbourhood and the whole
//! network's layout. Writes its figures to `target/bench/graph.json`; run
//! with `cargo bench -p kith-core --bench graph`.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::domain::{
    Channel, Direction, LinkDraft, LinkKind, PersonBundle, PersonDraft, PersonId, TouchKind,
    TouchSpec,
};
use kith_core::Store;

const PEOPLE: usize = 30_000;
const LINKS: usize = 300_000;
const COMPANIES: usize = 600;
const RUNS: usize = 200;

/// A small, fixed pseudo-random sequence (xorshift), so every run builds
/// the same network.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[i].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.db")).expect("a new database");
    let now = Utc
        .with_ymd_and_hms(2026, 6, 1, 9, 0, 0)
        .single()
        .expect("a valid date");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);

    let started = Instant::now();
    // People at 600 companies of uneven size (a few large, many small),
    // each with a few touches of different ages and directions.
    let bundles: Vec<PersonBundle> = (0..PEOPLE)
        .map(|i| {
            let company = (rng.below(COMPANIES) * rng.below(COMPANIES)) / COMPANIES;
            let person = PersonDraft::named(&format!("Person {i}"))
                .and_then(|d| d.with_company(Some(&format!("Company {company}"))))
                .expect("valid person");
            let touches = (0..i % 4)
                .map(|t| {
                    let at = now - chrono::Duration::days((rng.below(700) + t) as i64);
                    let direction = if t % 2 == 0 {
                        Direction::Out
                    } else {
                        Direction::In
                    };
                    TouchSpec::new(TouchKind::Message, Channel::Chat, direction, at, None)
                        .expect("valid touch")
                })
                .collect();
            PersonBundle::new(person, touches)
        })
        .collect();
    for batch in bundles.chunks(1_000) {
        store
            .add_people(batch, Tz::UTC, now)
            .expect("people stored");
    }
    store.recompute_stages(now).expect("stages");
    let people_seconds = started.elapsed().as_secs_f64();

    // Links: mostly near neighbours by id (people met together know each
    // other), some across the network, of every kind.
    let started = Instant::now();
    let mut drafts = Vec::with_capacity(LINKS);
    while drafts.len() < LINKS {
        let a = rng.below(PEOPLE);
        let b = if rng.below(4) == 0 {
            rng.below(PEOPLE)
        } else {
            (a + 1 + rng.below(40)) % PEOPLE
        };
        let kind = LinkKind::ALL[rng.below(LinkKind::ALL.len())];
        if let Ok(d) = LinkDraft::new(
            PersonId(a as i64 + 1),
            PersonId(b as i64 + 1),
            kind,
            None,
            None,
        ) {
            drafts.push(d);
        }
    }
    let mut links = 0;
    for batch in drafts.chunks(10_000) {
        links += store.link_many(batch, now).expect("links stored");
    }
    let links_seconds = started.elapsed().as_secs_f64();

    let mut figures = Vec::new();
    let mut measure = |what: &str, runs: usize, run: &mut dyn FnMut(usize) -> usize| {
        let mut samples = Vec::with_capacity(runs);
        let mut found = 0;
        for i in 0..runs {
            let start = Instant::now();
            found += run(i);
            samples.push(start.elapsed());
        }
        figures.push(format!(
            "    {{ \"what\": \"{what}\", \"runs\": {runs}, \"found\": {found}, \"p50Ms\": {:.2}, \"p95Ms\": {:.2}, \"maxMs\": {:.2} }}",
            percentile(&mut samples, 0.5),
            percentile(&mut samples, 0.95),
            percentile(&mut samples, 1.0)
        ));
    };
    let target = |i: usize| PersonId(((i * 7919) % PEOPLE) as i64 + 1);
    measure("warm path to a person, two hops", RUNS, &mut |i| {
        store
            .warm_path(target(i), 2, now)
            .expect("path")
            .routes
            .len()
    });
    measure("warm path to a person, three hops", 20, &mut |i| {
        store
            .warm_path(target(i), 3, now)
            .expect("path")
            .routes
            .len()
    });
    measure("warm path to a company, two hops", 50, &mut |i| {
        let company = format!("Company {}", (i * 37) % COMPANIES);
        store
            .warm_path_to_company(&company, 2, now)
            .expect("path")
            .routes
            .len()
    });
    measure("a person's neighbourhood, two rings", RUNS, &mut |i| {
        store
            .neighbourhood(target(i), 2)
            .expect("graph")
            .nodes
            .len()
    });
    measure("the whole network laid out", 5, &mut |_| {
        store.network().expect("network").layout.clusters.len()
    });

    let json = format!(
        "{{\n  \"people\": {PEOPLE},\n  \"links\": {links},\n  \"fillPeopleSeconds\": {people_seconds:.1},\n  \"fillLinksSeconds\": {links_seconds:.1},\n  \"queries\": [\n{}\n  ]\n}}\n",
        figures.join(",\n")
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("bench folder");
    std::fs::write(out.join("graph.json"), &json).expect("figures written");
    print!("{json}");
}
