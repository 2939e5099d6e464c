//! The one SQL code path over two backends.
//!
//! Every query in Kakehashi is written once, in the SQL both SQLite and PostgreSQL understand
//! (`$1` placeholders, `RETURNING`, `ON CONFLICT`), and run through [`Tx`]. The only places that
//! ask which backend they are on are named with [`Backend`] and are few: export sequences, backup,
//! and the database's own catalogue. `sqlx::Any` was not used because it cannot carry timestamps,
//! dates or booleans natively; this layer binds each [`Value`] with its real type on each backend.

use crate::error::StoreError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Connection, FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use time::{Date, OffsetDateTime};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The tasks that hold a transaction now. A task that asks for a second connection while it holds
/// one can wait for ever once every connection of the pool is held by tasks doing the same (eight
/// refused requests, each holding a read while its refusal's audit waited for a write, took the
/// service down). So it is refused: in debug builds (tests, CI, the browser tests) as an error,
/// so the test suite finds every such path; in release builds it is logged and allowed.
#[derive(Debug, Default)]
struct Holders(std::sync::Mutex<std::collections::HashMap<tokio::task::Id, u32>>);

impl Holders {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<tokio::task::Id, u32>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Checks that the current task holds no transaction yet; the claim is released by [`Hold`].
    fn claim(self: &Arc<Self>) -> Result<Option<Hold>, StoreError> {
        let Some(task) = tokio::task::try_id() else { return Ok(None) };
        let mut held = self.lock();
        let count = held.entry(task).or_insert(0);
        if *count > 0 {
            if cfg!(debug_assertions) {
                return Err(StoreError::NestedConnection);
            }
            tracing::error!("a task asked for a second database connection while holding one");
        }
        *count += 1;
        Ok(Some(Hold { holders: self.clone(), task }))
    }
}

/// A task's claim on a connection, released when its transaction ends.
struct Hold {
    holders: Arc<Holders>,
    task: tokio::task::Id,
}

impl Drop for Hold {
    fn drop(&mut self) {
        let mut held = self.holders.lock();
        if let Some(count) = held.get_mut(&self.task) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.task);
            }
        }
    }
}

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
    /// The backend a database URL names: `postgres://` or `postgresql://` for PostgreSQL,
    /// `sqlite:` for SQLite.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else {
            Err(StoreError::Config(format!(
                "the database URL must start with sqlite: or postgres:// (got {})",
                redact_url(url)
            )))
        }
    }
}

/// A URL with any password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// A value bound to a query. Each variant carries its type even when null, because PostgreSQL
/// needs a typed null (`NULL::bigint` is not `NULL::text`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(Option<bool>),
    Int(Option<i64>),
    Float(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Timestamp(Option<OffsetDateTime>),
    Date(Option<Date>),
}

macro_rules! value_from {
    ($variant:ident, $t:ty) => {
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(Some(v.into()))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Self {
                Value::$variant(v.map(Into::into))
            }
        }
    };
}
value_from!(Bool, bool);
value_from!(Int, i64);
value_from!(Int, i32);
value_from!(Int, u8);
value_from!(Float, f64);
value_from!(Text, String);
value_from!(Bytes, Vec<u8>);
value_from!(Timestamp, OffsetDateTime);
value_from!(Date, Date);

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}
impl From<std::sync::Arc<[u8]>> for Value {
    fn from(v: std::sync::Arc<[u8]>) -> Self {
        Value::Bytes(Some(v.to_vec()))
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Some(v.clone()))
    }
}

/// A statement and its arguments. `Query`, [`query`], [`Value`], [`Record`] and [`insert_many`]
/// are declared `pub` only so that [`crate::test_sql`] can hand them to tests; this module is
/// private, so without that feature nothing outside the crate can name them.
#[derive(Debug, Clone)]
pub struct Query {
    sql: Cow<'static, str>,
    args: Vec<Value>,
}

/// Starts a query. SQL is static text (or built only from static fragments): user input always
/// travels as a bound argument.
pub fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query { sql: sql.into(), args: Vec::new() }
}

impl Query {
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }
    pub fn push_arg(&mut self, value: impl Into<Value>) {
        self.args.push(value.into());
    }
}

fn sql_of(sql: Cow<'static, str>) -> sqlx::SqlStr {
    use sqlx::SqlSafeStr;
    match sql {
        Cow::Borrowed(s) => s.into_sql_str(),
        // Built by this crate from static fragments and `$n` placeholders only.
        Cow::Owned(s) => AssertSqlSafe(s).into_sql_str(),
    }
}

