//! Latencies, answers by status, and where the machine's CPU time went during a phase.

use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// One HTTP request as the client saw it.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub latency: Duration,
    /// The status code ("200", "503"), or what failed before one came ("timeout", "connect",
    /// "transport").
    pub outcome: String,
    pub ok: bool,
}

impl Attempt {
    pub fn answered(latency: Duration, status: reqwest::StatusCode) -> Attempt {
        Attempt { latency, outcome: status.as_u16().to_string(), ok: status.is_success() }
    }
    pub fn failed(latency: Duration, e: &reqwest::Error) -> Attempt {
        let outcome = if e.is_timeout() {
            "timeout"
        } else if e.is_connect() {
            "connect"
        } else {
            "transport"
        };
        Attempt { latency, outcome: outcome.into(), ok: false }
    }
}

/// Latency percentiles of a set of requests, in milliseconds, and their outcomes.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    pub requests: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    /// Every request by outcome: status code, or `timeout` / `connect` / `transport`.
    pub outcomes: BTreeMap<String, u64>,
    /// Of those, the retries (a failed first attempt is sent once more).
    pub retries: usize,
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn summarise(first: &[Attempt], retries: &[Attempt]) -> Summary {
    let mut ms: Vec<f64> = first.iter().chain(retries).map(|a| a.latency.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let mut outcomes = BTreeMap::new();
    for a in first.iter().chain(retries) {
        *outcomes.entry(a.outcome.clone()).or_default() += 1;
    }
    Summary {
        requests: ms.len(),
        p50_ms: round(percentile(&ms, 50.0)),
        p90_ms: round(percentile(&ms, 90.0)),
        p99_ms: round(percentile(&ms, 99.0)),
        max_ms: round(ms.last().copied().unwrap_or(0.0)),
        mean_ms: round(if ms.is_empty() { 0.0 } else { ms.iter().sum::<f64>() / ms.len() as f64 }),
        outcomes,
        retries: retries.len(),
    }
}

/// Percentiles of plain durations (each applicant's time from the start of the rush to its receipt).
pub fn summarise_durations(values: &[Duration]) -> Summary {
    let attempts: Vec<Attempt> =
        values.iter().map(|&latency| Attempt { latency, outcome: "done".into(), ok: true }).collect();
    summarise(&attempts, &[])
}

pub fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// CPU time counters (Linux clock ticks, 100 a second) of the machine and of the processes that
/// matter: the server, this generator, and PostgreSQL's processes when it runs here.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuSnapshot {
    machine_busy: u64,
    machine_total: u64,
    server: Option<u64>,
    client: u64,
    postgres: u64,
    at: Option<std::time::Instant>,
}

/// CPU seconds spent during a phase, and the machine's use of its cores.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CpuUse {
    pub wall_s: f64,
    /// Busy share of all cores of the machine (1.0 = every core busy all the time).
    pub machine_busy: f64,
    /// None when the server's process was not there at the start or the end (`--crash`).
    pub server_cpu_s: Option<f64>,
    pub generator_cpu_s: f64,
    /// Every process named `postgres` on this machine (0 on SQLite).
    pub postgres_cpu_s: f64,
}

const TICKS_PER_SECOND: f64 = 100.0;

fn process_ticks(stat: &str) -> Option<u64> {
    // Fields after the command name (which may hold spaces) start at the state, field 3;
    // utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

fn ticks_of(pid: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().and_then(|s| process_ticks(&s))
}

fn postgres_ticks() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|s| s.contains("(postgres)"))
        .filter_map(|s| process_ticks(&s))
        .sum()
}

impl CpuSnapshot {
    /// With several servers (instances on one database), their CPU is summed; `None` when any
    /// of them is gone.
    pub fn take(server_pids: &[u32]) -> CpuSnapshot {
        let (machine_busy, machine_total) = std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|s| {
                let line = s.lines().next()?.to_owned();
                let v: Vec<u64> = line.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
                let total: u64 = v.iter().take(8).sum();
                let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
                Some((total - idle, total))
            })
            .unwrap_or((0, 0));
        CpuSnapshot {
            machine_busy,
            machine_total,
            server: if server_pids.is_empty() {
                None
            } else {
                server_pids.iter().map(|p| ticks_of(&p.to_string())).sum::<Option<u64>>()
            },
            client: ticks_of("self").unwrap_or(0),
            postgres: postgres_ticks(),
            at: Some(std::time::Instant::now()),
        }
    }

    pub fn since(&self, before: &CpuSnapshot) -> CpuUse {
        let s = |a: u64, b: u64| round(a.saturating_sub(b) as f64 / TICKS_PER_SECOND * 10.0) / 10.0;
        let wall = match (self.at, before.at) {
            (Some(a), Some(b)) => a.duration_since(b).as_secs_f64(),
            _ => 0.0,
        };
        let total = self.machine_total.saturating_sub(before.machine_total);
        CpuUse {
            wall_s: round(wall * 100.0) / 100.0,
            machine_busy: if total == 0 {
                0.0
            } else {
                round(self.machine_busy.saturating_sub(before.machine_busy) as f64 / total as f64 * 1000.0) / 1000.0
            },
            server_cpu_s: self.server.zip(before.server).map(|(a, b)| s(a, b)),
            generator_cpu_s: s(self.client, before.client),
            postgres_cpu_s: s(self.postgres, before.postgres),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&v, 100.0), 100.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn process_times_are_read_after_the_command_name() {
        let stat = "42 (a (weird) name) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 0 0";
        assert_eq!(process_ticks(stat), Some(300));
    }
}
