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

/// The core's top-level modules, each with the files that make it.
fn core_modules() -> Vec<(String, Vec<PathBuf>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut files = Vec::new();
            let mut dirs = vec![path];
            while let Some(dir) = dirs.pop() {
                for entry in std::fs::read_dir(&dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        dirs.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs") {
                        files.push(path);
                    }
                }
            }
            modules.push((name, files));
        } else if name != "lib" && path.extension().is_some_and(|e| e == "rs") {
            modules.push((name, vec![path]));
        }
    }
    modules.sort();
    modules
}

/// The names a piece of code reaches through `crate::` (`crate::store::X`,
/// `crate::{a, b}`, `crate::Store`).
fn crate_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let word: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(word);
            }
        } else {
            names.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    names
}

#[test]
fn the_cores_modules_import_each_other_without_a_cycle() {
    let modules = core_modules();
    let known: Vec<&str> = modules.iter().map(|(m, _)| m.as_str()).collect();
    // What the crate's root re-exports by name; the rest of its root names
    // come from `domain` (`pub use domain::*`).
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut root: Vec<(String, String)> = Vec::new();
    for line in lib.lines().filter(|l| l.starts_with("pub use ")) {
        let path = line.trim_start_matches("pub use ").trim_end_matches(';');
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            root.push((item.trim().to_owned(), module.to_owned()));
        }
    }
    let module_of = |name: &str| -> Option<String> {
        if known.contains(&name) {
            return Some(name.to_owned());
        }
        if let Some((_, module)) = root.iter().find(|(item, _)| item == name) {
            return Some(module.clone());
        }
        name.chars()
            .next()
            .is_some_and(char::is_uppercase)
            .then(|| "domain".to_owned())
    };
    let mut edges: Vec<(String, String)> = Vec::new();
    for (module, files) in &modules {
        for file in files {
            let code: String = code_of(file)
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            for name in crate_names(&code) {
                if let Some(target) = module_of(&name).filter(|t| t != module) {
                    if !edges.contains(&(module.clone(), target.clone())) {
                        edges.push((module.clone(), target));
                    }
                }
            }
        }
    }
    // A module on a cycle reaches itself.
    let reaches = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut paths = vec![vec![from.to_owned()]];
        let mut seen = vec![from.to_owned()];
        while let Some(path) = paths.pop() {
            let last = path.last().unwrap().clone();
            for (_, next) in edges.iter().filter(|(a, _)| *a == last) {
                let mut longer = path.clone();
                longer.push(next.clone());
                if next == to {
                    return Some(longer);
                }
                if !seen.contains(next) {
                    seen.push(next.clone());
                    paths.push(longer);
                }
            }
        }
        None
    };
    let cycles: Vec<String> = known
        .iter()
        .filter_map(|m| reaches(m, m).map(|path| path.join(" → ")))
        .collect();
    assert!(
        cycles.is_empty(),
        "the core's modules import each other in a cycle:\n{}",
        cycles.join("\n")
    );
    assert!(edges.len() > 20, "read the imports: {edges:?}");
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
    "photo_rows",
    "sync_rows",
    "search",
    "saved",
    "candidates",
    "claims",
    "files",
    "in_use",
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
