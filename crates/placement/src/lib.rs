//! Placement engine for the JET Programme: places candidates with contracting organisations.
//!
//! Pure: no database, no network, no command-line parsing. The binary (`kakehashi place`) calls
//! [`cli::place`]; everything else is the typed core:
//!
//! - [`Instance`] (the `kakehashi-placement/1` file as owned data) and [`Problem`] (validated,
//!   interned, flat arrays), built with [`Problem::from_json`] or [`Problem::from_instance`];
//! - solvers per mode: [`stable::solve`], [`solve_welfare`], [`solve_rank_maximal`];
//! - [`check::verify`] and [`check::blocking_pairs`]: the engine's own check of a placement;
//! - [`result::PlacementResult`], the `kakehashi-placement-result/1` file;
//! - [`generate`]: JET-like instances for tests and benchmarks.
//!
//! See README.md for the file formats, guarantees and algorithms.

// The engine works on parallel flat arrays indexed by candidate, organisation or edge: index
// loops say that more plainly than zipped iterators.
#![allow(clippy::needless_range_loop)]

pub mod check;
pub mod cli;
pub mod generate;
pub mod instance;
mod optimise;
mod parse;
pub mod placement;
pub mod problem;
mod rank_maximal;
pub mod result;
pub mod stable;
mod welfare;

pub use instance::{Candidate, Couple, INSTANCE_FORMAT, IndexedInstance, Instance, Organisation, RESULT_FORMAT};
pub use optimise::{OptimiseOutcome, Value, value};
pub use placement::Placement;
pub use problem::{Problem, ValidationError};

/// Welfare mode: most candidates placed, then lowest rank sum. Exact without couples; with
/// couples, a placement plus the relaxation's bound.
pub fn solve_welfare(problem: &Problem) -> OptimiseOutcome {
    optimise::solve(problem, optimise::Objective::Welfare)
}

/// Rank-maximal mode: most first choices, then most second choices, and so on. Exact without
/// couples; with couples, a placement plus the relaxation's bound.
pub fn solve_rank_maximal(problem: &Problem) -> OptimiseOutcome {
    optimise::solve(problem, optimise::Objective::RankMaximal)
}
