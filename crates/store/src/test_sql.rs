//! Raw SQL for tests outside this crate, and only for them: with the `test-sql` feature, which
//! only `[dev-dependencies]` turn on.
//!
//! Tests set up states no use case reaches (a user's language changed behind the application's
//! back, an injected failing trigger) and inspect what a use case left behind (counts of rows,
//! audit records). A typed function per such statement would grow `store`'s API with a hundred
//! functions that only tests call; so tests keep their SQL, through this door, and the code that
//! ships cannot open it: `cargo build` of the binary compiles `store` without the feature, so
//! any `store::test_sql` in library code fails to build (`.ci/run` builds the binary).
//!
//! Bring the traits into scope and the calls read as inside the crate:
//! `tx.fetch_i64(query("SELECT COUNT(*) FROM users")).await`.

use crate::db::{Store, Tx};
use crate::error::StoreError;
use std::future::Future;

pub use crate::db::{Query, Record, Value, insert_many, query};

/// The raw statements of a transaction.
pub trait RawSql {
    fn execute(&mut self, q: Query) -> impl Future<Output = Result<u64, StoreError>> + Send;
    fn fetch_all<T: Record>(&mut self, q: Query) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send;
    fn fetch_optional<T: Record>(&mut self, q: Query) -> impl Future<Output = Result<Option<T>, StoreError>> + Send;
    fn fetch_one<T: Record>(&mut self, q: Query) -> impl Future<Output = Result<T, StoreError>> + Send;
    /// A single `BIGINT` (a count, an id from `RETURNING id`).
    fn fetch_i64(&mut self, q: Query) -> impl Future<Output = Result<i64, StoreError>> + Send;
}

impl RawSql for Tx {
    fn execute(&mut self, q: Query) -> impl Future<Output = Result<u64, StoreError>> + Send {
        Tx::execute(self, q)
    }
    fn fetch_all<T: Record>(&mut self, q: Query) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send {
        Tx::fetch_all(self, q)
    }
    fn fetch_optional<T: Record>(&mut self, q: Query) -> impl Future<Output = Result<Option<T>, StoreError>> + Send {
        Tx::fetch_optional(self, q)
    }
    fn fetch_one<T: Record>(&mut self, q: Query) -> impl Future<Output = Result<T, StoreError>> + Send {
        Tx::fetch_one(self, q)
    }
    fn fetch_i64(&mut self, q: Query) -> impl Future<Output = Result<i64, StoreError>> + Send {
        Tx::fetch_i64(self, q)
    }
}

/// A raw statement outside any transaction (a test's trigger, created and dropped).
pub trait RawSqlUnscoped {
    fn execute_unscoped(&self, q: Query) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

impl RawSqlUnscoped for Store {
    fn execute_unscoped(&self, q: Query) -> impl Future<Output = Result<u64, StoreError>> + Send {
        Store::execute_unscoped(self, q)
    }
}
