//! The instance generator: deterministic, valid, and JET-like in the ways it promises.

use placement::Problem;
use placement::generate::{self, GenerateOptions, Place};

const CSV: &str = include_str!("../../../../data/japan-municipalities.csv");

fn places() -> Vec<Place> {
    generate::parse_places_csv(CSV).unwrap()
}

fn options(seed: u64) -> GenerateOptions {
    GenerateOptions { candidates: 2000, organisations: 400, choices: 10, couples_percent: 5.0, seed }
}

#[test]
fn places_from_the_reference_csv() {
    let places = places();
    assert_eq!(places.len(), 47 + 1741);
    let mut codes: Vec<u8> = places.iter().map(|p| p.prefecture_code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 47);
    assert_eq!(places.iter().filter(|p| p.urban).count(), 792 + 23);
    assert!(places.iter().all(|p| (24.0..46.0).contains(&p.lat) && (122.0..154.0).contains(&p.lng)));
    assert!(generate::parse_places_csv("kind,region\ncity,Kanto\n").is_err());
}

#[test]
fn deterministic_for_a_seed() {
    let places = places();
    let a = generate::generate(&options(3), &places).unwrap();
    let b = generate::generate(&options(3), &places).unwrap();
    let c = generate::generate(&options(4), &places).unwrap();
    assert_eq!(a.to_json_bytes().unwrap(), b.to_json_bytes().unwrap());
    assert_ne!(a, c);
}

#[test]
fn shape_and_validity() {
    let places = places();
    let generated = generate::generate_detailed(&options(11), &places).unwrap();
    let instance = &generated.instance;
    assert_eq!(instance.candidates.len(), 2000);
    assert_eq!(instance.organisations.len(), 400);
    // 5% of candidates in couples: 50 couples.
    assert_eq!(instance.couples.len(), 50);
    let singles = instance.candidates.iter().filter(|c| !c.prefs.is_empty()).count();
    assert_eq!(singles, 1900);
    assert!(instance.candidates.iter().all(|c| c.prefs.is_empty() || c.prefs.len() == 10));
    // It round-trips through its own file format and validates.
    let bytes = instance.to_json_bytes().unwrap();
    let back: placement::Instance = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(&back, instance);
    Problem::from_json(&bytes).unwrap();
    // Organisations rank mostly those who applied, and find a few unacceptable.
    let applications: usize = instance.candidates.iter().map(|c| c.prefs.len()).sum();
    let ranked: usize = instance.organisations.iter().map(|o| o.prefs.len()).sum();
    assert!(ranked < applications + 50 * 2 * 10);
    assert!(ranked > applications * 9 / 10);
    // Seats: about 0.9 per candidate.
    let seats: i64 = instance.organisations.iter().map(|o| o.capacity).sum();
    assert!((1500..=2100).contains(&seats), "{seats}");
}

#[test]
fn couples_want_one_prefecture() {
    let places = places();
    let generated = generate::generate_detailed(&options(5), &places).unwrap();
    let index = |id: &str| id[1..].parse::<usize>().unwrap() - 1;
    let prefecture = |o: &str| places[generated.organisation_places[index(o)]].prefecture_code;
    let mut same_org = 0;
    for couple in &generated.instance.couples {
        assert!(!couple.prefs.is_empty());
        for pair in &couple.prefs {
            assert_eq!(prefecture(&pair[0]), prefecture(&pair[1]));
            same_org += usize::from(pair[0] == pair[1]);
        }
    }
    assert!(same_org > 0);
}

#[test]
fn popularity_is_skewed_and_favours_urban_places() {
    let places = places();
    let generated = generate::generate_detailed(&options(9), &places).unwrap();
    let instance = &generated.instance;
    let mut listed = vec![0usize; instance.organisations.len()];
    for c in &instance.candidates {
        for o in &c.prefs {
            listed[o[1..].parse::<usize>().unwrap() - 1] += 1;
        }
    }
    let mut sorted = listed.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top_decile: usize = sorted[..40].iter().sum();
    let total: usize = sorted.iter().sum();
    // Zipf-like: the top tenth of organisations gets far more than a tenth of the listings.
    assert!(top_decile * 100 > total * 20, "{top_decile} of {total}");
    assert!(sorted[0] > 5 * sorted[200]);
    let mean = |urban: bool| {
        let (sum, count) = listed
            .iter()
            .enumerate()
            .filter(|(o, _)| places[generated.organisation_places[*o]].urban == urban)
            .fold((0, 0), |(s, n), (_, &x)| (s + x, n + 1));
        sum as f64 / count as f64
    };
    assert!(mean(true) > 1.5 * mean(false), "{} vs {}", mean(true), mean(false));
}

