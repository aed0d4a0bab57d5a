//! The dashboard's figures, each with the people behind it: the funnel by
//! stage and by health, movement over the last 30 and 90 days, touches per
//! week against the goal, the channel mix, what is due today and the
//! welcome queue.
//!
//! Stages and health here are derived from the touches at the moment of
//! asking (the same rules as everywhere), so a figure and its list of
//! people always agree.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

use super::rows::PersonRef;
use super::{from_secs, Result, Store};
use crate::domain::{Channel, Direction, PersonId, TouchKind};
use crate::stage::{derive, Health, Stage, TouchFact};
use crate::when::resolve_local;

/// The movement windows, in days.
pub const MOVEMENT_DAYS: [u32; 2] = [30, 90];
/// Weeks shown in the touches-per-week chart, the current one last.
pub const WEEKS: usize = 8;
/// Days the channel mix looks back.
pub const MIX_DAYS: i64 = 90;

/// How a touch reached them, for the channel mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mix {
    Online,
    Voice,
    InPerson,
}

impl Mix {
    pub const ALL: [Mix; 3] = [Mix::Online, Mix::Voice, Mix::InPerson];

    pub fn as_str(self) -> &'static str {
        match self {
            Mix::Online => "online",
            Mix::Voice => "voice",
            Mix::InPerson => "in-person",
        }
    }

    /// In person beats voice beats online (a video meeting is voice).
    pub fn of(kind: TouchKind, channel: Channel) -> Mix {
        if kind == TouchKind::Meeting || channel == Channel::InPerson {
            Mix::InPerson
        } else if matches!(kind, TouchKind::Call | TouchKind::Video)
            || matches!(channel, Channel::Phone | Channel::Video)
        {
            Mix::Voice
        } else {
            Mix::Online
        }
    }
}

/// One clickable figure of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Stage(Stage),
    Health(Health),
    /// Moved up at least one stage in the last N days.
    MovedUp(u32),
    /// Went cold in the last N days.
    WentCold(u32),
    /// Touched in the week at this index (0 = oldest shown).
    Week(usize),
    Mix(Mix),
    DueToday,
    Queue,
}

impl Figure {
    /// The figure's identifier: `stage:trusted`, `health:cold`,
    /// `moved-up:30`, `went-cold:90`, `week:7`, `mix:voice`, `due-today`,
    /// `queue`.
    pub fn id(self) -> String {
        match self {
            Figure::Stage(s) => format!("stage:{}", s.as_str()),
            Figure::Health(h) => format!("health:{}", h.as_str()),
            Figure::MovedUp(d) => format!("moved-up:{d}"),
            Figure::WentCold(d) => format!("went-cold:{d}"),
            Figure::Week(i) => format!("week:{i}"),
            Figure::Mix(m) => format!("mix:{}", m.as_str()),
            Figure::DueToday => "due-today".to_owned(),
            Figure::Queue => "queue".to_owned(),
        }
    }

    pub fn parse(text: &str) -> Option<Figure> {
        let (name, arg) = text.trim().split_once(':').unwrap_or((text.trim(), ""));
        let days = || arg.parse().ok().filter(|d| MOVEMENT_DAYS.contains(d));
        match name {
            "stage" => Stage::parse(arg).map(Figure::Stage),
            "health" => Health::parse(arg).map(Figure::Health),
            "moved-up" => days().map(Figure::MovedUp),
            "went-cold" => days().map(Figure::WentCold),
            "week" => arg.parse().ok().filter(|i| *i < WEEKS).map(Figure::Week),
            "mix" => Mix::ALL
                .into_iter()
                .find(|m| m.as_str() == arg)
                .map(Figure::Mix),
            "due-today" if arg.is_empty() => Some(Figure::DueToday),
            "queue" if arg.is_empty() => Some(Figure::Queue),
            _ => None,
        }
    }
}

/// Touches in one week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    /// The Monday it starts on, in the user's zone.
    pub starts: NaiveDate,
    pub touches: u64,
}

