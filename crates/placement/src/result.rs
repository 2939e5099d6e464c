//! The result file (`kakehashi-placement-result/1`) and how it is built from a placement.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::check::Assignees;
use crate::cli::Mode;
use crate::optimise::Value;
use crate::placement::Placement;
use crate::problem::{NONE, Problem};

/// A result file. Field order is the serialisation order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementResult {
    pub format: String,
    pub mode: String,
    /// Stable mode only: who proposed (`candidates` or `organisations`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposer: Option<String>,
    pub assignments: Vec<Assignment>,
    pub unassigned: Vec<String>,
    pub stable: bool,
    pub blocking_pairs: u64,
    pub summary: Summary,
    /// Set when the result falls short of what the mode promises (no stable placement found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanations: Option<Explanations>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub candidate: String,
    pub organisation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub candidates: u64,
    pub placed: u64,
    pub seats: u64,
    /// `rank_histogram[r - 1]`: candidates placed at their r-th choice (couple members at their
    /// couple's r-th pair). As long as the longest list.
    pub rank_histogram: Vec<u64>,
    /// Sum of placed candidates' ranks.
    pub rank_sum: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub couples: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub couples_placed: Option<u64>,
    /// Welfare and rank-maximal modes with couples: the relaxation's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relaxation_bound: Option<Bound>,
    /// Welfare and rank-maximal modes: whether the placement is proven optimal (always without
    /// couples; with couples when it meets the relaxation bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proven_optimal: Option<bool>,
    /// Stable mode with couples: how the search went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stable_search: Option<StableSearch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub placed: u64,
    pub rank_sum: u64,
    pub rank_histogram: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StableSearch {
    pub rounds: u32,
    pub exhausted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub organisation: String,
    pub reason: String,
}

/// Explanations by candidate id, in candidate order (a JSON object whose key order is kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanations(pub Vec<(String, Vec<Explanation>)>);

