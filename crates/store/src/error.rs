//! Errors of the storage layer. The app layer maps them: `NotFound` to 404, `Conflict` to 409,
//! everything else to an internal error whose detail goes to the log, never to the user.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("the database at {url} could not be reached: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("not found")]
    NotFound,
    /// A uniqueness or foreign-key constraint refused the change; names the constraint.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A statement of the transaction failed, so it cannot be committed (on either backend).
    #[error("the transaction was aborted by an earlier error and cannot be committed")]
    Aborted,
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("export file: {0}")]
    Transfer(String),
    #[error("database: {0}")]
    Database(sqlx::Error),
    /// A task asked for a second connection while it held one (see `Store::read`).
    #[error("a second database connection was asked for while one is held")]
    NestedConnection,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let kind = db.kind();
            if matches!(kind, sqlx::error::ErrorKind::UniqueViolation | sqlx::error::ErrorKind::ForeignKeyViolation) {
                return StoreError::Conflict(
                    db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned()),
                );
            }
        }
        if matches!(e, sqlx::Error::RowNotFound) {
            return StoreError::NotFound;
        }
        StoreError::Database(e)
    }
}

impl From<domain::FieldError> for StoreError {
    fn from(e: domain::FieldError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
