//! The follow-up scheduler: one tokio task that sleeps until the next due
//! reminder, claims what is due and hands it to the [`Notifier`].
//!
//! - Each sleep is capped at [`MAX_SLEEP`] and every wake re-reads the wall
//!   clock, so a suspended machine or a clock change is noticed within a
//!   minute and whatever fell due in between fires once.
//! - A reminder is claimed (in one transaction) before it is shown; a crash
//!   after the claim loses at most that pop-up, never duplicates it. The
//!   follow-up stays due in the Today view either way.
//! - More than [`SUMMARY_OVER`] due at once become one summary notification.
//! - Errors are logged and retried with backoff; the loop never panics.
//! - Care of the file, when the store has been idle for [`CARE_IDLE`]: the
//!   day's verified backup and the weekly full check. Damage found there or
//!   by any step is reported to the notifier once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono_tz::Tz;
use tokio::sync::{mpsc, watch};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::notify::{Notifier, Reminder};
use crate::store::Subject;
use crate::store::{Store, StoreError};
use crate::when::LocalIntent;

/// The longest the scheduler sleeps before re-reading the clock.
pub const MAX_SLEEP: Duration = Duration::from_secs(60);
/// More reminders than this at once are shown as one summary.
pub const SUMMARY_OVER: usize = 3;
/// The first retry delay after an error; doubles up to [`MAX_SLEEP`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The longest [`SchedulerHandle::stop`] waits for the current step.
pub const STOP_WAIT: Duration = Duration::from_secs(5);
/// Backups and checks wait until nothing was written for this long.
pub const CARE_IDLE: Duration = Duration::from_secs(30);
/// How often the scheduler looks at whether a backup or check is due.
const CARE_EVERY: chrono::Duration = chrono::Duration::minutes(10);
/// After a failed backup, the next try.
const CARE_RETRY: chrono::Duration = chrono::Duration::hours(1);

/// One reminder that will fire, as `kith upcoming` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFire {
    pub subject: Subject,
    pub person_name: String,
    pub what: String,
    /// The occurrence as the user meant it.
    pub due: LocalIntent,
    /// The instant the occurrence falls on.
    pub due_at: DateTime<Utc>,
    /// When the notification will show: at `due_at`, or when a pause or
    /// quiet hours end; now for an overdue one within the grace period;
    /// `None` when it will not pop up (missed, or reminders are off).
    pub fires_at: Option<DateTime<Utc>>,
}

/// The most occurrences [`upcoming`] lists.
pub const MAX_PLANNED: usize = 10_000;

/// The reminders that will fire between `from` and `to`, soonest first,
/// under the same rules the scheduler applies: the DST policy of
/// [`crate::when`], repeat arithmetic from the series anchor, pauses, quiet
/// hours and the grace period. Overdue occurrences not yet claimed are
/// listed at `now` (or as missed).
pub fn upcoming(
    store: &Store,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<PlannedFire>, StoreError> {
    let settings = store.settings()?;
    let mut planned = Vec::new();
    let deceased = store.deceased_people()?;
    for series in store.open_series()? {
        // Nobody who has died is reminded of (as the claims leave them out).
        if deceased.contains(&series.follow_up.person) {
            continue;
        }
        let follow_up = &series.follow_up;
        let mut occurrence = (!series.current_claimed).then_some(follow_up.due);
        // A claimed repeating series has already moved on; its due time is
        // the next occurrence and unclaimed.
        while let Some(due) = occurrence {
            let due_at = due.resolve(zone);
            let fires_at = settings.fires_at_seen(due_at, now, zone);
            let shown_at = fires_at.unwrap_or(due_at.max(now));
            if shown_at >= to || planned.len() >= MAX_PLANNED {
                break;
            }
            if shown_at >= from {
                planned.push(PlannedFire {
                    subject: Subject::FollowUp(follow_up.id),
                    person_name: follow_up.person_name.clone(),
                    what: follow_up.what.clone(),
                    due,
                    due_at,
                    fires_at,
                });
            }
            occurrence = follow_up
                .repeat
                .and_then(|repeat| repeat.next_after(series.anchor, due_at.max(now), zone));
        }
    }
    // Keep-in-touch dates: the next one per person (a touch would move it).
    for due in store.keep_in_touch_due(to, zone)? {
        if due.claimed || planned.len() >= MAX_PLANNED {
            continue;
        }
        let fires_at = settings.fires_at_seen(due.due_at, now, zone);
        let shown_at = fires_at.unwrap_or(due.due_at.max(now));
        if shown_at < from || shown_at >= to {
            continue;
        }
        planned.push(PlannedFire {
            subject: Subject::KeepInTouch {
                cadence_days: due.cadence_days,
            },
            person_name: due.person_name.clone(),
            what: due.what(due.due_at),
            due: LocalIntent::at_instant(due.due_at, crate::when::Zone::Floating, zone),
            due_at: due.due_at,
            fires_at,
        });
    }
    // Birthdays, anniversaries and named dates.
    let today = now.with_timezone(&zone).date_naive();
    for date in store.dates_due(today, to, zone)? {
        // A date's reminder past the grace period is no news (not claimed).
        if date.claimed || date.remind_at < now - settings.grace() {
            continue;
        }
        let fires_at = settings.fires_at_seen(date.remind_at, now, zone);
        let shown_at = fires_at.unwrap_or(date.remind_at.max(now));
        if shown_at < from || shown_at >= to || planned.len() >= MAX_PLANNED {
            continue;
        }
        planned.push(PlannedFire {
            subject: Subject::Date {
                kind: date.occasion.kind,
                on: date.on,
            },
            person_name: date.occasion.person_name.clone(),
            what: date
                .occasion
                .what(date.on, date.remind_at.with_timezone(&zone).date_naive()),
            due: LocalIntent::at_instant(date.remind_at, crate::when::Zone::Floating, zone),
            due_at: date.remind_at,
            fires_at,
        });
    }
    planned.sort_by_key(|p| (p.fires_at.unwrap_or(p.due_at), p.person_name.clone()));
    planned.truncate(MAX_PLANNED);
    Ok(planned)
}

/// What a running scheduler can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedulerCommand {
    /// Something changed (a follow-up was added or moved, settings
    /// changed): re-evaluate now.
    Reschedule,
    /// Finish the current step and end the loop.
    Stop,
}

