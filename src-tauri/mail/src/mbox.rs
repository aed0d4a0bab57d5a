//! Reading an mbox file's headers as a stream: Google Takeout's, Thunderbird's
//! local folders, Apple Mail's export (a `.mbox` folder holding a file named
//! `mbox`), and anything else in the mboxo/mboxrd family.
//!
//! Only each message's header block is kept (at most
//! [`MAX_HEADER_BYTES`](crate::header::MAX_HEADER_BYTES)); bodies are skipped
//! line by line without being held, and a line is never held longer than
//! [`MAX_LINE_BYTES`], so a file of any size, with attachments of any size,
//! is read in bounded memory.
//!
//! A message starts at a `From ` line that follows an empty line (or starts
//! the file) and looks like a separator: a sender and a time of day
//! (`From maya@example.org Sat Mar  1 10:00:00 2026`, `From - Thu Jan 02
//! 10:00:00 2025`). Writers escape body lines that start with `From ` as
//! `>From `; an unescaped one that does not look like a separator stays body.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::header::MAX_HEADER_BYTES;

/// The most of any one line that is looked at.
pub const MAX_LINE_BYTES: usize = 4096;

/// One message's header block, where it starts, and the date its
/// separator line gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// The line its separator is on (1-based).
    pub line: u64,
    pub header: Vec<u8>,
    pub separator_date: Option<DateTime<Utc>>,
}

/// Whether `head` (a file's first bytes) starts like an mbox.
pub fn looks_like_mbox(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.starts_with(b"From ") && head.split(|b| *b == b'\n').next().is_some_and(is_separator)
}

/// The mbox file at `path`: the path itself, or the `mbox` file inside an
/// Apple Mail `.mbox` folder.
pub fn file_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("mbox")
    } else {
        path.to_owned()
    }
}

/// Opens an mbox file (or Apple Mail folder) for reading.
pub fn open(path: &Path) -> io::Result<Mbox<BufReader<File>>> {
    let file = File::open(file_of(path))?;
    Ok(Mbox::new(BufReader::with_capacity(256 * 1024, file)))
}

/// The messages of an mbox stream, in order.
pub struct Mbox<R> {
    reader: R,
    line: u64,
    /// The separator line of the next message, when already read.
    pending: Option<(u64, Vec<u8>)>,
    started: bool,
    failed: bool,
}

/// One line: its first [`MAX_LINE_BYTES`] bytes (without the line end), and
/// whether it was empty.
struct Line {
    head: Vec<u8>,
    empty: bool,
}

impl<R: BufRead> Mbox<R> {
    pub fn new(reader: R) -> Self {
        Mbox {
            reader,
            line: 0,
            pending: None,
            started: false,
            failed: false,
        }
    }

    /// Reads one line, keeping at most [`MAX_LINE_BYTES`] of it.
    fn read_line(&mut self) -> io::Result<Option<Line>> {
        let mut head = Vec::new();
        let mut any = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            any = true;
            let (part, done) = match memchr::memchr(b'\n', buf) {
                Some(at) => (&buf[..=at], true),
                None => (buf, false),
            };
            let room = MAX_LINE_BYTES.saturating_sub(head.len());
            head.extend_from_slice(&part[..part.len().min(room)]);
            let used = part.len();
            self.reader.consume(used);
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.line += 1;
        while matches!(head.last(), Some(b'\n' | b'\r')) {
            head.pop();
        }
        Ok(Some(Line {
            empty: head.is_empty(),
            head,
        }))
    }

    fn next_message(&mut self) -> io::Result<Option<MboxMessage>> {
        let (line, separator) = match self.pending.take() {
            Some(found) => found,
            None => {
                // The start of the file: empty lines, then a separator.
                loop {
                    let Some(l) = self.read_line()? else {
                        return Ok(None);
                    };
                    if l.empty {
                        continue;
                    }
                    let head = l.head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&l.head);
                    if !self.started && !is_separator(head) {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("line {}: this is not an mbox file (it does not start with a \"From \" line)", self.line),
                        ));
                    }
                    break (self.line, head.to_vec());
                }
            }
        };
        self.started = true;
        // The header: up to the first empty line.
        let mut header = Vec::new();
        while let Some(l) = self.read_line()? {
            if l.empty {
                break;
            }
            if header.len() + l.head.len() + 2 <= MAX_HEADER_BYTES {
                header.extend_from_slice(&l.head);
                header.extend_from_slice(b"\r\n");
            }
        }
        header.extend_from_slice(b"\r\n");
        // The body: skipped to the next separator.
        let mut after_empty = true;
        while let Some(l) = self.read_line()? {
            if after_empty && is_separator(&l.head) {
                self.pending = Some((self.line, l.head));
                break;
            }
            after_empty = l.empty;
        }
        Ok(Some(MboxMessage {
            line,
            header,
            separator_date: separator_date(&separator),
        }))
    }
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = io::Result<MboxMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_message() {
            Ok(message) => message.map(Ok),
            Err(error) => {
                self.failed = true;
                Some(Err(error))
            }
        }
    }
}