/// PostgreSQL keeps microseconds; SQLite would keep whatever it is given. Both get microseconds,
/// so a value reads back the same on either and an export moves between them unchanged.
fn to_micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000).unwrap_or(t)
}

/// SQLite resolves each `$N` by walking the statement's list of parameter names, which makes a
/// multi-row insert with thousands of parameters quadratic (measured: 89% of an import's time).
/// Anonymous `?` placeholders are positional and need no lookup, so a statement that uses
/// `$1, $2, … $n` each once and in order is given to SQLite with `?` instead. Others keep `$N`.
fn positional_for_sqlite(sql: &str) -> Option<String> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let (mut i, mut expected, mut in_literal, mut last) = (0, 1usize, false, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => in_literal = !in_literal,
            b'$' if !in_literal => {
                let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                if digits > 0 {
                    let n: usize = sql.get(i + 1..i + 1 + digits)?.parse().ok()?;
                    if n != expected {
                        return None;
                    }
                    expected += 1;
                    out.push_str(sql.get(last..i)?);
                    out.push('?');
                    i += 1 + digits;
                    last = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(sql.get(last..)?);
    Some(out)
}

fn sqlite_query(q: Query) -> sqlx::query::Query<'static, Sqlite, sqlx::sqlite::SqliteArguments> {
    let sql = if q.args.len() > 16 {
        match positional_for_sqlite(&q.sql) {
            Some(positional) => Cow::Owned(positional),
            None => q.sql,
        }
    } else {
        q.sql
    };
    let mut out = sqlx::query(sql_of(sql));
    for arg in q.args {
        out = match arg {
            Value::Bool(v) => out.bind(v),
            Value::Int(v) => out.bind(v),
            Value::Float(v) => out.bind(v),
            Value::Text(v) => out.bind(v),
            Value::Bytes(v) => out.bind(v),
            Value::Timestamp(v) => out.bind(v.map(to_micros)),
            Value::Date(v) => out.bind(v),
        };
    }
    out
}

fn postgres_query(q: Query) -> sqlx::query::Query<'static, Postgres, sqlx::postgres::PgArguments> {
    let mut out = sqlx::query(sql_of(q.sql));
    for arg in q.args {
        out = match arg {
            Value::Bool(v) => out.bind(v),
            Value::Int(v) => out.bind(v),
            Value::Float(v) => out.bind(v),
            Value::Text(v) => out.bind(v),
            Value::Bytes(v) => out.bind(v),
            Value::Timestamp(v) => out.bind(v.map(to_micros)),
            Value::Date(v) => out.bind(v),
        };
    }
    out
}

/// A row type that decodes from both backends (derive `sqlx::FromRow` on a struct whose fields
/// are `i64`, `f64`, `bool`, `String`, `Vec<u8>`, `OffsetDateTime`, `Date` or options of them).
pub trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

#[derive(Clone)]
enum Pool {
    /// The readers' pool, and the writer's own connection: SQLite has one writer at a time, and
    /// a writer that had to wait for a pooled connection while thousands of reads held them kept
    /// every other writer waiting behind it.
    Sqlite {
        readers: SqlitePool,
        writer: SqlitePool,
    },
    Postgres(PgPool),
}

/// The database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// SQLite allows one writer at a time; writers in this process queue here instead of failing
    /// with "database is locked". Writers in other processes wait on `busy_timeout`.
    write_gate: Option<Arc<Mutex<()>>>,
    url_redacted: String,
    holders: Arc<Holders>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("url", &self.url_redacted).finish()
    }
}

/// Options for opening a store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    pub connect_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { max_connections: 8, connect_timeout: Duration::from_secs(10) }
    }
}