/// Who moved in one window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub days: u32,
    pub moved_up: u64,
    pub went_cold: u64,
}

/// Everything the dashboard draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub people: u64,
    pub by_stage: Vec<(Stage, u64)>,
    pub by_health: Vec<(Health, u64)>,
    pub movement: Vec<Movement>,
    pub weeks: Vec<Week>,
    pub weekly_goal: u32,
    /// Touches per channel group in the last [`MIX_DAYS`] days.
    pub mix: Vec<(Mix, u64)>,
    pub due_today: u64,
    pub queue: u64,
}

/// One person as the dashboard sees them.
struct Standing {
    stage: Stage,
    health: Health,
    moved_up: [bool; 2],
    went_cold: [bool; 2],
    weeks: [bool; WEEKS],
    mix: [bool; 3],
}

/// A touch with what the dashboard needs.
struct Fact {
    stage: TouchFact,
    channel: Channel,
}

/// The instants the week buckets start at, oldest first, in `zone`.
fn week_starts(now: DateTime<Utc>, zone: Tz) -> [(NaiveDate, DateTime<Utc>); WEEKS] {
    let today = now.with_timezone(&zone).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    std::array::from_fn(|i| {
        let day = monday - Duration::weeks((WEEKS - 1 - i) as i64);
        (day, resolve_local(day.and_time(NaiveTime::MIN), zone))
    })
}

fn standing(
    facts: &[Fact],
    cadence: Option<u32>,
    now: DateTime<Utc>,
    weeks: &[(NaiveDate, DateTime<Utc>); WEEKS],
) -> Standing {
    let at_time = |then: DateTime<Utc>| -> (Stage, Health) {
        let known: Vec<TouchFact> = facts
            .iter()
            .map(|f| f.stage)
            .filter(|f| f.at <= then)
            .collect();
        let stage = derive(&known, then).stage;
        let last = known.iter().map(|f| f.at).max();
        let health = Health::of(last, cadence.unwrap_or(stage.default_cadence_days()), then);
        (stage, health)
    };
    let (stage, health) = at_time(now);
    let mut moved_up = [false; 2];
    let mut went_cold = [false; 2];
    for (i, days) in MOVEMENT_DAYS.iter().enumerate() {
        let (before, was) = at_time(now - Duration::days(i64::from(*days)));
        moved_up[i] = stage > before;
        went_cold[i] = health == Health::Cold && was != Health::Cold;
    }
    let mut touched = [false; WEEKS];
    let mut mix = [false; 3];
    let mix_from = now - Duration::days(MIX_DAYS);
    for fact in facts
        .iter()
        .filter(|f| f.stage.kind != TouchKind::Connected && f.stage.at <= now)
    {
        if let Some(i) = weeks.iter().rposition(|(_, start)| fact.stage.at >= *start) {
            touched[i] = true;
        }
        if fact.stage.at >= mix_from {
            let group = Mix::of(fact.stage.kind, fact.channel);
            mix[Mix::ALL.iter().position(|m| *m == group).unwrap_or(0)] = true;
        }
    }
    Standing {
        stage,
        health,
        moved_up,
        went_cold,
        weeks: touched,
        mix,
    }
}

