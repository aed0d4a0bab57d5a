//! ARCHITECTURE.md's invariants that a reading of the source can check.

use std::path::{Path, PathBuf};

/// Every Rust file of the programs' own code (not tests, benches or the
/// fuzz targets) under `src-tauri/`.
fn production_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(
                    name.as_str(),
                    "tests" | "benches" | "fuzz" | "target" | "gen"
                ) {
                    dirs.push(path);
                }
            } else if name.ends_with(".rs") && path.components().any(|c| c.as_os_str() == "src") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 50, "found the sources: {}", files.len());
    files
}

/// A file's code before its unit tests (which sit at the end, in
/// `#[cfg(test)] mod tests`).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end].to_owned()
}

#[test]
fn all_time_comes_from_the_clock() {
    let mut readers = Vec::new();
    for path in production_sources() {
        if path.ends_with("core/src/clock.rs") {
            continue;
        }
        for (n, line) in code_of(&path).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if ["Utc::now(", "Local::now(", "SystemTime::now("]
                .iter()
                .any(|read| code.contains(read))
            {
                readers.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        readers.is_empty(),
        "the wall clock is read outside `Clock`:\n{}",
        readers.join("\n")
    );
}

#[test]
fn the_domain_imports_nothing_else_of_kiths() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut reaching = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        for (n, line) in code_of(&path).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let outside = code
                .match_indices("crate::")
                .any(|(at, _)| !code[at..].starts_with("crate::domain"));
            if outside || code.contains("super::super") {
                reaching.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        reaching.is_empty(),
        "`domain/` is the core's floor and imports nothing else of Kith's:\n{}",
        reaching.join("\n")
    );
}

#[test]
fn only_the_store_holds_sql() {
    let statements = [
        "\"SELECT ",
        "\"INSERT ",
        "\"UPDATE ",
        "\"DELETE ",
        "\"PRAGMA ",
        "\"CREATE ",
        "\"ATTACH ",
        "\"DETACH ",
        "\"DROP ",
        "\"ALTER ",
        "\"WITH ",
    ];
    let store = Path::new("core").join("src").join("store");
    let mut outside = Vec::new();
    for path in production_sources() {
        if path.components().collect::<Vec<_>>().windows(3).any(|w| {
            Path::new(w[0].as_os_str())
                .join(w[1].as_os_str())
                .join(w[2].as_os_str())
                == store
        }) {
            continue;
        }
        for (n, line) in code_of(&path).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if statements.iter().any(|s| code.contains(s)) {
                outside.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "SQL outside `store/` (the store is its only owner):\n{}",
        outside.join("\n")
    );
}

/// The store's floor: the modules every feature may use (rows and their
/// kin, search, the saved form of rows, the plan's candidates, claims,
/// files). ARCHITECTURE.md lists them with the import graph.
const FLOOR: &[&str] = &[
    "rows",
    "follow_up_rows",
    "mail_rows",
    "meeting_rows",
    "prep_rows",
    "link_rows",
    "phone_rows",
    "sync_rows",
    "search",
    "saved",
    "candidates",
    "claims",
    "files",
    "cipher",
];

/// Features that use another feature, each with its reason.
const FEATURE_TO_FEATURE: &[(&str, &str, &str)] = &[
    (
        "sync",
        "edits",
        "a card's change is written as the window writes a person",
    ),
    (
        "sync",
        "trash",
        "a card deleted elsewhere and restored comes back from the trash",
    ),
];

#[test]
fn the_stores_features_use_only_its_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let modules: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_owned))
        .filter(|n| n != "mod" && n != "tests")
        .collect();
    let mut wrong = Vec::new();
    for module in &modules {
        let code = code_of(&dir.join(format!("{module}.rs")));
        for used in modules.iter().filter(|m| *m != module) {
            let uses = code.contains(&format!("super::{used}::"))
                || code.contains(&format!("super::{used};"))
                || code.contains(&format!("super::{{{used}"));
            if !uses || FLOOR.contains(&used.as_str()) {
                continue;
            }
            let allowed = FEATURE_TO_FEATURE
                .iter()
                .any(|(from, to, _)| from == module && to == used);
            if !allowed {
                wrong.push(format!("{module} → {used}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "store features use other features (move what they share to the floor):\n{}",
        wrong.join("\n")
    );
}
