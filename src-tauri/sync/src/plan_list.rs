//! Today's plan as a task list of its own on the server ("Kith — today", a
//! setting), to be worked from any phone's task app (iOS Reminders,
//! tasks.org or jtx Board through DAVx5, Thunderbird): one `VTODO` per
//! person in the plan, due today, saying whom and the next step, with the
//! reason and the drafted message as its description.
//!
//! - A task completed elsewhere marks the plan item done here at the next
//!   sync, logging the touch the plan suggests (as Done does in the window);
//!   one ticked here shows as completed there.
//! - A task deleted elsewhere is "Not today": the plan backfills, and the
//!   person who takes the place arrives as a new task in the same sync.
//! - Only today's plan is listed, so yesterday's tasks leave the list at
//!   the first sync of a new day (one completed elsewhere in between still
//!   logs its touch first).
//! - Turned off, every task goes and the list is forgotten.
//!
//! A task's uid holds the day and the person's vCard UID (the link back to
//! the person in the address book), so two computers planning the same
//! person on the same day share one task.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use kith_core::domain::InputError;
use kith_core::plan::Reason;
use kith_core::store::{NewConflict, PlanItem, Side, SyncItem};
use kith_core::{Store, StoreError};
use kith_exchange::calendar::{stamp, Component};
use kith_exchange::content::escape;
use kith_exchange::content::Line;
use serde::{Deserialize, Serialize};

use crate::engine::{Kind, Local, Remote};
use crate::merge::Merged;
use crate::SyncError;

pub(crate) const COLLECTION: &str = "plan";
/// The property holding the person's vCard UID.
const PERSON: &str = "X-KITH-PERSON";
/// The property holding the plan's day, `YYYY-MM-DD`.
const DAY: &str = "X-KITH-DAY";
/// Longest summary written (a task app shows one line).
const SUMMARY_CHARS: usize = 90;

/// One task of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PlanTask {
    /// The plan's day, `YYYY-MM-DD`; empty for a task another app added.
    pub day: String,
    /// The person's vCard UID.
    pub person: String,
    /// The person and the next step.
    pub summary: String,
    /// The reason, then the drafted message.
    pub description: String,
    pub done: bool,
}

pub(crate) struct PlanList {
    pub now: DateTime<Utc>,
    pub zone: Tz,
    /// Off: the list is being taken down (every task goes).
    pub on: bool,
}

fn task_uid(day: &str, person: &str) -> String {
    format!("kith-plan-{day}-{person}")
}

/// The day and person a task's uid names, if it is one of Kith's.
fn parse_uid(uid: &str) -> Option<(NaiveDate, &str)> {
    let rest = uid.strip_prefix("kith-plan-")?;
    let day = rest.get(..10)?.parse().ok()?;
    let person = rest.get(10..)?.strip_prefix('-')?;
    (!person.is_empty()).then_some((day, person))
}