impl Store {
    /// Opens (and for SQLite creates) the database the URL names. Does not migrate.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Store, StoreError> {
        let backend = Backend::from_url(url)?;
        let url_redacted = redact_url(url);
        let unreachable = |e: sqlx::Error| StoreError::Unreachable { url: url_redacted.clone(), reason: e.to_string() };
        let pool = match backend {
            Backend::Sqlite => {
                let connect = SqliteConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Config(format!("{url_redacted}: {e}")))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(30));
                let readers = SqlitePoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.connect_timeout)
                    .connect_with(connect.clone())
                    .await
                    .map_err(unreachable)?;
                let writer = SqlitePoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(options.connect_timeout)
                    .connect_with(connect)
                    .await
                    .map_err(unreachable)?;
                Pool::Sqlite { readers, writer }
            }
            Backend::Postgres => {
                let connect =
                    PgConnectOptions::from_str(url).map_err(|e| StoreError::Config(format!("{url_redacted}: {e}")))?;
                // One direct attempt first: a pool only says it timed out, this says why
                // (connection refused, no such database, authentication failed).
                let first =
                    tokio::time::timeout(options.connect_timeout, sqlx::PgConnection::connect_with(&connect)).await;
                match first {
                    Ok(Ok(conn)) => conn.close().await.map_err(unreachable)?,
                    Ok(Err(e)) => return Err(unreachable(e)),
                    Err(_) => {
                        return Err(StoreError::Unreachable {
                            url: url_redacted.clone(),
                            reason: "no answer within the connect timeout".into(),
                        });
                    }
                }
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.connect_timeout)
                    .connect_with(connect)
                    .await
                    .map_err(unreachable)?;
                Pool::Postgres(pool)
            }
        };
        let write_gate = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Store { pool, write_gate, url_redacted, holders: Arc::default() })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite { .. } => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn url_redacted(&self) -> &str {
        &self.url_redacted
    }

    /// Brings the schema up to date with this build's migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite { writer, .. } => sqlx::migrate!("./migrations/sqlite").run(writer).await?,
            Pool::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Brings the schema up to `version` only, as an earlier build left it: the upgrade test
    /// writes records there and migrates them forward (tests only, feature `test-sql`).
    #[cfg(feature = "test-sql")]
    pub async fn migrate_up_to(&self, version: i64) -> Result<(), StoreError> {
        let earlier = |mut m: sqlx::migrate::Migrator| {
            m.migrations = m.migrations.iter().filter(|m| m.version <= version).cloned().collect::<Vec<_>>().into();
            m
        };
        match &self.pool {
            Pool::Sqlite { writer, .. } => earlier(sqlx::migrate!("./migrations/sqlite")).run(writer).await?,
            Pool::Postgres(pool) => earlier(sqlx::migrate!("./migrations/postgres")).run(pool).await?,
        }
        Ok(())
    }

    /// A transaction for reading. On SQLite it never blocks a writer (WAL) and reads one
    /// snapshot. On PostgreSQL it is a pooled connection in autocommit: under READ COMMITTED
    /// every statement of a transaction takes a fresh snapshot anyway, so `BEGIN` and `ROLLBACK`
    /// would add two round trips and guarantee nothing more (measured at the deadline rush: a
    /// quarter of PostgreSQL's statements). Readers that need one snapshot use [`Store::snapshot`].
    pub async fn read(&self) -> Result<Tx, StoreError> {
        let hold = self.holders.claim()?;
        let inner = match &self.pool {
            Pool::Sqlite { readers, .. } => TxInner::Sqlite(readers.begin().await?),
            Pool::Postgres(pool) => TxInner::PostgresAutocommit(pool.acquire().await?),
        };
        Ok(Tx { inner, _gate: None, _hold: hold, failed: false })
    }

    /// A transaction for a change. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// after queueing behind this process's other writers.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        let hold = self.holders.claim()?;
        match &self.pool {
            Pool::Sqlite { writer, .. } => {
                let gate = match &self.write_gate {
                    Some(gate) => Some(gate.clone().lock_owned().await),
                    None => None,
                };
                let tx = writer.begin_with("BEGIN IMMEDIATE").await?;
                Ok(Tx { inner: TxInner::Sqlite(tx), _gate: gate, _hold: hold, failed: false })
            }
            Pool::Postgres(pool) => {
                Ok(Tx { inner: TxInner::Postgres(pool.begin().await?), _gate: None, _hold: hold, failed: false })
            }
        }
    }

    /// A read transaction that sees one consistent snapshot of the whole database, for export and
    /// backup while the system is live.
    pub async fn snapshot(&self) -> Result<Tx, StoreError> {
        let hold = self.holders.claim()?;
        match &self.pool {
            // A deferred SQLite transaction in WAL mode reads one snapshot from its first read on.
            Pool::Sqlite { readers, .. } => {
                Ok(Tx { inner: TxInner::Sqlite(readers.begin().await?), _gate: None, _hold: hold, failed: false })
            }
            Pool::Postgres(pool) => {
                let tx = pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
                Ok(Tx { inner: TxInner::Postgres(tx), _gate: None, _hold: hold, failed: false })
            }
        }
    }

    /// Whether the database answers a trivial query (the health check): one read transaction,
    /// so it waits for a connection like any request would.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut tx = self.read().await?;
        tx.fetch_i64(query("SELECT CAST(1 AS BIGINT)")).await?;
        Ok(())
    }

    /// Runs a statement outside any transaction (maintenance: `VACUUM INTO`).
    pub(crate) async fn execute_unscoped(&self, q: Query) -> Result<u64, StoreError> {
        let done = match &self.pool {
            Pool::Sqlite { readers, .. } => sqlite_query(q).execute(readers).await?.rows_affected(),
            Pool::Postgres(pool) => postgres_query(q).execute(pool).await?.rows_affected(),
        };
        Ok(done)
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite { readers, writer } => {
                readers.close().await;
                writer.close().await;
            }
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

/// A row whose lock guards limits counted under it (see [`Tx::lock_guard`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// A programme year: its places by position, its placements, its paper-application imports.
    ProgrammeYear,
    /// An application: its referees, documents and interview slot.
    Application,
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
    /// A read on PostgreSQL: no transaction (see [`Store::read`]).
    PostgresAutocommit(PoolConnection<Postgres>),
}

