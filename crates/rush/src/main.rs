//! `kakehashi-rush`: the deadline-rush benchmark (issue 4). Against a running `kakehashi serve`,
//! over HTTP only: prepares N applicants with complete drafts (setup, not timed), lets them all
//! upload a last document and submit at once (the rush, timed), has the same applicants read their
//! application at once (the peer, timed), then checks that every acknowledged submission is in
//! the database (verification). Exit code 1 on an error, 2 when a submission was lost or doubled.

mod api;
mod pdf;
mod rush;
mod setup;
mod stats;
mod verify;

use anyhow::{Context, Result, bail};
use clap::Parser;
use rush::{Outcome, Step};
use serde::Serialize;
use stats::{Attempt, CpuSnapshot, CpuUse, Summary};
use std::collections::HashMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The deadline rush: thousands of applicants submit at once against one server.
#[derive(Debug, Parser)]
#[command(name = "kakehashi-rush", version)]
struct Cli {
    /// The server's address; several, separated by commas, for instances of one service on one
    /// database: the applicants are dealt to them in turn, each applicant keeping to one.
    #[arg(long, env = "KAKEHASHI_RUSH_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// An account holding the system-administrator role (to read the development outbox) and
    /// the clair-staff role (to open the programme year and list its applications); see
    /// `kakehashi admin create-user` and `kakehashi admin grant`.
    #[arg(long, env = "KAKEHASHI_RUSH_ADMIN_EMAIL")]
    admin_email: String,
    /// Read from the environment only.
    #[arg(skip = std::env::var("KAKEHASHI_RUSH_ADMIN_PASSWORD").ok())]
    admin_password: Option<String>,
    /// Applicants in the rush.
    #[arg(long, default_value_t = 2000)]
    applicants: usize,
    /// Applicants in flight at once during the rush and the peer; default: all of them.
    #[arg(long)]
    concurrency: Option<usize>,
    /// Applicants prepared at once during setup.
    #[arg(long, default_value_t = 8)]
    setup_concurrency: usize,
    /// The recruiting country (ISO code; one of the server's countries).
    #[arg(long, default_value = "US")]
    country: String,
    /// The programme year applied to; created and opened when the server has none for the country.
    #[arg(long, default_value_t = 2028)]
    year: i64,
    /// Days from today to the application deadline of a year this program opens.
    #[arg(long, default_value_t = 30)]
    deadline_days: i64,
    /// The size of the document uploaded in the rush (a one-page PDF, padded to this size).
    #[arg(long, default_value_t = 0)]
    document_bytes: usize,
    /// Seconds between the end of setup and the rush, so that every session is idle for more than
    /// a minute and its first request slides its expiry (one small write), as for an applicant
    /// coming back to the page.
    #[arg(long, default_value_t = 61)]
    settle_secs: u64,
    /// Before the rush, wait until the machine's 1-minute load average is below this (the setup's
    /// own load, or someone else's build, would distort the figures); 0 to not wait.
    #[arg(long, default_value_t = 1.0)]
    quiet_load: f64,
    /// At most this long, in seconds; then the rush starts anyway and the report shows the load.
    #[arg(long, default_value_t = 900)]
    quiet_wait_secs: u64,
    /// Per-request time limit, in seconds.
    #[arg(long, default_value_t = 120)]
    timeout_secs: u64,
    /// The server's process id: its CPU time is reported, and `--crash` kills it. With several
    /// instances, their ids separated by commas (their CPU is summed).
    #[arg(long, value_delimiter = ',')]
    server_pid: Vec<u32>,
    /// Kill the server with SIGKILL in the middle of the rush (needs --server-pid); whoever
    /// started it must start it again on the same database. Then the applicants without a receipt
    /// submit once more, and every acknowledged submission is checked.
    #[arg(long, requires = "server_pid")]
    crash: bool,
    /// With --crash: kill after this many acknowledged submissions (default: half the applicants).
    #[arg(long)]
    crash_after: Option<usize>,
    /// With --crash: how long to wait for the server to answer again.
    #[arg(long, default_value_t = 180)]
    restart_timeout_secs: u64,
    /// Names the generated accounts (`rush.TAG.00042@applicants.example`); default: from the clock.
    #[arg(long)]
    tag: Option<String>,
    /// Write the figures as JSON to this file.
    #[arg(long)]
    report: Option<std::path::PathBuf>,
    /// Worker threads of the generator (it shares the machine with the server).
    #[arg(long, default_value_t = 1)]
    client_threads: usize,
}

