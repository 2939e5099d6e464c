//! The entry point the binary calls: names, exit codes, result shape, explanations.

use placement::cli::{self, Mode, PlaceError, PlaceOptions, Proposer};
use placement::result::PlacementResult;

#[test]
fn names_round_trip() {
    for mode in Mode::ALL {
        assert_eq!(mode.to_string().parse::<Mode>().unwrap(), mode);
    }
    for proposer in Proposer::ALL {
        assert_eq!(proposer.to_string().parse::<Proposer>().unwrap(), proposer);
    }
    assert_eq!(Mode::RankMaximal.to_string(), "rank-maximal");
    assert_eq!(Proposer::Organisations.to_string(), "organisations");
    assert!("rank_maximal".parse::<Mode>().is_err());
    assert!("".parse::<Proposer>().is_err());
}

#[test]
fn exit_codes() {
    assert_eq!(PlaceError::Invalid(String::new()).exit_code(), 2);
    assert_eq!(PlaceError::Internal(String::new()).exit_code(), 1);
}

const INSTANCE: &str = r#"{"format":"kakehashi-placement/1",
"candidates":[
 {"id":"c1","prefs":["o1","o2"]},
 {"id":"c2","prefs":["o1","o3"]},
 {"id":"c3","prefs":["o1","o2","o3"]},
 {"id":"c4","prefs":["o2"]}],
"organisations":[
 {"id":"o1","capacity":1,"prefs":["c2","c1","c3"]},
 {"id":"o2","capacity":1,"prefs":["c1","c3"]},
 {"id":"o3","capacity":0,"prefs":["c2","c3"]}]}"#;

fn run(mode: Mode, explain: bool) -> (Vec<u8>, PlacementResult) {
    let options = PlaceOptions { mode, proposer: Proposer::Candidates, explain };
    let bytes = cli::place(INSTANCE.as_bytes(), &options).unwrap();
    let result = serde_json::from_slice(&bytes).unwrap();
    (bytes, result)
}

#[test]
fn result_shape() {
    let (bytes, result) = run(Mode::Stable, false);
    assert!(bytes.ends_with(b"}\n"));
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    // serde_json's map is sorted here; the order in the bytes is the struct's.
    for key in ["format", "mode", "proposer", "assignments", "unassigned", "stable", "blocking_pairs", "summary"] {
        assert!(keys.contains(&key), "{key}");
    }
    assert!(!keys.contains(&"explanations"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with(r#"{"format":"kakehashi-placement-result/1","mode":"stable","#));
    assert_eq!(result.format, "kakehashi-placement-result/1");
    // Stable: c2@o1 (o1's favourite), c1@o2, c3 and c4 out.
    let pairs: Vec<(&str, &str)> =
        result.assignments.iter().map(|a| (a.candidate.as_str(), a.organisation.as_str())).collect();
    assert_eq!(pairs, vec![("c1", "o2"), ("c2", "o1")]);
    assert_eq!(result.unassigned, vec!["c3", "c4"]);
    assert!(result.stable);
    assert_eq!(result.summary.seats, 2);
    assert_eq!(result.summary.rank_histogram, vec![1, 1, 0]);
}

#[test]
fn explanations() {
    let (_, result) = run(Mode::Stable, true);
    let explanations = result.explanations.unwrap().0;
    let of = |id: &str| {
        explanations
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, e)| e.iter().map(|x| (x.organisation.as_str(), x.reason.as_str())).collect::<Vec<_>>())
    };
    // c3 is unplaced: every organisation it ranked is explained.
    assert_eq!(
        of("c3").unwrap(),
        vec![
            ("o1", "full with candidates it ranks higher (cutoff: rank 1)"),
            ("o2", "full with candidates it ranks higher (cutoff: rank 1)"),
            ("o3", "has no seats"),
        ]
    );
    // c4 ranked o2, which does not rank c4.
    assert_eq!(of("c4").unwrap(), vec![("o2", "does not rank this candidate")]);
    // c1 is at its second choice: o1 is explained; c2 got its first choice: nothing to say.
    assert_eq!(of("c1").unwrap(), vec![("o1", "full with candidates it ranks higher (cutoff: rank 1)")]);
    assert!(of("c2").is_none());
    // Candidates appear in input order.
    let ids: Vec<&str> = explanations.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(ids, vec!["c1", "c3", "c4"]);
}

#[test]
fn explanations_for_optimising_modes_say_why() {
    // Welfare places two (there are two seats), at rank sum 3; every unplaced candidate is
    // explained, organisation by organisation.
    let (_, result) = run(Mode::Welfare, true);
    assert_eq!(result.summary.placed, 2);
    assert_eq!(result.summary.rank_sum, 3);
    let explanations = result.explanations.unwrap().0;
    for id in &result.unassigned {
        let (_, reasons) = explanations.iter().find(|(c, _)| c == id).unwrap();
        assert!(!reasons.is_empty());
    }
}

#[test]
fn timings_are_reported_but_not_written() {
    let options = PlaceOptions::new(Mode::Welfare);
    let (bytes, timings) = cli::place_with_timings(INSTANCE.as_bytes(), &options).unwrap();
    assert_eq!(bytes, cli::place(INSTANCE.as_bytes(), &options).unwrap());
    assert!(timings.total() >= timings.solve);
    assert!(!String::from_utf8(bytes).unwrap().contains("_ms"));
}

#[test]
fn stdin_style_empty_input_is_invalid() {
    let err = cli::place(b"   ", &PlaceOptions::new(Mode::Stable)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("EOF"), "{err}");
}
