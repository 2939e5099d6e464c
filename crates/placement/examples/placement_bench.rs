//! Benchmark driver for the placement engine (used by bench/placement/run.sh).
//!
//! ```text
//! placement_bench generate --candidates N --organisations M --choices K
//!                          [--couples-percent P] [--seed S] -o FILE
//! placement_bench place --mode MODE [--proposer P] [--explain] [--repeat R] INSTANCE [-o RESULT]
//! ```
//! `place` does what `kakehashi place` does and prints phase timings (best of R runs, in
//! milliseconds) as one JSON line on stderr.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use placement::cli::{self, Mode, PlaceOptions, Proposer, Timings};
use placement::generate::{self, GenerateOptions};

const PLACES_CSV: &str = include_str!("../../../data/japan-municipalities.csv");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("placement_bench: {message}");
            ExitCode::from(code)
        }
    }
}

type Failure = (u8, String);

fn usage(message: &str) -> Failure {
    (2, message.to_string())
}

fn value<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a str, Failure> {
    *i += 1;
    args.get(*i).map(String::as_str).ok_or_else(|| usage(&format!("{flag} needs a value")))
}

fn number<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, Failure> {
    s.parse().map_err(|_| usage(&format!("{flag}: not a number: {s}")))
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        Some("generate") => generate_cmd(&args[1..]),
        Some("place") => place_cmd(&args[1..]),
        _ => Err(usage("usage: placement_bench generate|place ...")),
    }
}

fn generate_cmd(args: &[String]) -> Result<(), Failure> {
    let mut options = GenerateOptions { candidates: 0, organisations: 0, choices: 10, couples_percent: 0.0, seed: 1 };
    let mut out = None;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--candidates" => options.candidates = number(value(args, &mut i, flag)?, flag)?,
            "--organisations" => options.organisations = number(value(args, &mut i, flag)?, flag)?,
            "--choices" => options.choices = number(value(args, &mut i, flag)?, flag)?,
            "--couples-percent" => options.couples_percent = number(value(args, &mut i, flag)?, flag)?,
            "--seed" => options.seed = number(value(args, &mut i, flag)?, flag)?,
            "-o" => out = Some(value(args, &mut i, flag)?.to_string()),
            _ => return Err(usage(&format!("unknown argument {flag}"))),
        }
        i += 1;
    }
    let places = generate::parse_places_csv(PLACES_CSV).map_err(|e| (1, e.to_string()))?;
    let instance = generate::generate(&options, &places).map_err(|e| (2, e.to_string()))?;
    let bytes = instance.to_json_bytes().map_err(|e| (1, e.to_string()))?;
    write_out(out.as_deref(), &bytes)
}

fn place_cmd(args: &[String]) -> Result<(), Failure> {
    let mut options = PlaceOptions::new(Mode::Stable);
    let mut input = None;
    let mut out = None;
    let mut repeat = 1usize;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--mode" => options.mode = value(args, &mut i, flag)?.parse::<Mode>().map_err(|e| usage(&e.to_string()))?,
            "--proposer" => {
                options.proposer = value(args, &mut i, flag)?.parse::<Proposer>().map_err(|e| usage(&e.to_string()))?
            }
            "--explain" => options.explain = true,
            "--repeat" => repeat = number::<usize>(value(args, &mut i, flag)?, flag)?.max(1),
            "-o" => out = Some(value(args, &mut i, flag)?.to_string()),
            _ if input.is_none() => input = Some(flag.to_string()),
            _ => return Err(usage(&format!("unknown argument {flag}"))),
        }
        i += 1;
    }
    let input = input.ok_or_else(|| usage("no instance given"))?;
    let bytes = if input == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| (1, format!("reading stdin: {e}")))?;
        buf
    } else {
        std::fs::read(&input).map_err(|e| (2, format!("{input}: {e}")))?
    };
    let mut best: Option<Timings> = None;
    let mut result = Vec::new();
    for _ in 0..repeat {
        let (bytes, t) =
            cli::place_with_timings(&bytes, &options).map_err(|e| (e.exit_code(), format!("{input}: {e}")))?;
        result = bytes;
        best = Some(match best {
            None => t,
            Some(b) => Timings {
                parse: b.parse.min(t.parse),
                validate: b.validate.min(t.validate),
                solve: b.solve.min(t.solve),
                check: b.check.min(t.check),
                write: b.write.min(t.write),
            },
        });
    }
    write_out(out.as_deref(), &result)?;
    if let Some(t) = best {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "{{\"parse_ms\":{:.3},\"validate_ms\":{:.3},\"solve_ms\":{:.3},\"check_ms\":{:.3},\"write_ms\":{:.3},\"total_ms\":{:.3}}}",
            ms(t.parse),
            ms(t.validate),
            ms(t.solve),
            ms(t.check),
            ms(t.write),
            ms(t.total())
        );
    }
    Ok(())
}

fn write_out(path: Option<&str>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        None | Some("-") => std::io::stdout().lock().write_all(bytes).map_err(|e| (1, format!("writing stdout: {e}"))),
        Some(p) => std::fs::write(p, bytes).map_err(|e| (1, format!("{p}: {e}"))),
    }
}