#[test]
fn bad_options_are_refused() {
    let places = places();
    let mut o = options(1);
    o.couples_percent = 120.0;
    assert!(generate::generate(&o, &places).is_err());
    assert!(generate::generate(&options(1), &[]).is_err());
    // Asking for more choices than organisations lists them all.
    let o = GenerateOptions { candidates: 5, organisations: 3, choices: 10, couples_percent: 0.0, seed: 2 };
    let instance = generate::generate(&o, &places).unwrap();
    assert!(instance.candidates.iter().all(|c| c.prefs.len() == 3));
}

/// The instance by index (what the app hands over) validates to the same problem as the instance
/// by ids: the same blocking pairs of the same placement, found the same way.
#[test]
fn an_instance_by_index_is_the_same_problem_as_by_ids() {
    use placement::check::blocking_list;
    use placement::{IndexedInstance, Placement};
    use std::collections::HashMap;
    let instance = generate::generate(&options(5), &places()).unwrap();
    let cand: HashMap<&str, u32> =
        instance.candidates.iter().enumerate().map(|(i, c)| (c.id.as_str(), i as u32)).collect();
    let org: HashMap<&str, u32> =
        instance.organisations.iter().enumerate().map(|(i, o)| (o.id.as_str(), i as u32)).collect();
    let indexed = IndexedInstance {
        candidate_ids: instance.candidates.iter().map(|c| c.id.clone()).collect(),
        candidate_prefs: instance
            .candidates
            .iter()
            .map(|c| c.prefs.iter().map(|o| org[o.as_str()]).collect())
            .collect(),
        organisation_ids: instance.organisations.iter().map(|o| o.id.clone()).collect(),
        capacities: instance.organisations.iter().map(|o| o.capacity).collect(),
        organisation_prefs: instance
            .organisations
            .iter()
            .map(|o| o.prefs.iter().map(|c| cand[c.as_str()]).collect())
            .collect(),
        couples: instance
            .couples
            .iter()
            .map(|k| {
                (
                    [cand[k.members[0].as_str()], cand[k.members[1].as_str()]],
                    k.prefs.iter().map(|p| [org[p[0].as_str()], org[p[1].as_str()]]).collect(),
                )
            })
            .collect(),
    };
    let (by_ids, by_index) = (Problem::from_instance(&instance).unwrap(), Problem::from_indexed(&indexed).unwrap());
    assert_eq!(
        (by_ids.num_candidates(), by_ids.num_edges(), by_ids.num_couples()),
        (by_index.num_candidates(), by_index.num_edges(), by_index.num_couples())
    );
    // A greedy placement of single candidates, every third left out so that pairs block.
    let in_couple: std::collections::HashSet<&str> =
        instance.couples.iter().flat_map(|k| k.members.iter().map(String::as_str)).collect();
    let mut left: Vec<i64> = instance.organisations.iter().map(|o| o.capacity).collect();
    let mut pairs = Vec::new();
    for (ci, c) in
        instance.candidates.iter().enumerate().filter(|(ci, c)| ci % 3 != 0 && !in_couple.contains(c.id.as_str()))
    {
        let accepts = |o: &placement::Organisation| o.prefs.iter().any(|x| x == &c.id);
        if let Some(o) = c
            .prefs
            .iter()
            .map(|o| org[o.as_str()] as usize)
            .find(|&o| left[o] > 0 && accepts(&instance.organisations[o]))
        {
            left[o] -= 1;
            pairs.push((ci, o));
        }
    }
    let a = Placement::from_assignments(
        &by_ids,
        pairs.iter().map(|&(c, o)| (instance.candidates[c].id.as_str(), instance.organisations[o].id.as_str())),
    )
    .unwrap();
    let b = Placement::from_indices(&by_index, pairs.iter().copied()).unwrap();
    let found = blocking_list(&by_ids, &a);
    assert!(!found.is_empty());
    assert_eq!(found, blocking_list(&by_index, &b));
    // An index out of range is refused, naming where.
    let mut bad = indexed.clone();
    bad.candidate_prefs[4].push(10_000);
    let refused = Problem::from_indexed(&bad).unwrap_err().to_string();
    assert!(refused.contains("candidates[4].prefs[") && refused.contains("out of range"), "{refused}");
}
