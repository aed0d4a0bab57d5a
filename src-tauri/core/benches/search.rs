//! Search at 100,000 people and 1,000,000 touches: what a query costs above
//! a query that matches nobody, over one- to four-letter prefixes, names
//! (whole names, a last name and an initial, a name and a company, three
//! words), companies and e-mails, as p50/p95/p99 of every run. Writes its figures
//! to `target/bench/search.json`; run with
//! `cargo bench -p kith-core --bench search`.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::domain::{Channel, Direction, PersonBundle, TouchKind, TouchSpec};
use kith_core::{fixtures, Store};

const PEOPLE: usize = 100_000;
const TOUCHES_PER_PERSON: usize = 10;
const RUNS: usize = 25;
const PAGE: u64 = 100;

const QUERIES: &[(&str, &str)] = &[
    ("prefix 1", "a"),
    ("prefix 1", "g"),
    ("prefix 1", "t"),
    ("prefix 1", "k"),
    ("prefix 2", "ad"),
    ("prefix 2", "gr"),
    ("prefix 2", "no"),
    ("prefix 2", "mu"),
    ("prefix 3", "ada"),
    ("prefix 3", "lov"),
    ("prefix 3", "kes"),
    ("prefix 3", "fer"),
    ("prefix 4", "grac"),
    ("prefix 4", "hopp"),
    ("prefix 4", "nort"),
    ("prefix 4", "okaf"),
    ("name", "ada lovelace"),
    ("name", "grace hopper 42"),
    ("name", "dijkstra"),
    ("name", "barbara liskov 4711"),
    ("name", "josé garcía"),
    ("name", "o'connor"),
    ("full name", "amara okafor"),
    ("full name", "hiroshi nakamura"),
    ("full name", "giulia ferreira"),
    ("full name", "ken thompson"),
    ("last, initial", "knuth d"),
    ("last, initial", "müller i"),
    ("last, initial", "andersen f"),
    ("name and company", "ingrid northwind"),
    ("name and company", "haddad kestrel"),
    ("three words", "radia perlman tidewater"),
    ("three words", "tim berners lee"),
    ("company", "northwind"),
    ("company", "kestrel labs"),
    ("company", "copperline"),
    ("e-mail", "person123@example.com"),
    ("e-mail", "person99999@example.com"),
    ("e-mail", "person4"),
    ("e-mail", "example.com"),
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.db")).expect("a new database");
    let t0 = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid date");
    let started = Instant::now();
    let summary = Some("talked about hiring and the Berlin offsite");
    for batch in (0..PEOPLE).collect::<Vec<_>>().chunks(1_000) {
        let bundles: Vec<PersonBundle> = batch
            .iter()
            .map(|&i| {
                let person =
                    fixtures::employee(i, fixtures::LAST_NAMES.len(), fixtures::COMPANIES.len());
                let touches = (0..TOUCHES_PER_PERSON)
                    .map(|t| {
                        let at = t0 + chrono::Duration::days(t as i64);
                        TouchSpec::new(
                            TouchKind::ALL[t % TouchKind::ALL.len()],
                            Channel::Linkedin,
                            Direction::Out,
                            at,
                            summary,
                        )
                        .expect("valid touch")
                    })
                    .collect();
                PersonBundle::new(person, touches)
            })
            .collect();
        store
            .add_people(&bundles, Tz::UTC, t0)
            .expect("people stored");
    }
    let fill_seconds = started.elapsed().as_secs_f64();
    let file_bytes: u64 = ["bench.db", "bench.db-wal"]
        .iter()
        .filter_map(|name| std::fs::metadata(dir.path().join(name)).ok())
        .map(|m| m.len())
        .sum();

    let time = |query: &str| -> (Vec<f64>, u64, bool) {
        let mut samples = Vec::with_capacity(RUNS);
        let mut page = None;
        for _ in 0..RUNS {
            let start = Instant::now();
            page = Some(store.people(query, 0, PAGE).expect("a page"));
            samples.push(ms(start.elapsed()));
        }
        let page = page.expect("at least one run");
        (samples, page.total, page.total_is_exact)
    };
    // Warm the page cache once, as a user's second keystroke finds it.
    for (_, query) in QUERIES {
        time(query);
    }
    let (mut none, _, _) = time("zzzz");
    none.sort_by(f64::total_cmp);
    let baseline = none[none.len() / 2];

    let mut above = Vec::new();
    let mut rows = Vec::new();
    for (kind, query) in QUERIES {
        let (mut samples, total, exact) = time(query);
        samples.sort_by(f64::total_cmp);
        above.extend(samples.iter().map(|s| (s - baseline).max(0.0)));
        rows.push(format!(
            "    {{ \"kind\": \"{kind}\", \"query\": \"{}\", \"matches\": \"{total}{}\", \"medianMs\": {:.3}, \"p95Ms\": {:.3} }}",
            query.replace('"', "\\\""),
            if exact { "" } else { "+" },
            percentile(&samples, 50.0),
            percentile(&samples, 95.0)
        ));
    }
    above.sort_by(f64::total_cmp);
    let json = format!(
        "{{\n  \"people\": {PEOPLE},\n  \"touches\": {},\n  \"fillSeconds\": {fill_seconds:.1},\n  \"fileMiB\": {:.1},\n  \"noMatchMedianMs\": {baseline:.3},\n  \"aboveNoMatchMs\": {{ \"p50\": {:.3}, \"p95\": {:.3}, \"p99\": {:.3} }},\n  \"queries\": [\n{}\n  ]\n}}\n",
        PEOPLE * TOUCHES_PER_PERSON,
        file_bytes as f64 / (1024.0 * 1024.0),
        percentile(&above, 50.0),
        percentile(&above, 95.0),
        percentile(&above, 99.0),
        rows.join(",\n")
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("bench folder");
    std::fs::write(out.join("search.json"), &json).expect("figures written");
    print!("{json}");
}