impl Serialize for Explanations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Explanations {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Explanations;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of explanations by candidate id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Explanations, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(Explanations(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Everything the result needs besides the placement.
pub(crate) struct Facts {
    pub mode: Mode,
    pub proposer: Option<&'static str>,
    pub blocking_pairs: u64,
    pub relaxation: Option<Value>,
    pub stable_search: Option<StableSearch>,
    pub explain: bool,
}

pub(crate) fn build(p: &Problem, placement: &Placement, facts: Facts) -> PlacementResult {
    let n = p.num_candidates();
    let value = crate::optimise::value(p, placement);
    let mut assignments = Vec::with_capacity(value.placed as usize);
    let mut unassigned = Vec::new();
    for c in 0..n {
        match placement.organisation(p, c) {
            Some(o) => assignments.push(Assignment {
                candidate: p.candidate_id(c).to_string(),
                organisation: p.organisation_id(o).to_string(),
            }),
            None => unassigned.push(p.candidate_id(c).to_string()),
        }
    }
    let couples = p.num_couples() as u64;
    let couples_placed =
        (0..p.num_couples()).filter(|&k| placement.edge[p.couple_members[k][0] as usize] != NONE).count() as u64;
    let optimising = matches!(facts.mode, Mode::Welfare | Mode::RankMaximal);
    let proven_optimal = optimising.then(|| match &facts.relaxation {
        None => true,
        Some(bound) => match facts.mode {
            Mode::RankMaximal => bound.histogram == value.histogram,
            _ => bound.placed == value.placed && bound.rank_sum == value.rank_sum,
        },
    });
    let note = match &facts.stable_search {
        Some(s) if facts.blocking_pairs > 0 => Some(format!(
            "no stable placement found (search stopped after {} rounds{}); this is the placement with the fewest blocking pairs found",
            s.rounds,
            if s.exhausted { " at its bound" } else { "" }
        )),
        _ => None,
    };
    let explanations = facts.explain.then(|| explain(p, placement, facts.mode));
    PlacementResult {
        format: crate::instance::RESULT_FORMAT.to_string(),
        mode: facts.mode.to_string(),
        proposer: facts.proposer.map(str::to_string),
        assignments,
        unassigned,
        stable: facts.blocking_pairs == 0,
        blocking_pairs: facts.blocking_pairs,
        summary: Summary {
            candidates: n as u64,
            placed: value.placed,
            seats: p.seats(),
            rank_histogram: value.histogram,
            rank_sum: value.rank_sum,
            couples: (couples > 0).then_some(couples),
            couples_placed: (couples > 0).then_some(couples_placed),
            relaxation_bound: facts.relaxation.map(|b| Bound {
                placed: b.placed,
                rank_sum: b.rank_sum,
                rank_histogram: b.histogram,
            }),
            proven_optimal,
            stable_search: facts.stable_search,
        },
        note,
        explanations,
    }
}

/// For every unplaced candidate, why each organisation it ranked did not take it; for every
/// placed candidate, the same for each organisation it ranked above its placement.
fn explain(p: &Problem, placement: &Placement, mode: Mode) -> Explanations {
    let asg = Assignees::new(p, &placement.edge);
    let mut out = Vec::new();
    let mut orgs: Vec<u32> = Vec::new();
    for c in 0..p.num_candidates() {
        orgs.clear();
        let e = placement.edge[c];
        match p.couple_of(c) {
            None => {
                let list = &p.list[p.list_off[c] as usize..p.list_off[c + 1] as usize];
                let upto = if e == NONE { list.len() } else { p.edge_rank[e as usize] as usize - 1 };
                orgs.extend_from_slice(&list[..upto]);
            }
            Some(k) => {
                let t = usize::from(p.couple_members[k][1] as usize == c);
                let all = &p.couple_list[p.couple_list_off[k] as usize..p.couple_list_off[k + 1] as usize];
                let upto = match crate::check::couple_pair(p, &placement.edge, k) {
                    Ok(Some(q)) => p.pair_rank[q] as usize - 1,
                    _ => all.len(),
                };
                for pair in &all[..upto] {
                    // Its own organisation may recur in better pairs (with the partner
                    // elsewhere): that is explained by the partner, not listed here.
                    let o = pair[t];
                    if !orgs.contains(&o) && (e == NONE || p.edge_org[e as usize] != o) {
                        orgs.push(o);
                    }
                }
            }
        }
        if orgs.is_empty() && e != NONE {
            continue;
        }
        let reasons = orgs
            .iter()
            .map(|&o| Explanation {
                organisation: p.organisation_id(o as usize).to_string(),
                reason: reason(p, &asg, c, o as usize, mode),
            })
            .collect();
        out.push((p.candidate_id(c).to_string(), reasons));
    }
    Explanations(out)
}

fn reason(p: &Problem, asg: &Assignees, c: usize, o: usize, mode: Mode) -> String {
    let Some(e) = p.find_edge(c, o as u32) else {
        return "does not rank this candidate".to_string();
    };
    let cap = p.org_cap[o];
    if cap == 0 {
        return "has no seats".to_string();
    }
    let pos = p.edge_org_pos[e as usize];
    let full = asg.load(o) >= cap;
    let cutoff = asg.worst(o).map(|w| {
        let we = p.org_edges[p.org_off[o] as usize + w as usize];
        (w, p.edge_org_rank[we as usize])
    });
    if full
        && let Some((w, rank)) = cutoff
        && w < pos
    {
        return format!("full with candidates it ranks higher (cutoff: rank {rank})");
    }
    let opening = match (full, cutoff) {
        (true, Some((_, rank))) => {
            format!("ranks this candidate above its cutoff (rank {rank})")
        }
        _ => "has a free seat".to_string(),
    };
    if p.couple_of(c).is_some() {
        return format!("{opening}, but no pair the couple ranks higher seats both members together");
    }
    match mode {
        Mode::Stable => format!("{opening}: a blocking pair, the placement is not stable"),
        Mode::Welfare => format!(
            "{opening}, but placing this candidate there would leave the welfare optimum (most placed, then lowest rank sum)"
        ),
        Mode::RankMaximal => {
            format!("{opening}, but placing this candidate there would leave the rank-maximal optimum")
        }
    }
}
