//! `kakehashi-burst`: the burst benchmark (issue 10). One signed-in client floods a running
//! `kakehashi serve` while another person keeps using it at a steady pace; over HTTP only.
//!
//! Three phases of `--seconds` each, on the demo year's accounts:
//! 1. baseline: the other person alone, `--pace` requests a second of a real list;
//! 2. allowed flood: the flooder, `--concurrency` connections, asks for the same list as fast as
//!    the answers come, while the other person keeps its pace;
//! 3. refused flood: the flooder asks as fast as it can for something it is refused (a screening
//!    board, for a contracting organisation's supervisor), the other person still at its pace.
//!
//! Counted from the client side: answers by status and the other person's latency. The other
//! person runs on its own thread, runtime and connections, so that the flooder's work in this
//! process does not delay the other person's requests here: what it sees is the server's doing.
//! Nothing is asserted on time; exit code 1 only when the benchmark itself could not run.

// Shared with `kakehashi-rush`, which uses the rest of them.
#[allow(dead_code)]
#[path = "../api.rs"]
mod api;
#[allow(dead_code)]
#[path = "../stats.rs"]
mod stats;

use anyhow::{Context, Result, bail};
use api::{Api, Session};
use clap::Parser;
use reqwest::Method;
use serde::Serialize;
use stats::{Attempt, CpuSnapshot, CpuUse, Summary};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// One client floods the server while another person keeps using it.
#[derive(Debug, Parser)]
#[command(name = "kakehashi-burst", version)]
struct Cli {
    /// The server's address.
    #[arg(long, env = "KAKEHASHI_BURST_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// The account that floods (the demo's contracting organisation supervisor).
    #[arg(long, default_value = "co@demo.kakehashi.jp")]
    flooder_email: String,
    /// The other person, who keeps a steady pace (the demo's prefectural advisor).
    #[arg(long, default_value = "pa@demo.kakehashi.jp")]
    other_email: String,
    /// Both accounts' password, from the environment only (`KAKEHASHI_BURST_PASSWORD`); the
    /// demo's own when unset.
    #[arg(skip = std::env::var("KAKEHASHI_BURST_PASSWORD").unwrap_or_else(|_| "kakehashi-demo".into()))]
    password: String,
    /// Seconds of each phase.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Seconds of quiet between phases (requests still in flight finish, queued work is written).
    #[arg(long, default_value_t = 3)]
    pause_secs: u64,
    /// The flooder's connections, each sending its next request as soon as the last is answered.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// The other person's requests a second, sent on a fixed schedule whatever the answers.
    #[arg(long, default_value_t = 20)]
    pace: u32,
    /// What both ask for in the allowed flood: a list both may read.
    #[arg(long, default_value = "/api/v1/participants?limit=20")]
    allowed_path: String,
    /// What the flooder asks for in the refused flood: something it may not see.
    #[arg(long, default_value = "/api/v1/programme-years/1/screening")]
    refused_path: String,
    /// Names the server in the report ("after", "before f69f7cc").
    #[arg(long, default_value = "")]
    label: String,
    /// The server's process id: its CPU time in each phase is reported.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Per-request time limit, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout_secs: u64,
    /// Worker threads of the flooder (it shares the machine with the server).
    #[arg(long, default_value_t = 1)]
    client_threads: usize,
    /// Write the figures as JSON to this file too (they are also the last line of the output).
    #[arg(long)]
    report: Option<std::path::PathBuf>,
}

#[derive(Debug, Serialize)]
struct Report {
    label: String,
    backend: String,
    seconds: u64,
    concurrency: usize,
    pace_per_s: u32,
    allowed_path: String,
    refused_path: String,
    phases: Vec<PhaseReport>,
}

#[derive(Debug, Serialize)]
struct PhaseReport {
    name: &'static str,
    /// `/proc/loadavg` when the phase started.
    load_at_start: String,
    flooder: Option<FloodReport>,
    other: OtherReport,
    cpu: CpuUse,
}