/// The outcome of one scheduler step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    /// The reminders shown in this step.
    pub shown: Vec<Reminder>,
    /// How long to sleep before the next step.
    pub sleep: Duration,
}

/// The scheduler's parts; [`Scheduler::spawn`] runs it.
#[derive(Clone)]
pub struct Scheduler {
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    notifier: Arc<dyn Notifier>,
    last_zone: Arc<Mutex<Option<Tz>>>,
    /// The local day stages were last re-derived (the relationship window
    /// moves with time, so once a day is enough).
    stages_day: Arc<Mutex<Option<chrono::NaiveDate>>>,
    /// When backups and checks are next looked at.
    care_after: Arc<Mutex<Option<DateTime<Utc>>>>,
    care_idle: Duration,
    /// Damage already reported to the notifier.
    damage_reported: Arc<Mutex<bool>>,
}

impl Scheduler {
    pub fn new(store: Arc<Store>, clock: Arc<dyn Clock>, notifier: Arc<dyn Notifier>) -> Self {
        Self {
            store,
            clock,
            notifier,
            last_zone: Arc::new(Mutex::new(None)),
            stages_day: Arc::new(Mutex::new(None)),
            care_after: Arc::new(Mutex::new(None)),
            care_idle: CARE_IDLE,
            damage_reported: Arc::new(Mutex::new(false)),
        }
    }

    /// Backups and checks wait for `idle` without writes instead of
    /// [`CARE_IDLE`].
    pub fn care_when_idle_for(mut self, idle: Duration) -> Self {
        self.care_idle = idle;
        self
    }

    /// One step, reporting damage it meets to the notifier (once).
    pub fn step(&self) -> Result<Tick, StoreError> {
        let result = self.tick();
        let mut reported = self
            .damage_reported
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match &result {
            Err(StoreError::Corrupt(what)) if !*reported => {
                *reported = true;
                self.notifier.damaged(what);
            }
            Err(_) => {}
            Ok(_) => *reported = false,
        }
        result
    }

