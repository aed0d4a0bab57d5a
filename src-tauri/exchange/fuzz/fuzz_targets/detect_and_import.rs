#![no_main]

// Detection from content, then a full import into a real (in-memory)
// database: whatever the bytes, a report or a clear error, and a sound
// database.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kith_exchange::Format::detect(data);
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("written");
    let store = kith_core::Store::open_in_memory().expect("store");
    let options = kith_exchange::ImportOptions::default();
    let _ = kith_exchange::import(&store, file.path(), &options, chrono::Utc::now());
    store.integrity_check().expect("integrity");
});
