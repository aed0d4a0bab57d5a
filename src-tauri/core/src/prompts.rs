//! Step-it-up prompts: what would move a relationship forward, from rules
//! over a person's touches. Each rule has a stable identifier so a prompt
//! the user dismissed does not come back for that person and rule.
//!
//! The rules, in one place (thresholds are the constants below):
//!
//! - **suggest-call** — at least [`ONLINE_TOUCHES_FOR_CALL`] online touches
//!   (anything but the connection itself, on a channel other than phone,
//!   video or in person) and never a call, video or meeting: suggest a call.
//! - **follow-up-after-meeting** — you met in person (a meeting, or any
//!   touch in person) in the last [`MEETING_LOOKBACK_DAYS`] days, at least
//!   [`MEETING_FOLLOW_UP_DAYS`] days ago, and nothing since: suggest a
//!   follow-up.
//! - **reply-owed** — their latest touch reached out to you (a message,
//!   e-mail, note, comment, share or other; not a call or meeting already
//!   had, help, an introduction or a reaction) and nothing went back from
//!   you after it: flag it.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Channel, Direction, TouchKind};

/// Online touches before a call is suggested.
pub const ONLINE_TOUCHES_FOR_CALL: usize = 5;
/// Days after meeting in person by which a follow-up is expected.
pub const MEETING_FOLLOW_UP_DAYS: i64 = 14;
/// How far back a meeting still calls for a follow-up.
pub const MEETING_LOOKBACK_DAYS: i64 = 90;

/// The rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    SuggestCall,
    FollowUpAfterMeeting,
    ReplyOwed,
}

impl Rule {
    pub const ALL: [Rule; 3] = [
        Rule::ReplyOwed,
        Rule::FollowUpAfterMeeting,
        Rule::SuggestCall,
    ];

    /// The identifier stored with a dismissal.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::SuggestCall => "suggest-call",
            Rule::FollowUpAfterMeeting => "follow-up-after-meeting",
            Rule::ReplyOwed => "reply-owed",
        }
    }

    pub fn parse(text: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }
}

/// What the prompt rules need to know of a touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PromptFact {
    pub kind: TouchKind,
    pub channel: Channel,
    pub direction: Direction,
    pub at: DateTime<Utc>,
}

impl PromptFact {
    fn voice_or_face(&self) -> bool {
        matches!(
            self.kind,
            TouchKind::Call | TouchKind::Video | TouchKind::Meeting
        ) || matches!(
            self.channel,
            Channel::Phone | Channel::Video | Channel::InPerson
        )
    }

    /// Something that waits for an answer: not help, an introduction, a
    /// reaction or a conversation already had (a call or a meeting).
    fn reaches_out(&self) -> bool {
        matches!(
            self.kind,
            TouchKind::Message
                | TouchKind::Email
                | TouchKind::Note
                | TouchKind::Comment
                | TouchKind::Share
                | TouchKind::Other
        )
    }

    pub(crate) fn in_person(&self) -> bool {
        self.kind == TouchKind::Meeting || self.channel == Channel::InPerson
    }
}

/// A rule that fired, with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub because: String,
    /// When the situation began (the meeting, their message, the latest
    /// online touch), for ordering.
    pub since: DateTime<Utc>,
}

/// Runs every rule over one person's touches (in any order).
pub fn evaluate(touches: &[PromptFact], now: DateTime<Utc>) -> Vec<Finding> {
    let mut sorted: Vec<&PromptFact> = touches
        .iter()
        .filter(|t| t.kind != TouchKind::Connected && t.at <= now)
        .collect();
    sorted.sort_by_key(|t| t.at);
    let mut found = Vec::new();

    if let Some(last) = sorted.last() {
        if last.direction == Direction::In && last.reaches_out() {
            let days = (now - last.at).num_days();
            found.push(Finding {
                rule: Rule::ReplyOwed,
                because: format!(
                    "They reached out {} ({}) and you have not answered",
                    ago(days),
                    last.kind
                ),
                since: last.at,
            });
        }
    }

    if let Some(meeting) = sorted.iter().rev().find(|t| t.in_person()) {
        let since = now - meeting.at;
        let nothing_after = sorted.last().is_some_and(|t| t.at == meeting.at);
        if nothing_after
            && since >= Duration::days(MEETING_FOLLOW_UP_DAYS)
            && since <= Duration::days(MEETING_LOOKBACK_DAYS)
        {
            found.push(Finding {
                rule: Rule::FollowUpAfterMeeting,
                because: format!(
                    "You met in person {} and have not been in touch since",
                    ago(since.num_days())
                ),
                since: meeting.at,
            });
        }
    }

    if !sorted.iter().any(|t| t.voice_or_face()) && sorted.len() >= ONLINE_TOUCHES_FOR_CALL {
        found.push(Finding {
            rule: Rule::SuggestCall,
            because: format!(
                "{} online touches and never a call, video or meeting: suggest a call",
                sorted.len()
            ),
            since: sorted.last().map_or(now, |t| t.at),
        });
    }
    found
}

