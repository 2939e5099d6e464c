//! Welfare and rank-maximal modes without couples: optimal, by brute force.

use placement::cli::{Mode, Proposer};
use proptest::prelude::*;

use super::support::{Model, Shape, place, random_instance, reference_flow};

fn shape(n: usize, m: usize, cap: usize) -> Shape {
    Shape { candidates: n, organisations: m, max_capacity: cap, couples: 0, density: 75 }
}

/// Lexicographic key for welfare: most placed, then lowest rank sum.
fn welfare_key(v: &(usize, usize, Vec<usize>)) -> (std::cmp::Reverse<usize>, usize) {
    (std::cmp::Reverse(v.0), v.1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn welfare_and_rank_maximal_are_optimal(n in 1usize..=6, m in 1usize..=3, cap in 0usize..=2, seed: u64) {
        let instance = random_instance(shape(n, m, cap), seed);
        let model = Model::new(&instance);
        let all = model.all_matchings();
        let values: Vec<_> = all.iter().map(|mt| model.value(mt)).collect();
        let best_welfare = values.iter().map(welfare_key).min().unwrap();
        let best_signature = values.iter().map(|v| v.2.clone()).max().unwrap();

        let result = place(&instance, Mode::Welfare, Proposer::Candidates);
        let mt = model.matching_of(&result);
        prop_assert!(model.feasible(&mt));
        let v = model.value(&mt);
        prop_assert_eq!(welfare_key(&v), best_welfare);
        prop_assert_eq!(result.summary.placed as usize, v.0);
        prop_assert_eq!(result.summary.rank_sum as usize, v.1);
        prop_assert_eq!(&result.summary.rank_histogram.iter().map(|&x| x as usize).collect::<Vec<_>>(), &v.2);
        prop_assert_eq!(result.summary.proven_optimal, Some(true));
        prop_assert_eq!(result.blocking_pairs, model.blocking_pairs(&mt));

        let result = place(&instance, Mode::RankMaximal, Proposer::Candidates);
        let mt = model.matching_of(&result);
        prop_assert!(model.feasible(&mt));
        prop_assert_eq!(model.value(&mt).2, best_signature);
        prop_assert_eq!(result.blocking_pairs, model.blocking_pairs(&mt));
    }

    /// On larger instances (no brute force), each optimising mode is at least as good as every
    /// other mode's placement by its own measure.
    #[test]
    fn modes_dominate_by_their_own_measure(n in 10usize..=60, m in 2usize..=12, seed: u64) {
        let instance = random_instance(Shape { density: 40, ..shape(n, m, 6) }, seed);
        let model = Model::new(&instance);
        let values: Vec<_> = Mode::ALL
            .iter()
            .map(|&mode| {
                let mt = model.matching_of(&place(&instance, mode, Proposer::Candidates));
                assert!(model.feasible(&mt));
                model.value(&mt)
            })
            .collect();
        let (stable, welfare, rank_max) = (&values[0], &values[1], &values[2]);
        for other in [stable, rank_max] {
            prop_assert!(welfare_key(welfare) <= welfare_key(other));
        }
        for other in [stable, welfare] {
            prop_assert!(rank_max.2 >= other.2);
        }
    }
}

#[test]
fn two_first_choices_beat_a_first_and_a_second() {
    // Two seats, three candidates: a@x + c@y (two first choices, rank sum 2) beats b@x + a@y
    // (rank sum 3) for both modes.
    let instance: placement::Instance = serde_json::from_str(
        r#"{"format":"kakehashi-placement/1",
            "candidates":[{"id":"a","prefs":["x","y"]},{"id":"b","prefs":["x"]},{"id":"c","prefs":["y","x"]}],
            "organisations":[{"id":"x","capacity":1,"prefs":["a","b","c"]},{"id":"y","capacity":1,"prefs":["c","a"]}]}"#,
    )
    .unwrap();
    let welfare = place(&instance, Mode::Welfare, Proposer::Candidates);
    assert_eq!(welfare.summary.placed, 2);
    assert_eq!(welfare.summary.rank_sum, 2);
    let rank_max = place(&instance, Mode::RankMaximal, Proposer::Candidates);
    assert_eq!(rank_max.summary.rank_histogram, vec![2, 0]);
}

#[test]
fn welfare_places_more_than_stable() {
    // x prefers a, who also likes y; only b can take x otherwise. Stable keeps a at x and leaves
    // b out; welfare moves a to y and places b.
    let instance: placement::Instance = serde_json::from_str(
        r#"{"format":"kakehashi-placement/1",
            "candidates":[{"id":"a","prefs":["x","y"]},{"id":"b","prefs":["x"]}],
            "organisations":[{"id":"x","capacity":1,"prefs":["a","b"]},{"id":"y","capacity":1,"prefs":["a"]}]}"#,
    )
    .unwrap();
    let stable = place(&instance, Mode::Stable, Proposer::Candidates);
    assert_eq!(stable.summary.placed, 1);
    let welfare = place(&instance, Mode::Welfare, Proposer::Candidates);
    assert_eq!(welfare.summary.placed, 2);
    assert_eq!(welfare.summary.rank_sum, 3);
    assert!(!welfare.stable);
    assert_eq!(welfare.blocking_pairs, 1);
    // Rank-maximal: one first choice either way (a@x, or b@x with a@y adding a second).
    let rank_max = place(&instance, Mode::RankMaximal, Proposer::Candidates);
    assert_eq!(rank_max.summary.rank_histogram, vec![1, 1]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// Mid-size instances against a plain reference min-cost flow (Bellman–Ford): welfare as
    /// "place everyone who can be, then lowest rank sum", rank-maximal as weights that make one
    /// better rank outweigh any number of worse ones.
    #[test]
    fn match_the_reference_flow(n in 10usize..=50, m in 2usize..=7, seed: u64) {
        let instance = random_instance(Shape { density: 45, ..shape(n, m, 5) }, seed);
        let model = Model::new(&instance);
        let big = (n * m + 1) as i64;
        let reference = reference_flow(&model, |r| r as i64 - big);
        let result = place(&instance, Mode::Welfare, Proposer::Candidates);
        let (placed, sum, _) = model.value(&model.matching_of(&result));
        let (ref_placed, ref_sum, _) = model.value(&reference);
        prop_assert_eq!((placed, sum), (ref_placed, ref_sum));

        let w = (n + 1) as i64;
        let reference = reference_flow(&model, |r| -w.pow((m - r) as u32));
        let result = place(&instance, Mode::RankMaximal, Proposer::Candidates);
        prop_assert_eq!(model.value(&model.matching_of(&result)).2, model.value(&reference).2);
    }
}
