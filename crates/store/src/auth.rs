//! Sessions, API tokens, login attempts and password resets. Only hashes of secrets are stored:
//! a copy of the database lets no one log in.

use crate::db::{Tx, query};
use crate::error::StoreError;
use domain::UserId;
use time::OffsetDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
}

pub async fn insert_session(
    tx: &mut Tx,
    id_hash: &str,
    user: UserId,
    csrf_token: &str,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(id_hash)
        .bind(user.0)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at),
    )
    .await?;
    Ok(())
}

pub async fn session_by_hash(tx: &mut Tx, id_hash: &str) -> Result<Option<SessionRow>, StoreError> {
    tx.fetch_optional(
        query("SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at FROM sessions WHERE id_hash = $1")
            .bind(id_hash),
    )
    .await
}

/// One session's slide: its `last_seen_at` and new `expires_at`.
#[derive(Debug, Clone)]
pub struct Slide {
    pub id_hash: String,
    pub seen: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Slides many sessions at once, each to its own times: one statement per 300 sessions (the
/// sessions used at the same minute of a deadline rush), not one transaction each.
pub async fn touch_sessions(tx: &mut Tx, slides: &[Slide]) -> Result<(), StoreError> {
    for chunk in slides.chunks(300) {
        // A derived table of (hash, seen, expires) rows, in SQL both engines read the same way.
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("SELECT ${} AS h, ${} AS seen, ${} AS expires", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let mut q = query(format!(
            "UPDATE sessions SET last_seen_at = s.seen, expires_at = s.expires FROM ({}) AS s \
             WHERE sessions.id_hash = s.h AND sessions.revoked_at IS NULL",
            rows.join(" UNION ALL ")
        ));
        for s in chunk {
            q.push_arg(s.id_hash.as_str());
            q.push_arg(s.seen);
            q.push_arg(s.expires_at);
        }
        tx.execute(q).await?;
    }
    Ok(())
}

pub async fn revoke_session(tx: &mut Tx, id_hash: &str, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query("UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL").bind(now).bind(id_hash),
    )
    .await
}

pub async fn revoke_sessions_of(tx: &mut Tx, user: UserId, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(now).bind(user.0),
    )
    .await
}

pub async fn active_sessions_of(tx: &mut Tx, user: UserId, now: OffsetDateTime) -> Result<Vec<SessionRow>, StoreError> {
    tx.fetch_all(
        query(
            "SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at FROM sessions \
             WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(user.0)
        .bind(now),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

const TOKEN_COLUMNS: &str = "id, user_id, name, created_at, last_used_at, revoked_at";

pub async fn insert_api_token(
    tx: &mut Tx,
    user: UserId,
    name: &str,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(user.0)
            .bind(name)
            .bind(token_hash)
            .bind(now),
    )
    .await
}

pub async fn api_token_by_hash(tx: &mut Tx, token_hash: &str) -> Result<Option<ApiTokenRow>, StoreError> {
    tx.fetch_optional(query(format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1")).bind(token_hash))
        .await
}

pub async fn api_tokens_of(tx: &mut Tx, user: UserId) -> Result<Vec<ApiTokenRow>, StoreError> {
    tx.fetch_all(query(format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id")).bind(user.0))
        .await
}

pub async fn touch_api_token(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(id)).await?;
    Ok(())
}

/// Revokes one of the user's own tokens; 0 when there is no such live token of theirs.
pub async fn revoke_api_token(tx: &mut Tx, user: UserId, id: i64, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(user.0),
    )
    .await
}

/// Ends every personal API token of the user (log out everywhere, a password reset, a disabled
/// account): a token is a credential like a session, and outlives none of them.
pub async fn revoke_api_tokens_of(tx: &mut Tx, user: UserId, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(now).bind(user.0),
    )
    .await
}

/// Records an attempt (a login, a reset request) under a rate-limit key; its id, so that a login
/// reserved as failed can be marked succeeded once the password matched.
pub async fn record_login_attempt(
    tx: &mut Tx,
    key_hash: &str,
    at: OffsetDateTime,
    succeeded: bool,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query("INSERT INTO login_attempts (key_hash, at, succeeded) VALUES ($1, $2, $3) RETURNING id")
            .bind(key_hash)
            .bind(at)
            .bind(succeeded),
    )
    .await
}

/// Holds the rate-limit keys (digests) until the transaction ends, so that counting the attempts
/// under them and recording one more is one step under concurrency. SQLite's write transaction
/// holds the database's write lock already; PostgreSQL takes a transaction-scoped advisory lock per
/// key, in ascending order so that two attempts sharing keys never wait for each other in a cycle.
pub async fn hold_attempt_keys(tx: &mut Tx, key_hashes: &[&str]) -> Result<(), StoreError> {
    if tx.backend() != crate::Backend::Postgres {
        return Ok(());
    }
    let mut locks: Vec<i64> = key_hashes.iter().map(|k| advisory_lock_of(k)).collect();
    locks.sort_unstable();
    locks.dedup();
    for lock in locks {
        tx.execute(query("SELECT pg_advisory_xact_lock($1)").bind(lock)).await?;
    }
    Ok(())
}

/// A stable 64-bit advisory-lock number for a key (FNV-1a of its text: a digest, or a name), the same in every
/// instance of the application.
pub(crate) fn advisory_lock_of(key_hash: &str) -> i64 {
    let mut n: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key_hash.bytes() {
        n ^= u64::from(b);
        n = n.wrapping_mul(0x0100_0000_01b3);
    }
    n as i64
}

/// Marks attempts reserved as failed as succeeded (the password matched).
pub async fn mark_login_attempts_succeeded(tx: &mut Tx, ids: &[i64]) -> Result<(), StoreError> {
    for id in ids {
        tx.execute(query("UPDATE login_attempts SET succeeded = TRUE WHERE id = $1").bind(*id)).await?;
    }
    Ok(())
}

pub async fn failed_logins_since(tx: &mut Tx, key_hash: &str, since: OffsetDateTime) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query("SELECT COUNT(*) FROM login_attempts WHERE key_hash = $1 AND at > $2 AND succeeded = FALSE")
            .bind(key_hash)
            .bind(since),
    )
    .await
}

/// Old attempts are only needed for the rate-limit window.
pub async fn forget_login_attempts_before(tx: &mut Tx, before: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(query("DELETE FROM login_attempts WHERE at < $1").bind(before)).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasswordResetRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
}

pub async fn insert_password_reset(
    tx: &mut Tx,
    token_hash: &str,
    user: UserId,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.0)
            .bind(now)
            .bind(expires_at),
    )
    .await?;
    Ok(())
}

