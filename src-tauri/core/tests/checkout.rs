//! The files whose bytes Kith's tests check survive a checkout on Windows,
//! where Git's default (`core.autocrlf=true`) turns LF into CRLF: the
//! migrations (hashed in `migrations.rs`), the generated TypeScript bindings
//! (compared with what the build generates) and the fixtures in users'
//! formats (CRLF kept where a file has it). `.gitattributes` holds the rules;
//! this commits the real files with it to a scratch repository and clones
//! that as Windows would.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Kith",
            "-c",
            "user.email=kith@example.org",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_windows_checkout_keeps_hashed_and_generated_files_byte_for_byte() {
    let root = workspace();
    let mut files: Vec<String> = std::fs::read_dir(root.join("src-tauri/core/migrations"))
        .unwrap()
        .flatten()
        .map(|e| {
            format!(
                "src-tauri/core/migrations/{}",
                e.file_name().to_string_lossy()
            )
        })
        .collect();
    assert!(files.len() > 10, "the migrations are found: {files:?}");
    files.push("ui/src/ipc/bindings.ts".into());
    // A fixture whose CRLF line ends are what it tests.
    files.push("src-tauri/exchange/tests/fixtures/vcard21.vcf".into());
    let original = |file: &str| std::fs::read(root.join(file)).unwrap();
    assert!(
        original("src-tauri/exchange/tests/fixtures/vcard21.vcf")
            .windows(2)
            .any(|w| w == b"\r\n"),
        "the vCard 2.1 fixture has CRLF line ends"
    );

    let scratch = tempfile::tempdir().unwrap();
    let source = scratch.path().join("source");
    std::fs::create_dir_all(&source).unwrap();
    git(&source, &["init", "-q"]);
    std::fs::copy(root.join(".gitattributes"), source.join(".gitattributes"))
        .expect("the repository has a .gitattributes");
    for file in &files {
        let to = source.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, original(file)).unwrap();
    }
    git(&source, &["-c", "core.autocrlf=false", "add", "-A"]);
    git(&source, &["commit", "-q", "-m", "files"]);

    let windows = scratch.path().join("windows");
    git(
        scratch.path(),
        &[
            "-c",
            "core.autocrlf=true",
            "clone",
            "-q",
            "--config",
            "core.autocrlf=true",
            source.to_str().unwrap(),
            windows.to_str().unwrap(),
        ],
    );
    for file in &files {
        let checked_out = std::fs::read(windows.join(file)).unwrap();
        assert!(
            checked_out == original(file),
            "{file} changed in a checkout with core.autocrlf=true"
        );
    }
}
