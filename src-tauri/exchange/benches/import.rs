//! Imports a generated 30,000-row LinkedIn `Connections.csv` (LinkedIn's
//! connection cap) into a new database file, search index included, and
//! writes the figures to `target/bench/import.json`; run with
//! `cargo bench -p kith-exchange`.

use std::time::Instant;

use chrono::Utc;
use kith_core::Store;
use kith_exchange::{import, ImportOptions};

const ROWS: usize = 30_000;
const RUNS: usize = 5;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("Connections.csv");
    kith_core::fixtures::linkedin_connections(&csv, ROWS).expect("bench file");
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
            .filter(|&i| kith_core::fixtures::connection_name(i).1 == "Okafor")
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
