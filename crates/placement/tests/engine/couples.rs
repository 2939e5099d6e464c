//! Couples: results checked by the independent blocking-pair checker and by brute force.

use placement::cli::{Mode, Proposer};
use proptest::prelude::*;

use super::support::{Model, Shape, place, random_instance};

fn shape(n: usize, m: usize, couples: usize) -> Shape {
    Shape { candidates: n, organisations: m, max_capacity: 2, couples, density: 70 }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the stable engine returns is feasible, its blocking-pair count is the
    /// independent checker's, and "stable" means none.
    #[test]
    fn stable_with_couples_is_checked(n in 2usize..=7, m in 1usize..=3, k in 1usize..=2, seed: u64) {
        let instance = random_instance(shape(n, m, k), seed);
        let model = Model::new(&instance);
        for proposer in Proposer::ALL {
            let result = place(&instance, Mode::Stable, proposer);
            let mt = model.matching_of(&result);
            prop_assert!(model.feasible(&mt));
            let blocking = model.blocking_pairs(&mt);
            prop_assert_eq!(result.blocking_pairs, blocking);
            prop_assert_eq!(result.stable, blocking == 0);
            prop_assert_eq!(result.note.is_some(), blocking > 0);
            let search = result.summary.stable_search.clone().unwrap();
            prop_assert!(search.rounds <= 200);
        }
    }

    /// With couples the optimising modes return a feasible placement between the relaxation's
    /// bound and what brute force finds best.
    #[test]
    fn optimising_with_couples_is_bounded(n in 2usize..=6, m in 1usize..=3, k in 1usize..=2, seed: u64) {
        let instance = random_instance(shape(n, m, k), seed);
        let model = Model::new(&instance);
        let values: Vec<_> = model.all_matchings().iter().map(|mt| model.value(mt)).collect();

        let result = place(&instance, Mode::Welfare, Proposer::Candidates);
        let mt = model.matching_of(&result);
        prop_assert!(model.feasible(&mt));
        let found = model.value(&mt);
        let key = |placed: usize, sum: usize| (std::cmp::Reverse(placed), sum);
        let best = values.iter().map(|v| key(v.0, v.1)).min().unwrap();
        let bound = result.summary.relaxation_bound.clone().unwrap();
        let bound = key(bound.placed as usize, bound.rank_sum as usize);
        prop_assert!(bound <= best, "the relaxation bounds the optimum");
        prop_assert!(best <= key(found.0, found.1));
        prop_assert_eq!(result.summary.proven_optimal, Some(bound == key(found.0, found.1)));
        prop_assert_eq!(result.blocking_pairs, model.blocking_pairs(&mt));

        let result = place(&instance, Mode::RankMaximal, Proposer::Candidates);
        let mt = model.matching_of(&result);
        prop_assert!(model.feasible(&mt));
        let found = model.value(&mt).2;
        let best = values.iter().map(|v| v.2.clone()).max().unwrap();
        let bound: Vec<usize> = result
            .summary
            .relaxation_bound
            .clone()
            .unwrap()
            .rank_histogram
            .iter()
            .map(|&x| x as usize)
            .collect();
        prop_assert!(bound >= best);
        prop_assert!(best >= found);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The engine's own check agrees with the independent one on every feasible placement of
    /// small instances with couples, not only on the engine's answers.
    #[test]
    fn engine_check_agrees_on_every_placement(n in 2usize..=6, m in 1usize..=3, k in 1usize..=2, seed: u64) {
        let instance = random_instance(shape(n, m, k), seed);
        let model = Model::new(&instance);
        let problem = placement::Problem::from_instance(&instance).unwrap();
        for mt in model.all_matchings() {
            let placement = placement::Placement::from_assignments(
                &problem,
                (0..model.n()).filter_map(|c| {
                    mt[c].map(|o| (model.cand_ids[c].as_str(), model.org_ids[o].as_str()))
                }),
            )
            .unwrap();
            prop_assert!(placement::check::verify(&problem, &placement).is_ok());
            prop_assert_eq!(
                placement::check::blocking_pairs(&problem, &placement),
                model.blocking_pairs(&mt)
            );
        }
    }
}

/// On a fixed set of small instances, the engine finds a stable placement nearly whenever one
/// exists (couples can make it hard; the bound is deliberately not 100%).
#[test]
fn finds_stable_placements_when_they_exist() {
    let (mut exist, mut found) = (0, 0);
    for seed in 0..400u64 {
        // Tight: few seats, many couples, long lists.
        let n = 4 + (seed % 4) as usize;
        let instance = random_instance(
            Shape {
                max_capacity: 1 + (seed % 2) as usize,
                density: 90,
                ..shape(n, 2 + (seed % 2) as usize, 1 + (seed % 3) as usize)
            },
            seed,
        );
        let model = Model::new(&instance);
        let any_stable = model.all_matchings().iter().any(|mt| model.blocking_pairs(mt) == 0);
        let result = place(&instance, Mode::Stable, Proposer::Candidates);
        if any_stable {
            exist += 1;
            if result.stable {
                found += 1;
            }
        } else {
            assert!(!result.stable, "seed {seed}: claims stable where none exists");
        }
    }
    eprintln!("stable placements exist in {exist} of 400 instances; found in {found}");
    assert!(exist > 300, "too few instances with a stable placement: {exist}");
    assert!(exist < 400, "no instance without a stable placement: the test is too easy");
    assert!(found * 100 >= exist * 95, "found {found} of {exist}");
}

/// The classic instance with no stable placement: the engine says so, quickly, and returns
/// its best placement with its blocking pairs counted.
#[test]
fn no_stable_placement_is_reported() {
    let instance: placement::Instance = serde_json::from_str(
        r#"{"format":"kakehashi-placement/1",
            "candidates":[{"id":"m1","prefs":[]},{"id":"m2","prefs":[]},{"id":"s","prefs":["h1","h2"]}],
            "organisations":[{"id":"h1","capacity":1,"prefs":["m1","s"]},{"id":"h2","capacity":1,"prefs":["s","m2"]}],
            "couples":[{"members":["m1","m2"],"prefs":[["h1","h2"]]}]}"#,
    )
    .unwrap();
    let model = Model::new(&instance);
    assert!(model.all_matchings().iter().all(|mt| model.blocking_pairs(mt) > 0));
    for proposer in Proposer::ALL {
        let result = place(&instance, Mode::Stable, proposer);
        assert!(!result.stable);
        assert_eq!(result.blocking_pairs, 1);
        assert!(result.note.as_deref().unwrap().contains("no stable placement"));
        let mt = model.matching_of(&result);
        assert_eq!(model.blocking_pairs(&mt), 1);
    }
}

