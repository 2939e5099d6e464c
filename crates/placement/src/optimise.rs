//! The optimising modes (welfare, rank-maximal) and what they do with couples.
//!
//! Without couples both are exact. With couples the exact problems are NP-hard, so the engine
//! solves the relaxation in which couple members are placed independently (each member's rank
//! at an organisation being that of the best pair putting it there: never worse than the truth,
//! so the relaxation's value bounds every real placement), keeps the couples the relaxation
//! happened to place on one of their pairs, re-solves the single candidates exactly in the seats
//! left, and finally seats any remaining couple on the best pair with two free seats.

use crate::check::couple_pair;
use crate::placement::Placement;
use crate::problem::{NONE, Problem};

/// Which objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Objective {
    Welfare,
    RankMaximal,
}

/// A placement's value: candidates placed, sum of ranks, and how many at each rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub placed: u64,
    pub rank_sum: u64,
    /// `histogram[r - 1]` candidates placed at rank r.
    pub histogram: Vec<u64>,
}

/// An optimising mode's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptimiseOutcome {
    pub placement: Placement,
    /// With couples: the relaxation's value (a bound no placement can beat). None without
    /// couples, where the placement itself is optimal.
    pub relaxation: Option<Value>,
}

fn solver(objective: Objective) -> fn(&Problem, &[bool], &[u32]) -> Vec<u32> {
    match objective {
        Objective::Welfare => crate::welfare::min_cost_max_flow,
        Objective::RankMaximal => crate::rank_maximal::rank_maximal,
    }
}

/// Value of a raw edge vector, each placed candidate counted at its edge's rank (for couple
/// members in the relaxation: the best pair there).
pub(crate) fn relaxed_value(p: &Problem, edge: &[u32]) -> Value {
    let mut v = Value { placed: 0, rank_sum: 0, histogram: vec![0; p.max_rank as usize] };
    for &e in edge {
        if e != NONE {
            let r = p.edge_rank[e as usize];
            v.placed += 1;
            v.rank_sum += u64::from(r);
            if let Some(h) = v.histogram.get_mut(r as usize - 1) {
                *h += 1;
            }
        }
    }
    v
}

/// Value of a feasible placement, couple members counted at their pair's rank.
pub fn value(p: &Problem, placement: &Placement) -> Value {
    let mut v = Value { placed: 0, rank_sum: 0, histogram: vec![0; p.max_rank as usize] };
    for c in 0..p.num_candidates() {
        if let Some(r) = placement.rank(p, c) {
            v.placed += 1;
            v.rank_sum += u64::from(r);
            if let Some(h) = v.histogram.get_mut(r as usize - 1) {
                *h += 1;
            }
        }
    }
    v
}

pub(crate) fn solve(p: &Problem, objective: Objective) -> OptimiseOutcome {
    let solve = solver(objective);
    let n = p.num_candidates();
    let everyone = vec![true; n];
    let relaxed = solve(p, &everyone, &p.org_cap);
    if p.num_couples() == 0 {
        return OptimiseOutcome { placement: Placement::from_edges(relaxed), relaxation: None };
    }
    let bound = relaxed_value(p, &relaxed);

    // Keep couples the relaxation placed on one of their pairs; free every other member.
    let mut edge = vec![NONE; n];
    let mut left = p.org_cap.clone();
    for k in 0..p.num_couples() {
        if let Ok(Some(q)) = couple_pair(p, &relaxed, k) {
            for (t, &m) in p.couple_members[k].iter().enumerate() {
                let e = p.pairs[q][t];
                edge[m as usize] = e;
                left[p.edge_org[e as usize] as usize] -= 1;
            }
        }
    }
    // Singles, exactly, in the seats left.
    let singles: Vec<bool> = (0..n).map(|c| p.is_single(c)).collect();
    let placed_singles = solve(p, &singles, &left);
    for c in 0..n {
        if singles[c] && placed_singles[c] != NONE {
            edge[c] = placed_singles[c];
            left[p.edge_org[placed_singles[c] as usize] as usize] -= 1;
        }
    }
    // Remaining couples: best pair with the seats free.
    for k in 0..p.num_couples() {
        let [a, b] = p.couple_members[k];
        if edge[a as usize] != NONE {
            continue;
        }
        for q in p.couple_pairs(k) {
            let [e0, e1] = p.pairs[q];
            let (o0, o1) = (p.edge_org[e0 as usize] as usize, p.edge_org[e1 as usize] as usize);
            let fits = if o0 == o1 { left[o0] >= 2 } else { left[o0] >= 1 && left[o1] >= 1 };
            if fits {
                left[o0] -= 1;
                left[o1] -= 1;
                edge[a as usize] = e0;
                edge[b as usize] = e1;
                break;
            }
        }
    }
    OptimiseOutcome { placement: Placement::from_edges(edge), relaxation: Some(bound) }
}
