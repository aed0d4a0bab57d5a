#![no_main]

// A chat export read as WhatsApp's text and as Telegram's JSON; every touch
// either yields must be something the store records.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("an instant");
    let zone = chrono_tz::Europe::Berlin;
    let text = kith_exchange::text::decode(data);
    let mut reads = Vec::new();
    match kith_exchange::chats::read_whatsapp(&text, "chat", None, zone) {
        // Whoever wrote first is taken for the user.
        Err(kith_exchange::chats::ChatError::WhoAreYou(authors)) => {
            if let Some(me) = authors.first() {
                reads.extend(kith_exchange::chats::read_whatsapp(&text, "chat", Some(me), zone).ok());
            }
        }
        Ok(read) => reads.push(read),
        Err(_) => {}
    }
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("written");
    if let Ok(Some(Ok(chats))) = kith_exchange::telegram::read_telegram(file.path(), None, zone) {
        reads.extend(chats);
    }
    common::STORE.with(|store| {
        for read in &reads {
            store.record_chat(&read.touches, false, now).expect("read chats record");
        }
    });
});
