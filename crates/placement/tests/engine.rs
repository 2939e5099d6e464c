//! The placement engine's integration tests: one test binary, modules under `tests/engine/`.
//!
//! Everything here checks the engine against references written independently of it: a model
//! of the instance built from the ids in the file, a brute-force enumeration of placements, and
//! a plain blocking-pair checker (`support`).

// Tests may unwrap and panic: a failure is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The references index parallel vectors by candidate and organisation, on purpose plainly.
#![allow(clippy::needless_range_loop)]

// An inline module makes `tests/engine/` the directory of the submodules.
mod engine {
    mod cli;
    mod couples;
    mod generate;
    mod optimise;
    mod stable;
    mod support;
    mod validation;
}
