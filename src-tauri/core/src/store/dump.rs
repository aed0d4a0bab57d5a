//! The whole database as plain tables, for the JSON export, and restoring
//! such a dump into an empty database. Table and column names in a dump
//! are checked against the schema before anything is written; values are
//! only ever bound as parameters.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::saved::{columns_of, tables, Dump, Table, Value};
use super::search::reindex;
use super::{Result, Store, StoreError, SCHEMA_VERSION};
use crate::domain::{InputError, PersonId};

fn bad(message: String) -> StoreError {
    StoreError::Input(InputError::BadDump(message))
}

impl Store {
    /// Every table, rows in primary-key order.
    pub fn dump(&self) -> Result<Dump> {
        self.read(|conn| {
            let mut tables_out = Vec::new();
            for table in tables() {
                let columns = columns_of(conn, table)?;
                let list = super::saved::quoted_list(&columns);
                // Ordered by every column: stable for WITHOUT ROWID tables too.
                let order = (1..=columns.len())
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut stmt =
                    conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {order}"))?;
                let width = columns.len();
                let rows = stmt
                    .query_map([], |r| {
                        (0..width)
                            .map(|i| Ok(Value::from(r.get_ref(i)?)))
                            .collect::<rusqlite::Result<Vec<Value>>>()
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                tables_out.push(Table {
                    name: table.to_owned(),
                    columns,
                    rows,
                });
            }
            Ok(Dump {
                schema_version: SCHEMA_VERSION,
                tables: tables_out,
            })
        })
    }

    /// Restores a dump into this database, which must hold no people yet
    /// (the shipped templates are replaced by the dump's). All of it or,
    /// on any error, none of it.
    pub fn restore(&self, dump: &Dump) -> Result<u64> {
        self.restore_dump(dump, false)
    }

    /// Restores what was read from a damaged file: as [`Store::restore`],
    /// except that rows pointing at rows that could not be read are left
    /// out instead of refusing the whole dump.
    pub fn restore_salvage(&self, dump: &Dump) -> Result<u64> {
        self.restore_dump(dump, true)
    }

    fn restore_dump(&self, dump: &Dump, drop_orphans: bool) -> Result<u64> {
        if dump.schema_version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: dump.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        self.write(|tx| {
            // Checked inside the write, so nobody can add people between
            // the check and the restore.
            let people: i64 = tx.query_row("SELECT count(*) FROM person", [], |r| r.get(0))?;
            if people > 0 {
                return Err(bad(
                    "a Kith export restores into an empty database; this one already has people (use a new database file)".to_owned(),
                ));
            }
            tx.pragma_update(None, "defer_foreign_keys", "ON")?;
            for table in &dump.tables {
                if !tables().any(|t| t == table.name) {
                    return Err(bad(format!("unknown table '{}'", table.name)));
                }
                let known = columns_of(tx, &table.name)?;
                if let Some(unknown) = table.columns.iter().find(|c| !known.contains(c)) {
                    return Err(bad(format!(
                        "unknown column '{unknown}' in '{}'",
                        table.name
                    )));
                }
                tx.execute(&format!("DELETE FROM \"{}\"", table.name), [])?;
                if table.columns.is_empty() {
                    continue;
                }
                let list = super::saved::quoted_list(&table.columns);
                let marks = vec!["?"; table.columns.len()].join(", ");
                let mut insert = tx.prepare(&format!(
                    "INSERT INTO \"{}\" ({list}) VALUES ({marks})",
                    table.name
                ))?;
                for (i, row) in table.rows.iter().enumerate() {
                    if row.len() != table.columns.len() {
                        return Err(bad(format!(
                            "row {} of '{}' has {} values for {} columns",
                            i + 1,
                            table.name,
                            row.len(),
                            table.columns.len()
                        )));
                    }
                    let values = row.iter().map(SqlValue::from);
                    insert
                        .execute(params_from_iter(values))
                        .map_err(|e| bad(format!("row {} of '{}': {e}", i + 1, table.name)))?;
                }
            }
            if drop_orphans {
                drop_orphan_rows(tx)?;
            }
            // An export written before a message kept its first source.
            super::mail_rows::keep_first_sources(tx)?;
            let ids: Vec<i64> = tx
                .prepare("SELECT id FROM person")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                reindex(tx, PersonId(*id))?;
            }
            // Broken references are refused before the commit.
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(bad(format!(
                    "{broken} rows refer to rows that are not in the export"
                )));
            }
            Ok(ids.len() as u64)
        })
    }
}

