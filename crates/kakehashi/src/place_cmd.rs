//! `kakehashi place` and `kakehashi place-generate`: the placement engine on files. Exit codes:
//! 0 done, 2 invalid input (the message names the path and the reason), 1 internal failure.

use clap::{Args, ValueEnum};
use placement::cli::{Mode, PlaceError, PlaceOptions, Proposer};
use placement::generate::{GenerateOptions, Place};

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    Stable,
    Welfare,
    RankMaximal,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProposerArg {
    Candidates,
    Organisations,
}

#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// `stable` (deferred acceptance; Roth-Peranson with couples), `welfare` (most placed, then
    /// lowest sum of ranks) or `rank-maximal` (most first choices, then second, ...).
    #[arg(long, value_enum)]
    mode: ModeArg,
    /// Who proposes in the stable mode.
    #[arg(long, value_enum, default_value = "candidates")]
    proposer: ProposerArg,
    /// Explain, for every candidate, why better choices did not take them.
    #[arg(long)]
    explain: bool,
    /// The instance file (`kakehashi-placement/1` JSON), or `-` for standard input.
    instance: PathBuf,
    /// Write the result here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 6_000)]
    candidates: usize,
    #[arg(long, default_value_t = 1_500)]
    organisations: usize,
    /// Length of each candidate's list.
    #[arg(long, default_value_t = 10)]
    choices: usize,
    /// Percent of candidates in couples.
    #[arg(long, default_value_t = 0.0)]
    couples_percent: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn write_out(output: Option<&PathBuf>, bytes: &[u8]) -> std::io::Result<()> {
    match output {
        Some(path) => std::fs::write(path, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()
        }
    }
}

pub fn place(args: &PlaceArgs) -> ExitCode {
    let mut input = Vec::new();
    let read = if args.instance.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut input).map(|_| ())
    } else {
        std::fs::read(&args.instance).map(|bytes| input = bytes)
    };
    if let Err(e) = read {
        eprintln!("kakehashi place: {}: {e}", args.instance.display());
        return ExitCode::from(2);
    }
    let options = PlaceOptions {
        mode: match args.mode {
            ModeArg::Stable => Mode::Stable,
            ModeArg::Welfare => Mode::Welfare,
            ModeArg::RankMaximal => Mode::RankMaximal,
        },
        proposer: match args.proposer {
            ProposerArg::Candidates => Proposer::Candidates,
            ProposerArg::Organisations => Proposer::Organisations,
        },
        explain: args.explain,
    };
    match placement::cli::place(&input, &options) {
        Ok(bytes) => match write_out(args.output.as_ref(), &bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kakehashi place: cannot write the result: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e @ PlaceError::Invalid(_)) => {
            eprintln!("kakehashi place: {}: {e}", args.instance.display());
            ExitCode::from(e.exit_code())
        }
        Err(e @ PlaceError::Internal(_)) => {
            eprintln!("kakehashi place: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

pub fn generate(args: &GenerateArgs) -> ExitCode {
    // The same places as the benchmark's: every row of the reference data, prefectures included
    // (prefectural boards of education are contracting organisations too).
    let places: Vec<Place> = match placement::generate::parse_places_csv(domain::geography::REFERENCE_CSV) {
        Ok(places) => places,
        Err(e) => {
            eprintln!("kakehashi place-generate: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = GenerateOptions {
        candidates: args.candidates,
        organisations: args.organisations,
        choices: args.choices,
        couples_percent: args.couples_percent,
        seed: args.seed,
    };
    let instance = match placement::generate::generate(&options, &places) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("kakehashi place-generate: {e}");
            return ExitCode::from(2);
        }
    };
    let bytes = match instance.to_json_bytes() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("kakehashi place-generate: {e}");
            return ExitCode::FAILURE;
        }
    };
    match write_out(args.output.as_ref(), &bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kakehashi place-generate: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}
