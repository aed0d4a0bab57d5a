//! Meetings on the command line: calendar files (as Google, Outlook and
//! Apple export them) read into touches, against a real database file.

mod common;

use std::path::PathBuf;

use common::*;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../exchange/tests/fixtures/calendars")
        .join(name)
        .display()
        .to_string()
}

fn kinds(kith: &Kith, who: &str) -> Vec<(String, String, String)> {
    let shown = kith.json(&["show", who]);
    shown["touches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] != "connected")
        .map(|t| {
            (
                t["kind"].as_str().unwrap().to_owned(),
                t["channel"].as_str().unwrap().to_owned(),
                t["summary"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_calendar_import_asks_who_you_are_then_logs_each_meeting_once() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund", "--email", "maya@example.org"]);
    kith.ok(&["add", "Kai Berg", "--email", "kai@berg.example"]);
    let outlook = fixture("outlook.ics");

    let asked = kith.fails(&["import", &outlook], 2);
    assert!(asked.contains("--me"), "{asked}");
    assert_eq!(kith.count("meeting"), 0);

    let preview = kith.json(&["import", &outlook, "--me", "ada@home.example", "--dry-run"]);
    assert_eq!(preview["committed"], false);
    assert_eq!(preview["meetings"], 1);
    assert_eq!(preview["people"], 1);
    assert_eq!(kith.count("meeting"), 0);

    let text = kith.ok(&["import", &outlook, "--me", "ada@home.example"]);
    assert!(text.contains("Read 1 events"), "{text}");
    assert!(text.contains("1 touches made"), "{text}");
    assert_eq!(
        kinds(&kith, "maya"),
        [("video".into(), "video".into(), "Planning".into())]
    );

    // The address given is kept: the next file needs no --me, and reading
    // the same file again makes nothing new.
    let again = kith.json(&["import", &outlook]);
    assert_eq!(
        (
            again["touchesMade"].as_u64(),
            again["touchesChanged"].as_u64()
        ),
        (Some(0), Some(0))
    );
    let apple = kith.json(&["import", &fixture("apple.ics")]);
    assert_eq!(apple["meetings"], 2);
    assert_eq!(apple["touchesMade"], 1, "Kai's dinner; Ola is not in Kith");
    assert_eq!(
        kinds(&kith, "kai"),
        [(
            "meeting".into(),
            "in-person".into(),
            "Dinner with Kai".into()
        )]
    );
}

#[test]
fn a_meeting_cancelled_in_a_later_export_takes_its_touch_away() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund", "--email", "maya@example.org"]);
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("outlook.ics")).unwrap();
    let first = dir.path().join("calendar.ics");
    std::fs::write(&first, &original).unwrap();
    kith.ok(&[
        "import",
        first.to_str().unwrap(),
        "--me",
        "ada@home.example",
    ]);
    assert_eq!(kinds(&kith, "maya").len(), 1);

    let cancelled = original.replace("SEQUENCE:0\r\n", "SEQUENCE:1\r\nSTATUS:CANCELLED\r\n");
    assert_ne!(cancelled, original);
    let later = dir.path().join("later.ics");
    std::fs::write(&later, cancelled).unwrap();
    let report = kith.json(&["import", later.to_str().unwrap()]);
    assert_eq!(report["touchesRemoved"], 1);
    assert!(kinds(&kith, "maya").is_empty());
    assert_eq!(kith.count("meeting"), 0);
}

#[test]
fn a_file_that_is_not_a_calendar_is_refused_with_nothing_written() {
    let kith = Kith::new();
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ics");
    std::fs::write(&broken, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n").unwrap();
    let said = kith.fails(
        &[
            "import",
            broken.to_str().unwrap(),
            "--me",
            "ada@home.example",
        ],
        2,
    );
    assert!(said.contains("not an iCalendar file"), "{said}");
    assert_eq!(kith.count("meeting"), 0);
    assert_eq!(kith.count("mail_me"), 0);
}

#[test]
fn contacts_imported_after_their_meetings_and_mail_bring_them_in() {
    let kith = Kith::new();
    kith.ok(&[
        "import",
        &fixture("outlook.ics"),
        "--me",
        "ada@home.example",
    ]);
    let takeout = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../mail/tests/fixtures/takeout.mbox")
        .display()
        .to_string();
    kith.ok(&["import", &takeout, "--me", "ada.example@gmail.com"]);
    // Maya is met and written with before she is in Kith; a contacts file
    // then adds her (and Ola) in one import.
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("contacts.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maya Lund\r\nEMAIL:maya@example.org\r\nEMAIL:maya@lund.example\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola Nordmann\r\nEMAIL:ola@nordmann.example\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let report = kith.json(&["import", cards.to_str().unwrap()]);
    assert_eq!(report["new"], 2, "{report}");
    let kinds: Vec<String> = kinds(&kith, "maya")
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    assert!(kinds.contains(&"video".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"email".to_owned()), "{kinds:?}");
    // Found once by what the meeting and the mail said.
    let found = kith.json(&["people", "planning"]);
    assert_eq!(found["total"], 1, "{found}");
}

#[test]
fn a_meeting_now_puts_a_prep_item_first_in_the_plan_and_kith_prep_gives_its_sheet() {
    let kith = Kith::new();
    kith.ok(&["add", "Maya Lund", "--email", "maya@example.org"]);
    kith.ok(&["add", "Tom Ng", "--email", "tom@example.org"]);
    kith.ok(&["topic", "maya", "Moving to Lisbon in May"]);
    kith.ok(&["ask", "maya", "A designer for the new site"]);
    // Begun this second (so it is today in any zone), an hour long.
    let start = chrono::Utc::now();
    let stamp = |at: chrono::DateTime<chrono::Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    let calendar = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n\
         BEGIN:VEVENT\r\nDTSTART:{}\r\nDTEND:{}\r\nDTSTAMP:{}\r\nUID:design-review@google.com\r\n\
         ORGANIZER;CN=Ada:mailto:ada@home.example\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Maya Lund:mailto:maya@example.org\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Tom Ng:mailto:tom@example.org\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Ada:mailto:ada@home.example\r\n\
         LOCATION:https://meet.google.com/abc-defg-hij\r\nSUMMARY:Design review\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
        stamp(start),
        stamp(start + chrono::Duration::hours(1)),
        stamp(start),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("today.ics");
    std::fs::write(&file, calendar).unwrap();
    kith.ok(&[
        "import",
        &file.display().to_string(),
        "--me",
        "ada@home.example",
    ]);

    let plan = kith.json(&["plan"]);
    let first = &plan["items"][0];
    assert_eq!(first["reason"], "prep", "{plan}");
    assert_eq!(first["name"], "Maya Lund");
    assert!(
        first["why"]
            .as_str()
            .unwrap()
            .starts_with("Design review at "),
        "{first}"
    );
    let people: Vec<&str> = first["meeting"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(people, ["Maya Lund", "Tom Ng"]);
    // One item for the meeting, not one per person.
    let preps = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["reason"] == "prep")
        .count();
    assert_eq!(preps, 1);

    let sheet = kith.json(&["prep", "maya"]);
    assert_eq!(sheet["meeting"]["title"], "Design review");
    assert_eq!(
        sheet["people"][0]["topics"][0]["text"],
        "Moving to Lisbon in May"
    );
    assert_eq!(
        sheet["people"][0]["asks"][0]["text"],
        "A designer for the new site"
    );
    assert_eq!(sheet["people"][1]["person"]["displayName"], "Tom Ng");
    let text = kith.ok(&["prep", "design review"]);
    assert!(text.contains("Design review —"), "{text}");
    assert!(
        text.contains("What matters to them: Moving to Lisbon in May"),
        "{text}"
    );
    assert!(text.contains("Asks: A designer for the new site"), "{text}");
    let nothing = kith.fails(&["prep", "board meeting"], 2);
    assert!(nothing.contains("no meeting"), "{nothing}");
}

#[test]
fn the_plan_on_the_phone_is_switched_on_and_off_in_settings() {
    let kith = Kith::new();
    assert_eq!(kith.json(&["settings"])["planOnPhone"], false);
    let on = kith.json(&["settings", "--plan-on-phone", "on"]);
    assert_eq!(on["planOnPhone"], true);
    let text = kith.ok(&["settings"]);
    assert!(
        text.contains("Today's plan on the phone, as the task list \"Kith — today\" (sync): on"),
        "{text}"
    );
    let refused = kith.fails(&["settings", "--plan-on-phone", "yes"], 2);
    assert!(refused.contains("yes"), "{refused}");
    assert_eq!(
        kith.json(&["settings"])["planOnPhone"],
        true,
        "nothing changed"
    );
    kith.ok(&["settings", "--plan-on-phone", "off"]);
    assert_eq!(kith.json(&["settings"])["planOnPhone"], false);
}

#[test]
fn the_home_country_reads_national_numbers_and_an_import_preview_counts_them() {
    let kith = Kith::new();
    kith.ok(&["add", "Ines Berg", "--phone", "+49 30 1234567"]);
    let card = kith.dir.path().join("ines.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ines Berg\r\nN:Berg;Ines;;;\r\nTEL;TYPE=CELL:030 1234567\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let card = card.to_str().unwrap();
    let unset = kith.json(&["settings"]);
    assert_eq!(unset["homeCountry"], serde_json::Value::Null);
    // Without a home country the national number is not the same number:
    // no key is shared, so the preview would make a second Ines.
    let preview = kith.ok(&["import", card, "--dry-run"]);
    assert!(preview.contains("1 new"), "{preview}");
    assert!(
        preview.contains("1 phone number without a country code matches only as written"),
        "{preview}"
    );
    let refused = kith.fails(&["settings", "--country", "Germany"], 2);
    assert!(refused.contains("two-letter code"), "{refused}");
    let set = kith.json(&["settings", "--country", "de"]);
    assert_eq!(set["homeCountry"], "DE");
    assert_eq!(set["callingCode"], 49);
    let preview = kith.ok(&["import", card, "--dry-run"]);
    assert!(
        preview.contains("0 new, 0 updated, 1 unchanged"),
        "{preview}"
    );
    assert!(
        preview.contains(
            "1 phone number without a country code read as DE's; 1 of them already someone's"
        ),
        "{preview}"
    );
    kith.ok(&["import", card]);
    assert_eq!(kith.count("person"), 1);
    let shown = kith.ok(&["settings"]);
    assert!(
        shown.contains(
            "Home country: DE (+49); 0 of 0 phone numbers without a country code are read as its"
        ),
        "{shown}"
    );
    // A number typed without its country is the same as its full form:
    // two records holding it (a shared family phone) are listed as likely
    // duplicates.
    kith.ok(&["add", "Lee Chan", "--phone", "0151 23456789"]);
    kith.ok(&["add", "Mina Park", "--phone", "+49 151 23456789"]);
    let shown = kith.ok(&["settings"]);
    assert!(shown.contains("1 of 1 phone number without"), "{shown}");
    let pairs = kith.json(&["duplicates"]);
    assert_eq!(pairs.as_array().unwrap().len(), 1, "{pairs}");
    assert!(
        pairs[0]["reason"].as_str().unwrap().contains("phone"),
        "{pairs}"
    );
    // Without a home country they are two numbers again.
    kith.ok(&["settings", "--country", "none"]);
    assert_eq!(kith.json(&["duplicates"]), serde_json::json!([]));
    // A number is named for removal the way it is dialled at home.
    kith.fails(
        &["edit", "Mina Park", "--remove-identity", "0151 23456789"],
        2,
    );
    kith.ok(&["settings", "--country", "DE"]);
    kith.ok(&["edit", "Mina Park", "--remove-identity", "0151 23456789"]);
    let mina = kith.json(&["show", "Mina Park"]);
    assert_eq!(mina["person"]["identities"], serde_json::json!([]));
}
