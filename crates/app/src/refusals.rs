//! Refused attempts, audited without costing the refused request a database connection.
//!
//! A refusal used to write its audit record in a transaction of its own while the refused request
//! still held the connection it had read with. Fifty refused requests at once held all eight
//! connections, each waiting for a ninth, and the service answered 503 to everyone. Now a refusal
//! is queued in memory (no connection, no wait) and one writer task at a time writes what is
//! queued in one transaction per batch. The web layer answers a refused request only once its
//! record is written ([`RefusalLog::written`], which holds no connection while it waits), so a
//! refusal is on record before the caller hears of it, and a flood of refusals costs one insert
//! batch per writer round instead of one transaction each.
//!
//! The queue is bounded: past [`MAX_QUEUED`] waiting records (a flood the per-client limits of the
//! web layer did not stop), further refusals are counted, not kept, and the count is itself
//! audited as one `audit.refusals-dropped` record, so the log still says that they happened.

use crate::{AppResult, Clock};
use std::sync::{Arc, Mutex};
use store::Store;
use store::audit::{AuditEntry, Outcome};
use time::OffsetDateTime;
use tokio::sync::watch;

/// The most refusals waiting for the writer at once.
pub const MAX_QUEUED: usize = 10_000;

/// How long a refused request waits for its record before it is answered anyway (the writer keeps
/// trying in the background; a database that does not answer for this long is logged).
const WAIT_FOR_WRITE: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Debug, Default)]
struct Queue {
    entries: Vec<(AuditEntry, OffsetDateTime)>,
    /// The sequence number of the newest queued refusal (0: none yet).
    last: u64,
    /// Refusals not kept because the queue was full, since the last write.
    dropped: u64,
    writer_running: bool,
}

/// The queue of refused attempts and the number of the newest one written.
#[derive(Debug)]
pub struct RefusalLog {
    queue: Mutex<Queue>,
    written: watch::Sender<u64>,
}

impl Default for RefusalLog {
    fn default() -> Self {
        RefusalLog { queue: Mutex::default(), written: watch::Sender::new(0) }
    }
}

impl RefusalLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a refusal and makes sure a writer runs. Never waits, never touches the database.
    pub(crate) fn push(self: &Arc<Self>, store: &Store, clock: &Clock, entry: AuditEntry) {
        let start_writer = {
            let mut queue = self.lock();
            if queue.entries.len() >= MAX_QUEUED {
                queue.dropped += 1;
            } else {
                queue.last += 1;
                queue.entries.push((AuditEntry { outcome: Outcome::Denied, ..entry }, clock.now()));
            }
            !std::mem::replace(&mut queue.writer_running, true)
        };
        if start_writer {
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(self.clone().write_all(store.clone(), clock.clone()));
                }
                // Outside a runtime nothing can write now; the next push or `written` will.
                Err(_) => self.lock().writer_running = false,
            }
        }
    }

    /// Writes batches until the queue is empty, then stops (the next push starts a new writer).
    async fn write_all(self: Arc<Self>, store: Store, clock: Clock) {
        loop {
            let (batch, last, dropped) = {
                let mut queue = self.lock();
                if queue.entries.is_empty() && queue.dropped == 0 {
                    queue.writer_running = false;
                    return;
                }
                (std::mem::take(&mut queue.entries), queue.last, std::mem::take(&mut queue.dropped))
            };
            if let Err(e) = write_batch(&store, &batch, dropped, clock.now()).await {
                // The records are lost, not the service: say how many, without their content.
                tracing::error!(error = %e, refusals = batch.len() as u64 + dropped, "could not audit refused attempts");
            }
            self.written.send_replace(last);
        }
    }

    /// Waits, holding no connection, until every refusal queued so far is written (or the writer
    /// gave up on it). A refused request is answered after this; the audit log reads after this.
    pub async fn written(self: &Arc<Self>, store: &Store, clock: &Clock) {
        let (last, idle) = {
            let queue = self.lock();
            (queue.last, !queue.writer_running && !queue.entries.is_empty())
        };
        if idle {
            // Pushed outside a runtime: start the writer now.
            let mut queue = self.lock();
            if !std::mem::replace(&mut queue.writer_running, true) {
                drop(queue);
                tokio::spawn(self.clone().write_all(store.clone(), clock.clone()));
            }
        }
        let mut written = self.written.subscribe();
        let done = tokio::time::timeout(WAIT_FOR_WRITE, written.wait_for(|w| *w >= last)).await;
        if done.is_err() {
            tracing::warn!("a refused request was answered before its audit record was written");
        }
    }
}

async fn write_batch(
    store: &Store,
    batch: &[(AuditEntry, OffsetDateTime)],
    dropped: u64,
    now: OffsetDateTime,
) -> AppResult<()> {
    let mut tx = store.write().await?;
    for (entry, at) in batch {
        store::audit::record(&mut tx, entry, *at).await?;
    }
    if dropped > 0 {
        let summary = AuditEntry {
            actor: None,
            action: "audit.refusals-dropped",
            entity: "audit",
            entity_id: "-".into(),
            unit_key: "-".into(),
            outcome: Outcome::Denied,
            before: None,
            after: Some(serde_json::json!({ "refusals": dropped })),
        };
        store::audit::record(&mut tx, &summary, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
