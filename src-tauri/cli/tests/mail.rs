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
