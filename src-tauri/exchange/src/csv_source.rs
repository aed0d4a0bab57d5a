//! CSV exports read by header name: preamble lines before the header are
//! skipped (LinkedIn writes notes there), a BOM is dropped, fields are
//! UTF-8 or Windows-1252, the separator is the header's (a comma, or the
//! semicolon or tab spreadsheets in many languages write), quoted commas
//! and line breaks are kept, rows of any length are accepted and checked
//! by the caller.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read as _};

use crate::{text, ExchangeError};

/// Lines looked through for the header before giving up.
const MAX_PREAMBLE_LINES: usize = 100;
/// Rows with more fields than this are skipped rather than read.
pub const MAX_COLUMNS: usize = 1_000;
/// Rows longer than this (in bytes) are skipped.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// The header: column names (lower-case) to their positions.
pub struct Columns {
    index: HashMap<String, usize>,
    /// Where each name is, every time it is there (French Outlook has two
    /// columns called "Titre").
    every: HashMap<String, Vec<usize>>,
}

impl Columns {
    fn new(names: &[String]) -> Self {
        let mut index = HashMap::new();
        let mut every: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            let name = name.trim().to_lowercase();
            index.entry(name.clone()).or_insert(i);
            every.entry(name).or_default().push(i);
        }
        Self { index, every }
    }

    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// How many columns have this name.
    pub fn count(&self, name: &str) -> usize {
        self.every.get(name).map_or(0, Vec::len)
    }

    /// The trimmed text of the last column of a name that is there twice.
    pub fn get_last(&self, record: &csv::ByteRecord, name: &str) -> Option<String> {
        let i = *self.every.get(name)?.last()?;
        let value = text::decode(record.get(i)?);
        text::present(&value).map(str::to_owned)
    }

    /// The trimmed text of a column in a row; `None` when absent or blank.
    pub fn get(&self, record: &csv::ByteRecord, name: &str) -> Option<String> {
        let i = *self.index.get(name)?;
        let value = text::decode(record.get(i)?);
        text::present(&value).map(str::to_owned)
    }

    /// Column names that start with `prefix` (Google's numbered columns).
    pub fn starting_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.index
            .keys()
            .filter(move |k| k.starts_with(prefix))
            .map(String::as_str)
    }
}

/// A row with the line it starts on.
pub struct Record {
    pub line: u64,
    pub fields: csv::ByteRecord,
}

/// A row read, or one too large to look at (with its line).
pub type Read = Result<Record, (u64, Oversized)>;

/// Why a row is not even looked at.
pub enum Oversized {
    Columns(usize),
    Bytes(usize),
}

/// An open CSV export positioned after its header. Rows are parsed into
/// fixed buffers: a row longer than [`MAX_ROW_BYTES`] or wider than
/// [`MAX_COLUMNS`] is read past (and reported), never held in memory, so
/// an unterminated quote in a huge file costs a bounded amount.
pub struct CsvSource {
    pub columns: Columns,
    core: csv_core::Reader,
    input: BufReader<File>,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Line breaks consumed so far, counting the preamble and header: a
    /// `\r\n` is one (csv-core ends a row at its `\r` and takes the `\n`
    /// with the next), a lone `\r` or `\n` one each.
    line: u64,
    /// Whether the last byte consumed was a `\r`.
    after_cr: bool,
    done: bool,
    name: String,
}

impl CsvSource {
    /// Finds the header (the first line `is_header` accepts, within the
    /// first lines of the file) and reads on from there.
    pub fn open(
        file: File,
        name: &str,
        is_header: impl Fn(&Columns) -> bool,
        what: &str,
    ) -> Result<Self, ExchangeError> {
        Self::open_with(file, name, is_header, what, None)
    }