#[derive(Debug, Serialize)]
struct Report {
    backend: String,
    /// Servers sharing the rush (instances on one database).
    instances: usize,
    applicants: usize,
    concurrency: usize,
    country: String,
    year: i64,
    deadline_local: String,
    tag: String,
    /// `/proc/loadavg` when the rush started.
    load_at_rush_start: String,
    setup: SetupReport,
    rush: RushReport,
    crash: Option<CrashReport>,
    peer: PeerReport,
    verification: verify::Verification,
}

#[derive(Debug, Serialize)]
struct SetupReport {
    seconds: f64,
    /// Setup requests sent again after 409, 429 or 5xx, by request and status.
    retried: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Serialize)]
struct RushReport {
    wall_s: f64,
    acknowledged: usize,
    submissions_per_s: f64,
    upload: Summary,
    submit: Summary,
    /// Each applicant's time from the start to their receipt (or last answer).
    completion: Summary,
    /// 2xx answers to a submission that were not `submitted` with the right reference.
    odd_answers: Vec<String>,
    cpu: CpuUse,
}

#[derive(Debug, Serialize)]
struct CrashReport {
    killed_at_s: Option<f64>,
    acknowledged_before_kill: usize,
    /// From the end of the rush until the restarted server answered.
    restart_wait_s: f64,
    /// Applicants without a receipt after the crash who submitted once more.
    resubmitted: usize,
    /// Of those, acknowledged now.
    acknowledged_after_restart: usize,
    /// Of those, submitted before the restart by the server's own clock: the submission was
    /// committed, only its answer was lost with the process; the second submit answered with
    /// the same receipt.
    committed_before_crash: usize,
    resubmit: Summary,
}

#[derive(Debug, Serialize)]
struct PeerReport {
    wall_s: f64,
    reads_per_s: f64,
    read: Summary,
    cpu: CpuUse,
}

fn attempts(outcomes: &[Outcome], step: Step) -> (Vec<Attempt>, Vec<Attempt>) {
    let pick = |list: &Vec<(Step, Attempt)>| -> Vec<Attempt> {
        list.iter().filter(|(s, _)| *s == step).map(|(_, a)| a.clone()).collect()
    };
    (outcomes.iter().flat_map(|o| pick(&o.first)).collect(), outcomes.iter().flat_map(|o| pick(&o.retries)).collect())
}

fn summary_of(outcomes: &[Outcome], step: Step) -> Summary {
    let (first, retries) = attempts(outcomes, step);
    stats::summarise(&first, &retries)
}

/// The 1-minute load average (0 when unknown).
fn load_1min() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|l| l.parse().ok()))
        .unwrap_or(0.0)
}

fn per_second(n: usize, wall: Duration) -> f64 {
    stats::round(n as f64 / wall.as_secs_f64().max(1e-9))
}

fn line(label: &str, s: &Summary) -> String {
    let outcomes: Vec<String> = s.outcomes.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!(
        "{label:<24} p50 {:>8.1} ms  p90 {:>8.1} ms  p99 {:>8.1} ms  max {:>8.1} ms  ({} requests, {} retries; {})",
        s.p50_ms,
        s.p90_ms,
        s.p99_ms,
        s.max_ms,
        s.requests,
        s.retries,
        outcomes.join(", ")
    )
}

