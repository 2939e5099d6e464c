//! Errors of the use-case layer. Which error belongs where: `domain::FieldError` for a value that
//! failed its constructor; `AppError` for what a use case refuses or fails at, each variant mapping
//! to one HTTP status in the web layer; `store::StoreError` stays inside this crate, turned into
//! `AppError` by `From`, so SQL detail never reaches a user.

use domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// One or more inputs were refused; each names its field and a catalogue key. 422.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// No session or token, or an expired one. 401.
    #[error("not authenticated")]
    Unauthenticated,
    /// Wrong e-mail or password. 401, with the same message for both so as not to reveal accounts.
    #[error("bad credentials")]
    BadCredentials,
    /// Authenticated, but the role or unit does not allow it. 403; the attempt is audited.
    #[error("forbidden")]
    Forbidden,
    /// 404. Also used for records outside the caller's unit where their existence is itself private.
    #[error("not found")]
    NotFound,
    /// A concurrent change or a uniqueness rule. 409.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many failed logins. 429.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The database could not be reached. 503.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: logged with detail, shown as a generic message. 500.
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &str, reason: &'static str) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, reason)])
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        use store::StoreError as S;
        match e {
            S::NotFound => AppError::NotFound,
            S::Conflict(what) => AppError::Conflict(what),
            S::Unreachable { url, reason } => AppError::Unavailable(format!("{url}: {reason}")),
            S::Database(sqlx_error) if is_connection_error(&sqlx_error) => {
                AppError::Unavailable(sqlx_error.to_string())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

fn is_connection_error(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_))
}

pub type AppResult<T> = Result<T, AppError>;