    /// [`CsvSource::open`] with the separator given, when the header's
    /// own cannot be told.
    pub fn open_with(
        file: File,
        name: &str,
        is_header: impl Fn(&Columns) -> bool,
        what: &str,
        delimiter: Option<u8>,
    ) -> Result<Self, ExchangeError> {
        let mut reader = BufReader::new(file);
        let mut line_no = 0u64;
        let mut raw = Vec::new();
        loop {
            raw.clear();
            let read = reader
                .by_ref()
                .take(text::MAX_HEADER_BYTES as u64)
                .read_until(b'\n', &mut raw)
                .map_err(|e| malformed(name, e.to_string()))?;
            if read == 0 || line_no as usize >= MAX_PREAMBLE_LINES {
                return Err(malformed(
                    name,
                    format!("no {what} header in the first {MAX_PREAMBLE_LINES} lines"),
                ));
            }
            line_no += 1;
            let line = raw.strip_prefix(text::BOM).unwrap_or(&raw);
            let delimiter = delimiter.unwrap_or_else(|| separator(line));
            let names = header_names(line, delimiter);
            let columns = Columns::new(&names);
            if is_header(&columns) {
                return Ok(Self {
                    columns,
                    core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
                    input: reader,
                    out: vec![0; MAX_ROW_BYTES],
                    ends: vec![0; MAX_COLUMNS + 1],
                    line: line_no,
                    after_cr: false,
                    done: false,
                    name: name.to_owned(),
                });
            }
        }
    }

    /// A file written without a header row, whose columns are `names` in
    /// order; the separator is its first line's.
    pub fn without_header(
        file: File,
        name: &str,
        names: &[&str],
        delimiter: Option<u8>,
    ) -> Result<Self, ExchangeError> {
        let mut reader = BufReader::new(file);
        let head = reader
            .fill_buf()
            .map_err(|e| malformed(name, e.to_string()))?;
        let bom = head.starts_with(text::BOM);
        let head = head.strip_prefix(text::BOM).unwrap_or(head);
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiter = delimiter.unwrap_or_else(|| separator(first_line));
        if bom {
            reader.consume(text::BOM.len());
        }
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        Ok(Self {
            columns: Columns::new(&names),
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            input: reader,
            out: vec![0; MAX_ROW_BYTES],
            ends: vec![0; MAX_COLUMNS + 1],
            line: 0,
            after_cr: false,
            done: false,
            name: name.to_owned(),
        })
    }

    /// The next row, an oversized one (with its line), or the end.
    pub fn next_record(&mut self) -> Option<Result<Read, ExchangeError>> {
        use csv_core::ReadRecordResult as Got;
        if self.done {
            return None;
        }
        let start = self.line + 1;
        let (mut nout, mut nend) = (0usize, 0usize);
        let mut oversized: Option<Oversized> = None;
        let mut scratch = [0u8; 8192];
        let mut scratch_ends = [0usize; 256];
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(error) => return Some(Err(malformed(&self.name, error.to_string()))),
            };
            let (result, nin, out_n, ends_n) = if oversized.is_some() {
                self.core
                    .read_record(input, &mut scratch, &mut scratch_ends)
            } else {
                // Field ends count from the start of the row: csv-core
                // keeps its place in the row across calls.
                self.core
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..])
            };
            for &b in &input[..nin] {
                if b == b'\r' || (b == b'\n' && !self.after_cr) {
                    self.line += 1;
                }
                self.after_cr = b == b'\r';
            }
            self.input.consume(nin);
            if oversized.is_none() {
                nout += out_n;
                nend += ends_n;
            }
            match result {
                Got::InputEmpty => continue,
                Got::OutputFull => {
                    oversized.get_or_insert(Oversized::Bytes(MAX_ROW_BYTES));
                }
                Got::OutputEndsFull => {
                    oversized.get_or_insert(Oversized::Columns(MAX_COLUMNS));
                }
                Got::Record => {
                    if let Some(oversized) = oversized {
                        return Some(Ok(Err((start, oversized))));
                    }
                    let mut fields = csv::ByteRecord::new();
                    let mut from = 0;
                    for &end in &self.ends[..nend] {
                        fields.push_field(&self.out[from..end]);
                        from = end;
                    }
                    return Some(Ok(Ok(Record {
                        line: start,
                        fields,
                    })));
                }
                Got::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

impl Oversized {
    pub fn reason(&self) -> String {
        match self {
            Oversized::Columns(n) => format!("more than {n} columns, more than any export has"),
            Oversized::Bytes(n) => format!(
                "a row longer than {} KB, too long to be a contact",
                n / 1024
            ),
        }
    }
}

fn malformed(name: &str, message: String) -> ExchangeError {
    ExchangeError::Malformed {
        file: name.to_owned(),
        message,
    }
}

/// A header line's separator: the comma, semicolon or tab it has most of
/// outside quotes (a comma when it has none).
pub fn separator(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// The cells of a header line, read as CSV.
fn header_names(line: &[u8], delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(text::decode).collect(),
        _ => Vec::new(),
    }
}
