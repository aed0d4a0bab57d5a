// Shared by the targets: the input as a file, read as one format; every
// row a parser yields must be something the store accepts. The store is
// opened once per process and every import is a dry run (rolled back), so
// each input meets the same database.

use kith_exchange::{read_rows, Format, ImportOptions};

thread_local! {
    pub static STORE: kith_core::Store = kith_core::Store::open_in_memory().expect("store");
}

// Every target but `detect_and_import` uses this.
#[allow(dead_code)]
pub fn rows(data: &[u8], format: Format) {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("written");
    let options = ImportOptions {
        format: Some(format),
        // Messages need an owner; a fixed one keeps the parse going.
        me: Some("https://www.linkedin.com/in/sam-rivera".into()),
        dry_run: true,
        passphrase: None,
        ..ImportOptions::default()
    };
    // Errors are fine (a clear message); panics and hangs are not.
    if let Ok(rows) = read_rows(file.path(), &options) {
        STORE.with(|store| {
            let rows = rows.into_iter().map(Ok::<_, std::io::Error>);
            store.import(rows, true, chrono::Utc::now()).expect("parsed rows import");
        });
    }
}