    /// The day's backup and the weekly full check, when the store is idle.
    fn care(&self, now: DateTime<Utc>, zone: Tz) -> Result<(), StoreError> {
        if self.store.path().is_none() || self.store.idle_for() < self.care_idle {
            return Ok(());
        }
        {
            let mut after = self.care_after.lock().unwrap_or_else(|e| e.into_inner());
            if after.is_some_and(|at| now < at) {
                return Ok(());
            }
            *after = Some(now + CARE_EVERY);
        }
        match self.store.scheduled_backup(now, zone) {
            Ok(Some(backup)) => {
                tracing::info!(path = %backup.path.display(), "daily backup taken");
            }
            Ok(None) => {}
            Err(error @ StoreError::Corrupt(_)) => return Err(error),
            Err(error) => {
                tracing::warn!(%error, "the daily backup failed; trying again in an hour");
                *self.care_after.lock().unwrap_or_else(|e| e.into_inner()) = Some(now + CARE_RETRY);
            }
        }
        if self.store.full_check_due(now)? {
            let check = self.store.check()?;
            if let Some(problem) = check.summary() {
                tracing::warn!(%problem, "the weekly check found a problem");
            }
            self.store.record_full_check(now)?;
        }
        Ok(())
    }

    /// One step: follow a time-zone change, claim and show what is due,
    /// and say how long to sleep. Blocking; the loop runs it off the async
    /// workers.
    pub fn tick(&self) -> Result<Tick, StoreError> {
        let zone = self.clock.zone();
        let zone_changed = {
            let mut last = self.last_zone.lock().unwrap_or_else(|e| e.into_inner());
            let changed = *last != Some(zone);
            *last = Some(zone);
            changed
        };
        if zone_changed {
            let moved = self.store.reresolve_floating(zone)?;
            if moved > 0 {
                tracing::info!(zone = zone.name(), moved, "floating follow-ups re-resolved");
            }
        }

        let now = self.clock.now();
        let today = now.with_timezone(&zone).date_naive();
        let stale = {
            let mut day = self.stages_day.lock().unwrap_or_else(|e| e.into_inner());
            let stale = *day != Some(today);
            *day = Some(today);
            stale
        };
        if stale {
            let changed = self.store.recompute_stages(now)?;
            tracing::info!(changed, "stages re-derived for the day");
            let purged = self.store.purge_trash(now)?;
            if purged > 0 {
                tracing::info!(purged, "people deleted 30 days ago removed from the trash");
            }
        }

        self.care(now, zone)?;
        // A meeting that has begun is a touch (it was read ahead).
        if self.store.settle_meetings(now)? {
            tracing::info!("meetings that began are touches now");
        }

        let settings = self.store.settings()?;
        let held = settings.held_until(now, zone);
        let mut shown = Vec::new();
        if held.is_ok() {
            let claimed = self.store.claim_due(now, settings.grace(), zone)?;
            let (missed, due): (Vec<_>, Vec<_>) = claimed.into_iter().partition(|r| r.missed);
            if !missed.is_empty() {
                tracing::info!(
                    count = missed.len(),
                    "reminders past the grace period listed as missed"
                );
            }
            let reminders = if due.len() > SUMMARY_OVER {
                vec![Reminder::Summary(due)]
            } else {
                due.into_iter().map(Reminder::Single).collect()
            };
            let mut reminders = reminders;
            if let Some(notice) = self.plan_notice(now, zone)? {
                reminders.push(notice);
            }
            for reminder in reminders {
                match self.notifier.show(&reminder) {
                    Ok(()) => {
                        self.store
                            .mark_shown(&reminder.reminder_ids(), self.clock.now())?;
                        shown.push(reminder);
                    }
                    // Not retried: showing it later could show it twice. The
                    // follow-up is still due in Today.
                    Err(error) => tracing::warn!(%error, "reminder not shown"),
                }
            }
        }

        let now = self.clock.now();
        let wake = match held {
            Ok(()) => {
                let due = self.store.next_unclaimed_due(zone)?;
                let date = self.store.next_date_reminder(now, zone)?;
                match (due, date) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
            Err(until) => until,
        };
        let sleep = wake
            .map(|at| (at - now).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(MAX_SLEEP)
            .min(MAX_SLEEP);
        Ok(Tick { shown, sleep })
    }

    /// Today's plan notification, once the morning time has come (claimed
    /// once a day), naming who is in the plan and not done yet. Nothing
    /// when the plan is empty or all done.
    fn plan_notice(&self, now: DateTime<Utc>, zone: Tz) -> Result<Option<Reminder>, StoreError> {
        let Some(reminder_id) = self.store.claim_plan_notice(now, zone)? else {
            return Ok(None);
        };
        let plan = self.store.plan(now, zone)?;
        let names: Vec<String> = plan
            .items
            .into_iter()
            .filter(|i| !i.done)
            .map(|i| i.name)
            .collect();
        Ok((!names.is_empty()).then_some(Reminder::Plan {
            reminder_id: crate::domain::ReminderId(reminder_id),
            names,
        }))
    }

    /// The handle for a scheduler that is not running yet, and the inbox
    /// [`Scheduler::spawn`] starts it with. Separate so the handle can be
    /// shared before the first step runs.
    pub fn channel() -> (SchedulerHandle, SchedulerInbox) {
        let (tx, commands) = mpsc::unbounded_channel();
        let (running, finished) = watch::channel(());
        (
            SchedulerHandle { tx, finished },
            SchedulerInbox { commands, running },
        )
    }

    /// Starts the loop on the current tokio runtime.
    pub fn spawn(self, inbox: SchedulerInbox) {
        tokio::spawn(self.run(inbox.commands, inbox.running));
    }

    /// The loop. `_running` is dropped when it ends, which is how
    /// [`SchedulerHandle::stop`] knows it has.
    async fn run(
        self,
        mut commands: mpsc::UnboundedReceiver<SchedulerCommand>,
        _running: watch::Sender<()>,
    ) {
        let mut backoff = FIRST_BACKOFF;
        loop {
            let step = self.clone();
            let sleep = match tokio::task::spawn_blocking(move || step.step()).await {
                Ok(Ok(tick)) => {
                    backoff = FIRST_BACKOFF;
                    // Read by the real-window tests, which wait for a whole
                    // step after a notification to see it is not shown again.
                    tracing::debug!(
                        shown = tick.shown.len(),
                        sleep_ms = tick.sleep.as_millis() as u64,
                        "scheduler step done"
                    );
                    tick.sleep
                }
                Ok(Err(error)) => {
                    tracing::error!(%error, retry_in = ?backoff, "scheduler step failed");
                    next_backoff(&mut backoff)
                }
                Err(error) => {
                    tracing::error!(%error, retry_in = ?backoff, "scheduler step panicked");
                    next_backoff(&mut backoff)
                }
            };
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                command = commands.recv() => match command {
                    Some(SchedulerCommand::Reschedule) => {}
                    Some(SchedulerCommand::Stop) | None => break,
                },
            }
        }
        tracing::info!("scheduler stopped");
    }
}

/// Returns the current retry delay and doubles the next one, up to a minute.
fn next_backoff(backoff: &mut Duration) -> Duration {
    let current = *backoff;
    *backoff = (current * 2).min(MAX_SLEEP);
    current
}

/// What a scheduler loop listens to; see [`Scheduler::channel`].
#[derive(Debug)]
pub struct SchedulerInbox {
    commands: mpsc::UnboundedReceiver<SchedulerCommand>,
    running: watch::Sender<()>,
}

/// Controls a running scheduler.
#[derive(Debug, Clone)]
pub struct SchedulerHandle {
    tx: mpsc::UnboundedSender<SchedulerCommand>,
    finished: watch::Receiver<()>,
}

impl SchedulerHandle {
    /// Asks the scheduler to re-evaluate now.
    pub fn reschedule(&self) {
        // A send fails only when the loop has ended, i.e. during shutdown.
        let _ = self.tx.send(SchedulerCommand::Reschedule);
    }

