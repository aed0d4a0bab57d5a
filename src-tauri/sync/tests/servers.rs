//! What must hold with every server: each test runs against Radicale and
//! against Xandikos, whose deltas leave out an item created and deleted
//! since a token (see `common`).

mod common;

use chrono::Utc;
use common::*;
use kith_core::when::Zone;
use kith_sync::Report;

/// The newest sync token of the collection at `path`, as another client
/// that just synced would hold it.
fn newest_token(server: &Server, path: &str) -> String {
    let (status, body) = server.request(
        "REPORT",
        path,
        &[("Content-Type", "application/xml"), ("Depth", "1")],
        r#"<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"#,
    );
    assert_eq!(status, 207, "{body}");
    let start = body.find("sync-token>").expect("a sync token") + "sync-token>".len();
    let end = start + body[start..].find('<').unwrap();
    body[start..end].to_owned()
}

/// A Kith syncing with `server` that has Maya Tester.
async fn with_maya(server: &Server) -> Kith {
    let a = Kith::new();
    a.join(server).await;
    a.add("Maya Tester", None, None);
    a
}

/// Maya's follow-up: the slides, 10 December 09:00 in Berlin.
fn slides(a: &Kith) {
    let berlin = Zone::Fixed(chrono_tz::Europe::Berlin);
    a.follow_up(
        "Maya Tester",
        "Send the slides",
        "2026-12-10 09:00",
        berlin,
        None,
    );
}

/// Maya's weekly follow-up, Mondays 09:00 in Berlin from 1 December.
fn weekly_report(a: &Kith) {
    let berlin = Zone::Fixed(chrono_tz::Europe::Berlin);
    a.follow_up(
        "Maya Tester",
        "Send the report",
        "2026-12-01 09:00",
        berlin,
        Some("1w"),
    );
}

#[tokio::test]
async fn a_person_kith_created_and_another_client_deleted_goes_to_the_trash() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = Kith::new();
        a.join(&server).await;
        a.add("Maya Tester", None, Some("maya@example.org"));
        assert_eq!(a.sync().await.pushed, 1, "{on:?}");

        let (file, _) = stored(&server, "kith").remove(0);
        server.delete("kith", &file);
        let got = a.sync().await;
        assert_eq!(got.deleted, 1, "{on:?}: {got:?}");
        assert!(a.store.resolve_person("Maya Tester").is_err(), "{on:?}");
        assert!(
            a.store
                .trash()
                .unwrap()
                .iter()
                .any(|t| t.display_name == "Maya Tester"),
            "{on:?}: the deletion went to the trash"
        );
        assert_eq!(a.sync().await, Report::default(), "{on:?}");
        assert_eq!(vcf_count(&server), 0, "{on:?}: nothing came back");
    }
}

#[tokio::test]
async fn a_follow_up_kith_created_and_another_client_deleted_is_removed() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = with_maya(&server).await;
        slides(&a);
        assert_eq!(a.sync().await.pushed, 2, "{on:?}");

        let (file, _) = stored(&server, "kith-follow-ups").remove(0);
        server.delete("kith-follow-ups", &file);
        let got = a.sync().await;
        assert_eq!(got.deleted, 1, "{on:?}: {got:?}");
        assert!(a.store.follow_ups_for_sync().unwrap().is_empty(), "{on:?}");
        assert!(a.store.resolve_person("Maya Tester").is_ok(), "{on:?}");
        assert_eq!(a.sync().await, Report::default(), "{on:?}");
        assert!(stored(&server, "kith-follow-ups").is_empty(), "{on:?}");
    }
}

