//! Exports sealed with a passphrase, in the age format
//! (<https://age-encryption.org/v1>): an scrypt recipient wraps a random file
//! key, the content is ChaCha20-Poly1305 in 64 KiB chunks. Any age tool
//! (`age -d`, `rage -d`) opens a sealed export with the passphrase, and Kith
//! opens files those tools sealed with `-p`, binary or armored (`-a`).

use age::secrecy::SecretString;
use age::DecryptError;

/// The first line of a binary age file.
const BINARY_HEADER: &[u8] = b"age-encryption.org/v1\n";
/// The first line of an armored age file.
const ARMORED_HEADER: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// A passphrase, kept out of debug output.
/// Never empty: the one place that says so is [`Passphrase::new`].
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// The passphrase typed or piped in; a trailing line ending is not part
    /// of it.
    pub fn new(text: &str) -> Result<Passphrase, SealError> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.is_empty() {
            return Err(SealError::EmptyPassphrase);
        }
        Ok(Passphrase(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Why a sealed file could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    #[error("the passphrase does not open it")]
    WrongPassphrase,
    #[error("it is sealed for a key, not with a passphrase; open it with age and that key first")]
    NotPassphrase,
    #[error("its passphrase protection asks for more work (2^{required}) than Kith allows on this computer; open it with age first")]
    TooMuchWork { required: u8 },
    #[error("it is damaged or not a complete age file ({0})")]
    Damaged(String),
}

/// Whether `head` (the start of a file) is an age file, binary or armored.
pub fn is_sealed(head: &[u8]) -> bool {
    head.starts_with(BINARY_HEADER) || head.starts_with(ARMORED_HEADER)
}

/// `plain`, sealed with `passphrase` (scrypt, calibrated to about a second
/// of work on this computer).
pub fn seal(plain: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>, SealError> {
    let recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.0.clone()));
    age::encrypt(&recipient, plain).map_err(|e| SealError::Damaged(e.to_string()))
}

/// The most scrypt work (log2 N) opening a file may take: about four
/// seconds and 2 GiB on a fast computer. age's own limit is measured on the
/// spot (four steps above a second's worth), so a busy computer would
/// refuse a file its idle self sealed; a fixed limit does not.
const MAX_WORK_FACTOR: u8 = 21;

/// The content of a sealed file, with `passphrase`.
pub fn open(sealed: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>, SealError> {
    let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.0.clone()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    age::decrypt(&identity, sealed).map_err(|error| match error {
        DecryptError::DecryptionFailed | DecryptError::KeyDecryptionFailed => {
            SealError::WrongPassphrase
        }
        DecryptError::NoMatchingKeys => SealError::NotPassphrase,
        DecryptError::ExcessiveWork { required, .. } => SealError::TooMuchWork { required },
        other => SealError::Damaged(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(text).unwrap()
    }

    #[test]
    fn a_sealed_text_opens_with_its_passphrase_only() {
        let sealed = seal(b"{\"format\": \"kith-export\"}", &pass("correct horse")).unwrap();
        assert!(is_sealed(&sealed));
        assert!(!sealed
            .windows(b"kith-export".len())
            .any(|w| w == b"kith-export"));
        assert_eq!(
            open(&sealed, &pass("correct horse")).unwrap(),
            b"{\"format\": \"kith-export\"}"
        );
        assert_eq!(
            open(&sealed, &pass("wrong horse")),
            Err(SealError::WrongPassphrase)
        );
        assert_eq!(Passphrase::new(""), Err(SealError::EmptyPassphrase));
        assert_eq!(Passphrase::new("\n"), Err(SealError::EmptyPassphrase));
    }

    #[test]
    fn a_cut_or_altered_file_is_damaged_not_wrong() {
        let sealed = seal(&vec![b'a'; 200_000], &pass("pass")).unwrap();
        let cut = &sealed[..sealed.len() - 10];
        assert!(matches!(
            open(cut, &pass("pass")),
            Err(SealError::Damaged(_))
        ));
        let mut altered = sealed.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert!(matches!(
            open(&altered, &pass("pass")),
            Err(SealError::Damaged(_))
        ));
        assert!(matches!(
            open(b"age-encryption.org/v1\nnonsense", &pass("pass")),
            Err(SealError::Damaged(_))
        ));
    }

    #[test]
    fn a_file_sealed_for_a_key_says_so() {
        let key = age::x25519::Identity::generate();
        let sealed = age::encrypt(&key.to_public(), b"secret").unwrap();
        assert_eq!(open(&sealed, &pass("pass")), Err(SealError::NotPassphrase));
    }

    #[test]
    fn armored_files_are_recognised_and_opened() {
        let recipient = age::scrypt::Recipient::new(SecretString::from("pass".to_owned()));
        let armored = age::encrypt_and_armor(&recipient, b"hello").unwrap();
        assert!(is_sealed(armored.as_bytes()));
        assert_eq!(open(armored.as_bytes(), &pass("pass")).unwrap(), b"hello");
        assert!(!is_sealed(b"{\"format\": \"kith-export\"}"));
        assert!(!is_sealed(b"BEGIN:VCARD"));
    }
}
