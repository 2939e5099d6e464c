//! A fresh database per test, on either backend.
//!
//! Test support only: a setup that cannot be made fails the test with a panic that says why.
#![allow(clippy::panic)]

use sqlx::Connection;
use std::sync::atomic::{AtomicU32, Ordering};
use store::{Backend, Store, StoreOptions};

/// The environment variable naming a PostgreSQL server for the tests, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`. Each test creates its own database there.
pub const POSTGRES_URL_VAR: &str = "KAKEHASHI_TEST_POSTGRES_URL";

/// The backends the tests run on here: SQLite always, PostgreSQL when a server is named.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if std::env::var(POSTGRES_URL_VAR).is_ok_and(|v| !v.is_empty()) {
        out.push(Backend::Postgres);
    }
    out
}

/// Says, for each test, that PostgreSQL was skipped, so a green run never hides that it ran on
/// SQLite alone. Written to stderr directly: the test harness captures `eprintln!` of passing
/// tests, and this line must be seen.
pub fn note_skipped(test: &str) {
    use std::io::Write;
    if !backends().contains(&Backend::Postgres) {
        let _ = writeln!(std::io::stderr(), "{test}: PostgreSQL skipped (set {POSTGRES_URL_VAR} to run it)");
    }
}

/// A migrated, empty database that is removed when the test is done with it.
#[derive(Debug)]
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("kk_test_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos)
}

fn with_database(server_url: &str, name: &str) -> String {
    // Replace the path of the URL (the database name), keeping any query string.
    let (base, query) = server_url.split_once('?').map(|(b, q)| (b, Some(q))).unwrap_or((server_url, None));
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[authority_end..].find('/').map(|i| i + authority_end).unwrap_or(base.len());
    let mut url = format!("{}/{}", &base[..path_start], name);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

impl TestDatabase {
    /// An empty database, not yet migrated.
    pub async fn empty(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
                let url = format!("sqlite://{}", dir.path().join("kakehashi.db").display());
                TestDatabase { url, backend, _dir: Some(dir), postgres: None }
            }
            Backend::Postgres => {
                let server =
                    std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| panic!("{POSTGRES_URL_VAR} is not set"));
                let name = unique_name();
                let mut admin = sqlx::PgConnection::connect(&server)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach the PostgreSQL test server: {e}"));
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
                let url = with_database(&server, &name);
                TestDatabase { url, backend, _dir: None, postgres: Some((server, name)) }
            }
        }
    }

    /// A migrated, empty database and a store on it.
    pub async fn migrated(backend: Backend) -> (TestDatabase, Store) {
        let db = TestDatabase::empty(backend).await;
        let store = db.store().await;
        store.migrate().await.unwrap_or_else(|e| panic!("migrate: {e}"));
        (db, store)
    }

    pub async fn store(&self) -> Store {
        Store::connect(&self.url, &StoreOptions::default()).await.unwrap_or_else(|e| panic!("connect: {e}"))
    }

    /// Drops a PostgreSQL test database (SQLite's folder goes with the value). Call at the end of
    /// a test; a test that panics leaves its database for `.ci/run` to sweep.
    pub async fn finish(self, store: Store) {
        store.close().await;
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = sqlx::PgConnection::connect(server).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut admin)
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_replaces_the_path() {
        assert_eq!(super::with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(
            super::with_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(super::with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