/// A transaction. Dropped without [`Tx::commit`], it rolls back: nothing is half-written.
pub struct Tx {
    inner: TxInner,
    _gate: Option<OwnedMutexGuard<()>>,
    /// Released after the connection (fields drop in order), so the task may then open another.
    _hold: Option<Hold>,
    /// Set when a statement failed. PostgreSQL then refuses every further statement and turns
    /// `COMMIT` into a silent rollback; SQLite would carry on. Both now refuse to commit, so
    /// a change is whole or absent on either backend.
    failed: bool,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").field("backend", &self.backend()).finish()
    }
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) | TxInner::PostgresAutocommit(_) => Backend::Postgres,
        }
    }

    /// Holds the lock of the row that guards a limit until this transaction ends, so that
    /// counting against the limit and the write the count allows are one step for every other
    /// writer guarded by the same row. Take it before reading what the limit counts.
    ///
    /// PostgreSQL: `SELECT ... FOR UPDATE`; under READ COMMITTED each later statement sees what
    /// the previous holder committed. SQLite: nothing to do, a write transaction already holds
    /// the database's one write lock (`BEGIN IMMEDIATE`). A row that does not exist locks
    /// nothing; the caller's own lookup tells it so.
    pub async fn lock_guard(&mut self, guard: Guard, id: i64) -> Result<(), StoreError> {
        if self.backend() == Backend::Sqlite {
            return Ok(());
        }
        let sql = match guard {
            Guard::ProgrammeYear => "SELECT id FROM programme_years WHERE id = $1 FOR UPDATE",
            Guard::Application => "SELECT id FROM applications WHERE id = $1 FOR UPDATE",
        };
        let _: Option<(i64,)> = self.fetch_optional(query(sql).bind(id)).await?;
        Ok(())
    }

    pub(crate) async fn execute(&mut self, q: Query) -> Result<u64, StoreError> {
        let result = self.execute_raw(q).await;
        self.note(result)
    }

    async fn execute_raw(&mut self, q: Query) -> Result<u64, StoreError> {
        let done = match &mut self.inner {
            TxInner::Sqlite(tx) => sqlite_query(q).execute(&mut **tx).await?.rows_affected(),
            TxInner::Postgres(tx) => postgres_query(q).execute(&mut **tx).await?.rows_affected(),
            TxInner::PostgresAutocommit(conn) => postgres_query(q).execute(&mut **conn).await?.rows_affected(),
        };
        Ok(done)
    }

    pub(crate) async fn fetch_all<T: Record>(&mut self, q: Query) -> Result<Vec<T>, StoreError> {
        let result = self.fetch_all_raw(q).await;
        self.note(result)
    }

    async fn fetch_all_raw<T: Record>(&mut self, q: Query) -> Result<Vec<T>, StoreError> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => {
                let rows = sqlite_query(q).fetch_all(&mut **tx).await?;
                rows.iter().map(|r| T::from_row(r).map_err(StoreError::from)).collect()
            }
            TxInner::Postgres(tx) => {
                let rows = postgres_query(q).fetch_all(&mut **tx).await?;
                rows.iter().map(|r| T::from_row(r).map_err(StoreError::from)).collect()
            }
            TxInner::PostgresAutocommit(conn) => {
                let rows = postgres_query(q).fetch_all(&mut **conn).await?;
                rows.iter().map(|r| T::from_row(r).map_err(StoreError::from)).collect()
            }
        }
    }

    pub(crate) async fn fetch_optional<T: Record>(&mut self, q: Query) -> Result<Option<T>, StoreError> {
        let result = self.fetch_optional_raw(q).await;
        self.note(result)
    }

    async fn fetch_optional_raw<T: Record>(&mut self, q: Query) -> Result<Option<T>, StoreError> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => match sqlite_query(q).fetch_optional(&mut **tx).await? {
                Some(row) => Ok(Some(T::from_row(&row)?)),
                None => Ok(None),
            },
            TxInner::Postgres(tx) => match postgres_query(q).fetch_optional(&mut **tx).await? {
                Some(row) => Ok(Some(T::from_row(&row)?)),
                None => Ok(None),
            },
            TxInner::PostgresAutocommit(conn) => match postgres_query(q).fetch_optional(&mut **conn).await? {
                Some(row) => Ok(Some(T::from_row(&row)?)),
                None => Ok(None),
            },
        }
    }

    pub(crate) async fn fetch_one<T: Record>(&mut self, q: Query) -> Result<T, StoreError> {
        self.fetch_optional(q).await?.ok_or(StoreError::NotFound)
    }

    /// A single `BIGINT` (a count, an id from `RETURNING id`).
    pub(crate) async fn fetch_i64(&mut self, q: Query) -> Result<i64, StoreError> {
        let (value,): (i64,) = self.fetch_one(q).await?;
        Ok(value)
    }

    /// Raw rows for the generic export: each column decoded by the type the caller names.
    pub(crate) async fn fetch_raw(
        &mut self,
        q: Query,
        types: &[crate::schema::ColumnType],
    ) -> Result<Vec<Vec<Value>>, StoreError> {
        use crate::schema::ColumnType as C;
        use sqlx::Row;
        macro_rules! decode_rows {
            ($rows:expr) => {{
                let mut out = Vec::with_capacity($rows.len());
                for row in &$rows {
                    let mut values = Vec::with_capacity(types.len());
                    for (i, ty) in types.iter().enumerate() {
                        values.push(match ty {
                            C::Bool => Value::Bool(row.try_get(i)?),
                            C::Int => Value::Int(row.try_get(i)?),
                            C::Float => Value::Float(row.try_get(i)?),
                            C::Text => Value::Text(row.try_get(i)?),
                            C::Bytes => Value::Bytes(row.try_get(i)?),
                            C::Timestamp => Value::Timestamp(row.try_get(i)?),
                            C::Date => Value::Date(row.try_get(i)?),
                        });
                    }
                    out.push(values);
                }
                out
            }};
        }
        let result: Result<Vec<Vec<Value>>, StoreError> = async {
            Ok(match &mut self.inner {
                TxInner::Sqlite(tx) => {
                    let rows = sqlite_query(q).fetch_all(&mut **tx).await?;
                    decode_rows!(rows)
                }
                TxInner::Postgres(tx) => {
                    let rows = postgres_query(q).fetch_all(&mut **tx).await?;
                    decode_rows!(rows)
                }
                TxInner::PostgresAutocommit(conn) => {
                    let rows = postgres_query(q).fetch_all(&mut **conn).await?;
                    decode_rows!(rows)
                }
            })
        }
        .await;
        self.note(result)
    }

    fn note<T>(&mut self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if result.is_err() {
            self.failed = true;
        }
        result
    }

    /// Commits; refused with [`StoreError::Aborted`] when a statement of this transaction failed.
    pub async fn commit(self) -> Result<(), StoreError> {
        if self.failed {
            return Err(StoreError::Aborted);
        }
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
            // Each statement committed on its own; a read has nothing to commit.
            TxInner::PostgresAutocommit(_) => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_leave_in_messages() {
        assert_eq!(redact_url("postgres://kk:s3cret@db:5432/kakehashi"), "postgres://kk:***@db:5432/kakehashi");
        assert_eq!(redact_url("sqlite:kakehashi.db"), "sqlite:kakehashi.db");
        assert_eq!(redact_url("postgres://kk@db/kakehashi"), "postgres://kk@db/kakehashi");
    }

    #[test]
    fn in_order_placeholders_become_positional_for_sqlite() {
        assert_eq!(positional_for_sqlite("VALUES ($1, $2), ($3, $4)").as_deref(), Some("VALUES (?, ?), (?, ?)"));
        assert_eq!(positional_for_sqlite("SELECT '$1', $1").as_deref(), Some("SELECT '$1', ?"));
        assert_eq!(positional_for_sqlite("VALUES ($1, $2, $1)"), None, "a reused parameter keeps its number");
        assert_eq!(positional_for_sqlite("WHERE a = $2 AND b = $1"), None);
    }

    #[test]
    fn the_url_names_the_backend() {
        assert_eq!(Backend::from_url("postgresql://x/y").unwrap(), Backend::Postgres);
        assert_eq!(Backend::from_url("sqlite://demo.db?mode=rwc").unwrap(), Backend::Sqlite);
        assert!(Backend::from_url("mysql://x").is_err());
    }
}