/// Deletes rows whose parent row is missing, child tables last, until
/// none are left (a deleted row can orphan its own children).
fn drop_orphan_rows(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    loop {
        let mut removed = 0;
        for table in tables() {
            let links: Vec<(String, String, Option<String>)> = tx
                .prepare(&format!(
                    "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{table}')"
                ))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (from, parent, to) in links {
                let to = to.unwrap_or_else(|| "rowid".to_owned());
                removed += tx.execute(
                    &format!(
                        "DELETE FROM \"{table}\" WHERE \"{from}\" IS NOT NULL
                         AND \"{from}\" NOT IN (SELECT \"{to}\" FROM \"{parent}\")"
                    ),
                    [],
                )?;
            }
        }
        if removed == 0 {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::saved::{check_saved_row, decode_row, encode_row, DUMP_TABLES, NOT_DUMPED};
    use crate::store::tests::t0;
    use crate::PersonDraft;

    #[test]
    fn a_restore_into_a_store_with_people_is_refused_inside_its_write() {
        let source = Store::open_in_memory().unwrap();
        source
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        let dump = source.dump().unwrap();
        let target = Store::open_in_memory().unwrap();
        target
            .create_person(&PersonDraft::named("Grace").unwrap(), t0())
            .unwrap();
        let refused = target.restore(&dump).unwrap_err();
        assert!(
            refused.to_string().contains("already has people"),
            "{refused}"
        );
        // Nothing of the dump went in, not even the templates it replaces.
        assert_eq!(target.people_count().unwrap(), 1);
        assert_eq!(target.dump().unwrap().tables, {
            let fresh = Store::open_in_memory().unwrap();
            fresh
                .create_person(&PersonDraft::named("Grace").unwrap(), t0())
                .unwrap();
            fresh.dump().unwrap().tables
        });
    }

    #[test]
    fn saved_rows_may_only_name_known_tables_and_columns() {
        let store = Store::open_in_memory().unwrap();
        let one = [Value::Integer(1)];
        let two = [Value::Integer(1), Value::Text("Ada".into())];
        store
            .read(|conn| {
                assert!(check_saved_row(conn, "person", &["id", "display_name"], &two).is_ok());
                assert!(
                    check_saved_row(conn, "person", &["id", "display_name"], &one).is_err(),
                    "a value short"
                );
                assert!(
                    check_saved_row(conn, "person\"; DROP TABLE person; --", &["id"], &one)
                        .is_err()
                );
                assert!(
                    check_saved_row(conn, "person", &["id", "x\") VALUES (1); --"], &two).is_err()
                );
                assert!(check_saved_row(conn, "sqlite_master", &["name"], &one).is_err());
                assert!(check_saved_row(conn, "person", &[], &[]).is_err());
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn the_dump_holds_every_table_of_the_schema() {
        let store = Store::open_in_memory().unwrap();
        let mut tables: Vec<String> = store
            .read(|conn| {
                let mut stmt = conn.prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table'
                     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'person_search%'",
                )?;
                let names = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(names)
            })
            .unwrap();
        tables.sort();
        let mut dumped: Vec<String> = DUMP_TABLES
            .iter()
            .chain(&NOT_DUMPED)
            .map(|t| t.to_string())
            .collect();
        dumped.sort();
        assert_eq!(
            tables, dumped,
            "a table added to the schema must be added to DUMP_TABLES (or NOT_DUMPED)"
        );
    }

    #[test]
    fn a_dump_restores_into_an_empty_database_and_dumps_the_same() {
        let source = Store::open_in_memory().unwrap();
        source.load_sample(chrono_tz::Tz::UTC, t0()).unwrap();
        let ada = source
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        source.add_topic(ada, "compilers", t0()).unwrap();
        let dump = source.dump().unwrap();
        let target = Store::open_in_memory().unwrap();
        assert_eq!(target.restore(&dump).unwrap(), 41);
        assert_eq!(target.dump().unwrap(), dump);
        assert_eq!(target.people("Ada", 0, 5).unwrap().total, 1);
        assert!(matches!(
            target.restore(&dump),
            Err(StoreError::Input(InputError::BadDump(_)))
        ));
    }

    #[test]
    fn rows_encode_and_decode_whatever_their_text() {
        let row = vec![
            Value::Null,
            Value::Integer(-42),
            Value::Real(1.5),
            Value::Text("a;b:T3:c\nédé".into()),
            Value::Text(String::new()),
            Value::Blob(vec![0, 255, 7]),
        ];
        assert_eq!(decode_row(&encode_row(&row)), Some(row));
        assert_eq!(decode_row("T9:short"), None);
        assert_eq!(decode_row("X1;"), None);
    }

    #[test]
    fn a_dump_naming_other_tables_or_columns_is_refused_untouched() {
        let target = Store::open_in_memory().unwrap();
        for (table, column) in [
            ("sqlite_master", "name"),
            ("person", "x\" TEXT); DROP TABLE person; --"),
        ] {
            let dump = Dump {
                schema_version: SCHEMA_VERSION,
                tables: vec![Table {
                    name: table.into(),
                    columns: vec![column.into()],
                    rows: vec![vec![Value::Text("x".into())]],
                }],
            };
            assert!(target.restore(&dump).is_err());
        }
        let dangling = Dump {
            schema_version: SCHEMA_VERSION,
            tables: vec![Table {
                name: "note".into(),
                columns: vec![
                    "id".into(),
                    "person_id".into(),
                    "body".into(),
                    "created_at".into(),
                    "updated_at".into(),
                ],
                rows: vec![vec![
                    Value::Integer(1),
                    Value::Integer(99),
                    Value::Text("x".into()),
                    Value::Integer(0),
                    Value::Integer(0),
                ]],
            }],
        };
        assert!(target.restore(&dangling).is_err());
        assert_eq!(target.templates().unwrap().len(), 3);
        target.integrity_check().unwrap();
    }
}
