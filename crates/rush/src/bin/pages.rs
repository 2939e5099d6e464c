//! `kakehashi-pages`: the pages people open most, timed against a running `kakehashi serve` on
//! the demo year (issues 11 and 14), over HTTP only.
//!
//! Two phases:
//! 1. alone: one signed-in person opens each page `--alone` times, one after the other;
//! 2. under load: `--users` signed-in people at once, each going round the pages (from a different
//!    one each) for `--seconds`, `/healthz` among them, so that every page is timed beside it in
//!    the same run.
//!
//! Each page is asked as the role that opens it (CLAIR, the mission's desk, a contracting
//! organisation's supervisor, an applicant); latency is until the last byte of the page. Nothing is
//! asserted on time; the exit code is 1 only when the benchmark itself could not run (a page that
//! does not answer 200 when alone is such a failure: it would be timing an error page).

// Shared with `kakehashi-rush`, which uses the rest of them.
#[allow(dead_code)]
#[path = "../api.rs"]
mod api;
#[allow(dead_code)]
#[path = "../stats.rs"]
mod stats;

use anyhow::{Context, Result, bail};
use api::{Api, Session, json};
use clap::Parser;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use stats::{Attempt, CpuSnapshot, CpuUse, Summary, summarise};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Times the pages people open most, alone and with many people at once.
#[derive(Debug, Parser)]
#[command(name = "kakehashi-pages", version)]
struct Cli {
    /// The server's address.
    #[arg(long, env = "KAKEHASHI_PAGES_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// The demo accounts' password, from the environment only (`KAKEHASHI_PAGES_PASSWORD`).
    #[arg(skip = std::env::var("KAKEHASHI_PAGES_PASSWORD").unwrap_or_else(|_| "kakehashi-demo".into()))]
    password: String,
    /// Times each page is opened in the first phase, by one person.
    #[arg(long, default_value_t = 20)]
    alone: usize,
    /// People at once in the second phase, each with their own sessions.
    #[arg(long, default_value_t = 50)]
    users: usize,
    /// Seconds of the second phase.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// The year the placement pages show.
    #[arg(long, default_value_t = 2027)]
    placement_year: i64,
    /// Names the server in the report.
    #[arg(long, default_value = "")]
    label: String,
    /// The server's process id: its CPU time under load is reported.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Per-request time limit, in seconds.
    #[arg(long, default_value_t = 60)]
    timeout_secs: u64,
    /// Write the figures as JSON to this file too (they are also the last line of the output).
    #[arg(long)]
    report: Option<std::path::PathBuf>,
}

/// Who opens a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Who {
    Nobody,
    Clair,
    Mission,
    Organisation,
    Applicant,
}

const ACCOUNTS: [(Who, &str); 4] = [
    (Who::Clair, "clair@demo.kakehashi.jp"),
    (Who::Mission, "mission@demo.kakehashi.jp"),
    (Who::Organisation, "co@demo.kakehashi.jp"),
    (Who::Applicant, "applicant@demo.kakehashi.jp"),
];

#[derive(Debug, Clone, Serialize)]
struct Page {
    name: &'static str,
    who: Who,
    path: String,
}

/// One person's sessions, one per account a page needs.
#[derive(Clone)]
struct Person {
    sessions: Vec<(Who, Session)>,
}

impl Person {
    fn session(&self, who: Who) -> Option<&Session> {
        self.sessions.iter().find(|(w, _)| *w == who).map(|(_, s)| s)
    }
}

#[derive(Debug, Serialize)]
struct PageReport {
    name: &'static str,
    who: Who,
    path: String,
    /// The page's size in bytes (the last answer alone).
    bytes: usize,
    alone: Summary,
    loaded: Summary,
    /// This page's p99 under load over `/healthz`'s in the same run.
    p99_over_healthz: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    label: String,
    backend: String,
    users: usize,
    seconds: u64,
    /// Pages answered a second under load, all pages together.
    loaded_per_s: f64,
    cpu: CpuUse,
    pages: Vec<PageReport>,
}

#[derive(Deserialize)]
struct Rows<T> {
    rows: Vec<T>,
}

#[derive(Deserialize)]
struct Identified {
    id: i64,
}

/// Sends one GET and reads the whole answer; its latency is until the last byte.
async fn get(api: &Api, session: Option<&Session>, path: &str) -> (Attempt, usize) {
    let started = Instant::now();
    match api.request(Method::GET, path, session).send().await {
        Ok(response) => {
            let status = response.status();
            match response.bytes().await {
                Ok(body) => (Attempt::answered(started.elapsed(), status), body.len()),
                Err(e) => (Attempt::failed(started.elapsed(), &e), 0),
            }
        }
        Err(e) => (Attempt::failed(started.elapsed(), &e), 0),
    }
}

async fn person(api: &Api, password: &str) -> Result<Person> {
    let mut sessions = Vec::new();
    for (who, email) in ACCOUNTS {
        sessions.push((who, api.login(email, password).await?));
    }
    Ok(Person { sessions })
}