/// Whether a line is a message separator: `From `, a sender, and a time of
/// day among the rest.
fn is_separator(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_whitespace();
    words.next().is_some() && words.any(is_time_of_day)
}

fn is_time_of_day(word: &str) -> bool {
    let parts: Vec<&str> = word.split(':').collect();
    (parts.len() == 2 || parts.len() == 3)
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The date on a separator line (`Sat Mar  1 10:00:00 2026`, optionally
/// with a `+0000` zone before the year), read as UTC.
fn separator_date(line: &[u8]) -> Option<DateTime<Utc>> {
    let text = String::from_utf8_lossy(line.strip_prefix(b"From ")?);
    let words: Vec<&str> = text.split_whitespace().skip(1).collect();
    let time = words.iter().position(|w| is_time_of_day(w))?;
    let month = words.get(time.checked_sub(2)?)?;
    let day = words.get(time - 1)?;
    let year = words[time + 1..]
        .iter()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?;
    let stamp = format!("{month} {day} {} {year}", words[time]);
    NaiveDateTime::parse_from_str(&stamp, "%b %d %H:%M:%S %Y")
        .ok()
        .map(|naive| naive.and_utc())
}

/// Reads up to `n` bytes from the start of `path`'s mbox file (for
/// detection).
pub fn head_of(path: &Path, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    File::open(file_of(path))?
        .take(n as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> io::Result<Vec<MboxMessage>> {
        Mbox::new(text).collect()
    }

    #[test]
    fn messages_are_split_at_separators_and_bodies_are_skipped() {
        let text = b"From maya@example.org Sun Mar  1 10:00:00 2026\n\
Subject: one\n\
\n\
Hello.\n\
>From the escaped line.\n\
From the unescaped line that is not a separator.\n\
\n\
From - Mon Mar 02 11:30:00 2026\r\n\
Subject: two\r\n\
X-Mozilla-Status: 0001\r\n\
\r\n\
body\r\n";
        let messages = read_all(text).unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].line, 1);
        assert_eq!(messages[0].header, b"Subject: one\r\n\r\n");
        assert_eq!(
            messages[0].separator_date.unwrap().to_rfc3339(),
            "2026-03-01T10:00:00+00:00"
        );
        assert_eq!(messages[1].line, 8);
        assert_eq!(
            messages[1].header,
            b"Subject: two\r\nX-Mozilla-Status: 0001\r\n\r\n"
        );
        assert_eq!(
            messages[1].separator_date.unwrap().to_rfc3339(),
            "2026-03-02T11:30:00+00:00"
        );
    }

    #[test]
    fn a_takeout_separator_with_a_zone_gives_its_date() {
        let line = b"From 1794343455574426110@xxx Wed Mar 20 14:40:29 +0000 2024";
        assert!(is_separator(line));
        assert_eq!(
            separator_date(line).unwrap().to_rfc3339(),
            "2024-03-20T14:40:29+00:00"
        );
    }

    #[test]
    fn a_file_that_is_not_an_mbox_is_refused_with_its_line() {
        let error = read_all(b"\n\nBEGIN:VCARD\nEND:VCARD\n").unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
        assert!(!looks_like_mbox(b"From: someone\n"));
        assert!(looks_like_mbox(
            b"From - Mon Mar 02 11:30:00 2026\nSubject: x\n"
        ));
    }

    #[test]
    fn huge_lines_and_headers_are_read_in_bounded_memory() {
        let mut text = b"From a@b Sun Mar  1 10:00:00 2026\nSubject: big\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 * MAX_HEADER_BYTES));
        text.extend_from_slice(b"\n\n");
        // A body line of 10 MB without a line end in sight.
        text.extend(std::iter::repeat_n(b'y', 10 << 20));
        text.extend_from_slice(b"\n\nFrom c@d Mon Mar  2 10:00:00 2026\nSubject: next\n\n");
        let messages = read_all(&text).unwrap();
        assert_eq!(messages.len(), 2);
        assert!(messages[0].header.len() <= MAX_HEADER_BYTES);
        assert!(messages[0].header.starts_with(b"Subject: big\r\n"));
        assert_eq!(messages[1].header, b"Subject: next\r\n\r\n");
    }

    #[test]
    fn an_empty_file_has_no_messages() {
        assert!(read_all(b"").unwrap().is_empty());
        assert!(read_all(b"\n\n").unwrap().is_empty());
    }
}