#[derive(Debug, Serialize)]
struct FloodReport {
    /// From the start until the last request in flight was answered.
    wall_s: f64,
    answered_per_s: f64,
    /// Answers a second by status ("200", "403", "429", "503"; "timeout", "connect", "transport").
    per_s_by_outcome: BTreeMap<String, f64>,
    /// Answers before the first 429, and when that came (None: never limited).
    answered_before_first_429: usize,
    first_429_after_ms: Option<f64>,
    latency: Summary,
}

#[derive(Debug, Serialize)]
struct OtherReport {
    wall_s: f64,
    /// Answers that were not 200.
    errors: u64,
    latency: Summary,
}

/// One answer of the flood, with when it came (from the start of the phase).
struct Answer {
    at: Duration,
    attempt: Attempt,
}

/// Sends one GET and reads the whole answer; its latency is until the last byte.
async fn get(api: &Api, session: &Session, path: &str) -> Attempt {
    let started = Instant::now();
    match api.request(Method::GET, path, Some(session)).send().await {
        Ok(response) => {
            let status = response.status();
            match response.bytes().await {
                Ok(_) => Attempt::answered(started.elapsed(), status),
                Err(e) => Attempt::failed(started.elapsed(), &e),
            }
        }
        Err(e) => Attempt::failed(started.elapsed(), &e),
    }
}

/// The flooder: `concurrency` loops, each asking again as soon as it is answered, until `length`
/// has passed; then waits for those in flight.
async fn flood(
    api: &Api,
    session: &Session,
    path: &str,
    concurrency: usize,
    length: Duration,
) -> (Vec<Answer>, Duration) {
    let start = Instant::now();
    let deadline = start + length;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (api, session, path) = (api.clone(), session.clone(), path.to_owned());
        tasks.spawn(async move {
            let mut answers = Vec::new();
            while Instant::now() < deadline {
                let attempt = get(&api, &session, &path).await;
                answers.push(Answer { at: start.elapsed(), attempt });
            }
            answers
        });
    }
    let mut all = Vec::new();
    while let Some(done) = tasks.join_next().await {
        if let Ok(answers) = done {
            all.extend(answers);
        }
    }
    (all, start.elapsed())
}

/// The other person: one request every 1/`pace` s for `length`, each sent on its schedule whether
/// or not the ones before were answered (a person does not wait for a stranger's flood).
async fn steady(api: &Api, session: &Session, path: &str, pace: u32, length: Duration) -> (Vec<Attempt>, Duration) {
    let start = Instant::now();
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(pace.max(1))));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::new();
    while start.elapsed() < length {
        ticks.tick().await;
        let (api, session, path) = (api.clone(), session.clone(), path.to_owned());
        tasks.push(tokio::spawn(async move { get(&api, &session, &path).await }));
    }
    let mut attempts = Vec::with_capacity(tasks.len());
    for t in tasks {
        if let Ok(a) = t.await {
            attempts.push(a);
        }
    }
    (attempts, start.elapsed())
}

/// The other person on a thread of its own, with its own runtime and connections: it logs in,
/// then keeps its pace for each phase it is asked to.
struct OtherPerson {
    phases: mpsc::Sender<Duration>,
    results: mpsc::Receiver<Result<(Vec<Attempt>, Duration)>>,
    thread: std::thread::JoinHandle<()>,
}

