//! Stable mode without couples: the theory of deferred acceptance, checked by brute force.

use placement::cli::{self, Mode, PlaceOptions, Proposer};
use proptest::prelude::*;

use super::support::{Matching, Model, Shape, place, random_instance};

fn shape(n: usize, m: usize, cap: usize) -> Shape {
    Shape { candidates: n, organisations: m, max_capacity: cap, couples: 0, density: 70 }
}

/// Does candidate `c` weakly prefer its place in `a` to its place in `b`?
fn weakly_prefers(model: &Model, c: usize, a: &Matching, b: &Matching) -> bool {
    let rank = |m: &Matching| m[c].map_or(usize::MAX, |o| model.cand_rank(c, o).unwrap());
    rank(a) <= rank(b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Deferred acceptance is stable, candidate-optimal (candidate-proposing) and
    /// candidate-pessimal (organisation-proposing), and the rural-hospitals theorem holds.
    #[test]
    fn deferred_acceptance_theory(n in 1usize..=6, m in 1usize..=3, cap in 0usize..=2, seed: u64) {
        let instance = random_instance(shape(n, m, cap), seed);
        let model = Model::new(&instance);
        let stable: Vec<Matching> = model
            .all_matchings()
            .into_iter()
            .filter(|mt| model.blocking_pairs(mt) == 0)
            .collect();
        // Without couples a stable matching always exists.
        prop_assert!(!stable.is_empty());
        let mut results = Vec::new();
        for proposer in [Proposer::Candidates, Proposer::Organisations] {
            let result = place(&instance, Mode::Stable, proposer);
            let mt = model.matching_of(&result);
            prop_assert!(model.feasible(&mt));
            prop_assert_eq!(model.blocking_pairs(&mt), 0);
            prop_assert!(result.stable);
            prop_assert_eq!(result.blocking_pairs, 0);
            prop_assert!(stable.contains(&mt));
            results.push(mt);
        }
        let (best, worst) = (&results[0], &results[1]);
        for other in &stable {
            for c in 0..model.n() {
                prop_assert!(weakly_prefers(&model, c, best, other), "candidate-optimality");
                prop_assert!(weakly_prefers(&model, c, other, worst), "organisation-optimality");
            }
            // Rural hospitals: the same candidates placed, the same fill everywhere.
            let placed = |mt: &Matching| (0..model.n()).filter(|&c| mt[c].is_some()).collect::<Vec<_>>();
            prop_assert_eq!(placed(other), placed(best));
            for o in 0..model.m() {
                prop_assert_eq!(model.assignees(o, other).len(), model.assignees(o, best).len());
            }
        }
    }

    /// Every candidate is in exactly one of `assignments` and `unassigned`, in input order.
    #[test]
    fn every_candidate_once(n in 0usize..=12, m in 0usize..=5, seed: u64) {
        let instance = random_instance(shape(n, m, 3), seed);
        for mode in Mode::ALL {
            let result = place(&instance, mode, Proposer::Candidates);
            let mut seen: Vec<&str> = result
                .assignments
                .iter()
                .map(|a| a.candidate.as_str())
                .chain(result.unassigned.iter().map(String::as_str))
                .collect();
            prop_assert_eq!(seen.len(), n);
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), n);
            prop_assert_eq!(result.summary.candidates as usize, n);
            prop_assert_eq!(result.summary.placed as usize, result.assignments.len());
        }
    }
}

#[test]
fn textbook_example() {
    // Three candidates, two organisations of one seat each.
    let instance: placement::Instance = serde_json::from_str(
        r#"{"format":"kakehashi-placement/1",
            "candidates":[{"id":"a","prefs":["x","y"]},{"id":"b","prefs":["x","y"]},{"id":"c","prefs":["y"]}],
            "organisations":[{"id":"x","capacity":1,"prefs":["b","a"]},{"id":"y","capacity":1,"prefs":["a","c","b"]}]}"#,
    )
    .unwrap();
    let result = place(&instance, Mode::Stable, Proposer::Candidates);
    let pairs: Vec<(&str, &str)> =
        result.assignments.iter().map(|a| (a.candidate.as_str(), a.organisation.as_str())).collect();
    assert_eq!(pairs, vec![("a", "y"), ("b", "x")]);
    assert_eq!(result.unassigned, vec!["c".to_string()]);
    assert_eq!(result.summary.rank_histogram, vec![1, 1]);
    assert_eq!(result.summary.rank_sum, 3);
    assert_eq!(result.summary.seats, 2);
    assert_eq!(result.proposer.as_deref(), Some("candidates"));
}

#[test]
fn deterministic_bytes_on_a_generated_instance() {
    let places =
        placement::generate::parse_places_csv(include_str!("../../../../data/japan-municipalities.csv")).unwrap();
    let instance = placement::generate::generate(
        &placement::generate::GenerateOptions {
            candidates: 600,
            organisations: 150,
            choices: 8,
            couples_percent: 6.0,
            seed: 7,
        },
        &places,
    )
    .unwrap();
    let bytes = instance.to_json_bytes().unwrap();
    for mode in Mode::ALL {
        for proposer in Proposer::ALL {
            let options = PlaceOptions { mode, proposer, explain: true };
            let a = cli::place(&bytes, &options).unwrap();
            let b = cli::place(&bytes, &options).unwrap();
            assert_eq!(a, b, "{mode} {proposer}");
        }
    }
}
