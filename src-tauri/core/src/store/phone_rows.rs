//! Phone numbers' keys and the home country they are read in: the
//! setting, and re-keying every stored number when it changes (the floor:
//! every write of an identity and every match by phone reads it).

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension};

use super::Result;
use crate::domain::{phone_key_in, Country, PersonId};

const HOME_COUNTRY: &str = "home_country";

/// The database's home country (see `Settings::home_country`).
pub(crate) fn home_country(conn: &Connection) -> Result<Option<Country>> {
    Ok(conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([HOME_COUNTRY], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|v| Country::parse(&v).ok()))
}

/// Makes `home` the home country and re-keys every stored number with it;
/// returns whose identities were folded (see [`rekey_phones`]).
pub(super) fn set_home_country(
    tx: &Connection,
    home: Option<Country>,
) -> Result<BTreeSet<PersonId>> {
    match home {
        Some(country) => tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![HOME_COUNTRY, country.code()],
        )?,
        None => tx.execute("DELETE FROM setting WHERE key = ?1", [HOME_COUNTRY])?,
    };
    rekey_phones(tx, home)
}

/// Re-derives every stored phone number's key with [`phone_key_in`] and
/// the database's home country (a migration's Rust step, and a change of
/// the home country). Two numbers of one person that now share a key
/// become one identity; returns whose identities were folded so.
fn rekey_phones(tx: &Connection, home: Option<Country>) -> Result<BTreeSet<PersonId>> {
    let phones: Vec<(i64, i64, String, String)> = tx
        .prepare(
            "SELECT id, person_id, value, normalized FROM identity
             WHERE kind = 'phone' ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut folded = BTreeSet::new();
    for (id, person, value, old) in phones {
        let key = phone_key_in(&value, home);
        if key != old
            && tx.execute(
                "UPDATE OR IGNORE identity SET normalized = ?2 WHERE id = ?1",
                params![id, key],
            )? == 0
        {
            tx.execute("DELETE FROM identity WHERE id = ?1", [id])?;
            folded.insert(PersonId(person));
        }
    }
    Ok(folded)
}

/// Migration 0007's Rust step: phone keys by today's rule (the search
/// index is built by a later one).
pub(super) fn rekey_phones_now(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    rekey_phones(tx, home_country(tx)?).map(|_| ())
}