#[tokio::test]
async fn a_person_deleted_there_and_edited_here_is_a_conflict_and_flipping_it_deletes_them() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = with_maya(&server).await;
        a.add("Noor Haddad", None, None);
        a.sync().await;
        let (book, _) = a.store.sync_collection("people").unwrap().unwrap();

        // The delta says so: Maya was deleted there after Kith's last sync,
        // and edited here since.
        let file = |name: &str| {
            stored(&server, "kith")
                .into_iter()
                .find(|(_, text)| text.contains(name))
                .unwrap()
                .0
        };
        server.delete("kith", &file("Maya Tester"));
        a.edit("Maya Tester", Utc::now(), |d| {
            d.with_company(Some("Fjord Labs")).unwrap()
        });
        // The delta cannot say so (a token taken after the deletion, as a
        // sync racing the other client would hold): Kith's If-Match on
        // Noor fails against a card that is gone.
        server.delete("kith", &file("Noor Haddad"));
        a.edit("Noor Haddad", Utc::now(), |d| {
            d.with_company(Some("Harbour & Co")).unwrap()
        });
        let token = newest_token(&server, &book);
        a.store
            .set_sync_collection("people", &book, Some(&token))
            .unwrap();

        let got = a.sync().await;
        assert_eq!(got.conflicts, 2, "{on:?}: {got:?}");
        let conflicts = a.store.sync_conflicts().unwrap();
        let mut labels: Vec<&str> = conflicts
            .iter()
            .filter(|c| c.field == kith_sync::DELETED)
            .map(|c| c.label.as_str())
            .collect();
        labels.sort();
        assert_eq!(labels, ["Maya Tester", "Noor Haddad"], "{on:?}");
        // Kept here with the edit, and sent back on purpose.
        let maya = a.store.person(a.id("Maya Tester")).unwrap();
        assert_eq!(maya.company.as_deref(), Some("Fjord Labs"), "{on:?}");
        assert_eq!(vcf_count(&server), 2, "{on:?}");

        // Flipped: deleted on both sides after all.
        let noor = conflicts.iter().find(|c| c.label == "Noor Haddad").unwrap();
        kith_sync::flip_conflict(&a.store, noor.id, Utc::now()).unwrap();
        assert!(a.store.resolve_person("Noor Haddad").is_err(), "{on:?}");
        let sent = a.sync().await;
        assert_eq!(sent.deleted, 1, "{on:?}: {sent:?}");
        assert_eq!(vcf_count(&server), 1, "{on:?}");
        assert_eq!(a.sync().await, Report::default(), "{on:?}");
    }
}

/// Makes a calendar collection `name` holding only `component`, as
/// another app would; returns its path.
fn make_calendar(server: &Server, name: &str, component: &str) -> String {
    let home = match server.implementation {
        Implementation::Radicale => format!("/{USER}/"),
        Implementation::Xandikos => format!("/{USER}/calendars/"),
    };
    let path = format!("{home}{name}/");
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>{name}</D:displayname><C:supported-calendar-component-set><C:comp name="{component}"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"#
    );
    let (status, text) = server.request(
        "MKCALENDAR",
        &path,
        &[("Content-Type", "application/xml")],
        &body,
    );
    assert_eq!(status, 201, "MKCALENDAR {path}: {text}");
    path
}

