//! Imports a generated 30,000-row LinkedIn `Connections.csv` (LinkedIn's
//! connection cap) into a new database file, search index included, and
//! writes the figures to `target/bench/import.json`; run with
//! `cargo bench -p kith-exchange`.

use std::io::Write;
use std::time::Instant;

use chrono::Utc;
use kith_core::Store;
use kith_exchange::{import, ImportOptions};

const ROWS: usize = 30_000;
const RUNS: usize = 5;

const FIRST: [&str; 12] = [
    "Ada", "Grace", "Linus", "Maya", "Tomas", "Priya", "Kenji", "Amara", "Jonas", "Leila", "Oskar",
    "Zanele",
];
const LAST: [&str; 10] = [
    "Lovelace", "Hopper", "Okafor", "Berg", "Raman", "Sato", "Moreau", "Núñez", "Falk", "Dlamini",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn connections(path: &std::path::Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("bench file"));
    out.write_all(b"\xEF\xBB\xBFNotes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        .expect("written");
    for i in 0..ROWS {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len()) % LAST.len()];
        let email = if i % 3 == 0 {
            format!("person{i}@example.com")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{first},{last},https://www.linkedin.com/in/{}-{}-{i},{email},\"Company {}, Inc.\",Role {},{:02} {} {}",
            first.to_lowercase(),
            last.to_lowercase().replace('ú', "u").replace('ñ', "n"),
            i % 997,
            i % 50,
            1 + i % 28,
            MONTHS[i % 12],
            2012 + i % 14
        )
        .expect("written");
    }
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("Connections.csv");
    connections(&csv);
    let bytes = std::fs::metadata(&csv).expect("file").len();
    let mut first = Vec::new();
    let mut again = Vec::new();
    for run in 0..RUNS {
        let store =
            Store::open(&dir.path().join(format!("bench-{run}.db"))).expect("a new database");
        let start = Instant::now();
        let summary =
            import(&store, &csv, &ImportOptions::default(), Utc::now()).expect("imported");
        first.push(start.elapsed().as_secs_f64());
        assert_eq!(summary.report.new as usize, ROWS);
        // The same file again: every row matched, nothing written.
        let start = Instant::now();
        let summary =
            import(&store, &csv, &ImportOptions::default(), Utc::now()).expect("imported");
        again.push(start.elapsed().as_secs_f64());
        assert_eq!(summary.report.unchanged as usize, ROWS);
        // Everyone is searchable at once.
        let okafors = (0..ROWS)
            .filter(|i| LAST[(i / FIRST.len()) % LAST.len()] == "Okafor")
            .count();
        let last = store
            .people("okafor", okafors as u64 - 1, 1)
            .expect("search");
        assert_eq!((last.total as usize, last.total_is_exact), (okafors, true));
    }
    let json = format!(
        "{{\n  \"rows\": {ROWS},\n  \"fileBytes\": {bytes},\n  \"runs\": {RUNS},\n  \"importSecondsMedian\": {:.3},\n  \"importSecondsAll\": [{}],\n  \"reimportUnchangedSecondsMedian\": {:.3}\n}}\n",
        median(first.clone()),
        first.iter().map(|s| format!("{s:.3}")).collect::<Vec<_>>().join(", "),
        median(again)
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("bench folder");
    std::fs::write(out.join("import.json"), &json).expect("figures written");
    print!("{json}");
}