/// `WHERE` clauses built from optional filters, numbering placeholders as they are added.
/// Column names are static text from the caller; values are always bound.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    parts: Vec<String>,
    args: Vec<Value>,
}

impl Conditions {
    pub fn new() -> Self {
        Self::default()
    }
    fn placeholder(&mut self, value: Value) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }
    /// A value bound for a condition built by [`Conditions::push`]: its placeholder.
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.placeholder(value.into())
    }
    /// A condition of static SQL and placeholders from [`Conditions::bind`], never user text.
    pub fn push(&mut self, condition: String) -> &mut Self {
        self.parts.push(condition);
        self
    }
    /// `column <op> $n`, e.g. `op("a.status", "=", status)`.
    pub fn op(&mut self, column: &'static str, op: &'static str, value: impl Into<Value>) -> &mut Self {
        let p = self.placeholder(value.into());
        self.parts.push(format!("{column} {op} {p}"));
        self
    }
    pub fn eq(&mut self, column: &'static str, value: impl Into<Value>) -> &mut Self {
        self.op(column, "=", value)
    }
    /// A case-insensitive substring match over one or more columns.
    pub fn contains_any(&mut self, columns: &[&'static str], needle: &str) -> &mut Self {
        let p = self.bind_contains(needle);
        let ors: Vec<String> = columns.iter().map(|c| Self::like(c, &p)).collect();
        self.parts.push(format!("({})", ors.join(" OR ")));
        self
    }
    /// The pattern of a case-insensitive substring match, bound: its placeholder, for [`Conditions::like`].
    pub fn bind_contains(&mut self, needle: &str) -> String {
        let escaped = needle.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        self.placeholder(Value::Text(Some(format!("%{escaped}%"))))
    }
    /// `LOWER(column) LIKE pattern`, the pattern from [`Conditions::bind_contains`].
    pub fn like(column: &str, pattern: &str) -> String {
        format!("LOWER({column}) LIKE {pattern} ESCAPE '\\'")
    }
    /// A scope: rows matching any of the groups (`column IN (…)`). With no values at all it
    /// matches nothing, so an empty scope can never widen into "everything".
    pub fn any_in(&mut self, groups: &[(&'static str, Vec<Value>)]) -> &mut Self {
        let mut ors = Vec::new();
        for (column, values) in groups {
            if values.is_empty() {
                continue;
            }
            let placeholders: Vec<String> = values.iter().map(|v| self.placeholder(v.clone())).collect();
            ors.push(format!("{column} IN ({})", placeholders.join(", ")));
        }
        if ors.is_empty() {
            self.parts.push("1 = 0".into());
        } else {
            self.parts.push(format!("({})", ors.join(" OR ")));
        }
        self
    }
    /// `base WHERE … suffix`, with further arguments bound after the conditions' own
    /// (their placeholders continue from [`Conditions::next_placeholder`]).
    pub fn query(self, base: &str, suffix: &str, extra: Vec<Value>) -> Query {
        let mut sql = base.to_owned();
        if !self.parts.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.parts.join(" AND "));
        }
        sql.push(' ');
        sql.push_str(suffix);
        let mut q = query(sql);
        for v in self.args.into_iter().chain(extra) {
            q.push_arg(v);
        }
        q
    }
    /// The number the next placeholder after the conditions will have.
    pub fn next_placeholder(&self) -> usize {
        self.args.len() + 1
    }
}