#[tokio::test]
async fn a_collection_address_given_is_used_as_that_collection() {
    use kith_sync::dav::How;
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let url = server.url();
        let add = |store, url: String, book: Option<&'static str>, list: Option<String>| async move {
            kith_sync::add(
                store,
                &url,
                USER,
                PASSWORD,
                book,
                list.as_deref(),
                Utc::now(),
            )
            .await
        };

        // Another app's address book, made on the server first.
        let other = Kith::new();
        let family = add(&other.store, url.clone(), Some("Family"), None)
            .await
            .unwrap();
        assert_eq!(family.address_book.how, How::Made, "{on:?}");
        let book = family.address_book.href.clone();

        // Its address given: people go there, and no "Kith" book is made.
        let a = Kith::new();
        let book_url = format!("{}{}", url.trim_end_matches('/'), book);
        let added = add(&a.store, book_url, None, None).await.unwrap();
        assert_eq!(
            (added.address_book.href.as_str(), added.address_book.how),
            (book.as_str(), How::Given),
            "{on:?}"
        );
        assert_ne!(added.task_list.how, How::Given, "{on:?}");
        a.add("Maya Tester", None, None);
        assert_eq!(a.sync().await.pushed, 1, "{on:?}");
        let family = book.trim_end_matches('/').rsplit('/').next().unwrap();
        assert_eq!(
            stored(&server, family).len(),
            1,
            "{on:?}: the card is in the book given"
        );
        assert!(!server.book_dir().exists(), "{on:?}: no Kith book was made");

        // A task list's address, given as the address or with --task-list.
        let tasks = make_calendar(&server, "errands", "VTODO");
        let b = Kith::new();
        let tasks_url = format!("{}{}", url.trim_end_matches('/'), tasks);
        let added = add(&b.store, tasks_url.clone(), None, None).await.unwrap();
        assert_eq!(
            (added.task_list.href.as_str(), added.task_list.how),
            (tasks.as_str(), How::Given),
            "{on:?}"
        );
        let c = Kith::new();
        let added = add(&c.store, url.clone(), None, Some(tasks_url))
            .await
            .unwrap();
        assert_eq!(
            (added.task_list.href.as_str(), added.task_list.how),
            (tasks.as_str(), How::Given),
            "{on:?}"
        );

        // A calendar without tasks is not taken for a task list. (Every
        // calendar of Xandikos 0.2.8 takes every kind: it answers 404 to
        // setting the components at MKCALENDAR and lists all four after.)
        if on == Implementation::Xandikos {
            continue;
        }
        let events = make_calendar(&server, "holidays", "VEVENT");
        let d = Kith::new();
        let refused = add(&d.store, url.clone(), None, Some(events.clone())).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.to_string().contains("not a task list")),
            "{on:?}: {refused:?}"
        );
        let events_url = format!("{}{}", url.trim_end_matches('/'), events);
        let refused = add(&d.store, events_url, None, None).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.to_string().contains("without tasks")),
            "{on:?}: {refused:?}"
        );
        assert!(d.store.sync_account().unwrap().is_none(), "{on:?}");
    }
}

/// Rewrites the item `file` of collection `name` through `edit`, as
/// another client saving it would (`PUT` with `If-Match`).
fn rewrite(server: &Server, name: &str, file: &str, edit: impl FnOnce(&str) -> String) {
    let text = server.get(name, file);
    server.put(name, file, &edit(&text));
}

