//! Export and import of the whole database as one portable file, so that a deployment can move
//! from SQLite to PostgreSQL and back with nothing lost; and backup of a live database.
//!
//! The file is JSON Lines: a header, then for each table a line naming its columns followed by one
//! JSON array per row, then an end line with the row count (a truncated file is refused).
//! Timestamps are RFC 3339 in UTC, dates `YYYY-MM-DD`, bytes lower-case hex.

use crate::db::{Backend, Store, Tx, Value, insert_many, query, reset_id_sequences};
use crate::error::StoreError;
use crate::schema::{ColumnType, TABLES, Table};
use serde_json::{Value as Json, json};
use std::io::{BufRead, Write};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

pub const EXPORT_FORMAT: &str = "kakehashi-export/1";

const IMPORT_BATCH_PARAMS: usize = 10_000;

fn err(message: impl Into<String>) -> StoreError {
    StoreError::Transfer(message.into())
}

async fn schema_version(tx: &mut Tx) -> Result<i64, StoreError> {
    tx.fetch_i64(query("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = TRUE")).await
}

fn to_json(value: &Value) -> Result<Json, StoreError> {
    Ok(match value {
        Value::Bool(v) => v.map(Json::Bool).unwrap_or(Json::Null),
        Value::Int(v) => v.map(Json::from).unwrap_or(Json::Null),
        Value::Float(v) => match v {
            Some(f) => serde_json::Number::from_f64(*f)
                .map(Json::Number)
                .ok_or_else(|| err("a non-finite number cannot be exported"))?,
            None => Json::Null,
        },
        Value::Text(v) => v.clone().map(Json::String).unwrap_or(Json::Null),
        Value::Bytes(v) => {
            v.as_ref().map(|b| Json::String(b.iter().map(|x| format!("{x:02x}")).collect())).unwrap_or(Json::Null)
        }
        Value::Timestamp(v) => match v {
            Some(t) => {
                Json::String(t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).map_err(|e| err(e.to_string()))?)
            }
            None => Json::Null,
        },
        Value::Date(v) => v.map(|d| Json::String(d.to_string())).unwrap_or(Json::Null),
    })
}

fn from_json(json: &Json, ty: ColumnType, at: &str) -> Result<Value, StoreError> {
    let bad = || err(format!("{at}: expected {ty:?}, found {json}"));
    if json.is_null() {
        return Ok(match ty {
            ColumnType::Bool => Value::Bool(None),
            ColumnType::Int => Value::Int(None),
            ColumnType::Float => Value::Float(None),
            ColumnType::Text => Value::Text(None),
            ColumnType::Bytes => Value::Bytes(None),
            ColumnType::Timestamp => Value::Timestamp(None),
            ColumnType::Date => Value::Date(None),
        });
    }
    Ok(match ty {
        ColumnType::Bool => Value::Bool(Some(json.as_bool().ok_or_else(bad)?)),
        ColumnType::Int => Value::Int(Some(json.as_i64().ok_or_else(bad)?)),
        ColumnType::Float => Value::Float(Some(json.as_f64().ok_or_else(bad)?)),
        ColumnType::Text => Value::Text(Some(json.as_str().ok_or_else(bad)?.to_owned())),
        ColumnType::Bytes => {
            let hex = json.as_str().ok_or_else(bad)?;
            let bytes: Result<Vec<u8>, _> =
                (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16)).collect();
            Value::Bytes(Some(bytes.map_err(|_| bad())?))
        }
        ColumnType::Timestamp => {
            Value::Timestamp(Some(OffsetDateTime::parse(json.as_str().ok_or_else(bad)?, &Rfc3339).map_err(|_| bad())?))
        }
        ColumnType::Date => {
            let text = json.as_str().ok_or_else(bad)?;
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Value::Date(Some(Date::parse(text, &format).map_err(|_| bad())?))
        }
    })
}

fn select_all(table: &Table) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    format!("SELECT {} FROM {} ORDER BY {}", columns.join(", "), table.name, table.key.join(", "))
}

/// Writes the whole database, as one consistent snapshot, to `out`. Returns the number of rows.
pub async fn export(store: &Store, out: &mut impl Write) -> Result<u64, StoreError> {
    let mut tx = store.snapshot().await?;
    let io = |e: std::io::Error| err(e.to_string());
    let header = json!({
        "format": EXPORT_FORMAT,
        "schema_version": schema_version(&mut tx).await?,
        "exported_from": store.backend().as_str(),
        "exported_at": OffsetDateTime::now_utc().format(&Rfc3339).map_err(|e| err(e.to_string()))?,
    });
    writeln!(out, "{header}").map_err(io)?;
    let mut total = 0u64;
    for table in TABLES {
        let types: Vec<ColumnType> = table.columns.iter().map(|(_, t)| *t).collect();
        let rows = tx.fetch_raw(query(select_all(table)), &types).await?;
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        writeln!(out, "{}", json!({"table": table.name, "columns": columns, "rows": rows.len()})).map_err(io)?;
        for row in rows {
            let values: Result<Vec<Json>, _> = row.iter().map(to_json).collect();
            writeln!(out, "{}", Json::Array(values?)).map_err(io)?;
            total += 1;
        }
    }
    writeln!(out, "{}", json!({"end": true, "rows": total})).map_err(io)?;
    out.flush().map_err(io)?;
    Ok(total)
}

