#![no_main]

// A calendar file's text read into meetings; every draft it yields must be
// something the store records (in a transaction of its own per input, on
// one database for the process).

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = kith_exchange::text::decode(data);
    let me = vec!["ada@home.example".to_owned()];
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("an instant");
    let options = kith_exchange::meetings::CalendarOptions {
        me: &me,
        zone: chrono_tz::Europe::Berlin,
        now,
    };
    if let Some(read) = kith_exchange::meetings::read_calendar(&text, &options) {
        common::STORE.with(|store| {
            store
                .record_meetings(&read.meetings, now)
                .expect("read meetings record");
        });
    }
});