/// A task's `DUE` and `DTSTART` lines (zoned or not) set to `value`.
fn due_lines(text: &str, value: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("DUE") {
                format!("DUE:{value}")
            } else if l.starts_with("DTSTART") {
                format!("DTSTART:{value}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[tokio::test]
async fn a_follow_up_rewritten_in_utc_keeps_its_zone_and_a_real_move_keeps_it_too() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = with_maya(&server).await;
        slides(&a);
        a.sync().await;
        let due = |a: &Kith| {
            let f = a.store.follow_ups_for_sync().unwrap().remove(0).fields.due;
            (
                kith_core::when::format_local(f.local),
                f.zone.name().map(str::to_owned),
            )
        };
        // The same instant, written in UTC: nothing moved. Moved, in UTC:
        // the new instant, in the follow-up's own zone.
        for (utc, local) in [
            ("20261210T080000Z", "2026-12-10T09:00:00"),
            ("20261211T130000Z", "2026-12-11T14:00:00"),
        ] {
            let (file, _) = stored(&server, "kith-follow-ups").remove(0);
            rewrite(&server, "kith-follow-ups", &file, |t| due_lines(t, utc));
            a.sync().await;
            assert_eq!(
                due(&a),
                (local.to_owned(), Some("Europe/Berlin".to_owned())),
                "{on:?}: {utc}"
            );
        }
        assert_eq!(a.store.sync_conflicts().unwrap(), vec![], "{on:?}");
    }
}

#[tokio::test]
async fn cards_keep_their_producers_date_form_and_phone_grouping_and_titles_say_whose() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = Kith::new();
        a.join(&server).await;
        // A card another (non-Apple) 3.0 client wrote.
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Sabre//Sabre VObject 4.5.4//EN\r\nUID:nora-1\r\nFN:Nora Berg\r\nN:Berg;Nora;;;\r\nEND:VCARD\r\n";
        server.put("kith", "nora.vcf", card);
        a.sync().await;
        let nora = a.id("Nora Berg");
        a.store
            .set_yearly_date(
                nora,
                kith_core::store::YearlyDate::Birthday,
                kith_core::import::Birthday::new(None, 3, 15),
                Utc::now(),
            )
            .unwrap();
        a.add("Maya Tester", None, None);
        a.edit("Maya Tester", Utc::now(), |d| {
            d.with_identity(
                kith_core::domain::Identity::new(
                    kith_core::domain::IdentityKind::Phone,
                    "+47 912 34 567",
                )
                .unwrap(),
            )
        });
        a.store
            .add_note(
                a.id("Maya Tester"),
                "Met at the fjord meetup.\nLoves maps.",
                Utc::now(),
            )
            .unwrap();
        a.sync().await;

        let cards = stored(&server, "kith");
        let text_of = |name: &str| {
            cards
                .iter()
                .find(|(_, t)| t.contains(name))
                .map(|(_, t)| t.replace("\r\n ", ""))
                .unwrap()
        };
        let nora = text_of("Nora Berg");
        assert!(nora.contains("BDAY:--0315"), "{on:?}: {nora}");
        assert!(!nora.contains("1604"), "{on:?}: {nora}");
        let maya = text_of("Maya Tester");
        assert!(maya.contains("tel:+47-912-34-567"), "{on:?}: {maya}");
        let titles: Vec<String> = stored(&server, "kith-journal")
            .into_iter()
            .filter_map(|(_, t)| {
                t.replace("\r\n ", "")
                    .lines()
                    .find(|l| l.starts_with("SUMMARY"))
                    .map(str::to_owned)
            })
            .collect();
        assert!(
            titles
                .iter()
                .any(|t| t == "SUMMARY:Note (Maya Tester): Met at the fjord meetup. Loves maps."),
            "{on:?}: {titles:?}"
        );
    }
}

#[tokio::test]
async fn a_rename_keeps_the_name_parts_another_client_wrote() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = Kith::new();
        a.join(&server).await;
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:siobhan-1\r\nFN:Dr. Siobhán Máire Ní Bhraonáin\r\nN:Ní Bhraonáin;Siobhán;Máire;Dr.;\r\nEND:VCARD\r\n";
        server.put("kith", "siobhan.vcf", card);
        a.sync().await;
        a.edit("Dr. Siobhán Máire Ní Bhraonáin", Utc::now(), |d| {
            d.with_name("Dr. Sinéad Máire Ní Bhraonáin").unwrap()
        });
        a.add("Ludwig van Beethoven", None, None);
        a.sync().await;
        let cards: Vec<String> = stored(&server, "kith")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let n_of = |fn_line: &str| {
            let card = cards.iter().find(|t| t.contains(fn_line)).unwrap();
            card.lines()
                .find(|l| l.starts_with("N:"))
                .unwrap()
                .to_owned()
        };
        assert_eq!(
            n_of("FN:Dr. Sinéad Máire Ní Bhraonáin"),
            "N:Ní Bhraonáin;Sinéad;Máire;Dr.;",
            "{on:?}"
        );
        assert_eq!(
            n_of("FN:Ludwig van Beethoven"),
            "N:van Beethoven;Ludwig;;;",
            "{on:?}"
        );
    }
}

