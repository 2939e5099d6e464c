//! The use cases of Kakehashi. Each public operation:
//! 1. is reached through a handle that only a passed check of the caller's permission and scope
//!    produces ([`access`]), and checks what depends on a record inside its transaction,
//! 2. runs in one transaction,
//! 3. writes its audit record in that same transaction,
//! 4. writes the mails it causes into the outbox in that same transaction.
//!
//! Refused attempts are audited too, queued without a connection and written in batches
//! ([`refusals`]): a refused request is answered once its record is written.

pub mod access;
pub mod accounts;
pub mod actor;
pub mod admin;
pub mod applying;
pub mod blind;
pub mod bulk;
pub mod error;
pub mod i18n;
pub mod import_file;
pub mod mail;
#[cfg(test)]
mod parser_fuzz;
pub mod placing;
pub mod records;
pub mod recruitment;
pub mod refusals;
pub mod security;
pub mod selection;
pub mod slides;

pub use actor::{Actor, Credential};
pub use error::{AppError, AppResult};
pub use i18n::Translator;

use std::sync::{Arc, Mutex};
use store::audit::{AuditEntry, Outcome};
use store::{Store, Tx};
use time::{Duration, OffsetDateTime};

/// Where time comes from: the system, or a clock a test moves by hand (session expiry, reset
/// links, rate-limit windows).
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Manual(Arc<Mutex<OffsetDateTime>>),
}

impl Clock {
    pub fn manual(start: OffsetDateTime) -> Clock {
        Clock::Manual(Arc::new(Mutex::new(start)))
    }
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Manual(t) => t.lock().map(|t| *t).unwrap_or_else(|e| *e.into_inner()),
        }
    }
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(t) = self {
            let mut guard = t.lock().unwrap_or_else(|e| e.into_inner());
            *guard += by;
        }
    }
}

/// Settings of the use cases (the binary fills them from flags and the environment).
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The address users reach Kakehashi at, for links in mails (`https://kakehashi.example.org`).
    pub base_url: String,
    pub mail: mail::MailConfig,
    /// A session ends after this long without use.
    pub session_idle: Duration,
    /// A session ends this long after login, used or not.
    pub session_absolute: Duration,
    pub reset_link_valid: Duration,
    /// Failed logins allowed per e-mail address (and per client address) in `login_window`.
    pub login_attempts: i64,
    pub login_window: Duration,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            base_url: "http://127.0.0.1:8080".into(),
            mail: mail::MailConfig::Outbox,
            session_idle: Duration::hours(2),
            session_absolute: Duration::hours(12),
            reset_link_valid: Duration::hours(1),
            login_attempts: 5,
            login_window: Duration::minutes(15),
        }
    }
}

/// The application: the store, its settings and its clock. Cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    pub store: Store,
    pub config: Arc<AppConfig>,
    pub clock: Clock,
    refusals: Arc<refusals::RefusalLog>,
    /// Sessions' slides waiting to be written together (see [`slides`]).
    slides: Arc<slides::SlideLog>,
    /// The kept inputs of the placement runs looked at last (see [`placing::KeptInputs`]).
    kept_inputs: Arc<placing::KeptInputs>,
}

impl App {
    pub fn new(store: Store, config: AppConfig) -> App {
        App {
            store,
            config: Arc::new(config),
            clock: Clock::System,
            refusals: Arc::default(),
            slides: Arc::default(),
            kept_inputs: Arc::default(),
        }
    }
    /// The same application with other settings (a test's mail server, say).
    pub fn with_config(mut self, config: AppConfig) -> App {
        self.config = Arc::new(config);
        self
    }
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Migrates the database and loads the reference data: what `serve` and `migrate` do first.
    pub async fn prepare(&self) -> AppResult<()> {
        self.store.migrate().await?;
        let rows = domain::geography::reference().map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.store.write().await?;
        store::reference::load_if_empty(&mut tx, &rows).await?;
        tx.commit().await?;
        self.fail_abandoned_work().await?;
        Ok(())
    }

