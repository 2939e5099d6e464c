//! Long-running jobs with their progress (an import of thousands of paper applications), and the
//! list filters users save under a name.

use crate::db::{Tx, query};
use crate::error::StoreError;
use time::OffsetDateTime;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub requested_by: Option<i64>,
    pub unit_key: String,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub done: i64,
    pub total: i64,
    pub result_json: Option<String>,
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

const JOB: &str = "SELECT id, kind, requested_by, unit_key, status, done, total, result_json, error, created_at, updated_at FROM jobs";

pub async fn insert_job(
    tx: &mut Tx,
    kind: &str,
    requested_by: i64,
    unit_key: &str,
    total: i64,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "INSERT INTO jobs (kind, requested_by, unit_key, status, done, total, created_at, updated_at, heartbeat_at) \
             VALUES ($1, $2, $3, 'running', 0, $4, $5, $5, $5) RETURNING id",
        )
        .bind(kind)
        .bind(requested_by)
        .bind(unit_key)
        .bind(total)
        .bind(now),
    )
    .await
}

pub async fn job(tx: &mut Tx, id: i64) -> Result<Option<JobRow>, StoreError> {
    tx.fetch_optional(query(format!("{JOB} WHERE id = $1")).bind(id)).await
}

pub async fn set_progress(tx: &mut Tx, id: i64, done: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(query("UPDATE jobs SET done = $1, updated_at = $2 WHERE id = $3").bind(done).bind(now).bind(id)).await?;
    Ok(())
}

/// Ends a job: `done` with its result, or `failed` with the error.
pub async fn finish(tx: &mut Tx, id: i64, result: Result<&str, &str>, now: OffsetDateTime) -> Result<(), StoreError> {
    let (status, result_json, error) = match result {
        Ok(json) => ("done", Some(json), None),
        Err(e) => ("failed", None, Some(e)),
    };
    tx.execute(
        query("UPDATE jobs SET status = $1, result_json = $2, error = $3, updated_at = $4 WHERE id = $5")
            .bind(status)
            .bind(result_json)
            .bind(error)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// The process working on a running job stamps this every few seconds while it works (see
/// `app::JobHold`); a job whose stamp is old has no process left.
pub async fn beat(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(query("UPDATE jobs SET heartbeat_at = $1 WHERE id = $2 AND status = 'running'").bind(now).bind(id))
        .await?;
    Ok(())
}

/// Jobs left `running` whose heartbeat is older than `stale_before` (their process stopped: a
/// crash, `kill -9`, a restart) are failed, so nobody waits for them. A live job's process stamps
/// its heartbeat far more often, whichever instance runs it, so no instance fails another's live
/// job. Jobs from before heartbeats (none stamped) count from their last progress.
pub async fn fail_abandoned(tx: &mut Tx, stale_before: OffsetDateTime, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query(
            "UPDATE jobs SET status = 'failed', error = 'interrupted', updated_at = $1 \
             WHERE status = 'running' AND COALESCE(heartbeat_at, updated_at) < $2",
        )
        .bind(now)
        .bind(stale_before),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SavedFilterRow {
    pub id: i64,
    pub user_id: i64,
    pub list: String,
    pub name: String,
    pub query: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

pub async fn saved_filters(tx: &mut Tx, user: i64, list: &str) -> Result<Vec<SavedFilterRow>, StoreError> {
    tx.fetch_all(
        query(
            "SELECT id, user_id, list, name, query, created_at FROM saved_filters WHERE user_id = $1 AND list = $2 ORDER BY name",
        )
        .bind(user)
        .bind(list),
    )
    .await
}

/// Saves a filter under a name, replacing the user's filter of that name on that list.
pub async fn save_filter(
    tx: &mut Tx,
    user: i64,
    list: &str,
    name: &str,
    query_string: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query("DELETE FROM saved_filters WHERE user_id = $1 AND list = $2 AND name = $3")
            .bind(user)
            .bind(list)
            .bind(name),
    )
    .await?;
    tx.execute(
        query("INSERT INTO saved_filters (user_id, list, name, query, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(user)
            .bind(list)
            .bind(name)
            .bind(query_string)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn delete_filter(tx: &mut Tx, user: i64, id: i64) -> Result<u64, StoreError> {
    tx.execute(query("DELETE FROM saved_filters WHERE id = $1 AND user_id = $2").bind(id).bind(user)).await
}
