//! The append-only audit log: who did what, when, to which record, with its state before and after.
//! Written in the same transaction as the change it records; refused attempts are recorded too.

use crate::db::{Conditions, Tx, Value, query};
use crate::error::StoreError;
use domain::UserId;
use time::OffsetDateTime;

/// Whether the audited action happened or was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Denied => "denied",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: Option<UserId>,
    /// What happened, as `entity.verb`: `user.create`, `role.grant`, `session.login`.
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    /// The unit the record belongs to (`organisation:12`), so a unit's history can be read.
    pub unit_key: String,
    pub outcome: Outcome,
    /// JSON of the record before and after; never secrets (no password hashes, no tokens).
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn record(tx: &mut Tx, entry: &AuditEntry, at: OffsetDateTime) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "INSERT INTO audit_log (at, actor_user_id, action, entity, entity_id, unit_key, outcome, before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(at)
        .bind(entry.actor.map(|a| a.0))
        .bind(entry.action)
        .bind(entry.entity)
        .bind(entry.entity_id.as_str())
        .bind(entry.unit_key.as_str())
        .bind(entry.outcome.as_str())
        .bind(entry.before.as_ref().map(|v| v.to_string()))
        .bind(entry.after.as_ref().map(|v| v.to_string())),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub unit_key: String,
    pub outcome: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub outcome: Option<Outcome>,
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

fn conditions(filter: &AuditFilter) -> Conditions {
    let mut c = Conditions::new();
    if let Some(actor) = filter.actor {
        c.eq("a.actor_user_id", actor.0);
    }
    if let Some(action) = &filter.action {
        c.eq("a.action", action.as_str());
    }
    if let Some(entity) = &filter.entity {
        c.eq("a.entity", entity.as_str());
    }
    if let Some(id) = &filter.entity_id {
        c.eq("a.entity_id", id.as_str());
    }
    if let Some(outcome) = filter.outcome {
        c.eq("a.outcome", outcome.as_str());
    }
    if let Some(since) = filter.since {
        c.op("a.at", ">=", since);
    }
    if let Some(until) = filter.until {
        c.op("a.at", "<", until);
    }
    c
}

/// The newest entries first.
pub async fn list(tx: &mut Tx, filter: &AuditFilter, limit: i64, offset: i64) -> Result<Vec<AuditRow>, StoreError> {
    let c = conditions(filter);
    let n = c.next_placeholder();
    let q = c.query(
        "SELECT a.id, a.at, a.actor_user_id, u.email AS actor_email, a.action, a.entity, a.entity_id, a.unit_key, a.outcome, \
         a.before_json, a.after_json FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id",
        &format!("ORDER BY a.id DESC LIMIT ${n} OFFSET ${}", n + 1),
        vec![Value::from(limit), Value::from(offset)],
    );
    tx.fetch_all(q).await
}

pub async fn count(tx: &mut Tx, filter: &AuditFilter) -> Result<i64, StoreError> {
    let q = conditions(filter).query("SELECT COUNT(*) FROM audit_log a", "", vec![]);
    tx.fetch_i64(q).await
}

/// One step of a record's history: what was done to it, when, and by whom.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct HistoryRow {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub action: String,
    pub actor_user_id: Option<i64>,
    /// The actor's display name (not their address).
    pub actor_name: Option<String>,
    /// The actor's person record, so a reader can tell the applicant's own steps from staff's.
    pub actor_person_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// What was done to one record (refusals left out), newest first, at most `limit` steps; read
/// through the `(entity, entity_id)` index.
pub async fn history(tx: &mut Tx, entity: &str, entity_id: &str, limit: i64) -> Result<Vec<HistoryRow>, StoreError> {
    tx.fetch_all(
        query(
            "SELECT a.at, a.action, a.actor_user_id, u.display_name AS actor_name, u.person_id AS actor_person_id, \
             a.before_json, a.after_json FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id \
             WHERE a.entity = $1 AND a.entity_id = $2 AND a.outcome = 'done' ORDER BY a.id DESC LIMIT $3",
        )
        .bind(entity)
        .bind(entity_id)
        .bind(limit),
    )
    .await
}
