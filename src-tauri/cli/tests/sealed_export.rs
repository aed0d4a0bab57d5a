//! A JSON export sealed with a passphrase (the age format): nothing of it
//! readable without the passphrase, restored with it, refused clearly
//! without it or with a wrong one; and interchangeable with the reference
//! `age` command in both directions.

mod common;

use std::path::Path;
use std::process::Command;

use common::Kith;

const PASSPHRASE: &str = "correct horse battery staple";

fn populated() -> Kith {
    let kith = Kith::new();
    kith.ok(&[
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
        "--company",
        "Analytical Engines",
    ]);
    kith.log(
        "Ada",
        "call",
        "phone",
        &["--summary", "Talked about Bernoulli numbers"],
    );
    kith
}

/// `age ARGS` with the passphrase typed at its prompts.
fn age(args: &[&str]) -> std::process::Output {
    let helper = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/age_tty.py");
    Command::new("/usr/bin/python3")
        .arg(helper)
        .arg("age")
        .args(args)
        .env("AGE_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("python3 runs the age helper (the test command installs age)")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_sealed_export_hides_everything_and_restores_only_with_its_passphrase() {
    let kith = populated();
    let dir = tempfile::tempdir().unwrap();
    let sealed = dir.path().join("kith.json.age");
    let sealed_arg = sealed.to_str().unwrap();
    kith.ok_with(
        &["export", "json", "--out", sealed_arg, "--passphrase-stdin"],
        Some(&format!("{PASSPHRASE}\n")),
    );
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    for secret in [
        "Ada",
        "ada@example.org",
        "Analytical",
        "Bernoulli",
        "kith-export",
    ] {
        assert!(
            !contains(&bytes, secret),
            "{secret} readable in the sealed export"
        );
    }

    let restored = Kith::new();
    let err = restored.fails(&["import", sealed_arg], 2);
    assert!(err.contains("sealed with a passphrase"), "{err}");
    assert!(err.contains("--passphrase-stdin"), "{err}");
    let err = restored.fails_with(
        &["import", sealed_arg, "--passphrase-stdin"],
        Some("not the passphrase\n"),
        2,
    );
    assert!(err.contains("the passphrase does not open it"), "{err}");
    assert!(!restored.ok(&["people"]).contains("Ada"));

    let report = restored.json_with(
        &["import", sealed_arg, "--passphrase-stdin"],
        Some(&format!("{PASSPHRASE}\n")),
    );
    assert_eq!(report["new"], 1);
    assert_eq!(
        restored.ok(&["export", "json"]),
        kith.ok(&["export", "json"]),
        "the restored database exports the same as the original"
    );
}

#[test]
fn only_a_json_export_is_sealed_and_an_empty_passphrase_is_refused() {
    let kith = populated();
    let err = kith.fails_with(&["export", "csv", "--passphrase-stdin"], Some("pw\n"), 2);
    assert!(err.contains("only a json export"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("empty.age");
    let err = kith.fails_with(
        &[
            "export",
            "json",
            "--out",
            out.to_str().unwrap(),
            "--passphrase-stdin",
        ],
        Some("\n"),
        2,
    );
    assert!(err.contains("empty"), "{err}");
    assert!(
        !out.exists(),
        "nothing is written when the export is refused"
    );
}

#[test]
fn the_reference_age_command_opens_kiths_export_and_kith_opens_ages() {
    let kith = populated();
    let dir = tempfile::tempdir().unwrap();
    let sealed = dir.path().join("kith.json.age");
    kith.ok_with(
        &[
            "export",
            "json",
            "--out",
            sealed.to_str().unwrap(),
            "--passphrase-stdin",
        ],
        Some(&format!("{PASSPHRASE}\n")),
    );
    let opened = dir.path().join("opened.json");
    let out = age(&[
        "-d",
        "-o",
        opened.to_str().unwrap(),
        sealed.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "age -d: {out:?}");
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        kith.ok(&["export", "json"])
    );

    // Sealed by age (armored, as `age -p -a` writes it), restored by Kith.
    let armored = dir.path().join("by-age.json.age");
    let out = age(&[
        "-p",
        "-a",
        "-o",
        armored.to_str().unwrap(),
        opened.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "age -p: {out:?}");
    assert!(std::fs::read_to_string(&armored)
        .unwrap()
        .starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let restored = Kith::new();
    let report = restored.json_with(
        &["import", armored.to_str().unwrap(), "--passphrase-stdin"],
        Some(&format!("{PASSPHRASE}\n")),
    );
    assert_eq!(report["new"], 1);
    assert!(restored.ok(&["show", "Ada"]).contains("ada@example.org"));
}
