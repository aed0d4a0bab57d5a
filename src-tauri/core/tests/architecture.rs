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
