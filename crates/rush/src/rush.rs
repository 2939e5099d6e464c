//! The timed phases. The rush: every applicant at once uploads one more document and submits,
//! each failed request sent once more, as a browser's user would. The peer: the same applicants
//! at once read their application, a plain authenticated read on the same server in the same run.

use crate::api::Api;
use crate::pdf;
use crate::setup::Applicant;
use crate::stats::Attempt;
use anyhow::{Context, Result};
use reqwest::{Method, RequestBuilder};
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, watch};

/// What one applicant's requests came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub index: usize,
    pub first: Vec<(Step, Attempt)>,
    pub retries: Vec<(Step, Attempt)>,
    /// The reference of the acknowledged submission (2xx, status `submitted`).
    pub acknowledged: Option<String>,
    /// A 2xx submission whose answer was not `submitted` with the applicant's reference.
    pub odd_answer: Option<String>,
    /// When the server says the application was submitted (RFC 3339), from the acknowledgement.
    pub submitted_at: Option<String>,
    /// From the start of the phase to this applicant's last answer.
    pub finished: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Upload,
    Submit,
    Read,
}

/// The crash mode: after `after` acknowledged submissions, the server gets SIGKILL.
#[derive(Debug, Clone)]
pub struct Crash {
    pub pid: u32,
    pub after: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CrashReport {
    /// Seconds into the rush when the kill was sent, and how many submissions were
    /// acknowledged by then.
    pub killed_at_s: Option<f64>,
    pub acknowledged_before_kill: usize,
}

#[derive(Debug, Deserialize)]
struct SubmitAnswer {
    reference: String,
    status: String,
    submitted_at: Option<String>,
}

/// Sends once; on a failure (no answer, or not 2xx) once more.
async fn twice(build: impl Fn() -> RequestBuilder) -> (Attempt, Option<Attempt>, Option<reqwest::Response>) {
    let once = async || {
        let start = Instant::now();
        match build().send().await {
            Ok(r) => (Attempt::answered(start.elapsed(), r.status()), Some(r)),
            Err(e) => (Attempt::failed(start.elapsed(), &e), None),
        }
    };
    let (first, response) = once().await;
    if first.ok {
        return (first, None, response);
    }
    let (second, response) = once().await;
    (first, Some(second), response)
}

fn kill(pid: u32) -> Result<()> {
    let status =
        std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().context("running kill -KILL")?;
    if !status.success() {
        anyhow::bail!("kill -KILL {pid} failed: {status}");
    }
    Ok(())
}

/// Runs `work` for every applicant, `concurrency` at a time, all released at the same instant.
async fn at_once<F, Fut>(applicants: &[Applicant], concurrency: usize, work: F) -> Result<(Vec<Outcome>, Duration)>
where
    F: Fn(Applicant, Instant) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Outcome> + Send,
{
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let (go, ready) = watch::channel(None::<Instant>);
    let mut tasks = tokio::task::JoinSet::new();
    for a in applicants.iter().cloned() {
        let (gate, mut ready, work) = (gate.clone(), ready.clone(), work.clone());
        tasks.spawn(async move {
            let start = ready.wait_for(Option::is_some).await.ok().and_then(|s| *s).unwrap_or_else(Instant::now);
            let _permit = gate.acquire_owned().await;
            work(a, start).await
        });
    }
    drop(ready);
    // Let every task reach the starting line before the gun.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start = Instant::now();
    go.send(Some(start)).context("starting the applicants")?;
    let mut out = Vec::with_capacity(applicants.len());
    while let Some(joined) = tasks.join_next().await {
        out.push(joined.context("an applicant's task failed")?);
    }
    let wall = start.elapsed();
    out.sort_by_key(|o| o.index);
    Ok((out, wall))
}

/// The deadline rush: upload, then submit, for every applicant at once.
pub async fn rush(
    api: &Api,
    applicants: &[Applicant],
    concurrency: usize,
    document_bytes: usize,
    crash: Option<Crash>,
) -> Result<(Vec<Outcome>, Duration, CrashReport)> {
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let killed_at = Arc::new(std::sync::Mutex::new(None::<(f64, usize)>));
    let api = api.clone();
    let (acks, flag, when) = (acknowledged.clone(), killed.clone(), killed_at.clone());
    let work = move |a: Applicant, start: Instant| {
        let (api, acks, flag, when, crash) =
            (api.instance(a.index), acks.clone(), flag.clone(), when.clone(), crash.clone());
        async move {
            let mut o = Outcome {
                index: a.index,
                first: vec![],
                retries: vec![],
                acknowledged: None,
                odd_answer: None,
                submitted_at: None,
                finished: Duration::ZERO,
            };
            let id = a.application;
            // The last document, at the last minute (made before the timed request).
            let bytes =
                pdf::document(&format!("Certificate of TEFL completion, applicant {}", a.index), document_bytes);
            let sha = pdf::sha256_hex(&bytes);
            let path = format!("/api/v1/my/applications/{id}/documents?kind=certificate&name=certificate.pdf");
            let (first, retry, _) = twice(|| {
                api.request(Method::PUT, &path, Some(&a.session))
                    .header("x-content-sha256", &sha)
                    .header(reqwest::header::CONTENT_TYPE, "application/pdf")
                    .body(bytes.clone())
            })
            .await;
            o.first.push((Step::Upload, first));
            o.retries.extend(retry.map(|r| (Step::Upload, r)));
            // Submitted whether or not the extra document went through: it is not required.
            let path = format!("/api/v1/my/applications/{id}/submit");
            let (first, retry, response) = twice(|| api.request(Method::POST, &path, Some(&a.session))).await;
            o.first.push((Step::Submit, first));
            o.retries.extend(retry.map(|r| (Step::Submit, r)));
            if let Some(r) = response.filter(|r| r.status().is_success()) {
                match r.json::<SubmitAnswer>().await {
                    Ok(s) if s.status == "submitted" && s.reference == a.reference => {
                        o.acknowledged = Some(s.reference);
                        let n = acks.fetch_add(1, Ordering::SeqCst) + 1;
                        if let Some(c) = crash.as_ref().filter(|c| n >= c.after)
                            && !flag.swap(true, Ordering::SeqCst)
                        {
                            let at = start.elapsed().as_secs_f64();
                            if let Err(e) = kill(c.pid) {
                                eprintln!("rush: {e:#}");
                            }
                            if let Ok(mut w) = when.lock() {
                                *w = Some((at, n));
                            }
                        }
                    }
                    Ok(s) => o.odd_answer = Some(format!("status {} reference {}", s.status, s.reference)),
                    Err(e) => o.odd_answer = Some(format!("unreadable answer: {e}")),
                }
            }
            o.finished = start.elapsed();
            o
        }
    };
    let (outcomes, wall) = at_once(applicants, concurrency, work).await?;
    let report = match killed_at.lock().ok().and_then(|w| *w) {
        Some((at, n)) => CrashReport { killed_at_s: Some(at), acknowledged_before_kill: n },
        None => CrashReport::default(),
    };
    Ok((outcomes, wall, report))
}

/// After a crash and restart: the applicants without a receipt submit once more (the draft may
/// in fact have been submitted before the crash; the server then answers with the same receipt).
pub async fn resubmit(api: &Api, applicants: &[Applicant], concurrency: usize) -> Result<(Vec<Outcome>, Duration)> {
    let api = api.clone();
    let work = move |a: Applicant, start: Instant| {
        let api = api.instance(a.index);
        async move {
            let path = format!("/api/v1/my/applications/{}/submit", a.application);
            let (first, retry, response) = twice(|| api.request(Method::POST, &path, Some(&a.session))).await;
            let mut o = Outcome {
                index: a.index,
                first: vec![(Step::Submit, first)],
                retries: retry.map(|r| (Step::Submit, r)).into_iter().collect(),
                acknowledged: None,
                odd_answer: None,
                submitted_at: None,
                finished: Duration::ZERO,
            };
            if let Some(r) = response.filter(|r| r.status().is_success()) {
                match r.json::<SubmitAnswer>().await {
                    Ok(s) if s.status == "submitted" && s.reference == a.reference => {
                        o.acknowledged = Some(s.reference);
                        o.submitted_at = s.submitted_at;
                    }
                    Ok(s) => o.odd_answer = Some(format!("status {} reference {}", s.status, s.reference)),
                    Err(e) => o.odd_answer = Some(format!("unreadable answer: {e}")),
                }
            }
            o.finished = start.elapsed();
            o
        }
    };
    at_once(applicants, concurrency, work).await
}

/// The peer: every applicant at once reads their application (`GET /api/v1/my/applications/{id}`).
pub async fn peer(api: &Api, applicants: &[Applicant], concurrency: usize) -> Result<(Vec<Outcome>, Duration)> {
    let api = api.clone();
    let work = move |a: Applicant, start: Instant| {
        let api = api.instance(a.index);
        async move {
            let path = format!("/api/v1/my/applications/{}", a.application);
            let (first, retry, response) = twice(|| api.request(Method::GET, &path, Some(&a.session))).await;
            // The body is read, as a browser would, so the time includes the whole answer.
            if let Some(r) = response {
                let _ = r.bytes().await;
            }
            Outcome {
                index: a.index,
                first: vec![(Step::Read, first)],
                retries: retry.map(|r| (Step::Read, r)).into_iter().collect(),
                acknowledged: None,
                odd_answer: None,
                submitted_at: None,
                finished: start.elapsed(),
            }
        }
    };
    at_once(applicants, concurrency, work).await
}
