//! Encryption at rest: the database key, how it is written down for the
//! user (the recovery key), and how a file says whether it is encrypted.
//!
//! - The key is 256 random bits, handed to SQLCipher as a raw key
//!   (`PRAGMA key = "x'…'"`), so opening costs no key derivation.
//! - The recovery key is the same 256 bits and a 24-bit check, written as
//!   56 characters of Crockford's base 32 in groups of four
//!   (`ABCD-EFGH-…`): no I, L, O or U to misread, case and dashes not
//!   counting, and a mistyped character caught before any file is tried.
//! - A plain SQLite file starts with `SQLite format 3\0`; an encrypted one
//!   starts with random salt, so a file that does not start with the
//!   header is taken to be encrypted (or not a database at all: SQLite
//!   says which once a key is tried).

use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// The first bytes of every plain SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// Crockford's base 32.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Bytes of check after the key in a recovery key.
const CHECK_BYTES: usize = 3;

/// A database key: 256 random bits. Never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// Why a recovery key was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryKeyError {
    #[error("a recovery key has 56 letters and digits (in groups of four); this one has {0}")]
    Length(usize),
    #[error("'{0}' is not one of a recovery key's letters or digits")]
    Character(char),
    #[error("this recovery key has a typing mistake (its check does not match); look at it again")]
    Check,
}

impl DbKey {
    /// A new random key from the operating system's generator.
    pub fn random() -> std::io::Result<DbKey> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(DbKey(bytes))
    }

    /// The key as SQLCipher's raw-key literal: `x'<64 hex digits>'`.
    pub(crate) fn literal(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("\"x'{hex}'\"")
    }

    /// The key as kept in the keychain (hex).
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A key kept in the keychain (hex); `None` when it is not one.
    pub fn from_hex(text: &str) -> Option<DbKey> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(DbKey(bytes))
    }

    fn check(&self) -> [u8; CHECK_BYTES] {
        let digest = Sha256::digest(self.0);
        let mut check = [0u8; CHECK_BYTES];
        check.copy_from_slice(&digest[..CHECK_BYTES]);
        check
    }

    /// The recovery key the user keeps: `ABCD-EFGH-…`, 14 groups of four.
    pub fn recovery_key(&self) -> String {
        let mut bytes = self.0.to_vec();
        bytes.extend_from_slice(&self.check());
        let mut chars = Vec::with_capacity(56);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for byte in bytes {
            buffer = (buffer << 8) | u32::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                chars.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
            }
        }
        chars
            .chunks(4)
            .map(|group| group.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a recovery key as the user typed it: any case, with or
    /// without dashes and spaces, `I`/`L` for 1 and `O` for 0.
    pub fn from_recovery_key(text: &str) -> Result<DbKey, RecoveryKeyError> {
        let mut values = Vec::with_capacity(56);
        for c in text
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\t' | '\n' | '\r'))
        {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            let value = ALPHABET
                .iter()
                .position(|a| *a as char == c)
                .ok_or(RecoveryKeyError::Character(c))?;
            values.push(value as u32);
        }
        if values.len() != 56 {
            return Err(RecoveryKeyError::Length(values.len()));
        }
        let mut bytes = Vec::with_capacity(35);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for value in values {
            buffer = (buffer << 5) | value;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                bytes.push(((buffer >> bits) & 0xff) as u8);
            }
        }
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes[..32]);
        let key = DbKey(key);
        if bytes[32..35] != key.check() {
            return Err(RecoveryKeyError::Check);
        }
        Ok(key)
    }
}