/// Visits every person with their standing; `on_touch` sees each touch
/// (for counts that are per touch rather than per person).
fn scan(
    conn: &Connection,
    now: DateTime<Utc>,
    zone: Tz,
    mut visit: impl FnMut(&PersonRef, &Standing),
    mut on_touch: impl FnMut(&Fact),
) -> Result<()> {
    let weeks = week_starts(now, zone);
    let mut people: HashMap<i64, (String, Option<u32>)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.display_name,
                coalesce(p.cadence_days, (SELECT min(t.cadence_days) FROM person_tag pt
                    JOIN tag t ON t.id = pt.tag_id WHERE pt.person_id = p.id))
         FROM person p",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
        let (id, person): (i64, (String, Option<u32>)) = row?;
        people.insert(id, person);
    }
    let mut settle = |people: &mut HashMap<i64, (String, Option<u32>)>, id: i64, facts: &[Fact]| {
        if let Some((name, cadence)) = people.remove(&id) {
            let person = PersonRef {
                id: PersonId(id),
                display_name: name,
            };
            visit(&person, &standing(facts, cadence, now, &weeks));
        }
    };
    let mut touches = conn.prepare_cached(
        "SELECT person_id, kind, direction, channel, happened_at FROM touch ORDER BY person_id",
    )?;
    let mut rows = touches.query([])?;
    let mut current = None;
    let mut facts: Vec<Fact> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if current != Some(id) {
            if let Some(previous) = current {
                settle(&mut people, previous, &facts);
            }
            current = Some(id);
            facts.clear();
        }
        // CHECK constraints keep these to known identifiers.
        let fact = Fact {
            stage: TouchFact {
                kind: row.get::<_, String>(1)?.parse().unwrap_or(TouchKind::Other),
                direction: row
                    .get::<_, String>(2)?
                    .parse()
                    .unwrap_or(Direction::Mutual),
                at: from_secs(row.get(4)?),
            },
            channel: row.get::<_, String>(3)?.parse().unwrap_or(Channel::Other),
        };
        on_touch(&fact);
        facts.push(fact);
    }
    if let Some(previous) = current {
        settle(&mut people, previous, &facts);
    }
    let untouched: Vec<i64> = people.keys().copied().collect();
    for id in untouched {
        settle(&mut people, id, &[]);
    }
    Ok(())
}

fn matches(figure: Figure, standing: &Standing) -> bool {
    let window = |days| MOVEMENT_DAYS.iter().position(|d| *d == days);
    match figure {
        Figure::Stage(stage) => standing.stage == stage,
        Figure::Health(health) => standing.health == health,
        Figure::MovedUp(days) => window(days).is_some_and(|i| standing.moved_up[i]),
        Figure::WentCold(days) => window(days).is_some_and(|i| standing.went_cold[i]),
        Figure::Week(i) => standing.weeks.get(i).copied().unwrap_or(false),
        Figure::Mix(mix) => Mix::ALL
            .iter()
            .position(|m| *m == mix)
            .is_some_and(|i| standing.mix[i]),
        Figure::DueToday | Figure::Queue => false,
    }
}

impl Store {
    /// Everything the dashboard draws, at `now` in `zone`.
    pub fn dashboard(&self, now: DateTime<Utc>, zone: Tz) -> Result<Dashboard> {
        let weeks = week_starts(now, zone);
        let mut board = Dashboard {
            people: 0,
            by_stage: Stage::ALL.iter().map(|s| (*s, 0)).collect(),
            by_health: [Health::Warm, Health::Cooling, Health::Cold]
                .iter()
                .map(|h| (*h, 0))
                .collect(),
            movement: MOVEMENT_DAYS
                .iter()
                .map(|days| Movement {
                    days: *days,
                    moved_up: 0,
                    went_cold: 0,
                })
                .collect(),
            weeks: weeks
                .iter()
                .map(|(starts, _)| Week {
                    starts: *starts,
                    touches: 0,
                })
                .collect(),
            weekly_goal: self.settings()?.weekly_goal,
            mix: Mix::ALL.iter().map(|m| (*m, 0)).collect(),
            due_today: self.due_today(now, zone)?.len() as u64,
            queue: self.welcome_queue(now, 0, 0)?.total,
        };
        let mix_from = now - Duration::days(MIX_DAYS);
        let mut counts = Vec::new();
        let mut week_counts = [0u64; WEEKS];
        let mut mix_counts = [0u64; 3];
        self.read(|conn| {
            scan(
                conn,
                now,
                zone,
                |_, standing| {
                    counts.push((
                        standing.stage,
                        standing.health,
                        standing.moved_up,
                        standing.went_cold,
                    ))
                },
                |fact| {
                    let at = fact.stage.at;
                    if fact.stage.kind == TouchKind::Connected || at > now {
                        return;
                    }
                    if let Some(i) = weeks.iter().rposition(|(_, start)| at >= *start) {
                        week_counts[i] += 1;
                    }
                    if at >= mix_from {
                        let group = Mix::of(fact.stage.kind, fact.channel);
                        if let Some(i) = Mix::ALL.iter().position(|m| *m == group) {
                            mix_counts[i] += 1;
                        }
                    }
                },
            )
        })?;
        board.people = counts.len() as u64;
        for (stage, health, moved_up, went_cold) in counts {
            board.by_stage[stage as usize - 1].1 += 1;
            if let Some(entry) = board.by_health.iter_mut().find(|(h, _)| *h == health) {
                entry.1 += 1;
            }
            for (i, movement) in board.movement.iter_mut().enumerate() {
                movement.moved_up += u64::from(moved_up[i]);
                movement.went_cold += u64::from(went_cold[i]);
            }
        }
        for (week, count) in board.weeks.iter_mut().zip(week_counts) {
            week.touches = count;
        }
        for (entry, count) in board.mix.iter_mut().zip(mix_counts) {
            entry.1 = count;
        }
        Ok(board)
    }

