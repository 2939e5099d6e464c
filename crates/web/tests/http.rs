//! HTTP tests of the real router, served over TCP, on SQLite and (with
//! `KAKEHASHI_TEST_POSTGRES_URL`) PostgreSQL, each case on a freshly created database. One test
//! binary; its cases are one module per area in `cases/`, plus the scope matrix across all areas,
//! and the harness they share is `support`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

#[path = "cases/accounts.rs"]
mod accounts;
#[path = "cases/admin.rs"]
mod admin;
#[path = "cases/applying.rs"]
mod applying;
#[path = "cases/bulk.rs"]
mod bulk;
#[path = "cases/placement.rs"]
mod placement;
#[path = "cases/records.rs"]
mod records;
#[path = "cases/recruitment.rs"]
mod recruitment;
#[path = "cases/scope.rs"]
mod scope;
#[path = "cases/selection.rs"]
mod selection;
#[path = "cases/shell.rs"]
mod shell;