impl OtherPerson {
    fn start(cli: &Cli) -> Result<OtherPerson> {
        let (phases, phase_rx) = mpsc::channel::<Duration>();
        let (result_tx, results) = mpsc::channel();
        let (base, email, password, path, pace, timeout) = (
            cli.base_url.clone(),
            cli.other_email.clone(),
            cli.password.clone(),
            cli.allowed_path.clone(),
            cli.pace,
            Duration::from_secs(cli.timeout_secs),
        );
        let thread = std::thread::Builder::new()
            .name("other-person".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = result_tx.send(Err(anyhow::anyhow!("the other person's runtime: {e}")));
                        return;
                    }
                };
                let signed_in = runtime.block_on(async {
                    let api = Api::new(&base, timeout)?;
                    let session = api.login(&email, &password).await?;
                    let first = get(&api, &session, &path).await;
                    if first.outcome != "200" {
                        bail!("{email} may not read {path}: {}", first.outcome);
                    }
                    Ok((api, session))
                });
                let (api, session) = match signed_in {
                    Ok(s) => {
                        let _ = result_tx.send(Ok((Vec::new(), Duration::ZERO)));
                        s
                    }
                    Err(e) => {
                        let _ = result_tx.send(Err(e));
                        return;
                    }
                };
                while let Ok(length) = phase_rx.recv() {
                    let r = runtime.block_on(steady(&api, &session, &path, pace, length));
                    if result_tx.send(Ok(r)).is_err() {
                        return;
                    }
                }
            })
            .context("starting the other person's thread")?;
        let other = OtherPerson { phases, results, thread };
        other.wait().context("logging in the other person")?;
        Ok(other)
    }

    fn begin(&self, length: Duration) -> Result<()> {
        self.phases.send(length).context("the other person's thread has stopped")
    }

    fn wait(&self) -> Result<(Vec<Attempt>, Duration)> {
        self.results.recv().context("the other person's thread has stopped")?
    }

    fn stop(self) {
        drop(self.phases);
        let _ = self.thread.join();
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_owned()
}

fn per_second(n: u64, wall: Duration) -> f64 {
    stats::round(n as f64 / wall.as_secs_f64().max(1e-9))
}

fn flood_report(mut answers: Vec<Answer>, wall: Duration) -> FloodReport {
    answers.sort_by_key(|a| a.at);
    let first_429 = answers.iter().position(|a| a.attempt.outcome == "429");
    let attempts: Vec<Attempt> = answers.iter().map(|a| a.attempt.clone()).collect();
    let latency = stats::summarise(&attempts, &[]);
    FloodReport {
        wall_s: stats::round(wall.as_secs_f64() * 100.0) / 100.0,
        answered_per_s: per_second(attempts.len() as u64, wall),
        per_s_by_outcome: latency.outcomes.iter().map(|(k, v)| (k.clone(), per_second(*v, wall))).collect(),
        answered_before_first_429: first_429.unwrap_or(answers.len()),
        first_429_after_ms: first_429.and_then(|i| answers.get(i)).map(|a| stats::round(a.at.as_secs_f64() * 1000.0)),
        latency,
    }
}

