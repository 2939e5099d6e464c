//! The mail outbox. Every mail is written here in the transaction of the change that causes it, so
//! a mail is never sent for a change that rolled back, nor lost for one that committed. A sender
//! delivers `pending` mails by SMTP; without SMTP configured, mails are `kept` here as the
//! development outbox that administrators read in the browser.

use crate::db::{Conditions, Tx, Value, insert_many, query};
use crate::error::StoreError;
use domain::MailId;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    /// Waiting for the SMTP sender.
    Pending,
    Sent,
    /// Gave up after repeated SMTP failures.
    Failed,
    /// No SMTP configured: kept for reading in the development outbox.
    Kept,
}

impl MailStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::Kept => "kept",
        }
    }

    pub const ALL: [MailStatus; 4] = [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed, MailStatus::Kept];

    pub fn parse(raw: &str) -> Option<MailStatus> {
        MailStatus::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

#[derive(Debug, Clone)]
pub struct NewMail {
    pub to_address: String,
    pub language: String,
    pub template: String,
    pub subject: String,
    pub body_text: String,
    pub status: MailStatus,
    /// An iCalendar object sent along as `invitation.ics` (an interview invitation).
    pub calendar: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct MailRow {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub to_address: String,
    pub language: String,
    pub template: String,
    pub subject: String,
    pub body_text: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
    pub calendar: Option<String>,
}

const MAIL_COLUMNS: &str = "id, created_at, to_address, language, template, subject, body_text, status, attempts, last_error, sent_at, calendar";

pub async fn insert(tx: &mut Tx, mail: &NewMail, now: OffsetDateTime) -> Result<MailId, StoreError> {
    let id = tx
        .fetch_i64(
            query(
                "INSERT INTO mail_outbox (created_at, to_address, language, template, subject, body_text, status, attempts, calendar) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) RETURNING id",
            )
            .bind(now)
            .bind(mail.to_address.as_str())
            .bind(mail.language.as_str())
            .bind(mail.template.as_str())
            .bind(mail.subject.as_str())
            .bind(mail.body_text.as_str())
            .bind(mail.status.as_str())
            .bind(mail.calendar.clone()),
        )
        .await?;
    Ok(MailId(id))
}

/// Writes many mails in batched statements (a committee's approval notifies thousands at once;
/// a statement each was most of its time).
pub async fn insert_all(tx: &mut Tx, mails: Vec<NewMail>, now: OffsetDateTime) -> Result<(), StoreError> {
    // Rows made before the statement (see `placing::insert_placements`).
    let rows: Vec<Vec<Value>> = mails
        .into_iter()
        .map(|m| {
            vec![
                Value::from(now),
                Value::from(m.to_address),
                Value::from(m.language),
                Value::from(m.template),
                Value::from(m.subject),
                Value::from(m.body_text),
                Value::from(m.status.as_str().to_owned()),
                Value::from(0i64),
                Value::from(m.calendar),
            ]
        })
        .collect();
    insert_many(
        tx,
        "mail_outbox",
        &["created_at", "to_address", "language", "template", "subject", "body_text", "status", "attempts", "calendar"],
        rows,
    )
    .await
}

/// Which mails of the outbox to list: to an address, a search in the recipient and the subject,
/// and a status.
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub to: Option<String>,
    pub search: Option<String>,
    pub status: Option<MailStatus>,
}

impl OutboxFilter {
    /// The mails to one address (or any containing it).
    pub fn to(address: &str) -> OutboxFilter {
        OutboxFilter { to: Some(address.to_owned()), ..OutboxFilter::default() }
    }

    fn conditions(&self) -> Conditions {
        let mut c = Conditions::new();
        if let Some(to) = self.to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            c.contains_any(&["to_address"], to);
        }
        if let Some(search) = self.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            c.contains_any(&["to_address", "subject"], search);
        }
        if let Some(status) = self.status {
            c.eq("status", status.as_str());
        }
        c
    }
}

pub async fn list(tx: &mut Tx, filter: &OutboxFilter, limit: i64, offset: i64) -> Result<Vec<MailRow>, StoreError> {
    let c = filter.conditions();
    let n = c.next_placeholder();
    let q = c.query(
        &format!("SELECT {MAIL_COLUMNS} FROM mail_outbox"),
        &format!("ORDER BY id DESC LIMIT ${n} OFFSET ${}", n + 1),
        vec![Value::from(limit), Value::from(offset)],
    );
    tx.fetch_all(q).await
}

/// The mails the filter lists, sent or not.
pub async fn count(tx: &mut Tx, filter: &OutboxFilter) -> Result<i64, StoreError> {
    tx.fetch_i64(filter.conditions().query("SELECT COUNT(*) FROM mail_outbox", "", vec![])).await
}

pub async fn by_id(tx: &mut Tx, id: MailId) -> Result<Option<MailRow>, StoreError> {
    tx.fetch_optional(query(format!("SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE id = $1")).bind(id.0)).await
}

pub async fn pending(tx: &mut Tx, limit: i64) -> Result<Vec<MailRow>, StoreError> {
    tx.fetch_all(
        query(format!("SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE status = 'pending' ORDER BY id LIMIT $1"))
            .bind(limit),
    )
    .await
}

/// Claims up to `limit` pending mails for one sender until `now + lease`. Several app instances
/// on one PostgreSQL each claim different mails (`SKIP LOCKED`); a sender that dies mid-way
/// leaves its claim to expire, and the mail is sent by another. (SQLite has one writer.)
pub async fn claim(
    tx: &mut Tx,
    now: OffsetDateTime,
    lease: time::Duration,
    limit: i64,
) -> Result<Vec<MailRow>, StoreError> {
    let lock = match tx.backend() {
        crate::db::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        crate::db::Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE mail_outbox SET claimed_at = $1 WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' \
         AND (claimed_at IS NULL OR claimed_at < $2) ORDER BY id LIMIT $3 {lock}) RETURNING {MAIL_COLUMNS}"
    );
    let mut rows: Vec<MailRow> = tx.fetch_all(query(sql).bind(now).bind(now - lease).bind(limit)).await?;
    rows.sort_by_key(|m| m.id);
    Ok(rows)
}

pub async fn mark_sent(tx: &mut Tx, id: MailId, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE mail_outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
            .bind(now)
            .bind(id.0),
    )
    .await?;
    Ok(())
}

/// Records a failed attempt; after `max_attempts` the mail is given up as `failed`.
pub async fn mark_attempt_failed(tx: &mut Tx, id: MailId, error: &str, max_attempts: i64) -> Result<(), StoreError> {
    tx.execute(
        query(
            "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, \
             claimed_at = NULL, status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END WHERE id = $3",
        )
        .bind(error)
        .bind(max_attempts)
        .bind(id.0),
    )
    .await?;
    Ok(())
}