/// The pages, with the ids they need read from the API as the people who open them.
async fn pages(api: &Api, person: &Person, placement_year: i64) -> Result<Vec<Page>> {
    let mission = person.session(Who::Mission).context("no mission session")?;
    let years: Vec<Identified> =
        json(api.request(Method::GET, "/api/v1/programme-years", Some(mission)).send().await?, "years", &[200]).await?;
    let year = years.first().context("the mission has no programme year")?.id;
    let applications: Rows<Identified> = json(
        api.request(Method::GET, "/api/v1/applications?status=interviewed&limit=1", Some(mission)).send().await?,
        "applications",
        &[200],
    )
    .await?;
    let application = applications.rows.first().context("the mission has no interviewed application")?.id;
    let page = |name, who, path: String| Page { name, who, path };
    Ok(vec![
        page("healthz", Who::Nobody, "/healthz".into()),
        page("dashboard (CLAIR)", Who::Clair, "/dashboard".into()),
        page("placement requests (CLAIR)", Who::Clair, format!("/placement/requests?year={placement_year}")),
        page("national picture (CLAIR)", Who::Clair, format!("/placement?year={placement_year}")),
        page("applications list (mission)", Who::Mission, "/applications".into()),
        page("screening board (mission)", Who::Mission, format!("/programme-years/{year}/screening")),
        page("interview calendar (mission)", Who::Mission, format!("/programme-years/{year}/interviews")),
        page("decision board (mission)", Who::Mission, format!("/programme-years/{year}/decisions")),
        page("candidate's file (mission)", Who::Mission, format!("/applications/{application}")),
        page("participants (CO)", Who::Organisation, "/participants".into()),
        page("status page (applicant)", Who::Applicant, "/my-application".into()),
    ])
}

async fn run(cli: &Cli) -> Result<Report> {
    let api = Api::new(&cli.base_url, Duration::from_secs(cli.timeout_secs))?;
    let backend = api.health().await?;
    let first = person(&api, &cli.password).await?;
    let pages = pages(&api, &first, cli.placement_year).await?;

    // Alone: one person, one page after the other (the first answer warms nothing in: each page is
    // read once before timing starts).
    let mut alone = Vec::new();
    for p in &pages {
        let session = first.session(p.who);
        let (warm, bytes) = get(&api, session, &p.path).await;
        if !warm.ok {
            bail!("{} ({}) answered {}", p.name, p.path, warm.outcome);
        }
        let mut attempts = Vec::with_capacity(cli.alone);
        for _ in 0..cli.alone {
            attempts.push(get(&api, session, &p.path).await.0);
        }
        println!(
            "alone  {:<32} p50 {:>8.1} ms  p99 {:>8.1} ms  {:>8} bytes",
            p.name,
            summarise(&attempts, &[]).p50_ms,
            summarise(&attempts, &[]).p99_ms,
            bytes
        );
        alone.push((summarise(&attempts, &[]), bytes));
    }

    // Under load: every person signs in first (each has sessions of their own), then all go round.
    let mut people = vec![first];
    for _ in 1..cli.users.max(1) {
        people.push(person(&api, &cli.password).await?);
    }
    let before = CpuSnapshot::take(cli.server_pid.as_slice());
    let start = Instant::now();
    let deadline = start + Duration::from_secs(cli.seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for (i, someone) in people.into_iter().enumerate() {
        let (api, pages) = (api.clone(), pages.clone());
        tasks.spawn(async move {
            let mut seen: Vec<Vec<Attempt>> = vec![Vec::new(); pages.len()];
            let mut next = i % pages.len();
            while Instant::now() < deadline {
                let p = &pages[next];
                seen[next].push(get(&api, someone.session(p.who), &p.path).await.0);
                next = (next + 1) % pages.len();
            }
            seen
        });
    }
    let mut loaded: Vec<Vec<Attempt>> = vec![Vec::new(); pages.len()];
    while let Some(done) = tasks.join_next().await {
        for (all, mine) in loaded.iter_mut().zip(done.context("a person's loop failed")?) {
            all.extend(mine);
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = CpuSnapshot::take(cli.server_pid.as_slice()).since(&before);
    let loaded: Vec<Summary> = loaded.iter().map(|a| summarise(a, &[])).collect();
    let healthz_p99 = loaded.first().map_or(0.0, |s| s.p99_ms).max(0.1);
    let answered: usize = loaded.iter().map(|s| s.requests).sum();
    Ok(Report {
        label: cli.label.clone(),
        backend,
        users: cli.users,
        seconds: cli.seconds,
        loaded_per_s: stats::round(answered as f64 / wall),
        cpu,
        pages: pages
            .into_iter()
            .zip(alone)
            .zip(loaded)
            .map(|((p, (alone, bytes)), loaded)| PageReport {
                name: p.name,
                who: p.who,
                path: p.path,
                bytes,
                p99_over_healthz: stats::round(loaded.p99_ms / healthz_p99),
                alone,
                loaded,
            })
            .collect(),
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).await {
        Ok(report) => {
            println!(
                "\n{:<32} {:>10} {:>10} {:>10} {:>10} {:>8} {:>9}",
                "page", "alone p50", "alone p99", "load p50", "load p99", "×healthz", "non-200"
            );
            for p in &report.pages {
                let errors: u64 = p.loaded.outcomes.iter().filter(|(k, _)| k.as_str() != "200").map(|(_, v)| v).sum();
                println!(
                    "{:<32} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>8.1} {:>9}",
                    p.name,
                    p.alone.p50_ms,
                    p.alone.p99_ms,
                    p.loaded.p50_ms,
                    p.loaded.p99_ms,
                    p.p99_over_healthz,
                    errors
                );
            }
            let json = serde_json::to_string(&report).unwrap_or_default();
            if let Some(path) = &cli.report
                && let Err(e) = std::fs::write(path, &json)
            {
                eprintln!("writing {}: {e}", path.display());
            }
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kakehashi-pages: {e:#}");
            ExitCode::FAILURE
        }
    }
}
