//! Secrets given on the command line's standard input or typed at its
//! terminal without echo: the sync password, an export's passphrase.

use std::io::{BufRead, IsTerminal};

use crate::Failure;

/// A secret: standard input's first line when `from_stdin`, else asked on
/// the terminal without echo (`prompt`), else refused with a hint to pass
/// `flag`.
pub(crate) fn read_secret(what: &str, from_stdin: bool, flag: &str) -> Result<String, Failure> {
    let secret = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::Other(format!("could not read the {what}: {e}")))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if std::io::stdin().is_terminal() {
        let mut prompt = what.to_owned();
        if let Some(first) = prompt.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        rpassword::prompt_password(format!("{prompt}: "))
            .map_err(|e| Failure::Other(format!("could not read the {what}: {e}")))?
    } else {
        return Err(Failure::Usage(format!(
            "not asking for a {what} without a terminal; pass {flag}"
        )));
    };
    if secret.is_empty() {
        return Err(Failure::Usage(format!("the {what} is empty")));
    }
    Ok(secret)
}
