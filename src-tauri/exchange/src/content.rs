//! iCalendar and vCard content lines (RFC 5545 §3.1, RFC 6350 §3.2): as
//! they came, unfolded, split only where Kith reads them, and written back
//! as they were, so a client's own properties, parameters and groups
//! survive a round trip through Kith.

use crate::vcard::unescape;

/// One content line as it came (unfolded), split where Kith needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `item1` of `item1.EMAIL`, as written.
    pub group: Option<String>,
    /// Upper case.
    pub name: String,
    /// As written (`X-ABLabel`), which is what goes back.
    pub written: String,
    /// The parameters as written, each without its leading `;`.
    pub params: Vec<String>,
    /// The raw (escaped) value.
    pub value: String,
}

impl Line {
    pub fn parse(text: &str) -> Option<Line> {
        // The first colon outside a quoted parameter value.
        let mut quoted = false;
        let colon = text.char_indices().find_map(|(i, c)| match c {
            '"' => {
                quoted = !quoted;
                None
            }
            ':' if !quoted => Some(i),
            _ => None,
        })?;
        let (head, value) = (&text[..colon], &text[colon + 1..]);
        let mut parts = split_params(head).into_iter();
        let full = parts.next()?;
        let (group, name) = match full.rsplit_once('.') {
            Some((g, n)) => (Some(g.to_owned()), n),
            None => (None, full.as_str()),
        };
        if name.is_empty() {
            return None;
        }
        Some(Line {
            group,
            name: name.to_ascii_uppercase(),
            written: name.to_owned(),
            params: parts.collect(),
            value: value.to_owned(),
        })
    }

    /// Parses a line Kith wrote itself (always valid).
    pub fn own(text: String) -> Line {
        Line::parse(&text).unwrap_or(Line {
            group: None,
            name: "X-KITH-UNREADABLE".into(),
            written: "X-KITH-UNREADABLE".into(),
            params: Vec::new(),
            value: String::new(),
        })
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        if let Some(group) = &self.group {
            out.push_str(group);
            out.push('.');
        }
        out.push_str(&self.written);
        for p in &self.params {
            out.push(';');
            out.push_str(p);
        }
        out.push(':');
        out.push_str(&self.value);
        out
    }

    /// A parameter's value (`TYPE=a,b` and 2.1's bare `;WORK` alike), upper
    /// case names.
    pub fn param(&self, name: &str) -> Option<String> {
        self.params.iter().find_map(|p| match p.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case(name) => {
                Some(v.trim().trim_matches('"').to_owned())
            }
            _ => None,
        })
    }

    pub fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .flat_map(|p| match p.split_once('=') {
                Some((k, v)) if k.trim().eq_ignore_ascii_case("TYPE") => {
                    v.trim_matches('"').split(',').map(str::to_owned).collect()
                }
                None => vec![p.clone()],
                _ => Vec::new(),
            })
            .map(|t| t.trim().to_ascii_lowercase())
            .collect()
    }

    pub fn text_value(&self) -> String {
        unescape(&self.value)
    }
}

/// Splits a line's head on `;` outside quotes.
fn split_params(head: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for c in head.chars() {
        match c {
            ';' if !quoted => {
                parts.push(String::new());
                continue;
            }
            '"' => quoted = !quoted,
            _ => {}
        }
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

/// Unfolds content lines (CRLF or LF, a leading space or tab continues).
pub fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push(raw.to_owned());
        }
    }
    lines
}

/// A run of lines (a card, or a calendar component) with the edits Kith
/// makes to it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    pub lines: Vec<Line>,
}

impl Block {
    pub fn first(&self, name: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.name == name)
    }

    /// Replaces the first line named `name` in place (dropping any others),
    /// adds it before `END` if there was none, or removes them all.
    pub fn set(&mut self, name: &str, line: Option<String>) {
        let at = self.lines.iter().position(|l| l.name == name);
        let mut replacement = line.map(Line::own);
        if let (Some(at), Some(new)) = (at, replacement.as_mut()) {
            // Keep the group a client gave the line.
            new.group = self.lines[at].group.clone();
        }
        self.lines.retain(|l| l.name != name);
        if let Some(new) = replacement {
            match at {
                Some(at) => self
                    .lines
                    .insert(at.min(self.lines.len().saturating_sub(1)), new),
                None => self.insert(new),
            }
        }
    }

    /// Adds a line just before the block's last `END`.
    pub fn insert(&mut self, line: Line) {
        let end = self
            .lines
            .iter()
            .rposition(|l| l.name == "END")
            .unwrap_or(self.lines.len());
        self.lines.insert(end, line);
    }
}
