//! iCalendar and vCard content lines (RFC 5545 §3.1, RFC 6350 §3.2), read
//! and written here only: unfolded (from text, or streamed as bytes with
//! vCard 2.1's quoted-printable soft breaks), split only where Kith reads
//! them, values escaped and unescaped, folded at 75 octets; and written
//! back as they were, so a client's own properties, parameters and groups
//! survive a round trip through Kith.

use std::io::BufRead;

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

/// Escapes a text value (vCard and iCalendar alike) (`\\`, `,`, `;`, new lines).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a character, and ends
/// it with CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// Splits a structured value (`N`, `ORG`) on `;` not escaped by a
/// backslash, unescaping each part.
pub fn components(value: &str) -> Vec<String> {
    split_unescaped(value, ';')
}

/// Splits a list value (`CATEGORIES`) on `,` not escaped by a backslash,
/// unescaping each part.
pub fn list_values(value: &str) -> Vec<String> {
    split_unescaped(value, ',')
}

fn split_unescaped(value: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        match (escaped, c) {
            (false, '\\') => {
                escaped = true;
                continue;
            }
            (false, c) if c == separator => parts.push(String::new()),
            (true, c) => {
                let last = parts.last_mut();
                if let Some(last) = last {
                    last.push('\\');
                    last.push(c);
                }
            }
            (false, c) => {
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
        escaped = false;
    }
    parts.into_iter().map(|p| unescape(&p)).collect()
}

pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out.trim().to_owned()
}

/// Reads a stream's logical lines as bytes (a vCard 2.1 value may be in
/// any charset), each with the number of the physical line it starts on:
/// continuation lines (a leading space or tab) and quoted-printable soft
/// breaks (`=` at the end of a line whose head says `QUOTED-PRINTABLE`)
/// joined. A line is kept to the limit its start is given (see
/// [`Reader::new`]); what passes it is dropped, never read into memory.
pub struct Reader<R> {
    reader: R,
    line_no: u64,
    /// A physical line read ahead, with its number.
    ahead: Option<(u64, Vec<u8>)>,
    done: bool,
    limit: fn(&[u8]) -> usize,
}

impl<R: BufRead> Reader<R> {
    /// `limit` gives the most bytes a line may hold from its start (its
    /// name and parameters): a format keeps more for a photo than for a
    /// name.
    pub fn new(reader: R, limit: fn(&[u8]) -> usize) -> Self {
        Reader {
            reader,
            line_no: 0,
            ahead: None,
            done: false,
            limit,
        }
    }

    /// The next physical line without its line ending, capped in length.
    fn physical(&mut self) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        if let Some(ahead) = self.ahead.take() {
            return Ok(Some(ahead));
        }
        if self.done {
            return Ok(None);
        }
        let limit = self.limit;
        let mut line = Vec::new();
        let mut overflow = false;
        loop {
            let buffer = self.reader.fill_buf()?;
            if buffer.is_empty() {
                if line.is_empty() && !overflow {
                    self.done = true;
                    return Ok(None);
                }
                break;
            }
            let (chunk, found) = match buffer.iter().position(|&b| b == b'\n') {
                Some(at) => (&buffer[..=at], true),
                None => (buffer, false),
            };
            let take = chunk.len();
            if line.len() + take <= Self::limit_of(limit, &line, chunk) {
                line.extend_from_slice(chunk);
            } else {
                overflow = true;
            }
            self.reader.consume(take);
            if found {
                break;
            }
        }
        self.line_no += 1;
        while matches!(line.last(), Some(b'\n') | Some(b'\r')) {
            line.pop();
        }
        if overflow {
            // Too long to be anything Kith keeps: read past it.
            line.clear();
        }
        Ok(Some((self.line_no, line)))
    }

    /// The most bytes a line starting with `head` (or, before it has any,
    /// with `first`) may hold.
    fn limit_of(limit: fn(&[u8]) -> usize, head: &[u8], first: &[u8]) -> usize {
        limit(if head.is_empty() { first } else { head })
    }

    /// The next logical line: continuation lines (starting with a space or
    /// tab) and quoted-printable soft breaks joined.
    pub fn logical(&mut self) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        let Some((start, mut line)) = self.physical()? else {
            return Ok(None);
        };
        while let Some((n, next)) = self.physical()? {
            let qp_soft = line.ends_with(b"=") && {
                let head = line
                    .iter()
                    .position(|&b| b == b':')
                    .map_or(&line[..], |c| &line[..c]);
                String::from_utf8_lossy(head)
                    .to_uppercase()
                    .contains("QUOTED-PRINTABLE")
            };
            if matches!(next.first(), Some(b' ') | Some(b'\t')) {
                // Past the bound the rest is dropped; a photo cut short
                // then fails to decode, and says so.
                if line.len() + next.len() <= Self::limit_of(self.limit, &line, &next) {
                    line.extend_from_slice(&next[1..]);
                }
            } else if qp_soft {
                line.pop();
                if line.len() + next.len() <= Self::limit_of(self.limit, &line, &next) {
                    line.extend_from_slice(&next);
                }
            } else {
                self.ahead = Some((n, next));
                break;
            }
        }
        Ok(Some((start, line)))
    }
}
