//! The scheduler under simulated time: many follow-ups over a week, wall
//! clock jumps and steps, two years of daylight-saving changes in four
//! zones, and random zones. Each checks that every occurrence fires exactly
//! once, on time.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::clock::{Clock, FakeClock};
use kith_core::domain::{FollowUpDraft, FollowUpId, PersonDraft, PersonId, Repeat};
use kith_core::notify::{Notifier, NotifyError, Reminder};
use kith_core::scheduler::Scheduler;
use kith_core::store::Settings;
use kith_core::when::{resolve_local, LocalIntent, Zone};
use kith_core::Store;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

/// An occurrence shown: the follow-up, when it was due, when it showed.
type Fired = (FollowUpId, DateTime<Utc>, DateTime<Utc>);

/// Records every occurrence shown, with the wall-clock time it was shown.
#[derive(Default)]
struct Ledger {
    clock: Mutex<Option<Arc<dyn Clock>>>,
    fired: Mutex<Vec<Fired>>,
}

impl Notifier for Ledger {
    fn show(&self, reminder: &Reminder) -> Result<(), NotifyError> {
        let now = self
            .clock
            .lock()
            .unwrap()
            .as_ref()
            .map(|c| c.now())
            .unwrap_or_else(t0);
        let mut fired = self.fired.lock().unwrap();
        for occurrence in reminder.occurrences() {
            if let kith_core::store::Subject::FollowUp(id) = occurrence.subject {
                fired.push((id, occurrence.due_at, now));
            }
        }
        Ok(())
    }

    fn damaged(&self, what: &str) {
        panic!("the database was reported damaged: {what}");
    }
}

impl Ledger {
    fn fired(&self) -> Vec<(FollowUpId, DateTime<Utc>, DateTime<Utc>)> {
        self.fired.lock().unwrap().clone()
    }
}

fn store_without_quiet_hours() -> Arc<Store> {
    let store = Arc::new(Store::open_in_memory().unwrap());
    store
        .save_settings(&Settings {
            quiet_hours: None,
            // These simulations count follow-up reminders, not the plan.
            plan_time: None,
            ..Settings::default()
        })
        .unwrap();
    store
}

fn person(store: &Store) -> PersonId {
    store
        .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
        .unwrap()
}

fn one_off(store: &Store, who: PersonId, at: DateTime<Utc>, what: &str) -> FollowUpId {
    let due = LocalIntent::at_instant(at, Zone::Fixed(Tz::UTC), Tz::UTC);
    let draft = FollowUpDraft::new(who, what, due, None).unwrap();
    store.create_follow_up(&draft, Tz::UTC, t0()).unwrap()
}

/// A wall clock driven by tokio's (paused) monotonic time, plus an offset
/// that jumps when the test says so, like a suspended machine or a clock
/// step.
struct SteppedClock {
    base: DateTime<Utc>,
    start: tokio::time::Instant,
    offset: Mutex<chrono::Duration>,
}

impl SteppedClock {
    fn new(base: DateTime<Utc>) -> Self {
        Self {
            base,
            start: tokio::time::Instant::now(),
            offset: Mutex::new(chrono::Duration::zero()),
        }
    }

    fn step(&self, by: chrono::Duration) {
        *self.offset.lock().unwrap() += by;
    }
}

impl Clock for SteppedClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(tokio::time::Instant::now() - self.start).unwrap();
        self.base + elapsed + *self.offset.lock().unwrap()
    }

    fn zone(&self) -> Tz {
        Tz::UTC
    }
}

/// A deterministic pseudo-random sequence (xorshift), so failures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn start(
    store: &Arc<Store>,
    clock: Arc<SteppedClock>,
    ledger: &Arc<Ledger>,
) -> kith_core::scheduler::SchedulerHandle {
    *ledger.clock.lock().unwrap() = Some(clock.clone());
    let (handle, inbox) = Scheduler::channel();
    Scheduler::new(store.clone(), clock, ledger.clone()).spawn(inbox);
    handle
}

fn assert_each_fired_once(
    ledger: &Ledger,
    expected: usize,
) -> HashMap<FollowUpId, (DateTime<Utc>, DateTime<Utc>)> {
    let mut once = HashMap::new();
    for (id, due, shown) in ledger.fired() {
        assert!(once.insert(id, (due, shown)).is_none(), "{id} fired twice");
    }
    assert_eq!(once.len(), expected, "every follow-up fired");
    once
}