#[tokio::test]
async fn a_cards_note_is_the_persons_card_note_edited_both_ways() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let (a, b) = (Kith::new(), Kith::new());
        a.join(&server).await;
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nUID:noor-1\r\nFN:Noor Haddad\r\nN:Haddad;Noor;;;\r\nNOTE:Met at the harbour walk\\nLikes sailing\r\nEND:VCARD\r\n";
        server.put("kith", "noor.vcf", card);
        a.sync().await;
        let noor = a.id("Noor Haddad");
        let notes = a.store.person(noor).unwrap().notes;
        assert_eq!(notes.len(), 1, "{on:?}: {notes:?}");
        assert!(notes[0].on_card, "{on:?}");
        assert_eq!(
            notes[0].body, "Met at the harbour walk\nLikes sailing",
            "{on:?}"
        );

        // Edited here, with another note of Kith's beside it: the card
        // carries the card note only, the journal the other only.
        a.store
            .set_card_note(
                noor,
                Some("Met at the harbour walk\nLikes sailing and maps"),
                Utc::now(),
            )
            .unwrap();
        a.store
            .add_note(noor, "Owes me a book", Utc::now())
            .unwrap();
        a.sync().await;
        let text = server.get("kith", "noor.vcf");
        let text = text.replace("\r\n ", "");
        assert!(
            text.contains("NOTE:Met at the harbour walk\\nLikes sailing and maps"),
            "{on:?}: {text}"
        );
        assert!(!text.contains("Owes me a book"), "{on:?}: {text}");
        let journal: String = stored(&server, "kith-journal")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert!(journal.contains("Owes me a book"), "{on:?}");
        assert!(!journal.contains("harbour walk"), "{on:?}");

        // Another Kith sees both, each where it belongs; edited on the
        // phone, it comes back to both.
        b.join(&server).await;
        b.sync().await;
        let notes = b.store.person(b.id("Noor Haddad")).unwrap().notes;
        assert_eq!(notes.len(), 2, "{on:?}: {notes:?}");
        assert_eq!(notes.iter().filter(|n| n.on_card).count(), 1, "{on:?}");
        server.put(
            "kith",
            "noor.vcf",
            &text.replace("and maps", "and old maps"),
        );
        a.sync().await;
        let card_note = |k: &Kith| {
            k.store
                .person(k.id("Noor Haddad"))
                .unwrap()
                .notes
                .into_iter()
                .find(|n| n.on_card)
                .map(|n| n.body)
        };
        assert_eq!(
            card_note(&a).as_deref(),
            Some("Met at the harbour walk\nLikes sailing and old maps"),
            "{on:?}"
        );
        // Removed here: gone from the card.
        a.store.set_card_note(noor, None, Utc::now()).unwrap();
        a.sync().await;
        let text = server.get("kith", "noor.vcf");
        assert!(!text.contains("NOTE"), "{on:?}: {text}");
        assert_eq!(a.store.sync_conflicts().unwrap(), vec![], "{on:?}");
    }
}

/// A follow-up as these tests compare them: text, local due time, zone,
/// status, repeat.
type SeenFollowUp = (String, String, Option<String>, String, Option<String>);

/// A command-line task app on the same task list: todoman (which completes
/// a repeating task and writes its next occurrence as a new task) on a
/// folder that vdirsyncer syncs with the server, as their users run them.
struct TaskApp {
    dir: tempfile::TempDir,
}