/// Inserts many rows in the caller's transaction, in the order given. Each row holds one value
/// per column, in the order of `columns`.
///
/// PostgreSQL takes many rows through `COPY … FROM STDIN` (text format): its bulk path parses
/// rows without planning a statement or binding thousands of parameters, and rows stream to the
/// server as they come, so no batch is held. Fewer rows than one chunk of `COPY` data go as
/// multi-row `INSERT`s instead (see [`COPY_CHUNK`] for why). SQLite has no `COPY`; it gets
/// multi-row `INSERT`s batched below its parameter limit. A row of the wrong width is refused
/// before anything of it is written; any failure leaves the transaction unable to commit (see
/// [`Tx::commit`]).
pub async fn insert_many(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> Result<(), StoreError> {
    let result = match &tx.inner {
        TxInner::Sqlite(_) => insert_batches(tx, table, columns, rows).await,
        TxInner::Postgres(_) | TxInner::PostgresAutocommit(_) => insert_postgres(tx, table, columns, rows).await,
    };
    tx.note(result)
}

fn wrong_width(table: &str, got: usize, width: usize) -> StoreError {
    StoreError::Corrupt(format!("{table}: {got} values for {width} columns"))
}

/// Multi-row `INSERT`s, batched below both engines' parameter limits.
async fn insert_batches(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> Result<(), StoreError> {
    let width = columns.len().max(1);
    let per_batch = (10_000 / width).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Value>> = rows.by_ref().take(per_batch).collect();
        let tuples: Vec<String> = (0..batch.len())
            .map(|r| {
                let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", params.join(", "))
            })
            .collect();
        let mut q = query(format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), tuples.join(", ")));
        for row in batch {
            if row.len() != width {
                return Err(wrong_width(table, row.len(), width));
            }
            for value in row {
                q.push_arg(value);
            }
        }
        tx.execute_raw(q).await?;
    }
    Ok(())
}

