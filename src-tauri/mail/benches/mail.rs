//! Reading mail headers at scale, each beside a bare script doing the same
//! reading in the same run: the first read of 100,000 messages from a real
//! Dovecot on loopback (beside Python's imaplib fetching the same header
//! fields and inserting one row per message with sqlite3), a read with 100
//! new messages, the memory the first read takes above idle, and an mbox
//! file of 100,000 messages (beside Python's `mailbox` reading the same
//! headers). The first read and its bare script take turns three times and
//! their medians are compared. Figures go to `target/bench/mail.json`; run with
//! `cargo bench -p kith-mail` (Debian's dovecot-imapd and python3 needed).

// Dovecot runs here on Linux; the Windows check only builds this.
#[cfg(not(unix))]
fn main() {
    eprintln!("the mail benchmark needs Dovecot, which it runs on Linux");
}

#[cfg(unix)]
fn main() {
    bench::main();
}

#[cfg(unix)]
#[path = "../tests/common/dovecot.rs"]
mod dovecot;

#[cfg(unix)]
mod bench {
    use super::dovecot;

    use std::io::Write;
    use std::process::Command;
    use std::time::Instant;

    use chrono::{DateTime, Utc};
    use kith_core::domain::PersonBundle;
    use kith_core::Store;
    use kith_mail::account::{self, NewAccount};
    use kith_mail::{import_mbox, MboxOptions};

    const MESSAGES: usize = 100_000;
    /// First reads timed, each beside a bare read.
    const ROUNDS: usize = 3;
    const NEW: usize = 100;
    /// Distinct correspondents; the first half are people in Kith.
    const PEOPLE: usize = 2_000;
    const ME: &str = "ada@home.example";

    fn date(i: usize) -> DateTime<Utc> {
        // One message every 20 minutes, ending in 2026.
        DateTime::from_timestamp(1_700_000_000 + i as i64 * 1_200, 0).expect("a date")
    }

    fn text(i: usize) -> String {
        let who = i % PEOPLE;
        let (from, to) = if i.is_multiple_of(3) {
            (format!("Person {who} <p{who}@example.org>"), ME.to_owned())
        } else {
            (ME.to_owned(), format!("Person {who} <p{who}@example.org>"))
        };
        let thread = i / 4;
        let refs = if i.is_multiple_of(4) {
            String::new()
        } else {
            format!("References: <m{}@bench.example>\n", thread * 4)
        };
        format!(
            "Message-ID: <m{i}@bench.example>\nDate: {}\nFrom: {from}\nTo: {to}\nSubject: Thread {thread}\n{refs}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nA body of a few lines,\nwhich nothing here reads.\n",
            date(i).to_rfc2822()
        )
    }

    fn vm(field: &str) -> f64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    fn people(store: &Store) {
        let bundles: Vec<PersonBundle> = (0..PEOPLE / 2)
            .map(|i| kith_core::fixtures::bundle(i, Vec::new()))
            .collect();
        store
            .add_people(&bundles, chrono_tz::UTC, Utc::now())
            .expect("people added");
    }

    fn median(figures: &[f64]) -> f64 {
        let mut sorted = figures.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    }

