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
        let a = Kith::new();
        a.join(&server).await;
        a.add("Maya Tester", None, None);
        let berlin = Zone::Fixed(chrono_tz::Europe::Berlin);
        a.follow_up(
            "Maya Tester",
            "Send the slides",
            "2026-12-10 09:00",
            berlin,
            None,
        );
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
        let a = Kith::new();
        a.join(&server).await;
        a.add("Maya Tester", None, None);
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