async fn run(cli: Cli) -> Result<bool> {
    let api = api::Api::new(&cli.base_url, Duration::from_secs(cli.timeout_secs))?;
    for i in 0..api.instances() {
        api.instance(i).health().await.with_context(|| format!("is `kakehashi serve` running at {}?", cli.base_url))?;
    }
    let backend = api.health().await?;
    if cli.crash && (api.instances() != 1 || cli.server_pid.len() != 1) {
        bail!("--crash takes one server (one --base-url and one --server-pid)");
    }
    let password = cli.admin_password.as_deref().context("set KAKEHASHI_RUSH_ADMIN_PASSWORD")?;
    let staff = api.login(&cli.admin_email, password).await?;
    let n = cli.applicants;
    let concurrency = cli.concurrency.unwrap_or(n).max(1);
    let tag = cli.tag.clone().unwrap_or_else(|| format!("{:x}", time::OffsetDateTime::now_utc().unix_timestamp()));
    if !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        bail!("--tag must be letters and digits");
    }

    let year = setup::programme_year(&api, &staff, &cli.country, cli.year, cli.deadline_days).await?;
    eprintln!(
        "setup: {n} applicants for {} {} (deadline {}), {} at a time, on {backend}",
        year.country, year.year, year.deadline_local, cli.setup_concurrency
    );
    let started = Instant::now();
    let applicants = setup::applicants(&api, &staff, &year, &tag, n, cli.setup_concurrency).await?;
    let setup = SetupReport { seconds: stats::round(started.elapsed().as_secs_f64()), retried: api.setup_retries() };
    eprintln!("setup: done in {:.0} s; retried: {:?}", setup.seconds, setup.retried);
    if cli.settle_secs > 0 {
        eprintln!("settling {} s (sessions idle for over a minute)", cli.settle_secs);
        tokio::time::sleep(Duration::from_secs(cli.settle_secs)).await;
    }

    if cli.quiet_load > 0.0 {
        let waited = Instant::now();
        while load_1min() >= cli.quiet_load && waited.elapsed() < Duration::from_secs(cli.quiet_wait_secs) {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        eprintln!("waited {:.0} s for the load to fall below {}", waited.elapsed().as_secs_f64(), cli.quiet_load);
    }
    let load_at_rush_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_owned();
    eprintln!("rush: {n} applicants, {concurrency} at once; load {load_at_rush_start}");
    let crash = cli.crash.then(|| rush::Crash {
        pid: cli.server_pid.first().copied().unwrap_or_default(),
        after: cli.crash_after.unwrap_or(n / 2).max(1),
    });
    let before = CpuSnapshot::take(&cli.server_pid);
    let (outcomes, wall, crashed) = rush::rush(&api, &applicants, concurrency, cli.document_bytes, crash).await?;
    let cpu = CpuSnapshot::take(&cli.server_pid).since(&before);
    let mut acknowledged: HashMap<usize, String> =
        outcomes.iter().filter_map(|o| o.acknowledged.clone().map(|r| (o.index, r))).collect();
    let rush_report = RushReport {
        wall_s: stats::round(wall.as_secs_f64() * 100.0) / 100.0,
        acknowledged: acknowledged.len(),
        submissions_per_s: per_second(acknowledged.len(), wall),
        upload: summary_of(&outcomes, Step::Upload),
        submit: summary_of(&outcomes, Step::Submit),
        completion: stats::summarise_durations(&outcomes.iter().map(|o| o.finished).collect::<Vec<_>>()),
        odd_answers: outcomes.iter().filter_map(|o| o.odd_answer.clone()).take(20).collect(),
        cpu,
    };

    let crash_report = if cli.crash {
        let waited = api.wait_healthy(Duration::from_secs(cli.restart_timeout_secs)).await?;
        let without: Vec<setup::Applicant> =
            applicants.iter().filter(|a| !acknowledged.contains_key(&a.index)).cloned().collect();
        eprintln!(
            "crash: the server answers again after {:.1} s; {} applicants submit again",
            waited.as_secs_f64(),
            without.len()
        );
        let back_at = time::OffsetDateTime::now_utc();
        let (again, _) = rush::resubmit(&api, &without, concurrency).await?;
        let rfc3339 = time::format_description::well_known::Rfc3339;
        let committed_before_crash = again
            .iter()
            .filter_map(|o| o.submitted_at.as_deref())
            .filter_map(|t| time::OffsetDateTime::parse(t, &rfc3339).ok())
            .filter(|t| *t < back_at)
            .count();
        let now_acked: Vec<(usize, String)> =
            again.iter().filter_map(|o| o.acknowledged.clone().map(|r| (o.index, r))).collect();
        let report = CrashReport {
            killed_at_s: crashed.killed_at_s.map(stats::round),
            acknowledged_before_kill: crashed.acknowledged_before_kill,
            restart_wait_s: stats::round(waited.as_secs_f64()),
            resubmitted: without.len(),
            acknowledged_after_restart: now_acked.len(),
            committed_before_crash,
            resubmit: summary_of(&again, Step::Submit),
        };
        acknowledged.extend(now_acked);
        Some(report)
    } else {
        None
    };

    eprintln!("peer: {n} applicants read their application, {concurrency} at once");
    let before = CpuSnapshot::take(&cli.server_pid);
    let (reads, peer_wall) = rush::peer(&api, &applicants, concurrency).await?;
    let cpu = CpuSnapshot::take(&cli.server_pid).since(&before);
    let read = summary_of(&reads, Step::Read);
    let peer = PeerReport {
        wall_s: stats::round(peer_wall.as_secs_f64() * 100.0) / 100.0,
        reads_per_s: per_second(read.outcomes.get("200").copied().unwrap_or(0) as usize, peer_wall),
        read,
        cpu,
    };

    eprintln!("verification: {} acknowledged submissions", acknowledged.len());
    let verification = verify::verify(&api, &staff, &year, &applicants, &acknowledged, 16).await?;

    let report = Report {
        backend,
        instances: api.instances(),
        applicants: n,
        concurrency,
        country: year.country.clone(),
        year: year.year,
        deadline_local: year.deadline_local.clone(),
        tag,
        load_at_rush_start,
        setup,
        rush: rush_report,
        crash: crash_report,
        peer,
        verification,
    };
    print(&report);
    if let Some(path) = &cli.report {
        let text = serde_json::to_string_pretty(&report).context("writing the report")?;
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(report.verification.lost == 0 && report.verification.duplicates == 0)
}

fn seconds(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.1}")).unwrap_or_else(|| "(restarted)".into())
}