impl TaskApp {
    fn new(server: &Server) -> TaskApp {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("lists/kith")).unwrap();
        std::fs::create_dir_all(root.join("status")).unwrap();
        let url = format!(
            "{}{}",
            server.url().trim_end_matches('/'),
            server.collection_path("kith-follow-ups")
        );
        std::fs::write(
            root.join("vdirsyncer.conf"),
            format!(
                "[general]\nstatus_path = \"{root}/status/\"\n\n[pair tasks]\na = \"local\"\nb = \"remote\"\ncollections = null\nconflict_resolution = \"b wins\"\n\n[storage local]\ntype = \"filesystem\"\npath = \"{root}/lists/kith/\"\nfileext = \".ics\"\n\n[storage remote]\ntype = \"caldav\"\nurl = \"{url}\"\nusername = \"{USER}\"\npassword = \"{PASSWORD}\"\n",
                root = root.display()
            ),
        )
        .unwrap();
        std::fs::write(
            root.join("todoman.py"),
            format!(
                "path = \"{root}/lists/*\"\ndate_format = \"%Y-%m-%d\"\ntime_format = \"%H:%M\"\ncache_path = \"{root}/cache.sqlite3\"\n",
                root = root.display()
            ),
        )
        .unwrap();
        let app = TaskApp { dir };
        app.run("vdirsyncer", &["discover"], "y\n");
        app
    }

    fn run(&self, program: &str, args: &[&str], input: &str) -> String {
        use std::io::Write;
        let config = match program {
            "vdirsyncer" => vec!["-c".to_owned(), self.path("vdirsyncer.conf")],
            _ => vec!["--config".to_owned(), self.path("todoman.py")],
        };
        let mut child = std::process::Command::new(program)
            .args(&config)
            .args(args)
            .env("HOME", self.dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{program} runs (the README's test command installs it): {e}")
            });
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn sync(&self) {
        self.run("vdirsyncer", &["sync"], "");
    }

    /// Completes the task titled `summary`, as its user would.
    fn done(&self, summary: &str) {
        let list: serde_json::Value =
            serde_json::from_str(&self.run("todoman", &["--porcelain", "list"], "")).unwrap();
        let id = list
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["summary"] == summary)
            .unwrap_or_else(|| panic!("no task '{summary}' in {list}"))["id"]
            .to_string();
        self.run("todoman", &["done", &id], "");
    }
}

#[tokio::test]
async fn a_repeating_follow_up_completed_in_a_task_app_that_splits_it_carries_on() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = with_maya(&server).await;
        weekly_report(&a);
        let berlin = Zone::Fixed(chrono_tz::Europe::Berlin);
        a.follow_up(
            "Maya Tester",
            "Return the book",
            "2026-12-02 18:00",
            berlin,
            None,
        );
        a.sync().await;

        let app = TaskApp::new(&server);
        app.sync();
        app.done("Maya Tester: Send the report");
        app.done("Maya Tester: Return the book");
        app.sync();
        let on_server = stored(&server, "kith-follow-ups");
        assert_eq!(
            on_server.len(),
            3,
            "{on:?}: the app split the series in two"
        );

        let got = a.sync().await;
        assert_eq!(got.skipped, 0, "{on:?}: {got:?}");
        let mut follow_ups: Vec<SeenFollowUp> = a
            .store
            .follow_ups_for_sync()
            .unwrap()
            .into_iter()
            .map(|f| {
                (
                    f.fields.what,
                    kith_core::when::format_local(f.fields.due.local),
                    f.fields.due.zone.name().map(str::to_owned),
                    f.fields.status.as_str().to_owned(),
                    f.fields.repeat.map(|r| r.code()),
                )
            })
            .collect();
        follow_ups.sort();
        let berlin = Some("Europe/Berlin".to_owned());
        assert_eq!(
            follow_ups,
            vec![
                (
                    "Return the book".into(),
                    "2026-12-02T18:00:00".into(),
                    berlin.clone(),
                    "done".into(),
                    None
                ),
                (
                    "Send the report".into(),
                    "2026-12-01T09:00:00".into(),
                    berlin.clone(),
                    "done".into(),
                    None
                ),
                // The series carries on, in its zone, at the next week.
                (
                    "Send the report".into(),
                    "2026-12-08T09:00:00".into(),
                    berlin.clone(),
                    "open".into(),
                    Some("1w".into())
                ),
            ],
            "{on:?}"
        );
        // Kith's lines now mark the new task as its own, and nothing moves
        // on the next sync of either.
        assert!(
            stored(&server, "kith-follow-ups")
                .iter()
                .all(|(_, t)| t.contains("X-KITH-PERSON")),
            "{on:?}"
        );
        assert_eq!(a.sync().await, Report::default(), "{on:?}");
        app.sync();
        assert_eq!(a.sync().await, Report::default(), "{on:?}");

        // A task that is simply not Kith's is left alone, and counted so.
        let groceries = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VTODO\r\nUID:groceries-1\r\nSUMMARY:Buy milk\r\nDUE:20261210T170000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        server.put("kith-follow-ups", "groceries.ics", groceries);
        let got = a.sync().await;
        assert_eq!((got.skipped, got.pulled), (1, 0), "{on:?}: {got:?}");
    }
}

