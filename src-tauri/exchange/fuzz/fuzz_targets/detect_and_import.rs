#![no_main]

// Detection from content, then a full import (a dry run, rolled back) into
// a real in-memory database: whatever the bytes, a report or a clear
// error, and a sound database.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kith_exchange::Format::detect(data);
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("written");
    let options = kith_exchange::ImportOptions {
        dry_run: true,
        ..kith_exchange::ImportOptions::default()
    };
    common::STORE.with(|store| {
        let _ = kith_exchange::import(store, file.path(), &options, chrono::Utc::now());
        assert_eq!(store.people_count().expect("count"), 0, "a dry run writes nothing");
    });
});
