//! iCalendar objects as a tree of components (RFC 5545 §3.4, §3.6), each
//! with its lines as they came, so what Kith does not read is written back
//! untouched; shared by sync's tasks, events and journal entries and the
//! meetings read from calendar files.

use crate::content::fold;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

use crate::content::{unfold, Block, Line};

/// An iCalendar component: its own lines (without `BEGIN`/`END`) and the
/// components inside it, as they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    pub props: Block,
    pub children: Vec<Component>,
}

impl Component {
    pub fn new(name: &str) -> Component {
        Component {
            name: name.to_owned(),
            props: Block::default(),
            children: Vec::new(),
        }
    }

    /// Reads the first top-level component of `text` (a `VCALENDAR`).
    pub fn parse(text: &str) -> Option<Component> {
        let mut stack: Vec<Component> = Vec::new();
        for raw in unfold(text) {
            let Some(line) = Line::parse(&raw) else {
                continue;
            };
            match line.name.as_str() {
                "BEGIN" => stack.push(Component::new(&line.value.trim().to_ascii_uppercase())),
                "END" => {
                    let done = stack.pop()?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Some(done),
                    }
                }
                _ => {
                    if let Some(current) = stack.last_mut() {
                        current.props.lines.push(line);
                    }
                }
            }
        }
        None
    }

    fn write(&self, out: &mut String) {
        fold(&format!("BEGIN:{}", self.name), out);
        for line in &self.props.lines {
            fold(&line.text(), out);
        }
        for child in &self.children {
            child.write(out);
        }
        fold(&format!("END:{}", self.name), out);
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.props.first(name).map(Line::text_value)
    }
}

/// A UTC time as iCalendar writes it.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A UTC (or, leniently, floating) date-time value.
pub fn read_utc(line: &Line) -> Option<DateTime<Utc>> {
    let value = line.value.trim();
    let plain = value.trim_end_matches(['Z', 'z']);
    let at = NaiveDateTime::parse_from_str(plain, "%Y%m%dT%H%M%S").ok()?;
    Some(Utc.from_utc_datetime(&at))
}
