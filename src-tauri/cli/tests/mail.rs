//! Mail on the command line: an mbox file read into touches, and the people
//! written with who are not in Kith, against a real database file.

mod common;

use std::path::PathBuf;

use common::*;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../mail/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn an_mbox_import_asks_who_you_are_then_logs_touches_and_suggests_people() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund", "--email", "maya@lund.example"]);
    let takeout = fixture("takeout.mbox");

    // Without the user's addresses nothing is read, and the likely one is named.
    let asked = kith.fails(&["import", &takeout], 2);
    assert!(asked.contains("--me"), "{asked}");
    assert!(asked.contains("ada.example@gmail.com"), "{asked}");
    assert_eq!(kith.count("mail_message"), 0);

    let preview = kith.json(&[
        "import",
        &takeout,
        "--me",
        "ada.example@gmail.com",
        "--dry-run",
    ]);
    assert_eq!(preview["committed"], false);
    assert_eq!(preview["new"], 3);
    assert_eq!(preview["people"], 1);
    assert_eq!(kith.count("mail_message"), 0);
    assert_eq!(kith.count("mail_me"), 0);

    let text = kith.ok(&["import", &takeout, "--me", "ada.example@gmail.com"]);
    assert!(text.contains("Read 7 messages"), "{text}");
    assert!(text.contains("Recorded 3 messages"), "{text}");
    assert!(text.contains("2 touches made"), "{text}");
    assert!(text.contains("2 drafts, spam and trash"), "{text}");
    let maya = kith.json(&["show", "maya"]);
    let touches: Vec<&serde_json::Value> = maya["touches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "email")
        .collect();
    assert_eq!(touches.len(), 2, "{maya}");
    assert_eq!(touches[1]["direction"], "mutual");
    assert_eq!(touches[1]["summary"], "Re: Lunch on Friday?");

    // A Thunderbird folder (detected by its content) with the address kept
    // from the first import plus another of the user's.
    let thunderbird = fixture("thunderbird.mbox");
    let report = kith.json(&["import", &thunderbird, "--me", "ada@home.example"]);
    assert_eq!(report["new"], 3);
    let suggested = kith.json(&["suggested"]);
    assert_eq!(suggested.as_array().unwrap().len(), 1, "{suggested}");
    assert_eq!(suggested[0]["address"], "kai@berg.example");
    assert_eq!(suggested[0]["name"], "Kai Berg");
    assert_eq!(suggested[0]["received"], 2);

    let kai = kith.json(&["suggested", "add", "kai@berg.example", "--name", "Kai B."]);
    assert_eq!(kai["displayName"], "Kai B.");
    let shown = kith.json(&["show", "Kai B."]);
    assert_eq!(
        shown["touches"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"] == "email")
            .count(),
        3
    );
    assert!(kith.json(&["suggested"]).as_array().unwrap().is_empty());
    let none = kith.ok(&["suggested"]);
    assert!(none.contains("No one to suggest"), "{none}");
}

#[test]
fn a_dismissed_correspondent_stays_dismissed() {
    let kith = Kith::new();
    let thunderbird = fixture("thunderbird.mbox");
    kith.ok(&[
        "import",
        &thunderbird,
        "--format",
        "mbox",
        "--me",
        "ada@home.example",
    ]);
    assert_eq!(kith.json(&["suggested"]).as_array().unwrap().len(), 1);
    let said = kith.ok(&["suggested", "dismiss", "Kai@Berg.example"]);
    assert!(
        said.contains("kai@berg.example will not be suggested again"),
        "{said}"
    );
    kith.ok(&["import", &thunderbird]);
    assert!(kith.json(&["suggested"]).as_array().unwrap().is_empty());
    let refused = kith.fails(&["suggested", "add", "not-an-address"], 2);
    assert!(refused.contains("not an e-mail address"), "{refused}");
}

#[test]
fn several_me_values_are_only_for_mail() {
    let kith = Kith::new();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("Connections.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    )
    .unwrap();
    let refused = kith.fails(&["import", &csv.display().to_string(), "--me", "a", "b"], 2);
    assert!(refused.contains("one profile or name"), "{refused}");
}

#[cfg(unix)]
#[path = "../../mail/tests/common/dovecot.rs"]
mod dovecot;

#[cfg(unix)]
#[test]
fn an_imap_read_killed_mid_way_continues_where_it_stopped_without_doubles() {
    let server = dovecot::Dovecot::start(&[("Sent", "\\Sent")]);
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund", "--email", "maya@lund.example"]);
    let port = server.port.to_string();
    let add = |password: &str| {
        kith.run_with(
            &[
                "mail",
                "add",
                "--host",
                "127.0.0.1",
                "--port",
                &port,
                "--user",
                dovecot::USER,
                "--password-stdin",
                "--me",
                "ada@home.example",
            ],
            Some(&format!("{password}\n")),
        )
    };
    let refused = add("wrong");
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("refused the user name or password"), "{said}");

    const MESSAGES: usize = 12_000;
    for i in 0..MESSAGES {
        let date = chrono::DateTime::from_timestamp(1_767_225_600 + i as i64 * 3_600, 0)
            .unwrap()
            .to_rfc2822();
        server.deliver(
            "Sent",
            &dovecot::message(
                &format!("note{i}@home.example"),
                &date,
                "ada@home.example",
                "Maya <maya@lund.example>",
                &format!("Note {i}"),
                "",
            ),
        );
    }
    let added = add(dovecot::PASSWORD);
    assert!(added.status.success(), "{added:?}");
    let text = String::from_utf8_lossy(&added.stdout);
    assert!(text.contains("folders: Sent"), "{text}");

    // The first read, killed once it has kept a batch and before it ends.
    let mut child = start(
        std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(&kith.db)
            .args(["mail", "now", "--password-stdin"])
            .env("TZ", "Europe/Berlin")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null()),
    );
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{}", dovecot::PASSWORD).unwrap();
    }
    let progress = || -> Option<(i64, i64)> {
        let conn = rusqlite::Connection::open(&kith.db).ok()?;
        conn.query_row("SELECT read, total FROM mail_folder", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok()
    };
    let started = std::time::Instant::now();
    let killed_at = loop {
        if let Some((read, total)) = progress() {
            if read > 0 && read < total {
                child.kill().unwrap();
                break read;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the read ended before a kill could land mid-way"
        );
        assert!(started.elapsed().as_secs() < 120, "no progress");
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    child.wait().unwrap();
    let kept = kith.count("mail_message");
    assert!(
        kept >= killed_at && (kept as usize) < MESSAGES,
        "{kept} kept at {killed_at}"
    );

    let report = kith.json_with(
        &["mail", "now", "--password-stdin"],
        Some(dovecot::PASSWORD),
    );
    assert_eq!(report["known"], 0, "{report}");
    assert_eq!(report["new"].as_i64().unwrap() + kept, MESSAGES as i64);
    assert_eq!(kith.count("mail_message"), MESSAGES as i64);
    assert_eq!(kith.count("touch WHERE kind = 'email'"), MESSAGES as i64);

    let status = kith.json(&["mail", "status"]);
    assert_eq!(status["folders"][0]["read"], MESSAGES as u64);
    assert_eq!(status["folders"][0]["total"], MESSAGES as u64);
    assert_eq!(status["touches"], MESSAGES as u64);
    assert!(status["error"].is_null(), "{status}");

    let removed = kith.json(&["mail", "remove", "--forget", "--yes"]);
    assert_eq!(removed["touchesRemoved"], MESSAGES as u64);
    assert_eq!(kith.count("touch WHERE kind = 'email'"), 0);
    assert_eq!(kith.count("mail_message"), 0);
    let none = kith.ok(&["mail", "status"]);
    assert!(none.contains("No mail account is set up"), "{none}");
}