/// The recovery key as a page to save or print: the key, what it opens
/// and how to use it.
pub fn recovery_sheet(key: &DbKey, database: &Path, written: &str) -> String {
    format!(
        "Kith recovery key\n\
         \n\
         {key}\n\
         \n\
         It opens Kith's encrypted data when this computer's keychain does not\n\
         hold its key (a new computer, a reinstalled system):\n\
         enter it on Kith's unlock screen, or run\n\
         \x20   kith unlock --recovery-key-stdin\n\
         \n\
         Database: {database}\n\
         Written: {written}\n\
         \n\
         Keep it somewhere safe and apart from the computer, such as a password\n\
         manager or a printed page in a drawer. Anyone with this key and a copy\n\
         of the data can read the data.\n",
        key = key.recovery_key(),
        database = database.display(),
    )
}

/// Whether the file at `path` is encrypted: it does not start with the
/// plain SQLite header, is made of whole pages, and its first page reads
/// as random bytes (as ciphertext does). A damaged plain file — zeroed or
/// overwritten pages, text — fails the last test and is damage, not a
/// locked database.
pub fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let mut page = Vec::with_capacity(4096);
    file.take(4096).read_to_end(&mut page)?;
    if page.starts_with(SQLITE_HEADER) || len < 1024 || len % 512 != 0 {
        return Ok(false);
    }
    Ok(entropy(&page) > 7.0)
}

/// Shannon entropy of `bytes`, in bits per byte (8 for random bytes).
fn entropy(bytes: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for b in bytes {
        counts[usize::from(*b)] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// The keys this process was given (from the keychain, or a recovery
/// key): every encrypted Kith file it opens — the database, its backups —
/// is tried with them.
static KEYS: Mutex<Vec<DbKey>> = Mutex::new(Vec::new());

/// Lets this process open files encrypted with `key`.
pub fn remember(key: &DbKey) {
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if !keys.contains(key) {
        keys.push(key.clone());
    }
}

/// The keys this process was given, to try on an encrypted file.
pub(crate) fn remembered() -> Vec<DbKey> {
    KEYS.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recovery_sheet_holds_the_key_on_a_line_of_its_own_and_how_to_use_it() {
        let key = DbKey::random().unwrap();
        let sheet = recovery_sheet(&key, Path::new("/home/ada/kith.db"), "2026-11-30");
        let line = sheet.lines().nth(2).unwrap();
        assert_eq!(DbKey::from_recovery_key(line).unwrap(), key);
        assert!(sheet.contains("kith unlock --recovery-key-stdin"));
        assert!(sheet.contains("Database: /home/ada/kith.db"));
        assert!(sheet.contains("Written: 2026-11-30"));
        assert!(
            !sheet.contains(&key.to_hex()),
            "the raw key is not on the sheet"
        );
    }

    #[test]
    fn a_recovery_key_reads_back_as_its_key_however_it_is_typed() {
        let key = DbKey::random().unwrap();
        let written = key.recovery_key();
        assert_eq!(written.len(), 56 + 13);
        assert!(written
            .split('-')
            .all(|g| g.len() == 4 && g.chars().all(|c| ALPHABET.contains(&(c as u8)))));
        assert_eq!(DbKey::from_recovery_key(&written).unwrap(), key);
        let sloppy = written
            .to_lowercase()
            .replace('-', " ")
            .replace('1', "l")
            .replace('0', "o");
        assert_eq!(DbKey::from_recovery_key(&sloppy).unwrap(), key);
        assert_eq!(DbKey::from_hex(&key.to_hex()).unwrap(), key);
        assert!(!format!("{key:?}").contains(&key.to_hex()[..8]));
    }

    #[test]
    fn a_mistyped_recovery_key_is_caught_before_any_file_is_tried() {
        let written = DbKey::random().unwrap().recovery_key();
        let mut chars: Vec<char> = written.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(
            DbKey::from_recovery_key(&typo),
            Err(RecoveryKeyError::Check)
        );
        assert_eq!(
            DbKey::from_recovery_key("ABCD-EFGH"),
            Err(RecoveryKeyError::Length(8))
        );
        assert_eq!(
            DbKey::from_recovery_key(&written.replacen('-', "U", 1)),
            Err(RecoveryKeyError::Character('U'))
        );
    }
}