    /// The people behind one figure, by name (at most `limit`).
    pub fn dashboard_people(
        &self,
        figure: Figure,
        now: DateTime<Utc>,
        zone: Tz,
        limit: usize,
    ) -> Result<Vec<PersonRef>> {
        let mut people = match figure {
            Figure::DueToday => {
                let mut seen = std::collections::HashSet::new();
                self.due_today(now, zone)?
                    .into_iter()
                    .filter(|p| seen.insert(p.id))
                    .collect()
            }
            Figure::Queue => self
                .welcome_queue(now, 0, 1_000)?
                .entries
                .into_iter()
                .map(|e| PersonRef {
                    id: e.person,
                    display_name: e.display_name,
                })
                .collect(),
            _ => {
                let mut found = Vec::new();
                self.read(|conn| {
                    scan(
                        conn,
                        now,
                        zone,
                        |person, standing| {
                            if matches(figure, standing) {
                                found.push(person.clone());
                            }
                        },
                        |_| {},
                    )
                })?;
                found
            }
        };
        people.sort_by(|a: &PersonRef, b| {
            a.display_name
                .to_lowercase()
                .cmp(&b.display_name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        people.truncate(limit);
        Ok(people)
    }

    /// Who a follow-up or keep-in-touch date is due for by the end of
    /// today (the agenda's rule).
    fn due_today(&self, now: DateTime<Utc>, zone: Tz) -> Result<Vec<PersonRef>> {
        Ok(self.agenda(now, zone)?.people_due())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{log, t0};
    use crate::{FollowUpDraft, PersonDraft};
    use chrono_tz::Europe::Berlin;

    fn names(store: &Store, figure: &str, now: DateTime<Utc>) -> Vec<String> {
        store
            .dashboard_people(Figure::parse(figure).unwrap(), now, Berlin, 100)
            .unwrap()
            .into_iter()
            .map(|p| p.display_name)
            .collect()
    }

    #[test]
    fn figures_count_and_list_the_same_people() {
        let store = Store::open_in_memory().unwrap();
        let now = t0(); // Sunday 1 March 2026
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), now)
            .unwrap();
        let grace = store
            .create_person(
                &PersonDraft::named("Grace")
                    .unwrap()
                    .with_cadence(Some(60))
                    .unwrap(),
                now,
            )
            .unwrap();
        store
            .create_person(&PersonDraft::named("Linus").unwrap(), now)
            .unwrap();
        // Ada: conversation started 10 days ago, a call this week.
        log(
            &store,
            ada,
            TouchKind::Message,
            Channel::Linkedin,
            Direction::Out,
            now - Duration::days(10),
        );
        log(
            &store,
            ada,
            TouchKind::Message,
            Channel::Linkedin,
            Direction::In,
            now - Duration::days(9),
        );
        log(
            &store,
            ada,
            TouchKind::Call,
            Channel::Phone,
            Direction::Mutual,
            now - Duration::days(2),
        );
        // Grace, on a 60-day cadence: a note 200 days ago, nothing since.
        log(
            &store,
            grace,
            TouchKind::Note,
            Channel::Linkedin,
            Direction::Out,
            now - Duration::days(200),
        );

        let board = store.dashboard(now, Berlin).unwrap();
        assert_eq!(board.people, 3);
        assert_eq!(board.by_stage[Stage::InConversation as usize - 1].1, 1);
        assert_eq!(board.by_stage[Stage::Acknowledged as usize - 1].1, 1);
        assert_eq!(board.by_stage[Stage::Connected as usize - 1].1, 1);
        assert_eq!(
            board.movement[0],
            Movement {
                days: 30,
                moved_up: 1,
                went_cold: 0
            }
        );
        // With a 60-day cadence Grace went cold 120 days after her note:
        // 80 days ago, inside the 90-day window.
        assert_eq!(
            board.movement[1],
            Movement {
                days: 90,
                moved_up: 1,
                went_cold: 1
            }
        );
        assert_eq!(names(&store, "moved-up:30", now), vec!["Ada"]);
        assert_eq!(names(&store, "went-cold:90", now), vec!["Grace"]);
        assert_eq!(names(&store, "stage:connected", now), vec!["Linus"]);
        assert_eq!(names(&store, "health:warm", now), vec!["Ada"]);

        // Weeks start on Monday in Berlin: 1 March is a Sunday, so the
        // current week began 23 February; the call on 27 February is in it.
        assert_eq!(board.weeks[WEEKS - 1].starts.to_string(), "2026-02-23");
        assert_eq!(board.weeks[WEEKS - 1].touches, 1);
        assert_eq!(board.weeks[WEEKS - 2].touches, 2);
        assert_eq!(names(&store, "week:7", now), vec!["Ada"]);
        assert_eq!(
            board.mix,
            vec![(Mix::Online, 2), (Mix::Voice, 1), (Mix::InPerson, 0)]
        );
        assert_eq!(names(&store, "mix:voice", now), vec!["Ada"]);
        assert_eq!(board.weekly_goal, 10);
        assert_eq!(board.queue, 0);
    }

    #[test]
    fn due_today_counts_follow_ups_by_the_end_of_the_day() {
        let store = Store::open_in_memory().unwrap();
        let now = t0();
        let ada = store
            .create_person(&PersonDraft::named("Ada").unwrap(), now)
            .unwrap();
        let due = crate::when::parse_time("2026-03-01 20:00", crate::when::Zone::Floating, Berlin)
            .unwrap();
        let draft = FollowUpDraft::new(ada, "Send the deck", due, None).unwrap();
        store.create_follow_up(&draft, Berlin, now).unwrap();
        let tomorrow =
            crate::when::parse_time("2026-03-02 09:00", crate::when::Zone::Floating, Berlin)
                .unwrap();
        let later = FollowUpDraft::new(ada, "Call", tomorrow, None).unwrap();
        store.create_follow_up(&later, Berlin, now).unwrap();
        assert_eq!(store.dashboard(now, Berlin).unwrap().due_today, 1);
        assert_eq!(names(&store, "due-today", now), vec!["Ada"]);
    }

    #[test]
    fn figure_ids_round_trip_and_unknown_ones_are_refused() {
        let all = [
            Figure::Stage(Stage::Trusted),
            Figure::Health(Health::Cooling),
            Figure::MovedUp(30),
            Figure::WentCold(90),
            Figure::Week(0),
            Figure::Mix(Mix::InPerson),
            Figure::DueToday,
            Figure::Queue,
        ];
        for figure in all {
            assert_eq!(Figure::parse(&figure.id()), Some(figure));
        }
        for bad in ["moved-up:31", "week:8", "stage:best", "queue:1", "", "mix:"] {
            assert_eq!(Figure::parse(bad), None, "{bad}");
        }
    }
}
