//! Today's plan across the boundary.

use kith_core::store::{Plan, PlanItem};
use serde::Serialize;
use ts_rs::TS;

/// One person in today's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanItemDto {
    pub person_id: i64,
    pub name: String,
    /// The reason identifier (`prep`, `follow-up`, `date`, `reply-owed`,
    /// `introduction`, `introduce`, `met-in-person`, `welcome`, `cooling`,
    /// `topic`, `reconnect`).
    pub reason: String,
    /// Why they were picked, in a sentence.
    pub why: String,
    /// The suggested next step (for a welcome, the drafted reply).
    pub next: String,
    pub done: bool,
    /// Where the next step goes (their profile, an e-mail with `next` as
    /// its text, a call), when Kith knows a way.
    pub reach: Option<crate::ReachDto>,
    /// The meeting a prep item is about.
    pub meeting: Option<crate::MeetingDto>,
}

impl From<PlanItem> for PlanItemDto {
    fn from(i: PlanItem) -> Self {
        Self {
            person_id: i.person.0,
            name: i.name,
            reason: i.reason.as_str().to_owned(),
            why: i.why,
            next: i.next,
            done: i.done,
            reach: i.reach.map(Into::into),
            meeting: i.meeting.map(Into::into),
        }
    }
}

/// Today's plan, with the streak and the week's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanDto {
    /// The local date, `YYYY-MM-DD`.
    pub day: String,
    pub items: Vec<PlanItemDto>,
    /// Days in a row whose plan was all done.
    pub streak: u32,
    pub week_touches: u64,
    pub weekly_goal: u32,
}

impl From<Plan> for PlanDto {
    fn from(p: Plan) -> Self {
        Self {
            day: p.day.to_string(),
            items: p.items.into_iter().map(Into::into).collect(),
            streak: p.streak,
            week_touches: p.week_touches,
            weekly_goal: p.weekly_goal,
        }
    }
}

/// The settings that shape the day, as `kith settings` shows and changes
/// them: the plan, its morning notification, the welcome window and quiet
/// hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DaySettingsDto {
    pub plan_size: u32,
    /// `HH:MM`, or null for no morning notification.
    pub plan_time: Option<String>,
    pub welcome_days: u32,
    /// `HH:MM-HH:MM`, or null for none.
    pub quiet_hours: Option<String>,
    /// The chosen backup folder, or null for `backups/` beside the
    /// database.
    pub backup_dir: Option<String>,
    /// Whether sync also shows open follow-ups as calendar events.
    pub calendar_mirror: bool,
    /// Whether sync also puts today's plan in the task list "Kith — today".
    pub plan_on_phone: bool,
    /// Days before a birthday, an anniversary and a named date their
    /// reminders come (0: on the day).
    pub birthday_days_before: u32,
    pub anniversary_days_before: u32,
    pub date_days_before: u32,
    /// The country national phone numbers are read as (`DE`), or null,
    /// with its calling code.
    pub home_country: Option<String>,
    pub calling_code: Option<u16>,
    /// Stored phone numbers written without their country code, and how
    /// many of them the home country placed.
    pub national_numbers: u64,
    pub national_placed: u64,
}

impl DaySettingsDto {
    pub fn new(s: &kith_core::store::Settings, numbers: kith_core::store::NationalNumbers) -> Self {
        Self {
            plan_size: s.plan_size,
            plan_time: s.plan_time.map(|t| t.format("%H:%M").to_string()),
            welcome_days: s.welcome_days,
            quiet_hours: s
                .quiet_hours
                .map(|q| format!("{}-{}", q.start.format("%H:%M"), q.end.format("%H:%M"))),
            backup_dir: s.backup_dir.as_ref().map(|d| d.display().to_string()),
            calendar_mirror: s.calendar_mirror,
            plan_on_phone: s.plan_on_phone,
            birthday_days_before: s.days_before.birthday,
            anniversary_days_before: s.days_before.anniversary,
            date_days_before: s.days_before.named,
            home_country: s.home_country.map(|c| c.code().to_owned()),
            calling_code: s.home_country.map(|c| c.calling_code()),
            national_numbers: numbers.total,
            national_placed: numbers.placed,
        }
    }
}