/// Where the CPU went during one phase (the rush, or its peer), as one line of the report.
fn cpu_line(cpu: &CpuUse) -> String {
    format!(
        "  cpu: machine {:.0}% busy; server {} s, generator {:.1} s, postgres {:.1} s",
        cpu.machine_busy * 100.0,
        seconds(cpu.server_cpu_s),
        cpu.generator_cpu_s,
        cpu.postgres_cpu_s
    )
}

fn print(r: &Report) {
    println!(
        "deadline rush on {} ({} instance{}): {} applicants, {} at once, {} {}",
        r.backend,
        r.instances,
        if r.instances == 1 { "" } else { "s" },
        r.applicants,
        r.concurrency,
        r.country,
        r.year
    );
    println!("setup: {:.0} s (not timed as the rush); retried: {:?}", r.setup.seconds, r.setup.retried);
    println!("load average at the start of the rush: {}", r.load_at_rush_start);
    let u = &r.rush;
    println!(
        "rush: {} of {} submissions acknowledged in {:.2} s = {:.1} submissions/s",
        u.acknowledged, r.applicants, u.wall_s, u.submissions_per_s
    );
    println!("{}", line("  upload (PUT document)", &u.upload));
    println!("{}", line("  submit (POST submit)", &u.submit));
    println!("{}", line("  applicant done after", &u.completion));
    println!("{}", cpu_line(&u.cpu));
    for odd in &u.odd_answers {
        println!("  odd answer: {odd}");
    }
    if let Some(c) = &r.crash {
        println!(
            "crash: SIGKILL at {:?} s after {} receipts; server back after {:.1} s; {} submitted again, {} acknowledged \
             ({} of them had been committed before the crash, their answer lost)",
            c.killed_at_s,
            c.acknowledged_before_kill,
            c.restart_wait_s,
            c.resubmitted,
            c.acknowledged_after_restart,
            c.committed_before_crash
        );
        println!("{}", line("  submit after restart", &c.resubmit));
    }
    let p = &r.peer;
    println!("peer, same applicants and server: {:.2} s = {:.1} reads/s", p.wall_s, p.reads_per_s);
    println!("{}", line("  read (GET application)", &p.read));
    println!("{}", cpu_line(&p.cpu));
    let v = &r.verification;
    println!(
        "verification: acknowledged {}, found {}, lost {}, duplicates {}, submitted without receipt {}; listing {:?}",
        v.acknowledged, v.found, v.lost, v.duplicates, v.submitted_unacknowledged, v.listing
    );
    for p in &v.problems {
        println!("  problem: {p}");
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
            eprintln!("kakehashi-rush: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("kakehashi-rush: acknowledged submissions were lost or doubled");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("kakehashi-rush: {e:#}");
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