/// How much encoded `COPY` data is gathered before it is sent: one message and one write per
/// chunk rather than per row, and a bounded buffer however many rows there are.
///
/// It is also the least that is sent last, once a chunk has been sent. The client's socket delays
/// a small write while an earlier one is unacknowledged (Nagle; sqlx does not set `TCP_NODELAY`),
/// and the server delays acknowledging a lone small segment (40 ms on Linux). A `COPY` whose last
/// data message was small therefore waited 40 ms before its closing message left: measured on
/// every small table of the demo (40 countries took 43 ms, 1,741 municipalities 23 ms). A last
/// message of a whole chunk spans several full segments, which the server acknowledges at once;
/// the fewest rows go as `INSERT`s, whose messages each follow the server's answer
/// ([`COPY_AT_LEAST`]).
const COPY_CHUNK: usize = 256 * 1024;

/// The least encoded data worth a `COPY` on PostgreSQL; fewer rows go as multi-row `INSERT`s.
/// A small `COPY` waits on the server's delayed acknowledgement (see [`COPY_CHUNK`]), while an
/// `INSERT` of thousands of rows costs more than that wait: measured on the placement run's
/// 6,330 assignments (about 200 KiB), 312 ms stored by `INSERT`s against 179 ms by `COPY`.
const COPY_AT_LEAST: usize = 32 * 1024;

/// PostgreSQL: the rows are encoded until there is enough for a `COPY` ([`COPY_AT_LEAST`]); when
/// they end before, they go as `INSERT`s, otherwise everything goes through `COPY`.
async fn insert_postgres(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> Result<(), StoreError> {
    let width = columns.len();
    let mut rows = rows.into_iter();
    let mut first = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(2 * COPY_CHUNK + COPY_CHUNK / 4);
    while buf.len() < COPY_AT_LEAST {
        let Some(row) = rows.next() else { return insert_batches(tx, table, columns, first).await };
        if row.len() != width {
            return Err(wrong_width(table, row.len(), width));
        }
        copy_row(&mut buf, &row);
        first.push(row);
    }
    drop(first);
    match &mut tx.inner {
        TxInner::Postgres(pg) => copy_in(pg, table, columns, buf, rows).await,
        TxInner::PostgresAutocommit(conn) => copy_in(conn, table, columns, buf, rows).await,
        TxInner::Sqlite(_) => Err(StoreError::Corrupt(format!("{table}: COPY asked of SQLite"))),
    }
}

/// One row in `COPY`'s text format: values separated by tabs, ended by a newline.
fn copy_row(buf: &mut Vec<u8>, row: &[Value]) {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            buf.push(b'\t');
        }
        copy_text(buf, value);
    }
    buf.push(b'\n');
}

/// `COPY table (columns) FROM STDIN` on the transaction's connection, so it commits or rolls
/// back with everything else the transaction did: `buf` (the first rows, encoded), then the
/// rest of the rows. A chunk is held back until the next one is full, so the last message sent
/// is never less than a chunk (see [`COPY_CHUNK`]); `COPY` data may split anywhere, rows included.
async fn copy_in(
    pg: &mut sqlx::PgConnection,
    table: &str,
    columns: &[&str],
    mut buf: Vec<u8>,
    rows: impl Iterator<Item = Vec<Value>>,
) -> Result<(), StoreError> {
    let width = columns.len();
    let mut copy = pg.copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", "))).await?;
    for row in rows {
        if row.len() != width {
            // Without an explicit abort the server would wait for the rest of the data; the
            // abort answers with an error the caller need not see beside this one.
            let _ = copy.abort("a row of the wrong width").await;
            return Err(wrong_width(table, row.len(), width));
        }
        copy_row(&mut buf, &row);
        if buf.len() >= 2 * COPY_CHUNK {
            copy.send(&buf[..COPY_CHUNK]).await?;
            buf.drain(..COPY_CHUNK);
        }
    }
    copy.send(buf.as_slice()).await?;
    copy.finish().await?;
    Ok(())
}