    fn python(script: &str, args: &[&str]) -> f64 {
        // The scripts are written indented with this module.
        let script: String = script
            .lines()
            .map(|l| l.strip_prefix("    ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let out = Command::new("python3")
            .arg("-c")
            .arg(script)
            .args(args)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "python: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("milliseconds")
    }

    const IMAPLIB: &str = r#"
    import imaplib, sqlite3, sys, time
    port, user, password, db = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    fields = "FROM TO CC BCC DATE MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED SUBJECT"
    start = time.perf_counter()
    imap = imaplib.IMAP4("127.0.0.1", int(port))
    imap.login(user, password)
    imap.select("Sent", readonly=True)
    _, data = imap.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE message (uid INTEGER PRIMARY KEY, header BLOB)")
    for i in range(0, len(uids), 1000):
        chunk = b",".join(uids[i:i + 1000]).decode()
        _, data = imap.uid("FETCH", chunk, "(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (%s)])" % fields)
        rows = [(int(part[0].split(b"UID ")[1].split()[0]), part[1]) for part in data if isinstance(part, tuple)]
        conn.executemany("INSERT INTO message VALUES (?, ?)", rows)
    conn.commit()
    imap.logout()
    print((time.perf_counter() - start) * 1000)
    "#;

    const MAILBOX: &str = r#"
    import mailbox, sys, time
    start = time.perf_counter()
    n = 0
    for message in mailbox.mbox(sys.argv[1], create=False):
        for field in ("From", "To", "Cc", "Date", "Message-ID", "References", "In-Reply-To", "Subject", "List-Id"):
            message.get(field)
        n += 1
    assert n == int(sys.argv[2]), n
    print((time.perf_counter() - start) * 1000)
    "#;

    pub fn main() {
        let server = dovecot::Dovecot::start(&[("Sent", "\\Sent")]);
        for i in 0..MESSAGES {
            server.deliver("Sent", &text(i));
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let account = NewAccount {
            host: Some("127.0.0.1".into()),
            port: Some(server.port),
            user: dovecot::USER.into(),
            password: dovecot::PASSWORD.into(),
            scope: "sent".into(),
            me: vec![ME.into()],
            since: None,
            keep_subject: true,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        // A new database with Kith's people and the account, never read.
        let fresh = |name: &str| {
            let store = Store::open(&dir.path().join(name)).expect("a new database");
            people(&store);
            runtime
                .block_on(account::add(&store, &account, Utc::now()))
                .expect("account added");
            store
        };
        // One read of the account, timed in milliseconds.
        let read = |store: &Store| {
            let start = Instant::now();
            let report = runtime
                .block_on(account::read(
                    store,
                    dovecot::PASSWORD,
                    chrono_tz::UTC,
                    Utc::now(),
                    |_| {},
                ))
                .expect("read");
            (report, start.elapsed().as_secs_f64() * 1000.0)
        };
        let port = server.port.to_string();
        let bare = |name: &str| {
            let db = dir.path().join(name);
            python(
                IMAPLIB,
                &[
                    &port,
                    dovecot::USER,
                    dovecot::PASSWORD,
                    db.to_str().expect("a path"),
                ],
            )
        };
        // Dovecot builds its own header cache on the first read of a folder;
        // one untimed bare read first, so every timed read finds the server
        // in the same state (a real server's indexes are always warm).
        bare("warm-up.db");

        // The first read and the bare script, taking turns, each into a new
        // database; the medians are compared. The peak resident size is
        // reset before each read, so what is measured is the read's.
        let mut first_reads = Vec::new();
        let mut bare_reads = Vec::new();
        let mut above_idle: f64 = 0.0;
        let mut store = None;
        let mut first = None;
        for round in 0..ROUNDS {
            let kith = fresh(&format!("kith-{round}.db"));
            let idle = vm("VmRSS:");
            let _ = std::fs::write("/proc/self/clear_refs", "5");
            let (report, ms) = read(&kith);
            above_idle = above_idle.max(vm("VmHWM:") - idle);
            assert_eq!(report.new as usize, MESSAGES);
            first_reads.push(ms);
            bare_reads.push(bare(&format!("bare-{round}.db")));
            first = Some(report);
            store = Some(kith);
        }
        let (store, first) = (store.expect("a round"), first.expect("a round"));
        let first_ms = median(&first_reads);
        let bare_ms = median(&bare_reads);

        for i in MESSAGES..MESSAGES + NEW {
            server.deliver("Sent", &text(i));
        }
        let (again, incremental_ms) = read(&store);
        assert_eq!(again.new as usize, NEW);
        let commands = server.commands().to_uppercase();
        for never in ["BODY[]", "BODY[TEXT]", "BODY.PEEK[]", "RFC822"] {
            assert!(!commands.contains(never), "asked for {never}");
        }

        // Who may know whom, counted from the threads just read: for
        // everyone (`kith suggested links`) and for one person at a time
        // (their page), the median of 20 people.
        let start = Instant::now();
        let everyone = store.link_suggestions(None).expect("suggestions");
        let suggest_all_ms = start.elapsed().as_secs_f64() * 1000.0;
        let mut each: Vec<f64> = (1..=20)
            .map(|p| {
                let start = Instant::now();
                store
                    .link_suggestions(Some(kith_core::domain::PersonId(p * 37)))
                    .expect("suggestions");
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        each.sort_by(f64::total_cmp);
        let suggest_person_ms = each[each.len() / 2];

        // The same messages as one mbox file.
        let mbox = dir.path().join("all.mbox");
        {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&mbox).expect("mbox"));
            for i in 0..MESSAGES {
                let separator = date(i).format("%a %b %e %H:%M:%S %Y");
                write!(out, "From {ME} {separator}\n{}\n", text(i)).expect("written");
            }
        }
        let mbox_store = Store::open(&dir.path().join("mbox.db")).expect("a new database");
        people(&mbox_store);
        let me = vec![ME.to_owned()];
        let options = MboxOptions {
            me: &me,
            dry_run: false,
            zone: chrono_tz::UTC,
        };
        let start = Instant::now();
        let report =
            import_mbox(&mbox_store, &mbox, &options, Utc::now(), |_| {}).expect("mbox read");
        let mbox_ms = start.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(report.recorded.new, MESSAGES);
        let mbox_bare_ms = python(
            MAILBOX,
            &[mbox.to_str().expect("a path"), &MESSAGES.to_string()],
        );

        let json = format!(
            "{{\n  \"messages\": {MESSAGES},\n  \"firstReadMs\": {first_ms:.0},\n  \"bareImaplibSqliteMs\": {bare_ms:.0},\n  \"firstReadRatio\": {:.2},\n  \"firstReadsMs\": {first_reads:.0?},\n  \"bareReadsMs\": {bare_reads:.0?},\n  \"touchesMade\": {},\n  \"readWith{NEW}NewMs\": {incremental_ms:.0},\n  \"peakAboveIdleMiB\": {above_idle:.1},\n  \"mboxReadMs\": {mbox_ms:.0},\n  \"bareMailboxMs\": {mbox_bare_ms:.0},\n  \"mboxRatio\": {:.2},\n  \"linkSuggestions\": {},\n  \"linkSuggestionsAllMs\": {suggest_all_ms:.1},\n  \"linkSuggestionsPersonMedianMs\": {suggest_person_ms:.2}\n}}\n",
            first_ms / bare_ms,
            first.touches_made,
            mbox_ms / mbox_bare_ms,
            everyone.len(),
        );
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
        std::fs::create_dir_all(&out).expect("bench folder");
        std::fs::write(out.join("mail.json"), &json).expect("figures written");
        print!("{json}");
    }
}