#[tokio::test]
async fn a_task_related_to_a_completed_follow_up_carries_its_series_on() {
    for start in Server::each() {
        let server = start();
        let on = server.implementation;
        let a = with_maya(&server).await;
        weekly_report(&a);
        a.sync().await;
        let (file, _) = stored(&server, "kith-follow-ups").remove(0);
        let uid = a.store.follow_ups_for_sync().unwrap()[0].uid.clone();
        // Completed, and its next occurrence written as a new task that
        // says what it follows on from (and titles it its own way).
        rewrite(&server, "kith-follow-ups", &file, |t| {
            t.replace(
                "STATUS:NEEDS-ACTION",
                "STATUS:COMPLETED\r\nCOMPLETED:20261201T100000Z",
            )
            .lines()
            .filter(|l| !l.starts_with("RRULE"))
            .collect::<Vec<_>>()
            .join("\r\n")
        });
        let next = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VTODO\r\nUID:next-1\r\nSUMMARY:Report to Maya\r\nRELATED-TO;RELTYPE=SIBLING:{uid}\r\nDUE:20261208T080000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        );
        server.put("kith-follow-ups", "next-1.ics", &next);
        let got = a.sync().await;
        assert_eq!(got.skipped, 0, "{on:?}: {got:?}");
        let open: Vec<(String, String, Option<String>)> = a
            .store
            .follow_ups_for_sync()
            .unwrap()
            .into_iter()
            .filter(|f| f.fields.status.as_str() == "open")
            .map(|f| {
                (
                    f.fields.what,
                    kith_core::when::format_local(f.fields.due.local),
                    f.fields.repeat.map(|r| r.code()),
                )
            })
            .collect();
        assert_eq!(
            open,
            vec![(
                "Send the report".into(),
                "2026-12-08T09:00:00".into(),
                Some("1w".into())
            )],
            "{on:?}"
        );
    }
}

/// The text of a person's card on the server, found by their name.
fn card_of(server: &Server, name: &str) -> (String, String) {
    stored(server, "kith")
        .into_iter()
        .find(|(_, text)| text.contains(&format!("FN:{name}\r\n")))
        .unwrap_or_else(|| panic!("{name}'s card"))
}

fn links_seen(kith: &Kith, name: &str) -> Vec<(String, &'static str)> {
    kith.store
        .links(kith.id(name))
        .unwrap()
        .into_iter()
        .map(|l| (l.other_name.clone(), l.name()))
        .collect()
}

