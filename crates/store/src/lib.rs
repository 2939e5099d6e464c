//! Persistence for Kakehashi: one SQL code path on SQLite (embedded default) and PostgreSQL
//! (production, several app instances), migrations for each, export, import and backup.
//!
//! Functions here take a [`Tx`] and do SQL only: permission checks and audit decisions belong to
//! the `app` crate, which calls these inside one transaction per change. This is the only crate
//! that writes SQL: the raw query API (`query`, `Tx::execute`, `Tx::fetch_*`, the filter builder)
//! is private to it; tests reach it through [`test_sql`] (feature `test-sql`, dev-dependencies
//! only).

pub mod applying;
pub mod audit;
pub mod auth;
pub mod contracts;
mod db;
pub mod error;
pub mod jobs;
pub mod outbox;
pub mod placing;
pub mod programme;
pub mod recruitment;
pub mod reference;
pub mod schema;
pub mod seed;
pub mod selection;
#[cfg(feature = "test-sql")]
pub mod test_sql;
pub mod transfer;
pub mod users;

pub use db::{Backend, Guard, Store, StoreOptions, Tx, redact_url};
pub use error::StoreError;