pub async fn password_reset_by_hash(tx: &mut Tx, token_hash: &str) -> Result<Option<PasswordResetRow>, StoreError> {
    tx.fetch_optional(
        query("SELECT token_hash, user_id, created_at, expires_at, used_at FROM password_resets WHERE token_hash = $1")
            .bind(token_hash),
    )
    .await
}

/// Marks a reset used; 0 when it was used already (a second click, a replay).
pub async fn use_password_reset(tx: &mut Tx, token_hash: &str, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query("UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
            .bind(now)
            .bind(token_hash),
    )
    .await
}

/// Ends every unused reset link of the account: once its password changes (by any link, or any
/// other way), no older link may set it again.
pub async fn end_password_resets_of(tx: &mut Tx, user: UserId, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL").bind(now).bind(user.0),
    )
    .await
}

/// Remembers a device (the digest of its cookie) that signed in to the account.
pub async fn insert_known_device(
    tx: &mut Tx,
    token_hash: &str,
    user: UserId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)")
            .bind(token_hash)
            .bind(user.0)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// Whether the device (the digest of its cookie) signed in to the account since `since`.
pub async fn is_known_device(
    tx: &mut Tx,
    token_hash: &str,
    user: UserId,
    since: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .fetch_i64(
            query("SELECT COUNT(*) FROM known_devices WHERE token_hash = $1 AND user_id = $2 AND last_used_at > $3")
                .bind(token_hash)
                .bind(user.0)
                .bind(since),
        )
        .await?
        > 0)
}

pub async fn touch_known_device(tx: &mut Tx, token_hash: &str, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(query("UPDATE known_devices SET last_used_at = $1 WHERE token_hash = $2").bind(now).bind(token_hash))
        .await?;
    Ok(())
}

/// Forgets every device of the account (log out everywhere, a password reset).
pub async fn forget_known_devices_of(tx: &mut Tx, user: UserId) -> Result<u64, StoreError> {
    tx.execute(query("DELETE FROM known_devices WHERE user_id = $1").bind(user.0)).await
}