    /// Stops the loop and waits for it to finish its current step, at most
    /// [`STOP_WAIT`] (a step stuck on a busy database must not hold up
    /// quitting; whatever it had not committed is rolled back).
    pub async fn stop(&self) {
        let _ = self.tx.send(SchedulerCommand::Stop);
        let mut finished = self.finished.clone();
        // `changed` fails once the loop has dropped its sender, i.e. ended.
        let ended = async { while finished.changed().await.is_ok() {} };
        if tokio::time::timeout(STOP_WAIT, ended).await.is_err() {
            tracing::warn!("the scheduler did not stop in time; quitting without it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FakeClock;
    use crate::domain::{FollowUpDraft, PersonDraft, PersonId};
    use crate::notify::RecordingNotifier;
    use crate::when::{LocalIntent, Zone};
    use chrono::{DateTime, Duration as Span, TimeZone, Utc};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
    }

    struct World {
        store: Arc<Store>,
        clock: Arc<FakeClock>,
        notifier: Arc<RecordingNotifier>,
        scheduler: Scheduler,
        ada: PersonId,
    }

    fn world() -> World {
        let store = Arc::new(Store::open_in_memory().unwrap());
        let clock = Arc::new(FakeClock::new(t0(), Tz::UTC));
        let notifier = Arc::new(RecordingNotifier::default());
        let scheduler = Scheduler::new(store.clone(), clock.clone(), notifier.clone());
        let ada = store
            .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
            .unwrap();
        // Most tests are about firing, not about the night or the plan.
        store
            .save_settings(&crate::store::Settings {
                quiet_hours: None,
                plan_time: None,
                ..Default::default()
            })
            .unwrap();
        World {
            store,
            clock,
            notifier,
            scheduler,
            ada,
        }
    }

    impl World {
        /// Ada's message from yesterday: a reply owed, so she is in the plan.
        fn ada_wrote_yesterday(&self) {
            let touch = crate::domain::TouchDraft::new(
                self.ada,
                crate::domain::TouchKind::Message,
                crate::domain::Channel::Email,
                crate::domain::Direction::In,
                t0() - Span::days(1),
                None,
            )
            .unwrap();
            self.store.log_touch(&touch, t0() - Span::days(1)).unwrap();
        }

        /// Ada's birthday, as a yearly date reads it (`1815-03-04`, `03-04`).
        fn ada_born(&self, date: &str) {
            let birthday = crate::dates::parse_yearly(date).unwrap();
            self.store
                .set_yearly_date(
                    self.ada,
                    crate::store::YearlyDate::Birthday,
                    Some(birthday),
                    t0(),
                )
                .unwrap();
        }

        fn follow_up_at(&self, at: DateTime<Utc>, what: &str) -> crate::FollowUpId {
            let due = LocalIntent::at_instant(at, Zone::Floating, Tz::UTC);
            let draft = FollowUpDraft::new(self.ada, what, due, None).unwrap();
            self.store
                .create_follow_up(&draft, Tz::UTC, self.clock.now())
                .unwrap()
        }
    }

    #[test]
    fn the_morning_plan_notification_comes_once_a_day_after_its_time() {
        let w = world();
        w.ada_wrote_yesterday();
        w.store
            .save_settings(&crate::store::Settings {
                quiet_hours: None,
                ..Default::default()
            })
            .unwrap();
        let plans = || {
            w.notifier
                .shown()
                .into_iter()
                .filter(|r| matches!(r, Reminder::Plan { .. }))
                .collect::<Vec<_>>()
        };
        // 08:00 UTC: before the 09:00 default.
        w.clock.set(t0() - Span::hours(2));
        w.scheduler.tick().unwrap();
        assert!(plans().is_empty());
        w.clock.set(t0() - Span::minutes(59));
        w.scheduler.tick().unwrap();
        w.scheduler.tick().unwrap();
        let shown = plans();
        assert_eq!(shown.len(), 1, "once, however many steps run");
        assert_eq!(shown[0].title(), "Today's plan: 1 person");
        assert_eq!(shown[0].body(), "Ada Lovelace");
        // The next morning, again once.
        w.clock.set(t0() + Span::days(1) - Span::minutes(59));
        w.scheduler.tick().unwrap();
        w.scheduler.tick().unwrap();
        assert_eq!(plans().len(), 2);
    }

    #[test]
    fn the_plan_notification_waits_for_quiet_hours_to_end() {
        let w = world();
        w.ada_wrote_yesterday();
        w.store
            .save_settings(&crate::store::Settings {
                quiet_hours: Some(crate::store::QuietHours {
                    start: chrono::NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
                    end: chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
                }),
                ..Default::default()
            })
            .unwrap();
        let plan_notices = || {
            w.notifier
                .shown()
                .iter()
                .filter(|r| matches!(r, Reminder::Plan { .. }))
                .count()
        };
        w.clock.set(t0() - Span::minutes(50));
        w.scheduler.tick().unwrap();
        assert_eq!(plan_notices(), 0, "09:10 is still quiet");
        w.clock.set(t0() - Span::minutes(29));
        w.scheduler.tick().unwrap();
        assert_eq!(plan_notices(), 1);
    }

    #[test]
    fn the_daily_pass_purges_people_deleted_thirty_days_ago() {
        let w = world();
        w.store.trash_person(w.ada, t0() - Span::days(31)).unwrap();
        let grace = w
            .store
            .create_person(&PersonDraft::named("Grace Hopper").unwrap(), t0())
            .unwrap();
        w.store.trash_person(grace, t0() - Span::days(2)).unwrap();
        w.scheduler.tick().unwrap();
        let left: Vec<String> = w
            .store
            .trash()
            .unwrap()
            .into_iter()
            .map(|e| e.display_name)
            .collect();
        assert_eq!(left, ["Grace Hopper"]);
    }

    #[test]
    fn an_idle_store_is_backed_up_once_a_day_and_checked_weekly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("kith.db")).unwrap());
        store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        let clock = Arc::new(FakeClock::new(t0(), Tz::UTC));
        let notifier = Arc::new(RecordingNotifier::default());
        let busy = Scheduler::new(store.clone(), clock.clone(), notifier.clone());
        busy.step().unwrap();
        assert!(
            store.backups().unwrap().is_empty(),
            "not while writes are recent"
        );