/// One value in `COPY`'s text format: what PostgreSQL's input function for the column's type
/// reads, with backslash, tab, newline and carriage return escaped and `\N` for NULL. Text
/// input is used rather than binary because it needs no knowledge of the column's exact type
/// (an `Int` fills `integer` and `bigint` columns alike, as a bound parameter does).
fn copy_text(buf: &mut Vec<u8>, value: &Value) {
    use std::io::Write;
    // Writing into a Vec cannot fail; the results of `write!` below are ignored for that reason.
    match value {
        Value::Bool(Some(b)) => buf.push(if *b { b't' } else { b'f' }),
        Value::Int(Some(n)) => {
            let _ = write!(buf, "{n}");
        }
        Value::Float(Some(f)) => copy_float(buf, *f),
        Value::Text(Some(s)) => copy_escaped(buf, s.as_bytes()),
        Value::Bytes(Some(bytes)) => {
            // bytea's hex input `\x…`, its backslash doubled for COPY.
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.reserve(3 + 2 * bytes.len());
            buf.extend_from_slice(b"\\\\x");
            for b in bytes {
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0x0f)]);
            }
        }
        Value::Timestamp(Some(t)) => {
            let t = to_micros(*t);
            copy_date(buf, t.date());
            let _ = write!(buf, " {:02}:{:02}:{:02}.{:06}+00", t.hour(), t.minute(), t.second(), t.microsecond());
            copy_era(buf, t.year());
        }
        Value::Date(Some(d)) => {
            copy_date(buf, *d);
            copy_era(buf, d.year());
        }
        Value::Bool(None)
        | Value::Int(None)
        | Value::Float(None)
        | Value::Text(None)
        | Value::Bytes(None)
        | Value::Timestamp(None)
        | Value::Date(None) => buf.extend_from_slice(b"\\N"),
    }
}

/// Rust prints the shortest digits that read back to the same `f64`, which PostgreSQL's
/// `float8` input reads exactly; only the names of the non-finite values differ.
fn copy_float(buf: &mut Vec<u8>, f: f64) {
    use std::io::Write;
    if f.is_nan() {
        buf.extend_from_slice(b"NaN");
    } else if f.is_infinite() {
        buf.extend_from_slice(if f > 0.0 { b"Infinity" } else { b"-Infinity" });
    } else {
        let _ = write!(buf, "{f}");
    }
}

/// `YYYY-MM-DD` with the year counted as PostgreSQL does: no year 0, years before 1 AD as
/// `n BC` (see [`copy_era`]), since `time` counts astronomically (year 0 is 1 BC).
fn copy_date(buf: &mut Vec<u8>, d: Date) {
    use std::io::Write;
    let year = if d.year() > 0 { d.year() } else { 1 - d.year() };
    let _ = write!(buf, "{year:04}-{:02}-{:02}", u8::from(d.month()), d.day());
}

fn copy_era(buf: &mut Vec<u8>, year: i32) {
    if year <= 0 {
        buf.extend_from_slice(b" BC");
    }
}

/// Text with COPY's four special bytes escaped. UTF-8 continuation bytes are all above 0x7f,
/// so a byte-wise scan never splits a character.
fn copy_escaped(buf: &mut Vec<u8>, text: &[u8]) {
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        buf.extend_from_slice(&text[start..i]);
        buf.extend_from_slice(escaped);
        start = i + 1;
    }
    buf.extend_from_slice(&text[start..]);
}

/// After rows were inserted with explicit ids (import, the demo), PostgreSQL's identity
/// sequences must continue from the highest id. SQLite needs nothing.
pub(crate) async fn reset_id_sequences(tx: &mut Tx) -> Result<(), StoreError> {
    if tx.backend() == Backend::Postgres {
        for table in crate::schema::TABLES.iter().filter(|t| t.generated_id) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {0}",
                table.name
            );
            tx.execute(query(sql)).await?;
        }
    }
    Ok(())
}