async fn run(cli: &Cli) -> Result<Report> {
    let timeout = Duration::from_secs(cli.timeout_secs);
    let api = Api::new(&cli.base_url, timeout)?;
    let backend = api.health().await.with_context(|| format!("is `kakehashi serve` running at {}?", cli.base_url))?;
    let flooder = api.login(&cli.flooder_email, &cli.password).await?;
    // Not timed: both paths answer as the scenario says, or the figures would mean something else.
    let allowed = get(&api, &flooder, &cli.allowed_path).await;
    if allowed.outcome != "200" {
        bail!("{} may not read {}: {}", cli.flooder_email, cli.allowed_path, allowed.outcome);
    }
    let refused = get(&api, &flooder, &cli.refused_path).await;
    if !matches!(refused.outcome.as_str(), "401" | "403" | "404") {
        bail!("{} is not refused {}: {}", cli.flooder_email, cli.refused_path, refused.outcome);
    }
    let other = OtherPerson::start(cli)?;
    let length = Duration::from_secs(cli.seconds.max(1));
    let phases: [(&'static str, Option<&str>); 3] =
        [("baseline", None), ("allowed flood", Some(&cli.allowed_path)), ("refused flood", Some(&cli.refused_path))];
    let mut reports = Vec::new();
    for (i, (name, flood_path)) in phases.into_iter().enumerate() {
        if i > 0 {
            tokio::time::sleep(Duration::from_secs(cli.pause_secs)).await;
        }
        eprintln!("{name}: {} s", length.as_secs());
        let load_at_start = loadavg();
        let before = CpuSnapshot::take(cli.server_pid.as_slice());
        other.begin(length)?;
        let flooded = match flood_path {
            Some(path) => Some(flood(&api, &flooder, path, cli.concurrency, length).await),
            None => None,
        };
        let (attempts, other_wall) = other.wait()?;
        let cpu = CpuSnapshot::take(cli.server_pid.as_slice()).since(&before);
        let latency = stats::summarise(&attempts, &[]);
        reports.push(PhaseReport {
            name,
            load_at_start,
            flooder: flooded.map(|(answers, wall)| flood_report(answers, wall)),
            other: OtherReport {
                wall_s: stats::round(other_wall.as_secs_f64() * 100.0) / 100.0,
                errors: attempts.iter().filter(|a| a.outcome != "200").count() as u64,
                latency,
            },
            cpu,
        });
    }
    other.stop();
    Ok(Report {
        label: cli.label.clone(),
        backend,
        seconds: length.as_secs(),
        concurrency: cli.concurrency,
        pace_per_s: cli.pace,
        allowed_path: cli.allowed_path.clone(),
        refused_path: cli.refused_path.clone(),
        phases: reports,
    })
}

fn outcomes(map: &BTreeMap<String, f64>) -> String {
    map.iter().map(|(k, v)| format!("{k}: {v:.1}/s")).collect::<Vec<_>>().join(", ")
}

fn print(r: &Report) {
    println!(
        "burst on {}{}: phases of {} s; the flooder {} connections, the other person {} requests/s",
        r.backend,
        if r.label.is_empty() { String::new() } else { format!(" ({})", r.label) },
        r.seconds,
        r.concurrency,
        r.pace_per_s
    );
    println!("  allowed: GET {}; refused: GET {}", r.allowed_path, r.refused_path);
    for p in &r.phases {
        println!("{} (load {})", p.name, p.load_at_start);
        if let Some(f) = &p.flooder {
            println!(
                "  flooder:      {:.1} answers/s ({}); {} answered before the first 429{}",
                f.answered_per_s,
                outcomes(&f.per_s_by_outcome),
                f.answered_before_first_429,
                f.first_429_after_ms.map(|ms| format!(" (after {ms:.0} ms)")).unwrap_or_default()
            );
            println!(
                "                p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {:.2} s",
                f.latency.p50_ms, f.latency.p99_ms, f.latency.max_ms, f.wall_s
            );
        }
        let o = &p.other.latency;
        let answers: Vec<String> = o.outcomes.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        println!(
            "  other person: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} requests, {} errors ({})",
            o.p50_ms,
            o.p99_ms,
            o.max_ms,
            o.requests,
            p.other.errors,
            answers.join(", ")
        );
        let server = p.cpu.server_cpu_s.map(|s| format!("{s:.1}")).unwrap_or_else(|| "-".into());
        println!(
            "  cpu: machine {:.0}% busy; server {server} s, driver {:.1} s, postgres {:.1} s",
            p.cpu.machine_busy * 100.0,
            p.cpu.generator_cpu_s,
            p.cpu.postgres_cpu_s
        );
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.client_threads.max(1))
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kakehashi-burst: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&cli)) {
        Ok(report) => {
            print(&report);
            let line = match serde_json::to_string(&report) {
                Ok(line) => line,
                Err(e) => {
                    eprintln!("kakehashi-burst: {e}");
                    return ExitCode::FAILURE;
                }
            };
            println!("{line}");
            if let Some(path) = &cli.report
                && let Err(e) = std::fs::write(path, &line)
            {
                eprintln!("kakehashi-burst: writing {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kakehashi-burst: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
