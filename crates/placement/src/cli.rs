//! What `kakehashi place` calls: parse, validate, solve, check, serialise.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use crate::check;
use crate::instance::Instance;
use crate::optimise::{self, Objective};
use crate::placement::Placement;
use crate::problem::Problem;
use crate::result::{self, Facts, PlacementResult, StableSearch};
use crate::stable::{self, StableLimits};

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Stable placement (deferred acceptance; Roth–Peranson with couples).
    Stable,
    /// Most candidates placed, then lowest sum of ranks.
    Welfare,
    /// Most first choices, then most second choices, and so on.
    RankMaximal,
}

/// Who proposes in the stable mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Proposer {
    /// Candidate-optimal stable placement.
    #[default]
    Candidates,
    /// Organisation-optimal stable placement.
    Organisations,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Stable, Mode::Welfare, Mode::RankMaximal];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Stable => "stable",
            Mode::Welfare => "welfare",
            Mode::RankMaximal => "rank-maximal",
        }
    }
}

impl Proposer {
    pub const ALL: [Proposer; 2] = [Proposer::Candidates, Proposer::Organisations];

    pub fn as_str(self) -> &'static str {
        match self {
            Proposer::Candidates => "candidates",
            Proposer::Organisations => "organisations",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Proposer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown mode or proposer name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {found:?} (expected one of: {expected})")]
pub struct ParseNameError {
    pub what: &'static str,
    pub found: String,
    pub expected: &'static str,
}

impl FromStr for Mode {
    type Err = ParseNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| ParseNameError {
            what: "mode",
            found: s.to_string(),
            expected: "stable, welfare, rank-maximal",
        })
    }
}

impl FromStr for Proposer {
    type Err = ParseNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Proposer::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| ParseNameError {
            what: "proposer",
            found: s.to_string(),
            expected: "candidates, organisations",
        })
    }
}

/// Options of `kakehashi place`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceOptions {
    pub mode: Mode,
    /// Stable mode only; ignored by the others.
    pub proposer: Proposer,
    /// Add `explanations` to the result.
    pub explain: bool,
}

impl PlaceOptions {
    pub fn new(mode: Mode) -> Self {
        PlaceOptions { mode, proposer: Proposer::Candidates, explain: false }
    }
}

/// Why `place` failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    /// The input is not a valid instance: the message names the path and the reason. Exit 2.
    #[error("invalid instance: {0}")]
    Invalid(String),
    /// The engine failed (a bug: its own check refused its result). Exit 1.
    #[error("internal error: {0}")]
    Internal(String),
}

impl PlaceError {
    /// Process exit code: 2 for invalid input, 1 for an internal failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            PlaceError::Invalid(_) => 2,
            PlaceError::Internal(_) => 1,
        }
    }
}

/// Time spent in each phase of [`place_with_timings`]. Never part of the result bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    pub parse: Duration,
    pub validate: Duration,
    pub solve: Duration,
    pub check: Duration,
    pub write: Duration,
}

impl Timings {
    pub fn total(&self) -> Duration {
        self.parse + self.validate + self.solve + self.check + self.write
    }
}

/// Parse, validate, solve, check, serialise. The output is the result JSON (one line and a
/// newline), identical for identical input and options.
pub fn place(input: &[u8], options: &PlaceOptions) -> Result<Vec<u8>, PlaceError> {
    place_with_timings(input, options).map(|(bytes, _)| bytes)
}

/// [`place`], also returning how long each phase took.
pub fn place_with_timings(input: &[u8], options: &PlaceOptions) -> Result<(Vec<u8>, Timings), PlaceError> {
    guard(|| {
        let mut t = Timings::default();
        let start = Instant::now();
        let raw = crate::parse::from_json(input).map_err(PlaceError::Invalid)?;
        t.parse = start.elapsed();
        let start = Instant::now();
        let problem = crate::problem::validate(raw).map_err(|e| PlaceError::Invalid(e.to_string()))?;
        t.validate = start.elapsed();
        let result = run(&problem, options, &mut t)?;
        let start = Instant::now();
        let mut bytes =
            serde_json::to_vec(&result).map_err(|e| PlaceError::Internal(format!("writing the result: {e}")))?;
        bytes.push(b'\n');
        t.write += start.elapsed();
        Ok((bytes, t))
    })
}

/// Solves an in-memory instance and returns the typed result.
pub fn place_instance(instance: &Instance, options: &PlaceOptions) -> Result<PlacementResult, PlaceError> {
    guard(|| {
        let problem = Problem::from_instance(instance).map_err(|e| PlaceError::Invalid(e.to_string()))?;
        run(&problem, options, &mut Timings::default())
    })
}

/// Solves a validated problem and returns the typed result.
pub fn place_problem(problem: &Problem, options: &PlaceOptions) -> Result<PlacementResult, PlaceError> {
    guard(|| run(problem, options, &mut Timings::default()))
}

/// A bug must not take the process down with a panic message: report it as an internal error.
fn guard<T>(f: impl FnOnce() -> Result<T, PlaceError>) -> Result<T, PlaceError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".to_string());
            Err(PlaceError::Internal(format!("engine failure: {what}")))
        }
    }
}

/// Solves, checks and builds the result.
fn run(p: &Problem, options: &PlaceOptions, t: &mut Timings) -> Result<PlacementResult, PlaceError> {
    let start = Instant::now();
    let (placement, relaxation, stable_search) = match options.mode {
        Mode::Stable => {
            let out = stable::solve(p, options.proposer, &StableLimits::default());
            let search = (p.num_couples() > 0).then_some(StableSearch { rounds: out.rounds, exhausted: out.exhausted });
            (out.placement, None, search)
        }
        Mode::Welfare => {
            let out = optimise::solve(p, Objective::Welfare);
            (out.placement, out.relaxation, None)
        }
        Mode::RankMaximal => {
            let out = optimise::solve(p, Objective::RankMaximal);
            (out.placement, out.relaxation, None)
        }
    };
    t.solve = start.elapsed();
    let start = Instant::now();
    let blocking_pairs = verified_blocking_pairs(p, &placement)?;
    t.check = start.elapsed();
    let start = Instant::now();
    let result = result::build(
        p,
        &placement,
        Facts {
            mode: options.mode,
            proposer: (options.mode == Mode::Stable).then(|| options.proposer.as_str()),
            blocking_pairs,
            relaxation,
            stable_search,
            explain: options.explain,
        },
    );
    t.write = start.elapsed();
    Ok(result)
}

fn verified_blocking_pairs(p: &Problem, placement: &Placement) -> Result<u64, PlaceError> {
    check::verify(p, placement).map_err(|e| PlaceError::Internal(format!("infeasible result: {e}")))?;
    Ok(check::blocking_pairs(p, placement))
}