#[tokio::test(start_paused = true)]
async fn a_thousand_follow_ups_over_a_week_each_fire_once_within_a_second() {
    let store = store_without_quiet_hours();
    let ada = person(&store);
    let mut rng = Rng(0x5eed_cafe);
    let week = 7 * 24 * 3600;
    for i in 0..1000 {
        let at = t0() + chrono::Duration::seconds(60 + (rng.next() % week) as i64);
        one_off(&store, ada, at, &format!("item {i}"));
    }
    let clock = Arc::new(SteppedClock::new(t0()));
    let ledger = Arc::new(Ledger::default());
    let handle = start(&store, clock, &ledger);
    tokio::time::sleep(Duration::from_secs(week + 3600)).await;
    handle.stop().await;
    let fired = assert_each_fired_once(&ledger, 1000);
    for (id, (due, shown)) in fired {
        let late = shown - due;
        assert!(
            late >= chrono::Duration::zero() && late <= chrono::Duration::seconds(1),
            "{id} due {due} shown {shown}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_suspend_fires_everything_due_in_the_gap_once() {
    let store = store_without_quiet_hours();
    let ada = person(&store);
    for minutes in [30, 90, 200, 400] {
        one_off(
            &store,
            ada,
            t0() + chrono::Duration::minutes(minutes),
            "in the gap",
        );
    }
    one_off(
        &store,
        ada,
        t0() + chrono::Duration::hours(9),
        "after the gap",
    );
    let clock = Arc::new(SteppedClock::new(t0()));
    let ledger = Arc::new(Ledger::default());
    let handle = start(&store, clock.clone(), &ledger);
    tokio::time::sleep(Duration::from_secs(5)).await;
    // Eight hours pass on the wall clock while no monotonic time does.
    clock.step(chrono::Duration::hours(8));
    tokio::time::sleep(Duration::from_secs(61)).await;
    let after_wake = ledger.fired();
    assert_eq!(
        after_wake.len(),
        4,
        "the four due in the gap, within a minute of waking"
    );
    tokio::time::sleep(Duration::from_secs(2 * 3600)).await;
    handle.stop().await;
    assert_each_fired_once(&ledger, 5);
}

#[tokio::test(start_paused = true)]
async fn clock_steps_back_and_forth_lose_nothing_and_duplicate_nothing() {
    for step in [
        chrono::Duration::hours(1),
        chrono::Duration::hours(-1),
        chrono::Duration::days(1),
        chrono::Duration::days(-1),
    ] {
        let store = store_without_quiet_hours();
        let ada = person(&store);
        let mut ids = Vec::new();
        for minutes in (10..=600).step_by(20) {
            ids.push(one_off(
                &store,
                ada,
                t0() + chrono::Duration::minutes(minutes),
                "x",
            ));
        }
        let clock = Arc::new(SteppedClock::new(t0()));
        let ledger = Arc::new(Ledger::default());
        let handle = start(&store, clock.clone(), &ledger);
        tokio::time::sleep(Duration::from_secs(3 * 3600)).await;
        clock.step(step);
        tokio::time::sleep(Duration::from_secs(2 * 24 * 3600)).await;
        handle.stop().await;
        assert_each_fired_once(&ledger, ids.len());
    }
}

/// Drives the scheduler step by step, jumping the fake clock straight to
/// each next due time (what the loop's sleep amounts to), until `end`.
fn run_until(store: &Arc<Store>, clock: &Arc<FakeClock>, ledger: &Arc<Ledger>, end: DateTime<Utc>) {
    *ledger.clock.lock().unwrap() = Some(clock.clone());
    let scheduler = Scheduler::new(store.clone(), clock.clone(), ledger.clone());
    loop {
        scheduler.tick().unwrap();
        match store.next_unclaimed_due(Tz::UTC).unwrap() {
            Some(next) if next <= end => clock.set(next.max(clock.now())),
            _ => break,
        }
    }
}

fn daily(store: &Store, who: PersonId, zone: Tz, time: &str) -> FollowUpId {
    let local =
        NaiveDateTime::parse_from_str(&format!("2026-01-01 {time}"), "%Y-%m-%d %H:%M").unwrap();
    let due = LocalIntent::new(local, Zone::Fixed(zone));
    let draft = FollowUpDraft::new(who, time, due, Some(Repeat::parse("1d").unwrap())).unwrap();
    store.create_follow_up(&draft, zone, t0()).unwrap()
}

/// The instant a daily `time` in `zone` should fire on `date`: the local
/// time, or, in a spring-forward gap, the local time read with the offset
/// before the gap (RFC 5545); in a fall-back fold, the earlier instant.
fn expected_fire(date: NaiveDate, time: NaiveTime, zone: Tz) -> DateTime<Utc> {
    let local = date.and_time(time);
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        chrono::LocalResult::None => {
            // Independent of the code under test: the offset a day before
            // (every gap here is shorter than a day and the only change
            // that day).
            let day_before = zone
                .from_local_datetime(&(local - chrono::Duration::days(1)))
                .earliest()
                .expect("the day before a gap exists");
            let offset =
                chrono::Duration::seconds(i64::from(day_before.offset().fix().local_minus_utc()));
            Utc.from_utc_datetime(&(local - offset))
        }
    }
}

#[test]
fn two_years_of_daily_reminders_across_dst_fire_once_a_day_at_the_right_time() {
    let zones = [
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::America::Santiago,
    ];
    for zone in zones {
        let store = store_without_quiet_hours();
        let ada = person(&store);
        let nine = daily(&store, ada, zone, "09:00");
        let half_past_two = daily(&store, ada, zone, "02:30");
        let clock = Arc::new(FakeClock::new(t0() - chrono::Duration::days(1), zone));
        let ledger = Arc::new(Ledger::default());
        let end = t0() + chrono::Duration::days(731);
        run_until(&store, &clock, &ledger, end);

        let mut by_series: BTreeMap<(i64, NaiveDate), usize> = BTreeMap::new();
        // The harness moves the clock to each next due instant, so when an
        // occurrence shows says nothing; what it was due at is checked
        // against the policy, computed independently below.
        for (id, due, _) in ledger.fired() {
            let time = if id == nine { "09:00" } else { "02:30" };
            let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
            // The day this occurrence belongs to: the one whose expected
            // instant it is (a gap moves an instant later on its own day).
            let local_day = due.with_timezone(&zone).date_naive();
            let date = [local_day, local_day.pred_opt().unwrap()]
                .into_iter()
                .find(|day| expected_fire(*day, time, zone) == due);
            let Some(date) = date else {
                panic!("{zone} {time}: {due} is not the expected instant of any day");
            };
            *by_series.entry((id.0, date)).or_default() += 1;
        }
        for series in [nine, half_past_two] {
            let days: Vec<_> = by_series
                .iter()
                .filter(|((id, _), _)| *id == series.0)
                .collect();
            assert!(
                days.iter().all(|(_, count)| **count == 1),
                "{zone}: one fire a day"
            );
            assert!(days.len() >= 730, "{zone}: {} days fired", days.len());
        }
    }
}

/// The days of 2026 on which `zone`'s offset from UTC changes.
fn offset_changes_in_2026(zone: Tz) -> Vec<NaiveDate> {
    let offset_at_noon = |day: NaiveDate| {
        zone.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
            .offset()
            .fix()
    };
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    (1..365)
        .map(|d| start + chrono::Days::new(d))
        .filter(|day| offset_at_noon(*day) != offset_at_noon(day.pred_opt().unwrap()))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn any_zone_and_time_fires_once_a_day_on_the_dst_policy(
        zone_index in 0usize..chrono_tz::TZ_VARIANTS.len(),
        minute_of_day in 0u32..(24 * 60),
        start_day in 0u64..365,
    ) {
        let zone = chrono_tz::TZ_VARIANTS[zone_index];
        let time = NaiveTime::from_hms_opt(minute_of_day / 60, minute_of_day % 60, 0).unwrap();
        // In a zone that changes its offset in 2026, the 60 days start up to
        // a month before a change, so every such case crosses one.
        let first = match offset_changes_in_2026(zone).as_slice() {
            [] => NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(start_day),
            changes => {
                let change = changes[start_day as usize % changes.len()];
                change - chrono::Days::new(1 + start_day % 30)
            }
        };
        let store = store_without_quiet_hours();
        let ada = person(&store);
        let due = LocalIntent::new(first.and_time(time), Zone::Fixed(zone));
        let draft = FollowUpDraft::new(ada, "x", due, Some(Repeat::parse("1d").unwrap())).unwrap();
        store.create_follow_up(&draft, zone, t0()).unwrap();
        let start = resolve_local(first.and_time(time), zone) - chrono::Duration::hours(1);
        let clock = Arc::new(FakeClock::new(start, zone));
        let ledger = Arc::new(Ledger::default());
        run_until(&store, &clock, &ledger, start + chrono::Duration::days(60));
        let fired = ledger.fired();
        proptest::prop_assert!(fired.len() >= 60 && fired.len() <= 61, "{} fires", fired.len());
        // The n-th occurrence is due on the n-th day at the instant the DST
        // policy gives for that day's local time, computed independently of
        // the scheduler: an hour early or late on any day fails.
        for (day, (_, due, _)) in fired.into_iter().enumerate() {
            let date = first + chrono::Days::new(day as u64);
            let expected = expected_fire(date, time, zone);
            proptest::prop_assert_eq!(due, expected, "{} on {}", zone, date);
        }
    }
}
