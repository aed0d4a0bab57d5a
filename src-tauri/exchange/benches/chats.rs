//! Reads a generated 100,000-line WhatsApp export (Android, English, two
//! people over six years, some messages over several lines) into touches,
//! beside a bare Python line parser (one regular expression per line, the
//! date, time and author taken out) reading the same file, and writes the
//! figures to `target/bench/chats.json`; run with
//! `cargo bench -p kith-exchange --bench chats` (python3 needed).

use std::io::Write;
use std::process::Command;
use std::time::Instant;

use chrono::{Duration, NaiveDate, Utc};
use kith_core::domain::PersonDraft;
use kith_core::Store;
use kith_exchange::chats::{chat_text, read_whatsapp};

const LINES: usize = 100_000;
const RUNS: usize = 5;

const BARE: &str = r#"
import re, sys, time
head = re.compile(r"^\u200e?\[?(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?[\s\u202f]*([AaPp]\.? ?[Mm]\.?)?\]? (?:- )?([^:]+): ")
start = time.perf_counter()
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        m = head.match(line)
        if m:
            n += 1
elapsed = (time.perf_counter() - start) * 1000
assert n > 80000, n
print(elapsed)
"#;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("WhatsApp Chat with Maya Lund.txt");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("file"));
        let start = NaiveDate::from_ymd_opt(2020, 1, 1)
            .expect("a date")
            .and_hms_opt(8, 0, 0)
            .expect("a time");
        let mut written = 0;
        let mut i = 0usize;
        while written < LINES {
            let at = start + Duration::minutes(31 * i as i64);
            let who = if i.is_multiple_of(3) {
                "Ada Lovelace"
            } else {
                "Maya Lund"
            };
            writeln!(
                out,
                "{}, {} - {who}: message number {i}, about the trip",
                at.format("%-m/%-d/%y"),
                at.format("%-I:%M\u{202f}%p")
            )
            .expect("written");
            written += 1;
            if i.is_multiple_of(7) && written < LINES {
                writeln!(out, "and a second line to it").expect("written");
                written += 1;
            }
            i += 1;
        }
    }
    let (mut parse, mut total) = (Vec::new(), Vec::new());
    let mut touches = 0;
    for run in 0..RUNS {
        let store =
            Store::open(&dir.path().join(format!("bench-{run}.db"))).expect("a new database");
        store
            .create_person(
                &PersonDraft::named("Maya Lund").expect("a name"),
                Utc::now(),
            )
            .expect("Maya");
        let begin = Instant::now();
        let (text, chat) = chat_text(&path).expect("read").expect("a chat");
        let read = read_whatsapp(
            &text,
            &chat,
            Some("Ada Lovelace"),
            chrono_tz::Europe::Berlin,
        )
        .expect("parsed");
        parse.push(begin.elapsed().as_secs_f64() * 1000.0);
        let recorded = store
            .record_chat(&read.touches, false, Utc::now())
            .expect("recorded");
        total.push(begin.elapsed().as_secs_f64() * 1000.0);
        touches = recorded.touches_made;
    }
    let bare: Vec<f64> = (0..RUNS)
        .map(|_| {
            let out = Command::new("python3")
                .arg("-c")
                .arg(BARE)
                .arg(&path)
                .output()
                .expect("python3 runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .expect("milliseconds")
        })
        .collect();
    let (parse, total, bare) = (median(parse), median(total), median(bare));
    let json = format!(
        "{{\n  \"lines\": {LINES},\n  \"touchesMade\": {touches},\n  \"runs\": {RUNS},\n  \"parseMsMedian\": {parse:.0},\n  \"bareRegexPythonMsMedian\": {bare:.0},\n  \"parseRatio\": {:.2},\n  \"importMsMedian\": {total:.0}\n}}\n",
        parse / bare
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("bench folder");
    std::fs::write(out.join("chats.json"), &json).expect("figures written");
    print!("{json}");
}