        let idle = busy.care_when_idle_for(Duration::ZERO);
        idle.step().unwrap();
        let backups = store.backups().unwrap();
        assert_eq!(backups.len(), 1);
        assert!(!store.full_check_due(t0()).unwrap(), "the full check ran");
        clock.advance(Span::hours(2));
        idle.step().unwrap();
        assert_eq!(store.backups().unwrap().len(), 1, "one a day");
        clock.advance(Span::days(1));
        idle.step().unwrap();
        assert_eq!(store.backups().unwrap().len(), 2);
        assert!(notifier.damage().is_empty());
    }

    #[test]
    fn damage_met_by_a_step_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::health::tests::filled(dir.path(), 2000);
        let store = Arc::new(Store::open(&db).unwrap());
        let pages = std::fs::metadata(&db).unwrap().len() / 4096;
        crate::store::health::tests::damage_pages(&db, 2, pages);
        let clock = Arc::new(FakeClock::new(t0(), Tz::UTC));
        let notifier = Arc::new(RecordingNotifier::default());
        let scheduler = Scheduler::new(store.clone(), clock, notifier.clone())
            .care_when_idle_for(Duration::ZERO);
        assert!(matches!(scheduler.step(), Err(StoreError::Corrupt(_))));
        assert!(matches!(scheduler.step(), Err(StoreError::Corrupt(_))));
        assert_eq!(notifier.damage().len(), 1, "{:?}", notifier.damage());
        assert!(store.problem().is_some());
    }

    #[test]
    fn a_due_follow_up_fires_once_naming_the_person() {
        let w = world();
        w.follow_up_at(t0() + Span::seconds(30), "Ask how the launch went");
        let tick = w.scheduler.tick().unwrap();
        assert!(tick.shown.is_empty());
        assert_eq!(tick.sleep, Duration::from_secs(30));
        w.clock.advance(Span::seconds(30));
        let tick = w.scheduler.tick().unwrap();
        assert_eq!(tick.shown.len(), 1);
        assert_eq!(tick.shown[0].title(), "Follow up with Ada Lovelace");
        assert_eq!(tick.shown[0].body(), "Ask how the launch went");
        w.clock.advance(Span::seconds(30));
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
        assert_eq!(w.notifier.shown().len(), 1);
    }

    #[test]
    fn a_keep_in_touch_date_fires_once_through_the_same_path() {
        let w = world();
        let draft = PersonDraft::named("Grace Hopper")
            .unwrap()
            .with_cadence(Some(2))
            .unwrap();
        w.store.create_person(&draft, t0()).unwrap();
        // Added on 1 March with a two-day cadence: due 3 March at 09:00.
        w.clock
            .set(Utc.with_ymd_and_hms(2026, 3, 3, 8, 59, 0).unwrap());
        let tick = w.scheduler.tick().unwrap();
        assert!(tick.shown.is_empty());
        assert_eq!(tick.sleep, Duration::from_secs(60));
        w.clock.advance(Span::minutes(1));
        let tick = w.scheduler.tick().unwrap();
        assert_eq!(tick.shown.len(), 1);
        assert_eq!(tick.shown[0].title(), "Keep in touch with Grace Hopper");
        assert!(
            tick.shown[0].body().contains("every 2 days"),
            "{}",
            tick.shown[0].body()
        );
        w.clock.advance(Span::hours(1));
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
    }

    #[test]
    fn a_birthday_fires_once_through_the_same_path_and_is_planned() {
        let w = world();
        w.ada_born("1815-03-04");
        let morning = Utc.with_ymd_and_hms(2026, 3, 4, 9, 0, 0).unwrap();
        let planned = upcoming(&w.store, t0(), t0(), t0() + Span::days(7), Tz::UTC).unwrap();
        assert_eq!(planned.len(), 1);
        assert_eq!(planned[0].fires_at, Some(morning));
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
        w.clock.advance(morning - t0() - Span::seconds(30));
        assert_eq!(w.scheduler.tick().unwrap().sleep, Duration::from_secs(30));
        w.clock.advance(Span::seconds(30));
        let tick = w.scheduler.tick().unwrap();
        assert_eq!(tick.shown.len(), 1);
        assert_eq!(tick.shown[0].title(), "Ada Lovelace's birthday");
        assert_eq!(tick.shown[0].body(), "Birthday today (turns 211)");
        w.clock.advance(Span::hours(1));
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
        assert_eq!(w.notifier.shown().len(), 1);
    }

    #[test]
    fn a_birthday_in_quiet_hours_waits_for_them_to_end_and_shows_once() {
        let w = world();
        w.ada_born("03-04");
        // The morning time falls in the quiet hours (21:00-08:00 UTC).
        w.store
            .save_settings(&crate::store::Settings {
                plan_time: chrono::NaiveTime::from_hms_opt(7, 0, 0),
                ..Default::default()
            })
            .unwrap();
        let birthdays = || {
            w.notifier
                .shown()
                .into_iter()
                .filter(|r| r.title() == "Ada Lovelace's birthday")
                .count()
        };
        w.clock
            .set(Utc.with_ymd_and_hms(2026, 3, 4, 7, 30, 0).unwrap());
        w.scheduler.tick().unwrap();
        assert_eq!(birthdays(), 0, "held by the quiet hours");
        w.clock
            .set(Utc.with_ymd_and_hms(2026, 3, 4, 8, 0, 0).unwrap());
        w.scheduler.tick().unwrap();
        w.scheduler.tick().unwrap();
        assert_eq!(birthdays(), 1, "shown when they end, once");
    }

    #[test]
    fn sleep_is_capped_at_a_minute() {
        let w = world();
        w.follow_up_at(t0() + Span::hours(5), "Later");
        assert_eq!(w.scheduler.tick().unwrap().sleep, MAX_SLEEP);
    }

    #[test]
    fn a_gap_catches_up_once_and_bursts_become_a_summary() {
        let w = world();
        for minutes in 1..=5 {
            w.follow_up_at(t0() + Span::minutes(minutes), &format!("item {minutes}"));
        }
        // The machine sleeps for eight hours; on wake everything due fires.
        w.clock.advance(Span::hours(8));
        let tick = w.scheduler.tick().unwrap();
        assert_eq!(tick.shown.len(), 1);
        assert_eq!(tick.shown[0].title(), "5 follow-ups are due");
        assert_eq!(tick.shown[0].occurrences().len(), 5);
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
    }

    #[test]
    fn three_at_once_are_shown_one_by_one() {
        let w = world();
        for minutes in 1..=3 {
            w.follow_up_at(t0() + Span::minutes(minutes), "x");
        }
        w.clock.advance(Span::hours(1));
        assert_eq!(w.scheduler.tick().unwrap().shown.len(), 3);
    }

    #[test]
    fn snoozing_fires_again_at_the_new_time() {
        let w = world();
        let id = w.follow_up_at(t0(), "Call back");
        assert_eq!(w.scheduler.tick().unwrap().shown.len(), 1);
        let until = w.clock.now() + Span::days(1);
        w.store
            .snooze_follow_up(id, until, Tz::UTC, w.clock.now())
            .unwrap();
        w.clock.set(until - Span::seconds(1));
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
        w.clock.set(until);
        assert_eq!(w.scheduler.tick().unwrap().shown.len(), 1);
        assert_eq!(w.notifier.shown().len(), 2);
    }

    #[test]
    fn a_claimed_item_is_never_shown_again_even_if_showing_failed() {
        struct Failing;
        impl Notifier for Failing {
            fn show(&self, _: &Reminder) -> Result<(), crate::NotifyError> {
                Err(crate::NotifyError("no notification service".into()))
            }

            fn damaged(&self, _: &str) {}
        }
        let w = world();
        w.follow_up_at(t0(), "x");
        let failing = Scheduler::new(w.store.clone(), w.clock.clone(), Arc::new(Failing));
        assert!(failing.tick().unwrap().shown.is_empty());
        // A later scheduler (say after a restart) does not show it again...
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
        // ...but it is still due, for the Today view.
        let due = w
            .store
            .follow_ups(crate::store::FollowUpFilter::DueBy(w.clock.now()))
            .unwrap();
        assert_eq!(due.len(), 1);
    }

    #[test]
    fn paused_reminders_wait_for_the_pause_to_end() {
        let w = world();
        w.follow_up_at(t0(), "x");
        w.store
            .pause_reminders(Some(t0() + Span::seconds(20)))
            .unwrap();
        let tick = w.scheduler.tick().unwrap();
        assert!(tick.shown.is_empty());
        assert_eq!(tick.sleep, Duration::from_secs(20));
        w.clock.advance(Span::seconds(20));
        assert_eq!(w.scheduler.tick().unwrap().shown.len(), 1);
    }

    #[test]
    fn disabled_reminders_show_nothing() {
        let w = world();
        w.follow_up_at(t0(), "x");
        let mut settings = w.store.settings().unwrap();
        settings.reminders_enabled = false;
        w.store.save_settings(&settings).unwrap();
        assert!(w.scheduler.tick().unwrap().shown.is_empty());
        assert!(w.notifier.shown().is_empty());
    }

    #[test]
    fn a_zone_change_moves_floating_follow_ups() {
        let w = world();
        let due = LocalIntent::new(
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(11, 0, 0)
                .unwrap(),
            Zone::Floating,
        );
        let draft = FollowUpDraft::new(w.ada, "x", due, None).unwrap();
        w.store.create_follow_up(&draft, Tz::UTC, t0()).unwrap();
        w.scheduler.tick().unwrap();
        // In Berlin (UTC+1) 11:00 local is 10:00Z: due now.
        w.clock.set_zone(chrono_tz::Europe::Berlin);
        assert_eq!(w.scheduler.tick().unwrap().shown.len(), 1);
    }

    /// A clock that follows tokio's (paused) time from a base instant.
    struct TokioClock {
        base: DateTime<Utc>,
        start: tokio::time::Instant,
    }

    impl Clock for TokioClock {
        fn now(&self) -> DateTime<Utc> {
            let elapsed = tokio::time::Instant::now() - self.start;
            self.base + Span::from_std(elapsed).unwrap()
        }
        fn zone(&self) -> Tz {
            Tz::UTC
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_loop_fires_on_time_and_stops_cleanly() {
        let store = Arc::new(Store::open_in_memory().unwrap());
        let clock = Arc::new(TokioClock {
            base: t0(),
            start: tokio::time::Instant::now(),
        });
        let notifier = Arc::new(RecordingNotifier::default());
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        store
            .save_settings(&crate::store::Settings {
                plan_time: None,
                ..Default::default()
            })
            .unwrap();
        let (handle, inbox) = Scheduler::channel();
        Scheduler::new(store.clone(), clock.clone(), notifier.clone()).spawn(inbox);
        // Created after the loop started: the reschedule makes it fire on
        // time instead of at the next one-minute wake.
        let due = LocalIntent::at_instant(t0() + Span::seconds(5), Zone::Floating, Tz::UTC);
        store
            .create_follow_up(
                &FollowUpDraft::new(ada, "x", due, None).unwrap(),
                Tz::UTC,
                t0(),
            )
            .unwrap();
        handle.reschedule();
        tokio::time::sleep(Duration::from_millis(4_900)).await;
        assert!(notifier.shown().is_empty());
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(notifier.shown().len(), 1);
        tokio::time::sleep(Duration::from_secs(600)).await;
        assert_eq!(notifier.shown().len(), 1);
        handle.stop().await;
    }

    // Real time: a step on the blocking pool holds paused time still.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn stopping_does_not_wait_forever_for_a_stuck_step() {
        /// A notification service that hangs until released.
        struct Hanging(std::sync::Mutex<std::sync::mpsc::Receiver<()>>);
        impl Notifier for Hanging {
            fn show(&self, _: &Reminder) -> Result<(), crate::NotifyError> {
                let _ = self.0.lock().unwrap().recv_timeout(STOP_WAIT * 4);
                Ok(())
            }
            fn damaged(&self, _: &str) {}
        }
        let w = world();
        w.follow_up_at(t0() - Span::minutes(1), "x");
        let (release, hang) = std::sync::mpsc::channel();
        let (handle, inbox) = Scheduler::channel();
        Scheduler::new(
            w.store.clone(),
            w.clock.clone(),
            Arc::new(Hanging(std::sync::Mutex::new(hang))),
        )
        .spawn(inbox);
        // Let the first step reach the hanging notification.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = tokio::time::Instant::now();
        handle.stop().await;
        assert!(started.elapsed() >= STOP_WAIT, "it waited for the step");
        assert!(started.elapsed() < STOP_WAIT * 2, "then gave up");
        release.send(()).unwrap();
    }
}
