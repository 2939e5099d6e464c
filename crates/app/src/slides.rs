//! Sessions' sliding expiry, written in batches.
//!
//! A session used after a minute's rest slides its idle expiry forward: a small write. At a
//! deadline every applicant comes back at once, and one write transaction each (SQLite's single
//! writer; on PostgreSQL a commit, so a WAL flush, each) queued the slides ahead of the uploads and
//! submissions. Now a slide is queued in memory and one writer task at a time writes what is queued
//! in one statement per batch ([`store::auth::touch_sessions`]). The request still waits until its
//! slide is written (holding no connection), so a session is slid before its request goes on, as
//! before: only the number of transactions changes.

use crate::{AppError, AppResult};
use std::sync::{Arc, Mutex};
use store::Store;
use store::auth::Slide;
use tokio::sync::watch;

#[derive(Debug, Default)]
struct Queue {
    slides: Vec<Slide>,
    /// The sequence number of the newest queued slide (0: none yet).
    last: u64,
    writer_running: bool,
    /// The batches that failed lately, as ranges of sequence numbers and why.
    failed: Vec<(u64, u64, String)>,
}

/// The queue of slides and the number of the newest one written (or given up).
#[derive(Debug)]
pub struct SlideLog {
    queue: Mutex<Queue>,
    written: watch::Sender<u64>,
}

impl Default for SlideLog {
    fn default() -> Self {
        SlideLog { queue: Mutex::default(), written: watch::Sender::new(0) }
    }
}

/// How many failed batches are remembered for their waiters (each waiter looks as soon as its
/// batch is done, so a few suffice).
const FAILURES_KEPT: usize = 16;

impl SlideLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a slide and waits until it is written, in a batch with whatever else is queued.
    pub(crate) async fn slide(self: &Arc<Self>, store: &Store, slide: Slide) -> AppResult<()> {
        let mut written = self.written.subscribe();
        let (seq, start_writer) = {
            let mut queue = self.lock();
            queue.last += 1;
            queue.slides.push(slide);
            (queue.last, !std::mem::replace(&mut queue.writer_running, true))
        };
        if start_writer {
            tokio::spawn(self.clone().write_all(store.clone()));
        }
        written.wait_for(|w| *w >= seq).await.map_err(|_| AppError::Internal("the session writer stopped".into()))?;
        let queue = self.lock();
        match queue.failed.iter().find(|(from, to, _)| (*from..=*to).contains(&seq)) {
            Some((_, _, why)) => Err(AppError::Unavailable(why.clone())),
            None => Ok(()),
        }
    }

    /// Writes batches until the queue is empty, then stops (the next slide starts a new writer).
    async fn write_all(self: Arc<Self>, store: Store) {
        let mut first = *self.written.borrow() + 1;
        loop {
            let (batch, last) = {
                let mut queue = self.lock();
                if queue.slides.is_empty() {
                    queue.writer_running = false;
                    return;
                }
                (std::mem::take(&mut queue.slides), queue.last)
            };
            if let Err(e) = write_batch(&store, &batch).await {
                tracing::error!(error = %e, sessions = batch.len() as u64, "could not slide sessions' expiry");
                let mut queue = self.lock();
                if queue.failed.len() >= FAILURES_KEPT {
                    queue.failed.remove(0);
                }
                queue.failed.push((first, last, e.to_string()));
            }
            self.written.send_replace(last);
            first = last + 1;
        }
    }
}

async fn write_batch(store: &Store, batch: &[Slide]) -> AppResult<()> {
    let mut tx = store.write().await?;
    store::auth::touch_sessions(&mut tx, batch).await?;
    tx.commit().await?;
    Ok(())
}