fn ago(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;
    use Channel::{Email as Mail, InPerson, Linkedin, Other, Phone};
    use Direction::{In, Mutual, Out};
    use TouchKind::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap()
    }

    fn t(kind: TouchKind, channel: Channel, direction: Direction, days_ago: i64) -> PromptFact {
        PromptFact {
            kind,
            channel,
            direction,
            at: now() - Duration::days(days_ago),
        }
    }

    fn rules(touches: Vec<PromptFact>) -> Vec<Rule> {
        evaluate(&touches, now())
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[rstest]
    #[case::nothing(vec![], vec![])]
    #[case::only_the_connection(vec![t(Connected, Linkedin, In, 3)], vec![])]
    #[case::five_online_touches_no_call(
        vec![t(Comment, Linkedin, Out, 50), t(Message, Linkedin, In, 40), t(Message, Linkedin, Out, 30),
             t(Email, Mail, In, 20), t(Email, Mail, Out, 10)],
        vec![Rule::SuggestCall]
    )]
    #[case::four_online_touches_is_not_yet(
        vec![t(Message, Linkedin, Out, 40), t(Message, Linkedin, In, 30), t(Email, Mail, Out, 10), t(Email, Mail, Out, 5)],
        vec![]
    )]
    #[case::five_online_touches_and_one_call(
        vec![t(Message, Linkedin, Out, 50), t(Message, Linkedin, In, 40), t(Call, Phone, Mutual, 35),
             t(Message, Linkedin, Out, 30), t(Email, Mail, Out, 10)],
        vec![]
    )]
    #[case::met_and_silent_for_three_weeks(vec![t(Meeting, InPerson, Mutual, 21)], vec![Rule::FollowUpAfterMeeting])]
    #[case::met_last_week(vec![t(Meeting, InPerson, Mutual, 7)], vec![])]
    #[case::met_and_followed_up(vec![t(Meeting, InPerson, Mutual, 30), t(Email, Mail, Out, 25)], vec![])]
    #[case::met_long_ago(vec![t(Meeting, InPerson, Mutual, 200)], vec![])]
    #[case::coffee_logged_as_in_person_note(vec![t(Note, InPerson, Mutual, 20)], vec![Rule::FollowUpAfterMeeting])]
    #[case::they_wrote_and_you_never_answered(
        vec![t(Message, Linkedin, Out, 30), t(Message, Linkedin, In, 3)],
        vec![Rule::ReplyOwed]
    )]
    #[case::you_answered(
        vec![t(Message, Linkedin, In, 3), t(Message, Linkedin, Out, 2)],
        vec![]
    )]
    #[case::their_connection_request_is_not_a_message(vec![t(Connected, Linkedin, In, 1)], vec![])]
    #[case::help_they_gave_is_not_a_message_to_answer(
        vec![t(Message, Linkedin, Out, 3), t(Help, Other, In, 1)],
        vec![]
    )]
    #[case::a_call_they_made_was_already_a_conversation(vec![t(Call, Phone, In, 1)], vec![])]
    fn prompts_follow_the_rules(#[case] touches: Vec<PromptFact>, #[case] expected: Vec<Rule>) {
        assert_eq!(rules(touches), expected);
    }

    #[test]
    fn a_finding_says_why_in_words() {
        let found = evaluate(&[t(Message, Linkedin, In, 2)], now());
        assert_eq!(
            found[0].because,
            "They reached out 2 days ago (message) and you have not answered"
        );
    }

    #[test]
    fn rules_round_trip_their_identifiers() {
        for rule in Rule::ALL {
            assert_eq!(Rule::parse(rule.as_str()), Some(rule));
        }
    }
}
