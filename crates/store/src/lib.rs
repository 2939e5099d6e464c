//! Persistence for Kakehashi: one SQL code path on SQLite (embedded default) and PostgreSQL
//! (production, several app instances), migrations for each, export, import and backup.
//!
//! Functions here take a [`Tx`] and do SQL only: permission checks and audit decisions belong to
//! the `app` crate, which calls these inside one transaction per change.

pub mod applying;
pub mod audit;
pub mod auth;
pub mod db;
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
pub mod transfer;
pub mod users;

pub use db::{Backend, Conditions, Guard, Query, Record, Store, StoreOptions, Tx, Value, query, reset_id_sequences};
pub use error::StoreError;