/// A couple that wants two seats at one organisation gets them, displacing lower-ranked singles.
#[test]
fn couple_takes_two_seats_at_one_organisation() {
    let instance: placement::Instance = serde_json::from_str(
        r#"{"format":"kakehashi-placement/1",
            "candidates":[{"id":"a","prefs":["x","y"]},{"id":"b","prefs":["x","y"]},{"id":"p","prefs":[]},{"id":"q","prefs":[]}],
            "organisations":[{"id":"x","capacity":2,"prefs":["p","q","a","b"]},{"id":"y","capacity":2,"prefs":["a","b"]}],
            "couples":[{"members":["p","q"],"prefs":[["x","x"]]}]}"#,
    )
    .unwrap();
    let result = place(&instance, Mode::Stable, Proposer::Candidates);
    assert!(result.stable);
    let pairs: Vec<(&str, &str)> =
        result.assignments.iter().map(|a| (a.candidate.as_str(), a.organisation.as_str())).collect();
    assert_eq!(pairs, vec![("a", "y"), ("b", "y"), ("p", "x"), ("q", "x")]);
    assert_eq!(result.summary.couples, Some(1));
    assert_eq!(result.summary.couples_placed, Some(1));
    assert_eq!(result.summary.rank_histogram, vec![2, 2]);
}