/// "Maya Lund — Send a personal welcome": whom, and the step in a line.
fn summary(item: &PlanItem) -> String {
    let step = match item.reason {
        // The next step is a drafted message: the task says what to do
        // with it, the description holds it.
        Reason::Welcome => "send a personal welcome".to_owned(),
        Reason::Date => "write to them for the day".to_owned(),
        Reason::Prep => match &item.meeting {
            Some(m) => format!(
                "prepare for {}",
                m.title.as_deref().unwrap_or("the meeting")
            ),
            None => "prepare for the meeting".to_owned(),
        },
        _ => item
            .next
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    let text = format!("{} — {step}", item.name);
    if text.chars().count() <= SUMMARY_CHARS {
        text
    } else {
        let mut cut: String = text.chars().take(SUMMARY_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// Text as a task app gives it back: one kind of line end, no trailing
/// blanks.
fn normal(text: &str) -> String {
    text.replace("\r\n", "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

impl PlanList {
    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
    }
}

impl Kind for PlanList {
    type Fields = PlanTask;
    const COLLECTION: &'static str = COLLECTION;
    const CONTENT_TYPE: &'static str = "text/calendar; charset=utf-8; component=VTODO";
    const EXTENSION: &'static str = "ics";
    const NOUN: &'static str = "plan tasks";
    // A new day replaces the whole list: no deletion guard.
    const MIRROR: bool = true;

    fn local(&self, store: &Store) -> Result<Vec<Local<PlanTask>>, SyncError> {
        if !self.on {
            return Ok(Vec::new());
        }
        let plan = store.plan(self.now, self.zone)?;
        let people: Vec<_> = plan.items.iter().map(|i| i.person).collect();
        let uids = store.person_uids(&people)?;
        let day = plan.day.to_string();
        Ok(plan
            .items
            .iter()
            .filter_map(|item| {
                // The sample network's people never leave this computer.
                let person = uids.get(&item.person)?;
                Some(Local {
                    uid: task_uid(&day, person),
                    fields: PlanTask {
                        day: day.clone(),
                        person: person.clone(),
                        summary: normal(&summary(item)),
                        description: normal(&format!("{}\n\n{}", item.why, item.next)),
                        done: item.done,
                    },
                    updated_at: self.now,
                })
            })
            .collect())
    }

    fn read(&self, data: &str) -> Option<Remote<PlanTask>> {
        let calendar = Component::parse(data)?;
        let todo = calendar.children.iter().find(|c| c.name == "VTODO")?;
        let done = todo
            .text("STATUS")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("COMPLETED"))
            || todo.props.first("COMPLETED").is_some()
            || todo
                .text("PERCENT-COMPLETE")
                .is_some_and(|p| p.trim() == "100");
        Some(Remote {
            uid: todo.text("UID"),
            fields: PlanTask {
                day: todo.text(DAY).unwrap_or_default().trim().to_owned(),
                person: todo.text(PERSON).unwrap_or_default().trim().to_owned(),
                summary: normal(&todo.text("SUMMARY").unwrap_or_default()),
                description: normal(&todo.text("DESCRIPTION").unwrap_or_default()),
                done,
            },
            changed_at: None,
        })
    }

    fn foreign(&self, fields: &PlanTask) -> bool {
        fields.person.is_empty() || fields.day.is_empty()
    }

    fn label(&self, _store: &Store, fields: &PlanTask) -> Result<String, SyncError> {
        Ok(fields.summary.clone())
    }

    fn same(&self, a: &PlanTask, b: &PlanTask) -> bool {
        a == b
    }

    /// Kith's words stay; done on either side is done.
    fn merge(
        &self,
        _base: Option<&PlanTask>,
        here: &PlanTask,
        server: &PlanTask,
        _: Side,
    ) -> Merged<PlanTask> {
        Merged {
            fields: PlanTask {
                done: here.done || server.done,
                ..here.clone()
            },
            conflicts: Vec::new(),
        }
    }

    fn apply(
        &self,
        store: &Store,
        fields: &PlanTask,
        item: &SyncItem,
        _conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, SyncError> {
        // A task another app added to the list is left alone.
        let Ok(day) = fields.day.parse::<NaiveDate>() else {
            return Ok(None);
        };
        let Some(person) = store.person_by_uid(&fields.person)? else {
            return Ok(None);
        };
        let mut ticked = false;
        if fields.done {
            match store.plan_done_on(person, day, now, self.zone) {
                Ok(done) => ticked = done,
                // Not in that day's plan (skipped here meanwhile, or another
                // computer's pick): nothing to tick.
                Err(StoreError::Input(InputError::NotInPlan)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        store.save_sync_item(COLLECTION, item)?;
        Ok(Some(ticked))
    }

    fn remove(&self, store: &Store, uid: &str, now: DateTime<Utc>) -> Result<(), SyncError> {
        // Deleted elsewhere: "Not today" (a task of another day just goes).
        let Some((day, person)) = parse_uid(uid) else {
            return Ok(());
        };
        if day != self.today() {
            return Ok(());
        }
        let Some(person) = store.person_by_uid(person)? else {
            return Ok(());
        };
        match store.plan_skip(person, None, now, self.zone) {
            Ok(_) | Err(StoreError::Input(InputError::NotInPlan)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn write(
        &self,
        _remote: Option<&str>,
        uid: &str,
        task: &PlanTask,
        changed_at: DateTime<Utc>,
    ) -> String {
        let mut todo = Component::new("VTODO");
        let due = task.day.replace('-', "");
        let mut lines = vec![
            format!("UID:{}", escape(uid)),
            format!("DTSTAMP:{}", stamp(changed_at)),
            format!("LAST-MODIFIED:{}", stamp(changed_at)),
            format!("SUMMARY:{}", escape(&task.summary)),
            format!("DESCRIPTION:{}", escape(&task.description)),
            format!("DUE;VALUE=DATE:{due}"),
            "CATEGORIES:Kith".to_owned(),
        ];
        if task.done {
            lines.push("STATUS:COMPLETED".to_owned());
            lines.push(format!("COMPLETED:{}", stamp(changed_at)));
            lines.push("PERCENT-COMPLETE:100".to_owned());
        } else {
            lines.push("STATUS:NEEDS-ACTION".to_owned());
        }
        lines.push(format!("{PERSON}:{}", escape(&task.person)));
        lines.push(format!("{DAY}:{}", task.day));
        for text in lines {
            todo.props.lines.push(Line::own(text));
        }
        let mut calendar = Component::new("VCALENDAR");
        for text in ["VERSION:2.0", "PRODID:-//Kith//Kith//EN"] {
            calendar.props.lines.push(Line::own(text.to_owned()));
        }
        calendar.children.push(todo);
        calendar.to_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_uid_names_its_day_and_person() {
        let uid = task_uid("2026-12-06", "b1c9-44-maya");
        assert_eq!(
            parse_uid(&uid),
            Some(("2026-12-06".parse().unwrap(), "b1c9-44-maya"))
        );
        assert_eq!(parse_uid("kith-plan-2026-12-06"), None);
        assert_eq!(parse_uid("kith-plan-20261206-x"), None);
        assert_eq!(parse_uid("someone-elses-task"), None);
    }

    #[test]
    fn a_task_written_reads_back_the_same_and_done_on_either_side_is_done() {
        let list = PlanList {
            now: DateTime::UNIX_EPOCH,
            zone: Tz::UTC,
            on: true,
        };
        let task = PlanTask {
            day: "2026-12-06".into(),
            person: "uid-1".into(),
            summary: "Maya Lund — send a personal welcome".into(),
            description:
                "Connected today; no personal reply yet\n\nHi Maya, glad we met; talk soon".into(),
            done: false,
        };
        let text = list.write(
            None,
            "kith-plan-2026-12-06-uid-1",
            &task,
            DateTime::UNIX_EPOCH,
        );
        let read = list.read(&text).unwrap();
        assert_eq!(read.uid.as_deref(), Some("kith-plan-2026-12-06-uid-1"));
        assert_eq!(read.fields, task);
        // Completed the way Apple's Reminders and tasks.org write it.
        let completed = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED");
        let theirs = list.read(&completed).unwrap().fields;
        assert!(theirs.done);
        assert!(list.merge(None, &task, &theirs, Side::Here).fields.done);
        let percent = text.replace("STATUS:NEEDS-ACTION", "PERCENT-COMPLETE:100");
        assert!(list.read(&percent).unwrap().fields.done);
        // A task another app added to the list is not Kith's.
        let other = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:Buy milk\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        assert!(list.foreign(&list.read(other).unwrap().fields));
    }
}