/// Reads an export into this database, which must be migrated to the same schema and empty.
/// All in one transaction: on any error nothing is written.
pub async fn import(store: &Store, input: impl BufRead) -> Result<u64, StoreError> {
    let mut lines = input.lines().enumerate();
    let mut next_line = || -> Result<Option<(usize, Json)>, StoreError> {
        match lines.next() {
            None => Ok(None),
            Some((i, line)) => {
                let line = line.map_err(|e| err(e.to_string()))?;
                let json = serde_json::from_str(&line).map_err(|e| err(format!("line {}: {e}", i + 1)))?;
                Ok(Some((i + 1, json)))
            }
        }
    };
    let mut tx = store.write().await?;
    let (_, header) = next_line()?.ok_or_else(|| err("the file is empty"))?;
    if header["format"] != EXPORT_FORMAT {
        return Err(err(format!("line 1: not a Kakehashi export (format must be {EXPORT_FORMAT})")));
    }
    let ours = schema_version(&mut tx).await?;
    if header["schema_version"].as_i64() != Some(ours) {
        return Err(err(format!(
            "the export has schema version {} and this database {ours}: migrate both to the same release first",
            header["schema_version"]
        )));
    }
    for table in TABLES {
        let count = tx.fetch_i64(query(format!("SELECT COUNT(*) FROM {}", table.name))).await?;
        if count > 0 {
            return Err(err(format!("table {} is not empty: import only into a new, migrated database", table.name)));
        }
    }
    let mut total = 0u64;
    for table in TABLES {
        let (line_no, section) =
            next_line()?.ok_or_else(|| err(format!("the file ends before table {}", table.name)))?;
        if section["table"] != table.name {
            return Err(err(format!("line {line_no}: expected table {}, found {}", table.name, section["table"])));
        }
        let expected: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let columns: Vec<&str> = section["columns"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
        if columns != expected {
            return Err(err(format!("line {line_no}: the columns of {} differ from this release's", table.name)));
        }
        let rows = section["rows"].as_u64().ok_or_else(|| err(format!("line {line_no}: row count missing")))?;
        let per_batch = (IMPORT_BATCH_PARAMS / table.columns.len()).max(1);
        let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_batch);
        for _ in 0..rows {
            let (line_no, row) =
                next_line()?.ok_or_else(|| err(format!("the file ends inside table {}", table.name)))?;
            let cells = row.as_array().ok_or_else(|| err(format!("line {line_no}: a row must be an array")))?;
            if cells.len() != table.columns.len() {
                return Err(err(format!("line {line_no}: {} values for {} columns", cells.len(), table.columns.len())));
            }
            let values: Result<Vec<Value>, _> = cells
                .iter()
                .zip(table.columns)
                .map(|(cell, (name, ty))| from_json(cell, *ty, &format!("line {line_no}, {}.{name}", table.name)))
                .collect();
            batch.push(values?);
            if batch.len() == per_batch {
                insert_many(&mut tx, table.name, &expected, std::mem::take(&mut batch)).await?;
            }
        }
        if !batch.is_empty() {
            insert_many(&mut tx, table.name, &expected, batch).await?;
        }
        total += rows;
    }
    let (line_no, end) = next_line()?.ok_or_else(|| err("the file is truncated: its end line is missing"))?;
    if end["end"] != true || end["rows"].as_u64() != Some(total) {
        return Err(err(format!("line {line_no}: the end line does not match the {total} rows read")));
    }
    reset_id_sequences(&mut tx).await?;
    tx.commit().await?;
    Ok(total)
}

/// A consistent copy of a live database in a file. SQLite: a ready-to-use database file
/// (`VACUUM INTO`), restored by pointing the URL at it. PostgreSQL: an export taken in one
/// repeatable-read snapshot, restored with `import` into a new database.
pub async fn backup(store: &Store, path: &std::path::Path) -> Result<u64, StoreError> {
    if path.exists() {
        return Err(err(format!("{} exists already: choose a new file", path.display())));
    }
    match store.backend() {
        Backend::Sqlite => {
            let target = path.to_str().ok_or_else(|| err("the backup path must be valid UTF-8"))?;
            store.execute_unscoped(query("VACUUM INTO $1").bind(target)).await?;
            Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
        }
        Backend::Postgres => {
            // Written to a temporary name and renamed, so a crash never leaves a half backup.
            let partial = path.with_extension("partial");
            let file = std::fs::File::create(&partial).map_err(|e| err(format!("{}: {e}", partial.display())))?;
            let mut out = std::io::BufWriter::new(file);
            export(store, &mut out).await?;
            drop(out);
            std::fs::rename(&partial, path).map_err(|e| err(e.to_string()))?;
            Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
        }
    }
}

/// The tables and columns the live database has, as `table.column`, for the conformance check
/// that the catalogue in `schema.rs` is complete.
pub async fn database_columns(store: &Store) -> Result<Vec<String>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Column {
        table_name: String,
        column_name: String,
    }
    let mut tx = store.read().await?;
    let rows: Vec<Column> = tx.fetch_all(query(catalogue_sql(store.backend()))).await?;
    let mut names: Vec<String> = rows.into_iter().map(|c| format!("{}.{}", c.table_name, c.column_name)).collect();
    names.sort();
    Ok(names)
}

/// The SQL that lists the database's own tables and columns, in one shape on both backends.
fn catalogue_sql(backend: crate::db::Backend) -> &'static str {
    match backend {
        crate::db::Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' ORDER BY m.name, p.cid"
        }
        crate::db::Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position"
        }
    }
}