#[tokio::test]
async fn links_cross_as_related_cards_and_a_client_that_drops_them_loses_nothing() {
    use kith_core::domain::{LinkDraft, LinkKind};
    for start in Server::each() {
        let server = start();
        let a = Kith::new();
        a.join(&server).await;
        for name in ["Maya Okafor", "Tomas Okafor", "Rui Okafor", "Lena Fischer"] {
            a.add(name, None, None);
        }
        let link = |from: &str, to: &str, kind| {
            let draft = LinkDraft::new(a.id(from), a.id(to), kind, None, None).unwrap();
            a.store.link(&draft, at(1)).unwrap();
        };
        link("Maya Okafor", "Tomas Okafor", LinkKind::Partner);
        link("Maya Okafor", "Rui Okafor", LinkKind::Parent);
        // Mentor has no vCard word: it stays here.
        link("Lena Fischer", "Maya Okafor", LinkKind::Mentor);
        a.sync_at(at(2)).await;
        let (_, maya) = card_of(&server, "Maya Okafor");
        assert!(maya.contains("RELATED;TYPE=spouse:urn:uuid:"), "{maya}");
        assert!(maya.contains("RELATED;TYPE=child:urn:uuid:"), "{maya}");
        assert!(!maya.contains("mentor"), "{maya}");
        let (_, rui) = card_of(&server, "Rui Okafor");
        assert!(rui.contains("RELATED;TYPE=parent:urn:uuid:"), "{rui}");

        // A second computer gets the links with the cards (and the mentor
        // in the journal).
        let b = Kith::new();
        b.join(&server).await;
        b.sync_at(at(3)).await;
        assert_eq!(
            links_seen(&b, "Maya Okafor"),
            [
                ("Lena Fischer".to_owned(), "mentor"),
                ("Rui Okafor".to_owned(), "child"),
                ("Tomas Okafor".to_owned(), "partner")
            ]
        );

        // Another client names Lena Tomas's sister on his card, and a
        // client that knows no RELATED rewrites Maya's card without hers.
        let (tomas_file, tomas) = card_of(&server, "Tomas Okafor");
        let lena_uid = a
            .store
            .people_for_sync()
            .unwrap()
            .into_iter()
            .find(|p| p.draft.display_name == "Lena Fischer")
            .unwrap()
            .uid;
        let tomas = tomas.replace(
            "END:VCARD",
            &format!("RELATED;TYPE=sibling:urn:uuid:{lena_uid}\r\nEND:VCARD"),
        );
        server.put("kith", &tomas_file, &tomas);
        let (maya_file, maya) = card_of(&server, "Maya Okafor");
        let stripped: String = maya
            .split("\r\n")
            .filter(|l| !l.starts_with("RELATED"))
            .map(|l| format!("{l}\r\n"))
            .collect::<String>()
            .trim_end_matches("\r\n")
            .to_owned()
            + "\r\n";
        server.put("kith", &maya_file, &stripped);
        a.sync_at(at(4)).await;
        assert_eq!(
            links_seen(&a, "Tomas Okafor"),
            [
                ("Lena Fischer".to_owned(), "sibling"),
                ("Maya Okafor".to_owned(), "partner")
            ]
        );
        assert_eq!(links_seen(&a, "Maya Okafor").len(), 3, "nothing lost");
        let (_, maya) = card_of(&server, "Maya Okafor");
        assert!(
            maya.contains("RELATED;TYPE=spouse:"),
            "written back: {maya}"
        );

        // A link taken away here leaves the cards.
        a.store
            .unlink(a.id("Maya Okafor"), a.id("Rui Okafor"), None)
            .unwrap();
        a.sync_at(at(5)).await;
        assert!(!card_of(&server, "Maya Okafor").1.contains("TYPE=child"));
        assert!(!card_of(&server, "Rui Okafor").1.contains("RELATED"));

        // A card naming someone whose card comes later: the link is made
        // when it comes, and the line is not taken off the card meanwhile.
        let (tomas_file, tomas) = card_of(&server, "Tomas Okafor");
        let tomas = tomas.replace(
            "END:VCARD",
            "RELATED;TYPE=friend:urn:uuid:later-uid-1\r\nEND:VCARD",
        );
        server.put("kith", &tomas_file, &tomas);
        let c = Kith::new();
        c.join(&server).await;
        c.sync_at(at(6)).await;
        c.sync_at(at(7)).await;
        assert!(card_of(&server, "Tomas Okafor").1.contains("later-uid-1"));
        server.put(
            "kith",
            "later.vcf",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:later-uid-1\r\nFN:Noor Haddad\r\nEND:VCARD\r\n",
        );
        c.sync_at(at(8)).await;
        assert!(
            links_seen(&c, "Noor Haddad").contains(&("Tomas Okafor".to_owned(), "friend")),
            "{:?}",
            links_seen(&c, "Noor Haddad")
        );
    }
}