    /// Background jobs whose heartbeat is older than `ABANDONED_AFTER` (their process stopped: a
    /// crash, `kill -9`, a restart) are failed, and so are the placement runs they carried, so
    /// nobody waits for them. At start and then every `SWEEP_EVERY` ([`run_sweeper`]): with
    /// several instances on one database, the others clean up after one that stopped, and never
    /// fail each other's live jobs (each live job's own process stamps it every `HEARTBEAT_EVERY`).
    pub async fn fail_abandoned_work(&self) -> AppResult<u64> {
        let now = self.now();
        let mut tx = self.store.write().await?;
        let jobs = store::jobs::fail_abandoned(&mut tx, now - ABANDONED_AFTER, now).await?;
        store::placing::fail_abandoned_runs(&mut tx, now).await?;
        tx.commit().await?;
        Ok(jobs)
    }

    /// Sign-in and reset-request attempts older than the limits' window count for nothing; the
    /// sweep forgets them, so the table holds only the last window's attempts however many
    /// guesses arrive over the months.
    pub async fn forget_old_attempts(&self) -> AppResult<u64> {
        let mut tx = self.store.write().await?;
        let forgotten =
            store::auth::forget_login_attempts_before(&mut tx, self.now() - self.config.login_window).await?;
        tx.commit().await?;
        Ok(forgotten)
    }

    /// Holds a running job for this process: its heartbeat is stamped now and then every
    /// `HEARTBEAT_EVERY` beside the work, until the hold is dropped (the work ended, or failed, or
    /// its task was cancelled). Killing the process stops the stamps, and the sweep fails the job.
    pub fn hold_job(&self, job: i64) -> JobHold {
        let app = self.clone();
        let ticker = tokio::spawn(async move {
            let mut every = tokio::time::interval(HEARTBEAT_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                let beat = async {
                    let mut tx = app.store.write().await?;
                    store::jobs::beat(&mut tx, job, app.now()).await?;
                    tx.commit().await
                }
                .await;
                if let Err(e) = beat {
                    tracing::warn!(job, error = %e, "could not stamp a job's heartbeat");
                }
            }
        });
        JobHold { ticker }
    }
}

/// A running job held by this process (see [`App::hold_job`]); dropping it stops the heartbeat.
#[derive(Debug)]
pub struct JobHold {
    ticker: tokio::task::JoinHandle<()>,
}

impl Drop for JobHold {
    fn drop(&mut self) {
        self.ticker.abort();
    }
}

/// How often the process working on a job stamps its heartbeat.
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// A job whose heartbeat is older than this has no process left: nine stamps missed, so a busy
/// database that delays a few of them does not fail a live job.
pub const ABANDONED_AFTER: time::Duration = time::Duration::seconds(45);

/// How often every instance sweeps for abandoned jobs (and once at start).
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Fails abandoned work every `SWEEP_EVERY` until shutdown (see [`App::fail_abandoned_work`]).
pub async fn run_sweeper(app: App, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(SWEEP_EVERY) => {}
            _ = shutdown.changed() => return,
        }
        match app.fail_abandoned_work().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(jobs = n, "failed abandoned jobs"),
            Err(e) => tracing::error!(error = %e, "sweeping abandoned jobs"),
        }
        if let Err(e) = app.forget_old_attempts().await {
            tracing::error!(error = %e, "forgetting old sign-in attempts");
        }
    }
}

impl App {
    /// Records a change inside its transaction.
    pub(crate) async fn audit_done(&self, tx: &mut Tx, entry: AuditEntry) -> AppResult<()> {
        store::audit::record(tx, &AuditEntry { outcome: Outcome::Done, ..entry }, self.now()).await?;
        Ok(())
    }

    /// Queues the record of a refused attempt (no connection, no wait: the caller may hold a
    /// transaction) and returns the refusal. See [`refusals`].
    pub async fn audit_denied(
        &self,
        actor: Option<&Actor>,
        action: &'static str,
        entity: &'static str,
        entity_id: String,
    ) -> AppError {
        let entry = AuditEntry {
            actor: actor.map(|a| a.user_id),
            action,
            entity,
            entity_id,
            unit_key: "-".into(),
            outcome: Outcome::Denied,
            before: None,
            after: None,
        };
        self.refusals.push(&self.store, &self.clock, entry);
        AppError::Forbidden
    }

    /// Waits (holding no connection) until every refusal queued so far is on record: before a
    /// refused request is answered, before the audit log is read, and at shutdown.
    pub async fn refusals_written(&self) {
        self.refusals.written(&self.store, &self.clock).await
    }
}
